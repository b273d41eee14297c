"""Recommendations on small hand-built graphs where the right answer is known, and every reason
kind checked against the graph it came from."""

from __future__ import annotations

import re

import pytest

from graph.embedded.store import EmbeddedStore
from graph.model import AuthorRef, Institution, Paper, Researcher, Topic, TopicLink
from graph.ranking import recent_papers
from graph.scoring import WEIGHTS
from graph.store import GraphBatch
from tests.graph.builders import ID, tiny_store

ADA = ID["ada"]


def build(rows, topics=(), institutions=(), parents=None) -> EmbeddedStore:
    """rows: (paper id, year, author slugs, {topic: evidence}, {author: [institution]});
    parents: topic -> its parent topic."""
    names = sorted({a for _, _, authors, _, _ in rows for a in authors})
    papers = [Paper(id=pid, title=f"Paper {pid}", year=year, sources=["s"],
                    authors=[AuthorRef(name=a.title(), researcher_id=a, position=i + 1, affiliations=affs.get(a, []))
                             for i, a in enumerate(authors)],
                    topics=[TopicLink(topic_id=t, score=0.5, evidence=[ev]) for t, ev in tops.items()],
                    institutions=sorted({i for v in affs.values() for i in v}))
              for pid, year, authors, tops, affs in rows]
    store = EmbeddedStore(None)
    store.upsert_batch(GraphBatch(
        researchers=[Researcher(id=a, name=a.title(), variants=[a.title()]) for a in names], papers=papers,
        topics=[Topic(id=t, label=t.title(), parent=(parents or {}).get(t)) for t in topics],
        institutions=[Institution(id=i, name=i.upper()) for i in institutions]))
    return store


def ids(store, who, **kw):
    return [r.id for r in store.list_recommendations(who, k=10, **kw)]


def test_a_strong_recent_tie_beats_a_weak_old_one():
    # a wrote three recent papers with b and one old paper with c; x and y each wrote once with
    # b and c respectively, in the same year as a's tie. Plain Adamic–Adar ties x and y.
    rows = [("p1", 2022, ["a", "b"], {}, {}), ("p2", 2023, ["a", "b"], {}, {}), ("p3", 2023, ["a", "b"], {}, {}),
            ("p4", 2012, ["a", "c"], {}, {}), ("p5", 2023, ["b", "x"], {}, {}), ("p6", 2012, ["c", "y"], {}, {})]
    store = build(rows)
    assert ids(store, "a") == ["x", "y"]
    x, y = store.list_recommendations("a", k=2)
    assert x.score > 2 * y.score


def test_a_specific_topic_beats_a_broad_one():
    # a shares "rare" with r and "broad" with w, one paper each; "broad" is on many other papers.
    rows = [("p1", 2023, ["a"], {"rare": "rare", "broad": "broad"}, {}), ("p2", 2023, ["r"], {"rare": "rare"}, {}),
            ("p3", 2023, ["w"], {"broad": "broad"}, {}), ("p4", 2023, ["w"], {"broad": "broad"}, {})]
    rows += [(f"q{i}", 2023, [f"o{i}"], {"broad": "broad"}, {}) for i in range(30)]
    store = build(rows, topics=["rare", "broad"])
    recs = {r.id: r for r in store.list_recommendations("a", k=10)}
    assert ids(store, "a")[0] == "r"
    assert recs["r"].reasons[0].weight > 1.5 * recs["w"].reasons[0].weight  # same share, 1 vs 33 papers


def test_a_fallback_topic_is_never_a_reason():
    rows = [("p1", 2023, ["a"], {"machine-learning": "fallback: no topic matched"}, {}),
            ("p2", 2023, ["m"], {"machine-learning": "fallback: no topic matched"}, {}),
            ("p3", 2023, ["n"], {"machine-learning": "machine learning"}, {})]
    store = build(rows, topics=["machine-learning"])
    assert ids(store, "a") == []
    assert ids(store, "n") == []  # n's link is matched, but a's and m's are fallbacks


def test_a_field_is_never_a_reason():
    # "ml" tops the hierarchy (a field, like machine-learning); "pruning" is under it. a shares
    # matched links on both with f (ml only) and p (pruning only): only p is recommended.
    rows = [("p1", 2023, ["a"], {"ml": "machine learning", "pruning": "pruning"}, {}),
            ("p0", 2023, ["a"], {"ml": "machine learning"}, {}),
            ("p2", 2023, ["f"], {"ml": "machine learning"}, {}), ("p3", 2023, ["p"], {"pruning": "pruning"}, {})]
    store = build(rows, topics=["ml", "pruning"], parents={"pruning": "ml"})
    (rec,) = store.list_recommendations("a", k=10)
    assert rec.id == "p" and [(r.kind, r.id) for r in rec.reasons] == [("topic", "pruning"), ("recency", None)]
    # Without the hierarchy, ml is one topic among others and a reason like any.
    flat = build(rows, topics=["ml", "pruning"])
    assert sorted(ids(flat, "a")) == ["f", "p"]


