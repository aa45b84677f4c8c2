"""The claim tree through the binding (libzksync.exit): the spec's vectors A, B, C
(../shared/spec/sunset.md section 4, skipped where absent), proofs against the C tool
zksync-exit, the proof JSON round trip, readers as iterators and typed file errors."""
from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
from pathlib import Path

import pytest

import libzksync as z
from libzksync import exit as ex

from conftest import ROOT

SHARED = Path(os.environ.get("ZKS_SHARED") or ROOT.parent / "shared")
SPEC = SHARED / "spec" / "sunset.md"


def addr(n: int) -> bytes:
    return n.to_bytes(20, "big")


def h(s: str) -> bytes:
    return bytes.fromhex(s[2:] if s.startswith("0x") else s)


@pytest.fixture(scope="module")
def spec() -> dict:
    """The vector hashes of sunset.md section 4 by name (leaf0, root_a, ...)."""
    if not SPEC.exists():
        pytest.skip(f"{SPEC} not present")
    text = SPEC.read_text(encoding="utf-8")
    sec = text[text.index("### Vectors"):text.index("## 5.")]
    a, b, c = re.split(r"\n(?=[BC]: )", sec[sec.index("A: "):])[:3]
    v = {k: h(x) for k, x in re.findall(r"- (leaf\d) `(0x[0-9a-f]{64})`", sec)}
    v["root_a"] = h(re.search(r"root `(0x[0-9a-f]{64})`", a).group(1))
    v["root_c"] = h(re.search(r"root `(0x[0-9a-f]{64})`", c).group(1))
    v["proof2_a"] = h(re.search(r"proof\(2\) = \[`(0x[0-9a-f]{64})`\]", a).group(1))
    v["proof4_c"] = h(re.search(r"proof\(4\) = \[`(0x[0-9a-f]{64})`\]", c).group(1))
    v["proof0_c_mid"] = h(re.search(r"proof\(0\) = \[leaf1, `(0x[0-9a-f]{64})`, leaf4\]", c).group(1))
    assert "root = leaf0 of A" in b
    return v


LEAVES_A = [(0, 1, 11, 10), (1, 1, 12, 20), (2, 2, 11, 30)]
LEAVES_C = LEAVES_A + [(3, 3, 0, 1), (4, 4, 0, 0)]


def tree_of(leaves, requests=()):
    t = ex.Tree()
    for r in requests:
        t.request(*r)
    for i, a, tok, amt in leaves:
        t.add(i, addr(a), addr(tok), amt)
    return t


def test_vector_a(spec):
    for i, a, tok, amt in LEAVES_A:
        assert ex.leaf_hash(i, addr(a), addr(tok), amt) == spec[f"leaf{i}"]
    with tree_of(LEAVES_A, [(addr(1),), (addr(2), addr(11))]) as t:
        assert t.root() == spec["root_a"] and t.leaf_count == 3
        ps = t.proofs()
        assert [p.claim_index for p in ps] == [0, 1, 2]
        assert ps[0].path == [spec["leaf1"], spec["leaf2"]]
        assert ps[1].path == [spec["leaf0"], spec["leaf2"]]
        assert ps[2].path == [spec["proof2_a"]]
        for p in ps:
            assert p.root == spec["root_a"] and p.verify() and ex.verify(p.leaf, p.path, spec["root_a"])
        assert t.proof(addr(2), addr(11)) == ps[2]
        assert t.proof(addr(2), addr(12)) is None


def test_vector_b(spec):
    with tree_of(LEAVES_A[:1], [(addr(1), addr(11))]) as t:
        assert t.root() == spec["leaf0"]
        (p,) = t.proofs()
        assert p.path == [] and p.verify() and ex.verify(spec["leaf0"], [], spec["leaf0"])


def test_vector_c(spec):
    with tree_of(LEAVES_C, [(addr(1), addr(11)), (addr(4),)]) as t:
        assert t.root() == spec["root_c"]
        p0, p4 = t.proofs()
        assert p4.leaf == spec["leaf4"] and p4.path == [spec["proof4_c"]]
        assert p0.path == [spec["leaf1"], spec["proof0_c_mid"], spec["leaf4"]]
        assert p0.verify() and p4.verify()


