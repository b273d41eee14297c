"""One failure policy for every reader (issue 13): an upload from which nothing could be read is a 422."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.api.conftest import API_KEY
from tests.api.test_routes import assert_problem

AUTH = {"Authorization": f"Bearer {API_KEY}"}
FIXTURES = Path(__file__).parents[1] / "nlp" / "fixtures_exports"


class _NoTopics:
    def annotate(self, papers) -> None:
        return None


@pytest.fixture
def client(api_settings):
    from app.bootstrap import build_store

    store = build_store(api_settings)
    with TestClient(create_app(api_settings, store, matcher=_NoTopics())) as c:
        yield c
    store.close()


@pytest.mark.parametrize(("name", "fmt"), [("nothing.json", "openalex"), ("nothing.xml", "arxiv-atom")])
def test_an_upload_with_nothing_readable_is_422_with_the_reason(client, name, fmt):
    resp = client.post("/v1/ingest", params={"name": name, "format": fmt},
                       content=(FIXTURES / name).read_bytes(), headers=AUTH)
    body = assert_problem(resp, 422, name)
    assert body["problems"] and ("bad-json" in body["problems"][0] or "bad-xml" in body["problems"][0])


def test_a_truncated_upload_keeps_what_was_read(client):
    resp = client.post("/v1/ingest", params={"name": "truncated.xml"},
                       content=(FIXTURES / "truncated.xml").read_bytes(), headers=AUTH)
    assert resp.status_code == 200, resp.text
    entry = resp.json()["files"][0]
    assert entry["records"] == 1 and not entry["failed"] and "bad-xml" in entry["problems"][0]
