/* The hashing half of the state tree (state_tree.c reads the inputs): the
 * account leaves and balance trees of a block's accounts, in chunks spread
 * over the threads, each chunk level by level so that its independent hashes
 * go through the batch Rescue permutation (zki_rescue_perm_batch: eight
 * states at once in the AVX-512 IFMA lanes); the block subtree; the root
 * over the blocks; the per-height defaults. Layout: state_tree.c. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "crypto/rescue.h"
#include "exit/state_impl.h"
#include "exit/state_tree.h"

/* ---- Rescue in batches ---- */

static zki_fr fr_two, fr_three;
static pthread_once_t consts_once = PTHREAD_ONCE_INIT;

static void consts_init(void)
{
    zki_fr_set_u64(&fr_two, 2);
    zki_fr_set_u64(&fr_three, 3);
}

/* Permutations done, [0] for balance leaves and balance trees, [1] for the
 * rest (benchmark figures; one relaxed add per batch). */
static atomic_uint_fast64_t perm_counts[2];
static _Thread_local int perm_part = 1;

void zki_state_perm_counts(uint64_t out[2])
{
    out[0] = (uint64_t)atomic_load_explicit(&perm_counts[0], memory_order_relaxed);
    out[1] = (uint64_t)atomic_load_explicit(&perm_counts[1], memory_order_relaxed);
}

/* Independent states go through the batch permutation: eight at a time
 * in the IFMA lanes, one by one on the portable path. */
static void perm_many(zki_fr (*s)[3], size_t n)
{
    zki_rescue_perm_batch(s, n);
    atomic_fetch_add_explicit(&perm_counts[perm_part], n, memory_order_relaxed);
}

static void hash2(zki_fr *out, const zki_fr *l, const zki_fr *r)
{
    zki_fr s[3] = {*l, *r, fr_two};
    zki_rescue_perm(s);
    *out = s[0];
}

/* Reduces a list of nodes sorted by (tree, idx) by `levels` levels in place:
 * afterwards each tree holds its nodes at height h+levels. d[h] is the empty
 * subtree at each height. */
static void reduce(node *v, size_t *pn, unsigned levels, const zki_fr *d)
{
    size_t n = *pn;
    zki_fr st[BATCH][3];
    size_t dst[BATCH];
    for (unsigned h = 0; h < levels; h++) {
        size_t out = 0, nb = 0;
        for (size_t i = 0; i < n;) {
            uint32_t t = v[i].tree, idx = v[i].idx;
            if ((idx & 1) == 0) {
                st[nb][0] = v[i].h;
                if (i + 1 < n && v[i + 1].tree == t && v[i + 1].idx == (idx | 1)) {
                    st[nb][1] = v[i + 1].h;
                    i += 2;
                } else {
                    st[nb][1] = d[h];
                    i += 1;
                }
            } else {
                st[nb][0] = d[h];
                st[nb][1] = v[i].h;
                i += 1;
            }
            st[nb][2] = fr_two;
            /* out < i: the children still to be read lie at i and beyond */
            v[out].tree = t;
            v[out].idx = idx >> 1;
            dst[nb++] = out++;
            if (nb == BATCH) {
                perm_many(st, nb);
                for (size_t k = 0; k < nb; k++) v[dst[k]].h = st[k][0];
                nb = 0;
            }
        }
        perm_many(st, nb);
        for (size_t k = 0; k < nb; k++) v[dst[k]].h = st[k][0];
        n = out;
    }
    *pn = n;
}

/* ---- account leaf packing ---- */

/* w |= val (nbits, little-endian limbs) << off */
static void put_bits(uint64_t *w, unsigned off, const uint64_t *val, unsigned nbits)
{
    for (unsigned k = 0; k < nbits; k += 64) {
        uint64_t x = val[k / 64];
        if (nbits - k < 64) x &= (UINT64_C(1) << (nbits - k)) - 1;
        unsigned pos = off + k, sh = pos % 64;
        w[pos / 64] |= x << sh;
        if (sh != 0) w[pos / 64 + 1] |= x >> (64 - sh);
    }
}

