/* Internal helpers shared by every part of libzksync. Not installed.
 * Internal symbols use the zki_ prefix (public ones zks_), so the version
 * script can export exactly zks_*. */
#ifndef ZKS_INTERNAL_H
#define ZKS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zksync.h"

/* Argument checks: one line each, return the status. */
#define ZKI_ARG_CHECK(cond)                                                    \
    do {                                                                       \
        if (!(cond)) return ZKS_ERR_INVALID_ARG;                               \
    } while (0)

/* Constant-time test hooks. In the ctime build (-DZKS_CTIME, run under
 * valgrind) secrets are marked undefined; values that legitimately become
 * public (a loop count the reference also reveals, a public key, R) are
 * declassified so that any other branch on secret data is reported. */
#ifdef ZKS_CTIME
#include <valgrind/memcheck.h>
#define ZKI_DECLASSIFY(p, len) VALGRIND_MAKE_MEM_DEFINED((p), (len))
#define ZKI_CLASSIFY(p, len) VALGRIND_MAKE_MEM_UNDEFINED((p), (len))
#else
#define ZKI_DECLASSIFY(p, len) ((void)(p), (void)(len))
#define ZKI_CLASSIFY(p, len) ((void)(p), (void)(len))
#endif

/* Wipe a variable or an array (sizeof must be the object's size). */
#define ZKI_WIPE(x) zks_memzero(&(x), sizeof(x))

/* Hex helpers (lib/util/hex.c). */
/* Writes 2*len lowercase hex chars and a NUL into out (2*len+1 bytes). */
void zki_hex_encode(char *out, const uint8_t *in, size_t len);
/* Decodes exactly 2*out_len hex chars (either case, no prefix) from in.
 * Returns 0 on success, -1 on a bad digit. Writes nothing on failure. */
int zki_hex_decode(uint8_t *out, size_t out_len, const char *in, size_t in_len);

/* Constant-time byte-string equality: returns 1 if equal. */
int zki_memeq_ct(const void *a, const void *b, size_t len);

/* Allocation through one place, so zks_free can wipe: every block carries its
 * size in a header. Never mix with plain malloc/free. */
void *zki_malloc(size_t n);
void *zki_calloc(size_t n, size_t size);
void *zki_realloc(void *p, size_t n);
char *zki_strdup(const char *s);
char *zki_strndup(const char *s, size_t n);
/* Test hook: fail the Nth allocation from now (0 = never). Not thread-safe; tests only. */
void zki_alloc_fail_after(unsigned long n);

/* The one "outcome unknown" predicate (lib/util/status.c): 1 for the failures
 * of a send after which the other side may have taken it (transport errors,
 * timeouts, HTTP errors, unreadable or oversized answers, out of memory while
 * reading the answer, a submit answered with another hash (ZKS_ERR_MISMATCH),
 * and ZKS_ERR_OUTCOME_UNKNOWN itself). Every retry and
 * doubt rule (wallet, L1 sends, claims) asks this function and no other. */
int zki_outcome_unknown(zks_status st);

/* In-use guard (lib/util/status.c): wallets and providers are not shared
 * between threads; a second thread entering while another is inside gets
 * ZKS_ERR_BUSY instead of a race. Re-entry by the owning thread (a public
 * call made from inside another one) is allowed and counted. Zero-initialised
 * = free. */
typedef struct { uintptr_t owner; unsigned depth; } zki_guard;
zks_status zki_guard_enter(zki_guard *g);
void zki_guard_leave(zki_guard *g);

#endif
