"""Small text helpers shared by the readers: names, dates, venues, ids, links and repositories.

>>> split_authors("Ajay Jaiswal, Haoyu Ma, Tianlong Chen et al. · meta-ai, harvard")
(['Ajay Jaiswal', 'Haoyu Ma', 'Tianlong Chen'], False, ['meta-ai', 'harvard'])
>>> normalise_arxiv_id("arXiv:2303.01610v2")
'2303.01610'
>>> normalise_venue("Advances in Neural Information Processing Systems (NeurIPS), 2022")
'NeurIPS 2022'
>>> repository_of("https://github.com/VITA-Group/Open-L2O/tree/main/Model_Free_L2O/L2O-Entropy.").path
'Model_Free_L2O/L2O-Entropy'
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

from graph.ids import normalise_name, slugify
from graph.model import AuthorRef, Repository, RepositoryRef

# ---------------------------------------------------------------- names

_ET_AL = re.compile(r",?\s*\bet\.?\s*al\b\.?\s*$", re.IGNORECASE)
_AUTHOR_SEP = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_TAG_SEP = "·"


def normalise_author(name: str) -> str:
    """NFC, single spaces, no stray punctuation at the ends; particle case kept."""
    return normalise_name(name).strip(" ,;.*†‡∗0123456789") if name else ""


# Strings that submission forms and scrapers leave where names belong.
_PLACEHOLDER = re.compile(r"\b(?:authors?|names?\s+here|commas?|anonymous|placeholder|equal\s+contribution|"
                          r"corresponding|affiliations?|not\s+provided|et\s+al)\b", re.IGNORECASE)
_ORG = re.compile(r"\b(?:universit\w*|institut\w*|department|faculty|laborator\w*|school|college|academy|"
                  r"inc|ltd|gmbh|corporation|agency|centre|center|hospital)\b", re.IGNORECASE)
_ADDRESS = re.compile(r"[@{}<>|\\/\[\]]|^[a-z0-9_-]+\.[a-z0-9_.-]+$")
_JOINED = re.compile(r"\s+and\s+|\s*&\s*")


def person_names(raw: str) -> list[str]:
    """The people a raw author string names: ``[]`` for what is not a person (placeholders,
    e-mail fragments, institutions, numbers), two for "A and B" when both halves are names.

    >>> person_names("Bao Ho 3 and Svetha Venkatesh"), person_names("Put All Your Authors Here")
    (['Bao Ho', 'Svetha Venkatesh'], [])
    >>> person_names("svetha.venkatesh}@deakin.edu.au"), person_names("and Wolfram Burgard")
    ([], ['Wolfram Burgard'])
    """
    name = normalise_author(raw)
    if name[:4].lower() == "and ":
        name = normalise_author(name[4:])
    parts = [normalise_author(p) for p in _JOINED.split(name)]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
        return [n for p in parts for n in person_names(p)]
    return [name] if is_person_name(name) else []


def is_person_name(name: str) -> bool:
    """False for strings that cannot be one person's name (see :func:`person_names`)."""
    if not name or not any(c.isalpha() for c in name) or any(c.isdigit() for c in name):
        return False
    if _ADDRESS.search(name) or _PLACEHOLDER.search(name) or _ORG.search(name):
        return False
    return bool(slugify(name))


def split_authors(line: str) -> tuple[list[str], bool, list[str]]:
    """``"A, B and C et al. · tag-a, tag-b"`` -> (names, complete, institution tags).

    "et al." marks the list incomplete; it is never a name.
    """
    tags: list[str] = []
    # One space per run first: the separators' \s* would otherwise retry a long run of spaces
    # at each of its positions (quadratic: 20,000 spaces took 52 s).
    line = " ".join(line.split())
    if _TAG_SEP in line:
        line, _, tail = line.partition(_TAG_SEP)
        tags = [t.strip() for t in tail.split(",") if t.strip()]
    stripped = _ET_AL.sub("", line.strip())
    complete = stripped == line.strip()
    names = [n for part in _AUTHOR_SEP.split(stripped) for n in person_names(part)]
    return names, complete, tags


