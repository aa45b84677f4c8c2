/* L1 contract operations (zks_l1_*) against the devnet's ganache: deposits
 * (ETH, ERC20 with approval), full exit, pending-balance withdrawal, on-chain
 * auth, reads, external signer, and the failure paths (revert with reason,
 * insufficient funds, wrong chain id, receipt timeout). Balances and events
 * are checked. Under ZKS_QUICK only the offline argument checks run. */
#include "eth/eth.h"
#include "harness.h"
#include "test_wallet_devnet.h"

static ztd_devnet dn;
static zks_eth_rpc *rpc;
static zks_provider *prov;

#define WAIT 20000u

static __int128 l1_bal(zks_l1 *l1, const char *token, const char *who)
{
    char s[ZKS_AMOUNT_CHARS + 1];
    if (zks_l1_balance(l1, token, who, s) != ZKS_OK) return -1;
    return ztd_dec(s);
}

static __int128 zk_bal(const char *address, const char *sym)
{
    zks_account *a = NULL;
    if (zks_provider_account_info(prov, address, &a) != ZKS_OK) return -1;
    char s[ZKS_AMOUNT_CHARS + 1];
    __int128 v = -1;
    if (zks_account_balance(a, ZKS_ACCOUNT_COMMITTED, sym, s) == ZKS_OK) v = ztd_dec(s);
    zks_account_free(a);
    return v;
}

/* External digest signer backed by a key (ctx); the internal ECDSA helper stands in for a device. */
static zks_status ext_sign(void *ctx, const uint8_t digest[32], uint8_t sig[65])
{
    int recid = 0;
    if (zki_eth_sign_digest((const uint8_t *)ctx, digest, sig, &recid) != ZKS_OK) return ZKS_ERR_SIGNER;
    sig[64] = (uint8_t)(27 + recid);
    return ZKS_OK;
}

static zks_status bad_sign(void *ctx, const uint8_t digest[32], uint8_t sig[65])
{
    (void)ctx;
    (void)digest;
    memset(sig, 0, 65);
    return ZKS_ERR_SIGNER;
}

