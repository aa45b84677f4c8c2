/* Generator of lib/crypto/rescue_constants.c: the Rescue round constants and
 * MDS matrix of zkSync Lite (franklin-crypto Bn256RescueParams::new_checked_2_into_1),
 * regenerated from the documented procedure (docs/crypto-rescue.md,
 * shared spec crypto.md 4.3 and 4.4) rather than copied.
 *
 *   round constants: BLAKE2s-256 with personalization "Rescue_f" over
 *     GH_FIRST_BLOCK || BE32(nonce), read as a little-endian integer, kept if
 *     0 < v < p, until 135 are found.
 *   MDS: BLAKE2s-256 with personalization "ResM0003" over GH_FIRST_BLOCK;
 *     the big-endian u32 of its first 4 bytes, repeated 8 times, keys a
 *     ChaCha20 generator (rand 0.4 ChaChaRng: counter in words 12-13, words
 *     14-15 zero, u64 = first u32 << 32 | second). Six Fr::rand draws (the
 *     raw limbs are a Montgomery representation) give x0..x2, y0..y2 and
 *     MDS[i][j] = 1 / (x_i - y_j).
 *
 * Usage: gen_rescue > lib/crypto/rescue_constants.c
 * Built and diffed against the committed file by tests/suites/rescue_gen.sh. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/fr.h"

/* ---- BLAKE2s-256 with an 8-byte personalization (RFC 7693), tool-only ---- */

static const uint32_t B2S_IV[8] = {0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
                                   0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u};
