"""A seed paper that a conference list also names becomes one paper with the list's full authors.

Expectations are read from the documents themselves: the ICML 2022 record's author field
and the feed's "et al." line, never from running the product.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from app.ingest import ingest
from graph.embedded.store import EmbeddedStore
from graph.ids import title_key
from nlp.readers.base import ReadOptions

pytestmark = pytest.mark.corpus
TITLE = "Training Your Sparse Neural Network Better with Any Mask"


@pytest.fixture(scope="module")
def merged(seeds_dir: Path, paperlists_dir: Path) -> tuple[EmbeddedStore, dict]:
    icml = paperlists_dir / "icml" / "icml2022.json.gz"
    [record] = [r for r in json.loads(gzip.decompress(icml.read_bytes())) if r.get("title") == TITLE]
    store = EmbeddedStore(None)
    options = ReadOptions(owner="Tianlong Chen", as_of=dt.date(2025, 6, 30))
    ingest(sorted(seeds_dir.glob("*.txt")), store, options=options)
    ingest([icml], store, options=options)
    return store, record


def test_one_paper_with_the_complete_author_list_and_both_sources(merged):
    store, record = merged
    papers = [p for p in store.get_papers([k.paper_id for k in store.list_paper_keys()])
              if title_key(p.title) == title_key(TITLE)]
    assert len(papers) == 1
    [paper] = papers
    listed = [n.strip() for n in record["author"].split(", ")]
    assert len(listed) == 5 and [a.name for a in paper.authors][:1] == [listed[0]]
    assert [a.researcher_id for a in paper.authors] == [
        "ajay-jaiswal", "haoyu-ma", "tianlong-chen", "ying-ding", "zhangyang-wang"]
    assert paper.authors_complete is True
    assert "ICML 2022" in paper.venues and record["status"] in paper.statuses
    assert len(paper.sources) >= 2  # the seed document(s) and the conference list