static void get_bits(const uint64_t *w, unsigned off, unsigned nbits, uint64_t out[4])
{
    memset(out, 0, 4 * sizeof out[0]);
    for (unsigned k = 0; k < nbits; k += 64) {
        unsigned pos = off + k, sh = pos % 64;
        uint64_t x = w[pos / 64] >> sh;
        if (sh != 0) x |= w[pos / 64 + 1] << (64 - sh);
        if (nbits - k < 64) x &= (UINT64_C(1) << (nbits - k)) - 1;
        out[k / 64] = x;
    }
}

/* Account leaf layout (the circuit's): nonce || pubkey hash || address ||
 * balance tree root, multipacked into elements of LEAF_ELEMENT_BITS. */
#define LEAF_NONCE_BITS 32
#define LEAF_PKH_AT LEAF_NONCE_BITS
#define LEAF_PKH_BITS (8 * ZKS_PUBKEY_HASH_BYTES)
#define LEAF_ADDR_AT (LEAF_PKH_AT + LEAF_PKH_BITS)
#define LEAF_ADDR_BITS (8 * ZKS_ETH_ADDRESS_BYTES)
#define LEAF_ROOT_AT (LEAF_ADDR_AT + LEAF_ADDR_BITS)
#define LEAF_ROOT_BITS 254 /* a whole Fr element */
#define LEAF_ELEMENT_BITS 253 /* bits an element holds for certain (p > 2^253) */
#define LEAF_ELEMENTS 3
_Static_assert(LEAF_ELEMENTS * LEAF_ELEMENT_BITS >= LEAF_ROOT_AT + LEAF_ROOT_BITS, "leaf bits fit the elements");
_Static_assert(ZKS_PUBKEY_HASH_BYTES == ZKS_ETH_ADDRESS_BYTES, "be160_limbs reads both");

/* A 160-bit big-endian value (address, pubkey hash) as little-endian limbs. */
static void be160_limbs(uint64_t l[3], const uint8_t b[ZKS_ETH_ADDRESS_BYTES])
{
    l[0] = l[1] = l[2] = 0;
    for (int i = 0; i < ZKS_ETH_ADDRESS_BYTES; i++) {
        int bit = 8 * (ZKS_ETH_ADDRESS_BYTES - 1 - i);
        l[bit / 64] |= (uint64_t)b[i] << (bit % 64);
    }
}

/* The three multipacked elements of an account leaf. */
static void leaf_elements(const acct_rec *a, const zki_fr *state_root, zki_fr e[3])
{
    uint64_t w[12] = {0}, t[4]; /* 608 bits, one spare limb for get_bits */
    uint64_t nonce = a->nonce;
    put_bits(w, 0, &nonce, LEAF_NONCE_BITS);
    be160_limbs(t, a->pkh);
    put_bits(w, LEAF_PKH_AT, t, LEAF_PKH_BITS);
    be160_limbs(t, a->address);
    put_bits(w, LEAF_ADDR_AT, t, LEAF_ADDR_BITS);
    zki_fr_to_limbs(t, state_root);
    put_bits(w, LEAF_ROOT_AT, t, LEAF_ROOT_BITS);
    for (int k = 0; k < LEAF_ELEMENTS; k++) {
        get_bits(w, LEAF_ELEMENT_BITS * (unsigned)k, LEAF_ELEMENT_BITS, t);
        (void)zki_fr_from_limbs(&e[k], t); /* < 2^253 < p */
    }
}

/* ---- one chunk: leaves of consecutive accounts ---- */

typedef struct chunk {
    size_t a0, a1, b0, b1;
} chunk;

/* Computes the account leaves of A[0..na) (their balances B[0..nb), sorted
 * by (account, token), every account among A) into out[0..na). scratch holds
 * at least nb nodes. */
