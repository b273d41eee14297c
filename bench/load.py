"""Load test of a running API: a realistic mix at several concurrencies, on loopback only.

    python -m bench.load --url http://127.0.0.1:8000 [--seconds 10] [--levels 1,8,32,128]

Each level runs ``--seconds`` (and at most ``--max-requests``) with that many clients sending
requests back to back, then stops by itself. Two mixes: ``light`` (profiles, collaborators,
depth-2 slices of limit 50, searches) and ``heavy`` (a third of the requests are the largest
slices, 100 recommendations and deep pages). Reported per level: requests per second, p50/p99
in ms, errors (5xx other than a deliberate 503, and transport errors), deliberate 503s, and
the p99 of ``/healthz`` and profiles alone. Nothing is asserted; docs/benchmarks.md records runs.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import random
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx


def loopback_only(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"bench.load only targets this machine's loopback, not {host}")
    return url.rstrip("/")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    refused: int = 0
    done: int = 0

    def add(self, kind: str, ms: float) -> None:
        self.latencies.setdefault(kind, []).append(ms)
        self.done += 1


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def requests_for(mix: str, people: list[str], topics: list[str], rng: random.Random) -> tuple[str, str]:
    r, t = rng.choice(people), rng.choice(topics)
    if mix == "heavy" and rng.random() < 1 / 3:
        return rng.choice([
            ("heavy", f"/v1/researchers/{r}/slice?depth=2&limit=200"),
            ("heavy", f"/v1/researchers/{r}/recommendations?k=100"),
            ("heavy", "/v1/papers?q=learning&limit=200&cursor=eyJvIjo5MDAwfQ"),  # offset 9,000
        ])
    return rng.choice([
        ("healthz", "/healthz"),
        ("profile", f"/v1/researchers/{r}"),
        ("collaborators", f"/v1/researchers/{r}/collaborators"),
        ("slice", f"/v1/researchers/{r}/slice?depth=2&limit=50"),
        ("adjacent", f"/v1/topics/{t}/adjacent"),
        ("search", f"/v1/researchers?q={r.split('-')[0]}"),
    ])


async def client_loop(http: httpx.AsyncClient, mix: str, people: list[str], topics: list[str], tally: Tally,
                      stop_at: float, budget: list[int], seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop_at and budget[0] > 0:
        budget[0] -= 1
        kind, path = requests_for(mix, people, topics, rng)
        start = time.perf_counter()
        try:
            resp = await http.get(path)
            status = resp.status_code
        except httpx.HTTPError:
            tally.errors += 1
            continue
        ms = (time.perf_counter() - start) * 1000
        if status == 503:
            tally.refused += 1
        elif status >= 500:
            tally.errors += 1
        tally.add(kind, ms)


async def run_level(url: str, mix: str, clients: int, seconds: float, max_requests: int, people: list[str],
                    topics: list[str]) -> dict:
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        start = time.monotonic()
        budget = [max_requests]
        await asyncio.gather(*(client_loop(http, mix, people, topics, tally, start + seconds, budget, i)
                               for i in range(clients)))
        elapsed = time.monotonic() - start
    every = [ms for values in tally.latencies.values() for ms in values]
    return {"mix": mix, "clients": clients, "requests": tally.done, "rps": tally.done / elapsed,
            "p50": pct(every, 0.50), "p99": pct(every, 0.99), "errors": tally.errors, "refused": tally.refused,
            "healthz_p99": pct(tally.latencies.get("healthz", []), 0.99),
            "profile_p99": pct(tally.latencies.get("profile", []), 0.99)}


def sample(url: str) -> tuple[list[str], list[str]]:
    with httpx.Client(base_url=url, timeout=60) as http:
        people = [r["id"] for r in http.get("/v1/researchers", params={"limit": 200}).json()["items"]]
        topics = [t["id"] for t in http.get("/v1/topics", params={"limit": 200}).json()["items"]]
    return people, topics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--levels", default="1,8,32,128")
    parser.add_argument("--mixes", default="light,heavy")
    args = parser.parse_args()
    url = loopback_only(args.url)
    people, topics = sample(url)
    print("| mix | clients | requests | req/s | p50 ms | p99 ms | errors | 503 | /healthz p99 | profile p99 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for mix in args.mixes.split(","):
        for level in map(int, args.levels.split(",")):
            r = asyncio.run(run_level(url, mix, level, args.seconds, args.max_requests, people, topics))
            print(f"| {r['mix']} | {r['clients']} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | "
                  f"{r['p99']:.1f} | {r['errors']} | {r['refused']} | {r['healthz_p99']:.1f} | "
                  f"{r['profile_p99']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
