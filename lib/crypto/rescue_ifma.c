/* The Rescue permutation on the AVX-512 IFMA path (arithmetic in
 * fr_ifma.h): one state, two in lockstep, and many independent states with
 * every vector lane in use. The state stays in the IFMA domain (x*2^260,
 * radix 2^52) from the first layer to the last. Callers fall back to the
 * portable code (rescue.c) when these return 0. Rescue inputs are public. */
#include "crypto/fr_ifma.h"

#include <string.h>

#ifdef FR_HAVE_IFMA
/* Radix-2^52 constant in all lanes. */
IFMA_INLINE void ifma_const(vec r[5], const uint64_t c[5])
{
    for (int j = 0; j < 5; j++) r[j] = _mm256_set1_epi64x((long long)c[j]);
}

/* 2^264 mod p: a Montgomery product with it takes x*2^256 to x*2^260. */
static const uint64_t IFMA_TO_DOMAIN[5] = {0x31f8c9ffffab6ULL, 0xac31329faef6eULL, 0x9e2a3495d7570ULL,
                                           0xe357276f48b70ULL, 0xd791464ef86ULL};
/* 2^256 mod p: a Montgomery product with it takes x*2^260 back to x*2^256. */
static const uint64_t IFMA_FROM_DOMAIN[5] = {0x6341c4ffffffbULL, 0x959f60cd29ac9ULL, 0x879462e36fc76ULL,
                                             0xdf2f666ea36f7ULL, 0xe0a77c19a07ULL};

/* Three field elements (x*2^256, < 2^256) into the IFMA domain. */
IFMA_INLINE void ifma_enter(vec r[5], const zki_fr e[3])
{
    uint64_t x[3][4];
    vec in[5], k[5];
    for (int i = 0; i < 3; i++) memcpy(x[i], e[i].v, sizeof x[i]);
    ifma_pack(in, x);
    ifma_const(k, IFMA_TO_DOMAIN);
    ifma_mul3(r, in, k);
}

/* Lane j of r = sum_k col[k] (lane j) * s (lane k): the MDS product, with one
 * reduction. col[k] holds column k of the matrix. */
IFMA_INLINE void ifma_mds(vec r[5], const vec col[3][5], const vec s[5])
{
    vec b0[5], b1[5], b2[5], pa[10], pb[10], pc[10];
    for (int j = 0; j < 5; j++) {
        b0[j] = _mm256_permute4x64_epi64(s[j], 0x00);
        b1[j] = _mm256_permute4x64_epi64(s[j], 0x55);
        b2[j] = _mm256_permute4x64_epi64(s[j], 0xaa);
    }
    for (int j = 0; j < 10; j++) pa[j] = pb[j] = pc[j] = _mm256_setzero_si256();
    /* three independent accumulations (shorter chains), then summed */
    ifma_prod_acc3(pa, col[0], b0);
    ifma_prod_acc3(pb, col[1], b1);
    ifma_prod_acc3(pc, col[2], b2);
    for (int j = 0; j < 10; j++) pa[j] = VADD(pa[j], VADD(pb[j], pc[j]));
    {
        const vec z = _mm256_setzero_si256();
        vec t0 = pa[0], t1 = pa[1], t2 = pa[2], t3 = pa[3], t4 = pa[4];
        vec t5 = pa[5], t6 = pa[6], t7 = pa[7], t8 = pa[8], t9 = pa[9];
        IFMA_REDC_ALL(r);
    }
}

/* a^5 of the three lanes */
IFMA_INLINE void ifma_pow5(vec r[5], const vec a[5])
{
    vec t[5];
    ifma_sqr3(t, a);
    ifma_sqr3(t, t);
    ifma_mul3(r, t, a);
}

IFMA_TARGET static void ifma_rescue_perm(zki_fr state[3], const zki_fr rc[45][3], const zki_fr mds[3][3])
{
    vec s[5], t[5], c[5], m[3][5];
    uint64_t x[3][4];
    /* matrix columns: lane j of m[k] = mds[j][k] */
    for (int k = 0; k < 3; k++) {
        const zki_fr col[3] = {mds[0][k], mds[1][k], mds[2][k]};
        ifma_enter(m[k], col);
    }
    ifma_enter(s, state);
    ifma_enter(c, rc[0]);
    ifma_add3(s, s, c);
    for (int i = 0; i < 44; i += 2) {
        ifma_inv5_core(t, s);
        ifma_mds(s, m, t);
        ifma_enter(c, rc[i + 1]);
        ifma_add3(s, s, c);
        ifma_pow5(t, s);
        ifma_mds(s, m, t);
        ifma_enter(c, rc[i + 2]);
        ifma_add3(s, s, c);
    }
    /* back to x*2^256 (below 1.1p), then canonical */
    ifma_const(c, IFMA_FROM_DOMAIN);
    ifma_mul3(t, s, c);
    ifma_unpack(x, t);
    for (int k = 0; k < 3; k++) zki_fr_limbs_reduce_once(state[k].v, x[k]);
}

