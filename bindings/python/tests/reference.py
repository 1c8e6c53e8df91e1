"""A reference for the tests: the CLI's records, and the events table flattened from them
in plain Python, independently of the Rust flattening behind ``dyad.code_arrow``."""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[3]

#: The columns of the events table, in order (docs/python.md lists them too).
COLUMNS = [
    "doc_id", "published", "title", "url", "event_index", "sentence", "code", "root_code",
    "quad_class", "goldstein", "plover", "plover_mode", "modality", "negated",
    "source_code", "source_name", "source_start", "source_end", "source_rule",
    "target_code", "target_name", "target_start", "target_end", "target_rule",
    "attribution_code", "attribution_name", "attribution_start", "attribution_end",
    "attribution_rule", "event_date", "place_name", "place_country", "place_lat",
    "place_lon", "evidence_start", "evidence_end", "evidence_text", "trigger_start",
    "trigger_end", "trigger_text", "rule", "error",
]


def cli() -> Path:
    """The `dyad` binary: $DYAD_CLI, or target/release/dyad."""
    default = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "dyad"
    path = Path(os.environ.get("DYAD_CLI", default))
    if not path.is_absolute():
        path = ROOT / path
    if not path.exists():
        raise SystemExit(f"no dyad binary at {path}: cargo build --release, or set DYAD_CLI")
    return path


def run_cli(args: list[str], stdin: str | None = None) -> list[str]:
    """Runs `dyad ARGS` and returns its output lines."""
    out = subprocess.run(
        [str(cli()), *args], input=stdin, capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def f32(x: float | None) -> float | None:
    """`x` rounded to float32, as the events table stores Goldstein values."""
    return None if x is None else struct.unpack("f", struct.pack("f", x))[0]


_LINE = re.compile(r"^line \d+: ")


def event_rows(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The events-table rows of one CLI record (see `dyad.code_arrow`).

    The only liberty taken: a `line N: ` prefix of a JSONL error is dropped, since a row of
    a record batch has no line number.
    """
    doc = {
        "doc_id": rec["id"],
        "published": rec.get("published"),
        "title": rec.get("title"),
        "url": rec.get("url"),
    }
    if "error" in rec:
        row = dict.fromkeys(COLUMNS)
        row.update(doc, error=_LINE.sub("", rec["error"]))
        return [row]
    text = rec["text"]
    rows = []
    for i, e in enumerate(rec["events"]):
        row = dict(doc)
        row.update(
            event_index=i,
            sentence=e["sentence"],
            code=e["code"],
            root_code=e["code"][:2],
            quad_class=e["quad_class"],
            goldstein=f32(e["goldstein"]),
            plover=e.get("plover"),
            plover_mode=e.get("plover_mode"),
            modality=e["modality"],
            negated=e["negated"],
        )
        for role in ("source", "target", "attribution"):
            a = e.get(role) or {}
            for k in ("code", "name", "start", "end", "rule"):
                row[f"{role}_{k}"] = a.get(k)
        row["event_date"] = (e.get("date") or {}).get("value")
        loc = e.get("location") or {}
        row.update(
            place_name=loc.get("name"),
            place_country=loc.get("country"),
            place_lat=loc.get("lat"),
            place_lon=loc.get("lon"),
        )
        ev, tr = e["evidence"], e["trigger"]
        row.update(
            evidence_start=ev["start"],
            evidence_end=ev["end"],
            evidence_text=text[ev["start"] : ev["end"]],
            trigger_start=tr["start"],
            trigger_end=tr["end"],
            trigger_text=tr.get("text"),
            rule=e["rule"],
            error=None,
        )
        rows.append(row)
    return rows


def cli_event_rows(jsonl: Path, date: str | None = None) -> list[dict[str, Any]]:
    """The events table of `dyad code --jsonl FILE`, flattened in Python."""
    args = ["code", "--jsonl", str(jsonl)] + (["--date", date] if date else [])
    return [r for line in run_cli(args) for r in event_rows(json.loads(line))]


def normalise(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with Goldstein values as float32 and NaN as None (pandas' missing floats)."""
    out = []
    for r in rows:
        r = {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
        r["goldstein"] = f32(r["goldstein"])
        out.append(r)
    return out


def first_difference(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> str:
    """A readable account of where two tables differ ('' when they are equal)."""
    if len(got) != len(want):
        return f"{len(got)} rows, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            keys = [k for k in COLUMNS if g.get(k) != w.get(k)]
            return f"row {i} ({w['doc_id']}): " + ", ".join(
                f"{k}={g.get(k)!r} expected {w.get(k)!r}" for k in keys
            )
    return ""
