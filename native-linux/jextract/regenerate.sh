#!/usr/bin/env bash
# Regenerates the Linux bindings, dev.memctl.linux.bindings, with jextract: one run per *.args
# file here, each reading the *.h file it names. The output is committed as it comes out; nobody
# edits it (errno is captured by the provider's code, through dev.memctl.spi.CapturedError).
#
#   native-linux/jextract/regenerate.sh            rewrites src/main/java/dev/memctl/linux/bindings
#   native-linux/jextract/regenerate.sh DIR        writes DIR/dev/memctl/linux/bindings instead
#
# JextractDriftTest runs the second form into target/ and fails on any difference from the
# committed sources. jextract is $JEXTRACT, else `jextract` on PATH, else
# ../shared/tools/jextract/jextract beside the repository (core/jextract/jextract-bindings.sh);
# exit status 3 means none can run here.
#
# Definitions newer than the oldest supported kernel headers (PAGEMAP_SCAN and its structs,
# PIDFD_SELF) come from linux_uapi_newer.h, so every machine generates the same text.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/../../core/jextract/jextract-bindings.sh" "$here/.." dev/memctl/linux/bindings "$@"
