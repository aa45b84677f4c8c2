/* AVX2+FMA arithmetic in BN254 Fr, four independent elements per vector:
 * one element per 64-bit lane, radix 2^52 with five limbs (one integer limb
 * vector each), Montgomery with R' = 2^260. A limb product is an exact
 * 52x52->104-bit product made of two double-precision FMAs (the method of
 * Emmart, Zheng and Weems, "Faster modular exponentiation using double
 * precision floating point arithmetic on the GPU", ARITH 2018):
 *
 *   hi = fma(a, b, 2^104)                 rounded toward zero: 2^104 + H*2^52,
 *                                         H = floor(a*b / 2^52)
 *   lo = fma(a, b, (2^104 + 2^52) - hi)   = 2^52 + L exactly, L = a*b mod 2^52
 *
 * The bit patterns of hi and lo are 0x467.. + H and 0x433.. + L; they are
 * summed in 64-bit integer lanes and the constant parts taken off once per
 * column. A square is 40 such products (15 of the square, 25 of the
 * reduction); the earlier radix-2^29 code needed 117 vpmuludq and its column
 * sums, and ran 12-25% slower on Zen 3. The products need the rounding mode
 * "toward zero" (MXCSR.RC = 11) while these functions run: fr_avx2_rz_enter
 * and fr_avx2_rz_leave, around a call that is not inlined, so that no
 * floating-point operation moves across the switch. Every function runs the
 * same instructions for every input (no data-dependent branch or index).
 * For CPUs with AVX2 and FMA but without AVX-512 IFMA (Zen 2/3, client
 * Intel); compiled for that target with target attributes (the rest of the
 * library keeps the baseline ISA; callers check zki_fr_avx2_available()).
 * Used by rescue_avx2.c. Internal to lib/crypto.
 *
 * Bounds. Operand limbs are below 2^52 ("normalised", the top limb too: the
 * value is below 2^260), so a*b < 2^104 and hi stays in [2^104, 2^105),
 * where its unit is 2^52. A column sums at most 3*5 + 5 low parts, as many
 * high parts, a carry below 2^7 and a correction: below 45 * 2^52 < 2^58, no
 * 64-bit overflow. The quotient digit uses p = 1 + 2^28 * 0x1f593f
 * (mod 2^52): -p^-1 = 2^28 * 0x1f593f - 1 (mod 2^52), so
 * m = ((s * 0x1f593f) << 28) - s mod 2^52, one vpmuludq on the low 32 bits of
 * s. The digit's own product m*p_0 makes the column's low 52 bits zero, so
 * only its high part is needed, plus one when the low bits of s are not zero.
 * Values (e = p / 2^260 < 0.0119): inputs below B give a Montgomery product
 * below p * (1 + (B/p)^2 e); the MDS sum of three products (elements below
 * T, matrix entries below p) plus a round constant (below p) is below
 * p * (2 + 3 (T/p) e). With B = 2.04p and T = 1.05p both hold round after
 * round: every value is below 2.1p < 2^255, five normalised limbs. */
#ifndef ZKI_FR_AVX2_H
#define ZKI_FR_AVX2_H

#include "crypto/fr_impl.h"

/* x86-64 with GCC; -DZKS_NO_AVX2 leaves it out (as -DZKS_NO_IFMA does the
 * IFMA path). Not Clang: the code needs the limb loops fully unrolled
 * (constant indices after inlining), which Clang did not do for the earlier
 * kernel (7-16x slower than the scalar code), so Clang builds keep the
 * scalar batch. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(ZKS_NO_AVX2)
#define FR_HAVE_AVX2 1
#endif

#ifdef FR_HAVE_AVX2
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2,fma")))
/* Full unrolling of the limb loops (constant bounds after inlining). */
#define AVX2_PRAGMA(x) _Pragma(#x)
#define AVX2_UNROLL(n) AVX2_PRAGMA(GCC unroll n)
#define FMA_INLINE static inline __attribute__((always_inline)) AVX2_TARGET
#define AVX2_VEC_BYTES 32
#define FMA_LIMBS 5
#define FMA_COLS (2 * FMA_LIMBS - 1)
#define FMA_RADIX 52
#define FMA_MASK ((1ULL << FMA_RADIX) - 1)
/* Bit patterns of 2^52 and 2^104; p mod 2^52 = 1 + 2^28 * FMA_PC. */
#define FMA_B52 0x4330000000000000ULL
#define FMA_B104 0x4670000000000000ULL
#define FMA_PC 0x1f593fULL

