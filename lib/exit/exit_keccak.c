/* Single-block Keccak-256 for the claim tree: the 104-byte leaf data and the
 * 64-byte sorted pairs each fit in one 136-byte block, so the sponge is one
 * keccak-f[1600] over the padded block. The permutation is the same function
 * as lib/crypto/keccak.c (FIPS 202 section 3, Keccak padding 0x01 ... 0x80),
 * with the 24 rounds' lanes kept in local variables so the compiler can keep
 * them in registers; that makes a tree pass about twice as fast. Public data
 * only (leaves and nodes), so nothing here needs wiping. */
#include <string.h>

#include "exit_internal.h"

static const uint64_t keccak_rc[24] = {
    0x0000000000000001ULL,
    0x0000000000008082ULL,
    0x800000000000808aULL,
    0x8000000080008000ULL,
    0x000000000000808bULL,
    0x0000000080000001ULL,
    0x8000000080008081ULL,
    0x8000000000008009ULL,
    0x000000000000008aULL,
    0x0000000000000088ULL,
    0x0000000080008009ULL,
    0x000000008000000aULL,
    0x000000008000808bULL,
    0x800000000000008bULL,
    0x8000000000008089ULL,
    0x8000000000008003ULL,
    0x8000000000008002ULL,
    0x8000000000000080ULL,
    0x000000000000800aULL,
    0x800000008000000aULL,
    0x8000000080008081ULL,
    0x8000000000008080ULL,
    0x0000000080000001ULL,
    0x8000000080008008ULL
};

#define ROTL(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

/* One round of keccak-f[1600] on lanes a00..a44 (a<x><y>), fully unrolled:
 * theta, rho and pi into b<x><y>, chi back into a, iota. */
#define ZKI_KECCAK_ROUND(rc) \
    do { \
        c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04; \
        c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14; \
        c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24; \
        c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34; \
        c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44; \
        d0 = c4 ^ ROTL(c1, 1); \
        d1 = c0 ^ ROTL(c2, 1); \
        d2 = c1 ^ ROTL(c3, 1); \
        d3 = c2 ^ ROTL(c4, 1); \
        d4 = c3 ^ ROTL(c0, 1); \
        b00 = (a00 ^ d0); \
        b13 = ROTL((a01 ^ d0), 36); \
        b21 = ROTL((a02 ^ d0), 3); \
        b34 = ROTL((a03 ^ d0), 41); \
        b42 = ROTL((a04 ^ d0), 18); \
        b02 = ROTL((a10 ^ d1), 1); \
        b10 = ROTL((a11 ^ d1), 44); \
        b23 = ROTL((a12 ^ d1), 10); \
        b31 = ROTL((a13 ^ d1), 45); \
        b44 = ROTL((a14 ^ d1), 2); \
        b04 = ROTL((a20 ^ d2), 62); \
        b12 = ROTL((a21 ^ d2), 6); \
        b20 = ROTL((a22 ^ d2), 43); \
        b33 = ROTL((a23 ^ d2), 15); \
        b41 = ROTL((a24 ^ d2), 61); \
        b01 = ROTL((a30 ^ d3), 28); \
        b14 = ROTL((a31 ^ d3), 55); \
        b22 = ROTL((a32 ^ d3), 25); \
        b30 = ROTL((a33 ^ d3), 21); \
        b43 = ROTL((a34 ^ d3), 56); \
        b03 = ROTL((a40 ^ d4), 27); \
        b11 = ROTL((a41 ^ d4), 20); \
        b24 = ROTL((a42 ^ d4), 39); \
        b32 = ROTL((a43 ^ d4), 8); \
        b40 = ROTL((a44 ^ d4), 14); \
        a00 = b00 ^ (~b10 & b20); \
        a10 = b10 ^ (~b20 & b30); \
        a20 = b20 ^ (~b30 & b40); \
        a30 = b30 ^ (~b40 & b00); \
        a40 = b40 ^ (~b00 & b10); \
        a01 = b01 ^ (~b11 & b21); \
        a11 = b11 ^ (~b21 & b31); \
        a21 = b21 ^ (~b31 & b41); \
        a31 = b31 ^ (~b41 & b01); \
        a41 = b41 ^ (~b01 & b11); \
        a02 = b02 ^ (~b12 & b22); \
        a12 = b12 ^ (~b22 & b32); \
        a22 = b22 ^ (~b32 & b42); \
        a32 = b32 ^ (~b42 & b02); \
        a42 = b42 ^ (~b02 & b12); \
        a03 = b03 ^ (~b13 & b23); \
        a13 = b13 ^ (~b23 & b33); \
        a23 = b23 ^ (~b33 & b43); \
        a33 = b33 ^ (~b43 & b03); \
        a43 = b43 ^ (~b03 & b13); \
        a04 = b04 ^ (~b14 & b24); \
        a14 = b14 ^ (~b24 & b34); \
        a24 = b24 ^ (~b34 & b44); \
        a34 = b34 ^ (~b44 & b04); \
        a44 = b44 ^ (~b04 & b14); \
        a00 ^= (rc); \
    } while (0)

