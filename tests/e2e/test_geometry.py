"""The overlap test the label checks rely on."""

from __future__ import annotations

import math

from tests.e2e.geometry import overlap, rectangle


def test_geometry_itself():
    assert overlap(rectangle(0, 0, 10, 2), rectangle(4, 0, 10, 2))
    assert not overlap(rectangle(0, 0, 10, 2), rectangle(0, 3, 10, 2))
    # two thin radial labels at 90 degrees apart, both starting 20 px from the origin
    a, b = rectangle(30, 0, 20, 4, 0.0), rectangle(0, 30, 20, 4, math.pi / 2)
    assert not overlap(a, b)
    assert overlap(rectangle(0, 0, 20, 4, math.pi / 4), rectangle(0, 0, 20, 4, -math.pi / 4))
