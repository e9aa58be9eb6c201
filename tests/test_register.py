"""The register (issue 26 item 7): every build writes register.csv and register.json beside
manifest.json, one row per file with the brief's reference, title, kind, owner, marking,
version, status, clearance, edition date, file and SHA-256; deterministic; never replacing
an officer's edit silently; naming nothing a releasable edition withholds; and AMENDED for a
brief re-issued with changes after a cleared edition."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner

import briefgen
from briefgen.build.register import COLUMNS
from briefgen.cli import main
from workspace_edits import VISIT, VISIT_CLEARED, VISIT_UNCLEARED, edit, with_biographies


def _rows(out: Path) -> list[dict[str, str]]:
    data = (out / "register.csv").read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _comment(path: Path) -> None:
    """A comment added: the file's digest changes, the pack's text does not."""
    path.write_text(path.read_text() + "# checked again\n")


def test_every_build_writes_a_register_of_its_files(mini_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = briefgen.load_workspace(mini_copy).build(out, jobs=1)
    assert report.exit_code == 0
    raw = (out / "register.csv").read_bytes()
    assert raw.startswith(",".join(COLUMNS).encode() + b"\r\n")  # a header row, RFC 4180
    rows = _rows(out)
    files = sorted(f.path for r in report.built for f in r.files)
    assert [r["file"] for r in rows] == files  # one row per file, sorted by name
    for row in rows:
        assert row["sha256"] == hashlib.sha256((out / row["file"]).read_bytes()).hexdigest()
        assert row["format"] == row["file"].rpartition(".")[2]
    jp = next(r for r in rows if r["file"] == "jp.pdf")
    assert jp["title"] == "Partner brief: Japan"
    assert (jp["kind"], jp["pack"], jp["marking"]) == ("partner", "jp", "OFFICIAL")
    # jp is not cleared, so a draft
    assert (jp["status"], jp["amended"], jp["edition"]) == ("draft", "no", "2026-01-15")
    assert jp["reference"] == "jp-20260115" and jp["version"] == "1"
    assert jp["prepared_by"] == "Example Space Office" and jp["pages"] == "1"
    data = json.loads((out / "register.json").read_text(encoding="utf-8"))
    assert data["columns"] == list(COLUMNS)
    assert data["briefs"] == rows
    listed = json.loads((out / "manifest.json").read_text())["register"]
    assert set(listed) == {"register.csv", "register.json"}


def test_the_register_is_the_same_incremental_forced_or_fresh(
    mini_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    briefgen.load_workspace(mini_copy).build(out, jobs=1)
    first = (out / "register.csv").read_bytes(), (out / "register.json").read_bytes()
    _comment(mini_copy / "data/partners/jp.yaml")  # jp is built again, the same
    again = briefgen.load_workspace(mini_copy).build(out, jobs=1)
    assert "jp" in {r.id for r in again.built} and again.skipped  # esa is unchanged
    incremental = (out / "register.csv").read_bytes(), (out / "register.json").read_bytes()
    assert incremental == first  # same text, same files
    briefgen.load_workspace(mini_copy).build(out, jobs=1, force=True)
    forced = (out / "register.csv").read_bytes(), (out / "register.json").read_bytes()
    fresh_out = tmp_path / "fresh"
    briefgen.load_workspace(mini_copy).build(fresh_out, jobs=1)
    fresh = (fresh_out / "register.csv").read_bytes(), (fresh_out / "register.json").read_bytes()
    assert incremental == forced == fresh


def test_an_edited_register_is_never_replaced_silently(mini_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    briefgen.load_workspace(mini_copy).build(out, jobs=1)
    edited = (out / "register.csv").read_bytes() + b"note,added,by,records\r\n"
    (out / "register.csv").write_bytes(edited)
    _comment(mini_copy / "data/partners/jp.yaml")
    report = briefgen.load_workspace(mini_copy).build(out, jobs=1)
    assert report.exit_code == 1 and not report.failed
    assert len(report.errors) == 1
    error = report.errors[0]
    assert f"{out / 'register.csv'}: changed since briefgen wrote it" in error
    assert "register-edited.csv" in error and "--force" in error and "\n" not in error
    assert (out / "register.csv").read_bytes() == edited
    forced = briefgen.load_workspace(mini_copy).build(out, jobs=1, force=True)
    assert forced.exit_code == 0
    assert (out / "register.csv").read_bytes() != edited


def test_a_register_briefgen_did_not_write_is_kept(mini_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "register.json").write_text("{}")
    report = briefgen.load_workspace(mini_copy).build(out, jobs=1)
    assert report.exit_code == 1
    assert (out / "register.json").read_text() == "{}"
    assert not (out / "register.csv").exists()  # neither is written: they go together


def test_the_command_writes_a_deleted_register_again(mini_copy: Path) -> None:
    runner = CliRunner()
    args = ["-C", str(mini_copy), "build", "-j", "1"]
    assert runner.invoke(main, args).exit_code == 0
    (mini_copy / "build" / "register.csv").unlink()
    result = runner.invoke(main, args)  # the unchanged-build shortcut must not skip it
    assert result.exit_code == 0, result.output
    assert (mini_copy / "build" / "register.csv").is_file()


def test_a_releasable_register_names_nothing_withheld(ws_copy: Path, tmp_path: Path) -> None:
    kr = "data/partners/kr.yaml"
    edit(ws_copy, kr, "kind: country\n", "kind: country\nmarking: PROTECTED\n")
    ws = briefgen.load_workspace(ws_copy)
    out = tmp_path / "out"
    report = ws.build(out, jobs=1, formats=["pdf"], targets=["kr", "jp"], releasable="OFFICIAL")
    assert report.exit_code == 0
    assert report.releasable is not None
    assert [r.id for r in report.releasable.withheld] == ["kr"]
    rel = report.releasable.out
    for name in ("register.csv", "register.json"):
        text = (rel / name).read_text(encoding="utf-8")
        assert "Korea" not in text and "kr" not in {r["pack"] for r in _rows(rel)}
    assert [r["file"] for r in _rows(rel)] == ["jp.releasable-official.pdf"]
    assert {r["pack"] for r in _rows(out)} == {"jp", "kr"}  # the full edition lists both


def test_a_withheld_packs_edited_file_is_never_registered_later(
    ws_copy: Path, tmp_path: Path
) -> None:
    """A pack withheld from a releasable edition whose earlier file someone edited: the file
    stays, and neither this build's register nor a later one names the pack."""
    out = tmp_path / "rel"
    ws = briefgen.load_workspace(ws_copy)
    assert ws.build(out, jobs=1, formats=["pdf"], targets=["kr", "jp"], max_marking="OFFICIAL")
    edited = out / "kr.releasable-official.pdf"
    edited.write_bytes(edited.read_bytes() + b"\n% annotated\n")
    edit(ws_copy, "data/partners/kr.yaml", "kind: country\n", "kind: country\nmarking: PROTECTED\n")
    ws = briefgen.load_workspace(ws_copy)
    first = ws.build(out, jobs=1, formats=["pdf"], targets=["kr", "jp"], max_marking="OFFICIAL")
    assert [r.id for r in first.failed] == ["kr"]  # its file is kept, the build says so
    assert {r["pack"] for r in _rows(out)} == {"jp"}
    later = ws.build(
        out, jobs=1, formats=["pdf"], targets=["jp"], max_marking="OFFICIAL", force=True
    )
    assert later.exit_code == 0
    assert edited.is_file() and {r["pack"] for r in _rows(out)} == {"jp"}
    assert "Korea" not in (out / "register.json").read_text(encoding="utf-8")


