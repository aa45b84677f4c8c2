"""The load rules of libzksync._native (ZKSYNC_LIB, pkg-config, search path, build tree),
checked in fresh interpreters."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PKG = str(Path(__file__).resolve().parents[1])
PROBE = "import libzksync as z; print(z.library_path()); print(z.library_version())"


def _run(env_changes):
    env = {k: v for k, v in os.environ.items() if k not in ("ZKSYNC_LIB", "PKG_CONFIG_PATH")}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    env["PYTHONPATH"] = PKG
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)


def test_explicit_path_wins_and_is_not_replaced():
    r = _run({"ZKSYNC_LIB": "/nonexistent/libzksync.so.0"})
    assert r.returncode != 0
    assert "LibraryNotFoundError" in r.stderr and "/nonexistent/libzksync.so.0" in r.stderr


def test_pkg_config_rule():
    lib = os.environ.get("ZKSYNC_LIB")
    if not lib:
        pytest.skip("ZKSYNC_LIB not set by the suite")
    pcdir = Path(lib).parent / "bindings" / "pkgconfig"
    if not (pcdir / "libzksync.pc").exists():
        pytest.skip(f"{pcdir}/libzksync.pc not written (make bindings)")
    r = _run({"PKG_CONFIG_PATH": str(pcdir)})
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.splitlines()[0]).resolve() == Path(lib).resolve()


def test_some_library_is_found_without_configuration():
    r = _run({})
    # an installed library, or the checkout's build/ tree
    if r.returncode != 0 and not (Path(PKG).parents[1] / "build" / "libzksync.so.0").exists():
        pytest.skip("no installed library and no build/ tree (a private B= build)")
    assert r.returncode == 0, r.stderr
    # the header's version, as the generator wrote it into _ffi.py (not imported here: fresh interpreters only)
    ffi = (Path(PKG) / "libzksync" / "_ffi.py").read_text()
    assert r.stdout.splitlines()[1] == re.search(r'^ZKS_VERSION_STRING = "(.*)"$', ffi, re.M).group(1)
