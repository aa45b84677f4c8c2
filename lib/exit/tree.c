/* The claim tree in one streaming pass (docs/exit-tree.md).
 *
 * Level 0 is the leaf hashes in index order; a level's nodes (2i, 2i+1) are
 * hashed as keccak256(min || max); an odd last node moves up unchanged. The
 * pass keeps, as a binary counter, at most one finished node per level (the
 * left half waiting for its right sibling), so the root of N leaves needs
 * O(log N) memory. At the end the waiting nodes are folded from the lowest
 * level up: the lowest one is the odd node that moves up, and each higher one
 * is the left sibling of what came up so far.
 *
 * Proofs: the requested leaves found so far are kept in index order; every
 * waiting node remembers the range of them below it. When two nodes are
 * joined, each tracked leaf below one of them gets the other as its next
 * sibling, so a proof is complete once the root is, and memory grows with
 * the number of found leaves times the depth, never with N.
 *
 * Speed (zks_exit_tree_add_file): leaves are read in batches of BATCH and
 * hashed eight at a time (zki_keccak_f1600x8: AVX-512 where the CPU has it).
 * A full batch that starts at a multiple of BATCH and holds no requested leaf
 * is a complete subtree: its levels are hashed eight pairs at a time too and
 * only its root goes up the counter (at level log2 BATCH). Other batches go
 * leaf by leaf through the counter with their leaf hashes precomputed. */
#include <stdlib.h>

#include "crypto/keccak.h"
#include "exit_internal.h"
#include "util/u256.h"

#define BATCH 256     /* leaves per batch: a power of two */
#define BATCH_LOG2 8

typedef struct {
    uint8_t account[ZKS_EXIT_ADDRESS_BYTES];
    uint8_t token[ZKS_EXIT_ADDRESS_BYTES];
    int any_token;
    int found;      /* exact requests: the pair was met */
    size_t chain;   /* any-token requests: 1 + the last tracked leaf of this account (0 = none) */
} request;

typedef struct {
    uint64_t index;
    uint8_t account[ZKS_EXIT_ADDRESS_BYTES];
    uint8_t token[ZKS_EXIT_ADDRESS_BYTES];
    uint8_t amount[ZKS_EXIT_AMOUNT_BYTES];
    char balance[ZKS_AMOUNT_CHARS + 1];
    uint8_t leaf[ZKS_EXIT_HASH_BYTES];
    uint8_t (*path)[ZKS_EXIT_HASH_BYTES];
    uint32_t path_len, path_cap;
    size_t prev_same; /* 1 + the previous tracked leaf of the same account (0 = none) */
} tracked;

typedef struct {
    uint8_t key[2 * ZKS_EXIT_ADDRESS_BYTES]; /* account || token */
    size_t idx;
} keyed;

typedef struct {
    uint8_t h[ZKS_EXIT_HASH_BYTES];
    size_t tb, te; /* tracked leaves below: [tb, te) */
    int used;
} pending;

struct zks_exit_tree {
    uint64_t n;
    pending lvl[ZKS_EXIT_PROOF_MAX_DEPTH + 1];
    int finished;
    uint8_t root[ZKS_EXIT_HASH_BYTES];
    request *req;
    size_t nreq, capreq;
    int req_sorted;
    tracked *trk;
    size_t ntrk, captrk;
    keyed *by_key; /* the tracked leaves sorted by (account, token), built at the end */
};

/* ---- leaf hash and verification ---- */

zks_status zks_exit_leaf_hash(uint64_t index, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                              const uint8_t token[ZKS_EXIT_ADDRESS_BYTES], const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                              uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    ZKI_ARG_CHECK(out != NULL);
    if (account == NULL || token == NULL || amount == NULL) {
        memset(out, 0, ZKS_EXIT_HASH_BYTES);
        return ZKS_ERR_INVALID_ARG;
    }
    zki_exit_leaf_hash(index, account, token, amount, out);
    return ZKS_OK;
}

