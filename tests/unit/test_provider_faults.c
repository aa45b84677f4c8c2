/* Fault injection against the loopback mock: every transport failure gives a
 * typed status (no crash, no leak), reads recover through retries, and a
 * submit is never taken twice by the server (the mock counts per hash). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sodium.h>
#include <cjson/cJSON.h>

#include "harness.h"
#include "internal.h"
#include "../mock/mock_launch.h"

static zks_provider *ctl;

static void mock(const char *method, const char *params)
{
    char *out = NULL;
    if (zks_provider_call_json(ctl, method, params, 0, &out) != ZKS_OK)
        fprintf(stderr, "mock control %s failed: %s\n", method, zks_provider_errmsg(ctl));
    zks_free(out);
}

/* accepted count of hash, and total submit requests, from mock_stats */
static void stats(const char *hash, int *accepted, int *requests)
{
    char *out = NULL;
    *accepted = *requests = -1;
    if (zks_provider_call_json(ctl, "mock_stats", "[]", 0, &out) != ZKS_OK) return;
    cJSON *s = cJSON_Parse(out);
    cJSON *acc = cJSON_GetObjectItemCaseSensitive(s, "accepted");
    cJSON *a = hash != NULL ? cJSON_GetObjectItemCaseSensitive(acc, hash) : NULL;
    *accepted = cJSON_IsNumber(a) ? a->valueint : 0;
    cJSON *r = cJSON_GetObjectItemCaseSensitive(s, "submit_requests");
    *requests = cJSON_IsNumber(r) ? r->valueint : -1;
    cJSON_Delete(s);
    zks_free(out);
}

static const struct {
    const char *fault;
    zks_status st;    /* with retries off */
    int transient;    /* recovered by one retry */
} faults[] = {
    {"{\"kind\":\"http500\"}", ZKS_ERR_HTTP, 1},
    {"{\"kind\":\"http429\"}", ZKS_ERR_HTTP, 1},
    {"{\"kind\":\"drop\"}", ZKS_ERR_NETWORK, 1},
    {"{\"kind\":\"truncate\"}", ZKS_ERR_NETWORK, 1},
    {"{\"kind\":\"truncate_json\"}", ZKS_ERR_PARSE, 0},
    {"{\"kind\":\"garbage\"}", ZKS_ERR_PARSE, 0},
    {"{\"kind\":\"raw\",\"body\":\"{\\\"jsonrpc\\\":\\\"2.0\\\",\\\"id\\\":1}\"}", ZKS_ERR_PARSE, 0},
    {"{\"kind\":\"raw\",\"body\":\"[1,2]\"}", ZKS_ERR_PARSE, 0},
    {"{\"kind\":\"result\",\"result\":{\"executed\":\"yes\"}}", ZKS_ERR_PARSE, 0},
    {"{\"kind\":\"oversize\",\"size\":300000}", ZKS_ERR_RESPONSE_TOO_LARGE, 0},
    {"{\"kind\":\"oversize_chunked\",\"size\":300000}", ZKS_ERR_RESPONSE_TOO_LARGE, 0},
    /* a timeout uses up the call's deadline (total_ms): nothing is left to retry in */
    {"{\"kind\":\"slowdrip\",\"ms\":150}", ZKS_ERR_TIMEOUT, 0},
    {"{\"kind\":\"delay_after\",\"ms\":2500}", ZKS_ERR_TIMEOUT, 0},
};

