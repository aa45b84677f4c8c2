#!/usr/bin/env bash
# Runs the devnet examples (examples/run-demo.sh: demo, deposit, full_exit, then
# the shutdown with sunset and zksync-exit) as a test suite: one check per marker. The unit programs test_wallet_* and
# test_l1_* start their own devnets; this suite covers the examples.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
export B
pass=0; fail=0
for ex in demo deposit full_exit sunset; do
  if [ ! -x "$B/examples/$ex" ]; then echo "missing $B/examples/$ex (make examples)"; fail=$((fail + 1)); fi
done
if [ $fail -eq 0 ]; then
  log="$B/test-logs/wallet-demo.out"
  mkdir -p "$B/test-logs"
  bash examples/run-demo.sh >"$log" 2>&1
  rc=$?
  tail -n 25 "$log"
  [ -x "$B/bin/zksync-exit" ] || { echo "missing $B/bin/zksync-exit (make examples)"; fail=$((fail + 1)); }
  for marker in "demo: all steps passed" "customer balance:" "full exit done" \
      "server code 305: L2 transactions are disabled." "derived leaves == new_leaves.csv" \
      "match: the leaves are the ones on L1" "verdict: the snapshot matches L1" \
      "migrated to the claim distributor: claim it instead" "1 migrated now, 0 already migrated, 0 failed" \
      "claimed now      6" "already claimed  6" "NFT (not claimable through the token call)" \
      "=== all demos passed"; do
    if grep -q "$marker" "$log"; then pass=$((pass + 1)); else echo "FAIL: '$marker' not seen"; fail=$((fail + 1)); fi
  done
  if [ $rc -eq 0 ]; then pass=$((pass + 1)); else echo "FAIL: run-demo.sh exited $rc"; fail=$((fail + 1)); fi
fi
echo "RESULT $pass $fail"
[ $fail -eq 0 ]
