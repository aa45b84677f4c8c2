/* Rescue: the generated constants and every check value of the spec (crypto.md
 * 4.x and 8.x), multipacking, the sponge, the public hashes with bad inputs,
 * and a differential run against zksync-crypto 0.6.2 through the oracle. */
#include "harness.h"
#include "internal.h"
#include "oracle.h"
#include "crypto/rescue.h"

/* value of a field element as 64 big-endian hex digits */
static void fr_hex_be(char out[65], const zki_fr *a)
{
    uint8_t le[32], be[32];
    zki_fr_to_bytes_le(le, a);
    for (int i = 0; i < 32; i++) be[i] = le[31 - i];
    zt_hex(out, be, 32);
}

static void check_fr(const zki_fr *a, const char *want_hex_be, int line)
{
    char got[65];
    fr_hex_be(got, a);
    ZT_CHECK_MSG(strcmp(got, want_hex_be) == 0, "line %d: got %s want %s", line, got, want_hex_be);
}
#define CHECK_FR(a, hex) check_fr((a), (hex), __LINE__)

static void fr_from_hex_be(zki_fr *r, const char *hex)
{
    uint8_t be[32], le[32];
    zt_unhex(be, 32, hex);
    for (int i = 0; i < 32; i++) le[i] = be[31 - i];
    ZT_CHECK(zki_fr_from_bytes_le(r, le) == 1);
}

static void test_constants(void)
{
    CHECK_FR(&zki_rescue_rc[0][0], "2e827c42545887ff44c8e94bc429a6b9fba992c691596d3e97216a720f7b48ac");
    CHECK_FR(&zki_rescue_rc[0][1], "03c75f89abe4ca0baf0d7fa782a1c0b7d06953671bbbf7de43257c6dc6e54dca");
    CHECK_FR(&zki_rescue_rc[0][2], "19774ac9566bf383567f7362d1c8e62d4bba886dec26174637c734be0df06cc0");
    CHECK_FR(&zki_rescue_rc[1][0], "043d62d812dac074cba7666e4e024bd24b52084db7832ba740cf341f0be88470");
    CHECK_FR(&zki_rescue_rc[1][1], "04e8b099362f0cbf4e86b5ab59b734df49286bf95a0493af4d222847faf89051");
    CHECK_FR(&zki_rescue_rc[1][2], "07e7156a711c0dce97e1bf3c92c66869fc8387c3ba93baabdeb7935e9229ef94");
    CHECK_FR(&zki_rescue_rc[44][0], "2062808e98d02369b3360b737d446985455e0a93155a0eec12376048d61650de");
    CHECK_FR(&zki_rescue_rc[44][1], "2de847a34da34f6c41d66683572814b1e70c66deafe51b0bf949abde45b9b646");
    CHECK_FR(&zki_rescue_rc[44][2], "164ed456b62365fbf715619f80da62933b86aed7522914928a7cfdc1ba3d7645");
    static const char *mds[3][3] = {
        {"2bec9c48301bdaaad9c72a3d8c4d363ac8be8189ccea49a4c0bd8c37d1c6b3e3",
         "1f069c8a0ff22a1e62469e5f812fe7aca34de4c88515d84c9a1af9e21f5121a8",
         "0d5365c702a1d156ecb069c1a5b6f3fefa94d552d01f19e0cea4ba91e4537c0b"},
        {"1e4038a58dfdab6147e951763747a13f5e5599737bfa3c30d4548a366740959e",
         "07cf3d4093243419a52e08fa9416458849e98b266a981933f96649f53f7824e3",
         "116b9e8295f0086e020f035edc4ec2b5e65187597edb3d37de19589968b8d95a"},
        {"1e2a87b6b95d6c53a4ef91c0f455ebda2d3b80bff560df8afc804813c15542fb",
         "16e10361cbf35fe8e9c30527df038594e611b03897f65996a6986e51cfe3a96b",
         "1c794b13d4b66d9883849539f556b020117666918dae1210cc4c713c4137c980"},
    };
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) CHECK_FR(&zki_rescue_mds[i][j], mds[i][j]);
    /* every table entry is canonical (fully reduced Montgomery form) */
    int canon = 1;
    for (int i = 0; i < 45; i++)
        for (int j = 0; j < 3; j++) {
            uint8_t b[32];
            zki_fr t;
            zki_fr_to_bytes_le(b, &zki_rescue_rc[i][j]);
            if (!zki_fr_from_bytes_le(&t, b) || !zki_fr_eq(&t, &zki_rescue_rc[i][j])) canon = 0;
            if (zki_fr_is_zero(&t)) canon = 0;
        }
    ZT_CHECK(canon);
}

