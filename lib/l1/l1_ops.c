/* zkSync L1 contract operations (zks_l1): deposits, ERC20 approval, full
 * exits, pending-balance withdrawals, on-chain ChangePubKey authorisation and
 * the matching reads, over zks_eth_rpc, zks_eth_tx signing and the internal
 * ABI helpers. Selectors, gas limits and flows: docs/wallet.md and the
 * project spec (api-and-l1.md section 3). */
#include <stdio.h>
#include <strings.h>

#include "../internal.h"
#include "crypto/keccak.h"
#include "eth/eth.h"
#include "l1_ops.h"

/* topic0 of NewPriorityRequest(address,uint64,uint8,bytes,uint256). */
static const uint8_t TOPIC_NEW_PRIORITY_REQUEST[ZKS_ETH_HASH_BYTES] = {
    0xd0, 0x94, 0x33, 0x72, 0xc0, 0x8b, 0x43, 0x8a, 0x88, 0xd4, 0xb3, 0x9d, 0x77, 0x21, 0x69, 0x01,
    0x07, 0x9e, 0xda, 0x9c, 0xa5, 0x9d, 0x45, 0x34, 0x98, 0x41, 0xc0, 0x99, 0x08, 0x3b, 0x68, 0x30};


/* ---- small helpers ---- */

void zki_l1_set_msg(zks_l1 *l1, const char *msg)
{
    snprintf(l1->errmsg, sizeof l1->errmsg, "%s", msg != NULL ? msg : "");
}

/* Keeps the eth_rpc's reason for a failed call. */
zks_status zki_l1_rpc_fail(zks_l1 *l1, zks_status st)
{
    const char *r = zks_eth_rpc_revert_reason(l1->rpc);
    if (st == ZKS_ERR_L1_REVERT && r[0] != '\0')
        zki_l1_set_msg(l1, r);
    else
        zki_l1_set_msg(l1, zks_eth_rpc_errmsg(l1->rpc));
    return st;
}

static void set_msg(zks_l1 *l1, const char *msg) { zki_l1_set_msg(l1, msg); }
static zks_status rpc_fail(zks_l1 *l1, zks_status st) { return zki_l1_rpc_fail(l1, st); }

/* Parses an optional address (NULL = self) into 20 bytes. */
static zks_status parse_addr(const zks_l1 *l1, const char *text, uint8_t out[ZKS_ETH_ADDRESS_BYTES])
{
    if (text == NULL) {
        memcpy(out, l1->address, ZKS_ETH_ADDRESS_BYTES);
        return ZKS_OK;
    }
    return zks_eth_address_parse(text, out);
}

/* An optional account address (NULL = self) and a token address. */
static zks_status parse_who_tok(const zks_l1 *l1, const char *address, const char *token_address,
                                uint8_t who[ZKS_ETH_ADDRESS_BYTES], uint8_t tok[ZKS_ETH_ADDRESS_BYTES])
{
    zks_status st = parse_addr(l1, address, who);
    if (st != ZKS_OK) return st;
    return zks_eth_address_parse(token_address, tok);
}

static zks_status parse_amount(const char *s, zki_u256 *out)
{
    if (s == NULL || zki_u256_from_dec(out, s) != 0) return ZKS_ERR_INVALID_AMOUNT;
    return ZKS_OK;
}

/* Encodes selector+args into a fresh buffer; "0x" hex too when hex != NULL. */
static zks_status encode_call(const char *sig, const zki_abi_arg *args, size_t n, zki_buf *out, char **hex)
{
    uint8_t sel[4];
    zki_abi_selector(sig, sel);
    zki_buf_init(out);
    zki_abi_encode(out, sel, args, n);
    if (out->err != 0) {
        zks_status st = (zks_status)out->err;
        zki_buf_free(out);
        return st;
    }
    if (hex != NULL) {
        *hex = zki_malloc(2 * out->len + 3);
        if (*hex == NULL) {
            zki_buf_free(out);
            return ZKS_ERR_NOMEM;
        }
        (*hex)[0] = '0';
        (*hex)[1] = 'x';
        zki_hex_encode(*hex + 2, out->p, out->len);
    }
    return ZKS_OK;
}

/* eth_call of a view function returning at least `words` words. */
static zks_status view_call(zks_l1 *l1, const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *sig,
                            const zki_abi_arg *args, size_t n, uint8_t *ret, size_t ret_cap, size_t *ret_len)
{
    zki_buf b;
    char *hex = NULL;
    zks_status st = encode_call(sig, args, n, &b, &hex);
    if (st != ZKS_OK) return st;
    char to_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    zki_l1_addr_hex(to_hex, to);
    st = zks_eth_rpc_call(l1->rpc, l1->address_hex, to_hex, hex, NULL, ret, ret_cap, ret_len);
    zks_free(hex);
    zki_buf_free(&b);
    if (st != ZKS_OK) return rpc_fail(l1, st);
    return ZKS_OK;
}

