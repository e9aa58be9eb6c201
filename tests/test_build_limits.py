"""What a build does with odd output folders and options: a manifest that is a FIFO or a
link is ignored with a warning (never read without end, never written through); an empty
--shard fails; --jobs never forks more workers than packs; workers exit with their build."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefgen.cli import main
from conftest import ROOT, build_command


def _build(workspace: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    cmd = build_command(workspace, out, "--format", "pdf", *options)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _listed(out: Path) -> set[str]:
    return set(json.loads((out / "manifest.json").read_text())["packs"])


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_manifest_that_never_ends_is_ignored_with_a_warning(mini_copy: Path, kind: str) -> None:
    out = mini_copy / "out"
    out.mkdir()
    manifest = out / "manifest.json"
    if kind == "fifo":
        os.mkfifo(manifest)
    else:
        manifest.symlink_to("/dev/zero")
    result = _build(mini_copy, out)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "manifest.json" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: ")
    assert warnings[0].endswith("; ignored")
    assert manifest.is_file() and not manifest.is_symlink()  # briefgen's own, in its place
    assert _listed(out) == {"jp", "esa", "asia", "everywhere"}


def test_a_manifest_linked_elsewhere_is_neither_trusted_nor_written_through(
    mini_copy: Path, tmp_path: Path
) -> None:
    out = mini_copy / "out"
    assert _build(mini_copy, out).returncode == 0
    elsewhere = tmp_path / "elsewhere.json"
    shutil.move(out / "manifest.json", elsewhere)
    before = elsewhere.read_bytes()
    (out / "manifest.json").symlink_to(elsewhere)
    (out / "jp.pdf").write_bytes(b"not the pdf the manifest lists")  # would be trusted...
    result = _build(mini_copy, out)
    assert "a link" in result.stderr and "ignored" in result.stderr
    assert elsewhere.read_bytes() == before
    assert not (out / "manifest.json").is_symlink()
    assert result.returncode == 1  # ...so jp.pdf is someone else's: kept, and jp fails
    assert (out / "jp.pdf").read_bytes() == b"not the pdf the manifest lists"


def test_an_output_name_taken_by_a_fifo_fails_its_pack_without_hanging(mini_copy: Path) -> None:
    out = mini_copy / "out"
    out.mkdir()
    os.mkfifo(out / "jp.pdf")
    result = _build(mini_copy, out)
    assert result.returncode == 1
    assert "jp.pdf: not written by briefgen" in result.stderr
    assert _listed(out) == {"esa", "asia", "everywhere"}


@pytest.mark.parametrize("shard", ["", " "])
def test_an_empty_shard_fails_instead_of_building_every_pack(mini_copy: Path, shard: str) -> None:
    out = mini_copy / "out"
    result = CliRunner().invoke(
        main, ["build", "-w", str(mini_copy), "--out", str(out), "--shard", shard]
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--shard" in lines[0] and "1/4" in lines[0]
    assert not out.exists() or not any(out.glob("*.pdf"))


class _Counting(cf.ProcessPoolExecutor):
    """A process pool that notes how many workers it was asked for."""

    sizes: list[int] = []

    def __init__(self, max_workers: int | None = None, **kwargs: Any) -> None:
        _Counting.sizes.append(max_workers or 0)
        super().__init__(max_workers, **kwargs)


@pytest.mark.parametrize("targets", [["jp", "esa"], []])
def test_jobs_never_forks_more_workers_than_packs(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch, targets: list[str]
) -> None:
    (mini_copy / "data" / "regions.yaml").unlink()  # two packs: jp and esa
    monkeypatch.setattr(cf, "ProcessPoolExecutor", _Counting)
    _Counting.sizes = []
    out = mini_copy / "out"
    args = ["build", *targets, "-w", str(mini_copy), "--out", str(out), "-f", "pdf"]
    result = CliRunner().invoke(main, [*args, "--jobs", "64"])
    assert result.exit_code == 0, result.output
    assert _Counting.sizes and max(_Counting.sizes) <= 2
    assert _listed(out) == {"jp", "esa"}


def _children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rpartition(")")[2].split()[:2]
            if int(ppid) == pid and state != "Z":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_with_a_build_killed_with_sigkill(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copytree(ROOT / "data", ws / "data")
    cmd = [sys.executable, "-m", "briefgen", "build", "-w", str(ws), "--out", str(ws / "out")]
    build = subprocess.Popen(
        [*cmd, "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
            workers |= _children(build.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the build started no workers"
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
        deadline = time.monotonic() + 30  # a generous bound: they go within a second
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [p for p in workers if _alive(p)]
    finally:
        build.kill()
        for pid in _children(build.pid) | workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert not left, f"workers {left} outlived their build"
