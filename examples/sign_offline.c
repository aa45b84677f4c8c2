/* sign_offline: signs one transaction of every zkSync Lite type without any
 * network access and prints what would be submitted: the server JSON, the
 * transaction hash and the Ethereum (L1) signature of its message.
 *
 * The keys are the well-known test keys 0x01..01 / 0x02..02 — never use them
 * for real funds. Build: make examples; run: build/examples/sign_offline */
#include <stdio.h>
#include <string.h>

#include "zksync.h"

static uint8_t eth_key[32], zk_key[32], eth_key2[32], zk_key2[32];
static uint8_t me[20], other[20], pkh[20];

static int fail(const char *what, zks_status st)
{
    fprintf(stderr, "%s: %s\n", what, zks_strerror(st));
    return 1;
}

static void hex(char *out, const uint8_t *in, size_t n)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = d[in[i] >> 4];
        out[2 * i + 1] = d[in[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Signs tx with key, prints JSON, hash, message and the L1 signature.
 * symbol/decimals describe the token the message mentions. */
static int show(const char *title, zks_tx_type type, const void *tx, const uint8_t *key, const uint8_t *l1_key,
                const char *symbol, uint32_t decimals, const char *buy_symbol, uint8_t *sig_out)
{
    uint8_t sig[ZKS_MUSIG_BYTES], h[ZKS_TX_HASH_BYTES], es[ZKS_ETH_SIGNATURE_BYTES];
    char hs[ZKS_TX_HASH_CHARS + 1], msg[512], esh[2 * ZKS_ETH_SIGNATURE_BYTES + 1];
    char *json = NULL;
    size_t len;
    zks_status st;
    if ((st = zks_tx_sign(type, tx, key, sig)) != ZKS_OK) return fail(title, st);
    if ((st = zks_tx_to_json(type, tx, sig, &json)) != ZKS_OK) return fail(title, st);
    printf("== %s\n%s\n", title, json);
    zks_free(json);
    if (type != ZKS_TX_ORDER) {
        if ((st = zks_tx_hash(type, tx, h, hs)) != ZKS_OK) return fail(title, st);
        printf("hash: %s\n", hs);
    }
    if ((st = zks_tx_eth_message(type, tx, symbol, decimals, buy_symbol, msg, sizeof msg, &len)) != ZKS_OK)
        return fail(title, st);
    if ((st = zks_eth_personal_sign(l1_key, (const uint8_t *)msg, len, es)) != ZKS_OK) return fail(title, st);
    hex(esh, es, sizeof es);
    printf("eth message:\n  %s\neth signature: {\"type\":\"EthereumSignature\",\"signature\":\"0x%s\"}\n\n", msg, esh);
    if (sig_out) memcpy(sig_out, sig, sizeof sig);
    return 0;
}

int main(void)
{
    zks_status st;
    memset(eth_key, 0x01, 32);
    memset(eth_key2, 0x02, 32);
    /* The zkSync key is derived from an L1 signature, as zksync.js does (chain id 1). */
    if ((st = zks_privkey_from_eth_privkey(eth_key, 1, zk_key)) != ZKS_OK) return fail("zk key", st);
    if ((st = zks_privkey_from_eth_privkey(eth_key2, 1, zk_key2)) != ZKS_OK) return fail("zk key 2", st);
    if ((st = zks_eth_address_from_privkey(eth_key, me)) != ZKS_OK) return fail("address", st);
    if ((st = zks_eth_address_parse("0x1919191919191919191919191919191919191919", other)) != ZKS_OK)
        return fail("parse", st);
    uint8_t pub[32];
    if ((st = zks_pubkey_from_privkey(zk_key, pub)) != ZKS_OK || (st = zks_pubkey_hash(pub, pkh)) != ZKS_OK)
        return fail("pubkey hash", st);

    zks_change_pubkey cpk = ZKS_CHANGE_PUBKEY_INIT;
    cpk.account_id = 42;
    memcpy(cpk.account, me, 20);
    memcpy(cpk.new_pk_hash, pkh, 20);
    cpk.fee = "100000000000000";
    cpk.nonce = 0;
    cpk.auth_type = ZKS_CPK_ECDSA;
    uint8_t m60[ZKS_CPK_ECDSA_MESSAGE_BYTES];
    if ((st = zks_change_pubkey_ecdsa_message(&cpk, m60)) != ZKS_OK) return fail("cpk message", st);
    if ((st = zks_eth_personal_sign(eth_key, m60, sizeof m60, cpk.eth_signature)) != ZKS_OK) return fail("cpk sig", st);
    if (show("ChangePubKey (ECDSA; in a batch its message part is used)", ZKS_TX_CHANGE_PUBKEY, &cpk, zk_key, eth_key,
             "ETH", 18, NULL, NULL))
        return 1;

    zks_transfer t = ZKS_TRANSFER_INIT;
    t.account_id = 42;
    memcpy(t.from, me, 20);
    memcpy(t.to, other, 20);
    t.token = 0;
    t.amount = "1500000000000000000";
    t.fee = "100000000000000";
    t.nonce = 7;
    if (show("Transfer", ZKS_TX_TRANSFER, &t, zk_key, eth_key, "ETH", 18, NULL, NULL)) return 1;

    zks_transfer nft = t;
    nft.token = 65536;
    nft.amount = "1";
    nft.fee = "0";
    nft.nonce = 12;
    if (show("Transfer of NFT 65536", ZKS_TX_TRANSFER, &nft, zk_key, eth_key, "NFT-65536", 0, NULL, NULL)) return 1;

    zks_withdraw w = ZKS_WITHDRAW_INIT;
    w.account_id = 42;
    memcpy(w.from, me, 20);
    memcpy(w.to, other, 20);
    w.token = 1;
    w.amount = "1000000000000000001"; /* not packable: Withdraw carries the full amount */
    w.fee = "5000000000000000";
    w.nonce = 13;
    if (show("Withdraw (fast processing would be the tx_submit flag)", ZKS_TX_WITHDRAW, &w, zk_key, eth_key, "DAI", 18,
             NULL, NULL))
        return 1;

    zks_forced_exit fe = ZKS_FORCED_EXIT_INIT;
    fe.initiator_account_id = 42;
    memcpy(fe.target, other, 20);
    fe.fee = "12300000000000";
    fe.nonce = 14;
    if (show("ForcedExit", ZKS_TX_FORCED_EXIT, &fe, zk_key, eth_key, "ETH", 18, NULL, NULL)) return 1;

    zks_mint_nft mint = ZKS_MINT_NFT_INIT;
    mint.creator_id = 42;
    memcpy(mint.creator_address, me, 20);
    memset(mint.content_hash, 0xab, 32);
    memcpy(mint.recipient, other, 20);
    mint.fee = "1000000000000000";
    mint.nonce = 15;
    if (show("MintNFT", ZKS_TX_MINT_NFT, &mint, zk_key, eth_key, "ETH", 18, NULL, NULL)) return 1;

    zks_withdraw_nft wn = ZKS_WITHDRAW_NFT_INIT;
    wn.account_id = 42;
    memcpy(wn.from, me, 20);
    memcpy(wn.to, other, 20);
    wn.token = 65537;
    wn.fee_token = 2;
    wn.fee = "2500000";
    wn.nonce = 16;
    if (show("WithdrawNFT", ZKS_TX_WITHDRAW_NFT, &wn, zk_key, eth_key, "USDC", 6, NULL, NULL)) return 1;

    /* A swap: each order is signed by its owner, the swap by the submitter. */
    uint8_t sig_a[ZKS_MUSIG_BYTES], sig_b[ZKS_MUSIG_BYTES], addr2[20];
    if ((st = zks_eth_address_from_privkey(eth_key2, addr2)) != ZKS_OK) return fail("address 2", st);
    zks_swap s = ZKS_SWAP_INIT;
    s.order_a.account_id = 42;
    memcpy(s.order_a.recipient, me, 20);
    s.order_a.nonce = 17;
    s.order_a.token_sell = 0;
    s.order_a.token_buy = 2;
    s.order_a.ratio_sell = "1000000000000000000";
    s.order_a.ratio_buy = "4000000000";
    s.order_a.amount = "2000000000000000000";
    s.order_b.account_id = 43;
    memcpy(s.order_b.recipient, addr2, 20);
    s.order_b.nonce = 3;
    s.order_b.token_sell = 2;
    s.order_b.token_buy = 0;
    s.order_b.ratio_sell = "4000000000";
    s.order_b.ratio_buy = "1000000000000000000";
    s.order_b.amount = "0"; /* limit order */
    if (show("Order A", ZKS_TX_ORDER, &s.order_a, zk_key, eth_key, "ETH", 18, "USDC", sig_a)) return 1;
    if (show("Order B (limit order)", ZKS_TX_ORDER, &s.order_b, zk_key2, eth_key2, "USDC", 6, "ETH", sig_b)) return 1;
    s.order_a.signature = sig_a;
    s.order_b.signature = sig_b;
    s.submitter_id = 42;
    memcpy(s.submitter_address, me, 20);
    s.nonce = 18;
    s.amount_a = "2000000000000000000";
    s.amount_b = "8000000000";
    s.fee = "1000000000000";
    if (show("Swap (hash: the server's 224-byte rule)", ZKS_TX_SWAP, &s, zk_key, eth_key, "ETH", 18, NULL, NULL)) return 1;

    /* A batch: one L1 signature over the parts, "Nonce:" of the first tx. */
    char p1[512], p2[512], batch[1024];
    size_t l;
    zks_transfer t2 = t;
    t2.amount = "0";
    memcpy(t2.to, me, 20);
    t2.fee = "300000000000000";
    t2.nonce = 8;
    t.fee = "0";
    if ((st = zks_tx_eth_message_part(ZKS_TX_TRANSFER, &t, "ETH", 18, p1, sizeof p1, &l)) != ZKS_OK ||
        (st = zks_tx_eth_message_part(ZKS_TX_TRANSFER, &t2, "ETH", 18, p2, sizeof p2, &l)) != ZKS_OK)
        return fail("batch part", st);
    const char *parts[] = {p1, p2};
    if ((st = zks_batch_eth_message(parts, 2, t.nonce, batch, sizeof batch, &l)) != ZKS_OK) return fail("batch", st);
    printf("== batch message (transfer + fee transfer)\n  %s\n\n", batch);

    /* The same through the JSON entry point, as a binding would call it. */
    char *out = NULL;
    st = zks_tx_sign_json("{\"type\":\"Transfer\",\"accountId\":7,\"from\":\"0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1\","
                          "\"to\":\"0x1919191919191919191919191919191919191919\",\"token\":0,\"amount\":\"1000\","
                          "\"fee\":\"10\",\"nonce\":3,\"validFrom\":0,\"validUntil\":4294967295}",
                          zk_key, &out);
    if (st != ZKS_OK) return fail("sign_json", st);
    printf("== zks_tx_sign_json\n%s\n", out);
    zks_free(out);
    zks_memzero(zk_key, sizeof zk_key);
    zks_memzero(zk_key2, sizeof zk_key2);
    return 0;
}
