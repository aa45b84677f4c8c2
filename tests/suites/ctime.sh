#!/usr/bin/env bash
# Constant-time checks: runs each ctime program under valgrind memcheck, which reports
# every branch or memory index that depends on the undefined-marked secrets:
#   ctime_crypto  seeds and zkSync private keys (key from seed, pubkey, pubkey hash, sign)
#   ctime_eth     Ethereum keys, login signatures, BIP-39 entropy, seeds (tests/ctime/eth.supp
#                 suppresses libsecp256k1's internals and strlen of the public mnemonic length)
# Each program must also refuse to pass outside valgrind. Last line: RESULT <passed> <failed>.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
pass=0; fail=0
if ! command -v valgrind >/dev/null; then
  echo "valgrind missing"; echo "RESULT 0 1"; exit 1
fi
for spec in "ctime_crypto:" "ctime_eth:tests/ctime/eth.supp"; do
  name=${spec%%:*}; supp=${spec#*:}
  bin=$B/ctime/$name
  if [ ! -x "$bin" ]; then echo "FAIL: missing $bin (make $bin)"; fail=$((fail + 1)); continue; fi
  # 1. outside valgrind it must refuse
  if "$bin" >/dev/null 2>&1; then echo "FAIL: $bin passed without valgrind"; fail=$((fail + 1)); else pass=$((pass + 1)); fi
  # 2. under valgrind: no error may be reported
  out=$(valgrind -q --error-exitcode=42 --track-origins=yes ${supp:+--suppressions=$supp} "$bin" 2>&1)
  rc=$?
  echo "$out" | grep -v '^RESULT' | head -60
  line=$(echo "$out" | grep -E '^RESULT [0-9]+ [0-9]+$' | tail -n 1)
  if [ "$rc" -eq 0 ] && [ -n "$line" ]; then
    pass=$((pass + $(echo "$line" | awk '{print $2}')))
    fail=$((fail + $(echo "$line" | awk '{print $3}')))
  else
    echo "FAIL: $name: valgrind exit $rc (42 = secret-dependent branch or index reported)"
    fail=$((fail + 1))
  fi
done
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
