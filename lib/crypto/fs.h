/* Jubjub scalar field Fs: integers mod r, the order of the AltJubjub prime
 * subgroup (r = 0x060c89ce...392126f1, 251 bits). Internal.
 *
 * Representation: four 64-bit limbs, least significant first, canonical
 * (always < r, NOT Montgomery form), so private keys, nonces and s load and
 * store without conversion. Every function here is constant time: no branch
 * and no memory index depends on a value. */
#ifndef ZKI_FS_H
#define ZKI_FS_H

#include <stdint.h>

typedef struct { uint64_t v[4]; } zki_fs;

#define ZKI_FS_BYTES 32 /* a canonical element as bytes (scalar, nonce, private key) */

/* r itself, as limbs (public constant). */
extern const uint64_t zki_fs_modulus[4];

/* Loads a ZKI_FS_BYTES-byte big-endian (be) or little-endian (le) integer. Returns 1 if
 * it is < r (a set to it), else 0 (a set to zero). The comparison is
 * branch-free, so the result may be used as a mask before it is declassified. */
uint64_t zki_fs_from_bytes_be(zki_fs *a, const uint8_t in[ZKI_FS_BYTES]);
uint64_t zki_fs_from_bytes_le(zki_fs *a, const uint8_t in[ZKI_FS_BYTES]);
void zki_fs_to_bytes_be(uint8_t out[ZKI_FS_BYTES], const zki_fs *a);
void zki_fs_to_bytes_le(uint8_t out[ZKI_FS_BYTES], const zki_fs *a);
/* Loads limbs that the caller knows to be < r (for example a value < 2^250). */
void zki_fs_from_limbs(zki_fs *a, const uint64_t limbs[4]);
void zki_fs_set_u64(zki_fs *a, uint64_t x);

void zki_fs_add(zki_fs *r, const zki_fs *a, const zki_fs *b);
void zki_fs_sub(zki_fs *r, const zki_fs *a, const zki_fs *b);
void zki_fs_neg(zki_fs *r, const zki_fs *a);
void zki_fs_mul(zki_fs *r, const zki_fs *a, const zki_fs *b);

uint64_t zki_fs_is_zero(const zki_fs *a);              /* 1 or 0 */
uint64_t zki_fs_eq(const zki_fs *a, const zki_fs *b);   /* 1 or 0 */
void zki_fs_cmov(zki_fs *r, const zki_fs *a, uint64_t flag); /* r = flag ? a : r; flag 0 or 1 */

/* 1 if the ZKI_FS_BYTES-byte big-endian integer in is < r, else 0; branch-free. */
uint64_t zki_fs_be_lt_r(const uint8_t in[ZKI_FS_BYTES]);

/* Loads a zkSync private key (ZKS_PRIVKEY_BYTES = ZKI_FS_BYTES, big-endian). Returns 1 if 0 < sk < r
 * (sk set), else 0 (sk zeroed). Branch-free; the caller declassifies the
 * result before branching on it (validity is not the secret). */
uint64_t zki_fs_load_privkey(zki_fs *sk, const uint8_t privkey[ZKI_FS_BYTES]);

#endif
