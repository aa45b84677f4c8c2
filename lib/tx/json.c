/* JSON for transactions: the server form (zks_tx_to_json), and the JSON entry
 * points zks_tx_sign_json / zks_tx_eth_message_json. Input is parsed with
 * cJSON (freed before returning); output is built with cJSON too and printed
 * into a zki_malloc block (zki_json_print), so callers release it with zks_free. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tx/tx_internal.h"
#include "util/json.h"

#define JSON_IN_MAX 65536
/* Transfer and Withdraw share code: their structs must stay field for field equal. */
_Static_assert(sizeof(zks_transfer) == sizeof(zks_withdraw), "zks_transfer/zks_withdraw layouts differ");
_Static_assert(offsetof(zks_transfer, valid_until) == offsetof(zks_withdraw, valid_until), "layouts differ");

/* ------------------------------------------------------------------ output */

/* A writer into a cJSON object or array (key NULL: an array element). The
 * first failure is kept in *st and later writes are skipped; numbers go in as
 * raw text so 64-bit values print exactly (cJSON numbers are doubles). */
typedef struct {
    cJSON *o;
    zks_status *st;
} jw;

static void jfail(jw *b, zks_status st)
{
    if (*b->st == ZKS_OK) *b->st = st;
}

static void jput(jw *b, const char *key, cJSON *item)
{
    int ok = *b->st == ZKS_OK && item != NULL && b->o != NULL &&
             (key != NULL ? cJSON_AddItemToObject(b->o, key, item) : cJSON_AddItemToArray(b->o, item));
    if (ok) return;
    cJSON_Delete(item);
    jfail(b, ZKS_ERR_NOMEM);
}

/* A nested object or array under key, written through the returned writer. */
static jw jchild(jw *b, const char *key, cJSON *item)
{
    jput(b, key, item);
    jw c = {*b->st == ZKS_OK ? item : NULL, b->st};
    return c;
}

static void jstr(jw *b, const char *key, const char *val) { jput(b, key, cJSON_CreateString(val)); }

static void jnum(jw *b, const char *key, uint64_t v)
{
    char t[24];
    snprintf(t, sizeof t, "%llu", (unsigned long long)v);
    jput(b, key, cJSON_CreateRaw(t));
}

/* An amount in its canonical decimal form (no leading zeros), as a string. */
static void jamount(jw *b, const char *key, const char *dec)
{
    zki_u256 v;
    char t[ZKS_AMOUNT_CHARS + 1];
    zki_amount_parse(dec, &v); /* validated before */
    zki_u256_to_dec(t, &v);
    jstr(b, key, t);
}

static void jaddr(jw *b, const char *key, const uint8_t a[ZKS_ETH_ADDRESS_BYTES])
{
    char t[ZKS_ETH_ADDRESS_CHARS + 1];
    zks_status st = zki_addr_text(a, t);
    if (st != ZKS_OK) jfail(b, st);
    else jstr(b, key, t);
}

static void jhex(jw *b, const char *key, const char *prefix, const uint8_t *d, size_t n)
{
    char t[2 * ZKS_SWAP_HASH_INPUT_BYTES + 8];
    if (n > ZKS_SWAP_HASH_INPUT_BYTES) {
        jfail(b, ZKS_ERR_INTERNAL);
        return;
    }
    size_t pl = strlen(prefix);
    memcpy(t, prefix, pl);
    zki_hex_encode(t + pl, d, n);
    jstr(b, key, t);
}

