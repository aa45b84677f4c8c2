/* libFuzzer target: a hostile JSON-RPC server. The input is a response body;
 * it goes through the envelope parser, then through every typed result
 * parser of lib/provider (zkSync and Ethereum, token price) and the revert
 * decoder; the REST v0.2 envelope parser reads the same bytes. Any
 * crash, leak or sanitizer report is a bug. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "provider/rpc.h"

static void all_parsers(const cJSON *res)
{
    zks_tx_info ti;
    zks_fee fee;
    zks_contract_address ca;
    zks_nft nft;
    zks_token_list *tl = NULL;
    zks_account *acc = NULL;
    zks_eth_receipt *rc = NULL;
    char dec[ZKS_AMOUNT_CHARS + 1], price[ZKS_RPC_PRICE_CHARS + 1];
    uint64_t u;
    (void)zki_parse_tx_info(res, &ti);
    (void)zki_parse_price(res, price, sizeof price);
    (void)zki_parse_ethop_info(res, &ti);
    (void)zki_parse_fee(res, &fee);
    (void)zki_parse_contract_address(res, &ca);
    (void)zki_parse_nft(res, 1, &nft);
    if (zki_parse_tokens(res, &tl) == ZKS_OK) {
        (void)zki_token_list_find(tl, "ETH");
        (void)zki_token_list_find(tl, "1");
        zks_token_list_free(tl);
    }
    if (zki_parse_account(res, &acc) == ZKS_OK) {
        char sym[ZKS_SYMBOL_CHARS + 1];
        for (size_t i = 0; i < zks_account_balance_count(acc, 0); i++)
            if (zks_account_balance_at(acc, 0, i, sym, dec) != ZKS_OK) abort(); /* invariant */
        zks_account_free(acc);
    }
    if (zki_parse_receipt(res, &rc) == ZKS_OK) {
        uint8_t buf[64];
        size_t n;
        zks_eth_receipt_info ri;
        if (zks_eth_receipt_get_info(rc, &ri) != ZKS_OK) abort();
        for (size_t i = 0; i < ri.log_count; i++) {
            zks_status s = zks_eth_receipt_log_data(rc, i, buf, sizeof buf, &n);
            if (s != ZKS_OK && s != ZKS_ERR_BUFFER_SIZE) abort();
        }
        zks_eth_receipt_free(rc);
    }
    (void)zki_hex_quantity_u64(res, &u);
    (void)zki_hex_quantity_dec(res, dec);
    (void)zki_json_amount(res, dec);
    (void)zki_json_u64(res, UINT64_MAX, &u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *root = NULL, *res = NULL, *d = NULL;
    int64_t code;
    char msg[256], reason[128];
    /* the same bytes as a REST v0.2 answer */
    (void)zki_rest_v02_status((const char *)data, size, &code, msg, sizeof msg);
    zks_status st = zki_rpc_parse_response((const char *)data, size, &root, &res, &code, msg, sizeof msg, &d);
    if (st == ZKS_OK) {
        all_parsers(res);
        /* also treat the whole document as a result, and every member of it */
        all_parsers(root);
        const cJSON *it;
        if (cJSON_IsObject(res) || cJSON_IsArray(res)) cJSON_ArrayForEach(it, res) all_parsers(it);
    } else if (st == ZKS_ERR_RPC) {
        (void)zki_rpc_map_zksync(code);
        (void)zki_rpc_map_eth(code, msg);
        zki_rpc_revert_reason(d, msg, reason, sizeof reason);
    }
    cJSON_Delete(root);
    return 0;
}
