/* Claims on the L1 claim distributor: the claim function from a signature
 * with named parameters (the mainnet ABI is not public), the keccak leaf and
 * the sorted-pair proof check against MERKLE_ROOT() on chain, isClaimed,
 * simulation, signing and sending, and the rules that keep a re-run from ever
 * sending a second claim for one leaf. docs/exit-tools.md. */
#include <inttypes.h>
#include <stdio.h>
#include <strings.h>

#include "../internal.h"
#include "crypto/keccak.h"
#include "provider/rpc.h"
#include "l1_ops.h"
#include "sunset.h"

/* ---- the function signatures ---- */

static const char *skip_sp(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    return p;
}

static int ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

static int word_is(const char *p, size_t n, const char *w) { return strlen(w) == n && memcmp(p, w, n) == 0; }

zks_status zki_claim_fn_parse(const char *sig, zki_claim_fn *out)
{
    memset(out, 0, sizeof *out);
    if (sig == NULL) return ZKS_ERR_INVALID_ARG;
    const char *end = sig + strlen(sig);
    const char *p = skip_sp(sig, end);
    const char *name = p;
    while (p < end && ident_char(*p)) p++;
    size_t name_len = (size_t)(p - name);
    if (name_len == 0 || (*name >= '0' && *name <= '9') || name_len > 64) return ZKS_ERR_INVALID_ARG;
    p = skip_sp(p, end);
    if (p == end || *p != '(') return ZKS_ERR_INVALID_ARG;
    p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t')) end--;
    if (end == p || end[-1] != ')') return ZKS_ERR_INVALID_ARG;
    end--; /* the closing ')' */
    char canon[sizeof out->canonical];
    size_t cl = 0;
    memcpy(canon, name, name_len);
    cl = name_len;
    canon[cl++] = '(';
    unsigned seen = 0;
    while (p < end) {
        if (out->n == 5) return ZKS_ERR_INVALID_ARG;
        const char *comma = p;
        while (comma < end && *comma != ',') comma++;
        const char *t = skip_sp(p, comma), *te = t;
        while (te < comma && *te != ' ' && *te != '\t') te++;
        const char *nm = skip_sp(te, comma), *ne = nm;
        while (ne < comma && ident_char(*ne)) ne++;
        if (skip_sp(ne, comma) != comma || ne == nm || te == t) return ZKS_ERR_INVALID_ARG;
        size_t tn = (size_t)(te - t), nn = (size_t)(ne - nm);
        int role;
        if (word_is(nm, nn, "index")) role = ZKI_CLAIM_INDEX;
        else if (word_is(nm, nn, "account")) role = ZKI_CLAIM_ACCOUNT;
        else if (word_is(nm, nn, "token")) role = ZKI_CLAIM_TOKEN;
        else if (word_is(nm, nn, "amount")) role = ZKI_CLAIM_AMOUNT;
        else if (word_is(nm, nn, "proof")) role = ZKI_CLAIM_PROOF;
        else return ZKS_ERR_INVALID_ARG;
        if (seen & (1u << role)) return ZKS_ERR_INVALID_ARG;
        seen |= 1u << role;
        const char *canon_type;
        char ubuf[8];
        unsigned bits = 0;
        if (role == ZKI_CLAIM_INDEX || role == ZKI_CLAIM_AMOUNT) {
            if (word_is(t, tn, "uint")) {
                bits = 256;
            } else {
                if (tn < 5 || tn > 7 || memcmp(t, "uint", 4) != 0 || t[4] == '0') return ZKS_ERR_INVALID_ARG;
                for (size_t i = 4; i < tn; i++) {
                    if (t[i] < '0' || t[i] > '9') return ZKS_ERR_INVALID_ARG;
                    bits = bits * 10 + (unsigned)(t[i] - '0');
                }
                if (bits % 8 != 0 || bits > 256) return ZKS_ERR_INVALID_ARG;
            }
            snprintf(ubuf, sizeof ubuf, "uint%u", bits);
            canon_type = ubuf;
        } else if (role == ZKI_CLAIM_PROOF) {
            if (!word_is(t, tn, "bytes32[]")) return ZKS_ERR_INVALID_ARG;
            canon_type = "bytes32[]";
        } else {
            if (!word_is(t, tn, "address")) return ZKS_ERR_INVALID_ARG;
            canon_type = "address";
        }
        size_t ctl = strlen(canon_type);
        if (cl + ctl + 2 >= sizeof canon) return ZKS_ERR_INVALID_ARG;
        if (out->n > 0) canon[cl++] = ',';
        memcpy(canon + cl, canon_type, ctl);
        cl += ctl;
        out->role[out->n] = role;
        out->bits[out->n] = bits;
        out->n++;
        p = comma < end ? comma + 1 : comma;
        if (comma < end && skip_sp(p, end) == end) return ZKS_ERR_INVALID_ARG; /* trailing comma */
    }
    if (out->n == 0) return ZKS_ERR_INVALID_ARG;
    canon[cl++] = ')';
    canon[cl] = '\0';
    memcpy(out->canonical, canon, cl + 1);
    return ZKS_OK;
}

