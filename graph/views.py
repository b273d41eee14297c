"""What the store's queries answer: the read models shared by both backends and the API.

Every list a query returns is already ordered as its ``GraphStore`` docstring
says, so that the embedded and Neo4j stores can be compared item by item.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.model import AuthorRef, Institution, ReportedFigure, RepositoryRef, Topic, TopicLink

T = TypeVar("T")


class View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(View, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class ResearcherSummary(View):
    id: str
    name: str
    works: int


class TopicCount(View):
    id: str
    label: str
    papers: int
    share: float = Field(description="papers on this topic / the researcher's papers")


class InstitutionCount(View):
    id: str
    name: str
    papers: int
    first_year: int | None = None
    last_year: int | None = None
    evidence: list[str] = Field(default_factory=list, description="how the link is known: tag, affiliation")


class CollaboratorBrief(View):
    id: str
    name: str
    shared_papers: int


class ResearcherProfile(View):
    id: str
    name: str
    variants: list[str]
    works: int
    first_year: int | None
    last_year: int | None
    top_topics: list[TopicCount]
    institutions: list[InstitutionCount]
    collaborator_count: int
    close_collaborators: list[CollaboratorBrief]
    computed: dict[str, int] = Field(description="figures the graph computes: works, topics, collaborators, ...")
    reported: list[ReportedFigure] = Field(description="figures as the sources claimed them")
    sources: list[str]
    identity: list[str] = Field(default_factory=list,
                                description="why these mentions are one person: author ids, shared co-authors, "
                                            "institutions, profiles (strongest first)")
    homonyms: list[str] = Field(default_factory=list, description="ids of other people with this name")


class PaperSummary(View):
    id: str
    title: str | None
    year: int | None
    venues: list[str]
    arxiv_id: str | None
    has_code: bool
    authors: list[str] = Field(description="display names in order")
    authors_complete: bool
    topics: list[str]


class Collaborator(View):
    id: str
    name: str
    shared_papers: int
    first_year: int | None
    last_year: int | None
    shared_topics: list[str]


class TopicDetail(View):
    topic: Topic
    papers: int
    researchers: int
    children: list[str]


class AdjacentTopic(View):
    id: str
    label: str
    co_papers: int = Field(description="papers carrying both topics")
    papers: int = Field(description="papers carrying the adjacent topic")
    score: float = Field(description="normalised pointwise mutual information, in [-1, 1]")


class TopicResearcher(View):
    id: str
    name: str
    papers: int


class InstitutionDetail(View):
    institution: Institution
    papers: int
    researchers: int


class InstitutionResearcher(View):
    id: str
    name: str
    papers: int
    first_year: int | None
    last_year: int | None


class InstitutionPartner(View):
    id: str
    name: str
    shared_papers: int


class PaperDetail(View):
    id: str
    title: str | None
    abstract: str | None
    year: int | None
    date: str | None
    date_precision: str | None
    year_inferred: bool
    category: str | None
    kind: str | None
    venues: list[str]
    statuses: list[str]
    arxiv_id: str | None
    doi: str | None
    has_code: bool
    authors: list[AuthorRef]
    authors_complete: bool
    topics: list[TopicLink]
    repositories: list[RepositoryRef]
    links: list[str]
    institutions: list[Institution]
    sources: list[str]
    provenance: dict[str, list[str]]


class Reason(View):
    kind: str = Field(description="topic | coauthor | institution | recency")
    id: str | None = None
    label: str
    weight: float


class Recommendation(View):
    id: str
    name: str
    score: float
    reasons: list[Reason]


class SliceNode(View):
    id: str = Field(description="'<type>:<id>', unique across types")
    type: str
    label: str
    weight: float
    data: dict[str, Any] = Field(default_factory=dict)


class SliceEdge(View):
    source: str
    target: str
    type: str
    weight: float = 1.0


class GraphSlice(View):
    center: str
    nodes: list[SliceNode]
    edges: list[SliceEdge]
    truncated: bool


class Stats(View):
    nodes: dict[str, int]
    relationships: dict[str, int]
