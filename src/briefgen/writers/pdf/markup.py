"""Inline nodes to ReportLab paragraph markup: font-fallback runs, links, notes.

The markup is a tuple tree, ``(tag, attributes, children)`` with text as ``str``
children: what ReportLab's paragraph parser makes of its XML, handed to it directly
(`briefgen.writers.pdf.frags`), so text is never escaped or parsed.  ``Markup.xml``
is the same markup as XML, every character escaped (so "R&D", "x<y" and "<foo>" appear
as written).  Text is wrapped in ``font`` runs chosen by `FontStack`.  Internal
links (``#id``) point at heading destinations; footnote references become superscript
links to the note, whose destination is written where the note is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.colors import toColor

from briefgen import tree as t
from briefgen.tree import NOTE_SEPARATOR
from briefgen.tree.nodes import assert_never
from briefgen.writers.pdf.fonts import BOLD, ITALIC, FontStack

# Scripts that need OpenType shaping (joining, reordering): Arabic, Hebrew, Syriac,
# Thaana, N'Ko, Indic scripts, Thai, Lao, Tibetan, Myanmar, Khmer.
_SHAPED_RANGES = (
    (0x0590, 0x08FF),
    (0x0900, 0x0DFF),
    (0x0E00, 0x0FFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0xFB1D, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def needs_shaping(text: str) -> bool:
    """Whether ``text`` has characters of a script that must be shaped to be legible."""
    if not text or max(text) < "\u0590":
        return False
    return any(lo <= ord(c) <= hi for c in text if ord(c) >= 0x0590 for lo, hi in _SHAPED_RANGES)


Node = Any
"""A markup node: ``str`` text, or a ``(tag, attributes, children)`` tuple."""


def node(tag: str, attrs: dict[str, Any] | None = None, *children: Node) -> Node:
    """A markup element."""
    return (tag, attrs or {}, list(children))


def to_xml(nodes: list[Node]) -> str:
    """The markup as ReportLab paragraph XML (text escaped)."""
    out: list[str] = []
    for n in nodes:
        if isinstance(n, str):
            out.append(escape(n))
            continue
        tag, attrs, kids = n
        attr = "".join(f" {k}={quoteattr(_attr(v))}" for k, v in attrs.items())
        out.append(f"<{tag}{attr}>{to_xml(kids)}</{tag}>" if kids else f"<{tag}{attr}/>")
    return "".join(out)


def _attr(value: Any) -> str:
    """An attribute value as XML text (a colour as #RRGGBB)."""
    return value if isinstance(value, str) else "#" + value.hexval()[2:]


@dataclass(slots=True)
class Markup:
    """Paragraph markup plus what tagging and notes need to know about it."""

    nodes: list[Node] = field(default_factory=list)
    plain: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (target, text)
    notes: list[str] = field(default_factory=list)  # footnote labels in order
    shaping: bool = False
    runs: list[tuple[str, str]] | None = None  # (font, text) when the inlines are plain text

    @property
    def xml(self) -> str:
        """The markup as paragraph XML."""
        return to_xml(self.nodes)


class MarkupBuilder:
    """Turns inlines into markup for one render (fonts, link targets, colours)."""

    def __init__(
        self,
        fonts: FontStack,
        heading_keys: dict[str, str],
        note_keys: dict[str, str],
        link_colour: str,
    ) -> None:
        self.fonts = fonts
        self.heading_keys = heading_keys
        self.note_keys = note_keys
        self.link_colour = "#" + link_colour
        self._colour = toColor(self.link_colour)  # parsed once, not at every link

    def build(self, inlines: tuple[t.Inline, ...], style: int = 0) -> Markup:
        """Return the markup of ``inlines`` set in ``style`` (bold/italic bits)."""
        out = Markup()
        if all(isinstance(n, t.Text) for n in inlines):
            text = "".join(n.text for n in inlines if isinstance(n, t.Text))
            out.plain = text
            out.shaping = needs_shaping(text)
            out.runs = self.fonts.runs(text, style)
            out.nodes = self._run_nodes(out.runs)
            return out
        self._inlines(inlines, style, out.nodes, out)
        out.plain = t.plain_text(inlines)
        out.shaping = needs_shaping(out.plain)
        return out

    def text(self, text: str, style: int = 0) -> list[Node]:
        """Markup for plain text in ``style``."""
        return self._run_nodes(self.fonts.runs(text, style))

    def link(self, href: str, nodes: list[Node]) -> Node:
        """``nodes`` as a link to ``href`` (in the link colour, not underlined)."""
        return node("a", {"href": href, "color": self._colour}, *nodes)

    def _run_nodes(self, runs: list[tuple[str, str]]) -> list[Node]:
        # a run in the paragraph's regular font needs no <font>; bold, italic and fallback
        # faces are named explicitly (else a <b> run would silently come out regular)
        base = self.fonts.font()
        return [run if name == base else node("font", {"face": name}, run) for name, run in runs]

    def _inlines(
        self, inlines: tuple[t.Inline, ...], style: int, parts: list[Node], out: Markup
    ) -> None:
        after_note = False
        for item in inlines:
            if isinstance(item, t.FootnoteRef) and after_note:
                parts.append(node("super", None, *self.text(NOTE_SEPARATOR, style)))
            after_note = isinstance(item, t.FootnoteRef)
            match item:
                case t.Text():
                    parts += self.text(item.text, style)
                case t.Strong():
                    self._inlines(item.children, style | BOLD, parts, out)
                case t.Emphasis():
                    self._inlines(item.children, style | ITALIC, parts, out)
                case t.Link():
                    self._link(item, style, parts, out)
                case t.FootnoteRef():
                    self._note_ref(item, style, parts, out)
                case t.LineBreak():
                    parts.append(node("br"))
                case t.Inserted():  # set as text; the change bar marks it
                    self._inlines(item.children, style, parts, out)
                case t.Anchor():
                    parts.append(node("a", {"name": self.heading_keys[item.id]}))
                case t.Deleted():  # not set (the change bar beside the paragraph marks the place)
                    pass
                case _:
                    assert_never(item)

    def _note_ref(self, item: t.FootnoteRef, style: int, parts: list[Node], out: Markup) -> None:
        """A citation: a superscript link to its note (plain superscript when unlisted)."""
        key = self.note_keys.get(item.label)
        num = self.text(str(item.number), style)
        if key is None:
            parts.append(node("super", None, *num))
        else:
            out.links.append(("#" + key, f"Note {item.number}"))
            out.notes.append(item.label)
            parts.append(node("super", None, self.link("#" + key, num)))

    def _link(self, item: t.Link, style: int, parts: list[Node], out: Markup) -> None:
        href = item.href
        if href.startswith("#"):
            href = "#" + self.heading_keys[href[1:]]  # check(doc) saw that it resolves
        out.links.append((href, t.plain_text(item.children)))
        kids: list[Node] = []
        self._inlines(item.children, style, kids, out)
        attrs = {"href": href, "color": self._colour, "underline": "1"}
        parts.append(node("a", attrs, *kids))
