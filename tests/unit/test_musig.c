/* zks_musig_sign / zks_musig_verify: the crypto.md section 8 vectors, statuses
 * and zeroed outputs, negative cases, and a live differential run against
 * zksync-crypto 0.6.2 sign_musig / verify_musig. */
#include "harness.h"
#include "oracle.h"
#include "internal.h"
#include "crypto/jubjub.h"

static const char *R_HEX = "060c89ce5c263405370a08b6d0302b0bab3eedb83920ee0a677297dc392126f1";

static void msg10(uint8_t m[10])
{
    for (int i = 0; i < 10; i++) m[i] = (uint8_t)i;
}

static void check_sig(const char *sk_hex, const uint8_t *msg, size_t len, const char *sig_hex)
{
    uint8_t sk[32], sig[96];
    zt_unhex(sk, 32, sk_hex);
    ZT_CHECK_STATUS(zks_musig_sign(sk, msg, len, sig), ZKS_OK);
    ZT_CHECK_HEX(sig, 96, sig_hex);
    ZT_CHECK_STATUS(zks_musig_verify(msg, len, sig), ZKS_OK);
}

/* Only R || s is given in the spec: check the last 64 bytes. */
static void check_rs(const char *sk_hex, const uint8_t *msg, size_t len, const char *rs_hex)
{
    uint8_t sk[32], sig[96];
    zt_unhex(sk, 32, sk_hex);
    ZT_CHECK_STATUS(zks_musig_sign(sk, msg, len, sig), ZKS_OK);
    ZT_CHECK_HEX(sig + 32, 64, rs_hex);
    ZT_CHECK_STATUS(zks_musig_verify(msg, len, sig), ZKS_OK);
}

