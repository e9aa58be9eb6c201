"""Page layout of the PDF writer: paragraph styles, page templates and page chrome.

Chrome follows the theme's house style, as the Word edition's header and footer do: the
protective marking (centred, bold, in the marking colour) at the top and bottom of every
page, the running title under it, the organisation and "Page X of Y" in the footer (the
total drawn into a form filled in after layout) and, for drafts, a diagonal DRAFT.  All of
it is artifacts except page 1's top marking, which is the marking's one readable instance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib import pagesizes
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from briefgen.theme import HouseStyle, TextStyle, Theme
from briefgen.tree import Metadata
from briefgen.writers.pdf.bidi import visual_line
from briefgen.writers.pdf.fonts import BOLD, ITALIC, REGULAR, FontStack
from briefgen.writers.pdf.markup import needs_shaping
from briefgen.writers.pdf.rl.canvas import BriefCanvas
from briefgen.writers.pdf.rl.keep import KeepWithNext


@dataclass(frozen=True, slots=True)
class Styles:
    """Every paragraph style the writer uses, built from the theme's house style."""

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
    callout: ParagraphStyle
    timeline_date: ParagraphStyle
    timeline_text: ParagraphStyle
    accent: Color
    marking: Color
    tint: Color
    grey: Color
    rule: Color
    header_fill: Color
    watermark: Color
    house: HouseStyle


_ALIGNS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def make_styles(fonts: FontStack, theme: Theme) -> Styles:
    """Build the styles for one render from the theme's house style."""
    house = theme.style

    def paint(value: str | None) -> Color:
        return HexColor("#" + (theme.colour(value) or "000000"))

    def style(name: str, ts: TextStyle, **kw: Any) -> ParagraphStyle:
        weight = (BOLD if ts.bold else REGULAR) | (ITALIC if ts.italic else 0)
        settings: dict[str, Any] = {
            "fontName": fonts.font(weight),
            "fontSize": ts.size,
            "leading": ts.leading,
            "textColor": paint(ts.colour),
            "spaceBefore": ts.before,
            "spaceAfter": ts.after,
            "alignment": _ALIGNS[ts.align],
            "allowWidows": 0,
            "allowOrphans": 0,
        }
        settings.update(kw)
        return ParagraphStyle(name, **settings)

    headings = tuple(style(f"h{i + 1}", ts, keepWithNext=1) for i, ts in enumerate(house.headings))
    toc = tuple(
        style(f"toc{i + 1}", replace(house.toc, bold=i == 0), leftIndent=12 * i, rightIndent=36)
        for i in range(4)
    )
    return Styles(
        body=style("body", house.body),
        headings=headings,
        title=style("title", house.title),
        subtitle=style("subtitle", house.subtitle),
        cover_marking=style("cover_marking", house.chrome_marking),
        cover_draft=style("cover_draft", house.draft),
        meta=style("meta", house.meta),
        caption=style("caption", house.caption, keepWithNext=1),
        credit=style("credit", house.credit),
        cell=style("cell", house.table_text, spaceBefore=0, spaceAfter=0),
        header_cell=style("header_cell", house.table_heading, spaceBefore=0, spaceAfter=0),
        label=style("label", replace(house.body, after=0)),  # left, at the hanging indent
        toc_title=style("toc_title", house.toc_heading),
        toc=toc,
        note=style("note", house.source),
        callout=style("callout", house.callout),
        timeline_date=style("timeline_date", house.timeline_date),
        timeline_text=style("timeline_text", house.timeline_text),
        accent=paint(house.accent),
        marking=paint(house.marking),
        tint=paint(house.tint),
        grey=paint(house.grey),
        rule=paint(house.rule),
        header_fill=paint(house.header_fill),
        watermark=paint(house.watermark),
        house=house,
    )


MIN_MARKING_SIZE = 6.0
"""The smallest size (points) a long protective marking is set in before it is broken into
lines: never shortened, never off the page."""


