"""Markdown (as templates produce it) to the document tree, via markdown-it-py.

Supported: CommonMark blocks and inlines, GFM tables, footnotes, ``:::`` containers
(``cover``, ``keyfacts``, ``note``, ``acknowledgement``, ``contents``; ``timeline`` holding
a list of ``**date:** text`` items; ``notes``, where the footnotes are listed) and attributes
(``{#id}`` on headings; ``{caption=... widths=...}`` before tables; ``{credit=...}`` on
images).  Anything else (raw HTML, code, block quotes, unknown containers) is an error that
names the template line, never silently dropped.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefgen import tree as t
from briefgen.compose.jinja import TOKEN_RE, Rendered
from briefgen.errors import TemplateError
from briefgen.markings import Marking, highest

CALLOUTS: tuple[t.CalloutKind, ...] = (
    "cover",
    "keyfacts",
    "note",
    "acknowledgement",
    "biography",
)
MARKERS = ("contents", "timeline", "notes")
ImageResolver = Callable[[str], t.Image]


@lru_cache(maxsize=1)
def _parser() -> Any:
    """The process's one Markdown parser (parsing leaves it unchanged)."""
    return new_parser()


def new_parser(shortcuts: bool = True) -> Any:
    """A markdown-it parser for the Markdown templates produce; ``shortcuts`` adds two
    that give the same tokens with less work (`_one_rule`, `_note_refs_first`)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(footnote_plugin).use(attrs_plugin).use(attrs_block_plugin)
    for name in (*CALLOUTS, *MARKERS):
        md.use(container_plugin, name=name)
    if shortcuts:
        _one_rule(md.block.ruler, [f"container_{n}" for n in (*CALLOUTS, *MARKERS)])
        first = f"container_{CALLOUTS[0]}"
        _by_first_char(md.block.ruler, {first: ":", "fence": "~`", "blockquote": ">", "hr": "*-_"})
        _by_first_char(md.block.ruler, {"html_block": "<", "heading": "#"})
        _note_refs_first(md.inline.ruler)
    return md


_NOTE_REF = re.compile(r"\[\^[\w.:-]+\]")
"""A footnote reference whose label holds nothing another inline rule reads."""


def _note_refs_first(ruler: Any) -> None:
    """Read a plain footnote reference (``[^label]``, no ``(`` after it, no link
    reference definitions in the document) with the footnote rule at once.  In turn, the
    link rule would scan its label with every inline rule only to refuse it, and the image
    and inline-footnote rules cannot match at ``[^``; anything else goes the usual way."""
    names = [r.name for r in ruler.__rules__]
    at = names.index("link")
    if names[at : at + 4] != ["link", "image", "footnote_inline", "footnote_ref"]:
        raise AssertionError(f"inline rules not in the expected order: {names}")
    footnote_ref = ruler.__rules__[at + 3].fn

    def note_ref(state: Any, silent: bool) -> bool:
        src, pos, end = state.src, state.pos, state.posMax
        if not src.startswith("[^", pos) or "references" in state.env:
            return False
        found = _NOTE_REF.match(src, pos, end)
        if found is None or (found.end() < end and src[found.end()] == "("):
            return False
        return bool(footnote_ref(state, silent))

    ruler.before("link", "footnote_ref_first", note_ref)


def _one_rule(ruler: Any, names: list[str]) -> None:
    """Make the adjacent container rules ``names`` one block rule that answers as they
    did in turn: their common first refusals (a code block, a line not starting with
    ``:``) run once instead of once each, and a ``:`` line goes to each rule in order."""
    at = [r.name for r in ruler.__rules__].index(names[0])
    rules = ruler.__rules__[at : at + len(names)]
    if [r.name for r in rules] != names or any(r.alt != rules[0].alt for r in rules):
        raise AssertionError(f"container rules not adjacent alike: {ruler.get_all_rules()}")
    funcs = [r.fn for r in rules]

    def container(state: Any, start: int, end: int, silent: bool) -> bool:
        if (
            state.is_code_block(start)
            or state.src[state.bMarks[start] + state.tShift[start]] != ":"
        ):
            return False
        return any(fn(state, start, end, silent) for fn in funcs)

    ruler.at(names[0], container, {"alt": list(rules[0].alt)})
    ruler.disable(names[1:])


def _by_first_char(ruler: Any, starts: dict[str, str]) -> None:
    """Make the adjacent block rules named in ``starts`` one rule that tries, in their
    order, only those whose line may start with the line's first character (``starts``
    names the characters each rule accepts: markdown-it's rules refuse any other line, and
    a code block, before doing anything else).  Five calls a line become one or two."""
    rules = [r for r in ruler.__rules__ if r.enabled]
    at = [r.name for r in rules].index(next(iter(starts)))
    rules = rules[at : at + len(starts)]
    if [r.name for r in rules] != list(starts) or any(r.alt != rules[0].alt for r in rules):
        raise AssertionError(f"block rules not adjacent alike: {ruler.get_active_rules()}")
    table: dict[str, list[Any]] = {"": [r.fn for r in rules]}  # past the end: each, as before
    for r in rules:
        for ch in starts[r.name]:
            table.setdefault(ch, []).append(r.fn)

    def by_first_char(state: Any, start: int, end: int, silent: bool) -> bool:
        if state.is_code_block(start):
            return False
        pos = state.bMarks[start] + state.tShift[start]
        funcs = table.get(state.src[pos : pos + 1])
        return funcs is not None and any(fn(state, start, end, silent) for fn in funcs)

    ruler.at(rules[0].name, by_first_char, {"alt": list(rules[0].alt)})
    ruler.disable([r.name for r in rules[1:]])


class _Node:
    """A syntax tree node, as markdown-it's ``SyntaxTreeNode`` has it: one token, or an
    opening and closing pair (its type without ``_open``) holding what lies between.  Made
    in one pass over the token stream, without copying it level by level, and with no link
    back to the parent (a tree without cycles is freed as soon as it is done with)."""

    __slots__ = ("type", "tag", "attrs", "map", "meta", "content", "children")

    def __init__(self, token: Any, kind: str, children: Sequence[_Node] = ()) -> None:
        self.type = kind
        self.children = children
        if token is not None:
            self.tag = token.tag
            self.attrs = token.attrs
            self.map = token.map
            self.meta = token.meta
            self.content = token.content
        else:  # the root
            self.map = None


def _grow(parent: _Node, tokens: Sequence[Any]) -> _Node:
    """Give ``parent`` the nodes of a (balanced) token stream as children; return it."""
    stack: list[list[_Node]] = [[]]
    parent.children = stack[0]
    for token in tokens:
        nesting = token.nesting
        if nesting < 0:
            if len(stack) == 1:
                raise ValueError("Invalid token nesting")
            stack.pop()
            continue
        if nesting:
            inner: list[_Node] = []
            node = _Node(token, token.type.removesuffix("_open"), inner)
            stack[-1].append(node)
            stack.append(inner)
            continue
        node = _Node(token, token.type)  # most nodes: no list of their own
        if token.children:
            _grow(node, token.children)
        stack[-1].append(node)
    if len(stack) != 1:
        raise ValueError("unclosed tokens")
    return parent


class _Builder:
    """Walks a markdown-it syntax tree once, producing blocks, footnotes and heading ids."""

    def __init__(
        self,
        rendered: Rendered,
        resolve_image: ImageResolver,
        floor: Marking | None = None,
        origins: Mapping[str, str] | None = None,
    ) -> None:
        self.r = rendered
        self.origins = origins or {}
        self.printed: list[str] = []  # the data values read since `portion` or `cell` began
        self.resolve_image = resolve_image
        self.ids: set[str] = set()
        self.notes: dict[str, int] = {}  # label -> number
        self.floor = floor
        self.seen: list[Marking] = []  # the markings of the data read since `portion` began

    # -------------------------------------------------------------- portions

    def portion(self) -> list[Marking]:
        """Start a portion: the data read from here on is counted in it."""
        self.seen = []
        self.printed = []
        return self.seen

    def source(self, inlines: tuple[t.Inline, ...]) -> t.Source | None:
        """The record field ``inlines`` are the text of (citations after it aside): the one
        data value read since the block began that has a field, when it is all the text."""
        keyed = {v for v in self.printed if self.origins.get(v)}
        if len(keyed) != 1:
            return None
        value = keyed.pop()
        body = t.uncited(inlines)
        if t.plain_text(body) != value or any(isinstance(n, t.FootnoteRef) for n in body):
            return None
        return t.Source(self.origins[value], value)

    def portion_marking(self, seen: list[Marking]) -> str | None:
        """A portion's marking: the highest of the data it prints and the floor (None
        without a floor: portions are not marked)."""
        if self.floor is None:
            return None
        return highest(seen, self.floor).banner()

    # -------------------------------------------------------------- errors

    def fail(self, node: Any, what: str) -> TemplateError:
        line = node.map[0] + 1 if getattr(node, "map", None) else None
        src = self.r.markdown.splitlines()[line - 1] if line else ""
        return TemplateError(f"{locate(self.r, src, line)}: {what}: {self.r.resolve(src)!r}")

    # -------------------------------------------------------------- inlines

    def text(self, s: str) -> str:
        if "\x02" in s:
            marks = self.r.marks
            for found in TOKEN_RE.finditer(s):
                mark = marks[int(found.group(1))]
                if mark is not None:
                    self.seen.append(mark)
                if self.origins:
                    self.printed.append(self.r.values[int(found.group(1))])
        return self.r.resolve(s)

    def inlines(self, node: Any) -> tuple[t.Inline, ...]:
        out: list[t.Inline] = []
        for child in node.children:
            out.extend(self.inline(child, node))
        return _merge_text(out)

    def inline(self, node: Any, parent: Any) -> list[t.Inline]:
        kind = node.type
        if kind == "inline":
            return list(self.inlines(node))
        if kind == "text":
            literal = TOKEN_RE.sub("", node.content) if "\x02" in node.content else node.content
            if "![" in literal or "](" in literal:
                raise self.fail(
                    parent,
                    "Markdown could not read this image or "
                    "link (use the url filter for destinations)",
                )
            return [t.Text(self.text(node.content))]
        if kind == "softbreak":
            return [t.Text(" ")]
        if kind == "hardbreak":
            return [t.LineBreak()]
        if kind == "strong":
            return [t.Strong(self.inlines(node))]
        if kind == "em":
            return [t.Emphasis(self.inlines(node))]
        if kind == "link":
            return [t.Link(self.href(str(node.attrs.get("href", ""))), self.inlines(node))]
        if kind == "footnote_ref":
            label = str(node.meta["label"])
            number = self.notes.setdefault(label, int(node.meta["id"]) + 1)
            return [t.FootnoteRef(label, number)]
        if kind == "code_inline":
            return [t.Text(self.text(node.content))]
        raise self.fail(node, f"the document tree cannot hold inline {kind!r}")

    def href(self, href: str) -> str:
        from urllib.parse import unquote

        # markdown-it percent-encodes the token characters inside link destinations
        if "%02" in href:
            href = self.r.resolve(unquote(href))
        return self.text(href)

    # -------------------------------------------------------------- blocks

    def blocks(self, nodes: Sequence[Any]) -> tuple[t.Block, ...]:
        out: list[t.Block] = []
        heading: t.Heading | None = None  # the last one, which names a table given no name
        for node in nodes:
            block = self.block(node)
            if block is not None:
                if isinstance(block, t.Table) and out and isinstance(out[-1], t.Heading):
                    block = _unrepeated_caption(block, out[-1])
                if isinstance(block, t.Table) and block.name is None and heading is not None:
                    # a table with no caption (one in a contributed brief's text) is named,
                    # for a screen reader, by the heading it sits under; nothing is printed
                    block = dataclasses.replace(block, name=t.plain_text(heading.children))
                if isinstance(block, t.Heading):
                    heading = block
                out.append(block)
        return tuple(out)

    def block(self, node: Any) -> t.Block | None:
        kind = node.type
        if kind == "heading":
            level = int(node.tag[1])
            if level > 4:
                raise self.fail(node, "headings go down to level 4")
            children = self.inlines(node.children[0])
            wanted = str(node.attrs.get("id") or slugify(t.plain_text(children)))
            return t.Heading(level, self.unique_id(self.text(wanted)), children)
        if kind == "paragraph":
            return self.paragraph(node)
        if kind in ("bullet_list", "ordered_list"):
            items = tuple(t.ListItem(self.blocks(item.children)) for item in node.children)
            if kind == "bullet_list":
                return t.BulletList(items)
            return t.OrderedList(items, int(node.attrs.get("start", 1)))
        if kind == "table":
            return self.table(node)
        if kind == "hr":
            return t.PageBreak()
        if kind.startswith("container_"):
            name = kind.removeprefix("container_")
            if name == "contents":
                depth = int(str(node.attrs.get("depth", 2))) if node.attrs else 2
                return t.Contents(depth=depth)
            if name == "notes":
                return t.Notes()
            if name == "timeline":
                return self.timeline(node)
            return t.Callout(name, self.blocks(node.children))
        if kind == "footnote_block":
            return None
        what = {
            "html_block": "raw HTML",
            "fence": "code",
            "code_block": "an indented code block (indent by fewer than 4 spaces)",
            "blockquote": "a block quote",
        }
        raise self.fail(node, f"the document tree cannot hold {what.get(kind, repr(kind))}")

    def paragraph(self, node: Any) -> t.Block:
        inline = node.children[0]
        kids = inline.children
        if len(kids) == 1 and kids[0].type == "image":
            return self.figure(kids[0])
        seen = self.portion()
        children = self.inlines(inline)
        first = children[0] if children else None
        if isinstance(first, t.Text) and first.text.startswith(":::") and not self._had_data(node):
            raise self.fail(
                node, f"unknown container (expected one of {', '.join((*CALLOUTS, *MARKERS))})"
            )
        role = node.attrs.get("class") if node.attrs else None
        if role is not None and role not in ("title", "subtitle", "marking", "draft", "meta"):
            raise self.fail(node, f"unknown paragraph class {role!r}")
        source = None if role else self.source(children)
        return t.Paragraph(children, role, None if role else self.portion_marking(seen), source)

    def _had_data(self, node: Any) -> bool:
        return bool(TOKEN_RE.match(node.children[0].content or ""))

    def timeline(self, node: Any) -> t.Timeline:
        """A ``::: timeline`` of one bullet list, each item ``**date:** what happened``."""
        entries: list[t.TimelineEntry] = []
        for lst in node.children:
            if lst.type != "bullet_list":
                raise self.fail(lst, "a timeline holds one list of '**date:** text' items")
            for item in lst.children:
                para = item.children[0] if item.children else None
                seen = self.portion()
                inlines = self.inlines(para.children[0]) if para is not None else ()
                first = inlines[0] if inlines else None
                label = t.plain_text(first.children).strip() if isinstance(first, t.Strong) else ""
                if (
                    len(item.children) != 1
                    or para is None
                    or para.type != "paragraph"
                    or not label.endswith(":")
                ):
                    raise self.fail(item, "a timeline item is '**date:** text'")
                rest = _merge_text([*inlines[1:]])
                if rest and isinstance(rest[0], t.Text):
                    rest = (t.Text(rest[0].text.lstrip()), *rest[1:])
                portion = self.portion_marking(seen)
                source = self.source(rest)
                entries.append(t.TimelineEntry(label[:-1].strip(), rest, portion, source))
        return t.Timeline(tuple(entries))

    def figure(self, node: Any) -> t.Figure:
        alt = self.text("".join(c.content for c in node.children if c.type == "text"))
        caption = self.text(str(node.attrs.get("title", "")))
        credit = node.attrs.get("credit")
        if not alt.strip():
            raise self.fail(node, "an image needs alt text")
        try:
            from urllib.parse import unquote

            image = self.resolve_image(unquote(self.href(str(node.attrs["src"]))))
        except (OSError, ValueError) as exc:
            raise self.fail(node, f"image cannot be read ({exc})") from None
        return t.Figure(image, alt, caption, self.text(str(credit)) if credit else None)

    def table(self, node: Any) -> t.Table:
        head = node.children[0]
        body = node.children[1].children if len(node.children) > 1 else []
        header_cells = head.children[0].children
        header = tuple(self.inlines(c.children[0]) if c.children else () for c in header_cells)
        rows, portions, sources = [], [], []
        for tr in body:
            seen = self.portion()
            cells, found = [], []
            for c in tr.children:
                self.printed = []
                cells.append(self.inlines(c.children[0]) if c.children else ())
                found.append(self.source(cells[-1]))
            rows.append(tuple(cells))
            sources.append(tuple(found))
            portions.append(self.portion_marking(seen))
        align = tuple(_align(c.attrs.get("style")) for c in header_cells)
        marked = tuple(portions) if self.floor is not None else ()
        widths = self.widths(node, header, rows, marked)
        caption = node.attrs.get("caption")
        name = self.text(str(caption)) if caption else None
        return t.Table(
            header,
            tuple(rows),
            align,
            widths,
            name,
            tuple(portions) if self.floor is not None else (),
            name,
            tuple(sources) if any(any(r) for r in sources) else (),
        )

    def widths(
        self, node: Any, header: Any, rows: Any, portions: tuple[str | None, ...]
    ) -> tuple[float, ...]:
        n = len(header)
        given = node.attrs.get("widths")
        if given:
            try:
                weights = [float(w) for w in str(given).split(",")]
            except ValueError:
                raise self.fail(node, f"widths {given!r} are not numbers") from None
            if len(weights) != n or min(weights) <= 0:
                raise self.fail(node, f"widths {given!r} do not match {n} columns")
        else:
            weights = _content_widths(header, rows, portions)
        total = sum(weights)
        return tuple(round(w / total, 4) for w in weights)

    def unique_id(self, wanted: str) -> str:
        base = wanted or "section"
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def footnotes(self, root: Any) -> tuple[t.Footnote, ...]:
        out: list[t.Footnote] = []
        for block in root.children:
            if block.type != "footnote_block":
                continue
            for note in block.children:
                label = str(note.meta["label"])
                number = self.notes.get(label)
                if number is None:
                    continue
                body = self.blocks([c for c in note.children if c.type != "footnote_anchor"])
                out.append(t.Footnote(label, number, body))
        return tuple(sorted(out, key=lambda f: f.number))


TABLE_CHARS = 100
"""Characters of table text (9 pt) across the text width, less the cells' padding."""


