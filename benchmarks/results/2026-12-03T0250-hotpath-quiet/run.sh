#!/usr/bin/env bash
# Quiet-machine A/B of the unprotected hot path (see README.md). Jars: OLD built at 90f7dcd (before
# protection), PREV at 10c7ba2 (protection, one accessor for every memory), NEW at d4245c1
# (protected memories in a subclass).
set -euo pipefail
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OLD=$1; PREV=$2; NEW=$3; OUT=$(dirname "$0")
opts=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
for round in 1 2 3; do
  for which in old prev new; do
    case $which in old) jar=$OLD ;; prev) jar=$PREV ;; new) jar=$NEW ;; esac
    echo "$(date -u +%H:%M:%S) $which round $round load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
    $J -Djmh.ignoreLock=true -jar "$jar" 'AccessBenchmark|LoadStoreBenchmark' -p memory=memctl "${opts[@]}" \
      -rf json -rff "$OUT/ab-$which-$round.json" > "$OUT/ab-$which-$round.txt" 2>&1
  done
done
echo "$(date -u +%H:%M:%S) protection load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
$J -Djmh.ignoreLock=true -jar "$NEW" 'ProtectionBenchmark\.(getInt|getLong|getLongReadOnly|setInt|setLong)$' \
  -f 2 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$OUT/protection-accesses.json" > "$OUT/protection-accesses.txt" 2>&1
echo "$(date -u +%H:%M:%S) end load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
