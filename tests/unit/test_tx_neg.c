/* Bad input for every transaction entry point: typed statuses, zeroed outputs,
 * NULL arguments, struct tags, JSON shapes and sizes, allocation failures. */
#include "harness.h"
#include "test_tx_util.h"
#include "internal.h"

static uint8_t KEY[32];

static zks_transfer base_transfer(void)
{
    zks_transfer t = ZKS_TRANSFER_INIT;
    t.account_id = 42;
    memset(t.from, 0x1a, 20);
    memset(t.to, 0x19, 20);
    t.amount = "1500000000000000000";
    t.fee = "100000000000000";
    t.nonce = 7;
    return t;
}

static zks_status json_status(const char *json)
{
    char *out = (char *)1;
    zks_status st = zks_tx_sign_json(json, KEY, &out);
    if (st == ZKS_OK) zks_free(out);
    else ZT_CHECK_MSG(out == NULL, "output not NULL after status %d", st);
    return st;
}

static void typed(void)
{
    uint8_t buf[ZKS_TX_BYTES_MAX], sig[ZKS_MUSIG_BYTES], h[32];
    char hs[ZKS_TX_HASH_CHARS + 1], msg[512];
    size_t n;
    zks_transfer t = base_transfer();
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_TRANSFER, &t), ZKS_OK);

