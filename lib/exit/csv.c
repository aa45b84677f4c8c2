/* Streaming readers of the snapshot CSV files (accounts.csv, balances.csv,
 * tokens.csv, new_leaves.csv) as the reference exit tool reads them with the
 * Rust csv crate: a header row, columns matched by name, "," separators,
 * RFC 4180 quotes, "\n" or "\r\n" line ends, blank lines skipped, every record
 * as wide as the header. Memory is fixed per reader (a 1 MiB input window and
 * one record of at most ZKS_EXIT_CSV_LINE_MAX bytes), whatever the file size. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_internal.h"

#define WINDOW (1u << 20)
#define MAX_COLS 8 /* the most named columns a kind uses */

enum { C_ID, C_NONCE, C_ADDRESS, C_PUBKEY, C_ACCOUNT_ID, C_COIN_ID, C_BALANCE, C_SYMBOL, C_DECIMALS,
       C_CLAIM_INDEX, C_ACCOUNT_ADDRESS, C_TOKEN_ADDRESS };

typedef struct {
    int col;          /* C_* */
    const char *name; /* header name */
    int required;
} kind_col;

static const kind_col cols_accounts[] = {{C_ID, "id", 1}, {C_NONCE, "nonce", 1}, {C_ADDRESS, "address", 1},
                                         {C_PUBKEY, "pubkey_hash", 1}};
static const kind_col cols_balances[] = {{C_ACCOUNT_ID, "account_id", 1}, {C_COIN_ID, "coin_id", 1},
                                         {C_BALANCE, "balance", 1}};
static const kind_col cols_tokens[] = {{C_ID, "id", 1}, {C_ADDRESS, "address", 1}, {C_SYMBOL, "symbol", 0},
                                       {C_DECIMALS, "decimals", 0}};
static const kind_col cols_leaves[] = {{C_CLAIM_INDEX, "claim_index", 1},
                                       {C_ACCOUNT_ADDRESS, "account_address", 1},
                                       {C_TOKEN_ADDRESS, "token_address", 1},
                                       {C_BALANCE, "balance", 1}};

typedef struct {
    const char *p;
    size_t n;
} field;

struct zks_exit_reader {
    uint32_t kind;
    int fd;                /* -1 for a memory reader */
    uint8_t *win;          /* input window (file) or the whole copy (memory) */
    size_t win_len, pos;   /* valid bytes, read position */
    int at_eof;            /* no more input beyond win_len */
    uint64_t consumed;     /* bytes before win[0] */
    uint64_t total;        /* file size, 0 unknown */
    char *rec;             /* record bytes of the slow path */
    field f[ZKS_EXIT_CSV_COLUMNS_MAX];
    size_t nf;             /* fields of the current record */
    size_t ncols;          /* header width */
    const kind_col *kc;
    size_t nkc;
    int colidx[MAX_COLS];  /* header position of kc[i], -1 absent */
    uint64_t line;         /* physical line of the next byte (1-based) */
    uint64_t rec_line;     /* line where the current record starts */
    int failed;
    int io_error;          /* the failure was a read error */
    char name[ZKS_EXIT_ERROR_TEXT_CHARS + 1];
};

void zki_exit_err_clear(zks_exit_error *err)
{
    if (err != NULL) memset(err, 0, sizeof *err);
}

void zki_exit_err_set(zks_exit_error *err, const char *file, uint64_t line, const char *fmt, ...)
{
    if (err == NULL) return;
    char what[ZKS_EXIT_ERROR_TEXT_CHARS + 1];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    memset(err, 0, sizeof *err);
    if (file == NULL) file = "";
    size_t fl = strnlen(file, ZKS_EXIT_ERROR_TEXT_CHARS);
    memcpy(err->file, file, fl);
    err->file[fl] = '\0';
    err->line = line;
    char msg[2 * ZKS_EXIT_ERROR_TEXT_CHARS + 64];
    if (line > 0)
        snprintf(msg, sizeof msg, "%s line %llu: %s", file, (unsigned long long)line, what);
    else if (file[0] != '\0')
        snprintf(msg, sizeof msg, "%s: %s", file, what);
    else
        snprintf(msg, sizeof msg, "%s", what);
    size_t n = strnlen(msg, ZKS_EXIT_ERROR_TEXT_CHARS);
    memcpy(err->message, msg, n);
    err->message[n] = '\0';
}

