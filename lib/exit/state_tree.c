/* The final Rescue state root of zkSync Lite from the snapshot files
 * (sunset.md section 7, docs/state-root.md).
 *
 * Layout: the account tree has depth 32 (index = account id), every account
 * a balance tree of depth 32 (index = token id); node = rescue([l, r]);
 * balance leaf = rescue([balance]); account state root =
 * rescue([balance root, 0]); account leaf = rescue(multipack(nonce 32 |
 * pubkey hash 160 | address 160 | state root 254 | 2 zero bits)), each field
 * little-endian as an integer. Empty subtrees come from per-height defaults.
 *
 * Work is done per block of 2^16 consecutive account ids: the block's
 * accounts and balances are hashed (state_hash.c: in chunks spread over the
 * threads, each chunk level by level so that independent hashes go through
 * the batch Rescue permutation), the block's subtree is reduced to its root,
 * and the roots of the blocks are combined at the end. This file reads the
 * inputs: sorted input is streamed block by block; anything else is loaded
 * whole and sorted (see the header). The checkpoint is the list of finished
 * block roots. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../internal.h"
#include "crypto/fr.h"
#include "exit/state_impl.h"
#include "exit/state_tree.h"

static unsigned g_block_bits = 16;

void zki_state_set_block_bits(unsigned bits)
{
    g_block_bits = bits >= 1 && bits <= 32 ? bits : 16;
}

/* ---- errors ---- */

static zks_status fail(ctx *c, zks_status st, const char *file, uint64_t line, const char *fmt, ...)
{
    if (c->err != NULL) {
        char what[120];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        memset(c->err, 0, sizeof *c->err);
        snprintf(c->err->file, sizeof c->err->file, "%s", file != NULL ? file : "");
        c->err->line = line;
        if (line > 0)
            snprintf(c->err->message, sizeof c->err->message, "%.100s line %" PRIu64 ": %s", file, line, what);
        else
            snprintf(c->err->message, sizeof c->err->message, "%.100s: %s", file, what);
    }
    return st;
}

/* ---- checkpoint ---- */

#define FR_HEX_CHARS (2 * ZKI_FR_BYTES) /* a root in the checkpoint: big-endian hex, no "0x" */

static void fr_hex(char out[FR_HEX_CHARS + 1], const zki_fr *a)
{
    uint8_t be[ZKI_FR_BYTES];
    zki_fr_to_bytes_be(be, a);
    zki_hex_encode(out, be, ZKI_FR_BYTES);
}

static int fr_unhex(zki_fr *r, const char *hex)
{
    uint8_t be[ZKI_FR_BYTES];
    if (strlen(hex) != FR_HEX_CHARS || zki_hex_decode(be, ZKI_FR_BYTES, hex, FR_HEX_CHARS) != 0) return 0;
    return zki_fr_from_bytes_be(r, be);
}

static zks_status ckpt_write(ctx *c)
{
    if (c->ckpt == NULL) return ZKS_OK;
    size_t len = strlen(c->ckpt);
    char *tmp = zki_malloc(len + 5);
    if (tmp == NULL) return ZKS_ERR_NOMEM;
    memcpy(tmp, c->ckpt, len);
    memcpy(tmp + len, ".tmp", 5);
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        zks_free(tmp);
        return fail(c, ZKS_ERR_IO, c->ckpt, 0, "cannot write the checkpoint: %s", strerror(errno));
    }
    fprintf(f, "zks-state-checkpoint 1\n");
    fprintf(f, "accounts %lld %lld %ld\n", (long long)c->acc_st.st_size, (long long)c->acc_st.st_mtim.tv_sec,
            (long)c->acc_st.st_mtim.tv_nsec);
    fprintf(f, "balances %lld %lld %ld\n", (long long)c->bal_st.st_size, (long long)c->bal_st.st_mtim.tv_sec,
            (long)c->bal_st.st_mtim.tv_nsec);
    fprintf(f, "layout %u %u\n", c->bdepth, c->bits);
    fprintf(f, "mode %s\n", c->sorted_mode ? "sorted" : "stream");
    fprintf(f, "next %" PRIu64 "\n", c->next_block);
    const node *r = c->roots.p;
    for (size_t i = 0; i < c->roots.n; i++) {
        char hx[FR_HEX_CHARS + 1];
        fr_hex(hx, &r[i].h);
        fprintf(f, "root %" PRIu32 " %s\n", r[i].idx, hx);
    }
    fprintf(f, "end\n");
    int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, c->ckpt) != 0) {
        int e = errno;
        remove(tmp);
        zks_free(tmp);
        return fail(c, ZKS_ERR_IO, c->ckpt, 0, "cannot write the checkpoint: %s", strerror(e));
    }
    zks_free(tmp);
    return ZKS_OK;
}

