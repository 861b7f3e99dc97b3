#!/bin/sh
# Fetches the WebAssembly spec tests that chicory's SpecConformanceTest runs: the 16 linear-memory
# .wast files (and the LICENSE) of github.com/WebAssembly/testsuite at commit 88e97b0f (2025-07-09),
# the commit Chicory 1.7.5 runs its own spec tests against. They go to ../shared/wasm-testsuite
# beside the repository, where the tests look by default, or to the directory given as $1 (then
# pass -Dmemctl.wasm.testsuite=<that directory> to Maven).
#
#   .ci/fetch-wasm-testsuite.sh [directory]
#
# Needs git (a partial clone; tried with 2.39). Only the commit's trees and these 17 files are
# downloaded, not the repository's history or its other tests. The GitHub workflow runs it on every OS; this project's own CI has the same files in
# ../shared already. MEMCTL_WASM_TESTSUITE_URL points at another clone (for testing this script).
set -eu

commit=88e97b0f742f4c3ee01fea683da130f344dd7b02
url=${MEMCTL_WASM_TESTSUITE_URL:-https://github.com/WebAssembly/testsuite.git}
files="address.wast align.wast bulk.wast data.wast endianness.wast float_memory.wast load.wast
  memory.wast memory_copy.wast memory_fill.wast memory_grow.wast memory_init.wast
  memory_redundancy.wast memory_size.wast memory_trap.wast store.wast LICENSE"

root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/../shared/wasm-testsuite}

if [ -e "$dest" ]; then
  missing=
  for f in $files; do
    [ -f "$dest/$f" ] || missing="$missing $f"
  done
  if [ -z "$missing" ]; then
    echo "$dest has the spec tests already"
    exit 0
  fi
  echo "$dest exists but lacks:$missing; remove it and run this again" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git init -q "$tmp"
# The bytes as committed, also where Git for Windows would turn LF into CRLF.
git -C "$tmp" config core.autocrlf false
git -C "$tmp" remote add origin "$url"
# One commit, without blobs; checking the files out then fetches just theirs.
git -C "$tmp" fetch -q --depth 1 --filter=blob:none origin "$commit"
# shellcheck disable=SC2086 # $files is a list of plain names
git -C "$tmp" checkout -q FETCH_HEAD -- $files
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
# shellcheck disable=SC2086
(cd "$tmp" && cp $files "$dest/")
echo "fetched the spec tests at $commit into $dest"
