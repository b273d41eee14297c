"""Slices as files: the serialisations the API's ``/slice?format=`` and ``researchgraph export`` share."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from graph import export
from graph.store import GraphStore
from graph.views import GraphSlice

SLICE_FORMATS = ("json", "cytoscape", "graphml", "gexf")
SLICE_NODE_TYPES = ("researcher", "paper", "topic", "institution", "repository")

# GraphML and GEXF have registered-looking types but clients and browsers handle plain XML best.
_MEDIA = {"json": ("application/json", "json"), "cytoscape": ("application/json", "cyjs.json"),
          "graphml": ("application/xml", "graphml"), "gexf": ("application/xml", "gexf")}


def render_slice(graph_slice: GraphSlice, fmt: str) -> tuple[bytes, str, str]:
    """``(body, media type, file extension)`` of a slice in ``fmt``."""
    if fmt not in _MEDIA:
        raise ValueError(f"unknown slice format {fmt!r}; use one of {', '.join(SLICE_FORMATS)}")
    media_type, ext = _MEDIA[fmt]
    out = export.export(graph_slice, fmt)
    body = out if isinstance(out, bytes) else json.dumps(out, ensure_ascii=False, indent=2).encode("utf-8")
    return body, media_type, ext


def parse_include(include: str | Iterable[str] | None) -> frozenset[str]:
    """Node types to keep; ``None`` or empty means all. Unknown names raise ``ValueError``."""
    if include is None:
        return frozenset(SLICE_NODE_TYPES)
    parts = include.split(",") if isinstance(include, str) else list(include)
    kinds = {p.strip().lower() for p in parts if p.strip()}
    if not kinds:
        return frozenset(SLICE_NODE_TYPES)
    unknown = sorted(kinds - set(SLICE_NODE_TYPES))
    if unknown:
        raise ValueError(f"unknown node type(s) {', '.join(unknown)}; use {', '.join(SLICE_NODE_TYPES)}")
    return frozenset(kinds)


def export_slice(store: GraphStore, researcher_id: str, fmt: str, out_path: str | os.PathLike[str], *,
                 depth: int = 1, limit: int = 100, include: str | Iterable[str] | None = None,
                 since: int | None = None, until: int | None = None) -> GraphSlice:
    """Write a researcher's slice to ``out_path`` in ``fmt``; returns the slice (for a summary line).

    The file appears whole or not at all: it is written beside the target and renamed.
    """
    if fmt not in SLICE_FORMATS:
        raise ValueError(f"unknown slice format {fmt!r}; use one of {', '.join(SLICE_FORMATS)}")
    graph_slice = store.get_slice(researcher_id, depth=depth, limit=limit, include=parse_include(include),
                                  since=since, until=until)
    body, _, _ = render_slice(graph_slice, fmt)
    target = Path(out_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return graph_slice

