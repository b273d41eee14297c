"""``kill -9`` in the middle of an ingest: every batch committed before it is kept whole, nothing
of the open batch is, and the next run completes the rest."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from graph.embedded.db import db_path
from tests.api.conftest import _clean_env

REPO = Path(__file__).resolve().parents[2]
FILES = 40

# One batch per document (BATCH_CLAIMS = 1), and a line on stdout after each commit, so the
# parent can kill the run right after its second commit, wherever the third one then is.
CHILD = """
import sys
import app.ingest
from graph.embedded.writer import EmbeddedWriter

app.ingest.BATCH_CLAIMS = 1
flush = EmbeddedWriter.flush
def told(self):
    flush(self)
    print("committed", flush=True)
EmbeddedWriter.flush = told
from app.cli import main
sys.exit(main(["ingest", sys.argv[1], "--workers", "0"]))
"""


def _bibtex(i: int) -> str:
    return "\n".join(
        f"@article{{k{i}x{j}, title = {{Crash Safe Study Number {i} Part {j} of Durable Graphs}},"
        f" author = {{Person{i} Alpha and Coauthor{j} Beta}}, year = {{2020}}, journal = {{J}}}}"
        for j in range(3))


def _stored(data_dir: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Per stored source: the records it says it had, and the papers that name it."""
    with sqlite3.connect(db_path(data_dir)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        said = dict(conn.execute("SELECT json_extract(body, '$.name'), json_extract(body, '$.records') "
                                 "FROM records WHERE kind = 'source' AND body IS NOT NULL"))
        ids = dict(conn.execute("SELECT json_extract(body, '$.id'), json_extract(body, '$.name') "
                                "FROM records WHERE kind = 'source' AND body IS NOT NULL"))
        papers: dict[str, int] = {}
        for (sources,) in conn.execute("SELECT json_extract(body, '$.sources') FROM records "
                                       "WHERE kind = 'paper' AND body IS NOT NULL"):
            for sid in json.loads(sources):
                papers[ids[sid]] = papers.get(ids[sid], 0) + 1
    return said, papers


def test_kill_9_mid_ingest_keeps_every_committed_batch_and_no_half_one(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(FILES):
        (docs / f"f{i:03d}.bib").write_text(_bibtex(i))
    data = tmp_path / "data"
    run = subprocess.Popen([sys.executable, "-c", CHILD, str(docs)], cwd=REPO, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True, env=_clean_env(RG_DATA_DIR=str(data)))
    commits = 0
    for line in run.stdout:
        commits += line.strip() == "committed"
        if commits == 2:
            break
    assert run.poll() is None, "the run ended before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()

    said, papers = _stored(data)
    assert len(said) >= 2  # the two commits the run announced
    assert len(said) < FILES  # and it really was stopped midway
    assert said == papers  # every stored source has all its papers, and no paper is without its source
    assert sorted(said) == [f"f{i:03d}.bib" for i in range(len(said))]  # in the order they were read

    again = subprocess.run([sys.executable, "-m", "app.cli", "ingest", str(docs), "--workers", "0"], cwd=REPO,
                           env=_clean_env(RG_DATA_DIR=str(data)), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    said, papers = _stored(data)
    assert len(said) == FILES and said == papers and set(said.values()) == {3}