static inline uint64_t load64le(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline void store64le(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, 8);
}

/* block: 136 bytes, already padded. */
static void keccak_one_block(const uint8_t block[136], uint8_t out[32])
{
    uint64_t a00, a10, a20, a30, a40, a01, a11, a21, a31, a41, a02, a12, a22, a32, a42, a03, a13, a23, a33, a43, a04, a14, a24, a34, a44;
    uint64_t b00, b10, b20, b30, b40, b01, b11, b21, b31, b41, b02, b12, b22, b32, b42, b03, b13, b23, b33, b43,
        b04, b14, b24, b34, b44;
    uint64_t c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
    a00 = load64le(block + 0);
    a10 = load64le(block + 8);
    a20 = load64le(block + 16);
    a30 = load64le(block + 24);
    a40 = load64le(block + 32);
    a01 = load64le(block + 40);
    a11 = load64le(block + 48);
    a21 = load64le(block + 56);
    a31 = load64le(block + 64);
    a41 = load64le(block + 72);
    a02 = load64le(block + 80);
    a12 = load64le(block + 88);
    a22 = load64le(block + 96);
    a32 = load64le(block + 104);
    a42 = load64le(block + 112);
    a03 = load64le(block + 120);
    a13 = load64le(block + 128);
    a23 = a33 = a43 = a04 = a14 = a24 = a34 = a44 = 0;
    for (int i = 0; i < 24; i++) ZKI_KECCAK_ROUND(keccak_rc[i]);
    store64le(out, a00);
    store64le(out + 8, a10);
    store64le(out + 16, a20);
    store64le(out + 24, a30);
}

void zki_exit_keccak_short(const uint8_t *data, size_t len, uint8_t out[32])
{
    uint8_t block[136];
    memset(block, 0, sizeof block);
    memcpy(block, data, len);
    block[len] ^= 0x01;
    block[135] ^= 0x80;
    keccak_one_block(block, out);
}

void zki_exit_leaf_hash(uint64_t index, const uint8_t account[20], const uint8_t token[20],
                        const uint8_t amount[32], uint8_t out[32])
{
    uint8_t block[136];
    memset(block, 0, sizeof block);
    for (int i = 0; i < 8; i++) block[31 - i] = (uint8_t)(index >> (8 * i));
    memcpy(block + 32, account, 20);
    memcpy(block + 52, token, 20);
    memcpy(block + 72, amount, 32);
    block[104] = 0x01;
    block[135] = 0x80;
    keccak_one_block(block, out);
}

void zki_exit_pair_hash(const uint8_t a[32], const uint8_t b[32], uint8_t out[32])
{
    uint8_t block[136];
    int a_first = memcmp(a, b, 32) <= 0;
    memcpy(block, a_first ? a : b, 32);
    memcpy(block + 32, a_first ? b : a, 32);
    memset(block + 64, 0, 72);
    block[64] = 0x01;
    block[135] = 0x80;
    keccak_one_block(block, out);
}
