"""ReportLab's internals behind one gate (writers/pdf/rl/): only that package names them,
nothing is patched at import, and with the gate shut (the switch, a version outside the
range, a private name missing) ReportLab lays out every paragraph itself and the reference
packs are still valid tagged PDFs that paginate as with the gate open."""

from __future__ import annotations

import ast
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import page
import pypdf
import pytest
import reportlab

import briefgen
from briefgen.theme import Theme
from briefgen.writers.pdf import render, rl
from conftest import tool
from treesamples import sample_document

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "briefgen"
RL_PACKAGE = SRC / "writers" / "pdf" / "rl"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _names_defined(files: Iterator[Path], *, anywhere: bool = True) -> set[str]:
    """The single-underscore names the files define: functions, classes, variables and
    attributes assigned (only in ``__init__`` unless ``anywhere``: briefgen setting
    ReportLab's ``_H`` in a ``wrap`` does not make ``_H`` briefgen's)."""
    names: set[str] = set()
    for path in files:
        try:
            module = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        for node in ast.walk(module):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
                if anywhere or node.name != "__init__":
                    continue
                names.update(
                    n.attr
                    for n in ast.walk(node)
                    if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)
                )
            elif anywhere and isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return {n for n in names if _private(n)}


def _outside_rl() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if RL_PACKAGE not in p.parents]