zks_status zks_exit_verify(const uint8_t leaf[ZKS_EXIT_HASH_BYTES], const uint8_t *path, size_t path_len,
                           const uint8_t root[ZKS_EXIT_HASH_BYTES])
{
    ZKI_ARG_CHECK(leaf != NULL && root != NULL && (path != NULL || path_len == 0));
    ZKI_ARG_CHECK(path_len <= ZKS_EXIT_PROOF_MAX_DEPTH);
    uint8_t h[ZKS_EXIT_HASH_BYTES];
    memcpy(h, leaf, ZKS_EXIT_HASH_BYTES);
    for (size_t i = 0; i < path_len; i++) zki_exit_pair_hash(h, path + ZKS_EXIT_HASH_BYTES * i, h);
    return memcmp(h, root, ZKS_EXIT_HASH_BYTES) == 0 ? ZKS_OK : ZKS_ERR_PROOF_INVALID;
}

/* 1 when text is decimal digits whose value is amount (32 bytes big-endian). */
static int balance_matches(const char *text, const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES])
{
    size_t n = strnlen(text, ZKS_AMOUNT_CHARS + 1);
    if (n == 0 || n > ZKS_AMOUNT_CHARS) return 0;
    zki_u256 a, b;
    if (zki_u256_from_dec_n(&a, text, n) != 0) return 0;
    zki_u256_from_be(&b, amount, ZKS_EXIT_AMOUNT_BYTES);
    return zki_u256_cmp(&a, &b) == 0;
}

zks_status zks_exit_proof_verify(const zks_exit_proof *proof, const uint8_t root[ZKS_EXIT_HASH_BYTES])
{
    ZKI_ARG_CHECK(proof != NULL && proof->path_len <= ZKS_EXIT_PROOF_MAX_DEPTH);
    uint8_t leaf[ZKS_EXIT_HASH_BYTES];
    zki_exit_leaf_hash(proof->claim_index, proof->account, proof->token, proof->amount, leaf);
    if (memcmp(leaf, proof->leaf, ZKS_EXIT_HASH_BYTES) != 0) return ZKS_ERR_PROOF_INVALID;
    if (!balance_matches(proof->balance, proof->amount)) return ZKS_ERR_PROOF_INVALID;
    return zks_exit_verify(leaf, &proof->path[0][0], proof->path_len, root != NULL ? root : proof->root);
}

/* ---- the streaming tree ---- */

zks_status zks_exit_tree_new(zks_exit_tree **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = zki_calloc(1, sizeof **out);
    return *out != NULL ? ZKS_OK : ZKS_ERR_NOMEM;
}

void zks_exit_tree_free(zks_exit_tree *t)
{
    if (t == NULL) return;
    for (size_t i = 0; i < t->ntrk; i++) zks_free(t->trk[i].path);
    zks_free(t->trk);
    zks_free(t->req);
    zks_free(t->by_key);
    zks_free(t);
}

zks_status zks_exit_tree_request(zks_exit_tree *t, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                                 const uint8_t *token)
{
    ZKI_ARG_CHECK(t != NULL && account != NULL);
    if (t->n > 0 || t->finished) return ZKS_ERR_STATE;
    if (t->nreq == t->capreq) {
        size_t cap = t->capreq ? 2 * t->capreq : 16;
        request *nr = zki_realloc(t->req, cap * sizeof *nr);
        if (nr == NULL) return ZKS_ERR_NOMEM;
        t->req = nr;
        t->capreq = cap;
    }
    request *r = &t->req[t->nreq++];
    memset(r, 0, sizeof *r);
    memcpy(r->account, account, ZKS_EXIT_ADDRESS_BYTES);
    if (token != NULL) memcpy(r->token, token, ZKS_EXIT_ADDRESS_BYTES);
    r->any_token = token == NULL;
    t->req_sorted = 0;
    return ZKS_OK;
}

