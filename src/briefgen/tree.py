"""The document tree: the format-neutral contract between templates and writers.

A :class:`Document` holds metadata, a flat sequence of blocks and the footnote
bodies.  Writers (Word, PDF) render only this tree and the theme; they never see
the data model or Jinja.  :func:`dump` prints a tree as indented text for
snapshot tests and ``briefgen tree``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# ---------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text, exactly as the reader must see it."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; ``href`` starting with ``#`` targets a heading id in the document."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A reference to ``Document.footnotes[label]``; ``number`` is its 1-based display number."""

    label: str
    number: int


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Text | Strong | Emphasis | Link | FootnoteRef | LineBreak

# ---------------------------------------------------------------- blocks

ParagraphRole = Literal["title", "subtitle", "marking", "draft", "meta"]
"""Special paragraph roles, used on the cover; ``None`` is body text."""


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1-4
    id: str  # unique within the document: bookmark and link target
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    role: ParagraphRole | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]  # paragraphs and nested lists


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class OrderedList:
    items: tuple[ListItem, ...]
    start: int = 1


Align = Literal["left", "center", "right"] | None


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row; ``widths`` are relative column weights summing to 1."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[Align, ...]
    widths: tuple[float, ...]
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """Image bytes with the name they came from (a workspace path or a generated name)."""

    name: str
    data: bytes = field(repr=False)
    width_px: int
    height_px: int
    dpi: float = 96.0

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture with alt text (always present), a caption and an optional credit."""

    image: Image
    alt: str
    caption: str
    credit: str | None = None


CalloutKind = Literal["cover", "keyfacts", "note", "acknowledgement"]


@dataclass(frozen=True, slots=True)
class Callout:
    """A boxed group of blocks. ``cover`` is the cover page: writers end it with a page break."""

    kind: CalloutKind
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


@dataclass(frozen=True, slots=True)
class Contents:
    """The table of contents: writers list every heading up to ``depth``."""

    title: str = "Contents"
    depth: int = 2


Block = (
    Heading | Paragraph | BulletList | OrderedList | Table | Figure | Callout | PageBreak | Contents
)

# ---------------------------------------------------------------- document


@dataclass(frozen=True, slots=True)
class Footnote:
    label: str
    number: int
    blocks: tuple[Block, ...]  # paragraphs


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    marking: str  # the full protective marking line, e.g. "OFFICIAL: Sensitive"
    edition: date  # "Information as at"; also the document's creation date
    organisation: str
    subtitle: str | None = None
    author: str | None = None
    language: str = "en-AU"
    keywords: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    meta: Metadata
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()

    def iter_headings(self) -> Iterator[Heading]:
        """Yield every heading, in document order (including those inside callouts)."""
        for block in iter_blocks(self.blocks):
            if isinstance(block, Heading):
                yield block


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Yield blocks depth-first in reading order, descending into callouts and lists."""
    for block in blocks:
        yield block
        if isinstance(block, Callout):
            yield from iter_blocks(block.blocks)
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                yield from iter_blocks(item.blocks)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines as a reader sees it (footnote references as their number)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link)):
            out.append(plain_text(node.children))
        elif isinstance(node, FootnoteRef):
            out.append(str(node.number))
        elif isinstance(node, LineBreak):
            out.append("\n")
    return "".join(out)


# ---------------------------------------------------------------- text dump


def dump(doc: Document) -> str:
    """Return the tree as indented text, stable enough for snapshot tests."""
    m = doc.meta
    lines = [
        "document",
        f"  meta title={m.title!r} subtitle={m.subtitle!r}",
        f"  meta marking={m.marking!r} edition={m.edition.isoformat()} draft={m.draft}",
        f"  meta organisation={m.organisation!r} author={m.author!r} language={m.language!r}",
        f"  meta keywords={list(m.keywords)!r}",
    ]
    for block in doc.blocks:
        _dump_block(block, 1, lines)
    for note in doc.footnotes:
        lines.append(f"  footnote [{note.number}] label={note.label!r}")
        for block in note.blocks:
            _dump_block(block, 2, lines)
    return "\n".join(lines) + "\n"


def _dump_inlines(inlines: tuple[Inline, ...], depth: int, out: list[str]) -> None:
    pad = "  " * depth
    for node in inlines:
        if isinstance(node, Text):
            out.append(f"{pad}text {node.text!r}")
        elif isinstance(node, Strong):
            out.append(f"{pad}strong")
            _dump_inlines(node.children, depth + 1, out)
        elif isinstance(node, Emphasis):
            out.append(f"{pad}emphasis")
            _dump_inlines(node.children, depth + 1, out)
        elif isinstance(node, Link):
            out.append(f"{pad}link href={node.href!r}")
            _dump_inlines(node.children, depth + 1, out)
        elif isinstance(node, FootnoteRef):
            out.append(f"{pad}footnote-ref [{node.number}] label={node.label!r}")
        elif isinstance(node, LineBreak):
            out.append(f"{pad}line-break")


def _dump_block(block: Block, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(block, Heading):
        out.append(f"{pad}heading level={block.level} id={block.id!r}")
        _dump_inlines(block.children, depth + 1, out)
    elif isinstance(block, Paragraph):
        out.append(f"{pad}paragraph" + (f" role={block.role}" if block.role else ""))
        _dump_inlines(block.children, depth + 1, out)
    elif isinstance(block, (BulletList, OrderedList)):
        if isinstance(block, BulletList):
            out.append(f"{pad}bullet-list")
        else:
            out.append(f"{pad}ordered-list start={block.start}")
        for item in block.items:
            out.append(f"{pad}  item")
            for child in item.blocks:
                _dump_block(child, depth + 2, out)
    elif isinstance(block, Table):
        widths = ", ".join(f"{w:.3f}" for w in block.widths)
        out.append(
            f"{pad}table caption={block.caption!r} widths=[{widths}] align={list(block.align)!r}"
        )
        out.append(f"{pad}  header")
        for cell in block.header:
            out.append(f"{pad}    cell")
            _dump_inlines(cell, depth + 3, out)
        for row in block.rows:
            out.append(f"{pad}  row")
            for cell in row:
                out.append(f"{pad}    cell")
                _dump_inlines(cell, depth + 3, out)
    elif isinstance(block, Figure):
        img = block.image
        out.append(
            f"{pad}figure image={img.name!r} size={img.width_px}x{img.height_px} "
            f"sha256={img.sha256[:16]}"
        )
        out.append(f"{pad}  alt {block.alt!r}")
        out.append(f"{pad}  caption {block.caption!r}")
        out.append(f"{pad}  credit {block.credit!r}")
    elif isinstance(block, Callout):
        out.append(f"{pad}callout kind={block.kind}")
        for child in block.blocks:
            _dump_block(child, depth + 1, out)
    elif isinstance(block, PageBreak):
        out.append(f"{pad}page-break")
    elif isinstance(block, Contents):
        out.append(f"{pad}contents title={block.title!r} depth={block.depth}")
    else:  # pragma: no cover - exhaustive
        raise TypeError(f"unknown block {block!r}")
