/* libFuzzer target for the snapshot CSV readers (lib/exit/csv.c). The first
 * byte picks the kind (accounts, balances, tokens, new_leaves); the rest is
 * the file. Invariants: no crash or leak; every failure is a typed status
 * with a message; a leaves file that reads cleanly with claim_index 0,1,2...
 * also streams into the tree and gives a root. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zksync.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20)) return 0;
    uint32_t kind = 1 + data[0] % 4;
    zks_exit_reader *r;
    zks_exit_error e;
    zks_status st = zks_exit_reader_open_buffer("fuzz.csv", data + 1, size - 1, kind, &r, &e);
    if (st != ZKS_OK) {
        if ((st != ZKS_ERR_FILE_FORMAT && st != ZKS_ERR_NOMEM) || e.message[0] == '\0') abort();
        return 0;
    }
    zks_exit_tree *t = NULL;
    if (kind == ZKS_EXIT_FILE_LEAVES && zks_exit_tree_new(&t) != ZKS_OK) abort();
    uint64_t next = 0;
    int in_order = 1;
    for (;;) {
        zks_exit_record rec;
        int32_t eof;
        st = zks_exit_reader_next(r, &rec, &eof, &e);
        if (st != ZKS_OK) {
            if (st != ZKS_ERR_FILE_FORMAT || e.message[0] == '\0' || e.line == 0) abort();
            break;
        }
        if (eof) break;
        if (rec.kind != kind || rec.line == 0) abort();
        if (t != NULL && in_order) {
            if (rec.id != next) {
                in_order = 0;
                continue;
            }
            if (zks_exit_tree_add(t, rec.id, rec.address, rec.token, rec.amount, rec.balance) != ZKS_OK) abort();
            next++;
        }
    }
    if (t != NULL) {
        uint8_t root[32];
        st = zks_exit_tree_root(t, root);
        if ((next > 0) != (st == ZKS_OK)) abort();
        zks_exit_tree_free(t);
    }
    zks_exit_reader_free(r);
    return 0;
}
