/* AltJubjub group arithmetic. See jubjub.h. */
#include "jubjub.h"

#include <string.h>

#include "internal.h"

/* Montgomery-form limbs of d, 2d and G (checked against their canonical
 * values by tests/unit/test_jubjub.c). */
const zki_fr zki_jj_d = {{0x5c3b8876504f718dULL, 0x50be2c72984346b4ULL, 0x4783751f59126675ULL,
                          0x305ff669a7a1c091ULL}};
const zki_fr zki_jj_d2 = {{0x74951b58b09ee319ULL, 0x7948709cb6cd1cd7ULL, 0xd6b6a48830a3748dULL,
                           0x305b9e606e11e0f8ULL}};
const zki_jj_affine zki_jj_generator = {
    {{0xcc81def32098ad5bULL, 0xc2ad6c3a7f5c483cULL, 0xd039246853e6775dULL, 0x013cef3266afa9b9ULL}},
    {{0x9a750fec31888e68ULL, 0x3fe5e1bcc719206fULL, 0xf5e28ef9fe792379ULL, 0x09d50b3ce60fcbbeULL}},
};

void zki_jj_set_identity(zki_jj_point *p)
{
    p->X = zki_fr_zero;
    p->Y = zki_fr_one;
    p->Z = zki_fr_one;
    p->T = zki_fr_zero;
}

void zki_jj_from_affine(zki_jj_point *p, const zki_jj_affine *a)
{
    p->X = a->x;
    p->Y = a->y;
    p->Z = zki_fr_one;
    zki_fr_mul(&p->T, &a->x, &a->y);
}

void zki_jj_to_precomp(zki_jj_precomp *q, const zki_jj_affine *a)
{
    zki_fr_add(&q->ypx, &a->y, &a->x);
    zki_fr_sub(&q->ymx, &a->y, &a->x);
    zki_fr_mul(&q->t2d, &a->x, &a->y);
    zki_fr_mul(&q->t2d, &q->t2d, &zki_jj_d2);
}

void zki_jj_to_affine(zki_jj_affine *a, const zki_jj_point *p)
{
    zki_fr zi;
    zki_fr_inv(&zi, &p->Z);
    zki_fr_mul(&a->x, &p->X, &zi);
    zki_fr_mul(&a->y, &p->Y, &zi);
}

/* Unified addition for a = -1 with k = 2d (8M). */
void zki_jj_add(zki_jj_point *r, const zki_jj_point *p, const zki_jj_point *q)
{
    zki_fr a, b, c, d, e, f, g, h, t;
    zki_fr_sub(&a, &p->Y, &p->X);
    zki_fr_sub(&t, &q->Y, &q->X);
    zki_fr_mul(&a, &a, &t);
    zki_fr_add(&b, &p->Y, &p->X);
    zki_fr_add(&t, &q->Y, &q->X);
    zki_fr_mul(&b, &b, &t);
    zki_fr_mul(&c, &p->T, &q->T);
    zki_fr_mul(&c, &c, &zki_jj_d2);
    zki_fr_mul(&d, &p->Z, &q->Z);
    zki_fr_add(&d, &d, &d);
    zki_fr_sub(&e, &b, &a);
    zki_fr_sub(&f, &d, &c);
    zki_fr_add(&g, &d, &c);
    zki_fr_add(&h, &b, &a);
    zki_fr_mul(&r->X, &e, &f);
    zki_fr_mul(&r->Y, &g, &h);
    zki_fr_mul(&r->T, &e, &h);
    zki_fr_mul(&r->Z, &f, &g);
}

/* Mixed addition with a precomputed affine point (7M). */
void zki_jj_madd(zki_jj_point *r, const zki_jj_point *p, const zki_jj_precomp *q)
{
    zki_fr a, b, c, d, e, f, g, h;
    zki_fr_sub(&a, &p->Y, &p->X);
    zki_fr_mul(&a, &a, &q->ymx);
    zki_fr_add(&b, &p->Y, &p->X);
    zki_fr_mul(&b, &b, &q->ypx);
    zki_fr_mul(&c, &p->T, &q->t2d);
    zki_fr_add(&d, &p->Z, &p->Z);
    zki_fr_sub(&e, &b, &a);
    zki_fr_sub(&f, &d, &c);
    zki_fr_add(&g, &d, &c);
    zki_fr_add(&h, &b, &a);
    zki_fr_mul(&r->X, &e, &f);
    zki_fr_mul(&r->Y, &g, &h);
    zki_fr_mul(&r->T, &e, &h);
    zki_fr_mul(&r->Z, &f, &g);
}

