/* The sunset state of the zkSync main contract on L1, read-only: exodus mode,
 * deposits pause, the claim distributor and root (from the contract's logs:
 * both are internal), MERKLE_ROOT() of the distributor, migrated tokens, the
 * last executed block, and pending balances. Needs only a zks_eth_rpc.
 * Facts: the project spec sunset.md §3; behaviour: docs/exit-tools.md. */
#include <inttypes.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>

#include "../internal.h"
#include "l1_ops.h"
#include "sunset.h"

const char *const zki_topic_exodus_mode = "0xc71028c67eb0ef128ea270a59a674629e767d51c1af44ed6753fd2fad2c7b677";
const char *const zki_topic_deposits_pause = "0xb2aed9aca7d6d2082ecd328e01c85747944e633a38176800ac6004c499c00df6";
const char *const zki_topic_distributor_set = "0xf377a821c9109b1388df37ad451ad95e45b7a8e728e5a8d98ccec9f14ebd0ccc";
const char *const zki_topic_claim_root_set = "0x6b3b0a9ab98c361bbd6e7c0fa7c102fb7a4e7712191bf556a461a9e5aa70948f";
const char *const zki_topic_token_migrated = "0x552ed88677ff38665611ccc1bfb0847fb0bc9ee3918ece2a4ceb470d6ab3c7fe";

zks_status zki_sunset_view(zks_eth_rpc *rpc, const char *from, const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *sig,
                           const zki_abi_arg *args, size_t n, uint8_t *ret, size_t ret_cap, size_t *ret_len)
{
    uint8_t sel[4];
    zki_abi_selector(sig, sel);
    zki_buf b;
    zki_buf_init(&b);
    zki_abi_encode(&b, sel, args, n);
    if (b.err != 0) {
        zks_status st = (zks_status)b.err;
        zki_buf_free(&b);
        return st;
    }
    char *hex = zki_malloc(2 * b.len + 3);
    if (hex == NULL) {
        zki_buf_free(&b);
        return ZKS_ERR_NOMEM;
    }
    hex[0] = '0';
    hex[1] = 'x';
    zki_hex_encode(hex + 2, b.p, b.len);
    char to_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    zki_l1_addr_hex(to_hex, to);
    zks_status st = zks_eth_rpc_call(rpc, from, to_hex, hex, NULL, ret, ret_cap, ret_len);
    zks_free(hex);
    zki_buf_free(&b);
    if (st == ZKS_ERR_BUFFER_SIZE) st = ZKS_ERR_PARSE;
    return st;
}

/* A bool view: 1 / 0; -1 when the function is absent (reverts or answers
 * nothing). Transport errors are returned. */
static zks_status view_flag(zks_eth_rpc *rpc, const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *sig,
                            const zki_abi_arg *args, size_t n, int32_t *out)
{
    uint8_t ret[ZKI_L1_VIEW_RET_BYTES];
    size_t len = 0;
    int v = 0;
    *out = -1;
    zks_status st = zki_sunset_view(rpc, NULL, to, sig, args, n, ret, sizeof ret, &len);
    if (st == ZKS_ERR_L1_REVERT || (st == ZKS_OK && len == 0)) return ZKS_OK;
    if (st != ZKS_OK) return st;
    if (zki_abi_get_bool(ret, len, 0, &v) != ZKS_OK) return ZKS_ERR_PARSE;
    *out = v;
    return ZKS_OK;
}

/* A bytes32 view; *found 0 when the function is absent. */
static zks_status view_word(zks_eth_rpc *rpc, const uint8_t to[ZKS_ETH_ADDRESS_BYTES], const char *sig,
                            const zki_abi_arg *args, size_t n, uint8_t out[ZKI_ABI_WORD_BYTES], int32_t *found)
{
    uint8_t ret[ZKI_L1_VIEW_RET_BYTES];
    size_t len = 0;
    memset(out, 0, ZKI_ABI_WORD_BYTES);
    *found = 0;
    zks_status st = zki_sunset_view(rpc, NULL, to, sig, args, n, ret, sizeof ret, &len);
    if (st == ZKS_ERR_L1_REVERT || (st == ZKS_OK && len == 0)) return ZKS_OK;
    if (st != ZKS_OK) return st;
    if (zki_abi_get_word(ret, len, 0, out) != ZKS_OK) return ZKS_ERR_PARSE;
    *found = 1;
    return ZKS_OK;
}

