"""Recommendations: the pure score and the embedded pool, with reasons checked against the graph."""

from __future__ import annotations

import math

import pytest

from graph.scoring import Person, adjacent_score, candidate_pool, npmi, rank_recommendations, researcher_topics
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
    # Eve: bridged by Cy and Dee (each with 3 co-authors), shares sparsity and nerf, active 2023.
    # Fay: bridged by Dee, shares sparsity and MIT.
    assert [r.id for r in recs] == [ID["eve"], ID["fay"]]
    eve = recs[0]
    aa = 1 / math.log(3)
    assert eve.score == pytest.approx(2 * aa + min(3 / 5, 1 / 2) + min(2 / 5, 1 / 2) + 0.25, abs=1e-6)
    assert {(r.kind, r.id) for r in eve.reasons} == {
        ("coauthor", ID["cy"]), ("coauthor", ID["dee"]), ("topic", "sparsity"), ("topic", "nerf"), ("recency", None)}
    assert [r.weight for r in eve.reasons] == sorted((r.weight for r in eve.reasons), reverse=True)
    assert recs[0].score > recs[1].score


def _authors(g, pk):
    return {s for s, d in g._pred[pk].items() if d["type"] == "AUTHORED"}


def _papers(g, rk):
    return [t for t, d in g._succ[rk].items() if d["type"] == "AUTHORED"]


def _verify(g, a: str, rec) -> None:
    """Every reason names a link that really joins both people."""
    ak, bk = f"researcher:{a}", f"researcher:{rec.id}"
    for r in rec.reasons:
        if r.kind == "topic":
            for k in (ak, bk):
                assert any(g.has_edge(pk, f"topic:{r.id}") for pk in _papers(g, k))
        elif r.kind == "coauthor":
            zk = f"researcher:{r.id}"
            for k in (ak, bk):
                assert any(zk in _authors(g, pk) for pk in _papers(g, k))
        elif r.kind == "institution":
            for k in (ak, bk):
                assert g.edges[k, f"institution:{r.id}"]["type"] == "AFFILIATED_WITH"
        else:
            assert r.kind == "recency"


@pytest.mark.parametrize("who", ["ada", "bob", "cy", "dee", "eve", "fay"])
def test_every_reason_is_verifiable(store, who):
    for rec in store.list_recommendations(ID[who], k=10, include_coauthors=True):
        _verify(store.graph, ID[who], rec)


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
    twins = [Person(i, i.upper(), works=1, last_year=2020, topics={"t": 1}) for i in ("c", "b")]
    loner = Person("z", "Z", works=1, last_year=2020, topics={"other": 1})
    recs = rank_recommendations(center, [*twins, loner], {"t": "T"}, k=5)
    assert [r.id for r in recs] == ["b", "c"]
    assert recs[0].score == recs[1].score == 1.25


def test_candidate_pool_excludes_centre_and_coauthors():
    hops = {"a": {"z": 3}, "b": {"z": 3}, "x": {"z": 3, "y": 2}}
    assert candidate_pool("a", ["b"], hops, [["q", "a"]]) == ["q", "x"]
    assert candidate_pool("a", ["b"], hops, [], include_coauthors=True) == ["b", "x"]
