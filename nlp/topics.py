"""Topics of papers: the curated taxonomy (``nlp/data/taxonomy.json``) matched in title and abstract.

Texts are split into words and single punctuation marks by one regular expression, and the
taxonomy's phrases are looked up in two automata (``nlp.phrases``): aliases and weak cues on
lowercased words, acronyms on the words as written (case matters: "MoE" is a topic, "moe" is
not). Patterns are built at start-up from the data file and split the same way; each alias also
gets its hyphenated/spaced and plural spellings. Title and abstract are one word list with a gap word between
them, so no match spans the two. Overlapping matches keep the longest span, so "sparsely-gated mixture of
experts" is mixture-of-experts evidence, not sparsity evidence.

Acronyms defined in the paper itself ("Learning to Optimize (L2O)", see ``nlp.acronyms``)
count as their long form's topic wherever they are used later in that paper.

Score of a paper-topic link
---------------------------
``raw = TITLE_WEIGHT * title_hits + abstract_hits + KEYWORD_WEIGHT * keyword_hits`` where an
alias or acronym hit weighs 1 and a weak cue 0.5 (weak cues add at most ``WEAK_CAP`` per topic,
so cues alone never pass). A keyword hit is one author keyword or primary area naming the topic
(``nlp.keywords``; a keyword that names no topic outright counts for the topics its phrases
match); its evidence reads ``keyword: <the keyword>``. A topic also receives ``ROLLUP`` x the
raw hits of its direct children (pruning evidence is sparsity evidence), except the ``broad``
topics listed in the data file (the fields and deep-learning).
``score = 1 - exp(-raw / SATURATION)``, rounded to 3 places.

A link is kept when ``score >= THRESHOLD`` (0.5): one title hit, one keyword, or two alias hits
in the abstract pass; a single passing mention ("sparse context") does not. Every keyword topic
passes, so a paper's keywords are always among its topics.

A paper's specific topics rank above their parents: a kept topic scores at most its lowest kept
child's score minus 0.001 (never below ``THRESHOLD``), applied from the deepest topics up.

A paper with no link passing keeps its best-scoring topic that has an alias or acronym hit
(one mention in the abstract: weak evidence, but better than none; ties by id). With not even
that it gets one fallback link: its category's topic (``categories`` in the data file), else
``machine-learning``, with score ``FALLBACK_SCORE`` and evidence ``fallback: ...``.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter, le
from pathlib import Path

from graph.model import PaperClaim, Topic, TopicLink
from nlp.acronyms import find_definitions, short_variants
from nlp.keywords import KeywordMap, normalise, parts
from nlp.phrases import PhraseIndex

DATA = Path(__file__).parent / "data" / "taxonomy.json"
TITLE_WEIGHT = 2.0
WEAK_WEIGHT = 0.5
WEAK_CAP = 1.0
ROLLUP = 0.9
SATURATION = 2.5
THRESHOLD = 0.5
KEYWORD_WEIGHT = 3.0
RANK_GAP = 0.001
KEYWORD_CACHE = 200_000
FALLBACK_SCORE = 0.3
FALLBACK_TOPIC = "machine-learning"
MAX_EVIDENCE = 6
_TOKEN = re.compile(r"\w+(?:[.'’]\w+)*|[^\w\s]")
# Between title and abstract, so no match spans the two: the tokenizer never makes this word
# (it is whitespace to \s) and holds no space; ASCII, so most joined texts stay ASCII (cheaper).
_GAP = "\x1f"
_GLUE = re.compile(r" ?([-/:'’]) ?")
_GLUE_MARKS = frozenset("-/:'’")
_RANGE, _START_OF, _END_OF = itemgetter(0, 1), itemgetter(0), itemgetter(1)


def _longest_first(r: tuple[int, int]) -> tuple[int, int]:
    return r[0] - r[1], r[0]
_NOT_PLURAL = ("ss", "us", "is", "ics", "ews", "ayes")


@dataclass
class _Hits:
    title: float = 0.0
    abstract: float = 0.0
    keyword: float = 0.0
    weak: float = 0.0
    evidence: list[str] = field(default_factory=list)
    strong: set[str] = field(default_factory=set)

    def add(self, text: str, weight: float, in_title: bool) -> None:
        if weight >= 1.0:
            self.strong.add(text)
        if weight < 1.0:
            self.weak += weight * (TITLE_WEIGHT if in_title else 1.0)
        elif in_title:
            self.title += weight
        else:
            self.abstract += weight
        if text not in self.evidence and len(self.evidence) < MAX_EVIDENCE:
            self.evidence.append(text)

    def add_keyword(self, keyword: str) -> None:
        self.keyword += 1.0
        self.strong.add(keyword)
        text = f"keyword: {keyword}"
        if text not in self.evidence:
            self.evidence.insert(sum(e.startswith("keyword: ") for e in self.evidence), text)
            del self.evidence[MAX_EVIDENCE:]

    def strong_raw(self) -> float:
        return TITLE_WEIGHT * self.title + self.abstract + KEYWORD_WEIGHT * self.keyword

    def raw(self) -> float:
        return self.strong_raw() + min(self.weak, WEAK_CAP)


def score_of(raw: float) -> float:
    """The link score of ``raw`` weighted hits.

    >>> score_of(2.0), score_of(1.0), score_of(0.0)
    (0.551, 0.33, 0.0)
    """
    return round(1.0 - math.exp(-raw / SATURATION), 3)


class TopicMatcher:
    """Built once (``TopicMatcher.from_data()``); ``annotate`` fills ``PaperClaim.topics`` in batch."""

    def __init__(self, taxonomy: dict) -> None:
        self._topics = [Topic(**{k: v for k, v in t.items() if k != "weak"}) for t in taxonomy["topics"]]
        self._by_id = {t.id: t for t in self._topics}
        self._categories = {k.upper(): v for k, v in taxonomy.get("categories", {}).items()}
        self._broad = frozenset(taxonomy.get("broad", ()))
        self._children: dict[str, list[str]] = defaultdict(list)
        for t in self._topics:
            if t.parent:
                self._children[t.parent].append(t.id)
        self._phrases = PhraseIndex(lowercase=True)
        self._acronyms = PhraseIndex()
        for t in taxonomy["topics"]:
            for phrase in _spellings(t.get("aliases", [])):
                self._phrases.add(_TOKEN.findall(phrase), (t["id"], 1.0))
            for phrase in _spellings(t.get("weak", [])):
                self._phrases.add(_TOKEN.findall(phrase), (t["id"], WEAK_WEIGHT))
            for short in {v for a in t.get("acronyms", []) for v in short_variants(a)}:
                self._acronyms.add(_TOKEN.findall(short), (t["id"], 1.0))
        self._acronym_words = frozenset(self._acronyms.words)
        self.keywords = KeywordMap(_keyword_names(taxonomy))
        self._keyword_cache: dict[str, set[str]] = {}
        self._depth = {t.id: self._depth_of(t.id) for t in self._topics}

    @classmethod
    def from_data(cls, path: Path | None = None) -> TopicMatcher:
        """The matcher for the shipped taxonomy; built once per process and shared."""
        return _load(str(path or DATA))

    def topics(self) -> list[Topic]:
        return list(self._topics)

    def annotate(self, claims: list[PaperClaim], batch_size: int = 2000) -> None:
        """Fill ``claim.topics`` for every claim (title + abstract + keywords), replacing what was there.

        Claims are processed in chunks of ``batch_size`` (kept for API symmetry with ``nlp.pipe``;
        the tokenizer has no batch state).
        """
        for k in range(0, len(claims), max(1, batch_size)):
            for claim in claims[k:k + batch_size]:
                claim.topics = self.match_text(claim.title, claim.abstract, claim.category, claim.keywords)

    def match_text(self, title: str | None, abstract: str | None = None,
                   category: str | None = None, keywords: Iterable[str] = ()) -> list[TopicLink]:
        """The kept links of one paper's title, abstract and author keywords."""
        title_words = _TOKEN.findall(title or "")
        abstract_words = _TOKEN.findall(abstract or "")
        hits = self._hits([*title_words, _GAP, *abstract_words], len(title_words))
        if "(" in (title or "") or "(" in (abstract or ""):
            self._defined_acronyms(f"{title or ''}\n\n{abstract or ''}", title_words, abstract_words, hits)
        for keyword in keywords:
            for tid in self.keyword_topics(keyword):
                hits[tid].add_keyword(keyword)
        own = {tid: h.raw() for tid, h in hits.items()}
        raw = dict(own)
        # Children's own strong hits only: cues never pass by rolling up, and a rolled-up total
        # read back would make the score depend on the order parents are visited in.
        for parent in {self._by_id[tid].parent for tid in hits} - self._broad - {None}:
            extra = sum(hits[c].strong_raw() for c in self._children[parent] if c in hits)
            if extra:
                raw[parent] = raw.get(parent, 0.0) + ROLLUP * extra
        scores = {tid: sc for tid, sc in ((t, score_of(r)) for t, r in raw.items()) if sc >= THRESHOLD}
        scores = self._below_children(scores)
        if not scores:
            scores = self._lone_best(own, hits)
        if not scores:
            return [self._fallback(category)]
        links = [TopicLink.trusted(topic_id=tid, score=sc, evidence=self._evidence(tid, hits))
                 for tid, sc in scores.items()]
        return sorted(links, key=lambda link: (-link.score, link.topic_id))

    def keyword_topics(self, keyword: str) -> set[str]:
        """The topics one author keyword names: for each of its parts (``nlp.keywords.parts``,
        the most specific first) the topics the part names outright, else those its phrases
        match (alias and acronym hits, as in a title); the first part with any decides."""
        if keyword in self._keyword_cache:  # keywords recur: "deep learning" is on 1,795 papers
            return self._keyword_cache[keyword]
        if len(self._keyword_cache) > KEYWORD_CACHE:
            self._keyword_cache.clear()
        found = self._keyword_cache[keyword] = self._keyword_topics(keyword)
        return found

    def _keyword_topics(self, keyword: str) -> set[str]:
        for cased in parts(keyword, keep_case=True):
            named = self.keywords.lookup(cased.lower())
            if named:
                return named
            words = _TOKEN.findall(cased)  # as written: "3D segmentation with LLM" names LLMs
            found = {tid for tid, h in self._hits(words, len(words)).items() if h.strong}
            if found:
                return found
        return set()

    def is_specific(self, topic_id: str) -> bool:
        """Below a field and not a broad topic (the benchmark's "specific")."""
        return topic_id in self._by_id and topic_id not in self._broad

    def ancestors(self, topic_id: str) -> list[str]:
        """Parent, grandparent, ... up to the field."""
        out, t = [], self._by_id.get(topic_id)
        while t is not None and t.parent:
            out.append(t.parent)
            t = self._by_id.get(t.parent)
        return out

    # ------------------------------------------------------------ internals

    def _hits(self, words: list[str], title_tokens: int) -> dict[str, _Hits]:
        """The phrase and acronym hits of a text's words; the first ``title_tokens`` are the title."""
        found = self._phrases.spans(words)
        if not self._acronym_words.isdisjoint(words):  # most abstracts have no acronym of a topic
            found += self._acronyms.spans(words)
            found.sort(key=_RANGE)  # phrase spans alone come sorted
        hits: dict[str, _Hits] = defaultdict(_Hits)
        for start, end, values in _longest(found):
            phrase = words[start] if end - start == 1 else " ".join(words[start:end])
            if not _GLUE_MARKS.isdisjoint(phrase):
                phrase = _GLUE.sub(r"\1", phrase)
            for topic_id, weight in values:
                hits[topic_id].add(phrase, weight, start < title_tokens)
        return hits

    def _defined_acronyms(self, text: str, title_words: list[str], abstract_words: list[str],
                          hits: dict[str, _Hits]) -> None:
        """Short forms defined in the text count, where used, as the topics their long form matched.

        Short forms the taxonomy already lists as acronyms are matched by the acronym matcher.
        """
        short_topics: dict[str, set[str]] = {}
        for short, long_form in find_definitions(text).items():
            if short in self._acronym_words:
                continue
            lowered = _GLUE.sub(r"\1", " ".join(_TOKEN.findall(long_form))).lower()
            padded = f" {lowered} "
            topics = {tid for tid, h in hits.items() if any(f" {e.lower()} " in padded for e in h.strong)}
            for variant in short_variants(short):
                short_topics[variant] = topics
        short_topics = {k: v for k, v in short_topics.items() if v}
        if not short_topics:
            return
        for in_title, words in ((True, title_words), (False, abstract_words)):
            for word in words:
                for tid in short_topics.get(word, ()):
                    hits[tid].add(word, 1.0, in_title)

    def _depth_of(self, topic_id: str) -> int:
        return len(self.ancestors(topic_id))

    def _below_children(self, scores: dict[str, float]) -> dict[str, float]:
        """Cap each kept parent just below its lowest kept child, deepest topics first."""
        for tid in sorted(scores, key=lambda t: (-self._depth[t], t)):
            parent = self._by_id[tid].parent
            if parent in scores:
                cap = round(scores[tid] - RANK_GAP, 3)
                scores[parent] = max(min(scores[parent], cap), THRESHOLD)
        return scores

    def _lone_best(self, own: dict[str, float], hits: dict[str, _Hits]) -> dict[str, float]:
        """The best topic with an alias or acronym hit of its own, when nothing passed."""
        strong = [(-r, tid) for tid, r in own.items() if hits[tid].strong]
        if not strong:
            return {}
        raw, tid = min(strong)
        return {tid: score_of(-raw)}

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
    return TopicMatcher(_taxonomy(path))


