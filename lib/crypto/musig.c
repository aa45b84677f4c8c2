/* zkSync Lite transaction signatures: Schnorr "MuSig" with one signer over
 * AltJubjub, Rescue challenge, deterministic HMAC-SHA256 nonce, exactly as
 * zksync-crypto 0.6.2 sign_musig / verify_musig (docs/crypto.md). */
#include <sodium.h>

#include "internal.h"
#include "crypto/jubjub.h"
#include "crypto/rescue.h"

#define HMAC_BYTES crypto_auth_hmacsha256_BYTES /* = its key size */
#define M32_BYTES ZKI_FR_BYTES                  /* m32 = rescueHash(msg) as little-endian bytes */
#define PKX_RX_BYTES (2 * ZKI_FR_BYTES)         /* LE32(PK.x) || LE32(R.x) */
#define CHALLENGE_IN_BYTES (PKX_RX_BYTES + M32_BYTES)
/* The signature: packed PK || packed R || LE32(s). */
#define SIG_R_AT ZKS_PUBKEY_BYTES
#define SIG_S_AT (SIG_R_AT + ZKI_JJ_PACKED_BYTES)
_Static_assert(SIG_S_AT + ZKI_FS_BYTES == ZKS_MUSIG_BYTES, "musig layout");
_Static_assert(crypto_auth_hmacsha256_KEYBYTES == HMAC_BYTES, "HMAC key = output size");

/* HMAC-SHA256 keyed with key over the concatenation of up to four parts. */
static void hmac4(uint8_t out[HMAC_BYTES], const uint8_t key[HMAC_BYTES], const uint8_t *a, size_t alen,
                  const uint8_t *b, size_t blen, const uint8_t *c, size_t clen, const uint8_t *d,
                  size_t dlen)
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, HMAC_BYTES);
    crypto_auth_hmacsha256_update(&st, a, alen);
    if (blen) crypto_auth_hmacsha256_update(&st, b, blen);
    if (clen) crypto_auth_hmacsha256_update(&st, c, clen);
    if (dlen) crypto_auth_hmacsha256_update(&st, d, dlen);
    crypto_auth_hmacsha256_final(&st, out);
    ZKI_WIPE(st);
}

/* The reference's deterministic nonce. It starts like RFC 6979 but its retry
 * step is K = HMAC_K(V || V || 0x00) with V left unchanged (the reference
 * reuses an HMAC object that has already absorbed V). Retries are the common
 * case (each candidate is < r with probability ~2.4%), so this path is what
 * makes signatures byte-identical. skb is BE32(sk). */
static void nonce(zki_fs *k, const uint8_t skb[ZKI_FS_BYTES], const uint8_t m32[M32_BYTES])
{
    static const uint8_t zero = 0x00, one = 0x01;
    uint8_t h1[crypto_hash_sha256_BYTES], K[HMAC_BYTES], V[HMAC_BYTES], T[HMAC_BYTES];
    uint64_t ok;

    crypto_hash_sha256(h1, m32, M32_BYTES);
    memset(V, 0x01, sizeof V);
    memset(K, 0x00, sizeof K);
    hmac4(K, K, V, sizeof V, &zero, 1, skb, ZKI_FS_BYTES, h1, sizeof h1);
    hmac4(V, K, V, sizeof V, NULL, 0, NULL, 0, NULL, 0);
    hmac4(K, K, V, sizeof V, &one, 1, skb, ZKI_FS_BYTES, h1, sizeof h1);
    hmac4(V, K, V, sizeof V, NULL, 0, NULL, 0, NULL, 0);
    for (;;) {
        hmac4(T, K, V, sizeof V, NULL, 0, NULL, 0, NULL, 0);
        ok = zki_fs_from_bytes_be(k, T); /* branch-free compare with r */
        ZKI_DECLASSIFY(&ok, sizeof ok);  /* the try count, as the reference reveals it */
        if (ok) break;
        hmac4(K, K, V, sizeof V, V, sizeof V, &zero, 1, NULL, 0);
    }
    ZKI_WIPE(h1);
    ZKI_WIPE(K);
    ZKI_WIPE(V);
    ZKI_WIPE(T);
}

/* c from LE32(PK.x) || LE32(R.x) || m32: four packed elements through the
 * Rescue sponge, two squeezed elements, 125 low bits of each. c < 2^250 < r. */
