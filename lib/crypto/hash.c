/* Public Rescue hashes: zksync-crypto rescueHash and rescueHashOrders. */
#include "internal.h"
#include "crypto/rescue.h"

/* 92 bytes = 736 bits = 253 + 253 + 230: three packed elements. */
#define MSG_BITS (8 * ZKS_MSG_MAX_BYTES)
#define ORDERS_LEN 178

zks_status zks_rescue_hash(const uint8_t *msg, size_t msg_len, uint8_t out[ZKS_RESCUE_HASH_BYTES])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_RESCUE_HASH_BYTES);
    ZKI_ARG_CHECK(msg != NULL || msg_len == 0);
    if (msg_len > ZKS_MSG_MAX_BYTES) return ZKS_ERR_MSG_TOO_LONG;

    zki_fr el[3], h;
    zki_multipack(msg, msg_len, MSG_BITS, el);
    zki_rescue_sponge(el, 3, &h, 1);
    zki_fr_to_bytes_le(out, &h);
    return ZKS_OK;
}

zks_status zks_rescue_hash_orders(const uint8_t *orders, size_t orders_len,
                                  uint8_t out[ZKS_ORDERS_HASH_BYTES])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_ORDERS_HASH_BYTES);
    ZKI_ARG_CHECK(orders != NULL);
    if (orders_len != ORDERS_LEN) return ZKS_ERR_INVALID_LENGTH;

    zki_fr el[6], h;
    uint8_t le[ZKI_FR_BYTES];
    zki_multipack(orders, ORDERS_LEN, 8 * ORDERS_LEN, el);
    zki_rescue_sponge(el, 6, &h, 1);
    zki_fr_to_bytes_le(le, &h);
    /* low 248 bits, each byte bit-reversed (the reference's bit order) */
    for (size_t i = 0; i < ZKS_ORDERS_HASH_BYTES; i++) {
        uint8_t b = le[i], r = 0;
        for (int j = 0; j < 8; j++) r |= (uint8_t)(((b >> j) & 1) << (7 - j));
        out[i] = r;
    }
    return ZKS_OK;
}
