"""One data directory, several processes: nothing one writes is lost to another.

Two CLI ingests at once keep both documents' papers; a CLI ingest while `serve` runs is seen by
the server without a restart, and the server's next upload keeps it."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.api.conftest import _clean_env
from tests.api.test_errors_and_ingest import FEED
from tests.api.test_live_server import _free_port, _get

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
KEY = "shared-dir-key"

SECOND_FEED = FEED.replace("Grace Hopper", "Katherine Johnson").replace("Punch Cards", "Orbits").replace(
    "Compilers", "Trajectories")


def _cli(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=REPO,
                            env=_clean_env(RG_DATA_DIR=str(data_dir)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _researchers(data_dir: Path) -> set[str]:
    from graph.embedded.store import EmbeddedStore

    store = EmbeddedStore(data_dir)
    return {r.id for r in store.search_researchers("", limit=1000)}


def test_two_ingests_at_once_keep_both(tmp_path):
    (tmp_path / "hopper.txt").write_text(FEED)
    data = tmp_path / "data"
    runs = [_cli(data, "ingest", str(EXAMPLES), "--workers", "0"),
            _cli(data, "ingest", str(tmp_path / "hopper.txt"), "--as-of", "2024-01-01", "--workers", "0")]
    outs = [r.communicate(timeout=180) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outs
    people = _researchers(data)
    assert {"ada-kowalski", "grace-hopper", "alan-turing"} <= people


def _served_examples(data: Path, workers: int) -> tuple[subprocess.Popen, str]:
    """The examples ingested into ``data`` by the CLI, then ``serve --workers N`` over them
    (uploads allowed, other processes' commits looked for every 0.3 s): the process and its URL."""
    assert _cli(data, "ingest", str(EXAMPLES), "--workers", "0").wait(180) == 0
    port = _free_port()
    env = _clean_env(RG_DATA_DIR=str(data), RG_API_KEY=KEY, RG_RELOAD_INTERVAL_S="0.3")
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port),
                               "--workers", str(workers)],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}"


def test_serve_sees_a_cli_ingest_and_its_upload_keeps_it(tmp_path):
    data = tmp_path / "data"
    server, url = _served_examples(data, workers=1)
    try:
        _wait_for(lambda: _get(f"{url}/readyz")[0] == 200, "the server to load the graph")
        assert _get(f"{url}/v1/researchers/grace-hopper")[0] == 404
        (tmp_path / "hopper.txt").write_text(FEED)
        assert _cli(data, "ingest", str(tmp_path / "hopper.txt"), "--as-of", "2024-01-01").wait(180) == 0
        _wait_for(lambda: _get(f"{url}/v1/researchers/grace-hopper")[0] == 200, "the CLI's papers to be served")
        upload = urllib.request.Request(f"{url}/v1/ingest?name=johnson.txt&as_of=2024-01-01",
                                        data=SECOND_FEED.encode(), method="POST",
                                        headers={"Authorization": f"Bearer {KEY}"})
        with urllib.request.urlopen(upload, timeout=60) as resp:
            assert resp.status == 200
        for rid in ("grace-hopper", "katherine-johnson", "ada-kowalski"):
            assert _get(f"{url}/v1/researchers/{rid}")[0] == 200, rid
    finally:
        server.terminate()
        server.wait(30)
    assert {"grace-hopper", "katherine-johnson", "ada-kowalski"} <= _researchers(data)  # and on disk


def _wait_for(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_says_when_each_workers_graph_is_in_and_logs_no_key(tmp_path):
    """``serve --workers 2`` is a supervisor and two processes: each worker's own log lines
    (graph loaded, rows applied) reach the terminal, and the API key never does."""
    data = tmp_path / "data"
    assert _cli(data, "ingest", str(EXAMPLES), "--workers", "0").wait(180) == 0
    port, log = _free_port(), tmp_path / "serve.log"
    env = _clean_env(RG_DATA_DIR=str(data), RG_API_KEY=KEY, RG_RELOAD_INTERVAL_S="0.3")
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
                                  cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_for(lambda: log.read_text().count("graph loaded and warmed in") == 2, "both workers' graphs")
            (tmp_path / "hopper.txt").write_text(FEED)
            assert _cli(data, "ingest", str(tmp_path / "hopper.txt"), "--as-of", "2024-01-01").wait(180) == 0
            _wait_for(lambda: "rows another process committed" in log.read_text(), "a worker to apply the ingest")
        finally:
            server.terminate()
            server.wait(30)
    text = log.read_text()
    assert "INFO:" in text and "loaded" in text and KEY not in text
