"""Ingestion: files -> extracted documents -> merged batches -> the store, with one report.

A file that cannot be read is reported (file, line, what was expected) and skipped; every
other file is still stored. Documents are merged in batches of claims so memory stays flat
on the corpus. Each batch is committed as one transaction (the embedded store's SQLite, Neo4j's
write transactions), so a run killed midway keeps every batch it committed and none by half;
the run's last batch re-decides who is who (graph/identity.py) over everything it wrote.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from graph.merge import Merger, MergeStats
from graph.model import ExtractedDocument, Format, Paper, Problem, Topic
from graph.store import GraphStore
from nlp.readers.base import ReadOptions

BATCH_CLAIMS = 5_000
RESULT_PIPE_BYTES = 1 << 20
READ_AHEAD = 32  # files per reader: with 8 the reader sat idle while a large batch was merged
PARALLEL_MIN_FILES = 4  # below this, starting worker processes costs more than it saves
# The cyclic collector's thresholds while a run reads and merges (Python's are (700, 10, 10)). A
# run allocates millions of records that all stay alive and make no cycles, so each young
# collection scans work that will never be garbage; see bulk_collector().
BULK_GC_THRESHOLDS = (100_000, 50, 1000)
# Readers run at a lower priority than the merging process, which is the run's critical path: with
# one reader per core they use what it leaves, and never take its core while it has work.
READER_NICE = 10


class FileReport(BaseModel):
    name: str
    format: str | None = Field(None, description="the format detected (or forced)")
    records: int = 0
    problems: list[str] = Field(default_factory=list, description="'file:line: kind: expected ...'")
    failed: bool = Field(False, description="nothing of this file could be read")
    skipped: str | None = Field(None, description="why a path met in a folder was not read (not a document, "
                                                  "an unreadable folder, a link loop)")


class IngestTotals(BaseModel):
    files: int = 0
    failed_files: int = 0
    skipped_files: int = 0
    records: int = 0
    papers_new: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    researchers_written: int = 0
    warnings: dict[str, int] = Field(default_factory=dict, description="problems counted by kind")


class IngestReport(BaseModel):
    files: list[FileReport] = Field(default_factory=list)
    totals: IngestTotals = Field(default_factory=IngestTotals)
    nodes_before: dict[str, int] = Field(default_factory=dict)
    nodes_after: dict[str, int] = Field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(f.failed for f in self.files)


class Progress(Protocol):
    """What a caller hears of a run: the files to read (known before any is read), then each
    file as it is merged, in file order; skipped paths come first."""

    def start(self, files: list[Path]) -> None: ...

    def file_done(self, entry: FileReport) -> None: ...

    def finishing(self) -> None:
        """Every file is read; the last batch is being merged and the store made durable."""


def ingest(paths: Iterable[str | Path], store: GraphStore, *, fmt: Format | str | None = None,
           options: ReadOptions | None = None, matcher: Any = None,
           progress: Progress | None = None, workers: int = 0) -> IngestReport:
    """Ingest files and folders (folders are walked by ``nlp.pipeline.iter_files``).

    With ``workers >= 1`` (and the shipped taxonomy, ``matcher=None``) files are read in that
    many worker processes while this one merges and writes: reading and topic matching are
    half the work of a corpus run. Results are still merged in file order, so the graph is the
    same as when this process reads them itself (``workers=0``).
    """
    from nlp.pipeline import extract_file, walk

    found = walk([Path(p) for p in paths])
    files = found.files
    skipped = [FileReport(name=str(s.path), skipped=s.reason) for s in found.skipped]
    if progress:
        progress.start(files)
        for entry in skipped:
            progress.file_done(entry)
    kwargs = _kwargs(fmt, options, matcher)
    with bulk_collector():
        if workers >= 1 and matcher is None and len(files) >= PARALLEL_MIN_FILES:
            with _pool(workers) as pool:
                return _run(_ahead(pool, extract_file, files, kwargs, workers), store, _topics(None), progress,
                            skipped)
        return _run(((str(f), lambda f=f: extract_file(f, **kwargs)) for f in files), store, _topics(matcher),
                    progress, skipped)


@contextmanager
def bulk_collector() -> Iterator[None]:
    """Run the cyclic collector less often while files are read and merged, then as before.
    A corpus run spent ~20% of the merging process's time in young collections: its merge 27 s
    and writes 14 s took 22 s and 10 s with :data:`BULK_GC_THRESHOLDS`, at the same peak memory
    (docs/benchmarks.md). What is stored is frozen out of the collector's way after each batch."""
    before = gc.get_threshold()
    gc.set_threshold(*BULK_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _pool(workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the parent may hold a large loaded graph (or serve threads)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_reader_start, initargs=(os.getpid(),))
    _widen_result_pipe(pool)
    return pool


def _widen_result_pipe(pool) -> None:
    """Readers send documents (up to ~4 MB pickled) through a pipe of 64 KB. The pool's result
    thread in this process takes each 64 KB in turn, but only when it gets the GIL from the
    merge, so the reader stalled mid-send. On Linux the pipe is widened to 1 MB (the unprivileged
    limit); on the corpus this cut the time the merge waits for documents from 20-26 s to 13-15 s.
    The pipe is CPython's ProcessPoolExecutor's own, so where it is not found nothing changes."""
    import contextlib

    with contextlib.suppress(ImportError, AttributeError, OSError, ValueError, TypeError):
        import fcntl

        fcntl.fcntl(pool._result_queue._reader.fileno(), fcntl.F_SETPIPE_SZ, RESULT_PIPE_BYTES)


def _reader_start(parent: int) -> None:
    """A reader process must not outlive the ingest that started it (``kill -9`` of the parent
    left ~145 MB readers behind for good): the kernel kills it when the parent dies (Linux's
    PR_SET_PDEATHSIG), and a watchdog thread checks the parent anyway where that is missing."""
    import contextlib
    import threading
    import time

    from graph.fork import die_with_parent

    gc.set_threshold(*BULK_GC_THRESHOLDS)  # a reader process lives for one run
    with contextlib.suppress(OSError, AttributeError):  # no os.nice on Windows
        os.nice(READER_NICE)
    die_with_parent(parent)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _ahead(pool, extract: Callable[..., ExtractedDocument], files: list[Path], kwargs: dict,
           workers: int) -> Iterator[tuple[str, Callable[[], ExtractedDocument]]]:
    """(name, result getter) in file order. At most ``READ_AHEAD * workers`` files are read
    ahead: enough to keep the workers busy while a batch is merged, few enough that documents
    waiting to be merged never pile up in memory."""
    queue: deque = deque()
    pending = iter(files)
    for path in itertools.islice(pending, READ_AHEAD * workers):
        queue.append((path, pool.submit(extract, path, **kwargs)))
    while queue:
        path, future = queue.popleft()
        yield str(path), future.result
        for nxt in itertools.islice(pending, 1):
            queue.append((nxt, pool.submit(extract, nxt, **kwargs)))
    # every document is in: the readers go before the run's last step, which forks (graph/fork.py)
    pool.shutdown()


def ingest_bytes(data: bytes, name: str, store: GraphStore, *, fmt: Format | str | None = None,
                 options: ReadOptions | None = None, matcher: Any = None,
                 max_unpacked: int | None = None) -> IngestReport:
    """One uploaded document (``POST /v1/ingest``); the same report as the CLI. ``max_unpacked``
    bounds a gzip upload's unpacked size (the upload limit counts unpacked bytes too)."""
    from nlp.pipeline import extract_bytes

    kwargs = _kwargs(fmt, options, matcher)
    return _run([(name, lambda: extract_bytes(data, name, max_unpacked=max_unpacked, **kwargs))],
                store, _topics(matcher), None)


def _kwargs(fmt: Format | str | None, options: ReadOptions | None, matcher: Any) -> dict:
    return {"fmt": Format(fmt) if fmt else None, "options": options or ReadOptions(), "matcher": matcher}


def _run(jobs: Iterable[tuple[str, Callable[[], ExtractedDocument]]], store: GraphStore, topics: list[Topic],
         progress: Progress | None, skipped: list[FileReport] = ()) -> IngestReport:
    report = IngestReport(nodes_before=_nodes(store), files=list(skipped))
    merger = Merger(store, topics=topics)
    pending: list[ExtractedDocument] = []
    warnings: Counter[str] = Counter()
    authorless = _Authorless()
    for name, extract in jobs:
        entry, doc = _extract(name, extract, warnings)
        report.files.append(entry)
        if doc is not None:
            authorless.expect(doc, entry)
            pending.append(doc)
            if sum(len(d.papers) for d in pending) >= BATCH_CLAIMS:
                _write(merger, pending, store, report, authorless)
                pending = []
        if progress:
            progress.file_done(entry)
    if progress:
        progress.finishing()
    _write(merger, pending, store, report, authorless)
    for people in merger.finish_batches():  # one transaction, written a part at a time
        authorless.seen(people.papers)
        report.totals.researchers_written += len(people.researchers)
        store.upsert_batch(people)
    store.flush()
    authorless.report(warnings)
    _totals(report, merger.stats, warnings)
    report.nodes_after = _nodes(store)
    return report


class _Authorless:
    """Which files' records ended in papers with no authors once everything was merged: a record
    of an arXiv listing that joined a feed's paper has authors, and earns no warning."""

    def __init__(self) -> None:
        # source id -> (its report, its file name, whether an --owner would help, its record count);
        # not the document itself: a run must not hold every claim it read until it ends
        self._files: dict[str, tuple[FileReport, str, bool, int]] = {}
        self._papers: dict[str, frozenset[str]] = {}  # authorless paper id -> its source ids

    def expect(self, doc: ExtractedDocument, entry: FileReport) -> None:
        owner_hint = doc.owner is None and doc.source.format == Format.ARXIV_LISTING
        self._files[doc.source.id] = (entry, doc.source.name, owner_hint, len(doc.papers))

    def seen(self, papers: Iterable[Paper]) -> None:
        for p in papers:
            if p.authors:
                self._papers.pop(p.id, None)
            else:
                self._papers[p.id] = frozenset(c.source_id for c in p.claims)

    def report(self, warnings: Counter[str]) -> None:
        counts = Counter(s for sources in self._papers.values() for s in sources if s in self._files)
        for source_id, n in sorted(counts.items()):
            entry, name, owner_hint, records = self._files[source_id]
            problem = Problem(
                file=name, kind="no-owner" if owner_hint else "no-authors",
                expected="--owner NAME: an arXiv listing does not name its researcher" if owner_hint
                else "records that name their authors",
                message=f"{n} of {records} records stored as papers without authors")
            entry.problems.append(str(problem))
            warnings[problem.kind] += 1


def _extract(name: str, extract: Callable[[], ExtractedDocument],
             warnings: Counter[str]) -> tuple[FileReport, ExtractedDocument | None]:
    from nlp.errors import ExtractionError

    try:
        doc = extract()
    except ExtractionError as exc:
        problem: Problem = exc.problem
        warnings[problem.kind] += 1
        return FileReport(name=name, problems=[str(problem)], failed=True), None
    except (Exception, RecursionError) as exc:
        problem = Problem(file=Path(name).name, kind="reader-error", expected="a document its reader can read",
                          message=f"{type(exc).__name__}: {str(exc)[:200]}")
        warnings[problem.kind] += 1
        return FileReport(name=name, problems=[str(problem)], failed=True), None
    warnings.update(p.kind for p in doc.problems)
    return FileReport(name=name, format=str(doc.source.format), records=len(doc.papers),
                      problems=[str(p) for p in doc.problems]), doc


def _write(merger: Merger, docs: list[ExtractedDocument], store: GraphStore, report: IngestReport,
           authorless: _Authorless) -> None:
    if not docs:
        return
    batch = merger.merge(docs)
    store.upsert_batch(batch)
    store.flush()  # one transaction per batch: a crash keeps every batch before it
    authorless.seen(batch.papers)
    # What is merged and stored lives on: frozen, later batches' collections skip it (a corpus
    # run otherwise spends a third of its time re-scanning the growing graph).
    gc.freeze()


def _totals(report: IngestReport, stats: MergeStats, warnings: Counter[str]) -> None:
    t = report.totals
    t.files = sum(f.skipped is None for f in report.files)
    t.failed_files = sum(f.failed for f in report.files)
    t.skipped_files = sum(f.skipped is not None for f in report.files)
    t.records = sum(f.records for f in report.files)
    t.papers_new, t.papers_updated, t.papers_unchanged = stats.new, stats.updated, stats.unchanged
    t.warnings = dict(sorted(warnings.items()))


def _topics(matcher: Any) -> list[Topic]:
    """The taxonomy the documents were matched against (the shipped one when ``matcher`` is None)."""
    if matcher is None:
        from nlp.topics import taxonomy_topics

        return taxonomy_topics()
    topics = getattr(matcher, "topics", None)
    return list(topics()) if callable(topics) else []


def _nodes(store: GraphStore) -> dict[str, int]:
    return dict(store.get_stats().nodes)
