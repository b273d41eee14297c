"""A paper-list field of the wrong type is a reported problem, never a paper or a person."""

from __future__ import annotations

import json

from graph.model import Format
from nlp.pipeline import extract_bytes


class NoTopics:
    def annotate(self, papers) -> None:
        pass


def test_wrong_types_are_problems_and_the_good_records_stay():
    rows = [{"title": 123, "author": {"x": 1}},
            {"title": "Sparse Mixtures", "author": ["Ann Lee"], "abstract": "x"},
            {"title": "Dense Networks", "author": "Ann Lee; Bo Chen", "abstract": "We study dense nets."}]
    doc = extract_bytes(json.dumps(rows).encode(), "demo2024.json", fmt=Format.PAPERLISTS, matcher=NoTopics())
    assert [p.title for p in doc.papers] == ["Dense Networks"]
    assert [a.name for a in doc.papers[0].authors] == ["Ann Lee", "Bo Chen"]
    bad = [p for p in doc.problems if p.kind == "bad-field"]
    assert [p.index for p in bad] == [0, 1]
    assert "title (int)" in bad[0].message and "author (dict)" in bad[0].message
    assert "author (list)" in bad[1].message
