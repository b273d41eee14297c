"""Settings from the environment (secrets never shown) and the CLI's stats/export wiring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def test_settings_read_the_environment_and_hide_secrets(monkeypatch):
    monkeypatch.setenv("RG_BACKEND", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2-secret")
    monkeypatch.setenv("RG_API_KEY", "api-key-secret")
    monkeypatch.setenv("RG_CORS_ORIGINS", "https://a.example, https://b.example")
    s = Settings()
    assert s.rg_backend == "neo4j" and s.cors_origins == ["https://a.example", "https://b.example"]
    assert s.rg_max_upload_bytes == 20 * 1024 * 1024
    assert "secret" not in repr(s) and "secret" not in str(s.model_dump())
    assert s.rg_api_key.get_secret_value() == "api-key-secret"


def test_cli_stats_on_an_empty_store_and_export_of_unknown_id(tmp_path: Path):
    env = {**os.environ, "RG_DATA_DIR": str(tmp_path), "RG_BACKEND": "embedded"}
    run = subprocess.run([sys.executable, "-m", "app.cli", "stats"], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0 and "Paper\t0" in run.stdout and "AUTHORED\t0" in run.stdout
    assert "no graph in" in run.stderr and not (tmp_path / "graph.db").exists()  # said, and nothing created
    run = subprocess.run([sys.executable, "-m", "app.cli", "export", "nobody", "--out", str(tmp_path / "x.json")],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "nobody" in run.stderr


def _cli(env_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RG_DATA_DIR": str(env_dir), "RG_BACKEND": "embedded"}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("name", ["graph.db", "graph.jsonl.gz"])  # the database, an earlier version's snapshot
def test_a_corrupt_store_is_one_line_not_a_traceback(tmp_path: Path, name: str):
    (tmp_path / name).write_bytes(b"not a database, not gzip at all" * 50)
    for args in (["stats"], ["ingest", str(REPO / "examples")], ["serve", "--port", "1"]):
        run = _cli(tmp_path, *args)
        assert run.returncode == 2, (args, run.stderr)
        assert "Traceback" not in run.stderr and name in run.stderr and "move it aside" in run.stderr
    assert (tmp_path / name).read_bytes() == b"not a database, not gzip at all" * 50  # nothing overwritten


def test_an_unwritable_data_directory_is_said_before_reading(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    run = _cli(blocker / "data", "ingest", str(REPO / "examples"))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "Not a directory" in run.stderr and "nothing of this run was stored" in run.stderr
    assert "records" not in run.stdout  # refused before any file was read
