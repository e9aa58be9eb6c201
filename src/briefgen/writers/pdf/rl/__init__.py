"""Everything the PDF writer does with ReportLab's internals, behind one gate.

Only this package names ReportLab's private modules, functions and attributes (a test
scans the source).  Two kinds of use live here:

- **Replicas** (`fastbreak`, `fastdraw`, `fastpdf`, `linebreak`, `images`): faster copies
  of ReportLab's own line breaking, paragraph drawing, PDF formatting and image encoding
  that write the same bytes.  They are used only when `fast` says so: the installed
  ReportLab is in `SUPPORTED` (the versions they were checked against), every private
  name they need is there, and the switch ``BRIEFGEN_RL_FAST`` is not ``0``.  Otherwise
  ReportLab breaks, draws and formats everything itself: the same tagged PDF, slower,
  and a future ReportLab that changes its line breaker is followed, not copied.
- **Hooks** the writer needs on both paths: the tagging canvas (`canvas`: ReportLab has
  no public way to mark content), the keep-with-next group (`keep`), the shaping of
  words in two fonts (`shaping`, applied only while a document is built) and small
  accessors (`internals`).
"""

from __future__ import annotations

import os
import warnings
from functools import lru_cache

from reportlab import Version

from briefgen.writers import RL_FAST_SWITCH

SUPPORTED = ((4, 4), (5, 2))
"""The ReportLab versions the replicas were checked against: from the first (included) to
the second (excluded).  Keep in step with the pin in pyproject.toml."""

SWITCH = RL_FAST_SWITCH
"""Environment switch: ``0`` (or ``false``, ``no``, ``off``) turns the replicas off."""

_CANVAS_NAMES = (
    "_code",
    "_doc",
    "_escape",
    "_currentMatrix",
    "_extgstate",
    "_lineWidth",
    "_strokeColorObj",
    "_enforceColorSpace",
    "_getCmShift",
    "_setXObjects",
    "_formsinuse",
    "_currentPageHasImages",
)
"""Attributes of a ReportLab canvas the replicas read or write."""

_PARAGRAPH_NAMES = ("_split_blParaProcessed", "_get_split_blParaFunc", "_hAlignAdjust")
"""Methods of ReportLab's ``Paragraph`` the replicas call."""


def version() -> tuple[int, ...]:
    """The installed ReportLab's version as numbers (``5.1.0`` -> ``(5, 1, 0)``)."""
    parts = []
    for piece in Version.split("."):
        digits = "".join(c for c in piece if c.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def in_range(found: tuple[int, ...]) -> bool:
    """Whether ReportLab ``found`` is one the replicas support."""
    low, high = SUPPORTED
    return low <= found[:2] < high


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why the replicas cannot run with the installed ReportLab, or None when they can."""
    found = version()
    if not in_range(found):
        low, high = SUPPORTED
        return (
            f"ReportLab {Version} is outside the range the fast paths were checked on "
            f"({'.'.join(map(str, low))} to below {'.'.join(map(str, high))})"
        )
    try:
        from io import BytesIO

        from reportlab.pdfgen.canvas import Canvas
        from reportlab.platypus.paragraph import Paragraph

        from briefgen.writers.pdf.rl import fastbreak, fastdraw, images  # noqa: F401

        canv = Canvas(BytesIO())
        for name in _CANVAS_NAMES:
            getattr(canv, name)
        for name in _PARAGRAPH_NAMES:
            getattr(Paragraph, name)
    except (ImportError, AttributeError) as exc:
        return f"ReportLab {Version} lacks a name the fast paths use ({exc})"
    return None


def switched_off() -> bool:
    """Whether the environment turns the replicas off (``BRIEFGEN_RL_FAST=0``)."""
    return os.environ.get(SWITCH, "1").strip().lower() in ("0", "false", "no", "off")


def fast() -> bool:
    """Whether to use the replicas for this render (read at each call: tests switch it)."""
    if switched_off():
        return False
    reason = unavailable()
    if reason is not None:
        _warn_once(reason)
        return False
    return True


@lru_cache(maxsize=1)
def _warn_once(reason: str) -> None:
    warnings.warn(f"{reason}: ReportLab lays out every paragraph itself", stacklevel=3)
