/* Exchange-style deposit: a hot wallet on L1 credits a customer's zkSync
 * account, waits until the priority operation is executed, and checks the
 * customer's balance.
 *
 *   build/examples/deposit <devnet state file> [TOKEN] [AMOUNT]
 *
 * TOKEN is a symbol from the devnet token list (default USDC), AMOUNT a decimal
 * token amount (default 25.5). The hot wallet is the devnet's first funded
 * account, the customer the second one (it needs no key or zkSync account:
 * the deposit creates it). Exits with status 1 on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "zksync.h"

static int read_state(const char *path, char *l1, char *zk, size_t cap, uint8_t hot_key[32], char customer[43])
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
    const cJSON *accs = cJSON_GetObjectItem(j, "accounts");
    const cJSON *a0 = cJSON_GetArrayItem(accs, 0), *a1 = cJSON_GetArrayItem(accs, 1);
    const cJSON *k = cJSON_GetObjectItem(a0, "privateKey"), *c = cJSON_GetObjectItem(a1, "address");
    const cJSON *u1 = cJSON_GetObjectItem(j, "l1Url"), *u2 = cJSON_GetObjectItem(j, "zksyncUrl");
    if (cJSON_IsString(k) && strlen(k->valuestring) == 66 && cJSON_IsString(c) && cJSON_IsString(u1) &&
        cJSON_IsString(u2)) {
        snprintf(l1, cap, "%s", u1->valuestring);
        snprintf(zk, cap, "%s", u2->valuestring);
        snprintf(customer, 43, "%s", c->valuestring);
        for (int i = 0; i < 32; i++) {
            unsigned v;
            sscanf(k->valuestring + 2 + 2 * i, "%2x", &v);
            hot_key[i] = (uint8_t)v;
        }
        rc = 0;
    }
    cJSON_Delete(j);
    return rc;
}

static int die(const char *what, zks_status st, const char *detail)
{
    fprintf(stderr, "deposit: %s: %s%s%s\n", what, zks_strerror(st), detail && *detail ? ": " : "",
            detail ? detail : "");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s <devnet state file> [TOKEN] [AMOUNT]\n", argv[0]);
        return 2;
    }
    const char *symbol = argc > 2 ? argv[2] : "USDC";
    const char *text_amount = argc > 3 ? argv[3] : "25.5";
    char l1_url[256], zk_url[256], customer[43];
    uint8_t hot_key[32];
    if (read_state(argv[1], l1_url, zk_url, sizeof l1_url, hot_key, customer) != 0) {
        fprintf(stderr, "deposit: cannot read %s\n", argv[1]);
        return 2;
    }
    zks_provider *p = NULL;
    zks_eth_rpc *e = NULL;
    zks_wallet *hot = NULL;
    int rc = 1;
    zks_status st;
    if ((st = zks_provider_new(zk_url, &p)) != ZKS_OK || (st = zks_eth_rpc_new(l1_url, &e)) != ZKS_OK) {
        rc = die("clients", st, "");
        goto out;
    }
    /* chain id 0: take it from the L1 node */
    if ((st = zks_wallet_new(p, e, 0, hot_key, &hot)) != ZKS_OK) {
        rc = die("hot wallet", st, zks_provider_errmsg(p));
        goto out;
    }
    zks_memzero(hot_key, sizeof hot_key);

    zks_token tok;
    char amount[ZKS_AMOUNT_CHARS + 1], before[ZKS_AMOUNT_CHARS + 1], after[ZKS_AMOUNT_CHARS + 1];
    if ((st = zks_provider_resolve_token(p, symbol, &tok)) != ZKS_OK) {
        rc = die("token", st, symbol);
        goto out;
    }
    if ((st = zks_token_parse(text_amount, tok.decimals, amount, sizeof amount)) != ZKS_OK) {
        rc = die("amount", st, text_amount);
        goto out;
    }
    zks_account *acc = NULL;
    if ((st = zks_provider_account_info(p, customer, &acc)) != ZKS_OK ||
        (st = zks_account_balance(acc, ZKS_ACCOUNT_COMMITTED, tok.symbol, before)) != ZKS_OK) {
        zks_account_free(acc);
        rc = die("account_info", st, zks_provider_errmsg(p));
        goto out;
    }
    zks_account_free(acc);
    printf("depositing %s %s (%s base units) from the hot wallet to %s\n", text_amount, tok.symbol, amount, customer);

    zks_l1_result r;
    st = zks_wallet_deposit(hot, customer, tok.symbol, amount, 60000, &r);
    if (st != ZKS_OK) {
        rc = die("deposit", st, zks_wallet_errmsg(hot));
        goto out;
    }
    if (r.approve_tx_hash[0]) printf("  approve  L1 tx %s\n", r.approve_tx_hash);
    printf("  deposit  L1 tx %s, block %llu, priority op #%llu\n", r.tx_hash, (unsigned long long)r.block_number,
           (unsigned long long)r.serial_id);
    zks_tx_info info;
    if ((st = zks_wallet_wait_ethop(hot, r.serial_id, ZKS_WAIT_COMMITTED, 60000, &info)) != ZKS_OK) {
        rc = die("waiting for the priority op", st, zks_wallet_errmsg(hot));
        goto out;
    }
    printf("  executed in zkSync block %llu\n", (unsigned long long)info.block_number);
    if ((st = zks_provider_account_info(p, customer, &acc)) != ZKS_OK ||
        (st = zks_account_balance(acc, ZKS_ACCOUNT_COMMITTED, tok.symbol, after)) != ZKS_OK) {
        zks_account_free(acc);
        rc = die("account_info", st, zks_provider_errmsg(p));
        goto out;
    }
    zks_account_free(acc);
    char fb[ZKS_TOKEN_CHARS + 1], fa[ZKS_TOKEN_CHARS + 1];
    if (zks_token_format(before, tok.decimals, fb, sizeof fb) != ZKS_OK ||
        zks_token_format(after, tok.decimals, fa, sizeof fa) != ZKS_OK) {
        rc = die("format", ZKS_ERR_INTERNAL, "");
        goto out;
    }
    printf("  customer balance: %s -> %s %s\n", fb, fa, tok.symbol);
    /* the customer's balance grew by the amount */
    rc = 0;
    {
        char sum[ZKS_AMOUNT_CHARS + 1];
        /* before + amount, checked digit by digit with long addition */
        size_t lb = strlen(before), la = strlen(amount), n = lb > la ? lb : la;
        int carry = 0;
        sum[n + 1] = '\0';
        for (size_t i = 0; i <= n; i++) {
            int d = carry + (i < lb ? before[lb - 1 - i] - '0' : 0) + (i < la ? amount[la - 1 - i] - '0' : 0);
            sum[n - i] = (char)('0' + d % 10);
            carry = d / 10;
        }
        const char *s = sum;
        while (*s == '0' && s[1] != '\0') s++;
        if (strcmp(s, after) != 0) rc = die("balance check", ZKS_ERR_STATE, "balance did not grow by the amount");
    }
out:
    zks_wallet_free(hot);
    zks_eth_rpc_free(e);
    zks_provider_free(p);
    return rc;
}
