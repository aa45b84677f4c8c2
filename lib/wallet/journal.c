/* The wallet's journal: the open doubt as a text record, written BEFORE its
 * bytes are sent and cleared once its outcome is known, so a new process
 * resolves it before it signs anything (docs/reliability.md). Storage: a
 * file (temp + fsync + rename + fsync of the directory) or the caller's hook.
 *
 * Record (lines):  zks-wallet-doubt 1 / address 0x.. / chain N / nonce N /
 * count N / batch 0|1 / fast 0|1 / hash sync-tx:.. (count lines) / tx <json>
 * / sig <json>|- / sum <keccak256 hex of every byte before this line>. */
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "crypto/keccak.h"
#include "wallet_internal.h"

#define REC_MAX (16u << 20)
#define SUM_LINE (4 + 2 * ZKS_ETH_HASH_BYTES + 1) /* "sum " + 64 hex digits + "\n" */

/* ---- the record ---- */

/* A checked text append: the first write that does not fit sets over and
 * stops the rest (the record is then refused, never cut). */
typedef struct rec_buf {
    char *p;
    size_t cap, n;
    int over;
} rec_buf;

static void rec_add(rec_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rec_add(rec_buf *b, const char *fmt, ...)
{
    if (b->over) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= b->cap - b->n) b->over = 1;
    else b->n += (size_t)k;
}

static void rec_add_hex(rec_buf *b, const uint8_t *d, size_t len)
{
    if (b->over || 2 * len >= b->cap - b->n) {
        b->over = 1;
        return;
    }
    zki_hex_encode(b->p + b->n, d, len);
    b->n += 2 * len;
}

/* The closing "sum <keccak of everything before>" line. */
static void rec_add_sum(rec_buf *b)
{
    if (b->over) return;
    uint8_t h[ZKS_ETH_HASH_BYTES];
    zki_keccak256((const uint8_t *)b->p, b->n, h);
    rec_add(b, "sum ");
    rec_add_hex(b, h, ZKS_ETH_HASH_BYTES);
    rec_add(b, "\n");
}

static zks_status record_build(const zks_wallet *w, char **out, size_t *out_len)
{
    const zki_signed *d = &w->doubt;
    if (strchr(d->tx_json, '\n') != NULL || (d->eth_sig != NULL && strchr(d->eth_sig, '\n') != NULL))
        return ZKS_ERR_INTERNAL;
    size_t cap = 400 + (size_t)d->count * (HASH_CAP + 8) + strlen(d->tx_json) + (d->eth_sig ? strlen(d->eth_sig) : 1);
    rec_buf b = {zki_malloc(cap), cap, 0, 0};
    if (b.p == NULL) return ZKS_ERR_NOMEM;
    rec_add(&b, "zks-wallet-doubt 1\naddress %s\nchain %" PRIu64 "\nnonce %u\ncount %u\nbatch %d\nfast %d\n",
            w->address_lc, w->chain_id, (unsigned)d->nonce, (unsigned)d->count, d->batch, d->fast);
    for (uint32_t i = 0; i < d->count; i++) rec_add(&b, "hash %s\n", d->hashes + (size_t)i * HASH_CAP);
    rec_add(&b, "tx %s\nsig %s\n", d->tx_json, d->eth_sig != NULL ? d->eth_sig : "-");
    rec_add_sum(&b);
    if (b.over) {
        zks_free(b.p);
        return ZKS_ERR_INTERNAL;
    }
    char *r = b.p;
    size_t n = b.n;
    *out = r;
    *out_len = n;
    return ZKS_OK;
}

/* The next line of [*p, end) with its key checked; *val points after "key ". */
static int take(const char **p, const char *end, const char *key, const char **val, size_t *vlen)
{
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    size_t kl = strlen(key);
    if (nl == NULL || (size_t)(nl - *p) < kl + 1 || memcmp(*p, key, kl) != 0 || (*p)[kl] != ' ') return -1;
    *val = *p + kl + 1;
    *vlen = (size_t)(nl - *val);
    *p = nl + 1;
    return 0;
}

static int take_u64(const char **p, const char *end, const char *key, uint64_t *out)
{
    const char *v;
    size_t n;
    if (take(p, end, key, &v, &n) != 0 || n == 0 || n > 19) return -1;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') return -1;
        x = x * 10 + (uint64_t)(v[i] - '0');
    }
    *out = x;
    return 0;
}

