"""Contributed briefs and meeting briefs bound as attachments of their own (issue 27
item 1): ``- {title: ..., brief: ID}`` and ``- {title: ..., meeting: ACTIVITY}``."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import briefgen
from briefgen.cli import main
from docx_checks import libreoffice_pdf, schema_findings
from workspace_edits import unprinted_points

VISIT = Path("data") / "visits" / "esa-illustrative.yaml"
MEETING = "Bilateral meeting on the Cooperative Agreement (illustrative)"
BRIEF_TEXT = "Where things stand"  # a heading of data/briefs/coop-agreement.md
MEETING_TEXT = "take stock of the Cooperative Agreement"  # the meeting's purpose
ATTACH = (
    "attachments:\n"
    "  - title: Cooperative Agreement issue brief\n"
    "    brief: coop-agreement\n"
    "    note: For the Head of Agency before the bilateral meeting\n"
    "  - title: Talking points on astronaut training\n"
    "    brief: spaceflight-points\n"
    "  - title: Brief for the bilateral meeting\n"
    f"    meeting: {MEETING}\n"
)


def _attach(ws: Path, extra: str = "") -> None:
    path = ws / VISIT
    text = unprinted_points(path.read_text(encoding="utf-8"))
    path.write_text(text + ATTACH + extra, encoding="utf-8")


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


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def test_a_brief_and_a_meeting_are_bound_behind_their_tabs_once(
    ws_copy: Path, tmp_path: Path
) -> None:
    _attach(ws_copy)
    out = tmp_path / "out"
    _build(ws_copy, out)
    pdf = out / "esa-illustrative.pdf"
    reader = PdfReader(pdf)
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    text = " ".join(pages)
    for part in (BRIEF_TEXT, MEETING_TEXT, f"Meeting: {MEETING}"):
        assert text.count(part) == 1, part  # bound, and not also in the brief's body
    tab_a = next(
        p for p in pages if "Attachment A: Cooperative Agreement issue brief" in p and "Marked" in p
    )
    assert "Issue brief; International engagement (illustrative); cleared by" in tab_a
    assert "For the Head of Agency before the bilateral meeting." in tab_a
    assert "Marked OFFICIAL. 1 page, numbered A-1 to A-1." in tab_a
    brief_page = next(i for i, p in enumerate(pages) if BRIEF_TEXT in p)
    assert "A-1 · Page" in pages[brief_page]  # numbered within the attachment
    assert "Attachment A: Cooperative Agreement issue brief" in pages[brief_page]  # running head
    meeting_page = next(i for i, p in enumerate(pages) if MEETING_TEXT in p)
    assert "C-1 · Page" in pages[meeting_page]
    # the requested brief is outstanding, never bound as if received
    tab_b = next(p for p in pages if "Attachment B: Talking points" in p and "Marked" in p)
    assert "Not yet received: requested of Human spaceflight (illustrative)" in tab_b
    assert "No pages are bound until it is received." in tab_b
    assert "B-1" not in text
    assert "Outstanding" in pages[0] and "Talking points on astronaut training" in pages[0]
    with __import__("pikepdf").open(pdf) as p, p.open_outline() as outline:
        titles = [i.title for i in outline.root if i.title.startswith("Attachment")]
    assert titles == [
        "Attachment A: Cooperative Agreement issue brief",
        "Attachment B: Talking points on astronaut training",
        "Attachment C: Brief for the bilateral meeting",
    ]
    word = out / "esa-illustrative.docx"
    body = _docx_text(word)
    for part in (BRIEF_TEXT, MEETING_TEXT, f"Meeting: {MEETING}"):
        assert body.count(part) == 1, part
    assert "Not yet received: requested of Human spaceflight (illustrative)" in body
    assert schema_findings(word) == []
    laid = libreoffice_pdf(word, tmp_path)
    assert BRIEF_TEXT in _pdf_text(laid) and MEETING_TEXT in _pdf_text(laid)


def test_a_drafted_brief_attached_is_outstanding_and_final_refuses(
    ws_copy: Path, tmp_path: Path
) -> None:
    (ws_copy / "data" / "briefs" / "mmx.md").write_text(
        "---\ntitle: MMX sample recovery\nkind: talking points\nteam: Science Branch\n"
        "status: drafted\n---\nMMX drafted text.\n",
        encoding="utf-8",
    )
    path = ws_copy / VISIT
    path.write_text(
        path.read_text(encoding="utf-8")
        + "attachments:\n  - title: MMX talking points\n    brief: mmx\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    _build(ws_copy, out)
    text = _pdf_text(out / "esa-illustrative.pdf")
    assert "Talking points; Science Branch; drafted, not yet cleared." in text  # its tab
    assert text.count("MMX drafted text.") == 1
    page1 = " ".join((PdfReader(out / "esa-illustrative.pdf").pages[0].extract_text()).split())
    assert "sample recovery' drafted by Science Branch, not yet cleared" in page1
    final = tmp_path / "final"
    refused = CliRunner().invoke(
        main, ["-C", str(ws_copy), "build", "--final", "esa-illustrative", "-o", str(final)]
    )
    assert refused.exit_code == 2, refused.output
    assert "error: data/briefs/mmx.md: status: brief 'mmx'" in refused.output
    assert not (final / "esa-illustrative.pdf").exists()


def test_nothing_of_a_withheld_brief_or_meeting_in_the_releasable_folder(
    ws_copy: Path, tmp_path: Path
) -> None:
    brief = ws_copy / "data" / "briefs" / "coop-agreement.md"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace(
            "kind: issue\n", 'kind: issue\nmarking: "OFFICIAL: Sensitive"\n'
        ),
        encoding="utf-8",
    )
    visit = ws_copy / VISIT
    marked = visit.read_text(encoding="utf-8").replace(
        "    brief:\n      purpose: >-\n        Illustrative example: take stock",
        '    brief:\n      marking: "OFFICIAL: Sensitive"\n      purpose: >-\n'
        "        Illustrative example: take stock",
    )
    assert marked != visit.read_text(encoding="utf-8")
    visit.write_text(marked, encoding="utf-8")
    _attach(ws_copy)
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
    gone = (
        BRIEF_TEXT,
        MEETING_TEXT,
        "Cooperative Agreement issue brief",
        "Brief for the bilateral meeting",
        "Cooperative Agreement negotiations",
    )
    for f in files:
        if f.suffix == ".pdf":
            found = _pdf_text(f)
        elif f.suffix == ".docx":
            with zipfile.ZipFile(f) as z:
                found = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            found = f.read_text(encoding="utf-8")
        for text in gone:
            assert text not in found, (f.name, text)
    pdf = _pdf_text(out / "esa-illustrative.releasable-official.pdf")
    assert pdf.count("Material marked above OFFICIAL is not included in this edition.") == 1
    assert "Attachment A: Talking points on astronaut training" in pdf  # lettered anew
    assert "Attachment B" not in pdf


def test_changing_an_attached_brief_rebuilds_the_visit(ws_copy: Path, tmp_path: Path) -> None:
    _attach(ws_copy)
    out = tmp_path / "out"
    _build(ws_copy, out)
    brief = ws_copy / "data" / "briefs" / "coop-agreement.md"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace(BRIEF_TEXT, "Where the talks stand"),
        encoding="utf-8",
    )
    report = _build(ws_copy, out)
    assert report.results[0].status == "built"
    text = _pdf_text(out / "esa-illustrative.pdf")
    assert "Where the talks stand" in text and BRIEF_TEXT not in text
    # the brief was cleared: the edit is outstanding, as in a fresh build with the same
    # manifest history (`briefgen.build.brief_clearance`)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(out / "manifest.json", fresh / "manifest.json")
    _build(ws_copy, fresh, force=True)
    for name in ("esa-illustrative.pdf", "esa-illustrative.docx"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert "changed since cleared" in _pdf_text(fresh / "esa-illustrative.pdf")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  - {title: Issue brief, brief: coop-agrement}\n",
            "attachments[0].brief: no brief 'coop-agrement': write data/briefs/coop-agrement.md"
            " (briefgen new brief coop-agrement), or ask for it under briefs:, e.g. briefs: "
            "[{id: coop-agrement, team: Science Branch, due: 2026-11-20}]; did you mean "
            "'coop-agreement'?",
        ),
        (
            "  - {title: Bilateral, meeting: Bilateral meeting}\n",
            "attachments[0].meeting: no program item has the activity 'Bilateral meeting': "
            "type a program item's activity as it is written there, e.g. meeting: Welcome and "
            "introductions (illustrative)",
        ),
        (
            "  - {title: Both, brief: coop-agreement, partner: esa}\n",
            "attachments[0]: give one of partner:, file:, brief: or meeting:, not partner and "
            "brief, e.g. {title: Cooperative Agreement issue brief, brief: coop-agreement}",
        ),
        (
            "  - {title: Marked, brief: coop-agreement, marking: OFFICIAL}\n",
            "attachments[0]: an attachment named by brief: takes the marking of what it "
            "prints: leave out marking:",
        ),
        (
            "  - {title: Once, brief: coop-agreement}\n  - {title: Twice, brief: coop-agreement}\n",
            "attachments[1].brief: brief 'coop-agreement' is attached twice: attach it once",
        ),
    ],
)
def test_a_wrong_attachment_is_one_line_naming_file_and_field(
    ws_copy: Path, entry: str, message: str
) -> None:
    path = ws_copy / VISIT
    path.write_text(path.read_text(encoding="utf-8") + "attachments:\n" + entry, "utf-8")
    with pytest.raises(briefgen.BriefgenError) as caught:
        briefgen.load_workspace(ws_copy)
    lines = [ln for ln in str(caught.value).splitlines() if "attachments[" in ln]
    assert len(lines) == 1, str(caught.value)
    assert "data/visits/esa-illustrative.yaml:" in lines[0]
    assert message in lines[0]
