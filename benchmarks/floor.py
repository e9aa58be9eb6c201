"""The floor: a pack's document tree rendered directly and minimally, without briefgen.

These are the routes a user would take without briefgen, on the same content:

* :func:`docx_direct` - python-docx as its documentation shows it (``add_paragraph(text,
  style=name)``); with ``cached_styles`` each style id is looked up once per document and set
  on the paragraph directly.
* :func:`pdf_direct` - reportlab platypus in one layout pass, the contents page left empty;
  with ``multibuild`` a :class:`TableOfContents` filled by ``multiBuild`` (two or more passes).

Both write a cover, the contents, headings, paragraphs with bold, italic and links, bullet
lists, tables with a header row, figures with captions, footnote references as superscript
numbers with the notes listed at the end (neither library has footnotes), and a footer
"Page X of Y".  Streams are binary (``useA85=0``), as briefgen writes them.  They do not
tag the PDF, embed metadata, check glyphs or apply markings: they are the floor, not a
replacement.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from briefgen import tree as t

# ---------------------------------------------------------------- python-docx


def _field(paragraph: Any, instr: str) -> None:
    """Append a field (PAGE, NUMPAGES, TOC) to ``paragraph`` as raw XML runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instr), ("separate", None), ("end", None)):
        run = paragraph.add_run()._r
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run.append(fld)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            run.append(code)


def _docx_inlines(
    paragraph: Any, inlines: Iterable[t.Inline], bold: bool = False, italic: bool = False
) -> None:
    for node in inlines:
        if isinstance(node, t.Text):
            run = paragraph.add_run(node.text)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
        elif isinstance(node, t.Strong):
            _docx_inlines(paragraph, node.children, True, italic)
        elif isinstance(node, t.Emphasis):
            _docx_inlines(paragraph, node.children, bold, True)
        elif isinstance(node, t.Link):
            _docx_inlines(paragraph, node.children, bold, italic)
        elif isinstance(node, t.FootnoteRef):
            paragraph.add_run(str(node.number)).font.superscript = True
        elif isinstance(node, t.LineBreak):
            paragraph.add_run().add_break()


class _DocxWriter:
    """python-docx on the default template; how styles are applied is what the floor varies."""

    def __init__(self, doc: t.Document, cached_styles: bool) -> None:
        import docx

        self.tree = doc
        self.doc = docx.Document()
        self.cached = cached_styles
        self.ids: dict[str, str | None] = {}

    def add(self, style: str, text: str = "", container: Any = None) -> Any:
        """A new paragraph in ``style``: by name (python-docx scans styles.xml for the name
        and for the default style on every call), or with the style id looked up once."""
        box = container or self.doc
        if not self.cached:
            return box.add_paragraph(text, style=style)
        if style not in self.ids:
            obj = self.doc.styles[style]
            self.ids[style] = None if obj == self.doc.styles.default(obj.type) else obj.style_id
        p = box.add_paragraph(text)
        if self.ids[style] is not None:
            p._p.style = self.ids[style]
        return p

    def para(self, inlines: Iterable[t.Inline], style: str) -> Any:
        p = self.add(style)
        _docx_inlines(p, inlines)
        return p

    def render(self) -> bytes:
        from docx.shared import Mm

        doc, tree = self.doc, self.tree
        self.width = Mm(150)
        footer = doc.sections[0].footer.paragraphs[0]
        footer.add_run(f"{tree.meta.marking}    Page ")
        _field(footer, "PAGE")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")
        doc.sections[0].header.paragraphs[0].add_run(tree.meta.marking)
        self.blocks(tree.blocks)
        if tree.footnotes:
            self.add("Heading 1", "Notes")
            for note in tree.footnotes:
                for block in note.blocks:
                    if isinstance(block, t.Paragraph):
                        self.para((t.Text(f"{note.number}. "), *block.children), "Normal")
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def blocks(self, blocks: Iterable[t.Block], list_level: int = 0) -> None:
        for block in blocks:
            self.block(block, list_level)

    def block(self, block: t.Block, list_level: int) -> None:
        doc = self.doc
        if isinstance(block, t.Heading):
            self.para(block.children, f"Heading {block.level}")
        elif isinstance(block, t.Paragraph):
            style = {"title": "Title", "subtitle": "Subtitle"}.get(block.role or "", "Normal")
            self.para(block.children, "List Bullet" if list_level else style)
        elif isinstance(block, (t.BulletList, t.OrderedList)):
            for item in block.items:
                self.blocks(item.blocks, list_level + 1)
        elif isinstance(block, (t.Table, t.Timeline)):
            self.table(block)
        elif isinstance(block, t.Figure):
            doc.add_picture(io.BytesIO(block.image.data), width=self.width)
            caption = block.caption + (f" ({block.credit})" if block.credit else "")
            self.add("Caption", caption)
        elif isinstance(block, t.Callout):
            self.blocks(block.blocks, list_level)
            if block.kind == "cover":
                doc.add_page_break()
        elif isinstance(block, t.PageBreak):
            doc.add_page_break()
        elif isinstance(block, t.Contents):
            self.add("TOC Heading", block.title)
            _field(self.add("Normal"), f'TOC \\o "1-{block.depth}" \\h \\z \\u')
            doc.add_page_break()

    def table(self, block: t.Table | t.Timeline) -> None:
        if isinstance(block, t.Timeline):
            block = as_table(block)
        if block.caption:
            self.add("Caption", block.caption)
        table = self.doc.add_table(rows=1, cols=len(block.header))
        table.style = self.doc.styles["Table Grid"]
        for cell, inlines in zip(table.rows[0].cells, block.header, strict=True):
            _docx_inlines(cell.paragraphs[0], inlines, bold=True)
        for row in block.rows:
            cells = table.add_row().cells
            for cell, inlines in zip(cells, row, strict=True):
                _docx_inlines(cell.paragraphs[0], inlines)


