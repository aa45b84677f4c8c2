/* Status strings and version. */
#include "../internal.h"

const char *zks_strerror(zks_status status)
{
    /* A switch without default: -Wswitch -Werror flags a new code without text. */
    switch (status) {
    case ZKS_OK: return "success";
    case ZKS_ERR_INVALID_ARG: return "invalid argument (NULL pointer or bad length)";
    case ZKS_ERR_BUFFER_SIZE: return "output buffer too small";
    case ZKS_ERR_NOMEM: return "out of memory";
    case ZKS_ERR_INVALID_KEY: return "invalid key (zero, out of range, or seed shorter than 32 bytes)";
    case ZKS_ERR_SIGNATURE_INVALID: return "signature does not verify";
    case ZKS_ERR_SIGNATURE_MALFORMED: return "malformed signature (bad point or s >= r)";
    case ZKS_ERR_INVALID_POINT: return "not a valid curve point";
    case ZKS_ERR_MSG_TOO_LONG: return "message longer than 92 bytes";
    case ZKS_ERR_INVALID_LENGTH: return "input has the wrong length";
    case ZKS_ERR_INVALID_AMOUNT: return "invalid amount (not an unsigned integer, or out of range)";
    case ZKS_ERR_NOT_PACKABLE: return "amount or fee is not packable";
    case ZKS_ERR_INVALID_ADDRESS: return "invalid address";
    case ZKS_ERR_CHECKSUM: return "checksum mismatch";
    case ZKS_ERR_INVALID_TX: return "invalid transaction field";
    case ZKS_ERR_JSON: return "malformed or invalid JSON";
    case ZKS_ERR_UNSUPPORTED: return "unsupported type or operation";
    case ZKS_ERR_INVALID_MNEMONIC: return "invalid mnemonic";
    case ZKS_ERR_INVALID_PATH: return "invalid derivation path";
    case ZKS_ERR_NETWORK: return "network error";
    case ZKS_ERR_TIMEOUT: return "timed out";
    case ZKS_ERR_HTTP: return "HTTP error status";
    case ZKS_ERR_RPC: return "server returned a JSON-RPC error";
    case ZKS_ERR_PARSE: return "could not parse the input bytes or the server response";
    case ZKS_ERR_RESPONSE_TOO_LARGE: return "server response too large";
    case ZKS_ERR_NOT_FOUND: return "not found";
    case ZKS_ERR_TX_FAILED: return "transaction failed at execution";
    case ZKS_ERR_NONCE_MISMATCH: return "nonce mismatch (too low)";
    case ZKS_ERR_FEE_TOO_LOW: return "fee too low";
    case ZKS_ERR_FEE_TOKEN: return "token not allowed for paying fees";
    case ZKS_ERR_ETH_SIGNATURE: return "missing or incorrect Ethereum signature";
    case ZKS_ERR_NOT_AUTHORIZED: return "ChangePubKey not authorized on chain";
    case ZKS_ERR_L1_REVERT: return "Ethereum transaction or call reverted";
    case ZKS_ERR_INSUFFICIENT_FUNDS: return "insufficient funds";
    case ZKS_ERR_WRONG_CHAIN: return "wrong chain id";
    case ZKS_ERR_SIGNER: return "external signer failed";
    case ZKS_ERR_STATE: return "operation not possible in the current state";
    case ZKS_ERR_INTERNAL: return "internal error";
    case ZKS_ERR_RANDOM: return "random source failed";
    case ZKS_ERR_NETWORK_SHUT_DOWN: return "zkSync Lite is shut down: claim the balance on L1 or withdraw the pending balance";
    case ZKS_ERR_IO: return "file input/output error";
    case ZKS_ERR_FILE_FORMAT: return "malformed file";
    case ZKS_ERR_PROOF_INVALID: return "Merkle proof does not match the root";
    case ZKS_ERR_MISMATCH: return "a value from the server or L1 differs from the one computed locally";
    case ZKS_ERR_TOKEN_MIGRATED: return "token migrated to the claim distributor: claim it instead";
    case ZKS_ERR_ALREADY_CLAIMED: return "already claimed";
    case ZKS_ERR_ALREADY_EXECUTED: return "an earlier attempt of this transaction went through: do not pay again";
    case ZKS_ERR_OUTCOME_UNKNOWN: return "outcome unknown: the transaction may have been accepted; resolve it before signing another";
    case ZKS_ERR_FEE_TOO_HIGH: return "quoted fee above the maximum: nothing signed";
    case ZKS_ERR_BUSY: return "object in use by another thread";
    case ZKS_ERR_CANCELLED: return "cancelled by the caller";
    }
    return "unknown error";
}

const char *zks_version_string(void) { return ZKS_VERSION_STRING; }
uint32_t zks_version_num(void) { return ZKS_VERSION_NUM; }

size_t zks_privkey_bytes(void) { return ZKS_PRIVKEY_BYTES; }
size_t zks_pubkey_bytes(void) { return ZKS_PUBKEY_BYTES; }
size_t zks_pubkey_hash_bytes(void) { return ZKS_PUBKEY_HASH_BYTES; }
size_t zks_musig_bytes(void) { return ZKS_MUSIG_BYTES; }
size_t zks_signature_bytes(void) { return ZKS_SIGNATURE_BYTES; }
size_t zks_msg_max_bytes(void) { return ZKS_MSG_MAX_BYTES; }

int zki_outcome_unknown(zks_status st)
{
    /* ZKS_ERR_MISMATCH: a submit answered with a hash other than ours; the
     * server took something, so it is a doubt like a lost reply. */
    return st == ZKS_ERR_NETWORK || st == ZKS_ERR_TIMEOUT || st == ZKS_ERR_HTTP || st == ZKS_ERR_PARSE ||
           st == ZKS_ERR_RESPONSE_TOO_LARGE || st == ZKS_ERR_NOMEM || st == ZKS_ERR_OUTCOME_UNKNOWN ||
           st == ZKS_ERR_MISMATCH;
}

/* A per-thread address serves as the thread's identity: no pthread_self()
 * comparison rules, nothing to initialise. */
static _Thread_local char zki_thread_tag;

zks_status zki_guard_enter(zki_guard *g)
{
    uintptr_t me = (uintptr_t)&zki_thread_tag, expected = 0;
    if (__atomic_compare_exchange_n(&g->owner, &expected, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        g->depth = 1;
        return ZKS_OK;
    }
    if (expected == me) {
        g->depth++;
        return ZKS_OK;
    }
    return ZKS_ERR_BUSY;
}

void zki_guard_leave(zki_guard *g)
{
    if (__atomic_load_n(&g->owner, __ATOMIC_RELAXED) != (uintptr_t)&zki_thread_tag) return;
    if (--g->depth == 0) __atomic_store_n(&g->owner, 0, __ATOMIC_RELEASE);
}
