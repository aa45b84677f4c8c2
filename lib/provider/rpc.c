/* JSON-RPC core: request building, the call loop with retries, response and
 * error parsing, field helpers. Shared by zks_provider and zks_eth_rpc. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "../internal.h"
#include "eth/eth.h"
#include "util/u256.h"
#include "rpc.h"

zks_status zki_rpc_init(zki_rpc *r, const char *url, int kind)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->retries = ZKS_RPC_DEFAULT_RETRIES;
    r->backoff_ms = ZKS_RPC_DEFAULT_BACKOFF_MS;
    return zki_http_new(url, &r->http);
}

void zki_rpc_deinit(zki_rpc *r)
{
    zki_http_free(r->http);
    r->http = NULL;
}

/* The setters take the in-use guard too: an option changed by one thread
 * while another is inside a call would change that call under it. */
#define GUARDED(r, expr)                                                       \
    do {                                                                       \
        zks_status g_ = zki_guard_enter(&(r)->guard);                          \
        if (g_ != ZKS_OK) return g_;                                           \
        zks_status st_ = (expr);                                               \
        zki_guard_leave(&(r)->guard);                                          \
        return st_;                                                            \
    } while (0)

static zks_status set_timeouts(zki_rpc *r, uint32_t connect_ms, uint32_t total_ms)
{
    zki_http_set_timeouts(r->http, connect_ms, total_ms);
    return ZKS_OK;
}

zks_status zki_rpc_set_timeouts(zki_rpc *r, uint32_t connect_ms, uint32_t total_ms)
{
    GUARDED(r, set_timeouts(r, connect_ms, total_ms));
}

static zks_status set_max_response(zki_rpc *r, size_t max_bytes)
{
    zki_http_set_max_response(r->http, max_bytes);
    return ZKS_OK;
}

zks_status zki_rpc_set_max_response(zki_rpc *r, size_t max_bytes)
{
    ZKI_ARG_CHECK(max_bytes >= 1024 && max_bytes <= ((size_t)1 << 40));
    GUARDED(r, set_max_response(r, max_bytes));
}

zks_status zki_rpc_set_user_agent(zki_rpc *r, const char *ua)
{
    ZKI_ARG_CHECK(ua != NULL && zki_http_user_agent_ok(ua));
    GUARDED(r, zki_http_set_user_agent(r->http, ua));
}

static zks_status set_retries(zki_rpc *r, uint32_t retries, uint32_t backoff_ms)
{
    r->retries = retries;
    r->backoff_ms = backoff_ms;
    return ZKS_OK;
}

zks_status zki_rpc_set_retries(zki_rpc *r, uint32_t retries, uint32_t backoff_ms)
{
    ZKI_ARG_CHECK(retries <= 20 && backoff_ms <= 60000);
    GUARDED(r, set_retries(r, retries, backoff_ms));
}

static zks_status set_env_proxy(zki_rpc *r, int enable)
{
    zki_http_set_env_proxy(r->http, enable);
    return ZKS_OK;
}

zks_status zki_rpc_set_env_proxy(zki_rpc *r, int32_t enable)
{
    ZKI_ARG_CHECK(enable == 0 || enable == 1);
    GUARDED(r, set_env_proxy(r, enable));
}

zks_status zki_rpc_enter(zki_rpc *r)
{
    zks_status st = zki_guard_enter(&r->guard);
    if (st != ZKS_OK) return st;
    if (r->guard.depth == 1) zki_rpc_set_deadline(r, zki_http_total_ms(r->http));
    r->last_status = ZKS_OK;
    r->last_http = 0;
    r->last_code = 0;
    r->last_msg[0] = '\0';
    r->last_data[0] = '\0';
    r->revert_reason[0] = '\0';
    return ZKS_OK;
}

void zki_rpc_set_deadline(zki_rpc *r, uint32_t ms) { r->deadline = zki_now_ms() + ms; }

uint32_t zki_rpc_left(const zki_rpc *r)
{
    uint64_t now = zki_now_ms();
    if (now >= r->deadline) return 0;
    uint64_t left = r->deadline - now;
    return left > UINT32_MAX ? UINT32_MAX : (uint32_t)left;
}

