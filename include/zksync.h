/*
 * zksync.h - libzksync, a C SDK for zkSync Lite (zkSync 1.x).
 *
 * This is the only public header. Conventions, for every function below:
 *
 *  - Every function that can fail returns a zks_status; ZKS_OK (0) is success.
 *    zks_strerror() turns any status into a static English string.
 *  - Argument order: object (provider, wallet) first, then inputs (a pointer
 *    is followed by its length), then outputs last.
 *  - Buffers are owned by the caller. Fixed-size outputs are written in full
 *    on success and zero-filled on failure; nothing is half-written.
 *    The few results the library allocates (JSON strings, lists) are released
 *    with zks_free(), which wipes before freeing.
 *  - Secrets (private keys, seeds, nonces) are wiped from the library's own
 *    memory before every function returns, on every path. Private-key
 *    arithmetic runs in constant time.
 *  - Threads: functions without an object argument are thread-safe and need
 *    no initialisation. An object (provider, wallet) must not be used from
 *    two threads at the same time; use one object per thread or a lock.
 *  - Amounts are unsigned decimal strings of base units ("1500000000000000000")
 *    up to 2^256-1, because C has no portable 128/256-bit integer.
 *
 * Byte orders follow zkSync Lite (see docs/crypto.md): private keys are
 * big-endian scalars, packed points and the s half of signatures are
 * little-endian, exactly as npm zksync-crypto 0.6.2 writes them.
 */
#ifndef ZKSYNC_H
#define ZKSYNC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && !defined(ZKS_STATIC)
#  ifdef ZKS_BUILD
#    define ZKS_API __declspec(dllexport)
#  else
#    define ZKS_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && defined(ZKS_BUILD)
#  define ZKS_API __attribute__((visibility("default")))
#else
#  define ZKS_API
#endif

#if defined(__GNUC__)
#  define ZKS_WARN_UNUSED __attribute__((warn_unused_result))
#else
#  define ZKS_WARN_UNUSED
#endif

/* ---------------------------------------------------------------------------
 * Version
 * ------------------------------------------------------------------------- */
#define ZKS_VERSION_MAJOR 0
#define ZKS_VERSION_MINOR 2
#define ZKS_VERSION_PATCH 0
#define ZKS_VERSION_NUM ((ZKS_VERSION_MAJOR << 16) | (ZKS_VERSION_MINOR << 8) | ZKS_VERSION_PATCH)
#define ZKS_VERSION_STRING "0.2.0"

/** Returns the library version as "MAJOR.MINOR.PATCH" (static string, never NULL).
 *  Compare with ZKS_VERSION_STRING to detect a header/library mismatch. Thread-safe. */
ZKS_API const char *zks_version_string(void);
/** Returns ZKS_VERSION_NUM of the library that is actually linked. Thread-safe. */
ZKS_API uint32_t zks_version_num(void);

/* ---------------------------------------------------------------------------
 * Status codes. The numbers are frozen: a code is never renumbered or reused;
 * new codes are appended. Bindings map them one to one.
 * ------------------------------------------------------------------------- */
typedef enum zks_status {
    ZKS_OK = 0,
    ZKS_ERR_INVALID_ARG = 1,          /* NULL pointer or a bad length where one is not allowed */
    ZKS_ERR_BUFFER_SIZE = 2,          /* an output buffer is too small */
    ZKS_ERR_NOMEM = 3,                /* allocation failed */
    ZKS_ERR_INVALID_KEY = 4,          /* private key 0 or >= r, seed shorter than 32 bytes, bad Ethereum key */
    ZKS_ERR_SIGNATURE_INVALID = 5,    /* a well-formed signature that does not verify */
    ZKS_ERR_SIGNATURE_MALFORMED = 6,  /* a signature that cannot be decoded (R not a point, s >= r) */
    ZKS_ERR_INVALID_POINT = 7,        /* bytes that are not a curve point, or a point outside the prime subgroup */
    ZKS_ERR_MSG_TOO_LONG = 8,         /* a zkSync message longer than 92 bytes */
    ZKS_ERR_INVALID_LENGTH = 9,       /* an input of the wrong fixed length (orders not 178 bytes, ...) */
    ZKS_ERR_INVALID_AMOUNT = 10,      /* not an unsigned decimal integer, or out of range */
    ZKS_ERR_NOT_PACKABLE = 11,        /* amount or fee has no exact packed form */
    ZKS_ERR_INVALID_ADDRESS = 12,     /* bad address: length, hex, prefix */
    ZKS_ERR_CHECKSUM = 13,            /* EIP-55 address checksum or BIP-39 checksum mismatch */
    ZKS_ERR_INVALID_TX = 14,          /* a transaction field out of range (ids, nonce, time range, NFT rules) */
    ZKS_ERR_JSON = 15,                /* malformed, oversized or wrongly typed JSON input */
    ZKS_ERR_UNSUPPORTED = 16,         /* unknown transaction type or operation */
    ZKS_ERR_INVALID_MNEMONIC = 17,    /* unknown word, bad word count */
    ZKS_ERR_INVALID_PATH = 18,        /* bad BIP-32 path */
    ZKS_ERR_NETWORK = 19,             /* transport failure: connect, reset, DNS */
    ZKS_ERR_TIMEOUT = 20,             /* a network call or a wait ran out of time */
    ZKS_ERR_HTTP = 21,                /* HTTP status other than 200 */
    ZKS_ERR_RPC = 22,                 /* the server answered with a JSON-RPC error (code and message are kept) */
    ZKS_ERR_PARSE = 23,               /* bytes (RLP, ABI, raw tx) or a server answer could not be parsed */
    ZKS_ERR_RESPONSE_TOO_LARGE = 24,  /* the server's answer exceeded the size cap */
    ZKS_ERR_NOT_FOUND = 25,           /* unknown account, token, transaction */
    ZKS_ERR_TX_FAILED = 26,           /* the transaction was executed and failed (see the fail reason) */
    ZKS_ERR_NONCE_MISMATCH = 27,      /* server code 101: nonce too low */
    ZKS_ERR_FEE_TOO_LOW = 28,         /* server code 104 */
    ZKS_ERR_FEE_TOKEN = 29,           /* server code 105: token not allowed for fees */
    ZKS_ERR_ETH_SIGNATURE = 30,       /* server codes 200-202: missing or wrong Ethereum signature */
    ZKS_ERR_NOT_AUTHORIZED = 31,      /* server code 203: ChangePubKey not authorised on chain */
    ZKS_ERR_L1_REVERT = 32,           /* an Ethereum call or transaction reverted */
    ZKS_ERR_INSUFFICIENT_FUNDS = 33,  /* not enough balance for the operation */
    ZKS_ERR_WRONG_CHAIN = 34,         /* the L1 chain id does not match */
    ZKS_ERR_SIGNER = 35,              /* an external signer callback failed */
    ZKS_ERR_STATE = 36,               /* not possible in the current state (account missing, key already set) */
    ZKS_ERR_INTERNAL = 37,            /* a bug in libzksync; please report it */
    ZKS_ERR_RANDOM = 38,              /* the operating system's random source failed */
    /* The zkSync Lite sunset (docs/exit.md). */
    ZKS_ERR_NETWORK_SHUT_DOWN = 39,   /* the network refuses it for good: server code 305 "L2 transactions are
                                         disabled." (REST 609), or the L1 revert "L" (exodus) / "LD" (deposits
                                         paused). Never retried: claim on L1 or withdraw the pending balance. */
    ZKS_ERR_IO = 40,                  /* a file could not be opened, read, written or renamed */
    ZKS_ERR_FILE_FORMAT = 41,         /* a snapshot or proof file is malformed (the message names file and line) */
    ZKS_ERR_PROOF_INVALID = 42,       /* a Merkle proof does not lead to the root */
    ZKS_ERR_MISMATCH = 43,            /* a value from the server or L1 differs from the one computed locally */
    ZKS_ERR_TOKEN_MIGRATED = 44,      /* the token's funds were moved to the claim distributor: claim it instead */
    ZKS_ERR_ALREADY_CLAIMED = 45,     /* the claim distributor has already paid this leaf */
    /* Never pay twice (docs/reliability.md). */
    ZKS_ERR_ALREADY_EXECUTED = 46,    /* an earlier attempt of this very payment went through: its hash is
                                         returned; do not pay again (distinct from ZKS_ERR_NONCE_MISMATCH) */
    ZKS_ERR_OUTCOME_UNKNOWN = 47,     /* a submission may or may not have been accepted (reply lost, timeout
                                         after sending): the expected hash and nonce are returned; resolve
                                         it, never sign a different tx for that nonce */
    ZKS_ERR_FEE_TOO_HIGH = 48,        /* the quoted fee is above the caller's maximum: nothing was signed */
    ZKS_ERR_BUSY = 49,                /* the object is in use by another thread (wallets and providers are
                                         not shared between threads) */
    ZKS_ERR_CANCELLED = 50            /* the caller's progress callback asked to stop; resumable work keeps
                                         its checkpoint */
} zks_status;

/** Returns a static, never-NULL English description of status. Unknown values
 *  give "unknown error". Thread-safe. */
ZKS_API const char *zks_strerror(zks_status status);

/* ---------------------------------------------------------------------------
 * Basic sizes, used by every section below.
 * Rule: NAME_BYTES is a binary length; NAME_CHARS is the longest text without
 * its NUL, and a text buffer is NAME_CHARS + 1 bytes. Sizes that have a
 * zks_name_bytes()/zks_name_chars() function return the same value at run time.
 * ------------------------------------------------------------------------- */
#define ZKS_ETH_PRIVKEY_BYTES 32     /* secp256k1 private key */
#define ZKS_ETH_ADDRESS_BYTES 20
#define ZKS_ETH_HASH_BYTES 32        /* keccak256, tx hash, bytes32 word */
#define ZKS_ETH_SIGNATURE_BYTES 65   /* r || s || v, v = 27 or 28 (as ethers 5 signMessage) */
#define ZKS_U256_BYTES 32            /* a uint256, big-endian */
#define ZKS_ETH_ADDRESS_CHARS 42     /* "0x" + 40 hex digits */
#define ZKS_HASH_HEX_CHARS 66        /* "0x" + 64 hex digits of a 32-byte value (Ethereum hash, content hash, root) */
#define ZKS_PUBKEY_HASH_CHARS 45     /* "sync:" + 40 lowercase hex digits */
#define ZKS_TX_HASH_CHARS 72         /* "sync-tx:" + 64 hex digits */
#define ZKS_AMOUNT_CHARS 78          /* longest decimal amount: the digits of 2^256-1 */
#define ZKS_TOKEN_CHARS 80           /* longest formatted token amount (zks_token_format) */
#define ZKS_SYMBOL_CHARS 63          /* longest token symbol kept (the provider refuses longer ones with
                                        ZKS_ERR_PARSE; the exit reader cuts tokens.csv symbols) */

/* ---------------------------------------------------------------------------
 * Sizes (macro and function, so FFI users can read them at run time)
 * ------------------------------------------------------------------------- */
#define ZKS_PRIVKEY_BYTES 32       /* zkSync private key: big-endian scalar < r */
#define ZKS_PUBKEY_BYTES 32        /* packed AltJubjub point */
#define ZKS_PUBKEY_HASH_BYTES 20   /* "sync:" address of a signing key */
#define ZKS_MUSIG_BYTES 96         /* packed pubkey || R || s, as zksync-crypto sign_musig */
#define ZKS_SIGNATURE_BYTES 64     /* R || s, the "signature" field of the server JSON */
#define ZKS_MSG_MAX_BYTES 92       /* longest message the zkSync signature covers */
#define ZKS_ORDERS_BYTES 178       /* two serialized orders */
#define ZKS_ORDERS_HASH_BYTES 31
#define ZKS_RESCUE_HASH_BYTES 32
#define ZKS_KECCAK256_BYTES 32
#define ZKS_SEED_MIN_BYTES 32

ZKS_API size_t zks_privkey_bytes(void);
ZKS_API size_t zks_pubkey_bytes(void);
ZKS_API size_t zks_pubkey_hash_bytes(void);
ZKS_API size_t zks_musig_bytes(void);
ZKS_API size_t zks_signature_bytes(void);
ZKS_API size_t zks_msg_max_bytes(void);

/* ---------------------------------------------------------------------------
 * Memory
 * ------------------------------------------------------------------------- */
/** Releases memory the library allocated (JSON strings and the like). The
 *  block is wiped before it is freed. NULL is a no-op. Thread-safe. */
ZKS_API void zks_free(void *p);

/** Overwrites len bytes at p with zeros in a way the compiler cannot remove.
 *  NULL or len 0 is a no-op. Thread-safe. */
ZKS_API void zks_memzero(void *p, size_t len);

/* ---------------------------------------------------------------------------
 * zkSync cryptography (docs/crypto.md). No allocation, no initialisation,
 * thread-safe. Secrets are handled in constant time and wiped.
 * ------------------------------------------------------------------------- */

/** Derives a zkSync private key from a seed (zksync-crypto privateKeyFromSeed):
 *  SHA-256 of the seed, then SHA-256 again until the value is below r.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL); ZKS_ERR_INVALID_KEY (seed_len < 32).
 *  In:  seed, seed_len: at least ZKS_SEED_MIN_BYTES bytes (an Ethereum signature is 65).
 *  Out: out_privkey: 32 bytes, big-endian; zeroed on failure.
 *  Wipes: every intermediate hash. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_privkey_from_seed(const uint8_t *seed, size_t seed_len,
                                                         uint8_t out_privkey[ZKS_PRIVKEY_BYTES]);

/** Computes the packed public key sk*G (zksync-crypto private_key_to_pubkey).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL); ZKS_ERR_INVALID_KEY (key 0 or >= r).
 *  Out: out_pubkey: 32 bytes; zeroed on failure. Constant time in privkey. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_pubkey_from_privkey(const uint8_t privkey[ZKS_PRIVKEY_BYTES],
                                                           uint8_t out_pubkey[ZKS_PUBKEY_BYTES]);

/** Computes the 20-byte public-key hash of a packed public key (zksync-crypto
 *  pubKeyHash); its text form is "sync:" + 40 lowercase hex digits.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL); ZKS_ERR_INVALID_POINT (not a point).
 *  Out: out_hash: 20 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_pubkey_hash(const uint8_t pubkey[ZKS_PUBKEY_BYTES],
                                                   uint8_t out_hash[ZKS_PUBKEY_HASH_BYTES]);

/** The 20-byte public-key hash of the key sk*G (zksync-crypto
 *  private_key_to_pubkey_hash), without packing the point first.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL); ZKS_ERR_INVALID_KEY (key 0 or >= r).
 *  In:  privkey: 32 bytes, big-endian.
 *  Out: out_hash: 20 bytes; zeroed on failure.
 *  Constant time in privkey; wipes the scalar. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_pubkey_hash_from_privkey(const uint8_t privkey[ZKS_PRIVKEY_BYTES],
                                                                uint8_t out_hash[ZKS_PUBKEY_HASH_BYTES]);

/** Writes the text form of a public-key hash, "sync:" + 40 lowercase hex
 *  digits (as zksync.js privateKeyToPubKeyHash), NUL-terminated.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL).
 *  In:  hash: 20 bytes.
 *  Out: out: ZKS_PUBKEY_HASH_CHARS + 1 bytes; set to "" on failure. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_pubkey_hash_to_text(const uint8_t hash[ZKS_PUBKEY_HASH_BYTES],
                                                           char out[ZKS_PUBKEY_HASH_CHARS + 1]);

/** Parses "sync:" + exactly 40 hex digits (either case) into 20 bytes. The
 *  prefix must be "sync:" in lowercase; nothing may follow the digits.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL); ZKS_ERR_INVALID_ADDRESS (prefix,
 *           length or a non-hex digit).
 *  Out: out_hash: 20 bytes; zeroed on failure. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_pubkey_hash_from_text(const char *text,
                                                             uint8_t out_hash[ZKS_PUBKEY_HASH_BYTES]);

/** Signs msg with the zkSync key (zksync-crypto sign_musig): Schnorr-MuSig
 *  (n = 1) over AltJubjub with a Rescue challenge and the reference's
 *  deterministic nonce. Same key and message always give the same bytes.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL msg with msg_len > 0, NULL key/out);
 *           ZKS_ERR_INVALID_KEY (0 or >= r); ZKS_ERR_MSG_TOO_LONG (msg_len > 92).
 *  Out: out_sig: packed pubkey || R || s (96 bytes); zeroed on failure.
 *  Wipes: the scalar, the nonce and the HMAC state. Constant time in privkey. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_musig_sign(const uint8_t privkey[ZKS_PRIVKEY_BYTES],
                                                  const uint8_t *msg, size_t msg_len,
                                                  uint8_t out_sig[ZKS_MUSIG_BYTES]);

/** Verifies a 96-byte sign_musig signature over msg (zksync-crypto verify_musig).
 *  Returns: ZKS_OK when valid; ZKS_ERR_SIGNATURE_INVALID when well-formed but wrong
 *           (includes points outside the prime subgroup, and the identity as public
 *           key, which the reference would accept with R = s*G);
 *           ZKS_ERR_SIGNATURE_MALFORMED when the public key or R is not a curve point or s >= r;
 *           ZKS_ERR_MSG_TOO_LONG; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_musig_verify(const uint8_t *msg, size_t msg_len,
                                                    const uint8_t sig[ZKS_MUSIG_BYTES]);

/** Rescue hash of a transaction message (zksync-crypto rescueHash), as used
 *  for signing. The length is not encoded: trailing zero bytes do not change it.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_MSG_TOO_LONG (msg_len > 92).
 *  Out: out: 32 bytes (little-endian field element); zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_rescue_hash(const uint8_t *msg, size_t msg_len,
                                                   uint8_t out[ZKS_RESCUE_HASH_BYTES]);

/** Rescue hash of two serialized orders, for Swap (zksync-crypto rescueHashOrders).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_INVALID_LENGTH (orders_len != 178).
 *  Out: out: 31 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_rescue_hash_orders(const uint8_t *orders, size_t orders_len,
                                                          uint8_t out[ZKS_ORDERS_HASH_BYTES]);

/** Keccak-256 (the Ethereum hash, not SHA3-256) of data.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL data with len > 0, NULL out).
 *  Out: out: 32 bytes; zeroed on failure. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_keccak256(const uint8_t *data, size_t len,
                                                 uint8_t out[ZKS_KECCAK256_BYTES]);

/* @@SECTION tx: amounts, transactions, zkSync signing (lib/tx) @@ */
/*
 * Amounts. Every amount is an unsigned decimal string of base units: digits
 * only, no sign, no spaces, no "0x", at least one and at most 78 digits
 * (leading zeros allowed within that), value <= 2^256-1 (otherwise
 * ZKS_ERR_INVALID_AMOUNT). Results are
 * written NUL-terminated into caller buffers of (ZKS_AMOUNT_CHARS + 1) bytes
 * (any u256 fits); a shorter buffer gives ZKS_ERR_BUFFER_SIZE. All of these
 * are pure functions on public data: thread-safe, no allocation, nothing to wipe.
 *
 * Packing (zksync.js 0.13.1 utils, docs/transactions.md): value = mantissa *
 * 10^exponent; amount = 35-bit mantissa + 5-bit exponent in 5 bytes, fee =
 * 11-bit mantissa + 5-bit exponent in 2 bytes, written big-endian as
 * (mantissa << 5) | exponent, with the smallest possible exponent (the
 * server's canonical form). Largest packable amount 34359738367 * 10^31,
 * largest fee 2047 * 10^31; transactions additionally refuse amounts above
 * ZKS_AMOUNT_SERVER_MAX (the server's u128 limit).
 * ------------------------------------------------------------------------- */
#define ZKS_AMOUNT_PACKED_BYTES 5
#define ZKS_FEE_PACKED_BYTES 2
#define ZKS_TOKEN_DECIMALS_MAX 77
/* Largest amount that is packable and <= u128::MAX (34028236692 * 10^28). */
#define ZKS_AMOUNT_SERVER_MAX "340282366920000000000000000000000000000"

/** Run-time values of ZKS_AMOUNT_CHARS and ZKS_TOKEN_CHARS (for FFI users). Thread-safe. */
ZKS_API size_t zks_amount_chars(void);
ZKS_API size_t zks_token_chars(void);

