"""Smoke checks against a real uvicorn process serving the ingested seeds on a loopback port."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import _clean_env

pytestmark = pytest.mark.corpus

LIVE_KEY = "live-key-for-tests"
LIVE_LIMIT = 2048


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def live_url(seeded_dir: Path) -> Iterator[str]:
    port = _free_port()
    code = f"from app.main import run; run('127.0.0.1', {port})"
    env = _clean_env(RG_DATA_DIR=str(seeded_dir), RG_API_KEY=LIVE_KEY, RG_MAX_UPLOAD_BYTES=str(LIVE_LIMIT))
    proc = subprocess.Popen([sys.executable, "-c", code], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        # Wait until ready (the graph loaded, the matcher built); not a timing assertion.
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stdout.read().decode(errors='replace')}")
            try:
                if _get(base + "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_live_health_profile_slice_and_404(live_url):
    status, _, body = _get(live_url + "/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert _get(live_url + "/readyz")[0] == 200

    status, _, body = _get(live_url + "/v1/researchers/tianlong-chen")
    assert status == 200 and json.loads(body)["works"] == 71

    status, headers, body = _get(live_url + "/v1/researchers/tianlong-chen/slice?depth=2&limit=30")
    s = json.loads(body)
    assert status == 200 and 0 < len(s["nodes"]) <= 30

    status, headers, body = _get(live_url + "/v1/researchers/tianlong-chen/slice?depth=1&format=graphml")
    assert status == 200 and headers["content-type"].startswith("application/xml") and b"<graphml" in body

    status, headers, body = _get(live_url + "/v1/researchers/nobody-at-all")
    assert status == 404 and headers["content-type"].startswith("application/problem+json")
    assert "nobody-at-all" in json.loads(body)["detail"]


def test_live_upload_limit_counts_streamed_bytes(live_url):
    """A chunked upload (no Content-Length) over the limit is refused with 413 by the real server."""
    host, port = urlsplit(live_url).hostname, urlsplit(live_url).port
    conn = http.client.HTTPConnection(host, port, timeout=30)
    chunks = (b"z" * 1024 for _ in range(8))
    conn.request("POST", "/v1/ingest?name=big.txt", body=chunks, encode_chunked=True,
                 headers={"Authorization": f"Bearer {LIVE_KEY}", "Content-Type": "text/plain"})
    resp = conn.getresponse()
    body = json.loads(resp.read())
    conn.close()
    assert resp.status == 413 and str(LIVE_LIMIT) in body["detail"]