static zks_status view_uint(zks_l1 *l1, const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *sig,
                            const zki_abi_arg *args, size_t n, char out[ZKS_AMOUNT_CHARS + 1])
{
    uint8_t ret[256];
    size_t len = 0;
    zks_status st = view_call(l1, to, sig, args, n, ret, sizeof ret, &len);
    if (st == ZKS_ERR_BUFFER_SIZE) {
        set_msg(l1, "unexpectedly long answer from eth_call");
        return ZKS_ERR_PARSE;
    }
    if (st != ZKS_OK) return st;
    zki_u256 v;
    if (zki_abi_get_uint(ret, len, 0, 256, &v) != ZKS_OK) {
        set_msg(l1, "short answer from eth_call");
        return ZKS_ERR_PARSE;
    }
    zki_u256_to_dec(out, &v);
    return ZKS_OK;
}

/* ---- the shutdown: "L" (exodus) and "LD" (deposits paused) ---- */

enum { OP_DEPOSIT, OP_FULL_EXIT, OP_SET_AUTH };

/* A revert "L" / "LD" of an operation the sunset refuses for good becomes
 * ZKS_ERR_NETWORK_SHUT_DOWN; the message keeps the revert string in front and
 * says what to do instead. Never retried. */
static zks_status refused_for_good(zks_l1 *l1, zks_status st, int op)
{
    if (st != ZKS_ERR_L1_REVERT) return st;
    int exodus = strcmp(l1->errmsg, "L") == 0, paused = strcmp(l1->errmsg, "LD") == 0;
    if (!exodus && !(paused && op == OP_DEPOSIT)) return st;
    static const char *const what[] = {"deposits", "full exits", "changes of the signing key"};
    if (exodus)
        snprintf(l1->errmsg, sizeof l1->errmsg,
                 "L: the zkSync Lite contract is in exodus mode (the network was shut down), so %s are refused "
                 "for good: claim the final L2 balance on L1 (zks_l1_claims_send) and withdraw any pending "
                 "balance (zks_l1_withdraw_pending_balance)",
                 what[op]);
    else
        snprintf(l1->errmsg, sizeof l1->errmsg,
                 "LD: deposits are paused for good (zkSync Lite is shutting down): keep the funds on L1; claim L2 "
                 "balances on L1 once the claim root is set and withdraw any pending balance");
    return ZKS_ERR_NETWORK_SHUT_DOWN;
}

/* Reads a bool view of the main contract; -1 when it cannot be read (older
 * contracts have no pausedDeposits). */
static int main_flag(zks_l1 *l1, const char *sig)
{
    uint8_t sel[4], ret[ZKI_L1_VIEW_RET_BYTES];
    zki_abi_selector(sig, sel);
    char data[11] = "0x";
    zki_hex_encode(data + 2, sel, 4);
    size_t n = 0;
    int v = 0;
    if (zks_eth_rpc_call(l1->rpc, l1->address_hex, l1->main_hex, data, NULL, ret, sizeof ret, &n) != ZKS_OK) return -1;
    if (zki_abi_get_bool(ret, n, 0, &v) != ZKS_OK) return -1;
    return v;
}

/* isTokenMigrated(token): 1 / 0, or -1 when it cannot be read (older contracts). */
static int token_migrated(zks_l1 *l1, const uint8_t token[ZKS_ETH_ADDRESS_BYTES])
{
    zki_abi_arg a[1];
    zki_abi_arg_address(&a[0], token);
    uint8_t ret[ZKI_L1_VIEW_RET_BYTES];
    size_t n = 0;
    int v = 0;
    if (view_call(l1, l1->main, "isTokenMigrated(address)", a, 1, ret, sizeof ret, &n) != ZKS_OK) {
        l1->errmsg[0] = '\0';
        return -1;
    }
    if (zki_abi_get_bool(ret, n, 0, &v) != ZKS_OK) return -1;
    return v;
}

/* Before a deposit that would first send an approve: refuse it when the
 * contract is in exodus or has deposits paused, so no approve is wasted. */
static zks_status deposits_open(zks_l1 *l1)
{
    if (main_flag(l1, "exodusMode()") == 1) set_msg(l1, "L");
    else if (main_flag(l1, "pausedDeposits()") == 1) set_msg(l1, "LD");
    else return ZKS_OK;
    return refused_for_good(l1, ZKS_ERR_L1_REVERT, OP_DEPOSIT);
}

