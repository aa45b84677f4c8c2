/* BN254 scalar field Fr: Montgomery arithmetic on 4x64-bit limbs.
 *
 * p = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001.
 * p < 2^254, so the top limb leaves two spare bits: the multiplication below
 * is the CIOS loop without the extra carry word, and every intermediate sum
 * stays below 2p. All results are fully reduced by one branch-free
 * conditional subtraction. */
#include "crypto/fr.h"

#include <string.h>

typedef unsigned __int128 u128;

#ifdef ZKS_COUNT_OPS
unsigned long long zki_fr_mul_count;
unsigned long long zki_fr_sqr_count;
#define COUNT_MUL() (zki_fr_mul_count++)
#define COUNT_SQR() (zki_fr_sqr_count++)
#else
#define COUNT_MUL() ((void)0)
#define COUNT_SQR() ((void)0)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FR_INLINE static inline __attribute__((always_inline))
#else
#define FR_INLINE static inline
#endif

#define P0 0x43e1f593f0000001ULL
#define P1 0x2833e84879b97091ULL
#define P2 0xb85045b68181585dULL
#define P3 0x30644e72e131a029ULL
/* -p^-1 mod 2^64 */
#define PINV 0xc2e1f593efffffffULL

static const uint64_t P[4] = {P0, P1, P2, P3};

const zki_fr zki_fr_zero = {{0, 0, 0, 0}};
/* R mod p, R = 2^256 */
const zki_fr zki_fr_one = {{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL,
                            0x0e0a77c19a07df2fULL}};
/* R^2 mod p, to enter Montgomery form */
static const zki_fr FR_R2 = {{0x1bb8e645ae216da7ULL, 0x53fe3ab1e35c59e3ULL, 0x8c49833d53bb8085ULL,
                              0x0216d0b17f4e44a5ULL}};

/* Add with carry. GCC turns chains of 128-bit additions into slow code, so
 * on x86-64 the carry goes through the adc intrinsic; elsewhere plain C. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <x86intrin.h>
FR_INLINE uint64_t adc(unsigned char *c, uint64_t a, uint64_t b)
{
    unsigned long long o;
    *c = _addcarry_u64(*c, a, b, &o);
    return o;
}
#else
FR_INLINE uint64_t adc(unsigned char *c, uint64_t a, uint64_t b)
{
    u128 s = (u128)a + b + *c;
    *c = (unsigned char)(s >> 64);
    return (uint64_t)s;
}
#endif

/* Subtract with borrow, the same way. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
FR_INLINE uint64_t sbb(unsigned char *b, uint64_t x, uint64_t y)
{
    unsigned long long o;
    *b = _subborrow_u64(*b, x, y, &o);
    return o;
}
#else
FR_INLINE uint64_t sbb(unsigned char *b, uint64_t x, uint64_t y)
{
    u128 d = (u128)x - y - *b;
    *b = (unsigned char)((d >> 64) & 1);
    return (uint64_t)d;
}
#endif

/* 64x64 -> 128 multiplication: returns the low word, *hi the high word. */
FR_INLINE uint64_t mulw(uint64_t a, uint64_t b, uint64_t *hi)
{
    u128 t = (u128)a * b;
    *hi = (uint64_t)(t >> 64);
    return (uint64_t)t;
}

/* r = t - p if t >= p else t; t < 2p. Branch-free (borrow mask). */
FR_INLINE void fr_reduce_once(uint64_t r[4], const uint64_t t[4])
{
    unsigned char b = 0;
    const uint64_t t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3];
    uint64_t s0 = sbb(&b, t0, P0);
    uint64_t s1 = sbb(&b, t1, P1);
    uint64_t s2 = sbb(&b, t2, P2);
    uint64_t s3 = sbb(&b, t3, P3);
    /* borrow set means t < p: keep t */
    const uint64_t mask = 0 - (uint64_t)b;
    r[0] = s0 ^ (mask & (s0 ^ t0));
    r[1] = s1 ^ (mask & (s1 ^ t1));
    r[2] = s2 ^ (mask & (s2 ^ t2));
    r[3] = s3 ^ (mask & (s3 ^ t3));
}

/* Constant-time "a < p" on canonical limbs: returns 1 or 0. */
static inline uint64_t lt_p(const uint64_t a[4])
{
    unsigned char b = 0;
    (void)sbb(&b, a[0], P0);
    (void)sbb(&b, a[1], P1);
    (void)sbb(&b, a[2], P2);
    (void)sbb(&b, a[3], P3);
    return b;
}

/* Lazy Montgomery product a*b/R for a, b < 2p; the result is < 2p (not
 * fully reduced). CIOS without the extra carry word: with p < 2^254 the
 * running sum stays below 2^320 even for inputs up to 2p, and the result
 * is below (4p^2 + Rp)/R < 1.76p. */
FR_INLINE void mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    const uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4;
    uint64_t l0, l1, l2, l3, h0, h1, h2, h3, m;
    unsigned char c;
    COUNT_MUL();
#define FR_ROUND(bi)                                                                               \
    l0 = mulw(a0, bi, &h0);                                                                        \
    l1 = mulw(a1, bi, &h1);                                                                        \
    l2 = mulw(a2, bi, &h2);                                                                        \
    l3 = mulw(a3, bi, &h3);                                                                        \
    c = 0;                                                                                         \
    t0 = adc(&c, t0, l0);                                                                          \
    t1 = adc(&c, t1, l1);                                                                          \
    t2 = adc(&c, t2, l2);                                                                          \
    t3 = adc(&c, t3, l3);                                                                          \
    t4 = c;                                                                                        \
    c = 0;                                                                                         \
    t1 = adc(&c, t1, h0);                                                                          \
    t2 = adc(&c, t2, h1);                                                                          \
    t3 = adc(&c, t3, h2);                                                                          \
    t4 = adc(&c, t4, h3);                                                                          \
    m = t0 * PINV;                                                                                 \
    l0 = mulw(m, P0, &h0);                                                                         \
    l1 = mulw(m, P1, &h1);                                                                         \
    l2 = mulw(m, P2, &h2);                                                                         \
    l3 = mulw(m, P3, &h3);                                                                         \
    c = 0;                                                                                         \
    (void)adc(&c, t0, l0); /* low word becomes 0 by the choice of m */                            \
    t1 = adc(&c, t1, l1);                                                                          \
    t2 = adc(&c, t2, l2);                                                                          \
    t3 = adc(&c, t3, l3);                                                                          \
    t4 = adc(&c, t4, 0);                                                                           \
    c = 0;                                                                                         \
    t0 = adc(&c, t1, h0);                                                                          \
    t1 = adc(&c, t2, h1);                                                                          \
    t2 = adc(&c, t3, h2);                                                                          \
    t3 = adc(&c, t4, h3);
    FR_ROUND(b[0])
    FR_ROUND(b[1])
    FR_ROUND(b[2])
    FR_ROUND(b[3])
#undef FR_ROUND
    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
}

/* Lazy Montgomery square a^2/R for a < 2p, result < 2p: the 512-bit square
 * with each cross product computed once, then four reduction rounds on the
 * low half (which fit in four words) and the high half added at the end. */
