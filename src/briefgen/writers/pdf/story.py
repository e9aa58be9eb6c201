"""Document tree to a platypus story, building the structure tree beside it.

Every flowable that draws is created with the structure element that owns it, in
reading order, so the structure tree mirrors the document tree: ``Document``, ``H1``-``H4``,
``P``, ``L``/``LI``/``Lbl``/``LBody``, ``Table``/``TR``/``TH``/``TD`` with a ``Caption``,
``Figure`` (alt text, bounding box) followed by its ``Caption``, ``TOC``/``TOCI``, ``Note``
and ``Link``.

Footnotes are listed once, numbered, where the tree's `Notes` block stands (the Sources
section), as a list (``L``/``LI``/``Lbl``/``LBody``); a citation is a superscript link to its
entry, with the same number wherever the source is cited.  The cover is a compact title
block; its marking paragraph is not set in the body but owns page 1's header marking.
Callouts, small tables with their captions and timelines are kept together when they fit.
"""

from __future__ import annotations

from typing import Any, TypeVar

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.flowables import DDIndenter, HRFlowable

from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.tree.nodes import assert_never
from briefgen.writers.pdf import frags
from briefgen.writers.pdf.flowables import (
    ArtifactFlowable,
    BoxSegment,
    HeadingParagraph,
    LayoutTable,
    ListItemFlowable,
    RemovalMark,
    TaggedImage,
    TaggedParagraph,
    TaggedTable,
    TimelineFlowable,
    TocEntry,
)
from briefgen.writers.pdf.fonts import BOLD, ITALIC, REGULAR, FontStack
from briefgen.writers.pdf.layout import Styles
from briefgen.writers.pdf.markup import MarkupBuilder, Node, node
from briefgen.writers.pdf.rl.canvas import RenderState
from briefgen.writers.pdf.struct import StructElem

Flowables = list[Any]
P = TypeVar("P", bound=TaggedParagraph)
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, None: TA_LEFT}
"""A table of at most this many rows is kept on one page with its caption, when it fits."""

BIOGRAPHY_SPACE = 6.0
"""Points above each biography, so that one person's ends visibly before the next one's."""


def heading_keys(doc: t.Document) -> dict[str, str]:
    """Destination names for heading ids (the first heading wins for a repeated id) and
    for anchor ids."""
    keys: dict[str, str] = {}
    for i, heading in enumerate(doc.iter_headings()):
        keys.setdefault(heading.id, f"h{i}")
    anchors = (a for a in t.iter_inlines(doc.blocks) if isinstance(a, t.Anchor))
    for i, anchor in enumerate(anchors):
        keys.setdefault(anchor.id, f"a{i}")
    return keys


PIECE_WORDS = 600
"""Words in each piece of a very long paragraph (see `StoryBuilder._long_paragraph`)."""