int zki_rpc_sleep(const zki_rpc *r, uint32_t ms)
{
    if (ms >= zki_rpc_left(r)) return -1;
    if (ms > 0) zki_sleep_ms(ms);
    return 0;
}

zks_status zki_rpc_end(zki_rpc *r, zks_status st)
{
    r->last_status = st;
    if (st == ZKS_OK) {
        r->last_code = 0;
        r->last_msg[0] = '\0';
        r->last_data[0] = '\0';
        r->revert_reason[0] = '\0';
    } else if (r->last_msg[0] == '\0') {
        zki_copy_cut(r->last_msg, sizeof r->last_msg, zks_strerror(st));
    }
    zki_guard_leave(&r->guard);
    return st;
}

void zki_rpc_note(zki_rpc *r, const char *fmt, ...)
{
    if (r->last_msg[0] != '\0') return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->last_msg, sizeof r->last_msg, fmt, ap);
    va_end(ap);
}

void zki_copy_cut(char *out, size_t cap, const char *s)
{
    if (cap == 0) return;
    size_t n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
        /* step back over UTF-8 continuation bytes so no character is split */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

/* Length of the well-formed UTF-8 sequence at s[0..n), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;      /* no overlong forms */
        else if (c == 0xED) hi = 0x9F; /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return len;
}

void zki_copy_text_n(char *out, size_t cap, const char *s, size_t n)
{
    if (cap == 0) return;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, w = 0;
    while (i < n) {
        size_t k = utf8_seq(u + i, n - i);
        if (k == 0) {
            if (w + 1 > cap - 1) break;
            out[w++] = '?';
            i++;
            continue;
        }
        if (w + k > cap - 1) break; /* cut before a character that does not fit */
        /* C0 controls, DEL and C1 controls (U+0080..U+009F) become spaces */
        if ((k == 1 && (u[i] < 0x20 || u[i] == 0x7F)) || (k == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0)) {
            out[w++] = ' ';
        } else {
            memcpy(out + w, u + i, k);
            w += k;
        }
        i += k;
    }
    out[w] = '\0';
}

void zki_copy_text(char *out, size_t cap, const char *s) { zki_copy_text_n(out, cap, s, strlen(s)); }

char *zki_rpc_request(const char *method, const cJSON *params)
{
    /* The head {"id":1,"jsonrpc":"2.0","method":M} is printed by cJSON and
     * params spliced in as text: params stays borrowed (no copy), and
     * cJSON_AddItemReferenceToObject, which leaks its reference when adding
     * the key fails (cJSON 1.7), is not needed. */
    static const char key[] = ",\"params\":";
    cJSON *root = cJSON_CreateObject();
    if (root == NULL) return NULL;
    char *out = NULL, *head = NULL, *ptxt = NULL;
    int ok = cJSON_AddNumberToObject(root, "id", 1) != NULL &&
             cJSON_AddStringToObject(root, "jsonrpc", "2.0") != NULL &&
             cJSON_AddStringToObject(root, "method", method) != NULL;
    if (ok) head = cJSON_PrintUnformatted(root);
    if (head != NULL && params != NULL) ptxt = cJSON_PrintUnformatted(params);
    if (head != NULL && (params == NULL || ptxt != NULL)) {
        const char *pj = ptxt != NULL ? ptxt : "null";
        size_t hl = strlen(head), pl = strlen(pj);
        if (hl >= 2 && head[hl - 1] == '}') {
            out = zki_malloc(hl - 1 + sizeof key - 1 + pl + 2);
            if (out != NULL) {
                char *w = out;
                memcpy(w, head, hl - 1);
                w += hl - 1;
                memcpy(w, key, sizeof key - 1);
                w += sizeof key - 1;
                memcpy(w, pj, pl);
                w += pl;
                memcpy(w, "}", 2);
            }
        }
    }
    if (ptxt != NULL) cJSON_free(ptxt);
    if (head != NULL) cJSON_free(head);
    cJSON_Delete(root);
    return out;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int zki_json_keys_unique(const cJSON *v)
{
    if (v == NULL) return 1;
    if (cJSON_IsObject(v)) {
        size_t n = 0;
        for (const cJSON *c = v->child; c != NULL; c = c->next) n++;
        if (n > 1 && n <= 16) { /* small objects: pairwise, no allocation */
            for (const cJSON *a = v->child; a != NULL; a = a->next)
                for (const cJSON *b = a->next; b != NULL; b = b->next)
                    if (a->string != NULL && b->string != NULL && strcmp(a->string, b->string) == 0) return 0;
        } else if (n > 16) { /* large ones: sort the keys, O(n log n) */
            const char **keys = zki_calloc(n, sizeof *keys);
            if (keys == NULL) return 0; /* cannot check: refuse */
            size_t k = 0;
            for (const cJSON *c = v->child; c != NULL; c = c->next) keys[k++] = c->string != NULL ? c->string : "";
            qsort(keys, n, sizeof *keys, cmp_key);
            int ok = 1;
            for (size_t i = 1; ok && i < n; i++) ok = strcmp(keys[i - 1], keys[i]) != 0;
            zks_free(keys);
            if (!ok) return 0;
        }
    }
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        for (const cJSON *c = v->child; c != NULL; c = c->next)
            if (!zki_json_keys_unique(c)) return 0;
    }
    return 1;
}

