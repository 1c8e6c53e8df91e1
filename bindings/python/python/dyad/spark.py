"""Spark helpers: a DataFrame of documents in, a DataFrame of events out, via ``mapInArrow``.

    from dyad.spark import code_events
    events = code_events(spark.read.json("pages.jsonl"), date="2024-03-12")
    events.write.parquet("events")

The function Spark ships to its Python workers lives in this module, so the workers find
it wherever the ``dyad`` wheel is installed. Importing this module does not import pyspark.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Iterable, Iterator

from . import code_arrow, spark_schema

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    import pyspark.sql

__all__ = ["INPUT_COLUMNS", "code_batches", "code_events"]

#: The document columns ``code_events`` passes on (those the DataFrame has).
INPUT_COLUMNS = ("id", "date", "url", "title", "html", "page", "text")


def code_batches(
    batches: Iterable["pyarrow.RecordBatch"], date: str | None = None
) -> Iterator["pyarrow.RecordBatch"]:
    """The ``mapInArrow`` function: batches of documents in, batches of events out."""
    for batch in batches:
        yield code_arrow(batch, date=date)


def code_events(df: "pyspark.sql.DataFrame", *, date: str | None = None) -> "pyspark.sql.DataFrame":
    """Codes a DataFrame of documents into a DataFrame of events (``dyad.spark_schema()``).

    ``df`` has the columns of a ``dyad code --jsonl`` object (``id``, optional ``date``,
    ``url``, ``title``, and ``html``/``page``/``text``); other columns are dropped before
    the documents go to Python. ``date`` is the publication date of rows without one. Each
    task codes its partition on one core; partition the input to match your cores.
    """
    cols = [c for c in INPUT_COLUMNS if c in df.columns]
    return df.select(*cols).mapInArrow(functools.partial(code_batches, date=date), spark_schema())
