/* Solidity ABI: call encoding (head/tail with dynamic bytes and strings),
 * function selectors, bounds-checked decoding of return data and logs, and
 * the zkSync NewPriorityRequest event. */
#include "../internal.h"
#include "crypto/keccak.h"
#include "eth.h"

void zki_abi_arg_u256(zki_abi_arg *a, const zki_u256 *v)
{
    memset(a, 0, sizeof *a);
    (void)zki_u256_to_be(a->word, ZKI_ABI_WORD_BYTES, v);
}

void zki_abi_arg_u64(zki_abi_arg *a, uint64_t v)
{
    zki_u256 x;
    zki_u256_from_u64(&x, v);
    zki_abi_arg_u256(a, &x);
}

void zki_abi_arg_address(zki_abi_arg *a, const uint8_t addr[ZKS_ETH_ADDRESS_BYTES])
{
    memset(a, 0, sizeof *a);
    memcpy(a->word + ZKI_ABI_WORD_BYTES - ZKS_ETH_ADDRESS_BYTES, addr, ZKS_ETH_ADDRESS_BYTES);
}

void zki_abi_arg_bool(zki_abi_arg *a, int v)
{
    memset(a, 0, sizeof *a);
    a->word[31] = v ? 1 : 0;
}

void zki_abi_arg_fixed(zki_abi_arg *a, const uint8_t *p, size_t len)
{
    memset(a, 0, sizeof *a);
    if (len > ZKI_ABI_WORD_BYTES) len = ZKI_ABI_WORD_BYTES;
    if (len) memcpy(a->word, p, len);
}

void zki_abi_arg_bytes(zki_abi_arg *a, const uint8_t *p, size_t len)
{
    memset(a, 0, sizeof *a);
    a->dynamic = 1;
    a->p = p;
    a->len = len;
}

void zki_abi_arg_bytes32_array(zki_abi_arg *a, const uint8_t *words, size_t count)
{
    memset(a, 0, sizeof *a);
    a->dynamic = ZKI_ABI_BYTES32_ARRAY;
    a->p = words;
    a->len = count;
}

/* Bytes an argument takes in the tail: the length word and the payload padded to whole words. */
static uint64_t tail_size(const zki_abi_arg *a)
{
    if (a->dynamic == ZKI_ABI_BYTES32_ARRAY) return ZKI_ABI_WORD_BYTES + (uint64_t)a->len * ZKI_ABI_WORD_BYTES;
    return ZKI_ABI_WORD_BYTES + (a->len + ZKI_ABI_WORD_BYTES - 1) / ZKI_ABI_WORD_BYTES * ZKI_ABI_WORD_BYTES;
}

static void put_u64_word(zki_buf *out, uint64_t v)
{
    uint8_t w[ZKI_ABI_WORD_BYTES] = {0};
    for (int i = 0; i < 8; i++) w[31 - i] = (uint8_t)(v >> (8 * i));
    zki_buf_put(out, w, ZKI_ABI_WORD_BYTES);
}

void zki_abi_encode(zki_buf *out, const uint8_t *selector, const zki_abi_arg *args, size_t n)
{
    static const uint8_t zeros[ZKI_ABI_WORD_BYTES];
    if (selector) zki_buf_put(out, selector, 4);
    /* Heads: static words in place, offsets (from the start of the args) for dynamic ones. */
    uint64_t tail = (uint64_t)n * ZKI_ABI_WORD_BYTES;
    for (size_t i = 0; i < n; i++) {
        if (args[i].dynamic) {
            put_u64_word(out, tail);
            tail += tail_size(&args[i]);
        } else {
            zki_buf_put(out, args[i].word, ZKI_ABI_WORD_BYTES);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!args[i].dynamic) continue;
        put_u64_word(out, args[i].len);
        if (args[i].dynamic == ZKI_ABI_BYTES32_ARRAY) {
            /* bytes32[]: the element count, then each element as one word */
            if (args[i].len != 0) zki_buf_put(out, args[i].p, args[i].len * ZKI_ABI_WORD_BYTES);
            continue;
        }
        zki_buf_put(out, args[i].p, args[i].len);
        zki_buf_put(out, zeros, (ZKI_ABI_WORD_BYTES - args[i].len % ZKI_ABI_WORD_BYTES) % ZKI_ABI_WORD_BYTES);
    }
}

