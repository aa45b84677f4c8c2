/* Amount/fee packing, token formatting and parsing: fixed vectors from
 * docs/transactions.md and a differential run against zksync.js 0.13.1 /
 * ethers 5.7.2 through the oracle. */
#include "harness.h"
#include "oracle.h"

static void fixed_cases(void)
{
    uint8_t a[5], f[2];
    char s[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_amount_pack("1", a), ZKS_OK);
    ZT_CHECK_HEX(a, 5, "0000000020");
    ZT_CHECK_STATUS(zks_amount_pack("10", a), ZKS_OK);
    ZT_CHECK_HEX(a, 5, "0000000140");
    ZT_CHECK_STATUS(zks_amount_pack("1000000000000000000", a), ZKS_OK);
    ZT_CHECK_HEX(a, 5, "4a817c8008");
    ZT_CHECK_STATUS(zks_amount_pack("34359738367", a), ZKS_OK);
    ZT_CHECK_HEX(a, 5, "ffffffffe0");
    ZT_CHECK_STATUS(zks_amount_pack(ZKS_AMOUNT_SERVER_MAX, a), ZKS_OK);
    ZT_CHECK_HEX(a, 5, "fd87b5f29c");
    ZT_CHECK_STATUS(zks_amount_pack("343597383670000000000000000000000000000000", a), ZKS_OK);
    ZT_CHECK_HEX(a, 5, "ffffffffff");
    ZT_CHECK_STATUS(zks_amount_pack("0", a), ZKS_OK);
    ZT_CHECK_HEX(a, 5, "0000000000");
    ZT_CHECK_STATUS(zks_fee_pack("1000000000000000000", f), ZKS_OK);
    ZT_CHECK_HEX(f, 2, "7d0f");
    ZT_CHECK_STATUS(zks_fee_pack("123000000000000", f), ZKS_OK);
    ZT_CHECK_HEX(f, 2, "99cb");
    ZT_CHECK_STATUS(zks_fee_pack("2047", f), ZKS_OK);
    ZT_CHECK_HEX(f, 2, "ffe0");
    ZT_CHECK_STATUS(zks_fee_pack("20470000000000000000000000000000000", f), ZKS_OK);
    ZT_CHECK_HEX(f, 2, "ffff");

    /* Unpackable and invalid: outputs zeroed. */
    memset(a, 0xaa, 5);
    ZT_CHECK_STATUS(zks_amount_pack("34359738368", a), ZKS_ERR_NOT_PACKABLE);
    ZT_CHECK(zt_all_zero(a, 5));
    ZT_CHECK_STATUS(zks_amount_pack("1000000000000000001", a), ZKS_ERR_NOT_PACKABLE);
    ZT_CHECK_STATUS(zks_amount_pack("343597383670000000000000000000000000000001", a), ZKS_ERR_NOT_PACKABLE);
    ZT_CHECK_STATUS(zks_amount_pack("1000000000000000000000000000000000000000000", a), ZKS_ERR_NOT_PACKABLE);
    ZT_CHECK_STATUS(zks_fee_pack("2049", f), ZKS_ERR_NOT_PACKABLE);
    ZT_CHECK_STATUS(zks_fee_pack("20480000000000000000000000000000000", f), ZKS_ERR_NOT_PACKABLE);
    const char *bad[] = {"", "-1", "+1", "1.5", " 1", "1 ", "0x10", "1e18", "abc"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(a, 0xaa, 5);
        ZT_CHECK_STATUS(zks_amount_pack(bad[i], a), ZKS_ERR_INVALID_AMOUNT);
        ZT_CHECK(zt_all_zero(a, 5));
        ZT_CHECK_STATUS(zks_fee_pack(bad[i], f), ZKS_ERR_INVALID_AMOUNT);
        ZT_CHECK_STATUS(zks_amount_is_packable(bad[i]), ZKS_ERR_INVALID_AMOUNT);
        ZT_CHECK_STATUS(zks_amount_closest_packable(bad[i], s, sizeof s), ZKS_ERR_INVALID_AMOUNT);
        ZT_CHECK_STATUS(zks_token_format(bad[i], 18, s, sizeof s), ZKS_ERR_INVALID_AMOUNT);
    }
    ZT_CHECK_STATUS(zks_amount_pack(NULL, a), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_amount_pack("1", NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_amount_is_packable(NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_amount_is_packable("34359738370"), ZKS_OK);
    ZT_CHECK_STATUS(zks_fee_is_packable("2050"), ZKS_OK);
    ZT_CHECK_STATUS(zks_fee_is_packable("2049"), ZKS_ERR_NOT_PACKABLE);

    ZT_CHECK_STATUS(zks_amount_closest_packable("34359738368", s, sizeof s), ZKS_OK);
    ZT_CHECK_STR(s, "34359738367");
    ZT_CHECK_STATUS(zks_amount_closest_packable("1234567890123456789", s, sizeof s), ZKS_OK);
    ZT_CHECK_STR(s, "1234567890100000000");
    ZT_CHECK_STATUS(zks_amount_closest_packable_up("34359738368", s, sizeof s), ZKS_OK);
    ZT_CHECK_STR(s, "34359738370");
    ZT_CHECK_STATUS(zks_fee_closest_packable("2048", s, sizeof s), ZKS_OK);
    ZT_CHECK_STR(s, "2047");
    ZT_CHECK_STATUS(zks_fee_closest_packable_up("2048", s, sizeof s), ZKS_OK);
    ZT_CHECK_STR(s, "2050");
    ZT_CHECK_STATUS(zks_amount_closest_packable("10000000000000000000000000000000000000000000", s, sizeof s),
                    ZKS_ERR_INVALID_AMOUNT);
    ZT_CHECK_STR(s, "");
    ZT_CHECK_STATUS(zks_amount_closest_packable("34359738368", s, 11), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK_STR(s, "");
    ZT_CHECK_STATUS(zks_amount_closest_packable("34359738368", s, 12), ZKS_OK);

    uint8_t ff[5] = {0xff, 0xff, 0xff, 0xff, 0xff};
    ZT_CHECK_STATUS(zks_amount_unpack(ff, s, sizeof s), ZKS_OK);
    ZT_CHECK_STR(s, "343597383670000000000000000000000000000000");
    ZT_CHECK_STATUS(zks_amount_unpack(ff, s, 42), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK_STATUS(zks_fee_unpack(ff, s, sizeof s), ZKS_OK);
    ZT_CHECK_STR(s, "20470000000000000000000000000000000");

    /* formatToken examples from the spec. */
    struct { const char *v; uint32_t d; const char *want; } fm[] = {
        {"1000000000000000000", 18, "1.0"}, {"1500000000000000000", 18, "1.5"},
        {"100", 18, "0.0000000000000001"}, {"0", 18, "0.0"}, {"1234500", 6, "1.2345"},
        {"1000000", 6, "1.0"}, {"12345678", 8, "0.12345678"}, {"1", 0, "1.0"}, {"0", 0, "0.0"},
        {"340282366920000000000000000000000000000", 18, "340282366920000000000.0"},
        {"1000000000000000001", 18, "1.000000000000000001"}};
    for (size_t i = 0; i < sizeof fm / sizeof fm[0]; i++) {
        ZT_CHECK_STATUS(zks_token_format(fm[i].v, fm[i].d, s, sizeof s), ZKS_OK);
        ZT_CHECK_STR(s, fm[i].want);
    }
    char t[ZKS_TOKEN_CHARS + 1];
    ZT_CHECK_STATUS(zks_token_format("115792089237316195423570985008687907853269984665640564039457584007913129639935", 0,
                                     t, sizeof t), ZKS_OK);
    ZT_CHECK(strlen(t) == 80);
    ZT_CHECK_STATUS(zks_token_format("1", 77, t, sizeof t), ZKS_OK);
    ZT_CHECK_STATUS(zks_token_format("1", 78, t, sizeof t), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_token_format("1", 18, t, 3), ZKS_ERR_BUFFER_SIZE);

    struct { const char *in; uint32_t d; const char *want; } ps[] = {
        {"1.5", 6, "1500000"}, {".5", 6, "500000"}, {"1.", 6, "1000000"}, {"007", 2, "700"},
        {"1.500000000", 6, "1500000"}, {"0", 18, "0"}, {"0.0", 0, "0"}, {"12", 0, "12"},
        {"0.000000000000000001", 18, "1"}};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        ZT_CHECK_STATUS(zks_token_parse(ps[i].in, ps[i].d, s, sizeof s), ZKS_OK);
        ZT_CHECK_STR(s, ps[i].want);
    }
    const char *pbad[] = {"", ".", "-1", "+1", " 1", "1 ", "1e3", "1.2.3", "0x1", "1,5", "1.0000001"};
    for (size_t i = 0; i < sizeof pbad / sizeof pbad[0]; i++) {
        ZT_CHECK_MSG(zks_token_parse(pbad[i], 6, s, sizeof s) == ZKS_ERR_INVALID_AMOUNT && s[0] == '\0',
                     "parse \"%s\"", pbad[i]);
    }
    ZT_CHECK_STATUS(zks_token_parse("1", 77, s, sizeof s), ZKS_OK);
    ZT_CHECK_STATUS(zks_token_parse("100", 77, s, sizeof s), ZKS_ERR_INVALID_AMOUNT);
}

/* A random amount string of interesting shape. */
static void rand_amount(char *out)
{
    unsigned kind = (unsigned)(zt_rand64() % 6);
    char d[80];
    size_t n = 0;
    if (kind <= 2) { /* mantissa with up to 12 digits times 10^e: near the packing boundaries */
        unsigned md = 1 + (unsigned)(zt_rand64() % 12), e = (unsigned)(zt_rand64() % 34);
        for (unsigned i = 0; i < md; i++) d[n++] = (char)('0' + zt_rand64() % 10);
        if (kind == 1 && md >= 11) memcpy(d, "34359738", 8);
        if (kind == 2 && md >= 4) memcpy(d, "204", 3);
        for (unsigned i = 0; i < e; i++) d[n++] = '0';
        if (zt_rand64() % 4 == 0 && n > 1) d[n - 1] = (char)('0' + zt_rand64() % 10);
    } else if (kind == 3) { /* small */
        n = (size_t)snprintf(d, sizeof d, "%llu", (unsigned long long)(zt_rand64() % 5000));
    } else { /* any length up to 44 digits */
        size_t len = 1 + (size_t)(zt_rand64() % 44);
        for (size_t i = 0; i < len; i++) d[n++] = (char)('0' + zt_rand64() % 10);
    }
    d[n] = '\0';
    const char *p = d;
    while (p[0] == '0' && p[1] != '\0') p++;
    strcpy(out, p);
}

static int want_ok(cJSON *o, const char *key, const char **val)
{
    cJSON *it = cJSON_GetObjectItem(o, key);
    if (cJSON_IsObject(it)) return 0; /* {"err": ...} */
    if (val) *val = cJSON_IsString(it) ? it->valuestring : NULL;
    return 1;
}

int main(void)
{
    fixed_cases();
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        ZT_END();
    }
    int n = zt_iters(3000, 150);
    char (*vals)[80] = calloc((size_t)n, 80);
    uint8_t (*raw)[5] = calloc((size_t)n, 5);
    uint32_t *decs = calloc((size_t)n, sizeof *decs);
    for (int i = 0; i < n; i++) {
        rand_amount(vals[i]);
        zt_rand_bytes(raw[i], 5);
        decs[i] = (uint32_t)(i % 5 == 0 ? zt_rand64() % 78 : zt_rand64() % 19);
        zo_sendf("{\"op\":\"pack\",\"v\":\"%s\"}", vals[i]);
        char hx[11];
        zt_hex(hx, raw[i], 5);
        zo_sendf("{\"op\":\"unpack\",\"amount\":\"%s\"}", hx);
        zt_hex(hx, raw[i], 2);
        zo_sendf("{\"op\":\"unpack\",\"fee\":\"%s\"}", hx);
        zo_sendf("{\"op\":\"format_units\",\"v\":\"%s\",\"d\":%u}", vals[i], decs[i]);
    }
    for (int i = 0; i < n; i++) {
        char s[ZKS_AMOUNT_CHARS + 1];
        cJSON *rep = zo_recv();
        cJSON *ok = rep ? cJSON_GetObjectItem(rep, "ok") : NULL;
        const char *v = vals[i], *w;
        if (!ok) { ZT_CHECK_MSG(0, "no reply"); cJSON_Delete(rep); break; }
        uint8_t a[5], f[2];
        char hx[11];
        zks_status st = zks_amount_pack(v, a);
        if (want_ok(ok, "amount", &w)) {
            zt_hex(hx, a, 5);
            ZT_CHECK_MSG(st == ZKS_OK && strcmp(hx, w) == 0, "pack amount %s: %s vs %s", v, hx, w);
        } else {
            ZT_CHECK_MSG(st == ZKS_ERR_NOT_PACKABLE, "pack amount %s: status %d", v, st);
        }
        st = zks_fee_pack(v, f);
        if (want_ok(ok, "fee", &w)) {
            zt_hex(hx, f, 2);
            ZT_CHECK_MSG(st == ZKS_OK && strcmp(hx, w) == 0, "pack fee %s", v);
        } else {
            ZT_CHECK_MSG(st == ZKS_ERR_NOT_PACKABLE, "pack fee %s: status %d", v, st);
        }
        struct { const char *key; zks_status (*fn)(const char *, char *, size_t); } cl[] = {
            {"closestAmount", zks_amount_closest_packable}, {"closestAmountUp", zks_amount_closest_packable_up},
            {"closestFee", zks_fee_closest_packable}, {"closestFeeUp", zks_fee_closest_packable_up}};
        for (int k = 0; k < 4; k++) {
            st = cl[k].fn(v, s, sizeof s);
            if (want_ok(ok, cl[k].key, &w)) {
                ZT_CHECK_MSG(st == ZKS_OK && strcmp(s, w) == 0, "%s %s: %s vs %s", cl[k].key, v, s, w);
            } else {
                ZT_CHECK_MSG(st == ZKS_ERR_INVALID_AMOUNT, "%s %s: status %d", cl[k].key, v, st);
            }
        }
        cJSON *ia = cJSON_GetObjectItem(ok, "isAmount"), *ifee = cJSON_GetObjectItem(ok, "isFee");
        ZT_CHECK((zks_amount_is_packable(v) == ZKS_OK) == cJSON_IsTrue(ia));
        ZT_CHECK((zks_fee_is_packable(v) == ZKS_OK) == cJSON_IsTrue(ifee));
        cJSON_Delete(rep);

        rep = zo_recv();
        const char *u = zo_ok_str(rep);
        ZT_CHECK(zks_amount_unpack(raw[i], s, sizeof s) == ZKS_OK && u && strcmp(s, u) == 0);
        cJSON_Delete(rep);
        rep = zo_recv();
        u = zo_ok_str(rep);
        ZT_CHECK(zks_fee_unpack(raw[i], s, sizeof s) == ZKS_OK && u && strcmp(s, u) == 0);
        cJSON_Delete(rep);

        /* formatUnits, plus the zksync.js ".0" rule; then parse it back. */
        rep = zo_recv();
        u = zo_ok_str(rep);
        char want[120] = "";
        if (u) snprintf(want, sizeof want, "%s%s", u, strchr(u, '.') ? "" : ".0");
        char t[ZKS_TOKEN_CHARS + 1];
        ZT_CHECK_MSG(zks_token_format(v, decs[i], t, sizeof t) == ZKS_OK && strcmp(t, want) == 0,
                     "format %s/%u: %s vs %s", v, decs[i], t, want);
        ZT_CHECK(zks_token_parse(t, decs[i], s, sizeof s) == ZKS_OK && strcmp(s, v) == 0);
        cJSON_Delete(rep);
    }

    /* parseUnits on random text, valid and not. */
    int m = zt_iters(1500, 100);
    char (*txt)[48] = calloc((size_t)m, 48);
    const char alphabet[] = "0123456789000.";
    for (int i = 0; i < m; i++) {
        size_t len = (size_t)(zt_rand64() % 30);
        for (size_t k = 0; k < len; k++) txt[i][k] = alphabet[zt_rand64() % (sizeof alphabet - 1)];
        if (zt_rand64() % 50 == 0) txt[i][0] = "-+ e"[zt_rand64() % 4];
        decs[i] = (uint32_t)(zt_rand64() % 25);
        zo_sendf("{\"op\":\"parse_units\",\"s\":\"%s\",\"d\":%u}", txt[i], decs[i]);
    }
    for (int i = 0; i < m; i++) {
        char s[ZKS_AMOUNT_CHARS + 1];
        cJSON *rep = zo_recv();
        cJSON *ok = rep ? cJSON_GetObjectItem(rep, "ok") : NULL;
        zks_status st = zks_token_parse(txt[i], decs[i], s, sizeof s);
        if (cJSON_IsString(ok) && txt[i][0] != '-') { /* ethers takes "-x"; we refuse signs */
            ZT_CHECK_MSG(st == ZKS_OK && strcmp(s, ok->valuestring) == 0, "parse \"%s\"/%u: %s vs %s", txt[i],
                         decs[i], s, ok->valuestring);
        } else {
            ZT_CHECK_MSG(st == ZKS_ERR_INVALID_AMOUNT, "parse \"%s\"/%u should fail (status %d)", txt[i], decs[i], st);
        }
        cJSON_Delete(rep);
    }
    free(txt);
    free(vals);
    free(raw);
    free(decs);
    zo_stop();
    ZT_END();
}
