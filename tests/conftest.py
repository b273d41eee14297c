"""Shared fixtures live in tests/fixtures/ as plugins, one module per concern."""

pytest_plugins = [
    "tests.fixtures.corpus",
    "tests.fixtures.neo4j_server",
]
