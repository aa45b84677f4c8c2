/* The L2 operations of the wallet: ChangePubKey, transfers and batches,
 * withdrawals, forced exits, NFTs. Each builds its transaction(s), asks the
 * fee (capped, wallet.c) and hands a signer to zki_w_send (send.c), which
 * owns nonces, retries and doubts. */
#include <stdio.h>

#include "crypto/keccak.h"
#include "l1/l1_ops.h"
#include "provider/provider.h"
#include "wallet_internal.h"

/* Token, account and fee of a single-tx operation. */
static zks_status prepare(zks_wallet *w, const char *token, const char *fee, const char *fee_type, const char *to,
                          zks_token *tok, char fee_s[ZKS_AMOUNT_CHARS + 1])
{
    zks_status st = zki_w_resolve(w, token, tok);
    if (st == ZKS_OK) st = zki_w_ensure_account(w);
    if (st == ZKS_OK) st = zki_w_get_fee(w, fee, fee_type, to, tok, fee_s);
    return st;
}

/* An L1 destination (NULL = the wallet's own address), as bytes and "0x.." text. */
static zks_status l1_dest(const zks_wallet *w, const char *to, uint8_t out[ZKS_ETH_ADDRESS_BYTES],
                          char hex[ZKS_ETH_ADDRESS_CHARS + 1])
{
    if (to != NULL) {
        zks_status st = zks_eth_address_parse(to, out);
        if (st != ZKS_OK) return st;
    } else {
        memcpy(out, w->address, ZKS_ETH_ADDRESS_BYTES);
    }
    zki_w_hex0x(hex, out, ZKS_ETH_ADDRESS_BYTES);
    return ZKS_OK;
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

/* An order's "0x.." signature as a signature object, or null. */
static cJSON *order_sig(const char *sig0x)
{
    return sig0x != NULL ? zki_json_eth_sig(sig0x) : cJSON_CreateNull();
}

/* One tx: its Ethereum signature is the text signature of its message
 * (symbol/decimals), none for ChangePubKey (no_eth_sig), or the Swap triple
 * [swap, order A, order B] with the orders' "0x.." signatures (or null). */
zks_status zki_w_sign_one(zks_wallet *w, void *vctx, uint32_t nonce, zki_signed *out)
{
    zki_one_ctx *c = vctx;
    uint8_t sig[ZKS_MUSIG_BYTES], h[ZKS_TX_HASH_BYTES];
    set_nonce(c->type, c->tx, nonce);
    out->count = 1;
    out->fast = c->fast;
    out->hashes = zki_calloc(1, HASH_CAP);
    if (out->hashes == NULL) return ZKS_ERR_NOMEM;
    zks_status st = zks_tx_sign(c->type, c->tx, w->zk_key, sig);
    if (st == ZKS_OK) st = zks_tx_hash(c->type, c->tx, h, out->hashes);
    if (st == ZKS_OK) st = zks_tx_to_json(c->type, c->tx, sig, &out->tx_json);
    if (st != ZKS_OK || c->no_eth_sig) return st;
    char text[MSG_CAP];
    size_t tl = 0;
    st = zks_tx_eth_message(c->type, c->tx, c->symbol, c->decimals, NULL, text, sizeof text, &tl);
    if (st != ZKS_OK) return st;
    cJSON *one = NULL;
    if ((st = zki_w_sign_text_obj(w, text, &one)) != ZKS_OK) return st;
    cJSON *ethsig = one;
    if (c->type == ZKS_TX_SWAP) {
        ethsig = cJSON_CreateArray();
        if (!zki_json_push(ethsig, one) || !zki_json_push(ethsig, order_sig(c->order_sig_a)) ||
            !zki_json_push(ethsig, order_sig(c->order_sig_b))) {
            cJSON_Delete(ethsig); /* one is in it, or deleted by the push that failed */
            return ZKS_ERR_NOMEM;
        }
    }
    out->eth_sig = zki_json_print(ethsig);
    cJSON_Delete(ethsig);
    return out->eth_sig != NULL ? ZKS_OK : ZKS_ERR_NOMEM;
}

static zks_status send_one(zks_wallet *w, zks_tx_type type, void *tx, const zks_token *tok, int no_eth_sig,
                           int32_t fast, char out_hash[HASH_CAP])
{
    zki_one_ctx c = {type, tx, tok->symbol, tok->decimals, no_eth_sig, NULL, NULL, fast ? 1 : 0};
    return zki_w_send(w, zki_w_sign_one, &c, out_hash, 1, NULL);
}

/* ChangePubKey at nonce: the L1 authorisation (Onchain) or the ECDSA one first. */
typedef struct {
    uint32_t auth;
    const zks_token *ft;
    const char *fee;
    zks_change_pubkey cpk;
} cpk_ctx;

static zks_status sign_cpk(zks_wallet *w, void *vctx, uint32_t nonce, zki_signed *out)
{
    cpk_ctx *c = vctx;
    zks_change_pubkey init = ZKS_CHANGE_PUBKEY_INIT;
    zks_change_pubkey *cpk = &c->cpk;
    *cpk = init;
    cpk->account_id = w->account_id;
    memcpy(cpk->account, w->address, ZKS_ETH_ADDRESS_BYTES);
    memcpy(cpk->new_pk_hash, w->pkh, ZKS_PUBKEY_HASH_BYTES);
    cpk->fee_token = c->ft->id;
    cpk->fee = c->fee;
    cpk->nonce = nonce;
    cpk->auth_type = c->auth;
    zks_status st;
    if (c->auth == ZKS_CPK_ONCHAIN) {
        uint8_t fact[ZKS_ETH_HASH_BYTES], want[ZKS_ETH_HASH_BYTES];
        st = zks_l1_auth_fact(w->l1, NULL, nonce, fact);
        if (st != ZKS_OK) return zki_w_l1err(w, st);
        zki_keccak256(w->pkh, ZKS_PUBKEY_HASH_BYTES, want);
        static const uint8_t zero[ZKS_ETH_HASH_BYTES];
        if (memcmp(fact, zero, ZKS_ETH_HASH_BYTES) == 0) {
            zks_l1_result r;
            st = zks_l1_set_auth_pubkey_hash(w->l1, w->pkh, nonce, 60000, &r);
            if (st != ZKS_OK) return zki_w_l1err(w, st);
        } else if (memcmp(fact, want, ZKS_ETH_HASH_BYTES) != 0) {
            zki_wmsg(w, "%s", "another key is authorised on L1 for this nonce");
            return ZKS_ERR_STATE;
        }
    } else {
        uint8_t m[ZKS_CPK_ECDSA_MESSAGE_BYTES];
        st = zks_change_pubkey_ecdsa_message(cpk, m);
        if (st == ZKS_OK) st = zki_w_sign_msg(w, m, sizeof m, cpk->eth_signature);
        if (st != ZKS_OK) return st;
    }
    zki_one_ctx one = {ZKS_TX_CHANGE_PUBKEY, cpk, c->ft->symbol, c->ft->decimals, 1, NULL, NULL, 0};
    return zki_w_sign_one(w, &one, nonce, out);
}

static zks_status set_signing_key_impl(zks_wallet *w, uint32_t auth, const char *fee_token, const char *fee,
                                      char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(fee_token != NULL && (auth == ZKS_CPK_ONCHAIN || auth == ZKS_CPK_ECDSA));
    if (auth == ZKS_CPK_ONCHAIN && w->l1 == NULL) {
        zki_wmsg(w, "%s", "Onchain authorisation needs L1 access");
        return ZKS_ERR_STATE;
    }
    int32_t state;
    zks_status st = zks_wallet_signing_key_state(w, &state);
    if (st != ZKS_OK) return st;
    if (state == ZKS_SIGNING_KEY_OURS && !w->doubt_open) {
        zki_wmsg(w, "%s", "Current signing key is already set");
        return ZKS_ERR_STATE;
    }
    zks_token ft;
    if ((st = zki_w_resolve(w, fee_token, &ft)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    st = zki_w_get_fee(w, fee, auth == ZKS_CPK_ONCHAIN ? "ChangePubKey:Onchain" : "ChangePubKey:ECDSA", w->address_lc,
                       &ft, fee_s);
    if (st != ZKS_OK) return st;
    cpk_ctx c;
    memset(&c, 0, sizeof c);
    c.auth = auth;
    c.ft = &ft;
    c.fee = fee_s;
    return zki_w_send(w, sign_cpk, &c, out_hash, 1, NULL);
}

static zks_status transfer_impl(zks_wallet *w, const char *to, const char *token, const char *amount,
                               const char *fee, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(to != NULL && token != NULL && amount != NULL);
    zks_transfer t = ZKS_TRANSFER_INIT;
    zks_status st = zks_eth_address_parse(to, t.to);
    if (st != ZKS_OK) return st;
    zks_token tok;
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    if ((st = prepare(w, token, fee, "Transfer", to, &tok, fee_s)) != ZKS_OK) return st;
    t.account_id = w->account_id;
    memcpy(t.from, w->address, ZKS_ETH_ADDRESS_BYTES);
    t.token = tok.id;
    t.amount = amount;
    t.fee = fee_s;
    return send_one(w, ZKS_TX_TRANSFER, &t, &tok, 0, 0, out_hash);
}

/* n transfers (nonces first.. first+n-1) as one batch with one signature. */
typedef struct {
    zks_transfer *txs;
    size_t n;
    const char *const *syms;
    const uint32_t *decs;
} batch_ctx;

static zks_status sign_batch(zks_wallet *w, void *vctx, uint32_t first, zki_signed *out)
{
    batch_ctx *c = vctx;
    size_t n = c->n;
    zks_status st = ZKS_OK;
    char **parts = zki_calloc(n, sizeof *parts);
    char *text = NULL;
    cJSON *txs = cJSON_CreateArray(), *ethsig = NULL;
    out->batch = 1;
    out->count = (uint32_t)n;
    out->hashes = zki_calloc(n, HASH_CAP);
    if (parts == NULL || out->hashes == NULL || txs == NULL) {
        st = ZKS_ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        c->txs[i].nonce = first + (uint32_t)i;
        size_t pl = 0;
        uint8_t sig[ZKS_MUSIG_BYTES], h[ZKS_TX_HASH_BYTES];
        char *one = NULL;
        if ((parts[i] = zki_malloc(MSG_CAP)) == NULL) st = ZKS_ERR_NOMEM;
        if (st == ZKS_OK)
            st = zks_tx_eth_message_part(ZKS_TX_TRANSFER, &c->txs[i], c->syms[i], c->decs[i], parts[i], MSG_CAP, &pl);
        if (st == ZKS_OK) st = zks_tx_sign(ZKS_TX_TRANSFER, &c->txs[i], w->zk_key, sig);
        if (st == ZKS_OK) st = zks_tx_hash(ZKS_TX_TRANSFER, &c->txs[i], h, out->hashes + i * HASH_CAP);
        if (st == ZKS_OK) st = zks_tx_to_json(ZKS_TX_TRANSFER, &c->txs[i], sig, &one);
        if (st != ZKS_OK) goto out;
        /* raw: the array holds these very bytes */
        int pushed = zki_json_push(txs, cJSON_CreateRaw(one));
        zks_free(one);
        if (!pushed) {
            st = ZKS_ERR_NOMEM;
            goto out;
        }
    }
    if ((out->tx_json = zki_json_print(txs)) == NULL) {
        st = ZKS_ERR_NOMEM;
        goto out;
    }
    /* the batch text: every part, a newline each, and "Nonce: <u32>" */
    size_t text_cap = 32;
    for (size_t i = 0; i < n; i++) text_cap += strlen(parts[i]) + 1;
    if ((text = zki_malloc(text_cap)) == NULL) {
        st = ZKS_ERR_NOMEM;
        goto out;
    }
    size_t tl = 0;
    if ((st = zks_batch_eth_message((const char *const *)parts, n, first, text, text_cap, &tl)) != ZKS_OK) goto out;
    if ((st = zki_w_sign_text_obj(w, text, &ethsig)) != ZKS_OK) goto out;
    if ((out->eth_sig = zki_json_print(ethsig)) == NULL) st = ZKS_ERR_NOMEM;
out:
    for (size_t i = 0; parts != NULL && i < n; i++) zks_free(parts[i]);
    zks_free(parts);
    zks_free(text);
    cJSON_Delete(txs);
    cJSON_Delete(ethsig);
    return st;
}

static zks_status submit_transfer_batch(zks_wallet *w, zks_transfer *txs, size_t n, const char *const *syms,
                                        const uint32_t *decs, char *out_hashes, size_t out_cap, size_t *out_count)
{
    batch_ctx c = {txs, n, syms, decs};
    return zki_w_send(w, sign_batch, &c, out_hashes, out_cap, out_count);
}

static zks_status transfer_batch_impl(zks_wallet *w, size_t n, const char *const *to, const char *const *tokens,
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
    if (w->shut_down) return zki_w_shut_down(w);
    zks_status st;
    zks_token ft;
    if ((st = zki_w_resolve(w, fee_token, &ft)) != ZKS_OK) return st;
    if ((st = zki_w_ensure_account(w)) != ZKS_OK) return st;
    zks_transfer *txs = zki_calloc(n + 1, sizeof *txs);
    const char **syms = zki_calloc(n + 1, sizeof *syms);
    const char **addrs = zki_calloc(n + 1, sizeof *addrs);
    uint32_t *decs = zki_calloc(n + 1, sizeof *decs);
    zks_token *toks = zki_calloc(n + 1, sizeof *toks);
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    if (txs == NULL || syms == NULL || addrs == NULL || decs == NULL || toks == NULL) {
        st = ZKS_ERR_NOMEM;
        goto out;
    }
    size_t payer = n; /* index of the fee-carrying tx; n = an extra self transfer */
    for (size_t i = 0; i < n; i++) {
        zks_transfer init = ZKS_TRANSFER_INIT;
        txs[i] = init;
        if ((st = zks_eth_address_parse(to[i], txs[i].to)) != ZKS_OK) goto out;
        if ((st = zki_w_resolve(w, tokens[i], &toks[i])) != ZKS_OK) goto out;
        txs[i].account_id = w->account_id;
        memcpy(txs[i].from, w->address, ZKS_ETH_ADDRESS_BYTES);
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
        memcpy(txs[n].from, w->address, ZKS_ETH_ADDRESS_BYTES);
        memcpy(txs[n].to, w->address, ZKS_ETH_ADDRESS_BYTES);
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
    if ((st = zki_w_batch_fee(w, total_fee, addrs, total, &ft, fee_s)) != ZKS_OK) goto out;
    txs[payer].fee = fee_s;
    st = submit_transfer_batch(w, txs, total, syms, decs, out_hashes, out_cap, out_count);
out:
    zks_free(txs);
    zks_free(syms);
    zks_free(addrs);
    zks_free(decs);
    zks_free(toks);
    if (st != ZKS_OK && st != ZKS_ERR_OUTCOME_UNKNOWN && st != ZKS_ERR_ALREADY_EXECUTED) {
        if (out_hashes != NULL) memset(out_hashes, 0, out_cap * HASH_CAP);
        *out_count = 0;
    }
    return st;
}

/* Withdraw and WithdrawNFT: the L1 destination, the fee in fee_token (of
 * fee_type) and the sender (account id and address). */
static zks_status prepare_withdraw(zks_wallet *w, const char *to, const char *fee_token, const char *fee,
                                   const char *fee_type, uint8_t dest[ZKS_ETH_ADDRESS_BYTES], uint32_t *account_id,
                                   uint8_t from[ZKS_ETH_ADDRESS_BYTES], zks_token *ft,
                                   char fee_s[ZKS_AMOUNT_CHARS + 1])
{
    char to_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    zks_status st = l1_dest(w, to, dest, to_hex);
    if (st == ZKS_OK) st = prepare(w, fee_token, fee, fee_type, to_hex, ft, fee_s);
    if (st != ZKS_OK) return st;
    *account_id = w->account_id;
    memcpy(from, w->address, ZKS_ETH_ADDRESS_BYTES);
    return ZKS_OK;
}

static zks_status withdraw_impl(zks_wallet *w, const char *to, const char *token, const char *amount,
                               const char *fee, int32_t fast, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(token != NULL && amount != NULL);
    zks_withdraw t = ZKS_WITHDRAW_INIT;
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    zks_token tok;
    zks_status st = prepare_withdraw(w, to, token, fee, fast ? "FastWithdraw" : "Withdraw", t.to, &t.account_id, t.from,
                                     &tok, fee_s);
    if (st != ZKS_OK) return st;
    t.token = tok.id;
    t.amount = amount;
    t.fee = fee_s;
    return send_one(w, ZKS_TX_WITHDRAW, &t, &tok, 0, fast, out_hash);
}

static zks_status forced_exit_impl(zks_wallet *w, const char *target, const char *token, const char *fee,
                                  char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(target != NULL && token != NULL);
    zks_forced_exit t = ZKS_FORCED_EXIT_INIT;
    zks_status st = zks_eth_address_parse(target, t.target);
    if (st != ZKS_OK) return st;
    zks_token tok;
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    if ((st = prepare(w, token, fee, "ForcedExit", target, &tok, fee_s)) != ZKS_OK) return st;
    t.initiator_account_id = w->account_id;
    t.token = tok.id;
    t.fee = fee_s;
    return send_one(w, ZKS_TX_FORCED_EXIT, &t, &tok, 0, 0, out_hash);
}

static zks_status mint_nft_impl(zks_wallet *w, const char *recipient, const uint8_t content_hash[ZKS_ETH_HASH_BYTES],
                               const char *fee_token, const char *fee, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(content_hash != NULL && fee_token != NULL);
    zks_mint_nft t = ZKS_MINT_NFT_INIT;
    char rec_hex[ZKS_ETH_ADDRESS_CHARS + 1], fee_s[ZKS_AMOUNT_CHARS + 1];
    zks_token ft;
    zks_status st = l1_dest(w, recipient, t.recipient, rec_hex);
    if (st == ZKS_OK) st = prepare(w, fee_token, fee, "MintNFT", rec_hex, &ft, fee_s);
    if (st != ZKS_OK) return st;
    t.creator_id = w->account_id;
    memcpy(t.creator_address, w->address, ZKS_ETH_ADDRESS_BYTES);
    memcpy(t.content_hash, content_hash, ZKS_ETH_HASH_BYTES);
    t.fee_token = ft.id;
    t.fee = fee_s;
    return send_one(w, ZKS_TX_MINT_NFT, &t, &ft, 0, 0, out_hash);
}

/* The NFT's symbol from the account's committed NFTs, or "NFT-<id>". */
static void nft_symbol(zks_wallet *w, uint32_t id, char out[ZKS_SYMBOL_CHARS + 1])
{
    snprintf(out, ZKS_SYMBOL_CHARS + 1, "NFT-%u", id);
    zks_account *a = NULL;
    if (zks_provider_account_info(w->p, w->address_lc, &a) != ZKS_OK) return;
    size_t n = zks_account_nft_count(a, ZKS_ACCOUNT_COMMITTED, 0);
    for (size_t i = 0; i < n; i++) {
        zks_nft nft;
        if (zks_account_nft_at(a, ZKS_ACCOUNT_COMMITTED, 0, i, &nft) == ZKS_OK && nft.id == id && nft.symbol[0]) {
            snprintf(out, ZKS_SYMBOL_CHARS + 1, "%s", nft.symbol);
            break;
        }
    }
    zks_account_free(a);
}

static zks_status transfer_nft_impl(zks_wallet *w, const char *to, uint32_t nft_id, const char *fee_token,
                                   const char *fee, char out_hash_nft[ZKS_TX_HASH_CHARS + 1],
                                   char out_hash_fee[ZKS_TX_HASH_CHARS + 1])
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
    if ((st = zki_w_resolve(w, fee_token, &ft)) != ZKS_OK) return st;
    if ((st = zki_w_ensure_account(w)) != ZKS_OK) return st;
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    const char *addrs[2] = {to, w->address_lc};
    if ((st = zki_w_batch_fee(w, fee, addrs, 2, &ft, fee_s)) != ZKS_OK) return st;
    char sym[ZKS_SYMBOL_CHARS + 1];
    nft_symbol(w, nft_id, sym);
    for (int i = 0; i < 2; i++) {
        txs[i].account_id = w->account_id;
        memcpy(txs[i].from, w->address, ZKS_ETH_ADDRESS_BYTES);
    }
    txs[0].token = nft_id;
    txs[0].amount = "1";
    txs[0].fee = "0";
    memcpy(txs[1].to, w->address, ZKS_ETH_ADDRESS_BYTES);
    txs[1].token = ft.id;
    txs[1].amount = "0";
    txs[1].fee = fee_s;
    const char *syms[2] = {sym, ft.symbol};
    uint32_t decs[2] = {0, ft.decimals};
    char hashes[2 * HASH_CAP];
    size_t count = 0;
    memset(hashes, 0, sizeof hashes);
    st = submit_transfer_batch(w, txs, 2, syms, decs, hashes, 2, &count);
    if (st == ZKS_OK && count != 2) st = ZKS_ERR_PARSE;
    if (st == ZKS_OK || st == ZKS_ERR_OUTCOME_UNKNOWN || st == ZKS_ERR_ALREADY_EXECUTED) {
        memcpy(out_hash_nft, hashes, HASH_CAP);
        memcpy(out_hash_fee, hashes + HASH_CAP, HASH_CAP);
    }
    return st;
}

static zks_status withdraw_nft_impl(zks_wallet *w, const char *to, uint32_t nft_id, const char *fee_token,
                                   const char *fee, int32_t fast, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(fee_token != NULL);
    zks_withdraw_nft t = ZKS_WITHDRAW_NFT_INIT;
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    zks_token ft;
    zks_status st = prepare_withdraw(w, to, fee_token, fee, fast ? "FastWithdrawNFT" : "WithdrawNFT", t.to,
                                     &t.account_id, t.from, &ft, fee_s);
    if (st != ZKS_OK) return st;
    t.token = nft_id;
    t.fee_token = ft.id;
    t.fee = fee_s;
    return send_one(w, ZKS_TX_WITHDRAW_NFT, &t, &ft, 0, fast, out_hash);
}

/* ---- the in-use guard around the calls above ---- */

zks_status zks_wallet_set_signing_key(zks_wallet *w, uint32_t auth, const char *fee_token, const char *fee,
                                      char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    if (w == NULL) return set_signing_key_impl(w, auth, fee_token, fee, out_hash);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, set_signing_key_impl(w, auth, fee_token, fee, out_hash));
}

zks_status zks_wallet_transfer(zks_wallet *w, const char *to, const char *token, const char *amount,
                               const char *fee, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    if (w == NULL) return transfer_impl(w, to, token, amount, fee, out_hash);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, transfer_impl(w, to, token, amount, fee, out_hash));
}

zks_status zks_wallet_transfer_batch(zks_wallet *w, const char *const *to, const char *const *tokens, const char *const *amounts,
                                     size_t n, const char *fee_token, const char *total_fee,
                                     char *out_hashes, size_t out_cap, size_t *out_count)
{
    if (w == NULL) return transfer_batch_impl(w, n, to, tokens, amounts, fee_token, total_fee, out_hashes, out_cap, out_count);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, transfer_batch_impl(w, n, to, tokens, amounts, fee_token, total_fee, out_hashes, out_cap, out_count));
}