FR_INLINE void mont_sqr(uint64_t r[4], const uint64_t a[4])
{
    const uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    uint64_t T0, T1, T2, T3, T4, T5, T6, T7;
    uint64_t l, h, l2, h2, l3, h3;
    unsigned char c;
    COUNT_SQR();
    /* cross products a_i*a_j, i < j */
    T1 = mulw(a0, a1, &h);
    l2 = mulw(a0, a2, &h2);
    l3 = mulw(a0, a3, &h3);
    c = 0;
    T2 = adc(&c, h, l2);
    T3 = adc(&c, h2, l3);
    T4 = adc(&c, h3, 0);
    l = mulw(a1, a2, &h);
    l2 = mulw(a1, a3, &h2);
    c = 0;
    T3 = adc(&c, T3, l);
    T4 = adc(&c, T4, h);
    T5 = c;
    c = 0;
    T4 = adc(&c, T4, l2);
    T5 = adc(&c, T5, h2);
    l = mulw(a2, a3, &h);
    c = 0;
    T5 = adc(&c, T5, l);
    T6 = adc(&c, h, 0);
    /* doubled, as an add-with-carry chain (shifts would break the carry flow) */
    c = 0;
    T1 = adc(&c, T1, T1);
    T2 = adc(&c, T2, T2);
    T3 = adc(&c, T3, T3);
    T4 = adc(&c, T4, T4);
    T5 = adc(&c, T5, T5);
    T6 = adc(&c, T6, T6);
    T7 = c;
    /* plus the squares a_i^2 */
    uint64_t d0h, d1l, d1h, d2l, d2h, d3l, d3h;
    T0 = mulw(a0, a0, &d0h);
    d1l = mulw(a1, a1, &d1h);
    d2l = mulw(a2, a2, &d2h);
    d3l = mulw(a3, a3, &d3h);
    c = 0;
    T1 = adc(&c, T1, d0h);
    T2 = adc(&c, T2, d1l);
    T3 = adc(&c, T3, d1h);
    T4 = adc(&c, T4, d2l);
    T5 = adc(&c, T5, d2h);
    T6 = adc(&c, T6, d3l);
    T7 = adc(&c, T7, d3h);
    /* (T_lo + M p)/R, one word at a time: the running value stays < 2^256 */
    uint64_t m, l0, l1, h0, h1, t4;
#define FR_REDC()                                                                                  \
    m = T0 * PINV;                                                                                 \
    l0 = mulw(m, P0, &h0);                                                                         \
    l1 = mulw(m, P1, &h1);                                                                         \
    l2 = mulw(m, P2, &h2);                                                                         \
    l3 = mulw(m, P3, &h3);                                                                         \
    c = 0;                                                                                         \
    (void)adc(&c, T0, l0);                                                                         \
    T1 = adc(&c, T1, l1);                                                                          \
    T2 = adc(&c, T2, l2);                                                                          \
    T3 = adc(&c, T3, l3);                                                                          \
    t4 = c;                                                                                        \
    c = 0;                                                                                         \
    T0 = adc(&c, T1, h0);                                                                          \
    T1 = adc(&c, T2, h1);                                                                          \
    T2 = adc(&c, T3, h2);                                                                          \
    T3 = adc(&c, t4, h3);
    FR_REDC()
    FR_REDC()
    FR_REDC()
    FR_REDC()
#undef FR_REDC
    /* + T_hi: the sum is < 2p < 2^255, no carry out */
    c = 0;
    r[0] = adc(&c, T0, T4);
    r[1] = adc(&c, T1, T5);
    r[2] = adc(&c, T2, T6);
    r[3] = adc(&c, T3, T7);
}


/* 4x4-word schoolbook product into 8 words */
FR_INLINE void mul_wide(uint64_t T[8], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t l0, l1, l2, l3, h0, h1, h2, h3, T0, T1, T2, T3, T4, T5, T6, T7;
    unsigned char c;
    const uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    uint64_t bi = b[0];
    T0 = mulw(a0, bi, &h0);
    l1 = mulw(a1, bi, &h1);
    l2 = mulw(a2, bi, &h2);
    l3 = mulw(a3, bi, &h3);
    c = 0;
    T1 = adc(&c, h0, l1);
    T2 = adc(&c, h1, l2);
    T3 = adc(&c, h2, l3);
    T4 = adc(&c, h3, 0);
#define FR_ROW(bi, A0, A1, A2, A3, A4)                                                             \
    l0 = mulw(a0, bi, &h0);                                                                        \
    l1 = mulw(a1, bi, &h1);                                                                        \
    l2 = mulw(a2, bi, &h2);                                                                        \
    l3 = mulw(a3, bi, &h3);                                                                        \
    c = 0;                                                                                         \
    A0 = adc(&c, A0, l0);                                                                          \
    A1 = adc(&c, A1, l1);                                                                          \
    A2 = adc(&c, A2, l2);                                                                          \
    A3 = adc(&c, A3, l3);                                                                          \
    A4 = adc(&c, 0, 0);                                                                            \
    c = 0;                                                                                         \
    A1 = adc(&c, A1, h0);                                                                          \
    A2 = adc(&c, A2, h1);                                                                          \
    A3 = adc(&c, A3, h2);                                                                          \
    A4 = adc(&c, A4, h3);
    FR_ROW(b[1], T1, T2, T3, T4, T5)
    FR_ROW(b[2], T2, T3, T4, T5, T6)
    FR_ROW(b[3], T3, T4, T5, T6, T7)
#undef FR_ROW
    T[0] = T0;
    T[1] = T1;
    T[2] = T2;
    T[3] = T3;
    T[4] = T4;
    T[5] = T5;
    T[6] = T6;
    T[7] = T7;
}

/* Montgomery reduction of a 512-bit T < p*R: r = T/R mod p, r < 2p. The low
 * half is reduced one word at a time (it stays below 2^256), the high half
 * added at the end. */
FR_INLINE void redc_wide(uint64_t r[4], const uint64_t Tw[8])
{
    uint64_t T0 = Tw[0], T1 = Tw[1], T2 = Tw[2], T3 = Tw[3];
    uint64_t m, l0, l1, l2, l3, h0, h1, h2, h3, t4;
    unsigned char c;
#define FR_REDC()                                                                                  \
    m = T0 * PINV;                                                                                 \
    l0 = mulw(m, P0, &h0);                                                                         \
    l1 = mulw(m, P1, &h1);                                                                         \
    l2 = mulw(m, P2, &h2);                                                                         \
    l3 = mulw(m, P3, &h3);                                                                         \
    c = 0;                                                                                         \
    (void)adc(&c, T0, l0);                                                                         \
    T1 = adc(&c, T1, l1);                                                                          \
    T2 = adc(&c, T2, l2);                                                                          \
    T3 = adc(&c, T3, l3);                                                                          \
    t4 = c;                                                                                        \
    c = 0;                                                                                         \
    T0 = adc(&c, T1, h0);                                                                          \
    T1 = adc(&c, T2, h1);                                                                          \
    T2 = adc(&c, T3, h2);                                                                          \
    T3 = adc(&c, t4, h3);
    FR_REDC()
    FR_REDC()
    FR_REDC()
    FR_REDC()
#undef FR_REDC
    c = 0;
    r[0] = adc(&c, T0, Tw[4]);
    r[1] = adc(&c, T1, Tw[5]);
    r[2] = adc(&c, T2, Tw[6]);
    r[3] = adc(&c, T3, Tw[7]);
}

