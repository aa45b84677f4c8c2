/* lib/util/u256: fixed cases, parser edge cases, and a differential run
 * against BigInt in the oracle (add, sub, mul, divmod, cmp, bits, BE bytes). */
#include "harness.h"
#include "oracle.h"
#include "util/u256.h"

static const char *MAX256 =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";

/* Random value with a random bit length, so small and huge values both occur. */
static void rand_u256(zki_u256 *r)
{
    unsigned bits = (unsigned)(zt_rand64() % 257);
    for (int i = 0; i < 4; i++) r->w[i] = zt_rand64();
    for (unsigned i = bits; i < 256; i++) r->w[i / 64] &= ~((uint64_t)1 << (i % 64));
    if (zt_rand64() % 8 == 0) { /* runs of ones/zeros hit carry paths */
        for (int i = 0; i < 4; i++) r->w[i] = (zt_rand64() & 1) ? ~(uint64_t)0 : 0;
    }
}

static void fixed_cases(void)
{
    zki_u256 a, b, c;
    char s[79];
    ZT_CHECK(zki_u256_from_dec(&a, "0") == 0 && zki_u256_is_zero(&a));
    ZT_CHECK(zki_u256_to_dec(s, &a) == 1);
    ZT_CHECK_STR(s, "0");
    ZT_CHECK(zki_u256_from_dec(&a, "000123") == 0 && a.w[0] == 123);
    ZT_CHECK(zki_u256_from_dec(&a, MAX256) == 0);
    ZT_CHECK(a.w[0] == ~(uint64_t)0 && a.w[3] == ~(uint64_t)0);
    zki_u256_to_dec(s, &a);
    ZT_CHECK_STR(s, MAX256);
    ZT_CHECK(zki_u256_bits(&a) == 256);
    /* 2^256 is one too many. */
    ZT_CHECK(zki_u256_from_dec(&a, "115792089237316195423570985008687907853269984665640564039457584007913129639936") == -1);
    ZT_CHECK(zki_u256_is_zero(&a));
    const char *bad[] = {"", "-1", "+1", " 1", "1 ", "1.0", "0x10", "1e3", "12a",
                         "0000000000000000000000000000000000000000000000000000000000000000000000000000001"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        a.w[0] = 77;
        ZT_CHECK_MSG(zki_u256_from_dec(&a, bad[i]) == -1 && zki_u256_is_zero(&a), "bad dec \"%s\"", bad[i]);
    }
    ZT_CHECK(zki_u256_from_dec(&a, NULL) == -1);
    ZT_CHECK(zki_u256_from_dec_n(&a, "12345", 3) == 0 && a.w[0] == 123);
    ZT_CHECK(zki_u256_from_dec_n(&a, "12345", 0) == -1);
    /* 78 digits with leading zero is fine. */
    ZT_CHECK(zki_u256_from_dec(&a, "011579208923731619542357098500868790785326998466564056403945758400791312963993") == 0);

    ZT_CHECK(zki_u256_pow10(&a, 77) == 0 && zki_u256_pow10(&a, 78) == -1);
    zki_u256_pow10(&a, 18);
    ZT_CHECK(a.w[0] == 1000000000000000000ULL && a.w[1] == 0);

    zki_u256_from_u64(&a, 1);
    zki_u256_from_dec(&b, MAX256);
    ZT_CHECK(zki_u256_add(&c, &a, &b) == -1);
    ZT_CHECK(zki_u256_sub(&c, &a, &b) == -1);
    ZT_CHECK(zki_u256_sub(&c, &b, &a) == 0 && c.w[0] == ~(uint64_t)1);
    ZT_CHECK(zki_u256_mul_u64(&c, &b, 2) == -1);
    ZT_CHECK(zki_u256_mul(&c, &b, &a) == 0 && zki_u256_cmp(&c, &b) == 0);
    ZT_CHECK(zki_u256_divmod_u64(&c, NULL, &b, 0) == -1);
    zki_u256_from_u64(&c, 0);
    ZT_CHECK(zki_u256_divmod(&a, NULL, &b, &c) == -1);

    uint8_t be[32];
    zki_u256_from_u64(&a, 0x0102030405ULL);
    ZT_CHECK(zki_u256_to_be(be, 5, &a) == 0);
    ZT_CHECK_HEX(be, 5, "0102030405");
    memset(be, 0xee, sizeof be);
    ZT_CHECK(zki_u256_to_be(be, 4, &a) == -1 && be[0] == 0xee);
    ZT_CHECK(zki_u256_to_be(be, 0, &a) == -1 && zki_u256_to_be(be, 33, &a) == -1);
    zki_u256_from_be(&b, be + 28, 0);
    ZT_CHECK(zki_u256_is_zero(&b));
    uint8_t in[16] = {0x0d, 0xe0, 0xb6, 0xb3, 0xa7, 0x64, 0x00, 0x01};
    zki_u256_from_be(&b, in, 8);
    zki_u256_to_dec(s, &b);
    ZT_CHECK_STR(s, "1000000000000000001");
}

