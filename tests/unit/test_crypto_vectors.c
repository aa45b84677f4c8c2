/* Committed reference vectors (tests/vectors/crypto.json, made by
 * tests/vectors/gen_crypto.js from zksync-crypto 0.6.2): seeds of every length
 * 32..100, keys near r and small keys, messages of 0, 1, 91 and 92 bytes and
 * all-0xff, pubKeyHash of arbitrary encodings, verify of tampered signatures. */
#include "harness.h"

#include <cjson/cJSON.h>

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf) buf[n] = 0;
    fclose(f);
    return buf;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int main(void)
{
    char *text = read_file("tests/vectors/crypto.json");
    ZT_CHECK_MSG(text != NULL, "tests/vectors/crypto.json missing");
    if (!text) ZT_END();
    cJSON *root = cJSON_Parse(text);
    free(text);
    ZT_CHECK(root != NULL);
    if (!root) ZT_END();

    uint8_t seed[128], sk[32], out[96], h[20], msg[92], sig[96];
    char hexbuf[200];
    int n_seed = 0, n_key = 0, n_sig = 0, n_hash = 0, n_ver = 0;
    const cJSON *it;
    /* Sanitizer and valgrind runs (ZKS_QUICK) check every 8th signature and verify case. */
    int stride = zt_iters(1, 8), idx = 0;

    cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "seeds")) {
        size_t len = zt_unhex(seed, sizeof seed, str(it, "seed"));
        ZT_CHECK_STATUS(zks_privkey_from_seed(seed, len, sk), ZKS_OK);
        ZT_CHECK_HEX(sk, 32, str(it, "sk"));
        n_seed++;
    }

    cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "keys")) {
        zt_unhex(sk, 32, str(it, "sk"));
        ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, out), ZKS_OK);
        ZT_CHECK_HEX(out, 32, str(it, "pub"));
        ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(sk, h), ZKS_OK);
        ZT_CHECK_HEX(h, 20, str(it, "hash"));
        ZT_CHECK_STATUS(zks_pubkey_hash(out, h), ZKS_OK);
        ZT_CHECK_HEX(h, 20, str(it, "hash"));
        const cJSON *s;
        cJSON_ArrayForEach(s, cJSON_GetObjectItem(it, "sigs")) {
            if (idx++ % stride) continue;
            size_t len = zt_unhex(msg, sizeof msg, str(s, "msg"));
            ZT_CHECK_STATUS(zks_musig_sign(sk, msg, len, out), ZKS_OK);
            ZT_CHECK_HEX(out, 96, str(s, "sig"));
            ZT_CHECK_STATUS(zks_musig_verify(msg, len, out), ZKS_OK);
            n_sig++;
        }
        n_key++;
    }

    cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "pubkey_hash")) {
        uint8_t pub[32];
        zt_unhex(pub, 32, str(it, "pub"));
        const char *want = str(it, "hash");
        zks_status st = zks_pubkey_hash(pub, h);
        if (want) {
            ZT_CHECK_STATUS(st, ZKS_OK);
            ZT_CHECK_HEX(h, 20, want);
        } else {
            ZT_CHECK_STATUS(st, ZKS_ERR_INVALID_POINT);
            ZT_CHECK(zt_all_zero(h, 20));
        }
        n_hash++;
    }

    cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "verify")) {
        if (idx++ % stride) continue;
        size_t len = zt_unhex(msg, sizeof msg, str(it, "msg"));
        zt_unhex(sig, 96, str(it, "sig"));
        const cJSON *r = cJSON_GetObjectItem(it, "result");
        zks_status want = cJSON_IsTrue(r) ? ZKS_OK
                        : cJSON_IsFalse(r) ? ZKS_ERR_SIGNATURE_INVALID : ZKS_ERR_SIGNATURE_MALFORMED;
        zks_status got = zks_musig_verify(msg, len, sig);
        zt_hex(hexbuf, sig, 96);
        ZT_CHECK_MSG(got == want, "verify %s: got %d want %d", hexbuf, (int)got, (int)want);
        n_ver++;
    }
    printf("crypto.json: %d seeds, %d keys, %d signatures, %d pubkey hashes, %d verify cases\n", n_seed,
           n_key, n_sig, n_hash, n_ver);
    ZT_CHECK(n_seed >= 69 && n_key >= 30 && n_sig >= 100 / stride && n_hash >= 40 && n_ver >= 300 / stride);
    cJSON_Delete(root);
    ZT_END();
}
