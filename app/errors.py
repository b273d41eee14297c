"""The one place errors become HTTP responses: RFC 9457 ``application/problem+json``.

Stores and readers raise domain errors (``NotFound``, ``BackendUnavailable``,
``ExtractionError``); request handling raises :class:`ApiProblem` subclasses.
:func:`install` registers a handler for each, so routes never build error bodies.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, unquote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.store import BackendUnavailable, NotFound, StoreError

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "https://researchgraph.dev/problems/"


class Problem(BaseModel):
    """The error body of every failing request (RFC 9457)."""

    type: str = Field(examples=[_TYPE_BASE + "not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no researcher with id 'nobody'"])
    instance: str = Field(examples=["/v1/researchers/nobody"])
    errors: list[dict[str, Any]] | None = Field(None, description="validation errors, one per bad field")


class ApiProblem(Exception):
    """An error raised while handling a request; subclasses fix the status and title."""

    status = 500
    title = "Internal Server Error"
    slug = "internal"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


class InvalidParameter(ApiProblem):
    status, title, slug = 422, "Unprocessable Content", "invalid-parameter"

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"parameter {parameter!r}: {message}", parameter=parameter)


class Unauthorized(ApiProblem):
    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="researchgraph"'})


class WritesDisabled(ApiProblem):
    status, title, slug = 403, "Forbidden", "writes-disabled"


class PayloadTooLarge(ApiProblem):
    status, title, slug = 413, "Content Too Large", "payload-too-large"


class UnreadableUpload(ApiProblem):
    """The uploaded document could not be read at all; nothing was stored."""

    status, title, slug = 422, "Unprocessable Content", "extraction-error"


def problem_response(request: Request, status: int, title: str, slug: str, detail: str, *,
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = {"type": _TYPE_BASE + slug, "title": title, "status": status, "detail": detail,
            "instance": request.url.path, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _where(loc: tuple[Any, ...]) -> str:
    """``("query", "limit")`` -> ``query parameter 'limit'``; bodies name their field path."""
    if not loc:
        return "request"
    place, *rest = loc
    name = ".".join(str(p) for p in rest)
    if place in ("query", "path", "header", "cookie"):
        return f"{place} parameter {name!r}"
    return f"{place} field {name!r}" if name else str(place)


def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in exc.errors()]
    detail = "; ".join(f"{_where(tuple(e['loc']))}: {e['msg']}" for e in errors) or "invalid request"
    return problem_response(request, 422, "Unprocessable Content", "invalid-parameter", detail, errors=errors)


RESEARCHERS = "/v1/researchers/"


def _not_found(request: Request, exc: NotFound) -> Response:
    moved = _researcher_alias(request, exc) if exc.kind == "researcher" and request.method == "GET" else None
    return moved or problem_response(request, 404, "Not Found", "not-found", str(exc), kind=exc.kind, id=exc.id)


def _researcher_alias(request: Request, exc: NotFound) -> Response | None:
    """A retired researcher id in a researcher route's path (graph/aliases.py): ``301`` to the
    same path and query with the one person its mentions went to, or a 404 naming the candidates
    of a homonym split; None for an id that never was a researcher."""
    path = (request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1")
    segment, slash, rest = path.removeprefix(RESEARCHERS).partition("/")
    resolve = getattr(request.app.state.store, "resolve_researcher_alias", None)
    if not path.startswith(RESEARCHERS) or unquote(segment) != exc.id or resolve is None:
        return None
    try:
        targets = resolve(exc.id)
    except StoreError:  # the 404 stands; the next request may redirect
        return None
    if len(targets) == 1:
        query = request.url.query
        location = RESEARCHERS + quote(targets[0], safe="") + slash + rest + (f"?{query}" if query else "")
        return Response(status_code=301, headers={"Location": location})
    if targets:
        detail = f"{exc}: it was split between several people: {', '.join(targets)}"
        return problem_response(request, 404, "Not Found", "not-found", detail, kind=exc.kind, id=exc.id,
                                candidates=targets)
    return None


class StillLoading(BackendUnavailable):
    """The graph is being loaded (``serve``'s first minute on the corpus): expected, not a fault.
    Its message is ResearchGraph's own, so the client is told it; a probe polling /readyz every
    second while a worker loads is not a warning each time."""


def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, StillLoading):
        log.debug("%s while loading: %s", request.url.path, exc)
        return problem_response(request, 503, "Service Unavailable", "backend-unavailable",
                                f"{exc}; retry later", headers={"Retry-After": "5"})
    # The driver's own message may name hosts; the log keeps it, the client gets a plain one.
    log.warning("backend unavailable on %s: %s", request.url.path, exc)
    return problem_response(request, 503, "Service Unavailable", "backend-unavailable",
                            "the graph backend cannot be reached now; retry later",
                            headers={"Retry-After": "5"})


def _api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
    return problem_response(request, exc.status, exc.title, exc.slug, exc.detail,
                            headers=exc.headers or None, **exc.extra)


def _extraction(request: Request, exc: Exception) -> JSONResponse:
    problem = getattr(exc, "problem", None)
    if problem is None:
        return problem_response(request, 422, "Unprocessable Content", "extraction-error", str(exc))
    return problem_response(request, 422, "Unprocessable Content", "extraction-error", str(problem),
                            file=problem.file, line=problem.line, expected=problem.expected)


def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    title = {404: "Not Found", 405: "Method Not Allowed"}.get(exc.status_code, "HTTP Error")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no route {request.url.path!r}"
    return problem_response(request, exc.status_code, title, f"http-{exc.status_code}", detail,
                            headers=dict(exc.headers) if exc.headers else None)


def _driver_unavailable_types() -> tuple[type[Exception], ...]:
    """The neo4j driver's connection errors, in case one escapes the store's translation."""
    try:
        from neo4j.exceptions import ServiceUnavailable, SessionExpired
    except ImportError:  # pragma: no cover - the driver is a declared dependency
        return ()
    return (ServiceUnavailable, SessionExpired)


def _extraction_error_type() -> type[Exception] | None:
    try:
        from nlp.errors import ExtractionError
    except ImportError:
        return None
    return ExtractionError


def _internal(request: Request, exc: Exception) -> JSONResponse:
    # Starlette logs the traceback; the client gets no internals.
    return problem_response(request, 500, "Internal Server Error", "internal",
                            "the server failed to answer this request")


def install(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _internal)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(BackendUnavailable, _unavailable)
    for exc_type in _driver_unavailable_types():
        app.add_exception_handler(exc_type, _unavailable)
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(StarletteHTTPException, _http)
    extraction = _extraction_error_type()
    if extraction is not None:
        app.add_exception_handler(extraction, _extraction)


def problem_doc(description: str) -> dict[str, Any]:
    """An OpenAPI response entry; :func:`fix_openapi_media_types` files its schema under problem+json."""
    return {"model": Problem, "description": description}


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: problem_doc("unknown id"),
    422: problem_doc("a bad parameter, named in `detail`"),
    503: problem_doc("the backend cannot be reached"),
}


def fix_openapi_media_types(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI files every declared error model under the route's JSON media type; move them
    to ``application/problem+json``, which is what the handlers above send."""
    problem_ref = "#/components/schemas/Problem"
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                body = content.get("application/json", {})
                if status[:1] in "45" and body.get("schema", {}).get("$ref") == problem_ref:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return schema