static void chunk_leaves(const ctx *c, const acct_rec *A, size_t na, const bal_rec *B, size_t nb, node *scratch,
                         node *out, uint64_t *nonzero)
{
    zki_fr st[BATCH][3];
    size_t dst[BATCH];
    size_t n = 0, nbat = 0, k = 0;
    perm_part = 0;
    /* balance leaves rescue([balance]) = perm([b, 1, 1])[0] */
    for (size_t i = 0; i < nb; i++) {
        if (B[i].lo == 0 && B[i].hi == 0) continue;
        while (A[k].id != B[i].account) k++;
        uint64_t l[4] = {B[i].lo, B[i].hi, 0, 0};
        (void)zki_fr_from_limbs(&st[nbat][0], l);
        st[nbat][1] = zki_fr_one;
        st[nbat][2] = zki_fr_one;
        scratch[n].tree = (uint32_t)k;
        scratch[n].idx = B[i].token;
        dst[nbat++] = n++;
        if (nbat == BATCH) {
            perm_many(st, nbat);
            for (size_t j = 0; j < nbat; j++) scratch[dst[j]].h = st[j][0];
            nbat = 0;
        }
    }
    perm_many(st, nbat);
    for (size_t j = 0; j < nbat; j++) scratch[dst[j]].h = st[j][0];
    *nonzero += n;
    reduce(scratch, &n, c->bdepth, c->bal_dflt);
    perm_part = 1;

    /* state roots rescue([root, 0]), then the leaves: two permutations each */
    size_t r = 0;
    for (size_t a0 = 0; a0 < na; a0 += BATCH) {
        size_t m = na - a0 < BATCH ? na - a0 : BATCH;
        for (size_t j = 0; j < m; j++) {
            if (r < n && scratch[r].tree == a0 + j) {
                st[j][0] = scratch[r++].h;
            } else {
                st[j][0] = c->bal_dflt[c->bdepth];
            }
            st[j][1] = zki_fr_zero;
            st[j][2] = fr_two;
        }
        perm_many(st, m);
        zki_fr e2[BATCH];
        for (size_t j = 0; j < m; j++) {
            zki_fr e[3], sr = st[j][0];
            leaf_elements(&A[a0 + j], &sr, e);
            st[j][0] = e[0];
            st[j][1] = e[1];
            st[j][2] = fr_three;
            e2[j] = e[2];
        }
        perm_many(st, m);
        for (size_t j = 0; j < m; j++) {
            zki_fr_add(&st[j][0], &st[j][0], &e2[j]);
            zki_fr_add(&st[j][1], &st[j][1], &zki_fr_one);
        }
        perm_many(st, m);
        for (size_t j = 0; j < m; j++) {
            out[a0 + j].h = st[j][0];
            out[a0 + j].tree = 0;
            out[a0 + j].idx = A[a0 + j].id;
        }
    }
}

/* ---- one block, over the threads ---- */

typedef struct block_job {
    const ctx *c;
    const acct_rec *A;
    const bal_rec *B;
    const chunk *chunks;
    size_t nchunks, max_b;
    node *leaves;
    atomic_size_t next;
    atomic_int stop;
    atomic_int nomem;
    atomic_uint_fast64_t accounts_done, balances_done, nonzero;
} block_job;

