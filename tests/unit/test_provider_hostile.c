/* Hostile-server suite: an in-process HTTP server on 127.0.0.1 (free port,
 * its own thread, joined at the end) answers the zkSync and Ethereum clients
 * with truncated, huge, never-ending and 1-byte-per-second bodies, wrong JSON
 * types, duplicate keys, a wrong id, escapes and invalid UTF-8 in messages,
 * 429 with Retry-After, a reset after the request, a hash we did not compute,
 * and silence. Every case must end in a typed status, within its deadline plus
 * ZKS_RPC_DEADLINE_SLACK_MS, without a crash (the asan phase runs it too).
 * Also: wait_tx / read / Ethereum deadlines, the env-proxy opt-in, and the
 * in-use guard (two threads on one object). Prints the case and call counts. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"

enum mode {
    M_OK,          /* a valid tx_info answer */
    M_SILENT,      /* accept, read, never answer */
    M_TRUNCATED,   /* Content-Length 200, 20 bytes, close */
    M_HUGE,        /* Content-Length above the cap */
    M_ENDLESS,     /* chunked body that never ends, sent fast */
    M_ENDLESS_SLOW, /* chunked body that never ends, a chunk every 5 ms */
    M_DRIP,        /* a valid body at 1 byte/s */
    M_WRONG_TYPES, /* result fields of the wrong JSON type */
    M_DUP_KEYS,    /* "result" twice */
    M_BAD_ID,      /* id 2 */
    M_BAD_VERSION, /* jsonrpc "1.0" */
    M_ESCAPES,     /* CR/LF/ANSI escapes and invalid UTF-8 in error.message and data */
    M_429,         /* 429 Retry-After: <retry_after> (seconds), then OK */
    M_429_DATE,    /* 429 Retry-After: HTTP-date ~2 s ahead, then OK */
    M_RESET,       /* read the request, then RST */
    M_OTHER_HASH,  /* tx_submit / submit_txs_batch answer a hash we did not compute */
    M_NOT_JSON,    /* 200 with HTML */
    M_EMPTY,       /* 200 with an empty body */
    M_FAILED_ESC,  /* tx_info: failed, escapes in failReason; eth: a revert with escapes in its reason */
};

static struct {
    int lfd, port;
    volatile int stop;
    volatile int mode;
    volatile int retry_after;
    volatile int requests; /* requests read in the current case */
    volatile int proxy_hits;
    int pfd, pport; /* a "proxy" listener that only counts connections */
    pthread_t th;
} S;

static int cases, calls, late;
static int64_t worst_over = INT64_MIN; /* largest (elapsed - limit) of a call that hit its deadline */

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int listen_any(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0) return -1;
    socklen_t l = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &l);
    *port = ntohs(a.sin_port);
    return fd;
}

static int sendall(int fd, const char *b, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
        if (w <= 0) return -1;
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads one request (headers + Content-Length body); 0 on success. */
static int read_request(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 5000) <= 0) return -1;
        ssize_t r = recv(fd, buf + n, cap - 1 - n, 0);
        if (r <= 0) return -1;
        n += (size_t)r;
        buf[n] = '\0';
        char *e = strstr(buf, "\r\n\r\n");
        if (e != NULL) {
            char *cl = strcasestr(buf, "content-length:");
            size_t want = cl != NULL ? strtoul(cl + 15, NULL, 10) : 0;
            if ((size_t)(buf + n - (e + 4)) >= want) return 0;
        }
        if (n >= cap - 1) return -1;
    }
}

/* Waits until the client closes fd (or the server stops); sends drip bytes meanwhile. */
static void hold(int fd, const char *drip, int every_ms)
{
    size_t i = 0;
    while (!S.stop) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, every_ms > 0 ? every_ms : 100);
        if (r > 0) {
            char c[256];
            if (recv(fd, c, sizeof c, 0) <= 0) return;
        }
        if (drip != NULL && r == 0) {
            if (drip[i] == '\0') i = 0;
            if (send(fd, drip + i, 1, MSG_NOSIGNAL) != 1) return;
            i++;
        }
    }
}

