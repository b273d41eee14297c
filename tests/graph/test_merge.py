"""Identity and merging, on hand-built documents (no reader involved)."""

from __future__ import annotations

from graph.embedded.store import EmbeddedStore
from graph.merge import Merger
from graph.model import (
    AuthorRef,
    DatePrecision,
    ExtractedDocument,
    PaperClaim,
    Repository,
    RepositoryRef,
    Source,
    Topic,
    TopicLink,
)

ABSTRACT = ("Sparse mixture of experts layers route every token to a few experts, which keeps the "
            "compute per token small while the parameter count grows. We study how routing collapses "
            "during training and propose a dropout schedule that activates more experts over time, "
            "giving consistent gains on reasoning benchmarks at equal compute.")
OTHER_ABSTRACT = ("Neural radiance fields reconstruct scenes from posed images. We learn a generalisable "
                  "field from many scenes with a transformer that attends across views and rays, and it "
                  "renders novel views of unseen scenes without per-scene optimisation.")
THIRD_ABSTRACT = ("These proceedings collect the papers presented at the workshop, grouped by session, "
                  "with a foreword by the organisers and the list of programme committee members.")


def source(sid: str, fmt: str, **kw) -> Source:
    return Source(id=sid, format=fmt, name=f"{sid}.txt", content_sha256="0" * 64, **kw)


def doc(sid: str, fmt: str, *claims: PaperClaim, owner: str | None = None, **src) -> ExtractedDocument:
    return ExtractedDocument(source=source(sid, fmt, **src), owner=owner,
                             papers=[c.model_copy(update={"source_id": sid}) for c in claims])


def claim(**kw) -> PaperClaim:
    kw.setdefault("source_id", "unset")
    if "authors" in kw:
        kw["authors"] = [AuthorRef.of(n, i + 1) for i, n in enumerate(kw["authors"])]
    return PaperClaim(**kw)


def run(store: EmbeddedStore, *docs: ExtractedDocument, topics=None) -> Merger:
    merger = Merger(store, topics=topics)
    store.upsert_batch(merger.merge(list(docs)))
    store.upsert_batch(merger.finish())
    return merger


def papers(store: EmbeddedStore):
    return store.get_papers([k.paper_id for k in store.list_paper_keys()])


def test_arxiv_id_joins_a_titled_paper_and_a_title_less_listing():
    store = EmbeddedStore(None)
    run(store, doc("s-a", "paperlists", claim(title="Scaling Transformers with Random Experts", year=2023,
                                               arxiv_id="2303.01610", authors=["Ann Lee", "Bo Chen"])))
    run(store, doc("s-b", "arxiv-listing", claim(arxiv_id="2303.01610", abstract=ABSTRACT, venue="ICLR 2023")))
    (paper,) = papers(store)
    assert paper.title == "Scaling Transformers with Random Experts"
    assert paper.abstract == ABSTRACT and paper.venues == ["ICLR 2023"]
    assert paper.sources == ["s-a", "s-b"]
    assert paper.provenance["title"] == ["s-a"] and paper.provenance["abstract"] == ["s-b"]


def test_doi_matches_case_insensitively():
    store = EmbeddedStore(None)
    run(store, doc("s-a", "bibtex", claim(title="One Title About Pruning Networks", doi="10.1/ABC", year=2020)))
    run(store, doc("s-b", "openalex", claim(title="A Quite Different Rendering", doi="10.1/abc", year=2020)))
    assert len(papers(store)) == 1


def test_title_matches_only_with_a_compatible_year():
    store = EmbeddedStore(None)
    t = "Training Your Sparse Neural Network Better with Any Mask"
    run(store, doc("s-a", "profile-feed", claim(title=t, year=2022)),
        doc("s-b", "researcher-profile", claim(title=t.upper() + "!", year=2023)),
        doc("s-c", "paperlists", claim(title=t, year=2015)))
    years = sorted(p.year for p in papers(store))
    assert years == [2015, 2023]  # the profile outranks the feed (merge_fold precedence)
    assert len({p.id for p in papers(store)}) == 2


