"""Recommendations and slices on the embedded store: gather plain rows, rank with the pure functions."""

from __future__ import annotations

import heapq
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from itertools import chain
from operator import attrgetter

import networkx as nx

from graph import scoring, slicing
from graph.embedded.reads_base import PaperRow, in_typed, in_years, out_typed, paper_row, record, require
from graph.embedded.reads_researchers import researcher_topics
from graph.ranking import rank_recommendations
from graph.scoring import Bridge, Filters, Person, Tie, path_totals, pool_of
from graph.slicing import NO_DATA, SLICE_RELS, FarPaper, RawEdge, RawNode, select_slice
from graph.views import GraphSlice, Recommendation

Rows = Callable[[str], PaperRow]
_PREFIX = len("researcher:")
WARM_TIES_WORKS = 10  # a server's warm-up keeps the ties of everyone with this many papers


def _rid(k: str) -> str:
    return k[_PREFIX:]


def coauthor_keys(g: nx.DiGraph, rk: str) -> set[str]:
    return {a for pk in out_typed(g, rk, "AUTHORED") for a in in_typed(g, pk, "AUTHORED") if a != rk}


def person(g: nx.DiGraph, rk: str, rows: Rows | None = None) -> Person:
    """A researcher's scoring rows; ``rows`` gives a paper's row (the store's cached ones)."""
    row_of = rows or partial(paper_row, g)
    papers = [row_of(pk) for pk in out_typed(g, rk, "AUTHORED")]
    topics = dict(Counter(chain.from_iterable(p.topics for p in papers)))
    years = dict(Counter(p.year for p in papers if p.year is not None))
    insts = frozenset(record(g, ik).id for ik in out_typed(g, rk, "AFFILIATED_WITH"))
    r = record(g, rk)
    return Person(id=r.id, name=r.name, works=len(papers), last_year=max(years, default=None),
                  topics=topics, institutions=insts, years=years)


def is_field(g: nx.DiGraph, tk: str) -> bool:
    """The top of a topic hierarchy: no SUBTOPIC_OF parent, and subtopics under it."""
    return not out_typed(g, tk, "SUBTOPIC_OF") and bool(in_typed(g, tk, "SUBTOPIC_OF"))


def ties(g: nx.DiGraph, rk: str, rows: Rows | None = None) -> dict[str, Tie]:
    """Co-author key -> shared papers and the last year among them."""
    return {a: Tie(n, last) for a, (n, last) in tie_rows(g, rk, rows).items()}


def tie_rows(g: nx.DiGraph, rk: str, rows: Rows | None = None,
             intern: Callable[[tuple, tuple], tuple] | None = None) -> dict[str, tuple[int, int | None]]:
    """:func:`ties` as plain ``(papers, last year)`` tuples. A recommendation reads the ties of
    up to ``scoring.BRIDGES`` co-authors, prolific ones among them, so the counting is left to
    ``Counter`` and ``dict.update`` over the cached rows, and the tuples are zipped in C (a
    NamedTuple is built by a Python-level ``__new__``). ``intern`` (``dict.setdefault`` of a
    store-wide table) shares equal tuples: a few thousand distinct ones over all the graph's ties."""
    row_of = rows or partial(paper_row, g)
    papers = [row_of(pk) for pk, d in g._succ[rk].items() if d.get("type") == "AUTHORED"]
    shared = Counter(chain.from_iterable(p.authors for p in papers))
    shared.pop(rk, None)
    last: dict[str, int] = {}
    for p in sorted((p for p in papers if p.year is not None), key=attrgetter("year")):  # latest wins
        last.update(dict.fromkeys(p.authors, p.year))
    pairs = list(zip(shared.values(), map(last.get, shared), strict=True))
    return dict(zip(shared, map(intern, pairs, pairs) if intern else pairs, strict=True))


def bridges(mine: dict[str, Tie]) -> list[str]:
    """The centre's first ``scoring.BRIDGES`` co-author keys by shared papers desc, then id."""
    ranked = sorted(mine.items(), key=lambda kv: (-kv[1].papers, _rid(kv[0])))
    return [k for k, _ in ranked[:scoring.BRIDGES]]


