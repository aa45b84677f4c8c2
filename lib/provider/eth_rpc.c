/* zks_eth_rpc: Ethereum JSON-RPC client on the shared HTTP/JSON-RPC core.
 * Quantities arrive as "0x" hex and leave as decimal strings or uint64_t. */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "../internal.h"
#include "util/u256.h"
#include "client.h"
#include "types.h"

#define BEGIN(e) ZKI_RPC_BEGIN(e)
#define FAIL(e, st) ZKI_RPC_RETURN(e, st)

zks_status zks_eth_rpc_new(const char *url, zks_eth_rpc **out)
{
    ZKI_ARG_CHECK(out != NULL);
    void *o = NULL;
    zks_status st = zki_client_new(url, ZKI_RPC_ETH, sizeof(zks_eth_rpc), &o);
    *out = o;
    return st;
}

void zks_eth_rpc_free(zks_eth_rpc *e)
{
    if (e == NULL) return;
    zki_rpc_deinit(&e->rpc);
    zks_free(e);
}

ZKI_CLIENT_OPTIONS(zks_eth_rpc, zks_eth_rpc)

const char *zks_eth_rpc_revert_reason(const zks_eth_rpc *e) { return e != NULL ? e->rpc.revert_reason : ""; }

/* "0x" + even-length hex (data). */
static int data_ok(const char *d)
{
    if (d == NULL || d[0] != '0' || (d[1] != 'x' && d[1] != 'X')) return 0;
    size_t n = strlen(d + 2);
    return n % 2 == 0 && n <= (64u << 20) && zki_is_hex_n(d + 2, n);
}

/* Block tag: latest/pending/earliest/safe/finalized or a "0x" quantity. */
static int block_ok(const char *b)
{
    static const char *const tags[] = {"latest", "pending", "earliest", "safe", "finalized"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (strcmp(b, tags[i]) == 0) return 1;
    size_t n = strlen(b);
    return n > 2 && n <= 66 && b[0] == '0' && b[1] == 'x' && zki_is_hex_n(b + 2, n - 2);
}

static zks_status quantity_u64(zks_eth_rpc *e, const char *method, cJSON *params, uint64_t *out)
{
    cJSON *root, *res;
    zks_status st = zki_client_call(&e->rpc, method, params, 1, &root, &res);
    if (st == ZKS_OK) {
        if (zki_hex_quantity_u64(res, out) != 0) st = zki_client_parse_fail(&e->rpc, method);
        cJSON_Delete(root);
    }
    return st;
}

static zks_status quantity_dec(zks_eth_rpc *e, const char *method, cJSON *params, char out[ZKS_AMOUNT_CHARS + 1])
{
    cJSON *root, *res;
    zks_status st = zki_client_call(&e->rpc, method, params, 1, &root, &res);
    if (st == ZKS_OK) {
        if (zki_hex_quantity_dec(res, out) != 0) st = zki_client_parse_fail(&e->rpc, method);
        cJSON_Delete(root);
    }
    return st;
}

zks_status zks_eth_rpc_chain_id(zks_eth_rpc *e, uint64_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    BEGIN(e);
    zks_status st = quantity_u64(e, "eth_chainId", cJSON_CreateArray(), out);
    if (st != ZKS_OK) *out = 0;
    FAIL(e, st);
}

zks_status zks_eth_rpc_block_number(zks_eth_rpc *e, uint64_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    BEGIN(e);
    zks_status st = quantity_u64(e, "eth_blockNumber", cJSON_CreateArray(), out);
    if (st != ZKS_OK) *out = 0;
    FAIL(e, st);
}

zks_status zks_eth_rpc_get_balance(zks_eth_rpc *e, const char *address, const char *block,
                               char out_wei[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_wei != NULL);
    memset(out_wei, 0, ZKS_AMOUNT_CHARS + 1);
    BEGIN(e);
    if (address == NULL) FAIL(e, ZKS_ERR_INVALID_ARG);
    if (!zki_address_ok(address)) FAIL(e, ZKS_ERR_INVALID_ADDRESS);
    if (block == NULL) block = "latest";
    if (!block_ok(block)) FAIL(e, ZKS_ERR_INVALID_ARG);
    zks_status st = quantity_dec(e, "eth_getBalance",
                                 zki_params(2, cJSON_CreateString(address), cJSON_CreateString(block), NULL), out_wei);
    if (st != ZKS_OK) memset(out_wei, 0, ZKS_AMOUNT_CHARS + 1);
    FAIL(e, st);
}

zks_status zks_eth_rpc_get_nonce(zks_eth_rpc *e, const char *address, const char *block, uint64_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    BEGIN(e);
    if (address == NULL) FAIL(e, ZKS_ERR_INVALID_ARG);
    if (!zki_address_ok(address)) FAIL(e, ZKS_ERR_INVALID_ADDRESS);
    if (block == NULL) block = "pending";
    if (!block_ok(block)) FAIL(e, ZKS_ERR_INVALID_ARG);
    zks_status st = quantity_u64(e, "eth_getTransactionCount",
                                 zki_params(2, cJSON_CreateString(address), cJSON_CreateString(block), NULL), out);
    if (st != ZKS_OK) *out = 0;
    FAIL(e, st);
}

zks_status zks_eth_rpc_gas_price(zks_eth_rpc *e, char out_wei[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_wei != NULL);
    memset(out_wei, 0, ZKS_AMOUNT_CHARS + 1);
    BEGIN(e);
    zks_status st = quantity_dec(e, "eth_gasPrice", cJSON_CreateArray(), out_wei);
    if (st != ZKS_OK) memset(out_wei, 0, ZKS_AMOUNT_CHARS + 1);
    FAIL(e, st);
}

static cJSON *hex_u64(uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)v);
    return cJSON_CreateString(buf);
}

