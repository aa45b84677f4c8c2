/* libFuzzer target: the state tree over arbitrary accounts.csv / balances.csv
 * bytes (through the snapshot readers, both the streaming and the
 * load-and-sort paths), and the executeBlocks calldata decoder.
 * Input: first byte selects (even: CSV, odd: calldata); for CSV the rest is
 * split at the first NUL into accounts and balances. Small balance depth and
 * block width keep each run short. Checks: a root only with ZKS_OK, a zeroed
 * root otherwise, an error message on every refusal. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "exit/state_tree.h"

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    if (n < 1) return 0;
    if (d[0] & 1) {
        zks_l1_stored_block b;
        uint32_t num = n > 5 ? (uint32_t)d[1] << 8 | d[2] : 0;
        zks_status st = zks_l1_decode_execute_blocks(d + 1, n - 1, num, &b);
        if (st != ZKS_OK && !all_zero((const uint8_t *)&b, sizeof b)) abort();
        if (st == ZKS_OK && b.block_number != num) abort();
        return 0;
    }
    if (n > 4096) return 0; /* every account costs Rescue permutations */
    const uint8_t *sep = memchr(d + 1, 0, n - 1);
    size_t la = sep ? (size_t)(sep - (d + 1)) : n - 1;
    zki_state_src a = {.path = NULL, .data = d + 1, .len = la};
    zki_state_src b = {.path = NULL, .data = sep ? sep + 1 : (const uint8_t *)"", .len = sep ? n - 2 - la : 0};
    zks_state_options o;
    if (zks_state_options_init(&o) != ZKS_OK) abort();
    o.balance_depth = 1 + (d[0] >> 1) % 4;
    o.threads = (d[0] & 0x80) ? 2 : 1;
    zki_state_set_block_bits(2 + (d[0] >> 3) % 3);
    uint8_t root[32];
    zks_exit_error err;
    zks_status st = zki_state_root_src(&a, &b, &o, root, &err);
    if (st != ZKS_OK && !all_zero(root, 32)) abort();
    if (st != ZKS_OK && err.message[0] == '\0') abort();
    if (st == ZKS_OK && err.message[0] != '\0') abort();
    return 0;
}
