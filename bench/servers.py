"""Processes the benchmark starts: a throw-away Neo4j from the test harness and the API."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
HARNESS = REPO / "tests" / "neo4j" / "target"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Neo4jProcess:
    proc: subprocess.Popen
    uri: str

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_neo4j(workdir: Path, timeout: float = 180) -> Neo4jProcess:
    """Start the harness jar built by `make neo4j-harness`; returns once it printed its Bolt URI."""
    classpath = f"{HARNESS / 'neo4j-test-server-1.0.jar'}{os.pathsep}{HARNESS / 'lib'}/*"
    proc = subprocess.Popen(["java", "-Xmx4g", "-cp", classpath, "researchgraph.TestServer", "0",
                             str(workdir / "neo4j")], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("BOLT_URI="):
            return Neo4jProcess(proc, line.split("=", 1)[1].strip())
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("the Neo4j test server did not start; run `make neo4j-harness` first")


@contextlib.contextmanager
def start_api(env: dict[str, str], port: int, timeout: float = 600, workers: int = 1) -> Iterator[str]:
    """Run `researchgraph serve` on loopback; yields its base URL once /readyz answers 200 (the
    embedded store loads the corpus snapshot first: minutes on a busy machine)."""
    with start_server(env, port, timeout, workers) as (base, _):
        yield base


@contextlib.contextmanager
def start_server(env: dict[str, str], port: int, timeout: float = 600, workers: int = 1) -> Iterator[tuple[str, int]]:
    """:func:`start_api`, yielding the base URL and the `serve` process id (its workers are children)."""
    bin_dir = Path(sys.executable).parent
    proc = subprocess.Popen([str(bin_dir / "researchgraph"), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        # with several workers each loads its own graph: ready when every answer says so
        while not all(_ready(base) for _ in range(4 * workers)):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the API did not become ready on {base}")
            time.sleep(0.25)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _ready(base: str) -> bool:
    try:
        with httpx.Client(timeout=2) as http:  # a new connection each time: it may land on any worker
            return http.get(f"{base}/readyz").status_code == 200
    except httpx.HTTPError:
        return False