zks_status zks_wallet_withdraw(zks_wallet *w, const char *to, const char *token, const char *amount,
                               const char *fee, int32_t fast, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    if (w == NULL) return withdraw_impl(w, to, token, amount, fee, fast, out_hash);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, withdraw_impl(w, to, token, amount, fee, fast, out_hash));
}

zks_status zks_wallet_forced_exit(zks_wallet *w, const char *target, const char *token, const char *fee,
                                  char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    if (w == NULL) return forced_exit_impl(w, target, token, fee, out_hash);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, forced_exit_impl(w, target, token, fee, out_hash));
}

zks_status zks_wallet_mint_nft(zks_wallet *w, const char *recipient, const uint8_t content_hash[ZKS_ETH_HASH_BYTES],
                               const char *fee_token, const char *fee, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    if (w == NULL) return mint_nft_impl(w, recipient, content_hash, fee_token, fee, out_hash);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, mint_nft_impl(w, recipient, content_hash, fee_token, fee, out_hash));
}

zks_status zks_wallet_transfer_nft(zks_wallet *w, const char *to, uint32_t nft_id, const char *fee_token,
                                   const char *fee, char out_hash_nft[ZKS_TX_HASH_CHARS + 1],
                                   char out_hash_fee[ZKS_TX_HASH_CHARS + 1])
{
    if (w == NULL) return transfer_nft_impl(w, to, nft_id, fee_token, fee, out_hash_nft, out_hash_fee);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, transfer_nft_impl(w, to, nft_id, fee_token, fee, out_hash_nft, out_hash_fee));
}

zks_status zks_wallet_withdraw_nft(zks_wallet *w, const char *to, uint32_t nft_id, const char *fee_token,
                                   const char *fee, int32_t fast, char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    if (w == NULL) return withdraw_nft_impl(w, to, nft_id, fee_token, fee, fast, out_hash);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, withdraw_nft_impl(w, to, nft_id, fee_token, fee, fast, out_hash));
}
