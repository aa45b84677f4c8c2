#!/usr/bin/env python3
"""Generates the low-level binding layers from include/zksync.h (the one ABI).

Outputs (committed; `tools/check_bindings.py` fails when they are stale):
  bindings/python/libzksync/_ffi.py    ctypes prototypes of every ZKS_API function,
                                       numeric macros, enums, opaque types, callbacks,
                                       simple structs
  bindings/python/libzksync/errors.py  ZksError and one exception class per zks_status
  bindings/python/libzksync/_sizes.py  the size queries (zks_*_bytes() ...) by macro name
  bindings/go/zksync/zz_generated.go   Status constants, sentinel errors, size constants
  bindings/go/zksync/zz_sizes.go       Sizes(): the size queries, HeaderSizes

The parser relies only on the header's conventions (STYLE.md 6.10): one
declaration per `ZKS_API ... ;`, types built from the C basic types, the
header's own typedefs, pointers and fixed arrays. Anything it cannot map
stops the generator with a message naming the declaration, so a new kind of
declaration is noticed the first time it is added.

Usage: tools/gen_bindings.py [--check] [--header include/zksync.h] [--root .] [--out-dir DIR]
  --check     write nothing; exit 1 and name the files that differ.
  --out-dir   write (or with --check, compare) the outputs under DIR instead of
              the root, at the same relative paths (the header is still read
              from the root); `make regen` uses it to check without writing.
  --list      print the output paths (relative), one a line, and exit.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- parsing


@dataclass
class Param:
    name: str
    ctype: str            # normalised C type text, e.g. "const uint8_t *"
    base: str             # base type name without qualifiers, e.g. "uint8_t"
    const: bool
    ptr: int              # pointer depth (an array parameter counts as one)
    array: str | None     # first array size expression, if declared as x[N]
    dims: list[str] = field(default_factory=list)   # all array sizes, x[A][B] -> [A, B]


@dataclass
class Func:
    name: str
    ret: Param
    params: list[Param]
    doc: str


@dataclass
class Header:
    text: str
    sha256: str
    defines: dict[str, int] = field(default_factory=dict)
    str_defines: dict[str, str] = field(default_factory=dict)
    enums: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    opaque: list[str] = field(default_factory=list)
    structs: dict[str, list[Param]] = field(default_factory=dict)
    callbacks: dict[str, Func] = field(default_factory=dict)
    int_typedefs: dict[str, str] = field(default_factory=dict)
    funcs: list[Func] = field(default_factory=list)


C_SCALARS = {
    "void": "None", "char": "c_char", "signed char": "c_byte", "unsigned char": "c_ubyte",
    "int": "c_int", "unsigned int": "c_uint", "unsigned": "c_uint", "long": "c_long",
    "unsigned long": "c_ulong", "long long": "c_longlong", "unsigned long long": "c_ulonglong",
    "short": "c_short", "unsigned short": "c_ushort", "bool": "c_bool", "_Bool": "c_bool",
    "size_t": "c_size_t", "ssize_t": "c_ssize_t", "double": "c_double", "float": "c_float",
    "int8_t": "c_int8", "uint8_t": "c_uint8", "int16_t": "c_int16", "uint16_t": "c_uint16",
    "int32_t": "c_int32", "uint32_t": "c_uint32", "int64_t": "c_int64", "uint64_t": "c_uint64",
}


class GenError(Exception):
    pass


def strip_comments(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Removes comments; returns the code and the /** doc */ comments with their end offsets."""
    docs: list[tuple[int, str]] = []
    out = []
    i = 0
    n = len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise GenError("unterminated comment")
            body = text[i + 2:j]
            if body.startswith("*"):
                docs.append((len("".join(out)), body[1:]))
            out.append(" ")
            i = j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out), docs


def clean_doc(body: str) -> str:
    lines = [re.sub(r"^\s*\*? ?", "", ln).rstrip() for ln in body.strip().splitlines()]
    return "\n".join(lines).strip()


