#!/usr/bin/env bash
# `make demo`: starts the local devnet (tests/devnet/start.sh), runs
# build/examples/demo against it (then the smaller deposit and full_exit
# examples), and stops the devnet again, also on failure or Ctrl-C.
# Exits non-zero if anything fails. B=<build dir> (default build).
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
bin="$B/examples/demo"
if [ ! -x "$bin" ]; then echo "run-demo: $bin is missing; run: make lib examples" >&2; exit 1; fi
for d in demo_crypto sign_offline; do # offline demos of other parts, when built
  if [ -x "$B/examples/$d" ]; then
    echo "=== $d"
    "$B/examples/$d" || { echo "run-demo: $d failed" >&2; exit 1; }
  fi
done
mkdir -p "$B/devnet"
state="$B/devnet/demo.$$.json"
cleanup() { bash tests/devnet/stop.sh "$state" >/dev/null 2>&1; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
echo "=== starting the devnet"
bash tests/devnet/start.sh "$state" || { echo "run-demo: the devnet did not start" >&2; exit 1; }
echo "=== demo"
start=$SECONDS
"$bin" "$state"
rc=$?
echo "=== demo finished in $((SECONDS - start)) s with status $rc"
[ $rc -eq 0 ] || exit $rc
for ex in deposit full_exit; do
  if [ -x "$B/examples/$ex" ]; then
    echo "=== $ex"
    "$B/examples/$ex" "$state" || { echo "run-demo: $ex failed" >&2; exit 1; }
  fi
done
echo "=== all demos passed"
exit 0
