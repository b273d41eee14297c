import datetime as dt
from pathlib import Path

import pytest

from graph.model import DatePrecision, Format
from nlp.detect import detect
from nlp.errors import ExtractionError
from nlp.pipeline import extract_bytes
from nlp.readers.base import ReadOptions

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = dt.date(2025, 7, 1)


def extract(name, **options):
    return extract_bytes((FIXTURES / name).read_bytes(), name, options=ReadOptions(as_of=AS_OF, **options))


@pytest.mark.parametrize(("name", "fmt"), [
    ("feed_small.txt", Format.PROFILE_FEED),
    ("listing_small.txt", Format.ARXIV_LISTING),
    ("profile_small.txt", Format.RESEARCHER_PROFILE),
])
def test_detection(name, fmt):
    assert detect((FIXTURES / name).read_text(), name) == fmt


def test_unknown_format_names_the_formats():
    with pytest.raises(ExtractionError) as err:
        detect("just some notes\nwith no records at all\n", "notes.txt")
    assert err.value.problem.kind == "unknown-format"
    assert "profile-feed" in err.value.problem.expected


def test_profile_feed():
    doc = extract("feed_small.txt")
    assert doc.source.format == Format.PROFILE_FEED
    assert doc.owner == "Maria van der Berg"
    assert doc.source.owner_id == "maria-van-der-berg"
    assert doc.source.reported == {"h_index": 12, "papers": 40, "citations": 1234}
    assert doc.source.records == len(doc.papers) == 2
    first, second = doc.papers
    assert first.title == "Pruning Sparse Masks for Better Training"
    assert (first.date, first.date_precision, first.year_inferred) == ("2022-06-26", DatePrecision.DAY, False)
    assert first.category == "CV" and first.has_code is True
    assert [(a.name, a.position, a.evidence) for a in first.authors] == [
        ("Ana Lopez", 1, "listed"), ("Maria van der Berg", 2, "listed"), ("Bo Li", 3, "listed")]
    assert first.authors_complete is False
    assert [i.id for i in first.institutions] == ["meta-ai", "harvard"]
    assert [r.repository.id for r in first.repositories] == ["github.com/some-org/sparse-thing"]
    assert "sparsity" in {t.topic_id for t in first.topics}
    # yearless date: latest May 27 not after the as-of day; the owner is added from the profile
    assert (second.date, second.year_inferred) == ("2025-05-27", True)
    assert second.authors_complete is True
    assert [(a.name, a.position, a.evidence) for a in second.authors][-1] == ("Maria van der Berg", None, "profile")
    assert "prompt-injection" in {t.topic_id for t in second.topics}
    [problem] = doc.problems
    assert (problem.kind, problem.line) == ("bad-date", 25)


def test_feed_yearless_date_before_as_of_day_goes_to_previous_year():
    doc = extract_bytes((FIXTURES / "feed_small.txt").read_bytes(), "feed_small.txt",
                        options=ReadOptions(as_of=dt.date(2025, 5, 1)))
    assert doc.papers[1].date == "2024-05-27"


def test_arxiv_listing_with_owner():
    doc = extract("listing_small.txt", owner="Maria van der Berg")
    assert doc.source.format == Format.ARXIV_LISTING
    assert [p.arxiv_id for p in doc.papers] == ["2303.00039", "2210.08122", "hep-th/9901001"]
    first, second, third = doc.papers
    assert first.venue == "ICLR 2023" and first.status == "accepted"
    assert (first.year, first.date, first.date_precision) == (2023, "2023-03-01", DatePrecision.MONTH)
    assert first.title is None
    assert "learning-to-optimize" in {t.topic_id for t in first.topics}
    assert second.venue == "NeurIPS 2022"
    assert [(r.repository.id, r.path) for r in second.repositories] == [("github.com/org/gnn-bench", "sub/dir")]
    assert second.has_code is True
    assert third.year == 1999 and third.venue is None
    for paper in doc.papers:
        assert [(a.researcher_id, a.position, a.evidence) for a in paper.authors] == [
            ("maria-van-der-berg", None, "profile")]
    assert [p.kind for p in doc.problems] == ["truncated-record"]
    assert doc.problems[0].line == 6


def test_arxiv_listing_without_owner_leaves_authors_to_the_merge():
    # Whether a record ends up without authors is known only once merged (tests/api/test_ingest_report.py).
    doc = extract("listing_small.txt")
    assert all(p.authors == [] and not p.authors_complete for p in doc.papers)
    assert "no-owner" not in [p.kind for p in doc.problems]


def test_researcher_profile():
    doc = extract("profile_small.txt")
    assert doc.source.format == Format.RESEARCHER_PROFILE
    assert doc.owner == "José García-López"
    assert doc.source.reported == {"works": 3, "followers": 5, "topics": 2, "close_collaborators": 1}
    assert [p.title for p in doc.papers] == ["Mixture-of-Experts Routing at Scale", "A Second Paper on Radiance Fields"]
    first, second = doc.papers
    assert (first.kind, first.year, first.venue) == ("preprint", 2022, "arXiv")
    assert first.date_precision == DatePrecision.YEAR
    assert second.venue == "NeurIPS"
    assert [a.researcher_id for a in first.authors] == ["jose-garcia-lopez"]
    assert first.authors[0].evidence == "profile"
    assert "mixture-of-experts" in {t.topic_id for t in first.topics}
    assert "nerf" in {t.topic_id for t in second.topics}
    assert [r.repository.id for r in second.repositories] == ["huggingface.co/org/model"]
    assert second.links == ["https://proj.example.org/page"]
    assert sorted(p.kind for p in doc.problems) == ["missing-title", "record-count"]


def test_document_without_records_of_the_forced_format():
    with pytest.raises(ExtractionError) as err:
        extract_bytes(b"hello\nworld\n", "x.txt", fmt=Format.PROFILE_FEED)
    assert err.value.problem.kind == "no-records"
    assert err.value.problem.file == "x.txt"
