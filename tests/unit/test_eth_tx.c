/* Ethereum transactions: known vectors, bad inputs, and random legacy and
 * EIP-1559 transactions signed against ethers 5.7.2 (raw bytes, hash, signing
 * hash), decoded back with sender recovery. */
#include "harness.h"
#include "internal.h"
#include "oracle.h"
#include "eth/eth.h"

static const char *KEY1 = "0101010101010101010101010101010101010101010101010101010101010101";

static void known(void)
{
    uint8_t key[32], raw[512], hash[32];
    size_t n = 0;
    zt_unhex(key, 32, KEY1);
    zks_eth_tx tx = ZKS_ETH_TX_INIT;
    tx.type = ZKS_ETH_TX_EIP1559;
    tx.chain_id = 9;
    tx.nonce = 1;
    tx.gas_limit = 21000;
    tx.max_fee_per_gas = "100";
    tx.max_priority_fee_per_gas = "1";
    tx.has_to = 1;
    memset(tx.to, 0x19, 20);
    tx.value = "1000";
    /* From ethers 5.7.2 Wallet.signTransaction (tests/oracle op eth_tx_sign). */
    ZT_CHECK_STATUS(zks_eth_tx_sign(&tx, key, raw, sizeof raw, &n, hash), ZKS_OK);
    ZT_CHECK_HEX(raw, n, "02f864090101648252089419191919191919191919191919191919191919198203e880c001a096792768638d6b7334e49c6df14d61b8ce3858e688c8b400bd9d166a2eccc379a03bd3ed5e8ce2baa16eda5b9602df550ba0ccea12414c46362aac5243b4c1bf89");
    ZT_CHECK_HEX(hash, 32, "2bb415a32efe70881d9e17fe9b9827740f683dddc6b6966c80818ed6d16948f6");
    uint8_t sh[32];
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&tx, sh), ZKS_OK);
    ZT_CHECK_HEX(sh, 32, "232c7a28fad6506b9fb26a3dadefe7d210f8f3eb2e1f6df75b0aa2d7f45a23ff");

    /* EIP-155 example: nonce 9, 20 gwei, 21000 gas, to 0x3535..35, 1 ether, chain 1, key 0x4646..46. */
    zks_eth_tx l = ZKS_ETH_TX_INIT;
    l.type = ZKS_ETH_TX_LEGACY;
    l.chain_id = 1;
    l.nonce = 9;
    l.gas_price = "20000000000";
    l.gas_limit = 21000;
    l.has_to = 1;
    memset(l.to, 0x35, 20);
    l.value = "1000000000000000000";
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&l, sh), ZKS_OK);
    ZT_CHECK_HEX(sh, 32, "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    memset(key, 0x46, 32);
    ZT_CHECK_STATUS(zks_eth_tx_sign(&l, key, raw, sizeof raw, &n, NULL), ZKS_OK);
    ZT_CHECK_HEX(raw, n, "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");

    /* Decode it back. */
    zks_eth_tx_info info;
    info.struct_size = sizeof info;
    ZT_CHECK_STATUS(zks_eth_tx_decode(raw, n, &info), ZKS_OK);
    ZT_CHECK(info.type == 0 && info.chain_id == 1 && info.nonce == 9 && info.gas_limit == 21000 && info.has_to);
    ZT_CHECK_STR(info.gas_price, "20000000000");
    ZT_CHECK_STR(info.value, "1000000000000000000");
    ZT_CHECK_STR(info.max_fee_per_gas, "");
    ZT_CHECK_HEX(info.from, 20, "9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
    ZT_CHECK(info.data == NULL && info.data_len == 0);
}

static void bad_inputs(void)
{
    uint8_t key[32], raw[512], hash[32], sh[32];
    size_t n = 77;
    zt_unhex(key, 32, KEY1);
    zks_eth_tx tx = ZKS_ETH_TX_INIT;
    tx.max_fee_per_gas = "100";
    ZT_CHECK_STATUS(zks_eth_tx_sign(&tx, key, raw, sizeof raw, &n, hash), ZKS_OK);
    size_t need = n;
    memset(raw, 0xaa, sizeof raw);
    ZT_CHECK_STATUS(zks_eth_tx_sign(&tx, key, raw, need - 1, &n, hash), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == need && zt_all_zero(raw, need - 1) && zt_all_zero(hash, 32));
    ZT_CHECK_STATUS(zks_eth_tx_sign(&tx, key, NULL, 0, &n, NULL), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == need);

    static const char *bad_amounts[] = {"", "-1", "1.5", "0x10", " 1", "1e18", "abc",
        "115792089237316195423570985008687907853269984665640564039457584007913129639936"};
    for (size_t i = 0; i < sizeof bad_amounts / sizeof bad_amounts[0]; i++) {
        zks_eth_tx t = ZKS_ETH_TX_INIT;
        t.value = bad_amounts[i];
        memset(sh, 0xaa, 32);
        ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&t, sh), ZKS_ERR_INVALID_AMOUNT);
        ZT_CHECK(zt_all_zero(sh, 32));
        t.value = NULL;
        t.max_fee_per_gas = bad_amounts[i];
        ZT_CHECK_STATUS(zks_eth_tx_sign(&t, key, raw, sizeof raw, &n, hash), ZKS_ERR_INVALID_AMOUNT);
        ZT_CHECK(n == 0 && zt_all_zero(raw, sizeof raw));
        t.type = ZKS_ETH_TX_LEGACY;
        t.max_fee_per_gas = NULL;
        t.gas_price = bad_amounts[i];
        ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&t, sh), ZKS_ERR_INVALID_AMOUNT);
    }
    zks_eth_tx t = ZKS_ETH_TX_INIT;
    t.chain_id = 0;
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&t, sh), ZKS_ERR_INVALID_TX);
    t = (zks_eth_tx)ZKS_ETH_TX_INIT;
    t.type = 1;
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&t, sh), ZKS_ERR_UNSUPPORTED);
    t = (zks_eth_tx)ZKS_ETH_TX_INIT;
    t.struct_size = 8;
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&t, sh), ZKS_ERR_INVALID_ARG);
    t = (zks_eth_tx)ZKS_ETH_TX_INIT;
    t.data_len = 3;
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&t, sh), ZKS_ERR_INVALID_ARG);
    t = (zks_eth_tx)ZKS_ETH_TX_INIT;
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(NULL, sh), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&t, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_tx_sign(&t, NULL, raw, sizeof raw, &n, hash), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_tx_sign(&t, key, raw, sizeof raw, NULL, hash), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_tx_sign(&t, key, NULL, 10, &n, hash), ZKS_ERR_INVALID_ARG);
    memset(key, 0, 32);
    ZT_CHECK_STATUS(zks_eth_tx_sign(&t, key, raw, sizeof raw, &n, hash), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(n == 0 && zt_all_zero(raw, sizeof raw) && zt_all_zero(hash, 32));

    /* encode_signed: v and s checks. */
    uint8_t sig[65];
    zt_unhex(key, 32, KEY1);
    ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&t, sh), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_personal_sign(key, sh, 32, sig), ZKS_OK); /* any valid low-s signature */
    sig[64] = 1;
    ZT_CHECK_STATUS(zks_eth_tx_encode_signed(&t, sig, raw, sizeof raw, &n, hash), ZKS_OK);
    sig[64] = 28;
    uint8_t raw2[512];
    size_t n2;
    ZT_CHECK_STATUS(zks_eth_tx_encode_signed(&t, sig, raw2, sizeof raw2, &n2, NULL), ZKS_OK);
    ZT_CHECK(n == n2 && memcmp(raw, raw2, n) == 0);
    sig[64] = 2;
    ZT_CHECK_STATUS(zks_eth_tx_encode_signed(&t, sig, raw, sizeof raw, &n, hash), ZKS_ERR_SIGNATURE_MALFORMED);
    ZT_CHECK(n == 0 && zt_all_zero(raw, sizeof raw));
    sig[64] = 0;
    memset(sig + 32, 0xff, 32);
    ZT_CHECK_STATUS(zks_eth_tx_encode_signed(&t, sig, raw, sizeof raw, &n, hash), ZKS_ERR_SIGNATURE_MALFORMED);
    memset(sig + 32, 0, 32);
    sig[63] = 1;
    memset(sig, 0, 32);
    ZT_CHECK_STATUS(zks_eth_tx_encode_signed(&t, sig, raw, sizeof raw, &n, hash), ZKS_ERR_SIGNATURE_MALFORMED);
    /* high s (n - 1) is refused (EIP-2) */
    zt_unhex(sig, 64, "0000000000000000000000000000000000000000000000000000000000000001"
                      "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");
    ZT_CHECK_STATUS(zks_eth_tx_encode_signed(&t, sig, raw, sizeof raw, &n, hash), ZKS_ERR_SIGNATURE_MALFORMED);

    /* Decoder rejects. */
    static const struct { const char *hex; zks_status want; } d[] = {
        {"", ZKS_ERR_PARSE},
        {"01c0", ZKS_ERR_UNSUPPORTED},          /* EIP-2930 */
        {"03c0", ZKS_ERR_UNSUPPORTED},
        {"80", ZKS_ERR_PARSE},
        {"c0", ZKS_ERR_PARSE},
        {"02c0", ZKS_ERR_PARSE},
        /* legacy with v = 27 (pre-EIP-155) */
        {"f85f800182520894353535353535353535353535353535353535353580801ba028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83", ZKS_ERR_UNSUPPORTED},
        /* the EIP-155 example with one trailing byte */
        {"f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d8300", ZKS_ERR_PARSE},
        /* with a 19-byte to */
        {"f86b098504a817c8008252089335353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83", ZKS_ERR_PARSE},
    };
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
        uint8_t in[300];
        size_t len = zt_unhex(in, sizeof in, d[i].hex);
        zks_eth_tx_info info;
        info.struct_size = sizeof info;
        memset(info.from, 0xaa, 20);
        zks_status st = zks_eth_tx_decode(in, len, &info);
        ZT_CHECK_MSG(st == d[i].want, "decode case %zu: got %d want %d", i, st, d[i].want);
        ZT_CHECK(zt_all_zero(info.from, 20) && info.struct_size == sizeof info);
    }
    zks_eth_tx_info info;
    info.struct_size = 4;
    ZT_CHECK_STATUS(zks_eth_tx_decode(raw, 1, &info), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_tx_decode(raw, 1, NULL), ZKS_ERR_INVALID_ARG);
}

