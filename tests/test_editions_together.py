"""Editions together (issue 27 item 6): ``build --editions full,OFFICIAL`` builds the full
and the releasable edition into one folder in one run, each with its own file names and
its own part of the manifest, and incremental builds keep both as a fresh build makes them.
A releasable-only build (``--editions OFFICIAL``) keeps its folder free of anything above
its ceiling, as ``--max-marking`` does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen
from briefgen.build import manifest as mf
from briefgen.cli import main
from test_releasable_editions import PROTECTED_TEXT, SECRETS, _mark, assert_clean, readable

TARGETS = ("jp", "indo-pacific")
BOTH = ("full", "OFFICIAL")


@pytest.fixture()
def marked(ws_copy: Path) -> Path:
    _mark(ws_copy)
    return ws_copy


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != mf.NAME}


def _times(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name != mf.NAME}


def test_full_and_releasable_in_one_folder_with_their_own_names(marked: Path) -> None:
    ws = briefgen.load_workspace(marked)
    out = marked / "build"
    report = ws.build(out, ("docx", "pdf"), targets=TARGETS, jobs=1, editions=BOTH)
    assert report.exit_code == 0 and report.releasable is None
    lower = report.editions["official"]
    assert {r.id for r in report.built} == {r.id for r in lower.built} == set(TARGETS)
    assert sorted(p.name for p in out.iterdir()) == [
        "indo-pacific.docx",
        "indo-pacific.pdf",
        "indo-pacific.releasable-official.docx",
        "indo-pacific.releasable-official.pdf",
        "jp.docx",
        "jp.pdf",
        "jp.releasable-official.docx",
        "jp.releasable-official.pdf",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    manifest = mf.read(out)
    assert manifest.problem is None
    assert manifest.packs["jp"].files["pdf"].path == "jp.pdf"
    assert manifest.packs["jp"].marking == "PROTECTED"
    rel = manifest.releasable["official"]["jp"]
    assert rel.files["pdf"].path == "jp.releasable-official.pdf" and rel.marking == "OFFICIAL"
    # the full edition is the full one; each releasable file holds nothing above its ceiling
    assert PROTECTED_TEXT in readable(out / "jp.pdf")
    for name in [n for n in _files(out) if ".releasable-official." in n]:
        text = readable(out / name)
        assert not [s for s in SECRETS if s in text], name
        assert "Releasable edition: holds nothing marked above OFFICIAL" in text, name


def test_incremental_builds_keep_both_editions_as_a_fresh_build_makes_them(
    marked: Path,
) -> None:
    ws = briefgen.load_workspace(marked)
    out = marked / "build"
    kw = {"targets": TARGETS, "jobs": 1, "editions": BOTH}
    assert ws.build(out, ("docx", "pdf"), **kw).exit_code == 0  # type: ignore[arg-type]
    before = _times(out)
    again = ws.build(out, ("docx", "pdf"), **kw)  # type: ignore[arg-type]
    assert not again.built and not again.editions["official"].built
    assert {r.status for r in again.editions["official"].results} == {"skipped"}
    assert _times(out) == before  # an unchanged rebuild touches no file, manifest aside
    path = marked / "data" / "partners" / "jp.yaml"
    path.write_text(path.read_text().replace("Memorandum of Understanding", "Memorandum of Accord"))
    ws = briefgen.load_workspace(marked)
    later = ws.build(out, ("docx", "pdf"), **kw)  # type: ignore[arg-type]
    assert "jp" in {r.id for r in later.built}
    assert "jp" in {r.id for r in later.editions["official"].built}
    assert "Memorandum of Accord" in readable(out / "jp.releasable-official.pdf")
    assert "Memorandum of Accord" in readable(out / "jp.pdf")
    fresh = marked / "fresh"
    assert ws.build(fresh, ("docx", "pdf"), force=True, **kw).exit_code == 0  # type: ignore[arg-type]
    assert _files(out) == _files(fresh)


def test_a_releasable_only_build_keeps_its_folder_below_its_ceiling(marked: Path) -> None:
    ws = briefgen.load_workspace(marked)
    out = marked / "rel"
    report = ws.build(out, ("docx", "pdf"), targets=TARGETS, jobs=1, editions=("OFFICIAL",))
    assert report.exit_code == 0 and not report.editions and len(report.built) == 2
    assert_clean(out)  # every file beside it, manifest included
    # two ceilings: the folder holds the higher; the lower files hold nothing above theirs
    two = marked / "two"
    both = ws.build(
        two, ("pdf",), targets=TARGETS, jobs=1, editions=("OFFICIAL", "OFFICIAL: Sensitive")
    )
    assert both.exit_code == 0 and list(both.editions) == ["official"]
    assert (two / "jp.releasable-official-sensitive.pdf").is_file()
    for path in two.iterdir():
        text = readable(path)
        assert "Zanzibar" not in text and "PROTECTED" not in text, path.name
        if ".releasable-official." in path.name:
            assert "Quokka" not in text and "OFFICIAL: Sensitive" not in text, path.name
    assert mf.read(two).edition is None  # no data text in a releasable folder


def test_the_command_line_option(marked: Path) -> None:
    run = CliRunner().invoke
    base = ["-C", str(marked), "build", "-j", "1", "-f", "pdf", "jp"]
    result = run(main, [*base, "--editions", "full,OFFICIAL"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in (marked / "build").iterdir()} == {
        "jp.pdf",
        "jp.releasable-official.pdf",
        "manifest.json",
        "register.csv",
        "register.json",
    }
    for extra in (
        ["--max-marking", "OFFICIAL"],
        ["--releasable", "OFFICIAL"],
        ["--releasable-out", "public"],
    ):
        result = run(main, [*base, "--editions", "full,OFFICIAL", *extra])
        assert result.exit_code == 2 and f"--editions and {extra[0]}: give one" in result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    result = run(main, [*base, "--editions", "full,OFICIAL"])
    assert result.exit_code == 2
    assert "'OFICIAL' is neither 'full' nor a marking" in result.output
    assert "e.g. full,OFFICIAL" in result.output


def test_a_releasable_build_into_a_shared_folder_leaves_nothing_above_it(marked: Path) -> None:
    """A releasable-only build into a folder that held the full edition (built together
    with a releasable one, or alone) removes the full edition's files of the packs it
    builds, and refuses, before writing anything, a folder whose other packs it would
    leave above its ceiling."""
    ws = briefgen.load_workspace(marked)
    out = marked / "build"
    assert ws.build(out, ("docx", "pdf"), targets=TARGETS, jobs=1, editions=BOTH).exit_code == 0
    report = ws.build(out, ("pdf",), targets=TARGETS, jobs=1, editions=("OFFICIAL",))
    assert report.exit_code == 0, [r.error for r in report.failed]
    assert_clean(out)
    assert sorted(p.name for p in out.iterdir()) == [
        "indo-pacific.releasable-official.docx",
        "indo-pacific.releasable-official.pdf",
        "jp.releasable-official.docx",
        "jp.releasable-official.pdf",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    assert {r.status for r in report.results} == {"skipped"}  # already built as they were
    manifest = mf.read(out)
    assert not manifest.releasable and set(manifest.packs["jp"].files) == {"docx", "pdf"}
    # the full edition of every pack, then a releasable build of one of them: refused
    full = marked / "full"
    assert ws.build(full, ("pdf",), targets=TARGETS, jobs=1).exit_code == 0
    before = {p.name: p.read_bytes() for p in full.iterdir()}
    with pytest.raises(briefgen.BriefgenError, match=r"holds jp\.pdf, marked above OFFICIAL"):
        ws.build(full, ("pdf",), targets=("indo-pacific",), jobs=1, max_marking="OFFICIAL")
    assert {p.name: p.read_bytes() for p in full.iterdir()} == before


def test_another_editions_edited_file_is_kept_and_the_pack_fails(marked: Path) -> None:
    ws = briefgen.load_workspace(marked)
    out = marked / "build"
    assert ws.build(out, ("pdf",), targets=("jp",), jobs=1).exit_code == 0
    (out / "jp.pdf").write_bytes((out / "jp.pdf").read_bytes() + b"%% an officer's note\n")
    report = ws.build(out, ("pdf",), targets=("jp",), jobs=1, editions=("OFFICIAL",))
    (failed,) = report.failed
    assert "jp.pdf: changed since briefgen wrote it" in (failed.error or "")
    assert (out / "jp.pdf").read_bytes().endswith(b"%% an officer's note\n")


def test_a_max_marking_build_over_the_full_edition_removes_its_files(marked: Path) -> None:
    """Before: ``--max-marking`` into the full edition's folder left ``jp.pdf`` (marked
    PROTECTED) beside the releasable files, unlisted."""
    ws = briefgen.load_workspace(marked)
    out = marked / "build"
    assert ws.build(out, ("docx", "pdf"), targets=("jp",), jobs=1).exit_code == 0
    assert PROTECTED_TEXT in readable(out / "jp.pdf")
    report = ws.build(out, ("pdf",), targets=("jp",), jobs=1, max_marking="OFFICIAL")
    assert report.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "jp.releasable-official.pdf",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    assert_clean(out)
