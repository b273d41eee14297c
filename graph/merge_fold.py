"""How one paper's claims fold into the fields it shows: a pure function of the claims.

Precedence (lower rank wins; ties go to the smaller source id, then locator)
----------------------------------------------------------------------------

=====  ==========================================  ===========================================
rank   source formats                              why
=====  ==========================================  ===========================================
0      paperlists, openalex, bibtex, arxiv-atom    structured fields written by the venue/index
1      researcher-profile                          curated titles and venues, no authors
2      profile-feed                                scraped: "et al." lists, yearless dates
3      arxiv-listing                               no title, no authors; abstract + comment only
=====  ==========================================  ===========================================

Field rules
-----------

=========================  ==================================================================
field                      shown value
=========================  ==================================================================
title, kind, category,     first non-empty value in precedence order
arxiv_id, doi
abstract                   the longest (abstracts get truncated, never padded); ties by rank
year, date, precision      the claim with a stated (not inferred) year first, then the most
                           precise date, then rank; a more precise date from another claim
                           that agrees on that year refines the date
authors, authors_complete  complete lists beat "et al." lists, then rank, then the longer list;
                           authors only a profile shows are appended (position None, evidence
                           "profile"); affiliations and author ids (keys) are the union
                           over claims per researcher
venues, statuses           union in precedence order (case-insensitive duplicates dropped)
repositories, links,       union in precedence order
institutions
topics                     max score per topic over claims, evidence unioned
has_code                   any claim says so, or a repository is known
=========================  ==================================================================

``provenance[field]`` lists the source ids whose claim gives the shown value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from graph.identity import STRONG
from graph.ids import fold, title_key
from graph.model import AuthorRef, DatePrecision, Paper, PaperClaim, RepositoryRef, TopicLink

PRECEDENCE: dict[str, int] = {
    "paperlists": 0, "openalex": 0, "bibtex": 0, "arxiv-atom": 0,
    "researcher-profile": 1, "profile-feed": 2, "arxiv-listing": 3,
}
UNKNOWN_RANK = 9
_PRECISION = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2, None: 3}


def fold_paper(paper_id: str, claims: Iterable[PaperClaim], formats: Mapping[str, str]) -> Paper:
    """The resolved paper of ``claims``; ``formats`` maps source id -> format name."""
    claims = list(claims)
    return _fold_one(paper_id, claims[0]) if len(claims) == 1 else _fold_many(paper_id, claims, formats)


def _fold_many(paper_id: str, claims: list[PaperClaim], formats: Mapping[str, str]) -> Paper:
    def rank(c: PaperClaim) -> tuple:
        return PRECEDENCE.get(str(formats.get(c.source_id, "")), UNKNOWN_RANK), c.source_id, c.locator

    ranked = sorted(claims, key=rank)
    prov: dict[str, list[str]] = {}
    fields: dict = {}
    for name, norm in (("title", _title_norm), ("kind", fold), ("category", fold),
                       ("arxiv_id", str), ("doi", str.lower)):
        fields[name] = _first(ranked, name, norm, prov)
    fields["abstract"] = _abstract(ranked, prov)
    fields.update(_dates(ranked, prov))
    fields.update(_authors(ranked, rank, prov))
    fields["venues"] = _union(ranked, lambda c: [c.venue] if c.venue else [], fold, prov, "venues")
    fields["statuses"] = _union(ranked, lambda c: [c.status] if c.status else [], fold, prov, "statuses")
    fields["links"] = _union(ranked, lambda c: c.links, str, prov, "links")
    repos = _repositories(ranked, prov)
    insts = _union(ranked, _institution_ids, str, prov, "institutions")
    has_code = any(c.has_code for c in ranked) or bool(repos)
    if has_code:
        prov["has_code"] = _ids(c for c in ranked if c.has_code or c.repositories)
    # Every value above is already a validated record or a plain value: skip re-validation.
    return Paper.trusted(id=paper_id, **fields, repositories=repos, institutions=insts, has_code=has_code,
                 topics=_topics(ranked, prov), sources=_ids(ranked),
                 provenance=prov, claims=sorted(ranked, key=lambda c: (c.source_id, c.locator)))


def _fold_one(paper_id: str, c: PaperClaim) -> Paper:
    """:func:`fold_paper` of a lone claim (most papers have one), without ranking claims: every
    field is the claim's, every provenance list is its source. Field by field the rules above with
    one claim; tests/graph/test_merge.py checks that it equals the general fold."""
    given = _shared((c.source_id,))
    prov: dict[str, list[str]] = {}
    fields: dict = {}
    for name in ("title", "kind", "category", "arxiv_id", "doi"):
        value = getattr(c, name) or None
        fields[name] = value
        if value is not None:
            prov[name] = given
    fields["abstract"] = c.abstract or None
    if c.abstract:
        prov["abstract"] = given
    if c.year is not None:
        fields.update(year=c.year, date=c.date, date_precision=c.date_precision, year_inferred=c.year_inferred)
        prov["year"] = given
        if c.date:
            prov["date"] = given
    fields.update(_authors([c], lambda _c: (0,), prov))
    venues = [c.venue] if c.venue else []
    statuses = [c.status] if c.status else []
    links = list(dict.fromkeys(c.links))
    first: dict[tuple[str, str | None], RepositoryRef] = {}
    for ref in c.repositories:
        first.setdefault((ref.repository.id, ref.path), ref)
    repos = list(first.values())
    insts = list(dict.fromkeys(_institution_ids(c)))
    for name, values in (("venues", venues), ("statuses", statuses), ("links", links),
                         ("repositories", repos), ("institutions", insts)):
        if values:
            prov[name] = given
    has_code = c.has_code or bool(repos)
    if has_code:
        prov["has_code"] = given
    topics = _lone_topics(c.topics)
    if topics:
        prov["topics"] = given
    return Paper.trusted(id=paper_id, **fields, venues=venues, statuses=statuses, links=links,
                         repositories=repos, institutions=insts, has_code=has_code, topics=topics,
                         sources=given, provenance=prov, claims=[c])


def _lone_topics(links: list[TopicLink]) -> list[TopicLink]:
    """One claim's links as :func:`_topics` folds them: its own objects when nothing repeats."""
    if len({t.topic_id for t in links}) == len(links) and all(len(set(t.evidence)) == len(t.evidence)
                                                               for t in links):
        return sorted(links, key=lambda t: t.topic_id)
    return _topics_of(links)


