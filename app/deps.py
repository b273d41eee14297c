"""Request dependencies: the store, the settings, the topic matcher and the write guard.

Everything a route needs from the application comes through here, so tests swap
any of it with ``app.dependency_overrides``. They are ``async def``: FastAPI runs a plain
``def`` dependency on the thread pool, a hop through the GIL for an attribute lookup, and
under a flood each hop waits behind the threads computing answers.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from app.errors import Unauthorized, WritesDisabled
from app.settings import Settings
from graph.store import GraphStore


class ReadWriteLock:
    """Many readers or one writer. A waiting writer holds back new readers so an upload is not
    starved by a steady stream of reads."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            self._cond.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


# Store methods that change the graph: they take the write lock, every other call the read lock.
WRITES = frozenset({"upsert_batch", "flush", "apply_changes", "adopt"})


class GuardedStore:
    """A store whose every call holds the read lock, and whose writes take the write lock.

    The embedded store mutates in-memory dicts that a concurrent read may be iterating; the
    lock makes an HTTP upload and the reads around it see whole batches. An upload merges
    through this store, so its reads of the graph run beside other requests' reads and only its
    ``upsert_batch`` and ``flush`` hold them off (milliseconds for a document). The lock is taken
    inside each store call, in the worker thread that makes it, so no thread waits on a lock
    while holding one. Stores that set ``thread_safe = True`` (a database client) are not wrapped.

    ``generation`` counts the writes let through (each store write, each :meth:`writing` block),
    moved when the write is done: an answer computed from a read that began at one generation
    reflects every write before it (the response cache, app/cache.py, keys on it).
    """

    def __init__(self, store: GraphStore) -> None:
        self.inner = store
        self.lock = ReadWriteLock()
        self.generation = 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr
        return self._guarded(attr, self.writing if name in WRITES else self.lock.reading)

    @staticmethod
    def _guarded(method: Callable[..., Any], lock: Callable[[], Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            with lock():
                return method(*args, **kwargs)
        return call

    @contextmanager
    def writing(self) -> Iterator[GraphStore]:
        with self.lock.writing():
            try:
                yield self.inner
            finally:  # under the write lock: no read runs, and the next one sees the new count
                self.generation += 1


def guard(store: GraphStore) -> GraphStore:
    if store is None or getattr(store, "thread_safe", False) or isinstance(store, GuardedStore):
        return store
    return GuardedStore(store)  # type: ignore[return-value]


@contextmanager
def writing(store: GraphStore) -> Iterator[GraphStore]:
    """Exclusive access for a write (the raw store inside), or the store as is when it is not guarded."""
    if isinstance(store, GuardedStore):
        with store.writing() as inner:
            yield inner
    else:
        yield store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def current_store(request: Request) -> GraphStore:
    """The store as it is now (a ``Loading`` placeholder while the graph loads): /readyz."""
    return request.app.state.store


async def get_store(request: Request) -> GraphStore:
    """The store for a graph request. With ``serve --workers N`` every worker loads the graph on
    its own, and /readyz says 200 as soon as the worker that answers it is in: a request that lands
    on a worker a few seconds behind waits for it (up to RG_LOADING_WAIT_S, on the event loop,
    holding no thread) instead of a 503 the client did not expect."""
    state = request.app.state
    loaded = getattr(state, "loaded", None)
    if loaded is not None and not loaded.is_set():
        deadline = time.monotonic() + state.settings.rg_loading_wait_s
        while not loaded.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    return state.store


async def get_matcher(request: Request) -> Any:
    """The TopicMatcher built once in the lifespan (spaCy pipelines are slow to build)."""
    return request.app.state.matcher


def api_key_of(settings: Settings) -> str | None:
    secret = settings.rg_api_key
    if secret is None:
        return None
    value = secret.get_secret_value()
    return value or None


async def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    """Writes need ``Authorization: Bearer <RG_API_KEY>``; without a configured key they are off."""
    expected = api_key_of(settings)
    if expected is None:
        raise WritesDisabled("writes over HTTP are disabled: the server has no RG_API_KEY set")
    if not authorization:
        raise Unauthorized("missing 'Authorization: Bearer <key>' header")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must use the Bearer scheme")
    # compare_digest keeps the comparison time independent of where the keys differ.
    if not secrets.compare_digest(token.strip().encode(), expected.encode()):
        raise Unauthorized("the bearer key is not valid")


StoreDep = Annotated[GraphStore, Depends(get_store)]
CurrentStoreDep = Annotated[GraphStore, Depends(current_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
