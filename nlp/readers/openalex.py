"""openalex: OpenAlex work records (``api.openalex.org/works``).

Accepted shapes: one work object, a results page ``{"results": [work, ...]}``, a JSON
array of works, or JSONL (one work per line). From a work: ``title`` /
``display_name``, ``publication_year`` / ``publication_date``, ``doi`` (a doi.org URL),
``ids.arxiv`` or an arXiv landing page among ``locations``, ``authorships`` (in order,
``author_position`` first/middle/last, ``author.display_name``, ``institutions`` with
``display_name`` and ``country_code``; ``raw_affiliation_strings`` when no institution
is linked), ``abstract_inverted_index`` (word -> positions; rebuilt into text),
``primary_location.source.display_name`` as venue, ``type``. A work without a title,
or a JSONL line that is not JSON, is a ``Problem``.

Each work is validated against typed models of the fields read (:class:`Work`; other fields are
ignored): a field of the wrong type (a number for a title, an object for a name) is a
``bad-field`` problem naming the record, the field and the type expected, and the work is not
stored. ``publication_year`` stays loose: a year out of range or of the wrong type is said
(``bad-year``) and the paper stored without it.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from graph.model import AuthorRef, DatePrecision, ExtractedDocument, Format, Institution, PaperClaim, Problem, Source
from nlp.institutions import resolve_institution
from nlp.latex import latex_to_text
from nlp.readers.base import YEARS, ReadOptions
from nlp.text import find_arxiv_id, find_dois, links_and_repositories, normalise_author

_KINDS = {"article": "journal", "preprint": "preprint", "posted-content": "preprint",
          "proceedings-article": "conference", "book-chapter": "book-chapter", "dissertation": "thesis"}


def abstract_from_index(index: dict | None) -> str | None:
    """Rebuild text from OpenAlex's inverted index.

    >>> abstract_from_index({"models": [1], "Sparse": [0], "win.": [2]})
    'Sparse models win.'
    """
    if not isinstance(index, dict) or not index:
        return None
    placed = sorted((pos, word) for word, positions in index.items() for pos in positions or ()
                    if isinstance(pos, int))
    return " ".join(word for _, word in placed) or None


def _works(text: str, name: str, problems: list[Problem]) -> tuple[list[tuple[int, object]], bool]:
    """(line or index, work) pairs from any accepted shape, and whether they are numbered by line (JSONL)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _broken(text, name, problems, exc)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return list(enumerate(data["results"])), False
    if isinstance(data, list):
        return list(enumerate(data)), False
    return [(0, data)], False


