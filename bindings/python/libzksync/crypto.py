"""zkSync cryptography: the zkSync signing key (ZkSigner), hashes, signature checks."""
from __future__ import annotations

import ctypes
from typing import Any

from . import _ffi
from ._native import NativeObject, _secret_len, as_bytes, check, lib, out_buffer, secret_buffer, text_arg, wipe

PRIVKEY_BYTES = _ffi.ZKS_PRIVKEY_BYTES
PUBKEY_BYTES = _ffi.ZKS_PUBKEY_BYTES
PUBKEY_HASH_BYTES = _ffi.ZKS_PUBKEY_HASH_BYTES
MUSIG_BYTES = _ffi.ZKS_MUSIG_BYTES
SIGNATURE_BYTES = _ffi.ZKS_SIGNATURE_BYTES
MSG_MAX_BYTES = _ffi.ZKS_MSG_MAX_BYTES


def _u8(n: int) -> "ctypes.Array[ctypes.c_char]":
    return out_buffer(n)


def private_key_from_seed(seed: Any) -> bytes:
    """zksync-crypto privateKeyFromSeed (seed: >= 32 bytes). Prefer ZkSigner.from_seed,
    which keeps the key in wipeable memory."""
    s = secret_buffer(seed, "seed")
    out = _u8(PRIVKEY_BYTES)
    try:
        check(lib().zks_privkey_from_seed(s, _secret_len(seed, s), out), "zks_privkey_from_seed")
        return out.raw
    finally:
        wipe(out)
        wipe(s)


def public_key(private_key: Any) -> bytes:
    """Packed 32-byte public key of a zkSync private key."""
    with ZkSigner(private_key) as s:
        return s.public_key


def pubkey_hash(pubkey: Any) -> bytes:
    """20-byte public-key hash of a packed public key (text form: "sync:" + hex)."""
    pk = as_bytes(pubkey, "pubkey", PUBKEY_BYTES)
    out = _u8(PUBKEY_HASH_BYTES)
    check(lib().zks_pubkey_hash(pk, out), "zks_pubkey_hash")
    return out.raw


def pubkey_hash_to_text(hash20: Any) -> str:
    """"sync:" + 40 lowercase hex digits."""
    h = as_bytes(hash20, "pubkey_hash", PUBKEY_HASH_BYTES)
    out = _u8(_ffi.ZKS_PUBKEY_HASH_CHARS + 1)
    check(lib().zks_pubkey_hash_to_text(h, out), "zks_pubkey_hash_to_text")
    return out.value.decode("utf-8", "replace")


def pubkey_hash_from_text(text: str) -> bytes:
    """Parses "sync:" + 40 hex digits into 20 bytes (InvalidAddressError otherwise)."""
    out = _u8(PUBKEY_HASH_BYTES)
    check(lib().zks_pubkey_hash_from_text(text_arg(text, "text"), out), "zks_pubkey_hash_from_text")
    return out.raw


def verify_musig(msg: Any, signature: Any) -> bool:
    """True when the 96-byte sign_musig signature is valid for msg, False when it is
    well-formed but wrong; raises SignatureMalformedError / MsgTooLongError otherwise."""
    m = as_bytes(msg, "msg")
    sig = as_bytes(signature, "signature", MUSIG_BYTES)
    st = lib().zks_musig_verify(m, len(m), sig)
    if st == _ffi.ZKS_ERR_SIGNATURE_INVALID:
        return False
    check(st, "zks_musig_verify")
    return True


def rescue_hash(msg: Any) -> bytes:
    """zksync-crypto rescueHash (32 bytes) of a message of at most 92 bytes."""
    m = as_bytes(msg, "msg")
    out = _u8(_ffi.ZKS_RESCUE_HASH_BYTES)
    check(lib().zks_rescue_hash(m, len(m), out), "zks_rescue_hash")
    return out.raw


def rescue_hash_orders(orders: Any) -> bytes:
    """zksync-crypto rescueHashOrders (31 bytes) of two serialized orders (178 bytes)."""
    m = as_bytes(orders, "orders")
    out = _u8(_ffi.ZKS_ORDERS_HASH_BYTES)
    check(lib().zks_rescue_hash_orders(m, len(m), out), "zks_rescue_hash_orders")
    return out.raw


