"""The research graph slice: depth, include, year window, limit by relevance, connectivity."""

from __future__ import annotations

from collections import defaultdict

import pytest

from graph.slicing import RawEdge, RawNode, select_slice
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


def test_depth_one_is_papers_and_affiliations(store):
    s = store.get_slice(ID["ada"], depth=1, limit=100, include=frozenset())
    assert {n.id for n in s.nodes} == {CENTER, *(f"paper:p{i}" for i in range(1, 6)),
                                       "institution:mit", "institution:meta-ai"}
    assert not s.truncated


def test_depth_two_reaches_coauthors_topics_repositories(store):
    s = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset())
    ids = {n.id for n in s.nodes}
    assert {f"researcher:{ID[k]}" for k in ("bob", "cy", "dee")} <= ids
    assert "researcher:" + ID["eve"] not in ids  # only on papers Ada did not write
    assert {"topic:nerf", "topic:sparsity", "topic:mixture-of-experts", "repository:github.com/ada/radiance"} <= ids
    assert "topic:learning-to-optimize" not in ids
    assert ("topic:mixture-of-experts", "topic:sparsity", "SUBTOPIC_OF") in {
        (e.source, e.target, e.type) for e in s.edges}
    assert [(n.weight, n.id) for n in s.nodes] == sorted(((n.weight, n.id) for n in s.nodes),
                                                         key=lambda t: (-t[0], t[1]))
    assert [(e.source, e.target, e.type) for e in s.edges] == sorted((e.source, e.target, e.type) for e in s.edges)
    assert _connected(s) and not s.truncated


def test_year_window_filters_papers(store):
    s = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset(), since=2022)
    papers = {n.id for n in s.nodes if n.type == "paper"}
    assert papers == {"paper:p3", "paper:p4"}
    assert "researcher:" + ID["bob"] not in {n.id for n in s.nodes}


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 8, 13])
def test_limit_keeps_connected_relevant_nodes(store, limit):
    full = store.get_slice(ID["ada"], depth=2, limit=1000, include=frozenset())
    s = store.get_slice(ID["ada"], depth=2, limit=limit, include=frozenset())
    assert len(s.nodes) == min(limit, len(full.nodes))
    assert s.truncated == (limit < len(full.nodes))
    assert CENTER in {n.id for n in s.nodes}
    assert _connected(s)


def test_limit_prefers_heavier_nodes(store):
    s = store.get_slice(ID["ada"], depth=2, limit=2, include=frozenset())
    full = store.get_slice(ID["ada"], depth=2, limit=1000, include=frozenset())
    weights = {n.id: n.weight for n in full.nodes}
    direct = [e.target for e in full.edges if e.source == CENTER]
    best = min(direct, key=lambda n: (-weights[n], n))
    assert {n.id for n in s.nodes} == {CENTER, best}


def test_include_restricts_types_and_keeps_connectivity(store):
    s = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset({"paper", "topic"}))
    assert {n.type for n in s.nodes} == {"researcher", "paper", "topic"}
    assert [n.id for n in s.nodes if n.type == "researcher"] == [CENTER]
    assert _connected(s)
    # researchers are reachable only through papers: without papers only the centre is left
    alone = store.get_slice(ID["ada"], depth=2, limit=200, include=frozenset({"researcher"}))
    assert [n.id for n in alone.nodes] == [CENTER] and not alone.truncated


def test_select_slice_greedy_rule_on_plain_rows():
    nodes = [RawNode("c", "researcher", "C"), RawNode("x", "paper", "X"), RawNode("y", "paper", "Y"),
             RawNode("z", "topic", "Z"), RawNode("far", "topic", "F")]
    edges = [RawEdge("c", "x", "AUTHORED"), RawEdge("c", "y", "AUTHORED"), RawEdge("y", "z", "HAS_TOPIC", 0.5),
             RawEdge("x", "z", "HAS_TOPIC", 0.5)]
    s = select_slice("c", nodes, edges, limit=2, include=frozenset())
    assert [n.id for n in s.nodes] == ["c", "x"] and s.truncated  # x, y tie on weight 2: by id
    s = select_slice("c", nodes, edges, limit=10, include=frozenset())
    assert "far" not in {n.id for n in s.nodes} and not s.truncated  # unconnected rows never join
    assert [(n.id, n.weight) for n in s.nodes] == [("c", 2.0), ("x", 2.0), ("y", 2.0), ("z", 2.0)]


@pytest.mark.parametrize("who", ["ada", "bob", "dee", "fay"])
def test_slice_edges_are_all_graph_edges_among_its_nodes(store, who):
    s = store.get_slice(ID[who], depth=2, limit=1000, include=frozenset())
    ids = {n.id for n in s.nodes}
    rels = {"AUTHORED", "HAS_TOPIC", "HAS_CODE", "AFFILIATED_WITH", "FROM_INSTITUTION", "SUBTOPIC_OF"}
    expected = sorted((u, v, d["type"]) for u, v, d in store.graph.edges(data=True)
                      if u in ids and v in ids and d["type"] in rels)
    assert [(e.source, e.target, e.type) for e in s.edges] == expected
    if who == "ada":
        assert (f"researcher:{ID['bob']}", "institution:mit", "AFFILIATED_WITH") in expected
