"""The research graph slice: depth, include, year window, limit by relevance, connectivity."""

from __future__ import annotations

from collections import defaultdict

import pytest

from graph.slicing import FarPaper, RawEdge, RawNode, bridges, needs_far, select_slice
from tests.graph.builders import ID, tiny_store

CENTER = f"researcher:{ID['ada']}"


@pytest.fixture(scope="module")
def store():
    return tiny_store()


def _connected(s) -> bool:
    adj = defaultdict(set)
    for e in s.edges:
        adj[e.source].add(e.target)
        adj[e.target].add(e.source)
    seen, todo = {s.center}, [s.center]
    while todo:
        for nb in adj[todo.pop()] - seen:
            seen.add(nb)
            todo.append(nb)
    return seen == {n.id for n in s.nodes}


def _key(who: str) -> str:
    return f"researcher:{ID[who]}"


def test_depth_one_is_papers_coauthors_and_what_the_papers_link_to(store):
    s = store.get_slice(ID["ada"], depth=1, limit=100, include=frozenset())
    ids = {n.id for n in s.nodes}
    assert {n.id for n in s.nodes if n.type == "researcher"} == {CENTER, *(_key(k) for k in ("bob", "cy", "dee"))}
    assert {n.id for n in s.nodes if n.type == "paper"} == {f"paper:p{i}" for i in range(1, 6)}
    assert {"institution:mit", "institution:meta-ai", "topic:nerf", "topic:sparsity",
            "topic:mixture-of-experts", "repository:github.com/ada/radiance"} <= ids
    assert _key("eve") not in ids and "topic:learning-to-optimize" not in ids
    assert _connected(s) and not s.truncated


def test_coauthor_edges_count_shared_papers(store):
    s = store.get_slice(ID["ada"], depth=1, limit=100, include=frozenset({"researcher"}))
    assert {n.type for n in s.nodes} == {"researcher"}
    weights = {(e.source, e.target): e.weight for e in s.edges}
    assert {e.type for e in s.edges} == {"COAUTHOR"}
    # ada-bob: p1 p2 p5; ada-cy: p2 p3; ada-dee: p4; bob-cy: p2 (the source is the smaller id)
    assert weights == {(CENTER, _key("bob")): 3.0, (CENTER, _key("cy")): 2.0, (CENTER, _key("dee")): 1.0,
                       (_key("bob"), _key("cy")): 1.0}
    people = {n.id: n for n in s.nodes}
    assert people[_key("bob")].data == {"ring": 1, "shared_papers": 3, "first_year": 2020, "last_year": 2021}
    assert people[CENTER].data["shared_papers"] == 5 and people[CENTER].data["ring"] == 0
    assert [n.id for n in s.nodes] == [CENTER, _key("bob"), _key("cy"), _key("dee")]


def test_depth_two_adds_coauthors_of_coauthors(store):
    s = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset({"researcher"}))
    people = {n.id: n for n in s.nodes}
    # eve wrote with cy (p6) and dee (p7); fay with dee (p7): none of them with ada
    assert people[_key("eve")].data["ring"] == 2 and people[_key("eve")].weight == 2.0
    assert people[_key("fay")].data["ring"] == 2 and people[_key("fay")].weight == 1.0
    weights = {(e.source, e.target): e.weight for e in s.edges}
    assert weights[(_key("cy"), _key("eve"))] == 1.0 and weights[(_key("dee"), _key("fay"))] == 1.0
    # far papers only link people: p6 and p7 are not nodes, nor are their topics
    full = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset())
    ids = {n.id for n in full.nodes}
    assert "paper:p6" not in ids and "paper:p7" not in ids and "topic:learning-to-optimize" not in ids
    assert ("topic:mixture-of-experts", "topic:sparsity", "SUBTOPIC_OF") in {
        (e.source, e.target, e.type) for e in full.edges}
    assert [(n.weight, n.id) for n in full.nodes] == sorted(((n.weight, n.id) for n in full.nodes),
                                                            key=lambda t: (-t[0], t[1]))
    assert [(e.source, e.target, e.type) for e in full.edges] == sorted(
        (e.source, e.target, e.type) for e in full.edges)
    assert _connected(full) and not full.truncated