static void test_read_faults(zks_provider *p)
{
    zks_tx_info ti;
    const char *h = "sync-tx:0000000000000000000000000000000000000000000000000000000000000009";
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        char q[512];
        snprintf(q, sizeof q, "[%s]", faults[i].fault);
        /* retries off: the typed status, zeroed output, a message */
        ZT_CHECK_STATUS(zks_provider_set_retries(p, 0, 0), ZKS_OK);
        mock("mock_fault", q);
        memset(&ti, 0xee, sizeof ti);
        zks_status st = zks_provider_tx_info(p, h, &ti);
        /* libcurl itself resends a read whose kept-alive connection died unanswered */
        int curl_resend = strstr(faults[i].fault, "\"drop\"") != NULL && st == ZKS_OK;
        ZT_CHECK_MSG(st == faults[i].st || curl_resend, "fault %s: got %d (%s) want %d", faults[i].fault, st,
                     zks_provider_errmsg(p), faults[i].st);
        if (!curl_resend) {
            ZT_CHECK(zt_all_zero(&ti, sizeof ti));
            ZT_CHECK(zks_provider_last_error(p, NULL) == st && zks_provider_errmsg(p)[0] != 0);
        }
        /* the same handle works again right after */
        ZT_CHECK_STATUS(zks_provider_tx_info(p, h, &ti), ZKS_OK);
        /* with retries on, transient faults are ridden out */
        ZT_CHECK_STATUS(zks_provider_set_retries(p, 2, 10), ZKS_OK);
        mock("mock_fault", q);
        ZT_CHECK_STATUS(zks_provider_tx_info(p, h, &ti), faults[i].transient ? ZKS_OK : faults[i].st);
    }
    /* default cap (8 MiB) against a 9 MiB chunked answer */
    ZT_CHECK_STATUS(zks_provider_set_max_response(p, ZKS_RPC_DEFAULT_MAX_RESPONSE), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 0, 0), ZKS_OK);
    mock("mock_fault", "[{\"kind\":\"oversize_chunked\",\"size\":9437184}]");
    ZT_CHECK_STATUS(zks_provider_tx_info(p, h, &ti), ZKS_ERR_RESPONSE_TOO_LARGE);
    mock("mock_fault", "[{\"kind\":\"oversize\",\"size\":9437184}]");
    ZT_CHECK_STATUS(zks_provider_tx_info(p, h, &ti), ZKS_ERR_RESPONSE_TOO_LARGE);
    ZT_CHECK_STATUS(zks_provider_set_max_response(p, 65536), ZKS_OK);
    /* retries exhausted: still the typed status */
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 2, 5), ZKS_OK);
    mock("mock_fault", "[{\"kind\":\"http500\"},{\"kind\":\"http500\"},{\"kind\":\"http500\"}]");
    ZT_CHECK_STATUS(zks_provider_tx_info(p, h, &ti), ZKS_ERR_HTTP);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "500") != NULL);
    mock("mock_reset", "[]");
}

static void test_refused(void)
{
    /* a port nobody listens on: bind, read the port, close */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(s, (struct sockaddr *)&a, &len) != 0) {
        ZT_CHECK_MSG(0, "socket setup");
        if (s >= 0) close(s);
        return;
    }
    close(s);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", ntohs(a.sin_port));
    zks_provider *p = NULL;
    ZT_CHECK_STATUS(zks_provider_new(url, &p), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 2, 5), ZKS_OK);
    char ver[ZKS_RPC_SHORT_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_zksync_version(p, ver), ZKS_ERR_NETWORK);
    char h[ZKS_TX_HASH_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, "{\"type\":\"Transfer\"}", NULL, 0, NULL, h), ZKS_ERR_NETWORK);
    zks_provider_free(p);
}

#define HX(n) "sync-tx:" n "00000000000000000000000000000000000000000000000000000000000000"

static void submit_case(zks_provider *p, const char *fault, const char *hash, int pending, int with_hash,
                        zks_status want, int want_requests, int line)
{
    mock("mock_reset", "[]");
    if (pending) {
        char q[64];
        snprintf(q, sizeof q, "[\"pending_lookups\",%d]", pending);
        mock("mock_set", q);
    }
    mock("mock_fault", fault);
    char tx[160], h[ZKS_TX_HASH_CHARS + 1];
    snprintf(tx, sizeof tx, "{\"type\":\"Transfer\",\"nonce\":1,\"testHash\":\"%s\"}", hash);
    zks_status st = zks_provider_tx_submit(p, tx, NULL, 0, with_hash ? hash : NULL, h);
    ZT_CHECK_MSG(st == want, "line %d: status %d (%s), want %d", line, st, zks_provider_errmsg(p), want);
    if (st == ZKS_OK) ZT_CHECK_STR(h, hash);
    else ZT_CHECK(zt_all_zero(h, sizeof h));
    int acc, req;
    stats(hash, &acc, &req);
    ZT_CHECK_MSG(acc <= 1, "line %d: DUPLICATED SUBMIT: accepted %d times", line, acc);
    ZT_CHECK_MSG(req == want_requests, "line %d: %d submit requests, want %d", line, req, want_requests);
    if (st == ZKS_OK) ZT_CHECK_MSG(acc == 1, "line %d: accepted %d", line, acc);
}

