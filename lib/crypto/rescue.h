/* Rescue over BN254 Fr with the zkSync Lite parameters (t = 3, rate 2,
 * 22 double rounds, alpha = 5), and the bit packing zkSync uses. Internal.
 * Inputs of Rescue are never secret, so none of this needs constant time. */
#ifndef ZKI_RESCUE_H
#define ZKI_RESCUE_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"

/* The permutation (rescue_mimc) in place. */
void zki_rescue_perm(zki_fr state[3]);
/* The same without the AVX-512 IFMA path (for tests and benchmarks). */
void zki_rescue_perm_portable(zki_fr state[3]);

/* Two independent permutations (sa and sb must not overlap) run in lockstep:
 * the same results as zki_rescue_perm(sa); zki_rescue_perm(sb), in less time
 * than the two in sequence (their dependency chains hide each other). */
void zki_rescue_perm2(zki_fr sa[3], zki_fr sb[3]);
/* The same without the AVX-512 IFMA path (for tests and benchmarks). */
void zki_rescue_perm2_portable(zki_fr sa[3], zki_fr sb[3]);

/* n independent permutations, s[0..n) in place (states must not overlap):
 * the same results as zki_rescue_perm on each. With AVX-512 IFMA eight
 * states go through the 512-bit lanes together (about 2.7 times the rate
 * of one at a time); without IFMA but with AVX2, four states go through the
 * 256-bit lanes (fr_avx2.h); the scalar code runs them one by one. For
 * public data (tree hashing); n may be anything, 0 included. */
void zki_rescue_perm_batch(zki_fr (*s)[3], size_t n);
/* The same on the scalar code only, whatever the CPU (tests, benchmarks). */
void zki_rescue_perm_batch_portable(zki_fr (*s)[3], size_t n);

/* Fixed-length sponge over n elements (1 <= n <= 255): state = [0, 0, n],
 * absorb pairs (padding with 1), one permutation per pair.
 * out receives n_out squeezed rate elements (n_out is 1 or 2; the second is
 * state[1] of the same state, with no extra permutation). */
void zki_rescue_sponge(const zki_fr *in, size_t n, zki_fr *out, size_t n_out);

/* Multipacking: bytes to bits (MSB first within each byte), cut into 253-bit
 * chunks, each chunk read with its first bit as the least significant bit.
 * total_bits >= 8*len: the bit string is zero-padded to total_bits.
 * Writes ceil(total_bits/253) elements to out. */
void zki_multipack(const uint8_t *bytes, size_t len, size_t total_bits, zki_fr *out);

/* Generated tables (lib/crypto/rescue_constants.c, made by tools/gen_rescue.c). */
extern const zki_fr zki_rescue_rc[45][3];   /* round constants, Montgomery form */
extern const zki_fr zki_rescue_mds[3][3];   /* MDS matrix, Montgomery form */

#endif
