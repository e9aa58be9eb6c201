"""Files of the workspace bound into a visit's pack (issue 27 item 4): a tagged PDF, an
untagged PDF, a .docx and a map image, each with its declared title and marking."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

import briefgen
from docx_checks import libreoffice_pdf, schema_findings

HERE = Path(__file__).parent
UNTAGGED_TEXT = "Untagged draft memorandum text"
WORD_TEXT = "External Word attachment text"
MAP_ALT = "Map of the ground station sites in Western Australia"


def _untagged_pdf(path: Path) -> None:
    canvas = Canvas(str(path), pagesize=(612, 792), invariant=1)  # US Letter, edge to edge
    canvas.drawString(2, 780, UNTAGGED_TEXT)
    canvas.drawString(2, 4, "bottom edge")
    canvas.showPage()
    canvas.save()


def _word(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Ground station notes", 1)
    document.add_paragraph(WORD_TEXT)
    document.save(str(path))


def _tagged_pdf(ws: Path, path: Path) -> None:
    """A tagged PDF: briefgen's own partner brief of New Zealand."""
    report = briefgen.load_workspace(ws).build(
        ws / "tagged", targets=("nz",), formats=("pdf",), jobs=1
    )
    assert not report.failed
    shutil.copy(ws / "tagged" / "nz.pdf", path)


ENTRIES = {
    "letter": "  - title: Letter from New Zealand\n    file: attachments/letter.pdf\n"
    "    marking: OFFICIAL\n",
    "mou": "  - title: Draft memorandum\n    file: attachments/mou.pdf\n    marking: OFFICIAL\n",
    "points": "  - title: Ground station notes\n    file: attachments/points.docx\n"
    "    marking: {marking}\n",
    "map": f"  - title: Ground stations\n    file: attachments/map.png\n    marking: OFFICIAL\n"
    f"    alt: {MAP_ALT}\n",
}


def _visit(ws: Path, *names: str, points: str = "OFFICIAL") -> None:
    folder = ws / "attachments"
    folder.mkdir(exist_ok=True)
    _tagged_pdf(ws, folder / "letter.pdf")
    _untagged_pdf(folder / "mou.pdf")
    _word(folder / "points.docx")
    shutil.copy(HERE / "sample.png", folder / "map.png")
    path = ws / "data" / "visits" / "esa-illustrative.yaml"
    lines = "".join(ENTRIES[n].replace("{marking}", f'"{points}"') for n in names)
    attach = "attachments:\n  - title: European Space Agency partner brief\n    partner: esa\n"
    path.write_text(path.read_text(encoding="utf-8") + attach + lines, encoding="utf-8")


def _build(ws: Path, out: Path, **options: object) -> briefgen.BuildReport:
    report = briefgen.load_workspace(ws).build(
        out,
        targets=("esa-illustrative",),
        formats=("docx", "pdf"),
        jobs=1,
        **options,  # type: ignore[arg-type]
    )
    assert not report.failed, [r.error for r in report.failed]
    return report