static void reply(int fd, const char *status, const char *extra, const char *body)
{
    char h[512];
    snprintf(h, sizeof h, "HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n%sConnection: close\r\n\r\n",
             status, strlen(body), extra);
    if (sendall(fd, h, strlen(h)) == 0) sendall(fd, body, strlen(body));
}

static const char TXINFO[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"executed\":true,\"success\":true,"
                             "\"failReason\":null,\"block\":{\"blockNumber\":5,\"committed\":true,\"verified\":true}}}";

/* The answer for a request: eth methods get "0x10", tx_submit the hash in
 * the tx's "hashEcho" field (M_OTHER_HASH: a different one). */
static void answer(int fd, const char *req)
{
    int mode = S.mode;
    int k = S.requests++;
    const char *body = strstr(req, "\r\n\r\n");
    body = body != NULL ? body + 4 : "";
    int eth = strstr(body, "\"eth_") != NULL;
    const char *ok = eth ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x10\"}" : TXINFO;
    char buf[1024];
    if (strstr(body, "\"tx_submit\"") != NULL || strstr(body, "\"submit_txs_batch\"") != NULL) {
        const char *h = mode == M_OTHER_HASH
                            ? "sync-tx:1111111111111111111111111111111111111111111111111111111111111111"
                            : "sync-tx:2222222222222222222222222222222222222222222222222222222222222222";
        if (strstr(body, "\"submit_txs_batch\"") != NULL)
            snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[\"%s\"]}", h);
        else
            snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"%s\"}", h);
        ok = buf;
        if (mode == M_OTHER_HASH) mode = M_OK;
    }
    switch (mode) {
    case M_OK:
    case M_OTHER_HASH: reply(fd, "200 OK", "", ok); break;
    case M_SILENT: hold(fd, NULL, 0); break;
    case M_TRUNCATED: {
        const char *h = "HTTP/1.1 200 OK\r\nContent-Length: 200\r\nConnection: close\r\n\r\n{\"jsonrpc\":\"2.0\",";
        sendall(fd, h, strlen(h));
        break;
    }
    case M_HUGE: {
        const char *h = "HTTP/1.1 200 OK\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n";
        sendall(fd, h, strlen(h));
        char junk[4096];
        memset(junk, ' ', sizeof junk);
        for (int i = 0; i < 2000 && !S.stop; i++)
            if (sendall(fd, junk, sizeof junk) != 0) break;
        break;
    }
    case M_ENDLESS: {
        const char *h = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        sendall(fd, h, strlen(h));
        char chunk[4096 + 16];
        int n = snprintf(chunk, sizeof chunk, "1000\r\n");
        memset(chunk + n, ' ', 4096);
        memcpy(chunk + n + 4096, "\r\n", 2);
        while (!S.stop && sendall(fd, chunk, (size_t)n + 4098) == 0) {
        }
        break;
    }
    case M_ENDLESS_SLOW: {
        const char *h = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        sendall(fd, h, strlen(h));
        hold(fd, "1\r\n \r\n", 5);
        break;
    }
    case M_DRIP: {
        const char *h = "HTTP/1.1 200 OK\r\nContent-Length: 41\r\nConnection: close\r\n\r\n";
        sendall(fd, h, strlen(h));
        hold(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x10\"}", 1000);
        break;
    }
    case M_WRONG_TYPES:
        reply(fd, "200 OK", "",
              eth ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":16}"
                  : "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"executed\":\"yes\",\"success\":1,\"block\":[]}}");
        break;
    case M_DUP_KEYS:
        reply(fd, "200 OK", "", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x10\",\"result\":\"0x20\"}");
        break;
    case M_BAD_ID: reply(fd, "200 OK", "", "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"0x10\"}"); break;
    case M_BAD_VERSION: reply(fd, "200 OK", "", "{\"jsonrpc\":\"1.0\",\"id\":1,\"result\":\"0x10\"}"); break;
    case M_ESCAPES:
        reply(fd, "200 OK", "",
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"bad\\r\\n2026-12-02 FAKE LOG "
              "\\u001b[31mred\\u001b[0m \\u0007\\u009b \xff\xfe\xc0\xaf end\",\"data\":\"x\\ny\\u001b]0;t\\u0007\"}}");
        break;
    case M_429:
    case M_429_DATE:
        if (k == 0) {
            char extra[128];
            if (mode == M_429) {
                snprintf(extra, sizeof extra, "Retry-After: %d\r\n", S.retry_after);
            } else {
                time_t t = time(NULL) + 2;
                struct tm g;
                gmtime_r(&t, &g);
                strftime(extra, sizeof extra, "Retry-After: %a, %d %b %Y %H:%M:%S GMT\r\n", &g);
            }
            reply(fd, "429 Too Many Requests", extra, "{}");
        } else {
            reply(fd, "200 OK", "", ok);
        }
        break;
    case M_RESET: {
        struct linger lg = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        break;
    }
    case M_NOT_JSON: reply(fd, "200 OK", "", "<html><body>502 Bad Gateway</body></html>"); break;
    case M_EMPTY: reply(fd, "200 OK", "", ""); break;
    case M_FAILED_ESC:
        reply(fd, "200 OK", "",
              eth ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":3,\"message\":\"execution reverted: "
                    "no\\r\\nFORGED\\u001b[2J \xc3\x28\"}}"
                  : "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"executed\":true,\"success\":false,"
                    "\"failReason\":\"Not enough balance\\r\\nFORGED\\u001b[2J\\u0000x \xed\xa0\x80\","
                    "\"block\":{\"blockNumber\":5,\"committed\":true,\"verified\":false}}}");
        break;
    }
}

