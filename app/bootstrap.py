"""The one place that names concrete stores: settings in, a ``GraphStore`` out."""

from __future__ import annotations

from app.settings import Settings
from graph.store import GraphStore


def build_store(settings: Settings) -> GraphStore:
    if settings.rg_backend == "embedded":
        from graph.embedded.store import EmbeddedStore

        return EmbeddedStore(settings.rg_data_dir)
    if settings.rg_backend == "neo4j":
        return _neo4j_store(settings)
    raise ValueError(f"unknown backend {settings.rg_backend!r}")


def probe_store(settings: Settings) -> None:
    """Open the backend the way ``serve`` will, cheaply, so that a store that cannot open (a
    corrupt database, an unreachable Neo4j) is said before the server starts. The embedded graph
    is not loaded here: ``serve`` loads it once, after it has started answering /healthz."""
    if settings.rg_backend == "embedded":
        from graph.embedded.db import RecordDB
        from graph.embedded.persist import snapshot_path

        db = RecordDB(settings.rg_data_dir)
        fresh = db.seq() == 0
        db.close()
        if not (fresh and snapshot_path(settings.rg_data_dir).exists()):
            return  # (a data directory of an earlier version is imported here, once, said if it fails)
    build_store(settings).close()


def _neo4j_store(settings: Settings) -> GraphStore:
    """A ``Neo4jStore`` from NEO4J_*; the password is handed to the driver only, never logged.

    An empty NEO4J_PASSWORD means a server with auth disabled (the test harness), so no
    credentials are sent at all.
    """
    import logging

    from graph.neo4j.store import Neo4jStore

    password = settings.neo4j_password.get_secret_value()
    user = settings.neo4j_user if password else None
    logging.getLogger(__name__).info("neo4j backend: %s database=%s user=%s", settings.neo4j_uri,
                                     settings.neo4j_database, user or "(no auth)")
    return Neo4jStore(settings.neo4j_uri, user=user, password=password or None, database=settings.neo4j_database)
