/* zks_provider against the loopback mock: every v0.1 method (exact request
 * JSON and typed result), error-code mapping, token cache, waits. */
#include <pthread.h>
#include <cjson/cJSON.h>

#include "harness.h"
#include "../mock/mock_launch.h"

static zks_provider *ctl; /* talks to the mock's control methods */

static void mock(const char *method, const char *params)
{
    char *out = NULL;
    zks_status st = zks_provider_call_json(ctl, method, params, 0, &out);
    if (st != ZKS_OK) fprintf(stderr, "mock control %s failed: %s\n", method, zks_provider_errmsg(ctl));
    zks_free(out);
}

/* Checks the body the mock received last. */
static void check_request(const char *want, int line)
{
    char *out = NULL;
    zks_status st = zks_provider_call_json(ctl, "mock_last_request", "[]", 0, &out);
    cJSON *s = st == ZKS_OK ? cJSON_Parse(out) : NULL;
    const char *got = cJSON_IsString(s) ? s->valuestring : "(none)";
    ZT_CHECK_MSG(strcmp(got, want) == 0, "line %d request\n got  %s\n want %s", line, got, want);
    cJSON_Delete(s);
    zks_free(out);
}
#define CHECK_REQ(w) check_request((w), __LINE__)

#define A11 "0x1111111111111111111111111111111111111111"
#define H_AA "sync-tx:aa00000000000000000000000000000000000000000000000000000000000001"
#define H_BB "sync-tx:bb00000000000000000000000000000000000000000000000000000000000002"