zks_status zki_claim_fn_encode(const zki_claim_fn *f, const zki_claim_leaf *leaf, zki_buf *out)
{
    zki_abi_arg a[5];
    for (size_t i = 0; i < f->n; i++) {
        zki_u256 v;
        switch (f->role[i]) {
        case ZKI_CLAIM_INDEX:
            zki_u256_from_u64(&v, leaf->index);
            if (zki_u256_bits(&v) > f->bits[i]) return ZKS_ERR_INVALID_AMOUNT;
            zki_abi_arg_u256(&a[i], &v);
            break;
        case ZKI_CLAIM_AMOUNT:
            if (zki_u256_bits(&leaf->amount) > f->bits[i]) return ZKS_ERR_INVALID_AMOUNT;
            zki_abi_arg_u256(&a[i], &leaf->amount);
            break;
        case ZKI_CLAIM_ACCOUNT:
            zki_abi_arg_address(&a[i], leaf->account);
            break;
        case ZKI_CLAIM_TOKEN:
            zki_abi_arg_address(&a[i], leaf->token);
            break;
        default:
            zki_abi_arg_bytes32_array(&a[i], leaf->proof, leaf->proof_len);
            break;
        }
    }
    uint8_t sel[4];
    zki_abi_selector(f->canonical, sel);
    zki_abi_encode(out, sel, a, f->n);
    return out->err != 0 ? (zks_status)out->err : ZKS_OK;
}

/* ---- leaf and proof ---- */

void zki_claim_leaf_hash(const zki_claim_leaf *leaf, uint8_t out[ZKS_ETH_HASH_BYTES])
{
    uint8_t d[104];
    zki_u256 idx;
    zki_u256_from_u64(&idx, leaf->index);
    (void)zki_u256_to_be(d, ZKS_U256_BYTES, &idx);
    memcpy(d + ZKS_U256_BYTES, leaf->account, ZKS_ETH_ADDRESS_BYTES);
    memcpy(d + 52, leaf->token, ZKS_ETH_ADDRESS_BYTES);
    (void)zki_u256_to_be(d + 72, ZKS_U256_BYTES, &leaf->amount);
    zki_keccak256(d, sizeof d, out);
}

int zki_claim_proof_ok(const uint8_t leaf[ZKS_ETH_HASH_BYTES], const uint8_t *proof, size_t proof_len,
                       const uint8_t root[ZKS_ETH_HASH_BYTES])
{
    uint8_t h[ZKS_ETH_HASH_BYTES], pair[2 * ZKS_ETH_HASH_BYTES];
    memcpy(h, leaf, ZKS_ETH_HASH_BYTES);
    for (size_t i = 0; i < proof_len; i++) {
        const uint8_t *s = proof + ZKS_ETH_HASH_BYTES * i;
        /* sorted pair: the smaller 32-byte big-endian value first */
        if (memcmp(h, s, ZKS_ETH_HASH_BYTES) <= 0) {
            memcpy(pair, h, ZKS_ETH_HASH_BYTES);
            memcpy(pair + ZKS_ETH_HASH_BYTES, s, ZKS_ETH_HASH_BYTES);
        } else {
            memcpy(pair, s, ZKS_ETH_HASH_BYTES);
            memcpy(pair + ZKS_ETH_HASH_BYTES, h, ZKS_ETH_HASH_BYTES);
        }
        zki_keccak256(pair, sizeof pair, h);
    }
    return memcmp(h, root, ZKS_ETH_HASH_BYTES) == 0;
}

