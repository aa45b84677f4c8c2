/* Ethereum keys and signatures: spec vectors (crypto.md 8.3-8.5, vectors-sample.json),
 * argument checks, and differential runs against ethers 5.7.2. */
#include "harness.h"
#include "internal.h"
#include "oracle.h"
#include "util/u256.h"

static const char *KEY1 = "0101010101010101010101010101010101010101010101010101010101010101";

static void test_vectors(void)
{
    uint8_t key[32], addr[20], sig[65], back[20];
    char text[43];
    zt_unhex(key, 32, KEY1);
    ZT_CHECK_STATUS(zks_eth_address_from_privkey(key, addr), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_address_to_checksum(addr, text), ZKS_OK);
    ZT_CHECK_STR(text, "0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1");
    zt_unhex(key, 32, "0202020202020202020202020202020202020202020202020202020202020202");
    ZT_CHECK_STATUS(zks_eth_address_from_privkey(key, addr), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_address_to_checksum(addr, text), ZKS_OK);
    ZT_CHECK_STR(text, "0x5050A4F4b3f9338C3472dcC01A87C76A144b3c9c");

    /* Login messages and their personal_sign signatures (crypto.md 3.3, 8.3-8.5). */
    static const struct { uint64_t chain; const char *sig; } login[] = {
        {1, "18ffe9d51f0c3aaab26fb8acbf8370242f27ee6b89944780cd547019fee9bb7e431cfbacb6ff6adcd4283eac9632e644ed7f4c08b887fd603dd563c0bde36da51c"},
        {9, "a78bc56467e82a33b7e79661ca8f2f694c167c7e0fc81d13e111cf738396a3f7687b74244bbe3275ea858a8e4e3b90d0ebdb836a5707a75cca87ef9a593f2f351b"},
        {5, "f39c2ab8174a8546cc6eb5fb1d76390c36d3620b3cf1cb8e571cfefaec1581d2747d0d01b52371b91f2765825886881afb9e06facc8fea70fa3a4cb62d6d572a1b"},
    };
    zt_unhex(key, 32, KEY1);
    for (size_t i = 0; i < sizeof login / sizeof login[0]; i++) {
        char msg[128];
        size_t n = 0;
        ZT_CHECK_STATUS(zks_eth_login_message(login[i].chain, msg, sizeof msg, &n), ZKS_OK);
        ZT_CHECK(n == strlen(msg));
        ZT_CHECK_STATUS(zks_eth_personal_sign(key, (const uint8_t *)msg, n, sig), ZKS_OK);
        ZT_CHECK_HEX(sig, 65, login[i].sig);
        ZT_CHECK_STATUS(zks_eth_personal_recover((const uint8_t *)msg, n, sig, back), ZKS_OK);
        zt_unhex(addr, 20, "1a642f0E3c3aF545E7AcBD38b07251B3990914F1");
        ZT_CHECK(memcmp(back, addr, 20) == 0);
    }
    char msg[128];
    size_t n = 0;
    ZT_CHECK_STATUS(zks_eth_login_message(1, msg, sizeof msg, &n), ZKS_OK);
    ZT_CHECK(n == 68);
    ZT_CHECK_HEX((const uint8_t *)msg, n,
                 "416363657373207a6b53796e63206163636f756e742e0a0a4f6e6c79207369676e2074686973206d65737361676520666f722061207472757374656420636c69656e7421");
    ZT_CHECK_STATUS(zks_eth_login_message(9, msg, sizeof msg, &n), ZKS_OK);
    ZT_CHECK(n == 81 && memcmp(msg + 68, "\nChain ID: 9.", 13) == 0);
    ZT_CHECK_STATUS(zks_eth_login_message(18446744073709551615ULL, msg, sizeof msg, &n), ZKS_OK);
    ZT_CHECK(n == 68 + 11 + 20 + 1);
    ZT_CHECK(n < 120);
    ZT_CHECK_STATUS(zks_eth_login_message(9, msg, 81, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 0 && zt_all_zero(msg, 81));
    memset(msg, 0x41, sizeof msg);
    ZT_CHECK_STATUS(zks_eth_login_message(0, msg, sizeof msg, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(n == 0 && zt_all_zero(msg, sizeof msg)); /* the whole buffer, not just msg[0] */
    ZT_CHECK_STATUS(zks_eth_login_message(1, NULL, 10, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_login_message(1, msg, sizeof msg, NULL), ZKS_ERR_INVALID_ARG);

    /* Transaction messages from vectors-sample.json. */
    static const struct { const char *msg, *sig; } txm[] = {
        {"Transfer 1.5 ETH to: 0x1919191919191919191919191919191919191919\nFee: 0.0001 ETH\nNonce: 7",
         "115ff7ae01d802900af2cfaedc54c95ad3da24e068a7a9cdfbc0c94c246f918d45ce5898c5224315a79f54b7d48498ee82493c58a99857610f5fa34c791fa5621c"},
        {"Nonce: 9",
         "3440b103f55d42a43280b48c6d5321e6da5397becbbbe62359d7235b083d2dc869b105af310de38591e2e26d4ee2cf5dc8b5a177ef05692de416e831287b36271c"},
        {"Swap fee: 0.000001 ETH\nNonce: 18",
         "a05f2e487d0f00d6ead7286e07ba193ca3b203a9f45eda16ba5860118ac7f22545e587fa6de5a15e200b06b7ae7ca39895c55758dd28ff65919709dd226083761c"},
    };
    for (size_t i = 0; i < sizeof txm / sizeof txm[0]; i++) {
        ZT_CHECK_STATUS(zks_eth_personal_sign(key, (const uint8_t *)txm[i].msg, strlen(txm[i].msg), sig), ZKS_OK);
        ZT_CHECK_HEX(sig, 65, txm[i].sig);
    }
    /* ChangePubKey ethAuthData: personal_sign over the 60 raw bytes. */
    uint8_t cpk[60];
    zt_unhex(cpk, 60, "99121ab1f147434b18406cd173113ad3035bf760000000000000002a0000000000000000000000000000000000000000000000000000000000000000");
    ZT_CHECK_STATUS(zks_eth_personal_sign(key, cpk, 60, sig), ZKS_OK);
    ZT_CHECK_HEX(sig, 65, "34fcd29f7d5233a069bfe72ee6d32c1c6b50f0d0e310c8a3072adefc829d14204605f2fcb68071750692ed4bd68e216f360f860d196067b26db84515d5094cd31c");
}

static void test_bad_inputs(void)
{
    uint8_t key[32], addr[20], sig[65];
    char text[43];
    /* Key 0 and key >= n. */
    memset(key, 0, 32);
    memset(addr, 0xaa, 20);
    ZT_CHECK_STATUS(zks_eth_address_from_privkey(key, addr), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(addr, 20));
    zt_unhex(key, 32, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    memset(sig, 0xaa, 65);
    ZT_CHECK_STATUS(zks_eth_personal_sign(key, (const uint8_t *)"x", 1, sig), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(sig, 65));
    zt_unhex(key, 32, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"); /* n-1 is valid */
    ZT_CHECK_STATUS(zks_eth_address_from_privkey(key, addr), ZKS_OK);
    /* NULLs. */
    ZT_CHECK_STATUS(zks_eth_address_from_privkey(NULL, addr), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(addr, 20));
    ZT_CHECK_STATUS(zks_eth_address_from_privkey(key, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_personal_sign(key, NULL, 1, sig), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_personal_sign(key, NULL, 0, sig), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_personal_sign(NULL, NULL, 0, sig), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(sig, 65));
    ZT_CHECK_STATUS(zks_eth_personal_sign(key, NULL, 0, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_personal_recover(NULL, 1, sig, addr), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_personal_recover(NULL, 0, NULL, addr), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_personal_recover(NULL, 0, sig, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_address_to_checksum(NULL, text), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_address_to_checksum(addr, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_address_parse(NULL, addr), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_address_parse("0x1a642f0e3c3af545e7acbd38b07251b3990914f1", NULL), ZKS_ERR_INVALID_ARG);

    /* Recover: bad v, r = 0, s >= n. */
    zt_unhex(key, 32, KEY1);
    ZT_CHECK_STATUS(zks_eth_personal_sign(key, (const uint8_t *)"hi", 2, sig), ZKS_OK);
    uint8_t bad[65];
    static const uint8_t bad_v[] = {2, 3, 26, 29, 35, 36, 255};
    for (size_t i = 0; i < sizeof bad_v; i++) {
        memcpy(bad, sig, 65);
        bad[64] = bad_v[i];
        memset(addr, 0xaa, 20);
        ZT_CHECK_STATUS(zks_eth_personal_recover((const uint8_t *)"hi", 2, bad, addr), ZKS_ERR_SIGNATURE_MALFORMED);
        ZT_CHECK(zt_all_zero(addr, 20));
    }
    memcpy(bad, sig, 65);
    memset(bad, 0, 32);
    ZT_CHECK_STATUS(zks_eth_personal_recover((const uint8_t *)"hi", 2, bad, addr), ZKS_ERR_SIGNATURE_MALFORMED);
    memcpy(bad, sig, 65);
    memset(bad + 32, 0xff, 32);
    ZT_CHECK_STATUS(zks_eth_personal_recover((const uint8_t *)"hi", 2, bad, addr), ZKS_ERR_SIGNATURE_MALFORMED);
    /* A high-s twin (r, n - s, other recid) is accepted and recovers the same
     * address, as in ethers (recover does not enforce low s). */
    {
        zki_u256 nn, ss;
        uint8_t nbe[32];
        zt_unhex(nbe, 32, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
        zki_u256_from_be(&nn, nbe, 32);
        zki_u256_from_be(&ss, sig + 32, 32);
        ZT_CHECK(zki_u256_sub(&ss, &nn, &ss) == 0);
        memcpy(bad, sig, 65);
        ZT_CHECK(zki_u256_to_be(bad + 32, 32, &ss) == 0);
        bad[64] = (uint8_t)(55 - sig[64]); /* 27 <-> 28 */
        uint8_t h1[20], h2[20];
        ZT_CHECK_STATUS(zks_eth_personal_recover((const uint8_t *)"hi", 2, bad, h1), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_personal_recover((const uint8_t *)"hi", 2, sig, h2), ZKS_OK);
        ZT_CHECK(memcmp(h1, h2, 20) == 0);
    }
    /* v = 0/1 is accepted as 27/28. */
    memcpy(bad, sig, 65);
    bad[64] = (uint8_t)(sig[64] - 27);
    uint8_t a1[20], a2[20];
    ZT_CHECK_STATUS(zks_eth_personal_recover((const uint8_t *)"hi", 2, bad, a1), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_address_from_privkey(key, a2), ZKS_OK);
    ZT_CHECK(memcmp(a1, a2, 20) == 0);

    /* Address parsing. */
    static const struct { const char *text; zks_status want; } p[] = {
        {"0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1", ZKS_OK},
        {"0x1a642f0e3c3af545e7acbd38b07251b3990914f1", ZKS_OK},
        {"0x1A642F0E3C3AF545E7ACBD38B07251B3990914F1", ZKS_OK},
        {"0x1a642f0E3c3aF545E7AcBD38b07251B3990914f1", ZKS_ERR_CHECKSUM},
        {"0x1A642f0E3c3aF545E7AcBD38b07251B3990914F1", ZKS_ERR_CHECKSUM},
        {"1a642f0E3c3aF545E7AcBD38b07251B3990914F1", ZKS_ERR_INVALID_ADDRESS},
        {"0X1a642f0e3c3af545e7acbd38b07251b3990914f1", ZKS_ERR_INVALID_ADDRESS},
        {"0x1a642f0e3c3af545e7acbd38b07251b3990914f", ZKS_ERR_INVALID_ADDRESS},
        {"0x1a642f0e3c3af545e7acbd38b07251b3990914f12", ZKS_ERR_INVALID_ADDRESS},
        {"0x1a642f0e3c3af545e7acbd38b07251b3990914g1", ZKS_ERR_INVALID_ADDRESS},
        {"0x1a642f0e3c3af545e7acbd38b07251b3990914 1", ZKS_ERR_INVALID_ADDRESS},
        {"", ZKS_ERR_INVALID_ADDRESS},
        {"0x", ZKS_ERR_INVALID_ADDRESS},
        {"sync:1a642f0e3c3af545e7acbd38b07251b3990914f1", ZKS_ERR_INVALID_ADDRESS},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        memset(addr, 0xaa, 20);
        zks_status st = zks_eth_address_parse(p[i].text, addr);
        ZT_CHECK_MSG(st == p[i].want, "parse %s: got %d want %d", p[i].text, st, p[i].want);
        if (st == ZKS_OK) ZT_CHECK_HEX(addr, 20, "1a642f0e3c3af545e7acbd38b07251b3990914f1");
        else ZT_CHECK(zt_all_zero(addr, 20));
    }
}

/* Random secp256k1 key below n (a random 256-bit value is >= n with probability ~2^-128). */
static void rand_key(uint8_t key[32])
{
    do zt_rand_bytes(key, 32);
    while (key[0] == 0xff);
}

static void test_differential(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        return;
    }
    enum { BATCH = 50 };
    int total = zt_iters(600, 20);
    static uint8_t keys[BATCH][32], msgs[BATCH][200], sigs[BATCH][65], addrs[BATCH][20];
    static size_t lens[BATCH];
    char khex[65], mhex[401], shex[131], ahex[41];
    for (int done = 0; done < total; done += BATCH) {
        /* 1. address, personal_sign, recover of a mutated message, checksum parse. */
        for (int k = 0; k < BATCH; k++) {
            rand_key(keys[k]);
            lens[k] = (size_t)(zt_rand64() % 200);
            if (k == 0) lens[k] = 0;
            zt_rand_bytes(msgs[k], lens[k]);
            zt_hex(khex, keys[k], 32);
            zt_hex(mhex, msgs[k], lens[k]);
            zo_sendf("{\"op\":\"eth_address\",\"key\":\"%s\"}", khex);
            zo_sendf("{\"op\":\"eth_personal_sign\",\"key\":\"%s\",\"msg\":\"%s\"}", khex, mhex);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r1 = zo_recv(), *r2 = zo_recv();
            const char *want_addr = zo_ok_str(r1), *want_sig = zo_ok_str(r2);
            char text[43];
            ZT_CHECK_STATUS(zks_eth_address_from_privkey(keys[k], addrs[k]), ZKS_OK);
            ZT_CHECK_STATUS(zks_eth_address_to_checksum(addrs[k], text), ZKS_OK);
            ZT_CHECK(want_addr != NULL && strcmp(text, want_addr) == 0);
            ZT_CHECK_STATUS(zks_eth_personal_sign(keys[k], msgs[k], lens[k], sigs[k]), ZKS_OK);
            ZT_CHECK(want_sig != NULL);
            if (want_sig) ZT_CHECK_HEX(sigs[k], 65, want_sig);
            uint8_t back[20];
            ZT_CHECK_STATUS(zks_eth_address_parse(text, back), ZKS_OK);
            ZT_CHECK(memcmp(back, addrs[k], 20) == 0);
            cJSON_Delete(r1);
            cJSON_Delete(r2);
        }
        /* 2. recover over random (sometimes tampered) messages and v = 0/1/27/28;
         *    getAddress on case-flipped text. */
        for (int k = 0; k < BATCH; k++) {
            uint8_t s[65];
            memcpy(s, sigs[k], 65);
            if (k % 3 == 1 && lens[k] > 0) msgs[k][0] ^= 1;
            if (k % 4 == 2) s[64] = (uint8_t)(s[64] - 27);
            memcpy(sigs[k], s, 65);
            zt_hex(mhex, msgs[k], lens[k]);
            zt_hex(shex, s, 65);
            zo_sendf("{\"op\":\"eth_recover\",\"msg\":\"%s\",\"sig\":\"%s\"}", mhex, shex);
            char text[43];
            if (zks_eth_address_to_checksum(addrs[k], text) != ZKS_OK) text[0] = 0;
            int pos = 2 + (int)(zt_rand64() % 40);
            if (text[pos] >= 'a' && text[pos] <= 'f') text[pos] = (char)(text[pos] - 32);
            else if (text[pos] >= 'A' && text[pos] <= 'F') text[pos] = (char)(text[pos] + 32);
            zo_sendf("{\"op\":\"eth_get_address\",\"text\":\"%s\"}", text);
            uint8_t got[20];
            zks_status st = zks_eth_personal_recover(msgs[k], lens[k], sigs[k], got);
            cJSON *r1 = zo_recv(), *r2 = zo_recv();
            const char *want = zo_ok_str(r1);
            ZT_CHECK_STATUS(st, ZKS_OK);
            ZT_CHECK(want != NULL);
            if (want) ZT_CHECK_HEX(got, 20, want + 2);
            const char *want2 = zo_ok_str(r2);
            zks_status pst = zks_eth_address_parse(text, got);
            /* ethers accepts iff the text is the checksum or has no mixed case. */
            ZT_CHECK_MSG((want2 != NULL) == (pst == ZKS_OK), "getAddress %s: ethers %s, ours %d", text,
                         want2 ? "ok" : "err", pst);
            if (want2 && pst == ZKS_OK) {
                zt_hex(ahex, got, 20);
                char lw[41];
                for (int i = 0; i < 40; i++) lw[i] = (char)(want2[2 + i] | ((want2[2 + i] >= 'A') ? 0x20 : 0));
                lw[40] = 0;
                ZT_CHECK_STR(ahex, lw);
            }
            cJSON_Delete(r1);
            cJSON_Delete(r2);
        }
    }
    zo_stop();
}

int main(void)
{
    test_vectors();
    test_bad_inputs();
    test_differential();
    ZT_END();
}
