/* Wallet end to end on the devnet: creation (key, mnemonic, external signer,
 * chain checks), deposits, ChangePubKey (ECDSA and Onchain), transfers,
 * batches, withdrawals (normal and fast) with the pending balance on L1,
 * nonce management, and the negative cases: account missing, locked account
 * (fail reason), fee too low, nonce too low (raw 101 and the wallet's resync),
 * no double spend on retries (the same tx sent again; a lost submit reply
 * through ztd_drop_proxy_start), a batch text above 2 KiB, insufficient
 * balance at execution, fee token not allowed, unknown token.
 * Balances are checked exactly. The flow runs under ASan and valgrind too. */
#include "eth/eth.h"
#include "harness.h"
#include "test_wallet_devnet.h"

static ztd_devnet dn;
static zks_provider *prov;
static zks_eth_rpc *rpc;

#define WAIT ZTD_WAIT


static __int128 zkbal_addr(const char *address, const char *sym)
{
    zks_account *a = NULL;
    char s[ZKS_AMOUNT_CHARS + 1];
    __int128 v = -1;
    if (zks_provider_account_info(prov, address, &a) == ZKS_OK &&
        zks_account_balance(a, ZKS_ACCOUNT_COMMITTED, sym, s) == ZKS_OK)
        v = ztd_dec(s);
    zks_account_free(a);
    return v;
}

static __int128 fee_of(const char *type, const char *addr, const char *tok, char out[ZKS_AMOUNT_CHARS + 1])
{
    zks_fee f;
    if (zks_provider_get_tx_fee(prov, type, addr, tok, &f) != ZKS_OK) return -1;
    if (zks_fee_closest_packable_up(f.total_fee, out, (ZKS_AMOUNT_CHARS + 1)) != ZKS_OK) return -1;
    return ztd_dec(out);
}



/* personal_sign signer backed by a key. */
static zks_status msg_signer(void *ctx, const uint8_t *msg, size_t len, uint8_t sig[65])
{
    return zks_eth_personal_sign((const uint8_t *)ctx, msg, len, sig);
}
/* transaction-digest signer backed by a key (the internal ECDSA helper stands in for a device). */
static zks_status digest_signer(void *ctx, const uint8_t digest[32], uint8_t sig[65])
{
    int recid = 0;
    if (zki_eth_sign_digest((const uint8_t *)ctx, digest, sig, &recid) != ZKS_OK) return ZKS_ERR_SIGNER;
    sig[64] = (uint8_t)recid;
    return ZKS_OK;
}
static int refuse_calls;
static zks_status refusing_signer(void *ctx, const uint8_t *msg, size_t len, uint8_t sig[65])
{
    (void)ctx, (void)msg, (void)len, (void)sig;
    refuse_calls++;
    return ZKS_ERR_INTERNAL;
}

