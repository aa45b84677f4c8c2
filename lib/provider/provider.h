/* Internal hooks of zks_provider for lib/wallet (not installed). */
#ifndef ZKI_PROVIDER_PROVIDER_H
#define ZKI_PROVIDER_PROVIDER_H

#include <stdint.h>

#include "zksync.h"

/* Sizes of zki_rpc's message buffers (rpc.h ZKI_RPC_MSG_MAX / ZKI_RPC_DATA_MAX). */
#define ZKI_PROVIDER_MSG_MAX 1024
#define ZKI_PROVIDER_DATA_MAX 1024

/* The error state that zks_provider_last_error / errmsg / errdata report. */
typedef struct {
    zks_status status;
    int64_t code;
    long http;
    char msg[ZKI_PROVIDER_MSG_MAX];
    char data[ZKI_PROVIDER_DATA_MAX];
} zki_provider_error;

/* A caller that probes the server after a failed call (the wallet's tx_info
 * look-up after a 101) saves the state first and restores it afterwards, so
 * the provider still reports the failure the caller returns. A zeroed struct
 * restores "no error". */
void zki_provider_error_save(const zks_provider *p, zki_provider_error *out);
void zki_provider_error_restore(zks_provider *p, const zki_provider_error *e);

#endif
