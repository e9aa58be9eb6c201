"""A contributed brief whose text changed after it was cleared (a Director's review): the
build remembers the text each clearance covered, warns about the file, lists the brief as
outstanding on page 1 (the pack is a draft) and ``build --final`` refuses it, until the
brief is cleared again (a new ``cleared_on``) or its cleared text restored."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pypdf
from click.testing import CliRunner, Result

from briefgen.cli import main
from workspace_edits import VISIT, cleared_visit, edit

BRIEF = "data/briefs/coop-agreement.md"
CLEARED = "1. **Mandate to negotiate:** announced at IAC 2025."
EDITED = "1. **Mandate to negotiate:** announced at IAC 2025 and agreed by both sides."
LINE = (
    "Issue brief 'Cooperative Agreement negotiations (illustrative)' changed since cleared "
    "on 25 November 2026"
)
WARNING = (
    f"warning: {BRIEF}: its text changed since it was cleared on 25 November 2026: have it "
    "cleared again and set cleared_on to that day, or restore the cleared text"
)


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def flat(text: str) -> str:
    return " ".join(text.split())


def whole(pdf: Path) -> str:
    return flat(" ".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages))


def page_one(pdf: Path) -> str:
    return flat(pypdf.PdfReader(str(pdf)).pages[0].extract_text())


def docx_text(path: Path) -> str:
    return flat(" ".join(p.text for p in docx.Document(str(path)).paragraphs))


def test_an_edit_after_clearance_is_outstanding_until_cleared_again(ws_copy: Path) -> None:
    args = ["build", "esa-illustrative", "-o", "out", "-j", "1", "-f", "pdf", "-f", "docx"]
    out = ws_copy / "out"
    first = run(ws_copy, *args)
    assert first.exit_code == 0, first.output
    assert LINE not in page_one(out / "esa-illustrative.pdf")
    assert "changed since" not in first.output
    edit(ws_copy, BRIEF, CLEARED, EDITED)
    again = run(ws_copy, *args)
    assert again.exit_code == 0, again.output
    assert flat(WARNING) in flat(again.output), again.output
    assert LINE in page_one(out / "esa-illustrative.pdf")
    assert LINE in docx_text(out / "esa-illustrative.docx")
    assert "DRAFT" in page_one(out / "esa-illustrative.pdf")
    # where the brief is printed, its own line no longer reads as cleared
    said = "its text has changed since, not yet cleared again"
    assert said in whole(out / "esa-illustrative.pdf")
    assert said in docx_text(out / "esa-illustrative.docx")
    status = run(ws_copy, "status", "esa-illustrative", "-o", "out", "--format", "json")
    assert "text changed since cleared on 2026-11-25" in status.output, status.output
    # a forced rebuild does not forget what was cleared (it would launder the edit)
    forced = run(ws_copy, *args, "--force")
    assert forced.exit_code == 0, forced.output
    assert flat(WARNING) in flat(forced.output), forced.output
    assert LINE in page_one(out / "esa-illustrative.pdf")
    # cleared again: the new text is the cleared one
    edit(ws_copy, BRIEF, "cleared_on: 2026-11-25", "cleared_on: 2026-12-01")
    cleared = run(ws_copy, *args)
    assert cleared.exit_code == 0, cleared.output
    assert "changed since" not in cleared.output, cleared.output
    assert "changed since" not in page_one(out / "esa-illustrative.pdf")
    assert "changed since" not in docx_text(out / "esa-illustrative.docx")
    assert said not in whole(out / "esa-illustrative.pdf")
    records = json.loads((out / "manifest.json").read_text())["brief_clearances"]
    assert records["coop-agreement"]["clearance"].endswith("; 2026-12-01")


def test_build_final_refuses_a_brief_changed_since_cleared(ws_copy: Path) -> None:
    root = cleared_visit(ws_copy)
    edit(root, VISIT, "\nstatus: draft\n", "\nstatus: final\n")
    args = ["build", "--final", "esa-illustrative", "-o", "out", "-j", "1", "-f", "pdf"]
    first = run(root, *args)
    assert first.exit_code == 0, first.output
    edit(root, BRIEF, CLEARED, EDITED)
    refused = run(root, *args)
    assert refused.exit_code == 2, refused.output
    errors = [line for line in refused.output.splitlines() if line.startswith("error: data/")]
    assert errors == [WARNING.replace("warning:", "error:", 1)], refused.output
    edit(root, BRIEF, EDITED, CLEARED)  # the cleared text restored: final again
    restored = run(root, *args)
    assert restored.exit_code == 0, restored.output
    assert "Cleared by" in page_one(root / "out" / "esa-illustrative.pdf")


def test_a_releasable_edition_never_names_a_withheld_brief(ws_copy: Path) -> None:
    edit(ws_copy, BRIEF, "status: cleared\n", "status: cleared\nmarking: PROTECTED\n")
    args = ["build", "esa-illustrative", "-o", "rel", "-j", "1", "-f", "pdf"]
    args += ["--max-marking", "OFFICIAL"]
    assert run(ws_copy, *args).exit_code == 0
    edit(ws_copy, BRIEF, CLEARED, EDITED)
    again = run(ws_copy, *args)
    assert again.exit_code == 0, again.output
    assert "coop-agreement" not in again.output
    manifest = json.loads((ws_copy / "rel" / "manifest.json").read_text())
    assert "coop-agreement" not in manifest.get("brief_clearances", {})
    assert "Cooperative Agreement negotiations" not in page_one(
        ws_copy / "rel" / "esa-illustrative.releasable-official.pdf"
    )


def test_rewrapping_a_brief_is_no_change_but_a_word_is() -> None:
    from briefgen.build.brief_clearance import text_digest

    text = "# Where things stand\n\nThe mandate is in the key messages,\nand the rest.\n"
    rewrapped = "# Where things stand\n\nThe mandate is in the\nkey messages, and the rest.\n"
    assert text_digest(text) == text_digest(rewrapped)
    assert text_digest(text) != text_digest(text.replace("mandate", "mandates"))
    assert text_digest(text) != text_digest(text.replace("# Where", "Where"))
