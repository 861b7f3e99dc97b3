#!/usr/bin/env bash
# Reproducible-build check: builds the published artifacts twice, from two copies of this tree at
# two different paths, and fails unless every jar (classes, tests, sources, javadoc) is byte for
# byte the same. project.build.outputTimestamp (pom.xml) fixes the archive times; this catches
# what it does not (a build path, a date or an order that leaks into a class, a resource or a
# javadoc page).
#
# Usage: .ci/reproducible.sh [extra Maven arguments, e.g. -o -Dmaven.repo.local=...]
# REPRODUCIBLE_DIR keeps the two builds there (default: a temporary directory, removed on exit).
# Takes two `package -DskipTests` builds of the published modules (about 4 minutes each on two
# cores). Run by its own GitHub workflow job, not by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

# What memctl-bom lists, and the parent (-am); benchmarks, stress and consumer-test are not published.
modules=bom,core,native-linux,native-macos,native-windows,all,chicory,cli

if [ -n "${REPRODUCIBLE_DIR:-}" ]; then
  work=$REPRODUCIBLE_DIR
  rm -rf "$work"
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

a=$work/first/memctl
b=$work/second/memctl-again
# Both copies are taken before either build, so an edit made meanwhile cannot tell them apart:
# tracked files and new ones not ignored, as a commit of this tree would hold them; no target/.
git ls-files -z --cached --others --exclude-standard \
  | tar -cf "$work/tree.tar" --no-recursion --ignore-failed-read --null --files-from=-
for dir in "$a" "$b"; do
  mkdir -p "$dir"
  tar -xf "$work/tree.tar" -C "$dir"
done
for dir in "$a" "$b"; do
  echo "=== building in $dir" >&2
  (cd "$dir" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true "$@" -pl "$modules" -am package)
done

checked=0
differ=0
while IFS= read -r jar; do
  rel=${jar#"$a"/}
  if [ ! -f "$b/$rel" ]; then
    echo "MISSING in the second build: $rel"
    differ=$((differ + 1))
  elif cmp -s "$jar" "$b/$rel"; then
    printf '%s  %s\n' "$(sha256sum "$jar" | cut -d' ' -f1)" "$rel"
  else
    echo "DIFFERS: $rel (entries whose size or CRC differ:)"
    diff <(unzip -v "$jar" | sed 1,3d) <(unzip -v "$b/$rel" | sed 1,3d) | sed 's/^/    /' | head -n 40 || true
    differ=$((differ + 1))
  fi
  checked=$((checked + 1))
done < <(find "$a" -path '*/target/*.jar' -not -path '*/target/lib/*' | sort)

if [ "$checked" -eq 0 ]; then
  echo "no jars were built" >&2
  exit 1
fi
if [ "$differ" -ne 0 ]; then
  echo "NOT reproducible: $differ of $checked jars differ between two builds" >&2
  exit 1
fi
echo "reproducible: $checked jars byte-identical in two builds"