/* ---- sending ---- */

typedef struct {
    const uint8_t *to;       /* 20 bytes */
    const char *value;       /* wei or NULL */
    const uint8_t *data;
    size_t data_len;
    const char *data_hex;
    uint64_t gas_limit;      /* 0: estimate (+20%) */
    uint64_t gas_min;        /* with gas_limit 0: at least this */
    int priority;            /* parse the serial id */
    int preflight;           /* simulate first */
} send_req;

/* After a reverted receipt: replays the call to recover the reason. */
static void replay_reason(zks_l1 *l1, const send_req *rq)
{
    char to_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    zki_l1_addr_hex(to_hex, rq->to);
    uint64_t gas = 0;
    zks_status st = zks_eth_rpc_estimate_gas(l1->rpc, l1->address_hex, to_hex, rq->value, rq->data_hex, &gas);
    const char *r = zks_eth_rpc_revert_reason(l1->rpc);
    if (st == ZKS_ERR_L1_REVERT && r[0] != '\0')
        set_msg(l1, r);
    else
        set_msg(l1, "transaction reverted (receipt status 0)");
}

static zks_status parse_serial(zks_l1 *l1, const zks_eth_receipt *r, zks_l1_result *out)
{
    zks_eth_receipt_info ri;
    zks_status st = zks_eth_receipt_get_info(r, &ri);
    if (st != ZKS_OK) return st;
    for (size_t i = 0; i < ri.log_count; i++) {
        zks_eth_log lg;
        if (zks_eth_receipt_log_at(r, i, &lg) != ZKS_OK) continue;
        if (lg.topic_count < 1 || memcmp(lg.topics[0], TOPIC_NEW_PRIORITY_REQUEST, ZKS_ETH_HASH_BYTES) != 0) continue;
        if (strcasecmp(lg.address, l1->main_hex) != 0) continue;
        uint8_t data[512];
        size_t n = 0;
        if (zks_eth_receipt_log_data(r, i, data, sizeof data, &n) != ZKS_OK) continue;
        uint64_t serial;
        if (zki_abi_get_u64(data, n, 1, 64, &serial) != ZKS_OK) continue;
        out->serial_id = serial;
        out->has_serial_id = 1;
        return ZKS_OK;
    }
    set_msg(l1, "no NewPriorityRequest event of the main contract in the receipt");
    return ZKS_ERR_PARSE;
}

/* Is the send in doubt a call of the same function on the same contract as
 * rq (a repeat of this operation), or another one (the approve sent before a
 * deposit)? Unreadable bytes count as the same: the cautious answer. */
static int same_call(const zks_l1 *l1, const send_req *rq)
{
    zks_eth_tx_info ti;
    memset(&ti, 0, sizeof ti);
    ti.struct_size = sizeof ti;
    if (zks_eth_tx_decode(l1->doubt.raw, l1->doubt.raw_len, &ti) != ZKS_OK) return 1;
    if (!ti.has_to || memcmp(ti.to, rq->to, ZKS_ETH_ADDRESS_BYTES) != 0) return 0;
    if (ti.data_len < 4 || rq->data_len < 4) return ti.data_len == rq->data_len;
    return memcmp(ti.data, rq->data, 4) == 0;
}

/* Sends one call. *nonce_io: UINT64_MAX = fetch the pending nonce; on return
 * the nonce used. Fills out->tx_hash/nonce and, if wait_ms, the receipt data. */
