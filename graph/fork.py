"""Both cores for a pure computation over independent parts: a forked child takes a share.

Identity's decision at the end of a corpus run (graph/merge_people.py) is ~13 s of pure Python
over independent name-block groups, while the readers that kept the other core busy are done.
A process forked at that point already holds the index, so nothing is sent to it; it returns
its share's answers through a pipe, pickled. The answers equal those of one process, in the
items' order, because each item's answer depends on that item alone.

Where it cannot help or is not safe, everything runs here: no ``os.fork`` (Windows), not Linux
(macOS frameworks may not survive a fork), too little work to pay for the fork (~0.1 s), or a
child that fails or dies (its share is computed here, so an answer never goes missing).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_WEIGHT = 20_000  # below this much work (identity: mentions) one process is as quick


def split_map(fn: Callable[[T], R], items: Sequence[T], weights: Sequence[int], *,
              min_weight: int | None = None) -> list[R]:
    """``[fn(x) for x in items]``, a forked child computing about half of the weight.

    ``fn`` must read only what the fork copies and write nothing another process would see
    (no files, no database, no locks held by other threads); its results must pickle."""
    if not _can_fork() or sum(weights) < (MIN_WEIGHT if min_weight is None else min_weight) or len(items) < 2:
        return [fn(x) for x in items]
    theirs = _share(weights)
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's clean-up
        os.close(read)
        code = 1
        with contextlib.suppress(BaseException):
            die_with_parent(parent)
            gc.disable()  # what it builds lives until it is sent, and the child dies after
            data = pickle.dumps([fn(items[i]) for i in theirs], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            code = 0
        os._exit(code)
    os.close(write)
    answers: dict[int, R] = {}
    try:
        with os.fdopen(read, "rb") as src:
            taken = set(theirs)
            answers.update((i, fn(items[i])) for i in range(len(items)) if i not in taken)
            data = src.read()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
    got = pickle.loads(data) if status == 0 and data else None
    if got is None or len(got) != len(theirs):
        got = [fn(items[i]) for i in theirs]
    answers.update(zip(theirs, got, strict=True))
    return [answers[i] for i in range(len(items))]


def _share(weights: Sequence[int]) -> list[int]:
    """The child's items: every other one of the heaviest first, then each to the lighter side."""
    mine = theirs = 0
    out: list[int] = []
    for i in sorted(range(len(weights)), key=lambda i: -weights[i]):
        if theirs < mine:
            out.append(i)
            theirs += weights[i]
        else:
            mine += weights[i]
    return sorted(out)


def _can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def die_with_parent(parent: int) -> None:
    """This process must not outlive ``parent``: the kernel kills it when the parent dies
    (Linux's PR_SET_PDEATHSIG; nothing where that is missing), and if the parent is already
    gone it leaves now. Readers of an ingest (app/ingest.py) and split_map's child use it."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)
