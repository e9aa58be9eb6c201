"""The document tree: the format-neutral contract between templates and writers.

A `Document` holds metadata, a flat sequence of blocks and the footnote
bodies.  Writers (Word, PDF) render only this tree and the theme; they never see
the data model or Jinja.
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


@dataclass(frozen=True, slots=True)
class Inserted:
    """Text added since the edition the document is compared with (a tracked insertion in
    Word, plain text beside a change bar in PDF).  Holds only text, emphasis, breaks and
    footnote references."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Deleted:
    """Text removed since that edition (a tracked deletion in Word; not set in PDF, whose
    change bar marks the place).  Holds only text, emphasis and breaks."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Anchor:
    """A link target inside text (no text of its own): ``Link("#" + id)`` leads here."""

    id: str


Inline = Text | Strong | Emphasis | Link | FootnoteRef | LineBreak | Inserted | Deleted | Anchor

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
    """A paragraph; ``portion`` is its portion marking ("OFFICIAL: Sensitive"), printed in
    round brackets at its start, when the document marks portions."""

    children: tuple[Inline, ...]
    role: ParagraphRole | None = None
    portion: str | None = None


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
    """A table with one header row; ``widths`` are relative column weights summing to 1.
    ``portions``: each body row's portion marking (empty when the document marks none)."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[Align, ...]
    widths: tuple[float, ...]
    caption: str | None = None
    portions: tuple[str | None, ...] = ()


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
    """A boxed group of blocks.  ``cover`` is the title block on page 1 (title, subtitle,
    document control as ``meta`` paragraphs); its ``marking`` paragraph is printed only in
    the page header and footer."""

    kind: CalloutKind
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated event: the date as printed ("July 2020") and what happened."""

    date: str
    children: tuple[Inline, ...]
    portion: str | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    """Dated events in date order, drawn along a rule (PDF) or as a Date | Event table (Word)."""

    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True, slots=True)
class Notes:
    """Where the footnotes are listed, numbered, each once: the target of their citations."""


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


@dataclass(frozen=True, slots=True)
class Contents:
    """The table of contents: writers list every heading up to ``depth``."""

    title: str = "Contents"
    depth: int = 2


Block = (
    Heading
    | Paragraph
    | BulletList
    | OrderedList
    | Table
    | Figure
    | Callout
    | Timeline
    | Notes
    | PageBreak
    | Contents
)

# ---------------------------------------------------------------- document


@dataclass(frozen=True, slots=True)
class Footnote:
    label: str
    number: int
    blocks: tuple[Block, ...]  # paragraphs


@dataclass(frozen=True, slots=True)
class Revision:
    """Who made the document's revision marks (`Inserted`, `Deleted`), and when."""

    author: str
    date: date


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
    reference: str | None = None  # the brief's reference number
    version: str | None = None
    control: tuple[str, ...] = ()  # document-control lines: "Contact officer: ...", ...
    revision: Revision | None = None  # set when the blocks carry revision marks


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


NOTE_SEPARATOR = ", "
"""Set between footnote references that follow one another: "1, 3", never "13"."""


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines as a reader sees it (footnote references as their number)."""
    out: list[str] = []
    for i, node in enumerate(inlines):
        if isinstance(node, FootnoteRef) and i and isinstance(inlines[i - 1], FootnoteRef):
            out.append(NOTE_SEPARATOR)
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link, Inserted)):
            out.append(plain_text(node.children))
        elif isinstance(node, FootnoteRef):
            out.append(str(node.number))
        elif isinstance(node, LineBreak):
            out.append("\n")
    return "".join(out)


def walk_inlines(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
    """Every inline of ``nodes`` and those they wrap, depth first."""
    for node in nodes:
        yield node
        if isinstance(node, (Strong, Emphasis, Link, Inserted, Deleted)):
            yield from walk_inlines(node.children)


def block_inlines(block: Block) -> list[tuple[Inline, ...]]:
    """The runs of inlines a block holds itself: a heading's or paragraph's text, each table
    cell, each timeline entry (not those of blocks nested in it)."""
    if isinstance(block, (Heading, Paragraph)):
        return [block.children]
    if isinstance(block, Table):
        return [*block.header, *(cell for row in block.rows for cell in row)]
    if isinstance(block, Timeline):
        return [entry.children for entry in block.entries]
    return []


def iter_inlines(blocks: tuple[Block, ...]) -> Iterator[Inline]:
    """Every inline of ``blocks`` (paragraphs, headings, table cells, timeline entries),
    depth first."""
    for block in iter_blocks(blocks):
        for inlines in block_inlines(block):
            yield from walk_inlines(inlines)


def has_revisions(inlines: tuple[Inline, ...]) -> bool:
    """Whether ``inlines`` hold an `Inserted` or `Deleted` mark at any depth."""
    for node in inlines:
        if isinstance(node, (Inserted, Deleted)):
            return True
        if isinstance(node, (Strong, Emphasis, Link)) and has_revisions(node.children):
            return True
    return False


def all_deleted(inlines: tuple[Inline, ...]) -> bool:
    """Whether everything ``inlines`` show was deleted (a paragraph or cell that is gone)."""
    return has_revisions(inlines) and not plain_text(inlines).strip()


def row_deleted(row: tuple[tuple[Inline, ...], ...]) -> bool:
    """Whether a table row went since the last edition (revised, and no text left in it)."""
    return any(all_deleted(c) for c in row) and not any(plain_text(c).strip() for c in row)


def all_inserted(inlines: tuple[Inline, ...]) -> bool:
    """Whether all the text of ``inlines`` was inserted (a paragraph or cell that is new)."""

    def unmarked(nodes: tuple[Inline, ...]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, (Strong, Emphasis, Link)):
                out.append(unmarked(node.children))
        return "".join(out)

    return (
        has_revisions(inlines)
        and bool(plain_text(inlines).strip())
        and not any(isinstance(n, Deleted) for n in walk_inlines(inlines))
        and not unmarked(inlines).strip()
    )