def test_a_folder_of_both_editions_lists_every_file_with_its_edition(
    ws_copy: Path, tmp_path: Path
) -> None:
    """``--editions full,OFFICIAL``: one register, in the folder that holds the full edition
    (so it may name it), one row per file of either edition, the edition in ``release``;
    a pack withheld from the releasable edition has rows of the full edition only."""
    kr = "data/partners/kr.yaml"
    edit(ws_copy, kr, "kind: country\n", "kind: country\nmarking: PROTECTED\n")
    ws = briefgen.load_workspace(ws_copy)
    out = tmp_path / "out"
    report = ws.build(
        out, jobs=1, formats=["pdf"], targets=["kr", "jp"], editions=("full", "OFFICIAL")
    )
    assert report.exit_code == 0
    briefs = sorted(p.name for p in out.iterdir() if p.suffix == ".pdf")
    assert briefs == ["jp.pdf", "jp.releasable-official.pdf", "kr.pdf"]
    rows = _rows(out)
    assert [r["file"] for r in rows] == briefs  # every file in the folder, once
    assert [(r["file"], r["release"]) for r in rows] == [
        ("jp.pdf", "full"),
        ("jp.releasable-official.pdf", "releasable-official"),
        ("kr.pdf", "full"),
    ]
    for r in rows:  # each row's digest is its file's
        assert r["sha256"] == hashlib.sha256((out / r["file"]).read_bytes()).hexdigest()
    assert json.loads((out / "register.json").read_text())["briefs"] == rows
    again = ws.build(
        out, jobs=1, formats=["pdf"], targets=["kr", "jp"], editions=("full", "OFFICIAL")
    )
    assert again.exit_code == 0 and _rows(out) == rows  # unchanged: the same register