def as_table(timeline: t.Timeline) -> t.Table:
    """A timeline as the floor sets it: a Date | Event table."""
    rows = tuple(((t.Text(e.date),), e.children) for e in timeline.entries)
    head = ((t.Text("Date"),), (t.Text("Event"),))
    return t.Table(head, rows, (None, None), (0.25, 0.75))


def docx_direct(doc: t.Document, cached_styles: bool = True) -> bytes:
    """Render ``doc`` with python-docx directly; the .docx bytes."""
    return _DocxWriter(doc, cached_styles).render()


# ---------------------------------------------------------------- reportlab


@cache
def _fonts() -> str:
    """Register the DejaVu Sans family once per process (the text is not all Latin-1)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from briefgen.theme import resource_path

    faces = {
        "FloorSans": "DejaVuSans.ttf",
        "FloorSans-Bold": "DejaVuSans-Bold.ttf",
        "FloorSans-Oblique": "DejaVuSans-Oblique.ttf",
        "FloorSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    for bold, italic, name in (
        (0, 0, ""),
        (1, 0, "-Bold"),
        (0, 1, "-Oblique"),
        (1, 1, "-BoldOblique"),
    ):
        addMapping("FloorSans", bold, italic, f"FloorSans{name}")
    return "FloorSans"


@cache
def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    font = _fonts()
    sheet = getSampleStyleSheet()
    out: dict[str, Any] = {}
    for name in ("Normal", "Title", "Heading1", "Heading2", "Heading3", "Heading4"):
        bold = "-Bold" if name != "Normal" else ""
        out[name] = ParagraphStyle(name, parent=sheet[name], fontName=font + bold)
    out["Caption"] = ParagraphStyle("Caption", parent=out["Normal"], fontSize=8, leading=10)
    out["Cell"] = ParagraphStyle("Cell", parent=out["Normal"], fontSize=8.5, leading=10.5)
    out["Footer"] = ParagraphStyle("Footer", parent=out["Normal"], fontSize=8)
    return out


def _markup(inlines: Iterable[t.Inline]) -> str:
    out: list[str] = []
    for node in inlines:
        if isinstance(node, t.Text):
            out.append(escape(node.text))
        elif isinstance(node, t.Strong):
            out.append(f"<b>{_markup(node.children)}</b>")
        elif isinstance(node, t.Emphasis):
            out.append(f"<i>{_markup(node.children)}</i>")
        elif isinstance(node, t.Link):
            href = escape(node.href, {'"': "&quot;"})
            out.append(f'<a href="{href}">{_markup(node.children)}</a>')
        elif isinstance(node, t.FootnoteRef):
            out.append(f"<super>{node.number}</super>")
        elif isinstance(node, t.LineBreak):
            out.append("<br/>")
    return "".join(out)


def _numbered_canvas(marking: str) -> Any:
    """A canvas that keeps each page's state, then draws "Page X of Y" when Y is known."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(_fonts(), 8)
                self.drawString(72, 30, marking)
                self.drawRightString(
                    self._pagesize[0] - 72, 30, f"Page {self._pageNumber} of {total}"
                )
                self.drawCentredString(self._pagesize[0] / 2, self._pagesize[1] - 30, marking)
                super().showPage()
            super().save()

    return NumberedCanvas


