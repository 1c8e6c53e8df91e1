#!/usr/bin/env python3
"""Throughput per core: the CLI (`--threads 1`), `dyad.code_arrow` in-process, and the
Spark job (`local[N]`) over the same corpus.

    DYAD_CLI=target/release/dyad python examples/spark/bench.py [--docs 3000] [--cores 1]
        [--gsr ../shared/data/petrarch/gsr_real_news.jsonl]

The corpus is the test corpus's pages and texts (bindings/python/tests/corpus.py, less
its error rows), or the texts of a GSR-style JSONL file read at run time, repeated under
fresh ids up to --docs documents. Spark is timed from the start of its coding job to the
end of its Parquet write (its session start-up is reported apart); its worker processes
load the dictionaries and model once each, as the CLI does. Prints one line per run and
the ratio Spark / CLI in documents per second per core, with `uptime` before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "bindings" / "python" / "tests")]

from corpus import rows  # noqa: E402
from reference import cli  # noqa: E402


def corpus(n: int, gsr: Path | None) -> list[dict]:
    if gsr:
        base = []
        for line in gsr.read_text().splitlines():
            o = json.loads(line)
            base.append({"text": o["text"], "date": o.get("date")})
    else:
        base = [
            {k: v for k, v in r.items() if k != "id"}
            for r in rows()
            if r["id"] not in ("empty", "two-contents", "bad-date", "furniture-only")
        ]
    return [dict(base[i % len(base)], id=f"doc-{i}") for i in range(n)]


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def tree_cpu(root: int) -> float:
    """CPU seconds of `root` and all its descendants, live or reaped (from /proc)."""
    parent: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            fields = (p / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the name: state ppid ... utime(12) stime(13) cutime(14) cstime(15).
        parent[int(p.name)] = int(fields[1])
        times[int(p.name)] = sum(int(x) for x in fields[11:15]) / tick
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == pid and c not in tree]
        tree.update(kids)
        frontier.extend(kids)
    return sum(times.get(p, 0.0) for p in tree)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--cores", type=int, default=1, help="CLI threads and Spark local[N] slots")
    ap.add_argument("--gsr", type=Path, help="take the texts of this JSONL file instead")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    ap.add_argument("--skip-spark", action="store_true")
    args = ap.parse_args()
    docs = corpus(args.docs, args.gsr)
    mb = sum(len(d.get("page") or d.get("html") or d.get("text")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {mb:.1f} MB of content; cores: {args.cores}")
    print(f"uptime before: {uptime()}")
    runs: dict[str, list[tuple[float, float]]] = {"cli": [], "code_arrow": [], "spark": [], "spark_fixed": []}
    spark = None
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "corpus.jsonl"
        with open(path, "w") as f:
            for r in docs:
                f.write(json.dumps(r) + "\n")

        import pyarrow.json as pj

        import dyad

        table = pj.read_json(path)
        if not args.skip_spark:
            import code_corpus

            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            from pyspark.sql import SparkSession

            t0 = time.perf_counter()
            spark = (
                SparkSession.builder.master(f"local[{args.cores}]")
                .appName("dyad bench")
                .config("spark.sql.execution.arrow.maxRecordsPerBatch", "256")
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate()
            )
            spark.sparkContext.setLogLevel("ERROR")
            print(f"spark session start-up: {time.perf_counter() - t0:.1f} s")
            parts = code_corpus.read_corpus(spark, str(path)).rdd.getNumPartitions()
            print(f"spark input partitions: {parts}")
        small = Path(d) / "small.jsonl"
        with open(small, "w") as f:
            for r in docs[:16]:
                f.write(json.dumps(r) + "\n")
        for _ in range(args.repeat):
            if spark is not None:
                # A job's fixed cost: the same job over 16 documents.
                fixed = code_corpus.code_corpus(spark, str(small), str(Path(d) / "small-events"))
                runs["spark_fixed"].append((fixed, 0.0))

            c0, t0 = children_cpu(), time.perf_counter()
            subprocess.run(
                [str(cli()), "code", "--jsonl", str(path), "--threads", str(args.cores), "-o", os.devnull],
                check=True, stderr=subprocess.DEVNULL,
            )
            runs["cli"].append((time.perf_counter() - t0, children_cpu() - c0))

            t0, p0 = time.perf_counter(), time.process_time()
            events = dyad.code_arrow(table, threads=args.cores)
            runs["code_arrow"].append((time.perf_counter() - t0, time.process_time() - p0))

            if spark is not None:
                out = str(Path(d) / "events")
                c0 = tree_cpu(os.getpid())
                # No repartition: Spark splits the file across the cores itself (a shuffle of
                # the raw pages would only add work).
                seconds = code_corpus.code_corpus(spark, str(path), out)
                runs["spark"].append((seconds, tree_cpu(os.getpid()) - c0))
                rows = spark.read.parquet(out).count()
                assert rows == events.num_rows, (rows, events.num_rows)
        if spark is not None:
            spark.stop()
    print(f"uptime after:  {uptime()}")
    n = len(docs)
    fixed = runs.pop("spark_fixed")
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in runs.items() if v}
    for name, (wall, cpu) in best.items():
        print(
            f"{name:>10}: {wall:7.2f} s wall, {cpu:7.2f} s CPU -> "
            f"{n / wall / args.cores:7.1f} docs/s per core (wall), {n / cpu:7.1f} docs per CPU-second"
        )
    if "spark" in best:
        print(
            f"spark / cli per core: {best['cli'][0] / best['spark'][0]:.2f} (wall), "
            f"{best['cli'][1] / best['spark'][1]:.2f} (CPU)"
        )
        f = min(w for w, _ in fixed)
        print(
            f"spark job over 16 documents: {f:.2f} s; spark less that fixed cost: "
            f"{n / (best['spark'][0] - f) / args.cores:.1f} docs/s per core, "
            f"{best['cli'][0] / (best['spark'][0] - f):.2f} of the cli's"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
