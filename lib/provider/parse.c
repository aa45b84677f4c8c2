/* Typed parsers for zkSync and Ethereum JSON-RPC results. Pure functions on
 * cJSON trees: every field is type- and length-checked, so a hostile server
 * gets ZKS_ERR_PARSE, never a crash (tests/fuzz/fuzz_rpc_response.c). */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "../internal.h"
#include "rpc.h"
#include "types.h"

#define PARSE_OR(cond)                                                         \
    do {                                                                       \
        if (!(cond)) goto bad;                                                 \
    } while (0)

static int parse_block(const cJSON *res, zks_tx_info *out)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(res, "block");
    if (b == NULL || cJSON_IsNull(b)) return 0;
    if (!cJSON_IsObject(b)) return -1;
    out->has_block = 1;
    if (zki_json_field_u64(b, "blockNumber", UINT64_MAX, &out->block_number) != 0) return -1;
    if (zki_json_bool(b, "committed", &out->committed) != 0) return -1;
    if (zki_json_bool(b, "verified", &out->verified) != 0) return -1;
    return 0;
}

zks_status zki_parse_tx_info(const cJSON *res, zks_tx_info *out)
{
    memset(out, 0, sizeof *out);
    PARSE_OR(cJSON_IsObject(res));
    PARSE_OR(zki_json_bool(res, "executed", &out->executed) == 0);
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(res, "success");
    if (s == NULL || cJSON_IsNull(s))
        out->success = -1;
    else
        PARSE_OR(zki_json_bool(res, "success", &out->success) == 0);
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(res, "failReason");
    if (cJSON_IsString(f))
        zki_copy_text(out->fail_reason, sizeof out->fail_reason, f->valuestring);
    else
        PARSE_OR(f == NULL || cJSON_IsNull(f));
    PARSE_OR(parse_block(res, out) == 0);
    return ZKS_OK;
bad:
    memset(out, 0, sizeof *out);
    return ZKS_ERR_PARSE;
}

zks_status zki_parse_ethop_info(const cJSON *res, zks_tx_info *out)
{
    memset(out, 0, sizeof *out);
    PARSE_OR(cJSON_IsObject(res));
    PARSE_OR(zki_json_bool(res, "executed", &out->executed) == 0);
    out->success = out->executed ? 1 : -1;
    PARSE_OR(parse_block(res, out) == 0);
    return ZKS_OK;
bad:
    memset(out, 0, sizeof *out);
    return ZKS_ERR_PARSE;
}

/* get_token_price: the server sends a BigDecimal of scale 100 as a string
 * (exactly 100 fractional digits, fee_ticker ratio_to_big_decimal(price, 100)),
 * older servers a shorter string, and a JSON number is tolerated. The text is
 * checked (digits, one optional dot, an optional exponent) and the trailing
 * zeros of the fraction are dropped, which keeps the value exact: the scale-100
 * and the short form of one price give the same text. */
zks_status zki_parse_price(const cJSON *res, char *out, size_t cap)
{
    if (cap > 0) out[0] = '\0';
    if (cap < 2) return ZKS_ERR_PARSE;
    if (cJSON_IsString(res)) {
        const char *s = res->valuestring;
        size_t i = 0, int_end, frac_end, n;
        while (s[i] >= '0' && s[i] <= '9') i++;
        int_end = i;
        if (int_end == 0) return ZKS_ERR_PARSE;
        frac_end = int_end;
        if (s[i] == '.') {
            i++;
            while (s[i] >= '0' && s[i] <= '9') i++;
            if (i == int_end + 1) return ZKS_ERR_PARSE; /* "1." */
            frac_end = i;
        }
        int has_exp = 0;
        if (s[i] == 'e' || s[i] == 'E') {
            has_exp = 1;
            i++;
            if (s[i] == '+' || s[i] == '-') i++;
            size_t d = i;
            while (s[i] >= '0' && s[i] <= '9') i++;
            if (i == d) return ZKS_ERR_PARSE;
        }
        if (s[i] != '\0') return ZKS_ERR_PARSE;
        n = i;
        if (!has_exp && frac_end > int_end) {
            n = frac_end;
            while (n > int_end + 1 && s[n - 1] == '0') n--;
            if (n == int_end + 1) n = int_end; /* "1.000" -> "1" */
        }
        if (n > cap - 1) return ZKS_ERR_PARSE;
        memcpy(out, s, n);
        out[n] = '\0';
        return ZKS_OK;
    }
    if (cJSON_IsNumber(res) && res->valuedouble >= 0 && res->valuedouble <= 1e300) {
        char buf[64];
        /* shortest form that round-trips */
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, res->valuedouble);
            if (strtod(buf, NULL) == res->valuedouble) break;
        }
        if (strlen(buf) > cap - 1) return ZKS_ERR_PARSE;
        strcpy(out, buf);
        return ZKS_OK;
    }
    return ZKS_ERR_PARSE;
}

