"""What `researchgraph ingest` tells a person: the progress bar on a real pseudo-terminal, skipped
non-documents, and warnings that are true once everything is merged."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from app.ingest import ingest
from graph.embedded.store import EmbeddedStore

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def _folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(EXAMPLES, docs)
    (docs / "MANIFEST.json").write_text(json.dumps({"files": ["a.json.gz"], "papers": 3}))
    (docs / "README.md").write_text("# what these files are\n")
    return docs


def _run_on_pty(args: list[str], env: dict[str, str], size: tuple[int, int] | None) -> tuple[int, str]:
    """Run the real CLI with stdin, stdout and stderr on a pseudo-terminal (of ``size`` rows x columns,
    or unsized, 0 x 0, as some terminals start); return (exit code, everything it wrote)."""
    master, slave = pty.openpty()
    if size:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env,
                            stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("size", [(40, 150), None])
def test_progress_bar_on_a_terminal(tmp_path, size):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RG_", "NEO4J_", "COLUMNS", "LINES"))}
    env.update(RG_DATA_DIR=str(tmp_path / "data"), TERM="xterm")
    code, screen = _run_on_pty(["ingest", str(_folder(tmp_path)), "--workers", "0"], env, size)
    assert code == 0, screen
    # the bar: a share of the bytes known up front, the rate, then files and records done
    assert re.search(r"ingest:\s+0%\|.*\| 0\.00/3\.\d+k \[.*0/3 files, 0 records\]", screen), screen
    assert re.search(r"ingest: 100%\|.*\| 3\.\d+k/3\.\d+k \[[\d:]+<[\d:]+, +[\d.]+[kM]?B/s, 3/3 files, 9 records\]",
                     screen), screen
    assert "ada-kowalski-feed.txt: profile-feed, 4 records" in screen
    assert re.search(r"MANIFEST\.json: skipped, not a document: a manifest", screen)
    assert re.search(r"README\.md: skipped, not a document: a readme", screen)
    assert "files: 3 (0 failed, 2 skipped), records: 9" in screen
    assert "Traceback" not in screen


def test_non_documents_in_a_folder_are_skipped_not_failed(tmp_path):
    store = EmbeddedStore(None)
    report = ingest([_folder(tmp_path)], store)
    assert not report.failed
    skipped = {Path(f.name).name: f.skipped for f in report.files if f.skipped}
    assert set(skipped) == {"MANIFEST.json", "README.md"}
    assert report.totals.skipped_files == 2 and report.totals.files == 3
    # a file named on the command line is always read: a manifest named there is a failure
    named = ingest([tmp_path / "docs" / "MANIFEST.json"], store)
    assert named.failed


def test_link_loops_and_unreadable_folders_are_reported(tmp_path):
    docs = _folder(tmp_path)
    (docs / "again").symlink_to(docs, target_is_directory=True)
    locked = docs / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("unreachable")
    locked.chmod(0)
    try:
        report = ingest([docs], EmbeddedStore(None))
    finally:
        locked.chmod(0o755)
    reasons = {Path(f.name).name: f.skipped for f in report.files if f.skipped}
    assert "a link back to a folder already read" in reasons["again"]
    if os.geteuid() != 0:  # root reads a mode-0 folder anyway
        assert "unreadable folder" in reasons["locked"]
    assert report.totals.records == 9  # every document read once, none twice through the link


@pytest.mark.parametrize(("others", "left"), [
    ((), 2),
    (("ada-kowalski-feed.txt",), 1),  # the feed has the MoE paper; the ViT tickets one is on the profile only
    (("ada-kowalski-feed.txt", "ada-kowalski-profile.txt"), 0),
])
def test_no_owner_only_for_records_left_without_authors(tmp_path, others, left):
    docs = tmp_path / "in"
    docs.mkdir()
    for name in ("ada-kowalski-arxiv.txt", *others):
        shutil.copy(EXAMPLES / name, docs)
    store = EmbeddedStore(None)
    report = ingest([docs], store)
    listing = next(f for f in report.files if f.name.endswith("arxiv.txt"))
    authorless = [p for p in store.search_papers("", limit=100) if not p.authors]
    assert len(authorless) == left
    if left:
        assert [p for p in listing.problems if "no-owner" in p] == [
            "ada-kowalski-arxiv.txt: no-owner: expected --owner NAME: an arXiv listing does not name its "
            f"researcher ({left} of 2 records stored as papers without authors)"]
        assert report.totals.warnings["no-owner"] == 1
    else:
        assert not any("no-owner" in p for p in listing.problems)
        assert "no-owner" not in report.totals.warnings