static zks_status leaf_parse(const zks_l1_claim *c, zki_claim_leaf *out)
{
    memset(out, 0, sizeof *out);
    if (c->proof_len > ZKS_L1_CLAIM_PROOF_MAX || (c->proof == NULL && c->proof_len > 0)) return ZKS_ERR_INVALID_ARG;
    if (memchr(c->account, '\0', sizeof c->account) == NULL || memchr(c->token, '\0', sizeof c->token) == NULL ||
        memchr(c->amount, '\0', sizeof c->amount) == NULL)
        return ZKS_ERR_INVALID_ARG;
    zks_status st = zks_eth_address_parse(c->account, out->account);
    if (st == ZKS_OK) st = zks_eth_address_parse(c->token, out->token);
    if (st != ZKS_OK) return st;
    if (zki_u256_from_dec(&out->amount, c->amount) != 0) return ZKS_ERR_INVALID_AMOUNT;
    out->index = c->index;
    out->proof = c->proof;
    out->proof_len = c->proof_len;
    return ZKS_OK;
}

zks_status zks_l1_claim_from_proof(const zks_exit_proof *proof, zks_l1_claim *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(proof != NULL && proof->path_len <= ZKS_L1_CLAIM_PROOF_MAX);
    zki_u256 v;
    zki_u256_from_be(&v, proof->amount, ZKS_U256_BYTES);
    out->index = proof->claim_index;
    out->account[0] = out->token[0] = '0';
    out->account[1] = out->token[1] = 'x';
    zki_hex_encode(out->account + 2, proof->account, ZKS_ETH_ADDRESS_BYTES);
    zki_hex_encode(out->token + 2, proof->token, ZKS_ETH_ADDRESS_BYTES);
    zki_u256_to_dec(out->amount, &v);
    out->proof_len = proof->path_len;
    out->proof = proof->path_len > 0 ? &proof->path[0][0] : NULL;
    return ZKS_OK;
}

zks_status zks_l1_claim_encode(const char *claim_function, const zks_l1_claim *claim, uint8_t *out, size_t out_cap,
                               size_t *out_len)
{
    ZKI_ARG_CHECK(out_len != NULL);
    *out_len = 0;
    ZKI_ARG_CHECK(out != NULL || out_cap == 0);
    if (out != NULL) memset(out, 0, out_cap);
    ZKI_ARG_CHECK(claim != NULL);
    zki_claim_fn f;
    zks_status st = zki_claim_fn_parse(claim_function != NULL ? claim_function : ZKS_L1_DEVNET_CLAIM_FUNCTION, &f);
    if (st != ZKS_OK) return st;
    zki_claim_leaf leaf;
    if ((st = leaf_parse(claim, &leaf)) != ZKS_OK) return st;
    zki_buf b;
    zki_buf_init(&b);
    st = zki_claim_fn_encode(&f, &leaf, &b);
    if (st == ZKS_OK) {
        *out_len = b.len;
        if (b.len > out_cap) st = ZKS_ERR_BUFFER_SIZE;
        else memcpy(out, b.p, b.len);
    }
    zki_buf_free(&b);
    if (st != ZKS_OK && st != ZKS_ERR_BUFFER_SIZE) *out_len = 0;
    return st;
}

/* ---- the engine ---- */

typedef struct {
    zks_eth_rpc *rpc;
    zks_l1 *l1;               /* NULL: check only, from = the leaf's account */
    int check_only;
    uint8_t dist[ZKS_ETH_ADDRESS_BYTES];
    char dist_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    uint8_t root[ZKS_ETH_HASH_BYTES];
    zki_claim_fn claim_fn, is_claimed_fn;
    zks_l1_claim_options o;
    uint64_t next_nonce;
    int have_nonce;
} engine;

