/* The Rescue state root from the snapshot (lib/exit/state_tree.c): the
 * published roots, the upstream sparse-Merkle-tree vectors, a differential
 * run against the JavaScript model (tests/devnet/lib/state_root.js through
 * the oracle), bad inputs with their lines, order and thread independence,
 * and the checkpoint. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "oracle.h"
#include "zksync.h"
#include "crypto/fr.h"
#include "crypto/rescue.h"
#include "exit/state_tree.h"

static char g_dir[64];

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    buf[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) abort();
    fputs(text, f);
    fclose(f);
}

static void path_in(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", g_dir, name);
}

/* A small state as rows plus its CSV text. */
typedef struct state {
    zks_state_account acc[64];
    size_t na;
    zks_state_balance bal[160];
    char bal_txt[160][48];
    size_t nb;
} state;

static void hex20(char out[41], const uint8_t b[20])
{
    zt_hex(out, b, 20);
}

/* CSV text of the state; order[] permutes rows when non-NULL; columns are in
 * the given layout (0: header order of the spec, 1: shuffled with an extra). */
static void state_csv(const state *s, int shuffle, int layout, char *acc_out, size_t acap, char *bal_out,
                      size_t bcap)
{
    size_t ia[64], ib[160];
    for (size_t i = 0; i < s->na; i++) ia[i] = i;
    for (size_t i = 0; i < s->nb; i++) ib[i] = i;
    if (shuffle) {
        for (size_t i = s->na; i > 1; i--) {
            size_t j = zt_rand64() % i, t = ia[i - 1];
            ia[i - 1] = ia[j];
            ia[j] = t;
        }
        for (size_t i = s->nb; i > 1; i--) {
            size_t j = zt_rand64() % i, t = ib[i - 1];
            ib[i - 1] = ib[j];
            ib[j] = t;
        }
    }
    size_t o = 0;
    o += (size_t)snprintf(acc_out + o, acap - o, layout ? "pubkey_hash,extra,address,nonce,id\n" : "id,nonce,address,pubkey_hash\n");
    for (size_t k = 0; k < s->na; k++) {
        const zks_state_account *a = &s->acc[ia[k]];
        char ad[41], pk[41];
        hex20(ad, a->address);
        hex20(pk, a->pubkey_hash);
        if (layout)
            o += (size_t)snprintf(acc_out + o, acap - o, "sync:%s,\"x,y\",0x%s,%u,%u\n", pk, ad, a->nonce, a->id);
        else
            o += (size_t)snprintf(acc_out + o, acap - o, "%u,%u,0x%s,0x%s\n", a->id, a->nonce, ad, pk);
    }
    o = 0;
    o += (size_t)snprintf(bal_out + o, bcap - o, layout ? "balance,coin_id,account_id\n" : "account_id,coin_id,balance\n");
    for (size_t k = 0; k < s->nb; k++) {
        const zks_state_balance *b = &s->bal[ib[k]];
        if (layout)
            o += (size_t)snprintf(bal_out + o, bcap - o, "%s,%u,%u\n", s->bal_txt[ib[k]], b->token_id, b->account_id);
        else
            o += (size_t)snprintf(bal_out + o, bcap - o, "%u,%u,%s\n", b->account_id, b->token_id, s->bal_txt[ib[k]]);
    }
}

/* u128 big-endian bytes to decimal text. */
static void u128_dec(char out[48], const uint8_t be[16])
{
    unsigned __int128 v = 0;
    for (int i = 0; i < 16; i++) v = v << 8 | be[i];
    char tmp[48];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v != 0);
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static void add_balance(state *s, uint32_t acc, uint32_t tok, const char *dec)
{
    zks_state_balance *b = &s->bal[s->nb];
    memset(b, 0, sizeof *b);
    b->account_id = acc;
    b->token_id = tok;
    unsigned __int128 v = 0;
    for (const char *p = dec; *p; p++) v = v * 10 + (unsigned)(*p - '0');
    for (int i = 15; i >= 0; i--) {
        b->balance[i] = (uint8_t)v;
        v >>= 8;
    }
    snprintf(s->bal_txt[s->nb], sizeof s->bal_txt[0], "%s", dec);
    s->nb++;
}

static zks_status root_of_text(const char *acc, const char *bal, const zks_state_options *o, uint8_t root[32],
                               zks_exit_error *err)
{
    char pa[128], pb[128];
    path_in(pa, sizeof pa, "accounts.csv");
    path_in(pb, sizeof pb, "balances.csv");
    write_file(pa, acc);
    write_file(pb, bal);
    return zks_state_root_files(pa, pb, o, root, err);
}

/* ---- the published roots ---- */

