"""Tables and dates (issue 25, item 10): no caption repeating the heading just above it
(still the table's accessible name in both editions), program columns sized to their
content, agreement dates that say what they date."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import briefgen
from briefgen import tree as t
from conftest import ROOT


@pytest.fixture(scope="module")
def ws() -> briefgen.Workspace:
    return briefgen.load_workspace(ROOT)


def _words(inlines: tuple[t.Inline, ...]) -> str:
    return t.plain_text(tuple(n for n in inlines if not isinstance(n, t.FootnoteRef)))


def _tables_after_headings(doc: t.Document) -> list[tuple[str, t.Table]]:
    """Each table that directly follows a heading, with the heading's text."""
    out = []
    blocks = list(t.iter_blocks(doc.blocks))
    for before, block in zip(blocks, blocks[1:], strict=False):
        if isinstance(block, t.Table) and isinstance(before, t.Heading):
            out.append((t.plain_text(before.children), block))
    return out


def test_no_caption_repeats_the_heading_above_it(ws: briefgen.Workspace) -> None:
    seen = 0
    for _kind, ident, _name in ws.targets():
        for heading, table in _tables_after_headings(ws.pack(ident).document):
            seen += 1
            if table.caption is not None:
                assert heading.casefold() not in table.caption.casefold(), (ident, heading)
            assert table.name, (ident, heading)  # still the table's accessible name
    assert seen >= 10


def test_the_unprinted_caption_is_the_tables_accessible_name(reference_packs: Path) -> None:
    xml = zipfile.ZipFile(reference_packs / "esa-illustrative.docx").read("word/document.xml")
    text = xml.decode("utf-8")
    assert '<w:tblCaption w:val="Contacts"/>' in text
    assert '<w:tblCaption w:val="Program for Tuesday 2 March 2027"/>' in text
    assert ">: Contacts</w:t>" not in text  # no "Table N: Contacts" caption line
    summaries = []
    with pikepdf.open(reference_packs / "esa-illustrative.pdf") as pdf:

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Table":
                    summaries.append(str(node["/A"]["/Summary"]))
                if "/K" in node:
                    walk(node["/K"])
            elif isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    reader = PdfReader(str(reference_packs / "esa-illustrative.pdf"))
    pages = "\n".join(pg.extract_text() or "" for pg in reader.pages)
    assert "Contacts" in summaries and "Agreements" in summaries
    assert not re.search(r"Table \d+: Contacts", pages)


def test_program_columns_are_sized_to_their_content(ws: briefgen.Workspace) -> None:
    doc = ws.pack("esa-illustrative").document
    tables = [b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Table)]
    (first,) = [x for x in tables if x.name == "Run sheet for Tuesday 2 March 2027"]
    header = [_words(c) for c in first.header]
    widths = dict(zip(header, first.widths, strict=True))
    assert widths["Notes"] >= 0.2  # a sentence of notes is not squeezed
    assert widths["Time"] == min(widths.values())  # "09:00–09:30" needs little room
    (glance,) = [x for x in tables if x.name == "Program for Tuesday 2 March 2027"]
    assert [_words(c) for c in glance.header] == ["Time", "Activity", "Location"]


def test_agreement_dates_say_what_they_date(ws: briefgen.Workspace) -> None:
    cells: dict[str, list[str]] = {}
    for ident in ("jp", "esa", "us"):
        doc = ws.pack(ident).document
        for _heading, table in _tables_after_headings(doc):
            if table.name == "Agreements":
                assert [_words(c) for c in table.header][-1] == "Status"  # no bare "Date"
                cells[ident] = [_words(row[-1]) for row in table.rows]
    assert cells == {
        "jp": ["Signed July 2020"],
        "esa": ["In place since 1979", "Negotiations mandated 2025"],
        "us": ["Signed (date not recorded)"],
    }