def test_verify_rejects():
    with tree_of(LEAVES_C, [(addr(1),)]) as t:
        root = t.root()
        p = t.proofs()[0]
    assert not ex.verify(p.leaf, p.path[::-1], root)
    assert not ex.verify(p.leaf, p.path[:-1], root)
    wrong = ex.Proof(p.claim_index, p.account, p.token, p.amount + 1, str(p.amount + 1), p.leaf, p.root, p.path)
    assert not wrong.verify()
    assert not p.verify(b"\x01" * 32)
    with pytest.raises(z.InvalidLengthError):
        ex.verify(p.leaf, [b"short"], root)


def test_tree_states():
    t = ex.Tree()
    with pytest.raises(z.StateError):
        t.root()  # no leaves
    t.add(0, addr(1), addr(2), 5)
    with pytest.raises(z.InvalidArgumentError):
        t.add(5, addr(1), addr(3), 5)  # index must be 1
    with pytest.raises(z.StateError):
        t.request(addr(1))  # after the first leaf
    t.root()
    with pytest.raises(z.StateError):
        t.add(1, addr(1), addr(3), 5)
    t.close()
    with pytest.raises(ValueError):
        t.root()


def test_json_round_trip():
    with tree_of(LEAVES_C, [(addr(1),), (addr(3),)]) as t:
        t.root()
        ps = t.proofs()
    text = ex.proofs_to_json(ps)
    doc = json.loads(text)
    assert [d["claimIndex"] for d in doc] == [0, 1, 3] and not text.endswith("\n")
    assert list(doc[0]) == ["claimIndex", "accountAddress", "tokenAddress", "balance", "merkleRoot", "merklePath",
                            "leaf"]
    back = ex.proofs_from_json(text)
    assert back == ps and ex.proofs_to_json(back) == text
    assert ex.proofs_from_json(json.dumps(doc[1])) == [ps[1]]  # one object
    assert ex.proofs_to_json([]) == "[]" and ex.proofs_from_json("[]") == []
    with pytest.raises(z.JsonError):
        ex.proofs_from_json('[{"claimIndex": 0}]')
    with pytest.raises(z.JsonError):
        ex.proofs_from_json(b"\xff\xfe not json")


LEAVES_CSV = "claim_index,account_address,token_address,balance\n" + "".join(
    f"{i},0x{a:040x},0x{t:040x},{v}\n" for i, a, t, v in LEAVES_C)


def test_files_and_readers(tmp_path, spec):
    f = tmp_path / "new_leaves.csv"
    f.write_text(LEAVES_CSV)
    calls = []
    root, n = ex.root_file(str(f), progress=lambda d, tot: calls.append((d, tot)))
    assert (root, n) == (spec["root_c"], 5)
    leaves = list(ex.read_file(str(f), "leaves"))
    assert [(x.index, int(x.account, 16), int(x.token, 16), x.amount) for x in leaves] == LEAVES_C
    assert leaves[0].line == 2 and leaves[0].balance == "10"
    with ex.Tree() as t:
        t.request(addr(4))
        t.add_file(str(f))
        assert t.root() == spec["root_c"]
        assert t.proofs()[0].path == [spec["proof4_c"]]
    with ex.Reader.from_buffer(LEAVES_CSV.replace("\n", "\r\n").encode(), ex.LEAVES, name="mem.csv") as r:
        assert [x.index for x in r] == [0, 1, 2, 3, 4]


def test_create_leaves(tmp_path):
    (tmp_path / "accounts.csv").write_text(
        "id,nonce,address,pubkey_hash\n0,1,0x" + "22" * 20 + ",sync:" + "00" * 20 + "\n1,0,0x" + "11" * 20 +
        ",0x" + "ab" * 20 + "\n2,0,0x" + "11" * 20 + ",0x" + "00" * 20 + "\n")
    (tmp_path / "balances.csv").write_text("account_id,coin_id,balance\n0,0,5\n1,1,7\n2,1,8\n1,0,0\n")
    (tmp_path / "tokens.csv").write_text("id,address,symbol,decimals\n0,0x" + "00" * 20 + ",ETH,18\n1,0x" +
                                         "aa" * 20 + ",TKN,6\n")
    out = tmp_path / "leaves.csv"
    p = [str(tmp_path / n) for n in ("accounts.csv", "balances.csv", "tokens.csv")]
    assert ex.create_leaves(*p, output=str(out)) == 3
    leaves = list(ex.read_file(str(out), "leaves"))
    assert [(x.account, x.token, x.amount) for x in leaves] == [
        ("0x" + "11" * 20, "0x" + "00" * 20, 0), ("0x" + "11" * 20, "0x" + "aa" * 20, 15),
        ("0x" + "22" * 20, "0x" + "00" * 20, 5)]
    accounts = list(ex.read_file(p[0], "accounts.csv"))
    assert accounts[0].is_sync_pubkey and accounts[1].pubkey_hash == b"\xab" * 20 and accounts[2].id == 2
    tokens = list(ex.read_file(p[2], ex.TOKENS))
    assert (tokens[1].symbol, tokens[1].decimals, tokens[1].address) == ("TKN", 6, "0x" + "aa" * 20)
    # an unknown token id: typed error naming balances.csv and the line; output untouched
    (tmp_path / "balances.csv").write_text("account_id,coin_id,balance\n0,0,5\n1,9,7\n")
    before = out.read_bytes()
    with pytest.raises(z.FileFormatError) as e:
        ex.create_leaves(*p, output=str(out))
    assert e.value.file.endswith("balances.csv") and e.value.line == 3
    assert out.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["accounts.csv", "balances.csv", "leaves.csv", "tokens.csv"]


