"""The L1 sunset layer through the binding (libzksync.sunset): the claim encoding of the
spec's vector leaves for the devnet ABI and a mainnet-like ABI, argument errors, and the
read-only calls against a node that is not there."""
from __future__ import annotations

import pytest

import libzksync as z
from libzksync import sunset

LEAF1 = bytes.fromhex("d0b0b282685704a2c9af0d34fc9352a3a29461d3a76097ad446a387873a7468f")
LEAF2 = bytes.fromhex("305bab732e945c8f9f3f741fa8a661654fd086c00f1589d9841b241275556d06")


def addr(n: int) -> str:
    return "0x%040x" % n


def word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def test_encode_devnet_claim():
    c = z.Claim(0, addr(1), addr(11), 10, [LEAF1, LEAF2])
    data = sunset.encode_claim(c)
    sel = z.keccak256(b"claim(uint256,address,address,uint256,bytes32[])")[:4]
    assert data == sel + word(0) + word(1) + word(11) + word(10) + word(160) + word(2) + LEAF1 + LEAF2


def test_encode_named_parameters_any_order():
    c = z.Claim(5, addr(1), addr(11), 10, [LEAF1])
    data = sunset.encode_claim(c, "claim(uint256 index, uint256 amount, bytes32[] proof)")
    sel = z.keccak256(b"claim(uint256,uint256,bytes32[])")[:4]
    assert data == sel + word(5) + word(10) + word(96) + word(1) + LEAF1
    data = sunset.encode_claim(c, "c(bytes32[] proof,address account)")
    assert data[4:] == word(64) + word(1) + word(1) + LEAF1


def test_encode_errors():
    c = z.Claim(256, addr(1), addr(11), 10, [])
    with pytest.raises(z.InvalidAmountError):
        sunset.encode_claim(c, "claim(uint8 index)")
    with pytest.raises(z.InvalidArgumentError):
        sunset.encode_claim(c, "claim(uint256 idx)")
    with pytest.raises(z.InvalidAddressError):
        sunset.encode_claim(z.Claim(0, "0x12", addr(11), 1, []))
    with pytest.raises(ValueError):
        sunset.encode_claim(z.Claim(0, addr(1), addr(11), 1, [b"short"]))


def test_retry_keeps_the_earlier_tx():
    c = z.Claim(3, addr(1), addr(0), 7, [LEAF1])
    r = sunset.ClaimResult("pending", 19, "0x" + "ab" * 32, 4, 0, 0, "lost reply", b"\x01\x02")
    again = r.retry(c)
    assert again.prev_tx_hash == "0x" + "ab" * 32 and again.prev_nonce == 4 and again.prev_raw == b"\x01\x02"
    assert again.index == 3 and again.proof == [LEAF1]


def test_read_only_calls_without_a_node():
    with z.EthRpc("http://127.0.0.1:9") as rpc:
        rpc.set_retries(0, 0)
        with pytest.raises(z.NetworkError):
            sunset.network_state(rpc, addr(0xc0))
        with pytest.raises(z.InvalidAddressError):
            sunset.network_state(rpc, "0x12")
        with pytest.raises(z.NetworkError):
            sunset.pending_balances(rpc, addr(0xc0), addr(1), [z.wallet.ETH_TOKEN_ADDRESS])
        with pytest.raises(z.NetworkError):
            sunset.claims_check(rpc, addr(0xd0), [z.Claim(0, addr(1), addr(11), 10, [])])
        assert sunset.claims_check(rpc, addr(0xd0), []) == []
