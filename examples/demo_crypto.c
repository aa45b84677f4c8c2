/* The zkSync signing core in a few calls: a key from a seed, its public key
 * and "sync:" address, a signature over a message, and verification. */
#include <stdio.h>
#include <string.h>

#include "zksync.h"

static void print_hex(const char *label, const uint8_t *b, size_t n)
{
    printf("%-14s ", label);
    for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
    printf("\n");
}

int main(void)
{
    uint8_t seed[32], sk[ZKS_PRIVKEY_BYTES], pk[ZKS_PUBKEY_BYTES], pkh[ZKS_PUBKEY_HASH_BYTES];
    uint8_t sig[ZKS_MUSIG_BYTES];
    const uint8_t msg[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    zks_status st;

    memset(seed, 0x01, sizeof seed);
    printf("libzksync %s\n", zks_version_string());
    if ((st = zks_privkey_from_seed(seed, sizeof seed, sk)) != ZKS_OK ||
        (st = zks_pubkey_from_privkey(sk, pk)) != ZKS_OK ||
        (st = zks_pubkey_hash(pk, pkh)) != ZKS_OK ||
        (st = zks_musig_sign(sk, msg, sizeof msg, sig)) != ZKS_OK) {
        fprintf(stderr, "error: %s\n", zks_strerror(st));
        return 1;
    }
    print_hex("seed", seed, sizeof seed);
    print_hex("public key", pk, sizeof pk);
    printf("%-14s sync:", "address");
    for (size_t i = 0; i < sizeof pkh; i++) printf("%02x", pkh[i]);
    printf("\n");
    print_hex("message", msg, sizeof msg);
    print_hex("signature", sig, sizeof sig);
    st = zks_musig_verify(msg, sizeof msg, sig);
    printf("%-14s %s\n", "verify", st == ZKS_OK ? "valid" : zks_strerror(st));
    sig[95] ^= 1;
    zks_status tampered = zks_musig_verify(msg, sizeof msg, sig);
    printf("%-14s %s\n", "tampered", zks_strerror(tampered));
    zks_memzero(sk, sizeof sk);
    return st == ZKS_OK && tampered != ZKS_OK ? 0 : 1;
}
