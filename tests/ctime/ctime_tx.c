/* Constant-time check for the signing entry points above the key layer, run
 * under valgrind memcheck (tests/suites/ctime.sh): zks_tx_sign for every tx
 * type (Transfer, NFT Transfer, Withdraw, ChangePubKey onchain / ECDSA /
 * CREATE2, ForcedExit, MintNFT, WithdrawNFT, Order, Swap), zks_tx_sign_json
 * for the same, the ECDSA ChangePubKey authorisation (personal_sign over
 * zks_change_pubkey_ecdsa_message), L1 transactions (zks_eth_tx_sign, EIP-155
 * and EIP-1559), zks_bip39_validate and zks_eth_privkey_from_mnemonic.
 * The zkSync key, the Ethereum key and the mnemonic are marked undefined;
 * every output that is public by design (signatures, public keys, hashes,
 * raw signed txs) must come out defined, which is checked here with
 * VALGRIND_CHECK_MEM_IS_DEFINED. Refuses to pass when not running under valgrind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "zksync.h"

static int passed, failed;

static void expect(int ok, const char *what)
{
    if (ok) passed++;
    else { failed++; printf("FAIL %s\n", what); }
}

/* Statuses are public: make them defined before the test branches on them, so the
 * only reports are from inside the library. */
static zks_status pub(zks_status st)
{
    VALGRIND_MAKE_MEM_DEFINED(&st, sizeof st);
    return st;
}

/* A public output that is still undefined is a leak of the secret into it:
 * count it as a failure (valgrind also prints where it came from). */
static void expect_defined(const void *p, size_t n, const char *what)
{
    expect(VALGRIND_CHECK_MEM_IS_DEFINED(p, n) == 0, what);
}

static void fill(uint8_t *p, size_t n, int seed)
{
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(i * 29 + (size_t)seed * 53 + 11);
}

/* Signs tx with the classified key, directly and through its JSON form. */
static void sign_both(zks_tx_type type, const void *tx, const uint8_t *sk, const char *what)
{
    uint8_t sig[ZKS_MUSIG_BYTES];
    char name[96];
    snprintf(name, sizeof name, "%s zks_tx_sign", what);
    expect(pub(zks_tx_sign(type, tx, sk, sig)) == ZKS_OK, name);
    expect_defined(sig, sizeof sig, name);
    uint8_t bytes[ZKS_TX_BYTES_MAX];
    size_t n = 0;
    expect(zks_tx_bytes(type, tx, bytes, sizeof bytes, &n) == ZKS_OK && zks_musig_verify(bytes, n, sig) == ZKS_OK,
           name);

    char *json = NULL, *signed_json = NULL;
    snprintf(name, sizeof name, "%s zks_tx_sign_json", what);
    expect(zks_tx_to_json(type, tx, NULL, &json) == ZKS_OK, name);
    if (json == NULL) return;
    /* an Order's JSON has no "type"; the signing input names it */
    char input[2048];
    snprintf(input, sizeof input, "%s%s", type == ZKS_TX_ORDER ? "{\"type\":\"Order\"," : "",
             type == ZKS_TX_ORDER ? json + 1 : json);
    expect(pub(zks_tx_sign_json(input, sk, &signed_json)) == ZKS_OK, name);
    if (signed_json != NULL) {
        expect_defined(signed_json, strlen(signed_json) + 1, name);
        zks_free(signed_json);
    }
    zks_free(json);
}

static void check_l1(const uint8_t *eth_key, uint32_t type, int iter)
{
    static const uint8_t data[] = {0xa9, 0x05, 0x9c, 0xbb, 0, 0, 0, 0, 1, 2, 3};
    zks_eth_tx tx = ZKS_ETH_TX_INIT;
    tx.type = type;
    tx.chain_id = type == ZKS_ETH_TX_LEGACY ? 9 : 1;
    tx.nonce = (uint64_t)iter * 3;
    tx.gas_limit = 90000;
    tx.gas_price = "1000000000";
    tx.max_priority_fee_per_gas = "1500000000";
    tx.max_fee_per_gas = "30000000000";
    tx.has_to = 1;
    memset(tx.to, 0x5a, sizeof tx.to);
    tx.value = "1000000000000000";
    tx.data = data;
    tx.data_len = sizeof data;
    uint8_t raw[512], hash[ZKS_ETH_HASH_BYTES];
    size_t len = 0;
    const char *what = type == ZKS_ETH_TX_LEGACY ? "zks_eth_tx_sign EIP-155" : "zks_eth_tx_sign EIP-1559";
    expect(pub(zks_eth_tx_sign(&tx, eth_key, raw, sizeof raw, &len, hash)) == ZKS_OK, what);
    VALGRIND_MAKE_MEM_DEFINED(&len, sizeof len); /* the length of a public tx */
    if (len > sizeof raw) len = 0;
    expect(len > 0, what);
    expect_defined(raw, len, what);
    expect_defined(hash, sizeof hash, what);
}

