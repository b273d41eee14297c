"""``serve --workers 2`` on one embedded data directory: an upload answered by one process is
served by every process, and none loses it."""

from __future__ import annotations

import subprocess
import urllib.request

from tests.api.test_errors_and_ingest import FEED
from tests.api.test_live_server import _get
from tests.api.test_shared_data_dir import KEY, _served_examples, _wait_for


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_an_upload_to_one_worker_is_served_by_all(tmp_path):
    server, url = _served_examples(tmp_path / "data", workers=2)
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
