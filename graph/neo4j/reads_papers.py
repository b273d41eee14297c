"""Paper, institution and stats queries of the Neo4j store."""

from __future__ import annotations

from graph.model import Institution, Paper
from graph.neo4j.base import Neo4jBase
from graph.neo4j.errors import translated
from graph.neo4j.reads_researchers import summaries, words
from graph.search import search_key
from graph.store import NotFound
from graph.views import (
    InstitutionDetail,
    InstitutionPartner,
    InstitutionResearcher,
    PaperDetail,
    PaperSummary,
    Stats,
)

NODE_LABELS = ("Researcher", "Paper", "Topic", "Institution", "Repository", "Source")
REL_TYPES = ("AUTHORED", "HAS_TOPIC", "HAS_CODE", "AFFILIATED_WITH", "FROM_INSTITUTION", "SUBTOPIC_OF",
             "EXTRACTED_FROM")


class Neo4jPaperReads(Neo4jBase):
    # -- institutions ---------------------------------------------------------------
    @translated
    def search_institutions(self, q: str, *, limit: int, offset: int = 0) -> list[Institution]:
        rows = self._read("search_institutions", q=search_key(q), limit=max(limit, 0), offset=max(offset, 0))
        return [Institution.model_validate_json(r["record"]) for r in rows]

    @translated
    def get_institution(self, institution_id: str) -> InstitutionDetail:
        row = self._read_one("get_institution", institution_id=institution_id)
        if row is None:
            self._require("institution", institution_id)
        return InstitutionDetail(institution=Institution.model_validate_json(row["record"]), papers=row["papers"],
                                 researchers=row["researchers"])

    @translated
    def list_institution_researchers(self, institution_id: str, *, limit: int,
                                     offset: int = 0) -> list[InstitutionResearcher]:
        self._require("institution", institution_id)
        rows = self._read("list_institution_researchers", institution_id=institution_id, limit=max(limit, 0),
                          offset=max(offset, 0))
        return [InstitutionResearcher(id=r["id"], name=r["name"], papers=r["papers"], first_year=r["first_year"],
                                      last_year=r["last_year"]) for r in rows]

    @translated
    def list_institution_collaborators(self, institution_id: str, *, limit: int,
                                       offset: int = 0) -> list[InstitutionPartner]:
        self._require("institution", institution_id)
        rows = self._read("list_institution_collaborators", institution_id=institution_id, limit=max(limit, 0),
                          offset=max(offset, 0))
        return [InstitutionPartner(id=r["id"], name=r["name"], shared_papers=r["shared_papers"]) for r in rows]

    # -- papers ---------------------------------------------------------------------
    @translated
    def search_papers(self, q: str | None = None, *, topic: str | None = None, year: int | None = None,
                      has_code: bool | None = None, limit: int, offset: int = 0) -> list[PaperSummary]:
        return summaries(self._read("search_papers", q=words(q), topic=topic or None, year=year, has_code=has_code,
                                    limit=max(limit, 0), offset=max(offset, 0)))

    @translated
    def get_paper(self, paper_id: str) -> PaperDetail:
        row = self._read_one("get_paper", paper_id=paper_id)
        if row is None:
            raise NotFound("paper", paper_id)
        p = Paper.model_validate_json(row["record"])
        insts = [Institution.model_validate_json(s) for s in row["institutions"]]
        return PaperDetail(
            id=p.id, title=p.title, abstract=p.abstract, year=p.year, date=p.date,
            date_precision=p.date_precision.value if p.date_precision else None, year_inferred=p.year_inferred,
            category=p.category, kind=p.kind, venues=list(p.venues), statuses=list(p.statuses),
            arxiv_id=p.arxiv_id, doi=p.doi, has_code=p.has_code, authors=list(p.authors),
            authors_complete=p.authors_complete, topics=sorted(p.topics, key=lambda t: (-t.score, t.topic_id)),
            repositories=list(p.repositories), links=list(p.links), institutions=insts,
            sources=list(p.sources), provenance=dict(p.provenance))

    @translated
    def get_stats(self) -> Stats:
        row = self._read_one("get_stats")
        return Stats(nodes={k: int(row[k]) for k in NODE_LABELS}, relationships={k: int(row[k]) for k in REL_TYPES})
