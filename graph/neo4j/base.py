"""Connection and statement running shared by the Neo4j store's read and write halves."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction, Record, RoutingControl

import cypher
from graph.store import NotFound

# Short waits so that a request fails fast with a 503 while Neo4j is down, instead of the
# driver's default 30 s of retries; the pool reconnects by itself once the server is back.
DRIVER_CONFIG = {
    "connection_timeout": 5.0,
    "connection_acquisition_timeout": 10.0,
    "max_transaction_retry_time": 3.0,
    "liveness_check_timeout": 0.0,
    # "null value eliminated in set function" and friends are expected here, not news.
    "notifications_min_severity": "OFF",
}


def chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Neo4jBase:
    """Owns the driver; every statement comes from ``cypher.load`` with ``$params``."""

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str = "neo4j") -> None:
        auth = (user, password or "") if user else None
        self.uri = uri
        self.database = database
        self.driver: Driver = GraphDatabase.driver(uri, auth=auth, **DRIVER_CONFIG)

    def __repr__(self) -> str:  # never shows the password
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    def _read(self, name: str, **params: Any) -> list[Record]:
        records, _, _ = self.driver.execute_query(cypher.load(name), params, routing_=RoutingControl.READ,
                                                  database_=self.database)
        return records

    def _read_one(self, name: str, **params: Any) -> Record | None:
        records = self._read(name, **params)
        return records[0] if records else None

    def _write_tx(self, work) -> Any:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _run_auto(self, name: str, **params: Any) -> None:
        """Auto-commit statements: schema changes and ``CALL {...} IN TRANSACTIONS``."""
        with self.driver.session(database=self.database) as session:
            session.run(cypher.load(name), params).consume()

    @staticmethod
    def _tx_run(tx: ManagedTransaction, name: str, **params: Any) -> list[Record]:
        return list(tx.run(cypher.load(name), params))

    def _require(self, kind: str, id: str) -> None:
        """:class:`NotFound` unless a ``kind`` node (researcher, topic, institution, paper) has ``id``."""
        row = self._read_one("node_exists", id=id)
        if row is None or not row[kind]:
            raise NotFound(kind, id)
