#!/usr/bin/env bash
# Provider suite for `make check`: runs tests/integration/test_provider_devnet (every read
# method of zks_provider and zks_eth_rpc) against a fresh local devnet, plus the
# same program under valgrind. Starts the devnet itself and always stops it.
# Prints "RESULT <passed> <failed>" as its last line.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
bin=$B/tests/test_provider_devnet
if [ ! -x "$bin" ]; then echo "missing $bin (make tests)"; echo "RESULT 0 1"; exit 1; fi
if [ ! -x tests/devnet/start.sh ] && [ ! -f tests/devnet/start.sh ]; then
  echo "SKIP no devnet (tests/devnet/start.sh)"; echo "RESULT 0 0 1"; exit 0
fi
state=$(mktemp -u "${TMPDIR:-/tmp}/zks-provider-devnet.XXXXXX.json")
cleanup() { bash tests/devnet/stop.sh "$state" >/dev/null 2>&1; rm -f "$state" "$state.log"; }
trap cleanup EXIT INT TERM
if ! bash tests/devnet/start.sh "$state"; then
  echo "devnet did not start"; echo "RESULT 0 1"; exit 1
fi
pass=0; fail=0
run() {
  local out line
  out=$("$@" 2>&1); local rc=$?
  echo "$out" | grep -v '^RESULT' | tail -n 20
  line=$(echo "$out" | grep -E '^RESULT [0-9]+ [0-9]+' | tail -n 1)
  if [ -n "$line" ]; then
    pass=$((pass + $(echo "$line" | awk '{print $2}'))); fail=$((fail + $(echo "$line" | awk '{print $3}')))
  else
    fail=$((fail + 1))
  fi
  if [ $rc -ne 0 ] && [ -z "$line" -o "$(echo "$line" | awk '{print $3}')" = 0 ]; then fail=$((fail + 1)); fi
}
export ZKS_DEVNET_STATE=$state
run "$bin"
if command -v valgrind >/dev/null; then
  run valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$bin"
fi
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
