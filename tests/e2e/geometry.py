"""Overlap of rotated rectangles (labels) and squares (nodes), by the separating axis theorem."""

from __future__ import annotations

import math
from itertools import combinations

Point = tuple[float, float]


def rectangle(x: float, y: float, w: float, h: float, rot: float = 0.0) -> list[Point]:
    """Corners of a w x h rectangle centred on (x, y), turned by ``rot`` radians."""
    c, s = math.cos(rot), math.sin(rot)
    return [(x + dx * c - dy * s, y + dx * s + dy * c)
            for dx, dy in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2))]


def _axes(poly: list[Point]) -> list[Point]:
    return [(-(b[1] - a[1]), b[0] - a[0]) for a, b in zip(poly, poly[1:] + poly[:1], strict=True)]


def overlap(p: list[Point], q: list[Point], tolerance: float = 0.5) -> bool:
    """True when the convex polygons intersect by more than ``tolerance`` pixels on every axis."""
    for ax, ay in _axes(p) + _axes(q):
        norm = math.hypot(ax, ay) or 1.0
        pp = [(x * ax + y * ay) / norm for x, y in p]
        qq = [(x * ax + y * ay) / norm for x, y in q]
        if min(max(pp), max(qq)) - max(min(pp), min(qq)) <= tolerance:
            return False
    return True


def colliding_labels(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of node ids whose labels overlap, or whose label covers the other's node."""
    labels = {b["id"]: rectangle(b["x"], b["y"], b["w"], b["h"], b["rot"]) for b in boxes}
    nodes = {b["id"]: rectangle(b["node_x"], b["node_y"], b["node_d"] * 0.7, b["node_d"] * 0.7) for b in boxes}
    bad = [(a, b) for a, b in combinations(sorted(labels), 2) if overlap(labels[a], labels[b])]
    bad += [(a, b) for a in labels for b in nodes if a != b and overlap(labels[a], nodes[b])]
    return bad

