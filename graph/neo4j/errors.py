"""Driver errors become the store's own errors here, at the boundary, and nowhere else."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.store import BackendUnavailable, StoreError

P = ParamSpec("P")
R = TypeVar("R")


class StoreConflict(StoreError):
    """A write broke a uniqueness constraint (two nodes claimed the same id)."""


def translate(exc: Exception) -> StoreError:
    """The store error for a driver error; the message never includes credentials."""
    if isinstance(exc, ConstraintError):
        return StoreConflict(f"neo4j constraint violated: {exc.message}")
    if isinstance(exc, AuthError):
        return BackendUnavailable("neo4j refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)")
    if isinstance(exc, ServiceUnavailable | SessionExpired | TransientError):
        return BackendUnavailable(f"neo4j is unreachable: {type(exc).__name__}: {exc}")
    if isinstance(exc, Neo4jError):
        return StoreError(f"neo4j error {exc.code}: {exc.message}")
    return BackendUnavailable(f"neo4j driver error: {type(exc).__name__}: {exc}")


def translated(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a store method so that no driver exception escapes it."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except (Neo4jError, DriverError, OSError) as exc:
            raise translate(exc) from exc

    return wrapper