void zki_abi_selector(const char *signature, uint8_t out[4])
{
    uint8_t h[ZKS_ETH_HASH_BYTES];
    zki_keccak256((const uint8_t *)signature, strlen(signature), h);
    memcpy(out, h, 4);
}

int zki_abi_get_word(const uint8_t *data, size_t len, size_t idx, uint8_t out[ZKI_ABI_WORD_BYTES])
{
    memset(out, 0, ZKI_ABI_WORD_BYTES);
    if (idx > len / ZKI_ABI_WORD_BYTES || len / ZKI_ABI_WORD_BYTES - idx < 1) return ZKS_ERR_PARSE;
    memcpy(out, data + idx * ZKI_ABI_WORD_BYTES, ZKI_ABI_WORD_BYTES);
    return ZKS_OK;
}

int zki_abi_get_uint(const uint8_t *data, size_t len, size_t idx, unsigned bits, zki_u256 *out)
{
    uint8_t w[ZKI_ABI_WORD_BYTES];
    zki_u256_from_u64(out, 0);
    if (bits == 0 || bits > 256 || zki_abi_get_word(data, len, idx, w) != ZKS_OK) return ZKS_ERR_PARSE;
    zki_u256 v;
    zki_u256_from_be(&v, w, ZKI_ABI_WORD_BYTES);
    if (zki_u256_bits(&v) > bits) return ZKS_ERR_PARSE; /* dirty high bits */
    *out = v;
    return ZKS_OK;
}

int zki_abi_get_u64(const uint8_t *data, size_t len, size_t idx, unsigned bits, uint64_t *out)
{
    zki_u256 v;
    *out = 0;
    if (bits > 64) return ZKS_ERR_PARSE;
    int rc = zki_abi_get_uint(data, len, idx, bits, &v);
    if (rc == ZKS_OK) *out = v.w[0];
    return rc;
}

int zki_abi_get_address(const uint8_t *data, size_t len, size_t idx, uint8_t out[ZKS_ETH_ADDRESS_BYTES])
{
    uint8_t w[ZKI_ABI_WORD_BYTES];
    static const uint8_t zeros[12];
    memset(out, 0, ZKS_ETH_ADDRESS_BYTES);
    if (zki_abi_get_word(data, len, idx, w) != ZKS_OK || memcmp(w, zeros, 12) != 0) return ZKS_ERR_PARSE;
    memcpy(out, w + ZKI_ABI_WORD_BYTES - ZKS_ETH_ADDRESS_BYTES, ZKS_ETH_ADDRESS_BYTES);
    return ZKS_OK;
}

int zki_abi_get_bool(const uint8_t *data, size_t len, size_t idx, int *out)
{
    uint64_t v;
    *out = 0;
    if (zki_abi_get_u64(data, len, idx, 1, &v) != ZKS_OK) return ZKS_ERR_PARSE;
    *out = (int)v;
    return ZKS_OK;
}

int zki_abi_get_bytes(const uint8_t *data, size_t len, size_t idx, const uint8_t **p, size_t *n)
{
    uint64_t off, blen;
    *p = NULL;
    *n = 0;
    if (zki_abi_get_u64(data, len, idx, 64, &off) != ZKS_OK) return ZKS_ERR_PARSE;
    if (off % ZKI_ABI_WORD_BYTES != 0 || off > len || len - off < ZKI_ABI_WORD_BYTES) return ZKS_ERR_PARSE;
    if (zki_abi_get_u64(data, len, (size_t)(off / ZKI_ABI_WORD_BYTES), 64, &blen) != ZKS_OK) return ZKS_ERR_PARSE;
    /* the payload and its zero padding to a whole word must be inside data (as ethers requires) */
    if (blen > len - off - ZKI_ABI_WORD_BYTES ||
        (blen + ZKI_ABI_WORD_BYTES - 1) / ZKI_ABI_WORD_BYTES * ZKI_ABI_WORD_BYTES > len - off - ZKI_ABI_WORD_BYTES)
        return ZKS_ERR_PARSE;
    *p = data + off + 32;
    *n = (size_t)blen;
    return ZKS_OK;
}

