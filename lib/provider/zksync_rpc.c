/* zks_provider: the zkSync Lite v0.1 JSON-RPC client, its token cache,
 * safe submits and receipt waiting. Result objects (account, token list). */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sodium.h>

#include "../internal.h"
#include "provider.h"
#include "rpc.h"
#include "types.h"

struct zks_provider {
    zki_rpc rpc;
    zks_token_list *tokens; /* cache; NULL until first use */
};

#define BEGIN(p)                                                               \
    do {                                                                       \
        ZKI_ARG_CHECK((p) != NULL);                                            \
        zki_rpc_begin(&(p)->rpc);                                              \
    } while (0)
#define FAIL(p, st) return zki_rpc_end(&(p)->rpc, (st))

/* ---- object ---- */

zks_status zks_provider_new(const char *url, zks_provider **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    zks_provider *p = zki_calloc(1, sizeof *p);
    if (p == NULL) return ZKS_ERR_NOMEM;
    zks_status st = zki_rpc_init(&p->rpc, url, ZKI_RPC_ZKSYNC);
    if (st != ZKS_OK) {
        zks_free(p);
        return st;
    }
    *out = p;
    return ZKS_OK;
}

void zks_provider_free(zks_provider *p)
{
    if (p == NULL) return;
    zki_rpc_deinit(&p->rpc);
    zks_token_list_free(p->tokens);
    zks_free(p);
}

zks_status zks_provider_set_timeouts(zks_provider *p, uint32_t connect_ms, uint32_t total_ms)
{
    ZKI_ARG_CHECK(p != NULL);
    return zki_rpc_set_timeouts(&p->rpc, connect_ms, total_ms);
}

zks_status zks_provider_set_max_response(zks_provider *p, size_t max_bytes)
{
    ZKI_ARG_CHECK(p != NULL);
    return zki_rpc_set_max_response(&p->rpc, max_bytes);
}

zks_status zks_provider_set_user_agent(zks_provider *p, const char *ua)
{
    ZKI_ARG_CHECK(p != NULL);
    return zki_rpc_set_user_agent(&p->rpc, ua);
}

zks_status zks_provider_set_retries(zks_provider *p, uint32_t retries, uint32_t backoff_ms)
{
    ZKI_ARG_CHECK(p != NULL);
    return zki_rpc_set_retries(&p->rpc, retries, backoff_ms);
}

zks_status zks_provider_last_error(const zks_provider *p, int64_t *out_code)
{
    if (out_code != NULL) *out_code = p != NULL ? p->rpc.last_code : 0;
    return p != NULL ? p->rpc.last_status : ZKS_ERR_INVALID_ARG;
}

const char *zks_provider_errmsg(const zks_provider *p) { return p != NULL ? p->rpc.last_msg : ""; }

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

static int is_hex_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return 0;
    }
    return s[n] == '\0';
}

static int address_ok(const char *a)
{
    return a != NULL && a[0] == '0' && (a[1] == 'x' || a[1] == 'X') && strlen(a) == 42 && is_hex_n(a + 2, 40);
}

static int tx_hash_ok(const char *h)
{
    if (h == NULL) return 0;
    if (strncmp(h, "sync-tx:", 8) == 0) return strlen(h) == 72 && is_hex_n(h + 8, 64);
    if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) return strlen(h) == 66 && is_hex_n(h + 2, 64);
    return 0;
}

/* "sync-tx:" + lowercase hex, for comparing hashes in either input form. */
static void tx_hash_norm(char out[ZKS_RPC_TX_HASH_CHARS + 1], const char *h)
{
    const char *hex = strncmp(h, "sync-tx:", 8) == 0 ? h + 8 : h + 2;
    memcpy(out, "sync-tx:", 8);
    for (int i = 0; i < 64; i++) {
        char c = hex[i];
        out[8 + i] = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
    }
    out[72] = '\0';
}

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

static cJSON *u64_raw(uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    return cJSON_CreateRaw(buf);
}

/* Builds a params array from items (each may be NULL = allocation failure). */
static cJSON *params_of(int n, cJSON *a, cJSON *b, cJSON *c)
{
    cJSON *items[3] = {a, b, c};
    cJSON *arr = cJSON_CreateArray();
    int ok = arr != NULL;
    for (int i = 0; i < n; i++) {
        if (ok && items[i] != NULL && cJSON_AddItemToArray(arr, items[i])) continue;
        ok = 0;
        cJSON_Delete(items[i]);
    }
    if (!ok) {
        cJSON_Delete(arr);
        return NULL;
    }
    return arr;
}

/* One read: params are consumed. On ZKS_OK *root and *res are set. params
 * NULL means building them failed (allocation): ZKS_ERR_NOMEM, nothing is
 * sent (never a request with "params":null by accident). Methods whose params
 * really are null use call_null. */
