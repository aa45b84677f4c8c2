/* BIP-39: the word list, the published TREZOR vectors, bad inputs, generation,
 * and differential runs against ethers 5.7.2 (entropy <-> mnemonic, seeds). */
#include <sodium.h>

#include "harness.h"
#include "internal.h"
#include "oracle.h"
#include "eth/eth.h"

static cJSON *load_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return cJSON_Parse(buf);
}

static void test_wordlist(void)
{
    crypto_hash_sha256_state st;
    uint8_t h[32];
    crypto_hash_sha256_init(&st);
    for (int i = 0; i < 2048; i++) {
        size_t n = strlen(zki_bip39_english[i]);
        ZT_CHECK(n >= 3 && n <= 8);
        crypto_hash_sha256_update(&st, (const uint8_t *)zki_bip39_english[i], n);
        crypto_hash_sha256_update(&st, (const uint8_t *)"\n", 1);
        if (i > 0) ZT_CHECK(strcmp(zki_bip39_english[i - 1], zki_bip39_english[i]) < 0);
    }
    crypto_hash_sha256_final(&st, h);
    ZT_CHECK_HEX(h, 32, "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
}

static void test_published(void)
{
    cJSON *root = load_json("tests/vectors/bip39_vectors.json");
    ZT_CHECK_MSG(root != NULL, "tests/vectors/bip39_vectors.json missing");
    if (!root) return;
    cJSON *list = cJSON_GetObjectItem(root, "english");
    int count = 0, limit = zt_iters(1000, 4); /* seeds cost a PBKDF2 each */
    cJSON *v;
    cJSON_ArrayForEach(v, list) {
        const char *ent_hex = cJSON_GetArrayItem(v, 0)->valuestring;
        const char *mn = cJSON_GetArrayItem(v, 1)->valuestring;
        const char *seed_hex = cJSON_GetArrayItem(v, 2)->valuestring;
        uint8_t ent[32], got[32], seed[64];
        size_t ent_len = zt_unhex(ent, sizeof ent, ent_hex), n = 0;
        char text[ZKS_BIP39_MNEMONIC_MAX_CHARS + 1];
        ZT_CHECK_STATUS(zks_bip39_entropy_to_mnemonic(ent, ent_len, text, sizeof text, &n), ZKS_OK);
        ZT_CHECK_STR(text, mn);
        ZT_CHECK(n == strlen(mn));
        ZT_CHECK_STATUS(zks_bip39_mnemonic_to_entropy(mn, got, sizeof got, &n), ZKS_OK);
        ZT_CHECK(n == ent_len && memcmp(got, ent, n) == 0);
        ZT_CHECK_STATUS(zks_bip39_validate(mn), ZKS_OK);
        if (count++ < limit) {
            ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(mn, "TREZOR", seed), ZKS_OK);
            ZT_CHECK_HEX(seed, 64, seed_hex);
        }
    }
    ZT_CHECK(count == 24);
    cJSON_Delete(root);
}

