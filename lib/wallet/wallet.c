/* zks_wallet: a zkSync Lite account (Ethereum signer + zkSync key) over a
 * zks_provider and, for L1 operations, a zks_eth_rpc. Orchestration only:
 * encoding and signing are lib/tx, keys lib/eth and lib/crypto, transport
 * lib/provider, L1 contract calls lib/l1. This file: creation, accessors,
 * reads and the helpers of the other wallet files (send.c: the retry with
 * doubt; journal.c; ops.c: L2 operations; swap.c: orders, swaps, waiting,
 * L1 side). See docs/wallet.md and docs/reliability.md. */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "crypto/keccak.h"
#include "l1/l1_ops.h"
#include "provider/provider.h"
#include "util/u256.h"
#include "wallet_internal.h"

/* ---------------------------------------------------------------- helpers */

void zki_wmsg(zks_wallet *w, const char *fmt, const char *arg)
{
    snprintf(w->errmsg, sizeof w->errmsg, fmt, arg != NULL ? arg : "");
}

/* The refusal after the shutdown, with what to do instead. */
zks_status zki_w_shut_down(zks_wallet *w)
{
    w->shut_down = 1;
    snprintf(w->errmsg, sizeof w->errmsg,
             "zkSync Lite is shut down: L2 transactions are disabled (server code 305). Claim the final balance "
             "on L1 (docs/exit.md, zksync-exit claim) or withdraw a pending balance (zksync-exit pending "
             "--withdraw).");
    return ZKS_ERR_NETWORK_SHUT_DOWN;
}

/* Keeps the provider's message for a failed provider call. */
zks_status zki_w_perr(zks_wallet *w, zks_status st)
{
    if (st == ZKS_ERR_NETWORK_SHUT_DOWN) return zki_w_shut_down(w);
    if (st != ZKS_OK) zki_wmsg(w, "%s", zks_provider_errmsg(w->p));
    return st;
}

zks_status zki_w_l1err(zks_wallet *w, zks_status st)
{
    if (st != ZKS_OK) zki_wmsg(w, "%s", zks_l1_errmsg(w->l1));
    return st;
}

void zki_w_hex0x(char *out, const uint8_t *in, size_t len)
{
    out[0] = '0';
    out[1] = 'x';
    zki_hex_encode(out + 2, in, len);
}

