"""The embedded backend: one networkx ``DiGraph`` in process, persisted under ``RG_DATA_DIR``.

Layout (shared by every module here and by graph/export.py)
-----------------------------------------------------------
* Node key: ``"<type>:<id>"`` with the lower-case type, e.g. ``"researcher:tianlong-chen"``,
  ``"paper:p-0123abcd..."``, ``"topic:nerf"``, ``"institution:meta-ai"``,
  ``"repository:github.com/vita-group/tost"``, ``"source:s-..."``.
* Node attributes: ``type`` (``"Researcher"``, ``"Paper"``, ``"Topic"``, ``"Institution"``,
  ``"Repository"``, ``"Source"``), ``id`` (the record id) and ``record`` (the graph.model record).
* Edges follow SPEC §4's direction; attribute ``type`` is the relationship type
  (``"AUTHORED"``, ``"HAS_TOPIC"``, ``"HAS_CODE"``, ``"AFFILIATED_WITH"``, ``"FROM_INSTITUTION"``,
  ``"SUBTOPIC_OF"``, ``"EXTRACTED_FROM"``) and the other attributes are its properties:
  AUTHORED {position, evidence}, HAS_TOPIC {score, evidence}, HAS_CODE {path},
  AFFILIATED_WITH {papers, first_year, last_year}. A HAS_TOPIC edge's evidence is just the
  fallback marker when the link is the matcher's fallback (else empty); the matched spans are
  in the paper's topic links. Edges of equal properties share one data dict, so edge data is
  replaced, never changed in place (``EmbeddedStore._link``).
* A store with a database keeps papers as slim copies (graph/embedded/slim.py).
"""
