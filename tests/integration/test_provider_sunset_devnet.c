/* The shutdown on a real server emulation: a wallet transfer on the devnet
 * works, the devnet's switch (devnet_sunset, docs/devnet.md) turns L2 off, and
 * then a wallet transfer gives ZKS_ERR_NETWORK_SHUT_DOWN with code 305 and
 * the wallet's message, while reads (account_info, tokens, tx_info) still
 * work. Starts its own devnet; skipped under ZKS_QUICK (the ASan and valgrind
 * phases), like the wallet programs. */
#include "harness.h"
#include "test_wallet_devnet.h"

#define WAIT 30000u

int main(void)
{
    if (getenv("ZKS_QUICK") != NULL) {
        ZT_SKIP("devnet run skipped under ZKS_QUICK");
        ZT_END();
    }
    ztd_devnet dn;
    if (ztd_start(&dn, "test_provider_sunset_devnet", "") != 0) {
        ZT_CHECK_MSG(0, "devnet did not start (tools/deps.sh installs its npm packages)");
        ZT_END();
    }
    zks_provider *p = NULL;
    zks_eth_rpc *e = NULL;
    zks_wallet *a = NULL;
    ZT_CHECK_STATUS(zks_provider_new(dn.zk_url, &p), ZKS_OK);
    ZT_CHECK_STATUS(zks_eth_rpc_new(dn.l1_url, &e), ZKS_OK);
    if (p != NULL && e != NULL) ZT_CHECK_STATUS(zks_wallet_new(p, e, dn.chain_id, dn.key[0], &a), ZKS_OK);
    if (a == NULL) goto out;
    const char *to = dn.address[1];
    char h[ZKS_TX_HASH_CHARS + 1];

    /* before: deposit, signing key, a transfer that executes */
    ZT_CHECK(ztd_deposit(a, "ETH", "1000000000000000000"));
    ZT_CHECK_STATUS(zks_wallet_set_signing_key(a, ZKS_CPK_ECDSA, "ETH", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK_STATUS(zks_wallet_transfer(a, to, "ETH", "1000000000000000", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
    char before_hash[ZKS_TX_HASH_CHARS + 1];
    memcpy(before_hash, h, sizeof h);
    __int128 bal = ztd_zkbal(a, "ETH");
    ZT_CHECK(bal > 0);

    /* the switch */
    char *res = NULL;
    ZT_CHECK_STATUS(zks_provider_set_timeouts(p, 0, 90000), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_call_json(p, "devnet_sunset", "[{\"migrateTokens\":\"none\"}]", 0, &res), ZKS_OK);
    ZT_CHECK(res != NULL && strstr(res, "claimRoot") != NULL);
    zks_free(res);
    ZT_CHECK_STATUS(zks_provider_set_timeouts(p, 0, ZKS_RPC_DEFAULT_TIMEOUT_MS), ZKS_OK);

    /* after: refused at once, with the code, the server's message and the wallet's advice */
    ZT_CHECK_STATUS(zks_wallet_transfer(a, to, "ETH", "1000000000000000", NULL, h), ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK(zt_all_zero(h, sizeof h));
    int64_t code = 0;
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_NETWORK_SHUT_DOWN && code == 305);
    ZT_CHECK_STR(zks_provider_errmsg(p), "L2 transactions are disabled.");
    ZT_CHECK(strstr(zks_wallet_errmsg(a), "zkSync Lite is shut down") != NULL);
    ZT_CHECK(strstr(zks_wallet_errmsg(a), "zksync-exit claim") != NULL);
    const char *tos[1] = {to}, *toks[1] = {"ETH"}, *amts[1] = {"1000"};
    char hs[2 * (ZKS_TX_HASH_CHARS + 1)];
    size_t n = 0;
    ZT_CHECK_STATUS(zks_wallet_transfer_batch(a, tos, toks, amts, 1, "ETH", NULL, hs, 2, &n),
                    ZKS_ERR_NETWORK_SHUT_DOWN);
    /* the provider alone, on a fresh wallet state: the batch method answers 305 too */
    ZT_CHECK_STATUS(zks_wallet_sync(a), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_transfer_batch(a, tos, toks, amts, 1, "ETH", NULL, hs, 2, &n),
                    ZKS_ERR_NETWORK_SHUT_DOWN);
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_NETWORK_SHUT_DOWN && code == 305);

    /* reads keep working */
    zks_account *acc = NULL;
    char addr[ZKS_ETH_ADDRESS_CHARS + 1];
    ZT_CHECK_STATUS(zks_wallet_address(a, addr), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_account_info(p, addr, &acc), ZKS_OK);
    zks_account_free(acc);
    zks_token_list *tl = NULL;
    ZT_CHECK_STATUS(zks_provider_tokens(p, &tl), ZKS_OK);
    ZT_CHECK(zks_token_list_count(tl) >= 2);
    zks_token_list_free(tl);
    zks_tx_info ti;
    ZT_CHECK_STATUS(zks_provider_tx_info(p, before_hash, &ti), ZKS_OK);
    ZT_CHECK(ti.executed == 1 && ti.success == 1);
    ZT_CHECK(ztd_zkbal(a, "ETH") == bal); /* nothing moved */
out:
    zks_wallet_free(a);
    zks_eth_rpc_free(e);
    zks_provider_free(p);
    ZT_END();
}
