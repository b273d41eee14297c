"""Cursor paging for every list route: ``limit`` + opaque ``cursor`` -> ``{"items", "next_cursor"}``.

The cursor is urlsafe base64 of ``{"o": offset}``. It is opaque to clients so the
encoding can change (e.g. to keyset paging) without breaking them. Paging stops at
``MAX_OFFSET`` items (as search engines bound their result windows): a deeper page costs the
store a scan of everything before it, so a cursor past it is a 422 that asks for a narrower query.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Query
from starlette.responses import Response

from app.errors import InvalidParameter
from app.responses import json_body
from graph.views import Page

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
MAX_OFFSET = 10_000
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


def encode_cursor(offset: int) -> str:
    raw = json.dumps({"o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset a cursor stands for; a cursor this API did not make is a 422."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset = data["o"]
    except (ValueError, binascii.Error, KeyError, TypeError) as exc:
        raise InvalidParameter("cursor", "not a cursor returned by this API") from exc
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidParameter("cursor", "not a cursor returned by this API")
    if offset > MAX_OFFSET:
        raise InvalidParameter("cursor", f"pages end after {MAX_OFFSET} items; narrow the query (q, filters)")
    return offset


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page", max_length=64,
                                        pattern=CURSOR_PATTERN)] = None,
) -> PageParams:
    return PageParams(limit=limit, offset=decode_cursor(cursor) if cursor else 0)


def paginate(fetch: Callable[[int, int], list[T]], params: PageParams) -> Response:
    """Call ``fetch(limit, offset)`` for one item more than asked to know whether a next page exists;
    the page as JSON (app/responses.py)."""
    rows = fetch(params.limit + 1, params.offset)
    has_more = len(rows) > params.limit
    items = rows[: params.limit]
    nxt = params.offset + params.limit
    return json_body(Page(items=items, next_cursor=encode_cursor(nxt) if has_more and nxt <= MAX_OFFSET else None))
