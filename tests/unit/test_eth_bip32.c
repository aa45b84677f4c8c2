/* BIP-32: published test vectors 1 and 2 (xprv/xpub serialised here in the
 * test), path parsing, bad inputs, and mnemonic -> seed -> key -> address at
 * random paths against ethers 5.7.2 HDNode. */
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

/* Base58Check of 78 bytes (test-only helper). */
static void base58check(char *out, const uint8_t payload[78])
{
    static const char alpha[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    uint8_t buf[82], h[32];
    memcpy(buf, payload, 78);
    crypto_hash_sha256(h, payload, 78);
    crypto_hash_sha256(h, h, 32);
    memcpy(buf + 78, h, 4);
    uint8_t digits[120];
    size_t nd = 0;
    for (size_t i = 0; i < sizeof buf; i++) {
        unsigned carry = buf[i];
        for (size_t j = 0; j < nd; j++) {
            carry += (unsigned)digits[j] << 8;
            digits[j] = (uint8_t)(carry % 58);
            carry /= 58;
        }
        while (carry) {
            digits[nd++] = (uint8_t)(carry % 58);
            carry /= 58;
        }
    }
    size_t o = 0;
    for (size_t i = 0; i < sizeof buf && buf[i] == 0; i++) out[o++] = '1';
    while (nd) out[o++] = alpha[digits[--nd]];
    out[o] = 0;
}

static void serialize(const zki_bip32_node *n, int priv, char *out)
{
    uint8_t p[78];
    static const uint8_t vpriv[4] = {0x04, 0x88, 0xad, 0xe4}, vpub[4] = {0x04, 0x88, 0xb2, 0x1e};
    memcpy(p, priv ? vpriv : vpub, 4);
    p[4] = n->depth;
    memcpy(p + 5, n->parent_fingerprint, 4);
    p[9] = (uint8_t)(n->child_number >> 24);
    p[10] = (uint8_t)(n->child_number >> 16);
    p[11] = (uint8_t)(n->child_number >> 8);
    p[12] = (uint8_t)n->child_number;
    memcpy(p + 13, n->chain_code, 32);
    if (priv) {
        p[45] = 0;
        memcpy(p + 46, n->key, 32);
    } else if (zki_bip32_pubkey(n->key, p + 45) != ZKS_OK) {
        memset(p + 45, 0, 33);
    }
    base58check(out, p);
}

static void test_published(void)
{
    cJSON *root = load_json("tests/vectors/bip32_vectors.json");
    ZT_CHECK_MSG(root != NULL, "tests/vectors/bip32_vectors.json missing");
    if (!root) return;
    cJSON *v;
    int count = 0;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(root, "vectors")) {
        uint8_t seed[64];
        size_t seed_len = zt_unhex(seed, sizeof seed, cJSON_GetObjectItem(v, "seed")->valuestring);
        cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(v, "chains")) {
            const char *path = cJSON_GetArrayItem(c, 0)->valuestring;
            const char *xpub = cJSON_GetArrayItem(c, 1)->valuestring;
            const char *xprv = cJSON_GetArrayItem(c, 2)->valuestring;
            uint32_t idx[16];
            size_t n = 0;
            ZT_CHECK_STATUS((zks_status)zki_bip32_parse_path(path, idx, 16, &n), ZKS_OK);
            zki_bip32_node node;
            ZT_CHECK_STATUS((zks_status)zki_bip32_master(seed, seed_len, &node), ZKS_OK);
            for (size_t i = 0; i < n; i++) ZT_CHECK_STATUS((zks_status)zki_bip32_child(&node, idx[i]), ZKS_OK);
            char s[120];
            serialize(&node, 1, s);
            ZT_CHECK_STR(s, xprv);
            serialize(&node, 0, s);
            ZT_CHECK_STR(s, xpub);
            uint8_t key[32];
            ZT_CHECK_STATUS(zks_eth_privkey_from_seed(seed, seed_len, path, key), ZKS_OK);
            ZT_CHECK(memcmp(key, node.key, 32) == 0);
            count++;
        }
    }
    ZT_CHECK(count == 12);
    cJSON_Delete(root);
}

