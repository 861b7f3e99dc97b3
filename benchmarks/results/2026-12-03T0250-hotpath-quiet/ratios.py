#!/usr/bin/env python3
"""Ratios of the quiet A/B/C (old, prev, new jars) and each ProtectionBenchmark memory against the unprotected one, from the JSON here."""
import json, math, sys, os
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

def load(name):
    out = {}
    for r in json.load(open(os.path.join(d, name))):
        key = r["benchmark"].split(".")[-1] + "".join(f" {k}={v}" for k, v in sorted(r.get("params", {}).items()) if k != "memory")
        if "memory" in r.get("params", {}) and r["benchmark"].endswith(("getInt", "getLong", "setInt", "setLong", "getLongReadOnly")) and "Protection" in r["benchmark"]:
            key += " memory=" + r["params"]["memory"]
        out[key] = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
    return out

def stats(xs):
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0
    return m, sd

def ratio(a, b):
    (ma, sa), (mb, sb) = stats(a), stats(b)
    r = mb / ma
    # relative errors combined; 2 standard errors of each mean
    ea = 2 * sa / math.sqrt(len(a)) / ma
    eb = 2 * sb / math.sqrt(len(b)) / mb
    return r, r * math.sqrt(ea ** 2 + eb ** 2), ma, mb

print("## A/B/C: time per op (< 1 is faster), the three rounds pooled, +- 2 standard errors\n")
print("old: 90f7dcd (before protection); prev: 10c7ba2 (protection, one accessor for every memory); new: d4245c1 (protected memories in a subclass)\n")
print("| benchmark | old ns/op | prev ns/op | new ns/op | prev/old | new/old | new/prev |\n| --- | --- | --- | --- | --- | --- | --- |")
runs = {"old": {}, "prev": {}, "new": {}}
for which, acc in runs.items():
    for rnd in (1, 2, 3):
        for k, v in load(f"ab-{which}-{rnd}.json").items():
            acc.setdefault(k, []).extend(v)
old, prev, new = runs["old"], runs["prev"], runs["new"]
for k in sorted(old):
    r1, e1, mo, mp = ratio(old[k], prev[k])
    r2, e2, _, mn = ratio(old[k], new[k])
    r3, e3, _, _ = ratio(prev[k], new[k])
    print(f"| {k} | {mo:.3f} | {mp:.3f} | {mn:.3f} | {r1:.3f} +- {e1:.3f} | {r2:.3f} +- {e2:.3f} | {r3:.3f} +- {e3:.3f} |")
p = os.path.join(d, sys.argv[2] if len(sys.argv) > 2 else "protection-accesses.json")
if os.path.exists(p):
    pr = {}
    for r in json.load(open(p)):
        pr[(r["benchmark"].split(".")[-1], r["params"].get("kind"))] = [x for f in r["primaryMetric"]["rawData"] for x in f]
    print("\n## ProtectionBenchmark: each memory against the unprotected one\n")
    print("| benchmark | memory | ns/op | / unprotected |\n| --- | --- | --- | --- |")
    for (b, mem), xs in sorted(pr.items()):
        base = pr[(b, "unprotected")]
        r, e, _, mn = ratio(base, xs)
        print(f"| {b} | {mem} | {mn:.3f} | {r:.3f} +- {e:.3f} |")