static void test_bad(void)
{
    static const struct { const char *m; zks_status want; } bad[] = {
        {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", ZKS_OK},
        {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", ZKS_ERR_CHECKSUM},
        {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abou", ZKS_ERR_INVALID_MNEMONIC},
        {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abouts", ZKS_ERR_INVALID_MNEMONIC},
        {"Abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", ZKS_ERR_INVALID_MNEMONIC},
        {" abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", ZKS_ERR_INVALID_MNEMONIC},
        {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about ", ZKS_ERR_INVALID_MNEMONIC},
        {"abandon  abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", ZKS_ERR_INVALID_MNEMONIC},
        {"abandon\tabandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", ZKS_ERR_INVALID_MNEMONIC},
        {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", ZKS_ERR_INVALID_MNEMONIC},
        {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", ZKS_ERR_INVALID_MNEMONIC},
        {"abandonabandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", ZKS_ERR_INVALID_MNEMONIC},
        {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon ab\xc3\xa9out", ZKS_ERR_INVALID_MNEMONIC},
        {"", ZKS_ERR_INVALID_MNEMONIC},
        {" ", ZKS_ERR_INVALID_MNEMONIC},
        {"zoo", ZKS_ERR_INVALID_MNEMONIC},
        {"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo", ZKS_ERR_INVALID_MNEMONIC},
        {"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote", ZKS_OK},
        {"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo", ZKS_ERR_CHECKSUM},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t ent[32];
        size_t n = 99;
        memset(ent, 0xaa, sizeof ent);
        zks_status st = zks_bip39_mnemonic_to_entropy(bad[i].m, ent, sizeof ent, &n);
        ZT_CHECK_MSG(st == bad[i].want, "case %zu: got %d want %d", i, st, bad[i].want);
        ZT_CHECK_STATUS(zks_bip39_validate(bad[i].m), bad[i].want);
        if (st != ZKS_OK) ZT_CHECK(n == 0 && zt_all_zero(ent, sizeof ent));
    }
    /* A 300-character string is refused before any parsing. */
    char longm[300];
    memset(longm, 'a', sizeof longm - 1);
    longm[sizeof longm - 1] = 0;
    ZT_CHECK_STATUS(zks_bip39_validate(longm), ZKS_ERR_INVALID_MNEMONIC);

    uint8_t ent[32], seed[64];
    size_t n;
    char text[ZKS_BIP39_MNEMONIC_MAX_CHARS + 1];
    const char *ok12 = bad[0].m;
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_entropy(ok12, ent, 15, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 0 && zt_all_zero(ent, 15));
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_entropy(NULL, ent, 32, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_entropy(ok12, NULL, 32, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_entropy(ok12, ent, 32, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_bip39_validate(NULL), ZKS_ERR_INVALID_ARG);
    memset(ent, 0, sizeof ent);
    static const size_t bad_len[] = {0, 12, 15, 17, 33, 36, 64};
    for (size_t i = 0; i < sizeof bad_len / sizeof bad_len[0]; i++) {
        memset(text, 'x', sizeof text);
        ZT_CHECK_STATUS(zks_bip39_entropy_to_mnemonic(ent, bad_len[i], text, sizeof text, &n), ZKS_ERR_INVALID_LENGTH);
        ZT_CHECK(n == 0 && zt_all_zero(text, sizeof text));
    }
    ZT_CHECK_STATUS(zks_bip39_entropy_to_mnemonic(ent, 16, text, strlen(ok12), &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 0 && zt_all_zero(text, strlen(ok12)));
    ZT_CHECK_STATUS(zks_bip39_entropy_to_mnemonic(ent, 16, text, strlen(ok12) + 1, &n), ZKS_OK);
    ZT_CHECK_STR(text, ok12);
    ZT_CHECK_STATUS(zks_bip39_entropy_to_mnemonic(NULL, 16, text, sizeof text, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_bip39_entropy_to_mnemonic(ent, 16, NULL, sizeof text, &n), ZKS_ERR_INVALID_ARG);

    memset(seed, 0xaa, 64);
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(bad[1].m, "", seed), ZKS_ERR_CHECKSUM);
    ZT_CHECK(zt_all_zero(seed, 64));
    memset(seed, 0xaa, 64);
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(ok12, "caf\xc3\xa9", seed), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(seed, 64));
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(NULL, "", seed), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(ok12, "", NULL), ZKS_ERR_INVALID_ARG);
    /* NULL passphrase = "" (BIP-39 test seed of the all-zero entropy without passphrase). */
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(ok12, NULL, seed), ZKS_OK);
    ZT_CHECK_HEX(seed, 64, "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4");
    zki_alloc_fail_after(1);
    ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(ok12, NULL, seed), ZKS_ERR_NOMEM);
    ZT_CHECK(zt_all_zero(seed, 64));
    zki_alloc_fail_after(0);

    /* Generation: every word count, valid, and two runs differ. */
    for (size_t w = 12; w <= 24; w += 3) {
        char a[ZKS_BIP39_MNEMONIC_MAX_CHARS + 1], b[ZKS_BIP39_MNEMONIC_MAX_CHARS + 1];
        size_t na, nb;
        ZT_CHECK_STATUS(zks_bip39_generate(w, a, sizeof a, &na), ZKS_OK);
        ZT_CHECK_STATUS(zks_bip39_generate(w, b, sizeof b, &nb), ZKS_OK);
        ZT_CHECK(strcmp(a, b) != 0);
        ZT_CHECK_STATUS(zks_bip39_validate(a), ZKS_OK);
        ZT_CHECK_STATUS(zks_bip39_mnemonic_to_entropy(a, ent, sizeof ent, &n), ZKS_OK);
        ZT_CHECK(n == w * 4 / 3);
        size_t spaces = 0;
        for (size_t i = 0; i < na; i++) spaces += a[i] == ' ';
        ZT_CHECK(spaces == w - 1);
    }
    static const size_t bad_words[] = {0, 11, 13, 27};
    for (size_t i = 0; i < sizeof bad_words / sizeof bad_words[0]; i++)
        ZT_CHECK_STATUS(zks_bip39_generate(bad_words[i], text, sizeof text, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_bip39_generate(24, text, 20, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 0 && zt_all_zero(text, 20));
}

static void rand_passphrase(char *out, size_t cap)
{
    static const char cs[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&'()*+,-./:;<=>?@[]^_`{|}~";
    size_t n = (size_t)(zt_rand64() % 3 == 0 ? 0 : zt_rand64() % (cap - 1));
    for (size_t i = 0; i < n; i++) out[i] = cs[zt_rand64() % (sizeof cs - 1)];
    out[n] = 0;
}

static void test_differential(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        return;
    }
    enum { BATCH = 50 };
    int total = zt_iters(600, 10);
    static uint8_t ents[BATCH][32];
    static size_t lens[BATCH];
    static char pass[BATCH][40], mns[BATCH][ZKS_BIP39_MNEMONIC_MAX_CHARS + 1], bad_mns[BATCH][ZKS_BIP39_MNEMONIC_MAX_CHARS + 1];
    char ehex[65];
    for (int done = 0; done < total; done += BATCH) {
        for (int k = 0; k < BATCH; k++) {
            lens[k] = 16 + 4 * (size_t)(zt_rand64() % 5);
            zt_rand_bytes(ents[k], lens[k]);
            rand_passphrase(pass[k], sizeof pass[k]);
            size_t n;
            if (zks_bip39_entropy_to_mnemonic(ents[k], lens[k], mns[k], sizeof mns[k], &n) != ZKS_OK) mns[k][0] = 0;
            /* A variant with one word replaced by a random list word (usually a bad checksum). */
            char *words[24];
            char tmp[ZKS_BIP39_MNEMONIC_MAX_CHARS + 1];
            strcpy(tmp, mns[k]);
            size_t nw = 0;
            for (char *t = strtok(tmp, " "); t && nw < 24; t = strtok(NULL, " ")) words[nw++] = t;
            size_t pos = (size_t)(zt_rand64() % nw);
            bad_mns[k][0] = 0;
            for (size_t i = 0; i < nw; i++) {
                if (i) strcat(bad_mns[k], " ");
                strcat(bad_mns[k], i == pos ? zki_bip39_english[zt_rand64() % 2048] : words[i]);
            }
            zt_hex(ehex, ents[k], lens[k]);
            zo_sendf("{\"op\":\"bip39_from_entropy\",\"entropy\":\"%s\"}", ehex);
            zo_sendf("{\"op\":\"bip39_seed\",\"mnemonic\":\"%s\",\"passphrase\":\"%s\"}", mns[k], pass[k]);
            zo_sendf("{\"op\":\"bip39_to_entropy\",\"mnemonic\":\"%s\"}", bad_mns[k]);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r1 = zo_recv(), *r2 = zo_recv(), *r3 = zo_recv();
            const char *wm = zo_ok_str(r1), *wseed = zo_ok_str(r2), *went = zo_ok_str(r3);
            ZT_CHECK(wm != NULL && strcmp(wm, mns[k]) == 0);
            uint8_t seed[64], ent[32];
            size_t n = 0;
            ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(mns[k], pass[k], seed), ZKS_OK);
            ZT_CHECK(wseed != NULL);
            if (wseed) ZT_CHECK_HEX(seed, 64, wseed);
            zks_status st = zks_bip39_mnemonic_to_entropy(bad_mns[k], ent, sizeof ent, &n);
            ZT_CHECK_MSG((st == ZKS_OK) == (went != NULL), "'%s': ours %d, ethers %s", bad_mns[k], st,
                         went ? went : "error");
            if (went && st == ZKS_OK) ZT_CHECK_HEX(ent, n, went);
            if (!went) ZT_CHECK(st == ZKS_ERR_CHECKSUM);
            cJSON_Delete(r1);
            cJSON_Delete(r2);
            cJSON_Delete(r3);
        }
    }
    zo_stop();
}

int main(void)
{
    test_wordlist();
    test_published();
    test_bad();
    test_differential();
    ZT_END();
}