int zki_w_is_digits(const char *s)
{
    if (s == NULL || *s == '\0') return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* Signs an Ethereum text/bytes message with the wallet's signer (personal_sign). */
zks_status zki_w_sign_msg(zks_wallet *w, const uint8_t *msg, size_t len, uint8_t sig[ZKS_ETH_SIGNATURE_BYTES])
{
    if (w->has_eth_key) return zks_eth_personal_sign(w->eth_key, msg, len, sig);
    memset(sig, 0, ZKS_ETH_SIGNATURE_BYTES);
    if (w->sign_message(w->sign_ctx, msg, len, sig) != ZKS_OK) {
        memset(sig, 0, ZKS_ETH_SIGNATURE_BYTES);
        zki_wmsg(w, "%s", "the external signer refused to sign");
        return ZKS_ERR_SIGNER;
    }
    if (sig[ZKS_ETH_SIGNATURE_BYTES - 1] < 27)
        sig[ZKS_ETH_SIGNATURE_BYTES - 1] = (uint8_t)(sig[ZKS_ETH_SIGNATURE_BYTES - 1] + 27);
    uint8_t rec[ZKS_ETH_ADDRESS_BYTES];
    if (zks_eth_personal_recover(msg, len, sig, rec) != ZKS_OK || memcmp(rec, w->address, ZKS_ETH_ADDRESS_BYTES) != 0) {
        memset(sig, 0, ZKS_ETH_SIGNATURE_BYTES);
        zki_wmsg(w, "%s", "the external signer's signature does not match the wallet address");
        return ZKS_ERR_SIGNER;
    }
    return ZKS_OK;
}

zks_status zki_w_sign_text_obj(zks_wallet *w, const char *text, cJSON **out)
{
    *out = NULL;
    uint8_t sig[ZKS_ETH_SIGNATURE_BYTES];
    zks_status st = zki_w_sign_msg(w, (const uint8_t *)text, strlen(text), sig);
    if (st != ZKS_OK) return st;
    char hex[ZKI_ETH_SIG_HEX_CHARS + 1];
    zki_w_hex0x(hex, sig, ZKS_ETH_SIGNATURE_BYTES);
    *out = zki_json_eth_sig(hex);
    return *out != NULL ? ZKS_OK : ZKS_ERR_NOMEM;
}

zks_status zki_w_fetch_account(zks_wallet *w, zks_account **out_acc)
{
    zks_account *a = NULL;
    zks_status st = zks_provider_account_info(w->p, w->address_lc, &a);
    if (st != ZKS_OK) return zki_w_perr(w, st);
    zks_account_info info;
    st = zks_account_get_info(a, &info);
    if (st != ZKS_OK) {
        zks_account_free(a);
        return st;
    }
    if (info.has_id) {
        w->has_id = 1;
        w->account_id = info.id;
    }
    w->nonce = info.committed_nonce;
    w->nonce_known = 1;
    if (out_acc != NULL)
        *out_acc = a;
    else
        zks_account_free(a);
    return ZKS_OK;
}

/* Account id and nonce, fetched when unknown. */
zks_status zki_w_ensure_account(zks_wallet *w)
{
    if (!w->has_id || !w->nonce_known) {
        zks_status st = zki_w_fetch_account(w, NULL);
        if (st != ZKS_OK) return st;
    }
    if (!w->has_id) {
        zki_wmsg(w, "%s", "Account does not exist in the zkSync network");
        return ZKS_ERR_STATE;
    }
    return ZKS_OK;
}

zks_status zki_w_resolve(zks_wallet *w, const char *token, zks_token *out)
{
    if (token == NULL) return ZKS_ERR_INVALID_ARG;
    zks_status st = zks_provider_resolve_token(w->p, token, out);
    if (st == ZKS_ERR_NOT_FOUND) {
        zki_wmsg(w, "unknown token %s", token);
        return st;
    }
    return zki_w_perr(w, st);
}

/* The caller's fee argument (header: "Fee arguments"): NULL = quote, capped
 * by the wallet's cap for the token; "max:N" = quote, capped by N for this
 * call only (instead of the wallet's); anything else is the exact fee. */
typedef struct fee_arg {
    const char *exact; /* the caller's fee, or NULL to quote */
    int has_cap;       /* 1: cap holds this call's cap */
    zki_u256 cap;
} fee_arg;

#define FEE_CAP_PREFIX "max:"

static zks_status parse_fee_arg(zks_wallet *w, const char *given, fee_arg *out)
{
    memset(out, 0, sizeof *out);
    if (given == NULL) return ZKS_OK;
    size_t plen = sizeof FEE_CAP_PREFIX - 1;
    if (strncmp(given, FEE_CAP_PREFIX, plen) != 0) {
        zks_status st = zks_fee_is_packable(given);
        if (st != ZKS_OK) zki_wmsg(w, "%s", "the fee is not a packable amount in base units");
        out->exact = given;
        return st;
    }
    const char *n = given + plen;
    if (strlen(n) > ZKS_AMOUNT_CHARS || zki_u256_from_dec(&out->cap, n) != 0) {
        zki_wmsg(w, "%s", "a fee cap is \"max:\" followed by an amount in base units");
        return ZKS_ERR_INVALID_AMOUNT;
    }
    out->has_cap = 1;
    return ZKS_OK;
}

/* A quote above the cap (this call's, else the wallet's for that token) is
 * refused before signing. */
static zks_status check_cap(zks_wallet *w, const zks_token *tok, const char *fee, const fee_arg *arg)
{
    zki_u256 f, m;
    char cap_s[ZKS_AMOUNT_CHARS + 1];
    const char *whose = "this call's cap";
    if (zki_u256_from_dec(&f, fee) != 0) return ZKS_ERR_INTERNAL;
    if (arg->has_cap) {
        m = arg->cap;
    } else {
        size_t i = 0;
        while (i < w->n_caps && w->caps[i].token != tok->id) i++;
        if (i == w->n_caps) return ZKS_OK;
        if (zki_u256_from_dec(&m, w->caps[i].max) != 0) return ZKS_ERR_INTERNAL;
        whose = "the wallet's cap";
    }
    if (zki_u256_cmp(&f, &m) <= 0) return ZKS_OK;
    zki_u256_to_dec(cap_s, &m); /* ZKS_AMOUNT_CHARS + 1 == the 79 bytes it needs */
    snprintf(w->errmsg, sizeof w->errmsg, "the server quotes a fee of %s %s (base units), above %s %s: "
             "nothing signed", fee, tok->symbol, whose, cap_s);
    return ZKS_ERR_FEE_TOO_HIGH;
}

/* The start of a fee: out zeroed, the caller's argument parsed; an exact fee
 * goes to out (*quote 0), else the server is to be asked (*quote 1). */
static zks_status fee_start(zks_wallet *w, const char *given, fee_arg *arg, char out[ZKS_AMOUNT_CHARS + 1],
                            int *quote)
{
    memset(out, 0, (ZKS_AMOUNT_CHARS + 1));
    *quote = 0;
    zks_status st = parse_fee_arg(w, given, arg);
    if (st != ZKS_OK) return st;
    if (arg->exact != NULL) {
        snprintf(out, (ZKS_AMOUNT_CHARS + 1), "%s", arg->exact);
        return ZKS_OK;
    }
    *quote = 1;
    return ZKS_OK;
}

/* The server's total: rounded up to packable, then capped; out zeroed on failure. */
static zks_status fee_finish(zks_wallet *w, const zks_token *tok, const char *total, const fee_arg *arg,
                             char out[ZKS_AMOUNT_CHARS + 1])
{
    zks_status st = zks_fee_closest_packable_up(total, out, (ZKS_AMOUNT_CHARS + 1));
    if (st == ZKS_OK) st = check_cap(w, tok, out, arg);
    if (st != ZKS_OK) memset(out, 0, (ZKS_AMOUNT_CHARS + 1));
    return st;
}

/* Fee: the caller's value (checked packable) or the server's total fee rounded up to packable. */
zks_status zki_w_get_fee(zks_wallet *w, const char *given, const char *type, const char *address,
                          const zks_token *tok, char out[ZKS_AMOUNT_CHARS + 1])
{
    fee_arg arg;
    int quote;
    zks_status st = fee_start(w, given, &arg, out, &quote);
    if (st != ZKS_OK || !quote) return st;
    char id[16];
    snprintf(id, sizeof id, "%u", tok->id);
    zks_fee fee;
    st = zks_provider_get_tx_fee(w->p, type, address, id, &fee);
    if (st != ZKS_OK) return zki_w_perr(w, st);
    return fee_finish(w, tok, fee.total_fee, &arg, out);
}

/* Batch fee in fee token for n Transfers to the given addresses: the caller's
 * (given, as zki_w_get_fee), or the server's packable (rounded up), capped. */
zks_status zki_w_batch_fee(zks_wallet *w, const char *given, const char *const *addrs, size_t n,
                           const zks_token *ft, char out[ZKS_AMOUNT_CHARS + 1])
{
    fee_arg arg;
    int quote;
    zks_status st = fee_start(w, given, &arg, out, &quote);
    if (st != ZKS_OK || !quote) return st;
    const char **types = zki_calloc(n, sizeof *types);
    if (types == NULL) return ZKS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) types[i] = "Transfer";
    char id[16], total[ZKS_AMOUNT_CHARS + 1];
    snprintf(id, sizeof id, "%u", ft->id);
    st = zks_provider_get_txs_batch_fee_in_wei(w->p, types, addrs, n, id, total);
    zks_free(types);
    if (st != ZKS_OK) return zki_w_perr(w, st);
    return fee_finish(w, ft, total, &arg, out);
}

