"""Files and bytes -> ``ExtractedDocument``: decode, detect (or use the forced format), read, add topics.

One failure policy for every format: a document from which no record could be read is a failed
file (``ExtractionError``, with the first problem found as the reason); a partial read keeps
the records read and reports the rest as problems.

The source id is ``"s-" + digest(format + ":" + file name)``, so re-ingesting a file of the
same name updates that source in place; ``content_sha256`` tells whether it changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from graph.ids import digest
from graph.model import ExtractedDocument, Format, Problem, Source
from nlp.decode import decode
from nlp.detect import detect
from nlp.errors import ExtractionError
from nlp.readers import get_reader
from nlp.readers.base import ReadOptions

if TYPE_CHECKING:
    from nlp.topics import TopicMatcher


def iter_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files named, and the files under folders named (sorted, hidden files and folders skipped)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*"))
                       if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            out.append(path)
    return out


def _nothing_read(doc: ExtractedDocument, name: str, fmt: Format) -> Problem:
    if doc.problems:
        first = doc.problems[0]
        more = f"; {len(doc.problems) - 1} more problem(s)" if len(doc.problems) > 1 else ""
        return first.model_copy(update={"message": (first.message + "; " if first.message else "")
                                        + f"no record could be read{more}"})
    return Problem(file=name, line=1, kind="no-records", expected=f"at least one {fmt} record",
                   message="the document holds no records")


def extract_file(path: Path, *, fmt: Format | None = None, options: ReadOptions | None = None,
                 matcher: TopicMatcher | None = None) -> ExtractedDocument:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExtractionError.of(Path(path).name, "unreadable-file", "a readable file",
                                 message=exc.strerror or str(exc)) from exc
    return extract_bytes(data, Path(path).name, fmt=fmt, options=options, matcher=matcher)


def extract_bytes(data: bytes, name: str, *, fmt: Format | None = None, options: ReadOptions | None = None,
                  matcher: TopicMatcher | None = None) -> ExtractedDocument:
    """Read one document. ``matcher`` defaults to the shipped taxonomy's (built once per process)."""
    text = decode(data, name)
    fmt = Format(fmt) if fmt else detect(text, name)
    source = Source(id="s-" + digest(f"{fmt}:{name}"), format=fmt, name=name,
                    content_sha256=hashlib.sha256(data).hexdigest())
    doc = get_reader(fmt).read(text, source=source, options=options or ReadOptions())
    if not doc.papers:
        raise ExtractionError(_nothing_read(doc, name, fmt))
    if matcher is None:
        from nlp.topics import TopicMatcher

        matcher = TopicMatcher.from_data()
    matcher.annotate(doc.papers)
    return doc
