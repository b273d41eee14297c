"""paperlists: one JSON array of papers per venue and year (``iclr2023.json.gz``).

Each record is an object; only ``title`` is required. The fields vary by venue and year:

- ``author`` (``authors`` in some files): names joined by ``"; "``, ``";"`` or ``", "``.
  A few robotics files list every author twice in a row; the repeat is dropped.
- ``aff`` (``affs``): affiliations joined by ``";"``. Usually one per author, but some
  files list each *distinct* affiliation once, so they align with the authors only
  when the counts agree.
- ``aff_unique_norm`` + ``aff_unique_index``: the distinct normalised affiliations and,
  per author, the index of theirs; ``aff_country_unique`` + ``aff_country_unique_index``
  the same for countries. When present and aligned these win over ``aff``.
- ``github`` (URLs, sometimes several, sometimes markdown or a project page),
  ``project``, ``site``, ``arxiv`` (id or URL), ``doi`` (DOI or URL), ``status``
  (Poster, Oral, Reject, Withdraw, ...), ``track``, ``abstract``.
- ``keywords`` (joined by ``";"``) and ``primary_area``: the authors' own words, kept as
  ``PaperClaim.keywords`` for the topic matcher (``nlp.keywords``).

Venue and year come from the file name: ``nips2023.json.gz`` -> "NeurIPS 2023".
Rejected and withdrawn submissions keep their status but claim no venue.
"""

from __future__ import annotations

import gc
import html
import json
import re
from functools import lru_cache
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from graph.ids import slugify
from graph.model import (
    AuthorRef,
    DatePrecision,
    ExtractedDocument,
    Format,
    Institution,
    PaperClaim,
    Problem,
    RepositoryRef,
    Source,
)
from nlp.institutions import resolve_institutions
from nlp.latex import latex_to_text
from nlp.readers.base import ReadOptions
from nlp.text import (
    find_dois,
    links_and_repositories,
    normalise_arxiv_id,
    normalise_author,
    person_names,
    repository_of,
)

_FILE = re.compile(r"([a-z][a-z0-9]*?)[-_]?((?:19|20)\d{2})\.json(?:\.gz)?$", re.IGNORECASE)
# Conference series whose display name is not just the file prefix in capitals.
_VENUES = {"nips": "NeurIPS", "neurips": "NeurIPS", "siggraphasia": "SIGGRAPH Asia", "acmmm": "ACM MM",
           "automl": "AutoML", "ai4x": "AI4X", "3dv": "3DV"}
_NOT_PUBLISHED = ("reject", "withdraw", "desk reject")
_BARE_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def venue_of(name: str) -> tuple[str | None, int | None]:
    """``"iclr/iclr2023.json.gz"`` -> ("ICLR 2023", 2023)."""
    m = _FILE.search(name.replace("\\", "/").rsplit("/", 1)[-1])
    if not m:
        return None, None
    series, year = m.group(1).lower(), int(m.group(2))
    return f"{_VENUES.get(series, series.upper())} {year}", year


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_QUOTED_NICK = re.compile(r"\s[\"“]([^\"”]+)[\"”]\s")
_NICK = re.compile(r"\s\([^)]*\)")
# Submission systems put these where the names of hidden or missing authors would be.
_NOT_NAMES = frozenset({"anonymous", "anonymous author", "anonymous authors", "withdrawn", "na", "n/a", "none",
                        "unknown", "tba", "tbd"})


@lru_cache(maxsize=1_000_000)
def _author(raw: str) -> tuple[tuple[str, str], ...]:
    """(display name, researcher id) of the people a raw name names; cached, names recur.

    Usually one; none for a placeholder or an e-mail fragment; two for "A and B".
    A nickname is shown in parentheses ("Zhangyang (Atlas) Wang") but is not part of the id, so
    the person is the same node as "Zhangyang Wang" in documents that leave it out.
    """
    text = normalise_author(_QUOTED_NICK.sub(r" (\1) ", raw))
    if not text or text.lower() in _NOT_NAMES:
        return ()
    out = []
    for name in person_names(text):
        bare = _NICK.sub("", name)
        if bare.isascii():  # fold() of ASCII is lower(): skip the per-character Unicode walk
            out.append((name, _NON_ALNUM.sub("-", bare.lower()).strip("-")))
        else:
            out.append((name, slugify(bare)))
    return tuple(out)


def name_groups(text: str) -> list[tuple[tuple[str, str], ...]]:
    """The people of each entry of an author list joined by ``;`` when present, else ``", "``.

    One group per entry, so affiliations and author ids still line up by position; a
    placeholder ("Anonymous") is an empty group.
    """
    if "&" in text:
        text = html.unescape(text)  # "&quot;" would otherwise split on its ";"
    parts = text.split(";") if ";" in text else text.split(", ")
    groups = [_author(p) for p in parts if p.strip()]
    half = len(groups) // 2
    if half and len(groups) % 2 == 0 and groups[:half] == groups[half:]:
        groups = groups[:half]  # some files repeat the whole list
    return groups


