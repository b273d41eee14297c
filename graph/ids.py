"""Stable, readable ids shared by every backend.

>>> slugify("Tianlong Chen")
'tianlong-chen'
>>> slugify("  José  GARCÍA-López ")
'jose-garcia-lopez'
>>> slugify("Łukasz Kaiser"), slugify("Søren Hauberg"), slugify("Дмитрий Ветров")
('lukasz-kaiser', 'soren-hauberg', 'dmitriy-vetrov')
>>> normalise_name("  Zhangyang   (Atlas)  Wang ")
'Zhangyang (Atlas) Wang'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII form used for search and identity: accents dropped, other scripts
    transliterated ("Łukasz" -> "lukasz", "Дмитрий" -> "dmitriy"), so no name folds to nothing."""
    if text.isascii():  # most names and titles: nothing to transliterate
        return text.lower()
    return _transliterate(text)


def _transliterate(text: str) -> str:
    # anyascii (ISC) rather than the GPL Unidecode; it writes CJK syllables capitalised and
    # joined ("WangXiaoMing"), which lower-casing keeps one word
    return anyascii(unicodedata.normalize("NFC", text)).lower()


def slugify(text: str) -> str:
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def normalise_name(name: str) -> str:
    """NFC, single spaces; the case of particles ("van", "de") is kept as written."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", name)).strip()


def digest(*parts: str, length: int = 16) -> str:
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def title_key(title: str | None) -> str | None:
    """Normalised title used to match papers; ``None`` for titles too short or generic to trust."""
    if not title:
        return None
    key = " ".join(_NON_ALNUM.sub(" ", fold(title)).split())
    if len(key) < 12 or len(key.split()) < 3 or key in GENERIC_TITLES:
        return None
    return key


GENERIC_TITLES = frozenset({
    "preface", "poster", "posters", "keynote", "invited talk", "front matter", "back matter",
    "index", "editorial", "introduction", "table of contents", "proceedings", "untitled",
    "author index", "conclusion", "abstract", "tutorial", "panel discussion",
})
