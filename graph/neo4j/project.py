"""The write-time aggregates on Neo4j: graph/projection.py's deltas as statement rows.

Derived relationships, none of which ``get_stats`` counts (it names the SPEC §4 types):

* ``(:Researcher)-[:COAUTHOR {papers, first_year, last_year}]->(:Researcher)``, smaller id first;
* ``(:Researcher)-[:WORKS_ON {papers, strict}]->(:Topic)`` (``strict``: without fallback evidence);
* ``(:Topic)-[:CO_OCCURS {papers}]->(:Topic)`` and ``(:Institution)-[:SHARES_PAPERS {papers}]->(:Institution)``.

Counts on nodes: ``Researcher.works/first_year/last_year/years`` (``years`` flattened
``[year, papers, ...]``, counted again for every researcher whose authorships changed, with
their affiliations), ``Topic.papers`` and ``Topic.leaders`` (the first
``scoring.TOPIC_LEADERS`` of ``list_topic_researchers``; null until ``refresh_leaders`` lists
them again), and one ``(:Projection)`` node whose ``topical`` is the N of co-occurrence.
"""

from __future__ import annotations

from typing import Any

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
    return {
        "project_coauthors": _nested(grow, "a", "pairs"),
        "recount_coauthors": recount,
        "project_topics": [{"id": t, "papers": change.topic_papers.get(t, 0)} for t in topics],
        "project_topic_pairs": [{"a": a, "b": b, "papers": n} for (a, b), n in sorted(change.topic_pairs.items())],
        "project_topic_people": _nested(people, "researcher", "topics"),
        "project_institution_pairs": [{"a": a, "b": b, "papers": n}
                                      for (a, b), n in sorted(change.institution_pairs.items())],
    }
