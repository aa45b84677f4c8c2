/* Keccak-256: known vectors, incremental API against one-shot, argument checks,
 * the unrolled permutation against a plain loop version written here (every
 * length 0..420, so every length around the 136-byte rate and its multiples),
 * the eight-way permutation (AVX-512 where available) against eight single
 * ones, and a differential run against ethers 5.7.2 utils.keccak256. */
#include "harness.h"
#include "internal.h"
#include "oracle.h"
#include "crypto/keccak.h"

static void known(const char *text, const char *hex)
{
    uint8_t out[32];
    ZT_CHECK_STATUS(zks_keccak256((const uint8_t *)text, strlen(text), out), ZKS_OK);
    ZT_CHECK_HEX(out, 32, hex);
}

/* ---- a plain reference: keccak-f[1600] as loops over the state (FIPS 202 3.2) ---- */
static const uint64_t RC[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

static uint64_t rol(uint64_t x, unsigned n) { return n ? (x << n) | (x >> (64 - n)) : x; }

static void ref_f1600(uint64_t a[25])
{
    /* rho offsets r[x][y] */
    static const unsigned r[5][5] = {{0, 36, 3, 41, 18}, {1, 44, 10, 45, 2}, {62, 6, 43, 15, 61},
                                     {28, 55, 25, 21, 56}, {27, 20, 39, 8, 14}};
    for (int round = 0; round < 24; round++) {
        uint64_t c[5], b[25];
        for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++) a[x + 5 * y] ^= c[(x + 4) % 5] ^ rol(c[(x + 1) % 5], 1);
        for (int x = 0; x < 5; x++) /* pi: B[y, 2x+3y] = rot(A[x, y]) */
            for (int y = 0; y < 5; y++) b[y + 5 * ((2 * x + 3 * y) % 5)] = rol(a[x + 5 * y], r[x][y]);
        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++)
                a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
        a[0] ^= RC[round];
    }
}

static void ref_keccak256(const uint8_t *d, size_t len, uint8_t out[32])
{
    uint64_t s[25] = {0};
    uint8_t blk[136];
    for (;;) {
        size_t k = len < 136 ? len : 136;
        memset(blk, 0, sizeof blk);
        memcpy(blk, d, k);
        if (k < 136) {
            blk[k] ^= 0x01;
            blk[135] ^= 0x80;
        }
        for (int i = 0; i < 17; i++)
            for (int b = 0; b < 8; b++) s[i] ^= (uint64_t)blk[8 * i + b] << (8 * b);
        ref_f1600(s);
        if (k < 136) break;
        d += 136;
        len -= 136;
    }
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(s[i / 8] >> (8 * (i % 8)));
}

static void test_permutations(void)
{
    /* keccak-f[1600] of the zero state (the Keccak team's intermediate values) */
    uint64_t z[25] = {0};
    zki_keccak_f1600(z);
    ZT_CHECK(z[0] == 0xF1258F7940E1DDE7ULL && z[1] == 0x84D5CCF933C0478AULL && z[2] == 0xD598261EA65AA9EEULL &&
             z[3] == 0xBD1547306F80494DULL);
    uint64_t zr[25] = {0};
    ref_f1600(zr);
    ZT_CHECK(memcmp(z, zr, sizeof z) == 0);

    /* every length 0..420 (around 136, 272 and 408) and random ones up to 1200, against the loop version */
    static uint8_t buf[1200];
    int bad = 0, n = 0;
    for (size_t len = 0; len <= 420; len++, n++) {
        zt_rand_bytes(buf, len);
        uint8_t a[32], b[32];
        zki_keccak256(buf, len, a);
        ref_keccak256(buf, len, b);
        bad += memcmp(a, b, 32) != 0;
    }
    for (int i = 0; i < zt_iters(500, 50); i++, n++) {
        size_t len = (size_t)(zt_rand64() % sizeof buf);
        zt_rand_bytes(buf, len);
        uint8_t a[32], b[32];
        zki_keccak256(buf, len, a);
        ref_keccak256(buf, len, b);
        bad += memcmp(a, b, 32) != 0;
    }
    ZT_CHECK_MSG(bad == 0, "%d of %d lengths differ from the loop version", bad, n);

    /* eight at once equals eight single permutations, vector and portable */
    bad = 0;
    for (int it = 0; it < zt_iters(200, 20); it++) {
        uint64_t x[25][8], y[25][8], one[8][25];
        zt_rand_bytes((uint8_t *)x, sizeof x);
        if (it == 0) memset(x, 0, sizeof x);
        memcpy(y, x, sizeof x);
        for (int j = 0; j < 8; j++)
            for (int i = 0; i < 25; i++) one[j][i] = x[i][j];
        zki_keccak_f1600x8(x);
        zki_keccak_f1600x8_portable(y);
        for (int j = 0; j < 8; j++) {
            ref_f1600(one[j]);
            for (int i = 0; i < 25; i++) bad += (x[i][j] != one[j][i]) + (y[i][j] != one[j][i]);
        }
    }
    ZT_CHECK_MSG(bad == 0, "eight-way permutation (%s) differs in %d lanes",
                 zki_keccak_f1600x8_vector() ? "AVX-512" : "portable", bad);
    printf("# eight-way keccak-f[1600]: %s\n", zki_keccak_f1600x8_vector() ? "AVX-512" : "portable");
}

