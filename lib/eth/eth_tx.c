/* Ethereum transactions: EIP-155 legacy and EIP-1559 (type 2) serialisation,
 * signing over libsecp256k1, and a strict decoder. */
#include <stddef.h>
#include <secp256k1_recovery.h>

#include "../internal.h"
#include "crypto/keccak.h"
#include "eth.h"

/* secp256k1 order n and n/2 (EIP-2 low-s bound), big-endian. */
static const uint8_t HALF_N[ZKI_ECDSA_SCALAR_BYTES] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                   0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                   0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

typedef struct {
    zki_u256 gas_price, tip, max_fee, value;
} amounts;

static int parse_amount(zki_u256 *out, const char *s)
{
    if (s == NULL) {
        zki_u256_from_u64(out, 0);
        return 0;
    }
    return zki_u256_from_dec(out, s);
}

static zks_status check_tx(const zks_eth_tx *tx, amounts *a)
{
    if (tx->struct_size < sizeof(zks_eth_tx)) return ZKS_ERR_INVALID_ARG;
    if (tx->data == NULL && tx->data_len > 0) return ZKS_ERR_INVALID_ARG;
    if (tx->type != ZKS_ETH_TX_LEGACY && tx->type != ZKS_ETH_TX_EIP1559) return ZKS_ERR_UNSUPPORTED;
    if (tx->chain_id == 0) return ZKS_ERR_INVALID_TX;
    memset(a, 0, sizeof *a);
    if (parse_amount(&a->value, tx->value) != 0) return ZKS_ERR_INVALID_AMOUNT;
    if (tx->type == ZKS_ETH_TX_LEGACY) {
        if (parse_amount(&a->gas_price, tx->gas_price) != 0) return ZKS_ERR_INVALID_AMOUNT;
    } else {
        if (parse_amount(&a->tip, tx->max_priority_fee_per_gas) != 0) return ZKS_ERR_INVALID_AMOUNT;
        if (parse_amount(&a->max_fee, tx->max_fee_per_gas) != 0) return ZKS_ERR_INVALID_AMOUNT;
    }
    return ZKS_OK;
}

/* The fields shared by the signing payload and the signed form, without the list header. */
static void put_fields(zki_buf *b, const zks_eth_tx *tx, const amounts *a)
{
    if (tx->type == ZKS_ETH_TX_EIP1559) {
        zki_rlp_put_u64(b, tx->chain_id);
        zki_rlp_put_u64(b, tx->nonce);
        zki_rlp_put_u256(b, &a->tip);
        zki_rlp_put_u256(b, &a->max_fee);
    } else {
        zki_rlp_put_u64(b, tx->nonce);
        zki_rlp_put_u256(b, &a->gas_price);
    }
    zki_rlp_put_u64(b, tx->gas_limit);
    zki_rlp_put_bytes(b, tx->to, tx->has_to ? ZKS_ETH_ADDRESS_BYTES : 0);
    zki_rlp_put_u256(b, &a->value);
    zki_rlp_put_bytes(b, tx->data, tx->data_len);
    if (tx->type == ZKS_ETH_TX_EIP1559) {
        size_t al = zki_rlp_list_begin(b); /* empty access list */
        zki_rlp_list_end(b, al);
    }
}

/* Builds the unsigned (sig == NULL) or signed serialisation into b. */
static void serialize(zki_buf *b, const zks_eth_tx *tx, const amounts *a, const uint8_t *rs, int recid)
{
    if (tx->type == ZKS_ETH_TX_EIP1559) {
        uint8_t t = 2;
        zki_buf_put(b, &t, 1);
    }
    size_t start = zki_rlp_list_begin(b);
    put_fields(b, tx, a);
    if (rs == NULL) {
        if (tx->type == ZKS_ETH_TX_LEGACY) { /* EIP-155: chainId, 0, 0 */
            zki_rlp_put_u64(b, tx->chain_id);
            zki_rlp_put_u64(b, 0);
            zki_rlp_put_u64(b, 0);
        }
    } else {
        zki_u256 v, r, s;
        if (tx->type == ZKS_ETH_TX_LEGACY) {
            /* v = chainId * 2 + 35 + recid, which may exceed 64 bits */
            zki_u256 c;
            zki_u256_from_u64(&c, tx->chain_id);
            zki_u256_mul_u64(&v, &c, 2);
            zki_u256_from_u64(&c, 35 + (uint64_t)recid);
            zki_u256_add(&v, &v, &c);
        } else {
            zki_u256_from_u64(&v, (uint64_t)recid);
        }
        zki_u256_from_be(&r, rs, ZKI_ECDSA_SCALAR_BYTES);
        zki_u256_from_be(&s, rs + ZKI_ECDSA_SCALAR_BYTES, ZKI_ECDSA_SCALAR_BYTES);
        zki_rlp_put_u256(b, &v);
        zki_rlp_put_u256(b, &r);
        zki_rlp_put_u256(b, &s);
    }
    zki_rlp_list_end(b, start);
}

