/* Internal API of the Ethereum side (lib/eth). Not installed.
 * Everything secret-bearing goes through libsecp256k1, which is constant time;
 * the helpers here add no branches on secret data. */
#ifndef ZKI_ETH_H
#define ZKI_ETH_H

#include <stddef.h>
#include <stdint.h>

#include <secp256k1.h>

#include "util/u256.h"
#include "zksync.h"

/* ---- secp256k1 context ---------------------------------------------------
 * libsecp256k1 >= 0.2 keeps its tables static, so a context is ~200 bytes.
 * Unblinded contexts live on the caller's stack for one call. Blinded
 * (signing) contexts are created once per thread, randomized with OS
 * randomness when it is available (advisory, does not change outputs), and
 * kept in thread-local storage: no shared state, no allocation, thread-safe. */
typedef struct {
    union {
        max_align_t align;
        unsigned char bytes[512];
    } mem;
    secp256k1_context *ctx;
    int heap; /* 1 if the library needed more than mem and allocated; 2 if borrowed (per-thread) */
} zki_secp_ctx;

/* Returns NULL only if libsecp256k1 cannot create a context. */
secp256k1_context *zki_secp_open(zki_secp_ctx *h, int blind);
void zki_secp_close(zki_secp_ctx *h);

/* Fills buf from the OS random source (getrandom). Returns 0 or -1. */
int zki_os_random(uint8_t *buf, size_t len);

/* Internal sizes of this folder (no public constant names them). */
#define ZKI_ECDSA_SCALAR_BYTES 32     /* r or s */
#define ZKI_ECDSA_RS_BYTES (2 * ZKI_ECDSA_SCALAR_BYTES) /* r || s of a secp256k1 signature, without v */
#define ZKI_SECP_PUBKEY65_BYTES 65    /* uncompressed secp256k1 public key: 0x04 || x || y */
#define ZKI_SECP_PUBKEY33_BYTES 33    /* compressed: 0x02/0x03 || x */
#define ZKI_HASH160_BYTES 20          /* RIPEMD160(SHA256(x)), the BIP-32 fingerprint source */
#define ZKI_BIP32_CHAIN_CODE_BYTES 32

/* ECDSA over a 32-byte digest: RFC 6979 nonce, low s. out64 = r || s,
 * *recid = 0 or 1 (never 2/3 for valid keys). Returns ZKS_OK or
 * ZKS_ERR_INVALID_KEY; out64 zeroed on failure. */
int zki_eth_sign_digest(const uint8_t key[ZKS_ETH_PRIVKEY_BYTES], const uint8_t digest[ZKS_ETH_HASH_BYTES],
                        uint8_t out64[ZKI_ECDSA_RS_BYTES], int *recid);
/* Recovers the 20-byte address; recid 0..3. Returns ZKS_OK or ZKS_ERR_SIGNATURE_MALFORMED. */
int zki_eth_recover_digest(const uint8_t digest[ZKS_ETH_HASH_BYTES], const uint8_t rs[ZKI_ECDSA_RS_BYTES], int recid,
                           uint8_t out_addr[ZKS_ETH_ADDRESS_BYTES]);
/* keccak256 of the 64-byte uncompressed public key (without 0x04), last 20 bytes. */
void zki_eth_address_from_pubkey64(const uint8_t pub64[ZKI_SECP_PUBKEY65_BYTES - 1],
                                   uint8_t out_addr[ZKS_ETH_ADDRESS_BYTES]);
/* EIP-191 digest of msg. */
void zki_eth_personal_digest(const uint8_t *msg, size_t len, uint8_t out[ZKS_ETH_HASH_BYTES]);

/* ---- BIP-39 ----------------------------------------------------------------
 * English list: 2048 words, each NUL-padded to 9 bytes (at most 8 letters),
 * so words can be compared in constant time as fixed 8-byte strings. */
extern const char zki_bip39_english[2048][9];

/* ---- BIP-32 ---------------------------------------------------------------- */
typedef struct {
    uint8_t key[ZKS_ETH_PRIVKEY_BYTES];
    uint8_t chain_code[ZKI_BIP32_CHAIN_CODE_BYTES];
    uint8_t depth;
    uint8_t parent_fingerprint[4];
    uint32_t child_number;
} zki_bip32_node;

/* Master node from a seed (16..64 bytes per BIP-32). Returns a zks_status. */
int zki_bip32_master(const uint8_t *seed, size_t seed_len, zki_bip32_node *out);
/* Private child derivation (index >= 2^31 means hardened), in place. Returns a zks_status. */
int zki_bip32_child(zki_bip32_node *node, uint32_t index);
/* Parses "m/44'/60'/0'/0/0" (' or h for hardened). Writes up to cap indices
 * and the count. Returns ZKS_OK or ZKS_ERR_INVALID_PATH. */
int zki_bip32_parse_path(const char *path, uint32_t *out, size_t cap, size_t *count);
/* Compressed (33-byte) public key and its BIP-32 fingerprint (hash160, first 4). */
int zki_bip32_pubkey(const uint8_t key[ZKS_ETH_PRIVKEY_BYTES], uint8_t out33[ZKI_SECP_PUBKEY33_BYTES]);
void zki_hash160(const uint8_t *data, size_t len, uint8_t out[ZKI_HASH160_BYTES]);

