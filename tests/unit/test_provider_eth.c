/* zks_eth_rpc against the loopback mock: every method, exact requests, hex
 * quantity decoding, revert/insufficient-funds mapping, safe raw-tx resend. */
#include <sodium.h>
#include <cjson/cJSON.h>

#include "harness.h"
#include "../mock/mock_launch.h"

static zks_provider *ctl;

static void mock(const char *method, const char *params)
{
    char *out = NULL;
    if (zks_provider_call_json(ctl, method, params, 0, &out) != ZKS_OK)
        fprintf(stderr, "mock control %s failed: %s\n", method, zks_provider_errmsg(ctl));
    zks_free(out);
}

static void check_request(const char *want, int line)
{
    char *out = NULL;
    zks_status st = zks_provider_call_json(ctl, "mock_last_request", "[]", 0, &out);
    cJSON *s = st == ZKS_OK ? cJSON_Parse(out) : NULL;
    const char *got = cJSON_IsString(s) ? s->valuestring : "(none)";
    ZT_CHECK_MSG(strcmp(got, want) == 0, "line %d request\n got  %s\n want %s", line, got, want);
    cJSON_Delete(s);
    zks_free(out);
}
#define CHECK_REQ(w) check_request((w), __LINE__)
#define REQ(m, p) "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"" m "\",\"params\":" p "}"

#define A11 "0x1111111111111111111111111111111111111111"
#define A55 "0x5555555555555555555555555555555555555555"

static int submit_requests(void)
{
    char *out = NULL;
    int n = -1;
    if (zks_provider_call_json(ctl, "mock_stats", "[]", 0, &out) == ZKS_OK) {
        cJSON *s = cJSON_Parse(out);
        cJSON *r = cJSON_GetObjectItemCaseSensitive(s, "submit_requests");
        if (cJSON_IsNumber(r)) n = r->valueint;
        cJSON_Delete(s);
    }
    zks_free(out);
    return n;
}

static void sha_hash(char out[67], const uint8_t *raw, size_t len)
{
    uint8_t h[32];
    crypto_hash_sha256(h, raw, len);
    out[0] = '0';
    out[1] = 'x';
    zt_hex(out + 2, h, 32);
}