zks_status zks_eth_tx_signing_hash(const zks_eth_tx *tx, uint8_t out_hash[ZKS_ETH_HASH_BYTES])
{
    ZKI_ARG_CHECK(out_hash != NULL);
    zks_memzero(out_hash, ZKS_ETH_HASH_BYTES);
    ZKI_ARG_CHECK(tx != NULL);
    amounts a;
    zks_status rc = check_tx(tx, &a);
    if (rc != ZKS_OK) return rc;
    zki_buf b;
    zki_buf_init(&b);
    serialize(&b, tx, &a, NULL, 0);
    rc = (zks_status)b.err;
    if (rc == ZKS_OK) zki_keccak256(b.p, b.len, out_hash);
    zki_buf_free(&b);
    return rc;
}

/* Writes the signed form into the caller's buffer. */
static zks_status emit_signed(const zks_eth_tx *tx, const amounts *a, const uint8_t rs[ZKI_ECDSA_RS_BYTES], int recid,
                              uint8_t *out_raw, size_t out_cap, size_t *out_len, uint8_t *out_hash)
{
    zki_buf b;
    zki_buf_init(&b);
    serialize(&b, tx, a, rs, recid);
    zks_status rc = (zks_status)b.err;
    if (rc == ZKS_OK) {
        *out_len = b.len;
        if (b.len > out_cap) {
            rc = ZKS_ERR_BUFFER_SIZE;
        } else {
            memcpy(out_raw, b.p, b.len);
            if (out_hash) zki_keccak256(b.p, b.len, out_hash);
        }
    }
    zki_buf_free(&b);
    return rc;
}

/* Shared argument checks and output clearing of sign / encode_signed. */
#define SIGNED_OUT_CHECKS()                                                    \
    do {                                                                       \
        ZKI_ARG_CHECK(out_len != NULL);                                        \
        *out_len = 0;                                                          \
        ZKI_ARG_CHECK(out_raw != NULL || out_cap == 0);                        \
        if (out_raw) zks_memzero(out_raw, out_cap);                            \
        if (out_hash) zks_memzero(out_hash, ZKS_ETH_HASH_BYTES);               \
    } while (0)

zks_status zks_eth_tx_sign(const zks_eth_tx *tx, const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES], uint8_t *out_raw,
                           size_t out_cap, size_t *out_len, uint8_t out_hash[ZKS_ETH_HASH_BYTES])
{
    SIGNED_OUT_CHECKS();
    ZKI_ARG_CHECK(tx != NULL && eth_privkey != NULL);
    uint8_t digest[ZKS_ETH_HASH_BYTES], rs[ZKI_ECDSA_RS_BYTES];
    int recid = 0;
    amounts a;
    zks_status rc = check_tx(tx, &a);
    if (rc != ZKS_OK) return rc;
    rc = zks_eth_tx_signing_hash(tx, digest);
    if (rc == ZKS_OK) rc = (zks_status)zki_eth_sign_digest(eth_privkey, digest, rs, &recid);
    if (rc == ZKS_OK) rc = emit_signed(tx, &a, rs, recid, out_raw, out_cap, out_len, out_hash);
    if (rc != ZKS_OK) {
        if (out_raw) zks_memzero(out_raw, out_cap);
        if (out_hash) zks_memzero(out_hash, ZKS_ETH_HASH_BYTES);
        if (rc != ZKS_ERR_BUFFER_SIZE) *out_len = 0;
    }
    return rc;
}

/* r and s in range: 0 < r < n, 0 < s <= n/2 (EIP-2). Parses via libsecp256k1. */
static int check_rs(const uint8_t rs[ZKI_ECDSA_RS_BYTES])
{
    secp256k1_ecdsa_signature sig;
    static const uint8_t zero[ZKI_ECDSA_SCALAR_BYTES] = {0};
    if (memcmp(rs, zero, ZKI_ECDSA_SCALAR_BYTES) == 0 ||
        memcmp(rs + ZKI_ECDSA_SCALAR_BYTES, zero, ZKI_ECDSA_SCALAR_BYTES) == 0)
        return 0;
    if (!secp256k1_ecdsa_signature_parse_compact(secp256k1_context_static, &sig, rs)) return 0;
    return memcmp(rs + ZKI_ECDSA_SCALAR_BYTES, HALF_N, ZKI_ECDSA_SCALAR_BYTES) <= 0;
}

