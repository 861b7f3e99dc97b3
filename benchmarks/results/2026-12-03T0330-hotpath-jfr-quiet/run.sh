#!/usr/bin/env bash
# Quiet-machine runs (see README.md): the unprotected hot path old vs new, static and virtual
# accesses against unprotected ones with one or every kind loaded, and the JFR A/B of the discard
# benchmark. Jars: OLD 90f7dcd (before protection), NEW f294bcd (design A: concrete LinearMemory, StaticallyProtected and Virtual subclasses), PREJFR 34d197a, JFR d66e95e.
set -euo pipefail
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OLD=$1; NEW=$2; PREJFR=$3; JFR=$4; OUT=$(dirname "$0")
log() { echo "$(date -u +%H:%M:%S) $1 load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"; }
opts=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
log protection
$J -Djmh.ignoreLock=true -jar "$NEW" 'ProtectionBenchmark\.(getInt|getLong|getLongReadOnly|setInt|setLong|sumLongs|storeLongs)$' \
  -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$OUT/protection-accesses.json" > "$OUT/protection-accesses.txt" 2>&1
for round in 1 2; do
  for which in old new; do
    jar=$OLD; [ $which = new ] && jar=$NEW
    log "$which round $round"
    $J -Djmh.ignoreLock=true -jar "$jar" 'AccessBenchmark|LoadStoreBenchmark' -p memory=memctl "${opts[@]}" \
      -rf json -rff "$OUT/ab-$which-$round.json" > "$OUT/ab-$which-$round.txt" 2>&1
  done
done
for round in 1 2 3; do
  for which in prejfr jfr; do
    jar=$PREJFR; [ $which = jfr ] && jar=$JFR
    log "discard $which round $round"
    $J -Djmh.ignoreLock=true -jar "$jar" 'DiscardBenchmark' -f 1 -wi 3 -i 8 \
      -rf json -rff "$OUT/discard-$which-$round.json" > "$OUT/discard-$which-$round.txt" 2>&1
  done
done
log end
