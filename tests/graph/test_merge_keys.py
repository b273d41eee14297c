"""The paper identity index the embedded store keeps as it writes (graph/merge_keys.py)."""

from __future__ import annotations

from graph.embedded.store import EmbeddedStore
from graph.merge_keys import KeyIndex, RunKeys, key_rows
from graph.model import Paper
from graph.store import GraphBatch


def test_a_rewritten_paper_loses_the_keys_it_no_longer_has():
    index = KeyIndex()
    index.put("p-1", [("2101.00001", "10.1/x", "old title")])
    index.put("p-1", [(None, None, "new title")])
    assert index.arxiv == {} and index.doi == {} and index.title == {"new title": ["p-1"]}
    assert index.known == {"p-1"} and index.titled == {"p-1"}


def test_papers_sharing_a_title_are_listed_by_id_whatever_the_write_order():
    index = KeyIndex()
    for pid in ("p-c", "p-a", "p-b"):
        index.put(pid, [(None, None, "same title")])
    index.put("p-a", [(None, None, "same title")])
    assert index.title["same title"] == ["p-a", "p-b", "p-c"]


def test_a_run_sees_its_own_papers_without_writing_into_the_stores_index():
    base = KeyIndex()
    base.put("p-1", [("2101.00001", None, "a stored title")])
    run = RunKeys(base)
    run.add("p-2", "2101.00001", "10.1/Y", "a stored title")
    assert run.by_arxiv("2101.00001") == "p-1"  # the first paper keeps its id
    assert run.by_doi("10.1/y") == "p-2" and run.by_title("a stored title") == ["p-1", "p-2"]
    assert base.doi == {} and base.title == {"a stored title": ["p-1"]}


def test_the_store_index_equals_one_built_from_its_keys():
    store = EmbeddedStore(None)
    store.upsert_batch(GraphBatch(papers=[Paper(id="p-1", title="Graph Learning at Scale", arxiv_id="2101.00001"),
                                          Paper(id="p-2", title="Graph Learning at Scale", year=2001),
                                          Paper(id="p-3", title="Short")]))
    rebuilt = KeyIndex.from_keys(store.list_paper_keys())
    kept = store.paper_key_index()
    assert (kept.arxiv, kept.doi, kept.title, kept.known, kept.titled) == (
        rebuilt.arxiv, rebuilt.doi, rebuilt.title, rebuilt.known, rebuilt.titled)
    assert key_rows(store.get_papers(["p-3"])[0]) == [(None, None, None)]  # too short for a title key