static void *server(void *arg)
{
    (void)arg;
    while (!S.stop) {
        struct pollfd p[2] = {{S.lfd, POLLIN, 0}, {S.pfd, POLLIN, 0}};
        if (poll(p, 2, 100) <= 0) continue;
        if (p[1].revents & POLLIN) { /* the "proxy": count and hang up */
            int c = accept(S.pfd, NULL, NULL);
            if (c >= 0) {
                S.proxy_hits++;
                close(c);
            }
        }
        if (!(p[0].revents & POLLIN)) continue;
        int c = accept(S.lfd, NULL, NULL);
        if (c < 0) continue;
        char req[65536];
        if (read_request(c, req, sizeof req) == 0) answer(c, req);
        close(c);
    }
    return NULL;
}

static char url[64];

/* Runs one timed call: checks status and deadline. */
#define TIMED(limit_ms, want, expr)                                                                                \
    do {                                                                                                           \
        uint64_t t0_ = now_ms();                                                                                   \
        zks_status st_ = (expr);                                                                                   \
        uint64_t dt_ = now_ms() - t0_;                                                                             \
        calls++;                                                                                                   \
        if (dt_ > (uint64_t)(limit_ms) + ZKS_RPC_DEADLINE_SLACK_MS) late++;                                        \
        if ((int64_t)dt_ - (int64_t)(limit_ms) > worst_over) worst_over = (int64_t)dt_ - (int64_t)(limit_ms);       \
        ZT_CHECK_MSG(dt_ <= (uint64_t)(limit_ms) + ZKS_RPC_DEADLINE_SLACK_MS, "%s took %llu ms, limit %u + %u",   \
                     #expr, (unsigned long long)dt_, (unsigned)(limit_ms), ZKS_RPC_DEADLINE_SLACK_MS);            \
        ZT_CHECK_STATUS(st_, (want));                                                                              \
    } while (0)

static zks_provider *new_provider(uint32_t total_ms, uint32_t retries, uint32_t backoff)
{
    zks_provider *p = NULL;
    if (zks_provider_new(url, &p) != ZKS_OK) return NULL;
    if (zks_provider_set_timeouts(p, 1000, total_ms) != ZKS_OK || zks_provider_set_retries(p, retries, backoff) != ZKS_OK ||
        zks_provider_set_max_response(p, 65536) != ZKS_OK) {
        zks_provider_free(p);
        return NULL;
    }
    return p;
}

static zks_eth_rpc *new_eth(uint32_t total_ms, uint32_t retries, uint32_t backoff)
{
    zks_eth_rpc *e = NULL;
    if (zks_eth_rpc_new(url, &e) != ZKS_OK) return NULL;
    if (zks_eth_rpc_set_timeouts(e, 1000, total_ms) != ZKS_OK || zks_eth_rpc_set_retries(e, retries, backoff) != ZKS_OK ||
        zks_eth_rpc_set_max_response(e, 65536) != ZKS_OK) {
        zks_eth_rpc_free(e);
        return NULL;
    }
    return e;
}

static const char HASH[] = "sync-tx:2222222222222222222222222222222222222222222222222222222222222222";
static const char TX[] = "{\"type\":\"Transfer\",\"accountId\":1}";

static int clean_text(const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if (*u < 0x20 || *u == 0x7f || *u == 0xff || *u == 0xfe || *u == 0xc0) return 0;
    /* C1 controls as UTF-8 (U+0080..U+009F) must be gone too */
    return strstr(s, "\xc2\x9b") == NULL && strstr(s, "\xed\xa0") == NULL && strstr(s, "\xc3\x28") == NULL;
}

/* The table: every hostile answer against an L2 read, an L1 read and a submit. */
static const struct {
    int mode;
    const char *name;
    zks_status l2, l1, submit; /* retries 0; submit with an expected hash */
} table[] = {
    {M_SILENT, "silent", ZKS_ERR_TIMEOUT, ZKS_ERR_TIMEOUT, ZKS_ERR_TIMEOUT},
    {M_TRUNCATED, "truncated body", ZKS_ERR_NETWORK, ZKS_ERR_NETWORK, ZKS_ERR_NETWORK},
    {M_HUGE, "huge body", ZKS_ERR_RESPONSE_TOO_LARGE, ZKS_ERR_RESPONSE_TOO_LARGE, ZKS_ERR_RESPONSE_TOO_LARGE},
    {M_ENDLESS, "never-ending body", ZKS_ERR_RESPONSE_TOO_LARGE, ZKS_ERR_RESPONSE_TOO_LARGE,
     ZKS_ERR_RESPONSE_TOO_LARGE},
    {M_ENDLESS_SLOW, "never-ending slow body", ZKS_ERR_TIMEOUT, ZKS_ERR_TIMEOUT, ZKS_ERR_TIMEOUT},
    {M_DRIP, "1 byte/s", ZKS_ERR_TIMEOUT, ZKS_ERR_TIMEOUT, ZKS_ERR_TIMEOUT},
    {M_WRONG_TYPES, "wrong JSON types", ZKS_ERR_PARSE, ZKS_ERR_PARSE, ZKS_ERR_PARSE},
    {M_DUP_KEYS, "duplicate keys", ZKS_ERR_PARSE, ZKS_ERR_PARSE, ZKS_ERR_PARSE},
    {M_BAD_ID, "id mismatch", ZKS_ERR_PARSE, ZKS_ERR_PARSE, ZKS_ERR_PARSE},
    {M_BAD_VERSION, "jsonrpc 1.0", ZKS_ERR_PARSE, ZKS_ERR_PARSE, ZKS_ERR_PARSE},
    {M_ESCAPES, "escapes in message", ZKS_ERR_RPC, ZKS_ERR_RPC, ZKS_ERR_RPC},
    {M_RESET, "reset after send", ZKS_ERR_NETWORK, ZKS_ERR_NETWORK, ZKS_ERR_NETWORK},
    {M_NOT_JSON, "HTML body", ZKS_ERR_PARSE, ZKS_ERR_PARSE, ZKS_ERR_PARSE},
    {M_EMPTY, "empty body", ZKS_ERR_PARSE, ZKS_ERR_PARSE, ZKS_ERR_PARSE},
};

static void set_mode(int m)
{
    S.mode = m;
    S.requests = 0;
}

static void test_table(void)
{
    const uint32_t T = 1500;
    zks_provider *p = new_provider(T, 0, 0);
    zks_eth_rpc *e = new_eth(T, 0, 0);
    ZT_CHECK(p != NULL && e != NULL);
    if (p == NULL || e == NULL) return;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        zks_tx_info ti;
        uint64_t bn = 0;
        char h[ZKS_TX_HASH_CHARS + 1];
        set_mode(table[i].mode);
        cases++;
        TIMED(T, table[i].l2, zks_provider_tx_info(p, HASH, &ti));
        ZT_CHECK_MSG(clean_text(zks_provider_errmsg(p)) && clean_text(zks_provider_errdata(p)),
                     "%s: unclean message \"%s\"", table[i].name, zks_provider_errmsg(p));
        TIMED(T, table[i].l1, zks_eth_rpc_block_number(e, &bn));
        ZT_CHECK(clean_text(zks_eth_rpc_errmsg(e)));
        set_mode(table[i].mode);
        /* submits get an expected hash; with retries 0 nothing is resent */
        TIMED(T, table[i].submit, zks_provider_tx_submit(p, TX, NULL, 0, HASH, h));
        ZT_CHECK(zt_all_zero(h, sizeof h));
        int took = S.requests > 0 && table[i].mode != M_ESCAPES;
        /* where the server may have taken the tx, the status says "outcome unknown" */
        if (took) ZT_CHECK_MSG(zki_outcome_unknown(zks_provider_last_error(p, NULL)), "%s: submit not outcome-unknown",
                               table[i].name);
        ZT_CHECK(S.requests == 1); /* never resent */
    }
    /* the escapes case in detail: controls gone, text kept */
    set_mode(M_ESCAPES);
    zks_tx_info ti;
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HASH, &ti), ZKS_ERR_RPC);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "FAKE LOG") != NULL && strchr(zks_provider_errmsg(p), '\n') == NULL);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "? end") != NULL || strstr(zks_provider_errmsg(p), "?? end") != NULL ||
             strstr(zks_provider_errmsg(p), "???? end") != NULL);
    ZT_CHECK(strchr(zks_provider_errdata(p), '\x1b') == NULL && zks_provider_errdata(p)[0] != '\0');
    /* server text in a fail reason and a revert reason goes through the same cleaning */
    set_mode(M_FAILED_ESC);
    cases++;
    TIMED(T, ZKS_ERR_TX_FAILED, zks_provider_wait_tx(p, HASH, ZKS_WAIT_COMMITTED, T, 100, &ti));
    ZT_CHECK(clean_text(ti.fail_reason) && strstr(ti.fail_reason, "Not enough balance") != NULL);
    ZT_CHECK(clean_text(zks_provider_errmsg(p)) && strstr(zks_provider_errmsg(p), "FORGED") != NULL);
    uint64_t bn;
    cases++;
    TIMED(T, ZKS_ERR_L1_REVERT, zks_eth_rpc_block_number(e, &bn));
    ZT_CHECK(clean_text(zks_eth_rpc_errmsg(e)) && clean_text(zks_eth_rpc_revert_reason(e)));
    ZT_CHECK(strstr(zks_eth_rpc_revert_reason(e), "FORGED") != NULL);
    zks_provider_free(p);
    zks_eth_rpc_free(e);
}

