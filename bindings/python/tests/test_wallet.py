"""Wallet and L1 through the binding against a local mock JSON-RPC server (the devnet
suites run the real flows): construction, key derivation, reads, a Transfer whose
submitted signature is checked, error mapping, borrowing rules, external signers."""
from __future__ import annotations

import pytest

import libzksync as z
from conftest import RpcFault

ETH1 = b"\x01" * 32
ADDR1 = "0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1"
HASH_CHAIN9 = "sync:12097b8af3cefde1596cbe5c151e143ccadabb1a"
TOKENS = {"ETH": {"id": 0, "address": "0x0000000000000000000000000000000000000000", "symbol": "ETH", "decimals": 18}}


def _account(nonce=3, pkh="sync:0000000000000000000000000000000000000000"):
    side = {"balances": {"ETH": "1000000000000000000"}, "nonce": nonce, "pubKeyHash": pkh, "nfts": {},
            "mintedNfts": {}}
    return {"address": ADDR1.lower(), "id": 42, "depositing": {"balances": {}}, "committed": side,
            "verified": dict(side, balances={}), "accountType": "Owned"}


@pytest.fixture
def server(mock_rpc):
    mock_rpc.handlers.update({
        "contract_address": lambda p: {"mainContract": "0x" + "11" * 20, "govContract": "0x" + "22" * 20},
        "account_info": lambda p: _account(),
        "tokens": lambda p: TOKENS,
        "get_tx_fee": lambda p: {"feeType": "Transfer", "gasTxAmount": "1", "gasPriceWei": "1", "gasFee": "1",
                                 "zkpFee": "1", "totalFee": "100000000000000"},
    })
    return mock_rpc


def test_wallet_reads(server):
    with z.Provider(server.url, retries=0) as p:
        with z.Wallet(p, ETH1, chain_id=9) as w:
            assert w.address == ADDR1
            assert w.pubkey_hash == HASH_CHAIN9
            assert w.pubkey_hash_bytes.hex() == HASH_CHAIN9[5:]
            assert w.account_id() == 42 and w.nonce() == 3
            assert w.balance("ETH") == 10 ** 18 and w.balance("eth", "verified") == 0
            assert w.signing_key_state() == "none"
            assert w.l1 is None  # no eth_rpc
            with pytest.raises(z.StateError):
                w.deposit(1)
        assert w.closed


def test_wallet_transfer_is_signed(server):
    seen = {}

    def submit(params):
        seen["params"] = params
        return z.tx.tx_hash(params[0])  # the library compares the server's hash with its own
    server.handlers["tx_submit"] = submit
    server.handlers["account_info"] = lambda p: _account(pkh=HASH_CHAIN9)
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        assert w.signing_key_state() == "ours"
        to = "0x1919191919191919191919191919191919191919"
        w.transfer(to, 10 ** 15, "ETH")
        tx, eth_sig, _fast = seen["params"]
        assert tx["type"] == "Transfer" and tx["to"].lower() == to and tx["amount"] == "1000000000000000"
        assert tx["fee"] == "100000000000000" and tx["nonce"] == 3 and tx["accountId"] == 42
        sig = bytes.fromhex(tx["signature"]["pubKey"] + tx["signature"]["signature"])
        u = {k: v for k, v in tx.items() if k != "signature"}
        assert z.verify_musig(z.tx.tx_bytes(u), sig)
        msg = z.tx.eth_message(u, "ETH", 18)
        assert z.recover_address(msg, eth_sig["signature"]) == ADDR1
        assert w.nonce() == 4  # counted up locally


def test_wallet_errors(server):
    server.handlers["tx_submit"] = lambda p: (_ for _ in ()).throw(RpcFault(104, "Fee is too low"))
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        with pytest.raises(z.FeeTooLowError) as ei:
            w.transfer("0x1919191919191919191919191919191919191919", 1, "ETH", fee=10)
        assert ei.value.server_code == 104 and "Fee is too low" in ei.value.detail
        with pytest.raises(z.NotFoundError):
            w.transfer("0x1919191919191919191919191919191919191919", 1, "NOPE", fee=10)
        with pytest.raises(z.NotPackableError):
            w.transfer("0x1919191919191919191919191919191919191919", 10 ** 18 + 1, "ETH", fee=10)
    with z.Provider(server.url) as p:
        with pytest.raises(z.InvalidArgumentError):
            z.Wallet(p, ETH1)  # chain_id 0 without eth_rpc
        with pytest.raises(z.InvalidKeyError):
            z.Wallet(p, bytes(32), chain_id=9)


