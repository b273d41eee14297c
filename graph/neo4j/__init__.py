"""The Neo4j backend: ``Neo4jStore`` serves every ``GraphStore`` method from ``cypher/*.cypher``.

Layout in the database
----------------------
Nodes carry ``id`` plus the properties the queries filter or sort on, and the whole
record as a JSON string in ``record`` (Neo4j properties are primitives and arrays only):

* ``Researcher``: ``name``, ``name_fold`` (``graph.ids.fold``), ``search_key`` (``graph.search``), ``record``;
* ``Paper``: ``title``, ``search_key``, ``year``, ``has_code``, ``arxiv_id``, ``doi``,
  ``title_key``, ``abstract_key``, ``record`` (claims, provenance, author refs included);
* ``Topic``: ``label``, ``search_keys`` (keys of id, label, aliases, acronyms), ``record``;
* ``Institution``: ``name``, ``name_fold``, ``search_keys`` (keys of name and aliases), ``record``;
* ``Repository`` and ``Source``: ``record``.
* ``Alias``: ``id`` (a retired researcher id) and ``targets`` (the researcher ids it leads to;
  graph/aliases.py), not a graph node: ``get_stats`` and ``count_nodes`` leave them out.

Relationships follow SPEC §4; ``AUTHORED`` also keeps the author's ``affiliations``
(institution ids) from which ``AFFILIATED_WITH`` is recomputed.

The aggregates the reads need are kept at write time (graph/projection.py's deltas, applied
by graph/neo4j/project.py in each paper transaction): ``COAUTHOR``, ``WORKS_ON``,
``CO_OCCURS`` and ``SHARES_PAPERS`` relationships, counts on the nodes, and one
``Projection`` node. ``get_stats`` and ``count_nodes`` leave them out.
"""
