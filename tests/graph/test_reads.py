"""Embedded read queries on the tiny hand-built graph (tests/graph/builders.py documents it)."""

from __future__ import annotations

import math

import pytest

from graph.store import NotFound
from tests.graph.builders import ID, tiny_store

ADA = ID["ada"]


@pytest.fixture(scope="module")
def store():
    return tiny_store()


def test_search_researchers_folds_accents_and_orders_by_works(store):
    # "ada" is in Adá Kowalski (5 works) and in Dee Adams (2 works).
    assert [r.id for r in store.search_researchers("ADA", limit=10)] == [ADA, ID["dee"]]
    assert [r.id for r in store.search_researchers("adá kow", limit=10)] == [ADA]
    assert store.search_researchers("nobody", limit=10) == []
    # "a": Adá (5 works), then Dee Adams and Fay Li (2 works each) by name; Bob Stone has no "a".
    assert [r.id for r in store.search_researchers("a", limit=10)] == [ADA, ID["dee"], ID["fay"]]
    assert [r.id for r in store.search_researchers("a", limit=1, offset=1)] == [ID["dee"]]


def test_profile_computed_and_close_collaborators(store):
    p = store.get_researcher(ADA)
    assert (p.works, p.first_year, p.last_year) == (5, 2020, 2023)
    assert p.computed == {"works": 5, "topics": 3, "collaborators": 3, "institutions": 2, "repositories": 1}
    assert [c.id for c in p.close_collaborators] == [ID["bob"], ID["cy"]]
    assert [t.id for t in p.top_topics] == ["sparsity", "nerf", "mixture-of-experts"]


def test_unknown_ids_raise_not_found(store):
    for call in (lambda: store.get_researcher("nobody"), lambda: store.get_topic("nope"),
                 lambda: store.get_paper("p-none"), lambda: store.get_institution("nowhere"),
                 lambda: store.list_collaborators("nobody", limit=5),
                 lambda: store.get_slice("nobody", depth=1, limit=5, include=frozenset())):
        with pytest.raises(NotFound):
            call()


def test_researcher_papers_order_and_filters(store):
    assert [p.id for p in store.list_researcher_papers(ADA, limit=10)] == ["p4", "p3", "p2", "p1", "p5"]
    assert [p.id for p in store.list_researcher_papers(ADA, topic="nerf", limit=10)] == ["p2", "p1"]
    assert [p.id for p in store.list_researcher_papers(ADA, year=2022, limit=10)] == ["p3"]
    first = store.list_researcher_papers(ADA, limit=1)[0]
    assert first.authors == ["Adá Kowalski", "Dee Adams"]
    assert first.topics == ["mixture-of-experts", "sparsity"]  # equal scores: by id


def test_collaborators_order_and_figures(store):
    rows = store.list_collaborators(ADA, limit=10)
    assert [(c.id, c.shared_papers, c.first_year, c.last_year) for c in rows] == [
        (ID["bob"], 3, 2020, 2021), (ID["cy"], 2, 2021, 2022), (ID["dee"], 1, 2023, 2023)]
    assert rows[0].shared_topics == ["nerf", "sparsity"]
    assert rows[1].shared_topics == ["sparsity", "nerf"]


def test_collaborator_filters(store):
    # since 2021: p5 has no year, so Bob keeps only p2; ties on 1 paper break by last year.
    assert [(c.id, c.shared_papers) for c in store.list_collaborators(ADA, since=2021, limit=10)] == [
        (ID["cy"], 2), (ID["dee"], 1), (ID["bob"], 1)]
    assert [c.id for c in store.list_collaborators(ADA, until=2020, limit=10)] == [ID["bob"]]
    assert [c.id for c in store.list_collaborators(ADA, min_shared=2, limit=10)] == [ID["bob"], ID["cy"]]
    assert [(c.id, c.shared_papers) for c in store.list_collaborators(ADA, topic="nerf", limit=10)] == [
        (ID["bob"], 2), (ID["cy"], 1)]
    assert [c.id for c in store.list_collaborators(ADA, limit=1, offset=1)] == [ID["cy"]]


