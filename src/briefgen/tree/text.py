"""What runs of inlines say: their plain text, and whether and how they are revised."""

from __future__ import annotations

from briefgen.tree.nodes import (
    Anchor,
    Deleted,
    Emphasis,
    FootnoteRef,
    Inline,
    Inlines,
    Inserted,
    LineBreak,
    Link,
    Strong,
    Text,
    assert_never,
)
from briefgen.tree.walk import walk_inlines

NOTE_SEPARATOR = ", "
"""Set between footnote references that follow one another: "1, 3", never "13"."""


def plain_text(inlines: Inlines) -> str:
    """The text of inlines as a reader sees it (footnote references as their number;
    deleted text is gone)."""
    out: list[str] = []
    for i, node in enumerate(inlines):
        if isinstance(node, FootnoteRef) and i and isinstance(inlines[i - 1], FootnoteRef):
            out.append(NOTE_SEPARATOR)
        out.append(_shown(node))
    return "".join(out)


def uncited(inlines: Inlines) -> Inlines:
    """``inlines`` without the footnote references that end them (a paragraph's citations)."""
    end = len(inlines)
    while end and isinstance(inlines[end - 1], FootnoteRef):
        end -= 1
    return inlines[:end]


def _shown(node: Inline) -> str:
    match node:
        case Text():
            return node.text
        case Strong() | Emphasis() | Link() | Inserted():
            return plain_text(node.children)
        case FootnoteRef():
            return str(node.number)
        case LineBreak():
            return "\n"
        case Deleted() | Anchor():
            return ""
        case _:
            assert_never(node)


def _unmarked(nodes: Inlines) -> str:
    """The text of ``nodes`` outside revision marks."""
    out: list[str] = []
    for node in nodes:
        match node:
            case Text():
                out.append(node.text)
            case Strong() | Emphasis() | Link():
                out.append(_unmarked(node.children))
            case Inserted() | Deleted() | FootnoteRef() | LineBreak() | Anchor():
                pass
            case _:
                assert_never(node)
    return "".join(out)


def has_revisions(inlines: Inlines) -> bool:
    """Whether ``inlines`` hold an `Inserted` or `Deleted` mark at any depth."""
    return any(isinstance(n, (Inserted, Deleted)) for n in walk_inlines(inlines))


def all_deleted(inlines: Inlines) -> bool:
    """Whether everything ``inlines`` show was deleted (a paragraph or cell that is gone)."""
    return has_revisions(inlines) and not plain_text(inlines).strip()


def row_deleted(row: tuple[Inlines, ...]) -> bool:
    """Whether a table row went since the last edition (revised, and no text left in it)."""
    return any(all_deleted(c) for c in row) and not any(plain_text(c).strip() for c in row)


def all_inserted(inlines: Inlines) -> bool:
    """Whether all the text of ``inlines`` was inserted (a paragraph or cell that is new)."""
    return (
        has_revisions(inlines)
        and bool(plain_text(inlines).strip())
        and not any(isinstance(n, Deleted) for n in walk_inlines(inlines))
        and not _unmarked(inlines).strip()
    )