/* Loads a matching checkpoint (sets roots, next_block, sorted_mode); a
 * missing file or one for other inputs starts afresh. */
static zks_status ckpt_load(ctx *c)
{
    if (c->ckpt == NULL) return ZKS_OK;
    FILE *f = fopen(c->ckpt, "r");
    if (f == NULL) return errno == ENOENT ? ZKS_OK : fail(c, ZKS_ERR_IO, c->ckpt, 0, "%s", strerror(errno));
    char line[256];
    long long as = -1, am = -1, bs = -1, bm = -1;
    long an = -1, bn = -1;
    unsigned depth = 0, bits = 0;
    char mode[16] = "";
    uint64_t next = 0, lineno = 0;
    int ended = 0, ok = 1, matches = 1;
    while (ok && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        uint32_t idx;
        char hx[80];
        if (lineno == 1) {
            ok = strcmp(line, "zks-state-checkpoint 1\n") == 0;
        } else if (sscanf(line, "accounts %lld %lld %ld", &as, &am, &an) == 3) {
        } else if (sscanf(line, "balances %lld %lld %ld", &bs, &bm, &bn) == 3) {
        } else if (sscanf(line, "layout %u %u", &depth, &bits) == 2) {
        } else if (sscanf(line, "mode %15s", mode) == 1) {
        } else if (sscanf(line, "next %" SCNu64, &next) == 1) {
        } else if (sscanf(line, "root %" SCNu32 " %79s", &idx, hx) == 2) {
            node *r = vec_push(&c->roots);
            if (r == NULL) {
                fclose(f);
                return ZKS_ERR_NOMEM;
            }
            r->tree = 0;
            r->idx = idx;
            ok = fr_unhex(&r->h, hx) && (c->roots.n == 1 || r[-1].idx < idx) && idx < next;
        } else if (strcmp(line, "end\n") == 0) {
            ended = 1;
        } else {
            ok = 0;
        }
    }
    fclose(f);
    if (!ok || !ended) {
        vec_free(&c->roots);
        return fail(c, ZKS_ERR_FILE_FORMAT, c->ckpt, ok ? 0 : lineno, "not a state-tree checkpoint (remove it)");
    }
    matches = as == (long long)c->acc_st.st_size && am == (long long)c->acc_st.st_mtim.tv_sec &&
              an == (long)c->acc_st.st_mtim.tv_nsec && bs == (long long)c->bal_st.st_size &&
              bm == (long long)c->bal_st.st_mtim.tv_sec && bn == (long)c->bal_st.st_mtim.tv_nsec &&
              depth == c->bdepth && bits == c->bits && (strcmp(mode, "sorted") == 0 || strcmp(mode, "stream") == 0);
    if (!matches) {
        c->roots.n = 0; /* other files: start afresh (the file is replaced) */
        return ZKS_OK;
    }
    c->next_block = next;
    c->sorted_mode = strcmp(mode, "sorted") == 0;
    return ZKS_OK;
}

/* ---- readers ---- */

static zks_status src_open(ctx *c, const zki_state_src *s, uint32_t kind, zks_exit_reader **r)
{
    if (s->path != NULL) return zks_exit_reader_open(s->path, kind, r, c->err);
    return zks_exit_reader_open_buffer(kind == ZKS_EXIT_FILE_ACCOUNTS ? c->acc_name : c->bal_name, s->data, s->len,
                                       kind, r, c->err);
}

static zks_status to_acct(ctx *c, const zks_exit_record *rec, acct_rec *a)
{
    if (rec->id > UINT32_MAX)
        return fail(c, ZKS_ERR_FILE_FORMAT, c->acc_name, rec->line, "account id %" PRIu64 " above 2^32-1", rec->id);
    a->id = (uint32_t)rec->id;
    a->nonce = rec->nonce;
    a->line = rec->line;
    memcpy(a->address, rec->address, ZKS_ETH_ADDRESS_BYTES);
    memcpy(a->pkh, rec->pubkey_hash, ZKS_PUBKEY_HASH_BYTES);
    return ZKS_OK;
}