class _PdfStory:
    """Flowables for a document tree."""

    def __init__(self, doc: t.Document, width: float, toc: Any) -> None:
        self.tree = doc
        self.width = width
        self.toc = toc
        self.s = _styles()

    def build(self) -> list[Any]:
        from reportlab.platypus import Paragraph

        story = self.blocks(self.tree.blocks)
        if self.tree.footnotes:
            story.append(Paragraph("Notes", self.s["Heading1"]))
            for note in self.tree.footnotes:
                for block in note.blocks:
                    if isinstance(block, t.Paragraph):
                        text = f"{note.number}. {_markup(block.children)}"
                        story.append(Paragraph(text, self.s["Caption"]))
        return story

    def blocks(self, blocks: Iterable[t.Block]) -> list[Any]:
        out: list[Any] = []
        for block in blocks:
            out.extend(self.block(block))
        return out

    def block(self, block: t.Block) -> list[Any]:
        from reportlab.platypus import (
            Image,
            ListFlowable,
            ListItem,
            PageBreak,
            Paragraph,
            Spacer,
            Table,
            TableStyle,
        )

        s = self.s
        if isinstance(block, t.Heading):
            p = Paragraph(_markup(block.children), s[f"Heading{block.level}"])
            p._bookmark = (block.id, block.level, t.plain_text(block.children))
            return [p]
        if isinstance(block, t.Paragraph):
            style = s["Title"] if block.role == "title" else s["Normal"]
            return [Paragraph(_markup(block.children), style)]
        if isinstance(block, (t.BulletList, t.OrderedList)):
            items = [ListItem(self.blocks(item.blocks)) for item in block.items]
            kind = "bullet" if isinstance(block, t.BulletList) else "1"
            return [ListFlowable(items, bulletType=kind, leftIndent=14, bulletFontSize=8)]
        if isinstance(block, t.Timeline):
            block = as_table(block)
        if isinstance(block, t.Table):
            cells = [
                [Paragraph(f"<b>{_markup(c)}</b>", s["Cell"]) for c in block.header],
                *([Paragraph(_markup(c), s["Cell"]) for c in row] for row in block.rows),
            ]
            table = Table(cells, colWidths=[w * self.width for w in block.widths], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, "#888888"),
                        ("BACKGROUND", (0, 0), (-1, 0), "#DDE3EE"),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            out: list[Any] = [table]
            if block.caption:
                out.insert(0, Paragraph(escape(block.caption), s["Caption"]))
            return out
        if isinstance(block, t.Figure):
            img = block.image
            w = min(self.width, img.width_px / img.dpi * 72)
            h = w * img.height_px / img.width_px
            caption = escape(block.caption + (f" ({block.credit})" if block.credit else ""))
            return [Image(io.BytesIO(img.data), w, h), Paragraph(caption, s["Caption"])]
        if isinstance(block, t.Callout):
            inner = self.blocks(block.blocks)
            return inner + ([PageBreak()] if block.kind == "cover" else [Spacer(1, 6)])
        if isinstance(block, t.PageBreak):
            return [PageBreak()]
        if isinstance(block, t.Contents):
            head = Paragraph(escape(block.title), s["Heading1"])
            return [head, self.toc, PageBreak()] if self.toc is not None else [head, PageBreak()]
        return []


def pdf_direct(doc: t.Document, multibuild: bool = False) -> tuple[bytes, int]:
    """Render ``doc`` with reportlab platypus; the PDF bytes and the page count.

    One layout pass leaves the contents empty; ``multibuild`` fills a
    :class:`TableOfContents` by laying the story out until the page numbers settle.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
    from reportlab.platypus.tableofcontents import TableOfContents

    out = io.BytesIO()
    margin = 72.0

    class DocTemplate(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's name
            mark = getattr(flowable, "_bookmark", None)
            if mark is not None and mark[1] <= 2:
                key, level, text = mark
                self.canv.bookmarkPage(key)
                self.notify("TOCEntry", (level - 1, escape(text), self.page, key))

    template = DocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=doc.meta.title,
        author=doc.meta.author or "",
        invariant=1,
    )
    frame = Frame(margin, margin, A4[0] - 2 * margin, A4[1] - 2 * margin, id="body")
    template.addPageTemplates([PageTemplate("page", [frame])])
    toc = None
    if multibuild:
        toc = TableOfContents()
        toc.levelStyles = [_styles()["Normal"], _styles()["Caption"]]
    story = _PdfStory(doc, frame._width, toc).build()
    canvas = _numbered_canvas(doc.meta.marking)
    from reportlab import rl_config

    saved, rl_config.useA85 = rl_config.useA85, 0  # binary streams, as briefgen writes them
    try:
        if multibuild:
            template.multiBuild(story, canvasmaker=canvas)
        else:
            template.build(story, canvasmaker=canvas)
    finally:
        rl_config.useA85 = saved
    return out.getvalue(), template.page


if __name__ == "__main__":  # a smoke run on the reference workspace's first partner
    import sys
    from pathlib import Path

    import briefgen

    ws = briefgen.load_workspace(sys.argv[1] if len(sys.argv) > 1 else ".")
    pack = ws.pack(next(iter(ws.partners)))
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp")
    (target / f"floor-{pack.id}.docx").write_bytes(docx_direct(pack.document))
    data, pages = pdf_direct(pack.document, multibuild=True)
    (target / f"floor-{pack.id}.pdf").write_bytes(data)
    print(f"wrote {target}/floor-{pack.id}.docx and .pdf ({pages} pages)")
