"""The embedded store for a run that only writes (``researchgraph ingest``): SQLite and the few
indexes a merge and the stored counts need, and no networkx graph.

Why it exists
-------------
:class:`graph.embedded.store.EmbeddedStore` keeps the whole graph in memory because a server reads
it. An ingest reads nothing of it but identity keys, whole papers and researchers by id, and a
researcher's paper ids; building a graph it then throws away was a third of a corpus run's time and
most of its memory. This writer commits exactly the rows that store commits (records, identity
keys, counts), so a server or a later run cannot tell which of the two wrote them:
tests/graph/test_writer.py ingests the same documents through both and compares the databases.

What it keeps in memory
-----------------------
* the ids of every live record, by kind (which nodes exist: an edge's missing end gets a minimal
  record, as in the store);
* per paper, what its relationships add to the counts (:class:`_Edges`);
* per researcher, the ids of their papers (a name block's stored mentions, and whether a retired
  id is still named);
* per (researcher, institution) pair, the papers that tie them (one AFFILIATED_WITH edge while any);
* the paper identity index (graph/merge_keys.py), as the store keeps it;
* the researcher aliases (graph/aliases.py), as the store keeps them;
* the records written since the last commit, as JSON.

The indexes of an existing database are read from it on open, without parsing any claim.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from graph.aliases import keep
from graph.embedded.db import RecordDB, abstracts_in
from graph.embedded.reads_base import NODE_TYPES, REL_TYPES
from graph.merge_keys import KeyIndex, key_rows
from graph.model import Institution, Paper, Researcher, Source, Topic
from graph.store import GraphBatch, PaperKeys
from graph.views import Stats

log = logging.getLogger(__name__)

_LABELS = {"topic": "Topic", "institution": "Institution", "repository": "Repository",
           "source": "Source", "researcher": "Researcher", "paper": "Paper"}
_ORDER = ("source", "researcher", "topic", "institution", "repository")


class _Edges(NamedTuple):
    """One paper's outgoing relationships, as far as the counts and the indexes need them."""
    authors: tuple[str, ...]  # distinct researcher ids, first mention first (AUTHORED)
    affiliations: tuple[tuple[str, str], ...]  # distinct (researcher, institution) of this paper
    topics: int  # HAS_TOPIC
    code: int  # HAS_CODE
    institutions: int  # FROM_INSTITUTION
    sources: int  # EXTRACTED_FROM (sources that exist)