/* Two independent permutations in lockstep (same steps as ifma_rescue_perm
 * on each state). */
IFMA_TARGET static void ifma_rescue_perm2(zki_fr sa[3], zki_fr sb[3], const zki_fr rc[45][3],
                                          const zki_fr mds[3][3])
{
    vec s[5], t[5], sB[5], tB[5], c[5], m[3][5];
    uint64_t x[3][4];
    for (int k = 0; k < 3; k++) {
        const zki_fr col[3] = {mds[0][k], mds[1][k], mds[2][k]};
        ifma_enter(m[k], col);
    }
    ifma_enter(s, sa);
    ifma_enter(sB, sb);
    ifma_enter(c, rc[0]);
    ifma_add3(s, s, c);
    ifma_add3(sB, sB, c);
    for (int i = 0; i < 44; i += 2) {
        ifma_inv5_core2(t, tB, s, sB);
        ifma_mds(s, m, t);
        ifma_mds(sB, m, tB);
        ifma_enter(c, rc[i + 1]);
        ifma_add3(s, s, c);
        ifma_add3(sB, sB, c);
        ifma_sqr3(t, s);
        ifma_sqr3(tB, sB);
        ifma_sqr3(t, t);
        ifma_sqr3(tB, tB);
        ifma_mul3(t, t, s);
        ifma_mul3(tB, tB, sB);
        ifma_mds(s, m, t);
        ifma_mds(sB, m, tB);
        ifma_enter(c, rc[i + 2]);
        ifma_add3(s, s, c);
        ifma_add3(sB, sB, c);
    }
    ifma_const(c, IFMA_FROM_DOMAIN);
    ifma_mul3(t, s, c);
    ifma_mul3(tB, sB, c);
    ifma_unpack(x, t);
    for (int k = 0; k < 3; k++) zki_fr_limbs_reduce_once(sa[k].v, x[k]);
    ifma_unpack(x, tB);
    for (int k = 0; k < 3; k++) zki_fr_limbs_reduce_once(sb[k].v, x[k]);
}

/* ---- many independent permutations: every lane used ----
 *
 * Layout: a group is eight states in 512-bit vectors; vector j of a group
 * holds element j of its eight states, one state per lane (the single
 * permutation above holds one state's three elements in three lanes of a
 * 256-bit vector). The S-box layers are then three independent
 * exponentiation chains per group, and the MDS layer multiplies by
 * broadcast matrix entries, with no lane shuffles. The three chains of a
 * group hide each other's latency, so the multipliers set the pace. */

/* Round constants and matrix entries in the IFMA domain, one limb array per
 * constant (broadcast to all lanes where used). */
typedef struct batch_consts {
    uint64_t rc[45][3][5];
    uint64_t mds[3][3][5];
} batch_consts;

IFMA_TARGET static void batch_consts_init(batch_consts *k, const zki_fr rc[45][3], const zki_fr mds[3][3])
{
    vec t[5];
    uint64_t l[5][4];
    for (int i = 0; i < 45; i++) {
        ifma_enter(t, rc[i]);
        for (int j = 0; j < 5; j++) _mm256_storeu_si256((void *)l[j], t[j]);
        for (int e = 0; e < 3; e++)
            for (int j = 0; j < 5; j++) k->rc[i][e][j] = l[j][e];
    }
    for (int r = 0; r < 3; r++) {
        ifma_enter(t, mds[r]); /* lane c = mds[r][c] */
        for (int j = 0; j < 5; j++) _mm256_storeu_si256((void *)l[j], t[j]);
        for (int c = 0; c < 3; c++)
            for (int j = 0; j < 5; j++) k->mds[r][c][j] = l[j][c];
    }
}

/* The arithmetic again, on 512-bit vectors: ifma_mul8, ifma_sqr8, ... */
typedef __m512i vec8;
#undef VT
#undef VADD
#undef LO
#undef HI
#undef VZERO
#undef VSET1
#undef VSRLI
#undef VAND
#undef IFMA_FN
#define VT vec8
#define VADD(a, b) _mm512_add_epi64((a), (b))
#define LO(acc, x, y) _mm512_madd52lo_epu64((acc), (x), (y))
#define HI(acc, x, y) _mm512_madd52hi_epu64((acc), (x), (y))
#define VZERO() _mm512_setzero_si512()
#define VSET1(x) _mm512_set1_epi64((long long)(x))
#define VSRLI(x, n) _mm512_srli_epi64((x), (n))
#define VAND(a, b) _mm512_and_si512((a), (b))
#define IFMA_FN(name) ifma_##name##8
#include "crypto/fr_ifma_ops.h"

