/* 256-bit unsigned integers (see u256.h). Values are public amounts, so the
 * code is plain variable-time arithmetic on four 64-bit limbs. */
#include "util/u256.h"
#include "zksync.h"

#include <string.h>

typedef unsigned __int128 zki_u128;

void zki_u256_from_u64(zki_u256 *r, uint64_t x)
{
    r->w[0] = x;
    r->w[1] = r->w[2] = r->w[3] = 0;
}

int zki_u256_is_zero(const zki_u256 *a)
{
    return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0;
}

int zki_u256_cmp(const zki_u256 *a, const zki_u256 *b)
{
    for (int i = 3; i >= 0; i--) {
        if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
    }
    return 0;
}

unsigned zki_u256_bits(const zki_u256 *a)
{
    for (int i = 3; i >= 0; i--) {
        if (a->w[i]) return (unsigned)(64 * i) + (unsigned)(64 - __builtin_clzll(a->w[i]));
    }
    return 0;
}

int zki_u256_add(zki_u256 *r, const zki_u256 *a, const zki_u256 *b)
{
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        zki_u128 s = (zki_u128)a->w[i] + b->w[i] + carry;
        r->w[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
    return carry ? -1 : 0;
}

int zki_u256_sub(zki_u256 *r, const zki_u256 *a, const zki_u256 *b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t ai = a->w[i], bi = b->w[i];
        uint64_t d = ai - bi - borrow;
        borrow = (ai < bi) || (ai - bi < borrow);
        r->w[i] = d;
    }
    return borrow ? -1 : 0;
}

int zki_u256_mul_u64(zki_u256 *r, const zki_u256 *a, uint64_t m)
{
    uint64_t carry = 0;
    zki_u256 t;
    for (int i = 0; i < 4; i++) {
        zki_u128 p = (zki_u128)a->w[i] * m + carry;
        t.w[i] = (uint64_t)p;
        carry = (uint64_t)(p >> 64);
    }
    *r = t;
    return carry ? -1 : 0;
}

int zki_u256_mul(zki_u256 *r, const zki_u256 *a, const zki_u256 *b)
{
    uint64_t t[8] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            zki_u128 p = (zki_u128)a->w[i] * b->w[j] + t[i + j] + carry;
            t[i + j] = (uint64_t)p;
            carry = (uint64_t)(p >> 64);
        }
        t[i + 4] = carry;
    }
    for (int i = 0; i < 4; i++) r->w[i] = t[i];
    return (t[4] | t[5] | t[6] | t[7]) ? -1 : 0;
}

int zki_u256_divmod_u64(zki_u256 *q, uint64_t *rem, const zki_u256 *a, uint64_t d)
{
    if (d == 0) return -1;
    zki_u256 t;
    uint64_t r = 0;
    for (int i = 3; i >= 0; i--) {
        zki_u128 cur = ((zki_u128)r << 64) | a->w[i];
        t.w[i] = (uint64_t)(cur / d);
        r = (uint64_t)(cur % d);
    }
    if (q) *q = t;
    if (rem) *rem = r;
    return 0;
}

static int bit_at(const zki_u256 *a, unsigned i)
{
    return (int)((a->w[i / 64] >> (i % 64)) & 1);
}

static void shl1(zki_u256 *a)
{
    for (int i = 3; i > 0; i--) a->w[i] = (a->w[i] << 1) | (a->w[i - 1] >> 63);
    a->w[0] <<= 1;
}

int zki_u256_divmod(zki_u256 *q, zki_u256 *rem, const zki_u256 *a, const zki_u256 *d)
{
    if (zki_u256_is_zero(d)) return -1;
    if ((d->w[1] | d->w[2] | d->w[3]) == 0) {
        uint64_t r64 = 0;
        zki_u256 qq;
        zki_u256_divmod_u64(&qq, &r64, a, d->w[0]);
        if (q) *q = qq;
        if (rem) zki_u256_from_u64(rem, r64);
        return 0;
    }
    /* Schoolbook binary long division; amounts are small, speed is irrelevant. */
    zki_u256 qq = {{0, 0, 0, 0}}, r = {{0, 0, 0, 0}};
    unsigned n = zki_u256_bits(a);
    for (unsigned i = n; i-- > 0;) {
        int top = (int)(r.w[3] >> 63);
        shl1(&r);
        r.w[0] |= (uint64_t)bit_at(a, i);
        if (top || zki_u256_cmp(&r, d) >= 0) {
            zki_u256_sub(&r, &r, d); /* wraps correctly when top was set */
            qq.w[i / 64] |= (uint64_t)1 << (i % 64);
        }
    }
    if (q) *q = qq;
    if (rem) *rem = r;
    return 0;
}

int zki_u256_pow10(zki_u256 *r, unsigned e)
{
    if (e > 77) return -1;
    zki_u256_from_u64(r, 1);
    for (unsigned i = 0; i < e; i++) zki_u256_mul_u64(r, r, 10);
    return 0;
}

int zki_u256_from_dec_n(zki_u256 *r, const char *s, size_t n)
{
    zki_u256 t;
    zki_u256_from_u64(&t, 0);
    zki_u256_from_u64(r, 0);
    if (s == NULL || n == 0 || n > 78) return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
    }
    for (size_t i = 0; i < n; i++) {
        zki_u256 dig;
        zki_u256_from_u64(&dig, (uint64_t)(s[i] - '0'));
        if (zki_u256_mul_u64(&t, &t, 10) != 0 || zki_u256_add(&t, &t, &dig) != 0) return -1;
    }
    *r = t;
    return 0;
}

int zki_u256_from_dec(zki_u256 *r, const char *s)
{
    if (s == NULL) {
        zki_u256_from_u64(r, 0);
        return -1;
    }
    size_t n = strnlen(s, 80);
    return zki_u256_from_dec_n(r, s, n);
}

size_t zki_u256_to_dec(char out[79], const zki_u256 *a)
{
    char tmp[80];
    size_t n = 0;
    zki_u256 t = *a;
    do {
        uint64_t rem;
        zki_u256_divmod_u64(&t, &rem, &t, 10);
        tmp[n++] = (char)('0' + rem);
    } while (!zki_u256_is_zero(&t));
    for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = '\0';
    return n;
}

void zki_u256_from_be(zki_u256 *r, const uint8_t *in, size_t n)
{
    zki_u256_from_u64(r, 0);
    if (n > ZKS_U256_BYTES) n = ZKS_U256_BYTES;
    for (size_t i = 0; i < n; i++) {
        size_t pos = n - 1 - i; /* byte significance */
        r->w[pos / 8] |= (uint64_t)in[i] << (8 * (pos % 8));
    }
}

int zki_u256_to_be(uint8_t *out, size_t n, const zki_u256 *a)
{
    if (n == 0 || n > ZKS_U256_BYTES) return -1;
    if (zki_u256_bits(a) > 8 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        size_t pos = n - 1 - i;
        out[i] = (uint8_t)(a->w[pos / 8] >> (8 * (pos % 8)));
    }
    return 0;
}
