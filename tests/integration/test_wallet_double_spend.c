/* Double-spend suite (issue #13 item 8) on the devnet with fault injection
 * (devnet_fault: a tx_submit / submit_txs_batch / eth_sendRawTransaction
 * reply dropped after the server took the request; devnet_pause; slow
 * blocks; a fee changed between tries; a hostile fee quote). A careful
 * caller repeats a payment while it gets ZKS_ERR_OUTCOME_UNKNOWN and stops
 * on ZKS_OK or ZKS_ERR_ALREADY_EXECUTED; every scenario counts the
 * recipient's balance and fails on any extra payment. Counts are printed
 * ("double-spend: ..."). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "test_wallet_devnet.h"

static ztd_devnet dn;
static zks_provider *prov; /* admin calls and balance reads */
static zks_eth_rpc *rpc;
static char addr_r[43];    /* the recipient */
static int total_runs, total_extra;

static int admin(const char *method, const char *params)
{
    char *res = NULL;
    zks_status st = zks_provider_call_json(prov, method, params, 0, &res);
    if (st != ZKS_OK) fprintf(stderr, "%s %s: %s %s\n", method, params, zks_strerror(st), zks_provider_errmsg(prov));
    zks_free(res);
    return st == ZKS_OK;
}

static __int128 bal_r(void)
{
    zks_account *a = NULL;
    char s[ZKS_AMOUNT_CHARS + 1];
    __int128 v = -1;
    if (zks_provider_account_info(prov, addr_r, &a) == ZKS_OK &&
        zks_account_balance(a, ZKS_ACCOUNT_COMMITTED, "ETH", s) == ZKS_OK)
        v = ztd_dec(s);
    zks_account_free(a);
    return v;
}

/* Waits until the recipient's balance stops changing (the blocks after a payment). */
static __int128 settled(void)
{
    __int128 last = bal_r();
    for (int i = 0; i < 12; i++) {
        usleep(250000);
        __int128 now = bal_r();
        if (now == last && i >= 3) break;
        last = now;
    }
    return last;
}

/* A careful caller: repeats while the outcome is unknown. */
static zks_status pay(zks_wallet *w, const char *amount, int *tries, char h[ZKS_TX_HASH_CHARS + 1])
{
    zks_status st = ZKS_ERR_INTERNAL;
    for (*tries = 0; *tries < 120; (*tries)++) {
        st = zks_wallet_transfer(w, addr_r, "ETH", amount, NULL, h);
        if (st != ZKS_ERR_OUTCOME_UNKNOWN) break;
        usleep(150000);
    }
    return st;
}

static zks_status pay_batch(zks_wallet *w, const char *amount, int max_tries, int *tries)
{
    const char *to[2] = {addr_r, addr_r}, *tok[2] = {"ETH", "ETH"}, *am[2] = {amount, amount};
    char hashes[3 * (ZKS_TX_HASH_CHARS + 1)];
    size_t cnt = 0;
    zks_status st = ZKS_ERR_INTERNAL;
    for (*tries = 0; *tries < max_tries; (*tries)++) {
        st = zks_wallet_transfer_batch(w, to, tok, am, 2, "ETH", NULL, hashes, 3, &cnt);
        if (st != ZKS_ERR_OUTCOME_UNKNOWN) break;
        ZT_CHECK(cnt == 2 && strncmp(hashes, "sync-tx:", 8) == 0); /* the expected hashes come out */
        usleep(150000);
    }
    return st;
}

static void count(const char *name, int run, __int128 before, __int128 after, __int128 want, int tries,
                  zks_status last)
{
    char b[48];
    int extra = want > 0 ? (int)((after - before - want) / want) : 0;
    if (after - before != want) extra = extra > 0 ? extra : (after - before > want ? 1 : 0);
    total_runs++;
    total_extra += extra;
    fprintf(stderr, "double-spend: %-12s run %d: tries %d, last status %d, paid %s (want %d)%s\n", name, run, tries,
            (int)last, ztd_str128(after - before, b), (int)want, extra ? "  EXTRA PAYMENT" : "");
    ZT_CHECK_MSG(after - before == want, "%s run %d: recipient got %s, want %d", name, run,
                 ztd_str128(after - before, b), (int)want);
    ZT_CHECK_MSG(last == ZKS_OK || last == ZKS_ERR_ALREADY_EXECUTED, "%s run %d: %s", name, run, zks_strerror(last));
}

