/* Wallet end to end on the devnet, second part: NFTs (mint, 2-tx transfer,
 * withdraw to L1 and withdrawPendingNFTBalance, full exit of an NFT), orders
 * and swaps (limit and market orders, submitter = an order owner or a third
 * account), forced exit of a locked account, full exit through the wallet, and
 * their failure paths. Balances and owners are checked. Under ZKS_QUICK only
 * the offline checks run. */
#include "harness.h"
#include "test_wallet_devnet.h"

static ztd_devnet dn;
static zks_provider *prov;
static zks_eth_rpc *rpc;

#define WAIT ZTD_WAIT




static int set_key(zks_wallet *w)
{
    char h[ZKS_TX_HASH_CHARS + 1];
    return zks_wallet_set_signing_key(w, ZKS_CPK_ECDSA, "ETH", NULL, h) == ZKS_OK && ztd_wait_ok(w, h, ZKS_WAIT_COMMITTED);
}

/* The NFTs an address holds in the committed state: count, and whether `id` is among them. */
static size_t nft_held(const char *address, uint32_t id, int *has)
{
    zks_account *acc = NULL;
    *has = 0;
    if (zks_provider_account_info(prov, address, &acc) != ZKS_OK) return (size_t)-1;
    size_t n = zks_account_nft_count(acc, ZKS_ACCOUNT_COMMITTED, 0);
    for (size_t i = 0; i < n; i++) {
        zks_nft nft;
        if (zks_account_nft_at(acc, ZKS_ACCOUNT_COMMITTED, 0, i, &nft) == ZKS_OK && nft.id == id) *has = 1;
    }
    zks_account_free(acc);
    return n;
}

static uint32_t mint(zks_wallet *w, const char *recipient, uint8_t tag)
{
    uint8_t content[32];
    memset(content, tag, sizeof content);
    char h[ZKS_TX_HASH_CHARS + 1];
    if (zks_wallet_mint_nft(w, recipient, content, "ETH", NULL, h) != ZKS_OK || !ztd_wait_ok(w, h, ZKS_WAIT_COMMITTED))
        return 0;
    uint32_t id = 0;
    if (zks_provider_get_nft_id_by_tx_hash(prov, h, &id) != ZKS_OK) return 0;
    return id;
}

