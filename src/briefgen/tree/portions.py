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
    Deleted,
    Document,
    Inline,
    Inserted,
    Paragraph,
    Table,
    Text,
    Timeline,
    iter_blocks,
)
from briefgen.tree.text import all_deleted, all_inserted
from briefgen.tree.walk import map_blocks, map_document

Relabel = Callable[[str | None], str | None]


def portions(doc: Document) -> Iterator[str | None]:
    """The portion marking of every portion of ``doc`` (None where it has none), footnotes
    included, in reading order.  Only blocks hold portions: their inlines are not walked."""
    for blocks in (doc.blocks, *(n.blocks for n in doc.footnotes)):
        for block in iter_blocks(blocks):
            yield from _marks(block)


def _marks(node: Block) -> tuple[str | None, ...]:
    """The portion markings block ``node`` holds itself."""
    match node:
        case Paragraph(role=None):
            return (node.portion,)
        case Table():
            return node.portions or (None,) * len(node.rows)
        case Timeline():
            return tuple(e.portion for e in node.entries)
        case _:
            return ()


Portion = Callable[[str | None, tuple[Inline, ...]], tuple[str | None, tuple[Inline, ...]]]
"""What to do with one portion: its marking and text in, its marking and text out."""


def _map(doc: Document, fn: Portion) -> Document:
    """``doc`` with ``fn`` applied to every portion (footnotes included)."""

    def block(b: Block) -> Block:
        match b:
            case Paragraph(role=None):
                portion, children = fn(b.portion, b.children)
                return dataclasses.replace(b, children=children, portion=portion)
            case Table():
                given = b.portions or (None,) * len(b.rows)
                marks, rows = [], []
                for p, row in zip(given, b.rows, strict=True):
                    mark, first = fn(p, row[0] if row else ())
                    marks.append(mark)
                    rows.append((first, *row[1:]) if row else row)
                kept = tuple(marks) if any(marks) else ()
                return dataclasses.replace(b, rows=tuple(rows), portions=kept)
            case Timeline():
                entries = []
                for e in b.entries:
                    mark, children = fn(e.portion, e.children)
                    entries.append(dataclasses.replace(e, children=children, portion=mark))
                return dataclasses.replace(b, entries=tuple(entries))
            case _:  # every other kind was walked into by map_blocks, which knows them all
                return b

    return map_document(lambda blocks: map_blocks(block, blocks), doc)


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
    return None, (*_joined(mark, inlines[:1]), *inlines[1:])


def _joined(lead: Inline, first: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``lead`` and the ``first`` inline as one text where they are alike (plain, or both
    inserted or deleted text), so that an inserted paragraph is one insertion."""
    match lead, first:
        case Text(), (Text() as text,):
            return (Text(lead.text + text.text),)
        case (Inserted() | Deleted(), (Inserted() | Deleted() as mark,)) if type(lead) is type(
            mark
        ):
            kids = _joined(lead.children[0], mark.children[:1])
            return (dataclasses.replace(mark, children=(*kids, *mark.children[1:])),)
        case _:
            return (lead, *first)


def with_portions(doc: Document) -> Document:
    """``doc`` with each portion marking written as the first text of its portion (for the
    writers, which print text); the markings themselves are cleared."""
    if not any(portions(doc)):
        return doc
    return _map(doc, _lead)
