"""A small write patches the read indexes instead of dropping them (graph/embedded/patch.py): after
any sequence of single-paper writes, every answer equals the one a store with no index gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.embedded.store import EmbeddedStore
from graph.model import AuthorRef, Paper, TopicLink
from graph.store import GraphBatch
from tests.graph.builders import NAMES, TOPICS, tiny_batch

PEOPLE = [*NAMES.values(), "Gil Novak"]
TOPIC_IDS = [t.id for t in TOPICS]


def answers(store: EmbeddedStore) -> list:
    topics = [t.id for t in store.search_topics("", limit=100)]
    people = [r.id for r in store.search_researchers("", limit=100)]
    return ([store.get_stats(), store.search_researchers("", limit=100), store.search_papers("paper", limit=100),
             store.search_institutions("", limit=10)]
            + [store.list_adjacent_topics(t, limit=50) for t in topics]
            + [store.list_topic_researchers(t, limit=50) for t in topics]
            + [store.list_topic_papers(t, limit=50) for t in topics]
            + [store.list_institution_researchers(i, limit=50) for i in ("mit", "meta-ai")]
            + [store.list_recommendations(r, k=10) for r in people]
            + [store.get_researcher(r) for r in people])


papers = st.builds(
    lambda pid, year, authors, topics, inst: Paper(
        id=pid, title=f"Edited paper {pid}", year=year,
        authors=[AuthorRef.of(n, i + 1, affiliations=[inst] if inst and i == 0 else []) for i, n in enumerate(authors)],
        topics=[TopicLink(topic_id=t, score=0.5) for t in topics], institutions=[inst] if inst else []),
    st.sampled_from([f"p{i}" for i in range(1, 11)]),
    st.one_of(st.none(), st.integers(2018, 2024)),
    st.lists(st.sampled_from(PEOPLE), min_size=0, max_size=3, unique=True),
    st.lists(st.sampled_from(TOPIC_IDS), max_size=3, unique=True),
    st.sampled_from([None, "mit", "meta-ai"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(papers, st.booleans()), min_size=1, max_size=5))
def test_patched_indexes_give_the_answers_of_rebuilt_ones(steps):
    patched, rebuilt = EmbeddedStore(None), EmbeddedStore(None)
    for store in (patched, rebuilt):
        store.upsert_batch(tiny_batch())
    patched.warm()
    patched.warm_ties(works=1)  # everyone's ties kept, as the warm-up keeps the prolific ones'
    for paper, read_between in steps:
        gone = [a.researcher_id for a in patched.get_papers([paper.id])[0].authors] if patched.get_papers(
            [paper.id]) else []
        batch = GraphBatch(papers=[paper], retired_researchers=gone)
        for store in (patched, rebuilt):
            store.upsert_batch(batch)
        assert patched.__dict__.get("_rg_indexes") is not None  # patched, not dropped
        if read_between:
            answers(patched)  # fills caches between writes
        rebuilt._invalidate_indexes()
        assert answers(patched) == answers(rebuilt)


def test_a_changed_taxonomy_drops_the_indexes():
    store = EmbeddedStore(None)
    store.upsert_batch(tiny_batch())
    store.warm()
    store.upsert_batch(GraphBatch(topics=[TOPICS[0].model_copy(update={"label": "Radiance fields"})]))
    assert store.__dict__.get("_rg_indexes") is None
