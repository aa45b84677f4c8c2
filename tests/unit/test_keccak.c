/* Keccak-256: known vectors, incremental API against one-shot, argument checks,
 * and a differential run against ethers 5.7.2 utils.keccak256. */
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

int main(void)
{
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
