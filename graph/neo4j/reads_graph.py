"""Recommendations and slices on Neo4j: Cypher fetches the plain rows, graph/scoring.py and
graph/slicing.py rank them — the same functions the embedded store calls."""

from __future__ import annotations

from dataclasses import replace

from graph import scoring, slicing
from graph.neo4j.base import Neo4jBase
from graph.neo4j.errors import translated
from graph.ranking import rank_recommendations
from graph.scoring import Bridge, Filters, Person, Tie, path_totals, pool_of
from graph.slicing import FarPaper, RawEdge, RawNode, select_slice
from graph.store import NotFound
from graph.views import GraphSlice, Recommendation


def _years(flat: list[int]) -> dict[int, int]:
    """``[year, papers, year, papers, ...]`` as a mapping."""
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _center(row) -> Person:
    years = _years(row["years"])
    return Person(id=row["id"], name=row["name"], works=row["works"], last_year=max(years, default=None),
                  topics={t: n for t, _, n, _, _ in row["topics"]},
                  institutions=frozenset(i for i, _ in row["institutions"]), years=years)


def _candidate(row) -> Person:
    years = _years(row["years"])
    return Person(id=row["id"], name=row["name"], works=row["works"], last_year=max(years, default=None),
                  topics=dict(zip(row["topic_ids"], row["topic_strict"], strict=True)),
                  institutions=frozenset(row["institution_ids"]), years=years)


class Neo4jGraphReads(Neo4jBase):
    @translated
    def list_recommendations(self, researcher_id: str, *, k: int, topic: str | None = None,
                             institution: str | None = None, since: int | None = None,
                             exclude: frozenset[str] = frozenset(),
                             include_coauthors: bool = False) -> list[Recommendation]:
        """Two round trips: the centre's rows with their reach (two-hop ties, leaders), then the pool's rows."""
        me = self._read_one("list_recommendations", researcher_id=researcher_id, topic=topic, institution=institution,
                            bridges=scoring.BRIDGES, institutions=scoring.SEED_INSTITUTIONS,
                            leaders=scoring.INSTITUTION_LEADERS)
        if me is None:
            raise NotFound("researcher", researcher_id)
        mine = {z: Tie(shared, last) for z, _, shared, last in me["coauthors"]}
        names = {z: name for z, name, _, _ in me["coauthors"]}
        per_paper: dict[str, set[str]] = {}
        ancestors = {}
        for t, papers, above in me["own_topics"]:
            ancestors[t] = above
            for paper in papers:
                per_paper.setdefault(paper, set()).add(t)
        ranked = scoring.researcher_topics(per_paper.values(), ancestors, me["works"])
        seeds = [t for t, _, _ in ranked[:scoring.SEED_TOPICS]]
        if topic is not None and topic not in seeds:
            seeds.append(topic)
        # Two-hop walks start from the first scoring.BRIDGES co-authors only (graph/scoring.py);
        # paths are summed bridge by bridge, as on the embedded store, and only the pool's
        # members get Bridge rows
        through = [(bridge, degree, {w: (shared, last) for w, shared, last in candidates})
                   for bridge, degree, candidates in me["hops"]]
        stored = dict(me["seed_leaders"])  # no entry for a topic that does not exist
        leaders = [list(stored[t]) if stored[t] is not None else self._topic_leaders(t) for t in seeds if t in stored]
        leaders += [list(members) for members in me["members"]]
        center = replace(_center(me), ties=mine)
        pool = pool_of(center, path_totals(center, through), leaders, include_coauthors=include_coauthors)
        people = {r["id"]: r for r in self._read("recommendation_people", ids=pool)}
        cands = [replace(_candidate(people[c]), bridges={z: Bridge(degree, Tie._make(theirs[c]))
                                                         for z, degree, theirs in through if c in theirs})
                 for c in pool if c in people]
        labels = {t: label for t, label, _, _, _ in me["topics"]}
        labels.update({i: name for i, name in me["institutions"]})
        labels.update({z: names[z] for c in cands for z in c.bridges})
        sizes = {t: n for t, _, _, n, _ in me["topics"]}
        filters = Filters(topic=topic, institution=institution, since=since, exclude=frozenset(exclude))
        return rank_recommendations(center, cands, labels, sizes, k=k, papers=me["papers"], filters=filters,
                                    fields=[t for t, _, _, _, field in me["topics"] if field])

    def _topic_leaders(self, topic_id: str) -> list[str]:
        """A topic's first ``scoring.TOPIC_LEADERS`` researchers while no write has listed them."""
        return [r.id for r in self._topic_researchers(topic_id, scoring.TOPIC_LEADERS, 0)]

    @translated
    def get_slice(self, researcher_id: str, *, depth: int, limit: int, include: frozenset[str],
                  since: int | None = None, until: int | None = None) -> GraphSlice:
        """One round trip: the slice's rows and, when they can matter, depth 2's far rows."""
        include = frozenset(t.lower() for t in include)
        row = self._read_one("get_slice", researcher_id=researcher_id, since=since, until=until, limit=limit,
                             far=depth >= 2 and "researcher" in (include or slicing.SLICE_TYPES),
                             bridges=slicing.BRIDGES, per_bridge=slicing.BRIDGE_PAPERS)
        if row is None:
            raise NotFound("researcher", researcher_id)
        nodes = [RawNode(f"{r['type']}:{r['id']}", r["type"], r["label"],
                         {"year": r["year"]} if r["type"] == "paper" else {}) for r in row["nodes"]]
        keys = {n.id for n in nodes}
        edges = [RawEdge(source, target, rel, float(score or 0.0) if rel == "HAS_TOPIC" else 1.0)
                 for r in row["nodes"] for source, target, rel, score in r["edges"]
                 if target in keys and source in keys]
        center = f"researcher:{researcher_id}"
        people = {f"researcher:{a}": name for _, authors in row["far"] for a, name in authors}
        far = [FarPaper(f"paper:{pid}", tuple(f"researcher:{a}" for a, _ in authors)) for pid, authors in row["far"]]
        nodes += [RawNode(k, "researcher", name) for k, name in people.items()]
        return select_slice(center, nodes, edges, far=far, limit=limit, include=include)