void zki_fr_dot3(zki_fr *r, const zki_fr a[3], const zki_fr b[3])
{
    /* sum of three 512-bit products (< 3p^2 < pR), then one reduction */
    uint64_t T[8], U[8], t[4];
    unsigned char c;
    mul_wide(T, a[0].v, b[0].v);
    mul_wide(U, a[1].v, b[1].v);
    c = 0;
    for (int i = 0; i < 8; i++) T[i] = adc(&c, T[i], U[i]);
    mul_wide(U, a[2].v, b[2].v);
    c = 0;
    for (int i = 0; i < 8; i++) T[i] = adc(&c, T[i], U[i]);
    redc_wide(t, T);
    fr_reduce_once(r->v, t);
}

void zki_fr_pow5_x3(zki_fr r[3], const zki_fr a[3])
{
    uint64_t t[3][4];
    for (int j = 0; j < 3; j++) mont_sqr(t[j], a[j].v);
    for (int j = 0; j < 3; j++) mont_sqr(t[j], t[j]);
    for (int j = 0; j < 3; j++) mont_mul(t[j], t[j], a[j].v);
    for (int j = 0; j < 3; j++) fr_reduce_once(r[j].v, t[j]);
}

void zki_fr_mul(zki_fr *r, const zki_fr *a, const zki_fr *b)
{
    uint64_t t[4];
    mont_mul(t, a->v, b->v);
    fr_reduce_once(r->v, t);
}

void zki_fr_sqr(zki_fr *r, const zki_fr *a)
{
    uint64_t t[4];
    mont_sqr(t, a->v);
    fr_reduce_once(r->v, t);
}

void zki_fr_add(zki_fr *r, const zki_fr *a, const zki_fr *b)
{
    uint64_t t[4];
    unsigned char c = 0;
    t[0] = adc(&c, a->v[0], b->v[0]);
    t[1] = adc(&c, a->v[1], b->v[1]);
    t[2] = adc(&c, a->v[2], b->v[2]);
    t[3] = adc(&c, a->v[3], b->v[3]);
    /* a + b < 2p < 2^255: no carry out */
    fr_reduce_once(r->v, t);
}

void zki_fr_sub(zki_fr *r, const zki_fr *a, const zki_fr *b)
{
    uint64_t t0, t1, t2, t3;
    unsigned char bw = 0, c = 0;
    t0 = sbb(&bw, a->v[0], b->v[0]);
    t1 = sbb(&bw, a->v[1], b->v[1]);
    t2 = sbb(&bw, a->v[2], b->v[2]);
    t3 = sbb(&bw, a->v[3], b->v[3]);
    const uint64_t mask = 0 - (uint64_t)bw; /* add p back if a < b */
    r->v[0] = adc(&c, t0, P0 & mask);
    r->v[1] = adc(&c, t1, P1 & mask);
    r->v[2] = adc(&c, t2, P2 & mask);
    r->v[3] = adc(&c, t3, P3 & mask);
}

void zki_fr_neg(zki_fr *r, const zki_fr *a)
{
    zki_fr_sub(r, &zki_fr_zero, a);
}

void zki_fr_set_u64(zki_fr *r, uint64_t x)
{
    zki_fr t = {{x, 0, 0, 0}};
    zki_fr_mul(r, &t, &FR_R2);
}

int zki_fr_from_limbs(zki_fr *r, const uint64_t limbs[4])
{
    zki_fr t;
    memcpy(t.v, limbs, sizeof t.v);
    uint64_t ok = lt_p(t.v);
    uint64_t mask = 0 - ok;
    for (int i = 0; i < 4; i++) t.v[i] &= mask;
    zki_fr_mul(r, &t, &FR_R2);
    return (int)ok;
}

int zki_fr_from_bytes_le(zki_fr *r, const uint8_t in[32])
{
    uint64_t l[4];
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 7; j >= 0; j--) w = (w << 8) | in[8 * i + j];
        l[i] = w;
    }
    return zki_fr_from_limbs(r, l);
}

void zki_fr_to_limbs(uint64_t out[4], const zki_fr *a)
{
    /* multiply by 1 (not in Montgomery form) = one Montgomery reduction */
    static const zki_fr raw_one = {{1, 0, 0, 0}};
    zki_fr t;
    zki_fr_mul(&t, a, &raw_one);
    memcpy(out, t.v, sizeof t.v);
}

void zki_fr_to_bytes_le(uint8_t out[32], const zki_fr *a)
{
    uint64_t l[4];
    zki_fr_to_limbs(l, a);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(l[i] >> (8 * j));
}

uint64_t zki_fr_is_zero(const zki_fr *a)
{
    uint64_t x = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return 1 ^ ((x | (0 - x)) >> 63);
}

uint64_t zki_fr_eq(const zki_fr *a, const zki_fr *b)
{
    uint64_t x = (a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3]);
    return 1 ^ ((x | (0 - x)) >> 63);
}

uint64_t zki_fr_is_odd(const zki_fr *a)
{
    uint64_t l[4];
    zki_fr_to_limbs(l, a);
    return l[0] & 1;
}

void zki_fr_cmov(zki_fr *r, const zki_fr *a, uint64_t flag)
{
    uint64_t mask = 0 - (flag & 1);
    for (int i = 0; i < 4; i++) r->v[i] ^= mask & (r->v[i] ^ a->v[i]);
}

/* ---- exponentiation by fixed public exponents ---- */

/* Sliding-window (width 5) schedules for the two fixed exponents, derived
 * from their bits: each step is {squarings, odd multiplier}; the first step
 * starts from x^multiplier. The operation sequence depends only on the
 * (public) exponent, so the exponentiations are constant time in x. */
/* ALPHA_INV: 45 steps */
static const uint8_t CHAIN_ALPHA_INV[][2] = {
    {0, 19}, {5, 11}, {5, 13}, {5, 9}, {5, 9}, {6, 17}, {5, 13}, {9, 19}, {5, 27}, {6, 13},
    {4, 5}, {6, 9}, {7, 27}, {5, 19}, {5, 13}, {6, 23}, {2, 3}, {9, 25}, {3, 7}, {6, 13}, {6, 21},
    {3, 5}, {8, 23}, {4, 5}, {6, 13}, {4, 7}, {7, 23}, {7, 29}, {5, 7}, {5, 5}, {6, 9}, {6, 17},
    {5, 13}, {10, 27}, {5, 19}, {5, 31}, {7, 31}, {5, 27}, {4, 13}, {6, 19}, {8, 25}, {5, 19},
    {7, 25}, {5, 19}, {6, 13},
};
/* P_MINUS_2: 42 steps */
static const uint8_t CHAIN_P_MINUS_2[][2] = {
    {0, 3}, {10, 25}, {8, 19}, {5, 19}, {4, 9}, {4, 7}, {9, 19}, {7, 13}, {10, 5}, {7, 27},
    {1, 1}, {7, 5}, {10, 17}, {6, 27}, {5, 13}, {8, 3}, {11, 21}, {1, 1}, {9, 23}, {5, 9}, {2, 1},
    {10, 25}, {4, 15}, {2, 1}, {8, 9}, {8, 15}, {7, 27}, {4, 9}, {4, 7}, {8, 9}, {6, 5}, {9, 31},
    {9, 31}, {5, 11}, {7, 19}, {5, 29}, {5, 31}, {5, 31}, {5, 31}, {5, 31}, {5, 31}, {2, 3},
};
#define CHAIN_LEN(c) (sizeof(c) / sizeof((c)[0]))

