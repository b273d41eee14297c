"""The HTTP application: ``create_app()`` wires settings, store, matcher, routers and error handlers.

The store and the topic matcher are built once, in the lifespan, and kept on
``app.state``; routes reach them through app/deps.py. A store passed to
:func:`create_app` is used as is and left open (its owner closes it).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NoReturn

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from app import deps, errors, refresh
from app.cache import ResponseCache
from app.limits import ExpensiveRequestLimiter
from app.liveness import Liveness
from app.routes import ingest, institutions, papers, researchers, system, topics
from app.settings import MIB, Settings, get_settings
from graph.store import BackendUnavailable, GraphStore

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Swagger UI's files, copied from the swagger-ui-dist npm package by `make install`: /docs
# loads nothing from outside the server.
DOCS_ASSETS = {"swagger_js_url": "/static/vendor/swagger-ui-bundle.js",
               "swagger_css_url": "/static/vendor/swagger-ui.css",
               "swagger_favicon_url": "/static/vendor/favicon-32x32.png",
               # no badge fetched from the online validator
               "swagger_ui_parameters": {"validatorUrl": None}}

DESCRIPTION = """Co-authorship and topic knowledge graph of research publications.

Lists take `limit` (1-200, default 20) and `cursor` (the previous page's `next_cursor`) and
answer `{"items": [...], "next_cursor": ...}`. Errors are `application/problem+json`.
Writes (`POST /v1/ingest`) need `Authorization: Bearer <RG_API_KEY>`.
"""

TAGS = [
    {"name": "researchers", "description": "profiles, co-authors, recommendations, graph slices"},
    {"name": "topics", "description": "the machine-learning taxonomy and its co-occurrence"},
    {"name": "institutions", "description": "institutions, their people and partners"},
    {"name": "papers", "description": "papers with authors, topics, code and provenance"},
    {"name": "ingest", "description": "document upload"},
    {"name": "system", "description": "liveness, readiness, counts"},
]


def create_app(settings: Settings | None = None, store: GraphStore | None = None, *,
               matcher: Any | None = None, load_in_background: bool = False) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="ResearchGraph", version="0.1.0", description=DESCRIPTION,
                  openapi_tags=TAGS, lifespan=_lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    # A given store is usable at once, even by a client that does not run the lifespan.
    app.state.store = deps.guard(store)
    app.state.owns_store = store is None
    app.state.matcher = matcher
    app.state.load_in_background = load_in_background
    errors.install(app)
    app.add_middleware(ExpensiveRequestLimiter, slots=settings.rg_expensive_slots,
                       queue_wait=settings.rg_queue_wait_s, budget=settings.rg_request_budget_s)
    # outside the cap: a cached answer takes no expensive slot
    app.add_middleware(ResponseCache, max_bytes=int(settings.rg_response_cache_mb * MIB))
    origins = settings.cors_origins  # CORS outermost: a 503 of the limiter is readable by a browser too
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "OPTIONS"],
                           allow_headers=["Authorization", "Content-Type"])
    for module in (researchers, topics, institutions, papers, ingest, system):
        app.include_router(module.router)
    _mount_explorer(app)
    _serve_docs(app)
    _document_problems(app)
    _answer_liveness_first(app, cors=bool(origins))
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """With ``load_in_background`` (``researchgraph serve``) the server answers at once: /healthz
    says it is alive, /readyz and the graph routes say 503 (``Retry-After``) while the store it owns
    is loaded and warmed in a thread (minutes for the embedded corpus graph); then the store, the
    topic matcher and the reload poller take over. Otherwise the store is loaded before the first
    request (a test client)."""
    _bound_threads(app.state.settings)
    app.state.loaded = threading.Event()  # set once the graph is in, or its load failed
    if app.state.store is None and app.state.load_in_background:
        app.state.store = Loading()
        threading.Thread(target=_load, args=(app,), name="graph-loader", daemon=True).start()
    elif app.state.store is None:
        app.state.store = Loading()
        _load(app, background=False)
    else:
        _ready(app, app.state.store)
    try:
        yield
    finally:
        if getattr(app.state, "poller", None) is not None:
            app.state.poller.stop()
        if app.state.owns_store and not isinstance(app.state.store, Loading | None):
            app.state.store.close()
            app.state.store = None


def _bound_threads(settings: Settings) -> None:
    """Sync routes run on anyio's thread pool, 40 at once by default: under a flood, 40 threads
    taking turns at the GIL with each other and with the event loop, every cheap answer waiting
    behind all of them. A worker now runs ``RG_READ_THREADS + RG_EXPENSIVE_SLOTS`` at once; the
    expensive requests never take more than their slots (app/limits.py), so cheap reads always
    have ``RG_READ_THREADS``. The others wait their turn on the event loop, which costs nothing."""
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = settings.rg_read_threads + settings.rg_expensive_slots


class Loading:
    """The store while it loads: not ready, and every query a 503 that says so."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.failed: BaseException | None = None

    def ping(self) -> bool:
        self._refuse()

    def __getattr__(self, name: str) -> Any:
        self._refuse()

    def _refuse(self) -> NoReturn:
        if self.failed is not None:
            raise BackendUnavailable(f"the graph could not be loaded: {self.failed}")
        raise errors.StillLoading(f"the graph is still loading ({time.monotonic() - self.started:.0f} s so far)")


def _load(app: FastAPI, background: bool = True) -> None:
    from app.bootstrap import build_store

    try:
        store = build_store(app.state.settings)
        _warm(store)
    except Exception as exc:  # in the background: said on every request and in the log
        if not background:
            raise
        log.exception("could not load the graph")
        app.state.store.failed = exc
        app.state.loaded.set()
        return
    took = time.monotonic() - app.state.store.started
    _ready(app, deps.guard(store))
    log.info("graph loaded and warmed in %.1f s; ready", took)


def _ready(app: FastAPI, store: Any) -> None:
    if app.state.matcher is None:
        app.state.matcher = _build_matcher()
    app.state.poller = refresh.Poller(store, app.state.settings.rg_reload_interval_s).start()
    app.state.store = store
    app.state.loaded.set()


def _warm(store: Any) -> None:
    """Before the first request: derived indexes built (a store that keeps some, the embedded
    one), then what is loaded frozen, so the cyclic GC never re-scans the whole graph during
    a request."""
    warm = getattr(store, "warm", None)
    if warm is not None:
        warm()
    gc.freeze()


def _build_matcher() -> Any:
    from nlp.topics import TopicMatcher

    return TopicMatcher.from_data()


def _document_problems(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = errors.fix_openapi_media_types(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _answer_liveness_first(app: FastAPI, *, cors: bool) -> None:
    """/healthz in front of the stack Starlette builds on the first request (app/liveness.py)."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: Liveness(build(), cors=cors)  # type: ignore[method-assign]


def _mount_explorer(app: FastAPI) -> None:
    """Serve the static explorer when it is installed; the API works without it."""
    index = STATIC_DIR / "index.html"
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def home():
        if index.is_file():
            return FileResponse(index, media_type="text/html")
        return RedirectResponse("/docs")


def _serve_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the local assets (ReDoc is not served: it would need fonts and
    a second bundle from outside)."""

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json",
                                   title=f"{app.title} API", **DOCS_ASSETS)


# serve's collector: a young pass every 50,000 allocations (Python's default: 700), the older
# generations every 20 and 10 of those below them (default: 10 and 10)
GC_THRESHOLDS = (50_000, 20, 10)


def serving_app() -> FastAPI:
    """The app each ``serve`` process runs (a factory: uvicorn's workers build their own).

    uvloop takes the GIL again for each of its callbacks, and a thread computing a graph answer
    gives it up only when asked to, after the switch interval (5 ms by default): under the heavy
    flood the event loop spent most of its time waiting those 5 ms, once per read, thread
    wake-up and timer (docs/benchmarks.md, issue 14). A shorter interval hands it back sooner.

    The collector holds the GIL for the whole of a pass. Graph answers allocate containers by
    the hundred thousand: with Python's default thresholds, the threads computing them spent
    12% of their busy time collecting under the heavy flood, 3% with :data:`GC_THRESHOLDS` (one
    py-spy run each). What is loaded stays frozen out of the collector's way (:func:`_warm`)."""
    settings = get_settings()
    sys.setswitchinterval(settings.rg_switch_interval_ms / 1000)
    gc.set_threshold(*GC_THRESHOLDS)
    return create_app(settings, load_in_background=True)


def run(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve the API with uvicorn (``researchgraph serve``). With several workers every process
    loads its own graph: on the embedded backend an upload to one is committed to the database
    and the others apply it within ``RG_RELOAD_INTERVAL_S`` (app/refresh.py)."""
    import inspect

    import uvicorn

    extra = {}
    if workers > 1:
        # RG_EXPENSIVE_SLOTS is per process: the cores shared out, so the expensive requests of all
        # workers together do not outnumber the cores (each worker reads its own settings)
        os.environ.setdefault("RG_EXPENSIVE_SLOTS", str(max(1, (os.cpu_count() or 1) // workers)))
    if workers > 1 and "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        # a worker loading the corpus graph can be slow to answer the supervisor's ping (long
        # garbage collections); the default 5 s had it killed and restarted over and over
        extra["timeout_worker_healthcheck"] = 120
    # uvloop and httptools (uvicorn[standard]); no access log: a line per request cost more than a
    # cached answer (errors and the lifecycle are still logged)
    uvicorn.run("app.main:serving_app", factory=True, host=host, port=port, workers=workers, log_level="info",
                loop="uvloop", http="httptools", access_log=False, log_config=log_config(), **extra)


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with ResearchGraph's own loggers (``app``, ``graph``) shown at INFO on
    the same stream and format: without it, only their warnings reached the terminal (Python's
    last-resort handler), and "graph loaded and warmed in 34.8 s; ready" never did."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    for name in ("app", "graph"):
        config["loggers"][name] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