static const uint8_t B2S_SIGMA[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

static uint32_t rd32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t rotr32(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void b2s_compress(uint32_t h[8], const uint8_t block[64], uint32_t t, int last)
{
    uint32_t m[16], v[16];
    for (int i = 0; i < 16; i++) m[i] = rd32le(block + 4 * i);
    for (int i = 0; i < 8; i++) {
        v[i] = h[i];
        v[i + 8] = B2S_IV[i];
    }
    v[12] ^= t; /* messages here are far below 2^32 bytes */
    if (last) v[14] = ~v[14];
#define G(a, b, c, d, x, y)                                                                        \
    do {                                                                                           \
        v[a] = v[a] + v[b] + (x);                                                                  \
        v[d] = rotr32(v[d] ^ v[a], 16);                                                            \
        v[c] = v[c] + v[d];                                                                        \
        v[b] = rotr32(v[b] ^ v[c], 12);                                                            \
        v[a] = v[a] + v[b] + (y);                                                                  \
        v[d] = rotr32(v[d] ^ v[a], 8);                                                             \
        v[c] = v[c] + v[d];                                                                        \
        v[b] = rotr32(v[b] ^ v[c], 7);                                                             \
    } while (0)
    for (int r = 0; r < 10; r++) {
        const uint8_t *s = B2S_SIGMA[r];
        G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
#undef G
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

/* BLAKE2s-256, no key, no salt, 8-byte personalization (parameter words 6-7). */
static void blake2s_person(uint8_t out[32], const uint8_t *in, size_t len, const char person[8])
{
    uint32_t h[8];
    uint8_t block[64];
    memcpy(h, B2S_IV, sizeof h);
    h[0] ^= 0x01010000u ^ 32u; /* depth 1, fanout 1, no key, digest 32 */
    h[6] ^= rd32le((const uint8_t *)person);
    h[7] ^= rd32le((const uint8_t *)person + 4);
    size_t off = 0;
    while (len - off > 64) {
        b2s_compress(h, in + off, (uint32_t)(off + 64), 0);
        off += 64;
    }
    memset(block, 0, sizeof block);
    memcpy(block, in + off, len - off);
    b2s_compress(h, block, (uint32_t)len, 1);
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(h[i / 4] >> (8 * (i % 4)));
}

/* ---- rand 0.4 ChaChaRng over libsodium's original ChaCha20 ----
 * crypto_stream_chacha20 (the 64-bit nonce variant) lays out its state as
 * constants, 8 key words, a 64-bit block counter in words 12-13 starting at 0
 * and the nonce in words 14-15 (zero here): the same as rand 0.4. Each output
 * block is 16 little-endian u32 words, consumed in order. */
typedef struct {
    uint8_t key[32];
    uint8_t buf[64 * 16];
    size_t pos;
    uint64_t blocks; /* blocks generated so far */
} chacha_rng;

static void rng_init(chacha_rng *g, const uint32_t key[8])
{
    for (int i = 0; i < 32; i++) g->key[i] = (uint8_t)(key[i / 4] >> (8 * (i % 4)));
    g->pos = sizeof g->buf;
    g->blocks = 0;
}

static uint32_t rng_u32(chacha_rng *g)
{
    if (g->pos == sizeof g->buf) {
        static const uint8_t nonce[8] = {0};
        static const uint8_t zeros[sizeof g->buf] = {0};
        crypto_stream_chacha20_xor_ic(g->buf, zeros, sizeof g->buf, nonce, g->blocks, g->key);
        g->blocks += sizeof g->buf / 64;
        g->pos = 0;
    }
    uint32_t w = rd32le(g->buf + g->pos);
    g->pos += 4;
    return w;
}

static uint64_t rng_u64(chacha_rng *g)
{
    uint64_t hi = rng_u32(g);
    uint64_t lo = rng_u32(g);
    return hi << 32 | lo;
}

/* Fr::rand: 4 limbs, top 2 bits cleared, redraw if >= p; the limbs are
 * taken as the Montgomery representation as they are. */
static void fr_rand(zki_fr *r, chacha_rng *g)
{
    for (;;) {
        uint64_t l[4];
        for (int i = 0; i < 4; i++) l[i] = rng_u64(g);
        l[3] &= 0x3fffffffffffffffULL;
        zki_fr tmp;
        if (zki_fr_from_limbs(&tmp, l)) { /* only the "< p" test is used */
            memcpy(r->v, l, sizeof l);
            return;
        }
    }
}

static const char GH_FIRST_BLOCK[] = "096b36a5804bfacef1691e173c366a47ff5ba84a44f26ddd7e8d9f79d5b42df0";

static void print_fr(const zki_fr *a, const char *indent, const char *end)
{
    printf("%s{{0x%016llxULL, 0x%016llxULL, 0x%016llxULL, 0x%016llxULL}}%s", indent,
           (unsigned long long)a->v[0], (unsigned long long)a->v[1], (unsigned long long)a->v[2],
           (unsigned long long)a->v[3], end);
}

static void print_comment_value(const zki_fr *a)
{
    uint64_t l[4];
    zki_fr_to_limbs(l, a);
    printf("/* 0x%016llx%016llx%016llx%016llx */\n", (unsigned long long)l[3],
           (unsigned long long)l[2], (unsigned long long)l[1], (unsigned long long)l[0]);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    zki_fr rc[135], mds[3][3];

    /* round constants */
    uint8_t in[68], h[32];
    memcpy(in, GH_FIRST_BLOCK, 64);
    int n = 0;
    for (uint32_t nonce = 0; n < 135; nonce++) {
        in[64] = (uint8_t)(nonce >> 24);
        in[65] = (uint8_t)(nonce >> 16);
        in[66] = (uint8_t)(nonce >> 8);
        in[67] = (uint8_t)nonce;
        blake2s_person(h, in, sizeof in, "Rescue_f");
        zki_fr v;
        if (zki_fr_from_bytes_le(&v, h) && !zki_fr_is_zero(&v)) rc[n++] = v;
    }

    /* MDS */
    blake2s_person(h, (const uint8_t *)GH_FIRST_BLOCK, 64, "ResM0003");
    uint32_t w0 = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    uint32_t key[8];
    for (int i = 0; i < 8; i++) key[i] = w0;
    chacha_rng g;
    rng_init(&g, key);
    for (;;) {
        zki_fr xs[3], ys[3];
        for (int i = 0; i < 3; i++) fr_rand(&xs[i], &g);
        for (int i = 0; i < 3; i++) fr_rand(&ys[i], &g);
        int distinct = 1;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                if (j > i && (zki_fr_eq(&xs[i], &xs[j]) || zki_fr_eq(&ys[i], &ys[j]))) distinct = 0;
                if (zki_fr_eq(&xs[i], &ys[j])) distinct = 0;
            }
        if (!distinct) continue;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                zki_fr d;
                zki_fr_sub(&d, &xs[i], &ys[j]);
                zki_fr_inv(&mds[i][j], &d);
            }
        break;
    }

    printf("/* GENERATED by tools/gen_rescue.c - do not edit.\n"
           " * Rescue round constants and MDS matrix for zkSync Lite (BN254 Fr, t = 3,\n"
           " * 22 double rounds), in Montgomery form; each entry is followed by its value. */\n"
           "#include \"crypto/rescue.h\"\n\n");
    printf("const zki_fr zki_rescue_rc[45][3] = {\n");
    for (int i = 0; i < 45; i++) {
        printf("    {\n");
        for (int j = 0; j < 3; j++) {
            print_fr(&rc[3 * i + j], "        ", ", ");
            print_comment_value(&rc[3 * i + j]);
        }
        printf("    },\n");
    }
    printf("};\n\n");
    printf("const zki_fr zki_rescue_mds[3][3] = {\n");
    for (int i = 0; i < 3; i++) {
        printf("    {\n");
        for (int j = 0; j < 3; j++) {
            print_fr(&mds[i][j], "        ", ", ");
            print_comment_value(&mds[i][j]);
        }
        printf("    },\n");
    }
    printf("};\n");
    return 0;
}
