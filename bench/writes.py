"""Writes against a served corpus graph (embedded): start-up, stats, uploads and the reads around them.

    python -m bench.writes --data-dir DIR        # DIR already holds the ingested corpus
    python -m bench.writes --ingest              # ingest the corpus into a temp dir first

Measures, as issue 12 asks: how long `serve` takes until /healthz and /readyz answer and what it
holds resident then; how long `researchgraph stats` takes; a one-document upload's latency
(several, each a new BibTeX entry naming sampled researchers); and the p50/p99 of five read routes
before any upload, while uploads run back to back, and right after the last one. Nothing here
asserts a time; figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.run import BIN, corpus_files, percentile, run_ingest, sample_researchers
from bench.servers import free_port

KEY = "bench-writes-key"
READS = {
    "profile": "/v1/researchers/{r}",
    "collaborators": "/v1/researchers/{r}/collaborators",
    "adjacent topics": "/v1/topics/{t}/adjacent",
    "slice depth 2": "/v1/researchers/{r}/slice?depth=2&limit=200",
    "recommendations": "/v1/researchers/{r}/recommendations?k=10",
}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_serve(env: dict[str, str]) -> tuple[subprocess.Popen, str, dict[str, float]]:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "researchgraph"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base, figures = f"http://127.0.0.1:{port}", {}
    while "readyz_s" not in figures:
        if proc.poll() is not None or time.perf_counter() - started > 900:
            raise RuntimeError("serve did not become ready")
        for route in ("healthz", "readyz"):
            if f"{route}_s" not in figures:
                try:
                    if httpx.get(f"{base}/{route}", timeout=2).status_code == 200:
                        figures[f"{route}_s"] = time.perf_counter() - started
                except httpx.HTTPError:
                    pass
        time.sleep(0.1)
    figures["rss_mb"] = _rss_mb(proc.pid)
    return proc, base, figures


def time_reads(client: httpx.Client, paths: dict[str, list[str]], rounds: int) -> dict[str, dict[str, float]]:
    out = {}
    for name, ps in paths.items():
        samples = []
        for _ in range(rounds):
            for p in ps:
                t0 = time.perf_counter()
                client.get(p)
                samples.append((time.perf_counter() - t0) * 1000)
        samples.sort()
        out[name] = {"p50": percentile(samples, 50), "p99": percentile(samples, 99)}
    return out


def bibtex(i: int, people: list[str]) -> bytes:
    names = " and ".join(p.replace("-", " ").title() for p in people)
    return (f"@inproceedings{{bench{i}, title = {{Benchmark Upload Number {i} on Sparse Graph Learning}},"
            f" author = {{{names}}}, year = {{2025}}, booktitle = {{Bench}}}}\n").encode()


def uploads(base: str, people: list[str], n: int, seed: int, out: list[float]) -> None:
    rnd = random.Random(seed)
    with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {KEY}"}) as client:
        for i in range(n):
            t0 = time.perf_counter()
            resp = client.post(f"/v1/ingest?name=bench-{seed}-{i}.bib", content=bibtex(seed * 1000 + i,
                                                                                         rnd.sample(people, 2)))
            resp.raise_for_status()
            out.append((time.perf_counter() - t0) * 1000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--ingest", action="store_true")
    ap.add_argument("--uploads", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20261202)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="rg-bench-writes-")
    data_dir = args.data_dir or Path(tmp.name)
    env = {**os.environ, "RG_BACKEND": "embedded", "RG_DATA_DIR": str(data_dir), "RG_API_KEY": KEY}
    if args.ingest:
        print(run_ingest(corpus_files(None), env))
    t0 = time.perf_counter()
    subprocess.run([str(BIN / "researchgraph"), "stats"], env=env, check=True, capture_output=True)
    stats_s = time.perf_counter() - t0
    sample, _ = sample_researchers(corpus_files(None), 30, args.seed)
    proc, base, start = start_serve(env)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            topics = sorted(t["id"] for t in client.get("/v1/topics", params={"limit": 200}).json()["items"])
            paths = {k: [v.format(r=r, t=topics[i % len(topics)]) for i, r in enumerate(sample)]
                     for k, v in READS.items()}
            time_reads(client, paths, 1)  # warm-up
            before = time_reads(client, paths, 2)
            latencies: list[float] = []
            writer = threading.Thread(target=uploads, args=(base, sample, args.uploads, args.seed, latencies))
            writer.start()
            during = time_reads(client, paths, 1)
            writer.join()
            after = time_reads(client, paths, 1)
    finally:
        proc.terminate()
        proc.wait(30)
    latencies.sort()
    print(f"stats: {stats_s:.2f} s; serve: /healthz {start['healthz_s']:.1f} s, /readyz {start['readyz_s']:.1f} s, "
          f"{start['rss_mb']:.0f} MB resident")
    print(f"uploads ({len(latencies)}): p50 {percentile(latencies, 50):.0f} ms, max {latencies[-1]:.0f} ms")
    print("| route | before p50 | before p99 | during p50 | during p99 | after p50 | after p99 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for k in READS:
        b, d, a = before[k], during[k], after[k]
        print(f"| {k} | {b['p50']:.1f} | {b['p99']:.1f} | {d['p50']:.1f} | {d['p99']:.1f} | {a['p50']:.1f} | "
              f"{a['p99']:.1f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