static void test_deadlines(void)
{
    /* wait_tx 3 s against silence, default timeouts and retries */
    zks_provider *p = NULL;
    ZT_CHECK_STATUS(zks_provider_new(url, &p), ZKS_OK);
    set_mode(M_SILENT);
    zks_tx_info ti;
    cases++;
    TIMED(3000, ZKS_ERR_TIMEOUT, zks_provider_wait_tx(p, HASH, ZKS_WAIT_COMMITTED, 3000, 200, &ti));
    cases++;
    TIMED(3000, ZKS_ERR_TIMEOUT, zks_provider_wait_ethop(p, 7, ZKS_WAIT_VERIFIED, 3000, 200, &ti));
    /* a read with retries: the whole call, retries and back-off included, fits in total_ms */
    ZT_CHECK_STATUS(zks_provider_set_timeouts(p, 0, 3000), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 5, 300), ZKS_OK);
    cases++;
    TIMED(3000, ZKS_ERR_TIMEOUT, zks_provider_tx_info(p, HASH, &ti));
    set_mode(M_DRIP);
    cases++;
    TIMED(3000, ZKS_ERR_TIMEOUT, zks_provider_tx_info(p, HASH, &ti));
    /* and a submit with an expected hash (resend rule + tx_info checks) */
    char h[ZKS_TX_HASH_CHARS + 1];
    set_mode(M_SILENT);
    cases++;
    TIMED(3000, ZKS_ERR_TIMEOUT, zks_provider_tx_submit(p, TX, NULL, 0, HASH, h));
    zks_provider_free(p);

    zks_eth_rpc *e = NULL;
    ZT_CHECK_STATUS(zks_eth_rpc_new(url, &e), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_rpc_set_timeouts(e, 0, 3000), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_rpc_set_retries(e, 5, 300), ZKS_OK);
    uint64_t bn;
    cases++;
    TIMED(3000, ZKS_ERR_TIMEOUT, zks_eth_rpc_block_number(e, &bn));
    zks_eth_receipt *r = NULL;
    cases++;
    TIMED(3000, ZKS_ERR_TIMEOUT,
          zks_eth_rpc_wait_receipt(e, "0x3333333333333333333333333333333333333333333333333333333333333333", 3000, 200, &r));
    ZT_CHECK(r == NULL);
    zks_eth_rpc_free(e);
}

