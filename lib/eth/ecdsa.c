/* Ethereum keys and signatures over libsecp256k1: addresses, EIP-55,
 * EIP-191 personal_sign / recover, the zkSync key-derivation message. */
#include <errno.h>
#include <stdio.h>
#include <sys/random.h>

#include <secp256k1_preallocated.h>
#include <secp256k1_recovery.h>

#include "../internal.h"
#include "crypto/keccak.h"
#include "eth.h"

int zki_os_random(uint8_t *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = getrandom(buf, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static secp256k1_context *create_ctx(zki_secp_ctx *h)
{
#ifdef ZKS_CTIME
    /* let libsecp256k1 declassify what it legitimately reveals (valgrind ctime build) */
    const unsigned flags = SECP256K1_CONTEXT_DECLASSIFY;
#else
    const unsigned flags = SECP256K1_CONTEXT_NONE;
#endif
    h->heap = 0;
    size_t need = secp256k1_context_preallocated_size(flags);
    if (need <= sizeof h->mem.bytes) {
        h->ctx = secp256k1_context_preallocated_create(h->mem.bytes, flags);
    } else {
        h->ctx = secp256k1_context_create(flags);
        h->heap = 1;
    }
    return h->ctx;
}

/* Blinded contexts are kept per thread: randomizing costs about as much as a
 * signature, so doing it once per thread (not once per call) halves the cost of
 * signing and derivation. Only a context that fits in the thread-local buffer is
 * cached (no heap block that would outlive the thread). */
static _Thread_local zki_secp_ctx tls_blinded;

/* Randomizes ctx with OS randomness; returns 0 if that failed (no randomness or
 * libsecp256k1 refused). */
#define BLIND_SEED_BYTES 32 /* what secp256k1_context_randomize takes */
static int blind_ctx(secp256k1_context *ctx)
{
    uint8_t seed[BLIND_SEED_BYTES];
    int ok = zki_os_random(seed, sizeof seed) == 0 && secp256k1_context_randomize(ctx, seed);
    ZKI_WIPE(seed);
    return ok;
}

secp256k1_context *zki_secp_open(zki_secp_ctx *h, int blind)
{
    if (blind) {
        zki_secp_ctx *t = &tls_blinded;
        if (t->ctx == NULL && create_ctx(t) != NULL && (t->heap || !blind_ctx(t->ctx))) zki_secp_close(t);
        if (t->ctx != NULL) {
            h->ctx = t->ctx;
            h->heap = 2; /* borrowed: zki_secp_close leaves it alone */
            return h->ctx;
        }
    }
    /* Unblinded, or the per-thread context could not be made: one for this call.
     * Blinding is advisory: without randomness we sign unblinded. */
    if (create_ctx(h) != NULL && blind && !blind_ctx(h->ctx)) {
        zki_secp_close(h);
        if (create_ctx(h) == NULL) return NULL;
    }
    return h->ctx;
}

void zki_secp_close(zki_secp_ctx *h)
{
    if (h->heap == 2) { /* the thread's cached context: keep it */
        h->ctx = NULL;
        return;
    }
    if (h->ctx != NULL) {
        if (h->heap) secp256k1_context_destroy(h->ctx);
        else secp256k1_context_preallocated_destroy(h->ctx);
    }
    h->ctx = NULL;
    ZKI_WIPE(h->mem); /* holds the blinding values */
}

void zki_eth_address_from_pubkey64(const uint8_t pub64[ZKI_SECP_PUBKEY65_BYTES - 1],
                                   uint8_t out_addr[ZKS_ETH_ADDRESS_BYTES])
{
    uint8_t h[ZKS_ETH_HASH_BYTES];
    zki_keccak256(pub64, ZKI_SECP_PUBKEY65_BYTES - 1, h);
    memcpy(out_addr, h + ZKS_ETH_HASH_BYTES - ZKS_ETH_ADDRESS_BYTES, ZKS_ETH_ADDRESS_BYTES);
}

int zki_eth_sign_digest(const uint8_t key[ZKS_ETH_PRIVKEY_BYTES], const uint8_t digest[ZKS_ETH_HASH_BYTES],
                        uint8_t out64[ZKI_ECDSA_RS_BYTES], int *recid)
{
    zki_secp_ctx hold;
    secp256k1_ecdsa_recoverable_signature sig;
    int rc = ZKS_ERR_INVALID_KEY;
    *recid = 0;
    secp256k1_context *ctx = zki_secp_open(&hold, 1);
    if (ctx == NULL) {
        rc = ZKS_ERR_INTERNAL;
        goto out;
    }
    /* NULL nonce function = RFC 6979 with HMAC-SHA256, as elliptic (ethers);
     * libsecp256k1 always returns the low-s form and adjusts recid. */
    int ok = secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest, key, NULL, NULL);
    ZKI_DECLASSIFY(&ok, sizeof ok); /* only says whether the key was valid */
    if (!ok) goto out;
    ZKI_DECLASSIFY(&sig, sizeof sig); /* the signature is public */
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out64, recid, &sig);
    rc = ZKS_OK;
out:
    if (rc != ZKS_OK) zks_memzero(out64, ZKI_ECDSA_RS_BYTES);
    ZKI_WIPE(sig);
    zki_secp_close(&hold);
    return rc;
}