size_t zki_exit_hex0x(char *out, const uint8_t *in, size_t n)
{
    static const char d[] = "0123456789abcdef";
    out[0] = '0';
    out[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        out[2 + 2 * i] = d[in[i] >> 4];
        out[3 + 2 * i] = d[in[i] & 15];
    }
    return 2 + 2 * n;
}

/* ---- input window ---- */

/* Makes at least `want` bytes available from pos, or all that is left.
 * Returns 0, or -1 on a read error (err set). */
static int fill(zks_exit_reader *r, size_t want, zks_exit_error *err)
{
    if (r->win_len - r->pos >= want || r->at_eof) return 0;
    if (r->pos > 0) {
        memmove(r->win, r->win + r->pos, r->win_len - r->pos);
        r->consumed += r->pos;
        r->win_len -= r->pos;
        r->pos = 0;
    }
    while (r->win_len < want && r->win_len < WINDOW) {
        ssize_t n = read(r->fd, r->win + r->win_len, WINDOW - r->win_len);
        if (n < 0) {
            if (errno == EINTR) continue;
            zki_exit_err_set(err, r->name, 0, "read failed: %s", strerror(errno));
            r->io_error = 1;
            return -1;
        }
        if (n == 0) {
            r->at_eof = 1;
            break;
        }
        r->win_len += (size_t)n;
    }
    return 0;
}

