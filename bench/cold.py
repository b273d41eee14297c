"""Cold reads in process, on an embedded data directory: what a server's first request for a
researcher costs, and a digest of the answers to show that a change kept them.

    python -m bench.cold DATA_DIR                        # recommendations, 3 rounds
    python -m bench.cold DATA_DIR --route slice          # depth-2 slices of limit 200
    python -m bench.cold DATA_DIR --digest               # md5 of 1,200 researchers' answers

The store is opened and warmed as ``researchgraph serve`` does it (the server's GC thresholds,
``warm()``, then ``gc.freeze()``). Each round first resets the per-graph caches to what the
warm-up left, so every call is a researcher's first one. It then asks for each researcher of
the HTTP bench's sample (bench/run.py: 50 with at least 3 papers, seed 20261122). The report
gives each researcher's median over the rounds, the slowest first, and their sum. Over HTTP,
the slowest few of these set the route's p99: the response cache answers repeats.

``--digest`` hashes the JSON of recommendations (k = 10) and depth-2 slices for a seeded sample
of researchers. Equal digests before and after a change mean equal answers. Nothing here
asserts a time; docs/benchmarks.md records runs.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import statistics
import time
from pathlib import Path

from app.main import GC_THRESHOLDS, _warm
from bench.run import corpus_files, sample_researchers
from graph.embedded.db import db_path
from graph.embedded.store import EmbeddedStore
from graph.store import NotFound

SEED = 20261122
DIGEST_SEED = 7


def open_warm(data_dir: Path) -> EmbeddedStore:
    gc.set_threshold(*GC_THRESHOLDS)
    store = EmbeddedStore(data_dir)
    _warm(store)  # the server's own warm-up: warm(), then gc.freeze()
    return store


def ask(store: EmbeddedStore, route: str, researcher: str) -> object:
    if route == "recommendations":
        return store.list_recommendations(researcher, k=10)
    return store.get_slice(researcher, depth=2, limit=200, include=frozenset())


def cold_rounds(store: EmbeddedStore, route: str, people: list[str], rounds: int) -> dict[str, float]:
    """Researcher -> median ms of a first request over ``rounds`` rounds."""
    idx = store._indexes()
    warm_people, warm_rankings = dict(idx.person_cache), dict(idx.topic_cache)
    times: dict[str, list[float]] = {r: [] for r in people}
    for _ in range(rounds):
        idx.person_cache.clear()
        idx.person_cache.update(warm_people)
        idx.topic_cache.clear()
        idx.topic_cache.update(warm_rankings)
        for r in people:
            started = time.perf_counter()
            try:
                ask(store, route, r)
            except NotFound:  # a name the sample folds differently from the store's ids
                times.pop(r, None)
                continue
            times[r].append((time.perf_counter() - started) * 1000)
    return {r: statistics.median(ms) for r, ms in times.items() if ms}


def digest(store: EmbeddedStore, n: int) -> dict[str, str]:
    ids = sorted(k[len("researcher:"):] for k in store.graph if k.startswith("researcher:"))
    picked = random.Random(DIGEST_SEED).sample(ids, min(n, len(ids)))
    out = {}
    for route in ("recommendations", "slice"):
        h = hashlib.md5()
        for r in picked:
            answer = ask(store, route, r)
            dumped = [a.model_dump(mode="json") for a in answer] if isinstance(answer, list) \
                else answer.model_dump(mode="json")
            h.update(json.dumps(dumped, sort_keys=True).encode())
        out[route] = h.hexdigest()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path, help="an embedded data directory (RG_DATA_DIR of an ingest)")
    parser.add_argument("--route", choices=("recommendations", "slice"), default="recommendations")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--digest", action="store_true", help="print the md5 of the answers instead")
    parser.add_argument("--people", type=int, default=1200, help="researchers hashed by --digest")
    args = parser.parse_args(argv)
    if not db_path(args.data_dir).exists():
        parser.error(f"{args.data_dir}: no embedded database here (run `researchgraph ingest` with RG_DATA_DIR)")
    store = open_warm(args.data_dir)
    if args.digest:
        for route, md5 in digest(store, args.people).items():
            print(f"{route}: {md5}")
        return
    sample, _ = sample_researchers(corpus_files(None), 50, SEED)
    medians = cold_rounds(store, args.route, sample, args.rounds)
    slowest = sorted(medians.items(), key=lambda kv: -kv[1])
    print(f"{args.route}, cold, median of {args.rounds} rounds over {len(medians)} researchers (ms)")
    print("slowest 8: " + "  ".join(f"{r} {ms:.1f}" for r, ms in slowest[:8]))
    print(f"sum: {sum(medians.values()):.0f}")


if __name__ == "__main__":
    main()
