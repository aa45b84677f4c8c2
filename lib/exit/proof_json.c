/* The proof JSON of the reference's create-proof: serde_json's pretty printer
 * (two spaces per level, "key": value, "[]" for an empty array) over
 * MerkleProofOutput with camelCase fields, written byte for byte; read back
 * with cJSON. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "exit_internal.h"
#include "util/u256.h"

#define JSON_MAX_BYTES (64u << 20)

typedef struct {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->n + n + 1 > cap) cap *= 2;
        char *np = zki_realloc(b->p, cap);
        if (np == NULL) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(sbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put_hex(sbuf *b, const uint8_t *in, size_t n)
{
    char tmp[2 + 64];
    size_t k = zki_exit_hex0x(tmp, in, n);
    put(b, "\"", 1);
    put(b, tmp, k);
    put(b, "\"", 1);
}

static int digits_only(const char *s)
{
    size_t n = strnlen(s, ZKS_AMOUNT_CHARS + 1);
    if (n == 0 || n > ZKS_AMOUNT_CHARS) return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned)(uint8_t)s[i] - '0' > 9) return 0;
    return 1;
}

zks_status zks_exit_proofs_to_json(const zks_exit_proof *proofs, size_t n, char **out_json)
{
    ZKI_ARG_CHECK(out_json != NULL);
    *out_json = NULL;
    ZKI_ARG_CHECK(proofs != NULL || n == 0);
    for (size_t i = 0; i < n; i++)
        ZKI_ARG_CHECK(proofs[i].path_len <= ZKS_EXIT_PROOF_MAX_DEPTH && digits_only(proofs[i].balance));
    sbuf b = {0};
    if (n == 0) {
        puts_(&b, "[]");
    } else {
        puts_(&b, "[\n");
        for (size_t i = 0; i < n; i++) {
            const zks_exit_proof *p = &proofs[i];
            char num[32];
            snprintf(num, sizeof num, "%llu", (unsigned long long)p->claim_index);
            puts_(&b, "  {\n    \"claimIndex\": ");
            puts_(&b, num);
            puts_(&b, ",\n    \"accountAddress\": ");
            put_hex(&b, p->account, ZKS_EXIT_ADDRESS_BYTES);
            puts_(&b, ",\n    \"tokenAddress\": ");
            put_hex(&b, p->token, ZKS_EXIT_ADDRESS_BYTES);
            puts_(&b, ",\n    \"balance\": \"");
            puts_(&b, p->balance);
            puts_(&b, "\",\n    \"merkleRoot\": ");
            put_hex(&b, p->root, ZKS_EXIT_HASH_BYTES);
            puts_(&b, ",\n    \"merklePath\": ");
            if (p->path_len == 0) {
                puts_(&b, "[]");
            } else {
                puts_(&b, "[\n");
                for (uint32_t k = 0; k < p->path_len; k++) {
                    puts_(&b, "      ");
                    put_hex(&b, p->path[k], ZKS_EXIT_HASH_BYTES);
                    puts_(&b, k + 1 < p->path_len ? ",\n" : "\n");
                }
                puts_(&b, "    ]");
            }
            puts_(&b, ",\n    \"leaf\": ");
            put_hex(&b, p->leaf, ZKS_EXIT_HASH_BYTES);
            puts_(&b, i + 1 < n ? "\n  },\n" : "\n  }\n");
        }
        puts_(&b, "]");
    }
    if (b.oom) {
        zks_free(b.p);
        return ZKS_ERR_NOMEM;
    }
    *out_json = b.p;
    return ZKS_OK;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* "0x" + 2n hex digits (either case). */
