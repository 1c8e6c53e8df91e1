#!/usr/bin/env python3
"""Runs code_corpus.py in Spark local[2] mode over a small corpus (JSONL and Parquet) and
checks that its events table equals the CLI's records for the same documents, flattened.

    DYAD_CLI=target/release/dyad python examples/spark/test_spark.py

Needs pyspark, pyarrow and the dyad wheel in this interpreter; exits non-zero on failure.
"""

from __future__ import annotations

import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "bindings" / "python" / "tests")]

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import code_corpus  # noqa: E402
import dyad  # noqa: E402
from corpus import rows, to_arrow, write_jsonl  # noqa: E402
from reference import cli_event_rows, first_difference, normalise  # noqa: E402


def key(r: dict) -> tuple:
    return (r["doc_id"], -1 if r["event_index"] is None else r["event_index"])


def table_rows(path: Path) -> list[dict]:
    return sorted(normalise(pq.read_table(path).to_pylist()), key=key)


class SparkJob(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()
        d = Path(cls.tmp.name)
        cls.corpus = rows()
        cls.jsonl = write_jsonl(d / "corpus.jsonl", cls.corpus)
        cls.parquet = d / "corpus.parquet"
        pq.write_table(to_arrow(cls.corpus), cls.parquet)
        cls.want = sorted(normalise(cli_event_rows(cls.jsonl)), key=key)
        assert sum(r["error"] is None for r in cls.want) > 20, "the corpus gives too few events"

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def test_jsonl_corpus_through_the_script(self) -> None:
        out = Path(self.tmp.name) / "events-jsonl"
        rc = code_corpus.main(
            [str(self.jsonl), str(out), "--master", "local[2]", "--partitions", "2", "--batch-size", "4"]
        )
        self.assertEqual(rc, 0)
        parts = list(out.glob("part-*.parquet"))
        self.assertGreaterEqual(len(parts), 2, "two partitions should give two files")
        self.assertEqual(first_difference(table_rows(out), self.want), "")
        schema = pq.read_schema(parts[0])
        self.assertEqual(schema.names, dyad.event_schema().names)
        self.assertEqual(schema.field("quad_class").type, pa.int8())
        self.assertEqual(schema.field("goldstein").type, pa.float32())

    def test_parquet_corpus(self) -> None:
        out = Path(self.tmp.name) / "events-parquet"
        rc = code_corpus.main([str(self.parquet), str(out), "--master", "local[2]", "--partitions", "3"])
        self.assertEqual(rc, 0)
        self.assertEqual(first_difference(table_rows(out), self.want), "")


if __name__ == "__main__":
    unittest.main()
