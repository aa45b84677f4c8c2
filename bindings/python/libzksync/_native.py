"""Loading libzksync and calling it: the layer between _ffi (generated) and the API.

Load order (the first that works wins):
  1. $ZKSYNC_LIB: a path to the shared library (or a bare soname).
  2. pkg-config: `pkg-config --variable=libdir libzksync`/libzksync.so.0.
  3. The standard search path: ctypes.util.find_library("zksync"), then "libzksync.so.0".
  4. The build tree of a source checkout: <repo>/build/libzksync.so.0.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import threading
import weakref
from pathlib import Path
from typing import Any, Callable, List, Optional, Sequence, Union

from . import _ffi
from .errors import ZksError, error_class

BytesLike = Union[bytes, bytearray, memoryview]

SONAME = "libzksync.so.0"
if sys.platform == "darwin":
    SONAME = "libzksync.0.dylib"
elif sys.platform == "win32":
    SONAME = "zksync.dll"


class LibraryNotFoundError(ImportError):
    """The shared library could not be loaded (see the load rules in the module doc)."""


def _candidates() -> List[str]:
    out: List[str] = []
    env = os.environ.get("ZKSYNC_LIB")
    if env:
        return [env]  # an explicit choice is never silently replaced
    if shutil.which("pkg-config"):
        try:
            libdir = subprocess.run(["pkg-config", "--variable=libdir", "libzksync"], capture_output=True,
                                    text=True, timeout=10).stdout.strip()
            if libdir:
                out.append(os.path.join(libdir, SONAME))
        except (OSError, subprocess.SubprocessError):
            pass
    found = ctypes.util.find_library("zksync")
    if found:
        out.append(found)
    out.append(SONAME)
    here = Path(__file__).resolve()
    for up in here.parents[1:5]:
        cand = up / "build" / SONAME
        if cand.exists():
            out.append(str(cand))
            break
    return out


def _load() -> ctypes.CDLL:
    tried = []
    for cand in _candidates():
        try:
            return ctypes.CDLL(cand)
        except OSError as e:
            tried.append(f"{cand}: {e}")
    raise LibraryNotFoundError("libzksync not found; set ZKSYNC_LIB to the path of " + SONAME +
                               ". Tried:\n  " + "\n  ".join(tried))


class _Missing:
    """Stands for a function the loaded library does not export (older library)."""

    def __init__(self, name: str, path: str) -> None:
        self.name = name
        self.path = path

    def __call__(self, *args: Any) -> Any:
        raise error_class(_ffi.ZKS_ERR_UNSUPPORTED)(
            _ffi.ZKS_ERR_UNSUPPORTED, f"{self.name} is not in the loaded library {self.path}",
            detail=_ffi.PROTOTYPES.get(self.name))


class _Lib:
    """Every ZKS_API function as an attribute, typed from _ffi.FUNCTIONS."""

    def __init__(self) -> None:
        self._cdll = _load()
        self.path: str = getattr(self._cdll, "_name", "?")
        self.missing: List[str] = []
        for name, (restype, argtypes, _names, _doc) in _ffi.FUNCTIONS.items():
            try:
                fn = getattr(self._cdll, name)
            except AttributeError:
                self.missing.append(name)
                setattr(self, name, _Missing(name, self.path))
                continue
            fn.restype = restype
            fn.argtypes = argtypes
            setattr(self, name, fn)
        major = (self.zks_version_num() >> 16) & 0xFF if "zks_version_num" not in self.missing else -1
        if major != _ffi.ZKS_VERSION_MAJOR:
            raise LibraryNotFoundError(f"{self.path} is libzksync major version {major}; these bindings need "
                                       f"{_ffi.ZKS_VERSION_MAJOR}.x")

    def __getattr__(self, name: str) -> Any:  # only called for names not set above
        raise AttributeError(f"libzksync has no function {name} (not in include/zksync.h)")


_lib: Optional[_Lib] = None
_lock = threading.Lock()


def lib() -> _Lib:
    """The loaded library (loaded on first use)."""
    global _lib
    if _lib is None:
        with _lock:
            if _lib is None:
                _lib = _Lib()
    return _lib


# --------------------------------------------------------------------------- errors


def raise_status(status: int, detail: Optional[str] = None, server_code: Optional[int] = None,
                 message: Optional[str] = None) -> None:
    if message is None:
        message = lib().zks_strerror(status).decode("utf-8", "replace")
    raise error_class(status)(status, message, server_code, detail)


def check(status: int, fn: str = "") -> None:
    """Raises the ZksError subclass of a non-zero status."""
    if status != 0:
        raise_status(status, detail=fn or None)


# --------------------------------------------------------------------------- buffers


def as_bytes(value: Any, name: str, size: Optional[int] = None) -> bytes:
    """bytes, bytearray, memoryview or a "0x" hex string -> bytes (checked length)."""
    if isinstance(value, str):
        s = value[2:] if value[:2] in ("0x", "0X") else value
        try:
            b = bytes.fromhex(s)
        except ValueError:
            raise error_class(_ffi.ZKS_ERR_INVALID_ARG)(_ffi.ZKS_ERR_INVALID_ARG,
                                                        f"{name}: not hex", detail=name) from None
    elif isinstance(value, (bytes, bytearray, memoryview)):
        b = bytes(value)
    else:
        raise TypeError(f"{name} must be bytes or a hex string, not {type(value).__name__}")
    if size is not None and len(b) != size:
        raise error_class(_ffi.ZKS_ERR_INVALID_LENGTH)(
            _ffi.ZKS_ERR_INVALID_LENGTH, f"{name} must be {size} bytes, got {len(b)}", detail=name)
    return b


def _secret_view(value: Any, name: str) -> Any:
    """A zero-copy byte view of a bytes-like secret, or a wipeable bytearray for hex text
    (the caller wipes what this returns when it is a bytearray it made)."""
    if isinstance(value, (bytearray, memoryview, bytes, ctypes.Array)):
        return memoryview(value).cast("B"), False
    if isinstance(value, str):
        s = value[2:] if value[:2] in ("0x", "0X") else value
        try:
            return bytearray.fromhex(s), True
        except ValueError:
            raise error_class(_ffi.ZKS_ERR_INVALID_ARG)(_ffi.ZKS_ERR_INVALID_ARG,
                                                        f"{name}: not hex", detail=name) from None
    raise TypeError(f"{name} must be bytes, bytearray, memoryview or a hex string, not {type(value).__name__}")


def _copy_into(dst: Any, src: Any, n: int) -> None:
    """memmove from a bytes-like src without a temporary copy where src is writable."""
    if n == 0:
        return
    if isinstance(src, memoryview) and src.readonly:
        ctypes.memmove(dst, src.obj if isinstance(src.obj, bytes) and len(src.obj) == n else src.tobytes(), n)
    else:
        ctypes.memmove(dst, (ctypes.c_char * n).from_buffer(src), n)


def secret_buffer(value: Any, name: str, size: Optional[int] = None) -> "ctypes.Array[ctypes.c_char]":
    """A ctypes buffer holding a copy of a secret (release it with wipe()).

    bytearray / memoryview / ctypes arrays are copied straight into the buffer, so no
    immutable copy is made on the way and the caller can wipe its own buffer afterwards;
    a hex str is decoded into a temporary bytearray that is wiped here. bytes and str are
    immutable: their copy of the secret cannot be wiped by anyone (docs/python.md)."""
    view, made = _secret_view(value, name)
    try:
        n = view.nbytes if isinstance(view, memoryview) else len(view)
        if size is not None and n != size:
            raise error_class(_ffi.ZKS_ERR_INVALID_LENGTH)(
                _ffi.ZKS_ERR_INVALID_LENGTH, f"{name} must be {size} bytes, got {n}", detail=name)
        buf = (ctypes.c_char * max(1, n))()
        _copy_into(buf, view, n)
        return buf
    finally:
        if made:
            wipe(view)


def _secret_len(value: Any, buf: Any) -> int:
    """The length of the secret secret_buffer(value) copied into buf (the buffer has at least 1 byte)."""
    if isinstance(value, str):
        s = value[2:] if value[:2] in ("0x", "0X") else value
        return len(s) // 2
    return memoryview(value).nbytes


def secret_text(value: Any, name: str) -> "ctypes.Array[ctypes.c_char]":
    """A NUL-terminated ctypes copy of a secret text (mnemonic, passphrase); wipe() it after
    the call. A bytearray / memoryview of UTF-8 is copied without an immutable copy; a str
    has to be encoded first, and that bytes object cannot be wiped."""
    if isinstance(value, str):
        raw: Any = bytearray(value.encode("utf-8"))
    elif isinstance(value, (bytes, bytearray, memoryview)):
        raw = memoryview(value).cast("B")
    else:
        raise TypeError(f"{name} must be str or a bytes-like object, not {type(value).__name__}")
    try:
        n = len(raw) if isinstance(raw, bytearray) else raw.nbytes
        buf = (ctypes.c_char * (n + 1))()
        for i in range(n):
            if raw[i] == 0:
                raise error_class(_ffi.ZKS_ERR_INVALID_ARG)(_ffi.ZKS_ERR_INVALID_ARG, f"{name} contains NUL",
                                                            detail=name)
        _copy_into(buf, raw, n)
        return buf
    finally:
        if isinstance(raw, bytearray):
            wipe(raw)


def wipe(buf: Any) -> None:
    """Zeroes a ctypes buffer (or a bytearray) with zks_memzero."""
    if buf is None:
        return
    if isinstance(buf, bytearray):
        if buf:
            c = (ctypes.c_char * len(buf)).from_buffer(buf)
            lib().zks_memzero(c, len(buf))
        return
    lib().zks_memzero(buf, ctypes.sizeof(buf))


def out_buffer(size: int) -> "ctypes.Array[ctypes.c_char]":
    return ctypes.create_string_buffer(size)


def text_arg(value: Any, name: str) -> bytes:
    """str/bytes -> NUL-free UTF-8 bytes for a `const char *` argument."""
    if isinstance(value, str):
        b = value.encode("utf-8")
    elif isinstance(value, (bytes, bytearray)):
        b = bytes(value)
    else:
        raise TypeError(f"{name} must be str, not {type(value).__name__}")
    if b"\0" in b:
        raise error_class(_ffi.ZKS_ERR_INVALID_ARG)(_ffi.ZKS_ERR_INVALID_ARG, f"{name} contains NUL",
                                                    detail=name)
    return b


def amount_arg(value: Any, name: str = "amount") -> bytes:
    """An amount (int >= 0, or a decimal string of base units) -> ASCII bytes."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int or a decimal string, not bool")
    if isinstance(value, int):
        if value < 0:
            raise error_class(_ffi.ZKS_ERR_INVALID_AMOUNT)(_ffi.ZKS_ERR_INVALID_AMOUNT,
                                                           f"{name} is negative", detail=name)
        return str(value).encode()
    if isinstance(value, (str, bytes)):
        return text_arg(value, name)
    raise TypeError(f"{name} must be an int or a decimal string, not {type(value).__name__}")


