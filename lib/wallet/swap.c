/* Orders and swaps, waiting for transactions and priority operations, and
 * the wallet's L1 side (deposits, full exits, pending balances through its
 * zks_l1). */
#include <stdio.h>
#include <stdlib.h>

#include "l1/l1_ops.h"
#include "provider/provider.h"
#include "tx/tx_internal.h"
#include "wallet_internal.h"

/* ------------------------------------------------------------ orders, swap */

static zks_status sign_order_impl(zks_wallet *w, const char *recipient, const char *token_sell,
                                 const char *token_buy, const char *ratio_sell, const char *ratio_buy,
                                 const char *amount, char **out_order_json)
{
    ZKI_ARG_CHECK(out_order_json != NULL);
    *out_order_json = NULL;
    ZKI_ARG_CHECK(w != NULL && token_sell != NULL && token_buy != NULL && ratio_sell != NULL && ratio_buy != NULL);
    w->errmsg[0] = '\0';
    zks_order o = ZKS_ORDER_INIT;
    zks_status st;
    if (recipient != NULL) {
        if ((st = zks_eth_address_parse(recipient, o.recipient)) != ZKS_OK) return st;
    } else {
        memcpy(o.recipient, w->address, ZKS_ETH_ADDRESS_BYTES);
    }
    zks_token ts, tb;
    if ((st = zki_w_resolve(w, token_sell, &ts)) != ZKS_OK) return st;
    if ((st = zki_w_resolve(w, token_buy, &tb)) != ZKS_OK) return st;
    if ((st = zki_w_ensure_account(w)) != ZKS_OK) return st;
    o.account_id = w->account_id;
    o.nonce = w->nonce;
    o.token_sell = ts.id;
    o.token_buy = tb.id;
    o.ratio_sell = ratio_sell;
    o.ratio_buy = ratio_buy;
    o.amount = amount != NULL ? amount : "0";
    uint8_t sig[ZKS_MUSIG_BYTES], esig[ZKS_ETH_SIGNATURE_BYTES];
    char text[MSG_CAP];
    size_t tl = 0;
    if ((st = zks_tx_sign(ZKS_TX_ORDER, &o, w->zk_key, sig)) != ZKS_OK) return st;
    o.signature = sig;
    if ((st = zks_tx_eth_message(ZKS_TX_ORDER, &o, ts.symbol, ts.decimals, tb.symbol, text, sizeof text, &tl)) !=
        ZKS_OK)
        return st;
    if ((st = zki_w_sign_msg(w, (const uint8_t *)text, tl, esig)) != ZKS_OK) return st;
    /* the server's Order with the owner's ethSignature last */
    cJSON *j = NULL;
    if ((st = zki_tx_json_obj(ZKS_TX_ORDER, &o, sig, &j)) != ZKS_OK) return st;
    char hex[ZKI_ETH_SIG_HEX_CHARS + 1];
    zki_w_hex0x(hex, esig, ZKS_ETH_SIGNATURE_BYTES);
    char *res = cJSON_AddStringToObject(j, "ethSignature", hex) != NULL ? zki_json_print(j) : NULL;
    cJSON_Delete(j);
    if (res == NULL) return ZKS_ERR_NOMEM;
    *out_order_json = res;
    return ZKS_OK;
}

/* Parses an order JSON (zks_wallet_sign_order output, or the server Order form). */
typedef struct {
    zks_order o;
    char ratio_sell[ZKS_AMOUNT_CHARS + 1];
    char ratio_buy[ZKS_AMOUNT_CHARS + 1];
    char amount[ZKS_AMOUNT_CHARS + 1];
    uint8_t sig[ZKS_MUSIG_BYTES];
    char eth_sig[ZKI_ETH_SIG_HEX_CHARS + 1]; /* "" when absent */
} parsed_order;

/* The order itself is read by the one order parser of lib/tx/json.c (inside
 * a Swap shell, where it reads orders with their signatures); only the
 * owner's ethSignature, which is not part of the server's Order, is read here. */
