"""Paper, institution and stats queries of the embedded store."""

from __future__ import annotations

from collections import Counter
from itertools import islice

import networkx as nx

from graph.embedded.reads_base import (
    in_typed,
    name_key,
    out_typed,
    page,
    record,
    require,
)
from graph.model import Institution, Paper
from graph.search import search_key
from graph.views import (
    InstitutionDetail,
    InstitutionPartner,
    InstitutionResearcher,
    PaperDetail,
    PaperSummary,
    Stats,
)


def paper_summary(p: Paper) -> PaperSummary:
    """Authors in the stored order; topics by score desc, then id (store.py conventions)."""
    topics = sorted(p.topics, key=lambda t: (-t.score, t.topic_id))
    return PaperSummary(id=p.id, title=p.title, year=p.year, venues=list(p.venues), arxiv_id=p.arxiv_id,
                        has_code=p.has_code, authors=[a.name for a in p.authors],
                        authors_complete=p.authors_complete, topics=[t.topic_id for t in topics])


def institution_people(g: nx.DiGraph, ik: str) -> dict[str, dict]:
    """Researcher key -> papers/years, by affiliation or by authorship of the institution's papers."""
    rows: dict[str, dict] = {}
    for rk in in_typed(g, ik, "AFFILIATED_WITH"):
        e = g.edges[rk, ik]
        rows[rk] = {"aff": e.get("papers") or 0, "paper": 0, "years": [e.get("first_year"), e.get("last_year")]}
    for pk in in_typed(g, ik, "FROM_INSTITUTION"):
        year = record(g, pk).year
        for rk in in_typed(g, pk, "AUTHORED"):
            row = rows.setdefault(rk, {"aff": 0, "paper": 0, "years": []})
            row["paper"] += 1
            row["years"].append(year)
    return rows


class PaperReads:
    graph: nx.DiGraph

    # -- institutions ---------------------------------------------------------------
    def search_institutions(self, q: str, *, limit: int, offset: int = 0) -> list[Institution]:
        hits = self._indexes().institution_names.ranked(search_key(q))
        return list(islice(hits, max(offset, 0), max(offset, 0) + max(limit, 0)))

    def get_institution(self, institution_id: str) -> InstitutionDetail:
        g = self.graph
        ik = require(g, "institution", institution_id)
        return InstitutionDetail(institution=record(g, ik), papers=len(in_typed(g, ik, "FROM_INSTITUTION")),
                                 researchers=len(institution_people(g, ik)))

    def list_institution_researchers(self, institution_id: str, *, limit: int,
                                     offset: int = 0) -> list[InstitutionResearcher]:
        g = self.graph
        ik = require(g, "institution", institution_id)
        out = []
        for rk, row in institution_people(g, ik).items():
            r = record(g, rk)
            years = [y for y in row["years"] if y is not None]
            out.append(InstitutionResearcher(id=r.id, name=r.name, papers=max(row["aff"], row["paper"]),
                                             first_year=min(years, default=None),
                                             last_year=max(years, default=None)))
        out.sort(key=lambda x: (-x.papers, *name_key(x.name, x.id)))
        return page(out, limit, offset)

    def list_institution_collaborators(self, institution_id: str, *, limit: int,
                                       offset: int = 0) -> list[InstitutionPartner]:
        g = self.graph
        ik = require(g, "institution", institution_id)
        shared = Counter(other for pk in in_typed(g, ik, "FROM_INSTITUTION")
                         for other in out_typed(g, pk, "FROM_INSTITUTION") if other != ik)
        rows = sorted(shared.items(), key=lambda kv: (-kv[1], record(g, kv[0]).id))
        return [InstitutionPartner(id=record(g, k).id, name=record(g, k).name, shared_papers=n)
                for k, n in page(rows, limit, offset)]

    # -- papers ---------------------------------------------------------------------
    def search_papers(self, q: str | None = None, *, topic: str | None = None, year: int | None = None,
                      has_code: bool | None = None, limit: int, offset: int = 0) -> list[PaperSummary]:
        g = self.graph
        topic_key = f"topic:{topic}" if topic else None
        wanted = max(offset, 0) + max(limit, 0)
        picked: list[Paper] = []
        for pk in self._indexes().paper_titles.ranked(search_key(q)):
            if len(picked) >= wanted:
                break
            p = record(g, pk)
            if year is not None and p.year != year:
                continue
            if has_code is not None and p.has_code != has_code:
                continue
            if topic_key is not None and not g.has_edge(pk, topic_key):
                continue
            picked.append(p)
        return [paper_summary(p) for p in page(picked, limit, offset)]

    def _whole_paper(self, paper_id: str) -> Paper:
        """The paper with every field (a store whose graph holds slim copies reads the rest)."""
        return record(self.graph, f"paper:{paper_id}")

    def get_paper(self, paper_id: str) -> PaperDetail:
        g = self.graph
        pk = require(g, "paper", paper_id)
        p: Paper = self._whole_paper(paper_id)  # the abstract and provenance are not in the graph
        insts = sorted((record(g, ik) for ik in out_typed(g, pk, "FROM_INSTITUTION")), key=lambda i: i.id)
        return PaperDetail(
            id=p.id, title=p.title, abstract=p.abstract, year=p.year, date=p.date,
            date_precision=p.date_precision.value if p.date_precision else None, year_inferred=p.year_inferred,
            category=p.category, kind=p.kind, venues=list(p.venues), statuses=list(p.statuses),
            arxiv_id=p.arxiv_id, doi=p.doi, has_code=p.has_code, authors=list(p.authors),
            authors_complete=p.authors_complete, topics=sorted(p.topics, key=lambda t: (-t.score, t.topic_id)),
            repositories=list(p.repositories), links=list(p.links), institutions=insts,
            sources=list(p.sources), provenance=dict(p.provenance))

    def get_stats(self) -> Stats:
        nodes, rels = self._tally()
        return Stats(nodes=dict(nodes), relationships=dict(rels))

