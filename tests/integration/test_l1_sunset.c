/* The L1 side of the sunset (lib/l1/sunset.c, lib/l1/claims.c): offline, the
 * claim leaf and proof rule (spec vectors), claim-function signatures with
 * named parameters, the bytes32[] call encoding (by hand and against ethers
 * in the oracle), the log decoding of a scan and the argument checks; against
 * a devnet with the sunset switch, the network
 * state, refused deposits, claims, pending balances and a lost send reply.
 * Under ZKS_QUICK the offline checks run; the devnet flow also runs in the
 * ASan phase (not under valgrind). */
#include <stdarg.h>

#include "eth/eth.h"
#include "harness.h"
#include "l1/sunset.h"
#include "oracle.h"
#include "test_wallet_devnet.h"

static void hex32(uint8_t out[32], const char *hex)
{
    const char *h = hex[0] == '0' && hex[1] == 'x' ? hex + 2 : hex;
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(ztd_hex_nibble(h[2 * i]) << 4 | ztd_hex_nibble(h[2 * i + 1]));
}

static void addr_n(char out[43], unsigned n)
{
    snprintf(out, 43, "0x%040x", n);
}

static zki_claim_leaf leaf_of(uint64_t index, unsigned account, unsigned token, uint64_t amount)
{
    zki_claim_leaf l;
    memset(&l, 0, sizeof l);
    l.index = index;
    l.account[16] = (uint8_t)(account >> 24);
    l.account[17] = (uint8_t)(account >> 16);
    l.account[18] = (uint8_t)(account >> 8);
    l.account[19] = (uint8_t)account;
    l.token[16] = (uint8_t)(token >> 24);
    l.token[17] = (uint8_t)(token >> 16);
    l.token[18] = (uint8_t)(token >> 8);
    l.token[19] = (uint8_t)token;
    zki_u256_from_u64(&l.amount, amount);
    return l;
}

/* Spec sunset.md §4 vectors A and C. */
static void tree_vectors(void)
{
    static const char *A[3] = {"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb",
                               "0xd0b0b282685704a2c9af0d34fc9352a3a29461d3a76097ad446a387873a7468f",
                               "0x305bab732e945c8f9f3f741fa8a661654fd086c00f1589d9841b241275556d06"};
    zki_claim_leaf l[5] = {leaf_of(0, 1, 11, 10), leaf_of(1, 1, 12, 20), leaf_of(2, 2, 11, 30), leaf_of(3, 3, 0, 1),
                           leaf_of(4, 4, 0, 0)};
    uint8_t h[5][32], want[32], root[32], proof[3][32];
    for (int i = 0; i < 5; i++) zki_claim_leaf_hash(&l[i], h[i]);
    for (int i = 0; i < 3; i++) {
        hex32(want, A[i]);
        ZT_CHECK(memcmp(h[i], want, 32) == 0);
    }
    hex32(want, "0xf3772c7ea643aa3c76b6c81b05d7c29aa2d72b6af7a23dda502effebf2b85e0c");
    ZT_CHECK(memcmp(h[3], want, 32) == 0);
    hex32(want, "0x7567601c8b24ed38e79cb7570ccea6cad3fc559fad10970ee6961a9fb82bd000");
    ZT_CHECK(memcmp(h[4], want, 32) == 0);
    /* A: proofs of every leaf */
    hex32(root, "0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be");
    memcpy(proof[0], h[1], 32);
    memcpy(proof[1], h[2], 32);
    ZT_CHECK(zki_claim_proof_ok(h[0], &proof[0][0], 2, root));
    memcpy(proof[0], h[0], 32);
    ZT_CHECK(zki_claim_proof_ok(h[1], &proof[0][0], 2, root));
    hex32(proof[0], "0x72bfa34fef371406592e7717a2c37d0297652f5c74fd07567906b63acec91175");
    ZT_CHECK(zki_claim_proof_ok(h[2], &proof[0][0], 1, root));
    ZT_CHECK(!zki_claim_proof_ok(h[1], &proof[0][0], 1, root)); /* another leaf */
    ZT_CHECK(!zki_claim_proof_ok(h[2], &proof[0][0], 0, root)); /* proof cut short */
    /* B: one leaf, empty proof */
    ZT_CHECK(zki_claim_proof_ok(h[0], NULL, 0, h[0]));
    /* C */
    hex32(root, "0x6c8774f70cf8da3482cdaf66bae8242c6567180b05d4635300bc2ee196fb36ac");
    hex32(proof[0], "0x91e369b80420552500f36899a3892d733707d7a098f3d42a3e6fe16e34c16a2c");
    ZT_CHECK(zki_claim_proof_ok(h[4], &proof[0][0], 1, root));
    memcpy(proof[0], h[1], 32);
    hex32(proof[1], "0x66171098848486a57079a37dd8039bc0beded2111e95058387068c4f5522ec1e");
    memcpy(proof[2], h[4], 32);
    ZT_CHECK(zki_claim_proof_ok(h[0], &proof[0][0], 3, root));
    proof[1][31] ^= 1;
    ZT_CHECK(!zki_claim_proof_ok(h[0], &proof[0][0], 3, root));
    /* the leaf agrees with lib/exit's */
    uint8_t amt[32] = {0}, lx[32];
    amt[31] = 30;
    ZT_CHECK_STATUS(zks_exit_leaf_hash(2, l[2].account, l[2].token, amt, lx), ZKS_OK);
    ZT_CHECK(memcmp(lx, h[2], 32) == 0);
}

static void fn_parse(void)
{
    zki_claim_fn f;
    ZT_CHECK_STATUS(zki_claim_fn_parse(ZKS_L1_DEVNET_CLAIM_FUNCTION, &f), ZKS_OK);
    ZT_CHECK_STR(f.canonical, "claim(uint256,address,address,uint256,bytes32[])");
    ZT_CHECK(f.n == 5 && f.role[0] == ZKI_CLAIM_INDEX && f.role[4] == ZKI_CLAIM_PROOF && f.bits[3] == 256);
    ZT_CHECK_STATUS(zki_claim_fn_parse(ZKS_L1_DEVNET_IS_CLAIMED_FUNCTION, &f), ZKS_OK);
    ZT_CHECK_STR(f.canonical, "isClaimed(uint256)");
    ZT_CHECK_STATUS(zki_claim_fn_parse("  claim ( uint256 index, uint256 amount ,  bytes32[] proof ) ", &f), ZKS_OK);
    ZT_CHECK_STR(f.canonical, "claim(uint256,uint256,bytes32[])");
    ZT_CHECK(f.n == 3 && f.role[1] == ZKI_CLAIM_AMOUNT && f.role[2] == ZKI_CLAIM_PROOF);
    ZT_CHECK_STATUS(zki_claim_fn_parse("c(bytes32[] proof,uint128 amount,address token,uint32 index,address account)", &f),
                    ZKS_OK);
    ZT_CHECK_STR(f.canonical, "c(bytes32[],uint128,address,uint32,address)");
    ZT_CHECK(f.bits[1] == 128 && f.bits[3] == 32);
    ZT_CHECK_STATUS(zki_claim_fn_parse("c(uint index)", &f), ZKS_OK);
    ZT_CHECK_STR(f.canonical, "c(uint256)");
    static const char *bad[] = {
        "", "claim", "claim()", "(uint256 index)", "1c(uint256 index)", "claim(uint256)", "claim(uint256 idx)",
        "claim(uint256 index,uint256 index)", "claim(address index)", "claim(uint256 account)",
        "claim(bytes32 proof)", "claim(uint7 index)", "claim(uint264 index)", "claim(uint08 index)",
        "claim(uint256 index,)", "claim(uint256 index", "claim(uint256 index) x", "claim(uint256 index extra)",
        "claim(bytes32[] proof,bytes32[] proof)", "claim(uint256 index,address account,address token,uint256 amount,"
                                                  "bytes32[] proof,uint256 more)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ZT_CHECK_MSG(zki_claim_fn_parse(bad[i], &f) == ZKS_ERR_INVALID_ARG, "accepted: %s", bad[i]);
    ZT_CHECK_STATUS(zki_claim_fn_parse(NULL, &f), ZKS_ERR_INVALID_ARG);
}

static void put_word_u64(uint8_t *w, uint64_t v)
{
    memset(w, 0, 32);
    for (int i = 0; i < 8; i++) w[31 - i] = (uint8_t)(v >> (8 * i));
}

/* The default claim call, built word by word. */
static void encode_by_hand(void)
{
    zks_l1_claim c;
    memset(&c, 0, sizeof c);
    uint8_t proof[2][32];
    for (int i = 0; i < 32; i++) {
        proof[0][i] = (uint8_t)i;
        proof[1][i] = (uint8_t)(0xff - i);
    }
    c.index = 7;
    addr_n(c.account, 0xabcdef);
    addr_n(c.token, 11);
    snprintf(c.amount, sizeof c.amount, "%s", "1000000000000000000000");
    c.proof = &proof[0][0];
    c.proof_len = 2;
    uint8_t want[4 + 32 * 8], out[600];
    uint8_t h[32];
    const char *sig = "claim(uint256,address,address,uint256,bytes32[])";
    ZT_CHECK_STATUS(zks_keccak256((const uint8_t *)sig, strlen(sig), h), ZKS_OK);
    memcpy(want, h, 4);
    uint8_t *w = want + 4;
    put_word_u64(w, 7);
    put_word_u64(w + 32, 0xabcdef);
    put_word_u64(w + 64, 11);
    memset(w + 96, 0, 32);
    zki_u256 amt;
    ZT_CHECK(zki_u256_from_dec(&amt, c.amount) == 0);
    ZT_CHECK(zki_u256_to_be(w + 96, 32, &amt) == 0);
    put_word_u64(w + 128, 160); /* offset of the array: after five head words */
    put_word_u64(w + 160, 2);
    memcpy(w + 192, proof[0], 32);
    memcpy(w + 224, proof[1], 32);
    size_t n = 0;
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, &c, out, sizeof out, &n), ZKS_OK);
    ZT_CHECK(n == sizeof want && memcmp(out, want, n) == 0);
    /* empty proof: offset then length 0 */
    c.proof_len = 0;
    c.proof = NULL;
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, &c, out, sizeof out, &n), ZKS_OK);
    ZT_CHECK(n == 4 + 32 * 6 && out[4 + 32 * 5 + 31] == 0 && out[4 + 32 * 4 + 31] == 160);
    /* short buffer, bad inputs */
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, &c, out, 10, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 4 + 32 * 6 && zt_all_zero(out, 10));
    ZT_CHECK_STATUS(zks_l1_claim_encode("claim(uint8 index,uint256 amount)", &c, out, sizeof out, &n), ZKS_OK);
    c.index = 256;
    ZT_CHECK_STATUS(zks_l1_claim_encode("claim(uint8 index,uint256 amount)", &c, out, sizeof out, &n),
                    ZKS_ERR_INVALID_AMOUNT);
    ZT_CHECK(n == 0);
    c.index = 1;
    ZT_CHECK_STATUS(zks_l1_claim_encode("claim(uint8 index,uint64 amount)", &c, out, sizeof out, &n),
                    ZKS_ERR_INVALID_AMOUNT); /* 10^21 > 2^64 */
    snprintf(c.amount, sizeof c.amount, "%s", "12x");
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, &c, out, sizeof out, &n), ZKS_ERR_INVALID_AMOUNT);
    snprintf(c.amount, sizeof c.amount, "%s", "1");
    snprintf(c.token, sizeof c.token, "%s", "0x12");
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, &c, out, sizeof out, &n), ZKS_ERR_INVALID_ADDRESS);
    addr_n(c.token, 11);
    c.proof_len = ZKS_L1_CLAIM_PROOF_MAX + 1;
    c.proof = &proof[0][0];
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, &c, out, sizeof out, &n), ZKS_ERR_INVALID_ARG);
    c.proof_len = 1;
    c.proof = NULL;
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, &c, out, sizeof out, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_claim_encode("claim(uint256 x)", &c, out, sizeof out, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, NULL, out, sizeof out, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_claim_encode(NULL, &c, out, sizeof out, NULL), ZKS_ERR_INVALID_ARG);

    /* the bytes32[] argument on its own, next to a dynamic bytes */
    zki_abi_arg a[3];
    uint8_t bytes3[3] = {1, 2, 3};
    zki_abi_arg_bytes(&a[0], bytes3, 3);
    zki_abi_arg_bytes32_array(&a[1], &proof[0][0], 2);
    zki_abi_arg_u64(&a[2], 5);
    zki_buf b;
    zki_buf_init(&b);
    zki_abi_encode(&b, NULL, a, 3);
    ZT_CHECK(b.err == 0 && b.len == 32 * 3 + 64 + 96);
    if (b.len == 32 * 3 + 64 + 96) {
        ZT_CHECK(b.p[31] == 96 && b.p[63] == 160 && b.p[95] == 5); /* offsets 96 and 96 + 64 */
        ZT_CHECK(b.p[96 + 31] == 3 && b.p[128] == 1 && b.p[160 + 31] == 2);
        ZT_CHECK(memcmp(b.p + 192, proof[0], 32) == 0 && memcmp(b.p + 224, proof[1], 32) == 0);
    }
    zki_buf_free(&b);
}

