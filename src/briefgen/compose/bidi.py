"""Bidirectional controls in data kept inside their value.

A value from data may hold explicit bidi controls (an override U+202E left open, an
isolate, a mark).  Put into a template's sentence as it is, an unterminated override would
reverse the template text after it in Word.  `isolate` closes what the value opens, drops
closers that would act on text outside it, and wraps the value in FIRST STRONG ISOLATE ...
POP DIRECTIONAL ISOLATE, so that it is laid out on its own and never reorders its
neighbours.  Values without bidi controls are returned unchanged.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""The explicit bidi formatting characters and marks (Unicode's UAX #9, table 4)."""

_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE RLE LRO RLO, closed by PDF (U+202C)
_ISOLATES = "\u2066\u2067\u2068"  # LRI RLI FSI, closed by PDI (U+2069)
_PDF, _FSI, _PDI = "\u202c", "\u2068", "\u2069"


def isolate(text: str) -> str:
    """``text`` laid out apart from the text around it (see the module)."""
    if not BIDI_CONTROLS.search(text):
        return text
    out: list[str] = []
    stack: list[str] = []  # the closer each open embedding or isolate needs, innermost last
    for ch in text:
        if ch in _EMBEDDINGS:
            stack.append(_PDF)
        elif ch in _ISOLATES:
            stack.append(_PDI)
        elif ch == _PDF:
            if not stack or stack[-1] != _PDF:
                continue  # closes nothing of the value's own (UAX #9, X7): dropped
            stack.pop()
        elif ch == _PDI:
            if _PDI not in stack:
                continue  # would close the isolate around the value: dropped
            while stack.pop() != _PDI:  # a PDI also closes the embeddings inside its isolate
                pass
        elif ch in "\n\r\u2029":  # a paragraph break ends everything open (UAX #9, X8)
            out.extend(reversed(stack))
            stack.clear()
        out.append(ch)
    return _FSI + "".join(out) + "".join(reversed(stack)) + _PDI
