"""``serve`` answers /healthz while it loads the graph; /readyz and the graph routes say 503 with
``Retry-After`` until the graph is in, then answer from it."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

import app.bootstrap
from app.main import create_app
from app.settings import Settings
from graph.embedded.store import EmbeddedStore


def test_alive_at_once_ready_once_loaded(monkeypatch, tmp_path):
    release = threading.Event()
    build = app.bootstrap.build_store

    def slow_build(settings):
        assert release.wait(30)
        return build(settings)

    monkeypatch.setattr(app.bootstrap, "build_store", slow_build)
    EmbeddedStore(tmp_path).close()
    settings = Settings(rg_backend="embedded", rg_data_dir=tmp_path)
    with TestClient(create_app(settings, load_in_background=True), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        loading = client.get("/v1/stats")
        assert loading.status_code == 503 and "Retry-After" in loading.headers
        assert client.get("/readyz").status_code == 503
        release.set()
        for _ in range(300):
            if client.get("/readyz").status_code == 200:
                break
            threading.Event().wait(0.1)
        assert client.get("/v1/stats").status_code == 200