def _content_widths(header: Any, rows: list[Any], portions: tuple[str | None, ...]) -> list[float]:
    """Column weights by content: each column at least its longest word; when the longest
    cells do not fit on one line together, the width shared by the square root of each
    column's longest cell, so a column of sentences (Notes) is not squeezed by the others
    and a column of short entries still keeps them on a line or two.  ``portions``: each
    row's portion marking, printed at the start of its first cell."""
    n = len(header)
    texts = [[t.plain_text(c) for c in header]]
    for i, row in enumerate(rows):
        cells = [t.plain_text(c) for c in row]
        if i < len(portions) and portions[i] and cells:
            cells[0] = f"({portions[i]}) {cells[0]}"
        texts.append(cells)
    low = [max((len(w) for r in texts for w in r[c].split()), default=1) + 1.0 for c in range(n)]
    high = [max(low[c], max(len(r[c]) + 1.0 for r in texts)) for c in range(n)]
    if sum(high) <= TABLE_CHARS:  # every cell fits on one line: widths in proportion
        return high
    roots = [math.sqrt(hi) for hi in high]  # long cells wrap, short ones keep their line
    unit = TABLE_CHARS / sum(roots)
    return [max(lo, r * unit) for lo, r in zip(low, roots, strict=True)]


def _unrepeated_caption(table: t.Table, heading: t.Heading) -> t.Table:
    """``table`` without its printed caption when the heading just above already says it
    ("Contacts" over "Table 4: Contacts"); the caption stays its accessible name."""
    title = " ".join(t.plain_text(heading.children).split()).casefold()
    if table.caption and title and title in " ".join(table.caption.split()).casefold():
        return dataclasses.replace(table, caption=None)
    return table


