/* libFuzzer target: BIP-39 mnemonic parsing and BIP-32 path parsing.
 * Properties: an accepted mnemonic is in canonical form, so entropy ->
 * mnemonic gives back exactly the input; a rejected one leaves the outputs
 * zeroed; an accepted path has at most 255 indices. */
#include <stdlib.h>

#include "internal.h"
#include "eth/eth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1024) return 0;
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;

    uint8_t ent[32];
    size_t n = 0;
    zks_status st = zks_bip39_mnemonic_to_entropy(s, ent, sizeof ent, &n);
    if (st == ZKS_OK) {
        char back[ZKS_BIP39_MNEMONIC_MAX_CHARS + 1];
        size_t bl = 0;
        if (zks_bip39_entropy_to_mnemonic(ent, n, back, sizeof back, &bl) != ZKS_OK) abort();
        if (strcmp(back, s) != 0 || bl != strlen(s)) abort();
        if (zks_bip39_validate(s) != ZKS_OK) abort();
    } else {
        for (size_t i = 0; i < sizeof ent; i++)
            if (ent[i] != 0) abort();
        if (n != 0) abort();
        if (st != ZKS_ERR_INVALID_MNEMONIC && st != ZKS_ERR_CHECKSUM) abort();
    }

    uint32_t idx[300];
    size_t cnt = 0;
    if (zki_bip32_parse_path(s, idx, 300, &cnt) == ZKS_OK) {
        if (cnt > 255 || s[0] != 'm') abort();
    } else if (cnt != 0) {
        abort();
    }
    free(s);
    return 0;
}