def test_year_window_filters_papers(store):
    s = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset(), since=2022)
    papers = {n.id for n in s.nodes if n.type == "paper"}
    assert papers == {"paper:p3", "paper:p4"}
    assert "researcher:" + ID["bob"] not in {n.id for n in s.nodes}


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 8, 13])
def test_limit_keeps_connected_nodes(store, limit):
    full = store.get_slice(ID["ada"], depth=2, limit=1000, include=frozenset())
    s = store.get_slice(ID["ada"], depth=2, limit=limit, include=frozenset())
    assert len(s.nodes) == min(limit, len(full.nodes))
    assert s.truncated == (limit < len(full.nodes))
    assert CENTER in {n.id for n in s.nodes}
    assert _connected(s)


def test_limit_keeps_the_strongest_people_first_then_papers(store):
    s = store.get_slice(ID["ada"], depth=2, limit=3, include=frozenset())
    assert [n.id for n in s.nodes] == [CENTER, _key("bob"), _key("cy")] and s.truncated
    s = store.get_slice(ID["ada"], depth=2, limit=7, include=frozenset())
    # ada, bob, cy, dee, then eve and fay (ring 2), then the paper with most kept authors: p2
    assert [n.id for n in s.nodes if n.type == "researcher"] == [
        CENTER, _key("bob"), _key("cy"), _key("eve"), _key("dee"), _key("fay")]
    assert [n.id for n in s.nodes if n.type != "researcher"] == ["paper:p2"]


def test_include_restricts_types_and_keeps_connectivity(store):
    s = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset({"paper", "topic"}))
    assert {n.type for n in s.nodes} == {"researcher", "paper", "topic"}
    assert [n.id for n in s.nodes if n.type == "researcher"] == [CENTER]
    assert _connected(s)
    # institutions are reachable through papers and people: without both only the centre is left
    alone = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset({"institution"}))
    assert {n.id for n in alone.nodes} == {CENTER, "institution:mit", "institution:meta-ai"}


def test_select_slice_stages_on_plain_rows():
    nodes = [RawNode("c", "researcher", "C"), RawNode("x", "paper", "X"), RawNode("y", "paper", "Y"),
             RawNode("z", "topic", "Z"), RawNode("far", "topic", "F"), RawNode("r", "researcher", "R")]
    edges = [RawEdge("c", "x", "AUTHORED"), RawEdge("c", "y", "AUTHORED"), RawEdge("y", "z", "HAS_TOPIC", 0.5),
             RawEdge("x", "z", "HAS_TOPIC", 0.5), RawEdge("r", "y", "AUTHORED")]
    s = select_slice("c", nodes, edges, limit=2, include=frozenset())
    assert [n.id for n in s.nodes] == ["c", "r"] and s.truncated  # people first
    s = select_slice("c", nodes, edges, limit=3, include=frozenset())
    assert {n.id for n in s.nodes} == {"c", "r", "y"}  # y has two kept authors, x one
    s = select_slice("c", nodes, edges, limit=10, include=frozenset())
    assert "far" not in {n.id for n in s.nodes} and not s.truncated  # unconnected rows never join
    # the centre weighs its papers, r its papers with the centre, the others their kept edges
    assert [(n.id, n.weight) for n in s.nodes] == [("y", 3.0), ("c", 2.0), ("x", 2.0), ("z", 2.0), ("r", 1.0)]


def test_far_papers_link_people_but_are_not_nodes():
    nodes = [RawNode("c", "researcher", "C"), RawNode("b", "researcher", "B"), RawNode("w", "researcher", "W"),
             RawNode("x", "paper", "X")]
    edges = [RawEdge("c", "x", "AUTHORED"), RawEdge("b", "x", "AUTHORED")]
    far = [FarPaper("q1", ("b", "w")), FarPaper("q2", ("b", "w")), FarPaper("q3", ("w", "ghost"))]
    s = select_slice("c", nodes, edges, far=far, limit=10, include=frozenset())
    assert {n.id for n in s.nodes} == {"c", "b", "w", "x"}
    assert {(e.source, e.target): e.weight for e in s.edges if e.type == "COAUTHOR"} == {
        ("b", "c"): 1.0, ("b", "w"): 2.0}
    assert {n.id: n.data["ring"] for n in s.nodes if n.type == "researcher"} == {"c": 0, "b": 1, "w": 2}


