#!/usr/bin/env python3
"""Every ratio docs/performance.md reports from this directory's JSON: the unprotected hot path
new/old, each ProtectionBenchmark memory against the unprotected one (per `loaded`), and the JFR
A/B of DiscardBenchmark. Pooled iterations (every fork and round), +- 2 standard errors."""
import json, math, os, sys
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

def load(name, drop=("memory",)):
    out = {}
    p = os.path.join(d, name)
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        return out
    for r in json.load(open(p)):
        params = {k: v for k, v in r.get("params", {}).items() if k not in drop}
        key = (r["benchmark"].split(".")[-1],) + tuple(sorted(params.items()))
        out[key] = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
    return out

def stats(xs):
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0
    return m, sd

def ratio(a, b):
    """b / a with 2 standard errors of each mean, combined as relative errors."""
    (ma, sa), (mb, sb) = stats(a), stats(b)
    r = mb / ma
    ea = 2 * sa / math.sqrt(len(a)) / ma
    eb = 2 * sb / math.sqrt(len(b)) / mb
    return r, r * math.sqrt(ea ** 2 + eb ** 2), ma, mb

def pooled(prefix, which, rounds=(1, 2, 3)):
    acc = {}
    for rnd in rounds:
        for k, v in load(f"{prefix}-{which}-{rnd}.json").items():
            acc.setdefault(k, []).extend(v)
    return acc

def name(k):
    return k[0] + "".join(f" {a}={b}" for a, b in k[1:])

print("## Unprotected memory: new / old (90f7dcd, before protection), time per op\n")
print("| benchmark | old | new | new/old |\n| --- | --- | --- | --- |")
old, new = pooled("ab", "old"), pooled("ab", "new")
for k in sorted(old):
    if k in new:
        r, e, mo, mn = ratio(old[k], new[k])
        print(f"| {name(k)} | {mo:.3f} | {mn:.3f} | {r:.3f} +- {e:.3f} |")

pr = load("protection-accesses.json", drop=())
if pr:
    print("\n## ProtectionBenchmark: each kind against the unprotected memory, same `loaded`\n")
    print("| benchmark | loaded | kind | ns/op | / unprotected | medians' ratio |\n| --- | --- | --- | --- | --- | --- |")
    rows = {}
    for k, xs in pr.items():
        p = dict(k[1:])
        rows[(k[0], p["loaded"], p["kind"])] = xs
    for (b, loaded, kind), xs in sorted(rows.items()):
        base = rows[(b, loaded, "unprotected")]
        r, e, _, mn = ratio(base, xs)
        med = lambda xs: sorted(xs)[len(xs) // 2] if len(xs) % 2 else sum(sorted(xs)[len(xs) // 2 - 1:len(xs) // 2 + 1]) / 2
        print(f"| {b} | {loaded} | {kind} | {mn:.3f} | {r:.3f} +- {e:.3f} | {med(xs) / med(base):.3f} |")
    print("\n## ProtectionBenchmark: loaded=all / loaded=one, same kind\n")
    print("| benchmark | kind | all / one |\n| --- | --- | --- |")
    for (b, loaded, kind), xs in sorted(rows.items()):
        if loaded == "all":
            r, e, _, _ = ratio(rows[(b, "one", kind)], xs)
            print(f"| {b} | {kind} | {r:.3f} +- {e:.3f} |")

pre, jfr = pooled("discard", "prejfr", (1, 2)), pooled("discard", "jfr", (1, 2))
if pre:
    print("\n## DiscardBenchmark (1 GiB), recording off: jfr (d66e95e) / before (34d197a), rounds 1-2\n")
    print("| benchmark | before ms | jfr ms | jfr/before |\n| --- | --- | --- | --- |")
    for k in sorted(pre):
        if k in jfr:
            r, e, mo, mn = ratio(pre[k], jfr[k])
            print(f"| {name(k)} | {mo:.2f} | {mn:.2f} | {r:.3f} +- {e:.3f} |")
