/* BN254 scalar field Fr: Montgomery arithmetic on 4x64-bit limbs.
 *
 * p = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001.
 * p < 2^254, so the top limb leaves two spare bits: the multiplication below
 * is the CIOS loop without the extra carry word, and every intermediate sum
 * stays below 2p. All results are fully reduced by one branch-free
 * conditional subtraction. */
#include "crypto/fr.h"
#include "crypto/fr_impl.h"

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
#define FR_NOINLINE __attribute__((noinline))
#else
#define FR_INLINE static inline
#define FR_NOINLINE
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
FR_INLINE void mont_mul_c(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    const uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4;
    uint64_t l0, l1, l2, l3, h0, h1, h2, h3, m;
    unsigned char c;
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
FR_INLINE void mont_sqr_c(uint64_t r[4], const uint64_t a[4])
{
    const uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    uint64_t T0, T1, T2, T3, T4, T5, T6, T7;
    uint64_t l, h, l2, h2, l3, h3;
    unsigned char c;
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


/* ---- the x86-64 BMI2/ADX kernels (fr_adx.h), chosen at run time ----
 * Each caller below has an inline body taking `adx` (a constant in each of
 * its two expansions, so the test is compiled away inside loops) and picks
 * the expansion once per call with FR_ADX_ON(). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(ZKS_NO_ADX)
#define FR_HAVE_ADX 1
#include "crypto/fr_adx.h"
#include <cpuid.h>
#include <stdlib.h>

/* 0: not decided yet, 1: ADX, 2: C. Racing threads write the same value. */
static int adx_state;

/* CPUID leaf 7: EBX bit 8 BMI2, bit 19 ADX */
static int adx_cpu(void)
{
    unsigned a, b, c, d;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 8 & 1) && (b >> 19 & 1);
}

static int fr_adx_on(void)
{
    int v = __atomic_load_n(&adx_state, __ATOMIC_RELAXED);
    if (v == 0) {
        const char *e = getenv("ZKS_NO_ADX");
        const int off = e != NULL && e[0] != '\0' && !(e[0] == '0' && e[1] == '\0');
        v = !off && adx_cpu() ? 1 : 2;
        __atomic_store_n(&adx_state, v, __ATOMIC_RELAXED);
    }
    return v == 1;
}
#define FR_ADX_ON() fr_adx_on()
#else
#define FR_ADX_ON() 0
#endif

int zki_fr_adx_available(void)
{
    return FR_ADX_ON();
}

int zki_fr_set_adx(int on)
{
#ifdef FR_HAVE_ADX
    __atomic_store_n(&adx_state, on == 2 || (on == 1 && adx_cpu()) ? 1 : 2, __ATOMIC_RELAXED);
#else
    (void)on;
#endif
    return FR_ADX_ON();
}

FR_INLINE void mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], int adx)
{
    COUNT_MUL();
#ifdef FR_HAVE_ADX
    if (adx) {
        fr_adx_mul(r, a, b);
        return;
    }
#endif
    (void)adx;
    mont_mul_c(r, a, b);
}

FR_INLINE void mont_sqr(uint64_t r[4], const uint64_t a[4], int adx)
{
    COUNT_SQR();
#ifdef FR_HAVE_ADX
    if (adx) {
        fr_adx_sqr(r, a);
        return;
    }
#endif
    (void)adx;
    mont_sqr_c(r, a);
}

int zki_fr_test_mont(uint64_t mul[4], uint64_t sqr[4], const uint64_t a[4], const uint64_t b[4], int adx)
{
    if (adx) {
#ifdef FR_HAVE_ADX
        if (!fr_adx_on()) return 0;
        fr_adx_mul(mul, a, b);
        fr_adx_sqr(sqr, a);
        return 1;
#else
        return 0;
#endif
    }
    mont_mul_c(mul, a, b);
    mont_sqr_c(sqr, a);
    return 1;
}

/* Runs BODY(args..., adx) with adx = 1 on the ADX path, else 0. */
#define FR_DISPATCH(body, ...)                                                                     \
    do {                                                                                           \
        if (FR_ADX_ON())                                                                           \
            body(__VA_ARGS__, 1);                                                                  \
        else                                                                                       \
            body(__VA_ARGS__, 0);                                                                  \
    } while (0)


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

/* a^5 of n independent elements (n = 3: one Rescue state, 6: two) */
FR_INLINE void pow5_n(zki_fr *r, const zki_fr *a, int n, int adx)
{
    uint64_t t[6][4];
    for (int j = 0; j < n; j++) mont_sqr(t[j], a[j].v, adx);
    for (int j = 0; j < n; j++) mont_sqr(t[j], t[j], adx);
    for (int j = 0; j < n; j++) mont_mul(t[j], t[j], a[j].v, adx);
    for (int j = 0; j < n; j++) fr_reduce_once(r[j].v, t[j]);
}

void zki_fr_pow5_x3(zki_fr r[3], const zki_fr a[3])
{
    FR_DISPATCH(pow5_n, r, a, 3);
}