typedef __m256i v4;
typedef __m256d d4;
/* Four field elements, limb j of all four in l[j] (integers below 2^52).
 * The alignment is explicit: GCC's _Alignof gives 16 for __m256i outside
 * AVX code. */
typedef struct { _Alignas(AVX2_VEC_BYTES) v4 l[FMA_LIMBS]; } fe5;

/* p in radix 2^52. */
static const uint64_t FMA_P[FMA_LIMBS] FR_MAYBE_UNUSED = {
    0x1f593f0000001, 0x4879b9709143e, 0x181585d2833e8, 0xa029b85045b68, 0x30644e72e131,
};

/* x (integer below 2^52 per lane) as a double, exactly. */
FMA_INLINE d4 fma_dbl(v4 x)
{
    const v4 b52 = _mm256_set1_epi64x((long long)FMA_B52);
    return _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(x, b52)), _mm256_castsi256_pd(b52));
}

/* Keeps x where it is: GCC would reassociate the column sums into trees of
 * stored partial sums, several times the spills of one running sum. */
#ifndef FMA_KEEP
#define FMA_KEEP(x) __asm__("" : "+x"(x))
#endif

/* The low and high parts of a*b as bit patterns (see the header comment). */
FMA_INLINE void fma_prod(v4 *lo, v4 *hi, d4 a, d4 b)
{
    const d4 c104 = _mm256_castsi256_pd(_mm256_set1_epi64x((long long)FMA_B104));
    const d4 c104_52 = _mm256_castsi256_pd(_mm256_set1_epi64x((long long)FMA_B104 + 1));
    const d4 h = _mm256_fmadd_pd(a, b, c104);
    const d4 l = _mm256_fmadd_pd(a, b, _mm256_sub_pd(c104_52, h));
    *hi = _mm256_castpd_si256(h);
    *lo = _mm256_castpd_si256(l);
}

/* Only the high part: the pattern of floor(a*b / 2^52). */
FMA_INLINE v4 fma_prod_hi(d4 a, d4 b)
{
    const d4 c104 = _mm256_castsi256_pd(_mm256_set1_epi64x((long long)FMA_B104));
    return _mm256_castpd_si256(_mm256_fmadd_pd(a, b, c104));
}

/* Montgomery sums of products of n independent vectors (n <= 3, a
 * constant after inlining, as are terms, sq and bshared):
 *   r[c] = sum_{q < terms} a[c*terms + q] * b[q or c*terms + q] / 2^260 mod p,
 * limbs below 2^52, value below the bound of the header comment; b is
 * shared by all c when bshared (the MDS rows); sq: a single square (b
 * unused; each cross term once, the column's cross sum doubled).
 * Two phases: the products of each vector alone, product scanning (its
 * operands fit the 16 registers), their column sums t stored; then the
 * reductions of the n vectors interleaved digit by digit, operand scanning
 * (each digit's products go straight into the columns above it), so each
 * digit's short chain hides behind the other vectors' work. r may be one of
 * the inputs (all operands are read first). Measured on Zen 3 against other
 * arrangements: product scanning with the reduction folded in (as in the
 * IFMA code), the vectors interleaved from the start, spills 40% more and
 * runs 5-10% slower. */