/* Eight values, one per lane. */
IFMA_INLINE void ifma_pack8(vec8 r[5], const uint64_t x[8][4])
{
    uint64_t l[5][8];
    ifma_split52(&l[0][0], 8, x, 8);
    for (int j = 0; j < 5; j++) r[j] = _mm512_loadu_si512((const void *)l[j]);
}

IFMA_INLINE void ifma_unpack8(uint64_t x[8][4], const vec8 r[5])
{
    uint64_t l[5][8];
    for (int j = 0; j < 5; j++) _mm512_storeu_si512((void *)l[j], r[j]);
    ifma_join52(x, &l[0][0], 8, 8);
}

IFMA_INLINE void ifma_bcast8(vec8 r[5], const uint64_t c[5])
{
    for (int j = 0; j < 5; j++) r[j] = VSET1(c[j]);
}

/* x^alpha_inv of n independent vectors (n <= 6, a constant after inlining),
 * stepped together: the schedule of ifma_inv5_core on each. */
IFMA_INLINE void ifma_inv5_many(vec8 acc[][5], const vec8 x[][5], const int n)
{
    vec8 tab[6][INV5_SLOTS][5];
#pragma GCC unroll 6
    for (int c = 0; c < n; c++) memcpy(tab[c][0], x[c], sizeof tab[c][0]);
    /* a loop over the table's operations (straight-line code would outgrow
     * the instruction cache) */
    FR_NO_UNROLL
    for (size_t i = 0; i < CHAIN_LEN(INV5_TABLE); i++) {
        const unsigned d = INV5_TABLE[i][0], y = INV5_TABLE[i][1], z = INV5_TABLE[i][2];
        if (y == z) {
#pragma GCC unroll 6
            for (int c = 0; c < n; c++) ifma_sqr8(tab[c][d], tab[c][y]);
        } else {
#pragma GCC unroll 6
            for (int c = 0; c < n; c++) ifma_mul8(tab[c][d], tab[c][y], tab[c][z]);
        }
    }
#pragma GCC unroll 6
    for (int c = 0; c < n; c++) memcpy(acc[c], tab[c][INV5_STEPS[0][1]], sizeof acc[c]);
    /* a loop, not unrolled: the unrolled chain outgrows the instruction cache */
    FR_NO_UNROLL
    for (size_t s = 1; s < CHAIN_LEN(INV5_STEPS); s++) {
        for (unsigned k = 0; k < INV5_STEPS[s][0]; k++)
#pragma GCC unroll 6
            for (int c = 0; c < n; c++) ifma_sqr8(acc[c], acc[c]);
        const unsigned w = INV5_STEPS[s][1];
#pragma GCC unroll 6
        for (int c = 0; c < n; c++) ifma_mul8(acc[c], acc[c], tab[c][w]);
    }
}

/* s = M t + rc of one group: element j of each lane is the dot product of
 * row j with that lane's t, with one reduction. */
IFMA_INLINE void ifma_mds_add_batch(vec8 s[][5], const vec8 t[][5], const batch_consts *k, int round)
{
    for (int j = 0; j < 3; j++) {
        vec8 p[3][10], kc[5], km[5], r[5];
        for (int q = 0; q < 3; q++) {
            for (int i = 0; i < 10; i++) p[q][i] = VZERO();
            ifma_bcast8(km, k->mds[j][q]);
            ifma_prod_acc8(p[q], km, t[q]);
        }
        {
            const vec8 z = VZERO();
            vec8 t0 = VADD(p[0][0], VADD(p[1][0], p[2][0])), t1 = VADD(p[0][1], VADD(p[1][1], p[2][1]));
            vec8 t2 = VADD(p[0][2], VADD(p[1][2], p[2][2])), t3 = VADD(p[0][3], VADD(p[1][3], p[2][3]));
            vec8 t4 = VADD(p[0][4], VADD(p[1][4], p[2][4])), t5 = VADD(p[0][5], VADD(p[1][5], p[2][5]));
            vec8 t6 = VADD(p[0][6], VADD(p[1][6], p[2][6])), t7 = VADD(p[0][7], VADD(p[1][7], p[2][7]));
            vec8 t8 = VADD(p[0][8], VADD(p[1][8], p[2][8])), t9 = VADD(p[0][9], VADD(p[1][9], p[2][9]));
            IFMA_REDC_ALL(r);
        }
        ifma_bcast8(kc, k->rc[round][j]);
        ifma_add8(s[j], r, kc);
    }
}