/* ---- log decoding (pure) ---- */

static int hex_bytes(const cJSON *v, uint8_t *out, size_t n)
{
    if (!cJSON_IsString(v)) return -1;
    const char *s = v->valuestring;
    if (s[0] != '0' || s[1] != 'x' || strlen(s + 2) != 2 * n) return -1;
    return zki_hex_decode(out, n, s + 2, 2 * n);
}

/* An indexed address topic: 12 zero bytes, then the address. */
static int topic_address(const cJSON *t, uint8_t out[ZKS_ETH_ADDRESS_BYTES])
{
    uint8_t w[ZKI_ABI_WORD_BYTES];
    static const uint8_t zero[12];
    if (hex_bytes(t, w, ZKI_ABI_WORD_BYTES) != 0 || memcmp(w, zero, ZKI_ABI_WORD_BYTES - ZKS_ETH_ADDRESS_BYTES) != 0)
        return -1;
    memcpy(out, w + ZKI_ABI_WORD_BYTES - ZKS_ETH_ADDRESS_BYTES, ZKS_ETH_ADDRESS_BYTES);
    return 0;
}

static int later(uint64_t b, uint64_t i, const uint64_t pos[2], int has)
{
    return !has || b > pos[0] || (b == pos[0] && i >= pos[1]);
}

zks_status zki_sunset_apply_logs(zki_sunset_scan *sc, const cJSON *logs)
{
    if (!cJSON_IsArray(logs)) return ZKS_ERR_PARSE;
    const cJSON *lg;
    zks_l1_network_state *st = sc->st;
    cJSON_ArrayForEach(lg, logs)
    {
        if (!cJSON_IsObject(lg)) return ZKS_ERR_PARSE;
        const cJSON *removed = cJSON_GetObjectItemCaseSensitive(lg, "removed");
        if (cJSON_IsTrue(removed)) continue;
        uint8_t addr[ZKS_ETH_ADDRESS_BYTES];
        if (hex_bytes(cJSON_GetObjectItemCaseSensitive(lg, "address"), addr, ZKS_ETH_ADDRESS_BYTES) != 0)
            return ZKS_ERR_PARSE;
        if (memcmp(addr, sc->contract, ZKS_ETH_ADDRESS_BYTES) != 0) continue;
        const cJSON *topics = cJSON_GetObjectItemCaseSensitive(lg, "topics");
        if (!cJSON_IsArray(topics) || cJSON_GetArraySize(topics) < 1) continue;
        uint64_t block, index;
        if (zki_l1_hex_u64(cJSON_GetObjectItemCaseSensitive(lg, "blockNumber"), &block) != 0 ||
            zki_l1_hex_u64(cJSON_GetObjectItemCaseSensitive(lg, "logIndex"), &index) != 0)
            return ZKS_ERR_PARSE;
        const cJSON *t0 = cJSON_GetArrayItem(topics, 0);
        if (!cJSON_IsString(t0)) return ZKS_ERR_PARSE;
        const char *t = t0->valuestring;
        const cJSON *t1 = cJSON_GetArrayItem(topics, 1);
        if (strcasecmp(t, zki_topic_exodus_mode) == 0) {
            if (st->exodus_block == 0) st->exodus_block = block;
        } else if (strcasecmp(t, zki_topic_deposits_pause) == 0) {
            if (st->deposits_pause_block == 0) st->deposits_pause_block = block;
        } else if (strcasecmp(t, zki_topic_distributor_set) == 0) {
            uint8_t d[ZKS_ETH_ADDRESS_BYTES];
            if (topic_address(t1, d) != 0) return ZKS_ERR_PARSE;
            st->claim_root_set_count++;
            if (later(block, index, sc->dist_pos, sc->has_dist_pos)) {
                zki_l1_addr_hex(st->claim_distributor, d);
                st->has_claim_distributor = 1;
                st->claim_distributor_block = block;
                sc->dist_pos[0] = block;
                sc->dist_pos[1] = index;
                sc->has_dist_pos = 1;
            }
        } else if (strcasecmp(t, zki_topic_claim_root_set) == 0) {
            /* ClaimRootSet(bytes32) is not indexed: the root is the 32 data bytes */
            uint8_t root[ZKS_ETH_HASH_BYTES];
            if (hex_bytes(cJSON_GetObjectItemCaseSensitive(lg, "data"), root, ZKS_ETH_HASH_BYTES) != 0)
                return ZKS_ERR_PARSE;
            if (later(block, index, sc->root_pos, sc->has_root_pos)) {
                memcpy(st->claim_root, root, ZKS_ETH_HASH_BYTES);
                st->has_claim_root = 1;
                st->claim_root_block = block;
                sc->root_pos[0] = block;
                sc->root_pos[1] = index;
                sc->has_root_pos = 1;
            }
        } else if (strcasecmp(t, zki_topic_token_migrated) == 0) {
            uint8_t tok[ZKS_ETH_ADDRESS_BYTES];
            if (topic_address(t1, tok) != 0) return ZKS_ERR_PARSE;
            if (sc->migrated != NULL && st->migrated_token_count < sc->migrated_cap)
                zki_l1_addr_hex(sc->migrated + (size_t)st->migrated_token_count * (ZKS_ETH_ADDRESS_CHARS + 1), tok);
            st->migrated_token_count++;
        }
    }
    return ZKS_OK;
}

