"""A biography in Word: one person's blocks kept on one page.  With a portrait, a
borderless one-row table whose row never splits (``w:cantSplit``, which LibreOffice honours
too): the picture at the theme's portrait width in the first cell, the text in the second.
Without one, its paragraphs each kept with the next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from briefgen import tree as t
from briefgen.errors import RenderError
from briefgen.writers.docx import xml as x

if TYPE_CHECKING:
    from briefgen.writers.docx.writer import _Ctx, _Writer

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_GAP_MM = 4.0  # between the portrait and the text, as in the PDF
_SPACE_TWIPS = 6 * 20  # above each biography (6 pt), as in the PDF
_NO_BORDERS = "".join(
    f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


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
        return
    image = portrait.image
    w_mm, h_mm = t.portrait_size(image.width_px, image.height_px, w.theme.style.portrait_width_mm)
    total = int(w.text_width.twips)
    side = int(Mm(w_mm + _GAP_MM).twips)
    widths = (side, total - side)
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{cw}" w:type="dxa"/></w:tcPr></w:tc>' for cw in widths
    )
    tbl = parse_xml(
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>'
        f"<w:tblBorders>{_NO_BORDERS}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{''.join(f'<w:gridCol w:w={chr(34)}{cw}{chr(34)}/>' for cw in widths)}"
        f"</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr></w:tbl>"
    )
    parent.append(tbl)
    left, right = tbl.iter(qn("w:tc"))
    p = w.new_p(left, "normal")
    try:
        inline = w.rels.picture(image.data, Emu(int(Mm(w_mm))), Emu(int(Mm(h_mm))))
    except Exception as exc:  # python-docx raises several types for unreadable images
        raise RenderError(f"cannot embed image {image.name!r} in Word: {exc}") from exc
    x.set_alt_text(inline, portrait.alt, portrait.caption)
    x.new_run(p).add_drawing(inline)
    if portrait.credit:
        w.text_p(left, "credit", portrait.credit)
    w.blocks(right, callout.blocks[1:], ctx)
    for first in (left.find(qn("w:p")), right.find(qn("w:p"))):  # the tops stay level
        if first is not None:
            x.set_spacing_before(first, _SPACE_TWIPS)
