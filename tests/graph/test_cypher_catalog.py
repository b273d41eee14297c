"""Store methods and cypher/*.cypher files match one to one, and every ``$param`` is a keyword
argument of its method (no Cypher is ever assembled from user input: values are parameters)."""

from __future__ import annotations

import inspect
import re

import pytest

import cypher
from graph.store import GraphStore

PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")

# GraphStore members that are not queries: life cycle and the write entry point.
NOT_QUERIES = {"ping", "close", "upsert_batch", "flush"}

# Keyword arguments a method applies in Python, after the Cypher returns its rows: ranking
# with graph/scoring.py and graph/slicing.py, so that float ties break as on the embedded store.
APPLIED_IN_PYTHON = {
    "list_adjacent_topics": {"limit", "offset"},
    "list_researcher_topics": {"limit", "offset"},
    "search_topics": {"q", "limit", "offset"},
    "list_recommendations": {"k", "since", "exclude", "include_coauthors"},
    "get_slice": {"depth", "include"},
}

# Statements that serve no single GraphStore method: the schema, the write helpers of
# graph/neo4j/writes.py and the row fetchers shared by several reads. Listed explicitly, so
# that a stray file fails the test.
HELPERS = {
    "schema": set(),
    "upsert_sources": {"rows"}, "upsert_researchers": {"rows"}, "upsert_topics": {"rows"},
    "upsert_institutions": {"rows"}, "upsert_repositories": {"rows"}, "upsert_papers": {"rows"},
    "ensure_researchers": {"rows"}, "ensure_topics": {"rows"}, "ensure_institutions": {"rows"},
    "ensure_repositories": {"rows"}, "link_topic_parents": {"rows"}, "link_authors": {"rows"},
    "link_topics": {"rows"}, "link_repositories": {"rows"}, "link_institutions": {"rows"},
    "link_sources": {"rows"}, "delete_researchers": {"ids"},
    "alias_rows": {"ids", "targets"}, "live_researchers": {"ids"}, "write_aliases": {"rows"},
    "drop_aliases": {"ids"},
    "wipe": set(), "count_nodes": set(), "node_exists": {"id"},
    "recommendation_people": {"ids"},
    # the write-time projection (graph/neo4j/project.py) and the reads over it
    "lock_projection": set(), "old_papers": {"ids"}, "clear_papers": {"ids"}, "project_coauthors": {"rows"},
    "recount_coauthors": {"rows"}, "project_topics": {"rows"}, "project_total": {"topical"},
    "project_topic_pairs": {"rows"}, "project_topic_people": {"rows"}, "project_institution_pairs": {"rows"},
    "refresh_leaders": {"leaders"}, "project_affiliations": {"rows"}, "recount_affiliations": {"rows"},
    "researcher_years": {"ids"}, "project_works": {"rows"}, "score_researchers": {"ids"},
    "projection_version": set(), "touch_projection": set(),
    "coauthors": {"researcher_id", "min_shared", "limit", "offset"},
}


def query_methods() -> dict[str, inspect.Signature]:
    return {name: inspect.signature(fn) for name, fn in inspect.getmembers(GraphStore, inspect.isfunction)
            if not name.startswith("_") and name not in NOT_QUERIES}


# Constants of graph/scoring.py that a query takes as $params besides the method's arguments.
CONSTANTS = {"list_recommendations": {"bridges", "institutions", "leaders"},
             "get_slice": {"far", "bridges", "per_bridge"}}


def params_of(name: str) -> set[str]:
    text = "\n".join(line for line in cypher.load(name).splitlines() if not line.lstrip().startswith("//"))
    return set(PARAM.findall(text))


def test_every_file_is_a_query_or_a_listed_helper():
    assert set(cypher.names()) == set(query_methods()) | set(HELPERS)


@pytest.mark.parametrize("method", sorted(query_methods()))
def test_query_params_are_the_method_arguments(method):
    sig = query_methods()[method]
    args = {p for p in sig.parameters if p != "self"}
    assert params_of(method) - CONSTANTS.get(method, set()) == args - APPLIED_IN_PYTHON.get(method, set())


@pytest.mark.parametrize("helper", sorted(HELPERS))
def test_helper_params(helper):
    assert params_of(helper) == HELPERS[helper]


def test_loader_caches_and_rejects_unknown_names():
    assert cypher.load("get_paper") is cypher.load("get_paper")
    for bad in ("no_such_query", "../store", "get paper"):
        with pytest.raises(cypher.UnknownQuery):
            cypher.load(bad)


def test_statements_use_uppercase_keywords_one_clause_per_line():
    clause = re.compile(r"\b(MATCH|RETURN|WHERE|WITH|UNWIND|MERGE|CREATE|ORDER BY|SKIP|LIMIT|DELETE)\b", re.I)
    for name in cypher.names():
        for line in cypher.load(name).splitlines():
            if line.lstrip().startswith("//"):
                continue
            # $params and .properties are names, not keywords
            for word in clause.findall(re.sub(r"[$.][a-z_]+", "", line)):
                assert word == word.upper(), f"{name}: {line!r}"


def test_schema_has_a_uniqueness_constraint_per_label():
    schema = cypher.statements("schema")
    for label in ("Researcher", "Paper", "Topic", "Institution", "Repository", "Source"):
        assert any(f"(n:{label}) REQUIRE n.id IS UNIQUE" in s for s in schema), label
    assert all("IF NOT EXISTS" in s for s in schema)
