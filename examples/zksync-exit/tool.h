/* zksync-exit: shared declarations of the holders' exit tool.
 *
 * Each command is a function `int cmd(int argc, char **argv)` (argv[0] is the
 * command name) returning one of the ZX_EXIT_* codes; it is listed by one line
 * in ZX_COMMANDS (main.c). The helpers below (option parsing, keys from a file
 * or the environment, a progress printer, atomic output files, status to exit
 * code) are in common.c and meant for every command. */
#ifndef ZX_TOOL_H
#define ZX_TOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zksync.h"

#define ZX_TOOL_NAME "zksync-exit"

/* Exit codes (documented by --help and in docs/exit-tree.md). */
#define ZX_EXIT_OK 0        /* done */
#define ZX_EXIT_FAIL 1      /* any other failure */
#define ZX_EXIT_USAGE 2     /* bad command line */
#define ZX_EXIT_IO 3        /* a file could not be opened, read, written or renamed */
#define ZX_EXIT_FORMAT 4    /* a snapshot, leaves or proof file is malformed */
#define ZX_EXIT_INVALID 5   /* a proof does not lead to the root, or a root differs from L1 */
#define ZX_EXIT_NOT_FOUND 6 /* the requested account / token has no leaf */
#define ZX_EXIT_NETWORK 7   /* the Ethereum node or the zkSync server failed or refused */

/* Maps a library status to one of the exit codes above. */
int zx_exit_code(zks_status st);

/* Prints "zksync-exit: <fmt>" and a newline to stderr. */
void zx_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "zksync-exit: <what>: <strerror>[: <detail>]" and returns zx_exit_code(st). detail may be NULL or "". */
int zx_fail(const char *what, zks_status st, const char *detail);

/* ---- option parsing ----
 * Options are "--name value", "--name=value" or a flag "--name". A list option
 * ("--tokens A B C") takes the following arguments up to the next one that
 * starts with "--" or that `accept` refuses (then that one is positional,
 * which keeps "--tokens A B leaves.csv" of the reference tool working).
 * "--" ends the options. "-h"/"--help" sets *help. */
enum { ZX_OPT_FLAG = 0, ZX_OPT_VALUE = 1, ZX_OPT_LIST = 2 };

typedef struct zx_opt {
    const char *name;                  /* without "--" */
    int kind;                          /* ZX_OPT_FLAG / VALUE / LIST */
    int required;                      /* 1: missing is a usage error */
    int (*accept)(const char *arg);    /* LIST only: NULL = accept anything not starting with "--" */
    /* results, set by zx_parse (point into argv) */
    int seen;
    const char *value;                 /* VALUE: the last one given */
    const char **list;                 /* LIST: malloc'd array (zx_opts_free), count entries */
    size_t count;
} zx_opt;

/* Parses argv[1..argc-1] (argv[0] is the command). Positional arguments go to
 * pos (at most max_pos; more is a usage error), their number to *npos.
 * Returns ZX_EXIT_OK, or ZX_EXIT_USAGE after printing why (the command name
 * and `usage` are printed too). *help = 1 when -h/--help was given (then
 * nothing else is checked). */
int zx_parse(int argc, char **argv, zx_opt *opts, size_t nopts, const char **pos, size_t max_pos,
             size_t *npos, int *help, const char *usage);
void zx_opts_free(zx_opt *opts, size_t nopts);
/* Option table entries. */
#define ZX_VALUE(name, required) {name, ZX_OPT_VALUE, required, NULL, 0, NULL, NULL, 0}
#define ZX_FLAG(name) {name, ZX_OPT_FLAG, 0, NULL, 0, NULL, NULL, 0}
#define ZX_LIST(name, required, accept) {name, ZX_OPT_LIST, required, accept, 0, NULL, NULL, 0}
/* zx_begin's "parsed: run the command". */
#define ZX_GO_ON (-1)
/* The start of every command: zx_parse, then on a usage error or --help the
 * options are freed and the exit code returned (--help prints help_text);
 * otherwise ZX_GO_ON and the options are the command's to free. */
