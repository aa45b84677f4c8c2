/* After the shutdown (sunset.md section 2): the server answers tx_submit and
 * submit_txs_batch with code 305 "L2 transactions are disabled.". Against the
 * loopback mock: the provider maps it to ZKS_ERR_NETWORK_SHUT_DOWN with the
 * code and message kept, sends exactly one request (no retry, also on the
 * safe-resubmit path), and the wallet returns at once with a message that says
 * what to do instead; reads keep working. Also: error "data" (code 300) is
 * reachable, and zks_provider_last_error tells the truth after the wallet's
 * internal 101 retry. */
#include <cjson/cJSON.h>

#include "harness.h"
#include "internal.h"
#include "../mock/mock_launch.h"

static zks_provider *ctl; /* talks to the mock's control methods */

static void mock(const char *method, const char *params)
{
    char *out = NULL;
    if (zks_provider_call_json(ctl, method, params, 0, &out) != ZKS_OK)
        fprintf(stderr, "mock control %s failed: %s\n", method, zks_provider_errmsg(ctl));
    zks_free(out);
}

/* mock_stats: submit requests and all (non-control) requests so far. */
static void counts(int *submits, int *requests)
{
    char *out = NULL;
    *submits = *requests = -1;
    if (zks_provider_call_json(ctl, "mock_stats", "[]", 0, &out) != ZKS_OK) return;
    cJSON *s = cJSON_Parse(out);
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(s, "submit_requests");
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(s, "requests");
    if (cJSON_IsNumber(a)) *submits = a->valueint;
    if (cJSON_IsNumber(b)) *requests = b->valueint;
    cJSON_Delete(s);
    zks_free(out);
}

#define DISABLED "L2 transactions are disabled."
#define SET_305 "[\"submit_error\",{\"code\":305,\"message\":\"" DISABLED "\"}]"
#define HX(n) "sync-tx:" n "00000000000000000000000000000000000000000000000000000000000000"

static void check_305(zks_provider *p, zks_status st, int line)
{
    int64_t code = 0;
    ZT_CHECK_MSG(st == ZKS_ERR_NETWORK_SHUT_DOWN, "line %d: status %d (%s)", line, st, zks_provider_errmsg(p));
    ZT_CHECK_MSG(zks_provider_last_error(p, &code) == ZKS_ERR_NETWORK_SHUT_DOWN && code == 305, "line %d: code %lld",
                 line, (long long)code);
    ZT_CHECK_STR(zks_provider_errmsg(p), DISABLED);
    ZT_CHECK_STR(zks_provider_errdata(p), "");
}

static void test_provider_305(zks_provider *p)
{
    int sub, req;
    char h[ZKS_TX_HASH_CHARS + 1];
    /* retries on: a 305 still goes out once */
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 3, 10), ZKS_OK);
    static const char *const expected[2] = {NULL, HX("01")};
    for (int e = 0; e < 2; e++) {
        mock("mock_reset", "[]");
        mock("mock_set", SET_305);
        memset(h, 0x55, sizeof h);
        check_305(p, zks_provider_tx_submit(p, "{\"type\":\"Transfer\",\"testHash\":\"" HX("01") "\"}", NULL, 0,
                                            expected[e], h),
                  __LINE__);
        ZT_CHECK(zt_all_zero(h, sizeof h));
        counts(&sub, &req);
        ZT_CHECK_MSG(sub == 1 && req == 1, "tx_submit: %d submits, %d requests (want 1, 1)", sub, req);
    }
    /* batch */
    mock("mock_reset", "[]");
    mock("mock_set", SET_305);
    const char *batch = "[{\"type\":\"Transfer\",\"testHash\":\"" HX("02") "\"},{\"type\":\"Transfer\",\"testHash\":\"" HX(
        "03") "\"}]";
    const char *exp[2] = {HX("02"), HX("03")};
    char hs[2 * (ZKS_TX_HASH_CHARS + 1)];
    size_t n = 7;
    check_305(p, zks_provider_submit_txs_batch(p, batch, NULL, exp, 2, hs, 2, &n), __LINE__);
    ZT_CHECK(n == 0 && zt_all_zero(hs, sizeof hs));
    counts(&sub, &req);
    ZT_CHECK_MSG(sub == 1 && req == 1, "batch: %d submits, %d requests (want 1, 1)", sub, req);
    /* the safe-resubmit path: the first reply is lost, tx_info says unknown, the
     * resend gets 305 and that is final (3 requests: submit, tx_info, submit) */
    mock("mock_reset", "[]");
    mock("mock_set", SET_305);
    mock("mock_fault", "[{\"kind\":\"drop\"}]");
    check_305(p, zks_provider_tx_submit(p, "{\"type\":\"Transfer\",\"testHash\":\"" HX("04") "\"}", NULL, 0, HX("04"), h),
              __LINE__);
    counts(&sub, &req);
    ZT_CHECK_MSG(sub == 1 && req == 3, "resend path: %d submits, %d requests (want 1, 3)", sub, req);
    /* any other method that answers 305 maps the same way, and is not retried */
    mock("mock_reset", "[]");
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":305,\"message\":\"" DISABLED "\"}]");
    check_305(p, zks_provider_toggle_2fa(p, "{\"enable\":false,\"accountId\":1}"), __LINE__);
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":305,\"message\":\"" DISABLED "\"}]");
    zks_tx_info ti;
    check_305(p, zks_provider_tx_info(p, HX("05"), &ti), __LINE__);
    counts(&sub, &req);
    ZT_CHECK_MSG(req == 2, "toggle_2fa + tx_info: %d requests (want 2)", req);
    /* reads work while submits are refused */
    mock("mock_set", SET_305);
    zks_account *a = NULL;
    ZT_CHECK_STATUS(zks_provider_account_info(p, "0x1111111111111111111111111111111111111111", &a), ZKS_OK);
    zks_account_free(a);
    zks_token t;
    ZT_CHECK_STATUS(zks_provider_resolve_token(p, "ETH", &t), ZKS_OK);
    int64_t code = 7;
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_OK && code == 0 && zks_provider_errmsg(p)[0] == 0);
    mock("mock_reset", "[]");
}

