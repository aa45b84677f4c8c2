/* Shared by the Fr code (fr.c) and its AVX-512 IFMA backend (fr_ifma.h,
 * fr_ifma.c, rescue_ifma.c). Internal to lib/crypto. */
#ifndef ZKI_FR_IMPL_H
#define ZKI_FR_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/fr.h"

/* The IFMA path: x86-64 with GCC or Clang (target attributes, so no
 * per-file flags), unless the build forces the portable path. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(ZKS_NO_IFMA)
#define FR_HAVE_IFMA 1
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FR_MAYBE_UNUSED __attribute__((unused))
#else
#define FR_MAYBE_UNUSED
#endif

/* Sliding-window (width 5) schedule of x^alpha_inv, derived from the bits of
 * the exponent: each step is {squarings, odd multiplier}; the first step
 * starts from x^multiplier. The operation sequence depends only on the
 * (public) exponent, so the exponentiation is constant time in x. */
/* ALPHA_INV: 45 steps */
static const uint8_t CHAIN_ALPHA_INV[][2] FR_MAYBE_UNUSED = {
    {0, 19}, {5, 11}, {5, 13}, {5, 9}, {5, 9}, {6, 17}, {5, 13}, {9, 19}, {5, 27}, {6, 13},
    {4, 5}, {6, 9}, {7, 27}, {5, 19}, {5, 13}, {6, 23}, {2, 3}, {9, 25}, {3, 7}, {6, 13}, {6, 21},
    {3, 5}, {8, 23}, {4, 5}, {6, 13}, {4, 7}, {7, 23}, {7, 29}, {5, 7}, {5, 5}, {6, 9}, {6, 17},
    {5, 13}, {10, 27}, {5, 19}, {5, 31}, {7, 31}, {5, 27}, {4, 13}, {6, 19}, {8, 25}, {5, 19},
    {7, 25}, {5, 19}, {6, 13},
};
#define CHAIN_LEN(c) (sizeof(c) / sizeof((c)[0]))

/* r = t - p if t >= p else t (t < 2p); t = t/2 mod p (t canonical). Both
 * branch-free, on plain (canonical-form) limbs. */
void zki_fr_limbs_reduce_once(uint64_t r[4], const uint64_t t[4]);
void zki_fr_limbs_half(uint64_t t[4]);

#endif