def bridges_through(g: nx.DiGraph, z: str, rows: Rows | None = None) -> dict[str, Bridge]:
    """Co-author id of ``z`` -> ``z`` as their bridge (z's degree, z's tie with them)."""
    theirs = ties(g, z, rows)
    degree = len(theirs)
    return {w[_PREFIX:]: Bridge(degree, tie) for w, tie in theirs.items()}


def two_hop(g: nx.DiGraph, rk: str, via: list[str], through=None) -> dict[str, dict[str, Bridge]]:
    """Candidate id -> {bridging co-author id: its degree and its tie with the candidate}."""
    out: dict[str, dict[str, Bridge]] = defaultdict(dict)
    center = _rid(rk)
    for z in via:
        zid = _rid(z)
        for w, bridge in (through(z) if through else bridges_through(g, z)).items():
            if w != center:
                out[w][zid] = bridge
    return out


def _papers(g: nx.DiGraph, rk: str, ik: str) -> int:
    return g._succ[rk][ik].get("papers") or 0


def institution_leaders(g: nx.DiGraph, ik: str) -> list[str]:
    """Ids of the researchers most AFFILIATED_WITH the institution (edge papers desc, then id)."""
    people = sorted(in_typed(g, ik, "AFFILIATED_WITH"), key=lambda r: (-_papers(g, r, ik), _rid(r)))
    return [_rid(r) for r in people[:scoring.INSTITUTION_LEADERS]]


_LABELS = {"Researcher": "name", "Topic": "label", "Institution": "name"}


def _raw_node(g: nx.DiGraph, k: str) -> RawNode:
    d = g._node[k]
    rec, t = d["record"], d["type"]
    if t == "Paper":
        return RawNode(k, "paper", rec.title or rec.id, {"year": rec.year})
    label = _LABELS.get(t)
    return RawNode(k, t.lower(), getattr(rec, label) if label else rec.id)


def _raw_person(g: nx.DiGraph, k: str) -> RawNode:
    return _new_row(RawNode, (k, "researcher", g._node[k]["record"].name, NO_DATA))


_new_row = tuple.__new__  # RawNode's fields in order, built in C (far_papers makes ~1,000 a slice)


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