/* ---- the chunked scan ---- */

static zks_status scan_chunk(zks_eth_rpc *rpc, zki_sunset_scan *sc, const char *contract_hex, uint64_t from,
                             uint64_t to)
{
    char params[800];
    snprintf(params, sizeof params,
             "[{\"address\":\"%s\",\"fromBlock\":\"0x%" PRIx64 "\",\"toBlock\":\"0x%" PRIx64
             "\",\"topics\":[[\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"]]}]",
             contract_hex, from, to, zki_topic_exodus_mode, zki_topic_deposits_pause, zki_topic_distributor_set,
             zki_topic_claim_root_set, zki_topic_token_migrated);
    char *json = NULL;
    zks_status st = zks_eth_rpc_call_json(rpc, "eth_getLogs", params, 1, &json);
    sc->st->scan_requests++;
    if (st != ZKS_OK) return st;
    cJSON *root = cJSON_Parse(json);
    zks_free(json);
    if (root == NULL) return ZKS_ERR_PARSE;
    st = zki_sunset_apply_logs(sc, root);
    cJSON_Delete(root);
    return st;
}

static zks_status scan(zks_eth_rpc *rpc, zki_sunset_scan *sc, const char *contract_hex,
                       const zks_l1_scan_options *o)
{
    uint64_t from = o->from_block, to = o->to_block;
    zks_status st;
    if (to == 0) {
        st = zks_eth_rpc_block_number(rpc, &to);
        if (st != ZKS_OK) return st;
    }
    if (from > to) return ZKS_ERR_INVALID_ARG;
    sc->st->scan_from_block = from;
    sc->st->scan_to_block = to;
    uint64_t chunk = o->chunk_blocks != 0 ? o->chunk_blocks : ZKS_L1_SCAN_CHUNK_DEFAULT;
    uint64_t at = from;
    for (;;) {
        uint64_t end = to - at < chunk - 1 ? to : at + chunk - 1;
        st = scan_chunk(rpc, sc, contract_hex, at, end);
        if ((st == ZKS_ERR_RPC || st == ZKS_ERR_RESPONSE_TOO_LARGE) && chunk > 1) {
            /* node limits (range or result count): split the chunk */
            chunk /= 2;
            continue;
        }
        if (st != ZKS_OK) return st;
        if (o->progress != NULL) o->progress(o->progress_ctx, end, from, to);
        if (end == to) break;
        at = end + 1;
    }
    return ZKS_OK;
}

