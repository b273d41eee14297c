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
**Candidate pool** (built by :func:`candidate_pool` from rows the backend fetches):

1. *two-hop*: every researcher who co-authored with one of the centre's *bridges* -- its
   first ``BRIDGES`` co-authors ordered by shared papers desc, then id (a bound for prolific
   centres; everyone's bridges for most people); each bridging co-author ``z`` contributes
   Adamic–Adar ``1 / log(deg z)`` where ``deg z`` is z's number of distinct co-authors
   (always >= 2 here). The top ``POOL_TWO_HOP`` by that sum
   (then id) join.
2. *topic*: for each of the centre's first ``SEED_TOPICS`` topics (ordered as
   ``list_researcher_topics``) and for the ``topic`` filter if given, the first
   ``TOPIC_LEADERS`` researchers of ``list_topic_researchers`` for that topic.
3. *institution*: for each of the centre's first ``SEED_INSTITUTIONS`` AFFILIATED_WITH
   institutions (ordered by the edge's ``papers`` desc, then institution id), the first
   ``INSTITUTION_LEADERS`` researchers AFFILIATED_WITH it (edge ``papers`` desc, then id).

The centre never joins; its co-authors join only with ``include_coauthors`` (then all of
them join). With a ``topic`` filter a candidate must have a paper on that topic.

**Score** of a candidate ``c`` for the centre ``a`` (:func:`score_candidate`), each term
one :class:`graph.views.Reason`:

* ``topic`` — per shared topic ``t``: ``W_TOPIC * min(share_a(t), share_c(t))`` with
  ``share(t) = papers on t / works``;
* ``coauthor`` — per common co-author ``z`` among the centre's bridges: ``W_COAUTHOR / log(deg z)``
  (Adamic–Adar);
* ``institution`` — per institution both are AFFILIATED_WITH: ``W_INSTITUTION``;
* ``recency`` — ``W_RECENCY * exp(-gap / RECENCY_YEARS)`` with ``gap = max(0, last_a - last_c)``
  over last active years (absent when either is unknown).

A candidate with no topic, co-author or institution term is dropped (recency alone is not a
reason to meet). Score = rounded sum of the rounded terms; ranked by score desc, then id.
Reasons are ordered by weight desc, then kind, then id.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.views import Reason, Recommendation

DIGITS = 6
W_TOPIC = 1.0
W_COAUTHOR = 1.0
W_INSTITUTION = 0.5
W_RECENCY = 0.25
RECENCY_YEARS = 3.0
ADJACENT_PRIOR = 2.0
OWN_SHARE = 0.02
POOL_TWO_HOP = 50  # the strongest two-hop ties; scoring every one of 100 cost the p99 (docs/benchmarks.md)
BRIDGES = 50
SEED_TOPICS = 3
TOPIC_LEADERS = 20
SEED_INSTITUTIONS = 3
INSTITUTION_LEADERS = 20


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
    """The plain row scoring needs for the centre or one candidate.

    ``topics``: topic id -> their papers carrying it; ``institutions``: ids they are
    AFFILIATED_WITH; ``last_year``: latest year among their papers; ``bridges`` (candidates
    only): common co-author id -> that co-author's number of distinct co-authors.
    """

    id: str
    name: str
    works: int
    last_year: int | None
    topics: Mapping[str, int] = field(default_factory=dict)
    institutions: frozenset[str] = frozenset()
    bridges: Mapping[str, int] = field(default_factory=dict)


def adamic_adar(degrees: Iterable[int]) -> float:
    """Sum of ``1 / log(deg)``; degrees below 2 add nothing (no bridge through a lone author)."""
    return sum(1.0 / math.log(d) for d in degrees if d >= 2)


def candidate_pool(center_id: str, coauthors: Iterable[str], two_hop: Mapping[str, Mapping[str, int]],
                   leaders: Iterable[Iterable[str]], *, include_coauthors: bool = False) -> list[str]:
    """Ids of the candidates, ordered by id.

    ``two_hop``: candidate id -> {bridging co-author id: its degree} over every two-hop
    neighbour; ``leaders``: the topic and institution leader lists, already cut to their sizes.
    """
    excluded = {center_id} if include_coauthors else {center_id, *coauthors}
    aa = ((-round(adamic_adar(b.values()), DIGITS), cid) for cid, b in two_hop.items() if cid not in excluded)
    pool = {cid for _, cid in heapq.nsmallest(POOL_TWO_HOP, aa)}
    for ids in leaders:
        pool.update(i for i in ids if i not in excluded)
    if include_coauthors:
        pool.update(c for c in coauthors if c != center_id)
    return sorted(pool)


def score_candidate(center: Person, cand: Person, labels: Mapping[str, str]) -> list[Reason]:
    """The reasons (terms) of one candidate; ``labels`` maps topic/researcher/institution ids to labels."""
    reasons = []
    for t in sorted(center.topics.keys() & cand.topics.keys()):
        w = W_TOPIC * min(center.topics[t] / max(center.works, 1), cand.topics[t] / max(cand.works, 1))
        reasons.append(Reason(kind="topic", id=t, label=labels.get(t, t), weight=round(w, DIGITS)))
    for z, deg in sorted(cand.bridges.items()):
        if deg >= 2:
            w = W_COAUTHOR / math.log(deg)
            reasons.append(Reason(kind="coauthor", id=z, label=labels.get(z, z), weight=round(w, DIGITS)))
    for i in sorted(center.institutions & cand.institutions):
        reasons.append(Reason(kind="institution", id=i, label=labels.get(i, i), weight=W_INSTITUTION))
    if not reasons:
        return []
    if center.last_year is not None and cand.last_year is not None:
        gap = max(0, center.last_year - cand.last_year)
        w = round(W_RECENCY * math.exp(-gap / RECENCY_YEARS), DIGITS)
        reasons.append(Reason(kind="recency", id=None, label=f"last active {cand.last_year}", weight=w))
    reasons.sort(key=lambda r: (-r.weight, r.kind, r.id or ""))
    return reasons


def rank_recommendations(center: Person, candidates: Iterable[Person], labels: Mapping[str, str], *,
                         k: int, topic: str | None = None) -> list[Recommendation]:
    """Score every candidate, keep those with a reason (and the ``topic``), best ``k`` first."""
    out = []
    for cand in candidates:
        if cand.id == center.id or (topic is not None and not cand.topics.get(topic)):
            continue
        reasons = score_candidate(center, cand, labels)
        if reasons:
            score = round(sum(r.weight for r in reasons), DIGITS)
            out.append(Recommendation(id=cand.id, name=cand.name, score=score, reasons=reasons))
    out.sort(key=lambda r: (-r.score, r.id))
    return out[:max(k, 0)]
