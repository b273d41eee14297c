"""The embedded GraphStore: writes and identity on one networkx ``DiGraph`` over an SQLite
database; reads come from :class:`graph.embedded.reads.EmbeddedReads`.

Records are the truth and edges are derived from them (layout in graph/embedded/__init__.py).
The database (graph/embedded/db.py) holds one row per node; loading it is one ``upsert_batch``
of every stored record, and :meth:`flush` commits just the nodes written since the last one.
Node and relationship counts are kept as the graph changes, so ``stats`` never walks it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
from pydantic import BaseModel

from graph.aliases import applied, flatten, keep
from graph.embedded.db import ALIAS, CorruptSnapshot, RecordDB, abstracts_in
from graph.embedded.patch import SMALL_BATCH, Changes, patch
from graph.embedded.reads import EmbeddedReads
from graph.embedded.reads_base import NODE_TYPES, REL_TYPES
from graph.embedded.slim import SLIM_FIELDS, slim
from graph.merge_keys import KeyIndex, key_rows
from graph.model import Institution, Paper, Repository, Researcher, Source, Topic
from graph.scoring import FALLBACK_EVIDENCE, is_fallback
from graph.store import GraphBatch, PaperKeys

log = logging.getLogger(__name__)

_KINDS: dict[str, type[BaseModel]] = {
    "topic": Topic, "institution": Institution, "repository": Repository,
    "source": Source, "researcher": Researcher, "paper": Paper,
}
_LABELS = {"topic": "Topic", "institution": "Institution", "repository": "Repository",
           "source": "Source", "researcher": "Researcher", "paper": "Paper"}


class StaleWrite(Exception):
    """Another process committed to the data directory since this store last read it."""


class EmbeddedStore(EmbeddedReads):
    def __init__(self, data_dir: Path | None = None) -> None:
        self.graph = nx.DiGraph()
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self._nodes: Counter[str] = Counter()
        self._rels: Counter[str] = Counter()
        self._dirty: set[str] = set()  # node keys written (or removed) since the last commit
        self._aliases: dict[str, tuple[str, ...]] = {}  # retired researcher id -> targets (graph/aliases.py)
        self._dirty_aliases: dict[str, tuple[str, ...]] = {}  # alias rows written since the last commit
        # Papers live in the graph without the fields only a merge or a paper's detail reads
        # (SLIM_FIELDS: claims, abstract, provenance; two thirds of a paper's memory); the whole
        # record is in the database, or here (its JSON) until the commit that writes it.
        self._full: dict[str, str] = {}
        self._loading = False  # reading the database: what is written is what is stored
        self._keys: KeyIndex | None = KeyIndex()  # paper identity keys, kept as papers are written
        self._seq = 0  # the database commit this graph holds
        self._changes: Changes | None = None  # what the batch being written changed
        self._deferred: set[str] | None = None  # loading in parts: researchers to re-affiliate at the end
        self._db = RecordDB(self.data_dir) if self.data_dir is not None else None
        if self._db is not None:
            with _collector_paused():
                self._load()

    # -- life cycle ---------------------------------------------------------------------
    def ping(self) -> bool:
        return True

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()

    def flush(self) -> None:
        """Commit the nodes written since the last commit, in one transaction."""
        if self._db is None or not (self._dirty or self._dirty_aliases):
            self._committed()
            return
        if self._db.seq() != self._seq:
            raise StaleWrite(f"another process wrote to {self.data_dir} since this graph was read; "
                             "nothing of this write was stored: run it again")
        nodes, full = self.graph._node, self._full
        rows = [(k.split(":", 1)[0], k.split(":", 1)[1],
                 (full.get(k) or nodes[k]["record"].model_dump_json(exclude_defaults=True)) if k in nodes else None)
                for k in sorted(self._dirty)]
        keys = {k[6:]: self._keys.rows(k[6:]) if k in nodes else [] for k in self._dirty if k.startswith("paper:")}
        nodes_n, rels_n = self._tally()
        self._seq = self._db.commit(rows, {"nodes": nodes_n, "relationships": rels_n}, keys, self._dirty_aliases)
        self._committed()

    @contextlib.contextmanager
    def _stored(self) -> Iterator[None]:
        """Writes of what the database already holds (loading it, another process's commits)."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    def _committed(self) -> None:
        """The graph equals the database now: nothing left to write."""
        self._dirty.clear()
        self._full.clear()
        self._dirty_aliases.clear()

    def _tally(self) -> tuple[dict[str, int], dict[str, int]]:
        return ({t: self._nodes.get(t, 0) for t in NODE_TYPES}, {t: self._rels.get(t, 0) for t in REL_TYPES})

    # -- other processes' writes ----------------------------------------------------------
    def changed_on_disk(self) -> bool:
        return self._db is not None and self._db.seq() != self._seq

    def pending_changes(self) -> int:
        """Rows other processes committed that this graph has not applied yet."""
        return self._db.count_changes(self._seq) if self._db is not None else 0

    def apply_changes(self) -> int:
        """Apply the rows other processes committed since this graph's commit; returns how many.
        The caller holds off reads and writes meanwhile (app/refresh.py)."""
        if self._db is None:
            return 0
        seq, rows = self._db.changes(self._seq)
        n = len(rows)
        applied(self._aliases, {id: json.loads(body) if body else () for kind, id, body in rows if kind == ALIAS})
        rows = [row for row in rows if row[0] != ALIAS]
        gone = [_key(kind, id) for kind, id, body in rows if body is None]
        with self._stored():
            self.upsert_batch(_parsed(((kind, body) for kind, _, body in rows if body is not None), self._db.path))
        for k in gone:
            if k in self.graph:
                self._remove_node(k)
        if any(not k.startswith("researcher:") for k in gone):
            self._invalidate_indexes()  # (a removed researcher's papers changed in the same rows)
        self._committed()
        self._seq = seq
        return n

    def writer(self, *, on_wait=None):
        """The data directory's writer lock (graph/embedded/lock.py), for a write that ends with
        :meth:`flush`; with no data directory, nothing to lock."""
        from graph.embedded.lock import writer_lock

        return contextlib.nullcontext() if self.data_dir is None else writer_lock(self.data_dir, on_wait=on_wait)

    def loaded_copy(self) -> EmbeddedStore:
        """The database as a new store (slow on a large graph; no lock needed)."""
        return EmbeddedStore(self.data_dir)

    def adopt(self, other: EmbeddedStore) -> None:
        """Take ``other``'s graph (from :meth:`loaded_copy`) as this store's: the caller makes sure
        no read or write runs meanwhile. Derived indexes are rebuilt on use."""
        self.graph, self._seq = other.graph, other._seq
        self._nodes, self._rels, self._keys = other._nodes, other._rels, other._keys
        self._aliases = other._aliases
        self._committed()
        self._invalidate_indexes()
        warm = other.__dict__.get("_rg_indexes")
        if warm is not None and warm.g is self.graph:
            self.__dict__["_rg_indexes"] = warm
        if other._db is not None:
            other._db.close()

    def _load(self) -> None:
        if not self._db.keys_kept():  # a database of an earlier release: its key rows, once
            self._load_all()
            keys = self._keys
            self._db.write_keys({pid: keys.rows(pid) for pid in keys.known})
            return
        seq, rows = self._db.records(without=SLIM_FIELDS)
        if seq == 0:
            for _ in rows:  # (nothing: an empty database) ends the read transaction
                pass
            self._import_snapshot()
            return
        self._keys = None  # the stored index, not one from claim-less papers
        with self._stored():
            self._upsert_parts(_batches(rows, self._db.path))
        self._keys = KeyIndex.from_rows(self._db.paper_keys())
        self._aliases = self._db.aliases()
        self._committed()
        self._seq = seq
        log.info("loaded %d nodes from %s", self.graph.number_of_nodes(), self._db.path)

    def _load_all(self) -> None:
        seq, rows = self._db.records()
        with self._stored():
            self._upsert_parts(_batches(rows, self._db.path))
        self._committed()
        self._seq = seq

    def _upsert_parts(self, batches: Iterable[GraphBatch]) -> None:
        """Batches written as one: each researcher's AFFILIATED_WITH edges are worked out once,
        after the last part, not once per part that names them."""
        self._deferred = set()
        try:
            for batch in batches:
                self.upsert_batch(batch)
            for rk in self._deferred:
                self._recompute_affiliations(rk)
        finally:
            self._deferred = None

    def _import_snapshot(self) -> None:
        """A data directory of an earlier version (one gzip'd JSON-lines snapshot): read it once
        into the database; the old file is left beside it, renamed ``.imported``."""
        from graph.embedded.persist import read_records, snapshot_path

        old = snapshot_path(self.data_dir)
        if not old.exists():
            return
        self.upsert_batch(_parsed(read_records(old), old))
        self.flush()
        old.rename(old.with_name(old.name + ".imported"))
        log.info("imported %d nodes from %s", self.graph.number_of_nodes(), old)

    # -- writes ----------------------------------------------------------------------------
    def upsert_batch(self, batch: GraphBatch) -> None:
        batch = batch.with_authors_rewritten(self)
        g = self.graph
        idx = self.__dict__.get("_rg_indexes")
        # Only a small batch over built indexes is followed (graph/embedded/patch.py); an ingest's
        # large batches drop the indexes and pay nothing for the bookkeeping.
        follow = idx is not None and idx.g is g and len(batch.papers) <= SMALL_BATCH
        changes = self._changes = Changes() if follow else None
        if changes is not None:
            changes.rebuild = any(g._node.get(f"topic:{t.id}", {}).get("record") != t for t in batch.topics)
        for kind, records in (("source", batch.sources), ("researcher", batch.researchers),
                              ("topic", batch.topics), ("institution", batch.institutions),
                              ("repository", batch.repositories)):
            for rec in records:
                self._put(kind, rec)
        for topic in batch.topics:
            tk = f"topic:{topic.id}"
            self._unlink([(tk, t) for t, d in g._succ[tk].items() if d.get("type") == "SUBTOPIC_OF"])
        for topic in batch.topics:
            if topic.parent and f"topic:{topic.parent}" in g:
                self._link(f"topic:{topic.id}", f"topic:{topic.parent}", {"type": "SUBTOPIC_OF"})
        touched: set[str] = set()
        for paper in batch.papers:
            touched |= self._put_paper(paper)
        if self._deferred is not None:
            self._deferred |= touched
        else:
            for rk in touched:
                self._recompute_affiliations(rk)
        for rid in batch.retired_researchers:
            rk = _key("researcher", rid)
            if rk in g and not any(d.get("type") == "AUTHORED" for d in g._succ[rk].values()):
                self._remove_node(rk)
        self._keep_aliases(batch)
        self._changes = None
        if changes is not None:
            changes.people |= touched | {_key("researcher", r.id) for r in batch.researchers}
        if changes is None or not patch(idx, changes):
            self._invalidate_indexes()

    def _keep_aliases(self, batch: GraphBatch) -> None:
        """The batch's alias rows (graph/aliases.py): a retired id that is gone now leads to the
        people its mentions went to; a person written again with an aliased id drops that alias."""
        if self._loading:  # stored rows: their alias rows come with them
            return
        g = self.graph
        new = {k: v for k, v in batch.researcher_aliases.items() if _key("researcher", k) not in g}
        keep(self._aliases, self._dirty_aliases, (r.id for r in batch.researchers), new)

    def resolve_researcher_alias(self, researcher_id: str) -> list[str]:
        nodes = self.graph._node
        if _key("researcher", researcher_id) in nodes:
            return []
        return [t for t in flatten(self._aliases, researcher_id) if _key("researcher", t) in nodes]

    # Every change to the graph goes through these four, which keep the counts and the set of
    # nodes to commit.
    def _put(self, kind: str, rec: BaseModel) -> str:
        node = _key(kind, rec.id)
        if kind == "researcher":
            _share_strings(rec)
        old = self.graph._node.get(node)
        if old is None:
            self._nodes[_LABELS[kind]] += 1
        elif kind != "paper" and old["record"] == rec:
            return node  # the same record again: nothing to write
        self.graph.add_node(node, type=_LABELS[kind], id=rec.id, record=rec)
        self._dirty.add(node)
        return node

    def _remove_node(self, node: str) -> None:
        g = self.graph
        self._unlink([(node, t) for t in g._succ[node]] + [(s, node) for s in g._pred[node]])
        self._nodes[g._node[node]["type"]] -= 1
        g.remove_node(node)
        self._dirty.add(node)

    def _link(self, u: str, v: str, attrs: dict) -> None:
        """Edge ``u -> v`` with ``attrs`` as its data, replacing any edge there. Both ends exist
        (``_ensure``). The data dict is the edge's own or one shared by many edges of the same
        properties (``_authored``): no edge's data is ever changed in place."""
        g = self.graph
        old = g._succ[u].get(v)
        if old is not None:
            self._rels[old.get("type")] -= 1
        g._succ[u][v] = g._pred[v][u] = attrs
        self._rels[attrs["type"]] += 1

    def _unlink(self, pairs: list[tuple[str, str]]) -> None:
        succ = self.graph._succ
        for u, v in pairs:
            self._rels[succ[u][v].get("type")] -= 1
        self.graph.remove_edges_from(pairs)

    def _ensure(self, kind: str, id: str, make) -> str:
        """Edges never point at attribute-less nodes: a missing end gets a minimal record."""
        node = _key(kind, id)
        if node not in self.graph:
            self._put(kind, make())
        return node

    def _put_paper(self, paper: Paper) -> set[str]:
        """Replace the paper node and its edges; returns the researcher keys whose edges changed."""
        g = self.graph
        pk = _key("paper", paper.id)
        touched: set[str] = set()
        old_topics: frozenset[str] = frozenset()
        places = {f"institution:{i}" for i in paper.institutions}
        if pk in g:
            old_topics = frozenset(t for t, d in g._succ[pk].items() if d.get("type") == "HAS_TOPIC")
            places |= {t for t, d in g._succ[pk].items() if d.get("type") == "FROM_INSTITUTION"}
            touched = {s for s, d in g._pred[pk].items() if d.get("type") == "AUTHORED"}
            self._unlink([(s, pk) for s in touched])
            self._unlink([(pk, t) for t in g._succ[pk]])
        if self._db is not None and not self._loading:
            self._full[pk] = paper.model_dump_json(exclude_defaults=True)
        self._put("paper", slim(paper) if self._db is not None else paper)
        if self._keys is not None:
            self._keys.put(paper.id, key_rows(paper))
        for a in paper.authors:
            rk = self._ensure("researcher", a.researcher_id,
                              lambda a=a: Researcher(id=a.researcher_id, name=a.name, variants=[a.name]))
            if rk not in g._pred[pk]:  # a name listed twice keeps its first position
                self._link(rk, pk, _authored(a.position, a.evidence))
            touched.add(rk)
        for t in paper.topics:
            tk = self._ensure("topic", t.topic_id, lambda t=t: Topic(id=t.topic_id, label=t.topic_id))
            self._link(pk, tk, _has_topic(t.score, is_fallback(t.evidence)))
        for ref in paper.repositories:
            rk = self._ensure("repository", ref.repository.id, lambda ref=ref: ref.repository)
            self._link(pk, rk, {"type": "HAS_CODE", "path": ref.path} if ref.path else _HAS_CODE)
        for iid in paper.institutions:
            ik = self._ensure("institution", iid, lambda iid=iid: Institution(id=iid, name=iid))
            self._link(pk, ik, _FROM_INSTITUTION)
        for sid in paper.sources:
            if f"source:{sid}" in g:
                self._link(pk, f"source:{sid}", _EXTRACTED_FROM)
        if self._changes is not None:
            self._changes.paper(pk, old_topics, frozenset(f"topic:{t.topic_id}" for t in paper.topics), places)
        return touched

    def _affiliations_of(self, rk: str) -> Iterator[tuple[tuple[str, ...] | list[str], int | None]]:
        """(institution ids, year) of each of the researcher's papers that lists them with any:
        read from the papers themselves (where a name is listed twice, its first listing)."""
        g, rid = self.graph, rk.split(":", 1)[1]
        for pk, d in g._succ[rk].items():
            if d.get("type") != "AUTHORED":
                continue
            paper = g._node[pk]["record"]
            for a in paper.authors:
                if a.researcher_id == rid:
                    if a.affiliations:
                        yield a.affiliations, paper.year
                    break

    def _recompute_affiliations(self, rk: str) -> None:
        g = self.graph
        old = [(rk, t) for t, d in g._succ[rk].items() if d.get("type") == "AFFILIATED_WITH"]
        figures: dict[str, list[int | None]] = {}
        for insts, year in self._affiliations_of(rk):
            for iid in dict.fromkeys(insts):
                figures.setdefault(iid, []).append(year)
        if self._changes is not None:
            self._changes.institutions |= {t for _, t in old} | {f"institution:{i}" for i in figures}
        self._unlink(old)
        for iid, years in figures.items():
            ik = self._ensure("institution", iid, lambda iid=iid: Institution(id=iid, name=iid))
            known = [y for y in years if y is not None]
            self._link(rk, ik, _affiliated(len(years), min(known, default=None), max(known, default=None)))

    # -- identity ----------------------------------------------------------------------------
    def list_paper_keys(self) -> list[PaperKeys]:
        """One row per distinct identity-key set among a paper's claims (and its shown fields).

        ``abstract_key`` is left ``None``: graph/merge.py sketches stored abstracts only when a
        title-less claim needs them, which most ingests never do.
        """
        return [PaperKeys(pid, *row, None) for pid in sorted(self._keys.known) for row in self._keys.rows(pid)]

    def paper_key_index(self) -> KeyIndex:
        """The identity index itself, kept as papers are written: a merger reads it instead of
        rebuilding it from every paper (graph/merge_keys.py)."""
        return self._keys

    def _records(self, kind: str) -> Iterator[tuple[str, BaseModel]]:
        label = _LABELS[kind]
        for _, d in self.graph.nodes(data=True):
            if d.get("type") == label:
                yield d["id"], d["record"]

    def get_papers(self, ids: Iterable[str]) -> list[Paper]:
        """Whole papers, claims included: the graph's copies have none (see ``_full``)."""
        if self._db is None:
            return self._get("paper", ids)
        wanted = sorted(set(ids))
        nodes, found = self.graph._node, {}
        stored = [i for i in wanted if f"paper:{i}" not in self._full and f"paper:{i}" in nodes]
        for body in [*self._db.bodies("paper", stored), *(self._full[f"paper:{i}"] for i in wanted
                                                          if f"paper:{i}" in self._full)]:
            paper = Paper.model_validate_json(body)
            found[paper.id] = paper
        return [found[i] for i in wanted if f"paper:{i}" in nodes]

    def paper_abstracts(self, ids: Iterable[str]) -> dict[str, set[str]]:
        """Paper id -> its abstracts and its claims' (graph/merge.py's abstract index), without
        reading whole records."""
        if self._db is None:
            return {p.id: p.abstracts() for p in self.get_papers(ids)}
        nodes, found, stored = self.graph._node, {}, []
        for i in set(ids):
            k = f"paper:{i}"
            if k in self._full:
                found[i] = abstracts_in(self._full[k])
            elif k in nodes:
                stored.append(i)
        found.update(self._db.paper_abstracts(sorted(stored)))
        return found

    def _whole_paper(self, paper_id: str) -> Paper:
        """A paper with the fields its graph copy leaves out (see ``_full``)."""
        return self.get_papers([paper_id])[0] if self._db is not None else super()._whole_paper(paper_id)

    def get_researchers(self, ids: Iterable[str]) -> list[Researcher]:
        return self._get("researcher", ids)

    def _get(self, kind: str, ids: Iterable[str]) -> list:
        nodes = self.graph.nodes
        return [nodes[f"{kind}:{i}"]["record"] for i in sorted(set(ids)) if f"{kind}:{i}" in nodes]

    def get_institutions(self, ids: Iterable[str]) -> list[Institution]:
        return self._get("institution", ids)

    def get_source(self, id: str) -> Source | None:
        node = self.graph.nodes.get(f"source:{id}")
        return node["record"] if node else None


def _parsed(rows: Iterable[tuple[str, str | bytes]], where: Path) -> GraphBatch:
    """Stored ``(kind, record JSON)`` rows validated into one batch; :class:`CorruptSnapshot` (naming
    ``where``) for a row of an unknown kind or one that does not validate."""
    parts: dict[str, list] = {k: [] for k in _KINDS}
    try:
        for kind, body in rows:
            if kind not in _KINDS:
                raise CorruptSnapshot(f"{where}: unknown record kind {kind!r}")
            parts[kind].append(_KINDS[kind].model_validate_json(body))
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise CorruptSnapshot(f"{where}: a record does not validate ({exc})") from exc
    return GraphBatch(sources=parts["source"], researchers=parts["researcher"], papers=parts["paper"],
                      topics=parts["topic"], institutions=parts["institution"],
                      repositories=parts["repository"])


LOAD_CHUNK = 5_000


def _share_strings(r: Researcher) -> None:
    """A researcher's source ids and identity evidence are the same few strings across the
    graph: each kept once (equal values, so the record is unchanged)."""
    for values in (r.sources, r.evidence, r.homonyms):
        values[:] = [sys.intern(v) for v in values]


def _batches(rows: Iterable[tuple[str, str | bytes]], where: Path) -> Iterator[GraphBatch]:
    """Stored rows (papers last, as ``RecordDB.records`` gives them) as batches to load: every
    other record in the first, then papers ``LOAD_CHUNK`` at a time, so each batch's whole
    records are let go once the graph holds their slim copies (graph/embedded/slim.py)."""
    rows = iter(rows)
    for first in rows:
        chunk = [first]
        if first[0] != "paper":
            for row in rows:
                if row[0] == "paper":
                    yield _parsed(chunk, where)
                    chunk = [row]
                    break
                chunk.append(row)
        chunk.extend(itertools.islice(rows, max(0, LOAD_CHUNK - len(chunk))))
        yield _parsed(chunk, where)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds millions of objects that all live on, so the cyclic collector would only
    re-walk them, over and over (on the corpus: 157 s to load with it, 61 s without). Afterwards
    they are frozen out of its way (``gc.freeze``), as the ingest does with each batch it stored."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        gc.freeze()


# Edge data shared by every edge of the same properties (~1M of the corpus's 1.7M edges; a dict
# each was ~200 MB of a server's memory). ``_link`` never changes an edge's data in place.
_FROM_INSTITUTION = {"type": "FROM_INSTITUTION"}
_EXTRACTED_FROM = {"type": "EXTRACTED_FROM"}
_HAS_CODE = {"type": "HAS_CODE", "path": None}


@functools.cache
def _authored(position: int | None, evidence: str) -> dict:
    return {"type": "AUTHORED", "position": position, "evidence": evidence}


@functools.cache
def _has_topic(score: float, fallback: bool) -> dict:
    """A HAS_TOPIC edge keeps its score and whether it is the matcher's fallback link, the one
    thing reads ask of its evidence (the matched spans are in the paper's topic links)."""
    return {"type": "HAS_TOPIC", "score": score, "evidence": (FALLBACK_EVIDENCE,) if fallback else ()}


@functools.cache
def _affiliated(papers: int, first_year: int | None, last_year: int | None) -> dict:
    return {"type": "AFFILIATED_WITH", "papers": papers, "first_year": first_year, "last_year": last_year}


def _key(kind: str, id: str) -> str:
    """A node's key, interned: each edge keeps the key object it was given for both its ends,
    so without this the corpus graph holds a copy of a node's key per edge (~100 MB)."""
    return sys.intern(f"{kind}:{id}")
