"""The explorer page in a real Chromium against a real `researchgraph serve` holding the seeds.

Expected graphs are never hard-coded: each check compares what the page shows with what
the JSON API answers for the same parameters, or with facts of the seed documents
(Tianlong Chen owns the profiles; the feed dates papers in 2022 and later).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SEED_OWNER
from tests.e2e.explorer_page import Explorer, slice_params

pytestmark = pytest.mark.browser

OWNER_ID = "tianlong-chen"


@pytest.fixture
def explorer(page, server) -> Explorer:
    return Explorer(page, server.base_url).open()


def api_slice(server, researcher_id: str, params: dict[str, str]) -> dict:
    return server.json(f"/v1/researchers/{researcher_id}/slice", **params)


def test_search_lists_matching_researchers(explorer, server):
    explorer.search("TIANLONG")
    explorer.results().filter(has_text=SEED_OWNER).first.wait_for()
    shown = explorer.results().evaluate_all("bs => bs.map(b => b.dataset.id)")
    expected = [r["id"] for r in server.json("/v1/researchers", q="TIANLONG", limit=20)["items"]]
    assert shown == expected
    assert OWNER_ID in shown
    assert explorer.page.get_by_test_id("no-match").is_hidden()


def test_opening_a_researcher_draws_the_api_slice(explorer, server):
    explorer.choose(SEED_OWNER)
    params = explorer.params()
    expected = api_slice(server, OWNER_ID, slice_params(params))
    assert len(expected["nodes"]) > 1
    assert explorer.node_ids() == {n["id"] for n in expected["nodes"]}
    assert explorer.edge_keys() == {(e["source"], e["target"], e["type"]) for e in expected["edges"]}
    assert explorer.page.evaluate("window.__explorer.cy.$('node.center').map(n => n.id())") == [expected["center"]]
    assert explorer.page.get_by_test_id("graph-title").inner_text() == SEED_OWNER
    # The summary counts what is drawn: the co-author view shows people only.
    people = sum(1 for n in expected["nodes"] if n["type"] == "researcher") - 1
    assert f"{people} people around {SEED_OWNER}" in explorer.page.get_by_test_id("graph-summary").inner_text()
    assert explorer.page.get_by_test_id("truncated").is_visible() == expected["truncated"]
    assert explorer.page.get_by_test_id("details-name").inner_text() == SEED_OWNER


def test_export_links_serve_the_slice_on_screen(explorer, server):
    explorer.choose(SEED_OWNER)
    json_href = explorer.page.get_by_test_id("link-json").get_attribute("href")
    graphml_href = explorer.page.get_by_test_id("link-graphml").get_attribute("href")
    assert "format=json" in json_href and "format=graphml" in graphml_href
    body = server.get(json_href).json()
    assert {n["id"] for n in body["nodes"]} == explorer.node_ids()
    graphml = server.get(graphml_href)
    assert graphml.status_code == 200
    assert "<graphml" in graphml.text
    for node_id in list(explorer.node_ids())[:5]:
        assert node_id.split(":", 1)[1] in graphml.text


def test_truncated_slice_says_so_and_expanding_a_node_merges_its_neighbourhood(explorer, server):
    explorer.choose(SEED_OWNER)
    explorer.set_filters(limit=8)
    params = explorer.params()
    assert api_slice(server, OWNER_ID, slice_params(params))["truncated"]
    message = explorer.page.get_by_test_id("truncated")
    assert message.is_visible()
    assert "Showing the 7 strongest co-authors" in message.inner_text()
    before = explorer.node_ids()
    assert len(before) == 8

    # A researcher whose depth-1 slice (same filters) brings nodes not yet on screen.
    candidates = sorted(explorer.node_ids("researcher"))
    target, extra = None, set()
    for rid in candidates:
        ids = {n["id"] for n in api_slice(server, rid.split(":", 1)[1], slice_params(params, depth="1"))["nodes"]}
        if ids - before:
            target, extra = rid, ids
            break
    assert target, f"no researcher among {candidates} has a depth-1 slice adding nodes"
    explorer.click_node(target)
    explorer.expand_selected()
    assert explorer.node_ids() == before | extra


def test_expanding_a_paper_adds_its_authors_and_topics(explorer, server):
    explorer.choose(SEED_OWNER)
    people = len(explorer.node_ids())
    explorer.show_everything()
    explorer.set_filters(limit=people + 3)  # people come first, then three papers
    papers = sorted(explorer.node_ids("paper"))
    assert len(papers) == 3
    assert papers, "the slice shows no paper"
    paper_id = papers[0]
    explorer.click_node(paper_id)
    detail = server.json(f"/v1/papers/{paper_id.split(':', 1)[1]}")
    assert explorer.page.get_by_test_id("details-name").inner_text() == (detail["title"] or detail["id"])
    explorer.expand_selected()
    shown = explorer.node_ids()
    assert {"researcher:" + a["researcher_id"] for a in detail["authors"]} <= shown
    assert {"topic:" + t["topic_id"] for t in detail["topics"]} <= shown
    assert {"repository:" + r["repository"]["id"] for r in detail["repositories"]} <= shown


@pytest.mark.parametrize(("node_type", "path", "name_of"), [
    ("topic", "/v1/topics/{}", lambda d: d["topic"]["label"]),
    ("institution", "/v1/institutions/{}", lambda d: d["institution"]["name"]),
])
def test_node_list_opens_details_from_the_keyboard(explorer, server, node_type, path, name_of):
    explorer.choose(SEED_OWNER)
    explorer.show_everything()
    ids = sorted(explorer.node_ids(node_type))
    assert ids, f"the owner's depth-2 slice shows no {node_type}"
    explorer.page.get_by_text("Nodes on screen, as a list").click()
    item = explorer.page.locator(f'[data-testid="node-item"][data-id="{ids[0]}"]')
    item.focus()
    explorer.page.keyboard.press("Enter")
    explorer.page.wait_for_function(f"window.__explorer.state.selected.id === {ids[0]!r}")
    explorer.page.wait_for_function("window.__explorer.pending === 0")
    detail = server.json(path.format(ids[0].split(":", 1)[1]))
    assert explorer.page.get_by_test_id("details-name").inner_text() == name_of(detail)


def test_type_filter_redraws_without_that_type(explorer, server):
    explorer.choose(SEED_OWNER)
    explorer.show_everything()
    assert explorer.node_ids("topic"), "the depth-2 slice of the owner shows topics"
    explorer.toggle_type("topic")
    params = explorer.params()
    assert "topic" not in params["include"].split(",")
    assert not explorer.node_ids("topic")
    expected = api_slice(server, OWNER_ID, slice_params(params))
    assert explorer.node_ids() == {n["id"] for n in expected["nodes"]}


def test_year_filter_keeps_papers_of_those_years(explorer, server):
    explorer.choose(SEED_OWNER)
    explorer.show_everything()
    all_years = {n["year"] for n in explorer.nodes() if n["type"] == "paper" and n.get("year")}
    # The feed's papers are dated 2022 onwards; keep only the first year shown.
    assert len(all_years) > 1
    year = min(all_years)
    before = explorer.node_ids()
    explorer.set_filters(since=year, until=year)
    years = {n.get("year") for n in explorer.nodes() if n["type"] == "paper"}
    assert years == {year}
    expected = api_slice(server, OWNER_ID, slice_params(explorer.params()))
    assert explorer.node_ids() == {n["id"] for n in expected["nodes"]}
    assert explorer.node_ids() != before


def _someone_with_recommendations(server) -> tuple[dict, list[dict]]:
    """The owner co-wrote with everyone in his profiles, so look among his co-authors."""
    people = [{"id": OWNER_ID, "name": SEED_OWNER}]
    people += server.json(f"/v1/researchers/{OWNER_ID}/collaborators", limit=30)["items"]
    for person in people:
        recs = server.json(f"/v1/researchers/{person['id']}/recommendations", k=10)["items"]
        if recs:
            return person, recs
    pytest.fail("nobody among the owner and his co-authors has a recommendation")


def test_recommendations_tab_lists_reasons(explorer, server):
    person, recs = _someone_with_recommendations(server)
    explorer.choose(person["name"])
    explorer.page.get_by_role("tab", name="Recommendations").click()
    panel = explorer.page.get_by_test_id("panel-recommendations")
    assert panel.is_visible()
    items = panel.get_by_test_id("recommendation")
    assert items.evaluate_all("xs => xs.map(x => x.dataset.id)") == [r["id"] for r in recs]
    first = items.first
    reasons = first.get_by_test_id("reason")
    assert reasons.count() == len(recs[0]["reasons"])
    for shown, reason in zip(reasons.all(), recs[0]["reasons"], strict=True):
        assert reason["label"] in shown.inner_text()
        assert shown.get_attribute("data-kind") == reason["kind"]


def test_other_tabs_show_the_researchers_lists(explorer, server):
    explorer.choose(SEED_OWNER)
    for tab, test_id, path in (("Collaborators", "collaborator", "collaborators"), ("Topics", "topic", "topics"),
                               ("Institutions", "institution", "institutions")):
        explorer.page.get_by_role("tab", name=tab).click()
        panel = explorer.page.get_by_test_id(f"panel-{path}")
        assert panel.is_visible()
        expected = [x["id"] for x in server.json(f"/v1/researchers/{OWNER_ID}/{path}", limit=50)["items"]]
        assert panel.get_by_test_id(test_id).evaluate_all("xs => xs.map(x => x.dataset.id)") == expected


def test_no_match_message(explorer):
    explorer.search("Zzyzx Qwertyuiop")
    message = explorer.page.get_by_test_id("no-match")
    message.wait_for(state="visible")
    assert "Zzyzx Qwertyuiop" in message.inner_text()
    assert explorer.results().count() == 0


def test_backend_down_message(page, own_server):
    explorer = Explorer(page, own_server.base_url).open()
    explorer.choose(SEED_OWNER)
    alert = page.get_by_role("alert").filter(has_text="not available")
    assert alert.count() == 0
    own_server.stop()
    explorer.search("chen")
    page.get_by_test_id("backend-down").wait_for(state="visible")
    assert "not available" in page.get_by_test_id("backend-down").inner_text()


def test_screenshot(explorer, server, artifacts_dir):
    """test-artifacts/explorer.png: a slice, a selected node's details and recommendations with reasons."""
    person, _ = _someone_with_recommendations(server)
    explorer.choose(person["name"])
    explorer.page.get_by_role("tab", name="Recommendations").click()
    explorer.page.wait_for_function("window.__explorer.pending === 0")
    path = artifacts_dir / "explorer.png"
    explorer.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
