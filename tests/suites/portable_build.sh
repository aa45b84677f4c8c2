#!/usr/bin/env bash
# The build without any x86-64 kernel (-DZKS_NO_IFMA -DZKS_NO_AVX2 -DZKS_NO_ADX
# -DZKS_NO_AVX512, the last for the 8-way Keccak of the claim tree):
# the C code that arm64 and other CPUs compile. The runtime switches of the
# unit tests only choose among the paths a build has, so this is the one check
# that the flags leave the kernels out and that what remains is right.
# 1. The library builds in its own directory with the flags, and its objects
#    hold no MULX/ADCX/ADOX, no IFMA and no YMM/ZMM register (objdump).
# 2. The field, Rescue, signature, vector, Keccak, claim-tree and state-root
#    tests pass on it.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
P=$B/portable
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
flags="-DZKS_NO_IFMA -DZKS_NO_AVX2 -DZKS_NO_ADX -DZKS_NO_AVX512"
# make does not track flags: a directory built with other ones starts over
[ "$(cat "$P/flags" 2>/dev/null)" = "$flags" ] || rm -rf "$P"
mkdir -p "$P" && echo "$flags" >"$P/flags"
progs="test_fr test_rescue test_rescue_batch test_musig test_crypto_vectors test_jubjub test_keccak test_exit_tree test_exit_state"

if ! make --no-print-directory -s -j2 B="$P" CPPFLAGS="$flags" "$P/libzksync.a" \
    $(for t in $progs; do printf '%s ' "$P/tests/$t"; done) >"$P.build.log" 2>&1; then
  tail -n 30 "$P.build.log"
  echo "FAIL: could not build the library and tests with $flags"; echo "RESULT 0 1"; exit 1
fi
ok

if ! command -v objdump >/dev/null; then
  bad "objdump not found (binutils)"
else
  hits=$(objdump -d "$P/libzksync.a" | grep -cE '\b(mulx|adcx|adox|vpmadd52[lh]uq)\b|%[yz]mm[0-9]')
  if [ "$hits" -eq 0 ]; then
    echo "no MULX/ADCX/ADOX, IFMA or YMM/ZMM instruction in $P/libzksync.a"; ok
  else
    bad "$hits kernel instructions in the build with $flags:"
    objdump -d "$P/libzksync.a" | grep -E '\b(mulx|adcx|adox|vpmadd52[lh]uq)\b|%[yz]mm[0-9]' | head -n 5
  fi
  # the check must be able to fail: the default build has the kernels
  # (unless the user's own CPPFLAGS leave them out as well)
  case " ${CPPFLAGS:-} " in *ZKS_NO_ADX*) own_no_adx=1 ;; *) own_no_adx=0 ;; esac
  if [ -f "$B/libzksync.a" ] && [ "$(uname -m)" = x86_64 ] && [ "$own_no_adx" -eq 0 ]; then
    n=$(objdump -d "$B/libzksync.a" | grep -cE '\b(mulx|adcx|adox)\b')
    if [ "$n" -gt 0 ]; then ok; else bad "the default build $B/libzksync.a shows no MULX/ADX instruction either"; fi
  fi
fi

skip=0
for t in $progs; do
  log=$P/$t.log
  "$P/tests/$t" >"$log" 2>&1; rc=$?
  line=$(grep -E '^RESULT [0-9]+ [0-9]+( [0-9]+)?$' "$log" | tail -n 1)
  if [ -z "$line" ]; then bad "$t: no RESULT line (exit $rc)"; tail -n 20 "$log"; continue; fi
  read -r _ p f s <<<"$line"
  s=${s:-0}
  pass=$((pass + p)); skip=$((skip + s))
  if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
    fail=$((fail + (f > 0 ? f : 1))); echo "FAIL: $t on the portable build ($f failed, exit $rc)"; grep -E '^FAIL' "$log" | head -n 10
  else
    echo "$t: $p passed, $s skipped"
  fi
  grep -E '^SKIP' "$log" | head -n 3
done
echo "RESULT $pass $fail $skip"
[ "$fail" -eq 0 ]