static int fail(zks_exit_reader *r, zks_exit_error *err, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(zks_exit_reader *r, zks_exit_error *err, uint64_t line, const char *fmt, ...)
{
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    zki_exit_err_set(err, r->name, line, "%s", what);
    r->failed = 1;
    return -1;
}

/* Reads one record into r->f / r->nf. Returns 1 (record), 0 (end), -1 (error, err set). */
static int read_record(zks_exit_reader *r, zks_exit_error *err)
{
    for (;;) {
        if (fill(r, ZKS_EXIT_CSV_LINE_MAX + 2, err) != 0) return (r->failed = 1), -1;
        if (r->pos >= r->win_len) return 0;
        const uint8_t *s = r->win + r->pos;
        size_t avail = r->win_len - r->pos;
        r->rec_line = r->line;
        /* fast path: the whole line is in the window and has no quote */
        size_t scan = avail < ZKS_EXIT_CSV_LINE_MAX + 2 ? avail : ZKS_EXIT_CSV_LINE_MAX + 2;
        const uint8_t *nl = memchr(s, '\n', scan);
        size_t len = nl != NULL ? (size_t)(nl - s) : (r->at_eof && avail <= ZKS_EXIT_CSV_LINE_MAX ? avail : SIZE_MAX);
        if (len != SIZE_MAX && memchr(s, '"', len) == NULL) {
            size_t content = len;
            if (content > 0 && s[content - 1] == '\r') content--;
            if (content > ZKS_EXIT_CSV_LINE_MAX)
                return fail(r, err, r->rec_line, "line longer than %u bytes", (unsigned)ZKS_EXIT_CSV_LINE_MAX);
            r->pos += len + (nl != NULL ? 1 : 0);
            r->line++;
            if (content == 0) continue; /* blank line */
            const char *p = (const char *)s, *end = p + content;
            r->nf = 0;
            for (;;) {
                const char *c = memchr(p, ',', (size_t)(end - p));
                const char *fe = c != NULL ? c : end;
                if (r->nf >= ZKS_EXIT_CSV_COLUMNS_MAX)
                    return fail(r, err, r->rec_line, "more than %u columns", (unsigned)ZKS_EXIT_CSV_COLUMNS_MAX);
                if ((size_t)(fe - p) > ZKS_EXIT_CSV_FIELD_MAX)
                    return fail(r, err, r->rec_line, "field %zu longer than %u bytes", r->nf + 1,
                                (unsigned)ZKS_EXIT_CSV_FIELD_MAX);
                r->f[r->nf].p = p;
                r->f[r->nf].n = (size_t)(fe - p);
                r->nf++;
                if (c == NULL) break;
                p = c + 1;
            }
            return 1;
        }
        if (len == SIZE_MAX && memchr(s, '"', scan) == NULL)
            return fail(r, err, r->rec_line, "line longer than %u bytes", (unsigned)ZKS_EXIT_CSV_LINE_MAX);
        break;
    }
    /* slow path: quotes (maybe spanning lines); the record is copied into r->rec */
    enum { START, PLAIN, QUOTED, QUOTE_END } st = START;
    size_t rl = 0, fstart = 0;
    int by_newline = 0;
    r->nf = 0;
    r->rec_line = r->line;
    for (;;) {
        if (r->win_len - r->pos < 2 && !r->at_eof) { /* keep one byte of look-ahead for "\r\n" */
            if (fill(r, ZKS_EXIT_CSV_LINE_MAX + 2, err) != 0) return (r->failed = 1), -1;
        }
        if (r->pos >= r->win_len) {
            if (st == QUOTED) return fail(r, err, r->rec_line, "quoted field not closed at the end of the file");
            break;
        }
        uint8_t c = r->win[r->pos++];
        int end_field = 0, end_rec = 0;
        int crlf = c == '\r' && r->pos < r->win_len && r->win[r->pos] == '\n';
        switch (st) {
        case START:
            if (c == '"') {
                st = QUOTED;
                continue;
            }
            st = PLAIN;
            /* fall through */
        case PLAIN:
            if (c == ',') end_field = 1;
            else if (c == '\n') end_rec = 1;
            else if (crlf) continue;
            break;
        case QUOTED:
            if (c == '"') {
                st = QUOTE_END;
                continue;
            }
            if (c == '\n') r->line++;
            break;
        case QUOTE_END:
            if (c == '"') {
                st = QUOTED; /* "" is one quote */
                break;
            }
            if (c == ',') end_field = 1;
            else if (c == '\n') end_rec = 1;
            else if (crlf) continue;
            else return fail(r, err, r->rec_line, "a character after the closing quote of field %zu", r->nf + 1);
            break;
        }
        if (end_field || end_rec) {
            if (r->nf >= ZKS_EXIT_CSV_COLUMNS_MAX)
                return fail(r, err, r->rec_line, "more than %u columns", (unsigned)ZKS_EXIT_CSV_COLUMNS_MAX);
            if (rl - fstart > ZKS_EXIT_CSV_FIELD_MAX)
                return fail(r, err, r->rec_line, "field %zu longer than %u bytes", r->nf + 1,
                            (unsigned)ZKS_EXIT_CSV_FIELD_MAX);
            r->f[r->nf].n = rl - fstart;
            r->f[r->nf].p = (const char *)(uintptr_t)fstart; /* an offset until the record is complete */
            r->nf++;
            fstart = rl;
            st = START;
            if (end_rec) {
                r->line++;
                by_newline = 1;
                break;
            }
            continue;
        }
        if (rl >= ZKS_EXIT_CSV_LINE_MAX)
            return fail(r, err, r->rec_line, "record longer than %u bytes", (unsigned)ZKS_EXIT_CSV_LINE_MAX);
        r->rec[rl++] = (char)c;
    }
    if (!by_newline) { /* the last field, ended by the end of the file */
        if (r->nf >= ZKS_EXIT_CSV_COLUMNS_MAX)
            return fail(r, err, r->rec_line, "more than %u columns", (unsigned)ZKS_EXIT_CSV_COLUMNS_MAX);
        if (rl - fstart > ZKS_EXIT_CSV_FIELD_MAX)
            return fail(r, err, r->rec_line, "field %zu longer than %u bytes", r->nf + 1,
                        (unsigned)ZKS_EXIT_CSV_FIELD_MAX);
        r->f[r->nf].n = rl - fstart;
        r->f[r->nf].p = (const char *)(uintptr_t)fstart;
        r->nf++;
        r->line++;
    }
    for (size_t i = 0; i < r->nf; i++) r->f[i].p = r->rec + (uintptr_t)r->f[i].p;
    return 1;
}

/* ---- header ---- */

static int field_is(const field *f, const char *name)
{
    size_t n = strlen(name);
    return f->n == n && memcmp(f->p, name, n) == 0;
}

static zks_status read_header(zks_exit_reader *r, zks_exit_error *err)
{
    /* a UTF-8 byte order mark before the header */
    if (fill(r, 3, err) != 0) return ZKS_ERR_IO;
    if (r->win_len - r->pos >= 3 && memcmp(r->win + r->pos, "\xEF\xBB\xBF", 3) == 0) r->pos += 3;
    int got = read_record(r, err);
    if (got < 0) return r->io_error ? ZKS_ERR_IO : ZKS_ERR_FILE_FORMAT;
    if (got == 0) {
        zki_exit_err_set(err, r->name, 0, "empty file (no header line)");
        return ZKS_ERR_FILE_FORMAT;
    }
    r->ncols = r->nf;
    for (size_t k = 0; k < r->nkc; k++) {
        r->colidx[k] = -1;
        for (size_t i = 0; i < r->nf; i++) {
            if (field_is(&r->f[i], r->kc[k].name)) {
                if (r->colidx[k] >= 0) {
                    zki_exit_err_set(err, r->name, r->rec_line, "column %s appears twice in the header",
                                     r->kc[k].name);
                    return ZKS_ERR_FILE_FORMAT;
                }
                r->colidx[k] = (int)i;
            }
        }
        if (r->colidx[k] < 0 && r->kc[k].required) {
            zki_exit_err_set(err, r->name, r->rec_line, "header has no column %s", r->kc[k].name);
            return ZKS_ERR_FILE_FORMAT;
        }
    }
    return ZKS_OK;
}

static zks_status reader_new(const char *name, uint32_t kind, zks_exit_reader **out, zks_exit_error *err)
{
    zks_exit_reader *r = zki_calloc(1, sizeof *r);
    if (r == NULL) return ZKS_ERR_NOMEM;
    r->fd = -1;
    r->kind = kind;
    r->line = 1;
    size_t nl = strnlen(name, ZKS_EXIT_ERROR_TEXT_CHARS);
    memcpy(r->name, name, nl);
    r->name[nl] = '\0';
    switch (kind) {
    case ZKS_EXIT_FILE_ACCOUNTS: r->kc = cols_accounts; r->nkc = sizeof cols_accounts / sizeof cols_accounts[0]; break;
    case ZKS_EXIT_FILE_BALANCES: r->kc = cols_balances; r->nkc = sizeof cols_balances / sizeof cols_balances[0]; break;
    case ZKS_EXIT_FILE_TOKENS: r->kc = cols_tokens; r->nkc = sizeof cols_tokens / sizeof cols_tokens[0]; break;
    case ZKS_EXIT_FILE_LEAVES: r->kc = cols_leaves; r->nkc = sizeof cols_leaves / sizeof cols_leaves[0]; break;
    default:
        zks_free(r);
        zki_exit_err_set(err, name, 0, "unknown file kind %u", (unsigned)kind);
        return ZKS_ERR_INVALID_ARG;
    }
    r->rec = zki_malloc(ZKS_EXIT_CSV_LINE_MAX + 1);
    if (r->rec == NULL) {
        zks_free(r);
        return ZKS_ERR_NOMEM;
    }
    *out = r;
    return ZKS_OK;
}

zks_status zks_exit_reader_open(const char *path, uint32_t kind, zks_exit_reader **out, zks_exit_error *err)
{
    zki_exit_err_clear(err);
    if (out == NULL) return ZKS_ERR_INVALID_ARG;
    *out = NULL;
    if (path == NULL) return ZKS_ERR_INVALID_ARG;
    zks_exit_reader *r;
    zks_status st = reader_new(path, kind, &r, err);
    if (st != ZKS_OK) return st;
    r->win = zki_malloc(WINDOW);
    if (r->win == NULL) {
        zks_exit_reader_free(r);
        return ZKS_ERR_NOMEM;
    }
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        zki_exit_err_set(err, path, 0, "cannot open: %s", strerror(errno));
        zks_exit_reader_free(r);
        return ZKS_ERR_IO;
    }
    struct stat sb;
    if (fstat(r->fd, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            zki_exit_err_set(err, path, 0, "cannot read: is a folder");
            zks_exit_reader_free(r);
            return ZKS_ERR_IO;
        }
        if (S_ISREG(sb.st_mode)) r->total = (uint64_t)sb.st_size;
    }
    st = read_header(r, err);
    if (st != ZKS_OK) {
        zks_exit_reader_free(r);
        return st;
    }
    *out = r;
    return ZKS_OK;
}

