"""Researcher queries of the Neo4j store; orderings are done in Cypher on stored folded keys."""

from __future__ import annotations

from graph import scoring
from graph.model import Paper, Researcher
from graph.neo4j.base import Neo4jBase
from graph.neo4j.errors import translated
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


def paper_summary(p: Paper) -> PaperSummary:
    """The same summary as the embedded store's (authors in stored order; topics by score desc, then id)."""
    topics = sorted(p.topics, key=lambda t: (-t.score, t.topic_id))
    return PaperSummary(id=p.id, title=p.title, year=p.year, venues=list(p.venues), arxiv_id=p.arxiv_id,
                        has_code=p.has_code, authors=[a.name for a in p.authors],
                        authors_complete=p.authors_complete, topics=[t.topic_id for t in topics])


def summaries(records) -> list[PaperSummary]:
    return [paper_summary(Paper.model_validate_json(rec["record"])) for rec in records]


def words(q: str | None) -> str:
    """The query's search key (graph/search.py): folded words joined by single spaces; the Cypher
    splits them again."""
    return search_key(q)


class Neo4jResearcherReads(Neo4jBase):
    @translated
    def search_researchers(self, q: str, *, limit: int, offset: int = 0) -> list[ResearcherSummary]:
        rows = self._read("search_researchers", q=words(q), limit=max(limit, 0), offset=max(offset, 0))
        return [ResearcherSummary(id=r["id"], name=r["name"], works=r["works"]) for r in rows]

    @translated
    def resolve_researcher_alias(self, researcher_id: str) -> list[str]:
        return [rec["id"] for rec in self._read("resolve_researcher_alias", researcher_id=researcher_id)]

    @translated
    def get_researcher(self, researcher_id: str) -> ResearcherProfile:
        row = self._read_one("get_researcher", researcher_id=researcher_id)
        if row is None:
            self._require("researcher", researcher_id)
        r = Researcher.model_validate_json(row["record"])
        topics = topic_counts(row["topics"], row["works"])
        insts = institution_counts(row["institutions"])
        close = [CollaboratorBrief(id=i, name=name, shared_papers=n) for i, name, n in row["close"]]
        computed = {"works": row["works"], "topics": len(topics), "collaborators": row["collaborators"],
                    "institutions": len(insts), "repositories": row["repositories"]}
        return ResearcherProfile(
            id=r.id, name=r.name, variants=list(r.variants), works=row["works"], first_year=row["first_year"],
            last_year=row["last_year"], top_topics=topics[:5], institutions=insts[:5],
            collaborator_count=row["collaborators"], close_collaborators=close, computed=computed,
            reported=list(r.reported), sources=list(r.sources),
            identity=list(r.evidence), homonyms=list(r.homonyms))

    @translated
    def list_researcher_papers(self, researcher_id: str, *, year: int | None = None, topic: str | None = None,
                               limit: int, offset: int = 0) -> list[PaperSummary]:
        self._require("researcher", researcher_id)
        return summaries(self._read("list_researcher_papers", researcher_id=researcher_id, year=year, topic=topic,
                                    limit=max(limit, 0), offset=max(offset, 0)))

    @translated
    def list_collaborators(self, researcher_id: str, *, since: int | None = None, until: int | None = None,
                           min_shared: int = 1, topic: str | None = None,
                           limit: int, offset: int = 0) -> list[Collaborator]:
        found = self._collaborators(researcher_id, since, until, min_shared, topic, limit, offset)
        if not found:
            self._require("researcher", researcher_id)
        return found

    def _collaborators(self, researcher_id: str, since, until, min_shared, topic, limit, offset) -> list[Collaborator]:
        page = {"researcher_id": researcher_id, "min_shared": min_shared, "limit": max(limit, 0),
                "offset": max(offset, 0)}
        if since is None and until is None and not topic:  # the write-time COAUTHOR counts
            rows = self._read("coauthors", **page)
        else:
            rows = self._read("list_collaborators", since=since, until=until, topic=topic or None, **page)
        return [Collaborator(id=r["id"], name=r["name"], shared_papers=r["shared_papers"],
                             first_year=r["first_year"], last_year=r["last_year"],
                             shared_topics=list(r["shared_topics"])) for r in rows]

    @translated
    def list_researcher_topics(self, researcher_id: str, *, limit: int, offset: int = 0) -> list[TopicCount]:
        self._require("researcher", researcher_id)
        return self._topics(researcher_id, limit, offset)

    def _topics(self, researcher_id: str, limit: int, offset: int) -> list[TopicCount]:
        """The Cypher fetches (paper, topic, ancestors) rows; graph.scoring lists and orders them
        exactly as the embedded store does."""
        rows = self._read("list_researcher_topics", researcher_id=researcher_id)
        works = rows[0]["works"] if rows else 0
        start = max(offset, 0)
        return topic_counts(rows, works)[start:start + max(limit, 0)]

    @translated
    def list_researcher_institutions(self, researcher_id: str, *, limit: int,
                                     offset: int = 0) -> list[InstitutionCount]:
        self._require("researcher", researcher_id)
        return self._institutions(researcher_id, limit, offset)

    def _institutions(self, researcher_id: str, limit: int, offset: int) -> list[InstitutionCount]:
        rows = self._read("list_researcher_institutions", researcher_id=researcher_id, limit=max(limit, 0),
                          offset=max(offset, 0))
        return [InstitutionCount(id=r["id"], name=r["name"], papers=r["papers"], first_year=r["first_year"],
                                 last_year=r["last_year"], evidence=sorted(r["evidence"])) for r in rows]


def topic_counts(rows, works: int) -> list[TopicCount]:
    """Rows of (topic id, label, its papers among theirs, ancestors), listed and ordered by
    graph.scoring exactly as the embedded store does."""
    per_paper: dict[str, set[str]] = {}
    labels, ancestors = {}, {}
    for r in rows:
        for paper in r["papers"]:
            per_paper.setdefault(paper, set()).add(r["id"])
        labels[r["id"]], ancestors[r["id"]] = r["label"], r["ancestors"]
    return [TopicCount(id=t, label=labels[t], papers=n, share=round(n / works, 6))
            for t, n, _ in scoring.researcher_topics(per_paper.values(), ancestors, works)]


def institution_counts(rows) -> list[InstitutionCount]:
    """list_researcher_institutions' rows, ordered as its Cypher orders them (papers desc, id)."""
    ordered = sorted(rows, key=lambda r: (-r["papers"], r["id"]))
    return [InstitutionCount(id=r["id"], name=r["name"], papers=r["papers"], first_year=r["first_year"],
                             last_year=r["last_year"], evidence=sorted(r["evidence"])) for r in ordered]
