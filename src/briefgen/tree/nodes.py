"""The document tree: the format-neutral contract between templates and writers.

A `Document` holds metadata, a flat sequence of blocks and the footnote
bodies.  Writers (Word, PDF) render only this tree and the theme; they never see
the data model or Jinja.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NoReturn


def assert_never(node: NoReturn) -> NoReturn:
    """The last case of every ``match`` over node kinds, as `typing.assert_never`: mypy
    fails where a kind is left unhandled; at run time a node of a kind the tree does not
    define raises `TypeError` naming it (never passes through)."""
    raise TypeError(f"{type(node).__name__} is not a node of the document tree: {node!r}")


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


@dataclass(frozen=True, slots=True)
class Source:
    """Where a block's whole text came from: one record field (``key``: the data file and
    field path, ``data/partners/jp.yaml#agreements.0.brief``) whose text is ``text``.  The
    Word writer marks such a block so that an officer's edit finds its way back
    (`briefgen.build.absorb`); other writers ignore it."""

    key: str
    text: str


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
    round brackets at its start, when the document marks portions; ``source``: the record
    field its text is, when it is one."""

    children: tuple[Inline, ...]
    role: ParagraphRole | None = None
    portion: str | None = None
    source: Source | None = None


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
    ``caption`` is printed ("Table 2: ..."); ``name`` is the table's accessible name (Word's
    table description, the PDF Table's Summary), kept when a caption that would only repeat
    the heading above it is not printed.  ``portions``: each body row's portion marking
    (empty when the document marks none).  ``sources``: each body cell's `Source`, row by
    row (empty when no cell is a record field's text)."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[Align, ...]
    widths: tuple[float, ...]
    caption: str | None = None
    portions: tuple[str | None, ...] = ()
    name: str | None = None
    sources: tuple[tuple[Source | None, ...], ...] = ()


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


CalloutKind = Literal["cover", "keyfacts", "note", "acknowledgement", "biography"]


@dataclass(frozen=True, slots=True)
class Callout:
    """A boxed group of blocks.  ``cover`` is the title block on page 1 (title, subtitle,
    document control as ``meta`` paragraphs); its ``marking`` paragraph is printed only in
    the page header and footer.  ``biography`` is one person's, never split across pages:
    a first `Figure` is their portrait, printed at the theme's portrait width beside the
    other blocks, without a caption (its alt text names it)."""

    kind: CalloutKind
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated event: the date as printed ("July 2020") and what happened."""

    date: str
    children: tuple[Inline, ...]
    portion: str | None = None
    source: Source | None = None


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
    unbroken: tuple[str, ...] = ()  # hyphenated names never broken at their hyphen


@dataclass(frozen=True, slots=True)
class Document:
    meta: Metadata
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()

    def iter_headings(self) -> Iterator[Heading]:
        """Yield every heading, in document order (including those inside callouts)."""
        for block in iter_blocks(self.blocks):
            match block:
                case Heading():
                    yield block


# ---------------------------------------------------------------- what a node holds
# Each ``match`` ends in ``assert_never``: mypy names every case a new node kind needs,
# and a node of a kind not defined here raises.

Inlines = tuple[Inline, ...]
Blocks = tuple[Block, ...]


def inline_children(node: Inline) -> Inlines:
    """The inlines ``node`` wraps (none for text, breaks, citations and anchors)."""
    match node:
        case Strong() | Emphasis() | Link() | Inserted() | Deleted():
            return node.children
        case Text() | FootnoteRef() | LineBreak() | Anchor():
            return ()
        case _:
            assert_never(node)


def children(block: Block) -> Blocks:
    """The blocks nested in ``block``: a callout's, each list item's (in order)."""
    match block:
        case Callout():
            return block.blocks
        case BulletList() | OrderedList():
            return tuple(b for item in block.items for b in item.blocks)
        case Heading() | Paragraph() | Table() | Figure() | Timeline() | Notes():
            return ()
        case PageBreak() | Contents():
            return ()
        case _:
            assert_never(block)


def block_inlines(block: Block) -> list[Inlines]:
    """The runs of inlines a block holds itself: a heading's or paragraph's text, each table
    cell (header first), each timeline entry (not those of blocks nested in it)."""
    match block:
        case Heading() | Paragraph():
            return [block.children]
        case Table():
            return [*block.header, *(cell for row in block.rows for cell in row)]
        case Timeline():
            return [entry.children for entry in block.entries]
        case BulletList() | OrderedList() | Callout() | Figure() | Notes() | PageBreak():
            return []
        case Contents():
            return []
        case _:
            assert_never(block)


def iter_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield blocks depth-first in reading order, descending into callouts and lists."""
    for block in blocks:
        yield block
        yield from iter_blocks(children(block))