/* tab[i] = a^(2i+1), i < 16, lazy (< 2p) */
FR_INLINE void odd_powers(uint64_t tab[16][4], const uint64_t a[4])
{
    uint64_t a2[4];
    mont_sqr(a2, a);
    memcpy(tab[0], a, sizeof tab[0]);
    for (int i = 1; i < 16; i++) mont_mul(tab[i], tab[i - 1], a2);
}

static void pow_chain(zki_fr *r, const zki_fr *a, const uint8_t (*chain)[2], size_t len)
{
    uint64_t tab[16][4], acc[4];
    odd_powers(tab, a->v);
    memcpy(acc, tab[chain[0][1] >> 1], sizeof acc);
    for (size_t s = 1; s < len; s++) {
        for (unsigned k = 0; k < chain[s][0]; k++) mont_sqr(acc, acc);
        if (chain[s][1]) mont_mul(acc, acc, tab[chain[s][1] >> 1]);
    }
    fr_reduce_once(r->v, acc);
}

void zki_fr_inv(zki_fr *r, const zki_fr *a)
{
    pow_chain(r, a, CHAIN_P_MINUS_2, CHAIN_LEN(CHAIN_P_MINUS_2));
}

void zki_fr_pow5(zki_fr *r, const zki_fr *a)
{
    uint64_t t[4];
    mont_sqr(t, a->v);
    mont_sqr(t, t);
    mont_mul(t, t, a->v);
    fr_reduce_once(r->v, t);
}

void zki_fr_pow_inv5(zki_fr *r, const zki_fr *a)
{
    pow_chain(r, a, CHAIN_ALPHA_INV, CHAIN_LEN(CHAIN_ALPHA_INV));
}

/* Three independent exponentiations stepped together: the three squarings
 * of a step do not depend on each other, so the CPU overlaps them instead
 * of waiting on one long dependency chain. */
static void pow_inv5_x3_portable(zki_fr r[3], const zki_fr a[3])
{
    uint64_t tab[3][16][4], acc[3][4];
    const uint8_t (*chain)[2] = CHAIN_ALPHA_INV;
    for (int j = 0; j < 3; j++) {
        odd_powers(tab[j], a[j].v);
        memcpy(acc[j], tab[j][chain[0][1] >> 1], sizeof acc[j]);
    }
    for (size_t s = 1; s < CHAIN_LEN(CHAIN_ALPHA_INV); s++) {
        for (unsigned k = 0; k < chain[s][0]; k++) {
            mont_sqr(acc[0], acc[0]);
            mont_sqr(acc[1], acc[1]);
            mont_sqr(acc[2], acc[2]);
        }
        const unsigned w = chain[s][1] >> 1; /* never 0: alpha_inv has no zero step */
        mont_mul(acc[0], acc[0], tab[0][w]);
        mont_mul(acc[1], acc[1], tab[1][w]);
        mont_mul(acc[2], acc[2], tab[2][w]);
    }
    for (int j = 0; j < 3; j++) fr_reduce_once(r[j].v, acc[j]);
}

/* Six independent exponentiations stepped together (two Rescue states in
 * lockstep): twice the independent work per step for the CPU to overlap. */
static void pow_inv5_x6_portable(zki_fr r[6], const zki_fr a[6])
{
    uint64_t tab[6][16][4], acc[6][4];
    const uint8_t (*chain)[2] = CHAIN_ALPHA_INV;
    for (int j = 0; j < 6; j++) {
        odd_powers(tab[j], a[j].v);
        memcpy(acc[j], tab[j][chain[0][1] >> 1], sizeof acc[j]);
    }
    for (size_t s = 1; s < CHAIN_LEN(CHAIN_ALPHA_INV); s++) {
        for (unsigned k = 0; k < chain[s][0]; k++) {
            mont_sqr(acc[0], acc[0]);
            mont_sqr(acc[1], acc[1]);
            mont_sqr(acc[2], acc[2]);
            mont_sqr(acc[3], acc[3]);
            mont_sqr(acc[4], acc[4]);
            mont_sqr(acc[5], acc[5]);
        }
        const unsigned w = chain[s][1] >> 1;
        mont_mul(acc[0], acc[0], tab[0][w]);
        mont_mul(acc[1], acc[1], tab[1][w]);
        mont_mul(acc[2], acc[2], tab[2][w]);
        mont_mul(acc[3], acc[3], tab[3][w]);
        mont_mul(acc[4], acc[4], tab[4][w]);
        mont_mul(acc[5], acc[5], tab[5][w]);
    }
    for (int j = 0; j < 6; j++) fr_reduce_once(r[j].v, acc[j]);
}

void zki_fr_pow_inv5_x6_portable(zki_fr r[6], const zki_fr a[6])
{
    pow_inv5_x6_portable(r, a);
}

void zki_fr_pow5_x6(zki_fr r[6], const zki_fr a[6])
{
    uint64_t t[6][4];
    for (int j = 0; j < 6; j++) mont_sqr(t[j], a[j].v);
    for (int j = 0; j < 6; j++) mont_sqr(t[j], t[j]);
    for (int j = 0; j < 6; j++) mont_mul(t[j], t[j], a[j].v);
    for (int j = 0; j < 6; j++) fr_reduce_once(r[j].v, t[j]);
}


/* t = t/2 mod p for canonical t: add p if odd, shift right. Branch-free. */
FR_INLINE void fr_half(uint64_t t[4])
{
    uint64_t mask = 0 - (t[0] & 1), s[4];
    unsigned char c = 0;
    for (int i = 0; i < 4; i++) s[i] = adc(&c, t[i], P[i] & mask);
    for (int i = 0; i < 3; i++) t[i] = (s[i] >> 1) | (s[i + 1] << 63);
    t[3] = (s[3] >> 1) | ((uint64_t)c << 63);
}
/* ---- optional AVX-512 IFMA path for pow_inv5_x3 ---- */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(ZKS_NO_IFMA)
#define FR_HAVE_IFMA 1
#include <immintrin.h>

#define IFMA_TARGET __attribute__((target("avx512f,avx512vl,avx512ifma")))
#define IFMA_INLINE static inline __attribute__((always_inline)) IFMA_TARGET
typedef __m256i vec;
#define M52 0xfffffffffffffULL
#define LO(acc, x, y) _mm256_madd52lo_epu64((acc), (x), (y))
#define HI(acc, x, y) _mm256_madd52hi_epu64((acc), (x), (y))

/* p in radix 2^52 and -p^-1 mod 2^52 */
#define Q0 0x1f593f0000001ULL
#define Q1 0x4879b9709143eULL
#define Q2 0x181585d2833e8ULL
#define Q3 0xa029b85045b68ULL
#define Q4 0x30644e72e131ULL
#define QINV 0x1f593efffffffULL

