/* Every read method of zks_provider and zks_eth_rpc against the local devnet
 * (tests/devnet). Runs only when ZKS_DEVNET_STATE names a devnet state file
 * (tests/suites/provider.sh starts one); otherwise it reports 0 0. */
#include <ctype.h>
#include <strings.h>
#include <cjson/cJSON.h>

#include "harness.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static int digits(const char *s)
{
    if (*s == '\0') return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static void lower(char *d, const char *s)
{
    for (; *s; s++) *d++ = (char)tolower((unsigned char)*s);
    *d = '\0';
}

static void zksync_reads(zks_provider *p, const cJSON *state)
{
    const char *main_c = cJSON_GetObjectItemCaseSensitive(state, "mainContract")->valuestring;
    const cJSON *acc0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(state, "accounts"), 0);
    char addr[64];
    lower(addr, cJSON_GetObjectItemCaseSensitive(acc0, "address")->valuestring);

    zks_contract_address ca;
    ZT_CHECK_STATUS(zks_provider_contract_address(p, &ca), ZKS_OK);
    ZT_CHECK(strcasecmp(ca.main_contract, main_c) == 0);
    zks_token_list *tl = NULL;
    ZT_CHECK_STATUS(zks_provider_tokens(p, &tl), ZKS_OK);
    ZT_CHECK(zks_token_list_count(tl) >= 2);
    zks_token t;
    ZT_CHECK_STATUS(zks_token_list_get(tl, 0, &t), ZKS_OK);
    ZT_CHECK(t.id == 0 && strcmp(t.symbol, "ETH") == 0 && t.decimals == 18);
    zks_token_list_free(tl);
    ZT_CHECK_STATUS(zks_provider_resolve_token(p, "dai", &t), ZKS_OK);
    ZT_CHECK(t.id == 1);

    zks_account *a = NULL;
    ZT_CHECK_STATUS(zks_provider_account_info(p, addr, &a), ZKS_OK);
    zks_account_info ai;
    ZT_CHECK_STATUS(zks_account_get_info(a, &ai), ZKS_OK);
    ZT_CHECK(strcasecmp(ai.address, addr) == 0);
    ZT_CHECK(strncmp(ai.committed_pub_key_hash, "sync:", 5) == 0);
    zks_account_free(a);

    zks_fee fee;
    ZT_CHECK_STATUS(zks_provider_get_tx_fee(p, "Transfer", addr, "ETH", &fee), ZKS_OK);
    ZT_CHECK(digits(fee.total_fee) && fee.fee_type[0] != 0);
    ZT_CHECK_STATUS(zks_provider_get_tx_fee(p, "ChangePubKey:ECDSA", addr, "0", &fee), ZKS_OK);
    ZT_CHECK(digits(fee.total_fee));
    const char *types[2] = {"Transfer", "Withdraw"};
    const char *addrs[2] = {addr, addr};
    char total[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_txs_batch_fee_in_wei(p, types, addrs, 2, "ETH", total), ZKS_OK);
    ZT_CHECK(digits(total));
    char price[ZKS_RPC_PRICE_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_token_price(p, "ETH", price), ZKS_OK);
    ZT_CHECK(price[0] != 0);
    uint64_t conf = 99;
    ZT_CHECK_STATUS(zks_provider_get_confirmations_for_eth_op_amount(p, &conf), ZKS_OK);
    char ver[ZKS_RPC_SHORT_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_zksync_version(p, ver), ZKS_OK);
    ZT_CHECK_STR(ver, "contracts-6");
    const char *h = "sync-tx:0000000000000000000000000000000000000000000000000000000000000001";
    zks_tx_info ti;
    ZT_CHECK_STATUS(zks_provider_tx_info(p, h, &ti), ZKS_OK);
    ZT_CHECK(ti.executed == 0 && ti.has_block == 0);
    zks_status st = zks_provider_ethop_info(p, 0, &ti);
    ZT_CHECK(st == ZKS_OK);
    char eh[ZKS_HASH_HEX_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_eth_tx_for_withdrawal(p, h, eh), ZKS_ERR_NOT_FOUND);
    zks_nft nft;
    st = zks_provider_get_nft(p, 65536, &nft);
    ZT_CHECK(st == ZKS_OK || st == ZKS_ERR_NOT_FOUND);
    uint32_t owner;
    st = zks_provider_get_nft_owner(p, 65536, &owner);
    ZT_CHECK(st == ZKS_OK || st == ZKS_ERR_NOT_FOUND);
    ZT_CHECK_STATUS(zks_provider_get_nft_owner(p, 5, &owner), ZKS_ERR_NOT_FOUND);
    uint32_t nid;
    ZT_CHECK_STATUS(zks_provider_get_nft_id_by_tx_hash(p, h, &nid), ZKS_ERR_NOT_FOUND);
    ZT_CHECK_STATUS(zks_provider_wait_tx(p, h, ZKS_WAIT_COMMITTED, 300, 100, &ti), ZKS_ERR_TIMEOUT);
    /* a bad submit is rejected with a typed status, not a crash */
    char out[ZKS_TX_HASH_CHARS + 1];
    st = zks_provider_tx_submit(p, "{\"type\":\"Transfer\"}", NULL, 0, NULL, out);
    ZT_CHECK(st != ZKS_OK && zks_provider_errmsg(p)[0] != 0);
}