def test_generic_titles_stay_apart():
    store = EmbeddedStore(None)
    run(store, doc("s-a", "paperlists", claim(title="Preface", year=2020), claim(title="Introduction", year=2020)),
        doc("s-b", "paperlists", claim(title="Preface", year=2020)))
    assert len(papers(store)) == 3


def test_title_less_claim_matches_by_abstract_similarity():
    store = EmbeddedStore(None)
    run(store, doc("s-a", "profile-feed", claim(title="Random Experts as Dropout", abstract=ABSTRACT[:260]),
                   claim(title="Generalisable Radiance Fields", abstract=OTHER_ABSTRACT)))
    reworded = ABSTRACT.replace("We study", "In this work we study") + " Code is public."
    run(store, doc("s-b", "arxiv-listing", claim(arxiv_id="2303.01610", abstract=reworded)))
    by_title = {p.title: p for p in papers(store)}
    assert set(by_title) == {"Random Experts as Dropout", "Generalisable Radiance Fields"}
    assert by_title["Random Experts as Dropout"].arxiv_id == "2303.01610"
    assert by_title["Generalisable Radiance Fields"].arxiv_id is None


def test_unrelated_abstract_makes_a_new_paper():
    store = EmbeddedStore(None)
    run(store, doc("s-a", "profile-feed", claim(title="Random Experts as Dropout", abstract=ABSTRACT)))
    run(store, doc("s-b", "arxiv-listing", claim(arxiv_id="2201.00001", abstract=OTHER_ABSTRACT)))
    assert len(papers(store)) == 2


def test_same_paper_twice_in_one_batch_is_one_node():
    store = EmbeddedStore(None)
    run(store, doc("s-a", "profile-feed", claim(title="Random Experts as Dropout", abstract=ABSTRACT, year=2023)),
        doc("s-b", "arxiv-listing", claim(arxiv_id="2303.01610", abstract=ABSTRACT)),
        doc("s-c", "paperlists", claim(title="Random experts as dropout", arxiv_id="2303.01610", year=2023)))
    (paper,) = papers(store)
    assert paper.sources == ["s-a", "s-b", "s-c"]


def test_similar_names_are_different_people():
    store = EmbeddedStore(None)
    run(store, doc("s-a", "paperlists", claim(title="Sparse Training at Scale Works",
                                               authors=["Tianlong Chen", "Zhangyang Wang"]),
                   claim(title="Another Paper on Robust Optimisation",
                         authors=["Tianyi Chen", "Tianlong  Chen", "Zhangyang Wang"])))
    ids = {r.id for r in store.get_researchers(["tianlong-chen", "tianyi-chen"])}
    assert ids == {"tianlong-chen", "tianyi-chen"}
    (tianlong,) = store.get_researchers(["tianlong-chen"])
    assert tianlong.variants == ["Tianlong Chen"]  # spacing normalised before spellings are counted


def test_reingest_is_idempotent_and_newer_document_updates_in_place():
    store = EmbeddedStore(None)
    first = doc("s-a", "profile-feed", claim(title="Random Experts as Dropout", year=2023, authors=["Ann Lee"]))
    run(store, first)
    (before,) = papers(store)
    graph_before = (store.graph.number_of_nodes(), store.graph.number_of_edges())
    merger = run(store, first)
    assert (merger.last.new, merger.last.updated, merger.last.unchanged) == (0, 0, 1)
    assert papers(store) == [before]
    assert (store.graph.number_of_nodes(), store.graph.number_of_edges()) == graph_before
    newer = doc("s-a", "profile-feed", claim(title="Random Experts as Dropout", year=2023,
                                             authors=["Ann Lee", "Bo Chen"], venue="ICLR 2023"))
    merger = run(store, newer)
    (after,) = papers(store)
    assert merger.last.updated == 1 and after.id == before.id
    assert [a.name for a in after.authors] == ["Ann Lee", "Bo Chen"] and after.venues == ["ICLR 2023"]
    assert len(after.claims) == 1


