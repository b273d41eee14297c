"""Per-document facts of the three seed documents, checked by reading them (SPEC §1-2)."""

import datetime as dt

import pytest

from graph.model import Format
from nlp.pipeline import extract_file
from nlp.readers.base import ReadOptions

pytestmark = pytest.mark.corpus
OPTIONS = ReadOptions(owner="Tianlong Chen", as_of=dt.date(2025, 7, 1))


@pytest.fixture(scope="module")
def docs(seeds_dir):
    return {d.source.format: d for d in (extract_file(p, options=OPTIONS) for p in sorted(seeds_dir.glob("*.txt")))}


def test_each_seed_is_detected_as_its_format(docs):
    assert set(docs) == {Format.PROFILE_FEED, Format.ARXIV_LISTING, Format.RESEARCHER_PROFILE}
    assert all(not d.problems for d in docs.values())


def test_feed_header_figures(docs):
    feed = docs[Format.PROFILE_FEED]
    assert feed.owner == "Tianlong Chen"
    assert feed.source.reported == {"h_index": 73, "papers": 247, "citations": 13529}
    assert all(any(a.researcher_id == "tianlong-chen" for a in p.authors) for p in feed.papers)
    assert not any("et al" in a.name for p in feed.papers for a in p.authors)


def test_listing_has_ten_arxiv_ids(docs):
    listing = docs[Format.ARXIV_LISTING]
    ids = [p.arxiv_id for p in listing.papers]
    assert len(ids) == len(set(ids)) == 10
    assert ids[0] == "2303.01610" and ids[-1] == "2210.07494"
    venues = {p.arxiv_id: p.venue for p in listing.papers}
    assert venues["2212.02675"] == "WACV 2023"
    assert venues["2210.08122"] == "NeurIPS 2022"


def test_profile_claims(docs):
    profile = docs[Format.RESEARCHER_PROFILE]
    assert profile.owner == "Tianlong Chen"
    assert profile.source.reported["works"] == 36
    assert profile.source.reported["topics"] == 10
    assert profile.source.reported["close_collaborators"] == 4
    assert profile.source.records == 36


def test_forty_five_distinct_github_repositories(docs):
    repos = {r.repository.id for d in docs.values() for p in d.papers for r in p.repositories}
    assert len(repos) == 45
    assert all(r.startswith("github.com/") for r in repos)


def test_every_seed_paper_has_a_topic(docs):
    assert all(p.topics for d in docs.values() for p in d.papers)
