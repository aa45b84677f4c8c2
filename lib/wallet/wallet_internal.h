/* Internals shared by the files of lib/wallet: the wallet object, the
 * helpers every operation uses, the one retry-with-doubt helper (send.c) and
 * the journal (journal.c). Not installed. */
#ifndef ZKI_WALLET_INTERNAL_H
#define ZKI_WALLET_INTERNAL_H

#include <stdio.h>

#include "../internal.h"
#include "provider/rpc.h" /* cJSON and the JSON building helpers */

#define HASH_CAP (ZKS_TX_HASH_CHARS + 1)
#define MSG_CAP 1024
#define ZKI_ETH_SIG_HEX_CHARS (2 + 2 * ZKS_ETH_SIGNATURE_BYTES) /* "0x" + 130 hex digits */
#define ZKI_FEE_CAPS 16

/* A signed submission: what tx_submit / submit_txs_batch sends. Kept as long
 * as its outcome is unknown, so only these very bytes are ever sent again. */
typedef struct {
    int batch;          /* 1: submit_txs_batch */
    int fast;
    uint32_t nonce;     /* first nonce */
    uint32_t count;     /* transactions */
    char *tx_json;      /* the tx object, or the batch array of tx objects */
    char *eth_sig;      /* the signature JSON, NULL = none (null) */
    char *hashes;       /* count * HASH_CAP expected hashes */
} zki_signed;

struct zks_wallet {
    zks_provider *p;        /* borrowed */
    zks_eth_rpc *e;         /* borrowed, may be NULL */
    zks_l1 *l1;             /* owned, may be NULL */
    zki_guard guard;        /* one thread at a time (ZKS_ERR_BUSY) */
    uint64_t chain_id;
    uint8_t address[ZKS_ETH_ADDRESS_BYTES];
    char address_lc[ZKS_ETH_ADDRESS_CHARS + 1];
    char address_cs[ZKS_ETH_ADDRESS_CHARS + 1];
    uint8_t eth_key[ZKS_ETH_PRIVKEY_BYTES];
    int has_eth_key;
    zks_eth_message_signer sign_message;
    zks_eth_digest_signer sign_digest;
    void *sign_ctx;
    uint8_t zk_key[ZKS_PRIVKEY_BYTES];
    uint8_t pkh[ZKS_PUBKEY_HASH_BYTES];
    char pkh_text[ZKS_PUBKEY_HASH_CHARS + 1];
    char main_contract[ZKS_ETH_ADDRESS_CHARS + 1];
    int has_id;
    uint32_t account_id;
    int nonce_known;
    uint32_t nonce;
    /* The submission of unknown outcome (doubt_open): while open, no other
     * tx is signed; it ends only when the committed nonce moved past it or
     * its hash shows an execution (docs/reliability.md). */
    int doubt_open;
    zki_signed doubt;
    int resolved;                      /* ZKS_WALLET_RESOLVED_* of the last doubt */
    char resolved_hash[HASH_CAP];
    char resolved_last[HASH_CAP];
    uint32_t resolved_nonce, resolved_count;
    /* the journal: a file (journal_path) or the caller's hook */
    char *journal_path;
    zks_wallet_journal_fn journal_fn;
    void *journal_ctx;
    /* fee caps: a quote above max is refused before signing (ZKS_ERR_FEE_TOO_HIGH) */
    size_t n_caps;
    struct {
        uint32_t token;
        char max[ZKS_AMOUNT_CHARS + 1];
    } caps[ZKI_FEE_CAPS];
    /* The server answered 305 (L2 transactions disabled, the 2026 shutdown):
     * later L2 operations return ZKS_ERR_NETWORK_SHUT_DOWN at once, before
     * any fee query or signature. zks_wallet_sync forgets it. */
    int shut_down;
    char errmsg[320];
};

/* Entry and exit of every public function that uses w (the in-use guard). */
#define ZKI_W_ENTER(w)                                                                                                 \
    do {                                                                                                               \
        if (zki_guard_enter(&(w)->guard) != ZKS_OK) return ZKS_ERR_BUSY;                                               \
    } while (0)
/* A function, so that st (the call) is evaluated while the guard is held. */
static inline zks_status zki_w_leave(zks_wallet *w, zks_status st)
{
    zki_guard_leave(&w->guard);
    return st;
}
#define ZKI_W_LEAVE(w, st) zki_w_leave((w), (st))

