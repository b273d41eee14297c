"""Neo4jStore specifics: error translation, idempotent writes, updates in place, the wipe guard."""

from __future__ import annotations

import socket

import pytest
from neo4j.exceptions import ConstraintError, ServiceUnavailable, SessionExpired

from graph.model import AuthorRef, Paper
from graph.neo4j.errors import StoreConflict, translate
from graph.store import BackendUnavailable, GraphBatch
from tests.fixtures.neo4j_server import _claim_database
from tests.graph.builders import tiny_batch


def test_driver_errors_become_store_errors():
    assert isinstance(translate(ServiceUnavailable("gone")), BackendUnavailable)
    assert isinstance(translate(SessionExpired("expired")), BackendUnavailable)
    assert isinstance(translate(ConstraintError()), StoreConflict)


def test_an_unreachable_server_is_unavailable_not_a_crash():
    from graph.neo4j.store import Neo4jStore

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = Neo4jStore(f"bolt://127.0.0.1:{port}", user="neo4j", password="s3cret-pw")
    try:
        assert "s3cret-pw" not in repr(store)
        assert store.ping() is False
        with pytest.raises(BackendUnavailable, match="unreachable"):
            store.get_researcher("ada-kowalski")
    finally:
        store.close()


@pytest.mark.neo4j
def test_writes_are_idempotent_and_update_in_place(neo4j_store):
    from graph.embedded.store import EmbeddedStore

    reference = EmbeddedStore(None)
    for store in (neo4j_store, reference):
        store.upsert_batch(tiny_batch())
    once = neo4j_store.get_stats()
    neo4j_store.upsert_batch(tiny_batch())
    assert neo4j_store.get_stats() == once == reference.get_stats()

    # p8 changes hands: Fay leaves (her MIT affiliation goes with it), Eve joins with Meta AI.
    [p8] = neo4j_store.get_papers(["p8"])
    moved = Paper(**{**p8.model_dump(), "authors": [AuthorRef.of("Eve Ng", 1, affiliations=["meta-ai"])],
                     "institutions": ["meta-ai"]})
    for store in (neo4j_store, reference):
        store.upsert_batch(GraphBatch(papers=[moved]))
    for rid in ("fay-li", "eve-ng"):
        assert neo4j_store.get_researcher(rid) == reference.get_researcher(rid)
        assert neo4j_store.list_researcher_institutions(rid, limit=10) == \
            reference.list_researcher_institutions(rid, limit=10)
    assert [i.id for i in neo4j_store.list_researcher_institutions("eve-ng", limit=10)] == ["meta-ai"]
    assert neo4j_store.get_stats() == reference.get_stats()


@pytest.mark.neo4j
def test_the_guard_refuses_a_foreign_database_that_holds_data(neo4j_store):
    neo4j_store.upsert_batch(tiny_batch())
    with pytest.raises(pytest.fail.Exception, match="already holds data"):
        _claim_database(neo4j_store, owned=False)
    assert neo4j_store.count_nodes() > 0, "the refused database was not touched"
    _claim_database(neo4j_store, owned=True)
    assert neo4j_store.count_nodes() == 0
