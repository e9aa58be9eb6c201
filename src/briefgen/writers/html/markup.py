"""Safe HTML building: every string is escaped unless it is `Markup` made here.

Data is data: text from the tree reaches the page only through `el` and `text`, which
escape it (markupsafe), never by joining strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

Content = Markup | str

VOID = frozenset({"meta", "img", "br", "link"})


def join(parts: Iterable[Content]) -> Markup:
    """``parts`` one after another, each string escaped."""
    return Markup("").join(escape(p) for p in parts)


def el(
    tag: str,
    attrs: Mapping[str, str | int | None] | None = None,
    *content: Content,
) -> Markup:
    """An element: ``tag`` (a literal name, never data) with ``attrs`` (None leaves one out;
    values escaped) around ``content`` (strings escaped)."""
    head = join(
        Markup(' {}="{}"').format(Markup(name), str(value))
        for name, value in (attrs or {}).items()
        if value is not None
    )
    if tag in VOID:
        return Markup("<{}{}>").format(Markup(tag), head)
    return Markup("<{0}{1}>{2}</{0}>").format(Markup(tag), head, join(content))


def lines(parts: Iterable[Content]) -> Markup:
    """``parts`` one to a line (block elements)."""
    return Markup("\n").join(escape(p) for p in parts)