/* An error code: an integer within +-9e15, else 0. */
static int64_t error_code(const cJSON *c)
{
    uint64_t u;
    if (cJSON_IsNumber(c) && c->valuedouble < 0 && c->valuedouble >= -9.0e15 &&
        c->valuedouble == (double)(int64_t)c->valuedouble)
        return (int64_t)c->valuedouble;
    if (zki_json_u64(c, 9000000000000000ull, &u) == 0) return (int64_t)u;
    return 0;
}

/* Parses one JSON document filling the whole body (white space may follow). */
static cJSON *parse_doc(const char *body, size_t len)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    if (root == NULL) return NULL;
    for (const char *c = end; c != NULL && c < body + len; c++) {
        if (*c != ' ' && *c != '\t' && *c != '\r' && *c != '\n') {
            cJSON_Delete(root);
            return NULL;
        }
    }
    return root;
}

static zks_status parse_refuse(cJSON *root, char *msg, size_t msg_cap, const char *why)
{
    cJSON_Delete(root);
    if (msg_cap > 0) zki_copy_cut(msg, msg_cap, why);
    return ZKS_ERR_PARSE;
}

zks_status zki_rpc_parse_response(const char *body, size_t len, cJSON **out_root, cJSON **out_result,
                                  int64_t *code, char *msg, size_t msg_cap, cJSON **out_data)
{
    *out_root = NULL;
    *out_result = NULL;
    *code = 0;
    if (msg_cap > 0) msg[0] = '\0';
    *out_data = NULL;
    cJSON *root = parse_doc(body, len);
    if (root == NULL) return parse_refuse(NULL, msg, msg_cap, "response is not JSON");
    if (!cJSON_IsObject(root)) return parse_refuse(root, msg, msg_cap, "response is not a JSON object");
    if (!zki_json_keys_unique(root)) return parse_refuse(root, msg, msg_cap, "response has a duplicate JSON key");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "jsonrpc");
    if (!cJSON_IsString(ver) || strcmp(ver->valuestring, "2.0") != 0)
        return parse_refuse(root, msg, msg_cap, "response is not JSON-RPC 2.0 (\"jsonrpc\" is not \"2.0\")");
    cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
    cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "result");
    int is_err = err != NULL && !cJSON_IsNull(err);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (!(cJSON_IsNumber(id) && id->valuedouble == ZKI_RPC_ID) && !(is_err && cJSON_IsNull(id)))
        return parse_refuse(root, msg, msg_cap, "response \"id\" does not match the request");
    if (is_err) {
        if (!cJSON_IsObject(err)) return parse_refuse(root, msg, msg_cap, "response \"error\" is not an object");
        *code = error_code(cJSON_GetObjectItemCaseSensitive(err, "code"));
        cJSON *m = cJSON_GetObjectItemCaseSensitive(err, "message");
        if (cJSON_IsString(m) && msg_cap > 0) zki_copy_text(msg, msg_cap, m->valuestring);
        cJSON *d = cJSON_GetObjectItemCaseSensitive(err, "data");
        *out_data = (d != NULL && !cJSON_IsNull(d)) ? d : NULL;
        *out_root = root;
        return ZKS_ERR_RPC;
    }
    if (res == NULL) /* neither result nor error: "Unknown JRPC Error" */
        return parse_refuse(root, msg, msg_cap, "response has neither \"result\" nor \"error\"");
    *out_root = root;
    *out_result = res;
    return ZKS_OK;
}

