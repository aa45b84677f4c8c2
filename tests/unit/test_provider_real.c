/* Every response body the real zkSync Lite server sent (or, where nothing was
 * recorded, derived from its source), from ../shared/real-responses/zksync-v0.1
 * (SOURCES.md there), replayed through zks_provider by the loopback mock
 * (fault "replay": the body byte for byte, the top-level id echoing the
 * request). Each result is compared field by field with the values in the
 * body itself (parsed here with cJSON); each error body must give its typed
 * status, code, message and data after exactly one request. A file is skipped
 * (ZT_SKIP) when ../shared is absent (ZKS_SHARED overrides the folder); a file
 * in the folder that is not listed here fails. */
#include <dirent.h>
#include <strings.h>
#include <cjson/cJSON.h>

#include "harness.h"
#include "../mock/mock_launch.h"

#define REAL_DIR "real-responses/zksync-v0.1"

static const char *const FILES[] = {
    "account_info.6925_nfts.json", "account_info.6925_v1.json", "account_info.absent_modern.json",
    "account_info.absent_nfts.json", "account_info.absent_v1.json", "account_info.create2.json",
    "account_info.modern_full.json", "account_info.no2fa_null.json", "account_info.no2fa_pkh.json",
    "contract_address.rinkeby.json", "err.101.json", "err.103_batchlen.json", "err.103_fast.json",
    "err.103_notpackable.json", "err.103_v2020.json", "err.104.json", "err.104_batch.json", "err.105.json",
    "err.200.json", "err.201.json", "err.202.json", "err.203.json", "err.300.json", "err.300_mempool.json",
    "err.301.json", "err.303.json", "err.304.json", "err.305.json", "err.m32601.json", "err.m32602.json",
    "err.m32603.json", "ethop_info.committed.json", "ethop_info.executed.json", "ethop_info.pending.json",
    "get_confirmations_for_eth_op_amount.rinkeby.json", "get_eth_tx_for_withdrawal.found.json",
    "get_eth_tx_for_withdrawal.null.json", "get_nft.424218.json", "get_nft.null.json", "get_nft.withdrawn.json",
    "get_nft_id_by_tx_hash.found.json", "get_nft_id_by_tx_hash.null.json", "get_nft_owner.found.json",
    "get_nft_owner.null.json", "get_token_price.scale100.json", "get_token_price.short.json",
    "get_token_price.stable_scale100.json", "get_tx_fee.cpk_create2.json", "get_tx_fee.cpk_ecdsa_mainnet.json",
    "get_tx_fee.cpk_ecdsa_rinkeby.json", "get_tx_fee.cpk_legacy_false.json", "get_tx_fee.cpk_legacy_true.json",
    "get_tx_fee.cpk_onchain.json", "get_tx_fee.fastwithdraw_rinkeby.json", "get_tx_fee.transfer_rinkeby.json",
    "get_tx_fee.transfertonew_goerli_docs.json", "get_tx_fee.transfertonew_mainnet.json",
    "get_tx_fee.withdraw_mainnet.json", "get_tx_fee.withdraw_rinkeby.json", "get_txs_batch_fee_in_wei.ok.json",
    "get_zksync_version.server.json", "submit_txs_batch.ok.json", "toggle_2fa.ok.json", "tokens.modern.json",
    "tokens.v1.json", "tx_info.committed.json", "tx_info.failed.json", "tx_info.success.json",
    "tx_info.unknown.json", "tx_submit.ok.json",
};
#define NFILES (sizeof FILES / sizeof FILES[0])

static zks_provider *ctl; /* talks to the mock's control methods */
static const char *cur;   /* file being replayed, for messages */
static int parsed_ok;     /* files whose every check passed */

