/* zksync-exit: helpers shared by every command (tool.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

int zx_exit_code(zks_status st)
{
    /* an if chain rather than a switch: the status enum grows, and -Wswitch-enum wants every value */
    if (st == ZKS_OK) return ZX_EXIT_OK;
    if (st == ZKS_ERR_IO) return ZX_EXIT_IO;
    if (st == ZKS_ERR_FILE_FORMAT || st == ZKS_ERR_JSON) return ZX_EXIT_FORMAT;
    if (st == ZKS_ERR_PROOF_INVALID || st == ZKS_ERR_MISMATCH) return ZX_EXIT_INVALID;
    if (st == ZKS_ERR_NOT_FOUND) return ZX_EXIT_NOT_FOUND;
    if (st == ZKS_ERR_NETWORK || st == ZKS_ERR_TIMEOUT || st == ZKS_ERR_HTTP || st == ZKS_ERR_RPC ||
        st == ZKS_ERR_RESPONSE_TOO_LARGE || st == ZKS_ERR_L1_REVERT || st == ZKS_ERR_WRONG_CHAIN ||
        st == ZKS_ERR_NETWORK_SHUT_DOWN || st == ZKS_ERR_TOKEN_MIGRATED || st == ZKS_ERR_ALREADY_CLAIMED)
        return ZX_EXIT_NETWORK;
    return ZX_EXIT_FAIL;
}