static void doubt_state(zks_wallet *w, int want_open)
{
    zks_wallet_doubt d = ZKS_WALLET_DOUBT_INIT;
    ZT_CHECK_STATUS(zks_wallet_doubt_get(w, &d), ZKS_OK);
    ZT_CHECK_MSG(d.open == want_open, "doubt open %d, want %d", d.open, want_open);
    if (want_open) ZT_CHECK(strncmp(d.hash, "sync-tx:", 8) == 0 && d.count >= 1);
}

/* 1. lost reply while the tx waits in the mempool (blocks paused). */
static void lost_reply_mempool(zks_wallet *w, int runs)
{
    for (int i = 0; i < runs; i++) {
        char h[ZKS_TX_HASH_CHARS + 1];
        int tries = 0;
        __int128 b0 = settled();
        ZT_CHECK(admin("devnet_pause", "[true]"));
        ZT_CHECK(admin("devnet_fault", "[{\"dropReply\":\"tx_submit\",\"count\":1}]"));
        ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000", NULL, h), ZKS_ERR_OUTCOME_UNKNOWN);
        ZT_CHECK(strncmp(h, "sync-tx:", 8) == 0); /* the expected hash is an output */
        doubt_state(w, 1);
        /* the window: the server answers 101 and tx_info "executed: false" */
        ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000", NULL, h), ZKS_ERR_OUTCOME_UNKNOWN);
        ZT_CHECK_STATUS(zks_wallet_sync(w), ZKS_OK); /* a resync does not drop the doubt */
        ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000", NULL, h), ZKS_ERR_OUTCOME_UNKNOWN);
        ZT_CHECK(admin("devnet_pause", "[false]"));
        zks_status st = pay(w, "1000", &tries, h);
        ZT_CHECK_STATUS(st, ZKS_ERR_ALREADY_EXECUTED);
        doubt_state(w, 0);
        count("mempool", i, b0, settled(), 1000, tries + 3, st);
    }
}

/* 2. slow blocks (2 s) and a caller that repeats every 150 ms. */
static void slow_blocks(zks_wallet *w, int runs)
{
    ZT_CHECK(admin("devnet_setBlockInterval", "[2000]"));
    for (int i = 0; i < runs; i++) {
        char h[ZKS_TX_HASH_CHARS + 1];
        int tries = 0;
        __int128 b0 = settled();
        ZT_CHECK(admin("devnet_fault", "[{\"dropReply\":\"tx_submit\",\"count\":1}]"));
        zks_status st = pay(w, "2000", &tries, h);
        count("slow-blocks", i, b0, settled(), 2000, tries, st);
    }
    ZT_CHECK(admin("devnet_setBlockInterval", "[200]"));
}

/* 3. the fee quote changes between tries (a new quote must not make a new tx). */
static void fee_change(zks_wallet *w, int runs)
{
    for (int i = 0; i < runs; i++) {
        char h[ZKS_TX_HASH_CHARS + 1];
        int tries = 0;
        __int128 b0 = settled();
        ZT_CHECK(admin("devnet_pause", "[true]"));
        ZT_CHECK(admin("devnet_fault", "[{\"dropReply\":\"tx_submit\",\"count\":1}]"));
        ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "3000", NULL, h), ZKS_ERR_OUTCOME_UNKNOWN);
        ZT_CHECK(admin("devnet_fault", i % 2 ? "[{\"feeOverride\":\"90000000000000\"}]"
                                             : "[{\"feeOverride\":\"70000000000000\"}]"));
        ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "3000", NULL, h), ZKS_ERR_OUTCOME_UNKNOWN);
        ZT_CHECK(admin("devnet_pause", "[false]"));
        zks_status st = pay(w, "3000", &tries, h);
        ZT_CHECK(admin("devnet_fault", "[{\"feeOverride\":null}]"));
        count("fee-change", i, b0, settled(), 3000, tries + 2, st);
    }
}

