"""The Neo4j store's write-time aggregates after papers are rewritten: every read over them
answers as the embedded store does, which walks its graph (graph/neo4j/project.py)."""

from __future__ import annotations

import pytest

from graph import scoring
from graph.embedded.store import EmbeddedStore
from graph.model import AuthorRef, Paper, TopicLink
from graph.store import GraphBatch
from tests.graph.builders import ID, NAMES, TOPICS, tiny_batch

pytestmark = pytest.mark.neo4j


def rewrites() -> GraphBatch:
    """New versions of four tiny papers: an author and a year gone, topics moved, a paper
    left as it was (p6), one moved to another institution."""
    papers = {p.id: p for p in tiny_batch().papers}
    p2 = papers["p2"].model_copy(update={"authors": papers["p2"].authors[:2], "year": 2024})
    p3 = papers["p3"].model_copy(update={"topics": [TopicLink(topic_id="nerf", score=0.4, evidence=["fallback"])]})
    p7 = papers["p7"].model_copy(update={"authors": [AuthorRef.of(NAMES["dee"], 1, affiliations=["mit"])],
                                         "institutions": ["meta-ai", "mit"], "topics": []})
    return GraphBatch(papers=[p2, p3, papers["p6"], p7])


def loaded(store):
    store.upsert_batch(tiny_batch())
    store.flush()
    store.upsert_batch(rewrites())
    return store


def answers(store) -> dict:
    people = sorted(ID.values())
    topics = sorted(t.id for t in TOPICS)
    return {
        "profiles": [store.get_researcher(r) for r in people],
        "collaborators": [store.list_collaborators(r, limit=50) for r in people],
        "close": [store.list_collaborators(r, min_shared=2, limit=1, offset=1) for r in people],
        "topics": [store.list_researcher_topics(r, limit=50) for r in people],
        "adjacent": [store.list_adjacent_topics(t, limit=50) for t in topics],
        "topic people": [store.list_topic_researchers(t, limit=50) for t in topics],
        "topic detail": [store.get_topic(t) for t in topics],
        "partners": [store.list_institution_collaborators(i, limit=50) for i in ("mit", "meta-ai")],
        "recommendations": [store.list_recommendations(r, k=10, include_coauthors=True) for r in people],
        "stats": store.get_stats(),
    }


def test_rewritten_papers_move_every_aggregate_as_the_embedded_walk_sees_them(neo4j_store):
    expected = answers(loaded(EmbeddedStore(None)))
    got = answers(loaded(neo4j_store))
    for name in expected:
        assert got[name] == expected[name], name
    # p2 lost cy and moved to 2024: the pair (ada, cy) keeps p3 only, its first and last year 2022
    ada = {c.id: c for c in got["collaborators"][sorted(ID.values()).index(ID["ada"])]}
    assert (ada[ID["cy"]].shared_papers, ada[ID["cy"]].first_year, ada[ID["cy"]].last_year) == (1, 2022, 2022)


def _topic_batch(counts: dict[str, int], start: int) -> GraphBatch:
    """Single-author papers on nerf: ``counts[name]`` papers each, ids from ``start``."""
    papers, n = [], start
    for name, k in counts.items():
        for _ in range(k):
            papers.append(Paper(id=f"q{n}", title=f"Radiance {n}", year=2020 + n % 5,
                                authors=[AuthorRef.of(name, 1)],
                                topics=[TopicLink(topic_id="nerf", score=0.9)], sources=["s-tiny"]))
            n += 1
    return GraphBatch(topics=TOPICS, papers=papers)


def _stored_leaders(store, topic: str) -> list[str]:
    row = store._read_one("list_recommendations", researcher_id="person-00", topic=topic, institution=None,
                          bridges=scoring.BRIDGES, institutions=scoring.SEED_INSTITUTIONS,
                          leaders=scoring.INSTITUTION_LEADERS)
    return dict(row["seed_leaders"])[topic]


def test_leaders_after_batches_that_only_add_papers_are_the_topics_first_researchers(neo4j_store):
    """The second and third batches only raise counts, so the stored leaders are ranked from
    the old leaders and the researchers that grew (refresh_leaders.cypher); they must still be
    the topic's first researchers, as list_topic_researchers ranks all of them."""
    first = {f"Person {i:02d}": 1 + i % 3 for i in range(30)}
    batches = [_topic_batch(first, 0), _topic_batch({"Person 00": 3, "Person 29": 1, "Zed New": 4}, 100),
               _topic_batch({"Person 03": 5, "Amy Late": 2}, 200)]
    for batch in batches:
        neo4j_store.upsert_batch(batch)
        neo4j_store.flush()
        expected = [r.id for r in neo4j_store.list_topic_researchers("nerf", limit=scoring.TOPIC_LEADERS)]
        assert _stored_leaders(neo4j_store, "nerf") == expected
    assert {"person-00", "person-03", "zed-new"} <= set(expected)


def test_one_load_and_paper_by_paper_loads_of_the_same_documents_answer_alike(neo4j_store_factory):
    """The whole graph in one batch (every aggregate written once), and the same papers one
    batch each in reverse order, then the rewrites, each followed by a flush: every aggregate
    then moved by many small deltas (leaders re-ranked from candidates, affiliations widened
    and recounted, works added year by year)."""
    whole = neo4j_store_factory()
    full = tiny_batch()
    final = {p.id: p for p in full.papers} | {p.id: p for p in rewrites().papers}
    whole.upsert_batch(GraphBatch(researchers=full.researchers, topics=full.topics, institutions=full.institutions,
                                  repositories=full.repositories, papers=list(final.values())))
    whole.flush()
    expected = answers(whole)
    pieces = neo4j_store_factory()
    pieces.upsert_batch(GraphBatch(researchers=full.researchers, topics=full.topics,
                                   institutions=full.institutions, repositories=full.repositories))
    for paper in reversed(full.papers):
        pieces.upsert_batch(GraphBatch(topics=full.topics, papers=[paper]))
        pieces.flush()
    pieces.upsert_batch(rewrites())
    pieces.flush()
    got = answers(pieces)
    for name in expected:
        assert got[name] == expected[name], name
