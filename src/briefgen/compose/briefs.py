"""Contributed briefs in a pack: what each prints (`BriefView`), and its text as the pack's
Markdown.

A brief's text is parsed once with the brief parser (`briefgen.data.briefs.body_parser`:
no raw HTML, no template syntax) and written out again as Markdown whose structure
(headings, lists, tables, emphasis, links) is Markdown and whose every piece of text is a
data token: the pack's own parser then reads the structure and prints the text exactly as
the officer typed it, with the brief's marking on every portion.  The text never passes
through Jinja.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from briefgen.dates import format_day
from briefgen.errors import TemplateError
from briefgen.markings import Marking

KIND_LABELS = {
    "issue": "Issue brief",
    "background": "Background brief",
    "talking points": "Talking points",
    "media lines": "Media lines",
    "protocol": "Protocol brief",
    "run sheet": "Run sheet",
    "other": "Brief",
}
"""How each kind of brief is named in its status line."""
MAX_LEVEL = 4
"""The deepest heading a pack holds: deeper headings in a brief's text print at it."""


@dataclass(frozen=True)
class BriefView:
    """A contributed brief as a pack's template sees it."""

    id: str
    title: str
    line: str | None
    """ "Issue brief; Science Branch; cleared by ...": None for a brief not yet written."""
    body: str
    """The text, in Markdown (print it with the ``brief_text`` filter)."""
    requested: str | None
    """ "Requested of <team>, due <date>" for a brief with no text yet, else None."""
    marking: Marking | None
    sources: tuple[str, ...]


def brief_view(
    id: str,
    brief: Any,
    due: date | None,
    team: str | None,
    title: str | None,
    changed: bool = False,
) -> BriefView:
    """What the pack prints of brief ``id`` (``brief``: its record, None when no file has
    been written yet); ``due``, ``team`` and ``title``: as the visit asks for it;
    ``changed``: its text changed since that clearance (`briefgen.build.brief_clearance`),
    so its line never says it is cleared without saying so."""
    if brief is None:
        asked = _requested(team, due)
        return BriefView(id, title or id, None, "", asked, None, ())
    status = brief.status
    if status == "cleared":
        by = brief.cleared_by
        state = f"cleared by {by.name} ({by.position}) on {format_day(brief.cleared_on)}"
        if changed:
            state += "; its text has changed since, not yet cleared again"
    elif status == "drafted":
        state = "drafted, not yet cleared"
    else:
        state = "requested" + (f", due {format_day(due or brief.due)}" if due or brief.due else "")
    line = f"{KIND_LABELS[brief.kind]}; {brief.team}; {state}"
    text = brief.body if brief.body.strip() else ""
    owed = _requested(team or brief.team, due or brief.due) if not text else None
    return BriefView(id, brief.title, line, text, owed, brief.marking, tuple(brief.sources))


def _requested(team: str | None, due: date | None) -> str:
    text = f"Requested of {team}" if team else "Requested"
    return text + (f", due {format_day(due)}" if due is not None else "")


# ------------------------------------------------------------------ text to Markdown


def body_markdown(body: str, token: Callable[[str], str], shift: int = 1) -> str:
    """The Markdown of a brief's text ``body``: its structure, each piece of text replaced
    by ``token(text)``, headings ``shift`` levels down (at most level 4)."""
    from markdown_it.tree import SyntaxTreeNode

    from briefgen.data.briefs import body_parser

    root = SyntaxTreeNode(body_parser().parse(body))
    return _Writer(token, shift).blocks(root.children).strip("\n") + "\n"


class _Writer:
    def __init__(self, token: Callable[[str], str], shift: int) -> None:
        self.token = token
        self.shift = shift

    def blocks(self, nodes: Sequence[Any]) -> str:
        return "".join(self.block(n) for n in nodes)

    def block(self, node: Any) -> str:
        kind = node.type
        if kind == "heading":
            level = min(int(node.tag[1]) + self.shift, MAX_LEVEL)
            return "#" * level + " " + self.inline(node.children[0]) + "\n\n"
        if kind == "paragraph":
            return self.inline(node.children[0]) + "\n\n"
        if kind in ("bullet_list", "ordered_list"):
            start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 0
            out = []
            for i, item in enumerate(node.children):
                mark = "-" if kind == "bullet_list" else f"{start + i}."
                inner = self.blocks(item.children).strip("\n")
                pad = " " * (len(mark) + 1)
                lines = inner.split("\n")
                text = "\n".join([lines[0], *(pad + x if x else x for x in lines[1:])])
                out.append(f"{mark} {text}\n")
            return "".join(out) + "\n"
        if kind == "table":
            return self.table(node)
        if kind == "hr":
            return ""  # a rule between parts: no text in it, and not a page break
        raise TemplateError(f"a brief's text cannot hold {kind!r}")  # refused when loaded

    def table(self, node: Any) -> str:
        head, *rest = node.children
        header = head.children[0].children
        cells = [self.cell(c) for c in header]
        aligns = {"text-align:left": ":--", "text-align:center": ":-:", "text-align:right": "--:"}
        rule = [aligns.get(str(c.attrs.get("style", "")), "---") for c in header]
        lines = ["| " + " | ".join(cells) + " |", "|" + "|".join(rule) + "|"]
        for body in rest:
            for row in body.children:
                found = [self.cell(c) for c in row.children]
                lines.append("| " + " | ".join(found) + " |")
        return "\n".join(lines) + "\n\n"

    def cell(self, node: Any) -> str:
        return self.inline(node.children[0]) if node.children else ""

    def inline(self, node: Any) -> str:
        return "".join(self.piece(c) for c in node.children)

    def piece(self, node: Any) -> str:
        kind = node.type
        if kind in ("text", "code_inline"):
            return self.token(node.content) if node.content else ""
        if kind == "softbreak":
            return " "
        if kind == "hardbreak":
            return "\\\n"
        if kind == "strong":
            return "**" + self.inline(node) + "**"
        if kind == "em":
            return "*" + self.inline(node) + "*"
        if kind == "link":
            href = quote(str(node.attrs.get("href", "")), safe="/:#?=&@+,;~%!$'*")
            return "[" + self.inline(node) + "](" + href + ")"
        raise TemplateError(f"a brief's text cannot hold {kind!r}")  # refused when loaded
