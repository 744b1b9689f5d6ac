#!/usr/bin/env bash
# check_public_api.sh SOURCE_DIR: the line between the core's public API and its internals.
#   1. The public API is the set of headers core/polarcad.h includes; each of them may
#      include only other public headers (so no internal type leaks through one).
#   2. The command-line tool (cli/) and the WebAssembly shims (wasm/) include no core
#      header but polarcad.h (their own headers beside them are fine).
# Prints every violation and exits 1 if there is one.
set -u
src=${1:?usage: check_public_api.sh SOURCE_DIR}
core=$src/core
fail=0

# The "..." includes of a file, one per line.
includes() { sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1"; }

# A header path relative to core/, resolved from the folder of the including file.
resolve() { realpath -m --relative-to="$core" "$(dirname "$1")/$2"; }

mapfile -t public < <(includes "$core/polarcad.h")
[ "${#public[@]}" -gt 0 ] || { echo "check_public_api: polarcad.h includes nothing"; exit 1; }
is_public() { local h; for h in "${public[@]}"; do [ "$h" = "$1" ] && return 0; done; return 1; }

for h in "${public[@]}"; do
  [ -f "$core/$h" ] || { echo "polarcad.h includes $h, which does not exist"; fail=1; continue; }
  while read -r inc; do
    [ -n "$inc" ] || continue
    target=$(resolve "$core/$h" "$inc")
    if ! is_public "$target"; then
      echo "public header $h includes internal header $target"
      fail=1
    fi
  done < <(includes "$core/$h")
done

for f in "$src"/cli/*.[ch] "$src"/wasm/*.c; do
  [ -f "$f" ] || continue
  while read -r inc; do
    [ -n "$inc" ] || continue
    [ "$inc" = polarcad.h ] && continue
    [ -f "$(dirname "$f")/$inc" ] && continue   # the tool's own headers
    echo "${f#"$src"/} includes core header $inc: use polarcad.h (or make the function public there)"
    fail=1
  done < <(includes "$f")
done

if [ "$fail" = 0 ]; then
  echo "check_public_api: ${#public[@]} public headers, none includes an internal one; cli/ and wasm/ use only polarcad.h"
fi
exit "$fail"
