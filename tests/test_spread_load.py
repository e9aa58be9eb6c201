"""A large workspace parsed in worker processes loads as a serial load does, problems and
all; bad data there still stops a build before it writes anything."""

from __future__ import annotations

import concurrent.futures as cf
import importlib.util
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from briefgen.build.run import start_workers, stop_workers
from briefgen.data import spread
from briefgen.data.workspace import Workspace, load_workspace

ROOT = Path(__file__).resolve().parents[1]
PARTNERS = spread.FROM + 16  # enough files to be parsed in workers


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root: Path = _synth().generate(tmp_path_factory.mktemp("large") / "ws", PARTNERS, regions=2)
    return root


def _break(root: Path) -> None:
    """Three kinds of bad partner file, early, middle and last."""
    first = root / "data" / "partners" / "p0002.yaml"
    first.write_text(first.read_text(encoding="utf-8") + "bogus_field: 1\n", encoding="utf-8")
    middle = root / "data" / "partners" / "p0040.yaml"
    middle.write_text("name: [unclosed\n", encoding="utf-8")
    last = root / "data" / "partners" / f"p{PARTNERS:04d}.yaml"
    text = last.read_text(encoding="utf-8")
    last.write_text(text.replace('kind: "organisation"', 'kind: "planet"', 1), encoding="utf-8")


def _pooled(root: Path, **options: Any) -> Workspace:
    pool = start_workers(2)
    try:
        return load_workspace(root, executor=pool, **options)
    finally:
        stop_workers(pool, broken=False)


def _same(a: Workspace, b: Workspace) -> None:
    assert list(a.partners) == list(b.partners) and dict(a.partners) == dict(b.partners)
    assert list(a.digests.items()) == list(b.digests.items())  # in the same order
    assert list(a.files.items()) == list(b.files.items())
    assert dict(a.sources) == dict(b.sources) and dict(a.regions) == dict(b.regions)
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


def test_a_large_workspace_loads_in_workers_as_it_does_here(large: Path) -> None:
    _same(_pooled(large), load_workspace(large))


def test_problems_found_in_workers_are_those_found_here(large: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(large, root)
    _break(root)
    pooled, here = _pooled(root, partial=True), load_workspace(root, partial=True)
    _same(pooled, here)
    messages = [str(p) for p in here.problems]
    assert any("p0002.yaml" in m and "bogus_field: unknown field" in m for m in messages)
    assert any("p0040.yaml" in m and "YAML syntax error" in m for m in messages)
    assert any(f"p{PARTNERS:04d}.yaml" in m and "kind" in m for m in messages)
    assert len(pooled.partners) == PARTNERS - 3


def test_bad_data_in_a_large_workspace_stops_the_build_before_any_output(
    large: Path, tmp_path: Path
) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(large, root)
    last = root / "data" / "partners" / f"p{PARTNERS:04d}.yaml"  # parsed last, in a worker
    last.write_text(last.read_text(encoding="utf-8") + "bogus_field: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "briefgen", "build", "-w", str(root), "--out", str(out)]
    done = subprocess.run([*cmd, "--jobs", "2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert re.search(rf"data/partners/p{PARTNERS:04d}\.yaml:\d+: bogus_field: unknown", done.stderr)
    assert "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())  # no partial output at all


class _Refusing(cf.Executor):
    """An executor whose first task fails as a broken pool would and whose others wait."""

    def __init__(self) -> None:
        self.futures: list[cf.Future[Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        future: cf.Future[Any] = cf.Future()
        if not self.futures:
            future.set_running_or_notify_cancel()
            future.set_exception(cf.process.BrokenProcessPool("worker died"))
        self.futures.append(future)
        return future


def test_chunks_left_to_workers_or_lost_by_them_are_parsed_here_in_order() -> None:
    items = list(range(3 * spread.CHUNK + 5))
    executor = _Refusing()

    def double(chunk: Any) -> list[int]:
        return [2 * i for i in chunk]

    results: Iterator[int] = spread.in_order(executor, double, items)
    assert list(results) == [2 * i for i in items]
    assert all(f.cancelled() for f in executor.futures[1:])  # no worker took them


def test_a_build_on_workers_that_died_during_the_load_renders_each_pack_alone(
    tmp_path: Path,
) -> None:
    import os
    import signal

    from briefgen.build import BuildOptions, build

    ws = load_workspace(ROOT)
    pool = start_workers(2)
    try:
        for process in list(pool._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        with pytest.raises(cf.process.BrokenProcessPool):
            pool.submit(int).result(timeout=60)
        options = BuildOptions(formats=("pdf",), targets=["jp", "ca"], executor=pool)
        report = build(ws, tmp_path / "out", options)
    finally:
        stop_workers(pool, broken=True)
    assert report.exit_code == 0 and [r.status for r in report.results] == ["built", "built"]
    assert (tmp_path / "out" / "jp.pdf").exists() and (tmp_path / "out" / "ca.pdf").exists()
