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


def statement_rows(change: Aggregates) -> dict[str, list[dict[str, Any]]]:
    """Rows for each projection statement, in the order they run."""
    grow, recount = [], []
    for (a, b), years in sorted(change.pairs.items()):
        c = years_change(years)
        if c.grows:
            grow.append({"a": a, "b": b, "papers": c.papers, "first_year": c.first_year, "last_year": c.last_year})
        else:
            recount.append({"a": a, "b": b})
    people = [{"topic": t, "researcher": r, "papers": n, "strict": change.strict_people.get((t, r), 0)}
              for (t, r), n in sorted(change.topic_people.items())]
    people += [{"topic": t, "researcher": r, "papers": 0, "strict": n}
               for (t, r), n in sorted(change.strict_people.items()) if (t, r) not in change.topic_people]
    topics = sorted(set(change.topic_papers) | {t for t, _ in change.topic_people}
                    | {t for t, _ in change.strict_people})
    return {
        "project_coauthors": grow,
        "recount_coauthors": recount,
        "project_topics": [{"id": t, "papers": change.topic_papers.get(t, 0)} for t in topics],
        "project_topic_pairs": [{"a": a, "b": b, "papers": n} for (a, b), n in sorted(change.topic_pairs.items())],
        "project_topic_people": people,
        "project_institution_pairs": [{"a": a, "b": b, "papers": n}
                                      for (a, b), n in sorted(change.institution_pairs.items())],
    }