FMA_INLINE void fma_montsum_n(fe5 *r, const fe5 *a, const fe5 *b, const int n, const int terms, const int sq,
                               const int bshared)
{
    const v4 mask = _mm256_set1_epi64x((long long)FMA_MASK);
    const v4 zero = _mm256_setzero_si256();
    v4 t[3][FMA_COLS + 1];
    d4 pd[FMA_LIMBS];
AVX2_UNROLL(3)
    for (int c = 0; c < n; c++) {
        d4 ad[3][FMA_LIMBS], bd[3][FMA_LIMBS];
AVX2_UNROLL(3)
        for (int q = 0; q < terms; q++)
AVX2_UNROLL(5)
            for (int i = 0; i < FMA_LIMBS; i++) {
                ad[q][i] = fma_dbl(a[c * terms + q].l[i]);
                if (!sq) bd[q][i] = fma_dbl(b[bshared ? q : c * terms + q].l[i]);
            }
        v4 nx = zero, nx2 = zero, lo, hi;
        uint64_t cn = 0, cn2 = 0;
AVX2_UNROLL(9)
        for (int k = 0; k < FMA_COLS; k++) {
            v4 s = nx, s2 = nx2;
            uint64_t cs = cn, cs2 = cn2;
            nx = nx2 = zero;
            cn = cn2 = 0;
AVX2_UNROLL(3)
            for (int q = 0; q < terms; q++)
AVX2_UNROLL(5)
                for (int i = 0; i < FMA_LIMBS; i++) {
                    const int j = k - i;
                    if (j < 0 || j >= FMA_LIMBS || (sq && i > j)) continue;
                    fma_prod(&lo, &hi, ad[q][i], sq ? ad[q][j] : bd[q][j]);
                    if (sq && i < j) {
                        s2 = _mm256_add_epi64(s2, lo), nx2 = _mm256_add_epi64(nx2, hi);
                        FMA_KEEP(s2); FMA_KEEP(nx2);
                        cs2 -= FMA_B52, cn2 -= FMA_B104;
                    } else {
                        s = _mm256_add_epi64(s, lo), nx = _mm256_add_epi64(nx, hi);
                        FMA_KEEP(s); FMA_KEEP(nx);
                        cs -= FMA_B52, cn -= FMA_B104;
                    }
                }
            if (sq) s = _mm256_add_epi64(s, _mm256_add_epi64(s2, s2));
            t[c][k] = _mm256_add_epi64(s, _mm256_set1_epi64x((long long)(cs + 2 * cs2)));
        }
        if (sq) nx = _mm256_add_epi64(nx, _mm256_add_epi64(nx2, nx2));
        t[c][FMA_COLS] = _mm256_add_epi64(nx, _mm256_set1_epi64x((long long)(cn + 2 * cn2)));
    }
AVX2_UNROLL(5)
    for (int i = 0; i < FMA_LIMBS; i++) pd[i] = _mm256_set1_pd((double)FMA_P[i]);
    /* operand scanning: digit m_k's products go straight into the columns
     * above k, which stay in registers */
    uint64_t corr[3][FMA_COLS + 1];
AVX2_UNROLL(3)
    for (int c = 0; c < n; c++)
AVX2_UNROLL(10)
        for (int k = 0; k <= FMA_COLS; k++) corr[c][k] = 0;
AVX2_UNROLL(5)
    for (int k = 0; k < FMA_LIMBS; k++) {
AVX2_UNROLL(3)
        for (int c = 0; c < n; c++) {
            v4 s = _mm256_add_epi64(t[c][k], _mm256_set1_epi64x((long long)corr[c][k])), lo, hi;
            const v4 sc = _mm256_mul_epu32(s, _mm256_set1_epi64x((long long)FMA_PC));
            const v4 mk = _mm256_and_si256(_mm256_sub_epi64(_mm256_slli_epi64(sc, 28), s), mask);
            const d4 m = fma_dbl(mk);
            const v4 z = _mm256_cmpeq_epi64(_mm256_and_si256(s, mask), zero);
            t[c][k + 1] = _mm256_add_epi64(t[c][k + 1], _mm256_add_epi64(_mm256_srli_epi64(s, FMA_RADIX), z));
            t[c][k + 1] = _mm256_add_epi64(t[c][k + 1], fma_prod_hi(m, pd[0]));
            corr[c][k + 1] += 1 - FMA_B104;
AVX2_UNROLL(4)
            for (int q = 1; q < FMA_LIMBS; q++) {
                fma_prod(&lo, &hi, m, pd[q]);
                t[c][k + q] = _mm256_add_epi64(t[c][k + q], lo);
                t[c][k + q + 1] = _mm256_add_epi64(t[c][k + q + 1], hi);
                corr[c][k + q] -= FMA_B52, corr[c][k + q + 1] -= FMA_B104;
            }
        }
    }
AVX2_UNROLL(3)
    for (int c = 0; c < n; c++) {
        v4 carry = zero;
AVX2_UNROLL(5)
        for (int k = FMA_LIMBS; k <= FMA_COLS; k++) {
            const v4 s = _mm256_add_epi64(_mm256_add_epi64(t[c][k], carry), _mm256_set1_epi64x((long long)corr[c][k]));
            if (k < FMA_COLS) {
                r[c].l[k - FMA_LIMBS] = _mm256_and_si256(s, mask);
                carry = _mm256_srli_epi64(s, FMA_RADIX);
            } else {
                r[c].l[k - FMA_LIMBS] = s;
            }
        }
    }
}

