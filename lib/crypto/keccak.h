/* Keccak-256 as Ethereum uses it (original Keccak padding 0x01, not the
 * SHA3-256 padding 0x06). Internal incremental API; the one-shot public
 * function is zks_keccak256 in zksync.h.
 * Not constant time with respect to the input length only; the data itself
 * is processed without data-dependent branches or table lookups. */
#ifndef ZKI_KECCAK_H
#define ZKI_KECCAK_H

#include <stddef.h>
#include <stdint.h>

#include "zksync.h"

#define ZKI_KECCAK256_RATE 136 /* bytes absorbed per permutation */

typedef struct {
    uint64_t st[25];
    size_t pos; /* bytes absorbed into the current block, < rate */
} zki_keccak_ctx;

void zki_keccak_init(zki_keccak_ctx *c);
void zki_keccak_update(zki_keccak_ctx *c, const uint8_t *data, size_t len);
/* Writes the 32-byte digest and wipes the context. */
void zki_keccak_final(zki_keccak_ctx *c, uint8_t out[ZKS_KECCAK256_BYTES]);
/* One-shot helper (no argument checks). */
void zki_keccak256(const uint8_t *data, size_t len, uint8_t out[ZKS_KECCAK256_BYTES]);

/* keccak-f[1600] on one state (lane x + 5y at s[x + 5y], little-endian words). */
void zki_keccak_f1600(uint64_t s[25]);
/* Eight independent permutations, lane-interleaved: lane i of state j is
 * st[i][j]. Uses AVX-512 when the CPU has it (zki_keccak_f1600x8_vector()
 * returns 1 then), else eight zki_keccak_f1600 (the _portable function,
 * exposed so tests can compare the two). For bulk public data (the claim
 * tree); same result either way. */
void zki_keccak_f1600x8(uint64_t st[25][8]);
void zki_keccak_f1600x8_portable(uint64_t st[25][8]);
int zki_keccak_f1600x8_vector(void);

#endif
