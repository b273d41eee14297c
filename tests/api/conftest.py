"""API fixtures: settings from a clean environment, a small hand-built graph, a client on it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.model import AuthorRef, Institution, Paper, Repository, RepositoryRef, Researcher, Source, Topic, TopicLink
from graph.store import GraphBatch

API_KEY = "test-key-0123456789"
UPLOAD_LIMIT = 4096


def settings_from_env(**env: str) -> Settings:
    """Settings as the server would read them from exactly these variables."""
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(("RG_", "NEO4J_")):
                mp.delenv(name)
        for name, value in env.items():
            mp.setenv(name, value)
        return Settings()


PEOPLE = {"ada": "Ada Lovelace", "bob": "Bob Ross", "cy": "Cy Young", "dee": "Dee Dee Ramone", "eve": "Eve Online"}

# (paper key, year, authors, topics, institutions, repository) -- small enough to check by hand:
# ada wrote with bob twice (2021, 2022) and with cy twice (2022, 2023); dee is cy's co-author only.
PAPERS = [
    ("p1", 2021, ["ada", "bob"], ["sparsity"], ["meta-ai"], "github.com/ada/sparse"),
    ("p2", 2022, ["ada", "bob", "cy"], ["sparsity", "nerf"], [], None),
    ("p3", 2023, ["ada", "cy"], ["nerf"], ["meta-ai"], None),
    ("p4", 2023, ["cy", "dee"], ["sparsity", "nerf"], ["harvard"], "github.com/dee/fields"),
    ("p5", 2020, ["dee", "eve"], ["mixture-of-experts"], [], None),
]

TOPICS = [
    Topic(id="sparsity", label="Sparsity", aliases=["sparse training"]),
    Topic(id="nerf", label="Neural Radiance Fields", acronyms=["NeRF"]),
    Topic(id="mixture-of-experts", label="Mixture of Experts", acronyms=["MoE"]),
]
INSTITUTIONS = [Institution(id="meta-ai", name="Meta AI"), Institution(id="harvard", name="Harvard University")]


def _repository(rid: str) -> Repository:
    host, owner, name = rid.split("/")
    return Repository(id=rid, host=host, owner=owner, name=name, url=f"https://{rid}")


def small_batch() -> GraphBatch:
    source = Source(id="s-test", format="profile-feed", name="test.txt", content_sha256="0" * 64)
    papers, repos = [], []
    for key, year, authors, topics, insts, repo in PAPERS:
        refs = [AuthorRef(name=PEOPLE[a], researcher_id=slug(a), position=i + 1, affiliations=list(insts))
                for i, a in enumerate(authors)]
        repo_refs = []
        if repo:
            repos.append(_repository(repo))
            repo_refs = [RepositoryRef(repository=repos[-1])]
        papers.append(Paper(
            id=f"p-{key}", title=f"Paper {key} on {' and '.join(topics)}", year=year, authors=refs,
            topics=[TopicLink(topic_id=t, score=0.9, evidence=[t]) for t in topics],
            institutions=list(insts), repositories=repo_refs, has_code=repo is not None,
            sources=[source.id], venues=["TestConf"],
        ))
    researchers = [Researcher(id=slug(a), name=n, variants=[n], sources=[source.id]) for a, n in PEOPLE.items()]
    return GraphBatch(sources=[source], researchers=researchers, papers=papers, topics=TOPICS,
                      institutions=INSTITUTIONS, repositories=repos)


def slug(person: str) -> str:
    from graph.ids import slugify

    return slugify(PEOPLE[person])


class NoMatcher:
    """Stands in for the topic matcher where a test never ingests."""


@pytest.fixture
def small_store(tmp_path: Path):
    from graph.embedded.store import EmbeddedStore

    store = EmbeddedStore(None)
    store.upsert_batch(small_batch())
    yield store
    store.close()


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    return settings_from_env(RG_DATA_DIR=str(tmp_path / "data"), RG_API_KEY=API_KEY,
                             RG_MAX_UPLOAD_BYTES=str(UPLOAD_LIMIT), RG_CORS_ORIGINS="https://explorer.example")


@pytest.fixture
def client(api_settings: Settings, small_store) -> Iterator[TestClient]:
    app = create_app(api_settings, small_store, matcher=NoMatcher())
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


# -- the three seed documents, ingested once per session through the real CLI -----------------

SEED_OWNER = "Tianlong Chen"
AS_OF = "2025-06-30"


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("researchgraph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RG_", "NEO4J_"))}
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def seeded_dir(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An RG_DATA_DIR holding the seeds; the arXiv listing names no owner, so it gets --owner."""
    data_dir = tmp_path_factory.mktemp("seeded")
    env = _clean_env(RG_DATA_DIR=str(data_dir))
    files = sorted(seeds_dir.glob("*.txt"))
    named = [f for f in files if not f.name.startswith("001_")]
    listing = [f for f in files if f.name.startswith("001_")]
    for paths, extra in ((named, []), (listing, ["--owner", SEED_OWNER])):
        if not paths:
            continue
        cmd = [*_cli(), "ingest", *map(str, paths), "--as-of", AS_OF, *extra]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return data_dir


@pytest.fixture(scope="session")
def seeded_client(seeded_dir: Path) -> Iterator[TestClient]:
    settings = settings_from_env(RG_DATA_DIR=str(seeded_dir))
    with TestClient(create_app(settings, matcher=NoMatcher()), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def topic_matcher():
    from nlp.topics import TopicMatcher

    return TopicMatcher.from_data()


@pytest.fixture
def ingest_client(api_settings, topic_matcher):
    from app.bootstrap import build_store

    store = build_store(api_settings)
    with TestClient(create_app(api_settings, store, matcher=topic_matcher)) as c:
        yield c
    store.close()
