r"""LaTeX markup -> readable Unicode text, with pylatexenc.

Titles, abstracts and names arrive with LaTeX in them: accents (``Schr{\"o}dinger``),
case-protecting braces (``{BERT}``), dashes (``---``), quotes (``` ``…'' ```), text commands
(``\textit{de facto}``) and math (``$\ell_1$``). Math is rendered as text, not dropped:

>>> latex_to_text(r"Sparse $\ell_1$ recovery --- {BERT} and $\sqrt{E}$")
'Sparse ℓ_1 recovery — BERT and √(E)'

A script written straight after a letter (``H$_2$O``, ``M$^3$ViT``) is the typographic
idiom for a sub- or superscript and becomes one, so the folded text still reads ``h2o``:

>>> latex_to_text(r"H$_2$O and M$^3$ViT")
'H₂O and M³ViT'

Text from sources that are not BibTeX (feeds, arXiv abstracts) is LaTeX only in part: there
``~`` is "about", ``%`` a percent sign and ``&`` an ampersand, so ``bibtex=False`` keeps them:

>>> latex_to_text("~5% faster & smaller", bibtex=False)
'~5% faster & smaller'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc import latex2text
from pylatexenc.latex2text import LatexNodes2Text

# Markup that needs the LaTeX parser; text without it only has its spacing (and, in BibTeX, ties) tidied.
_PARSE = re.compile(r"[\\${}]|--|``|''")
_BARE = re.compile(r"(?<!\\)([%&#])")
_TILDE = re.compile(r"(?<!\\)~")
_SCRIPT = re.compile(r"(?<=[^\s$])\$([_^])(?:\{([^{}$\\]+)\}|([^{}$\\\s]))\$")
_SUB = dict(zip("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", strict=True))
_SUP = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
_SPACE = re.compile(r"\s+")


# Logos pylatexenc does not know (it would drop them: "A Guide to {\\LaTeX}" -> "A Guide to").
_LOGOS = {"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e", "XeTeX": "XeTeX",
          "LuaTeX": "LuaTeX", "AmS": "AMS", "AmSTeX": "AMS-TeX", "MF": "Metafont"}


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    # Math as text (``\\alpha`` -> α, ``x_1`` stays ``x_1``); spaces kept between words.
    context = latex2text.get_default_latex_context_db()
    context.add_context_category("researchgraph-logos", prepend=True,
                                 macros=[latex2text.MacroTextSpec(name, text) for name, text in _LOGOS.items()])
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces=False)


def _script(m: re.Match) -> str:
    table = _SUB if m.group(1) == "_" else _SUP
    body = m.group(2) or m.group(3)
    if all(c in table for c in body):
        return "".join(table[c] for c in body)
    return m.group(0)


def latex_to_text(text: str | None, *, bibtex: bool = True) -> str:
    """``text`` without LaTeX markup: Unicode letters, symbols and dashes, NFC, single spaces."""
    if not text:
        return ""
    words = (text.replace("~", " ") if bibtex and "\\" not in text else text).split()
    if not _PARSE.search(text):
        return " ".join(words)
    out = [_convert(" ".join(run), bibtex) if marked else " ".join(run) for marked, run in _runs(words)]
    return unicodedata.normalize("NFC", " ".join(w for w in out if w))


def _runs(words: list[str]) -> list[tuple[bool, list[str]]]:
    """Words grouped into plain runs and runs with markup; a markup run extends until its braces close and its
    ``$`` pair up, so the parser sees whole groups and formulas (and only those: it is slow on long text)."""
    runs: list[tuple[bool, list[str]]] = []
    depth = dollars = 0
    for word in words:
        marked = depth > 0 or dollars % 2 == 1 or bool(_PARSE.search(word))
        if marked:
            depth = max(0, depth + word.count("{") - word.count("\\{") - word.count("}") + word.count("\\}"))
            dollars += word.count("$") - word.count("\\$")
        if runs and runs[-1][0] == marked:
            runs[-1][1].append(word)
        else:
            runs.append((marked, [word]))
    return runs


def _convert(source: str, bibtex: bool) -> str:
    source = _BARE.sub(r"\\\1", source)  # a bare % would start a comment and & is alignment
    if not bibtex:
        source = _TILDE.sub(r"\\textasciitilde{}", source)
    source = _SCRIPT.sub(_script, source)
    try:
        out = _converter().latex_to_text(source)
    except Exception:  # pylatexenc is tolerant; anything it still cannot parse stays as written
        out = source
    return _SPACE.sub(" ", out).strip()