static void test_reads(zks_provider *p)
{
    /* account_info */
    zks_account *a = NULL;
    ZT_CHECK_STATUS(zks_provider_account_info(p, A11, &a), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"account_info\",\"params\":[\"" A11 "\"]}");
    zks_account_info ai;
    ZT_CHECK_STATUS(zks_account_get_info(a, &ai), ZKS_OK);
    ZT_CHECK(ai.has_id == 1 && ai.id == 12 && ai.committed_nonce == 4 && ai.verified_nonce == 3);
    ZT_CHECK_STR(ai.address, A11);
    ZT_CHECK_STR(ai.committed_pub_key_hash, "sync:abababababababababababababababababababab");
    ZT_CHECK_STR(ai.account_type, "{\"No2FA\":null}");
    ZT_CHECK(zks_account_balance_count(a, ZKS_ACCOUNT_COMMITTED) == 2);
    ZT_CHECK(zks_account_balance_count(a, ZKS_ACCOUNT_VERIFIED) == 1);
    ZT_CHECK(zks_account_balance_count(a, 7) == 0);
    char sym[ZKS_SYMBOL_CHARS + 1], amt[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_account_balance_at(a, ZKS_ACCOUNT_COMMITTED, 1, sym, amt), ZKS_OK);
    ZT_CHECK_STR(sym, "DAI");
    ZT_CHECK_STR(amt, "2500");
    ZT_CHECK_STATUS(zks_account_balance_at(a, ZKS_ACCOUNT_COMMITTED, 2, sym, amt), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(sym[0] == 0 && amt[0] == 0);
    ZT_CHECK_STATUS(zks_account_balance(a, ZKS_ACCOUNT_COMMITTED, "eth", amt), ZKS_OK);
    ZT_CHECK_STR(amt, "1000000000000000000");
    ZT_CHECK_STATUS(zks_account_balance(a, ZKS_ACCOUNT_VERIFIED, "DAI", amt), ZKS_OK);
    ZT_CHECK_STR(amt, "0");
    uint64_t eab = 0;
    ZT_CHECK(zks_account_depositing_count(a) == 1);
    ZT_CHECK_STATUS(zks_account_depositing_at(a, 0, sym, amt, &eab), ZKS_OK);
    ZT_CHECK(strcmp(sym, "ETH") == 0 && strcmp(amt, "500") == 0 && eab == 1234);
    /* failures zero the whole output buffers, not just their first byte */
    ZT_CHECK_STATUS(zks_account_depositing_at(a, 1, sym, amt, &eab), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(sym, sizeof sym) && zt_all_zero(amt, sizeof amt) && eab == 0);
    memset(sym, 0x41, sizeof sym);
    memset(amt, 0x41, sizeof amt);
    ZT_CHECK_STATUS(zks_account_balance_at(a, ZKS_ACCOUNT_COMMITTED, 2, sym, amt), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(sym, sizeof sym) && zt_all_zero(amt, sizeof amt));
    memset(amt, 0x41, sizeof amt);
    ZT_CHECK_STATUS(zks_account_balance(a, 2, "ETH", amt), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(amt, sizeof amt));
    zks_nft nf;
    ZT_CHECK(zks_account_nft_count(a, ZKS_ACCOUNT_COMMITTED, 0) == 1);
    ZT_CHECK(zks_account_nft_count(a, ZKS_ACCOUNT_COMMITTED, 1) == 1);
    ZT_CHECK(zks_account_nft_count(a, ZKS_ACCOUNT_VERIFIED, 0) == 0);
    ZT_CHECK_STATUS(zks_account_nft_at(a, ZKS_ACCOUNT_COMMITTED, 1, 0, &nf), ZKS_OK);
    ZT_CHECK(nf.id == 65537 && nf.creator_id == 3 && nf.serial_id == 0);
    ZT_CHECK_STR(nf.symbol, "NFT-65537");
    ZT_CHECK_STR(nf.content_hash, "0xcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd");
    char *js = NULL;
    ZT_CHECK_STATUS(zks_account_json(a, &js), ZKS_OK);
    ZT_CHECK(js != NULL && strstr(js, "\"mintedNfts\"") != NULL);
    zks_free(js);
    zks_account_free(a);
    /* unknown account: id null */
    ZT_CHECK_STATUS(zks_provider_account_info(p, "0x0000000000000000000000000000000000000000", &a), ZKS_OK);
    ZT_CHECK_STATUS(zks_account_get_info(a, &ai), ZKS_OK);
    ZT_CHECK(ai.has_id == 0 && ai.committed_nonce == 0 && ai.account_type[0] == 0);
    ZT_CHECK(zks_account_balance_count(a, 0) == 0);
    zks_account_free(a);
    ZT_CHECK_STATUS(zks_provider_account_info(p, "0x11", &a), ZKS_ERR_INVALID_ADDRESS);
    ZT_CHECK(a == NULL);

    /* ethop_info */
    zks_tx_info ti;
    ZT_CHECK_STATUS(zks_provider_ethop_info(p, 42, &ti), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"ethop_info\",\"params\":[42]}");
    ZT_CHECK(ti.executed == 1 && ti.has_block == 1 && ti.block_number == 7 && ti.committed == 1 && ti.verified == 1);

    /* tx_info, unknown hash */
    ZT_CHECK_STATUS(zks_provider_tx_info(p, H_BB, &ti), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"tx_info\",\"params\":[\"" H_BB "\"]}");
    ZT_CHECK(ti.executed == 0 && ti.success == -1 && ti.has_block == 0 && ti.fail_reason[0] == 0);
    ZT_CHECK_STATUS(zks_provider_tx_info(p, "sync-tx:12", &ti), ZKS_ERR_INVALID_ARG);
    /* a failed tx */
    mock("mock_fault", "[{\"kind\":\"result\",\"result\":{\"executed\":true,\"success\":false,"
                       "\"failReason\":\"Not enough balance\",\"block\":{\"blockNumber\":9,\"committed\":true,"
                       "\"verified\":false}}}]");
    ZT_CHECK_STATUS(zks_provider_tx_info(p, H_BB, &ti), ZKS_OK);
    ZT_CHECK(ti.executed == 1 && ti.success == 0 && ti.block_number == 9 && ti.committed == 1 && ti.verified == 0);
    ZT_CHECK_STR(ti.fail_reason, "Not enough balance");

    /* contract_address: params null */
    zks_contract_address ca;
    ZT_CHECK_STATUS(zks_provider_contract_address(p, &ca), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"contract_address\",\"params\":null}");
    ZT_CHECK_STR(ca.main_contract, "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    ZT_CHECK_STR(ca.gov_contract, "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");

    /* tokens */
    zks_token_list *tl = NULL;
    ZT_CHECK_STATUS(zks_provider_tokens(p, &tl), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"tokens\",\"params\":null}");
    ZT_CHECK(zks_token_list_count(tl) == 3);
    zks_token tk;
    ZT_CHECK_STATUS(zks_token_list_get(tl, 2, &tk), ZKS_OK);
    ZT_CHECK(tk.id == 2 && tk.decimals == 6 && tk.is_nft == 0);
    ZT_CHECK_STR(tk.symbol, "USDC");
    ZT_CHECK_STR(tk.kind, "ERC20");
    ZT_CHECK_STATUS(zks_token_list_get(tl, 3, &tk), ZKS_ERR_INVALID_ARG);
    zks_token_list_free(tl);

    /* get_tx_fee: plain, ChangePubKey shorthand, raw JSON, token forms */
    zks_fee fee;
    ZT_CHECK_STATUS(zks_provider_get_tx_fee(p, "Transfer", A11, "ETH", &fee), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_tx_fee\",\"params\":[\"Transfer\",\"" A11
              "\",\"ETH\"]}");
    ZT_CHECK_STR(fee.fee_type, "Transfer");
    ZT_CHECK_STR(fee.total_fee, "6000000001000");
    ZT_CHECK_STR(fee.gas_price_wei, "1000000000");
    ZT_CHECK_STR(fee.zkp_fee, "1000");
    ZT_CHECK_STATUS(zks_provider_get_tx_fee(p, "ChangePubKey:ECDSA", A11, "007", &fee), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_tx_fee\",\"params\":[{\"ChangePubKey\":\"ECDSA\"},\"" A11
              "\",7]}");
    ZT_CHECK_STR(fee.fee_type, "{\"ChangePubKey\":\"ECDSA\"}");
    ZT_CHECK_STATUS(zks_provider_get_tx_fee(p, "{\"ChangePubKey\":{\"onchainPubkeyAuth\":false}}", A11,
                                            "0xdadadadadadadadadadadadadadadadadadadada", &fee),
                    ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_tx_fee\",\"params\":[{\"ChangePubKey\":{"
              "\"onchainPubkeyAuth\":false}},\"" A11 "\",\"0xdadadadadadadadadadadadadadadadadadadada\"]}");
    ZT_CHECK_STATUS(zks_provider_get_tx_fee(p, "Transfer", A11, "99999999999", &fee), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_get_tx_fee(p, "{not json", A11, "ETH", &fee), ZKS_ERR_INVALID_ARG);

    /* get_txs_batch_fee_in_wei */
    const char *types[2] = {"Transfer", "Withdraw"};
    const char *addrs[2] = {A11, "0x2222222222222222222222222222222222222222"};
    char total[ZKS_AMOUNT_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_txs_batch_fee_in_wei(p, types, addrs, 2, "DAI", total), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_txs_batch_fee_in_wei\",\"params\":[[\"Transfer\","
              "\"Withdraw\"],[\"" A11 "\",\"0x2222222222222222222222222222222222222222\"],\"DAI\"]}");
    ZT_CHECK_STR(total, "2000");
    /* a bad type after a good one: INVALID_ARG, and the items already built are freed (ASan/valgrind) */
    const char *types_bad[2] = {"Transfer", ""};
    memset(total, 0x41, sizeof total);
    ZT_CHECK_STATUS(zks_provider_get_txs_batch_fee_in_wei(p, types_bad, addrs, 2, "DAI", total), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(zt_all_zero(total, sizeof total)); /* the whole buffer, as the header says */
    const char *types_badjson[2] = {"{not json", "Transfer"};
    ZT_CHECK_STATUS(zks_provider_get_txs_batch_fee_in_wei(p, types_badjson, addrs, 2, "DAI", total),
                    ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_get_txs_batch_fee_in_wei(p, types, addrs, 2, "4294967296", total),
                    ZKS_ERR_INVALID_ARG);

    /* get_token_price: string and number forms */
    char price[ZKS_RPC_PRICE_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_token_price(p, "0", price), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_token_price\",\"params\":[0]}");
    ZT_CHECK_STR(price, "3000.25");
    ZT_CHECK_STATUS(zks_provider_get_token_price(p, "DAI", price), ZKS_OK);
    ZT_CHECK_STR(price, "0.999");
    /* the server's scale-100 text: trailing fractional zeros go, the value stays exact */
    static const struct {
        const char *result; /* JSON */
        zks_status st;
        const char *want;
    } prices[] = {
        {"\"3.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\"",
         ZKS_OK, "3"},
        {"\"0.3333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333\"",
         ZKS_OK, "0.3333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333"},
        {"\"1826.748271\"", ZKS_OK, "1826.748271"},
        {"\"100\"", ZKS_OK, "100"},
        {"\"100.0\"", ZKS_OK, "100"},
        {"\"0.0\"", ZKS_OK, "0"},
        {"\"1.50e3\"", ZKS_OK, "1.50e3"},
        {"\"-1\"", ZKS_ERR_PARSE, ""},
        {"\"1.2.3\"", ZKS_ERR_PARSE, ""},
        {"\"1.\"", ZKS_ERR_PARSE, ""},
        {"\".5\"", ZKS_ERR_PARSE, ""},
        {"\"\"", ZKS_ERR_PARSE, ""},
        {"\"1e\"", ZKS_ERR_PARSE, ""},
        {"\"12 \"", ZKS_ERR_PARSE, ""},
        {"-0.5", ZKS_ERR_PARSE, ""},
        {"null", ZKS_ERR_PARSE, ""},
        {"1e400", ZKS_ERR_PARSE, ""},
    };
    for (size_t i = 0; i < sizeof prices / sizeof prices[0]; i++) {
        char q[512];
        snprintf(q, sizeof q, "[{\"kind\":\"result\",\"result\":%s}]", prices[i].result);
        mock("mock_fault", q);
        memset(price, 0x55, sizeof price);
        zks_status st = zks_provider_get_token_price(p, "ETH", price);
        ZT_CHECK_MSG(st == prices[i].st, "price %s: status %d", prices[i].result, st);
        if (st == ZKS_OK) ZT_CHECK_STR(price, prices[i].want);
        else ZT_CHECK(zt_all_zero(price, sizeof price));
    }
    /* the longest accepted text is ZKS_RPC_PRICE_CHARS characters */
    {
        char q[400], digits[ZKS_RPC_PRICE_CHARS + 2];
        memset(digits, '7', sizeof digits);
        digits[ZKS_RPC_PRICE_CHARS] = '\0';
        snprintf(q, sizeof q, "[{\"kind\":\"result\",\"result\":\"%s\"}]", digits);
        mock("mock_fault", q);
        ZT_CHECK_STATUS(zks_provider_get_token_price(p, "ETH", price), ZKS_OK);
        ZT_CHECK(strlen(price) == ZKS_RPC_PRICE_CHARS);
        digits[ZKS_RPC_PRICE_CHARS] = '7';
        digits[ZKS_RPC_PRICE_CHARS + 1] = '\0';
        snprintf(q, sizeof q, "[{\"kind\":\"result\",\"result\":\"%s\"}]", digits);
        mock("mock_fault", q);
        ZT_CHECK_STATUS(zks_provider_get_token_price(p, "ETH", price), ZKS_ERR_PARSE);
        ZT_CHECK(zt_all_zero(price, sizeof price));
    }

    uint64_t conf = 0;
    ZT_CHECK_STATUS(zks_provider_get_confirmations_for_eth_op_amount(p, &conf), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_confirmations_for_eth_op_amount\",\"params\":[]}");
    ZT_CHECK(conf == 1);

    char eh[ZKS_HASH_HEX_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_eth_tx_for_withdrawal(p, H_AA, eh), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_eth_tx_for_withdrawal\",\"params\":[\"" H_AA "\"]}");
    ZT_CHECK_STR(eh, "0xabababababababababababababababababababababababababababababababab");
    ZT_CHECK_STATUS(zks_provider_get_eth_tx_for_withdrawal(p, H_BB, eh), ZKS_ERR_NOT_FOUND);
    ZT_CHECK(zt_all_zero(eh, sizeof eh));

    char ver[ZKS_RPC_SHORT_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_zksync_version(p, ver), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_zksync_version\",\"params\":[]}");
    ZT_CHECK_STR(ver, "contracts-6");

    ZT_CHECK_STATUS(zks_provider_get_nft(p, 65536, &nf), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_nft\",\"params\":[65536]}");
    ZT_CHECK(nf.id == 65536 && nf.creator_id == 3);
    ZT_CHECK_STR(nf.current_factory, "0x4444444444444444444444444444444444444444");
    ZT_CHECK_STR(nf.withdrawn_factory, "");
    ZT_CHECK_STATUS(zks_provider_get_nft(p, 70000, &nf), ZKS_ERR_NOT_FOUND);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "NFT doesn't exist") != NULL);

    uint32_t owner = 0;
    ZT_CHECK_STATUS(zks_provider_get_nft_owner(p, 65540, &owner), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_nft_owner\",\"params\":[65540]}");
    ZT_CHECK(owner == 5);
    ZT_CHECK_STATUS(zks_provider_get_nft_owner(p, 5, &owner), ZKS_ERR_NOT_FOUND);
    ZT_CHECK(owner == 0);

    ZT_CHECK_STATUS(zks_provider_toggle_2fa(p, "{\"enable\":false,\"accountId\":12,\"timestamp\":1700000000000,"
                                              "\"signature\":{\"type\":\"EthereumSignature\",\"signature\":\"0x00\"}}"),
                    ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"toggle_2fa\",\"params\":[{\"enable\":false,\"accountId\":12,"
              "\"timestamp\":1700000000000,\"signature\":{\"type\":\"EthereumSignature\",\"signature\":\"0x00\"}}]}");
    ZT_CHECK_STATUS(zks_provider_toggle_2fa(p, "[1]"), ZKS_ERR_JSON);

    uint32_t nid = 0;
    ZT_CHECK_STATUS(zks_provider_get_nft_id_by_tx_hash(p, H_AA, &nid), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"get_nft_id_by_tx_hash\",\"params\":[\"" H_AA "\"]}");
    ZT_CHECK(nid == 65537);
    ZT_CHECK_STATUS(zks_provider_get_nft_id_by_tx_hash(p, H_BB, &nid), ZKS_ERR_NOT_FOUND);

    /* raw escape hatch */
    char *raw = NULL;
    ZT_CHECK_STATUS(zks_provider_call_json(p, "get_zksync_version", "[]", 1, &raw), ZKS_OK);
    ZT_CHECK_STR(raw, "\"contracts-6\"");
    zks_free(raw);
    ZT_CHECK_STATUS(zks_provider_call_json(p, "x", "[", 1, &raw), ZKS_ERR_JSON);
    ZT_CHECK(raw == NULL);
    ZT_CHECK_STATUS(zks_provider_call_json(p, "no_such_method", NULL, 1, &raw), ZKS_ERR_RPC);
    int64_t code = 0;
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_RPC && code == -32601);
    ZT_CHECK_STR(zks_provider_errmsg(p), "Method not found");
}