static zks_status parse_order(const char *text, parsed_order *po)
{
    memset(po, 0, sizeof *po);
    zks_order init = ZKS_ORDER_INIT;
    po->o = init;
    if (text == NULL || strlen(text) > 65536) return ZKS_ERR_JSON;
    cJSON *j = cJSON_Parse(text);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return ZKS_ERR_JSON;
    }
    zks_status st = ZKS_ERR_JSON;
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, "ethSignature");
    if (cJSON_IsString(x)) {
        uint8_t tmp[ZKS_ETH_SIGNATURE_BYTES];
        if (strlen(x->valuestring) != ZKI_ETH_SIG_HEX_CHARS || x->valuestring[0] != '0' ||
            x->valuestring[1] != 'x' ||
            zki_hex_decode(tmp, ZKS_ETH_SIGNATURE_BYTES, x->valuestring + 2, 2 * ZKS_ETH_SIGNATURE_BYTES) != 0) {
            cJSON_Delete(j);
            return ZKS_ERR_JSON;
        }
        snprintf(po->eth_sig, sizeof po->eth_sig, "%s", x->valuestring);
    } else if (x != NULL && !cJSON_IsNull(x)) {
        cJSON_Delete(j);
        return ZKS_ERR_JSON;
    }
    /* a Swap shell holding the order twice, for the order parser of lib/tx;
     * j belongs to the shell (or is deleted) from the first push on */
    cJSON *sw = cJSON_CreateObject(), *orders = cJSON_AddArrayToObject(sw, "orders"), *amounts = NULL;
    int ok = zki_json_push(orders, j) && zki_json_push(orders, cJSON_Duplicate(j, 1)) &&
             (amounts = cJSON_AddArrayToObject(sw, "amounts")) != NULL &&
             zki_json_push(amounts, cJSON_CreateString("0")) && zki_json_push(amounts, cJSON_CreateString("0")) &&
             cJSON_AddStringToObject(sw, "type", "Swap") != NULL &&
             cJSON_AddNumberToObject(sw, "submitterId", 0) != NULL &&
             cJSON_AddStringToObject(sw, "submitterAddress", ZKS_ETH_TOKEN_ADDRESS) != NULL &&
             cJSON_AddNumberToObject(sw, "nonce", 0) != NULL && cJSON_AddStringToObject(sw, "fee", "0") != NULL &&
             cJSON_AddNumberToObject(sw, "feeToken", 0) != NULL;
    char *shell = ok ? cJSON_PrintUnformatted(sw) : NULL;
    cJSON_Delete(sw);
    if (shell == NULL) return ZKS_ERR_NOMEM;
    zki_tx_any any;
    memset(&any, 0, sizeof any);
    st = zki_tx_from_json(shell, &any);
    if (st != ZKS_OK && st != ZKS_ERR_INVALID_ADDRESS && st != ZKS_ERR_NOMEM) st = ZKS_ERR_JSON; /* malformed order */
    const zks_order *o = &any.u.swap.order_a;
    if (st == ZKS_OK && o->signature == NULL) st = ZKS_ERR_JSON; /* an order is signed */
    if (st == ZKS_OK && (strlen(o->ratio_sell) >= sizeof po->ratio_sell ||
                         strlen(o->ratio_buy) >= sizeof po->ratio_buy || strlen(o->amount) >= sizeof po->amount))
        st = ZKS_ERR_JSON;
    if (st == ZKS_OK) {
        po->o = *o;
        snprintf(po->ratio_sell, sizeof po->ratio_sell, "%s", o->ratio_sell);
        snprintf(po->ratio_buy, sizeof po->ratio_buy, "%s", o->ratio_buy);
        snprintf(po->amount, sizeof po->amount, "%s", o->amount);
        memcpy(po->sig, any.order_sig[0], sizeof po->sig);
        po->o.ratio_sell = po->ratio_sell;
        po->o.ratio_buy = po->ratio_buy;
        po->o.amount = po->amount;
        po->o.signature = po->sig;
        st = zks_tx_check(ZKS_TX_ORDER, &po->o);
    }
    zki_tx_json_free(&any);
    cJSON_free(shell);
    return st;
}

