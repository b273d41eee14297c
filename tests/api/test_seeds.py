"""The issue's questions, asked over HTTP of the three real seed documents.

Expected figures are facts read off the documents (71 distinct papers, the claimed
header figures) or computed here by parsing the documents independently of the
product's readers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from io import BytesIO
from pathlib import Path

import networkx as nx
import pytest

from graph.ids import slugify
from tests.api.test_routes import assert_problem

pytestmark = pytest.mark.corpus

ME = "tianlong-chen"
HEADER = re.compile(r"^(\d+(\.\d+)?)?[A-Z][A-Z-]+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}"
                    r"(, \d{4})?(Code)?$")


def feed_records(seeds_dir: Path) -> list[tuple[str, list[str], list[str]]]:
    """(title, listed author names, institution tags) of each profile-feed record.

    A record is a date header line, the title, a blank line and the author line.
    """
    feed = next(p for p in sorted(seeds_dir.glob("*.txt")) if "h-index" in p.read_text(encoding="utf-8")[:500])
    lines = feed.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        if HEADER.match(line.strip()) and i + 3 < len(lines):
            title, author_line = lines[i + 1].strip(), lines[i + 3].strip()
            names_part, _, tags = author_line.partition(" · ")
            names_part = re.sub(r"\s*et al\.?$", "", names_part)
            names = [n.strip() for n in names_part.split(",") if n.strip()]
            out.append((title, names, [t.strip() for t in tags.split(",") if t.strip()]))
    return out


def all_items(client, url: str, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = client.get(url, params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return items


def test_profile_shows_computed_and_reported_figures(seeded_client):
    profile = seeded_client.get(f"/v1/researchers/{ME}").json()
    assert profile["works"] == 71
    assert profile["computed"]["works"] == 71
    reported = {(f["name"], f["value"]) for f in profile["reported"]}
    # Claimed by the feed header and by the researcher-profile page respectively.
    assert {("h_index", 73), ("papers", 247), ("citations", 13529)} <= reported
    assert {("works", 36), ("topics", 10), ("close_collaborators", 4)} <= reported
    assert profile["top_topics"]
    # The feed's "· meta-ai, harvard" tags are its papers' institutions: on multi-author papers
    # they do not say where he was, and nothing in the seeds ties him to them.
    assert profile["institutions"] == []
    tagged = seeded_client.get("/v1/institutions/meta-ai").json()
    assert tagged["papers"] > 0
    assert profile["collaborator_count"] == len(all_items(seeded_client, f"/v1/researchers/{ME}/collaborators"))


def test_collaborator_counts_match_the_feed_author_lines(seeded_client, seeds_dir):
    expected: dict[str, set[str]] = defaultdict(set)
    for title, names, _ in feed_records(seeds_dir):
        for name in names:
            if slugify(name) != ME:
                expected[slugify(name)].add(title.lower())
    assert len(expected) > 20
    got = {c["id"]: c["shared_papers"] for c in all_items(seeded_client, f"/v1/researchers/{ME}/collaborators")}
    assert got == {k: len(v) for k, v in expected.items()}


def test_topics_and_institutions_answer_sensibly(seeded_client, seeds_dir):
    topics = {t["id"] for t in all_items(seeded_client, f"/v1/researchers/{ME}/topics")}
    assert {"sparsity", "mixture-of-experts", "nerf", "learning-to-optimize"} <= topics

    adjacent = seeded_client.get("/v1/topics/nerf/adjacent").json()["items"]
    assert adjacent and all(-1.0 <= a["score"] <= 1.0 and a["id"] != "nerf" for a in adjacent)
    nerf_papers = all_items(seeded_client, "/v1/topics/nerf/papers")
    for a in adjacent:
        assert a["co_papers"] == sum(a["id"] in p["topics"] for p in nerf_papers)

    moe = all_items(seeded_client, "/v1/topics/mixture-of-experts/papers")
    assert moe and all("mixture-of-experts" in p["topics"] for p in moe)

    tagged = {slugify(n) for _, names, tags in feed_records(seeds_dir) if "meta-ai" in tags for n in names}
    people = {r["id"] for r in all_items(seeded_client, "/v1/institutions/meta-ai/researchers")}
    assert tagged and tagged <= people


def test_depth_two_slice_is_limited_connected_and_truncated(seeded_client):
    url = f"/v1/researchers/{ME}/slice"
    s = seeded_client.get(url, params={"depth": 2, "limit": 50}).json()
    assert len(s["nodes"]) <= 50 and s["truncated"] is True
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in s["nodes"])
    g.add_edges_from((e["source"], e["target"]) for e in s["edges"])
    assert g.number_of_nodes() == len(s["nodes"])  # no edge points outside the slice
    assert nx.node_connected_component(g, s["center"]) == set(g.nodes)

    gml = seeded_client.get(url, params={"depth": 2, "limit": 50, "format": "graphml"})
    assert set(nx.read_graphml(BytesIO(gml.content)).nodes) == set(g.nodes)
    ET.fromstring(seeded_client.get(url, params={"depth": 2, "limit": 50, "format": "gexf"}).content)
    cy = seeded_client.get(url, params={"depth": 2, "limit": 50, "format": "cytoscape"}).json()["elements"]
    assert {el["data"]["id"] for el in cy["nodes"]} == set(g.nodes)


def _topics(client, rid: str) -> set[str]:
    return {t["id"] for t in all_items(client, f"/v1/researchers/{rid}/topics")}


def _collaborators(client, rid: str) -> set[str]:
    return {c["id"] for c in all_items(client, f"/v1/researchers/{rid}/collaborators")}


def _institutions(client, rid: str) -> set[str]:
    return {i["id"] for i in all_items(client, f"/v1/researchers/{rid}/institutions")}


def test_every_recommendation_reason_is_verifiable(seeded_client):
    # Everyone in the seeds wrote with tianlong-chen, so ask on behalf of his co-authors.
    people = [c["id"] for c in seeded_client.get(f"/v1/researchers/{ME}/collaborators",
                                                 params={"limit": 3}).json()["items"]]
    checked = 0
    for rid in [ME, *people]:
        mine = _collaborators(seeded_client, rid)
        recs = seeded_client.get(f"/v1/researchers/{rid}/recommendations", params={"k": 10}).json()["items"]
        for rec in recs:
            assert rec["id"] not in mine and rec["id"] != rid
            theirs = _collaborators(seeded_client, rec["id"])
            for reason in rec["reasons"]:
                if reason["kind"] == "topic":  # both have papers on it (topic lists show their own topics)
                    assert all(seeded_client.get(f"/v1/researchers/{who}/papers",
                                                 params={"topic": reason["id"], "limit": 1}).json()["items"]
                               for who in (rid, rec["id"]))
                elif reason["kind"] == "coauthor":
                    assert reason["id"] in mine & theirs
                elif reason["kind"] == "institution":
                    assert reason["id"] in _institutions(seeded_client, rid) & _institutions(seeded_client,
                                                                                             rec["id"])
                checked += 1
    assert checked > 0


def test_errors_on_the_seeded_graph(seeded_client):
    assert_problem(seeded_client.get("/v1/researchers/tianyi-chen-nobody"), 404, "tianyi-chen-nobody")
    assert_problem(seeded_client.get(f"/v1/researchers/{ME}/papers", params={"limit": 10000}), 422, "limit")
    papers = all_items(seeded_client, f"/v1/researchers/{ME}/papers")
    assert len(papers) == 71 and len({p["id"] for p in papers}) == 71