static zks_status call(zks_provider *p, const char *method, cJSON *params, int idempotent, cJSON **root,
                       cJSON **res)
{
    *root = NULL;
    *res = NULL;
    if (params == NULL) return ZKS_ERR_NOMEM;
    zks_status st = zki_rpc_call(&p->rpc, method, params, idempotent, root, res, NULL);
    cJSON_Delete(params);
    return st;
}

static zks_status call_null(zks_provider *p, const char *method, int idempotent, cJSON **root, cJSON **res)
{
    return zki_rpc_call(&p->rpc, method, NULL, idempotent, root, res, NULL);
}

static zks_status parse_fail(zks_provider *p, const char *method)
{
    zki_rpc_note(&p->rpc, "unexpected result shape from %s", method);
    return ZKS_ERR_PARSE;
}

/* ---- raw ---- */

zks_status zks_provider_call_json(zks_provider *p, const char *method, const char *params_json, int32_t idempotent,
                                  char **out_result_json)
{
    ZKI_ARG_CHECK(out_result_json != NULL);
    *out_result_json = NULL;
    BEGIN(p);
    if (method == NULL || method[0] == '\0' || strlen(method) > 256) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *params = NULL;
    if (params_json != NULL) {
        params = cJSON_Parse(params_json);
        if (params == NULL) FAIL(p, ZKS_ERR_JSON);
    }
    cJSON *root, *res;
    zks_status st = params != NULL ? call(p, method, params, idempotent != 0, &root, &res)
                                   : call_null(p, method, idempotent != 0, &root, &res);
    if (st == ZKS_OK) {
        char *s = cJSON_PrintUnformatted(res);
        if (s == NULL) {
            st = ZKS_ERR_NOMEM;
        } else {
            *out_result_json = zki_strdup(s);
            cJSON_free(s);
            if (*out_result_json == NULL) st = ZKS_ERR_NOMEM;
        }
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

/* ---- reads ---- */

zks_status zks_provider_account_info(zks_provider *p, const char *address, zks_account **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    BEGIN(p);
    if (!address_ok(address)) FAIL(p, address == NULL ? ZKS_ERR_INVALID_ARG : ZKS_ERR_INVALID_ADDRESS);
    cJSON *root, *res;
    zks_status st = call(p, "account_info", params_of(1, cJSON_CreateString(address), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_account(res, out);
        if (st == ZKS_ERR_PARSE) parse_fail(p, "account_info");
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
    zks_status st = call(p, "ethop_info", params_of(1, u64_raw(serial_id), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_ethop_info(res, out);
        if (st == ZKS_ERR_PARSE) parse_fail(p, "ethop_info");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_tx_info(zks_provider *p, const char *tx_hash, zks_tx_info *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    BEGIN(p);
    if (!tx_hash_ok(tx_hash)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *root, *res;
    zks_status st = call(p, "tx_info", params_of(1, cJSON_CreateString(tx_hash), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_tx_info(res, out);
        if (st == ZKS_ERR_PARSE) parse_fail(p, "tx_info");
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
        if (st == ZKS_ERR_PARSE) parse_fail(p, "contract_address");
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
        if (st == ZKS_ERR_PARSE) parse_fail(p, "tokens");
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
    if (!address_ok(address)) FAIL(p, address == NULL ? ZKS_ERR_INVALID_ARG : ZKS_ERR_INVALID_ADDRESS);
    if (!token_like_ok(token)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *ft = fee_type_json(tx_type);
    if (ft == NULL) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *tl = token_like(token);
    if (tl == NULL) {
        cJSON_Delete(ft);
        FAIL(p, ZKS_ERR_NOMEM);
    }
    cJSON *root, *res;
    zks_status st = call(p, "get_tx_fee", params_of(3, ft, cJSON_CreateString(address), tl), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_fee(res, out);
        if (st == ZKS_ERR_PARSE) parse_fail(p, "get_tx_fee");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_get_txs_batch_fee_in_wei(zks_provider *p, const char *const *tx_types,
                                                 const char *const *addresses, size_t count, const char *token,
                                                 char out_total_fee[ZKS_RPC_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_total_fee != NULL);
    memset(out_total_fee, 0, ZKS_RPC_AMOUNT_CHARS + 1);
    BEGIN(p);
    if (count == 0 || count > 10000 || tx_types == NULL || addresses == NULL) FAIL(p, ZKS_ERR_INVALID_ARG);
    for (size_t i = 0; i < count; i++) {
        if (tx_types[i] == NULL) FAIL(p, ZKS_ERR_INVALID_ARG);
        if (!address_ok(addresses[i])) FAIL(p, addresses[i] == NULL ? ZKS_ERR_INVALID_ARG : ZKS_ERR_INVALID_ADDRESS);
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
    zks_status st = call(p, "get_txs_batch_fee_in_wei", params_of(3, types, addrs, tl), 1, &root, &res);
    if (st == ZKS_OK) {
        if (!cJSON_IsObject(res) ||
            zki_json_amount(cJSON_GetObjectItemCaseSensitive(res, "totalFee"), out_total_fee) != 0)
            st = parse_fail(p, "get_txs_batch_fee_in_wei");
        cJSON_Delete(root);
    }
    if (st != ZKS_OK) memset(out_total_fee, 0, ZKS_RPC_AMOUNT_CHARS + 1);
    FAIL(p, st);
}

zks_status zks_provider_get_token_price(zks_provider *p, const char *token, char out_price[ZKS_RPC_PRICE_CHARS + 1])
{
    ZKI_ARG_CHECK(out_price != NULL);
    memset(out_price, 0, ZKS_RPC_PRICE_CHARS + 1);
    BEGIN(p);
    if (!token_like_ok(token)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *root, *res;
    zks_status st = call(p, "get_token_price", params_of(1, token_like(token), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        st = zki_parse_price(res, out_price, ZKS_RPC_PRICE_CHARS + 1);
        if (st != ZKS_OK) parse_fail(p, "get_token_price");
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
    zks_status st = call(p, "get_confirmations_for_eth_op_amount", cJSON_CreateArray(), 1, &root, &res);
    if (st == ZKS_OK) {
        if (zki_json_u64(res, UINT64_MAX, out) != 0) st = parse_fail(p, "get_confirmations_for_eth_op_amount");
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

zks_status zks_provider_get_eth_tx_for_withdrawal(zks_provider *p, const char *tx_hash,
                                                  char out_eth_hash[ZKS_RPC_ETH_HASH_CHARS + 1])
{
    ZKI_ARG_CHECK(out_eth_hash != NULL);
    memset(out_eth_hash, 0, ZKS_RPC_ETH_HASH_CHARS + 1);
    BEGIN(p);
    if (!tx_hash_ok(tx_hash)) FAIL(p, ZKS_ERR_INVALID_ARG);
    cJSON *root, *res;
    zks_status st =
        call(p, "get_eth_tx_for_withdrawal", params_of(1, cJSON_CreateString(tx_hash), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        if (cJSON_IsNull(res)) {
            zki_rpc_note(&p->rpc, "no L1 withdrawal transaction yet");
            st = ZKS_ERR_NOT_FOUND;
        } else if (!cJSON_IsString(res) || strlen(res->valuestring) != 66 || strncmp(res->valuestring, "0x", 2) != 0 ||
                   !is_hex_n(res->valuestring + 2, 64)) {
            st = parse_fail(p, "get_eth_tx_for_withdrawal");
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
    zks_status st = call(p, "get_zksync_version", cJSON_CreateArray(), 1, &root, &res);
    if (st == ZKS_OK) {
        if (!cJSON_IsString(res) || strlen(res->valuestring) > ZKS_RPC_SHORT_CHARS)
            st = parse_fail(p, "get_zksync_version");
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
    zks_status st = call(p, "get_nft", params_of(1, u64_raw(token_id), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        if (cJSON_IsNull(res)) {
            zki_rpc_note(&p->rpc, "Requested NFT doesn't exist or the corresponding mintNFT operation is not verified yet");
            st = ZKS_ERR_NOT_FOUND;
        } else {
            st = zki_parse_nft(res, 1, out);
            if (st == ZKS_ERR_PARSE) parse_fail(p, "get_nft");
        }
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

static zks_status u32_or_null(zks_provider *p, const char *method, cJSON *params, uint32_t *out)
{
    cJSON *root, *res;
    zks_status st = call(p, method, params, 1, &root, &res);
    if (st == ZKS_OK) {
        uint64_t v;
        if (cJSON_IsNull(res)) {
            zki_rpc_note(&p->rpc, "%s: null", method);
            st = ZKS_ERR_NOT_FOUND;
        } else if (zki_json_u64(res, UINT32_MAX, &v) != 0) {
            st = parse_fail(p, method);
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
    FAIL(p, u32_or_null(p, "get_nft_owner", params_of(1, u64_raw(token_id), NULL, NULL), out_account_id));
}

zks_status zks_provider_get_nft_id_by_tx_hash(zks_provider *p, const char *tx_hash, uint32_t *out_token_id)
{
    ZKI_ARG_CHECK(out_token_id != NULL);
    *out_token_id = 0;
    BEGIN(p);
    if (!tx_hash_ok(tx_hash)) FAIL(p, ZKS_ERR_INVALID_ARG);
    FAIL(p, u32_or_null(p, "get_nft_id_by_tx_hash", params_of(1, cJSON_CreateString(tx_hash), NULL, NULL),
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
    zks_status st = call(p, "toggle_2fa", params_of(1, req, NULL, NULL), 0, &root, &res);
    if (st == ZKS_OK) {
        const cJSON *s = cJSON_IsObject(res) ? cJSON_GetObjectItemCaseSensitive(res, "success") : NULL;
        if (!cJSON_IsBool(s)) {
            st = parse_fail(p, "toggle_2fa");
        } else if (!cJSON_IsTrue(s)) {
            zki_rpc_note(&p->rpc, "toggle_2fa: success false");
            st = ZKS_ERR_RPC;
        }
        cJSON_Delete(root);
    }
    FAIL(p, st);
}

/* ---- submits ---- */

/* Eth signature input: NULL -> null, "0x"+130 hex -> EthereumSignature object, else JSON. */
static int eth_sig_json(const char *s, cJSON **out)
{
    *out = NULL;
    if (s == NULL) {
        *out = cJSON_CreateNull();
        return *out != NULL ? 0 : -1;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (strlen(s) != 132 || !is_hex_n(s + 2, 130)) return -1;
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || cJSON_AddStringToObject(o, "type", "EthereumSignature") == NULL ||
            cJSON_AddStringToObject(o, "signature", s) == NULL) {
            cJSON_Delete(o);
            return -1;
        }
        *out = o;
        return 0;
    }
    cJSON *v = cJSON_Parse(s);
    if (v == NULL || !(cJSON_IsNull(v) || cJSON_IsObject(v) || cJSON_IsArray(v))) {
        cJSON_Delete(v);
        return -1;
    }
    *out = v;
    return 0;
}

/* The hash a zks_tx_sign_json result carries: its "txHash", or else sha256 of
 * its "signBytes" (not for Swap, whose server hash covers the full orders).
 * Returns 1 and fills out when one is found. */
static int hint_hash(const cJSON *wrapper, const cJSON *tx, char out[ZKS_RPC_TX_HASH_CHARS + 1])
{
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(wrapper, "txHash");
    if (cJSON_IsString(h) && tx_hash_ok(h->valuestring)) {
        tx_hash_norm(out, h->valuestring);
        return 1;
    }
    const cJSON *sb = cJSON_GetObjectItemCaseSensitive(wrapper, "signBytes");
    const cJSON *ty = cJSON_GetObjectItemCaseSensitive(tx, "type");
    if (!cJSON_IsString(sb) || strncmp(sb->valuestring, "0x", 2) != 0 || !cJSON_IsString(ty) ||
        strcmp(ty->valuestring, "Swap") == 0 || strcmp(ty->valuestring, "Order") == 0)
        return 0;
    size_t n = strlen(sb->valuestring + 2);
    if (n == 0 || n % 2 != 0 || n > 4096) return 0;
    uint8_t bytes[2048], d[32];
    if (zki_hex_decode(bytes, n / 2, sb->valuestring + 2, n) != 0) return 0;
    crypto_hash_sha256(d, bytes, n / 2);
    memcpy(out, "sync-tx:", 8);
    zki_hex_encode(out + 8, d, 32);
    return 1;
}

/* A tx object, or a zks_tx_sign_json result {"tx":{..},"txHash":..,"signBytes":..}
 * which is unwrapped (its hash goes to hint, when hint is not NULL). */
static cJSON *parse_tx(const char *tx_json, char hint[ZKS_RPC_TX_HASH_CHARS + 1], int *has_hint)
{
    *has_hint = 0;
    cJSON *tx = cJSON_Parse(tx_json);
    if (tx == NULL || !cJSON_IsObject(tx)) {
        cJSON_Delete(tx);
        return NULL;
    }
    cJSON *inner = cJSON_GetObjectItemCaseSensitive(tx, "tx");
    if (cJSON_GetObjectItemCaseSensitive(tx, "type") == NULL && cJSON_IsObject(inner)) {
        *has_hint = hint_hash(tx, inner, hint);
        cJSON *t = cJSON_DetachItemViaPointer(tx, inner);
        cJSON_Delete(tx);
        return t;
    }
    return tx;
}

/* Failures after which the server may or may not have taken the submit. */
static int uncertain(const zki_rpc *r, zks_status st, int maybe_sent)
{
    (void)r;
    if (!maybe_sent) return 0;
    /* NOMEM too: it can strike while the answer is read, after the server took the tx. */
    return st == ZKS_ERR_NETWORK || st == ZKS_ERR_TIMEOUT || st == ZKS_ERR_HTTP || st == ZKS_ERR_PARSE ||
           st == ZKS_ERR_RESPONSE_TOO_LARGE || st == ZKS_ERR_NOMEM;
}

/* Are all hashes known (executed) by the server? 1 yes, 0 no, -1 could not ask. */
static int all_known(zks_provider *p, const char *const *hashes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cJSON *root, *res;
        zks_tx_info ti;
        zks_status st =
            call(p, "tx_info", params_of(1, cJSON_CreateString(hashes[i]), NULL, NULL), 1, &root, &res);
        if (st != ZKS_OK) return -1;
        st = zki_parse_tx_info(res, &ti);
        cJSON_Delete(root);
        if (st != ZKS_OK) return -1;
        if (!ti.executed) return 0;
    }
    return 1;
}

/* After a 101 on a resend: the first send most likely went through and sits
 * in the mempool, invisible to tx_info until it is in a block. Poll a while. */
static int confirm_known(zks_provider *p, const char *const *hashes, size_t n)
{
    uint64_t budget = (uint64_t)p->rpc.backoff_ms * 8u;
    if (budget < 2000) budget = 2000;
    uint64_t end = zki_now_ms() + budget;
    uint32_t step = p->rpc.backoff_ms ? p->rpc.backoff_ms : 100;
    for (;;) {
        if (all_known(p, hashes, n) == 1) return 1;
        if (zki_now_ms() >= end) return 0;
        zki_sleep_ms(step);
    }
}

/* The safe submit loop shared by tx_submit and submit_txs_batch. On ZKS_OK
 * *root and *res hold the answer, or *root is NULL when the answer is "the
 * expected hashes are known" (the caller then reports the expected hashes). */
static zks_status safe_submit(zks_provider *p, const char *method, cJSON *params, const char *const *hashes, size_t n,
                              cJSON **root, cJSON **res)
{
    int resent = 0;
    zks_status st;
    for (uint32_t attempt = 0;; attempt++) {
        int maybe_sent = 0;
        st = zki_rpc_call(&p->rpc, method, params, 0, root, res, &maybe_sent);
        if (st == ZKS_OK) return ZKS_OK;
        if (st == ZKS_ERR_NONCE_MISMATCH && resent && hashes != NULL) {
            char keep[ZKI_RPC_MSG_MAX];
            int64_t code = p->rpc.last_code;
            memcpy(keep, p->rpc.last_msg, sizeof keep);
            if (confirm_known(p, hashes, n)) return ZKS_OK;
            p->rpc.last_code = code;
            snprintf(p->rpc.last_msg, sizeof p->rpc.last_msg,
                     "resend answered \"%.200s\" but the tx is not in a block yet: the first send may still be "
                     "queued; wait for %s before signing again",
                     keep, hashes[0]);
            return ZKS_ERR_TIMEOUT;
        }
        if (!uncertain(&p->rpc, st, maybe_sent)) return st;
        if (hashes == NULL) {
            char keep[ZKI_RPC_MSG_MAX];
            memcpy(keep, p->rpc.last_msg, sizeof keep);
            snprintf(p->rpc.last_msg, sizeof p->rpc.last_msg,
                     "%.300s; submit outcome unknown (no expected hash to check, not resent)", keep);
            return st;
        }
        if (attempt >= p->rpc.retries) return st;
        if (p->rpc.backoff_ms) zki_sleep_ms(zki_rpc_backoff(&p->rpc, attempt));
        char keep[ZKI_RPC_MSG_MAX];
        memcpy(keep, p->rpc.last_msg, sizeof keep);
        int known = all_known(p, hashes, n);
        if (known == 1) {
            *root = NULL;
            *res = NULL;
            return ZKS_OK;
        }
        if (known < 0) {
            /* Cannot tell whether it arrived: resending blind is not safe. */
            p->rpc.last_code = 0;
            snprintf(p->rpc.last_msg, sizeof p->rpc.last_msg,
                     "%.300s; submit outcome unknown (tx_info lookup failed too)", keep);
            return st;
        }
        resent = 1;
    }
}

static int hash_from_json(const cJSON *v, char out[ZKS_RPC_TX_HASH_CHARS + 1])
{
    if (!cJSON_IsString(v) || !tx_hash_ok(v->valuestring)) return -1;
    tx_hash_norm(out, v->valuestring);
    return 0;
}

zks_status zks_provider_tx_submit(zks_provider *p, const char *tx_json, const char *eth_signature_json, int32_t fast,
                                  const char *expected_hash, char out_hash[ZKS_RPC_TX_HASH_CHARS + 1])
{
    ZKI_ARG_CHECK(out_hash != NULL);
    memset(out_hash, 0, ZKS_RPC_TX_HASH_CHARS + 1);
    BEGIN(p);
    if (tx_json == NULL || (expected_hash != NULL && !tx_hash_ok(expected_hash))) FAIL(p, ZKS_ERR_INVALID_ARG);
    char exp[ZKS_RPC_TX_HASH_CHARS + 1], hint[ZKS_RPC_TX_HASH_CHARS + 1];
    const char *hashes[1] = {exp};
    int has_hint = 0;
    cJSON *tx = parse_tx(tx_json, hint, &has_hint);
    if (expected_hash != NULL) {
        tx_hash_norm(exp, expected_hash);
    } else if (has_hint) {
        memcpy(exp, hint, sizeof exp);
        expected_hash = exp;
    }
    cJSON *sig = NULL;
    if (tx == NULL || eth_sig_json(eth_signature_json, &sig) != 0) {
        cJSON_Delete(tx);
        FAIL(p, ZKS_ERR_JSON);
    }
    cJSON *params = params_of(3, tx, sig, fast ? cJSON_CreateTrue() : cJSON_CreateNull());
    if (params == NULL) FAIL(p, ZKS_ERR_NOMEM);
    cJSON *root = NULL, *res = NULL;
    zks_status st = safe_submit(p, "tx_submit", params, expected_hash != NULL ? hashes : NULL, 1, &root, &res);
    cJSON_Delete(params);
    if (st == ZKS_OK) {
        if (root == NULL) {
            memcpy(out_hash, exp, sizeof exp);
        } else {
            if (hash_from_json(res, out_hash) != 0) {
                memset(out_hash, 0, ZKS_RPC_TX_HASH_CHARS + 1);
                st = parse_fail(p, "tx_submit");
            }
            cJSON_Delete(root);
        }
    }
    FAIL(p, st);
}

zks_status zks_provider_submit_txs_batch(zks_provider *p, const char *txs_json, const char *eth_signatures_json,
                                         const char *const *expected_hashes, size_t expected_count, char *out_hashes,
                                         size_t out_cap, size_t *out_count)
{
    ZKI_ARG_CHECK(out_count != NULL);
    *out_count = 0;
    ZKI_ARG_CHECK(out_hashes != NULL || out_cap == 0);
    if (out_hashes != NULL) memset(out_hashes, 0, out_cap * (ZKS_RPC_TX_HASH_CHARS + 1));
    BEGIN(p);
    if (txs_json == NULL || (expected_hashes != NULL && expected_count == 0)) FAIL(p, ZKS_ERR_INVALID_ARG);
    char (*exp)[ZKS_RPC_TX_HASH_CHARS + 1] = NULL, (*hints)[ZKS_RPC_TX_HASH_CHARS + 1] = NULL;
    const char **hp = NULL;
    cJSON *arr = cJSON_Parse(txs_json);
    cJSON *sigs = NULL, *items = NULL, *params = NULL, *root = NULL, *res = NULL;
    zks_status st = ZKS_ERR_JSON;
    if (arr == NULL || !cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) goto out;
    size_t n = (size_t)cJSON_GetArraySize(arr);
    if (expected_hashes != NULL) {
        st = ZKS_ERR_INVALID_ARG;
        if (expected_count != n) goto out;
        st = ZKS_ERR_NOMEM;
        exp = zki_calloc(n, sizeof *exp);
        hp = zki_calloc(n, sizeof *hp);
        if (exp == NULL || hp == NULL) goto out;
        st = ZKS_ERR_INVALID_ARG;
        for (size_t i = 0; i < n; i++) {
            if (!tx_hash_ok(expected_hashes[i])) goto out;
            tx_hash_norm(exp[i], expected_hashes[i]);
            hp[i] = exp[i];
        }
    }
    st = ZKS_ERR_BUFFER_SIZE;
    if (out_cap < n) goto out;
    /* Normalise items to {tx, signature}; zks_tx_sign_json results bring their hashes. */
    st = ZKS_ERR_NOMEM;
    items = cJSON_CreateArray();
    if (items == NULL) goto out;
    hints = zki_calloc(n, sizeof *hints);
    if (hints == NULL) goto out;
    size_t nhints = 0;
    while (cJSON_GetArraySize(arr) > 0) {
        cJSON *it = cJSON_DetachItemFromArray(arr, 0);
        cJSON *w = cJSON_CreateObject();
        if (!cJSON_IsObject(it) || w == NULL) {
            st = w == NULL ? ZKS_ERR_NOMEM : ZKS_ERR_JSON;
            cJSON_Delete(it);
            cJSON_Delete(w);
            goto out;
        }
        cJSON_AddItemToArray(items, w);
        cJSON *inner = cJSON_GetObjectItemCaseSensitive(it, "tx");
        cJSON *tx = it, *sig = NULL;
        if (cJSON_GetObjectItemCaseSensitive(it, "type") == NULL && cJSON_IsObject(inner)) {
            if (hint_hash(it, inner, hints[nhints])) nhints++;
            tx = cJSON_DetachItemViaPointer(it, inner);
            sig = cJSON_DetachItemFromObjectCaseSensitive(it, "signature");
            cJSON_Delete(it);
        }
        if (!cJSON_AddItemToObject(w, "tx", tx)) { /* tx is not owned by w then */
            cJSON_Delete(tx);
            cJSON_Delete(sig);
            goto out;
        }
        if (sig == NULL) sig = cJSON_CreateNull();
        if (sig == NULL || !cJSON_AddItemToObject(w, "signature", sig)) {
            cJSON_Delete(sig);
            goto out;
        }
    }
    if (hp == NULL && nhints == n) {
        hp = zki_calloc(n, sizeof *hp);
        if (hp == NULL) goto out;
        exp = hints;
        hints = NULL;
        for (size_t i = 0; i < n; i++) hp[i] = exp[i];
    }
    if (eth_sig_json(eth_signatures_json, &sigs) != 0) {
        st = ZKS_ERR_JSON;
        goto out;
    }
    params = params_of(2, items, sigs, NULL);
    items = sigs = NULL;
    if (params == NULL) goto out;
    st = safe_submit(p, "submit_txs_batch", params, hp, n, &root, &res);
    if (st != ZKS_OK) goto out;
    if (root == NULL) {
        for (size_t i = 0; i < n; i++) memcpy(out_hashes + i * (ZKS_RPC_TX_HASH_CHARS + 1), exp[i], sizeof exp[i]);
        *out_count = n;
        goto out;
    }
    if (!cJSON_IsArray(res) || (size_t)cJSON_GetArraySize(res) != n) {
        st = parse_fail(p, "submit_txs_batch");
        goto out;
    }
    size_t k = 0;
    const cJSON *h;
    cJSON_ArrayForEach(h, res) {
        if (hash_from_json(h, out_hashes + k * (ZKS_RPC_TX_HASH_CHARS + 1)) != 0) {
            memset(out_hashes, 0, out_cap * (ZKS_RPC_TX_HASH_CHARS + 1));
            st = parse_fail(p, "submit_txs_batch");
            goto out;
        }
        k++;
    }
    *out_count = k;
out:
    cJSON_Delete(root);
    cJSON_Delete(params);
    cJSON_Delete(items);
    cJSON_Delete(sigs);
    cJSON_Delete(arr);
    zks_free(exp);
    zks_free(hints);
    zks_free(hp);
    FAIL(p, st);
}

/* ---- waiting ---- */

static zks_status wait_loop(zks_provider *p, int ethop, const char *hash, uint64_t serial, uint32_t level,
                            uint32_t timeout_ms, uint32_t poll_ms, zks_tx_info *out)
{
    zks_tx_info ti;
    uint64_t end = zki_now_ms() + timeout_ms;
    if (poll_ms == 0) poll_ms = 1000;
    zks_status last = ZKS_ERR_TIMEOUT;
    for (;;) {
        cJSON *root, *res;
        cJSON *params = ethop ? params_of(1, u64_raw(serial), NULL, NULL)
                              : params_of(1, cJSON_CreateString(hash), NULL, NULL);
        zks_status st = call(p, ethop ? "ethop_info" : "tx_info", params, 1, &root, &res);
        if (st == ZKS_OK) {
            st = ethop ? zki_parse_ethop_info(res, &ti) : zki_parse_tx_info(res, &ti);
            cJSON_Delete(root);
            if (st != ZKS_OK) return parse_fail(p, ethop ? "ethop_info" : "tx_info");
            int reached = ti.has_block && (level == ZKS_WAIT_COMMITTED ? (ti.committed || ti.verified) : ti.verified);
            int failed = ethop ? (reached && !ti.executed) : (ti.executed && ti.success == 0);
            if (failed) {
                if (out != NULL) *out = ti;
                zki_rpc_note(&p->rpc, "%s failed: %s", ethop ? "priority operation" : "zkSync transaction",
                             ethop ? "not executed" : ti.fail_reason);
                return ZKS_ERR_TX_FAILED;
            }
            if (reached) {
                if (out != NULL) *out = ti;
                return ZKS_OK;
            }
        } else if (!zki_rpc_transient(st, p->rpc.last_http)) {
            return st;
        } else {
            last = st;
        }
        uint64_t now = zki_now_ms();
        if (now >= end) {
            p->rpc.last_msg[0] = '\0';
            p->rpc.last_code = 0;
            zki_rpc_note(&p->rpc, "not %s within %u ms%s", level == ZKS_WAIT_COMMITTED ? "committed" : "verified",
                         timeout_ms, last != ZKS_ERR_TIMEOUT ? " (transport errors while polling)" : "");
            return ZKS_ERR_TIMEOUT;
        }
        uint64_t left = end - now;
        zki_sleep_ms((uint32_t)(left < poll_ms ? left : poll_ms));
    }
}

zks_status zks_provider_wait_tx(zks_provider *p, const char *tx_hash, uint32_t level, uint32_t timeout_ms,
                                uint32_t poll_ms, zks_tx_info *out)
{
    if (out != NULL) memset(out, 0, sizeof *out);
    BEGIN(p);
    if (!tx_hash_ok(tx_hash) || (level != ZKS_WAIT_COMMITTED && level != ZKS_WAIT_VERIFIED))
        FAIL(p, ZKS_ERR_INVALID_ARG);
    FAIL(p, wait_loop(p, 0, tx_hash, 0, level, timeout_ms, poll_ms, out));
}

zks_status zks_provider_wait_ethop(zks_provider *p, uint64_t serial_id, uint32_t level, uint32_t timeout_ms,
                                   uint32_t poll_ms, zks_tx_info *out)
{
    if (out != NULL) memset(out, 0, sizeof *out);
    BEGIN(p);
    if (level != ZKS_WAIT_COMMITTED && level != ZKS_WAIT_VERIFIED) FAIL(p, ZKS_ERR_INVALID_ARG);
    FAIL(p, wait_loop(p, 1, NULL, serial_id, level, timeout_ms, poll_ms, out));
}

/* ---- result objects ---- */

size_t zks_token_list_count(const zks_token_list *l) { return l != NULL ? l->count : 0; }

zks_status zks_token_list_get(const zks_token_list *l, size_t i, zks_token *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(l != NULL && i < l->count);
    *out = l->items[i];
    return ZKS_OK;
}

void zks_token_list_free(zks_token_list *l)
{
    if (l == NULL) return;
    zks_free(l->items);
    zks_free(l);
}

zks_status zks_account_get_info(const zks_account *a, zks_account_info *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(a != NULL);
    *out = a->info;
    return ZKS_OK;
}

size_t zks_account_balance_count(const zks_account *a, uint32_t which)
{
    return (a != NULL && which <= 1) ? a->nbal[which] : 0;
}

zks_status zks_account_balance_at(const zks_account *a, uint32_t which, size_t i,
                                  char out_symbol[ZKS_RPC_SYMBOL_CHARS + 1], char out_amount[ZKS_RPC_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_symbol != NULL && out_amount != NULL);
    memset(out_symbol, 0, ZKS_RPC_SYMBOL_CHARS + 1);
    memset(out_amount, 0, ZKS_RPC_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(a != NULL && which <= 1 && i < a->nbal[which]);
    strcpy(out_symbol, a->bal[which][i].symbol);
    strcpy(out_amount, a->bal[which][i].amount);
    return ZKS_OK;
}

zks_status zks_account_balance(const zks_account *a, uint32_t which, const char *symbol,
                               char out_amount[ZKS_RPC_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_amount != NULL);
    memset(out_amount, 0, ZKS_RPC_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(a != NULL && which <= 1 && symbol != NULL);
    strcpy(out_amount, "0");
    for (size_t i = 0; i < a->nbal[which]; i++) {
        if (strcasecmp(a->bal[which][i].symbol, symbol) == 0) {
            strcpy(out_amount, a->bal[which][i].amount);
            break;
        }
    }
    return ZKS_OK;
}

size_t zks_account_depositing_count(const zks_account *a) { return a != NULL ? a->ndep : 0; }

zks_status zks_account_depositing_at(const zks_account *a, size_t i, char out_symbol[ZKS_RPC_SYMBOL_CHARS + 1],
                                     char out_amount[ZKS_RPC_AMOUNT_CHARS + 1], uint64_t *out_expected_accept_block)
{
    ZKI_ARG_CHECK(out_symbol != NULL && out_amount != NULL && out_expected_accept_block != NULL);
    memset(out_symbol, 0, ZKS_RPC_SYMBOL_CHARS + 1);
    memset(out_amount, 0, ZKS_RPC_AMOUNT_CHARS + 1);
    *out_expected_accept_block = 0;
    ZKI_ARG_CHECK(a != NULL && i < a->ndep);
    strcpy(out_symbol, a->dep[i].symbol);
    strcpy(out_amount, a->dep[i].amount);
    *out_expected_accept_block = a->dep[i].expected_accept_block;
    return ZKS_OK;
}

size_t zks_account_nft_count(const zks_account *a, uint32_t which, int32_t minted)
{
    return (a != NULL && which <= 1 && (minted == 0 || minted == 1)) ? a->nnft[which][minted] : 0;
}

zks_status zks_account_nft_at(const zks_account *a, uint32_t which, int32_t minted, size_t i, zks_nft *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(a != NULL && which <= 1 && (minted == 0 || minted == 1) && i < a->nnft[which][minted]);
    *out = a->nft[which][minted][i];
    return ZKS_OK;
}

zks_status zks_account_json(const zks_account *a, char **out_json)
{
    ZKI_ARG_CHECK(out_json != NULL);
    *out_json = NULL;
    ZKI_ARG_CHECK(a != NULL && a->json != NULL);
    *out_json = zki_strdup(a->json);
    return *out_json != NULL ? ZKS_OK : ZKS_ERR_NOMEM;
}

void zks_account_free(zks_account *a)
{
    if (a == NULL) return;
    for (int w = 0; w < 2; w++) {
        zks_free(a->bal[w]);
        zks_free(a->nft[w][0]);
        zks_free(a->nft[w][1]);
    }
    zks_free(a->dep);
    zks_free(a->json);
    zks_free(a);
}
