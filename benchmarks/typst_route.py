"""The Typst route: a briefgen document tree as Typst markup, compiled to tagged PDF/UA-1.

A benchmark-only comparison (``pip install typst``, the ``bench`` extra), never a runtime
dependency.  `to_typst` writes markup equivalent to what briefgen's PDF writer sets: a
cover page, a contents (``outline``), headings with bookmarks, paragraphs with bold,
italic, links and footnotes, bullet and numbered lists, tables with a repeated header row
and a caption, figures with alt text and captions, callout boxes, the protective marking
at the top and bottom of every page and "Page X of Y".  `TypstRoute` compiles it with
``pdf_standards="ua-1"`` and the same DejaVu Sans files briefgen embeds.

Typst memoizes layouts process-wide (entries used in the last 10 compiles are kept), so
timing the same documents twice measures cache hits: compare on packs neither route has
rendered before.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from briefgen import tree as t

FRAME_WIDTH = 595.28 - 2 * 22 * 72 / 25.4  # A4 less briefgen's side margins, in points
_SPECIAL = re.compile(r"([\\/\[\]{}#*_+=~`$\"'<>@\-.:])")


def escape(text: str) -> str:
    """Text as Typst markup that reads exactly as written (every markup character escaped)."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class TypstWriter:
    """One document tree to Typst markup; images are written once into ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.images: dict[str, str] = {}

    def image(self, img: t.Image) -> str:
        digest = img.sha256
        name = self.images.get(digest)
        if name is None:
            suffix = ".jpg" if img.data[:2] == b"\xff\xd8" else ".png"
            name = f"img-{digest[:16]}{suffix}"
            (self.root / name).write_bytes(img.data)
            self.images[digest] = name
        return name

    def convert(self, doc: t.Document) -> str:
        meta = doc.meta
        self.keys = {h.id: f"h{i}" for i, h in reversed(list(enumerate(doc.iter_headings())))}
        self.notes = {n.label: n for n in doc.footnotes}
        self.noted: set[str] = set()
        # with a Notes block, citations link to its numbered list; else Typst's footnotes
        self.listed = any(isinstance(b, t.Notes) for b in t.iter_blocks(doc.blocks))
        lang, _, region = meta.language.partition("-")
        marking = string(meta.marking)
        keywords = "".join(string(k) + ", " for k in meta.keywords)
        out = [
            f"#set document(title: {string(meta.title)}, "
            f"author: {string(meta.author or meta.organisation)}, "
            f"keywords: ({keywords}), "
            f"date: datetime(year: {meta.edition.year}, month: {meta.edition.month}, "
            f"day: {meta.edition.day}))",
            f'#set text(font: "DejaVu Sans", size: 10pt, lang: "{lang}"'
            + (f', region: "{region}")' if region else ")"),
            "#set par(leading: 0.55em, spacing: 0.9em)",
            '#set page(paper: "a4", margin: (x: 22mm, top: 28mm, bottom: 24mm),',
            f'  header: align(center, text(weight: "bold", fill: rgb("#C00000"), {marking})),',
            "  footer: context [",
            f'    #align(center, text(weight: "bold", fill: rgb("#C00000"), {marking}))',
            "    #h(1fr) Page #counter(page).display() of #counter(page).final().first()",
            "  ])",
            '#show heading: set text(fill: rgb("#1F3864"))',
            "#show heading.where(level: 1): set text(size: 18pt)",
            "#show heading.where(level: 2): set text(size: 14pt)",
            "#show heading.where(level: 3): set text(size: 12pt)",
            "#show heading.where(level: 4): set text(size: 11pt)",
            '#show link: set text(fill: rgb("#1F3864"))',
            '#set table(stroke: (bottom: 0.4pt + rgb("#1F3864")), inset: (x: 4pt, y: 3pt))',
            "#show figure: set block(breakable: true)",
            "",
        ]
        for block in doc.blocks:
            out.append(self.block(block))
        return "\n".join(out) + "\n"

    # ------------------------------------------------------------- blocks

    def block(self, b: t.Block) -> str:
        if isinstance(b, t.Heading):
            key = self.keys.get(b.id)
            label = f" <{key}>" if key else ""
            return f"\n{'=' * min(b.level, 4)} {self.inlines(b.children)}{label}\n"
        if isinstance(b, t.Paragraph):
            body = self.inlines(b.children)
            if b.role == "title":
                return f'#text(size: 26pt, weight: "bold", fill: rgb("#1F3864"))[{body}]\n'
            if b.role == "subtitle":
                return f'#text(size: 16pt, fill: rgb("#1F3864"))[{body}]\n'
            if b.role in ("marking", "draft"):
                return f'#text(size: 12pt, weight: "bold", fill: rgb("#C00000"))[{body}]\n'
            return f"{body}\n"
        if isinstance(b, (t.BulletList, t.OrderedList)):
            items = ", ".join(f"[{self.blocks(i.blocks)}]" for i in b.items)
            if isinstance(b, t.OrderedList):
                return f"#enum(start: {b.start}, {items})\n"
            return f"#list({items})\n"
        if isinstance(b, t.Table):
            return self.table(b)
        if isinstance(b, t.Figure):
            w = b.image.width_px * 72.0 / (b.image.dpi or 96.0)
            name = self.image(b.image)
            caption = escape(b.caption) + (" " + escape(b.credit) if b.credit else "")
            return (
                f'#figure(image("{name}", width: {min(w, FRAME_WIDTH):.1f}pt, '
                f"alt: {string(b.alt)}), caption: [{caption}])\n"
            )
        if isinstance(b, t.Callout):
            body = self.blocks(b.blocks)
            if b.kind == "cover":
                return f"#v(30pt)\n{body}\n#pagebreak()\n"
            return (
                '#block(fill: rgb("#E9EDF4"), inset: 8pt, width: 100%, '
                f'stroke: (left: 3pt + rgb("#1F3864")))[{body}]\n'
            )
        if isinstance(b, t.Timeline):
            cells = ", ".join(
                f"[*{escape(e.date)}*], [{self.inlines(e.children)}]" for e in b.entries
            )
            return (
                "#grid(columns: (auto, 1fr), column-gutter: 8pt, row-gutter: 5pt, "
                f'stroke: (x, y) => if x == 0 {{ (right: 1pt + rgb("#1F3864")) }}, {cells})\n'
            )
        if isinstance(b, t.Notes):
            items = ", ".join(
                f"[#metadata(none) <fn{n.number}> "
                + " ".join(self.inlines(p.children) for p in n.blocks if isinstance(p, t.Paragraph))
                + "]"
                for n in self.notes.values()
            )
            return f"#enum({items})\n" if items else ""
        if isinstance(b, t.PageBreak):
            return "#pagebreak()\n"
        if isinstance(b, t.Contents):
            return f"#outline(title: [{escape(b.title)}], depth: {b.depth})\n"
        raise TypeError(f"unknown block {b!r}")

    def blocks(self, blocks: tuple[t.Block, ...]) -> str:
        return "\n".join(self.block(b) for b in blocks)

    def table(self, tb: t.Table) -> str:
        cols = ", ".join(f"{w:.3f}fr" for w in tb.widths) or "1fr"
        aligns = ", ".join(a or "left" for a in tb.align) if tb.align else "left"
        header = ", ".join(f"[*{self.inlines(c)}*]" for c in tb.header)
        rows = ", ".join(f"[{self.inlines(c)}]" for row in tb.rows for c in row)
        table = (
            f"table(columns: ({cols},), align: ({aligns},), "
            f'fill: (_, y) => if y == 0 {{ rgb("#D9E1F2") }}, '
            f"table.header({header}), {rows})"
        )
        if tb.caption:
            return f"#figure({table}, caption: [{escape(tb.caption)}])\n"
        return f"#{table}\n"

    # ------------------------------------------------------------- inlines

    def inlines(self, inlines: tuple[t.Inline, ...]) -> str:
        parts: list[str] = []
        for node in inlines:
            if isinstance(node, t.Text):
                parts.append(escape(node.text))
            elif isinstance(node, t.Strong):
                parts.append(f"#strong[{self.inlines(node.children)}]")
            elif isinstance(node, t.Emphasis):
                parts.append(f"#emph[{self.inlines(node.children)}]")
            elif isinstance(node, t.Link):
                href = node.href
                target = f"<{self.keys[href[1:]]}>" if href.startswith("#") else string(href)
                parts.append(f"#link({target})[{self.inlines(node.children)}]")
            elif isinstance(node, t.FootnoteRef):
                parts.append(self.footnote(node))
            elif isinstance(node, t.LineBreak):
                parts.append("#linebreak()")
            elif isinstance(node, t.Inserted):  # revision marks: set as text, as briefgen does
                parts.append(self.inlines(node.children))
        return "".join(parts)

    def footnote(self, ref: t.FootnoteRef) -> str:
        label = f"fn{ref.number}"
        if self.listed:
            return f"#super[#link(<{label}>)[{ref.number}]]"
        if ref.label in self.noted or ref.label not in self.notes:
            return f"#footnote(<{label}>)" if ref.label in self.noted else ""
        self.noted.add(ref.label)
        body = " ".join(
            self.inlines(b.children)
            for b in self.notes[ref.label].blocks
            if isinstance(b, t.Paragraph)
        )
        return f"#footnote[{body}]<{label}>"


class TypstRoute:
    """Compiles trees with one Typst compiler (fonts loaded once, as a user's script would)."""

    def __init__(self, root: Path, font_dir: Path) -> None:
        import typst

        root.mkdir(parents=True, exist_ok=True)
        self.writer = TypstWriter(root)
        self.compiler: Any = typst.Compiler(
            root=str(root), font_paths=[str(font_dir)], ignore_system_fonts=True
        )

    def render(self, doc: t.Document) -> bytes:
        source = self.writer.convert(doc)
        data: bytes = self.compiler.compile(
            input=source.encode("utf-8"), format="pdf", pdf_standards="ua-1"
        )
        return data


def version() -> str:
    from importlib.metadata import version as v

    return f"typst (PyPI) {v('typst')}"