static zks_status to_bal(ctx *c, const zks_exit_record *rec, bal_rec *b)
{
    if (rec->id > UINT32_MAX)
        return fail(c, ZKS_ERR_FILE_FORMAT, c->bal_name, rec->line, "account id %" PRIu64 " above 2^32-1", rec->id);
    for (int i = 0; i < 16; i++)
        if (rec->amount[i] != 0)
            return fail(c, ZKS_ERR_FILE_FORMAT, c->bal_name, rec->line, "balance %s is not below 2^128", rec->balance);
    if (c->bdepth < DEPTH && rec->token_id >> c->bdepth != 0)
        return fail(c, ZKS_ERR_FILE_FORMAT, c->bal_name, rec->line, "token id %" PRIu32 " beyond a balance tree of depth %u",
                    rec->token_id, c->bdepth);
    b->account = (uint32_t)rec->id;
    b->token = rec->token_id;
    b->line = rec->line;
    b->hi = b->lo = 0;
    for (int i = 0; i < 8; i++) {
        b->hi = b->hi << 8 | rec->amount[16 + i];
        b->lo = b->lo << 8 | rec->amount[24 + i];
    }
    return ZKS_OK;
}

static int cmp_acct(const void *x, const void *y)
{
    const acct_rec *a = x, *b = y;
    if (a->id != b->id) return a->id < b->id ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static int cmp_bal(const void *x, const void *y)
{
    const bal_rec *a = x, *b = y;
    if (a->account != b->account) return a->account < b->account ? -1 : 1;
    if (a->token != b->token) return a->token < b->token ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Sorted balances: refuses a repeated (account, token). */
static zks_status check_dup_bal(ctx *c, const bal_rec *B, size_t nb)
{
    for (size_t i = 1; i < nb; i++)
        if (B[i].account == B[i - 1].account && B[i].token == B[i - 1].token)
            return fail(c, ZKS_ERR_FILE_FORMAT, c->bal_name, B[i].line,
                        "second balance of account %" PRIu32 " token %" PRIu32 " (first at line %" PRIu64 ")",
                        B[i].account, B[i].token, B[i - 1].line);
    return ZKS_OK;
}

/* Index of the first balance whose account is not among the sorted A, or nb. */
static size_t find_unknown(const acct_rec *A, size_t na, const bal_rec *B, size_t nb)
{
    size_t a = 0;
    for (size_t i = 0; i < nb; i++) {
        while (a < na && A[a].id < B[i].account) a++;
        if (a == na || A[a].id != B[i].account) return i;
    }
    return nb;
}

static int has_account(const acct_rec *A, size_t na, uint32_t id)
{
    size_t lo = 0, hi = na;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (A[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < na && A[lo].id == id;
}

static uint64_t block_of(const ctx *c, uint32_t id)
{
    return c->bits >= 32 ? 0 : (uint64_t)(id >> c->bits);
}

/* After a block: record progress in the checkpoint. */
static zks_status block_done(ctx *c, uint64_t block)
{
    c->next_block = block + 1;
    return ckpt_write(c);
}

static int report(ctx *c)
{
    if (c->o == NULL || c->o->progress == NULL) return 0;
    return c->o->progress(c->o->progress_ctx, &c->prog) != 0;
}

/* Hashes blocks over sorted, checked arrays (the load-and-sort path). */
static zks_status hash_sorted(ctx *c, const acct_rec *A, size_t na, const bal_rec *B, size_t nb)
{
    size_t a = 0, b = 0;
    while (a < na) {
        uint64_t blk = block_of(c, A[a].id);
        size_t a1 = a, b1 = b;
        while (a1 < na && block_of(c, A[a1].id) == blk) a1++;
        while (b1 < nb && block_of(c, B[b1].account) == blk) b1++;
        if (blk >= c->next_block) {
            int stopped;
            zks_status st = zki_state_hash_block(c, blk, A + a, a1 - a, B + b, b1 - b, &stopped);
            if (st != ZKS_OK) return st;
            if (stopped) {
                st = ckpt_write(c);
                return st != ZKS_OK ? st : ZKS_ERR_STATE;
            }
            st = block_done(c, blk);
            if (st != ZKS_OK) return st;
        } else {
            c->prog.done += (a1 - a) + (b1 - b);
        }
        a = a1;
        b = b1;
        if (a < na && report(c)) {
            zks_status cs = ckpt_write(c);
            return cs != ZKS_OK ? cs : ZKS_ERR_STATE;
        }
    }
    return ZKS_OK;
}

/* Loads both files whole, sorts and checks them, then hashes. */
static zks_status load_and_sort(ctx *c, const zki_state_src *sa, const zki_state_src *sb)
{
    vec A = {.elem = sizeof(acct_rec)}, B = {.elem = sizeof(bal_rec)};
    zks_exit_reader *r = NULL;
    zks_exit_record rec;
    int32_t eof = 0;
    zks_status st;
    c->prog.phase = ZKS_STATE_PHASE_READ;
    c->prog.done = 0;
    for (int file = 0; file < 2; file++) {
        st = src_open(c, file == 0 ? sa : sb, file == 0 ? ZKS_EXIT_FILE_ACCOUNTS : ZKS_EXIT_FILE_BALANCES, &r);
        if (st != ZKS_OK) goto done;
        for (;;) {
            st = zks_exit_reader_next(r, &rec, &eof, c->err);
            if (st != ZKS_OK || eof) break;
            void *p = vec_push(file == 0 ? &A : &B);
            if (p == NULL) {
                st = ZKS_ERR_NOMEM;
                break;
            }
            st = file == 0 ? to_acct(c, &rec, p) : to_bal(c, &rec, p);
            if (st != ZKS_OK) break;
            if ((++c->prog.done % (16 * PROGRESS_EVERY)) == 0 && report(c)) {
                st = ZKS_ERR_STATE;
                break;
            }
        }
        zks_exit_reader_free(r);
        r = NULL;
        if (st != ZKS_OK) goto done;
    }
    acct_rec *a = A.p;
    bal_rec *b = B.p;
    /* qsort's array may not be NULL, which an empty file gives */
    if (A.n > 1) qsort(a, A.n, sizeof *a, cmp_acct);
    for (size_t i = 1; i < A.n; i++)
        if (a[i].id == a[i - 1].id) {
            st = fail(c, ZKS_ERR_FILE_FORMAT, c->acc_name, a[i].line,
                      "second row of account id %" PRIu32 " (first at line %" PRIu64 ")", a[i].id, a[i - 1].line);
            goto done;
        }
    if (B.n > 1) qsort(b, B.n, sizeof *b, cmp_bal);
    if ((st = check_dup_bal(c, b, B.n)) != ZKS_OK) goto done;
    size_t u = find_unknown(a, A.n, b, B.n);
    if (u < B.n) {
        /* the first such row in file order */
        for (size_t i = u + 1; i < B.n; i++)
            if (b[i].line < b[u].line && !has_account(a, A.n, b[i].account)) u = i;
        st = fail(c, ZKS_ERR_FILE_FORMAT, c->bal_name, b[u].line, "account id %" PRIu32 " is not in %s",
                  b[u].account, c->acc_name);
        goto done;
    }
    c->prog.phase = ZKS_STATE_PHASE_HASH;
    c->prog.done = 0;
    st = hash_sorted(c, a, A.n, b, B.n);
done:
    zks_exit_reader_free(r);
    vec_free(&A);
    vec_free(&B);
    return st;
}

/* The streaming pass. Returns ZKS_OK with *fallback = 1 when the order of
 * the rows does not allow it (then nothing is final). */
static zks_status stream(ctx *c, const zki_state_src *sa, const zki_state_src *sb, int *fallback)
{
    vec A = {.elem = sizeof(acct_rec)}, B = {.elem = sizeof(bal_rec)};
    zks_exit_reader *ra = NULL, *rb = NULL;
    zks_exit_record rec;
    acct_rec la;
    bal_rec lb;
    int32_t aeof = 0, beof = 0;
    int have_prev_a = 0, have_prev_b = 0;
    acct_rec prev_a = {0};
    uint32_t prev_b = 0;
    zks_status st;
    *fallback = 0;
    c->prog.phase = ZKS_STATE_PHASE_HASH;
    c->prog.done = 0;
    if ((st = src_open(c, sa, ZKS_EXIT_FILE_ACCOUNTS, &ra)) != ZKS_OK) goto done;
    if ((st = src_open(c, sb, ZKS_EXIT_FILE_BALANCES, &rb)) != ZKS_OK) goto done;

#define NEXT_A()                                                                                                     \
    do {                                                                                                             \
        st = zks_exit_reader_next(ra, &rec, &aeof, c->err);                                                          \
        if (st == ZKS_OK && !aeof) st = to_acct(c, &rec, &la);                                                       \
        if (st != ZKS_OK) goto done;                                                                                 \
        if (!aeof && have_prev_a) {                                                                                  \
            if (la.id == prev_a.id) {                                                                                \
                st = fail(c, ZKS_ERR_FILE_FORMAT, c->acc_name, la.line,                                              \
                          "second row of account id %" PRIu32 " (first at line %" PRIu64 ")", la.id, prev_a.line);   \
                goto done;                                                                                           \
            }                                                                                                        \
            if (la.id < prev_a.id) goto unsorted;                                                                    \
        }                                                                                                            \
        if (!aeof) {                                                                                                 \
            prev_a = la;                                                                                             \
            have_prev_a = 1;                                                                                         \
        }                                                                                                            \
    } while (0)
#define NEXT_B()                                                                                                     \
    do {                                                                                                             \
        st = zks_exit_reader_next(rb, &rec, &beof, c->err);                                                          \
        if (st == ZKS_OK && !beof) st = to_bal(c, &rec, &lb);                                                        \
        if (st != ZKS_OK) goto done;                                                                                 \
        if (!beof && have_prev_b && lb.account < prev_b) goto unsorted;                                              \
        if (!beof) {                                                                                                 \
            prev_b = lb.account;                                                                                     \
            have_prev_b = 1;                                                                                         \
        }                                                                                                            \
    } while (0)

    NEXT_A();
    NEXT_B();
    while (!aeof || !beof) {
        if (aeof || (!beof && block_of(c, lb.account) < block_of(c, la.id))) goto unsorted;
        uint64_t blk = block_of(c, la.id);
        A.n = B.n = 0;
        while (!aeof && block_of(c, la.id) == blk) {
            acct_rec *p = vec_push(&A);
            if (p == NULL) {
                st = ZKS_ERR_NOMEM;
                goto done;
            }
            *p = la;
            NEXT_A();
        }
        while (!beof && block_of(c, lb.account) == blk) {
            bal_rec *p = vec_push(&B);
            if (p == NULL) {
                st = ZKS_ERR_NOMEM;
                goto done;
            }
            *p = lb;
            NEXT_B();
        }
        if (B.n > 1) qsort(B.p, B.n, sizeof(bal_rec), cmp_bal); /* B.p is NULL when empty */
        if ((st = check_dup_bal(c, B.p, B.n)) != ZKS_OK) goto done;
        /* a balance of an id not (yet) seen: definitive only in the sorted pass */
        if (find_unknown(A.p, A.n, B.p, B.n) < B.n) goto unsorted;
        if (blk >= c->next_block) {
            int stopped;
            st = zki_state_hash_block(c, blk, A.p, A.n, B.p, B.n, &stopped);
            if (st != ZKS_OK) goto done;
            if (stopped) {
                st = ckpt_write(c);
                if (st == ZKS_OK) st = ZKS_ERR_STATE;
                goto done;
            }
            if ((st = block_done(c, blk)) != ZKS_OK) goto done;
        } else {
            c->prog.done += A.n + B.n;
        }
        if (report(c)) {
            st = ckpt_write(c);
            if (st == ZKS_OK) st = ZKS_ERR_STATE;
            goto done;
        }
    }
    goto done;
unsorted:
    *fallback = 1;
    st = ZKS_OK;
done:
#undef NEXT_A
#undef NEXT_B
    zks_exit_reader_free(ra);
    zks_exit_reader_free(rb);
    vec_free(&A);
    vec_free(&B);
    return st;
}

/* ---- setup ---- */

static zks_status ctx_init(ctx *c, const zks_state_options *o, zks_exit_error *err)
{
    memset(c, 0, sizeof *c);
    c->err = err;
    c->o = o;
    c->bdepth = o != NULL && o->balance_depth != 0 ? o->balance_depth : DEPTH;
    c->threads = o != NULL && o->threads > 1 ? o->threads : 1;
    if (c->bdepth > DEPTH || (o != NULL && o->threads > ZKS_STATE_MAX_THREADS)) return ZKS_ERR_INVALID_ARG;
    c->bits = g_block_bits;
    c->roots.elem = sizeof(node);
    zki_state_defaults(c);
    return ZKS_OK;
}

/* Counts records (lines) for the progress total; 0 when unreadable. */
static uint64_t count_lines(const zki_state_src *s)
{
    uint64_t n = 0;
    if (s->path == NULL) {
        for (size_t i = 0; i < s->len; i++) n += s->data[i] == '\n';
        return n > 0 ? n - 1 : 0;
    }
    FILE *f = fopen(s->path, "rb");
    if (f == NULL) return 0;
    static const size_t SZ = 1 << 16;
    char *buf = zki_malloc(SZ);
    if (buf != NULL) {
        size_t k;
        while ((k = fread(buf, 1, SZ, f)) > 0)
            for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + k - p))) != NULL; p++) n++;
        zks_free(buf);
    }
    fclose(f);
    return n > 0 ? n - 1 : 0;
}

