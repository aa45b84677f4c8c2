/* The state root against L1 on the devnet (lib/l1/state_root.c with
 * lib/exit/state_tree.c and the zksync-exit tool): deposits, the shutdown
 * switch (devnet_sunset), then the root of the published snapshot files must
 * equal the stateHash of the last executed block found through its
 * executeBlocks calldata, and verify-snapshot must say "matches" for every
 * item and "differs" (exit code 5) for a tampered balances.csv.
 * Runs normally and under ASan; skipped under valgrind (too slow for the devnet). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"
#include "test_wallet_devnet.h"
#include "zksync.h"

#define WAIT 120000

static ztd_devnet dn;
static zks_provider *prov;

static void hex32(uint8_t out[32], const char *s)
{
    memset(out, 0, 32);
    if (s != NULL && strlen(s) == 66) zt_unhex(out, 32, s);
}

/* Runs the tool; returns its exit code and its stdout in out. */
static int run_tool(const char *args, char *out, size_t cap)
{
    const char *b = getenv("B");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "ZKS_PROGRESS=0 %s/bin/zksync-exit %s 2>&1", b != NULL && b[0] ? b : "build", args);
    FILE *p = popen(cmd, "r");
    if (p == NULL) return -1;
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++) n++;
    return n;
}

int main(void)
{
    if (getenv("ZKS_QUICK") != NULL && getenv("ASAN_OPTIONS") == NULL) {
        ZT_SKIP("devnet flow not run under valgrind");
        ZT_END();
    }
    if (ztd_start(&dn, "test_exit_state_devnet", "--verify-delay 100") != 0) {
        ZT_CHECK_MSG(0, "devnet did not start");
        ZT_END();
    }
    zks_eth_rpc *rpc = NULL;
    ZT_CHECK(zks_eth_rpc_new(dn.l1_url, &rpc) == ZKS_OK);
    ZT_CHECK(zks_provider_new(dn.zk_url, &prov) == ZKS_OK);
    if (rpc == NULL || prov == NULL) ZT_END();
    ZT_CHECK_STATUS(zks_provider_set_timeouts(prov, 0, 120000), ZKS_OK);

    /* before the switch: the root on L1 is the one of the last executed block so far */
    zks_l1_state_root r0;
    const ztd_token *dai = ztd_token_by_symbol(&dn, "DAI");
    ZT_CHECK(dai != NULL);
    zks_l1 *l1a = NULL, *l1b = NULL;
    ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, 9, dn.key[0], &l1a), ZKS_OK);
    ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, 9, dn.key[1], &l1b), ZKS_OK);
    if (l1a == NULL || l1b == NULL || dai == NULL) ZT_END();
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1a, ZKS_ETH_TOKEN_ADDRESS, "1500000000000000000", WAIT));
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1b, dai->address, "250000000000000000000", WAIT));
    ZT_CHECK(ztd_l1_deposit_wait(prov, l1b, ZKS_ETH_TOKEN_ADDRESS, "1000000000000000", WAIT));
    ZT_CHECK_STATUS(zks_l1_final_state_root(rpc, dn.main_contract, 0, 3, &r0), ZKS_OK);
    ZT_CHECK(r0.block.block_number >= 1 && r0.scan_requests >= 1);

    char *res = NULL;
    ZT_CHECK_STATUS(zks_provider_call_json(prov, "devnet_sunset", "[{\"migrateTokens\":\"all\"}]", 0, &res), ZKS_OK);
    cJSON *sr = res != NULL ? cJSON_Parse(res) : NULL;
    zks_free(res);
    const cJSON *js = cJSON_GetObjectItemCaseSensitive(sr, "snapshotDir"),
                *jb = cJSON_GetObjectItemCaseSensitive(sr, "lastExecutedBlock"),
                *jt = cJSON_GetObjectItemCaseSensitive(sr, "executeBlocksTx"),
                *jr = cJSON_GetObjectItemCaseSensitive(sr, "stateRoot"),
                *jc = cJSON_GetObjectItemCaseSensitive(sr, "stateRootComputed"),
                *jd = cJSON_GetObjectItemCaseSensitive(sr, "distributor");
    ZT_CHECK(cJSON_IsString(js) && cJSON_IsNumber(jb) && cJSON_IsString(jt) && cJSON_IsString(jr) && cJSON_IsTrue(jc) &&
             cJSON_IsString(jd));
    if (!cJSON_IsString(js) || !cJSON_IsNumber(jb) || !cJSON_IsString(jt) || !cJSON_IsString(jr) || !cJSON_IsString(jd)) {
        cJSON_Delete(sr);
        ZT_END();
    }
    char snap[512], tx[80], dist[43];
    uint8_t want_root[32];
    snprintf(snap, sizeof snap, "%s", js->valuestring);
    snprintf(tx, sizeof tx, "%s", jt->valuestring);
    snprintf(dist, sizeof dist, "%s", jd->valuestring);
    hex32(want_root, jr->valuestring);
    uint32_t last = (uint32_t)jb->valuedouble;
    cJSON_Delete(sr);

    /* L1: the block, its transaction and its stateHash, with small scan chunks and a start block */
    zks_l1_state_root r;
    ZT_CHECK_STATUS(zks_l1_final_state_root(rpc, dn.main_contract, 0, 2, &r), ZKS_OK);
    ZT_CHECK(r.block.block_number == last && r.block.block_number > r0.block.block_number);
    ZT_CHECK_MSG(strcasecmp(r.tx_hash, tx) == 0, "tx %s, devnet says %s", r.tx_hash, tx);
    ZT_CHECK(memcmp(r.block.state_hash, want_root, 32) == 0);
    ZT_CHECK(r.scan_requests >= 1);
    uint8_t h[32];
    ZT_CHECK_STATUS(zks_l1_stored_block_hash(&r.block, h), ZKS_OK);
    ZT_CHECK(memcmp(h, r.stored_hash, 32) == 0);
    zks_l1_state_root r2;
    ZT_CHECK_STATUS(zks_l1_final_state_root(rpc, dn.main_contract, r.l1_block, 0, &r2), ZKS_OK);
    ZT_CHECK(r2.scan_requests == 1 && r2.l1_block == r.l1_block);
    ZT_CHECK_STATUS(zks_l1_final_state_root(rpc, dn.main_contract, r.l1_block + 1, 0, &r2), ZKS_ERR_NOT_FOUND);
    ZT_CHECK_STATUS(zks_l1_final_state_root(rpc, dn.gov_contract, 0, 0, &r2), ZKS_ERR_L1_REVERT);

    /* the files: the C root (one and two threads) equals the JS root sealed on L1 */
    char pa[600], pb[600], pt[600], pl[600];
    snprintf(pa, sizeof pa, "%s/accounts.csv", snap);
    snprintf(pb, sizeof pb, "%s/balances.csv", snap);
    snprintf(pt, sizeof pt, "%s/tokens.csv", snap);
    snprintf(pl, sizeof pl, "%s/new_leaves.csv", snap);
    uint8_t root[32];
    zks_exit_error err;
    zks_state_options o;
    ZT_CHECK_STATUS(zks_state_options_init(&o), ZKS_OK);
    for (o.threads = 1; o.threads <= 2; o.threads++) {
        ZT_CHECK_STATUS(zks_state_root_files(pa, pb, &o, root, &err), ZKS_OK);
        ZT_CHECK(memcmp(root, r.block.state_hash, 32) == 0);
    }

    /* the tool */
    static char out[1 << 16];
    char args[4096];
    snprintf(args, sizeof args,
             "verify-snapshot --l1 %s --contract %s --accounts %s --balances %s --tokens %s --leaves %s "
             "--distributor %s --scan-blocks 5 --no-checkpoint --threads 2",
             dn.l1_url, dn.main_contract, pa, pb, pt, pl, dist);
    ZT_CHECK_MSG(run_tool(args, out, sizeof out) == 0, "verify-snapshot: %s", out);
    ZT_CHECK_MSG(count(out, "matches") == 4 && count(out, "differs") == 0, "%s", out);
    snprintf(args, sizeof args, "restore-zksync-tree --accounts %s --balances %s --no-checkpoint", pa, pb);
    ZT_CHECK(run_tool(args, out, sizeof out) == 0);
    char line[200], hx[ZKS_HASH_HEX_CHARS + 1];
    ZT_CHECK_STATUS(zks_state_root_hex(r.block.state_hash, hx), ZKS_OK);
    snprintf(line, sizeof line, "Restored tree root hash: 0xFr(%s) \n You can validate", hx);
    ZT_CHECK_MSG(strstr(out, line) != NULL, "%s", out);

    /* a tampered balance: the state root (and the derived leaves) differ, exit code 5 */
    char tb[700];
    snprintf(tb, sizeof tb, "%s/balances_tampered.csv", snap);
    FILE *fi = fopen(pb, "r"), *fo = fopen(tb, "w");
    ZT_CHECK(fi != NULL && fo != NULL);
    if (fi != NULL && fo != NULL) {
        char l[512];
        int n = 0, changed = 0;
        while (fgets(l, sizeof l, fi) != NULL) {
            size_t k = strlen(l);
            if (n++ > 0 && !changed && k > 2 && l[k - 2] >= '1' && l[k - 2] <= '8') {
                l[k - 2]++;
                changed = 1;
            }
            fputs(l, fo);
        }
        ZT_CHECK(changed);
    }
    if (fi) fclose(fi);
    if (fo) fclose(fo);
    snprintf(args, sizeof args,
             "verify-snapshot --l1 %s --contract %s --accounts %s --balances %s --tokens %s --leaves %s "
             "--distributor %s --no-checkpoint",
             dn.l1_url, dn.main_contract, pa, tb, pt, pl, dist);
    ZT_CHECK_MSG(run_tool(args, out, sizeof out) == 5, "tampered: %s", out);
    ZT_CHECK_MSG(count(out, "differs") == 2 && count(out, "matches") == 1, "%s", out);
    remove(tb);

    zks_l1_free(l1a);
    zks_l1_free(l1b);
    zks_provider_free(prov);
    zks_eth_rpc_free(rpc);
    ztd_stop();
    ZT_END();
}
