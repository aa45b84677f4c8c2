#!/usr/bin/env bash
# ABI checks: the shared library exports exactly the zks_* functions declared in
# include/zksync.h (nothing internal leaks, nothing declared is missing), has the
# right soname, and every size macro equals its function (libsodium's constcheck).
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

so=$B/libzksync.so.$(make --no-print-directory -s version)
[ -f "$so" ] || { echo "no $so"; echo "RESULT 0 1"; exit 1; }
exported=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sed 's/@.*//' | sort -u)
declared=$(grep -E '^ZKS_API' include/zksync.h | grep -oE '\bzks_[a-z0-9_]+\(' | tr -d '(' | sort -u)
leaks=$(comm -23 <(echo "$exported") <(echo "$declared"))
missing=$(comm -13 <(echo "$exported") <(echo "$declared"))
[ -z "$leaks" ] && ok || bad "exported but not declared in zksync.h: $leaks"
[ -z "$missing" ] && ok || bad "declared in zksync.h but not exported: $missing"
echo "$exported" | grep -qv '^zks_' && bad "non-zks_ symbols exported" || ok
soname=$(readelf -d "$so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = "libzksync.so.0" ] && ok || bad "soname is '$soname'"

# constcheck: every ZKS_*_BYTES / ZKS_*_CHARS macro that has a zks_*_bytes() / zks_*_chars() function must agree.
tmp=$(mktemp -d)
{
  echo '#include <stdio.h>'
  echo '#include "zksync.h"'
  echo 'int main(void) { int bad = 0, n = 0;'
  for m in $(grep -oE "#define ZKS_[A-Z0-9_]+_(BYTES|CHARS)\b" include/zksync.h | awk '{print $2}' | sort -u); do
    fn=$(echo "$m" | tr 'A-Z' 'a-z')
    if grep -q "\b$fn(void)" include/zksync.h; then
      echo "  n++; if ((size_t)$m != $fn()) { printf(\"mismatch $m\\n\"); bad++; }"
    fi
  done
  echo '  printf("%d %d\n", n - bad, bad); return bad != 0; }'
} > "$tmp/cc.c"
if cc -Iinclude "$tmp/cc.c" "$B/libzksync.a" $(pkg-config --libs libsecp256k1 libsodium libcurl libcjson) -lmbedcrypto -lm -o "$tmp/cc" 2>"$tmp/err"; then
  read -r p f < <("$tmp/cc")
  pass=$((pass + p)); fail=$((fail + f))
else
  bad "constcheck did not compile: $(head -5 "$tmp/err")"
fi
rm -rf "$tmp"

# Struct rule (docs/ABI.md): a struct starts with struct_size, or it is listed as frozen
# in docs/ABI.md ("FROZEN:" lines); never both, never neither.
if out=$(python3 - <<'PYEOF'
import re
h = open("include/zksync.h").read()
doc = open("docs/ABI.md").read()
m = re.search(r"FROZEN:(.*?)\n\s*No struct", doc, re.S)
frozen = set(m.group(1).split()) if m else set()
bad = []
for s in re.finditer(r"typedef struct (\w+) \{(.*?)\} (\w+);", h, re.S):
    name, versioned = s.group(3), s.group(2).strip().startswith("uint32_t struct_size")
    if versioned == (name in frozen):
        bad.append(name + (" has struct_size but is listed as frozen" if versioned else " has no struct_size and is not listed as frozen in docs/ABI.md"))
bad += [n + " is listed as frozen but is no struct of the header" for n in frozen - set(re.findall(r"\} (\w+);", h))]
print("\n".join(bad))
PYEOF
) && [ -z "$out" ]; then ok; else bad "struct rule: $out"; fi

# The header compiles on its own as C and as C++ (extern "C" guards).
echo '#include "zksync.h"' | cc -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -x c -c - -o /dev/null && ok || bad "header not self-contained (C99)"
if command -v g++ >/dev/null; then
  echo '#include "zksync.h"' | g++ -Wall -Wextra -Werror -Iinclude -x c++ -c - -o /dev/null && ok || bad "header not valid C++"
fi
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
