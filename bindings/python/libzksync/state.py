"""The final Rescue state root of zkSync Lite from the snapshot files, and the root on L1
(lib/exit/state_tree.c, lib/l1/state_root.c; docs/state-root.md, spec sunset.md section 7).

The root of accounts.csv + balances.csv must equal the stateHash of the last block
executed on L1 (final_state_root): that checks the snapshot without trusting its
publisher.

    root = state.root_files("accounts.csv", "balances.csv", threads=2,
                            progress=lambda p: print(p.done, p.total))
    print(state.root_hex(root))

progress(p) is called from the calling thread about every 4096 accounts with a Progress;
it returns False (or raises) to stop, and a threading.Event given as cancel stops the
computation too: then CancelledError is raised (the checkpoint, if any, is written, and
the same call resumes from it).
"""
from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Sequence, Tuple, Union

from . import _ffi
from ._native import BytesLike, as_bytes, c_text, lib, raise_status, text_arg
from .errors import CancelledError, error_class
from .exit import raise_file_error

ROOT_BYTES = _ffi.ZKS_STATE_ROOT_BYTES
MAX_THREADS = _ffi.ZKS_STATE_MAX_THREADS
PHASE_READ = _ffi.ZKS_STATE_PHASE_READ
PHASE_HASH = _ffi.ZKS_STATE_PHASE_HASH
SCAN_DEFAULT = _ffi.ZKS_L1_STATE_SCAN_DEFAULT


@dataclass(frozen=True)
class Progress:
    """phase: PHASE_READ (loading unsorted files) or PHASE_HASH; done/total: rows."""
    phase: int
    done: int
    total: int
    accounts: int
    balances: int


ProgressFn = Callable[[Progress], Optional[bool]]


@dataclass(frozen=True)
class Account:
    """An account row for root_rows (address and pubkey_hash: 20 bytes or hex)."""
    id: int
    nonce: int
    address: Union[str, bytes]
    pubkey_hash: Union[str, bytes] = b"\0" * 20


@dataclass(frozen=True)
class Balance:
    """A balance row for root_rows (balance < 2^128)."""
    account_id: int
    token_id: int
    balance: int


class _Stopper:
    """The zks_state_progress_fn of one call: the Python callback and/or a cancel event.
    An exception in the callback stops the computation and is raised after it."""

    def __init__(self, progress: Optional[ProgressFn], cancel: Optional[threading.Event]) -> None:
        self.progress = progress
        self.cancel = cancel
        self.stopped = False
        self.exc: Optional[BaseException] = None
        self.c = (_ffi.CB_zks_state_progress_fn(self._call) if progress is not None or cancel is not None
                  else _ffi.CB_zks_state_progress_fn())

    def _call(self, _ctx: Any, p: Any) -> int:
        try:
            if self.cancel is not None and self.cancel.is_set():
                self.stopped = True
                return 1
            if self.progress is not None:
                q = p.contents
                if self.progress(Progress(int(q.phase), int(q.done), int(q.total), int(q.accounts),
                                          int(q.balances))) is False:
                    self.stopped = True
                    return 1
            return 0
        except BaseException as e:  # noqa: B036 - raised after the C call returns
            self.exc = e
            self.stopped = True
            return 1

    def finish(self, st: int, err: Any, fn: str) -> None:
        if self.exc is not None:
            raise self.exc
        # the library reports a stop as ZKS_ERR_STATE (documented) or ZKS_ERR_CANCELLED (newer)
        if self.stopped and st in (_ffi.ZKS_ERR_STATE, _ffi.ZKS_ERR_CANCELLED):
            e = CancelledError(_ffi.ZKS_ERR_CANCELLED, lib().zks_strerror(_ffi.ZKS_ERR_CANCELLED).decode(
                "utf-8", "replace"), detail=fn)
            e.file = c_text(err.file) or None if err is not None else None
            e.line = int(err.line) if err is not None else None
            raise e
        if st != 0:
            raise_file_error(st, err, fn)


