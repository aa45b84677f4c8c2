/* Internal JSON-RPC core shared by zks_provider and zks_eth_rpc, plus the
 * pure response parsers (no network; the fuzz target drives them). */
#ifndef ZKI_PROVIDER_RPC_H
#define ZKI_PROVIDER_RPC_H

#include "util/json.h"
#include <cjson/cJSON.h>

#include "../internal.h"
#include "http.h"
#include "provider.h"

enum { ZKI_RPC_ZKSYNC = 0, ZKI_RPC_ETH = 1 };

#define ZKI_RPC_MSG_MAX 1024
#define ZKI_RPC_REASON_MAX 512
#define ZKI_RPC_DATA_MAX 1024
_Static_assert(ZKI_RPC_MSG_MAX == ZKI_PROVIDER_MSG_MAX && ZKI_RPC_DATA_MAX == ZKI_PROVIDER_DATA_MAX,
               "provider.h mirrors the rpc buffer sizes");
/* The id of every request (zksync.js sends 1 too); answers must echo it. */
#define ZKI_RPC_ID 1

typedef struct {
    zki_http *http;
    int kind;                 /* ZKI_RPC_ZKSYNC or ZKI_RPC_ETH: how error codes map */
    uint32_t retries, backoff_ms;
    zks_status last_status;
    long last_http;           /* HTTP status of the last exchange (0 if none) */
    int64_t last_code;
    char last_msg[ZKI_RPC_MSG_MAX];
    char last_data[ZKI_RPC_DATA_MAX]; /* error.data of the last server error as text, "" if none */
    char revert_reason[ZKI_RPC_REASON_MAX];
    uint64_t deadline;        /* zki_now_ms() by which the current public call must return */
    int64_t last_retry_after; /* Retry-After of the last exchange in ms, -1 if none */
    zki_guard guard;          /* one thread inside a public call at a time */
} zki_rpc;

zks_status zki_rpc_init(zki_rpc *r, const char *url, int kind);
void zki_rpc_deinit(zki_rpc *r);
zks_status zki_rpc_set_timeouts(zki_rpc *r, uint32_t connect_ms, uint32_t total_ms);
zks_status zki_rpc_set_max_response(zki_rpc *r, size_t max_bytes);
zks_status zki_rpc_set_user_agent(zki_rpc *r, const char *ua);
zks_status zki_rpc_set_retries(zki_rpc *r, uint32_t retries, uint32_t backoff_ms);
zks_status zki_rpc_set_env_proxy(zki_rpc *r, int32_t enable);

/* Entry of a public call: takes the in-use guard (ZKS_ERR_BUSY, nothing
 * touched, when another thread is inside), clears the error state and starts
 * the call's deadline (the total timeout; a nested entry by the same thread
 * keeps the outer deadline). Every ZKS_OK entry is paired with zki_rpc_end. */
zks_status zki_rpc_enter(zki_rpc *r);
/* Records st as the status of the public call (keeps the message on failure)
 * and releases the guard. */
zks_status zki_rpc_end(zki_rpc *r, zks_status st);
/* Replaces the deadline of the current call by now + ms (the wait functions). */
void zki_rpc_set_deadline(zki_rpc *r, uint32_t ms);
/* Milliseconds left before the deadline (0 when it has passed). */
uint32_t zki_rpc_left(const zki_rpc *r);
/* Sleeps ms, or until the deadline when that comes first. Returns 0 when the
 * whole sleep fitted before the deadline, -1 (without sleeping) otherwise. */
int zki_rpc_sleep(const zki_rpc *r, uint32_t ms);

/* Public-call wrappers for a client struct with a zki_rpc member "rpc". */
#define ZKI_RPC_BEGIN(obj)                                                     \
    do {                                                                       \
        ZKI_ARG_CHECK((obj) != NULL);                                          \
        zks_status zki_enter_st_ = zki_rpc_enter(&(obj)->rpc);                 \
        if (zki_enter_st_ != ZKS_OK) return zki_enter_st_;                     \
    } while (0)
