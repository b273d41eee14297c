"""Cheap requests under a flood (issue 14): what a cheap answer costs in thread-pool hops, and how
many graph threads a worker runs at once, so that the event loop and a cheap read are not left
waiting for the GIL behind dozens of threads computing answers."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import anyio.to_thread
import pytest
import uvicorn
from fastapi.testclient import TestClient

from app.main import create_app
from graph.embedded.store import EmbeddedStore
from tests.api.conftest import API_KEY, NoMatcher, settings_from_env, slug, small_batch
from tests.api.test_errors_and_ingest import AUTH, FEED
from tests.api.test_live_server import _free_port, _get
from tests.api.test_upload_reads import hold_merges

HELD = 0.3  # how long a blocked read holds its thread


@pytest.fixture
def hops(monkeypatch) -> list[str]:
    """The name of every function run on anyio's thread pool (FastAPI's sync routes and dependencies)."""
    seen: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func, *args, **kwargs):
        seen.append(getattr(getattr(func, "func", func), "__name__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return seen


def test_a_cheap_read_takes_one_thread_hop_and_a_cached_one_none(client, hops):
    assert client.get(f"/v1/researchers/{slug('ada')}").status_code == 200
    assert len(hops) == 1  # the route itself; its store dependency runs on the event loop
    hops.clear()
    assert client.get(f"/v1/researchers/{slug('ada')}/collaborators", params={"limit": 2}).status_code == 200
    assert len(hops) == 1  # the paging parameters too
    hops.clear()
    assert client.get(f"/v1/researchers/{slug('ada')}").status_code == 200  # from the cache
    assert client.get("/healthz").status_code == 200
    assert hops == []


class BlockingStore(EmbeddedStore):
    """The small graph, where every profile and slice holds its thread a while (a slice until
    ``release`` when ``slice_hold`` says so) and the most computed at once is counted."""

    def __init__(self) -> None:
        super().__init__(None)
        self.upsert_batch(small_batch())
        self.running = 0
        self.most = 0
        self.slice_hold = HELD
        self.release = threading.Event()
        self._lock = threading.Lock()

    def _held(self, seconds: float) -> None:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self.release.wait(seconds)
        with self._lock:
            self.running -= 1

    def get_researcher(self, researcher_id):
        self._held(HELD)
        return super().get_researcher(researcher_id)

    def get_slice(self, *args, **kwargs):
        self._held(self.slice_hold)
        return super().get_slice(*args, **kwargs)


@contextmanager
def _serving(app) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def flooded():
    store = BlockingStore()
    settings = settings_from_env(RG_READ_THREADS="2", RG_EXPENSIVE_SLOTS="1", RG_QUEUE_WAIT_S="5")
    with _serving(create_app(settings, store, matcher=NoMatcher())) as url:
        yield url, store


def test_a_worker_computes_a_bounded_number_of_reads_at_once(flooded):
    url, store = flooded
    # distinct query strings: distinct answers, so the cache does not fold them into one
    profiles = [f"{url}/v1/researchers/{slug('ada')}?n={i}" for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(_get, profiles))
    assert {a[0] for a in answers} == {200}
    assert store.most <= 3  # RG_READ_THREADS + RG_EXPENSIVE_SLOTS, not anyio's 40


def test_cheap_reads_keep_their_threads_while_the_expensive_slot_is_busy(flooded):
    url, store = flooded
    with ThreadPoolExecutor(1) as pool:
        slice_ = pool.submit(_get, f"{url}/v1/researchers/{slug('ada')}/slice")
        while store.running == 0:  # the slice holds the one expensive slot and its thread
            time.sleep(0.01)
        cheap = [_get(f"{url}/v1/researchers/{slug(p)}") for p in ("bob", "cy")]
        assert [c[0] for c in cheap] == [200, 200]
        assert slice_.result()[0] == 200



def test_an_upload_does_not_take_the_thread_cheap_reads_compute_on(monkeypatch, topic_matcher):
    store = BlockingStore()
    store.slice_hold = 30
    merging, go = hold_merges(monkeypatch, "the cheap read")
    settings = settings_from_env(RG_READ_THREADS="1", RG_EXPENSIVE_SLOTS="1", RG_API_KEY=API_KEY)
    with _serving(create_app(settings, store, matcher=topic_matcher)) as url, ThreadPoolExecutor(2) as pool:
        request = urllib.request.Request(f"{url}/v1/ingest?name=hopper.txt&as_of=2024-01-01", data=FEED.encode(),
                                         headers=AUTH, method="POST")
        upload = pool.submit(lambda: urllib.request.urlopen(request, timeout=60).status)
        slice_ = pool.submit(_get, f"{url}/v1/researchers/{slug('ada')}/slice")
        assert merging.wait(30)
        while store.running == 0:  # the expensive slot's thread is taken too
            time.sleep(0.01)
        try:  # a read that needs a thread of the pool: without one it would wait for the upload
            with urllib.request.urlopen(f"{url}/v1/researchers/{slug('bob')}/collaborators", timeout=10) as cheap:
                assert cheap.status == 200
        finally:
            go.set()
            store.release.set()
        assert upload.result() == 200 and slice_.result()[0] == 200


def test_healthz_is_answered_in_front_of_every_middleware(api_settings, small_store):
    reached: list[str] = []

    class Recorder:  # the outermost middleware of the app's own stack
        def __init__(self, app):
            self.app = app

        async def __call__(self, scope, receive, send):
            if scope["type"] == "http":
                reached.append(scope["path"])
            await self.app(scope, receive, send)

    app = create_app(api_settings, small_store, matcher=NoMatcher())
    app.add_middleware(Recorder)
    with TestClient(app) as c:
        plain = c.get("/healthz")
        cross = c.get("/healthz", headers={"Origin": "https://explorer.example"})
        assert c.get("/readyz").status_code == 200
    assert plain.status_code == 200 and plain.json() == {"status": "ok"}
    assert plain.headers["content-type"] == "application/json"
    assert int(plain.headers["content-length"]) == len(plain.content)
    # a cross-origin probe goes through the stack, where CORSMiddleware answers it
    assert cross.json() == {"status": "ok"} and cross.headers["access-control-allow-origin"] == "https://explorer.example"
    assert reached == ["/healthz", "/readyz"]
