/* Single-block Keccak-256 for the claim tree: the leaf data
 * (ZKS_EXIT_LEAF_DATA_BYTES) and the sorted pairs each fit in one block of
 * the rate (ZKI_KECCAK256_RATE), so the sponge is one
 * keccak-f[1600] over the padded block. The permutation is the same function
 * of lib/crypto/keccak.c (FIPS 202 section 3, Keccak padding 0x01 ... 0x80),
 * the unrolled one that keeps the lanes in registers. Public data
 * only (leaves and nodes), so nothing here needs wiping. */
#include <string.h>

#include "../crypto/keccak.h"
#include "exit_internal.h"

#define PAIR_BYTES (2 * ZKS_EXIT_HASH_BYTES)
_Static_assert(ZKS_EXIT_LEAF_DATA_BYTES < ZKI_KECCAK256_RATE && PAIR_BYTES < ZKI_KECCAK256_RATE, "one block");

/* block: already padded. */
static void keccak_one_block(const uint8_t block[ZKI_KECCAK256_RATE], uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    uint64_t st[25] = {0}; /* the 1600-bit state in lanes */
    for (int i = 0; i < ZKI_KECCAK256_RATE / 8; i++) st[i] = load64le(block + 8 * i);
    zki_keccak_f1600(st);
    for (int i = 0; i < ZKS_EXIT_HASH_BYTES / 8; i++) store64le(out + 8 * i, st[i]);
}

void zki_exit_keccak_short(const uint8_t *data, size_t len, uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    uint8_t block[ZKI_KECCAK256_RATE];
    memset(block, 0, sizeof block);
    memcpy(block, data, len);
    block[len] ^= 0x01;
    block[ZKI_KECCAK256_RATE - 1] ^= 0x80;
    keccak_one_block(block, out);
}

void zki_exit_leaf_hash(uint64_t index, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                        const uint8_t token[ZKS_EXIT_ADDRESS_BYTES], const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                        uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    uint8_t block[ZKI_KECCAK256_RATE];
    memset(block, 0, sizeof block);
    zki_exit_leaf_data(block, index, account, token, amount);
    block[ZKS_EXIT_LEAF_DATA_BYTES] = 0x01;
    block[ZKI_KECCAK256_RATE - 1] = 0x80;
    keccak_one_block(block, out);
}

void zki_exit_pair_hash(const uint8_t a[ZKS_EXIT_HASH_BYTES], const uint8_t b[ZKS_EXIT_HASH_BYTES],
                        uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    uint8_t block[ZKI_KECCAK256_RATE];
    int a_first = memcmp(a, b, ZKS_EXIT_HASH_BYTES) <= 0;
    memcpy(block, a_first ? a : b, ZKS_EXIT_HASH_BYTES);
    memcpy(block + ZKS_EXIT_HASH_BYTES, a_first ? b : a, ZKS_EXIT_HASH_BYTES);
    memset(block + PAIR_BYTES, 0, ZKI_KECCAK256_RATE - PAIR_BYTES);
    block[PAIR_BYTES] = 0x01;
    block[ZKI_KECCAK256_RATE - 1] = 0x80;
    keccak_one_block(block, out);
}