/* Random claim functions (roles in random order, random uintN widths, random
 * proof lengths) against ethers' Interface.encodeFunctionData. */
static void encode_differential(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        return;
    }
    enum { BATCH = 25 };
    int total = zt_iters(200, 25);
    static char named[BATCH][300], types[BATCH][300], values[BATCH][4096];
    static zks_l1_claim cl[BATCH];
    static uint8_t proofs[BATCH][12][32];
    static const char *roles[5] = {"index", "account", "token", "amount", "proof"};
    for (int done = 0; done < total; done += BATCH) {
        for (int k = 0; k < BATCH; k++) {
            zks_l1_claim *c = &cl[k];
            memset(c, 0, sizeof *c);
            c->index = zt_rand64() >> (zt_rand64() % 64);
            uint8_t a[20];
            zt_rand_bytes(a, 20);
            c->account[0] = '0';
            c->account[1] = 'x';
            zt_hex(c->account + 2, a, 20);
            zt_rand_bytes(a, 20);
            c->token[0] = '0';
            c->token[1] = 'x';
            zt_hex(c->token + 2, a, 20);
            c->proof_len = (size_t)(zt_rand64() % 12);
            zt_rand_bytes(&proofs[k][0][0], sizeof proofs[k]);
            c->proof = &proofs[k][0][0];
            int order[5] = {0, 1, 2, 3, 4};
            for (int i = 4; i > 0; i--) {
                int j = (int)(zt_rand64() % (uint64_t)(i + 1)), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int count = 1 + (int)(zt_rand64() % 5);
            unsigned ib = 64 + 8 * (unsigned)(zt_rand64() % 25), ab = 8 * (1 + (unsigned)(zt_rand64() % 32));
            uint8_t be[32] = {0};
            zt_rand_bytes(be + 32 - ab / 8, ab / 8);
            zki_u256 amt;
            zki_u256_from_be(&amt, be, 32);
            zki_u256_to_dec(c->amount, &amt);
            snprintf(named[k], sizeof named[k], "f%d(", k);
            snprintf(types[k], sizeof types[k], "f%d(", k);
            strcpy(values[k], "[");
            for (int i = 0; i < count; i++) {
                char t[16], v[1200];
                int r = order[i];
                if (r == 0) {
                    snprintf(t, sizeof t, "uint%u", ib);
                    snprintf(v, sizeof v, "\"%llu\"", (unsigned long long)c->index);
                } else if (r == 3) {
                    snprintf(t, sizeof t, "uint%u", ab);
                    snprintf(v, sizeof v, "\"%s\"", c->amount);
                } else if (r == 4) {
                    snprintf(t, sizeof t, "bytes32[]");
                    strcpy(v, "[");
                    for (size_t j = 0; j < c->proof_len; j++) {
                        char hx[70];
                        hx[0] = '0';
                        hx[1] = 'x';
                        zt_hex(hx + 2, proofs[k][j], 32);
                        if (j) strcat(v, ",");
                        strcat(v, "\"");
                        strcat(v, hx);
                        strcat(v, "\"");
                    }
                    strcat(v, "]");
                } else {
                    snprintf(t, sizeof t, "address");
                    snprintf(v, sizeof v, "\"%s\"", r == 1 ? c->account : c->token);
                }
                if (i) {
                    strcat(named[k], ", ");
                    strcat(types[k], ",");
                    strcat(values[k], ",");
                }
                strcat(named[k], t);
                strcat(named[k], " ");
                strcat(named[k], roles[r]);
                strcat(types[k], t);
                strcat(values[k], v);
            }
            strcat(named[k], ")");
            strcat(types[k], ")");
            strcat(values[k], "]");
            zo_sendf("{\"op\":\"abi_call\",\"sig\":\"%s\",\"values\":%s}", types[k], values[k]);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r = zo_recv();
            const char *want = zo_ok_str(r);
            static uint8_t out[4096];
            size_t n = 0;
            ZT_CHECK_STATUS(zks_l1_claim_encode(named[k], &cl[k], out, sizeof out, &n), ZKS_OK);
            ZT_CHECK_MSG(want != NULL, "oracle failed for %s", types[k]);
            if (want) ZT_CHECK_HEX(out, n, want);
            cJSON_Delete(r);
        }
    }
}

static void from_proof(void)
{
    zks_exit_proof p;
    memset(&p, 0, sizeof p);
    p.claim_index = 42;
    p.account[19] = 1;
    p.token[0] = 0xaa;
    p.amount[30] = 1; /* 256 */
    p.path_len = 2;
    p.path[1][0] = 9;
    zks_l1_claim c;
    ZT_CHECK_STATUS(zks_l1_claim_from_proof(&p, &c), ZKS_OK);
    ZT_CHECK(c.index == 42 && c.proof_len == 2 && c.proof == &p.path[0][0] && c.proof[32] == 9);
    ZT_CHECK_STR(c.account, "0x0000000000000000000000000000000000000001");
    ZT_CHECK_STR(c.token, "0xaa00000000000000000000000000000000000000");
    ZT_CHECK_STR(c.amount, "256");
    ZT_CHECK(c.prev_tx_hash[0] == '\0' && c.prev_raw == NULL);
    p.path_len = ZKS_L1_CLAIM_PROOF_MAX + 1;
    ZT_CHECK_STATUS(zks_l1_claim_from_proof(&p, &c), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(&c, sizeof c));
    ZT_CHECK_STATUS(zks_l1_claim_from_proof(NULL, &c), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_claim_from_proof(&p, NULL), ZKS_ERR_INVALID_ARG);
}

/* One log object as a node returns it. */
static void log_json(char *out, size_t cap, const char *address, const char *topic0, const char *topic1,
                     const char *data, uint64_t block, uint64_t index, int removed)
{
    char t1[100] = "";
    if (topic1 != NULL) snprintf(t1, sizeof t1, ",\"%s\"", topic1);
    snprintf(out, cap,
             "{\"address\":\"%s\",\"topics\":[\"%s\"%s],\"data\":\"%s\",\"blockNumber\":\"0x%llx\","
             "\"logIndex\":\"0x%llx\",\"removed\":%s}",
             address, topic0, t1, data, (unsigned long long)block, (unsigned long long)index,
             removed ? "true" : "false");
}

