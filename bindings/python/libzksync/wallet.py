"""Wallet (a zkSync account: Ethereum signer, zkSync key, every L2 operation) and L1
(the zkSync contract operations of an Ethereum account).

Both borrow the Provider / EthRpc they are given: those stay alive as long as the
wallet, and closing them first closes the wallet. close() (or the with block) wipes
the keys. Tokens are symbols ("ETH"), ids or "0x" addresses; amounts and fees are int
(or decimal strings); fee None asks the server. Operations return "sync-tx:" hashes
and do not wait (wait_tx).

External signers (hardware wallets) are Python callables: sign_message(msg: bytes)
and sign_digest(digest: bytes) return 65 bytes r || s || v. An exception raised in
them makes the operation fail with SignerError.

Journals (Wallet.set_journal_hook, L1.set_journal) are objects with save/clear (and load)
methods, or callables: the doubt is saved before its bytes are sent and cleared once the
outcome is known. An exception in save() stops the send and is raised by the operation.
"""
from __future__ import annotations

import ctypes
import json
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Protocol, Sequence, Tuple, Union

from . import _ffi
from ._native import (HandleObject, amount_arg, as_bytes, c_text, lib, out_buffer, secret_buffer, secret_text,
                      take_string, text_arg, wipe)
from .errors import error_class
from .provider import COMMITTED, EthRpc, Provider, _LEVEL, _WHICH, _tx_info

Amount = Union[int, str]
TokenLike = Union[str, int]
SIGNING_KEY_STATES = {_ffi.ZKS_SIGNING_KEY_NONE: "none", _ffi.ZKS_SIGNING_KEY_OURS: "ours",
                      _ffi.ZKS_SIGNING_KEY_OTHER: "other"}
_CPK_AUTH = {"Onchain": _ffi.ZKS_CPK_ONCHAIN, "ECDSA": _ffi.ZKS_CPK_ECDSA, "CREATE2": _ffi.ZKS_CPK_CREATE2}
_APPROVE = {"none": _ffi.ZKS_L1_APPROVE_NONE, "amount": _ffi.ZKS_L1_APPROVE_AMOUNT,
            "unlimited": _ffi.ZKS_L1_APPROVE_UNLIMITED}
ETH_TOKEN_ADDRESS = _ffi.ZKS_ETH_TOKEN_ADDRESS


@dataclass(frozen=True)
class L1Result:
    """Outcome of a sending L1 operation."""
    tx_hash: str
    approve_tx_hash: Optional[str]
    mined: bool
    serial_id: Optional[int]   # priority operations, once mined
    block_number: int
    gas_used: int
    nonce: int


def _l1_result(r: Any) -> L1Result:
    return L1Result(r.tx_hash.decode("utf-8", "replace"), r.approve_tx_hash.decode("utf-8", "replace") or None, bool(r.mined),
                    r.serial_id if r.has_serial_id else None, r.block_number, r.gas_used, r.nonce)


def _opt(v: Optional[str], name: str) -> Optional[bytes]:
    return None if v is None else text_arg(v, name)


def _opt_amount(v: Optional[Amount], name: str) -> Optional[bytes]:
    return None if v is None else amount_arg(v, name)


def max_fee(cap: Amount) -> str:
    """A fee argument that asks the server for the fee and refuses a quote above cap
    (base units of the fee token) before anything is signed: this call's cap, in place
    of the wallet's (Wallet.set_max_fee). E.g. w.transfer(to, 10**15, fee=max_fee(10**14))."""
    return "max:" + amount_arg(cap, "max_fee").decode()


def _tok(v: TokenLike) -> bytes:
    return text_arg(str(v), "token")


def _signer_callbacks(sign_message: Optional[Callable[[bytes], bytes]],
                      sign_digest: Optional[Callable[[bytes], bytes]]) -> Tuple[Any, Any]:
    """ctypes trampolines for Python signer callables (kept alive by the object)."""
    def wrap(fn: Callable[[bytes], bytes], digest: bool) -> Any:
        def cb(ctx: Any, data: Any, *rest: Any) -> int:
            try:
                if digest:
                    msg, out = ctypes.string_at(data, _ffi.ZKS_ETH_HASH_BYTES), rest[0]
                else:
                    msg, out = ctypes.string_at(data, rest[0]) if rest[0] else b"", rest[1]
                sig = as_bytes(fn(msg), "signature", _ffi.ZKS_ETH_SIGNATURE_BYTES)
                ctypes.memmove(out, sig, len(sig))
                return 0
            except Exception:  # never let an exception cross into C
                return _ffi.ZKS_ERR_SIGNER
        return (_ffi.CB_zks_eth_digest_signer if digest else _ffi.CB_zks_eth_message_signer)(cb)
    return (wrap(sign_message, False) if sign_message else _ffi.CB_zks_eth_message_signer(),  # NULL if absent
            wrap(sign_digest, True) if sign_digest else _ffi.CB_zks_eth_digest_signer())


