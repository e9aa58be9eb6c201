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
from briefgen.tree.nodes import assert_never

CHANGES_ID = "changes-since"
"""How the heading id of the "Changes since" section starts (its text made a slug)."""

_WORDS = re.compile(r"\s+|[^\s]+")


# ------------------------------------------------------------------ signatures


def _text(block: t.Block) -> str:
    """All the text of a block (nested blocks' too), for alignment."""
    own = [_row_text(r) for r in _rows(block)] if isinstance(block, t.Table) else []
    if isinstance(block, t.Figure):
        own = [block.caption]
    elif isinstance(block, t.Timeline):
        own = [f"{e.date}\t{t.plain_text(e.children)}" for e in block.entries]
    elif not own:
        own = [t.plain_text(x) for x in t.block_inlines(block)]
    return "\n".join([*own, *(_text(b) for b in t.children(block))])


def _rows(table: t.Table) -> tuple[tuple[tuple[t.Inline, ...], ...], ...]:
    return (table.header, *table.rows)


def _item_text(item: t.ListItem) -> str:
    return "\n".join(_text(b) for b in item.blocks)


def _row_text(row: tuple[tuple[t.Inline, ...], ...]) -> str:
    return "\t".join(t.plain_text(c) for c in row)


def _label(item: t.ListItem) -> str:
    """The bold label an item starts with ("**Agency:** JAXA" gives "Agency:"), or ""."""
    match item.blocks[:1]:
        case (t.Paragraph(children=(t.Strong() as lead, *_)),):
            return t.plain_text(lead.children).strip()
        case _:
            return ""


def _item_likeness(a: t.ListItem, b: t.ListItem) -> float:
    """How alike two list items are; items under the same bold label are at least half
    alike (the label says what the item is about), so a rewritten item stays one item."""
    like = _likeness(_item_text(a), _item_text(b))
    same = _label(a) == _label(b) != ""
    return max(like, 0.5 + like / 2) if same else like


def _sig(block: t.Block) -> tuple[str, str]:
    return (type(block).__name__, _text(block))


def _likeness(a: str, b: str) -> float:
    """How alike two texts are, word by word (0 to 1)."""
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _row_likeness(
    a: tuple[tuple[t.Inline, ...], ...], b: tuple[tuple[t.Inline, ...], ...]
) -> float:
    """How alike two table rows are: their cells' likeness, averaged; a row whose first
    cell (what the row is about) is the same is at least half alike."""
    if len(a) != len(b) or not a:
        return 0.0
    cells = [_likeness(t.plain_text(x), t.plain_text(y)) for x, y in zip(a, b, strict=True)]
    mean = sum(cells) / len(cells)
    same = t.plain_text(a[0]).strip() == t.plain_text(b[0]).strip() != ""
    return max(mean, 0.5 + mean / 2) if same else mean


# ------------------------------------------------------------------ marking whole blocks

Mark = Callable[[tuple[t.Inline, ...]], tuple[t.Inline, ...]]