zks_status zki_w_doubt_from_record(zks_wallet *w, const char *rec, size_t len)
{
    if (rec == NULL || len == 0) return ZKS_OK;
    if (len > REC_MAX) return ZKS_ERR_FILE_FORMAT;
    const char *p = rec, *end = rec + len, *v;
    size_t vn;
    /* the checksum covers every byte before the "sum" line */
    const char *sum = NULL;
    for (const char *q = end - 1; q > rec; q--)
        if (q[-1] == '\n' && (size_t)(end - q) >= 4 && memcmp(q, "sum ", 4) == 0) {
            sum = q;
            break;
        }
    if (sum == NULL || end - sum != SUM_LINE || end[-1] != '\n') return ZKS_ERR_FILE_FORMAT;
    uint8_t h[ZKS_ETH_HASH_BYTES], want[ZKS_ETH_HASH_BYTES];
    zki_keccak256((const uint8_t *)rec, (size_t)(sum - rec), h);
    if (zki_hex_decode(want, ZKS_ETH_HASH_BYTES, sum + 4, 2 * ZKS_ETH_HASH_BYTES) != 0 ||
        memcmp(h, want, ZKS_ETH_HASH_BYTES) != 0)
        return ZKS_ERR_FILE_FORMAT;
    uint64_t chain, nonce, count, batch, fast;
    if (take(&p, end, "zks-wallet-doubt", &v, &vn) != 0 || vn != 1 || v[0] != '1') return ZKS_ERR_FILE_FORMAT;
    if (take(&p, end, "address", &v, &vn) != 0 || vn != ZKS_ETH_ADDRESS_CHARS ||
        strncasecmp(v, w->address_lc, vn) != 0)
        return ZKS_ERR_FILE_FORMAT; /* another account's journal */
    if (take_u64(&p, end, "chain", &chain) || chain != w->chain_id || take_u64(&p, end, "nonce", &nonce) ||
        nonce > UINT32_MAX || take_u64(&p, end, "count", &count) || count < 1 || count > 101 ||
        take_u64(&p, end, "batch", &batch) || batch > 1 || take_u64(&p, end, "fast", &fast) || fast > 1)
        return ZKS_ERR_FILE_FORMAT;
    zki_signed d;
    memset(&d, 0, sizeof d);
    d.nonce = (uint32_t)nonce;
    d.count = (uint32_t)count;
    d.batch = (int)batch;
    d.fast = (int)fast;
    zks_status st = ZKS_ERR_NOMEM;
    if ((d.hashes = zki_calloc(d.count, HASH_CAP)) == NULL) goto fail;
    st = ZKS_ERR_FILE_FORMAT;
    for (uint32_t i = 0; i < d.count; i++) {
        if (take(&p, end, "hash", &v, &vn) != 0 || vn != HASH_CAP - 1 || strncmp(v, "sync-tx:", 8) != 0) goto fail;
        memcpy(d.hashes + (size_t)i * HASH_CAP, v, vn);
    }
    if (take(&p, end, "tx", &v, &vn) != 0 || vn == 0) goto fail;
    if ((d.tx_json = zki_strndup(v, vn)) == NULL) {
        st = ZKS_ERR_NOMEM;
        goto fail;
    }
    if (take(&p, end, "sig", &v, &vn) != 0 || vn == 0) goto fail;
    if (!(vn == 1 && v[0] == '-') && (d.eth_sig = zki_strndup(v, vn)) == NULL) {
        st = ZKS_ERR_NOMEM;
        goto fail;
    }
    if (p != sum) goto fail;
    zki_signed_free(&w->doubt);
    w->doubt = d;
    w->doubt_open = 1;
    w->resolved = ZKS_WALLET_RESOLVED_NONE;
    return ZKS_OK;
fail:
    zki_signed_free(&d);
    return st;
}

/* ---- the file ---- */

static zks_status sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (slash == NULL) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else if ((size_t)(slash - path) < sizeof dir) snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else return ZKS_ERR_IO;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return ZKS_ERR_IO;
    int rc = fsync(fd);
    close(fd);
    return rc == 0 ? ZKS_OK : ZKS_ERR_IO;
}

static zks_status file_write(const char *path, const char *rec, size_t len)
{
    size_t pl = strlen(path);
    char *tmp = zki_malloc(pl + 8);
    if (tmp == NULL) return ZKS_ERR_NOMEM;
    memcpy(tmp, path, pl);
    memcpy(tmp + pl, ".tmp", 5);
    zks_status st = ZKS_ERR_IO;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
        size_t done = 0;
        while (done < len) {
            ssize_t k = write(fd, rec + done, len - done);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) break;
            done += (size_t)k;
        }
        int ok = done == len && fsync(fd) == 0;
        if (close(fd) != 0) ok = 0;
        if (ok && rename(tmp, path) == 0) st = sync_dir(path);
        else unlink(tmp);
    }
    zks_free(tmp);
    return st;
}

