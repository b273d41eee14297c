"""Routes serialise their read models themselves (app/responses.py), so nothing re-validates an
answer on the way out: here every GET route's answer is checked against its ``response_model``,
the schema OpenAPI publishes (the read models forbid extra fields)."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from starlette.routing import Match

from app.routes import institutions, papers, researchers, system, topics
from tests.api.conftest import slug

ADA = slug("ada")
PATHS = ["/healthz", "/readyz", "/v1/stats",
         "/v1/researchers?q=ada", f"/v1/researchers/{ADA}", f"/v1/researchers/{ADA}/papers",
         f"/v1/researchers/{ADA}/collaborators", f"/v1/researchers/{ADA}/topics",
         f"/v1/researchers/{ADA}/institutions", f"/v1/researchers/{ADA}/recommendations",
         f"/v1/researchers/{ADA}/slice?depth=2", "/v1/topics", "/v1/topics/nerf", "/v1/topics/nerf/adjacent",
         "/v1/topics/nerf/papers", "/v1/topics/nerf/researchers", "/v1/institutions", "/v1/institutions/meta-ai",
         "/v1/institutions/meta-ai/researchers", "/v1/institutions/meta-ai/collaborators",
         "/v1/papers?q=paper&limit=2", "/v1/papers/p-p2"]


def _get_routes() -> list[APIRoute]:
    routers = (researchers.router, topics.router, institutions.router, papers.router, system.router)
    return [r for router in routers for r in router.routes if isinstance(r, APIRoute) and "GET" in r.methods]


def _route(path: str) -> APIRoute:
    scope = {"type": "http", "method": "GET", "path": path.split("?")[0]}
    found = [r for r in _get_routes() if r.matches(scope)[0] == Match.FULL]
    assert found, path
    return found[0]


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_is_its_response_model(client, path):
    resp = client.get(path)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/json"
    model = _route(path).response_model
    assert model is not None
    TypeAdapter(model).validate_json(resp.content, strict=False)


def test_every_get_route_is_covered():
    assert {r.path for r in _get_routes()} - {_route(p).path for p in PATHS} == set()
