"""``serve`` answers /healthz while it loads the graph; /readyz and the graph routes say 503 with
``Retry-After`` until the graph is in, then answer from it."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

import app.bootstrap
from app.main import create_app
from app.settings import Settings
from graph.embedded.store import EmbeddedStore


def _held_load(monkeypatch, tmp_path) -> threading.Event:
    """An embedded data directory whose load waits until the returned event is set."""
    release = threading.Event()
    build = app.bootstrap.build_store

    def slow_build(settings):
        assert release.wait(30)
        return build(settings)

    monkeypatch.setattr(app.bootstrap, "build_store", slow_build)
    EmbeddedStore(tmp_path).close()
    return release


def test_alive_at_once_ready_once_loaded(monkeypatch, tmp_path):
    release = _held_load(monkeypatch, tmp_path)
    settings = Settings(rg_backend="embedded", rg_data_dir=tmp_path, rg_loading_wait_s=0.2)
    with TestClient(create_app(settings, load_in_background=True), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        started = time.monotonic()
        loading = client.get("/v1/stats")
        assert time.monotonic() - started >= 0.2  # it waited for the load before saying no
        assert loading.status_code == 503 and "Retry-After" in loading.headers
        assert client.get("/readyz").status_code == 503
        release.set()
        for _ in range(300):
            if client.get("/readyz").status_code == 200:
                break
            threading.Event().wait(0.1)
        assert client.get("/v1/stats").status_code == 200


def test_a_graph_request_waits_for_a_load_that_ends_within_the_wait(monkeypatch, tmp_path):
    """``serve --workers 2``: /readyz said 200 from the worker that loaded first; a request on the
    other one, seconds behind, is answered once its graph is in, not with a 503."""
    release = _held_load(monkeypatch, tmp_path)
    settings = Settings(rg_backend="embedded", rg_data_dir=tmp_path, rg_loading_wait_s=30)
    with TestClient(create_app(settings, load_in_background=True), raise_server_exceptions=False) as client:
        answers: list[int] = []
        waiting = threading.Thread(target=lambda: answers.append(client.get("/v1/stats").status_code))
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive() and not answers  # held, not refused
        assert client.get("/readyz").status_code == 503  # readiness never waits
        release.set()
        waiting.join(30)
        assert answers == [200]


def test_readiness_while_loading_says_so_without_a_warning_per_probe(monkeypatch, tmp_path, caplog):
    """A load balancer probes /readyz every second during the corpus's minute of loading: each
    503 says the graph is loading, and none of them is logged as a backend fault."""
    release = _held_load(monkeypatch, tmp_path)
    settings = Settings(rg_backend="embedded", rg_data_dir=tmp_path, rg_loading_wait_s=0.1)
    with TestClient(create_app(settings, load_in_background=True), raise_server_exceptions=False) as client:
        with caplog.at_level("INFO"):
            probes = [client.get("/readyz") for _ in range(3)]
            graph = client.get("/v1/stats")
        release.set()
    for answer in (*probes, graph):
        assert answer.status_code == 503 and answer.headers["Retry-After"]
        assert "still loading" in answer.json()["detail"]
    assert not [r for r in caplog.records if r.levelname == "WARNING" and "unavailable" in r.getMessage()]