zks_status zks_wallet_set_max_fee(zks_wallet *w, const char *token, const char *max_fee)
{
    ZKI_ARG_CHECK(w != NULL && token != NULL);
    ZKI_W_ENTER(w);
    w->errmsg[0] = '\0';
    zks_token tok;
    zki_u256 v;
    zks_status st = ZKS_OK;
    if (max_fee != NULL && (zki_u256_from_dec(&v, max_fee) != 0 || strlen(max_fee) >= (ZKS_AMOUNT_CHARS + 1)))
        st = ZKS_ERR_INVALID_AMOUNT;
    if (st == ZKS_OK) st = zki_w_resolve(w, token, &tok);
    if (st != ZKS_OK) return ZKI_W_LEAVE(w, st);
    size_t i = 0;
    while (i < w->n_caps && w->caps[i].token != tok.id) i++;
    if (max_fee == NULL) {
        if (i < w->n_caps) w->caps[i] = w->caps[--w->n_caps];
        return ZKI_W_LEAVE(w, ZKS_OK);
    }
    if (i == w->n_caps) {
        if (w->n_caps == ZKI_FEE_CAPS) return ZKI_W_LEAVE(w, ZKS_ERR_BUFFER_SIZE);
        w->n_caps++;
    }
    w->caps[i].token = tok.id;
    zki_u256_to_dec(w->caps[i].max, &v);
    return ZKI_W_LEAVE(w, ZKS_OK);
}