/* 4. a batch of two transfers whose reply is lost. */
static void batch(zks_wallet *w, int runs)
{
    for (int i = 0; i < runs; i++) {
        int tries = 0;
        __int128 b0 = settled();
        ZT_CHECK(admin("devnet_pause", "[true]"));
        ZT_CHECK(admin("devnet_fault", "[{\"dropReply\":\"submit_txs_batch\",\"count\":1}]"));
        int early = 0;
        zks_status st = pay_batch(w, "4000", 3, &early); /* the lost reply, then the mempool window twice */
        ZT_CHECK_STATUS(st, ZKS_ERR_OUTCOME_UNKNOWN);
        ZT_CHECK(admin("devnet_pause", "[false]"));
        st = pay_batch(w, "4000", 120, &tries);
        ZT_CHECK_STATUS(st, ZKS_ERR_ALREADY_EXECUTED);
        count("batch", i, b0, settled(), 8000, tries + early, st);
    }
}

/* 5. the process "restarts" between tries: a new wallet with the same journal. */
static void restart_journal(int key, int runs)
{
    char path[300];
    const char *b = getenv("B");
    snprintf(path, sizeof path, "%s/devnet/double_spend.%ld.journal", b != NULL && b[0] ? b : "build", (long)getpid());
    for (int i = 0; i < runs; i++) {
        char h[ZKS_TX_HASH_CHARS + 1], lost[ZKS_TX_HASH_CHARS + 1];
        int tries = 0;
        zks_provider *p = NULL;
        zks_wallet *w = NULL;
        __int128 b0 = settled();
        ZT_CHECK(zks_provider_new(dn.zk_url, &p) == ZKS_OK && zks_provider_set_retries(p, 0, 0) == ZKS_OK);
        ZT_CHECK_STATUS(zks_wallet_new(p, NULL, 9, dn.key[key], &w), ZKS_OK);
        if (w == NULL) break;
        ZT_CHECK_STATUS(zks_wallet_set_journal(w, path), ZKS_OK);
        ZT_CHECK(admin("devnet_pause", "[true]"));
        ZT_CHECK(admin("devnet_fault", "[{\"dropReply\":\"tx_submit\",\"count\":1}]"));
        ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "5000", NULL, lost), ZKS_ERR_OUTCOME_UNKNOWN);
        ZT_CHECK(access(path, F_OK) == 0); /* written before the send */
        zks_wallet_free(w); /* the crash: the doubt survives only in the journal */
        w = NULL;
        ZT_CHECK(admin("devnet_pause", "[false]"));
        ZT_CHECK_STATUS(zks_wallet_new(p, NULL, 9, dn.key[key], &w), ZKS_OK);
        if (w == NULL) break;
        ZT_CHECK_STATUS(zks_wallet_set_journal(w, path), ZKS_OK);
        doubt_state(w, 1);
        zks_status st = pay(w, "5000", &tries, h);
        ZT_CHECK_STATUS(st, ZKS_ERR_ALREADY_EXECUTED);
        ZT_CHECK_STR(h, lost);
        ZT_CHECK(access(path, F_OK) != 0); /* cleared after the resolution */
        count("restart", i, b0, settled(), 5000, tries, st);
        zks_wallet_free(w);
        zks_provider_free(p);
    }
    /* a damaged record is refused, not guessed at */
    FILE *f = fopen(path, "w");
    if (f != NULL) {
        fputs("zks-wallet-doubt 1\naddress 0x00\nsum 00\n", f);
        fclose(f);
        zks_provider *p = NULL;
        zks_wallet *w = NULL;
        if (zks_provider_new(dn.zk_url, &p) == ZKS_OK && zks_wallet_new(p, NULL, 9, dn.key[key], &w) == ZKS_OK)
            ZT_CHECK_STATUS(zks_wallet_set_journal(w, path), ZKS_ERR_FILE_FORMAT);
        zks_wallet_free(w);
        zks_provider_free(p);
        unlink(path);
    }
}

/* 5b. the same with the caller's storage (journal hook); the hook also
 * checks the in-use guard: another thread entering the wallet gets ZKS_ERR_BUSY. */
static char hook_rec[1 << 16];
static size_t hook_len;
static int hook_writes, hook_clears, hook_busy = -1;
static zks_wallet *hook_wallet;

static void *other_thread(void *arg)
{
    uint32_t n = 0;
    *(zks_status *)arg = zks_wallet_nonce(hook_wallet, &n);
    return NULL;
}

