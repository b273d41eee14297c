"""Fit the recommendation weights of graph/scoring.py on one link-prediction split, check them on another.

    python -m bench.linkpred --split 2021 --keep /tmp/me/lp2021    # ingests and keeps the train graph
    python -m bench.linkpred_fit --fit 2021:/tmp/me/lp2021/data --check 2022:/tmp/me/lp2022/data

In process, not over HTTP (the figures that count come from bench/linkpred.py): each split's
train graph is loaded as an EmbeddedStore, the queries and truth are bench/linkpred.py's, and
every query's candidate rows are gathered once with a wide pool so that re-ranking them under
other weights is pure arithmetic. A coordinate search over a few values per weight maximises
hits@10 + MRR@10 on the fit split; the check split is scored with the result. Prints the
weights and both splits' figures, before (graph/scoring.py's WEIGHTS) and after.
"""

from __future__ import annotations

import argparse
from dataclasses import fields, replace
from pathlib import Path

from bench.linkpred import CORPUS, corpus_files, key_of, pick_queries, score, split_graphs
from graph import scoring
from graph.embedded.store import EmbeddedStore
from graph.scoring import WEIGHTS, Weights, rank_recommendations

GRID = {
    "coauthor": [0.5, 1.0, 2.0, 4.0], "tie": [0.0, 0.5, 1.0, 2.0], "tie_years": [1.0, 2.0, 3.0, 6.0, 100.0],
    "topic": [0.0, 0.1, 0.25, 0.5, 1.0], "topic_papers": [100.0, 1000.0, 10000.0],
    "institution": [0.0, 0.25, 0.5, 1.0], "activity": [0.0, 0.25, 0.5, 1.0, 2.0], "active_years": [1, 2, 3],
    "hub_works": [50.0, 100.0, 200.0, 10000.0],
}


def gather(spec: str, n: int, seed: int, k: int) -> tuple[dict, list]:
    """Queries and, per query, (key, centre, candidates, labels, sizes) of one 'T:data_dir' split."""
    t, data = spec.split(":", 1)
    train, test = split_graphs(corpus_files(CORPUS), int(t))
    queries = pick_queries(train, test, n, seed)
    store = EmbeddedStore(Path(data))
    scoring.POOL_TWO_HOP = 200  # wide, so the candidates hardly depend on the weights being tried
    rows = []
    for a in queries:
        if f"researcher:{a}" in store.graph:
            rows.append((a, *store._recommendation_rows(a, None, None, False)))
    print(f"T = {t}: {len(rows)} of {len(queries)} queries found", flush=True)
    return queries, rows


def evaluate(queries: dict, rows: list, w: Weights, k: int) -> dict[str, float]:
    lists = {a: [key_of(r.name) for r in rank_recommendations(center, cands, labels, sizes, k=k, weights=w)]
             for a, center, cands, labels, sizes in rows}
    return score(lists, queries, k)


def objective(m: dict[str, float]) -> float:
    return m["hits"] + m["mrr"]


def search(queries: dict, rows: list, k: int, rounds: int) -> Weights:
    best = WEIGHTS
    best_value = objective(evaluate(queries, rows, best, k))
    for _ in range(rounds):
        for f in fields(Weights):
            for v in GRID[f.name]:
                trial = replace(best, **{f.name: v})
                value = objective(evaluate(queries, rows, trial, k))
                if value > best_value + 1e-9:
                    best, best_value = trial, value
        print(f"  {best} -> {best_value:.4f}", flush=True)
    return best


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--fit", required=True, help="T:data_dir of the split to fit on")
    ap.add_argument("--check", help="T:data_dir of the split to check on")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    fit = gather(args.fit, args.queries, args.seed, args.k)
    fitted = search(*fit, args.k, args.rounds)
    splits = {"fit": fit} | ({"check": gather(args.check, args.queries, args.seed, args.k)} if args.check else {})
    for name, (queries, rows) in splits.items():
        for label, w in (("before", WEIGHTS), ("fitted", fitted)):
            m = evaluate(queries, rows, w, args.k)
            print(f"{name} {label}: " + ", ".join(f"{key} {v:.3f}" for key, v in m.items()))
    print(fitted)


if __name__ == "__main__":
    main()
