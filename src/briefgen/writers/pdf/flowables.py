"""Platypus flowables that tag what they draw.

Each content flowable carries the `StructElem` that owns its drawing and keeps it
when platypus splits it, so a paragraph broken over two pages is one element with two
marked-content references.  Containers (tables, callout boxes, list items) mark their
own decoration as artifacts and let their tagged children draw themselves.
"""

from __future__ import annotations

import copy
from io import BytesIO
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, Paragraph, Table
from reportlab.platypus.flowables import DDIndenter

from briefgen.errors import RenderError
from briefgen.writers.pdf import bidi
from briefgen.writers.pdf.rl import internals, paths
from briefgen.writers.pdf.rl.canvas import BriefCanvas
from briefgen.writers.pdf.rl.linebreak import KeepsLines
from briefgen.writers.pdf.struct import ARTIFACT, StructElem


class TaggedParagraph(KeepsLines, Paragraph):  # type: ignore[misc]
    """A paragraph whose drawing is owned by ``struct`` (or is an artifact)."""

    def __init__(
        self, text: Any, style: Any, *args: Any, struct: StructElem = ARTIFACT, **kw: Any
    ) -> None:
        super().__init__(text, style, *args, **kw)
        self.struct = struct
        self._wrapped: tuple[float, tuple[float, float]] | None = None
        self.rtl: bool | None = None
        if internals.processed_frags(self.frags):  # a part split off a paragraph: `split` copies it
            return
        plain = "".join(str(getattr(f, "text", "")) for f in self.frags)
        self.rtl = bidi.base_is_rtl(plain) if bidi.has_rtl(plain) else None
        base: Any = self.__dict__["style"]
        if self.rtl and base.alignment == TA_LEFT:  # a right-to-left paragraph
            self.style = ParagraphStyle(f"{base.name}-rtl", base, alignment=TA_RIGHT)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """Wrap, reusing the last result for the same width (tables wrap cells many times)."""
        if self._wrapped is not None and self._wrapped[0] == aW and "blPara" in self.__dict__:
            return self._wrapped[1]
        size: tuple[float, float] = super().wrap(aW, aH)
        self._wrapped = (aW, size)
        return size

    def _copy_tags(self, other: TaggedParagraph) -> None:
        other.struct = self.struct
        other.changed = self.changed
        other.rtl = self.rtl

    def split(self, aW: float, aH: float) -> list[Any]:
        parts: list[Any] = super().split(aW, aH)
        for part in parts:
            if isinstance(part, TaggedParagraph) and part is not self:
                self._copy_tags(part)
        return parts

    changed = False  # revised since the edition compared with: a change bar beside it

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        canv.begin_content(self.struct)
        try:
            self.draw_tagged(canv, x, y, _sW)
        finally:
            canv.end_content()
        if self.changed:
            change_bar(canv, x, y, self.height)

    def draw_tagged(self, canv: BriefCanvas, x: float, y: float, _sW: float) -> None:
        """Draw inside this paragraph's marked content (hook for subclasses); lines with
        right-to-left text are drawn in display order (see :mod:`.bidi`)."""
        if self.rtl is None or "blPara" not in self.__dict__:
            self._draw_on(canv, x, y, _sW)
            return
        _space_line_ends(self)
        logical: Any = self.__dict__["blPara"]
        self.blPara = bidi.visual(logical, self.rtl)
        try:
            self._draw_on(canv, x, y, _sW, spaced=True)
        finally:
            self.blPara = logical

    def _draw_on(
        self, canv: BriefCanvas, x: float, y: float, _sW: float, *, spaced: bool = False
    ) -> None:
        """ReportLab's ``drawOn`` of the lines with spaced ends (``spaced``: they are), or the
        same bytes written by `fastdraw` if the gate is open and it can."""
        bl = self.__dict__.get("blPara")
        if bl is not None:
            spaced = spaced or getattr(bl, "_bg_spaced", False)
            if paths.draw_paragraph(self, canv, x, y, _sW, spaced=spaced):
                return
            if not spaced:
                _space_line_ends(self)
        super().drawOn(canv, x, y, _sW)

    def lead_height(self) -> float:
        """The height of what Word keeps with a heading before it: the first two lines, or
        the whole paragraph when it is under four lines (widow and orphan control cannot
        split it: each part needs two lines)."""
        lines = len(getattr(getattr(self, "blPara", None), "lines", None) or ())
        kept = lines if 0 < lines < 4 else 2
        return float(self.style.leading * kept + self.style.spaceBefore)

    def last_baseline(self) -> float:
        """Distance of the last line's baseline above the paragraph's bottom."""
        lines = getattr(getattr(self, "blPara", None), "lines", [None])
        style = self.style
        return float(self.height - style.fontSize - (len(lines) - 1) * style.leading)


