"""The paper identity index the embedded store keeps as it writes (graph/merge_keys.py)."""

from __future__ import annotations

from graph.embedded.store import EmbeddedStore
from graph.merge_keys import KeyIndex, RunKeys, key_rows, title_key
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


def _with_claims(tmp_path):
    from graph.model import PaperClaim

    claims = [PaperClaim(source_id="s-1", title="Sparse Mixtures of Experts at Scale", arxiv_id="2101.00009"),
              PaperClaim(source_id="s-2", title="Scaling Sparse Expert Mixtures Further")]
    store = EmbeddedStore(tmp_path)
    store.upsert_batch(GraphBatch(papers=[Paper(id="p-1", title=claims[0].title, arxiv_id="2101.00009",
                                                claims=claims)]))
    store.flush()
    store.close()
    return claims


def test_a_loaded_store_keeps_every_claims_keys_and_reads_whole_papers_from_the_database(tmp_path):
    claims = _with_claims(tmp_path)
    store = EmbeddedStore(tmp_path)
    assert not store.graph.nodes["paper:p-1"]["record"].claims  # the graph's copy is slim
    assert store.get_papers(["p-1"])[0].claims == claims  # the whole record, from the database
    index = store.paper_key_index()
    assert index.title == {title_key(c.title): ["p-1"] for c in claims}  # the second claim's title too
    assert index.arxiv == {"2101.00009": "p-1"}


def test_a_database_without_stored_keys_gets_them_from_its_papers_once(tmp_path):
    import sqlite3

    claims = _with_claims(tmp_path)
    with sqlite3.connect(tmp_path / "graph.db") as con:  # as an earlier release left it
        con.execute("DELETE FROM paper_keys")
        con.execute("DELETE FROM meta WHERE key = 'keys'")
    assert sorted(EmbeddedStore(tmp_path).paper_key_index().title) == sorted(title_key(c.title) for c in claims)
    with sqlite3.connect(tmp_path / "graph.db") as con:
        assert con.execute("SELECT count(*) FROM paper_keys").fetchone()[0] == 2
    assert sorted(EmbeddedStore(tmp_path).paper_key_index().title) == sorted(title_key(c.title) for c in claims)


def test_the_graph_holds_papers_without_abstract_or_provenance_and_a_paper_detail_still_shows_them(tmp_path):
    paper = Paper(id="p-9", title="Sparse Mixtures of Experts at Scale", year=2021,
                  abstract="We route tokens to a few experts out of many.", provenance={"title": ["s-1"]})
    for writes in ("loaded", "written"):
        store = EmbeddedStore(tmp_path / writes)
        store.upsert_batch(GraphBatch(papers=[paper]))
        if writes == "loaded":
            store.flush()
            store.close()
            store = EmbeddedStore(tmp_path / writes)
        slim = store.graph.nodes["paper:p-9"]["record"]
        assert slim.abstract is None and slim.provenance == {}  # not held in memory
        detail = store.get_paper("p-9")  # before its commit too
        assert detail.abstract == paper.abstract and detail.provenance == paper.provenance