static void test_paths(void)
{
    static const struct { const char *path; zks_status want; size_t n; uint32_t last; } p[] = {
        {"m", ZKS_OK, 0, 0},
        {"m/0", ZKS_OK, 1, 0},
        {"m/44'/60'/0'/0/0", ZKS_OK, 5, 0},
        {"m/44h/60h/0h/0/7", ZKS_OK, 5, 7},
        {"m/44H/60'/0h", ZKS_OK, 3, 0x80000000u},
        {"m/2147483647'", ZKS_OK, 1, 0xffffffffu},
        {"m/2147483647", ZKS_OK, 1, 0x7fffffffu},
        {"m/2147483648", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/2147483648'", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/99999999999999999999", ZKS_ERR_INVALID_PATH, 0, 0},
        {"", ZKS_ERR_INVALID_PATH, 0, 0},
        {"M/0", ZKS_ERR_INVALID_PATH, 0, 0},
        {"/0", ZKS_ERR_INVALID_PATH, 0, 0},
        {"0/1", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m//0", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/0/", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/01", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/-1", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/+1", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/1''", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/1x", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/ 1", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m/1 ", ZKS_ERR_INVALID_PATH, 0, 0},
        {"m0", ZKS_ERR_INVALID_PATH, 0, 0},
        {"mm/0", ZKS_ERR_INVALID_PATH, 0, 0},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        uint32_t idx[8];
        size_t n = 99;
        zks_status st = (zks_status)zki_bip32_parse_path(p[i].path, idx, 8, &n);
        ZT_CHECK_MSG(st == p[i].want, "path '%s': got %d want %d", p[i].path, st, p[i].want);
        if (st == ZKS_OK) ZT_CHECK(n == p[i].n && (n == 0 || idx[n - 1] == p[i].last));
        else ZT_CHECK(n == 0);
    }
    /* Depth: 255 levels are fine, 256 are not. */
    static char deep[2000];
    strcpy(deep, "m");
    for (int i = 0; i < 256; i++) strcat(deep, "/1");
    uint8_t seed[16] = {1}, key[32];
    memset(key, 0xaa, 32);
    ZT_CHECK_STATUS(zks_eth_privkey_from_seed(seed, 16, deep, key), ZKS_ERR_INVALID_PATH);
    ZT_CHECK(zt_all_zero(key, 32));
    deep[strlen(deep) - 2] = 0;
    ZT_CHECK_STATUS(zks_eth_privkey_from_seed(seed, 16, deep, key), ZKS_OK);
}

static void test_bad(void)
{
    uint8_t seed[65] = {0}, key[32];
    const char *mn = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    memset(key, 0xaa, 32);
    ZT_CHECK_STATUS(zks_eth_privkey_from_seed(seed, 15, NULL, key), ZKS_ERR_INVALID_LENGTH);
    ZT_CHECK(zt_all_zero(key, 32));
    ZT_CHECK_STATUS(zks_eth_privkey_from_seed(seed, 65, NULL, key), ZKS_ERR_INVALID_LENGTH);
    ZT_CHECK_STATUS(zks_eth_privkey_from_seed(NULL, 16, NULL, key), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_privkey_from_seed(seed, 16, NULL, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_privkey_from_seed(seed, 16, "m/x", key), ZKS_ERR_INVALID_PATH);
    ZT_CHECK_STATUS(zks_eth_privkey_from_mnemonic(NULL, NULL, NULL, key), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_privkey_from_mnemonic(mn, NULL, NULL, NULL), ZKS_ERR_INVALID_ARG);
    memset(key, 0xaa, 32);
    ZT_CHECK_STATUS(zks_eth_privkey_from_mnemonic(mn, NULL, "m/44'/60'/0'/0/01", key), ZKS_ERR_INVALID_PATH);
    ZT_CHECK(zt_all_zero(key, 32));
    memset(key, 0xaa, 32);
    ZT_CHECK_STATUS(zks_eth_privkey_from_mnemonic("abandon about", NULL, NULL, key), ZKS_ERR_INVALID_MNEMONIC);
    ZT_CHECK(zt_all_zero(key, 32));
    /* The well-known "abandon ... about" account 0 (ethers, MetaMask). */
    ZT_CHECK_STATUS(zks_eth_privkey_from_mnemonic(mn, NULL, NULL, key), ZKS_OK);
    ZT_CHECK_HEX(key, 32, "1ab42cc412b618bdea3a599e3c9bae199ebf030895b039e9db1e30dafb12b727");
    uint8_t addr[20];
    char text[43];
    ZT_CHECK_STATUS(zks_eth_address_from_privkey(key, addr), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_address_to_checksum(addr, text), ZKS_OK);
    ZT_CHECK_STR(text, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94");
    ZT_CHECK_STATUS(zks_eth_privkey_from_mnemonic(mn, "", ZKS_ETH_DEFAULT_PATH, key), ZKS_OK);
    ZT_CHECK_HEX(key, 32, "1ab42cc412b618bdea3a599e3c9bae199ebf030895b039e9db1e30dafb12b727");
}

static void rand_path(char *out)
{
    int depth = (int)(zt_rand64() % 7);
    if (zt_rand64() % 3 == 0) {
        sprintf(out, "m/44'/60'/0'/0/%u", (unsigned)(zt_rand64() % 100));
        return;
    }
    strcpy(out, "m");
    for (int i = 0; i < depth; i++) {
        uint32_t v = (uint32_t)(zt_rand64() % 4 == 0 ? zt_rand64() % 0x80000000u : zt_rand64() % 20);
        const char *suffix = zt_rand64() % 2 ? "'" : "";
        sprintf(out + strlen(out), "/%u%s", (unsigned)v, suffix);
    }
}

static void test_differential(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        return;
    }
    enum { BATCH = 50 };
    int total = zt_iters(500, 10);
    static char mns[BATCH][ZKS_BIP39_MNEMONIC_MAX_CHARS + 1], paths[BATCH][200], pass[BATCH][16];
    static uint8_t seeds[BATCH][64];
    for (int done = 0; done < total; done += BATCH) {
        for (int k = 0; k < BATCH; k++) {
            size_t n;
            if (zks_bip39_generate(12 + 3 * (size_t)(zt_rand64() % 5), mns[k], sizeof mns[k], &n) != ZKS_OK)
                mns[k][0] = 0;
            rand_path(paths[k]);
            if (k % 2) sprintf(pass[k], "p%u", (unsigned)(zt_rand64() % 1000));
            else pass[k][0] = 0;
            zo_sendf("{\"op\":\"hd_from_mnemonic\",\"mnemonic\":\"%s\",\"passphrase\":\"%s\",\"path\":\"%s\"}", mns[k],
                     pass[k], paths[k]);
            /* Random raw seeds of 16..64 bytes go through HDNode.fromSeed. */
            size_t sl = 16 + (size_t)(zt_rand64() % 49);
            zt_rand_bytes(seeds[k], 64);
            seeds[k][63] = (uint8_t)sl; /* keep the length with the seed */
            char shex[129];
            zt_hex(shex, seeds[k], sl);
            zo_sendf("{\"op\":\"hd_from_seed\",\"seed\":\"%s\",\"path\":\"%s\"}", shex, paths[k]);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r1 = zo_recv(), *r2 = zo_recv();
            cJSON *ok1 = cJSON_GetObjectItem(r1, "ok"), *ok2 = cJSON_GetObjectItem(r2, "ok");
            const char *wkey = cJSON_GetStringValue(cJSON_GetObjectItem(ok1, "key"));
            const char *waddr = cJSON_GetStringValue(cJSON_GetObjectItem(ok1, "address"));
            const char *wkey2 = cJSON_GetStringValue(cJSON_GetObjectItem(ok2, "key"));
            uint8_t key[32], addr[20];
            char text[43];
            ZT_CHECK_STATUS(zks_eth_privkey_from_mnemonic(mns[k], pass[k], paths[k], key), ZKS_OK);
            ZT_CHECK_MSG(wkey != NULL && waddr != NULL, "oracle failed on '%s' %s", mns[k], paths[k]);
            if (wkey) ZT_CHECK_HEX(key, 32, wkey);
            ZT_CHECK_STATUS(zks_eth_address_from_privkey(key, addr), ZKS_OK);
            ZT_CHECK_STATUS(zks_eth_address_to_checksum(addr, text), ZKS_OK);
            if (waddr) ZT_CHECK_STR(text, waddr);
            size_t sl = seeds[k][63];
            ZT_CHECK_STATUS(zks_eth_privkey_from_seed(seeds[k], sl, paths[k], key), ZKS_OK);
            ZT_CHECK(wkey2 != NULL);
            if (wkey2) ZT_CHECK_HEX(key, 32, wkey2);
            cJSON_Delete(r1);
            cJSON_Delete(r2);
        }
    }
    zo_stop();
}

int main(void)
{
    test_published();
    test_paths();
    test_bad();
    test_differential();
    ZT_END();
}
