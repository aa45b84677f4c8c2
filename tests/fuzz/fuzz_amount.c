/* libFuzzer target for the amount functions: packing, closest packable
 * values, token formatting and parsing. The input is split at the first NUL
 * (or used whole): text, then one byte of decimals.
 * Invariants: no crash; when a value packs, unpacking gives it back; closest
 * down <= value <= closest up and both are packable; format then parse
 * returns the value; pack/unpack of any 5 or 2 bytes is stable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zksync.h"
#include "util/u256.h"

static int cmp_dec(const char *a, const char *b)
{
    zki_u256 x, y;
    if (zki_u256_from_dec(&x, a) != 0 || zki_u256_from_dec(&y, b) != 0) abort();
    return zki_u256_cmp(&x, &y);
}

static void canonical(const char *in, char *out)
{
    zki_u256 x;
    if (zki_u256_from_dec(&x, in) != 0) abort();
    zki_u256_to_dec(out, &x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    size_t tl = strlen(s);
    uint32_t dec = tl + 1 < size ? data[tl + 1] % 80 : 18;

    char a[ZKS_AMOUNT_CHARS + 1], b[ZKS_AMOUNT_CHARS + 1], c[ZKS_AMOUNT_CHARS + 1], t[ZKS_TOKEN_CHARS + 1];
    uint8_t p5[5], p2[2];
    for (int fee = 0; fee < 2; fee++) {
        zks_status st = fee ? zks_fee_pack(s, p2) : zks_amount_pack(s, p5);
        if (st == ZKS_OK) {
            if ((fee ? zks_fee_unpack(p2, a, sizeof a) : zks_amount_unpack(p5, a, sizeof a)) != ZKS_OK) abort();
            canonical(s, b);
            if (strcmp(a, b) != 0) abort();
            if ((fee ? zks_fee_is_packable(s) : zks_amount_is_packable(s)) != ZKS_OK) abort();
        } else if (st != ZKS_ERR_NOT_PACKABLE && st != ZKS_ERR_INVALID_AMOUNT) {
            abort();
        }
        zks_status d = fee ? zks_fee_closest_packable(s, a, sizeof a) : zks_amount_closest_packable(s, a, sizeof a);
        zks_status u = fee ? zks_fee_closest_packable_up(s, b, sizeof b) : zks_amount_closest_packable_up(s, b, sizeof b);
        if (d != u) abort();
        if (d == ZKS_OK) {
            canonical(s, c);
            if (cmp_dec(a, c) > 0 || cmp_dec(c, b) > 0) abort();
            if ((fee ? zks_fee_is_packable(a) : zks_amount_is_packable(a)) != ZKS_OK) abort();
            if ((fee ? zks_fee_is_packable(b) : zks_amount_is_packable(b)) != ZKS_OK) abort();
            if ((st == ZKS_OK) != (strcmp(a, c) == 0)) abort();
        }
    }
    if (zks_token_format(s, dec, t, sizeof t) == ZKS_OK) {
        if (dec > ZKS_TOKEN_DECIMALS_MAX) abort();
        if (zks_token_parse(t, dec, a, sizeof a) != ZKS_OK) abort();
        canonical(s, b);
        if (strcmp(a, b) != 0) abort();
    }
    if (zks_token_parse(s, dec, a, sizeof a) == ZKS_OK) {
        if (zks_token_format(a, dec, t, sizeof t) != ZKS_OK) abort();
    }
    if (size >= 5) {
        if (zks_amount_unpack(data, a, sizeof a) != ZKS_OK) abort();
        if (zks_fee_unpack(data, b, sizeof b) != ZKS_OK) abort();
    }
    free(s);
    return 0;
}
