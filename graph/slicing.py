"""Pure selection of the research graph slice, shared by both backends.

A backend fetches the **neighbourhood** of the centre researcher as plain rows and calls
:func:`select_slice`; all ranking happens here so both backends answer identically.

Neighbourhood (what the backend fetches)
----------------------------------------
* The centre's papers (AUTHORED) that pass ``since``/``until`` (a paper without a year
  fails an active bound), everything those papers link to — their authors (the centre's
  co-authors, *ring 1*), topics, repositories and institutions — and the institutions the
  centre is AFFILIATED_WITH. Depth 1 and depth 2 both read these rows.
* Depth 2 adds the co-authors' co-authors (*ring 2*) through **bridges**: the first
  ``BRIDGES`` co-authors by shared papers with the centre (then node id). For each bridge
  the backend reads its ``BRIDGE_PAPERS`` latest papers in the window that the centre did not
  write (year descending, yearless last, then paper id) as :class:`FarPaper` rows (paper id,
  author node ids) and a researcher node for each of their authors. Far papers only serve
  to derive co-authorship; they are never nodes of the slice. This bounds a depth-2 read to
  ``BRIDGES * BRIDGE_PAPERS`` papers however prolific the people are, and a backend skips it
  when :func:`needs_far` says no ring-2 person could be kept (co-authors alone fill the limit,
  or researchers are not included): the answer is the same without those rows.

Edges: every AUTHORED, HAS_TOPIC, HAS_CODE, AFFILIATED_WITH, FROM_INSTITUTION and
SUBTOPIC_OF relationship whose two ends are both among the depth-1 rows (ring 2 is linked
by COAUTHOR edges only), with ``weight`` =
HAS_TOPIC's ``score`` and 1.0 for the others. Node ids are ``"<type>:<id>"`` (lower-case
type); labels are the researcher's name, the paper's title (its id when it has none), the
topic's label, the institution's name, the repository's id; a paper's ``data`` is
``{"year": year}``.

Co-authorship (derived here, never stored)
------------------------------------------
``COAUTHOR`` edges join two researchers of the neighbourhood who wrote a fetched paper
together. ``weight`` is the plain number of those papers they share — not Newman's
``1/(n-1)`` weighting of ``networkx.algorithms.bipartite.collaboration_weighted_projected_graph``,
so that the figure reads as "papers together". Between the centre and its co-authors the
papers counted are the centre's papers in the window, all fetched: an edge to the centre
carries exactly the papers the two share there (as ``/collaborators`` counts them), and two
co-authors are joined by the centre's papers they share, at depth 1 and 2 alike. An edge
with a ring-2 person counts the far papers. ``source`` is the smaller node id of the two.

Researcher nodes carry ``data``: ``ring`` (0 centre, 1 co-author, 2 co-author's co-author),
``shared_papers`` (papers with the centre in the window; for the centre its own papers
there) and ``first_year``/``last_year`` of those papers (``None`` when none has a year).

**The co-author view** is ``include={"researcher"}``: the centre and its co-authors (and at
depth 2 theirs) joined by COAUTHOR edges alone.

Selection (what :func:`select_slice` does)
------------------------------------------
1. *Visible* nodes are the centre and the nodes whose type is in ``include`` (empty = all
   types); only edges between two visible nodes count from here on.
2. Nodes are kept in stages until ``limit`` nodes (centre included) are kept: first people
   — ring 1 by shared papers with the centre desc, then ring 2 by the summed weight of their
   COAUTHOR edges to ring 1 desc, ties by id — then papers, topics, institutions and
   repositories. In each later stage the candidates are the visible nodes of that type with
   an edge to a node kept before the stage, ranked by how many such edges they have desc,
   then id. So every kept node is linked to the centre within the kept set, and nodes only
   reachable through excluded types are left out.
3. ``weight`` of a kept researcher is its strength from step 2 (for the centre its
   ``shared_papers``); of any other node, the number of visible edges to kept nodes.
4. ``truncated`` is true when the limit was reached with a visible node linked to a kept
   one left out.
5. Nodes are ordered by weight desc then id; edges (visible, both ends kept) by
   (source, target, type).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from types import MappingProxyType
from typing import Any, NamedTuple

from graph.views import GraphSlice

SLICE_TYPES = frozenset({"researcher", "paper", "topic", "institution", "repository"})
SLICE_RELS = ("AUTHORED", "HAS_TOPIC", "HAS_CODE", "AFFILIATED_WITH", "FROM_INSTITUTION", "SUBTOPIC_OF")
COAUTHOR = "COAUTHOR"
STAGES = ("paper", "topic", "institution", "repository")
BRIDGES = 20
BRIDGE_PAPERS = 50


class RawNode(NamedTuple):
    """A node row. A tuple, not a dataclass: a depth-2 read makes one for each of ~1,000 far
    authors, and a backend can build it in C (``tuple.__new__(RawNode, (id, type, label, NO_DATA))``)."""

    id: str
    type: str
    label: str
    data: Mapping[str, Any] = MappingProxyType({})  # read-only: one empty mapping shared


NO_DATA = RawNode._field_defaults["data"]


@dataclass(frozen=True)
class RawEdge:
    source: str
    target: str
    type: str
    weight: float = 1.0


@dataclass(frozen=True)
class FarPaper:
    """A bridge's paper read at depth 2: its id and its authors' node ids."""

    id: str
    authors: tuple[str, ...]


def shared_with_centre(center: str, edges: Iterable[RawEdge]) -> Counter[str]:
    """Researcher node id -> the centre's fetched papers they also wrote."""
    authors = _authorship(edges)
    return Counter(a for people in authors.values() if center in people for a in people if a != center)