static void rand_dec(char *out, int max_bits)
{
    uint8_t be[32];
    zki_u256 v;
    int bits = (int)(zt_rand64() % (uint64_t)(max_bits + 1));
    zt_rand_bytes(be, 32);
    for (int i = 0; i < 256 - bits; i++) be[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
    zki_u256_from_be(&v, be, 32);
    zki_u256_to_dec(out, &v);
}

static void differential(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        return;
    }
    enum { BATCH = 50 };
    int total = zt_iters(1000, 12); /* half legacy, half EIP-1559 */
    static zks_eth_tx txs[BATCH];
    static uint8_t keys[BATCH][32], datas[BATCH][300];
    static char amts[BATCH][4][80];
    char khex[65], dhex[601], thex[41];
    for (int done = 0; done < total; done += BATCH) {
        for (int k = 0; k < BATCH; k++) {
            zks_eth_tx *t = &txs[k];
            *t = (zks_eth_tx)ZKS_ETH_TX_INIT;
            do zt_rand_bytes(keys[k], 32);
            while (keys[k][0] == 0xff);
            t->type = k % 2 ? ZKS_ETH_TX_EIP1559 : ZKS_ETH_TX_LEGACY;
            t->chain_id = zt_rand64() % 2 ? 1 + zt_rand64() % 20 : 1 + zt_rand64() % (1ULL << 48);
            t->nonce = zt_rand64() % 3 ? zt_rand64() % 1000 : zt_rand64() % (1ULL << 53);
            t->gas_limit = zt_rand64() % 2 ? 21000 : zt_rand64() >> (zt_rand64() % 64);
            rand_dec(amts[k][0], 256);
            rand_dec(amts[k][1], 80);
            rand_dec(amts[k][2], 80);
            rand_dec(amts[k][3], 256);
            t->value = amts[k][0];
            t->gas_price = amts[k][1];
            t->max_priority_fee_per_gas = amts[k][2];
            t->max_fee_per_gas = amts[k][1];
            if (t->type == ZKS_ETH_TX_EIP1559) t->gas_price = NULL;
            else t->max_priority_fee_per_gas = t->max_fee_per_gas = NULL;
            t->has_to = zt_rand64() % 8 != 0;
            zt_rand_bytes(t->to, 20);
            t->data_len = zt_rand64() % 3 ? zt_rand64() % 300 : 0;
            zt_rand_bytes(datas[k], t->data_len);
            t->data = datas[k];
            zt_hex(khex, keys[k], 32);
            zt_hex(dhex, datas[k], t->data_len);
            zt_hex(thex, t->to, 20);
            char to_json[50];
            if (t->has_to) sprintf(to_json, "\"%s\"", thex);
            else strcpy(to_json, "null");
            zo_sendf("{\"op\":\"eth_tx_sign\",\"key\":\"%s\",\"tx\":{\"type\":%u,\"chainId\":%llu,\"nonce\":%llu,"
                     "\"gasLimit\":\"%llu\",\"gasPrice\":\"%s\",\"maxFeePerGas\":\"%s\",\"maxPriorityFeePerGas\":\"%s\","
                     "\"to\":%s,\"value\":\"%s\",\"data\":\"%s\"}}",
                     khex, t->type, (unsigned long long)t->chain_id, (unsigned long long)t->nonce,
                     (unsigned long long)t->gas_limit, amts[k][1], amts[k][1], amts[k][2], to_json, t->value, dhex);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r = zo_recv();
            cJSON *ok = cJSON_GetObjectItem(r, "ok");
            const char *wraw = cJSON_GetStringValue(cJSON_GetObjectItem(ok, "raw"));
            const char *whash = cJSON_GetStringValue(cJSON_GetObjectItem(ok, "hash"));
            const char *wsh = cJSON_GetStringValue(cJSON_GetObjectItem(ok, "sighash"));
            ZT_CHECK_MSG(wraw && whash && wsh, "oracle: %s", cJSON_GetStringValue(cJSON_GetObjectItem(r, "err")));
            static uint8_t raw[1024];
            uint8_t hash[32], sh[32];
            size_t n = 0;
            ZT_CHECK_STATUS(zks_eth_tx_sign(&txs[k], keys[k], raw, sizeof raw, &n, hash), ZKS_OK);
            ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&txs[k], sh), ZKS_OK);
            if (wraw && whash && wsh) {
                ZT_CHECK_HEX(raw, n, wraw);
                ZT_CHECK_HEX(hash, 32, whash);
                ZT_CHECK_HEX(sh, 32, wsh);
            }
            /* Round trip through the decoder. */
            zks_eth_tx_info info;
            info.struct_size = sizeof info;
            uint8_t addr[20];
            ZT_CHECK_STATUS(zks_eth_tx_decode(raw, n, &info), ZKS_OK);
            ZT_CHECK_STATUS(zks_eth_address_from_privkey(keys[k], addr), ZKS_OK);
            ZT_CHECK(memcmp(info.from, addr, 20) == 0 && memcmp(info.hash, hash, 32) == 0);
            ZT_CHECK(info.type == txs[k].type && info.chain_id == txs[k].chain_id && info.nonce == txs[k].nonce &&
                     info.gas_limit == txs[k].gas_limit && info.has_to == txs[k].has_to &&
                     info.data_len == txs[k].data_len &&
                     (info.data_len == 0 || memcmp(info.data, txs[k].data, info.data_len) == 0));
            ZT_CHECK_STR(info.value, txs[k].value);
            if (txs[k].type == ZKS_ETH_TX_LEGACY) ZT_CHECK_STR(info.gas_price, txs[k].gas_price);
            else ZT_CHECK_STR(info.max_priority_fee_per_gas, txs[k].max_priority_fee_per_gas);
            /* A flipped byte must never decode to the same sender and hash. */
            raw[zt_rand64() % n] ^= 0x01;
            if (zks_eth_tx_decode(raw, n, &info) == ZKS_OK) ZT_CHECK(memcmp(info.hash, hash, 32) != 0);
            cJSON_Delete(r);
        }
    }
    zo_stop();
}

int main(void)
{
    known();
    bad_inputs();
    differential();
    ZT_END();
}