def parse_decl(text: str, where: str, allow_abstract: bool = False) -> Param:
    """Parses "const uint8_t out_sig[ZKS_MUSIG_BYTES]" or "char *out"."""
    t = " ".join(text.replace("*", " * ").split())
    dims: list[str] = []
    while True:
        m = re.search(r"\[([^\]]*)\]\s*$", t)
        if not m:
            break
        dims.insert(0, m.group(1).strip() or "0")
        t = t[:m.start()].strip()
    array = dims[0] if dims else None
    toks = t.split()
    name = ""
    if toks and re.fullmatch(r"[A-Za-z_]\w*", toks[-1]) and len(toks) > 1 and \
            not (allow_abstract and " ".join(t for t in toks if t not in ("const", "*")) in C_SCALARS):
        name = toks[-1]
        toks = toks[:-1]
    ptr = toks.count("*") + (1 if array else 0)
    const = "const" in toks
    base = " ".join(x for x in toks if x not in ("const", "*", "struct", "enum", "volatile", "restrict"))
    if not base:
        raise GenError(f"{where}: cannot parse declaration '{text.strip()}'")
    ctype = ("const " if const else "") + base + (" " + "*" * ptr if ptr else "")
    return Param(name=name, ctype=ctype, base=base, const=const, ptr=ptr, array=array, dims=dims)


def split_params(s: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur))
    return [p.strip() for p in parts]


def eval_int(expr: str, known: dict[str, int]) -> int | None:
    e = expr.strip()
    e = re.sub(r"\b(\d+)[uUlL]+\b", r"\1", e)
    e = re.sub(r"\(\s*(?:size_t|int|unsigned|uint\d+_t|int\d+_t)\s*\)", "", e)

    def sub(m: re.Match) -> str:
        k = m.group(0)
        if k in known:
            return str(known[k])
        raise KeyError(k)
    try:
        e = re.sub(r"\b[A-Za-z_]\w*\b", sub, e)
    except KeyError:
        return None
    if not re.fullmatch(r"[0-9xXa-fA-F\s()+\-*/<>|&~^]*", e):
        return None
    try:
        v = eval(e, {"__builtins__": {}}, {})  # noqa: S307 - digits and operators only
    except Exception:
        return None
    return int(v) if isinstance(v, int) else None


def parse_header(path: str) -> Header:
    raw = open(path, encoding="utf-8").read()
    h = Header(text=raw, sha256=hashlib.sha256(raw.encode()).hexdigest())
    code, docs = strip_comments(raw)

    # #defines (numeric and string), then blank out preprocessor lines (keeping offsets).
    lines = code.replace("\\\n", "  ").split("\n")
    body_lines = []
    for ln in lines:
        s = ln.strip()
        if s.startswith("#"):
            m = re.match(r"#\s*define\s+(ZKS_\w+)\s+(.+)$", s)
            if m:
                name, val = m.group(1), m.group(2).strip()
                if val.startswith('"') and val.endswith('"'):
                    h.str_defines[name] = val[1:-1]
                else:
                    v = eval_int(val, h.defines)
                    if v is not None:
                        h.defines[name] = v
            body_lines.append(" " * len(ln))
        else:
            body_lines.append(ln)
    body = "\n".join(body_lines)
    body = re.sub(r'extern\s+"C"\s*\{', lambda m: " " * len(m.group(0)), body)

    # Statements at top level, split on ';' (braces kept together).
    stmts: list[tuple[int, str]] = []
    depth, start = 0, 0
    for i, ch in enumerate(body):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == ";" and depth == 0:
            stmts.append((start, body[start:i]))
            start = i + 1
    for off, st in stmts:
        s = " ".join(st.split())
        s = s.lstrip("} ").strip()
        if not s:
            continue
        m = re.fullmatch(r"typedef enum (\w+)? ?\{(.*)\} (\w+)", s)
        if m:
            vals, cur = [], -1
            for item in [x.strip() for x in m.group(2).split(",") if x.strip()]:
                if "=" in item:
                    k, v = [x.strip() for x in item.split("=", 1)]
                    ev = eval_int(v, {**h.defines, **dict(vals)})
                    if ev is None:
                        raise GenError(f"enum {m.group(3)}: cannot evaluate {item}")
                    cur = ev
                else:
                    k, cur = item, cur + 1
                vals.append((k, cur))
            h.enums[m.group(3)] = vals
            h.int_typedefs[m.group(3)] = "c_int"
            continue
        m = re.fullmatch(r"typedef struct (\w+) (\w+)", s)
        if m:
            h.opaque.append(m.group(2))
            continue
        m = re.fullmatch(r"typedef struct (\w+)? ?\{(.*)\} (\w+)", s)
        if m:
            fields = [parse_decl(f, f"struct {m.group(3)}") for f in m.group(2).split(";") if f.strip()]
            h.structs[m.group(3)] = fields
            continue
        m = re.fullmatch(r"typedef (.+?)\( ?\* ?(\w+) ?\) ?\((.*)\)", s)
        if m:
            ret = parse_decl(m.group(1), m.group(2), allow_abstract=True)
            ps = [] if m.group(3).strip() in ("", "void") else \
                [parse_decl(p, m.group(2)) for p in split_params(m.group(3))]
            h.callbacks[m.group(2)] = Func(m.group(2), ret, ps, "")
            continue
        m = re.fullmatch(r"typedef ([\w ]+) (\w+)", s)
        if m and m.group(1).strip() in C_SCALARS:
            h.int_typedefs[m.group(2)] = C_SCALARS[m.group(1).strip()]
            continue
        if s.startswith("ZKS_API"):
            m = re.fullmatch(r"ZKS_API (?:ZKS_\w+ )*(.+?)\b(zks_\w+) ?\((.*)\)", s)
            if not m:
                raise GenError(f"cannot parse declaration: {s}")
            name = m.group(2)
            ret = parse_decl(m.group(1), name, allow_abstract=True)
            ps = [] if m.group(3).strip() in ("", "void") else \
                [parse_decl(p, name) for p in split_params(m.group(3))]
            for k, p in enumerate(ps):
                if not p.name:
                    p.name = f"arg{k}"
            # the doc comment is the /** */ right before the declaration (only blanks between)
            real = off + len(st) - len(st.lstrip("} \n\t"))
            doc = ""
            for doff, dbody in docs:
                if doff < real and not body[doff:real].strip():
                    doc = dbody
            h.funcs.append(Func(name, ret, ps, clean_doc(doc)))
            continue
        if s.startswith("typedef"):
            raise GenError(f"unsupported typedef: {s}")
    names = [f.name for f in h.funcs]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise GenError(f"declared twice: {sorted(dup)}")
    return h