static void jsig(jw *b, const uint8_t *sig)
{
    if (sig == NULL) {
        jput(b, "signature", cJSON_CreateNull());
        return;
    }
    jw s = jchild(b, "signature", cJSON_CreateObject());
    jhex(&s, "pubKey", "", sig, ZKS_PUBKEY_BYTES);
    jhex(&s, "signature", "", sig + ZKS_PUBKEY_BYTES, ZKS_SIGNATURE_BYTES);
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

/* The fields of an order into the object of b. */
static void order_json(jw *b, const zks_order *o)
{
    jnum(b, "accountId", o->account_id);
    jaddr(b, "recipient", o->recipient);
    jnum(b, "nonce", o->nonce);
    jnum(b, "tokenSell", o->token_sell);
    jnum(b, "tokenBuy", o->token_buy);
    jw r = jchild(b, "ratio", cJSON_CreateArray());
    jamount(&r, NULL, o->ratio_sell);
    jamount(&r, NULL, o->ratio_buy);
    jamount(b, "amount", o->amount);
    jnum(b, "validFrom", o->valid_from);
    jnum(b, "validUntil", o->valid_until);
    jsig(b, o->signature);
}

/* Writes the fields of a checked tx into the object of b, in the server's order. */
static void write_tx(jw *b, zks_tx_type type, const void *tx, const uint8_t *sig)
{
    switch (type) {
    case ZKS_TX_TRANSFER:
    case ZKS_TX_WITHDRAW: {
        /* zks_transfer and zks_withdraw have the same layout. */
        const zks_transfer *t = tx;
        jstr(b, "type", type == ZKS_TX_TRANSFER ? "Transfer" : "Withdraw");
        jnum(b, "accountId", t->account_id);
        jaddr(b, "from", t->from);
        jaddr(b, "to", t->to);
        jnum(b, "token", t->token);
        jamount(b, "amount", t->amount);
        jamount(b, "fee", t->fee);
        jnum(b, "nonce", t->nonce);
        jnum(b, "validFrom", t->valid_from);
        jnum(b, "validUntil", t->valid_until);
        break;
    }
    case ZKS_TX_CHANGE_PUBKEY: {
        const zks_change_pubkey *t = tx;
        jstr(b, "type", "ChangePubKey");
        jnum(b, "accountId", t->account_id);
        jaddr(b, "account", t->account);
        jhex(b, "newPkHash", "sync:", t->new_pk_hash, ZKS_PUBKEY_HASH_BYTES);
        jnum(b, "feeToken", t->fee_token);
        jamount(b, "fee", t->fee);
        jnum(b, "nonce", t->nonce);
        jnum(b, "validFrom", t->valid_from);
        jnum(b, "validUntil", t->valid_until);
        jw a = jchild(b, "ethAuthData", cJSON_CreateObject());
        if (t->auth_type == ZKS_CPK_ONCHAIN) {
            jstr(&a, "type", "Onchain");
        } else if (t->auth_type == ZKS_CPK_ECDSA) {
            jstr(&a, "type", "ECDSA");
            jhex(&a, "ethSignature", "0x", t->eth_signature, ZKS_ETH_SIGNATURE_BYTES);
            if (!all_zero(t->batch_hash, ZKS_ETH_HASH_BYTES))
                jhex(&a, "batchHash", "0x", t->batch_hash, ZKS_ETH_HASH_BYTES);
        } else {
            jstr(&a, "type", "CREATE2");
            jaddr(&a, "creatorAddress", t->creator_address);
            jhex(&a, "saltArg", "0x", t->salt_arg, ZKS_ETH_HASH_BYTES);
            jhex(&a, "codeHash", "0x", t->code_hash, ZKS_ETH_HASH_BYTES);
        }
        break;
    }
    case ZKS_TX_FORCED_EXIT: {
        const zks_forced_exit *t = tx;
        jstr(b, "type", "ForcedExit");
        jnum(b, "initiatorAccountId", t->initiator_account_id);
        jaddr(b, "target", t->target);
        jnum(b, "token", t->token);
        jamount(b, "fee", t->fee);
        jnum(b, "nonce", t->nonce);
        jnum(b, "validFrom", t->valid_from);
        jnum(b, "validUntil", t->valid_until);
        break;
    }
    case ZKS_TX_MINT_NFT: {
        const zks_mint_nft *t = tx;
        jstr(b, "type", "MintNFT");
        jnum(b, "creatorId", t->creator_id);
        jaddr(b, "creatorAddress", t->creator_address);
        jhex(b, "contentHash", "0x", t->content_hash, ZKS_ETH_HASH_BYTES);
        jaddr(b, "recipient", t->recipient);
        jamount(b, "fee", t->fee);
        jnum(b, "feeToken", t->fee_token);
        jnum(b, "nonce", t->nonce);
        break;
    }
    case ZKS_TX_WITHDRAW_NFT: {
        const zks_withdraw_nft *t = tx;
        jstr(b, "type", "WithdrawNFT");
        jnum(b, "accountId", t->account_id);
        jaddr(b, "from", t->from);
        jaddr(b, "to", t->to);
        jnum(b, "token", t->token);
        jnum(b, "feeToken", t->fee_token);
        jamount(b, "fee", t->fee);
        jnum(b, "nonce", t->nonce);
        jnum(b, "validFrom", t->valid_from);
        jnum(b, "validUntil", t->valid_until);
        break;
    }
    case ZKS_TX_SWAP: {
        const zks_swap *t = tx;
        jstr(b, "type", "Swap");
        jnum(b, "submitterId", t->submitter_id);
        jaddr(b, "submitterAddress", t->submitter_address);
        jnum(b, "nonce", t->nonce);
        jw orders = jchild(b, "orders", cJSON_CreateArray());
        jw oa = jchild(&orders, NULL, cJSON_CreateObject());
        order_json(&oa, &t->order_a);
        jw ob = jchild(&orders, NULL, cJSON_CreateObject());
        order_json(&ob, &t->order_b);
        jw am = jchild(b, "amounts", cJSON_CreateArray());
        jamount(&am, NULL, t->amount_a);
        jamount(&am, NULL, t->amount_b);
        jamount(b, "fee", t->fee);
        jnum(b, "feeToken", t->fee_token);
        break;
    }
    case ZKS_TX_ORDER: {
        /* An order carries the signature passed here, not its own field. */
        zks_order o = *(const zks_order *)tx;
        o.signature = sig;
        order_json(b, &o);
        return;
    }
    }
    jsig(b, sig);
}

zks_status zki_tx_json_obj(zks_tx_type type, const void *tx, const uint8_t sig[ZKS_MUSIG_BYTES], cJSON **out)
{
    *out = NULL;
    zks_status st = zks_tx_check(type, tx);
    if (st != ZKS_OK) return st;
    cJSON *root = cJSON_CreateObject();
    if (root == NULL) return ZKS_ERR_NOMEM;
    jw b = {root, &st};
    write_tx(&b, type, tx, sig);
    if (st != ZKS_OK) cJSON_Delete(root);
    else *out = root;
    return st;
}

zks_status zks_tx_to_json(zks_tx_type type, const void *tx, const uint8_t sig[ZKS_MUSIG_BYTES], char **out_json)
{
    ZKI_ARG_CHECK(out_json != NULL);
    *out_json = NULL;
    cJSON *root = NULL;
    zks_status st = zki_tx_json_obj(type, tx, sig, &root);
    if (st == ZKS_OK && (*out_json = zki_json_print(root)) == NULL) st = ZKS_ERR_NOMEM;
    cJSON_Delete(root);
    return st;
}

/* ------------------------------------------------------------------- input */

#define TRYJ(x)                                                                                                        \
    do {                                                                                                               \
        zks_status st_ = (x);                                                                                          \
        if (st_ != ZKS_OK) return st_;                                                                                 \
    } while (0)

typedef zki_tx_any parsed_tx;

static const cJSON *field(const cJSON *o, const char *key) { return cJSON_GetObjectItemCaseSensitive(o, key); }

/* An unsigned integer: a JSON number that is a whole number, or (wide = 1)
 * also a decimal string, so that u64 values above 2^53 can be given exactly. */
static zks_status get_uint(const cJSON *o, const char *key, int required, uint64_t def, uint64_t max, int wide,
                           uint64_t *out)
{
    const cJSON *it = field(o, key);
    *out = def;
    if (it == NULL) return required ? ZKS_ERR_JSON : ZKS_OK;
    if (cJSON_IsNumber(it)) {
        double d = it->valuedouble;
        if (!isfinite(d) || d != floor(d)) return ZKS_ERR_JSON;
        if (d < 0 || d > 9007199254740992.0 || (uint64_t)d > max) return ZKS_ERR_INVALID_TX;
        *out = (uint64_t)d;
        return ZKS_OK;
    }
    if (wide && cJSON_IsString(it)) {
        zki_u256 v;
        if (zki_u256_from_dec(&v, it->valuestring) != 0) return ZKS_ERR_JSON;
        if (v.w[1] | v.w[2] | v.w[3] || v.w[0] > max) return ZKS_ERR_INVALID_TX;
        *out = v.w[0];
        return ZKS_OK;
    }
    return ZKS_ERR_JSON;
}

static zks_status get_u32(const cJSON *o, const char *key, int required, uint32_t def, uint32_t *out)
{
    uint64_t v;
    zks_status st = get_uint(o, key, required, def, UINT32_MAX, 0, &v);
    *out = (uint32_t)v;
    return st;
}

static zks_status get_str(const cJSON *o, const char *key, int required, const char **out)
{
    const cJSON *it = field(o, key);
    *out = NULL;
    if (it == NULL) return required ? ZKS_ERR_JSON : ZKS_OK;
    if (!cJSON_IsString(it)) return ZKS_ERR_JSON;
    *out = it->valuestring;
    return ZKS_OK;
}

static zks_status get_addr(const cJSON *o, const char *key, uint8_t *out)
{
    const char *s;
    TRYJ(get_str(o, key, 1, &s));
    return zks_eth_address_parse(s, out);
}

/* "<prefix>" + 2n hex digits. */
static zks_status get_hex(const cJSON *o, const char *key, const char *prefix, uint8_t *out, size_t n,
                          zks_status bad)
{
    const char *s;
    TRYJ(get_str(o, key, 1, &s));
    size_t pl = strlen(prefix);
    if (strncmp(s, prefix, pl) != 0 || strlen(s) != pl + 2 * n) return bad;
    return zki_hex_decode(out, n, s + pl, 2 * n) == 0 ? ZKS_OK : bad;
}

static zks_status get_time(const cJSON *o, uint64_t *vf, uint64_t *vu)
{
    TRYJ(get_uint(o, "validFrom", 0, 0, UINT64_MAX, 1, vf));
    return get_uint(o, "validUntil", 0, ZKS_VALID_UNTIL_DEFAULT, UINT64_MAX, 1, vu);
}

/* Two decimal strings in a JSON array. */
static zks_status get_pair(const cJSON *o, const char *key, const char **a, const char **b)
{
    const cJSON *it = field(o, key);
    if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2) return ZKS_ERR_JSON;
    const cJSON *x = cJSON_GetArrayItem(it, 0), *y = cJSON_GetArrayItem(it, 1);
    if (!cJSON_IsString(x) || !cJSON_IsString(y)) return ZKS_ERR_JSON;
    *a = x->valuestring;
    *b = y->valuestring;
    return ZKS_OK;
}