def test_borrowing_closes_wallet_first(server):
    p = z.Provider(server.url)
    w = z.Wallet(p, ETH1, chain_id=9)
    p.close()
    assert w.closed
    with pytest.raises(ValueError):
        w.nonce()


def test_wallet_from_mnemonic_and_external_signer(server):
    mnemonic = "test test test test test test test test test test test junk"
    calls = []
    with z.Provider(server.url) as p:
        with z.Wallet.from_mnemonic(p, mnemonic, chain_id=9) as w:
            addr, pkh = w.address, w.pubkey_hash
        assert addr == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
        with z.EthSigner.from_mnemonic(mnemonic) as e:
            def sign_message(msg):
                calls.append(msg)
                return e.sign_message(msg)
            with z.Wallet.with_signer(p, e.address, sign_message, chain_id=9) as w2:
                assert w2.pubkey_hash == pkh and w2.address == addr
        assert calls and calls[0].startswith(b"Access zkSync account.")

        def refuse(msg):
            raise RuntimeError("user said no")
        with pytest.raises(z.SignerError):
            z.Wallet.with_signer(p, addr, refuse, chain_id=9)


def test_wallet_batch_withdraw_order(server):
    batches = []

    def submit_batch(params):
        batches.append(params)
        return [z.tx.tx_hash(t["tx"]) for t in params[0]]
    server.handlers["submit_txs_batch"] = submit_batch
    server.handlers["tx_submit"] = lambda p: z.tx.tx_hash(p[0])
    server.handlers["account_info"] = lambda p: _account(pkh=HASH_CHAIN9)
    to = "0x1919191919191919191919191919191919191919"
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        hashes = w.transfer_batch([(to, "ETH", 1000), (to, "ETH", 2000)], "ETH", total_fee=10 ** 14)
        assert len(hashes) == 2 and all(h.startswith("sync-tx:") for h in hashes)
        txs, eth_sig = batches[0][0], batches[0][1]
        assert [t["tx"]["nonce"] for t in txs] == [3, 4] and txs[0]["tx"]["fee"] == str(10 ** 14)
        assert w.nonce() == 5
        assert w.withdraw(5, "ETH", fee=10 ** 14).startswith("sync-tx:")
        order = w.sign_order("ETH", "ETH", 1, 2, amount=0)
        assert order["ratio"] == ["1", "2"] and "signature" in order and order["ethSignature"]
        assert eth_sig is not None


def test_l1_reads_and_revert(mock_rpc):
    word = lambda v: "0x" + v.to_bytes(32, "big").hex()  # noqa: E731

    def eth_call(params):
        data = params[0]["data"]
        return word(2 ** 255) if data.startswith("0xdd62ed3e") else word(5)  # allowance() / others
    mock_rpc.handlers.update({
        "eth_chainId": lambda p: "0x9", "eth_getBalance": lambda p: "0x10", "eth_call": eth_call,
        "eth_gasPrice": lambda p: "0x1", "eth_getTransactionCount": lambda p: "0x0",
        "eth_estimateGas": lambda p: (_ for _ in ()).throw(RpcFault(3, "execution reverted: f1")),
    })
    token = "0x" + "33" * 20
    with z.EthRpc(mock_rpc.url, retries=0) as e:
        with z.L1(e, "0x" + "11" * 20, 9, ETH1) as l1:
            assert l1.address == ADDR1.lower()
            assert l1.balance() == 16 and l1.pending_balance() == 5
            assert l1.is_erc20_approved(token) is True and l1.allowance(token) == 2 ** 255
            with pytest.raises(z.L1RevertError) as ei:
                l1.deposit_eth(10 ** 15)
            assert ei.value.revert_reason and "f1" in ei.value.revert_reason
            with pytest.raises(z.InvalidArgumentError):
                l1.is_erc20_approved(z.wallet.ETH_TOKEN_ADDRESS)
        with pytest.raises(z.WrongChainError):
            z.L1(e, "0x" + "11" * 20, 1, ETH1)
        l1 = z.L1(e, "0x" + "11" * 20, 9, ETH1)
    assert l1.closed  # closed with its EthRpc


