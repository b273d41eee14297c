"""A researcher route asked for an id that identity retired: ``301`` to the person it became (the
same path and query), a 404 naming the candidates when it was split, on both backends."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from graph.embedded.store import EmbeddedStore
from graph.store import GraphBatch
from tests.api.conftest import NoMatcher
from tests.api.test_routes import assert_problem
from tests.graph.test_aliases import INITIAL, PLAIN, _authored, _moved, run


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request, api_settings):
    store = request.getfixturevalue("neo4j_store") if request.param == "neo4j" else EmbeddedStore(None)
    run(store, [INITIAL])
    run(store, [PLAIN])  # justin-f-rousseau -> justin-rousseau
    store.upsert_batch(GraphBatch(papers=[_authored("p-1", "ann-a"), _authored("p-2", "ann-x"),
                                          _authored("p-3", "ann-y")]))
    store.upsert_batch(_moved("p-1", "ann-a", ["ann-b"]))
    store.upsert_batch(_moved("p-1", "ann-b", ["ann-c"]))  # a chain: ann-a -> ann-b -> ann-c
    store.upsert_batch(_moved("p-2", "ann-x", ["ann-y", "ann-c"]))  # a homonym split
    store.flush()
    with TestClient(create_app(api_settings, store, matcher=NoMatcher()), raise_server_exceptions=False,
                    follow_redirects=False) as c:
        yield c


@pytest.mark.parametrize("path", ["", "/papers?year=2022&limit=5", "/collaborators?min_shared=1",
                                  "/topics", "/institutions", "/recommendations?k=3", "/slice?depth=2&format=gexf"])
def test_a_merged_id_moves_permanently_to_the_person_it_joined(client, path):
    resp = client.get(f"/v1/researchers/justin-f-rousseau{path}")
    assert resp.status_code == 301, resp.text
    assert resp.headers["location"] == f"/v1/researchers/justin-rousseau{path}"
    assert client.get(resp.headers["location"]).status_code == 200


def test_the_redirect_is_followed_to_the_profile(client):
    resp = client.get("/v1/researchers/justin-f-rousseau", follow_redirects=True)
    assert resp.status_code == 200 and resp.json()["id"] == "justin-rousseau"
    assert resp.json()["works"] == 3


def test_a_chain_leads_to_the_live_id_in_one_step(client):
    for old in ("ann-a", "ann-b"):
        resp = client.get(f"/v1/researchers/{old}/papers?limit=1")
        assert resp.status_code == 301
        assert resp.headers["location"] == "/v1/researchers/ann-c/papers?limit=1"


def test_a_split_id_is_a_404_naming_the_candidates(client):
    body = assert_problem(client.get("/v1/researchers/ann-x/papers"), 404, "ann-x", "ann-c", "ann-y")
    assert body["candidates"] == ["ann-c", "ann-y"]
    assert body["kind"] == "researcher" and body["id"] == "ann-x"


def test_unknown_ids_stay_plain_404s(client):
    body = assert_problem(client.get("/v1/researchers/nobody-at-all/topics"), 404, "nobody-at-all")
    assert "candidates" not in body
    assert_problem(client.get("/v1/topics/justin-f-rousseau"), 404)  # only researcher routes redirect