static void test_retry_after(void)
{
    zks_provider *p = new_provider(5000, 2, 10);
    zks_tx_info ti;
    ZT_CHECK(p != NULL);
    if (p == NULL) return;
    /* seconds form: waited, then answered */
    set_mode(M_429);
    S.retry_after = 1;
    cases++;
    uint64_t t0 = now_ms();
    TIMED(5000, ZKS_OK, zks_provider_tx_info(p, HASH, &ti));
    ZT_CHECK_MSG(now_ms() - t0 >= 950, "Retry-After 1 not honoured (%llu ms)", (unsigned long long)(now_ms() - t0));
    ZT_CHECK(S.requests == 2);
    /* HTTP-date form */
    set_mode(M_429_DATE);
    cases++;
    t0 = now_ms();
    TIMED(5000, ZKS_OK, zks_provider_tx_info(p, HASH, &ti));
    ZT_CHECK_MSG(now_ms() - t0 >= 900, "Retry-After date not honoured (%llu ms)", (unsigned long long)(now_ms() - t0));
    /* a Retry-After beyond the deadline: no wait, the 429 is returned at once */
    set_mode(M_429);
    S.retry_after = 100;
    cases++;
    t0 = now_ms();
    TIMED(5000, ZKS_ERR_HTTP, zks_provider_tx_info(p, HASH, &ti));
    ZT_CHECK(now_ms() - t0 < 1000 && S.requests == 1);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "Retry-After") != NULL);
    /* a submit answered 429: the lookup waits for Retry-After too */
    set_mode(M_429);
    S.retry_after = 1;
    char h[ZKS_TX_HASH_CHARS + 1];
    cases++;
    t0 = now_ms();
    TIMED(5000, ZKS_OK, zks_provider_tx_submit(p, TX, NULL, 0, HASH, h));
    ZT_CHECK_MSG(now_ms() - t0 >= 950, "submit: Retry-After not honoured (%llu ms)", (unsigned long long)(now_ms() - t0));
    ZT_CHECK_STR(h, HASH);
    /* the Ethereum client too */
    zks_eth_rpc *e = new_eth(5000, 2, 10);
    uint64_t bn = 0;
    set_mode(M_429);
    S.retry_after = 1;
    cases++;
    TIMED(5000, ZKS_OK, zks_eth_rpc_block_number(e, &bn));
    ZT_CHECK(bn == 16 && S.requests == 2);
    zks_eth_rpc_free(e);
    zks_provider_free(p);
}

