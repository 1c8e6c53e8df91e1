"""Tests of the `dyad` Python module against the `dyad` CLI.

Run from anywhere with the wheel installed:  python -m unittest discover -s bindings/python/tests
The CLI is $DYAD_CLI or target/release/dyad; the seed page is checked too when
$DYAD_SEED_DIR (a folder with seed.gold.json and its page) is set.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dyad  # noqa: E402
from corpus import rows, to_arrow, write_jsonl  # noqa: E402
from reference import (  # noqa: E402
    COLUMNS,
    ROOT,
    cli_event_rows,
    first_difference,
    normalise,
    run_cli,
)

EXAMPLE = "examples/ceasefire-talks.txt"


class SingleDocument(unittest.TestCase):
    def test_example_page_gives_the_cli_record(self) -> None:
        os.chdir(ROOT)  # the CLI's id is the path as given
        [line] = run_cli(["code", "--date", "2024-03-12", EXAMPLE])
        raw = (ROOT / EXAMPLE).read_bytes()
        self.assertEqual(dyad.code_json(raw, "2024-03-12", id=EXAMPLE), line)
        rec = dyad.code(raw.decode(), date="2024-03-12", id=EXAMPLE)
        self.assertEqual(rec, json.loads(line))
        self.assertGreater(len(rec["events"]), 0)
        e = rec["events"][0]
        # Offsets are code points: they index the Python string.
        self.assertEqual(rec["text"][e["trigger"]["start"] : e["trigger"]["end"]], e["trigger"]["text"])

    @unittest.skipUnless(os.environ.get("DYAD_SEED_DIR"), "DYAD_SEED_DIR not set")
    def test_seed_page_gives_the_cli_record(self) -> None:
        seed = Path(os.environ["DYAD_SEED_DIR"])
        gold = json.loads((seed / "seed.gold.json").read_text())
        page = seed / gold["file"]
        [line] = run_cli(["code", "--date", gold["date"], str(page)])
        self.assertEqual(dyad.code_json(page.read_bytes(), gold["date"], id=str(page)), line)
        rec = dyad.code(page.read_text(), gold["date"], "page", id=str(page))
        self.assertEqual(rec, json.loads(line))
        self.assertEqual(rec["title"], gold["title"])

    def test_every_jsonl_row_gives_the_cli_record(self) -> None:
        corpus = [r for r in rows() if sum(k in r for k in ("html", "page", "text")) == 1]
        with tempfile.TemporaryDirectory() as d:
            lines = run_cli(["code", "--jsonl", str(write_jsonl(Path(d) / "c.jsonl", corpus))])
        self.assertEqual(len(lines), len(corpus))
        checked = 0
        for r, line in zip(corpus, lines):
            if r["id"] == "bad-date":
                continue  # a bad date argument raises (see below); in a row it is an error row
            kind = next(k for k in ("html", "page", "text") if k in r)
            got = dyad.code_json(
                r[kind], r.get("date"), kind, id=str(r["id"]), url=r.get("url"), title=r.get("title")
            )
            self.assertEqual(got, line, r["id"])
            checked += 1
        self.assertGreater(checked, 10)

    def test_bad_documents_give_error_records(self) -> None:
        self.assertEqual(dyad.code("  \n", id="e")["error"], "empty document")
        self.assertEqual(dyad.code(b"\x00\x01\x02binary\x00" * 20, id="b")["error"], "binary content, not text")
        rec = dyad.code(b"caf\xe9 au lait " * 10, kind="text", id="u")
        self.assertTrue(rec["error"].startswith("invalid UTF-8"), rec)
        self.assertEqual((rec["id"], rec["events"]), ("u", []))

    def test_wrong_arguments_raise(self) -> None:
        with self.assertRaises(ValueError):
            dyad.code("Russia met China.", kind="pdf")
        with self.assertRaises(ValueError):
            dyad.code("Russia met China.", date="yesterday")
        with self.assertRaises(TypeError):
            dyad.code(42)  # type: ignore[arg-type]
        self.assertEqual(dyad.code("Russia met China.", date="20230905", kind="text")["published"], "2023-09-05")


class ArrowBatches(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.corpus = rows()
        with tempfile.TemporaryDirectory() as d:
            cls.want = normalise(cli_event_rows(write_jsonl(Path(d) / "c.jsonl", cls.corpus)))

    def test_schema(self) -> None:
        schema = dyad.event_schema()
        self.assertEqual(schema.names, COLUMNS)
        self.assertFalse(schema.field("doc_id").nullable)
        self.assertIn(b"description", schema.field("goldstein").metadata)
        self.assertIn("quad_class TINYINT", dyad.spark_schema())

    def test_events_table_equals_the_cli_records_flattened(self) -> None:
        table = to_arrow(self.corpus)
        got = dyad.code_arrow(table)
        self.assertEqual(got.schema, dyad.event_schema())
        diff = first_difference(normalise(got.to_pylist()), self.want)
        self.assertEqual(diff, "")
        self.assertGreater(sum(r["error"] is None for r in self.want), 20)
        errors = {r["doc_id"] for r in self.want if r["error"]}
        self.assertLessEqual({"empty", "two-contents", "bad-date"}, errors)
        # Batches, threads and string types do not change the table.
        for batch_rows, threads in ((3, 1), (5, 2)):
            t = table.combine_chunks()
            parts = [
                dyad.code_arrow(b, threads=threads)
                for b in t.to_batches(max_chunksize=batch_rows)
            ]
            self.assertEqual(sum((p.to_pylist() for p in parts), []), got.to_pylist())
        import pyarrow as pa

        large = pa.table({n: c.cast(pa.large_string()) for n, c in zip(table.column_names, table.columns)})
        self.assertEqual(dyad.code_arrow(large).to_pylist(), got.to_pylist())

    def test_ids_may_be_numbers_and_html_may_be_bytes(self) -> None:
        import pyarrow as pa

        html = (ROOT / "testdata/ingest/wordpress.html").read_bytes()
        batch = pa.record_batch({"id": pa.array([7], pa.int64()), "html": pa.array([html], pa.binary())})
        got = dyad.code_arrow(batch, date="2024-01-02").to_pylist()
        rec = dyad.code(html, "2024-01-02", "html", id="7")
        self.assertEqual(len(got), max(len(rec["events"]), 1 if "error" in rec else 0))
        self.assertTrue(all(r["doc_id"] == "7" and r["published"] == "2024-01-02" for r in got))

    def test_pandas(self) -> None:
        import pandas as pd

        df = pd.DataFrame(self.corpus)
        df["id"] = df["id"].astype(str)
        got = dyad.code_pandas(df)
        self.assertEqual(list(got.columns), COLUMNS)
        diff = first_difference(normalise(got.to_dict("records")), self.want)
        self.assertEqual(diff, "")

    def test_wrong_batches_raise(self) -> None:
        import pyarrow as pa

        with self.assertRaises(ValueError):
            dyad.code_arrow(pa.record_batch({"id": ["a"], "body": ["x"]}))
        with self.assertRaises(ValueError):
            dyad.code_arrow(pa.record_batch({"text": ["x"]}))
        with self.assertRaises(ValueError):
            dyad.code_arrow(pa.record_batch({"id": ["a"], "text": [1]}))
        with self.assertRaises(TypeError):
            dyad.code_arrow("not a batch")  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            dyad.code_arrow(pa.record_batch({"id": ["a"], "text": ["x"]}), threads=0)
        with self.assertRaises(ValueError):
            dyad.code_arrow(pa.record_batch({"id": ["a"], "text": ["x"]}), date="soon")


class Gil(unittest.TestCase):
    def test_the_gil_is_released_while_coding(self) -> None:
        """The main thread keeps running Python while another thread codes a batch.

        Holding the GIL would stop the main thread for the whole call, every time; a busy
        machine can stall the whole process now and then, so three tries are allowed.
        """
        import pyarrow as pa

        text = (ROOT / EXAMPLE).read_text()
        batch = pa.record_batch({"id": [str(i) for i in range(40)], "page": [text] * 40})
        dyad.warm_up()
        tries = []
        for _ in range(3):
            span: list[float] = []

            def work() -> None:
                t0 = time.perf_counter()
                dyad.code_arrow(batch)
                span.extend([t0, time.perf_counter()])

            worker = threading.Thread(target=work)
            ticks = []
            worker.start()
            while worker.is_alive():
                ticks.append(time.perf_counter())
                sum(range(200))
            worker.join()
            t0, t1 = span
            inside = [t for t in ticks if t0 <= t <= t1]
            gaps = [b - a for a, b in zip([t0] + inside, inside + [t1])]
            tries.append(f"{len(inside)} ticks, longest pause {max(gaps):.2f} s of {t1 - t0:.2f} s")
            if len(inside) > 10 and max(gaps) < 0.5 * (t1 - t0):
                return
        self.fail("the main thread stopped while coding: " + "; ".join(tries))


if __name__ == "__main__":
    unittest.main()
