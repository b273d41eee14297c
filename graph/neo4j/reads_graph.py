"""Recommendations and slices on Neo4j: Cypher fetches the plain rows, graph/scoring.py and
graph/slicing.py rank them — the same functions the embedded store calls."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from graph import scoring, slicing
from graph.neo4j.base import Neo4jBase
from graph.neo4j.errors import translated
from graph.scoring import Bridge, Filters, Person, Tie, candidate_pool, rank_recommendations
from graph.slicing import FarPaper, RawEdge, RawNode, select_slice
from graph.views import GraphSlice, Recommendation


def _person(row) -> Person:
    flat = row["years"]  # [year, papers, year, papers, ...]
    years = dict(zip(flat[::2], flat[1::2], strict=True))
    return Person(id=row["id"], name=row["name"], works=row["works"], last_year=max(years, default=None),
                  topics={t: n for t, _, n, _ in row["topics"]},
                  institutions=frozenset(i for i, _ in row["institutions"]), years=years)


class Neo4jGraphReads(Neo4jBase):
    @translated
    def list_recommendations(self, researcher_id: str, *, k: int, topic: str | None = None,
                             institution: str | None = None, since: int | None = None,
                             exclude: frozenset[str] = frozenset(),
                             include_coauthors: bool = False) -> list[Recommendation]:
        self._require("researcher", researcher_id)
        rows = self._read("list_recommendations", researcher_id=researcher_id)
        mine = {row["coauthor"]: Tie(row["shared_papers"], row["last_year"]) for row in rows}
        names = {row["coauthor"]: row["name"] for row in rows}
        # Two-hop walks start from the first scoring.BRIDGES co-authors only (graph/scoring.py).
        hops: dict[str, dict[str, Bridge]] = defaultdict(dict)
        for row in self._read("two_hop", researcher_id=researcher_id,
                              bridge_ids=[row["coauthor"] for row in rows[:scoring.BRIDGES]]):
            for w, shared, last in row["candidates"]:
                hops[w][row["bridge"]] = Bridge(row["degree"], Tie(shared, last))
        me = self._read("recommendation_people", ids=[researcher_id])[0]
        center = replace(_person(me), ties=mine)
        pool = candidate_pool(center, hops, self._leaders(researcher_id, topic, institution),
                              include_coauthors=include_coauthors)
        people = {r["id"]: r for r in self._read("recommendation_people", ids=pool)}
        cands = [replace(_person(people[c]), bridges=hops.get(c, {})) for c in pool if c in people]
        labels = {t: label for t, label, _, _ in me["topics"]}
        labels.update({i: name for i, name in me["institutions"]})
        labels.update({z: names[z] for c in cands for z in c.bridges})
        sizes = {t: n for t, _, _, n in me["topics"]}
        filters = Filters(topic=topic, institution=institution, since=since, exclude=frozenset(exclude))
        papers = self._read_one("count_papers")["papers"]
        return rank_recommendations(center, cands, labels, sizes, k=k, papers=papers, filters=filters)

    def _leaders(self, researcher_id: str, topic: str | None, institution: str | None) -> list[list[str]]:
        seeds = [t.id for t in self._topics(researcher_id, scoring.SEED_TOPICS, 0)]
        if topic is not None and topic not in seeds and self._exists("topic", topic):
            seeds.append(topic)
        leaders = [self._topic_leaders(t) for t in seeds]
        seen = []
        for r in self._read("institution_leaders", researcher_id=researcher_id,
                            institutions=scoring.SEED_INSTITUTIONS, leaders=scoring.INSTITUTION_LEADERS):
            leaders.append(list(r["members"]))
            seen.append(r["id"])
        if institution is not None and institution not in seen:
            leaders += [list(r["members"]) for r in self._read(
                "institution_members", institution_id=institution, leaders=scoring.INSTITUTION_LEADERS)]
        return leaders

    def _topic_leaders(self, topic_id: str) -> list[str]:
        """The topic's first ``scoring.TOPIC_LEADERS`` researchers: stored at write time, sorted
        here only while a write has not listed them yet."""
        row = self._read_one("topic_leaders", topic_id=topic_id)
        if row is not None and row["listed"]:
            return list(row["leaders"])
        return [r.id for r in self._topic_researchers(topic_id, scoring.TOPIC_LEADERS, 0)]

    def _exists(self, kind: str, id: str) -> bool:
        row = self._read_one("node_exists", id=id)
        return bool(row and row[kind])

    @translated
    def get_slice(self, researcher_id: str, *, depth: int, limit: int, include: frozenset[str],
                  since: int | None = None, until: int | None = None) -> GraphSlice:
        rows = self._read("get_slice", researcher_id=researcher_id, since=since, until=until)
        if not rows:
            self._require("researcher", researcher_id)
        nodes = []
        for r in rows:
            data = {"year": r["year"]} if r["type"] == "paper" else {}
            nodes.append(RawNode(f"{r['type']}:{r['id']}", r["type"], r["label"], data))
        keys = {n.id for n in nodes}
        edges = [RawEdge(f"{r['type']}:{r['id']}", target, rel, float(score or 0.0) if rel == "HAS_TOPIC" else 1.0)
                 for r in rows for target, rel, score in r["edges"] if target in keys]
        center = f"researcher:{researcher_id}"
        include = frozenset(t.lower() for t in include)
        far: list[FarPaper] = []
        if depth >= 2 and slicing.needs_far(center, edges, limit=limit, include=include):
            nodes, far = self._far_papers(center, nodes, edges, since, until)
        return select_slice(center, nodes, edges, far=far, limit=limit, include=include)

    def _far_papers(self, center: str, nodes: list[RawNode], edges: list[RawEdge], since: int | None,
                    until: int | None) -> tuple[list[RawNode], list[FarPaper]]:
        bridge_ids = [k.split(":", 1)[1] for k in slicing.bridges(center, edges)]
        rows = self._read("slice_far_papers", researcher_id=center.split(":", 1)[1], bridge_ids=bridge_ids,
                          since=since, until=until, per_bridge=slicing.BRIDGE_PAPERS)
        people = {f"researcher:{a}": name for r in rows for a, name in r["authors"]}
        far = [FarPaper(f"paper:{r['id']}", tuple(f"researcher:{a}" for a, _ in r["authors"])) for r in rows]
        return nodes + [RawNode(k, "researcher", name) for k, name in people.items()], far