static void test_error_data(zks_provider *p)
{
    zks_tx_info ti;
    int64_t code = 0;
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 0, 0), ZKS_OK);
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":300,\"message\":\"Error communicating core server\","
                       "\"data\":\"mempool is not responding\"}]");
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HX("06"), &ti), ZKS_ERR_RPC);
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_RPC && code == 300);
    ZT_CHECK_STR(zks_provider_errmsg(p), "Error communicating core server");
    ZT_CHECK_STR(zks_provider_errdata(p), "mempool is not responding");
    /* a success clears it */
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HX("06"), &ti), ZKS_OK);
    ZT_CHECK_STR(zks_provider_errdata(p), "");
    /* non-string data comes as compact JSON; controls are cleaned */
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":-32000,\"message\":\"a\\nb\",\"data\":{\"x\":[1, \"y\"]}}]");
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HX("06"), &ti), ZKS_ERR_RPC);
    ZT_CHECK_STR(zks_provider_errdata(p), "{\"x\":[1,\"y\"]}");
    ZT_CHECK_STR(zks_provider_errmsg(p), "a b");
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":300,\"message\":\"m\",\"data\":\"d\\u0007\\u00ff\"}]");
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HX("06"), &ti), ZKS_ERR_RPC);
    ZT_CHECK_STR(zks_provider_errdata(p), "d \xc3\xbf");
    /* a transport error after a server error leaves no stale data */
    mock("mock_fault", "[{\"kind\":\"rpc_error\",\"code\":300,\"message\":\"m\",\"data\":\"d\"},{\"kind\":\"http500\"}]");
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HX("06"), &ti), ZKS_ERR_RPC);
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HX("06"), &ti), ZKS_ERR_HTTP);
    ZT_CHECK_STR(zks_provider_errdata(p), "");
    ZT_CHECK_STR(zks_provider_errdata(NULL), "");
    mock("mock_reset", "[]");
}

static const char *const WALLET_MSG =
    "zkSync Lite is shut down: L2 transactions are disabled (server code 305). Claim the final balance on L1 "
    "(docs/exit.md, zksync-exit claim) or withdraw a pending balance (zksync-exit pending --withdraw).";

