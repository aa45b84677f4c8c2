#!/usr/bin/env bash
# Layering: tools/check_layers.py on the tree and on $B's objects (includes and
# calls only go down: util -> crypto -> {tx, eth} -> provider -> {l1, exit} ->
# wallet; exit uses only util and crypto). Then the check must prove it can
# fail: on a temporary copy of lib/ and include/ with deliberate violations
# added (an include and a call going up, a sibling, exit reaching provider),
# each counts as a pass only when the check reports exactly that violation,
# and a commented-out include must not be reported.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
CC=${CC:-cc}

if ! make --no-print-directory -s B="$B" lib >/dev/null; then
  echo "FAIL: could not build the library in $B"; echo "RESULT 0 1"; exit 1
fi

# 1. The real tree.
out=$(python3 tools/check_layers.py --graph "$B" 2>&1); rc=$?
echo "$out"
[ "$rc" -eq 0 ] && ok || bad "layering violations in the tree (exit $rc)"

# 2. A temporary tree with deliberate violations.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r lib include "$tmp/"
mkdir -p "$tmp/b/obj"
cp -r "$B/obj/lib" "$tmp/b/obj/"
# A source added after this build (other work in progress) has no object: leave it out of the copy.
for c in "$tmp"/lib/*/*.c; do
  r=${c#"$tmp"/}
  [ -f "$tmp/b/obj/${r%.c}.o" ] || rm -f "$c"
done
# Objects copied after the sources would look stale: keep them newer.
find "$tmp/b/obj" -name '*.o' -exec touch {} +

out=$(python3 tools/check_layers.py --root "$tmp" "$tmp/b" 2>&1); rc=$?
[ "$rc" -eq 0 ] && ok || { echo "$out"; bad "the unmodified copy does not pass (exit $rc)"; }

# A global function of a folder's object that the included header declares: the
# planted file takes its address (an undefined reference, whatever its prototype).
sym_of() { # object, header
  local s
  for s in $(nm -P "$B/obj/lib/$1" | awk '$2 == "T" { print $1 }'); do
    grep -qw -- "$s" "lib/$2" && { echo "$s"; return; }
  done
}
l1_sym=$(sym_of l1/l1_ops.o l1/l1_ops.h)
prov_sym=$(sym_of provider/rpc.o provider/rpc.h)
eth_sym=$(sym_of eth/rlp.o eth/eth.h)
if [ -z "$l1_sym" ] || [ -z "$prov_sym" ] || [ -z "$eth_sym" ]; then
  bad "no function of l1_ops.o / rpc.o / rlp.o declared in its header, to reference"
fi

add() { # folder/name.c, body: written into the temp tree and compiled into its build
  printf '%s\n' "$2" > "$tmp/lib/$1"
  mkdir -p "$tmp/b/obj/lib/$(dirname "$1")"
  # shellcheck disable=SC2046
  "$CC" -std=c11 -D_GNU_SOURCE -I"$tmp/include" -I"$tmp/lib" $(pkg-config --cflags libsecp256k1 libsodium libcurl libcjson 2>/dev/null) \
    -c "$tmp/lib/$1" -o "$tmp/b/obj/lib/${1%.c}.o" || bad "could not compile the violating file $1"
}
add crypto/zz_up.c "#include \"l1/l1_ops.h\"
// #include \"provider/rpc.h\"   (a comment: must not be reported)
void (*zz_up(void))(void) { return (void (*)(void))$l1_sym; }"
add tx/zz_sibling.c "#include \"eth/eth.h\"
void (*zz_sibling(void))(void) { return (void (*)(void))$eth_sym; }"
add exit/zz_online.c "#include \"provider/rpc.h\"
void (*zz_online(void))(void) { return (void (*)(void))$prov_sym; }"

out=$(python3 tools/check_layers.py --root "$tmp" "$tmp/b" 2>&1); rc=$?
echo "--- deliberate violations:"
echo "$out"
[ "$rc" -eq 1 ] && ok || bad "check exit status $rc on violations (want 1)"
expect() { # fixed string the report must contain, description
  grep -qF -- "$1" <<<"$out" && ok || bad "not reported: $2 ($1)"
}
expect "LAYER lib/crypto/zz_up.c: includes lib/l1/l1_ops.h: crypto -> l1 (l1 is above crypto)" "include going up"
expect "LAYER lib/crypto/zz_up.c: uses $l1_sym (defined in lib/l1/l1_ops.c): crypto -> l1" "call going up"
expect "LAYER lib/tx/zz_sibling.c: includes lib/eth/eth.h: tx -> eth" "tx including eth"
expect "LAYER lib/tx/zz_sibling.c: uses $eth_sym (defined in lib/eth/rlp.c): tx -> eth" "tx calling eth"
expect "LAYER lib/exit/zz_online.c: includes lib/provider/rpc.h: exit -> provider" "exit including provider"
expect "LAYER lib/exit/zz_online.c: uses $prov_sym (defined in lib/provider/rpc.c): exit -> provider" "exit calling provider"
if grep -q 'zz_up.c: includes lib/provider' <<<"$out"; then bad "a commented-out include was reported"; else ok; fi
n=$(grep -c '^LAYER ' <<<"$out")
[ "$n" -eq 6 ] && ok || bad "$n violations reported, want exactly the 6 planted"

# A folder missing from the layer table is a problem, not silently skipped.
mkdir -p "$tmp/lib/newlayer"
out=$(python3 tools/check_layers.py --root "$tmp" --no-symbols 2>&1); rc=$?
[ "$rc" -ne 0 ] && grep -q 'lib/newlayer: folder not in the layer table' <<<"$out" && ok \
  || bad "an unknown lib/ folder was not reported"

echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
