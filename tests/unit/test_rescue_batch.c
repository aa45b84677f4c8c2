/* The batch Rescue permutation (zki_rescue_perm_batch) against the single
 * portable permutation, on random and edge states, for every batch size
 * 1..17 and some larger ones, on each of the three paths the CPU has: IFMA,
 * AVX2 (zki_fr_set_ifma(0)) and scalar (zki_fr_set_avx2(0) as well); plus
 * the environment switches ZKS_NO_IFMA (AVX2 where the CPU has it) and
 * ZKS_NO_AVX2 (scalar), each checked in a child process started with it. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "crypto/rescue.h"

/* p - 1 as canonical limbs */
static const uint64_t P_MINUS_1[4] = {0x43e1f593f0000000ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                                      0x30644e72e131a029ULL};

static void rand_fr(zki_fr *r)
{
    uint64_t l[4];
    switch (zt_rand64() % 8) {
    case 0: *r = zki_fr_zero; return;
    case 1: *r = zki_fr_one; return;
    case 2: ZT_CHECK(zki_fr_from_limbs(r, P_MINUS_1) == 1); return;
    default: break;
    }
    do {
        for (int i = 0; i < 4; i++) l[i] = zt_rand64();
        l[3] &= 0x3fffffffffffffffULL;
    } while (zki_fr_from_limbs(r, l) != 1);
}

static int same_state(const zki_fr a[3], const zki_fr b[3])
{
    return zki_fr_eq(&a[0], &b[0]) && zki_fr_eq(&a[1], &b[1]) && zki_fr_eq(&a[2], &b[2]) &&
           memcmp(a, b, 3 * sizeof a[0]) == 0;
}

/* Every size 1..17, then larger ones (several full groups plus tails). */
static const size_t SIZES[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 23, 24, 31, 64, 77};

static void check_batches(const char *path, int rounds)
{
    size_t maxn = 77;
    zki_fr(*in)[3] = malloc(maxn * sizeof *in);
    zki_fr(*want)[3] = malloc(maxn * sizeof *want);
    zki_fr(*got)[3] = malloc(maxn * sizeof *got);
    ZT_CHECK(in != NULL && want != NULL && got != NULL);
    if (in == NULL || want == NULL || got == NULL) goto out;
    for (int r = 0; r < rounds; r++) {
        for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
            size_t n = SIZES[z];
            for (size_t i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) rand_fr(&in[i][j]);
                memcpy(want[i], in[i], sizeof want[i]);
                zki_rescue_perm_portable(want[i]);
            }
            memcpy(got, in, n * sizeof *in);
            zki_rescue_perm_batch(got, n);
            size_t bad = n;
            for (size_t i = 0; i < n && bad == n; i++)
                if (!same_state(got[i], want[i])) bad = i;
            ZT_CHECK_MSG(bad == n, "%s: batch of %zu, state %zu differs from the single permutation", path, n, bad);
            memcpy(got, in, n * sizeof *in);
            zki_rescue_perm_batch_portable(got, n);
            ZT_CHECK_MSG(memcmp(got, want, n * sizeof *got) == 0, "%s: portable batch of %zu differs", path, n);
            /* the single dispatched permutation and the pair agree too */
            memcpy(got, in, n * sizeof *in);
            if (n == 2) {
                zki_rescue_perm2(got[0], got[1]);
                ZT_CHECK(same_state(got[0], want[0]) && same_state(got[1], want[1]));
            } else {
                zki_rescue_perm(got[0]);
                ZT_CHECK(same_state(got[0], want[0]));
                if (n > 2) {
                    zki_rescue_perm2(got[n - 2], got[n - 1]);
                    ZT_CHECK(same_state(got[n - 2], want[n - 2]) && same_state(got[n - 1], want[n - 1]));
                }
            }
        }
    }
    /* n = 0 leaves everything alone */
    zki_rescue_perm_batch(in, 0);
    /* a batch whose states are all the same (lanes must not mix) and one
     * where they differ in a single element */
    for (size_t i = 0; i < 9; i++) {
        memcpy(in[i], in[0], sizeof in[i]);
        if (i == 5) zki_fr_add(&in[i][2], &in[i][2], &zki_fr_one);
    }
    memcpy(want, in, 9 * sizeof *in);
    for (size_t i = 0; i < 9; i++) zki_rescue_perm_portable(want[i]);
    memcpy(got, in, 9 * sizeof *in);
    zki_rescue_perm_batch(got, 9);
    ZT_CHECK_MSG(memcmp(got, want, 9 * sizeof *got) == 0, "%s: repeated states", path);
    ZT_CHECK(!same_state(got[5], got[4]) && same_state(got[4], got[8]));
