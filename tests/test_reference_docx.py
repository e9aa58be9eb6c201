"""Every reference pack as .docx, checked with tools that did not write it: python-docx reads
the text back, openxml-audit finds no schema errors, Pandoc finds the structure and
LibreOffice opens every file."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest

import briefgen
from briefgen import tree as t
from conftest import brief_docx
from docx_checks import (
    actual_paragraphs,
    expected_paragraphs,
    pandoc_counts,
    schema_findings,
)

ROOT = Path(__file__).resolve().parents[1]
WS = briefgen.load_workspace(ROOT)
IDS = [ident for _, ident, _ in WS.targets()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference-docx")
    report = WS.build(out, formats=("docx",), jobs=2)
    assert not report.failed, [r.error for r in report.failed]
    return out


@pytest.mark.parametrize("ident", IDS)
def test_text_reads_back_and_marking_on_every_page(built: Path, ident: str, tmp_path: Path) -> None:
    doc = WS.pack(ident).document
    brief = brief_docx(built / f"{ident}.docx", tmp_path)  # a bound pack's brief
    document = docx.Document(str(brief))
    assert actual_paragraphs(document) == expected_paragraphs(doc)
    for section in document.sections:
        for part in (section.header, section.footer):
            assert doc.meta.marking in [p.text for p in part.paragraphs]
    assert document.core_properties.title == doc.meta.title
    with zipfile.ZipFile(brief) as z:
        assert "word/footnotes.xml" not in z.namelist()  # sources are listed once
        body = z.read("word/document.xml").decode()
    refs = sum(
        1
        for b in t.iter_blocks(doc.blocks)
        for inlines in _inline_groups(b)
        for n in inlines
        if isinstance(n, t.FootnoteRef)
    )
    # every citation links to its source's one entry in Sources
    assert body.count('w:anchor="_Note_') == refs  # none in a single-source pack
    assert body.count('w:name="_Note_') == len(doc.footnotes)


def _inline_groups(block: t.Block) -> list[tuple[t.Inline, ...]]:
    if isinstance(block, (t.Paragraph, t.Heading)):
        return [block.children]
    if isinstance(block, t.Table):
        return [cell for row in (block.header, *block.rows) for cell in row]
    if isinstance(block, t.Timeline):
        return [e.children for e in block.entries]
    return []


@pytest.mark.parametrize("ident", IDS)
def test_no_schema_errors(built: Path, ident: str) -> None:
    assert schema_findings(built / f"{ident}.docx") == []


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
@pytest.mark.parametrize("ident", ["jp", "europe", "esa-illustrative"])
def test_pandoc_finds_headings_tables_notes_images(built: Path, ident: str, tmp_path: Path) -> None:
    doc = WS.pack(ident).document
    brief = brief_docx(built / f"{ident}.docx", tmp_path)  # a bound pack's brief
    counts = pandoc_counts(brief.read_bytes(), tmp_path)
    contents = any(isinstance(b, t.Contents) for b in doc.blocks)
    assert counts.get("Header", 0) == len(list(doc.iter_headings())) + contents
    tables = sum(isinstance(b, (t.Table, t.Timeline)) for b in t.iter_blocks(doc.blocks))
    assert counts.get("Table", 0) == tables  # real tables only: no layout tables
    assert counts.get("Note", 0) == 0  # no page-foot notes: Sources lists each source once
    figures = sum(isinstance(b, t.Figure) for b in t.iter_blocks(doc.blocks))
    assert counts.get("Image", 0) == figures


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_every_pack(reference_editions: tuple[Path, Path]) -> None:
    import pypdf

    out, lo = reference_editions  # converted in one LibreOffice call per session
    files = sorted(out.glob("*.docx"))
    assert len(files) == len(IDS)
    for path in files:
        pdf = lo / f"{path.stem}.pdf"
        assert pdf.exists(), f"LibreOffice could not open {path.name}"
        reader = pypdf.PdfReader(str(pdf))
        marking = WS.pack(path.stem).document.meta.marking
        for page in reader.pages:
            assert (page.extract_text() or "").count(marking) >= 2  # header and footer
