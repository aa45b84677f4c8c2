#!/usr/bin/env bash
# Double-spend suite (issue #13): the devnet scenarios of tests/integration/test_wallet_double_spend.c
# (lost tx_submit / submit_txs_batch / eth_sendRawTransaction replies, the mempool window, slow
# blocks, a fee change between tries, a restart with the journal file and with the journal hook,
# an L1 deposit, a hostile fee quote), each run ZKS_DS_RUNS times (default 4) with the normal
# build, then once with ASan+UBSan. Fails on any extra payment; prints the counts.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
export B
runs=${ZKS_DS_RUNS:-4}
pass=0; fail=0
mkdir -p "$B/test-logs"
for prog in "$B/tests/test_wallet_double_spend" "$B/asan/tests/test_wallet_double_spend"; do
  if [ ! -x "$prog" ]; then echo "missing $prog (make tests)"; fail=$((fail + 1)); continue; fi
  n=$runs
  case "$prog" in */asan/*) n=1 ;; esac
  log="$B/test-logs/double_spend.$(basename "$(dirname "$(dirname "$prog")")").out"
  ZKS_DS_RUNS=$n ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    timeout 300 "$prog" >"$log" 2>&1
  rc=$?
  grep '^double-spend:' "$log" | sort -u
  res=$(grep -E '^RESULT [0-9]+ [0-9]+' "$log" | tail -n 1)
  extra=$(grep -E '^double-spend: [0-9]+ scenario runs' "$log" | tail -n 1)
  if [ $rc -eq 0 ] && [ -n "$extra" ] && echo "$extra" | grep -q ' 0 extra payments'; then
    pass=$((pass + 1)); echo "ok   $prog ($res)"
  else
    fail=$((fail + 1)); echo "FAIL $prog rc=$rc ($res)"; grep -E 'FAIL|ERROR|EXTRA' "$log" | head -n 20
  fi
done
echo "RESULT $pass $fail"
[ $fail -eq 0 ]