/* --------------------------------------------------------------- creation */

/* The external signer's login signature seeds the zkSync key, so it is a
 * secret: recovering its address (variable time) would leak it. It is not
 * checked here; the signer is checked on its first public signature instead
 * (zki_w_sign_msg recovers every transaction message's signature), before
 * anything it signed is sent. */
static zks_status sign_login(zks_wallet *w, const uint8_t *msg, size_t len, uint8_t sig[ZKS_ETH_SIGNATURE_BYTES])
{
    memset(sig, 0, ZKS_ETH_SIGNATURE_BYTES);
    if (w->sign_message(w->sign_ctx, msg, len, sig) != ZKS_OK) {
        memset(sig, 0, ZKS_ETH_SIGNATURE_BYTES);
        zki_wmsg(w, "%s", "the external signer refused to sign");
        return ZKS_ERR_SIGNER;
    }
    /* v is 0/1 or 27/28 depending on the signer; the key derivation hashes
     * all 65 bytes, so normalise it the way zksync.js receives it from ethers. */
    uint32_t v = sig[ZKS_ETH_SIGNATURE_BYTES - 1], below = ((v - 27u) >> 31) & 1u; /* v < 27, without a branch */
    sig[ZKS_ETH_SIGNATURE_BYTES - 1] = (uint8_t)(v + 27u * below);
    return ZKS_OK;
}

static zks_status finish_new(zks_wallet *w, zks_eth_rpc *eth_rpc, uint64_t chain_id)
{
    zks_status st;
    uint64_t node_chain = 0;
    if (eth_rpc != NULL) {
        st = zks_eth_rpc_chain_id(eth_rpc, &node_chain);
        if (st != ZKS_OK) return st;
        if (chain_id != 0 && node_chain != chain_id) return ZKS_ERR_WRONG_CHAIN;
        chain_id = node_chain;
    }
    if (chain_id == 0) return ZKS_ERR_INVALID_ARG;
    w->chain_id = chain_id;
    zki_w_hex0x(w->address_lc, w->address, ZKS_ETH_ADDRESS_BYTES);
    st = zks_eth_address_to_checksum(w->address, w->address_cs);
    if (st != ZKS_OK) return st;

    /* zkSync key */
    if (w->has_eth_key) {
        st = zks_privkey_from_eth_privkey(w->eth_key, chain_id, w->zk_key);
    } else {
        char text[160];
        size_t tl = 0;
        uint8_t sig[ZKS_ETH_SIGNATURE_BYTES];
        st = zks_eth_login_message(chain_id, text, sizeof text, &tl);
        if (st == ZKS_OK) st = sign_login(w, (const uint8_t *)text, tl, sig);
        if (st == ZKS_OK) st = zks_privkey_from_eth_signature(sig, w->zk_key);
        ZKI_WIPE(sig);
    }
    if (st != ZKS_OK) return st;
    st = zks_pubkey_hash_from_privkey(w->zk_key, w->pkh);
    if (st != ZKS_OK) return st;
    st = zks_pubkey_hash_to_text(w->pkh, w->pkh_text);
    if (st != ZKS_OK) return st;

    zks_contract_address ca;
    st = zks_provider_contract_address(w->p, &ca);
    if (st != ZKS_OK) return st;
    snprintf(w->main_contract, sizeof w->main_contract, "%s", ca.main_contract);

    if (eth_rpc != NULL) {
        if (w->has_eth_key)
            st = zks_l1_new(eth_rpc, w->main_contract, chain_id, w->eth_key, &w->l1);
        else if (w->sign_digest != NULL)
            st = zks_l1_new_with_signer(eth_rpc, w->main_contract, chain_id, w->address_lc, w->sign_digest,
                                        w->sign_ctx, &w->l1);
        if (st != ZKS_OK) return st;
    }
    return ZKS_OK;
}

static zks_wallet *alloc_wallet(zks_provider *p, zks_eth_rpc *e)
{
    zks_wallet *w = zki_calloc(1, sizeof *w);
    if (w != NULL) {
        w->p = p;
        w->e = e;
    }
    return w;
}