static zks_status send_call(zks_l1 *l1, const send_req *rq, uint64_t *nonce_io, uint32_t wait_ms,
                            zks_l1_result *out)
{
    char to_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    zki_l1_addr_hex(to_hex, rq->to);
    zks_status st;
    uint64_t gas = rq->gas_limit;
    if (rq->preflight && !(l1->flags & ZKS_L1_NO_PREFLIGHT)) {
        uint64_t est = 0;
        st = zks_eth_rpc_estimate_gas(l1->rpc, l1->address_hex, to_hex, rq->value, rq->data_hex, &est);
        if (st == ZKS_ERR_L1_REVERT || st == ZKS_ERR_INSUFFICIENT_FUNDS) return rpc_fail(l1, st);
        if (st == ZKS_OK && gas == 0) gas = est + est / 5;
    }
    if (gas == 0) gas = rq->gas_min != 0 ? rq->gas_min : 100000;
    if (gas < rq->gas_min) gas = rq->gas_min;

    if (l1->doubt.open) {
        /* nothing new is signed while an earlier send is in doubt */
        int same = same_call(l1, rq);
        st = zki_l1_resolve_doubt(l1, wait_ms, out);
        if (st == ZKS_ERR_ALREADY_EXECUTED && !same) {
            /* the doubted tx was another call (the approve before a deposit): mined, its nonce is used; go on */
            memset(out, 0, sizeof *out);
            l1->errmsg[0] = '\0';
            st = ZKS_OK;
        }
        if (st != ZKS_OK) {
            if (st == ZKS_ERR_ALREADY_EXECUTED && rq->priority && out->mined) {
                zks_eth_receipt *r = NULL;
                if (zks_eth_rpc_get_receipt(l1->rpc, out->tx_hash, &r) == ZKS_OK) (void)parse_serial(l1, r, out);
                zks_eth_receipt_free(r);
                l1->errmsg[0] = '\0';
                set_msg(l1, "an earlier send in doubt was mined: not sent again");
            }
            return st;
        }
        *nonce_io = UINT64_MAX; /* the doubt moved the nonce: ask again */
    }
    uint64_t nonce = *nonce_io;
    if (nonce == UINT64_MAX) {
        st = zks_eth_rpc_get_nonce(l1->rpc, l1->address_hex, "pending", &nonce);
        if (st != ZKS_OK) return rpc_fail(l1, st);
    }
    uint8_t raw[ZKI_L1_RAW_MAX];
    size_t raw_len = 0;
    char expected[ZKS_HASH_HEX_CHARS + 1];
    st = zki_l1_sign_call(l1, rq->to, rq->value, rq->data, rq->data_len, gas, nonce, raw, sizeof raw, &raw_len,
                          expected);
    if (st != ZKS_OK) return st;
    char got[ZKS_HASH_HEX_CHARS + 1];
    st = zki_l1_send_signed(l1, raw, raw_len, expected, nonce, got);
    if (st != ZKS_OK) {
        if (st == ZKS_ERR_OUTCOME_UNKNOWN) {
            /* the node may have taken it: keep hash and nonce, so the caller
             * (and the next send) looks it up instead of sending a second tx */
            memcpy(out->tx_hash, expected, sizeof expected);
            out->nonce = nonce;
            *nonce_io = nonce;
        }
        return st;
    }
    memcpy(out->tx_hash, got, sizeof got);
    out->nonce = nonce;
    *nonce_io = nonce;
    if (wait_ms == 0) return ZKS_OK;

    zks_eth_receipt *r = NULL;
    st = zks_eth_rpc_wait_receipt(l1->rpc, got, wait_ms, l1->poll_ms, &r);
    if (r != NULL) {
        zks_eth_receipt_info ri;
        if (zks_eth_receipt_get_info(r, &ri) == ZKS_OK) {
            out->block_number = ri.block_number;
            out->gas_used = ri.gas_used;
        }
    }
    if (st == ZKS_ERR_L1_REVERT) {
        replay_reason(l1, rq);
    } else if (st != ZKS_OK) {
        (void)rpc_fail(l1, st);
    } else {
        out->mined = 1;
        if (rq->priority) st = parse_serial(l1, r, out);
    }
    zks_eth_receipt_free(r);
    return st;
}

/* Zeroes *out except the hashes of transactions that were sent. */
static zks_status finish(zks_status st, zks_l1_result *out)
{
    if (st == ZKS_OK) return st;
    if (st == ZKS_ERR_ALREADY_EXECUTED) return st; /* the result describes the earlier tx */
    char h[ZKS_HASH_HEX_CHARS + 1], a[ZKS_HASH_HEX_CHARS + 1];
    uint64_t nonce = out->nonce;
    memcpy(h, out->tx_hash, sizeof h);
    memcpy(a, out->approve_tx_hash, sizeof a);
    memset(out, 0, sizeof *out);
    memcpy(out->tx_hash, h, sizeof h);
    memcpy(out->approve_tx_hash, a, sizeof a);
    if (st == ZKS_ERR_OUTCOME_UNKNOWN) out->nonce = nonce;
    return st;
}

/* Encodes and sends a call to the main contract. */
static zks_status send_main(zks_l1 *l1, const char *sig, const zki_abi_arg *args, size_t n, const char *value,
                            uint64_t gas, int priority, uint32_t wait_ms, zks_l1_result *out)
{
    zki_buf b;
    char *hex = NULL;
    zks_status st = encode_call(sig, args, n, &b, &hex);
    if (st != ZKS_OK) return st;
    send_req rq = {l1->main, value, b.p, b.len, hex, gas, 0, priority, 1};
    uint64_t nonce = UINT64_MAX;
    st = send_call(l1, &rq, &nonce, wait_ms, out);
    zks_free(hex);
    zki_buf_free(&b);
    return finish(st, out);
}

