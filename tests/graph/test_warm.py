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