static void test_submit(zks_provider *p)
{
    char h[ZKS_TX_HASH_CHARS + 1];
    const char *tx = "{\"type\":\"Transfer\",\"accountId\":12,\"nonce\":4,\"testHash\":\"" H_AA "\"}";
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, tx, NULL, 0, H_AA, h), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"tx_submit\",\"params\":[{\"type\":\"Transfer\",\"accountId\":12,"
              "\"nonce\":4,\"testHash\":\"" H_AA "\"},null,null]}");
    ZT_CHECK_STR(h, H_AA);
    /* a second, independent submit of the same tx: nonce too low */
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, tx, NULL, 0, H_AA, h), ZKS_ERR_NONCE_MISMATCH);
    ZT_CHECK(zt_all_zero(h, sizeof h));
    int64_t code = 0;
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_ERR_NONCE_MISMATCH && code == 101);
    ZT_CHECK_STR(zks_provider_errmsg(p), "Tx nonce is too low.");

    /* signature forms, fast flag, unwrap of {"tx":...} */
    char sig[133] = "0x";
    for (int i = 0; i < 130; i++) sig[2 + i] = 'a';
    sig[132] = 0;
    const char *w = "{\"tx\":{\"type\":\"Withdraw\",\"testHash\":\"sync-tx:0100000000000000000000000000000000000000000000"
                    "000000000000000001\"},\"ethereumSignature\":null}";
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, w, sig, 1, NULL, h), ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"tx_submit\",\"params\":[{\"type\":\"Withdraw\",\"testHash\":"
              "\"sync-tx:0100000000000000000000000000000000000000000000000000000000000001\"},{\"type\":"
              "\"EthereumSignature\",\"signature\":\"0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
              "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"},true]}");
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, "{\"type\":\"Swap\",\"testHash\":\"sync-tx:020000000000000000000000000000"
                                              "0000000000000000000000000000000002\"}",
                                           "[null,{\"type\":\"EthereumSignature\",\"signature\":\"0x01\"},null]", 0,
                                           NULL, h),
                    ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"tx_submit\",\"params\":[{\"type\":\"Swap\",\"testHash\":"
              "\"sync-tx:0200000000000000000000000000000000000000000000000000000000000002\"},[null,{\"type\":"
              "\"EthereumSignature\",\"signature\":\"0x01\"},null],null]}");
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, "{\"tx\":{\"type\":\"Transfer\",\"testHash\":\"sync-tx:06000000000000000"
                                              "00000000000000000000000000000000000000000000006\"},\"txHash\":\"sync-tx:"
                                              "0600000000000000000000000000000000000000000000000000000000000006\","
                                              "\"signBytes\":\"0x00\"}",
                                           NULL, 0, NULL, h),
                    ZKS_OK);
    CHECK_REQ("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"tx_submit\",\"params\":[{\"type\":\"Transfer\",\"testHash\":"
              "\"sync-tx:0600000000000000000000000000000000000000000000000000000000000006\"},null,null]}");
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, "[]", NULL, 0, NULL, h), ZKS_ERR_JSON);
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, "{\"type\":\"Transfer\"}", "0x12", 0, NULL, h), ZKS_ERR_JSON);
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, "{\"type\":\"Transfer\"}", NULL, 0, "sync-tx:zz", h),
                    ZKS_ERR_INVALID_ARG);

    /* error code mapping */
    static const struct { int code; zks_status st; } map[] = {
        {101, ZKS_ERR_NONCE_MISMATCH}, {103, ZKS_ERR_RPC},           {104, ZKS_ERR_FEE_TOO_LOW},
        {105, ZKS_ERR_FEE_TOKEN},      {200, ZKS_ERR_ETH_SIGNATURE}, {201, ZKS_ERR_ETH_SIGNATURE},
        {202, ZKS_ERR_ETH_SIGNATURE},  {203, ZKS_ERR_NOT_AUTHORIZED}, {300, ZKS_ERR_RPC},
        {303, ZKS_ERR_RPC},            {-32603, ZKS_ERR_RPC},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        char txj[256];
        snprintf(txj, sizeof txj, "{\"type\":\"Transfer\",\"mockError\":{\"code\":%d,\"message\":\"msg %d\"}}",
                 map[i].code, map[i].code);
        ZT_CHECK_STATUS(zks_provider_tx_submit(p, txj, NULL, 0, NULL, h), map[i].st);
        char want[32];
        snprintf(want, sizeof want, "msg %d", map[i].code);
        ZT_CHECK(zks_provider_last_error(p, &code) == map[i].st && code == map[i].code);
        ZT_CHECK_STR(zks_provider_errmsg(p), want);
    }
    /* success clears the error */
    zks_contract_address ca;
    ZT_CHECK_STATUS(zks_provider_contract_address(p, &ca), ZKS_OK);
    ZT_CHECK(zks_provider_last_error(p, &code) == ZKS_OK && code == 0 && zks_provider_errmsg(p)[0] == 0);

    /* batch */
    const char *batch = "[{\"tx\":{\"type\":\"Transfer\",\"testHash\":\"sync-tx:03000000000000000000000000000000000000"
                        "00000000000000000000000003\"},\"signature\":null},{\"type\":\"Transfer\",\"testHash\":\"sync-tx:"
                        "0400000000000000000000000000000000000000000000000000000000000004\"}]";
    char hs[3 * (ZKS_TX_HASH_CHARS + 1)];
    size_t n = 0;
    ZT_CHECK_STATUS(zks_provider_submit_txs_batch(p, batch, sig, NULL, 0, hs, 3, &n), ZKS_OK);
    char want[1024];
    snprintf(want, sizeof want,
             "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"submit_txs_batch\",\"params\":[[{\"tx\":{\"type\":"
             "\"Transfer\",\"testHash\":\"sync-tx:0300000000000000000000000000000000000000000000000000000000000003\"},"
             "\"signature\":null},{\"tx\":{\"type\":\"Transfer\",\"testHash\":\"sync-tx:040000000000000000000000000"
             "0000000000000000000000000000000000004\"},\"signature\":null}],{\"type\":\"EthereumSignature\","
             "\"signature\":\"%s\"}]}",
             sig);
    CHECK_REQ(want);
    ZT_CHECK(n == 2);
    ZT_CHECK_STR(hs, "sync-tx:0300000000000000000000000000000000000000000000000000000000000003");
    ZT_CHECK_STR(hs + ZKS_TX_HASH_CHARS + 1, "sync-tx:0400000000000000000000000000000000000000000000000000000000000004");
    ZT_CHECK_STATUS(zks_provider_submit_txs_batch(p, batch, NULL, NULL, 0, hs, 1, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 0 && zt_all_zero(hs, ZKS_TX_HASH_CHARS + 1));
    ZT_CHECK_STATUS(zks_provider_submit_txs_batch(p, "[]", NULL, NULL, 0, hs, 3, &n), ZKS_ERR_JSON);
    ZT_CHECK_STATUS(zks_provider_submit_txs_batch(p, batch, "[{\"type\":\"EthereumSignature\",\"signature\":\"0x01\"}]",
                                                  NULL, 0, hs, 3, &n),
                    ZKS_ERR_NONCE_MISMATCH);
}

