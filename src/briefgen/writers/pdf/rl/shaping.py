"""Shaping words that change font mid-way (ReportLab shapes a whole word in its first font).

A word such as ``وكالة(宇宙)`` is set from fragments in two fonts (Arabic in DejaVu Sans, the
ideographs in a fallback font).  ReportLab's ``shapeFragWord`` gives the whole word to
HarfBuzz with the first fragment's font, so the ideographs become that font's empty
``.notdef`` glyph: text that silently vanishes.  `by_font` makes ReportLab shape each
run of one font on its own and join the results, which is what it already does for words
in one font.  Words in one font take ReportLab's own path unchanged.

It replaces ``reportlab.platypus.paragraph.shapeFragWord`` only while a document is built
(nothing is patched at import), on both paths of the gate: without it text vanishes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

_original = ttfonts.shapeFragWord


def _font(frag: Any) -> str | None:
    return None if hasattr(frag, "cbDefn") else str(frag.fontName)


def shape_by_font(word: Any, *args: Any, **kwargs: Any) -> Any:
    """``shapeFragWord`` for a word whose fragments use more than one font."""
    fonts = {_font(f) for f, _ in word[1:]} - {None}
    if isinstance(word, ttfonts.ShapedFragWord) or len(fonts) < 2:
        return _original(word, *args, **kwargs)
    groups: list[list[Any]] = [[]]
    current = None
    for frag, text in word[1:]:
        font = _font(frag)
        if font is not None and current is not None and font != current:
            groups.append([])
        current = font or current
        groups[-1].append((frag, text))
    parts = []
    for group in groups:
        width = sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in group if _font(f))
        parts.append(_original(word.__class__([width, *group]), *args, **kwargs))
    if not any(isinstance(p, ttfonts.ShapedFragWord) for p in parts):
        return word
    joined = [sum(p[0] for p in parts), *(frag for p in parts for frag in p[1:])]
    return ttfonts.makeShapedFragWord(word)(joined)


_lock = threading.Lock()
_users = 0


@contextmanager
def by_font() -> Iterator[None]:
    """Let ReportLab's paragraphs shape mixed-font words run by run while inside (nested
    and concurrent uses share one replacement; the last to leave restores ReportLab's)."""
    global _users
    with _lock:
        if _users == 0:
            paragraph.shapeFragWord = shape_by_font
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                paragraph.shapeFragWord = _original
