"""A draft's "verify before issue" marks: after each piece of text that prints a
perishable statement (`briefgen.data.perishable`) of a record no one has verified."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from briefgen import tree as t
from briefgen.tree.nodes import Inlines
from briefgen.tree.walk import map_blocks, map_inlines

MARK = " [verify before issue]"


def mark_unverified(doc: t.Document, needles: Sequence[str]) -> t.Document:
    """``doc`` with `MARK` (bold) after each paragraph, list item, table cell or timeline
    entry of body text holding one of ``needles`` (headings and page 1's lines unmarked)."""
    wanted = sorted({n for n in needles if n}, key=len, reverse=True)
    if not wanted:
        return doc
    rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in wanted) + r")(?!\w)")

    def run(inlines: Inlines) -> Inlines:
        if rx.search(t.plain_text(inlines)):
            return (*inlines, t.Strong((t.Text(MARK),)))
        return inlines

    def block(b: t.Block) -> t.Block:
        if isinstance(b, t.Paragraph) and b.role is None or isinstance(b, (t.Table, t.Timeline)):
            return map_inlines(run, (b,))[0]
        return b

    return dataclasses.replace(doc, blocks=map_blocks(block, doc.blocks))
