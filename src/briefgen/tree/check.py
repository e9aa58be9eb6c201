"""The contract a document tree keeps before any writer sees it.

Every writer gets a tree that passed `check`, so no writer has to decide on its own
what a dangling link, a missing footnote or a duplicate heading id means: they agree on
every malformed tree because they never see one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.errors import RenderError
from briefgen.tree.nodes import (
    Anchor,
    BulletList,
    Callout,
    Deleted,
    Document,
    Emphasis,
    Figure,
    FootnoteRef,
    Heading,
    Inserted,
    LineBreak,
    Link,
    Notes,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    Text,
    Timeline,
    block_inlines,
    iter_blocks,
)
from briefgen.tree.portions import portions
from briefgen.tree.walk import sourced, walk_inlines

_WEB_OR_INTERNAL = re.compile(r"#|(?i:https?://[^\s/?#@\\]|mailto:[^\s@]+@)")


class TreeError(RenderError):
    """A document tree that breaks the contract (a bug in a template or in code)."""


def check(doc: Document) -> None:
    """Raise `TreeError` unless heading and anchor ids are unique, internal links and
    footnote references resolve, other links go to the web, footnotes hold only text and
    cite nothing, are listed by exactly one `Notes` block (none without footnotes), revision
    marks hold only text and have an author and date, and tables, figures and timelines are
    well formed."""
    seen = _walk(doc)  # one walk over the blocks; the checks below keep their order
    ids: set[str] = set()
    for heading in seen.headings:
        if not 1 <= heading.level <= 4:
            raise TreeError(f"heading {heading.id!r} has level {heading.level}, outside 1-4")
        if not heading.id:
            raise TreeError("a heading has an empty id")
        if heading.id in ids:
            raise TreeError(f"two headings have the id {heading.id!r}")
        ids.add(heading.id)
    revised = False
    for node in seen.marks:
        if isinstance(node, Anchor):
            if not node.id or node.id in ids:
                raise TreeError(f"anchor id {node.id!r} is empty or used twice")
            ids.add(node.id)
        else:
            revised = True
            _check_revision(node)
    if revised and doc.meta.revision is None:
        raise TreeError("the blocks carry revision marks but the metadata names no revision")
    notes: dict[str, int] = {}
    for note in doc.footnotes:
        if note.label in notes:
            raise TreeError(f"two footnotes have the label {note.label!r}")
        notes[note.label] = note.number
        for block in iter_blocks(note.blocks):
            if not isinstance(block, (Paragraph, BulletList, OrderedList)):
                kind = type(block).__name__
                raise TreeError(f"footnote {note.label!r} holds a {kind}: only text and lists")
            for inlines in block_inlines(block):
                if any(isinstance(n, FootnoteRef) for n in walk_inlines(inlines)):
                    raise TreeError(f"footnote {note.label!r} cites a footnote")
                if any(isinstance(n, (Inserted, Deleted, Anchor)) for n in walk_inlines(inlines)):
                    raise TreeError(f"footnote {note.label!r} holds a revision mark or anchor")
    _check_portions(doc)
    _check_sources(doc)
    lists = seen.notes_blocks
    if lists > 1 or (doc.footnotes and lists != 1):
        raise TreeError(f"{len(doc.footnotes)} footnotes need one notes block, not {lists}")
    for item in seen.late:
        if isinstance(item, TreeError):
            raise item
        if isinstance(item, FootnoteRef):
            if notes.get(item.label) != item.number:
                raise TreeError(f"footnote reference {item.label!r} has no footnote")
            continue
        if item.href[:1] == "#" and item.href[1:] not in ids:
            raise TreeError(f"link to {item.href!r}, but no heading has that id")
        if not _WEB_OR_INTERNAL.match(item.href):
            raise TreeError(
                f"link to {item.href!r}: a link goes to a heading (#id) or the web "
                "(https://, http://, mailto:), never to a file, share or script"
            )


@dataclass(slots=True)
class _Seen:
    """What one walk over a document's blocks found, each list in reading order."""

    headings: list[Heading] = field(default_factory=list)
    marks: list[Anchor | Inserted | Deleted] = field(default_factory=list)
    notes_blocks: int = 0
    # a block's own fault, or a citation or link to check once every id is known
    late: list[TreeError | FootnoteRef | Link] = field(default_factory=list)


