/* zks_provider: the zkSync Lite v0.1 JSON-RPC client, its options and
 * reads, and its token cache. Submits and waiting: zksync_submit.c; result
 * objects: results.c. */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sodium.h>

#include "../internal.h"
#include "client.h"
#include "types.h"

#define BEGIN(p) ZKI_RPC_BEGIN(p)
#define FAIL(p, st) ZKI_RPC_RETURN(p, st)

/* ---- object ---- */

zks_status zks_provider_new(const char *url, zks_provider **out)
{
    ZKI_ARG_CHECK(out != NULL);
    void *o = NULL;
    zks_status st = zki_client_new(url, ZKI_RPC_ZKSYNC, sizeof(zks_provider), &o);
    *out = o;
    return st;
}

void zks_provider_free(zks_provider *p)
{
    if (p == NULL) return;
    zki_rpc_deinit(&p->rpc);
    zks_token_list_free(p->tokens);
    zks_free(p);
}

ZKI_CLIENT_OPTIONS(zks_provider, zks_provider)

const char *zks_provider_errdata(const zks_provider *p) { return p != NULL ? p->rpc.last_data : ""; }

void zki_provider_error_save(const zks_provider *p, zki_provider_error *out)
{
    memset(out, 0, sizeof *out);
    if (p == NULL) return;
    out->status = p->rpc.last_status;
    out->code = p->rpc.last_code;
    out->http = p->rpc.last_http;
    memcpy(out->msg, p->rpc.last_msg, sizeof out->msg);
    memcpy(out->data, p->rpc.last_data, sizeof out->data);
}

void zki_provider_error_restore(zks_provider *p, const zki_provider_error *e)
{
    if (p == NULL) return;
    p->rpc.last_status = e->status;
    p->rpc.last_code = e->code;
    p->rpc.last_http = e->http;
    memcpy(p->rpc.last_msg, e->msg, sizeof p->rpc.last_msg);
    memcpy(p->rpc.last_data, e->data, sizeof p->rpc.last_data);
    p->rpc.last_msg[sizeof p->rpc.last_msg - 1] = '\0';
    p->rpc.last_data[sizeof p->rpc.last_data - 1] = '\0';
}

/* ---- input helpers ---- */

/* A valid TokenLike: non-empty, at most 255 bytes, an all-digit id below 2^32. */
static int token_like_ok(const char *t)
{
    if (t == NULL || t[0] == '\0' || strlen(t) > 255) return 0;
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++)
        if (t[i] < '0' || t[i] > '9') return 1;
    return n <= 10 && strtoull(t, NULL, 10) <= UINT32_MAX;
}

/* TokenLike (checked with token_like_ok first): decimal id -> JSON number,
 * anything else -> string. NULL only when an allocation fails. */
static cJSON *token_like(const char *t)
{
    size_t n = strlen(t);
    int digits = 1;
    for (size_t i = 0; i < n; i++)
        if (t[i] < '0' || t[i] > '9') digits = 0;
    if (digits) {
        char buf[16];
        snprintf(buf, sizeof buf, "%llu", strtoull(t, NULL, 10)); /* drops leading zeros */
        return cJSON_CreateRaw(buf);
    }
    return cJSON_CreateString(t);
}

/* ---- raw ---- */

/* A read whose params really are null (contract_address, tokens). */
static zks_status call_null(zks_provider *p, const char *method, int idempotent, cJSON **root, cJSON **res)
{
    return zki_rpc_call(&p->rpc, method, NULL, idempotent, root, res, NULL);
}

/* ---- reads ---- */

