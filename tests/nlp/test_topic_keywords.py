"""Topics across the corpus's fields, author keywords as evidence, and the seeds' fixed topics."""

import datetime as dt
import json
from pathlib import Path

import pytest

from graph.model import Format, PaperClaim, Source
from nlp.keywords import normalise, parts
from nlp.readers.base import ReadOptions
from nlp.readers.paperlists import READER
from nlp.topics import THRESHOLD, TopicMatcher

FIXED = ("sparsity", "mixture-of-experts", "nerf", "learning-to-optimize")


@pytest.fixture(scope="module")
def matcher():
    return TopicMatcher.from_data()


def ids(links):
    return {link.topic_id for link in links}


@pytest.mark.parametrize(("title", "topic"), [
    ("ORB-SLAM3: visual-inertial mapping", "slam"),
    ("Loop closure for LiDAR odometry", "slam"),
    ("Score-based diffusion models for audio", "diffusion-models"),
    ("Dexterous in-hand manipulation with tactile feedback", "robot-manipulation"),
    ("Sampling-based motion planning in narrow passages", "motion-planning"),
    ("Learning quadruped locomotion over rough terrain", "legged-locomotion"),
    ("Real-time rendering of glossy surfaces", "rendering"),
    ("Low-resource neural machine translation", "machine-translation"),
    ("Open-domain question answering with dense passages", "question-answering"),
    ("Causal inference from observational data", "causal-inference"),
    ("Scalable Bayesian inference for hierarchical models", "bayesian-methods"),
    ("Kernel methods in reproducing kernel Hilbert spaces", "kernel-methods"),
    ("Thompson sampling for contextual bandits", "bandits"),
    ("Fairness constraints for classifiers", "fairness"),
    ("Quadrotor flight in cluttered forests", "aerial-robotics"),
    ("Regret bounds for online convex optimization", "online-learning"),
])
def test_corpus_fields_have_their_topics(matcher, title, topic):
    assert topic in ids(matcher.match_text(title, None))


def test_single_abstract_mention_beats_the_fallback(matcher):
    links = matcher.match_text("A new approach", "We evaluate it on a quadruped.")
    assert ids(links) == {"legged-locomotion"}
    assert links[0].score < THRESHOLD


@pytest.mark.parametrize(("keyword", "topics"), [
    ("graph neural networks", {"graph-neural-networks"}),
    ("Graph Neural Network", {"graph-neural-networks"}),
    ("gan", {"generative-adversarial-networks"}),
    ("Parameter-Efficient Fine-Tuning (PEFT)", {"low-rank-adaptation"}),
    ("Machine Learning: Deep Reinforcement Learning", {"deep-reinforcement-learning"}),
    ("Computer Vision: CV: Applications", {"computer-vision"}),
    ("Computer Vision II", {"computer-vision"}),
    ("[Content] Vision and Language", {"vision-language-models"}),
    ("Modeling", {"geometry-processing"}),
    ("contact-rich manipulation", {"robot-manipulation"}),
    ("asymptotic convergence", set()),
    ("3D Segmentation with LLM", {"segmentation", "large-language-models"}),  # acronyms keep their case
    ("Sparse MoE", {"mixture-of-experts"}),
])
def test_keywords_map_to_topics(matcher, keyword, topics):
    assert matcher.keyword_topics(keyword) == topics


def test_keyword_normalisation():
    assert normalise("  Parameter-Efficient  Fine-Tuning (PEFT) ") == "parameter-efficient fine-tuning"
    assert parts("A: B") == ["a: b", "b", "a"]


def test_keywords_are_evidence_and_always_among_the_topics(matcher):
    # issue 11's example: the keywords named two topics the title alone does not give.
    title = "Crystal Diffusion Variational Autoencoder for Periodic Material Generation"
    hidden = ids(matcher.match_text(title, None))
    links = {x.topic_id: x for x in matcher.match_text(title, None, None,
                                                       ["graph neural networks", "diffusion models"])}
    assert {"graph-neural-networks", "diffusion-models"} - hidden
    for tid, kw in (("graph-neural-networks", "graph neural networks"), ("diffusion-models", "diffusion models")):
        assert links[tid].score >= THRESHOLD
        assert f"keyword: {kw}" in links[tid].evidence
    assert set(hidden) <= set(links)  # title topics stay


def test_paperlists_keywords_and_primary_area_reach_the_claim(matcher):
    text = json.dumps([{"title": "A study", "author": "Ann Lee", "keywords": "Graph Neural Networks; ; bandits",
                        "primary_area": "reinforcement_learning"}])
    source = Source(id="s", format=Format.PAPERLISTS, name="iclr2024.json", content_sha256="")
    [claim] = READER.read(text, source=source, options=ReadOptions()).papers
    assert claim.keywords == ["Graph Neural Networks", "bandits", "reinforcement learning"]
    matcher.annotate([claim])
    assert {"graph-neural-networks", "bandits", "reinforcement-learning"} <= ids(claim.topics)


@pytest.mark.corpus
def test_seed_fixed_topics_precision_and_recall(seeds_dir):
    from nlp.latex import latex_to_text
    from nlp.pipeline import extract_file

    # the labels are keyed by the seeds' raw text (title, or the abstract's first 80 characters);
    # the readers now turn its LaTeX into text, so both sides are keyed by their first 60 characters
    # of text
    def key(text: str) -> str:
        return latex_to_text(text, bibtex=False)[:60]

    raw = json.loads((Path(__file__).parent / "fixtures" / "seed_topics.json").read_text())["labels"]
    labels = {key(k): v for k, v in raw.items()}
    options = ReadOptions(owner="Tianlong Chen", as_of=dt.date(2025, 7, 1))
    got = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        for c in extract_file(path, options=options).papers:
            got[key(c.title or c.abstract)] = {t.topic_id for t in c.topics}
    assert set(got) == set(labels)
    for topic in FIXED:
        tp = sum(topic in got[k] and topic in v for k, v in labels.items())
        fp = sum(topic in got[k] and topic not in v for k, v in labels.items())
        fn = sum(topic not in got[k] and topic in v for k, v in labels.items())
        assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95, topic


def test_claims_without_keywords_match_as_before(matcher):
    claim = PaperClaim(source_id="s", title="Visual SLAM in dynamic scenes")
    matcher.annotate([claim])
    assert "slam" in ids(claim.topics)
