#!/usr/bin/env python3
"""Ratios for docs/performance.md, "Protection and mapping", from this directory's JMH JSON.

ab-{old,new}-{1,2,3}.json: the unprotected hot path before (90f7dcd) and after (protection) the
change, run alternately. For each benchmark: the per-round ratio new/old of JMH's scores, and the
ratio of the means over all forks of each side (2 per round), whose error is the 99.9% confidence half-width
of each side's fork means (Student t over the fork means), propagated (relative errors added in
quadrature).

protection*.json: ProtectionBenchmark (the first run, and the re-runs of its accesses and changes); static/unprotected and virtual/unprotected for each access
benchmark, each error JMH's 99.9% half-widths propagated the same way. "best iterations": the ratio of
the fastest measured iterations, a figure the machine's load can only make worse.
"""
import json, math, os, sys
from scipy import stats

here = os.path.dirname(os.path.abspath(__file__)) if len(sys.argv) < 2 else sys.argv[1]

def load(name):
    with open(os.path.join(here, name)) as f:
        return json.load(f)

def key(r):
    p = r.get("params", {})
    return r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1] + \
        "".join(f" {k}={v}" for k, v in sorted(p.items()) if k != "memory")

def fmt(x):
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"

def ci(values):
    n = len(values)
    m = sum(values) / n
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    return m, stats.t.ppf(0.9995, n - 1) * sd / math.sqrt(n)

def best(results):
    """The fastest measured iteration of any fork: load only ever adds time."""
    return min(x for r in results for f in r["primaryMetric"]["rawData"] for x in f)

def ratio(a, ea, b, eb):
    r = b / a
    return r, r * math.sqrt((ea / a) ** 2 + (eb / b) ** 2)

if os.path.exists(os.path.join(here, "ab-old-1.json")):
    rounds = sorted(f.split("-")[2].split(".")[0] for f in os.listdir(here)
                    if f.startswith("ab-old-") and f.endswith(".json")
                    and os.path.exists(os.path.join(here, "ab-new-" + f.split("-")[2])))
    res = {v: {} for v in ("old", "new")}
    for v in res:
        for rd in rounds:
            path = f"ab-{v}-{rd}.json"
            if not os.path.exists(os.path.join(here, path)):
                continue
            for r in load(path):
                res[v].setdefault(key(r), []).append(r)
    print("## unprotected hot path, new/old (rounds: " + ", ".join(rounds) + ")\n")
    print("| benchmark | old (90f7dcd) | new (protection) | new/old per round | new/old, all forks | new/old, best iterations |")
    print("| --- | --- | --- | --- | --- | --- |")
    for k in sorted(res["old"]):
        olds, news = res["old"][k], res["new"].get(k, [])
        unit = olds[0]["primaryMetric"]["scoreUnit"]
        per = [n["primaryMetric"]["score"] / o["primaryMetric"]["score"] for o, n in zip(olds, news)]
        of = [sum(f) / len(f) for r in olds for f in r["primaryMetric"]["rawData"]]
        nf = [sum(f) / len(f) for r in news for f in r["primaryMetric"]["rawData"]]
        mo, eo = ci(of)
        mn, en = ci(nf)
        rr, er = ratio(mo, eo, mn, en)
        print(f"| {k} | {fmt(mo)} ± {fmt(eo)} {unit} | {fmt(mn)} ± {fmt(en)} {unit} | "
              + ", ".join(f"{p:.3f}" for p in per) + f" | **{rr:.3f} ± {er:.3f}** | {best(news) / best(olds):.3f} |")
    print()

def protection(name):
    res = {}
    for r in load(name):
        pm = r["primaryMetric"]
        res[(r["benchmark"].rsplit(".", 1)[-1], r["params"].get("kind") or r["params"].get("threads"))] = \
            (pm["score"], pm["scoreError"], pm["scoreUnit"], min(x for f in pm["rawData"] for x in f))
    if ("getInt", "unprotected") in res:
        print(f"## ProtectionBenchmark accesses ({name})\n")
        print("| benchmark | unprotected (a) | static (b) | virtual (c) | (b)/(a) | (c)/(a) | (b)/(a), (c)/(a) best iterations |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
    for b in ("getInt", "getLong", "setInt", "setLong", "getLongReadOnly", "sumLongs", "sumLongsReadOnly", "storeLongs"):
        if (b, "unprotected") not in res:
            continue
        a, s, v = res[(b, "unprotected")], res[(b, "static")], res[(b, "virtual")]
        rs, es = ratio(a[0], a[1], s[0], s[1])
        rv, ev = ratio(a[0], a[1], v[0], v[1])
        print(f"| {b} | {fmt(a[0])} ± {fmt(a[1])} {a[2]} | {fmt(s[0])} ± {fmt(s[1])} | {fmt(v[0])} ± {fmt(v[1])} | "
              f"{rs:.3f} ± {es:.3f} | {rv:.2f} ± {ev:.2f} | {s[3] / a[3]:.3f}, {v[3] / a[3]:.2f} |")
    if ("protectRoundTrip", "shared") in res:
        print(f"\n## ProtectionBenchmark changes ({name})\n")
        print("| benchmark | shared | confined | shared/confined | best iterations: shared, confined |")
        print("| --- | --- | --- | --- | --- |")
    for b in ("protectRoundTrip", "mapUnmap", "mapStoreUnmap"):
        if (b, "shared") not in res:
            continue
        s, c = res[(b, "shared")], res[(b, "confined")]
        r, e = ratio(c[0], c[1], s[0], s[1])
        print(f"| {b} | {fmt(s[0])} ± {fmt(s[1])} {s[2]} | {fmt(c[0])} ± {fmt(c[1])} {c[2]} | {r:.2f} ± {e:.2f} | {fmt(s[3])}, {fmt(c[3])} |")
    print()

for name in ("protection.json", "protection-accesses.json", "protection-changes.json"):
    if os.path.exists(os.path.join(here, name)) and os.path.getsize(os.path.join(here, name)) > 0:
        protection(name)

if os.path.exists(os.path.join(here, "mapfile.json")):
    print("## MapFileBenchmark\n")
    print("| benchmark | time |")
    print("| --- | --- |")
    for r in load("mapfile.json"):
        pm = r["primaryMetric"]
        print(f"| {r['benchmark'].rsplit('.', 1)[-1]} | {fmt(pm['score'])} ± {fmt(pm['scoreError'])} {pm['scoreUnit']} |")
    m = {r["benchmark"].rsplit(".", 1)[-1]: (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
         for r in load("mapfile.json")}
    print()
    for a, b in (("mapTouch", "channelRead"), ("mapTouch", "channelReadFresh"), ("mapSum", "channelReadSum")):
        if a in m and b in m:
            r, e = ratio(m[b][0], m[b][1], m[a][0], m[a][1])
            print(f"- {a} / {b}: {r:.3f} ± {e:.3f}")