static int get_hex(const cJSON *o, const char *name, uint8_t *out, size_t n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v) || v->valuestring == NULL) return -1;
    const char *s = v->valuestring;
    if (strlen(s) != 2 + 2 * n || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return -1;
    for (size_t i = 0; i < n; i++) {
        int h = hexv(s[2 + 2 * i]), l = hexv(s[3 + 2 * i]);
        if ((h | l) < 0) return -1;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return 0;
}

static int get_hash_str(const cJSON *v, uint8_t out[ZKS_EXIT_HASH_BYTES])
{
    if (!cJSON_IsString(v) || v->valuestring == NULL) return -1;
    const char *s = v->valuestring;
    if (strlen(s) != 66 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return -1;
    for (size_t i = 0; i < ZKS_EXIT_HASH_BYTES; i++) {
        int h = hexv(s[2 + 2 * i]), l = hexv(s[3 + 2 * i]);
        if ((h | l) < 0) return -1;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return 0;
}

static int parse_one(const cJSON *o, zks_exit_proof *p)
{
    memset(p, 0, sizeof *p);
    if (!cJSON_IsObject(o)) return -1;
    const cJSON *ci = cJSON_GetObjectItemCaseSensitive(o, "claimIndex");
    /* a JSON number as cJSON holds it (a double): exact up to 2^53 */
    if (!cJSON_IsNumber(ci) || !(ci->valuedouble >= 0) || ci->valuedouble > 9007199254740992.0 ||
        floor(ci->valuedouble) != ci->valuedouble)
        return -1;
    p->claim_index = (uint64_t)ci->valuedouble;
    if (get_hex(o, "accountAddress", p->account, ZKS_EXIT_ADDRESS_BYTES) != 0) return -1;
    if (get_hex(o, "tokenAddress", p->token, ZKS_EXIT_ADDRESS_BYTES) != 0) return -1;
    const cJSON *bal = cJSON_GetObjectItemCaseSensitive(o, "balance");
    if (!cJSON_IsString(bal) || bal->valuestring == NULL || !digits_only(bal->valuestring)) return -1;
    size_t bl = strlen(bal->valuestring);
    if (bl > ZKS_AMOUNT_CHARS) return -1;
    zki_u256 a;
    if (zki_u256_from_dec_n(&a, bal->valuestring, bl) != 0) return -1;
    if (zki_u256_to_be(p->amount, ZKS_EXIT_AMOUNT_BYTES, &a) != 0) return -1;
    memcpy(p->balance, bal->valuestring, bl + 1);
    if (get_hex(o, "merkleRoot", p->root, ZKS_EXIT_HASH_BYTES) != 0) return -1;
    if (get_hex(o, "leaf", p->leaf, ZKS_EXIT_HASH_BYTES) != 0) return -1;
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(o, "merklePath");
    if (!cJSON_IsArray(path)) return -1;
    int n = cJSON_GetArraySize(path);
    if (n < 0 || n > ZKS_EXIT_PROOF_MAX_DEPTH) return -1;
    const cJSON *e;
    uint32_t k = 0;
    cJSON_ArrayForEach(e, path)
    {
        if (k >= ZKS_EXIT_PROOF_MAX_DEPTH || get_hash_str(e, p->path[k]) != 0) return -1;
        k++;
    }
    p->path_len = k;
    return 0;
}

zks_status zks_exit_proofs_from_json(const char *json, size_t len, zks_exit_proof **out_proofs, size_t *out_count)
{
    if (out_proofs != NULL) *out_proofs = NULL;
    if (out_count != NULL) *out_count = 0;
    ZKI_ARG_CHECK(json != NULL && out_proofs != NULL && out_count != NULL);
    if (len > JSON_MAX_BYTES) return ZKS_ERR_JSON;
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (root == NULL) return ZKS_ERR_JSON;
    zks_status st = ZKS_OK;
    size_t n;
    const cJSON *single = NULL;
    if (cJSON_IsArray(root)) {
        int c = cJSON_GetArraySize(root);
        n = c > 0 ? (size_t)c : 0;
    } else if (cJSON_IsObject(root)) {
        single = root;
        n = 1;
    } else {
        cJSON_Delete(root);
        return ZKS_ERR_JSON;
    }
    zks_exit_proof *v = NULL;
    if (n > 0) {
        v = zki_calloc(n, sizeof *v);
        if (v == NULL) {
            cJSON_Delete(root);
            return ZKS_ERR_NOMEM;
        }
        if (single != NULL) {
            if (parse_one(single, &v[0]) != 0) st = ZKS_ERR_JSON;
        } else {
            size_t i = 0;
            const cJSON *e;
            cJSON_ArrayForEach(e, root)
            {
                if (i >= n || parse_one(e, &v[i]) != 0) {
                    st = ZKS_ERR_JSON;
                    break;
                }
                i++;
            }
        }
    }
    cJSON_Delete(root);
    if (st != ZKS_OK) {
        zks_free(v);
        return st;
    }
    *out_proofs = v;
    *out_count = n;
    return ZKS_OK;
}
