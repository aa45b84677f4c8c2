"""Binding hardening (issue 13 items 7/8): server text that is not valid UTF-8 ends as
text or as a ZksError, never as UnicodeDecodeError; secrets given as bytearray /
memoryview are copied without an immutable copy and every temporary copy the binding
makes is wiped."""
from __future__ import annotations

import ctypes

import pytest

import libzksync as z
from libzksync import _native

from conftest import RawResult

BAD = b"caf\xc3 \xff\xfe\x80 end"  # a cut sequence, bytes never valid in UTF-8, a lone continuation


def _no_decode_error(fn):
    """fn's result, or the ZksError it raised; a UnicodeDecodeError fails the test."""
    try:
        return fn()
    except UnicodeDecodeError as e:  # the bug: must never reach the caller
        pytest.fail(f"UnicodeDecodeError leaked: {e}")
    except z.ZksError as e:
        return e


def test_invalid_utf8_from_the_server(mock_rpc):
    mock_rpc.handlers.update({
        "get_zksync_version": lambda p: RawResult(b'"result":"' + BAD + b'"'),
        "some_method": lambda p: RawResult(b'"result":{"text":"' + BAD + b'"}'),
        "tx_info": lambda p: RawResult(b'"result":{"executed":true,"success":false,"failReason":"' + BAD +
                                       b'","block":null}'),
        "account_info": lambda p: RawResult(b'"error":{"code":-32000,"message":"' + BAD + b'"}'),
    })
    with z.Provider(mock_rpc.url, timeout_ms=5000, retries=0) as p:
        outcomes = [
            _no_decode_error(p.get_zksync_version),
            _no_decode_error(lambda: p.call("some_method", [])),
            _no_decode_error(lambda: p.tx_info("sync-tx:" + "ab" * 32)),
            _no_decode_error(lambda: p.account_info("0x" + "11" * 20)),
        ]
        for o in outcomes:
            text = str(o)  # printable whatever it is
            assert "\udcff" not in text
        err = outcomes[3]
        assert isinstance(err, z.ZksError)
        _no_decode_error(p.last_error)
        _no_decode_error(p.last_error_data)
    # the one helper every C string goes through
    assert _native.c_text(b"ok \xff") == "ok \ufffd"
    assert _native.c_text(None) == ""
    assert _native.c_text((ctypes.c_char * 4)(b"a", b"\xff")) == "a\ufffd"


KEY = bytes.fromhex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
MNEMONIC = "test test test test test test test test test test test junk"


def test_keys_as_mutable_buffers():
    addr = z.EthSigner(KEY).address
    for form in (bytearray(KEY), memoryview(bytearray(KEY)), memoryview(KEY), "0x" + KEY.hex(), KEY):
        with z.EthSigner(form) as s:
            assert s.address == addr
    buf = bytearray(KEY)
    with z.EthSigner(buf) as s:
        buf[:] = bytes(32)
        assert s.address == addr
        key = s._key
    assert bytes(key) == bytes(len(key))  # close() wiped the binding's copy
    with pytest.raises(z.InvalidLengthError):
        z.EthSigner(bytearray(31))
    with pytest.raises(TypeError):
        z.EthSigner(12345)


def _spy_wipe(monkeypatch, module):
    """Records every buffer module.wipe() zeroes (after zeroing it)."""
    wiped = []
    real = module.wipe

    def spy(buf):
        real(buf)
        wiped.append(buf)

    monkeypatch.setattr(module, "wipe", spy)
    return wiped


def test_temporary_copies_are_wiped(monkeypatch):
    wiped = _spy_wipe(monkeypatch, _native)
    # a hex key: the decoded temporary bytearray is wiped inside secret_buffer
    b = _native.secret_buffer("0x" + KEY.hex(), "k", 32)
    assert bytes(b) == KEY
    assert any(isinstance(w, bytearray) and len(w) == 32 and not any(w) for w in wiped)
    # a str mnemonic: its encoded bytearray copy is wiped inside secret_text
    wiped.clear()
    t = _native.secret_text(MNEMONIC, "mnemonic")
    assert t.value == MNEMONIC.encode()
    assert any(isinstance(w, bytearray) and len(w) == len(MNEMONIC) and not any(w) for w in wiped)
    with pytest.raises(z.InvalidArgumentError):
        _native.secret_text("a\0b", "mnemonic")


def test_mnemonic_buffers_are_wiped(monkeypatch):
    from libzksync import eth
    seen = _spy_wipe(monkeypatch, eth)
    seed = z.mnemonic_to_seed(MNEMONIC, "pw")
    assert z.mnemonic_to_seed(bytearray(MNEMONIC.encode()), bytearray(b"pw")) == seed
    assert z.mnemonic_to_seed(memoryview(MNEMONIC.encode()), "pw") == seed
    texts = [w for w in seen if isinstance(w, ctypes.Array) and len(w) == len(MNEMONIC) + 1]
    assert len(texts) == 3 and all(bytes(w) == bytes(len(w)) for w in texts)
    with eth.EthSigner.from_mnemonic(bytearray(MNEMONIC.encode())) as s:
        assert s.address.lower() == "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
