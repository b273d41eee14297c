"""The records of the research graph (SPEC §4), shared by nlp/, graph/ and app/.

Readers in ``nlp/`` turn documents into :class:`ExtractedDocument` values whose
papers are :class:`PaperClaim` records: what *one* source says about *one*
paper. ``graph/merge.py`` folds the claims of every source into one
:class:`Paper` with per-field provenance. Stores persist the resolved nodes.

This module imports no networkx, neo4j or spaCy.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from graph.ids import slugify


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        # pydantic gives every instance its own set of the fields it was given (up to 2 KiB; some
        # 0.8 GB over the corpus's papers, claims and authors). Nothing here reads that set (no
        # exclude_unset), so all records of a class share one set naming every field.
        object.__setattr__(self, "__pydantic_fields_set__", _all_fields(type(self)))


    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """A record of values that are already validated records and plain values, built
        without ``model_construct``'s per-field alias handling (merging the corpus builds
        ~700k papers, topic links and researchers). Fields not given take their defaults."""
        # in field order, as validation would: dumps list fields in the order of __dict__
        data = {name: values[name] if name in values else field.get_default(call_default_factory=True)
                for name, field in cls.model_fields.items()}
        record = cls.__new__(cls)
        object.__setattr__(record, "__dict__", data)
        object.__setattr__(record, "__pydantic_fields_set__", _all_fields(cls))
        object.__setattr__(record, "__pydantic_extra__", None)
        object.__setattr__(record, "__pydantic_private__", None)
        return record


@cache
def _all_fields(cls: type[BaseModel]) -> set[str]:
    return set(cls.model_fields)


class Format(StrEnum):
    PROFILE_FEED = "profile-feed"
    ARXIV_LISTING = "arxiv-listing"
    RESEARCHER_PROFILE = "researcher-profile"
    PAPERLISTS = "paperlists"
    BIBTEX = "bibtex"
    ARXIV_ATOM = "arxiv-atom"
    OPENALEX = "openalex"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


AuthorEvidence = Literal["listed", "profile"]

# Figures a profile document may claim; stored as reported, never recomputed.
REPORTED_FIGURES = (
    "h_index",
    "papers",
    "citations",
    "works",
    "followers",
    "topics",
    "close_collaborators",
)


class AuthorRef(Record):
    """One author of one paper, as a source lists them."""

    name: str
    researcher_id: str
    position: int | None = Field(None, description="1-based; None when only the profile shows them")
    evidence: AuthorEvidence = "listed"
    affiliations: list[str] = Field(default_factory=list, description="institution ids")
    keys: tuple[str, ...] = Field((), description="author ids the source gives: 'openreview:~Yang_Liu3', "
                                  "'orcid:...', 'email:...' (graph/identity.py)")

    @classmethod
    def of(cls, name: str, position: int | None, evidence: AuthorEvidence = "listed",
           affiliations: list[str] | None = None) -> AuthorRef:
        return cls(name=name, researcher_id=slugify(name), position=position,
                   evidence=evidence, affiliations=affiliations or [])


class TopicLink(Record):
    topic_id: str
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list, description="matched text spans")


class Repository(Record):
    """A code repository, canonicalised to ``host/owner/name``."""

    id: str
    host: str
    owner: str
    name: str
    url: str


class RepositoryRef(Record):
    repository: Repository
    path: str | None = Field(None, description="sub-path inside the repository, if the link had one")


class Institution(Record):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None


class Topic(Record):
    id: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    acronyms: list[str] = Field(default_factory=list)
    parent: str | None = None
    description: str | None = None


class Problem(Record):
    """A bad record or file: where, and what was expected instead."""

    file: str
    line: int | None = None
    index: int | None = None
    kind: str
    expected: str
    message: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.index is not None:
            where += f" [record {self.index}]"
        return f"{where}: {self.kind}: expected {self.expected}" + (f" ({self.message})" if self.message else "")


class PaperClaim(Record):
    """What one source says about one paper. Unknown fields stay ``None``."""

    source_id: str
    locator: str = Field("", description="where in the source: 'line 12', 'record 5'")
    title: str | None = None
    abstract: str | None = None
    year: int | None = None
    date: str | None = Field(None, description="ISO date; precision says how much of it is real")
    date_precision: DatePrecision | None = None
    year_inferred: bool = False
    category: str | None = None
    kind: str | None = Field(None, description="preprint, conference, journal, ...")
    venue: str | None = None
    status: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    has_code: bool | None = None
    authors: list[AuthorRef] = Field(default_factory=list)
    authors_complete: bool = True
    topics: list[TopicLink] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list,
                                description="the authors' own keywords and primary area, as the source wrote them")
    repositories: list[RepositoryRef] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    institutions: list[Institution] = Field(default_factory=list)


class Source(Record):
    id: str
    format: Format
    name: str
    content_sha256: str
    owner_id: str | None = None
    records: int = 0
    ingested_at: str | None = None
    reported: dict[str, int] = Field(default_factory=dict)


class ExtractedDocument(Record):
    """A reader's output for one document."""

    source: Source
    owner: str | None = Field(None, description="the profile's researcher, display name")
    papers: list[PaperClaim] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    # each claim's abstract sketch (graph/sketches.py), in the order of ``papers``, when the process
    # that read the document worked them out: not part of the document, so not a field
    _sketches: list[tuple[int, ...]] | None = PrivateAttr(None)


class ReportedFigure(Record):
    name: str
    value: int
    source_id: str


class Researcher(Record):
    id: str
    name: str
    variants: list[str] = Field(default_factory=list)
    reported: list[ReportedFigure] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list,
                                description="why the mentions are one person (graph/identity.py)")
    homonyms: list[str] = Field(default_factory=list, description="ids of other people of the same name")


class Paper(Record):
    """One paper, resolved from all the claims about it (see graph/merge.py)."""

    id: str
    title: str | None = None
    abstract: str | None = None
    year: int | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    year_inferred: bool = False
    category: str | None = None
    kind: str | None = None
    venues: list[str] = Field(default_factory=list)
    statuses: list[str] = Field(default_factory=list)
    arxiv_id: str | None = None
    doi: str | None = None
    has_code: bool = False
    authors: list[AuthorRef] = Field(default_factory=list)
    authors_complete: bool = True
    topics: list[TopicLink] = Field(default_factory=list)
    repositories: list[RepositoryRef] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    institutions: list[str] = Field(default_factory=list, description="institution ids")
    sources: list[str] = Field(default_factory=list)
    provenance: dict[str, list[str]] = Field(default_factory=dict,
                                             description="field -> source ids that gave the shown value")
    claims: list[PaperClaim] = Field(default_factory=list)

    def abstracts(self) -> set[str]:
        """The abstract shown and every claim's: what identity by abstract compares."""
        return {c.abstract for c in self.claims if c.abstract} | ({self.abstract} if self.abstract else set())