/* Optional {"pubKey":..,"signature":..} (or null) into 96 bytes. */
static zks_status get_sig(const cJSON *o, uint8_t out[ZKS_MUSIG_BYTES], int *present)
{
    const cJSON *it = field(o, "signature");
    *present = 0;
    if (it == NULL || cJSON_IsNull(it)) return ZKS_OK;
    if (!cJSON_IsObject(it)) return ZKS_ERR_JSON;
    TRYJ(get_hex(it, "pubKey", "", out, ZKS_PUBKEY_BYTES, ZKS_ERR_JSON));
    TRYJ(get_hex(it, "signature", "", out + ZKS_PUBKEY_BYTES, ZKS_SIGNATURE_BYTES, ZKS_ERR_JSON));
    *present = 1;
    return ZKS_OK;
}

static zks_status parse_order(const cJSON *o, zks_order *t, uint8_t sig[ZKS_MUSIG_BYTES])
{
    if (!cJSON_IsObject(o)) return ZKS_ERR_JSON;
    zks_order init = ZKS_ORDER_INIT;
    *t = init;
    int has = 0;
    TRYJ(get_u32(o, "accountId", 1, 0, &t->account_id));
    TRYJ(get_addr(o, "recipient", t->recipient));
    TRYJ(get_u32(o, "nonce", 1, 0, &t->nonce));
    TRYJ(get_u32(o, "tokenSell", 1, 0, &t->token_sell));
    TRYJ(get_u32(o, "tokenBuy", 1, 0, &t->token_buy));
    TRYJ(get_pair(o, "ratio", &t->ratio_sell, &t->ratio_buy));
    TRYJ(get_str(o, "amount", 1, &t->amount));
    TRYJ(get_time(o, &t->valid_from, &t->valid_until));
    if (sig != NULL) {
        TRYJ(get_sig(o, sig, &has));
        t->signature = has ? sig : NULL;
    }
    return ZKS_OK;
}