static void test_perm_and_sponge(void)
{
    zki_fr s[3] = {zki_fr_zero, zki_fr_zero, zki_fr_zero};
    zki_rescue_perm(s);
    CHECK_FR(&s[0], "00433df61dcc5bc7e58420768c5a2e9ffaafde9e2ff1ca5de74eb17f1c291c29");
    CHECK_FR(&s[1], "253c43c05de6047734df9d0d3cb6745ba61be365915b388aa26f17d2d64adb04");
    CHECK_FR(&s[2], "0a0c8de7ee3382e64dffc1cd56b88650c4850612690c9ffac793b5ec89387749");

    zki_fr in[2], out[2];
    zki_fr_set_u64(&in[0], 1);
    zki_fr_set_u64(&in[1], 2);
    zki_rescue_sponge(in, 2, out, 1);
    CHECK_FR(&out[0], "02f6e5bca887fad5351498d12834da3f420c4705c6ca7205591585b19e432ef5");
    /* n_out = 2 gives state[1] of the same state: the first output is unchanged */
    zki_rescue_sponge(in, 2, out, 2);
    CHECK_FR(&out[0], "02f6e5bca887fad5351498d12834da3f420c4705c6ca7205591585b19e432ef5");
    zki_fr st[3];
    zki_fr_set_u64(&st[0], 1);
    zki_fr_set_u64(&st[1], 2);
    zki_fr_set_u64(&st[2], 2);
    zki_rescue_perm(st);
    ZT_CHECK(zki_fr_eq(&out[0], &st[0]) && zki_fr_eq(&out[1], &st[1]));

    /* pubkey hash of G (crypto.md 4.9): sponge over [Gx, Gy] */
    fr_from_hex_be(&in[0], "2ef3f9b423a2c8c74e9803958f6c320e854a1c1c06cd5cc8fd221dc052d76df7");
    fr_from_hex_be(&in[1], "05a01167ea785d3f784224644a68e4067532c815f5f6d57d984b5c0e9c6c94b7");
    zki_rescue_sponge(in, 2, out, 1);
    CHECK_FR(&out[0], "09ee93031d74dbc3e998f7b7c46cae4e8ae4b44edf1060b7907c6b570f6c1fc5");

    /* the challenge of crypto.md 8.1: four elements, two permutations */
    zki_fr ch[4];
    fr_from_hex_be(&ch[0], "080e3359afc61db6da439760eee549403ecf712424c0eb2ef800422caa5ce4d0");
    fr_from_hex_be(&ch[1], "01c5de830d293d46136128a5dd6bb9f5773733add66a0b610b156db52bce57cd");
    fr_from_hex_be(&ch[2], "12887a4dcc6919b15114678012a4ad10bd77014f918b8430a981128701347e8a");
    zki_fr_set_u64(&ch[3], 0xc1);
    zki_rescue_sponge(ch, 4, out, 2);
    CHECK_FR(&out[0], "23bcab60751c7dc965698e181308758592e6548c462c9a323d9de40f2fe6d291");
    CHECK_FR(&out[1], "2bc42aba66dfded971af14e6d9dee762325948d72a625ada5e8b3e99720aded9");

    /* odd n pads with 1: sponge([a]) == perm([a, 1, 1])[0] */
    zki_fr one_in;
    zki_fr_set_u64(&one_in, 7);
    zki_rescue_sponge(&one_in, 1, out, 1);
    zki_fr_set_u64(&st[0], 7);
    st[1] = zki_fr_one;
    st[2] = zki_fr_one;
    zki_rescue_perm(st);
    ZT_CHECK(zki_fr_eq(&out[0], &st[0]));
}

