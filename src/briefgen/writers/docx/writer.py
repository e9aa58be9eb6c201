"""Word writer: render a `Document` to a .docx an office can edit.

The output uses the styles of a reference document (the shipped ``reference.docx`` or
``Theme.reference_docx``, like Pandoc's reference-doc): its body is discarded, its styles,
numbering, page setup and theme kept.  Every style is resolved once per render into a style
id; paragraphs and runs are then built with python-docx's oxml layer, which is several
times faster than the name-based API.  Fields, footnotes, bookmarks, hyperlinks and
properties python-docx has no API for live in `briefgen.writers.docx.xml`.

Decisions worth knowing:

* Citations follow one scheme in both editions: each footnote (a source) is listed once,
  numbered, where the tree's `Notes` block stands (the Sources section), and every
  citation of it is a superscript link to that entry, with the same number throughout.
* Heading bookmarks are named from the heading id: characters other than ASCII letters,
  digits and ``_`` become ``_``; a name not starting with a letter gets ``h_``; a name
  longer than 40 characters or already taken is cut to 31 and given ``_`` and 8 hex
  digits of the id's SHA-1.  Internal links (``#id``) point at these bookmarks.
* The header (marking; running title) and footer (organisation, "Page X of Y"; marking)
  follow the house style, as the PDF's do; different first-page and odd/even headers are
  switched off so that every page carries them.  A draft gets a DRAFT watermark: a
  WordArt shape in the header, as Word's own Watermark command makes.  A corporate
  template's own headers and footers are replaced.
* The cover is a compact title block on page 1; its marking paragraph is not printed in
  the body (the header and footer carry the marking).  Callouts are shaded, bordered
  paragraphs kept together, not one-cell tables.  A timeline is a Date | Event table.
* Where LibreOffice's first, provisional pagination (25 paragraphs a page) would end a
  page on a keep-with-next chain, hidden empty paragraphs move the chain to the next one
  (`briefgen.writers.docx.compat.libreoffice`, switched off by
  ``BRIEFGEN_LIBREOFFICE_COMPAT=0``); otherwise LibreOffice leaves a heading at a foot.
* The table of contents is a ``TOC`` field whose cached result lists the headings with
  the page numbers of the PDF writer's layout of the same tree (same house style, metric
  twin fonts), so they show without a field update; ``w:updateFields`` lets Word refresh
  them on opening.
* Output is byte-identical for identical input: zip entries get a fixed time and the core
  dates are the edition date at 00:00 UTC.
* Elements are built one way, with `briefgen.writers.docx.xml`'s ``make`` and ``sub``; each
  node kind is dispatched by ``match`` ending in ``assert_never``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.numbering import CT_Num
from docx.shared import Emu, Mm

from briefgen import tree as t
from briefgen.errors import RenderError
from briefgen.theme import Theme, resource_path
from briefgen.tree.nodes import assert_never
from briefgen.writers import Rendered
from briefgen.writers.docx import provenance
from briefgen.writers.docx import xml as x
from briefgen.writers.docx.biography import biography
from briefgen.writers.docx.bookmarks import bookmark_names
from briefgen.writers.docx.compat import libreoffice
from briefgen.writers.docx.hyphens import keep_names_whole
from briefgen.writers.docx.properties import set_properties
from briefgen.writers.docx.rels import PartRelations
from briefgen.writers.docx.styles import open_prepared

KEEP_TOGETHER_PARAGRAPHS = 40
"""A callout or table of up to this many paragraphs is kept on one page (keep with next)."""

ROLE_STYLES: dict[str, str] = {
    "title": "title",
    "subtitle": "subtitle",
    "marking": "marking",
    "draft": "draft",
    "meta": "cover_meta",
}

_ALIGN = {"center": "center", "right": "right"}
STYLE_NAMES_AFTER_TABLES = ("normal", "callout", "list_bullet1", "list_number1", "source")
TIMELINE_WIDTHS = (0.24, 0.76)
_EMU_PER_INCH = 914400
_P, _TBL, _TR, _R = x.tag("w:p"), x.tag("w:tbl"), x.tag("w:tr"), x.tag("w:r")
_PPR, _PSTYLE, _VAL = x.tag("w:pPr"), x.tag("w:pStyle"), x.tag("w:val")
_HYPERLINK, _T, _DEL_TEXT = x.tag("w:hyperlink"), x.tag("w:t"), x.tag("w:delText")
_TABLE_LOOK = {
    "w:val": "04A0",
    "w:firstRow": "1",
    "w:lastRow": "0",
    "w:firstColumn": "0",
    "w:lastColumn": "0",
    "w:noHBand": "1",
    "w:noVBand": "1",
}


def render(doc: t.Document, theme: Theme) -> Rendered:
    """Render ``doc`` as .docx bytes (page count unknown: Word lays pages out itself)."""
    t.check(doc)
    reference = theme.reference_docx or resource_path("reference.docx")
    reads = (str(reference),) + ((str(theme.logo),) if theme.logo is not None else ())
    doc = t.with_portions(doc)  # each portion's marking leads its text
    return Rendered(data=_Writer(doc, theme).run(), pages=None, reads=reads)


def _inline_text(inlines: tuple[t.Inline, ...]) -> str:
    """Heading text for the contents: no footnote numbers, line breaks as spaces."""
    out: list[str] = []
    for node in inlines:
        match node:
            case t.Text():
                out.append(node.text)
            case t.Strong() | t.Emphasis() | t.Link() | t.Inserted():
                out.append(_inline_text(node.children))
            case t.LineBreak():
                out.append(" ")
            case t.Deleted() | t.FootnoteRef() | t.Anchor():
                pass
            case _:
                assert_never(node)
    return "".join(out)


# ---------------------------------------------------------------- the writer


@dataclass(frozen=True, slots=True)
class _Ctx:
    """Where blocks are being written: the style of plain paragraphs, the list depth."""

    para_style: str = "normal"
    list_depth: int = 0
    in_footnote: bool = False


class _Writer:
    """One render: the python-docx document, resolved styles and running counters."""

    def __init__(self, doc: t.Document, theme: Theme) -> None:
        self.doc = doc
        self.theme = theme
        self.document, self.sid = open_prepared(theme, doc.meta.language)
        self.part = self.document.part
        self.styles = self.document.styles.element  # shared between renders: only read
        self.break_before: Any = None
        """The container whose next paragraph starts a page (a page break after a table)."""

        section = self.document.sections[-1]
        page_w = section.page_width or Emu(11906 * 635)
        page_h = section.page_height or Emu(16838 * 635)
        self.text_width = Emu(page_w - (section.left_margin or 0) - (section.right_margin or 0))
        self.text_height = Emu(page_h - (section.top_margin or 0) - (section.bottom_margin or 0))

        self.bookmarks = bookmark_names(doc)
        self.notes = {note.label: note for note in doc.footnotes}
        self.body = x.detached_body(self.document.element)  # written here, then moved
        self.rels = PartRelations(self.part, self.body)  # hyperlinks and pictures of the body
        self.next_bookmark = 0
        self.source_names = provenance.Names()
        self.numbers = t.caption_numbers(doc)
        self.revised = doc.meta.revision is not None  # check(doc): no marks without one
        self._indents: dict[str | None, tuple[int, int]] = {}
        self._abstract_number: int | None = None
        self._num_ids: set[int] = set()  # the numIds in use
        self._next_num_id = 1
        self._num_before: Any = None  # the w:numIdMacAtCleanup new w:num go before

    # ------------------------------------------------------------ document

    def run(self) -> bytes:
        """Build the document and return its deterministic bytes."""
        document_body = self.document.element.body
        sect_pr = document_body.sectPr
        for child in list(document_body):
            if child is not sect_pr:
                document_body.remove(child)
        body = self.body
        self.blocks(body, self.doc.blocks, _Ctx())
        self.space_after_tables(body)
        x.mark_rtl_paragraphs(body)
        libreoffice.apply(body, self.styles)
        self.header_footer()  # python-docx finds the section with the body still empty
        x.move_children(body, document_body)
        if sect_pr is not None:
            document_body.append(sect_pr)  # last again
        set_properties(self.document, self.doc.meta)
        x.prepare_settings(self.document.settings.element, self.doc.meta.language)
        app = x.app_xml(self.doc.meta.organisation, self.doc.meta.title)
        return x.save_package(self.part.package, replace={"docProps/app.xml": app})

    def space_after_tables(self, body: Any) -> None:
        """The house style's space after a table, as space before the paragraph that
        follows it (Word has no space after a table); headings keep their own."""
        twips = round(self.theme.style.space_after_block * 20)
        plain = {self.sid[k] for k in STYLE_NAMES_AFTER_TABLES}
        for tbl in body.iterchildren(_TBL):
            after = tbl.getnext()
            if after is None or after.tag != _P:
                continue
            style = after.find(f"{_PPR}/{_PSTYLE}")
            if style is not None and style.get(_VAL) in plain:
                x.set_spacing_before(after, twips)

    def header_footer(self) -> None:
        """The house style's header (marking; running title, DRAFT) and footer (organisation
        and "Page X of Y"; marking), and the DRAFT watermark."""
        meta = self.doc.meta
        width = int(self.text_width.twips)
        self.document.settings.odd_and_even_pages_header_footer = False
        for section in self.document.sections:
            section.different_first_page_header_footer = False
            roots = []
            for story in (section.header, section.footer):
                story.is_linked_to_previous = False
                root = story.part.element
                for child in list(root):
                    root.remove(child)
                roots.append(root)
            header, footer = roots
            self.text_p(header, "marking", meta.marking)
            head = self.text_p(header, "header", meta.title)
            x.set_tabs(head, [("right", width)])
            x.set_border(head, "bottom", self.theme.style.rule)
            if meta.draft:
                x.tab_run(head)
                draft = x.text_run(head, self.theme.style.watermark_text, None, bold=True)
                colour = x.child(x.properties(draft, "w:rPr"), "w:color")
                colour.set(_VAL, self.theme.marking_colour)  # the marking's colour, as the PDF
                x.watermark(
                    head,
                    self.theme.style.watermark_text,
                    self.theme.style.watermark,
                    self.theme.word_font,
                )
            p = self.text_p(footer, "footer", meta.organisation)
            x.set_tabs(p, [("right", width)])
            x.set_border(p, "top", self.theme.style.rule)
            x.tab_run(p)
            x.text_run(p, "Page ", None)
            x.add_field(p, "PAGE", "1")
            x.text_run(p, " of ", None)
            x.add_field(p, "NUMPAGES", "1")
            self.text_p(footer, "marking", meta.marking)

    # ------------------------------------------------------------ blocks

    def blocks(self, parent: Any, blocks: tuple[t.Block, ...], ctx: _Ctx) -> None:
        for block in blocks:
            self.block(parent, block, ctx)

    def block(self, parent: Any, block: t.Block, ctx: _Ctx) -> None:
        """Append one block to ``parent`` (the body, a table cell or a footnote)."""
        self.pending_break(parent, block)
        match block:
            case t.Paragraph():
                style = ROLE_STYLES[block.role] if block.role else ctx.para_style
                p = self.new_p(parent, style)
                self.sourced(p, block.source, block.children, ctx)
                if block.role == "title":
                    scale = t.title_scale(t.plain_text(block.children))
                    if scale < 1:  # a long title stays short
                        x.set_run_size(p, self.theme.style.title.size * scale)
                self.mark_paragraph(p, block.children)
            case t.BulletList() | t.OrderedList():
                self.list_(parent, block, ctx)
            case (
                t.Heading()
                | t.Table()
                | t.Figure()
                | t.Callout()
                | t.PageBreak()
                | t.Contents()
                | t.Timeline()
                | t.Notes()
            ) if ctx.in_footnote:
                raise RenderError(f"a footnote can hold only paragraphs and lists, not {block!r}")
            case t.Heading():
                self.heading(parent, block, ctx)
            case t.Table():
                self.table(parent, block, ctx)
            case t.Figure():
                self.figure(parent, block)
            case t.Callout():
                self.callout(parent, block, ctx)
            case t.PageBreak():
                self.page_break(parent)
            case t.Contents():
                self.contents(parent, block)
            case t.Timeline():
                self.timeline(parent, block, ctx)
            case t.Notes():
                self.notes_list(parent, ctx)
            case _:
                assert_never(block)

    def new_p(self, parent: Any, style: str) -> Any:
        """Append an empty paragraph with the style ``style`` (a STYLE_NAMES key)."""
        p = x.new_paragraph(parent, self.sid[style])
        if self.break_before is parent:  # a page break after a table
            self.break_before = None
            x.page_break_before(p)
        return p

    def text_p(self, parent: Any, style: str, text: str) -> Any:
        p = self.new_p(parent, style)
        self.text_run(p, text)
        return p

    def heading(self, parent: Any, heading: t.Heading, ctx: _Ctx) -> None:
        level = min(max(heading.level, 1), 4)
        p = self.new_p(parent, f"h{level}")
        bookmark = self.next_bookmark
        self.next_bookmark += 1
        p.append(x.bookmark_start(p, bookmark, self.bookmarks[heading.id]))
        self.inlines(p, heading.children, ctx)
        x.bookmark_end(p, bookmark)

    def list_(self, parent: Any, block: t.BulletList | t.OrderedList, ctx: _Ctx) -> None:
        """Paragraphs in List Bullet/Number n (n = depth, at most 3); List Continue n after."""
        depth = ctx.list_depth + 1
        level = min(depth, 3)
        kind = "number" if isinstance(block, t.OrderedList) else "bullet"
        num_id = self.new_num(level - 1, block.start) if isinstance(block, t.OrderedList) else None
        inner = replace(ctx, list_depth=depth)
        for index, item in enumerate(block.items):
            first = True
            mark = x.last_child(parent)
            for child in item.blocks:
                if isinstance(child, t.Paragraph) and child.role is None:
                    p = self.new_p(
                        parent, f"list_{kind}{level}" if first else f"list_continue{level}"
                    )
                    if first and num_id is not None:
                        num_pr = x.child(x.properties(p, "w:pPr"), "w:numPr")
                        x.sub(num_pr, "w:ilvl", {"w:val": str(level - 1)})
                        x.sub(num_pr, "w:numId", {"w:val": str(num_id)})
                    self.sourced(p, child.source, child.children, ctx)
                    self.mark_paragraph(p, child.children)
                else:
                    self.block(parent, child, inner)
                first = False
            if t.keeps_with_next_item(index, len(block.items)):
                for p in x.children_after(parent, mark):  # no first or last item alone
                    if p.tag == _P:
                        x.keep_with_next(p)

    def new_num(self, ilvl: int, start: int) -> int | None:
        """A numbering instance of the List Number definition that starts at ``start``."""
        numbering = self.part.numbering_part.element
        if self._abstract_number is None:
            style = self.styles.get_by_id(self.sid["list_number1"])
            num_pr = style.pPr.numPr if style is not None and style.pPr is not None else None
            if num_pr is None or num_pr.numId is None:
                return None
            num = numbering.num_having_numId(num_pr.numId.val)
            self._abstract_number = int(num.abstractNumId.val)
            self._num_ids = {int(v) for v in numbering.xpath("./w:num/@w:numId")}
            self._num_before = numbering.find(x.tag("w:numIdMacAtCleanup"))
        # python-docx's add_num, without its scans of every w:num: the lowest free id
        while self._next_num_id in self._num_ids:
            self._next_num_id += 1
        num = CT_Num.new(self._next_num_id, self._abstract_number)  # type: ignore[no-untyped-call]
        self._num_ids.add(self._next_num_id)
        if self._num_before is not None:
            self._num_before.addprevious(num)
        else:
            numbering.append(num)
        num.add_lvlOverride(ilvl).add_startOverride(start)
        return int(num.numId)

    def table(self, parent: Any, table: t.Table, ctx: _Ctx) -> None:
        """A data table: caption above, repeated header row, widths filling the text width."""
        cols = len(table.header)
        if table.caption:
            self.caption(parent, "Table", self.numbers[id(table)], table.caption)
        else:
            self.separate_tables(parent)
        total = int(self.text_width.twips)
        widths = [int(w) for w in t.column_widths(table, total)]
        widths[-1] += total - sum(widths)
        tbl = x.sub(parent, "w:tbl")
        tbl_pr = x.sub(tbl, "w:tblPr")
        x.sub(tbl_pr, "w:tblStyle", {"w:val": self.sid["table"]})
        x.sub(tbl_pr, "w:tblW", {"w:w": str(total), "w:type": "dxa"})
        x.sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
        x.sub(tbl_pr, "w:tblLook", _TABLE_LOOK)
        name = table.name or table.caption  # the accessible name, printed or not
        if name:
            x.sub(tbl_pr, "w:tblCaption", {"w:val": name})
        grid = x.sub(tbl, "w:tblGrid")
        for w in widths:
            x.sub(grid, "w:gridCol", {"w:w": str(w)})
        aligns = [_ALIGN.get(a or "") for a in table.align[:cols]]
        aligns += [None] * (cols - len(aligns))
        rows: list[Any] = []
        for index, row in enumerate((table.header, *table.rows)):
            style = self.sid["table_heading" if index == 0 else "table_text"]
            tr = x.sub(tbl, "w:tr")
            rows.append(tr)
            tr_pr = x.sub(tr, "w:trPr")
            x.sub(tr_pr, "w:cantSplit")
            if index == 0:
                x.sub(tr_pr, "w:tblHeader")
            for col in range(cols):
                tc = x.sub(tr, "w:tc")
                x.sub(x.sub(tc, "w:tcPr"), "w:tcW", {"w:w": str(widths[col]), "w:type": "dxa"})
                p = x.new_paragraph(tc, style)
                jc = aligns[col]
                if jc:
                    x.sub(p[0], "w:jc", {"w:val": jc})
                if col < len(row):
                    sources = table.sources[index - 1] if index and table.sources else ()
                    source = sources[col] if col < len(sources) else None
                    self.sourced(p, source, row[col], ctx)
                    self.mark_paragraph(p, row[col])
            if not self.revised:
                continue
            texts = [cell for cell in row if t.plain_text(cell).strip() or t.has_revisions(cell)]
            if t.row_deleted(row):  # a row that went
                tr_pr.append(self.revision_mark(True, tr_pr))
            elif texts and all(t.all_inserted(c) for c in texts):  # a row that came
                tr_pr.append(self.revision_mark(False, tr_pr))
        if len(table.rows) <= t.SMALL_TABLE_ROWS:  # kept on one page, as in the PDF
            for tr in rows[:-1]:
                for p in tr.iter(_P):
                    x.keep_with_next(p)

    def timeline(self, parent: Any, timeline: t.Timeline, ctx: _Ctx) -> None:
        """The timeline as a Date | Event table (a real table: header row, date order)."""
        rows = tuple(((t.Text(e.date),), e.children) for e in timeline.entries)
        sources = tuple((None, e.source) for e in timeline.entries)
        table = t.Table(
            header=((t.Text("Date"),), (t.Text("Event"),)),
            rows=rows,
            align=(None, None),
            widths=TIMELINE_WIDTHS,
            sources=sources if any(e.source for e in timeline.entries) else (),
        )
        self.table(parent, table, ctx)

    def separate_tables(self, parent: Any) -> None:
        """Word merges adjacent tables: put an empty paragraph between them."""
        last = x.last_child(parent)
        if last is not None and last.tag == _TBL:
            self.new_p(parent, "normal")

    def caption(self, parent: Any, label: str, number: int, text: str) -> None:
        """Write "Figure N: text" (N a SEQ field) in the Caption style."""
        p = self.text_p(parent, "caption", f"{label} ")
        x.add_field(p, f"SEQ {label} \\* ARABIC", str(number))
        self.text_run(p, f": {text}")

    def figure(self, parent: Any, figure: t.Figure) -> None:
        """The picture (fitted to the text width), its caption with a SEQ field, the credit."""
        image = figure.image
        dpi = image.dpi or 96.0
        cx = image.width_px / dpi * _EMU_PER_INCH
        cy = image.height_px / dpi * _EMU_PER_INCH
        scale = t.figure_scale(cx, cy, self.text_width, self.text_height)
        p = self.new_p(parent, "figure")
        try:
            inline = self.rels.picture(image.data, Emu(int(cx * scale)), Emu(int(cy * scale)))
        except Exception as exc:  # python-docx raises several types for unreadable images
            raise RenderError(f"cannot embed image {image.name!r} in Word: {exc}") from exc
        x.set_alt_text(inline, figure.alt, figure.caption)
        x.drawing_run(p, inline)
        self.caption(parent, "Figure", self.numbers[id(figure)], figure.caption)
        if figure.credit:
            self.text_p(parent, "credit", figure.credit)

    def logo(self, parent: Any) -> None:
        """The theme's logo at the top of the cover, sized to the theme's box."""
        path = self.theme.logo
        if path is None:
            return
        from PIL import Image

        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as im:
            w_mm, h_mm = t.logo_size(im.width, im.height, self.theme.logo_box_mm)
        p = self.new_p(parent, "cover_meta")  # left, as in the PDF
        try:
            inline = self.rels.picture(data, Mm(w_mm), Mm(h_mm))
        except Exception as exc:  # python-docx raises several types for unreadable images
            raise RenderError(f"cannot embed the logo {path} in Word: {exc}") from exc
        x.set_alt_text(inline, f"Logo of {self.doc.meta.organisation}", "Logo")
        x.drawing_run(p, inline)

    def callout(self, parent: Any, callout: t.Callout, ctx: _Ctx) -> None:
        """Cover: the title block; key facts, notes and the acknowledgement: a group of
        shaded paragraphs with an accent bar, kept together on one page."""
        house = self.theme.style
        if callout.kind == "cover":
            self.logo(parent)
            blocks = tuple(
                b
                for b in callout.blocks
                if not (isinstance(b, t.Paragraph) and b.role == "marking")
            )
            mark = x.last_child(parent)
            self.blocks(parent, blocks, replace(ctx, para_style="cover_meta"))
            made = [el for el in x.children_after(parent, mark) if el.tag == _P]
            if made:  # a rule under the block, as in the PDF
                rule = self.theme.accent_colour
                x.set_border(made[-1], "bottom", rule, round(house.title_rule * 8), 6)
                x.set_spacing_after(made[-1], 20 * 16)
                for p in made[:-1]:
                    x.keep_with_next(p)
        elif callout.kind in ("keyfacts", "note", "acknowledgement"):
            self.separate_tables(parent)
            mark = x.last_child(parent)
            self.blocks(parent, callout.blocks, replace(ctx, para_style="callout"))
            made = [el for el in x.children_after(parent, mark) if el.tag == _P]
            fill = house.tint
            bar = self.theme.accent_colour
            for i, p in enumerate(made):
                left, hanging = self.indent_of(p)
                x.box_paragraph(
                    p, fill, bar, first=i == 0, last=i == len(made) - 1, left=left, hanging=hanging
                )
                if i < len(made) - 1 and len(made) <= KEEP_TOGETHER_PARAGRAPHS:
                    x.keep_with_next(p)
            if made:  # space outside the box, as in the PDF
                x.set_spacing_before(made[0], 4 * 20)
                x.set_spacing_after(made[-1], round(house.space_after_block * 20))
        elif callout.kind == "biography":
            biography(self, parent, callout, ctx)
        else:
            raise TypeError(f"the Word writer cannot render callout kind {callout.kind!r}")

    def indent_of(self, p: Any) -> tuple[int, int]:
        """The left and hanging indents (twips) a paragraph gets from its style."""
        style_el = p.find(f"{_PPR}/{_PSTYLE}")
        style_id = style_el.get(_VAL) if style_el is not None else None
        if style_id not in self._indents:
            style = self.styles.get_by_id(style_id) if style_id is not None else None
            ind = style.find(f"{_PPR}/{x.tag('w:ind')}") if style is not None else None
            self._indents[style_id] = (
                (0, 0)
                if ind is None
                else (int(ind.get(x.tag("w:left"), "0")), int(ind.get(x.tag("w:hanging"), "0")))
            )
        return self._indents[style_id]

    def page_break(self, parent: Any) -> None:
        """End the last paragraph with a page break (no empty paragraph on the next page);
        after a table, start the next paragraph on a new page instead (no empty paragraph
        on either page)."""
        last = x.last_child(parent)
        if last is not None and last.tag == _P:
            x.page_break(last)
        else:
            self.break_before = parent

    def pending_break(self, parent: Any, block: t.Block) -> None:
        """Before a block that does not open with a paragraph of ``parent`` (a table, a
        callout), the page break a table left pending, as a paragraph of its own."""
        if self.break_before is parent and not isinstance(
            block, (t.Paragraph, t.Heading, t.BulletList, t.OrderedList)
        ):
            self.break_before = None
            x.page_break(self.new_p(parent, "normal"))

    def contents(self, parent: Any, contents: t.Contents) -> None:
        """A TOC field whose cached result lists every heading up to the contents depth,
        with its page number (see the module notes)."""
        self.text_p(parent, "toc_heading", contents.title)
        depth = max(1, contents.depth)
        instr = f'TOC \\o "1-{depth}" \\h \\z \\u'
        entries = [h for h in self.doc.iter_headings() if h.level <= depth]
        if not entries:
            p = self.new_p(parent, "toc1")
            x.field_begin(p, instr)
            x.field_end(p)
            return
        from briefgen.writers.pdf import heading_pages

        pages = heading_pages(self.doc, self.theme)
        for index, heading in enumerate(entries):
            p = self.new_p(parent, f"toc{min(heading.level, 3)}")
            if index == 0:
                x.field_begin(p, instr)
            link = x.hyperlink(p, anchor=self.bookmarks[heading.id])
            self.text_run(link, _inline_text(heading.children))
            x.tab_run(link)
            self.text_run(link, str(pages.get(heading.id, "")))
            if index == len(entries) - 1:
                x.field_end(p)

    def notes_list(self, parent: Any, ctx: _Ctx) -> None:
        """Every footnote once, numbered, each a bookmark its citations link to."""
        for note in self.doc.footnotes:
            mark = x.last_child(parent)
            as_note = _Ctx(para_style="source", in_footnote=True)  # text only, citing nothing
            self.blocks(parent, note.blocks or (t.Paragraph(()),), as_note)
            made = x.next_child(parent, mark)
            first = made if made is not None else self.new_p(parent, "source")
            bookmark = self.next_bookmark
            self.next_bookmark += 1
            p_pr = first.find(_PPR)
            at = 1 if p_pr is not None else 0
            first.insert(at, x.bookmark_start(first, bookmark, _note_bookmark(note.number)))
            mark = x.text_run(first, f"{note.number}.", None)
            x.sub(mark, "w:tab")
            first.remove(mark)
            first.insert(at + 1, mark)
            x.bookmark_end(first, bookmark)

    # ------------------------------------------------------------ inlines

    def inlines(
        self,
        target: Any,
        nodes: tuple[t.Inline, ...],
        ctx: _Ctx,
        strong: bool = False,
        emphasis: bool = False,
        in_link: bool = False,
    ) -> None:
        """Append runs for ``nodes`` to ``target`` (a paragraph or a hyperlink)."""
        after_note = False
        for node in nodes:
            if isinstance(node, t.FootnoteRef) and after_note:  # "1,3", not "13"
                x.text_run(target, t.NOTE_SEPARATOR, self.sid["footnote_ref"])
            after_note = isinstance(node, t.FootnoteRef)
            match node:
                case t.Text():
                    self.text_run(target, node.text, strong, emphasis, in_link)
                case t.Strong():
                    self.inlines(target, node.children, ctx, True, emphasis, in_link)
                case t.Emphasis():
                    self.inlines(target, node.children, ctx, strong, True, in_link)
                case t.Link() if in_link:  # Word cannot nest hyperlinks: keep the outer one
                    self.inlines(target, node.children, ctx, strong, emphasis, True)
                case t.Link():
                    link = self.hyperlink(target, node.href)
                    self.inlines(link, node.children, ctx, strong, emphasis, True)
                case t.FootnoteRef():
                    self.footnote(target, node, ctx, in_link)
                case t.LineBreak():
                    x.sub(x.new_run(target), "w:br")
                case t.Inserted() | t.Deleted():
                    mark = x.last_child(target)
                    self.inlines(target, node.children, ctx, strong, emphasis, in_link)
                    for child in x.children_after(target, mark):
                        self.track(child, isinstance(node, t.Deleted))
                case t.Anchor():
                    bookmark = self.next_bookmark
                    self.next_bookmark += 1
                    target.append(x.bookmark_start(target, bookmark, self.bookmarks[node.id]))
                    x.bookmark_end(target, bookmark)
                case _:
                    assert_never(node)

    def sourced(
        self, p: Any, source: t.Source | None, nodes: tuple[t.Inline, ...], ctx: _Ctx
    ) -> None:
        """Append ``nodes`` to ``p``; a record field's text inside its provenance bookmark
        (`briefgen.writers.docx.provenance`), the citations after it outside."""
        if source is None or not provenance.marked(source, nodes):
            self.inlines(p, nodes, ctx)
            return
        body = t.uncited(nodes)
        bookmark = self.next_bookmark
        self.next_bookmark += 1
        p.append(x.bookmark_start(p, bookmark, self.source_names.name(source, nodes)))
        self.inlines(p, body, ctx)
        x.bookmark_end(p, bookmark)
        self.inlines(p, nodes[len(body) :], ctx)

    def track(self, element: Any, deleted: bool) -> None:
        """Wrap a run in a revision mark; inside a hyperlink (a link or a citation), wrap its
        runs, since a mark holds runs and a hyperlink holds marks, not the other way."""
        if element.tag == _HYPERLINK:
            for run in list(element):
                self.track(run, deleted)
            return
        if element.tag != _R:
            return  # bookmarks are not revised
        mark = self.revision_mark(deleted, element)
        element.addprevious(mark)
        mark.append(element)
        if deleted:  # deleted text is w:delText, not w:t
            for text in element.iter(_T):
                text.tag = _DEL_TEXT

    def mark_paragraph(self, p: Any, inlines: tuple[t.Inline, ...]) -> None:
        """Track the paragraph mark too when all of a paragraph's text went or came, so that
        accepting the deletion (or rejecting the insertion) leaves no empty paragraph."""
        if not self.revised:
            return
        if t.all_deleted(inlines):
            deleted = True
        elif t.all_inserted(inlines):
            deleted = False
        else:
            return
        r_pr = x.sub(x.properties(p, "w:pPr"), "w:rPr")
        r_pr.append(self.revision_mark(deleted, r_pr))

    def revision_mark(self, deleted: bool, near: Any) -> Any:
        """A tracked insertion (``w:ins``) or deletion (``w:del``) by the document's
        revision author, dated its revision date; ids are shared with bookmarks."""
        revision = self.doc.meta.revision
        if revision is None:  # check(doc) refuses marks without a revision
            raise RenderError("revision marks without a revision author and date")
        mark_id = self.next_bookmark
        self.next_bookmark += 1
        attrs = {
            "w:id": str(mark_id),
            "w:author": revision.author,
            "w:date": f"{revision.date.isoformat()}T00:00:00Z",
        }
        return x.new(near, "w:del" if deleted else "w:ins", attrs)

    def text_run(
        self,
        target: Any,
        text: str,
        strong: bool = False,
        emphasis: bool = False,
        in_link: bool = False,
    ) -> None:
        """One run; its character style is Hyperlink, Strong or Emphasis, in that order."""
        if in_link:
            style: str | None = self.sid["hyperlink"]
        elif strong:
            style = self.sid["strong"]
        elif emphasis:
            style = self.sid["emphasis"]
        else:
            style = None
        try:
            run = x.text_run(
                target,
                text,
                style,
                bold=in_link and strong,
                italic=(in_link or strong) and emphasis,
            )
            if self.doc.meta.unbroken and "-" in text:
                keep_names_whole(run, self.doc.meta.unbroken)
        except ValueError as exc:  # control characters, lone surrogates
            raise RenderError(f"text Word cannot store ({exc}): {text!r}") from exc

    def hyperlink(self, target: Any, href: str) -> Any:
        """Append to ``target`` a hyperlink to ``href`` (a URL, or ``#id`` of a heading)."""
        if href.startswith("#"):
            anchor = self.bookmarks.get(href[1:])
            if anchor is None:
                raise RenderError(f"link to {href!r}, but no heading has the id {href[1:]!r}")
            return x.hyperlink(target, anchor=anchor)
        rid = self.rels.relate_to(href, RT.HYPERLINK, is_external=True)
        return x.hyperlink(target, r_id=rid)

    def footnote(self, target: Any, ref: t.FootnoteRef, ctx: _Ctx, in_link: bool) -> None:
        """Cite a footnote: its number, superscript, linked to its entry in the notes."""
        if ctx.in_footnote:
            raise RenderError(f"footnote {ref.label!r} is cited inside a footnote")
        if ref.label not in self.notes:
            raise RenderError(f"footnote reference {ref.label!r} has no footnote")
        holder = target if in_link else x.hyperlink(target, anchor=_note_bookmark(ref.number))
        x.text_run(holder, str(ref.number), self.sid["footnote_ref"])


def _note_bookmark(number: int) -> str:
    return f"_Note_{number}"