# --------------------------------------------------------------------------- Python


def py_type(p: Param, h: Header, where: str) -> str:
    if p.ptr == 0:
        if p.base in C_SCALARS:
            return C_SCALARS[p.base]
        if p.base in h.int_typedefs:
            return h.int_typedefs[p.base]
        if p.base in h.structs:
            return f"_S_{p.base}"
        if p.base in h.callbacks:
            return f"CB_{p.base}"
        raise GenError(f"{where}: no ctypes mapping for '{p.ctype}'")
    if p.ptr == 1:
        if p.base in ("char",) and p.const and p.array is None:
            return "c_char_p"      # NUL-terminated input text (bytes)
        if p.base in C_SCALARS or p.base in h.opaque:
            if p.base in ("size_t", "uint64_t", "uint32_t", "int", "int32_t", "int64_t", "uint16_t",
                          "bool", "_Bool") and not p.const:
                return f"POINTER({C_SCALARS[p.base]})"
            return "c_void_p"
        if p.base in h.int_typedefs:
            return f"POINTER({h.int_typedefs[p.base]})"
        if p.base in h.structs:
            return f"POINTER(_S_{p.base})"
        raise GenError(f"{where}: no ctypes mapping for '{p.ctype}'")
    return "POINTER(c_void_p)"     # out-pointers to allocated results / objects


def py_restype(p: Param, h: Header, where: str) -> str:
    if p.ptr == 1 and p.base == "char":
        return "c_char_p" if p.const else "c_void_p"   # non-const: allocated, free with zks_free
    return py_type(p, h, where)


def exc_name(status: str) -> str:
    special = {
        "NOMEM": "OutOfMemoryError", "RPC": "RpcError", "HTTP": "HttpError", "JSON": "JsonError",
        "TIMEOUT": "ZksTimeoutError", "RANDOM": "RandomSourceError", "L1_REVERT": "L1RevertError",
        "TX_FAILED": "TxFailedError", "ETH_SIGNATURE": "EthSignatureError", "INVALID_ARG": "InvalidArgumentError",
        "INVALID_TX": "InvalidTxError",
    }
    s = status.replace("ZKS_ERR_", "")
    if s in special:
        return special[s]
    return "".join(w.capitalize() for w in s.split("_")) + "Error"


