"""OpenAlex works are typed (nlp/readers/openalex.py ``Work``): a field of the wrong type is a
``bad-field`` problem naming the record and the field, and nothing of that work becomes a node."""

from __future__ import annotations

import json

from nlp.pipeline import extract_bytes

GOOD = {"id": "https://openalex.org/W1", "title": "Sparse Experts at Scale", "publication_year": 2023,
        "authorships": [{"author": {"display_name": "Grace Hopper"},
                         "institutions": [{"display_name": "Meta AI", "country_code": "US"}]}]}


def _read(*works: dict):
    return extract_bytes(json.dumps({"results": list(works)}).encode(), "works.json", fmt="openalex")


def _bad_fields(doc) -> list[tuple[int | None, str]]:
    return [(p.index, p.message) for p in doc.problems if p.kind == "bad-field"]


def test_a_number_for_a_title_is_a_problem_not_a_paper():
    doc = _read(GOOD, {"id": "https://openalex.org/W2", "title": 123})
    assert [p.title for p in doc.papers] == ["Sparse Experts at Scale"]
    [(index, message)] = _bad_fields(doc)
    assert index == 1 and "title" in message and "string" in message


def test_an_object_for_an_author_name_is_a_problem_not_a_researcher():
    odd = {**GOOD, "id": "https://openalex.org/W3", "title": "Odd Names",
           "authorships": [{"author": {"display_name": {"x": 1}}}]}
    doc = _read(GOOD, odd)
    assert [p.title for p in doc.papers] == ["Sparse Experts at Scale"]
    assert all("{" not in a.name for p in doc.papers for a in p.authors)
    [(index, message)] = _bad_fields(doc)
    assert index == 1 and "authorships.0.author.display_name" in message


def test_wrong_shapes_deeper_in_are_said_too():
    works = [{**GOOD, "authorships": "Grace Hopper"},
             {**GOOD, "primary_location": {"source": {"display_name": ["ICML"]}}},
             {**GOOD, "abstract_inverted_index": {"word": "zero"}}]
    doc = _read(GOOD, *works)
    assert len(doc.papers) == 1
    assert [index for index, _ in _bad_fields(doc)] == [1, 2, 3]


def test_nulls_where_openalex_gives_them_are_fine():
    work = {**GOOD, "primary_location": {"source": None, "landing_page_url": None}, "doi": None, "ids": None,
            "locations": [None], "abstract_inverted_index": None, "authorships": [{"author": None,
                                                                                 "raw_author_name": "Ada Lovelace"}]}
    doc = _read(work)
    assert _bad_fields(doc) == []
    assert [a.name for a in doc.papers[0].authors] == ["Ada Lovelace"]
