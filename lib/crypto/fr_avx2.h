/* AVX2 arithmetic in BN254 Fr, four independent elements per vector: one
 * element per 64-bit lane of a 256-bit vector, radix 2^29 with nine limbs
 * (one limb vector each), Montgomery with R'' = 2^261. Products are the
 * unsigned 32x32->64 vpmuludq; column sums stay in 64-bit lanes and are
 * carried once per column (the bounds are below). For CPUs without AVX-512
 * IFMA (Zen 2/3, client Intel); the functions are compiled for the AVX2
 * target (target attributes: the rest of the library keeps the baseline ISA,
 * and callers check zki_fr_avx2_available() first). Every function runs the
 * same instructions for every input (no data-dependent branch or index).
 * Used by rescue_avx2.c. Internal to lib/crypto.
 *
 * Bounds. Limbs of operands are below 2^29 ("normalised"), so one limb
 * product is below 2^58. A column of a product has at most 9 such terms and
 * the Montgomery reduction adds at most 9 more (m < 2^29 times a limb of p,
 * below 2^29), plus a carry below 2^36: below 18 * 2^58 + 2^36 < 2^63. The
 * MDS layer sums three products before one reduction: at most 27 + 9 terms,
 * 36 * 2^58 + 2^36 < 2^63.2 < 2^64. Squares double one factor (< 2^30): at
 * most 4 doubled terms below 2^59 and one square per column, then the 9
 * reduction terms: 18 * 2^58 + 2^36 < 2^63. So no 64-bit column can overflow.
 * (The top limb of a value below 2.1p < 2^255 is below 2^23, so it is
 * normalised too.)
 * Values: with inputs a, b < B, a Montgomery product is below
 * a*b/R'' + p; for B = 2.1p (p < 0.76 * 2^254) that is below 1.03p. The MDS sum of three
 * products (elements < 1.03p, matrix entries < 1.03p) plus a round constant
 * (< 1.03p) stays below 2.1p: every value fits nine normalised limbs (the top
 * limb below 2^23) and the bounds hold round after round. */
#ifndef ZKI_FR_AVX2_H
#define ZKI_FR_AVX2_H

#include "crypto/fr_impl.h"

/* x86-64 with GCC; -DZKS_NO_AVX2 leaves it out (as -DZKS_NO_IFMA does the
 * IFMA path). Not Clang: it does not fully unroll the limb loops (the code
 * needs constant indices after inlining) and measured 7-16x slower than the
 * scalar code, so Clang builds keep the scalar batch. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(ZKS_NO_AVX2)
#define FR_HAVE_AVX2 1
#endif

#ifdef FR_HAVE_AVX2
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2")))
/* Full unrolling of the limb loops (constant bounds after inlining). */
#define AVX2_PRAGMA(x) _Pragma(#x)
#define AVX2_UNROLL(n) AVX2_PRAGMA(GCC unroll n)
#define AVX2_INLINE static inline __attribute__((always_inline)) AVX2_TARGET
#define AVX2_LIMBS 9
#define AVX2_COLS (2 * AVX2_LIMBS - 1)
#define AVX2_RADIX 29
#define AVX2_MASK ((1ULL << AVX2_RADIX) - 1)

typedef __m256i v4;
#define AVX2_VEC_BYTES 32
/* Four field elements, limb j of all four in l[j]. The alignment is
 * explicit: GCC's _Alignof gives 16 for __m256i outside AVX code. */
typedef struct { _Alignas(AVX2_VEC_BYTES) v4 l[AVX2_LIMBS]; } fe4;

/* p in radix 2^29. Limb 0 is 2^28 + 1 and -p^-1 mod 2^29 is 2^28 - 1, so
 * the quotient digit and its product with limb 0 are shifts and adds. */
static const uint32_t AVX2_P[AVX2_LIMBS] FR_MAYBE_UNUSED = {
    0x10000001, 0x1f0fac9f, 0x0e5c2450, 0x07d090f3, 0x1585d283, 0x02db40c0, 0x00a6e141, 0x0e5c2634, 0x0030644e,
};

AVX2_INLINE v4 avx2_mulv(v4 a, v4 b) { return _mm256_mul_epu32(a, b); }
AVX2_INLINE v4 avx2_addv(v4 a, v4 b) { return _mm256_add_epi64(a, b); }

