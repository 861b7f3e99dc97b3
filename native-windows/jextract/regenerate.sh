#!/bin/sh
# Generates the Windows bindings with jextract. Run on 64-bit Windows (Git Bash) with jextract on
# the PATH and the Windows SDK installed: jextract must parse the headers as x64 Windows (LLP64),
# which it does only there. The output goes to native-windows/target/jextract (or the directory
# given as $1), not over the sources, which are still hand-written in jextract 22's shape
# (README.md). The CI workflow's jextract-macos-windows job runs this and uploads the output, for
# a maintainer to commit.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jx=jextract
command -v "$jx" >/dev/null 2>&1 || jx=jextract.bat
command -v "$jx" >/dev/null 2>&1 || { echo "jextract is not on the PATH; get it from https://jdk.java.net/jextract/" >&2; exit 1; }
out="${1:-$here/../target/jextract}"
rm -rf "$out"
mkdir -p "$out"
# Git Bash passes /c/... paths to a Windows program as they are inside "@..."; give it C:\... ones.
native() { if command -v cygpath >/dev/null 2>&1; then cygpath -w "$1"; else printf '%s' "$1"; fi; }
for cls in windows_h psapi_h; do
  "$jx" @"$(native "$here/$cls.args")" --output "$(native "$out")" "$(native "$here/$cls.h")"
done
echo "generated into $out"
echo "compare: diff -r $out/dev/memctl/windows/bindings $here/../src/main/java/dev/memctl/windows/bindings"