static void test_submit_safety(zks_provider *p)
{
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 3, 10), ZKS_OK);
    /* processed, reply lost: tx_info finds it, no resend */
    submit_case(p, "[{\"kind\":\"drop_after\"}]", HX("01"), 0, 1, ZKS_OK, 1, __LINE__);
    /* the reply is later than the call's deadline: no time is left for the tx_info check,
     * so the outcome is unknown (TIMEOUT), and nothing is resent */
    submit_case(p, "[{\"kind\":\"delay_after\",\"ms\":2500}]", HX("02"), 0, 1, ZKS_ERR_TIMEOUT, 1, __LINE__);
    ZT_CHECK(zki_outcome_unknown(zks_provider_last_error(p, NULL)));
    submit_case(p, "[{\"kind\":\"truncate_json\"}]", HX("03"), 0, 1, ZKS_OK, 1, __LINE__);
    submit_case(p, "[{\"kind\":\"truncate\"}]", HX("04"), 0, 1, ZKS_OK, 1, __LINE__);
    submit_case(p, "[{\"kind\":\"slowdrip\",\"ms\":150}]", HX("05"), 0, 1, ZKS_ERR_TIMEOUT, 1, __LINE__);
    /* not processed: lookup says unknown, one resend */
    submit_case(p, "[{\"kind\":\"drop\"}]", HX("06"), 0, 1, ZKS_OK, 1, __LINE__);
    submit_case(p, "[{\"kind\":\"http500\"}]", HX("07"), 0, 1, ZKS_OK, 1, __LINE__);
    submit_case(p, "[{\"kind\":\"garbage\"}]", HX("08"), 0, 1, ZKS_OK, 1, __LINE__);
    /* processed but still queued (invisible to tx_info): resend gets 101, then the hash shows up */
    submit_case(p, "[{\"kind\":\"drop_after\"}]", HX("09"), 1, 1, ZKS_OK, 2, __LINE__);
    /* ... and never shows up in time: TIMEOUT (outcome unknown), still no second acceptance */
    submit_case(p, "[{\"kind\":\"drop_after\"}]", HX("0a"), 100000, 1, ZKS_ERR_TIMEOUT, 2, __LINE__);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "wait for") != NULL);
    /* no expected hash: an uncertain failure is reported, never resent */
    submit_case(p, "[{\"kind\":\"drop_after\"}]", HX("0b"), 0, 0, ZKS_ERR_NETWORK, 1, __LINE__);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "outcome unknown") != NULL);
    submit_case(p, "[{\"kind\":\"drop\"}]", HX("0c"), 0, 0, ZKS_ERR_NETWORK, 0, __LINE__);
    /* the lookup itself fails: do not resend blind */
    submit_case(p, "[{\"kind\":\"drop\"},{\"kind\":\"http500\"},{\"kind\":\"http500\"},{\"kind\":\"http500\"},"
                   "{\"kind\":\"http500\"}]",
                HX("0d"), 0, 1, ZKS_ERR_NETWORK, 0, __LINE__);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "outcome unknown") != NULL);
    /* several failures in a row: each time the lookup decides */
    submit_case(p, "[{\"kind\":\"drop\"},{\"kind\":\"result\",\"result\":{\"executed\":false,\"block\":null}},"
                   "{\"kind\":\"http500\"}]",
                HX("0e"), 0, 1, ZKS_OK, 1, __LINE__);
    /* retries off: the first uncertain failure is final */
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 0, 0), ZKS_OK);
    submit_case(p, "[{\"kind\":\"drop_after\"}]", HX("0f"), 0, 1, ZKS_ERR_NETWORK, 1, __LINE__);
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 3, 10), ZKS_OK);

    /* batch: reply lost after processing */
    mock("mock_reset", "[]");
    mock("mock_fault", "[{\"kind\":\"drop_after\"}]");
    const char *batch = "[{\"type\":\"Transfer\",\"testHash\":\"" HX("10") "\"},{\"type\":\"Transfer\",\"testHash\":\"" HX(
        "11") "\"}]";
    const char *exp[2] = {HX("10"), HX("11")};
    char hs[2 * (ZKS_TX_HASH_CHARS + 1)];
    size_t n = 0;
    ZT_CHECK_STATUS(zks_provider_submit_txs_batch(p, batch, NULL, exp, 2, hs, 2, &n), ZKS_OK);
    ZT_CHECK(n == 2);
    ZT_CHECK_STR(hs, HX("10"));
    ZT_CHECK_STR(hs + ZKS_TX_HASH_CHARS + 1, HX("11"));
    int acc, req;
    stats(HX("11"), &acc, &req);
    ZT_CHECK(acc == 1 && req == 1);
    /* batch: dropped before processing, resent once */
    mock("mock_reset", "[]");
    mock("mock_fault", "[{\"kind\":\"drop\"}]");
    ZT_CHECK_STATUS(zks_provider_submit_txs_batch(p, batch, NULL, exp, 2, hs, 2, &n), ZKS_OK);
    stats(HX("10"), &acc, &req);
    ZT_CHECK(acc == 1 && req == 1 && n == 2);
    ZT_CHECK_STATUS(zks_provider_submit_txs_batch(p, batch, NULL, exp, 1, hs, 2, &n), ZKS_ERR_INVALID_ARG);
}

