"""Identity and merging (SPEC §3): extracted documents in, one resolved ``GraphBatch`` out.

A claim (one source's record of one paper) resolves to a paper by, in order:

1. arXiv id; 2. DOI (case-insensitive); 3. normalised title (``graph.ids.title_key``; short or
   generic titles have no key and never match) with a compatible year — within one year of a
   year the paper already has, or either side yearless — and no disagreeing id (a title match
   never joins a paper to which another record gives a different arXiv id or DOI); 4. abstract
   similarity, for claims without a title key against every paper, and for titled claims that
   matched no title against the papers that have no title key (a listing ingested before the feed): candidates
   share word-3-shingle hashes of a bottom-k sketch (an inverted index, so no pairwise scan),
   then the exact shingle sets must reach Jaccard >= 0.5, or the shorter text must sit >= 80%
   inside the longer (feeds truncate abstracts).

No match: a new paper, id ``"p-" + digest(first key of "arxiv:", "doi:", "title:", "abs:")``; a
claim with none of those keys gets ``digest("claim:", source id, locator, title)``, so its own
source re-ingested finds it again; so does a record whose key cannot find it again (an abstract
too short to compare): the id it mints is taken by the paper that holds that very record (source id
and locator), and that paper is its own. A paper keeps its id when later claims join it. A paper
holds one claim per source id, so a re-ingested source replaces its own claim (idempotent) and
a newer version of a document updates in place.
The shown fields are a pure function of the claims: graph/merge_fold.py has the precedence.

Researchers are decided by graph/identity.py from evidence, per name block, never
fuzzy-merged across names ("Tianlong Chen" and "Tianyi Chen" stay two people). During a run
papers are written with provisional author ids (the name's slug, or the id the stored paper
already gave that author); :meth:`Merger.finish` re-decides every name block the run touched
from all its mentions, stored ones included, and returns the batch that rewrites the papers
whose author ids changed, writes the researchers of those blocks (display name and variants
by ``identity.display_name``, evidence, homonyms) and retires ids no longer used.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from graph.ids import digest, fold, normalise_name, slugify
from graph.merge_fold import fold_paper
from graph.merge_keys import KeyIndex, RunKeys, title_key
from graph.merge_people import People
from graph.model import (
    AuthorRef,
    ExtractedDocument,
    Institution,
    Paper,
    PaperClaim,
    Repository,
    Researcher,
    Source,
    Topic,
)
from graph.sketches import JACCARD_MIN, WORD, shingles, similar, sketch, sketches_of
from graph.store import GraphBatch, PaperKeys


class MergeSource(Protocol):
    """The part of GraphStore the merger reads."""

    def list_paper_keys(self) -> list[PaperKeys]: ...
    def get_papers(self, ids) -> list[Paper]: ...
    def get_researchers(self, ids) -> list[Researcher]: ...
    def get_institutions(self, ids) -> list[Institution]: ...
    def get_source(self, id: str) -> Source | None: ...
    def list_researcher_papers(self, researcher_id: str, *, limit: int, offset: int = 0) -> list: ...


@dataclass
class MergeStats:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: MergeStats) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged


class Merger:
    """Resolves claims against the store's papers and against each other, batch after batch.

    Built once per ingest run: the stored identity keys are read once into dicts and every
    batch's new papers are added to them, so a run over n claims costs O(n) lookups.
    """

    def __init__(self, store: MergeSource, topics: list[Topic] | None = None) -> None:
        self.store = store
        self._topics = list(topics or [])
        # the store's identity index when it keeps one, else one read from its keys
        index = getattr(store, "paper_key_index", None)
        self._keys = RunKeys(index() if index else KeyIndex.from_keys(store.list_paper_keys()))
        self._short: dict[str, list[str]] | None = None
        self._formats: dict[str, str] = {}
        self._named: set[str] = set()
        # every abstract the run reads, as it reads them; the stored ones join on first need
        self._abstracts = _AbstractIndex()
        self._stored_indexed = False
        self._untitled: _AbstractIndex | None = None
        self.stats = MergeStats()
        self.last = MergeStats()
        self.people = People(store)

    # -- the batch ----------------------------------------------------------------------------
    def merge(self, docs: list[ExtractedDocument]) -> GraphBatch:
        for doc in docs:
            self._formats[doc.source.id] = str(doc.source.format)
        work = _Work(self.store, self._prefetch(docs), self._keys)
        for doc in docs:
            owner = _owner_ref(doc)
            for claim, sk in zip(doc.papers, sketches_of(doc), strict=True):
                if owner:
                    claim = _with_owner(claim, owner)
                pid = self._resolve(claim, work)
                work.add(pid, claim)
                self._keys.add(pid, claim.arxiv_id, claim.doi, title_key(claim.title))
                self._index_text(pid, claim, sk)
        papers = self._fold(work)
        for d in docs:
            owner = _owner_ref(d)
            if owner:
                self.people.reported(owner.name, d.source.id, d.source.reported)
        self.people.add(papers)
        return GraphBatch(
            sources=[d.source.model_copy(update={"records": len(d.papers)}) for d in docs],
            papers=papers, topics=self._take_topics(),
            institutions=self._institutions(papers), repositories=_repositories(papers))

    def finish(self) -> GraphBatch:
        """The run's last batch: who is who in every name block the run touched."""
        return self.people.finish()

    def finish_batches(self) -> Iterator[GraphBatch]:
        """:meth:`finish` in parts, to write in turn and commit once (a corpus run's is large)."""
        return self.people.finish_batches()

    def _index_text(self, pid: str, claim: PaperClaim, sk: tuple[int, ...]) -> None:
        if claim.title:
            self._named.add(pid)
            if self._short is not None and title_key(claim.title) is None:
                self._short.setdefault(_short_norm(claim.title), []).append(pid)
        if claim.abstract:
            self._abstracts.add(pid, sk)
            if self._untitled is not None and pid not in self._named:
                self._untitled.add(pid, sk)

    def _prefetch(self, docs: list[ExtractedDocument]) -> dict[str, Paper]:
        """Stored papers the claims may join, read in one call (years and claims are needed)."""
        ids: set[str] = set()
        for doc in docs:
            for c in doc.papers:
                ids.update(filter(None, (self._keys.by_arxiv(c.arxiv_id), self._keys.by_doi(c.doi))))
                ids.update(self._keys.by_title(title_key(c.title)))
        known = [i for i in ids if self._keys.is_known(i)]
        return {p.id: p for p in self.store.get_papers(known)} if known else {}

    def _resolve(self, claim: PaperClaim, work: _Work) -> str:
        pid = self._keys.by_arxiv(claim.arxiv_id) or self._keys.by_doi(claim.doi)
        if pid:
            return pid
        tkey = title_key(claim.title)
        for pid in self._keys.by_title(tkey):
            if _year_compatible(claim.year, work.years(pid)) and not work.ids_disagree(pid, claim):
                return pid
        if claim.abstract:
            pid = self._match_abstract(claim, tkey, work)
            if pid:
                return pid
        return self._new_id(claim, tkey, work)

    def _match_abstract(self, claim: PaperClaim, tkey: str | None, work: _Work) -> str | None:
        """Title-less claims search every abstract; titled ones only papers that show no title,
        and short-titled ones also the papers with the same short title."""
        assert claim.abstract
        if not claim.title:
            return self._abstract_index(work).best(claim.abstract, work)
        if tkey is None:
            same = self._short_titles(work).get(_short_norm(claim.title), [])
            found = _AbstractIndex.best_of(claim.abstract, same, work)
            if found:
                return found
        untitled = self._untitled_index(work)
        return untitled.best(claim.abstract, work, skip=self._named) if untitled else None

    def _new_id(self, claim: PaperClaim, tkey: str | None, work: _Work) -> str:
        if claim.arxiv_id:
            first = f"arxiv:{claim.arxiv_id}"
        elif claim.doi:
            first = f"doi:{claim.doi.lower()}"
        elif tkey:
            first = f"title:{tkey}"
        elif claim.abstract:
            first = f"abs:{digest(' '.join(WORD.findall(claim.abstract.lower())))}"
        else:
            pid = "p-" + digest("claim:", claim.source_id, claim.locator, claim.title or "")
            self._keys.know(pid)
            return pid
        pid, n = "p-" + digest(first), 1
        while self._keys.is_known(pid):  # same title, years apart: a different paper needs its own id
            if work.holds(pid, claim):
                # the paper this very record made before: its key could not find it again (an
                # abstract too short to compare, as a proceedings preface's one line)
                return pid
            n += 1
            pid = "p-" + digest(first, str(n))
        self._keys.know(pid)
        return pid

    def _abstract_index(self, work: _Work) -> _AbstractIndex:
        """Every paper's abstracts: the run's as it reads them, the stored papers' read on first
        need (most runs have no title-less claim)."""
        if not self._stored_indexed:
            self._stored_indexed = True
            self._build_index(self._keys.known_before(), work, self._abstracts)
        return self._abstracts

    def _untitled_index(self, work: _Work) -> _AbstractIndex:
        """Abstracts of the papers that show no title: few, so cheap to build."""
        if self._untitled is None:
            self._keyless_papers(work)
            # only papers without a title key: a stored paper that has one is as named as a paper
            # of this run that has one (else two runs would join what one run keeps apart)
            self._untitled = self._build_index(self._keys.untitled_known() - self._named, work)
        return self._untitled

    def _short_titles(self, work: _Work) -> dict[str, list[str]]:
        if self._short is None:
            self._short = {}
            for p in self._keyless_papers(work):
                for c in p.claims:
                    if c.title and title_key(c.title) is None:
                        self._short.setdefault(_short_norm(c.title), []).append(p.id)
            for pid, claims in work.claims.items():
                for c in claims:
                    if c.title and title_key(c.title) is None:
                        self._short.setdefault(_short_norm(c.title), []).append(pid)
        return self._short

    def _keyless_papers(self, work: _Work) -> list[Paper]:
        """Stored papers without a title key (short titles, or none); marks the titled ones."""
        papers = self.store.get_papers(self._keys.untitled_stored() - set(work.claims))
        self._named.update(p.id for p in papers if p.title or any(c.title for c in p.claims))
        return papers

    def _build_index(self, pids: set[str], work: _Work, index: _AbstractIndex | None = None) -> _AbstractIndex:
        index = _AbstractIndex() if index is None else index
        stored = sorted(pids - set(work.claims))
        abstracts_of = getattr(self.store, "paper_abstracts", None)  # a store that reads just these
        for i in range(0, len(stored), 5000):
            part = stored[i:i + 5000]
            found = abstracts_of(part) if abstracts_of else {p.id: p.abstracts() for p in self.store.get_papers(part)}
            for pid, texts in found.items():
                for text in texts:
                    index.add(pid, sketch(shingles(text)))
        for pid, claims in work.claims.items():
            for c in claims:
                if c.abstract and pid in pids:
                    index.add(pid, sketch(shingles(c.abstract)))
        return index

    # -- folding ---------------------------------------------------------------------------------
    def _fold(self, work: _Work) -> list[Paper]:
        self._learn_formats(work)
        last = MergeStats()
        out: list[Paper] = []
        for pid in sorted(work.claims):
            old = work.existing.get(pid)
            paper = People.carry_ids(fold_paper(pid, work.claims[pid], self._formats), old)
            if old is not None and old == paper:
                last.unchanged += 1
                continue
            if old is None:
                last.new += 1
            else:
                last.updated += 1
            self._keys.add(pid, paper.arxiv_id, paper.doi, title_key(paper.title))
            self._keys.stored.add(pid)
            out.append(paper)
        self.last = last
        self.stats.add(last)
        return out

    def _learn_formats(self, work: _Work) -> None:
        for claims in work.claims.values():
            for c in claims:
                if c.source_id not in self._formats:
                    src = self.store.get_source(c.source_id)
                    self._formats[c.source_id] = str(src.format) if src else ""

    def _take_topics(self) -> list[Topic]:
        topics, self._topics = self._topics, []  # the taxonomy is written with the first batch
        return topics

    def _institutions(self, papers: list[Paper]) -> list[Institution]:
        """The institutions the batch's claims name, each accumulated onto its stored record:
        the name first written stays, aliases add up, a country once known is kept. So a batch
        (or a later document) that knows less never erases what an earlier one said."""
        seen: dict[str, list[Institution]] = {}
        for p in papers:
            for c in p.claims:
                for inst in c.institutions:
                    seen.setdefault(inst.id, []).append(inst)
        stored = {i.id: i for i in self.store.get_institutions(seen)}
        out = []
        for iid in sorted(seen):
            merged = _accumulate(stored.get(iid), seen[iid])
            if merged != stored.get(iid):
                out.append(merged)
        return out


