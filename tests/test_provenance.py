"""Provenance (issue 28): the tree says which record field a block's text is, and absorb
writes an edit to that field in the file's own layout."""

from __future__ import annotations

from datetime import date

import pytest

from briefgen import tree as t
from briefgen.build.absorb import change_text, parse_key


def _doc(*blocks: t.Block) -> t.Document:
    meta = t.Metadata(title="T", marking="OFFICIAL", edition=date(2026, 1, 1), organisation="O")
    return t.Document(meta, blocks)


def test_the_dump_shows_a_source_and_check_refuses_one_without_a_field() -> None:
    good = t.Source("data/partners/jp.yaml#overview[0].brief", "Text.")
    doc = _doc(t.Paragraph((t.Text("Text."),), source=good))
    t.check(doc)
    assert "source='data/partners/jp.yaml#overview[0].brief'" in t.dump(doc)
    assert list(t.sourced(doc.blocks)) == [(good, (t.Text("Text."),))]
    with pytest.raises(t.TreeError, match="names no data file and field"):
        t.check(_doc(t.Paragraph((t.Text("Text."),), source=t.Source("jp.yaml", "Text."))))


def test_a_narrative_edit_adds_a_brief_and_keeps_the_source_text() -> None:
    text = (
        "# the partner\n"
        "overview:\n"
        "  - text: >-\n"
        "      The source's own words,\n"
        "      folded.\n"
        "    sources: [a]  # cited\n"
    )
    rel, loc = parse_key("data/partners/x.yaml#overview[0].brief")
    assert (rel, loc) == ("data/partners/x.yaml", ("overview", 0, "brief"))
    out = change_text(text, [(loc, "The brief's words.")])
    assert out == (
        "# the partner\n"
        "overview:\n"
        "  - text: >-\n"
        "      The source's own words,\n"
        "      folded.\n"
        "    brief: The brief's words.\n"
        "    sources: [a]  # cited\n"
    )
