"""``researchgraph``: ingest, stats, serve, export. The backend comes from the settings."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence

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
    ing.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                     help="processes reading files while this one merges them "
                          "(default: one per core; 0 reads in this process)")
    sub.add_parser("stats", help="node counts by label, relationship counts by type")
    srv = sub.add_parser("serve", help="serve the HTTP API")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
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
    if args.command == "serve":
        from app.main import run

        run(args.host, args.port)
        return 0
    from app.bootstrap import build_store

    store = build_store(get_settings())
    try:
        return {"ingest": _ingest, "stats": _stats, "export": _export}[args.command](args, store)
    finally:
        store.close()


def _ingest(args: argparse.Namespace, store) -> int:
    from app.ingest import ingest
    from nlp.readers.base import ReadOptions

    options = ReadOptions(owner=args.owner, as_of=args.as_of) if args.as_of else ReadOptions(owner=args.owner)
    bar = _progress_bar()

    def show(entry) -> None:
        line = f"{entry.name}: " + ("FAILED" if entry.failed else f"{entry.format}, {entry.records} records")
        (bar.write if bar else print)(line)
        for problem in entry.problems:
            (bar.write if bar else print)(f"  {problem}")
        if bar:
            bar.update(1)

    try:
        report = ingest(args.paths, store, fmt=args.fmt, options=options, progress=show,
                        workers=max(0, args.workers))
    finally:
        if bar:
            bar.close()
    t = report.totals
    print(f"files: {t.files} ({t.failed_files} failed), records: {t.records}")
    print(f"papers: {t.papers_new} new, {t.papers_updated} updated, {t.papers_unchanged} unchanged; "
          f"researchers written: {t.researchers_written}")
    if t.warnings:
        print("problems: " + ", ".join(f"{k} {v}" for k, v in t.warnings.items()))
    print("nodes: " + ", ".join(f"{k} {report.nodes_before.get(k, 0)} -> {v}" for k, v in report.nodes_after.items()))
    return 1 if report.failed else 0


def _progress_bar():
    """A bar only on a terminal: logs and pipes get the plain per-file lines."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit="file", file=sys.stderr, desc="ingest")


def _stats(args: argparse.Namespace, store) -> int:
    stats = store.get_stats()
    for label, count in stats.nodes.items():
        print(f"{label}\t{count}")
    for rel, count in stats.relationships.items():
        print(f"{rel}\t{count}")
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
