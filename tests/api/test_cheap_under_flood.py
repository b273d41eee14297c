"""Cheap requests under a flood (issue 14): what a cheap answer costs in thread-pool hops, so that
the event loop and a cheap read are not left waiting for the GIL behind threads computing answers."""

from __future__ import annotations

import anyio.to_thread
import pytest

from tests.api.conftest import slug


@pytest.fixture
def hops(monkeypatch) -> list[str]:
    """The name of every function run on anyio's thread pool (FastAPI's sync routes and dependencies)."""
    seen: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func, *args, **kwargs):
        seen.append(getattr(getattr(func, "func", func), "__name__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return seen


def test_a_cheap_read_takes_one_thread_hop_and_a_cached_one_none(client, hops):
    assert client.get(f"/v1/researchers/{slug('ada')}").status_code == 200
    assert len(hops) == 1  # the route itself; its store dependency runs on the event loop
    hops.clear()
    assert client.get(f"/v1/researchers/{slug('ada')}/collaborators", params={"limit": 2}).status_code == 200
    assert len(hops) == 1  # the paging parameters too
    hops.clear()
    assert client.get(f"/v1/researchers/{slug('ada')}").status_code == 200  # from the cache
    assert client.get("/healthz").status_code == 200
    assert hops == []

