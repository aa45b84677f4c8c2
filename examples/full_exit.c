/* Full exit: leave zkSync through L1 alone (what a user does when the
 * operator ignores their transactions), then withdraw the pending balance.
 *
 *   build/examples/full_exit <devnet state file> [TOKEN]
 *
 * Uses the devnet's third funded account: deposits 1 ETH (and some TOKEN,
 * default DAI) so that it has an account, requests requestFullExit on L1 for
 * TOKEN, waits until the exit is verified, and withdraws the pending balance
 * to its L1 address. Exits with status 1 on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "zksync.h"

static int read_state(const char *path, char *l1, char *zk, size_t cap, uint8_t key[32])
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return -1;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *j = cJSON_Parse(buf);
    if (j == NULL) return -1;
    int rc = -1;
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "accounts"), 2);
    const cJSON *k = cJSON_GetObjectItem(a, "privateKey");
    const cJSON *u1 = cJSON_GetObjectItem(j, "l1Url"), *u2 = cJSON_GetObjectItem(j, "zksyncUrl");
    if (cJSON_IsString(k) && strlen(k->valuestring) == 66 && cJSON_IsString(u1) && cJSON_IsString(u2)) {
        snprintf(l1, cap, "%s", u1->valuestring);
        snprintf(zk, cap, "%s", u2->valuestring);
        for (int i = 0; i < 32; i++) {
            unsigned v;
            sscanf(k->valuestring + 2 + 2 * i, "%2x", &v);
            key[i] = (uint8_t)v;
        }
        rc = 0;
    }
    cJSON_Delete(j);
    return rc;
}

static zks_wallet *w;

static void die(const char *what, zks_status st)
{
    const char *d = zks_wallet_errmsg(w);
    fprintf(stderr, "full_exit: %s: %s%s%s\n", what, zks_strerror(st), *d ? ": " : "", d);
    exit(1);
}

#define TRY(what, expr)                                                        \
    do {                                                                       \
        zks_status st_ = (expr);                                               \
        if (st_ != ZKS_OK) die((what), st_);                                   \
    } while (0)

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s <devnet state file> [TOKEN]\n", argv[0]);
        return 2;
    }
    const char *symbol = argc > 2 ? argv[2] : "DAI";
    char l1_url[256], zk_url[256];
    uint8_t key[32];
    if (read_state(argv[1], l1_url, zk_url, sizeof l1_url, key) != 0) {
        fprintf(stderr, "full_exit: cannot read %s\n", argv[1]);
        return 2;
    }
    zks_provider *p = NULL;
    zks_eth_rpc *e = NULL;
    if (zks_provider_new(zk_url, &p) != ZKS_OK || zks_eth_rpc_new(l1_url, &e) != ZKS_OK) {
        fprintf(stderr, "full_exit: cannot create clients\n");
        return 1;
    }
    zks_status st = zks_wallet_new(p, e, 0, key, &w);
    zks_memzero(key, sizeof key);
    if (st != ZKS_OK) die("wallet", st);
    char addr[ZKS_ETH_ADDRESS_CHARS + 1];
    TRY("address", zks_wallet_address(w, addr));
    zks_token tok;
    TRY("token", zks_provider_resolve_token(p, symbol, &tok));
    printf("account %s, exiting %s\n", addr, tok.symbol);

    /* make sure there is something to exit */
    zks_l1_result r;
    zks_tx_info info;
    char amount[ZKS_AMOUNT_CHARS + 1];
    TRY("amount", zks_token_parse("12.5", tok.decimals, amount, sizeof amount));
    TRY("deposit ETH", zks_wallet_deposit(w, NULL, "ETH", "1000000000000000000", 60000, &r));
    TRY("wait", zks_wallet_wait_ethop(w, r.serial_id, ZKS_WAIT_COMMITTED, 60000, &info));
    if (tok.id != 0) {
        TRY("deposit token", zks_wallet_deposit(w, NULL, tok.symbol, amount, 60000, &r));
        TRY("wait", zks_wallet_wait_ethop(w, r.serial_id, ZKS_WAIT_COMMITTED, 60000, &info));
    }
    char l2[ZKS_AMOUNT_CHARS + 1], l1_before[ZKS_AMOUNT_CHARS + 1], l1_after[ZKS_AMOUNT_CHARS + 1];
    char f[ZKS_TOKEN_CHARS + 1];
    uint32_t id;
    TRY("account id", zks_wallet_account_id(w, &id));
    TRY("balance", zks_wallet_balance(w, tok.symbol, ZKS_ACCOUNT_COMMITTED, l2));
    TRY("format", zks_token_format(l2, tok.decimals, f, sizeof f));
    printf("  zkSync account %u holds %s %s\n", id, f, tok.symbol);

    /* 1. request the exit on L1 (no zkSync signature needed) */
    TRY("requestFullExit", zks_wallet_full_exit(w, tok.symbol, 60000, &r));
    printf("  requestFullExit  L1 tx %s, priority op #%llu\n", r.tx_hash, (unsigned long long)r.serial_id);
    /* 2. wait until the operator has executed and the block is verified */
    TRY("waiting for the exit", zks_wallet_wait_ethop(w, r.serial_id, ZKS_WAIT_VERIFIED, 60000, &info));
    printf("  exit verified in zkSync block %llu\n", (unsigned long long)info.block_number);
    /* 3. the amount is now a pending balance in the contract */
    zks_l1 *l1 = zks_wallet_l1(w);
    char pend[ZKS_AMOUNT_CHARS + 1] = "0";
    for (int i = 0; i < 300 && strcmp(pend, "0") == 0; i++) {
        TRY("pending balance", zks_l1_pending_balance(l1, tok.address, NULL, pend));
        if (strcmp(pend, "0") == 0) {
            struct timespec ts = {0, 100000000};
            nanosleep(&ts, NULL);
        }
    }
    TRY("format", zks_token_format(pend, tok.decimals, f, sizeof f));
    printf("  pending balance on L1: %s %s\n", f, tok.symbol);
    if (strcmp(pend, l2) != 0) {
        fprintf(stderr, "full_exit: pending balance %s differs from the L2 balance %s\n", pend, l2);
        return 1;
    }
    /* 4. withdraw it to the account's L1 address */
    TRY("L1 balance", zks_wallet_l1_balance(w, tok.symbol, l1_before));
    TRY("withdrawPendingBalance", zks_wallet_withdraw_pending_balance(w, tok.symbol, NULL, 60000, &r));
    TRY("L1 balance", zks_wallet_l1_balance(w, tok.symbol, l1_after));
    printf("  withdrawPendingBalance L1 tx %s (gas %llu)\n", r.tx_hash, (unsigned long long)r.gas_used);
    char fb[ZKS_TOKEN_CHARS + 1], fa[ZKS_TOKEN_CHARS + 1];
    TRY("format", zks_token_format(l1_before, tok.decimals, fb, sizeof fb));
    TRY("format", zks_token_format(l1_after, tok.decimals, fa, sizeof fa));
    printf("  L1 balance: %s -> %s %s\n", fb, fa, tok.symbol);
    TRY("balance", zks_wallet_balance(w, tok.symbol, ZKS_ACCOUNT_COMMITTED, l2));
    if (strcmp(l2, "0") != 0) {
        fprintf(stderr, "full_exit: L2 balance is %s after the exit\n", l2);
        return 1;
    }
    zks_wallet_free(w);
    zks_eth_rpc_free(e);
    zks_provider_free(p);
    printf("full exit done\n");
    return 0;
}
