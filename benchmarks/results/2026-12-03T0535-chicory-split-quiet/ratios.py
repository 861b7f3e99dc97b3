#!/usr/bin/env python3
"""Ratios of the quiet A/B (old and new jars) of ChicoryAccessBenchmark, from the JSON here: new/old per memory, and memctl/byte-array per jar and per round."""
import json, math, sys, os
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

def load(name):
    return {r["params"]["memory"]: [x for fork in r["primaryMetric"]["rawData"] for x in fork]
            for r in json.load(open(os.path.join(d, name)))}

def stats(xs):
    m = sum(xs) / len(xs)
    return m, math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))

def ratio(a, b):
    """mean(b) / mean(a), +- 2 standard errors of each mean combined."""
    (ma, sa), (mb, sb) = stats(a), stats(b)
    r = mb / ma
    e = r * math.sqrt((2 * sa / math.sqrt(len(a)) / ma) ** 2 + (2 * sb / math.sqrt(len(b)) / mb) ** 2)
    return r, e, ma, mb

runs = {"old": {}, "new": {}}
rounds = {}
for which, acc in runs.items():
    for rnd in (1, 2, 3):
        data = load(f"ab-{which}-{rnd}.json")
        rounds[(which, rnd)] = data
        for k, v in data.items():
            acc.setdefault(k, []).extend(v)
print("## new/old, time per op (< 1 is faster), three rounds pooled (60 iterations each), +- 2 standard errors\n")
print("old: 0463323 (before the split); new: 58a1e29 (ChicoryAccessors, InitialContents)\n")
print("| memory | old ms/op | new ms/op | new/old |\n| --- | --- | --- | --- |")
for k in sorted(runs["old"]):
    r, e, mo, mn = ratio(runs["old"][k], runs["new"][k])
    print(f"| {k} | {mo:.1f} | {mn:.1f} | {r:.3f} +- {e:.3f} |")
print("\n## memctl / byte-array in each run (the same JVM)\n")
print("| jar | round | memctl/byte-array |\n| --- | --- | --- |")
for (which, rnd), data in sorted(rounds.items()):
    r, e, _, _ = ratio(data["byte-array"], data["memctl"])
    print(f"| {which} | {rnd} | {r:.3f} +- {e:.3f} |")
for which in ("old", "new"):
    r, e, _, _ = ratio(runs[which]["byte-array"], runs[which]["memctl"])
    print(f"| {which} | pooled | {r:.3f} +- {e:.3f} |")
