"""The bound pack (issue 27): a visit's brief with its attachments in one PDF and one .docx,
a contents of the pack with true page numbers, a bookmark per attachment, the pack's
marking and a page number on every page, and a releasable edition that leaves out an
attachment above its ceiling, text and all."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader

import briefgen
from briefgen.build.bind import WITHHELD_NOTE
from docx_checks import schema_findings

HEADING = "Attachment A: European Space Agency partner brief"
PARTNER_TEXT = "Key facts: European Space Agency"  # the ESA partner brief's, not the visit's


def _pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    paras = [p.text for p in document.paragraphs]
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join(paras + cells)


def test_pdf_binds_the_partner_brief_with_a_true_contents(reference_packs: Path) -> None:
    path = reference_packs / "esa-illustrative.pdf"
    pages = _pages_text(path)
    tab = next(i for i, text in enumerate(pages) if text.count(HEADING) >= 2)  # head + tab
    assert any(PARTNER_TEXT in text for text in pages[tab + 1 :])
    at = next(i for i, text in enumerate(pages) if "Contents of the pack" in text)
    assert 0 < at < tab  # after the brief: page 1 stays the brief's, with its control
    contents = pages[at]
    listed = re.search(re.escape(HEADING) + r"\s+(\d+)", contents)
    assert listed is not None and int(listed.group(1)) == tab + 1
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        tops = {item.title: item for item in outline.root}
        assert HEADING in tops
        item = tops[HEADING]
        assert pikepdf.Page(item.destination[0]).index == tab
        assert any("European Space Agency" in kid.title for kid in item.children)
        labels = {pikepdf.Page(p).label for p in pdf.pages[tab + 1 : tab + 3]}
        assert labels == {"A-1", "A-2"}


def test_every_page_carries_the_marking_and_a_number(reference_packs: Path) -> None:
    path = reference_packs / "esa-illustrative.pdf"
    with pdfplumber.open(path) as pdf:
        total = len(pdf.pages)
        for i, page in enumerate(pdf.pages, 1):
            lines = [line["text"] for line in page.extract_text_lines()]
            assert lines[0] == "OFFICIAL: Sensitive", (i, lines[:2])
            assert lines[-1] == "OFFICIAL: Sensitive", (i, lines[-2:])
            assert f"Page {i} of {total}" in lines[-2], (i, lines[-2])
    attachment = _pages_text(path)[-1]
    assert re.search(rf"A-\d+ \u00b7 Page {total} of {total}", attachment)


def test_every_page_of_a_bound_draft_says_draft_in_its_head(reference_packs: Path) -> None:
    """The reference visit is a draft: its running head says DRAFT on every page, the bound
    attachment's pages too, as an unbound draft's and the Word edition's do."""
    with pdfplumber.open(reference_packs / "esa-illustrative.pdf") as pdf:
        for i, page in enumerate(pdf.pages, 1):
            head = page.crop((0, 0, page.width, 60)).extract_text_lines()
            assert len(head) == 2 and head[1]["text"].endswith(" DRAFT"), (i, head)


