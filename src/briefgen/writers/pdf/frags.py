"""Paragraph fragments straight from markup trees, without ReportLab's XML parser.

ReportLab's `Paragraph` parses its text with an HTML tokenizer (about a tenth of a
pack's PDF time).  `parse` hands the markup tree (`briefgen.writers.pdf.markup`)
to the same `ParaParser`'s tuple-tree entry point: the same fragments, with no
tokenizing, escaping or unescaping.  Text is cleaned as `Paragraph` cleans its XML
(whitespace runs become one space; the paragraph's ends are stripped).

Most paragraphs share a shape (text, a bold run, a note reference...): the parser runs
once per shape and style, and later paragraphs of that shape copy its fragments, with
their own text, link targets and anchor names put in.
"""

from __future__ import annotations

import copy
import weakref
from typing import Any

from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from briefgen.writers.pdf.markup import Node

MAX_SHAPES = 1024
"""Paragraph shapes remembered per process (all are forgotten when full)."""


def _clean_block(text: str) -> str:
    """`cleanBlockQuotedText`: every whitespace run one space, the ends stripped.

    ReportLab's whitespace is Python's but for the no-break space (not whitespace to it)
    and the zero-width space (whitespace to it): without either, ``str.split`` agrees.
    """
    if "\xa0" in text or "\u200b" in text:
        return str(cleanBlockQuotedText(text))
    return " ".join(text.split())


def _clean_text(text: str) -> str:
    """One run of text between tags, as `cleanBlockQuotedText` leaves it inside XML."""
    inner = _clean_block(text)
    if not inner:
        return " " if text else ""  # whitespace between tags stays one space
    lead = " " if text[0] != inner[0] else ""
    return lead + inner + (" " if text[-1] != inner[-1] else "")


def _clean(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    text: list[str] = []  # neighbouring text nodes are one run of XML text
    for n in nodes:
        if isinstance(n, str):
            text.append(n)
            continue
        if text:
            out.append(_clean_text("".join(text)))
            text = []
        tag, attrs, kids = n
        out.append((tag, attrs, _clean(kids)))
    if text:
        out.append(_clean_text("".join(text)))
    return [n for n in out if n != ""]  # the XML parser sees no empty text


class _Shape:
    """A paragraph's markup without its text, link targets and anchor names."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.hrefs: list[str] = []
        self.names: list[str] = []
        # per fragment, in order: (text index or -1, enclosing href indices, name index or -1)
        self.leaves: list[tuple[int, tuple[int, ...], int]] = []

    def key(self, nodes: list[Node], links: tuple[int, ...] = ()) -> tuple[Any, ...]:
        out: list[Any] = []
        for n in nodes:
            if isinstance(n, str):
                self.leaves.append((len(self.texts), links, -1))
                self.texts.append(n)
                out.append(None)
                continue
            tag, attrs, kids = n
            items: list[Any] = []
            inner = links
            name = -1
            for k, v in attrs.items():
                if k == "href":
                    inner = (*links, len(self.hrefs))
                    self.hrefs.append(v)
                    items.append(k)
                elif k == "name":
                    name = len(self.names)
                    self.names.append(v)
                    items.append(k)
                else:
                    items.append((k, v if isinstance(v, str) else repr(v)))
            out.append((tag, tuple(items), self.key(kids, inner)))
            if tag == "br" or (tag == "a" and name >= 0):  # ends with one empty fragment
                self.leaves.append((-1, inner, name))
        return tuple(out)


_styles: weakref.WeakKeyDictionary[Any, tuple[Any, ...]] = weakref.WeakKeyDictionary()
_shapes: dict[tuple[Any, ...], list[Any]] = {}


def _style_key(style: Any) -> tuple[Any, ...]:
    """Everything of ``style`` the parser reads, as a hashable value (once per style
    object, forgotten with it)."""
    found = _styles.get(style)
    if found is None:
        found = tuple(sorted((k, repr(v)) for k, v in vars(style).items() if k != "parent"))
        _styles[style] = found
    return found


def _blank(frag: Any) -> Any:
    """A copy of ``frag`` to keep as a prototype, without the paragraph's text."""
    kept = copy.copy(frag)
    kept.text = ""
    return kept


def _tt_parse(nodes: list[Node], style: Any) -> list[Any]:
    parser = ParaParser()
    _style, frags, _bullets = parser.tt_parse(("para", {}, nodes), style)
    if frags is None:  # pragma: no cover - the markup is made here, never malformed
        raise ValueError(f"paragraph markup not understood: {parser.errors[:1]}")
    return list(frags)


def parse(nodes: list[Node], style: Any) -> list[Any]:
    """The fragments ReportLab would parse from the markup ``nodes`` set in ``style``."""
    cleaned = _clean(nodes)
    if cleaned and isinstance(cleaned[0], str):  # the paragraph's ends are stripped
        cleaned[0] = cleaned[0].lstrip(" ")
    if cleaned and isinstance(cleaned[-1], str):
        cleaned[-1] = cleaned[-1].rstrip(" ")
    cleaned = [n for n in cleaned if n != ""]
    shape = _Shape()
    key = (_style_key(style), shape.key(cleaned))
    proto = _shapes.get(key)
    if proto is None:
        frags = _tt_parse(cleaned, style)
        if len(frags) == len(shape.leaves):  # one fragment per text, break and anchor
            if len(_shapes) >= MAX_SHAPES:
                _shapes.clear()
            _shapes[key] = [_blank(f) for f in frags]
        return frags
    out = []
    for f, (text, links, name) in zip(proto, shape.leaves, strict=True):
        g = copy.copy(f)
        if text >= 0:
            g.text = shape.texts[text]
        if links:
            g.link = [(n, shape.hrefs[i].strip()) for (n, _), i in zip(f.link, links, strict=True)]
        if name >= 0:
            g.cbDefn = copy.copy(f.cbDefn)
            g.cbDefn.name = shape.names[name]
        out.append(g)
    return out
