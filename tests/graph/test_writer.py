"""The write-only embedded store (graph/embedded/writer.py) commits what the full store commits.

The CLI's ingest writes through it; a server, ``stats`` and every later run read what it wrote
through the full store, so the two must leave the same database: the same records byte for byte,
the same identity keys and the same counts, over one run or several, fresh or on top of a graph.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.ingest import ingest as ingest_files
from graph.embedded.db import db_path
from graph.embedded.store import EmbeddedStore
from graph.embedded.writer import EmbeddedWriter
from graph.merge import Merger
from graph.store import GraphBatch
from tests.graph.test_identity import author, corpus, document, paper

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(store, docs) -> None:
    merger = Merger(store)
    for doc in docs:
        store.upsert_batch(merger.merge([doc]))
        store.flush()
    store.upsert_batch(merger.finish())
    store.close()


def _database(data_dir: Path) -> tuple:
    conn = sqlite3.connect(db_path(data_dir))
    try:
        records = conn.execute("SELECT kind, id, body FROM records WHERE body IS NOT NULL ORDER BY kind, id").fetchall()
        removed = conn.execute("SELECT kind, id FROM records WHERE body IS NULL ORDER BY kind, id").fetchall()
        keys = sorted(conn.execute("SELECT paper_id, arxiv_id, doi, title_key FROM paper_keys").fetchall(),
                      key=repr)
        counts = conn.execute("SELECT what, name, n FROM counts ORDER BY what, name").fetchall()
        aliases = conn.execute("SELECT id, targets FROM aliases ORDER BY id").fetchall()
    finally:
        conn.close()
    return records, removed, keys, counts, aliases


def _retiring() -> list[list]:
    """Runs that move ids: a second profile's papers outnumber the first (the bare slug moves),
    and a spelling with a middle initial, first alone, then joined to the plain name on a shared
    co-author (its provisional id is retired: a removed row)."""
    first = document("s-k", paper("s-k", 1, author("Yang Liu", 1, "openreview:~Yang_Liu3", affiliations=("mit",)),
                                  author("Maosong Sun", 2)))
    second = document("s-l", *(paper("s-l", i, author("Yang Liu", 1, "openreview:~Yang_Liu19",
                                                      affiliations=("ucsc", "ucsc")),
                                       author("Cihang Xie", 2), author("Cihang Xie", 3, affiliations=("jhu",)))
                               for i in range(3)))
    initial = document("s-j", paper("s-j", 1, author("Justin F. Rousseau", 1, affiliations=("utexas",)),
                                    author("Ying Ding", 2)))
    plain = document("s-i", *(paper("s-i", i, author("Justin Rousseau", 1), author("Ying Ding", 2)) for i in range(2)))
    return [[first], [second], [initial], [plain], [first, second, initial, plain]]


SCENARIOS = {
    "one run": lambda: [corpus()],
    "a run per document, then all again": lambda: [[d] for d in corpus()] + [corpus()],
    "an id retired by a later run": _retiring,
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_writer_leaves_the_database_the_full_store_leaves(tmp_path, scenario):
    runs = SCENARIOS[scenario]()
    for run in runs:
        _run(EmbeddedStore(tmp_path / "store"), run)
        _run(EmbeddedWriter(tmp_path / "writer"), run)  # each run opens what the one before wrote
        assert _database(tmp_path / "writer") == _database(tmp_path / "store")
    records, removed, keys, counts, aliases = _database(tmp_path / "writer")
    assert records and keys and counts
    if scenario == "an id retired by a later run":
        assert ("researcher", "yang-liu-3") in {(k, i) for k, i, _ in records}
        assert removed  # a retired id: its row stays, without a body
        assert ("justin-f-rousseau", '["justin-rousseau"]') in aliases  # and leads to the person it joined
    # and the full store, loading it, counts what the writer stored
    loaded = EmbeddedStore(tmp_path / "writer").get_stats()
    stored = {(what, name): n for what, name, n in counts}
    assert {("nodes", k): v for k, v in loaded.nodes.items()} | {
        ("relationships", k): v for k, v in loaded.relationships.items()} == stored


def test_the_writer_ingests_real_files_as_the_store_does(tmp_path):
    for name in ("store", "writer"):
        store = EmbeddedStore(tmp_path / name) if name == "store" else EmbeddedWriter(tmp_path / name)
        report = ingest_files([EXAMPLES], store)
        store.close()
        assert report.totals.papers_new > 0 and not report.failed
    assert _database(tmp_path / "writer") == _database(tmp_path / "store")
    seq = sqlite3.connect(db_path(tmp_path / "writer")).execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
    writer = EmbeddedWriter(tmp_path / "writer")
    report = ingest_files([EXAMPLES], writer)  # again: nothing new, nothing written
    writer.close()
    assert report.totals.papers_new == report.totals.papers_updated == report.totals.researchers_written == 0
    assert sqlite3.connect(db_path(tmp_path / "writer")).execute(
        "SELECT value FROM meta WHERE key = 'seq'").fetchone() == seq


def test_finishing_in_parts_writes_what_finishing_at_once_writes(tmp_path, monkeypatch):
    """A corpus run rewrites tens of thousands of papers at the end; they are written a part at a
    time (People.finish_batches), in the same one transaction, with the same result."""
    import graph.merge_people

    docs = [*corpus(), *_retiring()[-1]]
    _run(EmbeddedWriter(tmp_path / "at-once"), docs)
    monkeypatch.setattr(graph.merge_people, "READ_CHUNK", 1)
    writer = EmbeddedWriter(tmp_path / "parts")
    merger = Merger(writer)
    for doc in docs:
        writer.upsert_batch(merger.merge([doc]))
        writer.flush()
    seq = writer._seq
    parts = list(merger.finish_batches())
    assert sum(bool(p.author_ids) for p in parts) > 1  # really in parts
    for part in parts:
        writer.upsert_batch(part)
    writer.close()
    assert writer._seq == seq + 1  # one commit
    assert _database(tmp_path / "parts") == _database(tmp_path / "at-once")


def test_the_writer_opens_an_earlier_versions_data_directory_as_the_store_does(tmp_path):
    """A version-1 snapshot is imported on open, so an ingest builds on it."""
    import gzip
    import json

    from graph.embedded.persist import snapshot_path

    record = json.dumps({"t": "paper", "r": {"id": "p-old", "title": "An Old Paper About Sparse Experts"}},
                        separators=(",", ":"))
    lines = [json.dumps({"researchgraph": 1}), record, json.dumps({"end": True})]
    snapshot_path(tmp_path).write_bytes(gzip.compress("\n".join(lines).encode() + b"\n"))
    writer = EmbeddedWriter(tmp_path)
    assert [p.title for p in writer.get_papers(["p-old"])] == ["An Old Paper About Sparse Experts"]
    assert writer.get_stats().nodes["Paper"] == 1 and writer.paper_key_index().known == {"p-old"}
    assert not snapshot_path(tmp_path).exists()
    writer.close()


def test_both_stores_read_a_papers_abstracts_as_its_whole_record_shows_them(tmp_path):
    from graph.model import Paper, PaperClaim

    def whole(store, ids):
        return {p.id: p.abstracts() for p in store.get_papers(ids)}

    claims = [PaperClaim(source_id="s-1", title="T", abstract="first words"),
              PaperClaim(source_id="s-2", title="T", abstract="second words"), PaperClaim(source_id="s-3", title="T")]
    papers = [Paper(id="p-1", title="T", abstract="first words", claims=claims),
              Paper(id="p-2", title="U", claims=claims[2:]), Paper(id="p-3", title="V", abstract="shown only")]
    ids = ["p-1", "p-2", "p-3", "p-gone"]
    for make in (EmbeddedStore, EmbeddedWriter):
        data = tmp_path / make.__name__
        store = make(data)
        store.upsert_batch(GraphBatch(papers=papers[:2]))
        store.flush()
        store.upsert_batch(GraphBatch(papers=papers[2:]))  # not committed yet
        expected = {"p-1": {"first words", "second words"}, "p-2": set(), "p-3": {"shown only"}}
        assert store.paper_abstracts(ids) == expected == whole(store, ids)
        store.close()
    assert EmbeddedStore(None).paper_abstracts(ids) == {}