#define BEGIN_SEND(l1, out)                                                    \
    do {                                                                       \
        ZKI_ARG_CHECK((out) != NULL);                                          \
        memset((out), 0, sizeof *(out));                                       \
        ZKI_ARG_CHECK((l1) != NULL);                                           \
        (l1)->errmsg[0] = '\0';                                                \
    } while (0)

zks_status zks_l1_deposit_eth(zks_l1 *l1, const char *to, const char *amount, uint32_t wait_ms,
                              zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    uint8_t dest[ZKS_ETH_ADDRESS_BYTES];
    zki_u256 v;
    zks_status st = parse_addr(l1, to, dest);
    if (st != ZKS_OK) return st;
    if ((st = parse_amount(amount, &v)) != ZKS_OK) return st;
    char value[80];
    zki_u256_to_dec(value, &v);
    zki_abi_arg a[1];
    zki_abi_arg_address(&a[0], dest);
    return refused_for_good(
        l1, send_main(l1, "depositETH(address)", a, 1, value, ZKS_L1_GAS_DEPOSIT_ETH, 1, wait_ms, out), OP_DEPOSIT);
}

static zks_status approve_send(zks_l1 *l1, const uint8_t token[ZKS_ETH_ADDRESS_BYTES], const zki_u256 *amount,
                               uint64_t *nonce, uint32_t wait_ms, zks_l1_result *out,
                               char hash_out[ZKS_HASH_HEX_CHARS + 1])
{
    zki_abi_arg a[2];
    zki_abi_arg_address(&a[0], l1->main);
    zki_abi_arg_u256(&a[1], amount);
    zki_buf b;
    char *hex = NULL;
    zks_status st = encode_call("approve(address,uint256)", a, 2, &b, &hex);
    if (st != ZKS_OK) return st;
    send_req rq = {token, NULL, b.p, b.len, hex, 0, 50000, 0, 1};
    zks_l1_result r;
    memset(&r, 0, sizeof r);
    st = send_call(l1, &rq, nonce, wait_ms, &r);
    zks_free(hex);
    zki_buf_free(&b);
    if (r.tx_hash[0] != '\0') memcpy(hash_out, r.tx_hash, sizeof r.tx_hash);
    if (out != NULL) {
        char keep[ZKS_HASH_HEX_CHARS + 1];
        memcpy(keep, out->approve_tx_hash, sizeof keep);
        *out = r;
        memcpy(out->approve_tx_hash, keep, sizeof keep);
    }
    return st;
}

zks_status zks_l1_approve_erc20(zks_l1 *l1, const char *token_address, const char *amount, uint32_t wait_ms,
                                zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    ZKI_ARG_CHECK(token_address != NULL);
    uint8_t tok[ZKS_ETH_ADDRESS_BYTES];
    zki_u256 v;
    zks_status st = zks_eth_address_parse(token_address, tok);
    if (st != ZKS_OK) return st;
    if ((st = parse_amount(amount != NULL ? amount : ZKS_L1_MAX_APPROVE, &v)) != ZKS_OK) return st;
    uint64_t nonce = UINT64_MAX;
    char dummy[ZKS_HASH_HEX_CHARS + 1] = "";
    st = approve_send(l1, tok, &v, &nonce, wait_ms, out, dummy);
    return finish(st, out);
}

static zks_status allowance_u256(zks_l1 *l1, const uint8_t token[ZKS_ETH_ADDRESS_BYTES],
                                 const uint8_t owner[ZKS_ETH_ADDRESS_BYTES], zki_u256 *out)
{
    zki_abi_arg a[2];
    zki_abi_arg_address(&a[0], owner);
    zki_abi_arg_address(&a[1], l1->main);
    char s[ZKS_AMOUNT_CHARS + 1];
    zks_status st = view_uint(l1, token, "allowance(address,address)", a, 2, s);
    if (st != ZKS_OK) return st;
    return zki_u256_from_dec(out, s) == 0 ? ZKS_OK : ZKS_ERR_PARSE;
}

