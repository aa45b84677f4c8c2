/* Transaction and Ethereum-side throughput against zksync.js 0.13.1 / ethers 5.7.2
 * (node bench/ref_tx.js) measured in the same run; prints ops/s and the ratio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zksync.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint8_t eth_key[32], zk_key[32], from[20], to[20];
static const char *MNEMONIC = "test test test test test test test test test test test junk";

static void die(const char *what, zks_status st)
{
    fprintf(stderr, "bench_tx: %s: %s\n", what, zks_strerror(st));
    exit(1);
}

static void make_transfer(zks_transfer *t, uint32_t nonce)
{
    zks_transfer init = ZKS_TRANSFER_INIT;
    *t = init;
    t->account_id = 42;
    memcpy(t->from, from, 20);
    memcpy(t->to, to, 20);
    t->token = 0;
    t->amount = "1500000000000000000";
    t->fee = "100000000000000";
    t->nonce = nonce;
}

/* Struct -> signed server JSON, hash included (what a wallet does per transfer). */
static void op_transfer_sign(void)
{
    zks_transfer t;
    uint8_t sig[ZKS_MUSIG_BYTES], hash[32];
    char hs[ZKS_TX_HASH_CHARS + 1], *json = NULL;
    zks_status st;
    make_transfer(&t, 7);
    if ((st = zks_tx_sign(ZKS_TX_TRANSFER, &t, zk_key, sig)) != ZKS_OK) die("sign", st);
    if ((st = zks_tx_hash(ZKS_TX_TRANSFER, &t, hash, hs)) != ZKS_OK) die("hash", st);
    if ((st = zks_tx_to_json(ZKS_TX_TRANSFER, &t, sig, &json)) != ZKS_OK) die("json", st);
    zks_free(json);
}

/* 100 signed transfers plus one Ethereum signature over the batch message. */
static void op_batch100(void)
{
    char parts_buf[100][160];
    const char *parts[100];
    char *json[100];
    char msg[100 * 160 + 64];
    size_t len;
    uint8_t sig[ZKS_MUSIG_BYTES], esig[65];
    zks_status st;
    for (uint32_t i = 0; i < 100; i++) {
        zks_transfer t;
        make_transfer(&t, 7 + i);
        if ((st = zks_tx_sign(ZKS_TX_TRANSFER, &t, zk_key, sig)) != ZKS_OK) die("sign", st);
        if ((st = zks_tx_to_json(ZKS_TX_TRANSFER, &t, sig, &json[i])) != ZKS_OK) die("json", st);
        if ((st = zks_tx_eth_message_part(ZKS_TX_TRANSFER, &t, "ETH", 18, parts_buf[i], sizeof parts_buf[i], &len)) != ZKS_OK)
            die("part", st);
        parts[i] = parts_buf[i];
    }
    if ((st = zks_batch_eth_message(parts, 100, 7, msg, sizeof msg, &len)) != ZKS_OK) die("batch msg", st);
    if ((st = zks_eth_personal_sign(eth_key, (const uint8_t *)msg, len, esig)) != ZKS_OK) die("eth sign", st);
    for (int i = 0; i < 100; i++) zks_free(json[i]);
}

/* The zkSync signature alone (what the binding benchmark compares). */
static void op_tx_sign(void)
{
    zks_transfer t;
    uint8_t sig[ZKS_MUSIG_BYTES];
    make_transfer(&t, 7);
    zks_status st = zks_tx_sign(ZKS_TX_TRANSFER, &t, zk_key, sig);
    if (st != ZKS_OK) die("sign", st);
}

static void op_personal_sign(void)
{
    static const char m[] = "Transfer 1.5 ETH to: 0x1919191919191919191919191919191919191919\nFee: 0.0001 ETH\nNonce: 7";
    uint8_t sig[65];
    zks_status st = zks_eth_personal_sign(eth_key, (const uint8_t *)m, sizeof m - 1, sig);
    if (st != ZKS_OK) die("personal_sign", st);
}