static zks_status swap_impl(zks_wallet *w, const char *order_a_json, const char *order_b_json, const char *amount_a,
                           const char *amount_b, const char *fee_token, const char *fee,
                           char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    BEGIN_OP(w, out_hash);
    ZKI_ARG_CHECK(order_a_json != NULL && order_b_json != NULL && fee_token != NULL);
    parsed_order *pa = zki_calloc(2, sizeof *pa);
    if (pa == NULL) return ZKS_ERR_NOMEM;
    parsed_order *pb = pa + 1;
    zks_status st = parse_order(order_a_json, pa);
    if (st == ZKS_OK) st = parse_order(order_b_json, pb);
    if (st != ZKS_OK) {
        if (st != ZKS_ERR_NOMEM) zki_wmsg(w, "%s", "malformed order");
        goto out;
    }
    const char *aa = amount_a != NULL ? amount_a : pa->amount;
    const char *ab = amount_b != NULL ? amount_b : pb->amount;
    if (strcmp(aa, "0") == 0 || strcmp(ab, "0") == 0) {
        zki_wmsg(w, "%s", "swap amounts must be nonzero (limit orders need explicit amounts)");
        st = ZKS_ERR_INVALID_ARG;
        goto out;
    }
    zks_token ft;
    if ((st = zki_w_resolve(w, fee_token, &ft)) != ZKS_OK) goto out;
    if ((st = zki_w_ensure_account(w)) != ZKS_OK) goto out;
    char fee_s[ZKS_AMOUNT_CHARS + 1];
    if ((st = zki_w_get_fee(w, fee, "Swap", w->address_lc, &ft, fee_s)) != ZKS_OK) goto out;
    zks_swap s = ZKS_SWAP_INIT;
    s.submitter_id = w->account_id;
    memcpy(s.submitter_address, w->address, ZKS_ETH_ADDRESS_BYTES);
    s.order_a = pa->o;
    s.order_b = pb->o;
    s.amount_a = aa;
    s.amount_b = ab;
    s.fee_token = ft.id;
    s.fee = fee_s;
    zki_one_ctx o = {ZKS_TX_SWAP, &s, ft.symbol, ft.decimals, 0, pa->eth_sig[0] ? pa->eth_sig : NULL,
                     pb->eth_sig[0] ? pb->eth_sig : NULL, 0};
    st = zki_w_send(w, zki_w_sign_one, &o, out_hash, 1, NULL);
    /* An order of ours with a nonzero amount also uses up a nonce: fetch it again. */
    if (st == ZKS_OK) w->nonce_known = 0;
out:
    zks_free(pa);
    return st;
}

/* ---------------------------------------------------------------- waiting */

static zks_status wait_tx_impl(zks_wallet *w, const char *tx_hash, uint32_t level, uint32_t timeout_ms,
                              zks_tx_info *out)
{
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    zks_tx_info info;
    zks_status st = zks_provider_wait_tx(w->p, tx_hash, level, timeout_ms, 200, &info);
    if (st == ZKS_ERR_TX_FAILED) {
        zki_wmsg(w, "zkSync transaction failed: %s", info.fail_reason);
        w->nonce_known = 0;
    } else if (st != ZKS_OK) {
        (void)zki_w_perr(w, st);
    }
    if (out != NULL) *out = info;
    return st;
}

static zks_status wait_ethop_impl(zks_wallet *w, uint64_t serial_id, uint32_t level, uint32_t timeout_ms,
                                 zks_tx_info *out)
{
    ZKI_ARG_CHECK(w != NULL);
    w->errmsg[0] = '\0';
    zks_tx_info info;
    zks_status st = zks_provider_wait_ethop(w->p, serial_id, level, timeout_ms, 200, &info);
    if (st == ZKS_OK && !w->has_id) w->nonce_known = 0; /* a first deposit creates the account */
    if (st != ZKS_OK) (void)zki_w_perr(w, st);
    if (out != NULL) *out = info;
    return st;
}

/* ---------------------------------------------------------------- L1 side */

#define BEGIN_L1(w, out)                                                       \
    do {                                                                       \
        ZKI_ARG_CHECK((out) != NULL);                                          \
        memset((out), 0, sizeof *(out));                                       \
        ZKI_ARG_CHECK((w) != NULL);                                            \
        (w)->errmsg[0] = '\0';                                                 \
        if ((w)->l1 == NULL) {                                                 \
            zki_wmsg((w), "%s", "the wallet has no L1 access");                    \
            return ZKS_ERR_STATE;                                              \
        }                                                                      \
    } while (0)

static zks_status deposit_impl(zks_wallet *w, const char *to, const char *token, const char *amount, uint32_t wait_ms,
                              zks_l1_result *out)
{
    BEGIN_L1(w, out);
    ZKI_ARG_CHECK(token != NULL && amount != NULL);
    zks_token tok;
    zks_status st = zki_w_resolve(w, token, &tok);
    if (st != ZKS_OK) return st;
    if (tok.id == 0)
        st = zks_l1_deposit_eth(w->l1, to, amount, wait_ms, out);
    else
        st = zks_l1_deposit_erc20(w->l1, to, tok.address, amount, ZKS_L1_APPROVE_UNLIMITED, wait_ms, out);
    return zki_w_l1err(w, st);
}

