"""``briefgen absorb --strict`` (exit 1 when an edit is not absorbed, for CI) and
``--format json`` (the same report for tools)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from conftest import ROOT, build_command
from test_absorb import PACK, _absorb, _marked, _plain_replace, _sources, _tracked_replace


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    """The reference workspace and its visit pack's Word edition, as built."""
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "data", ws / "data")
    done = subprocess.run(
        build_command(ws, ws / "build", PACK, "--format", "docx"), capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return ws, ws / "build" / f"{PACK}.docx"


VISIT = f"data/visits/{PACK}.yaml"


def edited(docx: Path) -> None:
    """One edit with a field to go to (an objective), one without (a heading)."""
    doc = Document(str(docx))
    objective = _marked(doc, f"{PACK}.yaml#objectives[1]", _sources(docx))
    _plain_replace(objective, "discuss cooperation", "agree cooperation")
    heading = next(p for p in doc.paragraphs if p.text == "Key messages")
    _tracked_replace(heading._p, "Key messages", "Main messages")
    doc.save(str(docx))


def test_strict_exits_1_when_an_edit_is_not_absorbed(built: tuple[Path, Path]) -> None:
    ws, docx = built
    clean = _absorb(ws, docx, "--strict")
    assert clean.returncode == 0, clean.stderr  # nothing edited: nothing left behind
    edited(docx)
    plain = _absorb(ws, docx)
    assert plain.returncode == 0, plain.stderr
    strict = _absorb(ws, docx, "--strict")
    assert strict.returncode == 1, strict.stderr
    assert strict.stdout == plain.stdout  # the same report
    assert strict.stderr.strip() == "error: 2 edit(s) not absorbed with --strict"
    assert "Traceback" not in strict.stderr


def test_json_report_and_strict_apply_writes_what_it_can(built: tuple[Path, Path]) -> None:
    ws, docx = built
    edited(docx)
    shown = _absorb(ws, docx, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    report = json.loads(shown.stdout)
    assert report["pack"] == PACK and report["written"] == []
    (edit,) = report["absorbed"]
    assert edit["key"].endswith(f"{PACK}.yaml#objectives[1]") and edit["how"] == "plain"
    assert "agree cooperation" in edit["new"] and "discuss cooperation" in edit["old"]
    texts = sorted(s["text"] for s in report["not_absorbed"])
    assert texts == ["Key messages", "Main messages"]
    assert all(s["reason"] and s["where"] for s in report["not_absorbed"])
    assert list(report["diffs"]) == [VISIT] and "+" in report["diffs"][VISIT]
    assert "agree cooperation" not in (ws / VISIT).read_text()  # nothing written

    applied = _absorb(ws, docx, "--format", "json", "--apply", "--strict")
    assert applied.returncode == 1, applied.stderr
    assert json.loads(applied.stdout)["written"] == [VISIT]
    assert "agree cooperation on astronaut training" in (ws / VISIT).read_text()
