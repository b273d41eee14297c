"""Recommendations and slices on the embedded store: gather plain rows, rank with the pure functions."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import networkx as nx

from graph import scoring, slicing
from graph.embedded.reads_base import in_typed, in_years, out_typed, record, require
from graph.embedded.reads_researchers import researcher_topics
from graph.scoring import Person, candidate_pool, rank_recommendations
from graph.slicing import SLICE_RELS, FarPaper, RawEdge, RawNode, select_slice
from graph.views import GraphSlice, Recommendation

_PREFIX = len("researcher:")


def _rid(k: str) -> str:
    return k[_PREFIX:]


def coauthor_keys(g: nx.DiGraph, rk: str) -> set[str]:
    return {a for pk in out_typed(g, rk, "AUTHORED") for a in in_typed(g, pk, "AUTHORED") if a != rk}


def person(g: nx.DiGraph, rk: str, bridges: dict[str, int] | None = None) -> Person:
    papers = out_typed(g, rk, "AUTHORED")
    topics = Counter(t.split(":", 1)[1] for pk in papers for t in out_typed(g, pk, "HAS_TOPIC"))
    years = [y for pk in papers if (y := record(g, pk).year) is not None]
    insts = frozenset(record(g, ik).id for ik in out_typed(g, rk, "AFFILIATED_WITH"))
    r = record(g, rk)
    return Person(id=r.id, name=r.name, works=len(papers), last_year=max(years, default=None),
                  topics=dict(topics), institutions=insts, bridges=bridges or {})


def bridges(g: nx.DiGraph, rk: str) -> list[str]:
    """The centre's first ``scoring.BRIDGES`` co-authors by shared papers desc, then id."""
    shared = Counter(a for pk in out_typed(g, rk, "AUTHORED") for a in in_typed(g, pk, "AUTHORED") if a != rk)
    ranked = sorted(shared.items(), key=lambda kv: (-kv[1], _rid(kv[0])))
    return [k for k, _ in ranked[:scoring.BRIDGES]]


def two_hop(g: nx.DiGraph, rk: str, via: list[str]) -> dict[str, dict[str, int]]:
    """Candidate id -> {bridging co-author id: that co-author's distinct co-author count}."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for z in via:
        theirs = coauthor_keys(g, z)
        for w in theirs:
            if w != rk:
                out[_rid(w)][_rid(z)] = len(theirs)
    return out


def _papers(g: nx.DiGraph, rk: str, ik: str) -> int:
    return g._succ[rk][ik].get("papers") or 0


def institution_leaders(g: nx.DiGraph, ik: str) -> list[str]:
    """Ids of the researchers most AFFILIATED_WITH the institution (edge papers desc, then id)."""
    people = sorted(in_typed(g, ik, "AFFILIATED_WITH"), key=lambda r: (-_papers(g, r, ik), _rid(r)))
    return [_rid(r) for r in people[:scoring.INSTITUTION_LEADERS]]


def _raw_node(g: nx.DiGraph, k: str) -> RawNode:
    d = g.nodes[k]
    rec, t = d["record"], d["type"]
    if t == "Paper":
        return RawNode(k, "paper", rec.title or rec.id, {"year": rec.year})
    label = {"Researcher": "name", "Topic": "label", "Institution": "name"}.get(t)
    return RawNode(k, t.lower(), getattr(rec, label) if label else rec.id)


def _edge(k: str, t: str, d: dict) -> RawEdge:
    rel = d.get("type")
    return RawEdge(k, t, rel, float(d.get("score") or 0.0) if rel == "HAS_TOPIC" else 1.0)


def neighbourhood(g: nx.DiGraph, rk: str, since: int | None,
                  until: int | None) -> tuple[list[RawNode], list[RawEdge]]:
    """The rows slicing.py's module docstring describes (depth 1; :func:`far_papers` adds depth 2)."""
    papers = [pk for pk in out_typed(g, rk, "AUTHORED") if in_years(record(g, pk).year, since, until)]
    keys = {rk, *papers, *out_typed(g, rk, "AFFILIATED_WITH")}
    for pk in papers:
        keys.update(in_typed(g, pk, "AUTHORED"))
        keys.update(t for t, d in g._succ[pk].items()
                    if d.get("type") in ("HAS_TOPIC", "HAS_CODE", "FROM_INSTITUTION"))
    return [_raw_node(g, k) for k in keys], _edges_among(g, keys, papers)


def _latest_first(g: nx.DiGraph, pk: str) -> tuple[bool, int, str]:
    year = record(g, pk).year
    return year is None, -(year or 0), record(g, pk).id


def far_papers(g: nx.DiGraph, rk: str, bridge_keys: list[str], since: int | None,
               until: int | None) -> tuple[list[RawNode], list[FarPaper]]:
    """Each bridge's ``slicing.BRIDGE_PAPERS`` latest window papers the centre did not write,
    with a node for each of their authors."""
    own = set(out_typed(g, rk, "AUTHORED"))
    found: dict[str, FarPaper] = {}
    for bk in bridge_keys:
        theirs = [pk for pk in out_typed(g, bk, "AUTHORED")
                  if pk not in own and in_years(record(g, pk).year, since, until)]
        for pk in sorted(theirs, key=lambda pk: _latest_first(g, pk))[:slicing.BRIDGE_PAPERS]:
            found.setdefault(pk, FarPaper(pk, tuple(in_typed(g, pk, "AUTHORED"))))
    people = {a for p in found.values() for a in p.authors}
    return [_raw_node(g, a) for a in people], list(found.values())


