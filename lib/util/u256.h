/* 256-bit unsigned integers for amounts, fees, wei values and ABI words.
 * Internal. Values are public data (amounts), so nothing here is constant time.
 * Representation: four 64-bit limbs, least significant first. */
#ifndef ZKI_U256_H
#define ZKI_U256_H

#include <stddef.h>
#include <stdint.h>

typedef struct { uint64_t w[4]; } zki_u256;

/* Parses an unsigned decimal string: digits only, no sign, no spaces, no
 * leading "+", at least one digit, at most 78 digits, value <= 2^256-1.
 * Leading zeros are accepted. Returns 0 on success, -1 otherwise (r zeroed). */
int zki_u256_from_dec(zki_u256 *r, const char *s);
/* The same for a string of known length (not NUL-terminated). */
int zki_u256_from_dec_n(zki_u256 *r, const char *s, size_t n);
/* Writes the decimal form (no leading zeros; "0" for zero) into out, which must
 * hold at least 79 bytes. Returns the length. */
size_t zki_u256_to_dec(char out[79], const zki_u256 *a);
void zki_u256_from_u64(zki_u256 *r, uint64_t x);
/* Big-endian byte forms: n = 1..32 bytes; from_be reads n bytes, to_be writes
 * the low n bytes and returns -1 (writing nothing) if the value does not fit. */
void zki_u256_from_be(zki_u256 *r, const uint8_t *in, size_t n);
int zki_u256_to_be(uint8_t *out, size_t n, const zki_u256 *a);
int zki_u256_cmp(const zki_u256 *a, const zki_u256 *b);   /* -1, 0, 1 */
int zki_u256_is_zero(const zki_u256 *a);
/* Bit length (0 for zero). */
unsigned zki_u256_bits(const zki_u256 *a);
/* Arithmetic; each returns 0, or -1 on overflow/underflow/division by zero (r unspecified then). */
int zki_u256_add(zki_u256 *r, const zki_u256 *a, const zki_u256 *b);
int zki_u256_sub(zki_u256 *r, const zki_u256 *a, const zki_u256 *b);
int zki_u256_mul_u64(zki_u256 *r, const zki_u256 *a, uint64_t m);
int zki_u256_mul(zki_u256 *r, const zki_u256 *a, const zki_u256 *b);
/* q = a / d, *rem = a % d (rem may be NULL). */
int zki_u256_divmod_u64(zki_u256 *q, uint64_t *rem, const zki_u256 *a, uint64_t d);
int zki_u256_divmod(zki_u256 *q, zki_u256 *rem, const zki_u256 *a, const zki_u256 *d);
/* r = 10^e for e <= 77. */
int zki_u256_pow10(zki_u256 *r, unsigned e);

#endif
