"""The one walk over the document tree: maps and queries reach every node kind, and a node
of a kind the tree does not define raises in every walk, never passes through."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from briefgen import tree as t
from briefgen.compose.revisions import diff_blocks, diff_inlines
from briefgen.tree.layout import estimate_pages

T = t.Text


@dataclasses.dataclass(frozen=True)
class Foreign:
    """A node no part of briefgen knows."""

    children: tuple[Any, ...] = ()


def _doc(*blocks: Any) -> t.Document:
    meta = t.Metadata("T", "OFFICIAL", date(2026, 1, 1), "Org")
    return t.Document(meta, tuple(blocks))


def _every_kind() -> tuple[t.Block, ...]:
    item = t.ListItem((t.Paragraph((T("item"),), portion="OFFICIAL"),))
    image = t.Image("x.png", b"x", 10, 10)
    return (
        t.Heading(1, "h", (T("heading"),)),
        t.Paragraph(
            (
                t.Strong((T("strong"),)),
                t.Emphasis((t.Link("#h", (T("link"),)),)),
                t.FootnoteRef("a", 1),
                t.LineBreak(),
                t.Anchor("x"),
            ),
            portion="OFFICIAL",
        ),
        t.BulletList((item,)),
        t.OrderedList((item,), start=3),
        t.Table(((T("head"),),), (((T("cell"),),),), (None,), (1.0,), portions=("OFFICIAL",)),
        t.Figure(image, "alt", "caption"),
        t.Callout("note", (t.Paragraph((T("boxed"),), portion="OFFICIAL"),)),
        t.Timeline((t.TimelineEntry("2020", (T("event"),), portion="OFFICIAL"),)),
        t.Notes(),
        t.PageBreak(),
        t.Contents(),
    )


def test_query_and_maps_reach_every_text_of_every_kind() -> None:
    blocks = _every_kind()
    texts = t.query(lambda n: [n.text] if isinstance(n, t.Text) else [], blocks)
    assert texts == ["heading", "strong", "link", "item", "item", "head", "cell", "boxed", "event"]
    kinds = t.query(lambda n: [type(n).__name__], blocks)
    assert {"Notes", "PageBreak", "Contents", "Figure", "Anchor", "LineBreak"} <= set(kinds)
    upper = t.map_inlines(
        lambda run: t.rewrite_inlines(
            lambda n: (T(n.text.upper()),) if isinstance(n, t.Text) else (n,), run
        ),
        blocks,
    )
    assert t.query(lambda n: [n.text] if isinstance(n, t.Text) else [], upper) == [
        x.upper() for x in texts
    ]
    # a map that leaves out paragraphs reaches them inside lists and callouts too
    bare = t.map_blocks(lambda b: None if isinstance(b, t.Paragraph) else b, blocks)
    assert not any(isinstance(b, t.Paragraph) for b in t.iter_blocks(bare))
    assert len(list(t.portions(_doc(*blocks)))) == 6


def test_a_map_that_changes_nothing_copies_nothing() -> None:
    """A transform with nothing to do (most passes over most packs) gives back the very
    objects it was given, of every kind, so that nothing above them is copied either."""
    blocks = _every_kind()
    same_run = t.map_inlines(lambda run: t.rewrite_inlines(lambda n: (n,), run), blocks)
    assert same_run is blocks
    assert t.map_blocks(lambda b: b, blocks) is blocks
    # one changed text copies its own path up, and nothing beside it
    changed = t.map_inlines(
        lambda run: t.rewrite_inlines(lambda n: (T("EVENT"),) if n == T("event") else (n,), run),
        blocks,
    )
    assert changed is not blocks and changed != blocks
    assert [a is b for a, b in zip(blocks, changed, strict=True)].count(False) == 1


def test_a_link_can_be_unwrapped_in_place() -> None:
    run = (T("See "), t.Strong((t.Link("#x", (T("here"),)),)), T("."))
    out = t.rewrite_inlines(lambda n: n.children if isinstance(n, t.Link) else (n,), run)
    assert out == (T("See "), t.Strong((T("here"),)), T("."))


WALKS: dict[str, Callable[[Any], object]] = {
    "children": t.children,
    "block_inlines": t.block_inlines,
    "iter_blocks": lambda b: list(t.iter_blocks((b,))),
    "iter_inlines": lambda b: list(t.iter_inlines((b,))),
    "query": lambda b: t.query(lambda n: [n], (b,)),
    "map_blocks": lambda b: t.map_blocks(lambda x: x, (b,)),
    "map_inlines": lambda b: t.map_inlines(lambda r: r, (b,)),
    "dump": lambda b: t.dump(_doc(b)),
    "portions": lambda b: list(t.portions(_doc(b))),
    "relabel": lambda b: t.relabel(_doc(b), lambda m: m),
    "estimate_pages": lambda b: estimate_pages(_doc(b)),
    "headings": lambda b: list(t.headings(_doc(b))),
    "iter_headings": lambda b: list(_doc(b).iter_headings()),
    "diff_blocks": lambda b: diff_blocks([t.Paragraph((T("old"),))], [b]),
}


@pytest.mark.parametrize("walk", sorted(WALKS))
def test_every_walk_refuses_a_foreign_block(walk: str) -> None:
    with pytest.raises(TypeError, match="Foreign is not a node of the document tree"):
        WALKS[walk](Foreign())
    if walk not in ("children", "block_inlines"):  # these look one level down only
        with pytest.raises(TypeError, match="Foreign is not a node of the document tree"):
            WALKS[walk](t.Callout("note", (Foreign(),)))  # type: ignore[arg-type]


INLINE_WALKS: dict[str, Callable[[Any], object]] = {
    "inline_children": t.inline_children,
    "walk_inlines": lambda n: list(t.walk_inlines((t.Strong((n,)),))),
    "rewrite_inlines": lambda n: t.rewrite_inlines(lambda x: (x,), (n,)),
    "plain_text": lambda n: t.plain_text((t.Emphasis((n,)),)),
    "has_revisions": lambda n: t.has_revisions((t.Link("#x", (n,)),)),
    "all_inserted": lambda n: t.all_inserted((t.Inserted((T("x"),)), n)),
    "query": lambda n: t.query(lambda x: [x], (t.Paragraph((n,)),)),
    "timeline": lambda n: list(t.iter_inlines((t.Timeline((t.TimelineEntry("2020", (n,)),)),))),
    "dump": lambda n: t.dump(_doc(t.Paragraph((n,)))),
    "diff_inlines": lambda n: diff_inlines((T("old"),), (n,)),
}


@pytest.mark.parametrize("walk", sorted(INLINE_WALKS))
def test_every_walk_refuses_a_foreign_inline(walk: str) -> None:
    with pytest.raises(TypeError, match="Foreign is not a node of the document tree"):
        INLINE_WALKS[walk](Foreign())
