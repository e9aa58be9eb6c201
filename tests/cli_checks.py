"""The command line as the hostile-input tests drive it: a run that must end in a message,
never a traceback; a build into the workspace's ``out``; a one-place edit of a data file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

import workspace_edits
from briefgen.cli import main

JP = "data/partners/jp.yaml"


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def build(ws: Path, *args: str) -> Result:
    return run("build", "-w", str(ws), "--out", str(ws / "out"), "--jobs", "1", *args)


def edit(ws: Path, old: str, new: str, rel: str = JP) -> None:
    workspace_edits.edit(ws, rel, old, new)
