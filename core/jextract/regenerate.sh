#!/usr/bin/env bash
# Regenerates the core's C-library bindings, dev.memctl.internal.bindings (memset from
# <string.h>; calloc and free from <stdlib.h>), with jextract: one run per *.args file here. The
# output is committed as it comes out; nobody edits it.
#
#   core/jextract/regenerate.sh            rewrites src/main/java/dev/memctl/internal/bindings
#   core/jextract/regenerate.sh DIR        writes DIR/dev/memctl/internal/bindings instead
#
# JextractDriftTest runs the second form into target/ and fails on any difference from the
# committed sources. jextract is found by jextract-bindings.sh; exit status 3 means none can run here.
#
# The output is Linux x86-64's (LP64: size_t is C_LONG). It serves macOS too; on Windows, where
# long is 32 bits, the core does not call these bindings (see the package's package-info.java).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/jextract-bindings.sh" "$here/.." dev/memctl/internal/bindings "$@"
