"""The embedded store's snapshot: gzip'd JSON lines of records, replaced atomically.

Why this shape: records (not edges) are the source of truth — every edge is derived
from the papers, topics and authors on load — and JSON keeps the file readable and
free of pickle's code execution. The write goes to a temp file in the same directory,
is fsync'd, then ``os.replace``'d over the old snapshot and the directory fsync'd, so
a crash at any point leaves either the old or the new snapshot, never a torn one.
"""

from __future__ import annotations

import gzip
import json
import os
import queue
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

SNAPSHOT_NAME = "graph.jsonl.gz"
FORMAT_VERSION = 1


class CorruptSnapshot(Exception):
    """The snapshot exists but cannot be read; the message names the file and line."""


def snapshot_path(data_dir: Path) -> Path:
    return Path(data_dir) / SNAPSHOT_NAME


def write_snapshot(path: Path, lines: Iterable[str]) -> None:
    """Write ``lines`` (JSON documents without newlines) as the snapshot at ``path``, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            # Level 1: the snapshot of the whole corpus must be written in seconds, not minutes.
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz:
                gz.write(json.dumps({"researchgraph": FORMAT_VERSION}).encode() + b"\n")
                _write_behind(gz, _chunks(lines))
                gz.write(json.dumps({"end": True}).encode() + b"\n")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _write_behind(out, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``out`` from a second thread: zlib compresses without the GIL, so
    compressing one piece overlaps serialising the next (most of a corpus snapshot's time)."""
    pieces: queue.Queue = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def drain() -> None:
        while (piece := pieces.get()) is not None:
            if not failed:
                try:
                    out.write(piece)
                except BaseException as exc:  # handed to the serialising thread below
                    failed.append(exc)

    writer = threading.Thread(target=drain, name="snapshot-writer", daemon=True)
    writer.start()
    try:
        for chunk in chunks:
            if failed:
                break
            pieces.put(chunk)
    finally:
        pieces.put(None)
        writer.join()
    if failed:
        raise failed[0]


def _chunks(lines: Iterable[str], size: int = 1 << 20) -> Iterator[bytes]:
    """Lines joined into ~1 MiB pieces: one compressor call per piece, not per record."""
    buf: list[str] = []
    held = 0
    for line in lines:
        buf.append(line)
        held += len(line)
        if held >= size:
            buf.append("")
            yield "\n".join(buf).encode("utf-8")
            buf, held = [], 0
    if buf:
        buf.append("")
        yield "\n".join(buf).encode("utf-8")


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # some platforms cannot open directories; the rename is still atomic
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_snapshot(path: Path) -> Iterator[dict]:
    """The snapshot's records as dicts; :class:`CorruptSnapshot` when it is torn or not ours."""
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
                item = json.loads(raw)
                if item.get("end"):
                    return
                yield item
    except (OSError, EOFError, ValueError) as exc:
        raise CorruptSnapshot(f"{path}:{lineno + 1}: unreadable snapshot ({exc})") from exc
    raise CorruptSnapshot(f"{path}:{lineno}: snapshot ends without its end marker (truncated)")


_RECORD = re.compile(rb'^\{"t":"([a-z]+)","r":(.*)\}$', re.S)


def read_records(path: Path) -> Iterator[tuple[str, bytes]]:
    """``(kind, record JSON)`` pairs, left as bytes so pydantic parses them in one pass (fast)."""
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


def remove_stale_temps(data_dir: Path) -> None:
    """Temp files left by a writer that was killed; the real snapshot is untouched by them.

    Called by the next writer, not by readers: a server loading the graph must not pull the
    temp file from under a CLI ingest that is writing at that moment (one writer at a time).
    """
    for tmp in Path(data_dir).glob(f".{SNAPSHOT_NAME}.*.tmp"):
        tmp.unlink(missing_ok=True)
