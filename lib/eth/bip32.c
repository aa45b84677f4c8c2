/* BIP-32 private derivation on secp256k1 (libsecp256k1 for the key arithmetic,
 * libsodium HMAC-SHA512) and the path syntax m/44'/60'/0'/0/0. */
#include <mbedtls/ripemd160.h>
#include <sodium.h>

#include "../internal.h"
#include "eth.h"

#define HARDENED 0x80000000u
#define MAX_DEPTH 255
#define SEED_MIN_BYTES 16 /* 128 to 512 bits (BIP-32) */
#define SEED_MAX_BYTES 64
#define MASTER_KEY "Bitcoin seed"
_Static_assert(1 + ZKS_ETH_PRIVKEY_BYTES == ZKI_SECP_PUBKEY33_BYTES, "hardened data: 0x00 || key");
_Static_assert(ZKS_ETH_PRIVKEY_BYTES + ZKI_BIP32_CHAIN_CODE_BYTES == crypto_auth_hmacsha512_BYTES, "I = IL || IR");

void zki_hash160(const uint8_t *data, size_t len, uint8_t out[ZKI_HASH160_BYTES])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    if (mbedtls_ripemd160_ret(h, sizeof h, out) != 0) memset(out, 0, ZKI_HASH160_BYTES);
    ZKI_WIPE(h);
}

int zki_bip32_pubkey(const uint8_t key[ZKS_ETH_PRIVKEY_BYTES], uint8_t out33[ZKI_SECP_PUBKEY33_BYTES])
{
    zki_secp_ctx hold;
    secp256k1_pubkey pub;
    size_t n = ZKI_SECP_PUBKEY33_BYTES;
    int rc = ZKS_ERR_INVALID_KEY;
    secp256k1_context *ctx = zki_secp_open(&hold, 1);
    if (ctx == NULL) {
        rc = ZKS_ERR_INTERNAL;
    } else {
        int ok = secp256k1_ec_pubkey_create(ctx, &pub, key);
        ZKI_DECLASSIFY(&ok, sizeof ok);
        if (ok) {
            ZKI_DECLASSIFY(&pub, sizeof pub); /* the public key is public */
            secp256k1_ec_pubkey_serialize(ctx, out33, &n, &pub, SECP256K1_EC_COMPRESSED);
            rc = ZKS_OK;
        }
    }
    if (rc != ZKS_OK) memset(out33, 0, ZKI_SECP_PUBKEY33_BYTES);
    zki_secp_close(&hold);
    return rc;
}

static void hmac512(const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                    uint8_t out[crypto_auth_hmacsha512_BYTES])
{
    crypto_auth_hmacsha512_state st;
    crypto_auth_hmacsha512_init(&st, key, key_len);
    crypto_auth_hmacsha512_update(&st, a, a_len);
    if (b_len > 0) crypto_auth_hmacsha512_update(&st, b, b_len);
    crypto_auth_hmacsha512_final(&st, out);
    ZKI_WIPE(st);
}

int zki_bip32_master(const uint8_t *seed, size_t seed_len, zki_bip32_node *out)
{
    memset(out, 0, sizeof *out);
    if (seed_len < SEED_MIN_BYTES || seed_len > SEED_MAX_BYTES) return ZKS_ERR_INVALID_LENGTH;
    uint8_t I[crypto_auth_hmacsha512_BYTES]; /* IL (key) || IR (chain code) */
    int rc = ZKS_ERR_INVALID_KEY;
    hmac512((const uint8_t *)MASTER_KEY, sizeof MASTER_KEY - 1, seed, seed_len, NULL, 0, I);
    /* IL = 0 or >= n: the seed is unusable (probability ~2^-127) */
    int ok = secp256k1_ec_seckey_verify(secp256k1_context_static, I);
    ZKI_DECLASSIFY(&ok, sizeof ok); /* a failure is public (and ~2^-127 likely) */
    if (ok) {
        memcpy(out->key, I, ZKS_ETH_PRIVKEY_BYTES);
        memcpy(out->chain_code, I + ZKS_ETH_PRIVKEY_BYTES, ZKI_BIP32_CHAIN_CODE_BYTES);
        rc = ZKS_OK;
    }
    ZKI_WIPE(I);
    return rc;
}

