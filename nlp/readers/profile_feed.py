"""``profile-feed``: an aggregator's researcher page.

Format (blank lines between blocks are optional)::

    Tianlong Chen                       <- header: the researcher's name,
    h-index73 / 247papers / 13,529citations   claimed figures, other badges
    [score]CATEGORYDate[Code]           <- record header: "97.3CRMay 27", "CVJun 26, 2022Code"
    Title
    A, B, C et al. [· inst-a, inst-b]   <- authors; "et al." = incomplete list; institution tags
    Abstract ...

A yearless date ("May 27") is the latest such day not after ``ReadOptions.as_of`` and the
claim says ``year_inferred``. The page's owner is an author of every record; when the listed
names do not show them they are added with evidence ``profile``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from graph.ids import slugify
from graph.model import AuthorRef, DatePrecision, ExtractedDocument, Format, PaperClaim, Problem, Source
from nlp.errors import ExtractionError
from nlp.institutions import resolve_institutions
from nlp.latex import latex_to_text
from nlp.readers.base import ReadOptions
from nlp.text import (
    MONTH_PATTERN,
    links_and_repositories,
    looks_like_name,
    month_number,
    reported_figure,
    resolve_yearless,
    split_authors,
    with_owner,
)

RECORD = re.compile(
    rf"^(?P<score>\d{{1,3}}(?:\.\d+)?)?(?P<category>[A-Z][A-Z.-]*?)(?P<month>{MONTH_PATTERN})\s+"
    rf"(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?\s*(?P<code>Code)?\s*$")
_FEED_KEYS = ("h_index", "papers", "citations")


class ProfileFeedReader:
    format: ClassVar[Format] = Format.PROFILE_FEED

    def sniff(self, text: str, name: str) -> float:
        lines = [ln.strip() for ln in text.split("\n", 4000)[:4000]]
        records = sum(1 for ln in lines if RECORD.match(ln))
        if not records:
            return 0.0
        figures = sum(1 for ln in lines[:40] if (f := reported_figure(ln)) and f[0] in _FEED_KEYS)
        return min(1.0, 0.5 + 0.1 * records + 0.15 * figures)

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        lines = text.split("\n")
        starts = [i for i, ln in enumerate(lines) if RECORD.match(ln.strip())]
        if not starts:
            raise ExtractionError.of(source.name, "no-records", "record headers such as 'CVJun 26, 2022Code'",
                                     line=1)
        owner, reported = _header(lines[: starts[0]])
        owner = owner or options.owner
        papers: list[PaperClaim] = []
        problems: list[Problem] = []
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            claim = _record(lines, start, end, source, options, owner, problems)
            if claim is not None:
                papers.append(claim)
        if not papers:
            raise ExtractionError(problems[0])
        src = source.model_copy(update={"records": len(papers), "reported": reported,
                                        "owner_id": slugify(owner) if owner else None})
        return ExtractedDocument(source=src, owner=owner, papers=papers, problems=problems)


def _header(lines: list[str]) -> tuple[str | None, dict[str, int]]:
    owner = next((ln.strip() for ln in lines if looks_like_name(ln.strip())), None)
    reported: dict[str, int] = {}
    for ln in lines:
        figure = reported_figure(ln)
        if figure and figure[0] in _FEED_KEYS:
            reported.setdefault(*figure)
    return owner, reported


def _record(lines: list[str], start: int, end: int, source: Source, options: ReadOptions,
            owner: str | None, problems: list[Problem]) -> PaperClaim | None:
    head = RECORD.match(lines[start].strip())
    assert head is not None
    body = [(i + 1, lines[i].strip()) for i in range(start + 1, end) if lines[i].strip()]
    line_no = start + 1

    def problem(kind: str, expected: str, message: str = "") -> None:
        problems.append(Problem(file=source.name, line=line_no, kind=kind, expected=expected, message=message))

    if not body:
        problem("missing-title", "a title line after the record header")
        return None
    date = _date(head, options.as_of)
    if date is None:
        problem("bad-date", "a real calendar day such as 'May 27' or 'Jun 26, 2022'", lines[start].strip())
        return None
    title = latex_to_text(body[0][1], bibtex=False)
    authors, complete, tags, rest = [], False, [], body[1:]
    if rest and _looks_like_authors(rest[0][1]):
        names, complete, tags = split_authors(rest[0][1])
        authors = [AuthorRef.of(n, i) for i, n in enumerate(names, start=1)]
        rest = rest[1:]
    else:
        line_no = body[0][0] + 1
        problem("missing-authors", "an author line 'A, B, C et al. [· institution-tags]' after the title")
    abstract = " ".join(t for _, t in rest) or None
    repos, links = links_and_repositories(abstract or "")
    abstract = latex_to_text(abstract, bibtex=False) or None
    return PaperClaim(
        source_id=source.id, locator=f"line {start + 1}", title=title, abstract=abstract,
        year=date[0].year, date=date[0].isoformat(), date_precision=DatePrecision.DAY, year_inferred=date[1],
        category=head.group("category"), has_code=bool(head.group("code")) or bool(repos),
        authors=with_owner(authors, owner), authors_complete=complete, repositories=repos, links=links,
        institutions=[inst for t in tags for inst in resolve_institutions(t)])


def _date(head: re.Match, as_of: dt.date) -> tuple[dt.date, bool] | None:
    month, day = month_number(head.group("month")), int(head.group("day"))
    try:
        if head.group("year"):
            return dt.date(int(head.group("year")), month, day), False
        return resolve_yearless(month, day, as_of), True
    except ValueError:
        return None


def _looks_like_authors(line: str) -> bool:
    if "·" in line or re.search(r"\bet\.?\s*al\b", line):
        return True
    names = [n.strip() for n in re.split(r",|\band\b", line) if n.strip()]
    return len(line) < 300 and bool(names) and all(1 <= len(n.split()) <= 5 for n in names) \
        and not line.rstrip().endswith(".")


READER = ProfileFeedReader()
