"""Accessors for the ReportLab internals the writer needs on both paths of the gate: the
PDF document behind a canvas, its date, a table's cells and row heights, an image's
offsets, whether a flowable starts its frame, and whether a paragraph's fragments were
already processed."""

from __future__ import annotations

from typing import Any

from reportlab.platypus.paragraph import _processed_frags


def pdf_document(canv: Any) -> Any:
    """The ``PDFDocument`` a canvas writes (ReportLab gives no public way to it)."""
    return canv._doc


def set_document_date(canv: Any, timestamp: Any) -> None:
    """Date the document ``timestamp`` (its creation and modification dates)."""
    canv._doc._timeStamp = timestamp


def release(canv: Any) -> None:
    """Drop what a canvas and its PDF document hold, so they are freed without the
    garbage collector (they refer to each other)."""
    canv._doc.__dict__.clear()
    canv.__dict__.clear()


def at_frame_top(flowable: Any) -> bool:
    """Whether ``flowable``, being drawn, is the first thing in its frame (on its page)."""
    return bool(getattr(getattr(flowable, "_frame", None), "_atTop", False))


def processed_frags(frags: Any) -> bool:
    """Whether ``frags`` are a split-off part's (already broken into words)."""
    return bool(_processed_frags(frags))


def table_cells(table: Any) -> list[list[Any]]:
    """A table's rows of cell contents (the list itself: changes change the table)."""
    cells: list[list[Any]] = table._cellvalues
    return cells


def row_heights(table: Any) -> list[float]:
    """A wrapped table's row heights."""
    heights: list[float] = table._rowHeights
    return heights


def image_offsets(image: Any) -> tuple[float, float]:
    """Where an ``Image`` flowable draws its picture inside its box."""
    return getattr(image, "_offs_x", 0), getattr(image, "_offs_y", 0)