/* Montgomery reduction of the 10-limb t (t0..t9 in scope) by R' = 2^260, then
 * normalisation of t5..t9 to 52-bit limbs: r = t / R' mod p, below 1.02p for
 * inputs below 2p. The five quotient digits depend on each other, so the
 * step keeps that path short: the two products feeding the next digit go to
 * fresh accumulators, and the low product m*q0 is not computed at all
 * (t + lo(m*q0) is a multiple of 2^52, so its carry is (t + 2^52 - 1) >> 52). */
#define VADD(a, b) _mm256_add_epi64((a), (b))
#define IFMA_REDC_STEP(A0, A1, A2, A3, A4, A5)                                                         \
    m = LO(z, A0, qinv);                                                                           \
    c = _mm256_srli_epi64(VADD(A0, mask), 52);                                                     \
    u = HI(z, m, q0);                                                                              \
    A1 = VADD(LO(VADD(A1, c), m, q1), u);                                                          \
    A2 = LO(HI(A2, m, q1), m, q2);                                                                 \
    A3 = LO(HI(A3, m, q2), m, q3);                                                                 \
    A4 = LO(HI(A4, m, q3), m, q4);                                                                 \
    A5 = HI(A5, m, q4);
#define IFMA_REDC_ALL(r)                                                                               \
    do {                                                                                           \
        const vec qinv = _mm256_set1_epi64x((long long)QINV);                                      \
        const vec q0 = _mm256_set1_epi64x((long long)Q0), q1 = _mm256_set1_epi64x((long long)Q1);   \
        const vec q2 = _mm256_set1_epi64x((long long)Q2), q3 = _mm256_set1_epi64x((long long)Q3);   \
        const vec q4 = _mm256_set1_epi64x((long long)Q4);                                          \
        const vec mask = _mm256_set1_epi64x((long long)M52);                                       \
        vec m, c, u;                                                                               \
        IFMA_REDC_STEP(t0, t1, t2, t3, t4, t5)                                                         \
        IFMA_REDC_STEP(t1, t2, t3, t4, t5, t6)                                                         \
        IFMA_REDC_STEP(t2, t3, t4, t5, t6, t7)                                                         \
        IFMA_REDC_STEP(t3, t4, t5, t6, t7, t8)                                                         \
        IFMA_REDC_STEP(t4, t5, t6, t7, t8, t9)                                                         \
        /* carries only: the limbs keep their high bits, which the multiply-adds                 \
         * ignore (they read 52 bits); ifma_unpack masks them */                                  \
        t6 = VADD(t6, _mm256_srli_epi64(t5, 52));                                                  \
        r[0] = t5;                                                                                 \
        t7 = VADD(t7, _mm256_srli_epi64(t6, 52));                                                  \
        r[1] = t6;                                                                                 \
        t8 = VADD(t8, _mm256_srli_epi64(t7, 52));                                                  \
        r[2] = t7;                                                                                 \
        t9 = VADD(t9, _mm256_srli_epi64(t8, 52));                                                  \
        r[3] = t8;                                                                                 \
        r[4] = t9;                                                                                 \
    } while (0)

/* Three Montgomery products at once (lanes 0..2), radix 2^52, R' = 2^260.
 * Limbs of a and b below 2^52, values below 2p. The terms of each product
 * limb go to short independent chains that are summed, which keeps the
 * latency low (a single chain per limb would be ten multiply-adds long). */
IFMA_INLINE void ifma_mul3(vec r[5], const vec a[5], const vec b[5])
{
    const vec z = _mm256_setzero_si256();
    const vec a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    const vec b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
    vec x0_0 = LO(z, a0, b0);
    vec t0 = x0_0;
    vec x1_0 = LO(HI(z, a0, b0), a0, b1);
    vec x1_1 = LO(z, a1, b0);
    x1_0 = VADD(x1_0, x1_1);
    vec t1 = x1_0;
    vec x2_0 = LO(HI(z, a0, b1), a0, b2);
    vec x2_1 = LO(HI(z, a1, b0), a1, b1);
    vec x2_2 = LO(z, a2, b0);
    x2_0 = VADD(x2_0, x2_1);
    x2_0 = VADD(x2_0, x2_2);
    vec t2 = x2_0;
    vec x3_0 = LO(HI(z, a0, b2), a0, b3);
    vec x3_1 = LO(HI(z, a1, b1), a1, b2);
    vec x3_2 = LO(HI(z, a2, b0), a2, b1);
    vec x3_3 = LO(z, a3, b0);
    x3_0 = VADD(x3_0, x3_1);
    x3_2 = VADD(x3_2, x3_3);
    x3_0 = VADD(x3_0, x3_2);
    vec t3 = x3_0;
    vec x4_0 = LO(HI(z, a0, b3), a0, b4);
    vec x4_1 = LO(HI(z, a1, b2), a1, b3);
    vec x4_2 = LO(HI(z, a2, b1), a2, b2);
    vec x4_3 = LO(HI(z, a3, b0), a3, b1);
    vec x4_4 = LO(z, a4, b0);
    x4_0 = VADD(x4_0, x4_1);
    x4_2 = VADD(x4_2, x4_3);
    x4_0 = VADD(x4_0, x4_2);
    x4_0 = VADD(x4_0, x4_4);
    vec t4 = x4_0;
    vec x5_0 = HI(HI(z, a0, b4), a1, b3);
    vec x5_1 = HI(LO(z, a1, b4), a2, b2);
    vec x5_2 = HI(LO(z, a2, b3), a3, b1);
    vec x5_3 = HI(LO(z, a3, b2), a4, b0);
    vec x5_4 = LO(z, a4, b1);
    x5_0 = VADD(x5_0, x5_1);
    x5_2 = VADD(x5_2, x5_3);
    x5_0 = VADD(x5_0, x5_2);
    x5_0 = VADD(x5_0, x5_4);
    vec t5 = x5_0;
    vec x6_0 = HI(HI(z, a1, b4), a2, b3);
    vec x6_1 = HI(LO(z, a2, b4), a3, b2);
    vec x6_2 = HI(LO(z, a3, b3), a4, b1);
    vec x6_3 = LO(z, a4, b2);
    x6_0 = VADD(x6_0, x6_1);
    x6_2 = VADD(x6_2, x6_3);
    x6_0 = VADD(x6_0, x6_2);
    vec t6 = x6_0;
    vec x7_0 = HI(HI(z, a2, b4), a3, b3);
    vec x7_1 = HI(LO(z, a3, b4), a4, b2);
    vec x7_2 = LO(z, a4, b3);
    x7_0 = VADD(x7_0, x7_1);
    x7_0 = VADD(x7_0, x7_2);
    vec t7 = x7_0;
    vec x8_0 = HI(HI(z, a3, b4), a4, b3);
    vec x8_1 = LO(z, a4, b4);
    x8_0 = VADD(x8_0, x8_1);
    vec t8 = x8_0;
    vec x9_0 = HI(z, a4, b4);
    vec t9 = x9_0;
    IFMA_REDC_ALL(r);
}

/* Three squarings at once: each cross product once, in short independent
 * chains, doubled, plus the squares. */
