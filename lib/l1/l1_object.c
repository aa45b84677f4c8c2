/* The zks_l1 object: creation (own key or an external digest signer),
 * options, accessors and the error message. Operations: l1_ops.c; the send
 * path and its doubt: l1_send.c. */
#include <stdio.h>

#include "../internal.h"
#include "l1_ops.h"
#include "util/u256.h"

/* ---- creation ---- */

static zks_status l1_create(zks_eth_rpc *rpc, const char *main_contract, uint64_t chain_id, zks_l1 **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    ZKI_ARG_CHECK(rpc != NULL && main_contract != NULL);
    zks_l1 *l1 = zki_calloc(1, sizeof *l1);
    if (l1 == NULL) return ZKS_ERR_NOMEM;
    l1->rpc = rpc;
    l1->poll_ms = 200;
    zks_status st = zks_eth_address_parse(main_contract, l1->main);
    if (st != ZKS_OK) goto fail;
    zki_l1_addr_hex(l1->main_hex, l1->main);
    uint64_t node_chain = 0;
    st = zks_eth_rpc_chain_id(rpc, &node_chain);
    if (st != ZKS_OK) goto fail;
    if (chain_id != 0 && node_chain != chain_id) {
        st = ZKS_ERR_WRONG_CHAIN;
        goto fail;
    }
    l1->chain_id = node_chain;
    *out = l1;
    return ZKS_OK;
fail:
    zks_free(l1);
    return st;
}

zks_status zks_l1_new(zks_eth_rpc *rpc, const char *main_contract, uint64_t chain_id,
                      const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES], zks_l1 **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    ZKI_ARG_CHECK(eth_privkey != NULL);
    uint8_t addr[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = zks_eth_address_from_privkey(eth_privkey, addr);
    if (st != ZKS_OK) return st;
    zks_l1 *l1;
    st = l1_create(rpc, main_contract, chain_id, &l1);
    if (st != ZKS_OK) return st;
    memcpy(l1->key, eth_privkey, ZKS_ETH_PRIVKEY_BYTES);
    l1->has_key = 1;
    memcpy(l1->address, addr, ZKS_ETH_ADDRESS_BYTES);
    zki_l1_addr_hex(l1->address_hex, addr);
    *out = l1;
    return ZKS_OK;
}

zks_status zks_l1_new_with_signer(zks_eth_rpc *rpc, const char *main_contract, uint64_t chain_id,
                                  const char *address, zks_eth_digest_signer sign, void *sign_ctx, zks_l1 **out)
{
    ZKI_ARG_CHECK(out != NULL);
    *out = NULL;
    ZKI_ARG_CHECK(address != NULL && sign != NULL);
    uint8_t addr[ZKS_ETH_ADDRESS_BYTES];
    zks_status st = zks_eth_address_parse(address, addr);
    if (st != ZKS_OK) return st;
    zks_l1 *l1;
    st = l1_create(rpc, main_contract, chain_id, &l1);
    if (st != ZKS_OK) return st;
    l1->sign = sign;
    l1->sign_ctx = sign_ctx;
    memcpy(l1->address, addr, ZKS_ETH_ADDRESS_BYTES);
    zki_l1_addr_hex(l1->address_hex, addr);
    *out = l1;
    return ZKS_OK;
}

void zks_l1_free(zks_l1 *l1)
{
    if (l1 == NULL) return;
    zks_free(l1); /* zks_free wipes the whole block, key included */
}

zks_status zks_l1_set_options(zks_l1 *l1, const char *gas_price_wei, uint32_t poll_ms, uint32_t flags)
{
    ZKI_ARG_CHECK(l1 != NULL);
    ZKI_ARG_CHECK((flags & ~(uint32_t)ZKS_L1_NO_PREFLIGHT) == 0);
    if (gas_price_wei != NULL) {
        zki_u256 v;
        if (zki_u256_from_dec(&v, gas_price_wei) != 0) return ZKS_ERR_INVALID_AMOUNT;
        zki_u256_to_dec(l1->gas_price, &v);
    } else {
        l1->gas_price[0] = '\0';
    }
    l1->poll_ms = poll_ms != 0 ? poll_ms : 200;
    l1->flags = flags;
    return ZKS_OK;
}

zks_status zks_l1_address(const zks_l1 *l1, char out[ZKS_ETH_ADDRESS_CHARS + 1])
{
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, ZKS_ETH_ADDRESS_CHARS + 1);
    ZKI_ARG_CHECK(l1 != NULL);
    memcpy(out, l1->address_hex, sizeof l1->address_hex);
    return ZKS_OK;
}

const char *zks_l1_errmsg(const zks_l1 *l1) { return l1 != NULL ? l1->errmsg : ""; }

const uint8_t *zki_l1_address_bytes(const zks_l1 *l1) { return l1->address; }
const char *zki_l1_address_hex(const zks_l1 *l1) { return l1->address_hex; }
const char *zki_l1_main_hex(const zks_l1 *l1) { return l1->main_hex; }
uint64_t zki_l1_chain_id(const zks_l1 *l1) { return l1->chain_id; }
zks_eth_rpc *zki_l1_rpc(const zks_l1 *l1) { return l1->rpc; }
uint32_t zki_l1_poll_ms(const zks_l1 *l1) { return l1->poll_ms; }
