"""The claim tree of the zkSync Lite shutdown and its snapshot files (lib/exit, offline;
docs/exit-tools.md, spec sunset.md section 4).

leaf = keccak256(index(32) || account(20) || token(20) || amount(32)); a pair hashes as
keccak256(min || max); an odd last node moves up unchanged (OpenZeppelin MerkleProof).
The tree is never held whole: Tree streams the leaves once and gives the root and the
proofs of the leaves asked for beforehand (memory grows with log N and the requests).

Addresses are returned as lowercase "0x" hex strings; they are accepted as such or as
20 bytes. Amounts are Python ints. A malformed file raises FileFormatError (IoError for
open/read/write failures) whose .file and .line name the place (line 0: not about a line).
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _ffi
from ._native import BytesLike, HandleObject, as_bytes, c_text, lib, raise_status, take_string, text_arg
from .errors import ZksError, error_class

ACCOUNTS = _ffi.ZKS_EXIT_FILE_ACCOUNTS
BALANCES = _ffi.ZKS_EXIT_FILE_BALANCES
TOKENS = _ffi.ZKS_EXIT_FILE_TOKENS
LEAVES = _ffi.ZKS_EXIT_FILE_LEAVES
_KINDS = {"accounts": ACCOUNTS, "balances": BALANCES, "tokens": TOKENS, "leaves": LEAVES,
          "new_leaves": LEAVES}
_HASH = _ffi.ZKS_EXIT_HASH_BYTES
_ADDR = _ffi.ZKS_EXIT_ADDRESS_BYTES
_MAX_DEPTH = _ffi.ZKS_EXIT_PROOF_MAX_DEPTH

Address = Union[str, BytesLike]
# progress(done_bytes, total_bytes) (total 0 = unknown); called at most every 1 MiB of input.
FileProgress = Callable[[int, int], None]


# --------------------------------------------------------------------------- helpers


def _addr(value: Address, name: str) -> bytes:
    return as_bytes(value, name, _ADDR)


def _hex(b: Any) -> str:
    return "0x" + bytes(b).hex()


def _u256(value: int, name: str = "amount") -> bytes:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0 or value >> 256:
        raise error_class(_ffi.ZKS_ERR_INVALID_AMOUNT)(_ffi.ZKS_ERR_INVALID_AMOUNT,
                                                       f"{name} must be in [0, 2^256)", detail=name)
    return value.to_bytes(32, "big")


def _kind(kind: Union[int, str]) -> int:
    if isinstance(kind, str):
        try:
            return _KINDS[kind.lower().removesuffix(".csv")]
        except KeyError:
            raise error_class(_ffi.ZKS_ERR_INVALID_ARG)(_ffi.ZKS_ERR_INVALID_ARG, f"unknown file kind {kind!r}",
                                                        detail="kind") from None
    return int(kind)


def raise_file_error(st: int, err: Any, fn: str) -> None:
    """Raises the ZksError subclass of st with .file and .line from a zks_exit_error."""
    msg = c_text(err.message)
    e = error_class(st)(st, msg or lib().zks_strerror(st).decode("utf-8", "replace"), detail=fn)
    e.file = c_text(err.file) or None
    e.line = int(err.line)
    raise e


class _Progress:
    """A zks_exit_progress_fn around a Python callable. An exception in the callable
    cannot cross C: it is kept and raised when the call returns."""

    def __init__(self, fn: Optional[FileProgress]) -> None:
        self.fn = fn
        self.exc: Optional[BaseException] = None
        self.c = _ffi.CB_zks_exit_progress_fn(self._call) if fn is not None else _ffi.CB_zks_exit_progress_fn()

    def _call(self, _ctx: Any, done: int, total: int) -> None:
        if self.exc is None:
            try:
                self.fn(int(done), int(total))  # type: ignore[misc]
            except BaseException as e:  # noqa: B036 - re-raised after the C call
                self.exc = e

    def reraise(self) -> None:
        if self.exc is not None:
            raise self.exc


def _file_call(fn: str, call: Callable[..., int], *args: Any, progress: Optional[_Progress] = None) -> None:
    err = _ffi._S_zks_exit_error()
    st = call(*args, ctypes.byref(err))
    if progress is not None:
        progress.reraise()
    if st != 0:
        raise_file_error(st, err, fn)


# --------------------------------------------------------------------------- leaves and proofs


def leaf_hash(index: int, account: Address, token: Address, amount: int) -> bytes:
    """keccak256(index || account || token || amount), the claim leaf (32 bytes)."""
    out = ctypes.create_string_buffer(_HASH)
    st = lib().zks_exit_leaf_hash(int(index), _addr(account, "account"), _addr(token, "token"), _u256(amount), out)
    if st != 0:
        raise_status(st, detail="zks_exit_leaf_hash")
    return out.raw


def _path_bytes(path: Sequence[BytesLike]) -> bytes:
    if len(path) > _MAX_DEPTH:
        raise error_class(_ffi.ZKS_ERR_INVALID_ARG)(_ffi.ZKS_ERR_INVALID_ARG,
                                                    f"a proof has at most {_MAX_DEPTH} siblings", detail="path")
    return b"".join(as_bytes(s, "path", _HASH) for s in path)


def verify(leaf: BytesLike, path: Sequence[BytesLike], root: BytesLike) -> bool:
    """OpenZeppelin MerkleProof.verify: True when path leads from leaf to root."""
    p = _path_bytes(path)
    st = lib().zks_exit_verify(as_bytes(leaf, "leaf", _HASH), p or None, len(path), as_bytes(root, "root", _HASH))
    if st == _ffi.ZKS_ERR_PROOF_INVALID:
        return False
    if st != 0:
        raise_status(st, detail="zks_exit_verify")
    return True


@dataclass(frozen=True)
class Proof:
    """A claim proof as the reference's create-proof prints it (path: leaf level first)."""
    claim_index: int
    account: str
    token: str
    amount: int
    balance: str
    leaf: bytes
    root: bytes
    path: List[bytes] = field(default_factory=list)

    def _c(self) -> Any:
        c = _ffi._S_zks_exit_proof()
        self._fill(c)
        return c

    def _fill(self, c: Any) -> None:
        c.claim_index = int(self.claim_index)
        ctypes.memmove(c.account, _addr(self.account, "account"), _ADDR)
        ctypes.memmove(c.token, _addr(self.token, "token"), _ADDR)
        ctypes.memmove(c.amount, _u256(self.amount), 32)
        bal = text_arg(self.balance, "balance")
        if len(bal) > _ffi.ZKS_AMOUNT_CHARS:
            raise error_class(_ffi.ZKS_ERR_INVALID_ARG)(_ffi.ZKS_ERR_INVALID_ARG, "balance text is too long",
                                                        detail="balance")
        c.balance = bal
        ctypes.memmove(c.leaf, as_bytes(self.leaf, "leaf", _HASH), _HASH)
        ctypes.memmove(c.root, as_bytes(self.root, "root", _HASH), _HASH)
        p = _path_bytes(self.path)
        c.path_len = len(self.path)
        ctypes.memmove(c.path, p, len(p))

    @classmethod
    def _from_c(cls, c: Any) -> "Proof":
        n = min(int(c.path_len), _MAX_DEPTH)
        return cls(int(c.claim_index), _hex(c.account), _hex(c.token), int.from_bytes(bytes(c.amount), "big"),
                   c_text(c.balance), bytes(c.leaf), bytes(c.root), [bytes(c.path[i]) for i in range(n)])

    def verify(self, root: Optional[BytesLike] = None) -> bool:
        """The whole proof: its leaf is the hash of its fields, its balance text is its
        amount and its path leads to root (None: its own root). False when not."""
        st = lib().zks_exit_proof_verify(ctypes.byref(self._c()), None if root is None else as_bytes(root, "root",
                                                                                                     _HASH))
        if st == _ffi.ZKS_ERR_PROOF_INVALID:
            return False
        if st != 0:
            raise_status(st, detail="zks_exit_proof_verify")
        return True

    def to_claim(self) -> Any:
        """The sunset.Claim of this leaf (for claims_check / claims_send)."""
        from .sunset import Claim
        return Claim(self.claim_index, self.account, self.token, self.amount, list(self.path))


