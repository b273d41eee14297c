"""Inputs that must not hurt (issue: a server that holds load and abuse): decompression bombs,
nesting a parser cannot take, author lines built to make a regex backtrack, a reader that breaks."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.ingest import ingest
from graph.embedded.store import EmbeddedStore
from nlp.decode import decode
from nlp.errors import ExtractionError
from tests.api.conftest import UPLOAD_LIMIT
from tests.api.test_errors_and_ingest import AUTH, FEED
from tests.api.test_routes import assert_problem

REPO = Path(__file__).resolve().parents[2]


def _bomb(unpacked: int) -> bytes:
    return gzip.compress(b"[" + b" " * unpacked + b"]", compresslevel=9)


def test_gzip_upload_counts_its_unpacked_bytes(ingest_client):
    before = ingest_client.get("/v1/stats").json()
    small = _bomb(UPLOAD_LIMIT * 50)
    assert len(small) < UPLOAD_LIMIT  # packed it passes the limit; unpacked it does not
    resp = ingest_client.post("/v1/ingest", params={"name": "bomb.json.gz"}, content=small, headers=AUTH)
    assert_problem(resp, 413, str(UPLOAD_LIMIT))
    assert ingest_client.get("/v1/stats").json() == before


def test_unpacking_stops_at_the_limit():
    with pytest.raises(ExtractionError) as err:
        decode(_bomb(10 * 1024**2), "big.json.gz", max_unpacked=1024**2)
    assert err.value.problem.kind == "too-large" and "1048576" in str(err.value)


def test_deep_nesting_is_the_files_problem_and_the_good_files_are_kept(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "hopper.txt").write_text(FEED)
    for workers in (0, 2):
        report = ingest([tmp_path], EmbeddedStore(None), workers=workers)
        by_name = {Path(f.name).name: f for f in report.files}
        assert by_name["deep.json"].failed and by_name["deep.json"].problems
        assert not by_name["hopper.txt"].failed and by_name["hopper.txt"].records == 2
        assert report.totals.papers_new == 2


def test_deep_nesting_upload_is_422_not_500(ingest_client):
    resp = ingest_client.post("/v1/ingest", params={"name": "deep.json"}, content=b"[" * 2000 + b"]" * 2000,
                              headers=AUTH)
    assert_problem(resp, 422, "deep.json")


@pytest.mark.parametrize("line", ["A" + " " * 200_000 + "B", "A," + " " * 200_000 + "x et al."],
                         ids=["a-run-of-spaces", "a-run-of-spaces-before-et-al"])  # short ids: pytest puts
def test_author_lines_split_in_linear_time(line):  # them in PYTEST_CURRENT_TEST, which a child inherits
    # Run apart so that a quadratic regex (about 50 min for these lines) fails the test instead of hanging it.
    code = "import sys; from nlp.text import split_authors; print(json.dumps(split_authors(sys.stdin.read())))"
    run = subprocess.run([sys.executable, "-c", "import json; " + code], input=line, text=True, cwd=REPO,
                         capture_output=True, timeout=60)
    names, complete, _ = json.loads(run.stdout)
    assert names == (["A B"] if complete else ["A", "x"])


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2101.00001v1</id>
<title>&lol3;</title><summary>x</summary><author><name>A B</name></author></entry></feed>"""


def test_xml_with_entity_declarations_is_refused(tmp_path):
    (tmp_path / "laughs.xml").write_text(LAUGHS)
    (tmp_path / "hopper.txt").write_text(FEED)
    report = ingest([tmp_path], EmbeddedStore(None))
    by_name = {Path(f.name).name: f for f in report.files}
    assert by_name["laughs.xml"].failed and "unsafe-xml" in by_name["laughs.xml"].problems[0]
    assert report.totals.papers_new == 2  # the feed beside it is stored


def test_xml_bomb_upload_is_422(ingest_client):
    resp = ingest_client.post("/v1/ingest", params={"name": "laughs.xml", "format": "arxiv-atom"},
                              content=LAUGHS.encode(), headers=AUTH)
    assert_problem(resp, 422, "unsafe-xml")