/** Packs an amount into its exact 5-byte form (zksync.js packAmountChecked).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL); ZKS_ERR_INVALID_AMOUNT (not a
 *           decimal u256); ZKS_ERR_NOT_PACKABLE (no exact packed form, which
 *           includes values above 34359738367 * 10^31).
 *  In:  amount: decimal string.   Out: out: 5 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_amount_pack(const char *amount, uint8_t out[ZKS_AMOUNT_PACKED_BYTES]);

/** Packs a fee into its exact 2-byte form (zksync.js packFeeChecked). Same
 *  statuses as zks_amount_pack. Out: out: 2 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_fee_pack(const char *fee, uint8_t out[ZKS_FEE_PACKED_BYTES]);

/** Decodes any 5-byte packed amount (canonical or not) into a decimal string.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_BUFFER_SIZE ((ZKS_AMOUNT_CHARS + 1)
 *  always suffice). out is "" on failure (when out_cap > 0). Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_amount_unpack(const uint8_t packed[ZKS_AMOUNT_PACKED_BYTES],
                                                     char *out, size_t out_cap);

/** Decodes a 2-byte packed fee. As zks_amount_unpack. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_fee_unpack(const uint8_t packed[ZKS_FEE_PACKED_BYTES],
                                                  char *out, size_t out_cap);

/** Tells whether an amount has an exact packed form (isTransactionAmountPackable).
 *  Returns: ZKS_OK (packable); ZKS_ERR_NOT_PACKABLE (not, including too big);
 *           ZKS_ERR_INVALID_AMOUNT (not a decimal u256); ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_amount_is_packable(const char *amount);
/** The same for a fee (isTransactionFeePackable). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_fee_is_packable(const char *fee);

/** Largest packable amount <= amount, exactly as zksync.js
 *  closestPackableTransactionAmount (it never rounds up).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_AMOUNT (not decimal, or above the largest
 *           packable amount, where zksync.js throws "Integer is too big");
 *           ZKS_ERR_BUFFER_SIZE; ZKS_ERR_INVALID_ARG. out is "" on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_amount_closest_packable(const char *amount, char *out, size_t out_cap);
/** Smallest packable amount >= amount (closestGreaterOrEqPackableTransactionAmount). As above. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_amount_closest_packable_up(const char *amount, char *out, size_t out_cap);
/** Largest packable fee <= fee (closestPackableTransactionFee). As above. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_fee_closest_packable(const char *fee, char *out, size_t out_cap);
/** Smallest packable fee >= fee (closestGreaterOrEqPackableTransactionFee). As above. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_fee_closest_packable_up(const char *fee, char *out, size_t out_cap);

/** Formats base units as a token amount (zksync.js TokenSet.formatToken:
 *  ethers formatUnits, then ".0" appended when there is no '.'): "1.5",
 *  "1.0", "0.0000000000000001"; no separators, no exponent.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_AMOUNT; ZKS_ERR_INVALID_ARG (NULL, decimals
 *           > ZKS_TOKEN_DECIMALS_MAX); ZKS_ERR_BUFFER_SIZE ((ZKS_TOKEN_CHARS + 1)
 *           always suffice). out is "" on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_token_format(const char *amount, uint32_t decimals,
                                                    char *out, size_t out_cap);

/** Parses a token amount into base units, as ethers parseUnits: "1.5", ".5",
 *  "1.", "007" are accepted; trailing fraction zeros beyond decimals are
 *  ignored; more significant fraction digits than decimals, a sign, spaces,
 *  exponents, "" and "." are refused. Result <= 2^256-1.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_AMOUNT; ZKS_ERR_INVALID_ARG; ZKS_ERR_BUFFER_SIZE.
 *  Out: out: decimal base units ((ZKS_AMOUNT_CHARS + 1)); "" on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_token_parse(const char *text, uint32_t decimals,
                                                   char *out, size_t out_cap);

/* ---------------------------------------------------------------------------
 * Transactions (docs/transactions.md). Each type is a plain struct whose
 * first member struct_size must be set by its ZKS_<TYPE>_INIT macro (fields
 * may be appended in later versions). Addresses are 20 raw bytes; amounts
 * and fees are decimal strings (const char *, borrowed for the call; NULL
 * means "0"). Timestamps are u64 seconds as on the server; zksync.js writes
 * only 32 bits (it truncates values >= 2^32), so stay below 2^32 for JS
 * compatibility. The INIT macros set valid_until = ZKS_VALID_UNTIL_DEFAULT
 * (4294967295, the zksync.js default).
 *
 * Checks made before anything is encoded or signed (all types):
 *   account ids < 2^24, token ids <= ZKS_TOKEN_ID_MAX, fee token <= 1023
 *   when the fee is nonzero, valid_from <= valid_until, packed amounts <=
 *   ZKS_AMOUNT_SERVER_MAX and packable, fees packable, Withdraw amount <=
 *   u128::MAX, order ratios < 2^120, NFT Transfer/Withdraw (token >= 65536)
 *   amount exactly 1, WithdrawNFT token >= 65536, Transfer "to" not the zero
 *   address (the server refuses it), ChangePubKey auth_type known.
 * Every function below is thread-safe and keeps no state; only zks_tx_sign
 * and zks_tx_sign_json see a secret (handed to zks_musig_sign, which wipes).
 * Statuses: ZKS_ERR_INVALID_TX (ids, nonce, time range, NFT rules),
 *   ZKS_ERR_INVALID_AMOUNT (not decimal, too large), ZKS_ERR_NOT_PACKABLE,
 *   ZKS_ERR_INVALID_ARG (NULL, struct_size mismatch, type/struct mismatch),
 *   ZKS_ERR_UNSUPPORTED (unknown type).
 * ------------------------------------------------------------------------- */
typedef enum zks_tx_type {
    ZKS_TX_WITHDRAW = 3,
    ZKS_TX_TRANSFER = 5,       /* also the NFT transfer (token >= 65536, amount 1) */
    ZKS_TX_CHANGE_PUBKEY = 7,
    ZKS_TX_FORCED_EXIT = 8,
    ZKS_TX_MINT_NFT = 9,
    ZKS_TX_WITHDRAW_NFT = 10,
    ZKS_TX_SWAP = 11,
    ZKS_TX_ORDER = 111         /* a limit/market order of a Swap, not a transaction itself */
} zks_tx_type;

#define ZKS_VALID_UNTIL_DEFAULT 4294967295u
#define ZKS_ACCOUNT_ID_MAX 16777215u     /* 2^24-1, zksync.js limit */
#define ZKS_TOKEN_ID_MAX 2147483645u     /* 2^31-3, the server's max_token_id */
#define ZKS_FEE_TOKEN_MAX 1023u          /* tokens that can pay fees */
#define ZKS_NFT_TOKEN_MIN 65536u
#define ZKS_TX_BYTES_MAX 89              /* longest signed-bytes form (Order) */
#define ZKS_SWAP_HASH_INPUT_BYTES 224    /* the server's Swap::get_bytes */
#define ZKS_TX_HASH_BYTES 32
#define ZKS_CPK_ECDSA_MESSAGE_BYTES 60

/** Run-time values of ZKS_TX_BYTES_MAX, ZKS_TX_HASH_CHARS and
 *  ZKS_CPK_ECDSA_MESSAGE_BYTES (for FFI users). Thread-safe. */
ZKS_API size_t zks_tx_bytes_max(void);
ZKS_API size_t zks_tx_hash_chars(void);
ZKS_API size_t zks_cpk_ecdsa_message_bytes(void);

/** Transfer (and NFT transfer). from = the sender's L1 address. */
typedef struct zks_transfer {
    uint32_t struct_size;
    uint32_t account_id;
    uint8_t from[ZKS_ETH_ADDRESS_BYTES];
    uint8_t to[ZKS_ETH_ADDRESS_BYTES];
    uint32_t token;
    const char *amount;
    const char *fee;            /* paid in token */
    uint32_t nonce;
    uint64_t valid_from;
    uint64_t valid_until;
} zks_transfer;
#define ZKS_TRANSFER_INIT {.struct_size = sizeof(zks_transfer), .valid_until = ZKS_VALID_UNTIL_DEFAULT}

/** Withdraw to L1. The amount is carried in full (16 bytes), so any value up
 *  to u128::MAX works. Fast processing is not part of the transaction: it is
 *  the third tx_submit parameter (the server rejects a "fast" field). */
typedef struct zks_withdraw {
    uint32_t struct_size;
    uint32_t account_id;
    uint8_t from[ZKS_ETH_ADDRESS_BYTES];
    uint8_t to[ZKS_ETH_ADDRESS_BYTES];             /* L1 recipient (zksync.js "ethAddress") */
    uint32_t token;
    const char *amount;
    const char *fee;
    uint32_t nonce;
    uint64_t valid_from;
    uint64_t valid_until;
} zks_withdraw;
#define ZKS_WITHDRAW_INIT {.struct_size = sizeof(zks_withdraw), .valid_until = ZKS_VALID_UNTIL_DEFAULT}

typedef enum zks_cpk_auth {
    ZKS_CPK_ONCHAIN = 0,        /* key authorised on L1 first (setAuthPubkeyHash) */
    ZKS_CPK_ECDSA = 1,          /* eth_signature over zks_change_pubkey_ecdsa_message */
    ZKS_CPK_CREATE2 = 2         /* CREATE2 account: creator_address, salt_arg, code_hash */
} zks_cpk_auth;

/** ChangePubKey: sets the account's signing key; must be signed by the NEW key.
 *  The ethAuthData fields are not signed by the zkSync key. */
typedef struct zks_change_pubkey {
    uint32_t struct_size;
    uint32_t account_id;
    uint8_t account[ZKS_ETH_ADDRESS_BYTES];
    uint8_t new_pk_hash[ZKS_PUBKEY_HASH_BYTES];
    uint32_t fee_token;
    const char *fee;
    uint32_t nonce;
    uint64_t valid_from;
    uint64_t valid_until;
    uint32_t auth_type;         /* zks_cpk_auth */
    uint8_t eth_signature[ZKS_ETH_SIGNATURE_BYTES];  /* ECDSA: r || s || v */
    uint8_t batch_hash[ZKS_ETH_HASH_BYTES];     /* ECDSA: keep zero (the server refuses others) */
    uint8_t creator_address[ZKS_ETH_ADDRESS_BYTES];/* CREATE2 */
    uint8_t salt_arg[ZKS_ETH_HASH_BYTES];       /* CREATE2 */
    uint8_t code_hash[ZKS_ETH_HASH_BYTES];      /* CREATE2 */
} zks_change_pubkey;
#define ZKS_CHANGE_PUBKEY_INIT {.struct_size = sizeof(zks_change_pubkey), .valid_until = ZKS_VALID_UNTIL_DEFAULT}

/** ForcedExit: withdraws the whole balance of target in token to L1; the fee is paid in token. */
typedef struct zks_forced_exit {
    uint32_t struct_size;
    uint32_t initiator_account_id;
    uint8_t target[ZKS_ETH_ADDRESS_BYTES];
    uint32_t token;
    const char *fee;
    uint32_t nonce;
    uint64_t valid_from;
    uint64_t valid_until;
} zks_forced_exit;
#define ZKS_FORCED_EXIT_INIT {.struct_size = sizeof(zks_forced_exit), .valid_until = ZKS_VALID_UNTIL_DEFAULT}

/** MintNFT (no time range). */
typedef struct zks_mint_nft {
    uint32_t struct_size;
    uint32_t creator_id;
    uint8_t creator_address[ZKS_ETH_ADDRESS_BYTES];
    uint8_t content_hash[ZKS_ETH_HASH_BYTES];
    uint8_t recipient[ZKS_ETH_ADDRESS_BYTES];
    uint32_t fee_token;
    const char *fee;
    uint32_t nonce;
} zks_mint_nft;
#define ZKS_MINT_NFT_INIT {.struct_size = sizeof(zks_mint_nft)}

/** WithdrawNFT: token is the NFT id (>= 65536). */
typedef struct zks_withdraw_nft {
    uint32_t struct_size;
    uint32_t account_id;
    uint8_t from[ZKS_ETH_ADDRESS_BYTES];
    uint8_t to[ZKS_ETH_ADDRESS_BYTES];
    uint32_t token;
    uint32_t fee_token;
    const char *fee;
    uint32_t nonce;
    uint64_t valid_from;
    uint64_t valid_until;
} zks_withdraw_nft;
#define ZKS_WITHDRAW_NFT_INIT {.struct_size = sizeof(zks_withdraw_nft), .valid_until = ZKS_VALID_UNTIL_DEFAULT}

/** Order of a Swap: sell token_sell for token_buy at ratio_sell:ratio_buy
 *  (base units, each < 2^120). amount "0" (or NULL) makes a limit order.
 *  nonce is the order account's nonce. signature: the owner's 96-byte
 *  zks_tx_sign output, or NULL; only used when a Swap is written as JSON. */
typedef struct zks_order {
    uint32_t struct_size;
    uint32_t account_id;
    uint8_t recipient[ZKS_ETH_ADDRESS_BYTES];
    uint32_t nonce;
    uint32_t token_sell;
    uint32_t token_buy;
    const char *ratio_sell;
    const char *ratio_buy;
    const char *amount;
    uint64_t valid_from;
    uint64_t valid_until;
    const uint8_t *signature;   /* ZKS_MUSIG_BYTES or NULL */
} zks_order;
#define ZKS_ORDER_INIT {.struct_size = sizeof(zks_order), .valid_until = ZKS_VALID_UNTIL_DEFAULT}

/** Swap of two orders, submitted (and fee-paid) by submitter. amount_a is
 *  how much of order_a.token_sell is swapped, amount_b of order_b.token_sell. */
typedef struct zks_swap {
    uint32_t struct_size;
    uint32_t submitter_id;
    uint8_t submitter_address[ZKS_ETH_ADDRESS_BYTES];
    uint32_t nonce;
    zks_order order_a;
    zks_order order_b;
    const char *amount_a;
    const char *amount_b;
    uint32_t fee_token;
    const char *fee;
} zks_swap;
#define ZKS_SWAP_INIT {.struct_size = sizeof(zks_swap), .order_a = ZKS_ORDER_INIT, .order_b = ZKS_ORDER_INIT}

/* The functions below take a type tag and a pointer to the matching struct
 * (zks_transfer for ZKS_TX_TRANSFER, ...); the struct's struct_size must equal
 * the size of that struct. None of them allocates except the *_json ones. */

/** Checks every field of tx (the rules above) without encoding it.
 *  Returns: ZKS_OK or the status of the first problem. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_check(zks_tx_type type, const void *tx);

/** The bytes the zkSync key signs (zksync.js utils.serializeTx): 77 Transfer,
 *  88 Withdraw, 72 ChangePubKey, 52 ForcedExit, 88 MintNFT, 76 WithdrawNFT,
 *  77 Swap (with the 31-byte rescue hash of both orders), 89 Order.
 *  Returns: ZKS_OK; the check statuses; ZKS_ERR_BUFFER_SIZE (ZKS_TX_BYTES_MAX always suffice).
 *  Out: out (out_cap bytes), *out_len. out zeroed and *out_len = 0 on failure. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_bytes(zks_tx_type type, const void *tx,
                                                uint8_t *out, size_t out_cap, size_t *out_len);

/** Signs tx with the zkSync key (zks_musig_sign over zks_tx_bytes).
 *  For ChangePubKey the key must be the new key (its pubkey hash = new_pk_hash;
 *  otherwise ZKS_ERR_INVALID_KEY, as the server would refuse it).
 *  Returns: ZKS_OK; check statuses; ZKS_ERR_INVALID_KEY.
 *  Out: out_sig: pubKey(32) || R(32) || s(32), zeroed on failure.
 *  Wipes: everything derived from the key. Constant time in the key. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_sign(zks_tx_type type, const void *tx,
                                               const uint8_t zk_privkey[ZKS_PRIVKEY_BYTES],
                                               uint8_t out_sig[ZKS_MUSIG_BYTES]);

/** The transaction hash as the server computes it: SHA-256 of the signed
 *  bytes, except Swap, where the server hashes its 224-byte form with both
 *  full orders (zksync.js getTxHash hashes the 77 signed bytes instead and so
 *  gives a different, unused value for Swap). Orders have no hash
 *  (ZKS_ERR_UNSUPPORTED).
 *  Out: out_hash (32 bytes) and, if out_str is not NULL, "sync-tx:<64 hex>".
 *  Both zeroed/empty on failure. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_hash(zks_tx_type type, const void *tx,
                                               uint8_t out_hash[ZKS_TX_HASH_BYTES],
                                               char out_str[ZKS_TX_HASH_CHARS + 1]);

/** Writes the server JSON of tx (the first tx_submit parameter, or an order
 *  inside a Swap) with the zkSync signature sig (96 bytes from zks_tx_sign;
 *  NULL writes "signature": null). Only the fields the server reads are
 *  written, addresses in EIP-55 form, amounts as decimal strings, numbers as
 *  integers. Orders get no "type". Swap orders carry their own signature field.
 *  Returns: ZKS_OK; check statuses; ZKS_ERR_NOMEM.
 *  Out: *out_json: NUL-terminated text, release with zks_free(); NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_to_json(zks_tx_type type, const void *tx,
                                                  const uint8_t sig[ZKS_MUSIG_BYTES], char **out_json);

/** The text the Ethereum key signs for tx (zksync.js EthMessageSigner), e.g.
 *  "Transfer 1.5 ETH to: 0x19..19\nFee: 0.0001 ETH\nNonce: 7". symbol/decimals
 *  describe the token the amounts are in: token (Transfer, Withdraw,
 *  ForcedExit), fee_token (MintNFT, WithdrawNFT, Swap, ChangePubKey) or
 *  token_sell (Order; buy_symbol names token_buy and is only used there).
 *  NFT ids (>= 65536) are formatted with 0 decimals whatever decimals says.
 *  ChangePubKey gives its batch form ("Set signing key: ..." + Nonce); a
 *  single ChangePubKey needs no text signature.
 *  Returns: ZKS_OK; check statuses; ZKS_ERR_INVALID_ARG (NULL symbol, decimals
 *  > 77, symbol longer than 64 bytes or with a control character);
 *  ZKS_ERR_BUFFER_SIZE (512 bytes always suffice).
 *  Out: out (NUL-terminated, out_cap bytes), *out_len without the NUL; "" on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_eth_message(zks_tx_type type, const void *tx,
                                                      const char *symbol, uint32_t decimals,
                                                      const char *buy_symbol,
                                                      char *out, size_t out_cap, size_t *out_len);

/** The part of that text a batch uses: the same without the "Nonce:" line
 *  (may be empty, e.g. a Transfer with zero amount and fee). Orders have no
 *  part (ZKS_ERR_UNSUPPORTED). Arguments and statuses as zks_tx_eth_message. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_eth_message_part(zks_tx_type type, const void *tx,
                                                           const char *symbol, uint32_t decimals,
                                                           char *out, size_t out_cap, size_t *out_len);

/** Joins batch parts (from zks_tx_eth_message_part, in batch order) into the
 *  one text a single-author batch signs: non-empty parts joined with "\n",
 *  then "Nonce: <nonce of the first tx>" (zksync.js Wallet batch rule).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL parts with n > 0, NULL part);
 *  ZKS_ERR_BUFFER_SIZE. Out: as zks_tx_eth_message. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_batch_eth_message(const char *const *parts, size_t n, uint32_t first_nonce,
                                                         char *out, size_t out_cap, size_t *out_len);

/** The 60 bytes an ECDSA ChangePubKey authorisation signs with personal_sign:
 *  new_pk_hash(20) || nonce(4 BE) || account_id(4 BE) || batch_hash(32).
 *  Returns: ZKS_OK; check statuses. Out: out zeroed on failure. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_change_pubkey_ecdsa_message(const zks_change_pubkey *tx,
                                                                   uint8_t out[ZKS_CPK_ECDSA_MESSAGE_BYTES]);

/** Address of a CREATE2 account for a signing key: keccak256(0xff || creator ||
 *  keccak256(salt_arg || pk_hash) || code_hash)[12..32].
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG. Out: out_address zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_create2_address(const uint8_t creator_address[ZKS_ETH_ADDRESS_BYTES],
                                                       const uint8_t salt_arg[ZKS_ETH_HASH_BYTES],
                                                       const uint8_t code_hash[ZKS_ETH_HASH_BYTES],
                                                       const uint8_t pk_hash[ZKS_PUBKEY_HASH_BYTES],
                                                       uint8_t out_address[ZKS_ETH_ADDRESS_BYTES]);

/** Signs a transaction given as JSON, in the form tx_submit takes it but
 *  without "signature" (or an "Order"), e.g.
 *  {"type":"Transfer","accountId":7,"from":"0x..","to":"0x..","token":0,
 *   "amount":"1000","fee":"10","nonce":3,"validFrom":0,"validUntil":4294967295}.
 *  Field names and types are those of docs/transactions.md: ids and nonce are
 *  JSON integers; amounts, fees, ratio and amounts[] decimal strings;
 *  validFrom/validUntil integers (or decimal strings for values above 2^53),
 *  default 0 / 4294967295 when absent; addresses "0x" + 40 hex (mixed case
 *  must be a valid EIP-55 checksum); newPkHash "sync:" + 40 hex; contentHash,
 *  saltArg, codeHash "0x" + 64 hex; Withdraw takes "to" (or "ethAddress").
 *  Unknown extra fields are ignored, except that a Withdraw "fast" field is
 *  refused with ZKS_ERR_INVALID_TX (fast processing is a tx_submit parameter).
 *  Negative or too large integers give ZKS_ERR_INVALID_TX, fractional ones ZKS_ERR_JSON.
 *  Input is limited to 64 KiB.
 *  Returns: ZKS_OK; ZKS_ERR_JSON (malformed, oversized, missing or wrongly
 *  typed field); ZKS_ERR_UNSUPPORTED (unknown "type"); ZKS_ERR_INVALID_ADDRESS,
 *  ZKS_ERR_CHECKSUM; the check statuses; ZKS_ERR_INVALID_KEY; ZKS_ERR_NOMEM.
 *  Out: *out_json = {"tx":{...,"signature":{"pubKey":"..","signature":".."}},
 *       "txHash":"sync-tx:..","signBytes":"0x.."} (no txHash for an Order),
 *       release with zks_free(); NULL on failure.
 *  Wipes: everything derived from the key. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_sign_json(const char *tx_json, const uint8_t zk_privkey[ZKS_PRIVKEY_BYTES],
                                                    char **out_json);

/** The Ethereum message text of a tx given as JSON (the same input as
 *  zks_tx_sign_json; a "signature" field is ignored), for bindings. symbol,
 *  decimals and buy_symbol as zks_tx_eth_message.
 *  Returns: as zks_tx_sign_json and zks_tx_eth_message.
 *  Out: *out_text: NUL-terminated, release with zks_free(); NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_tx_eth_message_json(const char *tx_json, const char *symbol,
                                                           uint32_t decimals, const char *buy_symbol,
                                                           char **out_text);

/* @@SECTION eth: Ethereum keys, signatures, L1 transactions (lib/eth) @@ */

