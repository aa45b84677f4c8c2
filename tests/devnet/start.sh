#!/usr/bin/env bash
# Starts the devnet in the background, in its own process group, and waits until both
# endpoints answer. Writes the JSON state file (format: docs/devnet.md).
# Usage: tests/devnet/start.sh <statefile> [server options, e.g. --verify-delay 200]
# Stop it with tests/devnet/stop.sh <statefile>. The server log is <statefile>.log.
set -u
if [ $# -lt 1 ]; then echo "usage: $0 <statefile> [server options]" >&2; exit 2; fi
state=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/ganache" ] || [ ! -d "$here/node_modules/zksync" ]; then
  echo "devnet: $here/node_modules is missing; run: bash tools/deps.sh" >&2; exit 1
fi
if [ -f "$state" ]; then bash "$here/stop.sh" "$state" >/dev/null 2>&1; fi
rm -f "$state"
log="$state.log"
: >"$log" || { echo "devnet: cannot write $log" >&2; exit 1; }
# setsid: the server leads its own process group, so stop.sh can end it and its children at once.
setsid node "$here/server.js" --port 0 --l1-port 0 --quiet --state-out "$state" "$@" </dev/null >>"$log" 2>&1 &
launcher=$!
deadline=$((SECONDS + ${DEVNET_START_TIMEOUT:-60}))
while [ ! -s "$state" ]; do
  if ! kill -0 "$launcher" 2>/dev/null; then
    echo "devnet: server exited during start-up; log:" >&2; tail -n 20 "$log" >&2; exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "devnet: not ready in time; log:" >&2; tail -n 20 "$log" >&2
    kill -TERM -- "-$launcher" 2>/dev/null; sleep 1; kill -KILL -- "-$launcher" 2>/dev/null
    exit 1
  fi
  sleep 0.1
done
# Both endpoints answer?
if ! node -e '
const http = require("http");
const st = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const call = (url, method) => new Promise((res, rej) => {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] });
  const r = http.request(url, { method: "POST", headers: { "Content-Type": "application/json" }, timeout: 5000 }, (resp) => {
    let d = ""; resp.on("data", (c) => (d += c)); resp.on("end", () => { try { JSON.parse(d).result !== undefined ? res() : rej(new Error(d)); } catch (e) { rej(e); } });
  });
  r.on("error", rej); r.on("timeout", () => r.destroy(new Error("timeout"))); r.end(body);
});
Promise.all([call(st.l1Url, "eth_chainId"), call(st.zksyncUrl, "get_zksync_version")]).then(() => process.exit(0), (e) => { console.error(String(e)); process.exit(1); });
' "$state"; then
  echo "devnet: endpoints do not answer; stopping" >&2
  bash "$here/stop.sh" "$state"; exit 1
fi
echo "devnet: ready ($state)"
