/* State-root benchmark (docs/state-root.md): Rescue permutations per second
 * (single, paired, IFMA and portable, over threads), then the restore of a
 * synthetic snapshot (default 100,000 accounts and 200,000 non-zero balances,
 * written sorted and shuffled to a temporary folder) with its time and peak
 * memory, and a projection for a mainnet-sized state.
 * Usage: bench_state [seconds per rate (1)] [accounts] [balances] [threads (2)] */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "zksync.h"
#include "crypto/fr.h"
#include "crypto/rescue.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct rate_job {
    int kind; /* 0 perm, 1 perm2, 2 portable perm, 3 portable perm2 */
    double secs;
    double perms;
} rate_job;

static void *rate_run(void *arg)
{
    rate_job *j = arg;
    zki_fr a[3], b[3];
    for (int i = 0; i < 3; i++) {
        zki_fr_set_u64(&a[i], (uint64_t)i + 1);
        zki_fr_set_u64(&b[i], (uint64_t)i + 7);
    }
    long n = 0;
    double t0 = now(), t = t0;
    while (t - t0 < j->secs) {
        for (int k = 0; k < 16; k++) {
            switch (j->kind) {
            case 0: zki_rescue_perm(a); break;
            case 1: zki_rescue_perm2(a, b); break;
            case 2: zki_rescue_perm_portable(a); break;
            default: zki_rescue_perm2_portable(a, b); break;
            }
        }
        n += 16;
        t = now();
    }
    j->perms = (double)n * (j->kind == 1 || j->kind == 3 ? 2 : 1) / (t - t0);
    return NULL;
}

