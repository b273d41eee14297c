"""Who is who: researcher identity from evidence (graph/identity.py through the merger)."""

from __future__ import annotations

import random

from graph.embedded.store import EmbeddedStore
from graph.merge import Merger
from graph.model import AuthorRef, ExtractedDocument, PaperClaim, Source


def author(name: str, pos: int, *keys: str, affiliations: tuple[str, ...] = ()) -> AuthorRef:
    return AuthorRef.of(name, pos, affiliations=list(affiliations)).model_copy(update={"keys": keys})


def paper(sid: str, n: int, *authors: AuthorRef, year: int = 2022) -> PaperClaim:
    return PaperClaim(source_id=sid, locator=f"record {n}", title=f"A Study Number {n} of Things in {sid}",
                      year=year, authors=list(authors))


def document(sid: str, *claims: PaperClaim, fmt: str = "paperlists", owner: str | None = None) -> ExtractedDocument:
    return ExtractedDocument(source=Source(id=sid, format=fmt, name=f"{sid}.json", content_sha256="0" * 64),
                             owner=owner, papers=list(claims))


def ingest(store: EmbeddedStore, docs: list[ExtractedDocument], batch: int = 100) -> Merger:
    merger = Merger(store)
    for i in range(0, len(docs), batch):
        store.upsert_batch(merger.merge(docs[i:i + batch]))
    store.upsert_batch(merger.finish())
    return merger


def authorship(store: EmbeddedStore) -> dict[tuple[str, int], str]:
    """(paper title, author position) -> researcher id: the people, as a caller sees them."""
    out = {}
    for p in store.get_papers(k.paper_id for k in store.list_paper_keys()):
        for a in p.authors:
            out[(p.title, a.position)] = a.researcher_id
    return out


def people(store: EmbeddedStore) -> dict[str, tuple]:
    ids = set(authorship(store).values())
    return {r.id: (r.name, tuple(r.variants), tuple(r.evidence)) for r in store.get_researchers(ids)}


def corpus() -> list[ExtractedDocument]:
    """Two Yang Lius (two OpenReview profiles, each with their own co-authors and institution),
    one of them also listed without an id; an uncommon name in two spellings; three sources."""
    return [
        document("s-a",
                 paper("s-a", 1, author("Yang Liu", 1, "openreview:~Yang_Liu3", affiliations=("tsinghua",)),
                       author("Maosong Sun", 2)),
                 paper("s-a", 2, author("Yang Liu", 1, "openreview:~Yang_Liu19", affiliations=("ucsc",)),
                       author("Xin Eric Wang", 2)),
                 paper("s-a", 3, author("AJAY JAISWAL", 1), author("Zhangyang Wang", 2))),
        document("s-b",
                 paper("s-b", 1, author("Yang Liu", 2), author("Maosong Sun", 1)),
                 paper("s-b", 2, author("Ajay Jaiswal", 1), author("Tianlong Chen", 2)),
                 paper("s-b", 3, author("Yang Liu", 1, "openreview:~Yang_Liu19"), author("Cihang Xie", 2))),
        document("s-c",
                 paper("s-c", 1, author("yang liu", 1), author("Someone Unrelated", 2)),
                 paper("s-c", 2, author("Łukasz Kaiser", 1), author("Noam Shazeer", 2))),
    ]