static zks_status parse_tx(const cJSON *o, parsed_tx *p)
{
    const char *type;
    if (!cJSON_IsObject(o)) return ZKS_ERR_JSON;
    TRYJ(get_str(o, "type", 1, &type));
    if (strcmp(type, "Transfer") == 0 || strcmp(type, "Withdraw") == 0) {
        int wd = type[0] == 'W';
        zks_transfer init = ZKS_TRANSFER_INIT;
        zks_transfer *t = &p->u.transfer; /* same layout as zks_withdraw */
        *t = init;
        p->type = wd ? ZKS_TX_WITHDRAW : ZKS_TX_TRANSFER;
        TRYJ(get_u32(o, "accountId", 1, 0, &t->account_id));
        TRYJ(get_addr(o, "from", t->from));
        if (wd && field(o, "to") == NULL) {
            TRYJ(get_addr(o, "ethAddress", t->to));
        } else {
            TRYJ(get_addr(o, "to", t->to));
        }
        TRYJ(get_u32(o, "token", 1, 0, &t->token));
        TRYJ(get_str(o, "amount", 1, &t->amount));
        TRYJ(get_str(o, "fee", 1, &t->fee));
        TRYJ(get_u32(o, "nonce", 1, 0, &t->nonce));
        TRYJ(get_time(o, &t->valid_from, &t->valid_until));
        if (wd) {
            if (field(o, "fast") != NULL) return ZKS_ERR_INVALID_TX; /* a tx_submit parameter, not a field */
            t->struct_size = sizeof(zks_withdraw);
        }
        return ZKS_OK;
    }
    if (strcmp(type, "ChangePubKey") == 0) {
        zks_change_pubkey init = ZKS_CHANGE_PUBKEY_INIT;
        zks_change_pubkey *t = &p->u.cpk;
        *t = init;
        p->type = ZKS_TX_CHANGE_PUBKEY;
        TRYJ(get_u32(o, "accountId", 1, 0, &t->account_id));
        TRYJ(get_addr(o, "account", t->account));
        TRYJ(get_hex(o, "newPkHash", "sync:", t->new_pk_hash, ZKS_PUBKEY_HASH_BYTES, ZKS_ERR_INVALID_ADDRESS));
        TRYJ(get_u32(o, "feeToken", 0, 0, &t->fee_token));
        TRYJ(get_str(o, "fee", 0, &t->fee));
        TRYJ(get_u32(o, "nonce", 1, 0, &t->nonce));
        TRYJ(get_time(o, &t->valid_from, &t->valid_until));
        const cJSON *ad = field(o, "ethAuthData");
        const char *at;
        if (!cJSON_IsObject(ad)) return ZKS_ERR_JSON;
        TRYJ(get_str(ad, "type", 1, &at));
        if (strcmp(at, "Onchain") == 0) {
            t->auth_type = ZKS_CPK_ONCHAIN;
        } else if (strcmp(at, "ECDSA") == 0) {
            t->auth_type = ZKS_CPK_ECDSA;
            TRYJ(get_hex(ad, "ethSignature", "0x", t->eth_signature, ZKS_ETH_SIGNATURE_BYTES, ZKS_ERR_JSON));
            if (field(ad, "batchHash") != NULL)
                TRYJ(get_hex(ad, "batchHash", "0x", t->batch_hash, ZKS_ETH_HASH_BYTES, ZKS_ERR_JSON));
        } else if (strcmp(at, "CREATE2") == 0) {
            t->auth_type = ZKS_CPK_CREATE2;
            TRYJ(get_addr(ad, "creatorAddress", t->creator_address));
            TRYJ(get_hex(ad, "saltArg", "0x", t->salt_arg, ZKS_ETH_HASH_BYTES, ZKS_ERR_JSON));
            TRYJ(get_hex(ad, "codeHash", "0x", t->code_hash, ZKS_ETH_HASH_BYTES, ZKS_ERR_JSON));
        } else {
            return ZKS_ERR_UNSUPPORTED;
        }
        return ZKS_OK;
    }
    if (strcmp(type, "ForcedExit") == 0) {
        zks_forced_exit init = ZKS_FORCED_EXIT_INIT;
        zks_forced_exit *t = &p->u.forced_exit;
        *t = init;
        p->type = ZKS_TX_FORCED_EXIT;
        TRYJ(get_u32(o, "initiatorAccountId", 1, 0, &t->initiator_account_id));
        TRYJ(get_addr(o, "target", t->target));
        TRYJ(get_u32(o, "token", 1, 0, &t->token));
        TRYJ(get_str(o, "fee", 1, &t->fee));
        TRYJ(get_u32(o, "nonce", 1, 0, &t->nonce));
        return get_time(o, &t->valid_from, &t->valid_until);
    }
    if (strcmp(type, "MintNFT") == 0) {
        zks_mint_nft init = ZKS_MINT_NFT_INIT;
        zks_mint_nft *t = &p->u.mint_nft;
        *t = init;
        p->type = ZKS_TX_MINT_NFT;
        TRYJ(get_u32(o, "creatorId", 1, 0, &t->creator_id));
        TRYJ(get_addr(o, "creatorAddress", t->creator_address));
        TRYJ(get_hex(o, "contentHash", "0x", t->content_hash, ZKS_ETH_HASH_BYTES, ZKS_ERR_JSON));
        TRYJ(get_addr(o, "recipient", t->recipient));
        TRYJ(get_str(o, "fee", 1, &t->fee));
        TRYJ(get_u32(o, "feeToken", 1, 0, &t->fee_token));
        return get_u32(o, "nonce", 1, 0, &t->nonce);
    }
    if (strcmp(type, "WithdrawNFT") == 0) {
        zks_withdraw_nft init = ZKS_WITHDRAW_NFT_INIT;
        zks_withdraw_nft *t = &p->u.withdraw_nft;
        *t = init;
        p->type = ZKS_TX_WITHDRAW_NFT;
        TRYJ(get_u32(o, "accountId", 1, 0, &t->account_id));
        TRYJ(get_addr(o, "from", t->from));
        TRYJ(get_addr(o, "to", t->to));
        TRYJ(get_u32(o, "token", 1, 0, &t->token));
        TRYJ(get_u32(o, "feeToken", 1, 0, &t->fee_token));
        TRYJ(get_str(o, "fee", 1, &t->fee));
        TRYJ(get_u32(o, "nonce", 1, 0, &t->nonce));
        return get_time(o, &t->valid_from, &t->valid_until);
    }
    if (strcmp(type, "Swap") == 0) {
        zks_swap init = ZKS_SWAP_INIT;
        zks_swap *t = &p->u.swap;
        *t = init;
        p->type = ZKS_TX_SWAP;
        TRYJ(get_u32(o, "submitterId", 1, 0, &t->submitter_id));
        TRYJ(get_addr(o, "submitterAddress", t->submitter_address));
        TRYJ(get_u32(o, "nonce", 1, 0, &t->nonce));
        const cJSON *orders = field(o, "orders");
        if (!cJSON_IsArray(orders) || cJSON_GetArraySize(orders) != 2) return ZKS_ERR_JSON;
        TRYJ(parse_order(cJSON_GetArrayItem(orders, 0), &t->order_a, p->order_sig[0]));
        TRYJ(parse_order(cJSON_GetArrayItem(orders, 1), &t->order_b, p->order_sig[1]));
        TRYJ(get_pair(o, "amounts", &t->amount_a, &t->amount_b));
        TRYJ(get_str(o, "fee", 1, &t->fee));
        return get_u32(o, "feeToken", 1, 0, &t->fee_token);
    }
    if (strcmp(type, "Order") == 0) {
        p->type = ZKS_TX_ORDER;
        return parse_order(o, &p->u.order, NULL);
    }
    return ZKS_ERR_UNSUPPORTED;
}

