#!/usr/bin/env python3
"""Error analysis of a geoparsing run: what the resolver misses or misplaces, grouped for reading.

Usage: geo_errors.py GOLD.jsonl SYSTEM.jsonl [N]

GOLD is make_inputs.py's geo_*.gold.jsonl, SYSTEM dyad's (or examples/annotate.rs's) output for the same
inputs. Toponyms are matched as the shared scorer matches them (one-to-one by span overlap, via
../shared/eval/common.py, found next to this repository). Prints the N most frequent of each:
  far errors      matched toponyms more than 161 km from gold: (gold text, gold name, gold point,
                  our name, feature, country, point, km);
  country errors  (gold text, gold country, our name, our country);
  missed          gold toponyms we did not find;
  false positives our toponyms that match no gold one.
"""
import collections
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "shared", "eval"))
from common import closeness, has_span, load_gold, load_system, max_matching, overlap  # noqa: E402


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    x = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(min(1, math.sqrt(x)))


def main():
    gold = load_gold(sys.argv[1])
    system, _, _ = load_system(sys.argv[2], "places")
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    far, country, missed, extra = (collections.Counter() for _ in range(4))
    for doc, g in gold.items():
        gp = g["places"]
        sp = [s for s in system.get(doc, []) if has_span(s)]
        pairs = max_matching(gp, sp, lambda x, y: overlap(x, y) > 0, closeness)
        mg, ms = {i for i, _ in pairs}, {j for _, j in pairs}
        missed.update(x["text"] for i, x in enumerate(gp) if i not in mg)
        extra.update(y["text"] for j, y in enumerate(sp) if j not in ms)
        for i, j in pairs:
            x, y = gp[i], sp[j]
            if "lat" in x and "lat" in y:
                e = km(x["lat"], x["lon"], y["lat"], y["lon"])
                if e > 161:
                    far[(x["text"], x.get("name"), round(x["lat"], 1), round(x["lon"], 1), y.get("name"),
                         y.get("feature"), y.get("country"), round(y["lat"], 1), round(y["lon"], 1), int(e))] += 1
            if x.get("country") and x["country"] != (y.get("country") or "").upper():
                country[(x["text"], x["country"], y.get("name"), y.get("country"))] += 1
    for title, c in (("far errors", far), ("country errors", country), ("missed", missed),
                     ("false positives", extra)):
        print(f"== {title}: {sum(c.values())}")
        for k, v in c.most_common(n):
            print(v, k)


if __name__ == "__main__":
    main()
