"""bibtex: ``.bib`` files, parsed by hand.

An entry is ``@type{key, field = value, ...}`` (parentheses may replace the outer
braces). A value is ``{...}`` with nested braces, ``"..."`` (braces inside allowed),
a number, or an ``@string`` macro, joined by ``#``. ``@comment`` and ``@preamble``
are skipped. Authors are ``and``-separated; "Last, First" and "Last, Jr, First" are
turned around; "and others" marks the list incomplete. LaTeX accents (``{\\"o}``,
``\\'{e}``, ``\\ss``) become Unicode. A malformed entry is a ``Problem`` at its line and
reading resumes at the next ``@`` that starts a line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

from graph.model import AuthorRef, DatePrecision, ExtractedDocument, Format, PaperClaim, Problem, Source
from nlp.readers.base import ReadOptions
from nlp.text import find_dois, links_and_repositories, normalise_arxiv_id, normalise_author, normalise_venue

_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_ENTRY_TYPES = ("article", "inproceedings", "conference", "misc", "book", "incollection", "phdthesis",
                "mastersthesis", "techreport", "unpublished", "online", "proceedings", "inbook", "manual")
_SNIFF = re.compile(rf"^\s*@\s*(?:{'|'.join(_ENTRY_TYPES)}|string|comment|preamble)\s*[{{(]",
                    re.IGNORECASE | re.MULTILINE)
_KINDS = {"article": "journal", "inproceedings": "conference", "conference": "conference",
          "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report", "book": "book",
          "incollection": "book-chapter", "inbook": "book-chapter", "unpublished": "preprint"}
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}

# LaTeX accent commands -> Unicode combining marks.
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328",
            "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
            "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}
_ACCENT_RE = re.compile(r"""\\([“"'`^~=.]|[cvuHkrdb](?![A-Za-z]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))""")
_LETTER_RE = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s?")
_COMMAND_RE = re.compile(r"\\(?:emph|textbf|textit|textrm|texttt|textsc|mathrm|mathbf|url|href)\b\s*")
_ESCAPES = {r"\&": "&", r"\%": "%", r"\$": "$", r"\#": "#", r"\_": "_", "~": " ", "--": "–"}


class BibError(ValueError):
    """A malformed entry; ``offset`` is where parsing stopped."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def latex_to_text(value: str) -> str:
    r"""Accents to Unicode, braces and simple formatting commands dropped.

    >>> latex_to_text(r'Schr{\"o}dinger and Erd\H{o}s, {\ss} \'{e}t\'e')
    'Schrödinger and Erdős, ß été'
    """
    def accent(m: re.Match) -> str:
        letter = (m.group(2) or m.group(3)).lstrip("\\")  # \i, \j: dotless only to carry the accent
        mark = m.group(1).replace("“", '"')
        return unicodedata.normalize("NFC", letter + _ACCENTS[mark])

    text = _ACCENT_RE.sub(accent, value)
    text = _LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _COMMAND_RE.sub("", text)
    for esc, plain in _ESCAPES.items():
        text = text.replace(esc, plain)
    text = text.replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _braced(text: str, i: int) -> tuple[str, int]:
    """``text[i] == "{"``: the content up to the matching brace, and the offset after it."""
    depth, start = 0, i
    for j in range(i, len(text)):
        c = text[j]
        if c == "\\":
            continue
        if c == "{" and text[j - 1] != "\\":
            depth += 1
        elif c == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:j], j + 1
        elif c == "@" and depth <= 1 and text[j - 1] == "\n":
            break  # an entry starting at a line start means this brace was never closed
    raise BibError("a '}' closing every '{' of the value", start)


def _quoted(text: str, i: int) -> tuple[str, int]:
    depth = 0
    for j in range(i + 1, len(text)):
        c = text[j]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0 and text[j - 1] != "\\":
            return text[i + 1:j], j + 1
        elif c == "\n" and text[j + 1:j + 2] == "@":
            break
    raise BibError("a closing '\"' ending the quoted value", i)


def _value(text: str, i: int, macros: dict[str, str]) -> tuple[str, int]:
    parts = []
    while True:
        i = _skip_space(text, i)
        if i >= len(text):
            raise BibError("a field value before the end of the file", i)
        if text[i] == "{":
            part, i = _braced(text, i)
        elif text[i] == '"':
            part, i = _quoted(text, i)
        else:
            m = re.compile(r"[A-Za-z0-9_:.+-]+").match(text, i)
            if not m:
                raise BibError("value expected ({...}, \"...\", a number or a macro)", i)
            part, i = macros.get(m.group(0).lower(), m.group(0)), m.end()
        parts.append(part)
        i = _skip_space(text, i)
        if i < len(text) and text[i] == "#":
            i += 1
            continue
        return "".join(parts), i


def parse_entry(text: str, i: int, close: str, macros: dict[str, str]) -> tuple[str, dict[str, str], int]:
    """Parse the body after ``@type{``: returns (key, fields, offset after the closing brace)."""
    m = re.compile(r"\s*([^\s,{}()=]*)\s*,").match(text, i)
    key = ""
    if m and "=" not in m.group(0):
        key, i = m.group(1), m.end()
    fields: dict[str, str] = {}
    while True:
        i = _skip_space(text, i)
        if i < len(text) and text[i] == close:
            return key, fields, i + 1
        m = re.compile(r"([A-Za-z][\w:.+-]*)\s*=").match(text, i)
        if not m:
            raise BibError(f"a field name and '=' or the closing '{close}'", i)
        value, i = _value(text, m.end(), macros)
        fields[m.group(1).lower()] = value
        i = _skip_space(text, i)
        if i < len(text) and text[i] == ",":
            i += 1
        elif i >= len(text) or text[i] != close:
            raise BibError(f"',' or the closing '{close}' after field {m.group(1)!r}", i)


def split_bib_authors(value: str) -> tuple[list[str], bool]:
    """``"Knuth, Donald E. and others"`` -> (["Donald E. Knuth"], False)."""
    names, depth, start, complete = [], 0, 0, True
    chunks = []
    for m in re.finditer(r"[{}]|\s+and\s+", value):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            chunks.append(value[start:m.start()])
            start = m.end()
    chunks.append(value[start:])
    for chunk in chunks:
        chunk = latex_to_text(chunk).strip()
        if chunk.lower() in {"others", "et al.", "et al"}:
            complete = False
            continue
        parts = [p.strip() for p in chunk.split(",")]
        if len(parts) == 2:
            chunk = f"{parts[1]} {parts[0]}"
        elif len(parts) >= 3:
            chunk = f"{parts[2]} {parts[0]} {parts[1]}"
        name = normalise_author(chunk)
        if name:
            names.append(name)
    return names, complete


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class BibtexReader:
    format: ClassVar[Format] = Format.BIBTEX

    def sniff(self, text: str, name: str) -> float:
        hits = len(_SNIFF.findall(text[:20000]))
        score = 0.0 if hits == 0 else 0.7 if hits == 1 else 0.9
        return min(1.0, score + (0.1 if name.lower().endswith(".bib") and hits else 0.0))

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        doc = ExtractedDocument(source=source)
        macros = {m: str(i) for m, i in _MONTHS.items()}
        pos = 0
        while (m := _ENTRY.search(text, pos)) is not None:
            kind, close = m.group(1).lower(), ")" if m.group(2) == "(" else "}"
            if kind in {"comment", "preamble"}:
                pos = self._skip(text, m, close)
                continue
            try:
                key, fields, pos = parse_entry(text, m.end(), close, macros)
            except BibError as exc:
                doc.problems.append(Problem(file=source.name, line=_line(text, m.start()), kind="malformed-entry",
                                            expected=str(exc), message=f"parsing stopped at line "
                                                                       f"{_line(text, exc.offset)}"))
                nxt = re.compile(r"^\s*@", re.MULTILINE).search(text, m.end())
                pos = nxt.start() if nxt else len(text)
                continue
            if kind == "string":
                macros.update({k: latex_to_text(v) for k, v in fields.items()})
                continue
            claim = self._claim(kind, key, fields, source, _line(text, m.start()), doc.problems)
            if claim is not None:
                doc.papers.append(claim)
        doc.source.records = len(doc.papers)
        return doc

    @staticmethod
    def _skip(text: str, m: re.Match, close: str) -> int:
        try:
            return _braced(text, m.end() - 1)[1] if close == "}" else text.index(")", m.end()) + 1
        except (BibError, ValueError):
            return m.end()

    def _claim(self, kind: str, key: str, f: dict[str, str], source: Source, line: int,
               problems: list[Problem]) -> PaperClaim | None:
        title = latex_to_text(f.get("title", ""))
        if not title:
            problems.append(Problem(file=source.name, line=line, kind="missing-title",
                                    expected=f"a title field in entry {key!r}"))
            return None
        names, complete = split_bib_authors(f.get("author", ""))
        year = int(f["year"].strip()[:4]) if re.match(r"\s*\d{4}", f.get("year", "")) else None
        month = _month(f.get("month", ""))
        arxiv = _arxiv(f)
        venue_text = latex_to_text(f.get("booktitle") or f.get("journal") or "")
        venue = None
        if venue_text and not venue_text.lower().startswith(("arxiv", "corr")):
            venue = normalise_venue(f"{venue_text} {year}" if year else venue_text) or venue_text
        url_text = " ".join(f.get(k, "") for k in ("url", "code", "github", "howpublished", "note"))
        repos, links = links_and_repositories(url_text + " " + f.get("abstract", ""))
        dois = find_dois(f.get("doi", "")) or find_dois(f.get("url", ""))
        return PaperClaim(
            source_id=source.id, locator=f"line {line}", title=title,
            abstract=latex_to_text(f["abstract"]) if f.get("abstract") else None,
            year=year, date=f"{year:04d}-{month:02d}-01" if year and month else None,
            date_precision=(DatePrecision.MONTH if month else DatePrecision.YEAR) if year else None,
            kind="preprint" if arxiv and not venue else _KINDS.get(kind),
            venue=venue, arxiv_id=arxiv, doi=dois[0] if dois else None,
            has_code=True if repos else None,
            authors=[AuthorRef.of(n, i + 1) for i, n in enumerate(names)], authors_complete=complete and bool(names),
            repositories=repos, links=links,
        )


def _month(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return _MONTHS.get(value[:3])


def _arxiv(f: dict[str, str]) -> str | None:
    prefix = f.get("archiveprefix", f.get("eprinttype", "")).lower()
    if f.get("eprint") and (prefix == "arxiv" or not prefix):
        found = normalise_arxiv_id(f["eprint"])
        if found:
            return found
    for k in ("journal", "url", "note", "volume"):
        if "arxiv" in f.get(k, "").lower():
            found = normalise_arxiv_id(f[k].split("abs/")[-1] if "abs/" in f[k] else f[k])
            if found:
                return found
    return None


READER = BibtexReader()