/* Requests sort by account, then by token; duplicates are merged. */
static int req_cmp(const void *a, const void *b)
{
    const request *x = a, *y = b;
    int c = memcmp(x->account, y->account, ZKS_EXIT_ADDRESS_BYTES);
    if (c != 0) return c;
    if (x->any_token != y->any_token) return y->any_token - x->any_token; /* any-token first */
    return memcmp(x->token, y->token, ZKS_EXIT_ADDRESS_BYTES);
}

static void sort_requests(zks_exit_tree *t)
{
    if (t->nreq > 1) {
        qsort(t->req, t->nreq, sizeof *t->req, req_cmp);
        size_t w = 1;
        for (size_t i = 1; i < t->nreq; i++)
            if (req_cmp(&t->req[i], &t->req[w - 1]) != 0) t->req[w++] = t->req[i];
        t->nreq = w;
    }
    t->req_sorted = 1;
}

/* The first request for account, or NULL. */
static request *find_account(zks_exit_tree *t, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES])
{
    size_t lo = 0, hi = t->nreq;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(t->req[mid].account, account, ZKS_EXIT_ADDRESS_BYTES) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < t->nreq && memcmp(t->req[lo].account, account, ZKS_EXIT_ADDRESS_BYTES) == 0) return &t->req[lo];
    return NULL;
}

static int push_sibling(tracked *k, const uint8_t h[ZKS_EXIT_HASH_BYTES])
{
    if (k->path_len >= ZKS_EXIT_PROOF_MAX_DEPTH) return -1;
    if (k->path_len == k->path_cap) {
        uint32_t cap = k->path_cap ? 2 * k->path_cap : 32;
        if (cap > ZKS_EXIT_PROOF_MAX_DEPTH) cap = ZKS_EXIT_PROOF_MAX_DEPTH;
        uint8_t(*np)[ZKS_EXIT_HASH_BYTES] = zki_realloc(k->path, (size_t)cap * ZKS_EXIT_HASH_BYTES);
        if (np == NULL) return -1;
        k->path = np;
        k->path_cap = cap;
    }
    memcpy(k->path[k->path_len++], h, ZKS_EXIT_HASH_BYTES);
    return 0;
}

/* Joins left and right (adjacent) into *out. */
static zks_status join(zks_exit_tree *t, const pending *left, const pending *right, pending *out)
{
    for (size_t i = left->tb; i < left->te; i++)
        if (push_sibling(&t->trk[i], right->h) != 0) return ZKS_ERR_NOMEM;
    for (size_t i = right->tb; i < right->te; i++)
        if (push_sibling(&t->trk[i], left->h) != 0) return ZKS_ERR_NOMEM;
    zki_exit_pair_hash(left->h, right->h, out->h);
    out->tb = left->tb;
    out->te = right->te;
    out->used = 1;
    return ZKS_OK;
}

/* A finished node of level h0 (a leaf: 0) goes up the counter. The counter's
 * levels below h0 must be empty (the node covers 2^h0 leaves from a multiple of 2^h0). */
static zks_status push_node(zks_exit_tree *t, const uint8_t leaf[ZKS_EXIT_HASH_BYTES], int h0, size_t tb, size_t te)
{
    pending node;
    memcpy(node.h, leaf, ZKS_EXIT_HASH_BYTES);
    node.tb = tb;
    node.te = te;
    node.used = 1;
    for (int h = h0;; h++) {
        if (h >= ZKS_EXIT_PROOF_MAX_DEPTH) return ZKS_ERR_INTERNAL; /* 2^64 leaves cannot be indexed */
        if (!t->lvl[h].used) {
            t->lvl[h] = node;
            return ZKS_OK;
        }
        pending up;
        if (t->lvl[h].tb == t->lvl[h].te && node.tb == node.te) { /* nothing tracked below: just hash */
            zki_exit_pair_hash(t->lvl[h].h, node.h, up.h);
            up.tb = up.te = node.te;
            up.used = 1;
        } else {
            zks_status st = join(t, &t->lvl[h], &node, &up);
            if (st != ZKS_OK) return st;
        }
        t->lvl[h].used = 0;
        node = up;
    }
}

