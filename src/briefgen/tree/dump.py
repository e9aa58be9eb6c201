"""A document tree as indented text: stable enough for snapshot tests and ``briefgen tree``."""

from __future__ import annotations

from briefgen.tree.nodes import (
    Anchor,
    Block,
    BulletList,
    Callout,
    Contents,
    Deleted,
    Document,
    Emphasis,
    Figure,
    FootnoteRef,
    Heading,
    Inline,
    Inserted,
    LineBreak,
    Link,
    Notes,
    OrderedList,
    PageBreak,
    Paragraph,
    Source,
    Strong,
    Table,
    Text,
    Timeline,
    assert_never,
)


def _source(source: Source | None) -> str:
    """A block's source as the dump shows it: the data file and field its text is."""
    return "" if source is None else f" source={source.key!r}"


def dump(doc: Document) -> str:
    """Return the tree as indented text, stable enough for snapshot tests."""
    m = doc.meta
    lines = [
        "document",
        f"  meta title={m.title!r} subtitle={m.subtitle!r}",
        f"  meta marking={m.marking!r} edition={m.edition.isoformat()} draft={m.draft}",
        f"  meta organisation={m.organisation!r} author={m.author!r} language={m.language!r}",
        f"  meta keywords={list(m.keywords)!r}",
        f"  meta reference={m.reference!r} version={m.version!r}",
    ]
    lines += [f"  meta control {line!r}" for line in m.control]
    if m.revision is not None:
        lines.append(
            f"  meta revision author={m.revision.author!r} date={m.revision.date.isoformat()}"
        )
    for block in doc.blocks:
        _dump_block(block, 1, lines)
    for note in doc.footnotes:
        lines.append(f"  footnote [{note.number}] label={note.label!r}")
        for block in note.blocks:
            _dump_block(block, 2, lines)
    return "\n".join(lines) + "\n"


_WRAPPERS: dict[type, str] = {
    Strong: "strong",
    Emphasis: "emphasis",
    Inserted: "inserted",
    Deleted: "deleted",
}
"""Inlines that only wrap others, by the word the dump gives them."""


def _dump_inlines(inlines: tuple[Inline, ...], depth: int, out: list[str]) -> None:
    pad = "  " * depth
    for node in inlines:
        match node:
            case Text():
                out.append(f"{pad}text {node.text!r}")
            case Strong() | Emphasis() | Inserted() | Deleted():
                out.append(f"{pad}{_WRAPPERS[type(node)]}")
                _dump_inlines(node.children, depth + 1, out)
            case Link():
                out.append(f"{pad}link href={node.href!r}")
                _dump_inlines(node.children, depth + 1, out)
            case FootnoteRef():
                out.append(f"{pad}footnote-ref [{node.number}] label={node.label!r}")
            case LineBreak():
                out.append(f"{pad}line-break")
            case Anchor():
                out.append(f"{pad}anchor id={node.id!r}")
            case _:
                assert_never(node)


def _portion(portion: str | None) -> str:
    return f" portion={portion!r}" if portion is not None else ""


def _dump_block(block: Block, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    match block:
        case Heading():
            out.append(f"{pad}heading level={block.level} id={block.id!r}")
            _dump_inlines(block.children, depth + 1, out)
        case Paragraph():
            out.append(
                f"{pad}paragraph"
                + (f" role={block.role}" if block.role else "")
                + _portion(block.portion)
                + _source(block.source)
            )
            _dump_inlines(block.children, depth + 1, out)
        case BulletList() | OrderedList():
            start = f" start={block.start}" if isinstance(block, OrderedList) else ""
            out.append(f"{pad}{'ordered' if start else 'bullet'}-list{start}")
            for item in block.items:
                out.append(f"{pad}  item")
                for child in item.blocks:
                    _dump_block(child, depth + 2, out)
        case Table():
            widths = ", ".join(f"{w:.3f}" for w in block.widths)
            align = list(block.align)
            named = f" name={block.name!r}" if block.name != block.caption else ""
            out.append(
                f"{pad}table caption={block.caption!r}{named} widths=[{widths}] align={align!r}"
            )
            out.append(f"{pad}  header")
            for cell in block.header:
                out.append(f"{pad}    cell")
                _dump_inlines(cell, depth + 3, out)
            marks = block.portions or (None,) * len(block.rows)
            for i, (portion, row) in enumerate(zip(marks, block.rows, strict=True)):
                out.append(f"{pad}  row{_portion(portion)}")
                sources = block.sources[i] if block.sources else ()
                for j, cell in enumerate(row):
                    out.append(f"{pad}    cell{_source(sources[j] if j < len(sources) else None)}")
                    _dump_inlines(cell, depth + 3, out)
        case Figure():
            img = block.image
            out.append(
                f"{pad}figure image={img.name!r} size={img.width_px}x{img.height_px} "
                f"sha256={img.sha256[:16]}"
            )
            out.append(f"{pad}  alt {block.alt!r}")
            out.append(f"{pad}  caption {block.caption!r}")
            out.append(f"{pad}  credit {block.credit!r}")
        case Callout():
            out.append(f"{pad}callout kind={block.kind}")
            for child in block.blocks:
                _dump_block(child, depth + 1, out)
        case Timeline():
            out.append(f"{pad}timeline")
            for entry in block.entries:
                source = _source(entry.source)
                out.append(f"{pad}  entry date={entry.date!r}{_portion(entry.portion)}{source}")
                _dump_inlines(entry.children, depth + 2, out)
        case Notes():
            out.append(f"{pad}notes")
        case PageBreak():
            out.append(f"{pad}page-break")
        case Contents():
            out.append(f"{pad}contents title={block.title!r} depth={block.depth}")
        case _:
            assert_never(block)
