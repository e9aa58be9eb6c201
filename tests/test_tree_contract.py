"""The tree contract: one check before any writer, so both writers refuse the same trees
with the same message, and the layout rules they share."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.writers import get_writer
from treesamples import sample_image

META = t.Metadata("Brief", "OFFICIAL", date(2026, 1, 1), "Org")
T = t.Text


def doc(*blocks: t.Block, notes: tuple[t.Footnote, ...] = ()) -> t.Document:
    return t.Document(META, (*blocks, t.Notes()) if notes else blocks, notes)


def heading(ident: str, level: int = 1) -> t.Heading:
    return t.Heading(level, ident, (T(ident),))


def table(rows: tuple[tuple[tuple[t.Inline, ...], ...], ...], widths: tuple[float, ...]) -> t.Table:
    return t.Table(((T("A"),), (T("B"),)), rows, (None, None), widths, "Caption")


NOTE = t.Footnote("src", 1, (t.Paragraph((T("A source."),)),))
FIGURE = t.Figure(sample_image(), "alt", "caption")

MALFORMED = {
    "duplicate heading id": (doc(heading("a"), heading("a")), "two headings have the id 'a'"),
    "dangling link": (
        doc(heading("a"), t.Paragraph((t.Link("#nowhere", (T("x"),)),))),
        "link to '#nowhere'",
    ),
    "missing footnote": (
        doc(t.Paragraph((T("fact"), t.FootnoteRef("gone", 1)))),
        "footnote reference 'gone' has no footnote",
    ),
    "footnote cites a footnote": (
        doc(notes=(replace(NOTE, blocks=(t.Paragraph((t.FootnoteRef("src", 1),)),)),)),
        "cites a footnote",
    ),
    "short table row": (doc(table((((T("1"),),),), (0.5, 0.5))), "a table row has 1 cells"),
    "widths of another table": (
        doc(table((((T("1"),), (T("2"),)),), (1.0,))),
        "a table of 2 columns has widths",
    ),
    "heading level 5": (doc(heading("deep", 5)), "level 5, outside 1-4"),
    "empty timeline": (doc(t.Timeline(())), "a timeline needs entries"),
    "undated timeline entry": (
        doc(t.Timeline((t.TimelineEntry(" ", (T("x"),)),))),
        "a timeline needs entries, each with a date",
    ),
    "citation in a timeline without its note": (
        doc(t.Timeline((t.TimelineEntry("2020", (t.FootnoteRef("gone", 1),)),))),
        "footnote reference 'gone' has no footnote",
    ),
    "notes never listed": (
        t.Document(META, (t.Paragraph((T("fact"), t.FootnoteRef("src", 1))),), (NOTE,)),
        "1 footnotes need one notes block, not 0",
    ),
    "empty figure": (
        doc(replace(FIGURE, image=replace(FIGURE.image, width_px=0))),
        "has no size",
    ),
}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_both_writers_refuse_a_malformed_tree_alike(case: str, fmt: str) -> None:
    document, message = MALFORMED[case]
    with pytest.raises(t.TreeError, match=re.escape(message)):
        get_writer(fmt)(document, Theme())


def test_a_well_formed_tree_passes() -> None:
    t.check(
        doc(
            heading("a"),
            t.Paragraph((t.Link("#a", (T("back"),)), t.FootnoteRef("src", 1))),
            table((((T("1"),), (T("2"),)),), (0.25, 0.75)),
            FIGURE,
            notes=(NOTE,),
        )
    )


def test_captions_are_numbered_apart_in_reading_order() -> None:
    first = table((((T("1"),), (T("2"),)),), (0.5, 0.5))
    uncaptioned = replace(first, caption=None)
    second = replace(first, caption="Second")
    box = t.Callout("note", (second,))
    document = doc(FIGURE, first, uncaptioned, box, replace(FIGURE, caption="two"))
    numbers = t.caption_numbers(document)
    assert [numbers.get(id(b)) for b in document.blocks[:3]] == [1, 1, None]
    assert numbers[id(second)] == 2 and numbers[id(document.blocks[4])] == 2


def test_figures_shrink_to_the_box_and_never_grow() -> None:
    assert t.figure_scale(100, 100, 400, 400) == 1.0
    assert t.figure_scale(800, 100, 400, 1000) == 0.5  # too wide
    assert t.figure_scale(100, 1000, 400, 1000) == pytest.approx(0.6)  # too tall


def test_column_widths_fill_the_total_in_proportion() -> None:
    widths = t.column_widths(table((((T("1"),), (T("2"),)),), (1.0, 3.0)), 400.0)
    assert widths == [100.0, 300.0]
