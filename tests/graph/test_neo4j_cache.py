"""The Neo4j store's read cache (graph/neo4j/cache.py): answers are reused only while no write
happened, whichever store instance (process) wrote."""

from __future__ import annotations

import pytest

from graph.model import AuthorRef, Paper, TopicLink
from graph.neo4j.store import Neo4jStore
from graph.store import GraphBatch
from tests.graph.builders import ID, NAMES, TOPICS, tiny_batch

pytestmark = pytest.mark.neo4j


def _new_paper() -> GraphBatch:
    """A ninth paper: ada and fay, a pair that had none."""
    return GraphBatch(topics=TOPICS, papers=[Paper(
        id="p9", title="Paper p9 on nerf", year=2024, sources=["s-tiny"],
        authors=[AuthorRef.of(NAMES["ada"], 1), AuthorRef.of(NAMES["fay"], 2)],
        topics=[TopicLink(topic_id="nerf", score=0.9)])])


def _loaded(neo4j_store) -> Neo4jStore:
    neo4j_store.upsert_batch(tiny_batch())
    neo4j_store.flush()
    return neo4j_store


def test_this_stores_own_write_is_seen_at_once(neo4j_store):
    store = _loaded(neo4j_store)  # cache on, checked once a second
    before = store.get_researcher(ID["ada"])
    assert store.get_researcher(ID["ada"]) == before
    store.upsert_batch(_new_paper())
    store.flush()
    after = store.get_researcher(ID["ada"])
    assert after.works == before.works + 1
    assert ID["fay"] in {c.id for c in store.list_collaborators(ID["ada"], limit=50)}


def test_another_writers_paper_is_seen_and_repeats_are_served_from_the_cache(neo4j_store, neo4j_server):
    writer = _loaded(neo4j_store)
    reader = Neo4jStore(neo4j_server.uri, apply_schema=False, cache_seconds=0)  # asks the version every read
    try:
        calls: list[str] = []
        read = reader._read
        reader._read = lambda name, **params: calls.append(name) or read(name, **params)
        first = reader.list_collaborators(ID["ada"], limit=50)
        assert reader.list_collaborators(ID["ada"], limit=50) == first
        assert calls.count("coauthors") == 1 and calls.count("projection_version") == 2
        writer.upsert_batch(_new_paper())
        writer.flush()
        again = reader.list_collaborators(ID["ada"], limit=50)
        assert calls.count("coauthors") == 2
        assert {c.id for c in again} == {c.id for c in first} | {ID["fay"]}
    finally:
        reader.close()


def test_a_wiped_and_reloaded_database_is_not_answered_from_before(neo4j_store, neo4j_server):
    writer = _loaded(neo4j_store)
    reader = Neo4jStore(neo4j_server.uri, apply_schema=False, cache_seconds=0)
    try:
        assert reader.get_researcher(ID["ada"]).works == 5
        writer.wipe()
        writer.upsert_batch(_new_paper())
        writer.flush()
        assert reader.get_researcher(ID["ada"]).works == 1
    finally:
        reader.close()
