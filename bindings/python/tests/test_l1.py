"""Ethereum L1 transactions and ABI through the binding: the EIP-155 example, EIP-1559
round trips, tests/vectors/eth.json when present, and bad input."""
from __future__ import annotations

import pytest

import libzksync as z
from conftest import load_vectors

EIP155_TX = {"type": 0, "chain_id": 1, "nonce": 9, "gas_price": 20 * 10 ** 9, "gas_limit": 21000,
             "to": "0x3535353535353535353535353535353535353535", "value": 10 ** 18}
EIP155_KEY = b"\x46" * 32
EIP155_HASH = "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"
EIP155_RAW = ("f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd9"
              "39bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b"
              "297fb1966a3b6d83")
EIP155_FROM = "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"


def test_eip155_example():
    assert z.eth_tx_signing_hash(EIP155_TX).hex() == EIP155_HASH
    with z.EthSigner(EIP155_KEY) as e:
        assert e.address == EIP155_FROM
        s = e.sign_transaction(EIP155_TX)
    assert s.raw.hex() == EIP155_RAW
    assert s.hash == z.keccak256(s.raw)
    d = z.decode_eth_tx(s.raw)
    assert d["from"] == EIP155_FROM and d["hash"] == s.hash
    for k in ("type", "chain_id", "nonce", "gas_price", "gas_limit", "to", "value"):
        assert d[k] == EIP155_TX[k], k
    assert d["data"] == b"" and d["max_fee_per_gas"] is None


def test_eip1559_roundtrip_and_external_signature():
    tx = {"chain_id": 5, "nonce": 3, "max_priority_fee_per_gas": "1500000000", "max_fee_per_gas": 30 * 10 ** 9,
          "gas_limit": 100000, "to": "0x3535353535353535353535353535353535353535", "value": 0,
          "data": z.abi_encode_call("transfer(address,uint256)", "0x3535353535353535353535353535353535353535", 7)}
    with z.EthSigner(EIP155_KEY) as e:
        s = e.sign_transaction(tx)
    assert s.raw[0] == 2
    d = z.decode_eth_tx(s.raw)
    assert d["type"] == 2 and d["chain_id"] == 5 and d["max_priority_fee_per_gas"] == 1500000000
    assert d["data"] == tx["data"] and d["from"] == EIP155_FROM and d["gas_price"] is None
    # contract creation: no "to"
    c = z.decode_eth_tx(z.EthSigner(EIP155_KEY).sign_transaction(dict(tx, to=None, data=b"\x60\x00")).raw)
    assert c["to"] is None and c["data"] == b"\x60\x00"
    # an external signer signs eth_tx_signing_hash(tx); a bad v is refused
    assert len(z.eth_tx_signing_hash(tx)) == 32
    with pytest.raises(z.SignatureMalformedError):
        z.eth_tx_encode_signed(tx, b"\x00" * 64 + b"\x05")


def test_abi_and_priority_request():
    a = "0x3535353535353535353535353535353535353535"
    assert z.abi_encode_call("transfer(address,uint256)", a, 1).hex() == (
        "a9059cbb" + "00" * 12 + "35" * 20 + "00" * 31 + "01")
    assert z.abi_encode_call("f(bool,bytes)", True, b"\xab")[:4 + 32].hex().endswith("00" * 31 + "01")
    data = z.abi_encode_call("f(address,uint64,uint8,bytes,uint256)", a, 7, 1, b"\x01\x02\x03", 100)[4:]
    r = z.decode_new_priority_request(data)
    assert r == {"sender": a, "serial_id": 7, "op_type": 1, "pubdata": b"\x01\x02\x03", "expiration_block": 100}
    assert z.eth.NEW_PRIORITY_REQUEST_TOPIC.startswith("0xd0943372")
    with pytest.raises(z.ParseError):
        z.decode_new_priority_request(data[:40])
    with pytest.raises(z.InvalidArgumentError):
        z.abi_encode_call("transfer(address,uint256)", a)
    with pytest.raises(z.InvalidAmountError):
        z.abi_encode_call("f(uint8)", 256)
    with pytest.raises(z.ChecksumError):
        z.abi_encode_call("f(address)", "0x1A642f0E3c3aF545E7AcBD38b07251B3990914F1")


def test_l1_bad_input():
    with pytest.raises(z.InvalidTxError):
        z.eth_tx_signing_hash(dict(EIP155_TX, chain_id=0))
    with pytest.raises(z.InvalidAmountError):
        z.eth_tx_signing_hash(dict(EIP155_TX, value="1.5"))
    with pytest.raises(z.UnsupportedError):
        z.eth_tx_signing_hash(dict(EIP155_TX, type=1))
    with pytest.raises(z.InvalidArgumentError):
        z.eth_tx_signing_hash(dict(EIP155_TX, gasPrice=1))
    with pytest.raises(z.ParseError):
        z.decode_eth_tx(bytes.fromhex(EIP155_RAW)[:-1])
    with pytest.raises(z.ParseError):
        z.decode_eth_tx(bytes.fromhex(EIP155_RAW) + b"\x00")


def test_committed_eth_vectors():
    v = load_vectors("eth.json")
    if v is None:
        pytest.skip("tests/vectors/eth.json not present yet")
    assert v