def long_text_pieces(p: t.Paragraph) -> list[tuple[t.Inline, ...]] | None:
    """A body paragraph of plain text (with footnote references at its end) longer than
    two pieces, cut at sentence ends near every `PIECE_WORDS` words; else None."""
    if p.role is not None:
        return None
    kids = list(p.children)
    tail: list[t.Inline] = []
    while kids and isinstance(kids[-1], t.FootnoteRef):
        tail.insert(0, kids.pop())
    if not all(isinstance(k, t.Text) for k in kids):
        return None
    words = "".join(k.text for k in kids if isinstance(k, t.Text)).split(" ")
    if len(words) <= 2 * PIECE_WORDS:
        return None
    pieces: list[tuple[t.Inline, ...]] = []
    start = 0
    while start < len(words):
        end = min(start + PIECE_WORDS, len(words))
        if end < len(words):  # prefer to end a piece at the end of a sentence
            for j in range(end, max(start + PIECE_WORDS // 2, end - 100), -1):
                if words[j - 1].endswith((".", "!", "?")):
                    end = j
                    break
        text = " ".join(words[start:end])
        pieces.append((t.Text(text if end == len(words) else text + " "),))
        start = end
    pieces[-1] = (*pieces[-1], *tail)
    return pieces


def _gone(blocks: tuple[t.Block, ...]) -> bool:
    """Whether a list item held only paragraphs deleted since the last edition."""
    return bool(blocks) and all(
        isinstance(b, t.Paragraph) and t.all_deleted(b.children) for b in blocks
    )


def _item_flows(label: Any, flows: Flowables, indent: float) -> Flowables:
    """A list entry: its label beside its first flowable, the rest indented under it."""
    return [
        ListItemFlowable(label, flows[0], indent),
        *(DDIndenter(f, leftIndent=indent) for f in flows[1:]),
    ]


class StoryBuilder:
    """Builds the story and the structure tree for one document."""

    def __init__(
        self,
        doc: t.Document,
        fonts: FontStack,
        styles: Styles,
        state: RenderState,
        frame: tuple[float, float],
        theme: Theme | None = None,
    ) -> None:
        self.doc, self.fonts, self.styles, self.state = doc, fonts, styles, state
        self.theme = theme or Theme()
        self.frame_w, self.frame_h = frame
        self.keys = heading_keys(doc)
        self.note_keys = {n.label: f"n{n.number}" for n in doc.footnotes}
        self.markup = MarkupBuilder(fonts, self.keys, self.note_keys, styles.accent.hexval()[2:])
        self.body_style = styles.body  # the style of plain paragraphs where they are set
        self._note_label = ParagraphStyle("note-label", styles.note)  # left, as Word's Source
        self.outline_level = -1
        self.list_depth = 0  # how deep the list being set is nested (1: not nested)
        self.numbers = t.caption_numbers(doc)
        self.revised = doc.meta.revision is not None  # only then may blocks hold revision marks
        self.fixed_style_cache: dict[tuple[int, str], ParagraphStyle] = {}
        self.frag_cache: dict[tuple[int, str], Any] = {}

    # ------------------------------------------------------------- entry

    def build(self) -> Flowables:
        """Return the story; the structure tree fills ``state.tree``."""
        root = self.state.tree.root
        story: Flowables = []
        for block in self.doc.blocks:
            story += self._block(block, root)
        return story

    # ------------------------------------------------------------- helpers

    def _para(
        self,
        inlines: tuple[t.Inline, ...],
        style: ParagraphStyle,
        struct: StructElem,
        weight: int = REGULAR,
    ) -> TaggedParagraph:
        m = self.markup.build(inlines, weight)
        struct.links += m.links
        if m.shaping:
            style = self._shaped(style)
        if m.runs is not None:  # plain text: clone one fragment per run
            tpl = self._frag_template(style)
            runs = [tpl.clone(text=text, fontName=font) for font, text in m.runs]
            return TaggedParagraph(None, style, struct=struct, frags=runs or [tpl.clone(text="")])
        para = self._tagged(TaggedParagraph, m.nodes, style, struct=struct)
        para.changed = self.revised and t.has_revisions(inlines)
        return para

    def _tagged(self, cls: type[P], nodes: list[Node], style: ParagraphStyle, **kw: Any) -> P:
        """A ``cls`` paragraph of the markup ``nodes``, its fragments made without parsing XML."""
        made = frags.parse(nodes, style)
        if not made:  # an empty paragraph: as ReportLab sets empty text
            return cls("", style, **kw)
        return cls(None, style, frags=made, **kw)

    def _frag_template(self, style: ParagraphStyle) -> Any:
        """A parsed fragment of ``style`` to clone for plain-text paragraphs."""
        key = (-1, style.name)
        if key not in self.frag_cache:
            self.frag_cache[key] = Paragraph("x", style).frags[0]
        return self.frag_cache[key]

    def _shaped(self, style: ParagraphStyle) -> ParagraphStyle:
        key = (1, style.name)
        if key not in self.fixed_style_cache:
            self.fixed_style_cache[key] = ParagraphStyle(
                style.name + "-shaped", parent=style, shaping=1
            )
        return self.fixed_style_cache[key]

    def _aligned(self, style: ParagraphStyle, align: t.Align) -> ParagraphStyle:
        key = (_ALIGN[align], style.name)
        if key not in self.fixed_style_cache:
            self.fixed_style_cache[key] = ParagraphStyle(
                f"{style.name}-{align}", parent=style, alignment=_ALIGN[align]
            )
        return self.fixed_style_cache[key]

    # ------------------------------------------------------------- blocks

    def _block(self, block: t.Block, parent: StructElem) -> Flowables:
        match block:
            case t.Heading():
                return [self._heading(block, parent)]
            case t.Paragraph():
                if t.all_deleted(block.children):  # gone since the last edition: not set
                    return [RemovalMark()]
                pieces = long_text_pieces(block)
                if pieces is not None:
                    return self._long_paragraph(pieces, parent)
                return [self._paragraph(block, parent)]
            case t.BulletList():
                return self._list(block.items, None, parent)
            case t.OrderedList():
                return self._list(block.items, block.start, parent)
            case t.Table():
                return self._table(block, parent)
            case t.Figure():
                return self._figure(block, parent)
            case t.Callout():
                return self._callout(block, parent)
            case t.PageBreak():
                return [PageBreak()]
            case t.Contents():
                return self._contents(block, parent)
            case t.Timeline():
                return self._timeline(block, parent)
            case t.Notes():
                return self._notes(parent)
            case _:
                assert_never(block)

    def _heading(self, h: t.Heading, parent: StructElem) -> HeadingParagraph:
        level = min(max(h.level, 1), 4)
        # Outline and structure levels never skip one (PDF/UA); the look follows the tree.
        self.outline_level = min(level - 1, self.outline_level + 1)
        struct = parent.add(f"H{self.outline_level + 1}")
        m = self.markup.build(h.children, BOLD)
        struct.links += m.links
        style = self.styles.headings[level - 1]
        heading = self._tagged(
            HeadingParagraph,
            m.nodes,
            self._shaped(style) if m.shaping else style,
            struct=struct,
            key=self.keys.get(h.id, ""),
            title=m.plain,
            level=self.outline_level,
            pages=self.state.heading_pages,
        )
        heading.changed = self.revised and t.has_revisions(h.children)
        return heading

    def _long_paragraph(self, pieces: list[tuple[t.Inline, ...]], parent: StructElem) -> Flowables:
        """One very long paragraph set as consecutive pieces of one ``P``: ReportLab breaks
        the rest of a paragraph again at every page, which grows with the square of its
        length; pieces keep the cost linear."""
        struct = parent.add("P")
        body = self.styles.body
        last = len(pieces) - 1
        out: Flowables = []
        for i, inlines in enumerate(pieces):
            style = ParagraphStyle(
                f"body-piece-{min(i, 1)}-{int(i == last)}",
                body,
                spaceBefore=body.spaceBefore if i == 0 else 0,
                spaceAfter=body.spaceAfter if i == last else 0,
            )
            out.append(self._para(inlines, style, struct))
        return out

    def _paragraph(
        self, p: t.Paragraph, parent: StructElem, style: ParagraphStyle | None = None
    ) -> TaggedParagraph:
        s = self.styles
        role_style = {
            "title": s.title,
            "subtitle": s.subtitle,
            "marking": s.cover_marking,
            "draft": s.cover_draft,
            "meta": s.meta,
        }
        chosen = style or role_style.get(p.role or "", self.body_style)
        scale = t.title_scale(t.plain_text(p.children)) if p.role == "title" else 1.0
        if scale < 1.0:  # a long title stays short
            size, leading = chosen.fontSize * scale, chosen.leading * scale
            chosen = ParagraphStyle("title-small", chosen, fontSize=size, leading=leading)
        weight = BOLD if chosen.fontName == self.fonts.font(BOLD) else REGULAR
        weight |= ITALIC if chosen.fontName == self.fonts.font(ITALIC) else 0
        return self._para(p.children, chosen, parent.add("P"), weight)

    def _list(
        self, items: tuple[t.ListItem, ...], numbered_from: int | None, parent: StructElem
    ) -> Flowables:
        """A bulleted list (``numbered_from`` None) or one numbered from ``numbered_from``."""
        ordered = numbered_from is not None
        depth = self.list_depth + 1
        labels = self.styles.house.list_labels
        struct = parent.add(
            "L", attrs={"O": "/List", "ListNumbering": "/Decimal" if ordered else "/Disc"}
        )
        start = numbered_from if numbered_from is not None else 1
        out: Flowables = []
        kept = [i for i in items if not _gone(i.blocks)]
        gone_before: set[int] = set()  # items after which one or more items went
        went = False
        for item in items:
            if _gone(item.blocks):
                went = True
            elif went:
                gone_before.add(id(item))
                went = False
        for n, item in enumerate(kept, start):
            if id(item) in gone_before:  # a mark where what went stood
                out.append(RemovalMark())
            li = struct.add("LI")
            lbl = li.add("Lbl")
            label_text = labels.number(depth, n) if ordered else labels.bullet(depth)
            label = self._tagged(
                TaggedParagraph, self.markup.text(label_text), self.styles.label, struct=lbl
            )
            body = li.add("LBody")
            flows: Flowables = []
            self.list_depth = depth
            try:
                for child in item.blocks:
                    flows += self._block(child, body)
            finally:
                self.list_depth = depth - 1
            if not flows:
                flows = [Spacer(0, self.styles.body.leading)]
            item_flows = _item_flows(label, flows, self.styles.house.list_indent)
            if t.keeps_with_next_item(n - start, len(kept)):
                for f in item_flows:  # no first or last item alone on a page (as in Word)
                    f.keepWithNext = 1
            out += item_flows
        if items and _gone(items[-1].blocks):
            out.append(RemovalMark())
        return out

    def _table(self, table: t.Table, parent: StructElem) -> Flowables:
        s = self.styles
        name = table.name or table.caption  # the accessible name, printed or not
        attrs = {"O": "/Table", "Summary": PDFString(name)} if name else {}
        struct = parent.add("Table", attrs=attrs)
        out: Flowables = []
        if table.caption:
            cap = struct.add("Caption")
            text = (t.Text(f"Table {self.numbers[id(table)]}: {table.caption}"),)
            para = self._para(text, s.caption, cap, BOLD)
            para.keepWithNext = 1
            out.append(para)
        ncols = len(table.header)
        align = tuple(table.align) + (None,) * (ncols - len(table.align))
        header_row = struct.add("TR")
        data: list[list[Any]] = [
            [
                self._para(
                    cell,
                    self._aligned(s.header_cell, align[c]),
                    header_row.add("TH", attrs={"O": "/Table", "Scope": "/Column"}),
                    BOLD,
                )
                for c, cell in enumerate(table.header)
            ]
        ]
        for row in table.rows:
            if t.row_deleted(row):
                continue
            tr = struct.add("TR")
            data.append(
                [
                    self._para(cell, self._aligned(s.cell, align[c]), tr.add("TD"))
                    for c, cell in enumerate(row)
                ]
            )
        widths = t.column_widths(table, self.frame_w)
        style = TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.fonts.font(), s.cell.fontSize),
                ("BACKGROUND", (0, 0), (-1, 0), s.header_fill),
                ("LINEBELOW", (0, 1), (-1, -2), 0.5, s.rule),
                ("LINEABOVE", (0, 0), (-1, 0), 1, s.accent),
                ("LINEBELOW", (0, -1), (-1, -1), 1, s.accent),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4.25),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4.25),
                ("TOPPADDING", (0, 0), (-1, -1), s.house.table_text.before),
                # Word lays each row's rule out as height of its own (half a point)
                ("BOTTOMPADDING", (0, 0), (-1, -1), s.house.table_text.after + 0.5),
            ]
        )
        tbl = TaggedTable(
            data, colWidths=widths, repeatRows=1, style=style, hAlign="LEFT", splitInRow=1
        )
        tbl.spaceAfter = s.house.space_after_block
        out.append(tbl)
        if not table.caption and len(table.rows) <= t.SMALL_TABLE_ROWS:
            tbl.whole_up_to = self.frame_h  # a small table is not split (a caption chains it)
        return out

    def _figure(self, fig: t.Figure, parent: StructElem) -> Flowables:
        s = self.styles
        img = fig.image
        w = img.width_px * 72.0 / (img.dpi or 96.0)
        h = img.height_px * 72.0 / (img.dpi or 96.0)
        scale = t.figure_scale(w, h, self.frame_w, self.frame_h)
        pic = TaggedImage(
            img.data,
            width=w * scale,
            height=h * scale,
            hAlign="LEFT",
            struct=parent.add("Figure", alt=fig.alt),
        )
        cap = parent.add("Caption")
        text = (t.Text(f"Figure {self.numbers[id(fig)]}: {fig.caption}"),)
        parts: Flowables = [pic, self._para(text, s.caption, cap, BOLD)]
        if fig.credit:
            parts.append(self._para((t.Text(fig.credit),), s.credit, cap))
        for part in parts[:-1]:  # a chain platypus keeps together, with a preceding heading
            part.keepWithNext = 1
        return parts

    def _callout(self, box: t.Callout, parent: StructElem) -> Flowables:
        s = self.styles
        struct = parent.add("Div")
        if box.kind == "cover":
            return self._title_block(box, struct)
        if box.kind == "biography":
            return self._biography(box, struct)
        flows = self._blocks_in(box.blocks, struct, s.callout)
        house = s.house
        last = len(flows) - 1
        boxed = [
            BoxSegment(
                f,
                s.tint,
                s.accent,
                top=i == 0,
                bottom=i == last,
                pad=house.callout_pad,
                bar_width=house.callout_bar,
            )
            for i, f in enumerate(flows)
        ]
        # Kept together when it fits on a page (a longer box splits between its blocks),
        # with a heading before it: a chain of keep-with-next, which the page template
        # turns into one group (a KeepTogether here would break the heading's chain).
        for flow in boxed[:-1]:
            flow.keepWithNext = 1
        boxed[0].spaceBefore = 4  # outside the box, unlike its padding
        boxed[-1].spaceAfter = house.space_after_block  # dropped at a page's foot
        return boxed

    def _biography(self, box: t.Callout, struct: StructElem) -> Flowables:
        """One person's biography, kept on one page: the portrait at the theme's width
        beside the text (a borderless grid; the tags are the figure's and the text's)."""
        from reportlab.lib.units import mm

        s = self.styles
        portrait = t.portrait_of(box)
        if portrait is None:  # a chain of keep-with-next, as a callout's (see `_callout`)
            text = self._blocks_in(box.blocks, struct, s.body)
            for flow in text[:-1]:
                flow.keepWithNext = 1
            if text:  # a little room between one person and the next
                text[0].spaceBefore = max(text[0].getSpaceBefore(), BIOGRAPHY_SPACE)
            return text
        img = portrait.image
        w_mm, h_mm = t.portrait_size(img.width_px, img.height_px, s.house.portrait_width_mm)
        figure = struct.add("Figure", alt=portrait.alt)
        side: Flowables = [TaggedImage(img.data, width=w_mm * mm, height=h_mm * mm, struct=figure)]
        if portrait.credit:
            side.append(self._para((t.Text(portrait.credit),), s.credit, struct.add("Caption")))
        text = self._blocks_in(box.blocks[1:], struct, s.body)
        gap = 4 * mm
        grid = LayoutTable(
            [[side, text]],
            colWidths=[w_mm * mm + gap, self.frame_w - w_mm * mm - gap],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
            hAlign="LEFT",
        )
        # one row, never split; only one taller than a page splits within it
        grid.splitInRow = int(grid.wrap(self.frame_w, self.frame_h)[1] > self.frame_h)
        grid.spaceBefore = BIOGRAPHY_SPACE
        grid.spaceAfter = s.house.space_after_block
        return [grid]

    def _title_block(self, box: t.Callout, struct: StructElem) -> Flowables:
        """Page 1's title block: title, subtitle and the document control lines, tight, with
        a rule under them.  The marking paragraph is not set: it owns page 1's header
        marking (see `Chrome.draw`), so the marking is printed only in header and footer."""
        flows: Flowables = self._logo()
        for child in box.blocks:
            if isinstance(child, t.Paragraph) and child.role == "marking":
                self.state.marking_elem = struct.add("P")
                continue
            flows += self._block(child, struct)
        rule = HRFlowable(
            width="100%",
            thickness=self.styles.house.title_rule,
            color=self.styles.accent,
            spaceBefore=6,
            spaceAfter=10,
        )
        return [KeepTogether([*flows, ArtifactFlowable(rule)])]

    def _logo(self) -> Flowables:
        """The theme's logo above the title, fitted to its box: decoration (an artifact),
        as the title block names the organisation."""
        if self.theme.logo is None:
            return []
        from reportlab.lib.units import mm
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(str(self.theme.logo))
        px_w, px_h = reader.getSize()
        box = (self.theme.logo_box_mm[0] * mm, self.theme.logo_box_mm[1] * mm)
        lw, lh = t.logo_size(px_w, px_h, box)
        image = TaggedImage(str(self.theme.logo), width=lw, height=lh, hAlign="LEFT")
        image.spaceAfter = 8
        return [image]

    def _timeline(self, timeline: t.Timeline, parent: StructElem) -> Flowables:
        """The timeline drawn as vectors; tagged as a list of date (``Lbl``) and event."""
        s = self.styles
        struct = parent.add("L", attrs={"O": "/List", "ListNumbering": "/None"})
        rows = []
        for entry in timeline.entries:
            li = struct.add("LI")
            date = self._para((t.Text(entry.date),), s.timeline_date, li.add("Lbl"), BOLD)
            text = self._para(entry.children, s.timeline_text, li.add("LBody").add("P"))
            rows.append((date, text))
        width = max(self._width(e.date, s.timeline_date) for e in timeline.entries)
        flow = TimelineFlowable(rows, s.accent, date_width=min(width + 2, self.frame_w * 0.3))
        flow.spaceBefore, flow.spaceAfter = 4, s.house.space_after_block
        return [flow]

    def _width(self, text: str, style: ParagraphStyle) -> float:
        """The width of ``text`` set in bold in ``style``'s size."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        runs = self.fonts.runs(text, BOLD)
        return float(sum(stringWidth(run, font, style.fontSize) for font, run in runs))

    def _notes(self, parent: StructElem) -> Flowables:
        """Every footnote once, in number order: a list whose entries the citations link to."""
        s = self.styles
        if not self.doc.footnotes:
            return []
        struct = parent.add("L", attrs={"O": "/List", "ListNumbering": "/Decimal"})
        out: Flowables = []
        for note in self.doc.footnotes:
            li = struct.add("LI")
            key = self.note_keys[note.label]
            label = self._tagged(  # the destination of the citations' links
                TaggedParagraph,
                [node("a", {"name": key}), *self.markup.text(f"{note.number}.")],
                self._note_label,
                struct=li.add("Lbl"),
            )
            body = li.add("LBody")
            flows = self._blocks_in(note.blocks or (t.Paragraph(()),), body, s.note)
            out += _item_flows(label, flows, s.house.list_indent + 4)  # as Word's Source
        return out

    def _blocks_in(
        self, blocks: tuple[t.Block, ...], struct: StructElem, body: ParagraphStyle
    ) -> Flowables:
        """The flowables of ``blocks`` with ``body`` as the style of their plain paragraphs
        (a callout's, a note's)."""
        saved, self.body_style = self.body_style, body
        try:
            return [f for block in blocks for f in self._block(block, struct)]
        finally:
            self.body_style = saved

    def _contents(self, contents: t.Contents, parent: StructElem) -> Flowables:
        s = self.styles
        title = self._para((t.Text(contents.title),), s.toc_title, parent.add("P"), BOLD)
        toc = parent.add("TOC")
        out: Flowables = [title]
        seen: set[str] = set()
        for h in self.doc.iter_headings():
            key = self.keys[h.id]
            if h.level > contents.depth or key in seen:
                continue
            seen.add(key)
            style = s.toc[min(h.level, 4) - 1]
            weight = BOLD if style.fontName == self.fonts.font(BOLD) else REGULAR
            item = toc.add("TOCI")
            m = self.markup.build(h.children, weight)
            item.links.append(("#" + key, m.plain))
            out.append(
                self._tagged(
                    TocEntry,
                    [self.markup.link("#" + key, m.nodes)],
                    self._shaped(style) if m.shaping else style,
                    struct=item,
                    key=key,
                    pages=self.state.heading_pages,
                )
            )
        return out
