"""``EmbeddedStore.warm`` builds derived data ahead of requests and changes no answer."""

from __future__ import annotations

from graph.embedded.store import EmbeddedStore
from tests.graph.builders import tiny_batch


def answers(store: EmbeddedStore) -> list:
    topics = [t.id for t in store.search_topics("", limit=100)]
    people = [r.id for r in store.search_researchers("", limit=100)]
    return ([store.list_adjacent_topics(t, limit=50) for t in topics]
            + [store.list_topic_researchers(t, limit=50) for t in topics]
            + [store.list_recommendations(r, k=10) for r in people])


def test_warm_builds_the_caches_and_keeps_every_answer():
    cold, warm = EmbeddedStore(None), EmbeddedStore(None)
    cold.upsert_batch(tiny_batch())
    warm.upsert_batch(tiny_batch())
    warm.warm()
    idx = warm._indexes()
    assert "topic_pairs" in vars(idx) and idx.person_cache and idx.topic_cache
    assert answers(warm) == answers(cold)


def test_warm_ties_are_the_ties_a_cold_request_builds(monkeypatch):
    """The warm-up keeps the prolific researchers' ties (everyone here, at one paper): the same
    rows a request builds for itself, and the same recommendations."""
    import graph.embedded.reads_graph as reads_graph

    monkeypatch.setattr(reads_graph, "WARM_TIES_WORKS", 1)
    cold, warm = EmbeddedStore(None), EmbeddedStore(None)
    cold.upsert_batch(tiny_batch())
    warm.upsert_batch(tiny_batch())
    warm.warm()
    people = [f"researcher:{r.id}" for r in warm.search_researchers("", limit=100) if r.works]
    kept = {k[1] for k in warm._indexes().topic_cache if k[0] == "ties"}
    assert kept == set(people) and len(people) >= 5
    for rk in people:
        degree, theirs = warm._ties_through(rk)
        assert (degree, theirs) == cold._ties_through(rk)
        assert theirs == {w[len("researcher:"):]: tuple(t) for w, t in reads_graph.ties(cold.graph, rk).items()}
    assert answers(warm) == answers(cold)
