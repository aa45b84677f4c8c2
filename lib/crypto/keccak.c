/* Keccak-f[1600] and the Keccak-256 sponge (rate 136 bytes, pad 0x01 ... 0x80).
 * Written from the Keccak reference description (FIPS 202 section 3 with the
 * pre-standard padding). Lanes are little-endian 64-bit words. */
#include "../internal.h"
#include "keccak.h"

static const uint64_t round_consts[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* rho rotation offsets and pi lane order, walked along the pi cycle from lane 1. */
static const unsigned rho_offsets[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                         27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
static const unsigned pi_lanes[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                      15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

static inline uint64_t rotl64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> ((64 - n) & 63));
}

static void keccak_f1600(uint64_t s[25])
{
    uint64_t bc[5], t;
    for (int round = 0; round < 24; round++) {
        /* theta */
        for (int x = 0; x < 5; x++) bc[x] = s[x] ^ s[x + 5] ^ s[x + 10] ^ s[x + 15] ^ s[x + 20];
        for (int x = 0; x < 5; x++) {
            t = bc[(x + 4) % 5] ^ rotl64(bc[(x + 1) % 5], 1);
            for (int y = 0; y < 25; y += 5) s[y + x] ^= t;
        }
        /* rho and pi */
        t = s[1];
        for (int i = 0; i < 24; i++) {
            unsigned j = pi_lanes[i];
            uint64_t tmp = s[j];
            s[j] = rotl64(t, rho_offsets[i]);
            t = tmp;
        }
        /* chi */
        for (int y = 0; y < 25; y += 5) {
            for (int x = 0; x < 5; x++) bc[x] = s[y + x];
            for (int x = 0; x < 5; x++) s[y + x] = bc[x] ^ (~bc[(x + 1) % 5] & bc[(x + 2) % 5]);
        }
        /* iota */
        s[0] ^= round_consts[round];
    }
    ZKI_WIPE(bc);
    ZKI_WIPE(t);
}

/* XOR one byte into the state at byte offset i (lanes are little-endian). */
static inline void xor_byte(uint64_t s[25], size_t i, uint8_t b)
{
    s[i / 8] ^= (uint64_t)b << (8 * (i % 8));
}

void zki_keccak_init(zki_keccak_ctx *c)
{
    memset(c, 0, sizeof *c);
}

void zki_keccak_update(zki_keccak_ctx *c, const uint8_t *data, size_t len)
{
    size_t pos = c->pos;
    while (len > 0) {
        if (pos == 0 && len >= ZKI_KECCAK256_RATE) {
            /* whole block: absorb lane by lane */
            for (size_t i = 0; i < ZKI_KECCAK256_RATE / 8; i++) {
                uint64_t lane = 0;
                for (unsigned k = 0; k < 8; k++) lane |= (uint64_t)data[8 * i + k] << (8 * k);
                c->st[i] ^= lane;
            }
            keccak_f1600(c->st);
            data += ZKI_KECCAK256_RATE;
            len -= ZKI_KECCAK256_RATE;
            continue;
        }
        xor_byte(c->st, pos, *data++);
        len--;
        if (++pos == ZKI_KECCAK256_RATE) {
            keccak_f1600(c->st);
            pos = 0;
        }
    }
    c->pos = pos;
}

void zki_keccak_final(zki_keccak_ctx *c, uint8_t out[32])
{
    xor_byte(c->st, c->pos, 0x01);
    xor_byte(c->st, ZKI_KECCAK256_RATE - 1, 0x80);
    keccak_f1600(c->st);
    for (size_t i = 0; i < 32; i++) out[i] = (uint8_t)(c->st[i / 8] >> (8 * (i % 8)));
    zks_memzero(c, sizeof *c);
}

void zki_keccak256(const uint8_t *data, size_t len, uint8_t out[32])
{
    zki_keccak_ctx c;
    zki_keccak_init(&c);
    zki_keccak_update(&c, data, len);
    zki_keccak_final(&c, out);
}

zks_status zks_keccak256(const uint8_t *data, size_t len, uint8_t out[ZKS_KECCAK256_BYTES])
{
    ZKI_ARG_CHECK(out != NULL);
    if (data == NULL && len > 0) {
        zks_memzero(out, ZKS_KECCAK256_BYTES);
        return ZKS_ERR_INVALID_ARG;
    }
    zki_keccak256(data, len, out);
    return ZKS_OK;
}