def test_bound_pdf_is_sound_and_tagged(reference_packs: Path) -> None:
    import page

    path = reference_packs / "esa-illustrative.pdf"
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    report = page.validate_pdf(path, profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    with pikepdf.open(path) as pdf:
        parts = [k for k in pdf.Root.StructTreeRoot.K.K if k.get("/S") == pikepdf.Name.Part]
        assert [str(p.T) for p in parts] == [HEADING]
        assert b"pdfuaid" in pdf.Root.Metadata.read_bytes()


def test_docx_binds_the_partner_brief_in_a_section(reference_editions: tuple[Path, Path]) -> None:
    out, lo = reference_editions
    path = out / "esa-illustrative.docx"
    text = _docx_text(path)
    assert HEADING in text and PARTNER_TEXT in text and "Contents of the pack" in text
    document = docx.Document(str(path))
    restarts = [
        s for s in document.sections if s._sectPr.find(docx.oxml.ns.qn("w:pgNumType")) is not None
    ]
    assert len(restarts) == 1
    footer = "".join(t.text or "" for t in restarts[0].footer._element.iter(_w("t")))
    assert "A-" in footer and "OFFICIAL: Sensitive" in footer
    header = "".join(t.text or "" for t in restarts[0].header._element.iter(_w("t")))
    assert HEADING in header and "OFFICIAL: Sensitive" in header
    assert schema_findings(path) == []
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    laid = lo / "esa-illustrative.pdf"
    assert laid.is_file()
    pages = _pages_text(laid)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Part")
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert rows[HEADING] == "A-1"
    brief = next(i for i, p in enumerate(pages) if "Visit brief, 2 to 3 March 2027" in p)
    assert rows["Brief: Illustrative visit: European Space Agency delegation"] == str(brief + 1)
    first = next(i for i, p in enumerate(pages) if PARTNER_TEXT in p)
    assert re.search(r"\bA-1\b", pages[first]) and HEADING in pages[first]


def test_binding_leaves_core_properties_of_later_files_intact(tmp_path: Path) -> None:
    """docxcompose rebinds python-docx's "cp" prefix to custom properties when imported:
    every .docx written after it in the process would carry invalid core properties."""
    from briefgen.writers.docx.bind import _composer

    _composer()  # docxcompose imported, as binding a pack does
    ws = briefgen.load_workspace(Path(__file__).resolve().parents[1])
    ws.build(tmp_path, targets=("nz",), formats=("docx",), jobs=1)
    assert schema_findings(tmp_path / "nz.docx") == []


def _w(tag: str) -> str:
    return docx.oxml.ns.qn(f"w:{tag}")


def test_releasable_edition_leaves_out_an_attachment_above_its_ceiling(
    ws_copy: Path, tmp_path: Path
) -> None:
    esa = ws_copy / "data" / "partners" / "esa.yaml"
    esa.write_text('marking: "OFFICIAL: Sensitive"\n' + esa.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    ws = briefgen.load_workspace(ws_copy)
    report = ws.build(out, formats=("docx", "pdf"), max_marking="OFFICIAL", jobs=1)
    built = {r.id: r for r in report.results}
    assert built["esa-illustrative"].status == "built", built["esa-illustrative"].error
    assert built["esa"].status == "withheld"
    pdf = out / "esa-illustrative.releasable-official.pdf"
    word = out / "esa-illustrative.releasable-official.docx"
    note = WITHHELD_NOTE.format(ceiling="OFFICIAL")
    pdf_text = "\n".join(_pages_text(pdf))
    assert pdf_text.count(note) == 1 and "Contents of the pack" in pdf_text
    assert _docx_text(word).count(note) == 1
    for f in out.rglob("*"):
        if not f.is_file():
            continue
        if f.suffix == ".pdf":
            text = "\n".join(_pages_text(f))
        elif f.suffix == ".docx":
            text = _docx_text(f)
        else:
            text = f.read_bytes().decode("utf-8", "replace")
        assert PARTNER_TEXT not in text and "Partner brief: European" not in text, f


def test_attachment_is_rendered_once_when_its_pack_is_built(
    ws_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.build import bind

    rendered: list[str] = []
    real = bind.render

    def counting(pack: object, fmt: str, theme: object = None) -> object:
        rendered.append(f"{pack.id}.{fmt}")  # type: ignore[attr-defined]
        return real(pack, fmt, theme)  # type: ignore[arg-type]

    monkeypatch.setattr(bind, "render", counting)
    ws = briefgen.load_workspace(ws_copy)
    report = ws.build(tmp_path / "out", targets=("esa", "esa-illustrative"), jobs=1)
    assert not report.failed, [r.error for r in report.failed]
    assert sorted(rendered) == ["esa.docx", "esa.pdf"]  # the visit's brief is not a pack
    with io.BytesIO((tmp_path / "out" / "esa-illustrative.pdf").read_bytes()) as f:
        assert any(PARTNER_TEXT in (p.extract_text() or "") for p in PdfReader(f).pages)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_bound_pack_is_deterministic(fmt: str) -> None:
    from briefgen.build.bind import render_pack
    from briefgen.build.render import theme_of
    from briefgen.compose.pack import make_pack

    ws = briefgen.load_workspace(Path(__file__).resolve().parents[1])
    first, second = (make_pack(ws, "esa-illustrative") for _ in range(2))
    theme = theme_of(first)
    assert render_pack(first, fmt, theme).data == render_pack(second, fmt, theme).data