FMA_INLINE void fma_mul_n(fe5 *r, const fe5 *a, const fe5 *b, const int n)
{
    fma_montsum_n(r, a, b, n, 1, 0, 0);
}

FMA_INLINE void fma_sqr_n(fe5 *r, const fe5 *a, const int n)
{
    fma_montsum_n(r, a, a, n, 1, 1, 0);
}

/* r = a + b with limbs normalised again (a + b < 2^260). */
FMA_INLINE void fma_add(fe5 *r, const fe5 *a, const fe5 *b)
{
    const v4 mask = _mm256_set1_epi64x((long long)FMA_MASK);
    v4 c = _mm256_setzero_si256();
AVX2_UNROLL(5)
    for (int k = 0; k < FMA_LIMBS; k++) {
        const v4 s = _mm256_add_epi64(_mm256_add_epi64(a->l[k], b->l[k]), c);
        if (k < FMA_LIMBS - 1) {
            r->l[k] = _mm256_and_si256(s, mask);
            c = _mm256_srli_epi64(s, FMA_RADIX);
        } else {
            r->l[k] = s;
        }
    }
}

/* Radix-2^52 limbs of four values (4x64-bit limbs each, < 2^256) and back. */
static inline void fma_split52(uint64_t l[FMA_LIMBS][4], const uint64_t a[4], int lane)
{
    for (int j = 0; j < FMA_LIMBS; j++) {
        const int bit = FMA_RADIX * j, w = bit / 64, s = bit % 64;
        uint64_t v = a[w] >> s;
        if (s > 64 - FMA_RADIX && w + 1 < 4) v |= a[w + 1] << (64 - s);
        l[j][lane] = v & FMA_MASK;
    }
}

/* The value of one lane's limbs (the top limb may be longer; value below
 * 2^256) as 4x64-bit limbs. */
static inline void fma_join52(uint64_t x[4], const uint64_t l[FMA_LIMBS][4], int lane)
{
    uint64_t o[5] = {0, 0, 0, 0, 0};
    for (int j = 0; j < FMA_LIMBS; j++) {
        const int bit = FMA_RADIX * j, w = bit / 64, s = bit % 64;
        const uint64_t v = l[j][lane];
        o[w] += v << s;
        if (s != 0 && w + 1 < 5) o[w + 1] += v >> (64 - s);
    }
    for (int i = 0; i < 4; i++) x[i] = o[i];
}

FMA_INLINE void fma_pack(fe5 *r, const uint64_t x[4][4])
{
    uint64_t l[FMA_LIMBS][4];
    for (int k = 0; k < 4; k++) fma_split52(l, x[k], k);
    for (int j = 0; j < FMA_LIMBS; j++) r->l[j] = _mm256_loadu_si256((const void *)l[j]);
}

FMA_INLINE void fma_unpack(uint64_t x[4][4], const fe5 *a)
{
    uint64_t l[FMA_LIMBS][4];
    for (int j = 0; j < FMA_LIMBS; j++) _mm256_storeu_si256((void *)l[j], a->l[j]);
    for (int k = 0; k < 4; k++) fma_join52(x[k], l, k);
}

/* The rounding mode "toward zero" for the products, every floating-point
 * exception masked (a caller may have unmasked one: the truncations raise
 * "inexact"); leaving restores the caller's MXCSR, flags included. */
static inline unsigned fr_avx2_rz_enter(void)
{
    const unsigned csr = __builtin_ia32_stmxcsr();
    __builtin_ia32_ldmxcsr(csr | 0x6000u | 0x1f80u);
    return csr;
}

static inline void fr_avx2_rz_leave(unsigned csr) { __builtin_ia32_ldmxcsr(csr); }

#endif /* FR_HAVE_AVX2 */
#endif
