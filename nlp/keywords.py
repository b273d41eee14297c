"""Author keywords and primary areas mapped to taxonomy topics (the mapping is the data file's).

A keyword names a topic when, once normalised, it *is* one of the topic's names: an alias
(with the spellings ``nlp.topics`` matches: hyphen or space, singular or plural), an acronym
(any case: a keyword "gan" is the acronym, not a word), the label, the id, or an entry of
``keyword_aliases`` (names no alias should match in running text, such as SIGGRAPH's
"Modeling"). Normalising lowercases, folds spaces and drops what venues wrap around a name:
a parenthesised acronym ("Parameter-Efficient Fine-Tuning (PEFT)"), an ACM MM bracket
("[Content] Vision and Language") and an AAAI session number ("Computer Vision II").

Structured areas ("Machine Learning: Deep Reinforcement Learning", IJCAI) are tried from the
most specific part to the broadest; the first part that names a topic decides. A keyword that
names nothing is left to the caller (``TopicMatcher`` then matches it as a phrase).

>>> m = KeywordMap({"graph neural network": {"graph-neural-networks"}, "cv": {"computer-vision"}})
>>> m.lookup("Graph Neural Network"), m.lookup("Computer Vision: CV: Applications")
({'graph-neural-networks'}, {'computer-vision'})
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_BRACKET = re.compile(r"^\[[^\]]*\]\s*")
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*$")
_SESSION = re.compile(r"\s+(?:i{1,3}|iv|v|vi{0,3})$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_INNER_PAREN = re.compile(r"\s*\([^)]*\)")


def normalise(keyword: str, keep_case: bool = False) -> str:
    """``"[Content] Vision and Language"`` -> ``"vision and language"``.

    >>> normalise("  Computer Vision II "), normalise("Parameter-Efficient Fine-Tuning (PEFT)")
    ('computer vision', 'parameter-efficient fine-tuning')
    >>> normalise("[Content] Offline RL II", keep_case=True)
    'Offline RL'
    """
    text = _SPACE.sub(" ", keyword.strip() if keep_case else keyword.strip().lower())
    text = _PAREN.sub("", _BRACKET.sub("", text))
    return _SESSION.sub("", text).strip(" .,;")


class KeywordMap:
    """Normalised name -> topic ids; built by ``TopicMatcher`` from the taxonomy."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self._names = {k: frozenset(v) for k, v in names.items()}

    def lookup(self, keyword: str) -> set[str]:
        """The topics ``keyword`` names (empty when it names none)."""
        for part in parts(keyword):
            found = self._names.get(part) or self._names.get(_INNER_PAREN.sub("", part).strip())
            if found:
                return set(found)
        return set()


def parts(keyword: str, keep_case: bool = False) -> list[str]:
    """What to try, in order: the whole keyword, then its ``:``-parts from the last
    (lowercased unless ``keep_case``: acronyms are matched in a keyword's own case).

    >>> parts("Machine Learning: Deep Learning")
    ['machine learning: deep learning', 'deep learning', 'machine learning']
    """
    whole = normalise(keyword, keep_case)
    pieces = [normalise(p, keep_case) for p in whole.split(":")] if ":" in whole else []
    return [p for p in dict.fromkeys([whole, *reversed(pieces)]) if p]