def _edges_among(g: nx.DiGraph, keys: set[str], papers: list[str]) -> list[RawEdge]:
    """SLICE_RELS edges with both ends in ``keys``, walking only the cheap side of each kind.

    The only papers in ``keys`` are the centre's, so AUTHORED/HAS_TOPIC/HAS_CODE/FROM_INSTITUTION
    edges are all at those papers; AFFILIATED_WITH is read from whichever end has fewer edges.
    """
    edges = []
    for pk in papers:
        edges += [_edge(s, pk, d) for s, d in g._pred[pk].items() if s in keys and d.get("type") == "AUTHORED"]
        edges += [_edge(pk, t, d) for t, d in g._succ[pk].items() if t in keys and d.get("type") in SLICE_RELS]
    people = [k for k in keys if k.startswith("researcher:")]
    places = [k for k in keys if k.startswith("institution:")]
    if sum(len(g._succ[k]) for k in people) <= sum(len(g._pred[k]) for k in places):
        pairs = ((k, t, d) for k in people for t, d in g._succ[k].items())
    else:
        pairs = ((s, k, d) for k in places for s, d in g._pred[k].items())
    edges += [_edge(s, t, d) for s, t, d in pairs
              if d.get("type") == "AFFILIATED_WITH" and s in keys and t in keys]
    for tk in (k for k in keys if k.startswith("topic:")):
        edges += [_edge(tk, t, d) for t, d in g._succ[tk].items() if t in keys and d.get("type") == "SUBTOPIC_OF"]
    return edges


class GraphReads:
    graph: nx.DiGraph

    def list_recommendations(self, researcher_id: str, *, k: int, topic: str | None = None,
                             include_coauthors: bool = False) -> list[Recommendation]:
        g = self.graph
        rk = require(g, "researcher", researcher_id)
        coauthors = coauthor_keys(g, rk)
        hops = two_hop(g, rk, bridges(g, rk))
        seeds = [t.id for t in researcher_topics(g, rk)[:scoring.SEED_TOPICS]]
        if topic is not None and f"topic:{topic}" in g and topic not in seeds:
            seeds.append(topic)
        leaders = [self._topic_top(f"topic:{t}") for t in seeds]
        leaders += self._institution_leaders(rk)
        pool = candidate_pool(researcher_id, map(_rid, coauthors), hops, leaders,
                              include_coauthors=include_coauthors)
        center = self._person(rk)
        cands = [replace(self._person(f"researcher:{c}"), bridges=hops.get(c, {})) for c in pool]
        labels = self._labels(center, cands)
        return rank_recommendations(center, cands, labels, k=k, topic=topic)

    def _person(self, rk: str) -> Person:
        """Scoring rows of one researcher, cached until the graph changes (leaders recur often)."""
        cache = self._indexes().person_cache
        if rk not in cache:
            cache[rk] = person(self.graph, rk)
        return cache[rk]

    def _institution_leaders(self, rk: str) -> list[list[str]]:
        g = self.graph
        lists = []
        for ik in sorted(out_typed(g, rk, "AFFILIATED_WITH"),
                         key=lambda ik: (-_papers(g, rk, ik), record(g, ik).id))[:scoring.SEED_INSTITUTIONS]:
            lists.append(self._institution_members(ik))
        return lists

    def _institution_members(self, ik: str) -> list[str]:
        cache = self._indexes().topic_cache
        if ("institution", ik) not in cache:
            cache[("institution", ik)] = institution_leaders(self.graph, ik)
        return cache[("institution", ik)]

    def _labels(self, center: Person, cands: list[Person]) -> dict[str, str]:
        g = self.graph
        labels: dict[str, str] = {}
        for t in center.topics:
            labels[t] = record(g, f"topic:{t}").label
        for i in center.institutions:
            labels[i] = record(g, f"institution:{i}").name
        for c in cands:
            for z in c.bridges:
                labels[z] = record(g, f"researcher:{z}").name
        return labels

    def get_slice(self, researcher_id: str, *, depth: int, limit: int, include: frozenset[str],
                  since: int | None = None, until: int | None = None) -> GraphSlice:
        g = self.graph
        rk = require(g, "researcher", researcher_id)
        nodes, edges = neighbourhood(g, rk, since, until)
        include = frozenset(t.lower() for t in include)
        far: list[FarPaper] = []
        if depth >= 2 and slicing.needs_far(rk, edges, limit=limit, include=include):
            more, far = far_papers(g, rk, slicing.bridges(rk, edges), since, until)
            nodes += more
        return select_slice(rk, nodes, edges, far=far, limit=limit, include=include)
