"""Researcher aliases: a retired id -> the people its mentions went to (the dblp/OpenAlex redirect).

When identity (graph/merge_people.py) retires an id, the last batch of the run says where every
mention that carried it went (``GraphBatch.researcher_aliases``); a store that removes the id keeps
an alias for it. Both stores keep aliases *flat*: a target is a live researcher, never another alias,
so a chain (``a -> b``, later ``b -> c``) is stored as ``a -> c`` and read in one step. These
functions are the backend-neutral rules both stores apply inside their write:

* a new alias unites its targets with the ones the id had before (it may have been live again for
  a run, as a provisional id, and be retired anew);
* an alias pointing at an id retired now points at that id's targets instead;
* an alias whose id is a researcher again (identity wrote a person with it) is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

Aliases = Mapping[str, Sequence[str]]


def flatten(aliases: Aliases, id: str) -> tuple[str, ...]:
    """The ids reached from ``id`` through ``aliases`` that are not aliases themselves, sorted.
    Cycles end (an id is followed once) and ``id`` itself is never a target.

    >>> flatten({"a": ["b"], "b": ["c", "d"], "d": ["a"]}, "a")
    ('c',)
    """
    out: set[str] = set()
    seen, todo = {id}, [id]
    while todo:
        for t in aliases.get(todo.pop(), ()):
            if t in seen:
                continue
            seen.add(t)
            if t in aliases:
                todo.append(t)
            else:
                out.add(t)
    return tuple(sorted(out))


def alias_writes(new: Aliases, stored: Aliases) -> dict[str, tuple[str, ...]]:
    """The alias rows to write when the ids of ``new`` (removed id -> where its mentions went) are
    retired: ``stored`` holds at least the stored aliases of those ids and those pointing at one.
    Returns id -> targets for every row that changes; an empty tuple drops the alias."""
    merged: dict[str, list[str]] = {k: list(v) for k, v in stored.items()}
    for old, targets in new.items():
        merged[old] = sorted({*stored.get(old, ()), *targets})
    touched = set(new) | {k for k, v in stored.items() if set(v) & set(new)}
    out = {k: flatten(merged, k) for k in sorted(touched)}
    return {k: v for k, v in out.items() if tuple(stored.get(k, ())) != v}


def pointing_at(aliases: Aliases, ids: Iterable[str]) -> dict[str, Sequence[str]]:
    """The aliases of ``ids`` and those with a target among them (what :func:`alias_writes` reads)."""
    wanted = set(ids)
    return {k: v for k, v in aliases.items() if k in wanted or wanted & set(v)}


def batch_alias_writes(aliases: Aliases, people: Iterable[str], new: Aliases) -> dict[str, tuple[str, ...]]:
    """What one batch does to a store's ``aliases``: the aliases of ``people`` (researchers the batch
    writes as decided persons) are dropped, then ``new`` (retired ids the store removed -> where their
    mentions went) is kept by :func:`alias_writes`. Returns id -> targets; empty drops the alias."""
    out: dict[str, tuple[str, ...]] = {k: () for k in people if k in aliases}
    if new:
        kept = {k: v for k, v in aliases.items() if k not in out}
        out.update(alias_writes(new, pointing_at(kept, new)))
    return out


def applied(aliases: dict[str, tuple[str, ...]], writes: Mapping[str, Sequence[str]]) -> None:
    """Apply alias rows (id -> targets; empty: dropped) to an in-memory map of them."""
    for k, v in writes.items():
        if v:
            aliases[k] = tuple(v)
        else:
            aliases.pop(k, None)


def keep(aliases: dict[str, tuple[str, ...]], pending: dict[str, tuple[str, ...]], people: Iterable[str],
         new: Aliases) -> None:
    """One batch in a store that holds its aliases in memory: :func:`batch_alias_writes` applied
    to ``aliases`` and added to ``pending``, the rows its next commit writes."""
    writes = batch_alias_writes(aliases, people, new)
    applied(aliases, writes)
    pending.update(writes)