/* g groups (a constant after inlining; ifma_batch8 uses 1, the body takes
 * 2 as well) of eight states; st[8q + l] is lane l of group q. The steps
 * of ifma_rescue_perm, lane by lane. */
IFMA_INLINE void ifma_batch_body(zki_fr (*st)[3], const batch_consts *k, const int g)
{
    vec8 s[6][5], t[6][5], c[5]; /* s[3q + j]: element j of group q */
    uint64_t x[8][4];
    for (int q = 0; q < g; q++)
        for (int j = 0; j < 3; j++) {
            vec8 in[5];
            for (int l = 0; l < 8; l++) memcpy(x[l], st[8 * q + l][j].v, sizeof x[l]);
            ifma_pack8(in, x);
            ifma_bcast8(c, IFMA_TO_DOMAIN);
            ifma_mul8(in, in, c);
            ifma_bcast8(c, k->rc[0][j]);
            ifma_add8(s[3 * q + j], in, c);
        }
    for (int i = 0; i < 44; i += 2) {
        ifma_inv5_many(t, (const vec8(*)[5])s, 3 * g);
        for (int q = 0; q < g; q++) ifma_mds_add_batch(s + 3 * q, (const vec8(*)[5])(t + 3 * q), k, i + 1);
        /* x^5 of all the vectors, stepped together */
#pragma GCC unroll 6
        for (int e = 0; e < 3 * g; e++) ifma_sqr8(t[e], s[e]);
#pragma GCC unroll 6
        for (int e = 0; e < 3 * g; e++) ifma_sqr8(t[e], t[e]);
#pragma GCC unroll 6
        for (int e = 0; e < 3 * g; e++) ifma_mul8(t[e], t[e], s[e]);
        for (int q = 0; q < g; q++) ifma_mds_add_batch(s + 3 * q, (const vec8(*)[5])(t + 3 * q), k, i + 2);
    }
    ifma_bcast8(c, IFMA_FROM_DOMAIN);
    for (int q = 0; q < g; q++)
        for (int j = 0; j < 3; j++) {
            vec8 o[5];
            ifma_mul8(o, s[3 * q + j], c);
            ifma_unpack8(x, o);
            for (int l = 0; l < 8; l++) zki_fr_limbs_reduce_once(st[8 * q + l][j].v, x[l]);
        }
}

/* One group of eight: three chains already keep the multipliers busy (two
 * groups, six chains, measured slower: register spills). */
IFMA_TARGET static void ifma_batch8(zki_fr (*st)[3], const batch_consts *k)
{
    ifma_batch_body(st, k, 1);
}

static void ifma_rescue_batch(zki_fr (*s)[3], size_t n, const zki_fr rc[45][3], const zki_fr mds[3][3])
{
    batch_consts k;
    batch_consts_init(&k, rc, mds);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) ifma_batch8(s + i, &k);
    if (i < n) {
        /* the tail in a full group, padded with copies of its first state */
        zki_fr t[8][3];
        size_t m = n - i;
        for (size_t j = 0; j < 8; j++) memcpy(t[j], s[i + (j < m ? j : 0)], sizeof t[j]);
        ifma_batch8(t, &k);
        for (size_t j = 0; j < m; j++) memcpy(s[i + j], t[j], sizeof t[j]);
    }
}
#endif /* FR_HAVE_IFMA */

int zki_fr_rescue_perm_ifma(zki_fr state[3], const zki_fr rc[45][3], const zki_fr mds[3][3])
{
#ifdef FR_HAVE_IFMA
    if (zki_fr_ifma_available()) {
        ifma_rescue_perm(state, rc, mds);
        return 1;
    }
#endif
    (void)state, (void)rc, (void)mds;
    return 0;
}

int zki_fr_rescue_perm2_ifma(zki_fr sa[3], zki_fr sb[3], const zki_fr rc[45][3],
                             const zki_fr mds[3][3])
{
#ifdef FR_HAVE_IFMA
    if (zki_fr_ifma_available()) {
        ifma_rescue_perm2(sa, sb, rc, mds);
        return 1;
    }
#endif
    (void)sa, (void)sb, (void)rc, (void)mds;
    return 0;
}

int zki_fr_rescue_batch_ifma(zki_fr (*s)[3], size_t n, const zki_fr rc[45][3], const zki_fr mds[3][3])
{
#ifdef FR_HAVE_IFMA
    if (zki_fr_ifma_available()) {
        ifma_rescue_batch(s, n, rc, mds);
        return 1;
    }
#endif
    (void)s, (void)n, (void)rc, (void)mds;
    return 0;
}