# Extra Python base classes: input errors are ValueErrors, transport errors are OSErrors.
PY_BASES = {
    "INVALID_ARG": "ValueError", "BUFFER_SIZE": "ValueError", "NOMEM": "MemoryError",
    "INVALID_KEY": "ValueError", "SIGNATURE_MALFORMED": "ValueError", "INVALID_POINT": "ValueError",
    "MSG_TOO_LONG": "ValueError", "INVALID_LENGTH": "ValueError", "INVALID_AMOUNT": "ValueError",
    "NOT_PACKABLE": "ValueError", "INVALID_ADDRESS": "ValueError", "CHECKSUM": "ValueError",
    "INVALID_TX": "ValueError", "JSON": "ValueError", "INVALID_MNEMONIC": "ValueError",
    "INVALID_PATH": "ValueError", "NETWORK": "ConnectionError", "TIMEOUT": "TimeoutError",
    "NOT_FOUND": "LookupError",
}

HEADER_NOTE = "Generated by tools/gen_bindings.py from include/zksync.h (sha256 {sha}). Do not edit."


def gen_python_ffi(h: Header) -> str:
    o = [f'"""Low-level ctypes table of libzksync. {HEADER_NOTE.format(sha=h.sha256[:16])}', "",
         "Every ZKS_API function of include/zksync.h is in FUNCTIONS as (restype, argtypes,",
         'parameter names, doc); libzksync._native binds them to the loaded library."""',
         "# flake8: noqa", "from __future__ import annotations", "",
         "import enum",
         "from ctypes import (CFUNCTYPE, POINTER, Structure, c_bool, c_byte, c_char, c_char_p, c_double,",
         "                    c_float, c_int, c_int8, c_int16, c_int32, c_int64, c_long, c_longlong,",
         "                    c_short, c_size_t, c_ssize_t, c_ubyte, c_uint, c_uint8, c_uint16, c_uint32,",
         "                    c_uint64, c_ulong, c_ulonglong, c_ushort, c_void_p)",
         "from typing import Any, Dict, List, Tuple", "",
         f'HEADER_SHA256 = "{h.sha256}"', ""]
    o.append("# Macros of the header (numbers and strings).")
    for k, v in h.defines.items():
        o.append(f"{k} = {v}")
    for k, v in h.str_defines.items():
        o.append(f'{k} = "{v}"')
    o.append("")
    for en, vals in h.enums.items():
        cls = "Status" if en == "zks_status" else "".join(w.capitalize() for w in en.split("_")[1:])
        o.append(f"class {cls}(enum.IntEnum):")
        o.append(f'    """C enum {en}."""')
        pref = os.path.commonprefix([k for k, _ in vals])
        pref = pref[:pref.rfind("_") + 1] if "_" in pref else ""
        if en == "zks_status":
            pref = "ZKS_"
        for k, v in vals:
            o.append(f"    {k[len(pref):]} = {v}")
        o.append("")
        for k, v in vals:
            o.append(f"{k} = {v}")
        o.append("")
    for name in h.opaque:
        o.append(f"# opaque: {name} (passed as c_void_p)")
    # A struct with a callback field (or one embedding such a struct) comes after the
    # callbacks; the others before them, so callbacks may take pointers to those.
    late: set[str] = set()
    for _ in h.structs:
        for sname, fields in h.structs.items():
            if any(f.base in h.callbacks or f.base in late for f in fields):
                late.add(sname)
    for cname, cb in h.callbacks.items():
        for p in cb.params + [cb.ret]:
            if p.base in late:
                raise GenError(f"callback {cname}: takes struct {p.base}, which has a callback field")

    def emit_struct(sname: str, fields: list) -> None:
        o.append(f"class _S_{sname}(Structure):")
        o.append(f'    """C struct {sname}."""')
        fl = []
        for f in fields:
            where = f"struct {sname}.{f.name}"
            if f.dims:
                t = C_SCALARS.get(f.base) or h.int_typedefs.get(f.base) or \
                    (f"_S_{f.base}" if f.base in h.structs else None)
                if t is None or f.ptr != 1:
                    raise GenError(f"{where}: unsupported array field '{f.ctype}'")
                for d in reversed(f.dims):
                    n = eval_int(d, h.defines)
                    if n is None:
                        raise GenError(f"{where}: array size {d}")
                    t = f"({t} * {n})"
            elif f.ptr == 1 and f.base == "char":
                t = "c_char_p"
            else:
                t = py_type(f, h, where)
            fl.append(f'("{f.name}", {t})')
        o.append("    _fields_ = [" + ", ".join(fl) + "]")
        o.append("")
    for sname, fields in h.structs.items():
        if sname not in late:
            emit_struct(sname, fields)
    for cname, cb in h.callbacks.items():
        args = ", ".join([py_restype(cb.ret, h, cname)] + [py_type(p, h, cname) for p in cb.params])
        o.append(f"CB_{cname} = CFUNCTYPE({args})")
    o.append("")
    if late:
        for sname, fields in h.structs.items():
            if sname in late:
                emit_struct(sname, fields)
    o.append("FUNCTIONS: Dict[str, Tuple[Any, List[Any], Tuple[str, ...], str]] = {")
    for f in h.funcs:
        rt = py_restype(f.ret, h, f.name)
        ats = ", ".join(py_type(p, h, f.name) for p in f.params)
        pn = ", ".join(repr(p.name) for p in f.params) + ("," if len(f.params) == 1 else "")
        o.append(f"    {f.name!r}: ({rt}, [{ats}], ({pn}),")
        o.append(f"        {f.doc!r}),")
    o.append("}")
    o.append("")
    o.append("# C prototypes, for messages and docs.")
    o.append("PROTOTYPES: Dict[str, str] = {")
    for f in h.funcs:
        ps = ", ".join(f"{p.ctype} {p.name}".replace("* ", "*") for p in f.params) or "void"
        o.append(f"    {f.name!r}: {(f.ret.ctype + ' ' + f.name + '(' + ps + ')')!r},")
    o.append("}")
    return "\n".join(o) + "\n"


