"""The scale formats (paperlists, bibtex, arxiv-atom, openalex) on small hand-written fixtures."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from graph.model import Format, Source
from nlp.latex import latex_to_text
from nlp.readers import get_reader
from nlp.readers.base import ReadOptions
from nlp.readers.bibfields import split_names as split_bib_authors
from nlp.readers.openalex import abstract_from_index
from nlp.readers.paperlists import venue_of

FIXTURES = Path(__file__).parent / "fixtures_scale"


def read(fmt: Format, name: str, text: str | None = None):
    text = text if text is not None else (FIXTURES / name).read_text(encoding="utf-8")
    source = Source(id="s-test", format=fmt, name=name, content_sha256="0" * 64)
    return get_reader(fmt).read(text, source=source, options=ReadOptions())


def by_title(doc) -> dict:
    return {p.title: p for p in doc.papers}


# ---------------------------------------------------------------- paperlists

def test_paperlists_venue_from_file_name():
    assert venue_of("iclr/iclr2023.json.gz") == ("ICLR 2023", 2023)
    assert venue_of("nips2019.json") == ("NeurIPS 2019", 2019)
    assert venue_of("siggraphasia2021.json.gz") == ("SIGGRAPH Asia 2021", 2021)
    assert venue_of("notes.json") == (None, None)


def test_paperlists_records_fields_and_affiliations():
    doc = read(Format.PAPERLISTS, "demo2023.json")
    papers = by_title(doc)
    assert len(doc.papers) == 7 and doc.source.records == 7
    first = papers["Semicolon Space Separated Authors"]
    assert [a.name for a in first.authors] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert [a.position for a in first.authors] == [1, 2, 3]
    assert [a.affiliations for a in first.authors] == [["ut-austin"], ["meta-ai", "mit"], ["ut-austin"]]
    assert {i.id for i in first.institutions} == {"ut-austin", "meta-ai", "mit"}
    assert first.venue == "DEMO 2023"
    assert first.year == 2023 and first.status == "Oral" and first.kind == "conference"
    assert first.arxiv_id == "2301.00001" and first.doi == "10.1234/demo.1"
    assert first.abstract == "An abstract with odd spacing."
    [repo] = first.repositories
    assert repo.repository.id == "github.com/ada/engine" and repo.path == "src/core"
    assert first.has_code is True and "https://ada.example.org/engine" in first.links


def test_paperlists_comma_separator_and_unaligned_affiliations():
    paper = by_title(read(Format.PAPERLISTS, "demo2023.json"))["Comma Separated Authors With Distinct Affiliations"]
    assert [a.name for a in paper.authors] == ["Jane Doe", "John Roe", "Max Mustermann"]
    # two affiliations for three authors: known for the paper, not per author
    assert all(a.affiliations == [] for a in paper.authors)
    assert {i.id for i in paper.institutions} == {"ut-austin", "tum"}
    assert [r.repository.id for r in paper.repositories] == ["github.com/someone/some-repo"]


def test_paperlists_repeated_author_list_and_address_affiliations():
    paper = by_title(read(Format.PAPERLISTS, "demo2023.json"))["Tight Semicolons And A Repeated List"]
    assert [a.name for a in paper.authors] == ["Kim Lee", "Park Min"]
    assert [a.affiliations for a in paper.authors] == [["cmu"], ["cmu"]]
    assert paper.arxiv_id == "2302.00002" and paper.has_code is None


def test_paperlists_rejected_and_bad_records():
    doc = read(Format.PAPERLISTS, "demo2023.json")
    rejected = by_title(doc)["Rejected Submission Without Authors"]
    assert rejected.venue is None and rejected.status == "Reject"
    assert rejected.authors == [] and rejected.authors_complete is False
    problems = {(p.index, p.kind) for p in doc.problems}
    assert problems == {(4, "missing-title"), (5, "not-an-object"), (6, "bad-affiliation-index")}
    assert all(p.file == "demo2023.json" and p.expected for p in doc.problems)
    broken = by_title(doc)["Broken Affiliation Index"]
    assert broken.authors[0].affiliations == []
    untitled = by_title(doc)[None]  # reported, and still kept as the venue's paper
    assert untitled.locator == "record 4" and [a.name for a in untitled.authors] == ["Nobody"]


def test_paperlists_entities_nicknames_and_placeholders():
    paper = by_title(read(Format.PAPERLISTS, "demo2023.json"))["Entities, Nicknames And Placeholders"]
    # "Anonymous" is no person; a nickname is shown but not part of the researcher id
    assert [(a.name, a.researcher_id) for a in paper.authors] == [
        ("Zhangyang (Atlas) Wang", "zhangyang-wang"), ("Shixiang (Shane) Gu", "shixiang-gu")]
    # three affiliation labels for the three listed names: the placeholder keeps them aligned
    assert [a.affiliations for a in paper.authors] == [["tamu"], ["google-research"]]
    assert {i.id for i in paper.institutions} == {"tamu", "google-research"}
    assert paper.status == "Spotlight (Datasets & Benchmarks)"


def test_paperlists_not_json_is_a_problem():
    doc = read(Format.PAPERLISTS, "demo2023.json", text='[{"title": "x",\n  oops]')
    assert doc.papers == [] and doc.problems[0].kind == "bad-json" and doc.problems[0].line == 2


# ---------------------------------------------------------------- bibtex

def test_latex_accents_and_names():
    assert latex_to_text(r"Erd\H{o}s and G{\"o}del, na\"{\i}ve \c{c}a, {\o}re \v{S}") == \
        "Erdős and Gödel, naïve ça, øre Š"
    names, complete = split_bib_authors(r"M{\"u}ller, J{\"o}rg and {Barack Obama} and Smith, Jr, John and others")
    assert names == ["Jörg Müller", "Barack Obama", "John Smith Jr"] and complete is False


def test_bibtex_entries():
    doc = read(Format.BIBTEX, "sample.bib")
    papers = by_title(doc)
    assert len(doc.papers) == 4
    moe = papers["Sparse MoE as the New Dropout: Scaling Dense and Self-Slimmable Transformers"]
    assert [a.name for a in moe.authors][:2] == ["Tianlong Chen", "Zhenyu Zhang"] and len(moe.authors) == 5
    assert moe.venue == "ICLR 2023" and moe.year == 2023 and moe.date == "2023-05-01"
    assert moe.arxiv_id == "2303.01610" and moe.kind == "conference"
    assert moe.repositories[0].repository.id == "github.com/vita-group/random-moe-as-dropout"
    jmlr = papers["Schrödinger's Lottery: Étude of Erdős graphs"]
    assert [a.name for a in jmlr.authors] == ["Jörg Müller", "François Lefèvre", "Hans Straße"]
    assert jmlr.authors_complete is False and jmlr.doi == "10.5555/abc.123"
    assert jmlr.venue == "Journal of Machine Learning Research" and jmlr.kind == "journal"
    assert jmlr.repositories[0].repository.id == "gitlab.com/someone/lottery"
    assert jmlr.repositories[0].path == "src"
    paren = papers["Parenthesised Entries Are Legal Too"]
    assert paren.arxiv_id == "1905.00001" and paren.venue is None and paren.authors[0].name == "Anna van der Berg"
    old = papers["An Old Style Identifier"]
    assert old.arxiv_id == "hep-th/9901001" and [a.name for a in old.authors] == ["John Smith Jr", "Jane Doe"]
    assert "not a paper" not in papers


def test_bibtex_bad_entries_have_lines():
    doc = read(Format.BIBTEX, "sample.bib")
    assert {(p.line, p.kind) for p in doc.problems} == {(26, "malformed-entry"), (39, "missing-title")}


# ---------------------------------------------------------------- arxiv atom

def test_arxiv_atom_entries():
    doc = read(Format.ARXIV_ATOM, "arxiv_query.xml")
    assert len(doc.papers) == 2
    first, old = doc.papers
    assert first.arxiv_id == "2303.01610" and first.year == 2023 and first.date == "2023-03-02"
    assert first.title == "Sparse MoE as the New Dropout: Scaling Dense and Self-Slimmable Transformers"
    assert first.venue == "ICLR 2023" and first.category == "LG"
    assert [a.name for a in first.authors] == ["Tianlong Chen", "Zhenyu Zhang", "Zhangyang Wang"]
    assert [a.affiliations for a in first.authors] == [["ut-austin"], ["ut-austin"], []]
    assert [i.id for i in first.institutions] == ["ut-austin"]
    assert first.repositories[0].repository.id == "github.com/vita-group/random-moe-as-dropout"
    assert old.arxiv_id == "hep-th/9901001" and old.doi == "10.1000/xyz.1999.1" and old.kind == "journal"
    assert [(p.index, p.kind) for p in doc.problems] == [(2, "incomplete-entry")]


def test_arxiv_atom_not_xml():
    doc = read(Format.ARXIV_ATOM, "broken.xml", text="<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry>")
    assert doc.papers == [] and doc.problems[0].kind == "bad-xml" and doc.problems[0].line == 2


# ---------------------------------------------------------------- openalex

def test_openalex_abstract_from_inverted_index():
    assert abstract_from_index({"b": [1, 3], "a": [0, 2]}) == "a b a b"
    assert abstract_from_index(None) is None


def test_openalex_results_page():
    doc = read(Format.OPENALEX, "openalex_page.json")
    assert len(doc.papers) == 2
    moe, jmlr = doc.papers
    assert moe.arxiv_id == "2303.01610" and moe.venue is None and moe.kind == "preprint"
    assert moe.abstract == "Despite their remarkable achievement, gigantic transformers encounter drawbacks."
    assert [a.affiliations for a in moe.authors] == [["ut-austin"], ["ut-austin"],
                                                     ["ut-austin", "unseen-research-laboratory-zeta"]]
    countries = {i.id: i.country for i in moe.institutions}
    assert countries == {"ut-austin": "United States", "unseen-research-laboratory-zeta": "Germany"}
    assert moe.repositories[0].repository.id == "github.com/vita-group/random-moe-as-dropout"
    assert jmlr.title == "A Journal Article Found Only By Display Name"
    assert jmlr.venue == "Journal of Machine Learning Research" and jmlr.doi == "10.5555/jmlr.2021.42"
    assert [(p.index, p.kind) for p in doc.problems] == [(2, "missing-title")]


def test_openalex_jsonl_and_single_work():
    doc = read(Format.OPENALEX, "openalex_works.jsonl")
    assert [p.title for p in doc.papers] == ["First Line Work About Learned Optimizers", "Third Line Work"]
    assert doc.papers[0].arxiv_id == "2206.00001"
    assert [a.affiliations for a in doc.papers[0].authors] == [["mit"], ["cambridge"]]
    assert [(p.line, p.kind) for p in doc.problems] == [(2, "bad-json")]
    [single] = read(Format.OPENALEX, "openalex_work.json").papers
    assert single.venue == "International Conference on Machine Learning" and single.kind == "conference"
    assert single.date == "2024-02-29" and single.authors[0].affiliations == ["meta-ai"]


# ---------------------------------------------------------------- sniffing

CASES = {
    "demo2023.json": Format.PAPERLISTS,
    "sample.bib": Format.BIBTEX,
    "arxiv_query.xml": Format.ARXIV_ATOM,
    "openalex_page.json": Format.OPENALEX,
    "openalex_works.jsonl": Format.OPENALEX,
    "openalex_work.json": Format.OPENALEX,
}
SCALE = (Format.PAPERLISTS, Format.BIBTEX, Format.ARXIV_ATOM, Format.OPENALEX)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_fixture_is_claimed_by_its_own_reader_only(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    scores = {fmt: get_reader(fmt).sniff(text, name) for fmt in SCALE}
    assert scores[CASES[name]] >= 0.5
    assert max(scores, key=scores.get) == CASES[name]


def test_scale_readers_ignore_plain_text():
    text = "Tianlong Chen\nh-index73\n247papers\nSome abstract text. arXiv:2303.01610\n"
    assert all(get_reader(fmt).sniff(text, "profile.txt") < 0.3 for fmt in SCALE)


def test_gzipped_paperlists_go_through_the_pipeline(tmp_path):
    from nlp.pipeline import extract_file

    path = tmp_path / "demo2023.json.gz"
    path.write_bytes(gzip.compress((FIXTURES / "demo2023.json").read_bytes()))
    doc = extract_file(path)
    assert doc.source.format == Format.PAPERLISTS and doc.source.name == "demo2023.json.gz"
    assert len(doc.papers) == 7 and doc.papers[0].venue == "DEMO 2023"


def test_truncated_gzip_is_a_clear_error():
    from nlp.decode import decode
    from nlp.errors import ExtractionError

    data = gzip.compress((FIXTURES / "demo2023.json").read_bytes())[:-20]
    with pytest.raises(ExtractionError) as err:
        decode(data, "demo2023.json.gz")
    assert "demo2023.json.gz" in str(err.value) and "gzip" in str(err.value)
