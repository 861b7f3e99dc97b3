#!/bin/sh
# Builds memctl measure --workload's default program, the churn allocator, from its C source
# (chicory/src/test/c/churn.c, which ChurnProgramTest also builds and runs) into
# cli/src/main/resources/dev/memctl/cli/churn.wasm, and records what it was built from in
# churn.properties beside it. ChurnWasmTest fails when churn.c no longer matches that record.
#
# Needs clang with the wasm32 target, lld and wasi-libc (Debian: clang lld wasi-libc
# libclang-rt-14-dev-wasm32). CC_WASM32 names another clang, WASI_SYSROOT another sysroot.
#
# Usage: cli/src/main/wasm/build-churn.sh [OUTPUT_DIR]   (default: the resource directory)
set -eu

root=$(CDPATH='' cd -- "$(dirname -- "$0")/../../../.." && pwd -P)
source=chicory/src/test/c/churn.c
out=${1:-$root/cli/src/main/resources/dev/memctl/cli}
cc=${CC_WASM32:-clang}
# -O2 -mbulk-memory as in ChurnBuild (memset becomes one memory.fill); --strip-debug drops the
# DWARF sections wasi-libc brings (110 KiB) and keeps the name section for readable traps.
flags="--target=wasm32-wasi -O2 -mbulk-memory -Wall -Wextra -Werror -Wl,--strip-debug"
if [ -n "${WASI_SYSROOT:-}" ]; then
  flags="$flags --sysroot=$WASI_SYSROOT"
fi

mkdir -p "$out"
cd "$root"
# shellcheck disable=SC2086 # flags is a list
"$cc" $flags -o "$out/churn.wasm" "$source"
{
  echo "# Written by cli/src/main/wasm/build-churn.sh; ChurnWasmTest checks source.sha256 against the source."
  echo "source=$source"
  echo "source.sha256=$(sha256sum "$source" | cut -d' ' -f1)"
  echo "wasm.sha256=$(sha256sum "$out/churn.wasm" | cut -d' ' -f1)"
  echo "compiler=$("$cc" --version | head -n 1)"
  echo "flags=$flags"
} > "$out/churn.properties"
echo "built $out/churn.wasm ($(wc -c < "$out/churn.wasm") bytes) from $source" >&2
