"""Every read route of SPEC §6 answers with the same status and JSON on both backends.

Both apps serve the contract corpus (tiny graph, the seeds, the AISTATS paper lists); the
paths are built from the seed researcher's own answers on the embedded app, by fixed rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.neo4j

CENTRE = "tianlong-chen"


def client_for(store) -> TestClient:
    return TestClient(create_app(Settings(), store, matcher=object()), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def clients(reference, neo4j_loaded) -> Iterator[tuple[TestClient, TestClient]]:
    with client_for(reference) as embedded, client_for(neo4j_loaded) as neo4j:
        yield embedded, neo4j


def paths(embedded: TestClient) -> list[str]:
    def ids(path: str, n: int = 2) -> list[str]:
        return [quote(item["id"], safe="") for item in embedded.get(path).json()["items"][:n]]

    r = f"/v1/researchers/{CENTRE}"
    people = [CENTRE, *ids(f"{r}/collaborators", 2), *ids("/v1/researchers?q=wang", 1), "no-such-person"]
    topics = ["nerf", "sparsity", "mixture-of-experts", "learning-to-optimize", *ids(f"{r}/topics", 2), "no-such"]
    insts = [*ids(f"{r}/institutions", 2), *ids("/v1/institutions?q=university", 2), "no-such-institution"]
    papers = [*ids(f"{r}/papers", 3), *ids("/v1/papers?q=sparse", 2), "no-such-paper"]
    out = ["/v1/stats", "/v1/researchers?q=chen", "/v1/researchers?q=JOSÉ", "/v1/topics?q=learn",
           "/v1/institutions?q=texas", "/v1/papers?q=lottery&has_code=true", "/v1/papers?topic=nerf&year=2022",
           f"{r}/collaborators?since=2021&until=2023&min_shared=2", f"{r}/collaborators?topic=sparsity",
           f"{r}/papers?topic=sparsity&year=2022", f"{r}/recommendations?topic=sparsity&k=5",
           f"{r}/slice?depth=2&limit=50", f"{r}/slice?depth=1&include=Topic,Paper&since=2022",
           f"{r}/slice?depth=1&include=researcher&limit=200", f"{r}/slice?depth=2&include=researcher&limit=120",
           f"{r}/slice?depth=2&include=researcher&format=cytoscape",
           f"{r}/collaborators?limit=3"]
    for p in people:
        out += [f"/v1/researchers/{p}{tail}" for tail in
                ("", "/papers", "/collaborators", "/topics", "/institutions", "/recommendations", "/slice")]
    for t in topics:
        out += [f"/v1/topics/{t}{tail}" for tail in ("", "/adjacent", "/papers", "/researchers")]
    for i in insts:
        out += [f"/v1/institutions/{i}{tail}" for tail in ("", "/researchers", "/collaborators")]
    out += [f"/v1/papers/{p}" for p in papers]
    return out


def test_every_read_route_answers_the_same_json(clients):
    embedded, neo4j = clients
    checked = paths(embedded)
    assert len(checked) > 80
    for path in checked:
        want, got = embedded.get(path), neo4j.get(path)
        assert (got.status_code, got.json()) == (want.status_code, want.json()), path
        # the comparison is of real answers: only the made-up ids are missing
        assert want.status_code == (404 if "no-such" in path else 200), path


def test_next_page_is_the_same_on_both(clients):
    embedded, neo4j = clients
    path = f"/v1/researchers/{CENTRE}/papers?limit=5"
    first = embedded.get(path).json()
    assert first["next_cursor"] and neo4j.get(path).json() == first
    nxt = f"{path}&cursor={quote(first['next_cursor'], safe='')}"
    assert embedded.get(nxt).json() == neo4j.get(nxt).json() != first


@pytest.mark.parametrize("offset", [10_001, 2**63 - 1, 2**63, 10**30])
def test_cursors_past_the_window_are_422_on_both(clients, offset):
    from app.pagination import encode_cursor

    embedded, neo4j = clients
    r = f"/v1/researchers/{CENTRE}"
    lists = ["/v1/researchers?q=chen", "/v1/topics", "/v1/institutions", "/v1/papers", f"{r}/papers",
             f"{r}/collaborators", f"{r}/topics", f"{r}/institutions", "/v1/topics/sparsity/papers",
             "/v1/topics/sparsity/researchers", "/v1/topics/sparsity/adjacent"]
    cursor = quote(encode_cursor(offset), safe="")
    for path in lists:
        sep = "&" if "?" in path else "?"
        for client in (embedded, neo4j):
            resp = client.get(f"{path}{sep}cursor={cursor}")
            assert resp.status_code == 422, (path, resp.text)
            assert resp.headers["content-type"].startswith("application/problem+json")
