/* AVX-512 IFMA arithmetic in BN254 Fr (radix 2^52, five limbs per element,
 * one element per 64-bit lane of a 256-bit vector, Montgomery with R' = 2^260):
 * products, squares, radix conversion and the x^alpha_inv chain, as inline
 * functions compiled for the IFMA target (target attributes: the rest of the
 * library keeps the baseline ISA, and callers check zki_fr_ifma_available()
 * first). Used by fr_ifma.c (the S-box) and rescue_ifma.c (the permutation).
 * Internal to lib/crypto. */
#ifndef ZKI_FR_IFMA_H
#define ZKI_FR_IFMA_H

#include "crypto/fr_impl.h"

#ifdef FR_HAVE_IFMA
#include <string.h>

#include <immintrin.h>

#define IFMA_TARGET __attribute__((target("avx512f,avx512vl,avx512ifma")))
#define IFMA_INLINE static inline __attribute__((always_inline)) IFMA_TARGET
typedef __m256i vec;
#define M52 0xfffffffffffffULL
/* The arithmetic of fr_ifma_ops.h is written once over these names, which
 * select the vector width; rescue_ifma.c includes it a second time for
 * 512-bit vectors (eight lanes). */
#define VT vec
#define VADD(a, b) _mm256_add_epi64((a), (b))
#define LO(acc, x, y) _mm256_madd52lo_epu64((acc), (x), (y))
#define HI(acc, x, y) _mm256_madd52hi_epu64((acc), (x), (y))
#define VZERO() _mm256_setzero_si256()
#define VSET1(x) _mm256_set1_epi64x((long long)(x))
#define VSRLI(x, n) _mm256_srli_epi64((x), (n))
#define VAND(a, b) _mm256_and_si256((a), (b))
#define IFMA_FN(name) ifma_##name##3

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
#define IFMA_REDC_STEP(A0, A1, A2, A3, A4, A5)                                                         \
    m = LO(z, A0, qinv);                                                                           \
    c = VSRLI(VADD(A0, mask), 52);                                                     \
    u = HI(z, m, q0);                                                                              \
    A1 = VADD(LO(VADD(A1, c), m, q1), u);                                                          \
    A2 = LO(HI(A2, m, q1), m, q2);                                                                 \
    A3 = LO(HI(A3, m, q2), m, q3);                                                                 \
    A4 = LO(HI(A4, m, q3), m, q4);                                                                 \
    A5 = HI(A5, m, q4);
#define IFMA_REDC_ALL(r)                                                                               \
    do {                                                                                           \
        const VT qinv = VSET1(QINV);                                                               \
        const VT q0 = VSET1(Q0), q1 = VSET1(Q1);                                                   \
        const VT q2 = VSET1(Q2), q3 = VSET1(Q3);                                                   \
        const VT q4 = VSET1(Q4);                                                                   \
        const VT mask = VSET1(M52);                                                                \
        VT m, c, u;                                                                               \
        IFMA_REDC_STEP(t0, t1, t2, t3, t4, t5)                                                         \
        IFMA_REDC_STEP(t1, t2, t3, t4, t5, t6)                                                         \
        IFMA_REDC_STEP(t2, t3, t4, t5, t6, t7)                                                         \
        IFMA_REDC_STEP(t3, t4, t5, t6, t7, t8)                                                         \
        IFMA_REDC_STEP(t4, t5, t6, t7, t8, t9)                                                         \
        /* carries only: the limbs keep their high bits, which the multiply-adds                 \
         * ignore (they read 52 bits); ifma_unpack masks them */                                  \
        t6 = VADD(t6, VSRLI(t5, 52));                                                  \
        r[0] = t5;                                                                                 \
        t7 = VADD(t7, VSRLI(t6, 52));                                                  \
        r[1] = t6;                                                                                 \
        t8 = VADD(t8, VSRLI(t7, 52));                                                  \
        r[2] = t7;                                                                                 \
        t9 = VADD(t9, VSRLI(t8, 52));                                                  \
        r[3] = t8;                                                                                 \
        r[4] = t9;                                                                                 \
    } while (0)

#include "crypto/fr_ifma_ops.h"

/* Radix-2^52 limbs of n values (< 2^256) and back, lane-major: limb j of
 * value k at l[w*j + k] for vectors of w lanes. The way back masks limbs
 * 0..3, which leave the products unmasked. */
static inline void ifma_split52(uint64_t *l, int w, const uint64_t (*x)[4], int n)
{
    for (int k = 0; k < n; k++) {
        const uint64_t *a = x[k];
        l[k] = a[0] & M52;
        l[w + k] = ((a[0] >> 52) | (a[1] << 12)) & M52;
        l[2 * w + k] = ((a[1] >> 40) | (a[2] << 24)) & M52;
        l[3 * w + k] = ((a[2] >> 28) | (a[3] << 36)) & M52;
        l[4 * w + k] = a[3] >> 16;
    }
}

static inline void ifma_join52(uint64_t (*x)[4], const uint64_t *l, int w, int n)
{
    for (int k = 0; k < n; k++) {
        uint64_t l0 = l[k] & M52, l1 = l[w + k] & M52, l2 = l[2 * w + k] & M52, l3 = l[3 * w + k] & M52;
        uint64_t l4 = l[4 * w + k];
        x[k][0] = l0 | (l1 << 52);
        x[k][1] = (l1 >> 12) | (l2 << 40);
        x[k][2] = (l2 >> 24) | (l3 << 28);
        x[k][3] = (l3 >> 36) | (l4 << 16);
    }
}