def test_researcher_topics_and_institutions(store):
    assert [(t.id, t.papers, t.share) for t in store.list_researcher_topics(ADA, limit=10)] == [
        ("sparsity", 3, 0.6), ("nerf", 2, 0.4), ("mixture-of-experts", 1, 0.2)]
    insts = store.list_researcher_institutions(ADA, limit=10)
    assert [(i.id, i.papers, i.evidence) for i in insts] == [
        ("meta-ai", 1, ["affiliation", "paper"]), ("mit", 1, ["affiliation", "paper"])]


def _npmi(n_xy: int, n_x: int, n_y: int, n: int) -> float:
    p_xy = n_xy / n
    return math.log(p_xy / ((n_x / n) * (n_y / n))) / -math.log(p_xy)


def test_adjacent_topics_npmi_by_hand(store):
    # 7 papers carry a topic; sparsity on 4, nerf on 3, mixture-of-experts on 1; each pair on 1,
    # so each NPMI is shrunk by 1 / (1 + 2). mixture-of-experts is a subtopic of sparsity: its
    # lineage, not an adjacent topic.
    rows = store.list_adjacent_topics("sparsity", limit=10)
    assert [(a.id, a.co_papers, a.papers) for a in rows] == [("nerf", 1, 3)]
    assert rows[0].score == pytest.approx(_npmi(1, 4, 3, 7) / 3, abs=1e-6)
    assert rows[0].score < 0
    moe = store.list_adjacent_topics("mixture-of-experts", limit=10)
    assert "sparsity" not in {a.id for a in moe}


def test_topics_search_detail_papers_researchers(store):
    assert [t.id for t in store.search_topics("moe", limit=10)] == ["mixture-of-experts"]
    # all topics when q is empty: by papers desc, then id
    everything = [t.id for t in store.search_topics("", limit=10)]
    assert everything == sorted(everything, key=lambda t: (-store.get_topic(t).papers, t))
    assert set(everything) == {"learning-to-optimize", "mixture-of-experts", "nerf", "sparsity"}
    assert [t.id for t in store.search_topics("sparsity", limit=10)] == ["sparsity"]
    detail = store.get_topic("sparsity")
    assert (detail.papers, detail.researchers, detail.children) == (4, 6, ["mixture-of-experts"])
    assert [p.id for p in store.list_topic_papers("sparsity", limit=10)] == ["p7", "p3", "p4", "p2"]
    assert [(r.id, r.papers) for r in store.list_topic_researchers("sparsity", limit=3)] == [
        (ADA, 3), (ID["cy"], 2), (ID["dee"], 2)]


def test_institutions(store):
    assert [i.id for i in store.search_institutions("mit", limit=10)] == ["mit"]
    # all when q is empty, by papers desc, then name
    assert [i.id for i in store.search_institutions("", limit=10)] == ["mit", "meta-ai"]
    assert store.get_institution("mit").papers >= store.get_institution("meta-ai").papers
    d = store.get_institution("mit")
    assert (d.papers, d.researchers) == (2, 3)
    assert [(r.id, r.papers) for r in store.list_institution_researchers("mit", limit=10)] == [
        (ADA, 1), (ID["bob"], 1), (ID["fay"], 1)]
    assert store.list_institution_collaborators("mit", limit=10) == []


def test_papers_search_detail_stats(store):
    assert [p.id for p in store.search_papers("NERF", limit=10)] == ["p6", "p2", "p1"]
    assert [p.id for p in store.search_papers(has_code=True, limit=10)] == ["p1"]
    assert [p.id for p in store.search_papers(topic="sparsity", year=2023, limit=10)] == ["p4", "p7"]
    assert store.search_papers(limit=20)[-1].id == "p5"  # no year last
    d = store.get_paper("p4")
    assert [a.researcher_id for a in d.authors] == [ADA, ID["dee"]]
    assert [i.id for i in d.institutions] == ["meta-ai"]
    stats = store.get_stats()
    assert stats.nodes["Paper"] == 8 and stats.nodes["Source"] == 0
    assert stats.relationships["AUTHORED"] == 17 and stats.relationships["SUBTOPIC_OF"] == 1