static void test_wallet_305(zks_provider *p)
{
    uint8_t key[32];
    memset(key, 0x42, sizeof key);
    zks_wallet *w = NULL;
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 3, 10), ZKS_OK);
    mock("mock_reset", "[]");
    ZT_CHECK_STATUS(zks_wallet_new(p, NULL, 9, key, &w), ZKS_OK);
    if (w == NULL) return;
    mock("mock_set", SET_305);
    int sub, req, req0;
    char h[ZKS_TX_HASH_CHARS + 1];
    const char *to = "0x2222222222222222222222222222222222222222";
    counts(&sub, &req0);
    memset(h, 0x55, sizeof h);
    ZT_CHECK_STATUS(zks_wallet_transfer(w, to, "ETH", "1000", NULL, h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK(zt_all_zero(h, sizeof h));
    ZT_CHECK_STR(zks_wallet_errmsg(w), WALLET_MSG);
    int64_t code = 0;
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_NETWORK_SHUT_DOWN && code == 305);
    ZT_CHECK_STR(zks_provider_errmsg(p), DISABLED);
    counts(&sub, &req);
    ZT_CHECK_MSG(sub == 1, "wallet transfer: %d submits (want 1: no nonce retry)", sub);
    /* known now: every L2 operation returns at once, nothing is sent or signed */
    char hs[3 * (ZKS_TX_HASH_CHARS + 1)], h2[ZKS_TX_HASH_CHARS + 1];
    size_t n = 9;
    const char *tos[2] = {to, to}, *toks[2] = {"ETH", "ETH"}, *amts[2] = {"1", "2"};
    uint8_t content[32] = {1};
    counts(&sub, &req0);
    ZT_CHECK_STATUS(zks_wallet_transfer(w, to, "ETH", "1000", "0", h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STATUS(zks_wallet_transfer_batch(w, tos, toks, amts, 2, "ETH", NULL, hs, 3, &n), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK(n == 0);
    ZT_CHECK_STATUS(zks_wallet_withdraw(w, NULL, "ETH", "1000", NULL, 0, h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STATUS(zks_wallet_forced_exit(w, to, "ETH", NULL, h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STATUS(zks_wallet_mint_nft(w, NULL, content, "ETH", NULL, h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STATUS(zks_wallet_transfer_nft(w, to, 65536, "ETH", NULL, h, h2), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STATUS(zks_wallet_withdraw_nft(w, NULL, 65536, "ETH", NULL, 0, h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STATUS(zks_wallet_set_signing_key(w, ZKS_CPK_ECDSA, "ETH", NULL, h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STATUS(zks_wallet_swap(w, "{}", "{}", NULL, NULL, "ETH", NULL, h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STR(zks_wallet_errmsg(w), WALLET_MSG);
    counts(&sub, &req);
    ZT_CHECK_MSG(req == req0, "after the first 305: %d requests (want 0)", req - req0);
    /* reads still work */
    char bal[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_wallet_balance(w, "ETH", ZKS_ACCOUNT_COMMITTED, bal), ZKS_OK);
    ZT_CHECK_STR(bal, "1000000000000000000");
    /* zks_wallet_sync forgets it: the next batch goes out once and gets 305 again */
    ZT_CHECK_STATUS(zks_wallet_sync(w), ZKS_OK);
    counts(&sub, &req0);
    ZT_CHECK_STATUS(zks_wallet_transfer_batch(w, tos, toks, amts, 2, "ETH", NULL, hs, 3, &n), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK_STR(zks_wallet_errmsg(w), WALLET_MSG);
    int sub2;
    counts(&sub2, &req);
    ZT_CHECK_MSG(sub2 - sub == 1, "batch after sync: %d submits (want 1)", sub2 - sub);
    zks_wallet_free(w);

    /* server code 101 twice: the wallet resyncs and retries once, then returns
     * NONCE_MISMATCH; the provider reports that 101 (it used to say OK, code 0,
     * after the wallet's tx_info probe) */
    mock("mock_reset", "[]");
    ZT_CHECK_STATUS(zks_wallet_new(p, NULL, 9, key, &w), ZKS_OK);
    if (w == NULL) return;
    mock("mock_set", "[\"submit_error\",{\"code\":101,\"message\":\"Tx nonce is too low.\"}]");
    counts(&sub, &req0);
    ZT_CHECK_STATUS(zks_wallet_transfer(w, to, "ETH", "1000", NULL, h), ZKS_ERR_NONCE_MISMATCH);
    counts(&sub2, &req);
    ZT_CHECK_MSG(sub2 - sub == 2, "101: %d submits (want 2: one resync retry)", sub2 - sub);
    code = 0;
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_NONCE_MISMATCH && code == 101);
    ZT_CHECK_STR(zks_provider_errmsg(p), "Tx nonce is too low.");
    ZT_CHECK_STR(zks_wallet_errmsg(w), "Tx nonce is too low.");
    /* the same for a batch */
    ZT_CHECK_STATUS(zks_wallet_transfer_batch(w, tos, toks, amts, 2, "ETH", NULL, hs, 3, &n), ZKS_ERR_NONCE_MISMATCH);
    code = 0;
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_NONCE_MISMATCH && code == 101);
    /* and a code-300 answer keeps its data through the wallet */
    mock("mock_set", "[\"submit_error\",{\"code\":300,\"message\":\"Error communicating core server\","
                     "\"data\":\"mempool is not responding\"}]");
    ZT_CHECK_STATUS(zks_wallet_transfer(w, to, "ETH", "1000", NULL, h), ZKS_ERR_RPC);
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_RPC && code == 300);
    ZT_CHECK_STR(zks_provider_errdata(p), "mempool is not responding");
    zks_wallet_free(w);
    mock("mock_reset", "[]");
}

int main(void)
{
    zt_mock m;
    zks_provider *p;
    if (!ZT_CHECK_MSG(zt_mock_open(&m, &p, &ctl) == 0, "mock server or its providers did not start")) ZT_END();
    test_provider_305(p);
    test_error_data(p);
    test_wallet_305(p);
    zt_mock_close(&m, &p, &ctl);
    ZT_END();
}
