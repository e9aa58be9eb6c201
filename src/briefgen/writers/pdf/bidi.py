"""Right-to-left lines in visual order, line by line.

ReportLab (without its unavailable ``rlbidi``) lays every line out left to right in the
order of the text.  Paragraphs are therefore broken into lines in logical order, as
written, and each line is reordered for display only when it is drawn: its words are
reversed where the direction is right to left, while runs of left-to-right words (Latin,
numbers, ideographs) keep their own order; HarfBuzz has already ordered the letters inside
each word.  Breaking first and reordering per line keeps a wrapped Arabic or Hebrew
paragraph reading from its first line down, which reordering before breaking cannot.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

RTL = ("R", "AL")


def base_is_rtl(text: str) -> bool | None:
    """The paragraph's direction from its first strong character (Unicode's rule P2):
    True for right to left, False for left to right, None when it has none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in RTL:
            return True
        if kind == "L":
            return False
    return None


def has_rtl(text: str) -> bool:
    return max(text, default=" ") >= "\u0590" and any(
        unicodedata.bidirectional(c) in RTL for c in text
    )


def _direction(token: str) -> str:
    """R (any right-to-left letter: a shaped word may begin with its digits), L (letters
    and numbers otherwise: a number stays left to right) or N (neutral)."""
    kinds = {unicodedata.bidirectional(ch) for ch in token}
    if kinds & {"R", "AL"}:
        return "R"
    return "L" if kinds & {"L", "EN", "AN"} else "N"


def visual_order(tokens: list[str], rtl: bool) -> list[int]:
    """The indexes of ``tokens`` (one line's words, in logical order) in display order."""
    dirs = [_direction(t) for t in tokens]
    base = "R" if rtl else "L"
    for i, d in enumerate(dirs):  # a neutral takes its neighbours' direction, if they agree
        if d == "N":
            before = next((x for x in reversed(dirs[:i]) if x != "N"), base)
            after = next((x for x in dirs[i + 1 :] if x != "N"), base)
            dirs[i] = before if before == after else base
    order = list(range(len(tokens)))
    if rtl:
        order.reverse()
        dirs = dirs[::-1]
    flip = "L" if rtl else "R"  # runs against the base keep or take their own order
    out: list[int] = []
    run: list[int] = []
    for index, d in zip(order, dirs, strict=True):
        if d == flip:
            run.append(index)
            continue
        out += run[::-1]
        run = []
        out.append(index)
    return out + run[::-1]


def _tokens(pieces: list[tuple[Any, Any]]) -> list[list[tuple[Any, Any]]]:
    """(fragment, text) pieces cut into words at spaces; a word may span fragments."""
    words: list[list[tuple[Any, Any]]] = [[]]
    for frag, text in pieces:
        start = 0
        for i, ch in enumerate(text):
            if ch == " ":
                if i > start:
                    words[-1].append((frag, text[start:i]))
                if words[-1]:
                    words.append([])
                start = i + 1
        if start < len(text):
            words[-1].append((frag, text[start:]))
    return [w for w in words if w]


def _visual_frag_line(line: Any, rtl: bool) -> Any:
    words = _tokens([(f, f.text) for f in line.words if hasattr(f, "text")])
    if len(words) < 2:
        return line
    order = visual_order(["".join(str(t) for _, t in w) for w in words], rtl)
    out = []
    for n, index in enumerate(order):
        for frag, text in words[index]:
            piece = copy.copy(frag)
            piece.text = text
            out.append(piece)
        if n < len(order) - 1:  # the space between words, in the last word's style
            space = copy.copy(out[-1])
            space.text = " "
            out.append(space)
    new = copy.copy(line)
    new.words = out
    return new


def visual(bl_para: Any, rtl: bool) -> Any:
    """A copy of a broken paragraph (ReportLab's ``blPara``) with each line in display
    order."""
    new = copy.copy(bl_para)
    if bl_para.kind == 0:  # one font: lines are (extra space, [words])
        new.lines = [
            (extra, [words[i] for i in visual_order(list(words), rtl)])
            for extra, words in bl_para.lines
        ]
    else:
        new.lines = [_visual_frag_line(line, rtl) for line in bl_para.lines]
    return new


def visual_line(text: str) -> str:
    """One line of text (a running head) with its words in display order."""
    if not has_rtl(text):
        return text
    words = text.split(" ")
    return " ".join(words[i] for i in visual_order(words, bool(base_is_rtl(text))))
