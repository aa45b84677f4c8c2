/* Internal parts of lib/exit shared by its files. Not installed. */
#ifndef ZKI_EXIT_INTERNAL_H
#define ZKI_EXIT_INTERNAL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../internal.h"

/* Sets err (when not NULL): file, line and "<file> line <n>: <fmt...>" (no line part when line is 0). */
void zki_exit_err_set(zks_exit_error *err, const char *file, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void zki_exit_err_clear(zks_exit_error *err);

/* Keccak-256 of the leaf data (ZKS_EXIT_LEAF_DATA_BYTES) and of a sorted pair (min || max),
 * one padded block through the unrolled keccak-f[1600] of lib/crypto (exit_keccak.c). */
void zki_exit_leaf_hash(uint64_t index, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                        const uint8_t token[ZKS_EXIT_ADDRESS_BYTES], const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                        uint8_t out[ZKS_EXIT_HASH_BYTES]);
void zki_exit_pair_hash(const uint8_t a[ZKS_EXIT_HASH_BYTES], const uint8_t b[ZKS_EXIT_HASH_BYTES],
                        uint8_t out[ZKS_EXIT_HASH_BYTES]);
/* Keccak-256 of len <= 135 bytes (one block). */
/* Keccak lanes are little-endian 64-bit words (FIPS 202). */
static inline uint64_t load64le(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline void store64le(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, 8);
}

/* The claim leaf data that is hashed (ZKS_EXIT_LEAF_DATA_BYTES, big-endian):
 * index as a uint256 || account || token || amount. */
#define ZKI_LEAF_INDEX_BYTES ZKS_U256_BYTES
#define ZKI_LEAF_ACCOUNT_AT ZKI_LEAF_INDEX_BYTES
#define ZKI_LEAF_TOKEN_AT (ZKI_LEAF_ACCOUNT_AT + ZKS_EXIT_ADDRESS_BYTES)
#define ZKI_LEAF_AMOUNT_AT (ZKI_LEAF_TOKEN_AT + ZKS_EXIT_ADDRESS_BYTES)
_Static_assert(ZKI_LEAF_AMOUNT_AT + ZKS_EXIT_AMOUNT_BYTES == ZKS_EXIT_LEAF_DATA_BYTES, "claim leaf layout");
_Static_assert(ZKS_EXIT_LEAF_DATA_BYTES % 8 == 0, "the leaf data is whole Keccak lanes");

static inline void zki_exit_leaf_data(uint8_t out[ZKS_EXIT_LEAF_DATA_BYTES], uint64_t index,
                                      const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                                      const uint8_t token[ZKS_EXIT_ADDRESS_BYTES],
                                      const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES])
{
    memset(out, 0, ZKI_LEAF_INDEX_BYTES - sizeof index);
    for (size_t i = 0; i < sizeof index; i++) out[ZKI_LEAF_INDEX_BYTES - 1 - i] = (uint8_t)(index >> (8 * i));
    memcpy(out + ZKI_LEAF_ACCOUNT_AT, account, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(out + ZKI_LEAF_TOKEN_AT, token, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(out + ZKI_LEAF_AMOUNT_AT, amount, ZKS_EXIT_AMOUNT_BYTES);
}

void zki_exit_keccak_short(const uint8_t *data, size_t len, uint8_t out[ZKS_EXIT_HASH_BYTES]);

/* Bytes of input consumed so far and the file size (0 = unknown). */
void zki_exit_reader_progress(const zks_exit_reader *r, uint64_t *done, uint64_t *total);
/* The file name the reader reports in errors. */
const char *zki_exit_reader_name(const zks_exit_reader *r);

/* Atomic output: a temporary file in the folder of path, renamed over path on commit. */
typedef struct zki_exit_out {
    FILE *f;
    char *path;
    char *tmp;
} zki_exit_out;

zks_status zki_exit_out_open(zki_exit_out *o, const char *path, zks_exit_error *err);
/* Flushes, fsyncs, closes, renames (and fsyncs the folder). On failure the temporary file is removed. */
zks_status zki_exit_out_commit(zki_exit_out *o, zks_exit_error *err);
/* Closes and removes the temporary file. Safe to call twice. */
void zki_exit_out_abort(zki_exit_out *o);

/* Writes "0x" + 2*n lowercase hex digits (no NUL) and returns the number of chars (2 + 2n). */
size_t zki_exit_hex0x(char *out, const uint8_t *in, size_t n);

#endif
