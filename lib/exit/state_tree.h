/* The state tree's internals shared with its tests and fuzz target. Internal. */
#ifndef ZKI_STATE_TREE_H
#define ZKI_STATE_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "zksync.h"
#include "crypto/fr.h"

/* Where the two snapshot files come from: a path, or bytes in memory (then
 * name is only used in messages and no checkpoint applies). */
typedef struct zki_state_src {
    const char *path;
    const uint8_t *data;
    size_t len;
} zki_state_src;

/* zks_state_root_files over two sources. */
zks_status zki_state_root_src(const zki_state_src *accounts, const zki_state_src *balances,
                              const zks_state_options *opts, uint8_t out_root[ZKS_STATE_ROOT_BYTES],
                              zks_exit_error *err);

/* Test hook: the block width (log2 of the ids per block, 1..32; default 16),
 * so that tests reach the block and checkpoint logic with small ids. Not
 * thread-safe; tests only. */
void zki_state_set_block_bits(unsigned bits);

/* Benchmark hook: Rescue permutations done by the state tree in this
 * process so far, out[0] for balance leaves and trees, out[1] for state
 * roots, account leaves and the account tree (the per-height defaults and
 * zki_state_sparse_root are not counted). */
void zki_state_perm_counts(uint64_t out[2]);

/* The root of a sparse tree of the given depth (1..32) over Rescue with the
 * state tree's level reduction: leaves[i] at index idx[i] (strictly
 * increasing), empty leaves leaf0, node = rescue([l, r]). Values are
 * big-endian field elements (ZKI_FR_BYTES). Returns 0, or -1 (bad order, depth, or a value
 * >= p, or no memory). For the upstream sparse-Merkle-tree vectors. */
int zki_state_sparse_root(const uint32_t *idx, const uint8_t (*leaves)[ZKI_FR_BYTES], size_t n, unsigned depth,
                          const uint8_t leaf0[ZKI_FR_BYTES], uint8_t root[ZKI_FR_BYTES]);

#endif
