"""Topic matching cost: this tree's ``TopicMatcher`` against another commit's, on the same claims.

    python -m bench.topics_cost 6b4efef          # the matcher before the 254-topic taxonomy
    python -m bench.topics_cost 6b4efef --files 40

The other commit's ``nlp/topics.py`` and ``nlp/data/taxonomy.json`` are read with ``git show``
into a temporary folder and imported under another name (its own imports resolve to this tree,
so only modules whose interface it still fits can be compared). Both matchers annotate every
corpus claim, chunk by chunk in turn, so a machine shared with other work loads both alike;
the figure is CPU time (``time.process_time``) summed per matcher, best of ``--rounds``.
As ingest does after each batch (``app.ingest``), what is already read and matched is frozen
out of the garbage collector: otherwise each collection rescans every claim read so far, and
the matcher that allocates more pays for the whole corpus's objects.
A matcher that predates keywords is given none.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import inspect
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import corpus_files
from bench.topics import read_claims
from nlp.topics import TopicMatcher

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 2000


def matcher_at(commit: str, folder: Path):
    """The ``TopicMatcher`` of ``commit``, built from that commit's taxonomy."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    for path in ("nlp/topics.py", "nlp/data/taxonomy.json"):
        text = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout
        (folder / path.removeprefix("nlp/")).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("reference_topics", folder / "topics.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["reference_topics"] = module
    spec.loader.exec_module(module)
    return module.TopicMatcher.from_data()


def match_all(matcher, claims: list, with_keywords: bool) -> float:
    start = time.process_time()
    for claim in claims:
        keywords = claim.keywords if with_keywords else ()
        claim.topics = (matcher.match_text(claim.title, claim.abstract, claim.category, keywords)
                        if with_keywords else matcher.match_text(claim.title, claim.abstract, claim.category))
    return time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("commit", help="the reference commit, e.g. 6b4efef")
    parser.add_argument("--files", type=int, default=None, help="only the first N files of the manifest")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    claims = [claim for claim, _ in read_claims(corpus_files(args.files))]
    gc.freeze()
    with tempfile.TemporaryDirectory() as tmp:
        reference = matcher_at(args.commit, Path(tmp))
    ours = TopicMatcher.from_data()
    ref_keywords = "keywords" in inspect.signature(reference.match_text).parameters
    rounds = []
    for _ in range(args.rounds):
        ours._keyword_cache.clear()
        spent = [0.0, 0.0]
        for k in range(0, len(claims), CHUNK):
            chunk = claims[k:k + CHUNK]
            spent[0] += match_all(reference, chunk, ref_keywords)
            spent[1] += match_all(ours, chunk, True)
            gc.freeze()
        rounds.append(spent)
    ref, new = min(r[0] for r in rounds), min(r[1] for r in rounds)
    print(f"{len(claims):,} claims; CPU s per round {[[round(x, 1) for x in r] for r in rounds]}")
    print(f"matching CPU, best of {args.rounds}: {args.commit} {ref:.1f} s, this tree {new:.1f} s"
          f" ({100 * (new / ref - 1):+.0f}%)")


if __name__ == "__main__":
    main()
