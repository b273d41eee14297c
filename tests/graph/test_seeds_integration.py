"""`researchgraph ingest` on the three seed documents, checked against the raw text.

Expectations come from the documents themselves (counts verified by reading them, and simple
regexes over the raw text here), never from running the product.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded.store import EmbeddedStore
from nlp.latex import latex_to_text

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2025-06-30"
OWNER = "tianlong-chen"
FEED_HEADER = re.compile(r"^(?:\d+(?:\.\d)?)?[A-Z]{2,5}(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}"
                         r"(, \d{4})?(?:Code)?$")
REPO_LINK = re.compile(r"(?:github|gitlab|bitbucket)\.(?:com|org)/[A-Za-z0-9_.-]+/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*",
                       re.I)

pytestmark = pytest.mark.corpus


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RG_DATA_DIR": str(data_dir), "RG_BACKEND": "embedded"}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)


def seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ingested(seeds_dir: Path, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    data = tmp_path_factory.mktemp("seeds-graph")
    run = cli(data, "ingest", str(seeds_dir), "--owner", "Tianlong Chen", "--as-of", AS_OF)
    assert run.returncode == 0, run.stdout + run.stderr
    return data, run


@pytest.fixture(scope="module")
def store(ingested) -> EmbeddedStore:
    return EmbeddedStore(ingested[0])


def all_papers(store: EmbeddedStore):
    return store.get_papers({k.paper_id for k in store.list_paper_keys()})


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def test_seventy_one_papers_and_a_second_run_changes_no_count(ingested, store):
    data, run = ingested
    assert "profile-feed" in run.stdout and "arxiv-listing" in run.stdout and "researcher-profile" in run.stdout
    assert store.get_stats().nodes["Paper"] == 71
    again = cli(data, "ingest", run.args[4], "--owner", "Tianlong Chen",
                "--as-of", AS_OF)
    assert again.returncode == 0, again.stderr
    assert "papers: 0 new, 0 updated, 71 unchanged" in again.stdout, again.stdout
    assert EmbeddedStore(data).get_stats() == store.get_stats()


def test_each_listing_arxiv_id_is_on_the_paper_with_that_abstract(seeds_dir, store):
    parts = re.split(r"arXiv:(\d{4}\.\d{4,5})", seed(seeds_dir, "001"))
    listed = {parts[i + 1]: parts[i] for i in range(0, len(parts) - 1, 2)}
    assert len(listed) == 10
    by_arxiv = {p.arxiv_id: p for p in all_papers(store) if p.arxiv_id}
    for arxiv_id, text in listed.items():
        first_paragraph = words(text.strip().split("\n")[0])
        paper = by_arxiv[arxiv_id]
        best = max(len(first_paragraph & words(c.abstract or "")) / len(first_paragraph) for c in paper.claims)
        assert best > 0.9, arxiv_id


def test_every_code_link_is_a_repository_on_its_paper(seeds_dir, store):
    raw = "\n".join(seed(seeds_dir, p) for p in ("000", "001", "002"))
    expected = {m.group(0).lower().rstrip(".") for m in REPO_LINK.finditer(raw)}
    assert len(expected) == 45
    papers = all_papers(store)
    found = {ref.repository.id for p in papers for ref in p.repositories}
    assert found == expected
    for p in papers:
        in_text = {m.group(0).lower().rstrip(".") for c in p.claims for m in REPO_LINK.finditer(c.abstract or "")}
        assert in_text <= {ref.repository.id for ref in p.repositories}, p.title
        assert p.has_code or not in_text
    assert not any("wandb" in r or "github.io" in r for r in found)


def test_owner_authored_every_paper_and_claimed_figures_are_kept(store):
    g = store.graph
    authored = {v for _, v, d in g.out_edges(f"researcher:{OWNER}", data=True) if d["type"] == "AUTHORED"}
    assert len(authored) == 71
    (owner,) = store.get_researchers([OWNER])
    figures = {f.name: f.value for f in owner.reported}
    assert figures == {"h_index": 73, "papers": 247, "citations": 13529, "works": 36, "topics": 10,
                       "close_collaborators": 4} | {k: v for k, v in figures.items() if k == "followers"}


def test_feed_authors_in_order_and_et_al_lists_incomplete(seeds_dir, store):
    lines = seed(seeds_dir, "000").splitlines()
    by_title = {p.title: p for p in all_papers(store)}
    checked = 0
    for i, line in enumerate(lines):
        if not FEED_HEADER.match(line):
            continue
        # stored titles are the feed's with its LaTeX made text ("H$_2$O" is "H₂O")
        title, author_line = latex_to_text(lines[i + 1], bibtex=False), lines[i + 3].split("·")[0].strip()
        et_al = author_line.endswith("et al.")
        names = [n.strip() for n in author_line.removesuffix("et al.").split(",") if n.strip()]
        paper = by_title[title]
        assert [a.name for a in paper.authors if a.evidence == "listed"] == names, title
        assert paper.authors_complete is not et_al, title
        checked += 1
    assert checked == 49


def test_yearless_feed_dates_resolved_against_as_of(seeds_dir, store):
    lines = seed(seeds_dir, "000").splitlines()
    profile_titles = {latex_to_text(t, bibtex=False) for t in seed(seeds_dir, "002").splitlines()}
    by_title = {p.title: p for p in all_papers(store)}
    yearless = [latex_to_text(lines[i + 1], bibtex=False) for i, line in enumerate(lines)
                if (m := FEED_HEADER.match(line)) and m.group(1) is None]
    assert len(yearless) == 7
    for title in yearless:
        if title in profile_titles:
            continue  # the profile states a year, which outranks an inferred one
        paper = by_title[title]
        assert paper.year_inferred and paper.year == 2025, title  # every such date is before Jun 30


def test_every_paper_has_a_topic(store):
    assert all(p.topics for p in all_papers(store))


BAD_FILES = {
    "empty.txt": b"",
    "binary.bin": bytes(range(256)) * 4,
    "unknown.txt": b"just some words\nthat look like no format at all\n",
}
GOOD_LISTING = (b"We prune networks with a new sparse schedule and keep accuracy at high sparsity levels "
                b"across many benchmarks and architectures.\narXiv:2401.00001")


def test_bad_files_are_reported_and_good_ones_still_stored(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, body in BAD_FILES.items():
        (docs / name).write_bytes(body)
    (docs / "good.txt").write_bytes(GOOD_LISTING)
    run = cli(tmp_path / "data", "ingest", str(docs), "--owner", "Ada Lovelace")
    assert run.returncode == 1, run.stdout + run.stderr
    for name in BAD_FILES:
        assert re.search(rf"{re.escape(name)}(:\d+)?: .*expected", run.stdout), (name, run.stdout)
    assert "good.txt: arxiv-listing, 1 records" in run.stdout
    assert EmbeddedStore(tmp_path / "data").get_stats().nodes["Paper"] == 1