static void log_decoding(void)
{
    static const char *C = "0x00000000000000000000000000000000000000c0";
    static const char *D1 = "0x000000000000000000000000d100000000000000000000000000000000000001";
    static const char *D2 = "0x000000000000000000000000d200000000000000000000000000000000000002";
    static const char *R1 = "0x1111111111111111111111111111111111111111111111111111111111111111";
    static const char *R2 = "0x2222222222222222222222222222222222222222222222222222222222222222";
    static const char *T1 = "0x000000000000000000000000000000000000000000000000000000000000000b";
    zks_l1_network_state st;
    memset(&st, 0, sizeof st);
    char migrated[2][ZKS_ETH_ADDRESS_CHARS + 1];
    memset(migrated, 0, sizeof migrated);
    zki_sunset_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.st = &st;
    sc.migrated = &migrated[0][0];
    sc.migrated_cap = 2;
    ZT_CHECK(zks_eth_address_parse(C, sc.contract) == ZKS_OK);
    static char a[8][400], arr[4000];
    log_json(a[0], sizeof a[0], C, zki_topic_deposits_pause, NULL, "0x", 10, 0, 0);
    log_json(a[1], sizeof a[1], C, zki_topic_distributor_set, D1, "0x", 20, 1, 0);
    log_json(a[2], sizeof a[2], C, zki_topic_claim_root_set, NULL, R1, 20, 2, 0);
    log_json(a[3], sizeof a[3], C, zki_topic_exodus_mode, NULL, "0x", 20, 3, 0);
    log_json(a[4], sizeof a[4], C, zki_topic_token_migrated, T1, "0x", 25, 0, 0);
    /* another contract's log and a removed one are skipped */
    log_json(a[5], sizeof a[5], "0x00000000000000000000000000000000000000c1", zki_topic_distributor_set, D2, "0x", 26, 0,
             0);
    log_json(a[6], sizeof a[6], C, zki_topic_claim_root_set, NULL, R2, 27, 0, 1);
    snprintf(arr, sizeof arr, "[%s,%s,%s,%s,%s,%s,%s]", a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    cJSON *j = cJSON_Parse(arr);
    ZT_CHECK_STATUS(zki_sunset_apply_logs(&sc, j), ZKS_OK);
    cJSON_Delete(j);
    ZT_CHECK(st.deposits_pause_block == 10 && st.exodus_block == 20);
    ZT_CHECK(st.has_claim_distributor == 1 && st.claim_distributor_block == 20 && st.claim_root_set_count == 1);
    ZT_CHECK_STR(st.claim_distributor, "0xd100000000000000000000000000000000000001");
    uint8_t r1[32], r2[32];
    hex32(r1, R1);
    hex32(r2, R2);
    ZT_CHECK(st.has_claim_root == 1 && memcmp(st.claim_root, r1, 32) == 0 && st.claim_root_block == 20);
    ZT_CHECK(st.migrated_token_count == 1);
    ZT_CHECK_STR(migrated[0], "0x000000000000000000000000000000000000000b");
    /* a second setClaimRoot in a later chunk wins; an older log seen later does not */
    log_json(a[0], sizeof a[0], C, zki_topic_distributor_set, D2, "0x", 30, 5, 0);
    log_json(a[1], sizeof a[1], C, zki_topic_claim_root_set, NULL, R2, 30, 6, 0);
    log_json(a[2], sizeof a[2], C, zki_topic_claim_root_set, NULL, R1, 29, 9, 0);
    log_json(a[3], sizeof a[3], C, zki_topic_token_migrated, "0x0000000000000000000000000000000000000000000000000000000000000000",
             "0x", 31, 0, 0);
    log_json(a[4], sizeof a[4], C, zki_topic_token_migrated, T1, "0x", 32, 0, 0);
    snprintf(arr, sizeof arr, "[%s,%s,%s,%s,%s]", a[0], a[1], a[2], a[3], a[4]);
    j = cJSON_Parse(arr);
    ZT_CHECK_STATUS(zki_sunset_apply_logs(&sc, j), ZKS_OK);
    cJSON_Delete(j);
    ZT_CHECK_STR(st.claim_distributor, "0xd200000000000000000000000000000000000002");
    ZT_CHECK(memcmp(st.claim_root, r2, 32) == 0 && st.claim_root_block == 30 && st.claim_root_set_count == 2);
    ZT_CHECK(st.migrated_token_count == 3); /* counted past the buffer of 2 */
    ZT_CHECK_STR(migrated[1], "0x0000000000000000000000000000000000000000");
    ZT_CHECK(st.exodus_block == 20);
    /* malformed logs */
    static const char *bad[] = {
        "{}", "[1]", "[{\"address\":\"0x12\",\"topics\":[]}]",
        "[{\"address\":\"0x00000000000000000000000000000000000000c0\",\"topics\":[\"0x6b3b0a9ab98c361bbd6e7c0fa7c102fb"
        "7a4e7712191bf556a461a9e5aa70948f\"],\"data\":\"0x12\",\"blockNumber\":\"0x1\",\"logIndex\":\"0x0\"}]",
        "[{\"address\":\"0x00000000000000000000000000000000000000c0\",\"topics\":[\"0xf377a821c9109b1388df37ad451ad95e"
        "45b7a8e728e5a8d98ccec9f14ebd0ccc\",\"0xff00000000000000000000000000000000000000000000000000000000000001\"],"
        "\"data\":\"0x\",\"blockNumber\":\"0x1\",\"logIndex\":\"0x0\"}]",
        "[{\"address\":\"0x00000000000000000000000000000000000000c0\",\"topics\":[\"0xf377a821c9109b1388df37ad451ad95e"
        "45b7a8e728e5a8d98ccec9f14ebd0ccc\"],\"data\":\"0x\",\"blockNumber\":\"0x1\",\"logIndex\":\"0x0\"}]",
        "[{\"address\":\"0x00000000000000000000000000000000000000c0\",\"topics\":[\"0xc71028c67eb0ef128ea270a59a674629"
        "e767d51c1af44ed6753fd2fad2c7b677\"],\"data\":\"0x\",\"blockNumber\":\"12\",\"logIndex\":\"0x0\"}]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        j = cJSON_Parse(bad[i]);
        ZT_CHECK_MSG(j != NULL && zki_sunset_apply_logs(&sc, j) == ZKS_ERR_PARSE, "accepted: %s", bad[i]);
        cJSON_Delete(j);
    }
}

static void arg_checks(void)
{
    zks_l1_network_state st;
    memset(&st, 0xee, sizeof st);
    st.struct_size = sizeof st;
    ZT_CHECK_STATUS(zks_l1_get_network_state(NULL, "0x0000000000000000000000000000000000000001", NULL, &st, NULL, 0),
                    ZKS_ERR_INVALID_ARG);
    ZT_CHECK(st.struct_size == sizeof st && st.exodus_mode == 0 && st.claim_distributor[0] == '\0');
    st.struct_size = 8;
    ZT_CHECK_STATUS(zks_l1_get_network_state(NULL, NULL, NULL, &st, NULL, 0), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_get_network_state(NULL, NULL, NULL, NULL, NULL, 0), ZKS_ERR_INVALID_ARG);
    st.struct_size = sizeof st;
    ZT_CHECK_STATUS(zks_l1_get_network_state(NULL, NULL, NULL, &st, NULL, 3), ZKS_ERR_INVALID_ARG);
    int32_t flags[2] = {5, 5};
    const char *toks[2] = {ZKS_ETH_TOKEN_ADDRESS, NULL};
    ZT_CHECK_STATUS(zks_l1_tokens_migrated(NULL, "0x0000000000000000000000000000000000000001", toks, 2, flags),
                    ZKS_ERR_INVALID_ARG);
    ZT_CHECK(flags[0] == 0 && flags[1] == 0);
    char amounts[2][ZKS_AMOUNT_CHARS + 1];
    memset(amounts, 'x', sizeof amounts);
    ZT_CHECK_STATUS(zks_l1_pending_balances(NULL, NULL, NULL, toks, 2, &amounts[0][0], NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(amounts, sizeof amounts));
    zks_l1_claim c;
    memset(&c, 0, sizeof c);
    static zks_l1_claim_result r[2];
    memset(r, 0x5a, sizeof r);
    ZT_CHECK_STATUS(zks_l1_claims_check(NULL, "0x0000000000000000000000000000000000000001", NULL, &c, 1, r),
                    ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(&r[0], sizeof r[0]));
    ZT_CHECK_STATUS(zks_l1_claims_check(NULL, NULL, NULL, &c, 0, r), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_claims_send(NULL, "0x0000000000000000000000000000000000000001", NULL, &c, 1, r),
                    ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_claims_send(NULL, NULL, NULL, &c, 1, NULL), ZKS_ERR_INVALID_ARG);
}

/* ---- a fake node that reverts every deposit (no devnet needed) ---- */

/* A loopback JSON-RPC node answering eth_chainId 9, eth_call of exodusMode /
 * pausedDeposits / isTokenMigrated as mode says ("LD": paused; "L": exodus),
 * every eth_estimateGas with the revert `mode`, and nothing else. */
static pid_t fake_node_start(const char *mode, char url[64])
{
    static const char *const py =
        "import http.server,socketserver,sys,json\n"
        "M=sys.argv[1]\n"
        "def word(v):return '0x'+('%064x'%v)\n"
        "def reason(s):\n"
        " b=s.encode();return '0x08c379a0'+'%064x'%32+'%064x'%len(b)+b.hex().ljust(64,'0')\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        " protocol_version='HTTP/1.1'\n"
        " def log_message(self,*a):pass\n"
        " def do_POST(self):\n"
        "  q=json.loads(self.rfile.read(int(self.headers.get('content-length','0'))))\n"
        "  m=q['method'];r={'jsonrpc':'2.0','id':q['id']}\n"
        "  if m=='eth_chainId':r['result']='0x9'\n"
        "  elif m=='eth_call':\n"
        "   d=q['params'][0].get('data','')[:10]\n"
        "   if d=='0x264c0912':r['result']=word(1 if M=='L' else 0)\n"
        "   elif d=='0x6068d6cb':r['result']=word(1)\n"
        "   elif d=='0xafc62d9b':r['result']=word(1)\n"
        "   else:r['error']={'code':3,'message':'execution reverted','data':'0x'}\n"
        "  elif m=='eth_estimateGas':r['error']={'code':3,'message':'execution reverted: '+M,'data':reason(M)}\n"
        "  else:r['error']={'code':-32601,'message':'no such method in the fake node'}\n"
        "  b=json.dumps(r).encode()\n"
        "  self.send_response(200);self.send_header('content-type','application/json')\n"
        "  self.send_header('content-length',str(len(b)));self.end_headers();self.wfile.write(b)\n"
        "class S(socketserver.ThreadingMixIn,http.server.HTTPServer):daemon_threads=True\n"
        "s=S(('127.0.0.1',0),H);print('PORT',s.server_address[1],flush=True);s.serve_forever()\n";
    const char *const args[] = {"-c", py, mode, NULL};
    return zt_spawn_python(args, "http", "", url, 64);
}

/* Item 1 without a devnet: "LD" and "L" become ZKS_ERR_NETWORK_SHUT_DOWN with
 * the revert kept in front of the message; a migrated token is refused. */
static void refusals_on_fake_node(void)
{
    static const char *const modes[2] = {"LD", "L"};
    uint8_t key[32];
    memset(key, 0x11, sizeof key);
    for (int m = 0; m < 2; m++) {
        char url[64];
        pid_t pid = fake_node_start(modes[m], url);
        ZT_CHECK_MSG(pid > 0, "fake node did not start");
        if (pid <= 0) return;
        zks_eth_rpc *rpc = NULL;
        zks_l1 *l1 = NULL;
        ZT_CHECK_STATUS(zks_eth_rpc_new(url, &rpc), ZKS_OK);
        if (rpc != NULL) ZT_CHECK_STATUS(zks_eth_rpc_set_retries(rpc, 0, 0), ZKS_OK);
        if (rpc != NULL) ZT_CHECK_STATUS(zks_l1_new(rpc, "0x00000000000000000000000000000000000000c0", 9, key, &l1), ZKS_OK);
        if (l1 != NULL) {
            zks_l1_result r;
            char want[8];
            snprintf(want, sizeof want, "%s: ", modes[m]);
            ZT_CHECK_STATUS(zks_l1_deposit_eth(l1, NULL, "1000", 1000, &r), ZKS_ERR_NETWORK_SHUT_DOWN);
            ZT_CHECK_MSG(strncmp(zks_l1_errmsg(l1), want, strlen(want)) == 0, "message: %s", zks_l1_errmsg(l1));
            ZT_CHECK(strstr(zks_l1_errmsg(l1), "pending balance") != NULL && r.tx_hash[0] == '\0');
            /* with an approve first: refused before the approve is sent */
            ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1, NULL, "0x00000000000000000000000000000000000000d0", "5",
                                                 ZKS_L1_APPROVE_UNLIMITED, 1000, &r),
                            ZKS_ERR_NETWORK_SHUT_DOWN);
            ZT_CHECK(r.approve_tx_hash[0] == '\0' && r.tx_hash[0] == '\0');
            ZT_CHECK_MSG(strncmp(zks_l1_errmsg(l1), want, strlen(want)) == 0, "message: %s", zks_l1_errmsg(l1));
            uint8_t pkh[20] = {1};
            /* "L" refuses full exits and key changes too; "LD" alone does not */
            zks_status want_st = m == 1 ? ZKS_ERR_NETWORK_SHUT_DOWN : ZKS_ERR_L1_REVERT;
            ZT_CHECK_STATUS(zks_l1_full_exit(l1, 5, ZKS_ETH_TOKEN_ADDRESS, 1000, &r), want_st);
            ZT_CHECK_STATUS(zks_l1_full_exit_nft(l1, 5, 70000, 1000, &r), want_st);
            ZT_CHECK_STATUS(zks_l1_set_auth_pubkey_hash(l1, pkh, 1, 1000, &r), want_st);
            if (m == 1) ZT_CHECK(strstr(zks_l1_errmsg(l1), "claim the final L2 balance on L1") != NULL);
            else ZT_CHECK_STR(zks_l1_errmsg(l1), "LD");
            /* isTokenMigrated answers true here: nothing is sent */
            ZT_CHECK_STATUS(zks_l1_withdraw_pending_balance(l1, NULL, ZKS_ETH_TOKEN_ADDRESS, "1", 1000, &r),
                            ZKS_ERR_TOKEN_MIGRATED);
            ZT_CHECK(strstr(zks_l1_errmsg(l1), "claim it instead") != NULL && r.tx_hash[0] == '\0');
            /* migrateToken of a migrated token: refused before sending */
            ZT_CHECK_STATUS(zks_l1_migrate_token(l1, ZKS_ETH_TOKEN_ADDRESS, 1000, &r), ZKS_ERR_STATE);
            ZT_CHECK(strstr(zks_l1_errmsg(l1), "already migrated") != NULL && r.tx_hash[0] == '\0');
            ZT_CHECK_STATUS(zks_l1_migrate_token(l1, "0x12", 1000, &r), ZKS_ERR_INVALID_ADDRESS);
            ZT_CHECK_STATUS(zks_l1_migrate_token(l1, NULL, 1000, &r), ZKS_ERR_INVALID_ARG);
            ZT_CHECK_STATUS(zks_l1_migrate_token(NULL, ZKS_ETH_TOKEN_ADDRESS, 1000, &r), ZKS_ERR_INVALID_ARG);
            ZT_CHECK_STATUS(zks_l1_migrate_token(l1, ZKS_ETH_TOKEN_ADDRESS, 1000, NULL), ZKS_ERR_INVALID_ARG);
        }
        zks_l1_free(l1);
        zks_eth_rpc_free(rpc);
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
}

/* ---- against the devnet ---- */

static ztd_devnet dn;
static zks_eth_rpc *rpc;
static zks_provider *prov;
#define WAIT 30000u
#define NACC 6

static __int128 l1_bal(const char *token, const char *who)
{
    char s[ZKS_AMOUNT_CHARS + 1];
    zks_l1 *l1 = NULL;
    __int128 v = -1;
    if (zks_l1_new(rpc, dn.main_contract, 9, dn.key[0], &l1) == ZKS_OK && zks_l1_balance(l1, token, who, s) == ZKS_OK)
        v = ztd_dec(s);
    zks_l1_free(l1);
    return v;
}

static uint64_t nonce_of(const char *who)
{
    uint64_t n = UINT64_MAX;
    if (zks_eth_rpc_get_nonce(rpc, who, "pending", &n) != ZKS_OK) return UINT64_MAX;
    return n;
}

/* Full exit of token for the account of l1 (index k), then waits for the pending balance. */
static int full_exit_wait(zks_l1 *l1, int k, const char *token, const char *want)
{
    zks_l1_result r;
    uint32_t id = ztd_account_id(prov, dn.address[k]);
    if (id == 0 || zks_l1_full_exit(l1, id, token, WAIT, &r) != ZKS_OK) return 0;
    zks_tx_info ti;
    if (zks_provider_wait_ethop(prov, r.serial_id, ZKS_WAIT_VERIFIED, WAIT, 50, &ti) != ZKS_OK) return 0;
    char pend[ZKS_AMOUNT_CHARS + 1] = "";
    for (int i = 0; i < 300; i++) {
        if (zks_l1_pending_balance(l1, token, NULL, pend) == ZKS_OK && strcmp(pend, want) == 0) return 1;
        usleep(50000);
    }
    return 0;
}

static int progress_calls;
static void on_progress(void *ctx, uint64_t done, uint64_t from, uint64_t to)
{
    (void)ctx;
    if (done >= from && done <= to) progress_calls++;
}

static int journal_calls;
static zks_status journal_ok(void *ctx, size_t i, const zks_l1_claim *c, const zks_l1_claim_result *r)
{
    (void)ctx;
    (void)i;
    (void)c;
    if (strlen(r->tx_hash) == 66 && r->raw_len > 0) journal_calls++;
    return ZKS_OK;
}

static zks_status journal_refuse(void *ctx, size_t i, const zks_l1_claim *c, const zks_l1_claim_result *r)
{
    (void)ctx;
    (void)i;
    (void)c;
    (void)r;
    return ZKS_ERR_IO;
}

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'F') *s = (char)(*s - 'A' + 'a');
}