def _with_owner(claim: PaperClaim, owner: AuthorRef) -> PaperClaim:
    """The owner is an author of every work of their profile, and the profile itself is the
    evidence that all those mentions are one person (a weak key: graph/identity.py)."""
    authors = [a.model_copy(update={"keys": (*a.keys, *owner.keys)}) if a.researcher_id == owner.researcher_id
               else a for a in claim.authors]
    if authors == claim.authors:
        authors.append(owner)
    return claim.model_copy(update={"authors": authors})


def _owner_ref(doc: ExtractedDocument) -> AuthorRef | None:
    if not doc.owner or not normalise_name(doc.owner):
        return None
    name = normalise_name(doc.owner)
    return AuthorRef(name=name, researcher_id=slugify(name), position=None, evidence="profile",
                     keys=(f"profile:{doc.source.id}",))


def _short_norm(title: str) -> str:
    return " ".join(WORD.findall(fold(title)))


def _ids(claim: PaperClaim) -> tuple[str | None, str | None]:
    """(arXiv id, DOI) of a claim, compared case-insensitively; ``10.48550/arXiv.X`` is arXiv id X."""
    doi = (claim.doi or "").lower() or None
    arxiv = claim.arxiv_id.lower() if claim.arxiv_id else None
    if doi and doi.startswith(_ARXIV_DOI):
        arxiv, doi = arxiv or doi[len(_ARXIV_DOI):], None
    return arxiv, doi


