#!/usr/bin/env python3
"""Writes docs/api.md, the API reference, from include/zksync.h (the header is the single source).

Every ZKS_API declaration is listed under its header section with its doc comment and prototype;
types (typedefs, structs) and constants are listed by name. Usage:
  tools/gen_api_docs.py            write docs/api.md
  tools/gen_api_docs.py --check    exit 1 if docs/api.md is not what the header gives
  tools/gen_api_docs.py --out FILE write FILE instead of docs/api.md (same text; `make regen` checks)
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ROOT / "include" / "zksync.h"
OUT = ROOT / "docs" / "api.md"


def clean_comment(text):
    body = text.strip()
    body = re.sub(r"^/\*\*?", "", body)
    body = re.sub(r"\*/$", "", body)
    lines = []
    for line in body.splitlines():
        line = re.sub(r"^\s*\*(?!/) ?", "", line)
        lines.append(line.rstrip())
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines)
    # The header indents comment text by one space after the "*".
    if all(not l or l.startswith(" ") for l in lines):
        text = "\n".join(l[1:] for l in lines)
    return text


def out_path():
    """docs/api.md, or the file after --out."""
    args = sys.argv[1:]
    if "--out" in args:
        i = args.index("--out")
        if i + 1 >= len(args):
            sys.exit("gen_api_docs.py: --out needs a file name")
        return Path(args[i + 1]).resolve()
    return OUT


def main():
    out_file = out_path()
    src = HEADER.read_text()
    # Section markers: /* @@SECTION name: title @@ */ ; the part before the first is "core".
    parts = re.split(r"/\* @@SECTION (\w+): ([^@]*)@@ \*/", src)
    sections = [("core", "Core: version, status codes, sizes, memory, zkSync cryptography", parts[0])]
    for i in range(1, len(parts), 3):
        sections.append((parts[i], parts[i + 1].strip(), parts[i + 2]))

    out = ["# API reference", "",
           "Generated from `include/zksync.h` by `tools/gen_api_docs.py` (checked in `make check`); the header is",
           "the source. Conventions (argument order, buffers, wiping, threads) are at the top of the header and in",
           "[ABI.md](ABI.md); each part has its own guide in `docs/`.", ""]
    total = 0
    for name, title, text in sections:
        entries = []
        lines = text.splitlines()
        i = 0
        comment = ""
        while i < len(lines):
            line = lines[i]
            if line.lstrip().startswith("/**"):
                block = [line]
                while "*/" not in lines[i] and i + 1 < len(lines):
                    i += 1
                    block.append(lines[i])
                comment = clean_comment("\n".join(block))
                i += 1
                continue
            if line.startswith("ZKS_API"):
                decl = [line]
                while ";" not in lines[i] and i + 1 < len(lines):
                    i += 1
                    decl.append(lines[i])
                proto = re.sub(r"\s+", " ", " ".join(decl))
                proto = proto.replace("ZKS_API ", "").replace("ZKS_WARN_UNUSED ", "")
                fn = re.search(r"\b(zks_\w+)\s*\(", proto)
                if fn:
                    entries.append((fn.group(1), proto, comment))
                comment = ""
                i += 1
                continue
            if line.strip():
                comment = "" if not line.lstrip().startswith("*") else comment
            i += 1
        types = sorted(set(re.findall(r"typedef\s+(?:struct|enum)\s+(zks_\w+)", text)) |
                       set(re.findall(r"typedef\s+\w+\s*\(\*\s*(zks_\w+)\)", text)))
        consts = sorted(set(re.findall(r"#define\s+(ZKS_[A-Z0-9_]+)", text)) - {"ZKS_API", "ZKS_WARN_UNUSED"})
        out += [f"## {title}", ""]
        if types:
            out += ["Types: " + ", ".join(f"`{t}`" for t in types) + ".", ""]
        if consts:
            out += ["Constants: " + ", ".join(f"`{c}`" for c in consts) + ".", ""]
        for fn, proto, comment in entries:
            total += 1
            out += [f"### `{fn}`", "", "```c", proto, "```", ""]
            if comment:
                out += ["```text", comment, "```", ""]
    out += [f"({total} functions.)", ""]
    text = "\n".join(out)
    if "--check" in sys.argv[1:]:
        if not out_file.exists() or out_file.read_text() != text:
            print(f"{out_file} is out of date: run tools/gen_api_docs.py")
            return 1
        print(f"{out_file} up to date ({total} functions)")
        return 0
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(text)
    print(f"wrote {out_file} ({total} functions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