def bridges(center: str, edges: Iterable[RawEdge]) -> list[str]:
    """The node ids of the first ``BRIDGES`` co-authors by shared papers desc, then id."""
    ranked = sorted(shared_with_centre(center, edges).items(), key=lambda kv: (-kv[1], kv[0]))
    return [k for k, _ in ranked[:BRIDGES]]


def _authorship(edges: Iterable[RawEdge]) -> dict[str, set[str]]:
    authors: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e.type == "AUTHORED":
            authors[e.target].add(e.source)
    return authors


def needs_far(center: str, edges: Iterable[RawEdge], *, limit: int, include: frozenset[str]) -> bool:
    """Whether depth 2's far rows can change the slice: ring 2 is kept only after every
    co-author, and only when researchers are included."""
    return "researcher" in (include or SLICE_TYPES) and len(shared_with_centre(center, edges)) + 1 <= limit


def coauthor_weights(papers: dict[str, set[str]]) -> Counter[tuple[str, str]]:
    """``(a, b)`` with ``a < b`` -> papers both wrote: the plain projection onto people.

    >>> sorted(coauthor_weights({"p": {"x", "y", "z"}, "q": {"x", "y"}}).items())
    [(('x', 'y'), 2), (('x', 'z'), 1), (('y', 'z'), 1)]
    """
    out: Counter[tuple[str, str]] = Counter()
    for people in papers.values():
        out.update(combinations(sorted(people), 2))
    return out


@dataclass
class _People:
    """Rings, strengths and ``data`` of the researchers of a neighbourhood."""

    order: list[str]
    strength: dict[str, float]
    center: str
    ring1: set[str]
    shared: Counter[str]
    years: dict[str, list[int]]

    def data(self, a: str) -> dict[str, Any]:
        """A researcher node's ``data``, for the kept ones only (ring 2 is ~10x what a slice keeps)."""
        years = self.years.get(a, ())
        return {"ring": 0 if a == self.center else 1 if a in self.ring1 else 2, "shared_papers": self.shared[a],
                "first_year": min(years, default=None), "last_year": max(years, default=None)}


def _people(center: str, nodes: dict[str, RawNode], own: dict[str, set[str]],
            weights: Counter[tuple[str, str]]) -> _People:
    years: dict[str, list[int]] = defaultdict(list)
    shared: Counter[str] = Counter()
    for pk, people in own.items():
        year = nodes[pk].data.get("year") if pk in nodes else None
        for a in people:
            shared[a] += 1
            if year is not None:
                years[a].append(year)
    ring1 = {a for a in shared if a != center}
    to_ring1: Counter[str] = Counter()
    for (a, b), w in weights.items():
        if a in ring1 and b not in ring1 and b != center:
            to_ring1[b] += w
        if b in ring1 and a not in ring1 and a != center:
            to_ring1[a] += w
    strength = {center: float(shared[center]), **{a: float(shared[a]) for a in ring1},
                **{a: float(w) for a, w in to_ring1.items()}}
    order = sorted(ring1, key=lambda a: (-shared[a], a)) + sorted(to_ring1, key=lambda a: (-to_ring1[a], a))
    return _People(order, strength, center, ring1, shared, years)


_Rows = dict[tuple[str, str, str], float]