def _ids(claims: Iterable[PaperClaim]) -> list[str]:
    return _shared({c.source_id for c in claims})


# Provenance is a handful of source-id lists per paper, nearly all alike ("[s-…]" ten times):
# one list object per distinct combination instead of ~1 KiB per paper. Nothing mutates them.
_SHARED: dict[tuple[str, ...], list[str]] = {}


def _shared(ids: Iterable[str]) -> list[str]:
    key = tuple(sorted(ids))
    found = _SHARED.get(key)
    if found is None:
        found = _SHARED[key] = list(key)
    return found


@lru_cache(maxsize=1 << 18)
def _title_norm(title: str) -> str:
    return title_key(title) or fold(title).strip()


def _first(ranked: list[PaperClaim], name: str, norm, prov: dict) -> str | None:
    value = next((getattr(c, name) for c in ranked if getattr(c, name)), None)
    if value is not None:
        shown = norm(value)
        prov[name] = _ids(c for c in ranked if getattr(c, name) and norm(getattr(c, name)) == shown)
    return value


def _abstract(ranked: list[PaperClaim], prov: dict) -> str | None:
    with_text = [c for c in ranked if c.abstract]
    if not with_text:
        return None
    best = max(with_text, key=lambda c: len(c.abstract))  # max keeps the first (best-ranked) of equals
    prov["abstract"] = _ids(c for c in with_text if c.abstract == best.abstract)
    return best.abstract


def _dates(ranked: list[PaperClaim], prov: dict) -> dict:
    dated = [c for c in ranked if c.year is not None]
    if not dated:
        return {}
    best = min(dated, key=lambda c: (c.year_inferred, _PRECISION[c.date_precision]))
    date, precision, givers = best.date, best.date_precision, [best]
    for c in dated:
        if c.year == best.year and c.date and _PRECISION[c.date_precision] < _PRECISION[precision]:
            date, precision, givers = c.date, c.date_precision, [best, c]
    prov["year"] = _ids(c for c in dated if c.year == best.year and c.year_inferred == best.year_inferred)
    if date:
        prov["date"] = _ids(givers)
    return {"year": best.year, "date": date, "date_precision": precision, "year_inferred": best.year_inferred}


