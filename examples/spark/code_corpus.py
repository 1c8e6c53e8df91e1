#!/usr/bin/env python3
"""Code a corpus of news pages into a Parquet table of CAMEO events with Spark.

    python examples/spark/code_corpus.py INPUT OUTPUT [--master local[2]] [--date D]
    spark-submit examples/spark/code_corpus.py INPUT OUTPUT   # dyad installed on every node

INPUT is JSONL (``*.jsonl``/``*.json``, or ``--format jsonl``; one ``dyad code --jsonl``
object per line: ``id``, optional ``date``, ``url``, ``title``, and one of ``html``,
``page``, ``text``) or Parquet (any other path; the same columns), a file or a folder.
OUTPUT is a folder of Parquet files, one row per event, with the columns of
``dyad.event_schema()``; documents that fail give one row with ``error`` set, documents
without events give none.

Each Spark task hands its partition to ``dyad.code_arrow`` in Arrow batches through
``mapInArrow`` (``dyad.spark.code_events``): the Rust engine reads the documents in place,
one core per task.
See docs/python.md for running it on a cluster.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

#: The input columns, as in a `dyad code --jsonl` object. Ids are read as strings: a JSON
#: number becomes its text, as the CLI prints it.
INPUT_SCHEMA = "id STRING, date STRING, url STRING, title STRING, html STRING, page STRING, text STRING"


def read_corpus(spark, path: str, fmt: str | None = None):
    """The corpus as a DataFrame with the input columns (missing ones null). `fmt` is
    "jsonl" or "parquet"; by default a path ending in .jsonl or .json is JSONL."""
    from pyspark.sql import functions as F

    if fmt is None:
        fmt = "jsonl" if path.rstrip("/").endswith((".jsonl", ".json")) else "parquet"
    if fmt == "jsonl":
        return spark.read.schema(INPUT_SCHEMA).json(path)
    df = spark.read.parquet(path)
    cols = [c.split()[0] for c in INPUT_SCHEMA.split(", ")]
    return df.select(
        [F.col(c).cast("string") if c in df.columns else F.lit(None).cast("string").alias(c) for c in cols]
    )


def code_corpus(
    spark,
    input_path: str,
    output: str,
    *,
    date: str | None = None,
    partitions: int | None = None,
    fmt: str | None = None,
) -> float:
    """Codes INPUT into the events table at OUTPUT; returns the seconds it took."""
    from dyad.spark import code_events

    docs = read_corpus(spark, input_path, fmt)
    if partitions:
        docs = docs.repartition(partitions)
    t0 = time.perf_counter()
    code_events(docs, date=date).write.mode("overwrite").parquet(output)
    return time.perf_counter() - t0


def summary(spark, input_path: str, output: str, fmt: str | None = None) -> dict:
    """Counts of documents in INPUT, rows and failed documents in OUTPUT."""
    written = spark.read.parquet(output)
    return {
        "documents": read_corpus(spark, input_path, fmt).count(),
        "rows": written.count(),
        "failed": written.filter("error IS NOT NULL").count(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="JSONL or Parquet corpus (file or folder)")
    ap.add_argument("output", help="folder for the Parquet events table (overwritten)")
    ap.add_argument("--format", choices=["jsonl", "parquet"], help="input format (default: by the path's extension)")
    ap.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]")
    ap.add_argument("--date", help="publication date of documents without one (YYYY-MM-DD)")
    ap.add_argument("--partitions", type=int, help="repartition the documents into N partitions first")
    ap.add_argument("--stats", help="also write the counts and seconds as JSON to this file")
    ap.add_argument(
        "--batch-size", type=int, default=256,
        help="documents per Arrow batch (spark.sql.execution.arrow.maxRecordsPerBatch; default 256)",
    )
    args = ap.parse_args(argv)

    # Local workers must run this interpreter, the one with dyad installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName("dyad code_corpus")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_size))
        .config("spark.ui.showConsoleProgress", "false")
    )
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        seconds = code_corpus(
            spark, args.input, args.output, date=args.date, partitions=args.partitions, fmt=args.format
        )
        stats = dict(summary(spark, args.input, args.output, args.format), seconds=seconds)
    finally:
        spark.stop()
    print(
        f"dyad code_corpus: {stats['documents']} documents, {stats['rows']} rows "
        f"({stats['failed']} failed documents) in {stats['seconds']:.1f} s -> {args.output}",
        file=sys.stderr,
    )
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump(stats, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