#define BAD_TRANSFER(field_set, want)                                                                                  \
    do {                                                                                                               \
        zks_transfer b_ = base_transfer();                                                                             \
        field_set;                                                                                                     \
        memset(buf, 0xee, sizeof buf);                                                                                 \
        n = 99;                                                                                                        \
        ZT_CHECK_STATUS(zks_tx_bytes(ZKS_TX_TRANSFER, &b_, buf, sizeof buf, &n), want);                               \
        ZT_CHECK(n == 0 && zt_all_zero(buf, sizeof buf));                                                              \
        memset(sig, 0xee, sizeof sig);                                                                                 \
        ZT_CHECK_STATUS(zks_tx_sign(ZKS_TX_TRANSFER, &b_, KEY, sig), want);                                           \
        ZT_CHECK(zt_all_zero(sig, sizeof sig));                                                                        \
        memset(h, 0xee, sizeof h);                                                                                     \
        ZT_CHECK_STATUS(zks_tx_hash(ZKS_TX_TRANSFER, &b_, h, hs), want);                                              \
        ZT_CHECK(zt_all_zero(h, sizeof h) && hs[0] == '\0');                                                           \
        ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &b_, "ETH", 18, NULL, msg, sizeof msg, &n), want);        \
        ZT_CHECK(msg[0] == '\0' && n == 0);                                                                            \
        char *j_ = (char *)1;                                                                                          \
        ZT_CHECK_STATUS(zks_tx_to_json(ZKS_TX_TRANSFER, &b_, NULL, &j_), want);                                       \
        ZT_CHECK(j_ == NULL);                                                                                          \
    } while (0)

    BAD_TRANSFER(b_.account_id = 1u << 24, ZKS_ERR_INVALID_TX);
    BAD_TRANSFER(b_.token = ZKS_TOKEN_ID_MAX + 1, ZKS_ERR_INVALID_TX);
    BAD_TRANSFER(b_.token = 1024, ZKS_ERR_INVALID_TX); /* nonzero fee in a non-fee token */
    BAD_TRANSFER((b_.token = 65536, b_.fee = "0"), ZKS_ERR_INVALID_TX); /* NFT amount != 1 */
    BAD_TRANSFER((b_.token = 65536, b_.amount = "0", b_.fee = "0"), ZKS_ERR_INVALID_TX);
    BAD_TRANSFER((b_.valid_from = 5, b_.valid_until = 4), ZKS_ERR_INVALID_TX);
    BAD_TRANSFER(memset(b_.to, 0, 20), ZKS_ERR_INVALID_TX);
    BAD_TRANSFER(b_.amount = "1000000000000000001", ZKS_ERR_NOT_PACKABLE);
    BAD_TRANSFER(b_.fee = "2049", ZKS_ERR_NOT_PACKABLE);
    BAD_TRANSFER(b_.amount = "343597383670000000000000000000000000000000", ZKS_ERR_INVALID_AMOUNT);
    BAD_TRANSFER(b_.amount = "1.5", ZKS_ERR_INVALID_AMOUNT);
    BAD_TRANSFER(b_.fee = "-1", ZKS_ERR_INVALID_AMOUNT);
    BAD_TRANSFER(b_.fee = "340282366920938463463374607431768211456", ZKS_ERR_INVALID_AMOUNT);
    BAD_TRANSFER(b_.struct_size = 8, ZKS_ERR_INVALID_ARG);

    /* NULL amount means 0; u64 time range is encoded as given. */
    t.amount = NULL;
    t.fee = NULL;
    t.valid_until = UINT64_MAX;
    ZT_CHECK_STATUS(zks_tx_bytes(ZKS_TX_TRANSFER, &t, buf, sizeof buf, &n), ZKS_OK);
    ZT_CHECK(n == 77);
    ZT_CHECK_HEX(buf + 50, 27, "00000000000000000000070000000000000000ffffffffffffffff");
    t = base_transfer();

    /* Arguments. */
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_TRANSFER, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_check((zks_tx_type)4, &t), ZKS_ERR_UNSUPPORTED);
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_WITHDRAW_NFT, &t), ZKS_ERR_INVALID_ARG); /* struct_size tells them apart */
    ZT_CHECK_STATUS(zks_tx_bytes(ZKS_TX_TRANSFER, &t, NULL, 10, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(n == 0); /* outputs that exist are cleared even when another is NULL */
    memset(buf, 0xaa, sizeof buf);
    ZT_CHECK_STATUS(zks_tx_bytes(ZKS_TX_TRANSFER, &t, buf, sizeof buf, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(buf, sizeof buf));
    memset(hs, 'x', sizeof hs);
    ZT_CHECK_STATUS(zks_tx_hash(ZKS_TX_TRANSFER, &t, NULL, hs), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(hs, sizeof hs));
    {
        size_t ml = 99;
        char mbuf[16];
        memset(mbuf, 'x', sizeof mbuf);
        ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &t, "ETH", 18, NULL, NULL, 16, &ml),
                        ZKS_ERR_INVALID_ARG);
        ZT_CHECK(ml == 0);
        ml = 99;
        ZT_CHECK_STATUS(zks_tx_eth_message_part(ZKS_TX_TRANSFER, &t, "ETH", 18, NULL, 16, &ml),
                        ZKS_ERR_INVALID_ARG);
        ZT_CHECK(ml == 0);
        ml = 99;
        ZT_CHECK_STATUS(zks_batch_eth_message(NULL, 0, 1, mbuf, 0, &ml), ZKS_ERR_INVALID_ARG);
        ZT_CHECK(ml == 0);
        ZT_CHECK_STATUS(zks_batch_eth_message(NULL, 0, 1, mbuf, sizeof mbuf, NULL), ZKS_ERR_INVALID_ARG);
        ZT_CHECK(mbuf[0] == '\0');
    }
    ZT_CHECK_STATUS(zks_tx_bytes(ZKS_TX_TRANSFER, &t, buf, 76, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK_STATUS(zks_tx_sign(ZKS_TX_TRANSFER, &t, NULL, sig), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(sig, sizeof sig));
    ZT_CHECK_STATUS(zks_tx_sign(ZKS_TX_TRANSFER, &t, KEY, NULL), ZKS_ERR_INVALID_ARG);
    uint8_t zero_key[32] = {0};
    ZT_CHECK_STATUS(zks_tx_sign(ZKS_TX_TRANSFER, &t, zero_key, sig), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(sig, sizeof sig));
    ZT_CHECK_STATUS(zks_tx_hash(ZKS_TX_TRANSFER, &t, NULL, hs), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_hash(ZKS_TX_TRANSFER, &t, h, NULL), ZKS_OK);
    ZT_CHECK_STATUS(zks_tx_to_json(ZKS_TX_TRANSFER, &t, NULL, NULL), ZKS_ERR_INVALID_ARG);
    char *j = NULL;
    ZT_CHECK_STATUS(zks_tx_to_json(ZKS_TX_TRANSFER, &t, NULL, &j), ZKS_OK);
    ZT_CHECK(j && strstr(j, "\"signature\":null"));
    zks_free(j);

    /* Ethereum message arguments. */
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &t, NULL, 18, NULL, msg, sizeof msg, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &t, "E\nTH", 18, NULL, msg, sizeof msg, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &t,
                                       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 18, NULL, msg,
                                       sizeof msg, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &t, "ETH", 78, NULL, msg, sizeof msg, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &t, "ETH", 18, NULL, msg, 10, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(msg[0] == '\0');
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &t, "ETH", 18, NULL, msg, sizeof msg, &n), ZKS_OK);
    ZT_CHECK_STR(msg, "Transfer 1.5 ETH to: 0x1919191919191919191919191919191919191919\nFee: 0.0001 ETH\nNonce: 7");
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_TRANSFER, &t, "ETH", 18, NULL, msg, n + 1, &n), ZKS_OK);

    /* Withdraw: full u128 amount; NFT rule. */
    zks_withdraw w = ZKS_WITHDRAW_INIT;
    memset(w.to, 0x19, 20);
    w.amount = "340282366920938463463374607431768211455";
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_WITHDRAW, &w), ZKS_OK);
    w.amount = "340282366920938463463374607431768211456";
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_WITHDRAW, &w), ZKS_ERR_INVALID_AMOUNT);
    w.amount = "2";
    w.token = 70000;
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_WITHDRAW, &w), ZKS_ERR_INVALID_TX);

    /* ChangePubKey: auth type, key must match new_pk_hash. */
    zks_change_pubkey c = ZKS_CHANGE_PUBKEY_INIT;
    uint8_t pub[32];
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(KEY, pub), ZKS_OK);
    ZT_CHECK_STATUS(zks_pubkey_hash(pub, c.new_pk_hash), ZKS_OK);
    ZT_CHECK_STATUS(zks_tx_sign(ZKS_TX_CHANGE_PUBKEY, &c, KEY, sig), ZKS_OK);
    ZT_CHECK(memcmp(sig, pub, 32) == 0);
    c.new_pk_hash[0] ^= 1;
    ZT_CHECK_STATUS(zks_tx_sign(ZKS_TX_CHANGE_PUBKEY, &c, KEY, sig), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(sig, sizeof sig));
    c.auth_type = 3;
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_CHANGE_PUBKEY, &c), ZKS_ERR_INVALID_TX);
    uint8_t m60[60];
    memset(m60, 0xee, 60);
    ZT_CHECK_STATUS(zks_change_pubkey_ecdsa_message(&c, m60), ZKS_ERR_INVALID_TX);
    ZT_CHECK(zt_all_zero(m60, 60));
    ZT_CHECK_STATUS(zks_change_pubkey_ecdsa_message(NULL, m60), ZKS_ERR_INVALID_ARG);
    uint8_t a20[20];
    ZT_CHECK_STATUS(zks_create2_address(NULL, m60, m60, m60, a20), ZKS_ERR_INVALID_ARG);

    /* WithdrawNFT needs an NFT; MintNFT fee token rule. */
    zks_withdraw_nft wn = ZKS_WITHDRAW_NFT_INIT;
    wn.token = 65535;
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_WITHDRAW_NFT, &wn), ZKS_ERR_INVALID_TX);
    wn.token = 65536;
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_WITHDRAW_NFT, &wn), ZKS_OK);
    zks_mint_nft mn = ZKS_MINT_NFT_INIT;
    mn.fee_token = 2000;
    mn.fee = "1";
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_MINT_NFT, &mn), ZKS_ERR_INVALID_TX);
    mn.fee = "0";
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_MINT_NFT, &mn), ZKS_OK);

    /* Orders and swaps. */
    zks_swap s = ZKS_SWAP_INIT;
    s.order_a.ratio_sell = "1329227995784915872903807060280344575"; /* 2^120 - 1 */
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_SWAP, &s), ZKS_OK);
    s.order_a.ratio_sell = "1329227995784915872903807060280344576";
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_SWAP, &s), ZKS_ERR_INVALID_AMOUNT);
    s.order_a.ratio_sell = NULL;
    s.order_b.struct_size = 0;
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_SWAP, &s), ZKS_ERR_INVALID_ARG);
    s.order_b.struct_size = sizeof(zks_order);
    s.amount_b = "1000000000000000001";
    ZT_CHECK_STATUS(zks_tx_check(ZKS_TX_SWAP, &s), ZKS_ERR_NOT_PACKABLE);
    s.amount_b = NULL;
    ZT_CHECK_STATUS(zks_tx_hash(ZKS_TX_ORDER, &s.order_a, h, hs), ZKS_ERR_UNSUPPORTED);
    ZT_CHECK_STATUS(zks_tx_eth_message_part(ZKS_TX_ORDER, &s.order_a, "ETH", 18, msg, sizeof msg, &n),
                    ZKS_ERR_UNSUPPORTED);
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_ORDER, &s.order_a, "ETH", 18, NULL, msg, sizeof msg, &n),
                    ZKS_ERR_INVALID_ARG); /* buy symbol needed */
    ZT_CHECK_STATUS(zks_tx_eth_message(ZKS_TX_SWAP, &s, "ETH", 18, NULL, msg, sizeof msg, &n), ZKS_OK);
    ZT_CHECK_STR(msg, "Nonce: 0");
}

