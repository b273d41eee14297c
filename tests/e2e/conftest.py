"""Browser-test fixtures: the seeds ingested by the real CLI, a real `researchgraph serve`
on a free loopback port, and Debian's Chromium driven by Playwright.

Chromium is never downloaded (no `playwright install`): it is /usr/bin/chromium, which
`make browser` installs. Without it the tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path(os.environ.get("RG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEED_OWNER = "Tianlong Chen"  # the profile owner named at the top of the seed profiles
AS_OF = "2025-06-30"
STARTUP_SECONDS = 90


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("researchgraph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RG_", "NEO4J_"))}
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_data_dir(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An RG_DATA_DIR holding the three seeds; the arXiv listing names no owner, so it gets --owner."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    env = _clean_env(RG_DATA_DIR=str(data_dir))
    files = sorted(seeds_dir.glob("*.txt"))
    listing = [f for f in files if f.name.startswith("001_")]
    named = [f for f in files if f not in listing]
    for paths, extra in ((named, []), (listing, ["--owner", SEED_OWNER])):
        if not paths:
            continue
        cmd = [*_cli(), "ingest", *map(str, paths), "--as-of", AS_OF, *extra]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return data_dir


@dataclass
class Server:
    """A `researchgraph serve` subprocess and where it listens."""

    process: subprocess.Popen
    base_url: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def get(self, path: str, **params) -> httpx.Response:
        # httpx would drop a query string already in `path` (an href read off the page) for `params`.
        query = {k: v for k, v in params.items() if v not in (None, "")}
        return httpx.get(self.base_url + path, params=query or None, timeout=30)

    def json(self, path: str, **params):
        response = self.get(path, **params)
        assert response.status_code == 200, f"{path} {params}: {response.status_code} {response.text[:300]}"
        return response.json()


def start_server(data_dir: Path, log_dir: Path) -> Server:
    port = _free_port()
    log = log_dir / f"serve-{port}.log"
    cmd = [*_cli(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, env=_clean_env(RG_DATA_DIR=str(data_dir)), stdout=out,
                                   stderr=subprocess.STDOUT, cwd=REPO)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{cmd} exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(server.base_url + "/readyz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop()
    pytest.fail(f"{cmd} was not ready within {STARTUP_SECONDS}s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def server(e2e_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(e2e_data_dir, tmp_path_factory.mktemp("e2e-logs"))
    yield srv
    srv.stop()


@pytest.fixture
def own_server(e2e_data_dir: Path, tmp_path: Path) -> Iterator[Server]:
    """A server of the test's own, for tests that stop it."""
    srv = start_server(e2e_data_dir, tmp_path)
    yield srv
    srv.stop()


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (run `make browser`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed: {exc}")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as exc:  # Playwright raises its own Error type for any launch failure
            _unavailable(f"Chromium did not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh page; JavaScript exceptions on it fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
