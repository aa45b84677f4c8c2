#!/usr/bin/env bash
# Generated files (docs/generated.md): every `make regen-<part>` regenerates its files
# into a temporary dir (REGEN_DIR), never into the tree, and each committed file must
# equal what its generator makes now. A part whose tools are missing (node_modules not
# installed) is skipped, never passed. Then the version: include/zksync.h is its one
# source, and no other file of the tree may write it out.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
skipped() { echo "SKIP: $*"; skip=$((skip + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files_of() {
  case $1 in
    jubjub) echo lib/crypto/jubjub_table.c ;;
    rescue) echo lib/crypto/rescue_constants.c ;;
    inv5) echo lib/crypto/inv5_chain.h ;;
    bip39) echo lib/eth/bip39_english.c ;;
    devnet) echo tests/devnet/contracts/compiled.json ;;
    api) echo docs/api.md ;;
    bindings) python3 tools/gen_bindings.py --list ;;
  esac
}
needs() { # part -> missing prerequisite, or nothing
  case $1 in
    bip39) [ -d tests/oracle/node_modules/@ethersproject/wordlists ] || echo "tests/oracle/node_modules (bash tools/deps.sh)" ;;
    devnet) [ -d tests/devnet/node_modules/solc ] || echo "tests/devnet/node_modules (bash tools/deps.sh)" ;;
  esac
  case $1 in bip39|devnet) command -v node >/dev/null || echo "node" ;; esac
}

parts=$(make --no-print-directory -s -p -f Makefile B="$B" version 2>/dev/null | sed -n 's/^REGEN_PARTS := //p')
[ -n "$parts" ] && ok || { bad "no REGEN_PARTS in the Makefile"; parts="jubjub rescue inv5 bip39 devnet api bindings"; }
for part in $parts; do
  files=$(files_of "$part")
  if [ -z "$files" ]; then bad "regen-$part: this suite does not know its files (add them to files_of)"; continue; fi
  miss=$(needs "$part")
  if [ -n "$miss" ]; then skipped "regen-$part: needs $miss"; continue; fi
  out="$tmp/$part"
  mkdir -p "$out"
  if ! make --no-print-directory -s B="$B" REGEN_DIR="$out" "regen-$part" >"$tmp/$part.log" 2>&1; then
    bad "make regen-$part failed:"; tail -n 20 "$tmp/$part.log"; continue
  fi
  for f in $files; do
    if [ ! -f "$out/$f" ]; then bad "regen-$part did not write $f"
    elif cmp -s "$out/$f" "$f"; then ok
    else bad "$f differs from what regen-$part makes now (run make regen):"; diff -u "$f" "$out/$f" | head -n 20
    fi
  done
done
# Nothing was written into the tree (the parts honour REGEN_DIR).
for part in $parts; do
  for f in $(files_of "$part"); do
    [ ! -e "$f.tmp" ] && ok || bad "$f.tmp left in the tree"
  done
done

# Version: one source.
hdr() { sed -n "s/^#define ZKS_VERSION_$1 \\(.*\\)$/\\1/p" include/zksync.h; }
v="$(hdr MAJOR).$(hdr MINOR).$(hdr PATCH)"
echo "version $v (include/zksync.h)"
echo "$v" | grep -qE '^[0-9]+\.[0-9]+\.[0-9]+$' && ok || bad "ZKS_VERSION_MAJOR/MINOR/PATCH unreadable: '$v'"
[ "$(hdr STRING)" = "\"$v\"" ] && ok || bad "ZKS_VERSION_STRING $(hdr STRING) is not MAJOR.MINOR.PATCH $v"
[ "$(make --no-print-directory -s B="$B" version)" = "$v" ] && ok || bad "make version is not $v"
# Every other file (tracked or new; build dirs, node_modules and the changelog, whose
# release headings name versions, aside) must not write the version out. Generated
# files carry it only because their generator reads the header; they are checked above.
gen_files=" $(for p in $parts; do files_of "$p"; done | tr '\n' ' ') "
re="(^|[^0-9])v?${v//./\\.}([^0-9]|$)"
version_hits() { # file names on stdin -> the lines that write the version out
  while read -r f; do
    [ -f "$f" ] || continue
    case $f in include/zksync.h|CHANGELOG.md) continue ;; esac
    case $gen_files in *" $f "*) continue ;; esac
    grep -HnIE "$re" "$f"
  done
}
hits=$(git ls-files -co --exclude-standard 2>/dev/null | grep -vE '^build[^/]*/|(^|/)node_modules/' | version_hits)
if [ -z "$hits" ]; then ok; else bad "the version $v is hard-coded outside include/zksync.h:"; echo "$hits" | sed 's/^/    /'; fi
# The search finds what it must (and not a longer number that merely contains it).
printf 'so=libzksync.so.%s\nrequire m v%s\n' "$v" "$v" > "$tmp/planted.txt"
printf 'x 1%s y\nx %s1 y\n' "$v" "$v" > "$tmp/unrelated.txt"
[ "$(echo "$tmp/planted.txt" | version_hits | wc -l)" -eq 2 ] && ok || bad "version search misses a planted copy"
[ -z "$(echo "$tmp/unrelated.txt" | version_hits)" ] && ok || bad "version search reports a longer number"

echo "RESULT $pass $fail $skip"
[ "$fail" -eq 0 ]