static void test_eth(zks_eth_rpc *e)
{
    uint64_t u = 0;
    ZT_CHECK_STATUS(zks_eth_rpc_chain_id(e, &u), ZKS_OK);
    CHECK_REQ(REQ("eth_chainId", "[]"));
    ZT_CHECK(u == 9);
    ZT_CHECK_STATUS(zks_eth_rpc_block_number(e, &u), ZKS_OK);
    ZT_CHECK(u == 16);
    char wei[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_eth_rpc_get_balance(e, A11, NULL, wei), ZKS_OK);
    CHECK_REQ(REQ("eth_getBalance", "[\"" A11 "\",\"latest\"]"));
    ZT_CHECK_STR(wei, "1000000000000000000");
    ZT_CHECK_STATUS(zks_eth_rpc_get_balance(e, "0x12", NULL, wei), ZKS_ERR_INVALID_ADDRESS);
    ZT_CHECK_STATUS(zks_eth_rpc_get_balance(e, A11, "yesterday", wei), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(e, A11, NULL, &u), ZKS_OK);
    CHECK_REQ(REQ("eth_getTransactionCount", "[\"" A11 "\",\"pending\"]"));
    ZT_CHECK(u == 5);
    ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(e, A11, "0x10", &u), ZKS_OK);
    CHECK_REQ(REQ("eth_getTransactionCount", "[\"" A11 "\",\"0x10\"]"));
    ZT_CHECK_STATUS(zks_eth_rpc_gas_price(e, wei), ZKS_OK);
    ZT_CHECK_STR(wei, "1000000000");

    char *js = NULL;
    ZT_CHECK_STATUS(zks_eth_rpc_fee_history(e, 3, NULL, "[25,75]", &js), ZKS_OK);
    CHECK_REQ(REQ("eth_feeHistory", "[\"0x3\",\"latest\",[25,75]]"));
    ZT_CHECK(js != NULL && strstr(js, "\"baseFeePerGas\"") != NULL);
    zks_free(js);
    ZT_CHECK_STATUS(zks_eth_rpc_fee_history(e, 3, NULL, "[101]", &js), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_rpc_fee_history(e, 0, NULL, NULL, &js), ZKS_ERR_INVALID_ARG);
    char maxfee[ZKS_AMOUNT_CHARS + 1], tip[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_eth_rpc_suggest_fees(e, maxfee, tip), ZKS_OK);
    CHECK_REQ(REQ("eth_feeHistory", "[\"0x5\",\"latest\",[50]]"));
    ZT_CHECK_STR(tip, "2000");              /* median of 0,1000,2000,3000,4000 */
    ZT_CHECK_STR(maxfee, "2000002000");     /* 2 * 1 gwei + tip */
    mock("mock_fault", "[{\"kind\":\"result\",\"result\":{\"oldestBlock\":\"0x1\",\"baseFeePerGas\":[\"0x1\",\"0x2\"],"
                       "\"gasUsedRatio\":[0.1],\"reward\":[[\"0x0\"]]}}]");
    ZT_CHECK_STATUS(zks_eth_rpc_suggest_fees(e, maxfee, tip), ZKS_OK);
    ZT_CHECK_STR(tip, "1500000000");
    ZT_CHECK_STR(maxfee, "1500000004");
    mock("mock_fault", "[{\"kind\":\"result\",\"result\":{\"oldestBlock\":\"0x1\",\"gasUsedRatio\":[0.1]}}]");
    ZT_CHECK_STATUS(zks_eth_rpc_suggest_fees(e, maxfee, tip), ZKS_ERR_UNSUPPORTED);
    ZT_CHECK(maxfee[0] == 0 && tip[0] == 0);

    ZT_CHECK_STATUS(zks_eth_rpc_estimate_gas(e, A11, A55, "1000000000000000000", "0x1234", &u), ZKS_OK);
    CHECK_REQ(REQ("eth_estimateGas", "[{\"from\":\"" A11 "\",\"to\":\"" A55
                                     "\",\"value\":\"0xde0b6b3a7640000\",\"data\":\"0x1234\"}]"));
    ZT_CHECK(u == 21000);
    ZT_CHECK_STATUS(zks_eth_rpc_estimate_gas(e, NULL, A55, "0", NULL, &u), ZKS_OK);
    CHECK_REQ(REQ("eth_estimateGas", "[{\"to\":\"" A55 "\",\"value\":\"0x0\"}]"));
    ZT_CHECK_STATUS(zks_eth_rpc_estimate_gas(e, NULL, A55, "12x", NULL, &u), ZKS_ERR_INVALID_AMOUNT);
    /* ganache revert */
    ZT_CHECK_STATUS(zks_eth_rpc_estimate_gas(e, A11, A55, NULL, "0xdead", &u), ZKS_ERR_L1_REVERT);
    ZT_CHECK(u == 0);
    int64_t code = 0;
    ZT_CHECK(zks_eth_rpc_last_error(e, &code) == ZKS_ERR_L1_REVERT && code == -32000);
    ZT_CHECK_STR(zks_eth_rpc_errmsg(e), "VM Exception while processing transaction: revert not allowed");
    ZT_CHECK_STR(zks_eth_rpc_revert_reason(e), "not allowed");
    ZT_CHECK_STATUS(zks_eth_rpc_estimate_gas(e, A11, A55, "1208925819614629174706175", NULL, &u),
                    ZKS_ERR_INSUFFICIENT_FUNDS);
    ZT_CHECK_STR(zks_eth_rpc_revert_reason(e), "");
    /* geth-style revert: code 3, reason only in data */
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x08c379a0"
                       "0000000000000000000000000000000000000000000000000000000000000020"
                       "0000000000000000000000000000000000000000000000000000000000000002"
                       "6631000000000000000000000000000000000000000000000000000000000000\"}]");
    uint8_t buf[64];
    size_t n = 0;
    ZT_CHECK_STATUS(zks_eth_rpc_call(e, NULL, A55, "0x01", NULL, buf, sizeof buf, &n), ZKS_ERR_L1_REVERT);
    ZT_CHECK_STR(zks_eth_rpc_revert_reason(e), "f1");
    /* message-only reason */
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":-32000,\"message\":\"execution reverted: M\"}]");
    ZT_CHECK_STATUS(zks_eth_rpc_call(e, NULL, A55, "0x01", NULL, buf, sizeof buf, &n), ZKS_ERR_L1_REVERT);
    ZT_CHECK_STR(zks_eth_rpc_revert_reason(e), "M");
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":-32000,\"message\":\"nonce too low\"}]");
    ZT_CHECK_STATUS(zks_eth_rpc_call(e, NULL, A55, "0x01", NULL, buf, sizeof buf, &n), ZKS_ERR_NONCE_MISMATCH);
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":-32601,\"message\":\"nope\"}]");
    ZT_CHECK_STATUS(zks_eth_rpc_call(e, NULL, A55, "0x01", NULL, buf, sizeof buf, &n), ZKS_ERR_RPC);

    ZT_CHECK_STATUS(zks_eth_rpc_call(e, A11, A55, "0x70a08231", "latest", buf, sizeof buf, &n), ZKS_OK);
    CHECK_REQ(REQ("eth_call", "[{\"from\":\"" A11 "\",\"to\":\"" A55 "\",\"data\":\"0x70a08231\"},\"latest\"]"));
    ZT_CHECK(n == 32 && buf[31] == 0x2a && zt_all_zero(buf, 31));
    ZT_CHECK_STATUS(zks_eth_rpc_call(e, NULL, A55, NULL, NULL, buf, 8, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 32);
    ZT_CHECK_STATUS(zks_eth_rpc_call(e, NULL, A55, "0x1", NULL, buf, 8, &n), ZKS_ERR_INVALID_ARG);

    /* raw transactions */
    uint8_t raw[3] = {1, 2, 3};
    char exp[67], got[ZKS_HASH_HEX_CHARS + 1];
    sha_hash(exp, raw, sizeof raw);
    ZT_CHECK_STATUS(zks_eth_rpc_send_raw_transaction(e, raw, sizeof raw, exp, got), ZKS_OK);
    CHECK_REQ(REQ("eth_sendRawTransaction", "[\"0x010203\"]"));
    ZT_CHECK_STR(got, exp);
    ZT_CHECK_STATUS(zks_eth_rpc_send_raw_transaction(e, raw, sizeof raw, NULL, got), ZKS_ERR_RPC); /* already known */
    ZT_CHECK_STR(zks_eth_rpc_errmsg(e), "already known");
    uint8_t poor[1] = {0};
    ZT_CHECK_STATUS(zks_eth_rpc_send_raw_transaction(e, poor, 1, NULL, got), ZKS_ERR_INSUFFICIENT_FUNDS);
    ZT_CHECK(zt_all_zero(got, sizeof got));
    /* reply lost after the node took it: looked up, not resent */
    uint8_t raw2[2] = {9, 9};
    sha_hash(exp, raw2, sizeof raw2);
    int before = submit_requests();
    mock("mock_fault", "[{\"kind\":\"drop_after\"}]");
    ZT_CHECK_STATUS(zks_eth_rpc_send_raw_transaction(e, raw2, sizeof raw2, exp, got), ZKS_OK);
    ZT_CHECK_STR(got, exp);
    ZT_CHECK(submit_requests() == before + 1);
    /* lost before the node saw it: resent once */
    uint8_t raw3[2] = {7, 7};
    sha_hash(exp, raw3, sizeof raw3);
    mock("mock_fault", "[{\"kind\":\"http500\"}]");
    ZT_CHECK_STATUS(zks_eth_rpc_send_raw_transaction(e, raw3, sizeof raw3, exp, got), ZKS_OK);
    ZT_CHECK(submit_requests() == before + 2);

    /* receipts */
    zks_eth_receipt *r = NULL;
    ZT_CHECK_STATUS(zks_eth_rpc_get_receipt(e, exp, &r), ZKS_OK);
    char want[200];
    snprintf(want, sizeof want, REQ("eth_getTransactionReceipt", "[\"%s\"]"), exp);
    CHECK_REQ(want);
    zks_eth_receipt_info ri;
    ZT_CHECK_STATUS(zks_eth_receipt_get_info(r, &ri), ZKS_OK);
    ZT_CHECK(ri.status == 1 && ri.block_number == 17 && ri.gas_used == 21000 && ri.log_count == 2);
    ZT_CHECK_STR(ri.transaction_hash, exp);
    ZT_CHECK_STR(ri.to, A55);
    ZT_CHECK_STR(ri.contract_address, "");
    ZT_CHECK_STR(ri.effective_gas_price, "1000000000");
    zks_eth_log lg;
    ZT_CHECK_STATUS(zks_eth_receipt_log_at(r, 0, &lg), ZKS_OK);
    ZT_CHECK(lg.topic_count == 1 && lg.log_index == 0 && lg.data_len == 32);
    ZT_CHECK_HEX(lg.topics[0], 32, "d0943372c08b438a88d4b39d77216901079eda9ca59d45349841c099083b6830");
    ZT_CHECK_STATUS(zks_eth_receipt_log_data(r, 0, buf, sizeof buf, &n), ZKS_OK);
    ZT_CHECK(n == 32 && buf[31] == 7);
    ZT_CHECK_STATUS(zks_eth_receipt_log_data(r, 0, buf, 4, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 32);
    ZT_CHECK_STATUS(zks_eth_receipt_log_at(r, 1, &lg), ZKS_OK);
    ZT_CHECK(lg.topic_count == 0 && lg.data_len == 0 && lg.log_index == 1);
    ZT_CHECK_STATUS(zks_eth_receipt_log_data(r, 1, NULL, 0, &n), ZKS_OK);
    ZT_CHECK(n == 0);
    ZT_CHECK_STATUS(zks_eth_receipt_log_at(r, 2, &lg), ZKS_ERR_INVALID_ARG);
    zks_eth_receipt_free(r);
    const char *pending = "0x1234567812345678123456781234567812345678123456781234567812345678";
    ZT_CHECK_STATUS(zks_eth_rpc_get_receipt(e, pending, &r), ZKS_ERR_NOT_FOUND);
    ZT_CHECK(r == NULL);
    ZT_CHECK_STATUS(zks_eth_rpc_wait_receipt(e, pending, 250, 50, &r), ZKS_ERR_TIMEOUT);
    ZT_CHECK(r == NULL);
    mock("mock_fault", "[{\"kind\":\"result\",\"result\":null},{\"kind\":\"http500\"}]");
    ZT_CHECK_STATUS(zks_eth_rpc_wait_receipt(e, exp, 5000, 20, &r), ZKS_OK);
    zks_eth_receipt_free(r);
    const char *reverted = "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    ZT_CHECK_STATUS(zks_eth_rpc_wait_receipt(e, reverted, 2000, 20, &r), ZKS_ERR_L1_REVERT);
    ZT_CHECK(r != NULL);
    ZT_CHECK_STATUS(zks_eth_receipt_get_info(r, &ri), ZKS_OK);
    ZT_CHECK(ri.status == 0);
    zks_eth_receipt_free(r);

    char *res = NULL;
    ZT_CHECK_STATUS(zks_eth_rpc_call_json(e, "eth_chainId", "[]", 1, &res), ZKS_OK);
    ZT_CHECK_STR(res, "\"0x9\"");
    zks_free(res);
}

int main(void)
{
    zks_eth_rpc *e = NULL;
    ZT_CHECK_STATUS(zks_eth_rpc_new("file:///etc/passwd", &e), ZKS_ERR_INVALID_ARG);
    zks_eth_rpc_free(NULL);
    ZT_CHECK(zks_eth_rpc_errmsg(NULL)[0] == 0 && zks_eth_rpc_revert_reason(NULL)[0] == 0);
    zt_mock m;
    if (zt_mock_start(&m) != 0) {
        ZT_CHECK_MSG(0, "could not start tests/mock/rpc_mock.py");
        ZT_END();
    }
    if (zks_provider_new(m.url, &ctl) == ZKS_OK && zks_eth_rpc_new(m.url, &e) == ZKS_OK) {
        ZT_CHECK_STATUS(zks_eth_rpc_set_retries(e, 2, 10), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_rpc_set_timeouts(e, 2000, 5000), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_rpc_set_user_agent(e, "zt"), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_rpc_set_max_response(e, 1 << 20), ZKS_OK);
        test_eth(e);
    } else {
        ZT_CHECK_MSG(0, "client setup failed");
    }
    zks_eth_rpc_free(e);
    zks_provider_free(ctl);
    zt_mock_stop(&m);
    ZT_END();
}
