"""Slice export formats: json, cytoscape.js elements, GraphML and GEXF.

GraphML and GEXF go through networkx's writers, which accept only str/int/float/bool
attribute values: ``None`` values are dropped and other values become strings.

Every format carries the derived ``COAUTHOR`` edges (people who wrote papers together,
``weight`` = shared papers; see graph/slicing.py) beside the stored relationships. GEXF
reserves an edge's ``type`` for ``directed``/``undirected``: there the relationship is the
``relationship`` attribute (every edge stays directed; COAUTHOR's source is the smaller id).
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from graph.views import GraphSlice

FORMATS = ("json", "cytoscape", "graphml", "gexf")
MEDIA_TYPES = {"json": "application/json", "cytoscape": "application/json",
               "graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


def to_json(s: GraphSlice) -> dict[str, Any]:
    return s.model_dump(mode="json")


def edge_id(source: str, target: str, type: str) -> str:
    return f"{source}|{type}|{target}"


def to_cytoscape(s: GraphSlice) -> dict[str, Any]:
    """cytoscape.js ``elements``: ``{nodes: [{data: {...}}], edges: [{data: {...}}]}``."""
    nodes = [{"data": {"id": n.id, "label": n.label, "type": n.type, "weight": n.weight, **_plain(n.data)}}
             for n in s.nodes]
    edges = [{"data": {"id": edge_id(e.source, e.target, e.type), "source": e.source, "target": e.target,
                       "type": e.type, "weight": e.weight}} for e in s.edges]
    return {"center": s.center, "truncated": s.truncated, "elements": {"nodes": nodes, "edges": edges}}


def _plain(data: dict[str, Any]) -> dict[str, str | int | float | bool]:
    """Attribute values the XML writers accept; keys that clash with the node's own fields are prefixed."""
    out: dict[str, str | int | float | bool] = {}
    for k, v in data.items():
        if v is None:
            continue
        name = f"data_{k}" if k in ("id", "label", "type", "weight") else k
        out[name] = v if isinstance(v, str | int | float | bool) else str(v)
    return out


def to_networkx(s: GraphSlice) -> nx.DiGraph:
    g = nx.DiGraph(center=s.center, truncated=s.truncated)
    for n in s.nodes:
        g.add_node(n.id, label=n.label, type=n.type, weight=float(n.weight), **_plain(n.data))
    for e in s.edges:
        g.add_edge(e.source, e.target, id=edge_id(e.source, e.target, e.type), type=e.type,
                   weight=float(e.weight))
    return g


def to_graphml(s: GraphSlice) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(s), buf, encoding="utf-8")
    return buf.getvalue()


def to_gexf(s: GraphSlice) -> bytes:
    g = to_networkx(s)
    for _, _, d in g.edges(data=True):
        d["relationship"] = d.pop("type")
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8")
    return buf.getvalue()


def export(s: GraphSlice, fmt: str) -> dict[str, Any] | bytes:
    """The slice in ``fmt`` (one of ``FORMATS``): a dict for json/cytoscape, bytes for the XML ones."""
    writers = {"json": to_json, "cytoscape": to_cytoscape, "graphml": to_graphml, "gexf": to_gexf}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return writers[fmt](s)
