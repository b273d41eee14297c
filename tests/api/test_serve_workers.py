"""``serve --workers 2`` on one embedded data directory: an upload answered by one process is
served by every process, and none loses it."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.api.conftest import _clean_env
from tests.api.test_errors_and_ingest import FEED
from tests.api.test_live_server import _free_port, _get
from tests.api.test_shared_data_dir import EXAMPLES, KEY, _cli, _wait_for

REPO = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_an_upload_to_one_worker_is_served_by_all(tmp_path):
    data = tmp_path / "data"
    assert _cli(data, "ingest", str(EXAMPLES), "--workers", "0").wait(180) == 0
    port = _free_port()
    env = _clean_env(RG_DATA_DIR=str(data), RG_API_KEY=KEY, RG_RELOAD_INTERVAL_S="0.3")
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        # every answer ready: new connections land on either worker
        _wait_for(lambda: all(_get(f"{url}/readyz")[0] == 200 for _ in range(10)), "both workers to load", 120)
        assert len(_children(server.pid)) >= 2  # uvicorn's two worker processes
        upload = urllib.request.Request(f"{url}/v1/ingest?name=hopper.txt&as_of=2024-01-01", data=FEED.encode(),
                                        method="POST", headers={"Authorization": f"Bearer {KEY}"})
        with urllib.request.urlopen(upload, timeout=60) as resp:
            assert resp.status == 200
        _wait_for(lambda: all(_get(f"{url}/v1/researchers/grace-hopper")[0] == 200 for _ in range(20)),
                  "every worker to serve the upload")
        assert _get(f"{url}/v1/researchers/ada-kowalski")[0] == 200
    finally:
        server.terminate()
        server.wait(30)