/* ---- public: signature-driven call encoding ----------------------------- */

#define MAX_ARGS 32

/* Parses one canonical type name [s, s+n): returns kind and size. */
enum { T_ADDRESS, T_BOOL, T_UINT, T_FIXED, T_BYTES, T_STRING };

static int parse_decimal_small(const char *s, size_t n, unsigned *out)
{
    if (n == 0 || n > 3 || s[0] == '0') return -1;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

static int parse_type(const char *s, size_t n, int *kind, unsigned *size)
{
    *size = 0;
    if (n == 7 && memcmp(s, "address", 7) == 0) *kind = T_ADDRESS;
    else if (n == 4 && memcmp(s, "bool", 4) == 0) *kind = T_BOOL;
    else if (n == 6 && memcmp(s, "string", 6) == 0) *kind = T_STRING;
    else if (n == 5 && memcmp(s, "bytes", 5) == 0) *kind = T_BYTES;
    else if (n > 4 && memcmp(s, "uint", 4) == 0) {
        if (parse_decimal_small(s + 4, n - 4, size) != 0 || *size % 8 != 0 || *size > 256) return -1;
        *kind = T_UINT;
    } else if (n > 5 && memcmp(s, "bytes", 5) == 0) {
        if (parse_decimal_small(s + 5, n - 5, size) != 0 || *size > ZKI_ABI_WORD_BYTES) return -1;
        *kind = T_FIXED;
    } else {
        return -1;
    }
    return 0;
}

/* "0x" + even number of hex digits -> bytes (allocated). */
static zks_status parse_hex_arg(const char *s, uint8_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t l = strlen(s);
    if (l < 2 || s[0] != '0' || s[1] != 'x' || (l - 2) % 2 != 0) return ZKS_ERR_INVALID_ARG;
    size_t bytes = (l - 2) / 2;
    uint8_t *p = zki_malloc(bytes ? bytes : 1);
    if (p == NULL) return ZKS_ERR_NOMEM;
    if (zki_hex_decode(p, bytes, s + 2, l - 2) != 0) {
        zks_free(p);
        return ZKS_ERR_INVALID_ARG;
    }
    *out = p;
    *n = bytes;
    return ZKS_OK;
}

zks_status zks_eth_abi_encode_call(const char *signature, const char *const *args, size_t n_args, uint8_t *out,
                                   size_t out_cap, size_t *out_len)
{
    ZKI_ARG_CHECK(out_len != NULL);
    *out_len = 0;
    ZKI_ARG_CHECK(out != NULL || out_cap == 0);
    if (out) memset(out, 0, out_cap);
    ZKI_ARG_CHECK(signature != NULL && (args != NULL || n_args == 0) && n_args <= MAX_ARGS);
    for (size_t i = 0; i < n_args; i++) ZKI_ARG_CHECK(args[i] != NULL);

    /* name(type,type,...) with canonical type names and no spaces */
    const char *open = strchr(signature, '(');
    size_t sl = strlen(signature);
    if (open == NULL || open == signature || sl < 2 || signature[sl - 1] != ')') return ZKS_ERR_INVALID_ARG;
    for (const char *c = signature; c < open; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '$'))
            return ZKS_ERR_INVALID_ARG;
    if (*signature >= '0' && *signature <= '9') return ZKS_ERR_INVALID_ARG;

    zki_abi_arg a[MAX_ARGS];
    uint8_t *owned[MAX_ARGS] = {0};
    size_t count = 0;
    zks_status rc = ZKS_OK;
    const char *p = open + 1, *end = signature + sl - 1;
    if (p == end) {
        count = 0;
    } else {
        while (rc == ZKS_OK) {
            const char *comma = p;
            while (comma < end && *comma != ',') comma++;
            int kind;
            unsigned size;
            if (count >= n_args || count >= MAX_ARGS || parse_type(p, (size_t)(comma - p), &kind, &size) != 0) {
                rc = ZKS_ERR_INVALID_ARG;
                break;
            }
            const char *v = args[count];
            zki_abi_arg *arg = &a[count];
            switch (kind) {
            case T_ADDRESS: {
                uint8_t addr[ZKS_ETH_ADDRESS_BYTES];
                zks_status st = zks_eth_address_parse(v, addr);
                if (st != ZKS_OK) rc = st;
                else zki_abi_arg_address(arg, addr);
                break;
            }
            case T_BOOL:
                if (strcmp(v, "true") == 0) zki_abi_arg_bool(arg, 1);
                else if (strcmp(v, "false") == 0) zki_abi_arg_bool(arg, 0);
                else rc = ZKS_ERR_INVALID_ARG;
                break;
            case T_UINT: {
                zki_u256 x;
                if (zki_u256_from_dec(&x, v) != 0 || zki_u256_bits(&x) > size) rc = ZKS_ERR_INVALID_AMOUNT;
                else zki_abi_arg_u256(arg, &x);
                break;
            }
            case T_FIXED:
            case T_BYTES:
            case T_STRING: {
                if (kind == T_STRING) {
                    zki_abi_arg_bytes(arg, (const uint8_t *)v, strlen(v));
                    break;
                }
                size_t bn;
                rc = parse_hex_arg(v, &owned[count], &bn);
                if (rc != ZKS_OK) break;
                if (kind == T_FIXED) {
                    if (bn != size) rc = ZKS_ERR_INVALID_LENGTH;
                    else zki_abi_arg_fixed(arg, owned[count], bn);
                } else {
                    zki_abi_arg_bytes(arg, owned[count], bn);
                }
                break;
            }
            default:
                rc = ZKS_ERR_INTERNAL;
                break;
            }
            count++;
            if (comma == end) break;
            p = comma + 1;
        }
    }
    if (rc == ZKS_OK && count != n_args) rc = ZKS_ERR_INVALID_ARG;
    if (rc == ZKS_OK) {
        uint8_t sel[4];
        zki_buf b;
        zki_buf_init(&b);
        zki_abi_selector(signature, sel);
        zki_abi_encode(&b, sel, a, count);
        rc = (zks_status)b.err;
        if (rc == ZKS_OK) {
            *out_len = b.len;
            if (b.len > out_cap) rc = ZKS_ERR_BUFFER_SIZE;
            else memcpy(out, b.p, b.len);
        }
        zki_buf_free(&b);
    }
    for (size_t i = 0; i < MAX_ARGS; i++) zks_free(owned[i]);
    if (rc != ZKS_OK) {
        if (out) memset(out, 0, out_cap);
        if (rc != ZKS_ERR_BUFFER_SIZE) *out_len = 0;
    }
    return rc;
}

