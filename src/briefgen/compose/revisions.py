"""Revision marks: a pack's document tree compared with the same pack's tree in an earlier
edition, its changed text marked `Inserted` and `Deleted`.

Blocks are aligned by their kind and text (lists item by item, tables row by row), and
paired paragraphs, headings and cells word by word.  Footnote references are citations,
not text: one that went is dropped, one that came is kept unmarked (but a paragraph, item
or row that is new is inserted whole, its citations with it).  A heading, table or
figure that went is left out (its text, if any, is marked deleted in its paragraphs).
The "Changes since" section itself is never compared; its links to the changes are
given anchors in the first changed block that names the record (or unwrapped).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Any

from briefgen import tree as t

CHANGES_ID = "changes-since"
"""How the heading id of the "Changes since" section starts (its text made a slug)."""

_WORDS = re.compile(r"\s+|[^\s]+")


# ------------------------------------------------------------------ signatures


def _text(block: t.Block) -> str:
    """All the text of a block, for alignment."""
    if isinstance(block, (t.Heading, t.Paragraph)):
        return t.plain_text(block.children)
    if isinstance(block, (t.BulletList, t.OrderedList)):
        return "\n".join(_item_text(i) for i in block.items)
    if isinstance(block, t.Table):
        return "\n".join(_row_text(r) for r in (block.header, *block.rows))
    if isinstance(block, t.Callout):
        return "\n".join(_text(b) for b in block.blocks)
    if isinstance(block, t.Figure):
        return block.caption
    return ""


def _item_text(item: t.ListItem) -> str:
    return "\n".join(_text(b) for b in item.blocks)


def _row_text(row: tuple[tuple[t.Inline, ...], ...]) -> str:
    return "\t".join(t.plain_text(c) for c in row)


def _sig(block: t.Block) -> tuple[str, str]:
    return (type(block).__name__, _text(block))


# ------------------------------------------------------------------ marking whole blocks

Mark = Callable[[tuple[t.Inline, ...]], tuple[t.Inline, ...]]


def _inserted(inlines: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
    """All of ``inlines`` inserted, its citations too (rejecting the insertion in Word then
    leaves no stray footnote mark); anchors stay unmarked."""
    return _rebuild([(a, "ins" if a[0] != "anchor" else None) for a in _atoms(inlines)])


def _deleted(inlines: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
    return _rebuild([(a, "del") for a in _atoms(inlines) if a[0] != "note"])


def _mark_block(block: t.Block, mark: Mark, deleting: bool) -> t.Block | None:
    """``block`` with all its text marked; None for what a deletion leaves out."""
    if isinstance(block, t.Paragraph):
        return dataclasses.replace(block, children=mark(block.children))
    if isinstance(block, t.Heading):
        return None if deleting else dataclasses.replace(block, children=mark(block.children))
    if isinstance(block, (t.BulletList, t.OrderedList)):
        items = tuple(_mark_item(i, mark, deleting) for i in block.items)
        return dataclasses.replace(block, items=items)
    if isinstance(block, t.Table):
        if deleting:
            return None
        rows = tuple(tuple(mark(c) for c in r) for r in block.rows)
        return dataclasses.replace(block, rows=rows)
    if isinstance(block, t.Callout):
        kids = tuple(b for b in (_mark_block(c, mark, deleting) for c in block.blocks) if b)
        return dataclasses.replace(block, blocks=kids) if kids else None
    return None if deleting else block


def _mark_item(item: t.ListItem, mark: Mark, deleting: bool) -> t.ListItem:
    kids = tuple(b for b in (_mark_block(c, mark, deleting) for c in item.blocks) if b)
    return t.ListItem(kids)


# ------------------------------------------------------------------ aligning blocks


def _align(old: Sequence[Any], new: Sequence[Any], sig: Callable[[Any], Any]) -> list[Any]:
    """Opcodes pairing ``old`` with ``new``: ("equal"|"pair", o, n), ("insert", None, n),
    ("delete", o, None), in reading order."""
    matcher = SequenceMatcher(None, [sig(o) for o in old], [sig(n) for n in new], autojunk=False)
    out: list[Any] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [("equal", old[i1 + k], new[j1 + k]) for k in range(i2 - i1)]
        elif op == "insert":
            out += [("insert", None, new[j]) for j in range(j1, j2)]
        elif op == "delete":
            out += [("delete", old[i], None) for i in range(i1, i2)]
        else:  # replace: pair in order while the kinds agree
            olds, news = list(old[i1:i2]), list(new[j1:j2])
            while olds or news:
                if olds and news and _kind(olds[0]) == _kind(news[0]):
                    out.append(("pair", olds.pop(0), news.pop(0)))
                elif olds and (not news or _kind(olds[0]) not in map(_kind, news)):
                    out.append(("delete", olds.pop(0), None))
                else:
                    out.append(("insert", None, news.pop(0)))
    return out


def _kind(x: Any) -> Any:
    if isinstance(x, tuple):  # a table row
        return len(x)
    return type(x)


def diff_blocks(old: Sequence[t.Block], new: Sequence[t.Block]) -> tuple[t.Block, ...]:
    """``new`` with what changed since ``old`` marked."""
    out: list[t.Block] = []
    for op, o, n in _align(old, new, _sig):
        if op == "equal":
            out.append(n)
        elif op == "insert":
            marked = _mark_block(n, _inserted, False)
            out.append(marked if marked is not None else n)
        elif op == "delete":
            gone = _mark_block(o, _deleted, True)
            if gone is not None:
                out.append(gone)
        else:
            out.append(_pair(o, n))
    return tuple(out)


def _pair(old: t.Block, new: t.Block) -> t.Block:
    if isinstance(new, (t.Paragraph, t.Heading)) and isinstance(old, (t.Paragraph, t.Heading)):
        return dataclasses.replace(new, children=diff_inlines(old.children, new.children))
    if isinstance(new, (t.BulletList, t.OrderedList)) and isinstance(
        old, (t.BulletList, t.OrderedList)
    ):
        items: list[t.ListItem] = []
        for op, o, n in _align(old.items, new.items, _item_text):
            if op == "equal":
                items.append(n)
            elif op == "insert":
                items.append(_mark_item(n, _inserted, False))
            elif op == "delete":
                items.append(_mark_item(o, _deleted, True))
            else:
                items.append(t.ListItem(diff_blocks(o.blocks, n.blocks)))
        return dataclasses.replace(new, items=tuple(items))
    if isinstance(new, t.Table) and isinstance(old, t.Table):
        if len(new.header) != len(old.header):
            return new
        rows: list[tuple[tuple[t.Inline, ...], ...]] = []
        marks: list[str | None] = []  # each row's portion marking, a deleted row's its own
        olds = list(zip(old.portions or (None,) * len(old.rows), old.rows, strict=True))
        news = list(zip(new.portions or (None,) * len(new.rows), new.rows, strict=True))
        for op, om, nm in _align(olds, news, lambda x: _row_text(x[1])):
            if op == "delete":
                marks.append(om[0])
                rows.append(tuple(_deleted(c) for c in om[1]))
                continue
            marks.append(nm[0])
            if op == "equal":
                rows.append(nm[1])
            elif op == "insert":
                rows.append(tuple(_inserted(c) for c in nm[1]))
            else:
                rows.append(tuple(diff_inlines(a, b) for a, b in zip(om[1], nm[1], strict=True)))
        header = tuple(diff_inlines(a, b) for a, b in zip(old.header, new.header, strict=True))
        portions = tuple(marks) if any(marks) else ()
        return dataclasses.replace(new, header=header, rows=tuple(rows), portions=portions)
    if isinstance(new, t.Callout) and isinstance(old, t.Callout):
        return dataclasses.replace(new, blocks=diff_blocks(old.blocks, new.blocks))
    return new


# ------------------------------------------------------------------ inlines, word by word

Atom = tuple[str, Any, tuple[Any, ...]]  # (kind, value, wrappers outermost first)


def _atoms(inlines: tuple[t.Inline, ...], wrap: tuple[Any, ...] = ()) -> list[Atom]:
    out: list[Atom] = []
    for node in inlines:
        if isinstance(node, t.Text):
            out += [("text", w, wrap) for w in _WORDS.findall(node.text)]
        elif isinstance(node, t.Strong):
            out += _atoms(node.children, (*wrap, ("strong",)))
        elif isinstance(node, t.Emphasis):
            out += _atoms(node.children, (*wrap, ("em",)))
        elif isinstance(node, t.Link):
            out += _atoms(node.children, (*wrap, ("link", node.href)))
        elif isinstance(node, t.FootnoteRef):
            out.append(("note", node, wrap))
        elif isinstance(node, t.LineBreak):
            out.append(("br", None, wrap))
        elif isinstance(node, t.Anchor):
            out.append(("anchor", node, wrap))
        elif isinstance(node, (t.Inserted, t.Deleted)):  # already marked: keep as text
            out += _atoms(node.children, wrap)
    return out


def _key(atom: Atom) -> Any:
    kind, value, wrap = atom
    if kind == "note":
        return (kind, value.label, wrap)
    return (kind, value, wrap)


def diff_inlines(old: tuple[t.Inline, ...], new: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
    """``new`` with the words added since ``old`` marked inserted and those gone, deleted."""
    a, b = _atoms(old), _atoms(new)
    ka, kb = [_key(x) for x in a], [_key(x) for x in b]
    if ka == kb:
        return new
    marked: list[tuple[Atom, str | None]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if op == "equal":
            marked += [(x, None) for x in b[j1:j2]]
            continue
        marked += [(x, "del") for x in a[i1:i2] if x[0] not in ("note", "anchor")]
        marked += [(x, "ins" if x[0] not in ("note", "anchor") else None) for x in b[j1:j2]]
    return _rebuild(marked)


def _rebuild(marked: list[tuple[Atom, str | None]], depth: int = 0) -> tuple[t.Inline, ...]:
    """Inlines from marked atoms: a run of atoms in the same link or emphasis becomes one
    node (so a link keeps being one link), and the marks go innermost (so a link holds its
    revision marks, never the other way round)."""
    out: list[t.Inline] = []
    i = 0
    while i < len(marked):
        wrap, rev = marked[i][0][2], marked[i][1]
        j = i + 1
        if len(wrap) > depth:  # a run inside the same wrapper at this depth
            while j < len(marked) and marked[j][0][2][depth : depth + 1] == wrap[depth : depth + 1]:
                j += 1
            inner = _rebuild(marked[i:j], depth + 1)
            w = wrap[depth]
            if w[0] == "strong":
                out.append(t.Strong(inner))
            elif w[0] == "em":
                out.append(t.Emphasis(inner))
            else:
                out.append(t.Link(w[1], inner))
        else:  # a run of leaves with the same mark
            while j < len(marked) and len(marked[j][0][2]) == depth and marked[j][1] == rev:
                j += 1
            leaves: list[t.Inline] = []
            for (kind, value, _), _rev in marked[i:j]:
                if kind == "text":
                    if leaves and isinstance(leaves[-1], t.Text):
                        leaves[-1] = t.Text(leaves[-1].text + value)
                    else:
                        leaves.append(t.Text(value))
                elif kind == "br":
                    leaves.append(t.LineBreak())
                else:
                    leaves.append(value)
            if rev == "ins":
                out.append(t.Inserted(tuple(leaves)))
            elif rev == "del":
                out.append(t.Deleted(tuple(leaves)))
            else:
                out += leaves
        i = j
    return tuple(out)


# ------------------------------------------------------------------ the document


@dataclasses.dataclass(frozen=True)
class Target:
    """Where the changes list's link ``#id`` should lead: the first changed block whose
    text holds ``label`` (in what it shows, or for a removal in what it deleted)."""

    id: str
    label: str
    removed: bool = False


def _section(blocks: tuple[t.Block, ...]) -> tuple[int, int] | None:
    """Where the "Changes since" section starts and ends among ``blocks``."""
    for i, b in enumerate(blocks):
        if isinstance(b, t.Heading) and b.id.startswith(CHANGES_ID):
            j = i + 1  # its heading, then its paragraphs and lists
            while j < len(blocks) and isinstance(
                blocks[j], (t.Paragraph, t.BulletList, t.OrderedList)
            ):
                j += 1
            return i, j
    return None


def mark_revisions(
    old: t.Document, new: t.Document, revision: t.Revision, targets: Sequence[Target]
) -> t.Document:
    """``new`` with its changes since ``old`` marked, the changes list's links anchored."""
    found = _section(new.blocks)
    i, j = found if found is not None else (len(new.blocks), len(new.blocks))
    head = diff_blocks(old.blocks[:i], new.blocks[:i])
    section = new.blocks[i:j]
    blocks = (*head, *section, *diff_blocks(old.blocks[i:], new.blocks[j:]))
    where = (len(head), len(head) + len(section))
    anchored, placed = _place(blocks, targets, skip=where)
    unplaced = {f"#{x.id}" for x in targets if x.id not in placed}
    blocks = tuple(
        _unlink(b, unplaced) if where[0] <= n < where[1] else b for n, b in enumerate(anchored)
    )
    # deleted text may hold a link to a heading that went with it: it keeps its text only
    ids = {h.id for h in t.Document(new.meta, blocks).iter_headings()} | placed
    dangling = {
        n.href
        for n in t.iter_inlines(blocks)
        if isinstance(n, t.Link) and n.href.startswith("#") and n.href[1:] not in ids
    }
    blocks = tuple(_unlink(b, dangling) for b in blocks)
    meta = new.meta
    if any(_revised(b) for b in blocks):
        meta = dataclasses.replace(meta, revision=revision)
    return dataclasses.replace(new, meta=meta, blocks=blocks)


