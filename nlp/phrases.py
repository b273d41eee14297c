"""Every occurrence of many multi-word phrases in a list of words, in one automaton pass.

The topic matcher used spaCy ``PhraseMatcher`` objects, which need a ``Doc`` per text; with
the taxonomy's ~4,000 patterns, building those Docs (and squeezing texts to keep them short)
cost more than the matching itself. Here the phrases go into one Aho–Corasick automaton
(``pyahocorasick``, in C) as their words joined by single spaces and framed by a space, and a
text is searched the same way: a key framed by spaces can only match whole words, so a match
is a run of words. Like ``PhraseMatcher`` it reports every match, overlapping ones included,
and a phrase added twice under the same value is reported once.

Words must hold no whitespace (the matcher's tokens never do). ``PhraseIndex(lowercase=True)``
compares words lowercased: the joined text is lowercased in one call, which gives each word's
own ``lower()`` (a space is not a cased letter, so even a final sigma comes out the same).

>>> index = PhraseIndex()
>>> index.add(("mixture", "of", "experts"), "moe")
>>> index.add(("experts",), "expert")
>>> index.add(("of",), "of")
>>> sorted(index.spans("a mixture of experts".split()))
[(1, 4, ['moe']), (2, 3, ['of']), (3, 4, ['expert'])]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import ahocorasick


class PhraseIndex:
    def __init__(self, lowercase: bool = False) -> None:
        self.lowercase = lowercase
        self._values: dict[str, tuple[int, list]] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self.words: set[str] = set()

    def add(self, words: Sequence[str], value: Hashable) -> None:
        """Report ``value`` wherever ``words`` occur (in order, one after the other)."""
        if not words:
            return
        key = f" {' '.join(words)} "
        key = key.lower() if self.lowercase else key
        _, values = self._values.setdefault(key, (len(words), []))
        if value not in values:
            values.append(value)
        self.words.update(words)
        self._automaton = None

    def spans(self, words: Sequence[str]) -> list[tuple[int, int, list]]:
        """``(start, end, values)`` for every occurrence, by end: ``words[start:end]`` is a phrase."""
        if not self._values:
            return []
        automaton = self._automaton or self._build()
        text = f" {' '.join(words)} "
        text = text.lower() if self.lowercase else text
        count, found = text.count, []
        for last, (length, values) in automaton.iter(text):
            # the key's last character is its closing space, the space after word number ``end``
            end = count(" ", 0, last)
            found.append((end - length, end, values))
        return found

    def _build(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for key, entry in self._values.items():
            automaton.add_word(key, entry)
        automaton.make_automaton()
        self._automaton = automaton
        return automaton
