"""Topics of papers: the curated taxonomy (``nlp/data/taxonomy.json``) matched in title and abstract.

Matching runs on a blank English pipeline, tokenizer only (no model download, nothing else
enabled): a ``PhraseMatcher`` on ``LOWER`` for aliases and weak cues, and one on ``ORTH`` for
acronyms (case matters: "MoE" is a topic, "moe" is not). Patterns are built at start-up from
the data file; each alias also gets its hyphenated/spaced and plural spellings. Overlapping
matches keep the longest span, so "sparsely-gated mixture of experts" is mixture-of-experts
evidence, not sparsity evidence.

Acronyms defined in the paper itself ("Learning to Optimize (L2O)", see ``nlp.acronyms``)
count as their long form's topic wherever they are used later in that paper.

Score of a paper-topic link
---------------------------
``raw = TITLE_WEIGHT * title_hits + abstract_hits`` where an alias or acronym hit weighs 1 and
a weak cue 0.5 (weak cues add at most ``WEAK_CAP`` per topic, so cues alone never pass). A
topic also receives ``ROLLUP`` x the raw hits of its direct children (pruning evidence is
sparsity evidence), except the ``broad`` areas listed in the data file (machine-learning...).
``score = 1 - exp(-raw / SATURATION)``, rounded to 3 places.

A link is kept when ``score >= THRESHOLD`` (0.5): one title hit, or two alias hits in the
abstract, pass; a single passing mention ("sparse context") does not. A paper with no link
passing gets one fallback link: its category's topic (``categories`` in the data file), else
``machine-learning``, with score ``FALLBACK_SCORE`` and evidence ``fallback: ...``.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from graph.model import PaperClaim, Topic, TopicLink
from nlp.acronyms import find_definitions, short_variants

DATA = Path(__file__).parent / "data" / "taxonomy.json"
TITLE_WEIGHT = 2.0
WEAK_WEIGHT = 0.5
WEAK_CAP = 1.0
ROLLUP = 0.9
SATURATION = 2.5
THRESHOLD = 0.5
FALLBACK_SCORE = 0.3
FALLBACK_TOPIC = "machine-learning"
MAX_EVIDENCE = 6


@dataclass
class _Hits:
    title: float = 0.0
    abstract: float = 0.0
    weak: float = 0.0
    evidence: list[str] = field(default_factory=list)

    def add(self, text: str, weight: float, in_title: bool) -> None:
        if weight < 1.0:
            self.weak += weight * (TITLE_WEIGHT if in_title else 1.0)
        elif in_title:
            self.title += weight
        else:
            self.abstract += weight
        if text not in self.evidence and len(self.evidence) < MAX_EVIDENCE:
            self.evidence.append(text)

    def raw(self) -> float:
        return TITLE_WEIGHT * self.title + self.abstract + min(self.weak, WEAK_CAP)


def score_of(raw: float) -> float:
    """The link score of ``raw`` weighted hits.

    >>> score_of(2.0), score_of(1.0), score_of(0.0)
    (0.551, 0.33, 0.0)
    """
    return round(1.0 - math.exp(-raw / SATURATION), 3)


class TopicMatcher:
    """Built once (``TopicMatcher.from_data()``); ``annotate`` fills ``PaperClaim.topics`` in batch."""

    def __init__(self, taxonomy: dict) -> None:
        self.nlp = spacy.blank("en")
        self._topics = [Topic(**{k: v for k, v in t.items() if k != "weak"}) for t in taxonomy["topics"]]
        self._by_id = {t.id: t for t in self._topics}
        self._categories = {k.upper(): v for k, v in taxonomy.get("categories", {}).items()}
        self._broad = frozenset(taxonomy.get("broad", ()))
        self._children: dict[str, list[str]] = defaultdict(list)
        for t in self._topics:
            if t.parent:
                self._children[t.parent].append(t.id)
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._acronyms = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._keys: dict[int, tuple[str, float]] = {}
        for t in taxonomy["topics"]:
            self._add(self._phrases, t["id"], 1.0, _spellings(t.get("aliases", [])))
            self._add(self._phrases, t["id"], WEAK_WEIGHT, _spellings(t.get("weak", [])))
            self._add(self._acronyms, t["id"], 1.0, {v for a in t.get("acronyms", []) for v in short_variants(a)})

    @classmethod
    def from_data(cls, path: Path | None = None) -> TopicMatcher:
        """The matcher for the shipped taxonomy; built once per process and shared."""
        return _load(str(path or DATA))

    def topics(self) -> list[Topic]:
        return list(self._topics)

    def annotate(self, claims: list[PaperClaim], batch_size: int = 2000) -> None:
        """Fill ``claim.topics`` for every claim (title + abstract), replacing what was there."""
        texts = (_text_of(c) for c in claims)
        for claim, doc in zip(claims, self.nlp.tokenizer.pipe(texts, batch_size=batch_size), strict=True):
            claim.topics = self.links(doc, len(claim.title or ""), claim.category)

    def match_text(self, title: str | None, abstract: str | None = None,
                   category: str | None = None) -> list[TopicLink]:
        """The links of one text (for tests and single documents)."""
        claim = PaperClaim(source_id="-", title=title, abstract=abstract, category=category)
        return self.links(self.nlp.make_doc(_text_of(claim)), len(title or ""), category)

    def links(self, doc: Doc, title_len: int, category: str | None) -> list[TopicLink]:
        hits = self._hits(doc, title_len)
        raw = {tid: h.raw() for tid, h in hits.items()}
        for tid in list(self._by_id):
            if tid not in self._broad:
                extra = sum(raw.get(c, 0.0) for c in self._children.get(tid, ()))
                if extra:
                    raw[tid] = raw.get(tid, 0.0) + ROLLUP * extra
        links = [TopicLink(topic_id=tid, score=score_of(r), evidence=self._evidence(tid, hits))
                 for tid, r in raw.items() if score_of(r) >= THRESHOLD]
        if not links:
            links = [self._fallback(category)]
        return sorted(links, key=lambda link: (-link.score, link.topic_id))

    # ------------------------------------------------------------ internals

    def _add(self, matcher: PhraseMatcher, topic_id: str, weight: float, phrases: Iterable[str]) -> None:
        patterns = [self.nlp.make_doc(p) for p in sorted(phrases) if p.strip()]
        if not patterns:
            return
        key = f"{topic_id}|{weight}"
        self._keys[self.nlp.vocab.strings.add(key)] = (topic_id, weight)
        matcher.add(key, patterns)

    def _hits(self, doc: Doc, title_len: int) -> dict[str, _Hits]:
        spans: dict[tuple[int, int], list[tuple[str, float]]] = defaultdict(list)
        for match_id, start, end in [*self._phrases(doc), *self._acronyms(doc)]:
            spans[(start, end)].append(self._keys[match_id])
        kept = _longest(spans)
        hits: dict[str, _Hits] = defaultdict(_Hits)
        for (start, end) in kept:
            span = doc[start:end]
            for topic_id, weight in spans[(start, end)]:
                hits[topic_id].add(span.text, weight, span.start_char < title_len)
        self._defined_acronyms(doc, title_len, kept, spans, hits)
        return hits

    def _defined_acronyms(self, doc: Doc, title_len: int, kept: list[tuple[int, int]],
                          spans: dict, hits: dict[str, _Hits]) -> None:
        """Short forms defined in the text count as the topic their long form matched."""
        if "(" not in doc.text:
            return
        covered = {i for s, e in kept for i in range(s, e)}
        short_topics: dict[str, set[str]] = {}
        for short, long_form in find_definitions(doc.text).items():
            lowered = long_form.lower()
            topics = {tid for (s, e) in kept for tid, w in spans[(s, e)]
                      if w >= 1.0 and doc[s:e].text.lower() in lowered}
            if topics:
                for variant in short_variants(short):
                    short_topics[variant] = topics
        if not short_topics:
            return
        for token in doc:
            if token.i not in covered and token.text in short_topics:
                for tid in short_topics[token.text]:
                    hits[tid].add(token.text, 1.0, token.idx < title_len)

    def _evidence(self, topic_id: str, hits: dict[str, _Hits]) -> list[str]:
        if topic_id in hits:
            return list(hits[topic_id].evidence)
        children = [c for c in self._children.get(topic_id, ()) if c in hits]
        return [f"via {c}" for c in sorted(children)]

    def _fallback(self, category: str | None) -> TopicLink:
        topic = self._categories.get((category or "").upper())
        if topic:
            return TopicLink(topic_id=topic, score=FALLBACK_SCORE, evidence=[f"fallback: category {category}"])
        return TopicLink(topic_id=FALLBACK_TOPIC, score=FALLBACK_SCORE, evidence=["fallback: no topic matched"])


@cache
def _load(path: str) -> TopicMatcher:
    with open(path, encoding="utf-8") as f:
        return TopicMatcher(json.load(f))


def _text_of(claim: PaperClaim) -> str:
    # The title comes first so a match's character offset tells whether it is a title hit.
    return f"{claim.title or ''}\n\n{claim.abstract or ''}"


def _spellings(phrases: Iterable[str]) -> set[str]:
    """Each phrase with hyphens/spaces swapped and its last word singular/plural."""
    out: set[str] = set()
    for phrase in phrases:
        base = phrase.strip().lower()
        for form in {base, base.replace("-", " "), base.replace(" ", "-")}:
            out.add(form)
            out.update(_plurals(form))
    return out


def _plurals(form: str) -> set[str]:
    if form.endswith("ies"):
        return {form[:-3] + "y"}
    if form.endswith("s") and not form.endswith("ss"):
        return {form[:-1]}
    if form.endswith("y") and len(form) > 2 and form[-2] not in "aeiou":
        return {form[:-1] + "ies"}
    return {form + "s"}


def _longest(spans: dict[tuple[int, int], list]) -> list[tuple[int, int]]:
    """Non-overlapping ranges, longest first (ties: the earlier one), as spacy.util.filter_spans does."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for start, end in sorted(spans, key=lambda r: (-(r[1] - r[0]), r[0])):
        if not any(i in taken for i in range(start, end)):
            kept.append((start, end))
            taken.update(range(start, end))
    return sorted(kept)
