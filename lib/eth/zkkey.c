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
    /* The signature is the secret seed: v is normalised with masks (0/1 ->
     * 27/28, as the reference hashes v); only its validity becomes public. */
    uint8_t seed[ZKS_ETH_SIGNATURE_BYTES];
    uint32_t v = sig[ZKI_ECDSA_RS_BYTES];
    uint32_t low = (uint32_t)(((uint64_t)(v >> 1) - 1u) >> 63); /* 1 iff v is 0 or 1 */
    v += 27u & (0u - low);
    uint32_t d = (v - 27u) >> 1;                                  /* 0 iff v is 27 or 28 */
    uint32_t valid = (uint32_t)(((uint64_t)d - 1u) >> 63);        /* 1 iff d == 0 */
    ZKI_DECLASSIFY(&valid, sizeof valid);
    if (!valid) return ZKS_ERR_SIGNATURE_MALFORMED;
    memcpy(seed, sig, ZKI_ECDSA_RS_BYTES);
    seed[ZKI_ECDSA_RS_BYTES] = (uint8_t)v;
    zks_status rc = zks_privkey_from_seed(seed, sizeof seed, out_privkey);
    ZKI_WIPE(seed);
    ZKI_WIPE(v);
    ZKI_WIPE(low);
    ZKI_WIPE(d);
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
    /* Signing declassifies its output (a signature is normally public); here
     * it is the secret seed, so the ctime build marks it secret again. */
    ZKI_CLASSIFY(sig, sizeof sig);
    rc = zks_privkey_from_seed(sig, sizeof sig, out_privkey);
out:
    ZKI_WIPE(sig);
    if (rc != ZKS_OK) zks_memzero(out_privkey, ZKS_PRIVKEY_BYTES);
    return rc;
}
