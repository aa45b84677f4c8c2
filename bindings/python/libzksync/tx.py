"""Amounts and zkSync transactions.

A transaction is a dict in the server's JSON form (docs/transactions.md), without
"signature", e.g. {"type": "Transfer", "accountId": 7, "from": "0x..", "to": "0x..",
"token": 0, "amount": 1000, "fee": 10, "nonce": 3}. Amounts may be int or decimal
strings; validFrom/validUntil default to 0 / 4294967295. An Order is a dict with
"tokenSell"/"tokenBuy" (type "Order" optional).
"""
from __future__ import annotations

import ctypes
import json
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _ffi
from ._native import amount_arg, as_bytes, check, lib, out_buffer, take_string, text_arg
from .crypto import ZkSigner
from .errors import InvalidArgumentError, UnsupportedError

AMOUNT_STR_BYTES = (_ffi.ZKS_AMOUNT_CHARS + 1)
AMOUNT_SERVER_MAX = int(_ffi.ZKS_AMOUNT_SERVER_MAX)

TX_TYPES: Dict[str, int] = {
    "Withdraw": _ffi.ZKS_TX_WITHDRAW, "Transfer": _ffi.ZKS_TX_TRANSFER, "ChangePubKey": _ffi.ZKS_TX_CHANGE_PUBKEY,
    "ForcedExit": _ffi.ZKS_TX_FORCED_EXIT, "MintNFT": _ffi.ZKS_TX_MINT_NFT, "WithdrawNFT": _ffi.ZKS_TX_WITHDRAW_NFT,
    "Swap": _ffi.ZKS_TX_SWAP, "Order": _ffi.ZKS_TX_ORDER,
}
_STRUCTS = {
    _ffi.ZKS_TX_WITHDRAW: _ffi._S_zks_withdraw, _ffi.ZKS_TX_TRANSFER: _ffi._S_zks_transfer,
    _ffi.ZKS_TX_CHANGE_PUBKEY: _ffi._S_zks_change_pubkey, _ffi.ZKS_TX_FORCED_EXIT: _ffi._S_zks_forced_exit,
    _ffi.ZKS_TX_MINT_NFT: _ffi._S_zks_mint_nft, _ffi.ZKS_TX_WITHDRAW_NFT: _ffi._S_zks_withdraw_nft,
    _ffi.ZKS_TX_SWAP: _ffi._S_zks_swap, _ffi.ZKS_TX_ORDER: _ffi._S_zks_order,
}
_CPK_AUTH = {"Onchain": _ffi.ZKS_CPK_ONCHAIN, "ECDSA": _ffi.ZKS_CPK_ECDSA, "CREATE2": _ffi.ZKS_CPK_CREATE2}


# --------------------------------------------------------------------------- amounts


def _str_out(fn: Any, *args: Any, cap: int = AMOUNT_STR_BYTES) -> str:
    out = out_buffer(cap)
    check(fn(*args, out, cap), getattr(fn, "__name__", ""))
    return out.value.decode("utf-8", "replace")


def pack_amount(amount: Any) -> bytes:
    """Exact 5-byte packed form (NotPackableError when there is none)."""
    out = out_buffer(_ffi.ZKS_AMOUNT_PACKED_BYTES)
    check(lib().zks_amount_pack(amount_arg(amount), out), "zks_amount_pack")
    return out.raw


def pack_fee(fee: Any) -> bytes:
    """Exact 2-byte packed fee."""
    out = out_buffer(_ffi.ZKS_FEE_PACKED_BYTES)
    check(lib().zks_fee_pack(amount_arg(fee, "fee"), out), "zks_fee_pack")
    return out.raw


def unpack_amount(packed: Any) -> int:
    return int(_str_out(lib().zks_amount_unpack, as_bytes(packed, "packed", _ffi.ZKS_AMOUNT_PACKED_BYTES)))


def unpack_fee(packed: Any) -> int:
    return int(_str_out(lib().zks_fee_unpack, as_bytes(packed, "packed", _ffi.ZKS_FEE_PACKED_BYTES)))


def _packable(fn: Any, value: Any, name: str) -> bool:
    st = fn(amount_arg(value, name))
    if st == _ffi.ZKS_ERR_NOT_PACKABLE:
        return False
    check(st, name)
    return True


def is_amount_packable(amount: Any) -> bool:
    return _packable(lib().zks_amount_is_packable, amount, "amount")


def is_fee_packable(fee: Any) -> bool:
    return _packable(lib().zks_fee_is_packable, fee, "fee")


def closest_packable_amount(amount: Any, up: bool = False) -> int:
    """Largest packable amount <= amount (or, with up=True, smallest >= amount)."""
    fn = lib().zks_amount_closest_packable_up if up else lib().zks_amount_closest_packable
    return int(_str_out(fn, amount_arg(amount)))


