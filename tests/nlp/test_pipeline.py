import hashlib
from pathlib import Path

import pytest

from graph.ids import digest
from graph.model import Format
from nlp.errors import ExtractionError
from nlp.pipeline import extract_bytes, extract_file, iter_files

FIXTURES = Path(__file__).parent / "fixtures"


def test_iter_files_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c")
    single = tmp_path / "a.txt"
    assert iter_files([tmp_path, single]) == [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "sub" / "c.txt",
                                             single]


def test_source_identity_follows_format_and_name():
    data = (FIXTURES / "feed_small.txt").read_bytes()
    doc = extract_bytes(data, "feed.txt")
    assert doc.source.id == "s-" + digest("profile-feed:feed.txt")
    assert doc.source.name == "feed.txt"
    assert doc.source.content_sha256 == hashlib.sha256(data).hexdigest()
    changed = extract_bytes(data + b"\n", "feed.txt")
    assert changed.source.id == doc.source.id and changed.source.content_sha256 != doc.source.content_sha256
    assert all(p.source_id == doc.source.id for p in doc.papers)


def test_forced_format_and_every_paper_has_topics():
    doc = extract_file(FIXTURES / "listing_small.txt", fmt=Format.ARXIV_LISTING)
    assert doc.source.format == Format.ARXIV_LISTING
    assert all(p.topics for p in doc.papers)


def test_errors_name_the_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ExtractionError) as err:
        extract_file(path)
    assert err.value.problem.file == "empty.txt"
    with pytest.raises(ExtractionError) as err:
        extract_file(tmp_path / "missing.txt")
    assert err.value.problem.kind == "unreadable-file"
