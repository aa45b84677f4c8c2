"""zkSync cryptography through the binding: docs/crypto.md section 8 check values and bad input."""
from __future__ import annotations

import pytest

import libzksync as z
from conftest import unhex

MSG = bytes(range(10))
SEED1 = b"\x01" * 32
SK1 = unhex("048719008be0b1086f321ca51728eeb929b8f67ddc7d1c14253d259b841d2e31")
PUB1 = unhex("4cb4917e57a0aebdbe5286c9d966ac8333914207554463a7c9b3e2116d3bf9ad")
SIG1 = unhex("4cb4917e57a0aebdbe5286c9d966ac8333914207554463a7c9b3e2116d3bf9ad"
             "f49e6392835096e168ff7355aeb4d77aa37b492fe789291e6bafa7c5ff1f36a7"
             "61aa5e5761a281046677ec708d40121df14b4495f823bcca41fff00a7b4e3c02")


def test_version_and_sizes():
    # the loaded library exports every function of the header the bindings were generated from
    assert z.lib().missing == []
    assert set(z._ffi.FUNCTIONS) == set(z._ffi.PROTOTYPES)
    assert z.library_version() == z.__version__
    assert z.library_version_num() == z._ffi.ZKS_VERSION_NUM
    assert z.sizes() == z._sizes.HEADER_SIZES == {k: getattr(z._ffi, k) for k in z.sizes()}
    assert len(z.sizes()) >= 6
    assert "invalid" in z.strerror(z.Status.ERR_INVALID_KEY)
    assert z.strerror(9999) == "unknown error"


def test_seed_vectors():
    with z.ZkSigner.from_seed(SEED1) as s:
        assert s.private_key == SK1
        assert s.public_key == PUB1
        assert s.address == "sync:587515a8af938d0dc901eef162cf8145ee7c391b"
        assert s.sign(MSG) == SIG1
        assert s.sign(b"")[32:] == unhex(
            "644e45d37ea06612622ff532798520934ef13fdebc32ba845a0cd16eae8ccc07"
            "24236d5f03a4e18ba616476564cd62f9c8721ce0691eecc0536930935c9aa505")
        assert s.sign(b"\xab" * 92)[32:] == unhex(
            "0f43a95fb3ab5283315c78406793cc04ffd7d7fe7a43c155fbe6c3ec0fdc308b"
            "ccc74fe6bc9290183f904717c635d41a1f8170c37d0a86804874888d8cb2c004")
        assert s.verify(MSG, SIG1)
    assert z.private_key_from_seed(bytes(range(32))) == unhex(
        "0552a69519d1f3043611126c13489ff4a2a867a1c667b1d9d9031cd27fdcff5a")
    assert z.private_key_from_seed(bytes(32)) == unhex(
        "011f5b99084c5c2e2d5e63488e0f7168d599a5c01fe9fec4c99605743da5e85c")
    assert z.private_key_from_seed(bytes(65)) == unhex(
        "02062e206f456c5fea33b305ddb3b762991ce06519732e6f29496e210c8e46c7")


def test_seed2_and_small_keys():
    with z.ZkSigner.from_seed(bytes(range(32))) as s:
        assert s.public_key.hex() == "17f3708f5e2b2c39c640def0cf0010fd9dd9219650e389114ea9da47f5874184"
        assert s.address == "sync:4f3015a1d2b93239f9510d8bc2cf49376a78a08e"
        assert s.sign(MSG)[32:].hex() == (
            "e1c402a1eb0f77b8d39c6cd3d4ec0e6ec56a9851b84998a1818c0ecff99aaa2d"
            "38187f05bb5f2d8de244f11c8922b56feea39c100d2775e85f50189bc6976205")
    one = (1).to_bytes(32, "big")
    assert z.public_key(one).hex() == "b7946c9c0e5c4b987dd5f6f515c8327506e4684a642442783f5d78ea6711a085"
    assert z.pubkey_hash(z.public_key(one)).hex() == "c46cae4e8ae4b44edf1060b7907c6b570f6c1fc5"
    assert z.public_key((2).to_bytes(32, "big")).hex() == \
        "1c9c25b0502a1a38ee1147b3b51a58efab8e4b642eafbe5b2daa9b3296215e0f"
    ident = unhex("01" + "00" * 31)
    assert z.pubkey_hash(ident).hex() == "a4f90830929d60c32fdddccc83f2706ba9a8c644"
    assert z.pubkey_hash_to_text(unhex("c46cae4e8ae4b44edf1060b7907c6b570f6c1fc5")) == \
        "sync:c46cae4e8ae4b44edf1060b7907c6b570f6c1fc5"
    assert z.pubkey_hash_from_text("sync:C46CAE4E8AE4B44EDF1060B7907C6B570F6C1FC5").hex() == \
        "c46cae4e8ae4b44edf1060b7907c6b570f6c1fc5"


