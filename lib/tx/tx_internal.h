/* Internal API of lib/tx: amount parsing and packing shared by the encoders. */
#ifndef ZKI_TX_INTERNAL_H
#define ZKI_TX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "util/u256.h"

/* Parses an amount string; NULL means 0. Returns ZKS_OK or ZKS_ERR_INVALID_AMOUNT. */
zks_status zki_amount_parse(const char *s, zki_u256 *out);

/* Exact packing. fee = 0: 5-byte amount, fee = 1: 2-byte fee.
 * Returns ZKS_OK or ZKS_ERR_NOT_PACKABLE (also for values above the maximum). */
zks_status zki_pack(const zki_u256 *v, int fee, uint8_t *out);
/* Unpacking of any bytes. */
void zki_unpack(const uint8_t *in, int fee, zki_u256 *out);
/* Closest packable value: up = 0 rounds down (zksync.js closestPackable*),
 * up = 1 rounds up (closestGreaterOrEqPackable*). Returns ZKS_OK or
 * ZKS_ERR_INVALID_AMOUNT when v is above the largest packable value. */
zks_status zki_closest_packable(const zki_u256 *v, int fee, int up, zki_u256 *out);

/* formatToken into out (cap bytes). Returns ZKS_OK or ZKS_ERR_BUFFER_SIZE. */
zks_status zki_token_format(const zki_u256 *v, uint32_t decimals, char *out, size_t cap);

/* Checks the struct tag: tx non-NULL and struct_size right for type.
 * Returns ZKS_OK, ZKS_ERR_INVALID_ARG or ZKS_ERR_UNSUPPORTED. */
zks_status zki_tx_check_struct(zks_tx_type type, const void *tx);

/* Validates tx and writes its encoding into out (ZKS_SWAP_HASH_INPUT_BYTES
 * bytes always suffice): the signed bytes, or with server_form = 1 the bytes
 * the server hashes (differs for Swap only). Returns a zks_status; on failure
 * *len = 0. */
zks_status zki_tx_encode(zks_tx_type type, const void *tx, int server_form, uint8_t *out, size_t *len);

/* The "0x..." EIP-55 form of a 20-byte address (43 bytes with NUL). */
zks_status zki_addr_text(const uint8_t addr[ZKS_ETH_ADDRESS_BYTES], char out[ZKS_ETH_ADDRESS_CHARS + 1]);

/* A transaction of any type, as parsed from JSON (lib/tx/json.c). String
 * fields point into the cJSON tree, which the caller frees with
 * zki_tx_json_free after use. */
typedef struct {
    zks_tx_type type;
    union {
        zks_transfer transfer;
        zks_withdraw withdraw;
        zks_change_pubkey cpk;
        zks_forced_exit forced_exit;
        zks_mint_nft mint_nft;
        zks_withdraw_nft withdraw_nft;
        zks_swap swap;
        zks_order order;
    } u;
    uint8_t order_sig[2][ZKS_MUSIG_BYTES];
    void *root; /* cJSON tree */
} zki_tx_any;

/* Parses tx JSON (the zks_tx_sign_json input) into p. Returns a zks_status;
 * call zki_tx_json_free(p) in every case. */
zks_status zki_tx_from_json(const char *text, zki_tx_any *p);
/* The server form of a checked tx as a cJSON object (zks_tx_to_json before
 * printing), for callers that add fields; *out is theirs to cJSON_Delete. */
struct cJSON;
zks_status zki_tx_json_obj(zks_tx_type type, const void *tx, const uint8_t sig[ZKS_MUSIG_BYTES], struct cJSON **out);
void zki_tx_json_free(zki_tx_any *p);

#endif
