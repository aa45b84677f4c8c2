/* Self test of the constant-time method (tests/suites/ctime.sh): each mode
 * leaks a classified secret in one way, and the suite requires valgrind,
 * with the same options and suppressions as the real checks, to report it
 * (exit code 42). This shows that the checks can fail and that the
 * suppressions in tests/ctime/ctime.supp do not hide leaks outside the call
 * stacks they name:
 *   branch  an if on a secret byte (in this file)
 *   index   a table lookup at a secret index (in this file)
 *   strlen  strlen of a secret string outside the BIP-39 callers
 *   recover zks_eth_personal_recover (variable-time libsecp256k1 code) on a
 *           secret signature: only ECDSA signing is suppressed in libsecp256k1
 *   pubkey  zks_pubkey_hash over a secret public key (the library's own
 *           code, outside any suppression)
 * Usage: ctime_leak <mode>. Prints "LEAKED <mode>" when it ran to the end. */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "zksync.h"

static volatile int sink;

int main(int argc, char **argv)
{
    uint8_t secret[65];
    const char *mode = argc > 1 ? argv[1] : "";
    for (size_t i = 0; i < sizeof secret; i++) secret[i] = (uint8_t)(i * 37 + 1);
    secret[64] = 27;
    VALGRIND_MAKE_MEM_UNDEFINED(secret, sizeof secret);

    if (strcmp(mode, "branch") == 0) {
        if (secret[3] & 1) sink = 1;
    } else if (strcmp(mode, "index") == 0) {
        static const uint8_t table[256] = {1, 2, 3};
        sink = table[secret[5]];
    } else if (strcmp(mode, "strlen") == 0) {
        char text[16];
        for (size_t i = 0; i < 15; i++) text[i] = (char)('a' + (secret[i] & 15));
        text[15] = '\0';
        sink = (int)strlen(text);
    } else if (strcmp(mode, "recover") == 0) {
        uint8_t addr[20];
        /* v public, r and s secret: every report then comes from inside libsecp256k1 */
        VALGRIND_MAKE_MEM_DEFINED(&secret[64], 1);
        zks_status st = zks_eth_personal_recover((const uint8_t *)"x", 1, secret, addr);
        VALGRIND_MAKE_MEM_DEFINED(&st, sizeof st);
        sink = st;
    } else if (strcmp(mode, "pubkey") == 0) {
        uint8_t h[ZKS_PUBKEY_HASH_BYTES];
        zks_status st = zks_pubkey_hash(secret, h);
        VALGRIND_MAKE_MEM_DEFINED(&st, sizeof st);
        sink = st;
    } else {
        fprintf(stderr, "usage: ctime_leak branch|index|strlen|recover|pubkey\n");
        return 2;
    }
    printf("LEAKED %s\n", mode);
    return 0;
}