class RemovalMark(Flowable):  # type: ignore[misc]
    """Where text went since the edition compared with: a short change bar, taking no
    space (the removed text is not set; the changes list names it)."""

    REACH = 4.0  # points above and below the place

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N802
        return 0, 0

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        change_bar(canv, x, y - self.REACH, 2 * self.REACH)


def change_bar(canv: BriefCanvas, x: float, y: float, height: float) -> None:
    """A vertical bar in the left margin beside ``height`` points above ``y``, as an
    artifact (the text beside it is what a reader reads)."""
    page_x, _ = canv.absolutePosition(x, y)
    bar_x = x + canv.bg_state.change_bar_x - page_x
    with canv.artifact():
        canv.saveState()
        canv.setLineWidth(1.5)
        canv.line(bar_x, y, bar_x, y + height)
        canv.restoreState()


def _space_line_ends(para: Paragraph) -> None:
    """End every line but the last with a real space, so extracted text keeps word breaks.

    The space is drawn past the line's end, so it changes nothing visible.  Shaped
    paragraphs are left alone (their words are glyph runs, not text).
    """
    bl = getattr(para, "blPara", None)
    if bl is None or para.style.shaping or getattr(bl, "_bg_spaced", False):
        return
    bl._bg_spaced = True
    lines = bl.lines
    for i in range(len(lines) - 1):
        if bl.kind == 0:
            extra, words = lines[i]
            lines[i] = (extra, [*words, ""])
            continue
        words = lines[i].words
        for j in range(len(words) - 1, -1, -1):
            frag = words[j]
            if getattr(frag, "cbDefn", None) is None and getattr(frag, "text", None):
                dup = copy.copy(frag)
                dup.text = frag.text + " "
                words[j] = dup
                break


