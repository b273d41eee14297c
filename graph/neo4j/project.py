"""The write-time aggregates on Neo4j: graph/projection.py's deltas as statement rows.

Derived relationships, none of which ``get_stats`` counts (it names the SPEC §4 types):

* ``(:Researcher)-[:COAUTHOR {papers, first_year, last_year}]->(:Researcher)``, smaller id first;
* ``(:Researcher)-[:WORKS_ON {papers, strict}]->(:Topic)`` (``strict``: without fallback evidence);
* ``(:Topic)-[:CO_OCCURS {papers}]->(:Topic)`` and ``(:Institution)-[:SHARES_PAPERS {papers}]->(:Institution)``.

Counts on nodes: ``Researcher.works/first_year/last_year/years`` (``years`` flattened
``[year, papers, ...]``, moved in Python from the stored values, :func:`works_rows`), the
researchers' scoring rows (``topic_ids``, ``topic_strict``, ``institution_ids``),
``AFFILIATED_WITH`` (:func:`affiliation_delta`: grown pairs widened, shrunk ones recounted),
``Topic.papers`` and ``Topic.leaders`` (the first ``scoring.TOPIC_LEADERS`` of
``list_topic_researchers``), and one ``(:Projection)`` node whose ``topical`` is the N of
co-occurrence.

Leaders are listed again by ``refresh_leaders`` at ``flush``. When a topic's researcher counts
only grew, its new leaders are among its old ones and the researchers that grew (anyone else
kept a count that already ranked below every old leader, and old leaders only rose), so the
topic keeps those ``candidates`` and only they are ranked. A count that fell, or a leader whose
folded name changed, clears ``leaders`` and the topic is ranked from all its researchers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from graph.model import Paper
from graph.neo4j import rows as R
from graph.projection import Aggregates, years_change


def _nested(items: list[tuple[str, dict[str, Any]]], key: str, inner: str) -> list[dict[str, Any]]:
    """``(outer id, inner row)`` pairs as one row per outer id (one lookup of it per row)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for outer, row in items:
        grouped.setdefault(outer, []).append(row)
    return [{key: outer, inner: rows} for outer, rows in grouped.items()]


def statement_rows(change: Aggregates) -> dict[str, list[dict[str, Any]]]:
    """Rows for each projection statement, in the order they run."""
    grow, recount = [], []
    for (a, b), years in sorted(change.pairs.items()):
        c = years_change(years)
        if c.grows:
            grow.append((a, {"b": b, "papers": c.papers, "first_year": c.first_year, "last_year": c.last_year}))
        else:
            recount.append({"a": a, "b": b})
    people = [(r, {"topic": t, "papers": n, "strict": change.strict_people.get((t, r), 0)})
              for (t, r), n in change.topic_people.items()]
    people += [(r, {"topic": t, "papers": 0, "strict": n})
               for (t, r), n in change.strict_people.items() if (t, r) not in change.topic_people]
    people.sort(key=lambda x: (x[0], x[1]["topic"]))
    topics = sorted(set(change.topic_papers) | {t for t, _ in change.topic_people}
                    | {t for t, _ in change.strict_people})
    grown: dict[str, list[str]] = {}
    shrunk: set[str] = set()
    for (t, r), n in sorted(change.topic_people.items()):
        if n > 0:
            grown.setdefault(t, []).append(r)
        else:
            shrunk.add(t)
    return {
        "project_coauthors": _nested(grow, "a", "pairs"),
        "recount_coauthors": recount,
        "project_topics": [{"id": t, "papers": change.topic_papers.get(t, 0), "relist": t in shrunk,
                            "candidates": grown.get(t, [])} for t in topics],
        "project_topic_pairs": [{"a": a, "b": b, "papers": n} for (a, b), n in sorted(change.topic_pairs.items())],
        "project_topic_people": _nested(people, "researcher", "topics"),
        "project_institution_pairs": [{"a": a, "b": b, "papers": n}
                                      for (a, b), n in sorted(change.institution_pairs.items())],
    }


def affiliation_delta(changes: Iterable[tuple[Paper | None, Paper]]) -> dict[tuple[str, str], Counter]:
    """(researcher, institution) -> year -> papers, the change to ``AFFILIATED_WITH`` when each
    old version (or None) becomes the new one: an author's first listing names the institutions."""
    out: dict[tuple[str, str], Counter] = {}
    for old, new in changes:
        for paper, sign in ((old, -1), (new, 1)):
            for a in R.first_refs(paper) if paper is not None else ():
                for i in dict.fromkeys(a.affiliations):
                    out.setdefault((a.researcher_id, i), Counter())[paper.year] += sign
    return {key: kept for key, years in out.items() if (kept := Counter({y: n for y, n in years.items() if n}))}


def affiliation_rows(delta: dict[tuple[str, str], Counter]) -> dict[str, list[dict[str, Any]]]:
    """Rows for ``project_affiliations`` (only gained papers) and ``recount_affiliations``."""
    grow, recount = [], []
    for (r, i), years in sorted(delta.items()):
        c = years_change(years)
        if c.grows:
            grow.append((r, {"institution": i, "papers": c.papers, "first_year": c.first_year,
                             "last_year": c.last_year}))
        else:
            recount.append({"researcher": r, "institution": i})
    return {"project_affiliations": _nested(grow, "researcher", "institutions"), "recount_affiliations": recount}


def works_rows(stored: dict[str, tuple[int, list[int]]], works: dict[str, Counter]) -> list[dict[str, Any]]:
    """Rows for ``project_works``: each researcher's stored (works, flattened dated years) moved
    by the change to their papers per year (``None``: papers without a year)."""
    rows = []
    for r, change in sorted(works.items()):
        total, flat = stored.get(r, (0, []))
        years = Counter(dict(zip(flat[::2], flat[1::2], strict=True)))
        years[None] = total - sum(years.values())
        years.update(change)
        dated = sorted(y for y, n in years.items() if y is not None and n)
        rows.append({"id": r, "works": sum(years.values()), "first_year": dated[0] if dated else None,
                     "last_year": dated[-1] if dated else None,
                     "years": [v for y in dated for v in (y, years[y])]})
    return rows