int zki_eth_recover_digest(const uint8_t digest[ZKS_ETH_HASH_BYTES], const uint8_t rs[ZKI_ECDSA_RS_BYTES], int recid,
                           uint8_t out_addr[ZKS_ETH_ADDRESS_BYTES])
{
    zki_secp_ctx hold;
    secp256k1_ecdsa_recoverable_signature sig;
    secp256k1_pubkey pub;
    uint8_t ser[ZKI_SECP_PUBKEY65_BYTES];
    size_t ser_len = sizeof ser;
    int rc = ZKS_ERR_SIGNATURE_MALFORMED;
    secp256k1_context *ctx = zki_secp_open(&hold, 0);
    if (ctx == NULL) {
        rc = ZKS_ERR_INTERNAL;
        goto out;
    }
    if (recid < 0 || recid > 3) goto out;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, rs, recid)) goto out;
    if (!secp256k1_ecdsa_recover(ctx, &pub, &sig, digest)) goto out;
    secp256k1_ec_pubkey_serialize(ctx, ser, &ser_len, &pub, SECP256K1_EC_UNCOMPRESSED);
    zki_eth_address_from_pubkey64(ser + 1, out_addr);
    rc = ZKS_OK;
out:
    if (rc != ZKS_OK) zks_memzero(out_addr, ZKS_ETH_ADDRESS_BYTES);
    zki_secp_close(&hold);
    return rc;
}

void zki_eth_personal_digest(const uint8_t *msg, size_t len, uint8_t out[ZKS_ETH_HASH_BYTES])
{
    static const char prefix[] = "\x19" "Ethereum Signed Message:\n";
    char num[24];
    int n = snprintf(num, sizeof num, "%zu", len);
    zki_keccak_ctx c;
    zki_keccak_init(&c);
    zki_keccak_update(&c, (const uint8_t *)prefix, sizeof prefix - 1);
    zki_keccak_update(&c, (const uint8_t *)num, (size_t)n);
    if (len > 0) zki_keccak_update(&c, msg, len);
    zki_keccak_final(&c, out);
}

