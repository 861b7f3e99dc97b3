#!/usr/bin/env bash
# Regenerates the core's C-library bindings (memset from <string.h>, calloc and free from
# <stdlib.h>) with jextract (22 or later, e.g. ../shared/tools/jextract), into core/target/jextract
# (or the directory given as $1), for comparison with the checked-in source in
# src/main/java/dev/memctl/internal/bindings.
#
# The checked-in source is this output in jextract 22's one-class shape, minus the unused
# upcallHandle/align helpers (see the bindings' package-info.java); the script does not overwrite
# it. The three functions have the same prototypes on Linux, macOS and Windows (size_t is 64 bits
# on all three), so the output of any of them serves. Check the result with CLibraryHeadersTest.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../target/jextract}"
bindings="$here/../src/main/java/dev/memctl/internal/bindings"

if ! command -v jextract >/dev/null 2>&1; then
  echo "regenerate.sh: jextract is not on PATH; get jextract 22+ from https://jdk.java.net/jextract/" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
cd "$here"
for args in *.args; do
  echo "jextract @$args"
  jextract --output "$out" "@$args"
done

echo
echo "Generated into $out. Compare with the checked-in bindings:"
echo "  diff -ru '$out/dev/memctl/internal/bindings' '$bindings'"
