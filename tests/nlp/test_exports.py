"""Readers on the quirks of files people really export (issue 13): one test per quirk.

The fixtures under fixtures_exports/ are hand-written and small; each reproduces one thing a
Mendeley, Zotero, JabRef or IEEEtran export, an arXiv API response or an OpenAlex page does.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

import nlp
from graph.embedded.store import EmbeddedStore
from graph.merge import Merger
from graph.model import DatePrecision, Format
from nlp.decode import decode
from nlp.detect import detect
from nlp.errors import ExtractionError
from nlp.pipeline import extract_bytes

FIXTURES = Path(__file__).parent / "fixtures_exports"
REPO = Path(nlp.__file__).resolve().parents[1]  # the checkout whose code is under test


def extract(name: str, data: bytes | None = None, fmt: Format | None = None):
    return extract_bytes(data if data is not None else (FIXTURES / name).read_bytes(), name, fmt=fmt)


def titled(doc) -> dict:
    return {p.title: p for p in doc.papers}


# ---------------------------------------------------------------- every entry type, nothing silent

def test_mendeley_entry_types_with_underscores_are_read():
    papers = titled(extract("mendeley.bib"))
    assert papers["A Practical Guide to Pruning Large Networks"].year == 2021  # @web_page
    chapter = papers["Message Passing on Co-authorship Graphs"]  # @book_section
    assert chapter.kind == "book-chapter" and chapter.venue == "Handbook of Graph Learning"
    assert "Why Sparse Models Generalise" in papers  # @magazine_article, after a broken entry


def test_an_entry_the_parser_cannot_read_is_a_problem_at_its_line():
    doc = extract("mendeley.bib")
    assert len(doc.papers) == 4
    assert [(p.kind, p.line) for p in doc.problems] == [("malformed-entry", 23)]
    assert "closing" in doc.problems[0].message


def test_a_file_of_bibtex_entries_is_bibtex_whatever_its_first_entry_types():
    text = (FIXTURES / "ieeetran.bib").read_text()
    assert detect(text, "ieeetran.bib") == Format.BIBTEX
    assert detect(text, "refs.txt") == Format.BIBTEX
    doc = extract("ieeetran.bib")
    assert sorted(titled(doc)) == ["A Guide to LaTeX", "Gradient Sparsification for Federated Training"]
    assert [(p.kind, p.line) for p in doc.problems] == [("control-entry", 1)]  # reported, not a work


# ---------------------------------------------------------------- years

def test_biblatex_date_gives_year_month_and_day():
    paper = titled(extract("dates.bib"))["Dynamic Sparse Training at Scale"]
    assert (paper.year, paper.date, paper.date_precision) == (2019, "2019-05-03", DatePrecision.DAY)


def test_a_year_in_free_text():
    paper = titled(extract("dates.bib"))["On the Convergence of Iterative Pruning"]
    assert (paper.year, paper.date) == (1978, "1978-01-01")


def test_fields_are_inherited_through_crossref_and_xref():
    papers = titled(extract("dates.bib"))
    child = papers["Lottery Tickets in Graph Neural Networks"]
    assert (child.year, child.date) == (2021, "2021-06-01")
    assert child.venue == "Proceedings of the Workshop on Sparse Learning"
    assert child.doi is None  # the proceedings' DOI is the volume's, not the paper's
    assert papers["Sparse Coding Revisited in Modern Vision"].year == 2010  # xref, parent's biblatex date


# ---------------------------------------------------------------- LaTeX

@pytest.mark.parametrize(("needle", "title"), [
    ("l1", "Sparse Recovery with ℓ_1 Penalties — a Survey"),
    ("k-Means", "k-Means Clustering in Ω(n log n) Time: A Lower Bound"),
    ("sqrt", "Error Bounds of Order √(E) for Noisy Gradient Descent"),
    ("H2O", "H₂O: Heavy-Hitter Oracle for Efficient Generative Inference"),
])
def test_titles_are_unicode_with_math_kept_readable(needle, title):
    assert title in titled(extract("latex.bib"))


def test_abstracts_and_names_lose_their_latex():
    papers = titled(extract("latex.bib"))
    kmeans = papers["k-Means Clustering in Ω(n log n) Time: A Lower Bound"]
    assert kmeans.abstract == "We show that k-means needs Ω(n log n) time – even with “good” seeds."
    assert [a.name for a in kmeans.authors] == ["José García"]
    survey = papers["Sparse Recovery with ℓ_1 Penalties — a Survey"]
    assert [a.name for a in survey.authors] == ["Bernhard Schölkopf", "Pál Erdős"]


def test_arxiv_atom_titles_and_names_lose_their_latex():
    doc = extract("same_title.xml")
    assert doc.papers[0].title == "Discussion of: Treelets–An adaptive multi-scale basis for sparse unordered data"
    assert doc.papers[0].authors[0].name == "Hans R. Künsch"
    assert doc.papers[1].abstract.endswith("with ℓ_1 remarks.")


def test_seed_titles_with_latex_are_found_by_search_words(seeds_dir: Path):
    feed = next(seeds_dir.glob("000_*.txt"))
    titles = [p.title for p in extract(feed.name, feed.read_bytes()).papers]
    from graph.ids import fold

    assert any("h2o" in fold(t) for t in titles) and any("m3vit" in fold(t) for t in titles)
    assert not any("$" in t for t in titles)


# ---------------------------------------------------------------- names

def test_braces_protect_commas_and_suffixes_keep_their_dot():
    papers = titled(extract("names.bib"))
    hunt = papers["The Complexity of Very Simple Boolean Formulas"]
    assert [a.name for a in hunt.authors] == ["Harry B. Hunt, III", "Richard E. Stearns"]
    king = papers["Suffixes and Separators in Author Lists"]
    assert [a.name for a in king.authors] == ["Martin L. King Jr.", "Jane Doe"]  # "AND", "And" separate
    assert king.authors_complete is False  # "and others"
    corp = papers["Corporate Authors Are Protected by Braces"]
    assert [a.name for a in corp.authors] == ["World Health Organization", "Maria van der Berg"]


def test_concatenation_keeps_the_parts_as_written():
    papers = titled(extract("names.bib"))
    assert papers["Suffixes and Separators in Author Lists"].venue == "Annual ACM Symposium on Theory of Computing"
    assert papers["The Complexity of Very Simple Boolean Formulas"].venue == \
        "Annual ACM Symposium on Theory of Computing"


# ---------------------------------------------------------------- encodings

BIB = "@article{z, author = {Zhang, Wei and Müller, Jörg}, title = {Sparse Training for Everyone}, year = 2020}\n"


@pytest.mark.parametrize("data", [
    BIB.encode(), codecs.BOM_UTF8 + BIB.encode(), codecs.BOM_UTF16_LE + BIB.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + BIB.encode("utf-16-be"), BIB.encode("latin-1"),
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "latin-1"])
def test_supported_encodings_read_the_same(data):
    paper = extract("refs.bib", data).papers[0]
    assert [a.name for a in paper.authors] == ["Wei Zhang", "Jörg Müller"]


def test_a_gbk_bib_is_a_clear_error_naming_the_file():
    data = "@article{z, author = {张伟 and 李娜}, title = {稀疏训练的研究与应用}, year = 2020}\n".encode("gbk")
    with pytest.raises(ExtractionError) as err:
        decode(data, "chinese.bib")
    problem = err.value.problem
    assert problem.file == "chinese.bib" and problem.kind == "unsupported-encoding"
    assert "UTF-8" in problem.expected and "GBK" in problem.message


# ---------------------------------------------------------------- identifiers

def test_dois_and_arxiv_ids_wherever_exports_put_them():
    papers = titled(extract("ids.bib"))
    assert papers["Pruning Convolutional Networks by Channel Saliency"].doi == "10.1145/3292500.3330701"
    assert papers["Statistical Reviewing for Medical Journals"].doi == \
        "10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2"
    assert papers["Bandits Games and Clustering Foundations"].arxiv_id == "0908.1772"
    assert papers["Attention Is All You Need"].arxiv_id == "1706.03762"
    assert papers["Anti de Sitter Space and Holography"].arxiv_id == "hep-th/9802150"


def test_openalex_arxiv_doi_gives_the_arxiv_id():
    paper = extract("truncated.json", fmt=Format.OPENALEX).papers[0]
    assert paper.arxiv_id == "2303.01610" and paper.doi == "10.48550/arxiv.2303.01610"


# ---------------------------------------------------------------- identity

def merged_titles(*names: str) -> list[tuple[str, str | None, str | None]]:
    store = EmbeddedStore(None)
    batch = Merger(store).merge([extract(n) for n in names])
    return sorted((p.title, p.doi, p.arxiv_id) for p in batch.papers)


def test_same_title_different_dois_are_two_papers():
    found = merged_titles("same_title.bib")
    assert [doi for _, doi, _ in found] == ["10.1016/0020-0190(86)90091-5", "10.1016/0020-0190(86)90092-7"]


def test_same_title_different_arxiv_ids_are_two_papers():
    assert [a for _, _, a in merged_titles("same_title.xml")] == ["0808.0631", "0808.0638"]


# ---------------------------------------------------------------- one failure policy

def test_truncated_json_and_atom_keep_what_was_read_and_report_the_rest():
    page = extract("truncated.json", fmt=Format.OPENALEX)
    assert len(page.papers) == 2 and page.problems[0].kind == "bad-json"
    feed = extract("truncated.xml")
    assert [p.arxiv_id for p in feed.papers] == ["2303.01610"]
    assert feed.problems[0].kind == "bad-xml" and feed.problems[0].line == 14


@pytest.mark.parametrize(("name", "fmt"), [("nothing.json", Format.OPENALEX), ("nothing.xml", Format.ARXIV_ATOM),
                                           ("nothing.json", None), ("nothing.xml", None)])
def test_a_file_from_which_nothing_could_be_read_is_a_failed_file(name, fmt):
    with pytest.raises(ExtractionError) as err:
        extract(name, fmt=fmt)
    assert err.value.problem.file == name


def test_cli_exits_1_on_a_file_from_which_nothing_could_be_read(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("nothing.xml", "truncated.xml", "ids.bib"):
        (docs / name).write_bytes((FIXTURES / name).read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RG_", "NEO4J_"))}
    env.update(RG_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(REPO))
    run = subprocess.run([sys.executable, "-m", "app.cli", "ingest", str(docs)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "nothing.xml: FAILED" in run.stdout
    assert "truncated.xml: arxiv-atom, 1 records" in run.stdout and "ids.bib: bibtex, 5 records" in run.stdout


# ---------------------------------------------------------------- met in real exports (bench/readers.py)

def test_accents_outside_braces_stay_with_their_letter_in_names():
    paper = extract("found.bib").papers[0]
    assert [a.name for a in paper.authors] == ["Tülay Serin", "Basri Ünal", "M. Briseño-García", "A. Sørensen"]


def test_degrees_subscripts_and_text_commands_in_titles():
    papers = extract("found.bib").papers
    assert papers[0].title == "Oxidation of Copper Films at 25 °C, Cu₂O and Ionic Transport"
    assert papers[1].title == "Genetic influences on resting-state networks: A twin study"
    assert papers[2].title == "The CONNIVER Reference Manual: methodology-independent"


def test_dois_in_publisher_links():
    papers = extract("found.bib").papers
    assert papers[0].doi == "10.1007/s00778-019-00555-y"  # percent-encoded slash
    assert papers[1].doi == "10.1002/pssb.2220840216"  # not ".../abstract"


def test_an_undefined_macro_is_empty_and_reported():
    doc = extract("found.bib")
    assert [a.name for a in doc.papers[2].authors] == ["Gerald J. Sussman"]
    assert [(p.kind, p.line) for p in doc.problems] == [("undefined-macro", 14)]
    assert "MCDERMOTT" in doc.problems[0].message


def test_search_finds_the_seed_papers_whose_titles_carry_latex(seeds_dir: Path):
    feed = next(seeds_dir.glob("000_*.txt"))
    store = EmbeddedStore(None)
    store.upsert_batch(Merger(store).merge([extract(feed.name, feed.read_bytes())]))
    for query, start in (("H2O", "H₂O: Heavy-Hitter Oracle"), ("M3ViT", "M³ViT: Mixture-of-Experts")):
        assert store.search_papers(query, limit=5)[0].title.startswith(start)


def test_jsonl_with_a_broken_first_line_keeps_the_other_works():
    data = b'{"title": "Cut short\n{"title": "Sparse Training for Everyone", "publication_year": 2021}\n'
    doc = extract("works.jsonl", data, fmt=Format.OPENALEX)
    assert [p.title for p in doc.papers] == ["Sparse Training for Everyone"]
    assert [(p.kind, p.line) for p in doc.problems] == [("bad-json", 1)]