static void set_reason(zks_l1_claim_result *r, const char *msg)
{
    snprintf(r->reason, sizeof r->reason, "%s", msg != NULL ? msg : "");
}

/* The node's reason for a failed call. */
static zks_status rpc_reason(engine *e, zks_l1_claim_result *r, zks_status st)
{
    const char *rr = zks_eth_rpc_revert_reason(e->rpc);
    set_reason(r, st == ZKS_ERR_L1_REVERT && rr[0] != '\0' ? rr : zks_eth_rpc_errmsg(e->rpc));
    return st;
}

static void fail(zks_l1_claim_result *r, zks_status st)
{
    r->state = ZKS_L1_CLAIM_FAILED;
    r->status = (int32_t)st;
}

static char *hex_of(const zki_buf *b)
{
    char *hex = zki_malloc(2 * b->len + 3);
    if (hex == NULL) return NULL;
    hex[0] = '0';
    hex[1] = 'x';
    zki_hex_encode(hex + 2, b->p, b->len);
    return hex;
}

static void copy_receipt(zks_eth_receipt *rc, zks_l1_claim_result *r)
{
    zks_eth_receipt_info ri;
    if (rc != NULL && zks_eth_receipt_get_info(rc, &ri) == ZKS_OK) {
        r->block_number = ri.block_number;
        r->gas_used = ri.gas_used;
    }
}

/* Does the node know the tx (pending or mined)? 1 yes, 0 no, -1 could not ask. */
static int tx_known(engine *e, const char *hash)
{
    char *params = zki_json_params_str(hash), *res = NULL;
    zks_status st = params != NULL ? zks_eth_rpc_call_json(e->rpc, "eth_getTransactionByHash", params, 1, &res)
                                   : ZKS_ERR_NOMEM;
    zks_free(params);
    if (st != ZKS_OK) return -1;
    int known = res[0] == '{';
    zks_free(res);
    return known;
}

/* A leaf that comes with an earlier attempt. Returns 1 when that settles the
 * leaf (r is final), 0 when a new transaction may be signed. */
static int resolve_prev(engine *e, const zks_l1_claim *c, zks_l1_claim_result *r)
{
    const char *me = zki_l1_address_hex(e->l1);
    uint64_t latest = 0;
    /* the nonce first: a tx mined between the two calls then shows up as a receipt */
    zks_status st = zks_eth_rpc_get_nonce(e->rpc, me, "latest", &latest);
    if (st != ZKS_OK) {
        fail(r, rpc_reason(e, r, st));
        return 1;
    }
    zks_eth_receipt *rc = NULL;
    st = zks_eth_rpc_get_receipt(e->rpc, c->prev_tx_hash, &rc);
    if (st == ZKS_OK) {
        zks_eth_receipt_info ri;
        int ok = zks_eth_receipt_get_info(rc, &ri) == ZKS_OK && ri.status == 1;
        if (ok) {
            memcpy(r->tx_hash, c->prev_tx_hash, sizeof r->tx_hash);
            r->nonce = c->prev_nonce;
            copy_receipt(rc, r);
            r->state = ZKS_L1_CLAIM_CLAIMED;
            r->status = ZKS_OK;
        }
        zks_eth_receipt_free(rc);
        return ok; /* reverted: a new claim may be sent */
    }
    if (st != ZKS_ERR_NOT_FOUND) {
        fail(r, rpc_reason(e, r, st));
        return 1;
    }
    if (latest > c->prev_nonce) return 0; /* its nonce went to another tx: it can never be mined */
    /* It may still be pending: never sign a new one; send only the same bytes again. */
    memcpy(r->tx_hash, c->prev_tx_hash, sizeof r->tx_hash);
    r->nonce = c->prev_nonce;
    r->state = ZKS_L1_CLAIM_PENDING;
    if (c->prev_raw == NULL || c->prev_raw_len == 0 || c->prev_raw_len > ZKS_L1_CLAIM_RAW_MAX) {
        r->status = ZKS_ERR_STATE;
        snprintf(r->reason, sizeof r->reason,
                 "the earlier claim tx %s (nonce %" PRIu64 ") may still be pending; nothing new is signed: wait "
                 "for it, or give its signed bytes to resend them",
                 c->prev_tx_hash, c->prev_nonce);
        return 1;
    }
    uint8_t h[ZKS_ETH_HASH_BYTES];
    char hh[ZKS_HASH_HEX_CHARS + 1] = "0x";
    zki_keccak256(c->prev_raw, c->prev_raw_len, h);
    zki_hex_encode(hh + 2, h, ZKS_ETH_HASH_BYTES);
    if (strcasecmp(hh, c->prev_tx_hash) != 0) {
        r->status = ZKS_ERR_INVALID_ARG;
        set_reason(r, "prev_raw does not hash to prev_tx_hash");
        return 1;
    }
    memcpy(r->raw, c->prev_raw, c->prev_raw_len);
    r->raw_len = c->prev_raw_len;
    char got[ZKS_HASH_HEX_CHARS + 1];
    st = zks_eth_rpc_send_raw_transaction(e->rpc, c->prev_raw, c->prev_raw_len, c->prev_tx_hash, got);
    /* nodes refuse a tx they already hold in many ways ("already known", ganache's
     * "transaction underpriced"): if the node knows it, it is pending */
    if (st != ZKS_OK && !zki_outcome_unknown(st) && tx_known(e, c->prev_tx_hash) == 1) st = ZKS_OK;
    if (st != ZKS_OK) (void)rpc_reason(e, r, st);
    r->status = (int32_t)st;
    e->have_nonce = 0;
    return 1;
}