/* Montgomery sums of products of n independent vectors (n <= 3, a
 * constant after inlining, as are terms and sq):
 *   r[c] = sum_{q < terms} a[c*terms + q] * b[q or c*terms + q] / 2^261 mod p,
 * limbs below 2^29; b is shared by all c when bshared (the MDS rows), and
 * terms is 1 or 3 (the bounds in the header comment). sq: a single square
 * (b unused; each cross term once, with a doubled factor).
 * Product scanning with the reduction folded in: column k gets its
 * products, then the quotient digits' terms m_j * p_(k-j), then its own
 * digit m_k for k < 9. One accumulator per vector, the operands read from
 * memory, so only the digits and the result are stored; the vectors'
 * columns are interleaved, so each column's short carry chain (the next
 * digit) hides behind the other vectors' products. r may be one of the
 * inputs: limb k-9 of r is written after column k, and no later column reads
 * a limb below k-7. */
AVX2_INLINE void avx2_montsum_n(fe4 *r, const fe4 *a, const fe4 *b, const int n, const int terms,
                                const int sq, const int bshared)
{
    const v4 mask = _mm256_set1_epi64x((long long)AVX2_MASK);
    v4 acc[3], m[3][AVX2_LIMBS], d[3][AVX2_LIMBS];
AVX2_UNROLL(3)
    for (int c = 0; c < n; c++) {
        acc[c] = _mm256_setzero_si256();
        if (sq)
AVX2_UNROLL(9)
            for (int i = 0; i < AVX2_LIMBS; i++) d[c][i] = _mm256_add_epi64(a[c].l[i], a[c].l[i]);
    }
AVX2_UNROLL(17)
    for (int k = 0; k < AVX2_COLS; k++) {
AVX2_UNROLL(3)
        for (int c = 0; c < n; c++) {
            /* the column's terms summed as a tree, so the sum does not wait
             * on one long chain of additions; the carry and the term of the
             * newest digit, the last to be ready, come in at the end */
            v4 term[3 * AVX2_LIMBS + AVX2_LIMBS];
            int nt = 0;
AVX2_UNROLL(3)
            for (int q = 0; q < terms; q++) {
                const fe4 *x = &a[c * terms + q], *y = &b[bshared ? q : c * terms + q];
AVX2_UNROLL(9)
                for (int i = 0; i < AVX2_LIMBS; i++) {
                    const int j = k - i;
                    if (j < 0 || j >= AVX2_LIMBS) continue;
                    if (!sq)
                        term[nt++] = avx2_mulv(x->l[i], y->l[j]);
                    else if (i == j)
                        term[nt++] = avx2_mulv(x->l[i], x->l[i]);
                    else if (i < j)
                        term[nt++] = avx2_mulv(x->l[i], d[c][j]);
                }
            }
AVX2_UNROLL(9)
            for (int j = 0; j < AVX2_LIMBS; j++) {
                const int q = k - j;
                if (q >= 2 && q < AVX2_LIMBS && j < k) term[nt++] = avx2_mulv(m[c][j], _mm256_set1_epi64x(AVX2_P[q]));
            }
AVX2_UNROLL(6)
            for (int w = 1; w < nt; w *= 2)
AVX2_UNROLL(36)
                for (int i = 0; i + w < nt; i += 2 * w) term[i] = avx2_addv(term[i], term[i + w]);
            v4 late = acc[c];
            if (k >= 1 && k - 1 < AVX2_LIMBS)
                late = avx2_addv(late, avx2_mulv(m[c][k - 1], _mm256_set1_epi64x(AVX2_P[1])));
            v4 s = nt > 0 ? avx2_addv(term[0], late) : late;
            if (k < AVX2_LIMBS) {
                /* m = s * (2^28 - 1) mod 2^29; s + m * (2^28 + 1) = 0 mod 2^29 */
                const v4 mk = _mm256_and_si256(_mm256_sub_epi64(_mm256_slli_epi64(s, 28), s), mask);
                m[c][k] = mk;
                s = avx2_addv(avx2_addv(s, mk), _mm256_slli_epi64(mk, 28));
            } else {
                r[c].l[k - AVX2_LIMBS] = _mm256_and_si256(s, mask);
            }
            acc[c] = _mm256_srli_epi64(s, AVX2_RADIX);
        }
    }
AVX2_UNROLL(3)
    for (int c = 0; c < n; c++) r[c].l[AVX2_LIMBS - 1] = acc[c];
}

