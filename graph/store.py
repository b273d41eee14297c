"""The store contract: one ``GraphStore`` protocol, served by the embedded and Neo4j backends.

Each query's docstring fixes its ordering and tie-breaks; both backends must give
identical answers, item by item (tests/contract runs one suite over both).

Conventions
-----------
* ``limit``/``offset`` page a list; a method returns at most ``limit`` items.
* Names are compared by their folded form (``graph.ids.fold``): accents and case ignored.
* "Papers of a researcher" are the papers with an ``AUTHORED`` edge from them.
* Years filter inclusively; a paper without a year never passes a ``since``/``until`` filter.
* Unknown ids raise :class:`NotFound`; an unreachable backend raises :class:`BackendUnavailable`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from graph.model import Institution, Paper, Repository, Researcher, Source, Topic
from graph.views import (
    AdjacentTopic,
    Collaborator,
    GraphSlice,
    InstitutionCount,
    InstitutionDetail,
    InstitutionPartner,
    InstitutionResearcher,
    PaperDetail,
    PaperSummary,
    Recommendation,
    ResearcherProfile,
    ResearcherSummary,
    Stats,
    TopicCount,
    TopicDetail,
    TopicResearcher,
)


class StoreError(Exception):
    """Base of the errors a store raises."""


class NotFound(StoreError):
    def __init__(self, kind: str, id: str) -> None:
        super().__init__(f"no {kind} with id {id!r}")
        self.kind = kind
        self.id = id


class BackendUnavailable(StoreError):
    """The backend cannot be reached now; the request may succeed later."""


class GraphBatch:
    """Everything one ingest step writes, already merged and resolved.

    ``papers`` are complete resolved nodes: a store replaces a paper's node and
    its outgoing relationships (AUTHORED in, HAS_TOPIC, HAS_CODE, FROM_INSTITUTION,
    EXTRACTED_FROM) with what the batch says. ``affiliations`` are recomputed by
    the store from the papers' author affiliations.
    """

    def __init__(
        self,
        *,
        sources: Sequence[Source] = (),
        researchers: Sequence[Researcher] = (),
        papers: Sequence[Paper] = (),
        topics: Sequence[Topic] = (),
        institutions: Sequence[Institution] = (),
        repositories: Sequence[Repository] = (),
    ) -> None:
        self.sources = list(sources)
        self.researchers = list(researchers)
        self.papers = list(papers)
        self.topics = list(topics)
        self.institutions = list(institutions)
        self.repositories = list(repositories)


class PaperKeys:
    """The identity keys of one stored paper, used by graph/merge.py to match claims."""

    __slots__ = ("paper_id", "arxiv_id", "doi", "title_key", "abstract_key")

    def __init__(self, paper_id: str, arxiv_id: str | None, doi: str | None,
                 title_key: str | None, abstract_key: str | None) -> None:
        self.paper_id = paper_id
        self.arxiv_id = arxiv_id
        self.doi = doi
        self.title_key = title_key
        self.abstract_key = abstract_key


@runtime_checkable
class GraphStore(Protocol):
    # -- life cycle -----------------------------------------------------------------
    def ping(self) -> bool:
        """True when the backend answers now."""

    def close(self) -> None: ...

    # -- writes and identity ------------------------------------------------------------
    def upsert_batch(self, batch: GraphBatch) -> None:
        """Write a merged batch; idempotent. Embedded stores persist atomically on ``flush``."""

    def flush(self) -> None:
        """Make everything written so far durable."""

    def list_paper_keys(self) -> list[PaperKeys]:
        """Identity keys of every paper, ordered by paper id."""

    def get_papers(self, ids: Iterable[str]) -> list[Paper]:
        """Full stored papers (claims included) for the ids that exist, ordered by id."""

    def get_researchers(self, ids: Iterable[str]) -> list[Researcher]:
        """Stored researcher nodes for the ids that exist, ordered by id."""

    def get_source(self, id: str) -> Source | None: ...

    # -- researchers ------------------------------------------------------------------------
    def search_researchers(self, q: str, *, limit: int, offset: int = 0) -> list[ResearcherSummary]:
        """Researchers whose folded name contains every folded word of ``q``.

        Ordered by works desc, then name, then id.
        """

    def get_researcher(self, researcher_id: str) -> ResearcherProfile:
        """Profile. ``top_topics``: up to 5, as :meth:`list_researcher_topics`;
        ``institutions``: up to 5, as :meth:`list_researcher_institutions`;
        ``close_collaborators``: up to 5 with shared_papers >= 2, as :meth:`list_collaborators`.
        ``computed`` holds works, topics, collaborators, institutions, repositories.
        """

    def list_researcher_papers(self, researcher_id: str, *, year: int | None = None, topic: str | None = None,
                               limit: int, offset: int = 0) -> list[PaperSummary]:
        """Their papers, ordered by year desc (no year last), then title, then id."""

    def list_collaborators(self, researcher_id: str, *, since: int | None = None, until: int | None = None,
                           min_shared: int = 1, topic: str | None = None,
                           limit: int, offset: int = 0) -> list[Collaborator]:
        """Co-authors over the papers that pass the filters (year window, topic).

        ``shared_topics``: ids of topics on at least one shared paper, ordered by how many
        shared papers carry them desc, then id; at most 5.
        Ordered by shared_papers desc, then last_year desc (None last), then name, then id.
        """

    def list_researcher_topics(self, researcher_id: str, *, limit: int, offset: int = 0) -> list[TopicCount]:
        """Topics on their papers with paper counts; share = papers / works.
        Ordered by papers desc, then topic id."""

    def list_researcher_institutions(self, researcher_id: str, *, limit: int,
                                     offset: int = 0) -> list[InstitutionCount]:
        """Institutions from AFFILIATED_WITH (evidence 'affiliation') and from FROM_INSTITUTION of
        their papers (evidence 'paper'); papers counts distinct papers by either route.
        Ordered by papers desc, then institution id."""

    def list_recommendations(self, researcher_id: str, *, k: int, topic: str | None = None,
                             include_coauthors: bool = False) -> list[Recommendation]:
        """Ranked people to meet, scored by graph/scoring.py (the formula is documented there).
        Ordered by score desc, then id."""

    def get_slice(self, researcher_id: str, *, depth: int, limit: int, include: frozenset[str],
                  since: int | None = None, until: int | None = None) -> GraphSlice:
        """The neighbourhood of a researcher, selected by graph/slicing.py. Nodes ordered by
        weight desc then id; edges by (source, target, type)."""

    # -- topics ---------------------------------------------------------------------------
    def search_topics(self, q: str, *, limit: int, offset: int = 0) -> list[Topic]:
        """Topics whose folded id, label, alias or acronym contains folded ``q`` (all when empty).
        Ordered by exact match first, then id."""

    def get_topic(self, topic_id: str) -> TopicDetail: ...

    def list_adjacent_topics(self, topic_id: str, *, limit: int, offset: int = 0) -> list[AdjacentTopic]:
        """Topics co-occurring on papers with this one, with NPMI over all papers that have a topic.
        Ordered by score desc, then co_papers desc, then id."""

    def list_topic_papers(self, topic_id: str, *, limit: int, offset: int = 0) -> list[PaperSummary]:
        """Ordered by topic score desc, then year desc (None last), then id."""

    def list_topic_researchers(self, topic_id: str, *, limit: int, offset: int = 0) -> list[TopicResearcher]:
        """Ordered by papers on the topic desc, then name, then id."""

    # -- institutions ---------------------------------------------------------------------
    def search_institutions(self, q: str, *, limit: int, offset: int = 0) -> list[Institution]:
        """Folded name or alias contains folded ``q``; ordered by name, then id."""

    def get_institution(self, institution_id: str) -> InstitutionDetail: ...

    def list_institution_researchers(self, institution_id: str, *, limit: int,
                                     offset: int = 0) -> list[InstitutionResearcher]:
        """People AFFILIATED_WITH it, or authors of its FROM_INSTITUTION papers.
        Ordered by papers desc, then name, then id."""

    def list_institution_collaborators(self, institution_id: str, *, limit: int,
                                       offset: int = 0) -> list[InstitutionPartner]:
        """Other institutions on the same papers (FROM_INSTITUTION); ordered by shared_papers desc, then id."""

    # -- papers -------------------------------------------------------------------------
    def search_papers(self, q: str | None = None, *, topic: str | None = None, year: int | None = None,
                      has_code: bool | None = None, limit: int, offset: int = 0) -> list[PaperSummary]:
        """Folded title contains every folded word of ``q``; ordered by year desc (None last), then id."""

    def get_paper(self, paper_id: str) -> PaperDetail: ...

    def get_stats(self) -> Stats:
        """Node counts by label and relationship counts by type (all labels/types present, zero included)."""
