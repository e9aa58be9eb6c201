"""A paragraph's writing direction, the same in both editions (the Word edition marks a
right-to-left paragraph ``w:bidi``; the PDF right-aligns it and orders its lines so)."""

from __future__ import annotations

import re
import unicodedata

RTL = ("R", "AL")
_HIGH = re.compile("[\u0590-\U0010ffff]")
"""A character at or above U+0590: no character below it is R or AL."""
_ISOLATES = ("LRI", "RLI", "FSI")


def base_is_rtl(text: str) -> bool | None:
    """The paragraph's direction from its first strong character outside isolates (Unicode's
    rule P2): True for right to left, False for left to right, None when it has none."""
    depth = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _ISOLATES:
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and kind in RTL:
            return True
        elif depth == 0 and kind == "L":
            return False
    return None


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (Hebrew, Arabic, ...)."""
    if _HIGH.search(text) is None:  # most text: told in one scan
        return False
    high = set(_HIGH.findall(text))  # each distinct character looked up once
    return any(unicodedata.bidirectional(c) in RTL for c in high)


def is_rtl_paragraph(text: str) -> bool:
    """Whether a paragraph of ``text`` is set right to left."""
    return has_rtl(text) and bool(base_is_rtl(text))