zks_status zks_eth_address_from_privkey(const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES],
                                        uint8_t out_address[ZKS_ETH_ADDRESS_BYTES])
{
    ZKI_ARG_CHECK(out_address != NULL);
    zks_memzero(out_address, ZKS_ETH_ADDRESS_BYTES);
    ZKI_ARG_CHECK(eth_privkey != NULL);
    zki_secp_ctx hold;
    secp256k1_pubkey pub;
    uint8_t ser[ZKI_SECP_PUBKEY65_BYTES];
    size_t ser_len = sizeof ser;
    zks_status rc = ZKS_ERR_INVALID_KEY;
    secp256k1_context *ctx = zki_secp_open(&hold, 1);
    if (ctx == NULL) {
        rc = ZKS_ERR_INTERNAL;
        goto out;
    }
    int ok = secp256k1_ec_pubkey_create(ctx, &pub, eth_privkey);
    ZKI_DECLASSIFY(&ok, sizeof ok);
    if (!ok) goto out;
    ZKI_DECLASSIFY(&pub, sizeof pub); /* the public key is public */
    secp256k1_ec_pubkey_serialize(ctx, ser, &ser_len, &pub, SECP256K1_EC_UNCOMPRESSED);
    zki_eth_address_from_pubkey64(ser + 1, out_address);
    rc = ZKS_OK;
out:
    zki_secp_close(&hold);
    return rc;
}

zks_status zks_eth_personal_sign(const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES], const uint8_t *msg,
                                 size_t msg_len, uint8_t out_sig[ZKS_ETH_SIGNATURE_BYTES])
{
    ZKI_ARG_CHECK(out_sig != NULL);
    zks_memzero(out_sig, ZKS_ETH_SIGNATURE_BYTES);
    ZKI_ARG_CHECK(eth_privkey != NULL && (msg != NULL || msg_len == 0));
    uint8_t digest[ZKS_ETH_HASH_BYTES];
    int recid = 0;
    zki_eth_personal_digest(msg, msg_len, digest);
    int rc = zki_eth_sign_digest(eth_privkey, digest, out_sig, &recid);
    if (rc == ZKS_OK) out_sig[ZKI_ECDSA_RS_BYTES] = (uint8_t)(27 + recid);
    return (zks_status)rc;
}

/* v: 27/28 or 0/1. Returns the recovery id or -1. */
static int recid_from_v(uint8_t v)
{
    if (v == 27 || v == 28) return v - 27;
    if (v == 0 || v == 1) return v;
    return -1;
}

zks_status zks_eth_personal_recover(const uint8_t *msg, size_t msg_len, const uint8_t sig[ZKS_ETH_SIGNATURE_BYTES],
                                    uint8_t out_address[ZKS_ETH_ADDRESS_BYTES])
{
    ZKI_ARG_CHECK(out_address != NULL);
    zks_memzero(out_address, ZKS_ETH_ADDRESS_BYTES);
    ZKI_ARG_CHECK(sig != NULL && (msg != NULL || msg_len == 0));
    int recid = recid_from_v(sig[ZKI_ECDSA_RS_BYTES]);
    if (recid < 0) return ZKS_ERR_SIGNATURE_MALFORMED;
    uint8_t digest[ZKS_ETH_HASH_BYTES];
    zki_eth_personal_digest(msg, msg_len, digest);
    return (zks_status)zki_eth_recover_digest(digest, sig, recid, out_address);
}

zks_status zks_eth_login_message(uint64_t chain_id, char *out, size_t out_cap, size_t *out_len)
{
    ZKI_ARG_CHECK(out_len != NULL);
    *out_len = 0;
    ZKI_ARG_CHECK(out != NULL);
    memset(out, 0, out_cap); /* every failure leaves out zero-filled */
    ZKI_ARG_CHECK(chain_id != 0);
    char tmp[160];
    int n;
    static const char base[] = "Access zkSync account.\n\nOnly sign this message for a trusted client!";
    if (chain_id == 1) n = snprintf(tmp, sizeof tmp, "%s", base);
    else n = snprintf(tmp, sizeof tmp, "%s\nChain ID: %llu.", base, (unsigned long long)chain_id);
    if (n < 0 || (size_t)n >= sizeof tmp) return ZKS_ERR_INTERNAL;
    if ((size_t)n + 1 > out_cap) return ZKS_ERR_BUFFER_SIZE; /* out is still all zero */
    memcpy(out, tmp, (size_t)n + 1);
    *out_len = (size_t)n;
    return ZKS_OK;
}
