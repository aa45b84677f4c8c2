#!/usr/bin/env bash
# `make install` into a scratch DESTDIR, then build a program against the
# installed header, pkg-config file and shared library, and run it.
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
stage=$dest/stage
if make --no-print-directory install DESTDIR="$stage" PREFIX=/opt/zks >"$dest/log" 2>&1; then ok; else bad "make install DESTDIR"; cat "$dest/log"; fi
root=$stage/opt/zks
v=$(make --no-print-directory -s version)
for f in include/zksync.h lib/libzksync.a lib/libzksync.so.$v lib/libzksync.so.0 lib/libzksync.so lib/pkgconfig/libzksync.pc; do
  [ -e "$root/$f" ] && ok || bad "missing $f"
done
[ "$(readlink "$root/lib/libzksync.so.0")" = "libzksync.so.$v" ] && ok || bad "soname link"
grep -qx 'prefix=/opt/zks' "$root/lib/pkgconfig/libzksync.pc" && ok || bad "pc prefix"
make --no-print-directory uninstall DESTDIR="$stage" PREFIX=/opt/zks >/dev/null 2>&1
[ ! -e "$root/include/zksync.h" ] && [ ! -e "$root/lib/libzksync.so" ] && ok || bad "uninstall left files"

# A real prefix: build and run a program through pkg-config, shared and static.
prefix=$dest/prefix
make --no-print-directory install PREFIX="$prefix" >"$dest/log" 2>&1 && ok || { bad "make install PREFIX"; cat "$dest/log"; }
cat > "$dest/app.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <zksync.h>
int main(void) {
  if (strcmp(zks_version_string(), ZKS_VERSION_STRING) != 0) return 1;
  printf("%s\n", zks_strerror(ZKS_ERR_NOT_PACKABLE));
  return 0;
}
C
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
if cc "$dest/app.c" $(pkg-config --cflags --libs libzksync) -o "$dest/app" 2>"$dest/err"; then ok; else bad "compile against installed pc: $(cat "$dest/err")"; fi
if LD_LIBRARY_PATH=$prefix/lib "$dest/app" >/dev/null 2>&1; then ok; else bad "run against installed .so"; fi
# libzksync itself static, its dependencies shared (static curl needs -dev packages nobody has)
if cc "$dest/app.c" $(pkg-config --cflags libzksync) "$prefix/lib/libzksync.a" \
     $(pkg-config --libs libsecp256k1 libsodium libcurl libcjson) -lmbedcrypto -o "$dest/app_static" 2>"$dest/err" && "$dest/app_static" >/dev/null; then
  ok; else bad "static link: $(cat "$dest/err")"; fi
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
