#!/usr/bin/env bash
# Documentation checks: docs/api.md is what tools/gen_api_docs.py makes of the header,
# every status code is in docs/ABI.md, and the docs the README and docs/README.md link exist.
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
/usr/bin/python3 tools/gen_api_docs.py --check && ok || bad "docs/api.md out of date"
for code in $(sed -n 's/^ *\(ZKS_\(OK\|ERR_[A-Z0-9_]*\)\) = [0-9]*,\{0,1\} .*/\1/p' include/zksync.h); do
  grep -q "\`$code\`" docs/ABI.md && ok || bad "status $code missing from docs/ABI.md"
done
for f in $(grep -oE '\]\([a-z0-9_.-]+\.md\)' docs/README.md | tr -d '()]'); do
  [ -f "docs/$f" ] && ok || bad "docs/README.md links missing docs/$f"
done
for c in 'make demo' 'make check'; do grep -q "$c" README.md && ok || bad "README lacks '$c'"; done
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
