#!/usr/bin/env bash
# Constant-time check: runs build/ctime/ctime_eth under valgrind memcheck, which
# reports any branch or memory index that depends on the undefined-marked secrets
# (Ethereum keys, login signatures, BIP-39 entropy, seeds). Also checks that the program refuses to pass outside valgrind.
# Last line: RESULT <passed> <failed>.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
bin=$B/ctime/ctime_eth
pass=0; fail=0
if [ ! -x "$bin" ]; then
  echo "missing $bin (make $bin)"; echo "RESULT 0 1"; exit 1
fi
if ! command -v valgrind >/dev/null; then
  echo "valgrind missing"; echo "RESULT 0 1"; exit 1
fi
# 1. outside valgrind it must refuse
if "$bin" >/dev/null 2>&1; then echo "FAIL: $bin passed without valgrind"; fail=$((fail + 1)); else pass=$((pass + 1)); fi
# 2. under valgrind: no error may be reported
out=$(valgrind -q --error-exitcode=42 --track-origins=yes --suppressions=tests/ctime/eth.supp "$bin" 2>&1)
rc=$?
echo "$out" | grep -v '^RESULT' | head -60
line=$(echo "$out" | grep -E '^RESULT [0-9]+ [0-9]+$' | tail -n 1)
if [ "$rc" -eq 0 ] && [ -n "$line" ]; then
  pass=$((pass + $(echo "$line" | awk '{print $2}')))
  fail=$((fail + $(echo "$line" | awk '{print $3}')))
else
  echo "FAIL: valgrind exit $rc (42 = secret-dependent branch or index reported)"
  fail=$((fail + 1))
fi
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
