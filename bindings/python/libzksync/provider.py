"""JSON-RPC clients: Provider (zkSync Lite v0.1 API) and EthRpc (an Ethereum node).

Both own a native handle (one HTTP connection): use them as context managers or
call close(). An object must not be used from two threads at once. Failing calls
raise the ZksError subclass of the status, with .server_code (the JSON-RPC error
code, when the server sent one) and .detail (the server's or transport's message).
Results are plain Python values: dicts, lists, int amounts.
"""
from __future__ import annotations

import ctypes
import json
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _ffi
from ._native import HandleObject, amount_arg, as_bytes, lib, out_buffer, take_string, text_arg
from .errors import ZksError, error_class

COMMITTED = "committed"
VERIFIED = "verified"
_WHICH = {COMMITTED: _ffi.ZKS_ACCOUNT_COMMITTED, VERIFIED: _ffi.ZKS_ACCOUNT_VERIFIED}
_LEVEL = {COMMITTED: _ffi.ZKS_WAIT_COMMITTED, VERIFIED: _ffi.ZKS_WAIT_VERIFIED}
DEADLINE_SLACK_MS = _ffi.ZKS_RPC_DEADLINE_SLACK_MS  # how late past its deadline a call may return


def _s(b: bytes) -> str:
    return b.decode("utf-8", "replace")


def _opt_text(v: Optional[str], name: str) -> Optional[bytes]:
    return None if v is None else text_arg(v, name)


def _json_text(v: Any, name: str) -> Optional[bytes]:
    """None -> NULL; str is taken as JSON text as it is; anything else is json.dumps'ed."""
    if v is None:
        return None
    if isinstance(v, (str, bytes)):
        return text_arg(v, name)
    return text_arg(json.dumps(v, separators=(",", ":")), name)


def _eth_sig_arg(sig: Any) -> Optional[bytes]:
    """None; 65 bytes or "0x" hex (sent as {"type":"EthereumSignature",...}); or a dict/list as JSON."""
    if sig is None:
        return None
    if isinstance(sig, (bytes, bytearray)):
        return ("0x" + bytes(sig).hex()).encode()
    if isinstance(sig, str):
        return text_arg(sig, "eth_signature")
    return text_arg(json.dumps(sig, separators=(",", ":")), "eth_signature")


def _tx_info(t: Any) -> Dict[str, Any]:
    return {"executed": bool(t.executed), "success": None if t.success < 0 else bool(t.success),
            "block": {"block_number": t.block_number, "committed": bool(t.committed), "verified": bool(t.verified)}
            if t.has_block else None, "fail_reason": _s(t.fail_reason) or None}


def _token(t: Any) -> Dict[str, Any]:
    return {"id": t.id, "address": _s(t.address), "symbol": _s(t.symbol), "decimals": t.decimals,
            "kind": _s(t.kind) or None, "is_nft": bool(t.is_nft)}


def _nft(n: Any) -> Dict[str, Any]:
    return {"id": n.id, "content_hash": _s(n.content_hash), "creator_id": n.creator_id,
            "creator_address": _s(n.creator_address), "serial_id": n.serial_id, "address": _s(n.address),
            "symbol": _s(n.symbol), "current_factory": _s(n.current_factory) or None,
            "withdrawn_factory": _s(n.withdrawn_factory) or None}