zks_status zks_eth_decode_new_priority_request(const uint8_t *data, size_t len, zks_eth_priority_request *out)
{
    ZKI_ARG_CHECK(out != NULL);
    uint32_t size = out->struct_size;
    ZKI_ARG_CHECK(size >= sizeof(zks_eth_priority_request));
    memset(out, 0, sizeof *out);
    out->struct_size = size;
    ZKI_ARG_CHECK(data != NULL || len == 0);
    uint64_t op;
    zks_status rc = ZKS_ERR_PARSE;
    if (zki_abi_get_address(data, len, 0, out->sender) != ZKS_OK) goto out;
    if (zki_abi_get_u64(data, len, 1, 64, &out->serial_id) != ZKS_OK) goto out;
    if (zki_abi_get_u64(data, len, 2, 8, &op) != ZKS_OK) goto out;
    out->op_type = (uint32_t)op;
    if (zki_abi_get_bytes(data, len, 3, &out->pubdata, &out->pubdata_len) != ZKS_OK) goto out;
    if (zki_abi_get_u64(data, len, 4, 64, &out->expiration_block) != ZKS_OK) goto out;
    rc = ZKS_OK;
out:
    if (rc != ZKS_OK) {
        memset(out, 0, sizeof *out);
        out->struct_size = size;
    }
    return rc;
}
