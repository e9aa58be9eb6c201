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