static void offline_checks(void)
{
    zks_l1_result r;
    ZT_CHECK_STATUS(zks_l1_deposit_eth(NULL, NULL, "1", 0, &r), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(&r, sizeof r));
    ZT_CHECK_STATUS(zks_l1_deposit_eth(NULL, NULL, "1", 0, NULL), ZKS_ERR_INVALID_ARG);
    zks_l1 *l1 = (zks_l1 *)1;
    uint8_t key[32] = {1};
    ZT_CHECK_STATUS(zks_l1_new(NULL, "0x0000000000000000000000000000000000000001", 9, key, &l1), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(l1 == NULL);
    ZT_CHECK_STR(zks_l1_errmsg(NULL), "");
    zks_l1_free(NULL);
}

int main(void)
{
    offline_checks();
    if (getenv("ZKS_QUICK") != NULL) ZT_END();

    if (ztd_start(&dn, "test_l1_ops", "") != 0) {
        ZT_CHECK_MSG(0, "devnet did not start");
        ZT_END();
    }
    ZT_CHECK(zks_eth_rpc_new(dn.l1_url, &rpc) == ZKS_OK);
    ZT_CHECK(zks_provider_new(dn.zk_url, &prov) == ZKS_OK);
    const ztd_token *dai = ztd_token_by_symbol(&dn, "DAI");
    ZT_CHECK(dai != NULL);
    if (dai == NULL) ZT_END();

    /* wrong chain id */
    zks_l1 *l1 = NULL, *l1b = NULL;
    ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, 1, dn.key[0], &l1), ZKS_ERR_WRONG_CHAIN);
    ZT_CHECK(l1 == NULL);
    ZT_CHECK_STATUS(zks_l1_new(rpc, "0x12", 9, dn.key[0], &l1), ZKS_ERR_INVALID_ADDRESS);
    ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, dn.chain_id, dn.key[0], &l1), ZKS_OK);
    ZT_CHECK_STATUS(zks_l1_new(rpc, dn.main_contract, 0, dn.key[1], &l1b), ZKS_OK);
    if (l1 == NULL || l1b == NULL) ZT_END();
    char me[43];
    ZT_CHECK_STATUS(zks_l1_address(l1, me), ZKS_OK);
    char want_me[43];
    snprintf(want_me, sizeof want_me, "%s", dn.address[0]);
    for (char *c = want_me; *c; c++)
        if (*c >= 'A' && *c <= 'F') *c = (char)(*c - 'A' + 'a');
    ZT_CHECK_STR(me, want_me);

    /* ---- deposit ETH ---- */
    zks_l1_result r;
    const char *one_eth = "1000000000000000000";
    __int128 before = l1_bal(l1, ZKS_ETH_TOKEN_ADDRESS, NULL);
    __int128 contract_before = l1_bal(l1, ZKS_ETH_TOKEN_ADDRESS, dn.main_contract);
    ZT_CHECK_STATUS(zks_l1_deposit_eth(l1, NULL, one_eth, WAIT, &r), ZKS_OK);
    ZT_CHECK(r.mined == 1 && r.has_serial_id == 1 && r.block_number > 0 && r.gas_used > 21000);
    ZT_CHECK(r.gas_used <= ZKS_L1_GAS_DEPOSIT_ETH);
    ZT_CHECK(strlen(r.tx_hash) == 66 && r.approve_tx_hash[0] == '\0');
    uint64_t serial0 = r.serial_id;
    __int128 after = l1_bal(l1, ZKS_ETH_TOKEN_ADDRESS, NULL);
    ZT_CHECK(before - after >= ztd_dec(one_eth));
    ZT_CHECK(before - after < ztd_dec(one_eth) + (__int128)ztd_dec("100000000000000000")); /* gas < 0.1 ETH */
    ZT_CHECK(l1_bal(l1, ZKS_ETH_TOKEN_ADDRESS, dn.main_contract) - contract_before == ztd_dec(one_eth));
    zks_tx_info ti;
    ZT_CHECK_STATUS(zks_provider_wait_ethop(prov, serial0, ZKS_WAIT_COMMITTED, WAIT, 100, &ti), ZKS_OK);
    ZT_CHECK(zk_bal(dn.address[0], "ETH") == ztd_dec(one_eth));

    /* deposit to another address, no wait: hash only */
    ZT_CHECK_STATUS(zks_l1_deposit_eth(l1, dn.address[2], "5000", 0, &r), ZKS_OK);
    ZT_CHECK(r.mined == 0 && r.has_serial_id == 0 && strlen(r.tx_hash) == 66);

    /* ---- ERC20: allowance, approve, deposit ---- */
    int32_t approved = 7;
    ZT_CHECK_STATUS(zks_l1_is_erc20_approved(l1, dai->address, NULL, &approved), ZKS_OK);
    ZT_CHECK(approved == 0);
    ZT_CHECK_STATUS(zks_l1_is_erc20_approved(l1, ZKS_ETH_TOKEN_ADDRESS, NULL, &approved), ZKS_ERR_INVALID_ARG);
    __int128 dai_before = l1_bal(l1, dai->address, NULL);
    ZT_CHECK(dai_before == ztd_dec("1000000000000000000000000"));
    const char *dai_amt = "250000000000000000000";
    ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1, NULL, dai->address, dai_amt, ZKS_L1_APPROVE_UNLIMITED, WAIT, &r), ZKS_OK);
    ZT_CHECK(r.mined == 1 && r.has_serial_id == 1 && r.serial_id > serial0);
    ZT_CHECK(strlen(r.approve_tx_hash) == 66 && strcmp(r.approve_tx_hash, r.tx_hash) != 0);
    ZT_CHECK(r.gas_used <= ZKS_L1_GAS_DEPOSIT_ERC20);
    ZT_CHECK(l1_bal(l1, dai->address, NULL) == dai_before - ztd_dec(dai_amt));
    ZT_CHECK(l1_bal(l1, dai->address, dn.main_contract) == ztd_dec(dai_amt));
    ZT_CHECK_STATUS(zks_l1_is_erc20_approved(l1, dai->address, NULL, &approved), ZKS_OK);
    ZT_CHECK(approved == 1);
    char allow[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_l1_allowance(l1, dai->address, NULL, allow), ZKS_OK);
    ZT_CHECK_STR(allow, ZKS_L1_MAX_APPROVE);
    ZT_CHECK_STATUS(zks_provider_wait_ethop(prov, r.serial_id, ZKS_WAIT_COMMITTED, WAIT, 100, &ti), ZKS_OK);
    ZT_CHECK(zk_bal(dn.address[0], "DAI") == ztd_dec(dai_amt));
    /* second deposit: already approved, no approve tx */
    ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1, NULL, dai->address, "1000", ZKS_L1_APPROVE_UNLIMITED, WAIT, &r), ZKS_OK);
    ZT_CHECK(r.approve_tx_hash[0] == '\0' && r.has_serial_id == 1);

    /* exact-amount approval (account 1), then allowance is used up */
    ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1b, NULL, dai->address, "777", ZKS_L1_APPROVE_AMOUNT, WAIT, &r), ZKS_OK);
    ZT_CHECK(strlen(r.approve_tx_hash) == 66 && r.has_serial_id == 1);
    ZT_CHECK_STATUS(zks_l1_allowance(l1b, dai->address, NULL, allow), ZKS_OK);
    ZT_CHECK_STR(allow, "0");
    /* no allowance: the simulation reverts with the token's reason, nothing is sent */
    ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1b, NULL, dai->address, "5", ZKS_L1_APPROVE_NONE, WAIT, &r),
                    ZKS_ERR_L1_REVERT);
    ZT_CHECK(r.tx_hash[0] == '\0');
    ZT_CHECK_MSG(strstr(zks_l1_errmsg(l1b), "allowance") != NULL, "reason: %s", zks_l1_errmsg(l1b));
    /* explicit approve */
    ZT_CHECK_STATUS(zks_l1_approve_erc20(l1b, dai->address, "12345", WAIT, &r), ZKS_OK);
    ZT_CHECK(r.mined == 1 && r.has_serial_id == 0);
    ZT_CHECK_STATUS(zks_l1_allowance(l1b, dai->address, NULL, allow), ZKS_OK);
    ZT_CHECK_STR(allow, "12345");
    ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1b, NULL, dai->address, "0", 0, WAIT, &r), ZKS_ERR_L1_REVERT);
    ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1b, NULL, dai->address, "20282409603651670423947251286016", 0, WAIT, &r),
                    ZKS_ERR_INVALID_AMOUNT); /* 2^104 */
    ZT_CHECK_STATUS(zks_l1_deposit_erc20(l1b, NULL, ZKS_ETH_TOKEN_ADDRESS, "1", 0, WAIT, &r), ZKS_ERR_INVALID_ARG);

    /* ---- reverts and funds ---- */
    ZT_CHECK_STATUS(zks_l1_deposit_eth(l1, NULL, "0", WAIT, &r), ZKS_ERR_L1_REVERT);
    ZT_CHECK_STR(zks_l1_errmsg(l1), "M");
    ZT_CHECK_STATUS(zks_l1_deposit_eth(l1, NULL, "1000000000000000000000000", WAIT, &r), ZKS_ERR_INSUFFICIENT_FUNDS);
    ZT_CHECK(r.tx_hash[0] == '\0');
    ZT_CHECK_STATUS(zks_l1_withdraw_pending_balance(l1, NULL, ZKS_ETH_TOKEN_ADDRESS, "1", WAIT, &r), ZKS_ERR_L1_REVERT);
    ZT_CHECK_STR(zks_l1_errmsg(l1), "f1");
    ZT_CHECK_STATUS(zks_l1_full_exit_nft(l1, 1, 100, WAIT, &r), ZKS_ERR_L1_REVERT);
    ZT_CHECK_STR(zks_l1_errmsg(l1), "T");
    ZT_CHECK_STATUS(zks_l1_withdraw_pending_nft(l1, 70000, WAIT, &r), ZKS_ERR_L1_REVERT);
    ZT_CHECK_STR(zks_l1_errmsg(l1), "op");
    /* without the simulation the tx is mined and reverts: hash kept, reason recovered */
    ZT_CHECK_STATUS(zks_l1_set_options(l1, NULL, 50, ZKS_L1_NO_PREFLIGHT), ZKS_OK);
    ZT_CHECK_STATUS(zks_l1_withdraw_pending_balance(l1, NULL, ZKS_ETH_TOKEN_ADDRESS, "1", WAIT, &r), ZKS_ERR_L1_REVERT);
    ZT_CHECK(strlen(r.tx_hash) == 66 && r.mined == 0);
    ZT_CHECK_STR(zks_l1_errmsg(l1), "f1");
    ZT_CHECK_STATUS(zks_l1_set_options(l1, NULL, 0, 0), ZKS_OK);
    ZT_CHECK_STATUS(zks_l1_set_options(l1, "x", 0, 0), ZKS_ERR_INVALID_AMOUNT);
    ZT_CHECK_STATUS(zks_l1_set_options(l1, NULL, 0, 99), ZKS_ERR_INVALID_ARG);

    /* ---- receipt timeout: stop ganache's miner ---- */
    char *res = NULL;
    if (zks_eth_rpc_call_json(rpc, "miner_stop", "[]", 0, &res) == ZKS_OK) {
        zks_free(res);
        res = NULL;
        ZT_CHECK_STATUS(zks_l1_deposit_eth(l1, NULL, "1000", 600, &r), ZKS_ERR_TIMEOUT);
        ZT_CHECK(strlen(r.tx_hash) == 66 && r.mined == 0);
        char pending_hash[67];
        memcpy(pending_hash, r.tx_hash, sizeof pending_hash);
        ZT_CHECK(zks_eth_rpc_call_json(rpc, "miner_start", "[]", 0, &res) == ZKS_OK);
        zks_free(res);
        zks_eth_receipt *rc = NULL;
        ZT_CHECK_STATUS(zks_eth_rpc_wait_receipt(rpc, pending_hash, WAIT, 100, &rc), ZKS_OK);
        zks_eth_receipt_free(rc);
    } else {
        ZT_CHECK_MSG(0, "miner_stop unsupported: %s", zks_eth_rpc_errmsg(rpc));
    }

    /* ---- on-chain auth ---- */
    uint8_t pkh[20], fact[32], want[32];
    for (int i = 0; i < 20; i++) pkh[i] = (uint8_t)(0xa0 + i);
    ZT_CHECK_STATUS(zks_l1_auth_fact(l1, NULL, 3, fact), ZKS_OK);
    ZT_CHECK(zt_all_zero(fact, 32));
    ZT_CHECK_STATUS(zks_l1_set_auth_pubkey_hash(l1, pkh, 3, WAIT, &r), ZKS_OK);
    ZT_CHECK(r.mined == 1 && r.has_serial_id == 0);
    ZT_CHECK_STATUS(zks_l1_auth_fact(l1, NULL, 3, fact), ZKS_OK);
    ZT_CHECK_STATUS(zks_keccak256(pkh, 20, want), ZKS_OK);
    ZT_CHECK(memcmp(fact, want, 32) == 0);
    ZT_CHECK_STATUS(zks_l1_auth_fact(l1, dn.address[0], 4, fact), ZKS_OK);
    ZT_CHECK(zt_all_zero(fact, 32));

    /* ---- full exit of ETH, then the pending balance on L1 ---- */
    uint32_t id0 = ztd_account_id(prov, dn.address[0]);
    ZT_CHECK(id0 > 0);
    /* 1 ETH + the 1000 wei of the timeout case (once its priority op is executed) */
    __int128 zk_eth = 0;
    for (int i = 0; i < 300 && zk_eth != ztd_dec(one_eth) + 1000; i++) {
        zk_eth = zk_bal(dn.address[0], "ETH");
        usleep(100000);
    }
    ZT_CHECK(zk_eth == ztd_dec(one_eth) + 1000);
    ZT_CHECK_STATUS(zks_l1_full_exit(l1, id0, ZKS_ETH_TOKEN_ADDRESS, WAIT, &r), ZKS_OK);
    ZT_CHECK(r.has_serial_id == 1 && r.gas_used <= ZKS_L1_GAS_FULL_EXIT);
    ZT_CHECK_STATUS(zks_provider_wait_ethop(prov, r.serial_id, ZKS_WAIT_VERIFIED, WAIT, 100, &ti), ZKS_OK);
    ZT_CHECK(zk_bal(dn.address[0], "ETH") == 0);
    char pend[ZKS_AMOUNT_CHARS + 1] = "";
    for (int i = 0; i < 300; i++) { /* credited by the operator's execute tx after verification */
        if (zks_l1_pending_balance(l1, ZKS_ETH_TOKEN_ADDRESS, NULL, pend) == ZKS_OK && strcmp(pend, "0") != 0) break;
        usleep(100000);
    }
    ZT_CHECK_MSG(ztd_dec(pend) == zk_eth, "pending %s", pend);
    before = l1_bal(l1, ZKS_ETH_TOKEN_ADDRESS, NULL);
    ZT_CHECK_STATUS(zks_l1_withdraw_pending_balance(l1, NULL, ZKS_ETH_TOKEN_ADDRESS, NULL, WAIT, &r), ZKS_OK);
    ZT_CHECK(r.mined == 1 && r.gas_used <= ZKS_L1_GAS_WITHDRAW_PENDING);
    after = l1_bal(l1, ZKS_ETH_TOKEN_ADDRESS, NULL);
    ZT_CHECK(after > before && after - before <= zk_eth && after - before > zk_eth - ztd_dec("10000000000000000"));
    ZT_CHECK_STATUS(zks_l1_pending_balance(l1, ZKS_ETH_TOKEN_ADDRESS, NULL, pend), ZKS_OK);
    ZT_CHECK_STR(pend, "0");
    /* full exit for an account id that is not ours: accepted on L1, a no-op on L2 */
    ZT_CHECK_STATUS(zks_l1_full_exit(l1b, id0, dai->address, WAIT, &r), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_wait_ethop(prov, r.serial_id, ZKS_WAIT_COMMITTED, WAIT, 100, &ti), ZKS_OK);
    ZT_CHECK(zk_bal(dn.address[0], "DAI") == ztd_dec(dai_amt) + 1000);

    /* ---- external signer ---- */
    zks_l1 *ext = NULL;
    ZT_CHECK_STATUS(zks_l1_new_with_signer(rpc, dn.main_contract, 9, dn.address[3], ext_sign, dn.key[3], &ext), ZKS_OK);
    if (ext != NULL) {
        ZT_CHECK_STATUS(zks_l1_deposit_eth(ext, NULL, "3000000", WAIT, &r), ZKS_OK);
        ZT_CHECK(r.has_serial_id == 1);
        zks_l1_free(ext);
        ext = NULL;
    }
    /* a signer for another key is caught before sending */
    ZT_CHECK_STATUS(zks_l1_new_with_signer(rpc, dn.main_contract, 9, dn.address[4], ext_sign, dn.key[3], &ext), ZKS_OK);
    if (ext != NULL) {
        ZT_CHECK_STATUS(zks_l1_deposit_eth(ext, NULL, "3000000", WAIT, &r), ZKS_ERR_SIGNER);
        zks_l1_free(ext);
        ext = NULL;
    }
    ZT_CHECK_STATUS(zks_l1_new_with_signer(rpc, dn.main_contract, 9, dn.address[4], bad_sign, NULL, &ext), ZKS_OK);
    if (ext != NULL) {
        ZT_CHECK_STATUS(zks_l1_deposit_eth(ext, NULL, "3000000", WAIT, &r), ZKS_ERR_SIGNER);
        ZT_CHECK(r.tx_hash[0] == '\0');
        zks_l1_free(ext);
    }

    /* eth_sendRawTransaction whose reply is lost after the node took the tx
     * (no resend: 0 retries): the error keeps the tx hash, which is mined */
    {
        char purl[64];
        pid_t proxy = ztd_drop_proxy_start(dn.l1_url, "eth_sendRawTransaction", purl);
        ZT_CHECK_MSG(proxy > 0, "drop proxy did not start");
        zks_eth_rpc *prpc = NULL;
        zks_l1 *pl1 = NULL;
        if (proxy > 0 && zks_eth_rpc_new(purl, &prpc) == ZKS_OK && zks_eth_rpc_set_retries(prpc, 0, 0) == ZKS_OK &&
            zks_l1_new(prpc, dn.main_contract, 9, dn.key[1], &pl1) == ZKS_OK) {
            zks_status st = zks_l1_deposit_eth(pl1, NULL, "1000000", WAIT, &r);
            ZT_CHECK_MSG(st == ZKS_ERR_OUTCOME_UNKNOWN, "status %d (%s)", (int)st, zks_l1_errmsg(pl1));
            ZT_CHECK(strlen(r.tx_hash) == 66 && strncmp(r.tx_hash, "0x", 2) == 0);
            ZT_CHECK(r.mined == 0);
            zks_l1_doubt d = ZKS_L1_DOUBT_INIT;
            ZT_CHECK_STATUS(zks_l1_doubt_get(pl1, &d), ZKS_OK);
            ZT_CHECK(d.open == 1 && d.nonce == r.nonce && d.raw_len > 0 && strcmp(d.tx_hash, r.tx_hash) == 0);
            zks_eth_receipt *rc = NULL;
            ZT_CHECK_STATUS(zks_eth_rpc_wait_receipt(rpc, r.tx_hash, WAIT, 100, &rc), ZKS_OK); /* it was sent */
            zks_eth_receipt_free(rc);
            /* a repeat signs nothing new: the mined doubt is reported */
            char lost[ZKS_HASH_HEX_CHARS + 1];
            memcpy(lost, r.tx_hash, sizeof lost);
            ZT_CHECK_STATUS(zks_l1_deposit_eth(pl1, NULL, "1000000", WAIT, &r), ZKS_ERR_ALREADY_EXECUTED);
            ZT_CHECK_STR(r.tx_hash, lost);
            ZT_CHECK(r.mined == 1 && r.has_serial_id == 1);
            ZT_CHECK_STATUS(zks_l1_doubt_get(pl1, &d), ZKS_OK);
            ZT_CHECK(d.open == 0);
        }
        zks_l1_free(pl1);
        zks_eth_rpc_free(prpc);
        if (proxy > 0) {
            kill(proxy, SIGTERM);
            waitpid(proxy, NULL, 0);
        }
    }

    zks_l1_free(l1);
    zks_l1_free(l1b);
    zks_provider_free(prov);
    zks_eth_rpc_free(rpc);
    ztd_stop();
    ZT_END();
}