@pytest.mark.parametrize("limit", [3, 4, 10])
def test_ring_two_people_are_joined_by_the_far_papers_they_share_when_both_are_kept(limit):
    nodes = [RawNode(k, "researcher", k.upper()) for k in ("c", "b", "w1", "w2", "w3")] + [RawNode("x", "paper", "X")]
    edges = [RawEdge("c", "x", "AUTHORED"), RawEdge("b", "x", "AUTHORED")]
    far = [FarPaper("q1", ("b", "w1", "w2")), FarPaper("q2", ("w2", "b", "w1")), FarPaper("q3", ("b", "w3")),
           FarPaper("q4", ("w3", "w2"))]
    s = select_slice("c", nodes, edges, far=far, limit=limit, include=frozenset({"researcher"}))
    kept = {n.id for n in s.nodes}
    # ring 2 ranked by papers with ring 1: w1 and w2 two each, w3 one
    assert kept == set(["c", "b", "w1", "w2", "w3"][:limit])
    coauthor = {(e.source, e.target): e.weight for e in s.edges}
    expected = {("b", "c"): 1.0, ("b", "w1"): 2.0, ("b", "w2"): 2.0, ("b", "w3"): 1.0, ("w1", "w2"): 2.0,
                ("w2", "w3"): 1.0}
    assert coauthor == {pair: w for pair, w in expected.items() if set(pair) <= set(kept)}
    assert s.truncated == (limit < 5)


def test_bridges_are_the_strongest_coauthors():
    edges = [RawEdge(a, p, "AUTHORED") for a, p in
             [("c", "p1"), ("c", "p2"), ("a", "p1"), ("b", "p1"), ("b", "p2"), ("z", "p9")]]
    assert bridges("c", edges) == ["b", "a"]


@pytest.mark.parametrize("who", ["ada", "bob", "dee", "fay"])
def test_slice_edges_are_all_graph_edges_among_its_nodes(store, who):
    s = store.get_slice(ID[who], depth=2, limit=1000, include=frozenset())
    ids = {n.id for n in s.nodes if n.data.get("ring") != 2}  # ring 2 is joined by COAUTHOR edges only
    rels = {"AUTHORED", "HAS_TOPIC", "HAS_CODE", "AFFILIATED_WITH", "FROM_INSTITUTION", "SUBTOPIC_OF"}
    expected = sorted((u, v, d["type"]) for u, v, d in store.graph.edges(data=True)
                      if u in ids and v in ids and d["type"] in rels)
    assert [(e.source, e.target, e.type) for e in s.edges if e.type != "COAUTHOR"
            and e.source in ids and e.target in ids] == expected
    if who == "ada":
        assert (f"researcher:{ID['bob']}", "institution:mit", "AFFILIATED_WITH") in expected


@pytest.mark.parametrize("limit", [1, 3, 4, 5, 200])
@pytest.mark.parametrize("include", [frozenset(), frozenset({"researcher"})])
def test_far_rows_are_read_only_when_they_can_change_the_answer(limit, include):
    nodes = [RawNode(k, "researcher", k.upper()) for k in ("c", "a", "b", "d", "w")] + [RawNode("x", "paper", "X")]
    edges = [RawEdge(k, "x", "AUTHORED") for k in ("c", "a", "b", "d")]
    far = [FarPaper("q", ("a", "w")), FarPaper("r", ("a", "b"))]
    with_far = select_slice("c", nodes, edges, far=far, limit=limit, include=include)
    if not needs_far("c", edges, limit=limit, include=include):
        assert select_slice("c", nodes, edges, limit=limit, include=include) == with_far
    else:
        assert limit >= 4  # the centre and its three co-authors fit: w may join
    # far papers never change what two of the centre's co-authors share: a-b is x alone
    assert [e.weight for e in with_far.edges if (e.source, e.target) == ("a", "b")] in ([], [1.0])


def test_depth_two_equals_depth_one_when_coauthors_fill_the_limit(store):
    for include in (frozenset(), frozenset({"researcher"})):
        assert (store.get_slice(ID["ada"], depth=2, limit=3, include=include)
                == store.get_slice(ID["ada"], depth=1, limit=3, include=include))