#define ZKI_RPC_RETURN(obj, st) return zki_rpc_end(&(obj)->rpc, (st))
/* Sets the message (printf-style) unless one is already there. */
void zki_rpc_note(zki_rpc *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One call. params is borrowed (NULL = null). On ZKS_OK *out_root owns the
 * parsed response (cJSON_Delete) and *out_result points into it. idempotent
 * calls are retried on transport errors while the deadline allows (back-off,
 * or the server's Retry-After when longer); every exchange is capped at the
 * time left. *maybe_sent (may be NULL) reports
 * whether a failed call could have reached the server. */
zks_status zki_rpc_call(zki_rpc *r, const char *method, const cJSON *params, int idempotent, cJSON **out_root,
                        cJSON **out_result, int *maybe_sent);

/* Retry-worthy transport failure (not an answer from the JSON-RPC layer). */
int zki_rpc_transient(zks_status st, long http_code);
/* Back-off delay before retry number attempt (0-based): base * 2^attempt, at most 5 s. */
uint32_t zki_rpc_backoff(const zki_rpc *r, uint32_t attempt);
/* The wait before retry number attempt: the back-off (0 when it is off), or
 * the last answer's Retry-After when that is longer. */
uint32_t zki_rpc_retry_delay(const zki_rpc *r, uint32_t attempt);

/* ---- pure parsing ---- */

/* Builds the request body {"id":1,"jsonrpc":"2.0","method":..,"params":..}
 * (compact, in this key order, as zksync.js). Returns a zki_malloc'd string or NULL. */
char *zki_rpc_request(const char *method, const cJSON *params);

/* Parses a JSON-RPC response. ZKS_OK: *out_root (cJSON_Delete) and *out_result.
 * ZKS_ERR_RPC: *code, msg (server text through zki_copy_text, cut to msg_cap),
 * *out_root kept and *out_data points to error.data (or NULL). ZKS_ERR_PARSE
 * otherwise (nothing kept; msg says why when msg_cap > 0): not one JSON object,
 * a duplicate key anywhere, "jsonrpc" not "2.0", "id" not ZKI_RPC_ID (null is
 * allowed on an error: the server could not read the request), no result/error. */
zks_status zki_rpc_parse_response(const char *body, size_t len, cJSON **out_root, cJSON **out_result,
                                  int64_t *code, char *msg, size_t msg_cap, cJSON **out_data);

/* Status for a server error code: zkSync mapping or Ethereum mapping (which
 * also looks at the message). 305 (L2 transactions disabled) is
 * ZKS_ERR_NETWORK_SHUT_DOWN. */
zks_status zki_rpc_map_zksync(int64_t code);
/* The zkSync REST API v0.2 envelope {request, status, result, error:{errorType,
 * code, message}}: ZKS_OK for status "success"; for status "error" the mapped
 * status (609 L2TransactionsDisabled -> ZKS_ERR_NETWORK_SHUT_DOWN, 606 ->
 * ZKS_ERR_FEE_TOKEN, others ZKS_ERR_RPC) with *code and msg set;
 * ZKS_ERR_PARSE for anything else. */
zks_status zki_rest_v02_status(const char *body, size_t len, int64_t *code, char *msg, size_t msg_cap);
zks_status zki_rest_map_v02(int64_t code);
/* 1 when no object in the tree has the same key twice (cJSON keeps both and
 * lookups see only the first, so a duplicate can hide a value). */
int zki_json_keys_unique(const cJSON *v);
zks_status zki_rpc_map_eth(int64_t code, const char *msg);
/* Extracts a revert reason: Error(string) ABI data (hex string, or an object
 * holding one) or the text after "revert " / "execution reverted: " in msg. */
void zki_rpc_revert_reason(const cJSON *data, const char *msg, char *out, size_t cap);

/* Building JSON (the one way in lib/: cJSON, printed compactly; zki_json_print/push in util/json.h). */
/* {"type":"EthereumSignature","signature":sig0x}; NULL when out of memory. */
cJSON *zki_json_eth_sig(const char *sig0x);
/* The params text ["s"] in a zki_malloc block; NULL when out of memory. */
char *zki_json_params_str(const char *s);

/* Field helpers: all return 0 on success, -1 on a missing or mistyped value. */
int zki_json_str(const cJSON *obj, const char *key, char *out, size_t cap);          /* string <= cap-1 */
int zki_json_str_or_null(const cJSON *obj, const char *key, char *out, size_t cap);  /* null/absent -> "" */
int zki_json_u64(const cJSON *v, uint64_t max, uint64_t *out);                       /* integral number */
int zki_json_field_u64(const cJSON *obj, const char *key, uint64_t max, uint64_t *out);
int zki_json_field_u32(const cJSON *obj, const char *key, uint32_t *out);
int zki_json_bool(const cJSON *obj, const char *key, int32_t *out);
int zki_json_amount(const cJSON *v, char out[ZKS_AMOUNT_CHARS + 1]);              /* decimal string */
int zki_hex_quantity_u64(const cJSON *v, uint64_t *out);                             /* "0x.." */
int zki_hex_quantity_dec(const cJSON *v, char out[ZKS_AMOUNT_CHARS + 1]);        /* "0x.." -> decimal */
/* Copies a string cutting at cap-1 bytes on a UTF-8 character boundary. */
void zki_copy_cut(char *out, size_t cap, const char *s);
/* Copies text that came from a server (messages, fail reasons, revert reasons):
 * control characters become ' ', bytes that are not well-formed UTF-8 become
 * '?', and the result is cut at cap-1 bytes on a character boundary. */
void zki_copy_text(char *out, size_t cap, const char *s);
/* zki_copy_text over n bytes (which may hold NULs, written as ' '). */
void zki_copy_text_n(char *out, size_t cap, const char *s, size_t n);

/* Typed zkSync parsers: ZKS_OK or ZKS_ERR_PARSE; out zeroed on failure. */
zks_status zki_parse_tx_info(const cJSON *res, zks_tx_info *out);
zks_status zki_parse_ethop_info(const cJSON *res, zks_tx_info *out);
zks_status zki_parse_fee(const cJSON *res, zks_fee *out);
/* get_token_price result (string or number) into out (cap bytes), trailing
 * fractional zeros dropped; ZKS_ERR_PARSE for anything else or when it does not fit. */
zks_status zki_parse_price(const cJSON *res, char *out, size_t cap);
zks_status zki_parse_contract_address(const cJSON *res, zks_contract_address *out);
zks_status zki_parse_nft(const cJSON *obj, int with_factories, zks_nft *out);
zks_status zki_parse_tokens(const cJSON *res, zks_token_list **out);
zks_status zki_parse_account(const cJSON *res, zks_account **out);
/* Ethereum receipt parser. */
zks_status zki_parse_receipt(const cJSON *res, zks_eth_receipt **out);

/* Token list internals (shared with the provider's cache). */
struct zks_token_list {
    size_t count;
    zks_token *items;
};
/* Finds token_like (id digits, 0x address, symbol) in l; NULL if absent. */
const zks_token *zki_token_list_find(const zks_token_list *l, const char *token_like);

#endif
