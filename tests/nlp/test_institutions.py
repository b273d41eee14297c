"""Institution tags and affiliation strings resolve to one canonical institution each."""

from __future__ import annotations

import json

import pytest

from nlp.institutions import DATA, key, resolve_institution


def rid(text: str, **kw) -> str | None:
    inst = resolve_institution(text, **kw)
    return inst.id if inst else None


@pytest.mark.parametrize("text", [
    "University of Texas at Austin", "UT Austin", "The University of Texas at Austin", "Univ. of Texas, Austin",
    "ut-austin", "UT-Austin", "university of texas, austin",
    "Department of Computer Science, The University of Texas at Austin, Austin, TX, USA",
])
def test_ut_austin_aliases_are_one_institution(text):
    assert rid(text) == "ut-austin"


@pytest.mark.parametrize(("texts", "expected"), [
    (["meta-ai", "Meta AI", "Facebook AI Research", "FAIR", "Meta"], "meta-ai"),
    (["harvard", "Harvard University"], "harvard"),
    (["ibm-research", "IBM Research", "IBM", "International Business Machines"], "ibm-research"),
    (["google-research", "Google Research", "Google"], "google-research"),
    (["MIT", "Massachusetts Institute of Technology", "MIT CSAIL"], "mit"),
    (["CMU", "Carnegie Mellon University", "Robotics Institute, Carnegie Mellon University, Pittsburgh, PA, USA"],
     "cmu"),
    # scraped lists write "Texas A&amp;M", others drop "University": one institution all the same
    (["Texas A&M University", "Texas A&M", "TAMU", "Texas A&amp;M University",
      "Dept. of CSE, Texas A&amp;M University, College Station"], "tamu"),
])
def test_tags_and_aliases(texts, expected):
    assert {rid(t) for t in texts} == {expected}


@pytest.mark.parametrize(("a", "b"), [
    ("University of Washington", "Washington University in St. Louis"),
    ("University of Texas at Austin", "University of Texas at Dallas"),
    ("Chinese Academy of Sciences", "University of Chinese Academy of Sciences"),
    ("University of California, Berkeley", "University of California, Los Angeles"),
    ("Nanyang Technological University", "National Taiwan University"),
    ("Tianjin University", "Tsinghua University"),
    ("University of Nowhere", "Nowhere University"),
])
def test_different_institutions_stay_apart(a, b):
    assert rid(a) is not None and rid(b) is not None and rid(a) != rid(b)


def test_unlisted_institutions_get_a_slug_of_their_normalised_name():
    inst = resolve_institution("Dept. of Physics, The Univ. of Nowhere, Springfield, USA", country="US")
    assert inst is not None
    assert (inst.id, inst.name, inst.country) == ("university-of-nowhere", "University of Nowhere", "United States")
    assert rid("School of Engineering, University of Nowhere") == "university-of-nowhere"
    assert rid("Acme Widgets, Inc.") == "acme-widgets"
    assert rid("Department of Management Studies, Indian Institute of Technology, Roorkee, India") == \
        "indian-institute-of-technology-roorkee"


def test_country_comes_from_the_table_or_the_caller():
    assert resolve_institution("ETH Zurich").country == "Switzerland"
    assert resolve_institution("ETH Zurich", country="US").country == "Switzerland"
    assert resolve_institution("Some Unlisted Lab", country="DE").country == "Germany"
    assert resolve_institution("Some Unlisted Lab").country is None


@pytest.mark.parametrize("text", ["", "   ", ";", "N/A", "Unknown", "Independent Researcher", "1234",
                                  "Department of Physics", "---"])
def test_empty_or_garbage_is_none(text):
    assert resolve_institution(text) is None


def test_key_folds_case_accents_punctuation_and_fillers():
    assert key("The University of Texas at Austin") == key("university-of-texas-austin")
    assert key("Technische Universität München") == key("technische universitat munchen")
    assert key("Texas A&M University") == "texas a and m university"


def test_table_ids_are_unique_slugs_and_aliases_do_not_collide():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    ids = [e["id"] for e in data["institutions"]]
    assert len(ids) == len(set(ids)) and len(ids) >= 300
    owner: dict[str, str] = {}
    for entry in data["institutions"]:
        for text in (entry["name"], *entry.get("aliases", [])):
            k = key(text)
            assert owner.setdefault(k, entry["id"]) == entry["id"], f"{text!r} names two institutions"
        assert rid(entry["name"]) == entry["id"]


def test_same_name_in_another_country_is_another_institution():
    assert rid("Northeastern University", country="United States") == "northeastern"
    assert rid("Northeastern University", country="CN") == "neu-china"
    assert rid("College of Information Science, Northeastern University, Shenyang, China") == "neu-china"
    assert rid("Department of CS, University of North Carolina, Charlotte, NC, USA") == "unc-charlotte"
