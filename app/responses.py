"""JSON answers serialised once, by pydantic-core, straight from the read models.

A route that returns a model lets FastAPI validate it again against ``response_model`` (in a
second worker-thread hop for a sync route) and then serialise it: for a page of 200 papers that
re-validation cost more than the graph work. The read models come from graph/views.py, already
validated where they were built, so a route returns :func:`json_body` of them instead; the
``response_model`` stays on the route for the OpenAPI schema, and tests/api/test_response_shapes.py
checks every GET route's answer against it.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response


def json_body(value: BaseModel, status_code: int = 200) -> Response:
    """``value`` as ``application/json``, serialised by its own pydantic-core serializer."""
    return Response(value.__pydantic_serializer__.to_json(value), status_code=status_code,
                    media_type="application/json")