static zks_status fee_history(zks_eth_rpc *e, uint32_t count, const char *newest, const char *pct, cJSON **root,
                              cJSON **res)
{
    cJSON *pc = cJSON_Parse(pct);
    if (pc == NULL || !cJSON_IsArray(pc)) {
        cJSON_Delete(pc);
        return ZKS_ERR_JSON;
    }
    const cJSON *x;
    cJSON_ArrayForEach(x, pc) {
        if (!cJSON_IsNumber(x) || x->valuedouble < 0 || x->valuedouble > 100) {
            cJSON_Delete(pc);
            return ZKS_ERR_INVALID_ARG;
        }
    }
    return zki_client_call(&e->rpc, "eth_feeHistory", zki_params(3, hex_u64(count), cJSON_CreateString(newest), pc), 1, root, res);
}

zks_status zks_eth_rpc_fee_history(zks_eth_rpc *e, uint32_t block_count, const char *newest, const char *percentiles_json,
                               char **out_json)
{
    ZKI_ARG_CHECK(out_json != NULL);
    *out_json = NULL;
    BEGIN(e);
    if (newest == NULL) newest = "latest";
    if (block_count == 0 || block_count > 1024 || !block_ok(newest)) FAIL(e, ZKS_ERR_INVALID_ARG);
    cJSON *root, *res;
    zks_status st = fee_history(e, block_count, newest, percentiles_json ? percentiles_json : "[]", &root, &res);
    if (st == ZKS_OK) {
        st = ZKS_ERR_NOMEM;
        if (!cJSON_IsObject(res)) {
            st = zki_client_parse_fail(&e->rpc, "eth_feeHistory");
        } else {
            if ((*out_json = zki_json_print(res)) != NULL) st = ZKS_OK;
        }
        cJSON_Delete(root);
    }
    FAIL(e, st);
}

#define TIPS_MAX 64 /* rewards read from the fee history (5 blocks asked) */
static int cmp_u256(const void *a, const void *b) { return zki_u256_cmp(a, b); }

