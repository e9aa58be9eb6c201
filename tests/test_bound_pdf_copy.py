"""An external PDF in the Word edition (issue 27 item 5): copied beside the .docx as
``ID.attachment-B.pdf``, linked from its tab page by a relative hyperlink, recorded in the
manifest and the register, kept current, removed when the attachment goes, never written
over someone's edits, never copied into an edition that withholds it."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pikepdf
from reportlab.pdfgen.canvas import Canvas

import briefgen
from docx_checks import libreoffice_pdf, schema_findings

VISIT = Path("data") / "visits" / "esa-illustrative.yaml"
COPY = "esa-illustrative.attachment-B.pdf"
ENTRY = (
    "attachments:\n"
    "  - title: European Space Agency partner brief\n"
    "    partner: esa\n"
    "  - title: Draft memorandum of understanding\n"
    "    file: attachments/mou.pdf\n"
    "    marking: {marking}\n"
    "    note: The text both sides initialled in October\n"
)


def _pdf(path: Path, text: str) -> None:
    canvas = Canvas(str(path), pagesize=(595, 842), invariant=1)
    canvas.drawString(72, 700, text)
    canvas.showPage()
    canvas.save()


def _visit(ws: Path, marking: str = "OFFICIAL") -> Path:
    (ws / "attachments").mkdir(exist_ok=True)
    source = ws / "attachments" / "mou.pdf"
    _pdf(source, "Draft memorandum text")
    path = ws / VISIT
    entry = ENTRY.replace("{marking}", f'"{marking}"')
    path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
    return source


def _build(ws: Path, out: Path, **options: object) -> briefgen.BuildReport:
    return briefgen.load_workspace(ws).build(
        out,
        targets=("esa-illustrative",),
        formats=("docx", "pdf"),
        jobs=1,
        **options,  # type: ignore[arg-type]
    )


def _ok(report: briefgen.BuildReport) -> briefgen.BuildReport:
    assert not report.failed, [r.error for r in report.failed]
    return report


def test_the_word_edition_links_a_copy_of_the_pdf_beside_it(ws_copy: Path, tmp_path: Path) -> None:
    source = _visit(ws_copy)
    out = tmp_path / "out"
    _ok(_build(ws_copy, out))
    copy = out / COPY
    assert copy.read_bytes() == source.read_bytes()
    word = out / "esa-illustrative.docx"
    with zipfile.ZipFile(word) as z:
        body = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    rel = re.search(rf'<Relationship Id="(rId\d+)"[^>]*Target="{COPY}"[^>]*/>', rels)
    assert rel is not None and 'TargetMode="External"' in rel.group(0)
    assert re.search(rf'<w:hyperlink r:id="{rel.group(1)}"[^>]*>.*?{COPY}</w:t>', body)
    text = " ".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "The text both sides initialled in October." in text  # the data's note
    assert f"bound into the PDF edition of this pack, and a copy is beside this file: {COPY}." in (
        text
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["packs"]["esa-illustrative"]["files"]
    assert files["docx:attachment-B.pdf"]["path"] == COPY
    register = (out / "register.csv").read_text(encoding="utf-8")
    assert f",{COPY}," in register
    assert schema_findings(word) == []
    laid = libreoffice_pdf(word, tmp_path)
    with pikepdf.open(laid) as pdf:
        uris = [
            str(a.A.URI)
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if "/A" in a and "/URI" in a.A
        ]
    assert COPY in uris  # LibreOffice kept the link


def test_the_copy_follows_its_pdf_and_goes_with_its_attachment(
    ws_copy: Path, tmp_path: Path
) -> None:
    source = _visit(ws_copy)
    out = tmp_path / "out"
    _ok(_build(ws_copy, out))
    _pdf(source, "Second draft of the memorandum")
    again = _ok(_build(ws_copy, out))
    assert again.results[0].status == "built"
    assert (out / COPY).read_bytes() == source.read_bytes()
    fresh = tmp_path / "fresh"
    _ok(_build(ws_copy, fresh, force=True))
    for name in ("esa-illustrative.docx", "esa-illustrative.pdf", COPY):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    visit = ws_copy / VISIT
    text = visit.read_text(encoding="utf-8")
    visit.write_text(text[: text.index("  - title: Draft memorandum")], encoding="utf-8")
    _ok(_build(ws_copy, out))
    assert not (out / COPY).exists()
    assert COPY not in (out / "manifest.json").read_text(encoding="utf-8")
    assert COPY not in (out / "register.csv").read_text(encoding="utf-8")


def test_a_copy_someone_changed_or_put_there_is_never_written_over(
    ws_copy: Path, tmp_path: Path
) -> None:
    source = _visit(ws_copy)
    out = tmp_path / "out"
    _ok(_build(ws_copy, out))
    edited = (out / COPY).read_bytes() + b"% an officer's annotation\n"
    (out / COPY).write_bytes(edited)
    _pdf(source, "Second draft of the memorandum")
    report = _build(ws_copy, out)
    assert report.failed and "changed since briefgen wrote it" in report.failed[0].error
    assert COPY in report.failed[0].error
    assert (out / COPY).read_bytes() == edited
    other = tmp_path / "other"
    other.mkdir()
    (other / COPY).write_bytes(b"%PDF-1.4 someone else's file\n")
    report = _build(ws_copy, other)
    assert report.failed and "not written by briefgen" in report.failed[0].error
    assert (other / COPY).read_bytes() == b"%PDF-1.4 someone else's file\n"


def test_no_copy_of_a_withheld_pdf_and_none_left_of_the_other_edition(
    ws_copy: Path, tmp_path: Path
) -> None:
    _visit(ws_copy, marking="OFFICIAL: Sensitive")
    out = tmp_path / "out"
    _ok(_build(ws_copy, out))
    assert (out / COPY).is_file()
    _ok(_build(ws_copy, out, max_marking="OFFICIAL"))  # the folder becomes releasable
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if "attachment" in n], names
    assert "Draft memorandum" not in (out / "manifest.json").read_text(encoding="utf-8")
    both = tmp_path / "both"
    visit = ws_copy / VISIT
    visit.write_text(
        visit.read_text(encoding="utf-8").replace(
            'marking: "OFFICIAL: Sensitive"\n    note', 'marking: "OFFICIAL"\n    note'
        ),
        encoding="utf-8",
    )
    _ok(_build(ws_copy, both, editions=("full", "OFFICIAL")))
    assert (both / COPY).is_file()
    assert (both / "esa-illustrative.releasable-official.attachment-B.pdf").is_file()
    lower = docx.Document(str(both / "esa-illustrative.releasable-official.docx"))
    said = " ".join(p.text for p in lower.paragraphs)
    assert "esa-illustrative.releasable-official.attachment-B.pdf." in said
