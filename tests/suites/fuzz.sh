#!/usr/bin/env bash
# Fuzz smoke: runs every built fuzzer for a short time on a scratch copy of its
# committed seed corpus. A crash, leak or sanitizer report is a failure.
# ZKS_FUZZ_SECONDS sets the time per target (default 15).
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
secs=${ZKS_FUZZ_SECONDS:-15}
pass=0; fail=0
for f in "$B"/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f"); name=${name#fuzz_}
  work=$(mktemp -d)
  if [ -d "tests/fuzz/corpus/$name" ]; then cp -r "tests/fuzz/corpus/$name/." "$work/"; fi
  if "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
       -artifact_prefix="$work/crash-" "$work" >"$work.log" 2>&1; then
    echo "fuzz $name: ok ($(grep -c . "$work.log") log lines)"; pass=$((pass + 1))
  else
    echo "fuzz $name: FAILED"; tail -n 30 "$work.log"; fail=$((fail + 1))
    ls "$work"/crash-* 2>/dev/null | head -3 | while read -r c; do echo "artifact: $(xxd -p "$c" | head -c 400)"; done
  fi
  rm -rf "$work" "$work.log"
done
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