_ARXIV_DOI = "10.48550/arxiv."


def _year_compatible(year: int | None, years: set[int]) -> bool:
    return year is None or not years or any(abs(year - y) <= 1 for y in years)




def _accumulate(old: Institution | None, found: list[Institution]) -> Institution:
    # a stored placeholder (an edge's end written before its record: name = id) yields
    known = [old, *found] if old is not None and old.name != old.id else found
    first = known[0]
    aliases = list(dict.fromkeys(a for i in known for a in (i.name, *i.aliases) if a != first.name))
    country = next((i.country for i in known if i.country), None)
    return Institution.trusted(id=first.id, name=first.name, aliases=aliases, country=country)


def _repositories(papers: list[Paper]) -> list[Repository]:
    found = {ref.repository.id: ref.repository for p in papers for ref in p.repositories}
    return [found[k] for k in sorted(found)]


class _Work:
    """The papers a batch touches: their claims so far, and the stored versions to compare with."""

    def __init__(self, store: MergeSource, existing: dict[str, Paper], keys: RunKeys) -> None:
        self.store = store
        self.existing = existing
        self.keys = keys
        self.claims: dict[str, list[PaperClaim]] = {}

    def _claims_of(self, pid: str) -> list[PaperClaim]:
        """The paper's claims so far; looking does not make the paper part of the batch."""
        if pid in self.claims:
            return self.claims[pid]
        if pid not in self.existing and self.keys.is_stored(pid):
            found = self.store.get_papers([pid])
            if found:
                self.existing[pid] = found[0]
        old = self.existing.get(pid)
        return list(old.claims) if old else []

    def add(self, pid: str, claim: PaperClaim) -> None:
        claims = self._claims_of(pid)
        self.claims[pid] = [c for c in claims if c.source_id != claim.source_id] + [claim]

    def holds(self, pid: str, claim: PaperClaim) -> bool:
        """Whether the paper already holds this record of this source."""
        return any(c.source_id == claim.source_id and c.locator == claim.locator for c in self._claims_of(pid))

    def years(self, pid: str) -> set[int]:
        return {c.year for c in self._claims_of(pid) if c.year is not None}

    def ids_disagree(self, pid: str, claim: PaperClaim) -> bool:
        """Whether another source gives the paper an arXiv id or DOI other than the claim's (then a title
        match is two works that share a title). An arXiv DataCite DOI counts as the arXiv id it names."""
        mine = _ids(claim)
        for other in self._claims_of(pid):
            if other.source_id == claim.source_id and other.locator == claim.locator:
                continue  # the same record read again
            theirs = _ids(other)
            if any(m and t and m != t for m, t in zip(mine, theirs, strict=True)):
                return True
        return False

    def abstracts(self, pid: str) -> list[str]:
        return [c.abstract for c in self._claims_of(pid) if c.abstract]


