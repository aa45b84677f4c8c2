/* Validation and byte encodings of every zkSync Lite transaction
 * (docs/transactions.md §2), hashes, signing, the ChangePubKey ECDSA message
 * and CREATE2 addresses. Transactions are public data; only zks_tx_sign
 * touches a secret, and it hands it straight to zks_musig_sign. */
#include <string.h>

#include <sodium.h>

#include "tx/tx_internal.h"

/* The server's packed-amount limit: 34028236692 * 10^28, u128::MAX rounded
 * down to a packable value (test_tx checks it equals ZKS_AMOUNT_SERVER_MAX). */
static const zki_u256 AMOUNT_SERVER_MAX = {{0xb5e68a0d40000000ULL, 0xfffffffffcf7b8a1ULL, 0, 0}};

static int above_u128(const zki_u256 *v) { return (v->w[2] | v->w[3]) != 0; }
static int above_server_max(const zki_u256 *v) { return zki_u256_cmp(v, &AMOUNT_SERVER_MAX) > 0; }

typedef struct {
    uint8_t *p;
    size_t n;
} wbuf;

static void put(wbuf *b, const void *d, size_t n)
{
    memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void put_u8(wbuf *b, uint8_t v) { b->p[b->n++] = v; }
static void put_u32(wbuf *b, uint32_t v)
{
    for (int i = 3; i >= 0; i--) put_u8(b, (uint8_t)(v >> (8 * i)));
}
static void put_u64(wbuf *b, uint64_t v)
{
    for (int i = 7; i >= 0; i--) put_u8(b, (uint8_t)(v >> (8 * i)));
}
static void put_head(wbuf *b, uint8_t type) { put_u8(b, (uint8_t)(0xff - type)); put_u8(b, 0x01); }

static zks_status chk_account(uint32_t id) { return id > ZKS_ACCOUNT_ID_MAX ? ZKS_ERR_INVALID_TX : ZKS_OK; }
static zks_status chk_token(uint32_t t) { return t > ZKS_TOKEN_ID_MAX ? ZKS_ERR_INVALID_TX : ZKS_OK; }
static zks_status chk_time(uint64_t vf, uint64_t vu) { return vf > vu ? ZKS_ERR_INVALID_TX : ZKS_OK; }

/* Packed amount: decimal, <= the server maximum, exactly packable. */
static zks_status chk_amount(const char *s, zki_u256 *v, uint8_t out[5])
{
    zks_status st = zki_amount_parse(s, v);
    if (st != ZKS_OK) return st;
    if (above_server_max(v)) return ZKS_ERR_INVALID_AMOUNT;
    return zki_pack(v, 0, out);
}

/* Packed fee; a nonzero fee needs a fee-paying token. */
static zks_status chk_fee(const char *s, uint32_t fee_token, uint8_t out[2])
{
    zki_u256 v;
    zks_status st = zki_amount_parse(s, &v);
    if (st != ZKS_OK) return st;
    if (above_u128(&v)) return ZKS_ERR_INVALID_AMOUNT;
    st = zki_pack(&v, 1, out);
    if (st != ZKS_OK) return st;
    if (!zki_u256_is_zero(&v) && fee_token > ZKS_FEE_TOKEN_MAX) return ZKS_ERR_INVALID_TX;
    return ZKS_OK;
}

static int is_one(const zki_u256 *v) { return v->w[0] == 1 && v->w[1] == 0 && v->w[2] == 0 && v->w[3] == 0; }

#define TRY(x)                                                                                                         \
    do {                                                                                                               \
        zks_status st_ = (x);                                                                                          \
        if (st_ != ZKS_OK) return st_;                                                                                 \
    } while (0)

static size_t struct_size_of(zks_tx_type type)
{
    switch (type) {
    case ZKS_TX_TRANSFER: return sizeof(zks_transfer);
    case ZKS_TX_WITHDRAW: return sizeof(zks_withdraw);
    case ZKS_TX_CHANGE_PUBKEY: return sizeof(zks_change_pubkey);
    case ZKS_TX_FORCED_EXIT: return sizeof(zks_forced_exit);
    case ZKS_TX_MINT_NFT: return sizeof(zks_mint_nft);
    case ZKS_TX_WITHDRAW_NFT: return sizeof(zks_withdraw_nft);
    case ZKS_TX_SWAP: return sizeof(zks_swap);
    case ZKS_TX_ORDER: return sizeof(zks_order);
    }
    return 0;
}

zks_status zki_tx_check_struct(zks_tx_type type, const void *tx)
{
    size_t want = struct_size_of(type);
    if (want == 0) return ZKS_ERR_UNSUPPORTED;
    ZKI_ARG_CHECK(tx != NULL);
    uint32_t have;
    memcpy(&have, tx, sizeof have);
    ZKI_ARG_CHECK(have == want);
    return ZKS_OK;
}

static zks_status enc_transfer(const zks_transfer *t, wbuf *b)
{
    uint8_t a[5], f[2];
    zki_u256 v;
    static const uint8_t zero[ZKS_ETH_ADDRESS_BYTES];
    TRY(chk_account(t->account_id));
    TRY(chk_token(t->token));
    TRY(chk_time(t->valid_from, t->valid_until));
    TRY(chk_amount(t->amount, &v, a));
    TRY(chk_fee(t->fee, t->token, f));
    if (t->token >= ZKS_NFT_TOKEN_MIN && !is_one(&v)) return ZKS_ERR_INVALID_TX;
    if (memcmp(t->to, zero, ZKS_ETH_ADDRESS_BYTES) == 0) return ZKS_ERR_INVALID_TX; /* server: WrongToAddress */
    put_head(b, ZKS_TX_TRANSFER);
    put_u32(b, t->account_id);
    put(b, t->from, ZKS_ETH_ADDRESS_BYTES);
    put(b, t->to, ZKS_ETH_ADDRESS_BYTES);
    put_u32(b, t->token);
    put(b, a, 5);
    put(b, f, 2);
    put_u32(b, t->nonce);
    put_u64(b, t->valid_from);
    put_u64(b, t->valid_until);
    return ZKS_OK;
}

static zks_status enc_withdraw(const zks_withdraw *t, wbuf *b)
{
    uint8_t f[2], full[16];
    zki_u256 v;
    TRY(chk_account(t->account_id));
    TRY(chk_token(t->token));
    TRY(chk_time(t->valid_from, t->valid_until));
    TRY(zki_amount_parse(t->amount, &v));
    if (zki_u256_to_be(full, 16, &v) != 0) return ZKS_ERR_INVALID_AMOUNT;
    TRY(chk_fee(t->fee, t->token, f));
    if (t->token >= ZKS_NFT_TOKEN_MIN && !is_one(&v)) return ZKS_ERR_INVALID_TX;
    put_head(b, ZKS_TX_WITHDRAW);
    put_u32(b, t->account_id);
    put(b, t->from, ZKS_ETH_ADDRESS_BYTES);
    put(b, t->to, ZKS_ETH_ADDRESS_BYTES);
    put_u32(b, t->token);
    put(b, full, 16);
    put(b, f, 2);
    put_u32(b, t->nonce);
    put_u64(b, t->valid_from);
    put_u64(b, t->valid_until);
    return ZKS_OK;
}

static zks_status enc_change_pubkey(const zks_change_pubkey *t, wbuf *b)
{
    uint8_t f[2];
    TRY(chk_account(t->account_id));
    TRY(chk_token(t->fee_token));
    TRY(chk_time(t->valid_from, t->valid_until));
    TRY(chk_fee(t->fee, t->fee_token, f));
    if (t->auth_type > ZKS_CPK_CREATE2) return ZKS_ERR_INVALID_TX;
    put_head(b, ZKS_TX_CHANGE_PUBKEY);
    put_u32(b, t->account_id);
    put(b, t->account, ZKS_ETH_ADDRESS_BYTES);
    put(b, t->new_pk_hash, ZKS_PUBKEY_HASH_BYTES);
    put_u32(b, t->fee_token);
    put(b, f, 2);
    put_u32(b, t->nonce);
    put_u64(b, t->valid_from);
    put_u64(b, t->valid_until);
    return ZKS_OK;
}

static zks_status enc_forced_exit(const zks_forced_exit *t, wbuf *b)
{
    uint8_t f[2];
    TRY(chk_account(t->initiator_account_id));
    TRY(chk_token(t->token));
    TRY(chk_time(t->valid_from, t->valid_until));
    TRY(chk_fee(t->fee, t->token, f));
    put_head(b, ZKS_TX_FORCED_EXIT);
    put_u32(b, t->initiator_account_id);
    put(b, t->target, ZKS_ETH_ADDRESS_BYTES);
    put_u32(b, t->token);
    put(b, f, 2);
    put_u32(b, t->nonce);
    put_u64(b, t->valid_from);
    put_u64(b, t->valid_until);
    return ZKS_OK;
}

static zks_status enc_mint_nft(const zks_mint_nft *t, wbuf *b)
{
    uint8_t f[2];
    TRY(chk_account(t->creator_id));
    TRY(chk_token(t->fee_token));
    TRY(chk_fee(t->fee, t->fee_token, f));
    put_head(b, ZKS_TX_MINT_NFT);
    put_u32(b, t->creator_id);
    put(b, t->creator_address, ZKS_ETH_ADDRESS_BYTES);
    put(b, t->content_hash, ZKS_ETH_HASH_BYTES);
    put(b, t->recipient, ZKS_ETH_ADDRESS_BYTES);
    put_u32(b, t->fee_token);
    put(b, f, 2);
    put_u32(b, t->nonce);
    return ZKS_OK;
}

static zks_status enc_withdraw_nft(const zks_withdraw_nft *t, wbuf *b)
{
    uint8_t f[2];
    TRY(chk_account(t->account_id));
    TRY(chk_token(t->token));
    TRY(chk_token(t->fee_token));
    TRY(chk_time(t->valid_from, t->valid_until));
    TRY(chk_fee(t->fee, t->fee_token, f));
    if (t->token < ZKS_NFT_TOKEN_MIN) return ZKS_ERR_INVALID_TX;
    put_head(b, ZKS_TX_WITHDRAW_NFT);
    put_u32(b, t->account_id);
    put(b, t->from, ZKS_ETH_ADDRESS_BYTES);
    put(b, t->to, ZKS_ETH_ADDRESS_BYTES);
    put_u32(b, t->token);
    put_u32(b, t->fee_token);
    put(b, f, 2);
    put_u32(b, t->nonce);
    put_u64(b, t->valid_from);
    put_u64(b, t->valid_until);
    return ZKS_OK;
}

static zks_status enc_ratio(const char *s, uint8_t out[15])
{
    zki_u256 v;
    TRY(zki_amount_parse(s, &v));
    return zki_u256_to_be(out, 15, &v) == 0 ? ZKS_OK : ZKS_ERR_INVALID_AMOUNT;
}

static zks_status enc_order(const zks_order *t, wbuf *b)
{
    uint8_t a[5], r0[15], r1[15];
    zki_u256 v;
    if (t->struct_size != sizeof(zks_order)) return ZKS_ERR_INVALID_ARG;
    TRY(chk_account(t->account_id));
    TRY(chk_token(t->token_sell));
    TRY(chk_token(t->token_buy));
    TRY(chk_time(t->valid_from, t->valid_until));
    TRY(enc_ratio(t->ratio_sell, r0));
    TRY(enc_ratio(t->ratio_buy, r1));
    TRY(chk_amount(t->amount, &v, a));
    put_u8(b, 0x6f); /* 'o': orders are not transactions and have no 0xff- inversion */
    put_u8(b, 0x01);
    put_u32(b, t->account_id);
    put(b, t->recipient, ZKS_ETH_ADDRESS_BYTES);
    put_u32(b, t->nonce);
    put_u32(b, t->token_sell);
    put_u32(b, t->token_buy);
    put(b, r0, 15);
    put(b, r1, 15);
    put(b, a, 5);
    put_u64(b, t->valid_from);
    put_u64(b, t->valid_until);
    return ZKS_OK;
}

static zks_status enc_swap(const zks_swap *t, int server_form, wbuf *b)
{
    uint8_t orders[2 * 89], f[2], a0[5], a1[5];
    zki_u256 v;
    wbuf ob = {orders, 0};
    TRY(chk_account(t->submitter_id));
    TRY(chk_token(t->fee_token));
    TRY(enc_order(&t->order_a, &ob));
    TRY(enc_order(&t->order_b, &ob));
    TRY(chk_amount(t->amount_a, &v, a0));
    TRY(chk_amount(t->amount_b, &v, a1));
    TRY(chk_fee(t->fee, t->fee_token, f));
    put_head(b, ZKS_TX_SWAP);
    put_u32(b, t->submitter_id);
    put(b, t->submitter_address, ZKS_ETH_ADDRESS_BYTES);
    put_u32(b, t->nonce);
    if (server_form) {
        put(b, orders, sizeof orders);
    } else {
        uint8_t h[ZKS_ORDERS_HASH_BYTES];
        zks_status st = zks_rescue_hash_orders(orders, sizeof orders, h);
        if (st != ZKS_OK) return ZKS_ERR_INTERNAL;
        put(b, h, sizeof h);
    }
    put_u32(b, t->fee_token);
    put(b, f, 2);
    put(b, a0, 5);
    put(b, a1, 5);
    return ZKS_OK;
}

zks_status zki_tx_encode(zks_tx_type type, const void *tx, int server_form, uint8_t *out, size_t *len)
{
    *len = 0;
    TRY(zki_tx_check_struct(type, tx));
    wbuf b = {out, 0};
    zks_status st = ZKS_ERR_UNSUPPORTED;
    switch (type) {
    case ZKS_TX_TRANSFER: st = enc_transfer(tx, &b); break;
    case ZKS_TX_WITHDRAW: st = enc_withdraw(tx, &b); break;
    case ZKS_TX_CHANGE_PUBKEY: st = enc_change_pubkey(tx, &b); break;
    case ZKS_TX_FORCED_EXIT: st = enc_forced_exit(tx, &b); break;
    case ZKS_TX_MINT_NFT: st = enc_mint_nft(tx, &b); break;
    case ZKS_TX_WITHDRAW_NFT: st = enc_withdraw_nft(tx, &b); break;
    case ZKS_TX_SWAP: st = enc_swap(tx, server_form, &b); break;
    case ZKS_TX_ORDER: st = enc_order(tx, &b); break;
    }
    if (st == ZKS_OK) *len = b.n;
    return st;
}

zks_status zks_tx_check(zks_tx_type type, const void *tx)
{
    uint8_t buf[ZKS_SWAP_HASH_INPUT_BYTES];
    size_t n;
    /* The server form avoids the rescue hash: same checks, less work. */
    return zki_tx_encode(type, tx, 1, buf, &n);
}

zks_status zks_tx_bytes(zks_tx_type type, const void *tx, uint8_t *out, size_t out_cap, size_t *out_len)
{
    if (out_len != NULL) *out_len = 0;
    if (out != NULL) memset(out, 0, out_cap);
    ZKI_ARG_CHECK(out != NULL && out_len != NULL);
    uint8_t buf[ZKS_SWAP_HASH_INPUT_BYTES];
    size_t n;
    zks_status st = zki_tx_encode(type, tx, 0, buf, &n);
    if (st != ZKS_OK) return st;
    if (n > out_cap) return ZKS_ERR_BUFFER_SIZE;
    memcpy(out, buf, n);
    *out_len = n;
    return ZKS_OK;
}

zks_status zks_tx_sign(zks_tx_type type, const void *tx, const uint8_t zk_privkey[ZKS_PRIVKEY_BYTES],
                       uint8_t out_sig[ZKS_MUSIG_BYTES])
{
    ZKI_ARG_CHECK(out_sig != NULL);
    memset(out_sig, 0, ZKS_MUSIG_BYTES);
    ZKI_ARG_CHECK(zk_privkey != NULL);
    uint8_t buf[ZKS_SWAP_HASH_INPUT_BYTES];
    size_t n;
    zks_status st = zki_tx_encode(type, tx, 0, buf, &n);
    if (st != ZKS_OK) return st;
    st = zks_musig_sign(zk_privkey, buf, n, out_sig);
    if (st != ZKS_OK) return st;
    if (type == ZKS_TX_CHANGE_PUBKEY) {
        /* The server only accepts a ChangePubKey signed by the key it installs. */
        uint8_t pkh[ZKS_PUBKEY_HASH_BYTES];
        st = zks_pubkey_hash(out_sig, pkh);
        if (st != ZKS_OK || memcmp(pkh, ((const zks_change_pubkey *)tx)->new_pk_hash, sizeof pkh) != 0) {
            zks_memzero(out_sig, ZKS_MUSIG_BYTES);
            return st != ZKS_OK ? ZKS_ERR_INTERNAL : ZKS_ERR_INVALID_KEY;
        }
    }
    return ZKS_OK;
}

zks_status zks_tx_hash(zks_tx_type type, const void *tx, uint8_t out_hash[ZKS_TX_HASH_BYTES],
                       char out_str[ZKS_TX_HASH_CHARS + 1])
{
    if (out_str) memset(out_str, 0, (ZKS_TX_HASH_CHARS + 1));
    ZKI_ARG_CHECK(out_hash != NULL);
    memset(out_hash, 0, ZKS_TX_HASH_BYTES);
    if (type == ZKS_TX_ORDER) return ZKS_ERR_UNSUPPORTED;
    uint8_t buf[ZKS_SWAP_HASH_INPUT_BYTES];
    size_t n;
    zks_status st = zki_tx_encode(type, tx, 1, buf, &n);
    if (st != ZKS_OK) return st;
    crypto_hash_sha256(out_hash, buf, n);
    if (out_str) {
        memcpy(out_str, "sync-tx:", 8);
        zki_hex_encode(out_str + 8, out_hash, ZKS_TX_HASH_BYTES);
    }
    return ZKS_OK;
}

zks_status zks_change_pubkey_ecdsa_message(const zks_change_pubkey *tx, uint8_t out[ZKS_CPK_ECDSA_MESSAGE_BYTES])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_CPK_ECDSA_MESSAGE_BYTES);
    TRY(zks_tx_check(ZKS_TX_CHANGE_PUBKEY, tx));
    wbuf b = {out, 0};
    put(&b, tx->new_pk_hash, ZKS_PUBKEY_HASH_BYTES);
    put_u32(&b, tx->nonce);
    put_u32(&b, tx->account_id);
    put(&b, tx->batch_hash, ZKS_ETH_HASH_BYTES);
    return ZKS_OK;
}