zks_status zks_eth_tx_encode_signed(const zks_eth_tx *tx, const uint8_t sig[ZKS_ETH_SIGNATURE_BYTES], uint8_t *out_raw,
                                    size_t out_cap, size_t *out_len, uint8_t out_hash[ZKS_ETH_HASH_BYTES])
{
    SIGNED_OUT_CHECKS();
    ZKI_ARG_CHECK(tx != NULL && sig != NULL);
    amounts a;
    zks_status rc = check_tx(tx, &a);
    if (rc != ZKS_OK) return rc;
    int recid;
    if (sig[ZKI_ECDSA_RS_BYTES] == 0 || sig[ZKI_ECDSA_RS_BYTES] == 1) recid = sig[ZKI_ECDSA_RS_BYTES];
    else if (sig[ZKI_ECDSA_RS_BYTES] == 27 || sig[ZKI_ECDSA_RS_BYTES] == 28) recid = sig[ZKI_ECDSA_RS_BYTES] - 27;
    else return ZKS_ERR_SIGNATURE_MALFORMED;
    if (!check_rs(sig)) return ZKS_ERR_SIGNATURE_MALFORMED;
    rc = emit_signed(tx, &a, sig, recid, out_raw, out_cap, out_len, out_hash);
    if (rc != ZKS_OK) {
        if (out_raw) zks_memzero(out_raw, out_cap);
        if (out_hash) zks_memzero(out_hash, ZKS_ETH_HASH_BYTES);
        if (rc != ZKS_ERR_BUFFER_SIZE) *out_len = 0;
    }
    return rc;
}

/* ---- decoding ------------------------------------------------------------ */

static zks_status item_u64(const zki_rlp_item *it, uint64_t *out)
{
    zki_u256 v;
    if (zki_rlp_item_u256(it, &v) != ZKS_OK) return ZKS_ERR_PARSE;
    if (zki_u256_bits(&v) > 64) return ZKS_ERR_INVALID_TX;
    *out = v.w[0];
    return ZKS_OK;
}

static zks_status item_dec(const zki_rlp_item *it, char out[ZKS_AMOUNT_CHARS + 1])
{
    zki_u256 v;
    if (zki_rlp_item_u256(it, &v) != ZKS_OK) return ZKS_ERR_PARSE;
    zki_u256_to_dec(out, &v);
    return ZKS_OK;
}

/* A 32-byte big-endian copy of a canonical integer item of at most 32 bytes. */
static zks_status item_word(const zki_rlp_item *it, uint8_t out[ZKS_U256_BYTES])
{
    zki_u256 v;
    if (zki_rlp_item_u256(it, &v) != ZKS_OK) return ZKS_ERR_PARSE;
    (void)zki_u256_to_be(out, ZKS_U256_BYTES, &v);
    return ZKS_OK;
}