IFMA_INLINE void ifma_sqr3(vec r[5], const vec a[5])
{
    const vec z = _mm256_setzero_si256();
    const vec a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    vec t0, t1, t2, t3, t4, t5, t6, t7, t8, t9;
    /* cross products: the low limbs (consumed first by the reduction) from
     * parallel products and adds, the high ones in short chains */
    vec x1 = LO(z, a0, a1);
    vec x2 = VADD(HI(z, a0, a1), LO(z, a0, a2));
    vec x3 = VADD(HI(z, a0, a2), VADD(LO(z, a0, a3), LO(z, a1, a2)));
    vec x4 = VADD(LO(HI(z, a0, a3), a0, a4), LO(HI(z, a1, a2), a1, a3));
    vec x5 = VADD(HI(HI(z, a0, a4), a1, a3), LO(LO(z, a1, a4), a2, a3));
    vec x6 = VADD(HI(HI(z, a1, a4), a2, a3), LO(z, a2, a4));
    vec x7 = LO(HI(z, a2, a4), a3, a4);
    vec x8 = HI(z, a3, a4);
    /* doubled, plus the squares */
    t0 = LO(z, a0, a0);
    t1 = VADD(VADD(x1, x1), HI(z, a0, a0));
    t2 = VADD(VADD(x2, x2), LO(z, a1, a1));
    t3 = VADD(VADD(x3, x3), HI(z, a1, a1));
    t4 = LO(VADD(x4, x4), a2, a2);
    t5 = HI(VADD(x5, x5), a2, a2);
    t6 = LO(VADD(x6, x6), a3, a3);
    t7 = HI(VADD(x7, x7), a3, a3);
    t8 = LO(VADD(x8, x8), a4, a4);
    t9 = HI(z, a4, a4);
    IFMA_REDC_ALL(r);
}

/* Radix-2^52 limbs of three values (< 2^256) in lanes 0..2. */
IFMA_INLINE void ifma_pack(vec r[5], const uint64_t x[3][4])
{
    uint64_t l[5][4] = {{0}};
    for (int k = 0; k < 3; k++) {
        const uint64_t *a = x[k];
        l[0][k] = a[0] & M52;
        l[1][k] = ((a[0] >> 52) | (a[1] << 12)) & M52;
        l[2][k] = ((a[1] >> 40) | (a[2] << 24)) & M52;
        l[3][k] = ((a[2] >> 28) | (a[3] << 36)) & M52;
        l[4][k] = a[3] >> 16;
    }
    for (int j = 0; j < 5; j++) r[j] = _mm256_loadu_si256((const void *)l[j]);
}

IFMA_INLINE void ifma_unpack(uint64_t x[3][4], const vec r[5])
{
    uint64_t l[5][4];
    for (int j = 0; j < 5; j++) _mm256_storeu_si256((void *)l[j], r[j]);
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 3; k++) l[j][k] &= M52; /* limbs leave the products unmasked */
    for (int k = 0; k < 3; k++) {
        x[k][0] = l[0][k] | (l[1][k] << 52);
        x[k][1] = (l[1][k] >> 12) | (l[2][k] << 40);
        x[k][2] = (l[2][k] >> 24) | (l[3][k] << 28);
        x[k][3] = (l[3][k] >> 36) | (l[4][k] << 16);
    }
}

/* x^alpha_inv of the three lanes, in the IFMA domain (x*2^260, inputs below
 * about 2.1p), with the same schedule as the portable code. */
IFMA_INLINE void ifma_inv5_core(vec acc[5], const vec x[5])
{
    vec tab[16][5], a2[5];
    memcpy(tab[0], x, sizeof tab[0]);
    /* tab[i] = a^(2i+1) by a shallow tree (depth 5 instead of 16), so the
     * first multiplier of the chain is ready early:
     * a^2, a^3, a^4 -> a^5, a^7; a^8 -> a^9..a^15; a^16 -> a^17..a^31 */
    {
        vec a4[5], a8[5], a16[5];
        ifma_sqr3(a2, tab[0]);
        ifma_mul3(tab[1], tab[0], a2);
        ifma_sqr3(a4, a2);
        ifma_mul3(tab[2], tab[0], a4);
        ifma_mul3(tab[3], tab[1], a4);
        ifma_sqr3(a8, a4);
        for (int i = 4; i < 8; i++) ifma_mul3(tab[i], tab[i - 4], a8);
        ifma_sqr3(a16, a8);
        for (int i = 8; i < 16; i++) ifma_mul3(tab[i], tab[i - 8], a16);
    }
    {
        /* the running value in locals, so it stays in registers */
        const vec *t0 = tab[CHAIN_ALPHA_INV[0][1] >> 1];
        vec c0 = t0[0], c1 = t0[1], c2 = t0[2], c3 = t0[3], c4 = t0[4];
        for (size_t s = 1; s < CHAIN_LEN(CHAIN_ALPHA_INV); s++) {
            for (unsigned k = 0; k < CHAIN_ALPHA_INV[s][0]; k++) {
                vec in[5] = {c0, c1, c2, c3, c4}, out[5];
                ifma_sqr3(out, in);
                c0 = out[0], c1 = out[1], c2 = out[2], c3 = out[3], c4 = out[4];
            }
            vec in[5] = {c0, c1, c2, c3, c4}, out[5];
            ifma_mul3(out, in, tab[CHAIN_ALPHA_INV[s][1] >> 1]);
            c0 = out[0], c1 = out[1], c2 = out[2], c3 = out[3], c4 = out[4];
        }
        acc[0] = c0, acc[1] = c1, acc[2] = c2, acc[3] = c3, acc[4] = c4;
    }
}

/* ifma_inv5_core on two independent vectors (two Rescue states), stepped
 * together so the latency-bound chain of one hides the other's. */
IFMA_INLINE void ifma_inv5_core2(vec acc[5], vec accb[5], const vec x[5], const vec xb[5])
{
    vec tab[16][5], tabb[16][5], a2[5], a2b[5];
    memcpy(tab[0], x, sizeof tab[0]);
    memcpy(tabb[0], xb, sizeof tabb[0]);
    {
        vec a4[5], a8[5], a16[5], a4b[5], a8b[5], a16b[5];
        ifma_sqr3(a2, tab[0]);
        ifma_sqr3(a2b, tabb[0]);
        ifma_mul3(tab[1], tab[0], a2);
        ifma_mul3(tabb[1], tabb[0], a2b);
        ifma_sqr3(a4, a2);
        ifma_sqr3(a4b, a2b);
        ifma_mul3(tab[2], tab[0], a4);
        ifma_mul3(tabb[2], tabb[0], a4b);
        ifma_mul3(tab[3], tab[1], a4);
        ifma_mul3(tabb[3], tabb[1], a4b);
        ifma_sqr3(a8, a4);
        ifma_sqr3(a8b, a4b);
        for (int i = 4; i < 8; i++) {
            ifma_mul3(tab[i], tab[i - 4], a8);
            ifma_mul3(tabb[i], tabb[i - 4], a8b);
        }
        ifma_sqr3(a16, a8);
        ifma_sqr3(a16b, a8b);
        for (int i = 8; i < 16; i++) {
            ifma_mul3(tab[i], tab[i - 8], a16);
            ifma_mul3(tabb[i], tabb[i - 8], a16b);
        }
    }
    {
        const vec *t0 = tab[CHAIN_ALPHA_INV[0][1] >> 1];
        const vec *t0b = tabb[CHAIN_ALPHA_INV[0][1] >> 1];
        vec c0 = t0[0], c1 = t0[1], c2 = t0[2], c3 = t0[3], c4 = t0[4];
        vec d0 = t0b[0], d1 = t0b[1], d2 = t0b[2], d3 = t0b[3], d4 = t0b[4];
        for (size_t s = 1; s < CHAIN_LEN(CHAIN_ALPHA_INV); s++) {
            for (unsigned k = 0; k < CHAIN_ALPHA_INV[s][0]; k++) {
                vec in[5] = {c0, c1, c2, c3, c4}, out[5];
                vec inb[5] = {d0, d1, d2, d3, d4}, outb[5];
                ifma_sqr3(out, in);
                ifma_sqr3(outb, inb);
                c0 = out[0], c1 = out[1], c2 = out[2], c3 = out[3], c4 = out[4];
                d0 = outb[0], d1 = outb[1], d2 = outb[2], d3 = outb[3], d4 = outb[4];
            }
            const unsigned w = CHAIN_ALPHA_INV[s][1] >> 1;
            vec in[5] = {c0, c1, c2, c3, c4}, out[5];
            vec inb[5] = {d0, d1, d2, d3, d4}, outb[5];
            ifma_mul3(out, in, tab[w]);
            ifma_mul3(outb, inb, tabb[w]);
            c0 = out[0], c1 = out[1], c2 = out[2], c3 = out[3], c4 = out[4];
            d0 = outb[0], d1 = outb[1], d2 = outb[2], d3 = outb[3], d4 = outb[4];
        }
        acc[0] = c0, acc[1] = c1, acc[2] = c2, acc[3] = c3, acc[4] = c4;
        accb[0] = d0, accb[1] = d1, accb[2] = d2, accb[3] = d3, accb[4] = d4;
    }
}