def _neighbourhood(center: str, nodes: Iterable[RawNode], edges: Iterable[RawEdge],
                   far: Iterable[FarPaper]) -> tuple[dict[str, RawNode], _Rows, _People, list[set[str]]]:
    """All rows keyed (source, target, type) -> weight, COAUTHOR edges added, people ranked.

    COAUTHOR edges between two ring-2 people are left out of the rows and returned as the far
    papers' ring-2 author sets instead (:func:`_outer_edges` adds those among kept people). They
    are most of a depth-2 neighbourhood's pairs (a far paper of n authors has ~n²/2) and change
    no selection: every ring-2 person is kept by its edges to ring 1, which is kept before it.
    """
    by_id = {n.id: n for n in nodes}
    fetched = [e for e in edges if e.source in by_id and e.target in by_id and e.source != e.target]
    rows = {(e.source, e.target, e.type): e.weight for e in fetched}
    own = _authorship(fetched)
    inner = {a for people in own.values() for a in people} | {center}
    weights = coauthor_weights(own)
    outer: list[set[str]] = []
    for p in far:
        if p.id in own:
            continue
        people = {a for a in p.authors if a in by_id}
        near, rest = sorted(people & inner), people - inner
        weights.update((a, b) if a < b else (b, a) for a in near for b in rest)
        if len(rest) > 1:
            outer.append(rest)
    rows.update(((a, b, COAUTHOR), float(w)) for (a, b), w in weights.items())
    return by_id, rows, _people(center, by_id, own, weights), outer


def _outer_edges(outer: list[set[str]], kept: dict[str, None]) -> _Rows:
    """The COAUTHOR rows between two kept ring-2 people: far papers both wrote."""
    both = ((i, people & kept.keys()) for i, people in enumerate(outer))
    pairs = coauthor_weights({i: people for i, people in both if len(people) > 1})
    return {(a, b, COAUTHOR): float(w) for (a, b), w in pairs.items()}


def _keep_stage(kind: str, visible: dict[str, RawNode], things: dict[str, set[str]], kept: dict[str, None],
                limit: int) -> None:
    """``things``: each node's neighbours that are not researchers (the stages' candidates)."""
    links: Counter[str] = Counter()
    for k in list(kept):
        for nb in things[k]:
            if nb not in kept and visible[nb].type == kind:
                links[nb] += 1
    for nb, _ in sorted(links.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(kept) >= limit:
            return
        kept[nb] = None


def _keep(center: str, visible: dict[str, RawNode], adj: dict[str, set[str]], people: _People,
          limit: int) -> dict[str, None]:
    """Kept node ids, in the order they were kept (a dict as an ordered set)."""
    kept: dict[str, None] = {center: None}
    for a in people.order:
        if len(kept) >= limit:
            break
        if a in visible and not adj[a].isdisjoint(kept):
            kept[a] = None
    things = {k: {nb for nb in adj[k] if visible[nb].type != "researcher"} for k in kept}
    for kind in STAGES:
        for k in kept.keys() - things.keys():
            things[k] = {nb for nb in adj[k] if visible[nb].type != "researcher"}
        _keep_stage(kind, visible, things, kept, limit)
    return kept


def select_slice(center: str, nodes: Iterable[RawNode], edges: Iterable[RawEdge], *,
                 limit: int, include: frozenset[str], far: Iterable[FarPaper] = ()) -> GraphSlice:
    """Pick at most ``limit`` nodes of the neighbourhood (see the module docstring).

    ``center`` is the centre's node id (``"researcher:<id>"``) and must be among ``nodes``;
    ``far`` are the depth-2 rows (empty at depth 1).
    """
    by_id, rows, people, outer = _neighbourhood(center, nodes, edges, far)
    types = include or SLICE_TYPES
    visible = {k: n for k, n in by_id.items() if k == center or n.type in types}
    vedges = [key for key in rows if key[0] in visible and key[1] in visible]
    adj: dict[str, set[str]] = defaultdict(set)
    for s, t, _ in vedges:
        adj[s].add(t)
        adj[t].add(s)
    kept = _keep(center, visible, adj, people, max(limit, 1))
    truncated = len(kept) >= max(limit, 1) and any(nb not in kept for k in kept for nb in adj[k])
    out_nodes = [_node(visible[k], people, len(adj[k] & kept.keys())) for k in kept]
    out_nodes.sort(key=lambda n: (-n["weight"], n["id"]))
    ring2 = _outer_edges(outer, kept)
    rows.update(ring2)
    out_edges = [{"source": s, "target": t, "type": ty, "weight": rows[(s, t, ty)]}
                 for s, t, ty in sorted([*(key for key in vedges if key[0] in kept and key[1] in kept), *ring2])]
    # validated in one call: a slice has up to a few thousand edges, and a model built one
    # at a time costs a Python-level __init__ each
    return GraphSlice.model_validate({"center": center, "nodes": out_nodes, "edges": out_edges,
                                      "truncated": truncated})


def _node(n: RawNode, people: _People, degree: int) -> dict[str, Any]:
    """A kept node as :class:`SliceNode`'s fields."""
    if n.type == "researcher":
        return {"id": n.id, "type": n.type, "label": n.label, "weight": people.strength.get(n.id, 0.0),
                "data": {**n.data, **(people.data(n.id) if n.id in people.strength else {})}}
    return {"id": n.id, "type": n.type, "label": n.label, "weight": float(degree), "data": dict(n.data)}
