"""Pure selection of the research graph slice, shared by both backends.

A backend fetches the **neighbourhood** of the centre researcher as plain rows and calls
:func:`select_slice`; all ranking happens here so both backends answer identically.

Neighbourhood (what the backend fetches)
----------------------------------------
Depth counts relationship hops from the centre ``researcher:<id>``:

* depth 1: the centre's papers (AUTHORED) that pass ``since``/``until`` (a paper without a
  year fails an active bound) and the institutions the centre is AFFILIATED_WITH;
* depth 2: adds what those papers link to: their authors (AUTHORED), topics (HAS_TOPIC),
  repositories (HAS_CODE) and institutions (FROM_INSTITUTION).

Edges: every AUTHORED, HAS_TOPIC, HAS_CODE, AFFILIATED_WITH, FROM_INSTITUTION and
SUBTOPIC_OF relationship whose two ends are both in the neighbourhood (e.g. a co-author's
AFFILIATED_WITH to an institution of the neighbourhood), with ``weight`` = HAS_TOPIC's
``score`` and 1.0 for the others. Node ids are ``"<type>:<id>"`` (lower-case type); labels
are the researcher's name, the paper's title (its id when it has none), the topic's label,
the institution's name, the repository's id; a paper's ``data`` is ``{"year": year}``.

Selection (what :func:`select_slice` does)
------------------------------------------
1. *Visible* nodes are the centre and the nodes whose type is in ``include`` (empty = all
   types); only edges between two visible nodes count from here on.
2. ``weight`` of a node = number of visible edges touching it.
3. Greedy growth from the centre: repeatedly keep the frontier node (visible, adjacent to a
   kept node) with the highest weight, then the smallest id, until ``limit`` nodes (centre
   included) are kept. Every kept node is therefore connected to the centre within the
   kept set; nodes only reachable through excluded types are left out.
4. ``truncated`` is true when the limit stopped the growth with frontier nodes left.
5. Nodes are ordered by weight desc then id; edges (visible, both ends kept) by
   (source, target, type).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.views import GraphSlice, SliceEdge, SliceNode

SLICE_TYPES = frozenset({"researcher", "paper", "topic", "institution", "repository"})
SLICE_RELS = ("AUTHORED", "HAS_TOPIC", "HAS_CODE", "AFFILIATED_WITH", "FROM_INSTITUTION", "SUBTOPIC_OF")


@dataclass(frozen=True)
class RawNode:
    id: str
    type: str
    label: str
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class RawEdge:
    source: str
    target: str
    type: str
    weight: float = 1.0


def _visible(center: str, nodes: Iterable[RawNode], include: frozenset[str]) -> dict[str, RawNode]:
    types = include or SLICE_TYPES
    return {n.id: n for n in nodes if n.id == center or n.type in types}


def _grow(center: str, adj: dict[str, set[str]], weight: dict[str, int], limit: int) -> tuple[set[str], bool]:
    """Greedy, connected growth in weight order; returns (kept ids, truncated)."""
    kept = {center}
    queued = {center}
    frontier: list[tuple[int, str]] = []

    def push(node: str) -> None:
        for nb in adj[node]:
            if nb not in queued:
                queued.add(nb)
                heapq.heappush(frontier, (-weight[nb], nb))

    push(center)
    while frontier and len(kept) < max(limit, 1):
        _, node = heapq.heappop(frontier)
        kept.add(node)
        push(node)
    return kept, bool(frontier)


def select_slice(center: str, nodes: Iterable[RawNode], edges: Iterable[RawEdge], *,
                 limit: int, include: frozenset[str]) -> GraphSlice:
    """Pick at most ``limit`` nodes of the neighbourhood (see the module docstring).

    ``center`` is the centre's node id (``"researcher:<id>"``) and must be among ``nodes``.
    """
    visible = _visible(center, nodes, include)
    vedges = {(e.source, e.target, e.type): e for e in edges
              if e.source in visible and e.target in visible and e.source != e.target}
    adj: dict[str, set[str]] = defaultdict(set)
    weight: dict[str, int] = defaultdict(int)
    for s, t, _ in vedges:
        adj[s].add(t)
        adj[t].add(s)
        weight[s] += 1
        weight[t] += 1
    kept, truncated = _grow(center, adj, weight, limit)
    out_nodes = [SliceNode(id=n, type=visible[n].type, label=visible[n].label, weight=float(weight[n]),
                           data=dict(visible[n].data)) for n in kept]
    out_nodes.sort(key=lambda n: (-n.weight, n.id))
    out_edges = [SliceEdge(source=s, target=t, type=ty, weight=e.weight)
                 for (s, t, ty), e in sorted(vedges.items()) if s in kept and t in kept]
    return GraphSlice(center=center, nodes=out_nodes, edges=out_edges, truncated=truncated)