static void run_chunks(block_job *j, int report, ctx *c)
{
    node *scratch = zki_malloc((j->max_b ? j->max_b : 1) * sizeof *scratch);
    if (scratch == NULL) {
        atomic_store(&j->nomem, 1);
        atomic_store(&j->stop, 1);
        return;
    }
    for (;;) {
        if (atomic_load(&j->stop)) break;
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->nchunks) break;
        const chunk *ch = &j->chunks[i];
        uint64_t nz = 0;
        /* B is NULL when there are no balances: no arithmetic on it then */
        const bal_rec *bp = j->B != NULL ? j->B + ch->b0 : NULL;
        chunk_leaves(j->c, j->A + ch->a0, ch->a1 - ch->a0, bp, ch->b1 - ch->b0, scratch,
                     j->leaves + ch->a0, &nz);
        atomic_fetch_add(&j->accounts_done, ch->a1 - ch->a0);
        atomic_fetch_add(&j->balances_done, ch->b1 - ch->b0);
        atomic_fetch_add(&j->nonzero, nz);
        if (report && c->o != NULL && c->o->progress != NULL) {
            uint64_t acc = atomic_load(&j->accounts_done);
            if (acc - c->last_report >= PROGRESS_EVERY) {
                c->last_report = acc;
                zks_state_progress p = c->prog;
                p.accounts += acc;
                p.balances += atomic_load(&j->nonzero);
                p.done += acc + atomic_load(&j->balances_done);
                if (c->o->progress(c->o->progress_ctx, &p) != 0) atomic_store(&j->stop, 1);
            }
        }
    }
    zks_free(scratch);
}

static void *worker(void *arg)
{
    run_chunks(arg, 0, NULL);
    return NULL;
}

zks_status zki_state_hash_block(ctx *c, uint64_t block, const acct_rec *A, size_t na, const bal_rec *B, size_t nb,
                             int *stopped)
{
    zks_status st = ZKS_OK;
    vec chunks = {.elem = sizeof(chunk)};
    node *leaves = NULL;
    size_t max_b = 0;
    *stopped = 0;
    for (size_t a = 0, b = 0; a < na;) {
        chunk *ch = vec_push(&chunks);
        if (ch == NULL) {
            st = ZKS_ERR_NOMEM;
            goto done;
        }
        ch->a0 = a;
        ch->b0 = b;
        while (a < na && a - ch->a0 < CHUNK_ACCOUNTS && b - ch->b0 < CHUNK_BALANCES) {
            while (b < nb && B[b].account == A[a].id) b++;
            a++;
        }
        ch->a1 = a;
        ch->b1 = b;
        if (b - ch->b0 > max_b) max_b = b - ch->b0;
    }
    leaves = zki_malloc((na ? na : 1) * sizeof *leaves);
    if (leaves == NULL) {
        st = ZKS_ERR_NOMEM;
        goto done;
    }
    block_job job = {.c = c, .A = A, .B = B, .chunks = chunks.p, .nchunks = chunks.n, .max_b = max_b,
                     .leaves = leaves};
    atomic_init(&job.next, 0);
    atomic_init(&job.stop, 0);
    atomic_init(&job.nomem, 0);
    atomic_init(&job.accounts_done, 0);
    atomic_init(&job.balances_done, 0);
    atomic_init(&job.nonzero, 0);
    pthread_t tid[ZKS_STATE_MAX_THREADS];
    unsigned started = 0;
    unsigned want = c->threads;
    if (want > chunks.n) want = chunks.n > 0 ? (unsigned)chunks.n : 1;
    for (unsigned t = 1; t < want; t++) {
        if (pthread_create(&tid[started], NULL, worker, &job) != 0) break; /* fewer threads: still correct */
        started++;
    }
    c->last_report = 0;
    run_chunks(&job, 1, c);
    for (unsigned t = 0; t < started; t++) pthread_join(tid[t], NULL);
    c->prog.accounts += atomic_load(&job.accounts_done);
    c->prog.balances += atomic_load(&job.nonzero);
    c->prog.done += atomic_load(&job.accounts_done) + atomic_load(&job.balances_done);
    if (atomic_load(&job.nomem)) {
        st = ZKS_ERR_NOMEM;
        goto done;
    }
    if (atomic_load(&job.next) < chunks.n || atomic_load(&job.stop)) {
        /* stopped by the callback before every chunk was done */
        if (atomic_load(&job.stop)) {
            *stopped = 1;
            goto done;
        }
    }
    /* the block's subtree: ids reduced to their low bits */
    uint32_t mask = c->bits >= 32 ? UINT32_MAX : (UINT32_C(1) << c->bits) - 1;
    for (size_t i = 0; i < na; i++) leaves[i].idx &= mask;
    size_t n = na;
    reduce(leaves, &n, c->bits, c->acc_dflt);
    node *r = vec_push(&c->roots);
    if (r == NULL) {
        st = ZKS_ERR_NOMEM;
        goto done;
    }
    r->h = n == 1 ? leaves[0].h : c->acc_dflt[c->bits];
    r->tree = 0;
    r->idx = (uint32_t)block;
done:
    zks_free(leaves);
    vec_free(&chunks);
    return st;
}

