"""What the graph of a store with a database keeps of each paper: :class:`SlimPaper`.

A served corpus holds ~158k papers with ~690k author mentions and ~465k topic links. As pydantic
records they were most of a server's memory (a paper's ``__dict__`` of 24 fields, an
``AuthorRef`` of ~560 B, a ``TopicLink`` of ~410 B, and a fresh copy of every id string per
mention). Reads only ever look at their attributes, so the graph keeps them as slotted objects
with the same attribute names, and the repeated strings (ids, venues, the evidence kind) once.

Left out, as before: claims, abstract and provenance (a paper's detail and a merge read the whole
record from the database), an author's identity keys (identity reads whole papers too) and a
topic link's evidence, which its ``HAS_TOPIC`` edge carries. A slim paper is never written back:
the store commits the JSON of the whole record (``EmbeddedStore._full``).
"""

from __future__ import annotations

import sys
from types import MappingProxyType
from typing import Any

from graph.model import Paper

SLIM_FIELDS = ("claims", "abstract", "provenance")

_share = sys.intern


class SlimAuthor:
    __slots__ = ("affiliations", "evidence", "name", "position", "researcher_id")

    def __init__(self, name: str, researcher_id: str, position: int | None, evidence: str,
                 affiliations: tuple[str, ...]) -> None:
        self.name, self.researcher_id, self.position = name, researcher_id, position
        self.evidence, self.affiliations = evidence, affiliations


class SlimTopic:
    __slots__ = ("score", "topic_id")

    def __init__(self, topic_id: str, score: float) -> None:
        self.topic_id, self.score = topic_id, score


_KEPT = tuple(name for name in Paper.model_fields if name not in SLIM_FIELDS)


class SlimPaper:
    __slots__ = _KEPT
    # the fields left out read as their defaults, as they did on the record's slim copy
    claims: tuple = ()
    abstract = None
    provenance = MappingProxyType({})

    def __init__(self, **values: Any) -> None:
        for name in _KEPT:
            setattr(self, name, values[name])

    def __repr__(self) -> str:
        return f"SlimPaper(id={self.id!r}, title={self.title!r})"


def slim(paper: Paper) -> SlimPaper:
    """The graph's copy of ``paper``."""
    d = paper.__dict__
    values = {name: d[name] for name in _KEPT}
    values["id"] = _share(paper.id)
    values["authors"] = tuple(
        SlimAuthor(_share(a.name), _share(a.researcher_id), a.position, _share(a.evidence),
                   _ids(a.affiliations)) for a in paper.authors)
    values["topics"] = tuple(SlimTopic(_share(t.topic_id), t.score) for t in paper.topics)
    for name in ("venues", "statuses", "institutions", "sources"):
        values[name] = _ids(d[name])
    values["links"] = tuple(paper.links)
    values["repositories"] = tuple(paper.repositories)
    for name in ("kind", "category", "date"):
        if values[name] is not None:
            values[name] = _share(values[name])
    return SlimPaper(**values)


_NONE: tuple[str, ...] = ()


def _ids(values: list[str]) -> tuple[str, ...]:
    return tuple(_share(v) for v in values) if values else _NONE
