"""Document readers, one module per format; ``READERS`` maps each format to its reader."""

from __future__ import annotations

import importlib

from graph.model import Format
from nlp.readers.base import Reader, ReadOptions

_MODULES = {
    Format.PROFILE_FEED: "nlp.readers.profile_feed",
    Format.ARXIV_LISTING: "nlp.readers.arxiv_listing",
    Format.RESEARCHER_PROFILE: "nlp.readers.researcher_profile",
    Format.PAPERLISTS: "nlp.readers.paperlists",
    Format.BIBTEX: "nlp.readers.bibtex",
    Format.ARXIV_ATOM: "nlp.readers.arxiv_atom",
    Format.OPENALEX: "nlp.readers.openalex",
}


def get_reader(fmt: Format) -> Reader:
    """The reader for ``fmt``; each module defines ``READER``."""
    return importlib.import_module(_MODULES[fmt]).READER


def available_formats() -> list[Format]:
    out = []
    for fmt, module in _MODULES.items():
        try:
            importlib.import_module(module)
        except ModuleNotFoundError:
            continue
        out.append(fmt)
    return out


__all__ = ["ReadOptions", "Reader", "available_formats", "get_reader"]