# ---------------------------------------------------------------- dates

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
MONTH_PATTERN = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"


def month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


def resolve_yearless(month: int, day: int, as_of: dt.date) -> dt.date:
    """The latest ``month``/``day`` not after ``as_of`` (Feb 29 goes back to a leap year)."""
    year = as_of.year if (month, day) <= (as_of.month, as_of.day) else as_of.year - 1
    for y in range(year, year - 8, -1):
        try:
            return dt.date(y, month, day)
        except ValueError:
            continue
    raise ValueError(f"no such day: {month}/{day}")


# ---------------------------------------------------------------- claimed figures

_FIGURE_KEYS = {
    "h-index": "h_index", "h index": "h_index", "hindex": "h_index",
    "papers": "papers", "citations": "citations", "works": "works", "followers": "followers",
    "topics": "topics", "close collaborators": "close_collaborators",
}
_NUMBER = r"(\d[\d,]*)"
_LABEL = "|".join(sorted((re.escape(k) for k in _FIGURE_KEYS), key=len, reverse=True))
_FIGURE = re.compile(rf"^(?:{_NUMBER}\s*({_LABEL})|({_LABEL})\s*:?\s*{_NUMBER})$", re.IGNORECASE)


def reported_figure(line: str) -> tuple[str, int] | None:
    """``"13,529citations"`` -> ("citations", 13529); ``"h-index73"`` -> ("h_index", 73)."""
    m = _FIGURE.match(line.strip())
    if not m:
        return None
    number, label = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    return _FIGURE_KEYS[label.lower()], int(number.replace(",", ""))


# ---------------------------------------------------------------- venues

# Long venue names that comments spell out without an acronym.
_VENUE_NAMES = {
    "neural information processing systems": "NeurIPS",
    "international conference on learning representations": "ICLR",
    "international conference on machine learning": "ICML",
    "computer vision and pattern recognition": "CVPR",
    "international conference on computer vision": "ICCV",
    "european conference on computer vision": "ECCV",
    "winter conference on applications of computer vision": "WACV",
    "learning on graphs": "LoG",
    "association for the advancement of artificial intelligence": "AAAI",
    "artificial intelligence and statistics": "AISTATS",
    "quantum techniques in machine learning": "QTML",
}
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_PAREN_ACRONYM = re.compile(r"\(([A-Za-z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\)")
_ACRONYM = re.compile(r"\b([A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*)\b")
_VENUE_WORDS = re.compile(r"\b(accepted|appear|published|conference|workshop|proceedings|journal|track)",
                          re.IGNORECASE)
_NOT_VENUES = frozenset({"DOI", "URL", "PDF", "TBD", "ARXIV", "COVID"})


def normalise_venue(comment: str) -> str | None:
    """``"<ACRONYM> <YEAR>"`` from a comment line, or ``None`` when it names no venue."""
    comment = _URL.sub(" ", comment)
    year_m = _YEAR.search(comment)
    lowered = comment.lower()
    if year_m is None and not _VENUE_WORDS.search(comment):
        return None
    name = next((short for long, short in _VENUE_NAMES.items() if long in lowered), None)
    if name is None:
        paren = _PAREN_ACRONYM.search(comment)
        words = [w for w in _ACRONYM.findall(comment) if w.upper() not in _NOT_VENUES]
        name = paren.group(1) if paren else (words[0] if words else None)
    if name is None:
        return None
    return f"{name} {year_m.group(1)}" if year_m else name