/* As ethers HDNode.fromMnemonic + derivePath x100: one seed, 100 paths, 100 addresses. */
static void op_bip32_100(void)
{
    uint8_t seed[64], key[32], addr[20];
    char path[64];
    zks_status st = zks_bip39_mnemonic_to_seed(MNEMONIC, "", seed);
    if (st != ZKS_OK) die("seed", st);
    for (int i = 0; i < 100; i++) {
        snprintf(path, sizeof path, "m/44'/60'/0'/0/%d", i);
        if ((st = zks_eth_privkey_from_seed(seed, sizeof seed, path, key)) != ZKS_OK) die("derive", st);
        if ((st = zks_eth_address_from_privkey(key, addr)) != ZKS_OK) die("address", st);
    }
    zks_memzero(seed, sizeof seed);
    zks_memzero(key, sizeof key);
}

static double rate(void (*fn)(void), double secs)
{
    fn();
    long n = 0;
    double t0 = now(), t = t0;
    while (t - t0 < secs) { fn(); n++; t = now(); }
    return (double)n / (t - t0);
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 1.0;
    zks_status st;
    memset(eth_key, 0x01, sizeof eth_key);
    memset(to, 0x19, sizeof to);
    if ((st = zks_eth_address_from_privkey(eth_key, from)) != ZKS_OK) die("address", st);
    if ((st = zks_privkey_from_eth_privkey(eth_key, 9, zk_key)) != ZKS_OK) die("zk key", st);

    /* bench_tx <secs> tx_sign: print only "tx_sign <ops/s>" (for bench/run-bindings.sh). */
    if (argc > 2 && strcmp(argv[2], "tx_sign") == 0) {
        printf("tx_sign %.1f\n", rate(op_tx_sign, secs));
        return 0;
    }
    struct { const char *name; void (*fn)(void); double c, ref; } ops[] = {
        {"transfer_sign", op_transfer_sign, 0, 0},
        {"batch100", op_batch100, 0, 0},
        {"personal_sign", op_personal_sign, 0, 0},
        {"bip32_100_addresses", op_bip32_100, 0, 0},
    };
    size_t n_ops = sizeof ops / sizeof ops[0];
    for (size_t i = 0; i < n_ops; i++) ops[i].c = rate(ops[i].fn, secs);

    char cmd[128], line[256], name[64];
    double v;
    snprintf(cmd, sizeof cmd, "node bench/ref_tx.js %g", secs);
    FILE *p = popen(cmd, "r");
    int ref_ok = 0;
    while (p && fgets(line, sizeof line, p)) {
        if (sscanf(line, "%63s %lf", name, &v) != 2) continue;
        for (size_t i = 0; i < n_ops; i++)
            if (strcmp(name, ops[i].name) == 0) { ops[i].ref = v; ref_ok = 1; }
    }
    if (p) pclose(p);
    printf("%-22s %14s %14s %9s\n", "operation", "libzksync/s", "reference/s", "ratio");
    for (size_t i = 0; i < n_ops; i++) {
        if (ops[i].ref > 0)
            printf("%-22s %14.1f %14.2f %8.1fx\n", ops[i].name, ops[i].c, ops[i].ref, ops[i].c / ops[i].ref);
        else
            printf("%-22s %14.1f %14s %9s\n", ops[i].name, ops[i].c, "-", "-");
    }
    printf("(reference: zksync.js 0.13.1 Signer.signSyncTransfer + EthMessageSigner, ethers 5.7.2 "
           "Wallet.signMessage and HDNode.derivePath, node, same machine, same run)\n");
    if (!ref_ok) printf("(reference timings unavailable: node or tests/oracle/node_modules missing)\n");
    zks_memzero(eth_key, sizeof eth_key);
    zks_memzero(zk_key, sizeof zk_key);
    return 0;
}
