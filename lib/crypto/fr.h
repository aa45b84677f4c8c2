/* BN254 scalar field Fr (p = 0x30644e72...f0000001), the base field of
 * AltJubjub and the field of Rescue. Internal.
 *
 * Representation: four 64-bit limbs, least significant first, in Montgomery
 * form (value * 2^256 mod p), always fully reduced (< p).
 * Every function here is constant time unless its name ends in _var. */
#ifndef ZKI_FR_H
#define ZKI_FR_H

#include <stddef.h>
#include <stdint.h>

typedef struct { uint64_t v[4]; } zki_fr;

#define ZKI_FR_BYTES 32 /* a canonical element as bytes */

extern const zki_fr zki_fr_zero;
extern const zki_fr zki_fr_one;

void zki_fr_set_u64(zki_fr *r, uint64_t x);
/* Loads a canonical little-endian ZKI_FR_BYTES-byte integer. Returns 1 if it was < p
 * (r set), 0 otherwise (r set to zero). Constant time. */
int zki_fr_from_bytes_le(zki_fr *r, const uint8_t in[ZKI_FR_BYTES]);
/* Loads an integer given as 4 little-endian limbs; returns 1 if < p. */
int zki_fr_from_limbs(zki_fr *r, const uint64_t limbs[4]);
/* Writes the canonical value as ZKI_FR_BYTES little-endian bytes. */
void zki_fr_to_bytes_le(uint8_t out[ZKI_FR_BYTES], const zki_fr *a);
/* The same, big-endian (state roots, checkpoints). */
int zki_fr_from_bytes_be(zki_fr *r, const uint8_t in[ZKI_FR_BYTES]);
void zki_fr_to_bytes_be(uint8_t out[ZKI_FR_BYTES], const zki_fr *a);
/* Canonical (non-Montgomery) limbs, least significant first. */
void zki_fr_to_limbs(uint64_t out[4], const zki_fr *a);

void zki_fr_add(zki_fr *r, const zki_fr *a, const zki_fr *b);
void zki_fr_sub(zki_fr *r, const zki_fr *a, const zki_fr *b);
void zki_fr_neg(zki_fr *r, const zki_fr *a);
void zki_fr_mul(zki_fr *r, const zki_fr *a, const zki_fr *b);
void zki_fr_sqr(zki_fr *r, const zki_fr *a);
/* 1/a by Fermat (a^(p-2)); 1/0 = 0. Constant time. */
void zki_fr_inv(zki_fr *r, const zki_fr *a);
/* a^5 and a^(1/5) (= a^alpha_inv, alpha_inv = 5^-1 mod p-1): the Rescue S-boxes. */
void zki_fr_pow5(zki_fr *r, const zki_fr *a);
void zki_fr_pow_inv5(zki_fr *r, const zki_fr *a);
/* The same, on three independent elements at once (interleaved for speed). */
void zki_fr_pow_inv5_x3(zki_fr r[3], const zki_fr a[3]);
/* a^5 of three elements at once. */
void zki_fr_pow5_x3(zki_fr r[3], const zki_fr a[3]);
/* r = a[0]*b[0] + a[1]*b[1] + a[2]*b[2] with a single reduction (MDS rows). */
void zki_fr_dot3(zki_fr *r, const zki_fr a[3], const zki_fr b[3]);
/* The portable code path of zki_fr_pow_inv5_x3 (same results); for tests and
 * benchmarks. zki_fr_pow_inv5_x3 uses an AVX-512 IFMA path instead
 * (fr_ifma.c) when zki_fr_ifma_available() returns 1. */
void zki_fr_pow_inv5_x3_portable(zki_fr r[3], const zki_fr a[3]);
/* 1 when the IFMA paths are used: the CPU has AVX-512 F/VL/IFMA, the build
 * has them (neither -DZKS_NO_IFMA nor -DZKS_NO_AVX2), and the environment
 * variables ZKS_NO_IFMA and ZKS_NO_AVX2 (read once, at the first call) are
 * unset, empty or "0". */
int zki_fr_ifma_available(void);
/* Tests and benchmarks: 0 forces the portable path, 1 goes back to IFMA
 * where the CPU and build have it. Returns the new zki_fr_ifma_available().
 * Not meant to be called while other threads hash. */
int zki_fr_set_ifma(int on);
/* The whole Rescue permutation (rescue_ifma.c) on the AVX-512 IFMA path: state
 * stays in the vector domain between the layers. Returns 1 when done, 0
 * (state untouched) when the CPU has no IFMA or the build leaves it out. */
int zki_fr_rescue_perm_ifma(zki_fr state[3], const zki_fr rc[45][3], const zki_fr mds[3][3]);
/* Two independent Rescue permutations (sa and sb) in lockstep on the IFMA
 * path; same contract as zki_fr_rescue_perm_ifma (0: both states untouched). */
int zki_fr_rescue_perm2_ifma(zki_fr sa[3], zki_fr sb[3], const zki_fr rc[45][3],
                             const zki_fr mds[3][3]);
