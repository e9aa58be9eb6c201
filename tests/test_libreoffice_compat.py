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

from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.writers.docx import render
from briefgen.writers.docx.compat import libreoffice
from docx_checks import libreoffice_convert, stranding_document, unseen
from treesamples import sample_document

pdfplumber = pytest.importorskip("pdfplumber")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice")
def test_libreoffice_still_strands_a_heading_without_the_workaround(tmp_path: Path) -> None:
    version = subprocess.run(
        ["soffice", "--version"], capture_output=True, text=True, timeout=120
    ).stdout
    plain = stranding_document(24, tmp_path / "plain.docx")
    guarded = stranding_document(24, tmp_path / "guarded.docx", libreoffice.apply)
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
