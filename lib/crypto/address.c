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
    char lower[41];
    uint8_t h[32];
    zki_hex_encode(lower, address, 20);
    zki_keccak256((const uint8_t *)lower, 40, h);
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < 40; i++) {
        char c = lower[i];
        unsigned nib = (h[i / 2] >> (i % 2 ? 0 : 4)) & 15;
        if (c >= 'a' && nib >= 8) c = (char)(c - 'a' + 'A');
        out[2 + i] = c;
    }
    out[42] = '\0';
    return ZKS_OK;
}

zks_status zks_eth_address_parse(const char *text, uint8_t out_address[ZKS_ETH_ADDRESS_BYTES])
{
    ZKI_ARG_CHECK(out_address != NULL);
    zks_memzero(out_address, ZKS_ETH_ADDRESS_BYTES);
    ZKI_ARG_CHECK(text != NULL);
    if (strnlen(text, 43) != 42 || text[0] != '0' || text[1] != 'x') return ZKS_ERR_INVALID_ADDRESS;
    uint8_t addr[20];
    if (zki_hex_decode(addr, 20, text + 2, 40) != 0) return ZKS_ERR_INVALID_ADDRESS;
    int has_upper = 0, has_lower = 0;
    for (int i = 2; i < 42; i++) {
        if (text[i] >= 'a' && text[i] <= 'f') has_lower = 1;
        if (text[i] >= 'A' && text[i] <= 'F') has_upper = 1;
    }
    if (has_upper && has_lower) {
        char want[ZKS_ETH_ADDRESS_CHARS + 1];
        if (zks_eth_address_to_checksum(addr, want) != ZKS_OK) return ZKS_ERR_INTERNAL;
        if (memcmp(want, text, 42) != 0) return ZKS_ERR_CHECKSUM;
    }
    memcpy(out_address, addr, 20);
    return ZKS_OK;
}
