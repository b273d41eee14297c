"""graph/projection.py: deltas applied for any sequence of paper versions give the aggregates
computed from scratch on the last versions."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from graph import projection as P
from graph.model import AuthorRef, Paper, TopicLink

PEOPLE = ["ada", "bob", "cy", "dee"]
TOPICS = ["nerf", "sparsity", "moe"]
PLACES = ["mit", "meta"]


@st.composite
def versions(draw) -> Paper:
    authors = draw(st.lists(st.sampled_from(PEOPLE), max_size=4))  # repeats: one listed twice
    topics = draw(st.lists(st.tuples(st.sampled_from(TOPICS), st.booleans()), max_size=3))
    return Paper(
        id=draw(st.sampled_from(["p1", "p2", "p3"])), year=draw(st.sampled_from([None, 2019, 2020, 2021])),
        authors=[AuthorRef(researcher_id=a, name=a, position=i) for i, a in enumerate(authors)],
        topics=[TopicLink(topic_id=t, score=0.5, evidence=["fallback"] if fb else ["title:x"]) for t, fb in topics],
        institutions=draw(st.lists(st.sampled_from(PLACES), max_size=2)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(versions(), st.sampled_from(["p1", "p2", "p3"])), max_size=12))
def test_deltas_for_any_sequence_equal_the_aggregates_from_scratch(steps):
    """A step is a new version of a paper, or (a bare id) that paper's removal."""
    current: dict[str, P.PaperFacts] = {}
    state = P.Aggregates()
    for step in steps:
        pid = step if isinstance(step, str) else step.id
        new = None if isinstance(step, str) else P.facts(step)
        state.add(P.delta(current.get(pid), new))
        if new is None:
            current.pop(pid, None)
        else:
            current[pid] = new
    assert state == P.from_papers(current.values())


@settings(max_examples=100, deadline=None)
@given(st.lists(versions(), max_size=8), st.lists(versions(), max_size=8))
def test_a_batch_delta_is_the_sum_of_its_papers_deltas(before, after):
    old = {p.id: P.facts(p) for p in before}
    new = {p.id: P.facts(p) for p in after}
    summed = P.Aggregates()
    for pid in new:
        summed.add(P.delta(old.get(pid), new[pid]))
    assert P.batch_delta((old.get(pid), f) for pid, f in new.items()) == summed


def paper(pid: str, year: int | None, authors: list[str], topics: list[str] = (), places: list[str] = ()) -> Paper:
    return Paper(id=pid, year=year, authors=[AuthorRef(researcher_id=a, name=a, position=i)
                                            for i, a in enumerate(authors)],
                 topics=[TopicLink(topic_id=t, score=0.5) for t in topics], institutions=list(places))


def test_a_pair_keeps_its_first_year_when_its_latest_paper_goes():
    state = P.from_papers([P.facts(paper("p1", 2019, ["ada", "bob"])), P.facts(paper("p2", 2022, ["bob", "ada"]))])
    assert P.pair_view(state.pairs["ada", "bob"]) == (2, 2019, 2022)
    state.add(P.delta(P.facts(paper("p2", 2022, ["bob", "ada"])), P.facts(paper("p2", 2022, ["bob"]))))
    assert P.pair_view(state.pairs["ada", "bob"]) == (1, 2019, 2019)
    assert P.pair_view(state.works["bob"]) == (2, 2019, 2022)


def test_an_unchanged_paper_changes_nothing_and_counts_what_the_reads_count():
    p = paper("p1", 2020, ["ada", "bob", "ada"], ["nerf", "moe"], ["mit", "meta"])
    assert P.delta(P.facts(p), P.facts(p)).is_empty()
    new = P.delta(None, P.facts(p))
    assert new.pairs == {("ada", "bob"): Counter({2020: 1})}
    assert new.topic_pairs == Counter({("moe", "nerf"): 1}) and new.topical == 1
    assert new.topic_people == Counter({("nerf", "ada"): 1, ("nerf", "bob"): 1, ("moe", "ada"): 1,
                                        ("moe", "bob"): 1})
    assert new.institution_pairs == Counter({("meta", "mit"): 1})


def test_a_change_that_takes_a_year_away_does_not_grow():
    grows = P.years_change(Counter({2020: 2, None: 1}))
    assert grows == P.YearsChange(papers=3, first_year=2020, last_year=2020, grows=True)
    assert not P.years_change(Counter({2020: -1, 2021: 1})).grows
