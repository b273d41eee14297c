r"""BibTeX field semantics on top of bibtexparser's raw blocks: values, inheritance, names, dates, ids.

>>> resolve('"Annual " # stoc', {"stoc": "ACM Symposium on Theory of Computing"})
'Annual ACM Symposium on Theory of Computing'
>>> split_names(r"Hunt, III, Harry B. and Harry B. {Hunt, III} AND Doe, Jr., John and others")
(['Harry B. Hunt III', 'Harry B. Hunt, III', 'John Doe Jr.'], False)
>>> entry_date({"date": "2019-05-03"}), entry_date({"year": "January 1978"})
((2019, 5, 3), (1978, 1, None))
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import parse_single_name_into_parts

from graph.ids import normalise_name
from nlp.latex import latex_to_text
from nlp.text import MONTHS, find_arxiv_id, normalise_doi

MONTH_MACROS = {name: str(number) for name, number in MONTHS.items()}

# ---------------------------------------------------------------- values


def _pieces(value: str) -> list[str]:
    """``value`` split at the ``#`` that join its parts (not those inside braces or quotes)."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, c in enumerate(value):
        if c == "\\":
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quoted = not quoted
        elif c == "#" and depth == 0 and not quoted and (i == 0 or value[i - 1] != "\\"):
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return parts


def resolve(value: str, macros: dict[str, str], undefined: set[str] | None = None) -> str:
    """A raw field value as BibTeX reads it: delimiters dropped, macros expanded, parts joined as written.
    An undefined macro is empty, as in BibTeX, and its name is added to ``undefined``."""
    out = []
    for piece in _pieces(value):
        piece = piece.strip()
        if len(piece) >= 2 and (piece[0], piece[-1]) in {("{", "}"), ('"', '"')}:
            out.append(piece[1:-1])
        elif piece.isdigit() or piece.lower() in macros:
            out.append(macros.get(piece.lower(), piece))
        elif piece and undefined is not None:
            undefined.add(piece)
    return "".join(out)


# Fields a child entry takes from its parent; ids and page ranges are the parent's own.
_NOT_INHERITED = frozenset({"title", "doi", "eprint", "arxivid", "url", "pages", "ids", "crossref", "xref",
                            "abstract", "note", "number", "keywords", "file", "isbn", "author"})
_PARENT_TITLE_AS = {"inproceedings": "booktitle", "incollection": "booktitle", "inbook": "booktitle",
                    "book_section": "booktitle", "article": "journal"}


def inherit(fields: dict[str, str], entries: dict[str, dict[str, str]], kind: str) -> None:
    """Fill missing fields from the ``crossref`` (or ``xref``) parent: year, date, venue, publisher, editors."""
    parent_key = (fields.get("crossref") or fields.get("xref") or "").strip().lower()
    parent = entries.get(parent_key)
    if not parent or parent is fields:
        return
    for key, value in parent.items():
        if key not in _NOT_INHERITED and key not in fields:
            fields[key] = value
    as_field = _PARENT_TITLE_AS.get(kind)
    if as_field and as_field not in fields and parent.get("title"):
        fields[as_field] = parent["title"]


# ---------------------------------------------------------------- names

_OTHERS = frozenset({"others", "et al.", "et al", "al."})


_AND = re.compile(r"(?:^|\s+)and(?:\s+|$)", re.IGNORECASE)
# An accent command outside braces (``\\"Unal``, ``Brise\\~no``) is grouped ``{\\"U}nal`` so the name parser keeps
# it with its letter, as BibTeX's "special characters" are.
_LOOSE_ACCENT = re.compile(r"(?<![{\\])\\([`'^\"~=.]|[cvuHkrdb](?=\s*\{))\s*(\{[^{}]*\}|\\?[A-Za-z])")


def split_people(value: str) -> list[str]:
    """``value`` split at the word ``and`` (any case) outside braces."""
    out, start = [], 0
    for m in _AND.finditer(value):
        before = value[:m.start()]
        if before.count("{") - before.count("\\{") == before.count("}") - before.count("\\}"):
            out.append(value[start:m.start()])
            start = m.end()
    out.append(value[start:])
    return [p.strip() for p in out if p.strip()]


def split_names(value: str) -> tuple[list[str], bool]:
    """``and``-separated names, each as "First von Last Jr"; "and others" marks the list incomplete."""
    names, complete = [], True
    for raw in split_people(" ".join(value.split())):
        if raw.lower() in _OTHERS:
            complete = False
            continue
        parts = parse_single_name_into_parts(_LOOSE_ACCENT.sub(r"{\\\1\2}", raw), strict=False)
        name = " ".join([*parts.first, *parts.von, *parts.last, *parts.jr])
        name = normalise_name(latex_to_text(name)).strip(" ,;")
        if name:
            names.append(name)
    return names, complete


# ---------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d{2}|2[0-2]\d{2})(?!\d)")
_MONTH_WORD = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.IGNORECASE)


def _month(value: str) -> int | None:
    value = latex_to_text(value).strip()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    m = _MONTH_WORD.match(value)
    return MONTHS[m.group(1).lower()] if m else None


def entry_date(f: dict[str, str]) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from ``date`` (biblatex, ISO 8601, a range's start) or ``year``/``month``/``day``;
    a ``year`` in free text ("January 1978", "2019a", "in press, 2020") gives its year."""
    m = _ISO_DATE.match(f.get("date", ""))
    if m:
        month = int(m.group(2)) if m.group(2) and 1 <= int(m.group(2)) <= 12 else None
        day = int(m.group(3)) if month and m.group(3) and 1 <= int(m.group(3)) <= 31 else None
        return int(m.group(1)), month, day
    year_text = f.get("year", "")
    y = _YEAR.search(year_text)
    if not y:
        return None, None, None
    month = _month(f.get("month", "")) or (_month(year_text[_MONTH_WORD.search(year_text).start():])
                                           if _MONTH_WORD.search(year_text) else None)
    day_text = f.get("day", "").strip()
    day = int(day_text) if month and day_text.isdigit() and 1 <= int(day_text) <= 31 else None
    return int(y.group(1)), month, day


# ---------------------------------------------------------------- identifiers

_ARXIV_FIELDS = ("arxivid", "number", "journal", "journaltitle", "note", "url", "howpublished", "volume",
                 "doi", "booktitle", "eprint")


def entry_arxiv(f: dict[str, str]) -> str | None:
    """The arXiv id: ``eprint`` (``archiveprefix``/``eprinttype`` arXiv, or none), then any field that says so."""
    prefix = (f.get("archiveprefix") or f.get("eprinttype") or "").strip().lower()
    if f.get("eprint") and prefix in {"arxiv", ""}:
        found = find_arxiv_id(f["eprint"])
        if found:
            return found
    for key in _ARXIV_FIELDS:
        if key == "eprint" and prefix not in {"arxiv", ""}:
            continue
        found = find_arxiv_id(f.get(key, "")) if f.get(key) else None
        if found:
            return found
    return None


def entry_doi(f: dict[str, str]) -> str | None:
    """The DOI: the ``doi`` field, else a DOI in the links or notes."""
    for key in ("doi", "url", "note", "howpublished"):
        found = normalise_doi(f.get(key))
        if found:
            return found
    return None
