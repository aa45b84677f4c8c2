#!/usr/bin/env python3
"""Checks that lib/ keeps its layering (docs/architecture: util -> crypto ->
{tx, eth} -> provider -> {l1, exit} -> wallet).

Two views of the same rule, so neither a stray #include nor a call through a
hand-written prototype slips by:
  includes  every lib/*/*.c and lib/*/*.h: each #include that resolves to a
            header of another lib/ folder must name a folder the file's own
            folder may use (include/zksync.h and lib/internal.h: everywhere);
  symbols   `nm` on BUILD_DIR/obj/lib/<folder>/*.o: each undefined symbol of
            an object that another folder's object defines must come from a
            folder its own folder may use.
Each finding is printed as `file: what (defined in file): from -> to (reason)`.

Usage: tools/check_layers.py [--root DIR] [--no-symbols] BUILD_DIR
  --root DIR     the source tree (default: this script's tree)
  --no-symbols   only the include view (no build needed)
  --graph        also list the folder-to-folder uses found (USES lines)
Exit status: 0 clean, 1 violations, 2 cannot check (missing object, nm, ...).
Python 3 standard library only.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

# What each folder may use (itself included). tx and eth are siblings that must
# not use each other; exit is offline and may use only util and crypto; l1 and
# exit do not use each other.
ALLOWED = {
    "util": {"util"},
    "crypto": {"util", "crypto"},
    "tx": {"util", "crypto", "tx"},
    "eth": {"util", "crypto", "eth"},
    "provider": {"util", "crypto", "tx", "eth", "provider"},
    "l1": {"util", "crypto", "tx", "eth", "provider", "l1"},
    "exit": {"util", "crypto", "exit"},
    "wallet": {"util", "crypto", "tx", "eth", "provider", "l1", "exit", "wallet"},
}
RANK = {"util": 0, "crypto": 1, "tx": 2, "eth": 2, "provider": 3, "l1": 4, "exit": 4, "wallet": 5}
# Headers every layer may include (paths relative to the root).
EVERYWHERE = {"include/zksync.h", "lib/internal.h"}

INCLUDE_RE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^">]+)[">]', re.M)


def reason(src: str, dst: str) -> str:
    if RANK[dst] > RANK[src]:
        return f"{dst} is above {src}"
    if RANK[dst] == RANK[src]:
        return f"{src} and {dst} are siblings that must not use each other"
    return f"{src} may use only {', '.join(sorted(ALLOWED[src] - {src}, key=RANK.get))}"


def strip_comments(text: str) -> str:
    """Blanks comments (keeping newlines) so commented-out includes are not seen."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text[i] in "\"'":
            # keep string and character literals whole (a "/*" inside one opens no comment)
            q = text[i]
            j = i + 1
            while j < n and text[j] != q and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def layer_of(rel: str) -> str | None:
    """lib/<folder>/... -> folder; anything else -> None."""
    parts = rel.split("/")
    if len(parts) >= 3 and parts[0] == "lib":
        return parts[1]
    return None


def lib_files(root: str, exts: tuple[str, ...]) -> list[str]:
    out = []
    libdir = os.path.join(root, "lib")
    for folder in sorted(os.listdir(libdir)):
        d = os.path.join(libdir, folder)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(exts):
                out.append(f"lib/{folder}/{name}")
    return out


def resolve(root: str, rel: str, kind: str, name: str) -> str | None:
    """The header the compiler would pick (-Iinclude -Ilib), relative to root, or None (system header)."""
    cands = []
    if kind == '"':
        cands.append(os.path.join(os.path.dirname(rel), name))
    cands += [os.path.join("include", name), os.path.join("lib", name)]
    for c in cands:
        c = os.path.normpath(c)
        if os.path.isfile(os.path.join(root, c)):
            return c.replace(os.sep, "/")
    return None


EDGES: dict[tuple[str, str, str], int] = {}   # (view, from, to) -> count, for --graph


def edge(view: str, src: str, dst: str) -> None:
    if src != dst:
        EDGES[(view, src, dst)] = EDGES.get((view, src, dst), 0) + 1


