"""Every GraphStore method, asked of both backends on the same corpus, answers identically.

Probe ids and queries are picked from the reference answers by fixed rules (the most
prolific researchers, every topic, the first institutions by name, ...), so the suite keeps
working whatever the corpus holds. Besides equality, each answer is checked against the
ordering its docstring in graph/store.py promises, so the embedded run checks something too.
"""

from __future__ import annotations

import math

import pytest

from graph.ids import fold
from graph.search import rank, search_key
from graph.store import GraphStore, NotFound

pytestmark = pytest.mark.neo4j

BIG = 10_000
QUERIES = ["", "chen", "wang", "learning", "neural network", "Kowalski", "josé", "zzzz-no-such", "graphs",
           "sparse", "deep learning", "univ", "Ada"]


def dump(value):
    if isinstance(value, list):
        return [dump(v) for v in value]
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if hasattr(value, "__slots__"):
        return {s: getattr(value, s) for s in value.__slots__}
    return value


def same(store: GraphStore, reference: GraphStore, method: str, *args, **kwargs):
    """Ask both; compare answers (or the NotFound they raise). Returns the store's answer."""
    try:
        expected = getattr(reference, method)(*args, **kwargs)
    except NotFound as exc:
        with pytest.raises(NotFound) as info:
            getattr(store, method)(*args, **kwargs)
        assert (info.value.kind, info.value.id) == (exc.kind, exc.id)
        return None
    actual = getattr(store, method)(*args, **kwargs)
    assert dump(actual) == dump(expected), f"{method}{args}{kwargs}"
    return actual


def ydesc(year):
    return -year if year is not None else math.inf


@pytest.fixture(scope="module")
def probes(reference: GraphStore) -> dict[str, list[str]]:
    top = [r.id for r in reference.search_researchers("", limit=12)]
    tiny = ["ada-kowalski", "bob-stone", "fay-li"]
    insts = [i.id for i in reference.search_institutions("", limit=6)]
    for rid in top[:4]:
        insts += [i.id for i in reference.list_researcher_institutions(rid, limit=2)]
    papers = [p.id for p in reference.search_papers(None, limit=8)]
    for rid in top[:4]:
        papers += [p.id for p in reference.list_researcher_papers(rid, limit=3)]
    return {
        "researchers": list(dict.fromkeys([*top, *tiny, "nobody-at-all"])),
        "topics": [t.id for t in reference.search_topics("", limit=BIG)] + ["no-such-topic"],
        "institutions": list(dict.fromkeys([*insts, "no-such-institution"])),
        "papers": list(dict.fromkeys([*papers, "no-such-paper"])),
    }


def test_the_corpus_is_big_enough(reference):
    stats = reference.get_stats()
    assert stats.nodes["Paper"] >= 5_000
    assert stats.relationships["AUTHORED"] > stats.nodes["Paper"]


def test_stats_and_identity(store, reference):
    same(store, reference, "get_stats")
    keys = same(store, reference, "list_paper_keys")
    assert [k.paper_id for k in keys] == sorted(k.paper_id for k in keys)
    ids = [k.paper_id for k in keys[::500]] + ["no-such-paper"]
    same(store, reference, "get_papers", ids)
    same(store, reference, "get_researchers", ["ada-kowalski", "fay-li", "nobody-at-all"])
    for source in ("s-tiny", "no-such-source"):
        same(store, reference, "get_source", source)


