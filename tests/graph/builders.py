"""A small hand-built research graph for the read-query tests.

``tiny_batch()`` describes it with graph.model records; ``tiny_store()`` loads it into a
store exposing the embedded reads. Until/unless graph/embedded/store.py is importable the
graph is laid out directly as graph/embedded/__init__.py documents.

    paper year  authors (in order)   topics (score)                       institutions
    p1    2020  ada, bob             nerf .9                              mit (ada, bob affiliated)
    p2    2021  ada, bob, cy         nerf .8, sparsity .5                 -
    p3    2022  ada, cy              sparsity .7                          -
    p4    2023  ada, dee             mixture-of-experts .6, sparsity .6   meta-ai (ada, dee affiliated)
    p5    -     ada, bob             -                                    -
    p6    2022  cy, eve              nerf .5                              -
    p7    2023  dee, eve, fay        sparsity .9                          -
    p8    2019  fay                  learning-to-optimize .8              mit (fay affiliated)
"""

from __future__ import annotations

import networkx as nx

from graph.embedded.reads import EmbeddedReads
from graph.ids import slugify
from graph.model import AuthorRef, Institution, Paper, Repository, RepositoryRef, Researcher, Topic, TopicLink
from graph.store import GraphBatch

NAMES = {"ada": "Adá Kowalski", "bob": "Bob Stone", "cy": "Cy Young", "dee": "Dee Adams",
         "eve": "Eve Ng", "fay": "Fay Li"}
ID = {k: slugify(v) for k, v in NAMES.items()}

TOPICS = [
    Topic(id="nerf", label="Neural Radiance Fields", acronyms=["NeRF"]),
    Topic(id="sparsity", label="Sparsity", aliases=["sparse networks"]),
    Topic(id="mixture-of-experts", label="Mixture of Experts", acronyms=["MoE"], parent="sparsity"),
    Topic(id="learning-to-optimize", label="Learning to Optimize", acronyms=["L2O"]),
]
INSTITUTIONS = [Institution(id="mit", name="Massachusetts Institute of Technology", aliases=["MIT"]),
                Institution(id="meta-ai", name="Meta AI")]
REPO = Repository(id="github.com/ada/radiance", host="github.com", owner="ada", name="radiance",
                  url="https://github.com/ada/radiance")

# id, year, authors, {topic: score}, affiliations {author: [inst]}
ROWS = [
    ("p1", 2020, ["ada", "bob"], {"nerf": 0.9}, {"ada": ["mit"], "bob": ["mit"]}),
    ("p2", 2021, ["ada", "bob", "cy"], {"nerf": 0.8, "sparsity": 0.5}, {}),
    ("p3", 2022, ["ada", "cy"], {"sparsity": 0.7}, {}),
    ("p4", 2023, ["ada", "dee"], {"mixture-of-experts": 0.6, "sparsity": 0.6},
     {"ada": ["meta-ai"], "dee": ["meta-ai"]}),
    ("p5", None, ["ada", "bob"], {}, {}),
    ("p6", 2022, ["cy", "eve"], {"nerf": 0.5}, {}),
    ("p7", 2023, ["dee", "eve", "fay"], {"sparsity": 0.9}, {}),
    ("p8", 2019, ["fay"], {"learning-to-optimize": 0.8}, {"fay": ["mit"]}),
]


def _paper(pid: str, year: int | None, authors: list[str], topics: dict[str, float],
           affs: dict[str, list[str]]) -> Paper:
    refs = [AuthorRef.of(NAMES[a], i + 1, affiliations=affs.get(a, [])) for i, a in enumerate(authors)]
    insts = sorted({i for v in affs.values() for i in v})
    return Paper(id=pid, title=f"Paper {pid} on {' and '.join(topics) or 'nothing'}", year=year,
                 authors=refs, topics=[TopicLink(topic_id=t, score=s) for t, s in topics.items()],
                 repositories=[RepositoryRef(repository=REPO)] if pid == "p1" else [],
                 has_code=pid == "p1", institutions=insts, sources=["s-tiny"])


def tiny_batch() -> GraphBatch:
    return GraphBatch(
        researchers=[Researcher(id=ID[k], name=v, variants=[v]) for k, v in NAMES.items()],
        papers=[_paper(*row) for row in ROWS], topics=TOPICS, institutions=INSTITUTIONS,
        repositories=[REPO])


class GraphOnly(EmbeddedReads):
    """The read mixin over a bare graph (no persistence)."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph


def _add(g: nx.DiGraph, kind: str, rec) -> str:
    k = f"{kind.lower()}:{rec.id}"
    g.add_node(k, type=kind, id=rec.id, record=rec)
    return k


def layout(batch: GraphBatch) -> nx.DiGraph:
    """The batch laid out as graph/embedded/__init__.py says (AFFILIATED_WITH from author refs)."""
    g = nx.DiGraph()
    for kind, recs in (("Researcher", batch.researchers), ("Topic", batch.topics),
                       ("Institution", batch.institutions), ("Repository", batch.repositories)):
        for rec in recs:
            _add(g, kind, rec)
    for t in batch.topics:
        if t.parent:
            g.add_edge(f"topic:{t.id}", f"topic:{t.parent}", type="SUBTOPIC_OF")
    aff: dict[tuple[str, str], list[int | None]] = {}
    for p in batch.papers:
        pk = _add(g, "Paper", p)
        for a in p.authors:
            g.add_edge(f"researcher:{a.researcher_id}", pk, type="AUTHORED", position=a.position,
                       evidence=a.evidence)
            for i in a.affiliations:
                aff.setdefault((a.researcher_id, i), []).append(p.year)
        for t in p.topics:
            g.add_edge(pk, f"topic:{t.topic_id}", type="HAS_TOPIC", score=t.score, evidence=t.evidence)
        for r in p.repositories:
            g.add_edge(pk, f"repository:{r.repository.id}", type="HAS_CODE", path=r.path)
        for i in p.institutions:
            g.add_edge(pk, f"institution:{i}", type="FROM_INSTITUTION")
    for (rid, iid), years in aff.items():
        known = [y for y in years if y is not None]
        g.add_edge(f"researcher:{rid}", f"institution:{iid}", type="AFFILIATED_WITH", papers=len(years),
                   first_year=min(known, default=None), last_year=max(known, default=None))
    return g


def tiny_store():
    """The tiny graph behind the embedded reads: C's EmbeddedStore when present, else a bare graph."""
    try:
        from graph.embedded.store import EmbeddedStore
    except ImportError:
        return GraphOnly(layout(tiny_batch()))
    store = EmbeddedStore(None)
    store.upsert_batch(tiny_batch())
    return store