def test_wallet_max_fee(server):
    server.handlers["tx_submit"] = lambda p: z.tx.tx_hash(p[0])
    server.handlers["account_info"] = lambda p: _account(pkh=HASH_CHAIN9)
    to = "0x1919191919191919191919191919191919191919"
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        n0 = len(server.requests)
        w.set_max_fee("ETH", 10 ** 14 - 1)  # the mock quotes 10^14
        with pytest.raises(z.FeeTooHighError):
            w.transfer(to, 10 ** 15, "ETH")
        assert not any(r["method"] == "tx_submit" for r in server.requests[n0:])
        w.transfer(to, 10 ** 15, "ETH", fee=10 ** 15)  # a fee the caller gives is not capped
        w.set_max_fee("ETH", None)
        assert w.transfer(to, 10 ** 15, "ETH").startswith("sync-tx:")
        with pytest.raises(z.InvalidAmountError):
            w.set_max_fee("ETH", -1)
        # this call's cap: refused above it (nothing sent), paid under it, and it replaces the wallet's
        n0 = len(server.requests)
        with pytest.raises(z.FeeTooHighError, match="this call's cap"):
            w.transfer(to, 10 ** 15, "ETH", fee=z.max_fee(10 ** 14 - 1))
        server.handlers["get_txs_batch_fee_in_wei"] = lambda p: {"totalFee": "200000000000000"}  # the real shape
        with pytest.raises(z.FeeTooHighError):
            w.transfer_batch([(to, "ETH", 1)], "ETH", total_fee=z.max_fee(2 * 10 ** 14 - 1))
        assert not any(r["method"] in ("tx_submit", "submit_txs_batch") for r in server.requests[n0:])
        w.set_max_fee("ETH", 1)
        assert w.transfer(to, 10 ** 15, "ETH", fee=z.max_fee(10 ** 14)).startswith("sync-tx:")
        assert z.max_fee(5) == "max:5"
        for bad in ("max:", "max:1x", "max:-1"):
            with pytest.raises(z.InvalidAmountError):
                w.transfer(to, 1, "ETH", fee=bad)
        with pytest.raises(z.InvalidAmountError):
            z.max_fee(-1)


def test_wallet_doubt_and_journal(server, tmp_path):
    server.handlers["account_info"] = lambda p: _account(pkh=HASH_CHAIN9)
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        d = w.doubt()
        assert not d.open and d.resolved == "none"
        assert not w.resolve(0).open  # nothing to resolve: signing may go on
        j = tmp_path / "wallet.journal"
        w.set_journal(str(j))
        w.set_journal(None)
        bad = tmp_path / "bad.journal"
        bad.write_text("not a journal record\n")
        with pytest.raises(z.FileFormatError):
            w.set_journal(str(bad))


def test_l1_doubt_restore(mock_rpc):
    mock_rpc.handlers.update({"eth_chainId": lambda p: "0x9"})
    raw = bytes.fromhex("02f86b0980843b9aca00850ba43b740082520894") + b"\x11" * 40
    with z.EthRpc(mock_rpc.url, retries=0) as e, z.L1(e, "0x" + "11" * 20, 9, ETH1) as l1:
        assert not l1.doubt().open
        with pytest.raises(z.InvalidArgumentError):
            l1.restore_doubt(b"", 3)
        l1.restore_doubt(raw, 3)
        d = l1.doubt()
        assert d.open and d.nonce == 3 and d.raw == raw and d.tx_hash == "0x" + z.keccak256(raw).hex()
        with pytest.raises(z.StateError):
            l1.restore_doubt(raw, 4)  # one is open


