"""Ranking a recommendation pool: each candidate's reasons and score (graph/scoring.py's module
docstring defines them), shared by both backends.

A pool has ~135 candidates with ~27 reasons each. Scores are summed from the rounded weights
alone (:func:`_score`), and reasons are built as views only for the ``k`` returned.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping

from graph.scoring import DIGITS, WEIGHTS, Filters, Person, Weights, _paths_memo, path_weight, tie_path
from graph.views import Reason, Recommendation

# A reason while a pool is scored: (kind, id, label, weight). Only the ``k`` recommended are
# built as Reason views (a pool of ~100 candidates gave ~700 models per request otherwise).
Term = tuple[str, str | None, str, float]


def _topic_terms(center: Person, cand: Person, sizes: Mapping[str, int], labels: Mapping[str, str],
                 w: Weights, table: Mapping[str, tuple[float, float, str]] | None = None) -> list[Term]:
    """``table`` (:func:`_topic_table`) holds what depends on the centre alone, for a pool."""
    table = table if table is not None else _topic_table(center, sizes, labels, w)
    works = max(cand.works, 1)
    topics = cand.topics
    out = []
    for t in sorted(table.keys() & topics.keys()):
        mine, spec, label = table[t]
        theirs = topics[t] / works
        out.append(("topic", t, label, w.topic * (mine if mine < theirs else theirs) * spec))
    return out


def _topic_table(center: Person, sizes: Mapping[str, int], labels: Mapping[str, str],
                 w: Weights) -> dict[str, tuple[float, float, str]]:
    """Topic -> the centre's share of works on it, its specificity and its label."""
    works = max(center.works, 1)
    return {t: (center.topics[t] / works, math.log(1 + w.topic_papers / max(n or 1, 1)), labels.get(t, t))
            for t, n in sizes.items() if t in center.topics}


def recent_papers(person: Person, ref: int, years: int) -> int:
    """Papers of ``person`` in the ``years`` years up to and including ``ref``."""
    return sum(n for y, n in person.years.items() if ref - years < y <= ref)


def score_candidate(center: Person, cand: Person, labels: Mapping[str, str], sizes: Mapping[str, int],
                    w: Weights = WEIGHTS) -> list[Reason]:
    """The reasons (terms) of one candidate; ``labels`` maps topic/researcher/institution ids to
    labels, ``sizes`` the centre's topics to the papers carrying them."""
    return [_reason(t) for t in _terms(center, cand, labels, sizes, w)]


def _reason(term: Term) -> Reason:
    kind, id, label, weight = term
    return Reason(kind=kind, id=id, label=label, weight=weight)


def _terms(center: Person, cand: Person, labels: Mapping[str, str], sizes: Mapping[str, int],
           w: Weights, table: Mapping[str, tuple[float, float, str]] | None = None) -> list[Term]:
    """:func:`score_candidate`'s reasons as :data:`Term` tuples, weighted, rounded and ordered."""
    terms: list[Term] = [("coauthor", z, labels.get(z, z), pw)
                         for z, b in sorted(cand.bridges.items()) if (pw := path_weight(center, z, b, w)) > 0]
    terms += _topic_terms(center, cand, sizes, labels, w, table)
    terms += [("institution", i, labels.get(i, i), w.institution)
              for i in sorted(center.institutions & cand.institutions)]
    if not terms:
        return []
    ref = center.last_year
    recent = recent_papers(cand, ref, w.active_years) if ref is not None else 0
    if recent:
        span = f"{ref - w.active_years + 1}–{ref}" if w.active_years > 1 else str(ref)
        terms.append(("recency", None, f"{recent} paper{'s' * (recent != 1)} in {span}",
                      w.activity * math.log(1 + recent)))
    hub = min(1.0, w.hub_works / max(cand.works, 1))
    terms = [(k, i, label, round(weight * hub, DIGITS)) for k, i, label, weight in terms]
    terms.sort(key=lambda t: (-t[3], t[0], t[1] or ""))
    return terms


def specific(sizes: Mapping[str, int], papers: int, w: Weights = WEIGHTS,
             fields: Iterable[str] = ()) -> dict[str, int]:
    """The topics of ``sizes`` (topic -> papers carrying it) that are neither ``fields`` nor broad:
    a broad topic is on more than ``broad_papers`` papers and more than ``broad_share`` of all
    ``papers``."""
    fields = frozenset(fields)
    return {t: n for t, n in sizes.items()
            if t not in fields and (n <= w.broad_papers or n <= w.broad_share * papers)}


def rank_recommendations(center: Person, candidates: Iterable[Person], labels: Mapping[str, str],
                         sizes: Mapping[str, int], *, k: int, papers: int = 0, filters: Filters = Filters(),
                         weights: Weights = WEIGHTS, fields: Iterable[str] = ()) -> list[Recommendation]:
    """Score every admitted candidate, keep those with a reason, best ``k`` first. ``sizes``: the
    centre's topics -> papers carrying them; ``papers``: all papers of the graph; ``fields``: those
    of the centre's topics that are fields (module docstring)."""
    sizes = specific(sizes, papers, weights, fields)
    table = _topic_table(center, sizes, labels, weights)
    scored = []
    for cand in candidates:
        if cand.id == center.id or not filters.admit(cand):
            continue
        score = _score(center, cand, weights, table)
        if score is not None:
            scored.append((-score, cand.id, cand))
    return [Recommendation(id=cid, name=cand.name, score=-neg,
                           reasons=[_reason(t) for t in _terms(center, cand, labels, sizes, weights, table)])
            for neg, cid, cand in heapq.nsmallest(max(k, 0), scored, key=lambda r: r[:2])]


def _score(center: Person, cand: Person, w: Weights, table: Mapping[str, tuple[float, float, str]]) -> float | None:
    """The rounded sum of :func:`_terms`' weights (None: no reason), without building the terms:
    only the ``k`` recommended need them. The weights are summed largest first, which is the
    terms' order, so the float is the same one."""
    memo, ties, ref = _paths_memo(w), center.ties, center.last_year
    values = []
    for z, (degree, tie) in cand.bridges.items():
        mine = ties.get(z)
        if mine is not None and degree >= 2 and (weight := tie_path(memo, w, degree, tie, mine, ref)) > 0:
            values.append(weight)
    works, topics = max(cand.works, 1), cand.topics
    for t in table.keys() & topics.keys():
        mine_share, spec, _label = table[t]
        theirs = topics[t] / works
        values.append(w.topic * (mine_share if mine_share < theirs else theirs) * spec)
    values += [w.institution] * len(center.institutions & cand.institutions)
    if not values:
        return None
    if ref is not None and (recent := recent_papers(cand, ref, w.active_years)):
        values.append(w.activity * math.log(1 + recent))
    hub = min(1.0, w.hub_works / works)
    return round(sum(sorted([round(v * hub, DIGITS) for v in values], reverse=True)), DIGITS)
