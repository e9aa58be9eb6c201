"""Paragraph fragments straight from markup trees, without ReportLab's XML parser.

ReportLab's `Paragraph` parses its text with an HTML tokenizer (about a tenth of a
pack's PDF time).  `parse` hands the markup tree (`briefgen.writers.pdf.markup`)
to the same `ParaParser`'s tuple-tree entry point: the same fragments, with no
tokenizing, escaping or unescaping.  Text is cleaned as `Paragraph` cleans its XML
(whitespace runs become one space; the paragraph's ends are stripped).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from briefgen.writers.pdf.markup import Node


def _clean_text(text: str) -> str:
    """One run of text between tags, as `cleanBlockQuotedText` leaves it inside XML."""
    inner: str = cleanBlockQuotedText(text)
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
    return out


def parse(nodes: list[Node], style: Any) -> list[Any]:
    """The fragments ReportLab would parse from the markup ``nodes`` set in ``style``."""
    cleaned = _clean(nodes)
    if cleaned and isinstance(cleaned[0], str):  # the paragraph's ends are stripped
        cleaned[0] = cleaned[0].lstrip(" ")
    if cleaned and isinstance(cleaned[-1], str):
        cleaned[-1] = cleaned[-1].rstrip(" ")
    cleaned = [n for n in cleaned if n != ""]  # the XML parser sees no empty text
    parser = ParaParser()
    _style, frags, _bullets = parser.tt_parse(("para", {}, cleaned), style)
    if frags is None:  # pragma: no cover - the markup is made here, never malformed
        raise ValueError(f"paragraph markup not understood: {parser.errors[:1]}")
    return list(frags)