zks_status zki_tx_from_json(const char *text, zki_tx_any *p)
{
    memset(p, 0, sizeof *p);
    ZKI_ARG_CHECK(text != NULL);
    size_t n = strnlen(text, JSON_IN_MAX + 1);
    if (n > JSON_IN_MAX) return ZKS_ERR_JSON;
    cJSON *root = cJSON_ParseWithLengthOpts(text, n + 1, NULL, 1); /* n + 1: the NUL must be inside */
    if (root == NULL) return ZKS_ERR_JSON;
    p->root = root;
    return parse_tx(root, p);
}

void zki_tx_json_free(zki_tx_any *p)
{
    if (p == NULL) return;
    cJSON_Delete(p->root);
    p->root = NULL;
}

zks_status zks_tx_sign_json(const char *tx_json, const uint8_t zk_privkey[ZKS_PRIVKEY_BYTES], char **out_json)
{
    ZKI_ARG_CHECK(out_json != NULL);
    *out_json = NULL;
    ZKI_ARG_CHECK(tx_json != NULL && zk_privkey != NULL);
    parsed_tx *p = zki_calloc(1, sizeof *p);
    cJSON *root = cJSON_CreateObject();
    uint8_t sig[ZKS_MUSIG_BYTES], bytes[ZKS_TX_BYTES_MAX], hash[ZKS_TX_HASH_BYTES];
    char hs[ZKS_TX_HASH_CHARS + 1];
    size_t len = 0;
    zks_status st = ZKS_ERR_NOMEM;
    if (p == NULL || root == NULL) goto out;
    st = zki_tx_from_json(tx_json, p);
    if (st != ZKS_OK) goto out;
    st = zks_tx_bytes(p->type, &p->u, bytes, sizeof bytes, &len);
    if (st != ZKS_OK) goto out;
    st = zks_tx_sign(p->type, &p->u, zk_privkey, sig);
    if (st != ZKS_OK) goto out;
    jw b = {root, &st};
    jw t = jchild(&b, "tx", cJSON_CreateObject());
    write_tx(&t, p->type, &p->u, sig);
    if (st == ZKS_OK && p->type != ZKS_TX_ORDER) {
        st = zks_tx_hash(p->type, &p->u, hash, hs);
        if (st == ZKS_OK) jstr(&b, "txHash", hs);
    }
    jhex(&b, "signBytes", "0x", bytes, len);
    if (st == ZKS_OK && (*out_json = zki_json_print(root)) == NULL) st = ZKS_ERR_NOMEM;
out:
    zki_tx_json_free(p);
    zks_free(p);
    cJSON_Delete(root);
    ZKI_WIPE(sig);
    return st;
}

zks_status zks_tx_eth_message_json(const char *tx_json, const char *symbol, uint32_t decimals,
                                   const char *buy_symbol, char **out_text)
{
    ZKI_ARG_CHECK(out_text != NULL);
    *out_text = NULL;
    ZKI_ARG_CHECK(tx_json != NULL);
    parsed_tx *p = zki_calloc(1, sizeof *p);
    char msg[512];
    size_t len;
    zks_status st = ZKS_ERR_NOMEM;
    if (p == NULL) goto out;
    st = zki_tx_from_json(tx_json, p);
    if (st != ZKS_OK) goto out;
    st = zks_tx_eth_message(p->type, &p->u, symbol, decimals, buy_symbol, msg, sizeof msg, &len);
    if (st != ZKS_OK) goto out;
    *out_text = zki_strndup(msg, len);
    if (*out_text == NULL) st = ZKS_ERR_NOMEM;
out:
    zki_tx_json_free(p);
    zks_free(p);
    return st;
}