/* Start of an L2 operation: the hash output zeroed, errmsg reset, the shutdown refusal. */
#define BEGIN_OP(w, hash)                                                      \
    do {                                                                       \
        ZKI_ARG_CHECK((hash) != NULL);                                         \
        memset((hash), 0, HASH_CAP);                                           \
        ZKI_ARG_CHECK((w) != NULL);                                            \
        (w)->errmsg[0] = '\0';                                                 \
        if ((w)->shut_down) return zki_w_shut_down(w);                         \
    } while (0)

/* wallet.c */
void zki_wmsg(zks_wallet *w, const char *fmt, const char *arg);
zks_status zki_w_shut_down(zks_wallet *w);
zks_status zki_w_perr(zks_wallet *w, zks_status st);
zks_status zki_w_l1err(zks_wallet *w, zks_status st);
void zki_w_hex0x(char *out, const uint8_t *in, size_t len);
int zki_w_is_digits(const char *s);
zks_status zki_w_sign_msg(zks_wallet *w, const uint8_t *msg, size_t len, uint8_t sig[ZKS_ETH_SIGNATURE_BYTES]);
/* Signs a text: *out = {"type":"EthereumSignature","signature":"0x.."} (cJSON_Delete it). */
zks_status zki_w_sign_text_obj(zks_wallet *w, const char *text, cJSON **out);
zks_status zki_w_fetch_account(zks_wallet *w, zks_account **out_acc);
zks_status zki_w_ensure_account(zks_wallet *w);
zks_status zki_w_resolve(zks_wallet *w, const char *token, zks_token *out);
/* Fee of an operation (given: the caller's fee argument, see the header's
 * "Fee arguments": NULL or "max:N" quote from the server, rounded up to
 * packable and checked against this call's or the wallet's cap; else the
 * exact fee, checked packable). zki_w_batch_fee: the same for a batch of n
 * Transfers to addrs. out is zeroed on failure. */
zks_status zki_w_get_fee(zks_wallet *w, const char *given, const char *type, const char *address,
                         const zks_token *tok, char out[ZKS_AMOUNT_CHARS + 1]);
zks_status zki_w_batch_fee(zks_wallet *w, const char *given, const char *const *addrs, size_t n,
                           const zks_token *ft, char out[ZKS_AMOUNT_CHARS + 1]);

/* send.c: the one retry-with-doubt helper. sign() builds the submission at
 * nonce (it may be called twice: after a 101 it is called again at the
 * refreshed nonce). On ZKS_OK, ZKS_ERR_ALREADY_EXECUTED and
 * ZKS_ERR_OUTCOME_UNKNOWN the hashes are written to out_hashes (cap entries). */
typedef zks_status (*zki_sign_fn)(zks_wallet *w, void *ctx, uint32_t nonce, zki_signed *out);
zks_status zki_w_send(zks_wallet *w, zki_sign_fn sign, void *ctx, char *out_hashes, size_t cap, size_t *out_count);
/* Resolves an open doubt before anything is signed: ZKS_OK when none is left
 * (signing may go on), ZKS_ERR_ALREADY_EXECUTED (hashes out) or
 * ZKS_ERR_OUTCOME_UNKNOWN (still open; its very bytes were sent again). */
zks_status zki_w_resolve_doubt(zks_wallet *w, char *out_hashes, size_t cap, size_t *out_count);
void zki_signed_free(zki_signed *s);

/* ops.c: the signer of one tx (zki_sign_fn over a zki_one_ctx). */
typedef struct {
    zks_tx_type type;
    void *tx;
    const char *symbol;
    uint32_t decimals;
    int no_eth_sig;          /* ChangePubKey: tx_submit signature null */
    const char *order_sig_a; /* Swap: the orders' "0x.." signatures (or NULL) */
    const char *order_sig_b;
    int32_t fast;
} zki_one_ctx;
zks_status zki_w_sign_one(zks_wallet *w, void *ctx, uint32_t nonce, zki_signed *out);

/* journal.c */
zks_status zki_w_journal_write(zks_wallet *w);   /* the open doubt, before it is sent */
zks_status zki_w_journal_clear(zks_wallet *w);
zks_status zki_w_doubt_from_record(zks_wallet *w, const char *rec, size_t len);

#endif