@pytest.mark.parametrize("body, line, cls", [
    ("claim_index,account_address,token_address,balance\n0,0x{a},0x{a},1\n2,0x{b},0x{a},1\n", 3, z.FileFormatError),
    ("claim_index,account_address,token_address,balance\n0,0x{a},0x{a},12x\n", 2, z.FileFormatError),
    ("claim_index,account_address,token_address,balance\n0,0x{a},0x{a}," + "9" * 79 + "\n", 2, z.FileFormatError),
    ("claim_index,account_address,balance\n0,0x{a},1\n", 1, z.FileFormatError),
    ("", 0, z.FileFormatError),
])
def test_bad_leaves_file(tmp_path, body, line, cls):
    f = tmp_path / "bad.csv"
    f.write_text(body.format(a="11" * 20, b="22" * 20))
    with pytest.raises(cls) as e:
        ex.root_file(str(f))
    assert isinstance(e.value, z.ZksError)
    assert e.value.file == str(f) and e.value.line == line, str(e.value)
    assert str(f) in str(e.value)
    again = pickle.loads(pickle.dumps(e.value))  # file and line survive a process boundary
    assert type(again) is cls and (again.file, again.line) == (str(f), line)


def test_missing_file_is_io_error(tmp_path):
    with pytest.raises(z.IoError) as e:
        ex.Reader(str(tmp_path / "nope.csv"), "leaves")
    assert e.value.file == str(tmp_path / "nope.csv")


def test_progress_exception_is_raised(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "w") as f:
        f.write("claim_index,account_address,token_address,balance\n")
        for i in range(40000):  # about 4 MB: several progress calls
            f.write(f"{i},0x{i + 1:040x},0x{0:040x},{i}\n")

    def boom(done, total):
        raise KeyboardInterrupt("stop")

    with pytest.raises(KeyboardInterrupt):
        ex.root_file(str(big), progress=boom)
    seen = []
    root, n = ex.root_file(str(big), progress=lambda d, t: seen.append((d, t)))
    assert n == 40000 and seen and all(t == big.stat().st_size for _, t in seen)


def _exit_tool():
    for cand in (os.environ.get("ZKSYNC_EXIT"), Path(os.environ.get("ZKSYNC_LIB", "")).parent / "bin" / "zksync-exit",
                 ROOT / "build" / "bin" / "zksync-exit"):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return None


def test_against_the_c_tool(tmp_path):
    tool = _exit_tool()
    if tool is None:
        pytest.skip("zksync-exit not built (make examples)")
    f = tmp_path / "new_leaves.csv"
    f.write_text(LEAVES_CSV)
    out = subprocess.run([tool, "calculate-root-for-keccak-tree", str(f)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    m = re.search(r"Calculated Keccak Merkle tree root: (0x[0-9a-f]{64})", out.stdout)
    root, _ = ex.root_file(str(f))
    assert m and h(m.group(1)) == root
    out = subprocess.run([tool, "create-proof", "--account", "0x" + "00" * 19 + "01", "--tokens",
                          "0x" + "00" * 19 + "0b", "0x" + "00" * 19 + "0c", str(f)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    js = out.stdout[out.stdout.index("\n[") + 1:]  # after the two log lines
    tool_proofs = ex.proofs_from_json(js)
    with ex.Tree() as t:
        t.request(addr(1))
        t.add_file(str(f))
        t.root()
        ours = t.proofs()
    assert tool_proofs == ours
    assert ex.proofs_to_json(ours) == js.rstrip("\n")
