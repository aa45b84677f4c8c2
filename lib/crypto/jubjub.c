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

/* ---- constant-time inversion (Bernstein-Yang divsteps) ------------------- */

/* Values in five signed 62-bit limbs: limbs 0..3 in [0, 2^62), limb 4 signed. */
typedef struct { int64_t l[5]; } s62;

#define M62 ((uint64_t)0x3fffffffffffffffULL)
static const s62 P62 = {{0x03e1f593f0000001LL, 0x20cfa121e6e5c245LL, 0x05045b68181585d2LL,
                         0x19139cb84c680a6eLL, 0x30LL}};
static const uint64_t PINV62 = 0x3d1e0a6c10000001ULL; /* p^-1 mod 2^62 */
/* R^3 mod p: turns the inverse of a Montgomery representation back into one. */
static const zki_fr FR_R3 = {{0x5e94d8e1b4bf0040ULL, 0x2a489cbe1cfbb6b8ULL, 0x893cc664a19fcfedULL,
                              0x0cf8594b7fcc657cULL}};

typedef struct { int64_t u, v, q, r; } trans;

/* 62 divsteps on the low 64 bits of f and g; returns the transition matrix
 * scaled by 2^62. Branch-free: every step uses masks. */
static int64_t divsteps62(int64_t delta, uint64_t f0, uint64_t g0, trans *t)
{
    uint64_t u = 1, v = 0, q = 0, r = 1, d = (uint64_t)delta;
    for (int i = 0; i < 62; i++) {
        uint64_t c1 = 0 - ((0 - d) >> 63);    /* all ones if delta > 0 */
        uint64_t c2 = 0 - (g0 & 1);           /* all ones if g is odd */
        uint64_t m = c1 & c2, x;
        /* if m: (delta, f, g, u, v, q, r) = (-delta, g, -f, q, r, -u, -v) */
        d = (d ^ m) - m;
        x = m & (f0 ^ g0); f0 ^= x; g0 ^= x; g0 = (g0 ^ m) - m;
        x = m & (u ^ q); u ^= x; q ^= x; q = (q ^ m) - m;
        x = m & (v ^ r); v ^= x; r ^= x; r = (r ^ m) - m;
        /* if g is odd: g += f, (q, r) += (u, v) */
        c2 = 0 - (g0 & 1);
        g0 += f0 & c2;
        q += u & c2;
        r += v & c2;
        /* g /= 2, (u, v) *= 2, delta += 1 */
        g0 >>= 1;
        u <<= 1;
        v <<= 1;
        d += 1;
    }
    t->u = (int64_t)u;
    t->v = (int64_t)v;
    t->q = (int64_t)q;
    t->r = (int64_t)r;
    return (int64_t)d;
}

/* (f, g) = ((u f + v g) / 2^62, (q f + r g) / 2^62); exact divisions. */
static void update_fg(s62 *f, s62 *g, const trans *t)
{
    __int128 cf = (__int128)t->u * f->l[0] + (__int128)t->v * g->l[0];
    __int128 cg = (__int128)t->q * f->l[0] + (__int128)t->r * g->l[0];
    cf >>= 62;
    cg >>= 62;
    for (int i = 1; i < 5; i++) {
        cf += (__int128)t->u * f->l[i] + (__int128)t->v * g->l[i];
        cg += (__int128)t->q * f->l[i] + (__int128)t->r * g->l[i];
        f->l[i - 1] = (int64_t)((uint64_t)cf & M62);
        g->l[i - 1] = (int64_t)((uint64_t)cg & M62);
        cf >>= 62;
        cg >>= 62;
    }
    f->l[4] = (int64_t)cf;
    g->l[4] = (int64_t)cg;
}

/* x in (-2p, 2p) (limb 4 signed) -> [0, p); branch-free. */
static void normalize(s62 *x)
{
    for (int pass = 0; pass < 2; pass++) { /* add p while negative (at most twice) */
        uint64_t m = (uint64_t)(x->l[4] >> 63);
        int64_t c = 0;
        for (int i = 0; i < 4; i++) {
            c += x->l[i] + (int64_t)((uint64_t)P62.l[i] & m);
            x->l[i] = (int64_t)((uint64_t)c & M62);
            c >>= 62;
        }
        x->l[4] += c + (int64_t)((uint64_t)P62.l[4] & m);
    }
    for (int pass = 0; pass < 2; pass++) { /* subtract p while >= p */
        s62 t;
        int64_t c = 0;
        for (int i = 0; i < 4; i++) {
            c += x->l[i] - P62.l[i];
            t.l[i] = (int64_t)((uint64_t)c & M62);
            c >>= 62;
        }
        t.l[4] = x->l[4] - P62.l[4] + c;
        uint64_t keep = (uint64_t)(t.l[4] >> 63); /* all ones: x < p, keep x */
        for (int i = 0; i < 5; i++)
            x->l[i] = (int64_t)(((uint64_t)x->l[i] & keep) | ((uint64_t)t.l[i] & ~keep));
    }
}

