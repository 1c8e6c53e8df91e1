"""A small corpus for the tests: the repository's example page and test pages, a few texts
we wrote for these tests, and rows that must give error records.

Every row is a `dyad code --jsonl` object; `write_jsonl` writes them one per line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reference import ROOT

# Our own short news items (invented for these tests), as clean text.
OWN_TEXTS = [
    (
        "own-1",
        "2024-05-14",
        "Kenyan President William Ruto met with Ugandan President Yoweri Museveni in "
        "Nairobi on Tuesday to discuss a new rail link. The two leaders signed an agreement "
        "on cross-border trade, officials said.",
    ),
    (
        "own-2",
        "2024-06-03",
        "Israeli aircraft struck targets in southern Lebanon on Sunday, the army said. "
        "Hezbollah fired rockets at northern Israel hours later. Lebanon's prime minister "
        "condemned the strikes and appealed to the United Nations for help.",
    ),
    (
        "own-3",
        None,
        "Police arrested dozens of protesters in Tbilisi after demonstrators accused the "
        "Georgian government of abandoning its bid to join the European Union. The EU "
        "criticized the crackdown and urged Georgia to release the detainees.",
    ),
    (
        "own-4",
        "2024-02-20",
        "China's foreign minister Wang Yi said Beijing would not supply weapons to either "
        "side. The United States accused China of helping Russia rebuild its arms industry.",
    ),
]

OWN_PAGE = """Skip to main content
World | Politics | Business
Menu

Turkey and Greece Pledge Calm in the Aegean

By Harbour Desk

Turkish President Recep Tayyip Erdogan met Greek Prime Minister Kyriakos Mitsotakis in Athens on Thursday, and the two governments signed a declaration promising to settle disputes through dialogue.

Greece's foreign minister said Athens would invite Turkish officials for further talks next month.

Share this article
Related: Ports reopen after storm
(c) 2024 Harbour News. All rights reserved.
"""


def rows() -> list[dict[str, Any]]:
    """The corpus, in order."""
    out: list[dict[str, Any]] = []
    example = ROOT / "examples" / "ceasefire-talks.txt"
    out.append({"id": "examples/ceasefire-talks.txt", "date": "2024-03-12", "page": example.read_text()})
    for path in sorted((ROOT / "testdata" / "ingest").iterdir()):
        if path.suffix not in (".txt", ".html"):
            continue
        try:
            content = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a page in another encoding has no place in JSON
        kind = "html" if path.suffix == ".html" else "page"
        out.append({"id": f"testdata/ingest/{path.name}", kind: content})
    for id_, date, text in OWN_TEXTS:
        row: dict[str, Any] = {"id": id_, "text": text}
        if date:
            row["date"] = date
        out.append(row)
    out.append({"id": "own-page", "date": "20241010", "page": OWN_PAGE, "url": "https://example.invalid/aegean"})
    out.append({"id": "own-titled", "text": OWN_TEXTS[0][2], "title": "Rail talks"})
    # Rows that must give error records.
    out.append({"id": "empty", "text": "   "})
    out.append({"id": "two-contents", "text": "a", "page": "b"})
    out.append({"id": "bad-date", "date": "yesterday", "text": OWN_TEXTS[1][2]})
    out.append({"id": "furniture-only", "page": "Skip to main content\nMenu\nShare this article\n"})
    out.append({"id": 42, "text": OWN_TEXTS[3][2], "date": "2024-02-20"})
    return out


def write_jsonl(path: Path, corpus: list[dict[str, Any]] | None = None) -> Path:
    """Writes the corpus as JSONL to `path`."""
    with open(path, "w", encoding="utf-8") as f:
        for r in corpus if corpus is not None else rows():
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def to_arrow(corpus: list[dict[str, Any]]):  # -> pyarrow.Table
    """The corpus as an Arrow table with the JSONL fields as columns (ids as strings)."""
    import pyarrow as pa

    cols = ["id", "date", "url", "title", "html", "page", "text"]
    data = {c: [None if r.get(c) is None else str(r[c]) for r in corpus] for c in cols}
    return pa.table({c: pa.array(v, pa.string()) for c, v in data.items()})
