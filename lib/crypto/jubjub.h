/* AltJubjub ("Baby Jubjub" with a = -1) over BN254 Fr. Internal.
 *
 *   -x^2 + y^2 = 1 + d x^2 y^2,  d = -168696/168700 (non-square), identity (0, 1).
 *
 * Points are kept in extended twisted Edwards coordinates (X:Y:Z:T), x = X/Z,
 * y = Y/Z, T = XY/Z. The addition law (Hisil-Wong-Carter-Dawson, a = -1) is
 * complete here because d is not a square and -1 is: it has no exceptional
 * inputs, handles doubling and the identity, and needs no branches.
 *
 * Constant time: everything not ending in _var. _var functions branch on their
 * inputs and may only see public data (verification, decoding). */
#ifndef ZKI_JUBJUB_H
#define ZKI_JUBJUB_H

#include <stdint.h>

#include "fr.h"
#include "fs.h"

typedef struct { zki_fr X, Y, Z, T; } zki_jj_point;
typedef struct { zki_fr x, y; } zki_jj_affine;
/* An affine point prepared for mixed addition: (y + x, y - x, 2 d x y). */
typedef struct { zki_fr ypx, ymx, t2d; } zki_jj_precomp;

/* Curve constants in Fr's Montgomery form. */
extern const zki_fr zki_jj_d;
extern const zki_fr zki_jj_d2;            /* 2d */
extern const zki_jj_affine zki_jj_generator; /* "SpendingKeyGenerator", order r */

/* Fixed-base table (lib/crypto/jubjub_table.c, written by tools/gen_jubjub_table.c):
 * zki_jj_base_table[i][j] = (j + 1) * 2^(W i) * G for W = ZKI_JJ_WINDOW_BITS,
 * i < ZKI_JJ_TABLE_WINDOWS, j < ZKI_JJ_TABLE_ENTRIES = 2^(W-1). Scalars < r < 2^251
 * recode into that many signed digits (W * windows >= 252 leaves room for the carry).
 * W = 5: 51 * 16 * 96 bytes = 78336 bytes (76.5 KiB) of read-only data. */
/* A packed point: y little-endian, the parity of x in the top bit. */
#define ZKI_JJ_PACKED_BYTES ZKI_FR_BYTES
#define ZKI_JJ_WINDOW_BITS 5
#define ZKI_JJ_TABLE_WINDOWS ((252 + ZKI_JJ_WINDOW_BITS - 1) / ZKI_JJ_WINDOW_BITS)
#define ZKI_JJ_TABLE_ENTRIES (1 << (ZKI_JJ_WINDOW_BITS - 1))
extern const zki_jj_precomp zki_jj_base_table[ZKI_JJ_TABLE_WINDOWS][ZKI_JJ_TABLE_ENTRIES];

void zki_jj_set_identity(zki_jj_point *p);
void zki_jj_from_affine(zki_jj_point *p, const zki_jj_affine *a);
void zki_jj_to_precomp(zki_jj_precomp *q, const zki_jj_affine *a);
/* 1/a in Fr (1/0 = 0), constant time, by Bernstein-Yang divsteps (744 steps in
 * 12 batches of 62, no secret-dependent branch or index); about 4x faster than
 * Fermat. Used for affine conversion; it would fit in fr.c just as well. */
void zki_jj_inv(zki_fr *out, const zki_fr *a);
/* Affine form; constant-time inversion of Z. */
void zki_jj_to_affine(zki_jj_affine *a, const zki_jj_point *p);
void zki_jj_add(zki_jj_point *r, const zki_jj_point *p, const zki_jj_point *q);
void zki_jj_madd(zki_jj_point *r, const zki_jj_point *p, const zki_jj_precomp *q);
void zki_jj_dbl(zki_jj_point *r, const zki_jj_point *p);
void zki_jj_neg(zki_jj_point *r, const zki_jj_point *p);
/* 1 if p is the identity (0 : Z : Z : 0), else 0; branch-free. */
uint64_t zki_jj_is_identity(const zki_jj_point *p);
/* 1 if p and q are the same point, else 0; branch-free. */
uint64_t zki_jj_eq(const zki_jj_point *p, const zki_jj_point *q);
/* 1 if the affine point satisfies the curve equation. */
uint64_t zki_jj_affine_on_curve(const zki_jj_affine *a);

/* r = k * G with the precomputed table: ZKI_JJ_TABLE_WINDOWS signed W-bit
 * digits, each entry found by scanning the whole row with masks, one complete
 * mixed addition per digit, no doublings. Constant time in k. */
void zki_jj_mul_base(zki_jj_point *r, const zki_fs *k);

/* r = k * p for a public 256-bit scalar k (4 limbs, least significant first).
 * Variable time (width-5 NAF). Verification only. */
void zki_jj_mul_var(zki_jj_point *r, const zki_jj_point *p, const uint64_t k[4]);
/* 1 if r * p is the identity (p is in the prime-order subgroup). Variable time. */
int zki_jj_in_subgroup_var(const zki_jj_point *p);

/* Point compression (32 bytes): y little-endian, bit 255 = parity of x. */
void zki_jj_compress(uint8_t out[ZKI_JJ_PACKED_BYTES], const zki_jj_affine *a);
/* Decompression as the reference: y < p, x^2 = (y^2 - 1)/(d y^2 + 1) must be
 * a square, the root is negated to match the sign bit (x = 0 with sign 1 is
 * accepted). No subgroup check. Returns 1 and sets a, or 0 (a zeroed).
 * Variable time: encodings are public. */
int zki_jj_decompress_var(zki_jj_affine *a, const uint8_t in[ZKI_JJ_PACKED_BYTES]);

#endif