int main(void)
{
    uint8_t seed[64], sk[ZKS_PRIVKEY_BYTES], pkh[ZKS_PUBKEY_HASH_BYTES], eth_key[32], addr[20];
    uint8_t osig_a[ZKS_MUSIG_BYTES], osig_b[ZKS_MUSIG_BYTES];

    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "ctime_tx: must run under valgrind (see tests/suites/ctime.sh)\n");
        printf("RESULT 0 1\n");
        return 2;
    }
    for (int iter = 0; iter < 2; iter++) {
        fill(seed, sizeof seed, iter);
        fill(eth_key, sizeof eth_key, iter + 7);
        VALGRIND_MAKE_MEM_UNDEFINED(seed, sizeof seed);
        VALGRIND_MAKE_MEM_UNDEFINED(eth_key, sizeof eth_key);
        /* the zkSync key stays undefined: it is derived from the undefined seed */
        expect(pub(zks_privkey_from_seed(seed, sizeof seed, sk)) == ZKS_OK, "key from seed");
        expect(pub(zks_pubkey_hash_from_privkey(sk, pkh)) == ZKS_OK, "pubkey hash");
        expect_defined(pkh, sizeof pkh, "pubkey hash");
        expect(pub(zks_eth_address_from_privkey(eth_key, addr)) == ZKS_OK, "eth address");
        expect_defined(addr, sizeof addr, "eth address");
        uint32_t nonce = 5 + (uint32_t)iter;

        zks_transfer t = ZKS_TRANSFER_INIT;
        t.account_id = 7;
        memcpy(t.from, addr, 20);
        memset(t.to, 0x19, 20);
        t.token = 0;
        t.amount = "1500000000000000000";
        t.fee = "100000000000000";
        t.nonce = nonce;
        sign_both(ZKS_TX_TRANSFER, &t, sk, "Transfer");
        t.token = 65540;
        t.amount = "1";
        t.fee = "0";
        sign_both(ZKS_TX_TRANSFER, &t, sk, "NFT Transfer");

        zks_withdraw wd = ZKS_WITHDRAW_INIT;
        wd.account_id = 7;
        memcpy(wd.from, addr, 20);
        memset(wd.to, 0x21, 20);
        wd.token = 1;
        wd.amount = "340282366920938463463374607431768211455";
        wd.fee = "1000";
        wd.nonce = nonce;
        sign_both(ZKS_TX_WITHDRAW, &wd, sk, "Withdraw");

        zks_change_pubkey cpk = ZKS_CHANGE_PUBKEY_INIT;
        cpk.account_id = 7;
        memcpy(cpk.account, addr, 20);
        memcpy(cpk.new_pk_hash, pkh, sizeof pkh);
        cpk.fee_token = 0;
        cpk.fee = "2000";
        cpk.nonce = nonce;
        cpk.auth_type = ZKS_CPK_ONCHAIN;
        sign_both(ZKS_TX_CHANGE_PUBKEY, &cpk, sk, "ChangePubKey onchain");
        /* ECDSA: the Ethereum key authorises the new key over the 60-byte message */
        uint8_t msg[ZKS_CPK_ECDSA_MESSAGE_BYTES];
        cpk.auth_type = ZKS_CPK_ECDSA;
        expect(zks_change_pubkey_ecdsa_message(&cpk, msg) == ZKS_OK, "cpk ecdsa message");
        expect(pub(zks_eth_personal_sign(eth_key, msg, sizeof msg, cpk.eth_signature)) == ZKS_OK,
               "ChangePubKey ECDSA authorisation");
        expect_defined(cpk.eth_signature, sizeof cpk.eth_signature, "ChangePubKey ECDSA authorisation");
        uint8_t rec[20];
        expect(zks_eth_personal_recover(msg, sizeof msg, cpk.eth_signature, rec) == ZKS_OK &&
                   memcmp(rec, addr, 20) == 0, "ChangePubKey ECDSA authorisation recovers");
        sign_both(ZKS_TX_CHANGE_PUBKEY, &cpk, sk, "ChangePubKey ECDSA");
        cpk.auth_type = ZKS_CPK_CREATE2;
        memset(cpk.eth_signature, 0, sizeof cpk.eth_signature);
        memset(cpk.creator_address, 0x31, 20);
        memset(cpk.salt_arg, 0x32, 32);
        memset(cpk.code_hash, 0x33, 32);
        expect(zks_create2_address(cpk.creator_address, cpk.salt_arg, cpk.code_hash, pkh, cpk.account) == ZKS_OK,
               "create2 address");
        sign_both(ZKS_TX_CHANGE_PUBKEY, &cpk, sk, "ChangePubKey CREATE2");

        zks_forced_exit fe = ZKS_FORCED_EXIT_INIT;
        fe.initiator_account_id = 7;
        memset(fe.target, 0x41, 20);
        fe.token = 2;
        fe.fee = "3000";
        fe.nonce = nonce;
        sign_both(ZKS_TX_FORCED_EXIT, &fe, sk, "ForcedExit");

        zks_mint_nft mn = ZKS_MINT_NFT_INIT;
        mn.creator_id = 7;
        memcpy(mn.creator_address, addr, 20);
        memset(mn.content_hash, 0xcd, 32);
        memset(mn.recipient, 0x51, 20);
        mn.fee_token = 0;
        mn.fee = "4000";
        mn.nonce = nonce;
        sign_both(ZKS_TX_MINT_NFT, &mn, sk, "MintNFT");

        zks_withdraw_nft wn = ZKS_WITHDRAW_NFT_INIT;
        wn.account_id = 7;
        memcpy(wn.from, addr, 20);
        memset(wn.to, 0x61, 20);
        wn.token = 65537;
        wn.fee_token = 0;
        wn.fee = "5000";
        wn.nonce = nonce;
        sign_both(ZKS_TX_WITHDRAW_NFT, &wn, sk, "WithdrawNFT");

        zks_swap sw = ZKS_SWAP_INIT;
        sw.submitter_id = 7;
        memcpy(sw.submitter_address, addr, 20);
        sw.nonce = nonce;
        sw.order_a.account_id = 7;
        memcpy(sw.order_a.recipient, addr, 20);
        sw.order_a.nonce = nonce;
        sw.order_a.token_sell = 0;
        sw.order_a.token_buy = 1;
        sw.order_a.ratio_sell = "1";
        sw.order_a.ratio_buy = "2000";
        sw.order_a.amount = "1000000";
        sw.order_b = sw.order_a;
        sw.order_b.account_id = 8;
        memset(sw.order_b.recipient, 0x71, 20);
        sw.order_b.token_sell = 1;
        sw.order_b.token_buy = 0;
        sw.order_b.ratio_sell = "2000";
        sw.order_b.ratio_buy = "1";
        sw.order_b.amount = "0";
        sign_both(ZKS_TX_ORDER, &sw.order_a, sk, "Order");
        expect(pub(zks_tx_sign(ZKS_TX_ORDER, &sw.order_a, sk, osig_a)) == ZKS_OK, "order a");
        expect(pub(zks_tx_sign(ZKS_TX_ORDER, &sw.order_b, sk, osig_b)) == ZKS_OK, "order b");
        sw.order_a.signature = osig_a;
        sw.order_b.signature = osig_b;
        sw.amount_a = "1000000";
        sw.amount_b = "2000000000";
        sw.fee_token = 0;
        sw.fee = "6000";
        sign_both(ZKS_TX_SWAP, &sw, sk, "Swap");

        check_l1(eth_key, ZKS_ETH_TX_LEGACY, iter);
        check_l1(eth_key, ZKS_ETH_TX_EIP1559, iter);

        /* a mnemonic is as secret as the key it yields; its length is public */
        uint8_t ent[16], out[32];
        char mnemonic[ZKS_BIP39_MNEMONIC_MAX_CHARS + 1];
        size_t n = 0;
        fill(ent, sizeof ent, iter + 3);
        expect(zks_bip39_entropy_to_mnemonic(ent, sizeof ent, mnemonic, sizeof mnemonic, &n) == ZKS_OK, "mnemonic");
        VALGRIND_MAKE_MEM_UNDEFINED(mnemonic, n);
        expect(pub(zks_bip39_validate(mnemonic)) == ZKS_OK, "zks_bip39_validate");
        expect(pub(zks_eth_privkey_from_mnemonic(mnemonic, "pass", "m/44'/60'/0'/0/1", out)) == ZKS_OK,
               "zks_eth_privkey_from_mnemonic");
        expect(pub(zks_eth_address_from_privkey(out, addr)) == ZKS_OK, "address of mnemonic key");
        expect_defined(addr, sizeof addr, "address of mnemonic key");
        zks_memzero(out, sizeof out);
    }
    zks_memzero(seed, sizeof seed);
    zks_memzero(sk, sizeof sk);
    zks_memzero(eth_key, sizeof eth_key);
    printf("RESULT %d %d\n", passed, failed);
    return failed != 0;
}