static void test_hash_check(void)
{
    zks_provider *p = new_provider(3000, 0, 0);
    char h[ZKS_TX_HASH_CHARS + 1];
    ZT_CHECK(p != NULL);
    if (p == NULL) return;
    set_mode(M_OK);
    cases++;
    TIMED(3000, ZKS_OK, zks_provider_tx_submit(p, TX, NULL, 0, HASH, h));
    ZT_CHECK_STR(h, HASH);
    set_mode(M_OTHER_HASH);
    cases++;
    TIMED(3000, ZKS_ERR_MISMATCH, zks_provider_tx_submit(p, TX, NULL, 0, HASH, h));
    ZT_CHECK(zt_all_zero(h, sizeof h));
    ZT_CHECK(strstr(zks_provider_errmsg(p), HASH) != NULL && strstr(zks_provider_errmsg(p), "outcome unknown") != NULL);
    /* without an expected hash there is nothing to compare */
    set_mode(M_OTHER_HASH);
    TIMED(3000, ZKS_OK, zks_provider_tx_submit(p, TX, NULL, 0, NULL, h));
    const char *exp[1] = {HASH};
    char hs[2][ZKS_TX_HASH_CHARS + 1];
    size_t n = 9;
    set_mode(M_OTHER_HASH);
    cases++;
    TIMED(3000, ZKS_ERR_MISMATCH,
          zks_provider_submit_txs_batch(p, "[{\"tx\":{\"type\":\"Transfer\"},\"signature\":null}]", NULL, exp, 1,
                                        &hs[0][0], 2, &n));
    ZT_CHECK(n == 0 && zt_all_zero(hs, sizeof hs));
    set_mode(M_OK);
    TIMED(3000, ZKS_OK,
          zks_provider_submit_txs_batch(p, "[{\"tx\":{\"type\":\"Transfer\"},\"signature\":null}]", NULL, exp, 1,
                                        &hs[0][0], 2, &n));
    ZT_CHECK(n == 1 && strcmp(hs[0], HASH) == 0);
    zks_provider_free(p);
}

