/* zks_provider: safe submits (tx_submit, submit_txs_batch: resend only
 * what the server surely did not take, compare the hash it returns with
 * ours) and waiting for a tx or priority operation, within the call's deadline. */
#include <stdio.h>
#include <sodium.h>

#include "../internal.h"
#include "client.h"

#define BEGIN(p) ZKI_RPC_BEGIN(p)
#define FAIL(p, st) ZKI_RPC_RETURN(p, st)

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
        if (strlen(s) != 132 || !zki_is_hex_n(s + 2, 130)) return -1;
        *out = zki_json_eth_sig(s);
        return *out != NULL ? 0 : -1;
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
static int hint_hash(const cJSON *wrapper, const cJSON *tx, char out[ZKS_TX_HASH_CHARS + 1])
{
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(wrapper, "txHash");
    if (cJSON_IsString(h) && zki_zk_hash_ok(h->valuestring)) {
        zki_zk_hash_norm(out, h->valuestring);
        return 1;
    }
    const cJSON *sb = cJSON_GetObjectItemCaseSensitive(wrapper, "signBytes");
    const cJSON *ty = cJSON_GetObjectItemCaseSensitive(tx, "type");
    if (!cJSON_IsString(sb) || strncmp(sb->valuestring, "0x", 2) != 0 || !cJSON_IsString(ty) ||
        strcmp(ty->valuestring, "Swap") == 0 || strcmp(ty->valuestring, "Order") == 0)
        return 0;
    size_t n = strlen(sb->valuestring + 2);
    if (n == 0 || n % 2 != 0 || n > 4096) return 0;
    uint8_t bytes[2048], d[ZKS_TX_HASH_BYTES];
    if (zki_hex_decode(bytes, n / 2, sb->valuestring + 2, n) != 0) return 0;
    crypto_hash_sha256(d, bytes, n / 2);
    memcpy(out, "sync-tx:", 8);
    zki_hex_encode(out + 8, d, ZKS_TX_HASH_BYTES);
    return 1;
}

/* A tx object, or a zks_tx_sign_json result {"tx":{..},"txHash":..,"signBytes":..}
 * which is unwrapped (its hash goes to hint, when hint is not NULL). */
static cJSON *parse_tx(const char *tx_json, char hint[ZKS_TX_HASH_CHARS + 1], int *has_hint)
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
static int uncertain(zks_status st, int maybe_sent) { return maybe_sent && zki_outcome_unknown(st); }