def _options(threads: int, balance_depth: int, stopper: _Stopper, checkpoint: Optional[str]) -> Any:
    o = _ffi._S_zks_state_options()
    st = lib().zks_state_options_init(ctypes.byref(o))
    if st != 0:
        raise_status(st, detail="zks_state_options_init")
    o.threads = int(threads)
    o.balance_depth = int(balance_depth)
    o.progress = stopper.c
    o.checkpoint = None if checkpoint is None else text_arg(checkpoint, "checkpoint")
    return o


def root_files(accounts_csv: str, balances_csv: str, threads: int = 1, balance_depth: int = 0,
               progress: Optional[ProgressFn] = None, cancel: Optional[threading.Event] = None,
               checkpoint: Optional[str] = None) -> bytes:
    """restore-zksync-tree: the 32-byte state root (big-endian) of accounts.csv and balances.csv.
    threads: 1..64 hashing threads (the caller's included); balance_depth: 0 = 32 (since the
    NFT upgrade), 11 = before it; checkpoint: a file for finished blocks (resumed, removed on
    success). A bad row raises FileFormatError with .file and .line."""
    stopper = _Stopper(progress, cancel)
    o = _options(threads, balance_depth, stopper, checkpoint)
    out = ctypes.create_string_buffer(ROOT_BYTES)
    err = _ffi._S_zks_exit_error()
    st = lib().zks_state_root_files(text_arg(accounts_csv, "accounts_csv"), text_arg(balances_csv, "balances_csv"),
                                    ctypes.byref(o), out, ctypes.byref(err))
    stopper.finish(st, err, "zks_state_root_files")
    return out.raw


def _row_fields(row: Any, names: Sequence[str]) -> Tuple[Any, ...]:
    if isinstance(row, dict):
        return tuple(row[n] for n in names)
    if hasattr(row, names[0]):
        return tuple(getattr(row, n) for n in names)
    return tuple(row)


def root_rows(accounts: Iterable[Any], balances: Iterable[Any], threads: int = 1, balance_depth: int = 0,
              progress: Optional[ProgressFn] = None, cancel: Optional[threading.Event] = None) -> bytes:
    """The state root of rows given here (any order): accounts as Account, dicts or tuples
    (id, nonce, address, pubkey_hash); balances as Balance, dicts or tuples (account_id,
    token_id, balance). A bad row raises FileFormatError with .file "accounts"/"balances"
    and .line its 1-based index."""
    acc = [_row_fields(a, ("id", "nonce", "address", "pubkey_hash")) for a in accounts]
    bal = [_row_fields(b, ("account_id", "token_id", "balance")) for b in balances]
    ca = (_ffi._S_zks_state_account * max(1, len(acc)))()
    for i, a in enumerate(acc):
        x = ca[i]
        x.id, x.nonce = int(a[0]), int(a[1])
        ctypes.memmove(x.address, as_bytes(a[2], "address", 20), 20)
        ctypes.memmove(x.pubkey_hash, as_bytes(a[3] if len(a) > 3 else b"\0" * 20, "pubkey_hash", 20), 20)
    cb = (_ffi._S_zks_state_balance * max(1, len(bal)))()
    for i, b in enumerate(bal):
        v = int(b[2])
        if v < 0 or v >> 128:
            raise error_class(_ffi.ZKS_ERR_INVALID_AMOUNT)(_ffi.ZKS_ERR_INVALID_AMOUNT,
                                                           f"balance row {i + 1}: must be in [0, 2^128)",
                                                           detail="balance")
        cb[i].account_id, cb[i].token_id = int(b[0]), int(b[1])
        ctypes.memmove(cb[i].balance, v.to_bytes(16, "big"), 16)
    stopper = _Stopper(progress, cancel)
    o = _options(threads, balance_depth, stopper, None)
    out = ctypes.create_string_buffer(ROOT_BYTES)
    err = _ffi._S_zks_exit_error()
    st = lib().zks_state_root_rows(ca, len(acc), cb, len(bal), ctypes.byref(o), out, ctypes.byref(err))
    stopper.finish(st, err, "zks_state_root_rows")
    return out.raw


def root_hex(root: BytesLike) -> str:
    """"0x" + 64 lowercase hex."""
    out = ctypes.create_string_buffer((_ffi.ZKS_HASH_HEX_CHARS + 1))
    st = lib().zks_state_root_hex(as_bytes(root, "root", ROOT_BYTES), out)
    if st != 0:
        raise_status(st, detail="zks_state_root_hex")
    return c_text(out.value)


