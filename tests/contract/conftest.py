"""One corpus, two stores: the contract suite runs every query on both and compares.

The corpus is written once per session per backend, in the same order on both:

1. the hand-built tiny graph of tests/graph/builders.py (a GraphBatch, no NLP involved);
2. the three seed documents (../shared/seeds), through ``app.ingest``;
3. a slice of the paper lists: every ``aistats/*`` file named in MANIFEST.json, in manifest
   order (5,074 papers) — chosen by rule, not by looking at the answers.

The embedded store is the reference: a test asks the same question of ``store`` (either
backend, and the embedded corpus read back from its data directory) and of ``reference`` and
requires identical answers, item by item.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.store import GraphStore

PAPERLIST_VENUE = "aistats/"


def paperlist_slice(paperlists_dir: Path) -> list[Path]:
    manifest = json.loads((paperlists_dir / "MANIFEST.json").read_text())
    return [paperlists_dir / f["path"] for f in manifest["files"] if f["path"].startswith(PAPERLIST_VENUE)]


@pytest.fixture(scope="session")
def contract_sources(seeds_dir: Path, paperlists_dir: Path) -> list[list[Path]]:
    """The ingest runs, in order: the seeds, then the paper-list slice."""
    seeds = sorted(p for p in seeds_dir.iterdir() if p.suffix == ".txt")
    return [seeds, paperlist_slice(paperlists_dir)]


@pytest.fixture(scope="session")
def topic_matcher():
    from nlp.topics import TopicMatcher

    return TopicMatcher.from_data()


def load_corpus(store: GraphStore, sources: list[list[Path]], matcher) -> None:
    from app.ingest import ingest
    from tests.graph.builders import tiny_batch

    store.upsert_batch(tiny_batch())
    for paths in sources:
        report = ingest(paths, store, matcher=matcher)
        assert not report.failed, [f.problems for f in report.files if f.failed]
    store.flush()


@pytest.fixture(scope="session")
def reference(contract_sources, topic_matcher) -> GraphStore:
    from graph.embedded.store import EmbeddedStore

    store = EmbeddedStore(None)
    load_corpus(store, contract_sources, topic_matcher)
    return store


@pytest.fixture(scope="session")
def neo4j_loaded(neo4j_store_factory, contract_sources, topic_matcher) -> GraphStore:
    store = neo4j_store_factory()
    load_corpus(store, contract_sources, topic_matcher)
    return store


@pytest.fixture(scope="session")
def embedded_reloaded(tmp_path_factory, contract_sources, topic_matcher) -> GraphStore:
    """The same corpus written to a data directory, then read back by a new store: the graph a
    server holds (slim papers, graph/embedded/slim.py; loaded in parts), not the one that wrote."""
    from graph.embedded.store import EmbeddedStore

    data = tmp_path_factory.mktemp("contract-embedded")
    writer = EmbeddedStore(data)
    load_corpus(writer, contract_sources, topic_matcher)
    writer.close()
    return EmbeddedStore(data)


@pytest.fixture(params=["embedded", "embedded-reloaded", "neo4j"])
def store(request, reference) -> GraphStore:
    if request.param == "embedded":
        return reference
    if request.param == "embedded-reloaded":
        return request.getfixturevalue("embedded_reloaded")
    return request.getfixturevalue("neo4j_loaded")