static void test_vectors(void)
{
    uint8_t m[92];
    msg10(m);
    const char *sk1 = "048719008be0b1086f321ca51728eeb929b8f67ddc7d1c14253d259b841d2e31";
    const char *pk1 = "4cb4917e57a0aebdbe5286c9d966ac8333914207554463a7c9b3e2116d3bf9ad";
    char want[193];

    /* 8.1 */
    check_sig(sk1, m, 10,
              "4cb4917e57a0aebdbe5286c9d966ac8333914207554463a7c9b3e2116d3bf9ad"
              "f49e6392835096e168ff7355aeb4d77aa37b492fe789291e6bafa7c5ff1f36a7"
              "61aa5e5761a281046677ec708d40121df14b4495f823bcca41fff00a7b4e3c02");
    snprintf(want, sizeof want, "%s%s%s", pk1,
             "644e45d37ea06612622ff532798520934ef13fdebc32ba845a0cd16eae8ccc07",
             "24236d5f03a4e18ba616476564cd62f9c8721ce0691eecc0536930935c9aa505");
    check_sig(sk1, NULL, 0, want);
    memset(m, 0xab, 92);
    snprintf(want, sizeof want, "%s%s%s", pk1,
             "0f43a95fb3ab5283315c78406793cc04ffd7d7fe7a43c155fbe6c3ec0fdc308b",
             "ccc74fe6bc9290183f904717c635d41a1f8170c37d0a86804874888d8cb2c004");
    check_sig(sk1, m, 92, want);

    /* 8.2 */
    msg10(m);
    const char *sk2 = "0552a69519d1f3043611126c13489ff4a2a867a1c667b1d9d9031cd27fdcff5a";
    check_sig(sk2, m, 10,
              "17f3708f5e2b2c39c640def0cf0010fd9dd9219650e389114ea9da47f5874184"
              "e1c402a1eb0f77b8d39c6cd3d4ec0e6ec56a9851b84998a1818c0ecff99aaa2d"
              "38187f05bb5f2d8de244f11c8922b56feea39c100d2775e85f50189bc6976205");
    check_rs(sk2, NULL, 0,
             "dbe84df234a09aab6bbbe2efe58401cb3da621347feeb740cde4904f543a8b23"
             "16db86d1b3699988c0a38cda7f29f3acaea678f965ae27cd41a2976d80ba1900");
    /* 8.3, 8.4 */
    check_sig("042ceda2335a81681bf7bf2ad62962408ea93432425b7778c497e7da18472922", m, 10,
              "327329d5345e85f51ba913f5ef052393be51294fbe8cd13c7603c8b5a0af1323"
              "c023c20f3e6d91d665101f4b4ead8bf21f119ef6d32cbefe0bf7715680e948a4"
              "c36f1dee9694a505e838a4fa1c46544d1836740a297c580a8037a9f8c8940b00");
    check_sig("052ffd2a7a52fe604a8df567e4775de087192f7a00c97bd395c565449395be5f", m, 10,
              "8941030a4595986c486277ae8997bd140a888f5ace9d1fed8dca82fe1b7e92aa"
              "b3f09e49e221564d16985c2c6810c6bf76667c67b9878d9606756f40eb6aa883"
              "765c718dd6e26b2646148cda9c54469ae97377ae81a3f8e44c1bea912a983505");
    /* 8.5 */
    check_rs("05d26020e1360816209727b7b3cd4282963a899c22bed998d017d1f08ab5ccd5", m, 10,
             "2b19fa018f1d5aae8949bfc70532b540f9eb6db2db3ed9248c61b854406ade9f"
             "3b4c4f677d9ae78b6eb75ffd2c4f0e30df56bbc87d12977a93b479f3e3cab304");

    /* 8.1 intermediates: PK and R coordinates, k*G = R, s = k + c*sk */
    {
        uint8_t sig1[96], be[32], le[32], skb[32];
        zki_jj_affine a;
        zki_jj_point p;
        zki_fs k, c, skf, s;
        zt_unhex(skb, 32, sk1);
        msg10(m);
        ZT_CHECK_STATUS(zks_musig_sign(skb, m, 10, sig1), ZKS_OK);
        const char *coords[4] = {"1570cc9af563b86d5bc2e90677a792027cf38e242403d7741f004234553a270b",
                                 "2df93b6d11e2b3c9a76344550742913383ac66d9c98652bebdaea0577e91b44c",
                                 "141cdd0b86a5e4154336a428ddb5ee7c756767ae5db382368446b56da59e539f",
                                 "27361fffc5a7af6b1e2989e72f497ba37ad7b4ae5573ff68e196508392639ef4"};
        for (int pt = 0; pt < 2; pt++) {
            ZT_CHECK(zki_jj_decompress_var(&a, sig1 + 32 * pt));
            for (int xy = 0; xy < 2; xy++) {
                zki_fr_to_bytes_le(le, xy ? &a.y : &a.x);
                for (int i = 0; i < 32; i++) be[i] = le[31 - i];
                ZT_CHECK_HEX(be, 32, coords[2 * pt + xy]);
            }
        }
        zt_unhex(be, 32, "04e0ca0613292ada8baf26e80df72337fd9dd3a0b28d78fda676e267575c67d8");
        ZT_CHECK(zki_fs_from_bytes_be(&k, be));
        zki_jj_mul_base(&p, &k);
        zki_jj_to_affine(&a, &p);
        zki_jj_compress(le, &a);
        ZT_CHECK(memcmp(le, sig1 + 32, 32) == 0);
        zt_unhex(be, 32, "024b291ae54c4b5b4bd167d32e415bdb32e6548c462c9a323d9de40f2fe6d291");
        ZT_CHECK(zki_fs_from_bytes_be(&c, be));
        ZT_CHECK(zki_fs_from_bytes_be(&skf, skb));
        zki_fs_mul(&s, &c, &skf);
        zki_fs_add(&s, &s, &k);
        zki_fs_to_bytes_le(le, &s);
        ZT_CHECK(memcmp(le, sig1 + 64, 32) == 0);
    }

    /* the length is not encoded: a signature over m also verifies m || 00 */
    uint8_t sk[32], sig[96];
    zt_unhex(sk, 32, sk1);
    ZT_CHECK_STATUS(zks_musig_sign(sk, m, 10, sig), ZKS_OK);
    m[10] = 0;
    ZT_CHECK_STATUS(zks_musig_verify(m, 11, sig), ZKS_OK);
    /* deterministic */
    uint8_t sig2[96];
    ZT_CHECK_STATUS(zks_musig_sign(sk, m, 10, sig2), ZKS_OK);
    ZT_CHECK(memcmp(sig, sig2, 96) == 0);
}