def split_names(text: str) -> list[tuple[str, str]]:
    """(name, researcher id) of every person of an author list (see :func:`name_groups`)."""
    return [person for group in name_groups(text) for person in group]


def author_keys(value, n_authors: int) -> list[tuple[str, ...]]:
    """Per-author identity keys from ``authorids`` (when they line up with the authors):
    ``openreview:~Yang_Liu3``, ``ieee:37087220021``, ``acl:j/jingyi-zhang``; an e-mail is
    ``email:...``, weak evidence (graph/identity.py)."""
    parts = _parts(value)
    if len(parts) != n_authors:
        return [()] * n_authors
    return [_author_key(p) for p in parts]


@lru_cache(maxsize=1_000_000)
def _author_key(text: str) -> tuple[str, ...]:
    if text.startswith("~") and len(text) > 1:
        return (f"openreview:{text}",)
    if "@" in text:
        return (f"email:{text.lower()}",)
    inner = text.strip("/")
    if inner.isdigit():
        return (f"ieee:{inner}",)
    if text.startswith("/") and "/" in inner:
        return (f"acl:{inner}",)
    return ()


def _hidden(raw: str) -> int:
    """Entries that hide an author on purpose ("Anonymous"): dropped without a warning."""
    raw = html.unescape(raw) if "&" in raw else raw
    return sum(1 for p in (raw.split(";") if ";" in raw else raw.split(", "))
               if normalise_author(p).lower() in _NOT_NAMES and p.strip())


def _parts(value) -> list[str]:
    if value in (None, ""):
        return []
    text = str(value)
    return [p.strip() for p in (html.unescape(text) if "&" in text else text).split(";")]


def _affiliations(rec: dict, n_authors: int) -> tuple[list[list[Institution]], list[Institution], bool]:
    """Per-author institutions, the paper's distinct institutions, and whether the indexes were sound.

    An author with several affiliations has them joined by ``+`` (``"0+1"`` in the indexes).
    """
    norm, index = _parts(rec.get("aff_unique_norm")), _parts(rec.get("aff_unique_index"))
    if norm and len(index) == n_authors:
        countries, c_index = _parts(rec.get("aff_country_unique")), _parts(rec.get("aff_country_unique_index"))
        per_author, sound = [], True
        for i, ix in enumerate(index):
            cix = c_index[i].split("+") if i < len(c_index) else []
            insts = []
            for j, one in enumerate(ix.split("+")):
                try:
                    text = norm[int(one)]
                    country = countries[int(cix[j])] if j < len(cix) else None
                except (ValueError, IndexError):
                    sound = False
                    continue
                for inst in resolve_institutions(text, country=country if country != "Unknown" else None):
                    if inst not in insts:
                        insts.append(inst)
            per_author.append(insts)
        return per_author, _distinct(per_author), sound
    raw = _parts(rec.get("aff") or rec.get("affs"))
    if raw and len(raw) == n_authors:
        per_author = [_resolve_all(t.split("+")) for t in raw]
        return per_author, _distinct(per_author), True
    # Not one per author: the paper's institutions are known, who belongs where is not.
    paper_level = _resolve_all([t for r in raw for t in r.split("+")] + norm)
    return [[] for _ in range(n_authors)], paper_level, True


def _resolve_all(texts: list[str]) -> list[Institution]:
    return _distinct([[i for t in texts for i in resolve_institutions(t)]])


def _distinct(groups: list[list[Institution]]) -> list[Institution]:
    seen: dict[str, Institution] = {}
    for group in groups:
        for inst in group:
            seen.setdefault(inst.id, inst)
    return list(seen.values())


def _code(rec: dict) -> tuple[list[RepositoryRef], list[str]]:
    text = " ".join(str(rec.get(k) or "") for k in ("github", "project")).strip()
    if not text:
        return [], []
    repos, links = links_and_repositories(text)
    for token in str(rec.get("github") or "").split():
        if _BARE_REPO.match(token) and not token.lower().startswith("github.com"):
            ref = repository_of("github.com/" + token)
            if ref is not None:
                repos.append(ref)
    return repos, links


def _keywords(rec: dict) -> list[str]:
    """Author keywords, then the primary area, each once (``primary_area`` is ``snake_case`` in some years)."""
    raw = rec.get("keywords")
    words = _parts("; ".join(map(str, raw)) if isinstance(raw, list) else raw)
    area = str(rec.get("primary_area") or "").replace("_", " ").strip()
    return list(dict.fromkeys(w for w in [*words, area] if w))


def _doi(value) -> tuple[str | None, list[str]]:
    if not value:
        return None, []
    dois = find_dois(str(value))
    if dois:
        return dois[0], []
    return None, [str(value)] if str(value).startswith("http") else []


_Text = str | None
_Texts = str | list[str] | None


class PaperListRecord(BaseModel):
    """The types a paper-list record's fields must have; other fields are let through unread."""

    model_config = ConfigDict(extra="allow", strict=True)

    title: _Text = None
    author: _Text = None
    authors: _Text = None
    abstract: _Text = None
    status: _Text = None
    track: _Text = None
    arxiv: _Text = None
    doi: _Text = None
    github: _Text = None
    project: _Text = None
    site: _Text = None
    openreview: _Text = None
    primary_area: _Text = None
    keywords: _Texts = None
    authorids: _Texts = None
    aff: _Texts = None
    affs: _Texts = None
    aff_unique_norm: _Texts = None
    aff_unique_index: _Texts = None
    aff_country_unique: _Texts = None
    aff_country_unique_index: _Texts = None