/* Are all hashes known (executed) by the server? 1 yes, 0 no, -1 could not ask. */
static int all_known(zks_provider *p, const char *const *hashes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cJSON *root, *res;
        zks_tx_info ti;
        zks_status st =
            zki_client_call(&p->rpc, "tx_info", zki_params(1, cJSON_CreateString(hashes[i]), NULL, NULL), 1, &root, &res);
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
    if (end > p->rpc.deadline) end = p->rpc.deadline; /* the call's deadline holds here too */
    uint32_t step = p->rpc.backoff_ms ? p->rpc.backoff_ms : 100;
    for (;;) {
        if (all_known(p, hashes, n) == 1) return 1;
        uint64_t now = zki_now_ms();
        if (now >= end) return 0;
        zki_sleep_ms((uint32_t)(end - now < step ? end - now : step));
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
        if (!uncertain(st, maybe_sent)) return st;
        if (hashes == NULL) {
            char keep[ZKI_RPC_MSG_MAX];
            memcpy(keep, p->rpc.last_msg, sizeof keep);
            snprintf(p->rpc.last_msg, sizeof p->rpc.last_msg,
                     "%.300s; submit outcome unknown (no expected hash to check, not resent)", keep);
            return st;
        }
        if (attempt >= p->rpc.retries) return st;
        if (zki_rpc_sleep(&p->rpc, zki_rpc_retry_delay(&p->rpc, attempt)) != 0) {
            char keep2[ZKI_RPC_MSG_MAX];
            memcpy(keep2, p->rpc.last_msg, sizeof keep2);
            snprintf(p->rpc.last_msg, sizeof p->rpc.last_msg,
                     "%.300s; submit outcome unknown (deadline reached before the tx_info check)", keep2);
            return st;
        }
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

static int hash_from_json(const cJSON *v, char out[ZKS_TX_HASH_CHARS + 1])
{
    if (!cJSON_IsString(v) || !zki_zk_hash_ok(v->valuestring)) return -1;
    zki_zk_hash_norm(out, v->valuestring);
    return 0;
}

/* The server answered a submit with got where we computed want: it holds a tx
 * we did not sign (or mangled ours), so whether ours was taken is unknown. */
static zks_status hash_mismatch(zks_provider *p, const char *method, size_t i, const char *got, const char *want)
{
    p->rpc.last_msg[0] = '\0';
    zki_rpc_note(&p->rpc,
                 "%s returned hash %s for tx %zu, computed %s: outcome unknown, resolve %s before signing again",
                 method, got, i, want, want);
    return ZKS_ERR_MISMATCH;
}

zks_status zks_provider_tx_submit(zks_provider *p, const char *tx_json, const char *eth_signature_json, int32_t fast,
                                  const char *expected_hash, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    ZKI_ARG_CHECK(out_hash != NULL);
    memset(out_hash, 0, ZKS_TX_HASH_CHARS + 1);
    BEGIN(p);
    if (tx_json == NULL || (expected_hash != NULL && !zki_zk_hash_ok(expected_hash))) FAIL(p, ZKS_ERR_INVALID_ARG);
    char exp[ZKS_TX_HASH_CHARS + 1], hint[ZKS_TX_HASH_CHARS + 1];
    const char *hashes[1] = {exp};
    int has_hint = 0;
    cJSON *tx = parse_tx(tx_json, hint, &has_hint);
    if (expected_hash != NULL) {
        zki_zk_hash_norm(exp, expected_hash);
    } else if (has_hint) {
        memcpy(exp, hint, sizeof exp);
        expected_hash = exp;
    }
    cJSON *sig = NULL;
    if (tx == NULL || eth_sig_json(eth_signature_json, &sig) != 0) {
        cJSON_Delete(tx);
        FAIL(p, ZKS_ERR_JSON);
    }
    cJSON *params = zki_params(3, tx, sig, fast ? cJSON_CreateTrue() : cJSON_CreateNull());
    if (params == NULL) FAIL(p, ZKS_ERR_NOMEM);
    cJSON *root = NULL, *res = NULL;
    zks_status st = safe_submit(p, "tx_submit", params, expected_hash != NULL ? hashes : NULL, 1, &root, &res);
    cJSON_Delete(params);
    if (st == ZKS_OK) {
        if (root == NULL) {
            memcpy(out_hash, exp, sizeof exp);
        } else {
            if (hash_from_json(res, out_hash) != 0) {
                st = zki_client_parse_fail(&p->rpc, "tx_submit");
            } else if (expected_hash != NULL && strcmp(out_hash, exp) != 0) {
                st = hash_mismatch(p, "tx_submit", 0, out_hash, exp);
            }
            if (st != ZKS_OK) memset(out_hash, 0, ZKS_TX_HASH_CHARS + 1);
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
    if (out_hashes != NULL) memset(out_hashes, 0, out_cap * (ZKS_TX_HASH_CHARS + 1));
    BEGIN(p);
    if (txs_json == NULL || (expected_hashes != NULL && expected_count == 0)) FAIL(p, ZKS_ERR_INVALID_ARG);
    char (*exp)[ZKS_TX_HASH_CHARS + 1] = NULL, (*hints)[ZKS_TX_HASH_CHARS + 1] = NULL;
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
            if (!zki_zk_hash_ok(expected_hashes[i])) goto out;
            zki_zk_hash_norm(exp[i], expected_hashes[i]);
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
    params = zki_params(2, items, sigs, NULL);
    items = sigs = NULL;
    if (params == NULL) goto out;
    st = safe_submit(p, "submit_txs_batch", params, hp, n, &root, &res);
    if (st != ZKS_OK) goto out;
    if (root == NULL) {
        for (size_t i = 0; i < n; i++) memcpy(out_hashes + i * (ZKS_TX_HASH_CHARS + 1), exp[i], sizeof exp[i]);
        *out_count = n;
        goto out;
    }
    if (!cJSON_IsArray(res) || (size_t)cJSON_GetArraySize(res) != n) {
        st = zki_client_parse_fail(&p->rpc, "submit_txs_batch");
        goto out;
    }
    size_t k = 0;
    const cJSON *h;
    cJSON_ArrayForEach(h, res) {
        char *o = out_hashes + k * (ZKS_TX_HASH_CHARS + 1);
        if (hash_from_json(h, o) != 0) st = zki_client_parse_fail(&p->rpc, "submit_txs_batch");
        else if (hp != NULL && strcmp(o, hp[k]) != 0) st = hash_mismatch(p, "submit_txs_batch", k, o, hp[k]);
        if (st != ZKS_OK) {
            memset(out_hashes, 0, out_cap * (ZKS_TX_HASH_CHARS + 1));
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
    /* timeout 0: one poll, bounded by the total timeout set at entry */
    if (timeout_ms > 0) zki_rpc_set_deadline(&p->rpc, timeout_ms);
    uint64_t end = p->rpc.deadline;
    if (poll_ms == 0) poll_ms = 1000;
    zks_status last = ZKS_ERR_TIMEOUT;
    for (;;) {
        cJSON *root, *res;
        cJSON *params = ethop ? zki_params(1, zki_u64_raw(serial), NULL, NULL)
                              : zki_params(1, cJSON_CreateString(hash), NULL, NULL);
        zks_status st = zki_client_call(&p->rpc, ethop ? "ethop_info" : "tx_info", params, 1, &root, &res);
        if (st == ZKS_OK) {
            st = ethop ? zki_parse_ethop_info(res, &ti) : zki_parse_tx_info(res, &ti);
            cJSON_Delete(root);
            if (st != ZKS_OK) return zki_client_parse_fail(&p->rpc, ethop ? "ethop_info" : "tx_info");
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
    if (!zki_zk_hash_ok(tx_hash) || (level != ZKS_WAIT_COMMITTED && level != ZKS_WAIT_VERIFIED))
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