zks_status zks_l1_get_network_state(zks_eth_rpc *rpc, const char *contract, const zks_l1_scan_options *opts,
                                    zks_l1_network_state *out, char *out_migrated, size_t migrated_cap)
{
    ZKI_ARG_CHECK(out != NULL);
    uint32_t size = out->struct_size;
    ZKI_ARG_CHECK(size >= sizeof(zks_l1_network_state));
    memset(out, 0, sizeof *out);
    out->struct_size = size;
    ZKI_ARG_CHECK(out_migrated != NULL || migrated_cap == 0);
    if (out_migrated != NULL) memset(out_migrated, 0, migrated_cap * (ZKS_ETH_ADDRESS_CHARS + 1));
    ZKI_ARG_CHECK(rpc != NULL && contract != NULL);
    zks_l1_scan_options o = ZKS_L1_SCAN_OPTIONS_INIT;
    if (opts != NULL) {
        ZKI_ARG_CHECK(opts->struct_size >= sizeof(zks_l1_scan_options));
        o = *opts;
    }
    zki_sunset_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.st = out;
    sc.migrated = out_migrated;
    sc.migrated_cap = migrated_cap;
    zks_status st = zks_eth_address_parse(contract, sc.contract);
    if (st != ZKS_OK) return st;
    char contract_hex[ZKS_ETH_ADDRESS_CHARS + 1];
    zki_l1_addr_hex(contract_hex, sc.contract);

    int32_t flag = -1;
    st = view_flag(rpc, sc.contract, "exodusMode()", NULL, 0, &flag);
    if (st == ZKS_OK && flag < 0) st = ZKS_ERR_L1_REVERT; /* not a zkSync main contract */
    if (st != ZKS_OK) goto fail;
    out->exodus_mode = flag;
    if ((st = view_flag(rpc, sc.contract, "pausedDeposits()", NULL, 0, &out->deposits_paused)) != ZKS_OK) goto fail;
    {
        uint8_t w[ZKI_ABI_WORD_BYTES];
        int32_t found = 0;
        if ((st = view_word(rpc, sc.contract, "totalBlocksExecuted()", NULL, 0, w, &found)) != ZKS_OK) goto fail;
        zki_u256 v;
        zki_u256_from_be(&v, w, ZKI_ABI_WORD_BYTES);
        if (found && zki_u256_bits(&v) > 32) {
            st = ZKS_ERR_PARSE;
            goto fail;
        }
        out->total_blocks_executed = (uint32_t)v.w[0];
        zki_abi_arg a[1];
        zki_abi_arg_u64(&a[0], out->total_blocks_executed);
        if ((st = view_word(rpc, sc.contract, "storedBlockHashes(uint32)", a, 1, out->stored_block_hash, &found)) !=
            ZKS_OK)
            goto fail;
    }
    if ((st = scan(rpc, &sc, contract_hex, &o)) != ZKS_OK) goto fail;
    if (out->has_claim_distributor) {
        uint8_t d[ZKS_ETH_ADDRESS_BYTES];
        if (zks_eth_address_parse(out->claim_distributor, d) != ZKS_OK) {
            st = ZKS_ERR_INTERNAL;
            goto fail;
        }
        if ((st = view_word(rpc, d, "MERKLE_ROOT()", NULL, 0, out->merkle_root, &out->has_merkle_root)) != ZKS_OK)
            goto fail;
        out->roots_match = out->has_merkle_root && out->has_claim_root &&
                           memcmp(out->merkle_root, out->claim_root, ZKS_ETH_HASH_BYTES) == 0;
    }
    return ZKS_OK;
fail:
    memset(out, 0, sizeof *out);
    out->struct_size = size;
    if (out_migrated != NULL) memset(out_migrated, 0, migrated_cap * (ZKS_ETH_ADDRESS_CHARS + 1));
    return st;
}

