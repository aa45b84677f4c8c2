#!/usr/bin/env bash
# Fuzz smoke: runs every fuzzer (one per tests/fuzz/fuzz_<name>.c, built by mk/fuzz.mk
# into $B/fuzz) for a short time on a scratch copy of its committed seed corpus.
# A crash, leak or sanitizer report is a failure; UBSan reports are fatal too
# (halt_on_error=1), and a target whose source exists but is not built counts as a failure.
# Prints the executions per target. ZKS_FUZZ_SECONDS sets the time per target (default 15).
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
secs=${ZKS_FUZZ_SECONDS:-15}
# UBSan: stop at the first report (libFuzzer then counts a crash and writes the input);
# ASan's reports stop the run anyway.
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
pass=0; fail=0
for src in tests/fuzz/fuzz_*.c; do
  f="$B/fuzz/$(basename "$src" .c)"
  name=$(basename "$f"); name=${name#fuzz_}
  if [ ! -x "$f" ]; then
    echo "fuzz $name: FAILED (not built: make fuzzers B=$B)"; fail=$((fail + 1)); continue
  fi
  work=$(mktemp -d)
  if [ -d "tests/fuzz/corpus/$name" ]; then cp -r "tests/fuzz/corpus/$name/." "$work/"; fi
  if "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/crash-" "$work" >"$work.log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log" | tail -n 1)
    echo "fuzz $name: ok (${execs:-?} executions in ${secs} s)"; pass=$((pass + 1))
  else
    echo "fuzz $name: FAILED"; tail -n 30 "$work.log"; fail=$((fail + 1))
    ls "$work"/crash-* 2>/dev/null | head -3 | while read -r c; do echo "artifact: $(xxd -p "$c" | head -c 400)"; done
  fi
  rm -rf "$work" "$work.log"
done
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