static zks_status file_clear(const char *path)
{
    if (unlink(path) != 0 && errno != ENOENT) return ZKS_ERR_IO;
    return sync_dir(path);
}

static zks_status file_read(const char *path, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? ZKS_OK : ZKS_ERR_IO;
    size_t cap = 4096, n = 0;
    char *b = zki_malloc(cap);
    zks_status st = b == NULL ? ZKS_ERR_NOMEM : ZKS_OK;
    while (st == ZKS_OK) {
        if (n == cap) {
            char *nb = cap >= REC_MAX ? NULL : zki_realloc(b, cap * 2);
            if (nb == NULL) {
                st = cap >= REC_MAX ? ZKS_ERR_FILE_FORMAT : ZKS_ERR_NOMEM;
                break;
            }
            b = nb;
            cap *= 2;
        }
        ssize_t k = read(fd, b + n, cap - n);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) st = ZKS_ERR_IO;
        if (k <= 0) break;
        n += (size_t)k;
    }
    close(fd);
    if (st != ZKS_OK) {
        zks_free(b);
        return st;
    }
    *out = b;
    *len = n;
    return ZKS_OK;
}

/* ---- used by send.c ---- */

zks_status zki_w_journal_write(zks_wallet *w)
{
    if (w->journal_path == NULL && w->journal_fn == NULL) return ZKS_OK;
    char *rec = NULL;
    size_t len = 0;
    zks_status st = record_build(w, &rec, &len);
    if (st != ZKS_OK) return st;
    st = w->journal_path != NULL ? file_write(w->journal_path, rec, len) : w->journal_fn(w->journal_ctx, rec, len);
    zks_free(rec);
    return st;
}

zks_status zki_w_journal_clear(zks_wallet *w)
{
    if (w->journal_path != NULL) return file_clear(w->journal_path);
    if (w->journal_fn != NULL) return w->journal_fn(w->journal_ctx, NULL, 0);
    return ZKS_OK;
}

/* ---- the L1 side: the doubt of the wallet's zks_l1 in <path>.l1 ----
 * Record: zks-l1-doubt 1 / address 0x.. / nonce N / raw <hex> / sum <keccak hex>. */

static char *l1_path(const char *path)
{
    size_t n = strlen(path);
    char *p = zki_malloc(n + 4);
    if (p != NULL) {
        memcpy(p, path, n);
        memcpy(p + n, ".l1", 4);
    }
    return p;
}

static zks_status l1_journal(void *ctx, const zks_l1_doubt *d)
{
    zks_wallet *w = ctx;
    if (w->journal_path == NULL) return ZKS_OK;
    char *path = l1_path(w->journal_path);
    if (path == NULL) return ZKS_ERR_NOMEM;
    zks_status st;
    if (!d->open) {
        st = file_clear(path);
    } else {
        size_t cap = 200 + 2 * d->raw_len;
        rec_buf b = {zki_malloc(cap), cap, 0, 0};
        st = b.p == NULL ? ZKS_ERR_NOMEM : ZKS_OK;
        if (st == ZKS_OK) {
            rec_add(&b, "zks-l1-doubt 1\naddress %s\nnonce %" PRIu64 "\nraw ", w->address_lc, d->nonce);
            rec_add_hex(&b, d->raw, d->raw_len);
            rec_add(&b, "\n");
            rec_add_sum(&b);
            st = b.over ? ZKS_ERR_INTERNAL : file_write(path, b.p, b.n);
            zks_free(b.p);
        }
    }
    zks_free(path);
    return st;
}

