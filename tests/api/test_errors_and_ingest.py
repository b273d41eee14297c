"""Backend down, write authorisation, upload limits and document uploads."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from graph.store import BackendUnavailable
from tests.api.conftest import API_KEY, UPLOAD_LIMIT, NoMatcher, settings_from_env
from tests.api.test_routes import assert_problem

AUTH = {"Authorization": f"Bearer {API_KEY}"}

# A tiny profile-feed document in the shape SPEC §1 describes, written for these tests.
FEED = """Grace Hopper

LG
h-index12
3papers
40citations

3 Papers

LGMar 3, 2021Code
Sparse Training of Compilers with Mixture of Experts

Grace Hopper, Alan Turing et al.

We study sparsity and sparse training of compiler passes with a mixture of experts. Code is at https://github.com/grace/cobol-moe

CVJun 9, 2022
Neural Radiance Fields for Punch Cards

Grace Hopper, Ada Lovelace

We render punch cards with neural radiance fields (NeRF).
"""


class DownStore:
    """A store whose backend cannot be reached."""

    def ping(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def __getattr__(self, name):
        def down(*args, **kwargs):
            raise BackendUnavailable("connection refused by db.internal:7687")
        return down


class DriverDownStore(DownStore):
    """A store that lets a driver error escape its translation."""

    def __getattr__(self, name):
        from neo4j.exceptions import ServiceUnavailable

        def down(*args, **kwargs):
            raise ServiceUnavailable("routing table unavailable")
        return down


@pytest.mark.parametrize("store_type", [DownStore, DriverDownStore])
def test_backend_down_is_503_but_liveness_stays_ok(api_settings, store_type):
    with TestClient(create_app(api_settings, store_type(), matcher=NoMatcher())) as c:
        assert c.get("/healthz").status_code == 200
        assert_problem(c.get("/readyz"), 503)
        body = assert_problem(c.get("/v1/researchers/ada-lovelace"), 503, "backend")
        assert "db.internal" not in body["detail"]  # hosts stay in the server log
        assert_problem(c.get("/v1/stats"), 503)


def test_a_bug_is_a_500_problem_without_internals(api_settings):
    class Broken(DownStore):
        def __getattr__(self, name):
            def boom(*args, **kwargs):
                raise RuntimeError("secret internals at /srv/db")
            return boom

    with TestClient(create_app(api_settings, Broken(), matcher=NoMatcher()), raise_server_exceptions=False) as c:
        body = assert_problem(c.get("/v1/topics/nerf"), 500)
        assert "secret" not in body["detail"]


def test_writes_need_the_bearer_key(client):
    missing = client.post("/v1/ingest", params={"name": "f.txt"}, content=FEED)
    assert_problem(missing, 401, "Authorization")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = client.post("/v1/ingest", params={"name": "f.txt"}, content=FEED,
                        headers={"Authorization": "Bearer nope"})
    assert_problem(wrong, 401, "not valid")
    basic = client.post("/v1/ingest", params={"name": "f.txt"}, content=FEED,
                        headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert_problem(basic, 401, "Bearer")


def test_writes_are_off_without_a_configured_key(tmp_path, small_store):
    settings = settings_from_env(RG_DATA_DIR=str(tmp_path / "d"))
    with TestClient(create_app(settings, small_store, matcher=NoMatcher())) as c:
        resp = c.post("/v1/ingest", params={"name": "f.txt"}, content=FEED, headers=AUTH)
        assert_problem(resp, 403, "RG_API_KEY")


def test_oversize_upload_refused_by_content_length(client):
    big = b"x" * (UPLOAD_LIMIT + 1)
    assert_problem(client.post("/v1/ingest", params={"name": "big.txt"}, content=big, headers=AUTH),
                   413, str(UPLOAD_LIMIT))
    files = {"file": ("big.txt", big, "text/plain")}
    assert_problem(client.post("/v1/ingest", files=files, headers=AUTH), 413)


def test_oversize_upload_refused_while_streaming(client):
    chunks_sent = []

    def body():
        # No Content-Length: the server must count bytes as they arrive.
        for _ in range(64):
            chunks_sent.append(1)
            yield b"y" * 1024

    resp = client.post("/v1/ingest", params={"name": "stream.txt"}, content=body(), headers=AUTH)
    assert_problem(resp, 413, str(UPLOAD_LIMIT))


def test_upload_needs_a_name_and_content(client):
    assert_problem(client.post("/v1/ingest", content=FEED, headers=AUTH), 422, "name")
    assert_problem(client.post("/v1/ingest", params={"name": "e.txt"}, content=b"", headers=AUTH), 422, "empty")
    assert_problem(client.post("/v1/ingest", params={"name": "f.txt", "as_of": "someday"}, content=FEED,
                               headers=AUTH), 422, "as_of")


@pytest.mark.parametrize("how", ["raw", "multipart"])
def test_upload_ingests_a_document(ingest_client, how):
    c = ingest_client
    params = {"format": "profile-feed", "as_of": "2024-01-01"}
    if how == "raw":
        resp = c.post("/v1/ingest", params={**params, "name": "hopper.txt"}, content=FEED, headers=AUTH)
    else:
        resp = c.post("/v1/ingest", params=params, files={"file": ("hopper.txt", FEED, "text/plain")}, headers=AUTH)
    assert resp.status_code == 200, resp.text
    assert "profile-feed" in resp.text
    profile = c.get("/v1/researchers/grace-hopper").json()
    assert profile["works"] == 2
    assert {f["name"]: f["value"] for f in profile["reported"]}["h_index"] == 12
    collaborators = {x["id"] for x in c.get("/v1/researchers/grace-hopper/collaborators").json()["items"]}
    assert collaborators == {"alan-turing", "ada-lovelace"}
    # The same document again changes no count.
    before = c.get("/v1/stats").json()
    c.post("/v1/ingest", params={**params, "name": "hopper.txt"}, content=FEED, headers=AUTH)
    assert c.get("/v1/stats").json() == before


def test_unreadable_upload_is_422_naming_the_file_and_stores_nothing(ingest_client):
    before = ingest_client.get("/v1/stats").json()
    resp = ingest_client.post("/v1/ingest", params={"name": "blob.bin"}, content=b"\x00\x9f\x92\x96" * 64,
                              headers=AUTH)
    body = assert_problem(resp, 422, "blob.bin")
    assert body["file"] == "blob.bin" and body["problems"]
    assert ingest_client.get("/v1/stats").json() == before
