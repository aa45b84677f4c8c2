"""Ethereum keys and addresses: EthSigner (personal_sign), address parsing and checksums."""
from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Union

from . import _ffi
from . import errors as z_errors
from ._native import (NativeObject, _secret_len, amount_arg, as_bytes, check, lib, out_buffer, secret_buffer,
                      secret_text, text_arg, wipe)
from .crypto import ZkSigner

ETH_PRIVKEY_BYTES = _ffi.ZKS_ETH_PRIVKEY_BYTES
ETH_ADDRESS_BYTES = _ffi.ZKS_ETH_ADDRESS_BYTES
ETH_SIGNATURE_BYTES = _ffi.ZKS_ETH_SIGNATURE_BYTES

AddressLike = Union[str, bytes, bytearray]


def _msg_bytes(msg: Any) -> bytes:
    """A personal_sign message: str is UTF-8 (as ethers), bytes are taken as they are."""
    if isinstance(msg, str):
        return msg.encode("utf-8")
    return as_bytes(msg, "msg")


def parse_address(text: AddressLike) -> bytes:
    """"0x" + 40 hex -> 20 bytes; mixed case must be a valid EIP-55 checksum
    (ChecksumError). 20 raw bytes are returned unchanged."""
    if isinstance(text, (bytes, bytearray)) and len(text) == ETH_ADDRESS_BYTES:
        return bytes(text)
    t = text_arg(text, "address")
    out = out_buffer(ETH_ADDRESS_BYTES)
    check(lib().zks_eth_address_parse(t, out), "zks_eth_address_parse")
    return out.raw


def to_checksum_address(address: AddressLike) -> str:
    """EIP-55 form "0x..." of an address (20 bytes or any accepted text form)."""
    a = parse_address(address)
    out = out_buffer(_ffi.ZKS_ETH_ADDRESS_CHARS + 1)
    check(lib().zks_eth_address_to_checksum(a, out), "zks_eth_address_to_checksum")
    return out.value.decode("utf-8", "replace")


def recover_address(msg: Any, signature: Any) -> str:
    """The EIP-55 address that made a personal_sign signature (v 27/28 or 0/1) over msg."""
    m = _msg_bytes(msg)
    sig = as_bytes(signature, "signature", ETH_SIGNATURE_BYTES)
    out = out_buffer(ETH_ADDRESS_BYTES)
    check(lib().zks_eth_personal_recover(m, len(m), sig, out), "zks_eth_personal_recover")
    return to_checksum_address(out.raw)


def login_message(chain_id: int = 1) -> str:
    """The text whose personal_sign derives the zkSync key ("Access zkSync account...")."""
    out = out_buffer(256)
    n = ctypes.c_size_t()
    check(lib().zks_eth_login_message(int(chain_id), out, len(out), ctypes.byref(n)), "zks_eth_login_message")
    return out.raw[:n.value].decode("utf-8", "replace")