def closest_packable_fee(fee: Any, up: bool = False) -> int:
    fn = lib().zks_fee_closest_packable_up if up else lib().zks_fee_closest_packable
    return int(_str_out(fn, amount_arg(fee, "fee")))


def format_units(amount: Any, decimals: int) -> str:
    """Base units -> token text as zksync.js formatToken ("1.5", "1.0")."""
    return _str_out(lib().zks_token_format, amount_arg(amount), int(decimals), cap=(_ffi.ZKS_TOKEN_CHARS + 1))


def parse_units(text: str, decimals: int) -> int:
    """Token text -> base units as ethers parseUnits ("1.5" with 18 decimals -> 1500000000000000000)."""
    return int(_str_out(lib().zks_token_parse, text_arg(text, "text"), int(decimals)))


# --------------------------------------------------------------------------- dict -> C struct


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


_ALIASES: Dict[str, Tuple[str, ...]] = {
    "token": ("token", "tokenId"), "fee_token": ("feeToken", "feeTokenId"), "to": ("to", "ethAddress"),
}


def tx_type_of(tx: Mapping[str, Any]) -> int:
    t = tx.get("type")
    if t is None and "tokenSell" in tx:
        t = "Order"
    if isinstance(t, int):
        return t
    if t not in TX_TYPES:
        raise UnsupportedError(_ffi.ZKS_ERR_UNSUPPORTED, f"unknown transaction type {t!r}", detail="type")
    return TX_TYPES[t]


class _Built:
    """A C struct built from a dict, with the buffers its pointers refer to kept alive."""

    def __init__(self, ttype: int, tx: Mapping[str, Any]) -> None:
        self.type = ttype
        self.keep: List[Any] = []
        self.struct = self._fill(_STRUCTS[ttype](), tx, ttype)

    def _fill(self, st: Any, tx: Mapping[str, Any], ttype: int) -> Any:
        st.struct_size = ctypes.sizeof(st)
        if hasattr(st, "valid_until"):
            st.valid_until = _ffi.ZKS_VALID_UNTIL_DEFAULT
        auth = tx.get("ethAuthData") or {}
        for fname, ftype in st._fields_:
            if fname == "struct_size":
                continue
            keys = _ALIASES.get(fname, (_camel(fname),))
            val = next((tx[k] for k in keys if k in tx), None)
            if ttype == _ffi.ZKS_TX_CHANGE_PUBKEY and fname in ("eth_signature", "batch_hash", "creator_address",
                                                                 "salt_arg", "code_hash"):
                val = auth.get(_camel(fname), val if fname != "eth_signature" else tx.get("ethSignature"))
            if fname == "auth_type":
                a = auth.get("type", tx.get("ethAuthType", "Onchain"))
                val = _CPK_AUTH.get(a, a) if isinstance(a, str) else a
                if isinstance(val, str):
                    raise UnsupportedError(_ffi.ZKS_ERR_UNSUPPORTED, f"ethAuthData type {a!r}", detail="ethAuthData")
            if fname in ("ratio_sell", "ratio_buy") and "ratio" in tx:
                val = tx["ratio"][0 if fname == "ratio_sell" else 1]
            if fname in ("amount_a", "amount_b") and "amounts" in tx:
                val = tx["amounts"][0 if fname == "amount_a" else 1]
            if fname in ("order_a", "order_b") and "orders" in tx:
                val = tx["orders"][0 if fname == "order_a" else 1]
            if val is None:
                continue
            self._set(st, fname, ftype, val)
        return st

    def _set(self, st: Any, fname: str, ftype: Any, val: Any) -> None:
        if ftype is _ffi._S_zks_order:
            self._fill(getattr(st, fname), val, _ffi.ZKS_TX_ORDER)
        elif ftype is ctypes.c_char_p:
            b = amount_arg(val, fname)
            self.keep.append(b)
            setattr(st, fname, b)
        elif ftype is ctypes.c_void_p:  # an order's signature: 96 bytes or {"pubKey", "signature"}
            if isinstance(val, Mapping):
                val = as_bytes(val["pubKey"], "pubKey") + as_bytes(val["signature"], "signature")
            b = ctypes.create_string_buffer(as_bytes(val, fname, _ffi.ZKS_MUSIG_BYTES), _ffi.ZKS_MUSIG_BYTES)
            self.keep.append(b)
            setattr(st, fname, ctypes.cast(b, ctypes.c_void_p))
        elif isinstance(ftype, type) and issubclass(ftype, ctypes.Array):
            n = ctypes.sizeof(ftype)
            if isinstance(val, str) and val.startswith("sync:"):
                from .crypto import pubkey_hash_from_text
                b = pubkey_hash_from_text(val)
            elif n == _ffi.ZKS_ETH_ADDRESS_BYTES and isinstance(val, str):
                from .eth import parse_address
                b = parse_address(val)
            else:
                b = as_bytes(val, fname, n)
            ctypes.memmove(ctypes.addressof(st) + getattr(type(st), fname).offset, b, n)
        else:
            if isinstance(val, bool) or not isinstance(val, int):
                try:
                    val = int(val, 10) if isinstance(val, str) else val
                except ValueError:
                    val = None
                if not isinstance(val, int) or isinstance(val, bool):
                    raise InvalidArgumentError(_ffi.ZKS_ERR_INVALID_ARG, f"{fname} must be an integer", detail=fname)
            limit = 1 << (8 * ctypes.sizeof(ftype))
            if not 0 <= val < limit:
                raise error_tx(f"{fname} out of range")
            setattr(st, fname, val)

    def ptr(self) -> ctypes.c_void_p:
        return ctypes.cast(ctypes.pointer(self.struct), ctypes.c_void_p)


