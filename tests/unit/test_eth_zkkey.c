/* zkSync keys from an Ethereum key or signature (crypto.md 3.3, 8.3-8.5) and a
 * differential run against zksync.js Signer.fromETHSignature. */
#include "harness.h"
#include "internal.h"
#include "oracle.h"

static const char *KEY1 = "0101010101010101010101010101010101010101010101010101010101010101";

int main(void)
{
    static const struct { uint64_t chain; const char *sig, *sk, *pkh; } v[] = {
        {1, "18ffe9d51f0c3aaab26fb8acbf8370242f27ee6b89944780cd547019fee9bb7e431cfbacb6ff6adcd4283eac9632e644ed7f4c08b887fd603dd563c0bde36da51c",
         "042ceda2335a81681bf7bf2ad62962408ea93432425b7778c497e7da18472922", "99121ab1f147434b18406cd173113ad3035bf760"},
        {9, "a78bc56467e82a33b7e79661ca8f2f694c167c7e0fc81d13e111cf738396a3f7687b74244bbe3275ea858a8e4e3b90d0ebdb836a5707a75cca87ef9a593f2f351b",
         "052ffd2a7a52fe604a8df567e4775de087192f7a00c97bd395c565449395be5f", "12097b8af3cefde1596cbe5c151e143ccadabb1a"},
        {5, "f39c2ab8174a8546cc6eb5fb1d76390c36d3620b3cf1cb8e571cfefaec1581d2747d0d01b52371b91f2765825886881afb9e06facc8fea70fa3a4cb62d6d572a1b",
         "05d26020e1360816209727b7b3cd4282963a899c22bed998d017d1f08ab5ccd5", "e53e076f6a5ee6a2d9b97790878ff4c727ab7fdd"},
    };
    uint8_t key[32], sk[32], sig[65], pub[32], pkh[20];
    zt_unhex(key, 32, KEY1);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        ZT_CHECK_STATUS(zks_privkey_from_eth_privkey(key, v[i].chain, sk), ZKS_OK);
        ZT_CHECK_HEX(sk, 32, v[i].sk);
        zt_unhex(sig, 65, v[i].sig);
        ZT_CHECK_STATUS(zks_privkey_from_eth_signature(sig, sk), ZKS_OK);
        ZT_CHECK_HEX(sk, 32, v[i].sk);
        sig[64] = (uint8_t)(sig[64] - 27); /* v as 0/1 gives the same key */
        ZT_CHECK_STATUS(zks_privkey_from_eth_signature(sig, sk), ZKS_OK);
        ZT_CHECK_HEX(sk, 32, v[i].sk);
        ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pub), ZKS_OK);
        ZT_CHECK_STATUS(zks_pubkey_hash(pub, pkh), ZKS_OK);
        ZT_CHECK_HEX(pkh, 20, v[i].pkh);
    }
    /* Bad inputs. */
    memset(sk, 0xaa, 32);
    ZT_CHECK_STATUS(zks_privkey_from_eth_privkey(key, 0, sk), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(sk, 32));
    ZT_CHECK_STATUS(zks_privkey_from_eth_privkey(NULL, 1, sk), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_privkey_from_eth_privkey(key, 1, NULL), ZKS_ERR_INVALID_ARG);
    memset(key, 0, 32);
    memset(sk, 0xaa, 32);
    ZT_CHECK_STATUS(zks_privkey_from_eth_privkey(key, 1, sk), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(sk, 32));
    zt_unhex(sig, 65, v[0].sig);
    static const uint8_t bad_v[] = {2, 26, 29, 37, 255};
    for (size_t i = 0; i < sizeof bad_v; i++) {
        sig[64] = bad_v[i];
        memset(sk, 0xaa, 32);
        ZT_CHECK_STATUS(zks_privkey_from_eth_signature(sig, sk), ZKS_ERR_SIGNATURE_MALFORMED);
        ZT_CHECK(zt_all_zero(sk, 32));
    }
    /* Every v byte (the masked normalisation): only 0/1/27/28 are accepted,
     * 0/1 give the keys of 27/28. */
    {
        uint8_t want[2][32];
        sig[64] = 27;
        ZT_CHECK_STATUS(zks_privkey_from_eth_signature(sig, want[0]), ZKS_OK);
        sig[64] = 28;
        ZT_CHECK_STATUS(zks_privkey_from_eth_signature(sig, want[1]), ZKS_OK);
        ZT_CHECK(memcmp(want[0], want[1], 32) != 0);
        for (unsigned vb = 0; vb < 256; vb++) {
            sig[64] = (uint8_t)vb;
            memset(sk, 0xaa, 32);
            zks_status st = zks_privkey_from_eth_signature(sig, sk);
            int ok_v = vb == 0 || vb == 1 || vb == 27 || vb == 28;
            ZT_CHECK_MSG(st == (ok_v ? ZKS_OK : ZKS_ERR_SIGNATURE_MALFORMED), "v=%u st=%d", vb, st);
            if (ok_v) ZT_CHECK_MSG(memcmp(sk, want[vb == 1 || vb == 28], 32) == 0, "v=%u key", vb);
            else ZT_CHECK(zt_all_zero(sk, 32));
        }
    }
    ZT_CHECK_STATUS(zks_privkey_from_eth_signature(NULL, sk), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_privkey_from_eth_signature(sig, NULL), ZKS_ERR_INVALID_ARG);

    /* Differential: random Ethereum keys and chain ids vs zksync.js. */
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        ZT_END();
    }
    enum { BATCH = 25 };
    int total = zt_iters(100, 4);
    static uint8_t keys[BATCH][32];
    static uint64_t chains[BATCH];
    char khex[65], pkhhex[41];
    for (int done = 0; done < total; done += BATCH) {
        for (int k = 0; k < BATCH; k++) {
            do zt_rand_bytes(keys[k], 32);
            while (keys[k][0] == 0xff);
            static const uint64_t common[] = {1, 5, 9, 11155111, 280, 324};
            chains[k] = k < 6 ? common[k] : 1 + zt_rand64() % 100000000;
            zt_hex(khex, keys[k], 32);
            zo_sendf("{\"op\":\"zk_from_eth\",\"key\":\"%s\",\"chainId\":%llu}", khex, (unsigned long long)chains[k]);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r = zo_recv();
            cJSON *ok = cJSON_GetObjectItem(r, "ok");
            const char *wsig = cJSON_GetStringValue(cJSON_GetObjectItem(ok, "sig"));
            const char *wsk = cJSON_GetStringValue(cJSON_GetObjectItem(ok, "sk"));
            const char *wpkh = cJSON_GetStringValue(cJSON_GetObjectItem(ok, "pkh"));
            ZT_CHECK(wsig && wsk && wpkh);
            if (wsig && wsk && wpkh) {
                char msg[128];
                size_t n;
                ZT_CHECK_STATUS(zks_eth_login_message(chains[k], msg, sizeof msg, &n), ZKS_OK);
                ZT_CHECK_STATUS(zks_eth_personal_sign(keys[k], (const uint8_t *)msg, n, sig), ZKS_OK);
                ZT_CHECK_HEX(sig, 65, wsig);
                ZT_CHECK_STATUS(zks_privkey_from_eth_privkey(keys[k], chains[k], sk), ZKS_OK);
                ZT_CHECK_HEX(sk, 32, wsk);
                ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pub), ZKS_OK);
                ZT_CHECK_STATUS(zks_pubkey_hash(pub, pkh), ZKS_OK);
                zt_hex(pkhhex, pkh, 20);
                ZT_CHECK(strncmp(wpkh, "sync:", 5) == 0 && strcmp(wpkh + 5, pkhhex) == 0);
            }
            cJSON_Delete(r);
        }
    }
    zo_stop();
    ZT_END();
}
