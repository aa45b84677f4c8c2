/* libzksync demo, part 2: the shutdown of zkSync Lite on the local devnet.
 *
 *   build/examples/sunset <devnet state file> switch     shut the devnet down, then show that an L2
 *                                                        transfer and an L1 deposit are refused
 *   build/examples/sunset <devnet state file> balances   L1 balances (ETH, DAI, USDC) of the first two accounts
 *
 * examples/run-demo.sh runs `switch` after demo.c, then checks the snapshot,
 * migrates USDC and claims with zksync-exit, printing `balances` before and
 * after the claims.
 * The switch is the devnet's admin call devnet_sunset (docs/devnet.md): it does
 * what the operator did in 2026 (L2 submissions refused with code 305, deposits
 * paused, snapshot files written, claim root set, tokens migrated). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "zksync.h"

typedef struct {
    char l1_url[128], zk_url[128];
    uint64_t chain_id;
    uint8_t key[2][ZKS_ETH_PRIVKEY_BYTES];
    char address[2][ZKS_ETH_ADDRESS_CHARS + 1];
    char dai[ZKS_ETH_ADDRESS_CHARS + 1], usdc[ZKS_ETH_ADDRESS_CHARS + 1];
} devnet;

static int hex_key(const char *text, uint8_t out[ZKS_ETH_PRIVKEY_BYTES])
{
    if (text == NULL || strlen(text) != 66 || strncmp(text, "0x", 2) != 0) return -1;
    for (int b = 0; b < ZKS_ETH_PRIVKEY_BYTES; b++) {
        unsigned v;
        if (sscanf(text + 2 + 2 * b, "%2x", &v) != 1) return -1;
        out[b] = (uint8_t)v;
    }
    return 0;
}

static int read_devnet(const char *path, devnet *d)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return -1;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *j = cJSON_Parse(buf);
    int rc = -1;
    const cJSON *l1 = cJSON_GetObjectItem(j, "l1Url"), *zk = cJSON_GetObjectItem(j, "zksyncUrl");
    const cJSON *chain = cJSON_GetObjectItem(j, "chainId"), *accs = cJSON_GetObjectItem(j, "accounts");
    const cJSON *toks = cJSON_GetObjectItem(j, "tokens");
    const cJSON *dai = cJSON_GetObjectItem(cJSON_GetObjectItem(toks, "DAI"), "address");
    const cJSON *usdc = cJSON_GetObjectItem(cJSON_GetObjectItem(toks, "USDC"), "address");
    if (cJSON_IsString(l1) && cJSON_IsString(zk) && cJSON_IsNumber(chain) && cJSON_GetArraySize(accs) >= 2 &&
        cJSON_IsString(dai) && cJSON_IsString(usdc)) {
        snprintf(d->usdc, sizeof d->usdc, "%s", usdc->valuestring);
        snprintf(d->l1_url, sizeof d->l1_url, "%s", l1->valuestring);
        snprintf(d->zk_url, sizeof d->zk_url, "%s", zk->valuestring);
        snprintf(d->dai, sizeof d->dai, "%s", dai->valuestring);
        d->chain_id = (uint64_t)chain->valuedouble;
        rc = 0;
        for (int i = 0; i < 2; i++) {
            const cJSON *a = cJSON_GetArrayItem(accs, i);
            const cJSON *k = cJSON_GetObjectItem(a, "privateKey"), *ad = cJSON_GetObjectItem(a, "address");
            if (!cJSON_IsString(ad) || !cJSON_IsString(k) || hex_key(k->valuestring, d->key[i]) != 0) rc = -1;
            else snprintf(d->address[i], sizeof d->address[i], "%s", ad->valuestring);
        }
    }
    cJSON_Delete(j);
    return rc;
}

static void die(const char *what, zks_status st, const char *detail)
{
    printf("FAILED: %s: %s (%d)%s%s\n", what, zks_strerror(st), (int)st, detail && *detail ? ": " : "",
           detail ? detail : "");
    exit(1);
}

static void print_balances(devnet *d, zks_wallet *w[2])
{
    static const char *const syms[] = {"ETH", "DAI", "USDC"};
    static const uint32_t decs[] = {18, 18, 6};
    for (int i = 0; i < 2; i++) {
        printf("      %s L1:", d->address[i]);
        for (int t = 0; t < 3; t++) {
            char v[ZKS_AMOUNT_CHARS + 1], f[ZKS_TOKEN_CHARS + 1];
            zks_status st = zks_wallet_l1_balance(w[i], syms[t], v);
            if (st != ZKS_OK) die("L1 balance", st, zks_wallet_errmsg(w[i]));
            if (zks_token_format(v, decs[t], f, sizeof f) != ZKS_OK) snprintf(f, sizeof f, "?");
            printf("  %s %s", f, syms[t]);
        }
        printf("\n");
    }
}

/* Both refusals must come back as ZKS_ERR_NETWORK_SHUT_DOWN, with a message that says what to do. */
static void expect_shut_down(const char *what, zks_status st, const char *msg)
{
    printf("      %-28s -> %s (%d)\n      %-28s    %s\n", what, zks_strerror(st), (int)st, "", msg);
    if (st != ZKS_ERR_NETWORK_SHUT_DOWN) die(what, st, "expected ZKS_ERR_NETWORK_SHUT_DOWN");
}

