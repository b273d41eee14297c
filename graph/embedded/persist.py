"""The version-1 data directory: one gzip'd JSON-lines snapshot (``graph.jsonl.gz``), read once
by graph/embedded/store.py to import it into the SQLite database (graph/embedded/db.py).

Its lines are ``{"t": kind, "r": record}`` between a ``{"researchgraph": 1}`` header and an
``{"end": true}`` marker.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from graph.embedded.db import CorruptSnapshot

SNAPSHOT_NAME = "graph.jsonl.gz"
FORMAT_VERSION = 1
_RECORD = re.compile(rb'^\{"t":"([a-z]+)","r":(.*)\}$', re.S)


def snapshot_path(data_dir: Path) -> Path:
    return Path(data_dir) / SNAPSHOT_NAME


def read_records(path: Path) -> Iterator[tuple[str, bytes]]:
    """``(kind, record JSON)`` pairs; :class:`CorruptSnapshot` (file and line) when it is torn."""
    path = Path(path)
    lineno = 0
    try:
        with gzip.open(path, "rb") as fh:
            header = json.loads(fh.readline() or b"null")
            lineno = 1
            if not isinstance(header, dict) or header.get("researchgraph") != FORMAT_VERSION:
                raise CorruptSnapshot(f"{path}:1: expected a researchgraph v{FORMAT_VERSION} snapshot header")
            for raw in fh:
                lineno += 1
                match = _RECORD.match(raw.rstrip(b"\n"))
                if match is None:
                    if json.loads(raw).get("end"):
                        return
                    raise CorruptSnapshot(f"{path}:{lineno}: expected a record line")
                yield match.group(1).decode(), match.group(2)
    except (OSError, EOFError, ValueError) as exc:
        raise CorruptSnapshot(f"{path}:{lineno + 1}: unreadable snapshot ({exc})") from exc
    raise CorruptSnapshot(f"{path}:{lineno}: snapshot ends without its end marker (truncated)")
