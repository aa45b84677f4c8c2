/* Internal layouts of the provider's result objects. */
#ifndef ZKI_PROVIDER_TYPES_H
#define ZKI_PROVIDER_TYPES_H

#include "zksync.h"

typedef struct {
    char symbol[ZKS_SYMBOL_CHARS + 1];
    char amount[ZKS_AMOUNT_CHARS + 1];
    uint64_t expected_accept_block; /* depositing only */
} zki_balance;

struct zks_account {
    zks_account_info info;
    zki_balance *bal[2];     /* [committed, verified] */
    size_t nbal[2];
    zki_balance *dep;        /* depositing */
    size_t ndep;
    zks_nft *nft[2][2];      /* [state][minted] */
    size_t nnft[2][2];
    char *json;
};

struct zks_eth_receipt {
    zks_eth_receipt_info info;
    zks_eth_log *logs;
    uint8_t **data;
    size_t nlogs;
};

#endif