def _inserted(inlines: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
    """All of ``inlines`` inserted, its citations too (rejecting the insertion in Word then
    leaves no stray footnote mark); anchors stay unmarked."""
    return _rebuild([(a, "ins" if a[0] != "anchor" else None) for a in _atoms(inlines)])


def _deleted(inlines: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
    return _rebuild([(a, "del") for a in _atoms(inlines) if a[0] != "note"])


def _inserted_blocks(blocks: Sequence[t.Block]) -> tuple[t.Block, ...]:
    """``blocks`` that came since the last edition: all their text inserted."""
    return t.map_blocks(_same, blocks, _inserted)


def _same(block: t.Block) -> t.Block:
    return block


def _deleted_blocks(blocks: Sequence[t.Block]) -> tuple[t.Block, ...]:
    """``blocks`` that went: paragraphs and list items keep their text, deleted; headings,
    tables, figures, timelines and the like are left out, and a callout left empty too."""
    return t.map_blocks(_kept_when_deleted, blocks, _deleted)


def _kept_when_deleted(block: t.Block) -> t.Block | None:
    match block:
        case t.Paragraph() | t.BulletList() | t.OrderedList():
            return block
        case t.Callout():
            return block if block.blocks else None
        case _:
            return None


def _inserted_item(item: t.ListItem) -> t.ListItem:
    return t.ListItem(_inserted_blocks(item.blocks))


def _deleted_item(item: t.ListItem) -> t.ListItem:
    return t.ListItem(_deleted_blocks(item.blocks))


# ------------------------------------------------------------------ aligning


def _align(
    old: Sequence[Any],
    new: Sequence[Any],
    sig: Callable[[Any], Any],
    likeness: Callable[[Any, Any], float],
    least: float,
) -> list[Any]:
    """Opcodes pairing ``old`` with ``new``: ("equal"|"pair", o, n), ("insert", None, n),
    ("delete", o, None), in reading order.  Where they differ, the most alike pairs are
    made (each at least ``least`` alike; ``likeness`` below 0 never pairs); the rest are
    inserted or deleted whole."""
    matcher = SequenceMatcher(None, [sig(o) for o in old], [sig(n) for n in new], autojunk=False)
    out: list[Any] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [("equal", old[i1 + k], new[j1 + k]) for k in range(i2 - i1)]
        else:
            out += _pair_up(old[i1:i2], new[j1:j2], likeness, least)
    return out


_MOST_COMPARED = 400
"""Beyond this many pairs to weigh, a changed run is paired in order (kinds agreeing)."""


def _pair_up(
    olds: Sequence[Any], news: Sequence[Any], likeness: Callable[[Any, Any], float], least: float
) -> list[Any]:
    """A changed run aligned so that the pairs made are, in order, as alike as they can be
    (the dynamic programme of a diff of lines, scored by likeness)."""
    n, m = len(olds), len(news)
    if n * m > _MOST_COMPARED:
        like = [[1.0 if _kind(o) == _kind(x) else -1.0 for x in news] for o in olds]
    else:
        like = [[likeness(o, x) for x in news] for o in olds]
    # best[i][j]: the most likeness pairing olds[i:] with news[j:] can give; each pair
    # made also counts 1, so that of equal likeness more pairs win
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            options: list[tuple[float, str]] = []
            if i < n and j < m and like[i][j] >= max(least, 0.0):
                options.append((best[i + 1][j + 1] + 1 + like[i][j], "pair"))
            if i < n:
                options.append((best[i + 1][j], "delete"))
            if j < m:
                options.append((best[i][j + 1], "insert"))
            best[i][j], move[i][j] = max(options, key=lambda o: o[0])
    out: list[Any] = []
    i = j = 0
    while i < n or j < m:
        step = move[i][j]
        if step == "pair":
            out.append(("pair", olds[i], news[j]))
            i, j = i + 1, j + 1
        elif step == "delete":
            out.append(("delete", olds[i], None))
            i += 1
        else:
            out.append(("insert", None, news[j]))
            j += 1
    return out


def _kind(x: Any) -> Any:
    if isinstance(x, tuple):  # a table row
        return len(x)
    return type(x)


def _block_likeness(old: t.Block, new: t.Block) -> float:
    """Blocks of one kind may pair however unlike (a heading renamed is still the
    heading); of different kinds, never."""
    return _likeness(_text(old), _text(new)) if type(old) is type(new) else -1.0


def diff_blocks(old: Sequence[t.Block], new: Sequence[t.Block]) -> tuple[t.Block, ...]:
    """``new`` with what changed since ``old`` marked."""
    out: list[t.Block] = []
    for op, o, n in _align(old, new, _sig, _block_likeness, 0.0):
        if op == "equal":
            out.append(n)
        elif op == "insert":
            out += _inserted_blocks((n,))
        elif op == "delete":
            out += _deleted_blocks((o,))
        else:
            out.append(_pair(o, n))
    return tuple(out)


_ALIKE = 0.5
"""How alike two list items, table rows, timeline entries or sentences must be to be
shown as one revised; less alike, the old is shown deleted and the new inserted."""


def _pair(old: t.Block, new: t.Block) -> t.Block:
    """``new`` marked against ``old``, a block of the same kind."""
    match old, new:
        case (t.Paragraph() | t.Heading(), t.Paragraph() | t.Heading()):
            return dataclasses.replace(new, children=diff_inlines(old.children, new.children))
        case (t.BulletList() | t.OrderedList(), t.BulletList() | t.OrderedList()):
            items: list[t.ListItem] = []
            for op, o, n in _align(old.items, new.items, _item_text, _item_likeness, _ALIKE):
                if op == "equal":
                    items.append(n)
                elif op == "insert":
                    items.append(_inserted_item(n))
                elif op == "delete":
                    items.append(_deleted_item(o))
                else:
                    items.append(t.ListItem(diff_blocks(o.blocks, n.blocks)))
            return dataclasses.replace(new, items=tuple(items))
        case (t.Table(), t.Table()):
            return _pair_tables(old, new)
        case (t.Timeline(), t.Timeline()):
            return _pair_timelines(old, new)
        case (t.Callout(), t.Callout()):
            return dataclasses.replace(new, blocks=diff_blocks(old.blocks, new.blocks))
        case _:  # figures, notes, breaks, contents: nothing of theirs is marked
            return new


def _pair_tables(old: t.Table, new: t.Table) -> t.Table:
    """Rows matched by content; each row keeps its portion marking, a deleted row its own."""
    if len(new.header) != len(old.header):
        return new
    rows: list[tuple[tuple[t.Inline, ...], ...]] = []
    marks: list[str | None] = []
    olds = list(zip(old.portions or (None,) * len(old.rows), old.rows, strict=True))
    news = list(zip(new.portions or (None,) * len(new.rows), new.rows, strict=True))
    like = lambda a, b: _row_likeness(a[1], b[1])  # noqa: E731
    for op, om, nm in _align(olds, news, lambda x: _row_text(x[1]), like, _ALIKE):
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


def _pair_timelines(old: t.Timeline, new: t.Timeline) -> t.Timeline:
    """Entries matched by date and content: an entry of the same date revised is marked
    word by word; one that came or went (or moved to another date), whole."""

    def sig(e: t.TimelineEntry) -> tuple[str, str]:
        return (e.date, t.plain_text(e.children))

    def like(a: t.TimelineEntry, b: t.TimelineEntry) -> float:
        same = a.date == b.date
        return _likeness(t.plain_text(a.children), t.plain_text(b.children)) if same else -1.0

    entries: list[t.TimelineEntry] = []
    for op, o, n in _align(old.entries, new.entries, sig, like, 0.0):
        if op == "equal":
            entries.append(n)
        elif op == "insert":
            entries.append(dataclasses.replace(n, children=_inserted(n.children)))
        elif op == "delete":
            entries.append(dataclasses.replace(o, children=_deleted(o.children)))
        else:
            entries.append(dataclasses.replace(n, children=diff_inlines(o.children, n.children)))
    return dataclasses.replace(new, entries=tuple(entries))


# ------------------------------------------------------------------ inlines, word by word

Atom = tuple[str, Any, tuple[Any, ...]]  # (kind, value, wrappers outermost first)


def _atoms(inlines: tuple[t.Inline, ...], wrap: tuple[Any, ...] = ()) -> list[Atom]:
    out: list[Atom] = []
    for node in inlines:
        match node:
            case t.Text():
                out += [("text", w, wrap) for w in _WORDS.findall(node.text)]
            case t.Strong():
                out += _atoms(node.children, (*wrap, ("strong",)))
            case t.Emphasis():
                out += _atoms(node.children, (*wrap, ("em",)))
            case t.Link():
                out += _atoms(node.children, (*wrap, ("link", node.href)))
            case t.FootnoteRef():
                out.append(("note", node, wrap))
            case t.LineBreak():
                out.append(("br", None, wrap))
            case t.Anchor():
                out.append(("anchor", node, wrap))
            case t.Inserted() | t.Deleted():  # already marked: keep as text
                out += _atoms(node.children, wrap)
            case _:
                assert_never(node)
    return out


def _key(atom: Atom) -> Any:
    kind, value, wrap = atom
    if kind == "note":
        return (kind, value.label, wrap)
    return (kind, value, wrap)


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def _sentences(atoms: list[Atom]) -> list[list[Atom]]:
    """``atoms`` cut into sentences, each with the space after it (a line break ends one)."""
    out: list[list[Atom]] = [[]]
    ended = False
    for atom in atoms:
        kind, value = atom[0], atom[1]
        if kind == "text" and value.isspace() and ended and out[-1]:
            out[-1].append(atom)
            out.append([])
            ended = False
            continue
        out[-1].append(atom)
        if kind == "br":
            out.append([])
            ended = False
        elif kind == "text" and not value.isspace():
            ended = bool(_SENTENCE_END.search(value))
    return [s for s in out if s]


def _words(atoms: list[Atom]) -> list[Any]:
    return [_key(a) for a in atoms if not (a[0] == "text" and a[1].isspace())]


def diff_inlines(old: tuple[t.Inline, ...], new: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
    """``new`` with the words added since ``old`` marked inserted and those gone, deleted:
    sentence by sentence, a sentence mostly rewritten as one deletion and one insertion,
    one a little changed word by word."""
    a, b = _atoms(old), _atoms(new)
    if [_key(x) for x in a] == [_key(x) for x in b]:
        return new

    def like(x: list[Atom], y: list[Atom]) -> float:
        return SequenceMatcher(None, _words(x), _words(y), autojunk=False).ratio()

    marked: list[tuple[Atom, str | None]] = []
    run: list[Any] = []  # the changed sentences since the last one kept

    def changed() -> list[tuple[Atom, str | None]]:
        if len(run) == 1 and run[0][0] == "pair":
            return _readable(run[0][1], run[0][2])
        gone = [x for _, o, _n in run for x in o or []]
        came = [x for _, _o, n in run for x in n or []]
        if any(op == "pair" for op, _, _ in run) and like(gone, came) >= _ALIKE:
            return _readable(gone, came)  # sentences merged or split, a little changed
        return _trimmed(gone, came)

    sig = lambda s: tuple(_key(x) for x in s)  # noqa: E731
    for op, o, n in _align(_sentences(a), _sentences(b), sig, like, _ALIKE):
        if op != "equal":
            run.append((op, o, n))
            continue
        if run:
            marked += changed()
            run = []
        marked += [(x, None) for x in n]
    return _rebuild(marked + (changed() if run else []))


def _readable(old: list[Atom], new: list[Atom]) -> list[tuple[Atom, str | None]]:
    """``old`` against ``new`` word by word, unless that leaves less than half of the words
    unmarked (a sentence mostly rewritten, or two sentences joined into one with most of
    their words changed): then one deletion and one insertion (`_trimmed`)."""
    marked = _word_diff(old, new)
    kept = sum(1 for x, rev in marked if rev is None and x[0] == "text" and not x[1].isspace())
    if 2 * kept < max(len(_words(old)), len(_words(new))):
        return _trimmed(old, new)
    return marked


def _trimmed(old: list[Atom], new: list[Atom]) -> list[tuple[Atom, str | None]]:
    """``old`` replaced by ``new`` as one deletion and one insertion, the words they begin
    and end with alike left unmarked."""
    ka, kb = [_key(x) for x in old], [_key(x) for x in new]
    head = 0
    while head < min(len(ka), len(kb)) and ka[head] == kb[head]:
        head += 1
    tail = 0
    while tail < min(len(ka), len(kb)) - head and ka[-1 - tail] == kb[-1 - tail]:
        tail += 1
    ends = len(new) - tail
    return [
        *((x, None) for x in new[:head]),
        *_replaced(old[head : len(old) - tail], new[head:ends]),
        *((x, None) for x in new[ends:]),
    ]


def _replaced(old: list[Atom], new: list[Atom]) -> list[tuple[Atom, str | None]]:
    """``old`` deleted and ``new`` inserted (citations: the new kept, the old dropped)."""
    out: list[tuple[Atom, str | None]] = [(x, "del") for x in old if x[0] not in ("note", "anchor")]
    return out + [(x, "ins" if x[0] not in ("note", "anchor") else None) for x in new]


def _word_diff(a: list[Atom], b: list[Atom]) -> list[tuple[Atom, str | None]]:
    """Two versions of a sentence compared word by word; an unchanged stretch shorter than
    the changes on both sides of it (a space, "the") joins them, so that changes read as
    phrases, not as alternating single words."""
    ka, kb = [_key(x) for x in a], [_key(x) for x in b]
    ops: list[tuple[str, int, int, int, int]] = list(
        SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    )

    def size(atoms: list[Atom]) -> int:
        return sum(len(x[1]) if x[0] == "text" else 1 for x in atoms)

    merged = True
    while merged:
        merged = False
        for k in range(1, len(ops) - 1):
            op, i1, i2, j1, j2 = ops[k]
            before, after = ops[k - 1], ops[k + 1]
            if op != "equal" or before[0] == "equal" or after[0] == "equal":
                continue
            kept = size(a[i1:i2])
            around = [max(size(a[x[1] : x[2]]), size(b[x[3] : x[4]])) for x in (before, after)]
            if kept <= min(around):
                ops[k - 1 : k + 2] = [("replace", before[1], after[2], before[3], after[4])]
                merged = True
                break
    out: list[tuple[Atom, str | None]] = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out += [(x, None) for x in b[j1:j2]]
        else:
            out += _replaced(a[i1:i2], b[j1:j2])
    return out


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
    return any(t.has_revisions(x) for b in t.iter_blocks((block,)) for x in t.block_inlines(b))


def _shown_and_gone(inlines: tuple[t.Inline, ...]) -> tuple[str, str]:
    """What ``inlines`` show, and the text deleted from them."""
    gone = [t.plain_text(n.children) for n in t.walk_inlines(inlines) if isinstance(n, t.Deleted)]
    return t.plain_text(inlines), " ".join(gone)


def _place(
    blocks: tuple[t.Block, ...], targets: Sequence[Target], skip: tuple[int, int]
) -> tuple[tuple[t.Block, ...], set[str]]:
    """Put each target's anchor at the start of the first changed paragraph, heading, table
    row or timeline entry that names its record (the blocks in ``skip`` aside); the blocks,
    and the ids of the targets placed."""
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

    def run(inlines: tuple[t.Inline, ...]) -> tuple[t.Inline, ...]:
        return anchor(inlines, *_shown_and_gone(inlines))

    def row(cells: tuple[tuple[t.Inline, ...], ...]) -> tuple[tuple[t.Inline, ...], ...]:
        texts = [_shown_and_gone(c) for c in cells]
        first = next((k for k, c in enumerate(cells) if t.has_revisions(c)), None)
        if first is None:
            return cells
        shown = "\t".join(s for s, _ in texts)
        gone = "\t".join(g for _, g in texts)
        return (*cells[:first], anchor(cells[first], shown, gone), *cells[first + 1 :])

    def block(b: t.Block) -> t.Block:  # containers hold no text: runs come in reading order
        match b:
            case t.Paragraph() | t.Heading():
                return dataclasses.replace(b, children=run(b.children))
            case t.Table():
                return dataclasses.replace(b, rows=tuple(row(r) for r in b.rows))
            case t.Timeline():
                entries = tuple(dataclasses.replace(e, children=run(e.children)) for e in b.entries)
                return dataclasses.replace(b, entries=entries)
            case _:
                return b

    out = tuple(
        b if skip[0] <= n < skip[1] else t.map_blocks(block, (b,))[0] for n, b in enumerate(blocks)
    )
    return out, placed


def _unlink(block: t.Block, hrefs: set[str]) -> t.Block:
    """``block`` with its links to ``hrefs`` replaced by their text."""
    if not hrefs:
        return block

    def node(n: t.Inline) -> tuple[t.Inline, ...]:
        return n.children if isinstance(n, t.Link) and n.href in hrefs else (n,)

    (out,) = t.map_inlines(lambda run: t.rewrite_inlines(node, run), (block,))
    return out