class _RpcBase(HandleObject):
    def __init__(self, url: str, *, connect_timeout_ms: int = 0, timeout_ms: int = 0,
                 max_response: Optional[int] = None, user_agent: Optional[str] = None,
                 retries: Optional[int] = None, backoff_ms: int = _ffi.ZKS_RPC_DEFAULT_BACKOFF_MS,
                 env_proxy: bool = False) -> None:
        """timeout_ms: the deadline of each public call (see set_timeouts); env_proxy: use
        the proxies of the environment (set_env_proxy; default: no proxy)."""
        h = ctypes.c_void_p()
        ops = self._ops()
        st = ops["new"](text_arg(url, "url"), ctypes.byref(h))
        if st:
            raise error_class(st)(st, lib().zks_strerror(st).decode("utf-8", "replace"), detail=f"{type(self).__name__}({url!r})")
        super().__init__(h, ops["free"])
        self.url = url
        try:
            if connect_timeout_ms or timeout_ms:
                self.set_timeouts(connect_timeout_ms, timeout_ms)
            if max_response is not None:
                self.set_max_response(max_response)
            if user_agent is not None:
                self.set_user_agent(user_agent)
            if retries is not None:
                self.set_retries(retries, backoff_ms)
            if env_proxy:
                self.set_env_proxy(True)
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _ops() -> Dict[str, Callable[..., Any]]:  # the per-class functions of the shared methods
        raise NotImplementedError

    def _fn(self, name: str) -> Callable[..., Any]:
        return self._ops()[name]

    def _check(self, st: int, fn: str) -> None:
        if st == 0:
            return
        code = ctypes.c_int64()
        self._fn("last_error")(self._handle, ctypes.byref(code))
        msg = self._fn("errmsg")(self._handle)
        detail = (msg or b"").decode("utf-8", "replace") or fn
        raise error_class(st)(st, lib().zks_strerror(st).decode("utf-8", "replace"), code.value or None, detail)

    def _call(self, fn: Any, *args: Any) -> None:
        if isinstance(fn, str):
            fn = self._fn(fn)
        self._check(fn(self.handle, *args), getattr(fn, "__name__", str(fn)))

    def _str_call(self, fn: Any, *args: Any, cap: int = _ffi.ZKS_AMOUNT_CHARS + 1) -> str:
        out = out_buffer(cap)
        self._call(fn, *args, out)
        return _s(out.value)

    # options
    def set_timeouts(self, connect_ms: int = 0, total_ms: int = 0) -> None:
        """Connect timeout and total_ms, the deadline of one public call, in ms (0 keeps the
        current value; defaults 10 s / 30 s). Every HTTP exchange, retry, back-off and
        Retry-After wait of the call fits in total_ms: the call returns (ZksTimeoutError at
        worst) within total_ms + DEADLINE_SLACK_MS (250 ms). wait_* use their timeout_ms as
        the deadline and cap each poll at total_ms."""
        self._call("set_timeouts", int(connect_ms), int(total_ms))

    def set_env_proxy(self, enable: bool) -> None:
        """True: proxies come from the environment (http_proxy, https_proxy, all_proxy,
        no_proxy, as libcurl reads them). Default False: no proxy whatever the environment
        says, so a stray http_proxy cannot redirect (and read) the traffic."""
        self._call("set_env_proxy", 1 if enable else 0)

    def set_max_response(self, max_bytes: int) -> None:
        self._call("set_max_response", int(max_bytes))

    def set_user_agent(self, user_agent: str) -> None:
        self._call("set_user_agent", text_arg(user_agent, "user_agent"))

    def set_retries(self, retries: int, backoff_ms: int = _ffi.ZKS_RPC_DEFAULT_BACKOFF_MS) -> None:
        self._call("set_retries", int(retries), int(backoff_ms))

    def last_error(self) -> Tuple[int, int, str]:
        """(status, server code, message) of the last call on this object."""
        code = ctypes.c_int64()
        st = self._fn("last_error")(self.handle, ctypes.byref(code))
        return st, code.value, (self._fn("errmsg")(self._handle) or b"").decode("utf-8", "replace")

    def call(self, method: str, params: Any = None, idempotent: bool = True) -> Any:
        """Raw JSON-RPC call; params is a JSON-able value (or JSON text); returns the parsed result."""
        p = ctypes.c_void_p()
        self._call("call_json", text_arg(method, "method"), _json_text(params, "params"), 1 if idempotent else 0,
                   ctypes.byref(p))
        return json.loads(take_string(p.value))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url} {'closed' if self._closed else 'open'}>"