def far_papers(g: nx.DiGraph, rk: str, bridge_keys: list[str], since: int | None,
               until: int | None, rows: Rows | None = None) -> tuple[list[RawNode], list[FarPaper]]:
    """Each bridge's ``slicing.BRIDGE_PAPERS`` latest window papers the centre did not write
    (year desc, yearless last, then id: a paper key is its id behind one prefix), with a node
    for each of their authors. ``rows`` gives a paper's row (the store's cached ones)."""
    row_of = rows or partial(paper_row, g)
    own = set(out_typed(g, rk, "AUTHORED"))
    found: dict[str, FarPaper] = {}
    for bk in bridge_keys:
        window = []
        for pk, d in g._succ[bk].items():
            if d.get("type") == "AUTHORED" and pk not in own:
                year, _, authors = row_of(pk)
                if in_years(year, since, until):
                    window.append((year is None, -(year or 0), pk, authors))
        for _, _, pk, authors in heapq.nsmallest(slicing.BRIDGE_PAPERS, window):
            if pk not in found:
                found[pk] = FarPaper(pk, authors)
    people = {a for p in found.values() for a in p.authors}
    return [_raw_person(g, a) for a in people], list(found.values())


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
                             institution: str | None = None, since: int | None = None,
                             exclude: frozenset[str] = frozenset(),
                             include_coauthors: bool = False) -> list[Recommendation]:
        center, cands, labels, sizes = self._recommendation_rows(researcher_id, topic, institution,
                                                                 include_coauthors)
        filters = Filters(topic=topic, institution=institution, since=since, exclude=frozenset(exclude))
        papers = self._tally()[0]["Paper"]
        return rank_recommendations(center, cands, labels, sizes, k=k, papers=papers, filters=filters,
                                    fields=[t for t in center.topics if f"topic:{t}" in self._indexes().fields])

    def _recommendation_rows(self, researcher_id: str, topic: str | None, institution: str | None,
                             include_coauthors: bool) -> tuple[Person, list[Person], dict, dict]:
        """The centre, the candidate pool's rows, labels and topic sizes (graph/scoring.py)."""
        g = self.graph
        rk = require(g, "researcher", researcher_id)
        mine = ties(g, rk, self._indexes().paper_row)
        through = [(_rid(z), *self._ties_through(z)) for z in bridges(mine)]
        seeds = [t.id for t in researcher_topics(g, rk)[:scoring.SEED_TOPICS]]
        if topic is not None and f"topic:{topic}" in g and topic not in seeds:
            seeds.append(topic)
        leaders = [self._topic_top(f"topic:{t}") for t in seeds]
        leaders += self._institution_leaders(rk, institution)
        center = replace(self._person(rk), ties={_rid(a): t for a, t in mine.items()})
        pool = pool_of(center, path_totals(center, through), leaders, include_coauthors=include_coauthors)
        cands = [replace(self._person(f"researcher:{c}"),
                         bridges={z: Bridge(degree, Tie._make(theirs[c]))
                                  for z, degree, theirs in through if c in theirs})
                 for c in pool]
        topic_papers = self._indexes().topic_papers
        sizes = {t: topic_papers.get(f"topic:{t}", 0) for t in center.topics}
        return center, cands, self._labels(center, cands), sizes

    def _person(self, rk: str) -> Person:
        """Scoring rows of one researcher, cached until the graph changes (leaders recur often)."""
        cache = self._indexes().person_cache
        if rk not in cache:
            cache[rk] = person(self.graph, rk, self._indexes().paper_row)
        return cache[rk]

    def _ties_through(self, z: str) -> tuple[int, dict[str, tuple[int, int | None]]]:
        """A bridge's degree and its ``(papers, last year)`` ties by co-author id, cached until
        the graph changes: the same co-authors bridge many centres, and a server's warm-up fills
        this for the prolific ones (:meth:`warm_ties`)."""
        idx = self._indexes()
        cache = idx.topic_cache
        found = cache.get(("ties", z))
        if found is None:
            theirs = tie_rows(self.graph, z, idx.paper_row, idx.tie_values.setdefault)
            # ids interned: the warm-up's ~700k ties name ~150k people
            ids = map(sys.intern, map(_rid, theirs))
            found = cache[("ties", z)] = (len(theirs), dict(zip(ids, theirs.values(), strict=True)))
        return found

    def warm_ties(self, works: int | None = None) -> int:
        """Every researcher with ``works`` papers or more: their ties, as :meth:`_ties_through`
        keeps them. On the corpus, 12k people hold 86% of the ties a cold recommendation reads
        (docs/benchmarks.md). ``works`` defaults to :data:`WARM_TIES_WORKS`. Returns how many
        were built."""
        works = WARM_TIES_WORKS if works is None else works
        idx = self._indexes()
        idx.fill_paper_rows()
        counts = Counter(chain.from_iterable(r.authors for r in idx.paper_rows.values()))
        built = 0
        for rk, n in counts.items():
            if n >= works:
                self._ties_through(rk)
                built += 1
        return built

    def _institution_leaders(self, rk: str, institution: str | None) -> list[list[str]]:
        g = self.graph
        keys = sorted(out_typed(g, rk, "AFFILIATED_WITH"),
                      key=lambda ik: (-_papers(g, rk, ik), record(g, ik).id))[:scoring.SEED_INSTITUTIONS]
        if institution is not None and f"institution:{institution}" in g:
            keys.append(f"institution:{institution}")
        return [self._institution_members(ik) for ik in dict.fromkeys(keys)]

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
            more, far = far_papers(g, rk, slicing.bridges(rk, edges), since, until, self._indexes().paper_row)
            nodes += more
        return select_slice(rk, nodes, edges, far=far, limit=limit, include=include)
