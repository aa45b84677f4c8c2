/* The committed Ethereum vectors (tests/vectors/eth.json from gen_eth.js and
 * ethers 5.7.2): run without node, so they also guard builds without the oracle. */
#include <cjson/cJSON.h>

#include "harness.h"
#include "internal.h"
#include "eth/eth.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    if (b) b[n] = 0;
    fclose(f);
    return b;
}

static const char *str(cJSON *o, const char *k)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, k));
    return s ? s : "";
}

static uint8_t *unhex_alloc(const char *h, size_t *n)
{
    size_t l = strlen(h) / 2;
    uint8_t *p = malloc(l + 1);
    *n = zt_unhex(p, l + 1, h);
    return p;
}

static int rlp_json(const zki_rlp_item *it, cJSON *want)
{
    if (!it->is_list) {
        if (!cJSON_IsString(want)) return 0;
        char *h = malloc(2 * it->len + 1);
        zt_hex(h, it->p, it->len);
        int ok = strcmp(h, want->valuestring) == 0;
        free(h);
        return ok;
    }
    if (!cJSON_IsArray(want)) return 0;
    zki_rlp_item items[16];
    size_t n;
    if (zki_rlp_list_items(it, items, 16, &n) != ZKS_OK || (int)n != cJSON_GetArraySize(want)) return 0;
    for (size_t i = 0; i < n; i++)
        if (!rlp_json(&items[i], cJSON_GetArrayItem(want, (int)i))) return 0;
    return 1;
}

static void encode_tree(zki_buf *b, cJSON *t)
{
    if (cJSON_IsArray(t)) {
        size_t s = zki_rlp_list_begin(b);
        cJSON *c;
        cJSON_ArrayForEach(c, t) encode_tree(b, c);
        zki_rlp_list_end(b, s);
        return;
    }
    size_t n;
    uint8_t *p = unhex_alloc(t->valuestring, &n);
    zki_rlp_put_bytes(b, p, n);
    free(p);
}

