"""What ``validate --final`` and ``build --final`` say and refuse, each thing once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from briefgen.cli import main


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def test_validate_final_says_a_perishable_statement_once_as_an_error(ws_copy: Path) -> None:
    plain = run(ws_copy, "validate")
    assert plain.exit_code == 0, plain.output
    stated = "data/partners/us.yaml: people[0].role: 'acting Administrator' is an acting title"
    assert f"warning: {stated}" in plain.output  # without --final: a warning
    final = run(ws_copy, "validate", "--final")
    assert final.exit_code == 2, final.output
    said = [line for line in final.output.splitlines() if stated in line]
    assert len(said) == 1 and said[0].startswith(f"error: {stated}"), said
    assert not any(
        line.startswith("warning:") and "depends on when it was written" in line
        for line in final.output.splitlines()
    ), final.output


VISIT = "data/visits/esa-illustrative.yaml"


def cleared_visit(root: Path) -> Path:
    """``root`` whose visit pack ``esa-illustrative`` has every part cleared: the pack's
    clearance given, each delegate a biography, every statement verified."""
    from test_glossary_citations import clear_packs, verify_all

    clear_packs(root)
    visit = root / VISIT
    text = visit.read_text()
    visit.write_text(text.replace("  # cleared_by:", "  cleared_by:").replace("  #   ", "    "))
    esa = root / "data" / "partners" / "esa.yaml"
    text = esa.read_text()
    for role in ("Director General", "Director of Operations"):
        text = text.replace(
            f"    role: {role}\n", f"    role: {role}\n    bio: Leads ESA's work as {role}.\n", 1
        )
    esa.write_text(text)
    verify_all(root, ["data/organisation.yaml", "data/partners/esa.yaml"])
    return root


def test_build_final_refuses_a_visit_that_says_draft_though_all_is_cleared(
    ws_copy: Path,
) -> None:
    root = cleared_visit(ws_copy)
    assert "\nstatus: draft\n" in (root / VISIT).read_text()
    args = ["build", "--final", "esa-illustrative", "-o", "out", "-j", "1", "-f", "pdf"]
    refused = run(root, *args)
    assert refused.exit_code == 2, refused.output
    errors = [line for line in refused.output.splitlines() if line.startswith("error: data/")]
    assert errors == [
        f"error: {VISIT}: status: the visit says status: draft: set status: final when it "
        "is cleared"
    ], refused.output
    assert not (root / "out" / "esa-illustrative.pdf").exists()
    status = run(root, "status", "esa-illustrative", "--format", "json")
    assert '"status: draft"' in status.output, status.output
    (root / VISIT).write_text((root / VISIT).read_text().replace("status: draft", "status: final"))
    done = run(root, *args)
    assert done.exit_code == 0, done.output
    assert (root / "out" / "esa-illustrative.pdf").is_file()
