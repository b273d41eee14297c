"""Identity on the real corpus files and seeds, read in place."""

from __future__ import annotations

import gzip
import re

import pytest

from app.ingest import ingest
from graph.embedded.store import EmbeddedStore
from graph.identity import block_key
from graph.merge import Merger
from graph.model import Format, Source
from nlp.readers.base import ReadOptions
from nlp.readers.paperlists import READER

pytestmark = pytest.mark.corpus

# What the issue found as researchers and institutions, by kind, checked independently of the
# readers' own rules.
NOT_A_PERSON = re.compile(r"@|[{}]|\d|\bauthors?\b|put all your|separated by commas|\bprimary\b", re.IGNORECASE)
NOT_AN_INSTITUTION = re.compile(r"\S@\S*\.|@\S+ \.|not provided|affiliation|institution name|^\W*$", re.IGNORECASE)


def read(path, rel: str):
    src = Source(id=f"s-{rel}", format=Format.PAPERLISTS, name=rel, content_sha256="0" * 64)
    return READER.read(gzip.decompress(path.read_bytes()).decode("utf-8"), source=src, options=ReadOptions())


def test_no_author_or_institution_of_the_corpus_is_a_placeholder_an_address_or_an_empty_id(paperlists_dir):
    bad_people, bad_places, people = set(), set(), 0
    for path in sorted(paperlists_dir.rglob("*.json.gz")):
        for claim in read(path, str(path.relative_to(paperlists_dir))).papers:
            for a in claim.authors:
                people += 1
                if not a.researcher_id or NOT_A_PERSON.search(a.name):
                    bad_people.add(a.name)
            for inst in claim.institutions:
                if not inst.id or NOT_AN_INSTITUTION.search(inst.name):
                    bad_places.add(inst.name)
    assert people > 600_000
    assert not bad_people and not bad_places, (sorted(bad_people)[:20], sorted(bad_places)[:20])


def test_the_file_with_placeholders_and_joined_names_stores_only_people(paperlists_dir, tmp_path):
    store = EmbeddedStore(None)
    report = ingest([paperlists_dir / "iclr" / "iclr2022.json.gz"], store)
    assert report.totals.warnings.get("not-a-person", 0) >= 2  # dropped and counted
    ids = [r.id for r in store.search_researchers("", limit=100_000)]
    names = {r.id: r.name for r in store.get_researchers(ids)}
    assert all(i and not NOT_A_PERSON.search(n) for i, n in names.items())
    svetha = [i for i in ids if block_key(names[i]) == "svetha-venkatesh"]
    assert svetha == ["svetha-venkatesh"]  # "Bao Ho 3 and Svetha Venkatesh" was split, not a third node
    assert "bao-ho" in names


def test_tianlong_chen_is_one_person_across_seeds_and_corpus_with_his_own_institutions(seeds_dir, paperlists_dir):
    store = EmbeddedStore(None)
    assert not ingest([seeds_dir], store).failed
    merger = Merger(store)
    mentions = 0
    for path in sorted(paperlists_dir.rglob("*.json.gz")):
        if b"Tianlong Chen" not in gzip.decompress(path.read_bytes()):
            continue
        doc = read(path, str(path.relative_to(paperlists_dir)))
        doc.papers = [c for c in doc.papers if any(block_key(a.name) == "tianlong-chen" for a in c.authors)]
        mentions += len(doc.papers)
        store.upsert_batch(merger.merge([doc]))
    store.upsert_batch(merger.finish())
    assert mentions > 80
    ids = {a.researcher_id for p in store.get_papers(k.paper_id for k in store.list_paper_keys())
           for a in p.authors if block_key(a.name) == "tianlong-chen"}
    assert ids == {"tianlong-chen"}
    profile = store.get_researcher("tianlong-chen")
    places = {i.id for i in store.list_researcher_institutions("tianlong-chen", limit=50)}
    assert {"tamu", "ut-austin", "harvard", "unc"} <= places
    assert not places & {"meta-ai", "ibm-research"}  # the feed's paper tags, nothing ties him to them
    assert "id openreview:~Tianlong_Chen1" in profile.identity
    assert profile.works > 71  # the seeds hold 71 of his papers; the corpus adds the others


def test_identity_decided_in_two_processes_gives_the_graph_of_one(paperlists_dir, seeds_dir, monkeypatch):
    """A corpus run decides half the name-block groups in a forked child (graph/fork.py)."""
    import sys

    import graph.fork

    if not sys.platform.startswith("linux"):
        pytest.skip("identity's decision forks on Linux only")
    files = [paperlists_dir / "aistats" / f"aistats{y}.json.gz" for y in (2016, 2017)] + [seeds_dir]
    one, two = EmbeddedStore(None), EmbeddedStore(None)
    ingest(files, one)
    forks = []
    real_fork = graph.fork.os.fork
    monkeypatch.setattr(graph.fork, "MIN_WEIGHT", 0)
    monkeypatch.setattr(graph.fork.os, "fork", lambda: forks.append(1) or real_fork())
    ingest(files, two)
    assert forks, "the decision was not split"
    ids = sorted(k.paper_id for k in one.list_paper_keys())
    assert [p.model_dump() for p in one.get_papers(ids)] == [p.model_dump() for p in two.get_papers(ids)]
    people = sorted({a.researcher_id for p in one.get_papers(ids) for a in p.authors})
    assert len(people) > 500 and any(r[-2:] == "-2" for r in people)  # homonyms were told apart
    assert one.get_researchers(people) == two.get_researchers(people) and one.get_stats() == two.get_stats()