static void challenge(zki_fs *c, const zki_fr *pkx, const zki_fr *rx, const uint8_t m32[M32_BYTES])
{
    uint8_t buf[CHALLENGE_IN_BYTES];
    zki_fr el[4], s[2];
    uint64_t a[4], b[4], l[4];
    const uint64_t lo61 = (1ULL << 61) - 1;

    zki_fr_to_bytes_le(buf, pkx);
    zki_fr_to_bytes_le(buf + ZKI_FR_BYTES, rx);
    memcpy(buf + PKX_RX_BYTES, m32, M32_BYTES);
    zki_multipack(buf, sizeof buf, 8 * sizeof buf, el);
    zki_rescue_sponge(el, 4, s, 2);
    zki_fr_to_limbs(a, &s[0]);
    zki_fr_to_limbs(b, &s[1]);
    /* bits 0..124 from a, bits 125..249 from b (125 = 64 + 61) */
    l[0] = a[0];
    l[1] = (a[1] & lo61) | (b[0] << 61);
    l[2] = (b[0] >> 3) | (b[1] << 61);
    l[3] = (b[1] & lo61) >> 3;
    zki_fs_from_limbs(c, l);
}

/* m32 = rescueHash(msg) */
static void msg_hash(uint8_t m32[M32_BYTES], const uint8_t *msg, size_t msg_len)
{
    zki_fr el[3], h;
    zki_multipack(msg, msg_len, 8 * ZKS_MSG_MAX_BYTES, el);
    zki_rescue_sponge(el, 3, &h, 1);
    zki_fr_to_bytes_le(m32, &h);
}

/* challenge(c, pkx, rx, rescueHash(msg)) with the same result, for verify
 * (public data only): the challenge sponge's first permutation absorbs
 * elements made of PK.x and R.x alone, so it runs in lockstep with the
 * message hash's first permutation (zki_rescue_perm2). */
static void challenge_verify(zki_fs *c, const zki_fr *pkx, const zki_fr *rx, const uint8_t *msg,
                             size_t msg_len)
{
    uint8_t buf[CHALLENGE_IN_BYTES];
    zki_fr el[4], me[3], hs[3], cs[3];
    uint64_t a[4], b[4], l[4];
    const uint64_t lo61 = (1ULL << 61) - 1;

    /* message sponge: state [0, 0, 3], absorbs me[0], me[1] then me[2], 1 */
    zki_multipack(msg, msg_len, 8 * ZKS_MSG_MAX_BYTES, me);
    hs[0] = me[0];
    hs[1] = me[1];
    zki_fr_set_u64(&hs[2], 3);
    /* challenge sponge: state [0, 0, 4], absorbs el[0], el[1] (bits 0..505 of
     * LE32(PK.x) || LE32(R.x)) then el[2], el[3] (which hold m32) */
    zki_fr_to_bytes_le(buf, pkx);
    zki_fr_to_bytes_le(buf + ZKI_FR_BYTES, rx);
    zki_multipack(buf, PKX_RX_BYTES, 8 * PKX_RX_BYTES, el); /* el[0], el[1] final; el[2] redone below */
    cs[0] = el[0];
    cs[1] = el[1];
    zki_fr_set_u64(&cs[2], 4);
    zki_rescue_perm2(hs, cs);
    zki_fr_add(&hs[0], &hs[0], &me[2]);
    zki_fr_add(&hs[1], &hs[1], &zki_fr_one);
    zki_rescue_perm(hs);
    zki_fr_to_bytes_le(buf + PKX_RX_BYTES, &hs[0]); /* m32 */
    zki_multipack(buf, sizeof buf, 8 * sizeof buf, el);
    zki_fr_add(&cs[0], &cs[0], &el[2]);
    zki_fr_add(&cs[1], &cs[1], &el[3]);
    zki_rescue_perm(cs);
    zki_fr_to_limbs(a, &cs[0]);
    zki_fr_to_limbs(b, &cs[1]);
    /* as in challenge() */
    l[0] = a[0];
    l[1] = (a[1] & lo61) | (b[0] << 61);
    l[2] = (b[0] >> 3) | (b[1] << 61);
    l[3] = (b[1] & lo61) >> 3;
    zki_fs_from_limbs(c, l);
}

