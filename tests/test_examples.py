"""The scripts and the workflow in examples/ work as their documentation says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run_example(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_written(folder: Path, names: list[str]) -> None:
    for name in names:
        path = folder / name
        assert path.is_file(), f"{name} was not written"
        assert path.stat().st_size > 0, f"{name} is empty"


@pytest.mark.parametrize(
    ("script", "files"),
    [
        ("build_one_pack.py", ["jp.docx", "jp.pdf"]),
        ("pack_from_code.py", ["example-space-office.docx", "example-space-office.pdf"]),
    ],
)
def test_example_script_writes_both_formats(tmp_path: Path, script: str, files: list[str]) -> None:
    out = tmp_path / "out"
    result = run_example(script, str(out))
    assert result.returncode == 0, result.stderr
    assert_written(out, files)
    assert (out / files[1]).read_bytes().startswith(b"%PDF-")
    assert (out / files[0]).read_bytes().startswith(b"PK")  # a .docx is a zip package


def test_build_one_pack_reports_an_unknown_id(tmp_path: Path) -> None:
    result = run_example("build_one_pack.py", str(tmp_path), "--id", "jpn")
    assert result.returncode == 1
    assert "did you mean jp" in result.stderr
    assert "Traceback" not in result.stderr


def test_github_actions_workflow_builds_shards() -> None:
    workflow = YAML(typ="safe").load((EXAMPLES / "github-actions-build.yml").read_text())
    job = workflow["jobs"]["build"]
    shards = job["strategy"]["matrix"]["shard"]
    assert shards == [1, 2, 3, 4]
    runs = [step.get("run", "") for step in job["steps"]]
    assert any(r.startswith("briefgen validate") for r in runs)
    build = next(r for r in runs if r.startswith("briefgen build"))
    assert f"--shard ${{{{ matrix.shard }}}}/{len(shards)}" in build
    assert "--out build" in build
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "build"
    assert "${{ matrix.shard }}" in upload["with"]["name"]  # one artefact per shard


def test_github_actions_diff_step_posts_the_changes() -> None:
    workflow = YAML(typ="safe").load((EXAMPLES / "github-actions-diff.yml").read_text())
    assert "pull_request" in workflow["on"]
    job = workflow["jobs"]["diff"]
    checkout = next(s for s in job["steps"] if "checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0  # diff reads the base branch's commit
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert 'briefgen diff "origin/${{ github.base_ref }}"' in runs
    assert "--format json" in runs
    assert "gh pr comment" in runs and workflow["permissions"]["pull-requests"] == "write"
