#!/usr/bin/env bash
# Static protection against none, single accesses, on a quiet machine (see README.md).
# JAR: benchmarks.jar built at main (the accessors split by class, f294bcd and later).
set -euo pipefail
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAR=$1; OUT=$(dirname "$0")
log() { echo "$(date -u +%H:%M:%S) $1 load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"; }
log start
$J -Djmh.ignoreLock=true -jar "$JAR" 'ProtectionBenchmark\.(getInt|getLong|getLongReadOnly|setInt|setLong)$' \
  -p kind=unprotected,static,virtual -p loaded=one,all -f 2 -wi 3 -w 1s -i 6 -r 1s \
  -rf json -rff "$OUT/protection-accesses.json" > "$OUT/protection-accesses.txt" 2>&1
log end
