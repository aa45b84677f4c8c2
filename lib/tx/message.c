/* Ethereum (L1) message texts of transactions and batches, byte-identical to
 * zksync.js 0.13.1 EthMessageSigner + Wallet (docs/transactions.md §4). */
#include <stdio.h>
#include <string.h>

#include "tx/tx_internal.h"

#define MSG_MAX 512
#define SYMBOL_MAX 64

typedef struct {
    char p[MSG_MAX];
    size_t n;
} sbuf;

static void cat(sbuf *b, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k < MSG_MAX) { /* sizes are bounded so this always fits; guard anyway */
        memcpy(b->p + b->n, s, k);
        b->n += k;
    }
    b->p[b->n] = '\0';
}

static void cat_u64(sbuf *b, uint64_t v)
{
    char t[24];
    snprintf(t, sizeof t, "%llu", (unsigned long long)v);
    cat(b, t);
}

static void cat_hex(sbuf *b, const uint8_t *d, size_t n)
{
    char t[2 * ZKS_ETH_HASH_BYTES + 1]; /* the longest hex field: a content hash */
    zki_hex_encode(t, d, n);
    cat(b, t);
}

static void cat_addr(sbuf *b, const uint8_t a[ZKS_ETH_ADDRESS_BYTES])
{
    cat(b, "0x");
    cat_hex(b, a, ZKS_ETH_ADDRESS_BYTES);
}

static void cat_token(sbuf *b, const zki_u256 *v, uint32_t decimals)
{
    char t[ZKS_TOKEN_CHARS + 1];
    zki_token_format(v, decimals, t, sizeof t);
    cat(b, t);
}

static zks_status check_symbol(const char *s)
{
    ZKI_ARG_CHECK(s != NULL);
    size_t n = strnlen(s, SYMBOL_MAX + 1);
    ZKI_ARG_CHECK(n <= SYMBOL_MAX);
    for (size_t i = 0; i < n; i++) ZKI_ARG_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
    return ZKS_OK;
}

/* "<amount line>\nFee: <fee> <SYM>" parts of Transfer and Withdraw. */
static void transfer_like(sbuf *b, const char *verb, const char *amount, const char *fee,
                          const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *sym, uint32_t dec)
{
    zki_u256 a, f;
    zki_amount_parse(amount, &a); /* already validated by the encoder */
    zki_amount_parse(fee, &f);
    if (!zki_u256_is_zero(&a)) {
        cat(b, verb);
        cat(b, " ");
        cat_token(b, &a, dec);
        cat(b, " ");
        cat(b, sym);
        cat(b, " to: ");
        cat_addr(b, to);
    }
    if (!zki_u256_is_zero(&f)) {
        if (b->n) cat(b, "\n");
        cat(b, "Fee: ");
        cat_token(b, &f, dec);
        cat(b, " ");
        cat(b, sym);
    }
}

/* "\nFee: ..." appended to a non-empty first line when the fee is nonzero. */
static void fee_line(sbuf *b, const char *fee, const char *sym, uint32_t dec)
{
    zki_u256 f;
    zki_amount_parse(fee, &f);
    if (zki_u256_is_zero(&f)) return;
    cat(b, "\nFee: ");
    cat_token(b, &f, dec);
    cat(b, " ");
    cat(b, sym);
}

