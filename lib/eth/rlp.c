/* RLP (Ethereum Yellow Paper, appendix B): an encoder into a growable buffer
 * and a strict decoder that accepts only the canonical encoding. */
#include "../internal.h"
#include "eth.h"

void zki_buf_init(zki_buf *b)
{
    memset(b, 0, sizeof *b);
}

void zki_buf_free(zki_buf *b)
{
    zks_free(b->p); /* wipes: buffers may hold signed transactions */
    memset(b, 0, sizeof *b);
}

static int buf_reserve(zki_buf *b, size_t extra)
{
    if (b->err) return -1;
    if (extra > SIZE_MAX - b->len) {
        b->err = ZKS_ERR_NOMEM;
        return -1;
    }
    size_t need = b->len + extra;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    uint8_t *p = zki_realloc(b->p, cap);
    if (p == NULL) {
        b->err = ZKS_ERR_NOMEM;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void zki_buf_put(zki_buf *b, const uint8_t *data, size_t len)
{
    if (len == 0 || buf_reserve(b, len) != 0) return;
    memcpy(b->p + b->len, data, len);
    b->len += len;
}

/* Header for a payload of len bytes: short form below 56, else 0xb7/0xf7 + length bytes. */
static size_t header(uint8_t out[9], size_t len, uint8_t base)
{
    if (len < 56) {
        out[0] = (uint8_t)(base + len);
        return 1;
    }
    uint8_t tmp[8];
    size_t n = 0;
    for (size_t v = len; v > 0; v >>= 8) tmp[n++] = (uint8_t)v;
    out[0] = (uint8_t)(base + 55 + n);
    for (size_t i = 0; i < n; i++) out[1 + i] = tmp[n - 1 - i];
    return 1 + n;
}

void zki_rlp_put_bytes(zki_buf *b, const uint8_t *data, size_t len)
{
    if (len == 1 && data[0] < 0x80) {
        zki_buf_put(b, data, 1);
        return;
    }
    uint8_t h[9];
    size_t hl = header(h, len, 0x80);
    if (buf_reserve(b, hl + len) != 0) return;
    zki_buf_put(b, h, hl);
    zki_buf_put(b, data, len);
}

void zki_rlp_put_u256(zki_buf *b, const zki_u256 *v)
{
    uint8_t be[ZKS_U256_BYTES];
    (void)zki_u256_to_be(be, ZKS_U256_BYTES, v);
    size_t skip = 0;
    while (skip < ZKS_U256_BYTES && be[skip] == 0) skip++;
    zki_rlp_put_bytes(b, be + skip, ZKS_U256_BYTES - skip);
}

void zki_rlp_put_u64(zki_buf *b, uint64_t v)
{
    zki_u256 x;
    zki_u256_from_u64(&x, v);
    zki_rlp_put_u256(b, &x);
}

size_t zki_rlp_list_begin(zki_buf *b)
{
    return b->len;
}

void zki_rlp_list_end(zki_buf *b, size_t start)
{
    if (b->err) return;
    size_t len = b->len - start;
    uint8_t h[9];
    size_t hl = header(h, len, 0xc0);
    if (buf_reserve(b, hl) != 0) return;
    memmove(b->p + start + hl, b->p + start, len);
    memcpy(b->p + start, h, hl);
    b->len += hl;
}

/* Reads a big-endian length of n bytes (1..8) without leading zeros. */
static int read_len(const uint8_t *p, size_t n, size_t *out)
{
    if (n == 0 || n > sizeof(size_t) || p[0] == 0) return -1;
    size_t v = 0;
    for (size_t i = 0; i < n; i++) v = (v << 8) | p[i];
    if (v < 56) return -1; /* should have used the short form */
    *out = v;
    return 0;
}

int zki_rlp_decode(const uint8_t *in, size_t in_len, zki_rlp_item *out, size_t *used)
{
    memset(out, 0, sizeof *out);
    *used = 0;
    if (in_len == 0) return ZKS_ERR_PARSE;
    uint8_t t = in[0];
    size_t hl, len;
    int is_list = t >= 0xc0;
    if (t < 0x80) {
        out->p = in;
        out->len = 1;
        *used = 1;
        return ZKS_OK;
    } else if (t <= 0xb7) {
        hl = 1;
        len = (size_t)(t - 0x80);
    } else if (t < 0xc0) {
        hl = 1 + (size_t)(t - 0xb7);
        if (hl > in_len || read_len(in + 1, hl - 1, &len) != 0) return ZKS_ERR_PARSE;
    } else if (t <= 0xf7) {
        hl = 1;
        len = (size_t)(t - 0xc0);
    } else {
        hl = 1 + (size_t)(t - 0xf7);
        if (hl > in_len || read_len(in + 1, hl - 1, &len) != 0) return ZKS_ERR_PARSE;
    }
    if (len > in_len - hl) return ZKS_ERR_PARSE;
    /* a single byte below 0x80 must be encoded as itself */
    if (!is_list && len == 1 && hl == 1 && in[1] < 0x80) return ZKS_ERR_PARSE;
    out->is_list = is_list;
    out->p = in + hl;
    out->len = len;
    *used = hl + len;
    return ZKS_OK;
}

int zki_rlp_decode_exact(const uint8_t *in, size_t in_len, zki_rlp_item *out)
{
    size_t used;
    int rc = zki_rlp_decode(in, in_len, out, &used);
    if (rc == ZKS_OK && used != in_len) {
        memset(out, 0, sizeof *out);
        rc = ZKS_ERR_PARSE;
    }
    return rc;
}

int zki_rlp_list_items(const zki_rlp_item *list, zki_rlp_item *items, size_t cap, size_t *count)
{
    *count = 0;
    if (!list->is_list) return ZKS_ERR_PARSE;
    size_t off = 0, n = 0;
    while (off < list->len) {
        if (n >= cap) return ZKS_ERR_PARSE;
        size_t used;
        int rc = zki_rlp_decode(list->p + off, list->len - off, &items[n], &used);
        if (rc != ZKS_OK) return rc;
        off += used;
        n++;
    }
    *count = n;
    return ZKS_OK;
}

int zki_rlp_item_u256(const zki_rlp_item *it, zki_u256 *out)
{
    zki_u256_from_u64(out, 0);
    if (it->is_list || it->len > ZKS_U256_BYTES) return ZKS_ERR_PARSE;
    if (it->len > 0 && it->p[0] == 0) return ZKS_ERR_PARSE; /* leading zero (0 is the empty string) */
    if (it->len > 0) zki_u256_from_be(out, it->p, it->len);
    return ZKS_OK;
}