int main(void)
{
    fixed_cases();

    /* Local round trips: dec <-> u256 <-> BE bytes; a = q*d + r. */
    int n = zt_iters(3000, 200);
    for (int i = 0; i < n; i++) {
        zki_u256 a, b, q, r, t;
        char s[79];
        rand_u256(&a);
        rand_u256(&b);
        zki_u256_to_dec(s, &a);
        ZT_CHECK(zki_u256_from_dec(&t, s) == 0 && zki_u256_cmp(&t, &a) == 0);
        uint8_t be[32];
        ZT_CHECK(zki_u256_to_be(be, 32, &a) == 0);
        zki_u256_from_be(&t, be, 32);
        ZT_CHECK(zki_u256_cmp(&t, &a) == 0);
        if (!zki_u256_is_zero(&b)) {
            ZT_CHECK(zki_u256_divmod(&q, &r, &a, &b) == 0);
            ZT_CHECK(zki_u256_cmp(&r, &b) < 0);
            ZT_CHECK(zki_u256_mul(&t, &q, &b) == 0 && zki_u256_add(&t, &t, &r) == 0);
            ZT_CHECK(zki_u256_cmp(&t, &a) == 0);
        }
    }

    /* Differential against BigInt. */
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        ZT_END();
    }
    int m = zt_iters(2500, 100);
    zki_u256 *as = calloc((size_t)m, sizeof *as), *bs = calloc((size_t)m, sizeof *bs);
    for (int i = 0; i < m; i++) {
        char sa[79], sb[79];
        rand_u256(&as[i]);
        rand_u256(&bs[i]);
        if (i % 5 == 0) { /* divisor below 2^64: exercises the short path */
            bs[i].w[1] = bs[i].w[2] = bs[i].w[3] = 0;
        }
        zki_u256_to_dec(sa, &as[i]);
        zki_u256_to_dec(sb, &bs[i]);
        zo_sendf("{\"op\":\"u256\",\"a\":\"%s\",\"b\":\"%s\"}", sa, sb);
    }
    for (int i = 0; i < m; i++) {
        cJSON *rep = zo_recv();
        cJSON *ok = rep ? cJSON_GetObjectItem(rep, "ok") : NULL;
        if (!ok) { ZT_CHECK_MSG(0, "oracle reply %d missing", i); cJSON_Delete(rep); continue; }
        zki_u256 r, rem;
        char s[79];
        const char *names[3] = {"add", "sub", "mul"};
        for (int k = 0; k < 3; k++) {
            int rc = k == 0 ? zki_u256_add(&r, &as[i], &bs[i])
                   : k == 1 ? zki_u256_sub(&r, &as[i], &bs[i])
                            : zki_u256_mul(&r, &as[i], &bs[i]);
            cJSON *want = cJSON_GetObjectItem(ok, names[k]);
            if (cJSON_IsNull(want)) {
                ZT_CHECK_MSG(rc == -1, "%s case %d: expected overflow", names[k], i);
            } else {
                zki_u256_to_dec(s, &r);
                ZT_CHECK_MSG(rc == 0 && strcmp(s, want->valuestring) == 0, "%s case %d: %s vs %s", names[k], i, s,
                             want->valuestring);
            }
        }
        cJSON *wd = cJSON_GetObjectItem(ok, "div");
        if (cJSON_IsNull(wd)) {
            ZT_CHECK(zki_u256_divmod(&r, &rem, &as[i], &bs[i]) == -1);
        } else {
            char s2[79];
            ZT_CHECK(zki_u256_divmod(&r, &rem, &as[i], &bs[i]) == 0);
            zki_u256_to_dec(s, &r);
            zki_u256_to_dec(s2, &rem);
            ZT_CHECK_MSG(strcmp(s, wd->valuestring) == 0, "div case %d", i);
            ZT_CHECK_MSG(strcmp(s2, cJSON_GetObjectItem(ok, "mod")->valuestring) == 0, "mod case %d", i);
            if (bs[i].w[1] == 0 && bs[i].w[2] == 0 && bs[i].w[3] == 0) {
                uint64_t r64;
                ZT_CHECK(zki_u256_divmod_u64(&r, &r64, &as[i], bs[i].w[0]) == 0);
                zki_u256_to_dec(s, &r);
                ZT_CHECK(strcmp(s, wd->valuestring) == 0 && r64 == rem.w[0]);
                ZT_CHECK(zki_u256_mul_u64(&r, &as[i], bs[i].w[0]) == (cJSON_IsNull(cJSON_GetObjectItem(ok, "mul")) ? -1 : 0));
            }
        }
        ZT_CHECK(zki_u256_cmp(&as[i], &bs[i]) == cJSON_GetObjectItem(ok, "cmp")->valueint);
        ZT_CHECK(zki_u256_bits(&as[i]) == (unsigned)cJSON_GetObjectItem(ok, "bits")->valueint);
        uint8_t be[32];
        zki_u256_to_be(be, 32, &as[i]);
        ZT_CHECK_HEX(be, 32, cJSON_GetObjectItem(ok, "bex")->valuestring);
        cJSON_Delete(rep);
    }
    free(as);
    free(bs);
    zo_stop();
    ZT_END();
}