def test_every_kind_of_file_is_bound_with_marking_and_numbers(
    ws_copy: Path, tmp_path: Path
) -> None:
    _visit(ws_copy, "letter", "mou", "points", "map")
    out = tmp_path / "out"
    report = _build(ws_copy, out)
    warnings = report.results[0].warnings
    assert any("mou.pdf" in w and "PDF/UA" in w for w in warnings), warnings
    pdf_path = out / "esa-illustrative.pdf"
    text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf_path).pages)
    assert UNTAGGED_TEXT in text and "Partner brief: New Zealand" in text
    assert "bound into the Word edition" in " ".join(text.split())  # the .docx's tab page
    with pdfplumber.open(pdf_path) as pdf:
        total = len(pdf.pages)
        for i, page in enumerate(pdf.pages, 1):
            lines = [line["text"] for line in page.extract_text_lines()]
            assert lines[0] == "OFFICIAL: Sensitive" and lines[-1] == "OFFICIAL: Sensitive", i
            assert f"Page {i} of {total}" in lines[-2], (i, lines[-2])
            if UNTAGGED_TEXT in "\n".join(lines):  # scaled into the frame, not covered
                words = page.extract_words()
                ours = [w for w in words if w["text"] == "OFFICIAL:"]
                theirs = [w for w in words if w["text"] in ("Untagged", "bottom")]
                assert min(w["top"] for w in theirs) > min(w["bottom"] for w in ours)
                assert max(w["bottom"] for w in theirs) < max(w["top"] for w in ours)
    with pikepdf.open(pdf_path) as pdf:
        assert b"pdfuaid" not in pdf.Root.Metadata.read_bytes()
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert [t for t in titles if t.startswith("Attachment")] == [
            "Attachment A: European Space Agency partner brief",
            "Attachment B: Letter from New Zealand",
            "Attachment C: Draft memorandum",
            "Attachment D: Ground station notes",
            "Attachment E: Ground stations",
        ]
        alts = [str(e.get("/Alt", "")) for e in _elements(pdf) if e.get("/S") == "/Figure"]
        assert MAP_ALT in alts
    check = subprocess.run(["qpdf", "--check", str(pdf_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    word = out / "esa-illustrative.docx"
    document = docx.Document(str(word))
    body = "\n".join(p.text for p in document.paragraphs)
    assert WORD_TEXT in body and "bound into the PDF edition" in body
    assert MAP_ALT.encode() in Path(word).read_bytes() or MAP_ALT in _docpr(word)
    assert schema_findings(word) == []
    laid = libreoffice_pdf(word, tmp_path)
    assert WORD_TEXT in "\n".join(p.extract_text() or "" for p in PdfReader(laid).pages)


def _docpr(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        elem = stack.pop()
        kids = elem.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in items:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def test_an_all_tagged_pack_keeps_its_pdfua_claim(ws_copy: Path, tmp_path: Path) -> None:
    import page

    _visit(ws_copy, "letter", "map")
    out = tmp_path / "out"
    report = _build(ws_copy, out)
    assert not report.results[0].warnings
    path = out / "esa-illustrative.pdf"
    with pikepdf.open(path) as pdf:
        assert b"pdfuaid" in pdf.Root.Metadata.read_bytes()
        parts = [str(e.T) for e in _elements(pdf) if e.get("/S") == "/Part"]
        assert parts == [
            "Attachment A: European Space Agency partner brief",
            "Attachment B: Letter from New Zealand",
            "Attachment C: Ground stations",
        ]
    result = page.validate_pdf(path, profile="ua1")
    assert result.is_compliant, [(f.rule_id, f.message) for f in result.failures]


def test_a_file_above_the_ceiling_leaves_no_text_in_the_releasable_folder(
    ws_copy: Path, tmp_path: Path
) -> None:
    _visit(ws_copy, "points", "map", points="OFFICIAL: Sensitive")
    out = tmp_path / "out"
    _build(ws_copy, out, max_marking="OFFICIAL")
    for f in out.rglob("*"):
        if f.suffix == ".pdf":
            text = "\n".join(p.extract_text() or "" for p in PdfReader(f).pages)
        elif f.suffix == ".docx":
            text = "\n".join(p.text for p in docx.Document(str(f)).paragraphs)
        elif f.is_file():
            text = f.read_bytes().decode("utf-8", "replace")
        else:
            continue
        assert WORD_TEXT not in text and "Ground station notes" not in text, f
    pdf_text = "".join(
        p.extract_text() or ""
        for p in PdfReader(out / "esa-illustrative.releasable-official.pdf").pages
    )
    assert pdf_text.count("Material marked above OFFICIAL is not included") == 1
    assert "Attachment B: Ground stations" in pdf_text  # the brief's letter: on the tab too
    assert "Attachment C" not in pdf_text


def _all_text(f: Path) -> str:
    """Everything a reader (or a tool) finds in ``f``, read back by a reader that did not
    write it: page text, Word paragraphs and table cells, else the file's bytes."""
    if f.suffix == ".pdf":
        return "\n".join(p.extract_text() or "" for p in PdfReader(f).pages)
    if f.suffix == ".docx":
        document = docx.Document(str(f))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return f.read_bytes().decode("utf-8", "replace")


def test_a_listed_partner_above_the_ceiling_is_not_named_in_the_releasable_folder(
    ws_copy: Path, tmp_path: Path
) -> None:
    esa = ws_copy / "data" / "partners" / "esa.yaml"
    esa.write_text('marking: "OFFICIAL: Sensitive"\n' + esa.read_text(encoding="utf-8"))
    (ws_copy / "attachments").mkdir()
    _word(ws_copy / "attachments" / "points.docx")
    path = ws_copy / "data" / "visits" / "esa-illustrative.yaml"
    attach = "attachments:\n  - title: European Space Agency partner brief\n    partner: esa\n"
    path.write_text(
        path.read_text(encoding="utf-8")
        + attach
        + ENTRIES["points"].replace("{marking}", "OFFICIAL"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = briefgen.load_workspace(ws_copy).build(
        out,
        targets=("esa-illustrative",),
        formats=("docx", "pdf", "html"),
        max_marking="OFFICIAL",
        jobs=1,
    )
    assert not report.failed, [r.error for r in report.failed]
    files = [f for f in out.rglob("*") if f.is_file()]
    assert {f.suffix for f in files} >= {".pdf", ".docx", ".html", ".json", ".csv"}
    for f in files:
        text = _all_text(f)
        assert "partner brief" not in text and "Key facts: European Space Agency" not in text, f
    note = "Material marked above OFFICIAL is not included in this edition."
    stem = "esa-illustrative.releasable-official"
    for suffix in (".pdf", ".docx"):
        text = _all_text(out / f"{stem}{suffix}")
        assert text.count(note) == 1, suffix
        assert "Attachment A: Ground station notes" in text, suffix  # lettered as the brief
        assert "Attachment B" not in text, suffix
    assert "Attachment A:</strong> Ground station notes" in _all_text(out / f"{stem}.html")


def test_a_kept_attachment_naming_a_withheld_partner_is_a_warning(
    ws_copy: Path, tmp_path: Path
) -> None:
    esa = ws_copy / "data" / "partners" / "esa.yaml"
    esa.write_text('marking: "OFFICIAL: Sensitive"\n' + esa.read_text(encoding="utf-8"))
    (ws_copy / "attachments").mkdir()
    _word(ws_copy / "attachments" / "points.docx")
    path = ws_copy / "data" / "visits" / "esa-illustrative.yaml"
    entry = ENTRIES["points"].replace("{marking}", "OFFICIAL")
    entry = entry.replace("Ground station notes", "Notes for the European Space Agency")
    path.write_text(path.read_text(encoding="utf-8") + "attachments:\n" + entry, encoding="utf-8")
    report = briefgen.load_workspace(ws_copy).build(
        tmp_path / "out",
        targets=("esa-illustrative",),
        formats=("docx",),
        max_marking="OFFICIAL",
        jobs=1,
    )
    (result,) = report.results
    assert any(
        "attachments[0].title names 'European Space Agency'" in w for w in result.warnings
    ), result.warnings


def test_a_changed_file_rebuilds_the_pack(ws_copy: Path, tmp_path: Path) -> None:
    _visit(ws_copy, "points")
    out = tmp_path / "out"
    _build(ws_copy, out)
    assert not _build(ws_copy, out).built
    document = docx.Document(str(ws_copy / "attachments" / "points.docx"))
    document.add_paragraph("A new line")
    document.save(str(ws_copy / "attachments" / "points.docx"))
    assert [r.id for r in _build(ws_copy, out).built] == ["esa-illustrative"]
    body = "\n".join(p.text for p in docx.Document(str(out / "esa-illustrative.docx")).paragraphs)
    assert "A new line" in body


def test_a_file_outside_the_workspace_is_refused(ws_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    _untagged_pdf(secret)
    path = ws_copy / "data" / "visits" / "esa-illustrative.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "attachments:\n  - title: Secret\n    file: ../secret.pdf\n    marking: OFFICIAL\n",
        encoding="utf-8",
    )
    with pytest.raises(briefgen.BriefgenError, match=r"attachments.*outside the workspace"):
        briefgen.load_workspace(ws_copy).build(tmp_path / "out", jobs=1)
