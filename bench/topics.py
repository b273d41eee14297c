"""Topic benchmark: how well title-and-abstract topics agree with what authors say.

    python -m bench.topics                 # whole corpus
    python -m bench.topics --files 40      # the first 40 files of the manifest

Reads every paper list with the paperlists reader and matches each paper twice: as ingest does
(title, abstract and the authors' keywords) and with the keywords hidden (title and abstract).

Agreement is measured on papers whose free-text author keywords map to a specific topic: menu
entries ("Machine Learning: Classification", IJCAI) and primary areas (session names such as
"Computer Vision II") are evidence at ingest but not the authors' own words, so they are left out. Both sides keep only
*specific* topics (fields and broad topics such as machine-learning say nothing) and the text
side keeps only topics the keyword mapping can express (those some corpus keyword maps to).
Hierarchical precision and recall (Kiritchenko et al., 2006) close each topic set under its
ancestors (below fields) before counting: "graph-learning" for a paper keyworded "graph neural
networks" counts as right but unspecific, and "deep-reinforcement-learning" for one keyworded
"reinforcement learning" as wrong. "On the lineage" also counts a text topic finer than a keyword
topic as agreeing (the authors' word was coarser, not different). "Primary topic" is the paper's
best-scoring specific text topic (OpenAlex reports its classifier the same way). Exact-id
figures are printed beside them. Nothing here asserts a figure: targets are printed and marked
met or missed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.run import corpus_files
from graph import scoring
from graph.model import Format, Source
from nlp.readers.base import ReadOptions
from nlp.readers.paperlists import READER
from nlp.topics import TopicMatcher


def read_claims(files: list[Path]):
    """(claim, the record's free-text author keywords) for every paper of the files."""
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            text = fh.read()
        records = json.loads(text)
        source = Source(id=path.name, format=Format.PAPERLISTS, name=path.name, content_sha256="")
        for claim in READER.read(text, source=source, options=ReadOptions()).papers:
            yield claim, free_keywords(records[int(claim.locator.split()[-1])])


def free_keywords(rec: dict) -> list[str]:
    """The authors' own words: ``keywords`` without menu entries ("Machine Learning: Classification")."""
    raw = rec.get("keywords") or ""
    words = raw if isinstance(raw, list) else str(raw).split(";")
    return [w.strip() for w in words if w.strip() and ":" not in w]


class Tally:
    def __init__(self, m: TopicMatcher) -> None:
        self.m = m
        self.c: Counter[str] = Counter()
        self.expressible: set[str] = set()
        self.pairs: list[tuple[list[str], set[str], bool]] = []
        self.people: dict[str, list[set[str]]] = defaultdict(list)
        self.seconds = 0.0

    def up(self, topics: set[str]) -> set[str]:
        return {a for t in topics for a in (t, *self.m.ancestors(t)) if self.m.is_specific(a)}

    def add(self, claim, free: list[str]) -> None:
        m, c = self.m, self.c
        t0 = time.perf_counter()
        seen = m.match_text(claim.title, claim.abstract, claim.category, claim.keywords)
        self.seconds += time.perf_counter() - t0
        hidden = m.match_text(claim.title, claim.abstract, claim.category)
        seen_ids, hidden_ids = {x.topic_id for x in seen}, {x.topic_id for x in hidden}
        c["papers"] += 1
        c["specific"] += any(m.is_specific(t) for t in seen_ids)
        c["specific hidden"] += any(m.is_specific(t) for t in hidden_ids)
        c["fallback"] += seen[0].evidence[0].startswith("fallback")
        for a in claim.authors:
            self.people[a.researcher_id].append(seen_ids)
        if not claim.keywords:
            return
        mapped = {t for k in claim.keywords for t in m.keyword_topics(k)}
        c["with keywords"] += 1
        c["keyword topics kept"] += mapped <= seen_ids
        specific = {t for k in free for t in m.keyword_topics(k) if m.is_specific(t)}
        self.expressible |= specific
        if specific:
            self.pairs.append(([x.topic_id for x in hidden if m.is_specific(x.topic_id)], specific,
                               bool(claim.abstract)))

    def agreement(self, abstracts_only: bool = False) -> dict[str, float]:
        c: Counter[str] = Counter()
        for ranked, keys, has_abstract in self.pairs:
            if abstracts_only and not has_abstract:
                continue
            ranked = [t for t in ranked if t in self.expressible]
            text = set(ranked)
            t_up, k_up = self.up(text), self.up(keys)
            on_line = {t for t in t_up if t in k_up or keys & set(self.m.ancestors(t))}
            if ranked:
                c["firsts"] += 1
                c["first"] += ranked[0] in k_up
                c["first on line"] += ranked[0] in on_line
            c["tp"], c["fp"] = c["tp"] + len(t_up & k_up), c["fp"] + len(t_up - k_up)
            c["fn"] += len(k_up - t_up)
            c["on line"], c["text"] = c["on line"] + len(on_line), c["text"] + len(t_up)
            c["etp"], c["efp"], c["efn"] = (c["etp"] + len(text & keys), c["efp"] + len(text - keys),
                                            c["efn"] + len(keys - text))
            c["hit"] += bool(t_up & k_up)
        ratio = lambda a, b: c[a] / c[b] if c[b] else 0.0  # noqa: E731
        c["tp+fp"], c["tp+fn"] = c["tp"] + c["fp"], c["tp"] + c["fn"]
        c["etp+efp"], c["etp+efn"] = c["etp"] + c["efp"], c["etp"] + c["efn"]
        c["papers"] = sum(1 for p in self.pairs if p[2] or not abstracts_only)
        return {"P@1": ratio("first", "firsts"), "P@1 line": ratio("first on line", "firsts"),
                "hP": ratio("tp", "tp+fp"), "hP line": ratio("on line", "text"), "hR": ratio("tp", "tp+fn"),
                "P": ratio("etp", "etp+efp"), "R": ratio("etp", "etp+efn"), "hit": ratio("hit", "papers"),
                "firsts": c["firsts"], "papers": c["firsts"] if abstracts_only else c["papers"]}


def report(t: Tally, wall: float) -> str:
    c, a, ab = t.c, t.agreement(), t.agreement(abstracts_only=True)
    topics = t.m.topics()
    fields = [x.id for x in topics if x.parent is None]
    childless = [f for f in fields if not any(x.parent == f for x in topics)]
    ancestors = {x.id: t.m.ancestors(x.id) for x in topics}
    sizes = sorted(len(scoring.researcher_topics(p, ancestors, len(p))) for p in t.people.values() if len(p) >= 5)
    raw = sorted(len(set().union(*p)) for p in t.people.values() if len(p) >= 5)
    med = lambda xs: xs[len(xs) // 2] if xs else 0  # noqa: E731
    ok = lambda b: "met" if b else "MISSED"  # noqa: E731
    share = c["specific"] / max(c["papers"], 1)
    lines = [
        f"papers {c['papers']:,}; taxonomy {len(topics)} topics under {len(fields)} fields; wall {wall:.0f} s",
        f"matching (keywords visible, as ingest) {t.seconds:.1f} s"
        f" = {1e6 * t.seconds / max(c['papers'], 1):.0f} us/paper",
        f"specific topic (keywords visible)   {share:.3f}   target >= 0.90  {ok(share >= 0.9)}",
        f"specific topic (keywords hidden)    {c['specific hidden'] / max(c['papers'], 1):.3f}",
        f"fallback link                       {c['fallback'] / max(c['papers'], 1):.3f}",
        f"fields without children             {childless or 'none'}  {ok(not childless)}",
        f"keyword agreement on {a['papers']:,} papers with specific keyword topics "
        f"({len(t.expressible)} expressible topics):",
        f"  primary topic precision, on the authors' lineage  {a['P@1 line']:.3f}   target >= 0.80"
        f"  {ok(a['P@1 line'] >= 0.8)}",
        f"  primary topic precision, hierarchical           {a['P@1']:.3f}",
        f"  precision of every text topic, on the lineage   {a['hP line']:.3f}",
        f"  precision of every text topic, hierarchical     {a['hP']:.3f}",
        f"  hierarchical recall                             {a['hR']:.3f}   target >= 0.70  {ok(a['hR'] >= 0.7)}",
        f"  exact-id precision / recall                     {a['P']:.3f} / {a['R']:.3f}",
        f"  papers where text finds a keyword topic         {a['hit']:.3f}",
        f"  the {ab['papers']:,} of them with an abstract: primary topic (lineage) {ab['P@1 line']:.3f},"
        f" hierarchical recall {ab['hR']:.3f}",
        f"keyword topics among the paper's topics (keywords visible): "
        f"{c['keyword topics kept']:,} of {c['with keywords']:,}  {ok(c['keyword topics kept'] == c['with keywords'])}",
        f"researchers with >= 5 papers: {len(sizes):,}; topics listed median {med(sizes)}, "
        f"max {sizes[-1] if sizes else 0} (every linked topic: median {med(raw)}, max {raw[-1] if raw else 0})",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=None, help="only the first N files of the manifest")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    tally = Tally(TopicMatcher.from_data())
    for claim, free in read_claims(corpus_files(args.files)):
        tally.add(claim, free)
    print(report(tally, time.perf_counter() - start))


if __name__ == "__main__":
    main()