/* pow_inv5 of three elements. Our elements are a*2^256; the IFMA domain
 * wants a*2^260, so multiply by 16 on the way in and halve four times on the
 * way out. */
IFMA_TARGET static void ifma_pow_inv5_x3(zki_fr r[3], const zki_fr a[3])
{
    uint64_t x[3][4];
    vec in[5], acc[5];
    for (int k = 0; k < 3; k++) {
        zki_fr t = a[k];
        for (int d = 0; d < 4; d++) zki_fr_add(&t, &t, &t);
        memcpy(x[k], t.v, sizeof x[k]);
    }
    ifma_pack(in, x);
    ifma_inv5_core(acc, in);
    ifma_unpack(x, acc);
    for (int k = 0; k < 3; k++) {
        uint64_t t[4];
        fr_reduce_once(t, x[k]); /* result was < 1.02p */
        for (int d = 0; d < 4; d++) fr_half(t);
        memcpy(r[k].v, t, sizeof t);
    }
}

/* ---- the whole Rescue permutation in the IFMA domain ---- */

/* Radix-2^52 constant in all lanes. */
IFMA_INLINE void ifma_const(vec r[5], const uint64_t c[5])
{
    for (int j = 0; j < 5; j++) r[j] = _mm256_set1_epi64x((long long)c[j]);
}

/* 2^264 mod p: a Montgomery product with it takes x*2^256 to x*2^260. */
static const uint64_t IFMA_TO_DOMAIN[5] = {0x31f8c9ffffab6ULL, 0xac31329faef6eULL, 0x9e2a3495d7570ULL,
                                           0xe357276f48b70ULL, 0xd791464ef86ULL};
/* 2^256 mod p: a Montgomery product with it takes x*2^260 back to x*2^256. */
static const uint64_t IFMA_FROM_DOMAIN[5] = {0x6341c4ffffffbULL, 0x959f60cd29ac9ULL, 0x879462e36fc76ULL,
                                             0xdf2f666ea36f7ULL, 0xe0a77c19a07ULL};

/* Three field elements (x*2^256, < 2^256) into the IFMA domain. */
IFMA_INLINE void ifma_enter(vec r[5], const zki_fr e[3])
{
    uint64_t x[3][4];
    vec in[5], k[5];
    for (int i = 0; i < 3; i++) memcpy(x[i], e[i].v, sizeof x[i]);
    ifma_pack(in, x);
    ifma_const(k, IFMA_TO_DOMAIN);
    ifma_mul3(r, in, k);
}

/* r = a + b, lazily (no reduction), with limbs brought back below 2^52 by
 * carries; the inputs' limbs may carry already-propagated high bits. */
IFMA_INLINE void ifma_add(vec r[5], const vec a[5], const vec b[5])
{
    const vec mask = _mm256_set1_epi64x((long long)M52);
    vec s0 = VADD(_mm256_and_si256(a[0], mask), _mm256_and_si256(b[0], mask));
    vec s1 = VADD(_mm256_and_si256(a[1], mask), _mm256_and_si256(b[1], mask));
    vec s2 = VADD(_mm256_and_si256(a[2], mask), _mm256_and_si256(b[2], mask));
    vec s3 = VADD(_mm256_and_si256(a[3], mask), _mm256_and_si256(b[3], mask));
    vec s4 = VADD(a[4], b[4]);
    s1 = VADD(s1, _mm256_srli_epi64(s0, 52));
    s2 = VADD(s2, _mm256_srli_epi64(s1, 52));
    s3 = VADD(s3, _mm256_srli_epi64(s2, 52));
    s4 = VADD(s4, _mm256_srli_epi64(s3, 52));
    r[0] = s0, r[1] = s1, r[2] = s2, r[3] = s3, r[4] = s4;
}

/* The 10 product limbs of a*b (unreduced), added into t. */
IFMA_INLINE void ifma_prod_acc(vec t[10], const vec a[5], const vec b[5])
{
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            t[i + j] = LO(t[i + j], a[i], b[j]);
            t[i + j + 1] = HI(t[i + j + 1], a[i], b[j]);
        }
}

/* Lane j of r = sum_k col[k] (lane j) * s (lane k): the MDS product, with one
 * reduction. col[k] holds column k of the matrix. */
IFMA_INLINE void ifma_mds(vec r[5], const vec col[3][5], const vec s[5])
{
    vec b0[5], b1[5], b2[5], pa[10], pb[10], pc[10];
    for (int j = 0; j < 5; j++) {
        b0[j] = _mm256_permute4x64_epi64(s[j], 0x00);
        b1[j] = _mm256_permute4x64_epi64(s[j], 0x55);
        b2[j] = _mm256_permute4x64_epi64(s[j], 0xaa);
    }
    for (int j = 0; j < 10; j++) pa[j] = pb[j] = pc[j] = _mm256_setzero_si256();
    /* three independent accumulations (shorter chains), then summed */
    ifma_prod_acc(pa, col[0], b0);
    ifma_prod_acc(pb, col[1], b1);
    ifma_prod_acc(pc, col[2], b2);
    for (int j = 0; j < 10; j++) pa[j] = VADD(pa[j], VADD(pb[j], pc[j]));
    {
        const vec z = _mm256_setzero_si256();
        vec t0 = pa[0], t1 = pa[1], t2 = pa[2], t3 = pa[3], t4 = pa[4];
        vec t5 = pa[5], t6 = pa[6], t7 = pa[7], t8 = pa[8], t9 = pa[9];
        IFMA_REDC_ALL(r);
    }
}

/* a^5 of the three lanes */
IFMA_INLINE void ifma_pow5(vec r[5], const vec a[5])
{
    vec t[5];
    ifma_sqr3(t, a);
    ifma_sqr3(t, t);
    ifma_mul3(r, t, a);
}

