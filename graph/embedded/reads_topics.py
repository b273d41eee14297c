"""Topic queries of the embedded store, adjacency (shrunk NPMI) included."""

from __future__ import annotations

import heapq
from collections import Counter

import networkx as nx

from graph import scoring
from graph.embedded.reads_base import in_typed, name_key, page, record, require, year_desc
from graph.embedded.reads_papers import paper_summary
from graph.embedded.reads_researchers import topic_ancestors
from graph.model import Topic
from graph.scoring import adjacent_score
from graph.search import rank_topics
from graph.views import AdjacentTopic, PaperSummary, TopicDetail, TopicResearcher


def topic_leaders(g: nx.DiGraph, tk: str, name_key_of) -> list[tuple[str, int]]:
    """(researcher key, papers on the topic), ordered as list_topic_researchers; ``name_key_of``
    gives a researcher key's name_key (``Indexes.name_key_of`` keeps them)."""
    counts = Counter(rk for pk in in_typed(g, tk, "HAS_TOPIC") for rk in in_typed(g, pk, "AUTHORED"))
    return sorted(counts.items(), key=lambda kv: (-kv[1], *name_key_of(kv[0])))


def topic_top(g: nx.DiGraph, tk: str, n: int) -> list[str]:
    """Ids of the first ``n`` of :func:`topic_leaders`, folding only the names near the cut."""
    counts = Counter(rk for pk in in_typed(g, tk, "HAS_TOPIC") for rk in in_typed(g, pk, "AUTHORED"))
    if len(counts) > n:
        cut = heapq.nlargest(n, counts.values())[-1]
        counts = Counter({rk: c for rk, c in counts.items() if c >= cut})
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], *name_key(record(g, kv[0]).name, record(g, kv[0]).id)))
    return [record(g, rk).id for rk, _ in rows[:n]]


class TopicReads:
    graph: nx.DiGraph

    def _topic_cached(self, kind: str, tk: str, build):
        cache = self._indexes().topic_cache
        if (kind, tk) not in cache:
            cache[(kind, tk)] = build(self.graph, tk)
        return cache[(kind, tk)]

    def _topic_leaders(self, tk: str) -> list[tuple[str, int]]:
        idx = self._indexes()
        return self._topic_cached("leaders", tk, lambda g, k: topic_leaders(g, k, idx.name_key_of))

    def _topic_top(self, tk: str) -> list[str]:
        """The recommendation leaders of a topic (scoring.TOPIC_LEADERS of list_topic_researchers)."""
        return self._topic_cached("top", tk, self._top_of)

    def _top_of(self, g: nx.DiGraph, tk: str) -> list[str]:
        leaders = self._indexes().topic_cache.get(("leaders", tk))
        if leaders is None:  # counted for these few alone, names folded only near the cut
            return topic_top(g, tk, scoring.TOPIC_LEADERS)
        return [record(g, rk).id for rk, _ in leaders[:scoring.TOPIC_LEADERS]]  # warm built the whole list

    def search_topics(self, q: str, *, limit: int, offset: int = 0) -> list[Topic]:
        g = self.graph
        rows = [(record(g, k), n) for k, n in self._indexes().topic_papers.items()]
        return page(rank_topics(rows, q), limit, offset)

    def get_topic(self, topic_id: str) -> TopicDetail:
        g = self.graph
        tk = require(g, "topic", topic_id)
        children = sorted(record(g, c).id for c in in_typed(g, tk, "SUBTOPIC_OF"))
        return TopicDetail(topic=record(g, tk), papers=len(in_typed(g, tk, "HAS_TOPIC")),
                           researchers=len(self._topic_leaders(tk)), children=children)

    def list_adjacent_topics(self, topic_id: str, *, limit: int, offset: int = 0) -> list[AdjacentTopic]:
        g = self.graph
        tk = require(g, "topic", topic_id)
        idx = self._indexes()
        n, n_x = idx.papers_with_topic, idx.topic_papers[tk]
        rows = []
        lineage = set(topic_ancestors(g, tk))
        for ok, n_xy in idx.topic_pairs[tk].items():
            if ok in lineage or tk in topic_ancestors(g, ok):
                continue
            t = record(g, ok)
            n_y = idx.topic_papers[ok]
            rows.append(AdjacentTopic(id=t.id, label=t.label, co_papers=n_xy, papers=n_y,
                                      score=adjacent_score(n_xy, n_x, n_y, n)))
        rows.sort(key=lambda a: (-a.score, -a.co_papers, a.id))
        return page(rows, limit, offset)

    def list_topic_papers(self, topic_id: str, *, limit: int, offset: int = 0) -> list[PaperSummary]:
        g = self.graph
        tk = require(g, "topic", topic_id)

        def build(g: nx.DiGraph, tk: str) -> list[str]:
            rows = [(g.edges[pk, tk].get("score") or 0.0, record(g, pk), pk) for pk in in_typed(g, tk, "HAS_TOPIC")]
            rows.sort(key=lambda r: (-r[0], year_desc(r[1].year), r[1].id))
            return [pk for _, _, pk in rows]

        keys = self._topic_cached("papers", tk, build)
        return [paper_summary(record(g, pk)) for pk in page(keys, limit, offset)]

    def list_topic_researchers(self, topic_id: str, *, limit: int, offset: int = 0) -> list[TopicResearcher]:
        g = self.graph
        tk = require(g, "topic", topic_id)
        return [TopicResearcher(id=record(g, rk).id, name=record(g, rk).name, papers=n)
                for rk, n in page(self._topic_leaders(tk), limit, offset)]
