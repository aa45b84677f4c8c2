/* libFuzzer target: ABI decoding helpers, the NewPriorityRequest decoder, and
 * zks_eth_abi_encode_call on arbitrary signatures and argument strings.
 * First byte: 0 = decode, otherwise encode ("sig\0arg\0arg..."). */
#include <stdlib.h>

#include "internal.h"
#include "eth/eth.h"

static void decode(const uint8_t *d, size_t n)
{
    zks_eth_priority_request pr;
    pr.struct_size = sizeof pr;
    if (zks_eth_decode_new_priority_request(d, n, &pr) == ZKS_OK) {
        if (pr.pubdata_len > 0 && (pr.pubdata < d || pr.pubdata + pr.pubdata_len > d + n)) abort();
        if (pr.op_type > 255) abort();
    }
    for (size_t idx = 0; idx < 8; idx++) {
        const uint8_t *p;
        size_t len;
        uint8_t a[20];
        int b;
        zki_u256 v;
        uint64_t u;
        if (zki_abi_get_bytes(d, n, idx, &p, &len) == ZKS_OK && (p < d || p + len > d + n)) abort();
        (void)zki_abi_get_address(d, n, idx, a);
        (void)zki_abi_get_bool(d, n, idx, &b);
        (void)zki_abi_get_uint(d, n, idx, 8 + 8 * (unsigned)(idx * 5 % 32), &v);
        (void)zki_abi_get_u64(d, n, idx, 64, &u);
    }
}

static void encode(const uint8_t *d, size_t n)
{
    if (n > 4096) return;
    char *s = malloc(n + 1);
    if (!s) return;
    memcpy(s, d, n);
    s[n] = 0;
    const char *args[40];
    size_t na = 0;
    char *p = s + strlen(s) + 1;
    while (p <= s + n && na < 40) {
        args[na++] = p;
        p += strlen(p) + 1;
    }
    if (na > 0 && p > s + n + 1) na--;
    static uint8_t out[1 << 16];
    size_t len = 0;
    zks_status st = zks_eth_abi_encode_call(s, args, na, out, sizeof out, &len);
    if (st == ZKS_OK && (len < 4 || (len - 4) % 32 != 0 || (len - 4) / 32 < na)) abort();
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    if (data[0] == 0) decode(data + 1, size - 1);
    else encode(data + 1, size - 1);
    return 0;
}
