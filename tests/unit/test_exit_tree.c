/* Claim tree and snapshot files (lib/exit): the vectors A, B, C of
 * sunset.md §4, streaming proofs against a naive full tree built here with
 * the generic zks_keccak256, the CSV readers on good and bad files (each
 * error with its line), create-new-leaves rules and atomic output, the proof
 * JSON byte for byte and back. */
#include <dirent.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static char dir[256];

static void addr_n(uint8_t out[20], uint64_t n)
{
    memset(out, 0, 20);
    for (int i = 0; i < 8; i++) out[19 - i] = (uint8_t)(n >> (8 * i));
}

static void amount_n(uint8_t out[32], uint64_t n)
{
    memset(out, 0, 32);
    for (int i = 0; i < 8; i++) out[31 - i] = (uint8_t)(n >> (8 * i));
}

static const char *path_in(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void write_file(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void write_file(const char *name, const char *fmt, ...)
{
    FILE *f = fopen(path_in(name), "wb");
    if (f == NULL) abort();
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fclose(f);
}

static void write_raw(const char *name, const void *data, size_t len)
{
    FILE *f = fopen(path_in(name), "wb");
    if (f == NULL) abort();
    if (len) fwrite(data, 1, len, f);
    fclose(f);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (fread(b, 1, (size_t)n, f) != (size_t)n) abort();
    b[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return b;
}

/* Files in dir whose name starts with prefix. */
static int count_files(const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) n++;
    closedir(d);
    return n;
}

/* ---- a naive full tree with the generic keccak ---- */

static void pair_ref(const uint8_t a[32], const uint8_t b[32], uint8_t out[32])
{
    uint8_t buf[64];
    int af = memcmp(a, b, 32) <= 0;
    memcpy(buf, af ? a : b, 32);
    memcpy(buf + 32, af ? b : a, 32);
    if (zks_keccak256(buf, 64, out) != ZKS_OK) abort();
}

static void leaf_ref(uint64_t idx, const uint8_t acc[20], const uint8_t tok[20], const uint8_t amt[32], uint8_t out[32])
{
    uint8_t buf[104];
    memset(buf, 0, 32);
    for (int i = 0; i < 8; i++) buf[31 - i] = (uint8_t)(idx >> (8 * i));
    memcpy(buf + 32, acc, 20);
    memcpy(buf + 52, tok, 20);
    memcpy(buf + 72, amt, 32);
    if (zks_keccak256(buf, 104, out) != ZKS_OK) abort();
}

/* Root and the proof of leaf `want` (path into path, *plen) over n leaf hashes. */
static void full_tree(const uint8_t (*leaves)[32], size_t n, size_t want, uint8_t root[32], uint8_t (*path)[32],
                      uint32_t *plen)
{
    uint8_t(*lv)[32] = malloc(n * 32);
    memcpy(lv, leaves, n * 32);
    size_t pos = want;
    *plen = 0;
    while (n > 1) {
        size_t m = 0;
        for (size_t i = 0; i < n; i += 2) {
            if (i + 1 < n) {
                if (pos == i) memcpy(path[(*plen)++], lv[i + 1], 32);
                else if (pos == i + 1) memcpy(path[(*plen)++], lv[i], 32);
                pair_ref(lv[i], lv[i + 1], lv[m]);
            } else {
                memcpy(lv[m], lv[i], 32);
            }
            m++;
        }
        pos /= 2;
        n = m;
    }
    memcpy(root, lv[0], 32);
    free(lv);
}

/* ---- vectors ---- */

static const char *A_leaf[] = {"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb",
                               "0xd0b0b282685704a2c9af0d34fc9352a3a29461d3a76097ad446a387873a7468f",
                               "0x305bab732e945c8f9f3f741fa8a661654fd086c00f1589d9841b241275556d06",
                               "0xf3772c7ea643aa3c76b6c81b05d7c29aa2d72b6af7a23dda502effebf2b85e0c",
                               "0x7567601c8b24ed38e79cb7570ccea6cad3fc559fad10970ee6961a9fb82bd000"};
static const uint64_t C_acc[] = {1, 1, 2, 3, 4}, C_tok[] = {11, 12, 11, 0, 0}, C_amt[] = {10, 20, 30, 1, 0};

static zks_exit_tree *tree_of(size_t n, int request_all)
{
    zks_exit_tree *t;
    if (zks_exit_tree_new(&t) != ZKS_OK) abort();
    uint8_t a[20], tk[20], m[32];
    if (request_all) {
        for (size_t i = 0; i < n; i++) {
            addr_n(a, C_acc[i]);
            addr_n(tk, C_tok[i]);
            if (zks_exit_tree_request(t, a, tk) != ZKS_OK) abort();
        }
    }
    for (size_t i = 0; i < n; i++) {
        addr_n(a, C_acc[i]);
        addr_n(tk, C_tok[i]);
        amount_n(m, C_amt[i]);
        if (zks_exit_tree_add(t, i, a, tk, m, NULL) != ZKS_OK) abort();
    }
    return t;
}

static void check_proof(zks_exit_tree *t, size_t i, size_t plen, const char *const *path)
{
    uint8_t a[20], tk[20];
    zks_exit_proof p;
    addr_n(a, C_acc[i]);
    addr_n(tk, C_tok[i]);
    ZT_CHECK_STATUS(zks_exit_tree_proof_find(t, a, tk, &p), ZKS_OK);
    ZT_CHECK(p.claim_index == i);
    ZT_CHECK(p.path_len == plen);
    for (size_t k = 0; k < plen && k < p.path_len; k++) ZT_CHECK_HEX(p.path[k], 32, path[k]);
    ZT_CHECK_HEX(p.leaf, 32, A_leaf[i]);
    ZT_CHECK_STATUS(zks_exit_proof_verify(&p, NULL), ZKS_OK);
    ZT_CHECK_STATUS(zks_exit_verify(p.leaf, &p.path[0][0], p.path_len, p.root), ZKS_OK);
}

static void test_vectors(void)
{
    uint8_t a[20], tk[20], m[32], h[32], root[32];
    for (size_t i = 0; i < 5; i++) {
        addr_n(a, C_acc[i]);
        addr_n(tk, C_tok[i]);
        amount_n(m, C_amt[i]);
        ZT_CHECK_STATUS(zks_exit_leaf_hash(i, a, tk, m, h), ZKS_OK);
        ZT_CHECK_HEX(h, 32, A_leaf[i]);
    }
    /* A */
    zks_exit_tree *t = tree_of(3, 1);
    ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_OK);
    ZT_CHECK_HEX(root, 32, "0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be");
    const char *p0[] = {A_leaf[1], A_leaf[2]}, *p1[] = {A_leaf[0], A_leaf[2]},
               *p2[] = {"0x72bfa34fef371406592e7717a2c37d0297652f5c74fd07567906b63acec91175"};
    check_proof(t, 0, 2, p0);
    check_proof(t, 1, 2, p1);
    check_proof(t, 2, 1, p2);
    size_t np;
    ZT_CHECK_STATUS(zks_exit_tree_proof_count(t, &np), ZKS_OK);
    ZT_CHECK(np == 3);
    zks_exit_tree_free(t);
    /* B */
    t = tree_of(1, 1);
    ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_OK);
    ZT_CHECK_HEX(root, 32, A_leaf[0]);
    check_proof(t, 0, 0, NULL);
    zks_exit_tree_free(t);
    /* C */
    t = tree_of(5, 1);
    ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_OK);
    ZT_CHECK_HEX(root, 32, "0x6c8774f70cf8da3482cdaf66bae8242c6567180b05d4635300bc2ee196fb36ac");
    const char *c4[] = {"0x91e369b80420552500f36899a3892d733707d7a098f3d42a3e6fe16e34c16a2c"};
    const char *c0[] = {A_leaf[1], "0x66171098848486a57079a37dd8039bc0beded2111e95058387068c4f5522ec1e", A_leaf[4]};
    check_proof(t, 4, 1, c4);
    check_proof(t, 0, 3, c0);
    /* every other proof of C equals the naive full tree's */
    uint8_t lh[5][32], r2[32], path[64][32];
    for (size_t i = 0; i < 5; i++) zt_unhex(lh[i], 32, A_leaf[i]);
    for (size_t i = 0; i < 5; i++) {
        uint32_t plen;
        full_tree((const uint8_t(*)[32])lh, 5, i, r2, path, &plen);
        ZT_CHECK(memcmp(r2, root, 32) == 0);
        zks_exit_proof p;
        ZT_CHECK_STATUS(zks_exit_tree_proof_at(t, i, &p), ZKS_OK);
        ZT_CHECK(p.path_len == plen && memcmp(p.path, path, 32 * plen) == 0);
    }
    /* the root is final; nothing more can be added */
    uint8_t again[32];
    ZT_CHECK_STATUS(zks_exit_tree_root(t, again), ZKS_OK);
    ZT_CHECK(memcmp(again, root, 32) == 0);
    amount_n(m, 1);
    ZT_CHECK_STATUS(zks_exit_tree_add(t, 5, a, tk, m, NULL), ZKS_ERR_STATE);
    zks_exit_tree_free(t);
    /* no leaves: no root */
    ZT_CHECK_STATUS(zks_exit_tree_new(&t), ZKS_OK);
    ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_ERR_STATE);
    ZT_CHECK(zt_all_zero(root, 32));
    zks_exit_tree_free(t);
}