/** Ethereum address of a secp256k1 private key (keccak256 of the public key, last 20 bytes).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_INVALID_KEY (0 or >= n).
 *  Out: out_address: 20 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_address_from_privkey(const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES],
                                                                uint8_t out_address[ZKS_ETH_ADDRESS_BYTES]);

/** EIP-191 personal_sign (ethers 5 Signer.signMessage): secp256k1 ECDSA over
 *  keccak256("\x19Ethereum Signed Message:\n" + decimal(msg_len) + msg), RFC 6979
 *  nonce, low s, v = 27/28. Byte-identical to ethers 5.7.2.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_INVALID_KEY.
 *  Out: out_sig: 65 bytes r || s || v; zeroed on failure. Wipes the key copies. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_personal_sign(const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES],
                                                         const uint8_t *msg, size_t msg_len,
                                                         uint8_t out_sig[ZKS_ETH_SIGNATURE_BYTES]);

/** Recovers the address that made a personal_sign signature over msg.
 *  v may be 27/28 or 0/1. Returns: ZKS_OK; ZKS_ERR_SIGNATURE_MALFORMED (bad r, s or v);
 *  ZKS_ERR_INVALID_ARG. Out: out_address: 20 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_personal_recover(const uint8_t *msg, size_t msg_len,
                                                            const uint8_t sig[ZKS_ETH_SIGNATURE_BYTES],
                                                            uint8_t out_address[ZKS_ETH_ADDRESS_BYTES]);

/** Writes the EIP-55 checksummed text form "0x..." of address (42 chars + NUL) into out.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG. Out: out: 43 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_address_to_checksum(const uint8_t address[ZKS_ETH_ADDRESS_BYTES],
                                                               char out[ZKS_ETH_ADDRESS_CHARS + 1]);

/** Parses "0x" + 40 hex digits. All-lowercase and all-uppercase digits are
 *  accepted as is; mixed case must be a correct EIP-55 checksum.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ADDRESS (prefix, length, digit); ZKS_ERR_CHECKSUM;
 *  ZKS_ERR_INVALID_ARG. Out: out_address: 20 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_address_parse(const char *text,
                                                         uint8_t out_address[ZKS_ETH_ADDRESS_BYTES]);

/** The zkSync key of an Ethereum account (zksync.js Signer.fromETHSignature):
 *  personal_sign of "Access zkSync account.\n\nOnly sign this message for a
 *  trusted client!" (+ "\nChain ID: <id>." when chain_id != 1), then
 *  privateKeyFromSeed over the 65 signature bytes.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, chain_id 0); ZKS_ERR_INVALID_KEY.
 *  Out: out_privkey: 32 bytes; zeroed on failure. Wipes the signature. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_privkey_from_eth_privkey(const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES],
                                                                uint64_t chain_id,
                                                                uint8_t out_privkey[ZKS_PRIVKEY_BYTES]);

/** The same from a 65-byte signature of that message made elsewhere (a hardware
 *  wallet): the Ethereum key is not needed. v must be 27 or 28 (0/1 is
 *  normalised to 27/28 first, as the reference hashes v as given by ethers).
 *  The signature is the key's seed and is treated as a secret (v is checked with masks).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_SIGNATURE_MALFORMED (v not 0/1/27/28).
 *  Out: out_privkey: 32 bytes; zeroed on failure. Wipes its copy of the signature. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_privkey_from_eth_signature(const uint8_t sig[ZKS_ETH_SIGNATURE_BYTES],
                                                                  uint8_t out_privkey[ZKS_PRIVKEY_BYTES]);

/** Writes the key-derivation message for chain_id (see above), NUL-terminated,
 *  into out (out_cap bytes). *out_len receives its length without the NUL.
 *  Returns: ZKS_OK; ZKS_ERR_BUFFER_SIZE (120 bytes always suffice); ZKS_ERR_INVALID_ARG
 *  (NULL, chain_id 0). On failure out (all out_cap bytes) is zeroed and *out_len is 0. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_login_message(uint64_t chain_id, char *out, size_t out_cap,
                                                         size_t *out_len);

/* BIP-39 mnemonics (English list) and BIP-32 keys, as ethers 5 (Wallet.fromMnemonic).
 * Accepted mnemonic form: 12, 15, 18, 21 or 24 lowercase ASCII words separated by
 * single spaces, no leading/trailing space (NFKD normalisation is not done, so
 * anything else is refused). Words are looked up without secret-dependent branches. */
#define ZKS_BIP39_SEED_BYTES 64
#define ZKS_BIP39_MNEMONIC_MAX_CHARS 215  /* 24 words of at most 8 letters + 23 spaces, without the NUL */
#define ZKS_ETH_DEFAULT_PATH "m/44'/60'/0'/0/0"

/** Checks a mnemonic: form, words and checksum.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_MNEMONIC (form, word count, unknown word);
 *           ZKS_ERR_CHECKSUM (checksum bits wrong); ZKS_ERR_INVALID_ARG (NULL). Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_bip39_validate(const char *mnemonic);

/** Mnemonic -> entropy (16, 20, 24, 28 or 32 bytes for 12..24 words), checksum verified.
 *  Returns: as zks_bip39_validate; ZKS_ERR_BUFFER_SIZE (out_cap too small; 32 always suffices).
 *  Out: out_entropy (out_cap bytes, zeroed on failure), *out_len = entropy length (0 on failure).
 *  Wipes: its copies of the words and bits. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_bip39_mnemonic_to_entropy(const char *mnemonic, uint8_t *out_entropy,
                                                                 size_t out_cap, size_t *out_len);

/** Entropy (16, 20, 24, 28 or 32 bytes) -> mnemonic text, NUL-terminated.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_LENGTH (entropy_len); ZKS_ERR_BUFFER_SIZE (out_cap <
 *           length + 1; ZKS_BIP39_MNEMONIC_MAX_CHARS + 1 always suffices); ZKS_ERR_INVALID_ARG.
 *  Out: out (zeroed on failure), *out_len = length without the NUL. Wipes its copies. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_bip39_entropy_to_mnemonic(const uint8_t *entropy, size_t entropy_len,
                                                                 char *out, size_t out_cap, size_t *out_len);

/** A new mnemonic of word_count (12, 15, 18, 21, 24) words from the OS random source (getrandom).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (word_count, NULL); ZKS_ERR_RANDOM; ZKS_ERR_BUFFER_SIZE.
 *  Out: as zks_bip39_entropy_to_mnemonic. Wipes the entropy. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_bip39_generate(size_t word_count, char *out, size_t out_cap,
                                                      size_t *out_len);

/** BIP-39 seed: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048 rounds), 64 bytes.
 *  The mnemonic is validated first (a phrase with a bad checksum is refused).
 *  passphrase may be NULL (= ""); it must be ASCII (non-ASCII would need NFKD).
 *  Returns: as zks_bip39_validate; ZKS_ERR_INVALID_ARG (non-ASCII passphrase); ZKS_ERR_NOMEM.
 *  Out: out_seed, zeroed on failure. Wipes: salt and HMAC state. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_bip39_mnemonic_to_seed(const char *mnemonic, const char *passphrase,
                                                              uint8_t out_seed[ZKS_BIP39_SEED_BYTES]);

/** BIP-32 private key at path from a seed of 16..64 bytes (usually a BIP-39 seed).
 *  path: "m" followed by "/<index>" components, index decimal without leading zeros,
 *  below 2^31, "'" or "h" for hardened; at most 255 levels. NULL = ZKS_ETH_DEFAULT_PATH.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_PATH; ZKS_ERR_INVALID_LENGTH (seed_len);
 *           ZKS_ERR_INVALID_KEY (a derived key is 0 or >= n, probability ~2^-127);
 *           ZKS_ERR_INVALID_ARG. Out: out_key, zeroed on failure.
 *  Wipes: chain codes and intermediate keys. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_privkey_from_seed(const uint8_t *seed, size_t seed_len, const char *path,
                                                             uint8_t out_key[ZKS_ETH_PRIVKEY_BYTES]);

/** Ethereum private key from a mnemonic: zks_bip39_mnemonic_to_seed then
 *  zks_eth_privkey_from_seed (ethers Wallet.fromMnemonic(mnemonic, path) when
 *  passphrase is NULL or ""). path NULL = ZKS_ETH_DEFAULT_PATH.
 *  Returns: the statuses of those two functions. Out: out_key, zeroed on failure.
 *  Wipes: the seed and every intermediate key. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_privkey_from_mnemonic(const char *mnemonic, const char *passphrase,
                                                                 const char *path,
                                                                 uint8_t out_key[ZKS_ETH_PRIVKEY_BYTES]);

/* Ethereum (L1) transactions: EIP-155 legacy and EIP-1559 (type 2, empty
 * access list), byte-identical to ethers 5.7.2 Wallet.signTransaction.
 * Amounts are unsigned decimal strings of wei (NULL means "0"), so the fields
 * can be filled straight from eth_gasPrice / eth_feeHistory / eth_getTransactionCount. */
typedef enum zks_eth_tx_type {
    ZKS_ETH_TX_LEGACY = 0, /* EIP-155: rlp([nonce, gasPrice, gas, to, value, data, v, r, s]) */
    ZKS_ETH_TX_EIP1559 = 2 /* 0x02 || rlp([chainId, nonce, tip, maxFee, gas, to, value, data, [], yParity, r, s]) */
} zks_eth_tx_type;

typedef struct zks_eth_tx {
    uint32_t struct_size;                 /* sizeof(zks_eth_tx); set by ZKS_ETH_TX_INIT */
    uint32_t type;                        /* zks_eth_tx_type: ZKS_ETH_TX_LEGACY or ZKS_ETH_TX_EIP1559 */
    uint64_t chain_id;                    /* must not be 0 */
    uint64_t nonce;
    uint64_t gas_limit;
    const char *gas_price;                /* legacy only: wei per gas */
    const char *max_priority_fee_per_gas; /* type 2 only */
    const char *max_fee_per_gas;          /* type 2 only */
    uint32_t has_to;                      /* 0: contract creation (to is ignored) */
    uint8_t to[ZKS_ETH_ADDRESS_BYTES];
    const char *value;                    /* wei sent */
    const uint8_t *data;                  /* calldata; NULL allowed when data_len is 0 */
    size_t data_len;
} zks_eth_tx;

#define ZKS_ETH_TX_INIT \
    { sizeof(zks_eth_tx), ZKS_ETH_TX_EIP1559, 1, 0, 0, NULL, NULL, NULL, 0, {0}, NULL, NULL, 0 }

/** Keccak-256 digest that an Ethereum key signs for tx (the unsigned
 *  serialisation: EIP-155 with [chainId, 0, 0] for legacy, 0x02-prefixed for type 2).
 *  Use it with an external signer, then zks_eth_tx_encode_signed.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, struct_size); ZKS_ERR_INVALID_AMOUNT
 *           (a wei field is not a decimal <= 2^256-1); ZKS_ERR_INVALID_TX (chain_id 0);
 *           ZKS_ERR_UNSUPPORTED (type); ZKS_ERR_NOMEM.
 *  Out: out_hash (zeroed on failure). Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_tx_signing_hash(const zks_eth_tx *tx,
                                                           uint8_t out_hash[ZKS_ETH_HASH_BYTES]);

/** Signs tx with an Ethereum key (RFC 6979, low s) and writes the raw signed
 *  transaction (what eth_sendRawTransaction takes) and its hash.
 *  Returns: as zks_eth_tx_signing_hash; ZKS_ERR_INVALID_KEY;
 *           ZKS_ERR_BUFFER_SIZE (out_cap too small: *out_len then holds the size needed).
 *  Out: out_raw (out_cap bytes; zeroed on failure), *out_len,
 *       out_hash (may be NULL): keccak256 of the raw bytes, the transaction hash.
 *  Wipes: key copies and the nonce (inside libsecp256k1). Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_tx_sign(const zks_eth_tx *tx,
                                                   const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES],
                                                   uint8_t *out_raw, size_t out_cap, size_t *out_len,
                                                   uint8_t out_hash[ZKS_ETH_HASH_BYTES]);

/** Builds the raw signed transaction from a signature made elsewhere over
 *  zks_eth_tx_signing_hash(tx): sig = r || s || v with v = 0/1 or 27/28
 *  (the recovery id; EIP-155 v values are computed here). s must be low (EIP-2).
 *  Returns: as zks_eth_tx_sign; ZKS_ERR_SIGNATURE_MALFORMED (v, r or s out of range).
 *  Out: as zks_eth_tx_sign. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_tx_encode_signed(const zks_eth_tx *tx,
                                                            const uint8_t sig[ZKS_ETH_SIGNATURE_BYTES],
                                                            uint8_t *out_raw, size_t out_cap, size_t *out_len,
                                                            uint8_t out_hash[ZKS_ETH_HASH_BYTES]);

/* A decoded signed transaction. Amount fields are decimal strings; data
 * points into the raw buffer given to zks_eth_tx_decode (valid while it is). */
typedef struct zks_eth_tx_info {
    uint32_t struct_size; /* sizeof(zks_eth_tx_info); set by the caller */
    uint32_t type;
    uint64_t chain_id;
    uint64_t nonce;
    uint64_t gas_limit;
    char gas_price[ZKS_AMOUNT_CHARS + 1];                /* legacy; "" for type 2 */
    char max_priority_fee_per_gas[ZKS_AMOUNT_CHARS + 1]; /* type 2; "" for legacy */
    char max_fee_per_gas[ZKS_AMOUNT_CHARS + 1];          /* type 2; "" for legacy */
    uint32_t has_to;
    uint8_t to[ZKS_ETH_ADDRESS_BYTES];
    char value[ZKS_AMOUNT_CHARS + 1];
    const uint8_t *data;
    size_t data_len;
    uint8_t from[ZKS_ETH_ADDRESS_BYTES];  /* recovered signer */
    uint8_t hash[ZKS_ETH_HASH_BYTES];     /* keccak256 of the raw bytes */
} zks_eth_tx_info;

/** Decodes and checks a raw signed legacy (EIP-155 only) or type-2 transaction
 *  and recovers its sender. Strict: canonical RLP only, no trailing bytes,
 *  integers without leading zeros, empty access list, low s.
 *  Returns: ZKS_OK; ZKS_ERR_PARSE (malformed RLP or field shapes);
 *           ZKS_ERR_UNSUPPORTED (other types, pre-EIP-155 v, non-empty access list);
 *           ZKS_ERR_INVALID_TX (nonce, gas or chain id above 2^64-1);
 *           ZKS_ERR_SIGNATURE_MALFORMED (v, r, s); ZKS_ERR_INVALID_ARG (NULL, struct_size).
 *  Out: out (zeroed except struct_size on failure). Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_tx_decode(const uint8_t *raw, size_t raw_len, zks_eth_tx_info *out);

/* Solidity ABI (as ethers 5.7.2 Interface.encodeFunctionData). */

/** Encodes a contract call: the 4-byte selector keccak256(signature)[0..4] and the
 *  ABI-encoded arguments. signature is canonical, without spaces or names, e.g.
 *  "depositERC20(address,uint104,address)". Types: address, bool, uint8..uint256
 *  (multiples of 8), bytes1..bytes32, bytes, string (no arrays or tuples yet).
 *  args[i] is text: address "0x" + 40 hex (EIP-55 checked when mixed case);
 *  bool "true"/"false"; uintN unsigned decimal below 2^N; bytesN and bytes
 *  "0x" + hex (bytesN exactly N bytes); string its UTF-8 bytes as given.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, bad signature or type, arg count,
 *           bad hex or bool); ZKS_ERR_INVALID_ADDRESS / ZKS_ERR_CHECKSUM;
 *           ZKS_ERR_INVALID_AMOUNT (uint out of range); ZKS_ERR_INVALID_LENGTH (bytesN);
 *           ZKS_ERR_BUFFER_SIZE (*out_len then holds the size needed); ZKS_ERR_NOMEM.
 *  Out: out (out_cap bytes, zeroed on failure), *out_len. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_abi_encode_call(const char *signature, const char *const *args,
                                                           size_t n_args, uint8_t *out, size_t out_cap,
                                                           size_t *out_len);

/* topic0 of the zkSync main contract event
 * NewPriorityRequest(address sender, uint64 serialId, uint8 opType, bytes pubData, uint256 expirationBlock). */
#define ZKS_NEW_PRIORITY_REQUEST_TOPIC "0xd0943372c08b438a88d4b39d77216901079eda9ca59d45349841c099083b6830"

typedef struct zks_eth_priority_request {
    uint32_t struct_size;                  /* sizeof(zks_eth_priority_request); set by the caller */
    uint8_t sender[ZKS_ETH_ADDRESS_BYTES];
    uint64_t serial_id;
    uint32_t op_type;                      /* 1 Deposit, 6 FullExit, ... (docs/ethereum.md) */
    const uint8_t *pubdata;                /* points into the log data */
    size_t pubdata_len;
    uint64_t expiration_block;
} zks_eth_priority_request;

/** Decodes the data field of a NewPriorityRequest log (match topic0 with
 *  ZKS_NEW_PRIORITY_REQUEST_TOPIC first). Strict: every word in range, offsets
 *  and lengths inside data; expirationBlock must fit in 64 bits.
 *  Returns: ZKS_OK; ZKS_ERR_PARSE; ZKS_ERR_INVALID_ARG (NULL, struct_size).
 *  Out: out (zeroed except struct_size on failure). Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_decode_new_priority_request(const uint8_t *data, size_t len,
                                                                       zks_eth_priority_request *out);

/* @@SECTION provider: zkSync and Ethereum JSON-RPC clients (lib/provider) @@ */
/*
 * Two client objects share one HTTP layer (libcurl, docs/provider.md):
 *   zks_provider  the zkSync Lite v0.1 JSON-RPC API (account_info, tx_submit, ...)
 *   zks_eth_rpc   an Ethereum JSON-RPC node (chain id, balances, send raw tx, receipts)
 *
 * Threads: each object owns one CURL easy handle (kept alive between calls).
 * Use an object from one thread at a time: one provider per thread, or a lock.
 * Distinct objects may be used from distinct threads at once. The first
 * object created initialises libcurl once (pthread_once).
 *
 * Text results are NUL-terminated and written into caller buffers whose size
 * is given by the ZKS_RPC_* macros below (+1 for the NUL). Amounts stay
 * decimal strings. Variable results (account state, token list, receipts) are
 * library-allocated objects read through accessors and released with their
 * *_free function. Booleans are int32_t 0/1.
 *
 * Errors: a call that fails returns a typed status; zks_provider_last_error()
 * then gives the server's JSON-RPC error code (0 when there was none) and
 * zks_provider_errmsg() its message (or the transport/HTTP detail). Server
 * codes map to statuses: 101 ZKS_ERR_NONCE_MISMATCH, 104 ZKS_ERR_FEE_TOO_LOW,
 * 105 ZKS_ERR_FEE_TOKEN, 200-202 ZKS_ERR_ETH_SIGNATURE, 203 ZKS_ERR_NOT_AUTHORIZED,
 * 305 ZKS_ERR_NETWORK_SHUT_DOWN ("L2 transactions are disabled.", from any
 * method; never retried), any other code ZKS_ERR_RPC. Transport: ZKS_ERR_NETWORK,
 * ZKS_ERR_TIMEOUT, ZKS_ERR_HTTP (status other than 200), ZKS_ERR_RESPONSE_TOO_LARGE,
 * ZKS_ERR_PARSE (also: an answer whose "jsonrpc" is not "2.0", whose "id" is not
 * the request's, or with a duplicate JSON key). Server texts are cleaned:
 * control characters become spaces and invalid UTF-8 bytes '?'.
 */
#define ZKS_RPC_SHORT_CHARS 63         /* fee type, token kind, account type, version */
#define ZKS_RPC_PRICE_CHARS 127        /* a token price: the server sends 100 fractional digits */
#define ZKS_RPC_REASON_CHARS 255       /* fail reasons are cut to this many bytes (on a UTF-8 boundary) */

/* Defaults, changeable per object. */
#define ZKS_RPC_DEFAULT_CONNECT_TIMEOUT_MS 10000u
#define ZKS_RPC_DEFAULT_TIMEOUT_MS 30000u
#define ZKS_RPC_DEFAULT_MAX_RESPONSE (8u * 1024u * 1024u)
#define ZKS_RPC_DEFAULT_RETRIES 3u
#define ZKS_RPC_DEFAULT_BACKOFF_MS 200u

/* Waiting levels for receipts. */
typedef enum zks_wait_level {
    ZKS_WAIT_COMMITTED = 1,
    ZKS_WAIT_VERIFIED = 2
} zks_wait_level;

/* Account state selector for the zks_account_* accessors. */
typedef enum zks_account_state {
    ZKS_ACCOUNT_COMMITTED = 0,
    ZKS_ACCOUNT_VERIFIED = 1
} zks_account_state;

typedef struct zks_provider zks_provider;
typedef struct zks_account zks_account;
typedef struct zks_token_list zks_token_list;
typedef struct zks_eth_rpc zks_eth_rpc;
typedef struct zks_eth_receipt zks_eth_receipt;

/** tx_info / ethop_info result. For ethop_info success is 1 when executed
 *  and fail_reason is empty. */
typedef struct zks_tx_info {
    int32_t executed;        /* 1 once the tx is in a block */
    int32_t success;         /* 1 ok, 0 failed, -1 unknown (null: not executed yet) */
    int32_t has_block;       /* 0: block is null, the fields below are 0 */
    int32_t committed;       /* block committed */
    int32_t verified;        /* block verified (proven and executed on L1) */
    uint32_t reserved;       /* 0 */
    uint64_t block_number;
    char fail_reason[ZKS_RPC_REASON_CHARS + 1]; /* "" when null */
} zks_tx_info;