# --------------------------------------------------------------------------- the root on L1


@dataclass(frozen=True)
class StoredBlock:
    """StoredBlockInfo of the zkSync contract (hashes 32 bytes; timestamp an int)."""
    block_number: int
    priority_operations: int
    pending_onchain_ops_hash: bytes
    timestamp: int
    state_hash: bytes
    commitment: bytes

    def _c(self) -> Any:
        c = _ffi._S_zks_l1_stored_block()
        c.block_number, c.priority_operations = int(self.block_number), int(self.priority_operations)
        ctypes.memmove(c.pending_onchain_ops_hash, as_bytes(self.pending_onchain_ops_hash, "pending_onchain_ops_hash",
                                                            32), 32)
        ctypes.memmove(c.timestamp, int(self.timestamp).to_bytes(32, "big"), 32)
        ctypes.memmove(c.state_hash, as_bytes(self.state_hash, "state_hash", 32), 32)
        ctypes.memmove(c.commitment, as_bytes(self.commitment, "commitment", 32), 32)
        return c

    @classmethod
    def _from_c(cls, c: Any) -> "StoredBlock":
        return cls(int(c.block_number), int(c.priority_operations), bytes(c.pending_onchain_ops_hash),
                   int.from_bytes(bytes(c.timestamp), "big"), bytes(c.state_hash), bytes(c.commitment))

    def hash(self) -> bytes:
        """keccak256(abi.encode(block)), as storedBlockHashes holds it (zks_l1_stored_block_hash)."""
        return stored_block_hash(self)


def stored_block_hash(block: StoredBlock) -> bytes:
    out = ctypes.create_string_buffer(32)
    st = lib().zks_l1_stored_block_hash(ctypes.byref(block._c()), out)
    if st != 0:
        raise_status(st, detail="zks_l1_stored_block_hash")
    return out.raw


def decode_execute_blocks(calldata: BytesLike, block_number: int) -> StoredBlock:
    """The StoredBlockInfo of block_number in executeBlocks calldata (selector included).
    ParseError: not executeBlocks or malformed; NotFoundError: no such block in it."""
    b = bytes(calldata)
    out = _ffi._S_zks_l1_stored_block()
    st = lib().zks_l1_decode_execute_blocks(b, len(b), int(block_number), ctypes.byref(out))
    if st != 0:
        raise_status(st, detail="zks_l1_decode_execute_blocks")
    return StoredBlock._from_c(out)


@dataclass(frozen=True)
class L1StateRoot:
    """What final_state_root found: block N, H = storedBlockHashes(N), the executeBlocks tx."""
    block: StoredBlock
    stored_hash: bytes
    l1_block: int
    scan_requests: int
    tx_hash: str

    @property
    def state_root(self) -> bytes:
        return self.block.state_hash


def final_state_root(rpc: Any, contract: str, from_block: int = 0, scan_blocks: int = 0) -> L1StateRoot:
    """The final state root on L1 of the zkSync contract (proxy) at contract: scans
    BlockVerification(N) logs backwards in chunks of scan_blocks (0 = 10000) down to
    from_block and checks the block against storedBlockHashes(N) (MismatchError if not)."""
    out = _ffi._S_zks_l1_state_root()
    st = lib().zks_l1_final_state_root(rpc.handle, text_arg(contract, "contract"), int(from_block), int(scan_blocks),
                                       ctypes.byref(out))
    if st != 0:
        msg = c_text(lib().zks_eth_rpc_errmsg(rpc.handle))
        raise_status(st, detail=f"zks_l1_final_state_root: {msg}" if msg else "zks_l1_final_state_root")
    return L1StateRoot(StoredBlock._from_c(out.block), bytes(out.stored_hash), int(out.l1_block),
                       int(out.scan_requests), c_text(out.tx_hash))


__all__ = ["Progress", "Account", "Balance", "root_files", "root_rows", "root_hex", "StoredBlock",
           "stored_block_hash", "decode_execute_blocks", "L1StateRoot", "final_state_root", "ROOT_BYTES",
           "PHASE_READ", "PHASE_HASH", "MAX_THREADS"]
