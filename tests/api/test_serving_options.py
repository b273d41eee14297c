"""How ``serve`` runs uvicorn (app/main.py ``run``): the fast loop and parser, no access log, and the
expensive-request slots shared out between workers."""

from __future__ import annotations

import os

import uvicorn

from app import main


def _captured(monkeypatch) -> dict:
    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs, app=app))
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setenv("RG_EXPENSIVE_SLOTS", "")  # recorded, so what run() sets is undone after the test
    monkeypatch.delenv("RG_EXPENSIVE_SLOTS")
    return seen


def test_serve_uses_uvloop_httptools_and_no_access_log(monkeypatch):
    seen = _captured(monkeypatch)
    main.run(workers=1)
    assert (seen["loop"], seen["http"], seen["access_log"]) == ("uvloop", "httptools", False)
    assert "RG_EXPENSIVE_SLOTS" not in os.environ  # one worker: the settings' default, one per core


def test_workers_share_the_expensive_slots(monkeypatch):
    _captured(monkeypatch)
    main.run(workers=2)
    assert os.environ["RG_EXPENSIVE_SLOTS"] == "2"  # 4 cores, 2 workers: 2 each, 4 at once in all


def test_an_explicit_slot_count_is_kept(monkeypatch):
    _captured(monkeypatch)
    monkeypatch.setenv("RG_EXPENSIVE_SLOTS", "3")
    main.run(workers=2)
    assert os.environ["RG_EXPENSIVE_SLOTS"] == "3"
