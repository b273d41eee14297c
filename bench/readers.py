"""Reader quality on real exports, against an independent reference (issue 13).

    python -m bench.readers /tmp/readers            # every .bib, .xml and .json under the folder
    python -m bench.readers a.bib feed.xml --show 20  # and print up to 20 disagreements per measure

For each file the reader's records are matched to a reference read by other code:

- BibTeX: pybtex's parser (macros, ``#``, name parts), LaTeX decoded with latexcodec, years
  from ``year`` / ``date`` / the crossref parent, DOI from ``doi`` (or a doi.org link in
  ``url``), arXiv id from ``eprint`` / ``arxivid`` / an ``arXiv:`` mark. Records are paired by
  the line of their ``@type{key,`` head.
- arXiv Atom: lxml, entry by entry (id, title, authors, published year, ``arxiv:doi``).
- OpenAlex: the JSON as it is (``display_name``, ``authorships``, ``publication_year``, ``doi``).

Per format it prints the recall of works and the share of matched works whose author list,
title, year and ids equal the reference's, and the works lost silently (neither read nor
reported as a problem). Titles whose source carries math are compared on what both sides keep
of the math (``$``, ``_``, ``^``, braces and backslashes dropped, NFKC: H₂O and H_2O are H2O),
since latexcodec leaves math alone; every disagreement can be listed with ``--show`` for a hand
check. Nothing here asserts: figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import codecs
import re
import sys
import unicodedata
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from lxml import etree
from pybtex import errors as pybtex_errors
from pybtex.database import parse_string

from nlp.errors import ExtractionError
from nlp.pipeline import extract_bytes

MEASURES = ("authors", "title", "year", "ids")
_SPACE = re.compile(r"\s+")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)


class _NoTopics:
    def annotate(self, papers) -> None:  # topics are not measured here
        return None


@dataclass
class Tally:
    files: list[str] = field(default_factory=list)
    works: int = 0
    read: int = 0
    reported: int = 0
    silent: list[str] = field(default_factory=list)
    compared: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    equal: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    diffs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unchecked: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def score(self, measure: str, ours, theirs, where: str) -> None:
        if theirs is None and ours is None:
            return
        if _undecoded(theirs):  # the reference kept a command latexcodec does not know: checked by hand
            self.unchecked[measure].append(f"{where}: ours={ours!r} reference={theirs!r}")
            return
        self.compared[measure] += 1
        if ours == theirs:
            self.equal[measure] += 1
        else:
            self.diffs[measure].append(f"{where}: ours={ours!r} reference={theirs!r}")


def _norm(text: str | None) -> str | None:
    if text is None:
        return None
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip()) or None


def _undecoded(value) -> bool:
    values = value if isinstance(value, list | tuple) else [value]
    return any(isinstance(v, str) and "\\" in v for v in values)


def _math_free(text: str | None) -> str | None:
    """A title with its math reduced to the characters both sides keep (H₂O, H_2O -> H2O)."""
    if text is None:
        return None
    return _norm(re.sub(r"[$_^{}\\]", "", unicodedata.normalize("NFKC", text).replace("\u2212", "-")))


def _delatex(text: str) -> str:
    try:
        out = codecs.decode(text, "ulatex")
    except Exception:
        out = text
    return _norm(out.replace("{", "").replace("}", "").replace("~", " ")) or ""


# ---------------------------------------------------------------- BibTeX reference

def _bib_reference(text: str) -> dict[int, dict]:
    """line of the entry head -> reference record."""
    pybtex_errors.set_strict_mode(False)
    data = parse_string(text, "bibtex")
    heads = {}
    for m in re.finditer(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^\s,]+)[ \t]*,", text, re.MULTILINE):
        heads.setdefault(m.group(2).lower(), text.count("\n", 0, m.start()) + 1)
    out = {}
    for key, entry in data.entries.items():
        line = heads.get(key.lower())
        if line is None:
            continue
        f = {k.lower(): v for k, v in entry.fields.items()}
        parent = data.entries.get(f.get("crossref", ""))
        out[line] = {"key": key, "title": _bib_title(f.get("title", "")),
                     "math": "$" in f.get("title", ""),
                     "authors": _bib_people(entry.persons.get("author") or entry.persons.get("editor") or []),
                     "year": _bib_year(f) or (_bib_year({k.lower(): v for k, v in parent.fields.items()})
                                              if parent else None),
                     "ids": _bib_ids(f)}
    return out


def _bib_title(raw: str) -> str | None:
    return _delatex(raw.replace("$", "")) or None


def _bib_people(persons) -> list[str] | None:
    names = []
    for p in persons:
        parts = [*p.first_names, *p.middle_names, *p.prelast_names, *p.last_names, *p.lineage_names]
        name = _delatex(" ".join(parts))
        if name.lower() != "others":
            names.append(name)
    return names or None


def _bib_year(f: dict) -> int | None:
    m = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", f.get("year", "")) or re.match(r"\s*(\d{4})", f.get("date", ""))
    return int(m.group(1)) if m else None


def _bib_doi(f: dict) -> str | None:
    for key in ("doi", "url"):
        value = f.get(key, "")
        value = urllib.parse.unquote(value)
        value = re.sub(r"/(abstract|full|pdf|epdf)$", "", value.strip())
        m = _DOI.search(value.replace("\\_", "_"))
        if m:
            return m.group(0).split("?")[0].rstrip(".").lower()
    return None


def _bib_ids(f: dict) -> tuple[str | None, str | None]:
    doi = _bib_doi(f)
    arxiv_doi = re.match(r"10\.48550/arxiv\.(\S+)", doi or "")  # arXiv's DataCite DOI names the id
    return doi, arxiv_doi.group(1) if arxiv_doi else _bib_arxiv(f)


def _bib_arxiv(f: dict) -> str | None:
    prefix = (f.get("archiveprefix") or f.get("eprinttype") or "arxiv").lower()
    for value in ([f.get("eprint", "")] if prefix == "arxiv" else []) + [f.get("arxivid", "")]:
        m = _ARXIV.fullmatch(re.sub(r"^arXiv:", "", value.strip(), flags=re.IGNORECASE))
        if m:
            return m.group(1)
    for key in ("journal", "number", "note", "url", "volume", "howpublished"):
        m = re.search(r"(?:arXiv:\s*|arxiv\.org/(?:abs|pdf)/|^abs/)" + _ARXIV.pattern, f.get(key, ""), re.IGNORECASE)
        if m:
            return m.group(1)
    return None


# ---------------------------------------------------------------- Atom and OpenAlex references

_A = "{http://www.w3.org/2005/Atom}"
_X = "{http://arxiv.org/schemas/atom}"


def _atom_reference(data: bytes) -> dict[int, dict]:
    root = etree.fromstring(data, etree.XMLParser(recover=False))
    out = {}
    for i, e in enumerate(root.findall(f"{_A}entry")):
        entry_id = e.findtext(f"{_A}id") or ""
        if "/abs/" not in entry_id:
            continue
        arxiv = re.sub(r"v\d+$", "", entry_id.split("/abs/")[-1])
        doi = (e.findtext(f"{_X}doi") or "").strip().lower() or None
        raw_title = e.findtext(f"{_A}title") or ""
        latex = any(mark in raw_title for mark in ("$", "\\", "--", "``"))
        out[i] = {"key": arxiv, "title": _delatex(raw_title.replace("$", "")) if latex else _norm(raw_title),
                  "math": "$" in raw_title,
                  "authors": [_norm(a.findtext(f"{_A}name")) for a in e.findall(f"{_A}author")] or None,
                  "year": int((e.findtext(f"{_A}published") or "0000")[:4]) or None, "ids": (doi, arxiv)}
    return out


def _openalex_reference(text: str) -> dict[int, dict]:
    import json

    data = json.loads(text)
    works = data["results"] if isinstance(data, dict) and "results" in data else data if isinstance(data, list) \
        else [data]
    out = {}
    for i, w in enumerate(works):
        doi = (w.get("doi") or "").lower().replace("https://doi.org/", "") or None
        arxiv = (w.get("ids") or {}).get("arxiv")
        out[i] = {"key": w.get("id"), "title": _norm(w.get("display_name") or w.get("title")), "math": False,
                  "authors": [_norm((a.get("author") or {}).get("display_name")) for a in w.get("authorships") or []]
                  or None, "year": w.get("publication_year"),
                  "ids": (doi, arxiv.rsplit("/", 1)[-1] if arxiv else None)}
    return out


# ---------------------------------------------------------------- comparing

def _where(claim) -> int:
    number = int(claim.locator.split()[-1])
    return number


def measure(path: Path, tally: Tally) -> None:
    data = path.read_bytes()
    fmt = {".bib": "bibtex", ".xml": "arxiv-atom", ".json": "openalex"}[path.suffix]
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")  # lines as we count
    reference = (_bib_reference(text) if fmt == "bibtex" else _atom_reference(data) if fmt == "arxiv-atom"
                 else _openalex_reference(text))
    try:
        doc = extract_bytes(data, path.name, matcher=_NoTopics())
        ours, problems = {_where(c): c for c in doc.papers}, doc.problems
    except ExtractionError as exc:
        ours, problems = {}, [exc.problem]
    reported = {p.line if p.line is not None else p.index for p in problems}
    tally.files.append(f"{path.name} ({len(reference)})")
    for at, ref in reference.items():
        if ref["title"] is None:
            continue  # not a work for either side (IEEEtran control entries, comments)
        tally.works += 1
        claim = ours.get(at)
        if claim is None:
            if at in reported:
                tally.reported += 1
            else:
                tally.silent.append(f"{path.name}:{at} {ref['key']}")
            continue
        tally.read += 1
        where = f"{path.name}:{at} {ref['key']}"
        tally.score("authors", [a.name for a in claim.authors] or None, ref["authors"], where)
        if _undecoded(ref["title"]):
            tally.score("title", claim.title, ref["title"], where)  # counted "by hand"
        elif ref["math"]:  # latexcodec leaves math as it is: compare what both keep of it
            tally.score("title", _math_free(claim.title), _math_free(ref["title"]), where)
        else:
            tally.score("title", _norm(claim.title), ref["title"], where)
        tally.score("year", claim.year, ref["year"], where)
        tally.score("ids", (claim.doi, claim.arxiv_id), ref["ids"], where)


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}% ({n}/{d})" if d else "—"


def report(tallies: dict[str, Tally], show: int) -> str:
    lines = ["| format | files (entries) | works | recall | authors | titles | years | ids | silent loss |",
             "|---|---|---|---|---|---|---|---|---|"]
    for fmt, t in tallies.items():
        cells = [_pct(t.equal[m], t.compared[m]) + (f", {len(t.unchecked[m])} by hand" if t.unchecked[m] else "")
                 for m in MEASURES]
        lines.append(f"| {fmt} | {', '.join(t.files)} | {t.works} | {_pct(t.read, t.works)} "
                     f"(+{t.reported} reported) | {' | '.join(cells)} | {len(t.silent)} |")
    for fmt, t in tallies.items():
        for measure_name, diffs in t.diffs.items():
            for d in diffs[:show]:
                lines.append(f"- {fmt} {measure_name}: {d}")
        for measure_name, rows in t.unchecked.items():
            for d in rows[:show]:
                lines.append(f"- {fmt} {measure_name} (reference undecoded, check by hand): {d}")
        for s in t.silent[:show]:
            lines.append(f"- {fmt} lost silently: {s}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0, help="disagreements to list per measure")
    args = parser.parse_args(argv)
    files = sorted(p for root in args.paths for p in ([root] if root.is_file() else root.rglob("*"))
                   if p.suffix in {".bib", ".xml", ".json"})
    tallies: dict[str, Tally] = {}
    for path in files:
        fmt = {".bib": "bibtex", ".xml": "arxiv-atom", ".json": "openalex"}[path.suffix]
        measure(path, tallies.setdefault(fmt, Tally()))
    print(report(tallies, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
