"""The one place that names concrete stores: settings in, a ``GraphStore`` out."""

from __future__ import annotations

from app.settings import Settings
from graph.store import GraphStore


def build_store(settings: Settings) -> GraphStore:
    if settings.rg_backend == "embedded":
        from graph.embedded.store import EmbeddedStore

        return EmbeddedStore(settings.rg_data_dir)
    raise ValueError(f"unknown backend {settings.rg_backend!r}")
