"""Recommendations: the pure score and the embedded pool (graph/scoring.py's formula)."""

from __future__ import annotations

import math

import pytest

from graph.ranking import rank_recommendations, recent_papers
from graph.scoring import (
    WEIGHTS,
    Bridge,
    Filters,
    Person,
    Tie,
    adjacent_score,
    is_fallback,
    npmi,
    path_totals,
    path_weight,
    pool_of,
    researcher_topics,
)
from tests.graph.builders import ID, tiny_store

ADA = ID["ada"]


@pytest.fixture(scope="module")
def store():
    return tiny_store()


def test_one_shared_paper_does_not_lead_adjacency():
    # A pair seen once on two rare topics has the higher NPMI; support shrinks it below a pair
    # seen on 10 papers.
    once, often = (1, 40, 1, 10_000), (10, 40, 100, 10_000)
    assert npmi(*once) > npmi(*often)
    assert adjacent_score(*once) < adjacent_score(*often)
    assert adjacent_score(*often) == pytest.approx(npmi(*often) * 10 / 12, abs=1e-6)


def test_researcher_topics_most_specific_first_parents_only_with_information():
    ancestors = {"pruning": ["sparsity", "efficient"], "sparsity": ["efficient"], "nerf": ["3d"]}
    papers = [{"pruning", "sparsity", "efficient"}] * 3 + [{"sparsity", "efficient"}, {"nerf", "3d"}]
    rows = researcher_topics(papers, ancestors, 5)
    # "efficient" and "3d" only ever come with a finer topic: not listed.
    assert rows == [("pruning", 3, 3), ("sparsity", 4, 1), ("nerf", 1, 1)]
    # For 100 works a topic needs 2 papers of its own: one-offs drop out.
    assert [t for t, _, _ in researcher_topics(papers, ancestors, 100)] == ["pruning"]


def test_npmi_edges():
    assert npmi(5, 5, 5, 5) == 1.0
    assert npmi(1, 2, 2, 4) == 0.0
    assert npmi(1, 1, 1, 4) == 1.0  # always together: perfectly associated
    assert -1.0 <= npmi(1, 3, 3, 4) < 0


def test_recommendations_rank_people_not_coauthors(store):
    recs = store.list_recommendations(ADA, k=10)
    # Eve: bridged by Cy (2 papers with Ada, last 2022; 1 with Eve, 2022) and Dee (1 with Ada, 2023;
    # 1 with Eve, 2023), each with 3 co-authors; shares sparsity and nerf; 2 papers in 2022-2023.
    # sparsity tops a hierarchy here (mixture-of-experts is under it): a field, so no reason.
    assert [r.id for r in recs] == [ID["eve"], ID["fay"]]
    eve = {(r.kind, r.id): r.weight for r in recs[0].reasons}
    w = WEIGHTS
    assert eve[("coauthor", ID["dee"])] == pytest.approx(w.coauthor / math.log(3), abs=1e-6)
    assert eve[("coauthor", ID["cy"])] == pytest.approx(w.coauthor / math.log(3) * math.exp(-1 / w.tie_years),
                                                        abs=1e-6)
    recent = recent_papers(store._person(f"researcher:{ID['eve']}"), 2023, w.active_years)
    assert recent == {1: 1, 2: 2}.get(w.active_years, recent)
    assert eve[("recency", None)] == pytest.approx(w.activity * math.log(1 + recent), abs=1e-6)
    assert set(eve) == {("coauthor", ID["cy"]), ("coauthor", ID["dee"]), ("topic", "nerf"), ("recency", None)}
    assert [r.weight for r in recs[0].reasons] == sorted((r.weight for r in recs[0].reasons), reverse=True)
    assert recs[0].score > recs[1].score


def test_coauthors_excluded_unless_asked(store):
    plain = {r.id for r in store.list_recommendations(ADA, k=10)}
    assert plain.isdisjoint({ID["bob"], ID["cy"], ID["dee"]})
    with_co = {r.id for r in store.list_recommendations(ADA, k=10, include_coauthors=True)}
    assert {ID["bob"], ID["cy"], ID["dee"]} <= with_co


def test_topic_filter_and_k(store):
    assert [r.id for r in store.list_recommendations(ADA, k=10, topic="learning-to-optimize")] == [ID["fay"]]
    assert [r.id for r in store.list_recommendations(ADA, k=1)] == [ID["eve"]]
    assert store.list_recommendations(ADA, k=10, topic="unknown-topic") == []


