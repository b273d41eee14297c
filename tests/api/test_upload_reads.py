"""An upload's merge runs beside reads: only its writes hold them off (app/deps.py, app/refresh.py)."""

from __future__ import annotations

import threading

from app import deps
from app.ingest import ingest_bytes
from app.refresh import exclusive_write
from graph.embedded.store import EmbeddedStore
from graph.merge import Merger
from tests.api.test_errors_and_ingest import FEED


def hold_merges(monkeypatch, waiting_for: str) -> tuple[threading.Event, threading.Event]:
    """Every ``Merger.merge`` waits for the second event (``go``); the first says one began."""
    merging, go = threading.Event(), threading.Event()
    merge = Merger.merge

    def held_merge(self, docs):
        merging.set()
        assert go.wait(30), f"{waiting_for} never came back"
        return merge(self, docs)

    monkeypatch.setattr(Merger, "merge", held_merge)
    return merging, go


def test_reads_are_answered_while_an_upload_merges(monkeypatch, tmp_path):
    store = deps.guard(EmbeddedStore(tmp_path))
    merging, go = hold_merges(monkeypatch, "the read")

    def upload() -> None:
        with exclusive_write(store) as writable:
            ingest_bytes(FEED.encode(), "hopper.txt", writable)

    uploader = threading.Thread(target=upload)
    uploader.start()
    assert merging.wait(30)
    answered = []
    reader = threading.Thread(target=lambda: answered.append(store.get_stats()))
    reader.start()
    reader.join(10)
    go.set()
    uploader.join(60)
    assert answered and answered[0].nodes["Paper"] == 0  # read mid-merge: the graph before the upload
    assert store.get_stats().nodes["Paper"] > 0
