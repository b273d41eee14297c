"""Where runs and batches begin and end changes nothing: the same documents, split into runs or
merged in one, in any order, group their claims into the same papers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.embedded.store import EmbeddedStore
from graph.merge import Merger
from tests.graph.test_merge import ABSTRACT, OTHER_ABSTRACT, THIRD_ABSTRACT, claim, doc, papers, run

# Documents whose claims meet by every route: arXiv id, DOI, title (with years), abstract only.
DOCS = [
    doc("s-1", "paperlists", claim(title="Random Experts as Dropout", year=2023, abstract=ABSTRACT,
                                   authors=["Ann Lee"], locator="r1"),
        claim(title="Fields of Radiance for Everyone", year=2022, doi="10.1/rad", locator="r2")),
    doc("s-2", "arxiv-listing", claim(arxiv_id="2303.01610", abstract=ABSTRACT[:260], locator="a1"),
        claim(arxiv_id="2201.00001", abstract=OTHER_ABSTRACT, locator="a2")),
    doc("s-3", "bibtex", claim(title="Fields of Radiance for Everyone", doi="10.1/RAD", year=2022, locator="b1"),
        claim(title="Random Experts as Dropout", year=2023, arxiv_id="2303.01610", locator="b2")),
    doc("s-4", "profile-feed", claim(title="A Different Title Entirely Here", abstract=THIRD_ABSTRACT, year=2021,
                                     locator="f1"),
        claim(title="Another Unrelated Long Title", abstract=THIRD_ABSTRACT, year=2021, locator="f2")),
]


def grouping(store: EmbeddedStore) -> set[frozenset[tuple[str, str]]]:
    """Which claims ended in one paper (paper ids may differ with the order; the grouping may not)."""
    return {frozenset((c.source_id, c.locator) for c in p.claims) for p in papers(store)}


def one_run() -> set:
    store = EmbeddedStore(None)
    run(store, *DOCS)
    return grouping(store)


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(len(DOCS))), st.lists(st.booleans(), min_size=len(DOCS), max_size=len(DOCS)))
def test_any_split_into_runs_and_any_order_groups_claims_alike(order, cuts):
    store = EmbeddedStore(None)
    merger = Merger(store)
    for i, pos in enumerate(order):
        store.upsert_batch(merger.merge([DOCS[pos]]))  # a batch per document
        if cuts[i]:  # and a run boundary here
            store.upsert_batch(merger.finish())
            merger = Merger(store)
    store.upsert_batch(merger.finish())
    assert grouping(store) == one_run()


def test_two_titled_claims_sharing_an_abstract_stay_two_papers_in_one_run_or_two():
    together = EmbeddedStore(None)
    run(together, DOCS[3])
    apart = EmbeddedStore(None)
    run(apart, doc("s-4", "profile-feed", DOCS[3].papers[0]))
    run(apart, doc("s-5", "profile-feed", DOCS[3].papers[1]))
    assert len(papers(together)) == len(papers(apart)) == 2
