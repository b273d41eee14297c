"""Every Cypher statement of the Neo4j backend, one file per statement.

A query file is named after the ``GraphStore`` method it serves
(``list_collaborators.cypher``) and uses that method's keyword arguments as its
``$params``; write helpers (``upsert_papers.cypher``, ...) and ``schema.cypher``
are listed in tests/graph/test_cypher_catalog.py. ``schema.cypher`` is the one file
holding several statements, separated by ``;`` — use :func:`statements` for it.

>>> "MATCH" in load("get_paper")
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources


class UnknownQuery(KeyError):
    """No ``cypher/<name>.cypher`` file."""


def names() -> list[str]:
    """Names of every statement file, sorted."""
    return sorted(f.name.removesuffix(".cypher") for f in resources.files(__name__).iterdir()
                  if f.name.endswith(".cypher"))


@cache
def load(name: str) -> str:
    """The text of ``cypher/<name>.cypher``; :class:`UnknownQuery` when there is none."""
    if not name.replace("_", "").isalnum():
        raise UnknownQuery(name)
    ref = resources.files(__name__) / f"{name}.cypher"
    if not ref.is_file():
        raise UnknownQuery(name)
    return ref.read_text(encoding="utf-8").strip()


def statements(name: str) -> list[str]:
    """The ``;``-separated statements of a multi-statement file (only ``schema`` has several)."""
    body = "\n".join(line for line in load(name).splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]
