"""Citation markers a single-source pack does without: it names its one source once."""

from __future__ import annotations

import dataclasses

from briefgen import tree as t
from briefgen.tree.nodes import Inlines
from briefgen.tree.walk import map_blocks, rewrite_inlines


def without_markers(doc: t.Document) -> t.Document:
    """``doc`` without footnote references, footnotes or the list of them (for a pack whose
    every fact cites one source: its template prints "Source: ..." once instead)."""

    def unmarked(node: t.Inline) -> tuple[t.Inline, ...]:
        return () if isinstance(node, t.FootnoteRef) else (node,)

    def run(inlines: Inlines) -> Inlines:
        return rewrite_inlines(unmarked, inlines)

    def block(b: t.Block) -> t.Block | None:
        return None if isinstance(b, t.Notes) else b

    return dataclasses.replace(doc, blocks=map_blocks(block, doc.blocks, run), footnotes=())