def _authors(ranked: list[PaperClaim], rank, prov: dict) -> dict:
    listed = [c for c in ranked if any(a.evidence == "listed" for a in c.authors)]
    chosen = min(listed, key=lambda c: (not c.authors_complete, rank(c)[0], -len(c.authors), rank(c)),
                 default=None)
    authors = [a for a in chosen.authors] if chosen else []
    shown = {a.researcher_id for a in authors}
    for c in ranked:  # people only a profile shows (its owner) still authored the paper
        for a in c.authors:
            if a.evidence == "profile" and a.researcher_id not in shown:
                shown.add(a.researcher_id)
                authors.append(AuthorRef(name=a.name, researcher_id=a.researcher_id, position=None,
                                         evidence="profile"))
    affiliations: dict[str, list[str]] = {}
    keys: dict[tuple[str, int], list[str]] = {}  # by (name id, n-th listing): two namesakes on one paper
    for c in ranked:
        for a, nth in zip(c.authors, _nth(c.authors), strict=True):
            affiliations.setdefault(a.researcher_id, []).extend(a.affiliations)
            if a.keys:
                keys.setdefault((a.researcher_id, nth), []).extend(a.keys)
    authors = [_with_affiliations(a, list(dict.fromkeys(affiliations.get(a.researcher_id, ()))),
                                  _one_per_kind(keys.get((a.researcher_id, nth), ())))
               for a, nth in zip(authors, _nth(authors), strict=True)]
    if chosen:
        order = [a.researcher_id for a in chosen.authors]
        prov["authors"] = _ids(c for c in listed if [a.researcher_id for a in c.authors] == order)
    elif authors:
        prov["authors"] = _ids(c for c in ranked if c.authors)
    return {"authors": authors, "authors_complete": bool(chosen and chosen.authors_complete)}


def _nth(authors: list[AuthorRef]) -> list[int]:
    """How many earlier authors of the list share each one's name id."""
    seen: dict[str, int] = {}
    out = []
    for a in authors:
        out.append(seen.get(a.researcher_id, 0))
        seen[a.researcher_id] = out[-1] + 1
    return out


def _one_per_kind(keys) -> tuple[str, ...]:
    """Distinct author ids in precedence order; of two strong ids of one kind (two sources give
    the same name two OpenReview profiles) only the better-ranked claim's is kept."""
    out: dict[str, None] = {}
    kinds: set[str] = set()
    for k in keys:
        kind = k.split(":", 1)[0]
        if kind in STRONG:
            if kind in kinds:
                continue
            kinds.add(kind)
        out.setdefault(k)
    return tuple(out)


def _with_affiliations(a: AuthorRef, affiliations: list[str], keys: tuple[str, ...]) -> AuthorRef:
    """Affiliations and author ids are the union over the claims that list the person."""
    if a.affiliations == affiliations and a.keys == keys:
        return a
    return a.model_copy(update={"affiliations": affiliations, "keys": keys})


def _institution_ids(c: PaperClaim) -> list[str]:
    return [i.id for i in c.institutions] + [i for a in c.authors for i in a.affiliations]


def _union(ranked: list[PaperClaim], values, norm, prov: dict, name: str) -> list:
    out: dict[str, str] = {}
    givers: set[str] = set()
    for c in ranked:
        for v in values(c):
            out.setdefault(norm(v), v)
            givers.add(c.source_id)
    if out:
        prov[name] = _shared(givers)
    return list(out.values())


def _repositories(ranked: list[PaperClaim], prov: dict) -> list[RepositoryRef]:
    out: dict[tuple[str, str | None], RepositoryRef] = {}
    for c in ranked:
        for ref in c.repositories:
            out.setdefault((ref.repository.id, ref.path), ref)
    if out:
        prov["repositories"] = _ids(c for c in ranked if c.repositories)
    return list(out.values())


def _topics(ranked: list[PaperClaim], prov: dict) -> list[TopicLink]:
    links = _topics_of([t for c in ranked for t in c.topics])
    if links:
        prov["topics"] = _ids(c for c in ranked if c.topics)
    return links


def _topics_of(links: Iterable[TopicLink]) -> list[TopicLink]:
    best: dict[str, TopicLink] = {}
    evidence: dict[str, dict[str, None]] = {}
    for t in links:
        if t.topic_id not in best or t.score > best[t.topic_id].score:
            best[t.topic_id] = t
        evidence.setdefault(t.topic_id, {}).update(dict.fromkeys(t.evidence))
    return [TopicLink.trusted(topic_id=tid, score=t.score, evidence=list(evidence[tid]))
            for tid, t in sorted(best.items())]