#define CHECK(cond) ZT_CHECK_MSG((cond), "%s: %s", cur, #cond)
#define CHECK_S(got, want) ZT_CHECK_MSG(strcmp((got), (want)) == 0, "%s: %s = \"%s\", want \"%s\"", cur, #got, (got), (want))
#define CHECK_ST(expr, want)                                                                                   \
    do {                                                                                                       \
        zks_status st_ = (expr);                                                                               \
        ZT_CHECK_MSG(st_ == (want), "%s: %s returned %d (%s), want %d", cur, #expr, st_, zks_provider_errmsg(p), \
                     (want));                                                                                  \
    } while (0)

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    char *buf = malloc(1 << 16);
    size_t n = buf != NULL ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    fclose(f);
    if (buf != NULL) buf[n] = '\0';
    return buf;
}

static int requests(void)
{
    char *out = NULL;
    int n = -1;
    if (zks_provider_call_json(ctl, "mock_stats", "[]", 0, &out) != ZKS_OK) return -1;
    cJSON *s = cJSON_Parse(out);
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(s, "requests");
    if (cJSON_IsNumber(r)) n = r->valueint;
    cJSON_Delete(s);
    zks_free(out);
    return n;
}

/* Queues the body: the next request gets it. */
static void replay(const char *body)
{
    cJSON *arr = cJSON_CreateArray(), *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "kind", "replay");
    cJSON_AddStringToObject(f, "body", body);
    cJSON_AddItemToArray(arr, f);
    char *q = cJSON_PrintUnformatted(arr);
    char *out = NULL;
    if (zks_provider_call_json(ctl, "mock_fault", q, 0, &out) != ZKS_OK) ZT_CHECK_MSG(0, "%s: mock_fault failed", cur);
    zks_free(out);
    cJSON_free(q);
    cJSON_Delete(arr);
}

static const cJSON *get(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }
static const char *gs(const cJSON *o, const char *k)
{
    const cJSON *v = get(o, k);
    return cJSON_IsString(v) ? v->valuestring : "(not a string)";
}
static uint64_t gu(const cJSON *o, const char *k)
{
    const cJSON *v = get(o, k);
    return cJSON_IsNumber(v) ? (uint64_t)v->valuedouble : UINT64_MAX;
}
static int gb(const cJSON *o, const char *k) { return cJSON_IsTrue(get(o, k)) ? 1 : 0; }

/* "" for null/absent, the string, or compact JSON of an object (fee type, account type). */
static void text_or_compact(const cJSON *v, char *out, size_t cap)
{
    out[0] = '\0';
    if (v == NULL || cJSON_IsNull(v)) return;
    if (cJSON_IsString(v)) {
        snprintf(out, cap, "%s", v->valuestring);
        return;
    }
    char *s = cJSON_PrintUnformatted(v);
    snprintf(out, cap, "%s", s != NULL ? s : "");
    cJSON_free(s);
}

static void check_nft(const zks_nft *n, const cJSON *j, int factories)
{
    CHECK(n->id == gu(j, "id") && n->creator_id == gu(j, "creatorId") && n->serial_id == gu(j, "serialId"));
    CHECK_S(n->content_hash, gs(j, "contentHash"));
    CHECK_S(n->creator_address, gs(j, "creatorAddress"));
    CHECK_S(n->address, gs(j, "address"));
    CHECK_S(n->symbol, gs(j, "symbol"));
    char f[64];
    text_or_compact(factories ? get(j, "currentFactory") : NULL, f, sizeof f);
    CHECK_S(n->current_factory, f);
    text_or_compact(factories ? get(j, "withdrawnFactory") : NULL, f, sizeof f);
    CHECK_S(n->withdrawn_factory, f);
}

static void check_block(const zks_tx_info *ti, const cJSON *res)
{
    const cJSON *b = get(res, "block");
    if (cJSON_IsNull(b)) {
        CHECK(ti->has_block == 0 && ti->block_number == 0 && ti->committed == 0 && ti->verified == 0);
    } else {
        CHECK(ti->has_block == 1);
        CHECK(ti->block_number == gu(b, "blockNumber"));
        CHECK(ti->committed == gb(b, "committed") && ti->verified == gb(b, "verified"));
    }
}

