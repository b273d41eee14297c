"""The embedded store's database: transactions a killed writer cannot tear, commits other
processes can follow, no write over another process's commits, and the old snapshot imported."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.embedded.db import CorruptSnapshot, RecordDB, db_path, read_counts
from graph.embedded.persist import snapshot_path
from graph.embedded.store import EmbeddedStore, StaleWrite
from graph.model import AuthorRef, Paper
from graph.store import GraphBatch

REPO = Path(__file__).resolve().parents[2]

# The child opens a transaction, writes thousands of rows into it, says so and blocks: the
# parent kills it right there, with the rows in the write-ahead log but not committed.
CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from graph.embedded.db import RecordDB

    db = RecordDB(Path(sys.argv[1]))
    cur = db._conn.cursor()
    cur.execute("BEGIN IMMEDIATE")
    cur.executemany("INSERT INTO records VALUES ('paper', ?, ?, 99)",
                    ((f"p-new-{i}", '{"id": "p-new-%d", "title": "%s"}' % (i, os.urandom(64).hex()))
                     for i in range(20000)))
    print("half-written", flush=True)
    while True:
        time.sleep(1)
""")


def _store_with(data_dir: Path, *ids: str) -> EmbeddedStore:
    store = EmbeddedStore(data_dir)
    store.upsert_batch(GraphBatch(papers=[Paper(id=i, title=f"title of {i}",
                                                authors=[AuthorRef.of("Ann Lee", 1)]) for i in ids]))
    store.flush()
    return store


def test_a_writer_killed_mid_transaction_leaves_the_last_commit(tmp_path: Path):
    _store_with(tmp_path, "p-1", "p-2").close()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert child.stdout.readline().strip() == b"half-written"
        assert Path(f"{db_path(tmp_path)}-wal").stat().st_size > 1_000_000  # the rows really were being written
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    reloaded = EmbeddedStore(tmp_path)
    assert sorted(p.id for p in reloaded.search_papers(limit=50)) == ["p-1", "p-2"]
    reloaded.upsert_batch(GraphBatch(papers=[Paper(id="p-3", title="after the crash")]))
    reloaded.flush()  # the dead writer's lock went with it
    assert EmbeddedStore(tmp_path).get_stats().nodes["Paper"] == 3


def test_commits_are_numbered_and_another_store_applies_just_them(tmp_path: Path):
    writer = _store_with(tmp_path, "p-1")
    reader = EmbeddedStore(tmp_path)
    assert not reader.changed_on_disk()
    writer.upsert_batch(GraphBatch(papers=[Paper(id="p-2", title="a second paper",
                                                 authors=[AuthorRef.of("Bo Chen", 1)])]))
    writer.flush()
    assert reader.changed_on_disk() and reader.pending_changes() == 2  # the paper and its new author
    assert reader.apply_changes() == 2
    assert not reader.changed_on_disk()
    assert sorted(reader.graph.nodes) == sorted(writer.graph.nodes)
    assert sorted(reader.graph.edges(data=True)) == sorted(writer.graph.edges(data=True))
    assert reader.get_stats() == writer.get_stats()


def test_a_removed_node_reaches_the_other_store(tmp_path: Path):
    writer = _store_with(tmp_path, "p-1")
    reader = EmbeddedStore(tmp_path)
    moved = Paper(id="p-1", title="title of p-1",
                  authors=[AuthorRef(name="Ann Lee", researcher_id="ann-lee-2", position=1)])
    writer.upsert_batch(GraphBatch(papers=[moved], retired_researchers=["ann-lee"]))
    writer.flush()
    reader.apply_changes()
    assert "researcher:ann-lee" not in reader.graph and "researcher:ann-lee-2" in reader.graph
    assert reader.get_stats() == writer.get_stats()


def test_a_store_behind_the_database_refuses_to_write_over_it(tmp_path: Path):
    first = _store_with(tmp_path, "p-1")
    second = EmbeddedStore(tmp_path)
    first.upsert_batch(GraphBatch(papers=[Paper(id="p-2", title="first's paper")]))
    first.flush()
    second.upsert_batch(GraphBatch(papers=[Paper(id="p-3", title="second's paper")]))
    with pytest.raises(StaleWrite, match="another process"):
        second.flush()
    assert {p.id for p in EmbeddedStore(tmp_path).search_papers(limit=10)} == {"p-1", "p-2"}


def test_stats_are_read_from_the_file_without_loading_the_graph(tmp_path: Path):
    store = _store_with(tmp_path, "p-1", "p-2")
    assert read_counts(tmp_path) == {"nodes": store.get_stats().nodes,
                                     "relationships": store.get_stats().relationships}
    assert read_counts(tmp_path / "none") is None


def test_records_are_json_rows_sqlite_can_read(tmp_path: Path):
    _store_with(tmp_path, "p-1").close()
    with sqlite3.connect(db_path(tmp_path)) as conn:
        (title,) = conn.execute("SELECT json_extract(body, '$.title') FROM records WHERE id = 'p-1'").fetchone()
    assert title == "title of p-1"


def test_a_version_1_snapshot_is_imported_once(tmp_path: Path):
    record = json.dumps({"t": "paper", "r": {"id": "p-old", "title": "an old paper"}}, separators=(",", ":"))
    lines = [json.dumps({"researchgraph": 1}), record, json.dumps({"end": True})]
    snapshot_path(tmp_path).write_bytes(gzip.compress("\n".join(lines).encode() + b"\n"))
    assert [p.id for p in EmbeddedStore(tmp_path).search_papers(limit=5)] == ["p-old"]
    assert not snapshot_path(tmp_path).exists() and (tmp_path / "graph.jsonl.gz.imported").exists()
    assert [p.id for p in EmbeddedStore(tmp_path).search_papers(limit=5)] == ["p-old"]


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path):
    db_path(tmp_path).write_bytes(b"not a database at all, not even close" * 100)
    with pytest.raises(CorruptSnapshot, match=r"graph\.db"):
        EmbeddedStore(tmp_path)


def test_a_database_of_another_format_is_refused(tmp_path: Path):
    RecordDB(tmp_path)._conn.execute("UPDATE meta SET value = '7' WHERE key = 'format'")
    with pytest.raises(CorruptSnapshot, match="format 7"):
        EmbeddedStore(tmp_path)


FORMAT_2 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT, seq INTEGER NOT NULL,
                      PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX records_by_seq ON records (seq);
INSERT INTO meta VALUES ('format', '2'), ('seq', '1'), ('keys', '1');
"""


def test_a_format_2_database_is_moved_to_a_table_with_rowids_and_keeps_its_rows(tmp_path: Path):
    old = _store_with(tmp_path / "written", "p-2", "p-1")  # the rows as this version writes them
    rows = old._db._conn.execute("SELECT kind, id, body, seq FROM records ORDER BY kind, id").fetchall()
    old.close()
    (tmp_path / "old").mkdir()
    conn = sqlite3.connect(db_path(tmp_path / "old"))
    conn.executescript(FORMAT_2)
    conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()

    store = EmbeddedStore(tmp_path / "old")
    assert sorted(p.id for p in store.search_papers(limit=5)) == ["p-1", "p-2"]
    store.close()
    with sqlite3.connect(db_path(tmp_path / "old")) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == ("3",)
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'records'").fetchone()
        assert "WITHOUT ROWID" not in sql
        assert conn.execute("SELECT kind, id, body, seq FROM records ORDER BY kind, id").fetchall() == rows
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'records_by_seq'").fetchone() == (1,)
