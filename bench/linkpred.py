"""Link-prediction benchmark: do the recommendations name people who really became co-authors?

    python -m bench.linkpred --split 2022               # train <= 2022, test > 2022
    python -m bench.linkpred --split 2021 --queries 300 --seed 7 --keep /tmp/me/lp2021
    python -m bench.linkpred --split 2022 --keep /tmp/me/lp2022 --code /tmp/me/old   # an older ranker

The method of Liben-Nowell & Kleinberg. The paper lists (one file per venue and year; the
year is in the file name, as the reader takes it) are split: files of years <= T are copied
to a temporary folder outside the repository and ingested with the real CLI into a temporary
RG_DATA_DIR (``--keep DIR`` keeps both and reuses them on the next run), then served on a free
loopback port. Queries: a seeded sample of people with >= 3 train papers who publish after T
and gain at least one new co-author there. Truth: the people they wrote with after T and not
up to T, among the people of the train graph. The service answers
``GET /v1/researchers/{id}/recommendations?k=K`` over HTTP; the baselines (common neighbours,
Adamic–Adar, preferential attachment, random) are computed here on the train co-author graph.

People are matched by name, not by id: the benchmark's own graph is keyed by the id the
paperlists reader gives a name before identity resolution (``split_names``), and every name
the service returns is keyed the same way. So a name is one person here (homonyms merged);
when the service splits a name into several people, the query takes the one with the most
works (found with ``GET /v1/researchers?q=``) and every recommended person counts under their
name. Figures: hits@K (a query with >= 1 true person in its top K), precision@K, recall@K and
MRR@K (1 / rank of the first true person, 0 if none in the top K), means over the queries;
the recommendation latency over loopback (p50/p99, one client); diagnostics: recommended
people with over 200 train papers, recommended names that are no person (``person_names`` finds
none: a placeholder), and topic reasons naming ``machine-learning`` (the fallback topic) or any
field (a taxonomy topic without a parent).

Because the service resolves identities and the benchmark does not, the figures are given twice:
over every query, and over the *one-person* queries, whose service profile holds 90-110% of the
name's train papers (the name is neither split among namesakes by the service nor a merge of
name variants there), where the service and the baselines see the same neighbourhood.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.servers import free_port, start_api
from nlp.readers.paperlists import split_names, venue_of
from nlp.text import person_names
from nlp.topics import taxonomy_topics

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("RG_SHARED_DIR", REPO.parent / "shared")) / "data" / "paperlists"
BIN = Path(sys.executable).parent
HUB_WORKS = 200
FALLBACK_TOPIC = "machine-learning"
FIELDS = frozenset(t.id for t in taxonomy_topics() if t.parent is None)
ONE_PERSON = (0.9, 1.1)


def key_of(name: str) -> str:
    pairs = split_names(name.replace(";", " "))
    return pairs[0][1] if len(pairs) == 1 else ""


def corpus_files(corpus: Path) -> list[tuple[int, Path]]:
    out = []
    for p in sorted(corpus.rglob("*.json*")):
        _, year = venue_of(p.name)
        if year is not None:
            out.append((year, p))
    return out


def read_papers(path: Path) -> list[list[str]]:
    """Author keys of every record of one paper-list file (placeholders dropped)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        records = json.load(fh)
    papers = []
    for rec in records if isinstance(records, list) else []:
        if isinstance(rec, dict):
            keys = [k for _, k in split_names(str(rec.get("author") or rec.get("authors") or "")) if k]
            papers.append(list(dict.fromkeys(keys)))
    return papers


class CoGraph:
    """The co-author graph of a set of papers: key -> Counter(co-author key -> shared papers)."""

    def __init__(self) -> None:
        self.adj: dict[str, Counter] = defaultdict(Counter)
        self.works: Counter = Counter()

    def add(self, authors: list[str]) -> None:
        for a in authors:
            self.works[a] += 1
            for b in authors:
                if b != a:
                    self.adj[a][b] += 1

    def degree(self, a: str) -> int:
        return len(self.adj.get(a, ()))


def split_graphs(files: list[tuple[int, Path]], t: int) -> tuple[CoGraph, CoGraph]:
    train, test = CoGraph(), CoGraph()
    for year, path in files:
        g = train if year <= t else test
        for authors in read_papers(path):
            g.add(authors)
    return train, test


