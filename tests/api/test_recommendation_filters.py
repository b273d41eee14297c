"""The recommendations route's filters: exclude (repeated), institution, since, and their checks."""

from __future__ import annotations

from tests.api.conftest import slug
from tests.api.test_routes import assert_problem


def _ids(client, **params):
    resp = client.get(f"/v1/researchers/{slug('ada')}/recommendations", params={"k": 10, **params})
    assert resp.status_code == 200, resp.text
    return [r["id"] for r in resp.json()["items"]]


def test_exclude_is_repeatable(client):
    everyone = _ids(client)
    assert len(everyone) >= 1
    assert _ids(client, exclude=everyone[:1]) == everyone[1:]
    assert _ids(client, exclude=everyone) == []


def test_since_and_institution(client):
    assert _ids(client, since=2100) == []
    assert _ids(client, institution="no-such-institution") == []
    everyone = set(_ids(client))
    assert set(_ids(client, since=1900)) == everyone
    assert_problem(client.get(f"/v1/researchers/{slug('ada')}/recommendations", params={"since": 1800}),
                   422, "since")