zks_status zki_rest_map_v02(int64_t code)
{
    switch (code) {
    case 606: return ZKS_ERR_FEE_TOKEN;          /* InappropriateFeeToken */
    case 609: return ZKS_ERR_NETWORK_SHUT_DOWN;  /* L2TransactionsDisabled */
    default: return ZKS_ERR_RPC;
    }
}

zks_status zki_rest_v02_status(const char *body, size_t len, int64_t *code, char *msg, size_t msg_cap)
{
    *code = 0;
    if (msg_cap > 0) msg[0] = '\0';
    cJSON *root = parse_doc(body, len);
    if (root == NULL || !cJSON_IsObject(root) || !zki_json_keys_unique(root))
        return parse_refuse(root, msg, msg_cap, "not a REST v0.2 answer");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(root, "status");
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
    zks_status st = ZKS_ERR_PARSE;
    if (cJSON_IsString(status) && strcmp(status->valuestring, "success") == 0) {
        st = ZKS_OK;
    } else if (cJSON_IsString(status) && strcmp(status->valuestring, "error") == 0 && cJSON_IsObject(err)) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(err, "code");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(err, "message");
        if (cJSON_IsNumber(c)) {
            *code = error_code(c);
            if (cJSON_IsString(m) && msg_cap > 0) zki_copy_text(msg, msg_cap, m->valuestring);
            st = zki_rest_map_v02(*code);
        }
    }
    if (st == ZKS_ERR_PARSE) return parse_refuse(root, msg, msg_cap, "not a REST v0.2 answer");
    cJSON_Delete(root);
    return st;
}

zks_status zki_rpc_map_zksync(int64_t code)
{
    switch (code) {
    case 101: return ZKS_ERR_NONCE_MISMATCH;
    case 104: return ZKS_ERR_FEE_TOO_LOW;
    case 105: return ZKS_ERR_FEE_TOKEN;
    case 200:
    case 201:
    case 202: return ZKS_ERR_ETH_SIGNATURE;
    case 203: return ZKS_ERR_NOT_AUTHORIZED;
    case 305: return ZKS_ERR_NETWORK_SHUT_DOWN; /* "L2 transactions are disabled." (the 2026 shutdown) */
    default: return ZKS_ERR_RPC;
    }
}

zks_status zki_rpc_map_eth(int64_t code, const char *msg)
{
    if (strcasestr(msg, "insufficient funds") != NULL) return ZKS_ERR_INSUFFICIENT_FUNDS;
    if (code == 3 || strcasestr(msg, "revert") != NULL) return ZKS_ERR_L1_REVERT;
    if (strcasestr(msg, "nonce too low") != NULL) return ZKS_ERR_NONCE_MISMATCH;
    return ZKS_ERR_RPC;
}

