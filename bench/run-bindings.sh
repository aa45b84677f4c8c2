#!/usr/bin/env bash
# Binding overhead: a Transfer signed (zkSync signature) through the C call, the Python
# binding and the Go binding, and by zksync.js Signer.signSyncTransfer, in the same run.
# Usage: bench/run-bindings.sh [seconds per measurement]
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
secs=${1:-1}
root=$PWD
make --no-print-directory -s bindings >/dev/null || { echo "run-bindings: make bindings failed"; exit 1; }
c=$("$B/bench/bench_tx" "$secs" tx_sign | awk '/^tx_sign/ {print $2}')
py=$(ZKSYNC_LIB=$root/$B/libzksync.so.0 PYTHONPATH=$root/bindings/python /usr/bin/python3 - "$secs" <<'PY'
import sys, time
from libzksync import ZkSigner, tx
secs = float(sys.argv[1])
signer = ZkSigner.from_eth_private_key(bytes([1] * 32), 9)
t = {"type": "Transfer", "accountId": 42, "from": "0x1a642f0e00000000000000000000000000000000",
     "to": "0x" + "19" * 20, "token": 0, "amount": 1500000000000000000, "fee": 100000000000000,
     "nonce": 7, "validFrom": 0, "validUntil": 4294967295}
tx.tx_signature(t, signer)
n, t0 = 0, time.perf_counter()
while time.perf_counter() - t0 < secs:
    tx.tx_signature(t, signer)
    n += 1
print(f"{n / (time.perf_counter() - t0):.1f}")
PY
)
export PKG_CONFIG_PATH=$root/$B/bindings/pkgconfig LD_LIBRARY_PATH=$root/$B${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export GOCACHE=$root/$B/bindings/go/cache GOPATH=$root/$B/bindings/go/path GOPROXY=off GOSUMDB=off GOFLAGS=-buildvcs=false GOTOOLCHAIN=local
go=$(cd bench/go && go run . "$secs" 2>&1 | awk '/^tx_sign/ {print $2}')
js=$(node bench/ref_tx.js "$secs" 2>/dev/null | awk '/^transfer_sign/ {print $2}')
printf '%-28s %12s %14s %14s\n' "Transfer zkSync signature" "ops/s" "vs C" "vs zksync.js"
for row in "C:$c" "Python binding:$py" "Go binding:$go" "zksync.js 0.13.1:$js"; do
  name=${row%%:*}; v=${row#*:}
  if [ -z "$v" ]; then printf '%-28s %12s\n' "$name" "failed"; continue; fi
  awk -v n="$name" -v v="$v" -v c="$c" -v j="$js" 'BEGIN {
    printf "%-28s %12.1f %13.2fx %13.1fx\n", n, v, (c > 0 ? v / c : 0), (j > 0 ? v / j : 0) }'
done