/* Loads <path>.l1 (if any) into the L1 doubt. */
static zks_status l1_load(zks_wallet *w, const char *path)
{
    char *p = l1_path(path), *rec = NULL;
    size_t len = 0;
    if (p == NULL) return ZKS_ERR_NOMEM;
    zks_status st = file_read(p, &rec, &len);
    zks_free(p);
    if (st != ZKS_OK || len == 0) {
        zks_free(rec);
        return st;
    }
    st = ZKS_ERR_FILE_FORMAT;
    const char *q = rec, *end = rec + len, *v;
    size_t vn;
    uint64_t nonce;
    uint8_t h[ZKS_ETH_HASH_BYTES], want[ZKS_ETH_HASH_BYTES];
    const char *sum = len > SUM_LINE ? end - SUM_LINE : NULL;
    if (sum == NULL || sum[-1] != '\n' || memcmp(sum, "sum ", 4) != 0 || end[-1] != '\n') goto out;
    zki_keccak256((const uint8_t *)rec, (size_t)(sum - rec), h);
    if (zki_hex_decode(want, ZKS_ETH_HASH_BYTES, sum + 4, 2 * ZKS_ETH_HASH_BYTES) != 0 ||
        memcmp(h, want, ZKS_ETH_HASH_BYTES) != 0)
        goto out;
    if (take(&q, end, "zks-l1-doubt", &v, &vn) != 0 || vn != 1 || v[0] != '1') goto out;
    if (take(&q, end, "address", &v, &vn) != 0 || vn != ZKS_ETH_ADDRESS_CHARS || strncasecmp(v, w->address_lc, vn) != 0)
        goto out;
    if (take_u64(&q, end, "nonce", &nonce) != 0 || take(&q, end, "raw", &v, &vn) != 0 || vn == 0 || vn % 2 != 0 ||
        vn / 2 > ZKS_L1_RAW_MAX || q != sum)
        goto out;
    uint8_t *raw = zki_malloc(vn / 2);
    if (raw == NULL) {
        st = ZKS_ERR_NOMEM;
        goto out;
    }
    st = zki_hex_decode(raw, vn / 2, v, vn) == 0 ? zks_l1_doubt_restore(w->l1, raw, vn / 2, nonce) : ZKS_ERR_FILE_FORMAT;
    zks_free(raw);
out:
    zks_free(rec);
    return st;
}

/* ---- public ---- */

zks_status zks_wallet_set_journal(zks_wallet *w, const char *path)
{
    ZKI_ARG_CHECK(w != NULL && (path == NULL || path[0] != '\0'));
    ZKI_W_ENTER(w);
    w->errmsg[0] = '\0';
    char *rec = NULL, *copy = NULL;
    size_t len = 0;
    zks_status st = ZKS_OK;
    if (path != NULL) {
        st = file_read(path, &rec, &len);
        if (st == ZKS_OK && (copy = zki_strndup(path, strlen(path))) == NULL) st = ZKS_ERR_NOMEM;
        if (st == ZKS_OK && len > 0 && w->doubt_open) st = ZKS_ERR_STATE; /* two doubts: resolve the open one first */
        if (st == ZKS_OK) st = zki_w_doubt_from_record(w, rec, len);
        if (st == ZKS_OK && w->l1 != NULL) {
            zks_l1_doubt d = ZKS_L1_DOUBT_INIT;
            if (zks_l1_doubt_get(w->l1, &d) == ZKS_OK && !d.open) st = l1_load(w, path);
        }
        if (st == ZKS_ERR_FILE_FORMAT) zki_wmsg(w, "journal %s: bad checksum or another account's record", path);
    }
    if (st == ZKS_OK) {
        zks_free(w->journal_path);
        w->journal_path = copy;
        copy = NULL;
        w->journal_fn = NULL;
        if (w->l1 != NULL) st = zks_l1_set_journal(w->l1, path != NULL ? l1_journal : NULL, w);
        /* an open doubt of this process is stored at once */
        if (w->doubt_open && len == 0) st = zki_w_journal_write(w);
    }
    zks_free(copy);
    zks_free(rec);
    return ZKI_W_LEAVE(w, st);
}

zks_status zks_wallet_set_journal_hook(zks_wallet *w, zks_wallet_journal_fn fn, void *ctx, const char *record,
                                       size_t len)
{
    ZKI_ARG_CHECK(w != NULL && (record != NULL || len == 0));
    ZKI_W_ENTER(w);
    w->errmsg[0] = '\0';
    zks_status st = ZKS_OK;
    if (len > 0 && w->doubt_open) st = ZKS_ERR_STATE;
    if (st == ZKS_OK) st = zki_w_doubt_from_record(w, record, len);
    if (st == ZKS_OK) {
        zks_free(w->journal_path);
        w->journal_path = NULL;
        if (w->l1 != NULL) st = zks_l1_set_journal(w->l1, NULL, NULL);
        w->journal_fn = fn;
        w->journal_ctx = ctx;
        if (w->doubt_open && len == 0) st = zki_w_journal_write(w);
    }
    return ZKI_W_LEAVE(w, st);
}