/* The AVX-512 IFMA permutation (when this CPU has it) against the portable
 * one, on random states and edge values (0, 1, p-1 in each position). */
static void test_perm_paths(void)
{
    zki_fr a[3], b[3], pm1;
    zki_fr_neg(&pm1, &zki_fr_one);
    const zki_fr edge[3] = {zki_fr_zero, zki_fr_one, pm1};
    int n = zt_iters(200, 8);
    for (int it = 0; it < n + 27; it++) {
        if (it < 27) {
            a[0] = edge[it % 3], a[1] = edge[(it / 3) % 3], a[2] = edge[it / 9];
        } else {
            for (int j = 0; j < 3; j++) {
                uint8_t le[32];
                zt_rand_bytes(le, sizeof le);
                le[31] &= 0x1f; /* < 2^253 < p */
                ZT_CHECK(zki_fr_from_bytes_le(&a[j], le) == 1);
            }
        }
        memcpy(b, a, sizeof a);
        zki_rescue_perm(a);
        zki_rescue_perm_portable(b);
        ZT_CHECK_MSG(memcmp(a, b, sizeof a) == 0, "IFMA and portable permutations differ (case %d)", it);
    }
}

/* Two permutations in lockstep (IFMA and portable) against two single
 * portable permutations, on random and edge states (0, 1, p-1). */
static void test_perm2(void)
{
    zki_fr a[3], b[3], ea[3], eb[3], pa[3], pb[3], pm1;
    zki_fr_neg(&pm1, &zki_fr_one);
    const zki_fr edge[3] = {zki_fr_zero, zki_fr_one, pm1};
    int n = zt_iters(100, 6);
    for (int it = 0; it < n + 27; it++) {
        for (int j = 0; j < 3; j++) {
            uint8_t le[32];
            zt_rand_bytes(le, sizeof le);
            le[31] &= 0x1f; /* < 2^253 < p */
            ZT_CHECK(zki_fr_from_bytes_le(&b[j], le) == 1);
        }
        if (it < 27) {
            a[0] = edge[it % 3], a[1] = edge[(it / 3) % 3], a[2] = edge[it / 9];
            if (it & 1) { /* the edge state second too */
                zki_fr t[3];
                memcpy(t, a, sizeof t), memcpy(a, b, sizeof a), memcpy(b, t, sizeof b);
            }
        } else {
            for (int j = 0; j < 3; j++) {
                uint8_t le[32];
                zt_rand_bytes(le, sizeof le);
                le[31] &= 0x1f;
                ZT_CHECK(zki_fr_from_bytes_le(&a[j], le) == 1);
            }
        }
        if (it == n + 26) memcpy(b, a, sizeof b); /* equal states */
        memcpy(ea, a, sizeof a);
        memcpy(eb, b, sizeof b);
        zki_rescue_perm_portable(ea);
        zki_rescue_perm_portable(eb);
        memcpy(pa, a, sizeof a);
        memcpy(pb, b, sizeof b);
        zki_rescue_perm2(a, b);
        ZT_CHECK_MSG(memcmp(a, ea, sizeof a) == 0 && memcmp(b, eb, sizeof b) == 0,
                     "zki_rescue_perm2 differs from two permutations (case %d)", it);
        zki_rescue_perm2_portable(pa, pb);
        ZT_CHECK_MSG(memcmp(pa, ea, sizeof pa) == 0 && memcmp(pb, eb, sizeof pb) == 0,
                     "zki_rescue_perm2_portable differs from two permutations (case %d)", it);
    }
}

