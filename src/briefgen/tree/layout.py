"""Layout rules every writer applies alike: caption numbers, figure sizes, column widths,
and whether a pack is long enough to need a contents page."""

from __future__ import annotations

import math

from briefgen.tree.nodes import (
    Block,
    BulletList,
    Callout,
    Contents,
    Document,
    Figure,
    Heading,
    Notes,
    OrderedList,
    PageBreak,
    Paragraph,
    Table,
    Timeline,
    assert_never,
    iter_blocks,
)
from briefgen.tree.text import plain_text

FIGURE_MAX_HEIGHT = 0.6
"""A figure takes at most this share of the text height, so its caption fits beside it."""


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
    portraits = {id(p) for p in portraits_of(doc)}  # printed without a caption
    for block in iter_blocks(doc.blocks):
        if id(block) in portraits:
            continue
        if isinstance(block, Figure) or (isinstance(block, Table) and block.caption):
            counts[type(block)] += 1
            numbers[id(block)] = counts[type(block)]
    return numbers


def portrait_of(block: Callout) -> Figure | None:
    """A biography's portrait: its first block, when that is a figure."""
    if block.kind == "biography" and block.blocks and isinstance(block.blocks[0], Figure):
        return block.blocks[0]
    return None


def portraits_of(doc: Document) -> list[Figure]:
    """Every biography's portrait in ``doc``."""
    found = (portrait_of(b) for b in iter_blocks(doc.blocks) if isinstance(b, Callout))
    return [f for f in found if f is not None]


def portrait_size(width_px: int, height_px: int, width_mm: float) -> tuple[float, float]:
    """A portrait's printed size in millimetres: ``width_mm`` wide (the theme's), never
    taller than one and a half times that (a tall picture is narrowed to fit)."""
    ratio = height_px / max(1, width_px)
    if ratio > 1.5:
        return width_mm * 1.5 / ratio, width_mm * 1.5
    return width_mm, width_mm * ratio


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


# ---------------------------------------------------------------- front matter

SMALL_TABLE_ROWS = 12
"""A table of at most this many rows is kept on one page, in both editions."""


def keeps_with_next_item(index: int, count: int) -> bool:
    """Whether list item ``index`` (of ``count``) keeps with the next one: the first and the
    last but one do, so that no first or last item stands alone on a page."""
    return count > 1 and index in (0, count - 2)


CONTENTS_MIN_PAGES = 7
"""A pack gets a contents page only when it is estimated to run to this many pages."""

LINE_CHARS = 95
"""Characters in a line of body text (10.5 pt Arial or Liberation Sans, 166 mm)."""

PAGE_LINES = 50
"""Body lines on a page (leading 13.3 pt, 241 mm of text height)."""


def _lines(text: str, chars: int = LINE_CHARS) -> int:
    return max(1, math.ceil(len(text) / chars))


def _estimate(block: Block) -> float:
    """Lines of body text ``block`` takes, roughly (spacing included)."""
    match block:
        case Heading():
            return 2.5 if block.level <= 2 else 1.8
        case Paragraph():
            return _lines(plain_text(block.children)) + 0.5
        case BulletList() | OrderedList():
            return sum(sum(_estimate(b) for b in item.blocks) - 0.2 for item in block.items)
        case Table():
            shares = block.widths or (1.0,)
            rows = [block.header, *block.rows]
            height = sum(
                max(
                    _lines(plain_text(c), max(8, int(LINE_CHARS * 1.1 * w)))
                    for c, w in zip(r, shares, strict=False)
                )
                * 0.85
                + 0.35
                for r in rows
            )
            return height + (1.5 if block.caption else 0.8)
        case Figure():
            ratio = block.image.height_px / max(1, block.image.width_px)
            return min(PAGE_LINES * 0.6, 36 * ratio) + 2
        case Callout():
            inner = sum(_estimate(b) for b in block.blocks)
            return inner * (0.6 if block.kind == "cover" else 0.95) + 1.5
        case Timeline():
            return sum(_lines(plain_text(e.children), 70) * 0.9 + 0.4 for e in block.entries) + 1
        case Notes() | PageBreak() | Contents():
            return 0.0  # footnotes are counted apart
        case _:
            assert_never(block)


def estimate_pages(doc: Document) -> float:
    """The pages ``doc`` fills without a contents page: a writer-neutral estimate that both
    editions share, so that they agree on whether to print a contents page."""
    lines = sum(_estimate(b) for b in doc.blocks if not isinstance(b, Contents))
    lines += sum(
        _lines(plain_text(p.children), 110) * 0.8
        for n in doc.footnotes
        for p in n.blocks
        if isinstance(p, Paragraph)
    )
    return lines / PAGE_LINES


def fit_front_matter(doc: Document) -> Document:
    """``doc`` with its contents kept only when the pack is long enough to need one; a kept
    contents ends page 1 (under the title block) with a page break."""
    if not any(isinstance(b, Contents) for b in doc.blocks):
        return doc
    keep = estimate_pages(doc) >= CONTENTS_MIN_PAGES
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Contents):
            if keep:
                blocks += [block, PageBreak()]
            continue
        blocks.append(block)
    return Document(doc.meta, tuple(blocks), doc.footnotes)
