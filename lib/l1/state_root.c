/* The final zkSync Lite state root on L1 (docs/state-root.md): the
 * StoredBlockInfo of the last executed block, taken from the calldata of its
 * executeBlocks transaction and checked against storedBlockHashes. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>

#include "../internal.h"
#include "crypto/keccak.h"
#include "eth/eth.h"
#include "provider/rpc.h"
#include "l1_ops.h"

#define SEL_EXECUTE_BLOCKS 0xb0705b42u
/* topic0 of BlockVerification(uint32) */
static const char TOPIC_BLOCK_VERIFICATION[] = "0x0cdbd8bd7813095001c5fe7917bd69d834dc01db7c1dfcf52ca135bd20384413";

zks_status zks_l1_stored_block_hash(const zks_l1_stored_block *b, uint8_t out[ZKS_ETH_HASH_BYTES])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_ETH_HASH_BYTES);
    ZKI_ARG_CHECK(b != NULL);
    uint8_t w[6 * ZKI_ABI_WORD_BYTES] = {0};
    for (int i = 0; i < 4; i++) w[ZKI_ABI_WORD_BYTES - 1 - i] = (uint8_t)(b->block_number >> (8 * i));
    for (int i = 0; i < 8; i++) w[2 * ZKI_ABI_WORD_BYTES - 1 - i] = (uint8_t)(b->priority_operations >> (8 * i));
    memcpy(w + 2 * ZKI_ABI_WORD_BYTES, b->pending_onchain_ops_hash, ZKS_ETH_HASH_BYTES);
    memcpy(w + 3 * ZKI_ABI_WORD_BYTES, b->timestamp, ZKS_U256_BYTES);
    memcpy(w + 4 * ZKI_ABI_WORD_BYTES, b->state_hash, ZKS_STATE_ROOT_BYTES);
    memcpy(w + 5 * ZKI_ABI_WORD_BYTES, b->commitment, ZKS_ETH_HASH_BYTES);
    zki_keccak256(w, sizeof w, out);
    return ZKS_OK;
}

/* A 32-byte word as an offset or length that fits in size_t and below lim. */
static int word_size(const uint8_t *w, size_t lim, size_t *out)
{
    for (int i = 0; i < ZKI_ABI_WORD_BYTES - 8; i++)
        if (w[i] != 0) return -1;
    uint64_t v = 0;
    for (int i = ZKI_ABI_WORD_BYTES - 8; i < ZKI_ABI_WORD_BYTES; i++) v = v << 8 | w[i];
    if (v > lim) return -1;
    *out = (size_t)v;
    return 0;
}

/* A word holding an unsigned integer of `bytes` bytes (higher bytes zero). */
static int word_uint(const uint8_t *w, int bytes, uint64_t *out)
{
    for (int i = 0; i < ZKI_ABI_WORD_BYTES - bytes; i++)
        if (w[i] != 0) return -1;
    uint64_t v = 0;
    for (int i = ZKI_ABI_WORD_BYTES - bytes; i < ZKI_ABI_WORD_BYTES; i++) v = v << 8 | w[i];
    *out = v;
    return 0;
}

zks_status zks_l1_decode_execute_blocks(const uint8_t *calldata, size_t len, uint32_t block_number,
                                        zks_l1_stored_block *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(calldata != NULL || len == 0);
    if (len < 4 + ZKI_ABI_WORD_BYTES) return ZKS_ERR_PARSE;
    uint32_t sel = (uint32_t)calldata[0] << 24 | (uint32_t)calldata[1] << 16 | (uint32_t)calldata[2] << 8 | calldata[3];
    if (sel != SEL_EXECUTE_BLOCKS) return ZKS_ERR_PARSE;
    const uint8_t *p = calldata + 4;
    size_t n = len - 4, arr, count;
    /* head: offset of the array; array: count, then count offsets (from the
     * first offset word) to each ExecuteBlockInfo, whose first six words are
     * the StoredBlockInfo */
    if (word_size(p, n, &arr) != 0 || arr > n - ZKI_ABI_WORD_BYTES || word_size(p + arr, n, &count) != 0)
        return ZKS_ERR_PARSE;
    size_t base = arr + ZKI_ABI_WORD_BYTES;
    if (count > (n - base) / ZKI_ABI_WORD_BYTES) return ZKS_ERR_PARSE;
    for (size_t i = 0; i < count; i++) {
        size_t off;
        if (word_size(p + base + ZKI_ABI_WORD_BYTES * i, n, &off) != 0 || off > n - base ||
            n - base - off < 7 * ZKI_ABI_WORD_BYTES)
            return ZKS_ERR_PARSE;
        const uint8_t *e = p + base + off;
        uint64_t num, prio;
        if (word_uint(e, 4, &num) != 0 || word_uint(e + ZKI_ABI_WORD_BYTES, 8, &prio) != 0) return ZKS_ERR_PARSE;
        if (num != block_number) continue;
        out->block_number = (uint32_t)num;
        out->priority_operations = prio;
        memcpy(out->pending_onchain_ops_hash, e + 2 * ZKI_ABI_WORD_BYTES, ZKS_ETH_HASH_BYTES);
        memcpy(out->timestamp, e + 3 * ZKI_ABI_WORD_BYTES, ZKS_U256_BYTES);
        memcpy(out->state_hash, e + 4 * ZKI_ABI_WORD_BYTES, ZKS_STATE_ROOT_BYTES);
        memcpy(out->commitment, e + 5 * ZKI_ABI_WORD_BYTES, ZKS_ETH_HASH_BYTES);
        return ZKS_OK;
    }
    return ZKS_ERR_NOT_FOUND;
}

