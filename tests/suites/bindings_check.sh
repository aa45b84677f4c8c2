#!/usr/bin/env bash
# The header and the bindings cannot drift: tools/check_bindings.py checks that the
# generated layers are current and that every ZKS_API function is bound in Python
# and Go or listed in bindings/UNBOUND.txt. Each check counts as one test.
set -u
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
out=$("$PY" tools/check_bindings.py 2>&1); rc=$?
echo "$out"
line=$(echo "$out" | grep -E '^CHECKS [0-9]+ [0-9]+$' | tail -n 1)
if [ -z "$line" ]; then echo "RESULT 0 1"; exit 1; fi
p=$(echo "$line" | awk '{print $2}'); f=$(echo "$line" | awk '{print $3}')
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "RESULT $p $f"
[ "$f" -eq 0 ]