static zks_status full_exit_impl(zks_wallet *w, const char *token, uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_L1(w, out);
    ZKI_ARG_CHECK(token != NULL);
    zks_status st = zki_w_ensure_account(w);
    if (st != ZKS_OK) return st;
    if (zki_w_is_digits(token) && strlen(token) <= 10 && strtoull(token, NULL, 10) >= ZKS_NFT_TOKEN_MIN) {
        uint64_t id = strtoull(token, NULL, 10);
        if (id > ZKS_TOKEN_ID_MAX) return ZKS_ERR_INVALID_TX;
        return zki_w_l1err(w, zks_l1_full_exit_nft(w->l1, w->account_id, (uint32_t)id, wait_ms, out));
    }
    zks_token tok;
    if ((st = zki_w_resolve(w, token, &tok)) != ZKS_OK) return st;
    return zki_w_l1err(w, zks_l1_full_exit(w->l1, w->account_id, tok.address, wait_ms, out));
}

static zks_status withdraw_pending_balance_impl(zks_wallet *w, const char *token, const char *amount,
                                               uint32_t wait_ms, zks_l1_result *out)
{
    BEGIN_L1(w, out);
    ZKI_ARG_CHECK(token != NULL);
    zks_token tok;
    zks_status st = zki_w_resolve(w, token, &tok);
    if (st != ZKS_OK) return st;
    return zki_w_l1err(w, zks_l1_withdraw_pending_balance(w->l1, NULL, tok.address, amount, wait_ms, out));
}

/* ---- the in-use guard around the calls above ---- */

zks_status zks_wallet_sign_order(zks_wallet *w, const char *recipient, const char *token_sell,
                                 const char *token_buy, const char *ratio_sell, const char *ratio_buy,
                                 const char *amount, char **out_order_json)
{
    if (w == NULL) return sign_order_impl(w, recipient, token_sell, token_buy, ratio_sell, ratio_buy, amount, out_order_json);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, sign_order_impl(w, recipient, token_sell, token_buy, ratio_sell, ratio_buy, amount, out_order_json));
}

zks_status zks_wallet_swap(zks_wallet *w, const char *order_a_json, const char *order_b_json, const char *amount_a,
                           const char *amount_b, const char *fee_token, const char *fee,
                           char out_hash[ZKS_TX_HASH_CHARS + 1])
{
    if (w == NULL) return swap_impl(w, order_a_json, order_b_json, amount_a, amount_b, fee_token, fee, out_hash);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, swap_impl(w, order_a_json, order_b_json, amount_a, amount_b, fee_token, fee, out_hash));
}

zks_status zks_wallet_wait_tx(zks_wallet *w, const char *tx_hash, uint32_t level, uint32_t timeout_ms,
                              zks_tx_info *out)
{
    if (w == NULL) return wait_tx_impl(w, tx_hash, level, timeout_ms, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, wait_tx_impl(w, tx_hash, level, timeout_ms, out));
}

zks_status zks_wallet_wait_ethop(zks_wallet *w, uint64_t serial_id, uint32_t level, uint32_t timeout_ms,
                                 zks_tx_info *out)
{
    if (w == NULL) return wait_ethop_impl(w, serial_id, level, timeout_ms, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, wait_ethop_impl(w, serial_id, level, timeout_ms, out));
}

zks_status zks_wallet_deposit(zks_wallet *w, const char *to, const char *token, const char *amount, uint32_t wait_ms,
                              zks_l1_result *out)
{
    if (w == NULL) return deposit_impl(w, to, token, amount, wait_ms, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, deposit_impl(w, to, token, amount, wait_ms, out));
}

zks_status zks_wallet_full_exit(zks_wallet *w, const char *token, uint32_t wait_ms, zks_l1_result *out)
{
    if (w == NULL) return full_exit_impl(w, token, wait_ms, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, full_exit_impl(w, token, wait_ms, out));
}

zks_status zks_wallet_withdraw_pending_balance(zks_wallet *w, const char *token, const char *amount,
                                               uint32_t wait_ms, zks_l1_result *out)
{
    if (w == NULL) return withdraw_pending_balance_impl(w, token, amount, wait_ms, out);
    ZKI_W_ENTER(w);
    return ZKI_W_LEAVE(w, withdraw_pending_balance_impl(w, token, amount, wait_ms, out));
}