def test_hashes():
    assert z.rescue_hash(MSG).hex() == "5f8b2038522065430874627ca03baf422d495200798a22a366258cec97845306"
    empty = "b3ddd3eb9b627ea67bab8204d05cc6ecef62a78d91a6c1a8688195c70022e117"
    assert z.rescue_hash(b"").hex() == empty == z.rescue_hash(b"\0").hex() == z.rescue_hash(bytes(92)).hex()
    assert z.rescue_hash(b"\x01").hex() == "b8e084d42bf4e379e844979bd60eb8bf5e43892ef788aefaa1a240ec6a79591e"
    assert z.rescue_hash(b"\x80").hex() == "50c66c0d98970d60e9f7378f7d688a9dad17d5c9985d8ebe6ab9a31420d3ff02"
    assert z.rescue_hash(b"\xff" * 92).hex() == "bbdbd6dc81f8cef57b9f9570c1f006fca01bd34aa6f3d7bbe01b752fae1b0303"
    assert z.rescue_hash_orders(bytes(range(178))).hex() == \
        "f2efacde445c899003cd947bcde4b9f7a977cd12ae72ed6326903d6d064cd7"
    assert z.rescue_hash_orders(bytes(178)).hex() == "ba420fa046e4592752d61b68c29cc37e01fa95c64c5ffc1a2e9adfbab0f7a0"
    assert z.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert z.keccak256("0x616263") == z.keccak256(b"abc")


def test_verify_outcomes():
    assert z.verify_musig(MSG, SIG1)
    bad = bytearray(SIG1)
    bad[0] ^= 1  # another public key (or not a point)
    wrong_msg = z.verify_musig(MSG + b"x", SIG1)
    assert wrong_msg is False
    s_too_big = SIG1[:64] + b"\xff" * 32  # s >= r
    with pytest.raises(z.SignatureMalformedError) as ei:
        z.verify_musig(MSG, s_too_big)
    assert ei.value.status == z.Status.ERR_SIGNATURE_MALFORMED
    with pytest.raises(z.MsgTooLongError):
        z.verify_musig(b"\0" * 93, SIG1)


def test_bad_input_raises_typed_errors():
    with pytest.raises(z.InvalidKeyError) as ei:
        z.ZkSigner(bytes(32))
    e = ei.value
    assert isinstance(e, z.ZksError) and isinstance(e, ValueError)
    assert e.status == z.Status.ERR_INVALID_KEY and e.status == 4
    assert e.message == z.strerror(4) and e.server_code is None
    with pytest.raises(z.InvalidKeyError):
        z.ZkSigner(b"\xff" * 32)  # >= r
    with pytest.raises(z.InvalidKeyError):
        z.ZkSigner.from_seed(b"\x01" * 31)
    with pytest.raises(z.InvalidLengthError):
        z.ZkSigner(b"\x01" * 31)
    with pytest.raises(z.MsgTooLongError):
        z.ZkSigner(SK1).sign(bytes(93))
    with pytest.raises(z.InvalidLengthError):
        z.rescue_hash_orders(bytes(177))
    with pytest.raises(z.MsgTooLongError):
        z.rescue_hash(bytes(93))
    with pytest.raises(z.InvalidPointError):
        z.pubkey_hash(b"\xff" * 32)
    with pytest.raises(z.InvalidAddressError):
        z.pubkey_hash_from_text("0x" + "00" * 20)
    with pytest.raises(TypeError):
        z.ZkSigner(12345)
    with pytest.raises(z.InvalidArgumentError):
        z.keccak256("0xzz")


def test_close_wipes_and_blocks_use():
    s = z.ZkSigner(SK1)
    buf = s._key
    with s:
        assert s.sign(MSG) == SIG1
    assert s.closed and buf.raw == bytes(32)
    with pytest.raises(ValueError):
        s.sign(MSG)
    with pytest.raises(ValueError):
        _ = s.private_key
    s.close()  # idempotent


def test_exceptions_pickle_and_str():
    import pickle
    e = z.error_class(22)(22, "rpc error", server_code=105, detail="fee token")
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is z.RpcError and e2.server_code == 105 and e2.detail == "fee token"
    assert "server code 105" in str(e2) and "ERR_RPC" in str(e2)
    assert z.error_class(12345) is z.ZksError
    for st in z.Status:
        if st:
            assert z.error_class(st).STATUS == st
