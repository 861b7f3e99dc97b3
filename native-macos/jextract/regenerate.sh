#!/bin/sh
# Generates the macOS bindings with jextract from the macOS SDK. Run on a Mac with jextract on the
# PATH. The output goes to native-macos/target/jextract (or the directory given as $1), not over
# the sources, which are still hand-written in jextract 22's shape (README.md). The CI workflow's
# jextract-macos-windows job runs this and uploads the output, for a maintainer to commit.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
command -v jextract >/dev/null 2>&1 || { echo "jextract is not on the PATH; get it from https://jdk.java.net/jextract/" >&2; exit 1; }
sdk=$(xcrun --show-sdk-path)
out="${1:-$here/../target/jextract}"
rm -rf "$out"
mkdir -p "$out"
for spec in sys_mman_h:sys/mman.h unistd_h:unistd.h string_h:string.h errno_h:sys/errno.h libproc_h:libproc.h; do
  cls=${spec%%:*}
  header=${spec#*:}
  jextract @"$here/$cls.args" -I "$sdk/usr/include" --output "$out" "$sdk/usr/include/$header"
done
echo "generated into $out"
echo "compare: diff -r $out/dev/memctl/macos/bindings $here/../src/main/java/dev/memctl/macos/bindings"
