"""Every occurrence of many multi-word phrases in a list of words: a word trie.

The topic matcher used spaCy ``PhraseMatcher`` objects, which need a ``Doc`` per text; with
the taxonomy's ~4,000 patterns, building those Docs (and squeezing texts to keep them short)
cost more than the matching itself. Here a phrase is a sequence of words and the trie is nested
dicts keyed by word. A text is a plain list of words: one pass picks the positions whose word
starts some phrase (``itertools.compress`` over dict lookups, all in C), and only from those is the trie
walked. Like ``PhraseMatcher`` it reports every match, overlapping ones included, and a phrase
added twice under the same value is reported once. (An Aho–Corasick automaton over the text's
characters, pyahocorasick, was tried first: it gives the same matches but was no faster than
the Docs, since most of a text's characters start no phrase.)

``PhraseIndex(lowercase=True)`` compares words lowercased. Words must hold no whitespace (the
matcher's tokens never do): the text is lowercased in one call on the words joined by spaces,
which gives each word's own ``lower()`` (a space is not a cased letter, so even a final sigma
comes out the same).

>>> index = PhraseIndex()
>>> index.add(("mixture", "of", "experts"), "moe")
>>> index.add(("experts",), "expert")
>>> index.add(("of",), "of")
>>> index.spans("a mixture of experts".split())
[(1, 4, ['moe']), (2, 3, ['of']), (3, 4, ['expert'])]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import compress

_END = ""  # the key of a node's values: no word is empty


class PhraseIndex:
    def __init__(self, lowercase: bool = False) -> None:
        self.lowercase = lowercase
        self._root: dict = {}
        self.words: set[str] = set()

    def add(self, words: Sequence[str], value: Hashable) -> None:
        """Report ``value`` wherever ``words`` occur (in order, one after the other)."""
        if not words:
            return
        node = self._root
        for word in words:
            node = node.setdefault(word.lower() if self.lowercase else word, {})
        values = node.setdefault(_END, [])
        if value not in values:
            values.append(value)
        self.words.update(words)

    def spans(self, words: Sequence[str]) -> list[tuple[int, int, list]]:
        """``(start, end, values)`` for every occurrence, by start, then shortest first:
        ``words[start:end]`` is a phrase."""
        seen = " ".join(words).lower().split(" ") if self.lowercase and words else words
        root, n, found = self._root, len(seen), []
        # the positions whose word starts a phrase, found without a Python step per word
        for start in compress(range(n), map(root.__contains__, seen)):
            node, end = root[seen[start]], start + 1
            while node is not None:
                values = node.get(_END)
                if values:
                    found.append((start, end, values))
                if end == n:
                    break
                node = node.get(seen[end])
                end += 1
        return found