static zks_status is_claimed(engine *e, const zki_claim_leaf *leaf, int *out, zks_l1_claim_result *r)
{
    zki_buf b;
    zki_buf_init(&b);
    zks_status st = zki_claim_fn_encode(&e->is_claimed_fn, leaf, &b);
    char *hex = st == ZKS_OK ? hex_of(&b) : NULL;
    if (st == ZKS_OK && hex == NULL) st = ZKS_ERR_NOMEM;
    if (st == ZKS_OK) {
        uint8_t ret[ZKI_L1_VIEW_RET_BYTES];
        size_t len = 0;
        st = zks_eth_rpc_call(e->rpc, NULL, e->dist_hex, hex, NULL, ret, sizeof ret, &len);
        if (st == ZKS_OK && zki_abi_get_bool(ret, len, 0, out) != ZKS_OK) {
            st = ZKS_ERR_PARSE;
            set_reason(r, "isClaimed did not return a bool");
        } else if (st != ZKS_OK) {
            (void)rpc_reason(e, r, st == ZKS_ERR_BUFFER_SIZE ? ZKS_ERR_PARSE : st);
            if (st == ZKS_ERR_BUFFER_SIZE) st = ZKS_ERR_PARSE;
        }
    }
    zks_free(hex);
    zki_buf_free(&b);
    return st;
}

/* isTokenMigrated(token) of l1's main contract says no (a failed read counts as unknown: 0). */
static int token_not_migrated(engine *e, const uint8_t token[ZKS_ETH_ADDRESS_BYTES])
{
    uint8_t main[ZKS_ETH_ADDRESS_BYTES], ret[ZKI_L1_VIEW_RET_BYTES];
    size_t len = 0;
    int v = 1;
    zki_abi_arg a[1];
    zki_abi_arg_address(&a[0], token);
    if (zks_eth_address_parse(zki_l1_main_hex(e->l1), main) != ZKS_OK ||
        zki_sunset_view(e->rpc, NULL, main, "isTokenMigrated(address)", a, 1, ret, sizeof ret, &len) != ZKS_OK ||
        zki_abi_get_bool(ret, len, 0, &v) != ZKS_OK)
        return 0;
    return v == 0;
}

