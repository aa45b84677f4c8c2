/* Amount and fee packing (zksync.js 0.13.1 utils.integerToFloat and friends),
 * token amount formatting and parsing (ethers 5 formatUnits / parseUnits).
 * All values are public: plain variable-time code. */
#include <string.h>

#include "tx/tx_internal.h"

#define EXP_MAX 31u
#define AMOUNT_MANTISSA_MAX 34359738367ULL /* 2^35 - 1 */
#define FEE_MANTISSA_MAX 2047ULL           /* 2^11 - 1 */

static uint64_t max_mantissa(int fee) { return fee ? FEE_MANTISSA_MAX : AMOUNT_MANTISSA_MAX; }

zks_status zki_amount_parse(const char *s, zki_u256 *out)
{
    if (s == NULL) {
        zki_u256_from_u64(out, 0);
        return ZKS_OK;
    }
    return zki_u256_from_dec(out, s) == 0 ? ZKS_OK : ZKS_ERR_INVALID_AMOUNT;
}

/* Smallest exponent e with v <= maxM * 10^e; -1 if none (v too big). */
static int min_exponent(const zki_u256 *v, int fee, zki_u256 *pow_out)
{
    zki_u256 p, lim;
    zki_u256_from_u64(&p, 1);
    for (unsigned e = 0; e <= EXP_MAX; e++) {
        zki_u256_mul_u64(&lim, &p, max_mantissa(fee)); /* < 2^35 * 10^31, no overflow */
        if (zki_u256_cmp(v, &lim) <= 0) {
            *pow_out = p;
            return (int)e;
        }
        zki_u256_mul_u64(&p, &p, 10);
    }
    return -1;
}

static void encode(uint64_t mantissa, unsigned e, int fee, uint8_t *out)
{
    uint64_t x = (mantissa << 5) | e;
    size_t n = fee ? ZKS_FEE_PACKED_BYTES : ZKS_AMOUNT_PACKED_BYTES;
    for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(x >> (8 * (n - 1 - i)));
}

zks_status zki_pack(const zki_u256 *v, int fee, uint8_t *out)
{
    size_t n = fee ? ZKS_FEE_PACKED_BYTES : ZKS_AMOUNT_PACKED_BYTES;
    memset(out, 0, n);
    zki_u256 p, q, r;
    int e = min_exponent(v, fee, &p);
    if (e < 0) return ZKS_ERR_NOT_PACKABLE;
    zki_u256_divmod(&q, &r, v, &p);
    if (!zki_u256_is_zero(&r)) return ZKS_ERR_NOT_PACKABLE;
    encode(q.w[0], (unsigned)e, fee, out);
    return ZKS_OK;
}

void zki_unpack(const uint8_t *in, int fee, zki_u256 *out)
{
    size_t n = fee ? ZKS_FEE_PACKED_BYTES : ZKS_AMOUNT_PACKED_BYTES;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) x = (x << 8) | in[i];
    zki_u256 p;
    zki_u256_pow10(&p, (unsigned)(x & 31));
    zki_u256_mul_u64(out, &p, x >> 5); /* < 2^35 * 10^31: fits */
}

zks_status zki_closest_packable(const zki_u256 *v, int fee, int up, zki_u256 *out)
{
    zki_u256 p, q, r, cand;
    zki_u256_from_u64(out, 0);
    int e = min_exponent(v, fee, &p);
    if (e < 0) return ZKS_ERR_INVALID_AMOUNT;
    zki_u256_divmod(&q, &r, v, &p);
    if (up) {
        if (!zki_u256_is_zero(&r)) {
            zki_u256 one;
            zki_u256_from_u64(&one, 1);
            zki_u256_add(&q, &q, &one); /* still <= maxM: v <= maxM * 10^e */
        }
        zki_u256_mul(out, &q, &p);
        return ZKS_OK;
    }
    zki_u256_mul(&cand, &q, &p); /* variant 1: floor at exponent e */
    *out = cand;
    if (e > 0) {
        /* variant 2: maxM * 10^(e-1); the reference takes it only when strictly nearer. */
        zki_u256 p1, v2, d1, d2;
        zki_u256_divmod_u64(&p1, NULL, &p, 10);
        zki_u256_mul_u64(&v2, &p1, max_mantissa(fee));
        zki_u256_sub(&d1, v, &cand);
        zki_u256_sub(&d2, v, &v2);
        if (zki_u256_cmp(&d2, &d1) < 0) *out = v2;
    }
    return ZKS_OK;
}

