"""What every document reader provides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from graph.model import ExtractedDocument, Format, Source

# Years a record may claim: the range the free-text year search of nlp/readers/bibfields.py finds.
# Outside it ("year = {TBD}", "publication_year": 99999) the record is stored without a year and a
# ``bad-year`` problem says so: no paper of the year 99999, and none silently yearless either.
YEARS = range(1500, 2300)


@dataclass(frozen=True)
class ReadOptions:
    owner: str | None = None
    as_of: dt.date = field(default_factory=dt.date.today)


class Reader(Protocol):
    format: ClassVar[Format]

    def sniff(self, text: str, name: str) -> float:
        """Confidence in [0, 1] that ``text`` (the decoded document, named ``name``) is this format."""

    def read(self, text: str, *, source: Source, options: ReadOptions) -> ExtractedDocument:
        """Parse the document. Bad records become ``Problem`` entries (file, line, what was expected);
        the good ones are still returned. Topics are left empty: nlp/topics.py fills them in batch."""
