/* The provider's result objects: token lists and accounts (zks_provider),
 * receipts (zks_eth_rpc). parse.c builds them; this file reads and frees. */
#include <strings.h>

#include "../internal.h"
#include "rpc.h"
#include "types.h"

size_t zks_token_list_count(const zks_token_list *l) { return l != NULL ? l->count : 0; }

zks_status zks_token_list_get(const zks_token_list *l, size_t i, zks_token *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(l != NULL && i < l->count);
    *out = l->items[i];
    return ZKS_OK;
}

void zks_token_list_free(zks_token_list *l)
{
    if (l == NULL) return;
    zks_free(l->items);
    zks_free(l);
}

zks_status zks_account_get_info(const zks_account *a, zks_account_info *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(a != NULL);
    *out = a->info;
    return ZKS_OK;
}

size_t zks_account_balance_count(const zks_account *a, uint32_t which)
{
    return (a != NULL && which <= 1) ? a->nbal[which] : 0;
}

zks_status zks_account_balance_at(const zks_account *a, uint32_t which, size_t i,
                                  char out_symbol[ZKS_SYMBOL_CHARS + 1], char out_amount[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_symbol != NULL && out_amount != NULL);
    memset(out_symbol, 0, ZKS_SYMBOL_CHARS + 1);
    memset(out_amount, 0, ZKS_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(a != NULL && which <= 1 && i < a->nbal[which]);
    strcpy(out_symbol, a->bal[which][i].symbol);
    strcpy(out_amount, a->bal[which][i].amount);
    return ZKS_OK;
}

zks_status zks_account_balance(const zks_account *a, uint32_t which, const char *symbol,
                               char out_amount[ZKS_AMOUNT_CHARS + 1])
{
    ZKI_ARG_CHECK(out_amount != NULL);
    memset(out_amount, 0, ZKS_AMOUNT_CHARS + 1);
    ZKI_ARG_CHECK(a != NULL && which <= 1 && symbol != NULL);
    strcpy(out_amount, "0");
    for (size_t i = 0; i < a->nbal[which]; i++) {
        if (strcasecmp(a->bal[which][i].symbol, symbol) == 0) {
            strcpy(out_amount, a->bal[which][i].amount);
            break;
        }
    }
    return ZKS_OK;
}

size_t zks_account_depositing_count(const zks_account *a) { return a != NULL ? a->ndep : 0; }

zks_status zks_account_depositing_at(const zks_account *a, size_t i, char out_symbol[ZKS_SYMBOL_CHARS + 1],
                                     char out_amount[ZKS_AMOUNT_CHARS + 1], uint64_t *out_expected_accept_block)
{
    ZKI_ARG_CHECK(out_symbol != NULL && out_amount != NULL && out_expected_accept_block != NULL);
    memset(out_symbol, 0, ZKS_SYMBOL_CHARS + 1);
    memset(out_amount, 0, ZKS_AMOUNT_CHARS + 1);
    *out_expected_accept_block = 0;
    ZKI_ARG_CHECK(a != NULL && i < a->ndep);
    strcpy(out_symbol, a->dep[i].symbol);
    strcpy(out_amount, a->dep[i].amount);
    *out_expected_accept_block = a->dep[i].expected_accept_block;
    return ZKS_OK;
}

size_t zks_account_nft_count(const zks_account *a, uint32_t which, int32_t minted)
{
    return (a != NULL && which <= 1 && (minted == 0 || minted == 1)) ? a->nnft[which][minted] : 0;
}

zks_status zks_account_nft_at(const zks_account *a, uint32_t which, int32_t minted, size_t i, zks_nft *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(a != NULL && which <= 1 && (minted == 0 || minted == 1) && i < a->nnft[which][minted]);
    *out = a->nft[which][minted][i];
    return ZKS_OK;
}

zks_status zks_account_json(const zks_account *a, char **out_json)
{
    ZKI_ARG_CHECK(out_json != NULL);
    *out_json = NULL;
    ZKI_ARG_CHECK(a != NULL && a->json != NULL);
    *out_json = zki_strdup(a->json);
    return *out_json != NULL ? ZKS_OK : ZKS_ERR_NOMEM;
}

void zks_account_free(zks_account *a)
{
    if (a == NULL) return;
    for (int w = 0; w < 2; w++) {
        zks_free(a->bal[w]);
        zks_free(a->nft[w][0]);
        zks_free(a->nft[w][1]);
    }
    zks_free(a->dep);
    zks_free(a->json);
    zks_free(a);
}

zks_status zks_eth_receipt_get_info(const zks_eth_receipt *r, zks_eth_receipt_info *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(r != NULL);
    *out = r->info;
    return ZKS_OK;
}

zks_status zks_eth_receipt_log_at(const zks_eth_receipt *r, size_t i, zks_eth_log *out)
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, sizeof *out);
    ZKI_ARG_CHECK(r != NULL && i < r->nlogs);
    *out = r->logs[i];
    return ZKS_OK;
}

zks_status zks_eth_receipt_log_data(const zks_eth_receipt *r, size_t i, uint8_t *out, size_t out_cap, size_t *out_len)
{
    ZKI_ARG_CHECK(out_len != NULL);
    *out_len = 0;
    ZKI_ARG_CHECK(out != NULL || out_cap == 0);
    if (out != NULL) memset(out, 0, out_cap);
    ZKI_ARG_CHECK(r != NULL && i < r->nlogs);
    *out_len = r->logs[i].data_len;
    if (r->logs[i].data_len > out_cap) return ZKS_ERR_BUFFER_SIZE;
    if (r->logs[i].data_len > 0) memcpy(out, r->data[i], r->logs[i].data_len);
    return ZKS_OK;
}

void zks_eth_receipt_free(zks_eth_receipt *r)
{
    if (r == NULL) return;
    for (size_t i = 0; i < r->nlogs; i++) zks_free(r->data[i]);
    zks_free(r->data);
    zks_free(r->logs);
    zks_free(r);
}