/* ---- defaults and the root over the blocks ---- */

void zki_state_defaults(ctx *c)
{
    pthread_once(&consts_once, consts_init);
    /* empty leaves: rescue([0]) and the empty account with an empty balance tree */
    zki_fr s[3] = {zki_fr_zero, zki_fr_one, zki_fr_one};
    zki_rescue_perm(s);
    c->bal_dflt[0] = s[0];
    for (unsigned h = 0; h < c->bdepth; h++) hash2(&c->bal_dflt[h + 1], &c->bal_dflt[h], &c->bal_dflt[h]);
    hash2(&s[0], &c->bal_dflt[c->bdepth], &zki_fr_zero);
    acct_rec empty = {0};
    zki_fr e[3];
    leaf_elements(&empty, &s[0], e);
    zki_fr t[3] = {e[0], e[1], fr_three};
    zki_rescue_perm(t);
    zki_fr_add(&t[0], &t[0], &e[2]);
    zki_fr_add(&t[1], &t[1], &zki_fr_one);
    zki_rescue_perm(t);
    c->acc_dflt[0] = t[0];
    for (unsigned h = 0; h < DEPTH; h++) hash2(&c->acc_dflt[h + 1], &c->acc_dflt[h], &c->acc_dflt[h]);
}

void zki_state_finish_root(ctx *c, uint8_t out_root[ZKS_STATE_ROOT_BYTES])
{
    size_t n = c->roots.n;
    reduce(c->roots.p, &n, DEPTH - c->bits, c->acc_dflt + c->bits);
    zki_fr root = n == 1 ? ((node *)c->roots.p)[0].h : c->acc_dflt[DEPTH];
    zki_fr_to_bytes_be(out_root, &root);
}

int zki_state_sparse_root(const uint32_t *idx, const uint8_t (*leaves)[ZKI_FR_BYTES], size_t n, unsigned depth,
                          const uint8_t leaf0[ZKI_FR_BYTES], uint8_t root[ZKI_FR_BYTES])
{
    zki_fr d[DEPTH + 1];
    if (depth < 1 || depth > DEPTH || (n > 0 && (idx == NULL || leaves == NULL))) return -1;
    if (depth < 32 && n > ((size_t)1 << depth)) return -1;
    pthread_once(&consts_once, consts_init);
    if (!zki_fr_from_bytes_be(&d[0], leaf0)) return -1;
    for (unsigned h = 0; h < depth; h++) hash2(&d[h + 1], &d[h], &d[h]);
    node *v = zki_malloc((n ? n : 1) * sizeof *v);
    if (v == NULL) return -1;
    for (size_t i = 0; i < n; i++) {
        v[i].tree = 0;
        v[i].idx = idx[i];
        if ((i > 0 && idx[i] <= idx[i - 1]) || (depth < 32 && idx[i] >> depth != 0) ||
            !zki_fr_from_bytes_be(&v[i].h, leaves[i])) {
            zks_free(v);
            return -1;
        }
    }
    reduce(v, &n, depth, d);
    zki_fr r = n == 1 ? v[0].h : d[depth];
    zks_free(v);
    zki_fr_to_bytes_be(root, &r);
    return 0;
}