def test_ids_split_homonyms_and_evidence_joins_mentions():
    store = EmbeddedStore(None)
    ingest(store, corpus())
    who = authorship(store)
    tsinghua, ucsc = who[("A Study Number 1 of Things in s-a", 1)], who[("A Study Number 2 of Things in s-a", 1)]
    assert tsinghua != ucsc  # two profiles are two people, whatever the name says
    assert who[("A Study Number 3 of Things in s-b", 1)] == ucsc  # one profile is one person
    assert who[("A Study Number 1 of Things in s-b", 2)] == tsinghua  # no id, but the same co-author
    assert who[("A Study Number 1 of Things in s-c", 1)] not in {tsinghua, ucsc}  # too little evidence
    assert {tsinghua, ucsc} <= {"yang-liu", "yang-liu-3", "yang-liu-19", "yang-liu-2"}
    assert "yang-liu-19" in {tsinghua, ucsc} or "yang-liu-3" in {tsinghua, ucsc}
    ajay = {who[("A Study Number 3 of Things in s-a", 1)], who[("A Study Number 2 of Things in s-b", 1)]}
    assert ajay == {"ajay-jaiswal"}  # "AJAY JAISWAL" and "Ajay Jaiswal": one person
    (r,) = store.get_researchers(["ajay-jaiswal"])
    assert r.name == "Ajay Jaiswal" and r.variants == ["Ajay Jaiswal", "AJAY JAISWAL"]
    assert who[("A Study Number 2 of Things in s-c", 1)] == "lukasz-kaiser"


def test_a_researcher_says_why_its_mentions_are_one_person():
    store = EmbeddedStore(None)
    ingest(store, corpus())
    profile = store.get_researcher(authorship(store)[("A Study Number 2 of Things in s-a", 1)])
    assert "id openreview:~Yang_Liu19" in profile.identity
    assert profile.homonyms and profile.id not in profile.homonyms
    tsinghua = store.get_researcher(authorship(store)[("A Study Number 1 of Things in s-a", 1)])
    assert any(line.startswith("co-author maosong-sun") for line in tsinghua.identity)
    assert store.get_researcher("ajay-jaiswal").identity == ["same uncommon name (1)"]


def test_same_documents_in_any_order_and_any_runs_give_the_same_people():
    docs = corpus()
    reference = EmbeddedStore(None)
    ingest(reference, docs)
    expected = (authorship(reference), people(reference))
    for seed in range(4):
        shuffled = [d.model_copy(update={"papers": random.Random(seed).sample(d.papers, len(d.papers))})
                    for d in random.Random(seed).sample(docs, len(docs))]
        one_run = EmbeddedStore(None)
        ingest(one_run, shuffled, batch=1 + seed % 2)
        runs = EmbeddedStore(None)
        for d in shuffled:  # one run per document
            ingest(runs, [d])
        for store in (one_run, runs):
            assert (authorship(store), people(store)) == expected
            assert store.get_stats().nodes["Researcher"] == len(expected[1])  # no id left that no one holds


def test_an_id_no_one_keeps_is_removed():
    store = EmbeddedStore(None)
    ingest(store, [document("s-k", paper("s-k", 1, author("Yang Liu", 1, "openreview:~Yang_Liu3"),
                                         author("Maosong Sun", 2)))])
    # a second profile's papers outnumber the first: the bare slug moves, yang-liu-3 is taken
    ingest(store, [document("s-l", *(paper("s-l", i, author("Yang Liu", 1, "openreview:~Yang_Liu19"),
                                           author("Cihang Xie", 2)) for i in range(3)))])
    assert {a for a in authorship(store).values() if a.startswith("yang")} == {"yang-liu", "yang-liu-3"}
    assert store.get_stats().nodes["Researcher"] == 4


def test_reingesting_changes_nothing():
    store = EmbeddedStore(None)
    docs = corpus()
    ingest(store, docs)
    before = (authorship(store), people(store), store.get_stats())
    merger = ingest(store, docs)
    assert merger.stats.new == merger.stats.updated == 0
    assert (authorship(store), people(store), store.get_stats()) == before


def test_reingesting_writes_nothing_to_the_database(tmp_path):
    """Not one row: the database's commit number stays where the first ingest left it."""
    profile = document("s-p", paper("s-p", 1, author("Ada Kowalski", 1)), fmt="researcher-profile",
                       owner="Ada Kowalski")
    profile.source.reported = {"works": 36, "topics": 10}  # a profile's claimed figures touch its owner
    docs = [*corpus(), profile]
    store = EmbeddedStore(tmp_path)
    ingest(store, docs)
    store.flush()
    seq = store._db.seq()
    merger = Merger(store)
    for doc in docs:
        store.upsert_batch(merger.merge([doc]))
    finished = merger.finish()
    assert finished.researchers == [] and finished.papers == [] and finished.author_ids == {}
    store.upsert_batch(finished)
    store.flush()
    assert store._db.seq() == seq


