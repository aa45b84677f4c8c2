/* Constant-time check for the key-taking constructors, run under valgrind
 * memcheck (tests/suites/ctime.sh): zks_wallet_new (and the zks_l1_new it
 * calls with the Ethereum key), zks_wallet_new_from_mnemonic,
 * zks_wallet_new_with_signer (whose login signature is the zkSync key's
 * seed), then the wallet's own signing with the key it derived
 * (sign_order, transfer, set_signing_key ECDSA, withdraw, forced_exit,
 * mint_nft, withdraw_nft, transfer_nft, transfer_batch, swap; each must
 * reach the mock's tx_submit, counted by mock_stats) and an L1 deposit
 * signed by the wallet's L1 layer. The constructors need a server (contract_address,
 * eth_chainId): tests/mock/rpc_mock.py on 127.0.0.1 answers them (it runs
 * outside valgrind: the suite does not trace children).
 * Usage: ctime_wallet [login-secret] (see signer below).
 * Secrets are marked undefined; public outputs (addresses, pubkey hash,
 * signed order JSON, hashes) must come out defined.
 * Refuses to pass when not running under valgrind. */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "zksync.h"
#include "../mock/mock_launch.h"

static int passed, failed;

static void expect(int ok, const char *what)
{
    if (ok) passed++;
    else { failed++; printf("FAIL %s\n", what); }
}

static zks_status pub(zks_status st)
{
    VALGRIND_MAKE_MEM_DEFINED(&st, sizeof st);
    return st;
}

static void expect_defined(const void *p, size_t n, const char *what)
{
    expect(VALGRIND_CHECK_MEM_IS_DEFINED(p, n) == 0, what);
}

/* External signer: a hardware wallet's personal_sign with a classified key.
 * personal_sign declares its output public; the login signature is secret (it
 * seeds the zkSync key), which zks_privkey_from_eth_signature restores by
 * classifying its copy. In "login-secret" mode the signer classifies it itself,
 * so everything the wallet does with it is checked too (it used to recover
 * its address in variable time; now the signer is checked on its first public
 * signature instead). */
static int classify_login;

static zks_status signer(void *ctx, const uint8_t *msg, size_t len, uint8_t sig[ZKS_ETH_SIGNATURE_BYTES])
{
    zks_status st = pub(zks_eth_personal_sign((const uint8_t *)ctx, msg, len, sig));
    if (classify_login) VALGRIND_MAKE_MEM_UNDEFINED(sig, ZKS_ETH_SIGNATURE_BYTES);
    return st;
}

/* Public outputs of a wallet made from a secret: address and pubkey hash. */
static void check_wallet(zks_wallet *w, const char *what)
{
    char a[ZKS_ETH_ADDRESS_CHARS + 1], h[ZKS_PUBKEY_HASH_CHARS + 1];
    uint8_t raw[ZKS_PUBKEY_HASH_BYTES];
    expect(w != NULL && zks_wallet_address(w, a) == ZKS_OK && zks_wallet_pubkey_hash(w, h, raw) == ZKS_OK, what);
    if (w == NULL) return;
    expect_defined(a, sizeof a, what);
    expect_defined(h, sizeof h, what);
    expect_defined(raw, sizeof raw, what);
}

/* The mock's count of tx_submit / submit_txs_batch requests, or -1. */
static int submissions(zks_provider *p)
{
    char *out = NULL;
    int n = -1;
    if (zks_provider_call_json(p, "mock_stats", "[]", 1, &out) == ZKS_OK && out != NULL) {
        const char *k = strstr(out, "\"submit_requests\"");
        if (k == NULL || sscanf(k, "\"submit_requests\": %d", &n) != 1) n = -1;
    }
    zks_free(out);
    return n;
}

enum { N_OPS = 9 };
static const char *const op_names[N_OPS] = {
    "zks_wallet_transfer", "zks_wallet_set_signing_key ECDSA", "zks_wallet_withdraw", "zks_wallet_forced_exit",
    "zks_wallet_mint_nft", "zks_wallet_withdraw_nft", "zks_wallet_transfer_nft", "zks_wallet_transfer_batch",
    "zks_wallet_swap"};

static zks_status run_op(zks_wallet *w, int op)
{
    static const uint8_t content[32] = {0xcd};
    const char *to[2] = {"0x1919191919191919191919191919191919191919", "0x2929292929292929292929292929292929292929"};
    const char *toks[2] = {"ETH", "ETH"}, *amts[2] = {"1000", "2000"};
    char hash[ZKS_TX_HASH_CHARS + 1], h2[ZKS_TX_HASH_CHARS + 1], hashes[3 * (ZKS_TX_HASH_CHARS + 1)];
    size_t nh = 0;
    char *oa = NULL, *ob = NULL;
    zks_status st = ZKS_ERR_INVALID_ARG;
    switch (op) {
    case 0: st = zks_wallet_transfer(w, to[0], "ETH", "1000", "10", hash); break;
    case 1: st = zks_wallet_set_signing_key(w, ZKS_CPK_ECDSA, "ETH", "10", hash); break;
    case 2: st = zks_wallet_withdraw(w, NULL, "ETH", "1000", "10", 0, hash); break;
    case 3: st = zks_wallet_forced_exit(w, to[0], "ETH", "10", hash); break;
    case 4: st = zks_wallet_mint_nft(w, NULL, content, "ETH", "10", hash); break;
    case 5: st = zks_wallet_withdraw_nft(w, NULL, 65536, "ETH", "10", 0, hash); break;
    case 6: st = zks_wallet_transfer_nft(w, to[0], 65536, "ETH", "10", hash, h2); break;
    case 7: st = zks_wallet_transfer_batch(w, to, toks, amts, 2, "ETH", "30", hashes, 3, &nh); break;
    default:
        st = zks_wallet_sign_order(w, NULL, "ETH", "DAI", "1", "2", "0", &oa);
        if (st == ZKS_OK) st = zks_wallet_sign_order(w, NULL, "DAI", "ETH", "2", "1", "0", &ob);
        if (st == ZKS_OK) st = zks_wallet_swap(w, oa, ob, "1000", "2000", "ETH", "10", hash);
        zks_free(oa);
        zks_free(ob);
    }
    return pub(st);
}

