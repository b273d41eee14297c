"""graph/fork.py: a forked child computes a share, and the answers are those of one process."""

from __future__ import annotations

import os
import sys

import pytest

from graph.fork import _share, split_map

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="split_map forks on Linux only")


@linux
def test_a_child_computes_part_and_the_answers_keep_the_items_order():
    parent = os.getpid()
    items = list(range(40))
    out = split_map(lambda x: (x * x, os.getpid()), items, [x + 1 for x in items], min_weight=0)
    assert [sq for sq, _ in out] == [x * x for x in items]
    pids = {pid for _, pid in out}
    assert parent in pids and len(pids) == 2  # both processes took a share


@linux
def test_a_child_that_dies_costs_time_not_answers():
    parent = os.getpid()

    def dies_in_the_child(x):
        if os.getpid() != parent:
            os._exit(3)
        return -x

    assert split_map(dies_in_the_child, [1, 2, 3, 4], [1, 1, 1, 1], min_weight=0) == [-1, -2, -3, -4]


@linux
def test_answers_that_do_not_pickle_are_computed_here():
    out = split_map(lambda x: (lambda: x), [1, 2, 3], [5, 5, 5], min_weight=0)
    assert [f() for f in out] == [1, 2, 3]


def test_too_little_work_stays_in_this_process():
    parent = os.getpid()
    assert split_map(lambda x: os.getpid(), [1, 2], [1, 1]) == [parent, parent]


def test_the_share_halves_the_weight():
    weights = [9, 1, 1, 1, 5, 4, 3, 2]
    theirs = sum(weights[i] for i in _share(weights))
    assert abs(2 * theirs - sum(weights)) <= max(weights)
    assert _share(weights) == sorted(_share(weights))
