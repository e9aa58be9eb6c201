"""The one walk over the document tree (as Pandoc's ``walk`` and ``query``): maps and
queries over blocks and inlines, built only on what `nodes` says each node kind holds
(`children`, `block_inlines`, `inline_children`).

Every traversal of the tree goes through here, so a new node kind is added in few places:
each ``match`` ends in ``assert_never``, so mypy names every case left to handle, and a
node of a kind the tree does not define raises (never passes through unseen).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from operator import is_not
from typing import Any, TypeVar

from briefgen.tree.nodes import (
    Anchor,
    Block,
    Blocks,
    BulletList,
    Callout,
    Contents,
    Deleted,
    Document,
    Emphasis,
    Figure,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    Inlines,
    Inserted,
    LineBreak,
    Link,
    ListItem,
    Notes,
    OrderedList,
    PageBreak,
    Paragraph,
    Source,
    Strong,
    Table,
    Text,
    Timeline,
    TimelineEntry,
    assert_never,
    block_inlines,
    children,
    inline_children,
    iter_blocks,
)

T = TypeVar("T")

__all__ = [
    "block_inlines",
    "children",
    "headings",
    "inline_children",
    "iter_blocks",
    "iter_inlines",
    "kept",
    "map_blocks",
    "map_document",
    "map_inlines",
    "query",
    "rewrite_inlines",
    "sourced",
    "walk_inlines",
    "with_inline_children",
]


def walk_inlines(nodes: Iterable[Inline]) -> Iterator[Inline]:
    """Every inline of ``nodes`` and those they wrap, depth first."""
    for node in nodes:
        yield node
        yield from walk_inlines(inline_children(node))


def iter_inlines(blocks: Iterable[Block]) -> Iterator[Inline]:
    """Every inline of ``blocks`` (paragraphs, headings, table cells, timeline entries),
    depth first."""
    for block in iter_blocks(blocks):
        for inlines in block_inlines(block):
            yield from walk_inlines(inlines)


def query(fn: Callable[[Block | Inline], Iterable[T]], blocks: Iterable[Block]) -> list[T]:
    """What ``fn`` gives for every block and every inline of ``blocks``, in reading order
    (a block before its text and before the blocks nested in it)."""
    out: list[T] = []
    for block in iter_blocks(blocks):
        out += fn(block)
        for inlines in block_inlines(block):
            for node in walk_inlines(inlines):
                out += fn(node)
    return out


def sourced(blocks: Iterable[Block]) -> Iterator[tuple[Source, Inlines]]:
    """``(source, text)`` for every paragraph, timeline entry and table cell whose text is
    a record field's (`Source`), in reading order."""
    for block in iter_blocks(blocks):
        match block:
            case Paragraph(source=Source() as source):
                yield source, block.children
            case Timeline():
                for entry in block.entries:
                    if entry.source is not None:
                        yield entry.source, entry.children
            case Table():
                for row, sources in zip(block.rows, block.sources, strict=False):
                    for cell, cell_source in zip(row, sources, strict=False):
                        if cell_source is not None:
                            yield cell_source, cell


def headings(doc: Document) -> Iterator[Heading]:
    """Every heading of ``doc``, in document order (including those inside callouts)."""
    return (b for b in iter_blocks(doc.blocks) if isinstance(b, Heading))


# ------------------------------------------------------------------ maps


def with_inline_children(node: Inline, kids: Inlines) -> Inline:
    """``node`` wrapping ``kids`` instead (a leaf is returned as it is)."""
    match node:
        case Strong() | Emphasis() | Link() | Inserted() | Deleted():
            if kids is node.children:
                return node  # nothing changed: no copy
            return dataclasses.replace(node, children=kids)
        case Text() | FootnoteRef() | LineBreak() | Anchor():
            return node
        case _:
            assert_never(node)


def rewrite_inlines(fn: Callable[[Inline], Inlines], nodes: Inlines) -> Inlines:
    """``nodes`` with every inline replaced by what ``fn`` gives for it (none, itself or
    several), bottom up: ``fn`` sees a wrapper with its children already rewritten.
    ``nodes`` itself comes back when ``fn`` gave every node back unchanged."""
    out: list[Inline] = []
    for node in nodes:
        kids = inline_children(node)
        out += fn(with_inline_children(node, rewrite_inlines(fn, kids)) if kids else node)
    return kept(nodes, out)