/* Error(string) = 0x08c379a0 ++ abi.encode(string). */
static int decode_error_string(const char *hex, char *out, size_t cap)
{
    if (strncmp(hex, "0x", 2) == 0 || strncmp(hex, "0X", 2) == 0) hex += 2;
    size_t n = strlen(hex);
    if (n % 2 != 0 || n < 8 + 4 * ZKI_ABI_WORD_BYTES || strncasecmp(hex, "08c379a0", 8) != 0) return -1;
    size_t blen = (n - 8) / 2;
    if (blen > 1u << 20) return -1;
    uint8_t *b = zki_malloc(blen);
    if (b == NULL) return -1;
    int rc = -1;
    if (zki_hex_decode(b, blen, hex + 8, n - 8) == 0) {
        zki_u256 off, l;
        zki_u256_from_be(&off, b, ZKI_ABI_WORD_BYTES);
        uint8_t ob[8], lb[8];
        if (zki_u256_to_be(ob, 8, &off) == 0) {
            uint64_t o = 0;
            for (int i = 0; i < 8; i++) o = o << 8 | ob[i];
            if (o <= blen - ZKI_ABI_WORD_BYTES && o + ZKI_ABI_WORD_BYTES <= blen) {
                zki_u256_from_be(&l, b + o, ZKI_ABI_WORD_BYTES);
                if (zki_u256_to_be(lb, 8, &l) == 0) {
                    uint64_t sl = 0;
                    for (int i = 0; i < 8; i++) sl = sl << 8 | lb[i];
                    if (sl <= blen - o - ZKI_ABI_WORD_BYTES) {
                        /* NULs, newlines and other controls become spaces, bad UTF-8 '?' */
                        zki_copy_text_n(out, cap, (const char *)(b + o + ZKI_ABI_WORD_BYTES), (size_t)sl);
                        rc = 0;
                    }
                }
            }
        }
    }
    zks_free(b);
    return rc;
}

static int reason_from_data(const cJSON *d, char *out, size_t cap, int depth)
{
    if (d == NULL || depth > 3) return -1;
    if (cJSON_IsString(d)) return decode_error_string(d->valuestring, out, cap);
    if (!cJSON_IsObject(d)) return -1;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(d, "reason");
    if (cJSON_IsString(r)) {
        zki_copy_text(out, cap, r->valuestring);
        return 0;
    }
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(d, "data");
    if (x != NULL && reason_from_data(x, out, cap, depth + 1) == 0) return 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, d) {
        if (cJSON_IsObject(it) && reason_from_data(it, out, cap, depth + 1) == 0) return 0;
    }
    return -1;
}

void zki_rpc_revert_reason(const cJSON *data, const char *msg, char *out, size_t cap)
{
    out[0] = '\0';
    if (reason_from_data(data, out, cap, 0) == 0) return;
    static const char *const marks[] = {"execution reverted: ", "revert "};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        const char *p = strcasestr(msg, marks[i]);
        if (p != NULL) {
            zki_copy_text(out, cap, p + strlen(marks[i]));
            return;
        }
    }
}

uint32_t zki_rpc_backoff(const zki_rpc *r, uint32_t attempt)
{
    uint64_t d = (uint64_t)r->backoff_ms << (attempt < 16 ? attempt : 16);
    return d > 5000 ? 5000 : (uint32_t)d;
}

uint32_t zki_rpc_retry_delay(const zki_rpc *r, uint32_t attempt)
{
    uint32_t delay = r->backoff_ms > 0 ? zki_rpc_backoff(r, attempt) : 0;
    if (r->last_retry_after > (int64_t)delay)
        delay = r->last_retry_after > UINT32_MAX ? UINT32_MAX : (uint32_t)r->last_retry_after;
    return delay;
}

int zki_rpc_transient(zks_status st, long http_code)
{
    if (st == ZKS_ERR_NETWORK || st == ZKS_ERR_TIMEOUT) return 1;
    if (st == ZKS_ERR_HTTP && (http_code >= 500 || http_code == 429)) return 1;
    return 0;
}