static void offline_checks(void)
{
    char h[ZKS_TX_HASH_CHARS + 1], h2[ZKS_TX_HASH_CHARS + 1];
    char *o = (char *)1;
    ZT_CHECK_STATUS(zks_wallet_sign_order(NULL, NULL, "ETH", "DAI", "1", "1", NULL, &o), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(o == NULL);
    ZT_CHECK_STATUS(zks_wallet_swap(NULL, "{}", "{}", NULL, NULL, "ETH", NULL, h), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_wallet_transfer_nft(NULL, "0x", 65536, "ETH", NULL, h, h2), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_wallet_mint_nft(NULL, NULL, NULL, "ETH", NULL, h), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(h, sizeof h) && zt_all_zero(h2, sizeof h2));
}

int main(void)
{
    offline_checks();
    if (getenv("ZKS_QUICK") != NULL) ZT_END();
    if (ztd_start(&dn, "test_wallet_nft_swap", "") != 0) {
        ZT_CHECK_MSG(0, "devnet did not start");
        ZT_END();
    }
    ZT_CHECK(zks_provider_new(dn.zk_url, &prov) == ZKS_OK);
    ZT_CHECK(zks_eth_rpc_new(dn.l1_url, &rpc) == ZKS_OK);
    zks_wallet *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 9, dn.key[0], &a), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 9, dn.key[1], &b), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 9, dn.key[2], &c), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 9, dn.key[3], &d), ZKS_OK);
    if (a == NULL || b == NULL || c == NULL || d == NULL) ZT_END();
    char addr_a[43], addr_b[43], addr_c[43], addr_d[43];
    ZT_CHECK_STATUS(zks_wallet_address(a, addr_a), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_address(b, addr_b), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_address(c, addr_c), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_address(d, addr_d), ZKS_OK);

    ZT_CHECK(ztd_deposit(a, "ETH", "2000000000000000000"));
    ZT_CHECK(ztd_deposit(a, "DAI", "100000000000000000000"));
    ZT_CHECK(ztd_deposit(b, "ETH", "2000000000000000000"));
    ZT_CHECK(ztd_deposit(b, "USDC", "100000000"));
    ZT_CHECK(ztd_deposit(c, "ETH", "1000000000000000000"));
    ZT_CHECK(ztd_deposit(d, "WBTC", "100000000"));
    ZT_CHECK(set_key(a));
    ZT_CHECK(set_key(b));
    ZT_CHECK(set_key(c));
    char h[ZKS_TX_HASH_CHARS + 1], h2[ZKS_TX_HASH_CHARS + 1];
    uint32_t id_a = 0, id_b = 0, id_d = 0;
    ZT_CHECK_STATUS(zks_wallet_account_id(a, &id_a), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_account_id(b, &id_b), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_account_id(d, &id_d), ZKS_OK);

    /* ---- NFT: mint to self and to B, transfer, withdraw, full exit ---- */
    __int128 a_eth = ztd_zkbal(a, "ETH");
    uint32_t n1 = mint(a, NULL, 0x11);
    ZT_CHECK(n1 >= ZKS_NFT_TOKEN_MIN);
    ZT_CHECK(ztd_zkbal(a, "ETH") < a_eth); /* fee paid */
    int has = 0;
    ZT_CHECK(nft_held(addr_a, n1, &has) == 1 && has);
    uint32_t n2 = mint(a, addr_b, 0x22);
    ZT_CHECK(n2 == n1 + 1);
    ZT_CHECK(nft_held(addr_b, n2, &has) == 1 && has);
    {
        zks_nft nft;
        zks_status st = ZKS_ERR_NOT_FOUND;
        for (int i = 0; i < 300 && st != ZKS_OK; i++) { /* get_nft reads the verified state */
            st = zks_provider_get_nft(prov, n1, &nft);
            if (st != ZKS_OK) usleep(100000);
        }
        ZT_CHECK_STATUS(st, ZKS_OK);
        ZT_CHECK(nft.creator_id == id_a);
        ZT_CHECK_STR(nft.content_hash, "0x1111111111111111111111111111111111111111111111111111111111111111");
    }
    a_eth = ztd_zkbal(a, "ETH");
    ZT_CHECK_STATUS(zks_wallet_transfer_nft(a, addr_c, n1, "ETH", NULL, h, h2), ZKS_OK);
    ZT_CHECK(strcmp(h, h2) != 0);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED) && ztd_wait_ok(a, h2, ZKS_WAIT_COMMITTED));
    ZT_CHECK(nft_held(addr_a, n1, &has) == 0 && !has);
    ZT_CHECK(nft_held(addr_c, n1, &has) == 1 && has);
    ZT_CHECK(ztd_zkbal(a, "ETH") < a_eth);
    /* not ours any more: the NFT transfer fails at execution */
    ZT_CHECK_STATUS(zks_wallet_transfer_nft(a, addr_c, n1, "ETH", NULL, h, h2), ZKS_OK);
    zks_tx_info ti;
    ZT_CHECK_STATUS(zks_wallet_wait_tx(a, h, ZKS_WAIT_COMMITTED, WAIT, &ti), ZKS_ERR_TX_FAILED);
    ZT_CHECK_STR(ti.fail_reason, "Not enough nft balance");
    ZT_CHECK_STATUS(zks_wallet_transfer_nft(a, addr_c, 5, "ETH", NULL, h, h2), ZKS_ERR_INVALID_TX);
    /* C withdraws the NFT to L1 (fast), then takes it out of the contract */
    ZT_CHECK_STATUS(zks_wallet_withdraw_nft(c, NULL, n1, "ETH", NULL, 1, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(c, h, ZKS_WAIT_VERIFIED));
    ZT_CHECK(nft_held(addr_c, n1, &has) == 0 && !has);
    {
        zks_l1_result r;
        zks_status st = ZKS_ERR_L1_REVERT;
        for (int i = 0; i < 300 && st == ZKS_ERR_L1_REVERT; i++) { /* credited by the operator after verification */
            st = zks_l1_withdraw_pending_nft(zks_wallet_l1(c), n1, WAIT, &r);
            if (st == ZKS_ERR_L1_REVERT) usleep(100000);
        }
        ZT_CHECK_STATUS(st, ZKS_OK);
        ZT_CHECK(r.mined == 1);
        ZT_CHECK_STATUS(zks_l1_withdraw_pending_nft(zks_wallet_l1(c), n1, WAIT, &r), ZKS_ERR_L1_REVERT);
        ZT_CHECK_STR(zks_l1_errmsg(zks_wallet_l1(c)), "op");
    }
    /* B exits its NFT through L1 */
    {
        zks_l1_result r;
        char tok[16];
        snprintf(tok, sizeof tok, "%u", n2);
        ZT_CHECK_STATUS(zks_wallet_full_exit(b, tok, WAIT, &r), ZKS_OK);
        ZT_CHECK(r.has_serial_id);
        ZT_CHECK_STATUS(zks_wallet_wait_ethop(b, r.serial_id, ZKS_WAIT_COMMITTED, WAIT, NULL), ZKS_OK);
        ZT_CHECK(nft_held(addr_b, n2, &has) == 0 && !has);
    }

    /* ---- swaps ---- */
    __int128 a_dai = ztd_zkbal(a, "DAI"), a_usdc = ztd_zkbal(a, "USDC"), b_dai = ztd_zkbal(b, "DAI"), b_usdc = ztd_zkbal(b, "USDC");
    char *oa = NULL, *ob = NULL;
    /* limit orders at 1 DAI = 1 USDC, submitted by a third account C */
    ZT_CHECK_STATUS(zks_wallet_sign_order(a, NULL, "DAI", "USDC", "1000000000000000000", "1000000", NULL, &oa), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_sign_order(b, NULL, "USDC", "DAI", "1000000", "1000000000000000000", "0", &ob), ZKS_OK);
    ZT_CHECK(oa != NULL && strstr(oa, "\"ethSignature\":\"0x") != NULL && strstr(oa, "\"amount\":\"0\"") != NULL);
    ZT_CHECK_STATUS(zks_wallet_swap(c, oa, ob, NULL, NULL, "ETH", NULL, h), ZKS_ERR_INVALID_ARG); /* limit: amounts needed */
    ZT_CHECK_STATUS(zks_wallet_swap(c, "{\"accountId\":1}", ob, "1", "1", "ETH", NULL, h), ZKS_ERR_JSON);
    ZT_CHECK_STATUS(zks_wallet_swap(c, "not json", ob, "1", "1", "ETH", NULL, h), ZKS_ERR_JSON);
    {
        /* validFrom above u64::MAX or fractional: refused, not clamped or truncated */
        const char *bad[3] = {"\"validFrom\":\"18446744073709551616\"", "\"validFrom\":\"99999999999999999999999\"",
                              "\"validFrom\":1.5"};
        for (int i = 0; i < 3; i++) {
            size_t n = strlen(oa) + 64;
            char *t = malloc(n);
            ZT_CHECK(t != NULL && oa[0] == '{');
            if (t == NULL) break;
            snprintf(t, n, "{%s,%s", bad[i], oa + 1);
            ZT_CHECK_STATUS(zks_wallet_swap(c, t, ob, "1", "1", "ETH", NULL, h), ZKS_ERR_JSON);
            free(t);
        }
        char *t = malloc(strlen(oa) + 64);
        if (t != NULL) { /* u64::MAX itself parses (then fails as an order: valid_from > valid_until) */
            snprintf(t, strlen(oa) + 64, "{\"validFrom\":\"18446744073709551615\",%s", oa + 1);
            ZT_CHECK_STATUS(zks_wallet_swap(c, t, ob, "1", "1", "ETH", NULL, h), ZKS_ERR_INVALID_TX);
            free(t);
        }
    }
    ZT_CHECK_STATUS(zks_wallet_swap(c, oa, ob, "5000000000000000000", "5000000", "ETH", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(c, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK(ztd_zkbal(a, "DAI") == a_dai - ztd_dec("5000000000000000000"));
    ZT_CHECK(ztd_zkbal(a, "USDC") == a_usdc + 5000000);
    ZT_CHECK(ztd_zkbal(b, "DAI") == b_dai + ztd_dec("5000000000000000000"));
    ZT_CHECK(ztd_zkbal(b, "USDC") == b_usdc - 5000000);
    /* limit orders do not use up their owners' nonces: the same orders fill again */
    ZT_CHECK_STATUS(zks_wallet_swap(c, oa, ob, "2000000000000000000", "2000000", "ETH", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(c, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK(ztd_zkbal(a, "DAI") == a_dai - ztd_dec("7000000000000000000"));
    /* a price the order does not allow fails at execution */
    ZT_CHECK_STATUS(zks_wallet_swap(c, oa, ob, "2000000000000000000", "1000000", "ETH", NULL, h), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_wait_tx(c, h, ZKS_WAIT_COMMITTED, WAIT, &ti), ZKS_ERR_TX_FAILED);
    ZT_CHECK(ti.fail_reason[0] != '\0');
    /* the submitter may own an order: A submits, paying the fee in DAI */
    a_dai = ztd_zkbal(a, "DAI");
    ZT_CHECK_STATUS(zks_wallet_swap(a, oa, ob, "1000000000000000000", "1000000", "DAI", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK(ztd_zkbal(a, "DAI") < a_dai - ztd_dec("1000000000000000000"));
    /* now A's nonce moved on and its order is stale */
    ZT_CHECK_STATUS(zks_wallet_swap(c, oa, ob, "1000000000000000000", "1000000", "ETH", NULL, h), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_wait_tx(c, h, ZKS_WAIT_COMMITTED, WAIT, &ti), ZKS_ERR_TX_FAILED);
    ZT_CHECK_STR(ti.fail_reason, "Nonce mismatch");
    zks_free(oa);
    zks_free(ob);
    oa = ob = NULL;
    /* market orders (amounts fixed), submitted by a third account C paying the fee in ETH */
    a_dai = ztd_zkbal(a, "DAI");
    b_usdc = ztd_zkbal(b, "USDC");
    __int128 c_eth = ztd_zkbal(c, "ETH");
    ZT_CHECK_STATUS(zks_wallet_sign_order(a, NULL, "DAI", "USDC", "1000000000000000000", "1000000",
                                          "1000000000000000000", &oa),
                    ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_sign_order(b, addr_d, "USDC", "DAI", "1000000", "1000000000000000000", "1000000", &ob),
                    ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_swap(c, oa, ob, NULL, NULL, "ETH", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(c, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK(ztd_zkbal(a, "DAI") == a_dai - ztd_dec("1000000000000000000"));
    ZT_CHECK(ztd_zkbal(b, "USDC") == b_usdc - 1000000);
    ZT_CHECK(ztd_zkbal(d, "DAI") == ztd_dec("1000000000000000000")); /* B's recipient */
    ZT_CHECK(ztd_zkbal(c, "ETH") < c_eth);
    /* a market order is used once: its nonce is gone */
    ZT_CHECK_STATUS(zks_wallet_swap(c, oa, ob, NULL, NULL, "ETH", NULL, h), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_wait_tx(c, h, ZKS_WAIT_COMMITTED, WAIT, &ti), ZKS_ERR_TX_FAILED);
    ZT_CHECK_STR(ti.fail_reason, "Nonce mismatch");
    zks_free(oa);
    zks_free(ob);
    /* the wallets still know their nonces */
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1000", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK_STATUS(zks_wallet_transfer(c, addr_b, "ETH", "1000", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(c, h, ZKS_WAIT_COMMITTED));

    /* ---- forced exit: D has no signing key ---- */
    {
        zks_l1 *l1 = zks_wallet_l1(a);
        const char *wbtc = ztd_token_by_symbol(&dn, "WBTC")->address;
        ZT_CHECK(ztd_zkbal(d, "WBTC") == 100000000);
        ZT_CHECK_STATUS(zks_wallet_forced_exit(a, addr_b, "WBTC", NULL, h), ZKS_ERR_RPC); /* B has a key */
        ZT_CHECK(strstr(zks_wallet_errmsg(a), "not locked") != NULL);
        /* the fee is paid in WBTC: A needs some */
        ZT_CHECK(ztd_deposit(a, "WBTC", "10000000"));
        ZT_CHECK_STATUS(zks_wallet_forced_exit(a, addr_d, "WBTC", NULL, h), ZKS_OK);
        ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_VERIFIED));
        ZT_CHECK(ztd_zkbal(d, "WBTC") == 0);
        char pend[ZKS_AMOUNT_CHARS + 1] = "0";
        for (int i = 0; i < 300 && strcmp(pend, "0") == 0; i++) {
            if (zks_l1_pending_balance(l1, wbtc, addr_d, pend) != ZKS_OK) break;
            usleep(100000);
        }
        ZT_CHECK_STR(pend, "100000000");
        /* anyone may push it to D */
        char before[ZKS_AMOUNT_CHARS + 1], after[ZKS_AMOUNT_CHARS + 1];
        ZT_CHECK_STATUS(zks_l1_balance(l1, wbtc, addr_d, before), ZKS_OK);
        zks_l1_result r;
        ZT_CHECK_STATUS(zks_l1_withdraw_pending_balance(l1, addr_d, wbtc, NULL, WAIT, &r), ZKS_OK);
        ZT_CHECK_STATUS(zks_l1_balance(l1, wbtc, addr_d, after), ZKS_OK);
        ZT_CHECK(ztd_dec(after) - ztd_dec(before) == 100000000);
    }

    /* ---- full exit through the wallet ---- */
    {
        zks_l1_result r;
        __int128 c_eth2 = ztd_zkbal(c, "ETH");
        ZT_CHECK(c_eth2 > 0);
        ZT_CHECK_STATUS(zks_wallet_full_exit(c, "ETH", WAIT, &r), ZKS_OK);
        ZT_CHECK(r.has_serial_id && r.mined);
        ZT_CHECK_STATUS(zks_wallet_wait_ethop(c, r.serial_id, ZKS_WAIT_VERIFIED, WAIT, &ti), ZKS_OK);
        ZT_CHECK(ti.executed == 1 && ti.verified == 1);
        ZT_CHECK(ztd_zkbal(c, "ETH") == 0);
        char pend[ZKS_AMOUNT_CHARS + 1] = "0";
        for (int i = 0; i < 300 && strcmp(pend, "0") == 0; i++) {
            if (zks_l1_pending_balance(zks_wallet_l1(c), ZKS_ETH_TOKEN_ADDRESS, NULL, pend) != ZKS_OK) break;
            usleep(100000);
        }
        ZT_CHECK(ztd_dec(pend) == c_eth2);
        ZT_CHECK_STATUS(zks_wallet_withdraw_pending_balance(c, "ETH", NULL, WAIT, &r), ZKS_OK);
        ZT_CHECK_STATUS(zks_wallet_full_exit(c, "NOPE", WAIT, &r), ZKS_ERR_NOT_FOUND);
        ZT_CHECK_STATUS(zks_wallet_wait_ethop(c, 999999, ZKS_WAIT_COMMITTED, 300, &ti), ZKS_ERR_TIMEOUT);
    }

    zks_wallet_free(a);
    zks_wallet_free(b);
    zks_wallet_free(c);
    zks_wallet_free(d);
    zks_provider_free(prov);
    zks_eth_rpc_free(rpc);
    ztd_stop();
    ZT_END();
}
