#!/usr/bin/env bash
# Runs every benchmark in build/bench/ and every bench/*.js reference timing.
set -u
cd "$(dirname "$0")/.."
for b in build/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" || echo "(failed: $b)"
done
