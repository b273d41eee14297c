"""The store contract: one ``GraphStore`` protocol, served by the embedded and Neo4j backends.

Each query's docstring fixes its ordering and tie-breaks; both backends must give
identical answers, item by item (tests/contract runs one suite over both).

Conventions
-----------
* ``limit``/``offset`` page a list; a method returns at most ``limit`` items.
* Names are compared by their folded form (``graph.ids.fold``): accents and case ignored;
  "ordered by name" means by folded name (code-point order); titles and ids sort by code point.
* An unknown id in a *filter* (``topic=``) matches nothing (empty list), it is not NotFound.
* Shares and scores are rounded to 6 decimals (graph.scoring.DIGITS) so ties break alike.
* ``PaperSummary.authors`` are the stored paper's author names in stored order; its
  ``topics`` (and ``PaperDetail.topics``) are ordered by score desc, then topic id.
* "Papers of a researcher" are the papers with an ``AUTHORED`` edge from them.
* Years filter inclusively; a paper without a year never passes a ``since``/``until`` filter.
* Unknown ids raise :class:`NotFound`; an unreachable backend raises :class:`BackendUnavailable`.
* A researcher id that identity retired (merged into another person, or split between homonyms)
  is not a researcher any more, so researcher queries raise :class:`NotFound` for it; the store
  keeps an *alias* for it (graph/aliases.py), which :meth:`GraphStore.resolve_researcher_alias`
  answers: the live ids its mentions went to, chains followed (the API redirects on one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

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
    the store from the papers' author affiliations. ``author_ids`` re-point authors of
    stored papers (paper id -> {author position: researcher id}) after the papers are
    written: graph/identity.py re-decided who is who, and nothing else of those papers
    changes. ``retired_researchers`` are removed after that, if no paper still names them
    (their mentions now belong to other ids). ``researcher_aliases`` says where the mentions of
    retired ids went (old id -> the ids of the people holding them now): for each id it removes,
    a store keeps an alias, by graph/aliases.py's rules (see :meth:`GraphStore.resolve_researcher_alias`).
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
        author_ids: Mapping[str, Mapping[int, str]] | None = None,
        retired_researchers: Sequence[str] = (),
        researcher_aliases: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.sources = list(sources)
        self.researchers = list(researchers)
        self.papers = list(papers)
        self.topics = list(topics)
        self.institutions = list(institutions)
        self.repositories = list(repositories)
        self.author_ids = dict(author_ids or {})
        self.retired_researchers = sorted(set(retired_researchers))
        self.researcher_aliases = {k: sorted(set(v)) for k, v in (researcher_aliases or {}).items()}

    def with_authors_rewritten(self, store: Any) -> GraphBatch:
        """This batch with ``author_ids`` applied to the stored papers (read from ``store``) and
        written as whole papers, for a store that has no cheaper way to re-point authors."""
        if not self.author_ids:
            return self
        papers = {p.id: p for p in self.papers}
        papers.update({p.id: p for p in store.get_papers(sorted(set(self.author_ids) - set(papers)))})
        for pid, new in self.author_ids.items():
            paper = papers.get(pid)
            if paper is not None:
                authors = [a.model_copy(update={"researcher_id": new[k]}) if k in new else a
                           for k, a in enumerate(paper.authors)]
                papers[pid] = paper.model_copy(update={"authors": authors})
        return GraphBatch(sources=self.sources, researchers=self.researchers, papers=list(papers.values()),
                          topics=self.topics, institutions=self.institutions, repositories=self.repositories,
                          retired_researchers=self.retired_researchers,
                          researcher_aliases=self.researcher_aliases)


class PaperKeys:
    """The identity keys of one stored paper, used by graph/merge.py to match claims."""

    __slots__ = ("abstract_key", "arxiv_id", "doi", "paper_id", "title_key")

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
        """Write a merged batch; idempotent. ``flush`` commits what was written (embedded: one
        SQLite transaction)."""

    def flush(self) -> None:
        """Make everything written so far durable."""

    def list_paper_keys(self) -> list[PaperKeys]:
        """Identity keys of every paper, ordered by paper id."""

    def get_papers(self, ids: Iterable[str]) -> list[Paper]:
        """Full stored papers (claims included) for the ids that exist, ordered by id."""

    def get_researchers(self, ids: Iterable[str]) -> list[Researcher]:
        """Stored researcher nodes for the ids that exist, ordered by id."""

    def get_institutions(self, ids: Iterable[str]) -> list[Institution]:
        """Stored institution nodes for the ids that exist, ordered by id."""

    def get_source(self, id: str) -> Source | None: ...

    # -- researchers ------------------------------------------------------------------------
    def resolve_researcher_alias(self, researcher_id: str) -> list[str]:
        """Where a retired researcher id leads: the live researchers its mentions went to, sorted by
        id -- one for a merge or a rename, several for a homonym split. Empty when the id is a live
        researcher, or was never one. Aliases are kept flat at write time (a chain ``a -> b``,
        later ``b -> c``, answers ``c`` for ``a``; never a loop) and dropped when identity gives the
        id to a person again; a target that is no longer a researcher is left out."""

    def search_researchers(self, q: str, *, limit: int, offset: int = 0) -> list[ResearcherSummary]:
        """Researchers whose name matches ``q`` (graph/search.py: every query word inside the name's
        search key; all researchers when ``q`` is empty).

        Ordered by relevance rank (exact, prefix, whole words, contained; graph/search.py), then
        works desc, then name, then id.
        """

    def get_researcher(self, researcher_id: str) -> ResearcherProfile:
        """Profile. ``top_topics``: up to 5, as :meth:`list_researcher_topics`;
        ``institutions``: up to 5, as :meth:`list_researcher_institutions`;
        ``close_collaborators``: up to 5 with shared_papers >= 2, as :meth:`list_collaborators`.
        ``computed`` holds works, topics (distinct), collaborators (distinct co-authors), institutions
        (entries of list_researcher_institutions), repositories (distinct, HAS_CODE of their papers).
        ``first_year``/``last_year`` over their papers' years; ``reported``/``sources`` from the node.
        """

    def list_researcher_papers(self, researcher_id: str, *, year: int | None = None, topic: str | None = None,
                               limit: int, offset: int = 0) -> list[PaperSummary]:
        """Their papers (``year``: exactly that year), ordered by year desc (no year last),
        then title (no title last), then id."""

    def list_collaborators(self, researcher_id: str, *, since: int | None = None, until: int | None = None,
                           min_shared: int = 1, topic: str | None = None,
                           limit: int, offset: int = 0) -> list[Collaborator]:
        """Co-authors over the papers that pass the filters (year window, topic).

        ``shared_topics``: ids of topics on at least one shared paper, ordered by how many
        shared papers carry them desc, then id; at most 5.
        Ordered by shared_papers desc, then last_year desc (None last), then name, then id.
        """

    def list_researcher_topics(self, researcher_id: str, *, limit: int, offset: int = 0) -> list[TopicCount]:
        """Their own topics, most specific first (graph.scoring.researcher_topics): ``papers`` =
        their papers carrying the topic, share = round(papers / works, 6); a topic is listed only
        when it is the most specific topic of its lineage on at least max(1, ceil(2% of works))
        of their papers (a parent only when some papers say nothing finer). Ordered by those
        papers desc, then ``papers`` desc, then topic id."""

    def list_researcher_institutions(self, researcher_id: str, *, limit: int,
                                     offset: int = 0) -> list[InstitutionCount]:
        """Institutions from AFFILIATED_WITH (evidence 'affiliation') and from FROM_INSTITUTION of
        their papers (evidence 'paper') -- a paper's institution only where they are also
        AFFILIATED_WITH it or are the paper's sole author: a paper-level tag ("· meta-ai") says
        where the paper comes from, not where each author was. ``papers`` = max(AFFILIATED_WITH.papers,
        their papers with FROM_INSTITUTION to it) -- the distinct papers by either route, as an
        affiliation always puts the institution on the paper; ``first_year``/``last_year`` = min/max over those papers'
        years and the AFFILIATED_WITH first/last years. ``evidence`` sorted.
        Ordered by papers desc, then institution id."""

    def list_recommendations(self, researcher_id: str, *, k: int, topic: str | None = None,
                             institution: str | None = None, since: int | None = None,
                             exclude: frozenset[str] = frozenset(),
                             include_coauthors: bool = False) -> list[Recommendation]:
        """Ranked people to meet, scored by graph/scoring.py (the formula and the filters are
        documented there). Ordered by score desc, then id."""

    def get_slice(self, researcher_id: str, *, depth: int, limit: int, include: frozenset[str],
                  since: int | None = None, until: int | None = None) -> GraphSlice:
        """The neighbourhood of a researcher, selected by graph/slicing.py (its docstring fixes the
        neighbourhood rows, weights and the greedy limit). ``include``: lower-case node types,
        empty = all. Nodes ordered by weight desc then id; edges by (source, target, type)."""

    # -- topics ---------------------------------------------------------------------------
    def search_topics(self, q: str, *, limit: int, offset: int = 0) -> list[Topic]:
        """Topics with an id, label, alias or acronym that matches ``q`` (graph/search.py; all when
        empty). Ordered by the best rank of those names, plain or stemmed (graph/search.py
        ``rank_topics``: "sparse" is an exact match of sparsity), then papers (HAS_TOPIC) desc, then id."""

    def get_topic(self, topic_id: str) -> TopicDetail:
        """``papers``: HAS_TOPIC papers; ``researchers``: distinct authors of those papers;
        ``children``: ids of topics SUBTOPIC_OF it, sorted."""

    def list_adjacent_topics(self, topic_id: str, *, limit: int, offset: int = 0) -> list[AdjacentTopic]:
        """Topics co-occurring on papers with this one, its own ancestors and descendants left out,
        scored by NPMI shrunk by support.
        ``score`` = graph.scoring.adjacent_score(co_papers, papers of this topic, papers, N) =
        npmi * co_papers / (co_papers + 2) where N = papers with at least one topic (formulas in
        graph/scoring.py; rounded to 6): a pair on one paper keeps a third of its NPMI.
        Ordered by score desc, then co_papers desc, then id."""

    def list_topic_papers(self, topic_id: str, *, limit: int, offset: int = 0) -> list[PaperSummary]:
        """Ordered by the HAS_TOPIC score desc, then year desc (None last), then id."""

    def list_topic_researchers(self, topic_id: str, *, limit: int, offset: int = 0) -> list[TopicResearcher]:
        """Authors of its papers. Ordered by papers on the topic desc, then name, then id."""

    # -- institutions ---------------------------------------------------------------------
    def search_institutions(self, q: str, *, limit: int, offset: int = 0) -> list[Institution]:
        """Institutions whose name or an alias matches ``q`` (graph/search.py; all when empty).
        Ordered by the best rank of those names, then papers (FROM_INSTITUTION) desc, then name, then id."""

    def get_institution(self, institution_id: str) -> InstitutionDetail:
        """``papers``: FROM_INSTITUTION papers; ``researchers``: people of list_institution_researchers."""

    def list_institution_researchers(self, institution_id: str, *, limit: int,
                                     offset: int = 0) -> list[InstitutionResearcher]:
        """People AFFILIATED_WITH it, or authors of its FROM_INSTITUTION papers. ``papers`` =
        max(AFFILIATED_WITH.papers, their papers among its FROM_INSTITUTION papers); years as in
        list_researcher_institutions.
        Ordered by papers desc, then name, then id."""

    def list_institution_collaborators(self, institution_id: str, *, limit: int,
                                       offset: int = 0) -> list[InstitutionPartner]:
        """Other institutions on the same papers (FROM_INSTITUTION); ordered by shared_papers desc, then id."""

    # -- papers -------------------------------------------------------------------------
    def search_papers(self, q: str | None = None, *, topic: str | None = None, year: int | None = None,
                      has_code: bool | None = None, limit: int, offset: int = 0) -> list[PaperSummary]:
        """Papers whose title matches ``q`` (graph/search.py; all when empty/None) and that have
        ``topic``, exactly ``year``, ``has_code`` as given. Ordered by relevance rank (exact title
        first, then prefix, whole words, contained), then year desc (None last), then id."""

    def get_paper(self, paper_id: str) -> PaperDetail:
        """The stored paper; ``institutions``: FROM_INSTITUTION records ordered by id."""

    def get_stats(self) -> Stats:
        """Node counts by label and relationship counts by type (all labels/types present, zero included)."""