int main(void)
{
    char *text = slurp("tests/vectors/eth.json");
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    ZT_CHECK_MSG(root != NULL, "tests/vectors/eth.json missing or invalid");
    if (!root) ZT_END();
    cJSON *v;

    cJSON_ArrayForEach(v, cJSON_GetObjectItem(root, "personal_sign")) {
        uint8_t key[32], sig[65], addr[20];
        char text_addr[43];
        size_t mlen;
        zt_unhex(key, 32, str(v, "key"));
        uint8_t *msg = unhex_alloc(str(v, "msg"), &mlen);
        ZT_CHECK_STATUS(zks_eth_personal_sign(key, msg, mlen, sig), ZKS_OK);
        ZT_CHECK_HEX(sig, 65, str(v, "sig"));
        ZT_CHECK_STATUS(zks_eth_personal_recover(msg, mlen, sig, addr), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_address_to_checksum(addr, text_addr), ZKS_OK);
        ZT_CHECK_STR(text_addr, str(v, "address"));
        free(msg);
    }

    int quick = zt_iters(1000, 4), i = 0;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(root, "zk_from_eth")) {
        uint8_t key[32], sk[32], sig[65];
        zt_unhex(key, 32, str(v, "key"));
        uint64_t chain = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(v, "chainId"));
        char msg[128];
        size_t n;
        ZT_CHECK_STATUS(zks_eth_login_message(chain, msg, sizeof msg, &n), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_personal_sign(key, (const uint8_t *)msg, n, sig), ZKS_OK);
        ZT_CHECK_HEX(sig, 65, str(v, "sig"));
        ZT_CHECK_STATUS(zks_privkey_from_eth_signature(sig, sk), ZKS_OK);
        ZT_CHECK_HEX(sk, 32, str(v, "sk"));
    }

    i = 0;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(root, "hd")) {
        uint8_t ent[32], key[32], seed[64];
        size_t n;
        ZT_CHECK_STATUS(zks_bip39_mnemonic_to_entropy(str(v, "mnemonic"), ent, sizeof ent, &n), ZKS_OK);
        ZT_CHECK_HEX(ent, n, str(v, "entropy"));
        if (i++ >= quick) continue; /* PBKDF2 is slow under valgrind */
        ZT_CHECK_STATUS(zks_bip39_mnemonic_to_seed(str(v, "mnemonic"), str(v, "passphrase"), seed), ZKS_OK);
        ZT_CHECK_HEX(seed, 64, str(v, "seed"));
        ZT_CHECK_STATUS(zks_eth_privkey_from_mnemonic(str(v, "mnemonic"), str(v, "passphrase"), str(v, "path"), key), ZKS_OK);
        ZT_CHECK_HEX(key, 32, str(v, "key"));
    }

    cJSON_ArrayForEach(v, cJSON_GetObjectItem(root, "rlp")) {
        zki_buf b;
        zki_buf_init(&b);
        encode_tree(&b, cJSON_GetObjectItem(v, "item"));
        ZT_CHECK(b.err == 0);
        ZT_CHECK_HEX(b.p, b.len, str(v, "rlp"));
        zki_rlp_item it;
        ZT_CHECK(zki_rlp_decode_exact(b.p, b.len, &it) == ZKS_OK && rlp_json(&it, cJSON_GetObjectItem(v, "item")));
        zki_buf_free(&b);
    }

    cJSON_ArrayForEach(v, cJSON_GetObjectItem(root, "tx")) {
        zks_eth_tx tx = ZKS_ETH_TX_INIT;
        uint8_t key[32], raw[1024], hash[32], sh[32];
        size_t n, dlen;
        zt_unhex(key, 32, str(v, "key"));
        tx.type = (uint32_t)cJSON_GetNumberValue(cJSON_GetObjectItem(v, "type"));
        tx.chain_id = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(v, "chainId"));
        tx.nonce = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(v, "nonce"));
        tx.gas_limit = strtoull(str(v, "gasLimit"), NULL, 10);
        tx.gas_price = cJSON_GetStringValue(cJSON_GetObjectItem(v, "gasPrice"));
        tx.max_fee_per_gas = cJSON_GetStringValue(cJSON_GetObjectItem(v, "maxFeePerGas"));
        tx.max_priority_fee_per_gas = cJSON_GetStringValue(cJSON_GetObjectItem(v, "maxPriorityFeePerGas"));
        const char *to = cJSON_GetStringValue(cJSON_GetObjectItem(v, "to"));
        tx.has_to = to != NULL;
        if (to) zt_unhex(tx.to, 20, to);
        tx.value = str(v, "value");
        uint8_t *data = unhex_alloc(str(v, "data"), &dlen);
        tx.data = data;
        tx.data_len = dlen;
        ZT_CHECK_STATUS(zks_eth_tx_signing_hash(&tx, sh), ZKS_OK);
        ZT_CHECK_HEX(sh, 32, str(v, "signingHash"));
        ZT_CHECK_STATUS(zks_eth_tx_sign(&tx, key, raw, sizeof raw, &n, hash), ZKS_OK);
        ZT_CHECK_HEX(raw, n, str(v, "raw"));
        ZT_CHECK_HEX(hash, 32, str(v, "hash"));
        zks_eth_tx_info info;
        info.struct_size = sizeof info;
        ZT_CHECK_STATUS(zks_eth_tx_decode(raw, n, &info), ZKS_OK);
        char from[43];
        ZT_CHECK_STATUS(zks_eth_address_to_checksum(info.from, from), ZKS_OK);
        ZT_CHECK_STR(from, str(v, "from"));
        free(data);
    }

    cJSON_ArrayForEach(v, cJSON_GetObjectItem(root, "abi")) {
        cJSON *args = cJSON_GetObjectItem(v, "args");
        const char *a[8];
        size_t na = 0;
        cJSON *c;
        cJSON_ArrayForEach(c, args) a[na++] = c->valuestring;
        static uint8_t out[4096];
        size_t n;
        ZT_CHECK_STATUS(zks_eth_abi_encode_call(str(v, "signature"), a, na, out, sizeof out, &n), ZKS_OK);
        ZT_CHECK_HEX(out, n, str(v, "data"));
    }
    cJSON_Delete(root);
    free(text);
    ZT_END();
}
