"""bibtex: ``.bib`` files (BibTeX and biblatex), parsed by bibtexparser v2.

bibtexparser splits the file into blocks and keeps every value as written; nlp/readers/bibfields.py
resolves them the BibTeX way (``@string`` macros and month names, ``#`` concatenation kept
verbatim, fields inherited through ``crossref``/``xref``), splits names (braces protect
commas, ``and`` in any case, "Jr." kept) and reads years (``year``, biblatex ``date``, free
text). Titles, abstracts and names go through nlp/latex.py. Every entry type is a work
(Mendeley's ``@web_page``, biblatex's ``@online``, ...); a block the parser could not read, or
an entry without a title, is a ``Problem`` at its line, never a silent skip.
"""

from __future__ import annotations

import logging
import re
from typing import ClassVar

import bibtexparser
from bibtexparser import model

from graph.model import AuthorRef, DatePrecision, ExtractedDocument, Format, PaperClaim, Problem, Source
from nlp.latex import latex_to_text
from nlp.readers.base import YEARS, ReadOptions
from nlp.readers.bibfields import (
    MONTH_MACROS,
    entry_arxiv,
    entry_date,
    entry_doi,
    inherit,
    resolve,
    split_names,
)
from nlp.text import links_and_repositories, normalise_venue

# A block that starts a line: "@type{" or "@type(" (any type, IEEEtran's control entries included).
_BLOCK = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w:-]*)[ \t]*[{(]", re.MULTILINE)
_ENTRY_HEAD = re.compile(r"^[ \t]*@[ \t]*[A-Za-z][\w:-]*[ \t]*[{(][ \t]*[^\s,={}()]*[ \t]*,", re.MULTILINE)
_NON_WORKS = frozenset({"string", "comment", "preamble"})
_CONTROL = frozenset({"ieeetranbstctl"})
_KINDS = {"article": "journal", "magazine_article": "journal", "inproceedings": "conference",
          "conference": "conference", "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
          "techreport": "report", "report": "report", "book": "book", "mvbook": "book",
          "incollection": "book-chapter", "inbook": "book-chapter", "book_section": "book-chapter",
          "unpublished": "preprint"}
_VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle")
_LINK_FIELDS = ("url", "code", "github", "howpublished", "note")
_COMPLETE = "a complete @type{key, field = value, ...} entry"

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures become our Problems


class BibtexReader:
    format: ClassVar[Format] = Format.BIBTEX

    def sniff(self, text: str, name: str) -> float:
        """Any file of ``@type{key,`` entries is BibTeX, whatever the types are called."""
        head = text[:20000]
        entries = len(_ENTRY_HEAD.findall(head))
        blocks = sum(1 for m in _BLOCK.finditer(head) if m.group(1).lower() in _NON_WORKS)
        hits = entries + blocks
        score = 0.0 if hits == 0 else 0.7 if hits == 1 else 0.9
        return min(1.0, score + (0.1 if name.lower().endswith(".bib") and hits else 0.0))

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        doc = ExtractedDocument(source=source)
        library = bibtexparser.parse_string(text, parse_stack=[])
        macros = dict(MONTH_MACROS)
        entries: list[tuple[model.Entry, dict[str, str]]] = []
        for block in library.blocks:
            self._block(block, source, macros, entries, doc.problems)
        by_key = {e.key.lower(): f for e, f in entries}
        for entry, fields in entries:
            inherit(fields, by_key, entry.entry_type.lower())
            claim = self._claim(entry, fields, source, doc.problems)
            if claim is not None:
                doc.papers.append(claim)
        doc.source.records = len(doc.papers)
        return doc

    def _block(self, block: model.Block, source: Source, macros: dict[str, str],
               entries: list[tuple[model.Entry, dict[str, str]]], problems: list[Problem]) -> None:
        line = (block.start_line or 0) + 1
        block = _unwrap(block, source.name, line, problems)
        if isinstance(block, model.String):
            macros[block.key.lower()] = resolve(block.value, macros)
        elif isinstance(block, model.Entry):
            undefined: set[str] = set()
            entries.append((block, {f.key.lower(): resolve(f.value, macros, undefined) for f in block.fields}))
            if undefined:
                problems.append(Problem(file=source.name, line=line, kind="undefined-macro",
                                        expected="an @string definition for every macro used",
                                        message=", ".join(sorted(undefined)) + " read as empty, as BibTeX does"))
        elif isinstance(block, model.ParsingFailedBlock):
            problems.append(Problem(file=source.name, line=line, kind="malformed-entry", expected=_COMPLETE,
                                    message=_first_line(getattr(block.error, "abort_reason", "")
                                                        or str(block.error) or type(block.error).__name__)))
        elif isinstance(block, model.ImplicitComment) and (m := _BLOCK.search(block.comment)):
            # An "@type{" the parser took for a comment is an entry it could not read.
            at = line + block.comment.count("\n", 0, m.start())
            problems.append(Problem(file=source.name, line=at, kind="malformed-entry", expected=_COMPLETE,
                                    message=f"@{m.group(1)} could not be read"))

    def _claim(self, entry: model.Entry, f: dict[str, str], source: Source,
               problems: list[Problem]) -> PaperClaim | None:
        kind, line = entry.entry_type.lower(), (entry.start_line or 0) + 1
        title = latex_to_text(f.get("title", ""))
        if not title:
            problems.append(Problem(
                file=source.name, line=line, kind="control-entry" if kind in _CONTROL else "missing-title",
                expected=f"a title field in entry {entry.key!r}",
                message="a style control entry, not a work" if kind in _CONTROL else ""))
            return None
        names, complete = split_names(f.get("author") or f.get("editor") or "")
        year, month, day = _checked_date(f, entry.key, line, source, problems)
        arxiv = entry_arxiv(f)
        venue = _venue(latex_to_text(next((f[k] for k in _VENUE_FIELDS if f.get(k)), "")), year)
        repos, links = links_and_repositories(" ".join(f.get(k, "") for k in _LINK_FIELDS) + " "
                                              + f.get("abstract", ""))
        return PaperClaim(
            source_id=source.id, locator=f"line {line}", title=title,
            abstract=latex_to_text(f["abstract"]) or None if f.get("abstract") else None,
            year=year, date=_date(year, month, day), date_precision=_precision(year, month, day),
            kind="preprint" if arxiv and not venue else _KINDS.get(kind),
            venue=venue, arxiv_id=arxiv, doi=entry_doi(f),
            has_code=True if repos else None,
            authors=[AuthorRef.of(n, i + 1) for i, n in enumerate(names)], authors_complete=complete and bool(names),
            repositories=repos, links=links,
        )


def _checked_date(f: dict[str, str], key: str, line: int, source: Source,
                  problems: list[Problem]) -> tuple[int | None, int | None, int | None]:
    """The entry's date; a year or date given but not a year a paper can have is a ``bad-year``."""
    year, month, day = entry_date(f)
    if year in YEARS:
        return year, month, day
    if year is not None or f.get("year", "").strip() or f.get("date", "").strip():
        problems.append(Problem(file=source.name, line=line, kind="bad-year",
                                expected=f"a year from {YEARS.start} to {YEARS.stop - 1} in entry {key!r}",
                                message=f"{f.get('date') or f.get('year')!r}: stored without a year"))
    return None, None, None


def _venue(text: str, year: int | None) -> str | None:
    """"ICML 2020" for a venue BibTeX spells out or abbreviates; a long name whose only acronym is a
    publisher's ("Annual ACM Symposium on Theory of Computing", "IEEE Transactions on ...") stays whole."""
    if not text or text.lower().startswith(("arxiv", "corr")):
        return None
    short = normalise_venue(f"{text} {year}" if year else text)
    if short is None:
        return text
    acronym = short.split()[0]
    named_by_acronym = re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text) is not None
    if named_by_acronym and len(text.split()) > 3 and f"({acronym})" not in text:
        return text
    return short


def _unwrap(block: model.Block, name: str, line: int, problems: list[Problem]) -> model.Block:
    """An entry bibtexparser set aside (a key seen before, none at all, a field twice) is still read; it is said."""
    if not isinstance(block, model.DuplicateBlockKeyBlock | model.DuplicateFieldKeyBlock) or \
            not isinstance(block.ignore_error_block, model.Entry):
        return block
    if isinstance(block, model.DuplicateFieldKeyBlock):
        problems.append(Problem(file=name, line=line, kind="duplicate-field", expected="each field once",
                                message=", ".join(sorted(block.duplicate_keys)) + ": the first value is read"))
    elif block.key:
        problems.append(Problem(file=name, line=line, kind="duplicate-key", expected="one entry per citation key",
                                message=f"{block.key!r} read again"))
    else:
        problems.append(Problem(file=name, line=line, kind="missing-key", expected="a citation key",
                                message="the entry is read without one"))
    return block.ignore_error_block


def _date(year: int | None, month: int | None, day: int | None) -> str | None:
    if not (year and month):
        return None
    return f"{year:04d}-{month:02d}-{day or 1:02d}"


def _precision(year: int | None, month: int | None, day: int | None) -> DatePrecision | None:
    if not year:
        return None
    return DatePrecision.DAY if month and day else DatePrecision.MONTH if month else DatePrecision.YEAR


def _first_line(message: str) -> str:
    return " ".join(message.split("\n")[:2]).strip()


READER = BibtexReader()