int zki_bip32_child(zki_bip32_node *node, uint32_t index)
{
    uint8_t data[ZKI_SECP_PUBKEY33_BYTES + 4]; /* 0x00 || key (hardened) or the public key, then BE32(index) */
    uint8_t pub[ZKI_SECP_PUBKEY33_BYTES];
    uint8_t I[crypto_auth_hmacsha512_BYTES]; /* IL (key) || IR (chain code) */
    uint8_t key[ZKS_ETH_PRIVKEY_BYTES];
    zki_secp_ctx hold;
    int rc = ZKS_ERR_INVALID_KEY;
    secp256k1_context *ctx = NULL;
    if (node->depth >= MAX_DEPTH) {
        rc = ZKS_ERR_INVALID_PATH;
        goto out;
    }
    rc = zki_bip32_pubkey(node->key, pub);
    if (rc != ZKS_OK) goto out;
    if (index & HARDENED) {
        data[0] = 0;
        memcpy(data + 1, node->key, ZKS_ETH_PRIVKEY_BYTES);
    } else {
        memcpy(data, pub, ZKI_SECP_PUBKEY33_BYTES);
    }
    uint8_t *ix = data + ZKI_SECP_PUBKEY33_BYTES;
    ix[0] = (uint8_t)(index >> 24);
    ix[1] = (uint8_t)(index >> 16);
    ix[2] = (uint8_t)(index >> 8);
    ix[3] = (uint8_t)index;
    hmac512(node->chain_code, ZKI_BIP32_CHAIN_CODE_BYTES, data, sizeof data, NULL, 0, I);
    ctx = zki_secp_open(&hold, 0);
    if (ctx == NULL) {
        rc = ZKS_ERR_INTERNAL;
        goto out;
    }
    memcpy(key, node->key, ZKS_ETH_PRIVKEY_BYTES);
    /* child = IL + parent mod n; fails if IL >= n or the sum is 0 (~2^-127):
     * BIP-32 would skip to the next index, we report the key as invalid. */
    int ok = secp256k1_ec_seckey_tweak_add(ctx, key, I);
    ZKI_DECLASSIFY(&ok, sizeof ok);
    if (!ok) {
        rc = ZKS_ERR_INVALID_KEY;
        goto out;
    }
    uint8_t fp[ZKI_HASH160_BYTES];
    zki_hash160(pub, ZKI_SECP_PUBKEY33_BYTES, fp);
    memcpy(node->parent_fingerprint, fp, 4);
    memcpy(node->key, key, ZKS_ETH_PRIVKEY_BYTES);
    memcpy(node->chain_code, I + ZKS_ETH_PRIVKEY_BYTES, ZKI_BIP32_CHAIN_CODE_BYTES);
    node->depth++;
    node->child_number = index;
    rc = ZKS_OK;
out:
    if (ctx != NULL) zki_secp_close(&hold);
    ZKI_WIPE(data);
    ZKI_WIPE(I);
    ZKI_WIPE(key);
    return rc;
}

int zki_bip32_parse_path(const char *path, uint32_t *out, size_t cap, size_t *count)
{
    *count = 0;
    if (path[0] != 'm') return ZKS_ERR_INVALID_PATH;
    const char *p = path + 1;
    size_t n = 0;
    while (*p != '\0') {
        if (*p != '/') return ZKS_ERR_INVALID_PATH;
        p++;
        if (*p < '0' || *p > '9') return ZKS_ERR_INVALID_PATH;
        if (*p == '0' && p[1] >= '0' && p[1] <= '9') return ZKS_ERR_INVALID_PATH; /* leading zero */
        uint64_t v = 0;
        while (*p >= '0' && *p <= '9') {
            v = v * 10 + (uint64_t)(*p - '0');
            if (v >= HARDENED) return ZKS_ERR_INVALID_PATH;
            p++;
        }
        if (*p == '\'' || *p == 'h' || *p == 'H') {
            v |= HARDENED;
            p++;
        }
        if (n >= cap || n >= MAX_DEPTH) return ZKS_ERR_INVALID_PATH;
        out[n++] = (uint32_t)v;
    }
    *count = n;
    return ZKS_OK;
}

zks_status zks_eth_privkey_from_seed(const uint8_t *seed, size_t seed_len, const char *path,
                                     uint8_t out_key[ZKS_ETH_PRIVKEY_BYTES])
{
    ZKI_ARG_CHECK(out_key != NULL);
    zks_memzero(out_key, ZKS_ETH_PRIVKEY_BYTES);
    ZKI_ARG_CHECK(seed != NULL);
    if (path == NULL) path = ZKS_ETH_DEFAULT_PATH;
    uint32_t idx[MAX_DEPTH];
    size_t n = 0;
    zks_status rc = (zks_status)zki_bip32_parse_path(path, idx, MAX_DEPTH, &n);
    if (rc != ZKS_OK) return rc;
    zki_bip32_node node;
    rc = (zks_status)zki_bip32_master(seed, seed_len, &node);
    for (size_t i = 0; rc == ZKS_OK && i < n; i++) rc = (zks_status)zki_bip32_child(&node, idx[i]);
    if (rc == ZKS_OK) memcpy(out_key, node.key, ZKS_ETH_PRIVKEY_BYTES);
    ZKI_WIPE(node);
    return rc;
}

zks_status zks_eth_privkey_from_mnemonic(const char *mnemonic, const char *passphrase, const char *path,
                                         uint8_t out_key[ZKS_ETH_PRIVKEY_BYTES])
{
    ZKI_ARG_CHECK(out_key != NULL);
    zks_memzero(out_key, ZKS_ETH_PRIVKEY_BYTES);
    ZKI_ARG_CHECK(mnemonic != NULL);
    /* Check the path before the slow PBKDF2. */
    uint32_t idx[MAX_DEPTH];
    size_t n = 0;
    zks_status rc = (zks_status)zki_bip32_parse_path(path ? path : ZKS_ETH_DEFAULT_PATH, idx, MAX_DEPTH, &n);
    if (rc != ZKS_OK) return rc;
    uint8_t seed[ZKS_BIP39_SEED_BYTES];
    rc = zks_bip39_mnemonic_to_seed(mnemonic, passphrase, seed);
    if (rc == ZKS_OK) rc = zks_eth_privkey_from_seed(seed, sizeof seed, path, out_key);
    ZKI_WIPE(seed);
    return rc;
}
