#!/usr/bin/env python3
"""One source of truth: include/zksync.h and the Python/Go bindings cannot drift.

Checks (each one counts as a test; prints "CHECKS <passed> <failed>" last):
  1. the generated files (tools/gen_bindings.py) are up to date with the header;
  2. every ZKS_API function is called by the Python API (`.zks_name(` in
     bindings/python/libzksync/*.py other than the generated _ffi.py) or is listed
     in bindings/UNBOUND.txt for python;
  3. the same for Go (`C.zks_name(` in bindings/go/zksync/*.go, tests excluded);
  4. bindings/UNBOUND.txt names only declared functions, each with a reason, and
     none that is in fact bound (stale entries fail);
  5. every zks_status has a Python exception class and a Go sentinel (by construction
     of the generator, checked anyway).

UNBOUND.txt lines: `zks_name  python|go|both  reason...`; '#' starts a comment.
Exit status 0 when everything passes.
"""
from __future__ import annotations

import glob
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import gen_bindings  # noqa: E402

passed = 0
failed = 0


def result(ok: bool, what: str, detail: str = "") -> None:
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}" + (f"\n     {detail}" if detail else ""))


def _semantic(path: str, text: str) -> list[str]:
    """A generated file without what only mirrors comments: the header hash and the
    doc strings copied from the header. A doc-only edit of zksync.h is not drift."""
    out = []
    for ln in text.splitlines():
        if "sha256" in ln.lower():
            continue
        if path.endswith("_ffi.py") and (ln.startswith("        '") or ln.startswith('        "')):
            continue  # the doc string of a FUNCTIONS entry
        out.append(ln)
    return out


def read_unbound(path: str) -> dict[str, tuple[set[str], str]]:
    out: dict[str, tuple[set[str], str]] = {}
    if not os.path.exists(path):
        return out
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 2)
        langs = {"python", "go"} if len(parts) > 1 and parts[1] == "both" else {parts[1]} if len(parts) > 1 else set()
        reason = parts[2].strip() if len(parts) > 2 else ""
        out[parts[0]] = (langs, reason)
        if not reason or not langs <= {"python", "go"} or not langs:
            out[parts[0]] = (set(), f"line {n}: need 'zks_name python|go|both reason'")
    return out


def main() -> int:
    header = os.path.join(ROOT, "include", "zksync.h")
    try:
        hdr = gen_bindings.parse_header(header)
        outs = gen_bindings.generate(ROOT, "include/zksync.h")
    except gen_bindings.GenError as e:
        result(False, "header parses", str(e))
        print(f"CHECKS {passed} {failed}")
        return 1
    # the plain grep the ABI check uses must agree with the parser
    grep = set(re.findall(r"\b(zks_[a-z0-9_]+)\(", "\n".join(
        ln for ln in open(header, encoding="utf-8") if ln.startswith("ZKS_API"))))
    declared = [f.name for f in hdr.funcs]
    result(set(declared) == grep, f"generator sees all {len(grep)} ZKS_API functions",
           f"differ: {sorted(set(declared) ^ grep)}")

    stale = [p for p, text in outs.items()
             if not os.path.exists(os.path.join(ROOT, p))
             or _semantic(p, open(os.path.join(ROOT, p), encoding="utf-8").read()) != _semantic(p, text)]
    result(not stale, "generated files match the header (prototypes, constants, statuses)",
           f"stale: {stale}; run `make bindings-gen` (tools/gen_bindings.py)")

    py_src = ""
    for p in sorted(glob.glob(os.path.join(ROOT, "bindings/python/libzksync/*.py"))):
        if os.path.basename(p) != "_ffi.py":
            py_src += open(p, encoding="utf-8").read()
    go_src = ""
    for p in sorted(glob.glob(os.path.join(ROOT, "bindings/go/zksync/*.go"))):
        if not p.endswith("_test.go"):
            go_src += open(p, encoding="utf-8").read()
    py_bound = set(re.findall(r"\.(zks_[a-z0-9_]+)\b", py_src))
    go_bound = set(re.findall(r"\bC\.(zks_[a-z0-9_]+)\(", go_src))

    unbound = read_unbound(os.path.join(ROOT, "bindings", "UNBOUND.txt"))
    bad_lines = [f"{k}: {r}" for k, (langs, r) in unbound.items() if not langs]
    result(not bad_lines, "bindings/UNBOUND.txt is well-formed", "; ".join(bad_lines))
    undeclared = sorted(k for k in unbound if k not in declared)
    result(not undeclared, "UNBOUND.txt lists only declared functions", f"not in the header: {undeclared}")

    for lang, bound in (("python", py_bound), ("go", go_bound)):
        missing = [f for f in declared if f not in bound and lang not in unbound.get(f, (set(), ""))[0]]
        result(not missing, f"{lang}: every header function is bound or in UNBOUND.txt "
               f"({len([f for f in declared if f in bound])}/{len(declared)} bound)",
               "unbound: " + " ".join(missing))
        stale_ub = sorted(f for f, (langs, _) in unbound.items() if lang in langs and f in bound)
        result(not stale_ub, f"{lang}: UNBOUND.txt has no entry that is bound", f"remove: {stale_ub}")

    st = hdr.enums.get("zks_status", [])
    errs = outs["bindings/python/libzksync/errors.py"]
    go = outs["bindings/go/zksync/zz_generated.go"]
    miss_py = [k for k, v in st if v and f"    {v}: " not in errs]
    miss_go = [k for k, v in st if v and f"&Error{{Status: {v}}}" not in go]
    result(bool(st) and not miss_py and not miss_go, f"every zks_status ({len(st)}) has a Python class and a Go sentinel",
           f"python: {miss_py} go: {miss_go}")

    if "--verbose" in sys.argv:
        for f in declared:
            print(f"  {f:50s} py={'y' if f in py_bound else '-'} go={'y' if f in go_bound else '-'}")
    print(f"CHECKS {passed} {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
