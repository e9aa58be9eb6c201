"""Document control on every pack: the organisation's defaults, a version of each edition's
own, no clearance on a draft, a final brief cleared and free of skeleton placeholders, and
the handling statement of packs at OFFICIAL: Sensitive and above."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

import briefgen
from briefgen import tree as t
from briefgen.cli import main
from conftest import ROOT
from workspace_edits import (
    REQUESTED_BRIEF,
    VISIT,
    VISIT_CLEARED,
    VISIT_UNCLEARED,
    edit,
    unprinted_points,
)

HANDLING = "Protective Security Policy Framework"


def cover(doc: t.Document) -> list[str]:
    """The text of page 1's title block."""
    block = doc.blocks[0]
    assert isinstance(block, t.Callout) and block.kind == "cover"
    return [t.plain_text(b.children) for b in block.blocks if isinstance(b, t.Paragraph)]


def _cli(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    return result.exit_code, result.output


def test_every_reference_pack_prints_document_control() -> None:
    ws = briefgen.load_workspace(ROOT)
    assert len(ws.targets()) == 18
    for _, id, _ in ws.targets():
        lines = cover(ws.pack(id).document)
        text = "\n".join(lines)
        assert "Contact officer: Illustrative contact officer, Example position only" in text, id
        assert f"Reference: ILLUSTRATIVE-{id}-20261125; Version 0.1" in lines, id
        assert "Prepared by: International engagement (illustrative)" in lines, id


def test_the_reference_defaults_say_they_are_illustrative() -> None:
    text = (ROOT / "data" / "organisation.yaml").read_text()
    block = text[text.index("document_control:") - 300 :]
    assert "# ILLUSTRATIVE document control, made up" in block
    control = briefgen.load_workspace(ROOT).organisation.document_control
    assert control.contact_officer is not None
    assert "Illustrative" in control.contact_officer.name
    assert (control.reference or "").startswith("ILLUSTRATIVE-")
    assert control.cleared_by is None  # a clearance belongs to one brief, never a default


def test_a_partner_pack_prints_it_in_the_pdf(tmp_path: Path) -> None:
    pdf = briefgen.load_workspace(ROOT).pack("jp").write(tmp_path / "jp.pdf")
    first = " ".join(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text().split())
    assert "Contact officer: Illustrative contact officer" in first
    assert "Reference: ILLUSTRATIVE-jp-20261125; Version 0.1" in first
    # not cleared: a draft, and page 1 says what is outstanding rather than "not yet cleared"
    assert "DRAFT" in first and "Cleared by" not in first
    assert re.search(r"Outstanding: .{0,20}Clearance of this pack", first), first


def test_a_draft_never_prints_a_clearance(ws_copy: Path) -> None:
    edit(ws_copy, VISIT, VISIT_UNCLEARED, VISIT_CLEARED)
    draft = cover(briefgen.load_workspace(ws_copy).pack("esa-illustrative").document)
    assert "DRAFT" in draft
    assert not [line for line in draft if line.startswith("Cleared by")], draft
    edit(ws_copy, VISIT, "status: draft", "status: final")
    edit(ws_copy, VISIT, REQUESTED_BRIEF, "")  # the brief still to come keeps it a draft too
    visit = ws_copy / VISIT
    visit.write_text(unprinted_points(visit.read_text(encoding="utf-8")), encoding="utf-8")
    gaps = cover(briefgen.load_workspace(ws_copy).pack("esa-illustrative").document)
    assert "DRAFT" in gaps  # its delegates' biographies are outstanding
    for person in ("josef-aschbacher", "rolf-densing"):
        edit(
            ws_copy,
            "data/partners/esa.yaml",
            f"  - id: {person}\n",
            f"  - id: {person}\n    bio: A biography.\n",
        )
    final = cover(briefgen.load_workspace(ws_copy).pack("esa-illustrative").document)
    assert "DRAFT" not in final and "Outstanding:" not in final
    assert "Cleared by: Illustrative clearing officer, Example position only, 25 November 2026" in (
        final
    )


def test_the_reference_visit_prints_no_clearance_beside_draft() -> None:
    lines = cover(briefgen.load_workspace(ROOT).pack("esa-illustrative").document)
    assert "DRAFT" in lines
    assert not any("Cleared by" in line for line in lines), lines


def test_a_final_brief_without_clearance_is_an_error(ws_copy: Path) -> None:
    edit(ws_copy, VISIT, "status: draft", "status: final")
    for command in (["validate"], ["build", "--out", str(ws_copy / "out"), "-j", "1"]):
        code, output = _cli(ws_copy, *command)
        assert code == 2, output
        assert f"{VISIT}:" in output
        assert "document_control.cleared_by: a final brief needs its clearance" in output
        assert "cleared_by: {name: Jo Citizen, position: Director, date: 2026-12-01}" in output
        assert "Traceback" not in output
    assert not (ws_copy / "out").exists() or not any((ws_copy / "out").glob("*.pdf"))


def test_skeleton_placeholders_warn_in_a_draft_and_fail_a_final_brief(ws_copy: Path) -> None:
    code, output = _cli(ws_copy, "new", "visit", "esa")
    assert code == 0, output
    code, output = _cli(ws_copy, "validate", "--today", "2026-11-28")
    assert code == 0, output
    assert "warning: data/visits/esa-visit.yaml: key_messages[0].text: 'A point to make.' " in (
        output
    )
    assert "is a placeholder from 'briefgen new visit'" in output
    edit(ws_copy, "data/visits/esa-visit.yaml", "status: draft", "status: final")
    edit(
        ws_copy,
        "data/visits/esa-visit.yaml",
        "document_control:",
        "document_control:\n  cleared_by: {name: Jo Citizen, position: Director, date: 2026-12-01}",
    )
    code, output = _cli(ws_copy, "validate", "--today", "2026-11-28")
    assert code == 2, output
    assert "data/visits/esa-visit.yaml:" in output
    assert "key_messages[0].text: 'A point to make.' is a placeholder" in output
    assert "cleared_by" not in output.split("placeholder")[0]  # the clearance was given


def test_a_placeholder_officer_never_overrides_the_organisations(ws_copy: Path) -> None:
    """A visit file written by an older skeleton, its placeholder officer left in."""
    edit(
        ws_copy,
        VISIT,
        "    name: Illustrative contact officer\n    position: Example position only\n",
        "    name: Your Name\n    position: Your position\n",
    )
    edit(ws_copy, "data/organisation.yaml", "name: Illustrative contact officer", "name: Sam Lee")
    text = "\n".join(cover(briefgen.load_workspace(ws_copy).pack("esa-illustrative").document))
    assert "Contact officer: Sam Lee, Example position only" in text
    assert "Your Name" not in text


def test_the_skeleton_leaves_the_organisations_officer_in_force(ws_copy: Path) -> None:
    code, output = _cli(ws_copy, "new", "visit", "esa")
    assert code == 0, output
    ws = briefgen.load_workspace(ws_copy)
    text = "\n".join(cover(ws.pack("esa-visit").document))
    assert "Contact officer: Illustrative contact officer, Example position only" in text


def test_the_handling_statement_prints_at_official_sensitive_and_above(ws_copy: Path) -> None:
    ws = briefgen.load_workspace(ws_copy)
    visit = cover(ws.pack("esa-illustrative").document)  # OFFICIAL: Sensitive
    assert [line for line in visit if HANDLING in line] == [
        "Handling: this document is OFFICIAL: Sensitive. Store, send and dispose of it as the "
        "Protective Security Policy Framework (PSPF) requires for OFFICIAL: Sensitive "
        "information, and share it only with people who need to know it."
    ]
    assert not [line for line in cover(ws.pack("jp").document) if HANDLING in line]
    released = cover(ws.pack("esa-illustrative", max_marking="OFFICIAL").document)
    assert not [line for line in released if HANDLING in line]
    edit(ws_copy, "data/partners/jp.yaml", "kind: country", "kind: country\nmarking: PROTECTED")
    org = ws_copy / "data" / "organisation.yaml"
    org.write_text(org.read_text() + 'handling: "Handle as {marking}: need to know only."\n')
    ws = briefgen.load_workspace(ws_copy)
    assert "Handle as PROTECTED: need to know only." in cover(ws.pack("jp").document)


@pytest.mark.parametrize(
    ("version", "after"), [("0.1", "0.2"), ("2", "3"), ("1.9", "1.10"), ("Final", "Final.1")]
)
def test_next_version(version: str, after: str) -> None:
    from briefgen.compose.control import next_version

    assert next_version(version) == after


def test_a_since_edition_has_a_version_of_its_own(ws_copy: Path) -> None:
    ws = briefgen.load_workspace(ws_copy)
    first = ws.build(ws_copy / "q1", formats=("pdf",), targets=("jp",), jobs=1)
    assert first.exit_code == 0
    edit(ws_copy, "data/partners/jp.yaml", "Memorandum of Understanding", "Memorandum of Accord")
    ws = briefgen.load_workspace(ws_copy)
    assert "Reference: ILLUSTRATIVE-jp-20261125; Version 0.2" in cover(
        ws.pack("jp", since="q1").document
    )
    second = ws.build(ws_copy / "q2", formats=("pdf",), targets=("jp",), jobs=1, since="q1")
    assert second.exit_code == 0
    page = pypdf.PdfReader(ws_copy / "q2" / "jp.pdf").pages[0].extract_text()
    assert "Version 0.2" in " ".join(page.split())
    # the next edition counts on from the version the last one printed
    assert "Reference: ILLUSTRATIVE-jp-20261125; Version 0.3" in cover(
        ws.pack("jp", since="q2").document
    )
    # a version the officer sets that no edition has printed yet is kept
    edit(ws_copy, "data/organisation.yaml", 'version: "0.1"', 'version: "1.0"')
    ws = briefgen.load_workspace(ws_copy)
    assert "Reference: ILLUSTRATIVE-jp-20261125; Version 1.0" in cover(
        ws.pack("jp", since="q2").document
    )