# ---------------------------------------------------------------- identifiers

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}"
ARXIV_ID = re.compile(rf"(?:arXiv:\s*)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.IGNORECASE)
ARXIV_MARK = re.compile(rf"arXiv:\s*({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.IGNORECASE)
# An id where the text says it is one: "arXiv:ID", an arxiv.org abs/pdf link, the DataCite DOI 10.48550/arXiv.ID.
_ARXIV_CUE = re.compile(rf"(?:arXiv\s*[:.]?\s*|arxiv\.org/(?:abs|pdf|format)/|10\.48550/arXiv\.)"
                        rf"({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.IGNORECASE)
_ARXIV_WHOLE = re.compile(rf"^\s*(?:arXiv\s*:\s*|abs/)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?(?:\.pdf)?\s*$",
                          re.IGNORECASE)
# A DOI runs to white space, a quote or a brace; SICI DOIs hold "<", ">", ";", "(", ")" and stay whole.
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"{}]+")
_URL_QUERY = re.compile(r"(?:[?&][A-Za-z_][\w.-]*=|#).*$")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_LINK_PAGE = re.compile(r"/(?:abstract|full|pdf|epdf|fulltext|summary|meta|references|html|figures)/?$",
                        re.IGNORECASE)


def _canonical_arxiv(found: str) -> str:
    """Old-style ids keep the archive lower-case and the subject class upper-case (``math.PR/0501001``)."""
    if "/" not in found:
        return found
    archive, number = found.split("/", 1)
    name, _, subject = archive.partition(".")
    return f"{name.lower()}.{subject.upper()}/{number}" if subject else f"{name.lower()}/{number}"


def normalise_arxiv_id(text: str) -> str | None:
    """The bare id (no ``arXiv:`` prefix, no version) of an arXiv id or abs/pdf URL."""
    m = _ARXIV_CUE.search(text) or ARXIV_ID.search(text.strip())
    return _canonical_arxiv(m.group(1)) if m else None


def find_arxiv_id(text: str) -> str | None:
    """An arXiv id that ``text`` marks as one (``arXiv:0908.1772v5``, an arxiv.org link, an arXiv DOI) or that
    ``text`` is; never a number that merely looks like one (``10.1016/j.1234.56789``).

    >>> find_arxiv_id("arXiv preprint arXiv:0908.1772v5"), find_arxiv_id("https://arxiv.org/pdf/hep-th/9901001v2")
    ('0908.1772', 'hep-th/9901001')
    """
    if not text:
        return None
    m = _ARXIV_CUE.search(text) or _ARXIV_WHOLE.match(text)
    return _canonical_arxiv(m.group(1)) if m else None


def arxiv_year_month(arxiv_id: str) -> tuple[int, int] | None:
    """Submission year and month encoded in the id: ``2303.01610`` and ``hep-th/9901001`` both carry YYMM."""
    digits = arxiv_id.rsplit("/", 1)[-1][:4]
    if not digits.isdigit():
        return None
    yy, mm = int(digits[:2]), int(digits[2:4])
    if not 1 <= mm <= 12:
        return None
    return (1900 + yy if yy >= 91 else 2000 + yy), mm


def _clean_doi(doi: str, in_link: bool) -> str:
    if _PERCENT.search(doi):
        doi = urllib.parse.unquote(doi)
    doi = _URL_QUERY.sub("", doi.replace("\\_", "_"))  # a link's query (?casa_token=...) is not the DOI's
    if in_link:  # a publisher's page for the DOI (".../10.1002/x.123/abstract")
        doi = _LINK_PAGE.sub("", doi)
    if "</" in doi:  # markup after the DOI (``10.1/x</a>``)
        doi = doi[:doi.index("</")]
    if "<" in doi and ">" not in doi[doi.index("<"):]:
        doi = doi[:doi.index("<")]
    return _strip_trailing(doi).lower()


def find_dois(text: str) -> list[str]:
    """DOIs in ``text`` (bare, ``doi:``, doi.org links), lower-case, in order, once each.

    >>> find_dois("https://doi.org/10.1145/3292500.3330701?casa_token=AbC")
    ['10.1145/3292500.3330701']
    >>> find_dois("10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2")
    ['10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2']
    """
    if not text or "10." not in text:
        return []
    if "%2f" in text.lower():  # a DOI inside a link, its slash percent-encoded (".../10.1007%2Fs00778-019-00555-y")
        text = urllib.parse.unquote(text)
    found = (_clean_doi(m.group(0), "://" in text[text.rfind(" ", 0, m.start()) + 1:m.start()])
             for m in _DOI.finditer(text))
    return _unique(d for d in found if not d.endswith("/"))


def normalise_doi(text: str | None) -> str | None:
    """The first DOI of ``text``, normalised as :func:`find_dois` does, or ``None``."""
    found = find_dois(text or "")
    return found[0] if found else None


# ---------------------------------------------------------------- links and repositories

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'{}\\]+|\b(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)"
                  r"/[^\s<>\"'{}\\]+", re.IGNORECASE)
_TRAILING = "}.),;:!?]'\""
_REPO_HOSTS = {"github.com", "gitlab.com", "bitbucket.org", "huggingface.co"}
_NOT_OWNERS = frozenset({"orgs", "topics", "features", "sponsors", "marketplace", "about", "settings",
                         "login", "search", "collections", "explore", "users", "docs", "papers", "blog"})
_HF_KINDS = frozenset({"datasets", "spaces"})
_SEGMENT = re.compile(r"^[A-Za-z0-9_.-]+$")


def _strip_trailing(url: str) -> str:
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break  # a balanced parenthesis belongs to the URL
        url = url[:-1]
    return url


def find_links(text: str) -> list[str]:
    """URLs in ``text``, in order, once each; LaTeX ``\\url{}`` and trailing punctuation removed."""
    out = []
    for m in _URL.finditer(text):
        url = _strip_trailing(m.group(0))
        if not url.lower().startswith("http"):
            url = "https://" + url
        out.append(url)
    return _unique(out)


def repository_of(url: str) -> RepositoryRef | None:
    """A code-host link as a canonical repository (+ sub-path), else ``None``."""
    m = re.match(r"^(?:https?://)?(?:www\.)?([^/]+)/(.*)$", _strip_trailing(url.strip()), re.IGNORECASE)
    if not m or m.group(1).lower() not in _REPO_HOSTS:
        return None
    host, parts = m.group(1).lower(), [p for p in m.group(2).split("#")[0].split("?")[0].split("/") if p]
    prefix = ""
    if host == "huggingface.co" and parts and parts[0] in _HF_KINDS:
        prefix, parts = parts[0] + "/", parts[1:]
    if len(parts) < 2 or parts[0].lower() in _NOT_OWNERS:
        return None
    owner, name = parts[0], re.sub(r"\.git$", "", parts[1])
    if not (_SEGMENT.match(owner) and _SEGMENT.match(name)) or name in {".", ".."}:
        return None
    rest = parts[2:]
    if rest and rest[0] == "-":  # GitLab writes /-/tree/...
        rest = rest[1:]
    path = "/".join(rest[2:]) if len(rest) > 2 and rest[0] in {"tree", "blob", "src"} else None
    repo = Repository(id=f"{host}/{prefix}{owner}/{name}".lower(), host=host, owner=owner, name=name,
                      url=f"https://{host}/{prefix}{owner}/{name}")
    return RepositoryRef(repository=repo, path=path or None)


def links_and_repositories(text: str) -> tuple[list[RepositoryRef], list[str]]:
    """Split the links of ``text`` into code repositories and other links (project pages, logs)."""
    repos: dict[tuple[str, str | None], RepositoryRef] = {}
    links: list[str] = []
    for url in find_links(text):
        ref = repository_of(url)
        if ref is None:
            links.append(url)
        else:
            repos.setdefault((ref.repository.id, ref.path), ref)
    return list(repos.values()), links


def _unique(items) -> list:
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- people on a page

_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "al"})


def looks_like_name(line: str) -> bool:
    """A short line of capitalised words (particles allowed), as a page shows a person's name.

    >>> looks_like_name("Tianlong Chen"), looks_like_name("Researcher profile"), looks_like_name("36works")
    (True, False, False)
    """
    words = line.split()
    if not 2 <= len(words) <= 5 or any(c.isdigit() for c in line) or line.rstrip()[-1] in ".:!?,;":
        return False
    return all(w[0].isupper() or w in _PARTICLES for w in words) and any(len(w) > 1 for w in words)


def with_owner(authors: list[AuthorRef], owner: str | None) -> list[AuthorRef]:
    """``authors`` plus the profile's owner (position None, evidence "profile") when not listed."""
    if not owner:
        return authors
    if any(a.researcher_id == slugify(owner) for a in authors):
        return authors
    return [*authors, AuthorRef.of(normalise_author(owner), None, "profile")]