static int load_sample(state *s)
{
    /* zt_shared_path returns a static buffer: read each file before the next lookup */
    const char *pa = zt_shared_path("vectors/zksync-state-root/sample_accounts.json");
    char *ta = pa != NULL ? read_all(pa, NULL) : NULL;
    const char *pb = zt_shared_path("vectors/zksync-state-root/sample_balances.json");
    char *tb = pb != NULL ? read_all(pb, NULL) : NULL;
    if (ta == NULL || tb == NULL) {
        free(ta);
        free(tb);
        return -1;
    }
    cJSON *ja = ta ? cJSON_Parse(ta) : NULL, *jb = tb ? cJSON_Parse(tb) : NULL;
    free(ta);
    free(tb);
    if (ja == NULL || jb == NULL) {
        cJSON_Delete(ja);
        cJSON_Delete(jb);
        return -1;
    }
    memset(s, 0, sizeof *s);
    cJSON *it;
    cJSON_ArrayForEach(it, ja)
    {
        zks_state_account *a = &s->acc[s->na++];
        a->id = (uint32_t)cJSON_GetObjectItem(it, "id")->valuedouble;
        a->nonce = (uint32_t)cJSON_GetObjectItem(it, "nonce")->valuedouble;
        /* Postgres bytea text: "\x" + 40 hex */
        zt_unhex(a->address, 20, cJSON_GetObjectItem(it, "address")->valuestring + 2);
        zt_unhex(a->pubkey_hash, 20, cJSON_GetObjectItem(it, "pubkey_hash")->valuestring + 2);
    }
    cJSON_ArrayForEach(it, jb)
    {
        add_balance(s, (uint32_t)cJSON_GetObjectItem(it, "account_id")->valuedouble,
                    (uint32_t)cJSON_GetObjectItem(it, "coin_id")->valuedouble,
                    cJSON_GetObjectItem(it, "balance")->valuestring);
    }
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    return 0;
}

static char g_acc[1 << 16], g_bal[1 << 16];

static void check_root_both(const state *s, uint32_t depth, const char *want, const char *what)
{
    zks_state_options o;
    uint8_t root[32];
    zks_exit_error err;
    ZT_CHECK_STATUS(zks_state_options_init(&o), ZKS_OK);
    o.balance_depth = depth;
    ZT_CHECK_STATUS(zks_state_root_rows(s->acc, s->na, s->bal, s->nb, &o, root, &err), ZKS_OK);
    ZT_CHECK_MSG(zt_check_hex(root, 32, want, what, __FILE__, __LINE__), "%s (rows)", what);
    for (int layout = 0; layout < 2; layout++) {
        state_csv(s, layout, layout, g_acc, sizeof g_acc, g_bal, sizeof g_bal);
        o.threads = layout ? 2 : 1;
        ZT_CHECK_STATUS(root_of_text(g_acc, g_bal, &o, root, &err), ZKS_OK);
        ZT_CHECK_MSG(zt_check_hex(root, 32, want, what, __FILE__, __LINE__), "%s (files, layout %d): %s", what,
                     layout, err.message);
    }
}

static void test_published(void)
{
    state *s = calloc(1, sizeof *s);
    if (load_sample(s) != 0) {
        ZT_SKIP("vectors/zksync-state-root absent");
        free(s);
        return;
    }
    ZT_CHECK(s->na == 18 && s->nb == 21);
    check_root_both(s, 11, "2bd61f42837c0fa77fc113b3b341c520edb1ffadefc48c2b907901aaaf42b906", "sample depth 11");
    /* plus the NFT storage account */
    zks_state_account *n = &s->acc[s->na++];
    memset(n, 0, sizeof *n);
    n->id = 16777215;
    memset(n->address, 0xff, 20);
    add_balance(s, 16777215, 2147483646, "65536");
    check_root_both(s, 32, "2a9b50e17ece607c8c88b1833426fd9e60332685b94a1534fcf26948e373604c", "sample + NFT account");
    /* dev genesis */
    memset(s, 0, sizeof *s);
    s->na = 1;
    zt_unhex(s->acc[0].address, 20, "de03a0b5963f75f1c8485b355ff6d30f3093bde7");
    check_root_both(s, 11, "29b5353c8f72f2050e597f25050c12653fe92c11997b79cb35cb3ac4644c20c6", "dev genesis");
    free(s);
}

/* ---- upstream sparse-Merkle-tree vectors ---- */

static void fr_be(uint8_t out[32], const zki_fr *a)
{
    uint8_t le[32];
    zki_fr_to_bytes_le(le, a);
    for (int i = 0; i < 32; i++) out[i] = le[31 - i];
}

/* leaf = hash_bits of the 16 low bits of (value + 1), least significant first */
static void smt_leaf(uint8_t out[32], uint64_t value)
{
    zki_fr v, h;
    zki_fr_set_u64(&v, (value + 1) & 0xffff);
    zki_rescue_sponge(&v, 1, &h, 1);
    fr_be(out, &h);
}

