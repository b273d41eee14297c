"""The embedded store's write half: node replacement, derived edges, identity keys, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded.db import CorruptSnapshot, db_path
from graph.embedded.store import EmbeddedStore
from graph.model import AuthorRef, Institution, Paper, Repository, RepositoryRef, Researcher, Source, Topic, TopicLink
from graph.store import GraphBatch, GraphStore

SRC = Source(id="s-1", format="paperlists", name="x.json", content_sha256="0" * 64)
REPO = Repository(id="github.com/a/b", host="github.com", owner="a", name="b", url="https://github.com/a/b")


def paper(pid: str, year: int, authors: list[tuple[str, list[str]]], **kw) -> Paper:
    refs = [AuthorRef.of(n, i + 1, affiliations=aff) for i, (n, aff) in enumerate(authors)]
    return Paper(id=pid, title=f"A paper called {pid}", year=year, authors=refs, sources=["s-1"], **kw)


def batch(*papers: Paper) -> GraphBatch:
    names = {a.researcher_id: a.name for p in papers for a in p.authors}
    return GraphBatch(sources=[SRC], researchers=[Researcher(id=i, name=n) for i, n in names.items()],
                      papers=list(papers), topics=[Topic(id="ml", label="ML"), Topic(id="nerf", label="NeRF",
                                                                                        parent="ml")],
                      institutions=[Institution(id="mit", name="MIT")], repositories=[REPO])


def edges(store: EmbeddedStore, rel: str) -> dict[tuple[str, str], dict]:
    return {(u, v): {k: x for k, x in d.items() if k != "type"}
            for u, v, d in store.graph.edges(data=True) if d["type"] == rel}


def test_is_a_graph_store():
    assert isinstance(EmbeddedStore(None), GraphStore)


def test_upsert_writes_every_edge_type():
    store = EmbeddedStore(None)
    store.upsert_batch(batch(paper("p-1", 2020, [("Ann Lee", ["mit"]), ("Bo Chen", [])],
                                   topics=[TopicLink(topic_id="nerf", score=0.8, evidence=["NeRF"]),
                                           TopicLink(topic_id="ml", score=0.5, evidence=["fallback: no match"])],
                                   repositories=[RepositoryRef(repository=REPO, path="tree/main/x")],
                                   institutions=["mit"])))
    assert edges(store, "AUTHORED") == {("researcher:ann-lee", "paper:p-1"): {"position": 1, "evidence": "listed"},
                                        ("researcher:bo-chen", "paper:p-1"): {"position": 2, "evidence": "listed"}}
    # a HAS_TOPIC edge's evidence says only whether it is the fallback link (the spans are in the paper)
    assert edges(store, "HAS_TOPIC") == {("paper:p-1", "topic:nerf"): {"score": 0.8, "evidence": ()},
                                         ("paper:p-1", "topic:ml"): {"score": 0.5, "evidence": ("fallback",)}}
    assert edges(store, "HAS_CODE") == {("paper:p-1", "repository:github.com/a/b"): {"path": "tree/main/x"}}
    assert list(edges(store, "FROM_INSTITUTION")) == [("paper:p-1", "institution:mit")]
    assert list(edges(store, "EXTRACTED_FROM")) == [("paper:p-1", "source:s-1")]
    assert list(edges(store, "SUBTOPIC_OF")) == [("topic:nerf", "topic:ml")]
    assert edges(store, "AFFILIATED_WITH") == {
        ("researcher:ann-lee", "institution:mit"): {"papers": 1, "first_year": 2020, "last_year": 2020}}
    assert all("type" in d and "record" in d for _, d in store.graph.nodes(data=True))


def test_replacing_a_paper_replaces_its_edges_and_recomputes_affiliations():
    store = EmbeddedStore(None)
    store.upsert_batch(batch(paper("p-1", 2019, [("Ann Lee", ["mit"])]),
                             paper("p-2", 2021, [("Ann Lee", ["mit"]), ("Bo Chen", ["mit"])])))
    assert edges(store, "AFFILIATED_WITH")[("researcher:ann-lee", "institution:mit")] == {
        "papers": 2, "first_year": 2019, "last_year": 2021}
    store.upsert_batch(GraphBatch(papers=[paper("p-2", 2021, [("Cy Young", [])])]))
    assert set(edges(store, "AUTHORED")) == {("researcher:ann-lee", "paper:p-1"), ("researcher:cy-young", "paper:p-2")}
    assert edges(store, "AFFILIATED_WITH") == {
        ("researcher:ann-lee", "institution:mit"): {"papers": 1, "first_year": 2019, "last_year": 2019}}
    assert store.get_researchers(["cy-young"])[0].name == "Cy Young"  # a missing end gets a minimal node


def test_identity_keys_cover_every_claim():
    from graph.model import PaperClaim

    store = EmbeddedStore(None)
    claims = [PaperClaim(source_id="s-1", arxiv_id="2303.01610"), PaperClaim(source_id="s-2", doi="10.1/X",
                                                                             title="Some Longer Title Here")]
    store.upsert_batch(GraphBatch(papers=[Paper(id="p-9", title="Some Longer Title Here", claims=claims)]))
    keys = {(k.paper_id, k.arxiv_id, k.doi, k.title_key) for k in store.list_paper_keys()}
    assert keys == {("p-9", None, None, "some longer title here"), ("p-9", "2303.01610", None, None),
                    ("p-9", None, "10.1/x", "some longer title here")}


def test_get_records_in_id_order_and_missing_ids_skipped():
    store = EmbeddedStore(None)
    store.upsert_batch(batch(paper("p-2", 2020, []), paper("p-1", 2020, [])))
    assert [p.id for p in store.get_papers(["p-2", "p-x", "p-1"])] == ["p-1", "p-2"]
    assert store.get_source("s-1") == SRC and store.get_source("nope") is None


def test_flush_and_reload_give_the_same_graph(tmp_path: Path):
    store = EmbeddedStore(tmp_path)
    store.upsert_batch(batch(paper("p-1", 2020, [("Ann Lee", ["mit"])], repositories=[RepositoryRef(repository=REPO)],
                                   topics=[TopicLink(topic_id="nerf", score=0.5)])))
    store.flush()
    again = EmbeddedStore(tmp_path)
    assert sorted(again.graph.nodes) == sorted(store.graph.nodes)
    assert sorted(again.graph.edges(data=True)) == sorted(store.graph.edges(data=True))
    assert again.get_papers(["p-1"]) == store.get_papers(["p-1"])


def test_missing_database_is_an_empty_graph_and_corrupt_one_a_clear_error(tmp_path: Path):
    assert EmbeddedStore(tmp_path / "new").graph.number_of_nodes() == 0
    db_path(tmp_path).write_bytes(b"not sqlite at all" * 200)
    with pytest.raises(CorruptSnapshot, match=r"graph\.db"):
        EmbeddedStore(tmp_path)


def test_counts_kept_while_writing_match_a_recount():
    """get_stats reads counters the writes keep; a recount of the graph must agree after papers
    are replaced, authors move and researchers retire."""
    from graph.embedded.reads_base import Indexes

    store = EmbeddedStore()
    store.upsert_batch(batch(paper("p-1", 2020, [("Ann Lee", ["mit"]), ("Bo Chen", [])],
                                   topics=[TopicLink(topic_id="nerf", score=0.5)],
                                   repositories=[RepositoryRef(repository=REPO)], institutions=["mit"]),
                             paper("p-2", 2021, [("Ann Lee", ["mit", "eth"])])))
    store.upsert_batch(batch(paper("p-1", 2022, [("Cy Diaz", ["eth"])], topics=[TopicLink(topic_id="ml", score=1)])))
    store.upsert_batch(GraphBatch(retired_researchers=["bo-chen", "ann-lee"]))
    recount = Indexes(store.graph).stats
    assert store.get_stats().nodes == recount[0] and store.get_stats().relationships == recount[1]
    assert store.get_stats().nodes["Researcher"] == 2  # bo-chen retired; ann-lee still on p-2


def test_edges_of_equal_properties_share_their_data_and_a_change_replaces_it():
    store = EmbeddedStore(None)
    store.upsert_batch(batch(paper("p-1", 2020, [("Ann Lee", ["mit"])]), paper("p-2", 2020, [("Ann Lee", ["mit"])])))
    g = store.graph
    assert g.edges["researcher:ann-lee", "paper:p-1"] is g.edges["researcher:ann-lee", "paper:p-2"]
    store.upsert_batch(batch(paper("p-2", 2021, [("Bo Chen", []), ("Ann Lee", ["mit"])])))
    assert g.edges["researcher:ann-lee", "paper:p-1"] == {"type": "AUTHORED", "position": 1, "evidence": "listed"}
    assert g.edges["researcher:ann-lee", "paper:p-2"]["position"] == 2
    assert edges(store, "AFFILIATED_WITH") == {
        ("researcher:ann-lee", "institution:mit"): {"papers": 2, "first_year": 2020, "last_year": 2021}}