def _revised(block: t.Block) -> bool:
    return any(t.has_revisions(x) for b in t.iter_blocks((block,)) for x in _inline_lists(b))


def _inline_lists(block: t.Block) -> list[tuple[t.Inline, ...]]:
    if isinstance(block, (t.Heading, t.Paragraph)):
        return [block.children]
    if isinstance(block, t.Table):
        return [*block.header, *(c for r in block.rows for c in r)]
    return []


def _shown_and_gone(inlines: tuple[t.Inline, ...]) -> tuple[str, str]:
    gone: list[str] = []

    def walk(nodes: tuple[t.Inline, ...]) -> None:
        for n in nodes:
            if isinstance(n, t.Deleted):
                gone.append(t.plain_text(n.children))
            elif isinstance(n, (t.Strong, t.Emphasis, t.Link)):
                walk(n.children)

    walk(inlines)
    return t.plain_text(inlines), " ".join(gone)


def _place(
    blocks: tuple[t.Block, ...], targets: Sequence[Target], skip: tuple[int, int]
) -> tuple[tuple[t.Block, ...], set[str]]:
    """Put each target's anchor at the start of the first changed paragraph, heading or
    table row that names its record (the blocks in ``skip`` aside); the blocks, and the
    ids of the targets placed."""
    waiting = list(targets)
    placed: set[str] = set()

    def anchor(inlines: tuple[t.Inline, ...], text: str, gone: str) -> tuple[t.Inline, ...]:
        if not waiting or not t.has_revisions(inlines):
            return inlines
        mine = [
            x
            for x in waiting
            if (x.label.rstrip("…") in (gone if x.removed else text)) and not t.all_deleted(inlines)
        ]
        for x in mine:
            waiting.remove(x)
            placed.add(x.id)
        return (*(t.Anchor(x.id) for x in mine), *inlines) if mine else inlines

    def block(b: t.Block) -> t.Block:
        if isinstance(b, (t.Paragraph, t.Heading)):
            shown, gone = _shown_and_gone(b.children)
            return dataclasses.replace(b, children=anchor(b.children, shown, gone))
        if isinstance(b, (t.BulletList, t.OrderedList)):
            items = tuple(t.ListItem(tuple(block(c) for c in i.blocks)) for i in b.items)
            return dataclasses.replace(b, items=items)
        if isinstance(b, t.Callout):
            return dataclasses.replace(b, blocks=tuple(block(c) for c in b.blocks))
        if isinstance(b, t.Table):
            rows = []
            for row in b.rows:
                texts = [_shown_and_gone(c) for c in row]
                shown = "\t".join(s for s, _ in texts)
                gone = "\t".join(g for _, g in texts)
                first = next((k for k, c in enumerate(row) if t.has_revisions(c)), None)
                if first is None:
                    rows.append(row)
                    continue
                cell = anchor(row[first], shown, gone)
                rows.append((*row[:first], cell, *row[first + 1 :]))
            return dataclasses.replace(b, rows=tuple(rows))
        return b

    out = tuple(b if skip[0] <= n < skip[1] else block(b) for n, b in enumerate(blocks))
    return out, placed


def _unlink(block: t.Block, hrefs: set[str]) -> t.Block:
    """``block`` with its links to ``hrefs`` replaced by their text."""
    if not hrefs:
        return block

    def inl(nodes: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
        out: list[t.Inline] = []
        for n in nodes:
            if isinstance(n, t.Link) and n.href in hrefs:
                out += inl(n.children)
            elif isinstance(n, (t.Strong, t.Emphasis, t.Link)):
                out.append(dataclasses.replace(n, children=inl(n.children)))
            else:
                out.append(n)
        return tuple(out)

    if isinstance(block, (t.Paragraph, t.Heading)):
        return dataclasses.replace(block, children=inl(block.children))
    if isinstance(block, (t.BulletList, t.OrderedList)):
        items = tuple(t.ListItem(tuple(_unlink(c, hrefs) for c in i.blocks)) for i in block.items)
        return dataclasses.replace(block, items=items)
    if isinstance(block, t.Callout):
        return dataclasses.replace(block, blocks=tuple(_unlink(c, hrefs) for c in block.blocks))
    if isinstance(block, t.Table):
        rows = tuple(tuple(inl(c) for c in row) for row in block.rows)
        return dataclasses.replace(block, header=tuple(inl(c) for c in block.header), rows=rows)
    return block