zks_status zks_wallet_new(zks_provider *provider, zks_eth_rpc *eth_rpc, uint64_t chain_id,
                          const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES], zks_wallet **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    ZKI_ARG_CHECK(provider != NULL && eth_privkey != NULL);
    zks_wallet *w = alloc_wallet(provider, eth_rpc);
    if (w == NULL) return ZKS_ERR_NOMEM;
    memcpy(w->eth_key, eth_privkey, ZKS_ETH_PRIVKEY_BYTES);
    w->has_eth_key = 1;
    zks_status st = zks_eth_address_from_privkey(eth_privkey, w->address);
    if (st == ZKS_OK) st = finish_new(w, eth_rpc, chain_id);
    if (st != ZKS_OK) {
        zks_wallet_free(w);
        return st;
    }
    *out = w;
    return ZKS_OK;
}

zks_status zks_wallet_new_from_mnemonic(zks_provider *provider, zks_eth_rpc *eth_rpc, uint64_t chain_id,
                                        const char *mnemonic, const char *passphrase, const char *path,
                                        zks_wallet **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    ZKI_ARG_CHECK(provider != NULL && mnemonic != NULL);
    uint8_t key[ZKS_ETH_PRIVKEY_BYTES];
    zks_status st = zks_eth_privkey_from_mnemonic(mnemonic, passphrase, path, key);
    if (st == ZKS_OK) st = zks_wallet_new(provider, eth_rpc, chain_id, key, out);
    ZKI_WIPE(key);
    return st;
}

zks_status zks_wallet_new_with_signer(zks_provider *provider, zks_eth_rpc *eth_rpc, uint64_t chain_id,
                                      const char *address, zks_eth_message_signer sign_message,
                                      zks_eth_digest_signer sign_digest, void *sign_ctx, zks_wallet **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    ZKI_ARG_CHECK(provider != NULL && address != NULL && sign_message != NULL);
    zks_wallet *w = alloc_wallet(provider, eth_rpc);
    if (w == NULL) return ZKS_ERR_NOMEM;
    w->sign_message = sign_message;
    w->sign_digest = sign_digest;
    w->sign_ctx = sign_ctx;
    zks_status st = zks_eth_address_parse(address, w->address);
    if (st == ZKS_OK) st = finish_new(w, eth_rpc, chain_id);
    if (st != ZKS_OK) {
        zks_wallet_free(w);
        return st;
    }
    *out = w;
    return ZKS_OK;
}

void zks_wallet_free(zks_wallet *w)
{
    if (w == NULL) return;
    zks_l1_free(w->l1);
    zki_signed_free(&w->doubt);
    zks_free(w->journal_path);
    zks_free(w); /* wipes the block: keys, signer context pointer, state */
}

const char *zks_wallet_errmsg(const zks_wallet *w) { return w != NULL ? w->errmsg : ""; }

zks_l1 *zks_wallet_l1(zks_wallet *w) { return w != NULL ? w->l1 : NULL; }

zks_status zks_wallet_address(const zks_wallet *w, char out[ZKS_ETH_ADDRESS_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_ETH_ADDRESS_CHARS + 1);
    ZKI_ARG_CHECK(w != NULL);
    memcpy(out, w->address_cs, ZKS_ETH_ADDRESS_CHARS + 1);
    return ZKS_OK;
}

zks_status zks_wallet_pubkey_hash(const zks_wallet *w, char out[ZKS_PUBKEY_HASH_CHARS + 1],
                                  uint8_t out_raw[ZKS_PUBKEY_HASH_BYTES])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_PUBKEY_HASH_CHARS + 1);
    if (out_raw != NULL) memset(out_raw, 0, ZKS_PUBKEY_HASH_BYTES);
    ZKI_ARG_CHECK(w != NULL);
    memcpy(out, w->pkh_text, sizeof w->pkh_text);
    if (out_raw != NULL) memcpy(out_raw, w->pkh, ZKS_PUBKEY_HASH_BYTES);
    return ZKS_OK;
}

static zks_status account_id_impl(zks_wallet *w, uint32_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    zks_status st = zki_w_ensure_account(w);
    if (st == ZKS_OK) *out = w->account_id;
    return st;
}