class JournalWarning(RuntimeWarning):
    """A journal's clear() raised: nothing can be undone then (the outcome is known); the
    stale record it kept is resolved again when it is loaded, and never pays twice."""


# The record of zks_wallet_journal_fn is (pointer, len), not a C string: a private
# prototype reads it as bytes of that length (cast to the generated type to pass it).
_CB_WALLET_JOURNAL_RAW = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)


class _JournalHook:
    """The ctypes trampoline of a journal hook (kept alive as long as the native object
    may call it) and what its Python side raised. An exception in save() cannot cross C:
    the hook returns ZKS_ERR_IO (the C side then sends nothing) and the exception is
    raised when the call returns; one in clear() is reported as a JournalWarning."""

    def __init__(self, save: Callable[[Any], None], clear: Callable[[], None], l1: bool) -> None:
        self._save, self._clear = save, clear
        self.exc: Optional[BaseException] = None
        self.clear_exc: Optional[BaseException] = None
        if l1:
            self.c = _ffi.CB_zks_l1_journal_fn(self._l1_call)
        else:
            self._raw = _CB_WALLET_JOURNAL_RAW(self._wallet_call)
            self.c = ctypes.cast(self._raw, _ffi.CB_zks_wallet_journal_fn)

    def _guard(self, opening: bool, fn: Callable[[], None]) -> int:
        try:
            fn()
            return 0
        except BaseException as e:  # noqa: B036 - never across C: raised (or warned) after the call
            if opening and self.exc is None:
                self.exc = e
            elif not opening and self.clear_exc is None:
                self.clear_exc = e
            return _ffi.ZKS_ERR_IO  # what C expects of a storage failure: nothing is sent

    def _wallet_call(self, ctx: Any, record: Any, n: int) -> int:
        if record:
            return self._guard(True, lambda: self._save(ctypes.string_at(record, n)))
        return self._guard(False, self._clear)

    def _l1_call(self, ctx: Any, d: Any) -> int:
        if d and d.contents.open:
            c = d.contents
            doubt = L1Doubt(True, int(c.nonce), c_text(c.tx_hash), bytes(c.raw[:min(c.raw_len, len(c.raw))]))
            return self._guard(True, lambda: self._save(doubt))
        return self._guard(False, self._clear)

    def after(self, st: int) -> None:
        """Called after each C call that may have run the hook: warns about a failed
        clear(), and raises what save() raised when the call failed (nothing was sent)."""
        ce, self.clear_exc = self.clear_exc, None
        if ce is not None:
            warnings.warn(JournalWarning(f"journal clear() raised {ce!r}; the stale record is resolved again "
                                         "when it is loaded"), stacklevel=4)
        e, self.exc = self.exc, None
        if e is not None and st:
            raise e


class WalletJournal(Protocol):
    """Storage for Wallet.set_journal_hook: save(record) must store the record durably
    before it returns (the send follows); clear() forgets it; load() returns the last
    stored record (None: none) when the process starts."""

    def save(self, record: bytes) -> None: ...

    def clear(self) -> None: ...

    def load(self) -> Optional[bytes]: ...


class L1Journal(Protocol):
    """Storage for L1.set_journal: as WalletJournal with the L1Doubt (its raw bytes and
    nonce are what restore_doubt needs); load() is optional."""

    def save(self, doubt: "L1Doubt") -> None: ...

    def clear(self) -> None: ...


def _journal_parts(journal: Any, save: Optional[Callable[..., None]], load: Optional[Callable[[], Any]],
                   clear: Optional[Callable[[], None]]) -> Tuple[Optional[Callable[..., None]], Optional[Callable[[], Any]],
                                                                   Optional[Callable[[], None]]]:
    if journal is not None:
        if save is not None or load is not None or clear is not None:
            raise TypeError("give a journal object or save/load/clear callables, not both")
        save, clear, load = journal.save, journal.clear, getattr(journal, "load", None)
    if (save is None) != (clear is None):
        raise TypeError("a journal needs both save and clear")
    return save, load, clear


@dataclass(frozen=True)
class L1Doubt:
    """zks_l1_doubt: an L1 send of unknown outcome; raw is the only tx ever sent again for it."""
    open: bool
    nonce: int
    tx_hash: str
    raw: bytes


_RESOLVED = {_ffi.ZKS_WALLET_RESOLVED_NONE: "none", _ffi.ZKS_WALLET_RESOLVED_EXECUTED: "executed",
             _ffi.ZKS_WALLET_RESOLVED_DROPPED: "dropped"}


@dataclass(frozen=True)
class Doubt:
    """zks_wallet_doubt: a submission of unknown outcome (open), or how the last one ended
    (resolved: "none", "executed" (it paid: do not pay again), "dropped" (it never pays))."""
    open: bool
    batch: bool
    resolved: str
    nonce: int
    count: int
    hash: str
    last_hash: str


def _doubt(d: Any) -> Doubt:
    return Doubt(bool(d.open), bool(d.batch), _RESOLVED.get(int(d.resolved), "none"), int(d.nonce), int(d.count),
                 c_text(d.hash), c_text(d.last_hash))


