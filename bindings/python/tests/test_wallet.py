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
        return "sync-tx:" + "ab" * 32
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
        return ["sync-tx:%064x" % i for i in range(len(params[0]))]
    server.handlers["submit_txs_batch"] = submit_batch
    server.handlers["tx_submit"] = lambda p: "sync-tx:" + "ee" * 32
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