def error_tx(msg: str) -> Exception:
    from .errors import InvalidTxError
    return InvalidTxError(_ffi.ZKS_ERR_INVALID_TX, msg)


def _build(tx: Mapping[str, Any]) -> _Built:
    if not isinstance(tx, Mapping):
        raise TypeError("tx must be a dict in the server JSON form")
    return _Built(tx_type_of(tx), tx)


def check_tx(tx: Mapping[str, Any]) -> None:
    """Raises the status of the first problem (InvalidTxError, NotPackableError, ...)."""
    b = _build(tx)
    check(lib().zks_tx_check(b.type, b.ptr()), "zks_tx_check")


def tx_bytes(tx: Mapping[str, Any]) -> bytes:
    """The bytes the zkSync key signs (zksync.js utils.serializeTx)."""
    b = _build(tx)
    out = out_buffer(_ffi.ZKS_TX_BYTES_MAX)
    n = ctypes.c_size_t()
    check(lib().zks_tx_bytes(b.type, b.ptr(), out, len(out), ctypes.byref(n)), "zks_tx_bytes")
    return out.raw[:n.value]


def tx_hash(tx: Mapping[str, Any]) -> str:
    """The server's transaction hash, "sync-tx:<64 hex>"."""
    b = _build(tx)
    raw = out_buffer(_ffi.ZKS_TX_HASH_BYTES)
    s = out_buffer((_ffi.ZKS_TX_HASH_CHARS + 1))
    check(lib().zks_tx_hash(b.type, b.ptr(), raw, s), "zks_tx_hash")
    return s.value.decode("utf-8", "replace")


def tx_signature(tx: Mapping[str, Any], signer: ZkSigner) -> bytes:
    """zks_tx_sign: 96 bytes pubKey || R || s over tx_bytes(tx)."""
    b = _build(tx)
    signer._check_open()
    out = out_buffer(_ffi.ZKS_MUSIG_BYTES)
    check(lib().zks_tx_sign(b.type, b.ptr(), signer._key, out), "zks_tx_sign")
    return out.raw


def tx_to_json(tx: Mapping[str, Any], signature: Optional[bytes] = None) -> Dict[str, Any]:
    """The server JSON of tx with a 96-byte signature (or "signature": null)."""
    b = _build(tx)
    sig = None if signature is None else as_bytes(signature, "signature", _ffi.ZKS_MUSIG_BYTES)
    p = ctypes.c_void_p()
    check(lib().zks_tx_to_json(b.type, b.ptr(), sig, ctypes.byref(p)), "zks_tx_to_json")
    return json.loads(take_string(p.value))


def _msg_out(fn: Any, *args: Any) -> str:
    out = out_buffer(1024)
    n = ctypes.c_size_t()
    check(fn(*args, out, len(out), ctypes.byref(n)), getattr(fn, "__name__", ""))
    return out.raw[:n.value].decode("utf-8", "replace")


def tx_eth_message(tx: Mapping[str, Any], symbol: str, decimals: int, buy_symbol: Optional[str] = None) -> str:
    """The text the Ethereum key signs for tx (zksync.js EthMessageSigner)."""
    b = _build(tx)
    return _msg_out(lib().zks_tx_eth_message, b.type, b.ptr(), text_arg(symbol, "symbol"), int(decimals),
                    None if buy_symbol is None else text_arg(buy_symbol, "buy_symbol"))


