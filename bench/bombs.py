"""Memory of a served graph while hostile uploads arrive: decompression bombs, deep nesting, huge XML.

    python -m bench.bombs --data-dir DIR [--workers 1] [--concurrency 4] [--repeat 2]
    python -m bench.bombs --url http://127.0.0.1:8000 --pid PID --key KEY   # a server already up

With ``--data-dir`` it serves that directory (which should already hold the corpus) on loopback
with an API key of its own, waits until it is ready, and stops it at the end. Every upload is
built to be refused (nothing it carries becomes a node), so the data directory is left as it
was. The resident memory of the serving processes (the ``serve`` process and every descendant,
read from /proc) is sampled every 20 ms: idle for two seconds first, then while each bomb is
uploaded ``--repeat`` times by ``--concurrency`` clients at once. Reported per bomb: its packed and
unpacked size, the answers' statuses and time, and the peak resident memory against the idle
figure. Nothing is asserted; docs/benchmarks.md records runs.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gzip
import io
import os
import secrets
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.load import loopback_only
from bench.servers import free_port, start_server

GIB = 1024**3
MIB = 1024**2


def _gzip_stream(head: bytes, unit: bytes, size: int, tail: bytes) -> bytes:
    """gzip of ``head + unit * n + tail`` about ``size`` bytes long, made without holding it unpacked."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(head)
        block = unit * max(1, MIB // len(unit))
        for _ in range(max(1, size // len(block))):
            gz.write(block)
        gz.write(tail)
    return out.getvalue()


def _nested_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _nested_xml(depth: int) -> bytes:
    return (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">' + b"<entry>" * depth
            + b"</entry>" * depth + b"</feed>")


def _laughs() -> bytes:
    """The billion laughs: ten entity levels, each ten times the one below (3 GB if expanded)."""
    lines = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?><!DOCTYPE feed [{"".join(lines)}]>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&l9;</title></entry></feed>').encode()


@dataclass(frozen=True)
class Bomb:
    name: str
    filename: str
    make: Callable[[], bytes]
    unpacked: str


def bombs(limit: int) -> list[Bomb]:
    """The uploads, sized against the server's upload limit (``RG_MAX_UPLOAD_BYTES``)."""
    under = limit - 64 * 1024
    return [
        Bomb("gzip JSON unpacking to 3 GiB", "bomb.json.gz",
             lambda: _gzip_stream(b"[", b'{"title": "x", "authors": ["a b"]},' * 64, 3 * GIB, b"{}]"), "3 GiB"),
        Bomb("gzip of spaces unpacking to 1 GiB", "spaces.json.gz",
             lambda: _gzip_stream(b"", b" " * 4096, GIB, b"[]"), "1 GiB"),
        Bomb("gzip JSON of empty records, just under the limit", "empty.json.gz",
             lambda: _gzip_stream(b"[", b"{}," * 4096, under, b"{}]"), f"{under / MIB:.0f} MiB"),
        Bomb("gzip JSON nested to the limit", "deep.json.gz",
             lambda: gzip.compress(_nested_json(under // 2), 9), f"{under / MIB:.0f} MiB"),
        Bomb("raw JSON nested to the limit", "deep.json", lambda: _nested_json(under // 2), "-"),
        Bomb("gzip Atom XML nested to the limit", "deep.xml.gz",
             lambda: gzip.compress(_nested_xml(under // 15), 9), f"{under / MIB:.0f} MiB"),
        Bomb("gzip Atom XML with one huge title", "title.xml.gz",
             lambda: gzip.compress(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>'
                                   + b"x" * under + b"</title></entry></feed>", 9), f"{under / MIB:.0f} MiB"),
        Bomb("billion laughs (XML entities)", "laughs.xml", _laughs, "3 GB if expanded"),
    ]


def rss_bytes(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants."""
    total = 0
    for pid in _tree(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def _tree(root: int) -> Iterator[int]:
    yield root
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(root)], capture_output=True, text=True).stdout
    for pid in map(int, out.split()):
        yield from _tree(pid)


@dataclass
class Sampler:
    """Samples :func:`rss_bytes` in a thread; ``peak()`` is the largest since the last ``reset()``."""

    root: int
    samples: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.samples.append(rss_bytes(self.root))

    def reset(self) -> None:
        self.samples = []

    def peak(self) -> int:
        return max(self.samples, default=0)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def upload(url: str, key: str, bomb: Bomb, body: bytes) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        resp = httpx.post(f"{url}/v1/ingest", params={"name": bomb.filename}, content=body, timeout=600,
                          headers={"Authorization": f"Bearer {key}", "Content-Type": "application/octet-stream"})
        status = resp.status_code
    except httpx.HTTPError:
        status = 0  # the connection failed: the server died or hung up
    return status, time.perf_counter() - start


def run(url: str, key: str, root: int, concurrency: int, repeat: int, limit: int) -> None:
    sampler = Sampler(root)
    time.sleep(2)
    idle = sampler.peak()
    print(f"idle resident: {idle / MIB:,.0f} MiB (serve process and its workers)\n")
    print("| upload | packed | unpacked | answers | slowest s | peak resident MiB | peak / idle |")
    print("|---|---:|---:|---|---:|---:|---:|")
    worst = idle
    for bomb in bombs(limit):
        body = bomb.make()
        sampler.reset()
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            jobs = [pool.submit(upload, url, key, bomb, body) for _ in range(concurrency * repeat)]
            answers = [job.result() for job in jobs]
        time.sleep(0.5)  # the tail of the work after the answer
        peak = sampler.peak()
        worst = max(worst, peak)
        statuses = ", ".join(f"{n}x {s}" for s, n in sorted(Counter(s for s, _ in answers).items()))
        print(f"| {bomb.name} | {len(body) / MIB:,.2f} MiB | {bomb.unpacked} | {statuses} | "
              f"{max(t for _, t in answers):.1f} | {peak / MIB:,.0f} | {peak / idle:.2f}x |", flush=True)
    sampler.stop()
    print(f"\nworst peak: {worst / MIB:,.0f} MiB, {worst / idle:.2f}x idle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="serve this data directory (holding the corpus)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--url", help="a server already running (with --pid and --key)")
    parser.add_argument("--pid", type=int)
    parser.add_argument("--key")
    parser.add_argument("--limit", type=int, default=20 * MIB, help="the server's RG_MAX_UPLOAD_BYTES")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if args.url:
        if not (args.pid and args.key):
            parser.error("--url needs --pid and --key")
        run(loopback_only(args.url), args.key, args.pid, args.concurrency, args.repeat, args.limit)
        return
    if args.data_dir is None:
        parser.error("give --data-dir, or --url with --pid and --key")
    key = secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RG_", "NEO4J_"))}
    env.update(RG_DATA_DIR=str(args.data_dir), RG_API_KEY=key, RG_MAX_UPLOAD_BYTES=str(args.limit))
    with start_server(env, free_port(), workers=args.workers) as (url, pid):
        run(url, key, pid, args.concurrency, args.repeat, args.limit)


if __name__ == "__main__":
    main()