/* A string value, or compact JSON for an object value (fee type, account type). */
static int str_or_compact(const cJSON *v, char *out, size_t cap)
{
    out[0] = '\0';
    if (cJSON_IsString(v)) {
        if (strlen(v->valuestring) >= cap) return -1;
        strcpy(out, v->valuestring);
        return 0;
    }
    if (!cJSON_IsObject(v)) return -1;
    char *s = cJSON_PrintUnformatted(v);
    if (s == NULL) return -1;
    int rc = -1;
    if (strlen(s) < cap) {
        strcpy(out, s);
        rc = 0;
    }
    cJSON_free(s);
    return rc;
}

zks_status zki_parse_fee(const cJSON *res, zks_fee *out)
{
    memset(out, 0, sizeof *out);
    PARSE_OR(cJSON_IsObject(res));
    PARSE_OR(str_or_compact(cJSON_GetObjectItemCaseSensitive(res, "feeType"), out->fee_type,
                            sizeof out->fee_type) == 0);
    PARSE_OR(zki_json_amount(cJSON_GetObjectItemCaseSensitive(res, "gasTxAmount"), out->gas_tx_amount) == 0);
    PARSE_OR(zki_json_amount(cJSON_GetObjectItemCaseSensitive(res, "gasPriceWei"), out->gas_price_wei) == 0);
    PARSE_OR(zki_json_amount(cJSON_GetObjectItemCaseSensitive(res, "gasFee"), out->gas_fee) == 0);
    PARSE_OR(zki_json_amount(cJSON_GetObjectItemCaseSensitive(res, "zkpFee"), out->zkp_fee) == 0);
    PARSE_OR(zki_json_amount(cJSON_GetObjectItemCaseSensitive(res, "totalFee"), out->total_fee) == 0);
    return ZKS_OK;
bad:
    memset(out, 0, sizeof *out);
    return ZKS_ERR_PARSE;
}

zks_status zki_parse_contract_address(const cJSON *res, zks_contract_address *out)
{
    memset(out, 0, sizeof *out);
    PARSE_OR(cJSON_IsObject(res));
    PARSE_OR(zki_json_str(res, "mainContract", out->main_contract, sizeof out->main_contract) == 0);
    PARSE_OR(zki_json_str(res, "govContract", out->gov_contract, sizeof out->gov_contract) == 0);
    return ZKS_OK;
bad:
    memset(out, 0, sizeof *out);
    return ZKS_ERR_PARSE;
}

zks_status zki_parse_nft(const cJSON *obj, int with_factories, zks_nft *out)
{
    memset(out, 0, sizeof *out);
    PARSE_OR(cJSON_IsObject(obj));
    PARSE_OR(zki_json_field_u32(obj, "id", &out->id) == 0);
    PARSE_OR(zki_json_str(obj, "contentHash", out->content_hash, sizeof out->content_hash) == 0);
    PARSE_OR(zki_json_field_u32(obj, "creatorId", &out->creator_id) == 0);
    PARSE_OR(zki_json_str(obj, "creatorAddress", out->creator_address, sizeof out->creator_address) == 0);
    PARSE_OR(zki_json_field_u32(obj, "serialId", &out->serial_id) == 0);
    PARSE_OR(zki_json_str(obj, "address", out->address, sizeof out->address) == 0);
    PARSE_OR(zki_json_str(obj, "symbol", out->symbol, sizeof out->symbol) == 0);
    if (with_factories) {
        PARSE_OR(zki_json_str_or_null(obj, "currentFactory", out->current_factory,
                                      sizeof out->current_factory) == 0);
        PARSE_OR(zki_json_str_or_null(obj, "withdrawnFactory", out->withdrawn_factory,
                                      sizeof out->withdrawn_factory) == 0);
    }
    return ZKS_OK;
bad:
    memset(out, 0, sizeof *out);
    return ZKS_ERR_PARSE;
}