static zks_status hook_fn(void *ctx, const char *record, size_t len)
{
    (void)ctx;
    if (record == NULL) {
        hook_clears++;
        hook_len = 0;
        return ZKS_OK;
    }
    if (len >= sizeof hook_rec) return ZKS_ERR_IO;
    memcpy(hook_rec, record, len);
    hook_len = len;
    hook_writes++;
    if (hook_busy == -1) { /* once: a second thread while this one is inside the wallet */
        zks_status st = ZKS_OK;
        pthread_t t;
        if (pthread_create(&t, NULL, other_thread, &st) == 0) {
            pthread_join(t, NULL);
            hook_busy = (int)st;
        }
    }
    return ZKS_OK;
}

static void restart_hook(int key)
{
    char h[ZKS_TX_HASH_CHARS + 1], lost[ZKS_TX_HASH_CHARS + 1];
    int tries = 0;
    zks_provider *p = NULL;
    zks_wallet *w = NULL;
    __int128 b0 = settled();
    ZT_CHECK(zks_provider_new(dn.zk_url, &p) == ZKS_OK && zks_provider_set_retries(p, 0, 0) == ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_new(p, NULL, 9, dn.key[key], &w), ZKS_OK);
    if (w == NULL) return;
    hook_wallet = w;
    ZT_CHECK_STATUS(zks_wallet_set_journal_hook(w, hook_fn, NULL, NULL, 0), ZKS_OK);
    ZT_CHECK(admin("devnet_pause", "[true]"));
    ZT_CHECK(admin("devnet_fault", "[{\"dropReply\":\"tx_submit\",\"count\":1}]"));
    ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "6000", NULL, lost), ZKS_ERR_OUTCOME_UNKNOWN);
    ZT_CHECK_MSG(hook_busy == ZKS_ERR_BUSY, "second thread got %d", hook_busy);
    ZT_CHECK(hook_writes == 1 && hook_len > 0 && strstr(hook_rec, lost) != NULL);
    zks_wallet_free(w);
    ZT_CHECK(admin("devnet_pause", "[false]"));
    ZT_CHECK_STATUS(zks_wallet_new(p, NULL, 9, dn.key[key], &w), ZKS_OK);
    if (w != NULL) {
        hook_rec[hook_len / 2] ^= 1; /* a damaged record is refused */
        ZT_CHECK_STATUS(zks_wallet_set_journal_hook(w, hook_fn, NULL, hook_rec, hook_len), ZKS_ERR_FILE_FORMAT);
        hook_rec[hook_len / 2] ^= 1;
        ZT_CHECK_STATUS(zks_wallet_set_journal_hook(w, hook_fn, NULL, hook_rec, hook_len), ZKS_OK);
        doubt_state(w, 1);
        zks_status st = pay(w, "6000", &tries, h);
        ZT_CHECK_STATUS(st, ZKS_ERR_ALREADY_EXECUTED);
        ZT_CHECK_STR(h, lost);
        ZT_CHECK(hook_clears >= 1 && hook_len == 0);
        count("restart-hook", 0, b0, settled(), 6000, tries, st);
    }
    zks_wallet_free(w);
    zks_provider_free(p);
}

/* 6. an L1 deposit whose eth_sendRawTransaction reply is lost. */
static void l1_deposit(zks_wallet *w, int runs)
{
    zks_l1 *l1 = zks_wallet_l1(w);
    char me[43];
    ZT_CHECK_STATUS(zks_l1_address(l1, me), ZKS_OK);
    for (int i = 0; i < runs; i++) {
        uint64_t n0 = 0, n1 = 0;
        zks_l1_result r;
        ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(rpc, me, "latest", &n0), ZKS_OK);
        ZT_CHECK(admin("devnet_fault", "[{\"l1DropReply\":\"eth_sendRawTransaction\",\"count\":1}]"));
        zks_status st = zks_wallet_deposit(w, NULL, "ETH", "1000000", ZTD_WAIT, &r);
        ZT_CHECK_STATUS(st, ZKS_ERR_OUTCOME_UNKNOWN);
        ZT_CHECK(strlen(r.tx_hash) == 66 && r.nonce == n0);
        zks_l1_doubt d = ZKS_L1_DOUBT_INIT;
        ZT_CHECK_STATUS(zks_l1_doubt_get(l1, &d), ZKS_OK);
        ZT_CHECK(d.open == 1 && d.nonce == n0 && d.raw_len > 0 && strcmp(d.tx_hash, r.tx_hash) == 0);
        int tries = 1;
        while (st == ZKS_ERR_OUTCOME_UNKNOWN && tries < 40) {
            st = zks_wallet_deposit(w, NULL, "ETH", "1000000", ZTD_WAIT, &r);
            tries++;
        }
        ZT_CHECK_STATUS(st, ZKS_ERR_ALREADY_EXECUTED);
        ZT_CHECK(r.mined == 1 && r.has_serial_id == 1);
        ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(rpc, me, "latest", &n1), ZKS_OK);
        int extra = (int)(n1 - n0) - 1;
        total_runs++;
        total_extra += extra > 0 ? extra : 0;
        fprintf(stderr, "double-spend: %-12s run %d: tries %d, last status %d, L1 txs %d (want 1)%s\n", "l1-deposit", i,
                tries, (int)st, (int)(n1 - n0), extra > 0 ? "  EXTRA PAYMENT" : "");
        ZT_CHECK_MSG(n1 == n0 + 1, "L1 nonce moved by %d", (int)(n1 - n0));
    }
}

