"""Reading files in worker processes gives the same graph and report as reading them in turn."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.ingest import ingest
from graph.embedded.store import EmbeddedStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(EXAMPLES, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.bin").write_bytes(bytes(range(256)) * 4)
    return folder


def snapshot(store: EmbeddedStore) -> list:
    return sorted(p.model_dump_json() for p in store.get_papers([k.paper_id for k in store.list_paper_keys()]))


def test_workers_build_the_same_graph_and_report(tmp_path):
    folder = corpus(tmp_path)
    serial, parallel = EmbeddedStore(None), EmbeddedStore(None)
    one = ingest([folder], serial, workers=0)
    two = ingest([folder], parallel, workers=2)
    assert snapshot(serial) == snapshot(parallel) and serial.get_stats() == parallel.get_stats()
    assert one.model_dump() == two.model_dump()
    failed = {Path(f.name).name: f.problems for f in two.files if f.failed}
    assert set(failed) == {"empty.txt", "noise.bin"}  # the worker's error keeps its file, line and kind
    assert "empty.txt:1: empty-file" in failed["empty.txt"][0]
    assert two.totals.warnings["binary-file"] == 1 and serial.get_stats().nodes["Paper"] > 0


def test_the_readers_result_pipe_is_widened_on_linux():
    """A reader stalled on the 64 KB pipe until the merging process's result thread got the GIL."""
    import sys

    import pytest

    from app.ingest import RESULT_PIPE_BYTES, _pool

    if not sys.platform.startswith("linux"):
        pytest.skip("F_SETPIPE_SZ is Linux's")
    import fcntl

    with _pool(1) as pool:
        assert fcntl.fcntl(pool._result_queue._reader.fileno(), fcntl.F_GETPIPE_SZ) >= RESULT_PIPE_BYTES


def test_a_run_collects_less_often_while_it_reads_and_merges_then_as_before(tmp_path):
    """Millions of records that stay alive: young collections found nothing and cost a fifth of
    the merge. The parent's thresholds are set for the run and given back; readers keep them."""
    import gc

    from app.ingest import BULK_GC_THRESHOLDS, _pool

    class Seen:
        def __init__(self):
            self.during = []

        def start(self, files):
            pass

        def file_done(self, entry):
            self.during.append(gc.get_threshold())

        def finishing(self):
            pass

    before = gc.get_threshold()
    assert before != BULK_GC_THRESHOLDS
    seen = Seen()
    ingest([corpus(tmp_path)], EmbeddedStore(None), workers=0, progress=seen)
    assert seen.during and set(seen.during) == {BULK_GC_THRESHOLDS}
    assert gc.get_threshold() == before
    with _pool(1) as pool:
        assert pool.submit(gc.get_threshold).result() == BULK_GC_THRESHOLDS



def test_readers_run_below_the_merging_process():
    """The merge is a run's critical path: a reader per core must never take its core."""
    import os

    from app.ingest import READER_NICE, _pool

    here = os.nice(0)
    with _pool(1) as pool:
        assert pool.submit(os.nice, 0).result() == min(19, here + READER_NICE)
    assert os.nice(0) == here
