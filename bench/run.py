"""Corpus benchmark: ingest the paper lists, serve them, time the slice queries over HTTP.

    make bench                     # embedded and Neo4j, whole corpus
    python -m bench.run --backends embedded --files 40
    python -m bench.run --url http://127.0.0.1:8000   # only the routes, of a server already running

Prints one table (ingest wall time, throughput, peak resident memory; p50/p95/p99 per
route over loopback HTTP; the Neo4j/embedded ratio) and writes it, with the machine it
ran on, to bench/results/latest.md. Nothing here asserts a time: the targets of SPEC §8
are printed beside the figures and marked met or missed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.servers import free_port, start_api, start_neo4j
from graph.ids import normalise_name, slugify

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("RG_SHARED_DIR", REPO.parent / "shared")) / "data" / "paperlists"
BIN = Path(sys.executable).parent

# route name -> (path template, SPEC §8 p99 target on embedded in ms; Neo4j: < 50 ms and ≤ 2× embedded)
EMBEDDED_P99_MS = 25.0
NEO4J_P99_MS = 50.0
ROUTES = {
    "profile": ("/v1/researchers/{r}", EMBEDDED_P99_MS),
    "collaborators": ("/v1/researchers/{r}/collaborators", EMBEDDED_P99_MS),
    "adjacent topics": ("/v1/topics/{t}/adjacent", EMBEDDED_P99_MS),
    "slice depth 2": ("/v1/researchers/{r}/slice?depth=2&limit=200", EMBEDDED_P99_MS),
    # {p}: the most prolific researchers of the files, whose slices read the most rows
    "prolific slice depth 2": ("/v1/researchers/{p}/slice?depth=2&limit=200", EMBEDDED_P99_MS),
    "prolific co-author view depth 2": ("/v1/researchers/{p}/slice?depth=2&include=researcher&limit=200",
                                        EMBEDDED_P99_MS),
    "recommendations": ("/v1/researchers/{r}/recommendations?k=10", EMBEDDED_P99_MS),
    "search researchers": ("/v1/researchers?q={r}", EMBEDDED_P99_MS),
    "search papers": ("/v1/papers?q={t}", EMBEDDED_P99_MS),
}


def corpus_files(limit: int | None) -> list[Path]:
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text())
    files = [CORPUS / f["path"] for f in manifest["files"]]
    return files[:limit] if limit else files


PROLIFIC = 10


def sample_researchers(files: list[Path], n: int, seed: int) -> tuple[list[str], list[str]]:
    """A fixed, seeded sample of researchers with at least three papers in the files, and the
    ``PROLIFIC`` researchers with the most papers there (count desc, then id)."""
    counts: Counter[str] = Counter()
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for rec in json.load(fh):
                raw = rec.get("author") or ""
                sep = ";" if ";" in raw else ","
                for name in raw.split(sep):
                    if name.strip():
                        counts[slugify(normalise_name(name))] += 1
    eligible = sorted(r for r, c in counts.items() if c >= 3 and r)
    prolific = sorted((r for r in counts if r), key=lambda r: (-counts[r], r))[:PROLIFIC]
    return random.Random(seed).sample(eligible, min(n, len(eligible))), prolific


def run_ingest(files: list[Path], env: dict[str, str]) -> dict[str, float]:
    # A wrapper process of its own, so that its children's peak RSS is this ingest's alone.
    wrapper = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
               "print('PEAK_KIB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
               "sys.exit(rc)")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", wrapper, str(BIN / "researchgraph"), "ingest",
                           *map(str, files)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):  # 1 = some records were refused, the rest stored
        sys.exit(f"ingest failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    peak_kib = int(proc.stderr.rsplit("PEAK_KIB", 1)[1].split()[0])
    return {"seconds": wall, "peak_mb": peak_kib / 1024, "tail": proc.stdout.strip().splitlines()[-3:]}


def percentile(sorted_ms: list[float], q: float) -> float:
    idx = min(len(sorted_ms) - 1, max(0, round(q / 100 * len(sorted_ms)) - 1))
    return sorted_ms[idx]


def time_routes(base: str, researchers: tuple[list[str], list[str]], topics: list[str],
                repeat: int) -> dict[str, dict[str, float]]:
    sample, prolific = researchers
    out = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, (template, _target) in ROUTES.items():
            paths = [template.format(r=r, t=topics[i % len(topics)], p=prolific[i % len(prolific)])
                     for i, r in enumerate(sample)]
            for path in paths[:10]:  # warm-up
                client.get(path)
            samples, errors = [], 0
            for _ in range(repeat):
                for path in paths:
                    t0 = time.perf_counter()
                    resp = client.get(path)
                    samples.append((time.perf_counter() - t0) * 1000)
                    errors += resp.status_code >= 400
            samples.sort()
            out[name] = {"p50": percentile(samples, 50), "p95": percentile(samples, 95),
                         "p99": percentile(samples, 99), "n": len(samples), "errors": errors}
    return out


def list_topics(base: str) -> list[str]:
    items = httpx.get(f"{base}/v1/topics", params={"limit": 200}, timeout=30).json()["items"]
    return sorted(t["id"] for t in items)


def bench_backend(backend: str, files: list[Path], researchers: tuple[list[str], list[str]], repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"rg-bench-{backend}-") as tmp:
        env = {**os.environ, "RG_BACKEND": backend, "RG_DATA_DIR": tmp}
        neo4j = start_neo4j(Path(tmp)) if backend == "neo4j" and "NEO4J_URI" not in os.environ else None
        try:
            if neo4j:
                env["NEO4J_URI"] = neo4j.uri
            print(f"[{backend}] ingesting {len(files)} files ...", flush=True)
            ingest = run_ingest(files, env)
            print(f"[{backend}] ingested in {ingest['seconds']:.1f} s, peak {ingest['peak_mb']:.0f} MB", flush=True)
            port = free_port()
            with start_api(env, port) as base:
                topics = list_topics(base)
                latencies = time_routes(base, researchers, topics, repeat)
        finally:
            if neo4j:
                neo4j.stop()
    return {"ingest": ingest, "latency": latencies}


def render(results: dict[str, dict], records: int, files: int) -> str:
    lines = [f"Corpus: {records:,} records in {files} files. Machine: {platform.machine()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}.", ""]
    backends = list(results)
    lines.append("| figure | target | " + " | ".join(backends) + (" | neo4j/embedded |" if len(backends) > 1 else " |"))
    lines.append("|---" * (2 + len(backends) + (len(backends) > 1)) + "|")

    def row(label: str, target: str, values: list[float], fmt: str, ok: list[bool] | None = None) -> None:
        cells = [fmt.format(v) + ("" if ok is None else (" ✓" if good else " ✗ missed")) for v, good in
                 zip(values, ok or [None] * len(values), strict=True)]
        ratio = ""
        if len(values) > 1:
            ratio = f" | {values[1] / values[0]:.2f}×" if values[0] else " | –"
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + ratio + " |")

    ing = [results[b]["ingest"] for b in backends]
    row("ingest wall time (s)", "< 60 s embedded, < 120 s neo4j", [i["seconds"] for i in ing], "{:.1f}",
        [i["seconds"] < (60 if b == "embedded" else 120) for i, b in zip(ing, backends, strict=True)])
    row("ingest throughput (records/s)", "", [records / i["seconds"] for i in ing], "{:,.0f}")
    row("ingest peak RSS (MB)", "< 2000 MB (embedded)", [i["peak_mb"] for i in ing], "{:,.0f}",
        [i["peak_mb"] < 2000 or b != "embedded" for i, b in zip(ing, backends, strict=True)])
    for name, (_t, target) in ROUTES.items():
        for q in ("p50", "p95", "p99"):
            vals = [results[b]["latency"][name][q] for b in backends]
            ok = None
            if q == "p99":
                ok = [v < target if b == "embedded" else
                      v < NEO4J_P99_MS and v <= 2 * results[backends[0]]["latency"][name][q]
                      for v, b in zip(vals, backends, strict=True)]
            row(f"{name} {q} (ms)", f"p99 < {target:.0f} ms; neo4j < {NEO4J_P99_MS:.0f} ms and ≤ 2× embedded"
                if q == "p99" else "",
                vals, "{:.2f}", ok)
    errors = {b: sum(v["errors"] for v in results[b]["latency"].values()) for b in backends}
    lines += ["", f"HTTP errors during timing: {errors}. Requests per route and backend: "
              f"{next(iter(results.values()))['latency']['profile']['n']}."]
    return "\n".join(lines)


def render_routes(latency: dict[str, dict[str, float]]) -> str:
    """One server's route latencies against the embedded targets (``--url``)."""
    lines = ["| route | p50 ms | p95 ms | p99 ms | target p99 | requests | errors |",
             "|---|---:|---:|---:|---|---:|---:|"]
    for name, (_t, target) in ROUTES.items():
        v = latency[name]
        mark = "✓" if v["p99"] < target else "✗ missed"
        lines.append(f"| {name} | {v['p50']:.2f} | {v['p95']:.2f} | {v['p99']:.2f} | < {target:.0f} ms {mark} "
                     f"| {v['n']} | {v['errors']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="embedded,neo4j")
    parser.add_argument("--files", type=int, default=None, help="only the first N corpus files")
    parser.add_argument("--researchers", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--url", help="time the routes of a server already running on this machine's "
                                      "loopback (no ingest; the figures are that server's)")
    args = parser.parse_args(argv)
    files = corpus_files(args.files)
    if args.url:
        from bench.load import loopback_only

        base = loopback_only(args.url)
        latencies = time_routes(base, sample_researchers(files, args.researchers, args.seed), list_topics(base),
                                args.repeat)
        print(render_routes(latencies))
        return
    records = sum(f["records"] for f in json.loads((CORPUS / "MANIFEST.json").read_text())["files"][: len(files)])
    researchers = sample_researchers(files, args.researchers, args.seed)
    results = {b: bench_backend(b, files, researchers, args.repeat) for b in args.backends.split(",")}
    table = render(results, records, len(files))
    print(table)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(table + "\n")
    (out / "latest.json").write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