def kept(old: tuple[Any, ...], new: list[Any]) -> tuple[Any, ...]:
    """``old`` when ``new`` holds the very same objects, else ``new`` as a tuple: an
    unchanged run keeps its identity, so that what holds it need not be copied."""
    if len(old) == len(new) and not any(map(is_not, old, new)):
        return old
    return tuple(new)


def _own_inlines(block: Block, fn: Callable[[Inlines], Inlines]) -> Block:
    """``block`` with each run of inlines it holds itself replaced by ``fn`` of it."""
    match block:
        case Heading() | Paragraph():
            children = fn(block.children)
            if children is block.children:
                return block
            return dataclasses.replace(block, children=children)
        case Table():
            header = kept(block.header, [fn(c) for c in block.header])
            rows = kept(block.rows, [kept(row, [fn(c) for c in row]) for row in block.rows])
            if header is block.header and rows is block.rows:
                return block
            return dataclasses.replace(block, header=header, rows=rows)
        case Timeline():
            entries = kept(block.entries, [_own_entry(e, fn) for e in block.entries])
            if entries is block.entries:
                return block
            return dataclasses.replace(block, entries=entries)
        case BulletList() | OrderedList() | Callout() | Figure() | Notes() | PageBreak():
            return block
        case Contents():
            return block
        case _:
            assert_never(block)


def _own_entry(entry: TimelineEntry, fn: Callable[[Inlines], Inlines]) -> TimelineEntry:
    children = fn(entry.children)
    return entry if children is entry.children else dataclasses.replace(entry, children=children)


def map_blocks(
    fn: Callable[[Block], Block | None],
    blocks: Iterable[Block],
    inlines: Callable[[Inlines], Inlines] | None = None,
) -> Blocks:
    """``blocks`` with every block replaced by ``fn`` of it (None leaves it out), bottom up:
    ``fn`` sees a callout or list with its nested blocks already mapped, and, given
    ``inlines``, each block with its own runs of inlines mapped by it.  What comes back
    unchanged is not copied (a tuple of blocks all kept is returned as it is)."""
    out: list[Block] = []
    for block in blocks:
        match block:
            case Callout():
                inner = map_blocks(fn, block.blocks, inlines)
                if inner is not block.blocks:
                    block = dataclasses.replace(block, blocks=inner)
            case BulletList() | OrderedList():
                items = kept(block.items, [_map_item(i, fn, inlines) for i in block.items])
                if items is not block.items:
                    block = dataclasses.replace(block, items=items)
            case Heading() | Paragraph() | Table() | Figure() | Timeline() | Notes():
                pass
            case PageBreak() | Contents():
                pass
            case _:
                assert_never(block)
        if inlines is not None:
            block = _own_inlines(block, inlines)
        mapped = fn(block)
        if mapped is not None:
            out.append(mapped)
    return kept(blocks, out) if isinstance(blocks, tuple) else tuple(out)


def _map_item(
    item: ListItem,
    fn: Callable[[Block], Block | None],
    inlines: Callable[[Inlines], Inlines] | None,
) -> ListItem:
    inner = map_blocks(fn, item.blocks, inlines)
    return item if inner is item.blocks else ListItem(inner)


def map_inlines(fn: Callable[[Inlines], Inlines], blocks: Iterable[Block]) -> Blocks:
    """``blocks`` with every run of inlines they hold, at any depth, replaced by ``fn`` of it."""
    return map_blocks(_same, blocks, fn)


def _same(block: Block) -> Block:
    return block


def map_document(fn: Callable[[Blocks], Blocks], doc: Document) -> Document:
    """``doc`` with its blocks and each footnote's blocks replaced by ``fn`` of them."""
    notes = tuple(Footnote(n.label, n.number, fn(n.blocks)) for n in doc.footnotes)
    return dataclasses.replace(doc, blocks=fn(doc.blocks), footnotes=notes)