class Provider(_RpcBase):
    """zkSync Lite JSON-RPC v0.1 client, e.g. Provider("http://127.0.0.1:3030/jsrpc")."""

    @staticmethod
    def _ops() -> Dict[str, Callable[..., Any]]:
        L = lib()
        return {"new": L.zks_provider_new, "free": L.zks_provider_free, "set_timeouts": L.zks_provider_set_timeouts,
                "set_env_proxy": L.zks_provider_set_env_proxy,
                "set_max_response": L.zks_provider_set_max_response,
                "set_user_agent": L.zks_provider_set_user_agent, "set_retries": L.zks_provider_set_retries,
                "last_error": L.zks_provider_last_error, "errmsg": L.zks_provider_errmsg,
                "call_json": L.zks_provider_call_json}

    def last_error_data(self) -> str:
        """The "data" of the last JSON-RPC error as text ("" if none), e.g. for code 300."""
        return (lib().zks_provider_errdata(self.handle) or b"").decode("utf-8", "replace")

    def account_info(self, address: str) -> Dict[str, Any]:
        """account_info: {"address", "id" (None if new), "committed"/"verified": {"nonce",
        "pub_key_hash", "balances" {symbol: int}, "nfts", "minted_nfts"}, "depositing", "account_type", "raw"}."""
        h = ctypes.c_void_p()
        self._call(lib().zks_provider_account_info, text_arg(address, "address"), ctypes.byref(h))
        try:
            return _account_dict(h)
        finally:
            lib().zks_account_free(h)

    def ethop_info(self, serial_id: int) -> Dict[str, Any]:
        out = _ffi._S_zks_tx_info()
        self._call(lib().zks_provider_ethop_info, int(serial_id), ctypes.byref(out))
        return _tx_info(out)

    def tx_info(self, tx_hash: str) -> Dict[str, Any]:
        out = _ffi._S_zks_tx_info()
        self._call(lib().zks_provider_tx_info, text_arg(tx_hash, "tx_hash"), ctypes.byref(out))
        return _tx_info(out)

    def submit_tx(self, tx: Any, eth_signature: Any = None, fast: bool = False,
                  expected_hash: Optional[str] = None) -> str:
        """tx_submit: tx is the signed tx dict (or SignedTx, whose hash is then used for the
        safe retry); eth_signature None, a TxEthSignature dict/list, or 65 bytes / "0x" hex."""
        from .tx import SignedTx
        if isinstance(tx, SignedTx):
            expected_hash = expected_hash or tx.tx_hash
            tx = tx.tx
        sig = _eth_sig_arg(eth_signature)
        return self._str_call(lib().zks_provider_tx_submit, _json_text(tx, "tx"), sig, 1 if fast else 0,
                              _opt_text(expected_hash, "expected_hash"), cap=_ffi.ZKS_TX_HASH_CHARS + 1)

    def submit_txs_batch(self, txs: Sequence[Any], eth_signatures: Any = None,
                         expected_hashes: Optional[Sequence[str]] = None) -> List[str]:
        """submit_txs_batch: txs are {"tx", "signature"} dicts, bare signed txs or SignedTx."""
        from .tx import SignedTx
        items, hashes = [], []
        for t in txs:
            if isinstance(t, SignedTx):
                hashes.append(t.tx_hash)
                t = t.tx
            items.append(t)
        if expected_hashes is None and hashes and len(hashes) == len(items) and all(hashes):
            expected_hashes = hashes
        sig = _eth_sig_arg(eth_signatures)
        n = len(items)
        eh = None
        if expected_hashes is not None:
            eh_arr = (ctypes.c_char_p * max(1, len(expected_hashes)))(*[text_arg(h, "hash") for h in expected_hashes])
            eh = ctypes.cast(eh_arr, ctypes.POINTER(ctypes.c_void_p))
        w = _ffi.ZKS_TX_HASH_CHARS + 1
        out = out_buffer(w * max(1, n))
        count = ctypes.c_size_t()
        self._call(lib().zks_provider_submit_txs_batch, _json_text(items, "txs"), sig, eh,
                   0 if expected_hashes is None else len(expected_hashes), out, max(1, n), ctypes.byref(count))
        return [_s(out.raw[i * w:(i + 1) * w].split(b"\0", 1)[0]) for i in range(count.value)]

    def contract_address(self) -> Dict[str, str]:
        out = _ffi._S_zks_contract_address()
        self._call(lib().zks_provider_contract_address, ctypes.byref(out))
        return {"main_contract": _s(out.main_contract), "gov_contract": _s(out.gov_contract)}

    def tokens(self) -> List[Dict[str, Any]]:
        """tokens: every token, sorted by id (also refreshes the token cache)."""
        h = ctypes.c_void_p()
        self._call(lib().zks_provider_tokens, ctypes.byref(h))
        try:
            res = []
            for i in range(lib().zks_token_list_count(h)):
                t = _ffi._S_zks_token()
                st = lib().zks_token_list_get(h, i, ctypes.byref(t))
                if st:
                    raise error_class(st)(st, lib().zks_strerror(st).decode("utf-8", "replace"), detail="zks_token_list_get")
                res.append(_token(t))
            return res
        finally:
            lib().zks_token_list_free(h)

    def get_tx_fee(self, tx_type: str, address: str, token: Union[str, int]) -> Dict[str, Any]:
        """get_tx_fee: tx_type "Transfer", "Withdraw", "ChangePubKey:ECDSA", ...; amounts are int."""
        out = _ffi._S_zks_fee()
        self._call(lib().zks_provider_get_tx_fee, text_arg(tx_type, "tx_type"), text_arg(address, "address"),
                   text_arg(str(token), "token"), ctypes.byref(out))
        return {"fee_type": _s(out.fee_type), "gas_tx_amount": int(out.gas_tx_amount or b"0"),
                "gas_price_wei": int(out.gas_price_wei or b"0"), "gas_fee": int(out.gas_fee or b"0"),
                "zkp_fee": int(out.zkp_fee or b"0"), "total_fee": int(out.total_fee or b"0")}

    def get_txs_batch_fee_in_wei(self, tx_types: Sequence[str], addresses: Sequence[str],
                                 token: Union[str, int]) -> int:
        if len(tx_types) != len(addresses):
            raise error_class(_ffi.ZKS_ERR_INVALID_ARG)(_ffi.ZKS_ERR_INVALID_ARG,
                                                        "tx_types and addresses differ in length")
        n = len(tx_types)
        t = (ctypes.c_char_p * max(1, n))(*[text_arg(x, "tx_type") for x in tx_types])
        a = (ctypes.c_char_p * max(1, n))(*[text_arg(x, "address") for x in addresses])
        return int(self._str_call(lib().zks_provider_get_txs_batch_fee_in_wei, ctypes.cast(t, ctypes.POINTER(ctypes.c_void_p)),
                                  ctypes.cast(a, ctypes.POINTER(ctypes.c_void_p)), n, text_arg(str(token), "token")))

    def get_token_price(self, token: Union[str, int]) -> Decimal:
        """USD price, exact (the server's 100-digit fraction without its trailing zeros)."""
        return Decimal(self._str_call(lib().zks_provider_get_token_price, text_arg(str(token), "token"),
                                      cap=_ffi.ZKS_RPC_PRICE_CHARS + 1))

    def get_confirmations_for_eth_op_amount(self) -> int:
        v = ctypes.c_uint64()
        self._call(lib().zks_provider_get_confirmations_for_eth_op_amount, ctypes.byref(v))
        return v.value

    def get_eth_tx_for_withdrawal(self, tx_hash: str) -> Optional[str]:
        """The L1 hash of a withdrawal, or None while it is not on L1."""
        try:
            return self._str_call(lib().zks_provider_get_eth_tx_for_withdrawal, text_arg(tx_hash, "tx_hash"),
                                  cap=_ffi.ZKS_HASH_HEX_CHARS + 1)
        except error_class(_ffi.ZKS_ERR_NOT_FOUND):
            return None

    def get_zksync_version(self) -> str:
        return self._str_call(lib().zks_provider_get_zksync_version, cap=_ffi.ZKS_RPC_SHORT_CHARS + 1)

    def get_nft(self, token_id: int) -> Optional[Dict[str, Any]]:
        out = _ffi._S_zks_nft()
        try:
            self._call(lib().zks_provider_get_nft, int(token_id), ctypes.byref(out))
        except error_class(_ffi.ZKS_ERR_NOT_FOUND):
            return None
        return _nft(out)

    def get_nft_owner(self, token_id: int) -> Optional[int]:
        v = ctypes.c_uint32()
        try:
            self._call(lib().zks_provider_get_nft_owner, int(token_id), ctypes.byref(v))
        except error_class(_ffi.ZKS_ERR_NOT_FOUND):
            return None
        return v.value

    def get_nft_id_by_tx_hash(self, tx_hash: str) -> Optional[int]:
        v = ctypes.c_uint32()
        try:
            self._call(lib().zks_provider_get_nft_id_by_tx_hash, text_arg(tx_hash, "tx_hash"), ctypes.byref(v))
        except error_class(_ffi.ZKS_ERR_NOT_FOUND):
            return None
        return v.value

    def toggle_2fa(self, request: Mapping[str, Any]) -> None:
        self._call(lib().zks_provider_toggle_2fa, _json_text(request, "request"))

    def _wait(self, fn: Any, key: Any, level: str, timeout_ms: int, poll_ms: int) -> Dict[str, Any]:
        out = _ffi._S_zks_tx_info()
        try:
            self._call(fn, key, _LEVEL[level], int(timeout_ms), int(poll_ms), ctypes.byref(out))
        except error_class(_ffi.ZKS_ERR_TX_FAILED) as e:
            e.info = _tx_info(out)  # type: ignore[attr-defined]
            if e.info["fail_reason"]:  # type: ignore[attr-defined]
                e.detail = e.info["fail_reason"]  # type: ignore[attr-defined]
            raise
        return _tx_info(out)

    def wait_tx(self, tx_hash: str, level: str = COMMITTED, timeout_ms: int = 120000,
                poll_ms: int = 0) -> Dict[str, Any]:
        """Polls tx_info until the block is committed/verified. TxFailedError (with .info and
        the fail reason as .detail) when the tx failed; ZksTimeoutError after timeout_ms."""
        return self._wait(lib().zks_provider_wait_tx, text_arg(tx_hash, "tx_hash"), level, timeout_ms, poll_ms)

    def wait_ethop(self, serial_id: int, level: str = COMMITTED, timeout_ms: int = 120000,
                   poll_ms: int = 0) -> Dict[str, Any]:
        return self._wait(lib().zks_provider_wait_ethop, int(serial_id), level, timeout_ms, poll_ms)

    def resolve_token(self, token: Union[str, int]) -> Dict[str, Any]:
        """A token by id, address or symbol (case-insensitive), through the cache."""
        out = _ffi._S_zks_token()
        self._call(lib().zks_provider_resolve_token, text_arg(str(token), "token"), ctypes.byref(out))
        return _token(out)

    def refresh_tokens(self) -> None:
        self._call(lib().zks_provider_refresh_tokens)


