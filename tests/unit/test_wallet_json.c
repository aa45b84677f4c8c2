/* The JSON the wallet builds with cJSON (signature objects, the Swap
 * signature triple with a null for an order without ethSignature, the batch
 * array, the signed order) is byte for byte what the snprintf templates of
 * commit 93fd20a wrote: against the loopback mock, the journal records
 * (which hold the very bytes sent) and the order JSON hash to the values
 * recorded from that commit. Also: the records' shapes; with any one
 * allocation before the record failing (ours or cJSON's), ZKS_ERR_NOMEM and
 * nothing journaled, sent or left open; and the cJSON helpers of
 * lib/provider/rpc.h. */
#include <cjson/cJSON.h>

#include "harness.h"
#include "internal.h"
#include "provider/rpc.h"
#include "../mock/mock_launch.h"

static zks_provider *ctl; /* the mock's control methods */

static void mock(const char *method, const char *params, char **out)
{
    char *o = NULL;
    if (zks_provider_call_json(ctl, method, params, 0, &o) != ZKS_OK)
        fprintf(stderr, "mock control %s failed: %s\n", method, zks_provider_errmsg(ctl));
    if (out != NULL) *out = o;
    else zks_free(o);
}

/* The journal: the last record written. */
static char last_rec[65536];
static int n_recs;

static zks_status hook(void *ctx, const char *rec, size_t len)
{
    (void)ctx;
    if (rec == NULL) return ZKS_OK; /* cleared */
    if (len >= sizeof last_rec) return ZKS_ERR_IO;
    memcpy(last_rec, rec, len);
    last_rec[len] = '\0';
    n_recs++;
    return ZKS_OK;
}

/* keccak256 of s, as 64 hex digits. */
static void khex(const char *s, char out[2 * ZKS_KECCAK256_BYTES + 1])
{
    uint8_t h[ZKS_KECCAK256_BYTES];
    if (zks_keccak256((const uint8_t *)s, strlen(s), h) != ZKS_OK) memset(h, 0, sizeof h);
    zt_hex(out, h, sizeof h);
}

static void check_hash(const char *what, const char *s, const char *want)
{
    char got[2 * ZKS_KECCAK256_BYTES + 1];
    khex(s, got);
    ZT_CHECK_MSG(strcmp(got, want) == 0, "%s: keccak %s, want %s (bytes changed): %s", what, got, want, s);
}

/* The value of the record line "key ...", copied into out ("" if absent). */
static void rec_line(const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    size_t kl = strlen(key);
    for (const char *p = last_rec; *p;) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        if (l > kl && memcmp(p, key, kl) == 0 && p[kl] == ' ') {
            size_t vl = l - kl - 1;
            if (vl >= cap) vl = cap - 1;
            memcpy(out, p + kl + 1, vl);
            out[vl] = '\0';
            return;
        }
        if (nl == NULL) break;
        p = nl + 1;
    }
}

