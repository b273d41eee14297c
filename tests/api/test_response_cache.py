"""The response cache (app/cache.py): a read asked again is not walked again, and the answer after
any write (an upload, another process's commit applied) is computed afresh."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app import refresh
from app.main import create_app
from graph.embedded.store import EmbeddedStore
from tests.api.conftest import NoMatcher, settings_from_env, slug, small_batch
from tests.api.test_errors_and_ingest import AUTH, FEED


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