zks_status zks_provider_account_info(zks_provider *p, const char *address, zks_account **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    BEGIN(p);
    if (!zki_address_ok(address)) FAIL(p, address == NULL ? ZKS_ERR_INVALID_ARG : ZKS_ERR_INVALID_ADDRESS);
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "account_info", zki_params(1, cJSON_CreateString(address), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_account(res, out);
        if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&p->rpc, "account_info");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_ethop_info(zks_provider *p, uint64_t serial_id, zks_tx_info *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    BEGIN(p);
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "ethop_info", zki_params(1, zki_u64_raw(serial_id), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_ethop_info(res, out);
        if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&p->rpc, "ethop_info");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_tx_info(zks_provider *p, const char *tx_hash, zks_tx_info *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    BEGIN(p);
    if (!zki_zk_hash_ok(tx_hash)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "tx_info", zki_params(1, cJSON_CreateString(tx_hash), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_tx_info(res, out);
        if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&p->rpc, "tx_info");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_contract_address(zks_provider *p, zks_contract_address *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    BEGIN(p);
    cJSON *root, *res;
    zks_status st = call_null(p, "contract_address", 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_contract_address(res, out);
        if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&p->rpc, "contract_address");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

static zks_status fetch_tokens(zks_provider *p, zks_token_list **out)
{
    cJSON *root, *res;
    zks_status st = call_null(p, "tokens", 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_tokens(res, out);
        if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&p->rpc, "tokens");
        cJSON_Delete(root);
    }
    return st;
}

static zks_status copy_list(const zks_token_list *src, zks_token_list **out)
{
    zks_token_list *l = zki_calloc(1, sizeof *l);
    if (l == NULL) return ZKS_ERR_NOMEM;
    if (src->count > 0) {
        l->items = zki_calloc(src->count, sizeof *l->items);
        if (l->items == NULL) {
            zks_free(l);
            return ZKS_ERR_NOMEM;
        }
        memcpy(l->items, src->items, src->count * sizeof *l->items);
    }
    l->count = src->count;
    *out = l;
    return ZKS_OK;
}

zks_status zks_provider_tokens(zks_provider *p, zks_token_list **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    BEGIN(p);
    zks_token_list *l = NULL;
    zks_status st = fetch_tokens(p, &l);
    if (st == ZKS_OK) {
        zks_token_list *cache = NULL;
        if (copy_list(l, &cache) == ZKS_OK) { /* a failed cache copy only loses the cache */
            zks_token_list_free(p->tokens);
            p->tokens = cache;
        }
        *out = l;
    }
    FAIL(p, st);
}

zks_status zks_provider_refresh_tokens(zks_provider *p)
{
    BEGIN(p);
    zks_token_list *l = NULL;
    zks_status st = fetch_tokens(p, &l);
    if (st == ZKS_OK) {
        zks_token_list_free(p->tokens);
        p->tokens = l;
    }
    FAIL(p, st);
}

zks_status zks_provider_resolve_token(zks_provider *p, const char *token, zks_token *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    BEGIN(p);
    if (token == NULL || token[0] == '\0') FAIL(p, ZKS_ERR_INVALID_ARG);
    if (p->tokens == NULL) {
        zks_status st = fetch_tokens(p, &p->tokens);
        if (st != ZKS_OK) FAIL(p, st);
    }
    const zks_token *t = zki_token_list_find(p->tokens, token);
    if (t == NULL) {
        zki_rpc_note(&p->rpc, "unknown token");
        FAIL(p, ZKS_ERR_NOT_FOUND);
    }
    *out = *t;
    FAIL(p, ZKS_OK);
}

/* tx_type names go as strings; "ChangePubKey:X" becomes {"ChangePubKey":"X"}; '{' is raw JSON. */
static cJSON *fee_type_json(const char *t)
{
    if (t == NULL || t[0] == '\0' || strlen(t) > 255) return NULL;
    if (t[0] == '{') {
        cJSON *o = cJSON_Parse(t);
        if (o != NULL && !cJSON_IsObject(o)) {
            cJSON_Delete(o);
            o = NULL;
        }
        return o;
    }
    if (strncmp(t, "ChangePubKey:", 13) == 0 && t[13] != '\0') {
        cJSON *o = cJSON_CreateObject();
        if (o != NULL && cJSON_AddStringToObject(o, "ChangePubKey", t + 13) == NULL) {
            cJSON_Delete(o);
            o = NULL;
        }
        return o;
    }
    return cJSON_CreateString(t);
}

zks_status zks_provider_get_tx_fee(zks_provider *p, const char *tx_type, const char *address, const char *token,
                                   zks_fee *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    BEGIN(p);
    if (!zki_address_ok(address)) FAIL(p, address == NULL ? ZKS_ERR_INVALID_ARG : ZKS_ERR_INVALID_ADDRESS);
    if (!token_like_ok(token)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *ft = fee_type_json(tx_type);
    if (ft == NULL) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *tl = token_like(token);
    if (tl == NULL) {
        cJSON_Delete(ft);
        FAIL(p, ZKS_ERR_NOMEM);
    }
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "get_tx_fee", zki_params(3, ft, cJSON_CreateString(address), tl), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_fee(res, out);
        if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&p->rpc, "get_tx_fee");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_get_txs_batch_fee_in_wei(zks_provider *p, const char *const *tx_types,
                                                 const char *const *addresses, size_t count, const char *token,
                                                 char out_total_fee[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_total_fee != NULL);
    memset(out_total_fee, 0, ZKS_AMOUNT_CHARS + 1);
    BEGIN(p);
    if (count == 0 || count > 10000 || tx_types == NULL || addresses == NULL) FAIL(p, ZKS_ERR_INVALID_ARG);
    for (size_t i = 0; i < count; i++) {
        if (tx_types[i] == NULL) FAIL(p, ZKS_ERR_INVALID_ARG);
        if (!zki_address_ok(addresses[i])) FAIL(p, addresses[i] == NULL ? ZKS_ERR_INVALID_ARG : ZKS_ERR_INVALID_ADDRESS);
    }
    if (!token_like_ok(token)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *types = cJSON_CreateArray(), *addrs = cJSON_CreateArray(), *tl = token_like(token);
    zks_status bst = (types != NULL && addrs != NULL && tl != NULL) ? ZKS_OK : ZKS_ERR_NOMEM;
    for (size_t i = 0; bst == ZKS_OK && i < count; i++) {
        /* each item is owned by its array as soon as it exists, so none leaks */
        cJSON *t = fee_type_json(tx_types[i]);
        if (t == NULL) bst = ZKS_ERR_INVALID_ARG; /* bad type name or JSON */
        else if (!cJSON_AddItemToArray(types, t)) {
            cJSON_Delete(t);
            bst = ZKS_ERR_NOMEM;
        }
        cJSON *a = bst == ZKS_OK ? cJSON_CreateString(addresses[i]) : NULL;
        if (bst == ZKS_OK && (a == NULL || !cJSON_AddItemToArray(addrs, a))) {
            cJSON_Delete(a);
            bst = ZKS_ERR_NOMEM;
        }
    }
    if (bst != ZKS_OK) {
        cJSON_Delete(types);
        cJSON_Delete(addrs);
        cJSON_Delete(tl);
        FAIL(p, bst);
    }
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "get_txs_batch_fee_in_wei", zki_params(3, types, addrs, tl), 1, &root, &res);
    if (st == ZKS_OK) {
        if (!cJSON_IsObject(res) ||
            zki_json_amount(cJSON_GetObjectItemCaseSensitive(res, "totalFee"), out_total_fee) != 0)
            st = zki_client_parse_fail(&p->rpc, "get_txs_batch_fee_in_wei");
        cJSON_Delete(root);
    }
    if (st != ZKS_OK) memset(out_total_fee, 0, ZKS_AMOUNT_CHARS + 1);
    FAIL(p, st);
}

zks_status zks_provider_get_token_price(zks_provider *p, const char *token, char out_price[ZKS_RPC_PRICE_CHARS + 1])
{
    ZKI_ARG_CHECK(out_price != NULL);
    memset(out_price, 0, ZKS_RPC_PRICE_CHARS + 1);
    BEGIN(p);
    if (!token_like_ok(token)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "get_token_price", zki_params(1, token_like(token), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_price(res, out_price, ZKS_RPC_PRICE_CHARS + 1);
        if (st != ZKS_OK) zki_client_parse_fail(&p->rpc, "get_token_price");
        cJSON_Delete(root);
    }
    if (st != ZKS_OK) memset(out_price, 0, ZKS_RPC_PRICE_CHARS + 1);
    FAIL(p, st);
}

zks_status zks_provider_get_confirmations_for_eth_op_amount(zks_provider *p, uint64_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    BEGIN(p);
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "get_confirmations_for_eth_op_amount", cJSON_CreateArray(), 1, &root, &res);
    if (st == ZKS_OK) {
        if (zki_json_u64(res, UINT64_MAX, out) != 0) st = zki_client_parse_fail(&p->rpc, "get_confirmations_for_eth_op_amount");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_get_eth_tx_for_withdrawal(zks_provider *p, const char *tx_hash,
                                                  char out_eth_hash[ZKS_HASH_HEX_CHARS + 1])
{
    ZKI_ARG_CHECK(out_eth_hash != NULL);
    memset(out_eth_hash, 0, ZKS_HASH_HEX_CHARS + 1);
    BEGIN(p);
    if (!zki_zk_hash_ok(tx_hash)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *root, *res;
    zks_status st =
        zki_client_call(&p->rpc, "get_eth_tx_for_withdrawal", zki_params(1, cJSON_CreateString(tx_hash), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        if (cJSON_IsNull(res)) {
            zki_rpc_note(&p->rpc, "no L1 withdrawal transaction yet");
            st = ZKS_ERR_NOT_FOUND;
        } else if (!cJSON_IsString(res) || strlen(res->valuestring) != ZKS_HASH_HEX_CHARS ||
                   strncmp(res->valuestring, "0x", 2) != 0 || !zki_is_hex_n(res->valuestring + 2, 2 * ZKS_ETH_HASH_BYTES)) {
            st = zki_client_parse_fail(&p->rpc, "get_eth_tx_for_withdrawal");
        } else {
            strcpy(out_eth_hash, res->valuestring);
        }
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_get_zksync_version(zks_provider *p, char out_version[ZKS_RPC_SHORT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_version != NULL);
    memset(out_version, 0, ZKS_RPC_SHORT_CHARS + 1);
    BEGIN(p);
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "get_zksync_version", cJSON_CreateArray(), 1, &root, &res);
    if (st == ZKS_OK) {
        if (!cJSON_IsString(res) || strlen(res->valuestring) > ZKS_RPC_SHORT_CHARS)
            st = zki_client_parse_fail(&p->rpc, "get_zksync_version");
        else
            strcpy(out_version, res->valuestring);
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_get_nft(zks_provider *p, uint32_t token_id, zks_nft *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    BEGIN(p);
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "get_nft", zki_params(1, zki_u64_raw(token_id), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        if (cJSON_IsNull(res)) {
            zki_rpc_note(&p->rpc, "Requested NFT doesn't exist or the corresponding mintNFT operation is not verified yet");
            st = ZKS_ERR_NOT_FOUND;
        } else {
            st = zki_parse_nft(res, 1, out);
            if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&p->rpc, "get_nft");
        }
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

static zks_status u32_or_null(zks_provider *p, const char *method, cJSON *params, uint32_t *out)
{
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, method, params, 1, &root, &res);
    if (st == ZKS_OK) {
        uint64_t v;
        if (cJSON_IsNull(res)) {
            zki_rpc_note(&p->rpc, "%s: null", method);
            st = ZKS_ERR_NOT_FOUND;
        } else if (zki_json_u64(res, UINT32_MAX, &v) != 0) {
            st = zki_client_parse_fail(&p->rpc, method);
        } else {
            *out = (uint32_t)v;
        }
        cJSON_Delete(root);
    }
    return st;
}

zks_status zks_provider_get_nft_owner(zks_provider *p, uint32_t token_id, uint32_t *out_account_id)
{
    ZKI_ARG_CHECK(out_account_id != NULL);
    *out_account_id = 0;
    BEGIN(p);
    FAIL(p, u32_or_null(p, "get_nft_owner", zki_params(1, zki_u64_raw(token_id), NULL, NULL), out_account_id));
}

zks_status zks_provider_get_nft_id_by_tx_hash(zks_provider *p, const char *tx_hash, uint32_t *out_token_id)
{
    ZKI_ARG_CHECK(out_token_id != NULL);
    *out_token_id = 0;
    BEGIN(p);
    if (!zki_zk_hash_ok(tx_hash)) FAIL(p, ZKS_ERR_INVALID_ARG);
    FAIL(p, u32_or_null(p, "get_nft_id_by_tx_hash", zki_params(1, cJSON_CreateString(tx_hash), NULL, NULL),
                        out_token_id));
}

zks_status zks_provider_toggle_2fa(zks_provider *p, const char *request_json)
{
    BEGIN(p);
    cJSON *req = request_json != NULL ? cJSON_Parse(request_json) : NULL;
    if (req == NULL || !cJSON_IsObject(req)) {
        cJSON_Delete(req);
        FAIL(p, request_json == NULL ? ZKS_ERR_INVALID_ARG : ZKS_ERR_JSON);
    }
    cJSON *root, *res;
    zks_status st = zki_client_call(&p->rpc, "toggle_2fa", zki_params(1, req, NULL, NULL), 0, &root, &res);
    if (st == ZKS_OK) {
        const cJSON *s = cJSON_IsObject(res) ? cJSON_GetObjectItemCaseSensitive(res, "success") : NULL;
        if (!cJSON_IsBool(s)) {
            st = zki_client_parse_fail(&p->rpc, "toggle_2fa");
        } else if (!cJSON_IsTrue(s)) {
            zki_rpc_note(&p->rpc, "toggle_2fa: success false");
            st = ZKS_ERR_RPC;
        }
        cJSON_Delete(root);
    }
    FAIL(p, st);
}