def _broken(text: str, name: str, problems: list[Problem],
            exc: json.JSONDecodeError) -> tuple[list[tuple[int, object]], bool]:
    """JSONL, or an array / results page cut short or broken: the works before the break are kept."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    head = text.lstrip()[:1]
    results = _RESULTS.search(text) if head == "{" and not _is_json(first) else None
    if head != "[" and results is None:  # JSONL, or one work cut short
        lines: list[Problem] = []
        works = _jsonl(text, name, lines)
        problems.extend(lines if works else [Problem(file=name, line=exc.lineno, kind="bad-json",
                                                     expected="OpenAlex works as JSON or JSONL", message=exc.msg)])
        return works, True
    start = results.end() if results else text.index("[") + 1
    works = _array_prefix(text, start)
    problems.append(Problem(file=name, line=exc.lineno, kind="bad-json", expected="a complete JSON array of works",
                            message=f"{exc.msg}; {len(works)} works read before it"))
    return works, False


_RESULTS = re.compile(r'"results"\s*:\s*\[')
_DECODER = json.JSONDecoder()


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _array_prefix(text: str, i: int) -> list[tuple[int, object]]:
    """The complete values of the array whose items start at ``text[i]``, up to the first that is not."""
    out: list[tuple[int, object]] = []
    while True:
        while i < len(text) and (text[i].isspace() or text[i] == ","):
            i += 1
        if i >= len(text) or text[i] == "]":
            return out
        try:
            value, i = _DECODER.raw_decode(text, i)
        except json.JSONDecodeError:
            return out
        out.append((len(out), value))


def _jsonl(text: str, name: str, problems: list[Problem]) -> list[tuple[int, object]]:
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(Problem(file=name, line=n, kind="bad-json",
                                    expected="one JSON work object per line", message=exc.msg))
    return out


class _Typed(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Author(_Typed):
    display_name: str | None = None


class InstitutionRef(_Typed):
    display_name: str | None = None
    country_code: str | None = None


class Authorship(_Typed):
    author: Author | None = None
    raw_author_name: str | None = None
    institutions: list[InstitutionRef] | None = None
    raw_affiliation_strings: list[str] | None = None


class Venue(_Typed):
    display_name: str | None = None


class Location(_Typed):
    landing_page_url: str | None = None
    pdf_url: str | None = None
    source: Venue | None = None


class Ids(_Typed):
    arxiv: str | None = None


class Work(_Typed):
    """The fields of an OpenAlex work this reader uses, with the types OpenAlex gives them."""

    title: str | None = None
    display_name: str | None = None
    publication_year: Any = None  # checked by the reader: a bad year is said, the paper kept
    publication_date: str | None = None
    doi: str | None = None
    ids: Ids | None = None
    type: str | None = None
    authorships: list[Authorship] | None = None
    is_authors_truncated: bool | None = None
    abstract_inverted_index: dict[str, list[int] | None] | None = None
    abstract: str | None = None
    primary_location: Location | None = None
    best_oa_location: Location | None = None
    locations: list[Location | None] | None = None


def _typed(work: object, at: dict, name: str, problems: list[Problem]) -> Work | None:
    """``work`` as a :class:`Work`, or None with a problem saying what was not of its type."""
    if not isinstance(work, dict):
        problems.append(Problem(file=name, **at, kind="not-a-work",
                                expected="an OpenAlex work with a title or display_name"))
        return None
    try:
        return Work.model_validate(work)
    except ValidationError as exc:
        wrong = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg'].lower()}" for e in exc.errors()[:3])
        problems.append(Problem(file=name, **at, kind="bad-field", expected="OpenAlex work fields of their types",
                                message=f"{wrong}; the work is not stored"))
        return None


class OpenAlexReader:
    format: ClassVar[Format] = Format.OPENALEX

    def sniff(self, text: str, name: str) -> float:
        head = text.lstrip()[:5000]
        if not head.startswith(("{", "[")):
            return 0.0
        marks = sum(m in head for m in ('"authorships"', '"openalex.org/W', '"publication_year"',
                                         '"abstract_inverted_index"', '"display_name"'))
        return min(1.0, 0.25 * marks)

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        doc = ExtractedDocument(source=source)
        works, jsonl = _works(text, source.name, doc.problems)
        for where, work in works:
            claim = self._claim(work, where, jsonl, source, doc.problems)
            if claim is not None:
                doc.papers.append(claim)
        doc.source.records = len(doc.papers)
        return doc

    def _claim(self, raw: object, where: int, by_line: bool, source: Source,
               problems: list[Problem]) -> PaperClaim | None:
        at = {"line": where} if by_line else {"index": where}
        work = _typed(raw, at, source.name, problems)
        if work is None:
            return None
        title = latex_to_text(work.title or work.display_name or "", bibtex=False)
        if not title:
            problems.append(Problem(file=source.name, **at, kind="missing-title",
                                    expected="an OpenAlex work with a title or display_name"))
            return None
        authors, institutions = _authorships(work.authorships or [])
        year, date = _year_and_date(work, at, source.name, problems)
        primary = work.primary_location
        venue = primary.source.display_name if primary and primary.source else None
        abstract = abstract_from_index(work.abstract_inverted_index) or work.abstract
        repos, links = links_and_repositories(" ".join(_location_urls(work)) + " " + (abstract or ""))
        dois = find_dois(work.doi or "")
        arxiv = _arxiv(work) or find_arxiv_id(dois[0] if dois else "")
        if venue and "arxiv" in venue.lower():
            venue = None
        return PaperClaim(
            source_id=source.id, locator=f"line {where}" if by_line else f"record {where}", title=title,
            abstract=abstract or None, year=year or (int(date[:4]) if date and date[:4].isdigit() else None),
            date=date if date and len(date) == 10 else None,
            date_precision=DatePrecision.DAY if date and len(date) == 10 else (DatePrecision.YEAR if year else None),
            kind=_KINDS.get(work.type or ""), venue=venue or None, arxiv_id=arxiv,
            doi=dois[0] if dois else None, has_code=True if repos else None,
            authors=authors, authors_complete=bool(authors) and not work.is_authors_truncated,
            repositories=repos, links=[u for u in links if "doi.org" not in u and "arxiv.org" not in u],
            institutions=list(institutions.values()),
        )


def _year_and_date(work: Work, at: dict, name: str, problems: list[Problem]) -> tuple[int | None, str | None]:
    said = work.publication_year
    year = said if isinstance(said, int) and not isinstance(said, bool) and said in YEARS else None
    date = (work.publication_date or "")[:10] or None
    if date and not (date[:4].isdigit() and int(date[:4]) in YEARS):
        date = None
    if said is not None and year is None:
        problems.append(Problem(file=name, **at, kind="bad-year",
                                expected=f"publication_year: a year from {YEARS.start} to {YEARS.stop - 1}",
                                message=f"{said!r}: stored without it"))
    return year, date


def _authorships(items: list[Authorship]) -> tuple[list[AuthorRef], dict[str, Institution]]:
    authors: list[AuthorRef] = []
    institutions: dict[str, Institution] = {}
    for a in items:
        name = normalise_author((a.author.display_name if a.author else None) or a.raw_author_name or "")
        if not name:
            continue
        insts = [found for inst in a.institutions or [] if inst.display_name
                 if (found := resolve_institution(inst.display_name, country=inst.country_code)) is not None]
        if not insts:
            insts = [i for i in map(resolve_institution, a.raw_affiliation_strings or []) if i]
        institutions.update((i.id, i) for i in insts)
        authors.append(AuthorRef.of(name, len(authors) + 1, affiliations=list(dict.fromkeys(i.id for i in insts))))
    return authors, institutions


def _location_urls(work: Work) -> list[str]:
    locs = [work.primary_location, work.best_oa_location, *(work.locations or [])]
    urls = [url for loc in locs if loc is not None for url in (loc.landing_page_url, loc.pdf_url) if url]
    return list(dict.fromkeys(urls))


def _arxiv(work: Work) -> str | None:
    said = work.ids.arxiv if work.ids else None
    candidates = [said or ""] + [u for u in _location_urls(work) if "arxiv.org/" in u]
    for text in candidates:
        if text and ("arxiv" in text.lower() or text[:1].isdigit()):
            found = find_arxiv_id(text)
            if found:
                return found
    return None


READER = OpenAlexReader()