/* 6b. the same with a restart in between: the wallet's journal file keeps the L1 doubt (<path>.l1). */
static void l1_restart(zks_provider *p, zks_eth_rpc *e, int key, int runs)
{
    char path[300], l1path[310];
    const char *b = getenv("B");
    snprintf(path, sizeof path, "%s/devnet/double_spend_l1.%ld.journal", b != NULL && b[0] ? b : "build", (long)getpid());
    snprintf(l1path, sizeof l1path, "%s.l1", path);
    for (int i = 0; i < runs; i++) {
        zks_wallet *w = NULL;
        zks_l1_result r;
        char me[43], lost[ZKS_HASH_HEX_CHARS + 1];
        uint64_t n0 = 0, n1 = 0;
        ZT_CHECK_STATUS(zks_wallet_new(p, e, 9, dn.key[key], &w), ZKS_OK);
        if (w == NULL) return;
        ZT_CHECK_STATUS(zks_l1_address(zks_wallet_l1(w), me), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(rpc, me, "latest", &n0), ZKS_OK);
        ZT_CHECK_STATUS(zks_wallet_set_journal(w, path), ZKS_OK);
        ZT_CHECK(admin("devnet_fault", "[{\"l1DropReply\":\"eth_sendRawTransaction\",\"count\":1}]"));
        ZT_CHECK_STATUS(zks_wallet_deposit(w, NULL, "ETH", "1000000", 0, &r), ZKS_ERR_OUTCOME_UNKNOWN);
        memcpy(lost, r.tx_hash, sizeof lost);
        ZT_CHECK(access(l1path, F_OK) == 0);
        zks_wallet_free(w); /* the crash */
        w = NULL;
        ZT_CHECK_STATUS(zks_wallet_new(p, e, 9, dn.key[key], &w), ZKS_OK);
        if (w == NULL) return;
        ZT_CHECK_STATUS(zks_wallet_set_journal(w, path), ZKS_OK);
        zks_l1_doubt d = ZKS_L1_DOUBT_INIT;
        ZT_CHECK_STATUS(zks_l1_doubt_get(zks_wallet_l1(w), &d), ZKS_OK);
        ZT_CHECK(d.open == 1 && strcmp(d.tx_hash, lost) == 0 && d.nonce == n0);
        int tries = 0;
        zks_status st = ZKS_ERR_OUTCOME_UNKNOWN;
        while (st == ZKS_ERR_OUTCOME_UNKNOWN && tries < 40) {
            st = zks_wallet_deposit(w, NULL, "ETH", "1000000", ZTD_WAIT, &r);
            tries++;
        }
        ZT_CHECK_STATUS(st, ZKS_ERR_ALREADY_EXECUTED);
        ZT_CHECK_STR(r.tx_hash, lost);
        ZT_CHECK(access(l1path, F_OK) != 0);
        ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(rpc, me, "latest", &n1), ZKS_OK);
        int extra = (int)(n1 - n0) - 1;
        total_runs++;
        total_extra += extra > 0 ? extra : 0;
        fprintf(stderr, "double-spend: %-12s run %d: tries %d, last status %d, L1 txs %d (want 1)%s\n", "l1-restart", i,
                tries + 1, (int)st, (int)(n1 - n0), extra > 0 ? "  EXTRA PAYMENT" : "");
        ZT_CHECK_MSG(n1 == n0 + 1, "L1 nonce moved by %d", (int)(n1 - n0));
        zks_wallet_free(w);
    }
    unlink(path);
    unlink(l1path);
}

