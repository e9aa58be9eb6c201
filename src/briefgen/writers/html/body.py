"""Document tree to HTML: one ``match`` per node kind, ending in ``assert_never`` (an
unknown node is an error, never passed over).

Semantic elements carry the structure the PDF tags and the Word styles carry: headings,
lists, tables with a caption (or an accessible name) and column header cells, figures
with alt text and a caption, the sources as a numbered list the citations link to, the
contents as links to the headings, tracked changes as ``ins``/``del``.
"""

from __future__ import annotations

import base64

from markupsafe import Markup

from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.tree.nodes import assert_never
from briefgen.writers.direction import is_rtl_paragraph
from briefgen.writers.html.markup import Content, el, join, lines

NOTE_ID = "bg-note-{}"
"""The id of a source's entry in the notes list (briefgen's own ids start "bg-", so that
no heading's id meets them)."""


def data_uri(data: bytes) -> str:
    """``data`` as a ``data:`` URI, its type told by its first bytes."""
    kinds = (
        (b"\x89PNG", "image/png"),
        (b"\xff\xd8", "image/jpeg"),
        (b"GIF8", "image/gif"),
        (b"RIFF", "image/webp"),
    )
    mime = next((m for magic, m in kinds if data.startswith(magic)), "")
    if not mime:
        head = data[:256].lstrip().lower()
        mime = "image/svg+xml" if b"<svg" in head or head.startswith(b"<?xml") else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class Body:
    """The HTML of one document's blocks and footnotes."""

    def __init__(self, doc: t.Document, theme: Theme) -> None:
        self.doc, self.theme = doc, theme
        self.numbers = t.caption_numbers(doc)
        self.ids: set[str] = set()  # ids given so far: a repeated heading id is given once
        self.level = 1  # the last heading's level in the page (h1: the pack's title)

    # ------------------------------------------------------------- blocks

    def blocks(self, blocks: tuple[t.Block, ...]) -> Markup:
        return lines(self.block(b) for b in blocks)

    def block(self, block: t.Block) -> Markup:
        match block:
            case t.Heading():
                # h1 is the pack's title; a heading is at most one level below the last
                self.level = min(max(block.level, 1) + 1, self.level + 1, 6)
                attrs = {"id": self._id(block.id), "dir": _dir(block.children)}
                return el(f"h{self.level}", attrs, self.inlines(block.children))
            case t.Paragraph():
                return self.paragraph(block)
            case t.BulletList():
                return el("ul", None, self.items(block.items))
            case t.OrderedList():
                start = block.start if block.start != 1 else None
                return el("ol", {"start": start}, self.items(block.items))
            case t.Table():
                return self.table(block)
            case t.Figure():
                return self.figure(block)
            case t.Callout():
                return self.callout(block)
            case t.Timeline():
                return self.timeline(block)
            case t.Notes():
                return self.notes()
            case t.PageBreak():
                return el("div", {"class": "page-break", "aria-hidden": "true"})
            case t.Contents():
                return self.contents(block)
            case _:
                assert_never(block)

    def paragraph(self, p: t.Paragraph) -> Markup:
        text = self.inlines(p.children)
        match p.role:
            case None:
                return el("p", {"dir": _dir(p.children)}, text)
            case "title":
                return el("h1", {"class": "title"}, text)
            case "marking":  # printed in the banners and on every printed page
                return Markup("")
            case "subtitle" | "draft" | "meta":
                return el("p", {"class": p.role}, text)
            case _:
                assert_never(p.role)

    def items(self, items: tuple[t.ListItem, ...]) -> Markup:
        return lines(el("li", None, self.blocks(i.blocks)) for i in items)

    def table(self, table: t.Table) -> Markup:
        parts: list[Content] = []
        if table.caption:
            caption = f"Table {self.numbers[id(table)]}: {table.caption}"
            parts.append(el("caption", None, caption))
        ncols = len(table.header)
        align = tuple(table.align) + (None,) * (ncols - len(table.align))
        head = join(
            el("th", {"scope": "col", "class": align[c]}, self.inlines(cell))
            for c, cell in enumerate(table.header)
        )
        parts.append(el("thead", None, el("tr", None, head)))
        rows = lines(
            el(
                "tr",
                None,
                join(
                    el("td", {"class": align[c]}, self.inlines(cell)) for c, cell in enumerate(row)
                ),
            )
            for row in table.rows
        )
        parts.append(el("tbody", None, rows))
        name = None if table.caption else table.name
        return el("table", {"aria-label": name}, *parts)

    def figure(self, fig: t.Figure) -> Markup:
        caption: list[Content] = [f"Figure {self.numbers[id(fig)]}: {fig.caption}"]
        if fig.credit:
            caption.append(el("span", {"class": "credit"}, fig.credit))
        return el("figure", None, self._img(fig), el("figcaption", None, *caption))

    def _img(self, fig: t.Figure) -> Markup:
        img = fig.image
        return el(
            "img",
            {
                "src": data_uri(img.data),
                "alt": fig.alt,
                "width": img.width_px,
                "height": img.height_px,
            },
        )

    def callout(self, box: t.Callout) -> Markup:
        match box.kind:
            case "cover":
                return el("div", {"class": "cover"}, self._logo(), self.blocks(box.blocks))
            case "biography":
                portrait = t.portrait_of(box)
                if portrait is None:
                    return el("div", {"class": "biography"}, self.blocks(box.blocks))
                side: list[Content] = [self._img(portrait)]
                if portrait.credit:
                    side.append(el("figcaption", {"class": "credit"}, portrait.credit))
                return el(
                    "div",
                    {"class": "biography portrayed"},
                    el("figure", {"class": "portrait"}, *side),
                    el("div", {"class": "text"}, self.blocks(box.blocks[1:])),
                )
            case "keyfacts" | "note" | "acknowledgement":
                return el("div", {"class": f"callout {box.kind}"}, self.blocks(box.blocks))
            case _:
                assert_never(box.kind)

    def _logo(self) -> Markup:
        """The theme's logo above the title: decoration (empty alt), as the title block
        names the organisation."""
        if self.theme.logo is None:
            return Markup("")
        return el(
            "img", {"class": "logo", "src": data_uri(self.theme.logo.read_bytes()), "alt": ""}
        )

    def timeline(self, timeline: t.Timeline) -> Markup:
        return el(
            "dl",
            {"class": "timeline"},
            lines(
                join((el("dt", None, e.date), el("dd", None, self.inlines(e.children))))
                for e in timeline.entries
            ),
        )

    def notes(self) -> Markup:
        """Every source once, numbered: the list the citations link to."""
        if not self.doc.footnotes:
            return Markup("")
        return el(
            "ol",
            {"class": "notes"},
            lines(
                el(
                    "li",
                    {"id": NOTE_ID.format(n.number), "value": n.number},
                    self.blocks(n.blocks),
                )
                for n in self.doc.footnotes
            ),
        )

    def contents(self, contents: t.Contents) -> Markup:
        """The headings up to ``contents.depth`` as nested lists of links."""
        seen: set[str] = set()
        entries: list[tuple[int, Markup]] = []
        for h in self.doc.iter_headings():
            if h.level > contents.depth or h.id in seen:
                continue
            seen.add(h.id)
            entries.append(
                (h.level, el("a", {"href": "#" + h.id}, self.inlines(h.children, link=False)))
            )
        return el(
            "nav",
            {"class": "toc", "aria-labelledby": "bg-contents"},
            el("h2", {"class": "toc-title", "id": "bg-contents"}, contents.title),
            _nested(entries),
        )

    # ------------------------------------------------------------- inlines

    def inlines(self, nodes: tuple[t.Inline, ...], link: bool = True) -> Markup:
        out: list[Content] = []
        for i, node in enumerate(nodes):
            if isinstance(node, t.FootnoteRef) and i and isinstance(nodes[i - 1], t.FootnoteRef):
                out.append(t.NOTE_SEPARATOR)
            out.append(self.inline(node, link))
        return join(out)

    def inline(self, node: t.Inline, link: bool = True) -> Markup:
        match node:
            case t.Text():
                return join([node.text])
            case t.Strong():
                return el("strong", None, self.inlines(node.children, link))
            case t.Emphasis():
                return el("em", None, self.inlines(node.children, link))
            case t.Link():
                if not link:  # inside another link (the contents): its text only
                    return self.inlines(node.children, link)
                return el("a", {"href": node.href}, self.inlines(node.children, False))
            case t.FootnoteRef():
                inner = el("span", {"class": "vh"}, "source ") + join([str(node.number)])
                if not link:
                    return el("sup", None, inner)
                return el("sup", None, el("a", {"href": "#" + NOTE_ID.format(node.number)}, inner))
            case t.LineBreak():
                return el("br")
            case t.Inserted():
                return el("ins", None, self.inlines(node.children, link))
            case t.Deleted():
                return el("del", None, self.inlines(node.children, link))
            case t.Anchor():
                return el("span", {"id": self._id(node.id)})
            case _:
                assert_never(node)

    def _id(self, ident: str) -> str | None:
        """``ident`` the first time it is given, then None (ids are unique in a page)."""
        if ident in self.ids:
            return None
        self.ids.add(ident)
        return ident


def _dir(inlines: tuple[t.Inline, ...]) -> str | None:
    """``rtl`` for a paragraph set right to left (as the other editions judge it)."""
    return "rtl" if is_rtl_paragraph(t.plain_text(inlines)) else None


def _nested(entries: list[tuple[int, Markup]]) -> Markup:
    """Entries of levels 1, 2 ... as nested ordered lists (a deeper level under the entry
    before it)."""
    if not entries:
        return Markup("")
    top = min(level for level, _ in entries)
    items: list[Markup] = []
    i = 0
    while i < len(entries):
        _level, entry = entries[i]
        j = i + 1
        while j < len(entries) and entries[j][0] > top:
            j += 1
        items.append(el("li", None, entry, _nested(entries[i + 1 : j])))
        i = j
    return el("ol", None, lines(items))