def proofs_to_json(proofs: Sequence[Proof]) -> str:
    """The reference's create-proof JSON (two-space indent, no final newline; [] when empty)."""
    arr = (_ffi._S_zks_exit_proof * max(1, len(proofs)))()
    for i, p in enumerate(proofs):
        p._fill(arr[i])
    out = ctypes.c_void_p()
    st = lib().zks_exit_proofs_to_json(arr, len(proofs), ctypes.byref(out))
    if st != 0:
        raise_status(st, detail="zks_exit_proofs_to_json")
    return take_string(out.value)


def proofs_from_json(text: Union[str, bytes]) -> List[Proof]:
    """Reads that JSON (an array or one object). Does not verify: see Proof.verify."""
    b = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    out = ctypes.c_void_p()
    n = ctypes.c_size_t()
    st = lib().zks_exit_proofs_from_json(b, len(b), ctypes.byref(out), ctypes.byref(n))
    if st != 0:
        raise_status(st, detail="zks_exit_proofs_from_json")
    if not out.value:
        return []
    try:
        arr = ctypes.cast(out, ctypes.POINTER(_ffi._S_zks_exit_proof))
        return [Proof._from_c(arr[i]) for i in range(n.value)]
    finally:
        lib().zks_free(out)


# --------------------------------------------------------------------------- snapshot readers