class _AbstractIndex:
    """Sketch hash -> the papers whose abstracts have it. An index of every stored abstract is
    ~3M (hash, paper) pairs on the corpus: as a dict of sets that was ~400 MB, the peak of a
    corpus ingest. So pairs are packed in sorted arrays of 64-bit integers (the hash above, the
    paper's number below), a few runs of falling size merged as they fill, like a log-structured
    merge tree; the pairs added last wait unsorted until there are ``SORT_IN`` of them or a
    lookup comes. A pair added twice is harmless (a lookup gives a set)."""

    SORT_IN = 50_000

    def __init__(self) -> None:
        self._pids: list[str] = []
        self._number: dict[str, int] = {}
        self._runs: list[array] = []
        self._recent = array("Q")

    def add(self, pid: str, sk: Iterable[int]) -> None:
        n = self._number.get(pid)
        if n is None:
            n = self._number[pid] = len(self._pids)
            self._pids.append(pid)
        self._recent.extend(h << 32 | n for h in sk)
        if len(self._recent) >= self.SORT_IN:
            self._sort_in()

    def _sort_in(self) -> None:
        runs = self._runs
        runs.append(array("Q", sorted(self._recent)))
        while len(runs) > 1 and len(runs[-1]) * 2 >= len(runs[-2]):
            last = runs.pop()
            merged = array("Q")
            merged.extend(heapq.merge(runs.pop(), last))
            runs.append(merged)
        self._recent = array("Q")

    def _papers(self, h: int) -> set[str]:
        if self._recent:
            self._sort_in()
        found = set()
        for run in self._runs:
            i = bisect_left(run, h << 32)
            while i < len(run) and run[i] >> 32 == h:
                found.add(self._pids[run[i] & 0xFFFFFFFF])
                i += 1
        return found

    def __bool__(self) -> bool:
        return bool(self._runs) or bool(self._recent)

    def best(self, text: str, work: _Work, skip: set[str] | frozenset[str] = frozenset()) -> str | None:
        sh = shingles(text)
        hits = Counter(pid for h in sketch(sh) for pid in self._papers(h) if pid not in skip)
        return self.best_of(text, sorted(pid for pid, shared in hits.items() if shared >= 2), work, sh)

    @staticmethod
    def best_of(text: str, pids: list[str], work: _Work, sh: frozenset[str] | None = None) -> str | None:
        """The candidate whose abstracts are most similar, if any reaches the threshold."""
        sh = shingles(text) if sh is None else sh
        best, best_score = None, 0.0
        for pid in pids:
            score = max((similar(sh, shingles(t)) for t in work.abstracts(pid)), default=0.0)
            if score >= JACCARD_MIN and score > best_score:
                best, best_score = pid, score
        return best
