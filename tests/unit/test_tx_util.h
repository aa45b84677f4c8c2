/* Helpers shared by the test_tx_* programs. */
#ifndef TEST_TX_UTIL_H
#define TEST_TX_UTIL_H

#include <ctype.h>
#include <strings.h>
#include <cjson/cJSON.h>

#include "harness.h"

/* Keys zksync.js adds that the server ignores (docs/transactions.md §6). */
static inline int tx_js_extra_key(const char *k)
{
    return strcmp(k, "tokenId") == 0 || strcmp(k, "feeTokenId") == 0 || strcmp(k, "ethAddress") == 0 ||
           strcmp(k, "ethSignature") == 0;
}

/* ours and js describe the same transaction: every key we write has the same
 * value in js (strings compared without case: addresses may differ in EIP-55
 * case; amounts compare as strings), a null of ours may be missing in js, and
 * every js key is ours or a known extra. Returns 1 on match, else prints why. */
static inline int tx_json_match(const cJSON *ours, const cJSON *js, const char *where)
{
    if (cJSON_IsNull(ours)) return js == NULL || cJSON_IsNull(js);
    if (js == NULL) { fprintf(stderr, "%s: missing in js\n", where); return 0; }
    if (cJSON_IsString(ours)) {
        if (!cJSON_IsString(js) || strcasecmp(ours->valuestring, js->valuestring) != 0) {
            fprintf(stderr, "%s: %s vs %s\n", where, ours->valuestring, cJSON_IsString(js) ? js->valuestring : "?");
            return 0;
        }
        return 1;
    }
    if (cJSON_IsNumber(ours)) {
        if (!cJSON_IsNumber(js) || ours->valuedouble != js->valuedouble) {
            fprintf(stderr, "%s: number %.17g vs %.17g\n", where, ours->valuedouble, js->valuedouble);
            return 0;
        }
        return 1;
    }
    if (cJSON_IsArray(ours)) {
        if (!cJSON_IsArray(js) || cJSON_GetArraySize(ours) != cJSON_GetArraySize(js)) {
            fprintf(stderr, "%s: array size\n", where);
            return 0;
        }
        for (int i = 0; i < cJSON_GetArraySize(ours); i++)
            if (!tx_json_match(cJSON_GetArrayItem(ours, i), cJSON_GetArrayItem(js, i), where)) return 0;
        return 1;
    }
    if (cJSON_IsObject(ours)) {
        if (!cJSON_IsObject(js)) { fprintf(stderr, "%s: not an object in js\n", where); return 0; }
        const cJSON *it;
        cJSON_ArrayForEach(it, ours) {
            char w[200];
            snprintf(w, sizeof w, "%s.%s", where, it->string);
            if (!tx_json_match(it, cJSON_GetObjectItemCaseSensitive(js, it->string), w)) return 0;
        }
        cJSON_ArrayForEach(it, js) {
            if (!cJSON_GetObjectItemCaseSensitive(ours, it->string) && !tx_js_extra_key(it->string)) {
                fprintf(stderr, "%s.%s: only in js\n", where, it->string);
                return 0;
            }
        }
        return 1;
    }
    return cJSON_Compare(ours, js, 1);
}

static inline zks_tx_type tx_type_of(const char *s)
{
    if (strcmp(s, "Transfer") == 0) return ZKS_TX_TRANSFER;
    if (strcmp(s, "Withdraw") == 0) return ZKS_TX_WITHDRAW;
    if (strcmp(s, "ChangePubKey") == 0) return ZKS_TX_CHANGE_PUBKEY;
    if (strcmp(s, "ForcedExit") == 0) return ZKS_TX_FORCED_EXIT;
    if (strcmp(s, "MintNFT") == 0) return ZKS_TX_MINT_NFT;
    if (strcmp(s, "WithdrawNFT") == 0) return ZKS_TX_WITHDRAW_NFT;
    if (strcmp(s, "Swap") == 0) return ZKS_TX_SWAP;
    return ZKS_TX_ORDER;
}

static inline char *tx_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) { free(s); s = NULL; }
    if (s) s[n] = '\0';
    fclose(f);
    return s;
}

static inline const char *jstr_of(const cJSON *o, const char *k)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

#endif