class MemJournal:
    """An in-memory WalletJournal / L1Journal that logs what the server had seen at each call."""

    def __init__(self, server, record=None, fail_save=False):
        self.server, self.record, self.fail_save, self.log = server, record, fail_save, []

    def _sent(self, method):
        return sum(1 for r in self.server.requests if r["method"] == method)

    def save(self, record):
        if self.fail_save:
            raise KeyError("disk full")
        self.record = record
        self.log.append(("save", self._sent("tx_submit") + self._sent("eth_sendRawTransaction")))

    def clear(self):
        self.record = None
        self.log.append(("clear", self._sent("tx_submit") + self._sent("eth_sendRawTransaction")))

    def load(self):
        return self.record


def test_wallet_journal_hook_writes_before_send_and_clears(server):
    seen = {}
    jr = MemJournal(server)

    def submit(params):
        seen["record_at_submit"] = jr.record  # the doubt must be stored before the bytes arrive
        return z.tx.tx_hash(params[0])
    server.handlers["tx_submit"] = submit
    server.handlers["account_info"] = lambda p: _account(pkh=HASH_CHAIN9)
    to = "0x1919191919191919191919191919191919191919"
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        w.set_journal_hook(jr)
        h = w.transfer(to, 10 ** 15, "ETH")
        rec = seen["record_at_submit"]
        assert isinstance(rec, bytes) and rec.startswith(b"zks-wallet-doubt 1\n")
        assert ("hash " + h + "\n").encode() in rec and b"\nnonce 3\n" in rec and rec.endswith(b"\n")
        assert jr.log == [("save", 0), ("clear", 1)] and jr.record is None  # cleared once the outcome is known
        # three callables work the same; a damaged record is refused
        calls = []
        w.set_journal_hook(save=lambda r: calls.append(r), clear=lambda: calls.append(None), load=lambda: None)
        w.transfer(to, 10 ** 15, "ETH")
        assert len(calls) == 2 and calls[0].startswith(b"zks-wallet-doubt") and calls[1] is None
        with pytest.raises(z.FileFormatError):
            w.set_journal_hook(save=jr.save, clear=jr.clear, load=lambda: rec[:-3] + b"00\n")
        with pytest.raises(TypeError):
            w.set_journal_hook(save=jr.save)  # clear missing
        w.set_journal_hook(None)  # off
        n = len(jr.log)
        w.transfer(to, 10 ** 15, "ETH")
        assert len(jr.log) == n


def test_wallet_journal_hook_failure_sends_nothing(server):
    server.handlers["tx_submit"] = lambda p: z.tx.tx_hash(p[0])
    server.handlers["account_info"] = lambda p: _account(pkh=HASH_CHAIN9)
    to = "0x1919191919191919191919191919191919191919"
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        jr = MemJournal(server, fail_save=True)
        w.set_journal_hook(jr)
        n0 = len(server.requests)
        with pytest.raises(KeyError, match="disk full"):  # the callback's own exception
            w.transfer(to, 10 ** 15, "ETH")
        assert not any(r["method"] == "tx_submit" for r in server.requests[n0:])
        assert not w.doubt().open and w.nonce() == 3 and jr.record is None
        jr.fail_save = False  # the next call works and nothing stale is raised
        assert w.transfer(to, 10 ** 15, "ETH").startswith("sync-tx:") and w.nonce() == 4


def test_wallet_journal_hook_restart(server):
    """A lost reply keeps the record; a new wallet loading it resolves it and never pays twice."""
    import time
    state = {"nonce": 3, "executed": False}
    server.handlers["account_info"] = lambda p: _account(nonce=state["nonce"], pkh=HASH_CHAIN9)

    def slow_submit(params):
        time.sleep(1.0)  # longer than the call's deadline: the outcome is unknown
        return z.tx.tx_hash(params[0])
    server.handlers["tx_submit"] = slow_submit
    server.handlers["tx_info"] = lambda p: {"executed": state["executed"], "success": True if state["executed"] else None,
                                            "failReason": None, "block": None}
    to = "0x1919191919191919191919191919191919191919"
    jr = MemJournal(server)
    with z.Provider(server.url, retries=0, timeout_ms=300) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        w.set_journal_hook(jr)
        with pytest.raises(z.OutcomeUnknownError):
            w.transfer(to, 10 ** 15, "ETH")
        assert jr.record is not None and [e[0] for e in jr.log] == ["save"]  # not cleared: still in doubt
        h = w.doubt().hash
        other = MemJournal(server)
        w.set_journal_hook(other)  # a new journal stores the open doubt at once
        assert other.record == jr.record
    state.update(nonce=4, executed=True)  # it went through meanwhile
    server.handlers["tx_submit"] = lambda p: pytest.fail("a second payment was sent")
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w2:
        w2.set_journal_hook(jr)  # load() gives the record of the first process
        d = w2.doubt()
        assert d.open and d.hash == h and d.nonce == 3
        with pytest.raises(z.AlreadyExecutedError) as ei:
            w2.resolve(0)
        assert ei.value.doubt.resolved == "executed" and ei.value.doubt.hash == h
        assert jr.record is None and jr.log[-1][0] == "clear"


