#!/usr/bin/env bash
# The full devnet flow in each binding language: examples/python/devnet_flow.py (accounts[3],
# [4]) and examples/go/devnet_flow (accounts[5], [6]) on ONE devnet: deposits (ETH + ERC20
# with approve), ECDSA signing keys, transfer, swap, NFT mint + transfer, fast withdrawal,
# pending-balance withdrawal on L1, each with balance checks.
# Each "ok <step>" line a program prints is a pass, each "FAIL <step>" a failure; a program
# that exits non-zero without a FAIL line, or passes fewer steps than it has, is a failure too.
# Needs `make bindings` (lib + pkg-config) and tests/devnet/node_modules (tools/deps.sh).
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
root=$PWD
pass=0; fail=0
steps=8   # setup + 7 flow steps per program
mkdir -p "$B/devnet" "$B/test-logs"
state=$root/$B/devnet/bindflow.$$.json
trap 'bash tests/devnet/stop.sh "$state"' EXIT

if [ ! -e "$B/libzksync.so.0" ]; then echo "missing $B/libzksync.so.0 (make bindings)"; echo "RESULT 0 1"; exit 1; fi
if ! bash tests/devnet/start.sh "$state" --verify-delay 200; then
  echo "FAIL: devnet did not start"; echo "RESULT 0 1"; exit 1
fi

# count <name> <log> <rc>: adds the program's ok/FAIL step lines to the totals.
count() {
  local name=$1 log=$2 rc=$3 p f
  p=$(grep -c '^ok ' "$log"); f=$(grep -c '^FAIL ' "$log")
  grep -E '^(ok|FAIL) ' "$log" | sed "s/^/  $name: /"
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then echo "FAIL: $name exited $rc"; tail -n 20 "$log"; fail=$((fail + 1)); fi
  if [ "$rc" -eq 0 ] && [ "$p" -ne "$steps" ]; then echo "FAIL: $name passed $p of $steps steps"; fail=$((fail + 1)); fi
  if [ "$f" -ne 0 ]; then tail -n 30 "$log"; fi
}

plog=$B/test-logs/bindings-flow-python.out
ZKSYNC_LIB=$root/$B/libzksync.so.0 PYTHONPATH=$root/bindings/python \
  timeout 120 /usr/bin/python3 examples/python/devnet_flow.py "$state" >"$plog" 2>&1
count python "$plog" $?

glog=$B/test-logs/bindings-flow-go.out
if ! command -v go >/dev/null; then
  echo "FAIL: go missing (make deps: golang-go)"; fail=$((fail + 1))
elif [ ! -f "$B/bindings/pkgconfig/libzksync.pc" ]; then
  echo "FAIL: run 'make bindings' first ($B/bindings/pkgconfig/libzksync.pc)"; fail=$((fail + 1))
else
  (
    export PKG_CONFIG_PATH=$root/$B/bindings/pkgconfig LD_LIBRARY_PATH=$root/$B${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export GOCACHE=$root/$B/bindings/go/cache GOPATH=$root/$B/bindings/go/path GOMODCACHE=$root/$B/bindings/go/path/pkg/mod
    export GOPROXY=off GOSUMDB=off GOFLAGS=-buildvcs=false GO111MODULE=on CGO_ENABLED=1 GOTOOLCHAIN=local GOTELEMETRY=off GOENV=off
    cd examples/go && timeout 300 go run ./devnet_flow "$state"
  ) >"$glog" 2>&1
  count go "$glog" $?
fi

echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