class EmbeddedWriter:
    """Write-only embedded store: the merge's reads (``graph.merge.MergeSource``), ``upsert_batch``,
    ``flush`` (one transaction) and ``get_stats``. The caller holds the data directory's writer lock."""

    def __init__(self, data_dir: Path) -> None:
        from graph.embedded.persist import snapshot_path

        self.data_dir = Path(data_dir)
        self._db = RecordDB(self.data_dir, bulk=True)
        if not self._db.keys_kept() or (self._db.seq() == 0 and snapshot_path(self.data_dir).exists()):
            self._migrate()
        self._live: dict[str, set[str]] = {k: set() for k in _LABELS}
        self._edges: dict[str, _Edges] = {}
        self._papers_of: dict[str, set[str]] = {}
        self._tied: Counter[tuple[str, str]] = Counter()
        self._parents: dict[str, bool] = {}  # topic id -> has its SUBTOPIC_OF edge
        self._rels: Counter[str] = Counter()
        self._pending: dict[tuple[str, str], str | None] = {}  # (kind, id) -> JSON; None: removed
        self._aliases: dict[str, tuple[str, ...]] = {}
        self._pending_aliases: dict[str, tuple[str, ...]] = {}  # alias rows since the last commit
        self._seq = self._read()

    def _migrate(self) -> None:
        """A database of an earlier release (no identity keys yet, or the old snapshot file): the
        full store brings it up to date once, as on any open."""
        from graph.embedded.store import EmbeddedStore

        self._db.close()
        EmbeddedStore(self.data_dir).close()
        self._db = RecordDB(self.data_dir, bulk=True)

    def _read(self) -> int:
        """The indexes of what is stored, in one read transaction; returns its commit number."""
        conn = self._db._conn
        conn.execute("BEGIN")
        try:
            seq = int(conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])
            for kind, id in conn.execute("SELECT kind, id FROM records WHERE body IS NOT NULL"):
                self._live.setdefault(kind, set()).add(id)
            topics = self._live["topic"]
            for (body,) in conn.execute("SELECT body FROM records WHERE kind = 'topic' AND body IS NOT NULL"):
                topic = json.loads(body)
                self._parents[topic["id"]] = topic.get("parent") in topics
            rows = conn.execute(
                "SELECT id, json_extract(body, '$.authors'), json_extract(body, '$.topics'), "
                "json_extract(body, '$.repositories'), json_extract(body, '$.institutions'), "
                "json_extract(body, '$.sources') FROM records WHERE kind = 'paper' AND body IS NOT NULL")
            for pid, authors, topics_, code, places, sources in rows:
                authors = [(a["researcher_id"], a.get("affiliations", ())) for a in _list(authors)]
                self._add_edges(pid, _edges(authors, len({t["topic_id"] for t in _list(topics_)}),
                                            len({r["repository"]["id"] for r in _list(code)}),
                                            len(set(_list(places))), self._existing_sources(_list(sources))))
            self._keys = KeyIndex.from_rows(conn.execute(
                "SELECT paper_id, arxiv_id, doi, title_key FROM paper_keys ORDER BY rowid"))
            self._aliases = self._db.aliases()  # the same connection: inside this read
        finally:
            conn.execute("COMMIT")
        self._rels["SUBTOPIC_OF"] = sum(self._parents.values())
        return seq

    # -- life cycle ---------------------------------------------------------------------------
    def ping(self) -> bool:
        return True

    def close(self) -> None:
        self.flush()
        self._db.close()

    def flush(self) -> None:
        """Commit the records written since the last commit, in one transaction."""
        from graph.embedded.store import StaleWrite

        if not self._pending and not self._pending_aliases:
            return
        if self._db.seq() != self._seq:
            raise StaleWrite(f"another process wrote to {self.data_dir} since this run read it; "
                             "nothing of this write was stored: run it again")
        rows = [(kind, id, body) for (kind, id), body in sorted(self._pending.items())]
        keys = {id: self._keys.rows(id) if body is not None else [] for kind, id, body in rows if kind == "paper"}
        nodes, rels = self._tally()
        self._seq = self._db.commit(rows, {"nodes": nodes, "relationships": rels}, keys, self._pending_aliases)
        self._pending.clear()
        self._pending_aliases.clear()

    def _tally(self) -> tuple[dict[str, int], dict[str, int]]:
        nodes = {label: len(self._live[kind]) for kind, label in _LABELS.items()}
        rels = dict(self._rels)
        rels["AFFILIATED_WITH"] = len(self._tied)
        return {t: nodes.get(t, 0) for t in NODE_TYPES}, {t: rels.get(t, 0) for t in REL_TYPES}

    def get_stats(self) -> Stats:
        nodes, rels = self._tally()
        return Stats(nodes=nodes, relationships=rels)

    # -- writes -------------------------------------------------------------------------------
    def upsert_batch(self, batch: GraphBatch) -> None:
        """As ``EmbeddedStore.upsert_batch``: records first (one equal to the stored one is not
        written again), then the taxonomy's SUBTOPIC_OF edges, the papers, the retired ids and
        their aliases."""
        for kind, records in zip(_ORDER, (batch.sources, batch.researchers, batch.topics, batch.institutions,
                                          batch.repositories), strict=True):
            stored = self._bodies(kind, [r.id for r in records if r.id in self._live[kind]])
            for rec in records:
                body = rec.model_dump_json(exclude_defaults=True)
                if stored.get(rec.id) != body:
                    self._write(kind, rec.id, body)
        topics = self._live["topic"]
        for topic in batch.topics:
            linked = bool(topic.parent) and topic.parent in topics
            self._rels["SUBTOPIC_OF"] += linked - self._parents.get(topic.id, False)
            self._parents[topic.id] = linked
        for paper in batch.papers:
            self._put_paper(paper)
        if batch.author_ids:
            self._repoint(batch.author_ids)
        for rid in batch.retired_researchers:
            if rid in self._live["researcher"] and not self._papers_of.get(rid):
                self._live["researcher"].discard(rid)
                self._papers_of.pop(rid, None)
                self._pending[("researcher", rid)] = None
        new = {k: v for k, v in batch.researcher_aliases.items() if k not in self._live["researcher"]}
        keep(self._aliases, self._pending_aliases, (r.id for r in batch.researchers), new)

    def _write(self, kind: str, id: str, body: str) -> None:
        self._live[kind].add(id)
        self._pending[(kind, id)] = body

    def _ensure(self, kind: str, id: str, make) -> None:
        if id not in self._live[kind]:
            self._write(kind, id, make().model_dump_json(exclude_defaults=True))

    def _put_paper(self, paper: Paper) -> None:
        old = self._edges.pop(paper.id, None)
        if old is not None:
            self._drop_edges(paper.id, old)
        self._write("paper", paper.id, paper.model_dump_json(exclude_defaults=True))
        self._keys.put(paper.id, key_rows(paper))
        for a in paper.authors:
            self._ensure("researcher", a.researcher_id,
                         lambda a=a: Researcher(id=a.researcher_id, name=a.name, variants=[a.name]))
        topics = {t.topic_id for t in paper.topics}
        for tid in topics:
            self._ensure("topic", tid, lambda tid=tid: Topic(id=tid, label=tid))
        code: dict[str, object] = {}
        for ref in paper.repositories:
            code.setdefault(ref.repository.id, ref.repository)
        for rid, repo in code.items():
            self._ensure("repository", rid, lambda repo=repo: repo)
        places = set(paper.institutions)
        for iid in places | {i for a in paper.authors for i in a.affiliations}:
            self._ensure("institution", iid, lambda iid=iid: Institution(id=iid, name=iid))
        self._add_edges(paper.id, _edges([(a.researcher_id, a.affiliations) for a in paper.authors],
                                         len(topics), len(code), len(places), self._existing_sources(paper.sources)))

    def _repoint(self, author_ids: dict[str, dict[int, str]]) -> None:
        """Re-point authors of stored papers by editing their JSON in SQLite (``json_set`` gives
        the bytes pydantic would): a corpus run re-points authors of ~50k papers once identity is
        decided, and reading them back into papers to rewrite them took 9 s."""
        bodies = self._bodies("paper", author_ids)
        for pid in sorted(bodies):
            body, authors = self._db.set_author_ids(bodies[pid], author_ids[pid])
            old = self._edges.pop(pid)
            self._drop_edges(pid, old)
            self._write("paper", pid, body)
            for a in authors:
                self._ensure("researcher", a["researcher_id"], lambda a=a: Researcher(
                    id=a["researcher_id"], name=a["name"], variants=[a["name"]]))
            self._add_edges(pid, _edges([(a["researcher_id"], a.get("affiliations", ())) for a in authors],
                                        old.topics, old.code, old.institutions, old.sources))

    def _existing_sources(self, sources: Iterable[str]) -> int:
        return len(set(sources) & self._live["source"])

    def _add_edges(self, pid: str, edges: _Edges) -> None:
        self._edges[pid] = edges
        for rid in edges.authors:
            self._papers_of.setdefault(rid, set()).add(pid)
        self._tied.update(edges.affiliations)
        self._count(edges, 1)

    def _drop_edges(self, pid: str, edges: _Edges) -> None:
        for rid in edges.authors:
            self._papers_of.get(rid, set()).discard(pid)
        self._tied.subtract(edges.affiliations)
        for pair in edges.affiliations:
            if self._tied[pair] <= 0:
                del self._tied[pair]
        self._count(edges, -1)

    def _count(self, edges: _Edges, sign: int) -> None:
        rels = self._rels
        rels["AUTHORED"] += sign * len(edges.authors)
        rels["HAS_TOPIC"] += sign * edges.topics
        rels["HAS_CODE"] += sign * edges.code
        rels["FROM_INSTITUTION"] += sign * edges.institutions
        rels["EXTRACTED_FROM"] += sign * edges.sources

    # -- what the merge reads -------------------------------------------------------------------
    def paper_key_index(self) -> KeyIndex:
        return self._keys

    def list_paper_keys(self) -> list[PaperKeys]:
        return [PaperKeys(pid, *row, None) for pid in sorted(self._keys.known) for row in self._keys.rows(pid)]

    def paper_ids_of(self, researcher_ids: Iterable[str]) -> set[str]:
        """The papers that name any of these researchers (an AUTHORED edge from them)."""
        return {pid for rid in researcher_ids for pid in self._papers_of.get(rid, ())}

    def get_papers(self, ids: Iterable[str]) -> list[Paper]:
        return [Paper.model_validate_json(b) for _, b in sorted(self._bodies("paper", ids).items())]

    def paper_abstracts(self, ids: Iterable[str]) -> dict[str, set[str]]:
        """Paper id -> its abstracts and its claims' (graph/merge.py's abstract index)."""
        found: dict[str, set[str]] = {}
        stored: list[str] = []
        for id in set(ids) & self._live["paper"]:
            body = self._pending.get(("paper", id))
            if body is not None:
                found[id] = abstracts_in(body)
            else:
                stored.append(id)
        found.update(self._db.paper_abstracts(sorted(stored)))
        return found

    def get_researchers(self, ids: Iterable[str]) -> list[Researcher]:
        return [Researcher.model_validate_json(b) for _, b in sorted(self._bodies("researcher", ids).items())]

    def get_institutions(self, ids: Iterable[str]) -> list[Institution]:
        return [Institution.model_validate_json(b) for _, b in sorted(self._bodies("institution", ids).items())]

    def get_source(self, id: str) -> Source | None:
        found = self._bodies("source", [id])
        return Source.model_validate_json(found[id]) if found else None

    def _bodies(self, kind: str, ids: Iterable[str]) -> dict[str, str]:
        """id -> the record's JSON as this run would commit it (written but not yet committed
        records first); ids with no live record are left out."""
        live, pending = self._live[kind], self._pending
        found: dict[str, str] = {}
        stored: list[str] = []
        for id in set(ids):
            if id not in live:
                continue
            body = pending.get((kind, id))
            if body is not None:
                found[id] = body
            else:
                stored.append(id)
        found.update(self._db.bodies_by_id(kind, stored))
        return found



def _edges(authors: Iterable[tuple[str, Iterable[str]]], topics: int, code: int, places: int,
           sources: int) -> _Edges:
    """A paper's edges from its authors ``(researcher id, affiliation ids)``: a name listed twice
    keeps its first mention, and that mention's affiliations (as the store's AUTHORED edge does)."""
    first: dict[str, Iterable[str]] = {}
    for rid, affiliations in authors:
        first.setdefault(rid, affiliations)
    pairs = tuple(dict.fromkeys((rid, iid) for rid, affs in first.items() for iid in affs))
    return _Edges(tuple(first), pairs, topics, code, places, sources)



def _list(text: str | None) -> list:
    return json.loads(text) if text else []
