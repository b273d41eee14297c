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
  (people whose first paper with them is in that window): preferential attachment on new ties;
* ``title``, ``words`` -- text similarity (:class:`Texts`): the cosine of the two people's TF-IDF
  vectors over their papers' title words, or title and abstract words (stop words out,
  sublinear tf, IDF over the train graph's papers);
* ``topics`` -- the cosine of their matched specific topics (fields out), each weighted by its
  rarity, ``log(papers / papers carrying it)``, with sublinear counts;
* ``recent`` -- ``words`` over both people's papers in the centre's last two years only (what
  they work on now).

Prints hits@10 / MRR@10 of every variant on every split, and the same against Adamic–Adar on the
name graph (bench/linkpred.py). Results in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import math
import pickle
import re
import sqlite3
from array import array
from collections import Counter, OrderedDict
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from bench.linkpred import baselines, key_of, score
from bench.linkpred_fit import WIDE_POOL, features, split_queries
from graph import scoring
from graph.embedded.db import db_path
from graph.embedded.reads_base import in_typed, out_typed, record
from graph.embedded.reads_graph import is_field
from graph.embedded.store import EmbeddedStore
from graph.ranking import specific
from graph.scoring import WEIGHTS, Person

_YEAR = re.compile(r"\s*\d{4}$")
VARIANTS = {
    "current ranker": {},
    "team ^0.5": {"team": 0.5}, "team ^0.75": {"team": 0.75},
    "venue x(1 + 0.5 v)": {"venue": 0.5}, "venue x(1 + 1 v)": {"venue": 1.0},
    "open 1y ^0.1": {"open": (1, 0.1)}, "open 2y ^0.1": {"open": (2, 0.1)}, "open 2y ^0.25": {"open": (2, 0.25)},
    "open 3y ^0.25": {"open": (3, 0.25)},
    "title cos alone": {"alone": "title"}, "words cos alone": {"alone": "words"},
    "topics cos alone": {"alone": "topics"},
    "title exp(2 cos)": {"title": (2, "exp")}, "title exp(4 cos)": {"title": (4, "exp")},
    "words (1 + cos)": {"words": (1, 1)}, "words (1 + 4 cos)": {"words": (4, 1)},
    "words exp(1 cos)": {"words": (1, "exp")}, "words exp(2 cos)": {"words": (2, "exp")},
    "words exp(4 cos)": {"words": (4, "exp")}, "words exp(8 cos)": {"words": (8, "exp")},
    "words (1 + 4 cos) ^2": {"words": (4, 2)},
    "words + 1 cos": {"words": (1, "add")}, "words + 4 cos": {"words": (4, "add")},
    "topics exp(1 cos)": {"topics": (1, "exp")}, "topics exp(2 cos)": {"topics": (2, "exp")},
    "topics exp(4 cos)": {"topics": (4, "exp")},
    "words exp(2) topics exp(1)": {"words": (2, "exp"), "topics": (1, "exp")},
    "words exp(4) topics exp(2)": {"words": (4, "exp"), "topics": (2, "exp")},
    "recent cos alone": {"alone": "recent"},
    "recent exp(1 cos)": {"recent": (1, "exp")}, "recent exp(2 cos)": {"recent": (2, "exp")},
    "recent exp(4 cos)": {"recent": (4, "exp")}, "recent + 1 cos": {"recent": (1, "add")},
    "title exp(2) recent exp(2)": {"title": (2, "exp"), "recent": (2, "exp")},
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


_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
TEXT = ("title", "words", "topics", "recent")  # the order of similarity()'s cosines
RECENT_YEARS = 2
VECTORS_KEPT = 20000  # researchers' vectors cached (leaders recur across queries; memory bounded)


class Texts:
    """Researchers' TF-IDF vectors over their papers' words, from the train graph's database
    (the graph's papers are slim: no abstract). A paper is its title's words, or its title's and
    abstract's (``abstracts``); IDF is ``log(papers / papers with the word)`` over every paper, a
    researcher's weight ``(1 + log tf) * idf`` over all their papers, then L2-normalised."""

    def __init__(self, store: EmbeddedStore, abstracts: bool) -> None:
        self.g, self.vocab, self.papers, df = store.graph, {}, {}, Counter()
        with sqlite3.connect(f"file:{db_path(store.data_dir)}?mode=ro", uri=True) as db:
            for pid, title, abstract in db.execute(
                    "SELECT id, json_extract(body, '$.title'), json_extract(body, '$.abstract') FROM records "
                    "WHERE kind = 'paper' AND body IS NOT NULL"):
                ids = array("I", (self.vocab.setdefault(w, len(self.vocab)) for w in words(
                    f"{title or ''} {abstract or ''}" if abstracts else title or "")))
                self.papers[f"paper:{pid}"] = ids
                df.update(set(ids))
        n = max(len(self.papers), 1)
        self.idf = {w: math.log(n / k) for w, k in df.items() if k >= 2}  # a word on one paper matches no one
        self.kept: OrderedDict[tuple[str, int | None], dict[int, float]] = OrderedDict()

    def vector(self, rid: str, since: int | None = None) -> dict[int, float]:
        """``rid``'s vector, over their papers of ``since`` or later only when it is given."""
        if (rid, since) in self.kept:
            self.kept.move_to_end((rid, since))
            return self.kept[(rid, since)]
        papers = out_typed(self.g, f"researcher:{rid}", "AUTHORED")
        if since is not None:
            papers = [pk for pk in papers if (year := record(self.g, pk).year) is not None and year >= since]
        tf = Counter(w for pk in papers for w in self.papers.get(pk, ()))
        v = {w: (1 + math.log(k)) * self.idf[w] for w, k in tf.items() if w in self.idf}
        self.kept[(rid, since)] = v = normalised(v)
        if len(self.kept) > VECTORS_KEPT:
            self.kept.popitem(last=False)
        return v

    def cosine(self, a: str, b: str, since: int | None = None) -> float:
        return dot(self.vector(a, since), self.vector(b, since))


def words(text: str) -> list[str]:
    """Lower-cased words of three or more letters and digits (hyphenated kept whole), stop words out."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS]


def normalised(v: dict) -> dict:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / norm for k, x in v.items()} if norm else {}


def dot(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def topic_vector(person: Person, store: EmbeddedStore) -> dict[str, float]:
    """A person's specific matched topics, ``(1 + log count) * log(papers / papers carrying it)``."""
    ix = store._indexes()
    papers = max(ix.stats[0]["Paper"], 1)
    return normalised({t: (1 + math.log(k)) * math.log(papers / max(ix.topic_papers.get(f"topic:{t}", 1), 1))
                       for t, k in person.topics.items() if k > 0 and f"topic:{t}" not in ix.fields})


def similarity(store: EmbeddedStore, texts: dict[str, Texts], center: Person, cand: Person,
               mine: dict[str, float], cache: dict) -> tuple[float, ...]:
    """The cosines of centre and candidate, in the order of :data:`TEXT`: title, title + abstract,
    rarity-weighted topics, and title + abstract over both people's papers in the centre's last
    ``RECENT_YEARS`` years (0 when either has none there)."""
    if ("topics", cand.id) not in cache:
        cache[("topics", cand.id)] = topic_vector(cand, store)
    since = center.last_year - RECENT_YEARS + 1 if center.last_year is not None else None
    recent = texts["words"].cosine(center.id, cand.id, since) if since is not None else 0.0
    return (texts["title"].cosine(center.id, cand.id), texts["words"].cosine(center.id, cand.id),
            dot(mine, cache[("topics", cand.id)]), recent)


def evidence(store: EmbeddedStore, center: Person, cand: Person, mine: Counter, cache: dict) -> tuple:
    if cand.id not in cache:
        cache[cand.id] = (venue_series(store, cand.id), new_ties(store, cand.id))
    theirs, fresh = cache[cand.id]
    shared = sum(min(n, mine[s]) for s, n in theirs.items() if s in mine) / max(1, min(cand.works, center.works))
    ref = center.last_year
    opened = {n: sum(k for y, k in fresh.items() if ref is not None and ref - n < y <= ref) for n in (1, 2, 3)}
    return team_size(center, cand), shared, opened


def gather(spec: str, n: int, seed: int) -> tuple[dict, list, dict]:
    """Queries, per query (key, [(candidate key, features, evidence, similarity)]), and
    Adamic–Adar's figures; cached beside the data dir."""
    data = spec.split(":", 1)[1]
    cache_file = Path(data).parent / f"evidence-text2-{n}-{seed}.pickle"
    if cache_file.exists():
        return pickle.loads(cache_file.read_bytes())
    train, _test, queries = split_queries(spec, n, seed)
    adamic_adar = baselines(train, 10, seed)["Adamic–Adar"]
    aa = score({a: adamic_adar(a) for a in queries}, queries, 10)
    store, rows, cache = EmbeddedStore(Path(data)), [], {}
    texts = {"title": Texts(store, abstracts=False), "words": Texts(store, abstracts=True)}
    pool, scoring.POOL_TWO_HOP = scoring.POOL_TWO_HOP, WIDE_POOL
    try:
        for i, a in enumerate(queries):
            if i % 100 == 0:
                print(f"{spec}: query {i} of {len(queries)}", flush=True)
            if f"researcher:{a}" not in store.graph:
                continue
            center, cands, _, sizes = store._recommendation_rows(a, None, None, False)
            fields = [x for x in center.topics if is_field(store.graph, f"topic:{x}")]
            sizes = specific(sizes, store._indexes().stats[0]["Paper"], fields=fields)
            mine, my_topics = venue_series(store, a), topic_vector(center, store)
            rows.append((a, [(key_of(c.name), features(center, c, sizes), evidence(store, center, c, mine, cache),
                              similarity(store, texts, center, c, my_topics, cache))
                             for c in cands if c.id != a]))
    finally:
        scoring.POOL_TWO_HOP = pool
    cache_file.write_bytes(pickle.dumps((queries, rows, aa)))
    return queries, rows, aa


def ranked(f: tuple, ev: tuple, sim: tuple, extra: dict) -> float:
    """graph/scoring.py's score (as linkpred_fit.fast_score) times the variant's factors:
    ``(1 + a * cos) ** b`` for ``extra[kind] = (a, b)``, ``exp(a * cos)`` for ``(a, "exp")``, a
    term ``a * cos`` for ``(a, "add")``;
    ``extra["alone"] = kind`` ranks the candidates with a reason by that cosine only."""
    paths, topics, insts, recent, works, _ = f
    if not (paths or topics or insts):
        return -1.0
    if "alone" in extra:
        return sim[TEXT.index(extra["alone"])] + 1e-9  # a cosine of 0 still ranks (last)
    w = WEIGHTS
    s = sum(w.coauthor / ld * (1 + w.tie * math.log(st)) * math.exp(-age / w.tie_years) for ld, st, age in paths)
    s += sum(w.topic * share * math.log(1 + w.topic_papers / n) for share, n in topics)
    s += w.institution * insts + w.activity * math.log(1 + recent[w.active_years])
    team, venue, opened = ev
    s *= (1 + team) ** extra.get("team", 0.0) * (1 + extra.get("venue", 0.0) * venue)
    if "open" in extra:
        years, power = extra["open"]
        s *= (1 + opened[years]) ** power
    for kind, cos in zip(TEXT, sim, strict=True):
        if kind in extra:
            a, b = extra[kind]
            s = s + a * cos if b == "add" else s * (math.exp(a * cos) if b == "exp" else (1 + a * cos) ** b)
    return s * min(1.0, w.hub_works / max(works, 1))


def evaluate(queries: dict, rows: list, extra: dict) -> dict[str, float]:
    lists = {a: [c for s, c in sorted((-ranked(f, ev, sim, extra), c) for c, f, ev, sim in cands)[:10] if s < 0]
             for a, cands in rows}
    return score(lists, queries, 10)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--split", action="append", required=True, help="T:data_dir (repeat)")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    splits = {spec.split(":", 1)[0]: gather(spec, args.queries, args.seed) for spec in args.split}
    for t, (queries, rows, aa) in splits.items():
        reach = sum(any(c in queries[a] for c, *_ in cands) for a, cands in rows) / len(queries)
        print(f"T = {t}: Adamic–Adar hits@10 {aa['hits']:.3f}, MRR@10 {aa['mrr']:.3f}; "
              f"a true person among the candidates: {reach:.2f}")
    for name, extra in VARIANTS.items():
        cells = []
        for t, (queries, rows, aa) in splits.items():
            m = evaluate(queries, rows, extra)
            cells.append(f"T = {t}: {m['hits']:.3f} / {m['mrr']:.3f} "
                         f"({m['hits'] / aa['hits'] - 1:+.0%} / {m['mrr'] / aa['mrr'] - 1:+.0%})")
        print(f"{name:28s} " + " | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