/** get_tx_fee result. fee_type is the plain name ("Transfer", "TransferToNew",
 *  ...) or, for object forms, compact JSON ({"ChangePubKey":"ECDSA"}). */
typedef struct zks_fee {
    char fee_type[ZKS_RPC_SHORT_CHARS + 1];
    char gas_tx_amount[ZKS_AMOUNT_CHARS + 1];
    char gas_price_wei[ZKS_AMOUNT_CHARS + 1];
    char gas_fee[ZKS_AMOUNT_CHARS + 1];
    char zkp_fee[ZKS_AMOUNT_CHARS + 1];
    char total_fee[ZKS_AMOUNT_CHARS + 1];
} zks_fee;

/** contract_address result (lowercase or as the server sent it). */
typedef struct zks_contract_address {
    char main_contract[ZKS_ETH_ADDRESS_CHARS + 1];
    char gov_contract[ZKS_ETH_ADDRESS_CHARS + 1];
} zks_contract_address;

/** One token of the `tokens` map. */
typedef struct zks_token {
    uint32_t id;
    uint32_t decimals;
    int32_t is_nft;
    uint32_t reserved;       /* 0 */
    char address[ZKS_ETH_ADDRESS_CHARS + 1];
    char symbol[ZKS_SYMBOL_CHARS + 1];
    char kind[ZKS_RPC_SHORT_CHARS + 1]; /* "ERC20", "NFT", or "" when absent */
} zks_token;

/** An NFT (account state maps and get_nft). The factory fields are only
 *  filled by get_nft; "" when absent or null. */
typedef struct zks_nft {
    uint32_t id;
    uint32_t creator_id;
    uint32_t serial_id;
    uint32_t reserved;       /* 0 */
    char content_hash[ZKS_HASH_HEX_CHARS + 1];
    char creator_address[ZKS_ETH_ADDRESS_CHARS + 1];
    char address[ZKS_ETH_ADDRESS_CHARS + 1];
    char symbol[ZKS_SYMBOL_CHARS + 1];
    char current_factory[ZKS_ETH_ADDRESS_CHARS + 1];
    char withdrawn_factory[ZKS_ETH_ADDRESS_CHARS + 1];
} zks_nft;

/** The fixed part of account_info. */
typedef struct zks_account_info {
    int32_t has_id;          /* 0: the account does not exist yet (id null) */
    uint32_t id;
    uint32_t committed_nonce;
    uint32_t verified_nonce;
    char address[ZKS_ETH_ADDRESS_CHARS + 1];
    char committed_pub_key_hash[ZKS_PUBKEY_HASH_CHARS + 1];
    char verified_pub_key_hash[ZKS_PUBKEY_HASH_CHARS + 1];
    /* "" (null), "Owned", "CREATE2", or compact JSON such as {"No2FA":null} */
    char account_type[ZKS_RPC_SHORT_CHARS + 1];
} zks_account_info;

/* ---- provider object and options ---- */

/** Creates a zkSync JSON-RPC client for url (http:// or https://, e.g.
 *  "https://api.zksync.io/jsrpc"). No network traffic happens here.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, empty or non-http(s) url);
 *           ZKS_ERR_NOMEM; ZKS_ERR_NETWORK (libcurl could not initialise).
 *  Out: out: the new object, NULL on failure. Free it with zks_provider_free.
 *  Thread-safe (the object itself is then single-threaded). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_new(const char *url, zks_provider **out);

/** Frees a provider, its connection and its token cache. NULL is a no-op. */
ZKS_API void zks_provider_free(zks_provider *p);

/** Sets the connect timeout and the total timeout, in milliseconds (0 keeps
 *  the current value). total_ms is the deadline of one public call: its HTTP
 *  exchanges, retries, back-off and Retry-After waits all fit in it (each
 *  exchange gets the time left), so a call returns within total_ms plus the
 *  slack ZKS_RPC_DEADLINE_SLACK_MS. The wait functions use their own timeout_ms
 *  as the deadline and cap each poll at total_ms. Returns: ZKS_OK; ZKS_ERR_INVALID_ARG;
 *  ZKS_ERR_BUSY (another thread is inside a call on p; the same for every
 *  setter and call below: an object is used by one thread at a time). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_set_timeouts(zks_provider *p, uint32_t connect_ms,
                                                             uint32_t total_ms);

/** How late past its deadline a provider or Ethereum-client call may return
 *  (clock granularity, libcurl's timer, the last parse), in milliseconds. */
#define ZKS_RPC_DEADLINE_SLACK_MS 250u

/** enable 1: proxies come from the environment (http_proxy, https_proxy,
 *  all_proxy, no_proxy, as libcurl reads them). Default 0: no proxy at all,
 *  whatever the environment says, so a stray http_proxy cannot redirect (and
 *  read) the traffic of an http:// endpoint. Returns: ZKS_OK;
 *  ZKS_ERR_INVALID_ARG (enable not 0 or 1); ZKS_ERR_BUSY. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_set_env_proxy(zks_provider *p, int32_t enable);

/** Sets the largest accepted response body in bytes (at least 1024). Bigger
 *  answers fail with ZKS_ERR_RESPONSE_TOO_LARGE. Returns: ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_set_max_response(zks_provider *p, size_t max_bytes);

/** Sets the HTTP User-Agent (printable ASCII, at most 255 chars; "" sends none).
 *  Default "libzksync/<version>". Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_NOMEM. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_set_user_agent(zks_provider *p, const char *user_agent);

/** Sets how often a failed read is retried after a transport error (network,
 *  timeout, HTTP 5xx/429) and the first back-off delay in ms (doubled per try,
 *  capped at 5 s; a longer Retry-After of a 429/503, seconds or HTTP-date,
 *  wins). A retry is made only when its wait ends before the call's deadline
 *  (see zks_provider_set_timeouts). 0 retries disables retrying. Submits follow the safe rule of
 *  zks_provider_tx_submit. Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (retries > 20,
 *  backoff_ms > 60000). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_set_retries(zks_provider *p, uint32_t retries,
                                                            uint32_t backoff_ms);

/** The status of the last call on p, and in *out_code (may be NULL) the
 *  JSON-RPC error code the server sent (0 if none). After a wallet operation
 *  that used p it describes the provider call whose failure the wallet
 *  returned. Not thread-safe w.r.t. p. */
ZKS_API zks_status zks_provider_last_error(const zks_provider *p, int64_t *out_code);

/** The message of the last error on p: the server's JSON-RPC message, or a
 *  transport/HTTP/parse description; "" after a success. Valid until the next
 *  call on p. Never NULL (NULL p gives ""). */
ZKS_API const char *zks_provider_errmsg(const zks_provider *p);

/** The "data" member of the last JSON-RPC error on p as text ("" when the
 *  server sent none, and after a success): a string value as is, any other
 *  value as compact JSON; cleaned and cut like the message (at most 1023
 *  bytes). The zkSync server sends it with code 300, e.g. "mempool is not
 *  responding". Valid until the next call on p. Never NULL. */
ZKS_API const char *zks_provider_errdata(const zks_provider *p);

/** Raw JSON-RPC call: sends {"id":N,"jsonrpc":"2.0","method":method,"params":params_json}
 *  (params_json NULL means null) and returns the "result" member as compact JSON.
 *  Reads are retried per zks_provider_set_retries only if idempotent is nonzero.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_JSON (params_json is not JSON);
 *           transport and RPC statuses (see above).
 *  Out: out_result_json: library string, release with zks_free; NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_call_json(zks_provider *p, const char *method,
                                                          const char *params_json, int32_t idempotent,
                                                          char **out_result_json);

/* ---- the 17 v0.1 methods (all reads are retried, see set_retries) ---- */

/** account_info([address]). Returns: ZKS_OK; ZKS_ERR_INVALID_ADDRESS;
 *  transport/RPC statuses; ZKS_ERR_PARSE (unexpected shape).
 *  Out: out: account state object (zks_account_* accessors, zks_account_free); NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_account_info(zks_provider *p, const char *address,
                                                             zks_account **out);

/** ethop_info([serial_id]): status of a priority operation.
 *  Out: out: filled; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_ethop_info(zks_provider *p, uint64_t serial_id,
                                                           zks_tx_info *out);

/** tx_info([tx_hash]); tx_hash is "sync-tx:<64 hex>" or "0x<64 hex>". An unknown
 *  hash gives executed 0 (the server cannot tell unknown from queued).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (bad hash); transport/RPC/PARSE. Out: zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_tx_info(zks_provider *p, const char *tx_hash,
                                                        zks_tx_info *out);

/** tx_submit([tx, eth_signature, fast]). Safe to retry: never submits twice.
 *  In:  tx_json: the signed tx object, or the whole zks_tx_sign_json result
 *                (an object with a "tx" member and no "type" is unwrapped, and
 *                its "txHash", else sha256 of its "signBytes" (not for Swap),
 *                stands in for a NULL expected_hash).
 *       eth_signature_json: NULL (null), a TxEthSignature object, the 3-array
 *                variant for Swap, or a bare "0x..." 65-byte hex that becomes
 *                {"type":"EthereumSignature","signature":...}.
 *       fast: 1 sends fastProcessing true, 0 sends null.
 *       expected_hash: the tx hash computed before sending ("sync-tx:..."), or NULL.
 *  Retry rule: a failure that surely did not reach the server (connect error)
 *  is resent; after an uncertain failure (timeout, dropped reply, 5xx) the
 *  provider asks tx_info(expected_hash) and resends only if the server does not
 *  know the tx; a 101 reply to such a resend counts as success once tx_info
 *  shows the hash. Without expected_hash uncertain failures are returned as is.
 *  Returns: ZKS_OK; ZKS_ERR_JSON (bad input JSON); RPC statuses (101 ->
 *  ZKS_ERR_NONCE_MISMATCH, 305 -> ZKS_ERR_NETWORK_SHUT_DOWN after exactly one
 *  request: an RPC error is never resent, ...); transport statuses; ZKS_ERR_PARSE;
 *  ZKS_ERR_MISMATCH (the server answered a hash other than the expected one:
 *  outcome unknown, resolve expected_hash before signing again; both hashes
 *  are in the message). Everything, checks and resends included, happens
 *  within the call's deadline (zks_provider_set_timeouts).
 *  Out: out_hash: the server's hash; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_tx_submit(zks_provider *p, const char *tx_json,
                                                          const char *eth_signature_json, int32_t fast,
                                                          const char *expected_hash,
                                                          char out_hash[ZKS_TX_HASH_CHARS + 1]);

/** submit_txs_batch([[{tx, signature}...], eth_signatures]).
 *  In:  txs_json: a JSON array whose items are {"tx":..,"signature":..}, bare tx objects
 *                 (signature null) or zks_tx_sign_json results (signature null; when
 *                 every item carries a hash they stand in for NULL expected_hashes).
 *       eth_signatures_json: NULL (null), one TxEthSignature object, an array of them,
 *                 or a bare "0x..." hex (wrapped as for tx_submit).
 *       expected_hashes: NULL, or an array of count hashes (same order) for the safe retry.
 *  Out: out_hashes: out_cap entries of ZKS_TX_HASH_CHARS+1 bytes each (flat);
 *       *out_count: the number of hashes written. Zeroed on failure.
 *  Returns: as zks_provider_tx_submit; ZKS_ERR_BUFFER_SIZE (out_cap too small). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_submit_txs_batch(zks_provider *p, const char *txs_json,
                                                                 const char *eth_signatures_json,
                                                                 const char *const *expected_hashes,
                                                                 size_t expected_count, char *out_hashes,
                                                                 size_t out_cap, size_t *out_count);

/** contract_address(null). Out: out filled; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_contract_address(zks_provider *p, zks_contract_address *out);

/** tokens(null): fetches the token map and refreshes the provider's token cache.
 *  Out: out: token list sorted by id (zks_token_list_*, zks_token_list_free); NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_tokens(zks_provider *p, zks_token_list **out);

/** get_tx_fee([tx_type, address, token]).
 *  In:  tx_type: "Transfer", "Withdraw", "FastWithdraw", "ForcedExit", "MintNFT",
 *                "WithdrawNFT", "FastWithdrawNFT", "Swap", "ChangePubKey:<Onchain|ECDSA|CREATE2|EIP712>"
 *                (sent as {"ChangePubKey":"ECDSA"}), or raw JSON starting with '{'
 *                (e.g. the legacy {"ChangePubKey":{"onchainPubkeyAuth":false}}).
 *       token: token id digits (sent as a number), "0x..." address, or symbol.
 *  Out: out filled; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_tx_fee(zks_provider *p, const char *tx_type,
                                                           const char *address, const char *token,
                                                           zks_fee *out);

/** get_txs_batch_fee_in_wei([[tx_types], [addresses], token]); count entries each.
 *  Out: out_total_fee: decimal string; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_txs_batch_fee_in_wei(zks_provider *p,
                                                                         const char *const *tx_types,
                                                                         const char *const *addresses,
                                                                         size_t count, const char *token,
                                                                         char out_total_fee[ZKS_AMOUNT_CHARS + 1]);

/** get_token_price([token]): USD price as decimal text. The server sends a
 *  string with exactly 100 fractional digits ("1826.7482710000...0"); the
 *  trailing zeros of the fraction are dropped ("1826.748271", "1.0002", "3"),
 *  which keeps the value exact. A JSON number is written in the shortest form
 *  that round-trips. Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; transport/RPC
 *  statuses; ZKS_ERR_PARSE (not a non-negative decimal, or longer than
 *  ZKS_RPC_PRICE_CHARS after that).
 *  Out: out_price (ZKS_RPC_PRICE_CHARS + 1 bytes); zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_token_price(zks_provider *p, const char *token,
                                                                char out_price[ZKS_RPC_PRICE_CHARS + 1]);

/** get_confirmations_for_eth_op_amount([]). Out: *out; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_confirmations_for_eth_op_amount(zks_provider *p,
                                                                                    uint64_t *out);

/** get_eth_tx_for_withdrawal([tx_hash]). Returns ZKS_ERR_NOT_FOUND when the
 *  server answers null (not withdrawn on L1 yet). Out: out_eth_hash "0x..."; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_eth_tx_for_withdrawal(zks_provider *p, const char *tx_hash,
                                                                          char out_eth_hash[ZKS_HASH_HEX_CHARS + 1]);

/** get_zksync_version([]), e.g. "contracts-6". Out: out_version; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_zksync_version(zks_provider *p,
                                                                   char out_version[ZKS_RPC_SHORT_CHARS + 1]);

/** get_nft([token_id]). ZKS_ERR_NOT_FOUND when the server answers null.
 *  Out: out filled (with the factory fields); zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_nft(zks_provider *p, uint32_t token_id, zks_nft *out);

/** get_nft_owner([token_id]). ZKS_ERR_NOT_FOUND on null. Out: *out_account_id; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_nft_owner(zks_provider *p, uint32_t token_id,
                                                              uint32_t *out_account_id);

/** toggle_2fa([request]). request_json is the signed Toggle2FA object
 *  {enable, accountId, timestamp, signature, pubKeyHash?}. Not retried after
 *  an uncertain failure. Returns ZKS_OK when the server answers success true. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_toggle_2fa(zks_provider *p, const char *request_json);

/** get_nft_id_by_tx_hash([tx_hash]). ZKS_ERR_NOT_FOUND on null. Out: *out_token_id; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_get_nft_id_by_tx_hash(zks_provider *p, const char *tx_hash,
                                                                      uint32_t *out_token_id);

/* ---- waiting (zksync.js never times out; these do) ---- */

/** Polls tx_info(tx_hash) every poll_ms (0 = 1000) until its block is
 *  committed (level ZKS_WAIT_COMMITTED) or verified (ZKS_WAIT_VERIFIED), or
 *  timeout_ms passes: timeout_ms is the call's deadline (each poll's exchange
 *  gets at most the time left and total_ms; 0 = one poll within total_ms), so
 *  it returns within timeout_ms + ZKS_RPC_DEADLINE_SLACK_MS. Transport errors while polling (network, timeout, HTTP
 *  5xx/429) are ridden out until the timeout; other HTTP statuses end the wait.
 *  Returns: ZKS_OK; ZKS_ERR_TX_FAILED (executed with success false: out is
 *  filled, see fail_reason); ZKS_ERR_TIMEOUT; ZKS_ERR_INVALID_ARG; RPC/PARSE errors.
 *  Out: out (may be NULL): the last state; zeroed on failure except TX_FAILED. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_wait_tx(zks_provider *p, const char *tx_hash, uint32_t level,
                                                        uint32_t timeout_ms, uint32_t poll_ms, zks_tx_info *out);

/** The same for a priority operation (ethop_info(serial_id)). An op reported
 *  with a block but executed 0 gives ZKS_ERR_TX_FAILED. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_wait_ethop(zks_provider *p, uint64_t serial_id, uint32_t level,
                                                           uint32_t timeout_ms, uint32_t poll_ms, zks_tx_info *out);

/* ---- token cache ---- */

/** Resolves token (id digits, "0x" address in any case, or symbol, case-insensitive)
 *  through the cache, fetching `tokens` on first use.
 *  Returns: ZKS_OK; ZKS_ERR_NOT_FOUND; transport/RPC statuses. Out: out; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_resolve_token(zks_provider *p, const char *token, zks_token *out);

/** Drops the cache and fetches `tokens` again. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_provider_refresh_tokens(zks_provider *p);

/* ---- result objects ---- */

/** Number of tokens in l (0 for NULL). */
ZKS_API size_t zks_token_list_count(const zks_token_list *l);
/** Copies token i. Returns ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, i out of range; out zeroed). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_token_list_get(const zks_token_list *l, size_t i, zks_token *out);
/** Frees l. NULL is a no-op. */
ZKS_API void zks_token_list_free(zks_token_list *l);

/** Fixed fields of an account state. Returns ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_account_get_info(const zks_account *a, zks_account_info *out);
/** Number of non-zero balances in the committed or verified state (which =
 *  ZKS_ACCOUNT_COMMITTED / ZKS_ACCOUNT_VERIFIED); 0 for NULL or a bad which. */
ZKS_API size_t zks_account_balance_count(const zks_account *a, uint32_t which);
/** Balance i (symbol and decimal amount), in server order.
 *  Returns ZKS_OK; ZKS_ERR_INVALID_ARG (outputs zeroed). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_account_balance_at(const zks_account *a, uint32_t which, size_t i,
                                                          char out_symbol[ZKS_SYMBOL_CHARS + 1],
                                                          char out_amount[ZKS_AMOUNT_CHARS + 1]);
/** Balance of symbol (case-insensitive); "0" when absent, as zksync.js getBalance.
 *  Returns ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_account_balance(const zks_account *a, uint32_t which, const char *symbol,
                                                       char out_amount[ZKS_AMOUNT_CHARS + 1]);
/** Number of pending deposits (the "depositing" map). */
ZKS_API size_t zks_account_depositing_count(const zks_account *a);
/** Pending deposit i: symbol, amount and expectedAcceptBlock. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_account_depositing_at(const zks_account *a, size_t i,
                                                             char out_symbol[ZKS_SYMBOL_CHARS + 1],
                                                             char out_amount[ZKS_AMOUNT_CHARS + 1],
                                                             uint64_t *out_expected_accept_block);
/** Number of NFTs held (minted 0) or minted by the account (minted 1) in a state. */
ZKS_API size_t zks_account_nft_count(const zks_account *a, uint32_t which, int32_t minted);
/** NFT i of that map (factory fields ""). Returns ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_account_nft_at(const zks_account *a, uint32_t which, int32_t minted,
                                                      size_t i, zks_nft *out);
/** The raw account_info result as compact JSON (library string, zks_free). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_account_json(const zks_account *a, char **out_json);
/** Frees a. NULL is a no-op. */
ZKS_API void zks_account_free(zks_account *a);

/* ---- Ethereum JSON-RPC client ---- */

/** Creates an Ethereum JSON-RPC client for url (http/https). Same rules,
 *  defaults and thread rule as zks_provider_new. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_new(const char *url, zks_eth_rpc **out);
/** Frees e. NULL is a no-op. */
ZKS_API void zks_eth_rpc_free(zks_eth_rpc *e);
/** As zks_provider_set_timeouts. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_set_timeouts(zks_eth_rpc *e, uint32_t connect_ms, uint32_t total_ms);
/** As zks_provider_set_max_response. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_set_max_response(zks_eth_rpc *e, size_t max_bytes);
/** As zks_provider_set_user_agent. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_set_user_agent(zks_eth_rpc *e, const char *user_agent);
/** As zks_provider_set_env_proxy. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_set_env_proxy(zks_eth_rpc *e, int32_t enable);
/** As zks_provider_set_retries (eth_sendRawTransaction is never blindly retried;
 *  its hash is checked with eth_getTransactionByHash first). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_set_retries(zks_eth_rpc *e, uint32_t retries, uint32_t backoff_ms);
/** As zks_provider_last_error. RPC errors map to ZKS_ERR_L1_REVERT (reverts,
 *  "execution reverted", ganache "VM Exception ... revert"), ZKS_ERR_INSUFFICIENT_FUNDS
 *  ("insufficient funds"), ZKS_ERR_NONCE_MISMATCH ("nonce too low"), else ZKS_ERR_RPC. */
ZKS_API zks_status zks_eth_rpc_last_error(const zks_eth_rpc *e, int64_t *out_code);
/** As zks_provider_errmsg. */
ZKS_API const char *zks_eth_rpc_errmsg(const zks_eth_rpc *e);
/** The revert reason of the last ZKS_ERR_L1_REVERT (decoded from the
 *  Error(string) data, or taken from the message); "" if none. Never NULL. */
