/* The batch Rescue permutation on the AVX2 path (arithmetic in fr_avx2.h),
 * for CPUs without AVX-512 IFMA, and its runtime choice: the CPU's AVX2 and
 * the OS's saving of the YMM state (CPUID, XGETBV), checked once, and the
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
/* The AVX2 domain is x * 2^261, the scalar code's x * 2^256: five doublings
 * in, five halvings out. */
#define AVX2_DOMAIN_SHIFT 5

/* x*2^256 (canonical) to x*2^261 (canonical), then radix-2^29 limbs. */
static void to_domain(uint64_t out[4], const zki_fr *a)
{
    zki_fr t = *a;
    for (int d = 0; d < AVX2_DOMAIN_SHIFT; d++) zki_fr_add(&t, &t, &t);
    memcpy(out, t.v, sizeof t.v);
}

/* A value of the AVX2 domain below 2.1p back to x*2^256, canonical. */
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

/* Round constants and matrix entries in the AVX2 domain, radix-2^29 limbs
 * (broadcast to all lanes where used). */
typedef struct avx2_consts {
    fe4 rc[RESCUE_RC_ROWS][RESCUE_T];
    fe4 mds[RESCUE_T][RESCUE_T];
} avx2_consts;

static void limbs29(uint32_t l[AVX2_LIMBS], const zki_fr *a)
{
    uint64_t x[4], s[AVX2_LIMBS][4];
    to_domain(x, a);
    avx2_split29(s, (const uint64_t(*)[4])&x, 0);
    for (int j = 0; j < AVX2_LIMBS; j++) l[j] = (uint32_t)s[j][0];
}

AVX2_TARGET static void consts_init(avx2_consts *k, const zki_fr rc[RESCUE_RC_ROWS][RESCUE_T],
                                    const zki_fr mds[RESCUE_T][RESCUE_T])
{
    uint32_t l[AVX2_LIMBS];
    for (int i = 0; i < RESCUE_RC_ROWS; i++)
        for (int e = 0; e < RESCUE_T; e++) {
            limbs29(l, &rc[i][e]);
            avx2_bcast(&k->rc[i][e], l);
        }
    for (int r = 0; r < RESCUE_T; r++)
        for (int c = 0; c < RESCUE_T; c++) {
            limbs29(l, &mds[r][c]);
            avx2_bcast(&k->mds[r][c], l);
        }
}

/* x^alpha_inv of the three vectors of a group, stepped together, with the
 * INV5 chain of fr_impl.h (305 operations). */
AVX2_INLINE void avx2_inv5_x3(fe4 acc[RESCUE_T], const fe4 x[RESCUE_T])
{
    fe4 tab[INV5_SLOTS][RESCUE_T];
    memcpy(tab[0], x, sizeof tab[0]);
    /* loops, not unrolled: the unrolled chain outgrows the instruction cache */
    FR_NO_UNROLL
    for (size_t i = 0; i < CHAIN_LEN(INV5_TABLE); i++) {
        const uint8_t *o = INV5_TABLE[i];
        if (o[1] == o[2])
            avx2_sqr_n(tab[o[0]], tab[o[1]], RESCUE_T);
        else
            avx2_mul_n(tab[o[0]], tab[o[1]], tab[o[2]], RESCUE_T);
    }
    memcpy(acc, tab[INV5_STEPS[0][1]], sizeof tab[0]);
    FR_NO_UNROLL
    for (size_t s = 1; s < CHAIN_LEN(INV5_STEPS); s++) {
        FR_NO_UNROLL
        for (unsigned k = 0; k < INV5_STEPS[s][0]; k++) avx2_sqr_n(acc, acc, RESCUE_T);
        avx2_mul_n(acc, acc, tab[INV5_STEPS[s][1]], RESCUE_T);
    }
}

/* s = M t + rc: row j of each lane is the dot product of matrix row j with
 * that lane's t (three products, one reduction), plus constant j. */
AVX2_INLINE void avx2_mds_add(fe4 s[RESCUE_T], const fe4 t[RESCUE_T], const avx2_consts *k, int round)
{
    fe4 r[RESCUE_T];
    avx2_montsum_n(r, &k->mds[0][0], t, RESCUE_T, RESCUE_T, 0, 1);
    for (int j = 0; j < RESCUE_T; j++) avx2_add(&s[j], &r[j], &k->rc[round][j]);
}

/* Four permutations, one per lane: the steps of zki_rescue_perm_portable. */
AVX2_TARGET static void avx2_perm4(zki_fr (*st)[RESCUE_T], const avx2_consts *k)
{
    fe4 s[RESCUE_T], t[RESCUE_T];
    uint64_t x[AVX2_LANES][4];
    for (int j = 0; j < RESCUE_T; j++) {
        for (int l = 0; l < AVX2_LANES; l++) to_domain(x[l], &st[l][j]);
        avx2_pack(&t[j], (const uint64_t(*)[4])x);
        avx2_add(&s[j], &t[j], &k->rc[0][j]);
    }
    for (int i = 0; i < RESCUE_RC_ROWS - 1; i += 2) {
        avx2_inv5_x3(t, s);
        avx2_mds_add(s, t, k, i + 1);
        /* x^5 */
        avx2_sqr_n(t, s, RESCUE_T);
        avx2_sqr_n(t, t, RESCUE_T);
        avx2_mul_n(t, t, s, RESCUE_T);
        avx2_mds_add(s, t, k, i + 2);
    }
    for (int j = 0; j < RESCUE_T; j++) {
        avx2_unpack(x, &s[j]);
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
    if (k != &local) free(k);
}

/* The environment switch is set: not empty and not "0". */
static int env_set(const char *name)
{
    const char *e = getenv(name);
    return e != NULL && e[0] != '\0' && strcmp(e, "0") != 0;
}

/* AVX2 in the CPU and YMM state saved by the OS: CPUID.1:ECX OSXSAVE (27)
 * and AVX (28), XCR0 bits 1 and 2 (SSE and AVX state), CPUID.7.0:EBX AVX2
 * (5). */
static int avx2_cpu(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c >> 27 & 1) || !(c >> 28 & 1)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 6) != 6) return 0;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 5 & 1);
}

/* Tests: the field operations on four lanes of raw integers of the AVX2
 * domain (each below 2.1p). */
AVX2_TARGET static void avx2_ops(uint64_t mul[4][4], uint64_t sqr[4][4], uint64_t add[4][4],
                                 const uint64_t a[4][4], const uint64_t b[4][4])
{
    fe4 x, y, r;
    avx2_pack(&x, a);
    avx2_pack(&y, b);
    avx2_mul(&r, &x, &y);
    avx2_unpack(mul, &r);
    avx2_sqr(&r, &x);
    avx2_unpack(sqr, &r);
    avx2_add(&r, &x, &y);
    avx2_unpack(add, &r);
}
#endif /* FR_HAVE_AVX2 */

/* 0: not decided yet, 1: AVX2, 2: scalar. Threads may race to decide; they
 * all write the same value. */
static int avx2_state;

int zki_fr_avx2_available(void)
{
    int s = __atomic_load_n(&avx2_state, __ATOMIC_RELAXED);
    if (s == 0) {
#ifdef FR_HAVE_AVX2
        s = !env_set("ZKS_NO_AVX2") && avx2_cpu() ? 1 : 2;
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
    if (on && avx2_cpu()) s = 1;
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

void zki_fr_avx2_to_domain(uint64_t out[4], const zki_fr *a)
{
    to_domain(out, a);
}

void zki_fr_avx2_from_domain(zki_fr *r, const uint64_t x[4])
{
    from_domain(r, x);
}
