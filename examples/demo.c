/* libzksync demo: a full zkSync Lite round trip on the local devnet.
 *
 *   build/examples/demo <devnet state file>     (examples/run-demo.sh starts the devnet)
 *
 * Two accounts (A and B, the devnet's first funded accounts): deposit ETH and
 * ERC20s from L1, set the signing keys (A on-chain, B with an ECDSA
 * signature), transfer, a batch with one Ethereum signature, a swap of two
 * limit orders, mint and transfer an NFT, a fast withdrawal, a full exit, and
 * the pending-balance withdrawal on L1. Each step prints its hash, status and
 * the balances. Exits with status 1 at the first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "zksync.h"

#define WAIT_MS 30000u

typedef struct {
    char l1_url[128], zk_url[128];
    uint64_t chain_id;
    uint8_t key[3][32];
    char address[3][43];
} devnet_state;

static int read_state(const char *path, devnet_state *s)
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
    const cJSON *l1 = cJSON_GetObjectItem(j, "l1Url"), *zk = cJSON_GetObjectItem(j, "zksyncUrl");
    const cJSON *chain = cJSON_GetObjectItem(j, "chainId"), *accs = cJSON_GetObjectItem(j, "accounts");
    if (cJSON_IsString(l1) && cJSON_IsString(zk) && cJSON_IsNumber(chain) && cJSON_GetArraySize(accs) >= 3) {
        snprintf(s->l1_url, sizeof s->l1_url, "%s", l1->valuestring);
        snprintf(s->zk_url, sizeof s->zk_url, "%s", zk->valuestring);
        s->chain_id = (uint64_t)chain->valuedouble;
        rc = 0;
        for (int i = 0; i < 3; i++) {
            const cJSON *a = cJSON_GetArrayItem(accs, i);
            const cJSON *k = cJSON_GetObjectItem(a, "privateKey"), *ad = cJSON_GetObjectItem(a, "address");
            if (!cJSON_IsString(k) || !cJSON_IsString(ad) || strlen(k->valuestring) != 66) {
                rc = -1;
                break;
            }
            snprintf(s->address[i], sizeof s->address[i], "%s", ad->valuestring);
            for (int b = 0; b < 32; b++) {
                unsigned v;
                sscanf(k->valuestring + 2 + 2 * b, "%2x", &v);
                s->key[i][b] = (uint8_t)v;
            }
        }
    }
    cJSON_Delete(j);
    return rc;
}

static zks_wallet *wa, *wb;
static char addr_a[43], addr_b[43];

static void fail(const char *what, zks_status st, const char *detail)
{
    printf("FAILED: %s: %s (%d)%s%s\n", what, zks_strerror(st), (int)st, detail && *detail ? ": " : "",
           detail ? detail : "");
    exit(1);
}

#define CHECK(what, expr, w)                                                   \
    do {                                                                       \
        zks_status st_ = (expr);                                               \
        if (st_ != ZKS_OK) fail((what), st_, zks_wallet_errmsg(w));            \
    } while (0)

/* Formats base units with the token's decimals ("1.5"). */
static const char *fmt(const char *amount, uint32_t decimals, char *buf)
{
    if (zks_token_format(amount, decimals, buf, (ZKS_TOKEN_CHARS + 1)) != ZKS_OK) snprintf(buf, 8, "?");
    return buf;
}

static void balances(const char *label, zks_wallet *w)
{
    static const char *const syms[] = {"ETH", "DAI", "USDC"};
    static const uint32_t decs[] = {18, 18, 6};
    printf("      %s L2:", label);
    for (int i = 0; i < 3; i++) {
        char v[ZKS_AMOUNT_CHARS + 1], f[ZKS_TOKEN_CHARS + 1];
        CHECK("balance", zks_wallet_balance(w, syms[i], ZKS_ACCOUNT_COMMITTED, v), w);
        printf(" %s %s", fmt(v, decs[i], f), syms[i]);
    }
    printf("   L1:");
    for (int i = 0; i < 3; i++) {
        char v[ZKS_AMOUNT_CHARS + 1], f[ZKS_TOKEN_CHARS + 1];
        CHECK("L1 balance", zks_wallet_l1_balance(w, syms[i], v), w);
        printf(" %s %s", fmt(v, decs[i], f), syms[i]);
    }
    printf("\n");
}