static void test_smt(void)
{
    const char *p = zt_shared_path("vectors/zksync-smt/vectors.json");
    char *t = p != NULL ? read_all(p, NULL) : NULL;
    const char *pb = zt_shared_path("vectors/zksync-smt/big_test.json");
    char pbig[512];
    snprintf(pbig, sizeof pbig, "%s", pb != NULL ? pb : "");
    if (t == NULL || pb == NULL) {
        free(t);
        ZT_SKIP("vectors/zksync-smt absent");
        return;
    }
    cJSON *j = t ? cJSON_Parse(t) : NULL;
    const char *raw = t;
    size_t raw_off = 0;
    char *bigraw = NULL;
    ZT_CHECK(j != NULL);
    if (j == NULL) {
        free(t);
        return;
    }
    uint8_t leaf0[32], root[32];
    smt_leaf(leaf0, 0);
    cJSON *c;
    int cases = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(j, "cases"))
    {
        unsigned depth = (unsigned)cJSON_GetObjectItem(c, "depth")->valuedouble;
        cJSON *els = cJSON_GetObjectItem(c, "elements");
        cJSON *roots = cJSON_GetObjectItem(c, "roots_after_each_insert");
        const char *want_root = NULL;
        char *bigtxt = NULL;
        cJSON *big = NULL;
        if (els == NULL) {
            bigtxt = read_all(pbig, NULL);
            big = bigtxt ? cJSON_Parse(bigtxt) : NULL;
            bigraw = bigtxt;
            if (big == NULL) {
                ZT_CHECK(big != NULL);
                continue;
            }
            els = cJSON_GetObjectItem(big, "elements");
            want_root = cJSON_GetObjectItem(c, "root")->valuestring;
        }
        int n = cJSON_GetArraySize(els);
        uint64_t *vals = calloc((size_t)n + 1, sizeof *vals);
        const char *q = strstr(big != NULL ? bigraw : raw + raw_off, "\"elements\"");
        if (q != NULL && big == NULL) raw_off = (size_t)(q - raw) + 1;
        q = q != NULL ? strchr(q, '[') : NULL;
        for (int i = 0; i < n && q != NULL; i++) {
            char *end;
            vals[i] = strtoull(q + 1, &end, 10);
            q = strchr(end, i + 1 < n ? ',' : ']');
        }
        ZT_CHECK(q != NULL);
        uint32_t *idx = calloc((size_t)n + 1, sizeof *idx);
        uint8_t(*lv)[32] = calloc((size_t)n + 1, 32);
        for (int i = 0; i < n; i++) {
            idx[i] = (uint32_t)i;
            /* u64 values beyond 2^53 lose precision as doubles: read them from the text */
            smt_leaf(lv[i], vals[i]);
            if (roots != NULL) {
                ZT_CHECK(zki_state_sparse_root(idx, (const uint8_t(*)[32])lv, (size_t)i + 1, depth, leaf0, root) == 0);
                ZT_CHECK_MSG(zt_check_hex(root, 32, cJSON_GetArrayItem(roots, i)->valuestring, "smt root", __FILE__,
                                          __LINE__),
                             "%s after insert %d", cJSON_GetObjectItem(c, "name")->valuestring, i);
            }
        }
        if (want_root != NULL) {
            ZT_CHECK(zki_state_sparse_root(idx, (const uint8_t(*)[32])lv, (size_t)n, depth, leaf0, root) == 0);
            ZT_CHECK_HEX(root, 32, want_root);
        }
        free(idx);
        free(lv);
        free(vals);
        free(bigraw);
        bigraw = NULL;
        cJSON_Delete(big);
        cases++;
    }
    ZT_CHECK(cases == 3);
    cJSON_Delete(j);
    free(t);
}

/* ---- random states: JS model, order, threads, blocks ---- */