class Chrome:
    """Draws the page chrome of one render, as artifacts."""

    def __init__(
        self, meta: Metadata, fonts: FontStack, styles: Styles, *, bare: bool = False
    ) -> None:
        self.meta, self.fonts, self.styles = meta, fonts, styles
        self.bare = bare  # no header or footer: a bound pack's binding draws them
        # a line of chrome set once, drawn on every page: (text, size, style, room) ->
        # its font runs and width
        self._set: dict[tuple[str, float, int, float | None], tuple[Any, float]] = {}

    def _width(self, canv: BriefCanvas, runs: Any, size: float) -> float:
        return float(sum(canv.stringWidth(s, f, size) for f, s in runs))

    def _runs(
        self, canv: BriefCanvas, text: str, size: float, style: int, room: float | None
    ) -> tuple[Any, float]:
        """The font runs and width of ``text`` in visual order, shortened to ``room``."""
        key = (text, size, style, room)
        if key not in self._set:
            text = visual_line(text)
            runs = self.fonts.runs(text, style)
            width = self._width(canv, runs, size)
            if room is not None and width > room:
                text = self._shortened(canv, text, size, style, room)
                runs = self.fonts.runs(text, style)
                width = self._width(canv, runs, size)
            self._set[key] = runs, width
        return self._set[key]

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
        runs, width = self._runs(canv, text, size, style, room)
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
            if self._width(canv, self.fonts.runs(candidate, style), size) <= room:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "\u2026"

    def _marking(
        self, canv: BriefCanvas, x: float, y: float, text: str, size: float, room: float
    ) -> None:
        """Draw the protective marking centred at ``x`` on the baseline ``y``, never cut
        short: a marking wider than ``room`` is set smaller, down to `MIN_MARKING_SIZE`,
        and then broken after a ``//`` into lines set in the same line's height."""
        for line, at, line_size in self._marking_lines(canv, text, size, room):
            self._text(canv, x, y + at, line, line_size, BOLD, "centre")

    def _marking_lines(
        self, canv: BriefCanvas, text: str, size: float, room: float
    ) -> list[tuple[str, float, float]]:
        """(line, baseline offset, size) of each line the marking is set in."""
        width = self._width(canv, self.fonts.runs(visual_line(text), BOLD), size)
        if width <= room:
            return [(text, 0.0, size)]
        fitted = size * room / width
        if fitted >= MIN_MARKING_SIZE:
            return [(text, 0.0, fitted)]
        small = MIN_MARKING_SIZE
        lines: list[str] = []
        for part in text.split("//"):
            piece = part if not lines else "//" + part
            joined = (lines[-1] + piece) if lines else piece
            fits = self._width(canv, self.fonts.runs(visual_line(joined), BOLD), small) <= room
            if lines and fits:
                lines[-1] = joined
            else:
                lines.append(piece)
        sizes = [
            min(small, small * room / max(self._width(canv, self.fonts.runs(x, BOLD), small), 1))
            for x in lines
        ]
        leading = small * 1.1
        return [
            (line, ((len(lines) - 1) / 2 - i) * leading, sizes[i]) for i, line in enumerate(lines)
        ]

    def head_marking(self, canv: BriefCanvas, w: float, h: float) -> None:
        """The marking at the top of a page ``w`` by ``h``."""
        house = self.styles.house
        left, right = house.margin_side_mm * mm, w - house.margin_side_mm * mm
        mark = house.chrome_marking
        base = h - house.header_mm * mm - 0.905 * mark.size
        canv.setFillColor(self.styles.marking)
        self._marking(canv, w / 2, base, self.meta.marking, mark.size, right - left)

    def head(self, canv: BriefCanvas, w: float, h: float, text: str, *, marking: bool) -> None:
        """The header of a page ``w`` by ``h``, placed as Word places it (its first line
        ``header_mm`` below the top edge): the marking (with ``marking``), the running head
        ``text`` (with DRAFT on the right of a draft's) and the rule under them."""
        st, house = self.styles, self.styles.house
        left, right = house.margin_side_mm * mm, w - house.margin_side_mm * mm
        mark, head = house.chrome_marking, house.running_head
        top = h - house.header_mm * mm
        head_base = top - mark.leading - 0.905 * head.size
        head_rule = top - mark.leading - head.leading - 1.5
        if marking:
            self.head_marking(canv, w, h)
        canv.setFillColor(st.grey)
        room = right - left - (20 * mm if self.meta.draft else 0)
        self._text(canv, left, head_base, text, head.size, room=room)
        if self.meta.draft:
            canv.setFillColor(st.marking)
            self._text(canv, right, head_base, house.watermark_text, head.size, BOLD, "right")
        canv.setStrokeColor(st.rule)
        canv.setLineWidth(0.5)
        canv.line(left, head_rule, right, head_rule)

    def foot(
        self,
        canv: BriefCanvas,
        w: float,
        number: Callable[[BriefCanvas, float, float], None],
        room: float,
    ) -> None:
        """The footer of a page ``w`` wide, placed as Word places it (its last line
        ``footer_mm`` above the bottom edge): the rule, the organisation (shortened to leave
        ``room`` on the right), the page number (``number`` draws it right-aligned at the
        point given) and the marking."""
        st, house = self.styles, self.styles.house
        left, right = house.margin_side_mm * mm, w - house.margin_side_mm * mm
        mark, foot = house.chrome_marking, house.footer
        bottom = house.footer_mm * mm
        foot_mark_base = bottom + (mark.leading - 0.905 * mark.size)
        foot_base = bottom + mark.leading + (foot.leading - 0.905 * foot.size)
        foot_rule = bottom + mark.leading + foot.leading + 1.5
        canv.setStrokeColor(st.rule)
        canv.setLineWidth(0.5)
        canv.line(left, foot_rule, right, foot_rule)
        canv.setFillColor(st.grey)
        self._text(
            canv, left, foot_base, self.meta.organisation, foot.size, room=right - left - room
        )
        number(canv, right, foot_base)
        canv.setFillColor(st.marking)
        self._marking(canv, w / 2, foot_mark_base, self.meta.marking, mark.size, right - left)

    def draw(self, canv: BriefCanvas, doc: Any) -> None:
        """Draw the chrome of the current page, placed as Word places its header and footer:
        the header's first line ``header_mm`` below the top edge, the footer's last line
        ``footer_mm`` above the bottom edge.  A layout that writes no PDF (the Word
        contents' page numbers) draws none: the chrome takes no room from the frame."""
        if canv.bg_state.layout_only:
            return
        w, h = doc.pagesize
        st, house = self.styles, self.styles.house
        foot = house.footer
        number = canv.getPageNumber()
        canv.saveState()
        if self.meta.draft:
            with canv.artifact("Pagination", "Watermark"):
                canv.saveState()
                canv.setFillColor(st.watermark)
                canv.translate(w / 2, h / 2)
                canv.rotate(45)
                self._text(canv, 0, -40, house.watermark_text, 110, BOLD, "centre")
                canv.restoreState()
        # The first page's marking is real content, read first (PDF/UA): the marking is
        # printed only in the header and footer, and must still reach a screen reader.
        elem = canv.bg_state.marking_elem if canv.bg_state.tagged else None
        if number == 1 and elem is not None:
            canv.begin_content(elem)
            self.head_marking(canv, w, h)
            canv.end_content()
        if self.bare:
            canv.restoreState()
            return
        with canv.artifact("Pagination", "Header"):
            self.head(canv, w, h, self.meta.title, marking=not (number == 1 and elem is not None))
        with canv.artifact("Pagination", "Footer"):
            grey, size = st.grey, foot.size

            def late(c: Any, x: float, y: float) -> None:
                c.saveState()
                c.translate(x, y)

                def fill(c: Any, total: int) -> None:
                    c.setFillColor(grey)
                    self._text(c, 0, 0, f"Page {number} of {total}", size, REGULAR, "right")

                c.late_form(f"PageNo{number}", fill)
                c.restoreState()

            self.foot(canv, w, late, 35 * mm)  # "Page 100 of 100" on the right
        canv.restoreState()


