"""Abstract sketches: how the merge tells that two abstracts are one text.

An abstract is cut into word 3-shingles; its sketch is the smallest ``SKETCH_SIZE`` of their
hashes (bottom-k), so two near-identical texts share most of their sketch. graph/merge.py indexes
papers by sketch hashes and confirms a candidate with :func:`similar`. Readers work the sketches
out where a document is read (:func:`carry_sketches`, in a reader process), so the process that
merges only looks them up.
"""

from __future__ import annotations

import re
import zlib

from graph.model import ExtractedDocument

WORD = re.compile(r"[a-z0-9]+")
SKETCH_SIZE = 24
JACCARD_MIN = 0.5
CONTAINMENT_MIN = 0.8
MIN_SHINGLES = 8


def shingles(text: str | None) -> frozenset[str]:
    """Word 3-shingles of an abstract (lower-cased; punctuation and spacing ignored)."""
    words = WORD.findall((text or "").lower())
    return frozenset(map(" ".join, zip(words, words[1:], words[2:], strict=False)))


def sketch(sh: frozenset[str]) -> list[int]:
    """Bottom-k hashes: a stable sample two near-identical texts mostly share."""
    return sorted(map(zlib.crc32, map(str.encode, sh)))[:SKETCH_SIZE]


def carry_sketches(doc: ExtractedDocument) -> None:
    """Work out the claims' abstract sketches where the document is read (a reader process,
    beside the one that merges); they travel with the document. 8 s of a corpus run's merging."""
    doc._sketches = [tuple(sketch(shingles(c.abstract))) if c.abstract else () for c in doc.papers]


def sketches_of(doc: ExtractedDocument) -> list[tuple[int, ...]]:
    if doc._sketches is None or len(doc._sketches) != len(doc.papers):
        carry_sketches(doc)
    return doc._sketches


def similar(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard, or containment of the shorter in the longer scaled to the same threshold."""
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return 0.0
    inter = len(a & b)
    jaccard = inter / len(a | b)
    containment = inter / min(len(a), len(b))
    return max(jaccard, JACCARD_MIN * containment / CONTAINMENT_MIN if containment >= CONTAINMENT_MIN else 0.0)
