/* Wiping and the one allocator (every block knows its size, so zks_free wipes it). */
#include <stdlib.h>
#include <sodium.h>

#include "../internal.h"

void zks_memzero(void *p, size_t len)
{
    if (p != NULL && len > 0) sodium_memzero(p, len);
}

int zki_memeq_ct(const void *a, const void *b, size_t len)
{
    return sodium_memcmp(a, b, len) == 0;
}

/* Header keeps the user block 16-byte aligned. */
typedef union { size_t n; max_align_t align; } zki_hdr;

static unsigned long fail_countdown; /* tests only */

void zki_alloc_fail_after(unsigned long n) { fail_countdown = n; }

static int should_fail(void)
{
    if (fail_countdown == 0) return 0;
    return --fail_countdown == 0;
}

void *zki_malloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(zki_hdr) || should_fail()) return NULL;
    zki_hdr *h = malloc(sizeof(zki_hdr) + n);
    if (h == NULL) return NULL;
    h->n = n;
    return h + 1;
}

void *zki_calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size) return NULL;
    void *p = zki_malloc(n * size);
    if (p != NULL) memset(p, 0, n * size);
    return p;
}

void *zki_realloc(void *p, size_t n)
{
    if (p == NULL) return zki_malloc(n);
    zki_hdr *old = (zki_hdr *)p - 1;
    void *q = zki_malloc(n);
    if (q == NULL) return NULL;
    memcpy(q, p, old->n < n ? old->n : n);
    zks_free(p); /* copy then wipe: realloc could leave secrets behind */
    return q;
}

char *zki_strndup(const char *s, size_t n)
{
    if (n == SIZE_MAX) return NULL; /* n + 1 would wrap to a 0-byte block */
    char *d = zki_malloc(n + 1);
    if (d == NULL) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *zki_strdup(const char *s) { return zki_strndup(s, strlen(s)); }

void zks_free(void *p)
{
    if (p == NULL) return;
    zki_hdr *h = (zki_hdr *)p - 1;
    sodium_memzero(p, h->n);
    free(h);
}