static void check_state(const zks_account *a, const zks_account_info *ai, uint32_t which, const cJSON *s)
{
    CHECK((which ? ai->verified_nonce : ai->committed_nonce) == gu(s, "nonce"));
    CHECK_S(which ? ai->verified_pub_key_hash : ai->committed_pub_key_hash, gs(s, "pubKeyHash"));
    const cJSON *bal = get(s, "balances"), *it;
    CHECK(zks_account_balance_count(a, which) == (size_t)cJSON_GetArraySize(bal));
    size_t i = 0;
    cJSON_ArrayForEach(it, bal)
    {
        char sym[ZKS_SYMBOL_CHARS + 1], amt[ZKS_AMOUNT_CHARS + 1];
        CHECK(zks_account_balance_at(a, which, i++, sym, amt) == ZKS_OK);
        CHECK_S(sym, it->string);
        CHECK_S(amt, it->valuestring);
    }
    static const char *const maps[2] = {"nfts", "mintedNfts"};
    for (int minted = 0; minted < 2; minted++) {
        const cJSON *m = get(s, maps[minted]);
        CHECK(zks_account_nft_count(a, which, minted) == (size_t)(m != NULL ? cJSON_GetArraySize(m) : 0));
        size_t k = 0;
        cJSON_ArrayForEach(it, m)
        {
            zks_nft n;
            CHECK(zks_account_nft_at(a, which, minted, k++, &n) == ZKS_OK);
            CHECK(strtoull(it->string, NULL, 10) == n.id);
            check_nft(&n, it, 0);
        }
    }
}

static void check_account(zks_provider *p, const cJSON *res)
{
    zks_account *a = NULL;
    CHECK_ST(zks_provider_account_info(p, gs(res, "address"), &a), ZKS_OK);
    if (a == NULL) return;
    zks_account_info ai;
    CHECK(zks_account_get_info(a, &ai) == ZKS_OK);
    CHECK_S(ai.address, gs(res, "address"));
    const cJSON *id = get(res, "id");
    if (cJSON_IsNull(id)) CHECK(ai.has_id == 0 && ai.id == 0);
    else CHECK(ai.has_id == 1 && ai.id == gu(res, "id"));
    char at[ZKS_RPC_SHORT_CHARS + 1];
    text_or_compact(get(res, "accountType"), at, sizeof at);
    CHECK_S(ai.account_type, at);
    check_state(a, &ai, ZKS_ACCOUNT_COMMITTED, get(res, "committed"));
    check_state(a, &ai, ZKS_ACCOUNT_VERIFIED, get(res, "verified"));
    const cJSON *dep = get(get(res, "depositing"), "balances"), *it;
    CHECK(zks_account_depositing_count(a) == (size_t)cJSON_GetArraySize(dep));
    size_t i = 0;
    cJSON_ArrayForEach(it, dep)
    {
        char sym[ZKS_SYMBOL_CHARS + 1], amt[ZKS_AMOUNT_CHARS + 1];
        uint64_t eab = 0;
        CHECK(zks_account_depositing_at(a, i++, sym, amt, &eab) == ZKS_OK);
        CHECK_S(sym, it->string);
        CHECK_S(amt, gs(it, "amount"));
        CHECK(eab == gu(it, "expectedAcceptBlock"));
    }
    char *js = NULL, *want = cJSON_PrintUnformatted(res);
    CHECK(zks_account_json(a, &js) == ZKS_OK);
    if (js != NULL && want != NULL) CHECK_S(js, want);
    zks_free(js);
    cJSON_free(want);
    zks_account_free(a);
}

/* The status libzksync gives a zkSync server error code (docs/provider.md). */
static zks_status want_status(int64_t code)
{
    switch (code) {
    case 101: return ZKS_ERR_NONCE_MISMATCH;
    case 104: return ZKS_ERR_FEE_TOO_LOW;
    case 105: return ZKS_ERR_FEE_TOKEN;
    case 200:
    case 201:
    case 202: return ZKS_ERR_ETH_SIGNATURE;
    case 203: return ZKS_ERR_NOT_AUTHORIZED;
    case 305: return ZKS_ERR_NETWORK_SHUT_DOWN;
    default: return ZKS_ERR_RPC;
    }
}