def page_size(theme: Theme) -> tuple[float, float]:
    """The theme's page size in points."""
    size: tuple[float, float] = getattr(pagesizes, theme.page_size.upper(), pagesizes.A4)
    return size


class BriefDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """One page template, ``body``, with the full chrome on every page; a chain of
    keep-with-next is kept as Word keeps it (`KeepWithNext`)."""

    def __init__(self, out: Any, *, theme: Theme, chrome: Chrome, **kw: Any) -> None:
        w, h = page_size(theme)
        house = theme.style
        side, top, bottom = (
            house.margin_side_mm * mm,
            house.margin_top_mm * mm,
            house.margin_bottom_mm * mm,
        )
        super().__init__(
            out,
            pagesize=(w, h),
            leftMargin=side,
            rightMargin=side,
            topMargin=top,
            bottomMargin=bottom,
            keepTogetherClass=KeepWithNext,
            **kw,
        )
        frame = Frame(
            side,
            bottom,
            w - 2 * side,
            h - top - bottom,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("body", [frame], onPage=chrome.draw)])

    @property
    def frame_width(self) -> float:
        """Width available to body flowables."""
        return float(self.width)

    @property
    def frame_height(self) -> float:
        """Height available to body flowables."""
        return float(self.height)


def change_bar_x(theme: Theme) -> float:
    """Where change bars (beside text revised since an earlier edition) stand: in the left
    margin, 3 mm from the text."""
    return float((theme.style.margin_side_mm - 3) * mm)