zks_status zki_token_format(const zki_u256 *v, uint32_t decimals, char *out, size_t cap)
{
    char digits[79];
    size_t n = zki_u256_to_dec(digits, v);
    char buf[(ZKS_TOKEN_CHARS + 1) + 8];
    size_t k = 0;
    if (n <= decimals) {
        buf[k++] = '0';
        buf[k++] = '.';
        for (size_t i = n; i < decimals; i++) buf[k++] = '0';
        memcpy(buf + k, digits, n);
        k += n;
    } else {
        memcpy(buf + k, digits, n - decimals);
        k += n - decimals;
        buf[k++] = '.';
        if (decimals == 0) {
            buf[k++] = '0';
        } else {
            memcpy(buf + k, digits + n - decimals, decimals);
            k += decimals;
        }
    }
    /* Strip trailing fraction zeros but keep one fraction digit. */
    while (buf[k - 1] == '0' && buf[k - 2] != '.') k--;
    buf[k] = '\0';
    if (k + 1 > cap) {
        if (cap > 0) out[0] = '\0';
        return ZKS_ERR_BUFFER_SIZE;
    }
    memcpy(out, buf, k + 1);
    return ZKS_OK;
}

/* ---- public wrappers ---- */

static zks_status put_dec(const zki_u256 *v, char *out, size_t cap)
{
    char tmp[79];
    size_t n = zki_u256_to_dec(tmp, v);
    if (n + 1 > cap) {
        out[0] = '\0';
        return ZKS_ERR_BUFFER_SIZE;
    }
    memcpy(out, tmp, n + 1);
    return ZKS_OK;
}

static zks_status pack_str(const char *s, int fee, uint8_t *out)
{
    size_t n = fee ? ZKS_FEE_PACKED_BYTES : ZKS_AMOUNT_PACKED_BYTES;
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, n);
    ZKI_ARG_CHECK(s != NULL);
    zki_u256 v;
    if (zki_u256_from_dec(&v, s) != 0) return ZKS_ERR_INVALID_AMOUNT;
    return zki_pack(&v, fee, out);
}

zks_status zks_amount_pack(const char *amount, uint8_t out[ZKS_AMOUNT_PACKED_BYTES])
{
    return pack_str(amount, 0, out);
}

zks_status zks_fee_pack(const char *fee, uint8_t out[ZKS_FEE_PACKED_BYTES])
{
    return pack_str(fee, 1, out);
}

static zks_status unpack_str(const uint8_t *in, int fee, char *out, size_t cap)
{
    ZKI_ARG_CHECK(out != NULL && cap > 0);
    out[0] = '\0';
    ZKI_ARG_CHECK(in != NULL);
    zki_u256 v;
    zki_unpack(in, fee, &v);
    return put_dec(&v, out, cap);
}

zks_status zks_amount_unpack(const uint8_t packed[ZKS_AMOUNT_PACKED_BYTES], char *out, size_t out_cap)
{
    return unpack_str(packed, 0, out, out_cap);
}

zks_status zks_fee_unpack(const uint8_t packed[ZKS_FEE_PACKED_BYTES], char *out, size_t out_cap)
{
    return unpack_str(packed, 1, out, out_cap);
}

static zks_status is_packable(const char *s, int fee)
{
    uint8_t tmp[ZKS_AMOUNT_PACKED_BYTES];
    ZKI_ARG_CHECK(s != NULL);
    return pack_str(s, fee, tmp);
}

zks_status zks_amount_is_packable(const char *amount) { return is_packable(amount, 0); }
zks_status zks_fee_is_packable(const char *fee) { return is_packable(fee, 1); }