zks_status zks_eth_rpc_suggest_fees(zks_eth_rpc *e, char out_max_fee[ZKS_AMOUNT_CHARS + 1],
                                char out_max_priority_fee[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_max_fee != NULL && out_max_priority_fee != NULL);
    memset(out_max_fee, 0, ZKS_AMOUNT_CHARS + 1);
    memset(out_max_priority_fee, 0, ZKS_AMOUNT_CHARS + 1);
    BEGIN(e);
    cJSON *root, *res;
    zks_status st = fee_history(e, 5, "latest", "[50]", &root, &res);
    if (st != ZKS_OK) FAIL(e, st);
    st = ZKS_ERR_PARSE;
    char dec[ZKS_AMOUNT_CHARS + 1];
    zki_u256 base, tip, fee, tips[TIPS_MAX];
    size_t nt = 0;
    const cJSON *bf = cJSON_IsObject(res) ? cJSON_GetObjectItemCaseSensitive(res, "baseFeePerGas") : NULL;
    const cJSON *rw = cJSON_IsObject(res) ? cJSON_GetObjectItemCaseSensitive(res, "reward") : NULL;
    if (!cJSON_IsArray(bf) || cJSON_GetArraySize(bf) == 0) {
        zki_rpc_note(&e->rpc, "node reports no base fee (pre-London?)");
        st = ZKS_ERR_UNSUPPORTED;
        goto out;
    }
    /* the last entry is the base fee of the next block */
    if (zki_hex_quantity_dec(cJSON_GetArrayItem(bf, cJSON_GetArraySize(bf) - 1), dec) != 0 ||
        zki_u256_from_dec(&base, dec) != 0)
        goto out;
    if (rw != NULL && !cJSON_IsNull(rw)) {
        if (!cJSON_IsArray(rw)) goto out;
        const cJSON *blk;
        cJSON_ArrayForEach(blk, rw) {
            if (!cJSON_IsArray(blk) || cJSON_GetArraySize(blk) < 1) goto out;
            if (nt >= sizeof tips / sizeof tips[0]) break;
            if (zki_hex_quantity_dec(cJSON_GetArrayItem(blk, 0), dec) != 0 || zki_u256_from_dec(&tips[nt], dec) != 0)
                goto out;
            nt++;
        }
    }
    memset(&tip, 0, sizeof tip);
    if (nt > 0) {
        qsort(tips, nt, sizeof tips[0], cmp_u256);
        tip = tips[nt / 2];
    }
    if (zki_u256_is_zero(&tip)) zki_u256_from_u64(&tip, 1500000000u); /* ethers 5 default, 1.5 gwei */
    if (zki_u256_mul_u64(&fee, &base, 2) != 0 || zki_u256_add(&fee, &fee, &tip) != 0) goto out;
    zki_u256_to_dec(out_max_fee, &fee);
    zki_u256_to_dec(out_max_priority_fee, &tip);
    st = ZKS_OK;
out:
    if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&e->rpc, "eth_feeHistory");
    cJSON_Delete(root);
    if (st != ZKS_OK) {
        memset(out_max_fee, 0, ZKS_AMOUNT_CHARS + 1);
        memset(out_max_priority_fee, 0, ZKS_AMOUNT_CHARS + 1);
    }
    FAIL(e, st);
}

/* Call object {from?, to?, value?, data?}; value decimal -> hex quantity. */
static zks_status call_object(const char *from, const char *to, const char *value, const char *data, cJSON **out)
{
    *out = NULL;
    if ((from != NULL && !zki_address_ok(from)) || (to != NULL && !zki_address_ok(to))) return ZKS_ERR_INVALID_ADDRESS;
    if (data != NULL && !data_ok(data)) return ZKS_ERR_INVALID_ARG;
    char hexv[70];
    if (value != NULL) {
        zki_u256 v;
        uint8_t be[ZKS_U256_BYTES];
        if (zki_u256_from_dec(&v, value) != 0) return ZKS_ERR_INVALID_AMOUNT;
        zki_u256_to_be(be, ZKS_U256_BYTES, &v);
        size_t i = 0;
        while (i < ZKS_U256_BYTES - 1 && be[i] == 0) i++;
        char full[2 * ZKS_U256_BYTES + 1];
        zki_hex_encode(full, be + i, ZKS_U256_BYTES - i);
        snprintf(hexv, sizeof hexv, "0x%s", full[0] == '0' ? full + 1 : full);
    }
    cJSON *o = cJSON_CreateObject();
    if (o == NULL) return ZKS_ERR_NOMEM;
    int ok = 1;
    if (from != NULL) ok = ok && cJSON_AddStringToObject(o, "from", from) != NULL;
    if (to != NULL) ok = ok && cJSON_AddStringToObject(o, "to", to) != NULL;
    if (value != NULL) ok = ok && cJSON_AddStringToObject(o, "value", hexv) != NULL;
    if (data != NULL) ok = ok && cJSON_AddStringToObject(o, "data", data) != NULL;
    if (!ok) {
        cJSON_Delete(o);
        return ZKS_ERR_NOMEM;
    }
    *out = o;
    return ZKS_OK;
}

