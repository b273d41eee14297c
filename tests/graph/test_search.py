"""Relevance-ranked search (graph/search.py) on both backends: exact, prefix, whole words, contained,
then the tie-break of each search. The years and works are chosen so that the old order (by year or
works alone) would put the best match last."""

from __future__ import annotations

import pytest

from graph.embedded.store import EmbeddedStore
from graph.model import AuthorRef, Institution, Paper, Researcher, Topic, TopicLink
from graph.search import CONTAINED, EXACT, PARTIAL_PREFIX, PREFIX, WORDS, RankedIndex, rank, search_key
from graph.store import GraphBatch

TITLES = {  # id: (title, year)
    "p-exact": ("Graphs", 2001),
    "p-prefix": ("Graphs and Algorithms for Sparse Data", 2010),
    "p-words": ("Random Graphs", 2020),
    "p-partial": ("GraphStorm: Graph Learning for Industry", 2022),
    "p-contained": ("Subgraphs: Counting at Scale", 2024),
    "p-other": ("Sparse Mixture-of-Experts", 2023),
}
PEOPLE = {"ann-lee": ("Ann Lee", 1), "annika-lee": ("Annika Lee", 3), "lee-ann-rimes": ("Lee Ann Rimes", 4),
          "joanna-leeson": ("Joanna Leeson", 5)}
TOPICS = [Topic(id="sparsity", label="Sparsity", aliases=["sparse networks"]),
          Topic(id="mixture-of-experts", label="Mixture of Experts", acronyms=["MoE"],
                aliases=["sparse mixture of experts"]),
          Topic(id="graph-learning", label="Graph Learning", aliases=["learning on sparse graphs"])]
INSTITUTIONS = [Institution(id="mit", name="Massachusetts Institute of Technology", aliases=["MIT"]),
                Institution(id="mitre", name="MITRE Corporation"),
                Institution(id="smith", name="Smith College")]


def _batch() -> GraphBatch:
    papers = []
    for pid, (title, year) in TITLES.items():
        papers.append(Paper(id=pid, title=title, year=year, sources=["s-x"],
                            topics=[TopicLink(topic_id="mixture-of-experts", score=0.5)] if "Sparse" in title else []))
    # works: each person authors their number of extra papers; institutions get papers too
    for rid, (name, works) in PEOPLE.items():
        for n in range(works):
            papers.append(Paper(id=f"w-{rid}-{n}", title=f"Work {n} of {name}", year=2000 + n, sources=["s-x"],
                                authors=[AuthorRef.of(name, 1)],
                                institutions=["mitre" if n % 2 else "smith"],
                                topics=[TopicLink(topic_id="graph-learning", score=0.5)]))
    return GraphBatch(papers=papers, topics=TOPICS, institutions=INSTITUTIONS,
                      researchers=[Researcher(id=rid, name=name, variants=[name]) for rid, (name, _) in PEOPLE.items()])


@pytest.fixture(params=["embedded", "neo4j"])
def store(request):
    s = EmbeddedStore(None) if request.param == "embedded" else request.getfixturevalue("neo4j_store")
    s.upsert_batch(_batch())
    s.flush()
    return s


def test_rank_tiers():
    assert [rank(search_key(t), "graphs") for t, _ in TITLES.values()] == [
        EXACT, PREFIX, WORDS, PARTIAL_PREFIX, CONTAINED, None]
    assert rank("deep sparse nets", "sparse deep") == WORDS  # every word whole, in any order


def test_paper_titled_exactly_as_the_query_comes_first(store):
    hits = [p.id for p in store.search_papers("Graphs", limit=10)]
    assert hits == ["p-exact", "p-prefix", "p-words", "p-partial", "p-contained"]
    assert [p.id for p in store.search_papers("graphs", limit=2, offset=2)] == ["p-words", "p-partial"]
    # an empty query keeps the plain order: year desc, then id
    everything = store.search_papers("", limit=100)
    assert [p.id for p in everything] == [p.id for p in sorted(everything, key=lambda p: (-(p.year or 0), p.id))]


def test_researchers_by_rank_then_works(store):
    hits = [r.id for r in store.search_researchers("ann lee", limit=10)]
    # exact "Ann Lee" (1 work), then "Lee Ann Rimes" (whole words), then the contained ones by works
    assert hits == ["ann-lee", "lee-ann-rimes", "joanna-leeson", "annika-lee"]
    assert [r.id for r in store.search_researchers("lee", limit=10)] == [
        "lee-ann-rimes", "annika-lee", "ann-lee", "joanna-leeson"]


def test_topics_by_best_name_then_papers(store):
    # "sparse" is sparsity's label stemmed (spars): exact, though it has no papers; then the prefix of
    # an alias of mixture-of-experts (2 papers); graph-learning only has it as a whole word of an alias.
    assert [t.id for t in store.search_topics("sparse", limit=10)] == [
        "sparsity", "mixture-of-experts", "graph-learning"]
    assert [t.id for t in store.search_topics("experts", limit=10)] == ["mixture-of-experts"]
    assert [t.id for t in store.search_topics("moe", limit=10)] == ["mixture-of-experts"]
    # the stem also finds the aliases that say "sparse", after the exact one
    assert [t.id for t in store.search_topics("sparsity", limit=10)] == [
        "sparsity", "mixture-of-experts", "graph-learning"]


def test_institutions_by_best_name_then_papers(store):
    # MIT's alias is exact; MITRE is a prefix; Smith College contains "mit" inside a word
    assert [i.id for i in store.search_institutions("mit", limit=10)] == ["mit", "mitre", "smith"]
    everything = [i.id for i in store.search_institutions("", limit=10)]
    assert everything[0] in {"mitre", "smith"} and everything[-1] == "mit"  # by papers desc


def test_ranked_index_is_lazy_and_pages_like_a_list():
    index = RankedIndex([([search_key(f"title {i}")], i) for i in range(1000)] + [([search_key("title")], "t")])
    hits = index.ranked(search_key("title"))
    assert next(hits) == "t"  # the exact hit first, before the 1,000 prefix hits
    assert list(index.ranked("zzz")) == []
    assert list(index.ranked(""))[:3] == [0, 1, 2]