static void test_verify_negative(void)
{
    zks_exit_tree *t = tree_of(5, 1);
    uint8_t root[32];
    ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_OK);
    zks_exit_proof p, q;
    ZT_CHECK_STATUS(zks_exit_tree_proof_at(t, 1, &p), ZKS_OK);
    q = p;
    q.path[0][5] ^= 1;
    ZT_CHECK_STATUS(zks_exit_proof_verify(&q, NULL), ZKS_ERR_PROOF_INVALID);
    q = p;
    q.amount[31] ^= 1; /* amount no longer matches leaf and balance */
    ZT_CHECK_STATUS(zks_exit_proof_verify(&q, NULL), ZKS_ERR_PROOF_INVALID);
    q = p;
    q.claim_index = 2;
    ZT_CHECK_STATUS(zks_exit_proof_verify(&q, NULL), ZKS_ERR_PROOF_INVALID);
    q = p;
    snprintf(q.balance, sizeof q.balance, "21");
    ZT_CHECK_STATUS(zks_exit_proof_verify(&q, NULL), ZKS_ERR_PROOF_INVALID);
    q = p;
    q.path_len--;
    ZT_CHECK_STATUS(zks_exit_proof_verify(&q, NULL), ZKS_ERR_PROOF_INVALID);
    q = p;
    q.path_len = ZKS_EXIT_PROOF_MAX_DEPTH + 1;
    ZT_CHECK_STATUS(zks_exit_proof_verify(&q, NULL), ZKS_ERR_INVALID_ARG);
    uint8_t other[32] = {1};
    ZT_CHECK_STATUS(zks_exit_proof_verify(&p, other), ZKS_ERR_PROOF_INVALID);
    ZT_CHECK_STATUS(zks_exit_proof_verify(&p, root), ZKS_OK);
    ZT_CHECK_STATUS(zks_exit_verify(p.leaf, NULL, 1, root), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_exit_verify(p.leaf, NULL, 0, root), ZKS_ERR_PROOF_INVALID);
    /* not requested / absent pairs */
    uint8_t a[20], tk[20];
    addr_n(a, 9);
    addr_n(tk, 0);
    ZT_CHECK_STATUS(zks_exit_tree_proof_find(t, a, tk, &q), ZKS_ERR_NOT_FOUND);
    ZT_CHECK(zt_all_zero(&q, sizeof q));
    ZT_CHECK_STATUS(zks_exit_tree_proof_at(t, 5, &q), ZKS_ERR_INVALID_ARG);
    zks_exit_tree_free(t);
    /* wrong index order and bad balance text in zks_exit_tree_add */
    ZT_CHECK_STATUS(zks_exit_tree_new(&t), ZKS_OK);
    uint8_t m[32];
    amount_n(m, 7);
    ZT_CHECK_STATUS(zks_exit_tree_add(t, 1, a, tk, m, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_exit_tree_add(t, 0, a, tk, m, "8"), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_exit_tree_add(t, 0, a, tk, m, "007"), ZKS_OK);
    ZT_CHECK_STATUS(zks_exit_tree_request(t, a, NULL), ZKS_ERR_STATE);
    size_t np;
    ZT_CHECK_STATUS(zks_exit_tree_proof_count(t, &np), ZKS_ERR_STATE);
    zks_exit_tree_free(t);
}

/* Streaming proofs of random subsets (by account, or account and token) equal the naive full tree's. */
static void test_streaming_vs_full(void)
{
    int iters = zt_iters(60, 6);
    for (int it = 0; it < iters; it++) {
        size_t n = 1 + (size_t)(zt_rand64() % (it < 20 ? 40 : 700));
        if (it % 7 == 0) n = ((size_t)1 << (zt_rand64() % 9)) + (zt_rand64() % 2); /* 2^k, 2^k+1 */
        uint8_t(*acc)[20] = malloc(n * 20), (*tok)[20] = malloc(n * 20), (*amt)[32] = malloc(n * 32),
                (*lh)[32] = malloc(n * 32);
        for (size_t i = 0; i < n; i++) {
            addr_n(acc[i], 1 + i / 3); /* up to 3 tokens per account */
            addr_n(tok[i], i % 3);
            zt_rand_bytes(amt[i], 32);
            if (zt_rand64() % 4 == 0) memset(amt[i], 0, 32);
            leaf_ref(i, acc[i], tok[i], amt[i], lh[i]);
        }
        zks_exit_tree *t;
        ZT_CHECK_STATUS(zks_exit_tree_new(&t), ZKS_OK);
        unsigned char *want = calloc(n, 1);
        for (size_t i = 0; i < n; i++) {
            if (zt_rand64() % 5 != 0) continue;
            int by_account = zt_rand64() % 2;
            if (zks_exit_tree_request(t, acc[i], by_account ? NULL : tok[i]) != ZKS_OK) abort();
            if (by_account) {
                for (size_t k = 0; k < n; k++)
                    if (memcmp(acc[k], acc[i], 20) == 0) want[k] = 1;
            } else {
                want[i] = 1;
            }
        }
        int ok = 1;
        for (size_t i = 0; i < n; i++) ok &= zks_exit_tree_add(t, i, acc[i], tok[i], amt[i], NULL) == ZKS_OK;
        uint8_t root[32], r2[32], path[64][32];
        ok &= zks_exit_tree_root(t, root) == ZKS_OK;
        size_t np = 0, expect = 0, k = 0;
        for (size_t i = 0; i < n; i++) expect += want[i];
        ok &= zks_exit_tree_proof_count(t, &np) == ZKS_OK && np == expect;
        for (size_t i = 0; i < n && ok; i++) {
            if (!want[i]) continue;
            uint32_t plen;
            full_tree((const uint8_t(*)[32])lh, n, i, r2, path, &plen);
            zks_exit_proof p;
            ok &= zks_exit_tree_proof_at(t, k++, &p) == ZKS_OK;
            ok &= p.claim_index == i && memcmp(p.root, r2, 32) == 0 && memcmp(root, r2, 32) == 0;
            ok &= p.path_len == plen && memcmp(p.path, path, 32 * (size_t)plen) == 0;
            ok &= memcmp(p.leaf, lh[i], 32) == 0;
            ok &= zks_exit_proof_verify(&p, root) == ZKS_OK;
        }
        if (!ok || expect == 0) {
            uint32_t plen;
            full_tree((const uint8_t(*)[32])lh, n, 0, r2, path, &plen);
            ok &= memcmp(root, r2, 32) == 0;
        }
        ZT_CHECK_MSG(ok, "streaming tree of %zu leaves equals the full tree", n);
        zks_exit_tree_free(t);
        free(want);
        free(acc);
        free(tok);
        free(amt);
        free(lh);
    }
}