void zx_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(ZX_TOOL_NAME ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int zx_fail(const char *what, zks_status st, const char *detail)
{
    if (detail != NULL && detail[0] != '\0')
        zx_errorf("%s: %s: %s", what, zks_strerror(st), detail);
    else
        zx_errorf("%s: %s", what, zks_strerror(st));
    return zx_exit_code(st);
}

int zx_fail_file(const char *what, zks_status st, const zks_exit_error *e)
{
    return zx_fail(what, st, e != NULL ? e->message : NULL);
}

/* ---- options ---- */

zx_opt *zx_opt_get(zx_opt *opts, size_t nopts, const char *name)
{
    for (size_t i = 0; i < nopts; i++)
        if (strcmp(opts[i].name, name) == 0) return &opts[i];
    return NULL;
}

int zx_begin(int argc, char **argv, zx_opt *opts, size_t nopts, const char **pos, size_t max_pos, size_t *npos,
             const char *usage, const char *help_text)
{
    int help = 0;
    int rc = zx_parse(argc, argv, opts, nopts, pos, max_pos, npos, &help, usage);
    if (rc == ZX_EXIT_OK && !help) return ZX_GO_ON;
    zx_opts_free(opts, nopts);
    return help && rc == ZX_EXIT_OK ? zx_help_text(help_text) : rc;
}

void zx_opts_free(zx_opt *opts, size_t nopts)
{
    for (size_t i = 0; i < nopts; i++) {
        free(opts[i].list);
        opts[i].list = NULL;
        opts[i].count = 0;
    }
}

static int usage_error(const char *cmd, const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, ZX_TOOL_NAME " %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    if (usage != NULL) fprintf(stderr, "usage: " ZX_TOOL_NAME " %s %s\n", cmd, usage);
    return ZX_EXIT_USAGE;
}

static int list_push(zx_opt *o, const char *v)
{
    const char **n = realloc(o->list, (o->count + 1) * sizeof *n);
    if (n == NULL) return -1;
    o->list = n;
    o->list[o->count++] = v;
    return 0;
}

int zx_parse(int argc, char **argv, zx_opt *opts, size_t nopts, const char **pos, size_t max_pos,
             size_t *npos, int *help, const char *usage)
{
    const char *cmd = argc > 0 ? argv[0] : "?";
    int only_pos = 0;
    *npos = 0;
    *help = 0;
    for (size_t i = 0; i < nopts; i++) {
        opts[i].seen = 0;
        opts[i].value = NULL;
        opts[i].list = NULL;
        opts[i].count = 0;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            *help = 1;
            return ZX_EXIT_OK;
        }
        if (!only_pos && strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (!only_pos && a[0] == '-' && a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
            zx_opt *o = NULL;
            for (size_t k = 0; k < nopts; k++)
                if (strlen(opts[k].name) == nlen && strncmp(opts[k].name, name, nlen) == 0) o = &opts[k];
            if (o == NULL) return usage_error(cmd, usage, "unknown option %s", a);
            o->seen = 1;
            if (o->kind == ZX_OPT_FLAG) {
                if (eq != NULL) return usage_error(cmd, usage, "option %s takes no value", a);
                continue;
            }
            if (eq != NULL) {
                if (o->kind == ZX_OPT_VALUE) o->value = eq + 1;
                else if (list_push(o, eq + 1) != 0) return usage_error(cmd, usage, "%s", "out of memory");
                continue;
            }
            if (o->kind == ZX_OPT_VALUE) {
                if (i + 1 >= argc) return usage_error(cmd, usage, "option %s needs a value", a);
                o->value = argv[++i];
                continue;
            }
            /* a list: the following arguments it accepts */
            while (i + 1 < argc) {
                const char *v = argv[i + 1];
                if (v[0] == '-' && v[1] == '-') break;
                if (o->accept != NULL && !o->accept(v)) break;
                if (list_push(o, v) != 0) return usage_error(cmd, usage, "%s", "out of memory");
                i++;
            }
            if (o->count == 0) return usage_error(cmd, usage, "option %s needs at least one value", a);
            continue;
        }
        if (*npos >= max_pos) return usage_error(cmd, usage, "unexpected argument %s", a);
        pos[(*npos)++] = a;
    }
    for (size_t k = 0; k < nopts; k++) {
        if (opts[k].required && !opts[k].seen) {
            char n[128];
            snprintf(n, sizeof n, "--%s", opts[k].name);
            return usage_error(cmd, usage, "missing option %s", n);
        }
    }
    return ZX_EXIT_OK;
}

/* ---- hex ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int parse_hex_exact(const char *s, uint8_t *out, size_t n)
{
    if (strlen(s) != 2 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
        if (h < 0 || l < 0) return -1;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return 0;
}

int zx_is_address(const char *s)
{
    uint8_t tmp[20];
    return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && parse_hex_exact(s + 2, tmp, 20) == 0;
}

int zx_parse_address(const char *s, uint8_t out[20])
{
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
    return parse_hex_exact(s, out, 20);
}

int zx_parse_hash(const char *s, uint8_t out[32])
{
    if (!(s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) return -1;
    return parse_hex_exact(s + 2, out, 32);
}

void zx_hex(char *out, const uint8_t *in, size_t len)
{
    static const char d[] = "0123456789abcdef";
    out[0] = '0';
    out[1] = 'x';
    for (size_t i = 0; i < len; i++) {
        out[2 + 2 * i] = d[in[i] >> 4];
        out[3 + 2 * i] = d[in[i] & 15];
    }
    out[2 + 2 * len] = '\0';
}

/* ---- secrets ---- */

zks_status zx_read_key(const char *path, const char *env_name, uint8_t out[32], char *err, size_t errcap)
{
    char buf[256];
    size_t n = 0;
    zks_status st = ZKS_OK;
    memset(out, 0, 32);
    if (errcap > 0) err[0] = '\0';
    if (path != NULL) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat sb;
        if (fd < 0) {
            snprintf(err, errcap, "cannot open key file %s: %s", path, strerror(errno));
            return ZKS_ERR_IO;
        }
        if (fstat(fd, &sb) == 0 && (sb.st_mode & 077) != 0) {
            close(fd);
            snprintf(err, errcap, "key file %s is readable by others (chmod 600 it)", path);
            return ZKS_ERR_INVALID_KEY;
        }
        ssize_t r;
        while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)r;
        close(fd);
        buf[n] = '\0';
    } else {
        const char *v = env_name != NULL ? getenv(env_name) : NULL;
        if (v == NULL || v[0] == '\0') {
            snprintf(err, errcap, "no key: give a key file or set %s", env_name != NULL ? env_name : "?");
            return ZKS_ERR_INVALID_KEY;
        }
        n = strlen(v);
        if (n >= sizeof buf) n = sizeof buf - 1;
        memcpy(buf, v, n);
        buf[n] = '\0';
    }
    char *s = buf, *e = buf + n;
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) e--;
    *e = '\0';
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
    if (parse_hex_exact(s, out, 32) != 0) {
        memset(out, 0, 32);
        snprintf(err, errcap, "the key is not 64 hex digits");
        st = ZKS_ERR_INVALID_KEY;
    }
    zks_memzero(buf, sizeof buf);
    return st;
}

/* ---- progress ---- */

double zx_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void zx_progress_start(zx_progress *p, const char *what, uint64_t total)
{
    const char *e = getenv("ZKS_PROGRESS");
    p->what = what;
    p->total = total;
    p->start = p->last = zx_now();
    p->printed = 0;
    if (e != NULL && e[0] != '\0') p->enabled = e[0] != '0';
    else p->enabled = isatty(STDERR_FILENO);
}

