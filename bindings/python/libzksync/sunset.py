"""After the zkSync Lite shutdown: the sunset state of the main contract on L1, claims on
the claim distributor and pending balances (zks_l1_get_network_state, zks_l1_claims_*,
zks_l1_pending_balances; docs/exit-tools.md).

Everything but claims_send is read-only and needs only an EthRpc and the contract
address. The default claim functions are the local devnet's (the mainnet distributor's
ABI is not public); give others as signatures with parameter names from index,
account, token, amount, proof, e.g. "claim(uint256 index,uint256 amount,bytes32[] proof)".
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, List, Optional, Sequence

from . import _ffi
from ._native import lib, raise_status, text_arg
from .provider import EthRpc
from .wallet import L1, L1Result

DEVNET_CLAIM_FUNCTION = _ffi.ZKS_L1_DEVNET_CLAIM_FUNCTION
DEVNET_IS_CLAIMED_FUNCTION = _ffi.ZKS_L1_DEVNET_IS_CLAIMED_FUNCTION
_STATES = {_ffi.ZKS_L1_CLAIM_FAILED: "failed", _ffi.ZKS_L1_CLAIM_CLAIMABLE: "claimable",
           _ffi.ZKS_L1_CLAIM_CLAIMED: "claimed", _ffi.ZKS_L1_CLAIM_ALREADY: "already_claimed",
           _ffi.ZKS_L1_CLAIM_PENDING: "pending"}
_ADDR = _ffi.ZKS_ETH_ADDRESS_CHARS + 1
_AMT = _ffi.ZKS_AMOUNT_CHARS + 1


def _flag(v: int) -> Optional[bool]:
    return None if v < 0 else bool(v)


@dataclass(frozen=True)
class NetworkState:
    """zks_l1_network_state. Flags are None when the contract has no such function."""
    exodus_mode: Optional[bool]
    deposits_paused: Optional[bool]
    claim_distributor: Optional[str]
    claim_distributor_block: int
    claim_root_set_count: int
    claim_root: Optional[bytes]
    claim_root_block: int
    merkle_root: Optional[bytes]
    roots_match: bool
    total_blocks_executed: int
    stored_block_hash: bytes
    exodus_block: int
    deposits_pause_block: int
    migrated_tokens: List[str]
    migrated_token_count: int
    scan_from_block: int
    scan_to_block: int
    scan_requests: int


def _check(st: int, fn: str, rpc: Optional[EthRpc] = None) -> None:
    if st != 0:
        detail = fn
        if rpc is not None:
            msg = (lib().zks_eth_rpc_errmsg(rpc.handle) or b"").decode("utf-8", "replace")
            if msg:
                detail = f"{fn}: {msg}"
        raise_status(st, detail=detail)


def network_state(rpc: EthRpc, contract: str, from_block: int = 0, to_block: int = 0, chunk_blocks: int = 0,
                  migrated_cap: int = 4096) -> NetworkState:
    """Reads exodus mode, deposits pause, the claim distributor and root (from the logs:
    the last one counts), MERKLE_ROOT(), migrated tokens and the last executed block.
    Logs are scanned from from_block (mainnet: the contract's deployment block) in
    chunks of chunk_blocks (0 = 10000); to_block 0 = the latest block."""
    o = _ffi._S_zks_l1_scan_options()
    o.struct_size = ctypes.sizeof(o)
    o.from_block, o.to_block, o.chunk_blocks = int(from_block), int(to_block), int(chunk_blocks)
    s = _ffi._S_zks_l1_network_state()
    s.struct_size = ctypes.sizeof(s)
    cap = max(0, int(migrated_cap))
    buf = ctypes.create_string_buffer(cap * _ADDR) if cap else None
    st = lib().zks_l1_get_network_state(rpc.handle, text_arg(contract, "contract"), ctypes.byref(o),
                                        ctypes.byref(s), buf, cap)
    _check(st, "zks_l1_get_network_state", rpc)
    shown = min(cap, s.migrated_token_count)
    migrated = [buf.raw[i * _ADDR:(i + 1) * _ADDR].split(b"\0", 1)[0].decode("utf-8", "replace") for i in range(shown)] if buf else []
    return NetworkState(
        _flag(s.exodus_mode), _flag(s.deposits_paused),
        s.claim_distributor.decode("utf-8", "replace") if s.has_claim_distributor else None, s.claim_distributor_block,
        s.claim_root_set_count, bytes(s.claim_root) if s.has_claim_root else None, s.claim_root_block,
        bytes(s.merkle_root) if s.has_merkle_root else None, bool(s.roots_match), s.total_blocks_executed,
        bytes(s.stored_block_hash), s.exodus_block, s.deposits_pause_block, migrated, s.migrated_token_count,
        s.scan_from_block, s.scan_to_block, s.scan_requests)


def _token_array(tokens: Sequence[str]) -> Any:
    arr = (ctypes.c_void_p * max(1, len(tokens)))()
    keep = [ctypes.create_string_buffer(text_arg(t, "token")) for t in tokens]
    for i, b in enumerate(keep):
        arr[i] = ctypes.cast(b, ctypes.c_void_p)
    return arr, keep


def tokens_migrated(rpc: EthRpc, contract: str, tokens: Sequence[str]) -> List[Optional[bool]]:
    """isTokenMigrated for each token address (None: the contract has no such function)."""
    arr, _keep = _token_array(tokens)
    out = (ctypes.c_int32 * max(1, len(tokens)))()
    _check(lib().zks_l1_tokens_migrated(rpc.handle, text_arg(contract, "contract"), arr, len(tokens), out),
           "zks_l1_tokens_migrated", rpc)
    return [_flag(out[i]) for i in range(len(tokens))]


@dataclass(frozen=True)
class PendingBalance:
    token: str
    amount: int
    migrated: Optional[bool]   # True: withdrawing fails (TokenMigratedError): claim it instead


def pending_balances(rpc: EthRpc, contract: str, owner: str, tokens: Sequence[str]) -> List[PendingBalance]:
    """getPendingBalance(owner, token) and isTokenMigrated for each token address."""
    arr, _keep = _token_array(tokens)
    n = len(tokens)
    amounts = ctypes.create_string_buffer(max(1, n) * _AMT)
    mig = (ctypes.c_int32 * max(1, n))()
    _check(lib().zks_l1_pending_balances(rpc.handle, text_arg(contract, "contract"), text_arg(owner, "owner"), arr,
                                         n, amounts, mig), "zks_l1_pending_balances", rpc)
    return [PendingBalance(tokens[i], int(amounts.raw[i * _AMT:(i + 1) * _AMT].split(b"\0", 1)[0]), _flag(mig[i]))
            for i in range(n)]


@dataclass
class Claim:
    """One leaf to claim; prev_* is an earlier attempt by the same sender (from its ClaimResult)."""
    index: int
    account: str
    token: str
    amount: int
    proof: List[bytes] = field(default_factory=list)
    prev_tx_hash: str = ""
    prev_nonce: int = 0
    prev_raw: bytes = b""


@dataclass(frozen=True)
class ClaimResult:
    state: str            # failed, claimable, claimed, already_claimed, pending
    status: int           # the leaf's zks_status
    tx_hash: Optional[str]
    nonce: int
    block_number: int
    gas_used: int
    reason: str
    raw: bytes            # the signed tx: keep it while pending

    def retry(self, claim: Claim) -> Claim:
        """The claim to give again after a pending or unknown outcome (never a second tx)."""
        return Claim(claim.index, claim.account, claim.token, claim.amount, list(claim.proof),
                     self.tx_hash or "", self.nonce, self.raw)


def _c_claims(claims: Sequence[Claim]) -> Any:
    arr = (_ffi._S_zks_l1_claim * len(claims))()
    keep = []
    for i, c in enumerate(claims):
        x = arr[i]
        x.index = int(c.index)
        x.account = text_arg(c.account, "account")
        x.token = text_arg(c.token, "token")
        x.amount = str(int(c.amount)).encode()
        proof = b"".join(bytes(p) for p in c.proof)
        if any(len(bytes(p)) != 32 for p in c.proof):
            raise ValueError("proof: every sibling must be 32 bytes")
        pb = ctypes.create_string_buffer(proof, max(1, len(proof)))
        keep.append(pb)
        x.proof_len, x.proof = len(c.proof), ctypes.cast(pb, ctypes.c_void_p) if c.proof else None
        x.prev_tx_hash = text_arg(c.prev_tx_hash, "prev_tx_hash")
        x.prev_nonce = int(c.prev_nonce)
        if c.prev_raw:
            rb = ctypes.create_string_buffer(bytes(c.prev_raw), len(c.prev_raw))
            keep.append(rb)
            x.prev_raw_len, x.prev_raw = len(c.prev_raw), ctypes.cast(rb, ctypes.c_void_p)
    return arr, keep


def _options(claim_function: Optional[str], is_claimed_function: Optional[str], wait_ms: int, gas_limit: int,
             check_only: bool) -> Any:
    o = _ffi._S_zks_l1_claim_options()
    o.struct_size = ctypes.sizeof(o)
    o.flags = _ffi.ZKS_L1_CLAIM_CHECK_ONLY if check_only else 0
    o.claim_function = None if claim_function is None else text_arg(claim_function, "claim_function")
    o.is_claimed_function = None if is_claimed_function is None else text_arg(is_claimed_function,
                                                                               "is_claimed_function")
    o.wait_ms, o.gas_limit = int(wait_ms), int(gas_limit)
    return o


def _results(res: Any, n: int) -> List[ClaimResult]:
    return [ClaimResult(_STATES.get(r.state, "failed"), r.status, r.tx_hash.decode("utf-8", "replace") or None, r.nonce,
                        r.block_number, r.gas_used, r.reason.decode("utf-8", "replace"), bytes(r.raw[:r.raw_len]))
            for r in (res[i] for i in range(n))]


def encode_claim(claim: Claim, claim_function: Optional[str] = None) -> bytes:
    """The claim calldata (zks_l1_claim_encode); no network."""
    arr, _keep = _c_claims([claim])
    out = ctypes.create_string_buffer(8192)
    n = ctypes.c_size_t()
    st = lib().zks_l1_claim_encode(None if claim_function is None else text_arg(claim_function, "claim_function"),
                                   arr, out, len(out), ctypes.byref(n))
    _check(st, "zks_l1_claim_encode")
    return out.raw[:n.value]


def claims_check(rpc: EthRpc, distributor: str, claims: Sequence[Claim], claim_function: Optional[str] = None,
                 is_claimed_function: Optional[str] = None) -> List[ClaimResult]:
    """Checks each leaf (proof against MERKLE_ROOT(), isClaimed, eth_call); sends nothing.
    Per-leaf outcomes are returned; only batch-level failures raise."""
    if not claims:
        return []
    arr, _keep = _c_claims(claims)
    res = (_ffi._S_zks_l1_claim_result * len(claims))()
    st = lib().zks_l1_claims_check(rpc.handle, text_arg(distributor, "distributor"),
                                   ctypes.byref(_options(claim_function, is_claimed_function, 0, 0, True)), arr,
                                   len(claims), res)
    if st != 0 and res[0].state == 0 and res[0].status == 0:
        _check(st, "zks_l1_claims_check", rpc)
    return _results(res, len(claims))


def claims_send(l1: L1, distributor: str, claims: Sequence[Claim], claim_function: Optional[str] = None,
                is_claimed_function: Optional[str] = None, wait_ms: int = 60000,
                gas_limit: int = 0) -> List[ClaimResult]:
    """Claims each leaf, sent by l1's account; already claimed leaves are skipped and a
    leaf given with its earlier tx (ClaimResult.retry) never gets a second one."""
    if not claims:
        return []
    arr, _keep = _c_claims(claims)
    res = (_ffi._S_zks_l1_claim_result * len(claims))()
    st = lib().zks_l1_claims_send(l1.handle, text_arg(distributor, "distributor"),
                                  ctypes.byref(_options(claim_function, is_claimed_function, wait_ms, gas_limit,
                                                        False)), arr, len(claims), res)
    if st != 0 and res[0].state == 0 and res[0].status == 0:
        l1._check(st, "zks_l1_claims_send")
    return _results(res, len(claims))


def migrate_token(l1: L1, token_address: str, wait_ms: int = 120000) -> L1Result:
    """migrateToken(token) on the main contract: moves the contract's whole balance of the token
    (ETH: the zero address) to the claim distributor, once per token. A token already migrated is
    refused before anything is sent (ZKS_ERR_STATE)."""
    return l1._send(lib().zks_l1_migrate_token, text_arg(token_address, "token_address"), int(wait_ms))