def c_text(value: Any) -> str:
    """Text from C (bytes, a ctypes char array, None): UTF-8 with invalid sequences replaced
    by U+FFFD. Every string that may come from a server goes through here, so a hostile
    byte sequence ends as text, never as a UnicodeDecodeError."""
    if value is None:
        return ""
    if isinstance(value, ctypes.Array):
        value = value.value
    return bytes(value).decode("utf-8", "replace")


def take_string(ptr: Optional[int]) -> str:
    """Copies a library-allocated C string and releases it with zks_free."""
    if not ptr:
        return ""
    try:
        return c_text(ctypes.string_at(ptr))
    finally:
        lib().zks_free(ptr)


# --------------------------------------------------------------------------- objects


class NativeObject:
    """Base of every object that owns native memory or a secret.

    close() releases (and wipes) it; it is idempotent, called by __exit__ and,
    as a safety net, by __del__. Using a closed object raises ValueError.
    """

    _closed: bool = True

    def _release(self) -> None:  # subclasses free their handle / wipe their buffers
        pass

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._release()

    @property
    def closed(self) -> bool:
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(f"{type(self).__name__} is closed")

    def __enter__(self):  # type: ignore[no-untyped-def]
        self._check_open()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone
            pass


class HandleObject(NativeObject):
    """A NativeObject around a library-allocated handle freed by a zks_*_free function
    (free None: the handle is owned by another object).

    An object that borrows others (a wallet borrows its provider) keeps them alive, and
    closing a borrowed object first closes its borrowers, so no handle is used after free."""

    def __init__(self, handle: ctypes.c_void_p, free: Optional[Callable[[Any], None]],
                 borrows: Sequence["HandleObject"] = ()) -> None:
        self._handle = handle
        self._free = free
        self._borrowed = [b for b in borrows if b is not None]
        self._borrowers: "weakref.WeakSet[HandleObject]" = weakref.WeakSet()
        for b in self._borrowed:
            b._check_open()
            b._borrowers.add(self)
        self._closed = False

    @property
    def handle(self) -> ctypes.c_void_p:
        self._check_open()
        return self._handle

    def _release(self) -> None:
        for b in list(getattr(self, "_borrowers", ())):
            b.close()
        h, self._handle = self._handle, ctypes.c_void_p()
        if h and self._free is not None:
            self._free(h)
