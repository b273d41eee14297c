"""Bounded work for the expensive routes: back-pressure instead of collapse (OWASP API4).

The graph slice (and its exports), recommendations and deep pages (a cursor 1,000 items or more
in) can cost a hundred times a profile. An ASGI middleware gives them:

* a cap on how many run at once (``RG_EXPENSIVE_SLOTS``, default: one per core) — a request
  that finds every slot taken for ``RG_QUEUE_WAIT_S`` gets ``503`` with ``Retry-After``;
* a time budget (``RG_REQUEST_BUDGET_S``): a request still running then is answered ``503``
  with ``Retry-After``. Python cannot stop the thread computing it, so the work finishes in
  the background and keeps its slot until then: the cap still bounds what runs.

Cheap routes (``/healthz``, profiles, lists) never wait here, so they stay fast under a flood
of heavy requests.
"""

from __future__ import annotations

import asyncio
import math
import re
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request

from app.errors import InvalidParameter, problem_response
from app.pagination import decode_cursor

EXPENSIVE = re.compile(r"^/v1/researchers/[^/]+/(slice|recommendations)$")
# A page this deep makes the store rank and skip everything before it (app/pagination.py).
DEEP_OFFSET = 1_000


def is_expensive(scope: dict) -> bool:
    """A slice, recommendations, or a page at least :data:`DEEP_OFFSET` items deep."""
    if EXPENSIVE.match(scope.get("path", "")):
        return True
    cursors = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("cursor")
    if not cursors:
        return False
    try:
        return decode_cursor(cursors[-1]) >= DEEP_OFFSET
    except InvalidParameter:  # the route answers 422
        return False


class ExpensiveRequestLimiter:
    def __init__(self, app: Any, *, slots: int, queue_wait: float, budget: float) -> None:
        self.app = app
        self.slots = max(1, slots)
        self.queue_wait = queue_wait
        self.budget = budget
        self._free: asyncio.Semaphore | None = None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not is_expensive(scope):
            await self.app(scope, receive, send)
            return
        if self._free is None:  # made on first use, inside the server's event loop
            self._free = asyncio.Semaphore(self.slots)
        try:
            await asyncio.wait_for(self._free.acquire(), self.queue_wait)
        except TimeoutError:
            await _overloaded(scope, send, f"{self.slots} expensive requests are running; try again shortly", 1)
            return
        answered = False

        async def guarded_send(message: dict) -> None:
            if not answered:
                await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        task.add_done_callback(lambda _: self._free.release())
        done, _ = await asyncio.wait({task}, timeout=self.budget)
        if task in done:
            task.result()
            return
        answered = True
        task.add_done_callback(_drop_result)
        await _overloaded(scope, send, f"the request needed more than its {self.budget:g} s budget; "
                                       "a smaller limit or depth answers sooner", math.ceil(self.budget))


def _drop_result(task: asyncio.Task) -> None:
    if not task.cancelled():
        task.exception()  # retrieved, so asyncio does not log it as never retrieved


async def _overloaded(scope: dict, send: Any, detail: str, retry_after: int) -> None:
    """The one problem+json builder (app/errors.py), answered straight from the middleware."""
    response = problem_response(Request(scope), 503, "Service Unavailable", "overloaded", detail,
                                headers={"Retry-After": str(retry_after)})
    await response(scope, _no_body, send)


async def _no_body() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}
