"""Identity benchmark: B³ precision / recall / F1 of researcher nodes against OpenReview profiles.

    .venv/bin/python -m bench.identity [--corpus ../shared/data/paperlists] [--files N]

The paper lists carry OpenReview profile ids (``~Yang_Liu3``) for many authors; they are the
truth. Each mode reads the corpus with the product's paperlists reader and merges it with the
product's merger (graph/merge.py, graph/identity.py) into a fresh in-memory embedded store:

* ``hidden``: every author id (OpenReview, IEEE, ACL, e-mail) is removed from the input, so
  the people are decided from names, co-authors, affiliations and the name prior alone;
* ``visible``: the ids are given, as in a real ingest;
* ``name-only``: the rule before identity-from-evidence (one node per name block), for scale.

A *mention* is one author slot of a stored paper whose listing named a profile id. B³ is
averaged over those mentions, overall and on *shared names* (name blocks holding mentions of
two or more profiles). ``split`` counts profiles spread over several nodes, ``merged`` nodes
holding several profiles. Tests never run this; docs/benchmarks.md records its output.
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections import Counter
from pathlib import Path

from graph.embedded.store import EmbeddedStore
from graph.identity import block_key
from graph.merge import Merger
from graph.model import ExtractedDocument, Format, Source
from nlp.readers.base import ReadOptions
from nlp.readers.paperlists import READER

BATCH_CLAIMS = 5_000  # as app/ingest.py
Truth = dict[tuple[str, str, str, int], str]  # (source, record, name block, its n-th slot on the record) -> profile


def read_corpus(root: Path, files: int | None, hide: bool) -> tuple[list[ExtractedDocument], Truth]:
    truth: Truth = {}
    docs = []
    for path in sorted(root.rglob("*.json.gz"))[:files]:
        name = str(path.relative_to(root))
        src = Source(id=f"s-{name}", format=Format.PAPERLISTS, name=name, content_sha256="0" * 64)
        doc = READER.read(gzip.decompress(path.read_bytes()).decode("utf-8"), source=src, options=ReadOptions())
        for claim in doc.papers:
            seen: Counter[str] = Counter()
            for a in claim.authors:
                block = block_key(a.name)
                profile = next((k for k in a.keys if k.startswith("openreview:")), None)
                if profile:  # two namesakes on one record ("Minha Kim" twice) are two slots
                    truth[(src.id, claim.locator, block, seen[block])] = profile
                seen[block] += 1
            if hide:
                claim.authors = [a.model_copy(update={"keys": ()}) for a in claim.authors]
        docs.append(doc)
    return docs, truth


def ingest(docs: list[ExtractedDocument]) -> tuple[EmbeddedStore, float]:
    store = EmbeddedStore(None)
    merger = Merger(store)
    started = time.perf_counter()
    pending: list[ExtractedDocument] = []
    for doc in docs:
        pending.append(doc)
        if sum(len(d.papers) for d in pending) >= BATCH_CLAIMS:
            store.upsert_batch(merger.merge(pending))
            pending = []
    if pending:
        store.upsert_batch(merger.merge(pending))
    store.upsert_batch(merger.finish())
    return store, time.perf_counter() - started


def mentions(store: EmbeddedStore, truth: Truth, name_only: bool) -> list[tuple[str, str, str]]:
    """(predicted node, profile, name block) of every stored author slot with a known profile."""
    out = []
    for paper in store.get_papers(k.paper_id for k in store.list_paper_keys()):
        seen: Counter[str] = Counter()
        for a in paper.authors:
            block = block_key(a.name)
            profile = next((truth[k] for c in paper.claims
                            if (k := (c.source_id, c.locator, block, seen[block])) in truth), None)
            seen[block] += 1
            if profile:
                out.append((block if name_only else a.researcher_id, profile, block))
    return out


def b3(rows: list[tuple[str, str, str]]) -> dict[str, float]:
    pred, gold = Counter(r[0] for r in rows), Counter(r[1] for r in rows)
    both = Counter((r[0], r[1]) for r in rows)
    p = sum(both[(r[0], r[1])] / pred[r[0]] for r in rows) / len(rows)
    r = sum(both[(x[0], x[1])] / gold[x[1]] for x in rows) / len(rows)
    nodes_of: dict[str, set[str]] = {}
    profiles_of: dict[str, set[str]] = {}
    for node, profile, _ in rows:
        nodes_of.setdefault(profile, set()).add(node)
        profiles_of.setdefault(node, set()).add(profile)
    return {"mentions": len(rows), "P": p, "R": r, "F1": 2 * p * r / (p + r),
            "split": sum(len(v) > 1 for v in nodes_of.values()),
            "merged": sum(len(v) > 1 for v in profiles_of.values())}


def score(rows: list[tuple[str, str, str]]) -> dict[str, dict[str, float]]:
    profiles: dict[str, set[str]] = {}
    for _, profile, block in rows:
        profiles.setdefault(block, set()).add(profile)
    shared = [r for r in rows if len(profiles[r[2]]) > 1]
    return {"overall": b3(rows), "shared names": b3(shared)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/paperlists")
    ap.add_argument("--files", type=int, default=None)
    ap.add_argument("--modes", default="hidden,visible,name-only")
    args = ap.parse_args(argv)
    print("| mode | mentions | scope | P | R | F1 | profiles split | nodes with several profiles | merge s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for mode in args.modes.split(","):
        docs, truth = read_corpus(args.corpus, args.files, hide=mode != "visible")
        store, seconds = ingest(docs)
        for scope, s in score(mentions(store, truth, mode == "name-only")).items():
            print(f"| {mode} | {s['mentions']:,} | {scope} | {s['P']:.4f} | {s['R']:.4f} | {s['F1']:.4f} "
                  f"| {s['split']:,} | {s['merged']:,} | {seconds:.1f} |", flush=True)
        del docs, store


if __name__ == "__main__":
    main()