/* zks_tx_sign_json results carry their hash: no expected_hash argument needed. */
static void test_sign_output(zks_provider *p)
{
    int acc, req;
    char h[ZKS_TX_HASH_CHARS + 1];
    mock("mock_reset", "[]");
    mock("mock_fault", "[{\"kind\":\"drop_after\"}]");
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, "{\"tx\":{\"type\":\"Transfer\",\"testHash\":\"" HX("30") "\"},"
                                              "\"txHash\":\"" HX("30") "\",\"signBytes\":\"0x00\"}",
                                           NULL, 0, NULL, h),
                    ZKS_OK);
    ZT_CHECK_STR(h, HX("30"));
    stats(HX("30"), &acc, &req);
    ZT_CHECK(acc == 1 && req == 1);
    /* only signBytes: the hash is sha256 of them */
    uint8_t sb[3] = {0xfa, 0x01, 0x02}, d[32];
    crypto_hash_sha256(d, sb, sizeof sb);
    char want[ZKS_TX_HASH_CHARS + 1] = "sync-tx:", js[300];
    zt_hex(want + 8, d, 32);
    snprintf(js, sizeof js, "{\"tx\":{\"type\":\"Transfer\",\"testHash\":\"%s\"},\"signBytes\":\"0xfa0102\"}", want);
    mock("mock_fault", "[{\"kind\":\"drop_after\"}]"); /* the lookup needs the signBytes hash */
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, js, NULL, 0, NULL, h), ZKS_OK);
    ZT_CHECK_STR(h, want);
    stats(want, &acc, &req);
    ZT_CHECK_MSG(acc == 1 && req == 2, "signBytes hint: accepted %d, requests %d (both cases)", acc, req);
    /* a batch of sign results */
    mock("mock_fault", "[{\"kind\":\"drop_after\"}]");
    const char *batch = "[{\"tx\":{\"type\":\"Transfer\",\"testHash\":\"" HX("31") "\"},\"txHash\":\"" HX("31") "\"},"
                        "{\"tx\":{\"type\":\"Transfer\",\"testHash\":\"" HX("32") "\"},\"txHash\":\"" HX("32") "\"}]";
    char hs[2 * (ZKS_TX_HASH_CHARS + 1)];
    size_t n = 0;
    ZT_CHECK_STATUS(zks_provider_submit_txs_batch(p, batch, NULL, NULL, 0, hs, 2, &n), ZKS_OK);
    ZT_CHECK(n == 2);
    ZT_CHECK_STR(hs + ZKS_TX_HASH_CHARS + 1, HX("32"));
    stats(HX("32"), &acc, &req);
    ZT_CHECK(acc == 1 && req == 3);
}

