/* Minimal test harness. Every test program ends with ZT_END(), which prints
 * "RESULT <passed> <failed> <skipped>"; tests/run.sh adds these up. A check
 * that cannot run here (missing ../shared data, no devnet tools) is counted
 * with ZT_SKIP, never as a pass. */
#ifndef ZT_HARNESS_H
#define ZT_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "zksync.h"

extern int zt_passed, zt_failed, zt_skipped;

#define ZT_CHECK(cond) zt_check(!!(cond), #cond, __FILE__, __LINE__)
#define ZT_CHECK_MSG(cond, ...) zt_check_msg(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define ZT_CHECK_STATUS(expr, want) zt_check_status((expr), (want), #expr, __FILE__, __LINE__)
#define ZT_CHECK_HEX(buf, len, hex) zt_check_hex((buf), (len), (hex), #buf, __FILE__, __LINE__)
#define ZT_CHECK_STR(got, want) zt_check_str((got), (want), #got, __FILE__, __LINE__)
#define ZT_SKIP(why) zt_skip(__FILE__, __LINE__, (why))
#define ZT_END() return zt_end()

int zt_check(int ok, const char *what, const char *file, int line);
int zt_check_msg(int ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int zt_check_status(zks_status got, zks_status want, const char *what, const char *file, int line);
int zt_check_hex(const uint8_t *buf, size_t len, const char *hex, const char *what, const char *file, int line);
int zt_check_str(const char *got, const char *want, const char *what, const char *file, int line);
void zt_skip(const char *file, int line, const char *why);
int zt_end(void);
/* The path of a file under ../shared (the team's data, absent in a user's clone),
 * or NULL when it is missing. ZKS_SHARED overrides the folder. */
const char *zt_shared_path(const char *rel);

/* Test utilities. */
size_t zt_unhex(uint8_t *out, size_t cap, const char *hex); /* accepts optional 0x; aborts on bad hex */
void zt_hex(char *out, const uint8_t *in, size_t len);       /* lowercase, NUL-terminated */
int zt_all_zero(const void *p, size_t len);
/* Deterministic PRNG for random cases (xorshift128+), seeded from ZKS_TEST_SEED or a fixed value. */
uint64_t zt_rand64(void);
void zt_rand_bytes(uint8_t *out, size_t len);
/* Number of random cases: `full` normally, `quick` when ZKS_QUICK is set (sanitizer and valgrind runs). */
int zt_iters(int full, int quick);

#endif
