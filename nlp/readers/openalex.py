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
"""

from __future__ import annotations

import json
import re
from typing import ClassVar

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

    def _claim(self, work, where: int, by_line: bool, source: Source, problems: list[Problem]) -> PaperClaim | None:
        at = {"line": where} if by_line else {"index": where}
        title = latex_to_text(str(work.get("title") or work.get("display_name") or ""), bibtex=False) \
            if isinstance(work, dict) else ""
        if not title:
            problems.append(Problem(file=source.name, **at, kind="not-a-work" if not isinstance(work, dict)
                                    else "missing-title", expected="an OpenAlex work with a title or display_name"))
            return None
        authors, institutions = _authorships(work.get("authorships") or [])
        said = work.get("publication_year")
        year = said if isinstance(said, int) and not isinstance(said, bool) and said in YEARS else None
        date = str(work.get("publication_date") or "")[:10] or None
        if date and not (date[:4].isdigit() and int(date[:4]) in YEARS):
            date = None
        if said is not None and year is None:
            problems.append(Problem(file=source.name, **at, kind="bad-year",
                                    expected=f"publication_year: a year from {YEARS.start} to {YEARS.stop - 1}",
                                    message=f"{said!r}: stored without it"))
        primary = work.get("primary_location") or {}
        venue = ((primary.get("source") or {}).get("display_name")) if isinstance(primary, dict) else None
        abstract = abstract_from_index(work.get("abstract_inverted_index")) or work.get("abstract")
        repos, links = links_and_repositories(" ".join(_location_urls(work)) + " " + (abstract or ""))
        arxiv = _arxiv(work)
        dois = find_dois(str(work.get("doi") or ""))
        arxiv = arxiv or find_arxiv_id(dois[0] if dois else "")
        if venue and "arxiv" in venue.lower():
            venue = None
        return PaperClaim(
            source_id=source.id, locator=f"line {where}" if by_line else f"record {where}", title=title,
            abstract=abstract or None, year=year or (int(date[:4]) if date and date[:4].isdigit() else None),
            date=date if date and len(date) == 10 else None,
            date_precision=DatePrecision.DAY if date and len(date) == 10 else (DatePrecision.YEAR if year else None),
            kind=_KINDS.get(str(work.get("type") or "")), venue=venue or None, arxiv_id=arxiv,
            doi=dois[0] if dois else None, has_code=True if repos else None,
            authors=authors, authors_complete=bool(authors) and not work.get("is_authors_truncated"),
            repositories=repos, links=[u for u in links if "doi.org" not in u and "arxiv.org" not in u],
            institutions=list(institutions.values()),
        )


def _authorships(items: list) -> tuple[list[AuthorRef], dict[str, Institution]]:
    authors: list[AuthorRef] = []
    institutions: dict[str, Institution] = {}
    for a in items:
        if not isinstance(a, dict):
            continue
        name = normalise_author(str((a.get("author") or {}).get("display_name") or a.get("raw_author_name") or ""))
        if not name:
            continue
        insts = []
        for inst in a.get("institutions") or []:
            if isinstance(inst, dict) and inst.get("display_name"):
                found = resolve_institution(inst["display_name"], country=inst.get("country_code"))
                if found is not None:
                    insts.append(found)
        if not insts:
            insts = [i for i in map(resolve_institution, a.get("raw_affiliation_strings") or []) if i]
        institutions.update((i.id, i) for i in insts)
        authors.append(AuthorRef.of(name, len(authors) + 1, affiliations=list(dict.fromkeys(i.id for i in insts))))
    return authors, institutions


def _location_urls(work: dict) -> list[str]:
    locs = [work.get("primary_location"), work.get("best_oa_location"), *(work.get("locations") or [])]
    urls = []
    for loc in locs:
        if isinstance(loc, dict):
            urls += [str(loc[k]) for k in ("landing_page_url", "pdf_url") if loc.get(k)]
    return list(dict.fromkeys(urls))


def _arxiv(work: dict) -> str | None:
    ids = work.get("ids") or {}
    candidates = [str(ids.get("arxiv") or "")] + [u for u in _location_urls(work) if "arxiv.org/" in u]
    for text in candidates:
        if text and ("arxiv" in text.lower() or text[:1].isdigit()):
            found = find_arxiv_id(text)
            if found:
                return found
    return None


READER = OpenAlexReader()