ZKS_API const char *zks_eth_rpc_revert_reason(const zks_eth_rpc *e);
/** Raw call, as zks_provider_call_json. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_call_json(zks_eth_rpc *e, const char *method, const char *params_json,
                                                         int32_t idempotent, char **out_result_json);
/** eth_chainId. Out: *out; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_chain_id(zks_eth_rpc *e, uint64_t *out);
/** eth_blockNumber. Out: *out; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_block_number(zks_eth_rpc *e, uint64_t *out);
/** eth_getBalance(address, block) in wei; block NULL means "latest".
 *  Out: out_wei decimal; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_get_balance(zks_eth_rpc *e, const char *address, const char *block,
                                                       char out_wei[ZKS_AMOUNT_CHARS + 1]);
/** eth_getTransactionCount(address, block); block NULL means "pending". */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_get_nonce(zks_eth_rpc *e, const char *address, const char *block,
                                                     uint64_t *out);
/** eth_gasPrice in wei. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_gas_price(zks_eth_rpc *e, char out_wei[ZKS_AMOUNT_CHARS + 1]);
/** eth_feeHistory(block_count, newest (NULL = "latest"), percentiles_json (NULL = []))
 *  raw result as compact JSON (library string, zks_free). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_fee_history(zks_eth_rpc *e, uint32_t block_count, const char *newest,
                                                       const char *percentiles_json, char **out_json);
/** EIP-1559 suggestion from eth_feeHistory(5, "latest", [50]): priority fee =
 *  the median of the blocks' median tips, or 1.5 gwei (the ethers 5 default)
 *  when they are all zero; max fee = 2 * next block's base fee + priority fee.
 *  Returns ZKS_ERR_UNSUPPORTED when the node has no base fee (pre-London).
 *  Out: both decimal wei strings; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_suggest_fees(zks_eth_rpc *e,
                                                        char out_max_fee[ZKS_AMOUNT_CHARS + 1],
                                                        char out_max_priority_fee[ZKS_AMOUNT_CHARS + 1]);
/** eth_estimateGas({from, to, value, data}). from/to/data may be NULL (to NULL:
 *  contract creation); value is decimal wei or NULL (0); data is "0x" hex or NULL.
 *  Reverts give ZKS_ERR_L1_REVERT with the reason kept. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_estimate_gas(zks_eth_rpc *e, const char *from, const char *to,
                                                        const char *value, const char *data, uint64_t *out_gas);
/** eth_call({from, to, data}, block). block NULL means "latest".
 *  Out: out: the returned bytes (out_cap bytes room); *out_len their number.
 *  Returns ZKS_ERR_BUFFER_SIZE (with *out_len = needed) when out_cap is short. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_call(zks_eth_rpc *e, const char *from, const char *to, const char *data,
                                                const char *block, uint8_t *out, size_t out_cap, size_t *out_len);
/** eth_sendRawTransaction(0x raw).
 *  In:  expected_hash: "0x" + keccak256(raw) in hex, or NULL. With it, after an
 *       uncertain transport failure the tx is looked up (eth_getTransactionByHash)
 *       before it is resent, and an "already known" answer to the resend counts
 *       as success. Without it uncertain failures are returned as is.
 *  Out: out_hash "0x..."; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_send_raw_transaction(zks_eth_rpc *e, const uint8_t *raw, size_t raw_len,
                                                                const char *expected_hash,
                                                                char out_hash[ZKS_HASH_HEX_CHARS + 1]);

/** A log of a receipt. data is read with zks_eth_receipt_log_data. */
typedef struct zks_eth_log {
    uint64_t log_index;
    uint32_t topic_count;    /* 0..4 */
    uint32_t reserved;       /* 0 */
    size_t data_len;
    char address[ZKS_ETH_ADDRESS_CHARS + 1];
    uint8_t topics[4][ZKS_ETH_HASH_BYTES];
} zks_eth_log;

/** The fixed part of a receipt. */
typedef struct zks_eth_receipt_info {
    int32_t status;          /* 1 success, 0 reverted, -1 absent (pre-Byzantium) */
    uint32_t log_count;
    uint64_t block_number;
    uint64_t gas_used;
    uint64_t transaction_index;
    char transaction_hash[ZKS_HASH_HEX_CHARS + 1];
    char block_hash[ZKS_HASH_HEX_CHARS + 1];
    char from[ZKS_ETH_ADDRESS_CHARS + 1];
    char to[ZKS_ETH_ADDRESS_CHARS + 1];               /* "" for contract creation */
    char contract_address[ZKS_ETH_ADDRESS_CHARS + 1]; /* "" unless a creation */
    char effective_gas_price[ZKS_AMOUNT_CHARS + 1]; /* "" if absent */
} zks_eth_receipt_info;

/** eth_getTransactionReceipt(tx_hash). ZKS_ERR_NOT_FOUND while pending (null).
 *  Out: out: receipt object (zks_eth_receipt_*, zks_eth_receipt_free); NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_get_receipt(zks_eth_rpc *e, const char *tx_hash, zks_eth_receipt **out);
/** Polls the receipt every poll_ms (0 = 1000) until it exists or timeout_ms
 *  passes (the call's deadline, as for zks_provider_wait_tx). Returns ZKS_OK (status 1); ZKS_ERR_L1_REVERT (status 0: *out is still set);
 *  ZKS_ERR_TIMEOUT; other statuses as zks_eth_rpc_get_receipt. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_rpc_wait_receipt(zks_eth_rpc *e, const char *tx_hash, uint32_t timeout_ms,
                                                        uint32_t poll_ms, zks_eth_receipt **out);
/** Fixed fields of r. Returns ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_receipt_get_info(const zks_eth_receipt *r, zks_eth_receipt_info *out);
/** Log i of r. Returns ZKS_OK; ZKS_ERR_INVALID_ARG (out zeroed). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_receipt_log_at(const zks_eth_receipt *r, size_t i, zks_eth_log *out);
/** Copies the data bytes of log i into out (out_cap bytes); *out_len gets the
 *  length. ZKS_ERR_BUFFER_SIZE (with *out_len = needed) when out_cap is short. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_eth_receipt_log_data(const zks_eth_receipt *r, size_t i, uint8_t *out,
                                                            size_t out_cap, size_t *out_len);
/** Frees r. NULL is a no-op. */
ZKS_API void zks_eth_receipt_free(zks_eth_receipt *r);

/* @@SECTION wallet: orchestration (lib/wallet) @@ */
/*
 * Two layers (docs/wallet.md):
 *   zks_l1      the zkSync L1 contract operations of one Ethereum account:
 *               deposits, ERC20 approval, full exits, pending-balance
 *               withdrawals, on-chain ChangePubKey authorisation, reads.
 *   zks_wallet  a zkSync account: its Ethereum signer, its zkSync key, account
 *               id and nonce, and every L2 operation (ChangePubKey, Transfer,
 *               batches, Withdraw, ForcedExit, NFTs, orders and swaps), plus
 *               the L1 operations through its own zks_l1.
 * Both borrow the zks_provider / zks_eth_rpc they are given (these must
 * outlive them) and keep their secrets in their own memory, which is wiped
 * by *_free. Threads: an object is used from one thread at a time, and the
 * borrowed clients follow their own rule (one wallet per thread, with its
 * own provider and eth_rpc, is the simple safe rule).
 *
 * Errors: a failing call returns a typed status and keeps a readable reason in
 * the object (zks_l1_errmsg, zks_wallet_errmsg): the L1 revert reason ("f1",
 * "M", ...), the server's JSON-RPC message, or the tx fail reason.
 */

/** External Ethereum signer for EIP-191 personal_sign (a hardware wallet):
 *  sign msg (len bytes, the text before prefixing) and write r || s || v
 *  (v = 27/28 or 0/1) into sig. Return ZKS_OK, or any other status to refuse
 *  (the library then returns ZKS_ERR_SIGNER). Called on the caller's thread. */
typedef zks_status (*zks_eth_message_signer)(void *ctx, const uint8_t *msg, size_t len,
                                             uint8_t sig[ZKS_ETH_SIGNATURE_BYTES]);
/** External Ethereum signer for a transaction digest (zks_eth_tx_signing_hash):
 *  write r || s || v (v = recovery id 0/1 or 27/28). Same rules. */
typedef zks_status (*zks_eth_digest_signer)(void *ctx, const uint8_t digest[ZKS_ETH_HASH_BYTES],
                                            uint8_t sig[ZKS_ETH_SIGNATURE_BYTES]);

/* ---- L1 contract operations (lib/l1/l1_ops.c) ---- */

/* Gas limits of zksync.js 0.13.1 (depositERC20 uses max(estimate, this)). */
#define ZKS_L1_GAS_DEPOSIT_ETH 90000u
#define ZKS_L1_GAS_DEPOSIT_ERC20 300000u
#define ZKS_L1_GAS_FULL_EXIT 500000u
#define ZKS_L1_GAS_SET_AUTH 200000u
#define ZKS_L1_GAS_WITHDRAW_PENDING 200000u
/* 2^256-1 (approve amount) and 2^255 (allowance counted as "approved"). */
#define ZKS_L1_MAX_APPROVE "115792089237316195423570985008687907853269984665640564039457584007913129639935"
#define ZKS_L1_APPROVE_THRESHOLD "57896044618658097711785492504343953926634992332820282019728792003956564819968"
/* The zero address stands for ETH wherever a token address is taken. */
#define ZKS_ETH_TOKEN_ADDRESS "0x0000000000000000000000000000000000000000"

/* zks_l1_set_options flags. */
#define ZKS_L1_NO_PREFLIGHT 1u  /* send without first simulating the call (eth_estimateGas) */

/* zks_l1_deposit_erc20 approve modes. */
typedef enum zks_l1_approve_mode {
    ZKS_L1_APPROVE_NONE = 0,     /* the allowance must already be there */
    ZKS_L1_APPROVE_AMOUNT = 1,   /* approve(main, amount) first (zksync.js approveDepositAmountForERC20) */
    ZKS_L1_APPROVE_UNLIMITED = 2 /* approve(main, 2^256-1) first unless allowance >= 2^255 */
} zks_l1_approve_mode;

typedef struct zks_l1 zks_l1;

/** Outcome of a sending L1 operation. */
typedef struct zks_l1_result {
    char tx_hash[ZKS_HASH_HEX_CHARS + 1];         /* the operation's L1 tx ("0x...") */
    char approve_tx_hash[ZKS_HASH_HEX_CHARS + 1]; /* approve sent first, or "" */
    int32_t mined;           /* 1: the receipt was awaited and has status 1 */
    int32_t has_serial_id;   /* 1: a priority op whose NewPriorityRequest was found */
    uint64_t serial_id;      /* priority-op serial id (for zks_provider_wait_ethop) */
    uint64_t block_number;   /* of the receipt, 0 if not awaited */
    uint64_t gas_used;
    uint64_t nonce;          /* L1 nonce the tx used */
} zks_l1_result;

/** Creates the L1 layer of one Ethereum account that signs with eth_privkey.
 *  Checks eth_chainId == chain_id (9 for a local devnet, 1 mainnet) when
 *  chain_id is not 0, and remembers the node's chain id for signing.
 *  In:  rpc: borrowed, must outlive the object. main_contract: "0x..." (from
 *       zks_provider_contract_address). eth_privkey: copied.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_INVALID_ADDRESS; ZKS_ERR_INVALID_KEY;
 *           ZKS_ERR_WRONG_CHAIN; ZKS_ERR_NOMEM; transport statuses of eth_chainId.
 *  Out: *out (zks_l1_free); NULL on failure. Wipes: its key copy on failure and in zks_l1_free. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_new(zks_eth_rpc *rpc, const char *main_contract, uint64_t chain_id,
                                              const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES], zks_l1 **out);

/** The same with an external transaction signer for the account address
 *  ("0x..."); sign is called with the digest of every transaction sent.
 *  Signatures are checked (the recovered signer must be address). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_new_with_signer(zks_eth_rpc *rpc, const char *main_contract,
                                                          uint64_t chain_id, const char *address,
                                                          zks_eth_digest_signer sign, void *sign_ctx,
                                                          zks_l1 **out);

/** Frees l1 and wipes its key. NULL is a no-op. */
ZKS_API void zks_l1_free(zks_l1 *l1);

/** Options. gas_price_wei: decimal wei for every tx, or NULL to ask eth_gasPrice
 *  each time (zksync.js). poll_ms: receipt polling interval (0 = 200).
 *  flags: ZKS_L1_NO_PREFLIGHT or 0. Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_INVALID_AMOUNT. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_set_options(zks_l1 *l1, const char *gas_price_wei, uint32_t poll_ms,
                                                      uint32_t flags);

/** The account address, lowercase "0x..." (42 chars + NUL). Returns ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_address(const zks_l1 *l1, char out[ZKS_ETH_ADDRESS_CHARS + 1]);

/** The reason of the last failure on l1: the revert reason ("f1", "M", ...),
 *  the node's error message, or "". Never NULL; valid until the next call. */
ZKS_API const char *zks_l1_errmsg(const zks_l1 *l1);

/* Sending operations. Each one (unless ZKS_L1_NO_PREFLIGHT) first simulates the
 * call with eth_estimateGas, so a call that would revert is not sent and gives
 * ZKS_ERR_L1_REVERT with the reason in zks_l1_errmsg; then it signs a legacy
 * (EIP-155) transaction with the pending nonce and the gas price, and sends it.
 * wait_ms: 0 returns right after sending (mined 0, no serial id); otherwise
 * the receipt is awaited up to wait_ms and checked, and for priority
 * operations the serial id is read from the NewPriorityRequest log emitted by
 * the main contract (serialId = word 1 of the data).
 * Returns: ZKS_OK; ZKS_ERR_L1_REVERT (simulation or receipt status 0; reason kept);
 *   ZKS_ERR_NETWORK_SHUT_DOWN (after the sunset: deposits reverting "L" (exodus)
 *   or "LD" (deposits paused), full exits and setAuthPubkeyHash reverting "L";
 *   zks_l1_errmsg starts with the revert string, then ": " and what to do
 *   instead: claim on L1, withdraw pending balances; never retried; an ERC20
 *   deposit that would approve first checks exodusMode / pausedDeposits before
 *   sending anything); ZKS_ERR_TOKEN_MIGRATED (withdrawPendingBalance of a token
 *   whose funds went to the claim distributor: nothing sent, claim it instead);
 *   ZKS_ERR_OUTCOME_UNKNOWN (eth_sendRawTransaction's outcome unknown: tx_hash
 *   and nonce set, the send is the l1 object's doubt, see "L1 doubts");
 *   ZKS_ERR_ALREADY_EXECUTED (an earlier send in doubt was mined: its hash);
 *   ZKS_ERR_INSUFFICIENT_FUNDS (balance below value + gas); ZKS_ERR_TIMEOUT (no
 *   receipt within wait_ms); ZKS_ERR_SIGNER; ZKS_ERR_INVALID_ARG,
 *   ZKS_ERR_INVALID_ADDRESS, ZKS_ERR_INVALID_AMOUNT (inputs); ZKS_ERR_PARSE (a priority
 *   op whose receipt has no NewPriorityRequest); transport/RPC statuses.
 * Out: *out is zeroed on failure, except that tx_hash (and approve_tx_hash) stay
 *   set once a transaction was sent (ZKS_ERR_L1_REVERT, ZKS_ERR_TIMEOUT, ...) or
 *   may have been sent (ZKS_ERR_OUTCOME_UNKNOWN, also nonce set). */

/** depositETH(to) with value = amount wei, gas limit 90000. to: zkSync address
 *  credited ("0x..."), NULL = self. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_deposit_eth(zks_l1 *l1, const char *to, const char *amount,
                                                      uint32_t wait_ms, zks_l1_result *out);

/** depositERC20(token, amount, to), amount < 2^104, gas max(estimate, 300000);
 *  arguments in the order of zks_l1_deposit_eth (to, then what).
 *  approve: ZKS_L1_APPROVE_NONE/AMOUNT/UNLIMITED (the approve tx is sent first
 *  with the next nonce; its hash goes into approve_tx_hash). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_deposit_erc20(zks_l1 *l1, const char *to, const char *token_address,
                                                        const char *amount, uint32_t approve, uint32_t wait_ms,
                                                        zks_l1_result *out);

/** ERC20 approve(main contract, amount); amount NULL = 2^256-1 (zksync.js
 *  approveERC20TokenDeposits). Gas: the estimate + 20%. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_approve_erc20(zks_l1 *l1, const char *token_address, const char *amount,
                                                        uint32_t wait_ms, zks_l1_result *out);

/** requestFullExit(account_id, token) (token address; ETH = ZKS_ETH_TOKEN_ADDRESS), gas 500000. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_full_exit(zks_l1 *l1, uint32_t account_id, const char *token_address,
                                                    uint32_t wait_ms, zks_l1_result *out);

/** requestFullExitNFT(account_id, nft_id), gas 500000. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_full_exit_nft(zks_l1 *l1, uint32_t account_id, uint32_t nft_id,
                                                        uint32_t wait_ms, zks_l1_result *out);

/** withdrawPendingBalance(owner, token, amount), gas 200000. owner NULL = self;
 *  amount NULL = getPendingBalance(owner, token) (zksync.js default). Reads
 *  isTokenMigrated(token) first: a migrated token gives ZKS_ERR_TOKEN_MIGRATED. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_withdraw_pending_balance(zks_l1 *l1, const char *owner,
                                                                   const char *token_address, const char *amount,
                                                                   uint32_t wait_ms, zks_l1_result *out);

/** withdrawPendingNFTBalance(nft_id), gas 200000. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_withdraw_pending_nft(zks_l1 *l1, uint32_t nft_id, uint32_t wait_ms,
                                                               zks_l1_result *out);

/** setAuthPubkeyHash(pubkey_hash, nonce): authorises an "Onchain" ChangePubKey
 *  of the account at zkSync nonce `nonce`; gas 200000. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_set_auth_pubkey_hash(zks_l1 *l1,
                                                               const uint8_t pubkey_hash[ZKS_PUBKEY_HASH_BYTES],
                                                               uint32_t nonce, uint32_t wait_ms, zks_l1_result *out);

/* ---- L1 doubts (docs/reliability.md) ----
 * A send whose eth_sendRawTransaction outcome is unknown (lost reply, timeout)
 * returns ZKS_ERR_OUTCOME_UNKNOWN with tx_hash and nonce in the result and
 * stays the l1 object's doubt: the next sending call (any operation, claims
 * included) first resolves it and signs nothing new for that nonce: it reads
 * the "latest" nonce, then the receipt of tx_hash; a receipt with status 1
 * gives ZKS_ERR_ALREADY_EXECUTED (that tx in the result: do not send again)
 * when the doubted tx calls the same function of the same contract (a repeat;
 * a mined approve before an ERC20 deposit just ends the doubt); a reverted
 * receipt, or a nonce taken by another tx, ends the doubt and the call goes on; otherwise the very same signed bytes are sent again and, with
 * wait_ms, its receipt is awaited; still unknown: ZKS_ERR_OUTCOME_UNKNOWN. */

#define ZKS_L1_RAW_MAX 4096 /* longest signed transaction of zks_l1 */

/** The doubt of an l1 object. */
typedef struct zks_l1_doubt {
    uint32_t struct_size;                     /* sizeof(zks_l1_doubt) (ZKS_L1_DOUBT_INIT) */
    int32_t open;                             /* 1: a send of unknown outcome is open */
    uint64_t nonce;                           /* its L1 nonce */
    char tx_hash[ZKS_HASH_HEX_CHARS + 1]; /* "0x..." */
    size_t raw_len;                           /* its signed bytes (the only ones ever sent again) */
    uint8_t raw[ZKS_L1_RAW_MAX];
} zks_l1_doubt;
#define ZKS_L1_DOUBT_INIT {sizeof(zks_l1_doubt), 0, 0, "", 0, {0}}

/** Write-ahead hook: called with the doubt (open 1) after signing and before
 *  sending, and with open 0 once the outcome is known. Any status but ZKS_OK
 *  stops the send (nothing sent). */
typedef zks_status (*zks_l1_journal_fn)(void *ctx, const zks_l1_doubt *doubt);

/** Reads the doubt (no network). Returns ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_doubt_get(const zks_l1 *l1, zks_l1_doubt *out);

/** Restores a doubt stored by the journal hook of an earlier process (raw:
 *  the signed bytes, nonce: their nonce); the hash is computed from raw.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (empty or over ZKS_L1_RAW_MAX); ZKS_ERR_STATE (one is open). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_doubt_restore(zks_l1 *l1, const uint8_t *raw, size_t raw_len,
                                                        uint64_t nonce);

/** Sets the journal hook (NULL = none). Returns ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_set_journal(zks_l1 *l1, zks_l1_journal_fn fn, void *ctx);

/* Reads (eth_call at "latest"). Returns: ZKS_OK; ZKS_ERR_INVALID_ARG;
 * ZKS_ERR_INVALID_ADDRESS; ZKS_ERR_PARSE (short answer); transport/RPC statuses.
 * Outputs zeroed on failure. */

/** authFacts(address, nonce): 32 bytes, zero = not set. address NULL = self. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_auth_fact(zks_l1 *l1, const char *address, uint32_t nonce,
                                                    uint8_t out_fact[ZKS_ETH_HASH_BYTES]);
/** getPendingBalance(address, token) in base units. address NULL = self. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_pending_balance(zks_l1 *l1, const char *token_address,
                                                          const char *address,
                                                          char out_amount[ZKS_AMOUNT_CHARS + 1]);
/** L1 balance of address (NULL = self): ETH (zero token address) via
 *  eth_getBalance, else ERC20 balanceOf. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_balance(zks_l1 *l1, const char *token_address, const char *address,
                                                  char out_amount[ZKS_AMOUNT_CHARS + 1]);
/** ERC20 allowance(owner, main contract); owner NULL = self. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_allowance(zks_l1 *l1, const char *token_address, const char *owner,
                                                    char out_amount[ZKS_AMOUNT_CHARS + 1]);
/** zksync.js isERC20DepositsApproved: *out_approved = allowance >= threshold
 *  (NULL = ZKS_L1_APPROVE_THRESHOLD, 2^255). ETH gives ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_is_erc20_approved(zks_l1 *l1, const char *token_address,
                                                            const char *threshold, int32_t *out_approved);

/* ---- wallet (lib/wallet) ---- */

