"""What ``validate --final`` and ``build --final`` say and refuse, each thing once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from briefgen.cli import main
from workspace_edits import VISIT, clear_packs, cleared_visit, verify_all


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


def listed(out: Path) -> tuple[set[str], set[str]]:
    """The packs the manifest lists, and those the register lists."""
    import json

    manifest = json.loads((out / "manifest.json").read_text())
    register = json.loads((out / "register.json").read_text())
    return set(manifest["packs"]), {r["pack"] for r in register["briefs"]}


def test_keep_going_removes_a_refused_packs_earlier_files(ws_copy: Path) -> None:
    from test_contributed_briefs import commission

    root = clear_packs(commission(ws_copy))
    verify_all(root, ["data/organisation.yaml"])
    out = root / "out"
    both = ["esa-illustrative", "kr", "-o", "out", "-j", "1", "-f", "pdf"]
    draft = run(root, "build", *both)  # an earlier (draft) build of both
    assert draft.exit_code == 0, draft.output
    assert (out / "esa-illustrative.pdf").is_file()
    going = run(root, "build", "--final", "--keep-going", *both)
    assert going.exit_code == 2, going.output
    assert (out / "kr.pdf").is_file()
    assert not (out / "esa-illustrative.pdf").exists()  # no earlier file looking current
    assert listed(out) == ({"kr"}, {"kr"})
    # the refused pack alone: nothing left to build, and still nothing of it left behind
    run(root, "build", *both)
    alone = run(root, "build", "--final", "--keep-going", *both[:1], *both[2:])
    assert alone.exit_code == 2, alone.output
    assert not (out / "esa-illustrative.pdf").exists()
    assert (out / "kr.pdf").is_file() and listed(out) == ({"kr"}, {"kr"})


def test_keep_going_keeps_a_refused_packs_file_someone_edited(ws_copy: Path) -> None:
    from test_contributed_briefs import commission

    root = commission(ws_copy)
    args = ["esa-illustrative", "-o", "out", "-j", "1", "-f", "pdf"]
    assert run(root, "build", *args).exit_code == 0
    pdf = root / "out" / "esa-illustrative.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% annotated by an officer\n")
    going = run(root, "build", "--final", "--keep-going", *args)
    assert going.exit_code == 2, going.output
    assert pdf.read_bytes().endswith(b"% annotated by an officer\n")  # never lost
    packs, registered = listed(root / "out")
    assert "esa-illustrative" in packs  # still briefgen's to look after
    assert "esa-illustrative" not in registered  # but not in the register as issued


def test_a_refused_packs_edited_file_is_never_registered_later(ws_copy: Path) -> None:
    """The edited file stays in the manifest, withdrawn: a later build of other packs does
    not register it as issued, and a later build of the pack keeps the edit (never taken
    for current, never replaced without --force)."""
    import json

    from test_contributed_briefs import commission

    root = commission(ws_copy)
    args = ["-o", "out", "-j", "1", "-f", "pdf"]
    assert run(root, "build", "esa-illustrative", "kr", *args).exit_code == 0
    pdf = root / "out" / "esa-illustrative.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% annotated by an officer\n")
    assert run(root, "build", "--final", "--keep-going", "esa-illustrative", *args).exit_code == 2
    later = run(root, "build", "kr", "--force", *args)  # another pack, another day
    assert later.exit_code == 0, later.output
    packs, registered = listed(root / "out")
    assert "esa-illustrative" in packs and registered == {"kr"}
    manifest = json.loads((root / "out" / "manifest.json").read_text())
    assert manifest["packs"]["esa-illustrative"]["control"]["status"] == "withdrawn"
    again = run(root, "build", "esa-illustrative", *args)  # the pack itself, as a draft
    assert again.exit_code == 1, again.output
    assert "esa-illustrative.pdf: changed since briefgen wrote it" in again.output
    assert pdf.read_bytes().endswith(b"% annotated by an officer\n")
    assert listed(root / "out")[1] == {"kr"}
