"""Ethereum keys through the binding: spec sample keys (crypto.md 8.3-8.5) and bad input."""
from __future__ import annotations

import pytest

import libzksync as z
from conftest import unhex

ETH1 = b"\x01" * 32
ADDR1 = "0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1"
LOGIN1 = "Access zkSync account.\n\nOnly sign this message for a trusted client!"
SIG_CHAIN1 = unhex("18ffe9d51f0c3aaab26fb8acbf8370242f27ee6b89944780cd547019fee9bb7e"
                   "431cfbacb6ff6adcd4283eac9632e644ed7f4c08b887fd603dd563c0bde36da51c")


def test_eth_signer_chain1():
    with z.EthSigner(ETH1) as e:
        assert e.address == ADDR1
        assert e.address_bytes == z.parse_address(ADDR1)
        assert z.login_message(1) == LOGIN1
        sig = e.sign_message(LOGIN1)
        assert sig == SIG_CHAIN1
        assert z.recover_address(LOGIN1, sig) == ADDR1
        with e.zk_signer(1) as s:
            assert s.private_key.hex() == "042ceda2335a81681bf7bf2ad62962408ea93432425b7778c497e7da18472922"
            assert s.public_key.hex() == "327329d5345e85f51ba913f5ef052393be51294fbe8cd13c7603c8b5a0af1323"
            assert s.address == "sync:99121ab1f147434b18406cd173113ad3035bf760"
            assert s.sign(bytes(range(10)))[32:].hex() == (
                "c023c20f3e6d91d665101f4b4ead8bf21f119ef6d32cbefe0bf7715680e948a4"
                "c36f1dee9694a505e838a4fa1c46544d1836740a297c580a8037a9f8c8940b00")
    with z.ZkSigner.from_eth_signature(SIG_CHAIN1) as s:
        assert s.address == "sync:99121ab1f147434b18406cd173113ad3035bf760"


@pytest.mark.parametrize("chain,sig,sk,h", [
    (9, "a78bc56467e82a33b7e79661ca8f2f694c167c7e0fc81d13e111cf738396a3f7"
        "687b74244bbe3275ea858a8e4e3b90d0ebdb836a5707a75cca87ef9a593f2f351b",
     "052ffd2a7a52fe604a8df567e4775de087192f7a00c97bd395c565449395be5f",
     "sync:12097b8af3cefde1596cbe5c151e143ccadabb1a"),
    (5, "f39c2ab8174a8546cc6eb5fb1d76390c36d3620b3cf1cb8e571cfefaec1581d2"
        "747d0d01b52371b91f2765825886881afb9e06facc8fea70fa3a4cb62d6d572a1b",
     "05d26020e1360816209727b7b3cd4282963a899c22bed998d017d1f08ab5ccd5",
     "sync:e53e076f6a5ee6a2d9b97790878ff4c727ab7fdd"),
], ids=["chain9", "chain5"])
def test_other_chains(chain, sig, sk, h):
    assert z.login_message(chain) == LOGIN1 + f"\nChain ID: {chain}."
    with z.EthSigner(ETH1) as e:
        assert e.sign_message(z.login_message(chain)).hex() == sig
        with e.zk_signer(chain) as s:
            assert s.private_key.hex() == sk and s.address == h
    with z.ZkSigner.from_eth_private_key(ETH1, chain) as s:
        assert s.address == h


def test_sample_keys(sample):
    k = sample["keys"]
    with z.EthSigner(k["ethPrivateKey"]) as e:
        assert e.address == k["ethAddress"]
        assert "0x" + e.sign_message(k["seedMessage"]).hex() == k["seedEthSignature"]
        with e.zk_signer(sample["chainId"]) as s:
            assert "0x" + s.private_key.hex() == k["zkPrivateKey"]
            assert "0x" + s.public_key.hex() == k["zkPubKey"]
            assert s.address == k["pubKeyHash"]
    a2 = k["account2"]
    with z.EthSigner(unhex(a2["ethPrivateKey"])) as e:
        assert e.address == a2["ethAddress"]
        with e.zk_signer() as s:
            assert s.address == a2["pubKeyHash"]