int main(void)
{
    test_permutations();
    known("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    known("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    known("The quick brown fox jumps over the lazy dog",
          "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
    /* Function selector transfer(address,uint256) = a9059cbb */
    known("transfer(address,uint256)", "a9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b");

    /* Argument checks. */
    uint8_t out[32];
    memset(out, 0xaa, sizeof out);
    ZT_CHECK_STATUS(zks_keccak256(NULL, 1, out), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(out, 32));
    ZT_CHECK_STATUS(zks_keccak256(NULL, 0, out), ZKS_OK);
    ZT_CHECK_HEX(out, 32, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    ZT_CHECK_STATUS(zks_keccak256((const uint8_t *)"a", 1, NULL), ZKS_ERR_INVALID_ARG);

    /* Incremental with random split points equals one-shot. */
    static uint8_t buf[1200];
    int n = zt_iters(300, 30);
    for (int i = 0; i < n; i++) {
        size_t len = (size_t)(zt_rand64() % sizeof buf);
        zt_rand_bytes(buf, len);
        uint8_t a[32], b[32];
        zki_keccak256(buf, len, a);
        zki_keccak_ctx c;
        zki_keccak_init(&c);
        size_t off = 0;
        while (off < len) {
            size_t step = (size_t)(zt_rand64() % 300);
            if (step > len - off) step = len - off;
            zki_keccak_update(&c, buf + off, step);
            off += step;
        }
        zki_keccak_update(&c, buf, 0);
        zki_keccak_final(&c, b);
        ZT_CHECK(memcmp(a, b, 32) == 0);
    }

    /* Differential vs ethers: lengths 0..600 at random plus every length around the rate. */
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        ZT_END();
    }
    int total = zt_iters(2000, 60);
    int batch = 100;
    static char hexbuf[2 * 601 + 1];
    static uint8_t data[100][601];
    static size_t lens[100];
    static const size_t edge[] = {0, 1, 134, 135, 136, 137, 271, 272, 273, 408, 600};
    int done = 0;
    while (done < total) {
        int m = total - done < batch ? total - done : batch;
        for (int k = 0; k < m; k++) {
            int idx = done + k;
            size_t len = idx < (int)(sizeof edge / sizeof edge[0]) ? edge[idx] : (size_t)(zt_rand64() % 601);
            lens[k] = len;
            zt_rand_bytes(data[k], len);
            zt_hex(hexbuf, data[k], len);
            zo_sendf("{\"op\":\"keccak256\",\"data\":\"%s\"}", hexbuf);
        }
        for (int k = 0; k < m; k++) {
            cJSON *r = zo_recv();
            const char *want = zo_ok_str(r);
            uint8_t got[32];
            ZT_CHECK_STATUS(zks_keccak256(data[k], lens[k], got), ZKS_OK);
            if (want) ZT_CHECK_HEX(got, 32, want);
            else ZT_CHECK_MSG(0, "oracle error for len %zu", lens[k]);
            cJSON_Delete(r);
        }
        done += m;
    }
    zo_stop();
    ZT_END();
}
