"""A cache of whole answers, so a read asked again is bytes sent, not the graph walked again.

Reads of this API are pure functions of the graph the worker holds and the request's path and
query string. :class:`ResponseCache` keeps the status, headers and body of successful ``GET
/v1/...`` answers, keyed by path and query string, for one *generation* of the store: the
guarded store (app/deps.py ``GuardedStore``) counts every write it lets through, an upload's and
the poller's (other processes' commits applied, a reload swapped in). The cache holds the
entries of one generation only and drops them all when the count moves, and an answer computed
while a write finished is not kept, so it never serves an answer older than the graph this
worker holds: the answer after a write is computed afresh.

A store that is not guarded (Neo4j: every worker asks the database, whose writes this process
cannot see) has no generation, and nothing is cached. Entries are kept by size: at most
``RG_RESPONSE_CACHE_MB`` in all (least recently used go first) and a sixteenth of that each.
It runs outside the expensive-request cap (app/limits.py), so a cached slice takes no slot, and
requests for an answer already being computed wait for it instead of computing it again (a
flood of one slow URL costs one computation).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from app.deps import GuardedStore

CACHED_PREFIX = "/v1/"


@dataclass
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


@dataclass
class _Capture:
    """Forwards an answer to the client and keeps a copy while it is a cacheable size."""

    send: Any
    limit: int
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0
    complete: bool = False

    async def __call__(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body" and self.size <= self.limit:
            body = message.get("body", b"")
            self.chunks.append(body)
            self.size += len(body)
            self.complete = not message.get("more_body", False)
        await self.send(message)

    def entry(self) -> Entry | None:
        if self.status != 200 or not self.complete or self.size > self.limit:
            return None
        return Entry(self.status, self.headers, b"".join(self.chunks))


class ResponseCache:
    def __init__(self, app: Any, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 16
        self._entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()
        self._size = 0
        self._holder: tuple[int, int] | None = None  # (id of the store, its generation) the entries are for
        self._computing: dict[tuple[str, bytes], asyncio.Future] = {}  # answers being computed now

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        store = _store_of(scope)
        generation = store.generation if isinstance(store, GuardedStore) else None
        if (generation is None or self.max_bytes <= 0 or scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith(CACHED_PREFIX)):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        for _ in range(2):
            hit = self._lookup(store, key)
            if hit is not None:
                await _replay(hit, send)
                return
            leader = self._computing.get(key)
            if leader is None:
                break
            await asyncio.wait({leader})  # the same answer is being computed: wait for it, then look again
        done = asyncio.get_running_loop().create_future()
        self._computing[key] = done
        try:
            capture = _Capture(send, self.max_entry)
            await self.app(scope, receive, capture)
            entry = capture.entry()
            # kept only if no write finished meanwhile (the generation would have moved)
            if entry is not None and (id(store), store.generation) == self._holder:
                self._keep(key, entry)
        finally:
            if self._computing.get(key) is done:
                del self._computing[key]
            done.set_result(None)

    def _lookup(self, store: GuardedStore, key: tuple[str, bytes]) -> Entry | None:
        holder = (id(store), store.generation)
        if holder != self._holder:
            self.clear()
            self._holder = holder
        hit = self._entries.get(key)
        if hit is not None:
            self._entries.move_to_end(key)
        return hit

    def clear(self) -> None:
        self._entries.clear()
        self._size = 0

    def _keep(self, key: tuple[str, bytes], entry: Entry) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._size -= len(old.body)
        self._entries[key] = entry
        self._size += len(entry.body)
        while self._size > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._size -= len(dropped.body)


def _store_of(scope: dict) -> Any:
    app = scope.get("app")
    return getattr(getattr(app, "state", None), "store", None)


async def _replay(entry: Entry, send: Any) -> None:
    # a fresh headers list: an outer middleware (CORS) may add to the one it is given
    await send({"type": "http.response.start", "status": entry.status, "headers": list(entry.headers)})
    await send({"type": "http.response.body", "body": entry.body, "more_body": False})