class HeadingParagraph(TaggedParagraph):
    """A heading: also a link destination, an outline entry and a page number to record."""

    def __init__(
        self,
        text: Any,
        style: Any,
        *args: Any,
        key: str = "",
        title: str = "",
        level: int = 0,
        pages: dict[str, int] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(text, style, *args, **kw)
        self.key, self.title, self.level = key, title, level
        self.pages = pages if pages is not None else {}

    def _copy_tags(self, other: TaggedParagraph) -> None:
        super()._copy_tags(other)
        if isinstance(other, HeadingParagraph):
            other.key, other.title, other.level = self.key, self.title, self.level
            other.pages = self.pages

    def draw_tagged(self, canv: BriefCanvas, x: float, y: float, _sW: float) -> None:
        if self.key and self.key not in self.pages:
            self.pages[self.key] = canv.getPageNumber()
            if internals.at_frame_top(self):  # what came before ended on the page before
                canv.bg_state.heading_tops.add(self.key)
            canv.bookmarkHorizontalAbsolute(self.key, y + self.height)
            canv.addOutlineEntry(self.title, self.key, self.level, closed=False)
        super().draw_tagged(canv, x, y, _sW)


class TocEntry(TaggedParagraph):
    """A contents line; its page number is a form filled in when the page is known."""

    def __init__(
        self,
        text: Any,
        style: Any,
        *args: Any,
        key: str = "",
        pages: dict[str, int] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(text, style, *args, **kw)
        self.key = key
        self.pages = pages if pages is not None else {}

    def draw_tagged(self, canv: BriefCanvas, x: float, y: float, _sW: float) -> None:
        super().draw_tagged(canv, x, y, _sW)
        canv.saveState()
        canv.translate(x + self.width, y + self.last_baseline())
        pages, key, font, size = self.pages, self.key, self.style.fontName, self.style.fontSize

        def fill(c: Any, _total: int) -> None:
            c.setFont(font, size)
            c.drawRightString(0, 0, " " + str(pages.get(key, "")))

        canv.late_form("TOC" + key, fill)
        canv.restoreState()


class TaggedImage(Image):  # type: ignore[misc]
    """A picture owned by a ``Figure`` element, which also gets its bounding box.

    An image given as bytes is drawn through `paths.draw_image` (encoded once per
    process); one given as a file name, as ReportLab draws it.
    """

    def __init__(
        self, source: bytes | str, *args: Any, struct: StructElem = ARTIFACT, **kw: Any
    ) -> None:
        data = source if isinstance(source, bytes) else None
        super().__init__(BytesIO(data) if data is not None else source, *args, **kw)
        self.data = data
        self.struct = struct

    def draw(self) -> None:
        if self.data is None:
            super().draw()
            return
        x, y = internals.image_offsets(self)
        paths.draw_image(self.canv, self.data, x, y, self.drawWidth, self.drawHeight)

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        if self.struct is not ARTIFACT and "BBox" not in self.struct.attrs:
            box = [round(v, 2) for v in (x, y, x + self.drawWidth, y + self.drawHeight)]
            self.struct.attrs.update({"O": "/Layout", "BBox": "[{} {} {} {}]".format(*tuple(box))})
        canv.begin_content(self.struct)
        try:
            super().drawOn(canv, x, y, _sW)
        finally:
            canv.end_content()


class TaggedTable(Table):  # type: ignore[misc]
    """A table whose rules and backgrounds are artifacts; each cell is a tagged paragraph.

    Header rows repeated on later pages are drawn as artifacts: their text is already in
    the structure tree once.
    """

    whole_up_to: float = 0.0
    """A table at most this tall is kept whole: it moves to the next page rather than split
    (as Word keeps a small table); 0 lets it split.  Unlike a ``KeepTogether`` around it,
    it stays in the keep-with-next chain of a heading before it."""

    def split(self, aW: float, aH: float) -> list[Any]:
        if self.whole_up_to and aH < self.wrap(aW, aH)[1] <= self.whole_up_to:
            return []
        parts: list[Any] = super().split(aW, aH)
        for part in parts[1:]:
            cells = internals.table_cells(part)
            for r in range(min(self.repeatRows, len(cells))):
                cells[r] = [_artifact_copy(c) for c in cells[r]]
        return parts

    def lead_height(self) -> float:
        """The height kept with a heading or caption: its header and first two rows, or the
        whole of a table kept whole."""
        heights = internals.row_heights(self)
        return float(sum(heights if self.whole_up_to else heights[:3]))

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        for row in internals.table_cells(self):
            for cell in row:
                flows = cell if isinstance(cell, (list, tuple)) else [cell]
                if not all(isinstance(f, TaggedParagraph) for f in flows):
                    raise RenderError(f"untagged table cell {cell!r:.60}")
        canv.begin_artifact(container=True)
        try:
            super().drawOn(canv, x, y, _sW)
        finally:
            canv.end_content()


class LayoutTable(Table):  # type: ignore[misc]
    """A borderless grid that only places its cells side by side (a portrait beside its
    biography): the grid is an artifact, each cell's flowables are tagged as they are."""

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        canv.begin_artifact(container=True)
        try:
            super().drawOn(canv, x, y, _sW)
        finally:
            canv.end_content()


def _artifact_copy(cell: Any) -> Any:
    if isinstance(cell, (list, tuple)):
        return [_artifact_copy(c) for c in cell]
    dup = copy.copy(cell)
    dup.struct = ARTIFACT
    return dup


class BoxSegment(Flowable):  # type: ignore[misc]
    """A piece of a callout box: a tinted background with an accent bar behind one flowable."""

    def __init__(
        self,
        child: Any,
        fill: Color,
        bar: Color,
        *,
        top: bool = True,
        bottom: bool = True,
        pad: float = 8.0,
        bar_width: float = 3.0,
    ) -> None:
        super().__init__()
        self.child, self.fill, self.bar = child, fill, bar
        self.top, self.bottom, self.pad, self.bar_width = top, bottom, pad, bar_width
        self._inset = pad + bar_width
        self.spaceBefore = self.spaceAfter = 0.0

    def _pads(self) -> tuple[float, float]:
        before = (self.pad if self.top else 0) + self.child.getSpaceBefore()
        after = (self.pad if self.bottom else 0) + self.child.getSpaceAfter()
        return before, after

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        before, after = self._pads()
        _w, h = self.child.wrap(aW - self._inset - self.pad, aH - before - after)
        self.width, self.height = aW, h + before + after
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Any]:
        before, after = self._pads()
        parts = self.child.split(aW - self._inset - self.pad, aH - before - after)
        if len(parts) < 2:
            return []
        out = []
        for i, part in enumerate(parts):
            out.append(
                BoxSegment(
                    part,
                    self.fill,
                    self.bar,
                    top=self.top and i == 0,
                    bottom=self.bottom and i == len(parts) - 1,
                    pad=self.pad,
                    bar_width=self.bar_width,
                )
            )
        return out

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        canv.begin_artifact()
        try:
            canv.saveState()
            canv.setFillColor(self.fill)
            canv.rect(x, y, self.width, self.height, stroke=0, fill=1)
            canv.setFillColor(self.bar)
            canv.rect(x, y, self.bar_width, self.height, stroke=0, fill=1)
            canv.restoreState()
        finally:
            canv.end_content()
        _before, after = self._pads()
        self.child.drawOn(canv, x + self._inset, y + after)


class ListItemFlowable(Flowable):  # type: ignore[misc]
    """A list label (``Lbl``) beside the first flowable of the item's body (``LBody``)."""

    def __init__(self, label: TaggedParagraph, body: Any, indent: float) -> None:
        super().__init__()
        self.label, self.body, self.indent = label, body, indent

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.body.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.body.getSpaceAfter())

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        _lw, self._lh = self.label.wrap(self.indent, aH)
        _bw, self._bh = self.body.wrap(aW - self.indent, aH)
        self.width, self.height = aW, max(self._lh, self._bh)
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Any]:
        parts = self.body.split(aW - self.indent, aH)
        if len(parts) < 2:
            return []
        first = ListItemFlowable(self.label, parts[0], self.indent)
        return [first, *(DDIndenter(p, leftIndent=self.indent) for p in parts[1:])]

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        top = y + self.height
        self.label.drawOn(canv, x, top - self._lh)
        self.body.drawOn(canv, x + self.indent, top - self._bh)


