"""Bounded work on a real uvicorn server: expensive routes get a slot cap and a time budget
(503 problem+json with Retry-After), cheap routes keep answering while they are flooded."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import uvicorn

from app.main import create_app
from app.settings import Settings
from graph.embedded.store import EmbeddedStore
from tests.api.test_live_server import _free_port, _get
from tests.graph.builders import ID, tiny_batch

SLOW = 1.5
ADA = ID["ada"]


class SlowSliceStore(EmbeddedStore):
    """The tiny graph, with a slice and recommendations that take ``SLOW`` seconds each."""

    def __init__(self) -> None:
        super().__init__(None)
        self.upsert_batch(tiny_batch())
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def _slow(self):
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(SLOW)
        with self._lock:
            self.running -= 1

    def get_slice(self, *args, **kwargs):
        self._slow()
        return super().get_slice(*args, **kwargs)

    def list_recommendations(self, *args, **kwargs):
        self._slow()
        return super().list_recommendations(*args, **kwargs)


@pytest.fixture
def server():
    store = SlowSliceStore()
    settings = Settings(rg_expensive_slots=1, rg_request_budget_s=0.5, rg_queue_wait_s=0.1)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(settings, store, matcher=object()), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    srv.should_exit = True
    thread.join(10)


def test_over_budget_is_503_with_retry_after(server):
    url, _ = server
    status, raw_headers, body = _get(f"{url}/v1/researchers/{ADA}/slice")
    headers = {k.lower(): v for k, v in raw_headers.items()}
    assert status == 503 and headers["retry-after"] == "1"
    assert headers["content-type"].startswith("application/problem+json") and b"budget" in body


def test_slots_cap_what_runs_and_cheap_routes_stay_open(server):
    url, store = server
    paths = [f"/v1/researchers/{ADA}/slice", f"/v1/researchers/{ADA}/recommendations"] * 4
    with ThreadPoolExecutor(8) as pool:
        heavy = [pool.submit(_get, url + p) for p in paths]
        time.sleep(0.2)
        cheap = [_get(f"{url}{p}") for p in ("/healthz", f"/v1/researchers/{ADA}", "/v1/stats")]
        answers = [f.result() for f in heavy]
    assert [c[0] for c in cheap] == [200, 200, 200]
    assert {a[0] for a in answers} == {503}  # every heavy one was refused: no slot, or over its budget
    assert any(b"expensive requests are running" in a[2] for a in answers)
    assert store.most == 1  # never more than the one slot ran at once

