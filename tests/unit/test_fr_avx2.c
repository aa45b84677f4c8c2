/* The AVX2 field arithmetic (lib/crypto/fr_avx2.h: four lanes, radix 2^52,
 * products of two FMAs each, Montgomery with 2^260) against the scalar Fr
 * code, over random and edge inputs of the whole range the Rescue batch
 * feeds it: raw integers of the AVX2 domain below 2.06p, not only canonical
 * ones (0, 1, p-1, p, p+1, 2p-1, 2p, values around 2^254 and the top of the
 * range). Checks the value of each product, square, sum and three-term MDS
 * sum, and the bounds of the products (below 1.0625p; the Rescue rounds need
 * 1.05p) and of the sums (below 1.16p). Also that the caller's floating-point
 * control word is left as it was. Skipped where the CPU has no AVX2 and FMA
 * or the build leaves it out (-DZKS_NO_AVX2, ZKS_NO_AVX2=1). */
#include <stdlib.h>

#include "harness.h"
#include "crypto/fr.h"
#include "crypto/fr_impl.h"

typedef unsigned __int128 u128;

static const uint64_t P[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                              0x30644e72e131a029ULL};

/* r = a + b (no overflow for our values); returns the carry */
static uint64_t add256(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    u128 c = 0;
    for (int i = 0; i < 4; i++) {
        c += (u128)a[i] + b[i];
        r[i] = (uint64_t)c;
        c >>= 64;
    }
    return (uint64_t)c;
}