zks_status zks_create2_address(const uint8_t creator_address[ZKS_ETH_ADDRESS_BYTES],
                               const uint8_t salt_arg[ZKS_ETH_HASH_BYTES], const uint8_t code_hash[ZKS_ETH_HASH_BYTES],
                               const uint8_t pk_hash[ZKS_PUBKEY_HASH_BYTES], uint8_t out_address[ZKS_ETH_ADDRESS_BYTES])
{
    ZKI_ARG_CHECK(out_address != NULL);
    memset(out_address, 0, ZKS_ETH_ADDRESS_BYTES);
    ZKI_ARG_CHECK(creator_address != NULL && salt_arg != NULL && code_hash != NULL && pk_hash != NULL);
    uint8_t buf[85], h[ZKS_ETH_HASH_BYTES];
    memcpy(buf, salt_arg, ZKS_ETH_HASH_BYTES);
    memcpy(buf + ZKS_ETH_HASH_BYTES, pk_hash, ZKS_PUBKEY_HASH_BYTES);
    TRY(zks_keccak256(buf, 52, h));
    buf[0] = 0xff;
    memcpy(buf + 1, creator_address, ZKS_ETH_ADDRESS_BYTES);
    memcpy(buf + 21, h, ZKS_ETH_HASH_BYTES);
    memcpy(buf + 53, code_hash, ZKS_ETH_HASH_BYTES);
    TRY(zks_keccak256(buf, 85, h));
    memcpy(out_address, h + ZKS_ETH_HASH_BYTES - ZKS_ETH_ADDRESS_BYTES, ZKS_ETH_ADDRESS_BYTES);
    return ZKS_OK;
}

zks_status zki_addr_text(const uint8_t addr[ZKS_ETH_ADDRESS_BYTES], char out[ZKS_ETH_ADDRESS_CHARS + 1])
{
    return zks_eth_address_to_checksum(addr, out);
}

size_t zks_tx_bytes_max(void) { return ZKS_TX_BYTES_MAX; }
size_t zks_tx_hash_chars(void) { return ZKS_TX_HASH_CHARS; }
size_t zks_cpk_ecdsa_message_bytes(void) { return ZKS_CPK_ECDSA_MESSAGE_BYTES; }