out:
    free(in);
    free(want);
    free(got);
}

int main(int argc, char **argv)
{
    int rounds = zt_iters(6, 1); /* valgrind: each size once (3 min otherwise without IFMA) */
    __builtin_cpu_init();
    const int cpu_avx2 = !!__builtin_cpu_supports("avx2");
    if (argc > 1 && strcmp(argv[1], "--child") == 0) {
        /* started with ZKS_NO_IFMA=1: no IFMA, whatever the CPU; AVX2 where
         * the CPU has it, unless the build leaves it out */
        ZT_CHECK(zki_fr_ifma_available() == 0);
        /* ZKS_NO_IFMA leaves AVX2 alone: on exactly when the CPU and the
         * build have it (what asking for it gives) */
        const int on = zki_fr_avx2_available();
        ZT_CHECK(on == zki_fr_set_avx2(1));
        ZT_CHECK(!on || cpu_avx2);
        check_batches("ZKS_NO_IFMA=1", 1);
        ZT_END();
    }
    if (argc > 1 && strcmp(argv[1], "--child-scalar") == 0) {
        /* started with ZKS_NO_AVX2=1: the scalar code, whatever the CPU */
        ZT_CHECK(zki_fr_ifma_available() == 0);
        ZT_CHECK(zki_fr_avx2_available() == 0);
        check_batches("ZKS_NO_AVX2=1", 1);
        ZT_END();
    }
    int ifma = zki_fr_ifma_available(), avx2 = zki_fr_avx2_available();
    printf("IFMA path: %s; AVX2 path: %s\n", ifma ? "used" : "absent (CPU, build or environment)",
           avx2 ? "available" : "absent (CPU, build, environment or valgrind)");
    check_batches(ifma ? "IFMA" : avx2 ? "AVX2" : "scalar", rounds);
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(ZKS_NO_AVX2)
    {
        /* the path's self-test (the rounding mode its products need) passes
         * on a real CPU: only valgrind (it sets LD_PRELOAD to its
         * vgpreload libraries) may turn it off */
        const char *pre = getenv("LD_PRELOAD");
        const int under_valgrind = pre != NULL && strstr(pre, "vgpreload") != NULL;
        if (cpu_avx2 && __builtin_cpu_supports("fma") && !under_valgrind && getenv("ZKS_NO_AVX2") == NULL)
            ZT_CHECK_MSG(avx2 == 1, "AVX2+FMA CPU, but the AVX2 path is off");
    }
#endif
    if (avx2) {
        /* IFMA off: AVX2; AVX2 off too: scalar */
        zki_fr_set_ifma(0);
        ZT_CHECK(zki_fr_ifma_available() == 0 && zki_fr_avx2_available() == 1);
        check_batches("forced AVX2", 2);
        ZT_CHECK(zki_fr_set_avx2(0) == 0);
        ZT_CHECK(zki_fr_avx2_available() == 0);
        check_batches("forced scalar", 1);
        ZT_CHECK(zki_fr_set_avx2(1) == 1);
        zki_fr_set_ifma(1);
        ZT_CHECK(zki_fr_ifma_available() == ifma);
    } else if (getenv("ZKS_NO_AVX2") == NULL) {
        /* no AVX2 without the switch: the CPU or the build lacks it, and
         * asking for it must not turn it on */
        ZT_CHECK(zki_fr_set_avx2(1) == 0);
    }
    if (ifma) {
        ZT_CHECK(zki_fr_set_ifma(0) == 0);
        ZT_CHECK(zki_fr_ifma_available() == 0);
        ZT_CHECK(zki_fr_set_ifma(1) == 1);
    } else {
        /* without the environment switch, no IFMA means the CPU or the build
         * lacks it, and asking for it must not turn it on (under
         * ZKS_NO_IFMA=1 on an IFMA CPU it may) */
        if (getenv("ZKS_NO_IFMA") == NULL) ZT_CHECK(zki_fr_set_ifma(1) == 0);
        zki_fr_set_ifma(0);
    }
    /* the environment switches, in children (they are read once per process) */
    static const char *const env[2] = {"ZKS_NO_IFMA", "ZKS_NO_AVX2"};
    static const char *const flag[2] = {"--child", "--child-scalar"};
    for (int c = 0; c < 2; c++) {
        pid_t pid = fork();
        ZT_CHECK(pid >= 0);
        if (pid == 0) {
            setenv(env[c], "1", 1);
            execl(argv[0], argv[0], flag[c], (char *)NULL);
            _exit(127);
        }
        int ws = 0;
        if (pid > 0)
            ZT_CHECK_MSG(waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "child with %s=1 failed",
                         env[c]);
    }
    ZT_END();
}
