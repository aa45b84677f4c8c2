/* HTTP transport over libcurl: the only file in libzksync that includes curl.h.
 * One easy handle per object, reused so the connection stays alive. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>

#include "../internal.h"
#include "http.h"

struct zki_http {
    CURL *curl;
    struct curl_slist *headers;
    char *url;
    char *ua;
    uint32_t connect_ms, total_ms;
    size_t max_bytes;
    /* response accumulation for the current request */
    char *buf;
    size_t len, cap;
    int too_large;
    int nomem;
    int env_proxy;
    int64_t retry_after_ms; /* from the current answer's headers, -1 if none */
    char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

/* curl_global_init is not thread-safe on every build, so it runs exactly once.
 * It is never undone: other parts of the process may still use libcurl. */
static void global_init(void) { global_rc = curl_global_init(CURL_GLOBAL_DEFAULT); }

uint64_t zki_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void zki_sleep_ms(uint32_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

int zki_http_user_agent_ok(const char *ua)
{
    size_t n = 0;
    for (; ua[n] != '\0'; n++) {
        if (n >= 255 || (unsigned char)ua[n] < 0x20 || (unsigned char)ua[n] > 0x7e) return 0;
    }
    return 1;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *userp)
{
    zki_http *h = userp;
    size_t n = size * nmemb;
    if (n > h->max_bytes - h->len) {
        h->too_large = 1;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (h->len + n + 1 > h->cap) {
        size_t ncap = h->cap ? h->cap : 4096;
        while (ncap < h->len + n + 1) ncap *= 2;
        if (ncap > h->max_bytes + 1) ncap = h->max_bytes + 1;
        char *nb = zki_realloc(h->buf, ncap);
        if (nb == NULL) {
            h->nomem = 1;
            return 0;
        }
        h->buf = nb;
        h->cap = ncap;
    }
    memcpy(h->buf + h->len, data, n);
    h->len += n;
    h->buf[h->len] = '\0';
    return n;
}

/* Retry-After: delay-seconds or an HTTP-date (RFC 9110 10.2.3). */
static size_t on_header(char *data, size_t size, size_t nitems, void *userp)
{
    zki_http *h = userp;
    size_t n = size * nitems;
    static const char name[] = "retry-after:";
    if (n > sizeof name - 1 && n < 256 && strncasecmp(data, name, sizeof name - 1) == 0) {
        char v[256];
        size_t k = 0;
        for (size_t i = sizeof name - 1; i < n; i++)
            if (data[i] != '\r' && data[i] != '\n') v[k++] = data[i];
        v[k] = '\0';
        char *s = v;
        while (*s == ' ' || *s == '\t') s++;
        if (*s >= '0' && *s <= '9') {
            char *end;
            unsigned long long secs = strtoull(s, &end, 10);
            while (*end == ' ' || *end == '\t') end++;
            if (*end == '\0') h->retry_after_ms = secs > 86400 ? 86400000 : (int64_t)secs * 1000;
        } else if (*s != '\0') {
            time_t t = curl_getdate(s, NULL);
            if (t != (time_t)-1) {
                time_t now = time(NULL);
                int64_t d = t > now ? (int64_t)(t - now) : 0;
                h->retry_after_ms = d > 86400 ? 86400000 : d * 1000;
            }
        }
    }
    return n;
}

static int url_ok(const char *url)
{
    if (strncmp(url, "http://", 7) == 0) return url[7] != '\0';
    if (strncmp(url, "https://", 8) == 0) return url[8] != '\0';
    return 0;
}

zks_status zki_http_new(const char *url, zki_http **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    ZKI_ARG_CHECK(url != NULL && url_ok(url) && strlen(url) < 4096);
    for (const char *c = url; *c; c++) ZKI_ARG_CHECK((unsigned char)*c > 0x20 && (unsigned char)*c < 0x7f);
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK) return ZKS_ERR_NETWORK;

    zki_http *h = zki_calloc(1, sizeof *h);
    if (h == NULL) return ZKS_ERR_NOMEM;
    h->url = zki_strdup(url);
    h->ua = zki_strdup("libzksync/" ZKS_VERSION_STRING);
    h->curl = curl_easy_init();
    struct curl_slist *l = curl_slist_append(NULL, "Content-Type: application/json");
    if (l != NULL) h->headers = l;
    if (l != NULL) l = curl_slist_append(h->headers, "Accept: application/json");
    if (l != NULL) l = curl_slist_append(h->headers, "Expect:"); /* no 100-continue round trip */
    if (h->url == NULL || h->ua == NULL || h->curl == NULL || l == NULL) {
        zki_http_free(h);
        return ZKS_ERR_NOMEM;
    }
    h->connect_ms = ZKS_RPC_DEFAULT_CONNECT_TIMEOUT_MS;
    h->total_ms = ZKS_RPC_DEFAULT_TIMEOUT_MS;
    h->max_bytes = ZKS_RPC_DEFAULT_MAX_RESPONSE;
    *out = h;
    return ZKS_OK;
}

void zki_http_free(zki_http *h)
{
    if (h == NULL) return;
    if (h->curl != NULL) curl_easy_cleanup(h->curl);
    curl_slist_free_all(h->headers);
    zks_free(h->url);
    zks_free(h->ua);
    zks_free(h->buf);
    zks_free(h);
}

void zki_http_set_timeouts(zki_http *h, uint32_t connect_ms, uint32_t total_ms)
{
    if (connect_ms != 0) h->connect_ms = connect_ms;
    if (total_ms != 0) h->total_ms = total_ms;
}

void zki_http_set_max_response(zki_http *h, size_t max_bytes) { h->max_bytes = max_bytes; }

void zki_http_set_env_proxy(zki_http *h, int on) { h->env_proxy = on != 0; }

uint32_t zki_http_total_ms(const zki_http *h) { return h->total_ms; }

zks_status zki_http_set_user_agent(zki_http *h, const char *ua)
{
    char *c = zki_strdup(ua);
    if (c == NULL) return ZKS_ERR_NOMEM;
    zks_free(h->ua);
    h->ua = c;
    return ZKS_OK;
}

/* Options are set before every request: cheap, and the handle stays in a known state. */
static CURLcode setup(zki_http *h, const char *body, size_t body_len, int fresh, uint32_t limit_ms)
{
    CURL *c = h->curl;
    CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                          \
    do {                                                                       \
        if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val);               \
    } while (0)
    SET(CURLOPT_URL, h->url);
#if LIBCURL_VERSION_NUM >= 0x075500
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_NOSIGNAL, 1L); /* no SIGALRM: required for threads */
    SET(CURLOPT_NOPROGRESS, 1L);
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    /* limit_ms >= 1: a 0 would mean "no timeout" to libcurl */
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)(h->connect_ms < limit_ms ? h->connect_ms : limit_ms));
    SET(CURLOPT_TIMEOUT_MS, (long)limit_ms);
    /* NULL lets libcurl read http_proxy & co.; "" disables proxies, environment included */
    SET(CURLOPT_PROXY, h->env_proxy ? NULL : "");
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->max_bytes);
    SET(CURLOPT_HTTPHEADER, h->headers);
    SET(CURLOPT_USERAGENT, h->ua[0] != '\0' ? h->ua : NULL);
    SET(CURLOPT_POST, 1L);
    SET(CURLOPT_POSTFIELDS, body);
    SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    SET(CURLOPT_WRITEFUNCTION, on_write);
    SET(CURLOPT_WRITEDATA, h);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, h);
    SET(CURLOPT_ERRORBUFFER, h->errbuf);
    SET(CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
#undef SET
    return rc;
}

