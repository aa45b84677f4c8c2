/* The batch Rescue permutation on the AVX2 path (AVX2+FMA arithmetic in
 * fr_avx2.h), for CPUs without AVX-512 IFMA, and its runtime choice: the
 * CPU's AVX2 and FMA and the OS's saving of the YMM state (CPUID, XGETBV),
 * checked once, and the
 * switch ZKS_NO_AVX2 (environment, read once; or zki_fr_set_avx2) that
 * forces the scalar code. Building with -DZKS_NO_AVX2 leaves this code out.
 *
 * Layout: a group is four states; vector j of a group holds element j of its
 * four states, one state per lane. The S-box layers are three independent
 * exponentiation chains per group, stepped together; the MDS layer
 * multiplies by broadcast matrix entries, with no lane shuffles. Two groups
 * at once (six chains) measured about 7% slower in a prototype (their x^(1/5)
 * tables outgrow the L1 cache; one group's three chains already keep the
 * vector units busy).
 * Rescue inputs are public (tree hashing), but the code is constant time
 * anyway: the same instructions for every input. */
#include "crypto/fr_avx2.h"

#include <stdlib.h>
#include <string.h>

/* Number of states per group: the lanes of a vector. */
#define AVX2_LANES 4
/* A Rescue state's width and its number of round constants (fr.h). */
#define RESCUE_T 3
#define RESCUE_RC_ROWS 45
/* The AVX2 domain is x * 2^260, the scalar code's x * 2^256: four doublings
 * in, four halvings out. */
#define AVX2_DOMAIN_SHIFT 4

/* x*2^256 (canonical) to x*2^260 (canonical). */
static void to_domain(uint64_t out[4], const zki_fr *a)
{
    zki_fr t = *a;
    for (int d = 0; d < AVX2_DOMAIN_SHIFT; d++) zki_fr_add(&t, &t, &t);
    memcpy(out, t.v, sizeof t.v);
}

/* A value of the AVX2 domain below 2.1p (two reductions suffice below 3p)
 * back to x*2^256, canonical. */
static void from_domain(zki_fr *r, const uint64_t x[4])
{
    uint64_t t[4];
    zki_fr_limbs_reduce_once(t, x);
    zki_fr_limbs_reduce_once(t, t);
    for (int d = 0; d < AVX2_DOMAIN_SHIFT; d++) zki_fr_limbs_half(t);
    memcpy(r->v, t, sizeof t);
}

#ifdef FR_HAVE_AVX2
#include <cpuid.h>

/* Round constants and matrix entries in the AVX2 domain, radix-2^52 limbs
 * (broadcast to all lanes). */
typedef struct avx2_consts {
    fe5 rc[RESCUE_RC_ROWS][RESCUE_T];
    fe5 mds[RESCUE_T][RESCUE_T];
} avx2_consts;

/* One constant in the AVX2 domain, in all four lanes. */
AVX2_TARGET static void bcast(fe5 *r, const zki_fr *a)
{
    uint64_t x[4][4];
    to_domain(x[0], a);
    for (int l = 1; l < 4; l++) memcpy(x[l], x[0], sizeof x[0]);
    fma_pack(r, (const uint64_t(*)[4])x);
}

AVX2_TARGET static void consts_init(avx2_consts *k, const zki_fr rc[RESCUE_RC_ROWS][RESCUE_T],
                                    const zki_fr mds[RESCUE_T][RESCUE_T])
{
    for (int i = 0; i < RESCUE_RC_ROWS; i++)
        for (int e = 0; e < RESCUE_T; e++) bcast(&k->rc[i][e], &rc[i][e]);
    for (int r = 0; r < RESCUE_T; r++)
        for (int c = 0; c < RESCUE_T; c++) bcast(&k->mds[r][c], &mds[r][c]);
}

/* x^alpha_inv of the three vectors of a group, stepped together, with the
 * INV5 chain of fr_impl.h (305 operations). */
FMA_INLINE void avx2_inv5_x3(fe5 acc[RESCUE_T], const fe5 x[RESCUE_T])
{
    fe5 tab[INV5_SLOTS][RESCUE_T];
    memcpy(tab[0], x, sizeof tab[0]);
    /* loops, not unrolled: the unrolled chain outgrows the instruction cache */
    FR_NO_UNROLL
    for (size_t i = 0; i < CHAIN_LEN(INV5_TABLE); i++) {
        const uint8_t *o = INV5_TABLE[i];
        if (o[1] == o[2])
            fma_sqr_n(tab[o[0]], tab[o[1]], RESCUE_T);
        else
            fma_mul_n(tab[o[0]], tab[o[1]], tab[o[2]], RESCUE_T);
    }
    memcpy(acc, tab[INV5_STEPS[0][1]], sizeof tab[0]);
    FR_NO_UNROLL
    for (size_t s = 1; s < CHAIN_LEN(INV5_STEPS); s++) {
        FR_NO_UNROLL
        for (unsigned k = 0; k < INV5_STEPS[s][0]; k++) fma_sqr_n(acc, acc, RESCUE_T);
        fma_mul_n(acc, acc, tab[INV5_STEPS[s][1]], RESCUE_T);
    }
}

