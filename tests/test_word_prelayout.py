"""The Word writer keeps keep-with-next chains off the ends of LibreOffice's provisional
pages (25 paragraphs, a table counting its rows), where LibreOffice strands a heading."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from briefgen import tree as t
from briefgen.theme import Theme, resource_path
from briefgen.writers.docx import render
from briefgen.writers.docx.compat.libreoffice import (
    guard_keep_chains,
    hidden_paragraph,
    keep_resolver,
    provisional_starts,
)
from docx_checks import (
    actual_paragraphs,
    libreoffice_convert,
    stranding_document,
    unseen,
)
from docx_checks import (
    keep_paragraph as paragraph,
)
from treesamples import sample_document

pdfplumber = pytest.importorskip("pdfplumber")


def table(rows: int) -> object:
    tbl = OxmlElement("w:tbl")
    for _ in range(rows):
        tbl.append(OxmlElement("w:tr"))
    return tbl


def test_provisional_pages_hold_25_paragraphs_and_count_table_rows() -> None:
    assert list(provisional_starts([paragraph() for _ in range(60)])) == [25, 51]
    blocks = [paragraph() for _ in range(10)] + [table(12)] + [paragraph() for _ in range(10)]
    assert list(provisional_starts(blocks)) == [14]  # 10 + 12 rows + 3 = 25, then the 26th
    broken = [paragraph() for _ in range(5)]  # a page-break run: the next block starts a page
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br", {qn("w:type"): "page"}))
    broken[2].append(run)
    assert list(provisional_starts(broken + [paragraph() for _ in range(30)])) == [3, 29]


def body_of(blocks: list[object]) -> object:
    body = OxmlElement("w:body")
    for block in blocks:
        body.append(block)
    return body


def keeps(p: object) -> bool:
    return p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None  # type: ignore[attr-defined]


@pytest.mark.parametrize(("before", "chain", "added"), [(24, 1, 1), (23, 2, 2), (23, 1, 0)])
def test_a_chain_ending_a_provisional_page_opens_the_next(
    before: int, chain: int, added: int
) -> None:
    blocks = [paragraph() for _ in range(before)] + [paragraph(True) for _ in range(chain)]
    body = body_of(blocks + [paragraph() for _ in range(10)])
    assert guard_keep_chains(body, keeps) == added
    kept = [b for b in body if b.tag == qn("w:p")]  # type: ignore[attr-defined]
    starts = list(provisional_starts(kept))
    for start in starts:
        assert not keeps(kept[start - 1])
    if added:
        assert kept[starts[0]] is blocks[before]  # the chain's first paragraph
        assert all(unseen(docx.text.paragraph.Paragraph(p, None)) for p in kept[before:25])


def test_styles_decide_the_keep(tmp_path: Path) -> None:
    document = docx.Document(str(resource_path("reference.docx")))
    keeps_next = keep_resolver(document.styles.element)
    heading = document.add_paragraph("Heading", style="Heading 1")._p
    plain = document.add_paragraph("Text")._p
    assert keeps_next(heading) and not keeps_next(plain) and not keeps_next(hidden_paragraph())


def test_hidden_paragraphs_only_where_needed() -> None:
    T = t.Text
    filler = tuple(t.Paragraph((T(f"Paragraph {i}."),)) for i in range(25))
    tail = (t.Heading(1, "sources", (T("Sources"),)), t.Paragraph((T("The end."),)))
    for count, expected in ((24, 1), (23, 0), (25, 0)):
        doc = replace(sample_document(paragraphs=0), blocks=filler[:count] + tail, footnotes=())
        word = docx.Document(io.BytesIO(render(doc, Theme()).data))
        hidden = [p for p in word.paragraphs if unseen(p)]
        assert len(hidden) == expected, count
        assert actual_paragraphs(word) == [f"Paragraph {i}." for i in range(count)] + [
            "Sources",
            "The end.",
        ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice")
def test_libreoffice_keeps_the_heading_with_its_text(tmp_path: Path) -> None:
    """24 paragraphs fill page 1 to just above its foot; the heading (the 25th) fits there,
    the two lines after it do not.  LibreOffice 7.4 leaves such a heading at the foot unless
    the writer's hidden paragraph moves the chain off the provisional page's end."""
    files = []

    def guard(body: object, styles: object) -> None:
        guard_keep_chains(body, keep_resolver(styles))

    for nfill in (23, 24, 25):
        path = stranding_document(nfill, tmp_path / f"fill{nfill}.docx", guard)
        files.append(path)
    output = libreoffice_convert(files, tmp_path)
    assert "Error:" not in output, output
    for path in files:
        with pdfplumber.open(str(path.with_suffix(".pdf"))) as pdf:
            assert len(pdf.pages) == 2, path.name
            first = [ln["text"] for ln in pdf.pages[0].extract_text_lines()]
            second = [ln["text"] for ln in pdf.pages[1].extract_text_lines()]
        assert "Heading here" not in first, path.name
        assert "Heading here" in second, path.name
