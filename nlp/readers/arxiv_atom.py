"""arxiv-atom: the arXiv API's Atom feed (``export.arxiv.org/api/query``).

Each ``atom:entry`` is one paper: ``id`` (``http://arxiv.org/abs/2303.01610v2``; the
version is dropped), ``title``, ``summary`` (the abstract), ``published`` (the first
version's date), ``author/name`` with optional ``arxiv:affiliation``, ``arxiv:doi``,
``arxiv:journal_ref`` and ``arxiv:comment`` (venue hints such as "Accepted at ICLR
2023" and code links), ``arxiv:primary_category``. An entry without an arXiv id or a
title is a ``Problem``; the API's own error entries (id ``.../api/errors``) too.
Computer-science categories are shortened as the feeds write them (``cs.LG`` -> ``LG``).
Titles, abstracts and names are LaTeX as authors typed them (``$\\ell_1$``): nlp/latex.py makes
them text. A feed cut short keeps the entries before the cut and reports where it broke.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import ClassVar

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from graph.model import AuthorRef, DatePrecision, ExtractedDocument, Format, PaperClaim, Problem, Source
from nlp.institutions import resolve_institution
from nlp.latex import latex_to_text
from nlp.readers.base import ReadOptions
from nlp.text import find_dois, links_and_repositories, normalise_arxiv_id, normalise_author, normalise_venue

NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom",
      "opensearch": "http://a9.com/-/spec/opensearch/1.1/"}
_FEED, _ENTRY = f"{{{NS['atom']}}}feed", f"{{{NS['atom']}}}entry"
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _text(el: ET.Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


class ArxivAtomReader:
    format: ClassVar[Format] = Format.ARXIV_ATOM

    def sniff(self, text: str, name: str) -> float:
        head = text.lstrip()[:3000]
        if not head.startswith("<") or NS["atom"] not in head:
            return 0.0
        return 0.95 if ("arxiv" in head.lower()) else 0.4

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        doc = ExtractedDocument(source=source)
        for index, entry in enumerate(_entries(text, source.name, doc.problems)):
            claim = self._claim(entry, index, source, doc.problems)
            if claim is not None:
                doc.papers.append(claim)
        doc.source.records = len(doc.papers)
        return doc

    def _claim(self, entry: ET.Element, index: int, source: Source, problems: list[Problem]) -> PaperClaim | None:
        entry_id = _text(entry.find("atom:id", NS))
        if "/api/errors" in entry_id:
            problems.append(Problem(file=source.name, index=index, kind="api-error", expected="a paper entry",
                                    message=_text(entry.find("atom:summary", NS))))
            return None
        arxiv_id = normalise_arxiv_id(entry_id.split("/abs/")[-1]) if entry_id else None
        title = latex_to_text(_text(entry.find("atom:title", NS)), bibtex=False)
        if not arxiv_id or not title:
            problems.append(Problem(file=source.name, index=index, kind="incomplete-entry",
                                    expected="an <id> with an arXiv abs URL and a <title>", message=entry_id))
            return None
        authors, institutions = [], {}
        for author in entry.findall("atom:author", NS):
            name = normalise_author(latex_to_text(_text(author.find("atom:name", NS)), bibtex=False))
            if not name:
                continue
            insts = [i for i in (resolve_institution(_text(a)) for a in author.findall("arxiv:affiliation", NS)) if i]
            institutions.update((i.id, i) for i in insts)
            authors.append(AuthorRef.of(name, len(authors) + 1, affiliations=[i.id for i in insts]))
        comment = _text(entry.find("arxiv:comment", NS))
        journal_ref = _text(entry.find("arxiv:journal_ref", NS))
        raw_summary = _text(entry.find("atom:summary", NS))
        repos, links = links_and_repositories(f"{comment} {raw_summary}")
        summary = latex_to_text(raw_summary, bibtex=False)
        published = _DATE.match(_text(entry.find("atom:published", NS)))
        doi_el = entry.find("arxiv:doi", NS)
        dois = find_dois(_text(doi_el)) if doi_el is not None else []
        category = entry.find("arxiv:primary_category", NS)
        venue = normalise_venue(journal_ref) if journal_ref else None
        venue = venue or (normalise_venue(comment) if comment else None) or journal_ref or None
        return PaperClaim(
            source_id=source.id, locator=f"record {index}", title=title, abstract=summary or None,
            year=int(published.group(1)) if published else None,
            date=published.group(0) if published else None,
            date_precision=DatePrecision.DAY if published else None,
            category=_category(category.get("term")) if category is not None else None,
            kind="journal" if journal_ref else "preprint", venue=venue, arxiv_id=arxiv_id,
            doi=dois[0] if dois else None, has_code=True if repos else None,
            authors=authors, authors_complete=bool(authors),
            repositories=repos, links=links, institutions=list(institutions.values()),
        )


def _entries(text: str, name: str, problems: list[Problem]) -> list[ET.Element]:
    """The feed's entries, read incrementally: a feed cut short keeps the entries before the cut.

    Parsed with defusedxml: a document type declaration or an entity definition (billion laughs,
    external entities) is refused outright — an Atom feed needs neither.
    """
    events: list[tuple[str, ET.Element]] = []
    error = None
    try:
        for event, el in SafeET.iterparse(io.BytesIO(text.lstrip().encode("utf-8")), events=("start", "end"),
                                          forbid_dtd=True):
            events.append((event, el))
    except ET.ParseError as exc:
        error = exc
    except DefusedXmlException as exc:
        problems.append(Problem(file=name, line=1, kind="unsafe-xml",
                                expected="an Atom feed without a DTD or entity declarations",
                                message=type(exc).__name__))
        return []
    entries: list[ET.Element] = []
    root, depth = None, 0
    for event, el in events:
        depth += 1 if event == "start" else -1
        if root is None:
            root = el.tag
        elif event == "end" and el.tag == _ENTRY and depth == (0 if root == _ENTRY else 1):
            entries.append(el)
    if root is not None and root not in (_FEED, _ENTRY):
        problems.append(Problem(file=name, line=1, kind="not-atom",
                                expected="an Atom <feed> or <entry> root element", message=root))
    if error is not None:
        line = error.position[0] if error.position else None
        problems.append(Problem(file=name, line=line, kind="bad-xml", expected="a well-formed Atom XML feed",
                                message=f"{error}; {len(entries)} entries read before it"))
    return entries


def _category(term: str | None) -> str | None:
    """``cs.CV`` -> ``CV``, the short form the feeds use; other archives (``stat.ML``, ``quant-ph``) stay whole."""
    if not term:
        return None
    return term[3:] if term.startswith("cs.") else term


READER = ArxivAtomReader()