def _walk(doc: Document) -> _Seen:
    seen = _Seen()
    late = seen.late
    for block in iter_blocks(doc.blocks):
        if isinstance(block, Heading):
            seen.headings.append(block)
        elif isinstance(block, Notes):
            seen.notes_blocks += 1
        elif isinstance(block, Timeline) and not (
            block.entries and all(e.date.strip() for e in block.entries)
        ):
            late.append(TreeError("a timeline needs entries, each with a date"))
        if isinstance(block, Table):
            try:
                _check_table(block)
            except TreeError as exc:
                late.append(exc)
        elif isinstance(block, Figure) and not (block.image.width_px and block.image.height_px):
            late.append(TreeError(f"figure {block.image.name!r} has no size"))
        elif isinstance(block, Callout) and block.kind == "cover" and block in doc.blocks[1:]:
            late.append(TreeError("the cover must be the first block"))
        for inlines in block_inlines(block):
            for node in walk_inlines(inlines):
                if isinstance(node, (Anchor, Inserted, Deleted)):
                    seen.marks.append(node)
                elif isinstance(node, (FootnoteRef, Link)):
                    late.append(node)
    return seen


_REVISABLE = (Text, Strong, Emphasis, LineBreak)


def _check_revision(mark: Inserted | Deleted) -> None:
    """A revision mark holds text, emphasis and breaks only (no links, anchors or other
    marks: what Word's w:ins and w:del may hold), and an insertion also footnote
    references (a deleted one would cite a note the document no longer has)."""
    allowed = (*_REVISABLE, FootnoteRef) if isinstance(mark, Inserted) else _REVISABLE
    for node in walk_inlines(mark.children):
        if not isinstance(node, allowed):
            kind = type(mark).__name__
            raise TreeError(f"{kind} text holds a {type(node).__name__}: only text and emphasis")


def _check_portions(doc: Document) -> None:
    """Portion markings are all or nothing: once one portion is marked, every paragraph,
    table row and timeline entry is; each is a marking's text, without brackets."""
    found = list(portions(doc))
    marked = [p for p in found if p is not None]
    if marked and len(marked) != len(found):
        raise TreeError(f"{len(found) - len(marked)} of {len(found)} portions have no marking")
    for p in marked:
        if not p.strip() or any(c in p for c in "()\n[]"):
            raise TreeError(f"portion marking {p!r} is not a marking")


def _check_sources(doc: Document) -> None:
    """Each `Source` names a data file and a field (``file#path``) and has text; a table's
    sources match its rows."""
    for block in iter_blocks(doc.blocks):
        if isinstance(block, Table) and block.sources:
            shape = [len(r) for r in block.rows]
            if [len(s) for s in block.sources] != shape:
                raise TreeError(f"a table's sources do not match its {len(shape)} rows")
    for source, _ in sourced(doc.blocks):
        file, _, path = source.key.partition("#")
        if not file or not path or not source.text:
            raise TreeError(f"source {source.key!r} names no data file and field, or no text")


def _check_table(table: Table) -> None:
    cols = len(table.header)
    if table.portions and len(table.portions) != len(table.rows):
        raise TreeError(f"a table of {len(table.rows)} rows has {len(table.portions)} portions")
    if cols == 0:
        raise TreeError("a table has no header cells")
    for row in table.rows:
        if len(row) != cols:
            raise TreeError(f"a table row has {len(row)} cells, its header {cols}")
    if len(table.widths) != cols or any(w <= 0 for w in table.widths):
        raise TreeError(f"a table of {cols} columns has widths {list(table.widths)}")
    if len(table.align) > cols:
        raise TreeError(f"a table of {cols} columns has {len(table.align)} alignments")