static zks_status decode_inner(const uint8_t *raw, size_t raw_len, zks_eth_tx_info *out)
{
    zki_rlp_item list, f[12];
    size_t n;
    zks_status rc;
    uint8_t rs[ZKI_ECDSA_RS_BYTES], digest[ZKS_ETH_HASH_BYTES];
    int recid;
    const uint8_t *body = raw;
    size_t body_len = raw_len;
    if (raw_len == 0) return ZKS_ERR_PARSE;
    if (raw[0] == 2) {
        out->type = ZKS_ETH_TX_EIP1559;
        body++;
        body_len--;
    } else if (raw[0] >= 0xc0) {
        out->type = ZKS_ETH_TX_LEGACY;
    } else {
        return raw[0] <= 0x7f ? ZKS_ERR_UNSUPPORTED : ZKS_ERR_PARSE; /* other EIP-2718 types */
    }
    if (zki_rlp_decode_exact(body, body_len, &list) != ZKS_OK || !list.is_list) return ZKS_ERR_PARSE;
    if (zki_rlp_list_items(&list, f, 12, &n) != ZKS_OK) return ZKS_ERR_PARSE;
    /* Every field except data/access list must be a string; to is empty or 20 bytes. */
    size_t want = out->type == ZKS_ETH_TX_EIP1559 ? 12 : 9;
    if (n != want) return ZKS_ERR_PARSE;
    for (size_t i = 0; i < n; i++)
        if (f[i].is_list != (out->type == ZKS_ETH_TX_EIP1559 && i == 8)) return ZKS_ERR_PARSE;
    size_t k = 0;
    const zki_rlp_item *to, *data, *v;
    if (out->type == ZKS_ETH_TX_EIP1559) {
        if ((rc = item_u64(&f[k++], &out->chain_id)) != ZKS_OK) return rc;
        if ((rc = item_u64(&f[k++], &out->nonce)) != ZKS_OK) return rc;
        if ((rc = item_dec(&f[k++], out->max_priority_fee_per_gas)) != ZKS_OK) return rc;
        if ((rc = item_dec(&f[k++], out->max_fee_per_gas)) != ZKS_OK) return rc;
    } else {
        if ((rc = item_u64(&f[k++], &out->nonce)) != ZKS_OK) return rc;
        if ((rc = item_dec(&f[k++], out->gas_price)) != ZKS_OK) return rc;
    }
    if ((rc = item_u64(&f[k++], &out->gas_limit)) != ZKS_OK) return rc;
    to = &f[k++];
    if ((rc = item_dec(&f[k++], out->value)) != ZKS_OK) return rc;
    data = &f[k++];
    if (out->type == ZKS_ETH_TX_EIP1559 && f[k++].len != 0) return ZKS_ERR_UNSUPPORTED; /* access list */
    v = &f[k++];
    if ((rc = item_word(&f[k++], rs)) != ZKS_OK) return rc;
    if ((rc = item_word(&f[k++], rs + ZKI_ECDSA_SCALAR_BYTES)) != ZKS_OK) return rc;
    if (to->len == ZKS_ETH_ADDRESS_BYTES) {
        out->has_to = 1;
        memcpy(out->to, to->p, ZKS_ETH_ADDRESS_BYTES);
    } else if (to->len != 0) {
        return ZKS_ERR_PARSE;
    }
    out->data = data->len ? data->p : NULL;
    out->data_len = data->len;

    zki_u256 vv;
    if (zki_rlp_item_u256(v, &vv) != ZKS_OK) return ZKS_ERR_PARSE;
    if (out->type == ZKS_ETH_TX_EIP1559) {
        if (zki_u256_bits(&vv) > 1) return ZKS_ERR_SIGNATURE_MALFORMED;
        recid = (int)vv.w[0];
    } else {
        /* v = 2 * chainId + 35 + recid; v = 27/28 (no chain id) is not supported */
        zki_u256 c35, t;
        uint64_t rem;
        zki_u256_from_u64(&c35, 35);
        if (zki_u256_cmp(&vv, &c35) < 0) return ZKS_ERR_UNSUPPORTED;
        zki_u256_sub(&t, &vv, &c35);
        if (zki_u256_divmod_u64(&t, &rem, &t, 2) != 0) return ZKS_ERR_INTERNAL;
        if (zki_u256_bits(&t) > 64) return ZKS_ERR_INVALID_TX;
        out->chain_id = t.w[0];
        recid = (int)rem;
    }
    if (out->chain_id == 0) return ZKS_ERR_INVALID_TX;
    if (!check_rs(rs)) return ZKS_ERR_SIGNATURE_MALFORMED;

    /* Re-serialise the unsigned form to get the signing digest. */
    zks_eth_tx tx = ZKS_ETH_TX_INIT;
    tx.type = out->type;
    tx.chain_id = out->chain_id;
    tx.nonce = out->nonce;
    tx.gas_limit = out->gas_limit;
    tx.gas_price = out->gas_price;
    tx.max_priority_fee_per_gas = out->max_priority_fee_per_gas;
    tx.max_fee_per_gas = out->max_fee_per_gas;
    tx.has_to = out->has_to;
    memcpy(tx.to, out->to, ZKS_ETH_ADDRESS_BYTES);
    tx.value = out->value;
    tx.data = out->data;
    tx.data_len = out->data_len;
    if (out->type == ZKS_ETH_TX_LEGACY) {
        tx.max_priority_fee_per_gas = tx.max_fee_per_gas = NULL;
    } else {
        tx.gas_price = NULL;
    }
    if ((rc = zks_eth_tx_signing_hash(&tx, digest)) != ZKS_OK) return rc;
    if ((rc = (zks_status)zki_eth_recover_digest(digest, rs, recid, out->from)) != ZKS_OK) return rc;
    zki_keccak256(raw, raw_len, out->hash);
    return ZKS_OK;
}

zks_status zks_eth_tx_decode(const uint8_t *raw, size_t raw_len, zks_eth_tx_info *out)
{
    ZKI_ARG_CHECK(out != NULL);
    uint32_t size = out->struct_size;
    ZKI_ARG_CHECK(size >= sizeof(zks_eth_tx_info));
    memset(out, 0, sizeof *out);
    out->struct_size = size;
    ZKI_ARG_CHECK(raw != NULL || raw_len == 0);
    zks_status rc = decode_inner(raw, raw_len, out);
    if (rc != ZKS_OK) {
        memset(out, 0, sizeof *out);
        out->struct_size = size;
    }
    return rc;
}