IFMA_TARGET static void ifma_rescue_perm(zki_fr state[3], const zki_fr rc[45][3], const zki_fr mds[3][3])
{
    vec s[5], t[5], c[5], m[3][5];
    uint64_t x[3][4];
    /* matrix columns: lane j of m[k] = mds[j][k] */
    for (int k = 0; k < 3; k++) {
        const zki_fr col[3] = {mds[0][k], mds[1][k], mds[2][k]};
        ifma_enter(m[k], col);
    }
    ifma_enter(s, state);
    ifma_enter(c, rc[0]);
    ifma_add(s, s, c);
    for (int i = 0; i < 44; i += 2) {
        ifma_inv5_core(t, s);
        ifma_mds(s, m, t);
        ifma_enter(c, rc[i + 1]);
        ifma_add(s, s, c);
        ifma_pow5(t, s);
        ifma_mds(s, m, t);
        ifma_enter(c, rc[i + 2]);
        ifma_add(s, s, c);
    }
    /* back to x*2^256 (below 1.1p), then canonical */
    ifma_const(c, IFMA_FROM_DOMAIN);
    ifma_mul3(t, s, c);
    ifma_unpack(x, t);
    for (int k = 0; k < 3; k++) fr_reduce_once(state[k].v, x[k]);
}

/* Two independent permutations in lockstep (same steps as ifma_rescue_perm
 * on each state). */
IFMA_TARGET static void ifma_rescue_perm2(zki_fr sa[3], zki_fr sb[3], const zki_fr rc[45][3],
                                          const zki_fr mds[3][3])
{
    vec s[5], t[5], sB[5], tB[5], c[5], m[3][5];
    uint64_t x[3][4];
    for (int k = 0; k < 3; k++) {
        const zki_fr col[3] = {mds[0][k], mds[1][k], mds[2][k]};
        ifma_enter(m[k], col);
    }
    ifma_enter(s, sa);
    ifma_enter(sB, sb);
    ifma_enter(c, rc[0]);
    ifma_add(s, s, c);
    ifma_add(sB, sB, c);
    for (int i = 0; i < 44; i += 2) {
        ifma_inv5_core2(t, tB, s, sB);
        ifma_mds(s, m, t);
        ifma_mds(sB, m, tB);
        ifma_enter(c, rc[i + 1]);
        ifma_add(s, s, c);
        ifma_add(sB, sB, c);
        ifma_sqr3(t, s);
        ifma_sqr3(tB, sB);
        ifma_sqr3(t, t);
        ifma_sqr3(tB, tB);
        ifma_mul3(t, t, s);
        ifma_mul3(tB, tB, sB);
        ifma_mds(s, m, t);
        ifma_mds(sB, m, tB);
        ifma_enter(c, rc[i + 2]);
        ifma_add(s, s, c);
        ifma_add(sB, sB, c);
    }
    ifma_const(c, IFMA_FROM_DOMAIN);
    ifma_mul3(t, s, c);
    ifma_mul3(tB, sB, c);
    ifma_unpack(x, t);
    for (int k = 0; k < 3; k++) fr_reduce_once(sa[k].v, x[k]);
    ifma_unpack(x, tB);
    for (int k = 0; k < 3; k++) fr_reduce_once(sb[k].v, x[k]);
}

static int ifma_usable(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512ifma");
}
#endif /* FR_HAVE_IFMA */

int zki_fr_ifma_available(void)
{
#ifdef FR_HAVE_IFMA
    return ifma_usable();
#else
    return 0;
#endif
}

int zki_fr_rescue_perm_ifma(zki_fr state[3], const zki_fr rc[45][3], const zki_fr mds[3][3])
{
#ifdef FR_HAVE_IFMA
    if (ifma_usable()) {
        ifma_rescue_perm(state, rc, mds);
        return 1;
    }
#endif
    (void)state, (void)rc, (void)mds;
    return 0;
}

int zki_fr_rescue_perm2_ifma(zki_fr sa[3], zki_fr sb[3], const zki_fr rc[45][3],
                             const zki_fr mds[3][3])
{
#ifdef FR_HAVE_IFMA
    if (ifma_usable()) {
        ifma_rescue_perm2(sa, sb, rc, mds);
        return 1;
    }
#endif
    (void)sa, (void)sb, (void)rc, (void)mds;
    return 0;
}

void zki_fr_pow_inv5_x3_portable(zki_fr r[3], const zki_fr a[3])
{
    pow_inv5_x3_portable(r, a);
}

void zki_fr_pow_inv5_x3(zki_fr r[3], const zki_fr a[3])
{
#ifdef FR_HAVE_IFMA
    if (ifma_usable()) {
        ifma_pow_inv5_x3(r, a);
        return;
    }
#endif
    pow_inv5_x3_portable(r, a);
}

/* ---- square root (Tonelli-Shanks, p - 1 = q * 2^28) ---- */

static const uint64_t EXP_Q_MINUS_1_HALF[4] = {0xcdcb848a1f0fac9fULL, 0x0c0ac2e9419f4243ULL,
                                               0x098d014dc2822db4ULL, 0x0000000183227397ULL};
/* 5^q in Montgomery form: a primitive 2^28-th root of unity (5 is a non-residue) */
static const zki_fr FR_ROOT_2_28 = {{0x636e735580d13d9cULL, 0xa22bf3742445ffd6ULL,
                                     0x56452ac01eb203d8ULL, 0x1860ef942963f9e7ULL}};

/* a^e by plain square-and-multiply; variable time (public data only) */
static void pow_var(zki_fr *r, const zki_fr *a, const uint64_t e[4])
{
    zki_fr acc = zki_fr_one;
    for (int bit = 255; bit >= 0; bit--) {
        zki_fr_sqr(&acc, &acc);
        if ((e[bit / 64] >> (bit % 64)) & 1) zki_fr_mul(&acc, &acc, a);
    }
    *r = acc;
}

int zki_fr_sqrt_var(zki_fr *r, const zki_fr *a)
{
    zki_fr w, x, b, z, t;
    if (zki_fr_is_zero(a)) {
        *r = zki_fr_zero;
        return 1;
    }
    /* w = a^((q-1)/2), x = a*w = a^((q+1)/2), b = x*w = a^q */
    pow_var(&w, a, EXP_Q_MINUS_1_HALF);
    zki_fr_mul(&x, a, &w);
    zki_fr_mul(&b, &x, &w);
    z = FR_ROOT_2_28;
    unsigned v = 28;
    while (!zki_fr_eq(&b, &zki_fr_one)) {
        /* least k with b^(2^k) = 1 */
        unsigned k = 0;
        t = b;
        while (!zki_fr_eq(&t, &zki_fr_one)) {
            zki_fr_sqr(&t, &t);
            k++;
            if (k >= v) {
                *r = zki_fr_zero;
                return 0; /* not a square */
            }
        }
        /* w = z^(2^(v-k-1)) */
        w = z;
        for (unsigned j = 0; j < v - k - 1; j++) zki_fr_sqr(&w, &w);
        zki_fr_sqr(&z, &w);
        zki_fr_mul(&b, &b, &z);
        zki_fr_mul(&x, &x, &w);
        v = k;
    }
    *r = x;
    return 1;
}