static void test_errors(void)
{
    uint8_t sk[32], sig[96], m[100], good[96];
    const char *sk1 = "048719008be0b1086f321ca51728eeb929b8f67ddc7d1c14253d259b841d2e31";
    zt_unhex(sk, 32, sk1);
    msg10(m);
    ZT_CHECK_STATUS(zks_musig_sign(sk, m, 10, good), ZKS_OK);

    /* sign: arguments, lengths, keys; output zeroed */
    memset(sig, 0xaa, 96);
    ZT_CHECK_STATUS(zks_musig_sign(sk, m, 93, sig), ZKS_ERR_MSG_TOO_LONG);
    ZT_CHECK(zt_all_zero(sig, 96));
    memset(sig, 0xaa, 96);
    ZT_CHECK_STATUS(zks_musig_sign(NULL, m, 10, sig), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(sig, 96));
    memset(sig, 0xaa, 96);
    ZT_CHECK_STATUS(zks_musig_sign(sk, NULL, 1, sig), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(sig, 96));
    ZT_CHECK_STATUS(zks_musig_sign(sk, m, 10, NULL), ZKS_ERR_INVALID_ARG);
    uint8_t bad[32];
    memset(bad, 0, 32);
    memset(sig, 0xaa, 96);
    ZT_CHECK_STATUS(zks_musig_sign(bad, m, 10, sig), ZKS_ERR_INVALID_KEY); /* 0 */
    ZT_CHECK(zt_all_zero(sig, 96));
    zt_unhex(bad, 32, R_HEX);
    memset(sig, 0xaa, 96);
    ZT_CHECK_STATUS(zks_musig_sign(bad, m, 10, sig), ZKS_ERR_INVALID_KEY); /* r */
    ZT_CHECK(zt_all_zero(sig, 96));
    memset(bad, 0xff, 32);
    ZT_CHECK_STATUS(zks_musig_sign(bad, m, 10, sig), ZKS_ERR_INVALID_KEY);
    zt_unhex(bad, 32, R_HEX);
    bad[31] -= 1; /* r - 1 works */
    ZT_CHECK_STATUS(zks_musig_sign(bad, m, 10, sig), ZKS_OK);
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_OK);

    /* verify: arguments and length */
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_musig_verify(NULL, 10, good), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_musig_verify(m, 93, good), ZKS_ERR_MSG_TOO_LONG);

    /* tampering */
    memcpy(sig, good, 96);
    sig[95] ^= 1; /* s changed, still < r */
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_INVALID);
    ZT_CHECK_STATUS(zks_musig_verify(m, 9, good), ZKS_ERR_SIGNATURE_INVALID); /* other message */
    m[0] ^= 0x80;
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, good), ZKS_ERR_SIGNATURE_INVALID);
    m[0] ^= 0x80;
    memcpy(sig, good, 96);
    sig[31] ^= 0x80; /* PK sign bit: -PK */
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_INVALID);
    memcpy(sig, good, 96);
    sig[63] ^= 0x80; /* R sign bit: -R */
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_INVALID);

    /* s + r: not canonical */
    zki_fs s;
    uint8_t rle[32];
    zt_unhex(rle, 32, R_HEX);
    ZT_CHECK(zki_fs_from_bytes_le(&s, good + 64) == 1);
    memcpy(sig, good, 96);
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
        unsigned v = sig[64 + i] + rle[31 - i] + carry;
        sig[64 + i] = (uint8_t)v;
        carry = v >> 8;
    }
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_MALFORMED);
    memcpy(sig, good, 96);
    memset(sig + 64, 0xff, 32);
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_MALFORMED);

    /* PK or R not a point */
    memcpy(sig, good, 96);
    memset(sig, 0xff, 32);
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_MALFORMED);
    memcpy(sig, good, 96);
    memset(sig + 32, 0xff, 32);
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_MALFORMED);
    /* R off the curve: find a y that does not decode */
    memcpy(sig, good, 96);
    zki_jj_affine a;
    for (int y = 2;; y++) {
        memset(sig + 32, 0, 32);
        sig[32] = (uint8_t)y;
        if (!zki_jj_decompress_var(&a, sig + 32)) break;
    }
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_MALFORMED);

    /* PK = (0, -1), order 2; PK = identity; R = (0, -1) */
    uint8_t m1[32];
    zki_fr f;
    zki_fr_neg(&f, &zki_fr_one);
    zki_fr_to_bytes_le(m1, &f);
    memcpy(sig, good, 96);
    memcpy(sig, m1, 32);
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_INVALID);
    memcpy(sig, good, 96);
    memcpy(sig + 32, m1, 32);
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_INVALID);
    /* identity public key with R = s*G: the reference accepts this (any message);
     * we refuse the identity as a public key. */
    memcpy(sig, good, 96);
    memset(sig, 0, 32);
    sig[0] = 1;
    memcpy(sig + 32, "\xb7\x94\x6c\x9c\x0e\x5c\x4b\x98\x7d\xd5\xf6\xf5\x15\xc8\x32\x75"
                     "\x06\xe4\x68\x4a\x64\x24\x42\x78\x3f\x5d\x78\xea\x67\x11\xa0\x85", 32);
    memset(sig + 64, 0, 32);
    sig[64] = 1;
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_INVALID);

    /* PK + torsion point: on the curve, outside the subgroup */
    zki_jj_point p, t;
    ZT_CHECK(zki_jj_decompress_var(&a, good));
    zki_jj_from_affine(&p, &a);
    ZT_CHECK(zki_jj_decompress_var(&a, m1));
    zki_jj_from_affine(&t, &a);
    zki_jj_add(&p, &p, &t);
    zki_jj_to_affine(&a, &p);
    memcpy(sig, good, 96);
    zki_jj_compress(sig, &a);
    ZT_CHECK_STATUS(zks_musig_verify(m, 10, sig), ZKS_ERR_SIGNATURE_INVALID);
}

