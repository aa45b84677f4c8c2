/* The one send path of lib/l1: signing (own key or the caller's digest
 * signer, checked), the gas and balance check, and the doubt of a send whose
 * outcome is unknown (docs/reliability.md): opened and journaled before the
 * bytes leave, resolved before anything new is signed, never a new
 * transaction for an L1 nonce in doubt. Used by every operation of
 * l1_ops.c and by the claims (claims.c). */
#include <stdio.h>

#include "../internal.h"
#include "crypto/keccak.h"
#include "eth/eth.h"
#include "l1_ops.h"

static zks_status sign_raw(zks_l1 *l1, const zks_eth_tx *tx, uint8_t *raw, size_t cap, size_t *len,
                           uint8_t hash[ZKS_ETH_HASH_BYTES])
{
    if (l1->has_key) return zks_eth_tx_sign(tx, l1->key, raw, cap, len, hash);
    uint8_t digest[ZKS_ETH_HASH_BYTES], sig[ZKS_ETH_SIGNATURE_BYTES], rec[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = zks_eth_tx_signing_hash(tx, digest);
    if (st != ZKS_OK) return st;
    memset(sig, 0, sizeof sig);
    if (l1->sign(l1->sign_ctx, digest, sig) != ZKS_OK) {
        zki_l1_set_msg(l1, "the external signer refused to sign");
        return ZKS_ERR_SIGNER;
    }
    /* The signature must come from our address. */
    uint8_t rs[ZKS_ETH_SIGNATURE_BYTES - 1]; /* r || s; v is the last byte */
    memcpy(rs, sig, sizeof rs);
    int v = sig[sizeof rs] >= 27 ? sig[sizeof rs] - 27 : sig[sizeof rs];
    if (v < 0 || v > 1 || zki_eth_recover_digest(digest, rs, v, rec) != ZKS_OK ||
        memcmp(rec, l1->address, ZKS_ETH_ADDRESS_BYTES) != 0) {
        zki_l1_set_msg(l1, "the external signer's signature does not match the account address");
        return ZKS_ERR_SIGNER;
    }
    return zks_eth_tx_encode_signed(tx, sig, raw, cap, len, hash);
}

/* Gas price, balance check (value + gas * price) and signing of one legacy
 * transaction at nonce; shared with the claims (lib/l1/claims.c). */
zks_status zki_l1_sign_call(zks_l1 *l1, const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *value, const uint8_t *data,
                            size_t data_len, uint64_t gas, uint64_t nonce, uint8_t *raw, size_t raw_cap,
                            size_t *raw_len, char hash_hex[ZKS_HASH_HEX_CHARS + 1])
{
    zks_status st;
    hash_hex[0] = '\0';
    *raw_len = 0;
    char price[ZKS_AMOUNT_CHARS + 1];
    if (l1->gas_price[0] != '\0') {
        memcpy(price, l1->gas_price, sizeof price);
    } else {
        st = zks_eth_rpc_gas_price(l1->rpc, price);
        if (st != ZKS_OK) return zki_l1_rpc_fail(l1, st);
    }
    /* Balance check: value + gas * price must be there. */
    {
        char bal_s[ZKS_AMOUNT_CHARS + 1];
        zki_u256 bal, need, p, v;
        st = zks_eth_rpc_get_balance(l1->rpc, l1->address_hex, "pending", bal_s);
        if (st != ZKS_OK) return zki_l1_rpc_fail(l1, st);
        if (zki_u256_from_dec(&bal, bal_s) == 0 && zki_u256_from_dec(&p, price) == 0 &&
            zki_u256_mul_u64(&need, &p, gas) == 0) {
            zki_u256_from_u64(&v, 0);
            if (value != NULL) (void)zki_u256_from_dec(&v, value);
            if (zki_u256_add(&need, &need, &v) != 0 || zki_u256_cmp(&bal, &need) < 0) {
                char need_s[80];
                zki_u256_to_dec(need_s, &need);
                snprintf(l1->errmsg, sizeof l1->errmsg, "insufficient funds: balance %s wei, need %s wei", bal_s,
                         need_s);
                return ZKS_ERR_INSUFFICIENT_FUNDS;
            }
        }
    }

    zks_eth_tx tx = ZKS_ETH_TX_INIT;
    tx.type = ZKS_ETH_TX_LEGACY;
    tx.chain_id = l1->chain_id;
    tx.nonce = nonce;
    tx.gas_limit = gas;
    tx.gas_price = price;
    tx.has_to = 1;
    memcpy(tx.to, to, ZKS_ETH_ADDRESS_BYTES);
    tx.value = value;
    tx.data = data;
    tx.data_len = data_len;
    uint8_t hash[ZKS_ETH_HASH_BYTES];
    st = sign_raw(l1, &tx, raw, raw_cap, raw_len, hash);
    if (st != ZKS_OK) return st;
    hash_hex[0] = '0';
    hash_hex[1] = 'x';
    zki_hex_encode(hash_hex + 2, hash, ZKS_ETH_HASH_BYTES);
    return ZKS_OK;
}

/* ---- the doubt: one send path for every L1 transaction ---- */

static zks_status journal_note(zks_l1 *l1)
{
    return l1->journal != NULL ? l1->journal(l1->journal_ctx, &l1->doubt) : ZKS_OK;
}

static void doubt_close(zks_l1 *l1)
{
    uint32_t ss = l1->doubt.struct_size;
    memset(&l1->doubt, 0, sizeof l1->doubt);
    l1->doubt.struct_size = ss;
    (void)journal_note(l1);
}

/* Sends signed bytes (every L1 send of lib/l1 comes here): the doubt is
 * opened (and journaled) before they leave, and stays open when the outcome
 * is unknown (ZKS_ERR_OUTCOME_UNKNOWN). */
zks_status zki_l1_send_signed(zks_l1 *l1, const uint8_t *raw, size_t raw_len, const char *hash, uint64_t nonce,
                              char got[ZKS_HASH_HEX_CHARS + 1])
{
    if (raw_len > sizeof l1->doubt.raw) return ZKS_ERR_INTERNAL;
    zks_l1_doubt *d = &l1->doubt;
    d->struct_size = sizeof *d;
    d->open = 1;
    d->nonce = nonce;
    snprintf(d->tx_hash, sizeof d->tx_hash, "%s", hash);
    memcpy(d->raw, raw, raw_len);
    d->raw_len = raw_len;
    zks_status st = journal_note(l1);
    if (st != ZKS_OK) {
        memset(d, 0, sizeof *d);
        zki_l1_set_msg(l1, "the journal hook refused: not sent");
        return st;
    }
    st = zks_eth_rpc_send_raw_transaction(l1->rpc, raw, raw_len, hash, got);
    if (st == ZKS_OK) {
        doubt_close(l1);
        return ZKS_OK;
    }
    (void)zki_l1_rpc_fail(l1, st);
    if (!zki_outcome_unknown(st)) {
        doubt_close(l1); /* refused: the node did not take it */
        return st;
    }
    char why[300];
    snprintf(why, sizeof why, "%.299s", l1->errmsg);
    snprintf(l1->errmsg, sizeof l1->errmsg,
             "outcome unknown: check %.66s (L1 nonce %llu) before sending again: %s", hash,
             (unsigned long long)nonce, why);
    return ZKS_ERR_OUTCOME_UNKNOWN;
}

zks_status zki_l1_resolve_doubt(zks_l1 *l1, uint32_t wait_ms, zks_l1_result *out)
{
    zks_l1_doubt *d = &l1->doubt;
    if (!d->open) return ZKS_OK;
    if (out != NULL) {
        memcpy(out->tx_hash, d->tx_hash, sizeof out->tx_hash);
        out->nonce = d->nonce;
    }
    uint64_t latest = 0;
    /* the nonce first: a tx mined between the two reads then shows its receipt */
    zks_status st = zks_eth_rpc_get_nonce(l1->rpc, l1->address_hex, "latest", &latest);
    zks_eth_receipt *rc = NULL;
    if (st == ZKS_OK) st = zks_eth_rpc_get_receipt(l1->rpc, d->tx_hash, &rc);
    if (st == ZKS_ERR_NOT_FOUND && latest <= d->nonce) {
        /* not mined, nonce free: only these very bytes again */
        char got[ZKS_HASH_HEX_CHARS + 1];
        zks_status resent = zks_eth_rpc_send_raw_transaction(l1->rpc, d->raw, d->raw_len, d->tx_hash, got);
        (void)resent; /* "already known" and the like: the receipt decides */
        st = wait_ms > 0 ? zks_eth_rpc_wait_receipt(l1->rpc, d->tx_hash, wait_ms, l1->poll_ms, &rc) : ZKS_ERR_TIMEOUT;
        if (st == ZKS_ERR_L1_REVERT) st = ZKS_OK; /* a receipt with status 0 */
        if (st != ZKS_OK) st = ZKS_ERR_TIMEOUT;
    }
    if (st == ZKS_ERR_NOT_FOUND) {
        /* its nonce went to another tx: it can never be mined */
        doubt_close(l1);
        return ZKS_OK;
    }
    if (st != ZKS_OK || rc == NULL) {
        snprintf(l1->errmsg, sizeof l1->errmsg,
                 "outcome unknown: %s (L1 nonce %llu) is neither mined nor dropped yet: nothing new signed", d->tx_hash,
                 (unsigned long long)d->nonce);
        zks_eth_receipt_free(rc);
        return ZKS_ERR_OUTCOME_UNKNOWN;
    }
    zks_eth_receipt_info ri;
    int ok = zks_eth_receipt_get_info(rc, &ri) == ZKS_OK && ri.status == 1;
    if (ok && out != NULL) {
        out->mined = 1;
        out->block_number = ri.block_number;
        out->gas_used = ri.gas_used;
    }
    zks_eth_receipt_free(rc);
    if (!ok) {
        doubt_close(l1); /* reverted: it paid nothing */
        return ZKS_OK;
    }
    snprintf(l1->errmsg, sizeof l1->errmsg,
             "the earlier send %s (L1 nonce %llu, outcome unknown until now) was mined: not sent again", d->tx_hash,
             (unsigned long long)d->nonce);
    doubt_close(l1);
    return ZKS_ERR_ALREADY_EXECUTED;
}

zks_status zks_l1_doubt_get(const zks_l1 *l1, zks_l1_doubt *out)
{
    ZKI_ARG_CHECK(out != NULL && out->struct_size >= sizeof *out);
    ZKI_ARG_CHECK(l1 != NULL);
    *out = l1->doubt;
    out->struct_size = sizeof *out;
    return ZKS_OK;
}

zks_status zks_l1_doubt_restore(zks_l1 *l1, const uint8_t *raw, size_t raw_len, uint64_t nonce)
{
    ZKI_ARG_CHECK(l1 != NULL && raw != NULL && raw_len > 0 && raw_len <= ZKS_L1_RAW_MAX);
    if (l1->doubt.open) return ZKS_ERR_STATE;
    zks_l1_doubt *d = &l1->doubt;
    uint8_t h[ZKS_ETH_HASH_BYTES];
    zki_keccak256(raw, raw_len, h);
    d->struct_size = sizeof *d;
    d->open = 1;
    d->nonce = nonce;
    d->tx_hash[0] = '0';
    d->tx_hash[1] = 'x';
    zki_hex_encode(d->tx_hash + 2, h, ZKS_ETH_HASH_BYTES);
    memcpy(d->raw, raw, raw_len);
    d->raw_len = raw_len;
    return ZKS_OK;
}

zks_status zks_l1_set_journal(zks_l1 *l1, zks_l1_journal_fn fn, void *ctx)
{
    ZKI_ARG_CHECK(l1 != NULL);
    l1->journal = fn;
    l1->journal_ctx = ctx;
    return ZKS_OK;
}
