"""Fixtures and helpers shared by the tests: workspace copies, the CLI as a process, tools."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
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


def bound(ident: str) -> bool:
    """Whether the reference pack ``ident`` binds attachments after its brief (issue 27):
    checks of the brief alone look at its part (`brief_docx`, the pages before the pack's
    contents)."""
    import briefgen
    from briefgen.build.bind import attachments

    pack = briefgen.load_workspace(ROOT).pack(ident)
    return any(a.bound for a in attachments(pack))


def brief_docx(path: Path, tmp_path: Path) -> Path:
    """A bound .docx's first section (the brief) as a file of its own; an unbound .docx
    itself."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    body = document.element.body
    breaks = [
        p
        for p in body.iterchildren(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    ]
    if not breaks:
        return path
    first = breaks[0]
    after = False
    for child in list(body):
        if child is first:
            after = True
        if after and child.tag != qn("w:sectPr"):
            body.remove(child)
    out = tmp_path / f"brief-{path.name}"
    document.save(str(out))
    return out


def brief_pages(pages: list[T]) -> list[T]:
    """The pages of a bound PDF's brief (before its "Contents of the pack"), given every
    page's text or pages whose text ``str()`` of is searched; an unbound PDF's all."""
    for i, page in enumerate(pages):
        if i and "Contents of the pack" in str(page):
            return pages[:i]
    return pages
