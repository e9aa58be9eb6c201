"""Font files: which characters a TrueType file covers, and the system's fallback fonts.

The PDF writer's font stack reads them (kept apart from the writer so that anything else
that sets text finds the same font for the same character).
"""

from __future__ import annotations

import os
from functools import cache, lru_cache

from fontTools.ttLib import TTFont as FtFont

SYSTEM_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)
_PREFERRED = ("droidsansfallback", "wqy", "nanum", "notosans", "dejavusans")
"""Broad-coverage fallback fonts, tried before other system fonts."""


REQUIRED_TABLES = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")
"""The tables a TrueType font needs to be embedded in a PDF (ReportLab reads each)."""


def missing_tables(path: str, index: int = 0) -> list[str]:
    """The `REQUIRED_TABLES` a font file lacks."""
    with FtFont(path, fontNumber=index, lazy=True) as font:
        return [tag for tag in REQUIRED_TABLES if tag not in font]


@cache
def font_coverage(path: str, index: int = 0) -> frozenset[int]:
    """Return the code points a font file maps to glyphs (cached per file for the process)."""
    with FtFont(path, fontNumber=index, lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return frozenset(cmap)


def _is_truetype_outline(path: str) -> bool:
    try:
        return not missing_tables(path)
    except Exception:  # unreadable or not a font: not usable
        return False


@lru_cache(maxsize=1)
def system_fonts() -> tuple[str, ...]:
    """TrueType-outline font files found on the system, broad-coverage fallbacks first."""
    found: list[str] = []
    for root in SYSTEM_FONT_DIRS:
        base = os.path.expanduser(root)
        if not os.path.isdir(base):
            continue
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc", ".otf")):
                    found.append(os.path.join(dirpath, name))

    def rank(p: str) -> tuple[int, str]:
        low = os.path.basename(p).lower().replace("-", "").replace("_", "")
        hits = [i for i, key in enumerate(_PREFERRED) if low.startswith(key)]
        return (hits[0] if hits else len(_PREFERRED), p)

    return tuple(p for p in sorted(found, key=rank) if _is_truetype_outline(p))
