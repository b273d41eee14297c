"""The response cache (app/cache.py): a read asked again is not walked again, many asking one answer at
once compute it once, and the answer after any write (an upload, another process's commit applied)
is computed afresh. And which requests the expensive-request cap (app/limits.py) counts."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import uvicorn
from fastapi.testclient import TestClient

from app import refresh
from app.limits import DEEP_OFFSET, is_expensive
from app.main import create_app
from app.pagination import encode_cursor
from graph.embedded.store import EmbeddedStore
from tests.api.conftest import NoMatcher, settings_from_env, slug, small_batch
from tests.api.test_errors_and_ingest import AUTH, FEED
from tests.api.test_live_server import _free_port, _get


def _counting(store, method: str) -> list[int]:
    calls: list[int] = []
    inner = getattr(store, method)

    def counted(*args, **kwargs):
        calls.append(1)
        return inner(*args, **kwargs)

    setattr(store, method, counted)
    return calls


def test_a_read_asked_again_is_answered_from_the_cache(client, small_store):
    calls = _counting(small_store, "get_researcher")
    first = client.get(f"/v1/researchers/{slug('ada')}")
    again = client.get(f"/v1/researchers/{slug('ada')}")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again.headers["content-type"] == "application/json"
    assert len(calls) == 1
    client.get(f"/v1/researchers/{slug('bob')}")  # another path: another entry
    assert len(calls) == 2


def test_errors_and_writes_are_not_cached(client, small_store):
    calls = _counting(small_store, "get_researcher")
    assert client.get("/v1/researchers/nobody").status_code == 404
    assert client.get("/v1/researchers/nobody").status_code == 404
    assert len(calls) == 2


def test_the_answer_after_an_upload_is_new(ingest_client):
    c = ingest_client
    before = c.get("/v1/researchers", params={"q": "grace hopper"}).json()
    stats = c.get("/v1/stats").json()
    assert before["items"] == [] and c.get("/v1/stats").json() == stats  # the second one a cached answer
    resp = c.post("/v1/ingest", params={"name": "hopper.txt", "as_of": "2024-01-01"}, content=FEED, headers=AUTH)
    assert resp.status_code == 200, resp.text
    after = c.get("/v1/researchers", params={"q": "grace hopper"}).json()
    assert [r["id"] for r in after["items"]] == ["grace-hopper"]
    assert c.get("/v1/stats").json()["nodes"]["Paper"] == stats["nodes"]["Paper"] + 2


def test_another_process_commit_applied_makes_the_next_answer_new(tmp_path):
    settings = settings_from_env(RG_DATA_DIR=str(tmp_path / "data"))
    served = EmbeddedStore(tmp_path / "data")
    with TestClient(create_app(settings, served, matcher=NoMatcher())) as c:
        empty = c.get("/v1/stats").json()
        assert c.get(f"/v1/researchers/{slug('ada')}").status_code == 404
        other = EmbeddedStore(tmp_path / "data")  # another process's store on the same data directory
        other.upsert_batch(small_batch())
        other.flush()
        other.close()
        assert c.get("/v1/stats").json() == empty  # not applied yet: the graph this worker holds
        assert refresh.catch_up(c.app.state.store)
        assert c.get("/v1/stats").json()["nodes"]["Paper"] == len(small_batch().papers)
        assert c.get(f"/v1/researchers/{slug('ada')}").status_code == 200
    served.close()


def test_the_cache_can_be_turned_off(api_settings, small_store):
    settings = api_settings.model_copy(update={"rg_response_cache_mb": 0})
    calls = _counting(small_store, "get_researcher")
    with TestClient(create_app(settings, small_store, matcher=NoMatcher())) as c:
        c.get(f"/v1/researchers/{slug('ada')}")
        c.get(f"/v1/researchers/{slug('ada')}")
    assert len(calls) == 2


class SlowProfileStore(EmbeddedStore):
    """The small graph, with a profile that takes a while and counts how often it is computed."""

    def __init__(self) -> None:
        super().__init__(None)
        self.upsert_batch(small_batch())
        self.computed = 0

    def get_researcher(self, researcher_id):
        self.computed += 1
        time.sleep(0.3)
        return super().get_researcher(researcher_id)


def test_one_answer_asked_by_many_at_once_is_computed_once():
    store = SlowProfileStore()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings_from_env(), store, matcher=NoMatcher()),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/v1/researchers/{slug('ada')}"
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda _: _get(url), range(6)))
    finally:
        server.should_exit = True
        thread.join(10)
    assert {a[0] for a in answers} == {200} and len({a[2] for a in answers}) == 1
    assert store.computed == 1


def test_deep_pages_count_as_expensive():
    def scope(path: str, query: str = "") -> dict:
        return {"type": "http", "path": path, "query_string": query.encode()}

    assert is_expensive(scope(f"/v1/researchers/{slug('ada')}/slice"))
    assert is_expensive(scope("/v1/papers", f"q=learning&cursor={encode_cursor(DEEP_OFFSET)}"))
    assert not is_expensive(scope("/v1/papers", f"q=learning&cursor={encode_cursor(DEEP_OFFSET - 1)}"))
    assert not is_expensive(scope("/v1/papers", "cursor=not-ours"))  # the route's 422, not the limiter's
    assert not is_expensive(scope(f"/v1/researchers/{slug('ada')}"))
