"""Whether a sentence says again what other text already says: for printing each fact's
sentence once per pack (a record told elsewhere is named by its short label instead)."""

from __future__ import annotations

import math
import re

_WORD = re.compile(r"[\w’'-]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

RUN_SHARE = 0.6
"""A sentence is said again when this share of its words (at most `RUN_WORDS`) occur in
the other text in one unbroken run."""

RUN_WORDS = 8
MIN_RUN = 4


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def sentences(text: str) -> list[str]:
    """``text``'s sentences of more than three words."""
    return [s for s in _SENTENCE.split(text.strip()) if len(words(s)) > 3]


def longest_run(a: list[str], b: list[str]) -> int:
    """The length of the longest run of words ``a`` and ``b`` share."""
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def says(said: str, sentence: str) -> bool:
    """Whether ``said`` already says ``sentence``: they share an unbroken run of most of
    its words ("... will enter service in 2026" says "New Norcia-3 will enter service in
    2026.")."""
    w = words(sentence)
    need = max(MIN_RUN, min(RUN_WORDS, math.ceil(RUN_SHARE * len(w))))
    return bool(w) and longest_run(w, words(said)) >= min(need, len(w))


def told_by(said: str, text: str) -> bool:
    """Whether ``said`` says every one of ``text``'s sentences (so that naming ``text``'s
    record instead of printing it loses nothing)."""
    found = sentences(text)
    return bool(found) and all(says(said, s) for s in found)