/* ---- the L1 part ---- */

static zks_status call_word(zks_eth_rpc *rpc, const char *to, const char *data, uint8_t w[ZKI_ABI_WORD_BYTES])
{
    uint8_t ret[ZKI_L1_VIEW_RET_BYTES];
    size_t len = 0;
    zks_status st = zks_eth_rpc_call(rpc, NULL, to, data, NULL, ret, sizeof ret, &len);
    if (st == ZKS_ERR_BUFFER_SIZE) return ZKS_ERR_PARSE;
    if (st != ZKS_OK) return st;
    if (len < ZKI_ABI_WORD_BYTES) return ZKS_ERR_PARSE;
    memcpy(w, ret, ZKI_ABI_WORD_BYTES);
    return ZKS_OK;
}

/* One eth_getLogs over [from, to]: the last matching log's tx hash and block. */
static zks_status scan(zks_eth_rpc *rpc, const char *contract, const char *topic1, uint64_t from, uint64_t to,
                       int *found, char tx[ZKS_HASH_HEX_CHARS + 1], uint64_t *l1_block)
{
    char params[512];
    snprintf(params, sizeof params,
             "[{\"address\":\"%s\",\"fromBlock\":\"0x%" PRIx64 "\",\"toBlock\":\"0x%" PRIx64
             "\",\"topics\":[\"%s\",\"%s\"]}]",
             contract, from, to, TOPIC_BLOCK_VERIFICATION, topic1);
    char *json = NULL;
    zks_status st = zks_eth_rpc_call_json(rpc, "eth_getLogs", params, 1, &json);
    if (st != ZKS_OK) return st;
    cJSON *root = cJSON_Parse(json);
    zks_free(json);
    if (!cJSON_IsArray(root)) {
        cJSON_Delete(root);
        return ZKS_ERR_PARSE;
    }
    *found = 0;
    cJSON *log;
    cJSON_ArrayForEach(log, root)
    {
        cJSON *h = cJSON_GetObjectItem(log, "transactionHash");
        cJSON *rm = cJSON_GetObjectItem(log, "removed");
        uint64_t b;
        if (cJSON_IsTrue(rm)) continue;
        if (!cJSON_IsString(h) || strlen(h->valuestring) != ZKS_HASH_HEX_CHARS ||
            zki_l1_hex_u64(cJSON_GetObjectItem(log, "blockNumber"), &b) != 0) {
            cJSON_Delete(root);
            return ZKS_ERR_PARSE;
        }
        memcpy(tx, h->valuestring, ZKS_HASH_HEX_CHARS + 1);
        *l1_block = b;
        *found = 1;
    }
    cJSON_Delete(root);
    return ZKS_OK;
}

/* eth_getTransactionByHash: the input bytes (library allocation) and the to address. */
static zks_status get_tx_input(zks_eth_rpc *rpc, const char *tx, uint8_t **out, size_t *out_len,
                               char to[ZKS_ETH_ADDRESS_CHARS + 1])
{
    char *params = zki_json_params_str(tx), *json = NULL;
    if (params == NULL) return ZKS_ERR_NOMEM;
    zks_status st = zks_eth_rpc_call_json(rpc, "eth_getTransactionByHash", params, 1, &json);
    zks_free(params);
    if (st != ZKS_OK) return st;
    cJSON *root = cJSON_Parse(json);
    zks_free(json);
    if (cJSON_IsNull(root)) {
        cJSON_Delete(root);
        return ZKS_ERR_NOT_FOUND;
    }
    cJSON *in = cJSON_GetObjectItem(root, "input");
    cJSON *t = cJSON_GetObjectItem(root, "to");
    if (!cJSON_IsString(in) || !cJSON_IsString(t) || strlen(t->valuestring) != ZKS_ETH_ADDRESS_CHARS) {
        cJSON_Delete(root);
        return ZKS_ERR_PARSE;
    }
    const char *s = in->valuestring;
    size_t hl = strlen(s);
    if (hl < 2 || s[0] != '0' || s[1] != 'x' || (hl - 2) % 2 != 0) {
        cJSON_Delete(root);
        return ZKS_ERR_PARSE;
    }
    uint8_t *buf = zki_malloc((hl - 2) / 2 + 1);
    if (buf == NULL) {
        cJSON_Delete(root);
        return ZKS_ERR_NOMEM;
    }
    if (zki_hex_decode(buf, (hl - 2) / 2, s + 2, hl - 2) != 0) {
        zks_free(buf);
        cJSON_Delete(root);
        return ZKS_ERR_PARSE;
    }
    memcpy(to, t->valuestring, ZKS_ETH_ADDRESS_CHARS + 1);
    cJSON_Delete(root);
    *out = buf;
    *out_len = (hl - 2) / 2;
    return ZKS_OK;
}

