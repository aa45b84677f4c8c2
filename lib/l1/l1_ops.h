/* Internal accessors of zks_l1 for the wallet layer (lib/wallet). Not installed. */
#ifndef ZKI_L1_OPS_H
#define ZKI_L1_OPS_H

#include <stdint.h>

#include "zksync.h"

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

/* Largest signed transaction the L1 layer builds. */
#define ZKI_L1_RAW_MAX 4096

/* Gas price (fixed or eth_gasPrice), the balance check (value + gas * price,
 * ZKS_ERR_INSUFFICIENT_FUNDS) and signing of one legacy EIP-155 transaction
 * to `to` at nonce. Out: raw (raw_cap bytes), *raw_len, hash_hex "0x...". */
zks_status zki_l1_sign_call(zks_l1 *l1, const uint8_t to[20], const char *value, const uint8_t *data, size_t data_len,
                            uint64_t gas, uint64_t nonce, uint8_t *raw, size_t raw_cap, size_t *raw_len,
                            char hash_hex[ZKS_RPC_ETH_HASH_CHARS + 1]);

#endif
