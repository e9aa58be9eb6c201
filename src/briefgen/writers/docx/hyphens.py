"""Names kept whole in Word: each hyphen inside a name the document lists as unbroken
(`briefgen.tree.Metadata.unbroken`, e.g. "Bennell-Pegg") becomes ``w:noBreakHyphen``, so
Word and LibreOffice never break a line there; python-docx reads it back as "-"."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docx.oxml.ns import qn

_T, _NBH = qn("w:t"), qn("w:noBreakHyphen")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@lru_cache(maxsize=32)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in names))


def keep_names_whole(run: Any, names: tuple[str, ...]) -> None:
    """Split each ``w:t`` of ``run`` at the hyphens of ``names``, with a
    ``w:noBreakHyphen`` for each."""
    pattern = _pattern(names)
    for t in list(run.iter(_T)):
        text = t.text or ""
        cuts = [
            m.start() + i for m in pattern.finditer(text) for i, c in enumerate(m[0]) if c == "-"
        ]
        if not cuts:
            continue
        pieces, start = [], 0
        for cut in cuts:
            pieces.append(text[start:cut])
            start = cut + 1
        pieces.append(text[start:])
        at = t
        for i, piece in enumerate(pieces):
            if i:
                hyphen = t.makeelement(_NBH, {})
                at.addnext(hyphen)
                at = hyphen
            if piece:
                el = t if i == 0 else t.makeelement(_T, {})
                el.text = piece
                if piece[:1].isspace() or piece[-1:].isspace():
                    el.set(_SPACE, "preserve")
                if el is not t:
                    at.addnext(el)
                at = el
        if not pieces[0]:
            t.getparent().remove(t)
