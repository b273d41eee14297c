"""The explorer's first picture: the co-author ring, checked against the papers' author lists.

Shared-paper counts are computed here from each of the centre's papers (`/v1/papers/{id}`
authors), not from the slice or the collaborators route the page uses.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

import pytest

from tests.e2e.conftest import SEED_OWNER
from tests.e2e.explorer_page import Explorer, slice_params
from tests.e2e.geometry import colliding_labels, rectangle

pytestmark = pytest.mark.browser

OWNER_ID = "tianlong-chen"
OWNER = f"researcher:{OWNER_ID}"


@pytest.fixture
def explorer(page, server) -> Explorer:
    return Explorer(page, server.base_url).open()


@pytest.fixture(scope="module")
def shared(server) -> Counter:
    """Co-author id -> papers written with the owner, from the papers' author lists."""
    counts: Counter = Counter()
    cursor = None
    while True:
        page = server.json(f"/v1/researchers/{OWNER_ID}/papers", limit=200, cursor=cursor)
        for paper in page["items"]:
            authors = {a["researcher_id"] for a in server.json(f"/v1/papers/{quote(paper['id'], safe='')}")["authors"]}
            assert OWNER_ID in authors
            counts.update(f"researcher:{a}" for a in authors - {OWNER_ID})
        cursor = page["next_cursor"]
        if not cursor:
            return counts


def test_the_first_picture_is_the_coauthor_ring(explorer, shared):
    explorer.choose(SEED_OWNER)
    assert explorer.params()["include"] == "researcher"
    assert {n["type"] for n in explorer.nodes()} == {"researcher"}
    assert {e[2] for e in explorer.edge_keys()} == {"COAUTHOR"}
    # every co-author of the seeds fits under the default limit: all are drawn, nobody else
    assert explorer.node_ids() == {OWNER, *shared}
    assert explorer.page.get_by_test_id("truncated").is_hidden()


def test_the_limit_keeps_the_centres_strongest_coauthors(explorer, shared):
    explorer.choose(SEED_OWNER)
    explorer.set_filters(limit=20)
    shown = explorer.node_ids() - {OWNER}
    assert len(shown) == 19
    cut = sorted(shared.values(), reverse=True)[18]
    assert {k for k, n in shared.items() if n > cut} <= shown
    assert all(shared[k] >= cut for k in shown)
    assert "strongest co-authors" in explorer.page.get_by_test_id("truncated").inner_text()
    # the papers are summarised on the person: "Name · shared papers"
    labels = {b["id"]: b["text"] for b in explorer.label_boxes()}
    for node in explorer.nodes():
        if node["id"] != OWNER:
            assert labels[node["id"]] == f"{node['short']} · {shared[node['id']]}"
    # a spoke's weight is the papers together, and a heavier spoke is drawn wider
    spokes = sorted((e["weight"], e["px"]) for e in explorer.edges() if OWNER in (e["source"], e["target"]))
    assert {w for w, _ in spokes} == {float(shared[k]) for k in shown}
    assert [px for _, px in spokes] == sorted(px for _, px in spokes) and spokes[0][1] < spokes[-1][1]


def test_names_are_readable_and_never_collide(explorer, shared, artifacts_dir):
    explorer.choose(SEED_OWNER)
    boxes = explorer.label_boxes()
    assert {b["id"] for b in boxes} == explorer.node_ids()  # everyone is named
    assert min(b["h"] for b in boxes) >= 7.5  # rendered font size in pixels
    assert colliding_labels(boxes) == []
    frame = explorer.page.get_by_test_id("graph").bounding_box()
    for b in boxes:
        for x, y in rectangle(b["x"], b["y"], b["w"], b["h"], b["rot"]):
            assert -1 <= x <= frame["width"] + 1 and -1 <= y <= frame["height"] + 1, f"{b['text']} is cut off"
    legend = explorer.page.get_by_test_id("legend").inner_text()
    years = [n["last_year"] for n in explorer.nodes() if n["id"] != OWNER and n.get("last_year")]
    assert str(min(years)) in legend and str(max(years)) in legend and "papers together" in legend
    explorer.page.screenshot(path=str(artifacts_dir / "coauthors.png"), full_page=True)


def test_everything_expands_to_the_full_slice_and_back(explorer, server, artifacts_dir):
    explorer.choose(SEED_OWNER)
    people = explorer.node_ids()
    explorer.show_everything()
    params = explorer.params()
    assert params["include"] == ""
    expected = server.json(f"/v1/researchers/{OWNER_ID}/slice", **slice_params(params))
    assert explorer.node_ids() == {n["id"] for n in expected["nodes"]}
    assert {"paper", "topic", "repository", "institution"} <= {n["type"] for n in explorer.nodes()}
    assert people <= explorer.node_ids()
    assert "Repository (" in explorer.page.get_by_test_id("legend").inner_text()
    explorer.page.screenshot(path=str(artifacts_dir / "everything.png"), full_page=True)
    explorer.show_coauthors()
    assert explorer.node_ids() == people


def test_search_opens_a_coauthors_own_ring(explorer, server, shared, artifacts_dir):
    top = min(shared, key=lambda k: (-shared[k], k))
    name = server.json(f"/v1/researchers/{top.split(':', 1)[1]}")["name"]
    explorer.search(name.upper())
    explorer.results().filter(has_text=name).first.wait_for()
    assert top.split(":", 1)[1] in explorer.results().evaluate_all("bs => bs.map(b => b.dataset.id)")
    explorer.choose(name)
    assert explorer.center() == top.split(":", 1)[1]
    assert explorer.page.get_by_test_id("graph-title").inner_text() == name
    assert OWNER in explorer.node_ids()  # he wrote with the owner
    spoke = [e for e in explorer.edges() if {e["source"], e["target"]} == {OWNER, top}]
    assert [e["weight"] for e in spoke] == [float(shared[top])]
    assert colliding_labels(explorer.label_boxes()) == []
    explorer.page.screenshot(path=str(artifacts_dir / "search.png"), full_page=True)
