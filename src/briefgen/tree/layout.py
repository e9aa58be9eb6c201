"""Layout rules every writer applies alike: caption numbers, figure sizes, column widths."""

from __future__ import annotations

from briefgen.tree.nodes import Document, Figure, Table, iter_blocks

FIGURE_MAX_HEIGHT = 0.6
"""A figure takes at most this share of the text height, so its caption fits beside it."""


TITLE_POINTS = 28.0
"""The cover title's size in both editions, before `title_scale`."""


def title_scale(text: str) -> float:
    """How much a cover title shrinks so that a long one stays on the cover."""
    if len(text) <= 90:
        return 1.0
    return 0.7 if len(text) <= 200 else 0.5


def caption_numbers(doc: Document) -> dict[int, int]:
    """The number of each captioned table and each figure ("Table 2", "Figure 1"), keyed by
    the block's ``id()``: tables and figures are numbered apart, in reading order."""
    numbers: dict[int, int] = {}
    counts = {Table: 0, Figure: 0}
    for block in iter_blocks(doc.blocks):
        if isinstance(block, Figure) or (isinstance(block, Table) and block.caption):
            counts[type(block)] += 1
            numbers[id(block)] = counts[type(block)]
    return numbers


def figure_scale(width: float, height: float, box_width: float, box_height: float) -> float:
    """How much a figure of natural ``width`` x ``height`` shrinks to fit the text box (any
    unit, the same for all four): never enlarged, never taller than its share."""
    if not (width and height):
        return 1.0
    return min(1.0, box_width / width, box_height * FIGURE_MAX_HEIGHT / height)


def logo_size(width_px: int, height_px: int, box: tuple[float, float]) -> tuple[float, float]:
    """The logo's printed size in the box's unit: as large as fits, proportions kept."""
    scale = min(box[0] / width_px, box[1] / height_px)
    return width_px * scale, height_px * scale


def column_widths(table: Table, total: float) -> list[float]:
    """The widths of the table's columns, in proportion to its weights, summing to ``total``."""
    scale = sum(table.widths)
    return [total * w / scale for w in table.widths]
