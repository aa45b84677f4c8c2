/* Constant-time check for the Ethereum-side secret paths, run under valgrind
 * memcheck (tests/suites/ctime.sh): the zkSync key from an Ethereum login
 * signature and from an Ethereum key, personal_sign, addresses, BIP-39 and
 * BIP-32. Secrets are marked undefined; valgrind then reports every branch or
 * memory index that depends on them in our code. libsecp256k1's own internals
 * are suppressed only for ECDSA signing (tests/ctime/ctime.supp): Debian builds
 * it without its valgrind declassification hooks, and upstream checks it with
 * the same method.
 * Refuses to pass when not running under valgrind. */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "zksync.h"

static int passed, failed;

static void expect(int ok, const char *what)
{
    if (ok) passed++;
    else { failed++; printf("FAIL %s\n", what); }
}

/* Statuses are public: make them defined before the test branches on them, so the
 * only reports are from inside the library. */
static zks_status pub(zks_status st)
{
    VALGRIND_MAKE_MEM_DEFINED(&st, sizeof st);
    return st;
}

int main(void)
{
    uint8_t key[32], sig[65], addr[20], sk[32], ent[32], seed[64], out[32];
    char mnemonic[300];
    size_t n;

    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "ctime_eth: must run under valgrind (see tests/suites/ctime.sh)\n");
        printf("RESULT 0 1\n");
        return 2;
    }
    for (int iter = 0; iter < 4; iter++) {
        for (int i = 0; i < 32; i++) key[i] = (uint8_t)(i * 7 + 3 + iter * 41);
        VALGRIND_MAKE_MEM_UNDEFINED(key, sizeof key);
        expect(pub(zks_eth_personal_sign(key, (const uint8_t *)"hello", 5, sig)) == ZKS_OK, "personal_sign");
        expect(pub(zks_eth_address_from_privkey(key, addr)) == ZKS_OK, "address");
        expect(pub(zks_privkey_from_eth_privkey(key, 9, sk)) == ZKS_OK, "zk key from eth key");

        /* A login signature made elsewhere is as secret as the key it yields. */
        VALGRIND_MAKE_MEM_UNDEFINED(sig, sizeof sig);
        expect(pub(zks_privkey_from_eth_signature(sig, sk)) == ZKS_OK, "zk key from eth signature");

        for (int i = 0; i < 32; i++) ent[i] = (uint8_t)(i * 13 + 1 + iter * 17);
        VALGRIND_MAKE_MEM_UNDEFINED(ent, sizeof ent);
        expect(pub(zks_bip39_entropy_to_mnemonic(ent, 16 + 4 * (size_t)iter, mnemonic, sizeof mnemonic, &n)) == ZKS_OK,
               "entropy to mnemonic");
        /* n = the mnemonic's length, public (tests/ctime/ctime.supp) */
        VALGRIND_MAKE_MEM_DEFINED(&n, sizeof n);
        VALGRIND_MAKE_MEM_UNDEFINED(mnemonic, n);
        expect(pub(zks_bip39_mnemonic_to_entropy(mnemonic, ent, sizeof ent, &n)) == ZKS_OK, "mnemonic to entropy");
        expect(pub(zks_bip39_mnemonic_to_seed(mnemonic, "", seed)) == ZKS_OK, "mnemonic to seed");
        VALGRIND_MAKE_MEM_UNDEFINED(seed, sizeof seed);
        expect(pub(zks_eth_privkey_from_seed(seed, sizeof seed, "m/44'/60'/0'/0/7", out)) == ZKS_OK, "bip32");
    }
    zks_memzero(key, sizeof key);
    zks_memzero(sk, sizeof sk);
    zks_memzero(seed, sizeof seed);
    zks_memzero(out, sizeof out);
    printf("RESULT %d %d\n", passed, failed);
    return failed != 0;
}
