"""``arxiv-listing``: abstracts, each ENDED by its arXiv id; no titles, no authors.

Format::

    <abstract, one or more lines>
    [comment line: "Accepted in WACV 2023", "AAAI 2023", a code link, ...]
    arXiv:2302.11085<the next abstract may start right here, on the same line>

The record before an id is everything since the previous id. A short last line is the
comment: a venue is taken from it when it names one ("<ACRONYM> <YEAR>"), and its links are
kept. Year and month come from the id (``YYMM``), precision month. Old-style ids
(``hep-th/9901001``) work the same way.

The document does not name its researcher: ``ReadOptions.owner`` (CLI ``--owner``) is added
to every paper with evidence ``profile``. Without it the papers have no authors
(``authors_complete`` False); the ingest report warns ``no-owner`` for the records that are
still without authors once merged (one that joined a feed's paper has the feed's authors).
Text after the last id is a ``truncated-record`` problem.
"""

from __future__ import annotations

import re
from typing import ClassVar

from graph.ids import slugify
from graph.model import DatePrecision, ExtractedDocument, Format, PaperClaim, Problem, Source
from nlp.errors import ExtractionError
from nlp.latex import latex_to_text
from nlp.readers.base import ReadOptions
from nlp.text import ARXIV_MARK, arxiv_year_month, links_and_repositories, normalise_venue, with_owner

MAX_COMMENT = 300
_STATUS = re.compile(r"\b(spotlight|oral|poster|accepted|to appear)\b", re.IGNORECASE)


class ArxivListingReader:
    format: ClassVar[Format] = Format.ARXIV_LISTING

    def sniff(self, text: str, name: str) -> float:
        marks = list(ARXIV_MARK.finditer(text))
        if not marks:
            return 0.0
        # Ids that end records sit at a line end or are glued to the next text.
        enders = sum(1 for m in marks if m.start() == 0 or text[m.start() - 1] == "\n")
        return min(0.95, 0.3 + 0.15 * enders)

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        marks = list(ARXIV_MARK.finditer(text))
        if not marks:
            raise ExtractionError.of(source.name, "no-records", "abstracts each ended by an 'arXiv:YYMM.NNNNN' line",
                                     line=1)
        papers: list[PaperClaim] = []
        problems: list[Problem] = []
        prev_end = 0
        for m in marks:
            claim = _record(text, prev_end, m, source, options.owner, problems)
            if claim is not None:
                papers.append(claim)
            prev_end = m.end()
        tail = text[prev_end:].strip()
        if tail:
            problems.append(Problem(file=source.name, line=_line(text, prev_end), kind="truncated-record",
                                    expected="an 'arXiv:YYMM.NNNNN' id ending the last abstract"))
        if not papers:
            raise ExtractionError(problems[0])
        owner = options.owner
        src = source.model_copy(update={"records": len(papers), "owner_id": slugify(owner) if owner else None})
        return ExtractedDocument(source=src, owner=owner, papers=papers, problems=problems)


def _record(text: str, start: int, mark: re.Match, source: Source, owner: str | None,
            problems: list[Problem]) -> PaperClaim | None:
    arxiv_id = mark.group(1)
    lines = [ln.strip() for ln in text[start:mark.start()].split("\n") if ln.strip()]
    line_no = _line(text, mark.start())
    if not lines:
        problems.append(Problem(file=source.name, line=line_no, kind="empty-record",
                                expected=f"an abstract before arXiv:{arxiv_id}"))
        return None
    comment = lines.pop() if len(lines) > 1 and len(lines[-1]) <= MAX_COMMENT else None
    abstract = " ".join(lines)
    repos, links = links_and_repositories(abstract + "\n" + (comment or ""))
    ym = arxiv_year_month(arxiv_id)
    found = [s.lower() for s in _STATUS.findall(comment or "")]
    # "accepted ... as a spotlight": the presentation kind says more than "accepted".
    status = next((s for s in found if s not in {"accepted", "to appear"}), found[0] if found else None)
    return PaperClaim(
        source_id=source.id, locator=f"line {line_no}", abstract=latex_to_text(abstract, bibtex=False),
        arxiv_id=arxiv_id,
        year=ym[0] if ym else None, date=f"{ym[0]:04d}-{ym[1]:02d}-01" if ym else None,
        date_precision=DatePrecision.MONTH if ym else None,
        venue=normalise_venue(comment) if comment else None,
        status=status,
        has_code=True if repos else None, authors=with_owner([], owner), authors_complete=False,
        repositories=repos, links=links)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


READER = ArxivListingReader()
