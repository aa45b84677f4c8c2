#!/usr/bin/env bash
# `make bench`: every benchmark, each measuring libzksync and the reference
# (zksync-crypto / zksync.js / ethers in node) in the same run and printing ratios.
# ZKS_BENCH_SECONDS sets the time per measured operation (default 1).
# B=<build dir> (default build; `make bench B=...` passes it).
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
secs=${ZKS_BENCH_SECONDS:-1}
status=0
# bench_exit: the claim tree of 1,000,000 leaves against merkletreejs, then 10,000,000 (time, memory).
for b in bench_crypto bench_tx bench_state bench_exit; do
  echo "== $b"
  "$B/bench/$b" "$secs" || status=1
  echo
done
# The submit benchmark needs a devnet: start one, set two accounts up with zksync.js, measure, stop.
echo "== bench_submit (devnet)"
state=$(mktemp -u /tmp/zks-bench-devnet.XXXXXX.json)
if bash tests/devnet/start.sh "$state" --block-interval 100 >/dev/null; then
  trap 'bash tests/devnet/stop.sh "$state" >/dev/null 2>&1; rm -f "$state.log"' EXIT
  if node bench/ref_submit.js "$state" setup >/dev/null; then
    "$B/bench/bench_submit" "$state" "$((secs * 3))" || status=1
  else
    echo "bench_submit: setup failed"; status=1
  fi
else
  echo "bench_submit: devnet did not start"; status=1
fi
for extra in bench/run-*.sh; do
  [ -f "$extra" ] || continue
  echo; echo "== $(basename "$extra" .sh)"
  bash "$extra" "$secs" || status=1
done
exit $status