static zks_status call_once(zki_rpc *r, const char *req, size_t req_len, int fresh, uint32_t limit_ms,
                            cJSON **out_root, cJSON **out_result, int *maybe_sent, long *http_code,
                            int64_t *retry_after_ms)
{
    char *body = NULL;
    size_t len = 0;
    zki_http_result hr;
    zks_status st = zki_http_post(r->http, req, req_len, fresh, limit_ms, &body, &len, &hr);
    *maybe_sent = hr.maybe_sent;
    *http_code = hr.http_code;
    *retry_after_ms = hr.retry_after_ms;
    r->last_retry_after = hr.retry_after_ms;
    r->last_http = hr.http_code;
    if (st != ZKS_OK) {
        r->last_msg[0] = '\0';
        zki_copy_cut(r->last_msg, sizeof r->last_msg, hr.msg);
        return st;
    }
    int64_t code = 0;
    cJSON *data = NULL;
    char msg[ZKI_RPC_MSG_MAX];
    st = zki_rpc_parse_response(body, len, out_root, out_result, &code, msg, sizeof msg, &data);
    zks_free(body);
    r->last_msg[0] = '\0';
    r->last_data[0] = '\0';
    if (st == ZKS_ERR_RPC) {
        r->last_code = code;
        memcpy(r->last_msg, msg, sizeof msg);
        if (cJSON_IsString(data)) {
            zki_copy_text(r->last_data, sizeof r->last_data, data->valuestring);
        } else if (data != NULL) {
            char *dj = cJSON_PrintUnformatted(data);
            if (dj != NULL) zki_copy_text(r->last_data, sizeof r->last_data, dj);
            cJSON_free(dj);
        }
        if (r->kind == ZKI_RPC_ETH) {
            st = zki_rpc_map_eth(code, msg);
            if (st == ZKS_ERR_L1_REVERT)
                zki_rpc_revert_reason(data, msg, r->revert_reason, sizeof r->revert_reason);
        } else {
            st = zki_rpc_map_zksync(code);
        }
        cJSON_Delete(*out_root);
        *out_root = NULL;
    } else if (st == ZKS_ERR_PARSE) {
        snprintf(r->last_msg, sizeof r->last_msg, "%s", msg[0] ? msg : "response is not a JSON-RPC 2.0 answer");
    }
    return st;
}

zks_status zki_rpc_call(zki_rpc *r, const char *method, const cJSON *params, int idempotent, cJSON **out_root,
                        cJSON **out_result, int *maybe_sent)
{
    *out_root = NULL;
    *out_result = NULL;
    if (maybe_sent != NULL) *maybe_sent = 0;
    char *req = zki_rpc_request(method, params);
    if (req == NULL) return ZKS_ERR_NOMEM;
    size_t req_len = strlen(req);
    zks_status st = ZKS_ERR_INTERNAL;
    int sent_any = 0;
    uint32_t total = zki_http_total_ms(r->http);
    for (uint32_t attempt = 0;; attempt++) {
        int ms = 0;
        long http_code = 0;
        int64_t retry_after = -1;
        uint32_t left = zki_rpc_left(r);
        if (left == 0) { /* nothing sent: the caller's time is up */
            if (attempt == 0) { /* a later attempt keeps the failure that made it retry */
                st = ZKS_ERR_TIMEOUT;
                r->last_msg[0] = '\0';
                zki_rpc_note(r, "deadline reached before the request could be sent");
            }
            break;
        }
        r->last_code = 0;
        st = call_once(r, req, req_len, !idempotent, left < total ? left : total, out_root, out_result, &ms,
                       &http_code, &retry_after);
        sent_any |= ms;
        if (st == ZKS_OK || !zki_rpc_transient(st, http_code)) break;
        /* Non-idempotent calls are resent only when nothing reached the server. */
        if (attempt >= r->retries || (!idempotent && ms)) break;
        uint32_t delay = zki_rpc_retry_delay(r, attempt);
        if (zki_rpc_sleep(r, delay) != 0) {
            /* no time for the wait and another try: report the last failure */
            size_t n = strlen(r->last_msg);
            snprintf(r->last_msg + n, sizeof r->last_msg - n, "%s (not retried: %s %u ms exceeds the deadline)",
                     n ? "" : zks_strerror(st), retry_after >= 0 ? "Retry-After" : "back-off", delay);
            break;
        }
    }
    if (maybe_sent != NULL) *maybe_sent = sent_any;
    zks_free(req);
    return st;
}

