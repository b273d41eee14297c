"""Institution tags and affiliation strings -> one canonical :class:`Institution` each.

Matching works on a *key*: the text folded (case, accents), ``&`` read as "and",
common abbreviations expanded ("Univ." -> "university"), punctuation dropped and
the filler words "the" and "at" removed, so "The University of Texas at Austin",
"Univ. of Texas, Austin" and "university-of-texas-austin" share one key.

A curated table (``nlp/data/institutions.json``) gives stable ids ("ut-austin",
"meta-ai") and aliases ("UT Austin", "Facebook AI Research"). An affiliation
string is tried whole, then segment by segment (comma separated, pairs first so
"University of California, Berkeley" beats "University of California"), with
parentheses dropped; department and lab prefixes and address tails fall away
this way. Strings the table does not know become an institution named after
their most institution-like segment, with ``slugify`` of that name as the id.

>>> resolve_institution("Univ. of Texas, Austin").id
'ut-austin'
>>> resolve_institution("Department of Physics, University of Nowhere, Springfield, USA").id
'university-of-nowhere'
>>> resolve_institution("  ;; ") is None, resolve_institution("Email: someone@cs.nyu.edu")
(True, None)
>>> resolve_institution("Language Technologies Institute @ Carnegie Mellon University").id
'cmu'
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from graph.ids import fold, slugify
from graph.model import Institution

DATA = Path(__file__).parent / "data" / "institutions.json"

_WORD = re.compile(r"[a-z0-9]+")
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_SPACE = re.compile(r"\s+")
_SEGMENTS = re.compile(r"\s*[,;]\s*|\s+-\s+")
_FILLER = frozenset({"the", "at"})
# Abbreviations expanded before matching; keys are already folded words.
_EXPAND = {"univ": "university", "uni": "university", "inst": "institute", "dept": "department",
           "lab": "laboratory", "labs": "laboratories", "tech": "technology", "natl": "national",
           "st": "saint"}
# A segment starting like this names a part of an institution, not the institution.
# (Matched against key(), so "Dept." and "Lab" arrive expanded.)
_PART_PREFIXES = ("department", "school of", "faculty", "division", "college of", "center for",
                  "centre for", "laboratory", "group", "chair", "program", "graduate school")
_ORG_WORDS = ("universit", "college", "institut", "school", "academy", "laborator", "lab", "research",
              "inc", "corporation", "company", "ltd", "gmbh", "hospital", "center", "centre",
              "foundation", "polytechnic", "politecnico", "ecole", "hochschule", "technion", "ai")
_STRONG_WORDS = ("universit", "institut", "college", "academy", "polytechnic", "politecnico",
                 "hochschule", "ecole", "escuela", "scuola")
_GARBAGE = frozenset({"", "none", "null", "n a", "na", "unknown", "unknown institution", "other", "others",
                      "independent", "independent researcher", "self", "personal",
                      "university affiliation not specified", "not specified", "anonymous", "tbd",
                      "student", "researcher", "phd student", "private", "usa", "china"})


_PLACEHOLDER = re.compile(r"\b(?:not (?:provided|available|specified|applicable)|no affiliation|none provided|"
                          r"affiliation\s*\d*|institution name|your institution|organi[sz]ation name)\b")
# "Email: x@y.edu", "DSONTAG @CS.NYU .EDU": an address is not part of the institution's name
_EMAIL = re.compile(r"(?:\be-?mail\s*:?\s*)?[\w.+-]+\s*@\s*[\w-]+(?:\s*\.\s*[a-z][\w-]*)+", re.IGNORECASE)
_LAB_AT = re.compile(r"\s+@\s*|\s*@\s+")  # "PRIOR @ Allen Institute for AI": a group at an institution
_JOINED = re.compile(r"\s+and\s+|\s*&\s*")


def key(text: str) -> str:
    """Matching key of an institution name.

    >>> key("The University of Texas at Austin") == key("Univ. of Texas, Austin")
    True
    >>> key("Texas A&M University")
    'texas a and m university'
    """
    words = _WORD.findall(fold(text).replace("&", " and "))
    return " ".join(_EXPAND.get(w, w) for w in words if w not in _FILLER)


class _Table:
    """The curated institutions, indexed by the keys of their ids, names and aliases."""

    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.countries: dict[str, str] = data.get("countries", {})
        self.systems = frozenset(key(t) for t in data.get("campus_systems", []))
        self.legal = frozenset(key(t) for t in data.get("legal_suffixes", []))
        self.by_key: dict[str, Institution] = {}
        self.bare: dict[str, Institution] = {}
        for entry in data["institutions"]:
            bare = entry.get("bare_aliases", [])
            inst = Institution(id=entry["id"], name=entry["name"], country=entry.get("country"),
                               aliases=[*entry.get("aliases", []), *bare])
            for text in (inst.id, inst.id.replace("-", " "), inst.name, *entry.get("aliases", [])):
                self.by_key.setdefault(key(text), inst)
            for text in bare:
                self.bare.setdefault(key(text), inst)


@lru_cache(maxsize=1)
def table() -> _Table:
    return _Table(DATA)


def country_name(code_or_name: str | None) -> str | None:
    """ISO alpha-2 codes to the country names the table uses; names pass through."""
    if not code_or_name or not code_or_name.strip():
        return None
    text = code_or_name.strip()
    return table().countries.get(text.upper(), text) if len(text) <= 3 else text


def resolve_institution(text: str, *, country: str | None = None) -> Institution | None:
    """The canonical institution for a tag or affiliation string; ``None`` for empty or garbage text.

    Cached: corpora repeat the same few thousand strings millions of times. The returned
    records are shared, so callers must not mutate them.
    """
    if not text:
        return None
    return _resolve(text, country)


@lru_cache(maxsize=500_000)
def _resolve(text: str, country: str | None) -> Institution | None:
    country = country_name(country)
    if "&" in text:  # scraped lists carry "Texas A&amp;M": the entity is not part of the name
        text = html.unescape(text)
    if "@" in text:
        text = _LAB_AT.sub(", ", _EMAIL.sub(" ", text))
    cleaned = _SPACE.sub(" ", text).strip().strip(",;.-/ ")
    whole = key(cleaned)
    if whole in _GARBAGE or not any(c.isalpha() for c in whole) or _PLACEHOLDER.search(whole):
        return None
    tab = table()
    found = tab.by_key.get(whole) or tab.bare.get(whole) or _match_segments(cleaned, tab)
    if found is not None and country and found.country and country != found.country:
        # Same name, another country: "Northeastern University" + China is not the Boston one.
        found = tab.by_key.get(key(f"{cleaned} {country}"), found)
    if found is not None:
        if found.country is None and country:
            return found.model_copy(update={"country": country})
        return found
    return _unlisted(cleaned, country)


def resolve_institutions(text: str, *, country: str | None = None) -> list[Institution]:
    """Like :func:`resolve_institution`, but "Google Research and DeepMind" is two institutions:
    a string joined by "and" / "&" is split when every part is a listed institution or
    clearly names one on its own (a university, an institute), and the whole is not listed.

    >>> [i.id for i in resolve_institutions("Google Research and DeepMind")]
    ['google-research', 'deepmind']
    >>> [i.id for i in resolve_institutions("Texas A&M University")]
    ['tamu']
    """
    if not text:
        return []
    return list(_resolve_joined(text, country))


@lru_cache(maxsize=200_000)
def _resolve_joined(text: str, country: str | None) -> tuple[Institution, ...]:
    plain = html.unescape(text) if "&" in text else text
    parts = [p.strip(" ,;.") for p in _JOINED.split(plain)]
    tab = table()
    if len(parts) > 1 and key(plain) not in tab.by_key and all(
            key(p) in tab.by_key or key(p) in tab.bare or _score(p) >= 4 for p in parts):
        found = {i.id: i for p in parts if (i := _resolve(p, country)) is not None}
        return tuple(found.values())
    one = _resolve(text, country)
    return (one,) if one is not None else ()


def _segments(text: str) -> list[str]:
    return [s for s in _SEGMENTS.split(text) if s]


def _match_segments(text: str, tab: _Table) -> Institution | None:
    for variant in dict.fromkeys((text, _PAREN.sub("", text))):
        segs = _segments(variant)
        for i, seg in enumerate(segs):
            if i + 1 < len(segs):
                pair = tab.by_key.get(key(f"{seg} {segs[i + 1]}"))
                if pair is not None:
                    return pair
            hit = tab.by_key.get(key(seg))
            if hit is not None:
                return hit
    inner = re.findall(r"[(\[]([^)\]]+)[)\]]", text)
    for alias in inner:
        hit = tab.by_key.get(key(alias))
        if hit is not None:
            return hit
    return None


def _score(segment: str) -> int:
    """How much a segment looks like the institution itself rather than a part or an address."""
    low = key(segment)
    if not any(c.isalpha() for c in low) or len(low) < 2:
        return -1
    score = 0
    if any(w in low for w in _STRONG_WORDS):
        score += 4
    elif any(re.search(rf"\b{w}", low) for w in _ORG_WORDS):
        score += 2
    if low.startswith(_PART_PREFIXES):
        score -= 3
    return score


def _unlisted(text: str, country: str | None) -> Institution | None:
    tab = table()
    segs = [s for s in _segments(_PAREN.sub("", text)) if key(s) not in tab.legal] or [text]
    at = max(range(len(segs)), key=lambda i: _score(segs[i]))  # max keeps the first of equal scores
    best = segs[at]
    if _score(best) < 0 or (len(segs) > 1 and _score(best) <= 0 and _score(segs[0]) < 0):
        return None
    if key(best) in tab.systems and at + 1 < len(segs) and len(segs[at + 1].split()) <= 3:
        best = f"{best}, {segs[at + 1]}"  # "Indian Institute of Technology, Roorkee": the campus is the place
    name = _display_name(best)
    slug = slugify(key(name))
    if not slug or key(name) in _GARBAGE:
        return None
    # The raw string often carries a department and an address: only the chosen part is an alias.
    alias = best.strip()
    return Institution(id=slug, name=name, aliases=[alias] if alias != name else [], country=country)


def _display_name(segment: str) -> str:
    name = re.sub(r"^(the)\s+", "", segment.strip(), flags=re.IGNORECASE)
    name = re.sub(r"\bUniv\.?(?=\s|$)", "University", name)
    name = re.sub(r"\bInst\.(?=\s|$)", "Institute", name)
    return _SPACE.sub(" ", name).strip(" .")
