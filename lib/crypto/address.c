/* Ethereum address text: EIP-55 checksum and parsing. Pure functions over
 * Keccak, kept in lib/crypto so that lib/tx (which prints and parses
 * addresses) does not depend on lib/eth. */
#include <string.h>

#include "../internal.h"
#include "crypto/keccak.h"

zks_status zks_eth_address_to_checksum(const uint8_t address[ZKS_ETH_ADDRESS_BYTES], char out[ZKS_ETH_ADDRESS_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_ETH_ADDRESS_CHARS + 1);
    ZKI_ARG_CHECK(address != NULL);
    char lower[2 * ZKS_ETH_ADDRESS_BYTES + 1];
    uint8_t h[ZKS_KECCAK256_BYTES];
    zki_hex_encode(lower, address, ZKS_ETH_ADDRESS_BYTES);
    zki_keccak256((const uint8_t *)lower, 2 * ZKS_ETH_ADDRESS_BYTES, h);
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < 2 * ZKS_ETH_ADDRESS_BYTES; i++) {
        char c = lower[i];
        unsigned nib = (h[i / 2] >> (i % 2 ? 0 : 4)) & 15;
        if (c >= 'a' && nib >= 8) c = (char)(c - 'a' + 'A');
        out[2 + i] = c;
    }
    out[ZKS_ETH_ADDRESS_CHARS] = '\0';
    return ZKS_OK;
}

zks_status zks_eth_address_parse(const char *text, uint8_t out_address[ZKS_ETH_ADDRESS_BYTES])
{
    ZKI_ARG_CHECK(out_address != NULL);
    zks_memzero(out_address, ZKS_ETH_ADDRESS_BYTES);
    ZKI_ARG_CHECK(text != NULL);
    if (strnlen(text, ZKS_ETH_ADDRESS_CHARS + 1) != ZKS_ETH_ADDRESS_CHARS || text[0] != '0' || text[1] != 'x') return ZKS_ERR_INVALID_ADDRESS;
    uint8_t addr[ZKS_ETH_ADDRESS_BYTES];
    if (zki_hex_decode(addr, ZKS_ETH_ADDRESS_BYTES, text + 2, 2 * ZKS_ETH_ADDRESS_BYTES) != 0) return ZKS_ERR_INVALID_ADDRESS;
    int has_upper = 0, has_lower = 0;
    for (int i = 2; i < ZKS_ETH_ADDRESS_CHARS; i++) {
        if (text[i] >= 'a' && text[i] <= 'f') has_lower = 1;
        if (text[i] >= 'A' && text[i] <= 'F') has_upper = 1;
    }
    if (has_upper && has_lower) {
        char want[ZKS_ETH_ADDRESS_CHARS + 1];
        if (zks_eth_address_to_checksum(addr, want) != ZKS_OK) return ZKS_ERR_INTERNAL;
        if (memcmp(want, text, ZKS_ETH_ADDRESS_CHARS) != 0) return ZKS_ERR_CHECKSUM;
    }
    memcpy(out_address, addr, ZKS_ETH_ADDRESS_BYTES);
    return ZKS_OK;
}
