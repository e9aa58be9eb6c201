"""Commands that write data files (``init``, ``new partner``, ``new region``, ``new visit``)
write whole files or none, never through a link leading out of the workspace, and answer
odd files with one line (exit 2): never a hang, a traceback or a truncated file."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefgen.cli import main


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _one_line_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in lines[0]


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


def test_new_region_on_a_full_disk_leaves_the_regions_file_whole(mini_copy: Path) -> None:
    regions = mini_copy / "data" / "regions.yaml"
    before = regions.read_bytes()

    def small_disk() -> None:  # writes past 64 bytes fail, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    result = subprocess.run(
        _command("new", "region", "pacific", "--member", "jp", "-w", str(mini_copy)),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=small_disk,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: cannot write") and "regions.yaml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert regions.read_bytes() == before
    assert sorted(p.name for p in regions.parent.iterdir() if p.name.startswith(".")) == []


def test_new_region_keeps_the_file_and_its_comments(mini_copy: Path) -> None:
    result = _run("new", "region", "pacific", "--member", "jp", "-w", str(mini_copy))
    assert result.exit_code == 0, result.output
    text = (mini_copy / "data" / "regions.yaml").read_text()
    assert text.startswith("note: A grouping made for tests.")
    assert "- id: pacific" in text and "- id: asia" in text


def test_new_region_never_writes_through_a_link_out_of_the_workspace(
    mini_copy: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.yaml"
    regions = mini_copy / "data" / "regions.yaml"
    elsewhere.write_bytes(regions.read_bytes())
    regions.unlink()
    regions.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    result = _run("new", "region", "pacific", "--member", "jp", "-w", str(mini_copy))
    _one_line_error(result, "regions.yaml", "outside the workspace")
    assert elsewhere.read_bytes() == before and regions.is_symlink()


def test_new_region_through_a_link_inside_the_workspace_edits_its_file(mini_copy: Path) -> None:
    regions = mini_copy / "data" / "regions.yaml"
    kept = mini_copy / "data" / "shared-regions.yaml"
    regions.rename(kept)
    regions.symlink_to("shared-regions.yaml")
    assert _run("new", "region", "pacific", "--member", "jp", "-w", str(mini_copy)).exit_code == 0
    assert regions.is_symlink() and "- id: pacific" in kept.read_text()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("regions:\n  - id: asia\n    name: [unclosed\n", ["regions.yaml:", "fix the file"]),
        ("- just\n- a list\n", ["regions.yaml", "regions:"]),
        ("regions: 3\n", ["regions.yaml", "a list of regions"]),
        ("regions:\n  - asia\n", ["regions.yaml", "a list of regions"]),
        (b"regions: \xff\n", ["regions.yaml", "UTF-8"]),
    ],
)
def test_new_region_on_a_malformed_regions_file_is_one_line(
    mini_copy: Path, text: str | bytes, words: list[str]
) -> None:
    regions = mini_copy / "data" / "regions.yaml"
    regions.write_bytes(text if isinstance(text, bytes) else text.encode())
    before = regions.read_bytes()
    result = _run("new", "region", "pacific", "--member", "jp", "-w", str(mini_copy))
    _one_line_error(result, *words)
    assert regions.read_bytes() == before


def test_new_region_on_a_fifo_regions_file_does_not_hang(mini_copy: Path) -> None:
    regions = mini_copy / "data" / "regions.yaml"
    regions.unlink()
    os.mkfifo(regions)
    result = subprocess.run(
        _command("new", "region", "pacific", "--member", "jp", "-w", str(mini_copy)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_new_partner_never_writes_through_a_dangling_link(mini_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "planted.yaml"
    link = mini_copy / "data" / "partners" / "nz.yaml"
    link.symlink_to(target)
    result = _run("new", "partner", "nz", "-w", str(mini_copy))
    _one_line_error(result, "nz.yaml", "already exists", "a link")
    assert not target.exists()


def test_new_partner_never_writes_through_a_folder_linked_out(
    mini_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    partners = mini_copy / "data" / "partners"
    for f in partners.iterdir():
        f.rename(outside / f.name)
    partners.rmdir()
    partners.symlink_to(outside)
    result = _run("new", "partner", "nz", "-w", str(mini_copy))
    _one_line_error(result, "nz.yaml", "outside the workspace")
    assert not (outside / "nz.yaml").exists()


def test_new_partner_and_visit_write_their_files(mini_copy: Path) -> None:
    assert _run("new", "partner", "nz", "-w", str(mini_copy)).exit_code == 0
    assert (mini_copy / "data" / "partners" / "nz.yaml").read_text().startswith("# Partner 'nz'")
    result = _run("new", "visit", "jp", "-w", str(mini_copy))
    assert result.exit_code == 0, result.output
    assert "partner: jp" in (mini_copy / "data" / "visits" / "jp-visit.yaml").read_text()
    dangling = mini_copy / "data" / "visits" / "jp-two.yaml"
    dangling.symlink_to(mini_copy.parent / "planted.yaml")
    assert _run("new", "visit", "jp", "--id", "jp-two", "-w", str(mini_copy)).exit_code == 2
    assert not (mini_copy.parent / "planted.yaml").exists()


def test_init_into_a_dangling_link_is_one_line(tmp_path: Path) -> None:
    link = tmp_path / "briefs"
    link.symlink_to(tmp_path / "no-such-folder")
    result = _run("init", str(link))
    _one_line_error(result, str(link), "does not exist")
    assert not (tmp_path / "no-such-folder").exists()