static void test_tokens_and_waits(zks_provider *p)
{
    /* token cache: fetched once, then served locally */
    zks_token t;
    ZT_CHECK_STATUS(zks_provider_resolve_token(p, "usdc", &t), ZKS_OK);
    ZT_CHECK(t.id == 2);
    mock("mock_fault", "[{\"kind\":\"http500\"},{\"kind\":\"http500\"},{\"kind\":\"http500\"},{\"kind\":\"http500\"}]");
    ZT_CHECK_STATUS(zks_provider_resolve_token(p, "1", &t), ZKS_OK); /* no request made */
    ZT_CHECK_STR(t.symbol, "DAI");
    ZT_CHECK_STATUS(zks_provider_resolve_token(p, "0xDADADADADADADADADADADADADADADADADADADADA", &t), ZKS_OK);
    ZT_CHECK(t.id == 1);
    ZT_CHECK_STATUS(zks_provider_resolve_token(p, "XYZ", &t), ZKS_ERR_NOT_FOUND);
    ZT_CHECK(zt_all_zero(&t, sizeof t));
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 0, 0), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_refresh_tokens(p), ZKS_ERR_HTTP); /* eats one 500 */
    ZT_CHECK_STATUS(zks_provider_resolve_token(p, "ETH", &t), ZKS_OK); /* cache survived the failed refresh */
    mock("mock_reset", "[]");
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 3, 10), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_refresh_tokens(p), ZKS_OK);

    /* wait_tx: committed after two pending polls */
    const char *tx = "{\"type\":\"Transfer\",\"testHash\":\"" H_BB "\"}";
    char h[ZKS_TX_HASH_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, tx, NULL, 0, H_BB, h), ZKS_OK);
    mock("mock_set", "[\"pending_lookups\",2]");
    zks_tx_info ti;
    ZT_CHECK_STATUS(zks_provider_wait_tx(p, H_BB, ZKS_WAIT_COMMITTED, 5000, 20, &ti), ZKS_OK);
    ZT_CHECK(ti.executed == 1 && ti.committed == 1 && ti.block_number == 3);
    /* verified never comes: timeout */
    ZT_CHECK_STATUS(zks_provider_wait_tx(p, H_BB, ZKS_WAIT_VERIFIED, 300, 50, &ti), ZKS_ERR_TIMEOUT);
    ZT_CHECK(zt_all_zero(&ti, sizeof ti));
    /* failed tx */
    mock("mock_fault", "[{\"kind\":\"result\",\"result\":{\"executed\":true,\"success\":false,"
                       "\"failReason\":\"Nonce mismatch\",\"block\":{\"blockNumber\":9,\"committed\":true,"
                       "\"verified\":false}}}]");
    ZT_CHECK_STATUS(zks_provider_wait_tx(p, H_BB, ZKS_WAIT_COMMITTED, 2000, 20, &ti), ZKS_ERR_TX_FAILED);
    ZT_CHECK_STR(ti.fail_reason, "Nonce mismatch");
    ZT_CHECK(strstr(zks_provider_errmsg(p), "Nonce mismatch") != NULL);
    /* transport errors while polling are ridden out */
    mock("mock_fault", "[{\"kind\":\"http500\"},{\"kind\":\"drop\"},{\"kind\":\"result\",\"result\":{\"executed\":"
                       "false,\"block\":null}}]");
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 0, 0), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_wait_ethop(p, 4, ZKS_WAIT_VERIFIED, 5000, 20, &ti), ZKS_OK);
    ZT_CHECK(ti.verified == 1 && ti.executed == 1);
    ZT_CHECK_STATUS(zks_provider_wait_ethop(p, 5, ZKS_WAIT_COMMITTED, 5000, 20, &ti), ZKS_OK);
    mock("mock_fault", "[{\"kind\":\"result\",\"result\":{\"executed\":false,\"block\":{\"blockNumber\":2,"
                       "\"committed\":true,\"verified\":false}}}]");
    ZT_CHECK_STATUS(zks_provider_wait_ethop(p, 5, ZKS_WAIT_COMMITTED, 5000, 20, &ti), ZKS_ERR_TX_FAILED);
    ZT_CHECK_STATUS(zks_provider_wait_tx(p, H_BB, 3, 100, 10, &ti), ZKS_ERR_INVALID_ARG);
    /* a 404 (wrong URL) is not ridden out */
    mock("mock_fault", "[{\"kind\":\"http404\"}]");
    ZT_CHECK_STATUS(zks_provider_wait_tx(p, H_BB, ZKS_WAIT_VERIFIED, 60000, 20, &ti), ZKS_ERR_HTTP);
    ZT_CHECK(strstr(zks_provider_errmsg(p), "404") != NULL);
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 3, 10), ZKS_OK);
}

