/* Shared by the Fr code (fr.c) and its AVX-512 IFMA backend (fr_ifma.h,
 * fr_ifma.c, rescue_ifma.c). Internal to lib/crypto. */
#ifndef ZKI_FR_IMPL_H
#define ZKI_FR_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/fr.h"

/* The IFMA path: x86-64 with GCC or Clang (target attributes, so no
 * per-file flags), unless the build forces a non-IFMA path (-DZKS_NO_IFMA)
 * or the scalar code (-DZKS_NO_AVX2: no vector code at all). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(ZKS_NO_IFMA) &&           \
    !defined(ZKS_NO_AVX2)
#define FR_HAVE_IFMA 1
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FR_MAYBE_UNUSED __attribute__((unused))
#else
#define FR_MAYBE_UNUSED
#endif

/* The portable code's schedule of x^alpha_inv (fr.c): a sliding window of
 * width 5 over the bits of the exponent, after the 16 odd powers x..x^31;
 * each step is {squarings, odd multiplier}, the first step starting from
 * x^multiplier. 250 squarings + 59 multiplications. The portable code keeps it:
 * with the shorter INV5 chain below it measured 1-3% slower (its table loop
 * costs more than the four operations saved; the scalar code is bound by the
 * multiplier's throughput). Constant time in x (public exponent). */
/* ALPHA_INV: 45 steps */
static const uint8_t CHAIN_ALPHA_INV[][2] FR_MAYBE_UNUSED = {
    {0, 19}, {5, 11}, {5, 13}, {5, 9}, {5, 9}, {6, 17}, {5, 13}, {9, 19}, {5, 27}, {6, 13},
    {4, 5}, {6, 9}, {7, 27}, {5, 19}, {5, 13}, {6, 23}, {2, 3}, {9, 25}, {3, 7}, {6, 13}, {6, 21},
    {3, 5}, {8, 23}, {4, 5}, {6, 13}, {4, 7}, {7, 23}, {7, 29}, {5, 7}, {5, 5}, {6, 9}, {6, 17},
    {5, 13}, {10, 27}, {5, 19}, {5, 31}, {7, 31}, {5, 27}, {4, 13}, {6, 19}, {8, 25}, {5, 19},
    {7, 25}, {5, 19}, {6, 13},
};
/* The addition chain of x^alpha_inv (alpha_inv = 5^-1 mod p-1, a 254-bit
 * exponent), found by tools/gen_inv5_chain.py (docs/crypto-rescue.md): a
 * table of powers of x in INV5_SLOTS slots (slot 0 is x; each operation
 * squares or multiplies earlier slots), then windows: {squarings, slot} per
 * step, the first step only loading its slot. 305 operations where the
 * width-5 sliding window takes 309; used by the IFMA paths (fr_ifma.h,
 * rescue_ifma.c), which it makes 3-5% faster. The operation sequence depends
 * only on the (public) exponent, so it is constant time in x. */
#include "inv5_chain.h" /* generated: INV5_SLOTS, INV5_TABLE, INV5_STEPS */
#define CHAIN_LEN(c) (sizeof(c) / sizeof((c)[0]))
/* Keeps a loop rolled (GCC and Clang both read this pragma). */
#if defined(__GNUC__) || defined(__clang__)
#define FR_NO_UNROLL _Pragma("GCC unroll 1")
#else
#define FR_NO_UNROLL
#endif

/* r = t - p if t >= p else t (t < 2p); t = t/2 mod p (t canonical). Both
 * branch-free, on plain (canonical-form) limbs. */
void zki_fr_limbs_reduce_once(uint64_t r[4], const uint64_t t[4]);
void zki_fr_limbs_half(uint64_t t[4]);

#endif