int zx_begin(int argc, char **argv, zx_opt *opts, size_t nopts, const char **pos, size_t max_pos, size_t *npos,
             const char *usage, const char *help_text);
/* Prints a command's --help text on stdout; returns ZX_EXIT_OK (the exit code of --help). */
int zx_help_text(const char *text);
/* The option called name, or NULL. */
zx_opt *zx_opt_get(zx_opt *opts, size_t nopts, const char *name);

/* 1 if s is "0x" + 40 hex digits (either case). For ZX_OPT_LIST accept. */
int zx_is_address(const char *s);
/* Parses "0x" + 40 hex digits (also without "0x", as the reference) into 20 bytes. Returns 0 or -1. */
int zx_parse_address(const char *s, uint8_t out[20]);
/* Parses "0x" + 64 hex digits into 32 bytes. Returns 0 or -1. */
int zx_parse_hash(const char *s, uint8_t out[32]);
/* Writes "0x" + 2*len lowercase hex digits + NUL into out (2*len + 3 bytes). */
void zx_hex(char *out, const uint8_t *in, size_t len);

/* ---- secrets ----
 * Reads a 32-byte key written as 64 hex digits (optional "0x", surrounding
 * whitespace ignored) from the file `path`, or, when path is NULL, from the
 * environment variable `env_name`. Refuses a key file readable by group or
 * others. Returns ZKS_OK; ZKS_ERR_IO (file), ZKS_ERR_INVALID_KEY (format or
 * not set; why goes to err, errcap bytes). Wipes its buffers; out is zeroed on failure. */
zks_status zx_read_key(const char *path, const char *env_name, uint8_t out[32], char *err, size_t errcap);

/* ---- progress on stderr ----
 * One line at most every second ("what: done / total (p%), rate/s, elapsed"),
 * only when stderr is a terminal or ZKS_PROGRESS=1; ZKS_PROGRESS=0 silences it.
 * zx_progress_cb matches the library's progress callbacks (ctx = zx_progress *). */
typedef struct zx_progress {
    const char *what;
    uint64_t total;   /* 0 = unknown */
    double start, last;
    int enabled, printed;
} zx_progress;

void zx_progress_start(zx_progress *p, const char *what, uint64_t total);
void zx_progress_update(zx_progress *p, uint64_t done);
/* Prints the final line (when anything was printed) and a summary rate. */
void zx_progress_end(zx_progress *p, uint64_t done);
void zx_progress_cb(void *ctx, uint64_t done, uint64_t total);
/* Seconds since an arbitrary start (monotonic). */
double zx_now(void);

/* ---- atomic output files ----
 * zx_atomic_open creates a temporary file next to `path` (same folder, so the
 * rename is atomic); write to a->f; zx_atomic_commit flushes, fsyncs, closes
 * and renames it over path (then fsyncs the folder); zx_atomic_abort closes
 * and removes it. After either, nothing of the temporary file is left.
 * path "-" means stdout (commit just flushes). */
typedef struct zx_atomic {
    FILE *f;
    char path[4096];
    char tmp[4096];
    int is_stdout;
} zx_atomic;

zks_status zx_atomic_open(zx_atomic *a, const char *path);
zks_status zx_atomic_commit(zx_atomic *a);
void zx_atomic_abort(zx_atomic *a);
/* Writes len bytes to path atomically (as above). */
zks_status zx_write_file_atomic(const char *path, const void *data, size_t len);
/* Reads a whole file (at most max bytes, else ZKS_ERR_IO) into a malloc'd
 * NUL-terminated buffer (free with free). "-" reads stdin. */
zks_status zx_read_file(const char *path, size_t max, char **out, size_t *out_len);

/* Prints the library's file error (file, line, message) after a failed call. */
int zx_fail_file(const char *what, zks_status st, const zks_exit_error *e);

#endif
