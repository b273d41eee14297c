"""The embedded GraphStore: writes and identity on one networkx ``DiGraph``; reads come from
:class:`graph.embedded.reads.EmbeddedReads`.

Records are the truth and edges are derived from them (layout in graph/embedded/__init__.py),
so loading a snapshot is one ``upsert_batch`` of every stored record.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
from pydantic import BaseModel

from graph.embedded.persist import (
    CorruptSnapshot,
    read_records,
    snapshot_path,
    write_snapshot,
)
from graph.embedded.reads import EmbeddedReads
from graph.ids import title_key
from graph.model import Institution, Paper, Repository, Researcher, Source, Topic
from graph.store import GraphBatch, PaperKeys

log = logging.getLogger(__name__)

# Snapshot order: papers last, because their edges point at every other kind.
_KINDS: dict[str, type[BaseModel]] = {
    "topic": Topic, "institution": Institution, "repository": Repository,
    "source": Source, "researcher": Researcher, "paper": Paper,
}
_LABELS = {"topic": "Topic", "institution": "Institution", "repository": "Repository",
           "source": "Source", "researcher": "Researcher", "paper": "Paper"}


class EmbeddedStore(EmbeddedReads):
    def __init__(self, data_dir: Path | None = None) -> None:
        self.graph = nx.DiGraph()
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self._dirty = False
        # researcher key -> paper key -> (institution ids, year): derived from the papers so a
        # researcher's AFFILIATED_WITH edges are recomputed without rescanning all their papers.
        self._affiliations: dict[str, dict[str, tuple[list[str], int | None]]] = {}
        self._seen: tuple | None = None  # the snapshot file this graph holds (see on_disk)
        if self.data_dir is not None:
            self._load()

    # -- life cycle ---------------------------------------------------------------------
    def ping(self) -> bool:
        return True

    def close(self) -> None:
        self.flush()

    def flush(self) -> None:
        if self.data_dir is None or not self._dirty:
            return
        write_snapshot(snapshot_path(self.data_dir), self._snapshot_lines())
        self._dirty = False
        self._seen = self.on_disk()

    # -- other processes' writes ----------------------------------------------------------
    def on_disk(self) -> tuple | None:
        """Which snapshot is on disk now: (inode, size, mtime), None when there is none. Every
        write replaces the file (a new inode), so a change means another writer's snapshot."""
        try:
            st = snapshot_path(self.data_dir).stat() if self.data_dir is not None else None
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns) if st else None

    def changed_on_disk(self) -> bool:
        return self.data_dir is not None and self.on_disk() != self._seen

    def writer(self, *, on_wait=None):
        """The data directory's writer lock (graph/embedded/lock.py), for a write that ends with
        :meth:`flush`; with no data directory, nothing to lock."""
        import contextlib

        from graph.embedded.lock import writer_lock

        return contextlib.nullcontext() if self.data_dir is None else writer_lock(self.data_dir, on_wait=on_wait)

    def loaded_copy(self) -> EmbeddedStore:
        """The snapshot on disk as a new store (slow on a large graph; no lock needed)."""
        return EmbeddedStore(self.data_dir)

    def adopt(self, other: EmbeddedStore) -> None:
        """Take ``other``'s graph (from :meth:`loaded_copy`) as this store's: the caller makes sure
        no read or write runs meanwhile. Derived indexes are rebuilt on use."""
        self.graph, self._affiliations, self._seen = other.graph, other._affiliations, other._seen
        self._dirty = False
        self._invalidate_indexes()
        warm = other.__dict__.get("_rg_indexes")
        if warm is not None and warm.g is self.graph:
            self.__dict__["_rg_indexes"] = warm

    def _snapshot_lines(self) -> Iterator[str]:
        by_kind: dict[str, list[str]] = {k: [] for k in _KINDS}
        for node in self.graph.nodes:
            by_kind[node.split(":", 1)[0]].append(node)
        for kind in _KINDS:
            for node in sorted(by_kind[kind]):
                body = self.graph.nodes[node]["record"].model_dump_json(exclude_defaults=True)
                yield f'{{"t":"{kind}","r":{body}}}'

    def _load(self) -> None:
        path = snapshot_path(self.data_dir)
        seen = self.on_disk()  # before reading: a snapshot replaced meanwhile counts as changed
        if seen is None:
            return
        parts: dict[str, list] = {k: [] for k in _KINDS}
        try:
            for kind, body in read_records(path):
                if kind not in _KINDS:
                    raise CorruptSnapshot(f"{path}: unknown record type {kind!r}")
                parts[kind].append(_KINDS[kind].model_validate_json(body))
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            raise CorruptSnapshot(f"{path}: a record does not validate ({exc})") from exc
        self.upsert_batch(GraphBatch(
            sources=parts["source"], researchers=parts["researcher"], papers=parts["paper"],
            topics=parts["topic"], institutions=parts["institution"], repositories=parts["repository"]))
        self._dirty = False
        self._seen = seen
        log.info("loaded %d nodes from %s", self.graph.number_of_nodes(), path)

    # -- writes ----------------------------------------------------------------------------
    def upsert_batch(self, batch: GraphBatch) -> None:
        g = self.graph
        for kind, records in (("source", batch.sources), ("researcher", batch.researchers),
                              ("topic", batch.topics), ("institution", batch.institutions),
                              ("repository", batch.repositories)):
            for rec in records:
                self._put(kind, rec)
        for topic in batch.topics:
            tk = f"topic:{topic.id}"
            for old in [t for t, d in g._succ[tk].items() if d.get("type") == "SUBTOPIC_OF"]:
                g.remove_edge(tk, old)
        for topic in batch.topics:
            if topic.parent and f"topic:{topic.parent}" in g:
                g.add_edge(f"topic:{topic.id}", f"topic:{topic.parent}", type="SUBTOPIC_OF")
        touched: set[str] = set()
        for paper in batch.papers:
            touched |= self._put_paper(paper)
        for rk in touched:
            self._recompute_affiliations(rk)
        for rid in batch.retired_researchers:
            rk = _key("researcher", rid)
            if rk in g and not any(d.get("type") == "AUTHORED" for d in g._succ[rk].values()):
                g.remove_node(rk)
                self._affiliations.pop(rk, None)
        self._invalidate_indexes()
        self._dirty = True

    def _put(self, kind: str, rec: BaseModel) -> str:
        node = _key(kind, rec.id)
        self.graph.add_node(node, type=_LABELS[kind], id=rec.id, record=rec)
        return node

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
        if pk in g:
            touched = {s for s, d in g._pred[pk].items() if d.get("type") == "AUTHORED"}
            g.remove_edges_from([(s, pk) for s in touched])
            for rk in touched:
                self._affiliations.get(rk, {}).pop(pk, None)
            g.remove_edges_from([(pk, t) for t in list(g._succ[pk])])
        self._put("paper", paper)
        for a in paper.authors:
            rk = self._ensure("researcher", a.researcher_id,
                              lambda a=a: Researcher(id=a.researcher_id, name=a.name, variants=[a.name]))
            if rk not in g._pred[pk]:  # a name listed twice keeps its first position
                g.add_edge(rk, pk, type="AUTHORED", position=a.position, evidence=a.evidence)
                if a.affiliations:
                    self._affiliations.setdefault(rk, {})[pk] = (a.affiliations, paper.year)
            touched.add(rk)
        for t in paper.topics:
            tk = self._ensure("topic", t.topic_id, lambda t=t: Topic(id=t.topic_id, label=t.topic_id))
            g.add_edge(pk, tk, type="HAS_TOPIC", score=t.score, evidence=list(t.evidence))
        for ref in paper.repositories:
            rk = self._ensure("repository", ref.repository.id, lambda ref=ref: ref.repository)
            g.add_edge(pk, rk, type="HAS_CODE", path=ref.path)
        for iid in paper.institutions:
            ik = self._ensure("institution", iid, lambda iid=iid: Institution(id=iid, name=iid))
            g.add_edge(pk, ik, type="FROM_INSTITUTION")
        for sid in paper.sources:
            if f"source:{sid}" in g:
                g.add_edge(pk, f"source:{sid}", type="EXTRACTED_FROM")
        return touched

    def _recompute_affiliations(self, rk: str) -> None:
        g = self.graph
        g.remove_edges_from([(rk, t) for t, d in list(g._succ[rk].items()) if d.get("type") == "AFFILIATED_WITH"])
        figures: dict[str, list[int | None]] = {}
        for insts, year in self._affiliations.get(rk, {}).values():
            for iid in dict.fromkeys(insts):
                figures.setdefault(iid, []).append(year)
        for iid, years in figures.items():
            ik = self._ensure("institution", iid, lambda iid=iid: Institution(id=iid, name=iid))
            known = [y for y in years if y is not None]
            g.add_edge(rk, ik, type="AFFILIATED_WITH", papers=len(years),
                       first_year=min(known, default=None), last_year=max(known, default=None))

    # -- identity ----------------------------------------------------------------------------
    def list_paper_keys(self) -> list[PaperKeys]:
        """One row per distinct identity-key set among a paper's claims (and its shown fields).

        ``abstract_key`` is left ``None``: graph/merge.py sketches stored abstracts only when a
        title-less claim needs them, which most ingests never do.
        """
        rows: list[PaperKeys] = []
        for pid, paper in sorted(self._records("paper"), key=lambda r: r[0]):
            akey = None
            seen: set[tuple] = set()
            for c in [paper, *paper.claims]:
                ids = (c.arxiv_id, c.doi.lower() if c.doi else None, title_key(c.title))
                if ids in seen or (c is not paper and ids == (None, None, None)):
                    continue
                seen.add(ids)
                rows.append(PaperKeys(pid, ids[0], ids[1], ids[2], akey))
        return rows

    def _records(self, kind: str) -> Iterator[tuple[str, BaseModel]]:
        label = _LABELS[kind]
        for _, d in self.graph.nodes(data=True):
            if d.get("type") == label:
                yield d["id"], d["record"]

    def get_papers(self, ids: Iterable[str]) -> list[Paper]:
        return self._get("paper", ids)

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


def _key(kind: str, id: str) -> str:
    """A node's key, interned: each edge keeps the key object it was given for both its ends,
    so without this the corpus graph holds a copy of a node's key per edge (~100 MB)."""
    return sys.intern(f"{kind}:{id}")