/* Doubling for a = -1 (4M + 4S); T of the input is not used. */
void zki_jj_dbl(zki_jj_point *r, const zki_jj_point *p)
{
    zki_fr a, b, c, d, e, f, g, h;
    zki_fr_sqr(&a, &p->X);
    zki_fr_sqr(&b, &p->Y);
    zki_fr_sqr(&c, &p->Z);
    zki_fr_add(&c, &c, &c);
    zki_fr_neg(&d, &a);
    zki_fr_add(&e, &p->X, &p->Y);
    zki_fr_sqr(&e, &e);
    zki_fr_sub(&e, &e, &a);
    zki_fr_sub(&e, &e, &b);
    zki_fr_add(&g, &d, &b);
    zki_fr_sub(&f, &g, &c);
    zki_fr_sub(&h, &d, &b);
    zki_fr_mul(&r->X, &e, &f);
    zki_fr_mul(&r->Y, &g, &h);
    zki_fr_mul(&r->T, &e, &h);
    zki_fr_mul(&r->Z, &f, &g);
}

void zki_jj_neg(zki_jj_point *r, const zki_jj_point *p)
{
    zki_fr_neg(&r->X, &p->X);
    r->Y = p->Y;
    r->Z = p->Z;
    zki_fr_neg(&r->T, &p->T);
}

uint64_t zki_jj_is_identity(const zki_jj_point *p)
{
    return zki_fr_is_zero(&p->X) & zki_fr_eq(&p->Y, &p->Z);
}

uint64_t zki_jj_eq(const zki_jj_point *p, const zki_jj_point *q)
{
    zki_fr l, r;
    uint64_t ok;
    zki_fr_mul(&l, &p->X, &q->Z);
    zki_fr_mul(&r, &q->X, &p->Z);
    ok = zki_fr_eq(&l, &r);
    zki_fr_mul(&l, &p->Y, &q->Z);
    zki_fr_mul(&r, &q->Y, &p->Z);
    return ok & zki_fr_eq(&l, &r);
}

uint64_t zki_jj_affine_on_curve(const zki_jj_affine *a)
{
    zki_fr x2, y2, l, rr;
    zki_fr_sqr(&x2, &a->x);
    zki_fr_sqr(&y2, &a->y);
    zki_fr_sub(&l, &y2, &x2);          /* -x^2 + y^2 */
    zki_fr_mul(&rr, &x2, &y2);
    zki_fr_mul(&rr, &rr, &zki_jj_d);
    zki_fr_add(&rr, &rr, &zki_fr_one); /* 1 + d x^2 y^2 */
    return zki_fr_eq(&l, &rr);
}

/* ---- constant-time fixed-base multiplication ---------------------------- */

#ifndef ZKI_JJ_NO_BASE_TABLE /* tools/gen_jubjub_table.c builds the table without it */

/* 1 if a == b (small non-negative ints), branch-free. */
static uint64_t ct_eq_u32(uint32_t a, uint32_t b)
{
    uint32_t x = a ^ b;
    return (uint64_t)(((x | (0u - x)) >> 31) ^ 1u);
}

/* t = digit * 2^(W i) * G for |digit| <= 2^(W-1), by scanning the whole row
 * with masks on the raw limbs (12 words per entry; inlined, no calls). */
