#!/usr/bin/env bash
# The one test runner of `make check`. Runs, in order:
#   1. unit      every build/tests/test_* (includes the differential runs against the references)
#   2. asan      the same programs built with ASan+UBSan (ZKS_QUICK=1: fewer random cases)
#   3. valgrind  the normal programs under valgrind memcheck (ZKS_QUICK=1)
#   4. suites    every tests/suites/*.sh (ctime, fuzz smoke, devnet, bindings, ...)
# Each program prints "RESULT <passed> <failed> [<skipped>]" as its last such line.
# A program that prints no RESULT line, exits non-zero with no failure counted,
# or is missing, counts as one failure; a run in which no program ran at all fails.
# Skips (checks that cannot run here, e.g. without ../shared) are counted apart
# and never as passes. Ends with "N passed, N failed, N skipped".
# ZKS_PHASES="unit asan valgrind suites" selects phases; ZKS_ONLY=regex filters programs.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
phases=${ZKS_PHASES:-unit asan valgrind suites}
only=${ZKS_ONLY:-.}
total_pass=0
total_fail=0
total_skip=0
programs=0
log_dir=$B/test-logs
mkdir -p "$log_dir"

run_one() { # name, command...
  local name=$1; shift
  local log="$log_dir/${name//\//_}.log"
  local start=$SECONDS
  "$@" >"$log" 2>&1
  local rc=$?
  local line p=0 f=0 s=0 why=""
  programs=$((programs + 1))
  line=$(grep -E '^RESULT [0-9]+ [0-9]+( [0-9]+)?$' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    read -r _ p f s <<<"$line"
    s=${s:-0}
  else
    f=1; why=" (no RESULT line)"
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; why=" (exit status $rc)"; fi
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
  local st=ok; [ "$f" -ne 0 ] && st=FAIL
  [ "$st" = ok ] && [ "$p" -eq 0 ] && [ "$s" -gt 0 ] && st=SKIP
  printf '%-5s %-44s %6d passed %4d failed %4d skipped  (%ds)%s\n' "$st" "$name" "$p" "$f" "$s" $((SECONDS - start)) "$why"
  if [ "$s" -ne 0 ]; then grep -E '^SKIP' "$log" | head -n 5 | sed 's/^/      /'; fi
  if [ "$f" -ne 0 ]; then
    echo "----- $log (last 40 lines) -----"; tail -n 40 "$log"; echo "-----"
  fi
}

for phase in $phases; do
  case $phase in
    unit)
      for t in "$B"/tests/test_*; do
        [ -x "$t" ] || continue; echo "$t" | grep -qE "$only" || continue
        run_one "unit/$(basename "$t")" "$t"
      done ;;
    asan)
      for t in "$B"/asan/tests/test_*; do
        [ -x "$t" ] || continue; echo "$t" | grep -qE "$only" || continue
        ZKS_QUICK=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
          run_one "asan/$(basename "$t")" env ZKS_QUICK=1 "$t"
      done ;;
    valgrind)
      if ! command -v valgrind >/dev/null; then echo "valgrind missing"; total_fail=$((total_fail + 1)); continue; fi
      for t in "$B"/tests/test_*; do
        [ -x "$t" ] || continue; echo "$t" | grep -qE "$only" || continue
        run_one "valgrind/$(basename "$t")" env ZKS_QUICK=1 valgrind -q --error-exitcode=99 --leak-check=full \
          --errors-for-leak-kinds=definite,indirect "$t"
      done ;;
    suites)
      for s in tests/suites/*.sh; do
        [ -f "$s" ] || continue; echo "$s" | grep -qE "$only" || continue
        run_one "suite/$(basename "$s" .sh)" bash "$s"
      done ;;
    *) echo "unknown phase $phase"; total_fail=$((total_fail + 1)) ;;
  esac
done

if [ "$programs" -eq 0 ]; then
  echo "no test program ran (empty build, or ZKS_ONLY matched nothing): counted as a failure"
  total_fail=$((total_fail + 1))
fi
echo
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
