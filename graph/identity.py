"""Who is who (SPEC §3): author mentions -> researchers, decided per name block from evidence.

A *mention* is one author slot of one paper. Mentions are blocked by name (:func:`block_key`:
the transliterated slug without the nickname, so case, accents and scripts fold together) and
only compared inside their block group -- never all pairs of the corpus. A block group is the
blocks joined by a shared strong author id ("one id is one person whatever the spelling") or
differing only in middle initials (:func:`short_block`: "Justin F. Rousseau", "Justin Rousseau").

Inside a block group (S2AND-style, with hand-set rules instead of a learned model):

1. **Strong keys** (:data:`STRONG`): OpenReview profile, ORCID, OpenAlex, ACL Anthology, IEEE,
   dblp ids join their mentions. Two different ids of one kind never share a person, and
   neither do two different middle initials: both are *cannot-links* checked on every join.
2. **Evidence links**, in a fixed order: the same e-mail address (weak: a key that may move),
   the same profile document (its owner authored all its works),
   a shared co-author (by the co-author's name block), the same affiliation within
   :data:`AFFILIATION_YEARS` years.
3. **Name prior**: a full name that is not common (common: a surname of
   :data:`COMMON_SURNAMES`, which many people share, with a given name shorter than
   :data:`LONG_GIVEN_NAME`) is one person unless a cannot-link says otherwise, so the leftover
   clusters of one spelling block join the largest compatible one (another spelling, such as
   a middle initial, joins on evidence only). A common name ("Yang Liu") joins only on
   evidence; thin evidence keeps mentions apart.

Every join is recorded as evidence, so a researcher can say why its mentions are one person.

Order and runs
--------------
The clusters of a block group are a pure function of its mentions: mentions are sorted by
(paper id, position) and every join is tried in that order, so neither the order of the
documents nor their split into batches or runs changes the people. The merger
(graph/merge.py) therefore writes papers with provisional ids during a run, keeps the
mentions of every paper it wrote in an :class:`IdentityIndex`, and at the end of the run
re-decides every block it touched from all of that block's mentions -- those of the run and
those already stored (read back through the store) -- rewriting only the papers whose author
ids changed and retiring ids no one keeps. A re-folded paper keeps the ids its stored version
had, so re-ingesting the same documents touches no block and changes nothing. Stored clusters
are never trusted as such: a later run with more evidence may join or split them, and the
result is the one a single run over all the documents gives.

Ids, in cluster order (most mentions, then earliest mention): a person takes the bare slug of
its main spelling block (``tianlong-chen``) when free; otherwise ``-N``: the number of its
OpenReview profile (``~Yang_Liu3`` -> ``yang-liu-3``) when free, else the smallest free N >= 2.
Ids are a function of the documents, so they are stable across re-ingestion and run splits; a
new document that changes who holds the most mentions of a name can move the bare slug.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import ClassVar

from graph.ids import slugify
from graph.model import AuthorRef, Paper
from graph.names import COMMON_SURNAMES

STRONG = ("openreview", "orcid", "openalex", "acl", "ieee", "dblp")
WEAK = ("email", "profile")
AFFILIATION_YEARS = 3
LONG_GIVEN_NAME = 8  # letters
_NICK = re.compile(r"\s\([^)]*\)")
_OPENREVIEW_N = re.compile(r"(\d+)$")


@dataclass(frozen=True, slots=True)
class Mention:
    paper: str
    position: int  # index into Paper.authors
    name: str
    block: str
    keys: tuple[str, ...]
    affiliations: tuple[str, ...]
    coauthors: tuple[str, ...]
    year: int | None
    sources: tuple[str, ...]
    current: str = ""  # the researcher id the stored paper gives it now

    @property
    def sort_key(self) -> tuple[str, int]:
        return self.paper, self.position


@dataclass
class Person:
    """One resolved researcher: its mentions (sorted) and why they are one person."""

    block: str
    mentions: list[Mention]
    evidence: dict[str, int] = field(default_factory=dict)
    id: str = ""


def block_key(name: str) -> str:
    """Name block of a spelling: its slug without the nickname (case, accents, script folded).

    >>> block_key("Łukasz Kaiser"), block_key("Zhangyang (Atlas) Wang"), block_key("AJAY JAISWAL")
    ('lukasz-kaiser', 'zhangyang-wang', 'ajay-jaiswal')
    """
    return slugify(_NICK.sub("", name))


def short_block(block: str) -> str:
    """The block without single-letter middle names: ``justin-f-rousseau`` -> ``justin-rousseau``."""
    words = block.split("-")
    if len(words) < 3:
        return block
    return "-".join([words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]])


def _middle(name: str) -> str:
    """Middle initials ("Michael I. Jordan" -> "i"): two different ones are two people."""
    words = name.split()
    return "".join(w[0].lower() for w in words[1:-1] if len(w.strip(".")) == 1) if len(words) > 2 else ""


@lru_cache(maxsize=1 << 17)
def _block(name: str) -> str:
    return block_key(name)


def mentions_of(paper: Paper) -> list[Mention]:
    return _Facts.of(paper).mentions(paper.id)


class _Author:
    """What identity reads of one author listing (an AuthorRef was ~560 B; a corpus run holds
    ~690k of these until its end), with the strings shared between listings."""

    __slots__ = ("affiliations", "keys", "name", "researcher_id")

    def __init__(self, a: AuthorRef) -> None:
        self.name, self.researcher_id = sys.intern(a.name), sys.intern(a.researcher_id)
        self.keys = tuple(map(sys.intern, a.keys)) if a.keys else ()
        self.affiliations = tuple(map(sys.intern, a.affiliations)) if a.affiliations else ()


class _Facts:
    """What identity needs of one paper, kept compactly between batches: its authors as
    :class:`_Author` values; source-id tuples are shared between papers."""

    __slots__ = ("authors", "blocks", "sources", "year")
    _SHARED: ClassVar[dict[tuple[str, ...], tuple[str, ...]]] = {}

    def __init__(self, authors: tuple, blocks: tuple[str, ...], sources: tuple, year: int | None) -> None:
        self.authors, self.blocks, self.sources, self.year = authors, blocks, sources, year

    @classmethod
    def of(cls, paper: Paper) -> _Facts:
        blocks = tuple(_block(a.name) for a in paper.authors)
        by_block: dict[str, set[str]] = {}
        for c in paper.claims:
            for a in c.authors:
                by_block.setdefault(_block(a.name), set()).add(c.source_id)
        shared = cls._SHARED
        sources = tuple(shared.setdefault(t, t) for t in (tuple(sorted(by_block.get(b, ()))) for b in blocks))
        return cls(tuple(map(_Author, paper.authors)), blocks, sources, paper.year)

    def mentions(self, pid: str, block: str | None = None) -> list[Mention]:
        out = []
        for i, a in enumerate(self.authors):
            if block is None or self.blocks[i] == block:
                co = self.blocks[:i] + self.blocks[i + 1:]
                out.append(Mention(pid, i, a.name, self.blocks[i], a.keys, a.affiliations, co,
                                   self.year, self.sources[i], a.researcher_id))
        return out


class IdentityIndex:
    """Papers' author facts by name block, strong keys by block: one ``add``, one ``match``."""

    def __init__(self) -> None:
        self._facts: dict[str, _Facts] = {}
        self._blocks: dict[str, list[str]] = {}
        self._key_blocks: dict[str, tuple[str, ...]] = {}
        self._keyed: set[str] = set()  # blocks with a strong key somewhere
        self._longer: dict[str, tuple[str, ...]] = {}  # "justin-rousseau" -> ("justin-f-rousseau",)

    def add(self, paper: Paper) -> set[str]:
        """(Re)place the paper's mentions; returns the blocks it touches (old and new)."""
        old = self._facts.pop(paper.id, None)
        touched = set(old.blocks) if old else set()
        for b in touched:
            self._blocks[b] = [pid for pid in self._blocks[b] if pid != paper.id]
        facts = self._facts[paper.id] = _Facts.of(paper)
        for b, a in zip(facts.blocks, facts.authors, strict=True):
            pids = self._blocks.setdefault(b, [])
            if not pids or pids[-1] != paper.id:
                pids.append(paper.id)
            short = short_block(b)
            if short != b and b not in self._longer.get(short, ()):
                self._longer[short] = (*self._longer.get(short, ()), b)
            for k in a.keys:
                if k.split(":", 1)[0] in STRONG:
                    self._keyed.add(b)
                    found = self._key_blocks.get(k, ())
                    if b not in found:
                        self._key_blocks[k] = (*found, b)
        return touched | set(facts.blocks)

    def __contains__(self, paper_id: str) -> bool:
        return paper_id in self._facts

    def size(self, blocks: Iterable[str]) -> int:
        """How much deciding these blocks takes: the papers that name them."""
        return sum(len(self._blocks.get(b, ())) for b in blocks)

    def _mentions(self, block: str) -> list[Mention]:
        return [m for pid in dict.fromkeys(self._blocks.get(block, ()))
                for m in self._facts[pid].mentions(pid, block)]

    def group(self, block: str) -> list[str]:
        """The name blocks joined to ``block`` by shared strong keys or by differing only in
        middle initials ("Justin F. Rousseau", "Justin Rousseau"), sorted."""
        seen, todo = {block}, [block]
        while todo:
            for other in self._neighbours(todo.pop()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return sorted(seen)

    def _neighbours(self, b: str) -> list[str]:
        short = short_block(b)
        out = [*self._longer.get(short, ()), *([short] if short != b and short in self._blocks else ())]
        if b in self._keyed:
            for pid in self._blocks.get(b, ()):
                facts = self._facts[pid]
                for k in (k for blk, a in zip(facts.blocks, facts.authors, strict=True) if blk == b for k in a.keys):
                    out += self._key_blocks.get(k, ())
        return out

    def match(self, blocks: Iterable[str]) -> list[Person]:
        """The people of a block group, with ids (see the module docstring)."""
        mentions = sorted((m for b in blocks for m in self._mentions(b)), key=lambda m: m.sort_key)
        if not mentions:
            return []
        people = _cluster(mentions)
        _name(people)
        return people


class _Clusters:
    """Union-find over mentions that refuses joins across cannot-links."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.parent = list(range(len(mentions)))
        self.keys = [_strong(m) for m in mentions]
        self.middle = [_middle(m.name) for m in mentions]
        self.evidence: dict[int, dict[str, int]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, why: str) -> bool:
        a, b = sorted((self.find(i), self.find(j)))
        if a != b:
            ka, kb = self.keys[a], self.keys[b]
            if ka and kb and any(ka[k] != v for k, v in kb.items() if k in ka):
                return False
            ma, mb = self.middle[a], self.middle[b]
            if ma and mb and ma != mb:
                return False
            self.parent[b] = a
            if kb:
                self.keys[a] = {**kb, **ka}
            self.middle[a] = ma or mb
            if b in self.evidence:
                mine = self.evidence.setdefault(a, {})
                for k, n in self.evidence.pop(b).items():
                    mine[k] = mine.get(k, 0) + n
        mine = self.evidence.setdefault(a, {})
        mine[why] = mine.get(why, 0) + 1
        return True


def _strong(m: Mention) -> dict[str, str]:
    return {kind: k for k in m.keys if (kind := k.split(":", 1)[0]) in STRONG} if m.keys else {}


def _cluster(mentions: list[Mention]) -> list[Person]:
    if len(mentions) == 1:
        return [Person(block=mentions[0].block, mentions=mentions)]
    uf = _Clusters(mentions)
    keyed, weak, coauthors, places = _postings(mentions)
    for postings in (keyed, weak, coauthors):
        for k, ixs in postings:
            for j in ixs[1:]:
                uf.join(ixs[0], j, k)
    for inst, ixs in places:
        ixs = sorted(ixs, key=lambda i: (mentions[i].year or 0, i))
        for i, j in pairwise(ixs):
            if abs((mentions[i].year or 0) - (mentions[j].year or 0)) <= AFFILIATION_YEARS:
                uf.join(i, j, f"institution {inst}")
    if not _common(short_block(mentions[0].block)):
        _join_by_name(uf)
    roots = _roots(uf)
    return [Person(block=mentions[r].block, mentions=[mentions[i] for i in ixs],
                   evidence=uf.evidence.get(r, {})) for r, ixs in roots.items()]


def _join_by_name(uf: _Clusters) -> None:
    """An uncommon name is one person: the clusters of one spelling block join the largest
    compatible cluster of that block (other spellings join on evidence only)."""
    roots = _roots(uf)
    blocks = {r: {uf.mentions[i].block for i in ixs} for r, ixs in roots.items()}
    order = sorted(roots, key=lambda r: (-len(roots[r]), r))
    for r in order[1:]:
        for t in order:
            rt, rr = uf.find(t), uf.find(r)
            if rt != rr and blocks[rt] & blocks[rr] and uf.join(t, r, "same uncommon name"):
                blocks[uf.find(t)] = blocks[rt] | blocks[rr]
                break


def _postings(mentions: list[Mention]) -> list[list[tuple[str, list[int]]]]:
    """Mentions by shared value, in one pass: strong keys, weak keys, co-authors, affiliations;
    each kind sorted by value, only values shared by two mentions or more."""
    kinds: list[dict[str, list[int]]] = [{}, {}, {}, {}]
    for i, m in enumerate(mentions):
        for k in m.keys:
            kinds[0 if k.split(":", 1)[0] in STRONG else 1].setdefault(k, []).append(i)
        for c in m.coauthors:
            kinds[2].setdefault(c, []).append(i)
        for a in m.affiliations:
            kinds[3].setdefault(a, []).append(i)
    out = [sorted((k, v) for k, v in found.items() if len(v) > 1) for found in kinds]
    out[2] = [(f"co-author {k}", v) for k, v in out[2]]
    return out


def _roots(uf: _Clusters) -> dict[int, list[int]]:
    roots: dict[int, list[int]] = {}
    for i in range(len(uf.mentions)):
        roots.setdefault(uf.find(i), []).append(i)
    return roots


def _common(block: str) -> bool:
    """A short name with a surname many people share and a short given name ("Yang Liu",
    "Wei Wang"): sameness needs evidence. A long given name ("Tianlong", two syllables or
    more) is rare enough for the name prior."""
    words = block.split("-")
    if len(words) > 2 or not any(w in COMMON_SURNAMES for w in words):
        return False
    given = [w for w in words if w not in COMMON_SURNAMES] or words
    return min(map(len, given)) < LONG_GIVEN_NAME


def _name(people: list[Person]) -> None:
    """Ids: the largest cluster takes the bare slug, the others a free ``-N``."""
    if len(people) == 1 and all(m.block == people[0].mentions[0].block for m in people[0].mentions):
        people[0].id = people[0].block = people[0].mentions[0].block
        return
    people.sort(key=lambda p: (-len(p.mentions), p.mentions[0].sort_key))
    taken: set[str] = set()
    for p in people:
        counts = Counter(m.block for m in p.mentions)
        p.block = min(counts, key=lambda b: (-counts[b], len(b), b))
        if p.block not in taken:
            p.id = p.block
        else:
            wanted = [int(n.group(1)) for k in _keys_of(p, "openreview") if (n := _OPENREVIEW_N.search(k))]
            p.id = next(f"{p.block}-{n}" for n in [*wanted, *range(2, len(people) + 3)]
                        if n >= 2 and f"{p.block}-{n}" not in taken)
        taken.add(p.id)


def _keys_of(p: Person, kind: str) -> list[str]:
    return sorted({k for m in p.mentions for k in m.keys if k.startswith(kind + ":")})


def display_name(spellings: dict[str, int]) -> tuple[str, list[str]]:
    """(shown name, other spellings): proper case beats all-lower and all-upper, then the most
    frequent, then the first in code-point order -- never the order the documents came in.

    >>> display_name({"brian ichter": 3, "Brian Ichter": 1, "BRIAN ICHTER": 1})
    ('Brian Ichter', ['brian ichter', 'BRIAN ICHTER'])
    """
    if len(spellings) == 1:
        return next(iter(spellings)), []
    ranked = sorted(spellings, key=lambda s: (s.islower() or s.isupper(), -spellings[s], s))
    return ranked[0], ranked[1:]


def evidence_lines(p: Person) -> list[str]:
    """Why the mentions are one person, strongest first: ids, then shared evidence by count."""
    if len(p.mentions) == 1:
        return [f"id {k}" for k in sorted(_strong_keys(p.mentions[0]))] + ["one mention"]
    ids = sorted({k for m in p.mentions for k in _strong_keys(m)}, key=lambda k: (STRONG.index(k.split(":")[0]), k))
    shared = sorted(((why, n) for why, n in p.evidence.items() if why and why not in ids),
                    key=lambda x: (-x[1], x[0]))
    return [f"id {k}" for k in ids] + [f"{why} ({n})" for why, n in shared[:8]]


def _strong_keys(m: Mention) -> list[str]:
    return [k for k in m.keys if k.split(":", 1)[0] in STRONG] if m.keys else []