class TimelineFlowable(Flowable):  # type: ignore[misc]
    """Dated entries along a vertical rule: the date right-aligned left of the rule, a dot on
    it, the event right of it.  The rule and dots are artifacts; each date and event is a
    tagged paragraph, drawn in reading order.  It splits between entries."""

    def __init__(
        self,
        rows: list[tuple[TaggedParagraph, TaggedParagraph]],
        colour: Color,
        *,
        date_width: float,
        gap: float = 6.0,
        row_gap: float = 4.0,
        first: bool = True,
        last: bool = True,
    ) -> None:
        super().__init__()
        self.rows, self.colour = rows, colour
        self.date_width, self.gap, self.row_gap = date_width, gap, row_gap
        self.first, self.last = first, last
        self._heights: list[float] = []

    def lead_height(self) -> float:
        """The height of its first entry."""
        return float(self._heights[0]) if self._heights else 0.0

    @property
    def _text_x(self) -> float:
        return self.date_width + 2 * self.gap

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._heights = []
        for date, text in self.rows:
            _w, dh = date.wrap(self.date_width, aH)
            _w, th = text.wrap(aW - self._text_x, aH)
            self._heights.append(max(dh, th) + self.row_gap)
        self.width, self.height = aW, sum(self._heights)
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Any]:
        self.wrap(aW, aH)
        used, n = 0.0, 0
        for h in self._heights:
            if used + h > aH:
                break
            used, n = used + h, n + 1
        if n == 0 or n == len(self.rows):
            return []
        kw = {"date_width": self.date_width, "gap": self.gap, "row_gap": self.row_gap}
        return [
            TimelineFlowable(self.rows[:n], self.colour, first=self.first, last=False, **kw),
            TimelineFlowable(self.rows[n:], self.colour, first=False, last=self.last, **kw),
        ]

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        rule_x = x + self.date_width + self.gap
        top = y + self.height
        dots: list[float] = []
        at = top
        for (date, _text), h in zip(self.rows, self._heights, strict=True):
            dots.append(at - date.style.leading * 0.6)
            at -= h
        canv.begin_artifact()
        try:
            canv.saveState()
            canv.setStrokeColor(self.colour)
            canv.setFillColor(self.colour)
            canv.setLineWidth(1)
            start = dots[0] if self.first else top
            end = y if not self.last else dots[-1]
            canv.line(rule_x, start, rule_x, end)
            for cy in dots:
                canv.circle(rule_x, cy, 2.6, stroke=0, fill=1)
            canv.restoreState()
        finally:
            canv.end_content()
        at = top
        for (date, text), h in zip(self.rows, self._heights, strict=True):
            date.drawOn(canv, x, at - date.height)
            text.drawOn(canv, x + self._text_x, at - text.height)
            at -= h


class ArtifactFlowable(Flowable):  # type: ignore[misc]
    """A decorative flowable (a rule) drawn as an artifact."""

    def __init__(self, child: Any) -> None:
        super().__init__()
        self.child = child

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.child.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.child.getSpaceAfter())

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = self.child.wrap(aW, aH)
        return self.width, self.height

    def drawOn(self, canv: BriefCanvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        canv.begin_artifact()
        try:
            self.child.drawOn(canv, x, y, _sW)
        finally:
            canv.end_content()
