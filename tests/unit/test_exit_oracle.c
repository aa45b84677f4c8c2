/* Differential run of the claim tree against independent JavaScript (oracle
 * ops in tests/oracle/ops/40_merkle.js): the leaf rules written again with
 * BigInt, leaf hashes by ethers solidityKeccak256, tree and proofs by npm
 * merkletreejs 0.6.0 { sortPairs: true }. Thousands of random snapshots
 * (quick runs: a few dozen) with zero, 2^128-sized and near-2^256 balances,
 * NFTs, several account ids sharing an address, overflowing sums, and leaf
 * counts 1..33 and 2^k, 2^k+1: leaves, roots and every proof must be equal. */
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "oracle.h"

static char dir[256];

typedef struct {
    char *s;
    size_t n, cap;
} sb;

static void add(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(sb *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (k >= 0 && (size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = b->cap * 2 + (size_t)k + 64;
        b->s = realloc(b->s, b->cap);
    }
}

static uint64_t rnd(uint64_t m) { return m ? zt_rand64() % m : 0; }

static void hex0x(char *out, const uint8_t *in, size_t n)
{
    out[0] = '0';
    out[1] = 'x';
    zt_hex(out + 2, in, n);
}

/* A random amount of one of the interesting sizes, decimal. */
static void rand_amount(char out[80], int allow_huge)
{
    uint8_t be[32] = {0};
    switch (rnd(allow_huge ? 6 : 5)) {
    case 0: snprintf(out, 80, "0"); return;
    case 1: snprintf(out, 80, "%llu", (unsigned long long)rnd(1000)); return;
    case 2: snprintf(out, 80, "1"); return;
    case 3: zt_rand_bytes(be + 16, 16); break;                       /* ~2^128 */
    case 4: zt_rand_bytes(be + 8, 24); break;                        /* ~2^192 */
    default: memset(be, 0xff, 32); zt_rand_bytes(be + 28, 4); break; /* near 2^256 */
    }
    /* decimal of a 32-byte big-endian value */
    uint32_t w[8];
    for (int i = 0; i < 8; i++)
        w[i] = (uint32_t)be[4 * i] << 24 | (uint32_t)be[4 * i + 1] << 16 | (uint32_t)be[4 * i + 2] << 8 | be[4 * i + 3];
    char rev[80];
    size_t k = 0;
    for (;;) {
        int zero = 1;
        uint64_t rem = 0;
        for (int i = 0; i < 8; i++) {
            uint64_t cur = rem << 32 | w[i];
            w[i] = (uint32_t)(cur / 10);
            rem = cur % 10;
            if (w[i]) zero = 0;
        }
        rev[k++] = (char)('0' + rem);
        if (zero) break;
    }
    for (size_t i = 0; i < k; i++) out[i] = rev[k - 1 - i];
    out[k] = '\0';
}

static void write_file(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) abort();
}

static const char *in_dir(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static int hexeq(const cJSON *s, const uint8_t *b, size_t n)
{
    char h[2 + 64 + 1];
    hex0x(h, b, n);
    return cJSON_IsString(s) && strcmp(s->valuestring, h) == 0;
}

/* One random snapshot; returns 1 when it matched the oracle. */
static int one_case(int it, int *overflow_cases)
{
    static const uint64_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 65, 128, 129, 256, 257, 512, 513};
    uint64_t target = it < 40 ? (uint64_t)(1 + it % 33) : sizes[rnd(sizeof sizes / sizeof sizes[0])];
    if (getenv("ZKS_QUICK") && target > 65) target = 65;
    /* address pool: fewer addresses than account ids so that ids share addresses */
    size_t naddr = 1 + (size_t)rnd(target / 2 + 2), nacc = naddr + (size_t)rnd(4);
    uint8_t(*addr)[20] = malloc(naddr * 20);
    for (size_t i = 0; i < naddr; i++) {
        zt_rand_bytes(addr[i], 20);
        if (rnd(8) == 0) memset(addr[i], 0xff, 20); /* the NFT storage account's address */
    }
    uint32_t *acc_id = malloc(nacc * sizeof *acc_id);
    size_t *acc_addr = malloc(nacc * sizeof *acc_addr);
    for (size_t i = 0; i < nacc; i++) {
        acc_id[i] = (uint32_t)(i * 7 + rnd(7)); /* unique, not in file order below */
        acc_addr[i] = i < naddr ? i : (size_t)rnd(naddr);
    }
    /* tokens: ETH, ERC20s, NFTs (>= 65536), the special counter token 2^31-2 */
    size_t ntok = 2 + (size_t)rnd(target + 2);
    uint32_t *tok_id = malloc(ntok * sizeof *tok_id);
    uint8_t(*tok_addr)[20] = malloc(ntok * 20);
    for (size_t i = 0; i < ntok; i++) {
        tok_id[i] = i == 0 ? 0 : i == 1 ? 2147483646u : (rnd(2) ? (uint32_t)(i + 1) : (uint32_t)(65536 + i));
        if (i == 0) memset(tok_addr[i], 0, 20);
        else if (i == 1) memset(tok_addr[i], 0xff, 20);
        else zt_rand_bytes(tok_addr[i], 20);
    }
    int allow_huge = rnd(10) == 0; /* near-2^256 values may overflow a sum: both sides must refuse */
    sb acc = {0}, bal = {0}, tok = {0}, js = {0};
    add(&acc, "id,nonce,address,pubkey_hash\n");
    add(&bal, "coin_id,balance,account_id\n"); /* columns in another order */
    add(&tok, "id,address,symbol,decimals\n");
    add(&js, "{\"op\":\"merkle_leaves\",\"accounts\":[");
    char h[67], am[80];
    for (size_t k = 0; k < nacc; k++) {
        size_t i = nacc - 1 - k;
        hex0x(h, addr[acc_addr[i]], 20);
        add(&acc, "%u,%u,%s,sync:%040u\n", (unsigned)acc_id[i], (unsigned)rnd(100), h, 0u);
        add(&js, "%s[%u,\"%s\"]", k ? "," : "", (unsigned)acc_id[i], h);
    }
    add(&js, "],\"tokens\":[");
    for (size_t i = 0; i < ntok; i++) {
        hex0x(h, tok_addr[i], 20);
        add(&tok, "%u,%s,T%zu,18\n", (unsigned)tok_id[i], h, i);
        add(&js, "%s[%u,\"%s\"]", i ? "," : "", (unsigned)tok_id[i], h);
    }
    add(&js, "],\"balances\":[");
    size_t nrows = (size_t)target + (size_t)rnd(target / 2 + 1);
    for (size_t i = 0; i < nrows; i++) {
        size_t a = (size_t)rnd(nacc), t = (size_t)rnd(ntok);
        rand_amount(am, allow_huge);
        if (tok_id[t] >= 65536 && tok_id[t] != 2147483646u && rnd(2)) snprintf(am, sizeof am, "1");
        add(&bal, "%u,%s,%u\n", (unsigned)tok_id[t], am, (unsigned)acc_id[a]);
        add(&js, "%s[%u,%u,\"%s\"]", i ? "," : "", (unsigned)acc_id[a], (unsigned)tok_id[t], am);
    }
    add(&js, "]}");
    write_file("accounts.csv", acc.s);
    write_file("balances.csv", bal.s);
    write_file("tokens.csv", tok.s);
    zks_exit_error e;
    uint64_t nleaves = 0;
    zks_status st = zks_exit_create_leaves(in_dir("accounts.csv"), in_dir("balances.csv"), in_dir("tokens.csv"),
                                           in_dir("leaves.csv"), NULL, NULL, &nleaves, &e);
    zo_send(js.s);
    cJSON *rep = zo_recv();
    int ok = rep != NULL;
    const cJSON *lv = rep != NULL ? cJSON_GetObjectItem(rep, "ok") : NULL;
    if (ok && lv == NULL) { /* the oracle refused: only an overflow can do that here */
        const cJSON *er = cJSON_GetObjectItem(rep, "err");
        ok = cJSON_IsString(er) && strcmp(er->valuestring, "overflow") == 0 && st == ZKS_ERR_FILE_FORMAT &&
             strstr(e.message, "overflow") != NULL;
        (*overflow_cases)++;
        goto done;
    }
    ok = ok && st == ZKS_OK && cJSON_IsArray(lv) && (uint64_t)cJSON_GetArraySize(lv) == nleaves;
    if (!ok) goto done;
    /* our leaves file against the oracle's leaves, and the same leaves through its tree */
    {
        zks_exit_reader *r;
        ok = zks_exit_reader_open(in_dir("leaves.csv"), ZKS_EXIT_FILE_LEAVES, &r, &e) == ZKS_OK;
        zks_exit_tree *t;
        if (zks_exit_tree_new(&t) != ZKS_OK) abort();
        sb tj = {0};
        add(&tj, "{\"op\":\"merkle_tree\",\"leaves\":[");
        const cJSON *l;
        size_t i = 0;
        cJSON_ArrayForEach(l, lv)
        {
            zks_exit_record rec;
            int32_t eof = 1;
            ok = ok && zks_exit_reader_next(r, &rec, &eof, &e) == ZKS_OK && !eof;
            if (!ok) break;
            const cJSON *idx = cJSON_GetArrayItem(l, 0), *la = cJSON_GetArrayItem(l, 1), *lt = cJSON_GetArrayItem(l, 2),
                        *lb = cJSON_GetArrayItem(l, 3);
            ok = ok && cJSON_IsNumber(idx) && (uint64_t)idx->valuedouble == rec.id && rec.id == i;
            ok = ok && hexeq(la, rec.address, 20) && hexeq(lt, rec.token, 20) && cJSON_IsString(lb) &&
                 strcmp(lb->valuestring, rec.balance) == 0;
            if (i == 0 || rnd(3) == 0) ok = ok && zks_exit_tree_request(t, rec.address, NULL) == ZKS_OK;
            add(&tj, "%s[%llu,\"%s\",\"%s\",\"%s\"]", i ? "," : "", (unsigned long long)rec.id, la->valuestring,
                lt->valuestring, lb->valuestring);
            i++;
        }
        zks_exit_reader_free(r);
        add(&tj, "]}");
        zo_send(tj.s);
        free(tj.s);
        cJSON *tr = zo_recv();
        const cJSON *res = tr != NULL ? cJSON_GetObjectItem(tr, "ok") : NULL;
        ok = ok && res != NULL;
        uint8_t root[32];
        ok = ok && zks_exit_tree_add_file(t, in_dir("leaves.csv"), NULL, NULL, &e) == ZKS_OK &&
             zks_exit_tree_root(t, root) == ZKS_OK;
        ok = ok && hexeq(cJSON_GetObjectItem(res, "root"), root, 32);
        size_t np = 0;
        ok = ok && zks_exit_tree_proof_count(t, &np) == ZKS_OK && np > 0;
        const cJSON *hashes = cJSON_GetObjectItem(res, "leaves"), *proofs = cJSON_GetObjectItem(res, "proofs");
        for (size_t k = 0; ok && k < np; k++) {
            zks_exit_proof p;
            ok = zks_exit_tree_proof_at(t, k, &p) == ZKS_OK;
            const cJSON *ph = cJSON_GetArrayItem(hashes, (int)p.claim_index);
            const cJSON *pp = cJSON_GetArrayItem(proofs, (int)p.claim_index);
            ok = ok && hexeq(ph, p.leaf, 32) && cJSON_IsArray(pp) && (uint32_t)cJSON_GetArraySize(pp) == p.path_len;
            for (uint32_t s = 0; ok && s < p.path_len; s++) ok = hexeq(cJSON_GetArrayItem(pp, (int)s), p.path[s], 32);
            ok = ok && zks_exit_proof_verify(&p, root) == ZKS_OK;
        }
        cJSON_Delete(tr);
        zks_exit_tree_free(t);
    }
done:
    if (!ok) fprintf(stderr, "case %d (target %llu leaves): mismatch (%s)\n", it, (unsigned long long)target, e.message);
    cJSON_Delete(rep);
    free(acc.s);
    free(bal.s);
    free(tok.s);
    free(js.s);
    free(addr);
    free(acc_id);
    free(acc_addr);
    free(tok_id);
    free(tok_addr);
    return ok;
}

int main(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "the oracle (node + tests/oracle npm packages) is required");
        ZT_END();
    }
    snprintf(dir, sizeof dir, "/tmp/zks-exit-oracle.XXXXXX");
    if (mkdtemp(dir) == NULL) return 1;
    int iters = zt_iters(2000, 40), good = 0, overflow = 0;
    for (int it = 0; it < iters; it++) {
        int ok = one_case(it, &overflow);
        good += ok;
        ZT_CHECK_MSG(ok, "random snapshot %d equals the oracle", it);
    }
    printf("%d of %d random snapshots equal the oracle (%d refused for an overflow by both)\n", good, iters, overflow);
    /* a few fixed checks of the oracle's own verify, so that both sides agree on the rule */
    zo_send("{\"op\":\"merkle_verify\",\"leaf\":\"0x305bab732e945c8f9f3f741fa8a661654fd086c00f1589d9841b241275556d06\","
            "\"proof\":[\"0x72bfa34fef371406592e7717a2c37d0297652f5c74fd07567906b63acec91175\"],"
            "\"root\":\"0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be\"}");
    cJSON *r = zo_recv();
    ZT_CHECK(r != NULL && cJSON_IsTrue(cJSON_GetObjectItem(r, "ok")));
    cJSON_Delete(r);
    zo_stop();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    ZT_END();
}
