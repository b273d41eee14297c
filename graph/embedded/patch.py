"""Keeping the read indexes (graph/embedded/reads_base.py ``Indexes``) through a small write.

A batch of a few papers (an upload, the rows another process committed) used to drop every
index, so the reads after it rebuilt topic co-occurrence, topic leaders and scoring rows over the
whole graph (seconds on the corpus). Now such a batch is written down as a :class:`Changes` while
the store applies it, and :func:`patch` updates the counts in place and forgets only the cached
rankings the changed papers can reach:

* topic counts, topic-pair co-occurrence and N: moved from each paper's old topics to its new;
* per-topic rankings (leaders, recommendation leaders, papers) of the papers' old and new topics;
* the papers' cached rows (year, topics, authors);
* scoring rows and bridges' ties (the warm-up's too) of their old and new authors (both are functions of a person's own
  papers and affiliations), and the members of the institutions those touch;
* the text indexes (names, titles) are dropped and rebuilt on the next search.

Anything else (a new topic, a changed taxonomy, a large batch) drops every index, as before.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.embedded.reads_base import Indexes

SMALL_BATCH = 1_000  # papers; a larger batch rebuilds the indexes instead
_TEXT = ("researcher_names", "paper_titles", "institution_names", "institution_keys")


@dataclass
class Changes:
    """What one batch did to the graph, as far as the indexes care."""

    topics: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)  # (old, new) per paper
    people: set[str] = field(default_factory=set)  # researcher keys whose papers or record changed
    institutions: set[str] = field(default_factory=set)  # institution keys whose members may change
    papers: set[str] = field(default_factory=set)  # paper keys written (their cached rows are stale)
    rebuild: bool = False  # something the patch cannot follow

    def paper(self, pk: str, old_topics: frozenset[str], new_topics: frozenset[str], institutions: set[str]) -> None:
        self.papers.add(pk)
        self.topics.append((old_topics, new_topics))
        self.institutions |= institutions


def patch(idx: Indexes, changes: Changes) -> bool:
    """Bring ``idx`` up to date with ``changes``; False when it must be dropped instead."""
    if changes.rebuild or len(changes.topics) > SMALL_BATCH:
        return False
    built = idx.__dict__
    for counts in ("topic_papers", "topic_pairs"):
        if counts in built and any(t not in built[counts] for _, new in changes.topics for t in new):
            return False  # a topic the counts have never seen
    for old, new in changes.topics:
        _move(idx, old, -1)
        _move(idx, new, +1)
    touched_topics = {t for old, new in changes.topics for t in old | new}
    for key in [k for k in idx.topic_cache if _reached(k, touched_topics, changes)]:
        del idx.topic_cache[key]
    for pk in changes.papers:
        idx.paper_rows.pop(pk, None)
    if changes.papers:
        idx.paper_rows_filled = False
    for rk in changes.people:
        idx.person_cache.pop(rk, None)
        idx.name_keys.pop(rk, None)
    for name in _TEXT:
        built.pop(name, None)
    return True


def _reached(key: tuple[str, str], topics: set[str], changes: Changes) -> bool:
    kind, node = key
    if kind == "ties":  # a bridge's ties (reads_graph._ties_through)
        return node in changes.people
    if kind == "institution":
        return node in changes.institutions
    return node in topics


def _move(idx: Indexes, topics: frozenset[str], sign: int) -> None:
    """Add (``sign`` +1) or take out (-1) one paper carrying ``topics`` from the built counts."""
    if not topics:
        return
    built = idx.__dict__
    if "papers_with_topic" in built:
        built["papers_with_topic"] += sign
    if "topic_papers" in built:
        for t in topics:
            idx.topic_papers[t] += sign
    if "topic_pairs" in built:
        for t in topics:
            pairs: Counter = idx.topic_pairs[t]
            for o in topics:
                if o != t:
                    pairs[o] += sign
                    if pairs[o] <= 0:
                        del pairs[o]