static void offline_checks(void)
{
    zks_wallet *w = (zks_wallet *)1;
    uint8_t key[32] = {1};
    ZT_CHECK_STATUS(zks_wallet_new(NULL, NULL, 9, key, &w), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(w == NULL);
    char h[ZKS_TX_HASH_CHARS + 1];
    memset(h, 'x', sizeof h);
    ZT_CHECK_STATUS(zks_wallet_transfer(NULL, "0x", "ETH", "1", NULL, h), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(h, sizeof h));
    ZT_CHECK_STR(zks_wallet_errmsg(NULL), "");
    ZT_CHECK(zks_wallet_l1(NULL) == NULL);
    zks_wallet_free(NULL);
    uint32_t id = 5;
    ZT_CHECK_STATUS(zks_wallet_account_id(NULL, &id), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(id == 0);
    zks_provider *p = NULL;
    ZT_CHECK_STATUS(zks_provider_new("http://127.0.0.1:9", &p), ZKS_OK);
    /* no eth_rpc and no chain id */
    ZT_CHECK_STATUS(zks_wallet_new(p, NULL, 0, key, &w), ZKS_ERR_INVALID_ARG);
    zks_provider_free(p);
}

int main(void)
{
    offline_checks();
    /* The devnet flow runs in every phase, ASan and valgrind included (issue 11:
     * one wallet flow under both); ZKS_NO_DEVNET_FLOW=1 skips it for quick local runs. */
    if (getenv("ZKS_NO_DEVNET_FLOW") != NULL) ZT_END();
    if (ztd_start(&dn, "test_wallet_flows", "") != 0) {
        ZT_CHECK_MSG(0, "devnet did not start");
        ZT_END();
    }
    ZT_CHECK(zks_provider_new(dn.zk_url, &prov) == ZKS_OK);
    ZT_CHECK(zks_eth_rpc_new(dn.l1_url, &rpc) == ZKS_OK);

    /* ---- creation ---- */
    zks_wallet *a = NULL, *b = NULL, *c = NULL, *a2 = NULL, *x = NULL;
    ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 1, dn.key[0], &a), ZKS_ERR_WRONG_CHAIN);
    ZT_CHECK(a == NULL);
    ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 9, dn.key[0], &a), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 0, dn.key[1], &b), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_new(prov, NULL, 9, dn.key[2], &c), ZKS_OK); /* L2 only */
    if (a == NULL || b == NULL || c == NULL) ZT_END();
    ZT_CHECK(zks_wallet_l1(a) != NULL && zks_wallet_l1(c) == NULL);
    char addr_a[43], addr_b[43], addr_c[43], pkh_a[46], pkh_x[46];
    uint8_t raw_a[20], raw_x[20];
    ZT_CHECK_STATUS(zks_wallet_address(a, addr_a), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_address(b, addr_b), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_address(c, addr_c), ZKS_OK);
    ZT_CHECK_STR(addr_a, dn.address[0]); /* the devnet writes EIP-55 addresses */
    ZT_CHECK_STR(addr_b, dn.address[1]);
    ZT_CHECK_STATUS(zks_wallet_pubkey_hash(a, pkh_a, raw_a), ZKS_OK);
    {
        uint8_t zk[32], want[20];
        ZT_CHECK_STATUS(zks_privkey_from_eth_privkey(dn.key[0], 9, zk), ZKS_OK);
        ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(zk, want), ZKS_OK);
        ZT_CHECK(memcmp(want, raw_a, 20) == 0);
        ZT_CHECK(strncmp(pkh_a, "sync:", 5) == 0 && strlen(pkh_a) == 45);
    }
    /* the same account from the devnet mnemonic (accounts[k] = index k+1) */
    ZT_CHECK_STATUS(zks_wallet_new_from_mnemonic(prov, rpc, 9, dn.mnemonic, NULL, "m/44'/60'/0'/0/1", &x), ZKS_OK);
    if (x != NULL) {
        char ax[43];
        ZT_CHECK_STATUS(zks_wallet_address(x, ax), ZKS_OK);
        ZT_CHECK_STR(ax, dn.address[0]);
        ZT_CHECK_STATUS(zks_wallet_pubkey_hash(x, pkh_x, raw_x), ZKS_OK);
        ZT_CHECK_STR(pkh_x, pkh_a);
        zks_wallet_free(x);
        x = NULL;
    }
    ZT_CHECK_STATUS(zks_wallet_new_from_mnemonic(prov, rpc, 9, "not a mnemonic", NULL, NULL, &x),
                    ZKS_ERR_INVALID_MNEMONIC);
    /* external signer: same zkSync key as the key-based wallet */
    ZT_CHECK_STATUS(zks_wallet_new_with_signer(prov, rpc, 9, dn.address[0], msg_signer, NULL, dn.key[0], &x), ZKS_OK);
    if (x != NULL) {
        ZT_CHECK_STATUS(zks_wallet_pubkey_hash(x, pkh_x, raw_x), ZKS_OK);
        ZT_CHECK_STR(pkh_x, pkh_a);
        ZT_CHECK(zks_wallet_l1(x) == NULL); /* no digest signer: no L1 */
        zks_l1_result r;
        ZT_CHECK_STATUS(zks_wallet_deposit(x, NULL, "ETH", "1", 0, &r), ZKS_ERR_STATE);
        zks_wallet_free(x);
        x = NULL;
    }
    /* both signers: L1 works through the digest signer */
    ZT_CHECK_STATUS(zks_wallet_new_with_signer(prov, rpc, 9, dn.address[4], msg_signer, digest_signer, dn.key[4], &x),
                    ZKS_OK);
    if (x != NULL) {
        zks_l1_result r;
        ZT_CHECK(zks_wallet_l1(x) != NULL);
        ZT_CHECK_STATUS(zks_wallet_deposit(x, NULL, "ETH", "1000000000000000", WAIT, &r), ZKS_OK);
        ZT_CHECK(r.has_serial_id == 1);
        ZT_CHECK_STATUS(zks_wallet_wait_ethop(x, r.serial_id, ZKS_WAIT_COMMITTED, WAIT, NULL), ZKS_OK);
        ZT_CHECK(ztd_zkbal(x, "ETH") == ztd_dec("1000000000000000"));
        char hx[ZKS_TX_HASH_CHARS + 1];
        ZT_CHECK_STATUS(zks_wallet_set_signing_key(x, ZKS_CPK_ONCHAIN, "ETH", NULL, hx), ZKS_OK);
        ZT_CHECK(ztd_wait_ok(x, hx, ZKS_WAIT_COMMITTED));
        ZT_CHECK_STATUS(zks_wallet_transfer(x, dn.address[5], "ETH", "1000", NULL, hx), ZKS_OK);
        ZT_CHECK(ztd_wait_ok(x, hx, ZKS_WAIT_COMMITTED));
        zks_wallet_free(x);
        x = NULL;
    }
    /* A signer that signs with another key: the login signature is secret (it
     * seeds the zkSync key) and is not checked; the first public signature is,
     * before anything is sent (address[4] has an account from the block above). */
    ZT_CHECK_STATUS(zks_wallet_new_with_signer(prov, rpc, 9, dn.address[4], msg_signer, NULL, dn.key[3], &x), ZKS_OK);
    if (x != NULL) {
        char hx[ZKS_TX_HASH_CHARS + 1];
        uint32_t n_before = 0, n_after = 0;
        ZT_CHECK_STATUS(zks_wallet_nonce(x, &n_before), ZKS_OK);
        ZT_CHECK_STATUS(zks_wallet_transfer(x, dn.address[5], "ETH", "1000", NULL, hx), ZKS_ERR_SIGNER);
        ZT_CHECK(strstr(zks_wallet_errmsg(x), "does not match the wallet address") != NULL);
        ZT_CHECK_STATUS(zks_wallet_sync(x), ZKS_OK);
        ZT_CHECK_STATUS(zks_wallet_nonce(x, &n_after), ZKS_OK);
        ZT_CHECK(n_after == n_before); /* nothing was sent */
        zks_wallet_free(x);
        x = NULL;
    }
    ZT_CHECK_STATUS(zks_wallet_new_with_signer(prov, rpc, 9, dn.address[1], refusing_signer, NULL, NULL, &x),
                    ZKS_ERR_SIGNER);
    ZT_CHECK(refuse_calls == 1);

    /* ---- no account yet ---- */
    uint32_t id = 0, nonce = 99;
    char h[ZKS_TX_HASH_CHARS + 1];
    ZT_CHECK_STATUS(zks_wallet_account_id(a, &id), ZKS_ERR_STATE);
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1", NULL, h), ZKS_ERR_STATE);
    ZT_CHECK(strstr(zks_wallet_errmsg(a), "does not exist") != NULL);
    ZT_CHECK_STATUS(zks_wallet_nonce(a, &nonce), ZKS_OK);
    ZT_CHECK(nonce == 0);
    int32_t ks = 9;
    ZT_CHECK_STATUS(zks_wallet_signing_key_state(a, &ks), ZKS_OK);
    ZT_CHECK(ks == ZKS_SIGNING_KEY_NONE);

    /* ---- deposits ---- */
    ZT_CHECK(ztd_deposit(a, "ETH", "3000000000000000000"));
    ZT_CHECK(ztd_deposit(a, "DAI", "100000000000000000000"));
    ZT_CHECK(ztd_deposit(b, "0", "1000000000000000000"));                       /* token by id */
    ZT_CHECK(ztd_zkbal(a, "ETH") == ztd_dec("3000000000000000000"));
    ZT_CHECK(ztd_zkbal(a, ztd_token_by_symbol(&dn, "DAI")->address) == ztd_dec("100000000000000000000"));
    ZT_CHECK(ztd_zkbal(a, "usdc") == 0);
    char l1s[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_wallet_l1_balance(a, "DAI", l1s), ZKS_OK);
    ZT_CHECK(ztd_dec(l1s) == ztd_dec("999900000000000000000000"));
    ZT_CHECK_STATUS(zks_wallet_l1_balance(c, "DAI", l1s), ZKS_ERR_STATE);
    ZT_CHECK_STATUS(zks_wallet_balance(a, "NOPE", 0, l1s), ZKS_ERR_NOT_FOUND);
    ZT_CHECK_STATUS(zks_wallet_account_id(a, &id), ZKS_OK);
    ZT_CHECK(id >= 1);

    /* ---- locked account: accepted, then fails at execution ---- */
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1000", NULL, h), ZKS_OK);
    zks_tx_info ti;
    ZT_CHECK_STATUS(zks_wallet_wait_tx(a, h, ZKS_WAIT_COMMITTED, WAIT, &ti), ZKS_ERR_TX_FAILED);
    ZT_CHECK_STR(ti.fail_reason, "Account is locked");
    ZT_CHECK(ti.executed == 1 && ti.success == 0);
    ZT_CHECK(strstr(zks_wallet_errmsg(a), "Account is locked") != NULL);

    /* ---- ChangePubKey ---- */
    ZT_CHECK_STATUS(zks_wallet_set_signing_key(a, ZKS_CPK_ECDSA, "ETH", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK_STATUS(zks_wallet_signing_key_state(a, &ks), ZKS_OK);
    ZT_CHECK(ks == ZKS_SIGNING_KEY_OURS);
    ZT_CHECK_STATUS(zks_wallet_set_signing_key(a, ZKS_CPK_ECDSA, "ETH", NULL, h), ZKS_ERR_STATE);
    ZT_CHECK(strstr(zks_wallet_errmsg(a), "already set") != NULL);
    /* B: Onchain (setAuthPubkeyHash first), fee given explicitly */
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK(fee_of("ChangePubKey:Onchain", addr_b, "ETH", fee_s) > 0);
    __int128 b_eth = ztd_zkbal(b, "ETH");
    ZT_CHECK_STATUS(zks_wallet_set_signing_key(b, ZKS_CPK_ONCHAIN, "ETH", fee_s, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(b, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK(ztd_zkbal(b, "ETH") == b_eth - ztd_dec(fee_s));
    ZT_CHECK_STATUS(zks_wallet_signing_key_state(b, &ks), ZKS_OK);
    ZT_CHECK(ks == ZKS_SIGNING_KEY_OURS);
    ZT_CHECK_STATUS(zks_wallet_signing_key_state(c, &ks), ZKS_OK);
    ZT_CHECK(ks == ZKS_SIGNING_KEY_NONE);
    ZT_CHECK_STATUS(zks_wallet_set_signing_key(c, ZKS_CPK_ONCHAIN, "ETH", NULL, h), ZKS_ERR_STATE); /* no L1 */

    /* ---- transfer with exact balances and nonces ---- */
    uint32_t n0 = 0, n1 = 0;
    ZT_CHECK_STATUS(zks_wallet_nonce(a, &n0), ZKS_OK);
    ZT_CHECK(fee_of("Transfer", addr_c, "ETH", fee_s) > 0);
    __int128 a_eth = ztd_zkbal(a, "ETH");
    const char *amt = "250000000000000000";
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_c, "ETH", amt, fee_s, h), ZKS_OK);
    ZT_CHECK(strncmp(h, "sync-tx:", 8) == 0 && strlen(h) == 72);
    ZT_CHECK_STATUS(zks_wallet_nonce(a, &n1), ZKS_OK);
    ZT_CHECK(n1 == n0 + 1);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK(ztd_zkbal(a, "ETH") == a_eth - ztd_dec(amt) - ztd_dec(fee_s));
    ZT_CHECK(zkbal_addr(addr_c, "ETH") == ztd_dec(amt));
    ZT_CHECK_STATUS(zks_wallet_sync(a), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_nonce(a, &n1), ZKS_OK);
    ZT_CHECK(n1 == n0 + 1);
    /* server fee (NULL) */
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "DAI", "1000000000000000000", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK(ztd_zkbal(b, "DAI") == ztd_dec("1000000000000000000"));

    /* ---- negative: fee too low, not packable, unknown token, fee token not allowed ---- */
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1000", "1", h), ZKS_ERR_FEE_TOO_LOW);
    ZT_CHECK(strstr(zks_wallet_errmsg(a), "fee is too low") != NULL);
    ZT_CHECK(zt_all_zero(h, sizeof h));
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1000000000000000001", NULL, h), ZKS_ERR_NOT_PACKABLE);
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1000", "2049", h), ZKS_ERR_NOT_PACKABLE);
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "XYZ", "1000", NULL, h), ZKS_ERR_NOT_FOUND);
    ZT_CHECK_STATUS(zks_wallet_transfer(a, "0x1234", "ETH", "1000", NULL, h), ZKS_ERR_INVALID_ADDRESS);
    {
        char *res = NULL;
        ZT_CHECK(zks_provider_call_json(prov, "devnet_setTokenFeeAllowed", "[\"DAI\", false]", 0, &res) == ZKS_OK);
        zks_free(res);
        ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "DAI", "1000", NULL, h), ZKS_ERR_FEE_TOKEN);
        ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "DAI", "1000", "1000000000000000", h), ZKS_ERR_FEE_TOKEN);
        res = NULL;
        ZT_CHECK(zks_provider_call_json(prov, "devnet_setTokenFeeAllowed", "[\"DAI\", true]", 0, &res) == ZKS_OK);
        zks_free(res);
    }
    ZT_CHECK_STATUS(zks_wallet_nonce(a, &n0), ZKS_OK); /* failed submissions use no nonce */
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1000", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
    ZT_CHECK_STATUS(zks_wallet_nonce(a, &n1), ZKS_OK);
    ZT_CHECK(n1 == n0 + 1);

    /* ---- nonce too low: a raw resubmission gets 101; a stale wallet resyncs ---- */
    {
        uint8_t zk[32];
        ZT_CHECK_STATUS(zks_privkey_from_eth_privkey(dn.key[0], 9, zk), ZKS_OK);
        char js[512];
        snprintf(js, sizeof js,
                 "{\"type\":\"Transfer\",\"accountId\":%u,\"from\":\"%s\",\"to\":\"%s\",\"token\":0,"
                 "\"amount\":\"1000\",\"fee\":\"1000000000000000\",\"nonce\":0}",
                 id, addr_a, addr_b);
        char *signed_json = NULL;
        ZT_CHECK_STATUS(zks_tx_sign_json(js, zk, &signed_json), ZKS_OK);
        zks_memzero(zk, sizeof zk);
        if (signed_json != NULL) {
            char out[ZKS_TX_HASH_CHARS + 1];
            /* no Ethereum signature needed to reach the nonce check? the devnet checks it first: accept either */
            zks_status st = zks_provider_tx_submit(prov, signed_json, NULL, 0, NULL, out);
            ZT_CHECK_MSG(st == ZKS_ERR_NONCE_MISMATCH || st == ZKS_ERR_ETH_SIGNATURE, "status %d (%s)", (int)st,
                         zks_provider_errmsg(prov));
            zks_free(signed_json);
        }
    }
    ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 9, dn.key[0], &a2), ZKS_OK);
    if (a2 != NULL) {
        uint32_t s0 = 0, s1 = 0;
        ZT_CHECK_STATUS(zks_wallet_nonce(a2, &s0), ZKS_OK); /* cached now */
        ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1000", NULL, h), ZKS_OK); /* uses s0 */
        ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));
        ZT_CHECK_STATUS(zks_wallet_transfer(a2, addr_b, "ETH", "2000", NULL, h), ZKS_OK); /* 101, resync, retry */
        ZT_CHECK(ztd_wait_ok(a2, h, ZKS_WAIT_COMMITTED));
        ZT_CHECK_STATUS(zks_wallet_nonce(a2, &s1), ZKS_OK);
        ZT_CHECK(s1 == s0 + 2);
        zks_wallet_free(a2);
    }
    ZT_CHECK_STATUS(zks_wallet_sync(a), ZKS_OK);

    /* ---- the very same tx sent again (a retry after an unknown outcome) gets
     * 101: it is reported as sent, not re-signed at a new nonce (no double spend) ---- */
    {
        zks_wallet *a3 = NULL;
        ZT_CHECK_STATUS(zks_wallet_new(prov, rpc, 9, dn.key[0], &a3), ZKS_OK);
        if (a3 != NULL) {
            uint32_t s0 = 0, s1 = 0;
            char h1[ZKS_TX_HASH_CHARS + 1], h2[ZKS_TX_HASH_CHARS + 1];
            ZT_CHECK_STATUS(zks_wallet_nonce(a3, &s0), ZKS_OK); /* cached: a3 is stale after a's transfer */
            ZT_CHECK(fee_of("Transfer", addr_c, "ETH", fee_s) > 0);
            __int128 c0 = zkbal_addr(addr_c, "ETH");
            ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_c, "ETH", "3000", fee_s, h1), ZKS_OK);
            ZT_CHECK(ztd_wait_ok(a, h1, ZKS_WAIT_COMMITTED));
            ZT_CHECK_STATUS(zks_wallet_transfer(a3, addr_c, "ETH", "3000", fee_s, h2), ZKS_OK);
            ZT_CHECK_STR(h2, h1);
            ZT_CHECK_STATUS(zks_wallet_nonce(a3, &s1), ZKS_OK);
            ZT_CHECK(s1 == s0 + 1);
            usleep(300000);
            ZT_CHECK(zkbal_addr(addr_c, "ETH") == c0 + 3000);
            zks_wallet_free(a3);
        }
        ZT_CHECK_STATUS(zks_wallet_sync(a), ZKS_OK);
    }

    /* ---- a submit whose outcome is unknown (reply lost after the server took
     * it), then a different tx: its 101 is not answered by re-signing at the
     * next nonce, because the first one went through (no double spend) ---- */
    {
        char purl[64];
        pid_t proxy = ztd_drop_proxy_start(dn.zk_url, "tx_submit", purl);
        ZT_CHECK_MSG(proxy > 0, "drop proxy did not start");
        zks_provider *p2 = NULL;
        zks_wallet *w2 = NULL;
        if (proxy > 0 && zks_provider_new(purl, &p2) == ZKS_OK &&
            zks_wallet_new(p2, NULL, 9, dn.key[0], &w2) == ZKS_OK) {
            ZT_CHECK_STATUS(zks_provider_set_retries(p2, 0, 0), ZKS_OK); /* the provider does not resend */
            uint32_t s0 = 0, s1 = 0;
            char h1[ZKS_TX_HASH_CHARS + 1], h2[ZKS_TX_HASH_CHARS + 1];
            ZT_CHECK_STATUS(zks_wallet_nonce(w2, &s0), ZKS_OK);
            ZT_CHECK(fee_of("Transfer", addr_c, "ETH", fee_s) > 0);
            __int128 c0 = zkbal_addr(addr_c, "ETH");
            /* issue #13: one status for an unknown outcome, the expected hash and nonce as outputs */
            zks_status st = zks_wallet_transfer(w2, addr_c, "ETH", "4000", fee_s, h1);
            ZT_CHECK_MSG(st == ZKS_ERR_OUTCOME_UNKNOWN, "status %d (%s)", (int)st, zks_wallet_errmsg(w2));
            zks_wallet_doubt dbt = ZKS_WALLET_DOUBT_INIT;
            ZT_CHECK_STATUS(zks_wallet_doubt_get(w2, &dbt), ZKS_OK);
            ZT_CHECK(dbt.open == 1 && dbt.nonce == s0 && dbt.count == 1);
            ZT_CHECK_STR(h1, dbt.hash);
            const char *m = strstr(zks_wallet_errmsg(w2), "check sync-tx:");
            ZT_CHECK_MSG(m != NULL, "errmsg: %s", zks_wallet_errmsg(w2));
            if (m != NULL) {
                char lost[ZKS_TX_HASH_CHARS + 1];
                snprintf(lost, sizeof lost, "%.72s", m + 6);
                ZT_CHECK_STR(lost, h1);
                ZT_CHECK(ztd_wait_ok(w2, lost, ZKS_WAIT_COMMITTED)); /* it did go through */
            }
            ZT_CHECK_STATUS(zks_wallet_nonce(w2, &s1), ZKS_OK);
            ZT_CHECK(s1 == s0); /* not counted: the outcome was unknown */
            /* the next payment is refused as "already executed" (was ZKS_ERR_NONCE_MISMATCH), with its hash */
            ZT_CHECK_STATUS(zks_wallet_transfer(w2, addr_c, "ETH", "5000", fee_s, h2), ZKS_ERR_ALREADY_EXECUTED);
            ZT_CHECK_STR(h2, h1);
            ZT_CHECK_MSG(strstr(zks_wallet_errmsg(w2), "went through") != NULL, "errmsg: %s",
                         zks_wallet_errmsg(w2));
            ZT_CHECK_STATUS(zks_wallet_doubt_get(w2, &dbt), ZKS_OK);
            ZT_CHECK(dbt.open == 0 && dbt.resolved == ZKS_WALLET_RESOLVED_EXECUTED && strcmp(dbt.hash, h1) == 0);
            usleep(300000);
            ZT_CHECK(zkbal_addr(addr_c, "ETH") == c0 + 4000);
            /* asked again, the wallet sends it at the next nonce */
            ZT_CHECK_STATUS(zks_wallet_transfer(w2, addr_c, "ETH", "5000", fee_s, h2), ZKS_OK);
            ZT_CHECK(ztd_wait_ok(w2, h2, ZKS_WAIT_COMMITTED));
            ZT_CHECK(zkbal_addr(addr_c, "ETH") == c0 + 9000);
        }
        zks_wallet_free(w2);
        zks_provider_free(p2);
        if (proxy > 0) {
            kill(proxy, SIGTERM);
            waitpid(proxy, NULL, 0);
        }
        ZT_CHECK_STATUS(zks_wallet_sync(a), ZKS_OK);
    }

    /* ---- insufficient balance at execution ---- */
    ZT_CHECK_STATUS(zks_wallet_nonce(a, &n0), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "50000000000000000000", NULL, h), ZKS_OK);
    ZT_CHECK_STATUS(zks_wallet_wait_tx(a, h, ZKS_WAIT_COMMITTED, WAIT, &ti), ZKS_ERR_TX_FAILED);
    ZT_CHECK_STR(ti.fail_reason, "Not enough balance");
    ZT_CHECK_STATUS(zks_wallet_nonce(a, &n1), ZKS_OK); /* resynced: the failed tx used no nonce */
    ZT_CHECK(n1 == n0);
    ZT_CHECK_STATUS(zks_wallet_transfer(a, addr_b, "ETH", "1000", NULL, h), ZKS_OK);
    ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_COMMITTED));

    /* ---- batch with one signature ---- */
    {
        const char *to[3] = {addr_b, addr_c, addr_c};
        const char *tok[3] = {"DAI", "ETH", "DAI"};
        const char *am[3] = {"2000000000000000000", "1000000000000000", "3000000000000000000"};
        char hashes[4 * (ZKS_TX_HASH_CHARS + 1)];
        size_t cnt = 0;
        __int128 a_dai = ztd_zkbal(a, "DAI"), b_dai = ztd_zkbal(b, "DAI"), c_eth = zkbal_addr(addr_c, "ETH");
        a_eth = ztd_zkbal(a, "ETH");
        ZT_CHECK_STATUS(zks_wallet_nonce(a, &n0), ZKS_OK);
        /* fee in ETH: the ETH transfer (index 1) carries it */
        ZT_CHECK_STATUS(zks_wallet_transfer_batch(a, to, tok, am, 3, "ETH", NULL, hashes, 4, &cnt), ZKS_OK);
        ZT_CHECK(cnt == 3);
        for (size_t i = 0; i < cnt; i++) ZT_CHECK(ztd_wait_ok(a, hashes + i * (ZKS_TX_HASH_CHARS + 1), ZKS_WAIT_COMMITTED));
        ZT_CHECK_STATUS(zks_wallet_nonce(a, &n1), ZKS_OK);
        ZT_CHECK(n1 == n0 + 3);
        __int128 spent_eth = a_eth - ztd_zkbal(a, "ETH");
        ZT_CHECK(spent_eth > ztd_dec("1000000000000000"));
        ZT_CHECK(ztd_zkbal(a, "DAI") == a_dai - ztd_dec("5000000000000000000"));
        ZT_CHECK(ztd_zkbal(b, "DAI") == b_dai + ztd_dec("2000000000000000000"));
        ZT_CHECK(zkbal_addr(addr_c, "ETH") == c_eth + ztd_dec("1000000000000000"));
        ZT_CHECK(zkbal_addr(addr_c, "DAI") == ztd_dec("3000000000000000000"));
        /* fee in a token that no transfer uses: an extra self transfer pays it */
        a_dai = ztd_zkbal(a, "DAI");
        const char *to1[1] = {addr_b};
        const char *tok1[1] = {"ETH"};
        const char *am1[1] = {"5000"};
        ZT_CHECK_STATUS(zks_wallet_transfer_batch(a, to1, tok1, am1, 1, "DAI", NULL, hashes, 1, &cnt),
                        ZKS_ERR_BUFFER_SIZE);
        ZT_CHECK_STATUS(zks_wallet_transfer_batch(a, to1, tok1, am1, 1, "DAI", NULL, hashes, 4, &cnt), ZKS_OK);
        ZT_CHECK(cnt == 2);
        for (size_t i = 0; i < cnt; i++) ZT_CHECK(ztd_wait_ok(a, hashes + i * (ZKS_TX_HASH_CHARS + 1), ZKS_WAIT_COMMITTED));
        ZT_CHECK(ztd_zkbal(a, "DAI") < a_dai);
        /* too small a total fee */
        ZT_CHECK_STATUS(zks_wallet_transfer_batch(a, to1, tok1, am1, 1, "ETH", "1", hashes, 4, &cnt),
                        ZKS_ERR_FEE_TOO_LOW);
        ZT_CHECK(cnt == 0);
        /* a long batch: its Ethereum text is longer than 2 KiB */
        {
            enum { NB = 40 };
            const char *ton[NB], *tokn[NB], *amn[NB];
            static char big_hashes[NB * (ZKS_TX_HASH_CHARS + 1)];
            for (int i = 0; i < NB; i++) {
                ton[i] = i % 2 ? addr_b : addr_c;
                tokn[i] = "ETH";
                amn[i] = "1000";
            }
            __int128 b0 = zkbal_addr(addr_b, "ETH"), c0 = zkbal_addr(addr_c, "ETH");
            ZT_CHECK_STATUS(zks_wallet_nonce(a, &n0), ZKS_OK);
            zks_status st = zks_wallet_transfer_batch(a, ton, tokn, amn, NB, "ETH", NULL, big_hashes, NB, &cnt);
            ZT_CHECK_MSG(st == ZKS_OK, "status %d (%s)", (int)st, zks_wallet_errmsg(a));
            ZT_CHECK(cnt == NB);
            if (cnt == NB) ZT_CHECK(ztd_wait_ok(a, big_hashes + (NB - 1) * (ZKS_TX_HASH_CHARS + 1), ZKS_WAIT_COMMITTED));
            ZT_CHECK_STATUS(zks_wallet_nonce(a, &n1), ZKS_OK);
            ZT_CHECK(n1 == n0 + NB);
            ZT_CHECK(zkbal_addr(addr_b, "ETH") == b0 + 1000 * (NB / 2));
            ZT_CHECK(zkbal_addr(addr_c, "ETH") == c0 + 1000 * (NB / 2));
        }
    }

    /* ---- withdrawals: normal and fast, pending balance on L1 ---- */
    {
        zks_l1 *l1 = zks_wallet_l1(a);
        char pend[ZKS_AMOUNT_CHARS + 1];
        ZT_CHECK_STATUS(zks_l1_pending_balance(l1, ZKS_ETH_TOKEN_ADDRESS, NULL, pend), ZKS_OK);
        __int128 p0 = ztd_dec(pend);
        a_eth = ztd_zkbal(a, "ETH");
        ZT_CHECK(fee_of("Withdraw", addr_a, "ETH", fee_s) > 0);
        ZT_CHECK_STATUS(zks_wallet_withdraw(a, NULL, "ETH", "100000000000000000", fee_s, 0, h), ZKS_OK);
        ZT_CHECK(ztd_wait_ok(a, h, ZKS_WAIT_VERIFIED));
        ZT_CHECK(ztd_zkbal(a, "ETH") == a_eth - ztd_dec("100000000000000000") - ztd_dec(fee_s));
        char fast_h[ZKS_TX_HASH_CHARS + 1];
        ZT_CHECK_STATUS(zks_wallet_withdraw(a, addr_c, "DAI", "1000000000000000000", NULL, 1, fast_h), ZKS_OK);
        ZT_CHECK(ztd_wait_ok(a, fast_h, ZKS_WAIT_VERIFIED));
        __int128 p1 = p0;
        for (int i = 0; i < 300 && p1 == p0; i++) {
            if (zks_l1_pending_balance(l1, ZKS_ETH_TOKEN_ADDRESS, NULL, pend) == ZKS_OK) p1 = ztd_dec(pend);
            usleep(100000);
        }
        ZT_CHECK(p1 - p0 == ztd_dec("100000000000000000"));
        char eth_h[ZKS_HASH_HEX_CHARS + 1];
        zks_status st = ZKS_ERR_NOT_FOUND;
        for (int i = 0; i < 300 && st == ZKS_ERR_NOT_FOUND; i++) {
            st = zks_provider_get_eth_tx_for_withdrawal(prov, h, eth_h);
            if (st == ZKS_ERR_NOT_FOUND) usleep(100000);
        }
        ZT_CHECK_STATUS(st, ZKS_OK);
        /* DAI went to C's L1 address as a pending balance */
        char cp[ZKS_AMOUNT_CHARS + 1] = "0";
        for (int i = 0; i < 300 && strcmp(cp, "0") == 0; i++) {
            if (zks_l1_pending_balance(l1, ztd_token_by_symbol(&dn, "DAI")->address, addr_c, cp) != ZKS_OK) break;
            usleep(100000);
        }
        ZT_CHECK_STR(cp, "1000000000000000000");
        /* pull it out through the wallet */
        char before[ZKS_AMOUNT_CHARS + 1], after[ZKS_AMOUNT_CHARS + 1];
        ZT_CHECK_STATUS(zks_wallet_l1_balance(a, "ETH", before), ZKS_OK);
        zks_l1_result r;
        ZT_CHECK_STATUS(zks_wallet_withdraw_pending_balance(a, "ETH", NULL, WAIT, &r), ZKS_OK);
        ZT_CHECK(r.mined == 1);
        ZT_CHECK_STATUS(zks_wallet_l1_balance(a, "ETH", after), ZKS_OK);
        ZT_CHECK(ztd_dec(after) - ztd_dec(before) > p1 - ztd_dec("10000000000000000"));
        ZT_CHECK_STATUS(zks_wallet_withdraw_pending_balance(a, "ETH", NULL, WAIT, &r), ZKS_ERR_L1_REVERT);
        ZT_CHECK_STR(zks_wallet_errmsg(a), "f1");
    }

    zks_wallet_free(a);
    zks_wallet_free(b);
    zks_wallet_free(c);
    zks_provider_free(prov);
    zks_eth_rpc_free(rpc);
    ztd_stop();
    ZT_END();
}