def gen_python_errors(h: Header) -> str:
    vals = h.enums.get("zks_status")
    if not vals:
        raise GenError("no zks_status enum in the header")
    o = [f'"""Exceptions of libzksync. {HEADER_NOTE.format(sha=h.sha256[:16])}', "",
         "Every non-zero zks_status raises the subclass of ZksError named after it, e.g.",
         "ZKS_ERR_INVALID_KEY -> InvalidKeyError. Input errors are also ValueErrors, transport",
         "errors ConnectionError/TimeoutError, so generic handlers keep working.",
         '"""',
         "from __future__ import annotations", "",
         "from typing import Dict, Optional, Type", "",
         "from ._ffi import Status", "", "",
         "class ZksError(Exception):",
         '    """A libzksync call failed.',
         "",
         "    status:      the zks_status (a Status member, or the raw int if unknown)",
         "    message:     zks_strerror(status), or a more precise text",
         "    server_code: the server's error code (JSON-RPC or zkSync), when there was one",
         "    detail:      the server's message or the failing function, when known",
         "    revert_reason: the decoded reason of an L1 revert (L1RevertError), when known",
         "    file, line:  for a snapshot-file error (zks_exit_error): the file and its 1-based",
         "                 line (0 = not about a line); None otherwise",
         '    """',
         "",
         "    status: int",
         "",
         "    def __init__(self, status: int, message: str, server_code: Optional[int] = None,",
         "                 detail: Optional[str] = None) -> None:",
         "        super().__init__(message)",
         "        try:",
         "            self.status = Status(status)",
         "        except ValueError:",
         "            self.status = int(status)",
         "        self.message = message",
         "        self.server_code = server_code",
         "        self.detail = detail",
         "        self.revert_reason: Optional[str] = None",
         "        self.file: Optional[str] = None",
         "        self.line: Optional[int] = None",
         "",
         "    def __str__(self) -> str:",
         "        s = f\"{self.message} ({getattr(self.status, 'name', self.status)})\"",
         "        if self.server_code is not None:",
         "            s += f\" [server code {self.server_code}]\"",
         "        if self.detail:",
         "            s += f\": {self.detail}\"",
         "        if self.revert_reason and self.revert_reason != self.detail:",
         "            s += f\" (revert reason: {self.revert_reason})\"",
         "        return s",
         "",
         "    def __reduce__(self):  # picklable across processes (file, line, revert_reason as state)",
         "        return (_rebuild, (int(self.status), self.message, self.server_code, self.detail),",
         "                {\"revert_reason\": self.revert_reason, \"file\": self.file, \"line\": self.line})",
         "", ""]
    for k, v in vals:
        if v == 0:
            continue
        short = k.replace("ZKS_ERR_", "")
        bases = ["ZksError"] + ([PY_BASES[short]] if short in PY_BASES else [])
        o.append(f"class {exc_name(k)}({', '.join(bases)}):")
        o.append(f'    """{k} ({v})."""')
        o.append(f"    STATUS = {v}")
        o.append("")
        o.append("")
    o.append("_BY_STATUS: Dict[int, Type[ZksError]] = {")
    for k, v in vals:
        if v:
            o.append(f"    {v}: {exc_name(k)},")
    o.append("}")
    o += ["", "",
          "def error_class(status: int) -> Type[ZksError]:",
          '    """The exception class for a status (ZksError for unknown codes)."""',
          "    return _BY_STATUS.get(int(status), ZksError)",
          "", "",
          "def _rebuild(status: int, message: str, server_code: Optional[int], detail: Optional[str]) -> ZksError:",
          "    return error_class(status)(status, message, server_code, detail)",
          "", "",
          "__all__ = [\"ZksError\", \"error_class\", " +
          ", ".join(f'"{exc_name(k)}"' for k, v in vals if v) + "]"]
    return "\n".join(o) + "\n"