typedef struct zks_wallet zks_wallet;

/* zks_wallet_signing_key_state results. */
typedef enum zks_signing_key_state {
    ZKS_SIGNING_KEY_NONE = 0, /* the account has no signing key (zero pubkey hash) */
    ZKS_SIGNING_KEY_OURS = 1, /* the wallet's key is set */
    ZKS_SIGNING_KEY_OTHER = 2 /* another key is set */
} zks_signing_key_state;

/* Token arguments of the wallet (`token`, `fee_token`): a symbol ("ETH",
 * case-insensitive), decimal id digits ("0"), or a "0x..." token address,
 * resolved through the provider's token cache. Fee arguments: a decimal
 * string of base units, or NULL to ask the server (get_tx_fee /
 * get_txs_batch_fee_in_wei; the answer is rounded up to a packable fee).
 * Hash outputs are "sync-tx:<64 hex>" in (ZKS_TX_HASH_CHARS + 1) buffers. */

/** Creates a wallet for the Ethereum key eth_privkey. The zkSync key is
 *  derived as zksync.js does (zks_privkey_from_eth_privkey with the chain id).
 *  In:  provider: borrowed zkSync client (must outlive the wallet).
 *       eth_rpc: borrowed Ethereum client, or NULL (no L1 operations then).
 *       chain_id: L1 chain id (9 local devnet, 1 mainnet); 0 = ask eth_rpc.
 *       When both are given, eth_chainId must equal chain_id.
 *  Calls contract_address once (and eth_chainId when eth_rpc is given).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, chain_id 0 without eth_rpc);
 *    ZKS_ERR_INVALID_KEY; ZKS_ERR_WRONG_CHAIN; ZKS_ERR_NOMEM; transport/RPC statuses.
 *  Out: *out (zks_wallet_free); NULL on failure.
 *  Wipes: all key material on failure and in zks_wallet_free. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_new(zks_provider *provider, zks_eth_rpc *eth_rpc, uint64_t chain_id,
                                                  const uint8_t eth_privkey[ZKS_ETH_PRIVKEY_BYTES],
                                                  zks_wallet **out);

/** The same from a BIP-39 mnemonic (passphrase NULL = "", path NULL =
 *  ZKS_ETH_DEFAULT_PATH), as ethers Wallet.fromMnemonic. Returns also the
 *  statuses of zks_eth_privkey_from_mnemonic. Wipes the derived keys. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_new_from_mnemonic(zks_provider *provider, zks_eth_rpc *eth_rpc,
                                                                uint64_t chain_id, const char *mnemonic,
                                                                const char *passphrase, const char *path,
                                                                zks_wallet **out);

/** The same with an external Ethereum signer (hardware wallet) for address:
 *  sign_message signs the login message once here (the zkSync key is derived
 *  from that signature, zks_privkey_from_eth_signature) and every
 *  transaction text later; sign_digest (may be NULL: no L1 transactions)
 *  signs L1 transactions. Every public signature (transaction texts, L1
 *  transactions) is checked against address before anything is sent; the
 *  login signature is not, because it is the secret the zkSync key comes from
 *  and recovering its address would take variable time: a signer for another
 *  address is reported (ZKS_ERR_SIGNER) by the first operation that signs.
 *  Returns: as zks_wallet_new; ZKS_ERR_SIGNER (the signer refused);
 *  ZKS_ERR_INVALID_ADDRESS. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_new_with_signer(zks_provider *provider, zks_eth_rpc *eth_rpc,
                                                              uint64_t chain_id, const char *address,
                                                              zks_eth_message_signer sign_message,
                                                              zks_eth_digest_signer sign_digest, void *sign_ctx,
                                                              zks_wallet **out);

/** Frees w and wipes its keys. NULL is a no-op. */
ZKS_API void zks_wallet_free(zks_wallet *w);

/** The reason of the last failure on w (server message, fail reason, L1
 *  revert reason) or "". Never NULL; valid until the next call on w. */
ZKS_API const char *zks_wallet_errmsg(const zks_wallet *w);

/** The wallet's L1 layer (owned by w, valid while w lives), or NULL when the
 *  wallet has no eth_rpc or no L1 signer. */
ZKS_API zks_l1 *zks_wallet_l1(zks_wallet *w);

/** The account address, EIP-55 "0x..." (42 chars + NUL). No network.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL). Out: out; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_address(const zks_wallet *w, char out[ZKS_ETH_ADDRESS_CHARS + 1]);

/** The wallet's zkSync public key hash "sync:<40 hex>" and, if out_raw is not
 *  NULL, its 20 bytes. No network. Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL).
 *  Out: out, out_raw; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_pubkey_hash(const zks_wallet *w,
                                                          char out[ZKS_PUBKEY_HASH_CHARS + 1],
                                                          uint8_t out_raw[ZKS_PUBKEY_HASH_BYTES]);

/** The account id (account_info once, then cached).
 *  Returns: ZKS_OK; ZKS_ERR_STATE (the account does not exist yet: deposit or
 *  receive a transfer first); transport/RPC statuses. Out: *out; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_account_id(zks_wallet *w, uint32_t *out);

/** The nonce the next transaction will use: the committed nonce from
 *  account_info, then counted up locally after each accepted submission. It
 *  is fetched again after a "nonce too low" answer (code 101; the submission
 *  is then retried once, except as said under "L2 operations" below), after a
 *  failed transaction, and by zks_wallet_sync.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; transport/RPC statuses. Out: *out; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_nonce(zks_wallet *w, uint32_t *out);

/** Drops the cached account id and nonce and fetches them again (account_info),
 *  and forgets a shutdown refusal (305) seen before.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; transport/RPC statuses. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_sync(zks_wallet *w);

/** Balance of token in the committed or verified state (which =
 *  ZKS_ACCOUNT_COMMITTED / ZKS_ACCOUNT_VERIFIED); "0" when none.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_NOT_FOUND (token); transport/RPC
 *  statuses. Out: out: decimal base units; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_balance(zks_wallet *w, const char *token, uint32_t which,
                                                      char out[ZKS_AMOUNT_CHARS + 1]);

/** L1 balance of token (ETH or ERC20) of the wallet's address. Needs eth_rpc.
 *  Returns: as zks_wallet_balance; ZKS_ERR_STATE (no L1 layer). Out: zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_l1_balance(zks_wallet *w, const char *token,
                                                         char out[ZKS_AMOUNT_CHARS + 1]);

/** Whether a signing key is set (committed state): ZKS_SIGNING_KEY_NONE/OURS/OTHER.
 *  Also refreshes the cached account id and nonce.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_PARSE; transport/RPC statuses.
 *  Out: *out_state; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_signing_key_state(zks_wallet *w, int32_t *out_state);

/* L2 operations. Each one resolves tokens, fetches the account id and nonce
 * when needed, asks for the fee unless given, signs the transaction with the
 * zkSync key and its Ethereum message with the Ethereum signer, submits it
 * (safe retry: the expected hash is given to the provider) and returns the
 * hash. They do not wait: use zks_wallet_wait_tx.
 * Never paid twice (docs/reliability.md): a submission whose outcome is
 * unknown (lost reply, timeout after sending) returns ZKS_ERR_OUTCOME_UNKNOWN
 * with its expected hash in the hash output(s) and becomes the wallet's doubt
 * (zks_wallet_doubt_get; kept across a restart with zks_wallet_set_journal).
 * While it is open nothing else is signed: each operation first reads the
 * committed nonce, then tx_info of the doubted hash: executed gives
 * ZKS_ERR_ALREADY_EXECUTED with that hash (do not pay again; the next call
 * pays anew); failed, or the nonce taken by another tx, ends the doubt and the
 * call goes on; otherwise the same signed bytes are sent again and the call
 * returns ZKS_ERR_OUTCOME_UNKNOWN again. A "nonce too low" (101) without a
 * doubt: when the server has this very tx in a block the call returns ZKS_OK
 * with its hash, else the nonce is resynced and the tx re-signed once.
 * Fee arguments (fee, total_fee): NULL asks the server for the fee; "max:N"
 * asks too, with N (base units of the fee token) as this call's cap instead
 * of the wallet's (zks_wallet_set_max_fee); any other value is the exact fee
 * in base units (packable, not capped). A quote above the cap gives
 * ZKS_ERR_FEE_TOO_HIGH before anything is signed; a malformed fee argument
 * gives ZKS_ERR_INVALID_AMOUNT before any request. A wallet used by two
 * threads at once gives ZKS_ERR_BUSY to the second.
 * After the shutdown (server code 305) the call returns ZKS_ERR_NETWORK_SHUT_DOWN
 * at once (one submit, no retry) and zks_wallet_errmsg says what to do instead
 * (claim on L1, withdraw the pending balance); later L2 operations of the wallet
 * return it before any request or signature (the provider is not called),
 * until zks_wallet_sync. After a server failure, zks_provider_last_error
 * describes the failure returned (e.g. code 101 after the nonce retry).
 * Returns: ZKS_OK; ZKS_ERR_STATE (no account id, or signing key already set);
 *   ZKS_ERR_NOT_FOUND (unknown token); the zks_tx_check statuses
 *   (ZKS_ERR_NOT_PACKABLE, ...); server statuses (ZKS_ERR_NONCE_MISMATCH,
 *   ZKS_ERR_FEE_TOO_LOW, ZKS_ERR_FEE_TOKEN, ZKS_ERR_ETH_SIGNATURE,
 *   ZKS_ERR_NOT_AUTHORIZED, ZKS_ERR_RPC, ZKS_ERR_NETWORK_SHUT_DOWN) with the
 *   message in zks_wallet_errmsg; ZKS_ERR_OUTCOME_UNKNOWN; ZKS_ERR_ALREADY_EXECUTED;
 *   ZKS_ERR_FEE_TOO_HIGH; ZKS_ERR_BUSY; ZKS_ERR_IO (the journal); ZKS_ERR_SIGNER;
 *   transport statuses (of reads before anything was sent).
 * Out: the hash buffers; zeroed on failure, except the doubted hashes with
 *   ZKS_ERR_OUTCOME_UNKNOWN and ZKS_ERR_ALREADY_EXECUTED. */

/* zks_wallet_set_signing_key auth types (zks_cpk_auth values). */
/** ChangePubKey to the wallet's key, paid in fee_token. auth ZKS_CPK_ONCHAIN
 *  first sends setAuthPubkeyHash on L1 (unless authFacts already holds the
 *  key for this nonce) and waits for it (needs the L1 layer); ZKS_CPK_ECDSA
 *  signs the 60-byte authorisation. ZKS_ERR_STATE if the key is already set. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_set_signing_key(zks_wallet *w, uint32_t auth, const char *fee_token,
                                                              const char *fee,
                                                              char out_hash[ZKS_TX_HASH_CHARS + 1]);

/** Transfer amount of token to `to` ("0x..."); the fee is paid in token. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_transfer(zks_wallet *w, const char *to, const char *token,
                                                       const char *amount, const char *fee,
                                                       char out_hash[ZKS_TX_HASH_CHARS + 1]);

/** n transfers submitted as one batch with ONE Ethereum signature (zksync.js
 *  syncMultiTransfer). to/tokens/amounts are n-element arrays, 1 <= n <= 100
 *  (else ZKS_ERR_INVALID_ARG). The whole
 *  batch fee (get_txs_batch_fee_in_wei, or total_fee when not NULL) is paid
 *  in fee_token: by the first transfer in fee_token, or else by an extra
 *  zero-amount transfer to self appended to the batch.
 *  Out: out_hashes: out_cap entries of (ZKS_TX_HASH_CHARS + 1) (flat, batch
 *  order, the extra fee transfer last); *out_count = entries written.
 *  Returns also ZKS_ERR_BUFFER_SIZE when out_cap is below the number of
 *  transactions (n, or n + 1 with the extra fee transfer; n + 1 always suffices). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_transfer_batch(zks_wallet *w, const char *const *to,
                                                             const char *const *tokens, const char *const *amounts,
                                                             size_t n, const char *fee_token,
                                                             const char *total_fee, char *out_hashes,
                                                             size_t out_cap, size_t *out_count);

/** Withdraw amount of token to the L1 address `to` (NULL = own address);
 *  fast != 0 asks for fast processing (fee type FastWithdraw). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_withdraw(zks_wallet *w, const char *to, const char *token,
                                                       const char *amount, const char *fee, int32_t fast,
                                                       char out_hash[ZKS_TX_HASH_CHARS + 1]);

/** ForcedExit of `target` (an account with no signing key) in token; the fee is paid in token. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_forced_exit(zks_wallet *w, const char *target, const char *token,
                                                          const char *fee, char out_hash[ZKS_TX_HASH_CHARS + 1]);

/** MintNFT with content_hash for recipient (NULL = self), fee in fee_token.
 *  The new NFT id: zks_provider_get_nft_id_by_tx_hash once committed. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_mint_nft(zks_wallet *w, const char *recipient,
                                                       const uint8_t content_hash[ZKS_ETH_HASH_BYTES],
                                                       const char *fee_token,
                                                       const char *fee, char out_hash[ZKS_TX_HASH_CHARS + 1]);

/** Transfers NFT nft_id to `to` as zksync.js syncTransferNFT: a 2-tx batch
 *  [NFT transfer with fee 0, zero-amount transfer to self carrying the fee
 *  in fee_token], one Ethereum signature.
 *  Out: out_hash_nft and out_hash_fee (the two hashes). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_transfer_nft(zks_wallet *w, const char *to, uint32_t nft_id,
                                                           const char *fee_token, const char *fee,
                                                           char out_hash_nft[ZKS_TX_HASH_CHARS + 1],
                                                           char out_hash_fee[ZKS_TX_HASH_CHARS + 1]);

/** WithdrawNFT of nft_id to the L1 address `to` (NULL = self); fast as zks_wallet_withdraw. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_withdraw_nft(zks_wallet *w, const char *to, uint32_t nft_id,
                                                           const char *fee_token, const char *fee, int32_t fast,
                                                           char out_hash[ZKS_TX_HASH_CHARS + 1]);

/** Signs an order (zksync.js signOrder / signLimitOrder): sell token_sell for
 *  token_buy at ratio_sell:ratio_buy (base units), amount of token_sell
 *  (NULL or "0": a limit order), recipient NULL = self, at the current nonce.
 *  The order does not use up the nonce locally (it is consumed by the swap).
 *  Out: *out_order_json: {"accountId",..,"signature":{..},"ethSignature":"0x.."},
 *  the server's Order form plus the owner's Ethereum signature, for
 *  zks_wallet_swap; release with zks_free; NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_sign_order(zks_wallet *w, const char *recipient, const char *token_sell,
                                                         const char *token_buy, const char *ratio_sell,
                                                         const char *ratio_buy, const char *amount,
                                                         char **out_order_json);

/** Submits a Swap of two signed orders (from zks_wallet_sign_order, possibly
 *  of other wallets) as submitter: amount_a of order A's token_sell against
 *  amount_b of order B's token_sell (NULL = the order's own amount, which
 *  must then be nonzero); the fee is paid in fee_token. Sends the signature
 *  triple [swap, order A, order B]. ZKS_ERR_JSON for malformed orders. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_swap(zks_wallet *w, const char *order_a_json,
                                                   const char *order_b_json, const char *amount_a,
                                                   const char *amount_b, const char *fee_token, const char *fee,
                                                   char out_hash[ZKS_TX_HASH_CHARS + 1]);

/** Waits for tx_hash (committed or verified, see zks_provider_wait_tx). A
 *  failed transaction gives ZKS_ERR_TX_FAILED with the fail reason in out and
 *  in zks_wallet_errmsg, and makes the wallet fetch its nonce again. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_wait_tx(zks_wallet *w, const char *tx_hash, uint32_t level,
                                                      uint32_t timeout_ms, zks_tx_info *out);

/* L1 operations through the wallet's zks_l1 (ZKS_ERR_STATE without one);
 * statuses and result as the zks_l1_* functions. wait_ms 0 = do not wait for
 * the receipt (then there is no serial id). */

/** Deposits amount of token (ETH or an ERC20) to `to` (NULL = self). ERC20
 *  deposits approve 2^256-1 first when the allowance is below 2^255. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_deposit(zks_wallet *w, const char *to, const char *token,
                                                      const char *amount, uint32_t wait_ms, zks_l1_result *out);

/** requestFullExit of the wallet's account for token (an NFT id >= 65536 uses requestFullExitNFT). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_full_exit(zks_wallet *w, const char *token, uint32_t wait_ms,
                                                        zks_l1_result *out);

/** withdrawPendingBalance of token for the wallet's address; amount NULL = all pending. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_withdraw_pending_balance(zks_wallet *w, const char *token,
                                                                       const char *amount, uint32_t wait_ms,
                                                                       zks_l1_result *out);

/** Waits for a priority operation (deposit, full exit) by serial id, as zks_provider_wait_ethop. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_wait_ethop(zks_wallet *w, uint64_t serial_id, uint32_t level,
                                                         uint32_t timeout_ms, zks_tx_info *out);

/* ---- never pay twice: doubts, the journal, fee caps (docs/reliability.md) ---- */

/* zks_wallet_doubt.resolved */
typedef enum zks_wallet_resolved {
    ZKS_WALLET_RESOLVED_NONE = 0,     /* no doubt was resolved yet (or one is open) */
    ZKS_WALLET_RESOLVED_EXECUTED = 1, /* the doubted submission went through: hash/last_hash executed */
    ZKS_WALLET_RESOLVED_DROPPED = 2   /* it failed, or its nonce went to another tx: it never pays */
} zks_wallet_resolved;

/** The wallet's doubt: a submission whose outcome is unknown (a lost reply, a
 *  timeout after sending). While it is open no other transaction is signed
 *  for the account: every L2 operation first resolves it. */
typedef struct zks_wallet_doubt {
    uint32_t struct_size;              /* sizeof(zks_wallet_doubt) (ZKS_WALLET_DOUBT_INIT) */
    int32_t open;                      /* 1: a submission of unknown outcome is open */
    int32_t batch;                     /* 1: it is a batch (submit_txs_batch) */
    int32_t resolved;                  /* with open 0: zks_wallet_resolved of the last doubt */
    uint32_t nonce;                    /* its (first) nonce */
    uint32_t count;                    /* its transactions: 1, or the batch size */
    char hash[ZKS_TX_HASH_CHARS + 1];  /* the expected hash of its first transaction */
    char last_hash[ZKS_TX_HASH_CHARS + 1]; /* of its last (== hash for one transaction) */
} zks_wallet_doubt;
#define ZKS_WALLET_DOUBT_INIT {sizeof(zks_wallet_doubt), 0, 0, 0, 0, 0, "", ""}

/** Reads the wallet's doubt (no network). out->struct_size must be set.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_BUSY. Out: *out (zeroed on failure, struct_size kept). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_doubt_get(zks_wallet *w, zks_wallet_doubt *out);

/** Resolves an open doubt, polling up to timeout_ms (0 = one look): reads the
 *  committed nonce, then our hash; sends the very same signed bytes again
 *  while neither moved. Never signs anything.
 *  Returns: ZKS_OK (no doubt, or it never paid: signing may go on);
 *    ZKS_ERR_ALREADY_EXECUTED (it went through: do not pay again; the hash in
 *    out); ZKS_ERR_OUTCOME_UNKNOWN (still open at the timeout); transport statuses.
 *  Out: *out when not NULL (struct_size set). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_resolve(zks_wallet *w, uint32_t timeout_ms, zks_wallet_doubt *out);

/** Journal hook: called with a record (text, len bytes) BEFORE a submission
 *  is sent, and with NULL, 0 once its outcome is known. Store it durably; any
 *  status but ZKS_OK stops the send (nothing sent). */
typedef zks_status (*zks_wallet_journal_fn)(void *ctx, const char *record, size_t len);

/** A journal file at path (crash-safe: temp file, fsync, rename, fsync of the
 *  directory; a keccak checksum in the record). A record already there (from
 *  an earlier process) is loaded as the open doubt, so the next operation
 *  resolves it before it signs anything. path NULL turns the journal off.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_IO; ZKS_ERR_FILE_FORMAT (bad
 *  checksum, or a record of another account or chain); ZKS_ERR_BUSY; ZKS_ERR_NOMEM. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_set_journal(zks_wallet *w, const char *path);

/** The same with the caller's storage: fn (NULL = off) receives the records;
 *  record/len (NULL, 0 = none) is the last one fn stored, loaded as the open doubt.
 *  L2 doubts only: it turns off the file journal of the wallet's zks_l1 as well;
 *  journal L1 sends with zks_l1_set_journal(zks_wallet_l1(w), ...).
 *  Returns: as zks_wallet_set_journal. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_set_journal_hook(zks_wallet *w, zks_wallet_journal_fn fn, void *ctx,
                                                               const char *record, size_t len);

/** Fee cap for token (symbol, id or address): a fee quoted by the server above
 *  max_fee (base units) is refused with ZKS_ERR_FEE_TOO_HIGH before anything is
 *  signed, in every L2 operation paying in that token (batches: the total).
 *  max_fee NULL removes the cap. Up to 16 tokens. A fee given by the caller is
 *  not capped; a call's own cap ("max:N" as its fee argument) replaces this one.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_INVALID_AMOUNT; ZKS_ERR_NOT_FOUND
 *  (token); ZKS_ERR_BUFFER_SIZE (17th token); ZKS_ERR_BUSY; transport statuses. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_wallet_set_max_fee(zks_wallet *w, const char *token, const char *max_fee);

/* ===========================================================================
 * After the shutdown (docs/exit.md). zkSync Lite stopped on 2026-05-04: the
 * server refuses L2 submissions (ZKS_ERR_NETWORK_SHUT_DOWN), the L1 contract is
 * in exodus mode, and every holder claims the final L2 balance on L1 with a
 * keccak Merkle proof built from the final state snapshot.
 * ========================================================================= */

