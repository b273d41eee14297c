import datetime as dt

import pytest

from nlp.text import (
    arxiv_year_month,
    find_dois,
    find_links,
    links_and_repositories,
    looks_like_name,
    normalise_arxiv_id,
    normalise_author,
    normalise_venue,
    reported_figure,
    repository_of,
    resolve_yearless,
    split_authors,
)


def test_split_authors_et_al_and_tags():
    names, complete, tags = split_authors("Ajay Jaiswal, Haoyu Ma, Tianlong Chen et al. · meta-ai, harvard")
    assert names == ["Ajay Jaiswal", "Haoyu Ma", "Tianlong Chen"]
    assert complete is False
    assert tags == ["meta-ai", "harvard"]
    names, complete, tags = split_authors("Chen Wu and Dana Ode")
    assert (names, complete, tags) == (["Chen Wu", "Dana Ode"], True, [])


def test_names_keep_particle_case_and_nfc():
    assert normalise_author("  Maria   van der  Berg ") == "Maria van der Berg"
    assert normalise_author("Jose\u0301 Garci\u0301a") == "Jos\u00e9 Garc\u00eda"
    assert looks_like_name("Maria van der Berg")
    assert not looks_like_name("Researcher profile")


@pytest.mark.parametrize(("text", "expected"), [
    ("arXiv:2303.01610v2", "2303.01610"),
    ("arXiv:2303.01610Learning to optimize", "2303.01610"),
    ("https://arxiv.org/abs/2106.10404v3", "2106.10404"),
    ("hep-th/9901001v1", "hep-th/9901001"),
    ("math.AG/0309136", "math.AG/0309136"),
])
def test_arxiv_ids(text, expected):
    assert normalise_arxiv_id(text) == expected


def test_arxiv_year_month():
    assert arxiv_year_month("2303.01610") == (2023, 3)
    assert arxiv_year_month("hep-th/9901001") == (1999, 1)
    assert arxiv_year_month("0704.0001") == (2007, 4)


def test_dois():
    assert find_dois("see doi:10.1109/CVPR.2022.01234.") == ["10.1109/cvpr.2022.01234"]


@pytest.mark.parametrize(("url", "repo_id", "canonical", "path"), [
    ("https://github.com/VITA-Group/ToST", "github.com/vita-group/tost", "https://github.com/VITA-Group/ToST", None),
    ("http://github.com/VITA-Group/OptimizerAmalgamation.", "github.com/vita-group/optimizeramalgamation",
     "https://github.com/VITA-Group/OptimizerAmalgamation", None),
    ("https://github.com/VITA-Group/Open-L2O/tree/main/Model_Free_L2O/L2O-Entropy.", "github.com/vita-group/open-l2o",
     "https://github.com/VITA-Group/Open-L2O", "Model_Free_L2O/L2O-Entropy"),
    ("https://github.com/org/repo.git", "github.com/org/repo", "https://github.com/org/repo", None),
    ("https://gitlab.com/Group/Proj/-/tree/dev/src", "gitlab.com/group/proj", "https://gitlab.com/Group/Proj", "src"),
    ("https://bitbucket.org/Team/Code", "bitbucket.org/team/code", "https://bitbucket.org/Team/Code", None),
    ("https://huggingface.co/Org/model", "huggingface.co/org/model", "https://huggingface.co/Org/model", None),
])
def test_repository_canonicalisation(url, repo_id, canonical, path):
    ref = repository_of(url)
    assert ref is not None
    assert ref.repository.id == repo_id
    assert ref.repository.url == canonical
    assert ref.path == path


@pytest.mark.parametrize("url", ["https://vita-group.github.io/GNT/", "https://wandb.ai/landskape/APP",
                                 "https://github.com/orgs/VITA-Group", "https://github.com/VITA-Group"])
def test_non_repositories(url):
    assert repository_of(url) is None


def test_links_strip_latex_and_trailing_punctuation():
    text = ("Code: \\url{https://github.com/VITA-Group/UVC}. Logs at \\url{https://wandb.ai/landskape/APP}, "
            "page (https://example.org/p). Also https://github.com/VITA-Group/UVC again; and "
            "https://github.com/VITA-Group/graph_ladling}.")
    repos, links = links_and_repositories(text)
    assert [r.repository.id for r in repos] == ["github.com/vita-group/uvc", "github.com/vita-group/graph_ladling"]
    assert links == ["https://wandb.ai/landskape/APP", "https://example.org/p"]
    assert find_links("(see https://en.wikipedia.org/wiki/Foo_(bar))") == ["https://en.wikipedia.org/wiki/Foo_(bar)"]


@pytest.mark.parametrize(("as_of", "expected"), [
    (dt.date(2025, 7, 1), dt.date(2025, 5, 27)),
    (dt.date(2025, 5, 27), dt.date(2025, 5, 27)),
    (dt.date(2025, 5, 26), dt.date(2024, 5, 27)),
])
def test_yearless_dates_resolve_to_latest_not_after(as_of, expected):
    assert resolve_yearless(5, 27, as_of) == expected


def test_feb_29_goes_back_to_a_leap_year():
    assert resolve_yearless(2, 29, dt.date(2025, 3, 1)) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(("comment", "venue"), [
    ("Accepted in WACV 2023", "WACV 2023"),
    ("This paper is accepted in ICLR 2023", "ICLR 2023"),
    ("Advances in Neural Information Processing Systems (NeurIPS), 2022", "NeurIPS 2022"),
    ("The Conference Quantum Techniques in Machine Learning (QTML), 2022", "QTML 2022"),
    ("Accepted by the LoG conference 2022 as a spotlight", "LoG 2022"),
    ("AAAI 2023", "AAAI 2023"),
    ("Codes and models are available in https://github.com/VITA-Group/Random-MoE-as-Dropout", None),
])
def test_venues(comment, venue):
    assert normalise_venue(comment) == venue


def test_reported_figures():
    assert reported_figure("13,529citations") == ("citations", 13529)
    assert reported_figure("h-index73") == ("h_index", 73)
    assert reported_figure("4close collaborators") == ("close_collaborators", 4)
    assert reported_figure("Novelty55%") is None