static void json_cases(void)
{
    const char *ok = "{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\","
                     "\"to\":\"0x1919191919191919191919191919191919191919\",\"token\":0,\"amount\":\"1000\","
                     "\"fee\":\"10\",\"nonce\":3,\"validFrom\":0,\"validUntil\":4294967295}";
    ZT_CHECK_STATUS(json_status(ok), ZKS_OK);
    struct { const char *json; zks_status want; } cases[] = {
        {"", ZKS_ERR_JSON},
        {"{", ZKS_ERR_JSON},
        {"[]", ZKS_ERR_JSON},
        {"null", ZKS_ERR_JSON},
        {"{\"type\":5}", ZKS_ERR_JSON},
        {"{\"type\":\"Close\"}", ZKS_ERR_UNSUPPORTED},
        {"{\"type\":\"transfer\"}", ZKS_ERR_UNSUPPORTED},
        {"{\"type\":\"Transfer\"}", ZKS_ERR_JSON},
        {"{\"type\":\"Transfer\",\"accountId\":7} trailing", ZKS_ERR_JSON},
        {"{\"type\":\"Transfer\",\"accountId\":\"7\",\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\",\"to\":"
         "\"0x1919191919191919191919191919191919191919\",\"token\":0,\"amount\":\"1\",\"fee\":\"1\",\"nonce\":3}",
         ZKS_ERR_JSON},
        {"{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\",\"to\":"
         "\"0x1919191919191919191919191919191919191919\",\"token\":0,\"amount\":\"1\",\"fee\":\"1\",\"nonce\":3,"
         "\"validFrom\":\"18446744073709551616\"}", ZKS_ERR_INVALID_TX},
        {"{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\",\"to\":"
         "\"0x1919191919191919191919191919191919191919\",\"token\":0,\"amount\":\"1\",\"fee\":\"1\",\"nonce\":3,"
         "\"validFrom\":\"abc\"}", ZKS_ERR_JSON},
        {"{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\",\"to\":"
         "\"0x1919191919191919191919191919191919191919\",\"token\":0,\"amount\":\"1\",\"fee\":\"1\",\"nonce\":3,"
         "\"validFrom\":1e300}", ZKS_ERR_INVALID_TX},
        {"{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\",\"to\":"
         "\"0x1919191919191919191919191919191919191919\",\"token\":0,\"amount\":\"1\",\"fee\":null,\"nonce\":3}",
         ZKS_ERR_JSON},
        {"{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\",\"to\":"
         "\"0x1919191919191919191919191919191919191919\",\"token\":-1,\"amount\":\"1\",\"fee\":\"1\",\"nonce\":3}",
         ZKS_ERR_INVALID_TX},
        {"{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\",\"to\":"
         "\"0x191919191919191919191919191919191919191g\",\"token\":0,\"amount\":\"1\",\"fee\":\"1\",\"nonce\":3}",
         ZKS_ERR_INVALID_ADDRESS},
        {"{\"type\":\"Swap\",\"submitterId\":1,\"submitterAddress\":\"0x1919191919191919191919191919191919191919\","
         "\"nonce\":1,\"orders\":[],\"amounts\":[\"1\",\"1\"],\"fee\":\"0\",\"feeToken\":0}", ZKS_ERR_JSON},
        {"{\"type\":\"Order\",\"accountId\":1,\"recipient\":\"0x1919191919191919191919191919191919191919\",\"nonce\":1,"
         "\"tokenSell\":0,\"tokenBuy\":1,\"ratio\":[\"1\"],\"amount\":\"0\"}", ZKS_ERR_JSON},
        {"{\"type\":\"Order\",\"accountId\":1,\"recipient\":\"0x1919191919191919191919191919191919191919\",\"nonce\":1,"
         "\"tokenSell\":0,\"tokenBuy\":1,\"ratio\":[1,2],\"amount\":\"0\"}", ZKS_ERR_JSON},
        {"{\"type\":\"ChangePubKey\",\"accountId\":1,\"account\":\"0x1919191919191919191919191919191919191919\","
         "\"newPkHash\":\"sync:00\",\"nonce\":1,\"ethAuthData\":{\"type\":\"Onchain\"}}", ZKS_ERR_INVALID_ADDRESS},
        {"{\"type\":\"ChangePubKey\",\"accountId\":1,\"account\":\"0x1919191919191919191919191919191919191919\","
         "\"newPkHash\":\"sync:0000000000000000000000000000000000000000\",\"nonce\":1}", ZKS_ERR_JSON},
        {"{\"type\":\"ChangePubKey\",\"accountId\":1,\"account\":\"0x1919191919191919191919191919191919191919\","
         "\"newPkHash\":\"sync:0000000000000000000000000000000000000000\",\"nonce\":1,\"ethAuthData\":{\"type\":"
         "\"ECDSA\"}}", ZKS_ERR_JSON},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zks_status st = json_status(cases[i].json);
        ZT_CHECK_MSG(st == cases[i].want, "case %zu: %d, want %d: %s", i, st, cases[i].want, cases[i].json);
    }
    /* NULL arguments. */
    char *out = (char *)1;
    ZT_CHECK_STATUS(zks_tx_sign_json(NULL, KEY, &out), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(out == NULL);
    ZT_CHECK_STATUS(zks_tx_sign_json(ok, NULL, &out), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_sign_json(ok, KEY, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_eth_message_json(ok, "ETH", 18, NULL, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_eth_message_json(NULL, "ETH", 18, NULL, &out), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_tx_eth_message_json(ok, NULL, 18, NULL, &out), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(out == NULL);
    ZT_CHECK_STATUS(zks_tx_eth_message_json(ok, "ETH", 18, NULL, &out), ZKS_OK);
    ZT_CHECK_STR(out, "Transfer 0.000000000000001 ETH to: 0x1919191919191919191919191919191919191919\n"
                      "Fee: 0.00000000000000001 ETH\nNonce: 3");
    zks_free(out);

    /* u64 time range as a decimal string. */
    const char *wide = "{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0e3c3af545e7acbd38b07251b3990914f1\","
                       "\"to\":\"0x1919191919191919191919191919191919191919\",\"token\":0,\"amount\":\"1000\","
                       "\"fee\":\"10\",\"nonce\":3,\"validUntil\":\"18446744073709551615\"}";
    ZT_CHECK_STATUS(zks_tx_sign_json(wide, KEY, &out), ZKS_OK);
    ZT_CHECK(out && strstr(out, "\"validUntil\":18446744073709551615") && strstr(out, "ffffffffffffffff\"}"));
    zks_free(out);

    /* Oversized input: a valid tx padded past 64 KiB. */
    size_t big = 70000;
    char *s = malloc(big + 1);
    memset(s, ' ', big);
    memcpy(s, ok, strlen(ok));
    s[big] = '\0';
    ZT_CHECK_STATUS(json_status(s), ZKS_ERR_JSON);
    s[65536] = '\0'; /* exactly at the cap: accepted */
    ZT_CHECK_STATUS(json_status(s), ZKS_OK);
    free(s);
    /* Deep nesting is refused by cJSON, not a crash. */
    char deep[3000];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    ZT_CHECK_STATUS(json_status(deep), ZKS_ERR_JSON);

    /* Allocation failures: every failing allocation gives NOMEM and no output. */
    int saw_ok = 0;
    for (unsigned long k = 1; k < 20 && !saw_ok; k++) {
        zki_alloc_fail_after(k);
        out = (char *)1;
        zks_status st = zks_tx_sign_json(ok, KEY, &out);
        zki_alloc_fail_after(0);
        if (st == ZKS_OK) { saw_ok = 1; zks_free(out); continue; }
        ZT_CHECK_MSG(st == ZKS_ERR_NOMEM && out == NULL, "fail after %lu: %d", k, st);
    }
    ZT_CHECK(saw_ok);
}

int main(void)
{
    uint8_t seed[32];
    memset(seed, 7, sizeof seed);
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 32, KEY), ZKS_OK);
    typed();
    json_cases();
    ZT_END();
}
