"""Atomic snapshots: a writer killed mid-write leaves the previous graph loadable."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.embedded.persist import CorruptSnapshot, read_snapshot, snapshot_path, write_snapshot
from graph.embedded.store import EmbeddedStore
from graph.model import Paper
from graph.store import GraphBatch

REPO = Path(__file__).resolve().parents[2]

# The child writes a snapshot whose lines come from a generator that, once thousands of lines
# are in the temp file, says so on stdout and then blocks: the parent kills it right there.
CHILD = textwrap.dedent("""
    import json, os, sys, time
    from pathlib import Path
    from graph.embedded.persist import snapshot_path, write_snapshot

    def lines():
        for i in range(20000):  # several MiB: past the writer's 1 MiB pieces
            yield json.dumps({"t": "paper", "r": {"id": f"p-new-{i}", "title": os.urandom(64).hex()}})
        print("half-written", flush=True)
        while True:
            time.sleep(1)

    write_snapshot(snapshot_path(Path(sys.argv[1])), lines())
""")


def _store_with(data_dir: Path, *ids: str) -> EmbeddedStore:
    store = EmbeddedStore(data_dir)
    store.upsert_batch(GraphBatch(papers=[Paper(id=i, title=f"title of {i}") for i in ids]))
    store.flush()
    return store


def test_killed_writer_leaves_previous_snapshot(tmp_path: Path):
    _store_with(tmp_path, "p-1", "p-2")
    before = snapshot_path(tmp_path).read_bytes()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert child.stdout.readline().strip() == b"half-written"
        temps = list(tmp_path.glob(".graph.jsonl.gz.*.tmp"))
        assert temps and temps[0].stat().st_size > 0  # the new snapshot really was being written
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert snapshot_path(tmp_path).read_bytes() == before
    reloaded = EmbeddedStore(tmp_path)
    assert [p.id for p in reloaded.get_papers(["p-1", "p-2", "p-new-0"])] == ["p-1", "p-2"]
    reloaded.upsert_batch(GraphBatch(papers=[Paper(id="p-3")]))
    reloaded.flush()
    assert not list(tmp_path.glob("*.tmp"))  # the next writer clears the dead writer's temp file
    assert len(EmbeddedStore(tmp_path).get_papers(["p-1", "p-2", "p-3"])) == 3


def test_writer_failing_midway_keeps_previous_snapshot(tmp_path: Path):
    _store_with(tmp_path, "p-1")

    def lines():
        yield '{"t":"paper","r":{"id":"p-x"}}'
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_snapshot(snapshot_path(tmp_path), lines())
    assert [p.id for p in EmbeddedStore(tmp_path).get_papers(["p-1", "p-x"])] == ["p-1"]
    assert not list(tmp_path.glob("*.tmp"))


def test_a_failed_disk_write_is_raised_and_keeps_previous_snapshot(tmp_path: Path, monkeypatch):
    _store_with(tmp_path, "p-1")
    real_write = gzip.GzipFile.write

    def full_disk(self, data):
        if len(data) > 1000:  # the record pieces, written by the writer thread
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(gzip.GzipFile, "write", full_disk)
    lines = (f'{{"t":"paper","r":{{"id":"p-{i}","title":"{"x" * 200}"}}}}' for i in range(20000))
    with pytest.raises(OSError, match="No space"):
        write_snapshot(snapshot_path(tmp_path), lines)
    monkeypatch.undo()
    assert [p.id for p in EmbeddedStore(tmp_path).get_papers(["p-1", "p-2"])] == ["p-1"]
    assert not list(tmp_path.glob("*.tmp"))


def test_snapshot_without_end_marker_is_reported_as_truncated(tmp_path: Path):
    path = snapshot_path(tmp_path)
    path.write_bytes(gzip.compress(b'{"researchgraph": 1}\n{"t":"paper","r":{"id":"p-1"}}\n'))
    with pytest.raises(CorruptSnapshot, match="truncated"):
        list(read_snapshot(path))


def test_snapshot_is_json_lines_not_pickle(tmp_path: Path):
    _store_with(tmp_path, "p-1")
    text = gzip.decompress(snapshot_path(tmp_path).read_bytes()).decode()
    assert text.splitlines()[0] == '{"researchgraph": 1}' and '"id":"p-1"' in text
