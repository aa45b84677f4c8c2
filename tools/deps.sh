#!/usr/bin/env bash
# Installs what libzksync needs to build and test, when it is missing:
# Debian packages (when run as root) and the pinned npm packages (npm ci).
# Idempotent and quiet when everything is there.
set -eu
cd "$(dirname "$0")/.."

missing=()
need_pkg() { # package, test-command...
  local pkg=$1; shift
  "$@" >/dev/null 2>&1 || missing+=("$pkg")
}
hdr() { [ -f "/usr/include/$1" ]; }
need_pkg build-essential command -v cc make
need_pkg pkg-config command -v pkg-config
need_pkg libsecp256k1-dev hdr secp256k1_recovery.h
need_pkg libsodium-dev hdr sodium.h
need_pkg libcurl4-openssl-dev hdr x86_64-linux-gnu/curl/curl.h
need_pkg libcjson-dev hdr cjson/cJSON.h
need_pkg libmbedtls-dev hdr mbedtls/pkcs5.h
need_pkg valgrind command -v valgrind
need_pkg clang command -v clang
need_pkg libclang-rt-14-dev bash -c 'ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a'
need_pkg nodejs command -v node
need_pkg npm command -v npm
need_pkg python3-pytest test -x /usr/bin/python3 -a -d /usr/lib/python3/dist-packages/pytest
need_pkg python3-pip /usr/bin/python3 -m pip --version
need_pkg golang-go command -v go
# curl.h may live in another multiarch dir
if printf '%s\n' "${missing[@]:-}" | grep -qx libcurl4-openssl-dev && [ -f /usr/include/curl/curl.h ]; then
  missing=("${missing[@]/libcurl4-openssl-dev}")
fi
pkgs=$(printf '%s ' "${missing[@]:-}" | xargs echo)
if [ -n "$pkgs" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing Debian packages: $pkgs" >&2
    echo "deps: run as root, or: sudo apt-get install $pkgs" >&2
    exit 1
  fi
  echo "deps: installing $pkgs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
fi

# npm packages, pinned by lockfiles; reinstalled only when the lockfile changed.
for d in tests/oracle tests/devnet; do
  [ -f "$d/package-lock.json" ] || continue
  stamp="$d/node_modules/.lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$d/package-lock.json" "$stamp"; then
    echo "deps: npm ci in $d"
    (cd "$d" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
    cp "$d/package-lock.json" "$stamp"
  fi
done
