"""The paper identity index: arXiv id, DOI and title key -> paper ids (graph/merge.py's steps 1-3).

A store that keeps one (the embedded store updates it as it writes papers, so it is never rebuilt
per run) hands it to the merger through ``paper_key_index()``; otherwise the merger builds one from
``list_paper_keys()``. A run never writes into the store's index: it works on a :class:`RunKeys`
over it, whose own entries hold the run's papers until the store has written them.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from functools import lru_cache

from graph.ids import title_key as _title_key
from graph.model import Paper
from graph.store import PaperKeys

Row = tuple[str | None, str | None, str | None]  # (arxiv id, lower-cased DOI, title key)
# Folding titles is the hot spot of a corpus run; the same titles come back batch after batch.
title_key = lru_cache(maxsize=1 << 18)(_title_key)


def key_rows(paper: Paper) -> list[Row]:
    """One row per distinct key set among the paper's shown fields and its claims (a claim with
    no key at all adds none)."""
    rows: list[Row] = []
    for c in [paper, *paper.claims]:
        row = (c.arxiv_id, c.doi.lower() if c.doi else None, title_key(c.title))
        if row not in rows and (c is paper or row != (None, None, None)):
            rows.append(row)
    return rows


class KeyIndex:
    """Lookups of stored papers by identity key; the first paper to claim an id keeps it."""

    def __init__(self) -> None:
        self.arxiv: dict[str, str] = {}
        self.doi: dict[str, str] = {}
        self.title: dict[str, list[str]] = {}
        self.known: set[str] = set()
        self.titled: set[str] = set()  # papers with at least one title key
        self._rows: dict[str, list[Row]] = {}

    @classmethod
    def from_keys(cls, keys: Iterable[PaperKeys]) -> KeyIndex:
        return cls.from_rows((k.paper_id, k.arxiv_id, k.doi, k.title_key) for k in keys)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str | None, str | None, str | None]]) -> KeyIndex:
        """From stored ``(paper id, arXiv id, DOI, title key)`` rows (graph/embedded/db.py)."""
        index = cls()
        grouped: dict[str, list[Row]] = {}
        for pid, *row in rows:
            grouped.setdefault(pid, []).append(tuple(row))
        for pid, paper_rows in grouped.items():
            index.put(pid, paper_rows)
        return index

    def put(self, pid: str, rows: list[Row]) -> None:
        """The paper's key rows now: what it had before is taken out first (a re-ingested
        source may have changed its title)."""
        self._drop(pid)
        self.known.add(pid)
        self._rows[pid] = rows
        for arxiv, doi, tkey in rows:
            if arxiv:
                self.arxiv.setdefault(arxiv, pid)
            if doi:
                self.doi.setdefault(doi, pid)
            if tkey:
                self.titled.add(pid)
                ids = self.title.setdefault(tkey, [])
                if pid not in ids:
                    insort(ids, pid)  # by id, whatever order the papers were written in

    def rows(self, pid: str) -> list[Row]:
        return self._rows.get(pid, [])

    def _drop(self, pid: str) -> None:
        for arxiv, doi, tkey in self._rows.pop(pid, ()):
            if arxiv and self.arxiv.get(arxiv) == pid:
                del self.arxiv[arxiv]
            if doi and self.doi.get(doi) == pid:
                del self.doi[doi]
            if tkey and pid in self.title.get(tkey, ()):
                self.title[tkey].remove(pid)
                if not self.title[tkey]:
                    del self.title[tkey]
        self.titled.discard(pid)


class RunKeys:
    """One run's view: the store's index, plus the papers this run has resolved so far."""

    def __init__(self, base: KeyIndex) -> None:
        self.base = base
        self._arxiv: dict[str, str] = {}
        self._doi: dict[str, str] = {}
        self._title: dict[str, list[str]] = {}
        self._known: set[str] = set()
        self._titled: set[str] = set()
        self.stored: set[str] = set()  # papers this run has written (besides the store's)

    def add(self, pid: str, arxiv: str | None, doi: str | None, tkey: str | None) -> None:
        if arxiv and arxiv not in self.base.arxiv:
            self._arxiv.setdefault(arxiv, pid)
        if doi and doi.lower() not in self.base.doi:
            self._doi.setdefault(doi.lower(), pid)
        if tkey:
            self._titled.add(pid)
            if pid not in self.base.title.get(tkey, ()):
                ids = self._title.setdefault(tkey, [])
                if pid not in ids:
                    ids.append(pid)

    def by_arxiv(self, arxiv: str | None) -> str | None:
        return self.base.arxiv.get(arxiv) or self._arxiv.get(arxiv) if arxiv else None

    def by_doi(self, doi: str | None) -> str | None:
        if not doi:
            return None
        return self.base.doi.get(doi.lower()) or self._doi.get(doi.lower())

    def by_title(self, tkey: str | None) -> list[str]:
        if not tkey:
            return []
        return list(dict.fromkeys([*self.base.title.get(tkey, ()), *self._title.get(tkey, ())]))

    def is_known(self, pid: str) -> bool:
        return pid in self._known or pid in self.base.known

    def know(self, pid: str) -> None:
        self._known.add(pid)

    def all_known(self) -> set[str]:
        return self.base.known | self._known

    def known_before(self) -> set[str]:
        """Papers the store held when the run began (the store's index learns the run's writes)."""
        return self.base.known - self._known

    def is_stored(self, pid: str) -> bool:
        return pid in self.stored or pid in self.base.known

    def untitled_known(self) -> set[str]:
        """Papers, stored or of this run, without a title key."""
        return self.all_known() - self.base.titled - self._titled

    def untitled_stored(self) -> set[str]:
        """Stored papers without a title key (short titles, or none)."""
        return (self.base.known - self.base.titled) | (self.stored - self._titled - self.base.titled)