@dataclass(frozen=True)
class AccountRow:
    """A record of accounts.csv."""
    id: int
    nonce: int
    address: str
    pubkey_hash: bytes
    is_sync_pubkey: bool   # written "sync:..." rather than "0x..."
    line: int


@dataclass(frozen=True)
class BalanceRow:
    """A record of balances.csv."""
    account_id: int
    token_id: int
    balance: int
    balance_text: str
    line: int


@dataclass(frozen=True)
class TokenRow:
    """A record of tokens.csv (symbol and decimals: "" / 0 when absent)."""
    id: int
    address: str
    symbol: str
    decimals: int
    line: int


@dataclass(frozen=True)
class Leaf:
    """A record of new_leaves.csv."""
    index: int
    account: str
    token: str
    amount: int
    balance: str
    line: int


Record = Union[AccountRow, BalanceRow, TokenRow, Leaf]


def _record(r: Any) -> Record:
    amount = int.from_bytes(bytes(r.amount), "big")
    if r.kind == ACCOUNTS:
        return AccountRow(int(r.id), int(r.nonce), _hex(r.address), bytes(r.pubkey_hash), bool(r.is_sync_pubkey),
                          int(r.line))
    if r.kind == BALANCES:
        return BalanceRow(int(r.id), int(r.token_id), amount, c_text(r.balance), int(r.line))
    if r.kind == TOKENS:
        return TokenRow(int(r.id), _hex(r.address), c_text(r.symbol), int(r.decimals), int(r.line))
    return Leaf(int(r.id), _hex(r.address), _hex(r.token), amount, c_text(r.balance), int(r.line))


class Reader(HandleObject):
    """Reads a snapshot file one record at a time; iterate over it:

        with exit.Reader("balances.csv", "balances") as r:
            for row in r:
                ...

    kind: "accounts", "balances", "tokens", "leaves" (or ACCOUNTS, ...). The header is read
    by name at open; a bad record raises FileFormatError with .line, after which the reader
    stays failed."""

    def __init__(self, path: str, kind: Union[int, str]) -> None:
        h = ctypes.c_void_p()
        _file_call("zks_exit_reader_open", lib().zks_exit_reader_open, text_arg(path, "path"), _kind(kind),
                   ctypes.byref(h))
        super().__init__(h, lib().zks_exit_reader_free)

    @classmethod
    def from_buffer(cls, data: BytesLike, kind: Union[int, str], name: Optional[str] = None) -> "Reader":
        """A reader over bytes in memory (copied); name is used in messages ("<memory>")."""
        b = bytes(data)
        h = ctypes.c_void_p()
        _file_call("zks_exit_reader_open_buffer", lib().zks_exit_reader_open_buffer,
                   None if name is None else text_arg(name, "name"), b, len(b), _kind(kind), ctypes.byref(h))
        self = cls.__new__(cls)
        HandleObject.__init__(self, h, lib().zks_exit_reader_free)
        return self

    def next(self) -> Optional[Record]:
        """The next record, or None at the end."""
        rec = _ffi._S_zks_exit_record()
        eof = ctypes.c_int32()
        _file_call("zks_exit_reader_next", lib().zks_exit_reader_next, self.handle, ctypes.byref(rec),
                   ctypes.byref(eof))
        return None if eof.value else _record(rec)

    def __iter__(self) -> Iterator[Record]:
        return self

    def __next__(self) -> Record:
        r = self.next()
        if r is None:
            raise StopIteration
        return r


def read_file(path: str, kind: Union[int, str]) -> Iterator[Record]:
    """Yields the records of a snapshot file (closes it at the end or on error)."""
    with Reader(path, kind) as r:
        yield from r


def create_leaves(accounts_csv: str, balances_csv: str, tokens_csv: str, output: Optional[str] = None,
                  progress: Optional[FileProgress] = None) -> int:
    """create-new-leaves: derives new_leaves.csv from the three snapshot files exactly as the
    reference does (written to a temporary file and renamed; on failure output is untouched).
    Returns the number of leaves written."""
    pr = _Progress(progress)
    n = ctypes.c_uint64()
    _file_call("zks_exit_create_leaves", lib().zks_exit_create_leaves, text_arg(accounts_csv, "accounts_csv"),
               text_arg(balances_csv, "balances_csv"), text_arg(tokens_csv, "tokens_csv"),
               None if output is None else text_arg(output, "output"), pr.c, None, ctypes.byref(n), progress=pr)
    return int(n.value)