/* The proofs of accounts A and B from the snapshot's new_leaves.csv (lib/exit). */
static zks_exit_proof proofs[8];
static size_t nproofs;

static int load_proofs(const char *dir, const uint8_t root[32])
{
    char path[600];
    snprintf(path, sizeof path, "%s/new_leaves.csv", dir);
    zks_exit_tree *t = NULL;
    if (zks_exit_tree_new(&t) != ZKS_OK) return 0;
    for (int k = 0; k < 3; k++) {
        uint8_t a[20];
        if (zks_eth_address_parse(dn.address[k == 2 ? 8 : k], a) != ZKS_OK || zks_exit_tree_request(t, a, NULL) != ZKS_OK) {
            zks_exit_tree_free(t);
            return 0;
        }
    }
    uint8_t got[32];
    zks_exit_error err;
    int ok = zks_exit_tree_add_file(t, path, NULL, NULL, &err) == ZKS_OK && zks_exit_tree_root(t, got) == ZKS_OK &&
             memcmp(got, root, 32) == 0 && zks_exit_tree_proof_count(t, &nproofs) == ZKS_OK && nproofs <= 8;
    for (size_t i = 0; ok && i < nproofs; i++) ok = zks_exit_tree_proof_at(t, i, &proofs[i]) == ZKS_OK;
    zks_exit_tree_free(t);
    return ok;
}

