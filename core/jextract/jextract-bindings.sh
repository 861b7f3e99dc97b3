#!/usr/bin/env bash
# Generates a module's bindings with jextract, one run per *.args file in MODULE/jextract, each
# reading the *.h file it names, into OUT (default MODULE/src/main/java, i.e. in place). The
# regenerate.sh of each module with generated bindings calls this; see native-linux/jextract/regenerate.sh.
#
#   jextract-bindings.sh MODULE PACKAGE_PATH [OUT]
#
# jextract is $JEXTRACT, else `jextract` on PATH, else ../shared/tools/jextract/jextract beside the
# repository. The committed output is that last one's (OpenJDK jextract with Debian's libclang 14);
# another build may word its output differently. Exit status 3: no jextract that can run here
# (the message says what is missing); JextractDrift skips its check then.
set -euo pipefail

module="$(cd "$1" && pwd)"
package="$2"
out="${3:-$module/src/main/java}"

jextract="${JEXTRACT:-}"
if [ -z "$jextract" ]; then
  if command -v jextract >/dev/null 2>&1; then
    jextract=jextract
  elif [ -x "$module/../../shared/tools/jextract/jextract" ]; then
    jextract="$(cd "$module/../../shared/tools/jextract" && pwd)/jextract"
  else
    echo "regenerate.sh: no jextract: put it on PATH, set JEXTRACT, or have ../shared/tools/jextract beside the repository" >&2
    exit 3
  fi
fi
if ! version="$("$jextract" --version 2>&1)"; then
  echo "regenerate.sh: $jextract cannot run here: $version" >&2
  exit 3
fi
echo "$jextract: $(echo "$version" | tr '\n' ' ')"

mkdir -p "$out/$package"
# Whatever an earlier run generated goes, so that a binding dropped from the *.args goes too;
# package-info.java is ours.
find "$out/$package" -maxdepth 1 -name '*.java' ! -name package-info.java -delete
cd "$module/jextract"
for args in *.args; do
  echo "jextract @$args"
  "$jextract" --output "$out" "@$args"
done