def test_a_prolific_namesake_is_damped():
    # h and q are each bridged by b; h has far more works than hub_works (a merged namesake).
    hub = int(WEIGHTS.hub_works) * 2
    rows = [("p1", 2023, ["a", "b"], {}, {}), ("p2", 2023, ["b", "h"], {}, {}), ("p3", 2023, ["b", "q"], {}, {})]
    rows += [(f"h{i}", 2010, ["h"], {}, {}) for i in range(hub)]
    store = build(rows)
    h_rec, q_rec = sorted(store.list_recommendations("a", k=10), key=lambda r: r.id)
    assert ids(store, "a") == ["q", "h"]
    via = {r.id: [x.weight for x in r.reasons if x.kind == "coauthor"] for r in (h_rec, q_rec)}
    assert via["h"][0] == pytest.approx(via["q"][0] * WEIGHTS.hub_works / (hub + 1), abs=1e-5)


def test_filters():
    store = tiny_store()
    assert ids(store, ADA) == [ID["eve"], ID["fay"]]
    assert ids(store, ADA, institution="mit") == [ID["fay"]]
    assert ids(store, ADA, institution="no-such-institution") == []
    assert ids(store, ADA, exclude=frozenset({ID["eve"]})) == [ID["fay"]]
    assert ids(store, ADA, since=2023) == [ID["eve"], ID["fay"]]
    assert ids(store, ADA, since=2024) == []
    assert ids(store, ADA, topic="learning-to-optimize") == [ID["fay"]]


# -- every reason, checked against the graph ---------------------------------------------------

def _papers(g, rk):
    return [t for t, d in g._succ[rk].items() if d["type"] == "AUTHORED"]


def _authors(g, pk):
    return {s for s, d in g._pred[pk].items() if d["type"] == "AUTHORED"}


def _check_topic(g, a, b, r):
    tk = f"topic:{r.id}"
    up = [t for t, d in g._succ[tk].items() if d["type"] == "SUBTOPIC_OF"]
    down = [s for s, d in g._pred[tk].items() if d["type"] == "SUBTOPIC_OF"]
    assert up or not down, f"{r.id} is a field"
    for k in (a, b):
        links = [g._succ[pk].get(f"topic:{r.id}") for pk in _papers(g, k)]
        assert any(d and not any(e.startswith("fallback") for e in d.get("evidence") or []) for d in links)


def _check_coauthor(g, a, b, r):
    for k in (a, b):
        assert any(f"researcher:{r.id}" in _authors(g, pk) for pk in _papers(g, k))


def _check_institution(g, a, b, r):
    for k in (a, b):
        assert g.edges[k, f"institution:{r.id}"]["type"] == "AFFILIATED_WITH"


def _check_recency(g, a, b, r):
    years = [g.nodes[pk]["record"].year for pk in _papers(g, b)]
    m = re.fullmatch(r"(\d+) papers? in (\d{4})(?:–(\d{4}))?", r.label)
    n, first, last = int(m[1]), int(m[2]), int(m[3] or m[2])
    assert last == max(y for pk in _papers(g, a) if (y := g.nodes[pk]["record"].year) is not None)
    assert n == sum(1 for y in years if y is not None and first <= y <= last) > 0


CHECKS = {"topic": _check_topic, "coauthor": _check_coauthor, "institution": _check_institution,
          "recency": _check_recency}


@pytest.mark.parametrize("kind", sorted(CHECKS))
def test_every_reason_of_a_kind_is_true_of_the_graph(kind):
    store = tiny_store()
    g, seen = store.graph, 0
    for who in ID.values():
        for rec in store.list_recommendations(who, k=10, include_coauthors=True):
            assert rec.reasons and rec.score == pytest.approx(sum(r.weight for r in rec.reasons), abs=1e-5)
            for r in rec.reasons:
                assert r.kind in CHECKS
                if r.kind == kind:
                    CHECKS[kind](g, f"researcher:{who}", f"researcher:{rec.id}", r)
                    seen += 1
    assert seen  # the tiny graph yields reasons of every kind


def test_recent_papers_counts_the_window():
    from graph.scoring import Person
    p = Person("p", "P", works=4, last_year=2023, years={2021: 1, 2022: 2, 2023: 1})
    assert recent_papers(p, 2023, 2) == 3
    assert recent_papers(p, 2023, 1) == 1
