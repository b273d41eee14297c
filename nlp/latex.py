r"""LaTeX markup -> readable Unicode text, with pylatexenc (and inline HTML tags dropped).

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

import logging
import re
import unicodedata
from functools import lru_cache

from pylatexenc import latex2text, latexwalker
from pylatexenc.latex2text import LatexNodes2Text

# A malformed macro in one title (\frac with one argument) is not worth a terminal warning per
# record; the text is still converted as well as it can be.
logging.getLogger("pylatexenc.latex2text").setLevel(logging.ERROR)

# Markup that needs the LaTeX parser; text without it only has its spacing (and, in BibTeX, ties) tidied.
_PARSE = re.compile(r"[\\${}]|--|``|''")
_BARE = re.compile(r"(?<!\\)([%&#])")
_TILDE = re.compile(r"(?<!\\)~")
_DEGREE = re.compile(r"\$?\^\s*(?:\{\s*\\circ\s*\}|\\circ\b)\s*\$?")  # 25$^\circ$C is 25°C
_SCRIPT = re.compile(r"(?<=[^\s$])\$([_^])(?:\{([^{}$\\]+)\}|([^{}$\\\s]))\$")
_SUB = dict(zip("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", strict=True))
_SUP = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
_SPACE = re.compile(r"\s+")
# Inline HTML that exports carry in titles (Mendeley's "\\textless i\\textgreater", Crossref's "<i>C. elegans</i>").
_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|scp|tt|u|span|mml:[a-z]+)\b[^<>]*>", re.IGNORECASE)
_CONTROL_WORD_END = re.compile(r"\\[A-Za-z]+$")


# Logos pylatexenc does not know (it would drop them: "A Guide to {\\LaTeX}" -> "A Guide to").
_LOGOS = {"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e", "XeTeX": "XeTeX",
          "LuaTeX": "LuaTeX", "AmS": "AMS", "AmSTeX": "AMS-TeX", "MF": "Metafont",
          "hyphen": "-", "slash": "/", "textdegree": "°", "textless": "<", "textgreater": ">"}

# Text-style commands pylatexenc parses but would drop with their argument ("\\textup{The good place}").
_KEEP_ARGUMENT = ("textup", "textsl", "textsf", "textmd", "textnormal", "textsc", "mbox", "hbox", "MakeUppercase",
                  "MakeLowercase", "uppercase", "lowercase", "NoCaseChange", "ensuremath", "textsuperscript",
                  "textsubscript", "text", "mathit", "mathsf", "mathtt", "mathnormal", "boldsymbol", "bm")


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    # Math as text (``\\alpha`` -> α, ``x_1`` stays ``x_1``); spaces kept between words.
    context = latex2text.get_default_latex_context_db()
    context.add_context_category("researchgraph-logos", prepend=True, macros=[
        *(latex2text.MacroTextSpec(name, text) for name, text in _LOGOS.items()),
        *(latex2text.MacroTextSpec(name, discard=False) for name in _KEEP_ARGUMENT)])
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces=False)


@lru_cache(maxsize=1)
def _parsing_context() -> latexwalker.LatexContextDb:
    # A LatexWalker built without one builds pylatexenc's whole default database anew, per call:
    # that was a third of converting a corpus abstract.
    return latexwalker.get_default_latex_context_db()


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
    if not _PARSE.search(text):
        out = " ".join((_TILDE.sub(" ", text) if bibtex else text).split())  # in BibTeX a tie is a space
    else:
        out = unicodedata.normalize("NFC", " ".join(w for w in (
            _convert(" ".join(run), bibtex) if marked else _plain(" ".join(run), bibtex)
            for marked, run in _runs(text.split())) if w))
    return " ".join(_TAG.sub("", out).split()) if "<" in out else out


def _plain(text: str, bibtex: bool) -> str:
    return " ".join(_TILDE.sub(" ", text).split()) if bibtex else text


def _runs(words: list[str]) -> list[tuple[bool, list[str]]]:
    """Words grouped into plain runs and runs with markup; a markup run extends until its braces close and its
    ``$`` pair up, so the parser sees whole groups and formulas (and only those: it is slow on long text)."""
    runs: list[tuple[bool, list[str]]] = []
    depth = dollars = 0
    glued = False  # a control word eats the space after it ("S\\o rensen" is "Sørensen")
    for word in words:
        marked = glued or depth > 0 or dollars % 2 == 1 or bool(_PARSE.search(word))
        glued = marked and _CONTROL_WORD_END.search(word) is not None
        if marked:
            depth = max(0, depth + word.count("{") - word.count("\\{") - word.count("}") + word.count("\\}"))
            dollars += word.count("$") - word.count("\\$")
        if runs and runs[-1][0] == marked:
            runs[-1][1].append(word)
        else:
            runs.append((marked, [word]))
    return runs


@lru_cache(maxsize=1 << 14)  # formulas and names come back ("$\\ell_1$", "Schr{\\"o}dinger")
def _convert(source: str, bibtex: bool) -> str:
    source = _BARE.sub(r"\\\1", source)  # a bare % would start a comment and & is alignment
    if not bibtex:
        source = _TILDE.sub(r"\\textasciitilde{}", source)
    source = _SCRIPT.sub(_script, _DEGREE.sub("°", source))
    try:
        walker = latexwalker.LatexWalker(source, latex_context=_parsing_context())
        out = _converter().nodelist_to_text(walker.get_latex_nodes()[0])
    except Exception:  # pylatexenc is tolerant; anything it still cannot parse stays as written
        out = source
    return _SPACE.sub(" ", out).strip()
