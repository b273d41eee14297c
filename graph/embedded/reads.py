"""The read half of the embedded store: every GraphStore query over ``self.graph``.

``EmbeddedReads`` is a mixin; graph/embedded/store.py's ``EmbeddedStore`` inherits it and
owns the writes. The write side must call :meth:`EmbeddedReads._invalidate_indexes` after
every change to ``self.graph`` so the lazily built search indexes are rebuilt.
"""

from __future__ import annotations

import networkx as nx


class EmbeddedReads:
    graph: nx.DiGraph

    def _invalidate_indexes(self) -> None:
        """Drop derived indexes; the next read rebuilds what it needs."""
        self.__dict__.pop("_rg_indexes", None)
