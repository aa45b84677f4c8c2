/* Shared plumbing of the zkSync and Ethereum JSON-RPC clients (client.h). */
#include <stdio.h>

#include "client.h"

zks_status zki_client_new(const char *url, int kind, size_t size, void **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    zki_rpc *r = zki_calloc(1, size);
    if (r == NULL) return ZKS_ERR_NOMEM;
    zks_status st = zki_rpc_init(r, url, kind);
    if (st != ZKS_OK) {
        zks_free(r);
        return st;
    }
    *out = r;
    return ZKS_OK;
}

int zki_is_hex_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return 0;
    }
    return s[n] == '\0';
}

#define TX_PFX "sync-tx:"
#define TX_PFX_LEN (sizeof TX_PFX - 1)
#define HASH_HEX_DIGITS (2 * ZKS_TX_HASH_BYTES)
_Static_assert(TX_PFX_LEN + HASH_HEX_DIGITS == ZKS_TX_HASH_CHARS, "sync-tx: + 64 hex digits");
_Static_assert(2 + 2 * ZKS_ETH_HASH_BYTES == ZKS_HASH_HEX_CHARS && ZKS_ETH_HASH_BYTES == ZKS_TX_HASH_BYTES, "0x hashes");

int zki_address_ok(const char *a)
{
    return a != NULL && a[0] == '0' && (a[1] == 'x' || a[1] == 'X') && strlen(a) == ZKS_ETH_ADDRESS_CHARS &&
           zki_is_hex_n(a + 2, 2 * ZKS_ETH_ADDRESS_BYTES);
}

int zki_hash0x_ok(const char *h)
{
    return h != NULL && h[0] == '0' && (h[1] == 'x' || h[1] == 'X') && strlen(h) == ZKS_HASH_HEX_CHARS &&
           zki_is_hex_n(h + 2, 2 * ZKS_ETH_HASH_BYTES);
}

int zki_zk_hash_ok(const char *h)
{
    if (h == NULL) return 0;
    if (strncmp(h, TX_PFX, TX_PFX_LEN) == 0)
        return strlen(h) == ZKS_TX_HASH_CHARS && zki_is_hex_n(h + TX_PFX_LEN, HASH_HEX_DIGITS);
    return zki_hash0x_ok(h);
}

void zki_zk_hash_norm(char out[ZKS_TX_HASH_CHARS + 1], const char *h)
{
    const char *hex = strncmp(h, TX_PFX, TX_PFX_LEN) == 0 ? h + TX_PFX_LEN : h + 2;
    memcpy(out, TX_PFX, TX_PFX_LEN);
    for (size_t i = 0; i < HASH_HEX_DIGITS; i++) {
        char c = hex[i];
        out[TX_PFX_LEN + i] = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
    }
    out[ZKS_TX_HASH_CHARS] = '\0';
}

cJSON *zki_params(int n, cJSON *a, cJSON *b, cJSON *c)
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

cJSON *zki_u64_raw(uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    return cJSON_CreateRaw(buf);
}

zks_status zki_client_call(zki_rpc *r, const char *method, cJSON *params, int idempotent, cJSON **root, cJSON **res)
{
    *root = NULL;
    *res = NULL;
    if (params == NULL) return ZKS_ERR_NOMEM;
    zks_status st = zki_rpc_call(r, method, params, idempotent, root, res, NULL);
    cJSON_Delete(params);
    return st;
}

zks_status zki_client_parse_fail(zki_rpc *r, const char *method)
{
    zki_rpc_note(r, "unexpected result shape from %s", method);
    return ZKS_ERR_PARSE;
}

zks_status zki_client_call_json(zki_rpc *r, const char *method, const char *params_json, int32_t idempotent,
                                char **out_result_json)
{
    if (method == NULL || method[0] == '\0' || strlen(method) > 256) return ZKS_ERR_INVALID_ARG;
    cJSON *params = NULL;
    if (params_json != NULL && (params = cJSON_Parse(params_json)) == NULL) return ZKS_ERR_JSON;
    cJSON *root, *res;
    zks_status st = zki_rpc_call(r, method, params, idempotent != 0, &root, &res, NULL);
    cJSON_Delete(params);
    if (st == ZKS_OK) {
        *out_result_json = zki_json_print(res);
        st = *out_result_json != NULL ? ZKS_OK : ZKS_ERR_NOMEM;
        cJSON_Delete(root);
    }
    return st;
}
