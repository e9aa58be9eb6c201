"""Parts of a visit's document bound as attachments of their own: a contributed brief's
section or a meeting's page, taken out of the brief's body (each fact once) and made a
document of its own, with the footnotes it cites and the marking of what it prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefgen import tree as t
from briefgen.markings import Marking, highest
from briefgen.tree.nodes import Inlines
from briefgen.tree.text import plain_text
from briefgen.tree.walk import query

_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


@dataclass(frozen=True)
class Section:
    """The blocks of one part of a document: a level-1 heading and what follows it up to
    the next level-1 heading or page break."""

    start: int
    end: int
    blocks: tuple[t.Block, ...]


def _text(inlines: Inlines) -> str:
    return plain_text(inlines).translate(_ISOLATES).strip()


def find_section(doc: t.Document, heading: str, first: str | None = None) -> Section | None:
    """The section of ``doc`` under the level-1 heading reading ``heading`` whose first
    paragraph reads ``first`` (when given), or None."""
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if not (isinstance(block, t.Heading) and block.level == 1):
            continue
        if _text(block.children) != heading:
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if first is not None and not (
            isinstance(nxt, t.Paragraph) and _text(nxt.children) == first
        ):
            continue
        end = i + 1
        while end < len(blocks):
            b = blocks[end]
            if isinstance(b, t.PageBreak) or (isinstance(b, t.Heading) and b.level == 1):
                break
            end += 1
        return Section(i, end, blocks[i:end])
    return None


def without(doc: t.Document, sections: Sequence[Section]) -> t.Document:
    """``doc`` with ``sections`` (and the page break each starts after) taken out, and the
    footnotes only they cite."""
    if not sections:
        return doc
    gone: set[int] = set()
    for s in sections:
        gone.update(range(s.start, s.end))
        if s.start and isinstance(doc.blocks[s.start - 1], t.PageBreak):
            gone.add(s.start - 1)
    blocks = tuple(b for i, b in enumerate(doc.blocks) if i not in gone)
    notes = _cited(doc.footnotes, blocks)
    if not notes:  # nothing left for the notes to list
        blocks = tuple(b for b in blocks if not isinstance(b, t.Notes))
    return replace(doc, blocks=blocks, footnotes=notes)


def part_document(
    doc: t.Document, section: Section, meta: t.Metadata, marking: Marking
) -> t.Document:
    """``section`` of ``doc`` as a document of its own, marked ``marking``."""
    notes = _cited(doc.footnotes, section.blocks)
    blocks = section.blocks + ((t.Notes(),) if notes else ())  # its citations' target
    return t.Document(replace(meta, marking=marking.banner()), blocks, notes)


def marking_of(section: Section, whole: Marking, floor: Marking) -> Marking:
    """What ``section`` prints is marked: the highest of its portion marks (at least
    ``floor``), or ``whole`` (the document's) when it prints none (every portion is then
    the document's)."""
    marks = query(_portions, section.blocks)
    if not marks:
        return whole
    return highest((Marking.parse(m) for m in marks), floor)


def _portions(node: t.Block | t.Inline) -> list[str]:
    if isinstance(node, (t.Paragraph, t.TimelineEntry)):
        return [node.portion] if node.portion else []
    if isinstance(node, t.Table):
        return [p for p in node.portions if p]
    return []


def _cited(notes: tuple[t.Footnote, ...], blocks: Sequence[t.Block]) -> tuple[t.Footnote, ...]:
    if not notes:
        return notes
    labels = set(query(lambda n: [n.label] if isinstance(n, t.FootnoteRef) else [], blocks))
    return tuple(n for n in notes if n.label in labels)
