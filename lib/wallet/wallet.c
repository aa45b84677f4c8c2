/* zks_wallet: a zkSync Lite account (Ethereum signer + zkSync key) over a
 * zks_provider and, for L1 operations, a zks_eth_rpc. Orchestration only:
 * encoding and signing are lib/tx, keys lib/eth and lib/crypto, transport
 * lib/provider, L1 contract calls lib/eth/l1_ops.c. See docs/wallet.md. */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "../internal.h"
#include "crypto/keccak.h"
#include "l1/l1_ops.h"
#include "provider/provider.h"

struct zks_wallet {
    zks_provider *p;        /* borrowed */
    zks_eth_rpc *e;         /* borrowed, may be NULL */
    zks_l1 *l1;             /* owned, may be NULL */
    uint64_t chain_id;
    uint8_t address[20];
    char address_lc[ZKS_RPC_ADDRESS_CHARS + 1];
    char address_cs[ZKS_ETH_ADDRESS_CHARS + 1];
    uint8_t eth_key[ZKS_ETH_PRIVKEY_BYTES];
    int has_eth_key;
    zks_eth_message_signer sign_message;
    zks_eth_digest_signer sign_digest;
    void *sign_ctx;
    uint8_t zk_key[ZKS_PRIVKEY_BYTES];
    uint8_t pkh[ZKS_PUBKEY_HASH_BYTES];
    char pkh_text[ZKS_PUBKEY_HASH_CHARS + 1];
    char main_contract[ZKS_RPC_ADDRESS_CHARS + 1];
    int has_id;
    uint32_t account_id;
    int nonce_known;
    uint32_t nonce;
    /* The last submission whose outcome is unknown (timeout, dropped reply):
     * its expected hash ("" = none) and nonce. A later 101 at that nonce is
     * not answered by re-signing at a fresh nonce when that tx went through. */
    char doubt_hash[ZKS_TX_HASH_STR_BYTES];
    uint32_t doubt_nonce;
    /* The server answered 305 (L2 transactions disabled, the 2026 shutdown):
     * later L2 operations return ZKS_ERR_NETWORK_SHUT_DOWN at once, before
     * any fee query or signature. zks_wallet_sync forgets it. */
    int shut_down;
    char errmsg[320];
};

#define HASH_CAP ZKS_TX_HASH_STR_BYTES
#define MSG_CAP 1024

/* ---------------------------------------------------------------- helpers */

static void wmsg(zks_wallet *w, const char *fmt, const char *arg)
{
    snprintf(w->errmsg, sizeof w->errmsg, fmt, arg != NULL ? arg : "");
}

/* The refusal after the shutdown, with what to do instead. */
static zks_status shut_down(zks_wallet *w)
{
    w->shut_down = 1;
    snprintf(w->errmsg, sizeof w->errmsg,
             "zkSync Lite is shut down: L2 transactions are disabled (server code 305). Claim the final balance "
             "on L1 (docs/exit.md, zksync-exit claim) or withdraw a pending balance (zksync-exit pending "
             "--withdraw).");
    return ZKS_ERR_NETWORK_SHUT_DOWN;
}

/* Keeps the provider's message for a failed provider call. */
static zks_status perr(zks_wallet *w, zks_status st)
{
    if (st == ZKS_ERR_NETWORK_SHUT_DOWN) return shut_down(w);
    if (st != ZKS_OK) wmsg(w, "%s", zks_provider_errmsg(w->p));
    return st;
}

static zks_status l1err(zks_wallet *w, zks_status st)
{
    if (st != ZKS_OK) wmsg(w, "%s", zks_l1_errmsg(w->l1));
    return st;
}

static void hex0x(char *out, const uint8_t *in, size_t len)
{
    out[0] = '0';
    out[1] = 'x';
    zki_hex_encode(out + 2, in, len);
}

