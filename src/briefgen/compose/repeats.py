"""Whether a sentence says again what other text already says: for printing each fact's
sentence once per pack (a record told elsewhere is named by its short label instead)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

_WORD = re.compile(r"[\w’'-]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

RUN_SHARE = 0.6
"""A sentence is said again when this share of its words (at most `RUN_WORDS`) occur in
the other text in one unbroken run."""

RUN_WORDS = 8
MIN_RUN = 4


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def words(text: str) -> list[str]:
    return list(_words(text))


def sentences(text: str) -> list[str]:
    """``text``'s sentences of more than three words."""
    return list(_sentences(text))


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(s for s in _SENTENCE.split(text.strip()) if len(_words(s)) > 3)


@lru_cache(maxsize=4096)
def _present(text: str) -> frozenset[str]:
    return frozenset(_words(text))


def longest_run(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest run of words ``a`` and ``b`` share."""
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def says(said: str, sentence: str) -> bool:
    """Whether ``said`` already says ``sentence``: they share an unbroken run of most of
    its words ("... will enter service in 2026" says "New Norcia-3 will enter service in
    2026.")."""
    w, other = _words(sentence), _words(said)
    need = min(max(MIN_RUN, min(RUN_WORDS, math.ceil(RUN_SHARE * len(w)))), len(w))
    present = _present(said)
    if not w or sum(map(present.__contains__, w)) < need:
        return False  # fewer of its words in ``said`` than such a run needs
    return longest_run(w, other) >= need


def told_by(said: str, text: str) -> bool:
    """Whether ``said`` says every one of ``text``'s sentences (so that naming ``text``'s
    record instead of printing it loses nothing)."""
    found = _sentences(text)
    return bool(found) and all(says(said, s) for s in found)