static void leaf_run(engine *e, size_t i, const zks_l1_claim *c, zks_l1_claim_result *r)
{
    memset(r, 0, sizeof *r);
    zki_claim_leaf leaf;
    zks_status st = leaf_parse(c, &leaf);
    if (st != ZKS_OK) {
        set_reason(r, "malformed leaf (account, token, amount or proof)");
        fail(r, st);
        return;
    }
    uint8_t lh[ZKS_ETH_HASH_BYTES];
    zki_claim_leaf_hash(&leaf, lh);
    if (!zki_claim_proof_ok(lh, leaf.proof, leaf.proof_len, e->root)) {
        char rh[2 * ZKS_ETH_HASH_BYTES + 1];
        zki_hex_encode(rh, e->root, ZKS_ETH_HASH_BYTES);
        snprintf(r->reason, sizeof r->reason, "the proof of leaf %" PRIu64 " does not lead to MERKLE_ROOT() 0x%s",
                 c->index, rh);
        fail(r, ZKS_ERR_PROOF_INVALID);
        return;
    }
    if (e->l1 != NULL && c->prev_tx_hash[0] != '\0' && resolve_prev(e, c, r)) return;
    int claimed = 0;
    if ((st = is_claimed(e, &leaf, &claimed, r)) != ZKS_OK) {
        fail(r, st);
        return;
    }
    if (claimed) {
        r->state = ZKS_L1_CLAIM_ALREADY;
        r->status = ZKS_ERR_ALREADY_CLAIMED;
        snprintf(r->reason, sizeof r->reason, "leaf %" PRIu64 " is already claimed", c->index);
        return;
    }
    zki_buf b;
    zki_buf_init(&b);
    char *hex = NULL;
    st = zki_claim_fn_encode(&e->claim_fn, &leaf, &b);
    if (st == ZKS_OK && (hex = hex_of(&b)) == NULL) st = ZKS_ERR_NOMEM;
    if (st != ZKS_OK) {
        set_reason(r, "the leaf does not fit the claim function's types");
        fail(r, st);
        goto out;
    }
    char from[ZKS_ETH_ADDRESS_CHARS + 1];
    snprintf(from, sizeof from, "%s", e->l1 != NULL ? zki_l1_address_hex(e->l1) : c->account);
    /* simulate: a claim that would revert is never sent */
    {
        uint8_t ret[256];
        size_t len = 0;
        st = zks_eth_rpc_call(e->rpc, from, e->dist_hex, hex, NULL, ret, sizeof ret, &len);
        if (st == ZKS_ERR_BUFFER_SIZE) st = ZKS_OK; /* the claim's return value is not used */
        if (st == ZKS_ERR_L1_REVERT && e->l1 != NULL && token_not_migrated(e, leaf.token)) {
            /* the distributor holds none of it until migrateToken(token) ran */
            snprintf(r->reason, sizeof r->reason,
                     "token %s is not migrated to the claim distributor yet: migrateToken(%s) first "
                     "(zks_l1_migrate_token); nothing sent",
                     c->token, c->token);
            fail(r, ZKS_ERR_STATE);
            goto out;
        }
        if (st != ZKS_OK) {
            fail(r, rpc_reason(e, r, st));
            goto out;
        }
    }
    if (e->check_only) {
        r->state = ZKS_L1_CLAIM_CLAIMABLE;
        r->status = ZKS_OK;
        goto out;
    }
    /* an l1 send in doubt (any kind): nothing new is signed for its nonce */
    if ((st = zki_l1_resolve_doubt(e->l1, 0, NULL)) != ZKS_OK) {
        set_reason(r, zks_l1_errmsg(e->l1));
        fail(r, st);
        goto out;
    }
    uint64_t gas = e->o.gas_limit;
    if (gas == 0) {
        st = zks_eth_rpc_estimate_gas(e->rpc, from, e->dist_hex, NULL, hex, &gas);
        if (st != ZKS_OK) {
            fail(r, rpc_reason(e, r, st));
            goto out;
        }
        gas += gas / 5;
    }
    if (!e->have_nonce) {
        st = zks_eth_rpc_get_nonce(e->rpc, from, "pending", &e->next_nonce);
        if (st != ZKS_OK) {
            fail(r, rpc_reason(e, r, st));
            goto out;
        }
        e->have_nonce = 1;
    }
    st = zki_l1_sign_call(e->l1, e->dist, NULL, b.p, b.len, gas, e->next_nonce, r->raw, sizeof r->raw, &r->raw_len,
                          r->tx_hash);
    if (st != ZKS_OK) {
        set_reason(r, zks_l1_errmsg(e->l1));
        r->raw_len = 0;
        memset(r->raw, 0, sizeof r->raw);
        r->tx_hash[0] = '\0';
        fail(r, st);
        goto out;
    }
    r->nonce = e->next_nonce;
    if (e->o.journal != NULL && (st = e->o.journal(e->o.journal_ctx, i, c, r)) != ZKS_OK) {
        set_reason(r, "the journal hook refused: not sent");
        memset(r->raw, 0, sizeof r->raw);
        r->raw_len = 0;
        r->tx_hash[0] = '\0';
        r->nonce = 0;
        fail(r, st);
        goto out;
    }
    char got[ZKS_HASH_HEX_CHARS + 1];
    st = zki_l1_send_signed(e->l1, r->raw, r->raw_len, r->tx_hash, r->nonce, got);
    if (st == ZKS_OK) {
        r->state = ZKS_L1_CLAIM_PENDING;
        r->status = ZKS_OK;
        e->next_nonce++;
    } else if (st == ZKS_ERR_OUTCOME_UNKNOWN) {
        /* the node may have it: keep hash, nonce and bytes (also the l1's doubt);
         * ask the nonce again next time */
        r->state = ZKS_L1_CLAIM_PENDING;
        r->status = (int32_t)st;
        set_reason(r, zks_l1_errmsg(e->l1));
        e->have_nonce = 0;
    } else {
        (void)rpc_reason(e, r, st);
        memset(r->raw, 0, sizeof r->raw);
        r->raw_len = 0;
        r->tx_hash[0] = '\0';
        r->nonce = 0;
        fail(r, st);
        e->have_nonce = 0;
    }
out:
    zks_free(hex);
    zki_buf_free(&b);
}

