/* libFuzzer target for the snapshot CSV readers (lib/exit/csv.c). The first
 * byte picks the kind (accounts, balances, tokens, new_leaves); the rest is
 * the file. Invariants: no crash or leak; every failure is a typed status
 * with a message; a leaves file that reads cleanly with claim_index 0,1,2...
 * also streams into the tree and gives a root; the same bytes as a file
 * (memfd) through the batched zks_exit_root_file give the same root, or fail
 * where the record-by-record pass failed; every amount equals its decimal
 * text converted here digit by digit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "zksync.h"

/* The decimal text as 32 bytes big-endian, one digit at a time (independent of lib/exit). */
static int slow_dec(const char *t, uint8_t out[32])
{
    memset(out, 0, 32);
    for (; *t; t++) {
        unsigned carry = (unsigned)(*t - '0');
        for (int i = 31; i >= 0; i--) {
            unsigned v = out[i] * 10u + carry;
            out[i] = (uint8_t)v;
            carry = v >> 8;
        }
        if (carry) return -1;
    }
    return 0;
}

/* The batched file pass over the same bytes: st and root. */
static zks_status file_root(const uint8_t *data, size_t size, uint8_t root[32], uint64_t *leaves)
{
    int fd = memfd_create("fuzz_leaves", 0);
    if (fd < 0) return ZKS_ERR_IO;
    size_t off = 0;
    while (off < size) {
        ssize_t k = write(fd, data + off, size - off);
        if (k <= 0) abort();
        off += (size_t)k;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    zks_exit_error e;
    zks_status st = zks_exit_root_file(path, NULL, NULL, root, leaves, &e);
    close(fd);
    return st;
}

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
    int in_order = 1, clean = 1;
    for (;;) {
        zks_exit_record rec;
        int32_t eof;
        st = zks_exit_reader_next(r, &rec, &eof, &e);
        if (st != ZKS_OK) {
            if (st != ZKS_ERR_FILE_FORMAT || e.message[0] == '\0' || e.line == 0) abort();
            clean = 0;
            break;
        }
        if (eof) break;
        if (rec.kind != kind || rec.line == 0) abort();
        if (kind == ZKS_EXIT_FILE_LEAVES || kind == ZKS_EXIT_FILE_BALANCES) {
            uint8_t want[32];
            if (slow_dec(rec.balance, want) != 0 || memcmp(want, rec.amount, 32) != 0) abort();
        }
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
        uint8_t froot[32];
        uint64_t fleaves = 0;
        zks_status fst = file_root(data + 1, size - 1, froot, &fleaves);
        if (in_order && clean && next > 0) { /* the whole file, in order: the same root */
            if (fst != ZKS_OK || fleaves != next || memcmp(froot, root, 32) != 0) abort();
        } else if (fst == ZKS_OK) { /* the file pass stops where this one did */
            abort();
        }
        zks_exit_tree_free(t);
    }
    zks_exit_reader_free(r);
    return 0;
}
