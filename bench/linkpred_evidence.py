"""Would new evidence beat the ranker? Candidate features the stores do not return yet, in process.

    python -m bench.linkpred --split 2022 --keep /tmp/me/lp2022     # ingests and keeps the train graph
    python -m bench.linkpred_evidence --split 2022:/tmp/me/lp2022/data --split 2021:/tmp/me/lp2021/data \\
        --queries 1000 --seed 7

Like bench/linkpred_fit.py: each split's train graph is loaded as an EmbeddedStore, the queries and
truth are bench/linkpred.py's, every query's candidates are the service's rows with a wide pool
(``linkpred_fit.features``), re-ranked under graph/scoring.py's WEIGHTS times one extra factor.
The extra evidence, each something a reason could state and a caller check against the graph:

* ``team`` -- common co-authors with whom both the centre and the candidate have a paper in the
  centre's last two years (the candidate writes with the centre's current group);
* ``venue`` -- shared venue series (a venue without its year: "ICLR"): the sum over series of the
  smaller of the two people's papers there, over the smaller of their works;
* ``open`` -- the candidate's new co-authors in the ``n`` years up to the centre's last year
  (people whose first paper with them is in that window): preferential attachment on new ties.

Prints hits@10 / MRR@10 of every variant on every split, and the same against Adamic–Adar on the
name graph (bench/linkpred.py). Results in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import math
import pickle
import re
from collections import Counter
from pathlib import Path

from bench.linkpred import baselines, key_of, score
from bench.linkpred_fit import WIDE_POOL, features, split_queries
from graph import scoring
from graph.embedded.reads_base import in_typed, out_typed, record
from graph.embedded.reads_graph import is_field
from graph.embedded.store import EmbeddedStore
from graph.scoring import WEIGHTS, Person

_YEAR = re.compile(r"\s*\d{4}$")
VARIANTS = {
    "current ranker": {},
    "team ^0.5": {"team": 0.5}, "team ^0.75": {"team": 0.75},
    "venue x(1 + 0.5 v)": {"venue": 0.5}, "venue x(1 + 1 v)": {"venue": 1.0},
    "open 1y ^0.1": {"open": (1, 0.1)}, "open 2y ^0.1": {"open": (2, 0.1)}, "open 2y ^0.25": {"open": (2, 0.25)},
    "open 3y ^0.25": {"open": (3, 0.25)},
}


def team_size(center: Person, cand: Person, years: int = 2) -> int:
    if center.last_year is None:
        return 0
    since = center.last_year - years + 1
    return sum(1 for z, (_, (_, last)) in cand.bridges.items()
               if last is not None and last >= since and (mine := center.ties.get(z)) is not None
               and mine.last_year is not None and mine.last_year >= since)


def venue_series(store: EmbeddedStore, rid: str) -> Counter:
    g, out = store.graph, Counter()
    for pk in out_typed(g, f"researcher:{rid}", "AUTHORED"):
        out.update({_YEAR.sub("", v) for v in record(g, pk).venues or ()})
    return out


def new_ties(store: EmbeddedStore, rid: str) -> Counter:
    """Year -> co-authors whose first shared paper is in that year."""
    g, rk, first = store.graph, f"researcher:{rid}", {}
    for pk in out_typed(g, rk, "AUTHORED"):
        if (year := record(g, pk).year) is not None:
            for ak in in_typed(g, pk, "AUTHORED"):
                if ak != rk:
                    first[ak] = min(first.get(ak, year), year)
    return Counter(first.values())


def evidence(store: EmbeddedStore, center: Person, cand: Person, mine: Counter, cache: dict) -> tuple:
    if cand.id not in cache:
        cache[cand.id] = (venue_series(store, cand.id), new_ties(store, cand.id))
    theirs, fresh = cache[cand.id]
    shared = sum(min(n, mine[s]) for s, n in theirs.items() if s in mine) / max(1, min(cand.works, center.works))
    ref = center.last_year
    opened = {n: sum(k for y, k in fresh.items() if ref is not None and ref - n < y <= ref) for n in (1, 2, 3)}
    return team_size(center, cand), shared, opened


def gather(spec: str, n: int, seed: int) -> tuple[dict, list, dict]:
    """Queries, per query (key, [(candidate key, features, evidence)]), and Adamic–Adar's figures;
    cached beside the data dir."""
    data = spec.split(":", 1)[1]
    cache_file = Path(data).parent / f"evidence-{n}-{seed}.pickle"
    if cache_file.exists():
        return pickle.loads(cache_file.read_bytes())
    train, _test, queries = split_queries(spec, n, seed)
    adamic_adar = baselines(train, 10, seed)["Adamic–Adar"]
    aa = score({a: adamic_adar(a) for a in queries}, queries, 10)
    store, rows, cache = EmbeddedStore(Path(data)), [], {}
    pool, scoring.POOL_TWO_HOP = scoring.POOL_TWO_HOP, WIDE_POOL
    try:
        for a in queries:
            if f"researcher:{a}" not in store.graph:
                continue
            center, cands, _, sizes = store._recommendation_rows(a, None, None, False)
            fields = [x for x in center.topics if is_field(store.graph, f"topic:{x}")]
            sizes = scoring.specific(sizes, store._indexes().stats[0]["Paper"], fields=fields)
            mine = venue_series(store, a)
            rows.append((a, [(key_of(c.name), features(center, c, sizes), evidence(store, center, c, mine, cache))
                             for c in cands if c.id != a]))
    finally:
        scoring.POOL_TWO_HOP = pool
    cache_file.write_bytes(pickle.dumps((queries, rows, aa)))
    return queries, rows, aa


def ranked(f: tuple, ev: tuple, extra: dict) -> float:
    """graph/scoring.py's score (as linkpred_fit.fast_score) times the variant's factor."""
    paths, topics, insts, recent, works, _ = f
    if not (paths or topics or insts):
        return -1.0
    w = WEIGHTS
    s = sum(w.coauthor / ld * (1 + w.tie * math.log(st)) * math.exp(-age / w.tie_years) for ld, st, age in paths)
    s += sum(w.topic * share * math.log(1 + w.topic_papers / n) for share, n in topics)
    s += w.institution * insts + w.activity * math.log(1 + recent[w.active_years])
    team, venue, opened = ev
    s *= (1 + team) ** extra.get("team", 0.0) * (1 + extra.get("venue", 0.0) * venue)
    if "open" in extra:
        years, power = extra["open"]
        s *= (1 + opened[years]) ** power
    return s * min(1.0, w.hub_works / max(works, 1))


def evaluate(queries: dict, rows: list, extra: dict) -> dict[str, float]:
    lists = {a: [c for s, c in sorted((-ranked(f, ev, extra), c) for c, f, ev in cands)[:10] if s < 0]
             for a, cands in rows}
    return score(lists, queries, 10)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--split", action="append", required=True, help="T:data_dir (repeat)")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    splits = {spec.split(":", 1)[0]: gather(spec, args.queries, args.seed) for spec in args.split}
    for t, (_, _, aa) in splits.items():
        print(f"T = {t}: Adamic–Adar hits@10 {aa['hits']:.3f}, MRR@10 {aa['mrr']:.3f}")
    for name, extra in VARIANTS.items():
        cells = []
        for t, (queries, rows, aa) in splits.items():
            m = evaluate(queries, rows, extra)
            cells.append(f"T = {t}: {m['hits']:.3f} / {m['mrr']:.3f} "
                         f"({m['hits'] / aa['hits'] - 1:+.0%} / {m['mrr'] / aa['mrr'] - 1:+.0%})")
        print(f"{name:22s} " + " | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