/* The result of a control method as a cJSON tree (caller deletes). */
static cJSON *mock_get(const char *method)
{
    char *out = NULL;
    cJSON *v = NULL;
    if (zks_provider_call_json(ctl, method, "[]", 0, &out) == ZKS_OK) v = cJSON_Parse(out);
    zks_free(out);
    return v;
}

static int last_peer(void)
{
    cJSON *v = mock_get("mock_last_peer");
    int port = cJSON_IsNumber(v) ? v->valueint : -1;
    cJSON_Delete(v);
    return port;
}

/* Headers, user agent, keep-alive for reads, fresh connections for submits. */
static void test_http(zks_provider *p)
{
    char ver[ZKS_RPC_SHORT_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_get_zksync_version(p, ver), ZKS_OK);
    cJSON *h = mock_get("mock_last_headers");
    cJSON *ua = cJSON_GetObjectItemCaseSensitive(h, "user-agent");
    ZT_CHECK(cJSON_IsString(ua) && strcmp(ua->valuestring, "libzksync/" ZKS_VERSION_STRING) == 0);
    cJSON *ct = cJSON_GetObjectItemCaseSensitive(h, "content-type");
    ZT_CHECK(cJSON_IsString(ct) && strcmp(ct->valuestring, "application/json") == 0);
    ZT_CHECK(cJSON_GetObjectItemCaseSensitive(h, "expect") == NULL);
    cJSON_Delete(h);
    ZT_CHECK_STATUS(zks_provider_set_user_agent(p, "zt-agent/2"), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_get_zksync_version(p, ver), ZKS_OK);
    int port1 = last_peer();
    h = mock_get("mock_last_headers");
    ua = cJSON_GetObjectItemCaseSensitive(h, "user-agent");
    ZT_CHECK(cJSON_IsString(ua) && strcmp(ua->valuestring, "zt-agent/2") == 0);
    cJSON_Delete(h);
    ZT_CHECK_STATUS(zks_provider_set_user_agent(p, ""), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_get_zksync_version(p, ver), ZKS_OK);
    int port2 = last_peer();
    h = mock_get("mock_last_headers");
    ZT_CHECK(cJSON_GetObjectItemCaseSensitive(h, "user-agent") == NULL);
    cJSON_Delete(h);
    ZT_CHECK_MSG(port1 > 0 && port1 == port2, "reads reuse the connection (%d, %d)", port1, port2);
    char hh[ZKS_TX_HASH_CHARS + 1];
    ZT_CHECK_STATUS(zks_provider_tx_submit(p, "{\"type\":\"Transfer\",\"testHash\":\"sync-tx:0500000000000000000000"
                                              "000000000000000000000000000000000000000000\"}",
                                           NULL, 0, NULL, hh),
                    ZKS_OK);
    int port3 = last_peer();
    ZT_CHECK_MSG(port3 > 0 && port3 != port2, "a submit uses a fresh connection (%d, %d)", port2, port3);
    ZT_CHECK_STATUS(zks_provider_set_user_agent(p, "libzksync/" ZKS_VERSION_STRING), ZKS_OK);
}