/* (d, e) = ((u d + v e) / 2^62, (q d + r e) / 2^62) mod p, d and e in [0, p). */
static void update_de(s62 *d, s62 *e, const trans *t)
{
    __int128 cd = (__int128)t->u * d->l[0] + (__int128)t->v * e->l[0];
    __int128 ce = (__int128)t->q * d->l[0] + (__int128)t->r * e->l[0];
    /* add md * p so that the low 62 bits vanish */
    uint64_t md = (0 - (uint64_t)cd * PINV62) & M62;
    uint64_t me = (0 - (uint64_t)ce * PINV62) & M62;
    cd += (__int128)md * P62.l[0];
    ce += (__int128)me * P62.l[0];
    cd >>= 62;
    ce >>= 62;
    for (int i = 1; i < 5; i++) {
        cd += (__int128)t->u * d->l[i] + (__int128)t->v * e->l[i] + (__int128)md * P62.l[i];
        ce += (__int128)t->q * d->l[i] + (__int128)t->r * e->l[i] + (__int128)me * P62.l[i];
        d->l[i - 1] = (int64_t)((uint64_t)cd & M62);
        e->l[i - 1] = (int64_t)((uint64_t)ce & M62);
        cd >>= 62;
        ce >>= 62;
    }
    d->l[4] = (int64_t)cd;
    e->l[4] = (int64_t)ce;
    normalize(d);
    normalize(e);
}

void zki_jj_inv(zki_fr *out, const zki_fr *a)
{
    const uint64_t *v = a->v; /* raw Montgomery limbs: the value a R mod p */
    s62 f = P62, g, d = {{0, 0, 0, 0, 0}}, e = {{1, 0, 0, 0, 0}};
    trans t;
    int64_t delta = 1;
    zki_fr res;

    g.l[0] = (int64_t)(v[0] & M62);
    g.l[1] = (int64_t)(((v[0] >> 62) | (v[1] << 2)) & M62);
    g.l[2] = (int64_t)(((v[1] >> 60) | (v[2] << 4)) & M62);
    g.l[3] = (int64_t)(((v[2] >> 58) | (v[3] << 6)) & M62);
    g.l[4] = (int64_t)(v[3] >> 56);
    /* 12 * 62 = 744 >= 735 divsteps, the bound for 254-bit inputs */
    for (int i = 0; i < 12; i++) {
        uint64_t f0 = (uint64_t)f.l[0] | ((uint64_t)f.l[1] << 62);
        uint64_t g0 = (uint64_t)g.l[0] | ((uint64_t)g.l[1] << 62);
        delta = divsteps62(delta, f0, g0, &t);
        update_fg(&f, &g, &t);
        update_de(&d, &e, &t);
    }
    /* now g = 0 and f = +-1, d a = f: the inverse is d or -d */
    uint64_t neg = (uint64_t)(f.l[4] >> 63);
    res.v[0] = (uint64_t)d.l[0] | ((uint64_t)d.l[1] << 62);
    res.v[1] = ((uint64_t)d.l[1] >> 2) | ((uint64_t)d.l[2] << 60);
    res.v[2] = ((uint64_t)d.l[2] >> 4) | ((uint64_t)d.l[3] << 58);
    res.v[3] = ((uint64_t)d.l[3] >> 6) | ((uint64_t)d.l[4] << 56);
    zki_fr nres;
    zki_fr_neg(&nres, &res);
    zki_fr_cmov(&res, &nres, neg & 1);
    /* res = (a R)^-1; times R^3 / R gives a^-1 R, the Montgomery form of 1/a */
    zki_fr_mul(out, &res, &FR_R3);
    ZKI_WIPE(f);
    ZKI_WIPE(g);
    ZKI_WIPE(d);
    ZKI_WIPE(e);
    ZKI_WIPE(t);
    ZKI_WIPE(res);
    ZKI_WIPE(nres);
}