static int step_no;
static void step(const char *title)
{
    printf("\n[%d] %s\n", ++step_no, title);
}

static void wait_tx(zks_wallet *w, const char *what, const char *hash, uint32_t level)
{
    zks_tx_info info;
    zks_status st = zks_wallet_wait_tx(w, hash, level, WAIT_MS, &info);
    printf("      %-22s %s  -> %s in block %llu\n", what, hash,
           st == ZKS_OK ? (level == ZKS_WAIT_VERIFIED ? "verified" : "committed") : "FAILED",
           (unsigned long long)info.block_number);
    if (st != ZKS_OK) fail(what, st, zks_wallet_errmsg(w));
}

static void wait_l1(zks_wallet *w, const char *what, const zks_l1_result *r, uint32_t level)
{
    printf("      %-22s L1 tx %s (block %llu, gas %llu)", what, r->tx_hash, (unsigned long long)r->block_number,
           (unsigned long long)r->gas_used);
    if (r->approve_tx_hash[0]) printf(" after approve %s", r->approve_tx_hash);
    if (!r->has_serial_id) {
        printf("\n");
        return;
    }
    zks_tx_info info;
    zks_status st = zks_wallet_wait_ethop(w, r->serial_id, level, WAIT_MS, &info);
    printf("\n      %-22s priority op #%llu -> %s in block %llu\n", "", (unsigned long long)r->serial_id,
           st == ZKS_OK ? (level == ZKS_WAIT_VERIFIED ? "verified" : "committed") : "FAILED",
           (unsigned long long)info.block_number);
    if (st != ZKS_OK) fail(what, st, zks_wallet_errmsg(w));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <devnet state file>\n", argv[0]);
        return 2;
    }
    devnet_state s;
    if (read_state(argv[1], &s) != 0) {
        fprintf(stderr, "cannot read devnet state %s\n", argv[1]);
        return 2;
    }
    printf("libzksync %s demo on zkSync %s (L1 %s, chain id %llu)\n", zks_version_string(), s.zk_url, s.l1_url,
           (unsigned long long)s.chain_id);

    zks_provider *pa, *pb;
    zks_eth_rpc *ea, *eb;
    if (zks_provider_new(s.zk_url, &pa) != ZKS_OK || zks_provider_new(s.zk_url, &pb) != ZKS_OK ||
        zks_eth_rpc_new(s.l1_url, &ea) != ZKS_OK || zks_eth_rpc_new(s.l1_url, &eb) != ZKS_OK) {
        printf("FAILED: cannot create clients\n");
        return 1;
    }
    zks_status st = zks_wallet_new(pa, ea, s.chain_id, s.key[0], &wa);
    if (st != ZKS_OK) fail("wallet A", st, zks_provider_errmsg(pa));
    st = zks_wallet_new(pb, eb, s.chain_id, s.key[1], &wb);
    if (st != ZKS_OK) fail("wallet B", st, zks_provider_errmsg(pb));
    char pkh[ZKS_PUBKEY_HASH_CHARS + 1];
    CHECK("address", zks_wallet_address(wa, addr_a), wa);
    CHECK("address", zks_wallet_address(wb, addr_b), wb);
    CHECK("pkh", zks_wallet_pubkey_hash(wa, pkh, NULL), wa);
    printf("  A %s  zkSync key %s\n", addr_a, pkh);
    CHECK("pkh", zks_wallet_pubkey_hash(wb, pkh, NULL), wb);
    printf("  B %s  zkSync key %s\n", addr_b, pkh);

    zks_l1_result r;
    char h[ZKS_TX_HASH_CHARS + 1], h2[ZKS_TX_HASH_CHARS + 1];

    step("Deposits from L1: A 2 ETH + 1000 DAI, B 1 ETH + 500 USDC");
    CHECK("deposit ETH", zks_wallet_deposit(wa, NULL, "ETH", "2000000000000000000", WAIT_MS, &r), wa);
    wait_l1(wa, "A deposit ETH", &r, ZKS_WAIT_COMMITTED);
    CHECK("deposit DAI", zks_wallet_deposit(wa, NULL, "DAI", "1000000000000000000000", WAIT_MS, &r), wa);
    wait_l1(wa, "A deposit DAI", &r, ZKS_WAIT_COMMITTED);
    CHECK("deposit ETH", zks_wallet_deposit(wb, NULL, "ETH", "1000000000000000000", WAIT_MS, &r), wb);
    wait_l1(wb, "B deposit ETH", &r, ZKS_WAIT_COMMITTED);
    CHECK("deposit USDC", zks_wallet_deposit(wb, NULL, "USDC", "500000000", WAIT_MS, &r), wb);
    wait_l1(wb, "B deposit USDC", &r, ZKS_WAIT_COMMITTED);
    uint32_t id_a, id_b;
    CHECK("account id", zks_wallet_account_id(wa, &id_a), wa);
    CHECK("account id", zks_wallet_account_id(wb, &id_b), wb);
    printf("      account ids: A %u, B %u\n", id_a, id_b);
    balances("A", wa);
    balances("B", wb);

    step("Set signing keys: A on-chain (setAuthPubkeyHash + ChangePubKey), B with an ECDSA signature");
    CHECK("set key A", zks_wallet_set_signing_key(wa, ZKS_CPK_ONCHAIN, "ETH", NULL, h), wa);
    wait_tx(wa, "A ChangePubKey", h, ZKS_WAIT_COMMITTED);
    CHECK("set key B", zks_wallet_set_signing_key(wb, ZKS_CPK_ECDSA, "USDC", NULL, h), wb);
    wait_tx(wb, "B ChangePubKey", h, ZKS_WAIT_COMMITTED);
    int32_t ks;
    CHECK("key state", zks_wallet_signing_key_state(wa, &ks), wa);
    if (ks != ZKS_SIGNING_KEY_OURS) fail("key state A", ZKS_ERR_STATE, "not set");

    step("Transfer 0.1 ETH from A to B");
    CHECK("transfer", zks_wallet_transfer(wa, addr_b, "ETH", "100000000000000000", NULL, h), wa);
    wait_tx(wa, "A -> B transfer", h, ZKS_WAIT_COMMITTED);
    balances("A", wa);
    balances("B", wb);

    step("Batch from A with one Ethereum signature: 0.01 ETH to B, 10 DAI to B, fee in ETH");
    {
        const char *to[2] = {addr_b, addr_b};
        const char *tok[2] = {"ETH", "DAI"};
        const char *amt[2] = {"10000000000000000", "10000000000000000000"};
        char hashes[3 * (ZKS_TX_HASH_CHARS + 1)];
        size_t n = 0;
        CHECK("batch", zks_wallet_transfer_batch(wa, to, tok, amt, 2, "ETH", NULL, hashes, 3, &n), wa);
        for (size_t i = 0; i < n; i++) wait_tx(wa, "batch tx", hashes + i * (ZKS_TX_HASH_CHARS + 1), ZKS_WAIT_COMMITTED);
    }
    balances("A", wa);
    balances("B", wb);

    step("Swap of two limit orders: A sells DAI for USDC, B sells USDC for DAI, at 1:1; 5 DAI <-> 5 USDC");
    {
        char *oa = NULL, *ob = NULL;
        CHECK("order A", zks_wallet_sign_order(wa, NULL, "DAI", "USDC", "1000000000000000000", "1000000", NULL, &oa),
              wa);
        CHECK("order B", zks_wallet_sign_order(wb, NULL, "USDC", "DAI", "1000000", "1000000000000000000", NULL, &ob),
              wb);
        printf("      order A %.90s...\n", oa);
        CHECK("swap", zks_wallet_swap(wa, oa, ob, "5000000000000000000", "5000000", "ETH", NULL, h), wa);
        zks_free(oa);
        zks_free(ob);
        wait_tx(wa, "A submits swap", h, ZKS_WAIT_COMMITTED);
    }
    balances("A", wa);
    balances("B", wb);

    step("Mint an NFT on A and transfer it to B (2-tx batch: NFT + fee)");
    uint32_t nft_id = 0;
    {
        uint8_t content[32];
        CHECK("keccak", zks_keccak256((const uint8_t *)"libzksync demo", 14, content), wa);
        CHECK("mint", zks_wallet_mint_nft(wa, NULL, content, "ETH", NULL, h), wa);
        wait_tx(wa, "A MintNFT", h, ZKS_WAIT_COMMITTED);
        zks_provider *p;
        if (zks_provider_new(s.zk_url, &p) != ZKS_OK) fail("provider", ZKS_ERR_NOMEM, "");
        st = zks_provider_get_nft_id_by_tx_hash(p, h, &nft_id);
        zks_provider_free(p);
        if (st != ZKS_OK) fail("get_nft_id_by_tx_hash", st, "");
        printf("      NFT id %u\n", nft_id);
        CHECK("transfer NFT", zks_wallet_transfer_nft(wa, addr_b, nft_id, "ETH", NULL, h, h2), wa);
        wait_tx(wa, "NFT transfer", h, ZKS_WAIT_COMMITTED);
        wait_tx(wa, "fee transfer", h2, ZKS_WAIT_COMMITTED);
        zks_provider *q;
        uint32_t owner = 0;
        if (zks_provider_new(s.zk_url, &q) != ZKS_OK) fail("provider", ZKS_ERR_NOMEM, "");
        for (int i = 0; i < 300; i++) { /* get_nft_owner answers from the verified state */
            if (zks_provider_get_nft_owner(q, nft_id, &owner) == ZKS_OK && owner == id_b) break;
            struct timespec ts = {0, 100000000};
            nanosleep(&ts, NULL);
        }
        zks_provider_free(q);
        printf("      NFT %u owner: account %u (B is %u)\n", nft_id, owner, id_b);
        if (owner != id_b) fail("NFT owner", ZKS_ERR_STATE, "B does not own the NFT");
    }

    step("Fast withdrawal of 0.5 ETH from A to L1 (credited as a pending balance when verified)");
    CHECK("withdraw", zks_wallet_withdraw(wa, NULL, "ETH", "500000000000000000", NULL, 1, h), wa);
    wait_tx(wa, "A fast withdraw", h, ZKS_WAIT_VERIFIED);

    step("Full exit of B's USDC requested on L1");
    CHECK("full exit", zks_wallet_full_exit(wb, "USDC", WAIT_MS, &r), wb);
    wait_l1(wb, "B full exit USDC", &r, ZKS_WAIT_VERIFIED);

    step("Withdraw the pending balances on L1 (A: ETH, B: USDC)");
    {
        zks_l1 *l1a = zks_wallet_l1(wa), *l1b = zks_wallet_l1(wb);
        char pend[ZKS_AMOUNT_CHARS + 1], f[ZKS_TOKEN_CHARS + 1];
        const char *usdc_addr = NULL;
        zks_token t;
        CHECK("token", zks_provider_resolve_token(pb, "USDC", &t) == ZKS_OK ? ZKS_OK : ZKS_ERR_NOT_FOUND, wb);
        usdc_addr = t.address;
        /* The operator credits pending balances with its execute transaction, right after verification. */
        for (int i = 0; i < 300; i++) {
            char pb2[ZKS_AMOUNT_CHARS + 1];
            if (zks_l1_pending_balance(l1a, ZKS_ETH_TOKEN_ADDRESS, NULL, pend) == ZKS_OK && strcmp(pend, "0") != 0 &&
                zks_l1_pending_balance(l1b, usdc_addr, NULL, pb2) == ZKS_OK && strcmp(pb2, "0") != 0)
                break;
            struct timespec ts = {0, 100000000};
            nanosleep(&ts, NULL);
        }
        CHECK("pending", zks_l1_pending_balance(l1a, ZKS_ETH_TOKEN_ADDRESS, NULL, pend), wa);
        printf("      A pending %s ETH\n", fmt(pend, 18, f));
        CHECK("withdraw pending A", zks_wallet_withdraw_pending_balance(wa, "ETH", NULL, WAIT_MS, &r), wa);
        wait_l1(wa, "A withdrawPending ETH", &r, ZKS_WAIT_COMMITTED);
        CHECK("pending", zks_l1_pending_balance(l1b, usdc_addr, NULL, pend), wb);
        printf("      B pending %s USDC\n", fmt(pend, 6, f));
        CHECK("withdraw pending B", zks_wallet_withdraw_pending_balance(wb, "USDC", NULL, WAIT_MS, &r), wb);
        wait_l1(wb, "B withdrawPending USDC", &r, ZKS_WAIT_COMMITTED);
    }
    balances("A", wa);
    balances("B", wb);

    zks_wallet_free(wa);
    zks_wallet_free(wb);
    zks_provider_free(pa);
    zks_provider_free(pb);
    zks_eth_rpc_free(ea);
    zks_eth_rpc_free(eb);
    printf("\ndemo: all steps passed\n");
    return 0;
}