static void random_state(state *s, int na, int nb_max, uint32_t tok_mask)
{
    memset(s, 0, sizeof *s);
    uint32_t ids[64];
    for (int i = 0; i < na; i++) {
        uint32_t id;
        int again;
        do {
            uint64_t r = zt_rand64();
            id = (r & 3) == 0 ? (uint32_t)(r >> 8) : (uint32_t)((r >> 8) % 40); /* mostly small, some anywhere */
            if ((r & 15) == 1) id = 16777215;
            again = 0;
            for (int k = 0; k < i; k++) again |= ids[k] == id;
        } while (again);
        ids[i] = id;
        zks_state_account *a = &s->acc[s->na++];
        a->id = id;
        a->nonce = (zt_rand64() & 1) ? (uint32_t)zt_rand64() : 0;
        zt_rand_bytes(a->address, 20);
        if (zt_rand64() & 1) zt_rand_bytes(a->pubkey_hash, 20);
    }
    for (int i = 0; i < nb_max && na > 0; i++) {
        uint32_t acc = ids[zt_rand64() % (uint64_t)na];
        uint64_t r = zt_rand64();
        uint32_t tok = ((r & 3) == 0 ? (uint32_t)(r >> 8) : (uint32_t)((r >> 8) % 6)) & tok_mask;
        int dup = 0;
        for (size_t k = 0; k < s->nb; k++) dup |= s->bal[k].account_id == acc && s->bal[k].token_id == tok;
        if (dup) continue;
        uint8_t be[16] = {0};
        switch (zt_rand64() % 4) {
        case 0: break; /* zero balance */
        case 1: be[15] = (uint8_t)(1 + zt_rand64() % 200); break;
        case 2: zt_rand_bytes(be + 4, 12); break;
        default: memset(be, 0xff, 16); break; /* 2^128 - 1 */
        }
        char dec[48];
        u128_dec(dec, be);
        add_balance(s, acc, tok, dec);
    }
}

static char *state_json(const state *s, unsigned depth)
{
    cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "accounts"),
          *b = cJSON_AddArrayToObject(o, "balances");
    cJSON_AddStringToObject(o, "op", "state_root");
    cJSON_AddNumberToObject(o, "depth", depth);
    for (size_t i = 0; i < s->na; i++) {
        char hx[48];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "id", s->acc[i].id);
        cJSON_AddNumberToObject(e, "nonce", s->acc[i].nonce);
        strcpy(hx, "0x");
        hex20(hx + 2, s->acc[i].address);
        cJSON_AddStringToObject(e, "address", hx);
        strcpy(hx, "sync:");
        hex20(hx + 5, s->acc[i].pubkey_hash);
        cJSON_AddStringToObject(e, "pubkeyHash", hx);
        cJSON_AddItemToArray(a, e);
    }
    for (size_t i = 0; i < s->nb; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "accountId", s->bal[i].account_id);
        cJSON_AddNumberToObject(e, "tokenId", s->bal[i].token_id);
        cJSON_AddStringToObject(e, "balance", s->bal_txt[i]);
        cJSON_AddItemToArray(b, e);
    }
    char *txt = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return txt;
}

static void test_random(void)
{
    int have_oracle = zo_start() == 0;
    ZT_CHECK_MSG(have_oracle, "the oracle (node + tests/oracle npm packages) is required");
    int n = zt_iters(6, 1); /* valgrind: one state of depth 32 */
    state *s = calloc(1, sizeof *s);
    for (int it = 0; it < n; it++) {
        unsigned depth = it % 3 == 2 ? 11 : 32;
        random_state(s, 1 + (int)(zt_rand64() % 5), (int)(zt_rand64() % 9), depth == 32 ? UINT32_MAX : 0x7ff);
        zks_state_options o;
        uint8_t r_rows[32], r_files[32], r_shuf[32];
        zks_exit_error err;
        ZT_CHECK_STATUS(zks_state_options_init(&o), ZKS_OK);
        o.balance_depth = depth;
        ZT_CHECK_STATUS(zks_state_root_rows(s->acc, s->na, s->bal, s->nb, &o, r_rows, &err), ZKS_OK);
        /* sorted (stream) and shuffled (load and sort), one and two threads, several block widths */
        zki_state_set_block_bits(it % 2 ? 3 : 16);
        state_csv(s, 0, 0, g_acc, sizeof g_acc, g_bal, sizeof g_bal);
        ZT_CHECK_STATUS(root_of_text(g_acc, g_bal, &o, r_files, &err), ZKS_OK);
        state_csv(s, 1, it % 2, g_acc, sizeof g_acc, g_bal, sizeof g_bal);
        o.threads = 2;
        ZT_CHECK_STATUS(root_of_text(g_acc, g_bal, &o, r_shuf, &err), ZKS_OK);
        zki_state_set_block_bits(16);
        ZT_CHECK(memcmp(r_rows, r_files, 32) == 0);
        ZT_CHECK(memcmp(r_rows, r_shuf, 32) == 0);
        if (have_oracle) {
            char *req = state_json(s, depth);
            zo_send(req);
            free(req);
            cJSON *rep = zo_recv();
            const char *want = zo_ok_str(rep);
            ZT_CHECK_MSG(want != NULL, "oracle state_root failed");
            if (want != NULL) ZT_CHECK_HEX(r_rows, 32, want);
            cJSON_Delete(rep);
        }
    }
    free(s);
    if (have_oracle) zo_stop();
}