zks_status zks_musig_sign(const uint8_t privkey[ZKS_PRIVKEY_BYTES], const uint8_t *msg,
                          size_t msg_len, uint8_t out_sig[ZKS_MUSIG_BYTES])
{
    zki_fs sk, k, c, s;
    zki_jj_point p;
    zki_jj_affine pk, r;
    uint8_t skb[ZKI_FS_BYTES], m32[M32_BYTES];
    uint64_t ok;

    ZKI_ARG_CHECK(out_sig != NULL);
    memset(out_sig, 0, ZKS_MUSIG_BYTES);
    ZKI_ARG_CHECK(privkey != NULL);
    ZKI_ARG_CHECK(msg != NULL || msg_len == 0);
    if (msg_len > ZKS_MSG_MAX_BYTES) return ZKS_ERR_MSG_TOO_LONG;

    ok = zki_fs_load_privkey(&sk, privkey);
    ZKI_DECLASSIFY(&ok, sizeof ok);
    if (!ok) {
        ZKI_WIPE(sk);
        return ZKS_ERR_INVALID_KEY;
    }
    zki_fs_to_bytes_be(skb, &sk);
    msg_hash(m32, msg, msg_len);

    zki_jj_mul_base(&p, &sk); /* PK = sk*G (public) */
    zki_jj_to_affine(&pk, &p);
    ZKI_DECLASSIFY(&pk, sizeof pk);

    nonce(&k, skb, m32);
    zki_jj_mul_base(&p, &k); /* R = k*G (public) */
    zki_jj_to_affine(&r, &p);
    ZKI_DECLASSIFY(&r, sizeof r);

    challenge(&c, &pk.x, &r.x, m32);
    zki_fs_mul(&s, &c, &sk); /* s = k + c*sk mod r */
    zki_fs_add(&s, &s, &k);

    zki_jj_compress(out_sig, &pk);
    zki_jj_compress(out_sig + SIG_R_AT, &r);
    zki_fs_to_bytes_le(out_sig + SIG_S_AT, &s);
    ZKI_DECLASSIFY(out_sig, ZKS_MUSIG_BYTES); /* the signature is public */

    ZKI_WIPE(sk);
    ZKI_WIPE(k);
    ZKI_WIPE(s);
    ZKI_WIPE(skb);
    ZKI_WIPE(p);
    return ZKS_OK;
}

zks_status zks_musig_verify(const uint8_t *msg, size_t msg_len, const uint8_t sig[ZKS_MUSIG_BYTES])
{
    zki_jj_affine pka, ra;
    zki_jj_point pk, r, lhs, rhs;
    zki_fs s, c;

    ZKI_ARG_CHECK(sig != NULL);
    ZKI_ARG_CHECK(msg != NULL || msg_len == 0);
    if (msg_len > ZKS_MSG_MAX_BYTES) return ZKS_ERR_MSG_TOO_LONG;

    if (!zki_jj_decompress_var(&pka, sig)) return ZKS_ERR_SIGNATURE_MALFORMED;
    if (!zki_jj_decompress_var(&ra, sig + SIG_R_AT)) return ZKS_ERR_SIGNATURE_MALFORMED;
    if (!zki_fs_from_bytes_le(&s, sig + SIG_S_AT)) return ZKS_ERR_SIGNATURE_MALFORMED; /* s >= r */

    zki_jj_from_affine(&pk, &pka);
    zki_jj_from_affine(&r, &ra);
    /* The identity is refused as a public key (it is the key of sk = 0, which
     * anyone can sign for). PK must lie in the prime subgroup, as in the
     * reference. The reference also checks R; that check is implied here: once
     * PK is in the subgroup, s*G == R + c*PK forces R = s*G - c*PK into it, and
     * a failing equation gives the same status. */
    if (zki_jj_is_identity(&pk)) return ZKS_ERR_SIGNATURE_INVALID;
    if (!zki_jj_in_subgroup_var(&pk)) return ZKS_ERR_SIGNATURE_INVALID;

    challenge_verify(&c, &pka.x, &ra.x, msg, msg_len);
    /* s*G == R + c*PK (no cofactor) */
    zki_jj_mul_base(&lhs, &s);
    zki_jj_mul_var(&rhs, &pk, c.v);
    zki_jj_add(&rhs, &rhs, &r);
    return zki_jj_eq(&lhs, &rhs) ? ZKS_OK : ZKS_ERR_SIGNATURE_INVALID;
}