/* Three values in lanes 0..2 (lane 3 zero). */
IFMA_INLINE void ifma_pack(vec r[5], const uint64_t x[3][4])
{
    uint64_t l[5][4] = {{0}};
    ifma_split52(&l[0][0], 4, x, 3);
    for (int j = 0; j < 5; j++) r[j] = _mm256_loadu_si256((const void *)l[j]);
}

IFMA_INLINE void ifma_unpack(uint64_t x[3][4], const vec r[5])
{
    uint64_t l[5][4];
    for (int j = 0; j < 5; j++) _mm256_storeu_si256((void *)l[j], r[j]);
    ifma_join52(x, &l[0][0], 4, 3);
}

/* Table operations [from, to) of the x^alpha_inv chain (fr_impl.h). */
IFMA_INLINE void ifma_inv5_table(vec tab[INV5_SLOTS][5], size_t from, size_t to)
{
    FR_NO_UNROLL
    for (size_t i = from; i < to; i++) {
        const uint8_t *o = INV5_TABLE[i];
        if (o[1] == o[2])
            ifma_sqr3(tab[o[0]], tab[o[1]]);
        else
            ifma_mul3(tab[o[0]], tab[o[1]], tab[o[2]]);
    }
}

/* x^alpha_inv of the three lanes, in the IFMA domain (x*2^260, inputs below
 * about 2.1p), with the INV5 chain of fr_impl.h (305 operations; the
 * portable code keeps its sliding window). (Building the table
 * lazily, a step ahead of each entry's first use, measured 3% slower.) */
IFMA_INLINE void ifma_inv5_core(vec acc[5], const vec x[5])
{
    vec tab[INV5_SLOTS][5];
    memcpy(tab[0], x, sizeof tab[0]);
    ifma_inv5_table(tab, 0, CHAIN_LEN(INV5_TABLE));
    {
        /* the running value in locals, so it stays in registers */
        const vec *t0 = tab[INV5_STEPS[0][1]];
        vec c0 = t0[0], c1 = t0[1], c2 = t0[2], c3 = t0[3], c4 = t0[4];
        /* a loop, not unrolled: the unrolled chain outgrows the instruction cache */
        FR_NO_UNROLL
        for (size_t s = 1; s < CHAIN_LEN(INV5_STEPS); s++) {
            for (unsigned k = 0; k < INV5_STEPS[s][0]; k++) {
                vec in[5] = {c0, c1, c2, c3, c4}, out[5];
                ifma_sqr3(out, in);
                c0 = out[0], c1 = out[1], c2 = out[2], c3 = out[3], c4 = out[4];
            }
            vec in[5] = {c0, c1, c2, c3, c4}, out[5];
            ifma_mul3(out, in, tab[INV5_STEPS[s][1]]);
            c0 = out[0], c1 = out[1], c2 = out[2], c3 = out[3], c4 = out[4];
        }
        acc[0] = c0, acc[1] = c1, acc[2] = c2, acc[3] = c3, acc[4] = c4;
    }
}

/* ifma_inv5_core on two independent vectors (two Rescue states), stepped
 * together so the latency-bound chain of one hides the other's. */
IFMA_INLINE void ifma_inv5_core2(vec acc[5], vec accb[5], const vec x[5], const vec xb[5])
{
    vec tab[INV5_SLOTS][5], tabb[INV5_SLOTS][5];
    memcpy(tab[0], x, sizeof tab[0]);
    memcpy(tabb[0], xb, sizeof tabb[0]);
    FR_NO_UNROLL
    for (size_t i = 0; i < CHAIN_LEN(INV5_TABLE); i++) {
        ifma_inv5_table(tab, i, i + 1);
        ifma_inv5_table(tabb, i, i + 1);
    }
    {
        const vec *t0 = tab[INV5_STEPS[0][1]];
        const vec *t0b = tabb[INV5_STEPS[0][1]];
        vec c0 = t0[0], c1 = t0[1], c2 = t0[2], c3 = t0[3], c4 = t0[4];
        vec d0 = t0b[0], d1 = t0b[1], d2 = t0b[2], d3 = t0b[3], d4 = t0b[4];
        /* a loop, not unrolled: the unrolled chain outgrows the instruction cache */
        FR_NO_UNROLL
        for (size_t s = 1; s < CHAIN_LEN(INV5_STEPS); s++) {
            for (unsigned k = 0; k < INV5_STEPS[s][0]; k++) {
                vec in[5] = {c0, c1, c2, c3, c4}, out[5];
                vec inb[5] = {d0, d1, d2, d3, d4}, outb[5];
                ifma_sqr3(out, in);
                ifma_sqr3(outb, inb);
                c0 = out[0], c1 = out[1], c2 = out[2], c3 = out[3], c4 = out[4];
                d0 = outb[0], d1 = outb[1], d2 = outb[2], d3 = outb[3], d4 = outb[4];
            }
            const unsigned w = INV5_STEPS[s][1];
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

#endif /* FR_HAVE_IFMA */
#endif
