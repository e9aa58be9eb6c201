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
        # each run of text apart: a citation's number must not glue onto the words
        # before it ("acting Administrator¹" read as "acting Administrator1")
        said = "".join(" " if isinstance(i, t.FootnoteRef) else t.plain_text((i,)) for i in inlines)
        if rx.search(said):
            return (*inlines, t.Strong((t.Text(MARK),)))
        return inlines

    def block(b: t.Block) -> t.Block:
        if isinstance(b, t.Paragraph) and b.role is None or isinstance(b, (t.Table, t.Timeline)):
            return map_inlines(run, (b,))[0]
        return b

    # page 1's cover (document control, what is outstanding) names the words to verify
    # and is not itself marked
    blocks = tuple(
        b if isinstance(b, t.Callout) and b.kind == "cover" else map_blocks(block, (b,))[0]
        for b in doc.blocks
    )
    return dataclasses.replace(doc, blocks=blocks)
