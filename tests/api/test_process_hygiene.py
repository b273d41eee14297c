"""Reader processes die with the ingest that started them: `kill -9` of the CLI leaves none behind."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        out |= {int(c) for c in (task / "children").read_text().split()}
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _paper_lists(folder: Path, files: int, records: int) -> None:
    folder.mkdir()
    for f in range(files):
        rows = [{"title": f"Study {f}-{i} of sparse mixture of experts", "author": f"Ann Lee; Bo Chen{i % 7}",
                 "abstract": "We prune networks. " * 20, "status": "Poster"} for i in range(records)]
        (folder / f"venue{f:02d}.json.gz").write_bytes(gzip.compress(json.dumps(rows).encode()))


def test_kill_9_of_the_ingest_leaves_no_reader_behind(tmp_path):
    _paper_lists(tmp_path / "lists", files=12, records=3000)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RG_", "NEO4J_"))}
    env["RG_DATA_DIR"] = str(tmp_path / "data")
    cli = subprocess.Popen([sys.executable, "-m", "app.cli", "ingest", str(tmp_path / "lists"), "--workers", "2"],
                           cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    readers: set[int] = set()
    deadline = time.monotonic() + 90
    while len(readers) < 2 and time.monotonic() < deadline and cli.poll() is None:
        readers = {c for c in _children(cli.pid) if "app" not in Path(f"/proc/{c}/cmdline").read_text()}
        time.sleep(0.2)
    assert len(readers) >= 2, "the ingest never started its reader processes"
    os.kill(cli.pid, signal.SIGKILL)
    cli.wait()
    deadline = time.monotonic() + 30
    while any(map(_alive, readers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in readers if _alive(pid)], "reader processes outlived the killed ingest"