# --------------------------------------------------------------------------- Go


def go_camel(s: str) -> str:
    special = {"ETH": "Eth", "RPC": "RPC", "HTTP": "HTTP", "JSON": "JSON", "TX": "Tx", "ID": "ID", "L1": "L1",
               "NOMEM": "NoMem", "MS": "Ms", "NFT": "NFT", "CPK": "Cpk"}
    return "".join(special.get(w, w.capitalize()) for w in s.split("_") if w)


GO_HAND_ENUMS = {"zks_status", "zks_tx_type", "zks_cpk_auth"}


def gen_go(h: Header) -> str:
    vals = h.enums.get("zks_status")
    if not vals:
        raise GenError("no zks_status enum in the header")
    o = [f"// Code generated by tools/gen_bindings.py from include/zksync.h (sha256 {h.sha256[:16]}). DO NOT EDIT.",
         "", "package zksync", "",
         f'// HeaderSHA256 is the SHA-256 of the include/zksync.h these bindings were generated from.',
         f'const HeaderSHA256 = "{h.sha256}"', "",
         "// Status is a zks_status code of the C library. The numbers are frozen.",
         "type Status int", "", "// zks_status values.", "const ("]
    for k, v in vals:
        o.append(f"\tStatus{go_camel(k.replace('ZKS_ERR_', '').replace('ZKS_', ''))} Status = {v} // {k}")
    o += [")", "", "var statusNames = map[Status]string{"]
    for k, v in vals:
        o.append(f'\t{v}: "{k}",')
    o += ["}", "", "// Sentinel errors, one per status, for errors.Is(err, zksync.ErrInvalidKey).", "var ("]
    for k, v in vals:
        if v:
            o.append(f"\tErr{go_camel(k.replace('ZKS_ERR_', ''))} = &Error{{Status: {v}}}")
    o += [")", "", "// Sizes and versions from the header's macros.", "const ("]
    for k, v in h.defines.items():
        if k.startswith("ZKS_VERSION"):
            continue
        o.append(f"\t{go_camel(k.replace('ZKS_', ''))} = {v} // {k}")
    for k, v in h.str_defines.items():
        if not k.startswith("ZKS_VERSION"):
            o.append(f"\t{go_camel(k.replace('ZKS_', ''))} = {json.dumps(v)} // {k}")
    # Values of the header's enums, as untyped constants (they were macros before);
    # zks_status and the enums the Go layer wraps by hand (tx.go) are left out.
    for en, evals in h.enums.items():
        if en in GO_HAND_ENUMS:
            continue
        for k, v in evals:
            o.append(f"\t{go_camel(k.replace('ZKS_', ''))} = {v} // {k} ({en})")
    o += [")", "", "// Header version the bindings were generated from.", "const ("]
    for k in ("ZKS_VERSION_MAJOR", "ZKS_VERSION_MINOR", "ZKS_VERSION_PATCH", "ZKS_VERSION_NUM"):
        if k in h.defines:
            o.append(f"\tHeader{go_camel(k.replace('ZKS_', ''))} = {h.defines[k]}")
    if "ZKS_VERSION_STRING" in h.str_defines:
        o.append(f'\tHeaderVersionString = "{h.str_defines["ZKS_VERSION_STRING"]}"')
    o += [")", "", "// declaredFunctions lists every ZKS_API function of the header (for tests).",
          "var declaredFunctions = []string{"]
    for f in h.funcs:
        o.append(f'\t"{f.name}",')
    o.append("}")
    return gofmt("\n".join(o) + "\n")