static void test_proxy(void)
{
    char purl[64];
    snprintf(purl, sizeof purl, "http://127.0.0.1:%d", S.pport);
    setenv("http_proxy", purl, 1);
    setenv("HTTP_PROXY", purl, 1);
    setenv("all_proxy", purl, 1);
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    zks_provider *p = new_provider(2000, 0, 0);
    zks_tx_info ti;
    ZT_CHECK(p != NULL);
    if (p == NULL) return;
    set_mode(M_OK);
    S.proxy_hits = 0;
    cases++;
    TIMED(2000, ZKS_OK, zks_provider_tx_info(p, HASH, &ti)); /* default: the environment is ignored */
    ZT_CHECK(S.proxy_hits == 0);
    ZT_CHECK_STATUS(zks_provider_set_env_proxy(p, 2), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_set_env_proxy(p, 1), ZKS_OK);
    cases++;
    TIMED(2000, ZKS_ERR_NETWORK, zks_provider_tx_info(p, HASH, &ti)); /* opted in: the "proxy" hangs up */
    for (int i = 0; i < 20 && S.proxy_hits == 0; i++) usleep(10000);
    ZT_CHECK(S.proxy_hits >= 1);
    zks_provider_free(p);
    zks_eth_rpc *e = new_eth(2000, 0, 0);
    uint64_t bn;
    TIMED(2000, ZKS_OK, zks_eth_rpc_block_number(e, &bn));
    ZT_CHECK_STATUS(zks_eth_rpc_set_env_proxy(e, 1), ZKS_OK);
    TIMED(2000, ZKS_ERR_NETWORK, zks_eth_rpc_block_number(e, &bn));
    zks_eth_rpc_free(e);
    unsetenv("http_proxy");
    unsetenv("HTTP_PROXY");
    unsetenv("all_proxy");
}