class L1(HandleObject):
    """zkSync L1 contract operations of one Ethereum account (zks_l1)."""

    _owner: Optional[HandleObject] = None  # the wallet of a wallet's L1 layer
    _l1_journals: Tuple[_JournalHook, ...] = ()  # every hook C may still call (kept alive)

    def __init__(self, eth_rpc: EthRpc, main_contract: str, chain_id: int = 0,
                 eth_private_key: Any = None, *, address: Optional[str] = None,
                 sign_digest: Optional[Callable[[bytes], bytes]] = None) -> None:
        """With eth_private_key, or with address + sign_digest (an external signer)."""
        h = ctypes.c_void_p()
        self._callbacks: Tuple[Any, ...] = ()
        if eth_private_key is not None:
            key = secret_buffer(eth_private_key, "eth_private_key", _ffi.ZKS_ETH_PRIVKEY_BYTES)
            try:
                st = lib().zks_l1_new(eth_rpc.handle, text_arg(main_contract, "main_contract"), int(chain_id), key,
                                      ctypes.byref(h))
            finally:
                wipe(key)
        elif address is not None and sign_digest is not None:
            _, dig = _signer_callbacks(None, sign_digest)
            self._callbacks = (dig,)
            st = lib().zks_l1_new_with_signer(eth_rpc.handle, text_arg(main_contract, "main_contract"),
                                              int(chain_id), text_arg(address, "address"), dig, None,
                                              ctypes.byref(h))
        else:
            raise TypeError("L1 needs eth_private_key, or address and sign_digest")
        if st:
            raise error_class(st)(st, lib().zks_strerror(st).decode("utf-8", "replace"), detail="zks_l1_new")
        super().__init__(h, lib().zks_l1_free, borrows=(eth_rpc,))

    @classmethod
    def _view(cls, handle: ctypes.c_void_p, owner: HandleObject) -> "L1":
        """The L1 layer owned by a wallet (not freed by close())."""
        obj = cls.__new__(cls)
        obj._callbacks = ()
        obj._owner = owner
        HandleObject.__init__(obj, handle, None, borrows=(owner,))
        return obj

    def _journal_holder(self) -> Any:
        """Where the journal hooks live: a wallet's L1 layer is a new view at each
        wallet.l1, so its hooks are kept by the wallet."""
        return self._owner if self._owner is not None else self

    def _check(self, st: int, fn: str) -> None:
        for hook in self._journal_holder()._l1_journals:
            hook.after(st)
        if st:
            msg = (lib().zks_l1_errmsg(self._handle) or b"").decode("utf-8", "replace")
            e = error_class(st)(st, lib().zks_strerror(st).decode("utf-8", "replace"), detail=msg or fn)
            if st == _ffi.ZKS_ERR_L1_REVERT:
                e.revert_reason = msg or None
            raise e

    def doubt(self) -> L1Doubt:
        """The open L1 send of unknown outcome, if any (no network). The next sending call
        resolves it first and never signs a new tx for its nonce."""
        d = _ffi._S_zks_l1_doubt()
        d.struct_size = ctypes.sizeof(d)
        self._check(lib().zks_l1_doubt_get(self.handle, ctypes.byref(d)), "zks_l1_doubt_get")
        return L1Doubt(bool(d.open), int(d.nonce), c_text(d.tx_hash), bytes(d.raw[:min(d.raw_len, len(d.raw))]))

    def restore_doubt(self, raw: Any, nonce: int) -> None:
        """Restores the doubt an earlier process stored (its signed bytes and nonce)."""
        b = as_bytes(raw, "raw")
        self._check(lib().zks_l1_doubt_restore(self.handle, b or None, len(b), int(nonce)), "zks_l1_doubt_restore")

    def set_journal(self, journal: Optional[L1Journal] = None, *, save: Optional[Callable[["L1Doubt"], None]] = None,
                    load: Optional[Callable[[], Any]] = None, clear: Optional[Callable[[], None]] = None) -> None:
        """Write-ahead hook of the L1 sends (zks_l1_set_journal): save(doubt: L1Doubt) is
        called after signing and before sending, clear() once the outcome is known. An
        exception in save() stops the send (nothing is sent) and is raised by the call;
        one in clear() is a JournalWarning. load() (optional) returns what an earlier
        process saved (an L1Doubt, a (raw, nonce) pair, or None): it is restored first
        (restore_doubt). A journal object has save/clear (and load) methods; None and no
        callables: no hook. For a wallet's L1 layer, the wallet's set_journal and
        set_journal_hook replace this hook (set it after them)."""
        save, load, clear = _journal_parts(journal, save, load, clear)
        if load is not None:
            d = load()
            if d is not None and getattr(d, "open", True):
                raw, nonce = (d.raw, d.nonce) if isinstance(d, L1Doubt) else d
                self.restore_doubt(raw, nonce)
        hook = _JournalHook(save, clear, True) if save is not None and clear is not None else None
        holder = self._journal_holder()
        if hook is not None:
            holder._l1_journals = holder._l1_journals + (hook,)  # C calls it from now on
        self._check(lib().zks_l1_set_journal(self.handle, hook.c if hook else _ffi.CB_zks_l1_journal_fn(), None),
                    "zks_l1_set_journal")
        holder._l1_journals = (hook,) if hook is not None else ()  # C no longer calls the earlier ones

    def _send(self, fn: Any, *args: Any) -> L1Result:
        out = _ffi._S_zks_l1_result()
        st = fn(self.handle, *args, ctypes.byref(out))
        try:
            self._check(st, getattr(fn, "__name__", ""))
        except Exception as e:
            e.l1_result = _l1_result(out)  # type: ignore[attr-defined]  # tx_hash once sent
            raise
        return _l1_result(out)

    def set_options(self, gas_price_wei: Optional[Amount] = None, poll_ms: int = 0, preflight: bool = True) -> None:
        self._check(lib().zks_l1_set_options(self.handle, _opt_amount(gas_price_wei, "gas_price_wei"), int(poll_ms),
                                             0 if preflight else _ffi.ZKS_L1_NO_PREFLIGHT), "zks_l1_set_options")

    @property
    def address(self) -> str:
        out = out_buffer(_ffi.ZKS_ETH_ADDRESS_CHARS + 1)
        self._check(lib().zks_l1_address(self.handle, out), "zks_l1_address")
        return out.value.decode("utf-8", "replace")

    def deposit_eth(self, amount: Amount, to: Optional[str] = None, wait_ms: int = 0) -> L1Result:
        return self._send(lib().zks_l1_deposit_eth, _opt(to, "to"), amount_arg(amount), int(wait_ms))

    def deposit_erc20(self, token_address: str, amount: Amount, to: Optional[str] = None, approve: str = "none",
                      wait_ms: int = 0) -> L1Result:
        """approve: "none", "amount" or "unlimited" (an approve tx is sent first)."""
        return self._send(lib().zks_l1_deposit_erc20, _opt(to, "to"), text_arg(token_address, "token_address"),
                          amount_arg(amount), _APPROVE[approve], int(wait_ms))

    def approve_erc20(self, token_address: str, amount: Optional[Amount] = None, wait_ms: int = 0) -> L1Result:
        return self._send(lib().zks_l1_approve_erc20, text_arg(token_address, "token_address"),
                          _opt_amount(amount, "amount"), int(wait_ms))

    def full_exit(self, account_id: int, token_address: str = ETH_TOKEN_ADDRESS, wait_ms: int = 0) -> L1Result:
        return self._send(lib().zks_l1_full_exit, int(account_id), text_arg(token_address, "token_address"),
                          int(wait_ms))

    def full_exit_nft(self, account_id: int, nft_id: int, wait_ms: int = 0) -> L1Result:
        return self._send(lib().zks_l1_full_exit_nft, int(account_id), int(nft_id), int(wait_ms))

    def withdraw_pending_balance(self, token_address: str = ETH_TOKEN_ADDRESS, owner: Optional[str] = None,
                                 amount: Optional[Amount] = None, wait_ms: int = 0) -> L1Result:
        return self._send(lib().zks_l1_withdraw_pending_balance, _opt(owner, "owner"),
                          text_arg(token_address, "token_address"), _opt_amount(amount, "amount"), int(wait_ms))

    def withdraw_pending_nft(self, nft_id: int, wait_ms: int = 0) -> L1Result:
        return self._send(lib().zks_l1_withdraw_pending_nft, int(nft_id), int(wait_ms))

    def set_auth_pubkey_hash(self, pubkey_hash: Any, nonce: int, wait_ms: int = 0) -> L1Result:
        from .crypto import pubkey_hash_from_text
        pk = pubkey_hash_from_text(pubkey_hash) if isinstance(pubkey_hash, str) and pubkey_hash.startswith("sync:") \
            else as_bytes(pubkey_hash, "pubkey_hash", _ffi.ZKS_PUBKEY_HASH_BYTES)
        return self._send(lib().zks_l1_set_auth_pubkey_hash, pk, int(nonce), int(wait_ms))

    def auth_fact(self, nonce: int, address: Optional[str] = None) -> bytes:
        out = out_buffer(32)
        self._check(lib().zks_l1_auth_fact(self.handle, _opt(address, "address"), int(nonce), out),
                    "zks_l1_auth_fact")
        return out.raw

    def _amount(self, fn: Any, *args: Any) -> int:
        out = out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1)
        self._check(fn(self.handle, *args, out), getattr(fn, "__name__", ""))
        return int(out.value)

    def pending_balance(self, token_address: str = ETH_TOKEN_ADDRESS, address: Optional[str] = None) -> int:
        return self._amount(lib().zks_l1_pending_balance, text_arg(token_address, "token_address"),
                            _opt(address, "address"))

    def balance(self, token_address: str = ETH_TOKEN_ADDRESS, address: Optional[str] = None) -> int:
        return self._amount(lib().zks_l1_balance, text_arg(token_address, "token_address"), _opt(address, "address"))

    def allowance(self, token_address: str, owner: Optional[str] = None) -> int:
        return self._amount(lib().zks_l1_allowance, text_arg(token_address, "token_address"), _opt(owner, "owner"))

    def is_erc20_approved(self, token_address: str, threshold: Optional[Amount] = None) -> bool:
        v = ctypes.c_int32()
        self._check(lib().zks_l1_is_erc20_approved(self.handle, text_arg(token_address, "token_address"),
                                                   _opt_amount(threshold, "threshold"), ctypes.byref(v)),
                    "zks_l1_is_erc20_approved")
        return bool(v.value)