zks_status zks_eth_rpc_estimate_gas(zks_eth_rpc *e, const char *from, const char *to, const char *value, const char *data,
                                uint64_t *out_gas)
{
    ZKI_ARG_CHECK(out_gas != NULL);
    *out_gas = 0;
    BEGIN(e);
    cJSON *o;
    zks_status st = call_object(from, to, value, data, &o);
    if (st != ZKS_OK) FAIL(e, st);
    st = quantity_u64(e, "eth_estimateGas", zki_params(1, o, NULL, NULL), out_gas);
    if (st != ZKS_OK) *out_gas = 0;
    FAIL(e, st);
}

zks_status zks_eth_rpc_call(zks_eth_rpc *e, const char *from, const char *to, const char *data, const char *block,
                        uint8_t *out, size_t out_cap, size_t *out_len)
{
    ZKI_ARG_CHECK(out_len != NULL);
    *out_len = 0;
    ZKI_ARG_CHECK(out != NULL || out_cap == 0);
    if (out != NULL) memset(out, 0, out_cap);
    BEGIN(e);
    if (to == NULL) FAIL(e, ZKS_ERR_INVALID_ARG);
    if (block == NULL) block = "latest";
    if (!block_ok(block)) FAIL(e, ZKS_ERR_INVALID_ARG);
    cJSON *o;
    zks_status st = call_object(from, to, NULL, data, &o);
    if (st != ZKS_OK) FAIL(e, st);
    cJSON *root, *res;
    st = zki_client_call(&e->rpc, "eth_call", zki_params(2, o, cJSON_CreateString(block), NULL), 1, &root, &res);
    if (st != ZKS_OK) FAIL(e, st);
    if (!cJSON_IsString(res) || !data_ok(res->valuestring)) {
        st = zki_client_parse_fail(&e->rpc, "eth_call");
    } else {
        size_t n = strlen(res->valuestring + 2) / 2;
        *out_len = n;
        if (n > out_cap) {
            zki_rpc_note(&e->rpc, "eth_call returned %zu bytes, buffer holds %zu", n, out_cap);
            st = ZKS_ERR_BUFFER_SIZE;
        } else if (n > 0) {
            zki_hex_decode(out, n, res->valuestring + 2, 2 * n);
        }
    }
    cJSON_Delete(root);
    if (st != ZKS_OK && st != ZKS_ERR_BUFFER_SIZE) *out_len = 0;
    FAIL(e, st);
}

/* Is the tx known to the node? 1 yes, 0 no, -1 could not ask. */
static int tx_known(zks_eth_rpc *e, const char *hash)
{
    cJSON *root, *res;
    zks_status st = zki_client_call(&e->rpc, "eth_getTransactionByHash", zki_params(1, cJSON_CreateString(hash), NULL, NULL), 1, &root, &res);
    if (st != ZKS_OK) return -1;
    int known = cJSON_IsObject(res) ? 1 : cJSON_IsNull(res) ? 0 : -1;
    cJSON_Delete(root);
    return known;
}

