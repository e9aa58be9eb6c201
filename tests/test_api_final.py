"""`Workspace.build(final=True)` refuses what `briefgen build --final` refuses, through the
same step: a refused pack gets no file, its earlier files go, and the report says why."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import briefgen
from briefgen.build.report import PackResult
from briefgen.cli import main
from workspace_edits import VISIT, ready_visit

PACK = "esa-illustrative"


def test_a_final_api_build_refuses_the_draft_visit_as_the_command_does(ws_copy: Path) -> None:
    out = ws_copy / "out"
    ws = briefgen.load_workspace(ws_copy)
    draft = ws.build(out, ["pdf"], targets=[PACK], jobs=1)
    assert draft.exit_code == 0 and (out / f"{PACK}.pdf").is_file()
    command = CliRunner().invoke(main, ["-C", str(ws_copy), "build", "--final", PACK, "-o", "out"])
    assert command.exit_code == 2, command.output
    said = [line for line in command.output.splitlines() if line.startswith("error: data/")]
    assert len(said) > 1, command.output  # the visit's clearance, biographies, facts ...

    seen: list[PackResult] = []
    report = ws.build(out, ["pdf"], targets=[PACK], jobs=1, final=True, progress=seen.append)
    assert report.exit_code == 2  # the command's code for a refusal
    [result] = report.results
    assert (result.id, result.kind, result.status) == (PACK, "visit", "refused")
    assert report.refused == report.failed == [result] and report.built == []
    assert result.error is not None
    assert [f"error: {line}" for line in result.error.splitlines()] == said
    assert any(line.startswith(f"{VISIT}: ") for line in result.error.splitlines())
    assert result.files == () and seen == [result]
    assert not (out / f"{PACK}.pdf").exists()  # the draft built earlier is gone too
    assert PACK not in json.loads((out / "manifest.json").read_text())["packs"]
    assert "1 refused" in repr(report)


def test_a_final_api_build_issues_a_cleared_ready_pack(ws_copy: Path) -> None:
    root = ready_visit(ws_copy)
    ws = briefgen.load_workspace(root)
    report = ws.build(root / "out", ["pdf"], targets=[PACK], jobs=1, final=True)
    assert report.exit_code == 0, [r.error for r in report.results]
    assert [(r.id, r.status) for r in report.results] == [(PACK, "built")]
    assert report.refused == [] and (root / "out" / f"{PACK}.pdf").is_file()
