"""An officer's work in the output folder is never lost: a build never replaces or deletes
an output whose bytes differ from those it wrote (the manifest's SHA-256); that pack fails
naming the file and saying how to keep or discard the change, and --force replaces."""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pypdf
from click.testing import CliRunner

import briefgen
from briefgen.build.run import render_job
from briefgen.cli import main


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listed(out: Path) -> dict[str, Any]:
    packs: dict[str, Any] = json.loads((out / "manifest.json").read_text())["packs"]
    return packs


def _edit_in_word(path: Path) -> bytes:
    """Save the document with a paragraph added, as an officer would in Word."""
    document = docx.Document(str(path))
    document.add_paragraph("Cleared with one change by the Director.")
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _annotate(path: Path) -> bytes:
    """Add a note annotation to the PDF's first page, as a PDF reader would."""
    writer = pypdf.PdfWriter(clone_from=str(path))
    from pypdf.annotations import Text

    writer.add_annotation(0, Text(text="Check this figure", rect=(50, 550, 200, 650)))
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _kept_message(error: str | None, path: Path) -> None:
    assert error is not None and "\n" not in error
    assert f"{path}: changed since briefgen wrote it" in error
    assert "move or rename it" in error and "--force" in error


def test_an_edited_word_file_survives_a_rebuild_until_force(mini_copy: Path) -> None:
    out = mini_copy / "out"
    ws = briefgen.load_workspace(mini_copy)
    assert ws.build(out, formats=["docx"], jobs=1).exit_code == 0
    edited = _edit_in_word(out / "jp.docx")
    report = ws.build(out, formats=["docx"], jobs=1)
    (failed,) = report.failed
    assert failed.id == "jp" and report.exit_code == 1
    _kept_message(failed.error, out / "jp.docx")
    assert (out / "jp.docx").read_bytes() == edited
    assert {r.id for r in report.skipped} == {"esa", "asia", "everywhere"}  # the others go on
    # still listed: the next build, with changed data, keeps it too
    jp = mini_copy / "data" / "partners" / "jp.yaml"
    jp.write_text(jp.read_text().replace("A partnership described", "A partnership, described"))
    again = briefgen.load_workspace(mini_copy).build(out, formats=["docx"], jobs=1)
    assert [r.id for r in again.failed] == ["jp"]
    assert (out / "jp.docx").read_bytes() == edited
    forced = briefgen.load_workspace(mini_copy).build(
        out, formats=["docx"], jobs=1, targets=["jp"], force=True
    )
    assert forced.exit_code == 0
    assert _sha(out / "jp.docx") == _listed(out)["jp"]["files"]["docx"]["sha256"]


def test_a_withheld_pack_keeps_an_annotated_pdf_and_fails(mini_copy: Path) -> None:
    out = mini_copy / "out"
    jp = mini_copy / "data" / "partners" / "jp.yaml"
    jp.write_text(jp.read_text() + 'marking: "OFFICIAL: Sensitive"\n')
    ws = briefgen.load_workspace(mini_copy)
    assert ws.build(out, jobs=1, targets=["jp", "esa"]).exit_code == 0
    annotated = _annotate(out / "jp.pdf")
    report = ws.build(out, jobs=1, targets=["jp", "esa"], max_marking="OFFICIAL")
    (failed,) = report.failed
    assert failed.id == "jp" and report.exit_code == 1
    _kept_message(failed.error, out / "jp.pdf")
    assert "withheld" in (failed.error or "")
    assert (out / "jp.pdf").read_bytes() == annotated
    assert not (out / "jp.docx").exists()  # its unedited sensitive file still goes
    assert [r.id for r in report.built] == ["esa"]
    discarded = ws.build(out, jobs=1, targets=["jp"], max_marking="OFFICIAL", force=True)
    assert [r.status for r in discarded.results] == ["withheld"]
    assert not (out / "jp.pdf").exists()


