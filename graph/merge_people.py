"""The researcher half of merging: a run's mentions in, the people of the blocks it touched out.

graph/identity.py decides who is who; this module feeds it the papers a run writes and the
stored papers of the same name blocks, and turns its answer into store writes (see the
"Order and runs" section there for why the decision waits for the end of the run).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple, Protocol

from graph.fork import split_map
from graph.identity import IdentityIndex, Person, block_key, display_name, evidence_lines, short_block
from graph.ids import normalise_name
from graph.model import AuthorRef, Paper, ReportedFigure, Researcher
from graph.store import GraphBatch

READ_CHUNK = 5000
ALL = 10**9


class PeopleSource(Protocol):
    def get_papers(self, ids) -> list[Paper]: ...
    def get_researchers(self, ids) -> list[Researcher]: ...
    def list_researcher_papers(self, researcher_id: str, *, limit: int, offset: int = 0) -> list: ...


class People:
    def __init__(self, store: PeopleSource) -> None:
        self.store = store
        self.index = IdentityIndex()
        self._touched: set[str] = set()
        self._figures: dict[str, tuple[str, list[ReportedFigure]]] = {}
        self._seen: set[str] = set()
        self._earlier: set[str] = set()

    @staticmethod
    def carry_ids(paper: Paper, old: Paper | None) -> Paper:
        """A re-folded paper keeps the ids its stored version gave its authors (the claims
        carry provisional ones), so re-ingesting a document changes nothing."""
        if old is None or not paper.authors:
            return paper
        # keyed by name and occurrence: two namesakes on one paper keep their own ids
        known: dict[tuple[str, int], str] = {key: a.researcher_id for key, a in _nth(old.authors)}
        authors = [a if known.get(key, a.researcher_id) == a.researcher_id
                   else a.model_copy(update={"researcher_id": known[key]}) for key, a in _nth(paper.authors)]
        return paper if authors == paper.authors else paper.model_copy(update={"authors": authors})

    def add(self, papers: list[Paper]) -> None:
        """Index a batch's papers (before the store writes them). Author ids the store already
        holds at that point were stored by an earlier run: only their papers are read back."""
        new = {a.researcher_id for p in papers for a in p.authors} - self._seen
        self._seen |= new
        self._earlier |= {r.id for r in self.store.get_researchers(new)}
        for p in papers:
            self._touched |= self.index.add(p)

    def reported(self, owner: str, source_id: str, figures: dict[str, int]) -> None:
        """A profile's claimed figures, given to whoever its owner turns out to be."""
        self._touched.add(block_key(owner))
        self._figures[source_id] = (block_key(owner), [ReportedFigure(name=k, value=v, source_id=source_id)
                                                       for k, v in figures.items()])

    def finish(self) -> GraphBatch:
        """The whole decision as one batch (see :meth:`finish_batches`)."""
        parts = list(self.finish_batches())
        return GraphBatch(researchers=[r for b in parts for r in b.researchers],
                          author_ids={pid: ids for b in parts for pid, ids in b.author_ids.items()},
                          retired_researchers=[r for b in parts for r in b.retired_researchers],
                          researcher_aliases={k: v for b in parts for k, v in b.researcher_aliases.items()})

    def finish_batches(self) -> Iterator[GraphBatch]:
        """Who is who in every touched block, as batches to write in turn and commit once: the
        researchers with the first, the new author ids of READ_CHUNK papers per batch (a corpus
        run re-points authors of tens of thousands), the retired ids with the last, with where
        their mentions went (``researcher_aliases``: one person for a merge, several for a split)."""
        touched, self._touched = self._touched, set()
        if not touched:
            return
        stored = self._load_stored(touched)
        groups: list[list[str]] = []
        done: set[str] = set()
        for block in sorted(touched):
            if block not in done:
                groups.append(self.index.group(block))
                done.update(groups[-1])
        changed: dict[str, dict[int, str]] = {}
        researchers: list[Researcher] = []
        retired: set[str] = set()
        went: dict[str, set[str]] = {}  # an id the mentions carried -> the people holding them now
        # each group is decided from its own mentions: half of them in a forked child (graph/fork.py)
        for d in split_map(lambda group: self._decide(group, stored), groups,
                           [self.index.size(g) for g in groups]):
            for pid, position, rid, carried in d.moved:
                changed.setdefault(pid, {})[position] = rid
                retired.add(carried)
                went.setdefault(carried, set()).add(rid)
            researchers += d.researchers
            retired.update(d.retired)
        final = {r.id for r in researchers}
        # provisional ids of the run that no person kept (a re-folded paper may list another
        # spelling): the store removes them once no paper names them
        retired |= touched | self._seen
        self._seen = set()
        before = {r.id: r for rs in stored.values() for r in rs}
        researchers = [r for r in researchers if before.get(r.id) != r]  # re-ingesting changes nothing
        todo = sorted(changed)
        for i in range(0, max(len(todo), 1), READ_CHUNK):
            yield GraphBatch(researchers=researchers if i == 0 else (),
                             author_ids={pid: changed[pid] for pid in todo[i:i + READ_CHUNK]})
        gone = retired - final
        yield GraphBatch(retired_researchers=sorted(gone),
                         researcher_aliases={old: sorted(went[old]) for old in sorted(gone & set(went))})

    def _decide(self, group: list[str], stored: dict[str, list[Researcher]]) -> _Decision:
        """Who is who in one block group: the people as researchers, the author slots whose id
        moves (with the id they carried) and the stored people no one is any longer."""
        people = self.index.match(group)
        moved = [(m.paper, m.position, p.id, m.current) for p in people for m in p.mentions if m.current != p.id]
        ids = {p.id for p in people}
        return _Decision([self._researcher(p, people, stored) for p in people], moved,
                         sorted({r.id for b in group for r in stored.get(b, ())} - ids))

    def _load_stored(self, touched: set[str]) -> dict[str, list[Researcher]]:
        """Stored people of the touched blocks, and their papers into the index (the mentions
        an earlier run decided on take part in this decision)."""
        wanted = touched | {short_block(b) for b in touched}
        found = {r.id: r for r in self.store.get_researchers(wanted & self._earlier | wanted - self._seen)}
        more = {h for r in found.values() for h in r.homonyms} - set(found)
        found.update({r.id: r for r in self.store.get_researchers(more)})
        by_block: dict[str, list[Researcher]] = {}
        for r in found.values():
            by_block.setdefault(block_key(r.name), []).append(r)
        paper_ids_of = getattr(self.store, "paper_ids_of", None)  # a write-only store's cheaper answer
        pids = paper_ids_of(found) if paper_ids_of else {
            s.id for r in found.values() for s in self.store.list_researcher_papers(r.id, limit=ALL)}
        todo = sorted(pid for pid in pids if pid not in self.index)
        for i in range(0, len(todo), READ_CHUNK):
            for p in self.store.get_papers(todo[i:i + READ_CHUNK]):
                self.index.add(p)
        return by_block

    def _researcher(self, p: Person, people: list[Person], stored: dict[str, list[Researcher]]) -> Researcher:
        blocks = {m.block for m in p.mentions}
        sources = {s for m in p.mentions for s in m.sources}
        figures = [f for b in blocks for r in stored.get(b, ()) for f in r.reported
                   if f.source_id in sources and f.source_id not in self._figures]
        for sid, (block, given) in self._figures.items():
            if sid in sources and block in blocks:
                figures += given
        spellings: dict[str, int] = {}
        for m in p.mentions:
            name = normalise_name(m.name)
            spellings[name] = spellings.get(name, 0) + 1
        name, variants = display_name(spellings)
        return Researcher.trusted(
            id=p.id, name=name, variants=[name, *variants],
            reported=sorted({(f.source_id, f.name): f for f in figures}.values(), key=lambda f: (f.source_id, f.name))
            if figures else [],
            sources=sorted(sources), evidence=evidence_lines(p),
            homonyms=sorted(q.id for q in people if q is not p) if len(people) > 1 else [])


class _Decision(NamedTuple):
    researchers: list[Researcher]
    moved: list[tuple[str, int, str, str]]  # (paper id, author position, the person's id, the id it carried)
    retired: list[str]  # stored people of the group that no one is now


def _nth(authors: list[AuthorRef]) -> Iterator[tuple[tuple[str, int], AuthorRef]]:
    """Each author with its name's block key and how many earlier authors share it."""
    seen: dict[str, int] = {}
    for a in authors:
        key = block_key(a.name)
        seen[key] = seen.get(key, 0) + 1
        yield (key, seen[key]), a