def root_file(leaves_csv: str, progress: Optional[FileProgress] = None) -> Tuple[bytes, int]:
    """calculate-root-for-keccak-tree: (root, number of leaves) of a new_leaves.csv."""
    pr = _Progress(progress)
    root = ctypes.create_string_buffer(_HASH)
    n = ctypes.c_uint64()
    _file_call("zks_exit_root_file", lib().zks_exit_root_file, text_arg(leaves_csv, "leaves_csv"), pr.c, None, root,
               ctypes.byref(n), progress=pr)
    return root.raw, int(n.value)


# --------------------------------------------------------------------------- the streaming tree


class Tree(HandleObject):
    """Root and proofs in one streaming pass:

        with exit.Tree() as t:
            t.request(my_address)            # every leaf of an account (or one (account, token))
            t.add_file("new_leaves.csv")     # or t.add(...) leaf by leaf, index 0, 1, 2, ...
            root = t.root()                  # ends the pass
            for p in t.proofs(): ...

    Requests come before the first leaf; no leaf can be added after root()."""

    def __init__(self) -> None:
        h = ctypes.c_void_p()
        st = lib().zks_exit_tree_new(ctypes.byref(h))
        if st != 0:
            raise_status(st, detail="zks_exit_tree_new")
        super().__init__(h, lib().zks_exit_tree_free)

    def _check(self, st: int, fn: str) -> None:
        if st != 0:
            raise_status(st, detail=fn)

    def request(self, account: Address, token: Optional[Address] = None) -> None:
        """Asks for the proof of (account, token), or of every leaf of account (token None)."""
        self._check(lib().zks_exit_tree_request(self.handle, _addr(account, "account"),
                                                None if token is None else _addr(token, "token")),
                    "zks_exit_tree_request")

    def add(self, index: int, account: Address, token: Address, amount: int, balance: Optional[str] = None) -> None:
        """Adds the next leaf (index = number of leaves added so far)."""
        self._check(lib().zks_exit_tree_add(self.handle, int(index), _addr(account, "account"), _addr(token, "token"),
                                            _u256(amount), None if balance is None else text_arg(balance, "balance")),
                    "zks_exit_tree_add")

    def add_file(self, leaves_csv: str, progress: Optional[FileProgress] = None) -> None:
        """Streams a new_leaves.csv into the tree (claim_index continuing from the leaves added)."""
        pr = _Progress(progress)
        _file_call("zks_exit_tree_add_file", lib().zks_exit_tree_add_file, self.handle,
                   text_arg(leaves_csv, "leaves_csv"), pr.c, None, progress=pr)

    def root(self) -> bytes:
        """Ends the pass and returns the root (the same on later calls). StateError: no leaves."""
        out = ctypes.create_string_buffer(_HASH)
        self._check(lib().zks_exit_tree_root(self.handle, out), "zks_exit_tree_root")
        return out.raw

    @property
    def leaf_count(self) -> int:
        n = ctypes.c_uint64()
        self._check(lib().zks_exit_tree_leaf_count(self.handle, ctypes.byref(n)), "zks_exit_tree_leaf_count")
        return int(n.value)

    def proofs(self) -> List[Proof]:
        """The proofs found for the requests, in claim-index order (after root())."""
        n = ctypes.c_size_t()
        self._check(lib().zks_exit_tree_proof_count(self.handle, ctypes.byref(n)), "zks_exit_tree_proof_count")
        out = []
        for i in range(n.value):
            p = _ffi._S_zks_exit_proof()
            self._check(lib().zks_exit_tree_proof_at(self.handle, i, ctypes.byref(p)), "zks_exit_tree_proof_at")
            out.append(Proof._from_c(p))
        return out

    def proof(self, account: Address, token: Address) -> Optional[Proof]:
        """The proof of a requested (account, token) after root(); None when there is no such leaf."""
        p = _ffi._S_zks_exit_proof()
        st = lib().zks_exit_tree_proof_find(self.handle, _addr(account, "account"), _addr(token, "token"),
                                            ctypes.byref(p))
        if st == _ffi.ZKS_ERR_NOT_FOUND:
            return None
        self._check(st, "zks_exit_tree_proof_find")
        return Proof._from_c(p)


__all__ = ["ACCOUNTS", "BALANCES", "TOKENS", "LEAVES", "AccountRow", "BalanceRow", "TokenRow", "Leaf", "Record",
           "Reader", "read_file", "Proof", "Tree", "leaf_hash", "verify", "create_leaves", "root_file",
           "proofs_to_json", "proofs_from_json", "ZksError"]