/* s = M t + rc: row j of each lane is the dot product of matrix row j with
 * that lane's t (three products, one reduction), plus constant j. */
FMA_INLINE void avx2_mds_add(fe5 s[RESCUE_T], const fe5 t[RESCUE_T], const avx2_consts *k, int round)
{
    fe5 r[RESCUE_T];
    fma_montsum_n(r, &k->mds[0][0], t, RESCUE_T, RESCUE_T, 0, 1);
    for (int j = 0; j < RESCUE_T; j++) fma_add(&s[j], &r[j], &k->rc[round][j]);
}

/* Four permutations, one per lane: the steps of zki_rescue_perm_portable.
 * Not inlined: its callers switch the rounding mode around it. */
__attribute__((noinline)) AVX2_TARGET static void avx2_perm4(zki_fr (*st)[RESCUE_T], const avx2_consts *k)
{
    fe5 s[RESCUE_T], t[RESCUE_T];
    uint64_t x[AVX2_LANES][4];
    for (int j = 0; j < RESCUE_T; j++) {
        for (int l = 0; l < AVX2_LANES; l++) to_domain(x[l], &st[l][j]);
        fma_pack(&t[j], (const uint64_t(*)[4])x);
        fma_add(&s[j], &t[j], &k->rc[0][j]);
    }
    for (int i = 0; i < RESCUE_RC_ROWS - 1; i += 2) {
        avx2_inv5_x3(t, s);
        avx2_mds_add(s, t, k, i + 1);
        /* x^5 */
        fma_sqr_n(t, s, RESCUE_T);
        fma_sqr_n(t, t, RESCUE_T);
        fma_mul_n(t, t, s, RESCUE_T);
        avx2_mds_add(s, t, k, i + 2);
    }
    for (int j = 0; j < RESCUE_T; j++) {
        fma_unpack(x, &s[j]);
        for (int l = 0; l < AVX2_LANES; l++) from_domain(&st[l][j], x[l]);
    }
}

static void avx2_batch(zki_fr (*s)[RESCUE_T], size_t n, const zki_fr rc[RESCUE_RC_ROWS][RESCUE_T],
                       const zki_fr mds[RESCUE_T][RESCUE_T])
{
    /* 41 KB: on the heap when it can be, aligned for the vectors (sizeof
     * is a multiple of the vector size, as aligned_alloc wants) */
    avx2_consts *k = aligned_alloc(AVX2_VEC_BYTES, sizeof *k);
    avx2_consts local;
    if (k == NULL) k = &local;
    consts_init(k, rc, mds);
    const unsigned csr = fr_avx2_rz_enter();
    size_t i = 0;
    for (; i + AVX2_LANES <= n; i += AVX2_LANES) avx2_perm4(s + i, k);
    if (i < n) {
        /* the tail in a full group, padded with copies of its first state */
        zki_fr t[AVX2_LANES][RESCUE_T];
        size_t m = n - i;
        for (size_t j = 0; j < AVX2_LANES; j++) memcpy(t[j], s[i + (j < m ? j : 0)], sizeof t[j]);
        avx2_perm4(t, k);
        for (size_t j = 0; j < m; j++) memcpy(s[i + j], t[j], sizeof t[j]);
    }
    fr_avx2_rz_leave(csr);
    if (k != &local) free(k);
}

/* The environment switch is set: not empty and not "0". */
static int env_set(const char *name)
{
    const char *e = getenv(name);
    return e != NULL && e[0] != '\0' && strcmp(e, "0") != 0;
}

/* AVX2 and FMA in the CPU and YMM state saved by the OS: CPUID.1:ECX FMA
 * (12), OSXSAVE (27) and AVX (28), XCR0 bits 1 and 2 (SSE and AVX state),
 * CPUID.7.0:EBX AVX2 (5). */
static int avx2_cpu(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c >> 12 & 1) || !(c >> 27 & 1) || !(c >> 28 & 1)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 6) != 6) return 0;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 5 & 1);
}

/* Tests: the field operations on four lanes of raw integers of the AVX2
 * domain (each below 2.1p), and the MDS layer's sum of three products with
 * one reduction: dot = a[0]*b[0] + a[1]*b[1] + a[2]*b[2]. */
__attribute__((noinline)) AVX2_TARGET static void avx2_ops_rz(uint64_t mul[4][4], uint64_t sqr[4][4],
                                                            uint64_t add[4][4], const uint64_t a[4][4],
                                                            const uint64_t b[4][4])
{
    fe5 x, y, r;
    fma_pack(&x, a);
    fma_pack(&y, b);
    fma_mul_n(&r, &x, &y, 1);
    fma_unpack(mul, &r);
    fma_sqr_n(&r, &x, 1);
    fma_unpack(sqr, &r);
    fma_add(&r, &x, &y);
    fma_unpack(add, &r);
}