def test_precedence_complete_authors_longest_abstract_structured_title():
    store = EmbeddedStore(None)
    feed = claim(title="random experts as dropout", year=2023, date="2023-03-03",
                 date_precision=DatePrecision.DAY, authors=["Ann Lee", "Bo Chen"], authors_complete=False,
                 abstract=ABSTRACT, topics=[TopicLink(topic_id="sparsity", score=0.4, evidence=["sparse"])])
    structured = claim(title="Random Experts as Dropout", year=2023, date_precision=DatePrecision.YEAR,
                       authors=["Ann Lee", "Bo Chen", "Cy Young"], abstract=ABSTRACT[:100], venue="ICLR 2023",
                       topics=[TopicLink(topic_id="sparsity", score=0.9, evidence=["sparsity"])])
    run(store, doc("s-feed", "profile-feed", feed), doc("s-pl", "paperlists", structured))
    (p,) = papers(store)
    assert p.title == "Random Experts as Dropout" and p.provenance["title"] == ["s-feed", "s-pl"]
    assert [a.name for a in p.authors] == ["Ann Lee", "Bo Chen", "Cy Young"] and p.authors_complete
    assert p.provenance["authors"] == ["s-pl"]
    assert p.abstract == ABSTRACT and p.provenance["abstract"] == ["s-feed"]
    assert (p.year, p.date, p.date_precision) == (2023, "2023-03-03", DatePrecision.DAY)
    assert [(t.topic_id, t.score) for t in p.topics] == [("sparsity", 0.9)]
    assert p.topics[0].evidence == ["sparsity", "sparse"]


def test_stated_year_beats_inferred_year():
    store = EmbeddedStore(None)
    inferred = claim(title="Random Experts as Dropout", year=2025, date="2025-05-27",
                     date_precision=DatePrecision.DAY, year_inferred=True)
    stated = claim(title="Random Experts as Dropout", year=2024, date_precision=DatePrecision.YEAR)
    run(store, doc("s-feed", "profile-feed", inferred), doc("s-prof", "researcher-profile", stated))
    (p,) = papers(store)
    assert (p.year, p.year_inferred, p.date_precision) == (2024, False, DatePrecision.YEAR)


def test_profile_owner_authors_every_paper_and_gets_reported_figures():
    store = EmbeddedStore(None)
    profile = doc("s-prof", "researcher-profile",
                  claim(title="Random Experts as Dropout", authors=["Ann Lee"], authors_complete=False),
                  claim(title="Generalisable Radiance Fields Everywhere"),
                  owner="Tianlong Chen", reported={"works": 36, "topics": 10})
    run(store, profile)
    for p in papers(store):
        owner = [a for a in p.authors if a.researcher_id == "tianlong-chen"]
        assert len(owner) == 1 and owner[0].evidence == "profile" and owner[0].position is None
    (r,) = store.get_researchers(["tianlong-chen"])
    assert {(f.name, f.value, f.source_id) for f in r.reported} == {("works", 36, "s-prof"), ("topics", 10, "s-prof")}
    run(store, profile.model_copy(update={"source": profile.source.model_copy(update={"reported": {"works": 37}})}))
    (r,) = store.get_researchers(["tianlong-chen"])
    assert [(f.name, f.value) for f in r.reported] == [("works", 37)]


def test_batch_carries_topics_repositories_and_sources():
    store = EmbeddedStore(None)
    repo = Repository(id="github.com/vita-group/tost", host="github.com", owner="vita-group", name="tost",
                      url="https://github.com/VITA-Group/ToST")
    taxonomy = [Topic(id="sparsity", label="Sparsity"), Topic(id="pruning", label="Pruning", parent="sparsity")]
    merger = Merger(store, topics=taxonomy)
    batch = merger.merge([doc("s-a", "profile-feed", claim(title="Training Sparse Networks Better",
                                                           repositories=[RepositoryRef(repository=repo)]))])
    assert [t.id for t in batch.topics] == ["sparsity", "pruning"]
    assert [r.id for r in batch.repositories] == ["github.com/vita-group/tost"]
    assert [(s.id, s.records) for s in batch.sources] == [("s-a", 1)]
    assert batch.papers[0].has_code