def _page1(path: Path) -> str:
    return " ".join(pypdf.PdfReader(path).pages[0].extract_text().split())


def _visit_row(out: Path) -> dict[str, str]:
    return next(r for r in _rows(out) if r["pack"] == "esa-illustrative")


def test_a_brief_changed_after_its_cleared_edition_is_amended(
    ws_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    edit(ws_copy, VISIT, VISIT_UNCLEARED, VISIT_CLEARED)
    with_biographies(ws_copy)
    edit(ws_copy, VISIT, "status: draft", "status: final")

    def build(**options: object) -> dict[str, str]:
        ws = briefgen.load_workspace(ws_copy)
        report = ws.build(out, jobs=1, formats=["pdf"], targets=["esa-illustrative"], **options)
        assert report.exit_code == 0, report.failed
        return _visit_row(out)

    cleared = build()  # the cleared edition
    assert (cleared["status"], cleared["amended"]) == ("final", "no")
    assert cleared["cleared_by"] == "Illustrative clearing officer, Example position only"
    assert cleared["cleared_on"] == "2026-11-25"
    assert "AMENDED" not in _page1(out / "esa-illustrative.pdf")
    assert build(force=True)["amended"] == "no"  # the same text again: not amended

    edit(ws_copy, VISIT, "example: a delegation", "example: the delegation")
    changed = build()  # re-issued with changes under the same clearance
    assert changed["amended"] == "yes"
    assert "AMENDED" in _page1(out / "esa-illustrative.pdf")
    assert build(force=True)["amended"] == "yes"  # stays amended until cleared again

    edit(ws_copy, VISIT, "status: final", "status: draft")
    draft = build()  # a draft is never amended (page 1 says DRAFT)
    assert (draft["status"], draft["amended"], draft["cleared_by"]) == ("draft", "no", "")
    assert "AMENDED" not in _page1(out / "esa-illustrative.pdf")
    edit(ws_copy, VISIT, "status: draft", "status: final")
    assert build()["amended"] == "yes"  # the cleared edition's record was kept

    edit(ws_copy, VISIT, "date: 2026-11-25}", "date: 2026-12-02}")
    recleared = build()  # cleared again: a new cleared edition
    assert (recleared["amended"], recleared["cleared_on"]) == ("no", "2026-12-02")
    assert "AMENDED" not in _page1(out / "esa-illustrative.pdf")


def test_a_register_that_cannot_be_written_leaves_the_manifest_written(
    mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.build import register
    from briefgen.fileio import OutputError

    def full(path: Path, data: bytes) -> None:
        raise OutputError(f"{path}: No space left on device")

    monkeypatch.setattr(register, "atomic_write", full)
    out = tmp_path / "out"
    report = briefgen.load_workspace(mini_copy).build(out, jobs=1)
    assert report.exit_code == 1 and not report.failed
    assert report.errors == [
        f"the register was not written: {out / 'register.csv'}: No space left on device"
    ]
    assert "jp" in json.loads((out / "manifest.json").read_text())["packs"]


def test_a_failed_build_between_keeps_the_cleared_edition(ws_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    edit(ws_copy, VISIT, VISIT_UNCLEARED, VISIT_CLEARED)
    with_biographies(ws_copy)
    edit(ws_copy, VISIT, "status: draft", "status: final")

    def build() -> briefgen.BuildReport:
        ws = briefgen.load_workspace(ws_copy)
        return ws.build(out, jobs=1, formats=["pdf"], targets=["esa-illustrative"])

    assert build().exit_code == 0  # the cleared edition
    edit(ws_copy, VISIT, "example: a delegation", "example: a delegation \U0010fffd")
    assert build().failed  # no font has the character: the pack's files and entry go
    assert "esa-illustrative" not in json.loads((out / "manifest.json").read_text())["packs"]
    edit(ws_copy, VISIT, "example: a delegation \U0010fffd", "example: the delegation")
    assert build().exit_code == 0
    assert _visit_row(out)["amended"] == "yes"
    assert "AMENDED" in _page1(out / "esa-illustrative.pdf")
    word = briefgen.load_workspace(ws_copy).build(
        out, jobs=1, formats=["docx"], targets=["esa-illustrative"]
    )
    assert word.exit_code == 0  # the Word edition's page 1 says so too
    paragraphs = [p.text for p in docx.Document(str(out / "esa-illustrative.docx")).paragraphs]
    assert "AMENDED" in paragraphs[:20]
