/* Provider parsing without a network: the JSON-RPC envelope, error mapping,
 * revert decoding, hex quantities, request building, and random mutations of
 * the fuzz seed corpus through every parser (under ASan/valgrind in make check). */
#include <dirent.h>

#include "harness.h"
#include "../fuzz/fuzz_rpc_response.c"

static zks_status env(const char *body, int64_t *code, char *msg, size_t cap)
{
    cJSON *root, *res, *d;
    zks_status st = zki_rpc_parse_response(body, strlen(body), &root, &res, code, msg, cap, &d);
    cJSON_Delete(root);
    return st;
}

static void test_envelope(void)
{
    int64_t code;
    char msg[16];
#define J "\"jsonrpc\":\"2.0\",\"id\":1,"
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", &code, msg, sizeof msg), ZKS_OK);
    ZT_CHECK_STATUS(env("{" J "\"result\":1,\"error\":null}", &code, msg, sizeof msg), ZKS_OK);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":1}", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{" J "\"result\":1} \r\n", &code, msg, sizeof msg), ZKS_OK);
    ZT_CHECK_STATUS(env("{" J "\"result\":1}garbage", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{" J "\"result\":1}{\"result\":2}", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("[]", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{" J "\"error\":5}", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{" J "\"error\":{\"code\":104,\"message\":\"Transaction fee is too low\"}}", &code, msg,
                        sizeof msg),
                    ZKS_ERR_RPC);
    ZT_CHECK(code == 104);
    ZT_CHECK_STR(msg, "Transaction fee"); /* cut to the buffer */
    ZT_CHECK_STATUS(env("{" J "\"error\":{\"code\":-32602,\"message\":7}}", &code, msg, sizeof msg), ZKS_ERR_RPC);
    ZT_CHECK(code == -32602 && msg[0] == 0);
    ZT_CHECK_STATUS(env("{" J "\"error\":{\"code\":1e300}}", &code, msg, sizeof msg), ZKS_ERR_RPC);
    ZT_CHECK(code == 0);
    ZT_CHECK_STATUS(env("{" J "\"error\":{\"code\":1.5}}", &code, msg, sizeof msg), ZKS_ERR_RPC);
    ZT_CHECK(code == 0);

    /* the envelope itself: "jsonrpc" must be "2.0" and "id" the request's (1) */
    char why[96];
    ZT_CHECK_STATUS(env("{\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK(strstr(why, "jsonrpc") != NULL);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"1.0\",\"id\":1,\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":2,\"id\":1,\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK(strstr(why, "\"id\"") != NULL);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    /* id null only with an error (the server could not read the request) */
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}",
                        &code, why, sizeof why),
                    ZKS_ERR_RPC);
    ZT_CHECK(code == -32700);
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":305,\"message\":\"x\"}}", &code, why,
                        sizeof why),
                    ZKS_ERR_PARSE);
    /* duplicate keys, at the top, inside the result, in a large map (sorted check) */
    ZT_CHECK_STATUS(env("{" J "\"result\":1,\"result\":2}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK(strstr(why, "duplicate") != NULL);
    ZT_CHECK_STATUS(env("{" J "\"id\":1,\"result\":1}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{" J "\"result\":[{\"a\":1,\"b\":2,\"a\":3}]}", &code, why, sizeof why), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{" J "\"error\":{\"code\":101,\"message\":\"a\",\"message\":\"b\"}}", &code, why,
                        sizeof why),
                    ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{" J "\"result\":{\"a\":{\"x\":1},\"b\":{\"x\":1}}}", &code, why, sizeof why), ZKS_OK);
    {
        char big[4096];
        for (int dup = 0; dup < 2; dup++) {
            size_t w = (size_t)snprintf(big, sizeof big, "{" J "\"result\":{");
            for (int i = 0; i < 100; i++)
                w += (size_t)snprintf(big + w, sizeof big - w, "%s\"k%03d\":%d", i ? "," : "", dup && i == 99 ? 42 : i, i);
            snprintf(big + w, sizeof big - w, "}}");
            ZT_CHECK_STATUS(env(big, &code, why, sizeof why), dup ? ZKS_ERR_PARSE : ZKS_OK);
        }
    }
    ZT_CHECK(zki_json_keys_unique(NULL));
    /* server text is cleaned: controls -> ' ', invalid UTF-8 -> '?', valid UTF-8 kept */
    char clean[64];
    ZT_CHECK_STATUS(env("{" J "\"error\":{\"code\":300,\"message\":\"a\\u001b[31mb\\nc\\u007fd\\u0085e\\u00e9\"}}",
                        &code, clean, sizeof clean),
                    ZKS_ERR_RPC);
    ZT_CHECK_STR(clean, "a [31mb c d e\xc3\xa9");
    zki_copy_text(clean, sizeof clean, "x\xff\xc3y\xe2\x82\xacz\xed\xa0\x80\xf0\x9f\x98\x80\xf4\x90\x80\x80\xc0\xaf");
    ZT_CHECK_STR(clean, "x??y\xe2\x82\xacz???\xf0\x9f\x98\x80??????");
    zki_copy_text(clean, 6, "ab\xe2\x82\xac\xe2\x82\xac"); /* a 3-byte character that does not fit is left out */
    ZT_CHECK_STR(clean, "ab\xe2\x82\xac");
    zki_copy_text(clean, 5, "ab\xe2\x82\xac");
    ZT_CHECK_STR(clean, "ab");
    zki_copy_text_n(clean, sizeof clean, "a\0b", 3);
    ZT_CHECK_STR(clean, "a b");
    zki_copy_text(clean, 1, "abc");
    ZT_CHECK_STR(clean, "");

    /* REST v0.2 envelope (the shutdown answer of POST /api/v0.2/transactions, sunset.md section 2) */
    static const char rest609[] =
        "{\"request\":{\"network\":\"mainnet\",\"apiVersion\":\"v02\",\"resource\":\"/api/v0.2/transactions\","
        "\"args\":{},\"timestamp\":\"2026-05-05T10:00:00.000000Z\"},\"status\":\"error\",\"error\":{\"errorType\":"
        "\"submitError\",\"code\":609,\"message\":\"L2 transactions are disabled.\"},\"result\":null}";
    char rmsg[64];
    ZT_CHECK_STATUS(zki_rest_v02_status(rest609, strlen(rest609), &code, rmsg, sizeof rmsg), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK(code == 609);
    ZT_CHECK_STR(rmsg, "L2 transactions are disabled.");
    static const char rest606[] = "{\"status\":\"error\",\"error\":{\"errorType\":\"submitError\",\"code\":606,"
                                  "\"message\":\"Chosen token is not suitable for paying fees.\"},\"result\":null}";
    ZT_CHECK_STATUS(zki_rest_v02_status(rest606, strlen(rest606), &code, rmsg, sizeof rmsg), ZKS_ERR_FEE_TOKEN);
    static const char rest604[] = "{\"status\":\"error\",\"error\":{\"code\":604,\"message\":\"Tx is incorrect\"}}";
    ZT_CHECK_STATUS(zki_rest_v02_status(rest604, strlen(rest604), &code, rmsg, sizeof rmsg), ZKS_ERR_RPC);
    ZT_CHECK(code == 604);
    static const char rest_ok[] = "{\"request\":{},\"status\":\"success\",\"result\":\"sync-tx:00\",\"error\":null}";
    ZT_CHECK_STATUS(zki_rest_v02_status(rest_ok, strlen(rest_ok), &code, rmsg, sizeof rmsg), ZKS_OK);
    ZT_CHECK(code == 0 && rmsg[0] == 0);
    static const char *const rest_bad[] = {
        "", "[]", "{\"status\":\"error\"}", "{\"status\":\"error\",\"error\":{\"message\":\"x\"}}",
        "{\"status\":\"maybe\"}", "{\"status\":\"success\",\"status\":\"error\"}"};
    for (size_t i = 0; i < sizeof rest_bad / sizeof rest_bad[0]; i++)
        ZT_CHECK_STATUS(zki_rest_v02_status(rest_bad[i], strlen(rest_bad[i]), &code, rmsg, sizeof rmsg), ZKS_ERR_PARSE);
    ZT_CHECK(zki_rest_map_v02(609) == ZKS_ERR_NETWORK_SHUT_DOWN && zki_rest_map_v02(600) == ZKS_ERR_RPC);
#undef J

    ZT_CHECK(zki_rpc_map_zksync(101) == ZKS_ERR_NONCE_MISMATCH && zki_rpc_map_zksync(104) == ZKS_ERR_FEE_TOO_LOW);
    ZT_CHECK(zki_rpc_map_zksync(105) == ZKS_ERR_FEE_TOKEN && zki_rpc_map_zksync(201) == ZKS_ERR_ETH_SIGNATURE);
    ZT_CHECK(zki_rpc_map_zksync(203) == ZKS_ERR_NOT_AUTHORIZED && zki_rpc_map_zksync(204) == ZKS_ERR_RPC);
    ZT_CHECK(zki_rpc_map_zksync(305) == ZKS_ERR_NETWORK_SHUT_DOWN && zki_rpc_map_zksync(304) == ZKS_ERR_RPC);
    ZT_CHECK(zki_rpc_map_eth(-32000, "Insufficient funds for gas") == ZKS_ERR_INSUFFICIENT_FUNDS);
    ZT_CHECK(zki_rpc_map_eth(3, "whatever") == ZKS_ERR_L1_REVERT);
    ZT_CHECK(zki_rpc_map_eth(-32000, "header not found") == ZKS_ERR_RPC);

    char r[8];
    zki_rpc_revert_reason(NULL, "VM Exception while processing transaction: revert toolongreason", r, sizeof r);
    ZT_CHECK_STR(r, "toolong");
    cJSON *bad = cJSON_CreateString("0x08c379a0ffff");
    zki_rpc_revert_reason(bad, "no marker", r, sizeof r);
    ZT_CHECK_STR(r, "");
    cJSON_Delete(bad);
    /* offset pointing past the end */
    bad = cJSON_CreateString("0x08c379a0"
                             "00000000000000000000000000000000000000000000000000000000000000ff"
                             "0000000000000000000000000000000000000000000000000000000000000001"
                             "6100000000000000000000000000000000000000000000000000000000000000");
    zki_rpc_revert_reason(bad, "", r, sizeof r);
    ZT_CHECK_STR(r, "");
    cJSON_Delete(bad);
    /* Error(string) reason "abcdef\xc3\xa9xy" cut to 7 bytes: the 2-byte character
     * at bytes 6..7 must not be split (it used to keep the lone 0xc3 lead byte) */
    bad = cJSON_CreateString("0x08c379a0"
                             "0000000000000000000000000000000000000000000000000000000000000020"
                             "000000000000000000000000000000000000000000000000000000000000000a"
                             "616263646566c3a978790000000000000000000000000000000000000000000000");
    zki_rpc_revert_reason(bad, "", r, sizeof r);
    ZT_CHECK_STR(r, "abcdef");
    char rbig[16];
    zki_rpc_revert_reason(bad, "", rbig, sizeof rbig);
    ZT_CHECK_STR(rbig, "abcdef\xc3\xa9xy");
    cJSON_Delete(bad);

    char out[ZKS_AMOUNT_CHARS + 1];
    uint64_t u;
    cJSON *q = cJSON_CreateString("0x");
    ZT_CHECK(zki_hex_quantity_u64(q, &u) == -1);
    cJSON_SetValuestring(q, "0x0");
    ZT_CHECK(zki_hex_quantity_u64(q, &u) == 0 && u == 0);
    cJSON_SetValuestring(q, "0xffffffffffffffff");
    ZT_CHECK(zki_hex_quantity_u64(q, &u) == 0 && u == UINT64_MAX);
    cJSON_SetValuestring(q, "0x10000000000000000");
    ZT_CHECK(zki_hex_quantity_u64(q, &u) == -1 && u == 0);
    ZT_CHECK(zki_hex_quantity_dec(q, out) == 0);
    ZT_CHECK_STR(out, "18446744073709551616");
    cJSON_SetValuestring(q, "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    ZT_CHECK(zki_hex_quantity_dec(q, out) == 0);
    ZT_CHECK_STR(out, "115792089237316195423570985008687907853269984665640564039457584007913129639935");
    cJSON_SetValuestring(q, "0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    ZT_CHECK(zki_hex_quantity_dec(q, out) == -1);
    cJSON_SetValuestring(q, "0xg");
    ZT_CHECK(zki_hex_quantity_dec(q, out) == -1);
    cJSON_Delete(q);
    cJSON *am = cJSON_CreateString("000123");
    ZT_CHECK(zki_json_amount(am, out) == 0);
    ZT_CHECK_STR(out, "123");
    cJSON_SetValuestring(am, "-1");
    ZT_CHECK(zki_json_amount(am, out) == -1);
    cJSON_Delete(am);
    cJSON *num = cJSON_CreateNumber(9007199254740994.0);
    ZT_CHECK(zki_json_u64(num, UINT64_MAX, &u) == -1);
    cJSON_SetNumberValue(num, -1);
    ZT_CHECK(zki_json_u64(num, UINT64_MAX, &u) == -1);
    cJSON_SetNumberValue(num, 4294967296.0);
    ZT_CHECK(zki_json_u64(num, UINT32_MAX, &u) == -1);
    cJSON_Delete(num);
    /* 2^53 - 1 is the largest exact integer; "9007199254740993" rounds to 2^53 and must be refused */
    num = cJSON_Parse("9007199254740991");
    ZT_CHECK(zki_json_u64(num, UINT64_MAX, &u) == 0 && u == 9007199254740991ull);
    cJSON_Delete(num);
    num = cJSON_Parse("9007199254740993");
    ZT_CHECK(zki_json_u64(num, UINT64_MAX, &u) == -1 && u == 0);
    cJSON_Delete(num);

    char cut[6];
    zki_copy_cut(cut, sizeof cut, "abcd\xc3\xa9xyz"); /* é must not be split */
    ZT_CHECK_STR(cut, "abcd");

    cJSON *pa = cJSON_CreateArray();
    cJSON_AddItemToArray(pa, cJSON_CreateRaw("65536"));
    char *req = zki_rpc_request("get_nft", pa);
    ZT_CHECK_STR(req, "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_nft\",\"params\":[65536]}");
    zks_free(req);
    req = zki_rpc_request("tokens", NULL);
    ZT_CHECK_STR(req, "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"tokens\",\"params\":null}");
    zks_free(req);
    cJSON_Delete(pa);

    /* typed parsers refuse wrong shapes with zeroed output */
    cJSON *o = cJSON_Parse("{\"executed\":true,\"success\":1,\"failReason\":null,\"block\":null}");
    zks_tx_info ti;
    ZT_CHECK_STATUS(zki_parse_tx_info(o, &ti), ZKS_ERR_PARSE);
    ZT_CHECK(zt_all_zero(&ti, sizeof ti));
    cJSON_Delete(o);
    o = cJSON_Parse("{\"ETH\":{\"id\":0,\"address\":\"0x0\",\"symbol\":\"ETH\",\"decimals\":99}}");
    zks_token_list *tl = (zks_token_list *)1;
    ZT_CHECK_STATUS(zki_parse_tokens(o, &tl), ZKS_ERR_PARSE);
    ZT_CHECK(tl == NULL);
    cJSON_Delete(o);
}

static size_t read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* The response parser's contract on any input: ZKS_OK (root and result set),
 * ZKS_ERR_RPC (root kept, no result) or ZKS_ERR_PARSE (nothing kept). */
static void classify(const uint8_t *b, size_t n, int counts[3], int *bad)
{
    cJSON *root = NULL, *res = NULL, *data = NULL;
    int64_t code = 0;
    char msg[256];
    zks_status st = zki_rpc_parse_response((const char *)b, n, &root, &res, &code, msg, sizeof msg, &data);
    if (st == ZKS_OK && root != NULL && res != NULL) counts[0]++;
    else if (st == ZKS_ERR_RPC && root != NULL && res == NULL) counts[1]++;
    else if (st == ZKS_ERR_PARSE && root == NULL && res == NULL && data == NULL && msg[0] != '\0') counts[2]++;
    else (*bad)++;
    cJSON_Delete(root);
}

static void test_mutations(void)
{
    const char *dir = "tests/fuzz/corpus/rpc_response";
    DIR *d = opendir(dir);
    ZT_CHECK_MSG(d != NULL, "missing %s", dir);
    if (d == NULL) return;
    static uint8_t seed[8192], buf[8192];
    int counts[3] = {0, 0, 0}, bad = 0;
    int files = 0, iters = zt_iters(400, 40);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t n = read_file(path, seed, sizeof seed);
        if (n == 0) continue;
        files++;
        LLVMFuzzerTestOneInput(seed, n);
        classify(seed, n, counts, &bad);
        for (int i = 0; i < iters; i++) {
            memcpy(buf, seed, n);
            size_t len = n;
            int edits = 1 + (int)(zt_rand64() % 4);
            for (int k = 0; k < edits; k++) {
                size_t pos = (size_t)(zt_rand64() % len);
                switch (zt_rand64() % 4) {
                case 0: buf[pos] = (uint8_t)zt_rand64(); break;
                case 1: len = pos + 1; break;                               /* truncate */
                case 2: buf[pos] = "{}[]\",:0x-e.9n"[zt_rand64() % 14]; break; /* structural */
                default: buf[pos] ^= (uint8_t)(1u << (zt_rand64() % 8)); break;
                }
            }
            LLVMFuzzerTestOneInput(buf, len);
            classify(buf, len, counts, &bad);
        }
    }
    closedir(d);
    ZT_CHECK_MSG(files >= 10, "only %d seed files", files);
    /* every input got a typed outcome with consistent outputs, and the
     * mutations reached both sides (accepted and refused answers) */
    ZT_CHECK_MSG(bad == 0, "%d inputs gave an untyped or inconsistent outcome", bad);
    ZT_CHECK_MSG(counts[0] > 0 && counts[2] > 0, "outcomes ok %d, rpc error %d, refused %d", counts[0], counts[1],
                 counts[2]);
}

int main(void)
{
    test_envelope();
    test_mutations();
    ZT_END();
}