class EthSigner(NativeObject):
    """An Ethereum (secp256k1) private key in native memory that close() wipes."""

    def __init__(self, private_key: Any) -> None:
        self._key = secret_buffer(private_key, "private_key", ETH_PRIVKEY_BYTES)
        self._closed = False
        out = out_buffer(ETH_ADDRESS_BYTES)
        st = lib().zks_eth_address_from_privkey(self._key, out)
        if st:
            self.close()
            check(st, "zks_eth_address_from_privkey")
        self._address = out.raw

    @classmethod
    def from_seed(cls, seed: Any, path: Optional[str] = None) -> "EthSigner":
        """BIP-32 key at path (default m/44'/60'/0'/0/0) of a 16..64-byte seed."""
        s = secret_buffer(seed, "seed")
        out = out_buffer(ETH_PRIVKEY_BYTES)
        try:
            check(lib().zks_eth_privkey_from_seed(s, _secret_len(seed, s), None if path is None
                                                  else text_arg(path, "path"), out), "zks_eth_privkey_from_seed")
            return cls(out)
        finally:
            wipe(out)
            wipe(s)

    @classmethod
    def from_mnemonic(cls, mnemonic: str, passphrase: str = "", path: Optional[str] = None) -> "EthSigner":
        """ethers Wallet.fromMnemonic(mnemonic, path): BIP-39 seed, then BIP-32 at path."""
        out = out_buffer(ETH_PRIVKEY_BYTES)
        m, pw = secret_text(mnemonic, "mnemonic"), secret_text(passphrase, "passphrase")
        try:
            check(lib().zks_eth_privkey_from_mnemonic(m, pw, None if path is None else text_arg(path, "path"), out),
                  "zks_eth_privkey_from_mnemonic")
            return cls(out)
        finally:
            wipe(out)
            wipe(m)
            wipe(pw)

    def _release(self) -> None:
        wipe(self._key)

    @property
    def private_key(self) -> bytes:
        self._check_open()
        return self._key.raw

    @property
    def address_bytes(self) -> bytes:
        self._check_open()
        return self._address

    @property
    def address(self) -> str:
        """EIP-55 checksummed address."""
        return to_checksum_address(self.address_bytes)

    def sign_message(self, msg: Any) -> bytes:
        """EIP-191 personal_sign (ethers 5 signMessage): 65 bytes r || s || v (27/28).
        str messages are signed as UTF-8."""
        self._check_open()
        m = _msg_bytes(msg)
        out = out_buffer(ETH_SIGNATURE_BYTES)
        check(lib().zks_eth_personal_sign(self._key, m, len(m), out), "zks_eth_personal_sign")
        return out.raw

    def sign_transaction(self, tx: Mapping[str, Any]) -> "SignedEthTx":
        """Signs an Ethereum transaction dict (see _EthTxArg) as ethers 5 Wallet.signTransaction."""
        self._check_open()
        a = _EthTxArg(tx)
        return _raw_out(lib().zks_eth_tx_sign, ctypes.byref(a.c), self._key)

    def zk_signer(self, chain_id: int = 1) -> ZkSigner:
        """The zkSync key of this account (zksync.js Signer.fromETHSignature)."""
        self._check_open()
        return ZkSigner.from_eth_private_key(self._key, chain_id)

    def __repr__(self) -> str:
        return f"<EthSigner {'closed' if self._closed else self.address}>"


# --------------------------------------------------------------------------- BIP-39 / BIP-32

DEFAULT_PATH = _ffi.ZKS_ETH_DEFAULT_PATH


def validate_mnemonic(mnemonic: str) -> None:
    """Raises InvalidMnemonicError (form, word count, unknown word) or ChecksumError."""
    m = secret_text(mnemonic, "mnemonic")
    try:
        check(lib().zks_bip39_validate(m), "zks_bip39_validate")
    finally:
        wipe(m)


def is_valid_mnemonic(mnemonic: str) -> bool:
    try:
        validate_mnemonic(mnemonic)
        return True
    except (z_errors.InvalidMnemonicError, z_errors.ChecksumError):
        return False


def mnemonic_to_entropy(mnemonic: str) -> bytes:
    out = out_buffer(32)
    n = ctypes.c_size_t()
    m = secret_text(mnemonic, "mnemonic")
    try:
        check(lib().zks_bip39_mnemonic_to_entropy(m, out, len(out), ctypes.byref(n)),
              "zks_bip39_mnemonic_to_entropy")
        return out.raw[:n.value]
    finally:
        wipe(out)
        wipe(m)


def _mnemonic_out(fn: Any, *args: Any) -> str:
    out = out_buffer(_ffi.ZKS_BIP39_MNEMONIC_MAX_CHARS + 1)
    n = ctypes.c_size_t()
    try:
        check(fn(*args, out, len(out), ctypes.byref(n)), getattr(fn, "__name__", ""))
        return out.raw[:n.value].decode("utf-8", "replace")
    finally:
        wipe(out)


def entropy_to_mnemonic(entropy: Any) -> str:
    """16, 20, 24, 28 or 32 bytes of entropy -> English mnemonic."""
    e = as_bytes(entropy, "entropy")
    return _mnemonic_out(lib().zks_bip39_entropy_to_mnemonic, e, len(e))


def generate_mnemonic(words: int = 12) -> str:
    """A new mnemonic (12, 15, 18, 21 or 24 words) from the OS random source."""
    return _mnemonic_out(lib().zks_bip39_generate, int(words))


