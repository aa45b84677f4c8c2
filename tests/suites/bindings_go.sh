#!/usr/bin/env bash
# Go binding (bindings/go/zksync): gofmt, go vet and go test against the build tree
# (cgo finds libzksync through $B/bindings/pkgconfig, written by `make bindings`), and
# the Go example builds. Offline: GOPROXY=off, no external modules, caches under $B.
# Each `go test` test (and subtest) counts as one test; vet, gofmt, example: one each.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
root=$PWD
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
if ! command -v go >/dev/null; then echo "go missing (make deps: golang-go)"; echo "RESULT 0 1"; exit 1; fi
pcdir=$root/$B/bindings/pkgconfig
if [ ! -f "$pcdir/libzksync.pc" ] || [ ! -e "$root/$B/libzksync.so.0" ]; then
  echo "run 'make bindings' first ($pcdir/libzksync.pc, $B/libzksync.so.0)"; echo "RESULT 0 1"; exit 1
fi
export PKG_CONFIG_PATH=$pcdir LD_LIBRARY_PATH=$root/$B${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export GOCACHE=$root/$B/bindings/go/cache GOPATH=$root/$B/bindings/go/path GOMODCACHE=$root/$B/bindings/go/path/pkg/mod
export GOPROXY=off GOSUMDB=off GOFLAGS=-buildvcs=false GO111MODULE=on CGO_ENABLED=1 GOTOOLCHAIN=local GOTELEMETRY=off GOENV=off
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cd "$root/bindings/go/zksync" || exit 1
unformatted=$(gofmt -l . $([ -d "$root/examples/go" ] && echo "$root/examples/go") 2>&1)
[ -z "$unformatted" ] && ok || bad "gofmt: $unformatted"
go vet ./... >"$tmp/vet.log" 2>&1 && ok || { bad "go vet"; cat "$tmp/vet.log"; }

go test -count=1 -timeout 300s -json ./... >"$tmp/test.json" 2>"$tmp/test.err"; rc=$?
read -r p f < <(/usr/bin/python3 - "$tmp/test.json" <<'PYEOF'
import json, sys
p = f = 0
for line in open(sys.argv[1]):
    try:
        ev = json.loads(line)
    except ValueError:
        continue
    if ev.get("Output") and ev.get("Test") is None:
        sys.stderr.write(ev["Output"])
    if ev.get("Test") and ev.get("Action") in ("pass", "fail"):
        if ev["Action"] == "pass":
            p += 1
        else:
            f += 1
            sys.stderr.write(f"--- FAIL {ev['Test']}\n")
    if ev.get("Test") and ev.get("Action") == "output" and ("FAIL" in ev["Output"] or "_test.go" in ev["Output"]):
        sys.stderr.write(ev["Output"])
print(p, f)
PYEOF
)
pass=$((pass + p)); fail=$((fail + f))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then bad "go test exited $rc"; cat "$tmp/test.err"; head -50 "$tmp/test.json"; fi

if [ -f "$root/examples/go/go.mod" ]; then
  (cd "$root/examples/go" && mkdir -p "$tmp/examples" && go build -o "$tmp/examples/" ./... && go vet ./...) >"$tmp/ex.log" 2>&1 && ok ||
    { bad "examples/go build"; cat "$tmp/ex.log"; }
fi
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