zks_status zks_l1_deposit_erc20(zks_l1 *l1, const char *to, const char *token_address, const char *amount,
                                uint32_t approve, uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    ZKI_ARG_CHECK(token_address != NULL && approve <= ZKS_L1_APPROVE_UNLIMITED);
    uint8_t tok[ZKS_ETH_ADDRESS_BYTES], dest[ZKS_ETH_ADDRESS_BYTES];
    zki_u256 v;
    zks_status st = zks_eth_address_parse(token_address, tok);
    if (st != ZKS_OK) return st;
    static const uint8_t zero[ZKS_ETH_ADDRESS_BYTES];
    if (memcmp(tok, zero, ZKS_ETH_ADDRESS_BYTES) == 0) return ZKS_ERR_INVALID_ARG; /* ETH: use zks_l1_deposit_eth */
    if ((st = parse_addr(l1, to, dest)) != ZKS_OK) return st;
    if ((st = parse_amount(amount, &v)) != ZKS_OK) return st;
    if (zki_u256_bits(&v) > 104) return ZKS_ERR_INVALID_AMOUNT;

    uint64_t nonce = UINT64_MAX;
    int approved_now = 0;
    if (approve != ZKS_L1_APPROVE_NONE && (st = deposits_open(l1)) != ZKS_OK) return finish(st, out);
    if (approve != ZKS_L1_APPROVE_NONE) {
        zki_u256 want;
        int need = 1;
        if (approve == ZKS_L1_APPROVE_UNLIMITED) {
            zki_u256 cur, thr;
            st = allowance_u256(l1, tok, l1->address, &cur);
            if (st != ZKS_OK) return finish(st, out);
            (void)zki_u256_from_dec(&thr, ZKS_L1_APPROVE_THRESHOLD);
            need = zki_u256_cmp(&cur, &thr) < 0;
            (void)zki_u256_from_dec(&want, ZKS_L1_MAX_APPROVE);
        } else {
            want = v;
        }
        if (need) {
            /* The deposit follows at once with the next nonce (as zksync.js); its
             * simulation would fail before the approval is mined, so it is skipped. */
            st = approve_send(l1, tok, &want, &nonce, 0, NULL, out->approve_tx_hash);
            if (st != ZKS_OK) return finish(st, out);
            nonce++;
            approved_now = 1;
        }
    }
    zki_abi_arg a[3];
    zki_abi_arg_address(&a[0], tok);
    zki_abi_arg_u256(&a[1], &v);
    zki_abi_arg_address(&a[2], dest);
    zki_buf b;
    char *hex = NULL;
    st = encode_call("depositERC20(address,uint104,address)", a, 3, &b, &hex);
    if (st != ZKS_OK) return finish(st, out);
    send_req rq = {l1->main, NULL, b.p, b.len, hex, 0, ZKS_L1_GAS_DEPOSIT_ERC20, 1, !approved_now};
    if (approved_now) rq.gas_limit = ZKS_L1_GAS_DEPOSIT_ERC20;
    st = send_call(l1, &rq, &nonce, wait_ms, out);
    zks_free(hex);
    zki_buf_free(&b);
    return finish(refused_for_good(l1, st, OP_DEPOSIT), out);
}

