"""A biography in Word: one person's blocks kept on one page.  With a portrait, a
borderless one-row table whose row never splits (``w:cantSplit``, which LibreOffice honours
too): the picture at the theme's portrait width in the first cell, the text in the second.
Without one, its paragraphs each kept with the next, the last one's lines together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from briefgen import tree as t
from briefgen.errors import RenderError
from briefgen.writers.docx import xml as x

if TYPE_CHECKING:
    from briefgen.writers.docx.writer import _Ctx, _Writer

_GAP_MM = 4.0  # between the portrait and the text, as in the PDF
_SPACE_TWIPS = 6 * 20  # above each biography (6 pt), as in the PDF
_NO_LOOK = {  # a layout grid: no table style look at all
    "w:val": "0000",
    "w:firstRow": "0",
    "w:lastRow": "0",
    "w:firstColumn": "0",
    "w:lastColumn": "0",
    "w:noHBand": "1",
    "w:noVBand": "1",
}


def biography(w: _Writer, parent: Any, callout: t.Callout, ctx: _Ctx) -> None:
    """Append ``callout`` (a biography) to ``parent``."""
    portrait = t.portrait_of(callout)
    w.separate_tables(parent)
    if portrait is None:
        mark = x.last_child(parent)
        w.blocks(parent, callout.blocks, ctx)
        made = [el for el in x.children_after(parent, mark) if el.tag == qn("w:p")]
        for p in made[:-1]:
            x.keep_with_next(p)
        if made:  # a little room between one person and the next, as in the PDF
            x.set_spacing_before(made[0], _SPACE_TWIPS)
            x.keep_lines(made[-1])  # and the last paragraph in one piece with the rest
        return
    image = portrait.image
    w_mm, h_mm = t.portrait_size(image.width_px, image.height_px, w.theme.style.portrait_width_mm)
    total = int(w.text_width.twips)
    side = int(Mm(w_mm + _GAP_MM).twips)
    widths = (side, total - side)
    tbl = x.sub(parent, "w:tbl")
    tbl_pr = x.sub(tbl, "w:tblPr")
    x.sub(tbl_pr, "w:tblW", {"w:w": str(total), "w:type": "dxa"})
    borders = x.sub(tbl_pr, "w:tblBorders")
    for edge in ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"):
        x.sub(borders, edge, {"w:val": "nil"})
    x.sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
    margins = x.sub(tbl_pr, "w:tblCellMar")
    for edge in ("w:left", "w:right"):
        x.sub(margins, edge, {"w:w": "0", "w:type": "dxa"})
    x.sub(tbl_pr, "w:tblLook", _NO_LOOK)
    grid = x.sub(tbl, "w:tblGrid")
    for cw in widths:
        x.sub(grid, "w:gridCol", {"w:w": str(cw)})
    tr = x.sub(tbl, "w:tr")
    x.sub(x.sub(tr, "w:trPr"), "w:cantSplit")
    left, right = (x.sub(tr, "w:tc") for _ in widths)
    for tc, cw in ((left, widths[0]), (right, widths[1])):
        x.sub(x.sub(tc, "w:tcPr"), "w:tcW", {"w:w": str(cw), "w:type": "dxa"})
    p = w.new_p(left, "normal")
    try:
        inline = w.rels.picture(image.data, Emu(int(Mm(w_mm))), Emu(int(Mm(h_mm))))
    except Exception as exc:  # python-docx raises several types for unreadable images
        raise RenderError(f"cannot embed image {image.name!r} in Word: {exc}") from exc
    x.set_alt_text(inline, portrait.alt, portrait.caption)
    x.drawing_run(p, inline)
    if portrait.credit:
        w.text_p(left, "credit", portrait.credit)
    w.blocks(right, callout.blocks[1:], ctx)
    for first in (left.find(qn("w:p")), right.find(qn("w:p"))):  # the tops stay level
        if first is not None:
            x.set_spacing_before(first, _SPACE_TWIPS)