/* sorted and unsorted inputs over many blocks, more rows */
static void test_order(void)
{
    state *s = calloc(1, sizeof *s);
    random_state(s, 40, 120, 0xff);
    uint8_t a[32], b[32], c[32];
    zks_exit_error err;
    zks_state_options o;
    ZT_CHECK_STATUS(zks_state_options_init(&o), ZKS_OK);
    o.balance_depth = 8;
    zki_state_set_block_bits(2);
    /* sorted by account id: build it from a sorted copy */
    state *t = calloc(1, sizeof *t);
    *t = *s;
    for (size_t i = 0; i < t->na; i++)
        for (size_t j = i + 1; j < t->na; j++)
            if (t->acc[j].id < t->acc[i].id) {
                zks_state_account x = t->acc[i];
                t->acc[i] = t->acc[j];
                t->acc[j] = x;
            }
    for (size_t i = 0; i < t->nb; i++)
        for (size_t j = i + 1; j < t->nb; j++)
            if (t->bal[j].account_id < t->bal[i].account_id) {
                zks_state_balance x = t->bal[i];
                t->bal[i] = t->bal[j];
                t->bal[j] = x;
                char tx[48];
                memcpy(tx, t->bal_txt[i], 48);
                memcpy(t->bal_txt[i], t->bal_txt[j], 48);
                memcpy(t->bal_txt[j], tx, 48);
            }
    state_csv(t, 0, 0, g_acc, sizeof g_acc, g_bal, sizeof g_bal);
    ZT_CHECK_STATUS(root_of_text(g_acc, g_bal, &o, a, &err), ZKS_OK);
    state_csv(s, 1, 1, g_acc, sizeof g_acc, g_bal, sizeof g_bal);
    o.threads = 2;
    ZT_CHECK_STATUS(root_of_text(g_acc, g_bal, &o, b, &err), ZKS_OK);
    zki_state_set_block_bits(16);
    ZT_CHECK_STATUS(zks_state_root_rows(s->acc, s->na, s->bal, s->nb, &o, c, &err), ZKS_OK);
    ZT_CHECK(memcmp(a, b, 32) == 0);
    ZT_CHECK(memcmp(a, c, 32) == 0);
    ZT_CHECK(!zt_all_zero(a, 32));
    free(t);
    free(s);
}

/* ---- bad inputs ---- */

static void bad(const char *acc, const char *bal, zks_status want, const char *file_end, uint64_t line,
                const char *msg_part)
{
    uint8_t root[32];
    zks_exit_error err;
    memset(root, 0xaa, 32);
    zks_status st = root_of_text(acc, bal, NULL, root, &err);
    ZT_CHECK_STATUS(st, want);
    ZT_CHECK(zt_all_zero(root, 32));
    size_t fl = strlen(err.file), el = strlen(file_end);
    ZT_CHECK_MSG(fl >= el && strcmp(err.file + fl - el, file_end) == 0, "file %s, want *%s", err.file, file_end);
    ZT_CHECK_MSG(err.line == line, "line %llu, want %llu (%s)", (unsigned long long)err.line,
                 (unsigned long long)line, err.message);
    if (msg_part) ZT_CHECK_MSG(strstr(err.message, msg_part) != NULL, "message '%s' lacks '%s'", err.message, msg_part);
}

#define ACC_H "id,nonce,address,pubkey_hash\n"
#define BAL_H "account_id,coin_id,balance\n"
#define A1 "1,0,0x1111111111111111111111111111111111111111,sync:0000000000000000000000000000000000000000\n"
#define A2 "2,5,0x2222222222222222222222222222222222222222,0x0000000000000000000000000000000000000001\n"
#define A7 "7,5,0x7777777777777777777777777777777777777777,0x0000000000000000000000000000000000000007\n"