def _account_dict(h: ctypes.c_void_p) -> Dict[str, Any]:
    L = lib()

    def chk(st: int, fn: str) -> None:
        if st:
            raise error_class(st)(st, L.zks_strerror(st).decode("utf-8", "replace"), detail=fn)
    info = _ffi._S_zks_account_info()
    chk(L.zks_account_get_info(h, ctypes.byref(info)), "zks_account_get_info")
    res: Dict[str, Any] = {"address": _s(info.address), "id": info.id if info.has_id else None,
                           "account_type": _s(info.account_type) or None}
    for name, which in _WHICH.items():
        bal = {}
        for i in range(L.zks_account_balance_count(h, which)):
            sym, amt = out_buffer(_ffi.ZKS_SYMBOL_CHARS + 1), out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1)
            chk(L.zks_account_balance_at(h, which, i, sym, amt), "zks_account_balance_at")
            bal[_s(sym.value)] = int(amt.value)
        nfts: Dict[str, List[Dict[str, Any]]] = {}
        for minted, key in ((0, "nfts"), (1, "minted_nfts")):
            nfts[key] = []
            for i in range(L.zks_account_nft_count(h, which, minted)):
                n = _ffi._S_zks_nft()
                chk(L.zks_account_nft_at(h, which, minted, i, ctypes.byref(n)), "zks_account_nft_at")
                nfts[key].append(_nft(n))
        nonce = info.committed_nonce if which == _ffi.ZKS_ACCOUNT_COMMITTED else info.verified_nonce
        pkh = info.committed_pub_key_hash if which == _ffi.ZKS_ACCOUNT_COMMITTED else info.verified_pub_key_hash
        res[name] = {"nonce": nonce, "pub_key_hash": _s(pkh), "balances": bal, **nfts}
    dep = []
    for i in range(L.zks_account_depositing_count(h)):
        sym, amt = out_buffer(_ffi.ZKS_SYMBOL_CHARS + 1), out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1)
        blk = ctypes.c_uint64()
        chk(L.zks_account_depositing_at(h, i, sym, amt, ctypes.byref(blk)), "zks_account_depositing_at")
        dep.append({"symbol": _s(sym.value), "amount": int(amt.value), "expected_accept_block": blk.value})
    res["depositing"] = dep
    p = ctypes.c_void_p()
    chk(L.zks_account_json(h, ctypes.byref(p)), "zks_account_json")
    res["raw"] = json.loads(take_string(p.value))
    return res


