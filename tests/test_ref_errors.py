"""A REF that names no edition is one line of error (exit 2) that speaks of the command
used: ``diff REF`` for `briefgen diff`, ``--since`` for a build; a REF holding a newline or
300 characters long included."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main


@pytest.fixture()
def repo(mini_copy: Path) -> Path:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
            cwd=mini_copy,
            check=True,
            capture_output=True,
        )
    return mini_copy


def _error_line(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "internal error" not in result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("ref", "shown"),
    [
        ("v9", "v9"),
        ("main\nfoo", "'main\\nfoo'"),
        ("a" * 300, "a" * 57 + "..."),
        ("x/" * 150, "x/" * 28 + "x..."),
    ],
)
def test_diff_names_its_own_ref(repo: Path, ref: str, shown: str) -> None:
    line = _error_line(["diff", ref, "-w", str(repo)])
    assert line.startswith(f"error: diff REF {shown}: neither a git revision")
    assert "--since" not in line and len(line) < 250


def test_build_since_names_its_option(repo: Path) -> None:
    line = _error_line(["build", "--since", "v9", "-w", str(repo), "--out", str(repo / "out")])
    assert line.startswith("error: --since v9: neither a git revision of the workspace")
    assert "(no such git revision in " in line


def test_diff_of_a_folder_that_is_not_a_build(repo: Path) -> None:
    (repo / "old").mkdir()
    (repo / "old" / "manifest.json").write_text("{}")
    line = _error_line(["diff", str(repo / "old"), "-w", str(repo)])
    assert line.endswith("manifest.json: not a briefgen manifest (expected schema 3)")
    assert line.startswith("error: diff REF ") and "--since" not in line