/* Allocation failures anywhere in a call give a status, never a crash or leak. */
static void test_alloc_failures(zks_provider *p)
{
    zks_account *a = NULL;
    int ok_seen = 0;
    for (unsigned long k = 1; k < 60 && !ok_seen; k++) {
        zki_alloc_fail_after(k);
        zks_status st = zks_provider_account_info(p, "0x1111111111111111111111111111111111111111", &a);
        zki_alloc_fail_after(0);
        ZT_CHECK(st == ZKS_OK || st == ZKS_ERR_NOMEM);
        if (st == ZKS_OK) ok_seen = 1;
        else ZT_CHECK(a == NULL);
        zks_account_free(a);
        a = NULL;
    }
    ZT_CHECK(ok_seen);
    /* token list and a batch submit */
    ok_seen = 0;
    for (unsigned long k = 1; k < 60 && !ok_seen; k++) {
        zks_token_list *tl = NULL;
        zki_alloc_fail_after(k);
        zks_status st = zks_provider_tokens(p, &tl);
        zki_alloc_fail_after(0);
        ZT_CHECK(st == ZKS_OK || st == ZKS_ERR_NOMEM);
        ok_seen = st == ZKS_OK;
        zks_token_list_free(tl);
    }
    ZT_CHECK(ok_seen);
    const char *batch = "[{\"type\":\"Transfer\",\"testHash\":\"" HX("20") "\"}]";
    const char *exp[1] = {HX("20")};
    ok_seen = 0;
    for (unsigned long k = 1; k < 60 && !ok_seen; k++) {
        char hs[ZKS_TX_HASH_CHARS + 1];
        size_t n = 0;
        zki_alloc_fail_after(k);
        zks_status st = zks_provider_submit_txs_batch(p, batch, NULL, exp, 1, hs, 1, &n);
        zki_alloc_fail_after(0);
        /* A NOMEM after the server took the batch makes the next, independent call a duplicate: 101. */
        ZT_CHECK_MSG(st == ZKS_OK || st == ZKS_ERR_NOMEM || st == ZKS_ERR_NONCE_MISMATCH, "k=%lu st=%d (%s)", k, st,
                     zks_provider_errmsg(p));
        ok_seen = st == ZKS_OK || st == ZKS_ERR_NONCE_MISMATCH;
        if (st != ZKS_OK) ZT_CHECK(n == 0);
    }
    ZT_CHECK(ok_seen);
    int acc, req;
    stats(HX("20"), &acc, &req);
    ZT_CHECK_MSG(acc == 1, "batch accepted %d times", acc);
}

/* cJSON allocates through its own hooks, not zki_malloc: make them fail too. */
static unsigned long cj_countdown;
static void *cj_malloc(size_t n)
{
    if (cj_countdown != 0 && --cj_countdown == 0) return NULL;
    return malloc(n);
}
static void cj_free(void *q) { free(q); }
static void cjson_fail_after(unsigned long k)
{
    static cJSON_Hooks hooks = {cj_malloc, cj_free};
    cj_countdown = k;
    cJSON_InitHooks(k != 0 ? &hooks : NULL);
}

/* A failed cJSON allocation while building params is ZKS_ERR_NOMEM with nothing
 * sent (it used to go out as "params":null and come back as ZKS_ERR_RPC), and
 * no path leaks (ASan / valgrind runs). */
