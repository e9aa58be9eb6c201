"""Draft and final (issue 26 item 4): a pack with anything outstanding is a draft whose page 1
lists what is outstanding (in both formats, naming nothing a releasable edition withholds);
``build --final`` refuses it (exit 2, one line per part, no file for it, the ready packs
still built under --keep-going); ``validate --final`` is the ready-for-clearance check."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
from click.testing import CliRunner, Result

from briefgen.cli import main
from test_contributed_briefs import DRAFTED, REQUESTED, VISIT, commission
from workspace_edits import clear_packs, verify_all

OUTSTANDING = (
    "sample recovery' drafted by Science Branch, not yet cleared, due 12 February 2027",
    "Brief 'Media lines for the visit' requested of Communications Branch, "
    "due 1 November 2026 (overdue)",
    "Biographies of Josef Aschbacher and Rolf Densing",
)


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def page_one(pdf: Path) -> str:
    return " ".join(pypdf.PdfReader(str(pdf)).pages[0].extract_text().split())


def docx_cover(path: Path) -> list[str]:
    """The Word edition's paragraphs up to the first heading (page 1's title block)."""
    out = []
    for p in docx.Document(str(path)).paragraphs:
        if p.style.name == "Heading 1":
            break
        out.append(p.text)
    return out


def test_page_one_of_a_draft_lists_what_is_outstanding_in_both_formats(ws_copy: Path) -> None:
    root = commission(ws_copy)
    # a final visit with a cleared document control: still a draft while parts are owed
    visit = root / VISIT
    text = visit.read_text().replace("status: draft", "status: final")
    visit.write_text(text.replace("  # cleared_by:", "  cleared_by:").replace("  #   ", "    "))
    result = run(root, "build", "esa-illustrative", "-o", "out", "-j", "1")
    pdf, word = (
        page_one(root / "out" / "esa-illustrative.pdf"),
        docx_cover(root / "out" / "esa-illustrative.docx"),
    )
    assert result.exit_code == 0, result.output
    joined = " ".join(" ".join(word).split())
    for line in OUTSTANDING:
        assert line in pdf, (line, pdf)
        assert line in joined, (line, word)
    assert "DRAFT" in pdf and "DRAFT" in word
    assert "Outstanding:" in pdf and "Outstanding:" in word
    assert "Cooperative Agreement" not in pdf.split("Outstanding:")[1].split("DRAFT")[0]
    assert "Cleared by" not in pdf  # a draft shows no clearance, though its own is given
    assert "Clearance of this pack" not in pdf


def test_the_releasable_edition_does_not_name_a_withheld_brief(ws_copy: Path) -> None:
    marked = DRAFTED.replace("status: drafted\n", "status: drafted\nmarking: PROTECTED\n")
    root = commission(ws_copy, marked)
    args = ["build", "esa-illustrative", "-o", "out", "-j", "1", "-f", "pdf"]
    result = run(root, *args, "--max-marking", "OFFICIAL")
    assert result.exit_code == 0, result.output
    first = page_one(root / "out" / "esa-illustrative.releasable-official.pdf")
    assert "MMX" not in first and "Science Branch" not in first
    assert "Further parts, listed in the full edition" in first
    assert "Media lines for the visit" in first  # what it may name, it names
    full = run(root, *args)
    assert full.exit_code == 0, full.output
    assert "(PROTECTED) Talking points '" in page_one(root / "out" / "esa-illustrative.pdf")


def test_build_final_refuses_the_draft_naming_each_part(ws_copy: Path) -> None:
    root = commission(ws_copy)
    refused = run(root, "build", "--final", "esa-illustrative", "-o", "out", "-j", "1")
    assert refused.exit_code == 2, refused.output
    lines = refused.output.splitlines()
    assert any(
        line.startswith("error: data/briefs/mmx-talking.md: status: brief 'mmx-talking'")
        and "drafted, not cleared" in line
        for line in lines
    ), refused.output
    assert any(
        line.startswith(f"error: {VISIT}: briefs[2]: brief 'media-lines'")
        and "requested of Communications Branch, due 2026-11-01" in line
        and "write data/briefs/media-lines.md" in line
        for line in lines
    ), refused.output
    assert "coop-agreement" not in refused.output  # cleared: not outstanding
    assert "Traceback" not in refused.output
    assert not (root / "out").exists() or not any((root / "out").glob("*.pdf"))


def test_keep_going_builds_the_packs_that_are_ready(ws_copy: Path) -> None:
    root = clear_packs(commission(ws_copy))
    verify_all(root, ["data/organisation.yaml"])  # kr's only other refusal
    args = ["build", "--final", "esa-illustrative", "kr", "-o", "out", "-j", "1", "-f", "pdf"]
    alone = run(root, *args)
    assert alone.exit_code == 2 and not (root / "out" / "kr.pdf").exists()
    going = run(root, *args, "--keep-going")
    assert going.exit_code == 2, going.output
    assert (root / "out" / "kr.pdf").is_file()  # ready: built
    assert not (root / "out" / "esa-illustrative.pdf").exists()  # refused: no file
    assert "1 pack(s) not ready for a final build: esa-illustrative" in going.output


def test_validate_final_is_the_ready_for_clearance_check(ws_copy: Path) -> None:
    root = commission(ws_copy)
    plain = run(root, "validate")
    assert plain.exit_code == 0, plain.output
    final = run(root, "validate", "--final")
    assert final.exit_code == 2, final.output
    assert f"error: {VISIT}: delegation[0]: Josef Aschbacher has no biography" in final.output
    assert f"error: {VISIT}: document_control.cleared_by: the pack is not cleared" in (final.output)
    assert "error: data/briefs/mmx-talking.md: status:" in final.output
    assert REQUESTED not in final.output  # the page's words, not the check's


def test_a_skeleton_placeholder_is_outstanding(ws_copy: Path) -> None:
    made = run(ws_copy, "new", "visit", "esa")
    assert made.exit_code == 0, made.output
    (ws_copy / "data" / "visits" / "esa-illustrative.yaml").unlink()
    final = run(ws_copy, "validate", "--final")
    assert final.exit_code == 2
    assert "error: data/visits/esa-visit.yaml: purpose: 'Why the visit is happening" in final.output
    result = run(ws_copy, "build", "esa-visit", "-o", "out", "-j", "1", "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert "Skeleton placeholder text in purpose" in page_one(ws_copy / "out" / "esa-visit.pdf")


def test_facts_to_verify_are_outstanding_until_each_is_checked(ws_copy: Path) -> None:
    """The perishable facts `build --final` refuses are on page 1's list, in both formats,
    named by their words (the text marks where it prints them); once verified the line
    goes."""
    line = "To verify before issue: ‘almost 50 years’ and ‘New Norcia-3 enters service’"
    run(ws_copy, "build", "esa-illustrative", "-o", "out", "-j", "1")
    out = ws_copy / "out" / "esa-illustrative"
    assert line in page_one(out.with_suffix(".pdf"))
    assert line in " ".join(docx_cover(out.with_suffix(".docx")))
    verify_all(ws_copy, ["data/partners/esa.yaml", "data/organisation.yaml"])
    run(ws_copy, "build", "esa-illustrative", "-o", "out", "-j", "1")
    assert "to verify before issue" not in page_one(out.with_suffix(".pdf"))


def test_a_cited_perishable_fact_is_marked_and_page_one_is_not() -> None:
    """A citation's number right after the words ("acting Administrator¹") does not hide
    them from the mark; page 1's list names them unmarked."""
    import briefgen
    from briefgen import tree as t

    ws = briefgen.load_workspace(Path(__file__).resolve().parents[1])
    doc = ws.pack("americas").document
    said = [
        t.plain_text(b.children) for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Paragraph)
    ]
    agency = next(x for x in said if x.startswith("Agency:") and "acting Administrator" in x)
    assert agency.endswith("[verify before issue]"), agency
    listed = next(x for x in said if x.startswith("To verify before issue:"))
    assert listed == "To verify before issue: ‘acting Administrator’"