def pick_queries(train: CoGraph, test: CoGraph, n: int, seed: int) -> dict[str, set[str]]:
    """Seeded sample of query keys -> truth (new co-authors after T who are in the train graph)."""
    truth = {}
    for a in sorted(test.works):
        if train.works[a] >= 3:
            new = {b for b in test.adj.get(a, ()) if b not in train.adj[a] and b in train.works}
            if new:
                truth[a] = new
    chosen = random.Random(seed).sample(sorted(truth), min(n, len(truth)))
    return {a: truth[a] for a in sorted(chosen)}


# -- baselines on the train graph ------------------------------------------------------------

def _top(scores: dict[str, float], k: int) -> list[str]:
    return [c for c, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def two_hop_scores(g: CoGraph, a: str, weight: Callable[[int], float]) -> dict[str, float]:
    near = g.adj[a]
    scores: dict[str, float] = defaultdict(float)
    for z in near:
        w = weight(g.degree(z))
        for c in g.adj[z]:
            if c != a and c not in near:
                scores[c] += w
    return scores


def baselines(g: CoGraph, k: int, seed: int) -> dict[str, Callable[[str], list[str]]]:
    by_degree = sorted(g.adj, key=lambda c: (-g.degree(c), c))
    people = sorted(g.works)
    rng = random.Random(seed)

    def pa(a: str) -> list[str]:
        return [c for c in by_degree if c != a and c not in g.adj[a]][:k]

    def rand(a: str) -> list[str]:
        return [c for c in rng.sample(people, k + 1 + len(g.adj[a])) if c != a and c not in g.adj[a]][:k]

    return {
        "common neighbours": lambda a: _top(two_hop_scores(g, a, lambda d: 1.0), k),
        "Adamic–Adar": lambda a: _top(two_hop_scores(g, a, lambda d: 1.0 / math.log(d) if d > 1 else 0.0), k),
        "preferential attachment": pa,
        "random": rand,
    }


# -- the service ----------------------------------------------------------------------------

def ingest_train(files: list[tuple[int, Path]], t: int, corpus: Path, work: Path) -> Path:
    """Copy the train files under ``work/train`` and ingest them into ``work/data`` (reused if there)."""
    data = work / "data"
    if data.exists() and any(data.iterdir()):
        print(f"reusing the ingested train graph in {data}", flush=True)
        return data
    train = work / "train"
    for year, path in files:
        if year <= t:
            dest = train / path.relative_to(corpus)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    data.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RG_BACKEND": "embedded", "RG_DATA_DIR": str(data)}
    started = time.monotonic()
    subprocess.run([str(BIN / "researchgraph"), "ingest", str(train)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"ingested the train files in {time.monotonic() - started:.0f} s", flush=True)
    return data


def service_id(client: httpx.Client, key: str, name_hint: str) -> tuple[str, int] | None:
    """The service's researcher for a benchmark key and its works: the id itself, else the most
    prolific namesake."""
    resp = client.get(f"/v1/researchers/{key}")
    if resp.status_code == 200 and key_of(resp.json()["name"]) == key:
        return key, resp.json()["works"]
    items = client.get("/v1/researchers", params={"q": name_hint, "limit": 50}).json().get("items", [])
    same = [r for r in items if key_of(r["name"]) == key]
    best = max(same, key=lambda r: (r.get("works") or 0, r["id"])) if same else None
    return (best["id"], best.get("works") or 0) if best else None


def ask_service(base: str, queries: dict[str, set[str]], k: int,
                params: dict) -> tuple[dict, list[float], dict, dict]:
    """Recommendation lists (name keys), latencies, diagnostics, and each found query's service works."""
    lists, times, diag, works = {}, [], Counter(), {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for a in queries:
            found = service_id(client, a, a.replace("-", " "))
            if found is None:
                diag["query not found"] += 1
                lists[a] = []
                continue
            rid, works[a] = found
            started = time.perf_counter()
            resp = client.get(f"/v1/researchers/{rid}/recommendations", params={"k": k, **params})
            times.append((time.perf_counter() - started) * 1000)
            items = resp.json()["items"] if resp.status_code == 200 else []
            diag["errors"] += resp.status_code != 200
            lists[a] = [key_of(r["name"]) for r in items]
            topics = [x["id"] for r in items for x in r["reasons"] if x["kind"] == "topic"]
            diag["fallback-topic reasons"] += topics.count(FALLBACK_TOPIC)
            diag["field-topic reasons"] += sum(1 for t in topics if t in FIELDS)
            diag["placeholder people"] += sum(1 for r in items if not person_names(r["name"]))
    return lists, sorted(times), diag, works


def one_person(queries: dict[str, set[str]], works: dict[str, int], train: CoGraph) -> dict[str, set[str]]:
    """The queries whose service profile holds ONE_PERSON of the name's train papers."""
    low, high = ONE_PERSON
    return {a: t for a, t in queries.items() if a in works and low <= works[a] / train.works[a] <= high}


# -- figures --------------------------------------------------------------------------------

def score(lists: dict[str, list[str]], queries: dict[str, set[str]], k: int) -> dict[str, float]:
    hits = prec = rec = mrr = 0.0
    for a, truth in queries.items():
        top = lists.get(a, [])[:k]
        found = [i for i, c in enumerate(top) if c in truth]
        hits += bool(found)
        prec += len(found) / k
        rec += len(found) / len(truth)
        mrr += 1.0 / (found[0] + 1) if found else 0.0
    n = max(len(queries), 1)
    return {"hits": hits / n, "precision": prec / n, "recall": rec / n, "mrr": mrr / n}


def percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    return sorted_ms[min(len(sorted_ms) - 1, math.ceil(p / 100 * len(sorted_ms)) - 1)]


def table(rows: dict[str, dict], k: int) -> list[str]:
    aa = rows["Adamic–Adar"]
    lines = [f"| ranker | hits@{k} | P@{k} | R@{k} | MRR@{k} | vs AA hits / MRR |", "|---|---|---|---|---|---|"]
    for name, m in rows.items():
        vs = (f"{m['hits'] / aa['hits'] - 1:+.0%} / {m['mrr'] / aa['mrr'] - 1:+.0%}"
              if aa["hits"] and aa["mrr"] else "")
        lines.append(f"| {name} | {m['hits']:.3f} | {m['precision']:.4f} | {m['recall']:.3f} | {m['mrr']:.3f} | {vs} |")
    return lines


def render(t: int, k: int, tables: dict[str, dict[str, dict]], times: list[float], hubs: Counter,
           diag: Counter, train: CoGraph) -> str:
    lines = [f"T = {t}: train graph {len(train.works):,} people; k = {k}; recommendation latency "
             f"p50 {percentile(times, 50):.1f} ms, p99 {percentile(times, 99):.1f} ms (embedded, loopback, "
             "one client)."]
    for title, rows in tables.items():
        lines += ["", f"{title}:", "", *table(rows, k)]
    named = ", ".join(f"{c} ({train.works[c]} papers) x{n}" for c, n in sorted(hubs.items()))
    lines += ["", f"Service: {hubs.total()} recommended people with over {HUB_WORKS} train papers under "
              f"their name{': ' + named if named else ''}; "
              + ", ".join(f"{v} {k_}" for k_, v in sorted(diag.items())) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--split", type=int, default=2022, help="train <= T, test > T")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--keep", type=Path, help="work folder kept between runs (train files, data dir)")
    ap.add_argument("--code", type=Path, help="serve another checkout of the service (its PYTHONPATH), e.g. "
                                              "`git archive` of an older commit, to measure its ranker")
    args = ap.parse_args(argv)
    files = corpus_files(args.corpus)
    train, test = split_graphs(files, args.split)
    queries = pick_queries(train, test, args.queries, args.seed)
    ranked = {name: {a: fn(a) for a in queries} for name, fn in baselines(train, args.k, args.seed).items()}
    work_ctx = tempfile.TemporaryDirectory(prefix="rg-linkpred-") if args.keep is None else None
    work = Path(work_ctx.name) if work_ctx else args.keep
    try:
        data = ingest_train(files, args.split, args.corpus, work)
        env = {**os.environ, "RG_BACKEND": "embedded", "RG_DATA_DIR": str(data)}
        if args.code:
            env["PYTHONPATH"] = str(args.code)
        with start_api(env, free_port(), timeout=900) as base:
            lists, times, diag, works = ask_service(base, queries, args.k, {})
    finally:
        if work_ctx:
            work_ctx.cleanup()
    ranked = {"service": lists, **ranked}
    subsets = {f"all {len(queries)} queries": queries}
    one = one_person(queries, works, train)
    subsets[f"the {len(one)} one-person queries"] = one
    tables = {title: {name: score(ls, qs, args.k) for name, ls in ranked.items()} for title, qs in subsets.items()}
    hubs = Counter(c for ls in lists.values() for c in ls if train.works[c] > HUB_WORKS)
    print(render(args.split, args.k, tables, times, hubs, diag, train))
    served = f"served from {args.code}" if args.code else f"commit {_commit()}"
    print(f"\n{served}; {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")


def _commit() -> str:
    out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()