static int cmp_token(const void *a, const void *b)
{
    const zks_token *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

zks_status zki_parse_tokens(const cJSON *res, zks_token_list **out)
{
    *out = NULL;
    if (!cJSON_IsObject(res)) return ZKS_ERR_PARSE;
    size_t n = (size_t)cJSON_GetArraySize(res);
    zks_token_list *l = zki_calloc(1, sizeof *l);
    if (l == NULL) return ZKS_ERR_NOMEM;
    if (n > 0) {
        l->items = zki_calloc(n, sizeof *l->items);
        if (l->items == NULL) {
            zks_free(l);
            return ZKS_ERR_NOMEM;
        }
    }
    const cJSON *t;
    cJSON_ArrayForEach(t, res) {
        zks_token *k = &l->items[l->count];
        PARSE_OR(cJSON_IsObject(t));
        PARSE_OR(zki_json_field_u32(t, "id", &k->id) == 0);
        PARSE_OR(zki_json_str(t, "address", k->address, sizeof k->address) == 0);
        PARSE_OR(zki_json_str(t, "symbol", k->symbol, sizeof k->symbol) == 0);
        PARSE_OR(zki_json_field_u32(t, "decimals", &k->decimals) == 0 && k->decimals <= 77);
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(t, "kind");
        if (kind != NULL) PARSE_OR(zki_json_str(t, "kind", k->kind, sizeof k->kind) == 0);
        const cJSON *nft = cJSON_GetObjectItemCaseSensitive(t, "is_nft");
        if (nft != NULL) PARSE_OR(zki_json_bool(t, "is_nft", &k->is_nft) == 0);
        l->count++;
    }
    if (l->count > 1) qsort(l->items, l->count, sizeof *l->items, cmp_token);
    *out = l;
    return ZKS_OK;
bad:
    zks_token_list_free(l);
    return ZKS_ERR_PARSE;
}

static int all_digits(const char *s)
{
    if (*s == '\0') return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

const zks_token *zki_token_list_find(const zks_token_list *l, const char *tl)
{
    if (l == NULL || tl == NULL) return NULL;
    if (all_digits(tl)) {
        if (strlen(tl) > 10) return NULL;
        unsigned long long id = strtoull(tl, NULL, 10);
        for (size_t i = 0; i < l->count; i++)
            if (l->items[i].id == id) return &l->items[i];
        return NULL;
    }
    int is_addr = (tl[0] == '0' && (tl[1] == 'x' || tl[1] == 'X') && strlen(tl) == 42);
    for (size_t i = 0; i < l->count; i++) {
        if (is_addr ? strcasecmp(l->items[i].address, tl) == 0 : strcasecmp(l->items[i].symbol, tl) == 0)
            return &l->items[i];
    }
    return NULL;
}

/* ---- account state ---- */

static zks_status parse_balances(const cJSON *m, zki_balance **out, size_t *count, int depositing)
{
    *out = NULL;
    *count = 0;
    if (m == NULL || cJSON_IsNull(m)) return ZKS_OK;
    if (!cJSON_IsObject(m)) return ZKS_ERR_PARSE;
    size_t n = (size_t)cJSON_GetArraySize(m);
    if (n == 0) return ZKS_OK;
    zki_balance *b = zki_calloc(n, sizeof *b);
    if (b == NULL) return ZKS_ERR_NOMEM;
    const cJSON *it;
    size_t k = 0;
    cJSON_ArrayForEach(it, m) {
        if (it->string == NULL || strlen(it->string) > ZKS_SYMBOL_CHARS) goto bad;
        strcpy(b[k].symbol, it->string);
        if (depositing) {
            if (!cJSON_IsObject(it)) goto bad;
            if (zki_json_amount(cJSON_GetObjectItemCaseSensitive(it, "amount"), b[k].amount) != 0) goto bad;
            if (zki_json_field_u64(it, "expectedAcceptBlock", UINT64_MAX, &b[k].expected_accept_block) != 0)
                goto bad;
        } else if (zki_json_amount(it, b[k].amount) != 0) {
            goto bad;
        }
        k++;
    }
    *out = b;
    *count = k;
    return ZKS_OK;
bad:
    zks_free(b);
    return ZKS_ERR_PARSE;
}

static zks_status parse_nfts(const cJSON *m, zks_nft **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    if (m == NULL || cJSON_IsNull(m)) return ZKS_OK;
    if (!cJSON_IsObject(m)) return ZKS_ERR_PARSE;
    size_t n = (size_t)cJSON_GetArraySize(m);
    if (n == 0) return ZKS_OK;
    zks_nft *v = zki_calloc(n, sizeof *v);
    if (v == NULL) return ZKS_ERR_NOMEM;
    const cJSON *it;
    size_t k = 0;
    cJSON_ArrayForEach(it, m) {
        if (zki_parse_nft(it, 0, &v[k]) != ZKS_OK) {
            zks_free(v);
            return ZKS_ERR_PARSE;
        }
        k++;
    }
    *out = v;
    *count = k;
    return ZKS_OK;
}

static zks_status parse_state(const cJSON *s, zks_account *a, int which)
{
    if (!cJSON_IsObject(s)) return ZKS_ERR_PARSE;
    uint32_t *nonce = which ? &a->info.verified_nonce : &a->info.committed_nonce;
    char *pkh = which ? a->info.verified_pub_key_hash : a->info.committed_pub_key_hash;
    if (zki_json_field_u32(s, "nonce", nonce) != 0) return ZKS_ERR_PARSE;
    if (zki_json_str(s, "pubKeyHash", pkh, ZKS_PUBKEY_HASH_CHARS + 1) != 0) return ZKS_ERR_PARSE;
    zks_status st = parse_balances(cJSON_GetObjectItemCaseSensitive(s, "balances"), &a->bal[which],
                                   &a->nbal[which], 0);
    if (st == ZKS_OK) st = parse_nfts(cJSON_GetObjectItemCaseSensitive(s, "nfts"), &a->nft[which][0],
                                      &a->nnft[which][0]);
    if (st == ZKS_OK) st = parse_nfts(cJSON_GetObjectItemCaseSensitive(s, "mintedNfts"), &a->nft[which][1],
                                      &a->nnft[which][1]);
    return st;
}

zks_status zki_parse_account(const cJSON *res, zks_account **out)
{
    *out = NULL;
    if (!cJSON_IsObject(res)) return ZKS_ERR_PARSE;
    zks_account *a = zki_calloc(1, sizeof *a);
    if (a == NULL) return ZKS_ERR_NOMEM;
    zks_status st = ZKS_ERR_PARSE;
    if (zki_json_str(res, "address", a->info.address, sizeof a->info.address) != 0) goto done;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(res, "id");
    if (id != NULL && !cJSON_IsNull(id)) {
        if (zki_json_field_u32(res, "id", &a->info.id) != 0) goto done;
        a->info.has_id = 1;
    }
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(res, "accountType");
    if (at != NULL && !cJSON_IsNull(at) &&
        str_or_compact(at, a->info.account_type, sizeof a->info.account_type) != 0)
        goto done;
    const cJSON *dep = cJSON_GetObjectItemCaseSensitive(res, "depositing");
    if (dep != NULL && !cJSON_IsNull(dep)) {
        if (!cJSON_IsObject(dep)) goto done;
        st = parse_balances(cJSON_GetObjectItemCaseSensitive(dep, "balances"), &a->dep, &a->ndep, 1);
        if (st != ZKS_OK) goto done;
    }
    st = parse_state(cJSON_GetObjectItemCaseSensitive(res, "committed"), a, 0);
    if (st == ZKS_OK) st = parse_state(cJSON_GetObjectItemCaseSensitive(res, "verified"), a, 1);
    if (st != ZKS_OK) goto done;
    if ((a->json = zki_json_print(res)) == NULL) st = ZKS_ERR_NOMEM;
done:
    if (st != ZKS_OK) {
        zks_account_free(a);
        return st;
    }
    *out = a;
    return ZKS_OK;
}

/* ---- Ethereum receipt ---- */

static int hex_bytes(const cJSON *v, size_t want, uint8_t *out)
{
    if (!cJSON_IsString(v)) return -1;
    const char *s = v->valuestring;
    if (strncmp(s, "0x", 2) != 0) return -1;
    return zki_hex_decode(out, want, s + 2, strlen(s + 2));
}

static int opt_str(const cJSON *obj, const char *key, char *out, size_t cap)
{
    return zki_json_str_or_null(obj, key, out, cap);
}

zks_status zki_parse_receipt(const cJSON *res, zks_eth_receipt **out)
{
    *out = NULL;
    if (!cJSON_IsObject(res)) return ZKS_ERR_PARSE;
    zks_eth_receipt *r = zki_calloc(1, sizeof *r);
    if (r == NULL) return ZKS_ERR_NOMEM;
    zks_status st = ZKS_ERR_PARSE;
    zks_eth_receipt_info *i = &r->info;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(res, "status");
    if (s == NULL || cJSON_IsNull(s)) {
        i->status = -1;
    } else {
        uint64_t v;
        if (zki_hex_quantity_u64(s, &v) != 0 || v > 1) goto done;
        i->status = (int32_t)v;
    }
    if (zki_hex_quantity_u64(cJSON_GetObjectItemCaseSensitive(res, "blockNumber"), &i->block_number) != 0) goto done;
    if (zki_hex_quantity_u64(cJSON_GetObjectItemCaseSensitive(res, "gasUsed"), &i->gas_used) != 0) goto done;
    const cJSON *ti = cJSON_GetObjectItemCaseSensitive(res, "transactionIndex");
    if (ti != NULL && zki_hex_quantity_u64(ti, &i->transaction_index) != 0) goto done;
    if (zki_json_str(res, "transactionHash", i->transaction_hash, sizeof i->transaction_hash) != 0) goto done;
    if (opt_str(res, "blockHash", i->block_hash, sizeof i->block_hash) != 0) goto done;
    if (opt_str(res, "from", i->from, sizeof i->from) != 0) goto done;
    if (opt_str(res, "to", i->to, sizeof i->to) != 0) goto done;
    if (opt_str(res, "contractAddress", i->contract_address, sizeof i->contract_address) != 0) goto done;
    const cJSON *eg = cJSON_GetObjectItemCaseSensitive(res, "effectiveGasPrice");
    if (eg != NULL && !cJSON_IsNull(eg) && zki_hex_quantity_dec(eg, i->effective_gas_price) != 0) goto done;
    const cJSON *logs = cJSON_GetObjectItemCaseSensitive(res, "logs");
    if (logs != NULL && !cJSON_IsNull(logs)) {
        if (!cJSON_IsArray(logs)) goto done;
        size_t n = (size_t)cJSON_GetArraySize(logs);
        if (n > UINT32_MAX) goto done;
        if (n > 0) {
            r->logs = zki_calloc(n, sizeof *r->logs);
            r->data = zki_calloc(n, sizeof *r->data);
            if (r->logs == NULL || r->data == NULL) {
                st = ZKS_ERR_NOMEM;
                goto done;
            }
        }
        const cJSON *lg;
        cJSON_ArrayForEach(lg, logs) {
            zks_eth_log *L = &r->logs[r->nlogs];
            if (!cJSON_IsObject(lg)) goto done;
            if (zki_json_str(lg, "address", L->address, sizeof L->address) != 0) goto done;
            const cJSON *li = cJSON_GetObjectItemCaseSensitive(lg, "logIndex");
            if (li != NULL && !cJSON_IsNull(li) && zki_hex_quantity_u64(li, &L->log_index) != 0) goto done;
            const cJSON *tp = cJSON_GetObjectItemCaseSensitive(lg, "topics");
            if (!cJSON_IsArray(tp) || cJSON_GetArraySize(tp) > 4) goto done;
            const cJSON *t;
            cJSON_ArrayForEach(t, tp) {
                if (hex_bytes(t, ZKS_ETH_HASH_BYTES, L->topics[L->topic_count]) != 0) goto done;
                L->topic_count++;
            }
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(lg, "data");
            if (!cJSON_IsString(d) || strncmp(d->valuestring, "0x", 2) != 0) goto done;
            size_t hl = strlen(d->valuestring + 2);
            if (hl % 2 != 0) goto done;
            L->data_len = hl / 2;
            r->data[r->nlogs] = zki_malloc(L->data_len + 1); /* +1: never a 0-byte block */
            if (r->data[r->nlogs] == NULL) {
                st = ZKS_ERR_NOMEM;
                goto done;
            }
            r->nlogs++; /* counted before decode so free() sees the block */
            if (zki_hex_decode(r->data[r->nlogs - 1], L->data_len, d->valuestring + 2, hl) != 0) goto done;
        }
        i->log_count = (uint32_t)r->nlogs;
    }
    st = ZKS_OK;
done:
    if (st != ZKS_OK) {
        zks_eth_receipt_free(r);
        return st;
    }
    *out = r;
    return ZKS_OK;
}