@cache
def _taxonomy(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def taxonomy_topics(path: Path | None = None) -> list[Topic]:
    """The shipped taxonomy's topic records, without building the matcher (no spaCy)."""
    return [Topic(**{k: v for k, v in t.items() if k != "weak"}) for t in _taxonomy(str(path or DATA))["topics"]]


def _keyword_names(taxonomy: dict) -> dict[str, set[str]]:
    """Every name a keyword may use for a topic, normalised: aliases with their spellings,
    acronyms (lowercased), label, id, and the data file's ``keyword_aliases``."""
    names: dict[str, set[str]] = defaultdict(set)
    for t in taxonomy["topics"]:
        spelled = _spellings([*t.get("aliases", []), t["label"], t["id"].replace("-", " ")])
        for name in {*spelled, *(a.lower() for a in t.get("acronyms", []))}:
            names[normalise(name)].add(t["id"])
    for name, tid in taxonomy.get("keyword_aliases", {}).items():
        names[normalise(name)] = {tid}
    return names


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
    if form.endswith(_NOT_PLURAL):  # "news" is not the plural of "new", nor "physics" of "physic"
        return set()
    if form.endswith("ies"):
        return {form[:-3] + "y"}
    if form.endswith("s") and not form.endswith("ss"):
        return {form[:-1]}
    if form.endswith("y") and len(form) > 2 and form[-2] not in "aeiou":
        return {form[:-1] + "ies"}
    return {form + "s"}


def _longest(found: list[tuple[int, int, list]]) -> list[tuple[int, int, list]]:
    """Matches sorted by range -> non-overlapping ranges with the values of all their matches,
    longest first (ties: the earlier one), as spacy.util.filter_spans does."""
    if all(map(le, map(_END_OF, found), map(_START_OF, found[1:]))):
        return found  # the usual case: nothing overlaps (nor repeats)
    spans: dict[tuple[int, int], list] = {}
    for start, end, values in found:  # a new list when a range repeats: values are the index's
        spans[(start, end)] = spans[(start, end)] + values if (start, end) in spans else values
    kept: list[tuple[int, int]] = []
    taken = bytearray(max(map(_END_OF, found)))
    for start, end in sorted(spans, key=_longest_first):
        if 1 not in taken[start:end]:
            kept.append((start, end))
            taken[start:end] = b"\x01" * (end - start)
    return [(start, end, spans[(start, end)]) for start, end in sorted(kept)]