static int surely_not_sent(CURLcode rc, CURL *c)
{
    if (rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_COULDNT_CONNECT ||
        rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT)
        return 1;
    /* A timeout before the request went out (during connect or TLS). */
    curl_off_t pre = 0;
    if (rc == CURLE_OPERATION_TIMEDOUT && curl_easy_getinfo(c, CURLINFO_PRETRANSFER_TIME_T, &pre) == CURLE_OK &&
        pre == 0)
        return 1;
    return 0;
}

zks_status zki_http_post(zki_http *h, const char *body, size_t body_len, int fresh, uint32_t limit_ms,
                         char **out_body, size_t *out_len, zki_http_result *res)
{
    *out_body = NULL;
    *out_len = 0;
    memset(res, 0, sizeof *res);
    res->maybe_sent = 1;
    res->retry_after_ms = -1;
    h->retry_after_ms = -1;
    if (limit_ms == 0) limit_ms = 1;
    h->len = 0;
    h->too_large = 0;
    h->nomem = 0;
    h->errbuf[0] = '\0';
    if (h->buf != NULL) h->buf[0] = '\0';

    CURLcode rc = setup(h, body, body_len, fresh, limit_ms);
    if (rc != CURLE_OK) {
        res->maybe_sent = 0;
        snprintf(res->msg, sizeof res->msg, "curl setup: %s", curl_easy_strerror(rc));
        return rc == CURLE_OUT_OF_MEMORY ? ZKS_ERR_NOMEM : ZKS_ERR_NETWORK;
    }
    rc = curl_easy_perform(h->curl);
    long code = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &code);
    res->http_code = code;
    zks_status st = ZKS_OK;
    if (rc != CURLE_OK) {
        res->maybe_sent = !surely_not_sent(rc, h->curl);
        const char *detail = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);
        if (h->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
            st = ZKS_ERR_RESPONSE_TOO_LARGE;
            snprintf(res->msg, sizeof res->msg, "response larger than %zu bytes", h->max_bytes);
        } else if (h->nomem || rc == CURLE_OUT_OF_MEMORY) {
            st = ZKS_ERR_NOMEM;
            snprintf(res->msg, sizeof res->msg, "out of memory");
        } else if (rc == CURLE_OPERATION_TIMEDOUT) {
            st = ZKS_ERR_TIMEOUT;
            snprintf(res->msg, sizeof res->msg, "timeout: %s", detail);
        } else {
            st = ZKS_ERR_NETWORK;
            snprintf(res->msg, sizeof res->msg, "network: %s", detail);
        }
    } else if (code != 200) {
        st = ZKS_ERR_HTTP;
        snprintf(res->msg, sizeof res->msg, "HTTP status %ld", code);
        if (code == 429 || code == 503) res->retry_after_ms = h->retry_after_ms;
    }
    if (st != ZKS_OK) {
        if (h->buf != NULL) zks_memzero(h->buf, h->cap);
        h->len = 0;
        return st;
    }
    char *copy = zki_strndup(h->buf != NULL ? h->buf : "", h->len);
    if (copy == NULL) return ZKS_ERR_NOMEM;
    *out_body = copy;
    *out_len = h->len;
    /* Keep small buffers for reuse; drop large ones so one huge answer does not pin memory. */
    if (h->cap > 65536) {
        zks_free(h->buf);
        h->buf = NULL;
        h->cap = 0;
    }
    h->len = 0;
    return ZKS_OK;
}
