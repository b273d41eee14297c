"""Small helpers shared by the embedded read mixins: node keys, typed neighbours, lazy indexes.

Everything here reads ``graph`` only; the indexes are derived data, dropped by
``EmbeddedReads._invalidate_indexes`` whenever the write side changes the graph.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from functools import cached_property
from typing import Any

import networkx as nx

from graph.ids import fold
from graph.store import NotFound

NODE_TYPES = ("Researcher", "Paper", "Topic", "Institution", "Repository", "Source")
REL_TYPES = ("AUTHORED", "HAS_TOPIC", "HAS_CODE", "AFFILIATED_WITH", "FROM_INSTITUTION",
             "SUBTOPIC_OF", "EXTRACTED_FROM")


def key(kind: str, id: str) -> str:
    return f"{kind}:{id}"


def require(g: nx.DiGraph, kind: str, id: str) -> str:
    """The node key of an existing node, else :class:`NotFound`."""
    k = key(kind, id)
    if k not in g:
        raise NotFound(kind, id)
    return k


def record(g: nx.DiGraph, k: str) -> Any:
    return g._node[k]["record"]


def out_typed(g: nx.DiGraph, k: str, rel: str) -> list[str]:
    return [t for t, d in g._succ[k].items() if d.get("type") == rel]


def in_typed(g: nx.DiGraph, k: str, rel: str) -> list[str]:
    return [s for s, d in g._pred[k].items() if d.get("type") == rel]


def in_years(year: int | None, since: int | None, until: int | None) -> bool:
    """The inclusive year window; a paper without a year never passes an active bound."""
    if since is None and until is None:
        return True
    if year is None:
        return False
    return (since is None or year >= since) and (until is None or year <= until)


def year_desc(year: int | None) -> float:
    """Sort key putting later years first and missing years last."""
    return -year if year is not None else math.inf


def name_key(name: str, id: str) -> tuple[str, str]:
    """'Ordered by name, then id' means by folded name, then id (store.py conventions)."""
    return fold(name), id


def page(items: list, limit: int, offset: int) -> list:
    return items[max(offset, 0):max(offset, 0) + max(limit, 0)]


class TextIndex:
    """Folded strings joined into one text so a substring test is a C-speed ``str.find``.

    Entries are ``(folded text, payload)``; :meth:`matching` yields, in entry order, the
    payloads whose text contains every word, so entries stored in the query's order need no
    sort and a page can stop early.
    """

    def __init__(self, entries: list[tuple[str, Any]]) -> None:
        self._payloads = [p for _, p in entries]
        self._starts: list[int] = []
        parts, pos = [], 0
        for text, _ in entries:
            self._starts.append(pos)
            parts.append(text.replace("\n", " "))
            pos += len(parts[-1]) + 1
        self._text = "\n".join(parts)

    def matching(self, words: list[str]) -> Iterator[Any]:
        if not words:
            yield from self._payloads
            return
        first, rest = max(words, key=len), words
        seen = -1
        pos = self._text.find(first)
        while pos != -1:
            i = bisect_right(self._starts, pos) - 1
            if i != seen:
                seen = i
                end = self._starts[i + 1] - 1 if i + 1 < len(self._starts) else len(self._text)
                entry = self._text[self._starts[i]:end]
                if all(w in entry for w in rest):
                    yield self._payloads[i]
            nxt = self._starts[i + 1] if i + 1 < len(self._starts) else len(self._text)
            pos = self._text.find(first, max(pos + 1, nxt))


class Indexes:
    """Derived data built on first use; one instance lives until the graph changes."""

    def __init__(self, g: nx.DiGraph) -> None:
        self.g = g
        self.topic_cache: dict[tuple[str, str], Any] = {}  # (what, node key) -> per-node ranking
        self.person_cache: dict[str, Any] = {}

    def _of_type(self, t: str) -> list[str]:
        return [k for k, d in self.g.nodes(data=True) if d.get("type") == t]

    @cached_property
    def researcher_names(self) -> TextIndex:
        """Folded names, in search_researchers' order (works desc, folded name, id); payload (key, works)."""
        g = self.g
        rows = []
        for k in self._of_type("Researcher"):
            works = sum(1 for d in g._succ[k].values() if d.get("type") == "AUTHORED")
            name = fold(record(g, k).name)
            rows.append((-works, name, record(g, k).id, k))
        rows.sort()
        return TextIndex([(name, (k, -w)) for w, name, _, k in rows])

    @cached_property
    def paper_titles(self) -> TextIndex:
        """Folded titles in search_papers' order (year desc, None last, then id); payload the key."""
        g = self.g
        rows = [(record(g, k), k) for k in self._of_type("Paper")]
        rows.sort(key=lambda r: (year_desc(r[0].year), r[0].id))
        return TextIndex([(fold(p.title or ""), k) for p, k in rows])

    @cached_property
    def topic_papers(self) -> dict[str, int]:
        """Topic key -> number of papers carrying it."""
        g = self.g
        return {k: len(in_typed(g, k, "HAS_TOPIC")) for k in self._of_type("Topic")}

    @cached_property
    def institution_keys(self) -> list[str]:
        return self._of_type("Institution")

    @cached_property
    def topic_pairs(self) -> dict[str, Counter]:
        """Topic key -> Counter of the other topic keys on its papers: one pass over the papers,
        so adjacency of a topic on 100k papers costs a dict lookup, not a walk of its papers."""
        g = self.g
        pairs: dict[str, Counter] = {k: Counter() for k in self._of_type("Topic")}
        for k in self._of_type("Paper"):
            topics = out_typed(g, k, "HAS_TOPIC")
            for t in topics:
                pairs[t].update(o for o in topics if o != t)
        return pairs

    @cached_property
    def papers_with_topic(self) -> int:
        """N of the NPMI: papers with at least one HAS_TOPIC edge."""
        g = self.g
        return sum(1 for k in self._of_type("Paper") if out_typed(g, k, "HAS_TOPIC"))

    @cached_property
    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        nodes = Counter(d.get("type") for _, d in self.g.nodes(data=True))
        rels = Counter(d.get("type") for _, _, d in self.g.edges(data=True))
        return ({t: nodes.get(t, 0) for t in NODE_TYPES}, {t: rels.get(t, 0) for t in REL_TYPES})