def check_includes(root: str, findings: list[str], problems: list[str]) -> int:
    files = lib_files(root, (".c", ".h"))
    for rel in files:
        own = layer_of(rel)
        text = strip_comments(open(os.path.join(root, rel), encoding="utf-8", errors="replace").read())
        for m in INCLUDE_RE.finditer(text):
            kind, name = m.group(1), m.group(2)
            hdr = resolve(root, rel, kind, name)
            if hdr is None:
                if kind == '"':
                    problems.append(f'{rel}: #include "{name}" resolves to no file of the tree')
                continue
            if hdr in EVERYWHERE:
                continue
            dst = layer_of(hdr)
            if dst is None:
                problems.append(f"{rel}: #include {name} -> {hdr}: a header outside lib/<folder>/ "
                                f"(add it to EVERYWHERE in tools/check_layers.py if every layer may use it)")
                continue
            if dst not in ALLOWED:
                problems.append(f"{rel}: includes {hdr}: folder lib/{dst} is not in the layer table")
                continue
            edge("include", own, dst)
            if dst not in ALLOWED[own]:
                findings.append(f"{rel}: includes {hdr}: {own} -> {dst} ({reason(own, dst)})")
    return len(files)


def nm_symbols(obj: str) -> tuple[set[str], set[str]]:
    """(defined global symbols, undefined symbols) of one object file."""
    r = subprocess.run(["nm", "-P", obj], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"nm {obj}: {r.stderr.strip()}")
    defined, undefined = set(), set()
    for line in r.stdout.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        sym, typ = f[0], f[1]
        if typ in ("U", "w", "v"):
            undefined.add(sym)
        elif typ.isupper():   # T D B R C V W ... (lowercase: file-local)
            defined.add(sym)
    return defined, undefined


def check_symbols(root: str, build: str, findings: list[str], problems: list[str]) -> int:
    objs = {}
    for rel in lib_files(root, (".c",)):
        obj = os.path.join(build, "obj", rel[:-2] + ".o")
        if not os.path.isfile(obj):
            problems.append(f"{rel}: no object {obj} (build it first: make B={build} lib)")
            continue
        if os.path.getmtime(obj) < os.path.getmtime(os.path.join(root, rel)):
            problems.append(f"{rel}: object {obj} is older than its source (rebuild: make B={build} lib)")
        objs[rel] = obj
    where: dict[str, str] = {}
    undef: dict[str, set[str]] = {}
    for rel, obj in objs.items():
        d, u = nm_symbols(obj)
        undef[rel] = u
        for s in d:
            if s in where and layer_of(where[s]) != layer_of(rel):
                problems.append(f"{rel}: {s} is also defined in {where[s]}")
            where.setdefault(s, rel)
    for rel, u in undef.items():
        own = layer_of(rel)
        for s in sorted(u):
            src = where.get(s)
            if src is None:
                continue   # libc, libsodium, ...
            dst = layer_of(src)
            if dst not in ALLOWED:
                problems.append(f"{rel}: uses {s} from {src}: folder lib/{dst} is not in the layer table")
                continue
            edge("symbol", own, dst)
            if dst not in ALLOWED[own]:
                findings.append(f"{rel}: uses {s} (defined in {src}): {own} -> {dst} ({reason(own, dst)})")
    return len(objs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", nargs="?", help="build dir whose obj/lib/*/*.o are checked (make B=...)")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--no-symbols", action="store_true")
    ap.add_argument("--graph", action="store_true", help="also print the folder-to-folder uses found")
    a = ap.parse_args()
    if not a.no_symbols and not a.build:
        ap.error("BUILD_DIR is required (or --no-symbols)")
    findings: list[str] = []
    problems: list[str] = []
    for folder in sorted(os.listdir(os.path.join(a.root, "lib"))):
        if os.path.isdir(os.path.join(a.root, "lib", folder)) and folder not in ALLOWED:
            problems.append(f"lib/{folder}: folder not in the layer table of tools/check_layers.py")
    nfiles = check_includes(a.root, findings, problems)
    nobjs = 0
    if not a.no_symbols:
        try:
            nobjs = check_symbols(a.root, a.build, findings, problems)
        except (OSError, RuntimeError) as e:
            problems.append(str(e))
    if a.graph:
        for (view, src, dst), n in sorted(EDGES.items(), key=lambda e: (e[0][0], RANK.get(e[0][1], 9), e[0][1], e[0][2])):
            print(f"USES {view:7} {src:8} -> {dst:8} {n}")
    for f in findings:
        print("LAYER " + f)
    for p in problems:
        print("CHECK " + p)
    print(f"check_layers: {nfiles} files, {nobjs} objects: {len(findings)} violations, {len(problems)} problems")
    if findings:
        return 1
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
