/* libFuzzer target: the strict RLP decoder and the signed-transaction decoder.
 * Property: whatever the decoder accepts re-encodes to exactly the same bytes
 * (the decoder only accepts canonical RLP), and a decoded transaction's hash
 * is keccak256 of the input. */
#include <stdlib.h>

#include "internal.h"
#include "crypto/keccak.h"
#include "eth/eth.h"

/* Re-encodes item into b; returns -1 when the tree is too deep or malformed. */
static int reencode(zki_buf *b, const zki_rlp_item *it, int depth)
{
    if (!it->is_list) {
        zki_rlp_put_bytes(b, it->p, it->len);
        return 0;
    }
    if (depth > 64) return -1;
    size_t start = zki_rlp_list_begin(b);
    size_t off = 0;
    while (off < it->len) {
        zki_rlp_item sub;
        size_t used;
        if (zki_rlp_decode(it->p + off, it->len - off, &sub, &used) != ZKS_OK) return -1;
        if (reencode(b, &sub, depth + 1) != 0) return -1;
        off += used;
    }
    zki_rlp_list_end(b, start);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zki_rlp_item it;
    if (zki_rlp_decode_exact(data, size, &it) == ZKS_OK) {
        zki_buf b;
        zki_buf_init(&b);
        if (reencode(&b, &it, 0) == 0 && b.err == 0) {
            if (b.len != size || memcmp(b.p, data, size) != 0) abort();
        }
        zki_buf_free(&b);
        zki_rlp_item items[16];
        size_t n;
        if (it.is_list && zki_rlp_list_items(&it, items, 16, &n) == ZKS_OK) {
            for (size_t i = 0; i < n; i++) {
                zki_u256 v;
                (void)zki_rlp_item_u256(&items[i], &v);
            }
        }
    }
    zks_eth_tx_info info;
    info.struct_size = sizeof info;
    if (zks_eth_tx_decode(data, size, &info) == ZKS_OK) {
        uint8_t h[32];
        zki_keccak256(data, size, h);
        if (memcmp(h, info.hash, 32) != 0) abort();
        if (info.data_len > 0 && (info.data < data || info.data + info.data_len > data + size)) abort();
    }
    return 0;
}
