/* Jubjub scalar field Fs (mod r), constant time. See fs.h.
 *
 * Values are stored canonically; multiplication goes through Montgomery
 * reduction twice (a*b/R, then *R^2/R) so callers never see Montgomery form.
 * Fs work per signature is one multiplication and one addition, so the extra
 * reduction costs nothing that matters. */
#include "fs.h"

#include <string.h>

#include "internal.h"

typedef unsigned __int128 u128;

_Static_assert(ZKS_PRIVKEY_BYTES == ZKI_FS_BYTES, "a private key is one Fs element");

const uint64_t zki_fs_modulus[4] = {
    0x677297dc392126f1ULL, 0xab3eedb83920ee0aULL, 0x370a08b6d0302b0bULL, 0x060c89ce5c263405ULL,
};
/* -r^-1 mod 2^64 */
static const uint64_t FS_INV = 0x532ce5aebc48f5efULL;
/* R^2 mod r, R = 2^256 */
static const uint64_t FS_R2[4] = {
    0x35e44abee7ecb21eULL, 0x74646cacf5f84ec4ULL, 0xe472df203faa158fULL, 0x0445b524f1ba50a8ULL,
};

/* r = a - b over 4 limbs; returns the borrow (0 or 1). */
static uint64_t sub4(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - b[i] - borrow;
        r[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    return borrow;
}

/* r = a - m if a >= m else a, for a < 2m; branch-free. */
static void reduce_once(uint64_t r[4], const uint64_t a[4])
{
    uint64_t t[4];
    uint64_t borrow = sub4(t, a, zki_fs_modulus);
    uint64_t keep = 0 - borrow; /* all ones: a < m, keep a */
    for (int i = 0; i < 4; i++) r[i] = (a[i] & keep) | (t[i] & ~keep);
}

static uint64_t load_lt_r(zki_fs *a, const uint64_t l[4])
{
    uint64_t t[4];
    uint64_t ok = sub4(t, l, zki_fs_modulus); /* borrow = 1 iff l < r */
    uint64_t mask = 0 - ok;
    for (int i = 0; i < 4; i++) a->v[i] = l[i] & mask;
    ZKI_WIPE(t);
    return ok;
}

uint64_t zki_fs_from_bytes_be(zki_fs *a, const uint8_t in[ZKI_FS_BYTES])
{
    uint64_t l[4] = {0, 0, 0, 0};
    for (int i = 0; i < ZKI_FS_BYTES; i++) l[3 - i / 8] = (l[3 - i / 8] << 8) | in[i];
    uint64_t ok = load_lt_r(a, l);
    ZKI_WIPE(l);
    return ok;
}

uint64_t zki_fs_from_bytes_le(zki_fs *a, const uint8_t in[ZKI_FS_BYTES])
{
    uint64_t l[4] = {0, 0, 0, 0};
    for (int i = ZKI_FS_BYTES - 1; i >= 0; i--) l[i / 8] = (l[i / 8] << 8) | in[i];
    uint64_t ok = load_lt_r(a, l);
    ZKI_WIPE(l);
    return ok;
}

uint64_t zki_fs_be_lt_r(const uint8_t in[ZKI_FS_BYTES])
{
    zki_fs t;
    uint64_t ok = zki_fs_from_bytes_be(&t, in);
    ZKI_WIPE(t);
    return ok;
}

void zki_fs_to_bytes_be(uint8_t out[ZKI_FS_BYTES], const zki_fs *a)
{
    for (int i = 0; i < ZKI_FS_BYTES; i++) out[i] = (uint8_t)(a->v[3 - i / 8] >> (8 * (7 - i % 8)));
}

void zki_fs_to_bytes_le(uint8_t out[ZKI_FS_BYTES], const zki_fs *a)
{
    for (int i = 0; i < ZKI_FS_BYTES; i++) out[i] = (uint8_t)(a->v[i / 8] >> (8 * (i % 8)));
}

void zki_fs_from_limbs(zki_fs *a, const uint64_t limbs[4])
{
    for (int i = 0; i < 4; i++) a->v[i] = limbs[i];
}

void zki_fs_set_u64(zki_fs *a, uint64_t x)
{
    a->v[0] = x; /* every u64 is < r */
    a->v[1] = a->v[2] = a->v[3] = 0;
}

void zki_fs_add(zki_fs *r, const zki_fs *a, const zki_fs *b)
{
    uint64_t t[4], carry = 0;
    for (int i = 0; i < 4; i++) { /* a + b < 2r < 2^252: no carry out */
        u128 s = (u128)a->v[i] + b->v[i] + carry;
        t[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
    reduce_once(r->v, t);
}

void zki_fs_sub(zki_fs *r, const zki_fs *a, const zki_fs *b)
{
    uint64_t t[4];
    uint64_t mask = 0 - sub4(t, a->v, b->v);
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) { /* add r back when a < b */
        u128 s = (u128)t[i] + (zki_fs_modulus[i] & mask) + carry;
        r->v[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
}

void zki_fs_neg(zki_fs *r, const zki_fs *a)
{
    zki_fs z = {{0, 0, 0, 0}};
    zki_fs_sub(r, &z, a);
}

/* Montgomery product a*b/R mod r (CIOS); inputs < r, output < r. */
static void mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t t[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 4; j++) {
            u128 s = (u128)a[j] * b[i] + t[j] + c;
            t[j] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        u128 s = (u128)t[4] + c;
        t[4] = (uint64_t)s;
        t[5] = (uint64_t)(s >> 64);
        uint64_t m = t[0] * FS_INV;
        s = (u128)m * zki_fs_modulus[0] + t[0];
        c = (uint64_t)(s >> 64);
        for (int j = 1; j < 4; j++) {
            s = (u128)m * zki_fs_modulus[j] + t[j] + c;
            t[j - 1] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        s = (u128)t[4] + c;
        t[3] = (uint64_t)s;
        t[4] = t[5] + (uint64_t)(s >> 64);
    }
    /* t < 2r (r < 2^251 leaves t[4] = 0) */
    reduce_once(r, t);
    ZKI_WIPE(t);
}

void zki_fs_mul(zki_fs *r, const zki_fs *a, const zki_fs *b)
{
    uint64_t t[4];
    mont_mul(t, a->v, b->v);  /* a*b/R */
    mont_mul(r->v, t, FS_R2); /* a*b */
    ZKI_WIPE(t);
}

uint64_t zki_fs_is_zero(const zki_fs *a)
{
    uint64_t x = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return 1 ^ ((x | (0 - x)) >> 63);
}

uint64_t zki_fs_eq(const zki_fs *a, const zki_fs *b)
{
    zki_fs d;
    for (int i = 0; i < 4; i++) d.v[i] = a->v[i] ^ b->v[i];
    return zki_fs_is_zero(&d);
}

void zki_fs_cmov(zki_fs *r, const zki_fs *a, uint64_t flag)
{
    uint64_t mask = 0 - flag;
    for (int i = 0; i < 4; i++) r->v[i] ^= mask & (r->v[i] ^ a->v[i]);
}

uint64_t zki_fs_load_privkey(zki_fs *sk, const uint8_t privkey[ZKI_FS_BYTES])
{
    uint64_t ok = zki_fs_from_bytes_be(sk, privkey);
    return ok & (zki_fs_is_zero(sk) ^ 1);
}