static void check_error(zks_provider *p, const char *body, const cJSON *err)
{
    int64_t want_code = (int64_t)get(err, "code")->valuedouble;
    const cJSON *d = get(err, "data");
    char want_data[256];
    text_or_compact(d, want_data, sizeof want_data);
    /* as the answer to a submit (where 101-305 come from) and to a read */
    for (int as_read = 0; as_read < 2; as_read++) {
        int r0 = requests();
        char h[ZKS_TX_HASH_CHARS + 1];
        zks_tx_info ti;
        zks_status st = as_read ? zks_provider_ethop_info(p, 1, &ti)
                                : zks_provider_tx_submit(p, "{\"type\":\"Transfer\"}", NULL, 0, NULL, h);
        ZT_CHECK_MSG(st == want_status(want_code), "%s: status %d, want %d", cur, st, want_status(want_code));
        int64_t code = 0;
        CHECK(zks_provider_last_error(p, &code) == st && code == want_code);
        CHECK_S(zks_provider_errmsg(p), gs(err, "message"));
        CHECK_S(zks_provider_errdata(p), want_data);
        ZT_CHECK_MSG(requests() - r0 == 1, "%s: %d requests, want exactly 1", cur, requests() - r0);
        if (!as_read) replay(body);
    }
}

static void check_fee(zks_provider *p, const cJSON *res)
{
    zks_fee fee;
    CHECK_ST(zks_provider_get_tx_fee(p, "Transfer", "0x6f4cd4b7ae1b6d9704d7854f254aa80a352d83b1", "ETH", &fee), ZKS_OK);
    char ft[ZKS_RPC_SHORT_CHARS + 1];
    text_or_compact(get(res, "feeType"), ft, sizeof ft);
    CHECK_S(fee.fee_type, ft);
    CHECK_S(fee.gas_tx_amount, gs(res, "gasTxAmount"));
    CHECK_S(fee.gas_price_wei, gs(res, "gasPriceWei"));
    CHECK_S(fee.gas_fee, gs(res, "gasFee"));
    CHECK_S(fee.zkp_fee, gs(res, "zkpFee"));
    CHECK_S(fee.total_fee, gs(res, "totalFee"));
}

static void check_tokens(zks_provider *p, const cJSON *res)
{
    zks_token_list *l = NULL;
    CHECK_ST(zks_provider_tokens(p, &l), ZKS_OK);
    CHECK(zks_token_list_count(l) == (size_t)cJSON_GetArraySize(res));
    const cJSON *it;
    cJSON_ArrayForEach(it, res)
    {
        int found = 0;
        for (size_t i = 0; i < zks_token_list_count(l); i++) {
            zks_token t;
            if (zks_token_list_get(l, i, &t) != ZKS_OK || t.id != gu(it, "id")) continue;
            found = 1;
            CHECK_S(t.address, gs(it, "address"));
            CHECK_S(t.symbol, gs(it, "symbol"));
            CHECK(t.decimals == gu(it, "decimals"));
            CHECK_S(t.kind, get(it, "kind") != NULL ? gs(it, "kind") : "");
            CHECK(t.is_nft == gb(it, "is_nft"));
            /* the map key is the symbol ("ETH" for id 0): the cache resolves it */
            zks_token r;
            CHECK(zks_provider_resolve_token(p, it->string, &r) == ZKS_OK && r.id == t.id);
        }
        ZT_CHECK_MSG(found, "%s: token %s missing", cur, it->string);
    }
    zks_token_list_free(l);
}

