/* The AVX-512 IFMA backend of the Fr S-box (x^alpha_inv of three elements)
 * and the runtime choice between it and the portable code (fr.c): the CPU's
 * features, checked once, and the switch ZKS_NO_IFMA (environment, read
 * once; or zki_fr_set_ifma) that forces the portable path so that both can
 * be measured on one machine. Building with -DZKS_NO_IFMA leaves the IFMA
 * code out. */
#include "crypto/fr_ifma.h"

#include <stdlib.h>
#include <string.h>

#ifdef FR_HAVE_IFMA
/* pow_inv5 of three elements. Our elements are a*2^256; the IFMA domain
 * wants a*2^260, so multiply by 16 on the way in and halve four times on the
 * way out. */
IFMA_TARGET static void ifma_pow_inv5_x3(zki_fr r[3], const zki_fr a[3])
{
    uint64_t x[3][4];
    vec in[5], acc[5];
    for (int k = 0; k < 3; k++) {
        zki_fr t = a[k];
        for (int d = 0; d < 4; d++) zki_fr_add(&t, &t, &t);
        memcpy(x[k], t.v, sizeof x[k]);
    }
    ifma_pack(in, x);
    ifma_inv5_core(acc, in);
    ifma_unpack(x, acc);
    for (int k = 0; k < 3; k++) {
        uint64_t t[4];
        zki_fr_limbs_reduce_once(t, x[k]); /* result was < 1.02p */
        for (int d = 0; d < 4; d++) zki_fr_limbs_half(t);
        memcpy(r[k].v, t, sizeof t);
    }
}


static int ifma_cpu(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512ifma");
}
#endif /* FR_HAVE_IFMA */

/* 0: not decided yet, 1: IFMA, 2: portable. Threads may race to decide;
 * they all write the same value. */
static int ifma_state;

int zki_fr_ifma_available(void)
{
    int s = __atomic_load_n(&ifma_state, __ATOMIC_RELAXED);
    if (s == 0) {
#ifdef FR_HAVE_IFMA
        /* ZKS_NO_AVX2 forces the scalar code: no IFMA either */
        int off = 0;
        const char *names[2] = {"ZKS_NO_IFMA", "ZKS_NO_AVX2"};
        for (int i = 0; i < 2; i++) {
            const char *e = getenv(names[i]);
            if (e != NULL && e[0] != '\0' && strcmp(e, "0") != 0) off = 1;
        }
        s = !off && ifma_cpu() ? 1 : 2;
#else
        s = 2;
#endif
        __atomic_store_n(&ifma_state, s, __ATOMIC_RELAXED);
    }
    return s == 1;
}

int zki_fr_set_ifma(int on)
{
    int s = 2;
#ifdef FR_HAVE_IFMA
    if (on && ifma_cpu()) s = 1;
#else
    (void)on;
#endif
    __atomic_store_n(&ifma_state, s, __ATOMIC_RELAXED);
    return s == 1;
}

void zki_fr_pow_inv5_x3(zki_fr r[3], const zki_fr a[3])
{
#ifdef FR_HAVE_IFMA
    if (zki_fr_ifma_available()) {
        ifma_pow_inv5_x3(r, a);
        return;
    }
#endif
    zki_fr_pow_inv5_x3_portable(r, a);
}
