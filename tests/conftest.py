"""Fixtures and helpers shared by the tests: workspace copies, the CLI as a process, tools."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture()
def ws_copy(tmp_path: Path) -> Path:
    """A private copy of the reference workspace's data (shipped templates, no settings)."""
    dest = tmp_path / "ws"
    dest.mkdir()
    shutil.copytree(ROOT / "data", dest / "data")
    return dest


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the mini workspace, to break."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


def load_tool(name: str) -> ModuleType:
    """A script of ``tools/`` (not a package) loaded as a module, for tests of its output."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tool(name: str) -> str:
    """The path of command-line tool ``name`` (the test interpreter's own first, then the
    system's); skips the test when it is not installed."""
    own = Path(sys.executable).parent / name
    path = str(own) if own.exists() else shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def build_command(workspace: Path, out: Path, *options: str) -> list[str]:
    """``briefgen build`` as a separate process, one job, into ``out``."""
    return [
        sys.executable,
        "-m",
        "briefgen",
        "build",
        "--workspace",
        str(workspace),
        "--out",
        str(out),
        "--jobs",
        "1",
        *options,
    ]


@pytest.fixture(scope="session")
def reference_packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every reference pack built once per session in both formats (the golden files are
    made from such a build): the folder of .docx and .pdf files."""
    from golden import build_reference

    out = tmp_path_factory.mktemp("reference-editions")
    build_reference(out)
    return out


@pytest.fixture(scope="session")
def reference_editions(reference_packs: Path) -> tuple[Path, Path]:
    """Every reference pack built once per session in both formats, and every .docx laid out
    by LibreOffice in one call: (folder of .docx and .pdf, folder of LibreOffice's PDFs)."""
    from docx_checks import libreoffice_convert

    out = reference_packs
    lo = out / "libreoffice"
    lo.mkdir()
    if shutil.which("soffice") is not None:
        output = libreoffice_convert(sorted(out.glob("*.docx")), lo)
        assert "Error:" not in output, output
    return out, lo