/* {"type":"EthereumSignature","signature":"0x" + 130 hex digits}, exactly. */
static int is_sig_object(const char *s, size_t len)
{
    static const char head[] = "{\"type\":\"EthereumSignature\",\"signature\":\"0x";
    size_t hl = sizeof head - 1;
    if (len != hl + 2 * ZKS_ETH_SIGNATURE_BYTES + 2 || memcmp(s, head, hl) != 0) return 0;
    for (size_t i = hl; i < hl + 2 * ZKS_ETH_SIGNATURE_BYTES; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return s[len - 2] == '"' && s[len - 1] == '}';
}

/* Hashes recorded from commit 93fd20a (snprintf templates) on this mock. */
#define H_TRANSFER_REC "0958c0cdfd6e76b26884e2b0365de898e51241bd6433c36172e3c730f9632d57"
#define H_BATCH_REC "7d9e2e662fe54cdca47c83eb316003b657d9c33ba0161dc04f236683894613d5"
#define H_ORDER_A "d85b5ae8502307a508ddcdecae60969db6fe97dc7432ccda795c9756599eef8f"
#define H_ORDER_B "b73918f0aef4b205ab3a54b13cbc83ffbd3c097653a2cc9a258747b411b16b37"
#define H_SWAP_REC "ad855c4651e0877afbbefa6ebd66a61afa72b2eecb29880d9dfb17fe12efd89e"

/* A wallet of key byte k (all 32 bytes k) that journals into last_rec. The
 * mock answers a submit with another hash than ours, so every send ends as
 * an open doubt (ZKS_ERR_OUTCOME_UNKNOWN): each operation gets a fresh
 * wallet, whose first record is the one looked at. */
static zks_wallet *wallet_of(zks_provider *p, uint8_t k)
{
    uint8_t key[ZKS_ETH_PRIVKEY_BYTES];
    memset(key, k, sizeof key);
    zks_wallet *w = NULL;
    ZT_CHECK_STATUS(zks_wallet_new(p, NULL, 9, key, &w), ZKS_OK);
    if (w != NULL) ZT_CHECK_STATUS(zks_wallet_set_journal_hook(w, hook, NULL, NULL, 0), ZKS_OK);
    n_recs = 0;
    last_rec[0] = '\0';
    return w;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int sent(zks_status st)
{
    return st == ZKS_OK || st == ZKS_ERR_OUTCOME_UNKNOWN;
}

static void test_wallet_bytes(zks_provider *p)
{
    mock("mock_reset", "[]", NULL);
    char h[ZKS_TX_HASH_CHARS + 1], tx[16384], sig[4096];
    const char *to = "0x2222222222222222222222222222222222222222";
    zks_status st;

    /* one transfer: tx object and one signature object */
    zks_wallet *w = wallet_of(p, 0x42);
    if (w == NULL) return;
    st = zks_wallet_transfer(w, to, "ETH", "1000", "0", h);
    ZT_CHECK_MSG(sent(st) && n_recs == 1, "transfer: status %d, %d records", (int)st, n_recs);
    rec_line("sig", sig, sizeof sig);
    ZT_CHECK_MSG(is_sig_object(sig, strlen(sig)), "transfer signature JSON: %s", sig);
    rec_line("tx", tx, sizeof tx);
    ZT_CHECK_MSG(starts(tx, "{\"type\":\"Transfer\","), "transfer JSON: %s", tx);
    check_hash("transfer record", last_rec, H_TRANSFER_REC);
    zks_wallet_free(w);

    /* a batch: [tx,tx] of the very tx objects, one signature */
    const char *tos[2] = {to, to}, *toks[2] = {"ETH", "ETH"}, *amts[2] = {"1", "2"};
    char hs[2 * (ZKS_TX_HASH_CHARS + 1)];
    size_t n = 0;
    if ((w = wallet_of(p, 0x42)) == NULL) return;
    st = zks_wallet_transfer_batch(w, tos, toks, amts, 2, "ETH", "0", hs, 2, &n);
    ZT_CHECK_MSG(sent(st) && n_recs == 1 && n == 2, "batch: status %d, %d records, %zu hashes", (int)st, n_recs, n);
    rec_line("tx", tx, sizeof tx);
    size_t tl = strlen(tx);
    ZT_CHECK_MSG(tl > 4 && starts(tx, "[{\"type\":\"Transfer\",") &&
                     strstr(tx, "},{\"type\":\"Transfer\",") != NULL && strcmp(tx + tl - 3, "}}]") == 0,
                 "batch array: %s", tx);
    rec_line("sig", sig, sizeof sig);
    ZT_CHECK_MSG(is_sig_object(sig, strlen(sig)), "batch signature JSON: %s", sig);
    check_hash("batch record", last_rec, H_BATCH_REC);
    zks_wallet_free(w);

    /* orders: the server's Order, then the owner's ethSignature, last */
    char *oa = NULL, *ob = NULL;
    zks_wallet *wb = wallet_of(p, 0x43);
    if ((w = wallet_of(p, 0x42)) == NULL || wb == NULL) goto out;
    ZT_CHECK_STATUS(zks_wallet_sign_order(w, NULL, "ETH", "DAI", "1", "2", "100", &oa), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_sign_order(wb, NULL, "DAI", "ETH", "2", "1", "200", &ob), ZKS_OK);
    if (oa == NULL || ob == NULL) goto out;
    static const char esig[] = ",\"ethSignature\":\"0x";
    const char *e = strstr(oa, esig);
    ZT_CHECK_MSG(oa[0] == '{' && e != NULL && strlen(e) == sizeof esig - 1 + 2 * ZKS_ETH_SIGNATURE_BYTES + 2 &&
                     strcmp(e + strlen(e) - 2, "\"}") == 0,
                 "signed order: %s", oa);
    check_hash("order A", oa, H_ORDER_A);
    check_hash("order B", ob, H_ORDER_B);
    /* order B in the server's form (no ethSignature): null in the triple */
    cJSON *jb = cJSON_Parse(ob);
    cJSON_DeleteItemFromObjectCaseSensitive(jb, "ethSignature");
    char *ob_server = cJSON_PrintUnformatted(jb);
    cJSON_Delete(jb);
    st = zks_wallet_swap(w, oa, ob_server != NULL ? ob_server : "", "100", "200", "ETH", "0", h);
    cJSON_free(ob_server);
    ZT_CHECK_MSG(sent(st) && n_recs == 1, "swap: status %d, %d records", (int)st, n_recs);
    rec_line("sig", sig, sizeof sig);
    size_t sl = strlen(sig), one = strlen("{\"type\":\"EthereumSignature\",\"signature\":\"0x\"}") +
                                   2 * ZKS_ETH_SIGNATURE_BYTES;
    ZT_CHECK_MSG(sl == 2 * one + 8 && sig[0] == '[' && is_sig_object(sig + 1, one) && sig[1 + one] == ',' &&
                     is_sig_object(sig + 2 + one, one) && strcmp(sig + 2 + 2 * one, ",null]") == 0,
                 "swap triple: %s", sig);
    /* order A's own signature is the second of the triple */
    ZT_CHECK(e != NULL && sl == 2 * one + 8 &&
             strncmp(sig + 2 + one + strlen("{\"type\":\"EthereumSignature\",\"signature\":\""),
                     e + strlen(",\"ethSignature\":\""), 2 + 2 * ZKS_ETH_SIGNATURE_BYTES) == 0);
    check_hash("swap record", last_rec, H_SWAP_REC);
out:
    zks_free(oa);
    zks_free(ob);
    zks_wallet_free(w);
    zks_wallet_free(wb);
}

/* ---- allocation failures: NOMEM, and nothing partial ever journaled or sent ---- */

/* cJSON allocates through its hooks (malloc by default): the test's hook fails the cj_countdown-th. */
static unsigned long cj_countdown;
static int cj_fired;

static void *cj_malloc(size_t n)
{
    if (cj_countdown != 0 && --cj_countdown == 0) {
        cj_fired = 1;
        return NULL;
    }
    return malloc(n);
}

typedef enum { OP_TRANSFER, OP_BATCH, OP_SWAP, OP_ORDER } op_kind;

/* A fresh wallet of key 0x42.. with its tokens and account fetched (an
 * unsent order does that), so that an operation on it allocates only for
 * signing and building its JSON until it journals the record. */
static zks_wallet *warm_wallet(zks_provider *p)
{
    zks_wallet *w = wallet_of(p, 0x42);
    char *o = NULL;
    if (w != NULL) ZT_CHECK_STATUS(zks_wallet_sign_order(w, NULL, "DAI", "ETH", "1", "1", "1", &o), ZKS_OK);
    zks_free(o);
    return w;
}

/* One operation on a warm wallet with its k-th allocation failing (zki_malloc
 * when cj is 0, cJSON's when 1). Until the record is journaled nothing goes
 * to the network, so every failure there is ZKS_ERR_NOMEM with no record, no
 * doubt and no output; the first record written (the failure fell after it,
 * or never) is the whole one of the normal run. Returns 1 while the failures
 * still fall before the record (or the finished order). */
static int op_failing(zks_provider *p, zks_wallet **pw, op_kind op, const char *oa, const char *ob, unsigned long k,
                      int cj)
{
    static const char *const want[] = {H_TRANSFER_REC, H_BATCH_REC, H_SWAP_REC, H_ORDER_A};
    const char *to = "0x2222222222222222222222222222222222222222";
    const char *tos[2] = {to, to}, *toks[2] = {"ETH", "ETH"}, *amts[2] = {"1", "2"};
    char h[ZKS_TX_HASH_CHARS + 1], hs[2 * (ZKS_TX_HASH_CHARS + 1)], *order = NULL;
    size_t n = 0;
    if (*pw == NULL && (*pw = warm_wallet(p)) == NULL) return 0;
    zks_wallet *w = *pw;
    n_recs = 0;
    cj_fired = 0;
    if (cj) cj_countdown = k;
    else zki_alloc_fail_after(k);
    zks_status st = ZKS_ERR_INTERNAL;
    switch (op) {
    case OP_TRANSFER: st = zks_wallet_transfer(w, to, "ETH", "1000", "0", h); break;
    case OP_BATCH: st = zks_wallet_transfer_batch(w, tos, toks, amts, 2, "ETH", "0", hs, 2, &n); break;
    case OP_SWAP: st = zks_wallet_swap(w, oa, ob, "100", "200", "ETH", "0", h); break;
    case OP_ORDER: st = zks_wallet_sign_order(w, NULL, "ETH", "DAI", "1", "2", "100", &order); break;
    }
    zki_alloc_fail_after(0);
    cj_countdown = 0;
    const char *what = cj ? "cJSON" : "zki";
    char got[2 * ZKS_KECCAK256_BYTES + 1];
    int more = 0;
    if (op == OP_ORDER && st == ZKS_OK) {
        khex(order != NULL ? order : "", got);
        ZT_CHECK_MSG(strcmp(got, want[op]) == 0, "order, %s allocation %lu failing: %s", what, k,
                     order != NULL ? order : "(null)");
    } else if (n_recs > 0) {
        khex(last_rec, got);
        ZT_CHECK_MSG(strcmp(got, want[op]) == 0, "op %d, %s allocation %lu failing: the journaled bytes differ: %s",
                     (int)op, what, k, last_rec);
    } else {
        /* A Swap first parses the caller's orders (and its shell) with cJSON,
         * whose NULL does not tell memory from bad input: ZKS_ERR_JSON there. */
        int nomem = st == ZKS_ERR_NOMEM || (op == OP_SWAP && cj && st == ZKS_ERR_JSON);
        zks_wallet_doubt d = ZKS_WALLET_DOUBT_INIT;
        ZT_CHECK_MSG(nomem && (cj_fired || cj == 0) && order == NULL && zks_wallet_doubt_get(w, &d) == ZKS_OK &&
                         d.open == 0,
                     "op %d, %s allocation %lu failing: status %d (want NOMEM, nothing open or out)", (int)op, what,
                     k, (int)st);
        more = nomem;
    }
    zks_free(order);
    if (!more) { /* it went out (a doubt may be open): the next run takes a fresh wallet */
        zks_wallet_free(w);
        *pw = NULL;
    }
    return more;
}

static void test_alloc_failures(zks_provider *p)
{
    zks_wallet *wa = wallet_of(p, 0x42), *wb = wallet_of(p, 0x43), *w = NULL;
    char *oa = NULL, *ob = NULL;
    if (wa != NULL && wb != NULL) {
        ZT_CHECK_STATUS(zks_wallet_sign_order(wa, NULL, "ETH", "DAI", "1", "2", "100", &oa), ZKS_OK);
        ZT_CHECK_STATUS(zks_wallet_sign_order(wb, NULL, "DAI", "ETH", "2", "1", "200", &ob), ZKS_OK);
    }
    zks_wallet_free(wa);
    zks_wallet_free(wb);
    if (oa == NULL || ob == NULL) goto out;
    /* B in the server's form, as in test_wallet_bytes */
    cJSON *jb = cJSON_Parse(ob);
    cJSON_DeleteItemFromObjectCaseSensitive(jb, "ethSignature");
    char *t = cJSON_PrintUnformatted(jb);
    cJSON_Delete(jb);
    zks_free(ob);
    ob = t != NULL ? zki_strdup(t) : NULL;
    cJSON_free(t);
    if (ob == NULL) goto out;
    cJSON_Hooks hooks = {cj_malloc, free};
    cJSON_InitHooks(&hooks);
    for (op_kind op = OP_TRANSFER; op <= OP_ORDER; op++) {
        for (int cj = 0; cj <= 1; cj++) {
            unsigned long k = 1;
            while (k < 5000 && op_failing(p, &w, op, oa, ob, k, cj)) k++;
            /* the JSON is built with cJSON: some of its allocations come before the record */
            ZT_CHECK_MSG(k > 1 && k < 5000, "op %d: %lu %s allocations before the record", (int)op, k - 1,
                         cj ? "cJSON" : "zki");
        }
    }
    cJSON_InitHooks(NULL);
out:
    zks_wallet_free(w);
    zks_free(oa);
    zks_free(ob);
}

/* The helpers: exact compact text, ownership on failure (ASan/valgrind see leaks). */
static void test_helpers(void)
{
    cJSON *s = zki_json_eth_sig("0xab");
    char *t = zki_json_print(s);
    ZT_CHECK_STR(t != NULL ? t : "(null)", "{\"type\":\"EthereumSignature\",\"signature\":\"0xab\"}");
    zks_free(t);
    cJSON *arr = cJSON_CreateArray();
    ZT_CHECK(zki_json_push(arr, s) == 1);
    ZT_CHECK(zki_json_push(arr, cJSON_CreateRaw("{\"a\":18446744073709551615}")) == 1);
    ZT_CHECK(zki_json_push(arr, cJSON_CreateNull()) == 1);
    ZT_CHECK(zki_json_push(arr, NULL) == 0);            /* a failed create */
    ZT_CHECK(zki_json_push(NULL, cJSON_CreateNull()) == 0); /* a failed array: the item is deleted */
    t = zki_json_print(arr);
    ZT_CHECK_STR(t != NULL ? t : "(null)",
                 "[{\"type\":\"EthereumSignature\",\"signature\":\"0xab\"},{\"a\":18446744073709551615},null]");
    zks_free(t);
    cJSON_Delete(arr);
    ZT_CHECK(zki_json_print(NULL) == NULL);
    t = zki_json_params_str("0xab\"c"); /* escaped, not pasted */
    ZT_CHECK_STR(t != NULL ? t : "(null)", "[\"0xab\\\"c\"]");
    zks_free(t);
}

int main(void)
{
    test_helpers();
    zt_mock m;
    zks_provider *p;
    if (!ZT_CHECK_MSG(zt_mock_open(&m, &p, &ctl) == 0, "mock server or its providers did not start")) ZT_END();
    test_wallet_bytes(p);
    test_alloc_failures(p);
    zt_mock_close(&m, &p, &ctl);
    ZT_END();
}
