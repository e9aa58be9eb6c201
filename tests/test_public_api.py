"""The public API is visible to dir(), help(), mypy and the API docs page."""

from __future__ import annotations

import dataclasses
import inspect
import pydoc
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import briefgen
from briefgen.build import batch
from briefgen.build.command import BuildRequest, run_build
from briefgen.build.report import BuildReport, FileResult, PackResult

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = [
    "load_workspace",
    "Workspace",
    "Pack",
    "BuildReport",
    "BriefgenError",
    "DataError",
    "TemplateError",
    "RenderError",
]


def test_dir_and_help_list_the_public_names() -> None:
    listed = dir(briefgen)
    assert [n for n in PUBLIC if n not in listed] == []
    text = pydoc.render_doc(briefgen, renderer=pydoc.plaintext)
    for name in PUBLIC:
        assert f"class {name}" in text or f"{name}(" in text, name


TYPO = 'import briefgen\n\nbriefgen.load_workspce(".")\n'
TYPED = """import briefgen

ws: briefgen.Workspace = briefgen.load_workspace(".")
pack: briefgen.Pack = ws.pack("jp")
report: briefgen.BuildReport = ws.build("out", targets=["jp"])
made: briefgen.Workspace = briefgen.Workspace.create(ws.organisation, ws.partners.values())
"""


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One ``mypy --strict`` run over a misspelt name, typed uses and every example."""
    folder = tmp_path_factory.mktemp("mypy")
    (folder / "typo.py").write_text(TYPO)
    (folder / "typed.py").write_text(TYPED)
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.py"))
    assert examples
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports"]
        + ["--cache-dir", str(folder / "cache"), "typo.py", "typed.py", *examples],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result.stdout + result.stderr


def test_mypy_names_a_misspelt_public_name(mypy_output: str) -> None:
    assert 'typo.py:3: error: Module has no attribute "load_workspce"' in mypy_output


def test_typed_uses_and_every_example_pass_mypy_strict(mypy_output: str) -> None:
    errors = [line for line in mypy_output.splitlines() if ": error:" in line]
    assert [e for e in errors if not e.startswith("typo.py:")] == []


def test_workspace_build_takes_the_batch_builds_options() -> None:
    """`Workspace.build` states its options for mypy and the docs; they stay those of
    `BuildOptions`, declared once (less ``remember`` and ``refused``, the command's own):
    same names, order, defaults and types."""
    params = inspect.signature(briefgen.Workspace.build).parameters.values()
    shown = [(p.name, p.default, p.annotation) for p in params if p.name not in {"self", "out"}]
    declared = [
        (f.name, f.default, f.type)
        for f in dataclasses.fields(batch.BuildOptions)
        if f.name not in {"remember", "refused"}
    ]
    assert shown == declared


class Recorder:
    """A `briefgen.build.command.Console` that keeps what it is told."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.seen: list[PackResult] = []
        self.reports: list[BuildReport] = []

    def say(self, message: str) -> None:
        self.said.append(message)

    @contextmanager
    def progress(self, total: int) -> Iterator[Callable[[PackResult], None]]:
        yield self.seen.append

    def summary(self, report: BuildReport) -> None:
        self.reports.append(report)


def test_the_build_command_runs_without_the_cli_and_restores_signals(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", tmp_path / "ws")
    request = BuildRequest(
        tmp_path / "ws", targets=("jp",), out=Path("out"), formats=("docx",), jobs=1
    )
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    first = Recorder()
    assert run_build(request, first) == 0
    assert [r.id for r in first.seen] == ["jp"]
    (report,) = first.reports
    assert report.out == tmp_path / "ws" / "out"  # relative to the workspace
    assert (tmp_path / "ws" / "out" / "jp.docx").is_file()
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
    again = Recorder()
    assert run_build(request, again) == 0
    assert again.said == [f"1 packs unchanged since the last build into {report.out}"]
    assert again.reports == []


@pytest.fixture(scope="module")
def api_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The API docs page as mkdocs builds it.  The docs are built on Python 3.11 and later
    (as .ci/run builds them): on 3.10 pip resolves the docs extra to mkdocstrings 1.0.6 with
    pymdown-extensions 12.3, and mkdocs fails in their Highlight before reading our code."""
    if sys.version_info < (3, 11):
        pytest.skip("the docs toolchain is built and checked on Python 3.11 and later")
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=300,
    )
    return (site / "api" / "index.html").read_text(encoding="utf-8")


def test_api_page_shows_every_public_signature_and_field(api_page: str) -> None:
    shown = {
        "briefgen.Workspace": briefgen.Workspace,
        "briefgen.Pack": briefgen.Pack,
        "briefgen.BuildReport": BuildReport,
        "briefgen.build.report.PackResult": PackResult,
        "briefgen.build.report.FileResult": FileResult,
    }
    wanted = ["briefgen.load_workspace"]
    for path, cls in shown.items():
        wanted.append(path)
        wanted += [f"{path}.{f.name}" for f in dataclasses.fields(cls) if f.name[0] != "_"]
    wanted += [f"briefgen.Workspace.{m}" for m in ("create", "targets", "pack", "build")]
    pack_properties = [
        "partners",
        "visit",
        "organisation",
        "marking",
        "title",
        "sources",
        "edition",
        "draft",
        "changes",
        "base",
        "markdown",
        "document",
    ]
    wanted += [f"briefgen.Pack.{m}" for m in [*pack_properties, "render", "write"]]
    wanted += [f"briefgen.BuildReport.{m}" for m in ("built", "failed", "exit_code")]
    assert [w for w in wanted if f'id="{w}"' not in api_page] == []
    assert "build = _build" not in api_page
    build = api_page[api_page.index('id="briefgen.Workspace.build"') :]
    build = build[: build.index('id="briefgen.Workspace.stale_sources"')]
    params = [p for p in inspect.signature(briefgen.Workspace.build).parameters if p != "self"]
    assert [p for p in params if p not in build] == []