int main(int argc, char **argv)
{
    int only_login = argc > 1 && strcmp(argv[1], "login-secret") == 0;
    uint8_t key[32];
    zt_mock m;
    zks_provider *p = NULL;
    zks_eth_rpc *e = NULL;

    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "ctime_wallet: must run under valgrind (see tests/suites/ctime.sh)\n");
        printf("RESULT 0 1\n");
        return 2;
    }
    if (zt_mock_start(&m) != 0) {
        printf("FAIL cannot start tests/mock/rpc_mock.py\nRESULT 0 1\n");
        return 1;
    }
    expect(zks_provider_new(m.url, &p) == ZKS_OK && zks_eth_rpc_new(m.url, &e) == ZKS_OK, "clients");

    for (int iter = 0; iter < 2 && p != NULL && e != NULL; iter++) {
        for (int i = 0; i < 32; i++) key[i] = (uint8_t)(i * 11 + 5 + iter * 37);
        VALGRIND_MAKE_MEM_UNDEFINED(key, sizeof key);

        /* with eth_rpc: also zks_l1_new with the key */
        zks_wallet *w = NULL;
        classify_login = only_login;
        if (only_login) goto with_signer;
        expect(pub(zks_wallet_new(p, e, 9, key, &w)) == ZKS_OK, "zks_wallet_new");
        check_wallet(w, "zks_wallet_new");
        if (w != NULL) {
            char *order = NULL;
            zks_status st = pub(zks_wallet_sign_order(w, NULL, "ETH", "DAI", "1", "2000", "1000", &order));
            expect(st == ZKS_OK && order != NULL, "zks_wallet_sign_order");
            if (order != NULL) {
                expect_defined(order, strlen(order) + 1, "zks_wallet_sign_order");
                zks_free(order);
            }
            zks_l1_result r;
            st = pub(zks_l1_deposit_eth(zks_wallet_l1(w), NULL, "1000", 0, &r));
            expect(st == ZKS_OK, "zks_l1_deposit_eth");
            if (st == ZKS_OK) expect_defined(r.tx_hash, sizeof r.tx_hash, "zks_l1_deposit_eth");
        }
        zks_wallet_free(w);
        /* the L2 operations that sign with the wallet's key, one fresh wallet each: the
         * mock answers tx_submit with a hash of its own, which leaves the wallet in doubt */
        for (int op = 0; op < N_OPS; op++) {
            w = NULL;
            expect(pub(zks_wallet_new(p, NULL, 9, key, &w)) == ZKS_OK, "zks_wallet_new");
            if (w == NULL) continue;
            int before = submissions(p);
            zks_status st = run_op(w, op);
            int after = submissions(p);
            /* a submission reached the server, so the tx was signed */
            if (after <= before) printf("%s: %s, nothing submitted\n", op_names[op], zks_strerror(st));
            expect(before >= 0 && after > before, op_names[op]);
            zks_wallet_free(w);
        }

        char mnemonic[ZKS_BIP39_MNEMONIC_MAX_CHARS + 1];
        size_t n = 0;
        uint8_t ent[16];
        for (int i = 0; i < 16; i++) ent[i] = (uint8_t)(i * 3 + 1 + iter);
        expect(zks_bip39_entropy_to_mnemonic(ent, sizeof ent, mnemonic, sizeof mnemonic, &n) == ZKS_OK, "mnemonic");
        VALGRIND_MAKE_MEM_UNDEFINED(mnemonic, n);
        w = NULL;
        expect(pub(zks_wallet_new_from_mnemonic(p, NULL, 9, mnemonic, NULL, NULL, &w)) == ZKS_OK,
               "zks_wallet_new_from_mnemonic");
        check_wallet(w, "zks_wallet_new_from_mnemonic");
        zks_wallet_free(w);

    with_signer:;
        uint8_t addr[20];
        char addr_text[ZKS_ETH_ADDRESS_CHARS + 1];
        expect(zks_eth_address_from_privkey(key, addr) == ZKS_OK && zks_eth_address_to_checksum(addr, addr_text) == ZKS_OK,
               "signer address");
        w = NULL;
        expect(pub(zks_wallet_new_with_signer(p, NULL, 9, addr_text, signer, NULL, key, &w)) == ZKS_OK,
               "zks_wallet_new_with_signer");
        check_wallet(w, "zks_wallet_new_with_signer");
        zks_wallet_free(w);
    }
    zks_memzero(key, sizeof key);
    zks_eth_rpc_free(e);
    zks_provider_free(p);
    zt_mock_stop(&m);
    printf("RESULT %d %d\n", passed, failed);
    return failed != 0;
}