class PaperlistsReader:
    format: ClassVar[Format] = Format.PAPERLISTS

    def sniff(self, text: str, name: str) -> float:
        head = text.lstrip()[:4000]
        if not head.startswith("[") or '"authorships"' in head or "openalex.org/" in head:
            return 0.0  # OpenAlex arrays also have titles and authors
        score = 0.5 if '"title"' in head else 0.0
        if any(f'"{k}"' in head for k in ("aff", "author", "track", "status")):
            score += 0.4
        if _FILE.search(name):
            score += 0.1
        return min(score, 1.0)

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        # A venue-year file makes ~10^5 small objects that all stay alive; the cyclic
        # collector would rescan them over and over (half the read time) and finds nothing.
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._read(text, source)
        finally:
            if paused:
                gc.enable()

    def _read(self, text: str, source: Source) -> ExtractedDocument:
        doc = ExtractedDocument(source=source)
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            doc.problems.append(Problem(file=source.name, line=exc.lineno, kind="bad-json",
                                        expected="a JSON array of paper objects", message=exc.msg))
            return doc
        if not isinstance(records, list):
            doc.problems.append(Problem(file=source.name, line=1, kind="not-a-list",
                                        expected="a JSON array of paper objects"))
            return doc
        venue, year = venue_of(source.name)
        for index, rec in enumerate(records):
            claim = self._claim(rec, index, source, venue, year, doc.problems)
            if claim is not None:
                doc.papers.append(claim)
        doc.source.records = len(doc.papers)
        return doc

    def _claim(self, rec, index: int, source: Source, venue: str | None, year: int | None,
               problems: list[Problem]) -> PaperClaim | None:
        def problem(kind: str, expected: str, message: str = "") -> None:
            problems.append(Problem(file=source.name, index=index, kind=kind, expected=expected, message=message))

        if not isinstance(rec, dict):
            problem("not-an-object", "a JSON object for each paper")
            return None
        try:
            PaperListRecord.model_validate(rec)
        except ValidationError as exc:  # {"title": 123, "author": {...}} is no paper and no person
            bad = ", ".join(f"{'.'.join(map(str, e['loc'][:1]))} ({type(rec.get(e['loc'][0])).__name__})"
                            for e in exc.errors()[:5])
            problem("bad-field", "text (or lists of text) in the paper-list fields", f"wrong type: {bad}")
            return None
        title = latex_to_text(str(rec.get("title") or ""), bibtex=False) or None
        if not title:  # still a listed paper of the venue: kept, untitled, apart from every other
            problem("missing-title", "a non-empty \"title\"", "kept as an untitled paper")
        raw = str(rec.get("author") or rec.get("authors") or "")
        groups = name_groups(raw)
        per_author, institutions, sound = _affiliations(rec, len(groups))
        if not sound:
            problem("bad-affiliation-index", "aff_unique_index / aff_country_unique_index within their lists")
        keys = author_keys(rec.get("authorids"), len(groups))
        kept = []
        for group, insts, ks in zip(groups, per_author, keys, strict=True):
            if len(group) != 1:  # a joined pair's ids and affiliations belong to neither half alone
                insts, ks = [], ()
            kept += [(n, rid, insts, ks) for n, rid in group]
        dropped = sum(1 for g in groups if not g) - _hidden(raw)
        if dropped > 0:
            problem("not-a-person", "author names", f"{dropped} dropped")
        authors = [AuthorRef(name=n, researcher_id=rid, position=i, affiliations=[inst.id for inst in insts],
                             keys=ks) for i, (n, rid, insts, ks) in enumerate(kept, start=1)]
        repos, links = _code(rec)
        doi, doi_links = _doi(rec.get("doi"))
        status = str(rec.get("status") or "").strip() or None
        track = str(rec.get("track") or "").strip()
        published = not (status and status.lower().startswith(_NOT_PUBLISHED))
        for key in ("site", "openreview"):
            if str(rec.get(key) or "").startswith("http"):
                links.append(rec[key])
        return PaperClaim(
            source_id=source.id, locator=f"record {index}", title=title,
            abstract=latex_to_text(str(rec.get("abstract") or ""), bibtex=False) or None,
            year=year, date_precision=DatePrecision.YEAR if year else None,
            kind="conference" if published else "submission",
            venue=venue if published else None,
            status=f"{status} ({track})" if status and track and track.lower() != "main" else status,
            arxiv_id=normalise_arxiv_id(str(rec.get("arxiv") or "")) if rec.get("arxiv") else None,
            doi=doi, has_code=True if repos else None,
            authors=authors, authors_complete=bool(authors),
            repositories=repos, links=list(dict.fromkeys(links + doi_links)),
            institutions=institutions, keywords=_keywords(rec),
        )


READER = PaperlistsReader()
