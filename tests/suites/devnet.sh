#!/usr/bin/env bash
# zksync.js faithfulness suite for the local devnet (tests/devnet): starts a devnet on free
# ports, drives it with the real zksync.js 0.13.1 + ethers 5.7.2, stops it (always).
# Run from the repo root. Last line of output: RESULT <passed> <failed>.
set -u
cd "$(dirname "$0")/../.." || { echo "RESULT 0 1"; exit 1; }
dir=tests/devnet
if [ ! -d "$dir/node_modules/zksync" ] || [ ! -d "$dir/node_modules/ganache" ]; then
  echo "devnet: $dir/node_modules missing (run: bash tools/deps.sh)"
  echo "RESULT 0 1"; exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zks-devnet.XXXXXX") || { echo "RESULT 0 1"; exit 1; }
state="$tmp/devnet.json"
cleanup() { bash "$dir/stop.sh" "$state" >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
if ! bash "$dir/start.sh" "$state"; then
  echo "devnet: start failed"; cat "$state.log" 2>/dev/null | tail -n 20
  echo "RESULT 0 1"; exit 1
fi
timeout "${DEVNET_SUITE_TIMEOUT:-240}" node "$dir/suite.js" "$state" >"$tmp/suite.out" 2>&1
rc=$?
grep -v '^RESULT ' "$tmp/suite.out"
res=$(grep -E '^RESULT [0-9]+ [0-9]+$' "$tmp/suite.out" | tail -n 1)
if [ -s "$state.log" ] && grep -q . "$state.log"; then echo "--- devnet log ---"; tail -n 20 "$state.log"; fi
if [ -z "$res" ]; then
  echo "devnet: suite produced no RESULT (rc=$rc)"; echo "RESULT 0 1"; exit 1
fi
echo "$res"
[ "$rc" -eq 0 ]