def test_display_name_prefers_proper_case_then_frequency_in_any_order():
    spellings = ["brian ichter", "brian ichter", "Brian Ichter", "BRIAN ICHTER"]
    for seed in range(3):
        order = random.Random(seed).sample(spellings, len(spellings))
        store = EmbeddedStore(None)
        ingest(store, [document("s-x", *(paper("s-x", i, author(n, 1), author("Karol Hausman", 2))
                                         for i, n in enumerate(order)))])
        (r,) = store.get_researchers(["brian-ichter"])
        assert r.name == "Brian Ichter" and r.variants == ["Brian Ichter", "brian ichter", "BRIAN ICHTER"]


def test_names_in_other_scripts_get_readable_ids_and_are_found_by_their_ascii_form():
    store = EmbeddedStore(None)
    ingest(store, [document("s-y", paper("s-y", 1, author("Łukasz Kaiser", 1), author("Дмитрий Ветров", 2),
                                         author("王小明", 3)))])
    ids = set(authorship(store).values())
    assert ids == {"lukasz-kaiser", "dmitriy-vetrov", "wangxiaoming"}
    assert [r.name for r in store.search_researchers("lukasz", limit=5)] == ["Łukasz Kaiser"]


def test_a_middle_initial_joins_the_same_name_on_evidence_only():
    store = EmbeddedStore(None)
    ingest(store, [document("s-j", paper("s-j", 1, author("Justin F. Rousseau", 1), author("Ying Ding", 2)),
                            paper("s-j", 2, author("Justin Rousseau", 1), author("Ying Ding", 2)),
                            paper("s-j", 3, author("Justin K. Rousseau", 1), author("Ying Ding", 2)),
                            paper("s-j", 4, author("Hanna Wallach", 1)),
                            paper("s-j", 5, author("Hanna M. Wallach", 1)))])
    who = authorship(store)
    assert who[("A Study Number 1 of Things in s-j", 1)] == who[("A Study Number 2 of Things in s-j", 1)]
    assert who[("A Study Number 3 of Things in s-j", 1)] != who[("A Study Number 1 of Things in s-j", 1)]
    assert who[("A Study Number 4 of Things in s-j", 1)] != who[("A Study Number 5 of Things in s-j", 1)]


def test_two_sources_giving_one_author_two_profiles_keep_one():
    store = EmbeddedStore(None)
    first = paper("s-m", 1, author("Wei Wang", 1, "openreview:~Wei_Wang1"), author("Jie Tang", 2))
    ingest(store, [document("s-m", first),
                   document("s-n", PaperClaim(source_id="s-n", locator="record 1", year=2022,
                                              title="A Study Number 1 of Things in s-m",
                                              authors=[author("Wei Wang", 1, "openreview:~Wei_Wang5")]))])
    (p,) = store.get_papers(k.paper_id for k in store.list_paper_keys())
    assert [k for k in p.authors[0].keys if k.startswith("openreview:")] == ["openreview:~Wei_Wang1"]


def test_two_namesakes_on_one_paper_are_two_people():
    store = EmbeddedStore(None)
    ingest(store, [document("s-o", paper("s-o", 1, author("Minha Kim", 1, "openreview:~Minha_Kim1"),
                                         author("Minha Kim", 2, "openreview:~Minha_Kim2")))])
    (p,) = store.get_papers(k.paper_id for k in store.list_paper_keys())
    assert [a.keys for a in p.authors] == [("openreview:~Minha_Kim1",), ("openreview:~Minha_Kim2",)]
    assert len({a.researcher_id for a in p.authors}) == 2