/* ---- live differential run ------------------------------------------------ */

#define WINDOW 48

typedef struct {
    uint8_t sk[32], msg[93], sig[96], var[96], vmsg[93];
    size_t len, vlen;
    int kind;
} sig_case;

static void rand_sk(uint8_t sk[32], int i)
{
    zki_fs k;
    if (i % 40 == 3) { /* r - small */
        zt_unhex(sk, 32, R_HEX);
        sk[31] = (uint8_t)(sk[31] - 1 - zt_rand64() % 200);
        return;
    }
    if (i % 40 == 4) {
        memset(sk, 0, 32);
        sk[31] = (uint8_t)(1 + zt_rand64() % 255);
        return;
    }
    do {
        zt_rand_bytes(sk, 32);
        sk[0] &= 0x07;
    } while (!zki_fs_load_privkey(&k, sk));
}

static void rand_msg(uint8_t *m, size_t *len, int i)
{
    static const size_t edge[] = {0, 1, 91, 92};
    if (i % 10 < 4) *len = edge[i % 10];
    else *len = (size_t)(zt_rand64() % 93);
    if (i % 20 == 5) {
        *len = 92;
        memset(m, 0xff, 92);
    } else {
        zt_rand_bytes(m, *len);
    }
}

/* A tampered (or untouched) copy of the signature; kind picks the change. */
static void make_variant(sig_case *c, int kind)
{
    memcpy(c->var, c->sig, 96);
    memcpy(c->vmsg, c->msg, c->len);
    c->vlen = c->len;
    c->kind = kind;
    switch (kind) {
    case 0: break;                                                      /* valid */
    case 1: c->var[64 + zt_rand64() % 32] ^= (uint8_t)(1u << (zt_rand64() % 8)); break; /* s bit */
    case 2: c->var[32 + zt_rand64() % 32] ^= (uint8_t)(1u << (zt_rand64() % 8)); break; /* R bit */
    case 3: c->var[zt_rand64() % 32] ^= (uint8_t)(1u << (zt_rand64() % 8)); break;      /* PK bit */
    case 4: c->var[31] ^= 0x80; break;                                   /* PK sign */
    case 5: c->var[63] ^= 0x80; break;                                   /* R sign */
    case 6:                                                              /* message */
        if (c->vlen > 0 && zt_rand64() % 2) c->vmsg[zt_rand64() % c->vlen] ^= 0x01;
        else if (c->vlen < 92) c->vmsg[c->vlen++] = (uint8_t)(zt_rand64() % 2); /* 00 keeps it valid */
        else c->vmsg[91] ^= 0x40;
        break;
    case 7: { /* s + r */
        uint8_t rbe[32];
        unsigned carry = 0;
        zt_unhex(rbe, 32, R_HEX);
        for (int i = 0; i < 32; i++) {
            unsigned v = c->var[64 + i] + rbe[31 - i] + carry;
            c->var[64 + i] = (uint8_t)v;
            carry = v >> 8;
        }
        break;
    }
    case 8: { /* PK = (0, -1) */
        zki_fr f;
        zki_fr_neg(&f, &zki_fr_one);
        zki_fr_to_bytes_le(c->var, &f);
        break;
    }
    case 9: { /* R = a random curve point (almost surely outside the subgroup) */
        zki_jj_affine a;
        do {
            zt_rand_bytes(c->var + 32, 32);
            c->var[63] &= 0xbf;
        } while (!zki_jj_decompress_var(&a, c->var + 32));
        break;
    }
    case 10: /* random s < 2^251 */
        zt_rand_bytes(c->var + 64, 32);
        c->var[95] &= 0x07;
        break;
    default: break;
    }
}