static zks_status nonce_impl(zks_wallet *w, uint32_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    if (!w->nonce_known) {
        zks_status st = zki_w_fetch_account(w, NULL);
        if (st != ZKS_OK) return st;
    }
    *out = w->nonce;
    return ZKS_OK;
}

static zks_status sync_impl(zks_wallet *w)
{
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    w->has_id = 0;
    w->nonce_known = 0;
    w->shut_down = 0;
    return zki_w_fetch_account(w, NULL);
}

static zks_status balance_impl(zks_wallet *w, const char *token, uint32_t which, char out[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(w != NULL && token != NULL && which <= ZKS_ACCOUNT_VERIFIED);
    w->errmsg[0] = '\0';
    zks_token tok;
    zks_status st = zki_w_resolve(w, token, &tok);
    if (st != ZKS_OK) return st;
    zks_account *a = NULL;
    st = zks_provider_account_info(w->p, w->address_lc, &a);
    if (st != ZKS_OK) return zki_w_perr(w, st);
    st = zks_account_balance(a, which, tok.symbol, out);
    zks_account_free(a);
    if (st != ZKS_OK) memset(out, 0, ZKS_AMOUNT_CHARS + 1);
    return st;
}

static zks_status l1_balance_impl(zks_wallet *w, const char *token, char out[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(w != NULL && token != NULL);
    w->errmsg[0] = '\0';
    if (w->l1 == NULL) {
        zki_wmsg(w, "%s", "the wallet has no L1 access");
        return ZKS_ERR_STATE;
    }
    zks_token tok;
    zks_status st = zki_w_resolve(w, token, &tok);
    if (st != ZKS_OK) return st;
    return zki_w_l1err(w, zks_l1_balance(w->l1, tok.address, NULL, out));
}

static zks_status signing_key_state_impl(zks_wallet *w, int32_t *out_state)
{
    ZKI_ARG_CHECK(out_state != NULL);
    *out_state = 0;
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    zks_account *a = NULL;
    zks_status st = zki_w_fetch_account(w, &a);
    if (st != ZKS_OK) return st;
    zks_account_info info;
    st = zks_account_get_info(a, &info);
    zks_account_free(a);
    if (st != ZKS_OK) return st;
    uint8_t cur[ZKS_PUBKEY_HASH_BYTES];
    if (zks_pubkey_hash_from_text(info.committed_pub_key_hash, cur) != ZKS_OK) {
        zki_wmsg(w, "bad pubKeyHash from the server: %s", info.committed_pub_key_hash);
        return ZKS_ERR_PARSE;
    }
    static const uint8_t zero[ZKS_PUBKEY_HASH_BYTES];
    if (memcmp(cur, zero, ZKS_PUBKEY_HASH_BYTES) == 0)
        *out_state = ZKS_SIGNING_KEY_NONE;
    else if (memcmp(cur, w->pkh, ZKS_PUBKEY_HASH_BYTES) == 0)
        *out_state = ZKS_SIGNING_KEY_OURS;
    else
        *out_state = ZKS_SIGNING_KEY_OTHER;
    return ZKS_OK;
}

/* ---- the in-use guard around the calls above ---- */

zks_status zks_wallet_account_id(zks_wallet *w, uint32_t *out)
{
    if (w == NULL || out == NULL) return account_id_impl(w, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, account_id_impl(w, out));
}

zks_status zks_wallet_nonce(zks_wallet *w, uint32_t *out)
{
    if (w == NULL || out == NULL) return nonce_impl(w, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, nonce_impl(w, out));
}

zks_status zks_wallet_sync(zks_wallet *w)
{
    if (w == NULL) return sync_impl(w);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, sync_impl(w));
}

zks_status zks_wallet_balance(zks_wallet *w, const char *token, uint32_t which, char out[ZKS_AMOUNT_CHARS + 1])
{
    if (w == NULL || out == NULL) return balance_impl(w, token, which, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, balance_impl(w, token, which, out));
}

zks_status zks_wallet_l1_balance(zks_wallet *w, const char *token, char out[ZKS_AMOUNT_CHARS + 1])
{
    if (w == NULL || out == NULL) return l1_balance_impl(w, token, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, l1_balance_impl(w, token, out));
}

zks_status zks_wallet_signing_key_state(zks_wallet *w, int32_t *out_state)
{
    if (w == NULL || out_state == NULL) return signing_key_state_impl(w, out_state);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, signing_key_state_impl(w, out_state));
}
