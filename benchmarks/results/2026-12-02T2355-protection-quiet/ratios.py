#!/usr/bin/env python3
"""Ratios new/old of the quiet A/B and (b)/(a), (c)/(a) of ProtectionBenchmark, from the JSON here."""
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

print("## A/B: new/old (time per op; < 1 is faster), both rounds pooled, +- 2 standard errors\n")
print("| benchmark | old ns/op | new ns/op | new/old |\n| --- | --- | --- | --- |")
old, new = {}, {}
for rnd in (1, 2):
    for k, v in load(f"ab-old-{rnd}.json").items():
        old.setdefault(k, []).extend(v)
    for k, v in load(f"ab-new-{rnd}.json").items():
        new.setdefault(k, []).extend(v)
for k in sorted(old):
    r, e, mo, mn = ratio(old[k], new[k])
    print(f"| {k} | {mo:.3f} | {mn:.3f} | {r:.3f} +- {e:.3f} |")
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
