#!/usr/bin/env bash
# `make demo`: starts the local devnet (tests/devnet/start.sh), runs
# build/examples/demo against it (then the smaller deposit and full_exit
# examples), then shuts the devnet down as the operator did in 2026
# (build/examples/sunset) and gets the funds out with build/bin/zksync-exit:
# the snapshot checked against L1, claims, a repeated claim, pending balances.
# Stops the devnet again, also on failure or Ctrl-C.
# Exits non-zero if anything fails. B=<build dir> (default build).
set -u -o pipefail
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

# ---- the shutdown and the claims (docs/exit.md) ----
exit_tool="$B/bin/zksync-exit"
for x in "$B/examples/sunset" "$exit_tool"; do
  [ -x "$x" ] || { echo "run-demo: $x is missing; run: make lib examples" >&2; exit 1; }
done
say() { printf '\n=== %s\n' "$*"; }
run() { echo "\$ ${*//$state/<state>}"; "$@"; }
say "shutdown: the operator switches zkSync Lite off; L2 and deposits are refused"
"$B/examples/sunset" "$state" switch || { echo "run-demo: sunset failed" >&2; exit 1; }
# The state file now names the snapshot folder, the distributor and the accounts.
get() { node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1]));const v=process.argv[2].split(".").reduce((o,k)=>o[k],s);console.log(v)' "$state" "$1"; }
l1=$(get l1Url); contract=$(get mainContract); snap=$(get snapshotDir)
acct_a=$(get accounts.0.address); acct_b=$(get accounts.1.address)
work="$B/devnet/demo.$$.exit"; rm -rf "$work"; mkdir -p "$work"
cleanup() { bash tests/devnet/stop.sh "$state" >/dev/null 2>&1; rm -rf "$work"; }
echo "snapshot files in $snap:"; ls -l "$snap"
say "the network state on L1 (read-only)"
run "$exit_tool" status --l1 "$l1" --contract "$contract" || exit 1
say "the leaves derived from the snapshot equal the published new_leaves.csv"
run "$exit_tool" create-new-leaves --accounts "$snap/accounts.csv" --balances "$snap/balances.csv" \
  --tokens "$snap/tokens.csv" --output "$work/my_leaves.csv" || exit 1
if cmp "$work/my_leaves.csv" "$snap/new_leaves.csv"; then echo "derived leaves == new_leaves.csv (byte for byte)"
else echo "run-demo: the derived leaves differ from new_leaves.csv" >&2; exit 1; fi
run "$exit_tool" calculate-root-for-keccak-tree "$snap/new_leaves.csv" || exit 1
say "the claim root equals the one on L1; the state root equals the stateHash of the last block"
run "$exit_tool" verify --l1 "$l1" --contract "$contract" --leaves "$snap/new_leaves.csv" || exit 1
run "$exit_tool" verify-snapshot --l1 "$l1" --contract "$contract" --accounts "$snap/accounts.csv" \
  --balances "$snap/balances.csv" --tokens "$snap/tokens.csv" --leaves "$snap/new_leaves.csv" --no-checkpoint || exit 1
# A sends the claims and withdrawals of both accounts (anyone may send them; the funds go to the owner).
export ZKS_DEMO_KEY; ZKS_DEMO_KEY=$(get accounts.0.privateKey)
say "the proofs of account A (the reference tool's JSON)"
run "$exit_tool" create-proof --account "$acct_a" --tokens 0x0000000000000000000000000000000000000000 \
  "$snap/new_leaves.csv" || exit 1
say "pending balances on L1: USDC (not migrated) is withdrawn, ETH (migrated) is reported: claim it"
run "$exit_tool" pending --l1 "$l1" --contract "$contract" --account "$acct_a" --account "$acct_b" \
  --tokens-csv "$snap/tokens.csv" --withdraw --key-env ZKS_DEMO_KEY || exit 1
say "anyone may migrate a token: B moves the contract's USDC to the claim distributor"
usdc=$(get tokens.USDC.address)
export ZKS_DEMO_KEY_B; ZKS_DEMO_KEY_B=$(get accounts.1.privateKey)
run "$exit_tool" migrate --l1 "$l1" --contract "$contract" --token "$usdc" || exit 1
run "$exit_tool" migrate --l1 "$l1" --contract "$contract" --token "$usdc" --send --key-env ZKS_DEMO_KEY_B || exit 1
unset ZKS_DEMO_KEY_B
say "L1 balances before the claims"
"$B/examples/sunset" "$state" balances || exit 1
claim=("$exit_tool" claim --l1 "$l1" --contract "$contract" --leaves "$snap/new_leaves.csv"
       --account "$acct_a" --account "$acct_b" --journal "$work/claims.journal")
say "claim plan (dry run)"
run "${claim[@]}" || exit 1
say "claims sent"
run "${claim[@]}" --send --key-env ZKS_DEMO_KEY || exit 1
say "L1 balances after the claims"
"$B/examples/sunset" "$state" balances || exit 1
say "the same claims again: already claimed, nothing is sent"
run "${claim[@]}" --send --key-env ZKS_DEMO_KEY | tee "$work/again.out" || exit 1
grep -qi "already claimed" "$work/again.out" || { echo "run-demo: the repeat did not report 'already claimed'" >&2; exit 1; }
unset ZKS_DEMO_KEY
echo
echo "=== all demos passed"
exit 0