zks_status zks_exit_reader_open_buffer(const char *name, const uint8_t *data, size_t len, uint32_t kind,
                                       zks_exit_reader **out, zks_exit_error *err)
{
    zki_exit_err_clear(err);
    if (out == NULL) return ZKS_ERR_INVALID_ARG;
    *out = NULL;
    if (data == NULL && len > 0) return ZKS_ERR_INVALID_ARG;
    zks_exit_reader *r;
    zks_status st = reader_new(name != NULL ? name : "<memory>", kind, &r, err);
    if (st != ZKS_OK) return st;
    r->win = zki_malloc(len > 0 ? len : 1);
    if (r->win == NULL) {
        zks_exit_reader_free(r);
        return ZKS_ERR_NOMEM;
    }
    if (len > 0) memcpy(r->win, data, len);
    r->win_len = len;
    r->at_eof = 1;
    r->total = len;
    st = read_header(r, err);
    if (st != ZKS_OK) {
        zks_exit_reader_free(r);
        return st;
    }
    *out = r;
    return ZKS_OK;
}

void zks_exit_reader_free(zks_exit_reader *r)
{
    if (r == NULL) return;
    if (r->fd >= 0) close(r->fd);
    zks_free(r->win);
    zks_free(r->rec);
    zks_free(r);
}

