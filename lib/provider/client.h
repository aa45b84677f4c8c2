/* Shared plumbing of the two JSON-RPC clients, zks_provider (zksync_*.c) and
 * zks_eth_rpc (eth_rpc.c): their layouts, input checks, params, calls and the
 * option setters, written once. */
#ifndef ZKI_PROVIDER_CLIENT_H
#define ZKI_PROVIDER_CLIENT_H

#include <stddef.h>

#include "rpc.h"

struct zks_provider {
    zki_rpc rpc;
    zks_token_list *tokens; /* cache; NULL until first use */
};

struct zks_eth_rpc {
    zki_rpc rpc;
};

/* Both layouts start with their zki_rpc, so one constructor serves both. */
_Static_assert(offsetof(struct zks_provider, rpc) == 0 && offsetof(struct zks_eth_rpc, rpc) == 0,
               "client structs start with their zki_rpc");
/* Allocates a zeroed client of size bytes and starts its zki_rpc (kind
 * ZKI_RPC_ZKSYNC or ZKI_RPC_ETH) for url. *out NULL on failure. */
zks_status zki_client_new(const char *url, int kind, size_t size, void **out);

/* Input checks: 1 when well-formed. */
int zki_is_hex_n(const char *s, size_t n); /* exactly n hex digits, then the end */
int zki_address_ok(const char *a);         /* "0x" + 40 hex */
int zki_hash0x_ok(const char *h);          /* "0x" + 64 hex */
int zki_zk_hash_ok(const char *h);         /* zkSync tx hash: "sync-tx:" or "0x", + 64 hex */
/* "sync-tx:" + lowercase hex of a zki_zk_hash_ok hash, for comparing either form. */
void zki_zk_hash_norm(char out[ZKS_TX_HASH_CHARS + 1], const char *h);

/* A params array of the n first items (each may be NULL = allocation failure,
 * then all are freed and NULL returned). */
cJSON *zki_params(int n, cJSON *a, cJSON *b, cJSON *c);
/* An unsigned integer as a raw JSON number. */
cJSON *zki_u64_raw(uint64_t v);

/* One call; params are consumed. params NULL means building them failed:
 * ZKS_ERR_NOMEM and nothing is sent (never "params":null by accident). */
zks_status zki_client_call(zki_rpc *r, const char *method, cJSON *params, int idempotent, cJSON **root,
                           cJSON **res);
/* Notes "unexpected result shape from method"; returns ZKS_ERR_PARSE. */
zks_status zki_client_parse_fail(zki_rpc *r, const char *method);
/* The raw call of both clients (zks_*_call_json), inside the caller's public call. */
zks_status zki_client_call_json(zki_rpc *r, const char *method, const char *params_json, int32_t idempotent,
                                char **out_result_json);

/* The option setters and error accessors of a client type T (a struct with a
 * zki_rpc member rpc), named PREFIX_set_timeouts etc. One definition for both
 * clients; the prototypes and their documentation are in include/zksync.h. */
#define ZKI_CLIENT_OPTIONS(T, PREFIX)                                                                  \
    zks_status PREFIX##_set_timeouts(T *o, uint32_t connect_ms, uint32_t total_ms)                     \
    {                                                                                                  \
        ZKI_ARG_CHECK(o != NULL);                                                                      \
        return zki_rpc_set_timeouts(&o->rpc, connect_ms, total_ms);                                    \
    }                                                                                                  \
    zks_status PREFIX##_set_max_response(T *o, size_t max_bytes)                                       \
    {                                                                                                  \
        ZKI_ARG_CHECK(o != NULL);                                                                      \
        return zki_rpc_set_max_response(&o->rpc, max_bytes);                                           \
    }                                                                                                  \
    zks_status PREFIX##_set_user_agent(T *o, const char *ua)                                           \
    {                                                                                                  \
        ZKI_ARG_CHECK(o != NULL);                                                                      \
        return zki_rpc_set_user_agent(&o->rpc, ua);                                                    \
    }                                                                                                  \
    zks_status PREFIX##_set_retries(T *o, uint32_t retries, uint32_t backoff_ms)                       \
    {                                                                                                  \
        ZKI_ARG_CHECK(o != NULL);                                                                      \
        return zki_rpc_set_retries(&o->rpc, retries, backoff_ms);                                      \
    }                                                                                                  \
    zks_status PREFIX##_set_env_proxy(T *o, int32_t enable)                                            \
    {                                                                                                  \
        ZKI_ARG_CHECK(o != NULL);                                                                      \
        return zki_rpc_set_env_proxy(&o->rpc, enable);                                                 \
    }                                                                                                  \
    zks_status PREFIX##_last_error(const T *o, int64_t *out_code)                                      \
    {                                                                                                  \
        if (out_code != NULL) *out_code = o != NULL ? o->rpc.last_code : 0;                            \
        return o != NULL ? o->rpc.last_status : ZKS_ERR_INVALID_ARG;                                   \
    }                                                                                                  \
    const char *PREFIX##_errmsg(const T *o) { return o != NULL ? o->rpc.last_msg : ""; }               \
    zks_status PREFIX##_call_json(T *o, const char *method, const char *params_json, int32_t idempotent, \
                                  char **out_result_json)                                              \
    {                                                                                                  \
        ZKI_ARG_CHECK(out_result_json != NULL);                                                        \
        *out_result_json = NULL;                                                                       \
        ZKI_RPC_BEGIN(o);                                                                              \
        ZKI_RPC_RETURN(o, zki_client_call_json(&o->rpc, method, params_json, idempotent, out_result_json)); \
    }

#endif