int main(int argc, char **argv)
{
    devnet d;
    if (argc != 3 || (strcmp(argv[2], "switch") != 0 && strcmp(argv[2], "balances") != 0)) {
        fprintf(stderr, "usage: %s <devnet state file> switch|balances\n", argv[0]);
        return 2;
    }
    if (read_devnet(argv[1], &d) != 0) {
        fprintf(stderr, "sunset: cannot read the devnet state file %s\n", argv[1]);
        return 2;
    }
    zks_provider *p = NULL;
    zks_eth_rpc *e = NULL;
    zks_wallet *w[2] = {NULL, NULL};
    zks_status st = zks_provider_new(d.zk_url, &p);
    if (st == ZKS_OK) st = zks_eth_rpc_new(d.l1_url, &e);
    for (int i = 0; i < 2 && st == ZKS_OK; i++) st = zks_wallet_new(p, e, d.chain_id, d.key[i], &w[i]);
    if (st != ZKS_OK) die("connect", st, NULL);
    zks_memzero(d.key, sizeof d.key);

    if (strcmp(argv[2], "balances") == 0) {
        print_balances(&d, w);
    } else if (strcmp(argv[2], "switch") == 0) {
        /* Withdrawals executed just before the end leave pending balances on L1: one in a token
         * that stays in the contract (USDC, not migrated below) and one in ETH, which is migrated. */
        printf("[0] last withdrawals before the end: 0.01 ETH and 1 USDC to L1 (left pending)\n");
        static const char *const wsym[] = {"ETH", "USDC"}, *const wamt[] = {"10000000000000000", "1000000"};
        for (int i = 0; i < 2; i++) {
            char wh[ZKS_TX_HASH_CHARS + 1];
            zks_tx_info info;
            st = zks_wallet_withdraw(w[0], NULL, wsym[i], wamt[i], NULL, 0, wh);
            if (st == ZKS_OK) st = zks_wallet_wait_tx(w[0], wh, ZKS_WAIT_VERIFIED, 60000, &info);
            if (st != ZKS_OK) die("withdraw", st, zks_wallet_errmsg(w[0]));
            printf("      withdraw %-4s %s -> verified in block %llu\n", wsym[i], wh,
                   (unsigned long long)info.block_number);
        }
        printf("[1] the operator switches zkSync Lite off (devnet_sunset; USDC is left unmigrated)\n");
        char *result = NULL;
        /* The switch answers when everything is done: snapshot written, root set, tokens migrated. */
        st = zks_provider_call_json(p, "devnet_sunset", "[{\"migrateTokens\":[\"ETH\",\"DAI\"]}]", 0, &result);
        if (st != ZKS_OK) die("devnet_sunset", st, zks_provider_errmsg(p));
        cJSON *r = cJSON_Parse(result);
        const cJSON *root = cJSON_GetObjectItem(r, "claimRoot"), *dist = cJSON_GetObjectItem(r, "distributor");
        printf("      claim root %s, distributor %s\n", cJSON_IsString(root) ? root->valuestring : "?",
               cJSON_IsString(dist) ? dist->valuestring : "?");
        cJSON_Delete(r);
        zks_free(result);

        printf("[2] an L2 transfer is refused\n");
        char hash[ZKS_TX_HASH_CHARS + 1];
        st = zks_wallet_transfer(w[0], d.address[1], "ETH", "1000000000000000", NULL, hash);
        expect_shut_down("transfer 0.001 ETH", st, zks_wallet_errmsg(w[0]));
        int64_t code = 0;
        (void)zks_provider_last_error(p, &code);
        printf("      %-28s    server code %lld: %s\n", "", (long long)code, zks_provider_errmsg(p));
        if (code != 305) die("transfer", st, "expected server code 305");

        printf("[3] an L1 deposit is refused\n");
        zks_l1_result lr;
        st = zks_wallet_deposit(w[0], NULL, "ETH", "1000000000000000", 30000, &lr);
        expect_shut_down("deposit 0.001 ETH", st, zks_wallet_errmsg(w[0]));
    }
    for (int i = 0; i < 2; i++) zks_wallet_free(w[i]);
    zks_eth_rpc_free(e);
    zks_provider_free(p);
    return 0;
}