def gofmt(src: str) -> str:
    """Formats Go source with gofmt when it is installed (the committed file is gofmt'ed)."""
    import shutil
    import subprocess
    exe = shutil.which("gofmt") or ("/usr/lib/go/bin/gofmt" if os.path.exists("/usr/lib/go/bin/gofmt") else None)
    if not exe:
        return src
    r = subprocess.run([exe], input=src, capture_output=True, text=True)
    if r.returncode != 0:
        raise GenError("gofmt failed on the generated Go code: " + r.stderr.strip())
    return r.stdout


# --------------------------------------------------------------------------- size queries


def size_functions(h: Header) -> list[tuple[str, str]]:
    """(macro, function) pairs: size_t zks_x(void) functions whose upper-case name is a macro."""
    out = []
    for f in h.funcs:
        if not f.params and f.ret.ctype == "size_t" and f.name.upper() in h.defines:
            out.append((f.name.upper(), f.name))
    return out


def gen_python_sizes(h: Header) -> str:
    o = [f'"""Run-time size queries. {HEADER_NOTE.format(sha=h.sha256[:16])}"""',
         "from __future__ import annotations", "", "from typing import Any, Dict", "", "",
         "def query_sizes(L: Any) -> Dict[str, int]:",
         '    """Every size the loaded library reports, by macro name (STYLE.md 6.10: bindings',
         '    query sizes through functions)."""', "    return {"]
    for m, fn in size_functions(h):
        o.append(f'        "{m}": L.{fn}(),')
    o += ["    }", "", "", "HEADER_SIZES: Dict[str, int] = {"]
    for m, _fn in size_functions(h):
        o.append(f'    "{m}": {h.defines[m]},')
    o.append("}")
    return "\n".join(o) + "\n"


def gen_go_sizes(h: Header) -> str:
    o = [f"// Code generated by tools/gen_bindings.py from include/zksync.h (sha256 {h.sha256[:16]}). DO NOT EDIT.",
         "", "package zksync", "", "/*", "#include <zksync.h>", "*/", 'import "C"', "",
         "// Sizes returns every size the linked library reports (its zks_*_bytes() style",
         "// functions), keyed by macro name. They equal HeaderSizes for a matching library.",
         "func Sizes() map[string]int {", "\treturn map[string]int{"]
    for m, fn in size_functions(h):
        o.append(f'\t\t"{m}": int(C.{fn}()),')
    o += ["\t}", "}", "", "// HeaderSizes are the same sizes as the header's macros say.", "var HeaderSizes = map[string]int{"]
    for m, _fn in size_functions(h):
        o.append(f'\t"{m}": {h.defines[m]},')
    o.append("}")
    return gofmt("\n".join(o) + "\n")


# --------------------------------------------------------------------------- main

OUTPUTS = {
    "bindings/python/libzksync/_ffi.py": gen_python_ffi,
    "bindings/python/libzksync/errors.py": gen_python_errors,
    "bindings/go/zksync/zz_generated.go": gen_go,
    "bindings/python/libzksync/_sizes.py": gen_python_sizes,
    "bindings/go/zksync/zz_sizes.go": gen_go_sizes,
}


def generate(root: str, header: str) -> dict[str, str]:
    h = parse_header(os.path.join(root, header))
    return {path: fn(h) for path, fn in OUTPUTS.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--header", default="include/zksync.h")
    ap.add_argument("--out-dir", default=None)
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    if a.list:
        print("\n".join(OUTPUTS))
        return 0
    out_root = a.out_dir if a.out_dir is not None else a.root
    try:
        outs = generate(a.root, a.header)
    except GenError as e:
        print(f"gen_bindings: {e}", file=sys.stderr)
        return 2
    stale = []
    for path, text in outs.items():
        full = os.path.join(out_root, path)
        old = open(full, encoding="utf-8").read() if os.path.exists(full) else None
        if old == text:
            continue
        stale.append(path)
        if not a.check:
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as fh:
                fh.write(text)
    if a.check:
        for p in stale:
            print(f"gen_bindings: {p} is stale; run tools/gen_bindings.py", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        print(f"gen_bindings: wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
