"""A bound pack's bytes depend on its inputs only (issue 27 item 8): the same workspace built
with one worker or two, its targets in any order, gives byte-identical files, an AMENDED
partner brief bound in as AMENDED whichever job ran first; and a pack bound into a visit of
the same build is rendered once in the whole build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

import briefgen

ORG = "data/organisation.yaml"
CLEARED = (
    "document_control:\n"
    "  cleared_by: {name: Illustrative clearing officer, position: Example position only,\n"
    "               date: 2026-11-25}\n"
)
TARGETS = ("esa", "esa-illustrative", "jp")


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _amended_workspace(ws_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The reference workspace with cleared partner briefs, built once (their cleared
    edition) and then changed: the ESA brief is now AMENDED.  (workspace, folder built)."""
    _edit(ws_copy, ORG, "document_control:\n", CLEARED)
    first = tmp_path / "first"
    report = briefgen.load_workspace(ws_copy).build(first, targets=TARGETS, jobs=1)
    assert not report.failed, [r.error for r in report.failed]
    esa = "data/partners/esa.yaml"
    _edit(ws_copy, esa, "space partners for almost", "space partners for nearly")
    return ws_copy, first


def _page1(path: Path) -> str:
    return " ".join((PdfReader(path).pages[0].extract_text() or "").split())


def _build(ws: Path, base: Path, out: Path, targets: tuple[str, ...], jobs: int) -> Path:
    shutil.copytree(base, out)  # the manifest's record of the cleared edition
    report = briefgen.load_workspace(ws).build(out, targets=targets, jobs=jobs)
    assert not report.failed, [r.error for r in report.failed]
    return out


def test_bound_bytes_do_not_depend_on_job_order_or_count(ws_copy: Path, tmp_path: Path) -> None:
    ws, base = _amended_workspace(ws_copy, tmp_path)
    builds = [
        _build(ws, base, tmp_path / "a", TARGETS, 1),
        _build(ws, base, tmp_path / "b", tuple(reversed(TARGETS)), 1),
        _build(ws, base, tmp_path / "c", TARGETS, 2),
        _build(ws, base, tmp_path / "d", tuple(reversed(TARGETS)), 2),
    ]
    assert "AMENDED" in _page1(builds[0] / "esa.pdf")  # the case is set up
    names = sorted(
        p.name for p in builds[0].iterdir() if p.suffix in (".pdf", ".docx", ".csv", ".json")
    )
    assert "esa-illustrative.pdf" in names and "esa-illustrative.docx" in names
    for name in names:
        if name == "manifest.json":  # it records each build's own timing
            continue
        first = (builds[0] / name).read_bytes()
        for other in builds[1:]:
            assert (other / name).read_bytes() == first, (name, other.name)
    # the partner brief bound into the visit is the one its own file holds: AMENDED
    pages = [p.extract_text() or "" for p in PdfReader(builds[1] / "esa-illustrative.pdf").pages]
    partner_page1 = next(i for i, t in enumerate(pages) if "A-1 \u00b7" in t)
    assert "AMENDED" in pages[partner_page1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_attached_pack_is_rendered_once_in_the_whole_build(
    ws_copy: Path, tmp_path: Path, jobs: int
) -> None:
    """With two workers too (forked: the count reaches the parent through a file)."""
    from briefgen.build import render as render_module

    log = tmp_path / "rendered.log"
    real = render_module.render

    def counting(pack: object, fmt: str, theme: object = None) -> object:
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{pack.id}.{fmt}\n")  # type: ignore[attr-defined]
        return real(pack, fmt, theme)  # type: ignore[arg-type]

    mp = pytest.MonkeyPatch()
    from briefgen.build import bind

    mp.setattr(bind, "render", counting)
    try:
        ws = briefgen.load_workspace(ws_copy)
        targets = ("esa-illustrative", "jp", "esa")  # the visit before the pack it binds
        report = ws.build(tmp_path / "out", targets=targets, jobs=jobs)
    finally:
        mp.undo()
    assert not report.failed, [r.error for r in report.failed]
    rendered = log.read_text(encoding="utf-8").split()
    assert sorted(r for r in rendered if r.startswith("esa.")) == ["esa.docx", "esa.pdf"]
