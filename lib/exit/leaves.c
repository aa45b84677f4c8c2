/* create-new-leaves (docs/exit-tree.md): the claim leaves from accounts.csv,
 * balances.csv and tokens.csv, derived as the reference exit tool does
 * (create_keccak_leaves): each balance row adds to the sum of its
 * (account address, token address) pair, the pairs are sorted bytewise and
 * numbered from 0, zero sums included. Memory: the accounts and tokens as
 * sorted (id, address) arrays and one 72-byte entry per balance row, sorted
 * in place. */
#include <stdlib.h>

#include "exit_internal.h"
#include "util/u256.h"

typedef struct {
    uint32_t id;
    uint8_t address[ZKS_EXIT_ADDRESS_BYTES];
} id_addr;

typedef struct {
    uint8_t key[2 * ZKS_EXIT_ADDRESS_BYTES]; /* account address || token address */
    uint64_t w[4];   /* amount, little-endian limbs as zki_u256 */
} entry;

typedef struct {
    id_addr *v;
    size_t n, cap;
    int sorted;
} id_table;

static int id_cmp(const void *a, const void *b)
{
    uint32_t x = ((const id_addr *)a)->id, y = ((const id_addr *)b)->id;
    return (x > y) - (x < y);
}

static int table_push(id_table *t, uint32_t id, const uint8_t address[ZKS_EXIT_ADDRESS_BYTES])
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        id_addr *nv = zki_realloc(t->v, cap * sizeof *nv);
        if (nv == NULL) return -1;
        t->v = nv;
        t->cap = cap;
    }
    if (t->n > 0 && id <= t->v[t->n - 1].id) t->sorted = 0;
    t->v[t->n].id = id;
    memcpy(t->v[t->n].address, address, ZKS_EXIT_ADDRESS_BYTES);
    t->n++;
    return 0;
}

static const uint8_t *table_find(const id_table *t, uint32_t id)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < t->n && t->v[lo].id == id ? t->v[lo].address : NULL;
}

/* Reads accounts.csv or tokens.csv into t (sorted by id). A repeated id is an error. */
static zks_status load_ids(const char *path, uint32_t kind, id_table *t, zks_exit_error *err)
{
    zks_exit_reader *r;
    zks_status st = zks_exit_reader_open(path, kind, &r, err);
    if (st != ZKS_OK) return st;
    t->sorted = 1;
    zks_exit_record rec;
    for (;;) {
        int32_t eof;
        st = zks_exit_reader_next(r, &rec, &eof, err);
        if (st != ZKS_OK || eof) break;
        if (t->sorted && t->n > 0 && rec.id == t->v[t->n - 1].id) {
            zki_exit_err_set(err, path, rec.line, "id %llu appears twice", (unsigned long long)rec.id);
            st = ZKS_ERR_FILE_FORMAT;
            break;
        }
        if (table_push(t, (uint32_t)rec.id, rec.address) != 0) {
            st = ZKS_ERR_NOMEM;
            break;
        }
    }
    zks_exit_reader_free(r);
    if (st != ZKS_OK) return st;
    if (!t->sorted) {
        if (t->n > 1) qsort(t->v, t->n, sizeof *t->v, id_cmp); /* t->v is NULL when empty */
        for (size_t i = 1; i < t->n; i++) {
            if (t->v[i].id == t->v[i - 1].id) {
                zki_exit_err_set(err, path, 0, "id %u appears twice", (unsigned)t->v[i].id);
                return ZKS_ERR_FILE_FORMAT;
            }
        }
        t->sorted = 1;
    }
    return ZKS_OK;
}

/* In-place quicksort of the entries by key (no second buffer: the array can be most of the memory). */
static void swap_entries(entry *a, entry *b)
{
    entry t = *a;
    *a = *b;
    *b = t;
}