class Wallet(HandleObject):
    """A zkSync account (zks_wallet)."""

    _journals: Tuple[_JournalHook, ...] = ()     # hooks of set_journal_hook C may still call
    _l1_journals: Tuple[_JournalHook, ...] = ()  # those of wallet.l1.set_journal

    def __init__(self, provider: Provider, eth_private_key: Any, eth_rpc: Optional[EthRpc] = None,
                 chain_id: int = 0) -> None:
        """chain_id: L1 chain id (9 local devnet, 1 mainnet); 0 asks eth_rpc."""
        self._callbacks: Tuple[Any, ...] = ()
        key = secret_buffer(eth_private_key, "eth_private_key", _ffi.ZKS_ETH_PRIVKEY_BYTES)
        h = ctypes.c_void_p()
        try:
            st = lib().zks_wallet_new(provider.handle, eth_rpc.handle if eth_rpc else None, int(chain_id), key,
                                      ctypes.byref(h))
        finally:
            wipe(key)
        self._init(h, st, "zks_wallet_new", provider, eth_rpc)

    def _init(self, h: ctypes.c_void_p, st: int, fn: str, provider: Provider, eth_rpc: Optional[EthRpc]) -> None:
        if st:
            code, msg = None, ""
            try:
                pst, pcode, msg = provider.last_error()
                code = pcode if pst == st and pcode else None
            except Exception:
                pass
            raise error_class(st)(st, lib().zks_strerror(st).decode("utf-8", "replace"), code, msg or fn)
        self._provider = provider
        super().__init__(h, lib().zks_wallet_free, borrows=(provider, eth_rpc) if eth_rpc else (provider,))

    @classmethod
    def from_mnemonic(cls, provider: Provider, mnemonic: str, passphrase: str = "", path: Optional[str] = None,
                      eth_rpc: Optional[EthRpc] = None, chain_id: int = 0) -> "Wallet":
        obj = cls.__new__(cls)
        obj._callbacks = ()
        h = ctypes.c_void_p()
        m, pw = secret_text(mnemonic, "mnemonic"), secret_text(passphrase, "passphrase")
        try:
            st = lib().zks_wallet_new_from_mnemonic(provider.handle, eth_rpc.handle if eth_rpc else None,
                                                    int(chain_id), m, pw, _opt(path, "path"), ctypes.byref(h))
        finally:
            wipe(m)
            wipe(pw)
        obj._init(h, st, "zks_wallet_new_from_mnemonic", provider, eth_rpc)
        return obj

    @classmethod
    def with_signer(cls, provider: Provider, address: str, sign_message: Callable[[bytes], bytes],
                    sign_digest: Optional[Callable[[bytes], bytes]] = None, eth_rpc: Optional[EthRpc] = None,
                    chain_id: int = 0) -> "Wallet":
        """A wallet whose Ethereum key lives elsewhere (see the module doc)."""
        obj = cls.__new__(cls)
        msg_cb, dig_cb = _signer_callbacks(sign_message, sign_digest)
        obj._callbacks = (msg_cb, dig_cb)  # must outlive the native wallet
        h = ctypes.c_void_p()
        st = lib().zks_wallet_new_with_signer(provider.handle, eth_rpc.handle if eth_rpc else None, int(chain_id),
                                              text_arg(address, "address"), msg_cb, dig_cb, None, ctypes.byref(h))
        obj._init(h, st, "zks_wallet_new_with_signer", provider, eth_rpc)
        return obj

    def _check(self, st: int, fn: str) -> None:
        for hook in self._journals + self._l1_journals:
            hook.after(st)
        if st == 0:
            return
        msg = (lib().zks_wallet_errmsg(self._handle) or b"").decode("utf-8", "replace")
        code = None
        try:
            pst, pcode, _ = self._provider.last_error()
            code = pcode if pst == st and pcode else None
        except Exception:
            pass
        e = error_class(st)(st, lib().zks_strerror(st).decode("utf-8", "replace"), code, msg or fn)
        if st == _ffi.ZKS_ERR_L1_REVERT:
            e.revert_reason = msg or None
        raise e

    def _hash_call(self, fn: Any, *args: Any) -> str:
        out = out_buffer((_ffi.ZKS_TX_HASH_CHARS + 1))
        self._check(fn(self.handle, *args, out), getattr(fn, "__name__", ""))
        return out.value.decode("utf-8", "replace")

    @property
    def l1(self) -> Optional[L1]:
        """The wallet's L1 layer (None without eth_rpc or an L1 signer)."""
        h = lib().zks_wallet_l1(self.handle)
        return L1._view(ctypes.c_void_p(h), self) if h else None

    @property
    def address(self) -> str:
        out = out_buffer(_ffi.ZKS_ETH_ADDRESS_CHARS + 1)
        self._check(lib().zks_wallet_address(self.handle, out), "zks_wallet_address")
        return out.value.decode("utf-8", "replace")

    @property
    def pubkey_hash(self) -> str:
        """"sync:" + 40 hex of the wallet's zkSync key (pubkey_hash_bytes for the 20 bytes)."""
        out = out_buffer(_ffi.ZKS_PUBKEY_HASH_CHARS + 1)
        self._check(lib().zks_wallet_pubkey_hash(self.handle, out, None), "zks_wallet_pubkey_hash")
        return out.value.decode("utf-8", "replace")

    @property
    def pubkey_hash_bytes(self) -> bytes:
        out, raw = out_buffer(_ffi.ZKS_PUBKEY_HASH_CHARS + 1), out_buffer(_ffi.ZKS_PUBKEY_HASH_BYTES)
        self._check(lib().zks_wallet_pubkey_hash(self.handle, out, raw), "zks_wallet_pubkey_hash")
        return raw.raw

    def account_id(self) -> int:
        """The account id (StateError while the account does not exist)."""
        v = ctypes.c_uint32()
        self._check(lib().zks_wallet_account_id(self.handle, ctypes.byref(v)), "zks_wallet_account_id")
        return v.value

    def nonce(self) -> int:
        v = ctypes.c_uint32()
        self._check(lib().zks_wallet_nonce(self.handle, ctypes.byref(v)), "zks_wallet_nonce")
        return v.value

    def doubt(self) -> Doubt:
        """The wallet's doubt (no network): while one is open no other tx is signed."""
        d = _ffi._S_zks_wallet_doubt()
        d.struct_size = ctypes.sizeof(d)
        self._check(lib().zks_wallet_doubt_get(self.handle, ctypes.byref(d)), "zks_wallet_doubt_get")
        return _doubt(d)

    def resolve(self, timeout_ms: int = 0) -> Doubt:
        """Resolves an open doubt, polling up to timeout_ms (0: one look); never signs.
        Returns the doubt when there was none or it never paid (signing may go on); raises
        AlreadyExecutedError (it paid: do not pay again) or OutcomeUnknownError (still open),
        each with the Doubt as .doubt."""
        d = _ffi._S_zks_wallet_doubt()
        d.struct_size = ctypes.sizeof(d)
        st = lib().zks_wallet_resolve(self.handle, int(timeout_ms), ctypes.byref(d))
        try:
            self._check(st, "zks_wallet_resolve")
        except Exception as e:
            e.doubt = _doubt(d)  # type: ignore[attr-defined]
            raise
        return _doubt(d)

    def set_journal(self, path: Optional[str]) -> None:
        """Writes each doubt to a crash-safe journal file before sending (None: off). A record
        left there by an earlier process becomes the open doubt, so the next operation resolves
        it before it signs anything (FileFormatError: a bad checksum or another account's)."""
        self._check(lib().zks_wallet_set_journal(self.handle, _opt(path, "path")), "zks_wallet_set_journal")
        self._journals = self._l1_journals = ()  # replaced by the file (the L1 layer's hook too)

    def set_journal_hook(self, journal: Optional[WalletJournal] = None, *,
                         save: Optional[Callable[[bytes], None]] = None, load: Optional[Callable[[], Any]] = None,
                         clear: Optional[Callable[[], None]] = None) -> None:
        """The journal in your own storage (zks_wallet_set_journal_hook): save(record: bytes)
        is called with the doubt's record before its submission is sent and must store it
        durably; clear() once the outcome is known. An exception in save() stops the send
        (nothing is sent): the operation raises that exception. One in clear() cannot undo
        anything: it is a JournalWarning (the stale record is resolved again when loaded,
        never paid twice). load() returns the record stored last (bytes, or None), loaded
        as the open doubt (FileFormatError: damaged, or another account's). A journal object
        has save/clear/load methods (WalletJournal); no journal and no callables: off. This
        replaces set_journal(path) and turns off the hook of the wallet's L1 layer (set that
        after: wallet.l1.set_journal)."""
        save, load, clear = _journal_parts(journal, save, load, clear)
        rec = load() if load is not None else None
        if isinstance(rec, str):
            rec = rec.encode("utf-8")
        rec = bytes(rec) if rec else b""
        hook = _JournalHook(save, clear, False) if save is not None and clear is not None else None
        if hook is not None:
            self._journals = self._journals + (hook,)  # C may call it from now on, even on failure
        self._check(lib().zks_wallet_set_journal_hook(self.handle, hook.c if hook else _ffi.CB_zks_wallet_journal_fn(),
                                                      None, rec or None, len(rec)), "zks_wallet_set_journal_hook")
        # on success C calls only the new hook, and no L1-layer hook any more
        self._journals, self._l1_journals = ((hook,) if hook is not None else ()), ()

    def set_max_fee(self, token: str, max_fee: Optional[Amount]) -> None:
        """Caps the fee the server may quote in token (symbol, id or address; base units):
        a higher quote raises FeeTooHighError before anything is signed. None removes the cap;
        a fee the caller gives is not capped. Up to 16 tokens."""
        self._check(lib().zks_wallet_set_max_fee(self.handle, text_arg(str(token), "token"),
                                                 _opt_amount(max_fee, "max_fee")), "zks_wallet_set_max_fee")

    def sync(self) -> None:
        """Fetches the account id and nonce again."""
        self._check(lib().zks_wallet_sync(self.handle), "zks_wallet_sync")

    def balance(self, token: TokenLike = "ETH", which: str = COMMITTED) -> int:
        out = out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1)
        self._check(lib().zks_wallet_balance(self.handle, _tok(token), _WHICH[which], out), "zks_wallet_balance")
        return int(out.value)

    def l1_balance(self, token: TokenLike = "ETH") -> int:
        out = out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1)
        self._check(lib().zks_wallet_l1_balance(self.handle, _tok(token), out), "zks_wallet_l1_balance")
        return int(out.value)

    def signing_key_state(self) -> str:
        """"none", "ours" or "other"."""
        v = ctypes.c_int32()
        self._check(lib().zks_wallet_signing_key_state(self.handle, ctypes.byref(v)), "zks_wallet_signing_key_state")
        return SIGNING_KEY_STATES.get(v.value, str(v.value))

    def set_signing_key(self, fee_token: TokenLike = "ETH", auth: Union[str, int] = "ECDSA",
                        fee: Optional[Amount] = None) -> str:
        """ChangePubKey to the wallet's key; auth "ECDSA", "Onchain" (needs L1) or "CREATE2"."""
        a = _CPK_AUTH[auth] if isinstance(auth, str) else int(auth)
        return self._hash_call(lib().zks_wallet_set_signing_key, a, _tok(fee_token), _opt_amount(fee, "fee"))

    def transfer(self, to: str, amount: Amount, token: TokenLike = "ETH", fee: Optional[Amount] = None) -> str:
        return self._hash_call(lib().zks_wallet_transfer, text_arg(to, "to"), _tok(token), amount_arg(amount),
                               _opt_amount(fee, "fee"))

    def transfer_batch(self, transfers: Sequence[Tuple[str, TokenLike, Amount]], fee_token: TokenLike = "ETH",
                       total_fee: Optional[Amount] = None) -> List[str]:
        """transfers: (to, token, amount) triples, signed with ONE Ethereum signature; the
        batch fee is paid in fee_token (an extra fee transfer to self may be appended)."""
        n = len(transfers)
        arr = lambda items, name: ctypes.cast((ctypes.c_char_p * max(1, n))(*items),  # noqa: E731
                                              ctypes.POINTER(ctypes.c_void_p))
        keep = ([text_arg(t[0], "to") for t in transfers], [_tok(t[1]) for t in transfers],
                [amount_arg(t[2]) for t in transfers])
        w = (_ffi.ZKS_TX_HASH_CHARS + 1)
        cap = n + 1
        out = out_buffer(w * cap)
        count = ctypes.c_size_t()
        self._check(lib().zks_wallet_transfer_batch(self.handle, arr(keep[0], "to"), arr(keep[1], "tokens"),
                                                    arr(keep[2], "amounts"), n, _tok(fee_token),
                                                    _opt_amount(total_fee, "total_fee"), out, cap,
                                                    ctypes.byref(count)), "zks_wallet_transfer_batch")
        return [out.raw[i * w:(i + 1) * w].split(b"\0", 1)[0].decode("utf-8", "replace") for i in range(count.value)]

    def withdraw(self, amount: Amount, token: TokenLike = "ETH", to: Optional[str] = None,
                 fee: Optional[Amount] = None, fast: bool = False) -> str:
        return self._hash_call(lib().zks_wallet_withdraw, _opt(to, "to"), _tok(token), amount_arg(amount),
                               _opt_amount(fee, "fee"), 1 if fast else 0)

    def forced_exit(self, target: str, token: TokenLike = "ETH", fee: Optional[Amount] = None) -> str:
        return self._hash_call(lib().zks_wallet_forced_exit, text_arg(target, "target"), _tok(token),
                               _opt_amount(fee, "fee"))

    def mint_nft(self, content_hash: Any, fee_token: TokenLike = "ETH", recipient: Optional[str] = None,
                 fee: Optional[Amount] = None) -> str:
        return self._hash_call(lib().zks_wallet_mint_nft, _opt(recipient, "recipient"),
                               as_bytes(content_hash, "content_hash", 32), _tok(fee_token), _opt_amount(fee, "fee"))

    def transfer_nft(self, to: str, nft_id: int, fee_token: TokenLike = "ETH",
                     fee: Optional[Amount] = None) -> Tuple[str, str]:
        """(NFT transfer hash, fee transfer hash)."""
        a, b = out_buffer((_ffi.ZKS_TX_HASH_CHARS + 1)), out_buffer((_ffi.ZKS_TX_HASH_CHARS + 1))
        self._check(lib().zks_wallet_transfer_nft(self.handle, text_arg(to, "to"), int(nft_id), _tok(fee_token),
                                                  _opt_amount(fee, "fee"), a, b), "zks_wallet_transfer_nft")
        return a.value.decode("utf-8", "replace"), b.value.decode("utf-8", "replace")

    def withdraw_nft(self, nft_id: int, fee_token: TokenLike = "ETH", to: Optional[str] = None,
                     fee: Optional[Amount] = None, fast: bool = False) -> str:
        return self._hash_call(lib().zks_wallet_withdraw_nft, _opt(to, "to"), int(nft_id), _tok(fee_token),
                               _opt_amount(fee, "fee"), 1 if fast else 0)

    def sign_order(self, token_sell: TokenLike, token_buy: TokenLike, ratio_sell: Amount, ratio_buy: Amount,
                   amount: Optional[Amount] = None, recipient: Optional[str] = None) -> Dict[str, Any]:
        """A signed order for swap() (amount None or 0: a limit order)."""
        p = ctypes.c_void_p()
        self._check(lib().zks_wallet_sign_order(self.handle, _opt(recipient, "recipient"), _tok(token_sell),
                                                _tok(token_buy), amount_arg(ratio_sell, "ratio_sell"),
                                                amount_arg(ratio_buy, "ratio_buy"), _opt_amount(amount, "amount"),
                                                ctypes.byref(p)), "zks_wallet_sign_order")
        return json.loads(take_string(p.value))

    def swap(self, order_a: Any, order_b: Any, fee_token: TokenLike = "ETH", amount_a: Optional[Amount] = None,
             amount_b: Optional[Amount] = None, fee: Optional[Amount] = None) -> str:
        def j(o: Any) -> bytes:
            return text_arg(o if isinstance(o, str) else json.dumps(o, separators=(",", ":")), "order")
        return self._hash_call(lib().zks_wallet_swap, j(order_a), j(order_b), _opt_amount(amount_a, "amount_a"),
                               _opt_amount(amount_b, "amount_b"), _tok(fee_token), _opt_amount(fee, "fee"))

    def wait_tx(self, tx_hash: str, level: str = COMMITTED, timeout_ms: int = 120000) -> Dict[str, Any]:
        """Waits for a tx; TxFailedError (with .info, fail reason as .detail) when it failed."""
        out = _ffi._S_zks_tx_info()
        try:
            self._check(lib().zks_wallet_wait_tx(self.handle, text_arg(tx_hash, "tx_hash"), _LEVEL[level],
                                                 int(timeout_ms), ctypes.byref(out)), "zks_wallet_wait_tx")
        except error_class(_ffi.ZKS_ERR_TX_FAILED) as e:
            e.info = _tx_info(out)  # type: ignore[attr-defined]
            raise
        return _tx_info(out)

    def _l1(self, fn: Any, *args: Any) -> L1Result:
        out = _ffi._S_zks_l1_result()
        st = fn(self.handle, *args, ctypes.byref(out))
        try:
            self._check(st, getattr(fn, "__name__", ""))
        except Exception as e:
            e.l1_result = _l1_result(out)  # type: ignore[attr-defined]
            raise
        return _l1_result(out)

    def deposit(self, amount: Amount, token: TokenLike = "ETH", to: Optional[str] = None,
                wait_ms: int = 120000) -> L1Result:
        """Deposits from L1 (ERC20: approves first when needed). wait_ms 0: do not wait."""
        return self._l1(lib().zks_wallet_deposit, _opt(to, "to"), _tok(token), amount_arg(amount), int(wait_ms))

    def full_exit(self, token: TokenLike = "ETH", wait_ms: int = 120000) -> L1Result:
        return self._l1(lib().zks_wallet_full_exit, _tok(token), int(wait_ms))

    def withdraw_pending_balance(self, token: TokenLike = "ETH", amount: Optional[Amount] = None,
                                 wait_ms: int = 120000) -> L1Result:
        return self._l1(lib().zks_wallet_withdraw_pending_balance, _tok(token), _opt_amount(amount, "amount"),
                        int(wait_ms))

    def wait_ethop(self, serial_id: int, level: str = COMMITTED, timeout_ms: int = 120000) -> Dict[str, Any]:
        out = _ffi._S_zks_tx_info()
        self._check(lib().zks_wallet_wait_ethop(self.handle, int(serial_id), _LEVEL[level], int(timeout_ms),
                                                ctypes.byref(out)), "zks_wallet_wait_ethop")
        return _tx_info(out)

    def __repr__(self) -> str:
        return f"<Wallet {'closed' if self._closed else self.address}>"