def _l1_mock(mock_rpc):
    mock_rpc.handlers.update({
        "eth_chainId": lambda p: "0x9", "eth_getBalance": lambda p: "0x" + "f" * 20, "eth_gasPrice": lambda p: "0x1",
        "eth_getTransactionCount": lambda p: "0x5", "eth_estimateGas": lambda p: "0x5208",
        "eth_sendRawTransaction": lambda p: "0x" + z.keccak256(bytes.fromhex(p[0][2:])).hex(),
    })


def test_l1_journal_writes_before_send_and_clears(mock_rpc):
    _l1_mock(mock_rpc)
    saved = []
    jr = MemJournal(mock_rpc)
    orig_save = jr.save
    jr.save = lambda d: (saved.append(d), orig_save(d))
    with z.EthRpc(mock_rpc.url, retries=0) as e, z.L1(e, "0x" + "11" * 20, 9, ETH1) as l1:
        l1.set_journal(jr)
        r = l1.deposit_eth(10 ** 15)
        assert jr.log == [("save", 0), ("clear", 1)] and jr.record is None
        d = saved[0]
        assert isinstance(d, z.L1Doubt) and d.open and d.nonce == 5 == r.nonce and d.tx_hash == r.tx_hash
        assert d.tx_hash == "0x" + z.keccak256(d.raw).hex()
        assert not l1.doubt().open
        # a failing save: nothing is sent, the callback's exception is raised
        jr.fail_save = True
        n0 = len(mock_rpc.requests)
        with pytest.raises(KeyError, match="disk full"):
            l1.deposit_eth(10 ** 15)
        assert not any(q["method"] == "eth_sendRawTransaction" for q in mock_rpc.requests[n0:])
        assert not l1.doubt().open
        # load() restores what an earlier process saved
        l1.set_journal(save=lambda d: None, clear=lambda: None, load=lambda: saved[0])
        got = l1.doubt()
        assert got.open and got.raw == saved[0].raw and got.nonce == 5


def test_wallet_l1_journal_kept_by_the_wallet(server):
    """wallet.l1 is a new view each time: its hook must live as long as the wallet."""
    import gc
    _l1_mock(server)
    jr = MemJournal(server)
    with z.Provider(server.url, retries=0) as p, z.EthRpc(server.url, retries=0) as e, \
            z.Wallet(p, ETH1, e, chain_id=9) as w:
        w.l1.set_journal(jr)
        gc.collect()
        w.l1.deposit_eth(10 ** 15)
        assert [x[0] for x in jr.log] == ["save", "clear"]
        jr.fail_save = True
        with pytest.raises(KeyError):
            w.deposit(10 ** 15, wait_ms=0)  # the wallet's own L1 call reports the hook's exception


def test_journal_clear_failure_warns(server):
    server.handlers["tx_submit"] = lambda p: z.tx.tx_hash(p[0])
    server.handlers["account_info"] = lambda p: _account(pkh=HASH_CHAIN9)

    def bad_clear():
        raise OSError("gone")
    with z.Provider(server.url, retries=0) as p, z.Wallet(p, ETH1, chain_id=9) as w:
        w.set_journal_hook(save=lambda r: None, clear=bad_clear)
        with pytest.warns(z.JournalWarning, match="gone"):
            h = w.transfer("0x1919191919191919191919191919191919191919", 10 ** 15, "ETH")
        assert h.startswith("sync-tx:") and w.nonce() == 4  # the payment is reported, not hidden
