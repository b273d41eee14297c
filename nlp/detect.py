"""Which format a document is: every available reader sniffs it, the most confident wins.

Readers answer a confidence in [0, 1]; below ``MIN_CONFIDENCE`` nobody claims the document and
it is an ``unknown-format`` error naming the formats that were tried. Ties go to the reader
listed first in ``nlp.readers``.
"""

from __future__ import annotations

from graph.model import Format
from nlp.errors import ExtractionError
from nlp.readers import available_formats, get_reader

MIN_CONFIDENCE = 0.3


def detect(text: str, name: str) -> Format:
    formats = available_formats()
    scores = [(get_reader(fmt).sniff(text, name), -i, fmt) for i, fmt in enumerate(formats)]
    best = max(scores, default=(0.0, 0, None))
    if best[2] is None or best[0] < MIN_CONFIDENCE:
        raise ExtractionError.of(name, "unknown-format", "one of: " + ", ".join(str(f) for f in formats),
                                 line=1, message="no reader recognised this document")
    return best[2]
