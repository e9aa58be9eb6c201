"""Portion markings: each body paragraph, list item, table row and timeline entry may carry
its protective marking, printed in round brackets at its start ("(OFFICIAL) ...").

Headings and the cover's title block (paragraphs with a role) carry none.  Writers call
`with_portions` to turn the markings into the leading text of each portion.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from briefgen.tree.nodes import (
    Block,
    BulletList,
    Callout,
    Deleted,
    Document,
    Footnote,
    Inline,
    Inserted,
    ListItem,
    OrderedList,
    Paragraph,
    Table,
    Text,
    Timeline,
    all_deleted,
    all_inserted,
    iter_blocks,
)

Relabel = Callable[[str | None], str | None]


def portions(doc: Document) -> Iterator[str | None]:
    """The portion marking of every portion of ``doc`` (None where it has none), footnotes
    included, in reading order."""
    for blocks in (doc.blocks, *(n.blocks for n in doc.footnotes)):
        for block in iter_blocks(blocks):
            if isinstance(block, Paragraph) and block.role is None:
                yield block.portion
            elif isinstance(block, Table):
                yield from block.portions or (None,) * len(block.rows)
            elif isinstance(block, Timeline):
                yield from (e.portion for e in block.entries)


Portion = Callable[[str | None, tuple[Inline, ...]], tuple[str | None, tuple[Inline, ...]]]
"""What to do with one portion: its marking and text in, its marking and text out."""


def _map(doc: Document, fn: Portion) -> Document:
    """``doc`` with ``fn`` applied to every portion (footnotes included)."""

    def block(b: Block) -> Block:
        if isinstance(b, Paragraph):
            if b.role is not None:
                return b
            portion, children = fn(b.portion, b.children)
            return dataclasses.replace(b, children=children, portion=portion)
        if isinstance(b, Table):
            given = b.portions or (None,) * len(b.rows)
            marks, rows = [], []
            for p, row in zip(given, b.rows, strict=True):
                mark, first = fn(p, row[0] if row else ())
                marks.append(mark)
                rows.append((first, *row[1:]) if row else row)
            kept = tuple(marks) if any(marks) else ()
            return dataclasses.replace(b, rows=tuple(rows), portions=kept)
        if isinstance(b, Timeline):
            entries = []
            for e in b.entries:
                mark, children = fn(e.portion, e.children)
                entries.append(dataclasses.replace(e, children=children, portion=mark))
            return dataclasses.replace(b, entries=tuple(entries))
        if isinstance(b, Callout):
            return dataclasses.replace(b, blocks=tuple(block(c) for c in b.blocks))
        if isinstance(b, (BulletList, OrderedList)):
            items = tuple(ListItem(tuple(block(c) for c in i.blocks)) for i in b.items)
            return dataclasses.replace(b, items=items)
        return b

    notes = tuple(
        Footnote(n.label, n.number, tuple(block(b) for b in n.blocks)) for n in doc.footnotes
    )
    return dataclasses.replace(doc, blocks=tuple(block(b) for b in doc.blocks), footnotes=notes)


def relabel(doc: Document, fn: Relabel) -> Document:
    """``doc`` with every portion marking ``m`` replaced by ``fn(m)``."""
    return _map(doc, lambda portion, inlines: (fn(portion), inlines))


def _lead(portion: str | None, inlines: tuple[Inline, ...]) -> tuple[None, tuple[Inline, ...]]:
    """``inlines`` with ``(portion)`` before them, tracked as the text it marks is."""
    if portion is None:
        return None, inlines
    mark: Inline = Text(f"({portion}) ")
    if all_deleted(inlines):
        mark = Deleted((mark,))
    elif all_inserted(inlines):
        mark = Inserted((mark,))
    if inlines and isinstance(inlines[0], Text) and isinstance(mark, Text):
        return None, (Text(mark.text + inlines[0].text), *inlines[1:])
    return None, (mark, *inlines)


def with_portions(doc: Document) -> Document:
    """``doc`` with each portion marking written as the first text of its portion (for the
    writers, which print text); the markings themselves are cleared."""
    if not any(portions(doc)):
        return doc
    return _map(doc, _lead)