def test_rank_ties_break_by_id_and_recency_alone_is_no_reason():
    center = Person("a", "A", works=2, last_year=2020, topics={"t": 2})
    twins = [Person(i, i.upper(), works=1, last_year=2020, topics={"t": 1}, years={2020: 1}) for i in ("c", "b")]
    loner = Person("z", "Z", works=1, last_year=2020, topics={"other": 1}, years={2020: 1})
    recs = rank_recommendations(center, [*twins, loner], {"t": "T"}, {"t": 3}, k=5)
    assert [r.id for r in recs] == ["b", "c"]
    assert recs[0].score == recs[1].score
    assert recs[0].score == pytest.approx(WEIGHTS.topic * math.log(1 + WEIGHTS.topic_papers / 3)
                                          + WEIGHTS.activity * math.log(2), abs=1e-5)


def test_filters_are_applied_to_every_candidate():
    center = Person("a", "A", works=1, last_year=2023, topics={"t": 1}, institutions=frozenset({"i"}))
    cands = [Person("b", "B", 1, 2019, topics={"t": 1}, institutions=frozenset({"i"})),
             Person("c", "C", 1, 2023, topics={"t": 1})]
    rank = lambda f: [r.id for r in rank_recommendations(center, cands, {}, {"t": 2}, k=5, filters=f)]  # noqa: E731
    assert rank(Filters()) == ["b", "c"]
    assert rank(Filters(since=2020)) == ["c"]
    assert rank(Filters(institution="i")) == ["b"]
    assert rank(Filters(exclude=frozenset({"b"}))) == ["c"]


def test_path_weight_strength_and_age():
    center = Person("a", "A", 5, 2023, ties={"z": Tie(4, 2023), "old": Tie(1, 2013)})
    strong = path_weight(center, "z", Bridge(3, Tie(4, 2023)))
    assert strong == pytest.approx(1 / math.log(3) * (1 + WEIGHTS.tie * math.log(4)) * WEIGHTS.coauthor)
    assert path_weight(center, "old", Bridge(3, Tie(4, 2023))) < strong * math.exp(-9 / WEIGHTS.tie_years)
    assert path_weight(center, "z", Bridge(1, Tie(1, 2023))) == 0.0  # no bridge through a lone author


def test_candidate_pool_excludes_centre_and_coauthors():
    center = Person("a", "A", 2, 2020, ties={"b": Tie(1, 2020), "z": Tie(1, 2020), "y": Tie(1, 2020)})
    b = Bridge(3, Tie(1, 2020))
    through = [("z", b.degree, {"a": b.tie, "b": b.tie, "x": b.tie}), ("y", 2, {"x": Tie(1, 2020)})]
    assert pool_of(center, path_totals(center, through), [["q", "a"]]) == ["q", "x"]
    assert pool_of(center, path_totals(center, through), [], include_coauthors=True) == ["b", "x", "y", "z"]


def test_fallback_evidence():
    assert is_fallback(["fallback: no topic matched"])
    assert not is_fallback(["sparse networks"]) and not is_fallback(None)


def test_a_field_is_never_a_reason():
    # "field" is on 60 of 100 papers: past both bounds (broad_papers lowered to 50 here), so only
    # the specific topic counts; with the defaults (1000 papers) it is specific again.
    from dataclasses import replace
    center = Person("a", "A", works=2, last_year=2020, topics={"field": 2, "niche": 1})
    cands = [Person("b", "B", 1, 2020, topics={"field": 1}), Person("c", "C", 1, 2020, topics={"niche": 1})]
    sizes = {"field": 60, "niche": 3}
    narrow = replace(WEIGHTS, broad_papers=50)
    recs = rank_recommendations(center, cands, {}, sizes, k=5, papers=100, weights=narrow)
    assert [r.id for r in recs] == ["c"]
    assert {r.id for r in rank_recommendations(center, cands, {}, sizes, k=5, papers=100)} == {"b", "c"}
    big = rank_recommendations(center, cands, {}, sizes, k=5, papers=2000, weights=narrow)
    assert {r.id for r in big} == {"b", "c"}


