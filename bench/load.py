"""Load test of a running API: a realistic mix at several concurrencies, on loopback only.

    python -m bench.load --url http://127.0.0.1:8000 [--seconds 10] [--levels 1,8,32,128]

Each level runs ``--seconds`` (and at most ``--max-requests``) with that many clients sending
requests back to back, then stops by itself. Each client is one keep-alive HTTP/1.1 connection
spoken over asyncio streams (:class:`Connection`): on a 2-core machine the generator shares the
cores with the server, and httpx's client cost several times more CPU per request than the
server's cheapest answers (``--client httpx`` keeps it, to compare). Two mixes: ``light`` (profiles, collaborators,
depth-2 slices of limit 50, searches) and ``heavy`` (a third of the requests are the largest
slices, 100 recommendations and deep pages). Reported per level: requests per second, p50/p99
in ms, errors (5xx other than a deliberate 503, and transport errors), deliberate 503s, and
the p99 of ``/healthz`` and profiles alone. Nothing is asserted; docs/benchmarks.md records runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any
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


class Connection:
    """One keep-alive HTTP/1.1 connection for GETs. Just what a loopback bench needs: answers with
    ``Content-Length`` (every route of this API); anything else is an error."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        match = _LENGTH.search(head)
        if match is None:
            raise ConnectionError(f"{path}: an answer without Content-Length")
        await self.reader.readexactly(int(match.group(1)))
        if _CLOSE.search(head):
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


_LENGTH = re.compile(rb"\r\ncontent-length: *(\d+)", re.IGNORECASE)
_CLOSE = re.compile(rb"\r\nconnection: *close", re.IGNORECASE)
TRANSPORT_ERRORS = (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, httpx.HTTPError)


def requests_for(mix: str, people: list[str], topics: list[str], rng: random.Random) -> tuple[str, str]:
    r, t = rng.choice(people), rng.choice(topics)
    if mix == "healthz":  # the cheapest route: what the generator and the server's plumbing cost
        return "healthz", "/healthz"
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


async def client_loop(http: Any, mix: str, people: list[str], topics: list[str], tally: Tally,
                      stop_at: float, budget: list[int], seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop_at and budget[0] > 0:
        budget[0] -= 1
        kind, path = requests_for(mix, people, topics, rng)
        start = time.perf_counter()
        try:
            status = await http.get(path)
        except TRANSPORT_ERRORS:
            tally.errors += 1
            await asyncio.sleep(0.01)  # a refused connection must not spin the loop
            continue
        ms = (time.perf_counter() - start) * 1000
        if status == 503:
            tally.refused += 1
        elif status >= 500:
            tally.errors += 1
        tally.add(kind, ms)


class HttpxClient:
    """httpx's async client behind the same ``get(path) -> status`` as :class:`Connection`."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def get(self, path: str) -> int:
        return (await self.http.get(path)).status_code

    def close(self) -> None:
        pass


async def run_level(url: str, mix: str, clients: int, seconds: float, max_requests: int, people: list[str],
                    topics: list[str], client: str = "lean") -> dict:
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        conns = [HttpxClient(http) if client == "httpx" else Connection(url) for _ in range(clients)]
        start = time.monotonic()
        cpu = time.process_time()
        budget = [max_requests]
        await asyncio.gather(*(client_loop(conn, mix, people, topics, tally, start + seconds, budget, i)
                               for i, conn in enumerate(conns)))
        elapsed = time.monotonic() - start
        cpu = time.process_time() - cpu
        for conn in conns:
            conn.close()
    every = [ms for values in tally.latencies.values() for ms in values]
    return {"mix": mix, "clients": clients, "requests": tally.done, "rps": tally.done / elapsed,
            "p50": pct(every, 0.50), "p99": pct(every, 0.99), "errors": tally.errors, "refused": tally.refused,
            "healthz_p99": pct(tally.latencies.get("healthz", []), 0.99),
            "profile_p99": pct(tally.latencies.get("profile", []), 0.99), "cpu": cpu / elapsed}


def sample(url: str, people_n: int, skip: int = 0) -> tuple[list[str], list[str]]:
    """Researcher ids (``people_n`` of the list, after the first ``skip``) and topic ids the mixes pick from."""
    with httpx.Client(base_url=url, timeout=60) as http:
        people: list[str] = []
        cursor = None
        while len(people) < skip + people_n:
            page = http.get("/v1/researchers", params={"limit": 200, "cursor": cursor} if cursor
                            else {"limit": 200}).json()
            people += [r["id"] for r in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        topics = [t["id"] for t in http.get("/v1/topics", params={"limit": 200}).json()["items"]]
    return people[skip:skip + people_n], topics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--levels", default="1,8,32,128")
    parser.add_argument("--mixes", default="light,heavy", help="light, heavy, healthz (only /healthz)")
    parser.add_argument("--people", type=int, default=200, help="how many researchers the mixes pick from")
    parser.add_argument("--skip", type=int, default=0, help="pass over this many researchers first: a running "
                                                           "server meets answers it has not computed yet")
    parser.add_argument("--client", choices=("lean", "httpx"), default="lean")
    args = parser.parse_args()
    url = loopback_only(args.url)
    people, topics = sample(url, args.people, args.skip)
    print("| mix | clients | requests | req/s | p50 ms | p99 ms | errors | 503 | /healthz p99 | profile p99 "
          "| generator CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    runner = asyncio.run
    with contextlib.suppress(ImportError):
        import uvloop  # the generator's own loop costs less CPU on uvloop

        runner = uvloop.run
    for mix in args.mixes.split(","):
        for level in map(int, args.levels.split(",")):
            r = runner(run_level(url, mix, level, args.seconds, args.max_requests, people, topics, args.client))
            print(f"| {r['mix']} | {r['clients']} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | "
                  f"{r['p99']:.1f} | {r['errors']} | {r['refused']} | {r['healthz_p99']:.1f} | "
                  f"{r['profile_p99']:.1f} | {r['cpu']:.0%} |", flush=True)


if __name__ == "__main__":
    main()
