"""The read/write guard around in-process stores, and the cursor encoding."""

from __future__ import annotations

import threading

import pytest

from app.deps import GuardedStore, guard, writing
from app.errors import InvalidParameter
from app.pagination import MAX_OFFSET, decode_cursor, encode_cursor


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def get_stats(self) -> str:
        self.calls.append("read")
        return "stats"


def test_reads_wait_for_a_writer_and_go_on_after_it():
    store = guard(Recorder())
    assert isinstance(store, GuardedStore)
    done = threading.Event()
    with writing(store) as raw:
        assert isinstance(raw, Recorder)
        reader = threading.Thread(target=lambda: (store.get_stats(), done.set()))
        reader.start()
        assert not done.wait(0.2)  # held back while the write lasts
        assert raw.calls == []
    assert done.wait(10)
    reader.join()
    assert raw.calls == ["read"]


def test_thread_safe_stores_are_not_wrapped():
    class Client(Recorder):
        thread_safe = True

    client = Client()
    assert guard(client) is client
    with writing(client) as raw:
        assert raw is client


@pytest.mark.parametrize("offset", [0, 1, 20, 9_999, MAX_OFFSET])
def test_cursor_round_trip(offset):
    assert decode_cursor(encode_cursor(offset)) == offset


@pytest.mark.parametrize("offset", [MAX_OFFSET + 1, 2**63 - 1, 2**63, 10**40])
def test_cursors_past_the_window_are_refused(offset):
    with pytest.raises(InvalidParameter, match="narrow the query"):
        decode_cursor(encode_cursor(offset))


@pytest.mark.parametrize("bad", ["", "%%%", "bm90IGpzb24", "eyJwIjoxfQ", "eyJvIjoiMSJ9", "eyJvIjp0cnVlfQ"])
def test_foreign_cursors_are_refused(bad):
    with pytest.raises(InvalidParameter, match="cursor"):
        decode_cursor(bad)
