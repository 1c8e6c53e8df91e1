"""Type stubs of the native module ``dyad._dyad`` (Rust, PyO3). Use ``dyad`` instead."""

from typing import Optional, Union

__version__: str
INTERNAL_ERROR: str

def code_json(
    doc: Union[str, bytes],
    date: Optional[str] = None,
    kind: str = "page",
    id: str = "",
    url: Optional[str] = None,
    title: Optional[str] = None,
) -> str:
    """One document in, the CLI's JSON line out (GIL released while coding)."""

def code_arrow(
    batch: object, date: Optional[str] = None, threads: int = 1
) -> tuple[object, object]:
    """An ``__arrow_c_array__`` batch of documents in, the ``(arrow_schema, arrow_array)``
    capsules of the events batch out (GIL released while coding)."""

def event_schema_capsule() -> object:
    """The events table's schema as an ``arrow_schema`` capsule."""

def warm_up() -> None:
    """Builds the dictionaries and the model now."""
