#!/usr/bin/env bash
# Second A/B after the 'plain' fast path (see README.md): OLD at 90f7dcd against NEW with it.
set -euo pipefail
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OLD=$1; NEW=$2; OUT=$(dirname "$0")
opts=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
for round in 1 2; do
  for which in old plain; do
    jar=$OLD; [ $which = plain ] && jar=$NEW
    echo "$(date -u +%H:%M:%S) $which round $round load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
    $J -Djmh.ignoreLock=true -jar "$jar" 'AccessBenchmark|LoadStoreBenchmark' -p memory=memctl "${opts[@]}" \
      -rf json -rff "$OUT/ab2-$which-$round.json" > "$OUT/ab2-$which-$round.txt" 2>&1
  done
done
echo "$(date -u +%H:%M:%S) protection (plain) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
$J -Djmh.ignoreLock=true -jar "$NEW" 'ProtectionBenchmark\.(getInt|getLong|getLongReadOnly|setInt|setLong)$' \
  -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$OUT/protection-accesses-plain.json" > "$OUT/protection-accesses-plain.txt" 2>&1
echo "$(date -u +%H:%M:%S) end load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
