#!/usr/bin/env bash
# Python binding (bindings/python): pytest over bindings/python/tests with Debian's
# /usr/bin/python3 and python3-pytest, against the build tree's shared library, then an
# offline `pip install` of the package into a scratch dir and an import of it there.
# Each pytest test counts as one test; pytest's summary becomes the RESULT line.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
PY=/usr/bin/python3
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
so=$PWD/$B/libzksync.so.0
if [ ! -e "$so" ]; then echo "no $so (make lib)"; echo "RESULT 0 1"; exit 1; fi
if ! "$PY" -c 'import pytest' 2>/dev/null; then echo "python3-pytest missing (make deps)"; echo "RESULT 0 1"; exit 1; fi
export ZKSYNC_LIB=$so PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$PWD/bindings/python

# 1. pytest (junit XML gives exact counts; exit code 5 = no tests collected)
"$PY" -m pytest -p no:cacheprovider -q -rfE --junitxml="$tmp/junit.xml" bindings/python/tests; rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests"; fail=$((fail + 1))
elif [ -f "$tmp/junit.xml" ]; then
  read -r p f < <("$PY" - "$tmp/junit.xml" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
suites = [r] if r.tag == "testsuite" else r.findall("testsuite")
t = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skip = sum(int(s.get("skipped", 0)) for s in suites)
print(t - bad - skip, bad)
PYEOF
)
  pass=$((pass + p)); fail=$((fail + f))
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && fail=$((fail + 1))
else
  echo "pytest wrote no report (exit $rc)"; fail=$((fail + 1))
fi

# 2. the package installs offline with Debian's pip + setuptools (built from a copy,
#    so no build/ or *.egg-info appears in the source tree) and works from there.
if "$PY" -m pip --version >/dev/null 2>&1; then
  cp -r bindings/python "$tmp/src"
  rm -rf "$tmp/src/tests"
  if "$PY" -m pip install --quiet --no-build-isolation --no-index --no-deps --no-cache-dir \
       --disable-pip-version-check --target "$tmp/site" "$tmp/src" >"$tmp/pip.log" 2>&1 &&
     (cd "$tmp" && PYTHONPATH=$tmp/site "$PY" -c '
import libzksync, sys
assert libzksync.__file__.startswith(sys.argv[1]), libzksync.__file__
assert libzksync.library_version() == libzksync.__version__
import importlib.resources as r
assert (r.files("libzksync") / "py.typed").is_file()
print("pip install ok:", libzksync.__file__)' "$tmp/site"); then
    pass=$((pass + 1))
  else
    echo "FAIL: pip install of bindings/python"; cat "$tmp/pip.log"; fail=$((fail + 1))
  fi
else
  echo "SKIP: pip is not installed for $PY (Debian package python3-pip); install test not run"
fi

# 3. the example runs
if [ -f examples/python/sign.py ]; then
  if "$PY" examples/python/sign.py >"$tmp/ex.log" 2>&1; then pass=$((pass + 1)); else
    echo "FAIL: examples/python/sign.py"; cat "$tmp/ex.log"; fail=$((fail + 1)); fi
fi
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
