/* Client-side cost of preparing and submitting a batch of 100 Transfers (zkSync
 * signature and JSON for each, one Ethereum signature over the batch message,
 * submit_txs_batch) against a running devnet, compared with zksync.js 0.13.1
 * Wallet.syncMultiTransfer against the same devnet in the same run
 * (node bench/ref_submit.js). The devnet's own handler time (signature checks
 * included), read from devnet_info.handlerMicros, is subtracted on both sides.
 * Usage: bench_submit <devnet statefile> [seconds]; skipped without a state file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "zksync.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, zks_status st, zks_provider *p)
{
    fprintf(stderr, "bench_submit: %s: %s%s%s\n", what, zks_strerror(st), p ? ": " : "", p ? zks_provider_errmsg(p) : "");
    exit(1);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static double handler_seconds(zks_provider *p)
{
    char *res = NULL;
    zks_status st = zks_provider_call_json(p, "devnet_info", "[]", 1, &res);
    if (st != ZKS_OK) die("devnet_info", st, p);
    cJSON *j = cJSON_Parse(res);
    double us = cJSON_GetNumberValue(cJSON_GetObjectItem(j, "handlerMicros"));
    cJSON_Delete(j);
    zks_free(res);
    return us / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) { printf("bench_submit: no devnet state file given; skipped\n"); return 0; }
    double secs = argc > 2 ? atof(argv[2]) : 3.0;
    char *text = slurp(argv[1]);
    cJSON *stj = text ? cJSON_Parse(text) : NULL;
    if (!stj) { fprintf(stderr, "bench_submit: cannot read %s\n", argv[1]); return 1; }
    const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(stj, "zksyncUrl"));
    cJSON *accounts = cJSON_GetObjectItem(stj, "accounts");
    const char *key_hex = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(accounts, 6), "privateKey"));
    const char *to_text = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(accounts, 7), "address"));
    uint8_t eth_key[32], zk_key[32], from[20], to[20];
    char from_text[43];
    zks_status st;
    for (int i = 0; i < 32; i++) sscanf(key_hex + 2 + 2 * i, "%2hhx", &eth_key[i]);
    if ((st = zks_eth_address_from_privkey(eth_key, from)) != ZKS_OK) die("address", st, NULL);
    if ((st = zks_eth_address_to_checksum(from, from_text)) != ZKS_OK) die("checksum", st, NULL);
    if ((st = zks_eth_address_parse(to_text, to)) != ZKS_OK) die("to", st, NULL);
    if ((st = zks_privkey_from_eth_privkey(eth_key, 9, zk_key)) != ZKS_OK) die("zk key", st, NULL);

    zks_provider *p = NULL;
    if ((st = zks_provider_new(url, &p)) != ZKS_OK) die("provider", st, NULL);
    zks_account *acc = NULL;
    zks_account_info info;
    if ((st = zks_provider_account_info(p, from_text, &acc)) != ZKS_OK) die("account_info", st, p);
    if ((st = zks_account_get_info(acc, &info)) != ZKS_OK || !info.has_id) die("account (run ref_submit.js setup first)", st, p);
    zks_account_free(acc);
    zks_fee fee;
    if ((st = zks_provider_get_tx_fee(p, "Transfer", to_text, "ETH", &fee)) != ZKS_OK) die("fee", st, p);

    uint32_t nonce = info.committed_nonce;
    int batches = 0;
    double client = 0;
    static char parts_buf[100][200];
    static char hashes[100 * 80];
    const char *parts[100];
    double start = now();
    while (now() - start < secs || batches < 2) {
        double h0 = handler_seconds(p);
        double t0 = now();
        size_t cap = 100 * 1200, len = 1, n;
        char *txs = malloc(cap);
        txs[0] = '[';
        for (uint32_t i = 0; i < 100; i++) {
            zks_transfer t = ZKS_TRANSFER_INIT;
            uint8_t sig[ZKS_MUSIG_BYTES];
            char *json = NULL;
            t.account_id = info.id;
            memcpy(t.from, from, 20);
            memcpy(t.to, to, 20);
            t.token = 0;
            t.amount = "1000000000";
            t.fee = fee.total_fee;
            t.nonce = nonce + i;
            if ((st = zks_tx_sign(ZKS_TX_TRANSFER, &t, zk_key, sig)) != ZKS_OK) die("sign", st, NULL);
            if ((st = zks_tx_to_json(ZKS_TX_TRANSFER, &t, sig, &json)) != ZKS_OK) die("json", st, NULL);
            if ((st = zks_tx_eth_message_part(ZKS_TX_TRANSFER, &t, "ETH", 18, parts_buf[i], sizeof parts_buf[i], &n)) != ZKS_OK)
                die("part", st, NULL);
            parts[i] = parts_buf[i];
            len += (size_t)snprintf(txs + len, cap - len, "%s{\"tx\":%s,\"signature\":null}", i ? "," : "", json);
            zks_free(json);
        }
        snprintf(txs + len, cap - len, "]");
        char msg[100 * 200 + 32], sigobj[200];
        uint8_t esig[65];
        if ((st = zks_batch_eth_message(parts, 100, nonce, msg, sizeof msg, &n)) != ZKS_OK) die("batch message", st, NULL);
        if ((st = zks_eth_personal_sign(eth_key, (const uint8_t *)msg, n, esig)) != ZKS_OK) die("eth sign", st, NULL);
        n = (size_t)snprintf(sigobj, sizeof sigobj, "{\"type\":\"EthereumSignature\",\"signature\":\"0x");
        for (int i = 0; i < 65; i++) n += (size_t)snprintf(sigobj + n, sizeof sigobj - n, "%02x", esig[i]);
        snprintf(sigobj + n, sizeof sigobj - n, "\"}");
        size_t count = 0;
        st = zks_provider_submit_txs_batch(p, txs, sigobj, NULL, 0, hashes, 100, &count);
        double t1 = now();
        free(txs);
        if (st != ZKS_OK || count != 100) die("submit_txs_batch", st, p);
        double h1 = handler_seconds(p);
        client += (t1 - t0) - (h1 - h0);
        nonce += 100;
        batches++;
    }
    double c_rate = batches / client;

    char cmd[600], line[256], name[64];
    double ref = 0, v;
    snprintf(cmd, sizeof cmd, "node bench/ref_submit.js '%s' bench %g", argv[1], secs);
    FILE *pp = popen(cmd, "r");
    while (pp && fgets(line, sizeof line, pp))
        if (sscanf(line, "%63s %lf", name, &v) == 2 && strcmp(name, "batch100_submit") == 0) ref = v;
    if (pp) pclose(pp);
    printf("%-22s %14s %14s %9s\n", "operation", "libzksync/s", "reference/s", "ratio");
    if (ref > 0)
        printf("%-22s %14.2f %14.3f %8.1fx\n", "batch100_submit", c_rate, ref, c_rate / ref);
    else
        printf("%-22s %14.2f %14s %9s\n", "batch100_submit", c_rate, "-", "-");
    printf("(batches of 100 Transfers prepared and submitted per second of client time; the devnet's handler time "
           "is subtracted on both sides; reference: zksync.js 0.13.1 Wallet.syncMultiTransfer)\n");
    zks_provider_free(p);
    cJSON_Delete(stj);
    zks_memzero(eth_key, sizeof eth_key);
    zks_memzero(zk_key, sizeof zk_key);
    return 0;
}