/* ---- claim tree and snapshot files (lib/exit, offline) ---- */
/*
 * The claim tree (docs/exit-tree.md): leaf = keccak256(index(32, BE) ||
 * account(20) || token(20) || amount(32, BE)); a pair hashes as
 * keccak256(min || max) (32-byte big-endian comparison); an odd last node
 * moves up unchanged (OpenZeppelin MerkleProof, merkletreejs sortPairs). The
 * snapshot files are CSV: accounts.csv, balances.csv, tokens.csv and
 * new_leaves.csv, as the reference exit tool (matter-labs/zksync
 * core/bin/exit_tree_generator) reads and writes them. Everything here is
 * offline and thread-safe across objects; the tree is never held whole (the
 * root and any set of proofs come out of one streaming pass, in memory
 * proportional to log N and to the number of requested leaves).
 *
 * File errors: functions that read or write files take an optional
 * zks_exit_error *err (NULL allowed). On failure it names the file, the
 * 1-based line (0 when none applies) and what is wrong; on success it is
 * cleared. Statuses: ZKS_ERR_IO (open, read, write, fsync, rename) and
 * ZKS_ERR_FILE_FORMAT (malformed content, including an empty file, a missing
 * header column, a line longer than ZKS_EXIT_CSV_LINE_MAX, a field longer
 * than ZKS_EXIT_CSV_FIELD_MAX, a bad number or address, an amount >= 2^256).
 */
#define ZKS_EXIT_HASH_BYTES 32          /* leaf, node, root */
#define ZKS_EXIT_ADDRESS_BYTES 20
#define ZKS_EXIT_AMOUNT_BYTES 32        /* uint256, big-endian */
#define ZKS_EXIT_LEAF_DATA_BYTES 104    /* index || account || token || amount, the hashed bytes */
#define ZKS_EXIT_PROOF_MAX_DEPTH 64     /* siblings in a proof; a tree of N leaves needs ceil(log2 N) */
#define ZKS_EXIT_CSV_LINE_MAX 65536     /* longest CSV record in bytes (longer: ZKS_ERR_FILE_FORMAT) */
#define ZKS_EXIT_CSV_FIELD_MAX 1024     /* longest field in bytes */
#define ZKS_EXIT_CSV_COLUMNS_MAX 64     /* most columns in a record */
#define ZKS_EXIT_ERROR_TEXT_CHARS 255   /* zks_exit_error.file and .message, without the NUL */

/* The snapshot file kinds (zks_exit_reader_open). Required header columns:
 * ACCOUNTS id,nonce,address,pubkey_hash; BALANCES account_id,coin_id,balance;
 * TOKENS id,address (symbol,decimals read when present); LEAVES
 * claim_index,account_address,token_address,balance. */
typedef enum zks_exit_file_kind {
    ZKS_EXIT_FILE_ACCOUNTS = 1,
    ZKS_EXIT_FILE_BALANCES = 2,
    ZKS_EXIT_FILE_TOKENS = 3,
    ZKS_EXIT_FILE_LEAVES = 4
} zks_exit_file_kind;

/** Where and why a file operation failed. All strings NUL-terminated. */
typedef struct zks_exit_error {
    char file[ZKS_EXIT_ERROR_TEXT_CHARS + 1];    /* the path as given (cut to fit) */
    uint64_t line;                               /* 1-based line of the record; 0 = not about a line */
    char message[ZKS_EXIT_ERROR_TEXT_CHARS + 1]; /* "<file> line <n>: <what>" in English */
} zks_exit_error;

/** One record of a snapshot file. Only the fields of its kind are set; the
 *  others are zero. Strings are NUL-terminated. */
typedef struct zks_exit_record {
    uint32_t kind;          /* ZKS_EXIT_FILE_* */
    uint64_t line;          /* 1-based line where the record starts */
    uint64_t id;            /* ACCOUNTS id, BALANCES account_id, TOKENS id, LEAVES claim_index */
    uint32_t nonce;         /* ACCOUNTS */
    uint32_t token_id;      /* BALANCES coin_id */
    uint32_t decimals;      /* TOKENS (0 when the column is absent or empty) */
    int32_t is_sync_pubkey; /* ACCOUNTS: 1 when pubkey_hash was written "sync:...", 0 for "0x..." */
    uint8_t address[ZKS_EXIT_ADDRESS_BYTES];     /* ACCOUNTS address, TOKENS address, LEAVES account_address */
    uint8_t token[ZKS_EXIT_ADDRESS_BYTES];       /* LEAVES token_address */
    uint8_t pubkey_hash[ZKS_PUBKEY_HASH_BYTES];  /* ACCOUNTS */
    uint8_t amount[ZKS_EXIT_AMOUNT_BYTES];       /* BALANCES balance, LEAVES balance (big-endian) */
    char balance[ZKS_AMOUNT_CHARS + 1];    /* the balance text exactly as in the file */
    char symbol[ZKS_SYMBOL_CHARS + 1];      /* TOKENS (may be "") */
} zks_exit_record;

/** A claim proof, as the reference's create-proof prints it. path holds
 *  path_len siblings, leaf level first. */
typedef struct zks_exit_proof {
    uint64_t claim_index;
    uint8_t account[ZKS_EXIT_ADDRESS_BYTES];
    uint8_t token[ZKS_EXIT_ADDRESS_BYTES];
    uint8_t amount[ZKS_EXIT_AMOUNT_BYTES];     /* big-endian */
    char balance[ZKS_AMOUNT_CHARS + 1];  /* decimal text as in new_leaves.csv */
    uint8_t leaf[ZKS_EXIT_HASH_BYTES];
    uint8_t root[ZKS_EXIT_HASH_BYTES];
    uint32_t path_len;
    uint8_t path[ZKS_EXIT_PROOF_MAX_DEPTH][ZKS_EXIT_HASH_BYTES];
} zks_exit_proof;

/** Progress of a long file pass: done and total in bytes of input (total 0 =
 *  unknown). Called at most every 1 MiB of input; may be NULL. */