def test_path_sums_from_each_bridge_equal_those_from_each_candidate(monkeypatch):
    """Both stores sum paths bridge by bridge (path_totals): each sum is the candidate's own
    path weights added in bridge order, the same float, so the pool is the one the module
    docstring defines, on random ties and years."""
    import random

    import graph.scoring
    from graph.scoring import DIGITS, Bridge, Person, Tie, path_totals, path_weight, pool_of

    monkeypatch.setattr(graph.scoring, "POOL_TWO_HOP", 5)  # a pool that leaves most out
    rnd = random.Random(11)
    for _ in range(200):
        people = [f"p{i}" for i in range(60)]
        year = rnd.choice([None, 2020, 2023])
        bridges = rnd.sample(people, 8)
        center = Person(id="me", name="Me", works=20, last_year=year,
                        ties={z: Tie(rnd.randint(1, 9), rnd.choice([None, 2015, 2019, 2023])) for z in bridges})
        through = []
        for z in bridges:
            theirs = {c: Tie(rnd.randint(1, 5), rnd.choice([None, 2010, 2021, 2024]))
                      for c in rnd.sample(people, rnd.randint(0, 30)) if c != z}
            through.append((z, rnd.choice([1, len(theirs) + 1, 40]), theirs))
        hops: dict = {}
        for z, degree, theirs in through:
            for c, tie in theirs.items():
                hops.setdefault(c, {})[z] = Bridge(degree, tie)
        expected = {c: sum(path_weight(center, z, b) for z, b in bs.items()) for c, bs in hops.items()}
        assert path_totals(center, through) == expected
        leaders = [rnd.sample(people, 5)]
        for include in (False, True):
            out = {"me"} if include else {"me", *center.ties}
            best = sorted((-round(t, DIGITS), c) for c, t in expected.items() if c not in out)[:5]
            pool = {c for _, c in best} | {c for c in leaders[0] if c not in out}
            if include:
                pool |= set(center.ties)
            assert pool_of(center, path_totals(center, through), leaders, include_coauthors=include) == sorted(pool)


def test_ranking_scores_are_the_sums_of_the_reasons_shown():
    """rank_recommendations scores the pool without building every reason (_score) and builds
    them for the k it returns: on random candidates each score is the rounded sum of its own
    reasons, in their order, and the ranking is score_candidate's over the whole pool."""
    import random

    from graph.ranking import rank_recommendations, score_candidate
    from graph.scoring import DIGITS, Bridge, Person, Tie

    rnd = random.Random(5)
    topics = [f"t{i}" for i in range(12)]
    for _ in range(100):
        year = rnd.choice([None, 2021, 2024])
        bridges = [f"z{i}" for i in range(6)]
        center = Person(id="me", name="Me", works=rnd.randint(1, 40), last_year=year,
                        topics={t: rnd.randint(1, 9) for t in rnd.sample(topics, 7)},
                        institutions=frozenset(rnd.sample(["mit", "eth", "cmu"], rnd.randint(0, 2))),
                        ties={z: Tie(rnd.randint(1, 6), rnd.choice([None, 2018, 2023])) for z in bridges})
        cands = []
        for i in range(25):
            cands.append(Person(
                id=f"c{i:02d}", name=f"C {i}", works=rnd.choice([1, 5, 80, 300]),
                last_year=rnd.choice([None, 2022, 2024]),
                topics={t: rnd.randint(1, 5) for t in rnd.sample(topics, rnd.randint(0, 6))},
                institutions=frozenset(rnd.sample(["mit", "eth", "cmu"], rnd.randint(0, 2))),
                years={y: rnd.randint(1, 3) for y in rnd.sample([2020, 2022, 2023, 2024], rnd.randint(0, 3))},
                bridges={z: Bridge(rnd.choice([1, 2, 30]), Tie(rnd.randint(1, 4), rnd.choice([None, 2019, 2024])))
                         for z in rnd.sample(bridges, rnd.randint(0, 4))}))
        sizes = {t: rnd.choice([0, 3, 50, 900]) for t in center.topics}
        labels = {t: t.upper() for t in topics}
        expected = []
        for c in cands:
            reasons = score_candidate(center, c, labels, sizes)
            if reasons:
                expected.append((-round(sum(r.weight for r in reasons), DIGITS), c.id, reasons))
        expected.sort(key=lambda e: e[:2])
        got = rank_recommendations(center, cands, labels, sizes, k=10)
        assert [(r.id, r.score, r.reasons) for r in got] == [(cid, -neg, rs) for neg, cid, rs in expected[:10]]
        for r in got:
            assert r.score == round(sum(x.weight for x in r.reasons), DIGITS)