static int addr_eq(const char *a, const char *b)
{
    for (size_t i = 0; i < ZKS_ETH_ADDRESS_CHARS; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'F') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'F') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return a[ZKS_ETH_ADDRESS_CHARS] == '\0' && b[ZKS_ETH_ADDRESS_CHARS] == '\0';
}

zks_status zks_l1_final_state_root(zks_eth_rpc *rpc, const char *contract, uint64_t from_block, uint64_t scan_blocks,
                                   zks_l1_state_root *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(rpc != NULL && contract != NULL);
    uint8_t addr[ZKS_ETH_ADDRESS_BYTES];
    if (strlen(contract) != ZKS_ETH_ADDRESS_CHARS || contract[0] != '0' || (contract[1] != 'x' && contract[1] != 'X') ||
        zki_hex_decode(addr, ZKS_ETH_ADDRESS_BYTES, contract + 2, 40) != 0)
        return ZKS_ERR_INVALID_ARG;
    if (scan_blocks == 0) scan_blocks = ZKS_L1_STATE_SCAN_DEFAULT;

    zks_l1_state_root r;
    memset(&r, 0, sizeof r);
    uint8_t w[ZKI_ABI_WORD_BYTES];
    uint64_t n;
    zks_status st = call_word(rpc, contract, "0xf2235487", w); /* totalBlocksExecuted() */
    if (st != ZKS_OK) return st;
    if (word_uint(w, 4, &n) != 0) return ZKS_ERR_PARSE;
    if (n == 0) return ZKS_ERR_NOT_FOUND;
    char data[4 + 2 + 64 + 8 + 1];
    snprintf(data, sizeof data, "0x9ba0d146%064" PRIx64, n); /* storedBlockHashes(uint32) */
    if ((st = call_word(rpc, contract, data, r.stored_hash)) != ZKS_OK) return st;

    uint64_t latest;
    if ((st = zks_eth_rpc_block_number(rpc, &latest)) != ZKS_OK) return st;
    char topic1[67];
    snprintf(topic1, sizeof topic1, "0x%064" PRIx64, n);
    int found = 0;
    for (uint64_t to = latest; !found && to >= from_block;) {
        uint64_t from = to - from_block + 1 > scan_blocks ? to - scan_blocks + 1 : from_block;
        st = scan(rpc, contract, topic1, from, to, &found, r.tx_hash, &r.l1_block);
        r.scan_requests++;
        if (st != ZKS_OK) return st;
        if (from == 0 || from == from_block) break;
        to = from - 1;
    }
    if (!found) return ZKS_ERR_NOT_FOUND;

    uint8_t *input = NULL;
    size_t len = 0;
    char to_addr[ZKS_ETH_ADDRESS_CHARS + 1];
    if ((st = get_tx_input(rpc, r.tx_hash, &input, &len, to_addr)) != ZKS_OK) return st;
    /* a direct call of the contract (the operator's transactions are) */
    st = addr_eq(to_addr, contract) ? zks_l1_decode_execute_blocks(input, len, (uint32_t)n, &r.block) : ZKS_ERR_PARSE;
    zks_free(input);
    if (st == ZKS_ERR_NOT_FOUND) st = ZKS_ERR_PARSE; /* the log's transaction must hold the block */
    if (st != ZKS_OK) return st;
    uint8_t h[ZKS_ETH_HASH_BYTES];
    if ((st = zks_l1_stored_block_hash(&r.block, h)) != ZKS_OK) return st;
    if (memcmp(h, r.stored_hash, ZKS_ETH_HASH_BYTES) != 0) return ZKS_ERR_MISMATCH;
    *out = r;
    return ZKS_OK;
}