zks_status zks_l1_full_exit(zks_l1 *l1, uint32_t account_id, const char *token_address, uint32_t wait_ms,
                            zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    ZKI_ARG_CHECK(token_address != NULL);
    uint8_t tok[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = zks_eth_address_parse(token_address, tok);
    if (st != ZKS_OK) return st;
    zki_abi_arg a[2];
    zki_abi_arg_u64(&a[0], account_id);
    zki_abi_arg_address(&a[1], tok);
    return refused_for_good(
        l1, send_main(l1, "requestFullExit(uint32,address)", a, 2, NULL, ZKS_L1_GAS_FULL_EXIT, 1, wait_ms, out),
        OP_FULL_EXIT);
}

zks_status zks_l1_full_exit_nft(zks_l1 *l1, uint32_t account_id, uint32_t nft_id, uint32_t wait_ms,
                                zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    zki_abi_arg a[2];
    zki_abi_arg_u64(&a[0], account_id);
    zki_abi_arg_u64(&a[1], nft_id);
    return refused_for_good(
        l1, send_main(l1, "requestFullExitNFT(uint32,uint32)", a, 2, NULL, ZKS_L1_GAS_FULL_EXIT, 1, wait_ms, out),
        OP_FULL_EXIT);
}

zks_status zks_l1_withdraw_pending_balance(zks_l1 *l1, const char *owner, const char *token_address,
                                           const char *amount, uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    ZKI_ARG_CHECK(token_address != NULL);
    uint8_t own[ZKS_ETH_ADDRESS_BYTES], tok[ZKS_ETH_ADDRESS_BYTES];
    zki_u256 v;
    zks_status st = parse_addr(l1, owner, own);
    if (st != ZKS_OK) return st;
    if ((st = zks_eth_address_parse(token_address, tok)) != ZKS_OK) return st;
    if (amount == NULL) {
        char pend[ZKS_AMOUNT_CHARS + 1];
        char own_hex[ZKS_ETH_ADDRESS_CHARS + 1];
        zki_l1_addr_hex(own_hex, own);
        st = zks_l1_pending_balance(l1, token_address, own_hex, pend);
        if (st != ZKS_OK) return st;
        (void)zki_u256_from_dec(&v, pend);
    } else if ((st = parse_amount(amount, &v)) != ZKS_OK) {
        return st;
    }
    if (zki_u256_bits(&v) > 128) return ZKS_ERR_INVALID_AMOUNT;
    /* After migrateToken the contract holds none of that token: the balance is claimed instead. */
    if (token_migrated(l1, tok) == 1) {
        snprintf(l1->errmsg, sizeof l1->errmsg,
                 "token %s was migrated to the claim distributor (TokenMigrationExecuted): the contract holds none "
                 "of it any more; claim it instead (zks_l1_claims_send)",
                 token_address);
        return ZKS_ERR_TOKEN_MIGRATED;
    }
    zki_abi_arg a[3];
    zki_abi_arg_address(&a[0], own);
    zki_abi_arg_address(&a[1], tok);
    zki_abi_arg_u256(&a[2], &v);
    return send_main(l1, "withdrawPendingBalance(address,address,uint128)", a, 3, NULL,
                     ZKS_L1_GAS_WITHDRAW_PENDING, 0, wait_ms, out);
}

/* The revert strings of migrateToken (spec sunset.md §3), kept in front of a
 * readable explanation. */
static zks_status migrate_reason(zks_l1 *l1, zks_status st, const char *token)
{
    if (st != ZKS_ERR_L1_REVERT) return st;
    static const char *const why[][2] = {
        {"tm1", "no claim distributor is set on the contract yet (setClaimRoot has not run)"},
        {"tm2", "the claim distributor's root is zero"},
        {"tm3", "the token was already migrated"},
        {"tm4", "the caller is not the Security Council multisig"},
        {"tm5", "the contract holds none of that token"},
        {"tm9", "the transfer to the claim distributor failed or moved less than the whole balance"},
        {"1i", "the token is not listed in Governance (NFTs cannot be migrated)"}};
    for (size_t i = 0; i < sizeof why / sizeof why[0]; i++)
        if (strcmp(l1->errmsg, why[i][0]) == 0) {
            snprintf(l1->errmsg, sizeof l1->errmsg, "%s: migrateToken(%s) refused: %s", why[i][0], token, why[i][1]);
            break;
        }
    return st;
}

zks_status zks_l1_migrate_token(zks_l1 *l1, const char *token_address, uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    ZKI_ARG_CHECK(token_address != NULL);
    uint8_t tok[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = zks_eth_address_parse(token_address, tok);
    if (st != ZKS_OK) return st;
    /* once per token: a migrated one would revert tm3, so nothing is sent */
    if (token_migrated(l1, tok) == 1) {
        snprintf(l1->errmsg, sizeof l1->errmsg,
                 "token %s is already migrated to the claim distributor (isTokenMigrated): nothing to do",
                 token_address);
        return ZKS_ERR_STATE;
    }
    zki_abi_arg a[1];
    zki_abi_arg_address(&a[0], tok);
    return migrate_reason(l1, send_main(l1, "migrateToken(address)", a, 1, NULL, 0, 0, wait_ms, out), token_address);
}

zks_status zks_l1_withdraw_pending_nft(zks_l1 *l1, uint32_t nft_id, uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    zki_abi_arg a[1];
    zki_abi_arg_u64(&a[0], nft_id);
    return send_main(l1, "withdrawPendingNFTBalance(uint32)", a, 1, NULL, ZKS_L1_GAS_WITHDRAW_PENDING, 0, wait_ms,
                     out);
}

zks_status zks_l1_set_auth_pubkey_hash(zks_l1 *l1, const uint8_t pubkey_hash[ZKS_PUBKEY_HASH_BYTES], uint32_t nonce,
                                       uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_SEND(l1, out);
    ZKI_ARG_CHECK(pubkey_hash != NULL);
    zki_abi_arg a[2];
    zki_abi_arg_bytes(&a[0], pubkey_hash, ZKS_PUBKEY_HASH_BYTES);
    zki_abi_arg_u64(&a[1], nonce);
    return refused_for_good(
        l1, send_main(l1, "setAuthPubkeyHash(bytes,uint32)", a, 2, NULL, ZKS_L1_GAS_SET_AUTH, 0, wait_ms, out),
        OP_SET_AUTH);
}

/* ---- reads ---- */

zks_status zks_l1_auth_fact(zks_l1 *l1, const char *address, uint32_t nonce, uint8_t out_fact[ZKS_ETH_HASH_BYTES])
{
    ZKI_ARG_CHECK(out_fact != NULL);
    memset(out_fact, 0, ZKS_ETH_HASH_BYTES);
    ZKI_ARG_CHECK(l1 != NULL);
    uint8_t who[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = parse_addr(l1, address, who);
    if (st != ZKS_OK) return st;
    zki_abi_arg a[2];
    zki_abi_arg_address(&a[0], who);
    zki_abi_arg_u64(&a[1], nonce);
    uint8_t ret[256];
    size_t len = 0;
    st = view_call(l1, l1->main, "authFacts(address,uint32)", a, 2, ret, sizeof ret, &len);
    if (st != ZKS_OK) return st;
    if (zki_abi_get_word(ret, len, 0, out_fact) != ZKS_OK) {
        memset(out_fact, 0, ZKS_ETH_HASH_BYTES);
        set_msg(l1, "short answer from eth_call");
        return ZKS_ERR_PARSE;
    }
    return ZKS_OK;
}

zks_status zks_l1_pending_balance(zks_l1 *l1, const char *token_address, const char *address,
                                  char out_amount[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_amount != NULL);
    memset(out_amount, 0, ZKS_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(l1 != NULL && token_address != NULL);
    uint8_t who[ZKS_ETH_ADDRESS_BYTES], tok[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = parse_who_tok(l1, address, token_address, who, tok);
    if (st != ZKS_OK) return st;
    zki_abi_arg a[2];
    zki_abi_arg_address(&a[0], who);
    zki_abi_arg_address(&a[1], tok);
    st = view_uint(l1, l1->main, "getPendingBalance(address,address)", a, 2, out_amount);
    if (st != ZKS_OK) memset(out_amount, 0, ZKS_AMOUNT_CHARS + 1);
    return st;
}

zks_status zks_l1_balance(zks_l1 *l1, const char *token_address, const char *address,
                          char out_amount[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_amount != NULL);
    memset(out_amount, 0, ZKS_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(l1 != NULL && token_address != NULL);
    uint8_t who[ZKS_ETH_ADDRESS_BYTES], tok[ZKS_ETH_ADDRESS_BYTES];
    static const uint8_t zero[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = parse_who_tok(l1, address, token_address, who, tok);
    if (st != ZKS_OK) return st;
    if (memcmp(tok, zero, ZKS_ETH_ADDRESS_BYTES) == 0) {
        char who_hex[ZKS_ETH_ADDRESS_CHARS + 1];
        zki_l1_addr_hex(who_hex, who);
        st = zks_eth_rpc_get_balance(l1->rpc, who_hex, "latest", out_amount);
        if (st != ZKS_OK) return rpc_fail(l1, st);
        return ZKS_OK;
    }
    zki_abi_arg a[1];
    zki_abi_arg_address(&a[0], who);
    st = view_uint(l1, tok, "balanceOf(address)", a, 1, out_amount);
    if (st != ZKS_OK) memset(out_amount, 0, ZKS_AMOUNT_CHARS + 1);
    return st;
}

zks_status zks_l1_allowance(zks_l1 *l1, const char *token_address, const char *owner,
                            char out_amount[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_amount != NULL);
    memset(out_amount, 0, ZKS_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(l1 != NULL && token_address != NULL);
    uint8_t who[ZKS_ETH_ADDRESS_BYTES], tok[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = parse_who_tok(l1, owner, token_address, who, tok);
    if (st != ZKS_OK) return st;
    zki_u256 v;
    st = allowance_u256(l1, tok, who, &v);
    if (st != ZKS_OK) return st;
    zki_u256_to_dec(out_amount, &v);
    return ZKS_OK;
}

zks_status zks_l1_is_erc20_approved(zks_l1 *l1, const char *token_address, const char *threshold,
                                    int32_t *out_approved)
{
    ZKI_ARG_CHECK(out_approved != NULL);
    *out_approved = 0;
    ZKI_ARG_CHECK(l1 != NULL && token_address != NULL);
    uint8_t tok[ZKS_ETH_ADDRESS_BYTES];
    static const uint8_t zero[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = zks_eth_address_parse(token_address, tok);
    if (st != ZKS_OK) return st;
    if (memcmp(tok, zero, ZKS_ETH_ADDRESS_BYTES) == 0) {
        set_msg(l1, "ETH token does not need approval.");
        return ZKS_ERR_INVALID_ARG;
    }
    zki_u256 thr, cur;
    if ((st = parse_amount(threshold != NULL ? threshold : ZKS_L1_APPROVE_THRESHOLD, &thr)) != ZKS_OK) return st;
    st = allowance_u256(l1, tok, l1->address, &cur);
    if (st != ZKS_OK) return st;
    *out_approved = zki_u256_cmp(&cur, &thr) >= 0;
    return ZKS_OK;
}
