"""One writer per data directory, across processes: an ``flock`` on ``<dir>/.writer.lock``.

A writer merges against the graph it holds in memory, so two writers must take turns: the second
waits for the first and starts from everything it committed (SQLite's own locking only keeps
their transactions apart; graph/embedded/store.py ``StaleWrite`` refuses a commit made against an
older graph).
The kernel drops the lock of a process that dies, so a crashed writer never blocks the next.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".writer.lock"


@contextlib.contextmanager
def writer_lock(data_dir: Path, *, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the data directory's writer lock; ``on_wait(holder)`` is told when another holds it."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(_holder(fd))
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    pid = os.pread(fd, 32, 0).decode(errors="replace").strip()
    return f"process {pid}" if pid else "another process"