/* The price text without the trailing zeros of its fraction, exactly. */
static void check_price(zks_provider *p, const cJSON *res)
{
    char price[ZKS_RPC_PRICE_CHARS + 1];
    CHECK_ST(zks_provider_get_token_price(p, "ETH", price), ZKS_OK);
    const char *s = res->valuestring;
    size_t n = strlen(price);
    CHECK(n > 0 && strncmp(s, price, n) == 0);
    const char *rest = s + n;
    if (*rest == '.') rest++;
    int zeros = 1;
    for (; *rest; rest++) zeros &= *rest == '0';
    ZT_CHECK_MSG(zeros, "%s: price %s from %s", cur, price, s);
    if (strchr(price, '.') != NULL) CHECK(price[n - 1] != '0' && price[n - 1] != '.');
}

static void check_tx_info(zks_provider *p, const cJSON *res, int ethop)
{
    zks_tx_info ti;
    if (ethop)
        CHECK_ST(zks_provider_ethop_info(p, 7, &ti), ZKS_OK);
    else
        CHECK_ST(zks_provider_tx_info(p, "sync-tx:1424388a45de738bae3175734bfdd8bb36abc8c31b2608018172574e8b7e38e2", &ti),
                 ZKS_OK);
    CHECK(ti.executed == gb(res, "executed"));
    if (ethop) {
        CHECK(ti.success == (ti.executed ? 1 : -1));
        CHECK_S(ti.fail_reason, "");
    } else {
        const cJSON *s = get(res, "success");
        CHECK(ti.success == (cJSON_IsNull(s) ? -1 : cJSON_IsTrue(s) ? 1 : 0));
        char fr[ZKS_RPC_REASON_CHARS + 1];
        text_or_compact(get(res, "failReason"), fr, sizeof fr);
        CHECK_S(ti.fail_reason, fr);
    }
    check_block(&ti, res);
}

static void check_nullable_u32(zks_provider *p, const cJSON *res, int owner)
{
    uint32_t v = 7;
    zks_status st = owner ? zks_provider_get_nft_owner(p, 424218, &v)
                          : zks_provider_get_nft_id_by_tx_hash(
                                p, "sync-tx:1424388a45de738bae3175734bfdd8bb36abc8c31b2608018172574e8b7e38e2", &v);
    if (cJSON_IsNull(res)) {
        ZT_CHECK_MSG(st == ZKS_ERR_NOT_FOUND && v == 0, "%s: status %d, value %u", cur, st, v);
    } else {
        ZT_CHECK_MSG(st == ZKS_OK && v == (uint32_t)res->valuedouble, "%s: status %d, value %u", cur, st, v);
    }
}

