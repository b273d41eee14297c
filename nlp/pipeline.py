"""Files and bytes -> ``ExtractedDocument``: decode, detect (or use the forced format), read, add topics.

One failure policy for every format: a document from which no record could be read is a failed
file (``ExtractionError``, with the first problem found as the reason); a partial read keeps
the records read and reports the rest as problems.

The source id is ``"s-" + digest(format + ":" + file name)``, so re-ingesting a file of the
same name updates that source in place; ``content_sha256`` tells whether it changed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
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


# Files a folder of exports often holds beside its documents: walked past, counted, never failed.
_NOT_DOCUMENT_NAMES = {"readme": "a readme", "manifest": "a manifest", "license": "a licence",
                       "licence": "a licence", "changelog": "a changelog", "changes": "a changelog",
                       "notice": "a notice", "copying": "a licence", "authors": "a list of authors",
                       "contributing": "contribution notes", "citation": "a citation file"}
_NOT_DOCUMENT_SUFFIXES = frozenset({
    ".md", ".rst", ".html", ".htm", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".csv",
    ".tsv", ".py", ".sh", ".zip", ".tar", ".tgz", ".7z", ".yml", ".yaml", ".toml", ".ini", ".cfg",
    ".log", ".lock", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".db", ".sqlite", ".parquet"})


@dataclass
class Skipped:
    """A path met while walking a folder and not read: ``reason`` says why."""

    path: Path
    reason: str
    kind: str = "not-a-document"  # or "unreadable-folder", "link-loop"


@dataclass
class Walk:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def not_a_document(path: Path) -> str | None:
    """Why a file found in a folder is no document to read, or None when it may be one.

    >>> not_a_document(Path("MANIFEST.json"))
    'not a document: a manifest'
    >>> not_a_document(Path("icml2022.json.gz")) is None
    True
    """
    stem = path.name.split(".", 1)[0].lower()
    if stem in _NOT_DOCUMENT_NAMES:
        return f"not a document: {_NOT_DOCUMENT_NAMES[stem]}"
    if path.suffix.lower() in _NOT_DOCUMENT_SUFFIXES:
        return f"not a document type any reader takes ({path.suffix.lower()})"
    return None


def walk(paths: Iterable[Path | str]) -> Walk:
    """Files named (always read), and the documents under folders named: sorted, hidden files and
    folders left out, non-documents (:func:`not_a_document`), unreadable folders and symbolic-link
    loops skipped with the reason."""
    out = Walk()
    for path in map(Path, paths):
        if path.is_dir():
            _walk_folder(path, out)
        else:
            out.files.append(path)
    return out


def _walk_folder(root: Path, out: Walk) -> None:
    seen = {os.path.realpath(root)}
    found: list[Path] = []

    def unreadable(err: OSError) -> None:
        out.skipped.append(Skipped(Path(err.filename or root), f"unreadable folder ({err.strerror})",
                                   "unreadable-folder"))

    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        keep = []
        for d in sorted(dirs):
            sub = Path(folder) / d
            if d.startswith("."):
                continue
            real = os.path.realpath(sub)
            if real in seen:
                out.skipped.append(Skipped(sub, f"a link back to a folder already read ({real})", "link-loop"))
                continue
            seen.add(real)
            keep.append(d)
        dirs[:] = keep
        for name in names:
            if not name.startswith("."):
                found.append(Path(folder) / name)
    for path in sorted(found):
        reason = not_a_document(path)
        if reason:
            out.skipped.append(Skipped(path, reason))
        elif path.is_file():
            out.files.append(path)


def iter_files(paths: Iterable[Path | str]) -> list[Path]:
    """The files :func:`walk` would read."""
    return walk(paths).files


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
                  matcher: TopicMatcher | None = None, max_unpacked: int | None = None) -> ExtractedDocument:
    """Read one document. ``matcher`` defaults to the shipped taxonomy's (built once per process);
    ``max_unpacked`` bounds what a gzip stream may unpack to (nlp.decode)."""
    text = decode(data, name, max_unpacked=max_unpacked)
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
    from graph.sketches import carry_sketches

    carry_sketches(doc)  # in the reader's process, beside the one that merges
    return doc
