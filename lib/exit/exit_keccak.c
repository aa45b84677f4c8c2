/* Single-block Keccak-256 for the claim tree: the 104-byte leaf data and the
 * 64-byte sorted pairs each fit in one 136-byte block, so the sponge is one
 * keccak-f[1600] over the padded block. The permutation is the same function
 * of lib/crypto/keccak.c (FIPS 202 section 3, Keccak padding 0x01 ... 0x80),
 * the unrolled one that keeps the lanes in registers. Public data
 * only (leaves and nodes), so nothing here needs wiping. */
#include <string.h>

#include "../crypto/keccak.h"
#include "exit_internal.h"

/* block: 136 bytes, already padded. */
static void keccak_one_block(const uint8_t block[136], uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    uint64_t st[25] = {0};
    for (int i = 0; i < 17; i++) st[i] = load64le(block + 8 * i);
    zki_keccak_f1600(st);
    for (int i = 0; i < 4; i++) store64le(out + 8 * i, st[i]);
}

void zki_exit_keccak_short(const uint8_t *data, size_t len, uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    uint8_t block[136];
    memset(block, 0, sizeof block);
    memcpy(block, data, len);
    block[len] ^= 0x01;
    block[135] ^= 0x80;
    keccak_one_block(block, out);
}

void zki_exit_leaf_hash(uint64_t index, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                        const uint8_t token[ZKS_EXIT_ADDRESS_BYTES], const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                        uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    uint8_t block[136];
    memset(block, 0, sizeof block);
    for (int i = 0; i < 8; i++) block[31 - i] = (uint8_t)(index >> (8 * i));
    memcpy(block + 32, account, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(block + 52, token, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(block + 72, amount, ZKS_EXIT_AMOUNT_BYTES);
    block[104] = 0x01;
    block[135] = 0x80;
    keccak_one_block(block, out);
}

void zki_exit_pair_hash(const uint8_t a[ZKS_EXIT_HASH_BYTES], const uint8_t b[ZKS_EXIT_HASH_BYTES],
                        uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    uint8_t block[136];
    int a_first = memcmp(a, b, ZKS_EXIT_HASH_BYTES) <= 0;
    memcpy(block, a_first ? a : b, ZKS_EXIT_HASH_BYTES);
    memcpy(block + ZKS_EXIT_HASH_BYTES, a_first ? b : a, ZKS_EXIT_HASH_BYTES);
    memset(block + 64, 0, 72);
    block[64] = 0x01;
    block[135] = 0x80;
    keccak_one_block(block, out);
}