def account_balance(account: Mapping[str, Any], symbol: str, which: str = COMMITTED) -> int:
    """Balance of symbol (case-insensitive) in an account_info() result; 0 when absent
    (zksync.js getBalance)."""
    for k, v in account[which]["balances"].items():
        if k.lower() == symbol.lower():
            return int(v)
    return 0


class EthRpc(_RpcBase):
    """Ethereum JSON-RPC client, e.g. EthRpc("http://127.0.0.1:8545")."""

    @staticmethod
    def _ops() -> Dict[str, Callable[..., Any]]:
        L = lib()
        return {"new": L.zks_eth_rpc_new, "free": L.zks_eth_rpc_free, "set_timeouts": L.zks_eth_rpc_set_timeouts,
                "set_env_proxy": L.zks_eth_rpc_set_env_proxy,
                "set_max_response": L.zks_eth_rpc_set_max_response,
                "set_user_agent": L.zks_eth_rpc_set_user_agent, "set_retries": L.zks_eth_rpc_set_retries,
                "last_error": L.zks_eth_rpc_last_error, "errmsg": L.zks_eth_rpc_errmsg,
                "call_json": L.zks_eth_rpc_call_json}

    def _check(self, st: int, fn: str) -> None:
        try:
            super()._check(st, fn)
        except ZksError as e:
            if st == _ffi.ZKS_ERR_L1_REVERT:
                e.revert_reason = (lib().zks_eth_rpc_revert_reason(self._handle) or b"").decode(  # type: ignore
                    "utf-8", "replace")
            raise

    def chain_id(self) -> int:
        v = ctypes.c_uint64()
        self._call(lib().zks_eth_rpc_chain_id, ctypes.byref(v))
        return v.value

    def block_number(self) -> int:
        v = ctypes.c_uint64()
        self._call(lib().zks_eth_rpc_block_number, ctypes.byref(v))
        return v.value

    def get_balance(self, address: str, block: Optional[str] = None) -> int:
        out = out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1)
        self._call(lib().zks_eth_rpc_get_balance, text_arg(address, "address"), _opt_text(block, "block"), out)
        return int(out.value)

    def get_nonce(self, address: str, block: Optional[str] = None) -> int:
        """eth_getTransactionCount(address, block or "pending")."""
        v = ctypes.c_uint64()
        self._call(lib().zks_eth_rpc_get_nonce, text_arg(address, "address"), _opt_text(block, "block"), ctypes.byref(v))
        return v.value

    def gas_price(self) -> int:
        out = out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1)
        self._call(lib().zks_eth_rpc_gas_price, out)
        return int(out.value)

    def fee_history(self, block_count: int, newest: Optional[str] = None,
                    percentiles: Optional[Sequence[float]] = None) -> Any:
        p = ctypes.c_void_p()
        self._call(lib().zks_eth_rpc_fee_history, int(block_count), _opt_text(newest, "newest"),
                  None if percentiles is None else _json_text(list(percentiles), "percentiles"), ctypes.byref(p))
        return json.loads(take_string(p.value))

    def suggest_fees(self) -> Tuple[int, int]:
        """(max_fee_per_gas, max_priority_fee_per_gas) in wei, as ethers 5 getFeeData."""
        a, b = out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1), out_buffer(_ffi.ZKS_AMOUNT_CHARS + 1)
        self._call(lib().zks_eth_rpc_suggest_fees, a, b)
        return int(a.value), int(b.value)

    def estimate_gas(self, to: Optional[str] = None, data: Any = None, value: Any = None,
                     from_: Optional[str] = None) -> int:
        v = ctypes.c_uint64()
        d = None if data is None else ("0x" + as_bytes(data, "data").hex()).encode()
        self._call(lib().zks_eth_rpc_estimate_gas, _opt_text(from_, "from"), _opt_text(to, "to"),
                  None if value is None else amount_arg(value, "value"), d, ctypes.byref(v))
        return v.value

    def call_contract(self, to: str, data: Any, from_: Optional[str] = None, block: Optional[str] = None) -> bytes:
        """eth_call: the returned bytes."""
        d = ("0x" + as_bytes(data, "data").hex()).encode()
        cap = 1024
        while True:
            out = out_buffer(cap)
            n = ctypes.c_size_t()
            st = lib().zks_eth_rpc_call(self.handle, _opt_text(from_, "from"), text_arg(to, "to"), d,
                                    _opt_text(block, "block"), out, cap, ctypes.byref(n))
            if st == _ffi.ZKS_ERR_BUFFER_SIZE and n.value > cap:
                cap = n.value
                continue
            self._check(st, "zks_eth_rpc_call")
            return out.raw[:n.value]

    def send_raw_transaction(self, raw: Any, expected_hash: Any = None) -> str:
        """eth_sendRawTransaction. Pass a SignedEthTx to get the safe retry (its hash)."""
        from .eth import SignedEthTx
        if isinstance(raw, SignedEthTx):
            expected_hash = expected_hash if expected_hash is not None else raw.hash
            raw = raw.raw
        r = as_bytes(raw, "raw")
        if isinstance(expected_hash, (bytes, bytearray)):
            expected_hash = "0x" + bytes(expected_hash).hex()
        out = out_buffer(_ffi.ZKS_HASH_HEX_CHARS + 1)
        self._call(lib().zks_eth_rpc_send_raw_transaction, r, len(r), _opt_text(expected_hash, "expected_hash"), out)
        return _s(out.value)

    def get_receipt(self, tx_hash: str) -> Optional[Dict[str, Any]]:
        """The receipt, or None while the transaction is pending."""
        h = ctypes.c_void_p()
        try:
            self._call(lib().zks_eth_rpc_get_receipt, text_arg(tx_hash, "tx_hash"), ctypes.byref(h))
        except error_class(_ffi.ZKS_ERR_NOT_FOUND):
            return None
        try:
            return _receipt_dict(h)
        finally:
            lib().zks_eth_receipt_free(h)

    def wait_receipt(self, tx_hash: str, timeout_ms: int = 120000, poll_ms: int = 0) -> Dict[str, Any]:
        """Polls until the receipt exists. L1RevertError (with .receipt) when it reverted."""
        h = ctypes.c_void_p()
        try:
            self._call(lib().zks_eth_rpc_wait_receipt, text_arg(tx_hash, "tx_hash"), int(timeout_ms), int(poll_ms), ctypes.byref(h))
        except error_class(_ffi.ZKS_ERR_L1_REVERT) as e:
            if h:
                try:
                    e.receipt = _receipt_dict(h)  # type: ignore[attr-defined]
                finally:
                    lib().zks_eth_receipt_free(h)
            raise
        try:
            return _receipt_dict(h)
        finally:
            lib().zks_eth_receipt_free(h)


