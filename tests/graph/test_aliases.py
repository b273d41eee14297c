"""A merged or renamed researcher's old id leads to the person it became (graph/aliases.py), on
both stores: identity retires the id at the end of a run and the store keeps an alias for it."""

from __future__ import annotations

import pytest

from graph.aliases import alias_writes, flatten
from graph.embedded.store import EmbeddedStore
from graph.embedded.writer import EmbeddedWriter
from graph.merge import Merger
from graph.model import AuthorRef, Paper, Researcher
from graph.store import GraphBatch, NotFound
from tests.graph.test_identity import author, document, paper

# "Justin F. Rousseau" alone, then the plain spelling with the same co-author: the second run joins
# them (a shared co-author) and retires the first run's id.
INITIAL = document("s-j", paper("s-j", 1, author("Justin F. Rousseau", 1), author("Ying Ding", 2)))
PLAIN = document("s-i", *(paper("s-i", i, author("Justin Rousseau", 1), author("Ying Ding", 2)) for i in range(2)))


def run(store, docs) -> None:
    merger = Merger(store)
    for doc in docs:
        store.upsert_batch(merger.merge([doc]))
    for batch in merger.finish_batches():
        store.upsert_batch(batch)
    store.flush()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request):
    if request.param == "neo4j":
        return request.getfixturevalue("neo4j_store")
    return EmbeddedStore(None)


def test_a_merged_id_leads_to_the_person_it_joined(backend):
    run(backend, [INITIAL])
    assert backend.get_researcher("justin-f-rousseau").works == 1
    assert backend.resolve_researcher_alias("justin-f-rousseau") == []  # live: not an alias
    run(backend, [PLAIN])
    with pytest.raises(NotFound):
        backend.get_researcher("justin-f-rousseau")
    assert backend.get_researcher("justin-rousseau").works == 3
    assert backend.resolve_researcher_alias("justin-f-rousseau") == ["justin-rousseau"]
    assert backend.resolve_researcher_alias("justin-rousseau") == []
    assert backend.resolve_researcher_alias("nobody-at-all") == []
    run(backend, [INITIAL, PLAIN])  # the same documents again change nothing
    assert backend.resolve_researcher_alias("justin-f-rousseau") == ["justin-rousseau"]


def _authored(pid: str, rid: str) -> Paper:
    return Paper(id=pid, title=f"Paper {pid}", year=2022,
                 authors=[AuthorRef(name="Ann Lee", position=0, researcher_id=rid)])


def _moved(pid: str, old: str, new: list[str]) -> GraphBatch:
    """Identity's last batches by hand: ``old``'s paper re-pointed to ``new[0]``, ``old`` retired
    with its mentions gone to ``new``."""
    return GraphBatch(researchers=[Researcher(id=r, name="Ann Lee") for r in new], author_ids={pid: {0: new[0]}},
                      retired_researchers=[old], researcher_aliases={old: new})


def test_chains_resolve_to_the_live_id_and_splits_name_every_candidate(backend):
    backend.upsert_batch(GraphBatch(papers=[_authored("p-1", "ann-a"), _authored("p-2", "ann-x")]))
    backend.upsert_batch(_moved("p-1", "ann-a", ["ann-b"]))
    backend.upsert_batch(_moved("p-1", "ann-b", ["ann-c"]))  # a -> b, later b -> c
    backend.flush()
    assert backend.resolve_researcher_alias("ann-a") == ["ann-c"]
    assert backend.resolve_researcher_alias("ann-b") == ["ann-c"]
    backend.upsert_batch(_moved("p-1", "ann-c", ["ann-a"]))  # and back: a live again, no loop
    backend.flush()
    assert backend.resolve_researcher_alias("ann-a") == []
    assert backend.resolve_researcher_alias("ann-b") == ["ann-a"]
    assert backend.resolve_researcher_alias("ann-c") == ["ann-a"]
    backend.upsert_batch(GraphBatch(papers=[_authored("p-3", "ann-y")]))
    backend.upsert_batch(_moved("p-2", "ann-x", ["ann-y", "ann-a"]))  # a homonym split
    backend.flush()
    assert backend.resolve_researcher_alias("ann-x") == ["ann-a", "ann-y"]


def test_a_retired_id_still_named_by_a_paper_is_no_alias(backend):
    backend.upsert_batch(GraphBatch(papers=[_authored("p-1", "ann-a")]))
    backend.upsert_batch(GraphBatch(retired_researchers=["ann-a"], researcher_aliases={"ann-a": ["ann-b"]}))
    backend.flush()
    assert backend.get_researcher("ann-a").works == 1
    assert backend.resolve_researcher_alias("ann-a") == []


@pytest.mark.parametrize("make", [EmbeddedStore, EmbeddedWriter], ids=["store", "writer"])
def test_aliases_are_durable_and_reach_a_server_that_applies_changes(tmp_path, make):
    writer = make(tmp_path)
    run(writer, [INITIAL])
    writer.close()
    server = EmbeddedStore(tmp_path)  # loaded before the merge
    writer = make(tmp_path)
    run(writer, [PLAIN])
    writer.close()
    assert server.resolve_researcher_alias("justin-f-rousseau") == []  # still the old graph
    assert server.apply_changes() > 0
    assert server.resolve_researcher_alias("justin-f-rousseau") == ["justin-rousseau"]
    assert EmbeddedStore(tmp_path).resolve_researcher_alias("justin-f-rousseau") == ["justin-rousseau"]


def test_flatten_never_loops():
    assert flatten({"a": ["b"], "b": ["a"]}, "a") == ()
    assert flatten({"a": ["b", "c"], "b": ["d"]}, "a") == ("c", "d")
    assert flatten({}, "a") == ()


def test_alias_writes_repoint_the_aliases_of_a_retired_id():
    stored = {"a": ("b",), "x": ("b", "y")}
    assert alias_writes({"b": ["c"]}, stored) == {"a": ("c",), "b": ("c",), "x": ("c", "y")}
    assert alias_writes({"b": ["c"]}, {"b": ("d",)}) == {"b": ("c", "d")}  # an id retired anew keeps both
