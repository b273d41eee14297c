"""Topic queries of the Neo4j store; NPMI is computed and ranked by graph/scoring.py."""

from __future__ import annotations

from graph.model import Topic
from graph.neo4j.base import Neo4jBase
from graph.neo4j.errors import translated
from graph.neo4j.reads_researchers import summaries
from graph.scoring import adjacent_score
from graph.search import rank_topics
from graph.views import AdjacentTopic, PaperSummary, TopicDetail, TopicResearcher


class Neo4jTopicReads(Neo4jBase):
    @translated
    def search_topics(self, q: str, *, limit: int, offset: int = 0) -> list[Topic]:
        """Every topic with its papers; graph/search.py ranks them (stems need Python, and the
        taxonomy is a few hundred topics)."""
        rows = [(Topic.model_validate_json(r["record"]), r["papers"]) for r in self._read("search_topics")]
        ranked = rank_topics(rows, q)
        return ranked[max(offset, 0):max(offset, 0) + max(limit, 0)]

    @translated
    def get_topic(self, topic_id: str) -> TopicDetail:
        row = self._read_one("get_topic", topic_id=topic_id)
        if row is None:
            self._require("topic", topic_id)
        return TopicDetail(topic=Topic.model_validate_json(row["record"]), papers=row["papers"],
                           researchers=row["researchers"], children=list(row["children"]))

    @translated
    def list_adjacent_topics(self, topic_id: str, *, limit: int, offset: int = 0) -> list[AdjacentTopic]:
        """The Cypher fetches co-occurrence counts; scoring and ordering happen here so that the
        float ties break exactly as on the embedded store."""
        rows = [AdjacentTopic(id=r["id"], label=r["label"], co_papers=r["co_papers"], papers=r["papers"],
                              score=adjacent_score(r["co_papers"], r["papers_x"], r["papers"], r["total"]))
                for r in self._read("list_adjacent_topics", topic_id=topic_id)]
        if not rows:
            self._require("topic", topic_id)
        rows.sort(key=lambda a: (-a.score, -a.co_papers, a.id))
        start = max(offset, 0)
        return rows[start:start + max(limit, 0)]

    @translated
    def list_topic_papers(self, topic_id: str, *, limit: int, offset: int = 0) -> list[PaperSummary]:
        self._require("topic", topic_id)
        return summaries(self._read("list_topic_papers", topic_id=topic_id, limit=max(limit, 0),
                                    offset=max(offset, 0)))

    @translated
    def list_topic_researchers(self, topic_id: str, *, limit: int, offset: int = 0) -> list[TopicResearcher]:
        self._require("topic", topic_id)
        return self._topic_researchers(topic_id, limit, offset)

    def _topic_researchers(self, topic_id: str, limit: int, offset: int) -> list[TopicResearcher]:
        rows = self._read("list_topic_researchers", topic_id=topic_id, limit=max(limit, 0), offset=max(offset, 0))
        return [TopicResearcher(id=r["id"], name=r["name"], papers=r["papers"]) for r in rows]
