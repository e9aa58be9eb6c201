"""A newcomer's first steps: ``init`` makes a workspace that validates and builds at once,
``new partner``/``new region`` add files that validate, ``template`` prints a shipped
template, and the workspace is found from any folder inside it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefgen.cli import main
from conftest import tool


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result


def test_init_makes_a_workspace_that_builds(tmp_path: Path) -> None:
    ws = tmp_path / "mybriefs"
    assert run("init", str(ws)).exit_code == 0
    assert run("-C", str(ws), "validate").exit_code == 0
    built = run("-C", str(ws), "build", "--jobs", "1")
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (ws / "build").glob("*.pdf")) == ["nz-visit.pdf", "nz.pdf"]
    settings = json.loads((ws / ".vscode" / "settings.json").read_text())
    for schema, globs in settings["yaml.schemas"].items():  # every file passes its schema
        files = [str(p) for g in globs for p in ws.glob(g)]
        if files:
            command = [tool("check-jsonschema"), "--schemafile", str(ws / schema), *files]
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stdout + done.stderr
    again = run("init", str(ws))  # never over an existing workspace
    assert again.exit_code == 2 and "not an empty folder" in again.output


def test_new_partner_and_region_validate(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run("init", str(ws))
    assert run("new", "partner", "esa", "-w", str(ws)).exit_code == 0
    assert run("new", "partner", "jp", "-w", str(ws)).exit_code == 0
    assert "kind: country" in (ws / "data" / "partners" / "jp.yaml").read_text()
    result = run("new", "region", "pacific", "--member", "nz", "--member", "jp", "-w", str(ws))
    assert result.exit_code == 0, result.output
    checked = run("validate", "-w", str(ws))
    assert checked.exit_code == 0 and "3 partners, 1 regions" in checked.output
    assert run("new", "partner", "../x", "-w", str(ws)).exit_code == 2
    assert run("new", "region", "r2", "--member", "nobody", "-w", str(ws)).exit_code == 2


def test_template_prints_a_shipped_template() -> None:
    listed = run("template")
    assert listed.exit_code == 0 and "partials/overview.md.j2" in listed.output
    shown = run("template", "partials/overview.md.j2")
    assert shown.exit_code == 0 and "{%" in shown.output
    assert run("template", "nope.md.j2").exit_code == 2


def test_the_workspace_is_found_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    run("init", str(ws))
    monkeypatch.chdir(ws / "data" / "partners")
    listed = run("list")
    assert listed.exit_code == 0 and "nz" in listed.output
    monkeypatch.chdir(tmp_path)
    lost = run("list")
    assert lost.exit_code == 2 and "no briefgen workspace here or above" in lost.output
    assert len(lost.output.strip().splitlines()) == 1
