"""Researcher queries of the embedded store (GraphStore docstrings fix the orderings)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

import networkx as nx

from graph import scoring
from graph.embedded.reads_base import (
    in_typed,
    in_years,
    name_key,
    out_typed,
    page,
    record,
    require,
    year_desc,
)
from graph.embedded.reads_papers import paper_summary
from graph.search import search_key
from graph.views import (
    Collaborator,
    CollaboratorBrief,
    InstitutionCount,
    PaperSummary,
    ResearcherProfile,
    ResearcherSummary,
    TopicCount,
)


def works(g: nx.DiGraph, rk: str) -> int:
    return len(out_typed(g, rk, "AUTHORED"))


@dataclass
class _Coauthor:
    shared: int = 0
    first: int | None = None
    last: int | None = None
    topics: Counter = field(default_factory=Counter)


def collaborator_rows(g: nx.DiGraph, rk: str, since: int | None = None, until: int | None = None,
                      topic: str | None = None) -> dict[str, _Coauthor]:
    """Co-author key -> figures over the centre's papers that pass the filters."""
    rows: dict[str, _Coauthor] = {}
    topic_key = f"topic:{topic}" if topic else None
    for pk in out_typed(g, rk, "AUTHORED"):
        year = record(g, pk).year
        if not in_years(year, since, until):
            continue
        topics = out_typed(g, pk, "HAS_TOPIC")
        if topic_key is not None and topic_key not in topics:
            continue
        for ak in in_typed(g, pk, "AUTHORED"):
            if ak == rk:
                continue
            row = rows.setdefault(ak, _Coauthor())
            row.shared += 1
            if year is not None:
                row.first = year if row.first is None else min(row.first, year)
                row.last = year if row.last is None else max(row.last, year)
            row.topics.update(t.split(":", 1)[1] for t in topics)
    return rows