static void test_bad(void)
{
    /* duplicate account id, sorted and unsorted */
    bad(ACC_H A1 A2 A2, BAL_H "1,0,5\n", ZKS_ERR_FILE_FORMAT, "accounts.csv", 4, "first at line 3");
    bad(ACC_H A2 A1 A7 A2, BAL_H "1,0,5\n", ZKS_ERR_FILE_FORMAT, "accounts.csv", 5, "first at line 2");
    /* duplicate balance row (zero too) */
    bad(ACC_H A1 A2, BAL_H "1,0,5\n2,3,1\n1,0,0\n", ZKS_ERR_FILE_FORMAT, "balances.csv", 4, "first at line 2");
    bad(ACC_H A2 A1, BAL_H "2,3,1\n1,0,5\n2,3,9\n", ZKS_ERR_FILE_FORMAT, "balances.csv", 4, "first at line 2");
    /* balance >= 2^128 */
    bad(ACC_H A1, BAL_H "1,0,5\n1,1,340282366920938463463374607431768211456\n", ZKS_ERR_FILE_FORMAT, "balances.csv",
        3, "2^128");
    /* unknown account: sorted, in between, unsorted */
    bad(ACC_H A1 A7, BAL_H "1,0,5\n2,0,1\n7,0,1\n", ZKS_ERR_FILE_FORMAT, "balances.csv", 3, "account id 2");
    bad(ACC_H A7 A1, BAL_H "7,0,1\n1,0,5\n9,0,1\n3,0,1\n", ZKS_ERR_FILE_FORMAT, "balances.csv", 4, "account id 9");
    /* account id above 2^32-1 */
    bad(ACC_H "4294967296,0,0x1111111111111111111111111111111111111111,0x0000000000000000000000000000000000000000\n",
        BAL_H, ZKS_ERR_FILE_FORMAT, "accounts.csv", 2, NULL);
    /* the reader's own refusals come through with their line */
    bad(ACC_H A1 "2,0,0x12,0x0000000000000000000000000000000000000000\n", BAL_H, ZKS_ERR_FILE_FORMAT, "accounts.csv",
        3, NULL);
    bad(ACC_H A1, BAL_H "1,0,12a\n", ZKS_ERR_FILE_FORMAT, "balances.csv", 2, NULL);
    bad(ACC_H A1, "account_id,balance\n1,5\n", ZKS_ERR_FILE_FORMAT, "balances.csv", 1, NULL);
    /* missing file */
    uint8_t root[32];
    zks_exit_error err;
    ZT_CHECK_STATUS(zks_state_root_files("/nonexistent/a.csv", "/nonexistent/b.csv", NULL, root, &err), ZKS_ERR_IO);
    /* arguments */
    zks_state_options o;
    ZT_CHECK_STATUS(zks_state_options_init(NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_state_options_init(&o), ZKS_OK);
    o.balance_depth = 33;
    ZT_CHECK_STATUS(zks_state_root_rows(NULL, 0, NULL, 0, &o, root, &err), ZKS_ERR_INVALID_ARG);
    o.balance_depth = 0;
    o.threads = ZKS_STATE_MAX_THREADS + 1;
    ZT_CHECK_STATUS(zks_state_root_rows(NULL, 0, NULL, 0, &o, root, &err), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_state_root_rows(NULL, 1, NULL, 0, NULL, root, &err), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_state_root_files(NULL, "b", NULL, root, &err), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_state_root_files("a", "b", NULL, NULL, &err), ZKS_ERR_INVALID_ARG);
    /* rows: duplicates and unknown accounts, with the row index */
    zks_state_account acc[2] = {{.id = 3}, {.id = 3}};
    zks_state_balance bal[2] = {{.account_id = 3, .token_id = 1}, {.account_id = 4}};
    ZT_CHECK_STATUS(zks_state_root_rows(acc, 2, NULL, 0, NULL, root, &err), ZKS_ERR_FILE_FORMAT);
    ZT_CHECK(err.line == 2);
    ZT_CHECK_STATUS(zks_state_root_rows(acc, 1, bal, 2, NULL, root, &err), ZKS_ERR_FILE_FORMAT);
    ZT_CHECK(err.line == 2 && strcmp(err.file, "balances") == 0);
    /* the empty state: the empty tree's root, and the hex form */
    char hx[ZKS_HASH_HEX_CHARS + 1];
    uint8_t r2[32];
    ZT_CHECK_STATUS(zks_state_root_rows(NULL, 0, NULL, 0, NULL, root, &err), ZKS_OK);
    ZT_CHECK_STATUS(root_of_text(ACC_H, BAL_H, NULL, r2, &err), ZKS_OK);
    ZT_CHECK(memcmp(root, r2, 32) == 0);
    ZT_CHECK_STATUS(zks_state_root_hex(root, hx), ZKS_OK);
    ZT_CHECK(strlen(hx) == 66 && hx[0] == '0' && hx[1] == 'x');
    ZT_CHECK_STATUS(zks_state_root_hex(NULL, hx), ZKS_ERR_INVALID_ARG);
    /* an account without balance rows equals one with zero balances */
    ZT_CHECK_STATUS(root_of_text(ACC_H A1 A2, BAL_H "1,0,5\n", NULL, root, &err), ZKS_OK);
    ZT_CHECK_STATUS(root_of_text(ACC_H A1 A2, BAL_H "1,0,5\n2,0,0\n2,9,0\n", NULL, r2, &err), ZKS_OK);
    ZT_CHECK(memcmp(root, r2, 32) == 0);
}

/* ---- checkpoint: stop after a while, resume, same root ---- */

typedef struct stopper {
    int calls, stop_at;
    uint64_t last_done;
    int monotonic;
} stopper;

static int32_t on_progress(void *ctx, const zks_state_progress *p)
{
    stopper *s = ctx;
    if (p->phase == ZKS_STATE_PHASE_HASH) {
        if (p->done < s->last_done) s->monotonic = 0;
        s->last_done = p->done;
    }
    return ++s->calls == s->stop_at;
}

static void test_checkpoint(void)
{
    state *s = calloc(1, sizeof *s);
    random_state(s, 30, 60, 0x3f);
    uint8_t want[32], got[32];
    zks_exit_error err;
    zks_state_options o;
    ZT_CHECK_STATUS(zks_state_options_init(&o), ZKS_OK);
    o.balance_depth = 6;
    zki_state_set_block_bits(3);
    ZT_CHECK_STATUS(zks_state_root_rows(s->acc, s->na, s->bal, s->nb, &o, want, &err), ZKS_OK);
    char ck[128];
    path_in(ck, sizeof ck, "state.ckpt");
    for (int shuffle = 0; shuffle < 2; shuffle++) {
        state_csv(s, shuffle, 0, g_acc, sizeof g_acc, g_bal, sizeof g_bal);
        stopper st = {.stop_at = 3, .monotonic = 1};
        o.progress = on_progress;
        o.progress_ctx = &st;
        o.checkpoint = ck;
        ZT_CHECK_STATUS(root_of_text(g_acc, g_bal, &o, got, &err), ZKS_ERR_STATE);
        ZT_CHECK(zt_all_zero(got, 32));
        ZT_CHECK(access(ck, F_OK) == 0);
        /* resume: same files untouched (root_of_text rewrites them, so call the files API directly) */
        char pa[128], pb[128];
        path_in(pa, sizeof pa, "accounts.csv");
        path_in(pb, sizeof pb, "balances.csv");
        stopper st2 = {.stop_at = -1, .monotonic = 1};
        o.progress_ctx = &st2;
        ZT_CHECK_STATUS(zks_state_root_files(pa, pb, &o, got, &err), ZKS_OK);
        ZT_CHECK(memcmp(got, want, 32) == 0);
        ZT_CHECK(access(ck, F_OK) != 0);
        ZT_CHECK(st.monotonic && st2.monotonic && st2.calls > 0);
    }
    /* a checkpoint of other files is ignored; a malformed one is refused */
    write_file(ck, "zks-state-checkpoint 1\naccounts 1 2 3\nbalances 4 5 6\nlayout 6 3\nmode stream\nnext 9\nend\n");
    o.progress = NULL;
    ZT_CHECK_STATUS(root_of_text(g_acc, g_bal, &o, got, &err), ZKS_OK);
    ZT_CHECK(memcmp(got, want, 32) == 0);
    write_file(ck, "garbage\n");
    ZT_CHECK_STATUS(root_of_text(g_acc, g_bal, &o, got, &err), ZKS_ERR_FILE_FORMAT);
    remove(ck);
    zki_state_set_block_bits(16);
    free(s);
}

/* ---- the L1 part offline: executeBlocks calldata from ethers ---- */

static void rand_hex32(char out[67])
{
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    out[0] = '0';
    out[1] = 'x';
    zt_hex(out + 2, b, 32);
}

static void test_l1_decode(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "the oracle is required for the executeBlocks calldata");
        return;
    }
    int n = zt_iters(6, 2);
    for (int it = 0; it < n; it++) {
        int nb = 1 + (int)(zt_rand64() % 4);
        uint32_t first = (uint32_t)(zt_rand64() % 1000000);
        char req[8192], fields[4][67];
        size_t o = (size_t)snprintf(req, sizeof req, "{\"op\":\"execute_blocks_calldata\",\"blocks\":[");
        zks_l1_stored_block want[4];
        for (int b = 0; b < nb; b++) {
            for (int k = 0; k < 4; k++) rand_hex32(fields[k]);
            uint64_t prio = zt_rand64() >> (zt_rand64() % 64);
            uint64_t ts = zt_rand64() >> 20;
            memset(&want[b], 0, sizeof want[b]);
            want[b].block_number = first + (uint32_t)b;
            want[b].priority_operations = prio;
            zt_unhex(want[b].pending_onchain_ops_hash, 32, fields[0]);
            for (int i = 0; i < 8; i++) want[b].timestamp[31 - i] = (uint8_t)(ts >> (8 * i));
            zt_unhex(want[b].state_hash, 32, fields[1]);
            zt_unhex(want[b].commitment, 32, fields[2]);
            o += (size_t)snprintf(req + o, sizeof req - o,
                                  "%s{\"blockNumber\":%u,\"priorityOperations\":\"%llu\",\"pendingOnchainOperationsHash\":"
                                  "\"%s\",\"timestamp\":\"%llu\",\"stateHash\":\"%s\",\"commitment\":\"%s\",\"pubdata\":[",
                                  b ? "," : "", want[b].block_number, (unsigned long long)prio, fields[0],
                                  (unsigned long long)ts, fields[1], fields[2]);
            int np = (int)(zt_rand64() % 3);
            for (int k = 0; k < np; k++)
                o += (size_t)snprintf(req + o, sizeof req - o, "%s\"%s\"", k ? "," : "", k == 0 ? "0x" : fields[3]);
            o += (size_t)snprintf(req + o, sizeof req - o, "]}");
        }
        snprintf(req + o, sizeof req - o, "]}");
        zo_send(req);
        cJSON *rep = zo_recv();
        cJSON *ok = rep ? cJSON_GetObjectItem(rep, "ok") : NULL;
        if (ok == NULL && rep != NULL) fprintf(stderr, "oracle: %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(rep, "err")));
        const char *data = ok ? cJSON_GetStringValue(cJSON_GetObjectItem(ok, "data")) : NULL;
        ZT_CHECK(data != NULL);
        if (data == NULL) {
            cJSON_Delete(rep);
            continue;
        }
        size_t len = (strlen(data) - 2) / 2;
        uint8_t *cd = malloc(len + 1);
        zt_unhex(cd, len, data);
        for (int b = 0; b < nb; b++) {
            zks_l1_stored_block got;
            uint8_t h[32];
            ZT_CHECK_STATUS(zks_l1_decode_execute_blocks(cd, len, want[b].block_number, &got), ZKS_OK);
            ZT_CHECK(memcmp(&got, &want[b], sizeof got) == 0);
            ZT_CHECK_STATUS(zks_l1_stored_block_hash(&got, h), ZKS_OK);
            ZT_CHECK_HEX(h, 32, cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(ok, "hashes"), b)));
        }
        zks_l1_stored_block got;
        ZT_CHECK_STATUS(zks_l1_decode_execute_blocks(cd, len, first + (uint32_t)nb, &got), ZKS_ERR_NOT_FOUND);
        ZT_CHECK(zt_all_zero(&got, sizeof got));
        /* every truncation is refused or still finds only what is complete, never reads past len */
        for (size_t cut = 0; cut < len; cut += 1 + len / 50) {
            uint8_t *c2 = malloc(cut + 1);
            memcpy(c2, cd, cut);
            zks_status st = zks_l1_decode_execute_blocks(c2, cut, want[nb - 1].block_number, &got);
            ZT_CHECK(st == ZKS_ERR_PARSE || st == ZKS_ERR_NOT_FOUND || st == ZKS_OK);
            free(c2);
        }
        /* another selector; a huge offset */
        cd[0] ^= 1;
        ZT_CHECK_STATUS(zks_l1_decode_execute_blocks(cd, len, want[0].block_number, &got), ZKS_ERR_PARSE);
        cd[0] ^= 1;
        cd[4 + 31] = 0xff;
        ZT_CHECK_STATUS(zks_l1_decode_execute_blocks(cd, len, want[0].block_number, &got), ZKS_ERR_PARSE);
        free(cd);
        cJSON_Delete(rep);
    }
    zo_stop();
    zks_l1_stored_block b;
    uint8_t h[32];
    ZT_CHECK_STATUS(zks_l1_decode_execute_blocks(NULL, 0, 1, &b), ZKS_ERR_PARSE);
    ZT_CHECK_STATUS(zks_l1_decode_execute_blocks(NULL, 5, 1, &b), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_stored_block_hash(NULL, h), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_final_state_root(NULL, "0x0000000000000000000000000000000000000000", 0, 0, NULL),
                    ZKS_ERR_INVALID_ARG);
}