/* Portable S-boxes of six independent elements (two Rescue states, a[0..2]
 * and a[3..5]) stepped together: x^(1/5) and x^5. */
/* n independent Rescue permutations (s[0..n) in place) on the IFMA path,
 * eight at a time with every lane in use; same contract (0: untouched). */
int zki_fr_rescue_batch_ifma(zki_fr (*s)[3], size_t n, const zki_fr rc[45][3], const zki_fr mds[3][3]);
void zki_fr_pow_inv5_x6_portable(zki_fr r[6], const zki_fr a[6]);
/* The AVX2 path (fr_avx2.h, rescue_avx2.c), for CPUs without IFMA: 1 when
 * it is used: the CPU has AVX2 and FMA and the OS saves its registers, the build has
 * it (not -DZKS_NO_AVX2), and ZKS_NO_AVX2 (environment, read once) is unset,
 * empty or "0". ZKS_NO_AVX2 also turns the IFMA path off: it forces the
 * scalar code. The batch permutation tries IFMA, then AVX2, then scalar. */
int zki_fr_avx2_available(void);
/* Tests and benchmarks, as zki_fr_set_ifma: 0 forces the scalar code where
 * IFMA is off too, 1 goes back to AVX2 where the CPU and build have it. */
int zki_fr_set_avx2(int on);
/* n independent Rescue permutations on the AVX2 path, four at a time (one
 * per lane); same contract as zki_fr_rescue_batch_ifma (0: untouched). */
int zki_fr_rescue_batch_avx2(zki_fr (*s)[3], size_t n, const zki_fr rc[45][3], const zki_fr mds[3][3]);
/* Tests: the AVX2 product, square and sum of four lane pairs of raw
 * integers of the AVX2 domain (x * 2^260, each below 2.1p): mul = a*b/2^260,
 * sqr = a^2/2^260 (mod p, not fully reduced), add = a + b; dot3 the MDS
 * layer's sum (a[0]*b[0] + a[1]*b[1] + a[2]*b[2]) / 2^260. 0 (outputs
 * untouched) when the AVX2 path is off. The domain conversions of fr.c's
 * elements: to (canonical) and from (an integer below 3p). */
int zki_fr_avx2_test_ops(uint64_t mul[4][4], uint64_t sqr[4][4], uint64_t add[4][4], const uint64_t a[4][4],
                         const uint64_t b[4][4]);
int zki_fr_avx2_test_dot3(uint64_t dot[4][4], const uint64_t a[3][4][4], const uint64_t b[3][4][4]);
void zki_fr_avx2_to_domain(uint64_t out[4], const zki_fr *a);
void zki_fr_avx2_from_domain(zki_fr *r, const uint64_t x[4]);
void zki_fr_pow5_x6(zki_fr r[6], const zki_fr a[6]);
/* The scalar products (every zki_fr_* product outside the vector paths) use
 * the x86-64 BMI2/ADX kernels of fr_adx.h when this returns 1: the CPU has
 * BMI2 and ADX (CPUID), the build has them (x86-64, not -DZKS_NO_ADX), and
 * ZKS_NO_ADX (environment, read once) is unset, empty or "0". Else the C
 * kernels (every other CPU, e.g. arm64). Same results either way. */
int zki_fr_adx_available(void);
/* Tests and benchmarks: 0 forces the C kernels, 1 goes back to ADX where
 * the CPU and build have it, 2 uses ADX without asking CPUID (valgrind
 * hides ADX from CPUID but runs it; the caller checks the host CPU). Returns
 * the new zki_fr_adx_available(). Not meant to be called while other threads
 * compute. */
int zki_fr_set_adx(int on);
/* Tests: the lazy Montgomery kernels on raw limbs a, b < 2p: mul = a*b/2^256,
 * sqr = a^2/2^256 (mod p, below 2p), by the ADX kernels (adx = 1; returns 0,
 * outputs untouched, when zki_fr_adx_available() is 0) or the C ones. */
int zki_fr_test_mont(uint64_t mul[4], uint64_t sqr[4], const uint64_t a[4], const uint64_t b[4], int adx);
#ifdef ZKS_COUNT_OPS
/* Products done by the portable code (built with -DZKS_COUNT_OPS, for
 * benchmarks; the IFMA path is not counted). Not thread-safe. */
extern unsigned long long zki_fr_mul_count, zki_fr_sqr_count;
#endif
/* Square root, variable time (public data only). Returns 1 and sets r to a
 * root if a is a square, else returns 0. */
int zki_fr_sqrt_var(zki_fr *r, const zki_fr *a);

/* Constant-time predicates and selection. */
uint64_t zki_fr_is_zero(const zki_fr *a);          /* 1 or 0 */
uint64_t zki_fr_eq(const zki_fr *a, const zki_fr *b); /* 1 or 0 */
uint64_t zki_fr_is_odd(const zki_fr *a);           /* parity of the canonical value */
void zki_fr_cmov(zki_fr *r, const zki_fr *a, uint64_t flag); /* r = flag ? a : r; flag is 0 or 1 */

#endif