static void select_base(zki_jj_precomp *t, int i, int32_t digit)
{
    uint32_t neg = (uint32_t)digit >> 31;               /* 1 if digit < 0 */
    uint32_t mag = (uint32_t)((digit ^ -(int32_t)neg) + (int32_t)neg); /* |digit| */
    uint64_t w[12];
    zki_fr tmp;

    /* identity: (1, 1, 0) */
    memcpy(&w[0], zki_fr_one.v, 32);
    memcpy(&w[4], zki_fr_one.v, 32);
    memset(&w[8], 0, 32);
    for (uint32_t j = 0; j < ZKI_JJ_TABLE_ENTRIES; j++) {
        const zki_jj_precomp *e = &zki_jj_base_table[i][j];
        uint64_t mask = 0 - ct_eq_u32(mag, j + 1);
        for (int k = 0; k < 4; k++) {
            w[k] ^= mask & (w[k] ^ e->ypx.v[k]);
            w[4 + k] ^= mask & (w[4 + k] ^ e->ymx.v[k]);
            w[8 + k] ^= mask & (w[8 + k] ^ e->t2d.v[k]);
        }
    }
    /* -(x, y) = (-x, y): swap y+x and y-x, negate 2dxy */
    uint64_t nm = 0 - (uint64_t)neg;
    for (int k = 0; k < 4; k++) {
        uint64_t d = nm & (w[k] ^ w[4 + k]);
        w[k] ^= d;
        w[4 + k] ^= d;
    }
    memcpy(t->ypx.v, &w[0], 32);
    memcpy(t->ymx.v, &w[4], 32);
    memcpy(t->t2d.v, &w[8], 32);
    zki_fr_neg(&tmp, &t->t2d);
    zki_fr_cmov(&t->t2d, &tmp, neg);
    ZKI_WIPE(tmp);
    ZKI_WIPE(w);
}

void zki_jj_mul_base(zki_jj_point *r, const zki_fs *k)
{
    enum { W = ZKI_JJ_WINDOW_BITS, N = ZKI_JJ_TABLE_WINDOWS };
    int32_t e[N];
    int32_t carry = 0;
    zki_jj_precomp t;

    /* W-bit windows of k (positions are public; k < 2^251). */
    for (int i = 0; i < N; i++) {
        int bit = W * i, limb = bit / 64, sh = bit % 64;
        uint64_t v = k->v[limb] >> sh;
        if (sh + W > 64 && limb + 1 < 4) v |= k->v[limb + 1] << (64 - sh);
        e[i] = (int32_t)(v & ((1u << W) - 1));
    }
    /* Recode to digits in [-2^(W-1), 2^(W-1)); the last one absorbs the carry. */
    for (int i = 0; i < N - 1; i++) {
        e[i] += carry;
        carry = (e[i] + (1 << (W - 1))) >> W; /* the sum is >= 0: a plain shift */
        e[i] -= carry * (1 << W);
    }
    e[N - 1] += carry;

    zki_jj_set_identity(r);
    for (int i = 0; i < N; i++) {
        select_base(&t, i, e[i]);
        zki_jj_madd(r, r, &t);
    }
    ZKI_WIPE(e);
    ZKI_WIPE(t);
    ZKI_WIPE(carry);
}
#endif

/* ---- variable-time multiplication (public scalars only) ----------------- */

/* (Y + X, Y - X, 2d T, 2 Z): a projective point prepared for addition. */
typedef struct { zki_fr ypx, ymx, t2d, z2; } jj_cached;

static void to_cached(jj_cached *c, const zki_jj_point *p)
{
    zki_fr_add(&c->ypx, &p->Y, &p->X);
    zki_fr_sub(&c->ymx, &p->Y, &p->X);
    zki_fr_mul(&c->t2d, &p->T, &zki_jj_d2);
    zki_fr_add(&c->z2, &p->Z, &p->Z);
}

/* r = p + q (sub = 0) or p - q (sub = 1); 8M. */
static void add_cached(zki_jj_point *r, const zki_jj_point *p, const jj_cached *q, int sub)
{
    zki_fr a, b, c, d, e, f, g, h;
    zki_fr_sub(&a, &p->Y, &p->X);
    zki_fr_mul(&a, &a, sub ? &q->ypx : &q->ymx);
    zki_fr_add(&b, &p->Y, &p->X);
    zki_fr_mul(&b, &b, sub ? &q->ymx : &q->ypx);
    zki_fr_mul(&c, &p->T, &q->t2d);
    if (sub) zki_fr_neg(&c, &c);
    zki_fr_mul(&d, &p->Z, &q->z2);
    zki_fr_sub(&e, &b, &a);
    zki_fr_sub(&f, &d, &c);
    zki_fr_add(&g, &d, &c);
    zki_fr_add(&h, &b, &a);
    zki_fr_mul(&r->X, &e, &f);
    zki_fr_mul(&r->Y, &g, &h);
    zki_fr_mul(&r->T, &e, &h);
    zki_fr_mul(&r->Z, &f, &g);
}