/* Waits for the receipt of a leaf that was surely sent. */
static void leaf_wait(engine *e, const zks_l1_claim *c, zks_l1_claim_result *r)
{
    zks_eth_receipt *rc = NULL;
    zks_status st = zks_eth_rpc_wait_receipt(e->rpc, r->tx_hash, e->o.wait_ms, zki_l1_poll_ms(e->l1), &rc);
    copy_receipt(rc, r);
    zks_eth_receipt_free(rc);
    if (st == ZKS_OK) {
        r->state = ZKS_L1_CLAIM_CLAIMED;
        r->status = ZKS_OK;
        r->reason[0] = '\0';
    } else if (st == ZKS_ERR_L1_REVERT) {
        r->state = ZKS_L1_CLAIM_FAILED;
        r->status = ZKS_ERR_L1_REVERT;
        snprintf(r->reason, sizeof r->reason, "claim tx %s of leaf %" PRIu64 " reverted (receipt status 0)",
                 r->tx_hash, c->index);
    } else {
        r->status = (int32_t)st; /* still PENDING: look tx_hash up before sending again */
        (void)rpc_reason(e, r, st);
    }
}

static zks_status run(engine *e, const char *distributor, const zks_l1_claim_options *opts,
                      const zks_l1_claim *claims, size_t n, zks_l1_claim_result *results)
{
    zks_l1_claim_options def = ZKS_L1_CLAIM_OPTIONS_INIT;
    if (opts != NULL) {
        ZKI_ARG_CHECK(opts->struct_size >= sizeof(zks_l1_claim_options));
        ZKI_ARG_CHECK((opts->flags & ~(uint32_t)ZKS_L1_CLAIM_CHECK_ONLY) == 0);
        def = *opts;
    }
    e->o = def;
    if (def.flags & ZKS_L1_CLAIM_CHECK_ONLY) e->check_only = 1;
    zks_status st = zki_claim_fn_parse(def.claim_function != NULL ? def.claim_function : ZKS_L1_DEVNET_CLAIM_FUNCTION,
                                       &e->claim_fn);
    if (st == ZKS_OK)
        st = zki_claim_fn_parse(def.is_claimed_function != NULL ? def.is_claimed_function
                                                                : ZKS_L1_DEVNET_IS_CLAIMED_FUNCTION,
                                &e->is_claimed_fn);
    if (st != ZKS_OK) return st;
    for (size_t k = 0; k < e->is_claimed_fn.n; k++)
        if (e->is_claimed_fn.role[k] == ZKI_CLAIM_PROOF) return ZKS_ERR_INVALID_ARG;
    if ((st = zks_eth_address_parse(distributor, e->dist)) != ZKS_OK) return st;
    e->dist_hex[0] = '0';
    e->dist_hex[1] = 'x';
    zki_hex_encode(e->dist_hex + 2, e->dist, ZKS_ETH_ADDRESS_BYTES);
    int32_t found = 0;
    uint8_t ret[ZKI_L1_VIEW_RET_BYTES];
    size_t len = 0;
    st = zki_sunset_view(e->rpc, NULL, e->dist, "MERKLE_ROOT()", NULL, 0, ret, sizeof ret, &len);
    if (st != ZKS_OK) return st;
    found = zki_abi_get_word(ret, len, 0, e->root) == ZKS_OK;
    if (!found) return ZKS_ERR_PARSE;
    static const uint8_t zero[ZKS_ETH_HASH_BYTES];
    if (memcmp(e->root, zero, ZKS_ETH_HASH_BYTES) == 0) return ZKS_ERR_STATE;

    for (size_t i = 0; i < n; i++) leaf_run(e, i, &claims[i], &results[i]);
    if (!e->check_only && e->o.wait_ms != 0)
        for (size_t i = 0; i < n; i++)
            if (results[i].state == ZKS_L1_CLAIM_PENDING && results[i].status == ZKS_OK)
                leaf_wait(e, &claims[i], &results[i]);
    int want = e->check_only ? ZKS_L1_CLAIM_CLAIMABLE : ZKS_L1_CLAIM_CLAIMED;
    for (size_t i = 0; i < n; i++) {
        if (results[i].state == want) continue;
        if (e->l1 != NULL && results[i].reason[0] != '\0') zki_l1_set_msg(e->l1, results[i].reason);
        return (zks_status)results[i].status;
    }
    return ZKS_OK;
}