/* Builds the part (with_nonce = 0) or the whole message of one tx into b. */
static zks_status build(zks_tx_type type, const void *tx, const char *sym, uint32_t dec, const char *buy_sym,
                        int with_nonce, sbuf *b)
{
    b->n = 0;
    b->p[0] = '\0';
    ZKI_ARG_CHECK(dec <= ZKS_TOKEN_DECIMALS_MAX);
    zks_status st = check_symbol(sym);
    if (st != ZKS_OK) return st;
    st = zks_tx_check(type, tx);
    if (st != ZKS_OK) return st;
    uint32_t nonce = 0;
    switch (type) {
    case ZKS_TX_TRANSFER: {
        const zks_transfer *t = tx;
        transfer_like(b, "Transfer", t->amount, t->fee, t->to, sym, t->token >= ZKS_NFT_TOKEN_MIN ? 0 : dec);
        nonce = t->nonce;
        break;
    }
    case ZKS_TX_WITHDRAW: {
        const zks_withdraw *t = tx;
        transfer_like(b, "Withdraw", t->amount, t->fee, t->to, sym, t->token >= ZKS_NFT_TOKEN_MIN ? 0 : dec);
        nonce = t->nonce;
        break;
    }
    case ZKS_TX_FORCED_EXIT: {
        const zks_forced_exit *t = tx;
        cat(b, "ForcedExit ");
        cat(b, sym);
        cat(b, " to: ");
        cat_addr(b, t->target);
        fee_line(b, t->fee, sym, t->token >= ZKS_NFT_TOKEN_MIN ? 0 : dec);
        nonce = t->nonce;
        break;
    }
    case ZKS_TX_MINT_NFT: {
        const zks_mint_nft *t = tx;
        cat(b, "MintNFT 0x");
        cat_hex(b, t->content_hash, ZKS_ETH_HASH_BYTES);
        cat(b, " for: ");
        cat_addr(b, t->recipient);
        fee_line(b, t->fee, sym, dec);
        nonce = t->nonce;
        break;
    }
    case ZKS_TX_WITHDRAW_NFT: {
        const zks_withdraw_nft *t = tx;
        cat(b, "WithdrawNFT ");
        cat_u64(b, t->token);
        cat(b, " to: ");
        cat_addr(b, t->to);
        fee_line(b, t->fee, sym, dec);
        nonce = t->nonce;
        break;
    }
    case ZKS_TX_CHANGE_PUBKEY: {
        const zks_change_pubkey *t = tx;
        cat(b, "Set signing key: ");
        cat_hex(b, t->new_pk_hash, ZKS_PUBKEY_HASH_BYTES);
        fee_line(b, t->fee, sym, t->fee_token >= ZKS_NFT_TOKEN_MIN ? 0 : dec);
        nonce = t->nonce;
        break;
    }
    case ZKS_TX_SWAP: {
        const zks_swap *t = tx;
        zki_u256 f;
        zki_amount_parse(t->fee, &f);
        if (!zki_u256_is_zero(&f)) {
            cat(b, "Swap fee: ");
            cat_token(b, &f, t->fee_token >= ZKS_NFT_TOKEN_MIN ? 0 : dec);
            cat(b, " ");
            cat(b, sym);
        }
        nonce = t->nonce;
        break;
    }
    case ZKS_TX_ORDER: {
        const zks_order *t = tx;
        if (!with_nonce) return ZKS_ERR_UNSUPPORTED;
        st = check_symbol(buy_sym);
        if (st != ZKS_OK) return st;
        zki_u256 a, r;
        char d[79];
        zki_amount_parse(t->amount, &a);
        if (zki_u256_is_zero(&a)) {
            cat(b, "Limit order for ");
        } else {
            cat(b, "Order for ");
            cat_token(b, &a, t->token_sell >= ZKS_NFT_TOKEN_MIN ? 0 : dec);
            cat(b, " ");
        }
        cat(b, sym);
        cat(b, " -> ");
        cat(b, buy_sym);
        cat(b, "\nRatio: ");
        zki_amount_parse(t->ratio_sell, &r);
        zki_u256_to_dec(d, &r);
        cat(b, d);
        cat(b, ":");
        zki_amount_parse(t->ratio_buy, &r);
        zki_u256_to_dec(d, &r);
        cat(b, d);
        cat(b, "\nAddress: ");
        cat_addr(b, t->recipient);
        cat(b, "\nNonce: ");
        cat_u64(b, t->nonce);
        return ZKS_OK;
    }
    }
    if (with_nonce) {
        if (b->n) cat(b, "\n");
        cat(b, "Nonce: ");
        cat_u64(b, nonce);
    }
    return ZKS_OK;
}

static zks_status emit(zks_status st, const sbuf *b, char *out, size_t cap, size_t *len)
{
    if (st == ZKS_OK && b->n + 1 > cap) st = ZKS_ERR_BUFFER_SIZE;
    if (st != ZKS_OK) return st;
    memcpy(out, b->p, b->n + 1);
    *len = b->n;
    return ZKS_OK;
}

zks_status zks_tx_eth_message(zks_tx_type type, const void *tx, const char *symbol, uint32_t decimals,
                              const char *buy_symbol, char *out, size_t out_cap, size_t *out_len)
{
    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    ZKI_ARG_CHECK(out != NULL && out_cap > 0 && out_len != NULL);
    sbuf b;
    zks_status st = build(type, tx, symbol, decimals, buy_symbol, 1, &b);
    return emit(st, &b, out, out_cap, out_len);
}

zks_status zks_tx_eth_message_part(zks_tx_type type, const void *tx, const char *symbol, uint32_t decimals,
                                   char *out, size_t out_cap, size_t *out_len)
{
    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    ZKI_ARG_CHECK(out != NULL && out_cap > 0 && out_len != NULL);
    sbuf b;
    zks_status st = build(type, tx, symbol, decimals, NULL, 0, &b);
    return emit(st, &b, out, out_cap, out_len);
}

zks_status zks_batch_eth_message(const char *const *parts, size_t n, uint32_t first_nonce, char *out,
                                 size_t out_cap, size_t *out_len)
{
    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    ZKI_ARG_CHECK(out != NULL && out_cap > 0 && out_len != NULL);
    ZKI_ARG_CHECK(parts != NULL || n == 0);
    for (size_t i = 0; i < n; i++) ZKI_ARG_CHECK(parts[i] != NULL);
    char tail[24];
    int tl = snprintf(tail, sizeof tail, "Nonce: %u", first_nonce);
    size_t need = (size_t)tl + 1;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(parts[i]);
        if (k) need += k + 1;
        if (need < k) return ZKS_ERR_BUFFER_SIZE; /* overflow */
    }
    if (need > out_cap) return ZKS_ERR_BUFFER_SIZE;
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(parts[i]);
        if (!k) continue;
        memcpy(out + pos, parts[i], k);
        pos += k;
        out[pos++] = '\n';
    }
    memcpy(out + pos, tail, (size_t)tl + 1);
    *out_len = pos + (size_t)tl;
    return ZKS_OK;
}
