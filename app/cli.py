"""``researchgraph``: ingest, stats, serve, export. The backend comes from the settings."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from app.settings import get_settings

SLICE_FORMATS = ("json", "cytoscape", "graphml", "gexf")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    from graph.model import Format

    parser = argparse.ArgumentParser(prog="researchgraph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="read documents into the graph")
    ing.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    ing.add_argument("--format", dest="fmt", choices=[f.value for f in Format], help="skip auto-detection")
    ing.add_argument("--owner", help="the profile's researcher when the document does not name them")
    ing.add_argument("--as-of", type=_date, default=None, help="resolve yearless dates (default: today)")
    # The merging process is the run's critical path; readers run below its priority and use what
    # it leaves (corpus on 2 cores: 1 reader 83 s, 2 at equal priority 84 s, 2 below it 75 s).
    ing.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                     help="processes reading files while this one merges them, at a lower priority "
                          "(default: one per core; 0 reads in this process)")
    sub.add_parser("stats", help="node counts by label, relationship counts by type")
    srv = sub.add_parser("serve", help="serve the HTTP API")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                     help="server processes sharing the port (default: one per core); each holds the graph "
                          "(embedded: in memory, kept in step through the data directory's database)")
    exp = sub.add_parser("export", help="write a researcher's graph slice to a file")
    exp.add_argument("researcher_id")
    exp.add_argument("--format", dest="fmt", choices=SLICE_FORMATS, default="json")
    exp.add_argument("--out", required=True)
    exp.add_argument("--depth", type=int, default=1, choices=(1, 2))
    exp.add_argument("--limit", type=int, default=200)
    exp.add_argument("--include", default=None, help="comma-separated node types")
    exp.add_argument("--since", type=int)
    exp.add_argument("--until", type=int)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _command(args)
    except OperatorError as exc:
        print(f"researchgraph {args.command}: {exc}", file=sys.stderr)
        return 2


class OperatorError(Exception):
    """Something about the set-up, not the documents: said in one line, never as a traceback."""


def _command(args: argparse.Namespace) -> int:
    from app.bootstrap import build_store, probe_store

    settings = get_settings()
    with _operator_errors(settings):
        if args.command == "serve":
            from app.main import run

            probe_store(settings)  # a store that cannot open is said here, not in a traceback
            run(args.host, args.port, workers=max(1, args.workers))
            return 0
        if args.command == "ingest" and settings.rg_backend == "embedded":
            from graph.embedded.lock import writer_lock

            data_dir = Path(settings.rg_data_dir)
            _probe_writable(data_dir)  # before minutes of reading, not after
            from graph.embedded.writer import EmbeddedWriter

            # One writer per data directory; what is stored is read once the lock is ours, so a run
            # that waited starts from everything the other run committed. An ingest only writes:
            # it needs no in-memory graph (graph/embedded/writer.py).
            with writer_lock(data_dir, on_wait=lambda who: print(
                    f"waiting for {who}, which is writing to {data_dir} ...", file=sys.stderr, flush=True)):
                return _with_store(EmbeddedWriter(data_dir), args)
        if args.command == "stats" and settings.rg_backend == "embedded":
            done = _stats_from_file(Path(settings.rg_data_dir))
            if done is not None:
                return done
        return _with_store(build_store(settings), args)


def _stats_from_file(data_dir: Path) -> int | None:
    """``stats`` from the database's counts, without loading the graph; None when only loading
    can answer (a data directory of an earlier version, imported on open)."""
    from graph.embedded.db import read_counts
    from graph.embedded.persist import snapshot_path
    from graph.embedded.reads_base import NODE_TYPES, REL_TYPES

    counts = read_counts(data_dir)
    if counts is not None:
        return _print_stats(counts["nodes"], counts["relationships"])
    if snapshot_path(data_dir).exists():
        return None
    print(f"no graph in {data_dir} yet: `researchgraph ingest PATH` makes one", file=sys.stderr)
    return _print_stats(dict.fromkeys(NODE_TYPES, 0), dict.fromkeys(REL_TYPES, 0))


def _with_store(store, args: argparse.Namespace) -> int:
    try:
        return {"ingest": _ingest, "stats": _stats, "export": _export}[args.command](args, store)
    finally:
        store.close()


def _probe_writable(data_dir: Path) -> None:
    import tempfile

    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=data_dir, prefix=".probe-"):
        pass


@contextmanager
def _operator_errors(settings) -> Iterator[None]:
    from graph.embedded.db import CorruptSnapshot
    from graph.store import BackendUnavailable

    where = f"the data directory {settings.rg_data_dir}" if settings.rg_backend == "embedded" else "Neo4j"
    try:
        yield
    except CorruptSnapshot as exc:
        raise OperatorError(f"{exc}; move it aside (or restore a backup) and ingest again") from exc
    except BackendUnavailable as exc:
        raise OperatorError(f"{where} cannot be reached: {exc}") from exc
    except PermissionError as exc:
        raise OperatorError(f"{where} is not writable ({exc.strerror}: {exc.filename}); nothing of this run "
                            "was stored and the previous graph is intact") from exc
    except OSError as exc:
        if exc.filename is None:
            raise
        raise OperatorError(f"{exc.strerror}: {exc.filename} (in {where}); nothing of this run was stored "
                            "and the previous graph is intact") from exc


def _ingest(args: argparse.Namespace, store) -> int:
    from app.ingest import ingest
    from nlp.readers.base import ReadOptions

    options = ReadOptions(owner=args.owner, as_of=args.as_of) if args.as_of else ReadOptions(owner=args.owner)
    progress = IngestProgress(terminal=sys.stderr.isatty())
    try:
        report = ingest(args.paths, store, fmt=args.fmt, options=options, progress=progress,
                        workers=max(0, args.workers))
    finally:
        progress.close()
    progress.late_problems(report.files)
    t = report.totals
    skipped = f", {t.skipped_files} skipped" if t.skipped_files else ""
    print(f"files: {t.files} ({t.failed_files} failed{skipped}), records: {t.records}")
    print(f"papers: {t.papers_new} new, {t.papers_updated} updated, {t.papers_unchanged} unchanged; "
          f"researchers written: {t.researchers_written}")
    if t.warnings:
        print("problems: " + ", ".join(f"{k} {v}" for k, v in t.warnings.items()))
    print("nodes: " + ", ".join(f"{k} {report.nodes_before.get(k, 0)} -> {v}" for k, v in report.nodes_after.items()))
    return 1 if report.failed else 0


class IngestProgress:
    """On a terminal, one bar: bytes read of the total known up front (so the rate and ETA are
    true for files of any size), files and records done. Per-file lines go above the bar; off a
    terminal (logs, pipes) they are all there is, one plain line per file."""

    def __init__(self, *, terminal: bool) -> None:
        self.terminal = terminal
        self.bar = None
        self.files = 0
        self.records = 0
        self.sizes: dict[str, int] = {}
        self.printed: dict[str, int] = {}

    def start(self, files) -> None:
        self.sizes = {str(f): _size(f) for f in files}
        self.total_files = len(files)
        if self.terminal:
            from tqdm import tqdm

            # A pseudo-terminal may report 0 x 0 until it is sized, and tqdm hides a bar below row 0.
            sized = _terminal_columns() > 0
            fallback = shutil.get_terminal_size()
            self.bar = tqdm(total=sum(self.sizes.values()), unit="B", unit_scale=True, unit_divisor=1024,
                            desc="ingest", file=sys.stderr, dynamic_ncols=sized, smoothing=0.1,
                            ncols=None if sized else fallback.columns, nrows=None if sized else fallback.lines)
            self._postfix()

    def file_done(self, entry) -> None:
        if entry.skipped:
            self._say(f"{entry.name}: skipped, {entry.skipped}")
            return
        self._say(f"{entry.name}: " + ("FAILED" if entry.failed else f"{entry.format}, {entry.records} records"))
        for problem in entry.problems:
            self._say(f"  {problem}")
        self.printed[entry.name] = len(entry.problems)
        self.files += 1
        self.records += entry.records
        if self.bar is not None:
            self.bar.update(self.sizes.get(entry.name, 0))
            self._postfix()

    def finishing(self) -> None:
        if self.bar is not None:
            self.bar.set_description("writing")
            self.bar.refresh()
        else:
            print("all files read; merging the last batch and writing the graph", flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.set_description("ingest", refresh=False)
            self.bar.close()
            self.bar = None

    def late_problems(self, entries) -> None:
        """Problems known only once everything was merged (records left without authors)."""
        for entry in entries:
            for problem in entry.problems[self.printed.get(entry.name, len(entry.problems)):]:
                self._say(f"{problem}")

    def _postfix(self) -> None:
        self.bar.set_postfix_str(f"{self.files}/{self.total_files} files, {self.records:,} records", refresh=True)

    def _say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, flush=True)


def _terminal_columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError):
        return 0


def _size(path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _stats(args: argparse.Namespace, store) -> int:
    stats = store.get_stats()
    return _print_stats(stats.nodes, stats.relationships)


def _print_stats(nodes: dict[str, int], relationships: dict[str, int]) -> int:
    for label, count in [*nodes.items(), *relationships.items()]:
        print(f"{label}\t{count}")
    return 0


def _export(args: argparse.Namespace, store) -> int:
    from app.exporting import export_slice

    opts = {"depth": args.depth, "limit": args.limit, "include": args.include, "since": args.since,
            "until": args.until}
    from graph.store import NotFound

    try:
        export_slice(store, args.researcher_id, args.fmt, args.out, **opts)
    except (NotFound, ValueError) as exc:
        print(f"researchgraph export: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
