"""How ``serve`` runs uvicorn (app/main.py ``run``): the fast loop and parser, no access log, the
expensive-request slots shared out between workers, the GIL handed back to the event loop sooner and
the collector run less often."""

from __future__ import annotations

import gc
import os
import sys

import uvicorn

from app import main
from app.settings import get_settings


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


def _serving_app(monkeypatch) -> dict[str, list]:
    """What serving_app sets in the process, recorded instead of done."""
    seen: dict[str, list] = {"switch": [], "gc": []}
    monkeypatch.setattr(sys, "setswitchinterval", lambda seconds: seen["switch"].append(seconds))
    monkeypatch.setattr(gc, "set_threshold", lambda *thresholds: seen["gc"].append(thresholds))
    get_settings.cache_clear()
    try:
        main.serving_app()
    finally:
        get_settings.cache_clear()
    return seen


def test_serve_hands_the_gil_back_sooner(monkeypatch):
    """A thread computing an answer gives the GIL up to the event loop after RG_SWITCH_INTERVAL_MS
    (Python's default, 5 ms, was paid once per callback of the loop under a flood)."""
    monkeypatch.setenv("RG_SWITCH_INTERVAL_MS", "0.25")
    assert _serving_app(monkeypatch)["switch"] == [0.00025]


def test_serve_collects_young_objects_less_often(monkeypatch):
    """Graph answers allocate containers by the hundred thousand, and a collection holds the GIL."""
    assert _serving_app(monkeypatch)["gc"] == [main.GC_THRESHOLDS]
    assert main.GC_THRESHOLDS[0] > 700  # Python's default