/* ---- building ---- */

char *zki_json_params_str(const char *s)
{
    cJSON *a = cJSON_CreateArray();
    char *r = zki_json_push(a, cJSON_CreateString(s)) ? zki_json_print(a) : NULL;
    cJSON_Delete(a);
    return r;
}

cJSON *zki_json_eth_sig(const char *sig0x)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL || cJSON_AddStringToObject(o, "type", "EthereumSignature") == NULL ||
        cJSON_AddStringToObject(o, "signature", sig0x) == NULL) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* ---- field helpers ---- */

int zki_json_str(const cJSON *obj, const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= cap) return -1;
    strcpy(out, v->valuestring);
    return 0;
}

int zki_json_str_or_null(const cJSON *obj, const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL || cJSON_IsNull(v)) return 0;
    return zki_json_str(obj, key, out, cap);
}

int zki_json_u64(const cJSON *v, uint64_t max, uint64_t *out)
{
    *out = 0;
    if (!cJSON_IsNumber(v)) return -1;
    double d = v->valuedouble;
    /* Below 2^53 every integer is exact. 2^53 itself is refused too: the
     * text 9007199254740993 also parses to it, so it cannot be trusted. */
    if (!(d >= 0) || d >= 9007199254740992.0 || d != (double)(uint64_t)d) return -1;
    uint64_t u = (uint64_t)d;
    if (u > max) return -1;
    *out = u;
    return 0;
}

int zki_json_field_u64(const cJSON *obj, const char *key, uint64_t max, uint64_t *out)
{
    return zki_json_u64(cJSON_GetObjectItemCaseSensitive(obj, key), max, out);
}

int zki_json_field_u32(const cJSON *obj, const char *key, uint32_t *out)
{
    uint64_t u;
    *out = 0;
    if (zki_json_field_u64(obj, key, UINT32_MAX, &u) != 0) return -1;
    *out = (uint32_t)u;
    return 0;
}

int zki_json_bool(const cJSON *obj, const char *key, int32_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = 0;
    if (!cJSON_IsBool(v)) return -1;
    *out = cJSON_IsTrue(v) ? 1 : 0;
    return 0;
}

int zki_json_amount(const cJSON *v, char out[ZKS_AMOUNT_CHARS + 1])
{
    out[0] = '\0';
    zki_u256 x;
    if (!cJSON_IsString(v) || zki_u256_from_dec(&x, v->valuestring) != 0) return -1;
    zki_u256_to_dec(out, &x); /* canonical: no leading zeros */
    return 0;
}

static int hex_quantity(const cJSON *v, zki_u256 *x)
{
    memset(x, 0, sizeof *x);
    if (!cJSON_IsString(v)) return -1;
    const char *s = v->valuestring;
    if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return -1;
    s += 2;
    size_t n = strlen(s);
    if (n == 0 || n > 2 * ZKS_U256_BYTES) return -1;
    uint8_t be[ZKS_U256_BYTES] = {0};
    char tmp[2 * ZKS_U256_BYTES + 1];
    size_t pad = n % 2;
    tmp[0] = '0';
    memcpy(tmp + pad, s, n);
    size_t bl = (n + pad) / 2;
    if (zki_hex_decode(be, bl, tmp, n + pad) != 0) return -1;
    zki_u256_from_be(x, be, bl);
    return 0;
}

int zki_hex_quantity_u64(const cJSON *v, uint64_t *out)
{
    zki_u256 x;
    uint8_t b[8];
    *out = 0;
    if (hex_quantity(v, &x) != 0 || zki_u256_to_be(b, 8, &x) != 0) return -1;
    uint64_t u = 0;
    for (int i = 0; i < 8; i++) u = u << 8 | b[i];
    *out = u;
    return 0;
}

int zki_hex_quantity_dec(const cJSON *v, char out[ZKS_AMOUNT_CHARS + 1])
{
    zki_u256 x;
    out[0] = '\0';
    if (hex_quantity(v, &x) != 0) return -1;
    zki_u256_to_dec(out, &x);
    return 0;
}
