"""dyad: news in, CAMEO event data out — from Python, pandas and Spark.

The coding runs in Rust (the same engine as the ``dyad`` command line, with its
dictionaries and tagger/parser model built in) and releases the GIL while it works.

* :func:`code` gives the record ``dyad code`` writes for one document, as a dict;
  :func:`code_json` gives it as the JSON line itself.
* :func:`code_arrow` codes an Arrow record batch (or table) of documents into a batch of
  events, one row per event (:func:`event_schema`); :func:`code_pandas` does the same for
  a pandas DataFrame. Both need ``pyarrow`` (and ``pandas``), which ``dyad`` itself does
  not import until they are called.

A document that cannot be coded (empty, binary, no article text, a bad date in a row…)
gives a record with ``"error"`` set, as in the CLI; wrong arguments raise ``ValueError`` or
``TypeError``. See ``docs/python.md``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal, Protocol, Union, cast, overload

from . import _dyad

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

__all__ = [
    "ArrowArrayExportable",
    "INTERNAL_ERROR",
    "Kind",
    "__version__",
    "code",
    "code_arrow",
    "code_json",
    "code_pandas",
    "event_schema",
    "spark_schema",
    "warm_up",
]

__version__: str = _dyad.__version__

#: The ``error`` of the record of a document whose coding hit an internal error.
INTERNAL_ERROR: str = _dyad.INTERNAL_ERROR

#: How to read a document: a raw web page, text scraped from a page (site furniture is
#: removed), or clean text taken verbatim.
Kind = Literal["html", "page", "text"]


def code_json(
    doc: Union[str, bytes],
    date: str | None = None,
    kind: Kind = "page",
    *,
    id: str = "",
    url: str | None = None,
    title: str | None = None,
) -> str:
    """Code one document; return its record as the JSON line ``dyad code`` writes.

    ``doc`` is a ``str`` (read as a ``dyad code --jsonl`` field is) or ``bytes`` (read as a
    file is: binary content and invalid UTF-8 give an error record). ``date``
    (``YYYY-MM-DD`` or ``YYYYMMDD``) wins over a date on the page, like ``--date``;
    ``url`` and ``title`` win over the page's own. ``id`` is the record's id.

    Raises ``ValueError`` for a bad ``date`` or ``kind``, ``TypeError`` for a ``doc`` that
    is neither ``str`` nor ``bytes``.
    """
    return _dyad.code_json(doc, date, kind, id, url, title)


def code(
    doc: Union[str, bytes],
    date: str | None = None,
    kind: Kind = "page",
    *,
    id: str = "",
    url: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Code one document; return the record ``dyad code`` writes for it, as a dict.

    The dict is ``json.loads`` of :func:`code_json`: the same fields and values as the
    CLI's JSON line (``id``, ``title``, ``author``, ``published``, ``url``, ``text``,
    ``sentences``, ``events``, ``quotes``, ``times``, ``places``, ``actors`` and, for a
    failed document, ``error``). Offsets count code points, so they index Python strings
    directly: ``rec["text"][e["trigger"]["start"]:e["trigger"]["end"]]``.
    """
    rec: dict[str, Any] = json.loads(code_json(doc, date, kind, id=id, url=url, title=title))
    return rec


def warm_up() -> None:
    """Load the dictionaries and the model now rather than on the first document."""
    _dyad.warm_up()


class ArrowArrayExportable(Protocol):
    """Anything that exports a record batch through the Arrow PyCapsule interface."""

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]: ...


class _ArrowArray:
    """An ``(arrow_schema, arrow_array)`` capsule pair behind the PyCapsule interface."""

    __slots__ = ("_pair",)

    def __init__(self, pair: tuple[object, object]) -> None:
        self._pair = pair

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        return self._pair


class _ArrowSchema:
    """An ``arrow_schema`` capsule behind the PyCapsule interface."""

    __slots__ = ("_capsule",)

    def __init__(self, capsule: object) -> None:
        self._capsule = capsule

    def __arrow_c_schema__(self) -> object:
        return self._capsule