/* An ASan build or the valgrind phase (which sets ZKS_QUICK). There the AVX2
 * batch code runs 30-50x slower than the scalar code (every vector load and
 * store is instrumented or emulated: measured 313 s under ASan and 21 min
 * under valgrind for this program on a CPU without IFMA, against 25 s and
 * about 1 min on the scalar path), so the tree checks take the scalar path
 * there; test_rescue_batch runs the AVX2 code under both, and the unit phase
 * runs these checks on it. */
static int slow_run(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return 1;
#endif
#endif
    return getenv("ZKS_QUICK") != NULL;
}

int main(void)
{
    strcpy(g_dir, "/tmp/zks-state-XXXXXX");
    if (mkdtemp(g_dir) == NULL) return 1;
    if (slow_run() && !zki_fr_ifma_available()) zki_fr_set_avx2(0);
    test_published();
    test_smt();
    test_bad();
    test_order();
    test_checkpoint();
    test_random();
    test_l1_decode();
    char p[128];
    const char *names[] = {"accounts.csv", "balances.csv", "state.ckpt", "state.ckpt.tmp"};
    for (size_t i = 0; i < 4; i++) {
        path_in(p, sizeof p, names[i]);
        remove(p);
    }
    rmdir(g_dir);
    ZT_END();
}
