"""The write-time projection: how one paper's change moves every aggregate the reads need.

A store keeps these aggregates next to the graph and moves them as papers are written,
instead of walking the graph on every read:

* ``pairs``: co-author pair ``(a, b)`` (``a < b``) -> year -> shared papers (``None`` for a
  paper without a year). The year counts let a pair's first and last year survive a
  decrement: a pair's view is ``(papers, first_year, last_year)`` (:func:`pair_view`);
* ``works``: researcher -> year -> papers (the same shape, for works and first/last year);
* ``topic_papers``: topic -> papers; ``topical``: papers with at least one topic (the N of
  topic co-occurrence);
* ``topic_pairs``: topic pair ``(a, b)`` (``a < b``) -> papers that have both;
* ``topic_people`` and ``strict_people``: ``(topic, researcher)`` -> papers of theirs with the
  topic (``strict``: without the matcher's fallback evidence, graph/scoring.py);
* ``institution_pairs``: institution pair ``(a, b)`` (``a < b``) -> papers from both.

:func:`delta` gives the change from a paper's old version (or ``None``) to its new one (or
``None``); deltas add (:meth:`Aggregates.add`), and applying them for any sequence of versions
gives :func:`from_papers` of the last versions (tests/graph/test_projection.py). Pure Python:
no store is imported here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from graph.model import Paper
from graph.scoring import is_fallback

Year = int | None


@dataclass(frozen=True)
class PaperFacts:
    """What the aggregates read of one paper, as the stores link it: authors once each (first
    listing), topics, repositories and institutions once each (the last link of a topic wins)."""

    id: str
    year: Year
    authors: tuple[str, ...]
    topics: tuple[str, ...]
    strict_topics: tuple[str, ...]
    institutions: tuple[str, ...]


def facts(paper: Paper | None) -> PaperFacts | None:
    if paper is None:
        return None
    evidence = {t.topic_id: t.evidence for t in paper.topics}
    return PaperFacts(
        id=paper.id, year=paper.year, authors=tuple(dict.fromkeys(a.researcher_id for a in paper.authors)),
        topics=tuple(evidence), strict_topics=tuple(t for t, e in evidence.items() if not is_fallback(e)),
        institutions=tuple(dict.fromkeys(paper.institutions)))


def _pairs(ids: Iterable[str]) -> list[tuple[str, str]]:
    return list(combinations(sorted(set(ids)), 2))


@dataclass
class Aggregates:
    """Aggregates, or the change to them: the same counters with signed counts."""

    pairs: dict[tuple[str, str], Counter[Year]] = field(default_factory=dict)
    works: dict[str, Counter[Year]] = field(default_factory=dict)
    topic_papers: Counter[str] = field(default_factory=Counter)
    topical: int = 0
    topic_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    topic_people: Counter[tuple[str, str]] = field(default_factory=Counter)
    strict_people: Counter[tuple[str, str]] = field(default_factory=Counter)
    institution_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    def count(self, f: PaperFacts, sign: int) -> None:
        """Add one paper (``sign`` 1) or take it away (-1)."""
        for pair in _pairs(f.authors):
            self.pairs.setdefault(pair, Counter())[f.year] += sign
        for a in f.authors:
            self.works.setdefault(a, Counter())[f.year] += sign
        for t in f.topics:
            self.topic_papers[t] += sign
            for a in f.authors:
                self.topic_people[t, a] += sign
        for t in f.strict_topics:
            for a in f.authors:
                self.strict_people[t, a] += sign
        self.topical += sign if f.topics else 0
        for pair in _pairs(f.topics):
            self.topic_pairs[pair] += sign
        for pair in _pairs(f.institutions):
            self.institution_pairs[pair] += sign

    def add(self, other: Aggregates) -> None:
        """Apply a change (or add another paper set's counts); zero counts are dropped."""
        for mine, theirs in ((self.pairs, other.pairs), (self.works, other.works)):
            for key, years in theirs.items():
                merged = _merge_years(mine.get(key, Counter()), years)
                if merged:
                    mine[key] = merged
                else:
                    mine.pop(key, None)
        self.topical += other.topical
        for name in ("topic_papers", "topic_pairs", "topic_people", "strict_people", "institution_pairs"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key, n in theirs.items():
                mine[key] += n
                if not mine[key]:
                    del mine[key]

    def compact(self) -> Aggregates:
        """The same change without its zero entries (a paper rewritten as it was changes nothing)."""
        out = Aggregates()
        out.add(self)
        return out

    def is_empty(self) -> bool:
        return not (self.pairs or self.works or self.topical or any(
            getattr(self, n) for n in ("topic_papers", "topic_pairs", "topic_people", "strict_people",
                                       "institution_pairs")))


def _merge_years(a: Counter, b: Counter) -> Counter:
    """``a`` plus ``b`` keeping negative counts (``Counter.__add__`` drops them), zeros dropped."""
    out = Counter(a)
    for k, v in b.items():
        out[k] += v
    return Counter({k: v for k, v in out.items() if v})


def delta(old: PaperFacts | None, new: PaperFacts | None) -> Aggregates:
    """The change to every aggregate when ``old`` (None: a new paper) becomes ``new``
    (None: a removed paper); zero entries dropped."""
    change = Aggregates()
    if old is not None:
        change.count(old, -1)
    if new is not None:
        change.count(new, 1)
    return change.compact()


def batch_delta(changes: Iterable[tuple[PaperFacts | None, PaperFacts | None]]) -> Aggregates:
    """The summed change of a batch of (old, new) versions, one per paper."""
    total = Aggregates()
    for old, new in changes:
        if old is not None:
            total.count(old, -1)
        if new is not None:
            total.count(new, 1)
    return total.compact()


def from_papers(papers: Iterable[PaperFacts]) -> Aggregates:
    """The aggregates computed from scratch."""
    return batch_delta((None, p) for p in papers)


@dataclass(frozen=True)
class YearsChange:
    """A year-counter change as a store applies it: ``papers`` to add, and, when nothing was
    taken away (``grows``), the first and last year among the added ones. A change that takes
    a year away cannot be applied to (papers, first, last) alone: the store recomputes it."""

    papers: int
    first_year: int | None
    last_year: int | None
    grows: bool


def years_change(years: Counter[Year]) -> YearsChange:
    dated = [y for y, n in years.items() if y is not None and n > 0]
    return YearsChange(papers=sum(years.values()), first_year=min(dated, default=None),
                       last_year=max(dated, default=None), grows=all(n > 0 for n in years.values()))


def pair_view(years: Counter[Year]) -> tuple[int, int | None, int | None]:
    """(papers, first year, last year) of a pair's or researcher's year counts."""
    dated = [y for y, n in years.items() if y is not None and n > 0]
    return sum(years.values()), min(dated, default=None), max(dated, default=None)