#define LIST_MAX 100000u

zks_status zks_l1_tokens_migrated(zks_eth_rpc *rpc, const char *contract, const char *const *tokens, size_t n,
                                  int32_t *out_migrated)
{
    ZKI_ARG_CHECK(out_migrated != NULL || n == 0);
    if (n > 0 && n <= LIST_MAX) memset(out_migrated, 0, n * sizeof *out_migrated);
    ZKI_ARG_CHECK(rpc != NULL && contract != NULL && (tokens != NULL || n == 0) && n <= LIST_MAX);
    uint8_t c[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = zks_eth_address_parse(contract, c);
    if (st != ZKS_OK) return st;
    for (size_t i = 0; i < n && st == ZKS_OK; i++) {
        uint8_t tok[ZKS_ETH_ADDRESS_BYTES];
        if (tokens[i] == NULL) st = ZKS_ERR_INVALID_ARG;
        else st = zks_eth_address_parse(tokens[i], tok);
        if (st != ZKS_OK) break;
        zki_abi_arg a[1];
        zki_abi_arg_address(&a[0], tok);
        st = view_flag(rpc, c, "isTokenMigrated(address)", a, 1, &out_migrated[i]);
    }
    if (st != ZKS_OK && n > 0) memset(out_migrated, 0, n * sizeof *out_migrated);
    return st;
}

zks_status zks_l1_pending_balances(zks_eth_rpc *rpc, const char *contract, const char *owner, const char *const *tokens,
                                   size_t n, char *out_amounts, int32_t *out_migrated)
{
    const size_t w = ZKS_AMOUNT_CHARS + 1;
    ZKI_ARG_CHECK(out_amounts != NULL || n == 0);
    if (n > 0 && n <= LIST_MAX) memset(out_amounts, 0, n * w);
    if (out_migrated != NULL && n > 0 && n <= LIST_MAX) memset(out_migrated, 0, n * sizeof *out_migrated);
    ZKI_ARG_CHECK(rpc != NULL && contract != NULL && owner != NULL && (tokens != NULL || n == 0) && n <= LIST_MAX);
    uint8_t c[ZKS_ETH_ADDRESS_BYTES], own[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = zks_eth_address_parse(contract, c);
    if (st == ZKS_OK) st = zks_eth_address_parse(owner, own);
    for (size_t i = 0; i < n && st == ZKS_OK; i++) {
        uint8_t tok[ZKS_ETH_ADDRESS_BYTES];
        if (tokens[i] == NULL) st = ZKS_ERR_INVALID_ARG;
        else st = zks_eth_address_parse(tokens[i], tok);
        if (st != ZKS_OK) break;
        zki_abi_arg a[2];
        zki_abi_arg_address(&a[0], own);
        zki_abi_arg_address(&a[1], tok);
        uint8_t ret[ZKI_L1_VIEW_RET_BYTES];
        size_t len = 0;
        st = zki_sunset_view(rpc, NULL, c, "getPendingBalance(address,address)", a, 2, ret, sizeof ret, &len);
        if (st != ZKS_OK) break;
        zki_u256 v;
        if (zki_abi_get_uint(ret, len, 0, 128, &v) != ZKS_OK) {
            st = ZKS_ERR_PARSE;
            break;
        }
        zki_u256_to_dec(out_amounts + i * w, &v);
        if (out_migrated != NULL)
            st = view_flag(rpc, c, "isTokenMigrated(address)", &a[1], 1, &out_migrated[i]);
    }
    if (st != ZKS_OK && n > 0) {
        memset(out_amounts, 0, n * w);
        if (out_migrated != NULL) memset(out_migrated, 0, n * sizeof *out_migrated);
    }
    return st;
}