def _receipt_dict(h: ctypes.c_void_p) -> Dict[str, Any]:
    L = lib()
    info = _ffi._S_zks_eth_receipt_info()
    st = L.zks_eth_receipt_get_info(h, ctypes.byref(info))
    if st:
        raise error_class(st)(st, L.zks_strerror(st).decode("utf-8", "replace"), detail="zks_eth_receipt_get_info")
    logs = []
    for i in range(info.log_count):
        lg = _ffi._S_zks_eth_log()
        st = L.zks_eth_receipt_log_at(h, i, ctypes.byref(lg))
        if st:
            raise error_class(st)(st, L.zks_strerror(st).decode("utf-8", "replace"), detail="zks_eth_receipt_log_at")
        data = out_buffer(max(1, lg.data_len))
        n = ctypes.c_size_t()
        st = L.zks_eth_receipt_log_data(h, i, data, len(data), ctypes.byref(n))
        if st:
            raise error_class(st)(st, L.zks_strerror(st).decode("utf-8", "replace"), detail="zks_eth_receipt_log_data")
        logs.append({"log_index": lg.log_index, "address": _s(lg.address),
                     "topics": ["0x" + bytes(lg.topics[k]).hex() for k in range(lg.topic_count)],
                     "data": data.raw[:n.value]})
    return {"status": None if info.status < 0 else info.status, "block_number": info.block_number,
            "gas_used": info.gas_used, "transaction_index": info.transaction_index,
            "transaction_hash": _s(info.transaction_hash), "block_hash": _s(info.block_hash),
            "from": _s(info.__getattribute__("from")), "to": _s(info.to) or None,
            "contract_address": _s(info.contract_address) or None,
            "effective_gas_price": int(info.effective_gas_price) if info.effective_gas_price else None,
            "logs": logs}