def event_schema() -> "pyarrow.Schema":
    """The schema of the events table :func:`code_arrow` returns.

    Each field carries its description under the metadata key ``b"description"``.
    """
    import pyarrow as pa

    return pa.schema(cast(Any, _ArrowSchema(_dyad.event_schema_capsule())))


_SPARK_TYPES = {
    "string": "STRING",
    "large_string": "STRING",
    "int8": "TINYINT",
    "int32": "INT",
    "int64": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "bool": "BOOLEAN",
}


def spark_schema() -> str:
    """The events table as a Spark DDL schema string, for ``mapInArrow``."""
    return ", ".join(f"{f.name} {_SPARK_TYPES[str(f.type)]}" for f in event_schema())



def _prepare(batch: "pyarrow.RecordBatch") -> "pyarrow.RecordBatch":
    """Casts an id of another type (an integer, say) to string, as the CLI prints it."""
    import pyarrow as pa

    i = batch.schema.get_field_index("id")
    if i >= 0:
        t = batch.schema.field(i).type
        if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t)):
            if not (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t)):
                raise TypeError(f'column "id" has type {t}, expected a string or a number')
            cols = list(batch.columns)
            cols[i] = cols[i].cast(pa.string())
            batch = pa.RecordBatch.from_arrays(cols, names=batch.schema.names)
    return batch


@overload
def code_arrow(
    batch: "pyarrow.Table", *, date: str | None = None, threads: int = 1
) -> "pyarrow.Table": ...


@overload
def code_arrow(
    batch: "pyarrow.RecordBatch", *, date: str | None = None, threads: int = 1
) -> "pyarrow.RecordBatch": ...


@overload
def code_arrow(
    batch: "ArrowArrayExportable", *, date: str | None = None, threads: int = 1
) -> "pyarrow.RecordBatch": ...


def code_arrow(
    batch: object,
    *,
    date: str | None = None,
    threads: int = 1,
) -> "pyarrow.RecordBatch | pyarrow.Table":
    """Code a record batch (or table) of documents into a batch (or table) of events.

    Input columns, as the fields of a ``dyad code --jsonl`` object: ``id`` (string, or a
    number, printed), optional ``date``, ``url``, ``title`` (strings), and one or more of
    ``html``, ``page``, ``text`` (string or binary) with exactly one non-null in each row.
    Other columns are ignored. Strings are read in place (Arrow C data interface); any
    producer with ``__arrow_c_array__`` works, not just pyarrow.

    Output: one row per event, in input order, with the columns of :func:`event_schema`
    (document id, date, title and URL; event code, root code, QuadClass, Goldstein, PLOVER,
    modality, negation; source, target and attribution actors with their codes, names,
    spans and rules; event date and place; evidence sentence and trigger with their spans;
    the verb pattern). A document that fails gives one row with ``error`` set and the event
    columns null; a document without events gives no row.

    ``date`` is the publication date of rows without one (``--date`` of the CLI).
    ``threads`` > 1 codes that many documents at a time on a pool of its own; the default
    codes on the calling thread, which suits Spark (one task per core). The GIL is released
    while coding.
    """
    import pyarrow as pa

    if isinstance(batch, pa.Table):
        out = [code_arrow(b, date=date, threads=threads) for b in batch.to_batches()]
        return pa.Table.from_batches(out, schema=event_schema())
    if isinstance(batch, pa.RecordBatch):
        batch = _prepare(batch)
    pair = _dyad.code_arrow(batch, date, threads)
    return pa.record_batch(_ArrowArray(pair))


def code_pandas(
    df: "pandas.DataFrame",
    *,
    date: str | None = None,
    threads: int = 1,
) -> "pandas.DataFrame":
    """:func:`code_arrow` for a pandas DataFrame: documents in, one row per event out.

    ``df`` has the input columns of :func:`code_arrow` (``id``, ``page``/``html``/``text``,
    optional ``date``, ``url``, ``title``). Missing values in the output are ``None``/NaN
    as pandas makes them (``pyarrow.RecordBatch.to_pandas``).
    """
    import pyarrow as pa

    batch = pa.RecordBatch.from_pandas(df, preserve_index=False)
    return code_arrow(batch, date=date, threads=threads).to_pandas()
