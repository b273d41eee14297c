"""The API over a small hand-built graph whose answers can be checked by hand (tests/api/conftest.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from io import BytesIO

import networkx as nx
import pytest

from tests.api.conftest import PAPERS, PEOPLE, slug

PROBLEM = "application/problem+json"


def assert_problem(resp, status: int, *needles: str) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith(PROBLEM)
    body = resp.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= body.keys()
    for needle in needles:
        assert needle in body["detail"], body["detail"]
    return body


def test_health_ready_and_stats(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
    stats = client.get("/v1/stats").json()
    assert stats["nodes"]["Researcher"] == len(PEOPLE)
    assert stats["nodes"]["Paper"] == len(PAPERS)
    assert stats["relationships"]["AUTHORED"] == sum(len(p[2]) for p in PAPERS)


def test_profile_and_unknown_id(client):
    profile = client.get(f"/v1/researchers/{slug('ada')}").json()
    assert profile["name"] == "Ada Lovelace"
    assert profile["works"] == 3
    assert (profile["first_year"], profile["last_year"]) == (2021, 2023)
    assert profile["collaborator_count"] == 2
    body = assert_problem(client.get("/v1/researchers/no-such-person"), 404, "no-such-person")
    assert body["instance"] == "/v1/researchers/no-such-person"


def test_collaborators_order_and_filters(client):
    items = client.get(f"/v1/researchers/{slug('ada')}/collaborators").json()["items"]
    # Both share two papers with ada; cy's last shared year (2023) beats bob's (2022).
    assert [(c["id"], c["shared_papers"], c["first_year"], c["last_year"]) for c in items] == [
        (slug("cy"), 2, 2022, 2023), (slug("bob"), 2, 2021, 2022)]
    recent = client.get(f"/v1/researchers/{slug('ada')}/collaborators", params={"since": 2023}).json()["items"]
    assert [(c["id"], c["shared_papers"]) for c in recent] == [(slug("cy"), 1)]
    on_nerf = client.get(f"/v1/researchers/{slug('ada')}/collaborators", params={"topic": "nerf"}).json()
    assert {c["id"]: c["shared_papers"] for c in on_nerf["items"]} == {slug("cy"): 2, slug("bob"): 1}
    bad = client.get(f"/v1/researchers/{slug('ada')}/collaborators", params={"since": 2024, "until": 2020})
    assert_problem(bad, 422, "since")


def test_pages_follow_cursor_to_the_end(client):
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/papers", params=params).json()
        assert len(page["items"]) <= 2
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(f"p-{p[0]}" for p in PAPERS)
    assert len(seen) == len(set(seen))
    full = client.get("/v1/papers", params={"limit": 200}).json()
    assert [p["id"] for p in full["items"]] == seen and full["next_cursor"] is None


@pytest.mark.parametrize("params, name", [
    ({"limit": 10000}, "limit"), ({"limit": 0}, "limit"), ({"cursor": "not-a-cursor"}, "cursor"),
    ({"cursor": "eyJvIjotMX0"}, "cursor"),  # {"o":-1}
    ({"year": "soon"}, "year"),
])
def test_bad_list_parameters_are_422_naming_the_parameter(client, params, name):
    assert_problem(client.get("/v1/papers", params=params), 422, name)


def test_paper_filters_and_detail(client):
    with_code = client.get("/v1/papers", params={"has_code": True}).json()["items"]
    assert {p["id"] for p in with_code} == {"p-p1", "p-p4"}
    on_moe = client.get("/v1/papers", params={"topic": "mixture-of-experts"}).json()["items"]
    assert [p["id"] for p in on_moe] == ["p-p5"]
    detail = client.get("/v1/papers/p-p2").json()
    assert [a["name"] for a in detail["authors"]] == ["Ada Lovelace", "Bob Ross", "Cy Young"]
    assert_problem(client.get("/v1/papers/p-nope"), 404, "p-nope")


def test_topics_and_institutions(client):
    assert client.get("/v1/topics/nerf").json()["papers"] == 3
    adjacent = client.get("/v1/topics/nerf/adjacent").json()["items"]
    # nerf co-occurs with sparsity on p2 and p4 and never with mixture-of-experts.
    assert {a["id"]: a["co_papers"] for a in adjacent} == {"sparsity": 2}
    assert [p["id"] for p in client.get("/v1/topics/mixture-of-experts/papers").json()["items"]] == ["p-p5"]
    people = client.get("/v1/topics/nerf/researchers").json()["items"]
    assert people[0] == {"id": slug("cy"), "name": "Cy Young", "papers": 3}
    assert [i["id"] for i in client.get("/v1/institutions", params={"q": "meta"}).json()["items"]] == ["meta-ai"]
    members = {r["id"] for r in client.get("/v1/institutions/meta-ai/researchers").json()["items"]}
    assert members == {slug("ada"), slug("bob"), slug("cy")}
    assert_problem(client.get("/v1/topics/astrology"), 404, "astrology")
    assert_problem(client.get("/v1/institutions/nowhere/researchers"), 404, "nowhere")


def test_recommendations_exclude_coauthors_and_respect_k(client):
    resp = client.get(f"/v1/researchers/{slug('ada')}/recommendations", params={"k": 5})
    items = resp.json()["items"]
    ids = [r["id"] for r in items]
    assert slug("bob") not in ids and slug("cy") not in ids and slug("ada") not in ids
    assert slug("dee") in ids  # reached through cy, shares sparsity and nerf
    assert all(r["reasons"] for r in items)
    assert_problem(client.get(f"/v1/researchers/{slug('ada')}/recommendations", params={"k": 101}), 422, "k")


def test_slice_formats(client):
    url = f"/v1/researchers/{slug('ada')}/slice"
    js = client.get(url, params={"depth": 2}).json()
    assert js["center"] and js["nodes"] and js["edges"]
    ids = {n["id"] for n in js["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in js["edges"])

    cy = client.get(url, params={"depth": 2, "format": "cytoscape"})
    assert cy.headers["content-type"].startswith("application/json")
    elements = cy.json()["elements"]
    assert len(elements["nodes"]) == len(js["nodes"]) and len(elements["edges"]) == len(js["edges"])
    assert all({"id", "label", "type"} <= el["data"].keys() for el in elements["nodes"])
    assert all({"source", "target"} <= el["data"].keys() for el in elements["edges"])

    gml = client.get(url, params={"depth": 2, "format": "graphml"})
    assert gml.headers["content-type"].startswith("application/xml")
    assert ".graphml" in gml.headers["content-disposition"]
    g = nx.read_graphml(BytesIO(gml.content))
    assert g.number_of_nodes() == len(js["nodes"])

    gexf = client.get(url, params={"depth": 2, "format": "gexf"})
    assert gexf.headers["content-type"].startswith("application/xml")
    assert ET.fromstring(gexf.content).tag.endswith("gexf")


def test_slice_parameters(client):
    url = f"/v1/researchers/{slug('ada')}/slice"
    only_people = client.get(url, params={"depth": 2, "include": "researcher"}).json()
    assert {n["type"].lower() for n in only_people["nodes"]} <= {"researcher"}
    small = client.get(url, params={"depth": 2, "limit": 3}).json()
    assert len(small["nodes"]) <= 3 and small["truncated"] is True
    assert_problem(client.get(url, params={"depth": 3}), 422, "depth")
    assert_problem(client.get(url, params={"limit": 501}), 422, "limit")
    assert_problem(client.get(url, params={"include": "paper,planet"}), 422, "include", "planet")
    assert_problem(client.get(url, params={"format": "pdf"}), 422, "format")
    assert_problem(client.get("/v1/researchers/nobody/slice"), 404, "nobody")


def test_unknown_route_is_problem_json(client):
    assert_problem(client.get("/v2/nothing"), 404)


def test_cors_allows_configured_origin_only(client):
    ok = client.get("/healthz", headers={"Origin": "https://explorer.example"})
    assert ok.headers.get("access-control-allow-origin") == "https://explorer.example"
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_openapi_documents_every_route(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/v1/researchers/{researcher_id}/slice", "/v1/topics/{topic_id}/adjacent",
                 "/v1/institutions/{institution_id}/collaborators", "/v1/ingest", "/readyz"):
        assert path in paths
    profile = paths["/v1/researchers/{researcher_id}"]["get"]
    assert profile["summary"] and profile["tags"] == ["researchers"]
    assert "application/problem+json" in profile["responses"]["404"]["content"]
    assert "application/problem+json" in paths["/v1/ingest"]["post"]["responses"]["413"]["content"]
    assert any(p.get("examples") or p.get("schema", {}).get("examples") for p in profile["parameters"])


def test_home_serves_the_explorer_or_points_to_docs(client):
    from app.main import STATIC_DIR

    resp = client.get("/", follow_redirects=False)
    if (STATIC_DIR / "index.html").is_file():
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    else:
        assert resp.status_code in (302, 307) and resp.headers["location"] == "/docs"


@pytest.mark.parametrize("fmt", ["json", "cytoscape", "graphml", "gexf"])
def test_export_slice_writes_a_file(small_store, tmp_path, fmt):
    from app.exporting import export_slice

    out = tmp_path / "out" / f"slice.{fmt}"
    s = export_slice(small_store, slug("ada"), fmt, out, depth=2, limit=50, include="researcher,paper,topic")
    assert out.is_file() and list(out.parent.iterdir()) == [out]  # no temp file left behind
    assert {n.type.lower() for n in s.nodes} <= {"researcher", "paper", "topic"}
    if fmt == "graphml":
        assert set(nx.read_graphml(out).nodes) == {n.id for n in s.nodes}
    elif fmt == "gexf":
        ET.parse(out)
    else:
        import json

        assert json.loads(out.read_text())


def test_export_slice_rejects_unknown_types(small_store, tmp_path):
    from app.exporting import export_slice

    with pytest.raises(ValueError, match="planet"):
        export_slice(small_store, slug("ada"), "json", tmp_path / "x.json", include="planet")
    with pytest.raises(ValueError, match="pdf"):
        export_slice(small_store, slug("ada"), "pdf", tmp_path / "x.pdf")


def test_researcher_search_ignores_case_and_accents(client):
    for q in ("lovelace", "ADA LOVELACE", "Àda"):
        items = client.get("/v1/researchers", params={"q": q}).json()["items"]
        assert [r["id"] for r in items] == [slug("ada")], q
    assert client.get("/v1/researchers", params={"q": "nobody here"}).json() == {"items": [], "next_cursor": None}
