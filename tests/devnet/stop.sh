#!/usr/bin/env bash
# Stops a devnet started by start.sh (its whole process group) and removes the state file
# (and <statefile>.snapshot, the default snapshot folder of devnet_sunset).
# Idempotent: a missing state file or an already stopped devnet is fine.
# Usage: tests/devnet/stop.sh <statefile>
set -u
if [ $# -ne 1 ]; then echo "usage: $0 <statefile>" >&2; exit 2; fi
state=$1
[ -f "$state" ] || exit 0
num() { sed -n "s/^  \"$1\": \([0-9][0-9]*\),\$/\1/p" "$state" | head -n 1; }
pid=$(num pid); pgid=$(num pgid)
ours() { # is $1 still our devnet server (and not a recycled pid)?
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'devnet/server.js'
}
if ours "$pid"; then
  if [ -n "$pgid" ] && [ "$pgid" = "$pid" ]; then kill -TERM -- "-$pgid" 2>/dev/null; else kill -TERM "$pid" 2>/dev/null; fi
  for _ in $(seq 1 50); do ours "$pid" || break; sleep 0.1; done
  if ours "$pid"; then
    if [ -n "$pgid" ] && [ "$pgid" = "$pid" ]; then kill -KILL -- "-$pgid" 2>/dev/null; else kill -KILL "$pid" 2>/dev/null; fi
  fi
fi
rm -f "$state"
# the shutdown switch's default snapshot folder (devnet_sunset without snapshotDir)
if [ -d "$state.snapshot" ]; then rm -rf -- "$state.snapshot"; fi
exit 0
