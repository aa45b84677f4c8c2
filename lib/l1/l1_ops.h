/* Internal accessors of zks_l1 for the wallet layer (lib/wallet). Not installed. */
#ifndef ZKI_L1_OPS_H
#define ZKI_L1_OPS_H

#include <stdint.h>

#include "zksync.h"

const uint8_t *zki_l1_address_bytes(const zks_l1 *l1);
const char *zki_l1_main_hex(const zks_l1 *l1);
uint64_t zki_l1_chain_id(const zks_l1 *l1);

#endif