def mnemonic_to_seed(mnemonic: str, passphrase: str = "") -> bytes:
    """BIP-39 seed (64 bytes); the mnemonic is validated first; passphrase ASCII."""
    out = out_buffer(_ffi.ZKS_BIP39_SEED_BYTES)
    m, pw = secret_text(mnemonic, "mnemonic"), secret_text(passphrase, "passphrase")
    try:
        check(lib().zks_bip39_mnemonic_to_seed(m, pw, out), "zks_bip39_mnemonic_to_seed")
        return out.raw
    finally:
        wipe(out)
        wipe(m)
        wipe(pw)


def eth_private_key_from_seed(seed: Any, path: Optional[str] = None) -> bytes:
    """BIP-32 private key at path (default m/44'/60'/0'/0/0) from a 16..64-byte seed.
    Prefer EthSigner.from_seed, which keeps the key in wipeable memory."""
    with EthSigner.from_seed(seed, path) as e:
        return e.private_key


# --------------------------------------------------------------------------- L1 transactions

ETH_TX_LEGACY = _ffi.ZKS_ETH_TX_LEGACY
ETH_TX_EIP1559 = _ffi.ZKS_ETH_TX_EIP1559


class SignedEthTx(NamedTuple):
    """A signed Ethereum transaction: raw bytes for eth_sendRawTransaction and its hash."""
    raw: bytes
    hash: bytes


class _EthTxArg:
    """A zks_eth_tx built from a dict with the buffers it points to kept alive.

    Keys: type (2 = EIP-1559 default, 0 = legacy), chain_id (default 1), nonce,
    gas_limit, gas_price (legacy), max_priority_fee_per_gas, max_fee_per_gas,
    to (address or None for a contract creation), value, data (bytes or hex).
    Wei amounts are int or decimal strings."""

    _KEYS = {"type", "chain_id", "nonce", "gas_limit", "gas_price", "max_priority_fee_per_gas", "max_fee_per_gas",
             "to", "value", "data"}

    def __init__(self, tx: Mapping[str, Any]) -> None:
        if not isinstance(tx, Mapping):
            raise TypeError("tx must be a dict")
        extra = set(tx) - self._KEYS
        if extra:
            raise z_errors.InvalidArgumentError(_ffi.ZKS_ERR_INVALID_ARG, f"unknown Ethereum tx fields {sorted(extra)}")
        c = _ffi._S_zks_eth_tx()
        c.struct_size = ctypes.sizeof(c)
        c.type = int(tx.get("type", ETH_TX_EIP1559))
        c.chain_id = int(tx.get("chain_id", 1))
        c.nonce = int(tx.get("nonce", 0))
        c.gas_limit = int(tx.get("gas_limit", 0))
        self.keep: List[Any] = []
        for k in ("gas_price", "max_priority_fee_per_gas", "max_fee_per_gas", "value"):
            if tx.get(k) is not None:
                b = amount_arg(tx[k], k)
                self.keep.append(b)
                setattr(c, k, b)
        if tx.get("to") is not None:
            c.has_to = 1
            ctypes.memmove(ctypes.addressof(c) + _ffi._S_zks_eth_tx.to.offset, parse_address(tx["to"]),
                           ETH_ADDRESS_BYTES)
        data = as_bytes(tx.get("data") or b"", "data")
        if data:
            buf = ctypes.create_string_buffer(data, len(data))
            self.keep.append(buf)
            c.data = ctypes.cast(buf, ctypes.c_void_p)
            c.data_len = len(data)
        self.c = c


def _raw_out(fn: Any, *args: Any) -> SignedEthTx:
    cap = 512
    while True:
        out = out_buffer(cap)
        n = ctypes.c_size_t()
        h = out_buffer(_ffi.ZKS_ETH_HASH_BYTES)
        st = fn(*args, out, cap, ctypes.byref(n), h)
        if st == _ffi.ZKS_ERR_BUFFER_SIZE and n.value > cap:
            cap = n.value
            continue
        check(st, getattr(fn, "__name__", ""))
        return SignedEthTx(out.raw[:n.value], h.raw)