def test_listing_first_then_titled_feed_joins_by_abstract():
    store = EmbeddedStore(None)
    run(store, doc("s-b", "arxiv-listing", claim(arxiv_id="2303.01610", abstract=ABSTRACT),
                   claim(arxiv_id="2201.00001", abstract=OTHER_ABSTRACT)))
    run(store, doc("s-a", "profile-feed", claim(title="Random Experts as Dropout", abstract=ABSTRACT[:240])))
    by_arxiv = {p.arxiv_id: p for p in papers(store)}
    assert set(by_arxiv) == {"2303.01610", "2201.00001"}
    assert by_arxiv["2303.01610"].title == "Random Experts as Dropout"


def test_short_titles_merge_only_when_abstracts_agree():
    store = EmbeddedStore(None)
    run(store, doc("s-a", "profile-feed", claim(title="Optimizer Amalgamation", abstract=ABSTRACT),
                   claim(title="Preface", abstract=OTHER_ABSTRACT)),
        doc("s-b", "researcher-profile", claim(title="Optimizer Amalgamation", abstract=ABSTRACT, year=2022),
            claim(title="Preface", abstract=THIRD_ABSTRACT)))
    assert sorted(len(p.claims) for p in papers(store)) == [1, 1, 2]


def test_keyless_claims_find_themselves_again():
    store = EmbeddedStore(None)
    same = doc("s-a", "paperlists", claim(title="Preface", locator="record 1"),
               claim(title="Preface", locator="record 7"))
    run(store, same)
    merger = run(store, same)
    assert len(papers(store)) == 2 and merger.last.unchanged == 2


def test_claims_with_abstracts_too_short_to_compare_find_themselves_again():
    # proceedings prefaces: a generic title (no title key) and a one-line abstract, fewer
    # shingles than abstract matching needs; the id they mint must still lead back to them
    store = EmbeddedStore(None)
    listings = [doc("s-a", "paperlists", claim(title="Preface", abstract="Preface to ACML 2014", locator="record 13")),
                doc("s-b", "paperlists", claim(title="Preface", abstract="Preface to ACML 2014", locator="record 2"),
                    claim(title="Withdrawn", abstract="withdrawn", locator="record 5"))]
    run(store, *listings)
    before = sorted(p.id for p in papers(store))
    merger = run(store, *listings)
    assert sorted(p.id for p in papers(store)) == before
    assert merger.stats.new == 0 and merger.stats.unchanged == 3


def test_two_namesakes_on_one_paper_keep_their_own_ids_on_a_re_ingest():
    authors = [AuthorRef.of("Yuqing Wang", 1).model_copy(update={"keys": ("openreview:~Yuqing_Wang6",)}),
               AuthorRef.of("Lei Meng", 2),
               AuthorRef.of("Yuqing Wang", 3).model_copy(update={"keys": ("openreview:~Yuqing_Wang7",)})]
    listing = doc("s-a", "paperlists", claim(title="Event-level causal representation for video", abstract=ABSTRACT,
                                              locator="record 1").model_copy(update={"authors": authors}))
    store = EmbeddedStore(None)
    run(store, listing)
    [first] = papers(store)
    merger = run(store, listing)
    [again] = papers(store)
    assert len({a.researcher_id for a in first.authors}) == 3
    assert again == first and merger.stats.updated == 0 and merger.stats.unchanged == 1


def test_untitled_records_stay_apart_and_find_themselves_again():
    store = EmbeddedStore(None)
    listed = doc("s-a", "paperlists", claim(locator="record 0", year=2021), claim(locator="record 1", year=2021))
    other = doc("s-b", "paperlists", claim(locator="record 0", year=2021))
    run(store, listed, other)
    merger = run(store, listed, other)
    assert len(papers(store)) == 3 and merger.last.unchanged == 3