typedef void (*zks_exit_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/** The leaf hash keccak256(index || account || token || amount) (104 bytes).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL). Out: out: 32 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_leaf_hash(uint64_t index, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                                                      const uint8_t token[ZKS_EXIT_ADDRESS_BYTES],
                                                      const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                                                      uint8_t out[ZKS_EXIT_HASH_BYTES]);

/** Checks a proof as OpenZeppelin MerkleProof.verify: h = leaf, then
 *  h = keccak256(min(h, s) || max(h, s)) for each sibling s; valid iff h == root.
 *  In:  path: path_len * 32 bytes (NULL allowed when path_len is 0), path_len <= ZKS_EXIT_PROOF_MAX_DEPTH.
 *  Returns: ZKS_OK (valid); ZKS_ERR_PROOF_INVALID; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_verify(const uint8_t leaf[ZKS_EXIT_HASH_BYTES], const uint8_t *path,
                                                   size_t path_len, const uint8_t root[ZKS_EXIT_HASH_BYTES]);

/** Checks a whole proof: its leaf must be the hash of its index, account,
 *  token and amount, its balance text must be that amount, and its path
 *  must lead from the leaf to root (NULL root = its own root field).
 *  Returns: ZKS_OK; ZKS_ERR_PROOF_INVALID; ZKS_ERR_INVALID_ARG (NULL, path_len too big). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_proof_verify(const zks_exit_proof *proof,
                                                         const uint8_t root[ZKS_EXIT_HASH_BYTES]);

/* ---- reading the snapshot files one record at a time ---- */
typedef struct zks_exit_reader zks_exit_reader;

/** Opens a snapshot file of the given kind and reads its header (columns by
 *  name, any order, extra columns ignored; a UTF-8 BOM and "\r\n" accepted).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, unknown kind); ZKS_ERR_IO;
 *    ZKS_ERR_FILE_FORMAT (empty file, missing column, bad header); ZKS_ERR_NOMEM.
 *  Out: *out (zks_exit_reader_free); NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_reader_open(const char *path, uint32_t kind, zks_exit_reader **out,
                                                        zks_exit_error *err);

/** The same over len bytes in memory (copied); name is used in messages (NULL = "<memory>"). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_reader_open_buffer(const char *name, const uint8_t *data, size_t len,
                                                               uint32_t kind, zks_exit_reader **out,
                                                               zks_exit_error *err);

/** Reads the next record. Blank lines are skipped. Every record must have as
 *  many fields as the header.
 *  Returns: ZKS_OK with *out_eof = 0 and *out set, or ZKS_OK with *out_eof = 1
 *    at the end (out zeroed); ZKS_ERR_FILE_FORMAT / ZKS_ERR_IO (err names the
 *    line; the reader then stays failed); ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_reader_next(zks_exit_reader *r, zks_exit_record *out,
                                                        int32_t *out_eof, zks_exit_error *err);

/** Closes r. NULL is a no-op. */
ZKS_API void zks_exit_reader_free(zks_exit_reader *r);

/* ---- the leaves ---- */

/** create-new-leaves: derives the claim leaves from accounts.csv,
 *  balances.csv and tokens.csv exactly as the reference: every balance row
 *  (zero balances included; NFTs under the address tokens.csv gives their id)
 *  is added to the sum of its (account address, token address) pair, several
 *  account ids with one address adding up; the pairs are sorted bytewise and
 *  numbered 0, 1, 2, ... . A balance row whose account id is not in
 *  accounts.csv or whose token id is not in tokens.csv, a duplicate id in
 *  accounts.csv or tokens.csv, a sum >= 2^256, or no balance row at all is
 *  ZKS_ERR_FILE_FORMAT. Writes new_leaves.csv (header
 *  claim_index,account_address,token_address,balance; "\n" line ends;
 *  lowercase 0x addresses; balances without leading zeros) to a temporary
 *  file in output's folder, fsyncs it and renames it to output: on failure
 *  output is untouched and no temporary file is left. Memory: about 72 bytes
 *  per balance row plus 24 per account and token.
 *  In:  output: path to write (NULL = "new_leaves.csv"). progress: NULL or called while reading balances.csv.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_IO; ZKS_ERR_FILE_FORMAT; ZKS_ERR_NOMEM.
 *  Out: *out_leaves (may be NULL): number of leaves written; 0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_create_leaves(const char *accounts_csv, const char *balances_csv,
                                                          const char *tokens_csv, const char *output,
                                                          zks_exit_progress_fn progress, void *progress_ctx,
                                                          uint64_t *out_leaves, zks_exit_error *err);

/* ---- root and proofs in one streaming pass ---- */
typedef struct zks_exit_tree zks_exit_tree;

/** A new, empty streaming tree. Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_NOMEM.
 *  Out: *out (zks_exit_tree_free); NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_new(zks_exit_tree **out);

/** Frees t. NULL is a no-op. */
ZKS_API void zks_exit_tree_free(zks_exit_tree *t);

/** Asks for the proof of the leaf (account, token), or of every leaf of
 *  account when token is NULL. Call before the first leaf is added; asking
 *  twice is harmless. Memory grows by about 64 bytes per request plus
 *  32 * depth per leaf found.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL t/account); ZKS_ERR_STATE (leaves already added); ZKS_ERR_NOMEM. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_request(zks_exit_tree *t, const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                                                         const uint8_t *token);

/** Adds the next leaf. index must be the number of leaves added so far
 *  (0, 1, 2, ...). balance: its text for proofs (NULL = the decimal form of
 *  amount); when given it must be decimal digits of exactly that amount.
 *  A requested (account, token) pair met twice is ZKS_ERR_FILE_FORMAT.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, wrong index, bad balance text);
 *    ZKS_ERR_FILE_FORMAT (duplicate requested pair); ZKS_ERR_STATE (after the root); ZKS_ERR_NOMEM. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_add(zks_exit_tree *t, uint64_t index,
                                                     const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                                                     const uint8_t token[ZKS_EXIT_ADDRESS_BYTES],
                                                     const uint8_t amount[ZKS_EXIT_AMOUNT_BYTES],
                                                     const char *balance);

/** Streams the leaves of a new_leaves.csv file into t (as zks_exit_tree_add
 *  for each record). claim_index must run 0, 1, 2, ... continuing from the
 *  leaves already in t; a duplicate, gap or out-of-order index is
 *  ZKS_ERR_FILE_FORMAT with its line. A file with no leaf is ZKS_ERR_FILE_FORMAT.
 *  Returns: as zks_exit_reader_next and zks_exit_tree_add. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_add_file(zks_exit_tree *t, const char *leaves_csv,
                                                          zks_exit_progress_fn progress, void *progress_ctx,
                                                          zks_exit_error *err);

/** Ends the pass and gives the root (later calls give the same root; no
 *  leaf can be added after). One leaf: the root is its hash.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_STATE (no leaves: no root).
 *  Out: out_root: 32 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_root(zks_exit_tree *t, uint8_t out_root[ZKS_EXIT_HASH_BYTES]);

/** Number of leaves added so far. Returns: ZKS_OK; ZKS_ERR_INVALID_ARG. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_leaf_count(const zks_exit_tree *t, uint64_t *out);

/** Number of proofs found for the requests (after zks_exit_tree_root), in
 *  claim-index order for zks_exit_tree_proof_at.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_STATE (root not computed yet). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_proof_count(const zks_exit_tree *t, size_t *out);

/** The i-th proof found (claim-index order).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, i out of range); ZKS_ERR_STATE (no root yet).
 *  Out: *out; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_proof_at(const zks_exit_tree *t, size_t i, zks_exit_proof *out);

/** The proof of (account, token), which must have been requested.
 *  Returns: ZKS_OK; ZKS_ERR_NOT_FOUND (no such leaf, or not requested);
 *    ZKS_ERR_INVALID_ARG; ZKS_ERR_STATE (no root yet). Out: *out; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_tree_proof_find(const zks_exit_tree *t,
                                                            const uint8_t account[ZKS_EXIT_ADDRESS_BYTES],
                                                            const uint8_t token[ZKS_EXIT_ADDRESS_BYTES],
                                                            zks_exit_proof *out);

/** calculate-root-for-keccak-tree in one call: streams new_leaves.csv and
 *  gives its root and leaf count (out_leaves may be NULL).
 *  Returns: as zks_exit_tree_add_file; ZKS_ERR_NOMEM. Out: zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_root_file(const char *leaves_csv, zks_exit_progress_fn progress,
                                                      void *progress_ctx, uint8_t out_root[ZKS_EXIT_HASH_BYTES],
                                                      uint64_t *out_leaves, zks_exit_error *err);

/* ---- the proof JSON of the reference's create-proof ---- */

/** Writes proofs as the reference prints them (serde_json pretty: two-space
 *  indent, fields claimIndex, accountAddress, tokenAddress, balance,
 *  merkleRoot, merklePath, leaf; lowercase hex; no final newline). n may be 0 ("[]").
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, path_len too big, balance not digits); ZKS_ERR_NOMEM.
 *  Out: *out_json: NUL-terminated, release with zks_free; NULL on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_proofs_to_json(const zks_exit_proof *proofs, size_t n, char **out_json);

/** Reads that JSON (an array of such objects, or one object; any spacing;
 *  extra fields ignored). amount is set from balance. Does not verify: see
 *  zks_exit_proof_verify.
 *  Returns: ZKS_OK; ZKS_ERR_JSON (not JSON, wrong type, missing field, bad
 *    hex, balance not a decimal u256, path too long); ZKS_ERR_INVALID_ARG; ZKS_ERR_NOMEM.
 *  Out: *out_proofs: *out_count entries, release with zks_free (NULL when 0); NULL/0 on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_exit_proofs_from_json(const char *json, size_t len,
                                                             zks_exit_proof **out_proofs, size_t *out_count);
/* ---- end of claim tree ---- */

/* ---- state tree: the final Rescue state root from the snapshot (lib/exit/state_tree.c) ---- */
/*
 * The Rescue state root of zkSync Lite (docs/state-root.md, sunset.md section
 * 7) computed from accounts.csv and balances.csv: the account tree (depth 32,
 * index = account id) of account leaves, each with its balance tree (depth 32,
 * index = token id), node = rescue([left, right]). It must equal the stateHash
 * of the last block executed on L1. Zero balances are empty leaves. Refused
 * with ZKS_ERR_FILE_FORMAT (err names file and line): a duplicate account id,
 * a duplicate (account id, token id) balance row (zero or not), a balance >=
 * 2^128, a balance row of an account id not in accounts.csv, an id above
 * 2^32-1, and whatever the snapshot reader refuses. Unlike the reference tool,
 * an account without balance rows is accepted (its balance tree is empty).
 * Sorted input (both files by account id) is read in one streaming pass in
 * memory bounded by the largest 65536-id block of accounts (about 170 bytes
 * per account and 120 per balance row of that block); otherwise both files
 * are loaded (56 bytes per account, 32 per balance row; 10 million balance
 * rows and 8 million accounts stay under 1 GB) and sorted. Thread-safe across
 * calls.
 */
#define ZKS_STATE_ROOT_BYTES 32          /* big-endian, as the stateHash on L1 */
#define ZKS_STATE_MAX_THREADS 64
typedef enum zks_state_phase {
    ZKS_STATE_PHASE_READ = 1, /* loading unsorted files (done/total: rows) */
    ZKS_STATE_PHASE_HASH = 2  /* hashing (done/total: rows of both files) */
} zks_state_phase;

/** Progress of a state-root computation. */
typedef struct zks_state_progress {
    uint32_t phase;     /* ZKS_STATE_PHASE_* */
    uint64_t done;      /* rows of the phase done */
    uint64_t total;     /* rows in both files (counted up front when a callback is set) */
    uint64_t accounts;  /* accounts hashed so far */
    uint64_t balances;  /* non-zero balances hashed so far */
} zks_state_progress;

/** Progress callback: called from the calling thread about every 4096 accounts.
 *  Return 0 to go on, non-zero to stop: the computation then writes its
 *  checkpoint (when one is set) and returns ZKS_ERR_STATE. */
typedef int32_t (*zks_state_progress_fn)(void *ctx, const zks_state_progress *p);

/** Options (zero-initialised = the defaults; see zks_state_options_init). */
typedef struct zks_state_options {
    uint32_t threads;              /* hashing threads including the caller's: 0 or 1 = the caller only;
                                      at most ZKS_STATE_MAX_THREADS */
    uint32_t balance_depth;        /* 0 = 32 (the layout since the NFT upgrade); 1..32 (11 = before it) */
    zks_state_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    const char *checkpoint;        /* NULL, or a file (files API only): the finished 65536-id blocks are
                                      written to it as they complete; a later call with the same files
                                      (size and mtime) and depth resumes from it; removed on success */
} zks_state_options;

/** An account row for zks_state_root_rows. */
typedef struct zks_state_account {
    uint32_t id;
    uint32_t nonce;
    uint8_t address[ZKS_ETH_ADDRESS_BYTES];
    uint8_t pubkey_hash[ZKS_PUBKEY_HASH_BYTES];
} zks_state_account;

/** A balance row for zks_state_root_rows. */
typedef struct zks_state_balance {
    uint32_t account_id;
    uint32_t token_id;
    uint8_t balance[16];           /* u128, big-endian */
} zks_state_balance;

/** Sets *o to the defaults (1 thread, depth 32, no progress, no checkpoint).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_state_options_init(zks_state_options *o);

/** restore-zksync-tree: the state root of accounts.csv and balances.csv
 *  (either order of rows).
 *  In:  opts: NULL = defaults. err: NULL or receives file, line and reason.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL path, bad options); ZKS_ERR_IO;
 *    ZKS_ERR_FILE_FORMAT; ZKS_ERR_NOMEM; ZKS_ERR_STATE (stopped by the progress
 *    callback; the checkpoint, if any, is written).
 *  Out: out_root: 32 bytes big-endian; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_state_root_files(const char *accounts_csv, const char *balances_csv,
                                                        const zks_state_options *opts,
                                                        uint8_t out_root[ZKS_STATE_ROOT_BYTES],
                                                        zks_exit_error *err);

/** The same over rows given by the caller (any order; err->line = 1-based row
 *  index, err->file = "accounts" or "balances"). opts->checkpoint is ignored.
 *  In:  accounts/balances: NULL allowed when the count is 0.
 *  Returns and Out: as zks_state_root_files (no ZKS_ERR_IO). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_state_root_rows(const zks_state_account *accounts, size_t n_accounts,
                                                       const zks_state_balance *balances, size_t n_balances,
                                                       const zks_state_options *opts,
                                                       uint8_t out_root[ZKS_STATE_ROOT_BYTES],
                                                       zks_exit_error *err);

/** The text form "0x" + 64 lowercase hex of a root.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL). Out: out: 67 bytes with the NUL. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_state_root_hex(const uint8_t root[ZKS_STATE_ROOT_BYTES],
                                                      char out[ZKS_HASH_HEX_CHARS + 1]);
/* ---- the root on L1 (lib/l1/state_root.c) ----
 * N = totalBlocksExecuted(), H = storedBlockHashes(N); the StoredBlockInfo of
 * block N comes from the calldata of the executeBlocks transaction (selector
 * 0xb0705b42, mainnet ABI executeBlocks(((uint32,uint64,bytes32,uint256,
 * bytes32,bytes32),bytes[])[])) that emitted BlockVerification(N), found by
 * eth_getLogs scans from the latest block backwards; its keccak256(abi.encode)
 * must equal H, and its stateHash is the root to compare. */
#define ZKS_L1_STATE_SCAN_DEFAULT 10000u /* blocks per eth_getLogs request */

/** The StoredBlockInfo struct of the zkSync contract. */
typedef struct zks_l1_stored_block {
    uint32_t block_number;
    uint32_t reserved;                        /* 0 */
    uint64_t priority_operations;
    uint8_t pending_onchain_ops_hash[ZKS_ETH_HASH_BYTES];
    uint8_t timestamp[ZKS_U256_BYTES];                    /* uint256, big-endian */
    uint8_t state_hash[ZKS_STATE_ROOT_BYTES];                   /* the state root, big-endian */
    uint8_t commitment[ZKS_ETH_HASH_BYTES];
} zks_l1_stored_block;

/** What zks_l1_final_state_root found. */
typedef struct zks_l1_state_root {
    zks_l1_stored_block block;                /* block N */
    uint8_t stored_hash[ZKS_ETH_HASH_BYTES];                  /* H = storedBlockHashes(N) = keccak of block */
    uint64_t l1_block;                        /* L1 block of the executeBlocks transaction */
    uint64_t scan_requests;                   /* eth_getLogs requests made */
    char tx_hash[ZKS_HASH_HEX_CHARS + 1]; /* the executeBlocks transaction */
} zks_l1_state_root;

/** keccak256(abi.encode(StoredBlockInfo)) (six 32-byte words), as storedBlockHashes holds it.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG. Out: out: 32 bytes; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_stored_block_hash(const zks_l1_stored_block *b,
                                                            uint8_t out[ZKS_ETH_HASH_BYTES]);

/** Finds the StoredBlockInfo of block_number in executeBlocks calldata
 *  (selector included). Offsets and lengths are checked against len.
 *  Returns: ZKS_OK; ZKS_ERR_PARSE (another selector, malformed ABI);
 *    ZKS_ERR_NOT_FOUND (no such block in it); ZKS_ERR_INVALID_ARG.
 *  Out: *out; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_decode_execute_blocks(const uint8_t *calldata, size_t len,
                                                                uint32_t block_number, zks_l1_stored_block *out);

/** The final state root on L1 of the zkSync contract (proxy) at contract.
 *  In:  from_block: lowest L1 block scanned (0 = genesis; mainnet: 11000000
 *       is before the contract). scan_blocks: blocks per eth_getLogs request
 *       (0 = ZKS_L1_STATE_SCAN_DEFAULT; public nodes cap the range).
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, bad address); ZKS_ERR_NOT_FOUND
 *    (no BlockVerification(N) log in the range, or N = 0); ZKS_ERR_PARSE (the
 *    transaction is not a direct executeBlocks call, bad answers);
 *    ZKS_ERR_MISMATCH (the block in the calldata does not hash to H);
 *    network statuses of zks_eth_rpc. The message is in zks_eth_rpc_errmsg
 *    when the RPC failed.
 *  Out: *out; zeroed on failure. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_final_state_root(zks_eth_rpc *rpc, const char *contract, uint64_t from_block,
                                                           uint64_t scan_blocks, zks_l1_state_root *out);
/* ---- end of state tree ---- */

/* ---- network state, claims and pending balances on L1 (lib/l1) ---- */
/*
 * After the shutdown (docs/exit-tools.md, spec: the L1 contract gained
 * pauseDeposits, setClaimRoot, migrateToken; exodus mode starts when the claim
 * root is set). Everything here except zks_l1_claims_send is read-only and
 * needs only a zks_eth_rpc and the main contract (proxy) address, no key.
 *
 * Log scans (eth_getLogs) run in chunks of blocks, oldest first, so that the
 * last log wins (setClaimRoot may run again with a new distributor and root).
 * A chunk the node refuses (JSON-RPC error, answer too large) is split in
 * halves down to one block. Mainnet callers should start at the contract's
 * deployment block: scanning from block 0 works but costs many requests.
 */
#define ZKS_L1_SCAN_CHUNK_DEFAULT 10000u

/* Progress of a log scan: blocks up to scanned_to are done, of [from, to]. */
typedef void (*zks_l1_scan_progress)(void *ctx, uint64_t scanned_to, uint64_t from, uint64_t to);

/* Log scan options (struct_size: new fields are appended). NULL options = defaults. */
typedef struct zks_l1_scan_options {
    uint32_t struct_size;           /* sizeof(zks_l1_scan_options); ZKS_L1_SCAN_OPTIONS_INIT sets it */
    uint32_t reserved;              /* 0 */
    uint64_t from_block;            /* first block scanned (default 0); mainnet: the deployment block */
    uint64_t to_block;              /* last block scanned; 0 = eth_blockNumber at the start */
    uint64_t chunk_blocks;          /* blocks per eth_getLogs request; 0 = ZKS_L1_SCAN_CHUNK_DEFAULT */
    zks_l1_scan_progress progress;  /* may be NULL; called after every chunk */
    void *progress_ctx;
} zks_l1_scan_options;

#define ZKS_L1_SCAN_OPTIONS_INIT { sizeof(zks_l1_scan_options), 0, 0, 0, 0, NULL, NULL }

/* The sunset state of the main contract (struct_size: new fields are appended;
 * set struct_size before the call). Flags are 1 / 0, or -1 when the contract
 * has no such function (a contract from before the sunset upgrade). */
typedef struct zks_l1_network_state {
    uint32_t struct_size;               /* sizeof(zks_l1_network_state); set by the caller */
    int32_t exodus_mode;                /* exodusMode() */
    int32_t deposits_paused;            /* pausedDeposits(); -1 if absent */
    int32_t has_claim_distributor;      /* an L1ClaimDistributorSet log was found */
    char claim_distributor[ZKS_ETH_ADDRESS_CHARS + 1]; /* the last one, lowercase "0x..."; "" if none */
    uint64_t claim_distributor_block;   /* block of that log */
    uint64_t claim_root_set_count;      /* L1ClaimDistributorSet logs seen (setClaimRoot calls) */
    int32_t has_claim_root;             /* a ClaimRootSet log was found */
    int32_t has_merkle_root;            /* MERKLE_ROOT() of the distributor was read */
    uint8_t claim_root[ZKS_ETH_HASH_BYTES];             /* the last ClaimRootSet root */
    uint64_t claim_root_block;
    uint8_t merkle_root[ZKS_ETH_HASH_BYTES];            /* MERKLE_ROOT() of claim_distributor */
    int32_t roots_match;                /* both known and equal */
    uint32_t total_blocks_executed;     /* totalBlocksExecuted() */
    uint8_t stored_block_hash[ZKS_ETH_HASH_BYTES];      /* storedBlockHashes(total_blocks_executed) */
    uint64_t exodus_block;              /* block of the ExodusMode log, 0 if none */
    uint64_t deposits_pause_block;      /* block of the DepositsPause log, 0 if none */
    uint64_t migrated_token_count;      /* TokenMigrationExecuted logs (a token migrates once) */
    uint64_t scan_from_block;           /* the range actually scanned */
    uint64_t scan_to_block;
    uint64_t scan_requests;             /* eth_getLogs requests made */
} zks_l1_network_state;

/** Reads the sunset state of the zkSync main contract from L1: the views
 *  exodusMode, pausedDeposits, totalBlocksExecuted, storedBlockHashes(that),
 *  the last L1ClaimDistributorSet / ClaimRootSet logs (the distributor and
 *  root are internal in the contract), MERKLE_ROOT() of that distributor and
 *  whether it equals the logged root, the ExodusMode / DepositsPause logs and
 *  the tokens migrated to the distributor (TokenMigrationExecuted logs), in
 *  one chunked log scan (see above).
 *  In:  rpc; contract: the main contract (proxy) "0x..."; opts: NULL = defaults.
 *  Out: *out (struct_size set by the caller; zeroed except struct_size on failure);
 *       out_migrated: migrated_cap entries of ZKS_ETH_ADDRESS_CHARS + 1 chars
 *       (flat, lowercase "0x...", oldest first), may be NULL when migrated_cap
 *       is 0; the first migrated_cap tokens are written, out->migrated_token_count
 *       tells how many there are.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, struct_size, from > to);
 *           ZKS_ERR_INVALID_ADDRESS; ZKS_ERR_L1_REVERT (exodusMode() is not there:
 *           not a zkSync main contract); ZKS_ERR_PARSE (a malformed log or answer);
 *           transport/RPC statuses (the node's message: zks_eth_rpc_errmsg). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_get_network_state(zks_eth_rpc *rpc, const char *contract,
                                                            const zks_l1_scan_options *opts,
                                                            zks_l1_network_state *out, char *out_migrated,
                                                            size_t migrated_cap);

/** isTokenMigrated(token) for n token addresses (ETH = ZKS_ETH_TOKEN_ADDRESS).
 *  Out: out_migrated[i] 1 / 0 (-1 for every token when the contract has no
 *       such function); zeroed on failure.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_INVALID_ADDRESS; transport/RPC statuses. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_tokens_migrated(zks_eth_rpc *rpc, const char *contract,
                                                          const char *const *tokens,
                                                          size_t n, int32_t *out_migrated);

/** Pending balances of owner on the main contract, one per token
 *  (getPendingBalance(owner, token)), and whether each token was migrated.
 *  In:  n token addresses (at most 100000).
 *  Out: out_amounts: n entries of ZKS_AMOUNT_CHARS + 1 chars (flat,
 *       decimal base units); out_migrated (may be NULL): as zks_l1_tokens_migrated.
 *       Zeroed on failure.
 *  Returns: as zks_l1_tokens_migrated. Withdraw them with
 *  zks_l1_withdraw_pending_balance (ZKS_ERR_TOKEN_MIGRATED for a migrated
 *  token: claim it instead). */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_pending_balances(zks_eth_rpc *rpc, const char *contract,
                                                           const char *owner, const char *const *tokens,
                                                           size_t n, char *out_amounts,
                                                           int32_t *out_migrated);

/** Sends migrateToken(token) (selector 0xf96a6006) to the main contract:
 *  moves the contract's whole balance of that token to the claim distributor,
 *  so that its leaves can be claimed. Anyone may send it, once per token.
 *  isTokenMigrated(token) is read first and a migrated token is refused before
 *  anything is sent; the call is simulated (eth_estimateGas) and sent only when
 *  the simulation succeeds, as every zks_l1 send.
 *  In:  token_address "0x..." (ETH = ZKS_ETH_TOKEN_ADDRESS); wait_ms: 0 = do not
 *       wait for the receipt.
 *  Out: *out (tx_hash, nonce, and with wait_ms: mined, block_number, gas_used);
 *       zeroed on failure except the hash of a tx that was or may have been sent.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG; ZKS_ERR_INVALID_ADDRESS; ZKS_ERR_STATE
 *           (already migrated, nothing sent); ZKS_ERR_L1_REVERT (zks_l1_errmsg
 *           keeps the revert string first, then what it means: tm1 no
 *           distributor set, tm2 zero root, tm3 already migrated, tm5 the
 *           contract holds none of it, tm9 the transfer failed, 1i not a listed
 *           token, e.g. an NFT); ZKS_ERR_INSUFFICIENT_FUNDS; transport statuses. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_migrate_token(zks_l1 *l1, const char *token_address, uint32_t wait_ms,
                                                        zks_l1_result *out);

/*
 * Claims. The mainnet distributor's ABI is not public, so the claim and
 * isClaimed functions are given as Solidity signatures WITH parameter names,
 * taken from this set: index (uintN), account (address), token (address),
 * amount (uintN), proof (bytes32[]), each at most once, in any order, e.g.
 * "claim(uint256 index,uint256 amount,bytes32[] proof)" for a distributor that
 * pays msg.sender. The defaults are the local devnet's distributor (our own
 * design, docs/devnet.md): claim(index, account, token, amount, proof) pays
 * account (anyone may send it), isClaimed(index) returns bool.
 *
 * For each leaf: the proof is checked against MERKLE_ROOT() read on chain
 * (leaf = keccak256(index ‖ account ‖ token ‖ amount), sorted-pair keccak,
 * OpenZeppelin MerkleProof); isClaimed is read and a claimed leaf is skipped
 * (ZKS_ERR_ALREADY_CLAIMED, nothing sent); the call is simulated with eth_call
 * (a revert gives ZKS_ERR_L1_REVERT with the reason); only then is it signed
 * and sent, and the receipts are awaited once all were sent.
 * Never two claims for one leaf: a leaf whose earlier tx outcome is unknown
 * is given back with that tx (prev_tx_hash, prev_nonce, prev_raw from its
 * result or the journal). Then no new transaction is signed while the earlier
 * one may still be mined: its receipt is looked up (status 1: done), and if it
 * has none and the sender's L1 nonce has not moved past prev_nonce, only the
 * same signed bytes are sent again. A new one is signed only when the earlier
 * one reverted or can no longer be mined (its nonce was used by another tx).
 */
#define ZKS_L1_DEVNET_CLAIM_FUNCTION "claim(uint256 index,address account,address token,uint256 amount,bytes32[] proof)"
#define ZKS_L1_DEVNET_IS_CLAIMED_FUNCTION "isClaimed(uint256 index)"
#define ZKS_L1_CLAIM_PROOF_MAX 64      /* longest proof accepted (2^64 leaves) */
#define ZKS_L1_CLAIM_RAW_MAX 4096      /* longest signed claim transaction */
#define ZKS_L1_CLAIM_REASON_CHARS 255

/* zks_l1_claim_result.state */
typedef enum zks_l1_claim_state {
    ZKS_L1_CLAIM_FAILED = 0,    /* see status and reason; nothing was sent for it unless tx_hash is set */
    ZKS_L1_CLAIM_CLAIMABLE = 1, /* check only: proof good, not claimed, the simulation succeeded */
    ZKS_L1_CLAIM_CLAIMED = 2,   /* claimed by tx_hash (sent now or earlier) with receipt status 1 */
    ZKS_L1_CLAIM_ALREADY = 3,   /* isClaimed was already true; nothing sent (status ZKS_ERR_ALREADY_CLAIMED) */
    ZKS_L1_CLAIM_PENDING = 4    /* tx_hash sent (or resent) but not mined yet, or its send outcome is
                                   unknown (status says which): give it back as prev_* on a repeat */
} zks_l1_claim_state;

/* One leaf to claim (frozen layout: never changed). */
typedef struct zks_l1_claim {
    uint64_t index;                                   /* claim_index of the leaf */
    char account[ZKS_ETH_ADDRESS_CHARS + 1];          /* "0x..." */
    char token[ZKS_ETH_ADDRESS_CHARS + 1];            /* "0x..." (ETH = zero address) */
    char amount[ZKS_AMOUNT_CHARS + 1];            /* decimal base units */
    size_t proof_len;                                 /* siblings, leaf level first, <= ZKS_L1_CLAIM_PROOF_MAX */
    const uint8_t *proof;                             /* proof_len * 32 bytes (borrowed) */
    char prev_tx_hash[ZKS_HASH_HEX_CHARS + 1];    /* an earlier attempt by the same sender, or "" */
    uint64_t prev_nonce;                              /* its L1 nonce */
    size_t prev_raw_len;                              /* its signed bytes (0 = not kept) */
    const uint8_t *prev_raw;
} zks_l1_claim;

/* The outcome for one leaf (frozen layout). */
typedef struct zks_l1_claim_result {
    int32_t status;                                   /* zks_status of this leaf */
    int32_t state;                                    /* ZKS_L1_CLAIM_* */
    uint64_t nonce;                                   /* L1 nonce of tx_hash */
    uint64_t block_number;                            /* of the receipt, 0 if none */
    uint64_t gas_used;
    char tx_hash[ZKS_HASH_HEX_CHARS + 1];         /* the claim tx, "" if none */
    char reason[ZKS_L1_CLAIM_REASON_CHARS + 1];       /* revert reason or message, "" if none */
    size_t raw_len;                                   /* the signed tx (keep it while PENDING) */
    uint8_t raw[ZKS_L1_CLAIM_RAW_MAX];
} zks_l1_claim_result;

/* Write-ahead hook: called after a claim tx is signed and before it is sent,
 * with result tx_hash, nonce and raw set, so the caller can store them durably
 * (a crash after the send then still knows the tx). Any status other than
 * ZKS_OK stops that leaf before sending (state FAILED with that status). */
typedef zks_status (*zks_l1_claim_journal)(void *ctx, size_t i, const zks_l1_claim *claim,
                                           const zks_l1_claim_result *result);

/* zks_l1_claim_options flags */
#define ZKS_L1_CLAIM_CHECK_ONLY 1u  /* zks_l1_claims_send checks only (as zks_l1_claims_check) */

/* Claim options (struct_size: new fields are appended). NULL options = defaults. */
typedef struct zks_l1_claim_options {
    uint32_t struct_size;              /* sizeof(zks_l1_claim_options); ZKS_L1_CLAIM_OPTIONS_INIT sets it */
    uint32_t flags;                    /* ZKS_L1_CLAIM_CHECK_ONLY or 0 */
    const char *claim_function;        /* NULL = ZKS_L1_DEVNET_CLAIM_FUNCTION */
    const char *is_claimed_function;   /* NULL = ZKS_L1_DEVNET_IS_CLAIMED_FUNCTION */
    uint32_t wait_ms;                  /* per receipt; 0 = do not wait (sent leaves stay PENDING) */
    uint32_t gas_limit;                /* 0 = eth_estimateGas + 20% */
    zks_l1_claim_journal journal;      /* may be NULL */
    void *journal_ctx;
} zks_l1_claim_options;

#define ZKS_L1_CLAIM_OPTIONS_INIT { sizeof(zks_l1_claim_options), 0, NULL, NULL, 0, 0, NULL, NULL }

/** Fills a claim from a proof of the claim tree (zks_exit_tree_proof_at,
 *  zks_exit_proofs_from_json): index, account, token, amount; proof points
 *  into proof->path (borrowed: keep *proof alive); prev_* cleared. No network.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (NULL, path_len above ZKS_L1_CLAIM_PROOF_MAX).
 *  Out: *out; zeroed on failure. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_claim_from_proof(const zks_exit_proof *proof, zks_l1_claim *out);

/** Encodes the claim call of one leaf for a claim function signature with
 *  parameter names (NULL = ZKS_L1_DEVNET_CLAIM_FUNCTION; see above). No network.
 *  Returns: ZKS_OK; ZKS_ERR_INVALID_ARG (signature, names, types, proof_len);
 *           ZKS_ERR_INVALID_ADDRESS; ZKS_ERR_INVALID_AMOUNT (amount or index does
 *           not fit its uintN); ZKS_ERR_BUFFER_SIZE (*out_len = needed).
 *  Out: out (out_cap bytes, zeroed on failure), *out_len. Thread-safe. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_claim_encode(const char *claim_function, const zks_l1_claim *claim,
                                                       uint8_t *out, size_t out_cap, size_t *out_len);

/** Checks n leaves without sending anything: MERKLE_ROOT() of distributor,
 *  each proof, isClaimed, and an eth_call of the claim from the leaf's account.
 *  In:  rpc; distributor "0x..."; opts (NULL = defaults; wait_ms, gas_limit and
 *       journal unused); claims[n], 1 <= n <= 100000.
 *  Out: results[n]: state CLAIMABLE, ALREADY or FAILED each, with status and reason.
 *  Returns: a failure of the whole batch (ZKS_ERR_INVALID_ARG, ZKS_ERR_INVALID_ADDRESS,
 *           ZKS_ERR_L1_REVERT / ZKS_ERR_PARSE when MERKLE_ROOT() cannot be read,
 *           ZKS_ERR_STATE when it is zero, transport statuses; results zeroed), or
 *           else the status of the first leaf that did not end CLAIMABLE (ZKS_OK
 *           when all did): ZKS_ERR_PROOF_INVALID, ZKS_ERR_ALREADY_CLAIMED,
 *           ZKS_ERR_L1_REVERT, ZKS_ERR_INVALID_ADDRESS, ZKS_ERR_INVALID_AMOUNT, ... */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_claims_check(zks_eth_rpc *rpc, const char *distributor,
                                                       const zks_l1_claim_options *opts, const zks_l1_claim *claims,
                                                       size_t n, zks_l1_claim_result *results);

/** Claims n leaves, sent by l1's account (see the rules above). Transactions
 *  are legacy (EIP-155) with l1's gas price setting and consecutive nonces;
 *  after a send whose outcome is unknown the next nonce is asked again.
 *  In:  as zks_l1_claims_check; a leaf's prev_* must come from the same sender.
 *  Out: results[n]: CLAIMED, ALREADY, PENDING or FAILED (CLAIMABLE with
 *       ZKS_L1_CLAIM_CHECK_ONLY). tx_hash, nonce and raw stay set for every tx
 *       that was or may have been sent.
 *  Returns: as zks_l1_claims_check, where every leaf that did not end CLAIMED
 *           counts (a PENDING leaf gives its transport status or ZKS_ERR_TIMEOUT);
 *           also ZKS_ERR_INSUFFICIENT_FUNDS, ZKS_ERR_SIGNER per leaf. The reason of
 *           the last failure is also in zks_l1_errmsg. */
ZKS_API ZKS_WARN_UNUSED zks_status zks_l1_claims_send(zks_l1 *l1, const char *distributor,
                                                      const zks_l1_claim_options *opts, const zks_l1_claim *claims,
                                                      size_t n, zks_l1_claim_result *results);
/* ---- end of L1 sunset ---- */

#ifdef __cplusplus
}
#endif

#endif /* ZKSYNC_H */