static double rate(int kind, int threads, double secs)
{
    pthread_t tid[16];
    rate_job jobs[16];
    double total = 0;
    for (int i = 0; i < threads; i++) {
        jobs[i] = (rate_job){kind, secs, 0};
        pthread_create(&tid[i], NULL, rate_run, &jobs[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        total += jobs[i].perms;
    }
    return total;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

typedef struct bal {
    uint32_t acc, tok;
    uint64_t amount;
} bal;

static int cmp(const void *x, const void *y)
{
    const bal *a = x, *b = y;
    if (a->acc != b->acc) return a->acc < b->acc ? -1 : 1;
    return a->tok < b->tok ? -1 : a->tok > b->tok;
}

/* Writes the synthetic snapshot; shuffled rows when shuffle. */
static int write_snapshot(const char *dir, long na, long nb, int shuffle, char *pa, char *pb)
{
    sprintf(pa, "%s/accounts%s.csv", dir, shuffle ? "_shuffled" : "");
    sprintf(pb, "%s/balances%s.csv", dir, shuffle ? "_shuffled" : "");
    long *order = malloc(sizeof(long) * (size_t)(na > nb ? na : nb));
    bal *b = malloc(sizeof *b * (size_t)nb);
    if (order == NULL || b == NULL) return -1;
    /* every account gets one ETH-like balance (token 0) first; the rest spread over tokens 1..200 and NFTs */
    rng = 0x9e3779b97f4a7c15ULL;
    for (long i = 0; i < nb; i++) {
        uint32_t acc = (uint32_t)(i < na ? i : (long)(rnd() % (uint64_t)na));
        uint32_t tok = i < na ? 0 : (rnd() & 7) == 0 ? 65536 + (uint32_t)(rnd() % 1000000) : 1 + (uint32_t)(rnd() % 200);
        b[i] = (bal){acc, tok, 1 + rnd() % 1000000000000000000ULL};
    }
    /* sort by (acc, tok) and drop repeated pairs by nudging the token */
    for (long i = 0; i < nb; i++) order[i] = i;
    qsort(b, (size_t)nb, sizeof *b, cmp);
    for (long i = 1; i < nb; i++)
        if (b[i].acc == b[i - 1].acc && b[i].tok <= b[i - 1].tok) b[i].tok = b[i - 1].tok + 1;
    FILE *fa = fopen(pa, "w"), *fb = fopen(pb, "w");
    if (fa == NULL || fb == NULL) return -1;
    fprintf(fa, "id,nonce,address,pubkey_hash\n");
    for (long i = 0; i < na; i++) order[i] = i;
    if (shuffle)
        for (long i = na - 1; i > 0; i--) {
            long j = (long)(rnd() % (uint64_t)(i + 1)), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    for (long k = 0; k < na; k++) {
        long i = order[k];
        fprintf(fa, "%ld,%u,0x%016llx%016llx%08x,0x%016llx%016llx%08x\n", i, (unsigned)(i % 97),
                (unsigned long long)(i * 2654435761u), (unsigned long long)~(unsigned long long)i, (unsigned)i,
                (unsigned long long)(i * 40503u), (unsigned long long)i, (unsigned)(i ^ 0x5555));
    }
    fprintf(fb, "account_id,coin_id,balance\n");
    for (long i = 0; i < nb; i++) order[i] = i;
    if (shuffle)
        for (long i = nb - 1; i > 0; i--) {
            long j = (long)(rnd() % (uint64_t)(i + 1)), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    for (long k = 0; k < nb; k++) {
        const bal *x = &b[order[k]];
        fprintf(fb, "%u,%u,%llu\n", x->acc, x->tok, (unsigned long long)x->amount);
    }
    fclose(fa);
    fclose(fb);
    free(order);
    free(b);
    return 0;
}

static double restore(const char *pa, const char *pb, unsigned threads, uint8_t root[32], long *rss_kb)
{
    zks_state_options o;
    zks_exit_error e;
    if (zks_state_options_init(&o) != ZKS_OK) return -1;
    o.threads = threads;
    double t0 = now();
    zks_status st = zks_state_root_files(pa, pb, &o, root, &e);
    double t = now() - t0;
    if (st != ZKS_OK) {
        fprintf(stderr, "restore failed: %s: %s\n", zks_strerror(st), e.message);
        return -1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *rss_kb = ru.ru_maxrss;
    return t;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* figures show up as they come, also through a pipe */
    double secs = argc > 1 ? atof(argv[1]) : 1;
    long na = argc > 2 ? atol(argv[2]) : 100000, nb = argc > 3 ? atol(argv[3]) : 200000;
    int threads = argc > 4 ? atoi(argv[4]) : 2;
    if (secs <= 0) secs = 1;
    if (na < 1 || nb < na || threads < 1 || threads > 16) {
        fprintf(stderr, "usage: bench_state [seconds] [accounts] [balances >= accounts] [threads 1..16]\n");
        return 2;
    }
    printf("Rescue permutations per second (IFMA %s):\n", zki_fr_ifma_available() ? "available" : "absent");
    double r_single = rate(0, 1, secs), r_pair = rate(1, 1, secs);
    double r_psingle = rate(2, 1, secs), r_ppair = rate(3, 1, secs);
    double r_threads = rate(1, threads, secs);
    printf("  single            %10.0f /s  (%.2f us)\n", r_single, 1e6 / r_single);
    printf("  pair (batch of 2) %10.0f /s  (%.2f us)\n", r_pair, 1e6 / r_pair);
    printf("  portable single   %10.0f /s\n", r_psingle);
    printf("  portable pair     %10.0f /s\n", r_ppair);
    printf("  pair x %d threads  %10.0f /s\n", threads, r_threads);

    char dir[] = "/tmp/zks-bench-state-XXXXXX";
    if (mkdtemp(dir) == NULL) return 1;
    char pa[128], pb[128], qa[128], qb[128];
    if (write_snapshot(dir, na, nb, 0, pa, pb) != 0 || write_snapshot(dir, na, nb, 1, qa, qb) != 0) return 1;
    uint8_t r1[32], r2[32];
    long rss1 = 0, rss2 = 0;
    printf("Restore of a synthetic snapshot: %ld accounts, %ld non-zero balances, %d threads\n", na, nb, threads);
    double t1 = restore(pa, pb, (unsigned)threads, r1, &rss1);
    double t2 = restore(qa, qb, (unsigned)threads, r2, &rss2);
    remove(pa);
    remove(pb);
    remove(qa);
    remove(qb);
    rmdir(dir);
    if (t1 < 0 || t2 < 0) return 1;
    char hx[ZKS_STATE_ROOT_HEX_BYTES];
    if (zks_state_root_hex(r1, hx) != ZKS_OK) return 1;
    printf("  sorted input      %8.1f s, peak RSS %ld MB (root %s)\n", t1, rss1 / 1024, hx);
    printf("  shuffled input    %8.1f s, peak RSS %ld MB (%s)\n", t2, rss2 / 1024,
           memcmp(r1, r2, 32) == 0 ? "same root" : "ROOT DIFFERS");
    /* work model: per non-zero balance 1 leaf hash + its share of the 32 balance-tree levels (one node per
     * level per account holding one token; the synthetic accounts hold ~nb/na tokens); per account the
     * state root and the leaf (3) + its share of the account tree: 16 levels inside a full 65536-id block
     * plus the top. Calibrated on the sorted run. */
    double perms = (double)nb * 33.0 + (double)na * (3.0 + 16.0);
    double per_perm = t1 / perms;
    double main_acc = 5e6, main_bal = 10e6;
    double main_perms = main_bal * 33.0 + main_acc * (3.0 + 16.0);
    printf("  model: %.2e permutations, %.2f us each at %d threads (pair rate alone: %.2f us)\n", perms,
           per_perm * 1e6, threads, 1e6 / r_threads);
    printf("Projection, mainnet-sized state (assumed 5 million accounts, 10 million non-zero balances, ids dense,\n"
           "most accounts with 1-2 tokens): %.2e permutations, %.0f min at %d threads on this machine,\n"
           "memory: %s\n",
           main_perms, main_perms * per_perm / 60.0, threads,
           "sorted input streams (~30 MB); unsorted input loads 5e6*56 + 10e6*32 B = ~600 MB");
    return memcmp(r1, r2, 32) == 0 ? 0 : 1;
}