static void replay_one(zks_provider *p, const char *file, const char *body)
{
    cJSON *root = cJSON_Parse(body);
    if (root == NULL) {
        ZT_CHECK_MSG(0, "%s: not JSON", file);
        return;
    }
    const cJSON *res = get(root, "result"), *err = get(root, "error");
    int f0 = zt_failed, r0 = requests();
    replay(body);
    const char *hash_a = "sync-tx:1424388a45de738bae3175734bfdd8bb36abc8c31b2608018172574e8b7e38e2";
#define IS(prefix) (strncmp(file, prefix ".", strlen(prefix) + 1) == 0)
    if (err != NULL) {
        check_error(p, body, err);
        r0 = -1; /* two calls: counted inside */
    } else if (IS("account_info")) {
        check_account(p, res);
    } else if (IS("contract_address")) {
        zks_contract_address ca;
        CHECK_ST(zks_provider_contract_address(p, &ca), ZKS_OK);
        CHECK_S(ca.main_contract, gs(res, "mainContract"));
        CHECK_S(ca.gov_contract, gs(res, "govContract"));
    } else if (IS("ethop_info")) {
        check_tx_info(p, res, 1);
    } else if (IS("tx_info")) {
        check_tx_info(p, res, 0);
    } else if (IS("get_confirmations_for_eth_op_amount")) {
        uint64_t c = 0;
        CHECK_ST(zks_provider_get_confirmations_for_eth_op_amount(p, &c), ZKS_OK);
        CHECK(c == (uint64_t)res->valuedouble);
    } else if (IS("get_eth_tx_for_withdrawal")) {
        char eh[ZKS_HASH_HEX_CHARS + 1];
        zks_status st = zks_provider_get_eth_tx_for_withdrawal(p, hash_a, eh);
        if (cJSON_IsNull(res)) {
            CHECK(st == ZKS_ERR_NOT_FOUND && eh[0] == 0);
        } else {
            CHECK(st == ZKS_OK);
            CHECK_S(eh, res->valuestring);
        }
    } else if (IS("get_nft")) {
        zks_nft n;
        zks_status st = zks_provider_get_nft(p, 424218, &n);
        if (cJSON_IsNull(res)) {
            CHECK(st == ZKS_ERR_NOT_FOUND);
        } else {
            CHECK(st == ZKS_OK);
            check_nft(&n, res, 1);
        }
    } else if (IS("get_nft_id_by_tx_hash")) {
        check_nullable_u32(p, res, 0);
    } else if (IS("get_nft_owner")) {
        check_nullable_u32(p, res, 1);
    } else if (IS("get_token_price")) {
        check_price(p, res);
    } else if (IS("get_tx_fee")) {
        check_fee(p, res);
    } else if (IS("get_txs_batch_fee_in_wei")) {
        const char *types[1] = {"Transfer"}, *addrs[1] = {"0x6f4cd4b7ae1b6d9704d7854f254aa80a352d83b1"};
        char total[ZKS_AMOUNT_CHARS + 1];
        CHECK_ST(zks_provider_get_txs_batch_fee_in_wei(p, types, addrs, 1, "ETH", total), ZKS_OK);
        CHECK_S(total, gs(res, "totalFee"));
    } else if (IS("get_zksync_version")) {
        char v[ZKS_RPC_SHORT_CHARS + 1];
        CHECK_ST(zks_provider_get_zksync_version(p, v), ZKS_OK);
        CHECK_S(v, res->valuestring);
    } else if (IS("submit_txs_batch")) {
        char hs[4 * (ZKS_TX_HASH_CHARS + 1)];
        size_t n = 0;
        CHECK_ST(zks_provider_submit_txs_batch(p, "[{\"type\":\"Transfer\"},{\"type\":\"Transfer\"}]", NULL, NULL, 0,
                                               hs, 4, &n),
                 ZKS_OK);
        CHECK(n == (size_t)cJSON_GetArraySize(res));
        for (size_t i = 0; i < n; i++)
            CHECK_S(hs + i * (ZKS_TX_HASH_CHARS + 1), cJSON_GetArrayItem(res, (int)i)->valuestring);
        /* the real answer against expected hashes: ours match, a different second one is refused */
        if (n == 2) {
            char other[ZKS_TX_HASH_CHARS + 1];
            snprintf(other, sizeof other, "%s", cJSON_GetArrayItem(res, 1)->valuestring);
            other[71] = other[71] == '0' ? '1' : '0';
            const char *exp[2] = {cJSON_GetArrayItem(res, 0)->valuestring, cJSON_GetArrayItem(res, 1)->valuestring};
            const char *bad[2] = {exp[0], other};
            int r1 = requests();
            replay(body);
            CHECK_ST(zks_provider_submit_txs_batch(p, "[{\"type\":\"Transfer\"},{\"type\":\"Transfer\"}]", NULL, exp, 2,
                                                   hs, 4, &n),
                     ZKS_OK);
            replay(body);
            CHECK_ST(zks_provider_submit_txs_batch(p, "[{\"type\":\"Transfer\"},{\"type\":\"Transfer\"}]", NULL, bad, 2,
                                                   hs, 4, &n),
                     ZKS_ERR_MISMATCH);
            CHECK(n == 0 && zt_all_zero(hs, sizeof hs));
            CHECK(requests() - r1 == 2); /* one request each: a mismatch is never resent */
            r0 += 2;
        }
    } else if (IS("tx_submit")) {
        char h[ZKS_TX_HASH_CHARS + 1];
        CHECK_ST(zks_provider_tx_submit(p, "{\"type\":\"Transfer\"}", NULL, 0, NULL, h), ZKS_OK);
        CHECK_S(h, res->valuestring);
        /* the same answer with our hash (either form) expected, and with another hash expected */
        char upper[ZKS_TX_HASH_CHARS + 1], other[ZKS_TX_HASH_CHARS + 1];
        snprintf(upper, sizeof upper, "0x%s", res->valuestring + 8);
        snprintf(other, sizeof other, "%s", res->valuestring);
        other[71] = other[71] == '0' ? '1' : '0';
        replay(body);
        CHECK_ST(zks_provider_tx_submit(p, "{\"type\":\"Transfer\"}", NULL, 0, upper, h), ZKS_OK);
        CHECK_S(h, res->valuestring);
        replay(body);
        CHECK_ST(zks_provider_tx_submit(p, "{\"type\":\"Transfer\"}", NULL, 0, other, h), ZKS_ERR_MISMATCH);
        CHECK(zt_all_zero(h, sizeof h) && strstr(zks_provider_errmsg(p), other) != NULL);
        r0 += 2;
    } else if (IS("toggle_2fa")) {
        CHECK_ST(zks_provider_toggle_2fa(p, "{\"enable\":false,\"accountId\":6925}"), ZKS_OK);
        CHECK(cJSON_IsTrue(get(res, "success")));
    } else if (IS("tokens")) {
        check_tokens(p, res);
    } else {
        ZT_CHECK_MSG(0, "%s: no check for this method: add one", file);
    }
#undef IS
    if (r0 >= 0) ZT_CHECK_MSG(requests() - r0 == 1, "%s: %d requests, want exactly 1", file, requests() - r0);
    if (zt_failed == f0) {
        parsed_ok++;
        printf("ok    %s\n", file);
    } else {
        printf("FAIL  %s\n", file);
    }
    cJSON_Delete(root);
}

