"""Word writer: render a `Document` to a .docx an office can edit.

The output uses the styles of a reference document (the shipped ``reference.docx`` or
``Theme.reference_docx``, like Pandoc's reference-doc): its body is discarded, its styles,
numbering, page setup and theme kept.  Every style is resolved once per render into a style
id; paragraphs and runs are then built with python-docx's oxml layer, which is several
times faster than the name-based API.  Fields, footnotes, bookmarks, hyperlinks and
properties python-docx has no API for live in `briefgen.writers.docx.xml`.

Decisions worth knowing:

* A source is a real Word footnote the first time it is cited in each top-level section;
  later citations of it in the same section are NOTEREF fields (``\\f``: formatted as a
  footnote mark) to that footnote, so a section whose every fact cites one page shows one
  note, not a dozen copies.  The next section cites it afresh, near its facts.
* Heading bookmarks are named from the heading id: characters other than ASCII letters,
  digits and ``_`` become ``_``; a name not starting with a letter gets ``h_``; a name
  longer than 40 characters or already taken is cut to 31 and given ``_`` and 8 hex
  digits of the id's SHA-1.  Internal links (``#id``) point at these bookmarks.
* The marking sits in the default header and footer; different first-page and odd/even
  headers are switched off so that every page carries it.  A corporate template's own
  headers and footers are replaced.
* The table of contents is a ``TOC`` field whose cached result already lists the headings
  (hyperlinked, without page numbers); ``w:updateFields`` makes Word rebuild it, with page
  numbers, on opening.
* Output is byte-identical for identical input: zip entries get a fixed time and the core
  dates are the edition date at 00:00 UTC.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from briefgen import tree as t
from briefgen.errors import RenderError
from briefgen.theme import Theme, resource_path
from briefgen.writers import Rendered
from briefgen.writers.docx import xml as x
from briefgen.writers.docx.bookmarks import bookmark_names
from briefgen.writers.docx.properties import set_properties
from briefgen.writers.docx.styles import (
    apply_theme,
    open_reference,
    resolve_styles,
    shipped_styles,
)

ROLE_STYLES: dict[str, str] = {
    "title": "title",
    "subtitle": "subtitle",
    "marking": "marking",
    "draft": "draft",
    "meta": "cover_meta",
}

_ALIGN = {"center": "center", "right": "right"}
_EMU_PER_INCH = 914400


def render(doc: t.Document, theme: Theme) -> Rendered:
    """Render ``doc`` as .docx bytes (page count unknown: Word lays pages out itself)."""
    t.check(doc)
    reference = theme.reference_docx or resource_path("reference.docx")
    reads = (str(reference),) + ((str(theme.logo),) if theme.logo is not None else ())
    return Rendered(data=_Writer(doc, theme).run(), pages=None, reads=reads)


def _inline_text(inlines: tuple[t.Inline, ...]) -> str:
    """Heading text for the contents: no footnote numbers, line breaks as spaces."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, t.Text):
            out.append(node.text)
        elif isinstance(node, (t.Strong, t.Emphasis, t.Link, t.Inserted)):
            out.append(_inline_text(node.children))
        elif isinstance(node, t.LineBreak):
            out.append(" ")
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
        self.document = open_reference(theme.reference_docx)
        self.part = self.document.part
        self.styles = self.document.styles.element
        fallback = None if theme.reference_docx is None else shipped_styles()
        self.sid = resolve_styles(self.styles, fallback)
        if theme.reference_docx is None:
            apply_theme(self.styles, theme)
        x.set_default_language(self.styles, doc.meta.language)

        section = self.document.sections[-1]
        page_w = section.page_width or Emu(11906 * 635)
        page_h = section.page_height or Emu(16838 * 635)
        self.text_width = Emu(page_w - (section.left_margin or 0) - (section.right_margin or 0))
        self.text_height = Emu(page_h - (section.top_margin or 0) - (section.bottom_margin or 0))

        self.bookmarks = bookmark_names(doc)
        self.notes = {note.label: note for note in doc.footnotes}
        self.footnotes_part: XmlPart | None = None
        self.link_part: Any = self.part  # the part that owns hyperlink relationships
        self.next_footnote = 1
        self.section_notes: dict[str, tuple[str, int]] = {}  # label -> (bookmark, number)
        self.next_bookmark = 0
        self.numbers = t.caption_numbers(doc)
        self._abstract_number: int | None = None

    # ------------------------------------------------------------ document

    def run(self) -> bytes:
        """Build the document and return its deterministic bytes."""
        body = self.document.element.body
        sect_pr = body.sectPr
        for child in list(body):
            body.remove(child)
        self.blocks(body, self.doc.blocks, _Ctx())
        if sect_pr is not None:
            body.append(sect_pr)
        self.header_footer()
        set_properties(self.document, self.doc.meta)
        x.prepare_settings(
            self.document.settings.element,
            self.doc.meta.language,
            footnotes=self.footnotes_part is not None,
        )
        app = x.app_xml(self.doc.meta.organisation, self.doc.meta.title)
        return x.save_package(self.part.package, replace={"docProps/app.xml": app})

    def header_footer(self) -> None:
        """Marking (and DRAFT) in the header, page numbers and marking in the footer."""
        meta = self.doc.meta
        self.document.settings.odd_and_even_pages_header_footer = False
        for section in self.document.sections:
            section.different_first_page_header_footer = False
            for story in (section.header, section.footer):
                story.is_linked_to_previous = False
                root = story.part.element
                for child in list(root):
                    root.remove(child)
            header = section.header.part.element
            self.text_p(header, "marking", meta.marking)
            if meta.draft:
                self.text_p(header, "draft", "DRAFT")
            footer = section.footer.part.element
            p = self.text_p(footer, "footer", "Page ")
            x.add_field(p, "PAGE", "1")
            x.new_run(p).text = " of "
            x.add_field(p, "NUMPAGES", "1")
            self.text_p(footer, "marking", meta.marking)

    # ------------------------------------------------------------ blocks

    def blocks(self, parent: Any, blocks: tuple[t.Block, ...], ctx: _Ctx) -> None:
        for block in blocks:
            self.block(parent, block, ctx)

    def block(self, parent: Any, block: t.Block, ctx: _Ctx) -> None:
        """Append one block to ``parent`` (the body, a table cell or a footnote)."""
        if isinstance(block, t.Paragraph):
            style = ROLE_STYLES[block.role] if block.role else ctx.para_style
            p = self.new_p(parent, style)
            self.inlines(p, block.children, ctx)
            scale = t.title_scale(t.plain_text(block.children)) if block.role == "title" else 1
            if scale < 1:  # a long title stays on the cover
                x.set_run_size(p, t.TITLE_POINTS * scale)
            self.mark_paragraph(p, block.children)
        elif isinstance(block, (t.BulletList, t.OrderedList)):
            self.list_(parent, block, ctx)
        elif ctx.in_footnote:
            if isinstance(
                block, (t.Heading, t.Table, t.Figure, t.Callout, t.PageBreak, t.Contents)
            ):
                raise RenderError(f"a footnote can hold only paragraphs and lists, not {block!r}")
            raise TypeError(f"the Word writer cannot render {type(block).__name__}: {block!r}")
        elif isinstance(block, t.Heading):
            self.heading(parent, block, ctx)
        elif isinstance(block, t.Table):
            self.table(parent, block, ctx)
        elif isinstance(block, t.Figure):
            self.figure(parent, block)
        elif isinstance(block, t.Callout):
            self.callout(parent, block, ctx)
        elif isinstance(block, t.PageBreak):
            self.page_break(parent)
        elif isinstance(block, t.Contents):
            self.contents(parent, block)
        else:
            raise TypeError(f"the Word writer cannot render {type(block).__name__}: {block!r}")

    def new_p(self, parent: Any, style: str) -> Any:
        """Append an empty paragraph with the style ``style`` (a STYLE_NAMES key)."""
        return x.new_paragraph(parent, self.sid[style])

    def text_p(self, parent: Any, style: str, text: str) -> Any:
        p = self.new_p(parent, style)
        self.text_run(p, text)
        return p

    def heading(self, parent: Any, heading: t.Heading, ctx: _Ctx) -> None:
        level = min(max(heading.level, 1), 4)
        if heading.level == 1:
            self.section_notes.clear()  # a new section cites its sources afresh
        p = self.new_p(parent, f"h{level}")
        bookmark = self.next_bookmark
        self.next_bookmark += 1
        p.append(x.bookmark_start(bookmark, self.bookmarks[heading.id]))
        self.inlines(p, heading.children, ctx)
        p.append(x.bookmark_end(bookmark))

    def list_(self, parent: Any, block: t.BulletList | t.OrderedList, ctx: _Ctx) -> None:
        """Paragraphs in List Bullet/Number n (n = depth, at most 3); List Continue n after."""
        depth = ctx.list_depth + 1
        level = min(depth, 3)
        kind = "number" if isinstance(block, t.OrderedList) else "bullet"
        num_id = self.new_num(level - 1, block.start) if isinstance(block, t.OrderedList) else None
        inner = replace(ctx, list_depth=depth)
        for item in block.items:
            first = True
            for child in item.blocks:
                if isinstance(child, t.Paragraph) and child.role is None:
                    p = self.new_p(
                        parent, f"list_{kind}{level}" if first else f"list_continue{level}"
                    )
                    if first and num_id is not None:
                        num_pr = p.pPr.get_or_add_numPr()
                        num_pr.get_or_add_ilvl().val = level - 1
                        num_pr.get_or_add_numId().val = num_id
                    self.inlines(p, child.children, ctx)
                    self.mark_paragraph(p, child.children)
                else:
                    self.block(parent, child, inner)
                first = False

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
        num = numbering.add_num(self._abstract_number)
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
        look = (
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        )
        caption = f'<w:tblCaption w:val="{_attr(table.caption)}"/>' if table.caption else ""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        rows: list[str] = []
        for index in range(len(table.rows) + 1):
            style = self.sid["table_heading" if index == 0 else "table_text"]
            header = "<w:tblHeader/>" if index == 0 else ""
            cells = []
            for col in range(cols):
                jc = _ALIGN.get(table.align[col] or "") if col < len(table.align) else None
                jc_xml = f'<w:jc w:val="{jc}"/>' if jc else ""
                cells.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[col]}" w:type="dxa"/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc_xml}</w:pPr></w:p></w:tc>'
                )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(cells)}</w:tr>")
        tbl = parse_xml(
            f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="{self.sid["table"]}"/>'
            f'<w:tblW w:w="{total}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{look}{caption}'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )
        parent.append(tbl)
        paragraphs = tbl.iter(qn("w:p"))
        for row, tr in zip((table.header, *table.rows), tbl.iter(qn("w:tr")), strict=True):
            for col in range(cols):
                p = next(paragraphs)
                if col < len(row):
                    self.inlines(p, row[col], ctx)
                    self.mark_paragraph(p, row[col])
            texts = [cell for cell in row if t.plain_text(cell).strip() or t.has_revisions(cell)]
            if texts and all(t.all_deleted(c) for c in texts):  # a row that went
                tr.find(qn("w:trPr")).append(self.revision_mark(True))
            elif texts and all(t.all_inserted(c) for c in texts):  # a row that came
                tr.find(qn("w:trPr")).append(self.revision_mark(False))

    def separate_tables(self, parent: Any) -> None:
        """Word merges adjacent tables: put an empty paragraph between them."""
        if len(parent) and parent[-1].tag == qn("w:tbl"):
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
            inline = self.part.new_pic_inline(
                io.BytesIO(image.data), Emu(int(cx * scale)), Emu(int(cy * scale))
            )
        except Exception as exc:  # python-docx raises several types for unreadable images
            raise RenderError(f"cannot embed image {image.name!r} in Word: {exc}") from exc
        x.set_alt_text(inline, figure.alt, figure.caption)
        x.new_run(p).add_drawing(inline)
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
            inline = self.part.new_pic_inline(io.BytesIO(data), Mm(w_mm), Mm(h_mm))
        except Exception as exc:  # python-docx raises several types for unreadable images
            raise RenderError(f"cannot embed the logo {path} in Word: {exc}") from exc
        x.set_alt_text(inline, f"Logo of {self.doc.meta.organisation}", "Logo")
        x.new_run(p).add_drawing(inline)

    def callout(self, parent: Any, callout: t.Callout, ctx: _Ctx) -> None:
        """Cover: role paragraphs then a page break; key facts and notes: a shaded box."""
        if callout.kind == "cover":
            self.logo(parent)
            self.blocks(parent, callout.blocks, replace(ctx, para_style="cover_meta"))
            self.page_break(parent)
        elif callout.kind == "acknowledgement":
            self.blocks(parent, callout.blocks, replace(ctx, para_style="acknowledgement"))
        elif callout.kind in ("keyfacts", "note"):
            self.separate_tables(parent)
            width = int(self.text_width.twips)
            tbl = parse_xml(
                f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="{self.sid["callout_box"]}"/>'
                f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
                '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
                'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
                f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid><w:tr><w:tc><w:tcPr>'
                f'<w:tcW w:w="{width}" w:type="dxa"/></w:tcPr></w:tc></w:tr></w:tbl>'
            )
            parent.append(tbl)
            cell = tbl.find(f"{qn('w:tr')}/{qn('w:tc')}")
            self.blocks(cell, callout.blocks, replace(ctx, para_style="callout"))
            if cell[-1].tag != qn("w:p"):
                self.new_p(cell, "callout")
        else:
            raise TypeError(f"the Word writer cannot render callout kind {callout.kind!r}")

    def page_break(self, parent: Any) -> None:
        """End the last paragraph with a page break (no empty paragraph on the next page)."""
        if len(parent) and parent[-1].tag == qn("w:p"):
            x.page_break(parent[-1])
        else:
            x.page_break(self.new_p(parent, "normal"))

    def contents(self, parent: Any, contents: t.Contents) -> None:
        """A TOC field whose cached result lists every heading up to the contents depth."""
        self.text_p(parent, "toc_heading", contents.title)
        depth = max(1, contents.depth)
        instr = f'TOC \\o "1-{depth}" \\h \\z \\u'
        entries = [h for h in self.doc.iter_headings() if h.level <= depth]
        if not entries:
            p = self.new_p(parent, "toc1")
            x.field_begin(p, instr)
            x.field_end(p)
            return
        for index, heading in enumerate(entries):
            p = self.new_p(parent, f"toc{min(heading.level, 3)}")
            if index == 0:
                x.field_begin(p, instr)
            link = x.hyperlink(anchor=self.bookmarks[heading.id])
            p.append(link)
            self.text_run(link, _inline_text(heading.children))
            if index == len(entries) - 1:
                x.field_end(p)

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
            if isinstance(node, t.Text):
                self.text_run(target, node.text, strong, emphasis, in_link)
            elif isinstance(node, t.Strong):
                self.inlines(target, node.children, ctx, True, emphasis, in_link)
            elif isinstance(node, t.Emphasis):
                self.inlines(target, node.children, ctx, strong, True, in_link)
            elif isinstance(node, t.Link):
                if in_link:  # Word cannot nest hyperlinks: keep the outer one
                    self.inlines(target, node.children, ctx, strong, emphasis, True)
                else:
                    link = self.hyperlink(node.href)
                    target.append(link)
                    self.inlines(link, node.children, ctx, strong, emphasis, True)
            elif isinstance(node, t.FootnoteRef):
                self.footnote(target, node, ctx)
            elif isinstance(node, t.LineBreak):
                x.new_run(target).add_br()
            elif isinstance(node, (t.Inserted, t.Deleted)):
                mark = self.revision_mark(isinstance(node, t.Deleted))
                target.append(mark)
                self.inlines(mark, node.children, ctx, strong, emphasis, in_link)
                if isinstance(node, t.Deleted):  # deleted text is w:delText, not w:t
                    for text in mark.iter(qn("w:t")):
                        text.tag = qn("w:delText")
            elif isinstance(node, t.Anchor):
                bookmark = self.next_bookmark
                self.next_bookmark += 1
                target.append(x.bookmark_start(bookmark, self.bookmarks[node.id]))
                target.append(x.bookmark_end(bookmark))
            else:
                raise TypeError(f"the Word writer cannot render inline {node!r}")

    def mark_paragraph(self, p: Any, inlines: tuple[t.Inline, ...]) -> None:
        """Track the paragraph mark too when all of a paragraph's text went or came, so that
        accepting the deletion (or rejecting the insertion) leaves no empty paragraph."""
        if t.all_deleted(inlines):
            deleted = True
        elif t.all_inserted(inlines):
            deleted = False
        else:
            return
        p_pr = p.find(qn("w:pPr"))
        if p_pr is None:
            p_pr = OxmlElement("w:pPr")
            p.insert(0, p_pr)
        r_pr = OxmlElement("w:rPr")
        r_pr.append(self.revision_mark(deleted))
        p_pr.append(r_pr)

    def revision_mark(self, deleted: bool) -> Any:
        """A tracked insertion (``w:ins``) or deletion (``w:del``) by the document's
        revision author, dated its revision date; ids are shared with bookmarks."""
        revision = self.doc.meta.revision
        if revision is None:  # check(doc) refuses marks without a revision
            raise RenderError("revision marks without a revision author and date")
        mark_id = self.next_bookmark
        self.next_bookmark += 1
        attrs = {
            qn("w:id"): str(mark_id),
            qn("w:author"): revision.author,
            qn("w:date"): f"{revision.date.isoformat()}T00:00:00Z",
        }
        return OxmlElement("w:del" if deleted else "w:ins", attrs)

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
            x.text_run(
                target,
                text,
                style,
                bold=in_link and strong,
                italic=(in_link or strong) and emphasis,
            )
        except ValueError as exc:  # control characters, lone surrogates
            raise RenderError(f"text Word cannot store ({exc}): {text!r}") from exc

    def hyperlink(self, href: str) -> Any:
        if href.startswith("#"):
            anchor = self.bookmarks.get(href[1:])
            if anchor is None:
                raise RenderError(f"link to {href!r}, but no heading has the id {href[1:]!r}")
            return x.hyperlink(anchor=anchor)
        return x.hyperlink(r_id=self.link_part.relate_to(href, RT.HYPERLINK, is_external=True))

    def footnote(self, target: Any, ref: t.FootnoteRef, ctx: _Ctx) -> None:
        """Cite a footnote: a Word footnote on its first citation in the section, else a
        NOTEREF field showing that footnote's number."""
        if ctx.in_footnote:
            raise RenderError(f"footnote {ref.label!r} is cited inside a footnote")
        note = self.notes.get(ref.label)
        if note is None:
            raise RenderError(f"footnote reference {ref.label!r} has no footnote")
        earlier = self.section_notes.get(ref.label)
        if earlier is not None:
            name, number = earlier
            x.add_field(target, f"NOTEREF {name} \\f \\h", str(number), self.sid["footnote_ref"])
            return
        if self.footnotes_part is None:
            self.footnotes_part = x.attach_footnotes_part(self.part)
        note_id = self.next_footnote
        self.next_footnote += 1
        bookmark, name = self.next_bookmark, f"_Ref_note_{note_id}"
        self.next_bookmark += 1
        self.section_notes[ref.label] = (name, note_id)
        target.append(x.bookmark_start(bookmark, name))
        x.footnote_reference(target, note_id, self.sid["footnote_ref"])
        target.append(x.bookmark_end(bookmark))
        element = x.new_footnote(self.footnotes_part.element, note_id)
        saved, self.link_part = self.link_part, self.footnotes_part
        self.blocks(element, note.blocks, _Ctx(para_style="footnote_text", in_footnote=True))
        self.link_part = saved
        first = element.find(qn("w:p"))
        if first is None:
            first = self.new_p(element, "footnote_text")
        mark = OxmlElement("w:p")
        x.footnote_mark(mark, self.sid["footnote_ref"])
        p_pr = first.find(qn("w:pPr"))
        anchor_index = 1 if p_pr is not None else 0
        for run in reversed(list(mark)):
            first.insert(anchor_index, run)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _attr(value: str | None) -> str:
    """Escape text for an XML attribute."""
    return (
        (value or "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )
