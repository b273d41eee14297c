"""The embedded store's durable graph: an SQLite database (WAL mode) of records under ``RG_DATA_DIR``.

Why this shape
--------------
* Records are the truth (graph/embedded/__init__.py): a paper row carries its authors, topics,
  code, institutions and claims, and every relationship is derived from the rows on load. One row
  per node, keyed ``(kind, id)``, its body the record's JSON (readable with ``sqlite3`` and
  ``json_extract``; no pickle).
* Every write is one transaction (``BEGIN IMMEDIATE``): an ingest commits batch after batch, so a
  crash loses at most the open batch and never leaves half of one. SQLite's locking keeps two
  writers apart; WAL keeps readers (a server, ``researchgraph stats``) off the writer's way.
* Every commit takes the next sequence number and stamps the rows it wrote with it; a removed
  node stays as a row without a body. Another process asks for the rows after the number it
  has seen and applies just those (:meth:`RecordDB.changes`), instead of reloading the graph.
* ``paper_keys`` holds each paper's identity-key rows (its shown fields' and every claim's), written
  with the paper, so a process loads the identity index without reading the claims.
* ``aliases`` holds researcher aliases (graph/aliases.py: a retired id -> the people its mentions
  went to, a JSON list), stamped with the commit's sequence number like records, and kept as a row
  without targets once dropped, so :meth:`RecordDB.changes` gives them to other processes too. A
  table of its own rather than a record kind: a database with aliases stays readable by a release
  that has none (it ignores the table), so the format number stays.
* ``counts`` holds the node and relationship counts the writer's graph had at its last commit,
  so ``stats`` is answered from the file without loading the graph.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

DB_NAME = "graph.db"
FORMAT_VERSION = 3  # 1 was the gzip'd JSON-lines snapshot (graph/embedded/persist.py)
BUSY_TIMEOUT_MS = 60_000
BULK_PRAGMAS = ("PRAGMA cache_size = -65536", "PRAGMA wal_autocheckpoint = 100000",
                "PRAGMA journal_size_limit = 67108864")

# A table with rowids and a unique (kind, id) index, not a WITHOUT ROWID table keyed by them: a
# paper's body is ~4 KB, and a WITHOUT ROWID table keeps whole rows in its key order, so each insert
# of a new paper id (hashes: no order) splits pages of bodies. Format 2 was that table; on the
# corpus's 375k records in random order it took 19 s to fill against 5 s for this one.
_RECORDS = """CREATE TABLE IF NOT EXISTS {name} (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    body TEXT,              -- the record's JSON; NULL once the node is removed
    seq  INTEGER NOT NULL,  -- the commit that wrote this row last
    UNIQUE (kind, id)
);"""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
{records}
CREATE INDEX IF NOT EXISTS records_by_seq ON records (seq);
CREATE TABLE IF NOT EXISTS paper_keys (  -- the paper identity index (graph/merge_keys.py), kept as papers are written
    paper_id  TEXT NOT NULL,
    arxiv_id  TEXT,
    doi       TEXT,
    title_key TEXT
);
CREATE INDEX IF NOT EXISTS paper_keys_by_paper ON paper_keys (paper_id);
CREATE TABLE IF NOT EXISTS aliases (  -- retired researcher ids (graph/aliases.py)
    id      TEXT PRIMARY KEY,
    targets TEXT,             -- JSON list of researcher ids; NULL once the alias is dropped
    seq     INTEGER NOT NULL  -- the commit that wrote this row last
);
CREATE INDEX IF NOT EXISTS aliases_by_seq ON aliases (seq);
CREATE TABLE IF NOT EXISTS counts (what TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,
                                   PRIMARY KEY (what, name)) WITHOUT ROWID;
""".format(records=_RECORDS.format(name="records"))


class CorruptSnapshot(Exception):
    """The stored graph exists but cannot be read; the message names the file."""


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_NAME


Change = tuple[str, str, str | None]  # (kind, id, record JSON or None when removed)
ALIAS = "alias"  # the kind of an alias row among the changes (its body: the targets' JSON list)
KeyRow = tuple[str | None, str | None, str | None]  # (arXiv id, lower-cased DOI, title key)


class RecordDB:
    """One connection to ``<data_dir>/graph.db``; its users take turns (the store's write lock)."""

    def __init__(self, data_dir: Path, *, create: bool = True, bulk: bool = False) -> None:
        """``bulk``: a connection for a long run of large commits (the CLI's ingest): a bigger page
        cache and a write-ahead log checkpointed every ~400 MB instead of every 4 MB (on corpus
        papers, commits take half the time); the log is cut back to 64 MB after each checkpoint."""
        self.path = db_path(data_dir)
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise FileNotFoundError(self.path)
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                         check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise CorruptSnapshot(f"{self.path}: cannot use write-ahead logging here")
            # NORMAL in WAL mode: a commit survives the process being killed; only a power cut may
            # take the last commits back (never a torn database).
            self._conn.execute("PRAGMA synchronous = NORMAL")
            if bulk:
                for pragma in BULK_PRAGMAS:
                    self._conn.execute(pragma)
            self._conn.executescript(_SCHEMA)
            self._check_version()
        except sqlite3.DatabaseError as exc:
            raise CorruptSnapshot(f"{self.path}: not a researchgraph database ({exc})") from exc
        # Point reads (whole records a merge asks for) go through a connection of their own, so
        # they never land inside the writer connection's open transaction (another thread's).
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()

    def _check_version(self) -> None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None:
            self._conn.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?), ('seq', '0'), ('keys', '1')",
                               (str(FORMAT_VERSION),))
        elif row[0] == "2":
            self._migrate_from_2()
        elif row[0] != str(FORMAT_VERSION):
            raise CorruptSnapshot(f"{self.path}: format {row[0]}, this version reads format {FORMAT_VERSION}")

    def _migrate_from_2(self) -> None:
        """Format 2 had the same rows in a WITHOUT ROWID table: copied over once, in one
        transaction (another process opening the file meanwhile waits, then finds format 3).
        The corpus's database took 23 s, once (copy and VACUUM)."""
        log.warning("%s: moving the graph to database format %d, once (the corpus's takes about half a minute)",
                    self.path, FORMAT_VERSION)
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            if cur.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0] == "2":
                cur.execute(_RECORDS.format(name="records_v3"))
                cur.execute("INSERT INTO records_v3 (kind, id, body, seq) SELECT kind, id, body, seq FROM records")
                cur.execute("DROP TABLE records")
                cur.execute("ALTER TABLE records_v3 RENAME TO records")
                cur.execute("CREATE INDEX records_by_seq ON records (seq)")
                cur.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(FORMAT_VERSION),))
                moved = True
            else:
                moved = False
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        if moved:  # the old table's pages are free now: give them back (the file was twice its size)
            self._conn.execute("VACUUM")

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self._conn.close()

    # -- reads ------------------------------------------------------------------------------
    def seq(self) -> int:
        """The number of the last commit (0 for a database never written)."""
        return int(self._conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])

    def records(self, *, without: tuple[str, ...] = ()) -> tuple[int, Iterator[tuple[str, str]]]:
        """The commit number and every live ``(kind, body)``, read in one transaction, papers last
        (a loader puts the nodes they link to first); ``without`` names top-level fields left out
        of paper bodies (SQLite drops them before Python parses)."""
        cur = self._conn.cursor()
        cur.execute("BEGIN")
        seq = int(cur.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])
        paths = ", ".join(f"'$.{field}'" for field in without)
        body = f"json_remove(body, {paths})" if without else "body"

        def stream() -> Iterator[tuple[str, str]]:
            try:
                # in key order, as format 2 kept them: a load must not depend on the order of writes
                yield from cur.execute("SELECT kind, body FROM records WHERE body IS NOT NULL AND kind != 'paper' "
                                       "ORDER BY kind, id")
                yield from cur.execute(f"SELECT kind, {body} FROM records WHERE body IS NOT NULL AND kind = 'paper' "
                                       "ORDER BY id")
            finally:
                cur.execute("COMMIT")

        return seq, stream()

    def keys_kept(self) -> bool:
        """Whether ``paper_keys`` is complete (a database of an earlier release has none yet)."""
        return self._conn.execute("SELECT 1 FROM meta WHERE key = 'keys'").fetchone() is not None

    def paper_keys(self) -> list[tuple[str, str | None, str | None, str | None]]:
        """Every ``(paper id, arXiv id, DOI, title key)`` row, in the order they were written."""
        return self._conn.execute("SELECT paper_id, arxiv_id, doi, title_key FROM paper_keys ORDER BY rowid").fetchall()

    def changes(self, after: int) -> tuple[int, list[Change]]:
        """The commit number now and the rows written by commits after ``after``: records, then
        alias rows (kind :data:`ALIAS`, body the targets' JSON list or None when dropped)."""
        cur = self._conn.cursor()
        cur.execute("BEGIN")
        try:
            seq = int(cur.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])
            rows = cur.execute("SELECT kind, id, body FROM records WHERE seq > ? ORDER BY kind, id",
                               (after,)).fetchall()
            rows += cur.execute("SELECT ?, id, targets FROM aliases WHERE seq > ? ORDER BY id",
                                (ALIAS, after)).fetchall()
        finally:
            cur.execute("COMMIT")
        return seq, rows

    def bodies(self, kind: str, ids: list[str]) -> list[str]:
        """The stored bodies of these nodes of one kind (in no particular order; absent ones left out)."""
        return list(self.bodies_by_id(kind, ids).values())

    def bodies_by_id(self, kind: str, ids: list[str]) -> dict[str, str]:
        """id -> stored body, for those of these nodes of one kind that are live."""
        with self._reader_lock:
            reader = self._read_connection()
            out: dict[str, str] = {}
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                marks = ",".join("?" * len(chunk))
                out.update(reader.execute(
                    f"SELECT id, body FROM records WHERE kind = ? AND id IN ({marks}) AND body IS NOT NULL",
                    (kind, *chunk)))
            return out

    def paper_abstracts(self, ids: list[str]) -> dict[str, set[str]]:
        """id -> every abstract a live paper shows or one of its claims gives, read by SQLite's
        JSON functions (a merge's abstract index needs nothing else of the corpus's papers)."""
        with self._reader_lock:
            reader = self._read_connection()
            out: dict[str, set[str]] = {}
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for pid, shown, given in reader.execute(
                        "SELECT id, json_extract(body, '$.abstract'), (SELECT json_group_array(a) FROM "
                        "(SELECT json_extract(c.value, '$.abstract') AS a FROM json_each(body, '$.claims') AS c) "
                        f"WHERE a IS NOT NULL) FROM records WHERE kind = 'paper' AND id IN ({marks}) "
                        "AND body IS NOT NULL", chunk):
                    out[pid] = {*json.loads(given), *([shown] if shown else [])}
            return out

    def set_author_ids(self, body: str, ids: dict[int, str]) -> tuple[str, list[dict]]:
        """A paper's JSON with the authors at these positions re-pointed (``json_set`` keeps the
        rest byte for byte), and its authors after that."""
        args = [x for k, rid in sorted(ids.items()) for x in (f"$.authors[{k}].researcher_id", rid)]
        with self._reader_lock:
            new, authors = self._read_connection().execute(
                f"SELECT b, json_extract(b, '$.authors') FROM (SELECT json_set(?, {', '.join('?' * len(args))}) AS b)",
                (body, *args)).fetchone()
        return new, json.loads(authors)

    def _read_connection(self) -> sqlite3.Connection:
        if self._reader is None:
            self._reader = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                           check_same_thread=False)
        return self._reader

    def count_changes(self, after: int) -> int:
        return self._conn.execute("SELECT (SELECT count(*) FROM records WHERE seq > ?) + "
                                  "(SELECT count(*) FROM aliases WHERE seq > ?)", (after, after)).fetchone()[0]

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Every alias kept now: retired researcher id -> its targets."""
        return {id: tuple(json.loads(targets)) for id, targets in
                self._conn.execute("SELECT id, targets FROM aliases WHERE targets IS NOT NULL ORDER BY id")}

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` as of the last commit."""
        out: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
        for what, name, n in self._conn.execute("SELECT what, name, n FROM counts ORDER BY what, name"):
            out.setdefault(what, {})[name] = n
        return out

    # -- writes -----------------------------------------------------------------------------
    def commit(self, rows: Iterable[Change], counts: dict[str, dict[str, int]],
               keys: dict[str, list[KeyRow]] | None = None,
               aliases: dict[str, tuple[str, ...]] | None = None) -> int:
        """Write ``rows`` (a ``None`` body removes the node), ``counts``, the papers' identity-key
        rows ``keys`` (paper id -> its rows now; no rows for a removed paper) and the alias rows
        ``aliases`` (id -> targets; none drops it) as one transaction; returns the new commit
        number. Waits up to BUSY_TIMEOUT_MS for another writer."""
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            seq = int(cur.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0]) + 1
            cur.executemany("INSERT INTO records (kind, id, body, seq) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, seq = excluded.seq",
                            ((kind, id, body, seq) for kind, id, body in rows))
            if keys:
                self._put_keys(cur, keys)
            if aliases:
                cur.executemany("INSERT INTO aliases (id, targets, seq) VALUES (?, ?, ?) ON CONFLICT (id) "
                                "DO UPDATE SET targets = excluded.targets, seq = excluded.seq",
                                ((id, json.dumps(list(t)) if t else None, seq) for id, t in sorted(aliases.items())))
            cur.executemany("INSERT OR REPLACE INTO counts VALUES (?, ?, ?)",
                            [(what, name, n) for what, names in counts.items() for name, n in names.items()])
            cur.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(seq),))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return seq


    def write_keys(self, keys: dict[str, list[KeyRow]]) -> None:
        """Fill ``paper_keys`` for a database of an earlier release (its papers' rows, computed once)."""
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            self._put_keys(cur, keys)
            cur.execute("INSERT OR IGNORE INTO meta VALUES ('keys', '1')")
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    @staticmethod
    def _put_keys(cur: sqlite3.Cursor, keys: dict[str, list[KeyRow]]) -> None:
        cur.executemany("DELETE FROM paper_keys WHERE paper_id = ?", ((pid,) for pid in keys))
        cur.executemany("INSERT INTO paper_keys VALUES (?, ?, ?, ?)",
                        ((pid, *row) for pid, rows in keys.items() for row in rows))


def read_counts(data_dir: Path) -> dict[str, dict[str, int]] | None:
    """The stored counts, without loading the graph; None when there is no database yet."""
    try:
        db = RecordDB(data_dir, create=False)
    except FileNotFoundError:
        return None
    try:
        return db.counts()
    finally:
        db.close()


def abstracts_in(body: str) -> set[str]:
    """:meth:`RecordDB.paper_abstracts` of one paper's JSON (one not committed yet)."""
    paper = json.loads(body)
    return {c["abstract"] for c in paper.get("claims", ()) if c.get("abstract")} | (
        {paper["abstract"]} if paper.get("abstract") else set())
