/* zkSync keys: seed -> private key, private key -> public key, public-key
 * hash and its "sync:" text form (zksync-crypto 0.6.2 semantics). */
#include <sodium.h>

#include "internal.h"
#include "crypto/jubjub.h"
#include "crypto/rescue.h"

#define PFX "sync:"
#define PFX_LEN 5

zks_status zks_privkey_from_seed(const uint8_t *seed, size_t seed_len,
                                 uint8_t out_privkey[ZKS_PRIVKEY_BYTES])
{
    uint8_t e[crypto_hash_sha256_BYTES], c[crypto_hash_sha256_BYTES];
    uint64_t ok;

    ZKI_ARG_CHECK(out_privkey != NULL);
    memset(out_privkey, 0, ZKS_PRIVKEY_BYTES);
    ZKI_ARG_CHECK(seed != NULL);
    if (seed_len < ZKS_SEED_MIN_BYTES) return ZKS_ERR_INVALID_KEY;

    /* e = SHA256(seed); c = SHA256(e) until c < r as a big-endian integer.
     * Out-of-range candidates are hashed again, never reduced: the loop runs
     * exactly as often as the reference's, so its count is revealed
     * (declassified) but the comparison itself is branch-free. */
    crypto_hash_sha256(e, seed, seed_len);
    for (;;) {
        crypto_hash_sha256(c, e, sizeof e);
        ok = zki_fs_be_lt_r(c);
        ZKI_DECLASSIFY(&ok, sizeof ok);
        if (ok) break;
        memcpy(e, c, sizeof c);
    }
    memcpy(out_privkey, c, ZKS_PRIVKEY_BYTES);
    ZKI_WIPE(e);
    ZKI_WIPE(c);
    return ZKS_OK;
}

/* Loads the key and computes the affine public point; 0 if the key is 0 or >= r.
 * The point is public and declassified; the scalar is wiped. */
static int pubkey_point(zki_jj_affine *pk, const uint8_t privkey[ZKS_PRIVKEY_BYTES])
{
    zki_fs sk;
    zki_jj_point p;
    uint64_t ok = zki_fs_load_privkey(&sk, privkey);
    ZKI_DECLASSIFY(&ok, sizeof ok);
    if (ok) {
        zki_jj_mul_base(&p, &sk);
        zki_jj_to_affine(pk, &p);
        ZKI_DECLASSIFY(pk, sizeof *pk);
    }
    ZKI_WIPE(sk);
    ZKI_WIPE(p);
    return (int)ok;
}

/* Low 160 bits of rescue_hash([x, y]) as 20 big-endian bytes. */
static void pubkey_hash_of_point(uint8_t out[ZKS_PUBKEY_HASH_BYTES], const zki_jj_affine *pk)
{
    zki_fr in[2] = {pk->x, pk->y}, h;
    uint8_t le[ZKI_FR_BYTES];
    zki_rescue_sponge(in, 2, &h, 1);
    zki_fr_to_bytes_le(le, &h);
    for (int i = 0; i < ZKS_PUBKEY_HASH_BYTES; i++) out[i] = le[ZKS_PUBKEY_HASH_BYTES - 1 - i];
}

zks_status zks_pubkey_from_privkey(const uint8_t privkey[ZKS_PRIVKEY_BYTES],
                                   uint8_t out_pubkey[ZKS_PUBKEY_BYTES])
{
    zki_jj_affine pk;
    ZKI_ARG_CHECK(out_pubkey != NULL);
    memset(out_pubkey, 0, ZKS_PUBKEY_BYTES);
    ZKI_ARG_CHECK(privkey != NULL);
    if (!pubkey_point(&pk, privkey)) return ZKS_ERR_INVALID_KEY;
    zki_jj_compress(out_pubkey, &pk);
    return ZKS_OK;
}

zks_status zks_pubkey_hash(const uint8_t pubkey[ZKS_PUBKEY_BYTES],
                           uint8_t out_hash[ZKS_PUBKEY_HASH_BYTES])
{
    zki_jj_affine pk;
    ZKI_ARG_CHECK(out_hash != NULL);
    memset(out_hash, 0, ZKS_PUBKEY_HASH_BYTES);
    ZKI_ARG_CHECK(pubkey != NULL);
    /* Like the reference: decode only, no subgroup check. */
    if (!zki_jj_decompress_var(&pk, pubkey)) return ZKS_ERR_INVALID_POINT;
    pubkey_hash_of_point(out_hash, &pk);
    return ZKS_OK;
}

zks_status zks_pubkey_hash_from_privkey(const uint8_t privkey[ZKS_PRIVKEY_BYTES],
                                        uint8_t out_hash[ZKS_PUBKEY_HASH_BYTES])
{
    zki_jj_affine pk;
    ZKI_ARG_CHECK(out_hash != NULL);
    memset(out_hash, 0, ZKS_PUBKEY_HASH_BYTES);
    ZKI_ARG_CHECK(privkey != NULL);
    if (!pubkey_point(&pk, privkey)) return ZKS_ERR_INVALID_KEY;
    pubkey_hash_of_point(out_hash, &pk);
    return ZKS_OK;
}

zks_status zks_pubkey_hash_to_text(const uint8_t hash[ZKS_PUBKEY_HASH_BYTES],
                                   char out[ZKS_PUBKEY_HASH_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    out[0] = '\0';
    ZKI_ARG_CHECK(hash != NULL);
    memcpy(out, PFX, PFX_LEN);
    zki_hex_encode(out + PFX_LEN, hash, ZKS_PUBKEY_HASH_BYTES);
    return ZKS_OK;
}

zks_status zks_pubkey_hash_from_text(const char *text, uint8_t out_hash[ZKS_PUBKEY_HASH_BYTES])
{
    ZKI_ARG_CHECK(out_hash != NULL);
    memset(out_hash, 0, ZKS_PUBKEY_HASH_BYTES);
    ZKI_ARG_CHECK(text != NULL);
    if (strncmp(text, PFX, PFX_LEN) != 0) return ZKS_ERR_INVALID_ADDRESS;
    if (strnlen(text, ZKS_PUBKEY_HASH_CHARS + 1) != ZKS_PUBKEY_HASH_CHARS) return ZKS_ERR_INVALID_ADDRESS;
    if (zki_hex_decode(out_hash, ZKS_PUBKEY_HASH_BYTES, text + PFX_LEN, 2 * ZKS_PUBKEY_HASH_BYTES) != 0)
        return ZKS_ERR_INVALID_ADDRESS;
    return ZKS_OK;
}