void zki_jj_to_affine(zki_jj_affine *a, const zki_jj_point *p)
{
    zki_fr zi;
    zki_jj_inv(&zi, &p->Z);
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
    memcpy(&w[0], zki_fr_one.v, sizeof(zki_fr));
    memcpy(&w[4], zki_fr_one.v, sizeof(zki_fr));
    memset(&w[8], 0, sizeof(zki_fr));
#if defined(__GNUC__) || defined(__clang__)
    /* Same scan on 128-bit vectors (GCC/Clang vector extension; SSE2 on x86-64). */
    typedef uint64_t v2 __attribute__((vector_size(16), aligned(8), may_alias));
    v2 a0, a1, a2, a3, a4, a5;
    const v2 *wv = (const v2 *)w;
    a0 = wv[0], a1 = wv[1], a2 = wv[2], a3 = wv[3], a4 = wv[4], a5 = wv[5];
    for (uint32_t j = 0; j < ZKI_JJ_TABLE_ENTRIES; j++) {
        const v2 *e = (const v2 *)&zki_jj_base_table[i][j];
        uint64_t m = 0 - ct_eq_u32(mag, j + 1);
        v2 mask = {m, m};
        a0 ^= mask & (a0 ^ e[0]);
        a1 ^= mask & (a1 ^ e[1]);
        a2 ^= mask & (a2 ^ e[2]);
        a3 ^= mask & (a3 ^ e[3]);
        a4 ^= mask & (a4 ^ e[4]);
        a5 ^= mask & (a5 ^ e[5]);
    }
    v2 *wo = (v2 *)w;
    wo[0] = a0, wo[1] = a1, wo[2] = a2, wo[3] = a3, wo[4] = a4, wo[5] = a5;
#else
    for (uint32_t j = 0; j < ZKI_JJ_TABLE_ENTRIES; j++) {
        const zki_jj_precomp *e = &zki_jj_base_table[i][j];
        uint64_t mask = 0 - ct_eq_u32(mag, j + 1);
        for (int k = 0; k < 4; k++) {
            w[k] ^= mask & (w[k] ^ e->ypx.v[k]);
            w[4 + k] ^= mask & (w[4 + k] ^ e->ymx.v[k]);
            w[8 + k] ^= mask & (w[8 + k] ^ e->t2d.v[k]);
        }
    }
#endif
    /* -(x, y) = (-x, y): swap y+x and y-x, negate 2dxy */
    uint64_t nm = 0 - (uint64_t)neg;
    for (int k = 0; k < 4; k++) {
        uint64_t d = nm & (w[k] ^ w[4 + k]);
        w[k] ^= d;
        w[4 + k] ^= d;
    }
    memcpy(t->ypx.v, &w[0], sizeof(zki_fr));
    memcpy(t->ymx.v, &w[4], sizeof(zki_fr));
    memcpy(t->t2d.v, &w[8], sizeof(zki_fr));
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

void zki_jj_compress(uint8_t out[ZKI_JJ_PACKED_BYTES], const zki_jj_affine *a)
{
    zki_fr_to_bytes_le(out, &a->y);
    out[ZKI_JJ_PACKED_BYTES - 1] |= (uint8_t)(zki_fr_is_odd(&a->x) << 7);
}

int zki_jj_decompress_var(zki_jj_affine *a, const uint8_t in[ZKI_JJ_PACKED_BYTES])
{
    uint8_t buf[ZKI_JJ_PACKED_BYTES];
    zki_fr y2, num, den, x2, x;
    int sign = in[ZKI_JJ_PACKED_BYTES - 1] >> 7;

    memcpy(buf, in, ZKI_JJ_PACKED_BYTES);
    buf[ZKI_JJ_PACKED_BYTES - 1] &= 0x7f;
    if (!zki_fr_from_bytes_le(&a->y, buf)) goto fail;
    zki_fr_sqr(&y2, &a->y);
    zki_fr_sub(&num, &y2, &zki_fr_one);
    zki_fr_mul(&den, &y2, &zki_jj_d);
    zki_fr_add(&den, &den, &zki_fr_one); /* never 0: -1/d is not a square */
    zki_jj_inv(&den, &den);
    zki_fr_mul(&x2, &num, &den);
    if (!zki_fr_sqrt_var(&x, &x2)) goto fail;
    if ((int)zki_fr_is_odd(&x) != sign) zki_fr_neg(&x, &x);
    a->x = x;
    return 1;
fail:
    memset(a, 0, sizeof *a);
    return 0;
}
