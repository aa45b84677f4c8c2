/* Crypto core benchmark: ops/s of the C implementation and of the reference
 * (npm zksync-crypto 0.6.2 via node bench/ref_crypto.js) in the same run, with
 * the ratio; plus the cost of one Fr multiplication and the number of Fr
 * multiplications and squarings per signature and per verification.
 *
 * Counter build: this file compiles lib/crypto/fr.c itself with ZKS_COUNT_OPS,
 * so its counting zki_fr_* replace the library's (the archive member is then
 * never linked). The count costs one increment per multiplication (< 2%).
 * See the comment at the count below for what is counted and what is analytic.
 * The code paths in the same run: AVX-512 IFMA (where the CPU has it), the
 * portable one (forced with zki_fr_set_ifma(0), as ZKS_NO_IFMA=1 does; on
 * x86-64 it uses the BMI2/ADX field kernels), and the portable one on the C
 * kernels ("C only": also zki_fr_set_adx(0), as ZKS_NO_ADX=1 does; what
 * arm64 runs), each against the same reference figures, with the goals of
 * issue 14 (the portable goal is read on the portable column).
 * Environment: ZKS_BENCH_SECONDS (default 1) per operation and side. */
#define ZKS_COUNT_OPS 1
#include "../lib/crypto/fr.c"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zksync.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint8_t seed[65], sk[32], pub[32], msg[58], sig[96], out[96];
static volatile int sink;

static void op_seed(void) { sink += zks_privkey_from_seed(seed, sizeof seed, out); }
static void op_pubkey(void) { sink += zks_pubkey_from_privkey(sk, out); }
static void op_hash(void) { sink += zks_pubkey_hash_from_privkey(sk, out); }
static void op_hash_packed(void) { sink += zks_pubkey_hash(pub, out); }
static void op_rescue(void) { sink += zks_rescue_hash(msg, sizeof msg, out); }
static void op_sign(void) { sink += zks_musig_sign(sk, msg, sizeof msg, out); }
static void op_verify(void)
{
    if (zks_musig_verify(msg, sizeof msg, sig) != ZKS_OK) {
        fprintf(stderr, "verify failed\n");
        exit(1);
    }
}

static double rate(void (*fn)(void), double secs)
{
    long n = 0;
    fn();
    double t0 = now(), t = t0;
    while (t - t0 < secs) {
        fn();
        n++;
        if ((n & 3) == 0) t = now();
    }
    return (double)n / (now() - t0);
}

typedef struct {
    const char *name, *what;
    void (*fn)(void);
    double c[3], ref; /* c[0] IFMA, c[1] portable, c[2] portable on the C kernels */
    double goal[2];   /* ratio goals (0: none) */
} row;