def test_addresses():
    assert z.to_checksum_address(ADDR1.lower()) == ADDR1
    assert z.to_checksum_address("0x" + ADDR1[2:].upper()) == ADDR1
    assert z.to_checksum_address(z.parse_address(ADDR1)) == ADDR1
    with pytest.raises(z.ChecksumError) as ei:
        z.parse_address(ADDR1[:-1] + "f")
    assert ei.value.status == z.Status.ERR_CHECKSUM and isinstance(ei.value, ValueError)
    for bad in ("1a642f0e3c3af545e7acbd38b07251b3990914f1", "0x1234", "0x" + "g" * 40, ADDR1 + "00", ""):
        with pytest.raises(z.InvalidAddressError):
            z.parse_address(bad)
    with pytest.raises(z.InvalidArgumentError):
        z.parse_address("0x00\0")


def test_eth_bad_input():
    with pytest.raises(z.InvalidKeyError):
        z.EthSigner(bytes(32))
    with pytest.raises(z.InvalidKeyError):
        z.EthSigner(b"\xff" * 32)  # >= n
    with pytest.raises(z.InvalidLengthError):
        z.EthSigner(b"\x01" * 33)
    with pytest.raises(z.InvalidArgumentError):
        z.ZkSigner.from_eth_private_key(ETH1, 0)
    with pytest.raises(z.SignatureMalformedError):
        z.ZkSigner.from_eth_signature(SIG_CHAIN1[:64] + b"\x05")
    with pytest.raises(z.SignatureMalformedError):
        z.recover_address(b"x", SIG_CHAIN1[:64] + b"\x05")
    with pytest.raises(z.InvalidLengthError):
        z.recover_address(b"x", SIG_CHAIN1[:64])
    e = z.EthSigner(ETH1)
    key = e._key
    e.close()
    assert key.raw == bytes(32)
    with pytest.raises(ValueError):
        e.sign_message(b"x")


HARDHAT = "test test test test test test test test test test test junk"


def test_bip39_vectors():
    from conftest import load_vectors
    v = load_vectors("bip39_vectors.json")
    if v is None:
        pytest.skip("tests/vectors/bip39_vectors.json not present")
    pw = v["passphrase"]
    for entropy, words, seed, _xprv in v["english"]:
        assert z.entropy_to_mnemonic(unhex(entropy)) == words
        assert z.mnemonic_to_entropy(words).hex() == entropy
        assert z.mnemonic_to_seed(words, pw).hex() == seed
        assert z.is_valid_mnemonic(words)


def _b58_xprv_key(xprv: str) -> bytes:
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    n = 0
    for c in xprv:
        n = n * 58 + alphabet.index(c)
    raw = n.to_bytes(82, "big")  # 78 bytes + 4 checksum
    assert raw[45] == 0
    return raw[46:78]


def test_bip32_vectors():
    from conftest import load_vectors
    v = load_vectors("bip32_vectors.json")
    if v is None:
        pytest.skip("tests/vectors/bip32_vectors.json not present")
    n = 0
    for vec in v["vectors"]:
        for path, _xpub, xprv in vec["chains"]:
            with z.EthSigner.from_seed(unhex(vec["seed"]), path) as e:
                assert e.private_key == _b58_xprv_key(xprv), path
                n += 1
    assert n > 5


def test_mnemonic_keys_and_errors():
    with z.EthSigner.from_mnemonic(HARDHAT) as e:
        assert e.private_key.hex() == "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
        assert e.address == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    with z.EthSigner.from_mnemonic(HARDHAT, path="m/44'/60'/0'/0/1") as e:
        assert e.address == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    seed = z.mnemonic_to_seed(HARDHAT)
    assert z.eth_private_key_from_seed(seed).hex() == \
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    m = z.generate_mnemonic(24)
    assert len(m.split()) == 24 and z.is_valid_mnemonic(m)
    assert not z.is_valid_mnemonic("abandon " * 11 + "abandon")
    with pytest.raises(z.ChecksumError):
        z.validate_mnemonic("abandon " * 11 + "abandon")
    with pytest.raises(z.InvalidMnemonicError):
        z.validate_mnemonic("abandon " * 11 + "notaword")
    with pytest.raises(z.InvalidMnemonicError):
        z.mnemonic_to_entropy("abandon abandon")
    with pytest.raises(z.InvalidArgumentError):
        z.generate_mnemonic(13)
    with pytest.raises(z.InvalidLengthError):
        z.entropy_to_mnemonic(bytes(15))
    with pytest.raises(z.InvalidPathError):
        z.EthSigner.from_mnemonic(HARDHAT, path="m/x")
    with pytest.raises(z.InvalidLengthError):
        z.EthSigner.from_seed(bytes(15))
