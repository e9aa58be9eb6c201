"""The LibreOffice workaround (writers/docx/compat/libreoffice.py) is still needed: without
it, LibreOffice leaves a heading alone at the foot of a page.  When this test fails,
LibreOffice has stopped stranding the heading: check the version, then retire the module."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from briefgen import tree as t
from briefgen.theme import Theme, resource_path
from briefgen.writers.docx import render
from briefgen.writers.docx.compat import libreoffice
from docx_checks import libreoffice_convert, unseen
from treesamples import sample_document

pdfplumber = pytest.importorskip("pdfplumber")


def _stranding_document(nfill: int, path: Path, *, workaround: bool) -> Path:
    """``nfill`` paragraphs filling page 1 to just above its foot, then a heading (the
    provisional page's 25th paragraph when ``nfill`` is 24) and two lines of text."""
    document = docx.Document(str(resource_path("reference.docx")))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for i in range(nfill):
        p = document.add_paragraph(f"Filler {i}")
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(640 / nfill)
    document.add_paragraph("Heading here", style="Heading 1")
    document.add_paragraph("Text that runs to two lines at least, after the heading. " * 3)
    document.add_paragraph("After.")
    if workaround:
        libreoffice.apply(body, document.styles.element)
    document.save(str(path))
    return path


@pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice")
def test_libreoffice_still_strands_a_heading_without_the_workaround(tmp_path: Path) -> None:
    version = subprocess.run(
        ["soffice", "--version"], capture_output=True, text=True, timeout=120
    ).stdout
    plain = _stranding_document(24, tmp_path / "plain.docx", workaround=False)
    guarded = _stranding_document(24, tmp_path / "guarded.docx", workaround=True)
    output = libreoffice_convert([plain, guarded], tmp_path)
    assert "Error:" not in output, output
    last_on_page_1 = {}
    for path in (plain, guarded):
        with pdfplumber.open(str(path.with_suffix(".pdf"))) as pdf:
            lines = [ln["text"] for ln in pdf.pages[0].extract_text_lines()]
            last_on_page_1[path.stem] = lines[-1]
    assert last_on_page_1["guarded"] != "Heading here"  # the workaround works
    assert last_on_page_1["plain"] == "Heading here", (
        f"{version.strip()} no longer strands the heading that {libreoffice.CHECKED_ON} did: "
        "the workaround in writers/docx/compat/libreoffice.py may be retired"
    )


def test_the_switch_turns_the_workaround_off(monkeypatch: pytest.MonkeyPatch) -> None:
    # 24 paragraphs, then a heading: the heading would end LibreOffice's provisional page
    filler = tuple(t.Paragraph((t.Text(f"Paragraph {i}."),)) for i in range(24))
    tail = (t.Heading(1, "sources", (t.Text("Sources"),)), t.Paragraph((t.Text("The end."),)))
    doc = replace(sample_document(paragraphs=0), blocks=filler + tail, footnotes=())

    def hidden(data: bytes) -> int:
        return sum(1 for p in docx.Document(io.BytesIO(data)).paragraphs if unseen(p))

    assert libreoffice.enabled()
    on = render(doc, Theme()).data
    monkeypatch.setenv(libreoffice.SWITCH, "0")
    assert not libreoffice.enabled()
    off = render(doc, Theme()).data
    assert hidden(off) == 0
    assert hidden(on) == 1
