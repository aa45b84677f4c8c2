/* Internal pieces of the L1 sunset code (lib/l1/sunset.c, lib/l1/claims.c)
 * that the unit tests reach without a node. Not installed. */
#ifndef ZKI_L1_SUNSET_H
#define ZKI_L1_SUNSET_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "eth/eth.h"
#include "zksync.h"

/* topic0 of the sunset events of the main contract (spec sunset.md §3). */
extern const char *const zki_topic_exodus_mode;
extern const char *const zki_topic_deposits_pause;
extern const char *const zki_topic_distributor_set;
extern const char *const zki_topic_claim_root_set;
extern const char *const zki_topic_token_migrated;

/* The running state of one log scan: the last L1ClaimDistributorSet and
 * ClaimRootSet by (block, log index), the migrated tokens in order. */
typedef struct {
    zks_l1_network_state *st;
    char *migrated;        /* cap entries of ZKS_ETH_ADDRESS_CHARS + 1, may be NULL */
    size_t migrated_cap;
    uint8_t contract[ZKS_ETH_ADDRESS_BYTES];
    uint64_t dist_pos[2], root_pos[2]; /* (block, log index) of the kept logs */
    int has_dist_pos, has_root_pos;
} zki_sunset_scan;

/* Applies the result array of one eth_getLogs call. Logs of another address
 * and removed logs are skipped; unknown topics are ignored.
 * Returns ZKS_OK or ZKS_ERR_PARSE (not an array, a malformed log). */
zks_status zki_sunset_apply_logs(zki_sunset_scan *sc, const cJSON *logs);

/* A claim / isClaimed function with named parameters. */
enum { ZKI_CLAIM_INDEX, ZKI_CLAIM_ACCOUNT, ZKI_CLAIM_TOKEN, ZKI_CLAIM_AMOUNT, ZKI_CLAIM_PROOF };
typedef struct {
    char canonical[160];   /* name(type,...) for the selector */
    size_t n;
    int role[5];
    unsigned bits[5];      /* uintN width for index / amount */
} zki_claim_fn;

/* Parses "name(type name, ...)" (spaces allowed around the parts).
 * Returns ZKS_OK or ZKS_ERR_INVALID_ARG. */
zks_status zki_claim_fn_parse(const char *sig, zki_claim_fn *out);

/* A leaf with its fields decoded. */
typedef struct {
    uint64_t index;
    uint8_t account[ZKS_ETH_ADDRESS_BYTES], token[ZKS_ETH_ADDRESS_BYTES];
    zki_u256 amount;
    const uint8_t *proof;
    size_t proof_len;
} zki_claim_leaf;

/* Encodes selector + arguments of f for leaf into out (zki_buf_init'ed).
 * Returns ZKS_OK; ZKS_ERR_INVALID_AMOUNT (a value wider than its uintN); ZKS_ERR_NOMEM. */
zks_status zki_claim_fn_encode(const zki_claim_fn *f, const zki_claim_leaf *leaf, zki_buf *out);

/* keccak256(index ‖ account ‖ token ‖ amount) and the sorted-pair proof check (1 = leads to root). */
void zki_claim_leaf_hash(const zki_claim_leaf *leaf, uint8_t out[ZKS_ETH_HASH_BYTES]);
int zki_claim_proof_ok(const uint8_t leaf[ZKS_ETH_HASH_BYTES], const uint8_t *proof, size_t proof_len,
                       const uint8_t root[ZKS_ETH_HASH_BYTES]);

/* eth_call of a view with no arguments or with args; ret gets up to ret_cap bytes. */
zks_status zki_sunset_view(zks_eth_rpc *rpc, const char *from, const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *sig,
                           const zki_abi_arg *args, size_t n, uint8_t *ret, size_t ret_cap, size_t *ret_len);

#endif
