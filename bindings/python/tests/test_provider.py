"""Provider and EthRpc through the binding, against a local mock JSON-RPC server
(the devnet suites test the real servers)."""
from __future__ import annotations

from decimal import Decimal

import pytest

import libzksync as z
from conftest import RpcFault

ADDR = "0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1"
ACCOUNT = {
    "address": ADDR.lower(), "id": 42, "depositing": {"balances": {"ETH": {"amount": "5", "expectedAcceptBlock": 9}}},
    "committed": {"balances": {"ETH": "1500000000000000000", "USDC": "7"}, "nonce": 3,
                  "pubKeyHash": "sync:99121ab1f147434b18406cd173113ad3035bf760", "nfts": {}, "mintedNfts": {}},
    "verified": {"balances": {"ETH": "1000"}, "nonce": 2,
                 "pubKeyHash": "sync:0000000000000000000000000000000000000000", "nfts": {}, "mintedNfts": {}},
    "accountType": "Owned",
}
TOKENS = {"ETH": {"id": 0, "address": "0x0000000000000000000000000000000000000000", "symbol": "ETH", "decimals": 18},
          "USDC": {"id": 2, "address": "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "symbol": "USDC", "decimals": 6}}


def test_provider_reads(mock_rpc):
    mock_rpc.handlers.update({
        "account_info": lambda p: ACCOUNT,
        "tokens": lambda p: TOKENS,
        "contract_address": lambda p: {"mainContract": "0x" + "11" * 20, "govContract": "0x" + "22" * 20},
        "tx_info": lambda p: {"executed": True, "success": False, "failReason": "Nonce mismatch",
                              "block": {"blockNumber": 5, "committed": True, "verified": False}},
        "get_zksync_version": lambda p: "contracts-7",
        "get_token_price": lambda p: "1234.5",
        "get_confirmations_for_eth_op_amount": lambda p: 12,
        "get_eth_tx_for_withdrawal": lambda p: None,
        "get_nft_owner": lambda p: 42,
        "some_method": lambda p: {"echo": p},
    })
    with z.Provider(mock_rpc.url, timeout_ms=5000, retries=0) as p:
        a = p.account_info(ADDR)
        assert a["id"] == 42 and a["committed"]["nonce"] == 3 and a["verified"]["nonce"] == 2
        assert a["committed"]["balances"] == {"ETH": 1500000000000000000, "USDC": 7}
        assert a["committed"]["pub_key_hash"] == "sync:99121ab1f147434b18406cd173113ad3035bf760"
        assert a["depositing"] == [{"symbol": "ETH", "amount": 5, "expected_accept_block": 9}]
        assert a["raw"]["id"] == 42
        assert z.provider.account_balance(a, "usdc") == 7 and z.provider.account_balance(a, "DAI") == 0
        toks = p.tokens()
        assert [t["symbol"] for t in toks] == ["ETH", "USDC"] and toks[1]["decimals"] == 6
        assert p.resolve_token("usdc")["id"] == 2
        assert p.contract_address()["main_contract"] == "0x" + "11" * 20
        ti = p.tx_info("sync-tx:" + "ab" * 32)
        assert ti == {"executed": True, "success": False, "fail_reason": "Nonce mismatch",
                      "block": {"block_number": 5, "committed": True, "verified": False}}
        assert p.get_zksync_version() == "contracts-7"
        assert str(p.get_token_price("ETH")) == "1234.5"
        assert p.get_confirmations_for_eth_op_amount() == 12
        assert p.get_eth_tx_for_withdrawal("sync-tx:" + "ab" * 32) is None
        assert p.get_nft_owner(65536) == 42
        assert p.call("some_method", [1, "x"]) == {"echo": [1, "x"]}
    assert p.closed
    with pytest.raises(ValueError):
        p.tokens()


def test_provider_shutdown_and_price(mock_rpc):
    """After the 2026 shutdown: code 305 is NetworkShutDownError (one request, no retry);
    the server's scale-100 price is exact; error data (code 300) is kept."""
    def fail(code, msg, data=None):
        def h(params):
            raise RpcFault(code, msg, data)
        return h
    price = "1826.748271" + "0" * 94
    mock_rpc.handlers.update({"tx_submit": fail(305, "L2 transactions are disabled."),
                              "get_token_price": lambda p: price,
                              "tx_info": fail(300, "Error communicating core server", "mempool is not responding")})
    with z.Provider(mock_rpc.url, retries=3) as p:
        n0 = len(mock_rpc.requests)
        with pytest.raises(z.NetworkShutDownError) as ei:
            p.submit_tx({"type": "Transfer"}, None)
        assert ei.value.server_code == 305 and ei.value.detail == "L2 transactions are disabled."
        assert len(mock_rpc.requests) - n0 == 1
        assert p.get_token_price("ETH") == Decimal("1826.748271")
        assert str(p.get_token_price("ETH")) == "1826.748271"
        with pytest.raises(z.RpcError) as ei:
            p.tx_info("sync-tx:" + "ab" * 32)
        assert ei.value.server_code == 300 and p.last_error_data() == "mempool is not responding"
        p.get_token_price("ETH")
        assert p.last_error_data() == ""


def test_provider_errors(mock_rpc):
    def fail(code, msg):
        def h(params):
            raise RpcFault(code, msg)
        return h
    mock_rpc.handlers.update({"tx_submit": fail(104, "Fee is too low"), "get_tx_fee": fail(105, "Token not allowed"),
                              "account_info": fail(-32000, "boom")})
    with z.Provider(mock_rpc.url, retries=0) as p:
        with pytest.raises(z.FeeTooLowError) as ei:
            p.submit_tx({"type": "Transfer"}, None)
        e = ei.value
        assert e.status == z.Status.ERR_FEE_TOO_LOW and e.server_code == 104 and "Fee is too low" in e.detail
        assert p.last_error()[:2] == (z.Status.ERR_FEE_TOO_LOW, 104)
        with pytest.raises(z.FeeTokenError):
            p.get_tx_fee("Transfer", ADDR, "ETH")
        with pytest.raises(z.RpcError) as ei:
            p.account_info(ADDR)
        assert ei.value.server_code == -32000
        with pytest.raises(z.InvalidArgumentError):
            p.tx_info("nonsense")
    with pytest.raises(z.InvalidArgumentError):
        z.Provider("ftp://example.com")
    with z.Provider("http://127.0.0.1:9/", retries=0, connect_timeout_ms=500, timeout_ms=1000) as p:
        with pytest.raises((z.NetworkError, z.ZksTimeoutError)) as ei:
            p.get_zksync_version()
        assert isinstance(ei.value, OSError)


def test_submit_sends_signed_tx(mock_rpc, sample):
    seen = {}

    def submit(params):
        seen["params"] = params
        return z.tx.tx_hash(params[0])  # the server's hash: the library compares it with its own
    mock_rpc.handlers["tx_submit"] = submit
    v = next(v for v in sample["vectors"] if v["name"] == "transfer_eth")
    u = dict(v["json"])
    u.pop("signature")
    with z.ZkSigner(bytes.fromhex(sample["keys"]["zkPrivateKey"][2:])) as s, z.Provider(mock_rpc.url) as p:
        st = z.sign_tx(u, s)
        h = p.submit_tx(st, bytes.fromhex(v["ethSignature"]["signature"][2:]))
    assert h == z.tx.tx_hash(v["json"])
    tx, sig, fast = seen["params"]
    assert tx["signature"] == v["json"]["signature"] and tx["type"] == "Transfer"
    assert sig == v["ethSignature"] and fast is None


def test_eth_rpc(mock_rpc):
    mock_rpc.handlers.update({
        "eth_chainId": lambda p: "0x9", "eth_blockNumber": lambda p: "0x10", "eth_gasPrice": lambda p: "0x3b9aca00",
        "eth_getBalance": lambda p: "0xde0b6b3a7640000", "eth_getTransactionCount": lambda p: "0x5",
        "eth_call": lambda p: "0x" + "00" * 31 + "2a", "eth_estimateGas": lambda p: "0x5208",
    })
    with z.EthRpc(mock_rpc.url, retries=0) as e:
        assert e.chain_id() == 9 and e.block_number() == 16 and e.gas_price() == 10 ** 9
        assert e.get_balance(ADDR) == 10 ** 18 and e.get_nonce(ADDR) == 5
        assert e.call_contract("0x" + "11" * 20, b"\x01\x02") == b"\0" * 31 + b"\x2a"
        assert e.estimate_gas(to="0x" + "11" * 20, value=1) == 21000
        assert mock_rpc.requests[-1]["params"][0]["value"] in ("0x1", "0x01")


def _dead_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: a connection is refused
    return port


@pytest.mark.parametrize("cls", [z.Provider, z.EthRpc])
def test_env_proxy_is_opt_in(mock_rpc, monkeypatch, cls):
    mock_rpc.handlers["get_zksync_version"] = lambda p: "contracts-7"
    for k in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{_dead_port()}")
    with cls(mock_rpc.url, retries=0) as c:  # default: the environment's proxy is ignored
        assert c.call("get_zksync_version") == "contracts-7"
        c.set_env_proxy(True)
        with pytest.raises((z.NetworkError, z.ZksTimeoutError, z.HttpError)):
            c.call("get_zksync_version")  # through the dead proxy
        c.set_env_proxy(False)
        assert c.call("get_zksync_version") == "contracts-7"
    with cls(mock_rpc.url, retries=0, env_proxy=True, connect_timeout_ms=1000, timeout_ms=2000) as c:
        with pytest.raises((z.NetworkError, z.ZksTimeoutError, z.HttpError)):
            c.call("get_zksync_version")
    n = sum(1 for r in mock_rpc.requests if r["method"] == "get_zksync_version")
    assert n == 2  # only the calls without the proxy arrived


def test_timeout_is_the_deadline_of_the_whole_call(mock_rpc):
    """total_ms bounds a call with retries and back-off: it returns within total_ms + slack."""
    import time
    mock_rpc.handlers["get_zksync_version"] = lambda p: time.sleep(1.5) or "late"
    with z.Provider(mock_rpc.url, timeout_ms=400, retries=5, backoff_ms=50) as p:
        t0 = time.monotonic()
        with pytest.raises(z.ZksTimeoutError):
            p.get_zksync_version()
        took_ms = (time.monotonic() - t0) * 1000
    assert took_ms < 400 + z.provider.DEADLINE_SLACK_MS + 150, took_ms  # 150 ms for Python and a busy machine
    assert took_ms >= 350, took_ms