/* The claim of (account k, token). */
static int claim_of(int k, const char *token, zks_l1_claim *out)
{
    uint8_t a[20], tk[20];
    if (zks_eth_address_parse(dn.address[k], a) != ZKS_OK || zks_eth_address_parse(token, tk) != ZKS_OK) return 0;
    for (size_t i = 0; i < nproofs; i++)
        if (memcmp(proofs[i].account, a, 20) == 0 && memcmp(proofs[i].token, tk, 20) == 0)
            return zks_l1_claim_from_proof(&proofs[i], out) == ZKS_OK;
    return 0;
}

static void state_equal(const zks_l1_network_state *a, const zks_l1_network_state *b)
{
    ZT_CHECK(a->exodus_mode == b->exodus_mode && a->deposits_paused == b->deposits_paused);
    ZT_CHECK_STR(a->claim_distributor, b->claim_distributor);
    ZT_CHECK(a->claim_distributor_block == b->claim_distributor_block && a->claim_root_set_count == b->claim_root_set_count);
    ZT_CHECK(memcmp(a->claim_root, b->claim_root, 32) == 0 && memcmp(a->merkle_root, b->merkle_root, 32) == 0);
    ZT_CHECK(a->roots_match == b->roots_match && a->migrated_token_count == b->migrated_token_count);
    ZT_CHECK(a->exodus_block == b->exodus_block && a->deposits_pause_block == b->deposits_pause_block);
    ZT_CHECK(a->total_blocks_executed == b->total_blocks_executed);
}

/* Runs the zksync-exit tool ($B/bin/zksync-exit); returns its exit code and
 * keeps its stdout in out (cap bytes). */