def collaborators(g: nx.DiGraph, rk: str, since: int | None = None, until: int | None = None,
                  min_shared: int = 1, topic: str | None = None) -> list[Collaborator]:
    out = []
    for ak, row in collaborator_rows(g, rk, since, until, topic).items():
        if row.shared < min_shared:
            continue
        r = record(g, ak)
        shared_topics = sorted(row.topics.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        out.append(Collaborator(id=r.id, name=r.name, shared_papers=row.shared, first_year=row.first,
                                last_year=row.last, shared_topics=[t for t, _ in shared_topics]))
    out.sort(key=lambda c: (-c.shared_papers, year_desc(c.last_year), *name_key(c.name, c.id)))
    return out


def researcher_topics(g: nx.DiGraph, rk: str) -> list[TopicCount]:
    """Their topics as graph.scoring.researcher_topics lists and orders them."""
    papers = out_typed(g, rk, "AUTHORED")
    per_paper = [out_typed(g, pk, "HAS_TOPIC") for pk in papers]
    ancestors = {tk: topic_ancestors(g, tk) for tk in {t for ts in per_paper for t in ts}}
    rows = scoring.researcher_topics(per_paper, ancestors, len(papers))  # node keys sort as their ids
    return [TopicCount(id=record(g, tk).id, label=record(g, tk).label, papers=n,
                       share=round(n / len(papers), 6)) for tk, n, _ in rows]


def topic_ancestors(g: nx.DiGraph, tk: str) -> list[str]:
    """Node keys of the topic's parent, grandparent, ... (SUBTOPIC_OF upwards)."""
    out: list[str] = []
    while True:
        up = out_typed(g, tk, "SUBTOPIC_OF")
        if not up or up[0] in out:
            return out
        tk = up[0]
        out.append(tk)


def researcher_institutions(g: nx.DiGraph, rk: str) -> list[InstitutionCount]:
    """Affiliations merged with the institutions of their papers (see store.py for the rule)."""
    rows: dict[str, dict] = {}
    for ik in out_typed(g, rk, "AFFILIATED_WITH"):
        e = g.edges[rk, ik]
        rows[ik] = {"aff": e.get("papers") or 0, "paper": 0, "years": [e.get("first_year"), e.get("last_year")],
                    "evidence": {"affiliation"}}
    for pk in out_typed(g, rk, "AUTHORED"):
        year = record(g, pk).year
        alone = sum(1 for d in g.pred[pk].values() if d.get("type") == "AUTHORED") == 1
        for ik in out_typed(g, pk, "FROM_INSTITUTION"):
            if ik not in rows and not alone:
                continue  # a paper's institution is theirs only if they were there, or wrote it alone
            row = rows.setdefault(ik, {"aff": 0, "paper": 0, "years": [], "evidence": set()})
            row["paper"] += 1
            row["years"].append(year)
            row["evidence"].add("paper")
    out = []
    for ik, row in rows.items():
        inst = record(g, ik)
        years = [y for y in row["years"] if y is not None]
        out.append(InstitutionCount(id=inst.id, name=inst.name, papers=max(row["aff"], row["paper"]),
                                    first_year=min(years, default=None), last_year=max(years, default=None),
                                    evidence=sorted(row["evidence"])))
    out.sort(key=lambda c: (-c.papers, c.id))
    return out


class ResearcherReads:
    graph: nx.DiGraph

    def search_researchers(self, q: str, *, limit: int, offset: int = 0) -> list[ResearcherSummary]:
        g = self.graph
        hits = self._indexes().researcher_names.ranked(search_key(q))
        start = max(offset, 0)
        return [ResearcherSummary(id=record(g, k).id, name=record(g, k).name, works=n)
                for k, n in islice(hits, start, start + max(limit, 0))]

    def get_researcher(self, researcher_id: str) -> ResearcherProfile:
        g = self.graph
        rk = require(g, "researcher", researcher_id)
        r = record(g, rk)
        papers = [record(g, pk) for pk in out_typed(g, rk, "AUTHORED")]
        years = [p.year for p in papers if p.year is not None]
        topics = researcher_topics(g, rk)
        insts = researcher_institutions(g, rk)
        collabs = collaborators(g, rk)
        close = [CollaboratorBrief(id=c.id, name=c.name, shared_papers=c.shared_papers)
                 for c in collabs if c.shared_papers >= 2][:5]
        repos = {t for pk in out_typed(g, rk, "AUTHORED") for t in out_typed(g, pk, "HAS_CODE")}
        computed = {"works": len(papers), "topics": len(topics), "collaborators": len(collabs),
                    "institutions": len(insts), "repositories": len(repos)}
        return ResearcherProfile(
            id=r.id, name=r.name, variants=list(r.variants), works=len(papers),
            first_year=min(years, default=None), last_year=max(years, default=None),
            top_topics=topics[:5], institutions=insts[:5], collaborator_count=len(collabs),
            close_collaborators=close, computed=computed, reported=list(r.reported), sources=list(r.sources),
            identity=list(r.evidence), homonyms=list(r.homonyms))

    def list_researcher_papers(self, researcher_id: str, *, year: int | None = None, topic: str | None = None,
                               limit: int, offset: int = 0) -> list[PaperSummary]:
        g = self.graph
        rk = require(g, "researcher", researcher_id)
        picked = []
        for pk in out_typed(g, rk, "AUTHORED"):
            p = record(g, pk)
            if year is not None and p.year != year:
                continue
            if topic is not None and not g.has_edge(pk, f"topic:{topic}"):
                continue
            picked.append(p)
        picked.sort(key=lambda p: (year_desc(p.year), p.title is None, p.title or "", p.id))
        return [paper_summary(p) for p in page(picked, limit, offset)]

    def list_collaborators(self, researcher_id: str, *, since: int | None = None, until: int | None = None,
                           min_shared: int = 1, topic: str | None = None,
                           limit: int, offset: int = 0) -> list[Collaborator]:
        rk = require(self.graph, "researcher", researcher_id)
        return page(collaborators(self.graph, rk, since, until, min_shared, topic), limit, offset)

    def list_researcher_topics(self, researcher_id: str, *, limit: int, offset: int = 0) -> list[TopicCount]:
        rk = require(self.graph, "researcher", researcher_id)
        return page(researcher_topics(self.graph, rk), limit, offset)

    def list_researcher_institutions(self, researcher_id: str, *, limit: int,
                                     offset: int = 0) -> list[InstitutionCount]:
        rk = require(self.graph, "researcher", researcher_id)
        return page(researcher_institutions(self.graph, rk), limit, offset)
