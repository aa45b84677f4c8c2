#include <stdarg.h>

#include "harness.h"

int zt_passed, zt_failed;
static int fail_reports;

static void report(const char *file, int line, const char *fmt, va_list ap)
{
    if (++fail_reports > 50) return; /* keep logs readable when a loop fails */
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

static void reportf(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(file, line, fmt, ap);
    va_end(ap);
}

int zt_check(int ok, const char *what, const char *file, int line)
{
    if (ok) { zt_passed++; return 1; }
    zt_failed++;
    reportf(file, line, "%s", what);
    return 0;
}

int zt_check_msg(int ok, const char *file, int line, const char *fmt, ...)
{
    if (ok) { zt_passed++; return 1; }
    zt_failed++;
    va_list ap;
    va_start(ap, fmt);
    report(file, line, fmt, ap);
    va_end(ap);
    return 0;
}

int zt_check_status(zks_status got, zks_status want, const char *what, const char *file, int line)
{
    if (got == want) { zt_passed++; return 1; }
    zt_failed++;
    reportf(file, line, "%s returned %d (%s), expected %d (%s)", what, (int)got, zks_strerror(got),
            (int)want, zks_strerror(want));
    return 0;
}

int zt_check_hex(const uint8_t *buf, size_t len, const char *hex, const char *what, const char *file, int line)
{
    char got[2 * 4096 + 1];
    if (len > 4096) { zt_failed++; reportf(file, line, "%s: too long to compare", what); return 0; }
    zt_hex(got, buf, len);
    if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex += 2;
    if (strcasecmp(got, hex) == 0) { zt_passed++; return 1; }
    zt_failed++;
    reportf(file, line, "%s = %s, expected %s", what, got, hex);
    return 0;
}

int zt_check_str(const char *got, const char *want, const char *what, const char *file, int line)
{
    if (got != NULL && want != NULL && strcmp(got, want) == 0) { zt_passed++; return 1; }
    zt_failed++;
    reportf(file, line, "%s = \"%s\", expected \"%s\"", what, got ? got : "(null)", want ? want : "(null)");
    return 0;
}

int zt_skipped;

void zt_skip(const char *file, int line, const char *why)
{
    zt_skipped++;
    printf("SKIP %s:%d: %s\n", file, line, why);
}

int zt_end(void)
{
    /* A program that checked nothing and skipped nothing has tested nothing. */
    if (zt_passed + zt_failed + zt_skipped == 0) {
        printf("FAIL: no checks ran\n");
        zt_failed++;
    }
    printf("RESULT %d %d %d\n", zt_passed, zt_failed, zt_skipped);
    fflush(stdout);
    return zt_failed ? 1 : 0;
}

static int nib(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

size_t zt_unhex(uint8_t *out, size_t cap, const char *hex)
{
    if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex += 2;
    size_t n = strlen(hex);
    if (n % 2 || n / 2 > cap) { fprintf(stderr, "zt_unhex: bad length %zu\n", n); abort(); }
    for (size_t i = 0; i < n / 2; i++) {
        int a = nib(hex[2 * i]), b = nib(hex[2 * i + 1]);
        if (a < 0 || b < 0) { fprintf(stderr, "zt_unhex: bad digit\n"); abort(); }
        out[i] = (uint8_t)(a << 4 | b);
    }
    return n / 2;
}

void zt_hex(char *out, const uint8_t *in, size_t len)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) { out[2 * i] = d[in[i] >> 4]; out[2 * i + 1] = d[in[i] & 15]; }
    out[2 * len] = 0;
}

int zt_all_zero(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++) acc |= b[i];
    return acc == 0;
}

static uint64_t s0, s1;
static int seeded;

static void seed(void)
{
    const char *e = getenv("ZKS_TEST_SEED");
    uint64_t x = e ? strtoull(e, NULL, 0) : 0x5eed2026ull;
    /* splitmix64 to fill the state */
    for (int i = 0; i < 2; i++) {
        x += 0x9e3779b97f4a7c15ull;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        if (i == 0) s0 = z; else s1 = z;
    }
    seeded = 1;
}

uint64_t zt_rand64(void)
{
    if (!seeded) seed();
    uint64_t a = s0, b = s1;
    s0 = b;
    a ^= a << 23;
    s1 = a ^ b ^ (a >> 17) ^ (b >> 26);
    return s1 + b;
}

void zt_rand_bytes(uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++) out[i] = (uint8_t)(zt_rand64() >> 32);
}

int zt_iters(int full, int quick)
{
    return getenv("ZKS_QUICK") ? quick : full;
}

const char *zt_shared_path(const char *rel)
{
    static char buf[4096];
    const char *base = getenv("ZKS_SHARED");
    if (!base || !*base) base = "../shared";
    int n = snprintf(buf, sizeof buf, "%s/%s", base, rel);
    if (n < 0 || (size_t)n >= sizeof buf) return NULL;
    FILE *f = fopen(buf, "rb");
    if (!f) {
        /* a directory opens too on Linux; both count as present */
        return NULL;
    }
    fclose(f);
    return buf;
}