static void progress_line(zx_progress *p, uint64_t done, double now, int final)
{
    double el = now - p->start;
    double rate = el > 0 ? (double)done / el : 0;
    if (p->total > 0)
        fprintf(stderr, "\r%s: %.1f / %.1f MB (%.0f%%), %.1f MB/s, %.0f s%s", p->what, (double)done / 1e6,
                (double)p->total / 1e6, 100.0 * (double)done / (double)p->total, rate / 1e6, el,
                final ? "\n" : "");
    else
        fprintf(stderr, "\r%s: %.1f MB, %.1f MB/s, %.0f s%s", p->what, (double)done / 1e6, rate / 1e6, el,
                final ? "\n" : "");
    fflush(stderr);
}

void zx_progress_update(zx_progress *p, uint64_t done)
{
    if (!p->enabled) return;
    double now = zx_now();
    if (now - p->last < 1.0) return;
    p->last = now;
    p->printed = 1;
    progress_line(p, done, now, 0);
}

void zx_progress_end(zx_progress *p, uint64_t done)
{
    if (p->enabled && p->printed) progress_line(p, done, zx_now(), 1);
}

void zx_progress_cb(void *ctx, uint64_t done, uint64_t total)
{
    zx_progress *p = ctx;
    if (total != 0) p->total = total;
    zx_progress_update(p, done);
}

/* ---- atomic files ---- */

zks_status zx_atomic_open(zx_atomic *a, const char *path)
{
    memset(a, 0, sizeof *a);
    if (strcmp(path, "-") == 0) {
        a->f = stdout;
        a->is_stdout = 1;
        return ZKS_OK;
    }
    if (strlen(path) + 16 >= sizeof a->tmp) return ZKS_ERR_INVALID_ARG;
    snprintf(a->path, sizeof a->path, "%s", path);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    if (slash != NULL) dir[slash - path + 1] = '\0';
    else dir[0] = '\0';
    snprintf(a->tmp, sizeof a->tmp, "%s.%s.tmp.XXXXXX", dir, base);
    int fd = mkstemp(a->tmp);
    if (fd < 0) return ZKS_ERR_IO;
    mode_t um = umask(0);
    umask(um);
    (void)fchmod(fd, 0644 & ~um);
    a->f = fdopen(fd, "wb");
    if (a->f == NULL) {
        close(fd);
        unlink(a->tmp);
        return ZKS_ERR_IO;
    }
    return ZKS_OK;
}

static void fsync_dir_of(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    int fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

zks_status zx_atomic_commit(zx_atomic *a)
{
    if (a->f == NULL) return ZKS_ERR_INVALID_ARG;
    if (a->is_stdout) {
        int bad = fflush(stdout) != 0 || ferror(stdout);
        a->f = NULL;
        return bad ? ZKS_ERR_IO : ZKS_OK;
    }
    int bad = fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) != 0;
    if (fclose(a->f) != 0) bad = 1;
    a->f = NULL;
    if (!bad && rename(a->tmp, a->path) != 0) bad = 1;
    if (bad) {
        unlink(a->tmp);
        return ZKS_ERR_IO;
    }
    fsync_dir_of(a->path);
    return ZKS_OK;
}

void zx_atomic_abort(zx_atomic *a)
{
    if (a->f == NULL) return;
    if (a->is_stdout) {
        a->f = NULL;
        return;
    }
    fclose(a->f);
    a->f = NULL;
    unlink(a->tmp);
}

zks_status zx_write_file_atomic(const char *path, const void *data, size_t len)
{
    zx_atomic a;
    zks_status st = zx_atomic_open(&a, path);
    if (st != ZKS_OK) return st;
    if (len > 0 && fwrite(data, 1, len, a.f) != len) {
        zx_atomic_abort(&a);
        return ZKS_ERR_IO;
    }
    return zx_atomic_commit(&a);
}

zks_status zx_read_file(const char *path, size_t max, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) return ZKS_ERR_IO;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    zks_status st = ZKS_OK;
    while (buf != NULL) {
        if (n + 1 >= cap) {
            if (cap > max) {
                st = ZKS_ERR_IO;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - 1 - n, f);
        n += r;
        if (r == 0) {
            if (ferror(f)) st = ZKS_ERR_IO;
            break;
        }
    }
    if (f != stdin) fclose(f);
    if (buf == NULL) return ZKS_ERR_NOMEM;
    if (st == ZKS_OK && n > max) st = ZKS_ERR_IO;
    if (st != ZKS_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return ZKS_OK;
}

int zx_help_text(const char *text)
{
    fputs(text, stdout);
    return ZX_EXIT_OK;
}
