from nlp.acronyms import find_definitions, short_variants


def test_definitions_with_digits_plurals_and_hyphens():
    text = ("Recent studies on Learning to Optimize (L2O) help. Sparsely-activated Mixture-of-Experts (SMoEs) "
            "scale. We use self-supervised learning (SSL) and the Lottery Ticket Hypothesis (LTH).")
    assert find_definitions(text) == {
        "L2O": "Learning to Optimize",
        "SMoEs": "Sparsely-activated Mixture-of-Experts",
        "SSL": "self-supervised learning",
        "LTH": "Lottery Ticket Hypothesis",
    }


def test_non_definitions_are_ignored():
    assert find_definitions("We show (1) this, (i.e., that) and (see Table) and a (B) grade.") == {}


def test_latex_around_the_long_form():
    assert find_definitions(r"\textit{Anytime Progressive Pruning} (APP) works") == {
        "APP": "Anytime Progressive Pruning"}


def test_short_variants():
    assert short_variants("SMoEs") == {"SMoE", "SMoEs"}
    assert short_variants("L2O") == {"L2O", "L2Os"}
