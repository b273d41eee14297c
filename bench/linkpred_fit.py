"""Fit the recommendation weights of graph/scoring.py on one link-prediction split, check them on another.

    python -m bench.linkpred --split 2021 --keep /tmp/me/lp2021    # ingests and keeps the train graph
    python -m bench.linkpred_fit --fit 2021:/tmp/me/lp2021/data --check 2022:/tmp/me/lp2022/data

In process, not over HTTP (the figures that count come from bench/linkpred.py): each split's
train graph is loaded as an EmbeddedStore, the queries and truth are bench/linkpred.py's, and
every query's candidates are gathered once with a wide pool, as the weight-free parts of
their terms (``features``), so that re-ranking them under other weights is arithmetic
(``fast_score`` mirrors graph/scoring.py's score; ties break by name here, by id there).
A coordinate search over a few values per weight maximises
hits@10 + MRR@10 on the fit split; the check split is scored with the result. Prints the
weights and both splits' figures, before (graph/scoring.py's WEIGHTS) and after.
"""

from __future__ import annotations

import argparse
import math
import pickle
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

from bench.linkpred import CORPUS, corpus_files, key_of, pick_queries, score, split_graphs
from graph import scoring
from graph.embedded.reads_base import record
from graph.embedded.reads_graph import bridges, bridges_through, is_field, ties, two_hop
from graph.embedded.store import EmbeddedStore
from graph.ranking import recent_papers, specific
from graph.scoring import WEIGHTS, Person, Weights

GRID = {
    "coauthor": [1.0, 2.0, 4.0, 8.0, 16.0], "tie": [0.0, 1.0, 2.0, 3.0, 5.0], "tie_years": [1.0, 2.0, 3.0, 6.0],
    "topic": [0.0, 0.1, 0.25, 0.5, 1.0], "topic_papers": [100.0, 1000.0, 10000.0],
    "institution": [0.0, 0.25, 0.5, 1.0, 2.0], "activity": [0.0, 0.25, 0.5, 1.0], "active_years": [1, 2, 3],
    "hub_works": [25.0, 50.0, 100.0, 200.0],
}


WIDE_POOL = 200  # two-hop candidates gathered, so that they hardly depend on the weights tried


def split_queries(spec: str, n: int, seed: int) -> tuple:
    """The train and test co-author graphs of a 'T:data_dir' split and its ``n`` seeded queries."""
    train, test = split_graphs(corpus_files(CORPUS), int(spec.split(":", 1)[0]))
    return train, test, pick_queries(train, test, n, seed)


def gather(spec: str, n: int, seed: int) -> tuple[dict, list]:
    """Queries and, per query, (key, candidate names, features) of one 'T:data_dir' split;
    cached beside the data dir (loading a snapshot takes minutes on a busy machine). Prints the
    pool recall: the queries with a true person among the service's candidates, the wide pool's,
    and every two-hop person's (before any ranking)."""
    t, data = spec.split(":", 1)
    cache = Path(data).parent / f"fit-{n}-{seed}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    _train, _test, queries = split_queries(spec, n, seed)
    store = EmbeddedStore(Path(data))
    rows, reach = [], Counter()
    for a in queries:
        if f"researcher:{a}" not in store.graph:
            continue
        reach["service pool"] += any(key_of(c.name) in queries[a] for c in store._recommendation_rows(
            a, None, None, False)[1])
        scoring.POOL_TWO_HOP, service_pool = WIDE_POOL, scoring.POOL_TWO_HOP
        center, cands, _, sizes = store._recommendation_rows(a, None, None, False)
        scoring.POOL_TWO_HOP = service_pool
        reach[f"{WIDE_POOL}-path pool"] += any(key_of(c.name) in queries[a] for c in cands)
        reach["two-hop"] += two_hop_reach(store, a, queries[a])
        fields = [x for x in center.topics if is_field(store.graph, f"topic:{x}")]
        sizes = specific(sizes, store._indexes().stats[0]["Paper"], fields=fields)
        rows.append((a, [(key_of(c.name), features(center, c, sizes)) for c in cands if c.id != a]))
    print(f"T = {t}: {len(rows)} of {len(queries)} queries found; a true person among the candidates: "
          + ", ".join(f"{k} {v / len(queries):.2f}" for k, v in reach.items()), flush=True)
    cache.write_bytes(pickle.dumps((queries, rows)))
    return queries, rows


def two_hop_reach(store: EmbeddedStore, a: str, truth: set[str]) -> bool:
    """Whether a true person co-authored with one of the query's first scoring.BRIDGES co-authors."""
    g, rk = store.graph, f"researcher:{a}"
    hops = two_hop(g, rk, bridges(ties(g, rk)), lambda z: bridges_through(g, z, store._indexes().paper_row))
    return any(key_of(record(g, f"researcher:{c}").name) in truth for c in hops)


def features(center: Person, cand: Person, sizes: dict) -> tuple:
    """The weight-free parts of score_candidate's terms (mirrored by fast_score)."""
    paths = []
    for z, b in cand.bridges.items():
        mine = center.ties.get(z)
        if b.degree >= 2 and mine is not None:
            years = (mine.last_year, b.tie.last_year, center.last_year)
            age = 0 if None in years else max(0, center.last_year - min(mine.last_year, b.tie.last_year))
            paths.append((math.log(b.degree), max(1, min(mine.papers, b.tie.papers)), age))
    topics = [(min(center.topics[t] / max(center.works, 1), cand.topics[t] / max(cand.works, 1)),
               max(sizes.get(t, 1), 1)) for t in sizes.keys() & cand.topics.keys()]
    insts = len(center.institutions & cand.institutions)
    ref = center.last_year
    recent = {y: recent_papers(cand, ref, y) if ref is not None else 0 for y in GRID["active_years"]}
    return paths, topics, insts, recent, cand.works, ref


def fast_score(f: tuple, w: Weights) -> float:
    paths, topics, insts, recent, works, _ = f
    if not (paths or topics or insts):
        return -1.0
    s = sum(w.coauthor / ld * (1 + w.tie * math.log(st)) * math.exp(-age / w.tie_years) for ld, st, age in paths)
    s += sum(w.topic * share * math.log(1 + w.topic_papers / n) for share, n in topics)
    s += w.institution * insts + w.activity * math.log(1 + recent[w.active_years])
    return s * min(1.0, w.hub_works / max(works, 1))


def evaluate(queries: dict, rows: list, w: Weights, k: int) -> dict[str, float]:
    lists = {}
    for a, cands in rows:
        scored = sorted(((-fast_score(f, w), name) for name, f in cands))
        lists[a] = [name for s, name in scored[:k] if s < 0]
    return score(lists, queries, k)


def objective(m: dict[str, float]) -> float:
    return m["hits"] + m["mrr"]


def search(queries: dict, rows: list, k: int, rounds: int) -> Weights:
    best = WEIGHTS
    best_value = objective(evaluate(queries, rows, best, k))
    for _ in range(rounds):
        for f in fields(Weights):
            for v in GRID.get(f.name, ()):  # broad_papers/broad_share choose the reasons, not fitted
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
    fit = gather(args.fit, args.queries, args.seed)
    fitted = search(*fit, args.k, args.rounds)
    splits = {"fit": fit} | ({"check": gather(args.check, args.queries, args.seed)} if args.check else {})
    for name, (queries, rows) in splits.items():
        for label, w in (("before", WEIGHTS), ("fitted", fitted)):
            m = evaluate(queries, rows, w, args.k)
            print(f"{name} {label}: " + ", ".join(f"{key} {v:.3f}" for key, v in m.items()))
    print(fitted)


if __name__ == "__main__":
    main()