/* 6c. an ERC20 deposit whose approve reply is lost: the repeat finds the approve
 * mined and makes the one deposit (an approve in doubt is not "already paid"). */
static void l1_erc20(zks_provider *p, zks_eth_rpc *e, int key)
{
    zks_wallet *w = NULL;
    zks_l1_result r;
    char me[43];
    uint64_t n0 = 0, n1 = 0;
    ZT_CHECK_STATUS(zks_wallet_new(p, e, 9, dn.key[key], &w), ZKS_OK);
    if (w == NULL) return;
    ZT_CHECK_STATUS(zks_l1_address(zks_wallet_l1(w), me), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(rpc, me, "latest", &n0), ZKS_OK);
    __int128 z0 = ztd_zkbal(w, "DAI");
    ZT_CHECK(admin("devnet_fault", "[{\"l1DropReply\":\"eth_sendRawTransaction\",\"count\":1}]"));
    zks_status st = zks_wallet_deposit(w, NULL, "DAI", "7000", ZTD_WAIT, &r);
    ZT_CHECK_STATUS(st, ZKS_ERR_OUTCOME_UNKNOWN);
    ZT_CHECK(strlen(r.approve_tx_hash) == 66); /* the approve was the send in doubt */
    int tries = 1;
    while (st == ZKS_ERR_OUTCOME_UNKNOWN && tries < 40) {
        st = zks_wallet_deposit(w, NULL, "DAI", "7000", ZTD_WAIT, &r);
        tries++;
    }
    ZT_CHECK_STATUS(st, ZKS_OK);
    ZT_CHECK(r.has_serial_id == 1);
    if (st == ZKS_OK) ZT_CHECK_STATUS(zks_wallet_wait_ethop(w, r.serial_id, ZKS_WAIT_COMMITTED, ZTD_WAIT, NULL), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_rpc_get_nonce(rpc, me, "latest", &n1), ZKS_OK);
    __int128 got = ztd_zkbal(w, "DAI") - (z0 < 0 ? 0 : z0);
    char b[48];
    int extra = got > 7000 ? 1 : 0;
    total_runs++;
    total_extra += extra;
    fprintf(stderr, "double-spend: %-12s run 0: tries %d, last status %d, L1 txs %d (want 2), deposited %s (want 7000)%s\n",
            "l1-erc20", tries, (int)st, (int)(n1 - n0), ztd_str128(got, b), extra ? "  EXTRA PAYMENT" : "");
    ZT_CHECK(n1 == n0 + 2 && got == 7000);
    zks_wallet_free(w);
}

