#!/usr/bin/env bash
# Quiet-machine re-run of the protection A/B (see README.md). Jars: OLD built at 90f7dcd, NEW at main.
set -euo pipefail
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OLD=$1; NEW=$2; OUT=$(dirname "$0")
opts=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
for round in 1 2; do
  for which in old new; do
    jar=$OLD; [ $which = new ] && jar=$NEW
    echo "$(date -u +%H:%M:%S) $which round $round load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
    $J -Djmh.ignoreLock=true -jar "$jar" 'AccessBenchmark|LoadStoreBenchmark' -p memory=memctl "${opts[@]}" \
      -rf json -rff "$OUT/ab-$which-$round.json" > "$OUT/ab-$which-$round.txt" 2>&1
  done
done
echo "$(date -u +%H:%M:%S) protection load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
$J -Djmh.ignoreLock=true -jar "$NEW" 'ProtectionBenchmark\.(getInt|getLong|getLongReadOnly|setInt|setLong)$' \
  -f 2 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$OUT/protection-accesses.json" > "$OUT/protection-accesses.txt" 2>&1
echo "$(date -u +%H:%M:%S) end load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
