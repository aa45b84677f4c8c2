#!/usr/bin/env bash
# Self-test of tests/run.sh: runs it (unit phase) on temporary fake build dirs
# whose "test programs" are small scripts, and checks the totals line and exit
# status it reports. A missing RESULT line, a non-zero exit with no failure
# counted, and an empty build are failures; skips are counted apart, never as
# passes; a clean program is not failed.
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

prog() { # dir, name, shell body
  mkdir -p "$tmp/$1/tests"
  printf '#!/bin/sh\n%s\n' "$3" > "$tmp/$1/tests/$2"
  chmod +x "$tmp/$1/tests/$2"
}
# case: description, build dir, wanted totals line, wanted exit (0 or nonzero), [ZKS_ONLY]
case_() {
  local what=$1 dir=$2 want=$3 want_rc=$4 only=${5:-.}
  mkdir -p "$tmp/$dir"
  local out rc totals
  out=$(B="$tmp/$dir" ZKS_PHASES=unit ZKS_ONLY="$only" bash tests/run.sh 2>&1); rc=$?
  totals=$(tail -n 1 <<<"$out")
  if [ "$totals" = "$want" ]; then ok; else bad "$what: totals '$totals', want '$want'"; echo "$out" | sed 's/^/    /'; fi
  if [ "$want_rc" = 0 ]; then
    [ "$rc" -eq 0 ] && ok || bad "$what: exit $rc, want 0"
  else
    [ "$rc" -ne 0 ] && ok || bad "$what: exit 0, want non-zero"
  fi
  printf '%s\n' "$out" > "$tmp/$dir.out"
}

prog noresult test_noresult 'echo "all fine, honest"; exit 0'
case_ "no RESULT line" noresult "0 passed, 1 failed, 0 skipped" 1
grep -q 'no RESULT line' "$tmp/noresult.out" && ok || bad "no RESULT line: reason not shown"

prog badexit test_badexit 'echo "RESULT 5 0"; exit 3'
case_ "exit 3 with RESULT 5 0" badexit "5 passed, 1 failed, 0 skipped" 1
grep -q 'exit status 3' "$tmp/badexit.out" && ok || bad "non-zero exit: reason not shown"

prog skips test_skips 'echo "SKIP x.c:1: no ../shared"; echo "SKIP x.c:2: no devnet"; echo "RESULT 0 0 2"'
case_ "only skips" skips "0 passed, 0 failed, 2 skipped" 0
grep -qE '^SKIP +unit/test_skips' "$tmp/skips.out" && ok || bad "skipping program not shown as SKIP"

case_ "empty build" empty "0 passed, 1 failed, 0 skipped" 1
grep -q 'no test program ran' "$tmp/empty.out" && ok || bad "empty build: reason not shown"

# Controls: a clean program passes, a counted failure is not counted twice,
# the last RESULT line wins, and the totals add up over programs.
prog good test_good 'echo "RESULT 1 1"; echo "RESULT 3 0 1"'
case_ "clean program" good "3 passed, 0 failed, 1 skipped" 0
prog counted test_counted 'echo "RESULT 2 1 0"; exit 1'
case_ "counted failure" counted "2 passed, 1 failed, 0 skipped" 1
mkdir -p "$tmp/mixed/tests"
for d in noresult badexit skips good counted; do cp "$tmp/$d/tests/"* "$tmp/mixed/tests/"; done
case_ "five programs together" mixed "10 passed, 3 failed, 3 skipped" 1
case_ "ZKS_ONLY matching nothing" good "0 passed, 1 failed, 0 skipped" 1 'no_such_program'
prog notexec test_notexec 'echo "RESULT 9 0"'
chmod -x "$tmp/notexec/tests/test_notexec"
case_ "non-executable file only" notexec "0 passed, 1 failed, 0 skipped" 1

echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