zks_status zki_state_root_src(const zki_state_src *sa, const zki_state_src *sb, const zks_state_options *opts,
                              uint8_t out_root[ZKS_STATE_ROOT_BYTES], zks_exit_error *err)
{
    ZKI_ARG_CHECK(out_root != NULL);
    memset(out_root, 0, ZKS_STATE_ROOT_BYTES);
    if (err != NULL) memset(err, 0, sizeof *err);
    ZKI_ARG_CHECK(sa != NULL && sb != NULL);
    ZKI_ARG_CHECK(sa->path != NULL || sa->data != NULL || sa->len == 0);
    ZKI_ARG_CHECK(sb->path != NULL || sb->data != NULL || sb->len == 0);
    ctx c;
    zks_status st = ctx_init(&c, opts, err);
    if (st != ZKS_OK) return st;
    c.acc_name = sa->path != NULL ? sa->path : "accounts.csv";
    c.bal_name = sb->path != NULL ? sb->path : "balances.csv";
    if (opts != NULL && opts->checkpoint != NULL && sa->path != NULL && sb->path != NULL) {
        if (stat(sa->path, &c.acc_st) != 0) return fail(&c, ZKS_ERR_IO, sa->path, 0, "%s", strerror(errno));
        if (stat(sb->path, &c.bal_st) != 0) return fail(&c, ZKS_ERR_IO, sb->path, 0, "%s", strerror(errno));
        c.ckpt = opts->checkpoint;
        if ((st = ckpt_load(&c)) != ZKS_OK) return st;
    }
    if (opts != NULL && opts->progress != NULL) c.prog.total = count_lines(sa) + count_lines(sb);
    int fallback = 1;
    if (!c.sorted_mode) {
        st = stream(&c, sa, sb, &fallback);
        if (st != ZKS_OK) goto done;
    }
    if (fallback) {
        /* blocks streamed before the disorder showed are not final: start over
         * (a checkpoint of the sorted pass is kept) */
        if (!c.sorted_mode) {
            c.roots.n = 0;
            c.next_block = 0;
        }
        c.sorted_mode = 1;
        c.prog.accounts = c.prog.balances = 0;
        st = load_and_sort(&c, sa, sb);
        if (st != ZKS_OK) goto done;
    }
    zki_state_finish_root(&c, out_root);
    if (c.ckpt != NULL) remove(c.ckpt);
done:
    vec_free(&c.roots);
    if (st != ZKS_OK) memset(out_root, 0, ZKS_STATE_ROOT_BYTES);
    if (st != ZKS_OK && st != ZKS_ERR_STATE && err != NULL && err->message[0] == '\0')
        snprintf(err->message, sizeof err->message, "%s", zks_strerror(st));
    return st;
}

