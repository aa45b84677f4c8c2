"""The Rescue state root through the binding (libzksync.state): the published roots of
../shared/vectors/zksync-state-root (skipped where absent) from rows and from files,
typed file errors with lines, the progress callback and cancel, and the offline L1 parts
(StoredBlockInfo hash, executeBlocks decoding)."""
from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import pytest

import libzksync as z
from libzksync import state

from conftest import ROOT

SHARED = Path(os.environ.get("ZKS_SHARED") or ROOT.parent / "shared")
VEC = SHARED / "vectors" / "zksync-state-root"
NFT_ACCOUNT = 2 ** 24 - 1


def _bytea(s: str) -> bytes:
    return bytes.fromhex(s.replace("\\x", ""))


@pytest.fixture(scope="module")
def sample():
    """(accounts, balances, roots) of the published sample; roots in README table order."""
    if not (VEC / "README.md").exists():
        pytest.skip(f"{VEC} not present")
    accounts = [state.Account(a["id"], a["nonce"], _bytea(a["address"]), _bytea(a["pubkey_hash"]))
                for a in json.loads((VEC / "sample_accounts.json").read_text())]
    balances = [state.Balance(b["account_id"], b["coin_id"], int(b["balance"]))
                for b in json.loads((VEC / "sample_balances.json").read_text())]
    roots = [bytes.fromhex(r) for r in re.findall(r"\| `0x([0-9a-f]{64})` \|", (VEC / "README.md").read_text())]
    assert len(roots) == 3
    return accounts, balances, roots


def _nft_rows(accounts, balances):
    return (accounts + [state.Account(NFT_ACCOUNT, 0, b"\xff" * 20, b"\0" * 20)],
            balances + [state.Balance(NFT_ACCOUNT, 2 ** 31 - 2, 65536)])


def test_published_roots_from_rows(sample):
    accounts, balances, roots = sample
    assert state.root_rows(accounts, balances, balance_depth=11) == roots[0]
    assert state.root_rows(list(reversed(accounts)), balances[::-1], balance_depth=11, threads=2) == roots[0]
    assert state.root_rows(*_nft_rows(accounts, balances)) == roots[1]
    genesis = [(0, 0, "0xde03a0b5963f75f1c8485b355ff6d30f3093bde7", b"\0" * 20)]
    assert state.root_rows(genesis, [], balance_depth=11) == roots[2]
    assert state.root_hex(roots[1]) == "0x" + roots[1].hex()
    # one balance more changes the root
    assert state.root_rows(accounts, balances + [state.Balance(accounts[0].id, 5, 1)], balance_depth=11) != roots[0]


def _write(tmp_path, accounts, balances):
    a, b = tmp_path / "accounts.csv", tmp_path / "balances.csv"
    a.write_text("id,nonce,address,pubkey_hash\n" + "".join(
        f"{x.id},{x.nonce},0x{x.address.hex()},0x{x.pubkey_hash.hex()}\n" for x in accounts))
    b.write_text("account_id,coin_id,balance\n" + "".join(f"{x.account_id},{x.token_id},{x.balance}\n"
                                                          for x in balances))
    return str(a), str(b)


def test_published_root_from_files(tmp_path, sample):
    accounts, balances, roots = sample
    a, b = _write(tmp_path, *_nft_rows(accounts, balances))
    seen = []
    assert state.root_files(a, b, progress=seen.append) == roots[1]
    a, b = _write(tmp_path, accounts, balances)
    assert state.root_files(a, b, balance_depth=11, threads=2) == roots[0]


def test_bad_rows_and_files(tmp_path, sample):
    accounts, balances, _ = sample
    with pytest.raises(z.FileFormatError) as e:
        state.root_rows(accounts + [accounts[3]], balances)  # duplicate account id
    assert e.value.file == "accounts" and e.value.line == len(accounts) + 1
    with pytest.raises(z.FileFormatError) as e:
        state.root_rows(accounts, balances + [state.Balance(123456, 0, 1)])  # unknown account
    assert e.value.file == "balances" and e.value.line == len(balances) + 1
    with pytest.raises(z.InvalidAmountError):
        state.root_rows(accounts, [state.Balance(accounts[0].id, 0, 2 ** 128)])
    a, b = _write(tmp_path, accounts, balances)
    lines = Path(b).read_text().splitlines()
    lines[4] = lines[4].split(",")[0] + ",0," + str(2 ** 128)  # balance >= 2^128 on line 5
    Path(b).write_text("\n".join(lines) + "\n")
    with pytest.raises(z.FileFormatError) as e:
        state.root_files(a, b)
    assert e.value.file == b and e.value.line == 5, str(e.value)
    with pytest.raises(z.IoError) as e:
        state.root_files(a, str(tmp_path / "missing.csv"))
    assert e.value.file == str(tmp_path / "missing.csv")


# The library calls progress about every 4096 accounts, so a stop needs that many.
MANY = [state.Account(i, 0, (i + 1).to_bytes(20, "big")) for i in range(4200)]


def test_progress_stop_is_cancelled():
    seen = []

    def cb(p):
        seen.append(p)
        return False

    with pytest.raises(z.CancelledError) as e:
        state.root_rows(MANY, [], balance_depth=1, progress=cb)
    assert e.value.status == z.Status.ERR_CANCELLED == 50
    assert len(seen) == 1 and seen[0].phase == state.PHASE_HASH and 0 < seen[0].accounts <= len(MANY)


def test_cancel_event_and_callback_exception():
    ev = threading.Event()
    ev.set()
    with pytest.raises(z.CancelledError):
        state.root_rows(MANY, [], balance_depth=1, cancel=ev)

    def boom(p):
        raise RuntimeError("from the callback")

    with pytest.raises(RuntimeError, match="from the callback"):
        state.root_rows(MANY, [], balance_depth=1, progress=boom)


def _word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def test_stored_block_and_execute_blocks():
    blk = state.StoredBlock(7, 3, b"\x11" * 32, 1700000000, b"\x22" * 32, b"\x33" * 32)
    enc = (_word(7) + _word(3) + blk.pending_onchain_ops_hash + _word(blk.timestamp) + blk.state_hash +
           blk.commitment)
    assert blk.hash() == z.keccak256(enc) == state.stored_block_hash(blk)
    # executeBlocks(((uint32,uint64,bytes32,uint256,bytes32,bytes32),bytes[])[]) with one block
    sel = z.keccak256(b"executeBlocks(((uint32,uint64,bytes32,uint256,bytes32,bytes32),bytes[])[])")[:4]
    item = enc + _word(7 * 32) + _word(0)  # the struct: block words, offset of bytes[], empty bytes[]
    calldata = sel + _word(32) + _word(1) + _word(32) + item
    got = state.decode_execute_blocks(calldata, 7)
    assert got == blk
    with pytest.raises(z.NotFoundError):
        state.decode_execute_blocks(calldata, 8)
    with pytest.raises(z.ParseError):
        state.decode_execute_blocks(b"\x01\x02\x03\x04" + calldata[4:], 7)
    with pytest.raises(z.ParseError):
        state.decode_execute_blocks(calldata[:60], 7)


def test_final_state_root_without_a_node():
    with z.EthRpc("http://127.0.0.1:9") as rpc:
        with pytest.raises(z.ZksError) as e:
            state.final_state_root(rpc, "0x" + "ab" * 20)
        assert isinstance(e.value, (z.NetworkError, z.ZksTimeoutError, z.HttpError))
        with pytest.raises((z.InvalidArgumentError, z.InvalidAddressError)):
            state.final_state_root(rpc, "0x12")