__attribute__((noinline)) AVX2_TARGET static void avx2_dot3_rz(uint64_t dot[4][4], const uint64_t (*a)[4][4],
                                                             const uint64_t (*b)[4][4])
{
    fe5 x[RESCUE_T], y[RESCUE_T], r;
    for (int q = 0; q < RESCUE_T; q++) {
        fma_pack(&x[q], a[q]);
        fma_pack(&y[q], b[q]);
    }
    fma_montsum_n(&r, x, y, 1, RESCUE_T, 0, 1);
    fma_unpack(dot, &r);
}

static void avx2_ops(uint64_t mul[4][4], uint64_t sqr[4][4], uint64_t add[4][4], const uint64_t a[4][4],
                     const uint64_t b[4][4])
{
    const unsigned csr = fr_avx2_rz_enter();
    avx2_ops_rz(mul, sqr, add, a, b);
    fr_avx2_rz_leave(csr);
}

static void avx2_dot3(uint64_t dot[4][4], const uint64_t (*a)[4][4], const uint64_t (*b)[4][4])
{
    const unsigned csr = fr_avx2_rz_enter();
    avx2_dot3_rz(dot, a, b);
    fr_avx2_rz_leave(csr);
}
#endif /* FR_HAVE_AVX2 */

#ifdef FR_HAVE_AVX2
/* The products need the rounding mode "toward zero", which an emulator may
 * not honour (valgrind computes FMAs rounded to nearest whatever MXCSR
 * says): one product and one square of fixed values checked against the
 * scalar code before the path is used, else the scalar code runs. */
static int avx2_selftest(void)
{
    uint64_t a[4][4], b[4][4], mul[4][4], sqr[4][4], add[4][4];
    zki_fr x, y, want, got;
    for (int l = 0; l < 4; l++) {
        zki_fr_set_u64(&x, 0x9e3779b97f4a7c15ULL * (uint64_t)(l + 1));
        zki_fr_sqr(&x, &x);
        zki_fr_sqr(&y, &x);
        zki_fr_neg(&y, &y);
        to_domain(a[l], &x);
        to_domain(b[l], &y);
    }
    avx2_ops(mul, sqr, add, (const uint64_t(*)[4])a, (const uint64_t(*)[4])b);
    int ok = 1;
    for (int l = 0; l < 4; l++) {
        from_domain(&x, a[l]);
        from_domain(&y, b[l]);
        zki_fr_mul(&want, &x, &y);
        from_domain(&got, mul[l]);
        ok &= (int)zki_fr_eq(&want, &got);
        zki_fr_sqr(&want, &x);
        from_domain(&got, sqr[l]);
        ok &= (int)zki_fr_eq(&want, &got);
    }
    return ok;
}

static int avx2_usable(void)
{
    return avx2_cpu() && avx2_selftest();
}
#endif

/* 0: not decided yet, 1: AVX2, 2: scalar. Threads may race to decide; they
 * all write the same value. */
static int avx2_state;

int zki_fr_avx2_available(void)
{
    int s = __atomic_load_n(&avx2_state, __ATOMIC_RELAXED);
    if (s == 0) {
#ifdef FR_HAVE_AVX2
        s = !env_set("ZKS_NO_AVX2") && avx2_usable() ? 1 : 2;
#else
        s = 2;
#endif
        __atomic_store_n(&avx2_state, s, __ATOMIC_RELAXED);
    }
    return s == 1;
}

int zki_fr_set_avx2(int on)
{
    int s = 2;
#ifdef FR_HAVE_AVX2
    if (on && avx2_usable()) s = 1;
#else
    (void)on;
#endif
    __atomic_store_n(&avx2_state, s, __ATOMIC_RELAXED);
    return s == 1;
}

int zki_fr_rescue_batch_avx2(zki_fr (*s)[3], size_t n, const zki_fr rc[45][3], const zki_fr mds[3][3])
{
#ifdef FR_HAVE_AVX2
    if (zki_fr_avx2_available()) {
        avx2_batch(s, n, rc, mds);
        return 1;
    }
#endif
    (void)s, (void)n, (void)rc, (void)mds;
    return 0;
}

int zki_fr_avx2_test_ops(uint64_t mul[4][4], uint64_t sqr[4][4], uint64_t add[4][4], const uint64_t a[4][4],
                         const uint64_t b[4][4])
{
#ifdef FR_HAVE_AVX2
    if (zki_fr_avx2_available()) {
        avx2_ops(mul, sqr, add, a, b);
        return 1;
    }
#endif
    (void)mul, (void)sqr, (void)add, (void)a, (void)b;
    return 0;
}

int zki_fr_avx2_test_dot3(uint64_t dot[4][4], const uint64_t a[3][4][4], const uint64_t b[3][4][4])
{
#ifdef FR_HAVE_AVX2
    if (zki_fr_avx2_available()) {
        avx2_dot3(dot, a, b);
        return 1;
    }
#endif
    (void)dot, (void)a, (void)b;
    return 0;
}

void zki_fr_avx2_to_domain(uint64_t out[4], const zki_fr *a)
{
    to_domain(out, a);
}

void zki_fr_avx2_from_domain(zki_fr *r, const uint64_t x[4])
{
    from_domain(r, x);
}
