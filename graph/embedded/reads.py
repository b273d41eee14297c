"""The read half of the embedded store: every GraphStore query over ``self.graph``.

``EmbeddedReads`` is a mixin; graph/embedded/store.py's ``EmbeddedStore`` inherits it and
owns the writes. The write side must call :meth:`EmbeddedReads._invalidate_indexes` after
every change to ``self.graph`` so the lazily built indexes (folded names, the year-ordered
paper list, topic counts, stats, per-topic leaders) are rebuilt on the next read.

The queries are split by aggregate: reads_researchers.py, reads_topics.py,
reads_papers.py (papers, institutions, stats) and reads_graph.py (recommendations and
slices, ranked by the pure functions of graph/scoring.py and graph/slicing.py).
"""

from __future__ import annotations

import networkx as nx

from graph.embedded.reads_base import Indexes
from graph.embedded.reads_graph import GraphReads
from graph.embedded.reads_papers import PaperReads
from graph.embedded.reads_researchers import ResearcherReads
from graph.embedded.reads_topics import TopicReads


class EmbeddedReads(ResearcherReads, TopicReads, PaperReads, GraphReads):
    graph: nx.DiGraph

    def _indexes(self) -> Indexes:
        idx = self.__dict__.get("_rg_indexes")
        if idx is None or idx.g is not self.graph:
            idx = Indexes(self.graph)
            self.__dict__["_rg_indexes"] = idx
        return idx

    def warm(self) -> None:
        """Build the indexes a server's queries use (~10 s on the corpus), so that no request
        pays for them: text indexes, topic co-occurrence, every paper's row (year, topics,
        authors), every topic's leaders and their scoring rows (prolific people, who join many
        recommendation pools), every institution's leaders, the prolific researchers' ties."""
        idx = self._indexes()
        for name in ("researcher_names", "paper_titles", "institution_names", "topic_pairs",
                     "papers_with_topic", "fields"):
            getattr(idx, name)
        idx.fill_paper_rows()
        for tk in idx.topic_papers:
            self._topic_leaders(tk)
            for rid in self._topic_top(tk):
                self._person(f"researcher:{rid}")
        for ik in idx.institution_keys:
            self._institution_members(ik)
        self.warm_ties()

    def _tally(self) -> tuple[dict[str, int], dict[str, int]]:
        """Node counts by label and relationship counts by type (the store keeps them as it writes)."""
        return self._indexes().stats

    def _invalidate_indexes(self) -> None:
        """Drop derived indexes; the next read rebuilds what it needs."""
        self.__dict__.pop("_rg_indexes", None)
