"""A year no paper can have is said (``bad-year``: file, line or record, what was expected) and the
paper is stored without it, never as a paper of the year 99999."""

from __future__ import annotations

import json

from nlp.pipeline import extract_bytes

BIB = b"""@article{good, title = {A Paper With a Good Year}, author = {Ann Lee}, year = {2021}}
@article{tbd, title = {A Paper Whose Year Is Not Known}, author = {Ann Lee}, year = {TBD}}
@article{far, title = {A Paper From Far in the Future}, author = {Ann Lee}, date = {9999-01-01}}
@article{none, title = {A Paper That Names No Year}, author = {Ann Lee}}
"""


def test_bibtex_bad_years_are_said_and_dropped():
    doc = extract_bytes(BIB, "refs.bib")
    years = {p.title: p.year for p in doc.papers}
    assert years == {"A Paper With a Good Year": 2021, "A Paper Whose Year Is Not Known": None,
                     "A Paper From Far in the Future": None, "A Paper That Names No Year": None}
    bad = [p for p in doc.problems if p.kind == "bad-year"]
    assert [(p.line, "'TBD'" in p.message or "'9999-01-01'" in p.message) for p in bad] == [(2, True), (3, True)]
    assert all(p.date is None for p in doc.papers if p.year is None)


def test_openalex_bad_publication_years_are_said_and_dropped():
    works = [{"id": "https://openalex.org/W1", "title": "Fine", "publication_year": 2020},
             {"id": "https://openalex.org/W2", "title": "Far future", "publication_year": 99999,
              "publication_date": "99999-01-01"},
             {"id": "https://openalex.org/W3", "title": "A string year", "publication_year": "2021"}]
    doc = extract_bytes(json.dumps({"results": works}).encode(), "works.json", fmt="openalex")
    assert [p.year for p in doc.papers] == [2020, None, None]
    assert [p.index for p in doc.problems if p.kind == "bad-year"] == [1, 2]
