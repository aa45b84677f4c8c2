/* The zkSync signing key of an Ethereum account (zksync.js Signer.fromETHSignature):
 * seed = personal_sign(login message), key = privateKeyFromSeed(seed).
 * Kept apart from ecdsa.c because it needs the zkSync crypto module. */
#include "../internal.h"
#include "eth.h"

zks_status zks_privkey_from_eth_signature(const uint8_t sig[ZKS_ETH_SIGNATURE_BYTES],
                                          uint8_t out_privkey[ZKS_PRIVKEY_BYTES])
{
    ZKI_ARG_CHECK(out_privkey != NULL);
    zks_memzero(out_privkey, ZKS_PRIVKEY_BYTES);
    ZKI_ARG_CHECK(sig != NULL);
    uint8_t seed[ZKS_ETH_SIGNATURE_BYTES];
    uint8_t v = sig[64];
    if (v == 0 || v == 1) v = (uint8_t)(v + 27); /* the reference hashes v as 27/28 */
    if (v != 27 && v != 28) return ZKS_ERR_SIGNATURE_MALFORMED;
    memcpy(seed, sig, 64);
    seed[64] = v;
    zks_status rc = zks_privkey_from_seed(seed, sizeof seed, out_privkey);
    ZKI_WIPE(seed);
    return rc;
}

zks_status zks_privkey_from_eth_privkey(const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES], uint64_t chain_id,
                                        uint8_t out_privkey[ZKS_PRIVKEY_BYTES])
{
    ZKI_ARG_CHECK(out_privkey != NULL);
    zks_memzero(out_privkey, ZKS_PRIVKEY_BYTES);
    ZKI_ARG_CHECK(eth_privkey != NULL && chain_id != 0);
    char msg[160];
    size_t msg_len = 0;
    uint8_t sig[ZKS_ETH_SIGNATURE_BYTES];
    zks_status rc = zks_eth_login_message(chain_id, msg, sizeof msg, &msg_len);
    if (rc != ZKS_OK) goto out;
    rc = zks_eth_personal_sign(eth_privkey, (const uint8_t *)msg, msg_len, sig);
    if (rc != ZKS_OK) goto out;
    rc = zks_privkey_from_seed(sig, sizeof sig, out_privkey);
out:
    ZKI_WIPE(sig);
    if (rc != ZKS_OK) zks_memzero(out_privkey, ZKS_PRIVKEY_BYTES);
    return rc;
}