/* Width-5 NAF of a 256-bit integer: digits odd in [-15, 15] or 0; returns the
 * number of digits (up to 257). */
static int wnaf5(int8_t naf[257], const uint64_t k[4])
{
    uint64_t x[5] = {k[0], k[1], k[2], k[3], 0};
    int len = 0;
    memset(naf, 0, 257);
    for (int i = 0; i < 257; i++) {
        if (!(x[0] | x[1] | x[2] | x[3] | x[4])) break;
        int d = 0;
        if (x[0] & 1) {
            d = (int)(x[0] & 31);
            if (d > 16) d -= 32;
            /* x -= d */
            if (d > 0) {
                uint64_t borrow = (uint64_t)d;
                for (int j = 0; j < 5 && borrow; j++) {
                    uint64_t old = x[j];
                    x[j] -= borrow;
                    borrow = old < borrow;
                }
            } else {
                uint64_t carry = (uint64_t)(-d);
                for (int j = 0; j < 5 && carry; j++) {
                    x[j] += carry;
                    carry = x[j] < carry;
                }
            }
        }
        naf[i] = (int8_t)d;
        len = i + 1;
        for (int j = 0; j < 4; j++) x[j] = (x[j] >> 1) | (x[j + 1] << 63);
        x[4] >>= 1;
    }
    return len;
}

void zki_jj_mul_var(zki_jj_point *r, const zki_jj_point *p, const uint64_t k[4])
{
    int8_t naf[257];
    jj_cached tab[8]; /* P, 3P, ..., 15P */
    zki_jj_point acc, p2;
    int len = wnaf5(naf, k);

    to_cached(&tab[0], p);
    zki_jj_dbl(&p2, p);
    acc = *p;
    for (int i = 1; i < 8; i++) {
        jj_cached c2;
        to_cached(&c2, &p2);
        add_cached(&acc, &acc, &c2, 0);
        to_cached(&tab[i], &acc);
    }
    zki_jj_set_identity(&acc);
    for (int i = len - 1; i >= 0; i--) {
        zki_jj_dbl(&acc, &acc);
        if (naf[i] > 0) add_cached(&acc, &acc, &tab[naf[i] / 2], 0);
        else if (naf[i] < 0) add_cached(&acc, &acc, &tab[(-naf[i]) / 2], 1);
    }
    *r = acc;
}

int zki_jj_in_subgroup_var(const zki_jj_point *p)
{
    zki_jj_point t;
    zki_jj_mul_var(&t, p, zki_fs_modulus);
    return (int)zki_jj_is_identity(&t);
}

/* ---- encoding ------------------------------------------------------------ */

void zki_jj_compress(uint8_t out[32], const zki_jj_affine *a)
{
    zki_fr_to_bytes_le(out, &a->y);
    out[31] |= (uint8_t)(zki_fr_is_odd(&a->x) << 7);
}

int zki_jj_decompress_var(zki_jj_affine *a, const uint8_t in[32])
{
    uint8_t buf[32];
    zki_fr y2, num, den, x2, x;
    int sign = in[31] >> 7;

    memcpy(buf, in, 32);
    buf[31] &= 0x7f;
    if (!zki_fr_from_bytes_le(&a->y, buf)) goto fail;
    zki_fr_sqr(&y2, &a->y);
    zki_fr_sub(&num, &y2, &zki_fr_one);
    zki_fr_mul(&den, &y2, &zki_jj_d);
    zki_fr_add(&den, &den, &zki_fr_one); /* never 0: -1/d is not a square */
    zki_fr_inv(&den, &den);
    zki_fr_mul(&x2, &num, &den);
    if (!zki_fr_sqrt_var(&x, &x2)) goto fail;
    if ((int)zki_fr_is_odd(&x) != sign) zki_fr_neg(&x, &x);
    a->x = x;
    return 1;
fail:
    memset(a, 0, sizeof *a);
    return 0;
}