struct busy_arg {
    zks_provider *p;
    zks_eth_rpc *e;
    zks_status st;
};

static void *inside(void *a)
{
    struct busy_arg *b = a;
    zks_tx_info ti;
    uint64_t bn;
    b->st = b->p != NULL ? zks_provider_tx_info(b->p, HASH, &ti) : zks_eth_rpc_block_number(b->e, &bn);
    return NULL;
}

static void test_guard(void)
{
    zks_provider *p = new_provider(1500, 0, 0);
    zks_eth_rpc *e = new_eth(1500, 0, 0);
    ZT_CHECK(p != NULL && e != NULL);
    if (p == NULL || e == NULL) return;
    set_mode(M_SILENT);
    struct busy_arg a = {p, NULL, ZKS_OK}, b = {NULL, e, ZKS_OK};
    pthread_t t1, t2;
    pthread_create(&t1, NULL, inside, &a);
    pthread_create(&t2, NULL, inside, &b);
    usleep(400000); /* both threads are inside their calls now */
    zks_tx_info ti;
    uint64_t bn;
    char h[ZKS_TX_HASH_CHARS + 1];
    cases++;
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HASH, &ti), ZKS_ERR_BUSY);
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, TX, NULL, 0, HASH, h), ZKS_ERR_BUSY);
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 1, 1), ZKS_ERR_BUSY);
    ZT_CHECK_STATUS(zks_eth_rpc_block_number(e, &bn), ZKS_ERR_BUSY);
    ZT_CHECK_STATUS(zks_eth_rpc_set_timeouts(e, 0, 100), ZKS_ERR_BUSY);
    calls += 5;
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    ZT_CHECK_STATUS(a.st, ZKS_ERR_TIMEOUT); /* the owner's call was not disturbed */
    ZT_CHECK_STATUS(b.st, ZKS_ERR_TIMEOUT);
    ZT_CHECK_STATUS(zks_provider_last_error(p, NULL), ZKS_ERR_TIMEOUT);
    set_mode(M_OK);
    ZT_CHECK_STATUS(zks_provider_tx_info(p, HASH, &ti), ZKS_OK); /* free again */
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 1, 1), ZKS_OK);
    calls += 2;
    zks_provider_free(p);
    zks_eth_rpc_free(e);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    S.lfd = listen_any(&S.port);
    S.pfd = listen_any(&S.pport);
    if (S.lfd < 0 || S.pfd < 0) {
        ZT_SKIP("cannot listen on 127.0.0.1");
        ZT_END();
    }
    snprintf(url, sizeof url, "http://127.0.0.1:%d/jsrpc", S.port);
    if (pthread_create(&S.th, NULL, server, NULL) != 0) {
        ZT_SKIP("cannot start the server thread");
        ZT_END();
    }
    test_table();
    test_deadlines();
    test_retry_after();
    test_hash_check();
    test_proxy();
    test_guard();
    S.stop = 1;
    pthread_join(S.th, NULL);
    close(S.lfd);
    close(S.pfd);
    printf("hostile server: %d cases, %d calls, %d over deadline+%u ms, 0 crashes; worst: %lld ms past the deadline\n",
           cases, calls, late, ZKS_RPC_DEADLINE_SLACK_MS, (long long)worst_over);
    ZT_END();
}