zks_status zks_eth_rpc_send_raw_transaction(zks_eth_rpc *e, const uint8_t *raw, size_t raw_len, const char *expected_hash,
                                        char out_hash[ZKS_HASH_HEX_CHARS + 1])
{
    ZKI_ARG_CHECK(out_hash != NULL);
    memset(out_hash, 0, ZKS_HASH_HEX_CHARS + 1);
    BEGIN(e);
    if (raw == NULL || raw_len == 0 || raw_len > (16u << 20) || (expected_hash != NULL && !zki_hash0x_ok(expected_hash)))
        FAIL(e, ZKS_ERR_INVALID_ARG);
    char *hex = zki_malloc(2 * raw_len + 3);
    if (hex == NULL) FAIL(e, ZKS_ERR_NOMEM);
    hex[0] = '0';
    hex[1] = 'x';
    zki_hex_encode(hex + 2, raw, raw_len);
    cJSON *params = zki_params(1, cJSON_CreateString(hex), NULL, NULL);
    zks_free(hex);
    if (params == NULL) FAIL(e, ZKS_ERR_NOMEM);
    zks_status st;
    int resent = 0;
    cJSON *root = NULL, *res = NULL;
    for (uint32_t attempt = 0;; attempt++) {
        int maybe_sent = 0;
        st = zki_rpc_call(&e->rpc, "eth_sendRawTransaction", params, 0, &root, &res, &maybe_sent);
        if (st == ZKS_OK) break;
        if (resent && expected_hash != NULL &&
            (strcasestr(e->rpc.last_msg, "already known") != NULL || strcasestr(e->rpc.last_msg, "known transaction") != NULL ||
             st == ZKS_ERR_NONCE_MISMATCH) &&
            tx_known(e, expected_hash) == 1) {
            st = ZKS_OK;
            break;
        }
        int unsure = maybe_sent && zki_outcome_unknown(st);
        if (!unsure || expected_hash == NULL || attempt >= e->rpc.retries) break;
        if (zki_rpc_sleep(&e->rpc, zki_rpc_retry_delay(&e->rpc, attempt)) != 0) break;
        int known = tx_known(e, expected_hash);
        if (known == 1) {
            st = ZKS_OK;
            break;
        }
        if (known < 0) break;
        resent = 1;
    }
    cJSON_Delete(params);
    if (st == ZKS_OK) {
        if (root == NULL) {
            snprintf(out_hash, ZKS_HASH_HEX_CHARS + 1, "%s", expected_hash);
        } else if (!cJSON_IsString(res) || !zki_hash0x_ok(res->valuestring)) {
            st = zki_client_parse_fail(&e->rpc, "eth_sendRawTransaction");
        } else {
            strcpy(out_hash, res->valuestring);
        }
    }
    cJSON_Delete(root);
    FAIL(e, st);
}

/* eth_getTransactionReceipt inside a public call (get_receipt, wait_receipt). */
static zks_status get_receipt(zks_eth_rpc *e, const char *tx_hash, zks_eth_receipt **out)
{
    cJSON *root, *res;
    zks_status st = zki_client_call(&e->rpc, "eth_getTransactionReceipt",
                                    zki_params(1, cJSON_CreateString(tx_hash), NULL, NULL), 1, &root, &res);
    if (st == ZKS_OK) {
        if (cJSON_IsNull(res)) {
            zki_rpc_note(&e->rpc, "no receipt yet");
            st = ZKS_ERR_NOT_FOUND;
        } else {
            st = zki_parse_receipt(res, out);
            if (st == ZKS_ERR_PARSE) zki_client_parse_fail(&e->rpc, "eth_getTransactionReceipt");
        }
        cJSON_Delete(root);
    }
    return st;
}

zks_status zks_eth_rpc_get_receipt(zks_eth_rpc *e, const char *tx_hash, zks_eth_receipt **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    BEGIN(e);
    if (!zki_hash0x_ok(tx_hash)) FAIL(e, ZKS_ERR_INVALID_ARG);
    FAIL(e, get_receipt(e, tx_hash, out));
}

zks_status zks_eth_rpc_wait_receipt(zks_eth_rpc *e, const char *tx_hash, uint32_t timeout_ms, uint32_t poll_ms,
                                zks_eth_receipt **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    BEGIN(e);
    if (!zki_hash0x_ok(tx_hash)) FAIL(e, ZKS_ERR_INVALID_ARG);
    if (poll_ms == 0) poll_ms = 1000;
    /* timeout 0: one poll, bounded by the total timeout set at entry */
    if (timeout_ms > 0) zki_rpc_set_deadline(&e->rpc, timeout_ms);
    uint64_t end = e->rpc.deadline;
    for (;;) {
        zks_eth_receipt *r = NULL;
        e->rpc.last_msg[0] = '\0';
        zks_status st = get_receipt(e, tx_hash, &r);
        if (st == ZKS_OK) {
            *out = r;
            if (r->info.status == 0) {
                zki_rpc_note(&e->rpc, "transaction reverted (receipt status 0)");
                FAIL(e, ZKS_ERR_L1_REVERT);
            }
            FAIL(e, ZKS_OK);
        }
        if (st != ZKS_ERR_NOT_FOUND && !zki_rpc_transient(st, e->rpc.last_http)) FAIL(e, st);
        uint64_t now = zki_now_ms();
        if (now >= end) {
            e->rpc.last_msg[0] = '\0';
            zki_rpc_note(&e->rpc, "no receipt within %u ms", timeout_ms);
            FAIL(e, ZKS_ERR_TIMEOUT);
        }
        uint64_t left = end - now;
        zki_sleep_ms((uint32_t)(left < poll_ms ? left : poll_ms));
    }
}
