"""``researcher-profile``: a profile page with the researcher's works.

Format: a header block (page chrome, the researcher's name, claimed counts such as
``36works``, ``0followers``, ``10topics``, ``4close collaborators``), then records::

    preprint2022arXiv          <- typeYEARvenue: a lower-case kind, a year, the venue
    Title
    Abstract (one paragraph)

Record headers are recognised by that pattern, so whatever chrome sits before, between or
after the records is skipped. The name is the first line of the header block that reads as a
person's name, preferring one the page repeats ("Tianlong Chen contributes to ...");
``ReadOptions.owner`` is used when the page shows none. The owner is an author of every
work (evidence ``profile``: the page lists no authors). A claimed "N published item(s)"
that differs from the records read is reported as a ``record-count`` problem.
"""

from __future__ import annotations

import re
from typing import ClassVar

from graph.ids import slugify
from graph.model import DatePrecision, ExtractedDocument, Format, PaperClaim, Problem, Source
from nlp.errors import ExtractionError
from nlp.latex import latex_to_text
from nlp.readers.base import ReadOptions
from nlp.text import links_and_repositories, looks_like_name, reported_figure, with_owner

RECORD = re.compile(r"^(?P<kind>[a-z][a-z-]{2,24})(?P<year>(?:19|20)\d{2})(?P<venue>\S.{0,120})?$")
_ITEMS = re.compile(r"^(\d[\d,]*)\s+(?:published\s+)?(?:items?|works?)(?:\(s\))?$", re.IGNORECASE)
_PROFILE_KEYS = ("works", "followers", "topics", "close_collaborators")


class ResearcherProfileReader:
    format: ClassVar[Format] = Format.RESEARCHER_PROFILE

    def sniff(self, text: str, name: str) -> float:
        lines = [ln.strip() for ln in text.split("\n", 4000)[:4000]]
        records = sum(1 for ln in lines if RECORD.match(ln))
        if not records:
            return 0.0
        figures = sum(1 for ln in lines[:80] if (f := reported_figure(ln)) and f[0] in _PROFILE_KEYS)
        return min(1.0, 0.4 + 0.1 * records + 0.15 * figures)

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        lines = [ln.strip() for ln in text.split("\n")]
        starts = [i for i, ln in enumerate(lines) if RECORD.match(ln)]
        if not starts:
            raise ExtractionError.of(source.name, "no-records", "record headers such as 'preprint2022arXiv'",
                                     line=1)
        header = lines[: starts[0]]
        owner = _owner(header) or options.owner
        papers: list[PaperClaim] = []
        problems: list[Problem] = []
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            claim = _record(lines, start, end, source, owner, problems)
            if claim is not None:
                papers.append(claim)
        if not papers:
            raise ExtractionError(problems[0])
        _check_count(header, len(papers), source, problems)
        reported = {}
        for ln in header:
            figure = reported_figure(ln)
            if figure and figure[0] in _PROFILE_KEYS:
                reported.setdefault(*figure)
        src = source.model_copy(update={"records": len(papers), "reported": reported,
                                        "owner_id": slugify(owner) if owner else None})
        return ExtractedDocument(source=src, owner=owner, papers=papers, problems=problems)


def _owner(header: list[str]) -> str | None:
    candidates = [ln for ln in header if looks_like_name(ln)]
    repeated = [c for c in candidates if any(ln != c and ln.startswith(c + " ") for ln in header)]
    return (repeated or candidates or [None])[0]


def _record(lines: list[str], start: int, end: int, source: Source, owner: str | None,
            problems: list[Problem]) -> PaperClaim | None:
    head = RECORD.match(lines[start])
    assert head is not None
    body = [ln for ln in lines[start + 1:end] if ln]
    if not body:
        problems.append(Problem(file=source.name, line=start + 1, kind="missing-title",
                                expected="a title line after the record header", message=lines[start]))
        return None
    title, abstract = body[0], (body[1] if len(body) > 1 else None)
    repos, links = links_and_repositories(abstract or "")
    venue = (head.group("venue") or "").strip() or None
    return PaperClaim(
        source_id=source.id, locator=f"line {start + 1}", title=latex_to_text(title, bibtex=False),
        abstract=latex_to_text(abstract, bibtex=False) or None,
        year=int(head.group("year")), date=f"{head.group('year')}-01-01", date_precision=DatePrecision.YEAR,
        kind=head.group("kind"), venue=venue, has_code=True if repos else None,
        authors=with_owner([], owner), authors_complete=False, repositories=repos, links=links)


def _check_count(header: list[str], found: int, source: Source, problems: list[Problem]) -> None:
    for i, ln in enumerate(header):
        m = _ITEMS.match(ln)
        if m and int(m.group(1).replace(",", "")) != found:
            problems.append(Problem(file=source.name, line=i + 1, kind="record-count",
                                    expected=f"{m.group(1)} records as the page claims", message=f"read {found}"))


READER = ResearcherProfileReader()
