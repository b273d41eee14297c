"""Acronym definitions written in the text: ``Learning to Optimize (L2O)``.

In the manner of Schwartz & Hearst (2003), as scispacy's abbreviation detector does: a
parenthesised short form is matched right-to-left against the words just before it; every
letter of the short form must be found in order, the first one at the start of a word.
Digits in a short form (``L2O``: "to", ``B2B``) are skipped, and a plural ``s`` is dropped.

>>> find_definitions("Recent studies on Learning to Optimize (L2O) suggest ...")
{'L2O': 'Learning to Optimize'}
>>> find_definitions("Sparsely-activated Mixture-of-Experts (SMoEs) have shown promise")
{'SMoEs': 'Sparsely-activated Mixture-of-Experts'}
>>> find_definitions("as shown in (1) and (i.e., this)")
{}
"""

from __future__ import annotations

import re

_PAREN = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9-]{1,11})\s*\)")
_WORD = re.compile(r"[^\s(]+")
_WORD_START = " \"'`"
_LATEX = re.compile(r"\\[a-z]+\{|[{}]")


def find_definitions(text: str) -> dict[str, str]:
    """Short form -> long form for every definition found (the first definition of a short form wins)."""
    out: dict[str, str] = {}
    for m in _PAREN.finditer(text):
        short = m.group(1)
        if short in out or not any(c.isupper() for c in short):
            continue
        long_form = _long_form(short, text[: m.start()])
        if long_form:
            out[short] = long_form
    return out


def short_variants(short: str) -> set[str]:
    """The spellings a defined short form is used with later (``SMoEs`` -> ``SMoE``, ``SMoEs``)."""
    base = short[:-1] if short.endswith("s") and len(short) > 2 else short
    return {base, base + "s"}


def _long_form(short: str, before: str) -> str | None:
    letters = [c.lower() for c in (short[:-1] if short.endswith("s") and len(short) > 2 else short)
               if c.isalpha()]
    if len(letters) < 2:
        return None
    words = _WORD.findall(_LATEX.sub(" ", before))
    window = words[-min(len(letters) + 5, 2 * len(letters)):]
    candidate = " ".join(window)
    start = _match(letters, candidate.lower())
    if start is None:
        return None
    long_form = candidate[start:].strip(" ,;:")
    return long_form if len(long_form) > len(short) else None


def _match(letters: list[str], long: str) -> int | None:
    """Where the long form starts in ``long`` if ``letters`` are found right-to-left, else ``None``."""
    i = len(long) - 1
    for k in range(len(letters) - 1, -1, -1):
        c = letters[k]
        while i >= 0 and not (long[i] == c and (k > 0 or i == 0 or long[i - 1] in _WORD_START)):
            i -= 1
        if i < 0:
            return None
        i -= 1
    start = i + 1
    # The long form begins at the start of the word holding its first letter.
    while start > 0 and long[start - 1] not in _WORD_START:
        start -= 1
    return start