static int is_digits(const char *s)
{
    if (s == NULL || *s == '\0') return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* Signs an Ethereum text/bytes message with the wallet's signer (personal_sign). */
static zks_status sign_msg(zks_wallet *w, const uint8_t *msg, size_t len, uint8_t sig[65])
{
    if (w->has_eth_key) return zks_eth_personal_sign(w->eth_key, msg, len, sig);
    memset(sig, 0, 65);
    if (w->sign_message(w->sign_ctx, msg, len, sig) != ZKS_OK) {
        memset(sig, 0, 65);
        wmsg(w, "%s", "the external signer refused to sign");
        return ZKS_ERR_SIGNER;
    }
    if (sig[64] < 27) sig[64] = (uint8_t)(sig[64] + 27);
    uint8_t rec[20];
    if (zks_eth_personal_recover(msg, len, sig, rec) != ZKS_OK || memcmp(rec, w->address, 20) != 0) {
        memset(sig, 0, 65);
        wmsg(w, "%s", "the external signer's signature does not match the wallet address");
        return ZKS_ERR_SIGNER;
    }
    return ZKS_OK;
}

/* Signs a text and writes {"type":"EthereumSignature","signature":"0x.."} into out. */
static zks_status sign_text_json(zks_wallet *w, const char *text, char *out, size_t cap)
{
    uint8_t sig[65];
    zks_status st = sign_msg(w, (const uint8_t *)text, strlen(text), sig);
    if (st != ZKS_OK) return st;
    char hex[133];
    hex0x(hex, sig, 65);
    snprintf(out, cap, "{\"type\":\"EthereumSignature\",\"signature\":\"%s\"}", hex);
    return ZKS_OK;
}

static zks_status fetch_account(zks_wallet *w, zks_account **out_acc)
{
    zks_account *a = NULL;
    zks_status st = zks_provider_account_info(w->p, w->address_lc, &a);
    if (st != ZKS_OK) return perr(w, st);
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
static zks_status ensure_account(zks_wallet *w)
{
    if (!w->has_id || !w->nonce_known) {
        zks_status st = fetch_account(w, NULL);
        if (st != ZKS_OK) return st;
    }
    if (!w->has_id) {
        wmsg(w, "%s", "Account does not exist in the zkSync network");
        return ZKS_ERR_STATE;
    }
    return ZKS_OK;
}

static zks_status resolve(zks_wallet *w, const char *token, zks_token *out)
{
    if (token == NULL) return ZKS_ERR_INVALID_ARG;
    zks_status st = zks_provider_resolve_token(w->p, token, out);
    if (st == ZKS_ERR_NOT_FOUND) {
        wmsg(w, "unknown token %s", token);
        return st;
    }
    return perr(w, st);
}

/* Fee: the caller's value (checked packable) or the server's total fee rounded up to packable. */
static zks_status get_fee(zks_wallet *w, const char *given, const char *type, const char *address,
                          const zks_token *tok, char out[ZKS_AMOUNT_STR_BYTES])
{
    if (given != NULL) {
        zks_status st = zks_fee_is_packable(given);
        if (st != ZKS_OK) return st;
        snprintf(out, ZKS_AMOUNT_STR_BYTES, "%s", given);
        return ZKS_OK;
    }
    char id[16];
    snprintf(id, sizeof id, "%u", tok->id);
    zks_fee fee;
    zks_status st = zks_provider_get_tx_fee(w->p, type, address, id, &fee);
    if (st != ZKS_OK) return perr(w, st);
    return zks_fee_closest_packable_up(fee.total_fee, out, ZKS_AMOUNT_STR_BYTES);
}

/* Submit failures after which the server may have taken the tx. */
static int outcome_unknown(zks_status st)
{
    return st == ZKS_ERR_NETWORK || st == ZKS_ERR_TIMEOUT || st == ZKS_ERR_HTTP || st == ZKS_ERR_PARSE ||
           st == ZKS_ERR_RESPONSE_TOO_LARGE || st == ZKS_ERR_NOMEM;
}

/* 1 when the server reports hash as executed successfully (so its nonce is
 * used). A probe after a failed submit: the provider keeps reporting that
 * failure (zks_provider_last_error) whatever the look-up itself gives. */
static int tx_went_through(zks_wallet *w, const char *hash)
{
    zks_tx_info ti;
    if (hash == NULL || hash[0] == '\0') return 0;
    zki_provider_error saved;
    zki_provider_error_save(w->p, &saved);
    int through = zks_provider_tx_info(w->p, hash, &ti) == ZKS_OK && ti.executed == 1 && ti.success == 1;
    zki_provider_error_restore(w->p, &saved);
    return through;
}

/* The failed submit turned out to be taken already: the provider reports success. */
static void provider_ok(zks_wallet *w)
{
    zki_provider_error none;
    memset(&none, 0, sizeof none);
    zki_provider_error_restore(w->p, &none);
}

/* After a 101 at nonce `used` (the tx itself is not in a block): may the
 * wallet re-sign at a fresh nonce? Not when the earlier submission at that
 * nonce, whose outcome was unknown, went through after all: re-signing would
 * send the payment twice. Returns ZKS_OK to retry, else the status to return. */
static zks_status may_resign(zks_wallet *w, uint32_t used)
{
    w->nonce_known = 0;
    if (w->doubt_hash[0] == '\0' || w->doubt_nonce != used) return ZKS_OK;
    char h[ZKS_TX_HASH_STR_BYTES];
    memcpy(h, w->doubt_hash, sizeof h);
    w->doubt_hash[0] = '\0';
    if (!tx_went_through(w, h)) return ZKS_OK;
    snprintf(w->errmsg, sizeof w->errmsg,
             "nonce %u was used by the earlier submission %s, whose outcome was unknown and which went through: "
             "not re-signed at a new nonce",
             (unsigned)used, h);
    return ZKS_ERR_NONCE_MISMATCH;
}

/* Notes a failed submission: an unknown outcome is remembered (and its hash
 * named in errmsg) so that a later 101 is not answered by re-signing. */
static void note_failure(zks_wallet *w, zks_status st, const char *expected, uint32_t used)
{
    if (!outcome_unknown(st) || expected == NULL || expected[0] == '\0') return;
    memcpy(w->doubt_hash, expected, ZKS_TX_HASH_STR_BYTES);
    w->doubt_nonce = used;
    size_t l = strlen(w->errmsg);
    snprintf(w->errmsg + l, sizeof w->errmsg - l, "; outcome unknown: check %s before sending again", expected);
}

static void set_nonce(zks_tx_type type, void *tx, uint32_t n)
{
    switch (type) {
    case ZKS_TX_TRANSFER: ((zks_transfer *)tx)->nonce = n; break;
    case ZKS_TX_WITHDRAW: ((zks_withdraw *)tx)->nonce = n; break;
    case ZKS_TX_CHANGE_PUBKEY: ((zks_change_pubkey *)tx)->nonce = n; break;
    case ZKS_TX_FORCED_EXIT: ((zks_forced_exit *)tx)->nonce = n; break;
    case ZKS_TX_MINT_NFT: ((zks_mint_nft *)tx)->nonce = n; break;
    case ZKS_TX_WITHDRAW_NFT: ((zks_withdraw_nft *)tx)->nonce = n; break;
    case ZKS_TX_SWAP: ((zks_swap *)tx)->nonce = n; break;
    case ZKS_TX_ORDER: ((zks_order *)tx)->nonce = n; break;
    }
}

/* Signs and submits one tx whose nonce is set. eth_sig_json: NULL = build the
 * text signature from the tx message (symbol/decimals), "" = send null,
 * otherwise a ready signature variant (the Swap triple is built by the caller
 * through swap_triple). */
typedef struct {
    const char *symbol;
    uint32_t decimals;
    int no_eth_sig;          /* ChangePubKey: tx_submit signature null */
    const char *order_sig_a; /* Swap: the orders' "0x.." signatures (or NULL) */
    const char *order_sig_b;
    int32_t fast;
} submit_opts;

static zks_status submit_one(zks_wallet *w, zks_tx_type type, const void *tx, const submit_opts *o,
                             char out_hash[HASH_CAP], char expected[HASH_CAP])
{
    uint8_t sig[ZKS_MUSIG_BYTES];
    char *json = NULL;
    expected[0] = '\0';
    uint8_t h[ZKS_TX_HASH_BYTES];
    char ethsig[700];
    zks_status st = zks_tx_sign(type, tx, w->zk_key, sig);
    if (st != ZKS_OK) goto out;
    st = zks_tx_hash(type, tx, h, expected);
    if (st != ZKS_OK) goto out;
    st = zks_tx_to_json(type, tx, sig, &json);
    if (st != ZKS_OK) goto out;
    const char *ethp = NULL;
    if (!o->no_eth_sig) {
        char text[MSG_CAP];
        size_t tl = 0;
        st = zks_tx_eth_message(type, tx, o->symbol, o->decimals, NULL, text, sizeof text, &tl);
        if (st != ZKS_OK) goto out;
        char one[200];
        st = sign_text_json(w, text, one, sizeof one);
        if (st != ZKS_OK) goto out;
        if (type == ZKS_TX_SWAP) {
            char a[200] = "null", b[200] = "null";
            if (o->order_sig_a != NULL)
                snprintf(a, sizeof a, "{\"type\":\"EthereumSignature\",\"signature\":\"%s\"}", o->order_sig_a);
            if (o->order_sig_b != NULL)
                snprintf(b, sizeof b, "{\"type\":\"EthereumSignature\",\"signature\":\"%s\"}", o->order_sig_b);
            snprintf(ethsig, sizeof ethsig, "[%s,%s,%s]", one, a, b);
        } else {
            snprintf(ethsig, sizeof ethsig, "%s", one);
        }
        ethp = ethsig;
    }
    st = zks_provider_tx_submit(w->p, json, ethp, o->fast ? 1 : 0, expected, out_hash);
    if (st != ZKS_OK) (void)perr(w, st);
    if (st == ZKS_ERR_NONCE_MISMATCH && tx_went_through(w, expected)) {
        /* This very tx (same bytes, same hash) is already in a block: a
         * retry after an unknown outcome. Report it, never re-sign it. */
        memcpy(out_hash, expected, HASH_CAP);
        w->errmsg[0] = '\0';
        provider_ok(w);
        st = ZKS_OK;
    }
    if (st != ZKS_OK) {
        memset(out_hash, 0, HASH_CAP);
        if (st == ZKS_ERR_NONCE_MISMATCH) w->nonce_known = 0;
    }
out:
    zks_free(json);
    return st;
}

/* Runs submit_one at the wallet nonce, resyncing and retrying once on 101. */
static zks_status submit_with_nonce(zks_wallet *w, zks_tx_type type, void *tx, const submit_opts *o,
                                    char out_hash[HASH_CAP])
{
    zks_status st = ZKS_ERR_INTERNAL;
    char expected[HASH_CAP];
    for (int attempt = 0; attempt < 2; attempt++) {
        st = ensure_account(w);
        if (st != ZKS_OK) break;
        uint32_t used = w->nonce;
        set_nonce(type, tx, used);
        st = submit_one(w, type, tx, o, out_hash, expected);
        if (st == ZKS_OK) {
            w->nonce = used + 1;
            w->doubt_hash[0] = '\0';
            break;
        }
        note_failure(w, st, expected, used);
        if (st != ZKS_ERR_NONCE_MISMATCH) break;
        if ((st = may_resign(w, used)) != ZKS_OK) break;
        st = ZKS_ERR_NONCE_MISMATCH;
    }
    return st;
}

/* --------------------------------------------------------------- creation */

static zks_status finish_new(zks_wallet *w, zks_eth_rpc *eth_rpc, uint64_t chain_id)
{
    zks_status st;
    uint64_t node_chain = 0;
    if (eth_rpc != NULL) {
        st = zks_eth_chain_id(eth_rpc, &node_chain);
        if (st != ZKS_OK) return st;
        if (chain_id != 0 && node_chain != chain_id) return ZKS_ERR_WRONG_CHAIN;
        chain_id = node_chain;
    }
    if (chain_id == 0) return ZKS_ERR_INVALID_ARG;
    w->chain_id = chain_id;
    hex0x(w->address_lc, w->address, 20);
    st = zks_eth_address_to_checksum(w->address, w->address_cs);
    if (st != ZKS_OK) return st;

    /* zkSync key */
    if (w->has_eth_key) {
        st = zks_privkey_from_eth_privkey(w->eth_key, chain_id, w->zk_key);
    } else {
        char text[160];
        size_t tl = 0;
        uint8_t sig[65];
        st = zks_eth_login_message(chain_id, text, sizeof text, &tl);
        if (st == ZKS_OK) st = sign_msg(w, (const uint8_t *)text, tl, sig);
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
    memcpy(w->eth_key, eth_privkey, 32);
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

zks_status zks_wallet_account_id(zks_wallet *w, uint32_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    zks_status st = ensure_account(w);
    if (st == ZKS_OK) *out = w->account_id;
    return st;
}

zks_status zks_wallet_nonce(zks_wallet *w, uint32_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    if (!w->nonce_known) {
        zks_status st = fetch_account(w, NULL);
        if (st != ZKS_OK) return st;
    }
    *out = w->nonce;
    return ZKS_OK;
}

zks_status zks_wallet_sync(zks_wallet *w)
{
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    w->has_id = 0;
    w->nonce_known = 0;
    w->shut_down = 0;
    return fetch_account(w, NULL);
}

zks_status zks_wallet_balance(zks_wallet *w, const char *token, uint32_t which, char out[ZKS_RPC_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_RPC_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(w != NULL && token != NULL && which <= ZKS_ACCOUNT_VERIFIED);
    w->errmsg[0] = '\0';
    zks_token tok;
    zks_status st = resolve(w, token, &tok);
    if (st != ZKS_OK) return st;
    zks_account *a = NULL;
    st = zks_provider_account_info(w->p, w->address_lc, &a);
    if (st != ZKS_OK) return perr(w, st);
    st = zks_account_balance(a, which, tok.symbol, out);
    zks_account_free(a);
    if (st != ZKS_OK) memset(out, 0, ZKS_RPC_AMOUNT_CHARS + 1);
    return st;
}

zks_status zks_wallet_l1_balance(zks_wallet *w, const char *token, char out[ZKS_RPC_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_RPC_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(w != NULL && token != NULL);
    w->errmsg[0] = '\0';
    if (w->l1 == NULL) {
        wmsg(w, "%s", "the wallet has no L1 access");
        return ZKS_ERR_STATE;
    }
    zks_token tok;
    zks_status st = resolve(w, token, &tok);
    if (st != ZKS_OK) return st;
    return l1err(w, zks_l1_balance(w->l1, tok.address, NULL, out));
}

zks_status zks_wallet_signing_key_state(zks_wallet *w, int32_t *out_state)
{
    ZKI_ARG_CHECK(out_state != NULL);
    *out_state = 0;
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    zks_account *a = NULL;
    zks_status st = fetch_account(w, &a);
    if (st != ZKS_OK) return st;
    zks_account_info info;
    st = zks_account_get_info(a, &info);
    zks_account_free(a);
    if (st != ZKS_OK) return st;
    uint8_t cur[20];
    if (zks_pubkey_hash_from_text(info.committed_pub_key_hash, cur) != ZKS_OK) {
        wmsg(w, "bad pubKeyHash from the server: %s", info.committed_pub_key_hash);
        return ZKS_ERR_PARSE;
    }
    static const uint8_t zero[20];
    if (memcmp(cur, zero, 20) == 0)
        *out_state = ZKS_SIGNING_KEY_NONE;
    else if (memcmp(cur, w->pkh, 20) == 0)
        *out_state = ZKS_SIGNING_KEY_OURS;
    else
        *out_state = ZKS_SIGNING_KEY_OTHER;
    return ZKS_OK;
}

/* ------------------------------------------------------------- operations */

#define BEGIN_OP(w, hash)                                                      \
    do {                                                                       \
        ZKI_ARG_CHECK((hash) != NULL);                                         \
        memset((hash), 0, HASH_CAP);                                           \
        ZKI_ARG_CHECK((w) != NULL);                                            \
        (w)->errmsg[0] = '\0';                                                 \
        if ((w)->shut_down) return shut_down(w);                               \
    } while (0)

zks_status zks_wallet_set_signing_key(zks_wallet *w, uint32_t auth, const char *fee_token, const char *fee,
                                      char out_hash[ZKS_TX_HASH_STR_BYTES])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(fee_token != NULL && (auth == ZKS_CPK_ONCHAIN || auth == ZKS_CPK_ECDSA));
    if (auth == ZKS_CPK_ONCHAIN && w->l1 == NULL) {
        wmsg(w, "%s", "Onchain authorisation needs L1 access");
        return ZKS_ERR_STATE;
    }
    int32_t state;
    zks_status st = zks_wallet_signing_key_state(w, &state);
    if (st != ZKS_OK) return st;
    if (state == ZKS_SIGNING_KEY_OURS) {
        wmsg(w, "%s", "Current signing key is already set");
        return ZKS_ERR_STATE;
    }
    zks_token ft;
    if ((st = resolve(w, fee_token, &ft)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    st = get_fee(w, fee, auth == ZKS_CPK_ONCHAIN ? "ChangePubKey:Onchain" : "ChangePubKey:ECDSA", w->address_lc, &ft,
                 fee_s);
    if (st != ZKS_OK) return st;

    for (int attempt = 0; attempt < 2; attempt++) {
        st = ensure_account(w);
        if (st != ZKS_OK) return st;
        zks_change_pubkey cpk = ZKS_CHANGE_PUBKEY_INIT;
        cpk.account_id = w->account_id;
        memcpy(cpk.account, w->address, 20);
        memcpy(cpk.new_pk_hash, w->pkh, 20);
        cpk.fee_token = ft.id;
        cpk.fee = fee_s;
        cpk.nonce = w->nonce;
        cpk.auth_type = auth;
        if (auth == ZKS_CPK_ONCHAIN) {
            uint8_t fact[32], want[32];
            st = zks_l1_auth_fact(w->l1, NULL, cpk.nonce, fact);
            if (st != ZKS_OK) return l1err(w, st);
            zki_keccak256(w->pkh, 20, want);
            static const uint8_t zero[32];
            if (memcmp(fact, zero, 32) == 0) {
                zks_l1_result r;
                st = zks_l1_set_auth_pubkey_hash(w->l1, w->pkh, cpk.nonce, 60000, &r);
                if (st != ZKS_OK) return l1err(w, st);
            } else if (memcmp(fact, want, 32) != 0) {
                wmsg(w, "%s", "another key is authorised on L1 for this nonce");
                return ZKS_ERR_STATE;
            }
        } else {
            uint8_t m[ZKS_CPK_ECDSA_MESSAGE_BYTES];
            st = zks_change_pubkey_ecdsa_message(&cpk, m);
            if (st == ZKS_OK) st = sign_msg(w, m, sizeof m, cpk.eth_signature);
            if (st != ZKS_OK) return st;
        }
        submit_opts o = {ft.symbol, ft.decimals, 1, NULL, NULL, 0};
        char expected[HASH_CAP];
        st = submit_one(w, ZKS_TX_CHANGE_PUBKEY, &cpk, &o, out_hash, expected);
        if (st == ZKS_OK) {
            w->nonce = cpk.nonce + 1;
            w->doubt_hash[0] = '\0';
            return st;
        }
        note_failure(w, st, expected, cpk.nonce);
        if (st != ZKS_ERR_NONCE_MISMATCH) return st;
        if ((st = may_resign(w, cpk.nonce)) != ZKS_OK) return st;
        st = ZKS_ERR_NONCE_MISMATCH;
    }
    return st;
}

zks_status zks_wallet_transfer(zks_wallet *w, const char *to, const char *token, const char *amount,
                               const char *fee, char out_hash[ZKS_TX_HASH_STR_BYTES])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(to != NULL && token != NULL && amount != NULL);
    zks_transfer t = ZKS_TRANSFER_INIT;
    zks_status st = zks_eth_address_parse(to, t.to);
    if (st != ZKS_OK) return st;
    zks_token tok;
    if ((st = resolve(w, token, &tok)) != ZKS_OK) return st;
    if ((st = ensure_account(w)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    if ((st = get_fee(w, fee, "Transfer", to, &tok, fee_s)) != ZKS_OK) return st;
    t.account_id = w->account_id;
    memcpy(t.from, w->address, 20);
    t.token = tok.id;
    t.amount = amount;
    t.fee = fee_s;
    submit_opts o = {tok.symbol, tok.decimals, 0, NULL, NULL, 0};
    return submit_with_nonce(w, ZKS_TX_TRANSFER, &t, &o, out_hash);
}

/* Submits n transfers (nonces assigned here) as one batch with one signature. */
static zks_status submit_transfer_batch(zks_wallet *w, zks_transfer *txs, size_t n, const char *const *syms,
                                        const uint32_t *decs, char *out_hashes, size_t *out_count)
{
    zks_status st = ZKS_ERR_INTERNAL;
    char **parts = NULL, **hashes = NULL;
    char *json = NULL, *text = NULL;
    size_t json_len = 0, json_cap = 0;
    parts = zki_calloc(n, sizeof *parts);
    hashes = zki_calloc(n, sizeof *hashes);
    if (parts == NULL || hashes == NULL) {
        st = ZKS_ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        parts[i] = zki_malloc(MSG_CAP);
        hashes[i] = zki_malloc(HASH_CAP);
        if (parts[i] == NULL || hashes[i] == NULL) {
            st = ZKS_ERR_NOMEM;
            goto out;
        }
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        st = ensure_account(w);
        if (st != ZKS_OK) goto out;
        uint32_t first = w->nonce;
        json_len = 0;
        for (size_t i = 0; i < n; i++) {
            txs[i].nonce = first + (uint32_t)i;
            size_t pl = 0;
            uint8_t sig[ZKS_MUSIG_BYTES], h[ZKS_TX_HASH_BYTES];
            char *one = NULL;
            st = zks_tx_eth_message_part(ZKS_TX_TRANSFER, &txs[i], syms[i], decs[i], parts[i], MSG_CAP, &pl);
            if (st == ZKS_OK) st = zks_tx_sign(ZKS_TX_TRANSFER, &txs[i], w->zk_key, sig);
            if (st == ZKS_OK) st = zks_tx_hash(ZKS_TX_TRANSFER, &txs[i], h, hashes[i]);
            if (st == ZKS_OK) st = zks_tx_to_json(ZKS_TX_TRANSFER, &txs[i], sig, &one);
            if (st != ZKS_OK) goto out;
            size_t ol = strlen(one);
            if (json_len + ol + 4 > json_cap) {
                size_t nc = (json_len + ol + 4) * 2;
                char *nj = zki_realloc(json, nc);
                if (nj == NULL) {
                    zks_free(one);
                    st = ZKS_ERR_NOMEM;
                    goto out;
                }
                json = nj;
                json_cap = nc;
            }
            json[json_len++] = i == 0 ? '[' : ',';
            memcpy(json + json_len, one, ol);
            json_len += ol;
            json[json_len] = '\0';
            zks_free(one);
        }
        json[json_len++] = ']';
        json[json_len] = '\0';
        /* the batch text: every part, a newline each, and "Nonce: <u32>" */
        size_t text_cap = 32;
        for (size_t i = 0; i < n; i++) text_cap += strlen(parts[i]) + 1;
        zks_free(text);
        text = zki_malloc(text_cap);
        if (text == NULL) {
            st = ZKS_ERR_NOMEM;
            goto out;
        }
        size_t tl = 0;
        st = zks_batch_eth_message((const char *const *)parts, n, first, text, text_cap, &tl);
        if (st != ZKS_OK) goto out;
        char sigjson[200];
        st = sign_text_json(w, text, sigjson, sizeof sigjson);
        if (st != ZKS_OK) goto out;
        size_t count = 0;
        st = zks_provider_submit_txs_batch(w->p, json, sigjson, (const char *const *)hashes, n, out_hashes, n,
                                           &count);
        if (st != ZKS_OK) (void)perr(w, st);
        if (st == ZKS_ERR_NONCE_MISMATCH) {
            /* This very batch already in a block (a retry after an unknown outcome)? */
            size_t known = 0;
            while (known < n && tx_went_through(w, hashes[known])) known++;
            if (known == n) {
                for (size_t i = 0; i < n; i++) memcpy(out_hashes + i * HASH_CAP, hashes[i], HASH_CAP);
                count = n;
                w->errmsg[0] = '\0';
                provider_ok(w);
                st = ZKS_OK;
            }
        }
        if (st == ZKS_OK) {
            w->nonce = first + (uint32_t)n;
            w->doubt_hash[0] = '\0';
            *out_count = count;
            goto out;
        }
        note_failure(w, st, hashes[0], first);
        if (st != ZKS_ERR_NONCE_MISMATCH) goto out;
        if ((st = may_resign(w, first)) != ZKS_OK) goto out;
        st = ZKS_ERR_NONCE_MISMATCH;
    }
out:
    for (size_t i = 0; parts != NULL && i < n; i++) zks_free(parts[i]);
    for (size_t i = 0; hashes != NULL && i < n; i++) zks_free(hashes[i]);
    zks_free(parts);
    zks_free(hashes);
    zks_free(json);
    zks_free(text);
    return st;
}

/* Batch fee in fee token for n Transfers to the given addresses, packable (rounded up). */
static zks_status batch_fee(zks_wallet *w, const char *const *addrs, size_t n, const zks_token *ft,
                            char out[ZKS_AMOUNT_STR_BYTES])
{
    const char **types = zki_calloc(n, sizeof *types);
    if (types == NULL) return ZKS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) types[i] = "Transfer";
    char id[16], total[ZKS_RPC_AMOUNT_CHARS + 1];
    snprintf(id, sizeof id, "%u", ft->id);
    zks_status st = zks_provider_get_txs_batch_fee_in_wei(w->p, types, addrs, n, id, total);
    zks_free(types);
    if (st != ZKS_OK) return perr(w, st);
    return zks_fee_closest_packable_up(total, out, ZKS_AMOUNT_STR_BYTES);
}

zks_status zks_wallet_transfer_batch(zks_wallet *w, size_t n, const char *const *to, const char *const *tokens,
                                     const char *const *amounts, const char *fee_token, const char *total_fee,
                                     char *out_hashes, size_t out_cap, size_t *out_count)
{
    ZKI_ARG_CHECK(out_count != NULL);
    *out_count = 0;
    ZKI_ARG_CHECK(out_hashes != NULL || out_cap == 0);
    if (out_hashes != NULL) memset(out_hashes, 0, out_cap * HASH_CAP);
    ZKI_ARG_CHECK(w != NULL && n > 0 && n <= 100 && to != NULL && tokens != NULL && amounts != NULL &&
                  fee_token != NULL);
    w->errmsg[0] = '\0';
    for (size_t i = 0; i < n; i++) ZKI_ARG_CHECK(to[i] != NULL && tokens[i] != NULL && amounts[i] != NULL);
    if (w->shut_down) return shut_down(w);
    zks_status st;
    zks_token ft;
    if ((st = resolve(w, fee_token, &ft)) != ZKS_OK) return st;
    if ((st = ensure_account(w)) != ZKS_OK) return st;
    zks_transfer *txs = zki_calloc(n + 1, sizeof *txs);
    const char **syms = zki_calloc(n + 1, sizeof *syms);
    const char **addrs = zki_calloc(n + 1, sizeof *addrs);
    uint32_t *decs = zki_calloc(n + 1, sizeof *decs);
    zks_token *toks = zki_calloc(n + 1, sizeof *toks);
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    if (txs == NULL || syms == NULL || addrs == NULL || decs == NULL || toks == NULL) {
        st = ZKS_ERR_NOMEM;
        goto out;
    }
    size_t payer = n; /* index of the fee-carrying tx; n = an extra self transfer */
    for (size_t i = 0; i < n; i++) {
        zks_transfer init = ZKS_TRANSFER_INIT;
        txs[i] = init;
        if ((st = zks_eth_address_parse(to[i], txs[i].to)) != ZKS_OK) goto out;
        if ((st = resolve(w, tokens[i], &toks[i])) != ZKS_OK) goto out;
        txs[i].account_id = w->account_id;
        memcpy(txs[i].from, w->address, 20);
        txs[i].token = toks[i].id;
        txs[i].amount = amounts[i];
        txs[i].fee = "0";
        syms[i] = toks[i].symbol;
        decs[i] = toks[i].decimals;
        addrs[i] = to[i];
        if (payer == n && toks[i].id == ft.id) payer = i;
    }
    size_t total = n;
    if (payer == n) { /* fee-only transfer to self, amount 0 */
        zks_transfer init = ZKS_TRANSFER_INIT;
        txs[n] = init;
        txs[n].account_id = w->account_id;
        memcpy(txs[n].from, w->address, 20);
        memcpy(txs[n].to, w->address, 20);
        txs[n].token = ft.id;
        txs[n].amount = "0";
        syms[n] = ft.symbol;
        decs[n] = ft.decimals;
        addrs[n] = w->address_lc;
        total = n + 1;
    }
    if (out_cap < total) {
        st = ZKS_ERR_BUFFER_SIZE;
        goto out;
    }
    if (total_fee != NULL) {
        if ((st = zks_fee_is_packable(total_fee)) != ZKS_OK) goto out;
        snprintf(fee_s, sizeof fee_s, "%s", total_fee);
    } else if ((st = batch_fee(w, addrs, total, &ft, fee_s)) != ZKS_OK) {
        goto out;
    }
    txs[payer].fee = fee_s;
    st = submit_transfer_batch(w, txs, total, syms, decs, out_hashes, out_count);
out:
    zks_free(txs);
    zks_free(syms);
    zks_free(addrs);
    zks_free(decs);
    zks_free(toks);
    if (st != ZKS_OK) {
        if (out_hashes != NULL) memset(out_hashes, 0, out_cap * HASH_CAP);
        *out_count = 0;
    }
    return st;
}

zks_status zks_wallet_withdraw(zks_wallet *w, const char *to, const char *token, const char *amount,
                               const char *fee, int32_t fast, char out_hash[ZKS_TX_HASH_STR_BYTES])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(token != NULL && amount != NULL);
    zks_withdraw t = ZKS_WITHDRAW_INIT;
    zks_status st;
    if (to != NULL) {
        if ((st = zks_eth_address_parse(to, t.to)) != ZKS_OK) return st;
    } else {
        memcpy(t.to, w->address, 20);
    }
    char to_hex[ZKS_RPC_ADDRESS_CHARS + 1];
    hex0x(to_hex, t.to, 20);
    zks_token tok;
    if ((st = resolve(w, token, &tok)) != ZKS_OK) return st;
    if ((st = ensure_account(w)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    if ((st = get_fee(w, fee, fast ? "FastWithdraw" : "Withdraw", to_hex, &tok, fee_s)) != ZKS_OK) return st;
    t.account_id = w->account_id;
    memcpy(t.from, w->address, 20);
    t.token = tok.id;
    t.amount = amount;
    t.fee = fee_s;
    submit_opts o = {tok.symbol, tok.decimals, 0, NULL, NULL, fast ? 1 : 0};
    return submit_with_nonce(w, ZKS_TX_WITHDRAW, &t, &o, out_hash);
}

zks_status zks_wallet_forced_exit(zks_wallet *w, const char *target, const char *token, const char *fee,
                                  char out_hash[ZKS_TX_HASH_STR_BYTES])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(target != NULL && token != NULL);
    zks_forced_exit t = ZKS_FORCED_EXIT_INIT;
    zks_status st = zks_eth_address_parse(target, t.target);
    if (st != ZKS_OK) return st;
    zks_token tok;
    if ((st = resolve(w, token, &tok)) != ZKS_OK) return st;
    if ((st = ensure_account(w)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    if ((st = get_fee(w, fee, "ForcedExit", target, &tok, fee_s)) != ZKS_OK) return st;
    t.initiator_account_id = w->account_id;
    t.token = tok.id;
    t.fee = fee_s;
    submit_opts o = {tok.symbol, tok.decimals, 0, NULL, NULL, 0};
    return submit_with_nonce(w, ZKS_TX_FORCED_EXIT, &t, &o, out_hash);
}

zks_status zks_wallet_mint_nft(zks_wallet *w, const char *recipient, const uint8_t content_hash[32],
                               const char *fee_token, const char *fee, char out_hash[ZKS_TX_HASH_STR_BYTES])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(content_hash != NULL && fee_token != NULL);
    zks_mint_nft t = ZKS_MINT_NFT_INIT;
    zks_status st;
    if (recipient != NULL) {
        if ((st = zks_eth_address_parse(recipient, t.recipient)) != ZKS_OK) return st;
    } else {
        memcpy(t.recipient, w->address, 20);
    }
    char rec_hex[ZKS_RPC_ADDRESS_CHARS + 1];
    hex0x(rec_hex, t.recipient, 20);
    zks_token ft;
    if ((st = resolve(w, fee_token, &ft)) != ZKS_OK) return st;
    if ((st = ensure_account(w)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    if ((st = get_fee(w, fee, "MintNFT", rec_hex, &ft, fee_s)) != ZKS_OK) return st;
    t.creator_id = w->account_id;
    memcpy(t.creator_address, w->address, 20);
    memcpy(t.content_hash, content_hash, 32);
    t.fee_token = ft.id;
    t.fee = fee_s;
    submit_opts o = {ft.symbol, ft.decimals, 0, NULL, NULL, 0};
    return submit_with_nonce(w, ZKS_TX_MINT_NFT, &t, &o, out_hash);
}

/* The NFT's symbol from the account's committed NFTs, or "NFT-<id>". */
static void nft_symbol(zks_wallet *w, uint32_t id, char out[ZKS_RPC_SYMBOL_CHARS + 1])
{
    snprintf(out, ZKS_RPC_SYMBOL_CHARS + 1, "NFT-%u", id);
    zks_account *a = NULL;
    if (zks_provider_account_info(w->p, w->address_lc, &a) != ZKS_OK) return;
    size_t n = zks_account_nft_count(a, ZKS_ACCOUNT_COMMITTED, 0);
    for (size_t i = 0; i < n; i++) {
        zks_nft nft;
        if (zks_account_nft_at(a, ZKS_ACCOUNT_COMMITTED, 0, i, &nft) == ZKS_OK && nft.id == id && nft.symbol[0]) {
            snprintf(out, ZKS_RPC_SYMBOL_CHARS + 1, "%s", nft.symbol);
            break;
        }
    }
    zks_account_free(a);
}

zks_status zks_wallet_transfer_nft(zks_wallet *w, const char *to, uint32_t nft_id, const char *fee_token,
                                   const char *fee, char out_hash_nft[ZKS_TX_HASH_STR_BYTES],
                                   char out_hash_fee[ZKS_TX_HASH_STR_BYTES])
{
    ZKI_ARG_CHECK(out_hash_nft != NULL && out_hash_fee != NULL);
    memset(out_hash_fee, 0, HASH_CAP);
    BEGIN_OP(w, out_hash_nft);
    ZKI_ARG_CHECK(to != NULL && fee_token != NULL);
    if (nft_id < ZKS_NFT_TOKEN_MIN) return ZKS_ERR_INVALID_TX;
    zks_transfer txs[2] = {ZKS_TRANSFER_INIT, ZKS_TRANSFER_INIT};
    zks_status st = zks_eth_address_parse(to, txs[0].to);
    if (st != ZKS_OK) return st;
    zks_token ft;
    if ((st = resolve(w, fee_token, &ft)) != ZKS_OK) return st;
    if ((st = ensure_account(w)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    const char *addrs[2] = {to, w->address_lc};
    if (fee != NULL) {
        if ((st = zks_fee_is_packable(fee)) != ZKS_OK) return st;
        snprintf(fee_s, sizeof fee_s, "%s", fee);
    } else if ((st = batch_fee(w, addrs, 2, &ft, fee_s)) != ZKS_OK) {
        return st;
    }
    char sym[ZKS_RPC_SYMBOL_CHARS + 1];
    nft_symbol(w, nft_id, sym);
    for (int i = 0; i < 2; i++) {
        txs[i].account_id = w->account_id;
        memcpy(txs[i].from, w->address, 20);
    }
    txs[0].token = nft_id;
    txs[0].amount = "1";
    txs[0].fee = "0";
    memcpy(txs[1].to, w->address, 20);
    txs[1].token = ft.id;
    txs[1].amount = "0";
    txs[1].fee = fee_s;
    const char *syms[2] = {sym, ft.symbol};
    uint32_t decs[2] = {0, ft.decimals};
    char hashes[2 * HASH_CAP];
    size_t count = 0;
    st = submit_transfer_batch(w, txs, 2, syms, decs, hashes, &count);
    if (st == ZKS_OK && count == 2) {
        memcpy(out_hash_nft, hashes, HASH_CAP);
        memcpy(out_hash_fee, hashes + HASH_CAP, HASH_CAP);
    } else if (st == ZKS_OK) {
        st = ZKS_ERR_PARSE;
    }
    return st;
}

zks_status zks_wallet_withdraw_nft(zks_wallet *w, const char *to, uint32_t nft_id, const char *fee_token,
                                   const char *fee, int32_t fast, char out_hash[ZKS_TX_HASH_STR_BYTES])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(fee_token != NULL);
    zks_withdraw_nft t = ZKS_WITHDRAW_NFT_INIT;
    zks_status st;
    if (to != NULL) {
        if ((st = zks_eth_address_parse(to, t.to)) != ZKS_OK) return st;
    } else {
        memcpy(t.to, w->address, 20);
    }
    char to_hex[ZKS_RPC_ADDRESS_CHARS + 1];
    hex0x(to_hex, t.to, 20);
    zks_token ft;
    if ((st = resolve(w, fee_token, &ft)) != ZKS_OK) return st;
    if ((st = ensure_account(w)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    if ((st = get_fee(w, fee, fast ? "FastWithdrawNFT" : "WithdrawNFT", to_hex, &ft, fee_s)) != ZKS_OK) return st;
    t.account_id = w->account_id;
    memcpy(t.from, w->address, 20);
    t.token = nft_id;
    t.fee_token = ft.id;
    t.fee = fee_s;
    submit_opts o = {ft.symbol, ft.decimals, 0, NULL, NULL, fast ? 1 : 0};
    return submit_with_nonce(w, ZKS_TX_WITHDRAW_NFT, &t, &o, out_hash);
}

/* ------------------------------------------------------------ orders, swap */

zks_status zks_wallet_sign_order(zks_wallet *w, const char *recipient, const char *token_sell,
                                 const char *token_buy, const char *ratio_sell, const char *ratio_buy,
                                 const char *amount, char **out_order_json)
{
    ZKI_ARG_CHECK(out_order_json != NULL);
    *out_order_json = NULL;
    ZKI_ARG_CHECK(w != NULL && token_sell != NULL && token_buy != NULL && ratio_sell != NULL && ratio_buy != NULL);
    w->errmsg[0] = '\0';
    zks_order o = ZKS_ORDER_INIT;
    zks_status st;
    if (recipient != NULL) {
        if ((st = zks_eth_address_parse(recipient, o.recipient)) != ZKS_OK) return st;
    } else {
        memcpy(o.recipient, w->address, 20);
    }
    zks_token ts, tb;
    if ((st = resolve(w, token_sell, &ts)) != ZKS_OK) return st;
    if ((st = resolve(w, token_buy, &tb)) != ZKS_OK) return st;
    if ((st = ensure_account(w)) != ZKS_OK) return st;
    o.account_id = w->account_id;
    o.nonce = w->nonce;
    o.token_sell = ts.id;
    o.token_buy = tb.id;
    o.ratio_sell = ratio_sell;
    o.ratio_buy = ratio_buy;
    o.amount = amount != NULL ? amount : "0";
    uint8_t sig[ZKS_MUSIG_BYTES], esig[65];
    char text[MSG_CAP];
    size_t tl = 0;
    char *json = NULL;
    if ((st = zks_tx_sign(ZKS_TX_ORDER, &o, w->zk_key, sig)) != ZKS_OK) return st;
    o.signature = sig;
    if ((st = zks_tx_eth_message(ZKS_TX_ORDER, &o, ts.symbol, ts.decimals, tb.symbol, text, sizeof text, &tl)) !=
        ZKS_OK)
        return st;
    if ((st = sign_msg(w, (const uint8_t *)text, tl, esig)) != ZKS_OK) return st;
    if ((st = zks_tx_to_json(ZKS_TX_ORDER, &o, sig, &json)) != ZKS_OK) return st;
    size_t jl = strlen(json);
    if (jl < 2 || json[jl - 1] != '}') {
        zks_free(json);
        return ZKS_ERR_INTERNAL;
    }
    char *res = zki_malloc(jl + 160);
    if (res == NULL) {
        zks_free(json);
        return ZKS_ERR_NOMEM;
    }
    char hex[133];
    hex0x(hex, esig, 65);
    memcpy(res, json, jl - 1);
    snprintf(res + jl - 1, 160, ",\"ethSignature\":\"%s\"}", hex);
    zks_free(json);
    *out_order_json = res;
    return ZKS_OK;
}

/* Parses an order JSON (zks_wallet_sign_order output, or the server Order form). */
typedef struct {
    zks_order o;
    char ratio_sell[ZKS_AMOUNT_STR_BYTES];
    char ratio_buy[ZKS_AMOUNT_STR_BYTES];
    char amount[ZKS_AMOUNT_STR_BYTES];
    uint8_t sig[ZKS_MUSIG_BYTES];
    char eth_sig[133]; /* "" when absent */
} parsed_order;

static int j_u32(const cJSON *o, const char *k, uint32_t *out)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(x) || x->valuedouble < 0 || x->valuedouble > 4294967295.0 ||
        x->valuedouble != (double)(uint32_t)x->valuedouble)
        return -1;
    *out = (uint32_t)x->valuedouble;
    return 0;
}

static int j_u64(const cJSON *o, const char *k, uint64_t *out, uint64_t dflt)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    if (x == NULL) {
        *out = dflt;
        return 0;
    }
    if (cJSON_IsString(x) && is_digits(x->valuestring)) {
        /* at most u64::MAX: strtoull would clamp larger values silently */
        const char *d = x->valuestring;
        while (d[0] == '0' && d[1] != '\0') d++;
        size_t n = strlen(d);
        if (n > 20 || (n == 20 && strcmp(d, "18446744073709551615") > 0)) return -1;
        *out = strtoull(d, NULL, 10);
        return 0;
    }
    if (!cJSON_IsNumber(x) || x->valuedouble < 0 || x->valuedouble > 9007199254740992.0 ||
        x->valuedouble != (double)(uint64_t)x->valuedouble) /* whole numbers only */
        return -1;
    *out = (uint64_t)x->valuedouble;
    return 0;
}

static int j_dec(const cJSON *x, char out[ZKS_AMOUNT_STR_BYTES])
{
    if (!cJSON_IsString(x) || !is_digits(x->valuestring) || strlen(x->valuestring) >= ZKS_AMOUNT_STR_BYTES) return -1;
    snprintf(out, ZKS_AMOUNT_STR_BYTES, "%s", x->valuestring);
    return 0;
}

static zks_status parse_order(const char *text, parsed_order *po)
{
    memset(po, 0, sizeof *po);
    zks_order init = ZKS_ORDER_INIT;
    po->o = init;
    if (text == NULL || strlen(text) > 65536) return ZKS_ERR_JSON;
    cJSON *j = cJSON_Parse(text);
    if (j == NULL) return ZKS_ERR_JSON;
    zks_status st = ZKS_ERR_JSON;
    const cJSON *x;
    if (j_u32(j, "accountId", &po->o.account_id) || j_u32(j, "nonce", &po->o.nonce) ||
        j_u32(j, "tokenSell", &po->o.token_sell) || j_u32(j, "tokenBuy", &po->o.token_buy) ||
        j_u64(j, "validFrom", &po->o.valid_from, 0) ||
        j_u64(j, "validUntil", &po->o.valid_until, ZKS_VALID_UNTIL_DEFAULT))
        goto out;
    x = cJSON_GetObjectItemCaseSensitive(j, "recipient");
    if (!cJSON_IsString(x)) goto out;
    if ((st = zks_eth_address_parse(x->valuestring, po->o.recipient)) != ZKS_OK) goto out;
    st = ZKS_ERR_JSON;
    x = cJSON_GetObjectItemCaseSensitive(j, "ratio");
    if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) != 2 || j_dec(cJSON_GetArrayItem(x, 0), po->ratio_sell) ||
        j_dec(cJSON_GetArrayItem(x, 1), po->ratio_buy))
        goto out;
    if (j_dec(cJSON_GetObjectItemCaseSensitive(j, "amount"), po->amount)) goto out;
    x = cJSON_GetObjectItemCaseSensitive(j, "signature");
    const cJSON *pk = cJSON_GetObjectItemCaseSensitive(x, "pubKey");
    const cJSON *sg = cJSON_GetObjectItemCaseSensitive(x, "signature");
    if (!cJSON_IsString(pk) || !cJSON_IsString(sg) || strlen(pk->valuestring) != 64 ||
        strlen(sg->valuestring) != 128 || zki_hex_decode(po->sig, 32, pk->valuestring, 64) != 0 ||
        zki_hex_decode(po->sig + 32, 64, sg->valuestring, 128) != 0)
        goto out;
    x = cJSON_GetObjectItemCaseSensitive(j, "ethSignature");
    if (cJSON_IsString(x)) {
        uint8_t tmp[65];
        if (strlen(x->valuestring) != 132 || x->valuestring[0] != '0' || x->valuestring[1] != 'x' ||
            zki_hex_decode(tmp, 65, x->valuestring + 2, 130) != 0)
            goto out;
        snprintf(po->eth_sig, sizeof po->eth_sig, "%s", x->valuestring);
    } else if (x != NULL && !cJSON_IsNull(x)) {
        goto out;
    }
    po->o.ratio_sell = po->ratio_sell;
    po->o.ratio_buy = po->ratio_buy;
    po->o.amount = po->amount;
    po->o.signature = po->sig;
    st = zks_tx_check(ZKS_TX_ORDER, &po->o);
out:
    cJSON_Delete(j);
    return st;
}

zks_status zks_wallet_swap(zks_wallet *w, const char *order_a_json, const char *order_b_json, const char *amount_a,
                           const char *amount_b, const char *fee_token, const char *fee,
                           char out_hash[ZKS_TX_HASH_STR_BYTES])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(order_a_json != NULL && order_b_json != NULL && fee_token != NULL);
    parsed_order *pa = zki_calloc(2, sizeof *pa);
    if (pa == NULL) return ZKS_ERR_NOMEM;
    parsed_order *pb = pa + 1;
    zks_status st = parse_order(order_a_json, pa);
    if (st == ZKS_OK) st = parse_order(order_b_json, pb);
    if (st != ZKS_OK) {
        wmsg(w, "%s", "malformed order");
        goto out;
    }
    const char *aa = amount_a != NULL ? amount_a : pa->amount;
    const char *ab = amount_b != NULL ? amount_b : pb->amount;
    if (strcmp(aa, "0") == 0 || strcmp(ab, "0") == 0) {
        wmsg(w, "%s", "swap amounts must be nonzero (limit orders need explicit amounts)");
        st = ZKS_ERR_INVALID_ARG;
        goto out;
    }
    zks_token ft;
    if ((st = resolve(w, fee_token, &ft)) != ZKS_OK) goto out;
    if ((st = ensure_account(w)) != ZKS_OK) goto out;
    char fee_s[ZKS_AMOUNT_STR_BYTES];
    if ((st = get_fee(w, fee, "Swap", w->address_lc, &ft, fee_s)) != ZKS_OK) goto out;
    zks_swap s = ZKS_SWAP_INIT;
    s.submitter_id = w->account_id;
    memcpy(s.submitter_address, w->address, 20);
    s.order_a = pa->o;
    s.order_b = pb->o;
    s.amount_a = aa;
    s.amount_b = ab;
    s.fee_token = ft.id;
    s.fee = fee_s;
    submit_opts o = {ft.symbol, ft.decimals, 0, pa->eth_sig[0] ? pa->eth_sig : NULL,
                     pb->eth_sig[0] ? pb->eth_sig : NULL, 0};
    st = submit_with_nonce(w, ZKS_TX_SWAP, &s, &o, out_hash);
    /* An order of ours with a nonzero amount also uses up a nonce: fetch it again. */
    if (st == ZKS_OK) w->nonce_known = 0;
out:
    zks_free(pa);
    return st;
}

/* ---------------------------------------------------------------- waiting */

zks_status zks_wallet_wait_tx(zks_wallet *w, const char *tx_hash, uint32_t level, uint32_t timeout_ms,
                              zks_tx_info *out)
{
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    zks_tx_info info;
    zks_status st = zks_provider_wait_tx(w->p, tx_hash, level, timeout_ms, 200, &info);
    if (st == ZKS_ERR_TX_FAILED) {
        wmsg(w, "zkSync transaction failed: %s", info.fail_reason);
        w->nonce_known = 0;
    } else if (st != ZKS_OK) {
        (void)perr(w, st);
    }
    if (out != NULL) *out = info;
    return st;
}

zks_status zks_wallet_wait_ethop(zks_wallet *w, uint64_t serial_id, uint32_t level, uint32_t timeout_ms,
                                 zks_tx_info *out)
{
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    zks_tx_info info;
    zks_status st = zks_provider_wait_ethop(w->p, serial_id, level, timeout_ms, 200, &info);
    if (st == ZKS_OK && !w->has_id) w->nonce_known = 0; /* a first deposit creates the account */
    if (st != ZKS_OK) (void)perr(w, st);
    if (out != NULL) *out = info;
    return st;
}

/* ---------------------------------------------------------------- L1 side */

#define BEGIN_L1(w, out)                                                       \
    do {                                                                       \
        ZKI_ARG_CHECK((out) != NULL);                                          \
        memset((out), 0, sizeof *(out));                                       \
        ZKI_ARG_CHECK((w) != NULL);                                            \
        (w)->errmsg[0] = '\0';                                                 \
        if ((w)->l1 == NULL) {                                                 \
            wmsg((w), "%s", "the wallet has no L1 access");                    \
            return ZKS_ERR_STATE;                                              \
        }                                                                      \
    } while (0)

zks_status zks_wallet_deposit(zks_wallet *w, const char *to, const char *token, const char *amount, uint32_t wait_ms,
                              zks_l1_result *out)
{
    BEGIN_L1(w, out);
    ZKI_ARG_CHECK(token != NULL && amount != NULL);
    zks_token tok;
    zks_status st = resolve(w, token, &tok);
    if (st != ZKS_OK) return st;
    if (tok.id == 0)
        st = zks_l1_deposit_eth(w->l1, to, amount, wait_ms, out);
    else
        st = zks_l1_deposit_erc20(w->l1, tok.address, amount, to, ZKS_L1_APPROVE_UNLIMITED, wait_ms, out);
    return l1err(w, st);
}

zks_status zks_wallet_full_exit(zks_wallet *w, const char *token, uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_L1(w, out);
    ZKI_ARG_CHECK(token != NULL);
    zks_status st = ensure_account(w);
    if (st != ZKS_OK) return st;
    if (is_digits(token) && strlen(token) <= 10 && strtoull(token, NULL, 10) >= ZKS_NFT_TOKEN_MIN) {
        uint64_t id = strtoull(token, NULL, 10);
        if (id > ZKS_TOKEN_ID_MAX) return ZKS_ERR_INVALID_TX;
        return l1err(w, zks_l1_full_exit_nft(w->l1, w->account_id, (uint32_t)id, wait_ms, out));
    }
    zks_token tok;
    if ((st = resolve(w, token, &tok)) != ZKS_OK) return st;
    return l1err(w, zks_l1_full_exit(w->l1, w->account_id, tok.address, wait_ms, out));
}

zks_status zks_wallet_withdraw_pending_balance(zks_wallet *w, const char *token, const char *amount,
                                               uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_L1(w, out);
    ZKI_ARG_CHECK(token != NULL);
    zks_token tok;
    zks_status st = resolve(w, token, &tok);
    if (st != ZKS_OK) return st;
    return l1err(w, zks_l1_withdraw_pending_balance(w->l1, NULL, tok.address, amount, wait_ms, out));
}
