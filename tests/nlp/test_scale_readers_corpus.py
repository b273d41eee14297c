"""The paperlists reader on real files of the corpus, read in place.

Expected values come from the files themselves (MANIFEST.json's record counts, the raw
JSON records re-read here), never from a previous run of the reader.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest

from graph.model import Format, Source
from nlp.readers import get_reader
from nlp.readers.base import ReadOptions

# One file per author-separator style: "; ", ";" and ", ".
FILES = {"aaai/aaai2021.json.gz": "; ", "corl/corl2021.json.gz": ";", "siggraph/siggraph2015.json.gz": ", "}


@pytest.fixture(scope="module")
def manifest(paperlists_dir) -> dict[str, int]:
    data = json.loads((paperlists_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    return {f["path"]: f["records"] for f in data["files"]}


def load(paperlists_dir, rel: str):
    path = paperlists_dir / rel
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    source = Source(id="s-corpus", format=Format.PAPERLISTS, name=path.name, content_sha256="0" * 64)
    return json.loads(text), get_reader(Format.PAPERLISTS).read(text, source=source, options=ReadOptions())


def raw_names(rec: dict, sep: str) -> list[str]:
    raw = rec.get("author") or rec.get("authors") or ""
    return [n.strip() for n in raw.split(sep.strip() if sep != ", " else sep) if n.strip()]


@pytest.mark.parametrize("rel", sorted(FILES))
def test_every_record_is_read_or_reported(paperlists_dir, manifest, rel):
    records, doc = load(paperlists_dir, rel)
    skipped = [p for p in doc.problems if p.kind == "not-an-object"]
    assert len(records) == manifest[rel]
    assert len(doc.papers) + len(skipped) == manifest[rel]
    assert doc.source.records == len(doc.papers)
    assert doc.papers[0].venue is not None and doc.papers[0].year == int(re.search(r"\d{4}", rel).group())


@pytest.mark.parametrize("rel", sorted(FILES))
def test_authors_split_on_the_file_separator(paperlists_dir, rel):
    sep = FILES[rel]
    records, doc = load(paperlists_dir, rel)
    titled = [r for r in records if isinstance(r, dict) and (r.get("title") or "").strip()]
    assert len(titled) == len(doc.papers)
    multi = 0
    for rec, paper in zip(titled, doc.papers, strict=True):
        names = [a.name for a in paper.authors]
        assert all(";" not in n and ", " not in n for n in names)
        assert len(names) == len(raw_names(rec, sep)), rec.get("author")
        multi += len(names) > 1
    assert multi > len(doc.papers) // 2  # most papers have co-authors: the split really happened


def _aligned_groups(rec: dict, n_authors: int) -> list[str] | None:
    """Per-author affiliation labels straight from the record, when the file aligns them with the authors."""
    index = [p.strip() for p in str(rec.get("aff_unique_index") or "").split(";")]
    if rec.get("aff_unique_norm") and len(index) == n_authors:
        return index
    raw = [p.strip() for p in str(rec.get("aff") or "").split(";")]
    if rec.get("aff") and len(raw) == n_authors:
        return raw
    return None


def _named(rec: dict, label: str) -> int:
    """How many institutions a label can name: one per "+" part, two for "A and B"."""
    norm = [p.strip() for p in str(rec.get("aff_unique_norm") or "").split(";")]
    texts = [norm[int(p)] if p.isdigit() and int(p) < len(norm) else p for p in label.split("+")]
    return sum(1 + len(re.findall(r"\s+and\s+|&", t)) for t in texts)


# aaai2021 aligns through "aff" alone; aaai2022 and corl2021 through aff_unique_index.
@pytest.mark.parametrize("rel", ["aaai/aaai2021.json.gz", "aaai/aaai2022.json.gz", "corl/corl2021.json.gz"])
def test_affiliations_align_with_authors(paperlists_dir, rel):
    records, doc = load(paperlists_dir, rel)
    titled = [r for r in records if isinstance(r, dict) and (r.get("title") or "").strip()]
    checked = with_aff = authors = 0
    for rec, paper in zip(titled, doc.papers, strict=True):
        groups = _aligned_groups(rec, len(paper.authors))
        if groups is None:
            continue
        # authors listed with the same affiliation label get the same institutions, and
        # never more institutions than their label names
        by_label: dict[str, set] = {}
        for author, label in zip(paper.authors, groups, strict=True):
            by_label.setdefault(label, set()).add(tuple(author.affiliations))
            assert len(author.affiliations) <= _named(rec, label)
            if label:  # some files leave an author's affiliation empty
                authors += 1
                with_aff += bool(author.affiliations)
        assert all(len(v) == 1 for v in by_label.values()), rec.get("author")
        assert {i for a in paper.authors for i in a.affiliations} <= {i.id for i in paper.institutions}
        checked += 1
    assert checked > len(doc.papers) // 2
    assert with_aff > 0.9 * authors  # a few labels are "Unknown Institution" and the like
