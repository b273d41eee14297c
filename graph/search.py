"""Relevance of a search hit, one definition for both backends (store.py's ``search_*`` methods).

Names and titles are compared by their *search key*: the folded text (``graph.ids.fold``: case and
accents ignored) cut into its letters-and-digits words, joined by single spaces. A query is keyed
the same way. A name *matches* when every query word occurs in its key (as a substring, so "graph"
finds "graphs"), and its *rank* says how well:

0. exact: the key is the query's key ("Graphs" for ``q=graphs``);
1. prefix: the key starts with the query's whole words ("Graphs and Algorithms");
2. words: every query word is a whole word of the key ("Random Graphs");
3. partial prefix: the key starts with the query, ending inside a word ("GraphStorm");
4. contained: every query word is inside the key, some only as part of a word ("Subgraphs").

A record with several names (a topic's id, label, aliases and acronyms; an institution's name and
aliases) takes the best rank of its matching names.

Topics are few and their names are words users shorten or inflect ("sparse" for sparsity), so
:func:`rank_topics` also compares *stems* (:func:`stem`: a light suffix stripper): a name whose
stemmed words equal the query's is exact, and so on down the first three ranks; the rank a topic
gets is the better of the plain and the stemmed one. Each ``search_*`` method then breaks ties by
works, papers or year, as its docstring says. The Neo4j backend stores the keys as properties
(``search_key``, ``search_keys``) and computes the same rank in Cypher.
"""

from __future__ import annotations

import itertools
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Any

from graph.ids import fold

_WORDS = re.compile(r"[a-z0-9]+")
EXACT, PREFIX, WORDS, PARTIAL_PREFIX, CONTAINED = range(5)


def search_key(text: str | None) -> str:
    """The folded words of ``text``, single-spaced.

    >>> search_key("Graphs: A Survey—of GNN's")
    'graphs a survey of gnn s'
    """
    return " ".join(_WORDS.findall(fold(text or "")))


def rank(key: str, query: str) -> int | None:
    """The rank of a name's key for a query key, or None when it does not match.

    >>> keys = ("sparse", "sparse nets", "a sparse net", "sparsely gated", "nonsparse", "dense")
    >>> [rank(k, "sparse") for k in keys]
    [0, 1, 2, 3, 4, None]
    """
    words = query.split()
    if not all(w in key for w in words):
        return None
    if key == query:
        return EXACT
    if key.startswith(query + " "):
        return PREFIX
    padded = f" {key} "
    if all(f" {w} " in padded for w in words):
        return WORDS
    return PARTIAL_PREFIX if key.startswith(query) else CONTAINED


def best_rank(keys: Iterable[str], query: str) -> int | None:
    ranks = [r for r in (rank(k, query) for k in keys) if r is not None]
    return min(ranks, default=None)


_SUFFIXES = ("ities", "ity", "ness", "ing", "ed", "ies", "es", "ly", "s")


def stem(word: str) -> str:
    """A light stem: one common English suffix, then a final "e", cut from words over 4 letters.

    >>> [stem(w) for w in ("sparse", "sparsity", "sparsely", "graphs", "learning", "nerf")]
    ['spars', 'spars', 'spars', 'graph', 'learn', 'nerf']
    """
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _stems(key: str) -> str:
    return " ".join(stem(w) for w in key.split())


def stemmed_rank(key: str, query: str) -> int | None:
    """:func:`rank`, and the rank of the stemmed key for the stemmed query, whichever is better."""
    plain = rank(key, query)
    sk, sq = _stems(key), _stems(query)
    if sk == sq:
        return EXACT
    if sk.startswith(sq + " "):
        return PREFIX if plain is None or plain > PREFIX else plain
    if plain is None and all(w in sk.split() for w in sq.split()):
        return WORDS
    return plain


def rank_topics(rows: Iterable[tuple[Any, int]], q: str | None) -> list[Any]:
    """Topics ordered for ``search_topics``: ``rows`` are (topic, papers); the best
    :func:`stemmed_rank` of the topic's id, label, aliases and acronyms, then papers desc, then id.
    Topics with no matching name are left out (none when ``q`` is empty)."""
    query = search_key(q)
    ranked = []
    for topic, papers in rows:
        if query:
            keys = [search_key(s) for s in (topic.id, topic.label, *topic.aliases, *topic.acronyms)]
            ranks = [r for r in (stemmed_rank(k, query) for k in keys) if r is not None]
            if not ranks:
                continue
            best = min(ranks)
        else:
            best = EXACT
        ranked.append((best, -papers, topic.id, topic))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]


