"""``briefgen absorb``: a cleared Word edition's edits and comments come back to the data
(issue 28).  The edits are written into the built .docx as Word writes them (tracked
insertions and deletions with author and date, an accepted plain edit, a comment)."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import ROOT, build_command

PACK = "esa-illustrative"
DATE = "2026-12-04T10:00:00Z"


def _absorb(ws: Path, docx: Path, *more: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "briefgen", "absorb", str(docx), "-w", str(ws), *more]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copytree(ROOT / "data", ws / "data")
    # the partner's overview in the visit's background: a narrative record to edit (the
    # reference visit leaves it to the key messages and talking points, which say it)
    visit = ws / "data" / "visits" / f"{PACK}.yaml"
    text = visit.read_text(encoding="utf-8")
    visit.write_text(
        text.replace("background:\n", "background:\n  - {partner: esa, section: overview}\n"),
        encoding="utf-8",
    )
    out = ws / "build"
    done = subprocess.run(
        build_command(ws, out, PACK, "--format", "docx"), capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return ws, out / f"{PACK}.docx"


def _marked(doc: object, key_end: str, sources: dict[str, dict[str, str]]) -> object:
    """The paragraph whose provenance bookmark stands for the field ending ``key_end``."""
    names = {n for n, e in sources.items() if e["key"].endswith(key_end)}
    for p in doc.element.body.iter(qn("w:p")):  # type: ignore[attr-defined]
        for b in p.iter(qn("w:bookmarkStart")):
            if b.get(qn("w:name")) in names:
                return p
    raise AssertionError(f"no paragraph marked {key_end}")


def _tracked_replace(p: object, old: str, new: str) -> None:
    """Replace ``old`` (inside one run) by ``new`` as Word tracks it: w:del then w:ins."""
    for r in p.iter(qn("w:r")):  # type: ignore[attr-defined]
        t = r.find(qn("w:t"))
        if t is None or old not in (t.text or ""):
            continue
        before, after = t.text.split(old, 1)
        runs = []
        for text, kind in ((before, None), (old, "w:del"), (new, "w:ins"), (after, None)):
            if not text:
                continue
            run = copy.deepcopy(r)
            rt = run.find(qn("w:t"))
            rt.text = text
            rt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if kind is None:
                runs.append(run)
                continue
            if kind == "w:del":
                rt.tag = qn("w:delText")
            mark = r.makeelement(
                qn(kind),
                {
                    qn("w:id"): str(900 + len(runs)),
                    qn("w:author"): "Clearing Officer",
                    qn("w:date"): DATE,
                },
            )
            mark.append(run)
            runs.append(mark)
        for run in runs:
            r.addprevious(run)
        r.getparent().remove(r)
        return
    raise AssertionError(f"{old!r} is not in one run")


def _plain_replace(p: object, old: str, new: str) -> None:
    for t in p.iter(qn("w:t")):  # type: ignore[attr-defined]
        if old in (t.text or ""):
            t.text = t.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} is not in one run")


def _sources(docx: Path) -> dict[str, dict[str, str]]:
    import json

    m = json.loads((docx.parent / "manifest.json").read_text())
    return m["packs"][PACK]["files"]["docx"]["sources"]  # type: ignore[no-any-return]


def test_a_cleared_edition_comes_back_to_the_data(built: tuple[Path, Path]) -> None:
    ws, docx = built
    sources = _sources(docx)
    doc = Document(str(docx))
    # 1. a tracked replacement in a narrative record: lands in its brief
    overview = _marked(doc, "esa.yaml#overview[0].brief", sources)
    _tracked_replace(overview, "close and productive", "close and valued")
    # 2. an accepted (plain) edit of a visit field
    objective = _marked(doc, "esa-illustrative.yaml#objectives[1]", sources)
    _plain_replace(objective, "discuss cooperation", "agree cooperation")
    # 3. a tracked insertion that adds a fact to a brief: fails the rests-on check
    ack = _marked(doc, "organisation.yaml#acknowledgement[0].brief", sources)
    _tracked_replace(ack, "recognises", "recognises, since 2031,")
    # 4. a tracked change in a heading: no field to go to
    heading = next(p for p in doc.paragraphs if p.text == "Key messages")
    _tracked_replace(heading._p, "Key messages", "Main messages")
    # 5. an accepted edit of a table header, and a paragraph typed between two others
    header = next(c for t in doc.tables for c in t.rows[0].cells if c.text == "Activity")
    _plain_replace(header.paragraphs[0]._p, "Activity", "What")
    typed = copy.deepcopy(objective)
    for child in list(typed):
        if child.tag != qn("w:pPr"):
            typed.remove(child)
    objective.addnext(typed)
    run = typed.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "A sentence the clearer typed."
    run.append(text)
    typed.append(run)
    # 6. a comment on a field
    para = next(p for p in doc.paragraphs if p._p is objective)
    doc.add_comment(para.runs, text="Check with the branch head.", author="Clearing Officer")
    doc.save(str(docx))

    shown = _absorb(ws, docx)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "+    Australia has had a space partnership" not in out  # no whole-file rewrite
    assert "close and valued" in out and "agree cooperation on astronaut training" in out
    assert "2 edit(s) absorbed into 2 data file(s)" in out
    # the heading's deletion and insertion, the added fact, the header, the typed paragraph
    assert "5 edit(s) not absorbed:" in out
    assert "'2031' is not in the record's source text" in out
    assert "the heading at paragraph 27: 'Key messages': a tracked deletion" in out
    assert "'Main messages': a tracked insertion" in out and "no record field" in out
    assert "'What': text changed or typed with no record field to go to" in out
    assert "'A sentence the clearer typed.': text typed with no record field" in out
    assert "1 comment(s):" in out and "Check with the branch head." in out
    assert "esa-illustrative.yaml#objectives[1]" in out
    esa = (ws / "data/partners/esa.yaml").read_text()
    assert "close and valued" not in esa  # nothing written without --apply

    applied = _absorb(ws, docx, "--apply")
    assert applied.returncode == 0, applied.stderr
    esa = (ws / "data/partners/esa.yaml").read_text()
    assert "close and valued" in esa
    assert '# Section "Europe"' in esa  # comments kept
    assert "Australia has shared a close and productive space partnership" in esa  # source
    visit = (ws / f"data/visits/{PACK}.yaml").read_text()
    assert "agree cooperation on astronaut training" in visit
    assert "2031" not in (ws / "data/organisation.yaml").read_text()

    again = ws / "again"
    done = subprocess.run(
        build_command(ws, again, PACK, "--format", "docx"), capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    texts = [p.text for p in Document(str(again / f"{PACK}.docx")).paragraphs]
    assert any(
        "which the Australian Space Agency describes as close and valued" in t for t in texts
    )
    assert any(
        t.endswith("Illustrative example: agree cooperation on astronaut training.") for t in texts
    )


def test_an_unedited_edition_changes_nothing(built: tuple[Path, Path]) -> None:
    ws, docx = built
    shown = _absorb(ws, docx)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "0 edit(s) absorbed into 0 data file(s)"


def test_refuses_a_stale_edition(built: tuple[Path, Path]) -> None:
    ws, docx = built
    doc = Document(str(docx))
    _plain_replace(_marked(doc, "objectives[1]", _sources(docx)), "discuss", "agree")
    doc.save(str(docx))
    visit = ws / f"data/visits/{PACK}.yaml"
    visit.write_text(visit.read_text() + "\n# edited since\n")
    before = {p: p.read_bytes() for p in (ws / "data").rglob("*.yaml")}
    shown = _absorb(ws, docx, "--apply")
    assert shown.returncode == 2
    lines = shown.stderr.strip().splitlines()
    assert len(lines) == 1 and "changed since" in lines[0] and "esa-illustrative.yaml" in lines[0]
    assert "rebuild" in lines[0] and "Traceback" not in shown.stderr
    assert before == {p: p.read_bytes() for p in (ws / "data").rglob("*.yaml")}


def test_refuses_a_foreign_docx(built: tuple[Path, Path]) -> None:
    ws, docx = built
    foreign = docx.parent / "foreign.docx"
    d = Document()
    d.add_paragraph("Not a brief.")
    d.save(str(foreign))
    shown = _absorb(ws, foreign, "--apply")
    assert shown.returncode == 2
    lines = shown.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a Word edition briefgen wrote" in lines[0]


def test_a_libreoffice_round_trip_keeps_the_edits(built: tuple[Path, Path], tmp_path: Path) -> None:
    ws, docx = built
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    sources = _sources(docx)
    doc = Document(str(docx))
    _tracked_replace(
        _marked(doc, "esa.yaml#overview[0].brief", sources), "close and productive", "close"
    )
    _plain_replace(_marked(doc, "objectives[1]", sources), "discuss", "agree")
    doc.save(str(docx))
    out = tmp_path / "lo"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--infilter=MS Word 2007 XML",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(docx),
        ],
        capture_output=True,
        timeout=300,
    )
    saved = out / docx.name
    assert saved.is_file(), "LibreOffice wrote no file"
    moved = docx.parent / "through-libreoffice.docx"
    shutil.copy(saved, moved)
    shown = _absorb(ws, moved)
    assert shown.returncode == 0, shown.stderr
    assert "2 edit(s) absorbed into 2 data file(s)" in shown.stdout
    assert "not absorbed" not in shown.stdout
    assert "describes as close. It covers" in shown.stdout
    assert '+  - "Illustrative example: agree cooperation on astronaut training."' in shown.stdout
