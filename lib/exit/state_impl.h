/* Shared by the two halves of the state tree: state_tree.c (inputs,
 * checkpoint, API) and state_hash.c (the hashing). Internal to lib/exit. */
#ifndef ZKI_STATE_IMPL_H
#define ZKI_STATE_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "../internal.h"
#include "crypto/fr.h"

#define DEPTH 32
#define CHUNK_ACCOUNTS 256
#define CHUNK_BALANCES 2048
#define BATCH 64 /* states per batch permutation call: a multiple of the 8 IFMA does at once */
#define PROGRESS_EVERY 4096

typedef struct acct_rec {
    uint32_t id, nonce;
    uint64_t line;
    uint8_t address[ZKS_ETH_ADDRESS_BYTES], pkh[ZKS_PUBKEY_HASH_BYTES];
} acct_rec;

typedef struct bal_rec {
    uint32_t account, token;
    uint64_t line;
    uint64_t lo, hi;
} bal_rec;

typedef struct node {
    zki_fr h;
    uint32_t tree, idx;
} node;

typedef struct vec {
    void *p;
    size_t n, cap, elem;
} vec;

static inline void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 1024;
        void *q = zki_realloc(v->p, cap * v->elem);
        if (q == NULL) return NULL;
        v->p = q;
        v->cap = cap;
    }
    return (uint8_t *)v->p + v->elem * v->n++;
}

static inline void vec_free(vec *v)
{
    zks_free(v->p);
    v->p = NULL;
    v->n = v->cap = 0;
}

typedef struct ctx {
    unsigned bdepth, bits, threads;
    zki_fr bal_dflt[DEPTH + 1];
    zki_fr acc_dflt[DEPTH + 1];
    const zks_state_options *o;
    zks_state_progress prog;
    uint64_t last_report;
    zks_exit_error *err;
    const char *acc_name, *bal_name;
    vec roots; /* node: tree 0, idx = block number, h = block root */
    uint64_t next_block;
    int sorted_mode;
    /* checkpoint */
    const char *ckpt;
    struct stat acc_st, bal_st;
} ctx;

/* Per-height empty subtrees (c->bal_dflt, c->acc_dflt) for c->bdepth. */
void zki_state_defaults(ctx *c);
/* Hashes one block: A sorted by id, B sorted by (account, token) with every
 * account among A. Appends the block root to c->roots; *stopped when the
 * progress callback asked to stop. */
zks_status zki_state_hash_block(ctx *c, uint64_t block, const acct_rec *A, size_t na, const bal_rec *B, size_t nb,
                                int *stopped);
/* The root over the block roots in c->roots, big-endian. */
void zki_state_finish_root(ctx *c, uint8_t out_root[ZKS_STATE_ROOT_BYTES]);

#endif