/* n independent products or squares, r[c] = a[c] * b[c] (n <= 3). */
AVX2_INLINE void avx2_mul_n(fe4 *r, const fe4 *a, const fe4 *b, const int n)
{
    avx2_montsum_n(r, a, b, n, 1, 0, 0);
}

AVX2_INLINE void avx2_sqr_n(fe4 *r, const fe4 *a, const int n)
{
    avx2_montsum_n(r, a, a, n, 1, 1, 0);
}

AVX2_INLINE void avx2_mul(fe4 *r, const fe4 *a, const fe4 *b) { avx2_mul_n(r, a, b, 1); }
AVX2_INLINE void avx2_sqr(fe4 *r, const fe4 *a) { avx2_sqr_n(r, a, 1); }

/* r = a + b with limbs normalised again (a + b < 2^261). */
AVX2_INLINE void avx2_add(fe4 *r, const fe4 *a, const fe4 *b)
{
    const v4 mask = _mm256_set1_epi64x((long long)AVX2_MASK);
    v4 c = _mm256_setzero_si256();
AVX2_UNROLL(9)
    for (int k = 0; k < AVX2_LIMBS; k++) {
        const v4 s = avx2_addv(avx2_addv(a->l[k], b->l[k]), c);
        if (k < AVX2_LIMBS - 1) {
            r->l[k] = _mm256_and_si256(s, mask);
            c = _mm256_srli_epi64(s, AVX2_RADIX);
        } else {
            r->l[k] = s;
        }
    }
}

/* Radix-2^29 limbs of four values (4x64-bit limbs each, < 2^256) and back. */
static inline void avx2_split29(uint64_t l[AVX2_LIMBS][4], const uint64_t (*x)[4], int lane)
{
    const uint64_t *a = x[0];
    for (int j = 0; j < AVX2_LIMBS; j++) {
        const int bit = AVX2_RADIX * j, w = bit / 64, s = bit % 64;
        uint64_t v = a[w] >> s;
        if (s > 64 - AVX2_RADIX && w + 1 < 4) v |= a[w + 1] << (64 - s);
        l[j][lane] = v & AVX2_MASK;
    }
}

/* The value of the limbs of one lane as 4x64-bit limbs; the top limb may
 * hold more than 29 bits (value below 2^256). */
static inline void avx2_join29(uint64_t x[4], const uint64_t l[AVX2_LIMBS][4], int lane)
{
    uint64_t o[5] = {0, 0, 0, 0, 0};
    for (int j = 0; j < AVX2_LIMBS; j++) {
        const int bit = AVX2_RADIX * j, w = bit / 64, s = bit % 64;
        const uint64_t v = l[j][lane];
        o[w] += v << s; /* limbs do not overlap: plain or, carried as add */
        if (s != 0 && w + 1 < 5) o[w + 1] += v >> (64 - s);
    }
    for (int i = 0; i < 4; i++) x[i] = o[i];
}

AVX2_INLINE void avx2_pack(fe4 *r, const uint64_t x[4][4])
{
    uint64_t l[AVX2_LIMBS][4];
    for (int k = 0; k < 4; k++) avx2_split29(l, &x[k], k);
    for (int j = 0; j < AVX2_LIMBS; j++) r->l[j] = _mm256_loadu_si256((const void *)l[j]);
}

AVX2_INLINE void avx2_unpack(uint64_t x[4][4], const fe4 *a)
{
    uint64_t l[AVX2_LIMBS][4];
    for (int j = 0; j < AVX2_LIMBS; j++) _mm256_storeu_si256((void *)l[j], a->l[j]);
    for (int k = 0; k < 4; k++) avx2_join29(x[k], l, k);
}

/* A constant (radix-2^29 limbs) in all four lanes. */
AVX2_INLINE void avx2_bcast(fe4 *r, const uint32_t c[AVX2_LIMBS])
{
    for (int j = 0; j < AVX2_LIMBS; j++) r->l[j] = _mm256_set1_epi64x(c[j]);
}

#endif /* FR_HAVE_AVX2 */
#endif
