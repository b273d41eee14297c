"""A small per-process cache of read answers, valid while the database's write version holds.

Every write transaction of this backend moves the ``Projection`` node's version: paper
writes (``lock_projection.cypher``), every batch and every ``flush`` (``touch_projection``);
``epoch`` is drawn anew whenever the node is created (after a wipe), so a version is never
seen twice for different data. A cached answer is served only while the version it was
computed under is still the current one. The version is asked at most once per
``seconds`` (one round trip), so a write by another process is seen within that time; this
process's own writes drop the cache at once. ``seconds=0`` asks on every read (no staleness,
one more round trip than no cache); ``None`` turns the cache off.

An answer computed while a write commits may already show it; it is stored under the version
read before the query, so the next check drops it either way. Errors (``NotFound``) are never
cached. Answers are shared between callers: they must not be mutated.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

ENTRIES = 4096  # answers kept; the least recently used go first


class ReadCache:
    def __init__(self, version: Callable[[], Hashable | None], seconds: float | None, entries: int = ENTRIES) -> None:
        self._version_of = version
        self.seconds = seconds
        self._entries = entries
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._version: Hashable | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def drop(self) -> None:
        """Forget every answer and ask the version again on the next read (after our own writes)."""
        with self._lock:
            self._answers.clear()
            self._checked = float("-inf")

    def _current(self) -> Hashable | None:
        now = time.monotonic()
        if now - self._checked >= (self.seconds or 0.0):
            version = self._version_of()
            with self._lock:
                if version != self._version:
                    self._answers.clear()
                self._version, self._checked = version, now
        return self._version

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        if self.seconds is None:
            return compute()
        version = self._current()
        if version is None:  # a database never written to (or wiped): nothing to key on
            return compute()
        with self._lock:
            if (version, key) in self._answers:
                self._answers.move_to_end((version, key))
                return self._answers[version, key]
        answer = compute()
        with self._lock:
            self._answers[version, key] = answer
            while len(self._answers) > self._entries:
                self._answers.popitem(last=False)
        return answer


def _key(value: Any) -> Hashable:
    """Arguments as a hashable key (lists and sets become sorted tuples)."""
    if isinstance(value, list | tuple):
        return tuple(_key(v) for v in value)
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(map(repr, value))))
    return value


def cached(method: Callable[..., Any]) -> Callable[..., Any]:
    """A store read served from ``self._cache`` (see :class:`ReadCache`)."""

    @functools.wraps(method)
    def wrapper(self, *args: Any, **kwargs: Any) -> Any:
        key = (method.__name__, _key(args), tuple(sorted((k, _key(v)) for k, v in kwargs.items())))
        return self._cache.get(key, lambda: method(self, *args, **kwargs))

    return wrapper
