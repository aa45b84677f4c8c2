/* Constant-time check for the zkSync key and signing path, run under
 * valgrind memcheck (tests/suites/ctime.sh). The seed and the private key are
 * marked undefined; valgrind then reports every branch or memory index that
 * depends on them. Values that legitimately become public (the rejection-loop
 * counts the reference also reveals, the public key, R, the signature) are
 * declassified inside the library in the -DZKS_CTIME build.
 * Runs twice when the host CPU has BMI2 and ADX: valgrind's CPUID hides ADX,
 * so the first pass takes the C field kernels and the second forces the
 * BMI2/ADX ones (fr_adx.h; valgrind runs them).
 * Refuses to pass when not running under valgrind. */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "zksync.h"
#include "crypto/fr.h"

/* The host CPU's flags (valgrind does not filter /proc/cpuinfo): 1 when
 * both bmi2 and adx are listed. */
static int host_has_adx(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[4096];
    int found = 0;
    if (f == NULL) return 0;
    while (!found && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "flags", 5) == 0) found = strstr(line, " bmi2") != NULL && strstr(line, " adx") != NULL;
    fclose(f);
    return found;
}

int main(void)
{
    uint8_t seed[100], sk[ZKS_PRIVKEY_BYTES], pk[ZKS_PUBKEY_BYTES], h[ZKS_PUBKEY_HASH_BYTES];
    uint8_t sig[ZKS_MUSIG_BYTES], msg[ZKS_MSG_MAX_BYTES];
    int passed = 0, failed = 0;

    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "ctime_crypto: must run under valgrind (see tests/suites/ctime.sh)\n");
        printf("RESULT 0 1\n");
        return 2;
    }
    for (int i = 0; i < (int)sizeof msg; i++) msg[i] = (uint8_t)(i * 7 + 1);
    const int passes = host_has_adx() ? 2 : 1;
    for (int iter = 0; iter < 6 * passes; iter++) {
        if (iter == 6) {
            zki_fr_set_adx(2);
            printf("ctime_crypto: second pass on the BMI2/ADX field kernels\n");
        }
        size_t len = 32 + (size_t)(iter % 6) * 13;
        for (size_t i = 0; i < len; i++) seed[i] = (uint8_t)(i * 31 + (size_t)(iter % 6) * 101 + 5);

        VALGRIND_MAKE_MEM_UNDEFINED(seed, len);
        zks_status st1 = zks_privkey_from_seed(seed, len, sk);

        VALGRIND_MAKE_MEM_UNDEFINED(sk, sizeof sk);
        zks_status st2 = zks_pubkey_from_privkey(sk, pk);
        zks_status st3 = zks_pubkey_hash_from_privkey(sk, h);
        zks_status st4 = zks_musig_sign(sk, msg, (size_t)(iter % 6) * 18, sig);

        /* statuses and public outputs must come out defined */
        VALGRIND_MAKE_MEM_DEFINED(sk, sizeof sk);
        int ok = st1 == ZKS_OK && st2 == ZKS_OK && st3 == ZKS_OK && st4 == ZKS_OK &&
                 memcmp(pk, sig, sizeof pk) == 0 && zks_musig_verify(msg, (size_t)(iter % 6) * 18, sig) == ZKS_OK;
        if (ok) passed++;
        else failed++;
    }
    printf("RESULT %d %d\n", passed, failed);
    return failed != 0;
}