static void sort_entries(entry *v, size_t n)
{
    while (n > 16) {
        /* median of three as pivot, moved to the end */
        size_t m = n / 2;
        if (memcmp(v[m].key, v[0].key, 40) < 0) swap_entries(&v[m], &v[0]);
        if (memcmp(v[n - 1].key, v[0].key, 40) < 0) swap_entries(&v[n - 1], &v[0]);
        if (memcmp(v[n - 1].key, v[m].key, 40) < 0) swap_entries(&v[n - 1], &v[m]);
        swap_entries(&v[m], &v[n - 2]);
        const uint8_t *pivot = v[n - 2].key;
        size_t i = 0, j = n - 2;
        for (;;) {
            while (memcmp(v[++i].key, pivot, 40) < 0) {}
            while (j > 0 && memcmp(v[--j].key, pivot, 40) > 0) {}
            if (i >= j) break;
            swap_entries(&v[i], &v[j]);
        }
        swap_entries(&v[i], &v[n - 2]);
        /* recurse into the smaller side, loop on the larger: O(log n) stack */
        if (i < n - i - 1) {
            sort_entries(v, i);
            v += i + 1;
            n -= i + 1;
        } else {
            sort_entries(v + i + 1, n - i - 1);
            n = i;
        }
    }
    for (size_t i = 1; i < n; i++) {
        entry x = v[i];
        size_t j = i;
        while (j > 0 && memcmp(v[j - 1].key, x.key, 40) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static zks_status write_leaves(const char *output, const entry *v, size_t n, zks_exit_error *err)
{
    zki_exit_out o;
    zks_status st = zki_exit_out_open(&o, output, err);
    if (st != ZKS_OK) return st;
    fputs("claim_index,account_address,token_address,balance\n", o.f);
    char line[32 + 1 + 42 + 1 + 42 + 1 + 80];
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(line, sizeof line, "%llu,", (unsigned long long)i);
        size_t p = (size_t)k;
        p += zki_exit_hex0x(line + p, v[i].key, ZKS_EXIT_ADDRESS_BYTES);
        line[p++] = ',';
        p += zki_exit_hex0x(line + p, v[i].key + ZKS_EXIT_ADDRESS_BYTES, ZKS_EXIT_ADDRESS_BYTES);
        line[p++] = ',';
        zki_u256 a;
        memcpy(a.w, v[i].w, sizeof a.w);
        p += zki_u256_to_dec(line + p, &a);
        line[p++] = '\n';
        if (fwrite(line, 1, p, o.f) != p) break;
    }
    if (ferror(o.f)) {
        zki_exit_err_set(err, output, 0, "write failed");
        zki_exit_out_abort(&o);
        return ZKS_ERR_IO;
    }
    return zki_exit_out_commit(&o, err);
}

zks_status zks_exit_create_leaves(const char *accounts_csv, const char *balances_csv, const char *tokens_csv,
                                  const char *output, zks_exit_progress_fn progress, void *progress_ctx,
                                  uint64_t *out_leaves, zks_exit_error *err)
{
    zki_exit_err_clear(err);
    if (out_leaves != NULL) *out_leaves = 0;
    ZKI_ARG_CHECK(accounts_csv != NULL && balances_csv != NULL && tokens_csv != NULL);
    if (output == NULL) output = "new_leaves.csv";
    id_table accounts = {0}, tokens = {0};
    entry *v = NULL;
    size_t n = 0, cap = 0;
    zks_exit_reader *r = NULL;
    zks_status st = load_ids(tokens_csv, ZKS_EXIT_FILE_TOKENS, &tokens, err);
    if (st == ZKS_OK) st = load_ids(accounts_csv, ZKS_EXIT_FILE_ACCOUNTS, &accounts, err);
    if (st == ZKS_OK) st = zks_exit_reader_open(balances_csv, ZKS_EXIT_FILE_BALANCES, &r, err);
    uint64_t next_report = 1u << 20;
    while (st == ZKS_OK) {
        zks_exit_record rec;
        int32_t eof;
        st = zks_exit_reader_next(r, &rec, &eof, err);
        if (st != ZKS_OK || eof) break;
        const uint8_t *acc = table_find(&accounts, (uint32_t)rec.id);
        if (acc == NULL) {
            zki_exit_err_set(err, balances_csv, rec.line,
                             "account %llu has balances but no record in %s", (unsigned long long)rec.id,
                             accounts_csv);
            st = ZKS_ERR_FILE_FORMAT;
            break;
        }
        const uint8_t *tok = table_find(&tokens, rec.token_id);
        if (tok == NULL) {
            zki_exit_err_set(err, balances_csv, rec.line, "token %u is not in %s", (unsigned)rec.token_id,
                             tokens_csv);
            st = ZKS_ERR_FILE_FORMAT;
            break;
        }
        if (n == cap) {
            size_t nc = cap ? cap + cap / 2 : 4096;
            entry *nv = zki_realloc(v, nc * sizeof *nv);
            if (nv == NULL) {
                st = ZKS_ERR_NOMEM;
                break;
            }
            v = nv;
            cap = nc;
        }
        memcpy(v[n].key, acc, ZKS_EXIT_ADDRESS_BYTES);
        memcpy(v[n].key + ZKS_EXIT_ADDRESS_BYTES, tok, ZKS_EXIT_ADDRESS_BYTES);
        zki_u256 a;
        zki_u256_from_be(&a, rec.amount, ZKS_EXIT_AMOUNT_BYTES);
        memcpy(v[n].w, a.w, sizeof a.w);
        n++;
        if (progress != NULL) {
            uint64_t done, total;
            zki_exit_reader_progress(r, &done, &total);
            if (done >= next_report) {
                progress(progress_ctx, done, total);
                next_report = done + (1u << 20);
            }
        }
    }
    zks_exit_reader_free(r);
    zks_free(accounts.v);
    zks_free(tokens.v);
    if (st == ZKS_OK && n == 0) {
        zki_exit_err_set(err, balances_csv, 0, "no balance rows: the claim tree would be empty");
        st = ZKS_ERR_FILE_FORMAT;
    }
    size_t m = 0;
    if (st == ZKS_OK) {
        sort_entries(v, n);
        /* sum equal pairs (several ids of one address, repeated rows) */
        for (size_t i = 0; i < n; i++) {
            if (m > 0 && memcmp(v[m - 1].key, v[i].key, 40) == 0) {
                zki_u256 a, b, s;
                memcpy(a.w, v[m - 1].w, sizeof a.w);
                memcpy(b.w, v[i].w, sizeof b.w);
                if (zki_u256_add(&s, &a, &b) != 0) {
                    char acc[43], tok[43];
                    acc[zki_exit_hex0x(acc, v[i].key, ZKS_EXIT_ADDRESS_BYTES)] = '\0';
                    tok[zki_exit_hex0x(tok, v[i].key + ZKS_EXIT_ADDRESS_BYTES, ZKS_EXIT_ADDRESS_BYTES)] = '\0';
                    zki_exit_err_set(err, balances_csv, 0, "balance overflow (sum >= 2^256) for account %s token %s",
                                     acc, tok);
                    st = ZKS_ERR_FILE_FORMAT;
                    break;
                }
                memcpy(v[m - 1].w, s.w, sizeof s.w);
            } else {
                v[m++] = v[i];
            }
        }
    }
    if (st == ZKS_OK) st = write_leaves(output, v, m, err);
    zks_free(v);
    if (st == ZKS_OK && out_leaves != NULL) *out_leaves = m;
    return st;
}