/* ---- public API ---- */

zks_status zks_state_options_init(zks_state_options *o)
{
    ZKI_ARG_CHECK(o != NULL);
    memset(o, 0, sizeof *o);
    o->threads = 1;
    o->balance_depth = DEPTH;
    return ZKS_OK;
}

zks_status zks_state_root_files(const char *accounts_csv, const char *balances_csv, const zks_state_options *opts,
                                uint8_t out_root[ZKS_STATE_ROOT_BYTES], zks_exit_error *err)
{
    ZKI_ARG_CHECK(out_root != NULL);
    memset(out_root, 0, ZKS_STATE_ROOT_BYTES);
    ZKI_ARG_CHECK(accounts_csv != NULL && balances_csv != NULL);
    zki_state_src a = {.path = accounts_csv}, b = {.path = balances_csv};
    return zki_state_root_src(&a, &b, opts, out_root, err);
}

zks_status zks_state_root_rows(const zks_state_account *accounts, size_t n_accounts,
                               const zks_state_balance *balances, size_t n_balances, const zks_state_options *opts,
                               uint8_t out_root[ZKS_STATE_ROOT_BYTES], zks_exit_error *err)
{
    ZKI_ARG_CHECK(out_root != NULL);
    memset(out_root, 0, ZKS_STATE_ROOT_BYTES);
    if (err != NULL) memset(err, 0, sizeof *err);
    ZKI_ARG_CHECK(accounts != NULL || n_accounts == 0);
    ZKI_ARG_CHECK(balances != NULL || n_balances == 0);
    ZKI_ARG_CHECK(n_accounts <= SIZE_MAX / sizeof(acct_rec) && n_balances <= SIZE_MAX / sizeof(bal_rec));
    ctx c;
    zks_status st = ctx_init(&c, opts, err);
    if (st != ZKS_OK) return st;
    c.acc_name = "accounts";
    c.bal_name = "balances";
    acct_rec *A = zki_malloc((n_accounts ? n_accounts : 1) * sizeof *A);
    bal_rec *B = zki_malloc((n_balances ? n_balances : 1) * sizeof *B);
    if (A == NULL || B == NULL) {
        st = ZKS_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < n_accounts; i++) {
        A[i].id = accounts[i].id;
        A[i].nonce = accounts[i].nonce;
        A[i].line = i + 1;
        memcpy(A[i].address, accounts[i].address, ZKS_ETH_ADDRESS_BYTES);
        memcpy(A[i].pkh, accounts[i].pubkey_hash, ZKS_PUBKEY_HASH_BYTES);
    }
    for (size_t i = 0; i < n_balances; i++) {
        if (c.bdepth < DEPTH && balances[i].token_id >> c.bdepth != 0) {
            st = fail(&c, ZKS_ERR_FILE_FORMAT, c.bal_name, i + 1, "token id %" PRIu32 " beyond a balance tree of depth %u",
                      balances[i].token_id, c.bdepth);
            goto done;
        }
        B[i].account = balances[i].account_id;
        B[i].token = balances[i].token_id;
        B[i].line = i + 1;
        B[i].hi = B[i].lo = 0;
        for (int k = 0; k < 8; k++) {
            B[i].hi = B[i].hi << 8 | balances[i].balance[k];
            B[i].lo = B[i].lo << 8 | balances[i].balance[8 + k];
        }
    }
    if (n_accounts > 1) qsort(A, n_accounts, sizeof *A, cmp_acct);
    for (size_t i = 1; i < n_accounts; i++)
        if (A[i].id == A[i - 1].id) {
            st = fail(&c, ZKS_ERR_FILE_FORMAT, c.acc_name, A[i].line,
                      "second row of account id %" PRIu32 " (first at row %" PRIu64 ")", A[i].id, A[i - 1].line);
            goto done;
        }
    if (n_balances > 1) qsort(B, n_balances, sizeof *B, cmp_bal);
    if ((st = check_dup_bal(&c, B, n_balances)) != ZKS_OK) goto done;
    size_t u = find_unknown(A, n_accounts, B, n_balances);
    if (u < n_balances) {
        st = fail(&c, ZKS_ERR_FILE_FORMAT, c.bal_name, B[u].line, "account id %" PRIu32 " is not among the accounts",
                  B[u].account);
        goto done;
    }
    c.prog.phase = ZKS_STATE_PHASE_HASH;
    c.prog.total = n_accounts + n_balances;
    c.sorted_mode = 1;
    st = hash_sorted(&c, A, n_accounts, B, n_balances);
    if (st == ZKS_OK) zki_state_finish_root(&c, out_root);
done:
    zks_free(A);
    zks_free(B);
    vec_free(&c.roots);
    if (st != ZKS_OK) memset(out_root, 0, ZKS_STATE_ROOT_BYTES);
    return st;
}

zks_status zks_state_root_hex(const uint8_t root[ZKS_STATE_ROOT_BYTES], char out[ZKS_HASH_HEX_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, (ZKS_HASH_HEX_CHARS + 1));
    ZKI_ARG_CHECK(root != NULL);
    out[0] = '0';
    out[1] = 'x';
    zki_hex_encode(out + 2, root, ZKS_STATE_ROOT_BYTES);
    return ZKS_OK;
}
