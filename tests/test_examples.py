"""The scripts and the workflow in examples/ work as their documentation says."""

from __future__ import annotations

import shutil
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
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    assert f"--out {upload['with']['path'].rstrip('/')}/" in build  # uploads what it built
    assert "${{ matrix.shard }}" in upload["with"]["name"]  # one artefact per shard


def _workflow_build(shard: int) -> tuple[list[str], str]:
    """The example workflow's build command for ``shard`` (its words) and the folder its
    artefact uploads."""
    workflow = YAML(typ="safe").load((EXAMPLES / "github-actions-build.yml").read_text())
    job = workflow["jobs"]["build"]
    run = next(s["run"] for s in job["steps"] if s.get("run", "").startswith("briefgen build"))
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    matrix = str(shard)

    def filled(text: str) -> str:
        return text.replace("${{ matrix.shard }}", matrix)

    return filled(run).split(), filled(upload["with"]["path"])


def test_github_actions_build_is_releasable_and_says_why() -> None:
    text = (EXAMPLES / "github-actions-build.yml").read_text()
    words, _ = _workflow_build(1)
    assert words[words.index("--max-marking") + 1] == "OFFICIAL"
    assert "assessed" in text and "self-hosted runner" in text  # why, and what to do instead
    diff = (EXAMPLES / "github-actions-diff.yml").read_text()
    runs = [line for line in diff.splitlines() if "briefgen diff" in line and "#" not in line]
    assert runs and all("--max-marking OFFICIAL" in line for line in runs)
    assert "assessed" in diff


def test_github_actions_build_runs_when_images_change() -> None:
    workflow = YAML(typ="safe").load((EXAMPLES / "github-actions-build.yml").read_text())
    paths = workflow["on"]["push"]["paths"]
    for pattern in ("**/*.png", "**/*.jpg", "**/*.jpeg", "**/*.ttf", "**/*.docx"):
        assert pattern in paths  # images and theme files, wherever the workspace keeps them


def test_gathered_shards_keep_every_file_and_manifest(mini_copy: Path, tmp_path: Path) -> None:
    """The workflow's four shards, built as it builds them and gathered into one folder as
    `download-artifact` with `merge-multiple` gathers them, overwrite nothing.  An artefact
    of one folder holds what is inside it (upload-artifact's root is the folder)."""
    from click.testing import CliRunner

    from briefgen.cli import main

    gathered: dict[str, str] = {}  # path in the gathered folder -> the shard it came from
    for shard in (1, 2, 3, 4):
        job = tmp_path / f"job-{shard}"  # each job checks the repository out afresh
        shutil.copytree(mini_copy, job)
        words, path = _workflow_build(shard)
        result = CliRunner().invoke(main, [*words[1:], "-w", str(job), "-f", "pdf"])
        assert result.exit_code == 0, result.output
        folder = job / path
        for file in folder.rglob("*"):
            if file.is_file():
                name = file.relative_to(folder).as_posix()
                assert name not in gathered, (
                    f"{name} of shard {shard} overwrites shard {gathered[name]}"
                )
                gathered[name] = str(shard)
    manifests = [name for name in gathered if name.endswith("manifest.json")]
    assert len(manifests) == 4
    pdfs = sorted(Path(name).name for name in gathered if name.endswith(".pdf"))
    # the workflow builds the releasable edition, which names its files as one
    assert pdfs == [f"{id}.releasable-official.pdf" for id in ("asia", "esa", "everywhere", "jp")]


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
