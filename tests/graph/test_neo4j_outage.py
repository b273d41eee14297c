"""The API over a Neo4jStore survives a Neo4j outage: 503 problem+json while the server is
down, the same answers once it is back — without recreating the app or the store."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from graph.store import BackendUnavailable

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(restartable_neo4j):
    import uvicorn

    from app.main import create_app
    from app.settings import Settings
    from graph.neo4j.store import Neo4jStore
    from tests.graph.builders import tiny_batch

    store = Neo4jStore(restartable_neo4j.uri)
    store.upsert_batch(tiny_batch())
    settings = Settings(rg_backend="neo4j", neo4j_uri=restartable_neo4j.uri)
    app = create_app(settings, store, matcher=object())
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        yield client, restartable_neo4j, store
    server.should_exit = True
    thread.join(10)
    store.close()


def _wait_for(client: httpx.Client, path: str, status: int, timeout: float = 60.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(path)
        if r.status_code == status or time.monotonic() > deadline:
            return r
        time.sleep(0.25)


def test_outage_gives_503_and_recovers_by_itself(served):
    client, neo4j, store = served
    path = "/v1/researchers/ada-kowalski/collaborators"
    before = client.get(path)
    assert before.status_code == 200, before.text
    assert before.json()["items"], "the tiny graph gives Adá co-authors"
    assert client.get("/readyz").status_code == 200

    started = time.monotonic()
    neo4j.stop()
    print(f"neo4j stopped in {time.monotonic() - started:.1f} s")
    down = client.get(path)
    assert down.status_code == 503, down.text
    assert down.headers["content-type"].startswith("application/problem+json")
    assert "backend" in down.json()["detail"]
    # The store's own error names the server and the cause (the API logs it, shows less).
    with pytest.raises(BackendUnavailable, match="neo4j is unreachable"):
        store.get_researcher("ada-kowalski")
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.headers["content-type"].startswith("application/problem+json")

    neo4j.start()
    print(f"neo4j restarted in {neo4j.startup_seconds:.1f} s")
    back = _wait_for(client, path, 200)
    assert back.status_code == 200, back.text
    assert back.json() == before.json()
    assert _wait_for(client, "/readyz", 200).status_code == 200