def _align(style: Any) -> t.Align:
    if not style:
        return None
    value = str(style).removeprefix("text-align:")
    return value if value in ("left", "center", "right") else None  # type: ignore[return-value]


def _merge_text(items: list[t.Inline]) -> tuple[t.Inline, ...]:
    out: list[t.Inline] = []
    for item in items:
        if isinstance(item, t.Text):
            if not item.text:
                continue
            if out and isinstance(out[-1], t.Text):
                out[-1] = t.Text(out[-1].text + item.text)
                continue
        out.append(item)
    return tuple(out)


def slugify(text: str) -> str:
    """A heading id from its text: lower-case ASCII letters, digits and hyphens."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")[:60]


def locate(r: Rendered, md_line: str, line: int | None) -> str:
    """Best guess of the template file and line that wrote a Markdown line: the first
    template line with the same literal text (data tokens match anything)."""
    pattern_parts = [re.escape(p.strip()) for p in TOKEN_RE.split(md_line)[::2]]
    literal = ".*".join(p for p in pattern_parts if p)
    if literal:
        rx = re.compile(literal)
        for folder in r.search:
            for path in sorted(Path(folder).rglob("*.j2")):
                for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if rx.search(text):
                        return f"{path}:{n}"
    return f"{r.template} (Markdown line {line})"


def build_document(
    rendered: Rendered,
    meta: t.Metadata,
    resolve_image: ImageResolver,
    floor: Marking | None = None,
    origins: Mapping[str, str] | None = None,
) -> t.Document:
    """Parse the Markdown a template rendered into a `Document`.  With ``floor`` (the
    workspace's default marking), every portion gets its marking: the highest of ``floor``
    and the markings of the data it prints (`settle_portions` then keeps them or not).
    With ``origins`` (`briefgen.compose.provenance.origins`), each block whose text is a
    record field's carries its `Source`."""
    try:
        tokens = _parser().parse(rendered.markdown)
    except Exception as exc:  # noqa: BLE001 - a parser plugin's bug on odd Markdown
        raise TemplateError(
            f"{rendered.template}: the Markdown it wrote cannot be parsed"
            f" ({type(exc).__name__}: {exc}); look for a ::: block in a quote or list"
        ) from None
    root = _grow(_Node(None, "root"), tokens)
    b = _Builder(rendered, resolve_image, floor, origins)
    blocks = b.blocks(root.children)
    notes = b.footnotes(root)
    if notes and not any(isinstance(x, t.Notes) for x in blocks):
        blocks += (t.Notes(),)  # a template without ``::: notes`` lists them at the end
    return t.fit_front_matter(t.Document(meta=meta, blocks=blocks, footnotes=notes))


def settle_portions(doc: t.Document) -> t.Document:
    """Portion markings as Australian practice has them: once any portion's marking
    differs from the document's, every portion carries its own; else none does."""
    found = set(t.portions(doc))
    if found <= {doc.meta.marking, None}:
        return t.relabel(doc, lambda _: None) if found else doc
    return doc