static void test_cjson_alloc_failures(zks_provider *p)
{
    zks_account *a = NULL;
    cjson_fail_after(1); /* the first cJSON allocation: the address string of the params */
    ZT_CHECK_STATUS(zks_provider_account_info(p, "0x1111111111111111111111111111111111111111", &a),
                    ZKS_ERR_NOMEM);
    cjson_fail_after(0);
    ZT_CHECK(a == NULL);
    zks_nft nft;
    cjson_fail_after(1);
    ZT_CHECK_STATUS(zks_provider_get_nft(p, 65536, &nft), ZKS_ERR_NOMEM);
    cjson_fail_after(0);
    ZT_CHECK(zt_all_zero(&nft, sizeof nft));
    /* building the token argument fails: NOMEM, not a bad-argument report */
    char price[ZKS_RPC_PRICE_CHARS + 1];
    cjson_fail_after(1);
    ZT_CHECK_STATUS(zks_provider_get_token_price(p, "DAI", price), ZKS_ERR_NOMEM);
    cjson_fail_after(0);
    ZT_CHECK(zt_all_zero(price, sizeof price));
    int ok_seen = 0;
    for (unsigned long k = 1; k < 400 && !ok_seen; k++) {
        cjson_fail_after(k);
        zks_status st = zks_provider_account_info(p, "0x1111111111111111111111111111111111111111", &a);
        cjson_fail_after(0);
        /* an allocation failure inside the response parser reads as unparsable */
        ZT_CHECK_MSG(st == ZKS_OK || st == ZKS_ERR_NOMEM || st == ZKS_ERR_PARSE, "k=%lu st=%d (%s)", k, st,
                     zks_provider_errmsg(p));
        ok_seen = st == ZKS_OK;
        if (st != ZKS_OK) ZT_CHECK(a == NULL);
        zks_account_free(a);
        a = NULL;
    }
    ZT_CHECK(ok_seen);
    /* batch normalisation ({tx, signature} wrapping) under cJSON failures: no leak */
    const char *batch = "[{\"tx\":{\"type\":\"Transfer\",\"testHash\":\"" HX("21") "\"},\"signature\":null},"
                        "{\"type\":\"Transfer\",\"testHash\":\"" HX("22") "\"}]";
    const char *exp[2] = {HX("21"), HX("22")};
    ok_seen = 0;
    for (unsigned long k = 1; k < 400 && !ok_seen; k++) {
        char hs[2 * (ZKS_TX_HASH_CHARS + 1)];
        size_t n = 0;
        cjson_fail_after(k);
        zks_status st = zks_provider_submit_txs_batch(p, batch, NULL, exp, 2, hs, 2, &n);
        cjson_fail_after(0);
        ZT_CHECK_MSG(st == ZKS_OK || st == ZKS_ERR_NOMEM || st == ZKS_ERR_JSON || st == ZKS_ERR_PARSE ||
                         st == ZKS_ERR_NONCE_MISMATCH,
                     "k=%lu st=%d (%s)", k, st, zks_provider_errmsg(p));
        ok_seen = st == ZKS_OK || st == ZKS_ERR_NONCE_MISMATCH;
        if (st != ZKS_OK) ZT_CHECK(n == 0 && zt_all_zero(hs, sizeof hs));
    }
    ZT_CHECK(ok_seen);
}

int main(void)
{
    test_refused();
    zt_mock m;
    if (zt_mock_start(&m) != 0) {
        ZT_CHECK_MSG(0, "could not start tests/mock/rpc_mock.py");
        ZT_END();
    }
    zks_provider *p = NULL;
    if (zks_provider_new(m.url, &ctl) == ZKS_OK && zks_provider_new(m.url, &p) == ZKS_OK) {
        ZT_CHECK_STATUS(zks_provider_set_timeouts(p, 2000, 900), ZKS_OK);
        ZT_CHECK_STATUS(zks_provider_set_max_response(p, 65536), ZKS_OK);
        test_read_faults(p);
        test_submit_safety(p);
        test_sign_output(p);
        test_alloc_failures(p);
        test_cjson_alloc_failures(p);
    } else {
        ZT_CHECK_MSG(0, "provider_new failed");
    }
    zks_provider_free(p);
    zks_provider_free(ctl);
    zt_mock_stop(&m);
    ZT_END();
}
