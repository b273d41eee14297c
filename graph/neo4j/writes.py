"""The write half of the Neo4j store: batched ``UNWIND`` upserts in write transactions.

A batch is written in the embedded store's order (graph/embedded/store.py), so both
backends end with the same graph: plain records first, then SUBTOPIC_OF, then papers —
each replacing its node and relationships, missing ends created with minimal records —
and the aggregates (AFFILIATED_WITH among them) moved in the same transaction as the papers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from neo4j import ManagedTransaction

from graph import projection, scoring
from graph.aliases import batch_alias_writes
from graph.model import Institution, Paper, Researcher, Source, Topic
from graph.neo4j import rows as R
from graph.neo4j.base import Neo4jBase, chunks
from graph.neo4j.errors import translated
from graph.neo4j.project import affiliation_delta, affiliation_rows, statement_rows, works_rows
from graph.store import GraphBatch, PaperKeys

BATCH_ROWS = 10_000  # rows per statement and transaction outside the paper writes
PAPER_ROWS = 5000  # papers per write transaction: one ingest batch of the corpus


def _keyed(records: Iterable, props) -> list[dict[str, Any]]:
    """Rows for an upsert: the last record of an id wins, as in a dict."""
    return [{"id": i, "props": props(r)} for i, r in {r.id: r for r in records}.items()]


def _ensured(pairs: Iterable[tuple[str, Any]], props) -> list[dict[str, Any]]:
    """Rows for create-if-missing: the first record of an id wins (the embedded ``_ensure``)."""
    first: dict[str, Any] = {}
    for i, make in pairs:
        if i not in first:
            first[i] = make()
    return [{"id": i, "props": props(r)} for i, r in first.items()]


def _paper_links(papers: list[Paper]) -> dict[str, list[dict[str, Any]]]:
    """CREATE rows for the papers' relationships, one per pair of ends: the first listing of an
    author, the last link of a topic or repository (as MERGE then SET would leave them)."""
    links: dict[str, list[dict[str, Any]]] = {"link_authors": [], "link_topics": [], "link_repositories": [],
                                                "link_institutions": [], "link_sources": []}
    for p in papers:
        for a in R.first_refs(p):
            links["link_authors"].append({"paper_id": p.id, "researcher_id": a.researcher_id, "position": a.position,
                                          "evidence": a.evidence, "affiliations": list(dict.fromkeys(a.affiliations))})
        topics = {t.topic_id: t for t in p.topics}
        links["link_topics"] += [{"paper_id": p.id, "topic_id": t.topic_id, "score": t.score,
                                  "evidence": list(t.evidence)} for t in topics.values()]
        repos = {ref.repository.id: ref for ref in p.repositories}
        links["link_repositories"] += [{"paper_id": p.id, "repository_id": i, "path": ref.path}
                                       for i, ref in repos.items()]
        links["link_institutions"] += [{"paper_id": p.id, "institution_id": i} for i in dict.fromkeys(p.institutions)]
        links["link_sources"] += [{"paper_id": p.id, "source_id": s} for s in dict.fromkeys(p.sources)]
    return links


def _ensure_rows(papers: list[Paper]) -> dict[str, list[dict[str, Any]]]:
    """The nodes papers point at, with the minimal records the embedded store would create."""
    people = ((a.researcher_id, lambda a=a: Researcher(id=a.researcher_id, name=a.name, variants=[a.name]))
              for p in papers for a in p.authors)
    topics = ((t.topic_id, lambda t=t: Topic(id=t.topic_id, label=t.topic_id)) for p in papers for t in p.topics)
    repos = ((r.repository.id, lambda r=r: r.repository) for p in papers for r in p.repositories)
    inst_ids = [i for p in papers for i in p.institutions]
    inst_ids += [i for p in papers for a in R.first_refs(p) for i in a.affiliations]
    insts = ((i, lambda i=i: Institution(id=i, name=i)) for i in inst_ids)
    return {"ensure_researchers": _ensured(people, R.researcher_props),
            "ensure_topics": _ensured(topics, R.topic_props),
            "ensure_repositories": _ensured(repos, R.repository_props),
            "ensure_institutions": _ensured(insts, R.institution_props)}


class Neo4jWrites(Neo4jBase):
    @translated
    def apply_schema(self) -> None:
        import cypher

        with self.driver.session(database=self.database) as session:
            for statement in cypher.statements("schema"):
                session.run(statement).consume()

    def _write_rows(self, name: str, rows: list[dict[str, Any]]) -> list:
        out: list = []
        for part in chunks(rows, BATCH_ROWS):
            out += self._write_tx(lambda tx, part=part: self._tx_run(tx, name, rows=list(part)))
        return out

    @translated
    def upsert_batch(self, batch: GraphBatch) -> None:
        batch = batch.with_authors_rewritten(self)
        self._write_rows("upsert_sources", _keyed(batch.sources, R.source_props))
        self._write_rows("upsert_researchers", _keyed(batch.researchers, R.researcher_props))
        self._write_rows("upsert_topics", _keyed(batch.topics, R.topic_props))
        self._write_rows("upsert_institutions", _keyed(batch.institutions, R.institution_props))
        self._write_rows("upsert_repositories", _keyed(batch.repositories, R.repository_props))
        self._write_rows("link_topic_parents", [{"id": t.id, "parent": t.parent} for t in batch.topics])
        papers = list({p.id: p for p in batch.papers}.values())
        for part in chunks(papers, PAPER_ROWS):
            self._write_tx(lambda tx, part=part: self._write_papers(tx, list(part)))
        for part in chunks(batch.retired_researchers, BATCH_ROWS):
            self._write_tx(lambda tx, part=part: self._tx_run(tx, "delete_researchers", ids=list(part)))
        if batch.researchers or batch.researcher_aliases:
            self._write_tx(lambda tx: self._keep_aliases(tx, batch))
        self._written(lambda tx: None)

    def _keep_aliases(self, tx: ManagedTransaction, batch: GraphBatch) -> None:
        """The batch's ``:Alias`` nodes, by graph/aliases.py's rules, as the embedded store keeps them."""
        people = sorted({r.id for r in batch.researchers})
        live = {rec["id"] for rec in self._tx_run(tx, "live_researchers", ids=sorted(batch.researcher_aliases))}
        new = {k: v for k, v in batch.researcher_aliases.items() if k not in live}
        stored = {rec["id"]: tuple(rec["targets"])
                  for rec in self._tx_run(tx, "alias_rows", ids=sorted({*people, *new}), targets=sorted(new))}
        if not stored and not new:
            return
        writes = batch_alias_writes(stored, people, new)
        kept = [{"id": k, "targets": list(v)} for k, v in sorted(writes.items()) if v]
        if kept:
            self._tx_run(tx, "write_aliases", rows=kept)
        dropped = sorted(k for k, v in writes.items() if not v)
        if dropped:
            self._tx_run(tx, "drop_aliases", ids=dropped)

    def _write_papers(self, tx: ManagedTransaction, papers: list[Paper]) -> None:
        """One transaction per chunk: the stored versions are read first; papers whose record did
        not change are left alone; the others are written with their ends and relationships,
        and the aggregates move by graph/projection.py's delta."""
        self._tx_run(tx, "lock_projection")
        stored = {rec["id"]: rec["record"] for rec in self._tx_run(tx, "old_papers", ids=[p.id for p in papers])}
        rows = [(p, R.paper_props(p)) for p in papers]
        changed = [(p, props) for p, props in rows if stored.get(p.id) != props["record"]]
        if not changed:
            return
        news = [p for p, _ in changed]
        old = {p.id: Paper.model_validate_json(stored[p.id]) for p in news if p.id in stored}
        for name, ensure in _ensure_rows(news).items():
            self._tx_run(tx, name, rows=ensure)
        self._tx_run(tx, "clear_papers", ids=list(old))
        self._tx_run(tx, "upsert_papers", rows=[{"id": p.id, "props": props} for p, props in changed])
        for name, link_rows in _paper_links(news).items():
            self._tx_run(tx, name, rows=link_rows)
        change = projection.batch_delta((projection.facts(old.get(p.id)), projection.facts(p)) for p in news)
        affiliations = affiliation_delta((old.get(p.id), p) for p in news)
        for name, project_rows in (statement_rows(change) | affiliation_rows(affiliations)).items():
            if project_rows:
                self._tx_run(tx, name, rows=project_rows)
        if change.topical:
            self._tx_run(tx, "project_total", topical=change.topical)
        self._project_researchers(tx, change, affiliations)

    def _project_researchers(self, tx: ManagedTransaction, change: projection.Aggregates,
                             affiliations: dict) -> None:
        """Works and years, then the scoring rows of everyone whose topics or institutions moved."""
        if change.works:
            stored = {rec["id"]: (rec["works"], rec["years"])
                      for rec in self._tx_run(tx, "researcher_years", ids=sorted(change.works))}
            self._tx_run(tx, "project_works", rows=works_rows(stored, change.works))
        moved = {r for _, r in change.topic_people} | {r for _, r in change.strict_people}
        moved |= {r for r, _ in affiliations}
        if moved:
            self._tx_run(tx, "score_researchers", ids=sorted(moved))

    @translated
    def flush(self) -> None:
        """Every write transaction has committed when ``upsert_batch`` returns; this lists the
        leaders of topics whose counts moved (reads compute them while they are unlisted)."""
        self._written(lambda tx: self._tx_run(tx, "refresh_leaders", leaders=scoring.TOPIC_LEADERS))

    def _written(self, work) -> None:
        """``work``'s transaction also moves the write version; this process's cached answers go."""
        def run(tx: ManagedTransaction) -> None:
            work(tx)
            self._tx_run(tx, "touch_projection")
        try:
            self._write_tx(run)
        finally:
            self._cache_drop()

    def _cache_drop(self) -> None:
        cache = getattr(self, "_cache", None)
        if cache is not None:
            cache.drop()

    @translated
    def wipe(self) -> None:
        """Delete every node (tests only: see tests/fixtures/neo4j_server.py for the guard)."""
        try:
            self._run_auto("wipe")
        finally:
            self._cache_drop()

    @translated
    def count_nodes(self) -> int:
        row = self._read_one("count_nodes")
        return int(row["nodes"]) if row else 0

    # -- identity -------------------------------------------------------------------------
    @translated
    def list_paper_keys(self) -> list[PaperKeys]:
        return [PaperKeys(rec["paper_id"], *keys, None)
                for rec in self._read("list_paper_keys") for keys in json.loads(rec["identity_keys"] or "[]")]

    @translated
    def get_papers(self, ids: Iterable[str]) -> list[Paper]:
        return [Paper.model_validate_json(rec["record"]) for rec in self._read("get_papers", ids=sorted(set(ids)))]

    @translated
    def get_researchers(self, ids: Iterable[str]) -> list[Researcher]:
        return [Researcher.model_validate_json(rec["record"])
                for rec in self._read("get_researchers", ids=sorted(set(ids)))]

    @translated
    def get_institutions(self, ids: Iterable[str]) -> list[Institution]:
        return [Institution.model_validate_json(rec["record"])
                for rec in self._read("get_institutions", ids=sorted(set(ids)))]

    @translated
    def get_source(self, id: str) -> Source | None:
        rec = self._read_one("get_source", id=id)
        return Source.model_validate_json(rec["record"]) if rec else None