/* ---- readers ---- */

static const char *LH = "claim_index,account_address,token_address,balance\n";
#define ADR1 "0x0000000000000000000000000000000000000001"
#define ADR2 "0x0000000000000000000000000000000000000002"
#define TK11 "0x000000000000000000000000000000000000000b"
#define TK12 "0x000000000000000000000000000000000000000c"

static void expect_root_err(const char *name, zks_status want, uint64_t line, const char *needle)
{
    uint8_t root[32];
    zks_exit_error e;
    memset(&e, 0x55, sizeof e);
    zks_status st = zks_exit_root_file(path_in(name), NULL, NULL, root, NULL, &e);
    ZT_CHECK_MSG(st == want, "%s: status %d, want %d (%s)", name, st, want, e.message);
    ZT_CHECK_MSG(e.line == line, "%s: line %llu, want %llu (%s)", name, (unsigned long long)e.line,
                 (unsigned long long)line, e.message);
    ZT_CHECK_MSG(strstr(e.message, needle) != NULL, "%s: message '%s' has '%s'", name, e.message, needle);
    ZT_CHECK(strstr(e.file, name) != NULL);
    ZT_CHECK(zt_all_zero(root, 32));
}

static void test_leaves_reader(void)
{
    uint8_t root[32];
    uint64_t n;
    zks_exit_error e;
    /* good: A with CRLF, reordered and extra columns, quotes, a BOM, blank lines, no final newline */
    write_file("good1.csv", "%s0," ADR1 "," TK11 ",10\n1," ADR1 "," TK12 ",20\n2," ADR2 "," TK11 ",30\n", LH);
    write_file("good2.csv",
               "\xEF\xBB\xBF" "extra,balance,token_address,claim_index,account_address\r\n"
               "x,10," TK11 ",0," ADR1 "\r\n\r\n"
               "\"a,\"\"b\"\"\nc\",\"20\",\"" TK12 "\",1,\"" ADR1 "\"\r\n"
               ",30," TK11 ",2," ADR2);
    ZT_CHECK_STATUS(zks_exit_root_file(path_in("good1.csv"), NULL, NULL, root, &n, &e), ZKS_OK);
    ZT_CHECK_HEX(root, 32, "0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be");
    ZT_CHECK(n == 3 && e.message[0] == '\0' && e.line == 0);
    ZT_CHECK_STATUS(zks_exit_root_file(path_in("good2.csv"), NULL, NULL, root, &n, &e), ZKS_OK);
    ZT_CHECK_HEX(root, 32, "0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be");
    ZT_CHECK(n == 3);
    /* the record reader itself on good2: lines of multi-line records */
    zks_exit_reader *r;
    ZT_CHECK_STATUS(zks_exit_reader_open(path_in("good2.csv"), ZKS_EXIT_FILE_LEAVES, &r, &e), ZKS_OK);
    zks_exit_record rec;
    int32_t eof;
    uint64_t lines[3] = {0};
    for (int i = 0; i < 3; i++) {
        ZT_CHECK_STATUS(zks_exit_reader_next(r, &rec, &eof, &e), ZKS_OK);
        lines[i] = rec.line;
    }
    ZT_CHECK(lines[0] == 2 && lines[1] == 4 && lines[2] == 6);
    ZT_CHECK(rec.id == 2 && strcmp(rec.balance, "30") == 0 && rec.kind == ZKS_EXIT_FILE_LEAVES);
    ZT_CHECK_STATUS(zks_exit_reader_next(r, &rec, &eof, &e), ZKS_OK);
    ZT_CHECK(eof == 1);
    zks_exit_reader_free(r);

    /* bad files, each with its line */
    write_raw("empty.csv", "", 0);
    expect_root_err("empty.csv", ZKS_ERR_FILE_FORMAT, 0, "empty file");
    write_file("blank.csv", "\n\r\n\n");
    expect_root_err("blank.csv", ZKS_ERR_FILE_FORMAT, 0, "empty file");
    write_file("hdronly.csv", "%s", LH);
    expect_root_err("hdronly.csv", ZKS_ERR_FILE_FORMAT, 0, "no leaves");
    write_file("nocol.csv", "claim_index,account_address,balance\n0," ADR1 ",1\n");
    expect_root_err("nocol.csv", ZKS_ERR_FILE_FORMAT, 1, "token_address");
    write_file("dupcol.csv", "claim_index,account_address,token_address,balance,balance\n");
    expect_root_err("dupcol.csv", ZKS_ERR_FILE_FORMAT, 1, "twice");
    write_file("nondec.csv", "%s0," ADR1 "," TK11 ",10\n1," ADR1 "," TK12 ",1e3\n", LH);
    expect_root_err("nondec.csv", ZKS_ERR_FILE_FORMAT, 3, "balance");
    write_file("neg.csv", "%s0," ADR1 "," TK11 ",-1\n", LH);
    expect_root_err("neg.csv", ZKS_ERR_FILE_FORMAT, 2, "balance");
    write_file("space.csv", "%s0," ADR1 "," TK11 ", 1\n", LH);
    expect_root_err("space.csv", ZKS_ERR_FILE_FORMAT, 2, "balance");
    /* 2^256 exactly and 79 digits */
    write_file("big.csv", "%s0," ADR1 "," TK11 ","
               "115792089237316195423570985008687907853269984665640564039457584007913129639936\n", LH);
    expect_root_err("big.csv", ZKS_ERR_FILE_FORMAT, 2, "2^256");
    write_file("big79.csv", "%s0," ADR1 "," TK11 ",0"
               "115792089237316195423570985008687907853269984665640564039457584007913129639935\n", LH);
    expect_root_err("big79.csv", ZKS_ERR_FILE_FORMAT, 2, "balance");
    write_file("max.csv", "%s0," ADR1 "," TK11 ","
               "115792089237316195423570985008687907853269984665640564039457584007913129639935\n", LH);
    ZT_CHECK_STATUS(zks_exit_root_file(path_in("max.csv"), NULL, NULL, root, &n, &e), ZKS_OK);
    write_file("idx.csv", "%s18446744073709551616," ADR1 "," TK11 ",1\n", LH);
    expect_root_err("idx.csv", ZKS_ERR_FILE_FORMAT, 2, "claim_index");
    write_file("addr.csv", "%s0," ADR1 ",0x00000000000000000000000000000000000000g1,1\n", LH);
    expect_root_err("addr.csv", ZKS_ERR_FILE_FORMAT, 2, "token_address");
    write_file("addr2.csv", "%s0,0000000000000000000000000000000000000001," TK11 ",1\n", LH);
    expect_root_err("addr2.csv", ZKS_ERR_FILE_FORMAT, 2, "account_address");
    write_file("width.csv", "%s0," ADR1 "," TK11 ",1\n1," ADR1 "," TK12 ",2,9\n", LH);
    expect_root_err("width.csv", ZKS_ERR_FILE_FORMAT, 3, "fields");
    write_file("quote.csv", "%s0," ADR1 "," TK11 ",\"1\"x\n", LH);
    expect_root_err("quote.csv", ZKS_ERR_FILE_FORMAT, 2, "closing quote");
    write_file("unclosed.csv", "%s0," ADR1 "," TK11 ",1\n1," ADR1 ",\"" TK12 ",2\n", LH);
    expect_root_err("unclosed.csv", ZKS_ERR_FILE_FORMAT, 3, "not closed");
    /* claim_index order */
    write_file("dup.csv", "%s0," ADR1 "," TK11 ",1\n1," ADR1 "," TK12 ",2\n1," ADR2 "," TK11 ",3\n", LH);
    expect_root_err("dup.csv", ZKS_ERR_FILE_FORMAT, 4, "repeats");
    write_file("gap.csv", "%s0," ADR1 "," TK11 ",1\n2," ADR1 "," TK12 ",2\n", LH);
    expect_root_err("gap.csv", ZKS_ERR_FILE_FORMAT, 3, "gap");
    write_file("order.csv", "%s1," ADR1 "," TK11 ",1\n0," ADR1 "," TK12 ",2\n", LH);
    expect_root_err("order.csv", ZKS_ERR_FILE_FORMAT, 2, "gap");
    write_file("order2.csv", "%s0," ADR1 "," TK11 ",1\n1," ADR1 "," TK12 ",2\n3," ADR2 "," TK11 ",3\n2,"
               ADR2 "," TK12 ",3\n", LH);
    expect_root_err("order2.csv", ZKS_ERR_FILE_FORMAT, 4, "gap");
    /* a 10 MB line: an error at once, no 10 MB field */
    size_t big = 10u << 20;
    char *huge = malloc(big + 200);
    size_t hl = (size_t)snprintf(huge, 200, "%s0," ADR1 "," TK11 ",", LH);
    memset(huge + hl, '1', big);
    huge[hl + big] = '\n';
    write_raw("huge.csv", huge, hl + big + 1);
    expect_root_err("huge.csv", ZKS_ERR_FILE_FORMAT, 2, "longer than");
    /* a long quoted line and a long field */
    memcpy(huge, LH, strlen(LH));
    hl = strlen(LH);
    huge[hl++] = '"';
    memset(huge + hl, 'a', 70000);
    hl += 70000;
    huge[hl++] = '"';
    huge[hl++] = '\n';
    write_raw("hugeq.csv", huge, hl);
    expect_root_err("hugeq.csv", ZKS_ERR_FILE_FORMAT, 2, "longer than");
    hl = (size_t)snprintf(huge, 200, "%s0," ADR1 "," TK11 ",", LH);
    memset(huge + hl, '1', 2000);
    huge[hl + 2000] = '\n';
    write_raw("longf.csv", huge, hl + 2001);
    expect_root_err("longf.csv", ZKS_ERR_FILE_FORMAT, 2, "field 4 longer");
    free(huge);
    /* I/O */
    expect_root_err("missing.csv", ZKS_ERR_IO, 0, "cannot open");
    ZT_CHECK_STATUS(zks_exit_root_file(dir, NULL, NULL, root, &n, &e), ZKS_ERR_IO);
    /* NULL err is allowed */
    ZT_CHECK_STATUS(zks_exit_root_file(path_in("gap.csv"), NULL, NULL, root, &n, NULL), ZKS_ERR_FILE_FORMAT);
    /* a requested pair twice */
    write_file("twice.csv", "%s0," ADR1 "," TK11 ",1\n1," ADR1 "," TK11 ",2\n", LH);
    zks_exit_tree *t;
    uint8_t a1[20], t11[20];
    addr_n(a1, 1);
    addr_n(t11, 11);
    for (int by_acc = 0; by_acc < 2; by_acc++) {
        ZT_CHECK_STATUS(zks_exit_tree_new(&t), ZKS_OK);
        ZT_CHECK_STATUS(zks_exit_tree_request(t, a1, by_acc ? NULL : t11), ZKS_OK);
        ZT_CHECK_STATUS(zks_exit_tree_add_file(t, path_in("twice.csv"), NULL, NULL, &e), ZKS_ERR_FILE_FORMAT);
        ZT_CHECK(e.line == 3);
        zks_exit_tree_free(t);
    }
}

