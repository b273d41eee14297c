import random

from nlp.phrases import PhraseIndex
from nlp.topics import _TOKEN, TopicMatcher


def every_ngram(phrases: dict[tuple[str, ...], list], words: list[str], lower: bool) -> list:
    """The reference: look every run of words up, as spaCy's PhraseMatcher reports matches."""
    seen = [w.lower() for w in words] if lower else words
    longest = max(map(len, phrases))
    return sorted((s, e, phrases[tuple(seen[s:e])]) for s in range(len(seen))
                  for e in range(s + 1, min(len(seen), s + longest) + 1) if tuple(seen[s:e]) in phrases)


def test_index_reports_every_match_overlapping_ones_included():
    rng = random.Random(7)
    vocab = ["mixture", "of", "experts", "Sparse", "sparse", "MoE", "-", "gated", "the", "Σ", "ΣΑΣ"]
    phrases: dict[tuple[str, ...], list] = {}
    for lower in (True, False):
        index = PhraseIndex(lowercase=lower)
        phrases.clear()
        for k in range(40):
            words = tuple(rng.choice(vocab) for _ in range(rng.randint(1, 4)))
            key = tuple(w.lower() for w in words) if lower else words
            index.add(words, k % 7)
            phrases.setdefault(key, [])
            if k % 7 not in phrases[key]:
                phrases[key].append(k % 7)
        for _ in range(200):
            text = [rng.choice(vocab) for _ in range(rng.randint(0, 30))]
            assert sorted(index.spans(text)) == every_ngram(phrases, text, lower)


def test_acronyms_keep_their_case_and_aliases_do_not():
    index = PhraseIndex()
    index.add(["MoE"], "moe")
    assert list(index.spans(["a", "moe", "MoE"])) == [(2, 3, ["moe"])]
    folded = PhraseIndex(lowercase=True)
    folded.add(["Mixture", "of", "Experts"], "moe")
    assert list(folded.spans(_TOKEN.findall("MIXTURE OF EXPERTS layer"))) == [(0, 3, ["moe"])]


def test_title_and_abstract_never_share_a_match():
    matcher = TopicMatcher.from_data()
    apart = matcher.match_text("Sparse mixture", "of experts in layers.")
    assert "mixture-of-experts" not in {x.topic_id for x in apart}
    together = matcher.match_text("Sparse mixture of experts", "In layers.")
    assert "mixture-of-experts" in {x.topic_id for x in together}