def test_researcher_aliases(store, reference, probes):
    """The ids the corpus's runs retired lead where they lead on the reference (graph/aliases.py)."""
    retired = sorted(reference._aliases)
    for rid in [*retired[:: max(1, len(retired) // 40)], *probes["researchers"]]:
        same(store, reference, "resolve_researcher_alias", rid)
    for rid in retired[:5]:
        same(store, reference, "get_researcher", rid)  # NotFound on both


@pytest.mark.parametrize("q", QUERIES)
def test_searches(store, reference, q):
    key = search_key(q)
    people = same(store, reference, "search_researchers", q, limit=50)
    order = [(rank(search_key(r.name), key) if key else 0, -r.works, fold(r.name), r.id) for r in people]
    assert order == sorted(order) and None not in [o[0] for o in order]
    same(store, reference, "search_researchers", q, limit=7, offset=5)
    same(store, reference, "search_topics", q, limit=50)
    same(store, reference, "search_topics", q, limit=3, offset=2)
    same(store, reference, "search_institutions", q, limit=50, offset=1)
    papers = same(store, reference, "search_papers", q, limit=40)
    order = [(rank(search_key(p.title), key) if key else 0, ydesc(p.year), p.id) for p in papers]
    assert order == sorted(order) and None not in [o[0] for o in order]
    same(store, reference, "search_papers", q, limit=10, offset=15)


@pytest.mark.parametrize("has_code", [None, True, False])
def test_paper_filters(store, reference, probes, has_code):
    topic = probes["topics"][0]
    same(store, reference, "search_papers", None, has_code=has_code, limit=30, offset=10)
    same(store, reference, "search_papers", "learning", topic=topic, has_code=has_code, limit=30)
    same(store, reference, "search_papers", None, year=2021, has_code=has_code, limit=30)


def test_researcher_profiles(store, reference, probes):
    for rid in probes["researchers"]:
        same(store, reference, "get_researcher", rid)
        same(store, reference, "list_researcher_topics", rid, limit=BIG)
        same(store, reference, "list_researcher_institutions", rid, limit=BIG)


def test_researcher_papers(store, reference, probes):
    topic = probes["topics"][0]
    for rid in probes["researchers"]:
        same(store, reference, "list_researcher_papers", rid, limit=BIG)
        same(store, reference, "list_researcher_papers", rid, limit=5, offset=2)
        same(store, reference, "list_researcher_papers", rid, year=2022, limit=BIG)
        same(store, reference, "list_researcher_papers", rid, topic=topic, limit=BIG)


@pytest.mark.parametrize("filters", [
    {}, {"since": 2020}, {"until": 2019}, {"since": 2018, "until": 2022, "min_shared": 2}, {"min_shared": 3},
])
def test_collaborators(store, reference, probes, filters):
    for rid in probes["researchers"]:
        got = same(store, reference, "list_collaborators", rid, limit=BIG, **filters)
        if got:
            keys = [(-c.shared_papers, ydesc(c.last_year), fold(c.name), c.id) for c in got]
            assert keys == sorted(keys)
        same(store, reference, "list_collaborators", rid, limit=3, offset=1, **filters)


def test_collaborators_on_a_topic(store, reference, probes):
    for rid in probes["researchers"][:6]:
        for t in reference.list_researcher_topics(rid, limit=2) if rid != "nobody-at-all" else []:
            same(store, reference, "list_collaborators", rid, topic=t.id, limit=BIG)


def test_topics(store, reference, probes):
    for tid in probes["topics"]:
        same(store, reference, "get_topic", tid)
        adjacent = same(store, reference, "list_adjacent_topics", tid, limit=BIG)
        if adjacent:
            keys = [(-a.score, -a.co_papers, a.id) for a in adjacent]
            assert keys == sorted(keys)
            assert all(-1.0 <= a.score <= 1.0 for a in adjacent)
        same(store, reference, "list_adjacent_topics", tid, limit=3, offset=1)
        same(store, reference, "list_topic_papers", tid, limit=30, offset=5)
        same(store, reference, "list_topic_researchers", tid, limit=30)


def test_institutions(store, reference, probes):
    for iid in probes["institutions"]:
        same(store, reference, "get_institution", iid)
        same(store, reference, "list_institution_researchers", iid, limit=BIG)
        same(store, reference, "list_institution_collaborators", iid, limit=BIG)


def test_papers(store, reference, probes):
    for pid in probes["papers"]:
        same(store, reference, "get_paper", pid)


@pytest.mark.parametrize("kwargs", [{"k": 10}, {"k": 5, "include_coauthors": True}])
def test_recommendations(store, reference, probes, kwargs):
    for rid in probes["researchers"]:
        got = same(store, reference, "list_recommendations", rid, **kwargs)
        if got:
            assert [(-r.score, r.id) for r in got] == sorted((-r.score, r.id) for r in got)
            assert all(r.reasons for r in got)


def test_recommendations_on_a_topic(store, reference, probes):
    for rid in probes["researchers"][:6]:
        for t in reference.list_researcher_topics(rid, limit=1) if rid != "nobody-at-all" else []:
            same(store, reference, "list_recommendations", rid, k=10, topic=t.id)


def test_recommendation_filters(store, reference, probes):
    """institution, since and exclude: the same answers, and each filter holds of every person."""
    for rid in probes["researchers"][:8]:
        if rid == "nobody-at-all":
            continue
        top = reference.list_recommendations(rid, k=3)
        got = same(store, reference, "list_recommendations", rid, k=10, exclude=frozenset(r.id for r in top[:2]))
        assert not {r.id for r in top[:2]} & {r.id for r in got}
        for since in (2022, 2024):
            for r in same(store, reference, "list_recommendations", rid, k=10, since=since):
                assert reference.get_researcher(r.id).last_year >= since
        for inst in [i.id for i in reference.list_researcher_institutions(rid, limit=2)] + ["no-such-institution"]:
            for r in same(store, reference, "list_recommendations", rid, k=10, institution=inst):
                assert inst in {i.id for i in reference.list_researcher_institutions(r.id, limit=BIG)}


@pytest.mark.parametrize("kwargs", [
    {"depth": 1, "limit": 50, "include": frozenset()},
    {"depth": 2, "limit": 200, "include": frozenset()},
    {"depth": 2, "limit": 25, "include": frozenset({"researcher", "topic"})},
    {"depth": 2, "limit": 100, "include": frozenset(), "since": 2019, "until": 2023},
    # the co-author view: people and COAUTHOR edges only
    {"depth": 1, "limit": 60, "include": frozenset({"researcher"})},
    {"depth": 2, "limit": 500, "include": frozenset({"researcher"})},
    {"depth": 2, "limit": 40, "include": frozenset({"researcher"}), "since": 2021},
])
def test_slices(store, reference, probes, kwargs):
    for rid in probes["researchers"]:
        got = same(store, reference, "get_slice", rid, **kwargs)
        if got:
            assert len(got.nodes) <= kwargs["limit"]
            assert [(-n.weight, n.id) for n in got.nodes] == sorted((-n.weight, n.id) for n in got.nodes)


def test_coauthor_view_weights_are_the_collaborators_shared_papers(store, reference, probes):
    """An edge to the centre counts what /collaborators counts, on both backends."""
    for rid in probes["researchers"][:6]:
        if rid == "nobody-at-all":
            continue
        got = same(store, reference, "get_slice", rid, depth=2, limit=500, include=frozenset({"researcher"}))
        center = f"researcher:{rid}"
        to_centre = {(e.target if e.source == center else e.source): e.weight
                     for e in got.edges if center in (e.source, e.target)}
        assert {e.type for e in got.edges} <= {"COAUTHOR"}
        collaborators = reference.list_collaborators(rid, since=None, until=None, min_shared=1, topic=None,
                                                     limit=BIG, offset=0)
        want = {f"researcher:{c.id}": float(c.shared_papers) for c in collaborators}
        assert {k: w for k, w in to_centre.items() if k in want} == {
            k: w for k, w in want.items() if k in to_centre}
        assert set(to_centre) == set(want) or got.truncated