static zks_status closest_str(const char *s, int fee, int up, char *out, size_t cap)
{
    ZKI_ARG_CHECK(out != NULL && cap > 0);
    out[0] = '\0';
    ZKI_ARG_CHECK(s != NULL);
    zki_u256 v, r;
    if (zki_u256_from_dec(&v, s) != 0) return ZKS_ERR_INVALID_AMOUNT;
    zks_status st = zki_closest_packable(&v, fee, up, &r);
    if (st != ZKS_OK) return st;
    return put_dec(&r, out, cap);
}

zks_status zks_amount_closest_packable(const char *amount, char *out, size_t out_cap)
{
    return closest_str(amount, 0, 0, out, out_cap);
}

zks_status zks_amount_closest_packable_up(const char *amount, char *out, size_t out_cap)
{
    return closest_str(amount, 0, 1, out, out_cap);
}

zks_status zks_fee_closest_packable(const char *fee, char *out, size_t out_cap)
{
    return closest_str(fee, 1, 0, out, out_cap);
}

zks_status zks_fee_closest_packable_up(const char *fee, char *out, size_t out_cap)
{
    return closest_str(fee, 1, 1, out, out_cap);
}

zks_status zks_token_format(const char *amount, uint32_t decimals, char *out, size_t out_cap)
{
    ZKI_ARG_CHECK(out != NULL && out_cap > 0);
    out[0] = '\0';
    ZKI_ARG_CHECK(amount != NULL && decimals <= ZKS_TOKEN_DECIMALS_MAX);
    zki_u256 v;
    if (zki_u256_from_dec(&v, amount) != 0) return ZKS_ERR_INVALID_AMOUNT;
    return zki_token_format(&v, decimals, out, out_cap);
}

zks_status zks_token_parse(const char *text, uint32_t decimals, char *out, size_t out_cap)
{
    ZKI_ARG_CHECK(out != NULL && out_cap > 0);
    out[0] = '\0';
    ZKI_ARG_CHECK(text != NULL && decimals <= ZKS_TOKEN_DECIMALS_MAX);
    /* ethers parseFixed: [0-9.]+, at most one '.', not just ".". */
    size_t len = strnlen(text, 1024);
    if (len == 0 || len >= 1024) return ZKS_ERR_INVALID_AMOUNT;
    const char *dot = NULL;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '.') {
            if (dot != NULL) return ZKS_ERR_INVALID_AMOUNT;
            dot = text + i;
        } else if (text[i] < '0' || text[i] > '9') {
            return ZKS_ERR_INVALID_AMOUNT;
        }
    }
    if (len == 1 && dot != NULL) return ZKS_ERR_INVALID_AMOUNT;
    size_t whole_len = dot ? (size_t)(dot - text) : len;
    const char *frac = dot ? dot + 1 : "";
    size_t frac_len = dot ? len - whole_len - 1 : 0;
    while (frac_len > 0 && frac[frac_len - 1] == '0') frac_len--;
    if (frac_len > decimals) return ZKS_ERR_INVALID_AMOUNT;
    /* Base units = whole digits followed by the fraction padded to decimals. */
    while (whole_len > 0 && text[0] == '0') {
        text++;
        whole_len--;
    }
    char buf[1024 + ZKS_TOKEN_DECIMALS_MAX + 2];
    size_t k = 0;
    memcpy(buf, text, whole_len);
    k = whole_len;
    memcpy(buf + k, frac, frac_len);
    k += frac_len;
    for (size_t i = frac_len; i < decimals; i++) buf[k++] = '0';
    size_t skip = 0;
    while (skip + 1 < k && buf[skip] == '0') skip++;
    if (k == 0) buf[k++] = '0';
    zki_u256 v;
    if (k - skip > 78 || zki_u256_from_dec_n(&v, buf + skip, k - skip) != 0) return ZKS_ERR_INVALID_AMOUNT;
    return put_dec(&v, out, out_cap);
}

size_t zks_amount_chars(void) { return ZKS_AMOUNT_CHARS; }
size_t zks_token_chars(void) { return ZKS_TOKEN_CHARS; }