def tx_eth_message_part(tx: Mapping[str, Any], symbol: str, decimals: int) -> str:
    """The batch part of that text (without the Nonce line; may be "")."""
    b = _build(tx)
    return _msg_out(lib().zks_tx_eth_message_part, b.type, b.ptr(), text_arg(symbol, "symbol"), int(decimals))


def batch_eth_message(parts: Sequence[str], first_nonce: int) -> str:
    """Joins batch parts into the one text a single-author batch signs."""
    arr = (ctypes.c_char_p * max(1, len(parts)))(*[text_arg(p, "part") for p in parts])
    return _msg_out(lib().zks_batch_eth_message, ctypes.cast(arr, ctypes.POINTER(ctypes.c_void_p)), len(parts),
                    int(first_nonce))


def change_pubkey_ecdsa_message(tx: Mapping[str, Any]) -> bytes:
    """The 60 bytes an ECDSA ChangePubKey authorisation signs with personal_sign."""
    d = dict(tx)
    d.setdefault("type", "ChangePubKey")
    b = _build(d)
    if b.type != _ffi.ZKS_TX_CHANGE_PUBKEY:
        raise InvalidArgumentError(_ffi.ZKS_ERR_INVALID_ARG, "not a ChangePubKey", detail="type")
    out = out_buffer(_ffi.ZKS_CPK_ECDSA_MESSAGE_BYTES)
    check(lib().zks_change_pubkey_ecdsa_message(ctypes.byref(b.struct), out), "zks_change_pubkey_ecdsa_message")
    return out.raw


def create2_address(creator_address: Any, salt_arg: Any, code_hash: Any, pubkey_hash: Any) -> str:
    """EIP-55 address of the CREATE2 account for a signing key."""
    from .crypto import pubkey_hash_from_text
    from .eth import parse_address, to_checksum_address
    pk = pubkey_hash_from_text(pubkey_hash) if isinstance(pubkey_hash, str) and pubkey_hash.startswith("sync:") \
        else as_bytes(pubkey_hash, "pubkey_hash", _ffi.ZKS_PUBKEY_HASH_BYTES)
    out = out_buffer(_ffi.ZKS_ETH_ADDRESS_BYTES)
    check(lib().zks_create2_address(parse_address(creator_address), as_bytes(salt_arg, "salt_arg", 32),
                                    as_bytes(code_hash, "code_hash", 32), pk, out), "zks_create2_address")
    return to_checksum_address(out.raw)


# --------------------------------------------------------------------------- JSON path


def _json_arg(tx: Mapping[str, Any]) -> bytes:
    def amounts(o: Any) -> Any:
        if isinstance(o, Mapping):
            return {k: (str(v) if k in ("amount", "fee") and isinstance(v, int) and not isinstance(v, bool)
                        else [str(x) if isinstance(x, int) else x for x in v] if k in ("amounts", "ratio")
                        and isinstance(v, (list, tuple)) else amounts(v)) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [amounts(x) for x in o]
        return o
    if isinstance(tx, (str, bytes)):
        return text_arg(tx, "tx")  # JSON text, passed as it is
    if not isinstance(tx, Mapping):
        raise TypeError("tx must be a dict in the server JSON form (or its JSON text)")
    return text_arg(json.dumps(amounts(tx), separators=(",", ":")), "tx")


@dataclass(frozen=True)
class SignedTx:
    """A signed transaction: the JSON tx_submit takes, its hash and the signed bytes."""
    tx: Dict[str, Any]
    tx_hash: Optional[str]
    sign_bytes: bytes


def sign_tx(tx: Union[Mapping[str, Any], str], signer: ZkSigner) -> SignedTx:
    """Signs a transaction dict (zks_tx_sign_json): the result's .tx carries the signature.
    int amounts in the dict are sent as decimal strings; JSON text is passed as it is."""
    signer._check_open()
    p = ctypes.c_void_p()
    check(lib().zks_tx_sign_json(_json_arg(tx), signer._key, ctypes.byref(p)), "zks_tx_sign_json")
    r = json.loads(take_string(p.value))
    return SignedTx(r["tx"], r.get("txHash"), as_bytes(r.get("signBytes", ""), "signBytes"))


def eth_message(tx: Union[Mapping[str, Any], str], symbol: str, decimals: int, buy_symbol: Optional[str] = None) -> str:
    """The Ethereum message of a transaction dict (zks_tx_eth_message_json)."""
    p = ctypes.c_void_p()
    check(lib().zks_tx_eth_message_json(_json_arg(tx), text_arg(symbol, "symbol"), int(decimals),
                                        None if buy_symbol is None else text_arg(buy_symbol, "buy_symbol"),
                                        ctypes.byref(p)), "zks_tx_eth_message_json")
    return take_string(p.value)
