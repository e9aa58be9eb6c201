"""Page layout of the PDF writer: paragraph styles, page templates and page chrome.

Chrome is drawn as artifacts: the protective marking (centred, bold, capitals, in the
marking colour) at the top and bottom of every page, the running head, "Page X of Y"
(the total drawn into a form filled in after layout) and, for drafts, a diagonal DRAFT.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import pagesizes
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.tree import Metadata
from briefgen.writers.pdf.bidi import visual_line
from briefgen.writers.pdf.canvas import BriefCanvas
from briefgen.writers.pdf.fonts import BOLD, ITALIC, REGULAR, FontStack
from briefgen.writers.pdf.markup import needs_shaping

BODY_SIZE = 10.0
MARGIN_X = 22 * mm
CHANGE_BAR_X = MARGIN_X - 3 * mm
"""Change bars (beside text revised since an earlier edition) stand in the left margin."""
MARGIN_TOP = 28 * mm
MARGIN_BOTTOM = 24 * mm
GREY = HexColor("#555555")
RULE = HexColor("#BFBFBF")
WATERMARK = HexColor("#D0D0D0")


@dataclass(frozen=True, slots=True)
class Styles:
    """Every paragraph style the writer uses, built from the font stack and the theme."""

    body: ParagraphStyle
    headings: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_marking: ParagraphStyle
    cover_draft: ParagraphStyle
    meta: ParagraphStyle
    caption: ParagraphStyle
    credit: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle
    label: ParagraphStyle
    toc_title: ParagraphStyle
    toc: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]
    note: ParagraphStyle
    notes_title: ParagraphStyle
    accent: Color
    marking: Color
    tint: Color


def make_styles(fonts: FontStack, theme: Theme) -> Styles:
    """Build the styles for one render."""
    accent = HexColor("#" + theme.accent_colour)
    marking = HexColor("#" + theme.marking_colour)
    reg, bold, ital = fonts.font(REGULAR), fonts.font(BOLD), fonts.font(ITALIC)
    body = ParagraphStyle(
        "body",
        fontName=reg,
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.4,
        spaceAfter=6,
        alignment=TA_LEFT,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    sizes = (18.0, 14.0, 12.0, 11.0)
    headings = tuple(
        derive(
            f"h{i + 1}",
            fontName=bold,
            fontSize=s,
            leading=s * 1.25,
            textColor=accent,
            spaceBefore=(14, 10, 8, 6)[i],
            spaceAfter=(8, 6, 4, 3)[i],
            keepWithNext=1,
        )
        for i, s in enumerate(sizes)
    )
    toc = tuple(
        derive(
            f"toc{i + 1}",
            leftIndent=12 * i,
            rightIndent=36,
            spaceAfter=3,
            fontName=bold if i == 0 else reg,
        )
        for i in range(4)
    )
    return Styles(
        body=body,
        headings=headings,
        title=derive(
            "title",
            fontName=bold,
            fontSize=t.TITLE_POINTS,
            leading=34,
            textColor=accent,
            spaceBefore=60,
            spaceAfter=12,
        ),
        subtitle=derive("subtitle", fontSize=16, leading=21, textColor=accent, spaceAfter=30),
        cover_marking=derive(
            "cover_marking",
            fontName=bold,
            fontSize=12,
            textColor=marking,
            alignment=TA_CENTER,
            spaceAfter=24,
        ),
        cover_draft=derive(
            "cover_draft", fontName=bold, fontSize=20, leading=26, textColor=marking, spaceBefore=30
        ),
        meta=derive("meta", fontSize=11, leading=16, textColor=GREY, spaceAfter=2),
        caption=derive(
            "caption", fontName=ital, fontSize=9, leading=12, spaceBefore=4, spaceAfter=2
        ),
        credit=derive("credit", fontSize=8, leading=10, textColor=GREY, spaceAfter=10),
        cell=derive("cell", fontSize=9, leading=11.5, spaceAfter=0),
        header_cell=derive(
            "header_cell",
            fontName=bold,
            fontSize=9,
            leading=11.5,
            spaceAfter=0,
            textColor=HexColor("#FFFFFF"),
        ),
        label=derive("label", alignment=TA_RIGHT, spaceAfter=0, rightIndent=4),
        toc_title=derive(
            "toc_title", fontName=bold, fontSize=18, leading=22.5, textColor=accent, spaceAfter=10
        ),
        toc=toc,
        note=derive("note", fontSize=8.5, leading=11, spaceAfter=3),
        notes_title=derive(
            "notes_title", fontName=bold, fontSize=9, leading=12, spaceBefore=8, spaceAfter=3
        ),
        accent=accent,
        marking=marking,
        tint=HexColor("#EEF2F8"),
    )


class Chrome:
    """Draws the page chrome of one render, as artifacts."""

    def __init__(
        self, meta: Metadata, fonts: FontStack, styles: Styles, theme: Theme | None = None
    ) -> None:
        self.meta, self.fonts, self.styles = meta, fonts, styles
        self.logo: Any = None
        self.logo_box = (0.0, 0.0)
        if theme is not None and theme.logo is not None:
            from reportlab.lib.utils import ImageReader

            self.logo = ImageReader(str(theme.logo))
            self.logo_box = (theme.logo_box_mm[0] * mm, theme.logo_box_mm[1] * mm)

    def _text(
        self,
        canv: BriefCanvas,
        x: float,
        y: float,
        text: str,
        size: float,
        style: int = REGULAR,
        align: str = "left",
        room: float | None = None,
    ) -> None:
        """Draw ``text`` with per-character font fallback, aligned at ``x``; text wider than
        ``room`` is shortened, with an ellipsis, to fit.  Right-to-left words are set in
        visual order and shaped, as in paragraphs."""
        text = visual_line(text)
        runs = self.fonts.runs(text, style)
        width = sum(canv.stringWidth(s, f, size) for f, s in runs)
        if room is not None and width > room:
            text = self._shortened(canv, text, size, style, room)
            runs = self.fonts.runs(text, style)
            width = sum(canv.stringWidth(s, f, size) for f, s in runs)
        x0 = {"left": x, "centre": x - width / 2, "right": x - width}[align]
        for font, s in runs:
            canv.setFont(font, size)
            canv.drawString(x0, y, s, shaping=needs_shaping(s))
            x0 += canv.stringWidth(s, font, size)

    def _shortened(self, canv: BriefCanvas, text: str, size: float, style: int, room: float) -> str:
        """The longest start of ``text`` that, with an ellipsis, fits ``room``."""
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            candidate = text[:mid].rstrip() + "\u2026"
            runs = self.fonts.runs(candidate, style)
            if sum(canv.stringWidth(s, f, size) for f, s in runs) <= room:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "\u2026"

    def draw(self, canv: BriefCanvas, doc: Any, *, cover: bool = False) -> None:
        """Draw the chrome of the current page."""
        w, h = canv._pagesize
        marking = self.meta.marking
        canv.saveState()
        if self.meta.draft:
            with canv.artifact("Pagination", "Watermark"):
                canv.saveState()
                canv.setFillColor(WATERMARK)
                canv.translate(w / 2, h / 2)
                canv.rotate(45)
                self._text(canv, 0, -40, "DRAFT", 110, BOLD, "centre")
                canv.restoreState()
        if cover and self.logo is not None:  # decoration: the cover names the organisation
            with canv.artifact("Layout"):
                px_w, px_h = self.logo.getSize()
                lw, lh = t.logo_size(px_w, px_h, self.logo_box)
                canv.drawImage(self.logo, MARGIN_X, h - 17 * mm - lh, lw, lh, mask="auto")
        with canv.artifact("Pagination", "Header"):
            canv.setFillColor(self.styles.marking)
            self._text(canv, w / 2, h - 12 * mm, marking, 10, BOLD, "centre")
            if not cover:
                canv.setFillColor(GREY)
                room = w - 2 * MARGIN_X - (20 * mm if self.meta.draft else 0)
                self._text(canv, MARGIN_X, h - 19 * mm, self.meta.title, 8.5, room=room)
                if self.meta.draft:
                    canv.setFillColor(self.styles.marking)
                    self._text(canv, w - MARGIN_X, h - 19 * mm, "DRAFT", 8.5, BOLD, "right")
                canv.setStrokeColor(RULE)
                canv.setLineWidth(0.5)
                canv.line(MARGIN_X, h - 21 * mm, w - MARGIN_X, h - 21 * mm)
        with canv.artifact("Pagination", "Footer"):
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(MARGIN_X, 19 * mm, w - MARGIN_X, 19 * mm)
            canv.setFillColor(GREY)
            room = w - 2 * MARGIN_X - 35 * mm  # "Page 100 of 100" on the right
            self._text(canv, MARGIN_X, 15 * mm, self.meta.organisation, 8, room=room)
            number = canv.getPageNumber()
            canv.saveState()
            canv.translate(w - MARGIN_X, 15 * mm)

            def fill(c: Any, total: int) -> None:
                c.setFillColor(GREY)
                self._text(c, 0, 0, f"Page {number} of {total}", 8, REGULAR, "right")

            canv.late_form(f"PageNo{number}", fill)
            canv.restoreState()
            canv.setFillColor(self.styles.marking)
            self._text(canv, w / 2, 8 * mm, marking, 10, BOLD, "centre")
        canv.restoreState()


def page_size(theme: Theme) -> tuple[float, float]:
    """The theme's page size in points."""
    size: tuple[float, float] = getattr(pagesizes, theme.page_size.upper(), pagesizes.A4)
    return size


class BriefDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """Two page templates: ``cover`` and ``body``, both with full chrome."""

    def __init__(self, out: Any, *, theme: Theme, chrome: Chrome, **kw: Any) -> None:
        w, h = page_size(theme)
        super().__init__(
            out,
            pagesize=(w, h),
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **kw,
        )
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            w - 2 * MARGIN_X,
            h - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover = Frame(
            MARGIN_X + 10 * mm,
            MARGIN_BOTTOM,
            w - 2 * MARGIN_X - 20 * mm,
            h - MARGIN_TOP - MARGIN_BOTTOM - 20 * mm,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [cover], onPage=lambda c, d: chrome.draw(c, d, cover=True)),
                PageTemplate("body", [frame], onPage=chrome.draw),
            ]
        )

    @property
    def frame_width(self) -> float:
        """Width available to body flowables."""
        return float(self.width)

    @property
    def frame_height(self) -> float:
        """Height available to body flowables."""
        return float(self.height)