static int run_tool(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int run_tool(char *out, size_t cap, const char *fmt, ...)
{
    const char *b = getenv("B");
    char args[2000], cmd[2600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "ZKS_PROGRESS=0 %s/bin/zksync-exit %s", b != NULL && b[0] ? b : "build", args);
    FILE *p = popen(cmd, "r");
    if (p == NULL) return -1;
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int rc = pclose(p);
    fprintf(stderr, "$ zksync-exit %s\n%s[exit %d]\n", args, out, WIFEXITED(rc) ? WEXITSTATUS(rc) : -1);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void cli_checks(const char *snapdir, const char *dai)
{
    const char *b = getenv("B");
    char tool[600];
    snprintf(tool, sizeof tool, "%s/bin/zksync-exit", b != NULL && b[0] ? b : "build");
    if (access(tool, X_OK) != 0) {
        ZT_SKIP("zksync-exit is not built (make examples)");
        return;
    }
    static char out[1 << 16];
    char dir[600], mn[700], jr[700], leaves[700], bad[700];
    snprintf(dir, sizeof dir, "%s.cli", dn.state_path);
    mkdir(dir, 0700);
    snprintf(mn, sizeof mn, "%s/mnemonic", dir);
    snprintf(jr, sizeof jr, "%s/claims.journal", dir);
    snprintf(leaves, sizeof leaves, "%s/new_leaves.csv", snapdir);
    snprintf(bad, sizeof bad, "%s/bad_leaves.csv", dir);
    FILE *f = fopen(mn, "w");
    if (f != NULL) {
        fprintf(f, "%s\n", dn.mnemonic);
        fclose(f);
    }
    ZT_CHECK(chmod(mn, 0600) == 0);
    /* status, verify */
    ZT_CHECK(run_tool(out, sizeof out, "status --l1 %s --contract %s --chunk 5 --tokens %s", dn.l1_url,
                      dn.main_contract, dai) == 0);
    ZT_CHECK(strstr(out, "exodus mode           yes") != NULL && strstr(out, "equals the logged root") != NULL);
    ZT_CHECK(strstr(out, "isTokenMigrated") != NULL && strstr(out, "yes (claim it)") != NULL);
    ZT_CHECK(run_tool(out, sizeof out, "verify --l1 %s --contract %s --leaves %s", dn.l1_url, dn.main_contract,
                      leaves) == 0);
    ZT_CHECK(strstr(out, "match: the leaves are the ones on L1") != NULL);
    {
        /* a tampered copy: the last balance one higher */
        FILE *in = fopen(leaves, "r"), *o = fopen(bad, "w");
        static char text[1 << 16];
        size_t n = in != NULL ? fread(text, 1, sizeof text - 1, in) : 0;
        text[n] = '\0';
        if (n > 2 && text[n - 2] >= '0' && text[n - 2] <= '8') text[n - 2]++;
        else if (n > 2) text[n - 2] = '1';
        if (o != NULL) fwrite(text, 1, n, o);
        if (in != NULL) fclose(in);
        if (o != NULL) fclose(o);
    }
    ZT_CHECK(run_tool(out, sizeof out, "verify --l1 %s --contract %s --leaves %s", dn.l1_url, dn.main_contract, bad) ==
             5);
    ZT_CHECK(strstr(out, "MISMATCH") != NULL);
    /* claim: dry run for two addresses, then --send with keys from the mnemonic (accounts[k] = index k+1) */
    ZT_CHECK(run_tool(out, sizeof out, "claim --l1 %s --contract %s --leaves %s --account %s --account %s --journal %s",
                      dn.l1_url, dn.main_contract, leaves, dn.address[6], dn.address[7], jr) == 0);
    ZT_CHECK(strstr(out, "claimable        3") != NULL && access(jr, F_OK) != 0);
    __int128 dai7 = l1_bal(dai, dn.address[7]);
    ZT_CHECK(run_tool(out, sizeof out,
                      "claim --l1 %s --contract %s --leaves %s --mnemonic-file %s --index-range 7-8 --send --journal %s",
                      dn.l1_url, dn.main_contract, leaves, mn, jr) == 0);
    ZT_CHECK(strstr(out, "claimed now      3") != NULL && access(jr, F_OK) == 0);
    ZT_CHECK(l1_bal(dai, dn.address[7]) - dai7 == ztd_dec("10000000000000000000"));
    /* again: everything is already claimed, nothing is sent */
    uint64_t n6 = nonce_of(dn.address[6]);
    ZT_CHECK(run_tool(out, sizeof out,
                      "claim --l1 %s --contract %s --leaves %s --mnemonic-file %s --index-range 7-8 --send --journal %s",
                      dn.l1_url, dn.main_contract, leaves, mn, jr) == 0);
    ZT_CHECK(strstr(out, "already claimed  3") != NULL && nonce_of(dn.address[6]) == n6);
    /* the wrong leaves file is refused before anything else */
    ZT_CHECK(run_tool(out, sizeof out, "claim --l1 %s --contract %s --leaves %s --account %s", dn.l1_url,
                      dn.main_contract, bad, dn.address[6]) == 5);
    /* no key given for --send */
    ZT_CHECK(run_tool(out, sizeof out, "claim --l1 %s --contract %s --leaves %s --account %s --send", dn.l1_url,
                      dn.main_contract, leaves, dn.address[6]) == 2);
    /* pending: account 2's DAI was migrated: reported, not sent */
    ZT_CHECK(run_tool(out, sizeof out, "pending --l1 %s --contract %s --account %s --tokens %s --withdraw --key-env ZT_NO_SUCH_KEY_X",
                      dn.l1_url, dn.main_contract, dn.address[2], dai) == 1); /* no key: nothing to send with */
    {
        char hex[65];
        zt_hex(hex, dn.key[2], 32);
        setenv("ZT_SUNSET_KEY", hex, 1);
    }
    ZT_CHECK(run_tool(out, sizeof out, "pending --l1 %s --contract %s --account %s --tokens %s --withdraw --key-env ZT_SUNSET_KEY",
                      dn.l1_url, dn.main_contract, dn.address[2], dai) == 0);
    ZT_CHECK(strstr(out, "claim it instead") != NULL && strstr(out, "1 migrated") != NULL);
    unsetenv("ZT_SUNSET_KEY");
    unlink(mn);
    unlink(jr);
    unlink(bad);
    rmdir(dir);
}

static void devnet_checks(void)
{
    refusals_on_fake_node();
    /* quick phases: the devnet flow runs under ASan (ASAN_OPTIONS set by tests/run.sh), not under valgrind */
    if (getenv("ZKS_QUICK") != NULL && getenv("ASAN_OPTIONS") == NULL) return;
    if (ztd_start(&dn, "test_l1_sunset", "--verify-delay 100") != 0) {
        ZT_CHECK_MSG(0, "devnet did not start");
        return;
    }
    ZT_CHECK(zks_eth_rpc_new(dn.l1_url, &rpc) == ZKS_OK);
    ZT_CHECK(zks_provider_new(dn.zk_url, &prov) == ZKS_OK);
    if (rpc == NULL || prov == NULL) return;
    ZT_CHECK_STATUS(zks_provider_set_timeouts(prov, 0, 120000), ZKS_OK);
    const ztd_token *dai = ztd_token_by_symbol(&dn, "DAI"), *usdc = ztd_token_by_symbol(&dn, "USDC");
    ZT_CHECK(dai != NULL && usdc != NULL && dn.n_accounts >= NACC);
    if (dai == NULL || usdc == NULL || dn.n_accounts < NACC) return;
    zks_l1 *l1[NACC] = {0};
    char who[NACC][43];
    for (int k = 0; k < NACC; k++) {
        ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, 9, dn.key[k], &l1[k]), ZKS_OK);
        snprintf(who[k], sizeof who[k], "%s", dn.address[k]);
        lower(who[k]);
        if (l1[k] == NULL) return;
    }

    /* before the shutdown */
    zks_l1_network_state st0 = {.struct_size = sizeof st0};
    ZT_CHECK_STATUS(zks_l1_get_network_state(rpc, dn.main_contract, NULL, &st0, NULL, 0), ZKS_OK);
    ZT_CHECK(st0.exodus_mode == 0 && st0.deposits_paused == 0 && st0.has_claim_distributor == 0);
    ZT_CHECK(st0.has_claim_root == 0 && st0.migrated_token_count == 0 && st0.scan_requests == 1);

    /* A: ETH + DAI, B: DAI + ETH, C: DAI then full exit (pending DAI), D: USDC then full exit (pending USDC) */
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1[0], ZKS_ETH_TOKEN_ADDRESS, "2000000000000000000", WAIT));
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1[0], dai->address, "300000000000000000000", WAIT));
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1[1], dai->address, "500000000000000000000", WAIT));
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1[1], ZKS_ETH_TOKEN_ADDRESS, "1000000000000000000", WAIT));
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1[2], dai->address, "40000000000000000000", WAIT));
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1[3], usdc->address, "7000000", WAIT));
    ZT_CHECK(full_exit_wait(l1[2], 2, dai->address, "40000000000000000000"));
    /* accounts 6 and 7 are claimed through the zksync-exit tool below */
    zks_l1 *c6 = NULL, *c7 = NULL;
    ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, 9, dn.key[6], &c6), ZKS_OK);
    ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, 9, dn.key[7], &c7), ZKS_OK);
    if (c6 != NULL && c7 != NULL) {
        ZT_CHECK(ztd_l1_deposit_wait(prov, c6, ZKS_ETH_TOKEN_ADDRESS, "500000000000000000", WAIT));
        ZT_CHECK(ztd_l1_deposit_wait(prov, c7, dai->address, "10000000000000000000", WAIT));
        ZT_CHECK(ztd_l1_deposit_wait(prov, c7, ZKS_ETH_TOKEN_ADDRESS, "100000000000000000", WAIT));
    }
    /* account 8 keeps USDC on L2: its leaf waits for migrateToken(USDC) */
    zks_l1 *c8 = NULL;
    ZT_CHECK(dn.n_accounts >= 9);
    if (dn.n_accounts >= 9) ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, 9, dn.key[8], &c8), ZKS_OK);
    if (c8 != NULL) ZT_CHECK(ztd_l1_deposit_wait(prov, c8, usdc->address, "3000000", WAIT));
    zks_l1_free(c8);
    zks_l1_free(c6);
    zks_l1_free(c7);
    ZT_CHECK(full_exit_wait(l1[3], 3, usdc->address, "7000000"));

    /* the switch: ETH and DAI migrated, USDC not */
    char *res = NULL;
    ZT_CHECK_STATUS(zks_provider_call_json(prov, "devnet_sunset", "[{\"migrateTokens\":[\"ETH\",\"DAI\"]}]", 0, &res),
                    ZKS_OK);
    cJSON *sr = res != NULL ? cJSON_Parse(res) : NULL;
    zks_free(res);
    const cJSON *jd = cJSON_GetObjectItemCaseSensitive(sr, "distributor"),
                *jr = cJSON_GetObjectItemCaseSensitive(sr, "claimRoot"),
                *js = cJSON_GetObjectItemCaseSensitive(sr, "snapshotDir"),
                *jb = cJSON_GetObjectItemCaseSensitive(sr, "lastExecutedBlock");
    ZT_CHECK(cJSON_IsString(jd) && cJSON_IsString(jr) && cJSON_IsString(js) && cJSON_IsNumber(jb));
    if (!cJSON_IsString(jd) || !cJSON_IsString(jr) || !cJSON_IsString(js) || !cJSON_IsNumber(jb)) {
        cJSON_Delete(sr);
        return;
    }
    char dist[43], snapdir[512];
    snprintf(dist, sizeof dist, "%s", jd->valuestring);
    snprintf(snapdir, sizeof snapdir, "%s", js->valuestring);
    uint8_t root[32];
    hex32(root, jr->valuestring);
    uint32_t last_block = (uint32_t)jb->valuedouble;
    cJSON_Delete(sr);

    /* ---- network state ---- */
    zks_l1_network_state st = {.struct_size = sizeof st};
    char migrated[4][ZKS_ETH_ADDRESS_CHARS + 1];
    ZT_CHECK_STATUS(zks_l1_get_network_state(rpc, dn.main_contract, NULL, &st, &migrated[0][0], 4), ZKS_OK);
    ZT_CHECK(st.exodus_mode == 1 && st.deposits_paused == 1 && st.has_claim_distributor == 1);
    ZT_CHECK_STR(st.claim_distributor, dist);
    ZT_CHECK(st.has_claim_root == 1 && memcmp(st.claim_root, root, 32) == 0 && st.claim_root_set_count == 1);
    ZT_CHECK(st.has_merkle_root == 1 && memcmp(st.merkle_root, root, 32) == 0 && st.roots_match == 1);
    ZT_CHECK(st.total_blocks_executed == last_block && !zt_all_zero(st.stored_block_hash, 32));
    ZT_CHECK(st.exodus_block > 0 && st.exodus_block == st.claim_root_block && st.claim_distributor_block == st.exodus_block);
    ZT_CHECK(st.deposits_pause_block > 0 && st.deposits_pause_block < st.exodus_block);
    ZT_CHECK(st.migrated_token_count == 2);
    ZT_CHECK_STR(migrated[0], ZKS_ETH_TOKEN_ADDRESS);
    ZT_CHECK_STR(migrated[1], dai->address);
    ZT_CHECK(st.scan_from_block == 0 && st.scan_to_block >= st.exodus_block && st.scan_requests == 1);
    /* chunks of 1 and of 7 blocks find the same, with one request per chunk */
    zks_l1_scan_options so = ZKS_L1_SCAN_OPTIONS_INIT;
    so.chunk_blocks = 1;
    so.to_block = st.scan_to_block;
    so.progress = on_progress;
    zks_l1_network_state st1 = {.struct_size = sizeof st1};
    ZT_CHECK_STATUS(zks_l1_get_network_state(rpc, dn.main_contract, &so, &st1, NULL, 0), ZKS_OK);
    state_equal(&st1, &st);
    ZT_CHECK(st1.scan_requests == st.scan_to_block + 1 && progress_calls == (int)st1.scan_requests);
    so.chunk_blocks = 7;
    so.progress = NULL;
    ZT_CHECK_STATUS(zks_l1_get_network_state(rpc, dn.main_contract, &so, &st1, NULL, 0), ZKS_OK);
    state_equal(&st1, &st);
    ZT_CHECK(st1.scan_requests == (st.scan_to_block + 1 + 6) / 7);
    /* a start after the logs sees none of them; the views still answer */
    so.from_block = st.exodus_block + 1;
    so.chunk_blocks = 0;
    ZT_CHECK_STATUS(zks_l1_get_network_state(rpc, dn.main_contract, &so, &st1, NULL, 0), ZKS_OK);
    ZT_CHECK(st1.exodus_mode == 1 && st1.has_claim_distributor == 0 && st1.has_claim_root == 0);
    ZT_CHECK(st1.exodus_block == 0 && st1.deposits_pause_block == 0 && st1.migrated_token_count <= 2);
    so.from_block = st.scan_to_block + 1;
    ZT_CHECK_STATUS(zks_l1_get_network_state(rpc, dn.main_contract, &so, &st1, NULL, 0), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_get_network_state(rpc, dist, NULL, &st1, NULL, 0), ZKS_ERR_L1_REVERT); /* not the main contract */
    const char *toks[3] = {ZKS_ETH_TOKEN_ADDRESS, dai->address, usdc->address};
    int32_t mig[3] = {7, 7, 7};
    ZT_CHECK_STATUS(zks_l1_tokens_migrated(rpc, dn.main_contract, toks, 3, mig), ZKS_OK);
    ZT_CHECK(mig[0] == 1 && mig[1] == 1 && mig[2] == 0);

    /* ---- refused for good: deposits, full exit, key change ---- */
    zks_l1_result r;
    uint64_t n5 = nonce_of(who[5]);
    ZT_CHECK_STATUS(zks_l1_deposit_eth(l1[5], NULL, "1000", WAIT, &r), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_MSG(strncmp(zks_l1_errmsg(l1[5]), "L: ", 3) == 0, "message: %s", zks_l1_errmsg(l1[5]));
    ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1[5], NULL, dai->address, "1000", ZKS_L1_APPROVE_UNLIMITED, WAIT, &r),
                    ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK(r.approve_tx_hash[0] == '\0');
    ZT_CHECK_STATUS(zks_l1_full_exit(l1[0], ztd_account_id(prov, dn.address[0]), ZKS_ETH_TOKEN_ADDRESS, WAIT, &r),
                    ZKS_ERR_NETWORK_SHUT_DOWN);
    uint8_t pkh[20] = {7};
    ZT_CHECK_STATUS(zks_l1_set_auth_pubkey_hash(l1[5], pkh, 0, WAIT, &r), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK(nonce_of(who[5]) == n5); /* nothing was sent */
    /* without the simulation the tx is mined, reverts, and is mapped the same way */
    ZT_CHECK_STATUS(zks_l1_set_options(l1[5], NULL, 50, ZKS_L1_NO_PREFLIGHT), ZKS_OK);
    ZT_CHECK_STATUS(zks_l1_deposit_eth(l1[5], NULL, "1000", WAIT, &r), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK(strlen(r.tx_hash) == 66 && strncmp(zks_l1_errmsg(l1[5]), "L: ", 3) == 0);
    ZT_CHECK_STATUS(zks_l1_set_options(l1[5], NULL, 0, 0), ZKS_OK);
    n5 = nonce_of(who[5]);

    /* ---- claims ---- */
    ZT_CHECK_MSG(load_proofs(snapdir, root), "proofs from %s", snapdir);
    zks_l1_claim a_eth, a_dai, b_dai, b_eth;
    ZT_CHECK(claim_of(0, ZKS_ETH_TOKEN_ADDRESS, &a_eth) && claim_of(0, dai->address, &a_dai));
    ZT_CHECK(claim_of(1, dai->address, &b_dai) && claim_of(1, ZKS_ETH_TOKEN_ADDRESS, &b_eth));
    ZT_CHECK_STR(a_eth.amount, "2000000000000000000");
    ZT_CHECK_STR(b_dai.amount, "500000000000000000000");
    static zks_l1_claim_result cr[4];
    zks_l1_claim two[2] = {a_eth, b_dai};
    ZT_CHECK_STATUS(zks_l1_claims_check(rpc, dist, NULL, two, 2, cr), ZKS_OK);
    ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_CLAIMABLE && cr[1].state == ZKS_L1_CLAIM_CLAIMABLE && cr[0].tx_hash[0] == 0);
    /* a wrong proof is refused before anything is sent */
    zks_l1_claim bad = a_dai;
    snprintf(bad.amount, sizeof bad.amount, "%s", "300000000000000000001");
    uint64_t n4 = nonce_of(who[4]);
    ZT_CHECK_STATUS(zks_l1_claims_send(l1[4], dist, NULL, &bad, 1, cr), ZKS_ERR_PROOF_INVALID);
    ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_FAILED && strstr(cr[0].reason, "MERKLE_ROOT") != NULL);
    ZT_CHECK(nonce_of(who[4]) == n4);
    ZT_CHECK(strstr(zks_l1_errmsg(l1[4]), "does not lead") != NULL);
    /* a function the distributor does not have: the simulation reverts */
    zks_l1_claim_options co = ZKS_L1_CLAIM_OPTIONS_INIT;
    co.claim_function = "claim(uint256 index,uint256 amount,bytes32[] proof)";
    ZT_CHECK_STATUS(zks_l1_claims_send(l1[4], dist, &co, &a_eth, 1, cr), ZKS_ERR_L1_REVERT);
    ZT_CHECK(nonce_of(who[4]) == n4 && cr[0].tx_hash[0] == '\0');
    co.claim_function = NULL;

    /* A's ETH, sent by a relayer (E): A gets exactly the amount */
    co.wait_ms = WAIT;
    co.journal = journal_ok;
    __int128 a_before = l1_bal(ZKS_ETH_TOKEN_ADDRESS, who[0]);
    ZT_CHECK_STATUS(zks_l1_claims_send(l1[4], dist, &co, &a_eth, 1, cr), ZKS_OK);
    ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_CLAIMED && cr[0].status == ZKS_OK && strlen(cr[0].tx_hash) == 66);
    ZT_CHECK(cr[0].block_number > 0 && cr[0].gas_used > 21000 && cr[0].nonce == n4 && journal_calls == 1);
    ZT_CHECK(l1_bal(ZKS_ETH_TOKEN_ADDRESS, who[0]) - a_before == ztd_dec(a_eth.amount));
    ZT_CHECK(nonce_of(who[4]) == n4 + 1);
    fprintf(stderr, "claim A/ETH: tx %s block %llu gas %llu\n", cr[0].tx_hash, (unsigned long long)cr[0].block_number,
            (unsigned long long)cr[0].gas_used);
    /* B's DAI, sent by B at a fixed gas price: DAI +500 exactly, ETH - gas * price exactly */
    ZT_CHECK_STATUS(zks_l1_set_options(l1[1], "2000000000", 50, 0), ZKS_OK);
    __int128 b_dai_before = l1_bal(dai->address, who[1]), b_eth_before = l1_bal(ZKS_ETH_TOKEN_ADDRESS, who[1]);
    __int128 dist_dai_before = l1_bal(dai->address, dist);
    ZT_CHECK_STATUS(zks_l1_claims_send(l1[1], dist, &co, &b_dai, 1, cr), ZKS_OK);
    ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_CLAIMED);
    ZT_CHECK(l1_bal(dai->address, who[1]) - b_dai_before == ztd_dec(b_dai.amount));
    ZT_CHECK(dist_dai_before - l1_bal(dai->address, dist) == ztd_dec(b_dai.amount));
    ZT_CHECK(b_eth_before - l1_bal(ZKS_ETH_TOKEN_ADDRESS, who[1]) == (__int128)cr[0].gas_used * 2000000000);
    /* the same leaf again: skipped, no tx */
    n4 = nonce_of(who[4]);
    ZT_CHECK_STATUS(zks_l1_claims_send(l1[4], dist, &co, &a_eth, 1, cr), ZKS_ERR_ALREADY_CLAIMED);
    ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_ALREADY && cr[0].tx_hash[0] == '\0' && nonce_of(who[4]) == n4);
    ZT_CHECK_STATUS(zks_l1_claims_check(rpc, dist, NULL, two, 2, cr), ZKS_ERR_ALREADY_CLAIMED);
    ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_ALREADY && cr[1].state == ZKS_L1_CLAIM_ALREADY);
    /* a journal that refuses: nothing sent */
    co.journal = journal_refuse;
    ZT_CHECK_STATUS(zks_l1_claims_send(l1[4], dist, &co, &b_eth, 1, cr), ZKS_ERR_IO);
    ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_FAILED && cr[0].tx_hash[0] == '\0' && nonce_of(who[4]) == n4);
    co.journal = NULL;

    /* a lost eth_sendRawTransaction reply (the node took the tx), then a repeat: no second claim */
    {
        char purl[64];
        pid_t proxy = ztd_drop_proxy_start(dn.l1_url, "eth_sendRawTransaction", purl);
        ZT_CHECK_MSG(proxy > 0, "drop proxy did not start");
        zks_eth_rpc *prpc = NULL;
        zks_l1 *pl1 = NULL;
        if (proxy > 0 && zks_eth_rpc_new(purl, &prpc) == ZKS_OK && zks_eth_rpc_set_retries(prpc, 0, 0) == ZKS_OK &&
            zks_l1_new(prpc, dn.main_contract, 9, dn.key[5], &pl1) == ZKS_OK) {
            __int128 dai0 = l1_bal(dai->address, who[0]);
            zks_l1_claim_options c0 = ZKS_L1_CLAIM_OPTIONS_INIT;
            zks_status s1 = zks_l1_claims_send(pl1, dist, &c0, &a_dai, 1, cr);
            ZT_CHECK_MSG(s1 == ZKS_ERR_OUTCOME_UNKNOWN && cr[0].status == ZKS_ERR_OUTCOME_UNKNOWN, "status %d (%s)",
                         (int)s1, cr[0].reason);
            ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_PENDING && strlen(cr[0].tx_hash) == 66 && cr[0].raw_len > 100);
            ZT_CHECK(cr[0].nonce == n5);
            fprintf(stderr, "lost reply: state %d status %d tx %s nonce %llu: %s\n", cr[0].state, cr[0].status,
                    cr[0].tx_hash, (unsigned long long)cr[0].nonce, cr[0].reason);
            zks_l1_claim again = a_dai;
            memcpy(again.prev_tx_hash, cr[0].tx_hash, sizeof again.prev_tx_hash);
            again.prev_nonce = cr[0].nonce;
            again.prev_raw = cr[0].raw;
            again.prev_raw_len = cr[0].raw_len;
            c0.wait_ms = WAIT;
            static zks_l1_claim_result cr2;
            ZT_CHECK_STATUS(zks_l1_claims_send(l1[5], dist, &c0, &again, 1, &cr2), ZKS_OK);
            ZT_CHECK(cr2.state == ZKS_L1_CLAIM_CLAIMED);
            ZT_CHECK_STR(cr2.tx_hash, cr[0].tx_hash);
            ZT_CHECK(nonce_of(who[5]) == n5 + 1); /* one transaction in all */
            ZT_CHECK(l1_bal(dai->address, who[0]) - dai0 == ztd_dec(a_dai.amount));
            fprintf(stderr, "repeat: state %d tx %s block %llu\n", cr2.state, cr2.tx_hash,
                    (unsigned long long)cr2.block_number);
            n5++;
        }
        zks_l1_free(pl1);
        zks_eth_rpc_free(prpc);
        if (proxy > 0) {
            kill(proxy, SIGTERM);
            waitpid(proxy, NULL, 0);
        }
    }
    /* a claim still pending (miner stopped): a repeat signs nothing new, resends the same bytes */
    res = NULL;
    if (zks_eth_rpc_call_json(rpc, "miner_stop", "[]", 0, &res) == ZKS_OK) {
        zks_free(res);
        res = NULL;
        zks_l1_claim_options c0 = ZKS_L1_CLAIM_OPTIONS_INIT;
        ZT_CHECK_STATUS(zks_l1_claims_send(l1[5], dist, &c0, &b_eth, 1, cr), ZKS_OK); /* wait 0: sent */
        ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_PENDING && cr[0].nonce == n5);
        zks_l1_claim again = b_eth;
        memcpy(again.prev_tx_hash, cr[0].tx_hash, sizeof again.prev_tx_hash);
        again.prev_nonce = cr[0].nonce;
        ZT_CHECK_STATUS(zks_l1_claims_send(l1[5], dist, &c0, &again, 1, &cr[1]), ZKS_ERR_STATE);
        ZT_CHECK(cr[1].state == ZKS_L1_CLAIM_PENDING && strstr(cr[1].reason, "may still be pending") != NULL);
        ZT_CHECK_STR(cr[1].tx_hash, cr[0].tx_hash);
        again.prev_raw = cr[0].raw;
        again.prev_raw_len = cr[0].raw_len;
        ZT_CHECK_STATUS(zks_l1_claims_send(l1[5], dist, &c0, &again, 1, &cr[1]), ZKS_OK);
        ZT_CHECK_MSG(cr[1].state == ZKS_L1_CLAIM_PENDING && strcmp(cr[1].tx_hash, cr[0].tx_hash) == 0, "%d %s",
                     cr[1].state, cr[1].reason);
        again.prev_raw_len = 10; /* bytes that are not that tx */
        ZT_CHECK_STATUS(zks_l1_claims_send(l1[5], dist, &c0, &again, 1, &cr[1]), ZKS_ERR_INVALID_ARG);
        ZT_CHECK(zks_eth_rpc_call_json(rpc, "miner_start", "[]", 0, &res) == ZKS_OK);
        zks_free(res);
        res = NULL;
        zks_eth_receipt *rc = NULL;
        ZT_CHECK_STATUS(zks_eth_rpc_wait_receipt(rpc, cr[0].tx_hash, WAIT, 50, &rc), ZKS_OK);
        zks_eth_receipt_free(rc);
        again.prev_raw_len = cr[0].raw_len;
        ZT_CHECK_STATUS(zks_l1_claims_send(l1[5], dist, &c0, &again, 1, &cr[1]), ZKS_OK);
        ZT_CHECK(cr[1].state == ZKS_L1_CLAIM_CLAIMED && nonce_of(who[5]) == n5 + 1);
    } else {
        ZT_CHECK_MSG(0, "miner_stop unsupported: %s", zks_eth_rpc_errmsg(rpc));
    }

    /* ---- pending balances ---- */
    char amounts[3][ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_l1_pending_balances(rpc, dn.main_contract, who[2], toks, 3, &amounts[0][0], mig), ZKS_OK);
    ZT_CHECK_STR(amounts[0], "0");
    ZT_CHECK_STR(amounts[1], "40000000000000000000");
    ZT_CHECK_STR(amounts[2], "0");
    ZT_CHECK(mig[0] == 1 && mig[1] == 1 && mig[2] == 0);
    ZT_CHECK_STATUS(zks_l1_pending_balances(rpc, dn.main_contract, who[3], toks, 3, &amounts[0][0], NULL), ZKS_OK);
    ZT_CHECK_STR(amounts[2], "7000000");
    uint64_t n2 = nonce_of(who[2]);
    ZT_CHECK_STATUS(zks_l1_withdraw_pending_balance(l1[2], NULL, dai->address, NULL, WAIT, &r), ZKS_ERR_TOKEN_MIGRATED);
    ZT_CHECK(strstr(zks_l1_errmsg(l1[2]), "claim it instead") != NULL && nonce_of(who[2]) == n2);
    __int128 usdc0 = l1_bal(usdc->address, who[3]);
    ZT_CHECK_STATUS(zks_l1_withdraw_pending_balance(l1[3], NULL, usdc->address, NULL, WAIT, &r), ZKS_OK);
    ZT_CHECK(r.mined == 1 && l1_bal(usdc->address, who[3]) - usdc0 == 7000000);
    ZT_CHECK_STATUS(zks_l1_pending_balances(rpc, dn.main_contract, who[3], toks, 3, &amounts[0][0], NULL), ZKS_OK);
    ZT_CHECK_STR(amounts[2], "0");

    /* ---- migrateToken: USDC (not migrated by the switch) ---- */
    {
        zks_l1_claim u;
        ZT_CHECK(claim_of(8, usdc->address, &u));
        ZT_CHECK_STR(u.amount, "3000000");
        zks_l1_claim_options c0 = ZKS_L1_CLAIM_OPTIONS_INIT;
        c0.wait_ms = WAIT;
        n4 = nonce_of(who[4]);
        ZT_CHECK_STATUS(zks_l1_claims_send(l1[4], dist, &c0, &u, 1, cr), ZKS_ERR_STATE);
        ZT_CHECK_MSG(cr[0].state == ZKS_L1_CLAIM_FAILED && strstr(cr[0].reason, "not migrated") != NULL, "%s",
                     cr[0].reason);
        ZT_CHECK(cr[0].tx_hash[0] == '\0' && nonce_of(who[4]) == n4);
        static char out[1 << 15];
        char leaves[700];
        snprintf(leaves, sizeof leaves, "%s/new_leaves.csv", snapdir);
        {
            /* the tool: its own outcome for the leaf, and the dry run of migrate */
            int trc = run_tool(out, sizeof out, "claim --l1 %s --contract %s --leaves %s --account %s --journal %s.j",
                               dn.l1_url, dn.main_contract, leaves, dn.address[8], dn.state_path);
            ZT_CHECK_MSG(trc == 7 && strstr(out, "not migrated yet (run: zksync-exit migrate") != NULL &&
                             strstr(out, "not migrated     1") != NULL && strstr(out, "failed           0") != NULL,
                         "exit %d", trc);
            trc = run_tool(out, sizeof out, "migrate --l1 %s --contract %s --token %s", dn.l1_url, dn.main_contract,
                           usdc->address);
            ZT_CHECK(trc == 0 && strstr(out, "3000000") != NULL && strstr(out, "--send would call migrateToken") != NULL);
            ZT_CHECK(run_tool(out, sizeof out, "migrate --l1 %s --contract %s --token %s --send", dn.l1_url,
                              dn.main_contract, usdc->address) == 2); /* no key */
        }
        __int128 main_u = l1_bal(usdc->address, dn.main_contract), dist_u = l1_bal(usdc->address, dist);
        ZT_CHECK(main_u == 3000000);
        ZT_CHECK_STATUS(zks_l1_migrate_token(l1[4], usdc->address, WAIT, &r), ZKS_OK);
        ZT_CHECK(r.mined == 1 && strlen(r.tx_hash) == 66 && r.nonce == n4);
        ZT_CHECK(l1_bal(usdc->address, dn.main_contract) == 0);
        ZT_CHECK(l1_bal(usdc->address, dist) - dist_u == main_u);
        fprintf(stderr, "migrateToken(USDC): tx %s block %llu gas %llu\n", r.tx_hash,
                (unsigned long long)r.block_number, (unsigned long long)r.gas_used);
        n4 = nonce_of(who[4]);
        ZT_CHECK_STATUS(zks_l1_migrate_token(l1[4], usdc->address, WAIT, &r), ZKS_ERR_STATE);
        ZT_CHECK(strstr(zks_l1_errmsg(l1[4]), "already migrated") != NULL && nonce_of(who[4]) == n4);
        /* an unlisted token (as an NFT address): the simulation reverts 1i, nothing sent */
        ZT_CHECK_STATUS(zks_l1_migrate_token(l1[4], "0x00000000000000000000000000000000000000e1", WAIT, &r),
                        ZKS_ERR_L1_REVERT);
        ZT_CHECK_MSG(strncmp(zks_l1_errmsg(l1[4]), "1i: ", 4) == 0, "%s", zks_l1_errmsg(l1[4]));
        ZT_CHECK(nonce_of(who[4]) == n4);
        __int128 u8 = l1_bal(usdc->address, dn.address[8]);
        ZT_CHECK_STATUS(zks_l1_claims_send(l1[4], dist, &c0, &u, 1, cr), ZKS_OK);
        ZT_CHECK(cr[0].state == ZKS_L1_CLAIM_CLAIMED);
        ZT_CHECK(l1_bal(usdc->address, dn.address[8]) - u8 == 3000000);
        {
            char hex[65];
            zt_hex(hex, dn.key[4], 32);
            setenv("ZT_SUNSET_KEY", hex, 1);
            n4 = nonce_of(who[4]);
            ZT_CHECK(run_tool(out, sizeof out, "migrate --l1 %s --contract %s --token %s --token %s --send --key-env ZT_SUNSET_KEY",
                              dn.l1_url, dn.main_contract, usdc->address, dai->address) == 0);
            ZT_CHECK(strstr(out, "2 already migrated") != NULL && nonce_of(who[4]) == n4);
            unsetenv("ZT_SUNSET_KEY");
        }
    }

    cli_checks(snapdir, dai->address);

    for (int k = 0; k < NACC; k++) zks_l1_free(l1[k]);
    zks_provider_free(prov);
    zks_eth_rpc_free(rpc);
    ztd_stop();
}

int main(void)
{
    tree_vectors();
    fn_parse();
    encode_by_hand();
    from_proof();
    log_decoding();
    arg_checks();
    encode_differential();
    zo_stop();
    devnet_checks();
    ZT_END();
}