/* The fee guard: a hostile quote is refused before anything is signed. */
static void fee_guard(zks_wallet *w)
{
    char h[ZKS_TX_HASH_CHARS + 1];
    uint32_t n0 = 0, n1 = 0;
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(w, "ETH", "1000000000000000"), ZKS_OK); /* 0.001 ETH */
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(w, "ETH", "12x"), ZKS_ERR_INVALID_AMOUNT);
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(w, "NOPE", "1"), ZKS_ERR_NOT_FOUND);
    ZT_CHECK_STATUS(zks_wallet_nonce(w, &n0), ZKS_OK);
    __int128 b0 = settled();
    ZT_CHECK(admin("devnet_fault", "[{\"feeOverride\":\"5000000000000000000\"}]")); /* 5 ETH */
    ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000000000000000", NULL, h), ZKS_ERR_FEE_TOO_HIGH);
    ZT_CHECK(zt_all_zero(h, sizeof h));
    ZT_CHECK_MSG(strstr(zks_wallet_errmsg(w), "nothing signed") != NULL, "%s", zks_wallet_errmsg(w));
    const char *to[1] = {addr_r}, *tok[1] = {"ETH"}, *am[1] = {"1000"};
    char hs[2 * (ZKS_TX_HASH_CHARS + 1)];
    size_t cnt = 9;
    ZT_CHECK_STATUS(zks_wallet_transfer_batch(w, to, tok, am, 1, "ETH", NULL, hs, 2, &cnt), ZKS_ERR_FEE_TOO_HIGH);
    ZT_CHECK(cnt == 0);
    ZT_CHECK_STATUS(zks_wallet_withdraw(w, NULL, "ETH", "1000", NULL, 0, h), ZKS_ERR_FEE_TOO_HIGH);
    /* per-call caps ("max:N") without the wallet's cap: every fee path refuses the quote */
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(w, "ETH", NULL), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000", "max:1000000000000000", h), ZKS_ERR_FEE_TOO_HIGH);
    ZT_CHECK(zt_all_zero(h, sizeof h));
    ZT_CHECK_MSG(strstr(zks_wallet_errmsg(w), "this call's cap 1000000000000000") != NULL, "%s", zks_wallet_errmsg(w));
    cnt = 9;
    ZT_CHECK_STATUS(zks_wallet_transfer_batch(w, to, tok, am, 1, "ETH", "max:1000000000000000", hs, 2, &cnt),
                    ZKS_ERR_FEE_TOO_HIGH);
    ZT_CHECK(cnt == 0);
    ZT_CHECK_STATUS(zks_wallet_withdraw(w, NULL, "ETH", "1000", "max:4999999999999999999", 1, h), ZKS_ERR_FEE_TOO_HIGH);
    static const uint8_t content[ZKS_ETH_HASH_BYTES] = {7};
    ZT_CHECK_STATUS(zks_wallet_mint_nft(w, NULL, content, "ETH", "max:0", h), ZKS_ERR_FEE_TOO_HIGH);
    ZT_CHECK_STATUS(zks_wallet_forced_exit(w, addr_r, "ETH", "max:1", h), ZKS_ERR_FEE_TOO_HIGH);
    ZT_CHECK_STATUS(zks_wallet_transfer_nft(w, addr_r, ZKS_NFT_TOKEN_MIN, "ETH", "max:1", h, hs), ZKS_ERR_FEE_TOO_HIGH);
    ZT_CHECK(zt_all_zero(h, sizeof h) && zt_all_zero(hs, ZKS_TX_HASH_CHARS + 1));
    /* malformed caps are refused before any request */
    static const char *const bad[] = {"max:", "max:12x", "max:-1", "max: 1", "max:0x10", "MAX:1",
        "max:115792089237316195423570985008687907853269984665640564039457584007913129639936"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000", bad[i], h), ZKS_ERR_INVALID_AMOUNT);
    ZT_CHECK(admin("devnet_fault", "[{\"feeOverride\":null}]"));
    /* this call's cap replaces the wallet's: a tiny wallet cap refuses, a call's own wider cap pays */
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(w, "ETH", "1"), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000", NULL, h), ZKS_ERR_FEE_TOO_HIGH);
    ZT_CHECK_MSG(strstr(zks_wallet_errmsg(w), "the wallet's cap 1") != NULL, "%s", zks_wallet_errmsg(w));
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(w, "ETH", "1000000000000000"), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_nonce(w, &n1), ZKS_OK);
    ZT_CHECK(n1 == n0);
    ZT_CHECK(settled() == b0);
    /* an honest quote under the cap goes through, and under this call's cap too */
    ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(w, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(w, "ETH", "1"), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_transfer(w, addr_r, "ETH", "1000", "max:1000000000000000", h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(w, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK_STATUS(zks_wallet_transfer_batch(w, to, tok, am, 1, "ETH", "max:1000000000000000", hs, 2, &cnt), ZKS_OK);
    ZT_CHECK(cnt == 1 && ztd_wait_ok(w, hs, ZKS_WAIT_COMMITTED));
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(w, "ETH", NULL), ZKS_OK);
}

/* No devnet needed: argument checks of the doubt, journal and fee-cap API. */
static void offline_checks(void)
{
    zks_wallet_doubt d = ZKS_WALLET_DOUBT_INIT, d0 = ZKS_WALLET_DOUBT_INIT;
    d0.struct_size = 0;
    ZT_CHECK_STATUS(zks_wallet_doubt_get(NULL, &d), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_wallet_doubt_get((zks_wallet *)&d, &d0), ZKS_ERR_INVALID_ARG); /* struct_size first */
    ZT_CHECK_STATUS(zks_wallet_resolve(NULL, 0, &d), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_wallet_set_journal(NULL, "x"), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_wallet_set_journal_hook(NULL, NULL, NULL, NULL, 0), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_wallet_set_max_fee(NULL, "ETH", "1"), ZKS_ERR_INVALID_ARG);
    zks_l1_doubt ld = ZKS_L1_DOUBT_INIT;
    uint8_t raw[4] = {1, 2, 3, 4};
    ZT_CHECK_STATUS(zks_l1_doubt_get(NULL, &ld), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_doubt_restore(NULL, raw, sizeof raw, 0), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_l1_set_journal(NULL, NULL, NULL), ZKS_ERR_INVALID_ARG);
    static const zks_status news[] = {ZKS_ERR_ALREADY_EXECUTED, ZKS_ERR_OUTCOME_UNKNOWN, ZKS_ERR_FEE_TOO_HIGH,
                                      ZKS_ERR_BUSY};
    for (size_t i = 0; i < sizeof news / sizeof news[0]; i++)
        ZT_CHECK(strcmp(zks_strerror(news[i]), "unknown error") != 0);
}

int main(void)
{
    offline_checks();
    /* run by tests/suites/double_spend.sh (ZKS_DS_RUNS runs a scenario), not twice per `make check` */
    if (getenv("ZKS_DS_RUNS") == NULL) {
        ZT_SKIP("the double-spend scenarios run in tests/suites/double_spend.sh (set ZKS_DS_RUNS to run them here)");
        ZT_END();
    }
    if (ztd_start(&dn, "test_wallet_double_spend", "") != 0) {
        ZT_CHECK_MSG(0, "devnet did not start");
        ZT_END();
    }
    ZT_CHECK(zks_provider_new(dn.zk_url, &prov) == ZKS_OK);
    ZT_CHECK(zks_eth_rpc_new(dn.l1_url, &rpc) == ZKS_OK);
    zks_provider *p = NULL; /* the wallet's: no resend by the provider itself */
    zks_eth_rpc *e = NULL;
    zks_wallet *w = NULL;
    ZT_CHECK(zks_provider_new(dn.zk_url, &p) == ZKS_OK && zks_provider_set_retries(p, 0, 0) == ZKS_OK);
    ZT_CHECK(zks_eth_rpc_new(dn.l1_url, &e) == ZKS_OK && zks_eth_rpc_set_retries(e, 0, 0) == ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_new(p, e, 9, dn.key[3], &w), ZKS_OK);
    snprintf(addr_r, sizeof addr_r, "%s", dn.address[4]);
    if (w == NULL) ZT_END();
    char h[ZKS_TX_HASH_CHARS + 1];
    ZT_CHECK(ztd_deposit(w, "ETH", "2000000000000000000"));
    ZT_CHECK_STATUS(zks_wallet_set_signing_key(w, ZKS_CPK_ECDSA, "ETH", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(w, h, ZKS_WAIT_COMMITTED));
    /* the restart scenario's account */
    {
        zks_wallet *w2 = NULL;
        ZT_CHECK_STATUS(zks_wallet_new(p, e, 9, dn.key[5], &w2), ZKS_OK);
        if (w2 != NULL) {
            ZT_CHECK(ztd_deposit(w2, "ETH", "1000000000000000000"));
            ZT_CHECK_STATUS(zks_wallet_set_signing_key(w2, ZKS_CPK_ECDSA, "ETH", NULL, h), ZKS_OK);
            ZT_CHECK(ztd_wait_ok(w2, h, ZKS_WAIT_COMMITTED));
        }
        zks_wallet_free(w2);
    }
    int runs = atoi(getenv("ZKS_DS_RUNS"));
    if (runs < 1) runs = 1;
    lost_reply_mempool(w, runs);
    slow_blocks(w, runs);
    fee_change(w, runs);
    batch(w, runs);
    restart_journal(5, runs);
    restart_hook(5);
    l1_deposit(w, runs > 2 ? 2 : runs);
    l1_restart(p, e, 3, runs > 2 ? 2 : runs);
    l1_erc20(p, e, 6);
    fee_guard(w);
    fprintf(stderr, "double-spend: %d scenario runs, %d extra payments\n", total_runs, total_extra);
    printf("double-spend: %d scenario runs, %d extra payments\n", total_runs, total_extra);
    ZT_CHECK(total_extra == 0);
    zks_wallet_free(w);
    zks_provider_free(p);
    zks_eth_rpc_free(e);
    zks_provider_free(prov);
    zks_eth_rpc_free(rpc);
    ztd_stop();
    ZT_END();
}