static void test_oracle(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle did not start (tests/oracle, node)");
        return;
    }
    int n = zt_iters(2000, 8);
    /* Two batches in flight: while the reference works on batch b, we sign
     * batch b + 1 and then check batch b. */
    sig_case *bufs[2] = {calloc((size_t)WINDOW, sizeof(sig_case)), calloc((size_t)WINDOW, sizeof(sig_case))};
    int sizes[2] = {0, 0};
    int bad_sign = 0, bad_verify = 0, bad_ours = 0, sent = 0;
    int count[3] = {0, 0, 0}; /* true, false, error */
    char hex[256], hex2[256];
    for (int b = 0;; b++) {
        sig_case *cs = bufs[b % 2];
        int m = n - sent < WINDOW ? n - sent : WINDOW;
        sizes[b % 2] = m;
        for (int i = 0; i < m; i++) {
            sig_case *c = &cs[i];
            rand_sk(c->sk, sent + i);
            rand_msg(c->msg, &c->len, sent + i);
            if (zks_musig_sign(c->sk, c->msg, c->len, c->sig) != ZKS_OK) bad_ours++;
            make_variant(c, (sent + i) % 11);
            zt_hex(hex, c->sk, 32);
            zt_hex(hex2, c->msg, c->len);
            zo_sendf("{\"op\":\"sign_musig\",\"sk\":\"%s\",\"msg\":\"%s\"}", hex, hex2);
            zt_hex(hex, c->var, 96);
            zt_hex(hex2, c->vmsg, c->vlen);
            zo_sendf("{\"op\":\"verify_musig\",\"msg\":\"%s\",\"sig\":\"%s\"}", hex2, hex);
        }
        sent += m;
        fflush(NULL);
        if (b == 0) continue;
        cs = bufs[(b - 1) % 2];
        for (int i = 0; i < sizes[(b - 1) % 2]; i++) {
            sig_case *c = &cs[i];
            /* our own checks while the reference works */
            zks_status own = zks_musig_verify(c->msg, c->len, c->sig);
            if (own != ZKS_OK) bad_ours++;
            zks_status st = zks_musig_verify(c->vmsg, c->vlen, c->var);

            cJSON *r = zo_recv();
            const char *s = zo_ok_str(r);
            zt_hex(hex, c->sig, 96);
            if (!s || strcmp(s, hex) != 0) bad_sign++;
            cJSON_Delete(r);

            r = zo_recv();
            cJSON *ok = r ? cJSON_GetObjectItem(r, "ok") : NULL;
            int want; /* 0 true, 1 false, 2 error */
            if (cJSON_IsTrue(ok)) want = 0;
            else if (cJSON_IsFalse(ok)) want = 1;
            else want = 2;
            count[want]++;
            int got = st == ZKS_OK ? 0 : st == ZKS_ERR_SIGNATURE_INVALID ? 1
                    : st == ZKS_ERR_SIGNATURE_MALFORMED ? 2 : 3;
            if (got != want) {
                bad_verify++;
                if (bad_verify < 5)
                    printf("verify mismatch kind %d: ours %d reference %d\n", c->kind, got, want);
            }
            cJSON_Delete(r);
        }
        if (m == 0) break; /* the last batch was empty: everything is checked */
    }
    free(bufs[0]);
    free(bufs[1]);
    zo_stop();
    ZT_CHECK_MSG(bad_ours == 0, "own sign/verify failed in %d cases", bad_ours);
    ZT_CHECK_MSG(bad_sign == 0, "sign_musig differs from the reference in %d/%d cases", bad_sign, n);
    ZT_CHECK_MSG(bad_verify == 0, "verify_musig differs from the reference in %d/%d cases", bad_verify, n);
    printf("oracle: %d sign_musig, %d verify_musig (reference: %d true, %d false, %d error)\n", n, n,
           count[0], count[1], count[2]);
}

/* verify hashes the message in lockstep with the challenge's first
 * permutation: every message length (the multipacking boundaries) and every
 * last-byte change must still give the sign-side result. */
static void test_verify_lengths(void)
{
    uint8_t sk[32], m[ZKS_MSG_MAX_BYTES], sig[ZKS_MUSIG_BYTES];
    for (int i = 0; i < 32; i++) sk[i] = (uint8_t)(0x11 * (i + 1));
    sk[0] = 0x01;
    for (size_t i = 0; i < sizeof m; i++) m[i] = (uint8_t)(0xa5 ^ (i * 7));
    for (size_t len = 0; len <= ZKS_MSG_MAX_BYTES; len++) {
        ZT_CHECK_STATUS(zks_musig_sign(sk, m, len, sig), ZKS_OK);
        ZT_CHECK_STATUS(zks_musig_verify(m, len, sig), ZKS_OK);
        if (len > 0) {
            m[len - 1] ^= 0x01;
            ZT_CHECK_STATUS(zks_musig_verify(m, len, sig), ZKS_ERR_SIGNATURE_INVALID);
            m[len - 1] ^= 0x01;
        }
    }
}

int main(void)
{
    test_vectors();
    test_errors();
    test_verify_lengths();
    test_oracle();
    ZT_END();
}