/* Every body in the folder has a check here. */
static void check_listed(const char *any_file_path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", any_file_path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL) return;
    *slash = '\0';
    DIR *d = opendir(dir);
    if (d == NULL) {
        ZT_CHECK_MSG(0, "cannot list %s", dir);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strstr(e->d_name, ".json") == NULL) continue;
        int listed = 0;
        for (size_t i = 0; i < NFILES; i++) listed |= strcmp(FILES[i], e->d_name) == 0;
        ZT_CHECK_MSG(listed, "%s/%s is not replayed by this test: add it to FILES", dir, e->d_name);
    }
    closedir(d);
}

int main(void)
{
    zt_mock m;
    zks_provider *p;
    if (!ZT_CHECK_MSG(zt_mock_open(&m, &p, &ctl) == 0, "mock server or its providers did not start")) ZT_END();
    /* retries on, as in use: no RPC error may be resent */
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 3, 10), ZKS_OK);
    const char *listed_from = NULL;
    static char first[4096];
    int skipped = 0;
    for (size_t i = 0; i < NFILES; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, REAL_DIR "/%s", FILES[i]);
        const char *path = zt_shared_path(rel);
        cur = FILES[i];
        if (path == NULL) {
            char why[300];
            snprintf(why, sizeof why, "%s absent (../shared/" REAL_DIR " not here)", FILES[i]);
            ZT_SKIP(why);
            skipped++;
            continue;
        }
        if (listed_from == NULL) {
            snprintf(first, sizeof first, "%s", path);
            listed_from = first;
        }
        char *body = slurp(path);
        if (body == NULL) {
            ZT_CHECK_MSG(0, "%s: unreadable", path);
            continue;
        }
        replay_one(p, FILES[i], body);
        free(body);
    }
    if (listed_from != NULL) check_listed(listed_from);
    printf("real bodies: %zu, parsed to their values: %d, skipped: %d\n", NFILES, parsed_ok, skipped);
    zt_mock_close(&m, &p, &ctl);
    ZT_END();
}
