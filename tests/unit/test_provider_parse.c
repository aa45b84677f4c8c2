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
    ZT_CHECK_STATUS(env("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", &code, msg, sizeof msg), ZKS_OK);
    ZT_CHECK_STATUS(env("{\"result\":1,\"error\":null}", &code, msg, sizeof msg), ZKS_OK);
    ZT_CHECK_STATUS(env("{\"id\":1}", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"result\":1} \r\n", &code, msg, sizeof msg), ZKS_OK);
    ZT_CHECK_STATUS(env("{\"result\":1}garbage", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"result\":1}{\"result\":2}", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("[]", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"error\":5}", &code, msg, sizeof msg), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(env("{\"error\":{\"code\":104,\"message\":\"Transaction fee is too low\"}}", &code, msg, sizeof msg),
                    ZKS_ERR_RPC);
    ZT_CHECK(code == 104);
    ZT_CHECK_STR(msg, "Transaction fee"); /* cut to the buffer */
    ZT_CHECK_STATUS(env("{\"error\":{\"code\":-32602,\"message\":7}}", &code, msg, sizeof msg), ZKS_ERR_RPC);
    ZT_CHECK(code == -32602 && msg[0] == 0);
    ZT_CHECK_STATUS(env("{\"error\":{\"code\":1e300}}", &code, msg, sizeof msg), ZKS_ERR_RPC);
    ZT_CHECK(code == 0);
    ZT_CHECK_STATUS(env("{\"error\":{\"code\":1.5}}", &code, msg, sizeof msg), ZKS_ERR_RPC);
    ZT_CHECK(code == 0);

    ZT_CHECK(zki_rpc_map_zksync(101) == ZKS_ERR_NONCE_MISMATCH && zki_rpc_map_zksync(104) == ZKS_ERR_FEE_TOO_LOW);
    ZT_CHECK(zki_rpc_map_zksync(105) == ZKS_ERR_FEE_TOKEN && zki_rpc_map_zksync(201) == ZKS_ERR_ETH_SIGNATURE);
    ZT_CHECK(zki_rpc_map_zksync(203) == ZKS_ERR_NOT_AUTHORIZED && zki_rpc_map_zksync(204) == ZKS_ERR_RPC);
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

    char out[ZKS_RPC_AMOUNT_CHARS + 1];
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

static void test_mutations(void)
{
    const char *dir = "tests/fuzz/corpus/rpc_response";
    DIR *d = opendir(dir);
    ZT_CHECK_MSG(d != NULL, "missing %s", dir);
    if (d == NULL) return;
    static uint8_t seed[8192], buf[8192];
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
        }
    }
    closedir(d);
    ZT_CHECK_MSG(files >= 10, "only %d seed files", files);
    ZT_CHECK(1); /* reaching here means no crash */
}

int main(void)
{
    test_envelope();
    test_mutations();
    ZT_END();
}