def eth_tx_signing_hash(tx: Mapping[str, Any]) -> bytes:
    """The Keccak-256 digest an Ethereum key signs for tx (for external signers)."""
    a = _EthTxArg(tx)
    out = out_buffer(_ffi.ZKS_ETH_HASH_BYTES)
    check(lib().zks_eth_tx_signing_hash(ctypes.byref(a.c), out), "zks_eth_tx_signing_hash")
    return out.raw


def eth_tx_encode_signed(tx: Mapping[str, Any], signature: Any) -> SignedEthTx:
    """The raw signed transaction from a 65-byte r || s || v signature of eth_tx_signing_hash(tx)."""
    a = _EthTxArg(tx)
    return _raw_out(lib().zks_eth_tx_encode_signed, ctypes.byref(a.c),
                    as_bytes(signature, "signature", ETH_SIGNATURE_BYTES))


def decode_eth_tx(raw: Any) -> Dict[str, Any]:
    """Decodes and checks a raw signed legacy (EIP-155) or EIP-1559 transaction;
    "from" is the recovered sender, "hash" the transaction hash."""
    r = as_bytes(raw, "raw")
    buf = ctypes.create_string_buffer(r, max(1, len(r)))
    info = _ffi._S_zks_eth_tx_info()
    info.struct_size = ctypes.sizeof(info)
    check(lib().zks_eth_tx_decode(buf, len(r), ctypes.byref(info)), "zks_eth_tx_decode")
    amount = (lambda b: int(b) if b else None)
    return {
        "type": info.type, "chain_id": info.chain_id, "nonce": info.nonce, "gas_limit": info.gas_limit,
        "gas_price": amount(info.gas_price), "max_priority_fee_per_gas": amount(info.max_priority_fee_per_gas),
        "max_fee_per_gas": amount(info.max_fee_per_gas),
        "to": to_checksum_address(bytes(info.to)) if info.has_to else None,
        "value": int(info.value or b"0"),
        "data": ctypes.string_at(info.data, info.data_len) if info.data_len else b"",
        "from": to_checksum_address(bytes(info.__getattribute__("from"))), "hash": bytes(info.hash),
    }


def abi_encode_call(signature: str, *args: Any) -> bytes:
    """ethers Interface.encodeFunctionData: selector + ABI-encoded args. Arguments are
    text as the C function takes them; int, bool and bytes are converted for you."""
    def conv(a: Any) -> bytes:
        if isinstance(a, bool):
            return b"true" if a else b"false"
        if isinstance(a, int):
            return amount_arg(a, "arg")
        if isinstance(a, (bytes, bytearray)):
            return b"0x" + bytes(a).hex().encode()
        return text_arg(a, "arg")
    items = [conv(a) for a in args]
    arr = (ctypes.c_char_p * max(1, len(items)))(*items)
    cap = 256 + 64 * len(items) + sum(len(i) for i in items)
    while True:
        out = out_buffer(cap)
        n = ctypes.c_size_t()
        st = lib().zks_eth_abi_encode_call(text_arg(signature, "signature"),
                                           ctypes.cast(arr, ctypes.POINTER(ctypes.c_void_p)), len(items), out, cap,
                                           ctypes.byref(n))
        if st == _ffi.ZKS_ERR_BUFFER_SIZE and n.value > cap:
            cap = n.value
            continue
        check(st, "zks_eth_abi_encode_call")
        return out.raw[:n.value]


NEW_PRIORITY_REQUEST_TOPIC = _ffi.ZKS_NEW_PRIORITY_REQUEST_TOPIC


def decode_new_priority_request(data: Any) -> Dict[str, Any]:
    """Decodes the data of a NewPriorityRequest log of the zkSync contract."""
    d = as_bytes(data, "data")
    buf = ctypes.create_string_buffer(d, max(1, len(d)))
    out = _ffi._S_zks_eth_priority_request()
    out.struct_size = ctypes.sizeof(out)
    check(lib().zks_eth_decode_new_priority_request(buf, len(d), ctypes.byref(out)),
          "zks_eth_decode_new_priority_request")
    return {"sender": to_checksum_address(bytes(out.sender)), "serial_id": out.serial_id, "op_type": out.op_type,
            "pubdata": ctypes.string_at(out.pubdata, out.pubdata_len) if out.pubdata_len else b"",
            "expiration_block": out.expiration_block}