/* Tracks leaf index if it was requested. Returns ZKS_OK, ZKS_ERR_FILE_FORMAT (a requested pair twice), NOMEM. */
static zks_status track(zks_exit_tree *t, uint64_t index, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                        const uint8_t token[ZKS_EXIT_ADDRESS_BYTES], const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                        const char *balance, const uint8_t leaf[ZKS_EXIT_HASH_BYTES], int *tracked_out)
{
    *tracked_out = 0;
    request *r = find_account(t, account);
    if (r == NULL) return ZKS_OK;
    int match = 0;
    request *any = NULL;
    for (request *e = r; e < t->req + t->nreq && memcmp(e->account, account, ZKS_EXIT_ADDRESS_BYTES) == 0; e++) {
        if (e->any_token) {
            any = e;
            match = 1;
        } else if (memcmp(e->token, token, ZKS_EXIT_ADDRESS_BYTES) == 0) {
            if (e->found) return ZKS_ERR_FILE_FORMAT;
            e->found = 1;
            match = 1;
        }
    }
    if (!match) return ZKS_OK;
    if (any != NULL) { /* the same pair twice under an any-token request: walk this account's leaves */
        for (size_t i = any->chain; i != 0; i = t->trk[i - 1].prev_same)
            if (memcmp(t->trk[i - 1].token, token, ZKS_EXIT_ADDRESS_BYTES) == 0) return ZKS_ERR_FILE_FORMAT;
    }
    if (t->ntrk == t->captrk) {
        size_t cap = t->captrk ? 2 * t->captrk : 16;
        tracked *nt = zki_realloc(t->trk, cap * sizeof *nt);
        if (nt == NULL) return ZKS_ERR_NOMEM;
        t->trk = nt;
        t->captrk = cap;
    }
    tracked *k = &t->trk[t->ntrk];
    memset(k, 0, sizeof *k);
    k->index = index;
    memcpy(k->account, account, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(k->token, token, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(k->amount, amount, ZKS_EXIT_AMOUNT_BYTES);
    memcpy(k->leaf, leaf, ZKS_EXIT_HASH_BYTES);
    if (balance != NULL) {
        snprintf(k->balance, sizeof k->balance, "%s", balance);
    } else {
        zki_u256 a;
        zki_u256_from_be(&a, amount, ZKS_EXIT_AMOUNT_BYTES);
        char dec[79];
        zki_u256_to_dec(dec, &a);
        memcpy(k->balance, dec, strlen(dec) + 1);
    }
    if (any != NULL) {
        k->prev_same = any->chain;
        any->chain = t->ntrk + 1;
    }
    t->ntrk++;
    *tracked_out = 1;
    return ZKS_OK;
}

/* hash: the leaf hash when already computed, else NULL. */
static zks_status add_leaf(zks_exit_tree *t, uint64_t index, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                           const uint8_t token[ZKS_EXIT_ADDRESS_BYTES], const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                           const char *balance, const uint8_t *hash)
{
    uint8_t leaf[ZKS_EXIT_HASH_BYTES];
    if (hash != NULL) memcpy(leaf, hash, ZKS_EXIT_HASH_BYTES);
    else zki_exit_leaf_hash(index, account, token, amount, leaf);
    size_t tb = t->ntrk;
    int tr = 0;
    if (t->nreq > 0) {
        if (!t->req_sorted) sort_requests(t);
        zks_status st = track(t, index, account, token, amount, balance, leaf, &tr);
        if (st != ZKS_OK) return st;
    }
    zks_status st = push_node(t, leaf, 0, tb, t->ntrk);
    if (st != ZKS_OK) return st;
    t->n++;
    return ZKS_OK;
}

zks_status zks_exit_tree_add(zks_exit_tree *t, uint64_t index, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                             const uint8_t token[ZKS_EXIT_ADDRESS_BYTES], const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                             const char *balance)
{
    ZKI_ARG_CHECK(t != NULL && account != NULL && token != NULL && amount != NULL);
    if (t->finished) return ZKS_ERR_STATE;
    ZKI_ARG_CHECK(index == t->n);
    if (balance != NULL && !balance_matches(balance, amount)) return ZKS_ERR_INVALID_ARG;
    return add_leaf(t, index, account, token, amount, balance, NULL);
}

/* ---- batches of leaves (zks_exit_tree_add_file) ---- */

typedef struct {
    size_t n;
    uint64_t line[BATCH];
    uint8_t account[BATCH][ZKS_EXIT_ADDRESS_BYTES];
    uint8_t token[BATCH][ZKS_EXIT_ADDRESS_BYTES];
    uint8_t amount[BATCH][ZKS_EXIT_AMOUNT_BYTES];
    uint8_t hash[BATCH][ZKS_EXIT_HASH_BYTES]; /* leaf hashes, then the subtree's levels in place */
    int requested;           /* some leaf's account has a request: go leaf by leaf */
    char balance[BATCH][ZKS_AMOUNT_CHARS + 1]; /* kept for leaves of requested accounts only */
} leaf_batch;

/* k <= 8 single-block messages, already padded (17 words each, lane-interleaved
 * in st; the other lanes zero), to their digests. */
static void keccak_x8(uint64_t st[25][8], size_t k, uint8_t (*out)[ZKS_EXIT_HASH_BYTES])
{
    if (k == 8 || zki_keccak_f1600x8_vector()) {
        zki_keccak_f1600x8(st);
    } else { /* the portable path: only the k states in use */
        for (size_t j = 0; j < k; j++) {
            uint64_t s1[25];
            for (int i = 0; i < 25; i++) s1[i] = st[i][j];
            zki_keccak_f1600(s1);
            for (int i = 0; i < 4; i++) st[i][j] = s1[i];
        }
    }
    for (size_t j = 0; j < k; j++)
        for (int w = 0; w < 4; w++) store64le(out[j] + 8 * w, st[w][j]);
}

/* The leaf hashes of b (index of the first: first). */
static void batch_leaf_hashes(leaf_batch *b, uint64_t first)
{
    for (size_t i = 0; i < b->n; i += 8) {
        size_t k = b->n - i < 8 ? b->n - i : 8;
        uint64_t st[25][8];
        memset(st, 0, sizeof st);
        for (size_t j = 0; j < k; j++) {
            /* the leaf data, then the padding 0x01 ... 0x80 as lanes */
            uint8_t blk[ZKS_EXIT_LEAF_DATA_BYTES];
            zki_exit_leaf_data(blk, first + i + j, b->account[i + j], b->token[i + j], b->amount[i + j]);
            for (int w = 0; w < ZKS_EXIT_LEAF_DATA_BYTES / 8; w++) st[w][j] = load64le(blk + 8 * w);
            st[ZKS_EXIT_LEAF_DATA_BYTES / 8][j] = 0x01;
            st[ZKI_KECCAK256_RATE / 8 - 1][j] = 0x8000000000000000ULL;
        }
        keccak_x8(st, k, &b->hash[i]);
    }
}

/* h[2i], h[2i+1] -> h[i] (sorted pairs) for i < m, eight at a time. */
static void pair_level(uint8_t (*h)[ZKS_EXIT_HASH_BYTES], size_t m)
{
    for (size_t i = 0; i < m; i += 8) {
        size_t k = m - i < 8 ? m - i : 8;
        uint64_t st[25][8];
        memset(st, 0, sizeof st);
        for (size_t j = 0; j < k; j++) {
            const uint8_t *l = h[2 * (i + j)], *r = h[2 * (i + j) + 1];
            if (memcmp(l, r, ZKS_EXIT_HASH_BYTES) > 0) {
                const uint8_t *x = l;
                l = r;
                r = x;
            }
            for (int w = 0; w < 4; w++) {
                st[w][j] = load64le(l + 8 * w);
                st[4 + w][j] = load64le(r + 8 * w);
            }
            st[8][j] = 0x01;
            st[16][j] = 0x8000000000000000ULL;
        }
        keccak_x8(st, k, &h[i]);
    }
}

/* Adds the batch to the tree. On an error, *bad_line is the line of the leaf. */
static zks_status flush_batch(zks_exit_tree *t, leaf_batch *b, uint64_t *bad_line)
{
    if (b->n == 0) return ZKS_OK;
    batch_leaf_hashes(b, t->n);
    zks_status st = ZKS_OK;
    if (b->n == BATCH && t->n % BATCH == 0 && !b->requested) {
        for (size_t m = BATCH / 2; m >= 1; m /= 2) pair_level(b->hash, m);
        st = push_node(t, b->hash[0], BATCH_LOG2, t->ntrk, t->ntrk);
        if (st == ZKS_OK) t->n += BATCH;
        else *bad_line = b->line[BATCH - 1];
    } else {
        for (size_t i = 0; i < b->n; i++) {
            const char *bal = b->requested && b->balance[i][0] != '\0' ? b->balance[i] : NULL;
            st = add_leaf(t, t->n, b->account[i], b->token[i], b->amount[i], bal, b->hash[i]);
            if (st != ZKS_OK) {
                *bad_line = b->line[i];
                break;
            }
        }
    }
    b->n = 0;
    b->requested = 0;
    return st;
}

zks_status zks_exit_tree_add_file(zks_exit_tree *t, const char *leaves_csv, zks_exit_progress_fn progress,
                                  void *progress_ctx, zks_exit_error *err)
{
    zki_exit_err_clear(err);
    ZKI_ARG_CHECK(t != NULL && leaves_csv != NULL);
    if (t->finished) return ZKS_ERR_STATE;
    if (t->nreq > 0 && !t->req_sorted) sort_requests(t);
    leaf_batch *b = zki_malloc(sizeof *b);
    if (b == NULL) return ZKS_ERR_NOMEM;
    b->n = 0;
    b->requested = 0;
    zks_exit_reader *r;
    zks_status st = zks_exit_reader_open(leaves_csv, ZKS_EXIT_FILE_LEAVES, &r, err);
    if (st != ZKS_OK) {
        zks_free(b);
        return st;
    }
    zks_exit_record rec;
    uint64_t start = t->n, next_report = 1u << 20, bad_line = 0;
    for (;;) {
        int32_t eof;
        st = zks_exit_reader_next(r, &rec, &eof, err);
        if (st != ZKS_OK) break;
        if (eof) {
            if (t->n + b->n == start) {
                zki_exit_err_set(err, leaves_csv, 0, "no leaves (only a header)");
                st = ZKS_ERR_FILE_FORMAT;
            }
            break;
        }
        uint64_t want = t->n + b->n;
        if (rec.id != want) {
            if (rec.id < want)
                zki_exit_err_set(err, leaves_csv, rec.line,
                                 "claim_index %llu repeats or is out of order (expected %llu)",
                                 (unsigned long long)rec.id, (unsigned long long)want);
            else
                zki_exit_err_set(err, leaves_csv, rec.line, "claim_index %llu leaves a gap (expected %llu)",
                                 (unsigned long long)rec.id, (unsigned long long)want);
            st = ZKS_ERR_FILE_FORMAT;
            break;
        }
        size_t i = b->n++;
        b->line[i] = rec.line;
        memcpy(b->account[i], rec.address, ZKS_EXIT_ADDRESS_BYTES);
        memcpy(b->token[i], rec.token, ZKS_EXIT_ADDRESS_BYTES);
        memcpy(b->amount[i], rec.amount, ZKS_EXIT_AMOUNT_BYTES);
        if (t->nreq > 0) {
            if (find_account(t, rec.address) != NULL) {
                if (!b->requested) { /* from now on every leaf of the batch keeps its text */
                    for (size_t q = 0; q < i; q++) b->balance[q][0] = '\0';
                    b->requested = 1;
                }
            }
            if (b->requested) memcpy(b->balance[i], rec.balance, sizeof rec.balance);
        }
        if ((t->n + b->n) % BATCH == 0) { /* batches end at multiples of BATCH */
            st = flush_batch(t, b, &bad_line);
            if (st != ZKS_OK) break;
        }
        if (progress != NULL) {
            uint64_t done, total;
            zki_exit_reader_progress(r, &done, &total);
            if (done >= next_report) {
                progress(progress_ctx, done, total);
                next_report = done + (1u << 20);
            }
        }
    }
    /* the leaves read before an error (or the end) are added, as one by one would have;
     * an error among them came first */
    if (b->n > 0) {
        zks_status st2 = flush_batch(t, b, &bad_line);
        if (st2 != ZKS_OK) st = st2;
    }
    if (bad_line != 0) {
        if (st == ZKS_ERR_FILE_FORMAT)
            zki_exit_err_set(err, leaves_csv, bad_line, "a second leaf for a requested account and token");
        else if (st != ZKS_OK)
            zki_exit_err_set(err, leaves_csv, bad_line, "%s", zks_strerror(st));
    }
    if (st == ZKS_OK && progress != NULL) {
        uint64_t done, total;
        zki_exit_reader_progress(r, &done, &total);
        progress(progress_ctx, done, total);
    }
    zks_exit_reader_free(r);
    zks_free(b);
    return st;
}

static int keyed_cmp(const void *a, const void *b)
{
    return memcmp(((const keyed *)a)->key, ((const keyed *)b)->key, 2 * ZKS_EXIT_ADDRESS_BYTES);
}

static const tracked *find_pair(const zks_exit_tree *t, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                                const uint8_t token[ZKS_EXIT_ADDRESS_BYTES])
{
    keyed want;
    memcpy(want.key, account, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(want.key + ZKS_EXIT_ADDRESS_BYTES, token, ZKS_EXIT_ADDRESS_BYTES);
    const keyed *k = bsearch(&want, t->by_key, t->ntrk, sizeof *t->by_key, keyed_cmp);
    return k != NULL ? &t->trk[k->idx] : NULL;
}

zks_status zks_exit_tree_root(zks_exit_tree *t, uint8_t out_root[ZKS_EXIT_HASH_BYTES])
{
    ZKI_ARG_CHECK(out_root != NULL);
    memset(out_root, 0, ZKS_EXIT_HASH_BYTES);
    ZKI_ARG_CHECK(t != NULL);
    if (!t->finished) {
        if (t->n == 0) return ZKS_ERR_STATE;
        pending carry;
        int have = 0;
        for (int h = 0; h <= ZKS_EXIT_PROOF_MAX_DEPTH; h++) {
            if (!t->lvl[h].used) continue;
            if (!have) {
                carry = t->lvl[h];
                have = 1;
            } else {
                pending up;
                zks_status st = join(t, &t->lvl[h], &carry, &up);
                if (st != ZKS_OK) return st;
                carry = up;
            }
            t->lvl[h].used = 0;
        }
        memcpy(t->root, carry.h, ZKS_EXIT_HASH_BYTES);
        if (t->ntrk > 0) {
            t->by_key = zki_malloc(t->ntrk * sizeof *t->by_key);
            if (t->by_key == NULL) return ZKS_ERR_NOMEM;
            for (size_t i = 0; i < t->ntrk; i++) {
                memcpy(t->by_key[i].key, t->trk[i].account, ZKS_EXIT_ADDRESS_BYTES);
                memcpy(t->by_key[i].key + ZKS_EXIT_ADDRESS_BYTES, t->trk[i].token, ZKS_EXIT_ADDRESS_BYTES);
                t->by_key[i].idx = i;
            }
            qsort(t->by_key, t->ntrk, sizeof *t->by_key, keyed_cmp);
        }
        t->finished = 1;
    }
    memcpy(out_root, t->root, ZKS_EXIT_HASH_BYTES);
    return ZKS_OK;
}

zks_status zks_exit_tree_leaf_count(const zks_exit_tree *t, uint64_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    ZKI_ARG_CHECK(t != NULL);
    *out = t->n;
    return ZKS_OK;
}

zks_status zks_exit_tree_proof_count(const zks_exit_tree *t, size_t *out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = 0;
    ZKI_ARG_CHECK(t != NULL);
    if (!t->finished) return ZKS_ERR_STATE;
    *out = t->ntrk;
    return ZKS_OK;
}

static void fill_proof(const zks_exit_tree *t, const tracked *k, zks_exit_proof *out)
{
    memset(out, 0, sizeof *out);
    out->claim_index = k->index;
    memcpy(out->account, k->account, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(out->token, k->token, ZKS_EXIT_ADDRESS_BYTES);
    memcpy(out->amount, k->amount, ZKS_EXIT_AMOUNT_BYTES);
    memcpy(out->balance, k->balance, sizeof out->balance);
    memcpy(out->leaf, k->leaf, ZKS_EXIT_HASH_BYTES);
    memcpy(out->root, t->root, ZKS_EXIT_HASH_BYTES);
    out->path_len = k->path_len;
    if (k->path_len > 0) memcpy(out->path, k->path, (size_t)k->path_len * ZKS_EXIT_HASH_BYTES);
}

zks_status zks_exit_tree_proof_at(const zks_exit_tree *t, size_t i, zks_exit_proof *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(t != NULL);
    if (!t->finished) return ZKS_ERR_STATE;
    ZKI_ARG_CHECK(i < t->ntrk);
    fill_proof(t, &t->trk[i], out);
    return ZKS_OK;
}

zks_status zks_exit_tree_proof_find(const zks_exit_tree *t, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                                    const uint8_t token[ZKS_EXIT_ADDRESS_BYTES], zks_exit_proof *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(t != NULL && account != NULL && token != NULL);
    if (!t->finished) return ZKS_ERR_STATE;
    const tracked *k = t->ntrk > 0 ? find_pair(t, account, token) : NULL;
    if (k == NULL) return ZKS_ERR_NOT_FOUND;
    fill_proof(t, k, out);
    return ZKS_OK;
}

zks_status zks_exit_root_file(const char *leaves_csv, zks_exit_progress_fn progress, void *progress_ctx,
                              uint8_t out_root[ZKS_EXIT_HASH_BYTES], uint64_t *out_leaves, zks_exit_error *err)
{
    zki_exit_err_clear(err);
    if (out_leaves != NULL) *out_leaves = 0;
    ZKI_ARG_CHECK(out_root != NULL);
    memset(out_root, 0, ZKS_EXIT_HASH_BYTES);
    ZKI_ARG_CHECK(leaves_csv != NULL);
    zks_exit_tree *t;
    zks_status st = zks_exit_tree_new(&t);
    if (st != ZKS_OK) return st;
    st = zks_exit_tree_add_file(t, leaves_csv, progress, progress_ctx, err);
    if (st == ZKS_OK) st = zks_exit_tree_root(t, out_root);
    if (st == ZKS_OK && out_leaves != NULL) *out_leaves = t->n;
    zks_exit_tree_free(t);
    return st;
}