FR_INLINE void mul_k(zki_fr *r, const zki_fr *a, const zki_fr *b, int adx)
{
    uint64_t t[4];
    mont_mul(t, a->v, b->v, adx);
    fr_reduce_once(r->v, t);
}

FR_INLINE void sqr_k(zki_fr *r, const zki_fr *a, int adx)
{
    uint64_t t[4];
    mont_sqr(t, a->v, adx);
    fr_reduce_once(r->v, t);
}

void zki_fr_mul(zki_fr *r, const zki_fr *a, const zki_fr *b)
{
    FR_DISPATCH(mul_k, r, a, b);
}

void zki_fr_sqr(zki_fr *r, const zki_fr *a)
{
    FR_DISPATCH(sqr_k, r, a);
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

int zki_fr_from_bytes_le(zki_fr *r, const uint8_t in[ZKI_FR_BYTES])
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

void zki_fr_to_bytes_le(uint8_t out[ZKI_FR_BYTES], const zki_fr *a)
{
    uint64_t l[4];
    zki_fr_to_limbs(l, a);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(l[i] >> (8 * j));
}

int zki_fr_from_bytes_be(zki_fr *r, const uint8_t in[ZKI_FR_BYTES])
{
    uint8_t le[ZKI_FR_BYTES];
    for (int i = 0; i < ZKI_FR_BYTES; i++) le[i] = in[ZKI_FR_BYTES - 1 - i];
    return zki_fr_from_bytes_le(r, le);
}

void zki_fr_to_bytes_be(uint8_t out[ZKI_FR_BYTES], const zki_fr *a)
{
    uint8_t le[ZKI_FR_BYTES];
    zki_fr_to_bytes_le(le, a);
    for (int i = 0; i < ZKI_FR_BYTES; i++) out[i] = le[ZKI_FR_BYTES - 1 - i];
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

/* Sliding-window schedule of 1/x = x^(p-2), as CHAIN_ALPHA_INV (fr_impl.h):
 * {squarings, odd multiplier} per step, constant time in x. */
/* P_MINUS_2: 42 steps */
static const uint8_t CHAIN_P_MINUS_2[][2] = {
    {0, 3}, {10, 25}, {8, 19}, {5, 19}, {4, 9}, {4, 7}, {9, 19}, {7, 13}, {10, 5}, {7, 27},
    {1, 1}, {7, 5}, {10, 17}, {6, 27}, {5, 13}, {8, 3}, {11, 21}, {1, 1}, {9, 23}, {5, 9}, {2, 1},
    {10, 25}, {4, 15}, {2, 1}, {8, 9}, {8, 15}, {7, 27}, {4, 9}, {4, 7}, {8, 9}, {6, 5}, {9, 31},
    {9, 31}, {5, 11}, {7, 19}, {5, 29}, {5, 31}, {5, 31}, {5, 31}, {5, 31}, {5, 31}, {2, 3},
};

/* tab[i] = a^(2i+1), i < 16, lazy (< 2p) */
FR_INLINE void odd_powers(uint64_t tab[16][4], const uint64_t a[4], int adx)
{
    uint64_t a2[4];
    mont_sqr(a2, a, adx);
    memcpy(tab[0], a, sizeof tab[0]);
    for (int i = 1; i < 16; i++) mont_mul(tab[i], tab[i - 1], a2, adx);
}

FR_INLINE void pow_chain_k(zki_fr *r, const zki_fr *a, const uint8_t (*chain)[2], size_t len, int adx)
{
    uint64_t tab[16][4], acc[4];
    odd_powers(tab, a->v, adx);
    memcpy(acc, tab[chain[0][1] >> 1], sizeof acc);
    for (size_t s = 1; s < len; s++) {
        for (unsigned k = 0; k < chain[s][0]; k++) mont_sqr(acc, acc, adx);
        if (chain[s][1]) mont_mul(acc, acc, tab[chain[s][1] >> 1], adx);
    }
    fr_reduce_once(r->v, acc);
}

/* The long chains get one out-of-line copy per kernel set: expanded side by
 * side in one function, the C copy ran 1.7x slower (register allocation
 * over both). FR_TWO_COPIES(name, body, (params), (args)) defines name##_adx,
 * name##_c and name, which picks one of them once per call. */
#define FR_ARGS(...) __VA_ARGS__
#define FR_TWO_COPIES(name, body, params, args)                                                    \
    static FR_NOINLINE void name##_adx params { body(FR_ARGS args, 1); }                          \
    static FR_NOINLINE void name##_c params { body(FR_ARGS args, 0); }                            \
    static void name params                                                                        \
    {                                                                                              \
        if (FR_ADX_ON())                                                                           \
            name##_adx args;                                                                       \
        else                                                                                       \
            name##_c args;                                                                         \
    }
FR_TWO_COPIES(pow_chain, pow_chain_k, (zki_fr * r, const zki_fr *a, const uint8_t(*chain)[2], size_t len),
              (r, a, chain, len))

void zki_fr_inv(zki_fr *r, const zki_fr *a)
{
    pow_chain(r, a, CHAIN_P_MINUS_2, CHAIN_LEN(CHAIN_P_MINUS_2));
}

void zki_fr_pow5(zki_fr *r, const zki_fr *a)
{
    FR_DISPATCH(pow5_n, r, a, 1);
}

void zki_fr_pow_inv5(zki_fr *r, const zki_fr *a)
{
    pow_chain(r, a, CHAIN_ALPHA_INV, CHAIN_LEN(CHAIN_ALPHA_INV));
}

/* Three independent exponentiations stepped together: the three squarings
 * of a step do not depend on each other, so the CPU overlaps them instead
 * of waiting on one long dependency chain. (Written out: as a loop over the
 * elements the C kernels ran 1.7x slower.) */
FR_INLINE void pow_inv5_x3_body(zki_fr r[3], const zki_fr a[3], int adx)
{
    uint64_t tab[3][16][4], acc[3][4];
    const uint8_t (*chain)[2] = CHAIN_ALPHA_INV;
    for (int j = 0; j < 3; j++) {
        odd_powers(tab[j], a[j].v, adx);
        memcpy(acc[j], tab[j][chain[0][1] >> 1], sizeof acc[j]);
    }
    for (size_t s = 1; s < CHAIN_LEN(CHAIN_ALPHA_INV); s++) {
        for (unsigned k = 0; k < chain[s][0]; k++) {
            mont_sqr(acc[0], acc[0], adx);
            mont_sqr(acc[1], acc[1], adx);
            mont_sqr(acc[2], acc[2], adx);
        }
        const unsigned w = chain[s][1] >> 1; /* never 0: alpha_inv has no zero step */
        mont_mul(acc[0], acc[0], tab[0][w], adx);
        mont_mul(acc[1], acc[1], tab[1][w], adx);
        mont_mul(acc[2], acc[2], tab[2][w], adx);
    }
    for (int j = 0; j < 3; j++) fr_reduce_once(r[j].v, acc[j]);
}

/* Six independent exponentiations stepped together (two Rescue states in
 * lockstep): twice the independent work per step for the CPU to overlap. */
FR_INLINE void pow_inv5_x6_body(zki_fr r[6], const zki_fr a[6], int adx)
{
    uint64_t tab[6][16][4], acc[6][4];
    const uint8_t (*chain)[2] = CHAIN_ALPHA_INV;
    for (int j = 0; j < 6; j++) {
        odd_powers(tab[j], a[j].v, adx);
        memcpy(acc[j], tab[j][chain[0][1] >> 1], sizeof acc[j]);
    }
    for (size_t s = 1; s < CHAIN_LEN(CHAIN_ALPHA_INV); s++) {
        for (unsigned k = 0; k < chain[s][0]; k++) {
            mont_sqr(acc[0], acc[0], adx);
            mont_sqr(acc[1], acc[1], adx);
            mont_sqr(acc[2], acc[2], adx);
            mont_sqr(acc[3], acc[3], adx);
            mont_sqr(acc[4], acc[4], adx);
            mont_sqr(acc[5], acc[5], adx);
        }
        const unsigned w = chain[s][1] >> 1;
        mont_mul(acc[0], acc[0], tab[0][w], adx);
        mont_mul(acc[1], acc[1], tab[1][w], adx);
        mont_mul(acc[2], acc[2], tab[2][w], adx);
        mont_mul(acc[3], acc[3], tab[3][w], adx);
        mont_mul(acc[4], acc[4], tab[4][w], adx);
        mont_mul(acc[5], acc[5], tab[5][w], adx);
    }
    for (int j = 0; j < 6; j++) fr_reduce_once(r[j].v, acc[j]);
}

FR_TWO_COPIES(pow_inv5_x3, pow_inv5_x3_body, (zki_fr * r, const zki_fr *a), (r, a))
FR_TWO_COPIES(pow_inv5_x6, pow_inv5_x6_body, (zki_fr * r, const zki_fr *a), (r, a))

void zki_fr_pow_inv5_x6_portable(zki_fr r[6], const zki_fr a[6])
{
    pow_inv5_x6(r, a);
}

void zki_fr_pow5_x6(zki_fr r[6], const zki_fr a[6])
{
    FR_DISPATCH(pow5_n, r, a, 6);
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

/* Canonical-limb helpers for the IFMA files (fr_ifma.c, rescue_ifma.c). */
void zki_fr_limbs_reduce_once(uint64_t r[4], const uint64_t t[4])
{
    fr_reduce_once(r, t);
}

void zki_fr_limbs_half(uint64_t t[4])
{
    fr_half(t);
}

void zki_fr_pow_inv5_x3_portable(zki_fr r[3], const zki_fr a[3])
{
    pow_inv5_x3(r, a);
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