def reportlab_private_uses(path: Path, reportlab_names: set[str]) -> list[str]:
    """Where ``path`` names a private module, function or attribute of ReportLab: a private
    import from ``reportlab``, an attribute ``._x`` or a ``getattr(obj, "_x")`` whose name
    ReportLab defines (an import-linter contract cannot see attribute access)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
            module_parts = (node.module or "").split(".")
            private = [a.name for a in node.names if _private(a.name)]
            private += [p for p in module_parts if _private(p)]
            found += [f"{where} imports {name}" for name in private]
        elif isinstance(node, ast.Import):
            found += [
                f"{where} imports {a.name}"
                for a in node.names
                if a.name.startswith("reportlab") and any(map(_private, a.name.split(".")))
            ]
        elif isinstance(node, ast.Attribute) and node.attr in reportlab_names:
            found.append(f"{where} reads .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in reportlab_names
        ):
            found.append(f"{where} {node.func.id}s {node.args[1].value}")
    return found


def test_only_the_rl_package_names_reportlabs_private_names() -> None:
    reportlab_root = Path(reportlab.__file__).parent
    # ReportLab's private names, less those briefgen defines for itself outside rl/
    # (its own ``_width`` method is not ReportLab's)
    ours = _names_defined(iter(_outside_rl()), anywhere=False)
    theirs = _names_defined(reportlab_root.rglob("*.py")) - ours
    assert {"_doc", "_code", "_cellvalues", "_H", "_split_blParaProcessed"} <= theirs
    found = [use for path in _outside_rl() for use in reportlab_private_uses(path, theirs)]
    assert found == []


def test_the_scan_sees_what_it_is_for(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(
        "from reportlab.platypus.paragraph import _processed_frags\n"
        "import reportlab._private\n"
        "def f(canv, t):\n"
        "    canv._doc.x = getattr(t, '_cellvalues')\n"
    )
    found = reportlab_private_uses(sample, {"_doc", "_cellvalues"})
    assert sorted(f.split(" ", 1)[1] for f in found) == [
        "getattrs _cellvalues",
        "imports _processed_frags",
        "imports reportlab._private",
        "reads ._doc",
    ]


def test_importing_the_writer_patches_nothing() -> None:
    script = (
        "import briefgen.writers.pdf, briefgen.writers.pdf.rl.shaping\n"
        "from reportlab.platypus import paragraph\n"
        "from reportlab.pdfbase import ttfonts\n"
        "assert paragraph.shapeFragWord is ttfonts.shapeFragWord, paragraph.shapeFragWord\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_shaping_by_font_is_in_place_only_while_a_document_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph

    from briefgen.writers.pdf.rl import shaping

    seen: list[Any] = []
    original = shaping.shape_by_font

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(paragraph.shapeFragWord)
        return original(*args, **kwargs)

    monkeypatch.setattr(shaping, "shape_by_font", spy)
    with shaping.by_font():
        assert paragraph.shapeFragWord is spy
        with shaping.by_font():  # nested: still in place until the outer one ends
            pass
        assert paragraph.shapeFragWord is spy
    assert paragraph.shapeFragWord is ttfonts.shapeFragWord


@pytest.mark.parametrize(
    ("found", "supported"),
    [((4, 3, 0), False), ((4, 4, 0), True), ((4, 4, 10), True), ((5, 1, 0), True), ((5, 2), False)],
)
def test_supported_range(found: tuple[int, ...], supported: bool) -> None:
    assert rl.in_range(found) is supported


def test_the_pin_is_the_supported_range() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    (low_major, low_minor), (high_major, high_minor) = rl.SUPPORTED
    assert f'"reportlab[shaping]>={low_major}.{low_minor},<{high_major}.{high_minor}"' in pyproject
    assert rl.in_range(rl.version())  # the installed ReportLab is one the pin allows


def _replica_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    from briefgen.writers.pdf.rl import fastbreak, fastdraw, images

    calls = dict.fromkeys(("break", "draw", "image"), 0)

    def counting(key: str, fn: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            calls[key] += 1
            return fn(*args, **kwargs)

        return counted

    monkeypatch.setattr(fastbreak, "break_lines", counting("break", fastbreak.break_lines))
    monkeypatch.setattr(fastdraw, "draw", counting("draw", fastdraw.draw))
    monkeypatch.setattr(images, "draw_image", counting("image", images.draw_image))
    return calls


@pytest.fixture()
def gate_checked_again() -> Iterator[None]:
    rl.unavailable.cache_clear()
    rl._warn_once.cache_clear()
    yield
    rl.unavailable.cache_clear()
    rl._warn_once.cache_clear()


def _pages(data: bytes, tmp_path: Path, name: str) -> int:
    path = tmp_path / name
    path.write_bytes(data)
    report = page.validate_pdf(str(path), profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures][:5]
    subprocess.run([tool("qpdf"), "--check", str(path)], check=True, capture_output=True)
    return len(pypdf.PdfReader(path).pages)


def test_the_switch_leaves_layout_to_reportlab(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gate_checked_again: None
) -> None:
    calls = _replica_calls(monkeypatch)
    doc = sample_document()
    opened = render(doc, Theme())
    assert rl.fast() and calls["break"] and calls["draw"]
    monkeypatch.setenv(rl.SWITCH, "0")
    calls.update(dict.fromkeys(calls, 0))
    shut = render(doc, Theme())
    assert not rl.fast()
    assert calls == {"break": 0, "draw": 0, "image": 0}
    assert _pages(shut.data, tmp_path, "shut.pdf") == _pages(opened.data, tmp_path, "open.pdf")


@pytest.mark.parametrize("cause", ["version", "missing name"])
def test_the_gate_shuts_itself_outside_what_it_was_checked_on(
    cause: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gate_checked_again: None
) -> None:
    if cause == "version":
        monkeypatch.setattr(rl, "version", lambda: (5, 2, 0))
    else:  # a future ReportLab without one of the private names the replicas use
        monkeypatch.setattr(rl, "_PARAGRAPH_NAMES", (*rl._PARAGRAPH_NAMES, "_gone_in_5_9"))
    calls = _replica_calls(monkeypatch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rendered = render(sample_document(), Theme())
    assert calls == {"break": 0, "draw": 0, "image": 0}
    assert any("ReportLab lays out every paragraph itself" in str(w.message) for w in caught)
    assert _pages(rendered.data, tmp_path, "shut.pdf") >= 1


@pytest.fixture(scope="module")
def reference_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ws = briefgen.load_workspace(ROOT)
    outs = {}
    for gate in ("1", "0"):
        out = outs[gate] = tmp_path_factory.mktemp(f"reference-gate-{gate}")
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(rl.SWITCH, gate)  # workers inherit it
            report = ws.build(out, formats=("pdf",), jobs=2)
        assert not report.failed, [r.error for r in report.failed]
    return outs


def test_every_reference_pdf_is_valid_and_paginates_alike_with_the_gate_shut(
    reference_builds: dict[str, Path],
) -> None:
    shut = sorted(reference_builds["0"].rglob("*.pdf"))
    assert len(shut) >= 18
    for path in shut:
        report = page.validate_pdf(str(path), profile="ua1")
        assert report.is_compliant, (path.name, [f.rule_id for f in report.failures][:5])
        subprocess.run([tool("qpdf"), "--check", str(path)], check=True, capture_output=True)
        opened = reference_builds["1"] / path.relative_to(reference_builds["0"])
        assert len(pypdf.PdfReader(path).pages) == len(pypdf.PdfReader(opened).pages), path.name
