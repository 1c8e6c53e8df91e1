#!/usr/bin/env python3
"""PLOVER event-type accuracy of dyad on the PLOVER gold sentences.

Usage: scripts/score_plover.py [--shared ../shared] [--dyad ./target/release/dyad] [--keep DIR]

Each gold sentence (../shared/data/plover/PLOVER_GSR_CAMEO.jsonl, 322 CAMEO-manual sentences coded in
PLOVER 0.5b1) is coded by `dyad code --jsonl` as clean text; the PLOVER type of dyad's events comes
from our codebook (CAMEO -> PLOVER, 2021 map). The gold uses four old category names, renamed as the
2021 ontology did: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT.
Reported:
  first  the type of dyad's first asserted event in the sentence equals the gold type (headline figure);
  any    the gold type is among the types of dyad's asserted events;
  coded  sentences where dyad coded any asserted event.
Per-type accuracy (first) follows. The last line is the summary.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--dyad", default="./target/release/dyad")
    ap.add_argument("--keep", default=None)
    a = ap.parse_args()
    gold_path = os.path.join(a.shared, "data", "plover", "PLOVER_GSR_CAMEO.jsonl")
    if not os.path.exists(gold_path):
        print(f"plover: not available ({gold_path} not found)")
        return
    gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
    out_dir = a.keep or tempfile.mkdtemp()
    os.makedirs(out_dir, exist_ok=True)
    inp = os.path.join(out_dir, "plover.input.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps({"id": g["id"], "text": g["text"]}) + "\n")
    res = subprocess.run([a.dyad, "code", "--jsonl", inp], capture_output=True, text=True)
    if res.returncode != 0:
        print(f"plover: not available (dyad exited with {res.returncode})")
        return
    system = {}
    for line in res.stdout.splitlines():
        r = json.loads(line)
        system[r["id"]] = [e.get("plover") for e in r.get("events") or [] if not e.get("negated") and e.get("plover")]
    first = anyhit = coded = 0
    per, per_n = Counter(), Counter()
    for g in gold:
        want = RENAMED.get(g["event"], g["event"])
        got = system.get(g["id"], [])
        per_n[want] += 1
        if got:
            coded += 1
        if got and got[0] == want:
            first += 1
            per[want] += 1
        if want in got:
            anyhit += 1
    n = len(gold)
    for t in sorted(per_n):
        print(f"plover {t}: {per[t]}/{per_n[t]} = {per[t] / per_n[t]:.2f}")
    print(f"plover any: {anyhit}/{n} = {anyhit / n:.3f}; coded: {coded}/{n}")
    print(f"plover summary: accuracy(first event)={first / n:.3f} any={anyhit / n:.3f} coded={coded / n:.3f}")


if __name__ == "__main__":
    sys.exit(main())