int main(void)
{
    const char *e = getenv("ZKS_BENCH_SECONDS");
    double secs = e ? atof(e) : 1.0;
    if (secs <= 0) secs = 1.0;

    memset(seed, 0x42, sizeof seed);
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)i;
    if (zks_privkey_from_seed(seed, sizeof seed, sk) != ZKS_OK || zks_pubkey_from_privkey(sk, pub) != ZKS_OK ||
        zks_musig_sign(sk, msg, sizeof msg, sig) != ZKS_OK) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }

    row rows[] = {
        {"privkey_from_seed", "privateKeyFromSeed (65-byte seed)", op_seed, {0, 0, 0}, 0, {0, 0}},
        {"pubkey", "private_key_to_pubkey", op_pubkey, {0, 0, 0}, 0, {0, 0}},
        {"pubkey_hash", "private_key_to_pubkey_hash", op_hash, {0, 0, 0}, 0, {25, 20}},
        {"pubkey_hash_packed", "pubKeyHash (packed key)", op_hash_packed, {0, 0, 0}, 0, {0, 0}},
        {"rescue_hash", "rescueHash (58 bytes)", op_rescue, {0, 0, 0}, 0, {25, 20}},
        {"sign", "sign_musig (58 bytes)", op_sign, {0, 0, 0}, 0, {25, 20}},
        {"verify", "verify_musig (58 bytes)", op_verify, {0, 0, 0}, 0, {0, 0}},
    };
    const int nrows = (int)(sizeof rows / sizeof *rows);
    const int have_ifma = zki_fr_ifma_available(), have_adx = zki_fr_adx_available();
    /* the C side: the paths interleaved per row, best of two rounds, so that
     * load from other processes hits them alike */
    for (int i = 0; i < nrows; i++)
        for (int round = 0; round < 2; round++)
            for (int q = have_ifma ? 0 : 1; q < (have_adx ? 3 : 2); q++) {
                zki_fr_set_ifma(q == 0);
                zki_fr_set_adx(q < 2);
                double v = rate(rows[i].fn, secs / 2);
                if (v > rows[i].c[q]) rows[i].c[q] = v;
            }
    zki_fr_set_ifma(1);
    zki_fr_set_adx(1);

    char cmd[64];
    snprintf(cmd, sizeof cmd, "node bench/ref_crypto.js %g", secs);
    FILE *p = popen(cmd, "r");
    char line[256];
    while (p && fgets(line, sizeof line, p)) {
        char name[64];
        double v;
        if (sscanf(line, "%63s %lf", name, &v) != 2) continue;
        for (int i = 0; i < nrows; i++)
            if (strcmp(rows[i].name, name) == 0) rows[i].ref = v;
    }
    int ref_ok = p != NULL && pclose(p) == 0;

    printf("%-19s %-34s %11s %11s %11s %10s %8s %8s %8s\n", "operation", "reference function", "IFMA ops/s",
           "portable", "C only", "ref ops/s", "IFMA/ref", "port/ref", "C/ref");
    for (int i = 0; i < nrows; i++) {
        char c0[32] = "n/a", c2[32] = "n/a", r0[16] = "n/a", r1[16] = "n/a", r2[16] = "n/a", rf[32] = "n/a";
        if (have_ifma) snprintf(c0, sizeof c0, "%.1f", rows[i].c[0]);
        if (have_adx) snprintf(c2, sizeof c2, "%.1f", rows[i].c[2]);
        if (rows[i].ref > 0) {
            snprintf(rf, sizeof rf, "%.1f", rows[i].ref);
            if (have_ifma) snprintf(r0, sizeof r0, "%.1fx", rows[i].c[0] / rows[i].ref);
            snprintf(r1, sizeof r1, "%.1fx", rows[i].c[1] / rows[i].ref);
            if (have_adx) snprintf(r2, sizeof r2, "%.1fx", rows[i].c[2] / rows[i].ref);
        }
        printf("%-19s %-34s %11s %11.1f %11s %10s %8s %8s %8s\n", rows[i].name, rows[i].what, c0, rows[i].c[1], c2,
               rf, r0, r1, r2);
    }
    if (!have_adx) printf("(no BMI2/ADX here: the portable column is the C kernels)\n");
    if (!ref_ok) {
        printf("(reference timings unavailable: node or tests/oracle/node_modules missing)\n");
    } else {
        printf("goals (issue 14): >= 25x the reference with IFMA, >= 20x on the portable path\n");
        for (int i = 0; i < nrows; i++) {
            if (rows[i].goal[0] == 0 || rows[i].ref <= 0) continue;
            for (int q = have_ifma ? 0 : 1; q < 2; q++) {
                double x = rows[i].c[q] / rows[i].ref;
                printf("  %-12s %-8s %6.1fx (goal %2.0fx)  %s\n", rows[i].name, q == 0 ? "IFMA" : "portable", x,
                       rows[i].goal[q], x >= rows[i].goal[q] ? "PASS" : "MISS");
            }
        }
        if (!have_ifma) printf("  (no AVX-512 IFMA here: the IFMA goals are not measured)\n");
    }

    /* One Fr multiplication, chained so it cannot be overlapped. */
    zki_fr a = zki_fr_one, b;
    uint8_t le[32];
    memset(le, 0x11, sizeof le);
    (void)zki_fr_from_bytes_le(&b, le);
    const long nmul = 2000000;
    double t0 = now();
    for (long i = 0; i < nmul; i++) zki_fr_mul(&a, &a, &b);
    double mul_ns = (now() - t0) / (double)nmul * 1e9;
    t0 = now();
    for (long i = 0; i < nmul; i++) zki_fr_sqr(&a, &a);
    double sqr_ns = (now() - t0) / (double)nmul * 1e9;
    sink += (int)a.v[0];

    /* Counted: every zki_fr_mul/sqr and fr.c's inline multiplications, except the
     * AVX-512 IFMA S-box path and the fused MDS dot products, which do not count.
     * So: curve part of an operation = its count minus that of the Rescue hashes
     * it contains (2 rescueHash-sized sponges: message hash and challenge), and
     * the Rescue part is counted analytically from the algorithm (per permutation
     * 66 x^(1/5), 66 x^5, 44 MDS layers of 9 products) and fr.c's own exponent
     * chain for x^(1/5). */
    unsigned long long cm[4], cs[4];
    void (*fns[4])(void) = {op_sign, op_verify, op_rescue, op_pubkey};
    for (int i = 0; i < 4; i++) {
        zki_fr_mul_count = zki_fr_sqr_count = 0;
        fns[i]();
        cm[i] = zki_fr_mul_count;
        cs[i] = zki_fr_sqr_count;
    }
    unsigned long long inv5_s = 1, inv5_m = 15; /* odd powers a, a^3, ..., a^31 */
    for (size_t i = 1; i < CHAIN_LEN(CHAIN_ALPHA_INV); i++) {
        inv5_s += CHAIN_ALPHA_INV[i][0];
        inv5_m += CHAIN_ALPHA_INV[i][1] != 0;
    }
    unsigned long long perm_m = 66 * inv5_m + 66 + 44 * 9, perm_s = 66 * inv5_s + 66 * 2;

    printf("\nFr multiplication: %.1f ns, squaring: %.1f ns (chained, this machine)\n", mul_ns, sqr_ns);
    printf("Fr multiplications (M) and squarings (S) per call:\n");
    printf("  Rescue permutation (analytic, fr.c chain)     %6llu M + %6llu S\n", perm_m, perm_s);
    printf("  rescueHash = 2 permutations                   %6llu M + %6llu S\n", 2 * perm_m, 2 * perm_s);
    const char *names[2] = {"sign_musig ", "verify_musig"};
    for (int i = 0; i < 2; i++) {
        unsigned long long curve_m = cm[i] - 2 * cm[2], curve_s = cs[i] - 2 * cs[2];
        printf("  %s = 4 permutations + curve part     %6llu M + %6llu S  (curve part, counted: %llu M + %llu S)\n",
               names[i], 4 * perm_m + curve_m, 4 * perm_s + curve_s, curve_m, curve_s);
    }
    printf("  pubkey (counted)                              %6llu M + %6llu S  (constant-time inversion by divsteps: no Fr products)\n",
           cm[3], cs[3]);
    return 0;
}