class RankedIndex:
    """Search keys of many records, for ranked, paged lookups that never score every record.

    ``entries`` are ``(keys, payload)`` in the tie-break order of the search (works desc, ...).
    :meth:`ranked` is lazy and yields payloads by rank, each rank in entry order: exact keys from
    a dict, prefixes from a sorted key list, whole words from a word index (the intersection of
    the query words' postings), partial prefixes from the sorted list again, and last a substring
    scan; a page stops once it is full.
    """

    def __init__(self, entries: list[tuple[list[str], Any]]) -> None:
        # Kept compact (a served corpus indexes ~370k names and titles): every key once, in one
        # newline-joined text; per key line its owner and offset, per entry its first line, all
        # in arrays of machine integers.
        self._payloads = [p for _, p in entries]
        self._exact: dict[str, int] = {}  # key -> its first entry
        self._more: dict[str, list[int]] = {}  # key -> the later entries with that key
        postings: dict[str, list[int]] = {}
        lines: list[str] = []
        self._owner = array("I")
        self._first = array("I")
        for i, (keys, _) in enumerate(entries):
            self._first.append(len(lines))
            for k in dict.fromkeys(keys):
                if self._exact.setdefault(k, i) != i:
                    self._more.setdefault(k, []).append(i)
                lines.append(k)
                self._owner.append(i)
                for w in k.split():
                    ids = postings.setdefault(w, [])
                    if not ids or ids[-1] != i:  # entries come in order: each id once, sorted
                        ids.append(i)
        self._first.append(len(lines))
        self._words = {w: array("I", ids) for w, ids in postings.items()}
        self._sorted = array("I", sorted(range(len(lines)), key=lines.__getitem__))
        self._text = "\n".join(lines)
        self._starts = array("I")
        pos = 0
        for line in lines:
            self._starts.append(pos)
            pos += len(line) + 1
        self._starts.append(pos)  # one past the last line

    def _line(self, j: int) -> str:
        return self._text[self._starts[j]:self._starts[j + 1] - 1]

    def _keys(self, i: int) -> list[str]:
        return [self._line(j) for j in range(self._first[i], self._first[i + 1])]

    def __len__(self) -> int:
        return len(self._payloads)

    def ranked(self, query: str) -> Iterator[Any]:
        if not query:
            yield from self._payloads
            return
        seen: set[int] = set()
        for tier in (self._exacts(query), self._prefixes(query + " ", PREFIX), self._whole_words(query),
                     self._prefixes(query, PARTIAL_PREFIX), self._contained(query)):
            for i in tier:
                if i not in seen:
                    seen.add(i)
                    yield self._payloads[i]

    def _exacts(self, query: str) -> Iterator[int]:
        first = self._exact.get(query)
        return iter(()) if first is None else iter([first, *self._more.get(query, ())])

    def _prefixes(self, start: str, tier: int) -> Iterator[int]:
        """Entries with a key starting with ``start`` whose best rank is ``tier``, in entry order."""
        query = start.rstrip()
        lo = bisect_left(self._sorted, start, key=self._line)
        hits = set()
        for j in itertools.islice(self._sorted, lo, None):
            if not self._line(j).startswith(start):
                break
            hits.add(self._owner[j])
        yield from (i for i in sorted(hits) if best_rank(self._keys(i), query) == tier)

    def _whole_words(self, query: str) -> Iterator[int]:
        lists = sorted((self._words.get(w, array("I")) for w in set(query.split())), key=len)
        rest = [frozenset(x) for x in lists[1:]] if len(lists) > 1 else []
        for i in lists[0]:
            if all(i in r for r in rest) and best_rank(self._keys(i), query) == WORDS:
                yield i

    def _contained(self, query: str) -> Iterator[int]:
        """Entries in order whose best rank is CONTAINED; ``str.find`` locates the candidates, and
        keys are laid out in entry order, so the scan yields in order and stops with the page."""
        word = max(query.split(), key=len)
        last = -1
        pos = self._text.find(word)
        while pos != -1:
            line = bisect_right(self._starts, pos) - 1
            i = self._owner[line]
            if i != last and best_rank(self._keys(i), query) == CONTAINED:
                yield i
            last = i
            pos = self._text.find(word, self._starts[line + 1])