static void sub256(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a[i] - b[i] - borrow;
        r[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
}

static int lt256(const uint64_t a[4], const uint64_t b[4])
{
    for (int i = 3; i >= 0; i--)
        if (a[i] != b[i]) return a[i] < b[i];
    return 0;
}

static void shr256(uint64_t r[4], const uint64_t a[4], int s)
{
    for (int i = 0; i < 4; i++) r[i] = (a[i] >> s) | (i < 3 ? a[i + 1] << (64 - s) : 0);
}

static uint64_t LIMIT[4], PROD_BOUND[4], DOT_BOUND[4];

/* p * k + d for the edge values (d may be -1) */
static void p_times(uint64_t r[4], int k, int d)
{
    static const uint64_t one[4] = {1, 0, 0, 0};
    memset(r, 0, 4 * sizeof r[0]);
    for (int i = 0; i < k; i++) add256(r, r, P);
    if (d > 0) add256(r, r, one);
    if (d < 0) sub256(r, r, one);
}

static void rand_raw(uint64_t r[4])
{
    switch (zt_rand64() % 16) {
    case 0: memset(r, 0, 4 * sizeof r[0]); return;
    case 1: p_times(r, 0, 1); return;
    case 2: p_times(r, 1, -1); return;
    case 3: p_times(r, 1, 0); return;
    case 4: p_times(r, 1, 1); return;
    case 5: p_times(r, 2, -1); return;
    case 6: p_times(r, 2, 0); return;
    case 7: /* around 2^254 */
        r[0] = (zt_rand64() & 1) ? 0 : UINT64_MAX;
        r[1] = r[2] = r[0];
        r[3] = (r[0] ? 0x3fffffffffffffffULL : 0x4000000000000000ULL);
        if (zt_rand64() & 1) r[0] ^= 1;
        return;
    case 8: /* just below the top of the range */
        sub256(r, LIMIT, (const uint64_t[4]){1 + (zt_rand64() & 0xff), 0, 0, 0});
        return;
    default: break;
    }
    do {
        for (int i = 0; i < 4; i++) r[i] = zt_rand64();
        r[3] &= 0x7fffffffffffffffULL;
    } while (!lt256(r, LIMIT));
}

int main(void)
{
    /* LIMIT = 2p + p/16, PROD_BOUND = p + p/16 (a product of two values
     * below LIMIT is below p * (1 + 2.0625^2 * p/2^260) < 1.051p),
     * DOT_BOUND = p + p/8 + p/32 (three such products: below 1.152p) */
    uint64_t t[4];
    add256(LIMIT, P, P);
    shr256(t, P, 4);
    add256(LIMIT, LIMIT, t);
    add256(PROD_BOUND, P, t);
    shr256(t, P, 3);
    add256(DOT_BOUND, P, t);
    shr256(t, P, 5);
    add256(DOT_BOUND, DOT_BOUND, t);

    uint64_t a[4][4], b[4][4], mul[4][4], sqr[4][4], add[4][4];
    for (int k = 0; k < 4; k++) rand_raw(a[k]), rand_raw(b[k]);
    if (!zki_fr_avx2_test_ops(mul, sqr, add, (const uint64_t(*)[4])a, (const uint64_t(*)[4])b)) {
        ZT_SKIP("no AVX2 path here (CPU without AVX2+FMA, -DZKS_NO_AVX2, ZKS_NO_AVX2=1, or an emulator such as "
                "valgrind that ignores the rounding mode the products need)");
        ZT_END();
    }
    printf("AVX2 path: used\n");

    /* domain round trip on canonical elements, edges included */
    const int rounds = zt_iters(20000, 2000);
    size_t bad_trip = 0;
    for (int i = 0; i < rounds; i++) {
        zki_fr x, y;
        uint64_t l[4], raw[4];
        if (i == 0) x = zki_fr_zero;
        else if (i == 1) x = zki_fr_one;
        else if (i == 2) {
            p_times(l, 1, -1);
            (void)zki_fr_from_limbs(&x, l);
        } else {
            do {
                for (int j = 0; j < 4; j++) l[j] = zt_rand64();
                l[3] &= 0x3fffffffffffffffULL;
            } while (zki_fr_from_limbs(&x, l) != 1);
        }
        zki_fr_avx2_to_domain(raw, &x);
        zki_fr_avx2_from_domain(&y, raw);
        if (!zki_fr_eq(&x, &y) || !lt256(raw, P)) bad_trip++;
    }
    ZT_CHECK_MSG(bad_trip == 0, "%zu of %d domain round trips wrong", bad_trip, rounds);

    /* products, squares and sums of raw domain integers, four lanes a call */
    size_t bad_mul = 0, bad_sqr = 0, bad_add = 0, bad_bound = 0;
    for (int i = 0; i < rounds / 4; i++) {
        for (int k = 0; k < 4; k++) rand_raw(a[k]), rand_raw(b[k]);
        if (i == 0) /* the largest pair in every lane */
            for (int k = 0; k < 4; k++) sub256(a[k], LIMIT, (const uint64_t[4]){1, 0, 0, 0}), memcpy(b[k], a[k], sizeof b[k]);
        ZT_CHECK(zki_fr_avx2_test_ops(mul, sqr, add, (const uint64_t(*)[4])a, (const uint64_t(*)[4])b) == 1);
        for (int k = 0; k < 4; k++) {
            /* the raw integer X stands for X / 2^260: from_domain gives that
             * element in fr.c's form */
            zki_fr va, vb, want, got;
            zki_fr_avx2_from_domain(&va, a[k]);
            zki_fr_avx2_from_domain(&vb, b[k]);
            zki_fr_mul(&want, &va, &vb);
            zki_fr_avx2_from_domain(&got, mul[k]);
            if (!zki_fr_eq(&want, &got)) bad_mul++;
            zki_fr_sqr(&want, &va);
            zki_fr_avx2_from_domain(&got, sqr[k]);
            if (!zki_fr_eq(&want, &got)) bad_sqr++;
            if (!lt256(mul[k], PROD_BOUND) || !lt256(sqr[k], PROD_BOUND)) bad_bound++;
            uint64_t s[4];
            add256(s, a[k], b[k]);
            if (memcmp(s, add[k], sizeof s) != 0) bad_add++;
        }
    }
    ZT_CHECK_MSG(bad_mul == 0, "%zu AVX2 products differ from zki_fr_mul", bad_mul);
    ZT_CHECK_MSG(bad_sqr == 0, "%zu AVX2 squares differ from zki_fr_sqr", bad_sqr);
    ZT_CHECK_MSG(bad_add == 0, "%zu AVX2 sums differ", bad_add);
    ZT_CHECK_MSG(bad_bound == 0, "%zu AVX2 products not below 1.0625p", bad_bound);

    /* the MDS layer's three products with one reduction */
    size_t bad_dot = 0, bad_dot_bound = 0;
    for (int i = 0; i < rounds / 4; i++) {
        uint64_t x[3][4][4], y[3][4][4], dot[4][4];
        for (int q = 0; q < 3; q++)
            for (int k = 0; k < 4; k++) {
                rand_raw(x[q][k]), rand_raw(y[q][k]);
                if (i == 0) sub256(x[q][k], LIMIT, (const uint64_t[4]){1, 0, 0, 0}), memcpy(y[q][k], x[q][k], 32);
            }
        ZT_CHECK(zki_fr_avx2_test_dot3(dot, (const uint64_t(*)[4][4])x, (const uint64_t(*)[4][4])y) == 1);
        for (int k = 0; k < 4; k++) {
            zki_fr want = zki_fr_zero, va, vb, pr, got;
            for (int q = 0; q < 3; q++) {
                zki_fr_avx2_from_domain(&va, x[q][k]);
                zki_fr_avx2_from_domain(&vb, y[q][k]);
                zki_fr_mul(&pr, &va, &vb);
                zki_fr_add(&want, &want, &pr);
            }
            zki_fr_avx2_from_domain(&got, dot[k]);
            if (!zki_fr_eq(&want, &got)) bad_dot++;
            if (!lt256(dot[k], DOT_BOUND)) bad_dot_bound++;
        }
    }
    ZT_CHECK_MSG(bad_dot == 0, "%zu AVX2 three-term sums differ from the scalar code", bad_dot);
    ZT_CHECK_MSG(bad_dot_bound == 0, "%zu AVX2 three-term sums not below 1.16p", bad_dot_bound);

#if defined(__x86_64__)
    /* under a caller's other rounding mode (upward) the results are the
     * same, and the caller's MXCSR (mode, masks, flags) is back afterwards */
    {
        uint64_t m1[4][4], q1[4][4], d1[4][4], m2[4][4], q2[4][4], d2[4][4];
        for (int k = 0; k < 4; k++) rand_raw(a[k]), rand_raw(b[k]);
        ZT_CHECK(zki_fr_avx2_test_ops(m1, q1, d1, (const uint64_t(*)[4])a, (const uint64_t(*)[4])b) == 1);
        const unsigned saved = __builtin_ia32_stmxcsr();
        const unsigned up = (saved & ~0x6000u) | 0x4000u;
        __builtin_ia32_ldmxcsr(up);
        ZT_CHECK(zki_fr_avx2_test_ops(m2, q2, d2, (const uint64_t(*)[4])a, (const uint64_t(*)[4])b) == 1);
        const unsigned after = __builtin_ia32_stmxcsr();
        __builtin_ia32_ldmxcsr(saved);
        ZT_CHECK_MSG(after == up, "MXCSR changed: %#x -> %#x", up, after);
        ZT_CHECK(memcmp(m1, m2, sizeof m1) == 0 && memcmp(q1, q2, sizeof q1) == 0);
    }
#endif
    ZT_END();
}