static void eth_reads(zks_eth_rpc *e, const cJSON *state)
{
    const cJSON *acc0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(state, "accounts"), 0);
    const char *addr = cJSON_GetObjectItemCaseSensitive(acc0, "address")->valuestring;
    const char *main_c = cJSON_GetObjectItemCaseSensitive(state, "mainContract")->valuestring;
    const char *gov_c = cJSON_GetObjectItemCaseSensitive(state, "govContract")->valuestring;
    uint64_t u = 0;
    ZT_CHECK_STATUS(zks_eth_rpc_chain_id(e, &u), ZKS_OK);
    ZT_CHECK(u == 9);
    ZT_CHECK_STATUS(zks_eth_rpc_block_number(e, &u), ZKS_OK);
    char wei[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_eth_rpc_get_balance(e, addr, NULL, wei), ZKS_OK);
    ZT_CHECK(digits(wei) && strcmp(wei, "0") != 0);
    ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(e, addr, NULL, &u), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_rpc_gas_price(e, wei), ZKS_OK);
    ZT_CHECK(digits(wei));
    char *js = NULL;
    ZT_CHECK_STATUS(zks_eth_rpc_fee_history(e, 2, NULL, "[50]", &js), ZKS_OK);
    zks_free(js);
    char mf[ZKS_AMOUNT_CHARS + 1], tip[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_eth_rpc_suggest_fees(e, mf, tip), ZKS_OK);
    ZT_CHECK(digits(mf) && digits(tip));
    const char *to = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(state,
                                                                                              "accounts"), 1),
                                                     "address")->valuestring;
    ZT_CHECK_STATUS(zks_eth_rpc_estimate_gas(e, addr, to, "1", NULL, &u), ZKS_OK);
    ZT_CHECK(u == 21000);
    uint8_t buf[64];
    size_t n = 0;
    ZT_CHECK_STATUS(zks_eth_rpc_call(e, NULL, main_c, "0x264c0912", NULL, buf, sizeof buf, &n), ZKS_OK); /* exodusMode() */
    ZT_CHECK(n == 32 && zt_all_zero(buf, 32));
    /* validateTokenAddress(0x..01) reverts with "1i" */
    zks_status st = zks_eth_rpc_call(e, NULL, gov_c,
                                 "0xead317620000000000000000000000000000000000000000000000000000000000000001", NULL,
                                 buf, sizeof buf, &n);
    ZT_CHECK_STATUS(st, ZKS_ERR_L1_REVERT);
    ZT_CHECK_STR(zks_eth_rpc_revert_reason(e), "1i");
    zks_eth_receipt *r = NULL;
    ZT_CHECK_STATUS(zks_eth_rpc_get_receipt(e, "0x1111111111111111111111111111111111111111111111111111111111111111", &r),
                    ZKS_ERR_NOT_FOUND);
}

int main(void)
{
    const char *path = getenv("ZKS_DEVNET_STATE");
    if (path == NULL || path[0] == '\0') {
        ZT_SKIP("ZKS_DEVNET_STATE not set (tests/suites/provider.sh runs this against a devnet)");
        ZT_END();
    }
    char *text = slurp(path);
    cJSON *state = text != NULL ? cJSON_Parse(text) : NULL;
    const cJSON *zu = cJSON_GetObjectItemCaseSensitive(state, "zksyncUrl");
    const cJSON *lu = cJSON_GetObjectItemCaseSensitive(state, "l1Url");
    if (!cJSON_IsString(zu) || !cJSON_IsString(lu)) {
        ZT_CHECK_MSG(0, "bad devnet state file %s", path);
        cJSON_Delete(state);
        ZT_END();
    }
    zks_provider *p = NULL;
    zks_eth_rpc *e = NULL;
    ZT_CHECK_STATUS(zks_provider_new(zu->valuestring, &p), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_rpc_new(lu->valuestring, &e), ZKS_OK);
    if (p != NULL && e != NULL) {
        zksync_reads(p, state);
        eth_reads(e, state);
    }
    zks_provider_free(p);
    zks_eth_rpc_free(e);
    cJSON_Delete(state);
    ZT_END();
}
