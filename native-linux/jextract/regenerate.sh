#!/usr/bin/env bash
# Regenerates the Linux bindings with jextract (22 or later) from this machine's headers, into
# native-linux/target/jextract (or the directory given as $1), for comparison with the checked-in
# sources in src/main/java/dev/memctl/linux/bindings.
#
# The checked-in sources are this output with two documented hand edits (see the bindings'
# package-info.java), so the script does not overwrite them:
#   1. every function whose errno the provider reads is linked with
#      Linker.Option.captureCallState("errno") and takes the capture segment as its first
#      parameter (wrappers and variadic invokers' apply);
#   2. the unused upcallHandle/align helpers are dropped.
# Apply them to the new output by hand, then run LinuxHeadersTest.
#
# PAGEMAP_SCAN and its structs need kernel headers from Linux 6.7+, PIDFD_SELF from 6.14+. Where
# the installed linux-libc-dev is older, point KERNEL_HEADERS at newer ones, e.g. the usr/include
# of `make headers_install` from a kernel tree:  KERNEL_HEADERS=/tmp/linux-headers/include ./regenerate.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../target/jextract}"
bindings="$here/../src/main/java/dev/memctl/linux/bindings"

if ! command -v jextract >/dev/null 2>&1; then
  echo "regenerate.sh: jextract is not on PATH; get jextract 22+ from https://jdk.java.net/jextract/" >&2
  exit 1
fi

include=()
if [ -n "${KERNEL_HEADERS:-}" ]; then
  include=(-I "$KERNEL_HEADERS")
elif ! echo '#include <linux/fs.h>' | cpp -dM - 2>/dev/null | grep -q PAGEMAP_SCAN; then
  echo "regenerate.sh: the installed kernel headers predate PAGEMAP_SCAN (Linux 6.7);" \
       "set KERNEL_HEADERS to newer ones or sys_ioctl_h comes out without it" >&2
fi

rm -rf "$out"
mkdir -p "$out"
cd "$here"
for args in *.args; do
  echo "jextract @$args"
  jextract "${include[@]}" --output "$out" "@$args"
done

echo
echo "Generated into $out. Compare with the checked-in bindings:"
echo "  diff -ru '$out/dev/memctl/linux/bindings' '$bindings'"
