/* Internal HTTP transport (lib/provider/http.c, the only file that includes
 * curl.h). One object = one CURL easy handle, reused for keep-alive. */
#ifndef ZKI_PROVIDER_HTTP_H
#define ZKI_PROVIDER_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "zksync.h"

typedef struct zki_http zki_http;

/* Outcome details of one exchange. maybe_sent is 0 only when the request surely
 * did not reach the server (resolve/connect failure), which makes a resend safe. */
typedef struct {
    long http_code;
    int maybe_sent;
    /* Retry-After of a 429/503 answer in ms (seconds or HTTP-date form), -1 when absent or unreadable. */
    int64_t retry_after_ms;
    char msg[400];
} zki_http_result;

zks_status zki_http_new(const char *url, zki_http **out);
void zki_http_free(zki_http *h);
void zki_http_set_timeouts(zki_http *h, uint32_t connect_ms, uint32_t total_ms);
void zki_http_set_max_response(zki_http *h, size_t max_bytes);
/* on != 0: libcurl takes proxies from http_proxy/https_proxy/all_proxy/no_proxy.
 * Default off: CURLOPT_PROXY is "" so the environment is ignored. */
void zki_http_set_env_proxy(zki_http *h, int on);
/* The configured total timeout of one exchange (ms). */
uint32_t zki_http_total_ms(const zki_http *h);
zks_status zki_http_set_user_agent(zki_http *h, const char *ua);
/* Checks a user agent: printable ASCII, at most 255 chars. */
int zki_http_user_agent_ok(const char *ua);

/* POSTs body (application/json). limit_ms (>= 1) caps this exchange, connect
 * included: the caller passes what is left of its deadline. fresh != 0 forces a new connection: libcurl
 * silently resends a request whose reused connection died before any answer,
 * which must not happen to a non-idempotent submit. On ZKS_OK (HTTP 200) *out_body is a
 * NUL-terminated zki_malloc'd copy of the response (caller zks_free) and
 * *out_len its length. Statuses: ZKS_ERR_NETWORK, ZKS_ERR_TIMEOUT, ZKS_ERR_HTTP,
 * ZKS_ERR_RESPONSE_TOO_LARGE, ZKS_ERR_NOMEM. res gets the details. */
zks_status zki_http_post(zki_http *h, const char *body, size_t body_len, int fresh, uint32_t limit_ms,
                         char **out_body, size_t *out_len, zki_http_result *res);

/* Millisecond clock and sleep for back-off and polling. */
uint64_t zki_now_ms(void);
void zki_sleep_ms(uint32_t ms);

#endif
