#!/usr/bin/env bash
# Quiet-machine A/B of Chicory's access path through NativeChicoryMemory before and after the
# class was split (see README.md). OLD: benchmarks.jar built at 0463323; NEW: at 58a1e29.
# WASM: benchmarks/src/main/c/access.c built as run.sh builds it for a full run
# (clang --target=wasm32-wasi -O2 -mbulk-memory -DWORDS=1048576 -DPASSES=4).
set -euo pipefail
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OLD=$1; NEW=$2; WASM=$3; OUT=$(dirname "$0")
for round in 1 2 3; do
  for which in old new; do
    case $which in old) jar=$OLD ;; new) jar=$NEW ;; esac
    echo "$(date -u +%H:%M:%S) $which round $round load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
    $J -Djmh.ignoreLock=true -jar "$jar" 'ChicoryAccessBenchmark' -p memory=memctl,byte-array \
      -p accessProgram="$WASM" -f 1 -wi 10 -i 20 -rf json -rff "$OUT/ab-$which-$round.json" > "$OUT/ab-$which-$round.txt" 2>&1
  done
done
echo "$(date -u +%H:%M:%S) end load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