#define CLAIMS_MAX 100000u

zks_status zks_l1_claims_check(zks_eth_rpc *rpc, const char *distributor, const zks_l1_claim_options *opts,
                               const zks_l1_claim *claims, size_t n, zks_l1_claim_result *results)
{
    ZKI_ARG_CHECK(results != NULL && n >= 1 && n <= CLAIMS_MAX);
    memset(results, 0, n * sizeof *results);
    ZKI_ARG_CHECK(rpc != NULL && distributor != NULL && claims != NULL);
    engine e;
    memset(&e, 0, sizeof e);
    e.rpc = rpc;
    e.check_only = 1;
    zks_status st = run(&e, distributor, opts, claims, n, results);
    if (st != ZKS_OK && results[0].state == 0 && results[0].status == 0) memset(results, 0, n * sizeof *results);
    return st;
}

zks_status zks_l1_claims_send(zks_l1 *l1, const char *distributor, const zks_l1_claim_options *opts,
                              const zks_l1_claim *claims, size_t n, zks_l1_claim_result *results)
{
    ZKI_ARG_CHECK(results != NULL && n >= 1 && n <= CLAIMS_MAX);
    memset(results, 0, n * sizeof *results);
    ZKI_ARG_CHECK(l1 != NULL && distributor != NULL && claims != NULL);
    zki_l1_set_msg(l1, "");
    engine e;
    memset(&e, 0, sizeof e);
    e.rpc = zki_l1_rpc(l1);
    e.l1 = l1;
    zks_status st = run(&e, distributor, opts, claims, n, results);
    if (st != ZKS_OK && results[0].state == 0 && results[0].status == 0) {
        memset(results, 0, n * sizeof *results);
        if (zks_l1_errmsg(l1)[0] == '\0') (void)zki_l1_rpc_fail(l1, st);
    }
    return st;
}