def test_institutions_accumulate_across_batches():
    from graph.model import Institution

    store = EmbeddedStore(None)
    full = Institution(id="onera", name="ONERA", aliases=["The French Aerospace Lab"], country="France")
    bare = Institution(id="onera", name="Onera lab", aliases=["ONERA Palaiseau"])
    run(store, doc("s-a", "paperlists", claim(title="Aerodynamic meshes for wings", institutions=[full])))
    run(store, doc("s-b", "paperlists", claim(title="Turbulence models in practice", institutions=[bare])))
    [kept] = store.get_institutions(["onera"])
    assert kept.name == "ONERA" and kept.country == "France"
    assert kept.aliases == ["The French Aerospace Lab", "Onera lab", "ONERA Palaiseau"]


def test_a_lone_claim_folds_as_the_general_fold_would():
    """graph/merge_fold.py folds a paper of one claim on a short path; it must give what the
    general rules give, including the cases where a claim repeats itself."""
    from graph.merge_fold import _fold_many, _fold_one

    repo = Repository(id="github.com/a/b", host="github.com", owner="a", name="b", url="https://github.com/a/b")
    other = Repository(id="github.com/c/d", host="github.com", owner="c", name="d", url="https://github.com/c/d")
    namesake = AuthorRef(name="Wei Wang", researcher_id="wei-wang", position=3, affiliations=["uiuc"],
                         keys=("openreview:~Wei_Wang2",))
    lone = [
        claim(title="Sparse Experts", abstract=ABSTRACT, year=2021, date="2021-05-01",
              date_precision=DatePrecision.DAY, venue="ICLR", status="poster", links=["u1", "u1", "u2"],
              authors=["Ada Kowalski", "Wei Wang"], has_code=True,
              repositories=[RepositoryRef(repository=repo), RepositoryRef(repository=other),
                            RepositoryRef(repository=repo), RepositoryRef(repository=repo, path="src")],
              topics=[TopicLink(topic_id="sparsity", score=0.6, evidence=["sparse", "sparse"]),
                      TopicLink(topic_id="mixture-of-experts", score=0.9, evidence=["experts"]),
                      TopicLink(topic_id="sparsity", score=0.8, evidence=["pruning"])]),
        claim(title="", abstract="", year=None, date="2020", topics=[
            TopicLink(topic_id="nerf", score=0.7, evidence=["radiance field"])]),
        claim(arxiv_id="2101.00001", doi="10.1/X", year=2020, year_inferred=True, authors_complete=False),
    ]
    lone[0].authors.append(namesake)  # a namesake listed twice: their affiliations and ids are one list
    lone.append(lone[0].model_copy(update={"authors": [
        AuthorRef(name="Ada Kowalski", researcher_id="ada-kowalski", position=None, evidence="profile",
                  affiliations=["mit", "mit"], keys=("profile:s-1", "profile:s-1"))]}))
    for c in lone:
        c = c.model_copy(update={"source_id": "s-1"})
        assert _fold_one("p-1", c).model_dump_json() == _fold_many("p-1", [c], {"s-1": "bibtex"}).model_dump_json()


def test_the_abstract_index_finds_every_paper_of_each_hash_across_its_sorted_runs(monkeypatch):
    import random

    from graph.merge import _AbstractIndex, shingles, sketch

    monkeypatch.setattr(_AbstractIndex, "SORT_IN", 3 * 24)  # a run every three abstracts
    rng = random.Random(5)
    words = [f"w{i}" for i in range(60)]  # few words: many hashes are shared between papers
    index, truth = _AbstractIndex(), {}
    for n in range(202):
        pid = f"p-{n % 150}"  # some papers get a second abstract
        text = " ".join(rng.choice(words) for _ in range(30))
        index.add(pid, sketch(shingles(text)))
        for h in sketch(shingles(text)):
            truth.setdefault(h, set()).add(pid)
        if n % 37 == 36:  # a lookup between additions sees the pairs not sorted in yet
            assert len(index._recent) > 0
            assert all(index._papers(h) == pids for h, pids in truth.items())
    assert len(index._runs) > 1 and index._recent  # merged runs, and pairs not yet sorted in
    assert all(index._papers(h) == pids for h, pids in truth.items())
    assert index._papers(max(truth) + 1) == set()