def test_a_pack_failed_by_its_data_keeps_an_edited_file(mini_copy: Path) -> None:
    out = mini_copy / "out"
    assert briefgen.load_workspace(mini_copy).build(out, formats=["pdf"], jobs=1).exit_code == 0
    annotated = _annotate(out / "jp.pdf")
    jp = mini_copy / "data" / "partners" / "jp.yaml"
    jp.write_text(jp.read_text().replace("kind: country", "kind: planet"))
    ws = briefgen.load_workspace(mini_copy, partial=True)
    report = ws.build(out, formats=["pdf"], jobs=1)
    assert "jp" in {r.id for r in report.failed} and "esa" not in {r.id for r in report.failed}
    assert (out / "jp.pdf").read_bytes() == annotated
    assert "pdf" in _listed(out)["jp"]["files"]  # still listed, so still protected


class _EditsWhileRendering(cf.Executor):
    """Renders in this process, but first calls ``edit``: an officer saving an output while
    its pack renders."""

    def __init__(self, edit: Callable[[], object]) -> None:
        self.edit = edit

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        future: cf.Future[Any] = cf.Future()
        if fn is render_job:
            self.edit()
        future.set_result(fn(*args, **kwargs))
        return future


def test_an_edit_saved_while_the_pack_renders_is_kept(mini_copy: Path) -> None:
    out = mini_copy / "out"
    ws = briefgen.load_workspace(mini_copy)
    assert ws.build(out, formats=["pdf"], jobs=1, targets=["jp"]).exit_code == 0
    saved: list[bytes] = []
    report = ws.build(
        out,
        formats=["pdf"],
        targets=["jp"],
        force=False,
        executor=_EditsWhileRendering(lambda: saved.append(_annotate(out / "jp.pdf"))),
        allow_missing_glyphs=True,  # other options: the pack is rendered again
    )
    assert [r.id for r in report.failed] == ["jp"]
    assert (out / "jp.pdf").read_bytes() == saved[0]


def test_the_command_fails_the_pack_in_one_line_and_builds_the_rest(mini_copy: Path) -> None:
    out = mini_copy / "out"
    args = ["build", "-w", str(mini_copy), "--out", str(out), "--jobs", "1", "-f", "pdf"]
    assert CliRunner().invoke(main, args).exit_code == 0
    annotated = _annotate(out / "esa.pdf")
    jp = mini_copy / "data" / "partners" / "jp.yaml"
    jp.write_text(jp.read_text().replace("A partnership described", "A partnership, described"))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "esa.pdf" in line]
    assert lines and all("changed since briefgen wrote it" in line for line in lines)
    assert all(line.endswith("build with --force") for line in lines)
    assert (out / "esa.pdf").read_bytes() == annotated
    assert _sha(out / "jp.pdf") == _listed(out)["jp"]["files"]["pdf"]["sha256"]  # rebuilt
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert forced.exit_code == 0 and (out / "esa.pdf").read_bytes() != annotated


def test_the_no_load_shortcut_sees_a_same_size_corrupted_pdf(mini_copy: Path) -> None:
    out = mini_copy / "out"
    args = ["build", "-w", str(mini_copy), "--out", str(out), "--jobs", "1", "-f", "pdf"]
    assert CliRunner().invoke(main, args).exit_code == 0
    touched = CliRunner().invoke(main, args)  # nothing changed: answered from the record
    assert touched.exit_code == 0 and "4 packs unchanged since the last build" in touched.stderr
    pdf = out / "jp.pdf"
    st = pdf.stat()
    os.utime(pdf)  # a new time, the same bytes: still unchanged
    assert "4 packs unchanged" in CliRunner().invoke(main, args).stderr
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 16] = b"\0" * 16
    pdf.write_bytes(bytes(data))
    os.utime(pdf, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same size and time
    result = CliRunner().invoke(main, args)
    assert "unchanged since the last build" not in result.stderr
    assert result.exit_code == 1 and f"{pdf}: changed since briefgen wrote it" in result.stderr
    assert pdf.read_bytes() == bytes(data)
