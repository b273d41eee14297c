"""``Neo4jStore``: the GraphStore served by a Neo4j 5 server through the official driver.

Every statement is a file in cypher/ (loaded by ``cypher.load``); the read and write halves
live in the sibling modules. Driver errors are translated at each public method
(graph/neo4j/errors.py): an unreachable server is ``BackendUnavailable`` and the driver's
pool reconnects by itself once the server is back. Route-level reads are answered from a
per-process cache while the database's write version holds (graph/neo4j/cache.py).
"""

from __future__ import annotations

from graph.neo4j.cache import ReadCache, cached
from graph.neo4j.errors import translated
from graph.neo4j.reads_graph import Neo4jGraphReads
from graph.neo4j.reads_papers import Neo4jPaperReads
from graph.neo4j.reads_researchers import Neo4jResearcherReads
from graph.neo4j.reads_topics import Neo4jTopicReads
from graph.neo4j.writes import Neo4jWrites

# How stale a cached answer may be after another process wrote (this process's own writes are
# seen at once): the write version is asked at most this often (graph/neo4j/cache.py).
CACHE_SECONDS = 1.0


class Neo4jStore(Neo4jWrites, Neo4jResearcherReads, Neo4jTopicReads, Neo4jPaperReads, Neo4jGraphReads):
    # The driver is thread-safe: the API need not serialise requests around this store.
    thread_safe = True

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str = "neo4j", *, apply_schema: bool = True,
                 cache_seconds: float | None = CACHE_SECONDS) -> None:
        super().__init__(uri, user, password, database)
        self._cache = ReadCache(self._write_version, cache_seconds)
        if apply_schema:
            try:
                self.apply_schema()
            except Exception:
                # A server that is down at start-up is retried by ping()/the next write;
                # the API still starts and answers 503 until then.
                self._schema_applied = False
            else:
                self._schema_applied = True

    def ping(self) -> bool:
        try:
            self.driver.verify_connectivity()
        except Exception:
            return False
        if not getattr(self, "_schema_applied", True):
            try:
                self.apply_schema()
                self._schema_applied = True
            except Exception:
                return False
        return True

    @translated
    def close(self) -> None:
        self.driver.close()

    @translated
    def _write_version(self) -> tuple[str, int] | None:
        row = self._read_one("projection_version")
        return (row["epoch"], row["writes"]) if row else None


# The answers routes serve; the merger's reads (paper keys, records) always go to the database.
CACHED = ("search_researchers", "get_researcher", "list_researcher_papers", "list_collaborators",
          "list_researcher_topics", "list_researcher_institutions", "list_recommendations", "get_slice",
          "search_topics", "get_topic", "list_adjacent_topics", "list_topic_papers", "list_topic_researchers",
          "search_institutions", "get_institution", "list_institution_researchers",
          "list_institution_collaborators", "search_papers", "get_paper", "get_stats")
for _name in CACHED:
    setattr(Neo4jStore, _name, cached(getattr(Neo4jStore, _name)))