/* ---- RLP ------------------------------------------------------------------
 * Encoder into a growable buffer (zki_realloc). Errors are sticky: after a
 * failed allocation every call is a no-op and err stays set. */
typedef struct {
    uint8_t *p;
    size_t len, cap;
    int err; /* zks_status of the first failure */
} zki_buf;

void zki_buf_init(zki_buf *b);
void zki_buf_free(zki_buf *b); /* wipes */
void zki_buf_put(zki_buf *b, const uint8_t *data, size_t len);

void zki_rlp_put_bytes(zki_buf *b, const uint8_t *data, size_t len);
void zki_rlp_put_u256(zki_buf *b, const zki_u256 *v);  /* minimal big-endian, 0 -> empty string */
void zki_rlp_put_u64(zki_buf *b, uint64_t v);
/* Lists: remember the offset from list_begin and pass it to list_end, which
 * inserts the header in front of the payload. Lists nest. */
size_t zki_rlp_list_begin(zki_buf *b);
void zki_rlp_list_end(zki_buf *b, size_t start);

/* Strict decoder. An item is a string (is_list 0) or a list (is_list 1) whose
 * payload is [p, p+len). Rejects non-canonical forms: a single byte < 0x80
 * wrapped as a string, long forms for payloads < 56 bytes, length fields with
 * leading zeros, and anything running past the end. */
typedef struct {
    int is_list;
    const uint8_t *p;
    size_t len;
} zki_rlp_item;

/* Decodes one item at the start of [in, in+in_len); *used = bytes it spans.
 * Returns ZKS_OK or ZKS_ERR_PARSE on malformed input. */
int zki_rlp_decode(const uint8_t *in, size_t in_len, zki_rlp_item *out, size_t *used);
/* The whole buffer must be exactly one item. */
int zki_rlp_decode_exact(const uint8_t *in, size_t in_len, zki_rlp_item *out);
/* Splits a list payload into at most cap items; *count = number found.
 * Returns ZKS_ERR_PARSE when malformed or when there are more than cap items. */
int zki_rlp_list_items(const zki_rlp_item *list, zki_rlp_item *items, size_t cap, size_t *count);
/* Reads a canonical RLP integer (no leading zero bytes, at most 32 bytes). */
int zki_rlp_item_u256(const zki_rlp_item *it, zki_u256 *out);

/* ---- Solidity ABI --------------------------------------------------------
 * Head/tail encoding of static words and dynamic byte strings (bytes, string).
 * Build an array of args with the zki_abi_arg_* helpers, then encode. */
#define ZKI_ABI_WORD_BYTES 32 /* one ABI head/tail word */
#define ZKI_ABI_BYTES32_ARRAY 2
typedef struct {
    int dynamic;          /* 1: p/len is a bytes/string payload; 0: word is the 32-byte value;
                             ZKI_ABI_BYTES32_ARRAY: p holds len 32-byte elements of a bytes32[] */
    uint8_t word[ZKI_ABI_WORD_BYTES];
    const uint8_t *p;
    size_t len;
} zki_abi_arg;

void zki_abi_arg_u256(zki_abi_arg *a, const zki_u256 *v);
void zki_abi_arg_u64(zki_abi_arg *a, uint64_t v);
void zki_abi_arg_address(zki_abi_arg *a, const uint8_t addr[ZKS_ETH_ADDRESS_BYTES]);
void zki_abi_arg_bool(zki_abi_arg *a, int v);
void zki_abi_arg_fixed(zki_abi_arg *a, const uint8_t *p, size_t len); /* bytesN, left-aligned, len <= 32 */
void zki_abi_arg_bytes(zki_abi_arg *a, const uint8_t *p, size_t len);
/* bytes32[] (dynamic array): count elements of 32 bytes each at words (borrowed). */
void zki_abi_arg_bytes32_array(zki_abi_arg *a, const uint8_t *words, size_t count);
/* Appends selector (if not NULL, 4 bytes) and the encoded args to out. */
void zki_abi_encode(zki_buf *out, const uint8_t *selector, const zki_abi_arg *args, size_t n);
/* keccak256(signature)[0..4]. */
void zki_abi_selector(const char *signature, uint8_t out[4]);

/* Decoding return data / log data: word idx of [data, data+len). Each checks
 * bounds and the value's range; they return ZKS_OK or ZKS_ERR_PARSE. */
int zki_abi_get_word(const uint8_t *data, size_t len, size_t idx, uint8_t out[ZKI_ABI_WORD_BYTES]);
int zki_abi_get_uint(const uint8_t *data, size_t len, size_t idx, unsigned bits, zki_u256 *out);
int zki_abi_get_u64(const uint8_t *data, size_t len, size_t idx, unsigned bits, uint64_t *out);
int zki_abi_get_address(const uint8_t *data, size_t len, size_t idx, uint8_t out[ZKS_ETH_ADDRESS_BYTES]);
int zki_abi_get_bool(const uint8_t *data, size_t len, size_t idx, int *out);
/* A dynamic bytes/string whose offset is in word idx; *p points into data. */
int zki_abi_get_bytes(const uint8_t *data, size_t len, size_t idx, const uint8_t **p, size_t *n);

#endif
