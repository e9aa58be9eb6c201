"""Inline nodes to ReportLab paragraph markup: escaped, font-fallback runs, links, notes.

Every character of text is escaped (so "R&D", "x<y" and "<foo>" appear as written) and
wrapped in ``<font face=...>`` runs chosen by `FontStack`.  Internal links
(``#id``) point at heading destinations; footnote references become superscript links to
the note, whose destination is written where the note is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from briefgen import tree as t
from briefgen.tree import NOTE_SEPARATOR
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


@dataclass(slots=True)
class Markup:
    """Paragraph markup plus what tagging and notes need to know about it."""

    xml: str = ""
    plain: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (target, text)
    notes: list[str] = field(default_factory=list)  # footnote labels in order
    shaping: bool = False
    runs: list[tuple[str, str]] | None = None  # (font, text) when the inlines are plain text


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

    def build(self, inlines: tuple[t.Inline, ...], style: int = 0) -> Markup:
        """Return the markup of ``inlines`` set in ``style`` (bold/italic bits)."""
        out = Markup()
        if all(isinstance(n, t.Text) for n in inlines):
            text = "".join(n.text for n in inlines if isinstance(n, t.Text))
            out.plain = text
            out.shaping = needs_shaping(text)
            out.runs = self.fonts.runs(text, style)
            base = self.fonts.font()  # the paragraph style's own font: anything else is named
            out.xml = "".join(
                escape(run) if name == base else f'<font face="{name}">{escape(run)}</font>'
                for name, run in out.runs
            )
            return out
        parts: list[str] = []
        self._inlines(inlines, style, parts, out)
        out.xml = "".join(parts)
        out.plain = t.plain_text(inlines)
        out.shaping = needs_shaping(out.plain)
        return out

    def text(self, text: str, style: int = 0) -> str:
        """Markup for plain text in ``style``."""
        return "".join(self._runs(text, style))

    def _runs(self, text: str, style: int) -> list[str]:
        # a run in the paragraph's regular font needs no <font>; bold, italic and fallback
        # faces are named explicitly (else a <b> run would silently come out regular)
        base = self.fonts.font()
        out: list[str] = []
        for name, run in self.fonts.runs(text, style):
            esc = escape(run)
            out.append(esc if name == base else f'<font face="{name}">{esc}</font>')
        return out

    def _inlines(
        self, inlines: tuple[t.Inline, ...], style: int, parts: list[str], out: Markup
    ) -> None:
        after_note = False
        for node in inlines:
            if isinstance(node, t.FootnoteRef) and after_note:
                parts.append(f"<super>{self.text(NOTE_SEPARATOR, style)}</super>")
            after_note = isinstance(node, t.FootnoteRef)
            if isinstance(node, t.Text):
                parts += self._runs(node.text, style)
            elif isinstance(node, t.Strong):
                self._inlines(node.children, style | BOLD, parts, out)
            elif isinstance(node, t.Emphasis):
                self._inlines(node.children, style | ITALIC, parts, out)
            elif isinstance(node, t.Link):
                self._link(node, style, parts, out)
            elif isinstance(node, t.FootnoteRef):
                key = self.note_keys.get(node.label)
                num = self.text(str(node.number), style)
                if key is None:
                    parts.append(f"<super>{num}</super>")
                else:
                    out.links.append(("#" + key, f"Note {node.number}"))
                    out.notes.append(node.label)
                    parts.append(
                        f'<super><a href="#{key}" color="{self.link_colour}">{num}</a></super>'
                    )
            elif isinstance(node, t.LineBreak):
                parts.append("<br/>")
            elif isinstance(node, t.Inserted):  # set as text; the change bar marks it
                self._inlines(node.children, style, parts, out)
            elif isinstance(node, t.Anchor):
                parts.append(f'<a name="{self.heading_keys[node.id]}"/>')
            # t.Deleted: not set (the change bar beside the paragraph marks the place)

    def _link(self, node: t.Link, style: int, parts: list[str], out: Markup) -> None:
        href = node.href
        if href.startswith("#"):
            href = "#" + self.heading_keys[href[1:]]  # check(doc) saw that it resolves
        out.links.append((href, t.plain_text(node.children)))
        parts.append(f'<a href={quoteattr(href)} color="{self.link_colour}" underline="1">')
        self._inlines(node.children, style, parts, out)
        parts.append("</a>")
