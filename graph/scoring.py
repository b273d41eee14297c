"""Pure ranking functions shared by both backends: topic adjacency, researchers' topics, recommendations.

Nothing here touches a graph: a backend fetches plain rows (ids, counts, years) and calls
these functions, so the embedded and the Neo4j stores rank identically. Every float that
leaves this module is rounded to ``DIGITS`` decimals so that ties break the same way.

Topic adjacency (NPMI)
----------------------
``N`` = papers with at least one topic, ``p(x) = papers with x / N``, ``p(x, y)`` = papers
with both / N. ``npmi = log(p(x, y) / (p(x) p(y))) / -log p(x, y)``, in [-1, 1]; 1.0 when
``p(x, y) = 1`` (every topical paper carries both). Only co-occurring pairs are listed, so
``p(x, y) > 0`` always.

A topic's own ancestors and descendants are not listed as adjacent (every MoE paper carries
its parent: that says nothing). The listed ``score`` shrinks NPMI by its support so that one
shared paper cannot lead:
``score = npmi * co / (co + ADJACENT_PRIOR)`` (:func:`adjacent_score`): a pair on one paper keeps
a third of its NPMI, a pair on 20 papers 91%. Ties: ``co_papers`` desc, then id.

A researcher's topics
---------------------
Papers carry a topic's ancestors too (pruning evidence is sparsity evidence), so counting every
link would list each parent above its children. :func:`researcher_topics` counts, per topic,
``papers`` (their papers carrying it) and ``own`` (their papers on which it is the most specific
topic of its lineage: no descendant of it is on that paper). A topic is listed only when
``own >= max(1, ceil(OWN_SHARE * works))`` -- a parent only when some of their papers say nothing
finer, i.e. when it adds information, and for prolific people only what recurs (2% of their
works). Ordered by ``own`` desc (most specific first), then ``papers`` desc, then id.

Recommendations
---------------
Rows (:class:`Person`): works, papers per year, AFFILIATED_WITH institutions, and topics
counted over *matched* HAS_TOPIC links only -- a link whose evidence starts with
``fallback`` (the matcher's catch-all, e.g. ``machine-learning``) is no evidence of a shared
interest and never counts. The centre also has its *ties* (co-author -> shared papers and the
last year of them); a candidate its *bridges* (common co-author ``z`` -> ``z``'s distinct
co-authors and ``z``'s tie with the candidate). ``ref`` = the centre's last active year.

**Candidate pool** (:func:`pool_of`):

1. *two-hop*: everyone who co-authored with one of the centre's *bridges* -- its first
   ``BRIDGES`` co-authors by shared papers desc, then id; the top ``POOL_TWO_HOP`` by the sum
   of their path weights (below, then id) join.
2. *topic*: for each of the centre's first ``SEED_TOPICS`` topics (ordered as
   ``list_researcher_topics``) and the ``topic`` filter, the first ``TOPIC_LEADERS`` of
   ``list_topic_researchers``.
3. *institution*: for each of the centre's first ``SEED_INSTITUTIONS`` AFFILIATED_WITH
   institutions (edge ``papers`` desc, then id) and the ``institution`` filter, the first
   ``INSTITUTION_LEADERS`` researchers AFFILIATED_WITH it (edge ``papers`` desc, then id).

The centre never joins; its co-authors join only with ``include_coauthors``. Filters
(:class:`Filters`): ``topic`` (a matched paper on it), ``institution`` (AFFILIATED_WITH it),
``since`` (a paper in that year or later), ``exclude`` (ids).

**Score** of a candidate ``c`` (``graph.ranking.score_candidate``), each term one
:class:`graph.views.Reason`, all multiplied by the hub factor ``min(1, hub_works / works_c)``
(a person with hundreds of works is most often several people under one name):

* ``coauthor`` -- per common co-author ``z`` (a *path* a-z-c):
  ``coauthor / log(deg z) * (1 + tie * log(min(shared(a, z), shared(z, c)))) * exp(-age / tie_years)``,
  Adamic–Adar scaled up by the weaker tie's strength and down by the older tie's age
  (``age = ref - min(last(a, z), last(z, c))``, 0 when a year is unknown);
* ``topic`` -- per shared topic ``t`` that is specific: not a *field* (the top of a hierarchy:
  no SUBTOPIC_OF parent and subtopics under it, e.g. ``machine-learning``, ``robotics``) and not
  *broad* (on more than ``broad_papers`` papers and more than ``broad_share`` of all papers, e.g.
  ``deep-learning`` on a corpus):
  ``topic * min(share_a(t), share_c(t)) * log(1 + topic_papers / n_t)``
  with ``share = papers on t / works`` and ``n_t`` the papers carrying ``t``: a topic on a few
  hundred papers says much more than one on tens of thousands;
* ``institution`` -- per institution both are AFFILIATED_WITH: ``institution``;
* ``recency`` -- ``activity * log(1 + recent)`` with ``recent`` = c's papers in the
  ``active_years`` years up to ``ref`` (absent when 0 or ``ref`` unknown).

A candidate with no coauthor, topic or institution term is dropped (recency alone is no
reason to meet). Score = rounded sum of the rounded terms; ranked by score desc, then id;
reasons by weight desc, then kind, then id.

**Weights** (:data:`WEIGHTS`) were fitted with ``python -m bench.linkpred_fit`` (coordinate
search over a small grid for hits@10 + MRR@10, in process) on the split T = 2022 and checked on
T = 2021 over HTTP with ``bench/linkpred.py`` (docs/benchmarks.md). What the fit said: paths
dominate (``coauthor`` 4 against ``topic`` 0.5), a path is worth far more through a strong tie
(``tie`` 3) and loses most of its worth in a few years (``tie_years`` 2); papers in the centre's
last year count a little (``activity``); a shared institution (1.0) weighs as much as a fresh
path through a bridge with ~50 co-authors (4 / log 50); works past 100 damp a candidate.
Fields are left out of the topic terms since the fit (a change of the reasons, not of the
figures: topics weigh little). Tried and left at no effect: a factor for candidates
with no recent paper, and a power on ``log(deg z)``. Re-checked after identity resolution and the
new taxonomy: a refit on T = 2022 (``tie_years`` 3, ``hub_works`` 200) did worse on T = 2021, and
neither the variants listed in docs/benchmarks.md nor a linear model over 17 features of these
rows beat these weights on both splits, so they are unchanged. Issue 15's second round
(``python -m bench.linkpred_evidence``, the benchmark's 300 queries and 1,000 more with seed 7)
tried new evidence as factors on this score -- team continuity (common co-authors both wrote with
in the centre's last two years), shared venue series, the candidate's new co-authors per recent
year -- and a refit of these weights with team continuity in (``coauthor`` 2, ``tie`` 1, fitted on
T = 2022 with the 1,000 queries): each gained on one sample and lost on the other, and over HTTP
the refit lost at both T, so the weights are still the ones above (docs/benchmarks.md).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

DIGITS = 6
ADJACENT_PRIOR = 2.0
OWN_SHARE = 0.02
POOL_TWO_HOP = 50  # the strongest two-hop paths; scoring every one of 100 cost the p99 (docs/benchmarks.md)
BRIDGES = 50
SEED_TOPICS = 3
TOPIC_LEADERS = 20
SEED_INSTITUTIONS = 3
INSTITUTION_LEADERS = 20
FALLBACK_EVIDENCE = "fallback"


@dataclass(frozen=True)
class Weights:
    """The constants of the score (module docstring); the defaults are the fitted ones."""

    coauthor: float = 4.0
    tie: float = 3.0
    tie_years: float = 2.0
    topic: float = 0.5
    topic_papers: float = 1000.0
    institution: float = 1.0
    activity: float = 0.25
    active_years: int = 1
    hub_works: float = 100.0
    broad_papers: int = 1000
    broad_share: float = 0.05


WEIGHTS = Weights()


def npmi(co_papers: int, papers_x: int, papers_y: int, total: int) -> float:
    """Normalised PMI of two topics from paper counts (see the module docstring).

    >>> npmi(2, 2, 2, 2)
    1.0
    >>> npmi(1, 2, 2, 4)
    0.0
    """
    if co_papers <= 0 or total <= 0:
        return -1.0
    p_xy = co_papers / total
    if p_xy >= 1.0:
        return 1.0
    pmi = math.log(p_xy / ((papers_x / total) * (papers_y / total)))
    return round(pmi / -math.log(p_xy), DIGITS) + 0.0


def is_fallback(evidence: Iterable[str] | None) -> bool:
    """A HAS_TOPIC link the matcher gave for want of any match (its evidence says so)."""
    for e in evidence or ():  # noqa: SIM110 -- a loop, not any() over a generator: half the time, and
        # person rows test every topic link of a candidate's papers
        if e.startswith(FALLBACK_EVIDENCE):
            return True
    return False


class Tie(NamedTuple):
    """Two co-authors: their shared papers and the last year among them (None: no year known).
    Tuples, not dataclasses: a pool builds tens of thousands of them."""

    papers: int
    last_year: int | None


class Bridge(NamedTuple):
    """A common co-author seen from a candidate: its distinct co-authors, its tie with the candidate."""

    degree: int
    tie: Tie


def adjacent_score(co_papers: int, papers_x: int, papers_y: int, total: int) -> float:
    """NPMI shrunk by support (module docstring): one shared paper keeps a third of it.

    >>> adjacent_score(2, 2, 2, 2), adjacent_score(1, 1, 1, 4)
    (0.5, 0.333333)
    """
    shrink = co_papers / (co_papers + ADJACENT_PRIOR)
    return round(npmi(co_papers, papers_x, papers_y, total) * shrink, DIGITS) + 0.0


def researcher_topics(papers: Iterable[Iterable[str]], ancestors: Mapping[str, Iterable[str]],
                      works: int) -> list[tuple[str, int, int]]:
    """``(topic id, papers, own)`` rows, listed and ordered as in the module docstring.

    ``papers``: the topic ids of each of their papers; ``ancestors``: topic id -> its parent,
    grandparent, ... (missing = none); ``works``: their papers.

    >>> researcher_topics([{"pruning", "sparsity"}, {"sparsity"}, {"pruning", "sparsity"}],
    ...                   {"pruning": ["sparsity"]}, 3)
    [('pruning', 2, 2), ('sparsity', 3, 1)]
    """
    total: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for topics in papers:
        topics = set(topics)
        covered = {a for t in topics for a in ancestors.get(t, ())}
        total.update(topics)
        own.update(topics - covered)
    floor = max(1, math.ceil(OWN_SHARE * works - 1e-9))
    rows = [(t, n, own[t]) for t, n in total.items() if own[t] >= floor]
    rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
    return rows


@dataclass(frozen=True)
class Person:
    """The plain row scoring needs for the centre or one candidate (module docstring)."""

    id: str
    name: str
    works: int
    last_year: int | None
    topics: Mapping[str, int] = field(default_factory=dict)
    institutions: frozenset[str] = frozenset()
    years: Mapping[int, int] = field(default_factory=dict)
    ties: Mapping[str, Tie] = field(default_factory=dict)
    bridges: Mapping[str, Bridge] = field(default_factory=dict)


@dataclass(frozen=True)
class Filters:
    topic: str | None = None
    institution: str | None = None
    since: int | None = None
    exclude: frozenset[str] = frozenset()

    def admit(self, c: Person) -> bool:
        return (c.id not in self.exclude
                and (self.topic is None or bool(c.topics.get(self.topic)))
                and (self.institution is None or self.institution in c.institutions)
                and (self.since is None or (c.last_year is not None and c.last_year >= self.since)))


def adamic_adar(degrees: Iterable[int]) -> float:
    """Sum of ``1 / log(deg)``; degrees below 2 add nothing (no bridge through a lone author)."""
    return sum(1.0 / math.log(d) for d in degrees if d >= 2)


def path_weight(center: Person, z: str, bridge: Bridge, w: Weights = WEIGHTS) -> float:
    """The ``coauthor`` term of one path centre-z-candidate, before the hub factor."""
    mine = center.ties.get(z)
    if bridge.degree < 2 or mine is None:
        return 0.0
    return tie_path(_paths_memo(w), w, bridge.degree, bridge.tie, mine, center.last_year)


def tie_path(memo: dict[tuple[int, int, int], float], w: Weights, degree: int, theirs: tuple[int, int | None],
             mine: tuple[int, int | None], ref: int | None) -> float:
    """One path's weight from its two ties (``(papers, last year)``: the bridge's with the
    candidate, the centre's with the bridge), the bridge's degree (2 or more) and the centre's
    last year: strength is the weaker tie's papers, age the years since the older tie's last."""
    papers, last = theirs
    my_papers, my_last = mine
    strength = max(1, papers if papers < my_papers else my_papers)
    known = ref is not None and last is not None and my_last is not None
    age = max(0, ref - (last if last < my_last else my_last)) if known else 0
    return _path_from(memo, degree, strength, age, w)


@lru_cache(maxsize=64)
def _paths_memo(w: Weights) -> dict[tuple[int, int, int], float]:
    """The path weights of ``w`` by (degree, strength, age): a pool sees thousands of paths over a
    few dozen such values. Found once per request: hashing the frozen ``Weights`` is a
    Python-level call."""
    return {}


def _path_from(memo: dict[tuple[int, int, int], float], degree: int, strength: int, age: int,
               w: Weights) -> float:
    key = (degree, strength, age)
    value = memo.get(key)
    if value is None:
        if len(memo) >= 65536:
            memo.clear()
        value = memo[key] = (w.coauthor / math.log(degree) * (1 + w.tie * math.log(strength))
                             * math.exp(-age / w.tie_years))
    return value


def path_totals(center: Person, through: Iterable[tuple[str, int, Mapping[str, Tie]]],
                w: Weights = WEIGHTS) -> dict[str, float]:
    """Candidate -> the sum of its paths' weights (before the hub factor), from each bridge in
    turn: ``through`` gives (bridge id, its degree, its ties by candidate) in the centre's bridge
    order, so each equals the sum of :func:`path_weight` over the candidate's bridges in that
    order; no Bridge is built for the thousands of two-hop people who stay out. Both stores
    call it."""
    ties, ref = center.ties, center.last_year
    memo = _paths_memo(w)
    totals: dict[str, float] = {}
    get = totals.get
    for z, degree, theirs in through:
        mine = ties.get(z)
        if mine is None or degree < 2:
            for c in theirs:
                totals.setdefault(c, 0.0)
            continue
        # a bridge's co-authors share a few (papers, last year) ties: each weighed once
        weight_of: dict[Tie, float] = {}
        for c, tie in theirs.items():
            weight = weight_of.get(tie)
            if weight is None:
                weight = weight_of[tie] = tie_path(memo, w, degree, tie, mine, ref)
            totals[c] = get(c, 0.0) + weight
    return totals


def pool_of(center: Person, totals: Mapping[str, float], leaders: Iterable[Iterable[str]], *,
            include_coauthors: bool = False) -> list[str]:
    """Ids of the candidates, ordered by id: the ``POOL_TWO_HOP`` strongest two-hop people by
    their path sums (:func:`path_totals`), and the topic and institution ``leaders`` lists (cut
    to their sizes); the centre, and their co-authors unless ``include_coauthors``, left out."""
    excluded = {center.id} if include_coauthors else {center.id, *center.ties}
    # (-sum, id) tuples compare in C: a prolific centre has thousands of two-hop people
    best = heapq.nsmallest(POOL_TWO_HOP, [(-round(t, DIGITS), cid) for cid, t in totals.items() if cid not in excluded])
    pool = {cid for _, cid in best}
    for ids in leaders:
        pool.update(i for i in ids if i not in excluded)
    if include_coauthors:
        pool.update(c for c in center.ties if c != center.id)
    return sorted(pool)