static void test_multipack(void)
{
    uint8_t b[178];
    for (int i = 0; i < 10; i++) b[i] = (uint8_t)i;
    zki_fr el[6];
    zki_multipack(b, 10, 736, el);
    CHECK_FR(&el[0], "000000000000000000000000000000000000000000009010e060a020c0408000");
    ZT_CHECK(zki_fr_is_zero(&el[1]) && zki_fr_is_zero(&el[2]));
    /* all ones over 736 bits: 2^253-1, 2^253-1, 2^230-1 */
    memset(b, 0xff, 92);
    zki_multipack(b, 92, 736, el);
    CHECK_FR(&el[0], "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    CHECK_FR(&el[1], "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    CHECK_FR(&el[2], "0000003fffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    /* a single set bit lands where the spec says: string bit 253 is element 1's bit 0 */
    memset(b, 0, sizeof b);
    b[253 / 8] = (uint8_t)(0x80 >> (253 % 8));
    zki_multipack(b, 178, 1424, el);
    ZT_CHECK(zki_fr_is_zero(&el[0]) && zki_fr_eq(&el[1], &zki_fr_one));
    for (int k = 2; k < 6; k++) ZT_CHECK(zki_fr_is_zero(&el[k]));
    /* last bit of 1424 is element 5's bit 158 */
    memset(b, 0, sizeof b);
    b[177] = 1;
    zki_multipack(b, 178, 1424, el);
    CHECK_FR(&el[5], "0000000000000000000000004000000000000000000000000000000000000000");
}

static void check_hash(const char *msg_hex, const char *want)
{
    uint8_t msg[92], out[32];
    size_t n = zt_unhex(msg, sizeof msg, msg_hex);
    ZT_CHECK_STATUS(zks_rescue_hash(msg, n, out), ZKS_OK);
    ZT_CHECK_HEX(out, 32, want);
}

static void test_vectors(void)
{
    uint8_t m[178], out[32];
    check_hash("00010203040506070809", "5f8b2038522065430874627ca03baf422d495200798a22a366258cec97845306");
    check_hash("", "b3ddd3eb9b627ea67bab8204d05cc6ecef62a78d91a6c1a8688195c70022e117");
    check_hash("00", "b3ddd3eb9b627ea67bab8204d05cc6ecef62a78d91a6c1a8688195c70022e117");
    check_hash("01", "b8e084d42bf4e379e844979bd60eb8bf5e43892ef788aefaa1a240ec6a79591e");
    check_hash("80", "50c66c0d98970d60e9f7378f7d688a9dad17d5c9985d8ebe6ab9a31420d3ff02");
    ZT_CHECK_STATUS(zks_rescue_hash(NULL, 0, out), ZKS_OK);
    ZT_CHECK_HEX(out, 32, "b3ddd3eb9b627ea67bab8204d05cc6ecef62a78d91a6c1a8688195c70022e117");
    memset(m, 0, 92);
    ZT_CHECK_STATUS(zks_rescue_hash(m, 92, out), ZKS_OK);
    ZT_CHECK_HEX(out, 32, "b3ddd3eb9b627ea67bab8204d05cc6ecef62a78d91a6c1a8688195c70022e117");
    memset(m, 0xff, 92);
    ZT_CHECK_STATUS(zks_rescue_hash(m, 92, out), ZKS_OK);
    ZT_CHECK_HEX(out, 32, "bbdbd6dc81f8cef57b9f9570c1f006fca01bd34aa6f3d7bbe01b752fae1b0303");

    for (int i = 0; i < 178; i++) m[i] = (uint8_t)i;
    ZT_CHECK_STATUS(zks_rescue_hash_orders(m, 178, out), ZKS_OK);
    ZT_CHECK_HEX(out, 31, "f2efacde445c899003cd947bcde4b9f7a977cd12ae72ed6326903d6d064cd7");
    memset(m, 0, 178);
    ZT_CHECK_STATUS(zks_rescue_hash_orders(m, 178, out), ZKS_OK);
    ZT_CHECK_HEX(out, 31, "ba420fa046e4592752d61b68c29cc37e01fa95c64c5ffc1a2e9adfbab0f7a0");
}

static void test_bad_inputs(void)
{
    uint8_t m[179] = {1}, out[32];
    memset(out, 0xaa, sizeof out);
    ZT_CHECK_STATUS(zks_rescue_hash(m, 93, out), ZKS_ERR_MSG_TOO_LONG);
    ZT_CHECK(zt_all_zero(out, 32));
    memset(out, 0xaa, sizeof out);
    ZT_CHECK_STATUS(zks_rescue_hash(m, (size_t)-1, out), ZKS_ERR_MSG_TOO_LONG);
    ZT_CHECK(zt_all_zero(out, 32));
    memset(out, 0xaa, sizeof out);
    ZT_CHECK_STATUS(zks_rescue_hash(NULL, 1, out), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(out, 32));
    ZT_CHECK_STATUS(zks_rescue_hash(m, 1, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_rescue_hash(NULL, 0, NULL), ZKS_ERR_INVALID_ARG);

    static const size_t bad_len[] = {0, 1, 177, 179, 92, (size_t)-1};
    for (size_t i = 0; i < sizeof bad_len / sizeof bad_len[0]; i++) {
        memset(out, 0xaa, sizeof out);
        ZT_CHECK_STATUS(zks_rescue_hash_orders(m, bad_len[i], out), ZKS_ERR_INVALID_LENGTH);
        ZT_CHECK(zt_all_zero(out, 31));
        ZT_CHECK(out[31] == 0xaa); /* nothing written past the 31 bytes */
    }
    memset(out, 0xaa, sizeof out);
    ZT_CHECK_STATUS(zks_rescue_hash_orders(NULL, 178, out), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(out, 31));
    ZT_CHECK_STATUS(zks_rescue_hash_orders(m, 178, NULL), ZKS_ERR_INVALID_ARG);
}

/* Random messages against the reference, pipelined in batches (the oracle's
 * pipes must not fill up while we are still writing). */
#define BATCH 100

static void diff_oracle(int orders, int count)
{
    static uint8_t msgs[BATCH][178];
    static size_t lens[BATCH];
    char hex[2 * 178 + 1];
    int mismatches = 0, done = 0;
    while (done < count) {
        int nb = count - done < BATCH ? count - done : BATCH;
        for (int k = 0; k < nb; k++) {
            int i = done + k;
            size_t len;
            if (orders) {
                len = 178;
            } else if (i == 0) {
                len = 0;
            } else if (i == 1) {
                len = 92;
            } else {
                len = (size_t)(zt_rand64() % 93);
            }
            /* some all-zero, all-ones and sparse messages among the random ones */
            switch (i % 16) {
            case 3: memset(msgs[k], 0, len); break;
            case 4: memset(msgs[k], 0xff, len); break;
            case 5:
                memset(msgs[k], 0, len);
                if (len) msgs[k][zt_rand64() % len] = (uint8_t)(1u << (zt_rand64() % 8));
                break;
            default: zt_rand_bytes(msgs[k], len); break;
            }
            lens[k] = len;
            zt_hex(hex, msgs[k], len);
            zo_sendf("{\"op\":\"%s\",\"msg\":\"%s\"}", orders ? "rescue_hash_orders" : "rescue_hash", hex);
        }
        for (int k = 0; k < nb; k++) {
            uint8_t out[32];
            char got[65];
            cJSON *r = zo_recv();
            const char *want = zo_ok_str(r);
            zks_status st = orders ? zks_rescue_hash_orders(msgs[k], lens[k], out)
                                   : zks_rescue_hash(msgs[k], lens[k], out);
            zt_hex(got, out, orders ? 31 : 32);
            int ok = want != NULL && st == ZKS_OK && strcmp(got, want) == 0;
            if (!ok) {
                mismatches++;
                zt_hex(hex, msgs[k], lens[k]);
            }
            ZT_CHECK_MSG(ok, "%s(%s): got %s want %s", orders ? "orders" : "hash", ok ? "" : hex, got,
                         want ? want : "(oracle error)");
            cJSON_Delete(r);
        }
        done += nb;
    }
    ZT_CHECK_MSG(mismatches == 0, "%d of %d %s cases differ", mismatches, count,
                 orders ? "rescue_hash_orders" : "rescue_hash");
}

int main(void)
{
    test_constants();
    test_perm_and_sponge();
    test_perm_paths();
    test_perm2();
    test_multipack();
    test_vectors();
    test_bad_inputs();
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable: differential run is required");
    } else {
        diff_oracle(0, zt_iters(2000, 40));
        diff_oracle(1, zt_iters(2000, 40));
        zo_stop();
    }
    ZT_END();
}