def keccak256(data: Any) -> bytes:
    """Keccak-256 (Ethereum's hash)."""
    d = as_bytes(data, "data")
    out = _u8(_ffi.ZKS_KECCAK256_BYTES)
    check(lib().zks_keccak256(d, len(d), out), "zks_keccak256")
    return out.raw


class ZkSigner(NativeObject):
    """A zkSync signing key, kept in native memory that close() wipes.

    >>> with ZkSigner.from_seed(bytes(32)) as s:
    ...     s.address        # "sync:..."
    """

    def __init__(self, private_key: Any) -> None:
        """From a 32-byte big-endian private key (bytes or hex). The key is checked."""
        self._key = secret_buffer(private_key, "private_key", PRIVKEY_BYTES)
        self._closed = False
        pub = _u8(PUBKEY_BYTES)
        st = lib().zks_pubkey_from_privkey(self._key, pub)
        if st:
            self.close()
            check(st, "zks_pubkey_from_privkey")
        self._pub = pub.raw
        h = _u8(PUBKEY_HASH_BYTES)
        check(lib().zks_pubkey_hash_from_privkey(self._key, h), "zks_pubkey_hash_from_privkey")
        self._hash = h.raw

    @classmethod
    def _adopt(cls, buf: "ctypes.Array[ctypes.c_char]") -> "ZkSigner":
        try:
            return cls(buf)  # copies into its own buffer
        finally:
            wipe(buf)

    @classmethod
    def from_seed(cls, seed: Any) -> "ZkSigner":
        """zksync-crypto privateKeyFromSeed (seed at least 32 bytes)."""
        s = secret_buffer(seed, "seed")
        out = _u8(PRIVKEY_BYTES)
        st = lib().zks_privkey_from_seed(s, _secret_len(seed, s), out)
        wipe(s)
        if st:
            check(st, "zks_privkey_from_seed")
        return cls._adopt(out)

    @classmethod
    def from_eth_private_key(cls, eth_private_key: Any, chain_id: int = 1) -> "ZkSigner":
        """The key zksync.js derives from an Ethereum key (Signer.fromETHSignature)."""
        ek = secret_buffer(eth_private_key, "eth_private_key", _ffi.ZKS_ETH_PRIVKEY_BYTES)
        out = _u8(PRIVKEY_BYTES)
        try:
            check(lib().zks_privkey_from_eth_privkey(ek, int(chain_id), out), "zks_privkey_from_eth_privkey")
        finally:
            wipe(ek)
        return cls._adopt(out)

    @classmethod
    def from_eth_signature(cls, signature: Any) -> "ZkSigner":
        """From a 65-byte signature of the login message made elsewhere (hardware wallet)."""
        sig = as_bytes(signature, "signature", _ffi.ZKS_ETH_SIGNATURE_BYTES)
        out = _u8(PRIVKEY_BYTES)
        check(lib().zks_privkey_from_eth_signature(sig, out), "zks_privkey_from_eth_signature")
        return cls._adopt(out)

    def _release(self) -> None:
        wipe(self._key)

    @property
    def private_key(self) -> bytes:
        """A copy of the private key (an immutable bytes object that cannot be wiped)."""
        self._check_open()
        return self._key.raw

    @property
    def public_key(self) -> bytes:
        self._check_open()
        return self._pub

    @property
    def pubkey_hash(self) -> bytes:
        self._check_open()
        return self._hash

    @property
    def address(self) -> str:
        """The "sync:" + 40 hex form of the public-key hash."""
        return pubkey_hash_to_text(self.pubkey_hash)

    def sign(self, msg: Any) -> bytes:
        """sign_musig: 96 bytes pubkey || R || s over msg (at most 92 bytes)."""
        self._check_open()
        m = as_bytes(msg, "msg")
        out = _u8(MUSIG_BYTES)
        check(lib().zks_musig_sign(self._key, m, len(m), out), "zks_musig_sign")
        return out.raw

    def verify(self, msg: Any, signature: Any) -> bool:
        """verify_musig, and the signature's public key must be this signer's."""
        sig = as_bytes(signature, "signature", MUSIG_BYTES)
        return sig[:PUBKEY_BYTES] == self.public_key and verify_musig(msg, sig)

    def __repr__(self) -> str:
        return f"<ZkSigner {'closed' if self._closed else self.address}>"