static void test_other_readers(void)
{
    zks_exit_reader *r;
    zks_exit_record rec;
    zks_exit_error e;
    int32_t eof;
    const char acc[] = "pubkey_hash,address,nonce,id\n"
                       "sync:00000000000000000000000000000000000000ff," ADR1 ",7,3\n"
                       "0x00000000000000000000000000000000000000Aa," ADR2 ",4294967295,4294967295\n";
    ZT_CHECK_STATUS(zks_exit_reader_open_buffer("acc", (const uint8_t *)acc, strlen(acc), ZKS_EXIT_FILE_ACCOUNTS, &r, &e),
                    ZKS_OK);
    ZT_CHECK_STATUS(zks_exit_reader_next(r, &rec, &eof, &e), ZKS_OK);
    ZT_CHECK(!eof && rec.id == 3 && rec.nonce == 7 && rec.is_sync_pubkey == 1 && rec.pubkey_hash[19] == 0xff &&
             rec.address[19] == 1 && rec.line == 2);
    ZT_CHECK_STATUS(zks_exit_reader_next(r, &rec, &eof, &e), ZKS_OK);
    ZT_CHECK(rec.id == 4294967295u && rec.nonce == 4294967295u && rec.is_sync_pubkey == 0 && rec.pubkey_hash[19] == 0xaa);
    ZT_CHECK_STATUS(zks_exit_reader_next(r, &rec, &eof, &e), ZKS_OK);
    ZT_CHECK(eof);
    zks_exit_reader_free(r);
    struct {
        uint32_t kind;
        const char *text;
        uint64_t line;
        const char *needle;
    } bad[] = {
        {ZKS_EXIT_FILE_ACCOUNTS, "id,nonce,address\n1,2," ADR1 "\n", 1, "pubkey_hash"},
        {ZKS_EXIT_FILE_ACCOUNTS, "id,nonce,address,pubkey_hash\n4294967296,0," ADR1 ",sync:0000000000000000000000000000000000000000\n", 2, "id"},
        {ZKS_EXIT_FILE_ACCOUNTS, "id,nonce,address,pubkey_hash\n1,0," ADR1 ",sync:000000000000000000000000000000000000000\n", 2, "pubkey_hash"},
        {ZKS_EXIT_FILE_ACCOUNTS, "id,nonce,address,pubkey_hash\n1,x," ADR1 ",0x0000000000000000000000000000000000000000\n", 2, "nonce"},
        {ZKS_EXIT_FILE_BALANCES, "account_id,coin_id,balance\n1,2,3\n1,,3\n", 3, "coin_id"},
        {ZKS_EXIT_FILE_BALANCES, "account_id,coin_id,balance\n1,2,3.5\n", 2, "balance"},
        {ZKS_EXIT_FILE_BALANCES, "account_id,coin_id\n", 1, "balance"},
        {ZKS_EXIT_FILE_TOKENS, "id,address,symbol,decimals\n0,0x0000000000000000000000000000000000000000,ETH,1x\n", 2, "decimals"},
        {ZKS_EXIT_FILE_TOKENS, "id,symbol\n", 1, "address"},
        {ZKS_EXIT_FILE_TOKENS, "", 0, "empty"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        zks_status st = zks_exit_reader_open_buffer("bad", (const uint8_t *)bad[i].text, strlen(bad[i].text),
                                                    bad[i].kind, &r, &e);
        if (st == ZKS_OK) {
            do st = zks_exit_reader_next(r, &rec, &eof, &e);
            while (st == ZKS_OK && !eof);
            zks_exit_reader_free(r);
        }
        ZT_CHECK_MSG(st == ZKS_ERR_FILE_FORMAT && e.line == bad[i].line && strstr(e.message, bad[i].needle),
                     "bad case %zu: status %d line %llu '%s'", i, st, (unsigned long long)e.line, e.message);
    }
    /* tokens: older exports have only id,address */
    const char tok[] = "id,address\n0,0x0000000000000000000000000000000000000000\n";
    ZT_CHECK_STATUS(zks_exit_reader_open_buffer(NULL, (const uint8_t *)tok, strlen(tok), ZKS_EXIT_FILE_TOKENS, &r, &e),
                    ZKS_OK);
    ZT_CHECK_STATUS(zks_exit_reader_next(r, &rec, &eof, &e), ZKS_OK);
    ZT_CHECK(!eof && rec.id == 0 && rec.symbol[0] == '\0' && rec.decimals == 0);
    zks_exit_reader_free(r);
    ZT_CHECK_STATUS(zks_exit_reader_open_buffer(NULL, (const uint8_t *)tok, strlen(tok), 9, &r, &e), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(r == NULL);
}

/* ---- create-new-leaves ---- */

static void write_snapshot(const char *acc, const char *bal, const char *tok)
{
    write_file("accounts.csv", "id,nonce,address,pubkey_hash\n%s", acc);
    write_file("balances.csv", "account_id,coin_id,balance\n%s", bal);
    write_file("tokens.csv", "id,address,symbol,decimals\n%s", tok);
}

static zks_status make_leaves(const char *out, uint64_t *n, zks_exit_error *e)
{
    return zks_exit_create_leaves(path_in("accounts.csv"), path_in("balances.csv"), path_in("tokens.csv"),
                                  out != NULL ? path_in(out) : NULL, NULL, NULL, n, e);
}

#define PK0 "sync:0000000000000000000000000000000000000000"
#define NFTA "0x1f00000000000000000000000000000000000abc"
#define FFFF "0xffffffffffffffffffffffffffffffffffffffff"

static void test_create_leaves(void)
{
    uint64_t n;
    zks_exit_error e;
    /* ids 3 and 7 share ADR1 (their sums add up), a zero balance is kept, rows in any order,
     * an NFT (id 70000) under its tokens.csv address, the NFT storage account's counter (2^31-2). */
    write_snapshot("7,0," ADR1 "," PK0 "\n5,0," ADR2 "," PK0 "\n3,1," ADR1 "," PK0 "\n16777215,0," FFFF "," PK0 "\n",
                   "3,1,10\n5,1,30\n7,2,15\n3,2,5\n7,1,0\n5,70000,1\n5,0,0\n16777215,2147483646,3\n",
                   "0,0x0000000000000000000000000000000000000000,ETH,18\n1," TK11 ",A,18\n2," TK12 ",B,6\n"
                   "70000," NFTA ",,0\n2147483646," FFFF ",SPECIAL,0\n");
    ZT_CHECK_STATUS(make_leaves("out.csv", &n, &e), ZKS_OK);
    ZT_CHECK(n == 6);
    char *got = read_all(path_in("out.csv"), NULL);
    const char *want = "claim_index,account_address,token_address,balance\n"
                       "0," ADR1 "," TK11 ",10\n"
                       "1," ADR1 "," TK12 ",20\n"
                       "2," ADR2 ",0x0000000000000000000000000000000000000000,0\n"
                       "3," ADR2 "," TK11 ",30\n"
                       "4," ADR2 "," NFTA ",1\n"
                       "5," FFFF "," FFFF ",3\n";
    ZT_CHECK_STR(got, want);
    free(got);
    ZT_CHECK(count_files(".out.csv") == 0);
    /* default output name is new_leaves.csv in the current folder: not tested here (cwd) */
    /* errors name the file and line; nothing is written and no temporary file stays */
    struct {
        const char *acc, *bal, *tok;
        const char *file;
        uint64_t line;
        const char *needle;
    } bad[] = {
        {"1,0," ADR1 "," PK0 "\n", "1,1,5\n2,1,5\n", "1," TK11 ",A,1\n", "balances.csv", 3, "account 2"},
        {"1,0," ADR1 "," PK0 "\n", "1,1,5\n1,9,5\n", "1," TK11 ",A,1\n", "balances.csv", 3, "token 9"},
        {"1,0," ADR1 "," PK0 "\n1,0," ADR2 "," PK0 "\n", "1,1,5\n", "1," TK11 ",A,1\n", "accounts.csv", 3, "twice"},
        {"2,0," ADR1 "," PK0 "\n1,0," ADR2 "," PK0 "\n2,0," ADR2 "," PK0 "\n", "1,1,5\n", "1," TK11 ",A,1\n",
         "accounts.csv", 0, "twice"},
        {"1,0," ADR1 "," PK0 "\n", "1,1,5\n", "1," TK11 ",A,1\n1," TK12 ",B,1\n", "tokens.csv", 3, "twice"},
        {"1,0," ADR1 "," PK0 "\n2,0," ADR1 "," PK0 "\n",
         "1,1,115792089237316195423570985008687907853269984665640564039457584007913129639935\n2,1,1\n",
         "1," TK11 ",A,1\n", "balances.csv", 0, "overflow"},
        {"1,0," ADR1 "," PK0 "\n", "", "1," TK11 ",A,1\n", "balances.csv", 0, "no balance rows"},
        {"1,0," ADR1 "," PK0 "\n", "1,1,abc\n", "1," TK11 ",A,1\n", "balances.csv", 2, "balance"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_snapshot(bad[i].acc, bad[i].bal, bad[i].tok);
        unlink(path_in("fail.csv"));
        zks_status st = make_leaves("fail.csv", &n, &e);
        ZT_CHECK_MSG(st == ZKS_ERR_FILE_FORMAT && e.line == bad[i].line && strstr(e.file, bad[i].file) &&
                         strstr(e.message, bad[i].needle) && n == 0,
                     "leaves case %zu: status %d line %llu file '%s' '%s'", i, st, (unsigned long long)e.line,
                     e.file, e.message);
        ZT_CHECK(access(path_in("fail.csv"), F_OK) != 0);
        ZT_CHECK(count_files(".fail.csv") == 0);
    }
    /* a failure leaves an existing output untouched; a success replaces it */
    write_file("keep.csv", "old\n");
    ZT_CHECK_STATUS(make_leaves("keep.csv", &n, &e), ZKS_ERR_FILE_FORMAT);
    got = read_all(path_in("keep.csv"), NULL);
    ZT_CHECK_STR(got, "old\n");
    free(got);
    write_snapshot("1,0," ADR1 "," PK0 "\n", "1,1,5\n", "1," TK11 ",A,1\n");
    ZT_CHECK_STATUS(make_leaves("keep.csv", &n, &e), ZKS_OK);
    got = read_all(path_in("keep.csv"), NULL);
    ZT_CHECK_STR(got, "claim_index,account_address,token_address,balance\n0," ADR1 "," TK11 ",5\n");
    free(got);
    ZT_CHECK(count_files(".keep.csv") == 0);
    /* an output folder that does not exist: I/O error, nothing created */
    ZT_CHECK_STATUS(make_leaves("nodir/x.csv", &n, &e), ZKS_ERR_IO);
    ZT_CHECK(strstr(e.message, "nodir") != NULL);
    /* missing input */
    unlink(path_in("tokens.csv"));
    ZT_CHECK_STATUS(make_leaves("x.csv", &n, &e), ZKS_ERR_IO);
    ZT_CHECK(strstr(e.file, "tokens.csv") != NULL && access(path_in("x.csv"), F_OK) != 0);
    /* the final rename fails (the target is a folder): I/O error, and the temporary file is gone */
    write_snapshot("1,0," ADR1 "," PK0 "\n", "1,1,5\n", "1," TK11 ",A,1\n");
    mkdir(path_in("isdir.csv"), 0755);
    write_file("isdir.csv/inside", "x");
    ZT_CHECK_STATUS(make_leaves("isdir.csv", &n, &e), ZKS_ERR_IO);
    ZT_CHECK(strstr(e.message, "rename") != NULL);
    ZT_CHECK(count_files(".isdir.csv") == 0);
    unlink(path_in("isdir.csv/inside"));
    rmdir(path_in("isdir.csv"));
}

/* ---- proof JSON ---- */

static void test_json(void)
{
    zks_exit_tree *t = tree_of(3, 1);
    uint8_t root[32];
    ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_OK);
    zks_exit_proof p[3];
    for (size_t i = 0; i < 3; i++) ZT_CHECK_STATUS(zks_exit_tree_proof_at(t, i, &p[i]), ZKS_OK);
    zks_exit_tree_free(t);
    char *js = NULL;
    ZT_CHECK_STATUS(zks_exit_proofs_to_json(&p[1], 2, &js), ZKS_OK);
    /* serde_json::to_string_pretty of the reference's Vec<MerkleProofOutput> */
    const char *want =
        "[\n"
        "  {\n"
        "    \"claimIndex\": 1,\n"
        "    \"accountAddress\": \"0x0000000000000000000000000000000000000001\",\n"
        "    \"tokenAddress\": \"0x000000000000000000000000000000000000000c\",\n"
        "    \"balance\": \"20\",\n"
        "    \"merkleRoot\": \"0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be\",\n"
        "    \"merklePath\": [\n"
        "      \"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\",\n"
        "      \"0x305bab732e945c8f9f3f741fa8a661654fd086c00f1589d9841b241275556d06\"\n"
        "    ],\n"
        "    \"leaf\": \"0xd0b0b282685704a2c9af0d34fc9352a3a29461d3a76097ad446a387873a7468f\"\n"
        "  },\n"
        "  {\n"
        "    \"claimIndex\": 2,\n"
        "    \"accountAddress\": \"0x0000000000000000000000000000000000000002\",\n"
        "    \"tokenAddress\": \"0x000000000000000000000000000000000000000b\",\n"
        "    \"balance\": \"30\",\n"
        "    \"merkleRoot\": \"0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be\",\n"
        "    \"merklePath\": [\n"
        "      \"0x72bfa34fef371406592e7717a2c37d0297652f5c74fd07567906b63acec91175\"\n"
        "    ],\n"
        "    \"leaf\": \"0x305bab732e945c8f9f3f741fa8a661654fd086c00f1589d9841b241275556d06\"\n"
        "  }\n"
        "]";
    ZT_CHECK_STR(js, want);
    zks_exit_proof *back = NULL;
    size_t n = 0;
    ZT_CHECK_STATUS(zks_exit_proofs_from_json(js, strlen(js), &back, &n), ZKS_OK);
    ZT_CHECK(n == 2 && back != NULL && memcmp(&back[0], &p[1], sizeof p[1]) == 0 &&
             memcmp(&back[1], &p[2], sizeof p[2]) == 0);
    zks_free(back);
    zks_free(js);
    /* empty array and empty path (vector B) */
    ZT_CHECK_STATUS(zks_exit_proofs_to_json(NULL, 0, &js), ZKS_OK);
    ZT_CHECK_STR(js, "[]");
    ZT_CHECK_STATUS(zks_exit_proofs_from_json(js, strlen(js), &back, &n), ZKS_OK);
    ZT_CHECK(n == 0 && back == NULL);
    zks_free(js);
    t = tree_of(1, 1);
    ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_OK);
    ZT_CHECK_STATUS(zks_exit_tree_proof_at(t, 0, &p[0]), ZKS_OK);
    zks_exit_tree_free(t);
    ZT_CHECK_STATUS(zks_exit_proofs_to_json(p, 1, &js), ZKS_OK);
    ZT_CHECK(strstr(js, "\"merklePath\": [],\n") != NULL);
    /* one object (not an array), compact, with extra fields and uppercase hex */
    const char *one = "{\"leaf\":\"0xF3792AB62C14E9982656EA072E108E382B730C7B23773CFFA119789649D772EB\",\"x\":1,"
                      "\"claimIndex\":0,\"accountAddress\":\"0x0000000000000000000000000000000000000001\","
                      "\"tokenAddress\":\"0x000000000000000000000000000000000000000B\",\"balance\":\"10\","
                      "\"merkleRoot\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\","
                      "\"merklePath\":[]}";
    ZT_CHECK_STATUS(zks_exit_proofs_from_json(one, strlen(one), &back, &n), ZKS_OK);
    ZT_CHECK(n == 1 && memcmp(&back[0], &p[0], sizeof p[0]) == 0);
    ZT_CHECK_STATUS(zks_exit_proof_verify(&back[0], NULL), ZKS_OK);
    zks_free(back);
    zks_free(js);
    /* bad JSON */
    const char *bad[] = {
        "", "[", "{}", "[1]", "null", "\"x\"",
        "[{\"claimIndex\":-1,\"accountAddress\":\"0x0000000000000000000000000000000000000001\",\"tokenAddress\":\"0x000000000000000000000000000000000000000b\",\"balance\":\"10\",\"merkleRoot\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\",\"merklePath\":[],\"leaf\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\"}]",
        "[{\"claimIndex\":0.5,\"accountAddress\":\"0x0000000000000000000000000000000000000001\",\"tokenAddress\":\"0x000000000000000000000000000000000000000b\",\"balance\":\"10\",\"merkleRoot\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\",\"merklePath\":[],\"leaf\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\"}]",
        "[{\"claimIndex\":0,\"accountAddress\":\"0x000000000000000000000000000000000000001\",\"tokenAddress\":\"0x000000000000000000000000000000000000000b\",\"balance\":\"10\",\"merkleRoot\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\",\"merklePath\":[],\"leaf\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\"}]",
        "[{\"claimIndex\":0,\"accountAddress\":\"0x0000000000000000000000000000000000000001\",\"tokenAddress\":\"0x000000000000000000000000000000000000000b\",\"balance\":10,\"merkleRoot\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\",\"merklePath\":[],\"leaf\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\"}]",
        "[{\"claimIndex\":0,\"accountAddress\":\"0x0000000000000000000000000000000000000001\",\"tokenAddress\":\"0x000000000000000000000000000000000000000b\",\"balance\":\"10\",\"merkleRoot\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\",\"merklePath\":[\"0x12\"],\"leaf\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\"}]",
        "[{\"claimIndex\":0,\"accountAddress\":\"0x0000000000000000000000000000000000000001\",\"tokenAddress\":\"0x000000000000000000000000000000000000000b\",\"balance\":\"115792089237316195423570985008687907853269984665640564039457584007913129639936\",\"merkleRoot\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\",\"merklePath\":[],\"leaf\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\"}]",
        "[{\"claimIndex\":0,\"accountAddress\":\"0x0000000000000000000000000000000000000001\",\"tokenAddress\":\"0x000000000000000000000000000000000000000b\",\"balance\":\"10\",\"merkleRoot\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\",\"leaf\":\"0xf3792ab62c14e9982656ea072e108e382b730c7b23773cffa119789649d772eb\"}]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        back = (zks_exit_proof *)1;
        zks_status st = zks_exit_proofs_from_json(bad[i], strlen(bad[i]), &back, &n);
        ZT_CHECK_MSG(st == ZKS_ERR_JSON && back == NULL && n == 0, "bad JSON %zu: %d", i, st);
    }
    /* a path longer than the maximum */
    char *longp = malloc(200000);
    size_t k = (size_t)snprintf(longp, 200000, "{\"claimIndex\":0,\"accountAddress\":\"" ADR1 "\",\"tokenAddress\":\"" TK11
                                "\",\"balance\":\"1\",\"merkleRoot\":\"%s\",\"leaf\":\"%s\",\"merklePath\":[",
                                A_leaf[0], A_leaf[0]);
    for (int i = 0; i < 65; i++) k += (size_t)snprintf(longp + k, 200000 - k, "%s\"%s\"", i ? "," : "", A_leaf[1]);
    snprintf(longp + k, 200000 - k, "]}");
    ZT_CHECK_STATUS(zks_exit_proofs_from_json(longp, strlen(longp), &back, &n), ZKS_ERR_JSON);
    free(longp);
    zks_exit_proof q = p[0];
    snprintf(q.balance, sizeof q.balance, "1x");
    ZT_CHECK_STATUS(zks_exit_proofs_to_json(&q, 1, &js), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(js == NULL);
}

/* ---- the tool ---- */

static void test_tool(void)
{
    const char *exe = getenv("ZKS_EXIT_TOOL");
    char path[512];
    if (exe == NULL) {
        const char *b = getenv("B");
        snprintf(path, sizeof path, "%s/bin/zksync-exit", b != NULL ? b : "build");
        exe = path;
    }
    if (access(exe, X_OK) != 0) {
        ZT_SKIP("zksync-exit not built");
        return;
    }
    char cmd[2048];
    write_file("good1.csv", "%s0," ADR1 "," TK11 ",10\n1," ADR1 "," TK12 ",20\n2," ADR2 "," TK11 ",30\n", LH);
    snprintf(cmd, sizeof cmd, "%s calculate-root-for-keccak-tree %s > %s 2>/dev/null", exe, path_in("good1.csv"),
             path_in("root.txt"));
    ZT_CHECK(system(cmd) == 0);
    char *out = read_all(path_in("root.txt"), NULL);
    ZT_CHECK(out != NULL && strstr(out, "Calculated Keccak Merkle tree root: "
                                        "0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be\n"));
    free(out);
    snprintf(cmd, sizeof cmd, "%s create-proof --account " ADR1 " --tokens " TK12 " %s > %s 2>/dev/null", exe,
             path_in("good1.csv"), path_in("proof.txt"));
    ZT_CHECK(system(cmd) == 0);
    out = read_all(path_in("proof.txt"), NULL);
    ZT_CHECK(out != NULL && strncmp(out, "Exit tree generator tool\nCreating Merkle proof for account " ADR1
                                         " and tokens [" TK12 "] from leaves file: ", 110) == 0);
    ZT_CHECK(out != NULL && strstr(out, "\n[\n  {\n    \"claimIndex\": 1,\n") != NULL);
    free(out);
    snprintf(cmd, sizeof cmd, "%s verify-proof %s > /dev/null", exe, path_in("proof.txt"));
    ZT_CHECK(system(cmd) == 0);
    /* exit codes: not found 6, format 4, usage 2 */
    snprintf(cmd, sizeof cmd, "%s create-proof --account " ADR2 " --tokens " TK12 " %s > /dev/null 2>&1", exe,
             path_in("good1.csv"));
    ZT_CHECK(WEXITSTATUS(system(cmd)) == 6);
    snprintf(cmd, sizeof cmd, "%s calculate-root-for-keccak-tree %s > /dev/null 2>&1", exe, path_in("gap.csv"));
    ZT_CHECK(WEXITSTATUS(system(cmd)) == 4);
    snprintf(cmd, sizeof cmd, "%s create-proof --tokens " TK12 " > /dev/null 2>&1", exe);
    ZT_CHECK(WEXITSTATUS(system(cmd)) == 2);
    snprintf(cmd, sizeof cmd, "%s calculate-root-for-keccak-tree %s > /dev/null 2>&1", exe, path_in("nofile.csv"));
    ZT_CHECK(WEXITSTATUS(system(cmd)) == 3);
}

/* ---- the batched file pass (lib/exit/tree.c: batches of 256, eight hashes at once) ---- */

/* Decimal text of a 32-byte big-endian value, by repeated division (independent of lib/). */
static void dec_of(char out[80], const uint8_t be[32])
{
    uint8_t v[32];
    memcpy(v, be, 32);
    char t[80];
    int n = 0;
    for (;;) {
        unsigned rem = 0;
        int nz = 0;
        for (int i = 0; i < 32; i++) {
            unsigned cur = rem * 256 + v[i];
            v[i] = (uint8_t)(cur / 10);
            rem = cur % 10;
            nz |= v[i];
        }
        t[n++] = (char)('0' + rem);
        if (!nz) break;
    }
    for (int i = 0; i < n; i++) out[i] = t[n - 1 - i];
    out[n] = '\0';
}

static void hex_addr(char out[43], const uint8_t a[20])
{
    static const char d[] = "0123456789abcdef";
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < 20; i++) {
        out[2 + 2 * i] = d[a[i] >> 4];
        out[3 + 2 * i] = d[a[i] & 15];
    }
    out[42] = '\0';
}

/* Leaves first..first+n-1 written to name; amounts of every size (0, < 2^64, about 2^128, near 2^256). */
static void write_leaves(const char *name, size_t first, size_t n, uint8_t (*acc)[20], uint8_t (*tok)[20],
                         uint8_t (*amt)[32])
{
    FILE *f = fopen(path_in(name), "wb");
    if (f == NULL) abort();
    fputs(LH, f);
    for (size_t i = first; i < first + n; i++) {
        char a[43], t[43], d[80];
        hex_addr(a, acc[i]);
        hex_addr(t, tok[i]);
        dec_of(d, amt[i]);
        fprintf(f, "%zu,%s,%s,%s%s", i, a, t, d, i % 5 == 4 ? "\r\n" : "\n");
    }
    fclose(f);
}

static void test_file_batches(void)
{
    static const size_t sizes[] = {1, 7, 8, 9, 255, 256, 257, 511, 512, 513, 767, 768, 1024, 1025, 1536, 2047};
    int nsizes = (int)(sizeof sizes / sizeof sizes[0]);
    int iters = zt_iters(nsizes + 8, nsizes);
    for (int it = 0; it < iters; it++) {
        size_t n = it < nsizes ? sizes[it] : 1 + (size_t)(zt_rand64() % 3000);
        uint8_t(*acc)[20] = malloc(n * 20), (*tok)[20] = malloc(n * 20), (*amt)[32] = malloc(n * 32),
                (*lh)[32] = malloc(n * 32);
        for (size_t i = 0; i < n; i++) {
            addr_n(acc[i], 1 + i / 2); /* two tokens per account, in bytewise order */
            acc[i][0] = 0x80;
            addr_n(tok[i], i % 2 ? 0x1234 : 0);
            memset(amt[i], 0, 32);
            switch (zt_rand64() % 4) {
            case 0: break;
            case 1: zt_rand_bytes(amt[i] + 24, 8); break;
            case 2: zt_rand_bytes(amt[i] + 16, 16); break;
            default: zt_rand_bytes(amt[i], 32); break;
            }
        }
        for (size_t i = 0; i < n; i++) leaf_ref(i, acc[i], tok[i], amt[i], lh[i]);
        uint8_t want_root[32], path[64][32], root[32];
        uint32_t plen;
        full_tree((const uint8_t(*)[32])lh, n, 0, want_root, path, &plen);

        /* the root alone (full batches as subtrees) */
        write_leaves("batch.csv", 0, n, acc, tok, amt);
        uint64_t count = 0;
        zks_exit_error e;
        ZT_CHECK_STATUS(zks_exit_root_file(path_in("batch.csv"), NULL, NULL, root, &count, &e), ZKS_OK);
        ZT_CHECK_MSG(count == n && memcmp(root, want_root, 32) == 0, "root of %zu leaves from a file", n);

        /* with requests spread over the file: some batches go leaf by leaf */
        zks_exit_tree *t;
        ZT_CHECK_STATUS(zks_exit_tree_new(&t), ZKS_OK);
        unsigned char *want = calloc(n, 1);
        size_t nreq = 1 + zt_rand64() % 6;
        for (size_t q = 0; q < nreq; q++) {
            size_t i = (size_t)(zt_rand64() % n);
            int by_account = zt_rand64() % 2;
            ZT_CHECK_STATUS(zks_exit_tree_request(t, acc[i], by_account ? NULL : tok[i]), ZKS_OK);
            for (size_t k = 0; k < n; k++)
                if (memcmp(acc[k], acc[i], 20) == 0 && (by_account || memcmp(tok[k], tok[i], 20) == 0)) want[k] = 1;
        }
        ZT_CHECK_STATUS(zks_exit_tree_add_file(t, path_in("batch.csv"), NULL, NULL, &e), ZKS_OK);
        ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_OK);
        ZT_CHECK(memcmp(root, want_root, 32) == 0);
        int ok = 1;
        size_t got = 0, expect = 0;
        for (size_t i = 0; i < n; i++) expect += want[i];
        ok &= zks_exit_tree_proof_count(t, &got) == ZKS_OK && got == expect;
        for (size_t i = 0; i < n && ok; i++) {
            if (!want[i]) continue;
            uint8_t r2[32];
            full_tree((const uint8_t(*)[32])lh, n, i, r2, path, &plen);
            zks_exit_proof p;
            ok &= zks_exit_tree_proof_find(t, acc[i], tok[i], &p) == ZKS_OK;
            ok &= p.claim_index == i && p.path_len == plen && memcmp(p.path, path, 32 * (size_t)plen) == 0;
            ok &= memcmp(p.amount, amt[i], 32) == 0 && memcmp(p.leaf, lh[i], 32) == 0;
            char d[80];
            dec_of(d, amt[i]);
            ok &= strcmp(p.balance, d) == 0;
            ok &= zks_exit_proof_verify(&p, root) == ZKS_OK;
        }
        ZT_CHECK_MSG(ok, "proofs of %zu requested leaves among %zu from a file", expect, n);
        zks_exit_tree_free(t);

        /* a file that starts after leaves added one by one (batches not aligned to the file) */
        size_t k0 = 1 + (size_t)(zt_rand64() % (n < 300 ? n : 300));
        if (k0 < n) {
            ZT_CHECK_STATUS(zks_exit_tree_new(&t), ZKS_OK);
            for (size_t i = 0; i < k0; i++) ZT_CHECK_STATUS(zks_exit_tree_add(t, i, acc[i], tok[i], amt[i], NULL), ZKS_OK);
            write_leaves("batch2.csv", k0, n - k0, acc, tok, amt);
            ZT_CHECK_STATUS(zks_exit_tree_add_file(t, path_in("batch2.csv"), NULL, NULL, &e), ZKS_OK);
            ZT_CHECK_STATUS(zks_exit_tree_root(t, root), ZKS_OK);
            ZT_CHECK_MSG(memcmp(root, want_root, 32) == 0, "%zu leaves one by one, then %zu from a file", k0, n - k0);
            zks_exit_tree_free(t);
        }
        free(want);
        free(acc);
        free(tok);
        free(amt);
        free(lh);
    }

    /* errors inside a batch name their line; the leaves before them were added */
    {
        size_t n = 700;
        uint8_t(*acc)[20] = calloc(n, 20), (*tok)[20] = calloc(n, 20), (*amt)[32] = calloc(n, 32);
        for (size_t i = 0; i < n; i++) addr_n(acc[i], 100 + i), addr_n(tok[i], 7), amt[i][31] = (uint8_t)i;
        /* the same requested (account, token) at claim_index 300 and 301: line 303 */
        memcpy(acc[301], acc[300], 20);
        write_leaves("dup.csv", 0, n, acc, tok, amt);
        zks_exit_tree *t;
        zks_exit_error e;
        ZT_CHECK_STATUS(zks_exit_tree_new(&t), ZKS_OK);
        ZT_CHECK_STATUS(zks_exit_tree_request(t, acc[300], tok[300]), ZKS_OK);
        ZT_CHECK_STATUS(zks_exit_tree_add_file(t, path_in("dup.csv"), NULL, NULL, &e), ZKS_ERR_FILE_FORMAT);
        ZT_CHECK_MSG(e.line == 303 && strstr(e.message, "second leaf") != NULL, "duplicate: %s", e.message);
        uint64_t cnt = 0;
        ZT_CHECK_STATUS(zks_exit_tree_leaf_count(t, &cnt), ZKS_OK);
        ZT_CHECK(cnt == 301);
        zks_exit_tree_free(t);
        /* a bad amount at claim_index 600 (line 602): 600 leaves are in */
        memcpy(acc[301], acc[302], 20);
        acc[301][19]--;
        write_leaves("bad.csv", 0, 600, acc, tok, amt);
        FILE *f = fopen(path_in("bad.csv"), "ab");
        fputs("600,0x0000000000000000000000000000000000000001,0x0000000000000000000000000000000000000007,12x\n", f);
        fclose(f);
        ZT_CHECK_STATUS(zks_exit_tree_new(&t), ZKS_OK);
        ZT_CHECK_STATUS(zks_exit_tree_add_file(t, path_in("bad.csv"), NULL, NULL, &e), ZKS_ERR_FILE_FORMAT);
        ZT_CHECK_MSG(e.line == 602, "bad amount: %s", e.message);
        ZT_CHECK_STATUS(zks_exit_tree_leaf_count(t, &cnt), ZKS_OK);
        ZT_CHECK(cnt == 600);
        zks_exit_tree_free(t);
        free(acc);
        free(tok);
        free(amt);
    }
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/zks-exit-tree.XXXXXX");
    if (mkdtemp(dir) == NULL) return 1;
    test_vectors();
    test_verify_negative();
    test_streaming_vs_full();
    test_file_batches();
    test_leaves_reader();
    test_other_readers();
    test_create_leaves();
    test_json();
    test_tool();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    ZT_END();
}
