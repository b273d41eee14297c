"""Records to Neo4j property maps and back (nested values travel as JSON strings)."""

from __future__ import annotations

import json
from typing import Any

from graph.ids import fold, title_key
from graph.model import Institution, Paper, Repository, Researcher, Source, Topic
from graph.search import search_key


def researcher_props(r: Researcher) -> dict[str, Any]:
    return {"name": r.name, "name_fold": fold(r.name), "search_key": search_key(r.name), "record": r.model_dump_json()}


def topic_props(t: Topic) -> dict[str, Any]:
    keys = [search_key(s) for s in (t.id, t.label, *t.aliases, *t.acronyms)]
    return {"label": t.label, "search_keys": keys, "record": t.model_dump_json()}


def institution_props(i: Institution) -> dict[str, Any]:
    return {"name": i.name, "name_fold": fold(i.name), "search_keys": [search_key(s) for s in (i.name, *i.aliases)],
            "record": i.model_dump_json()}


def repository_props(r: Repository) -> dict[str, Any]:
    # No "name" property: slices label a repository by its id (graph/slicing.py).
    return {"record": r.model_dump_json()}


def source_props(s: Source) -> dict[str, Any]:
    return {"record": s.model_dump_json()}


def identity_keys(p: Paper) -> list[list[str | None]]:
    """One (arxiv_id, doi, title_key) per distinct key set among the paper and its claims,
    the same rows the embedded store's ``list_paper_keys`` gives."""
    rows: list[list[str | None]] = []
    seen: set[tuple] = set()
    for c in [p, *p.claims]:
        ids = (c.arxiv_id, c.doi.lower() if c.doi else None, title_key(c.title))
        if ids in seen or (c is not p and ids == (None, None, None)):
            continue
        seen.add(ids)
        rows.append(list(ids))
    return rows


def paper_props(p: Paper) -> dict[str, Any]:
    return {"title": p.title, "search_key": search_key(p.title), "year": p.year, "has_code": p.has_code,
            "arxiv_id": p.arxiv_id, "doi": p.doi, "title_key": title_key(p.title), "abstract_key": None,
            "identity_keys": json.dumps(identity_keys(p)), "record": p.model_dump_json()}


def first_refs(p: Paper) -> list:
    """Author refs with one per researcher: a name listed twice keeps its first position."""
    seen: dict[str, Any] = {}
    for a in p.authors:
        seen.setdefault(a.researcher_id, a)
    return list(seen.values())