void zki_exit_reader_progress(const zks_exit_reader *r, uint64_t *done, uint64_t *total)
{
    *done = r->consumed + r->pos;
    *total = r->total;
}

const char *zki_exit_reader_name(const zks_exit_reader *r)
{
    return r->name;
}

/* ---- values ---- */

/* A short printable excerpt of a field for messages. */
static void excerpt(char out[40], const field *f)
{
    size_t n = f->n < 32 ? f->n : 32, k = 0;
    for (size_t i = 0; i < n; i++) out[k++] = (f->p[i] >= 0x20 && f->p[i] < 0x7f) ? f->p[i] : '?';
    if (f->n > 32) {
        out[k++] = '.';
        out[k++] = '.';
        out[k++] = '.';
    }
    out[k] = '\0';
}

static int parse_dec_u64(const field *f, uint64_t max, uint64_t *out)
{
    if (f->n == 0 || f->n > 40) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < f->n; i++) {
        unsigned d = (unsigned)(uint8_t)f->p[i] - '0';
        if (d > 9) return -1;
        if (v > (max - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* Hex digit values; 0x10 marks a non-hex byte (one table lookup per digit, no branches). */
static const uint8_t hex_val[256] = {
#define H16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    H16(0x10), H16(0x10), H16(0x10),
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,              /* '0'..'9' */
    0x10, 10, 11, 12, 13, 14, 15, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, /* 'A'..'F' */
    H16(0x10),
    0x10, 10, 11, 12, 13, 14, 15, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, /* 'a'..'f' */
    H16(0x10), H16(0x10), H16(0x10), H16(0x10), H16(0x10), H16(0x10), H16(0x10), H16(0x10), H16(0x10),
#undef H16
};

static int parse_hex_bytes(const char *p, size_t n, uint8_t *out, size_t len)
{
    if (n != 2 * len) return -1;
    unsigned bad = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned h = hex_val[(uint8_t)p[2 * i]], l = hex_val[(uint8_t)p[2 * i + 1]];
        bad |= h | l;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return (bad & 0x10) ? -1 : 0;
}

static int parse_address(const field *f, uint8_t out[ZKS_EXIT_ADDRESS_BYTES])
{
    if (f->n != 42 || f->p[0] != '0' || f->p[1] != 'x') return -1;
    return parse_hex_bytes(f->p + 2, 2 * ZKS_EXIT_ADDRESS_BYTES, out, ZKS_EXIT_ADDRESS_BYTES);
}

/* n (1..78) decimal digits, already checked, to 32 bytes big-endian; -1 when >= 2^256.
 * Chunks of up to 19 digits are u64s; each multiplies the 4 limbs once. */
static int dec_to_be32(const char *p, size_t n, uint8_t out[ZKS_EXIT_AMOUNT_BYTES])
{
    static const uint64_t pow10[20] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
                                       10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
                                       100000000000ULL, 1000000000000ULL, 10000000000000ULL,
                                       100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
                                       100000000000000000ULL, 1000000000000000000ULL,
                                       10000000000000000000ULL};
    uint64_t w[4] = {0, 0, 0, 0}; /* w[0] least significant */
    size_t i = 0, k = n % 19 != 0 ? n % 19 : 19;
    while (i < n) {
        uint64_t c = 0;
        for (size_t j = 0; j < k; j++) c = c * 10 + (uint64_t)(p[i + j] - '0');
        unsigned __int128 carry = c;
        for (int l = 0; l < 4; l++) {
            unsigned __int128 x = (unsigned __int128)w[l] * pow10[k] + carry;
            w[l] = (uint64_t)x;
            carry = x >> 64;
        }
        if (carry != 0) return -1;
        i += k;
        k = 19;
    }
    for (int l = 0; l < 4; l++)
        for (int b = 0; b < 8; b++) out[31 - 8 * l - b] = (uint8_t)(w[l] >> (8 * b));
    return 0;
}

static int parse_amount(const field *f, uint8_t out[ZKS_EXIT_AMOUNT_BYTES], char text[ZKS_AMOUNT_CHARS + 1])
{
    if (f->n == 0 || f->n > ZKS_AMOUNT_CHARS) return -1;
    for (size_t i = 0; i < f->n; i++)
        if ((unsigned)(uint8_t)f->p[i] - '0' > 9) return -1;
    if (dec_to_be32(f->p, f->n, out) != 0) return -1;
    memcpy(text, f->p, f->n);
    text[f->n] = '\0';
    return 0;
}

zks_status zks_exit_reader_next(zks_exit_reader *r, zks_exit_record *out, int32_t *out_eof, zks_exit_error *err)
{
    zki_exit_err_clear(err);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (out_eof != NULL) *out_eof = 0;
    if (r == NULL || out == NULL || out_eof == NULL) return ZKS_ERR_INVALID_ARG;
    if (r->failed) {
        zki_exit_err_set(err, r->name, r->rec_line, "the reader already failed");
        return ZKS_ERR_FILE_FORMAT;
    }
    int got = read_record(r, err);
    if (got < 0) return r->io_error ? ZKS_ERR_IO : ZKS_ERR_FILE_FORMAT;
    if (got == 0) {
        *out_eof = 1;
        return ZKS_OK;
    }
    uint64_t line = r->rec_line;
    if (r->nf != r->ncols) {
        fail(r, err, line, "%zu fields, the header has %zu", r->nf, r->ncols);
        return ZKS_ERR_FILE_FORMAT;
    }
    out->kind = r->kind;
    out->line = line;
    for (size_t k = 0; k < r->nkc; k++) {
        if (r->colidx[k] < 0) continue;
        const field *f = &r->f[r->colidx[k]];
        const char *name = r->kc[k].name;
        char ex[40];
        uint64_t v;
        const char *why = NULL;
        switch (r->kc[k].col) {
        case C_ID:
        case C_ACCOUNT_ID:
            if (parse_dec_u64(f, UINT32_MAX, &v) != 0) why = "not a decimal number below 2^32";
            else out->id = v;
            break;
        case C_CLAIM_INDEX:
            if (parse_dec_u64(f, UINT64_MAX, &v) != 0) why = "not a decimal number below 2^64";
            else out->id = v;
            break;
        case C_NONCE:
            if (parse_dec_u64(f, UINT32_MAX, &v) != 0) why = "not a decimal number below 2^32";
            else out->nonce = (uint32_t)v;
            break;
        case C_COIN_ID:
            if (parse_dec_u64(f, UINT32_MAX, &v) != 0) why = "not a decimal number below 2^32";
            else out->token_id = (uint32_t)v;
            break;
        case C_DECIMALS:
            if (f->n == 0) break;
            if (parse_dec_u64(f, UINT32_MAX, &v) != 0) why = "not a decimal number below 2^32";
            else out->decimals = (uint32_t)v;
            break;
        case C_ADDRESS:
        case C_ACCOUNT_ADDRESS:
            if (parse_address(f, out->address) != 0) why = "not 0x + 40 hex digits";
            break;
        case C_TOKEN_ADDRESS:
            if (parse_address(f, out->token) != 0) why = "not 0x + 40 hex digits";
            break;
        case C_PUBKEY:
            if (f->n == 42 && f->p[0] == '0' && f->p[1] == 'x' &&
                parse_hex_bytes(f->p + 2, 2 * ZKS_PUBKEY_HASH_BYTES, out->pubkey_hash, ZKS_PUBKEY_HASH_BYTES) == 0)
                out->is_sync_pubkey = 0;
            else if (f->n == 45 && memcmp(f->p, "sync:", 5) == 0 &&
                     parse_hex_bytes(f->p + 5, 2 * ZKS_PUBKEY_HASH_BYTES, out->pubkey_hash, ZKS_PUBKEY_HASH_BYTES) == 0)
                out->is_sync_pubkey = 1;
            else
                why = "not 0x or sync: + 40 hex digits";
            break;
        case C_BALANCE:
            if (parse_amount(f, out->amount, out->balance) != 0)
                why = "not a decimal integer below 2^256 (at most 78 digits)";
            break;
        case C_SYMBOL: {
            size_t n = f->n < ZKS_SYMBOL_CHARS ? f->n : ZKS_SYMBOL_CHARS;
            memcpy(out->symbol, f->p, n);
            out->symbol[n] = '\0';
            break;
        }
        default: break;
        }
        if (why != NULL) {
            excerpt(ex, f);
            fail(r, err, line, "column %s: %s ('%s')", name, why, ex);
            memset(out, 0, sizeof *out);
            return ZKS_ERR_FILE_FORMAT;
        }
    }
    return ZKS_OK;
}