/* One provider per thread, several threads at once (the first ones race
 * through the one-time libcurl initialisation). */
static const char *thread_url;
static void *thread_main(void *arg)
{
    int *fails = arg;
    zks_provider *q = NULL;
    if (zks_provider_new(thread_url, &q) != ZKS_OK) {
        (*fails)++;
        return NULL;
    }
    for (int i = 0; i < zt_iters(20, 4); i++) {
        char ver[ZKS_RPC_SHORT_CHARS + 1];
        zks_token t;
        if (zks_provider_get_zksync_version(q, ver) != ZKS_OK || strcmp(ver, "contracts-6") != 0) (*fails)++;
        if (zks_provider_resolve_token(q, "USDC", &t) != ZKS_OK || t.id != 2) (*fails)++;
    }
    zks_provider_free(q);
    return NULL;
}

static void test_threads(const char *url)
{
    pthread_t th[4];
    int fails[4] = {0};
    thread_url = url;
    for (int i = 0; i < 4; i++) ZT_CHECK(pthread_create(&th[i], NULL, thread_main, &fails[i]) == 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ZT_CHECK_MSG(fails[i] == 0, "thread %d: %d failures", i, fails[i]);
    }
}

static void test_objects(void)
{
    zks_provider *p = NULL;
    ZT_CHECK_STATUS(zks_provider_new("ftp://x", &p), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(p == NULL);
    ZT_CHECK_STATUS(zks_provider_new("http://", &p), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_new("http://a b", &p), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_new(NULL, &p), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_new("http://127.0.0.1:1/", NULL), ZKS_ERR_INVALID_ARG);
    zks_provider_free(NULL);
    ZT_CHECK_STATUS(zks_provider_new("https://api.zksync.io/jsrpc", &p), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_set_user_agent(p, "bad\nagent"), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_set_user_agent(p, "my-app/1.0"), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_set_max_response(p, 10), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_set_retries(p, 21, 0), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_provider_set_timeouts(p, 0, 0), ZKS_OK);
    ZT_CHECK_STATUS(zks_provider_set_timeouts(NULL, 0, 0), ZKS_ERR_INVALID_ARG);
    int64_t code = 5;
    ZT_CHECK(zks_provider_last_error(NULL, &code) == ZKS_ERR_INVALID_ARG && code == 0);
    ZT_CHECK_STR(zks_provider_errmsg(NULL), "");
    zks_provider_free(p);
    ZT_CHECK(zks_token_list_count(NULL) == 0);
    zks_token_list_free(NULL);
    zks_account_free(NULL);
    ZT_CHECK(zks_account_balance_count(NULL, 0) == 0 && zks_account_depositing_count(NULL) == 0);
}

int main(void)
{
    zt_mock m;
    if (zt_mock_start(&m) != 0) {
        ZT_CHECK_MSG(0, "could not start tests/mock/rpc_mock.py");
        ZT_END();
    }
    test_threads(m.url);
    test_objects();
    zks_provider *p = NULL;
    if (zks_provider_new(m.url, &ctl) == ZKS_OK && zks_provider_new(m.url, &p) == ZKS_OK) {
        ZT_CHECK_STATUS(zks_provider_set_retries(p, 3, 10), ZKS_OK);
        test_http(p);
        test_reads(p);
        test_submit(p);
        test_tokens_and_waits(p);
    } else {
        ZT_CHECK_MSG(0, "provider_new failed");
    }
    zks_provider_free(p);
    zks_provider_free(ctl);
    zt_mock_stop(&m);
    ZT_END();
}
