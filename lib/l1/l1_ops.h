/* Internals of zks_l1 shared by lib/l1 (l1_object.c, l1_ops.c, l1_send.c,
 * claims.c) and the accessors the wallet layer uses. Not installed. */
#ifndef ZKI_L1_OPS_H
#define ZKI_L1_OPS_H

#include <stdint.h>

#include "eth/eth.h"
#include "zksync.h"

/* The answer of a one-word view call, with room for a second word. */
#define ZKI_L1_VIEW_RET_BYTES (2 * ZKI_ABI_WORD_BYTES)

/* The object (fields used by l1_ops.c and l1_send.c). */
struct zks_l1 {
    zks_eth_rpc *rpc;                       /* borrowed */
    uint64_t chain_id;
    uint8_t main[ZKS_ETH_ADDRESS_BYTES];
    char main_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    uint8_t address[ZKS_ETH_ADDRESS_BYTES];
    char address_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    uint8_t key[ZKS_ETH_PRIVKEY_BYTES];
    int has_key;
    zks_eth_digest_signer sign;
    void *sign_ctx;
    char gas_price[ZKS_AMOUNT_CHARS + 1]; /* "" = eth_gasPrice */
    uint32_t poll_ms;
    uint32_t flags;
    zks_l1_doubt doubt;     /* the send of unknown outcome (open), docs/reliability.md */
    zks_l1_journal_fn journal;
    void *journal_ctx;
    char errmsg[512];
};

const uint8_t *zki_l1_address_bytes(const zks_l1 *l1);
const char *zki_l1_address_hex(const zks_l1 *l1); /* lowercase "0x..." */
const char *zki_l1_main_hex(const zks_l1 *l1);
uint64_t zki_l1_chain_id(const zks_l1 *l1);
zks_eth_rpc *zki_l1_rpc(const zks_l1 *l1);
uint32_t zki_l1_poll_ms(const zks_l1 *l1);
/* Sets zks_l1_errmsg. */
void zki_l1_set_msg(zks_l1 *l1, const char *msg);
/* Keeps the eth_rpc's reason (revert reason or message) in zks_l1_errmsg; returns st. */
zks_status zki_l1_rpc_fail(zks_l1 *l1, zks_status st);

/* Shared helpers (l1_util.c). */
struct cJSON;
/* "0x" + 40 lowercase hex digits of a. */
void zki_l1_addr_hex(char out[ZKS_ETH_ADDRESS_CHARS + 1], const uint8_t a[ZKS_ETH_ADDRESS_BYTES]);
/* A JSON "0x..." quantity of at most 16 hex digits; -1 when absent or malformed. */
int zki_l1_hex_u64(const struct cJSON *v, uint64_t *out);

/* Largest signed transaction the L1 layer builds. */
#define ZKI_L1_RAW_MAX 4096

/* Gas price (fixed or eth_gasPrice), the balance check (value + gas * price,
 * ZKS_ERR_INSUFFICIENT_FUNDS) and signing of one legacy EIP-155 transaction
 * to `to` at nonce. Out: raw (raw_cap bytes), *raw_len, hash_hex "0x...". */
zks_status zki_l1_sign_call(zks_l1 *l1, const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *value, const uint8_t *data,
                            size_t data_len, uint64_t gas, uint64_t nonce, uint8_t *raw, size_t raw_cap,
                            size_t *raw_len, char hash_hex[ZKS_HASH_HEX_CHARS + 1]);

/* The one send path of lib/l1 (l1_ops.c): opens the doubt (journal hook)
 * before the bytes leave; ZKS_ERR_OUTCOME_UNKNOWN keeps it open. */
zks_status zki_l1_send_signed(zks_l1 *l1, const uint8_t *raw, size_t raw_len, const char *hash, uint64_t nonce,
                              char got[ZKS_HASH_HEX_CHARS + 1]);
/* Resolves an open doubt before anything new is signed: ZKS_OK (none left),
 * ZKS_ERR_ALREADY_EXECUTED (mined: out->tx_hash/nonce/block), or
 * ZKS_ERR_OUTCOME_UNKNOWN (still open; its bytes were sent again). out may be NULL. */
zks_status zki_l1_resolve_doubt(zks_l1 *l1, uint32_t wait_ms, zks_l1_result *out);

#endif
