"""Ingestion: files -> extracted documents -> merged batches -> the store, with one report.

A file that cannot be read is reported (file, line, what was expected) and skipped; every
other file is still stored. Documents are merged in batches of claims so memory stays flat
on the corpus, and the store is flushed once, at the end, so a run is one atomic snapshot.
"""

from __future__ import annotations

import gc
import itertools
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from graph.merge import Merger, MergeStats
from graph.model import ExtractedDocument, Format, Problem, Topic
from graph.store import GraphStore
from nlp.readers.base import ReadOptions

BATCH_CLAIMS = 5_000
READ_AHEAD = 8
PARALLEL_MIN_FILES = 4  # below this, starting worker processes costs more than it saves


class FileReport(BaseModel):
    name: str
    format: str | None = Field(None, description="the format detected (or forced)")
    records: int = 0
    problems: list[str] = Field(default_factory=list, description="'file:line: kind: expected ...'")
    failed: bool = Field(False, description="nothing of this file could be read")


class IngestTotals(BaseModel):
    files: int = 0
    failed_files: int = 0
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


Progress = Callable[[FileReport], None]


def ingest(paths: Iterable[str | Path], store: GraphStore, *, fmt: Format | str | None = None,
           options: ReadOptions | None = None, matcher: Any = None,
           progress: Progress | None = None, workers: int = 0) -> IngestReport:
    """Ingest files and folders (folders are walked by ``nlp.pipeline.iter_files``).

    With ``workers >= 1`` (and the shipped taxonomy, ``matcher=None``) files are read in that
    many worker processes while this one merges and writes: reading and topic matching are
    half the work of a corpus run. Results are still merged in file order, so the graph is the
    same as when this process reads them itself (``workers=0``).
    """
    from nlp.pipeline import extract_file, iter_files

    files = list(iter_files([Path(p) for p in paths]))
    kwargs = _kwargs(fmt, options, matcher)
    if workers >= 1 and matcher is None and len(files) >= PARALLEL_MIN_FILES:
        with _pool(workers) as pool:
            return _run(_ahead(pool, extract_file, files, kwargs, workers), store, _topics(None), progress)
    return _run(((str(f), lambda f=f: extract_file(f, **kwargs)) for f in files), store, _topics(matcher), progress)


def _pool(workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the parent may hold a large loaded graph (or serve threads)
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


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


def ingest_bytes(data: bytes, name: str, store: GraphStore, *, fmt: Format | str | None = None,
                 options: ReadOptions | None = None, matcher: Any = None) -> IngestReport:
    """One uploaded document (``POST /v1/ingest``); the same report as the CLI."""
    from nlp.pipeline import extract_bytes

    return _run([(name, lambda: extract_bytes(data, name, **_kwargs(fmt, options, matcher)))],
                store, _topics(matcher), None)


def _kwargs(fmt: Format | str | None, options: ReadOptions | None, matcher: Any) -> dict:
    return {"fmt": Format(fmt) if fmt else None, "options": options or ReadOptions(), "matcher": matcher}


def _run(jobs: Iterable[tuple[str, Callable[[], ExtractedDocument]]], store: GraphStore, topics: list[Topic],
         progress: Progress | None) -> IngestReport:
    report = IngestReport(nodes_before=_nodes(store))
    merger = Merger(store, topics=topics)
    pending: list[ExtractedDocument] = []
    warnings: Counter[str] = Counter()
    for name, extract in jobs:
        entry, doc = _extract(name, extract, warnings)
        report.files.append(entry)
        if doc is not None:
            pending.append(doc)
            if sum(len(d.papers) for d in pending) >= BATCH_CLAIMS:
                _write(merger, pending, store, report)
                pending = []
        if progress:
            progress(entry)
    _write(merger, pending, store, report)
    people = merger.finish()
    store.upsert_batch(people)
    report.totals.researchers_written += len(people.researchers)
    store.flush()
    _totals(report, merger.stats, warnings)
    report.nodes_after = _nodes(store)
    return report


def _extract(name: str, extract: Callable[[], ExtractedDocument],
             warnings: Counter[str]) -> tuple[FileReport, ExtractedDocument | None]:
    from nlp.errors import ExtractionError

    try:
        doc = extract()
    except ExtractionError as exc:
        problem: Problem = exc.problem
        warnings[problem.kind] += 1
        return FileReport(name=name, problems=[str(problem)], failed=True), None
    warnings.update(p.kind for p in doc.problems)
    return FileReport(name=name, format=str(doc.source.format), records=len(doc.papers),
                      problems=[str(p) for p in doc.problems]), doc


def _write(merger: Merger, docs: list[ExtractedDocument], store: GraphStore, report: IngestReport) -> None:
    if not docs:
        return
    batch = merger.merge(docs)
    store.upsert_batch(batch)
    # What is merged and stored lives on: frozen, later batches' collections skip it (a corpus
    # run otherwise spends a third of its time re-scanning the growing graph).
    gc.freeze()


def _totals(report: IngestReport, stats: MergeStats, warnings: Counter[str]) -> None:
    t = report.totals
    t.files = len(report.files)
    t.failed_files = sum(f.failed for f in report.files)
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
