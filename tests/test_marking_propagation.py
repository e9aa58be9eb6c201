"""Markings propagate from a record to everything drawn from it: a partner's people, a
person in a delegation or as an attendee, the organisation's records, citations, the
changes section and tracked deletions.  A releasable edition holds nothing above its
ceiling, and a pack is marked the highest of everything it prints."""

from __future__ import annotations

import io
import json
import shutil
import warnings
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest

import briefgen
from briefgen import tree as t
from briefgen.build.render import render
from briefgen.compose.pack import make_pack
from briefgen.data.edition import Edition
from briefgen.markings import Marking
from conftest import ROOT

ESA_PEOPLE = ("Josef Aschbacher", "Rolf Densing")
OFFICIAL = Marking.parse("OFFICIAL")
SENSITIVE = Marking.parse("OFFICIAL: Sensitive")
PROTECTED = Marking.parse("PROTECTED")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def mark_partner(ws: Path, pid: str, marking: str) -> None:
    path = ws / "data" / "partners" / f"{pid}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"marking: '{marking}'\n{text}", encoding="utf-8")


def mark_person(ws: Path, file: str, pid: str, marking: str, indent: str = "    ") -> None:
    edit(ws / "data" / file, f"id: {pid}\n", f"id: {pid}\n{indent}marking: '{marking}'\n")


def text_of(path: Path) -> str:
    """Every text a reader or tool finds in a built file: a .docx's XML parts (body,
    headers, footers, notes, properties) and python-docx's reading of them, a PDF's pages
    and metadata, any other file as it is."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        meta = " ".join(str(v) for v in (reader.metadata or {}).values())
        return meta + " ".join(page.extract_text() for page in reader.pages)
    if path.suffix == ".docx":
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        for section in document.sections:
            for part in (section.header, section.footer):
                parts += [p.text for p in part.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts += [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
        return " ".join(parts)
    return data.decode("utf-8", errors="replace")


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    dest = tmp_path / "ws"
    shutil.copytree(ROOT / "data", dest / "data")
    return dest


def visit_text(ws: Path, ceiling: Marking | None) -> tuple[str, briefgen.Pack]:
    pack = make_pack(briefgen.load_workspace(ws), "esa-illustrative", ceiling)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return t.dump(pack.document), pack


# ---------------------------------------------------------------- releasable visit briefs


def test_a_withheld_partner_leaves_none_of_its_people_in_the_visit_brief(ws: Path) -> None:
    mark_partner(ws, "esa", "PROTECTED")
    full, pack = visit_text(ws, None)
    assert all(name in full for name in ESA_PEOPLE)  # not vacuous: the full edition names them
    assert pack.marking == PROTECTED
    released, pack = visit_text(ws, OFFICIAL)
    for name in ESA_PEOPLE:
        assert name not in released
    assert "Director General" not in released and "Director of Operations" not in released
    assert "inauguration of New Norcia-3" not in released  # their previous meetings
    assert not pack.marking.above(OFFICIAL)


def test_a_withheld_person_of_the_delegation_is_not_printed(ws: Path) -> None:
    mark_person(ws, "partners/esa.yaml", "rolf-densing", "PROTECTED")
    released, _ = visit_text(ws, SENSITIVE)
    assert "Rolf Densing" not in released and "Director of Operations" not in released
    assert "Josef Aschbacher" in released


def test_withheld_attendees_and_organisation_records_are_not_printed(ws: Path) -> None:
    mark_person(ws, "organisation.yaml", "katherine-bennell-pegg", "PROTECTED")
    mark_person(ws, "organisation.yaml", "enrico-palermo", "PROTECTED", indent="  ")
    edit(
        ws / "data/organisation.yaml",
        "  - text: >-\n      Our department recognises",
        "  - marking: PROTECTED\n    text: >-\n      Our department recognises",
    )
    full, pack = visit_text(ws, None)
    assert "Katherine Bennell-Pegg" in full and "The Australian Space Agency recognises" in full
    assert pack.marking == PROTECTED  # a full build is marked what it prints
    released, pack = visit_text(ws, SENSITIVE)
    assert "The Australian Space Agency recognises" not in released
    assert "Undertook astronaut training" not in released  # the attendee's biography
    for name in ("Katherine Bennell-Pegg", "Enrico Palermo"):
        # left out of the biographies, the program's attendees and the previous meetings
        # (whom ESA's people met); the only line still naming one is an ESA record the
        # background prints (the European Astronaut Centre, not marked)
        lines = [x for x in released.splitlines() if name in x]
        assert all("undertook astronaut training with ESA" in x for x in lines), lines
    assert pack.marking == SENSITIVE


def test_a_marked_organisation_paragraph_marks_every_pack_that_prints_it(ws: Path) -> None:
    edit(
        ws / "data/organisation.yaml",
        "  - text: >-\n      Our department recognises",
        "  - marking: 'OFFICIAL: Sensitive'\n    text: >-\n      Our department recognises",
    )
    pack = make_pack(briefgen.load_workspace(ws), "jp")
    assert pack.marking == SENSITIVE
    assert "portion='OFFICIAL: Sensitive'" in t.dump(pack.document)
    assert make_pack(briefgen.load_workspace(ws), "jp", OFFICIAL).marking == OFFICIAL


def test_a_person_takes_the_marking_of_the_partner_holding_them(ws: Path) -> None:
    mark_partner(ws, "esa", "OFFICIAL: Sensitive")
    pack = make_pack(briefgen.load_workspace(ws), "esa-illustrative")
    doc = pack.document
    marked = {
        b.portion
        for b in t.iter_blocks(doc.blocks)
        if isinstance(b, t.Paragraph) and "Josef Aschbacher" in t.plain_text(b.children)
    }
    assert marked == {"OFFICIAL: Sensitive"}
    assert "(OFFICIAL) Outcomes sought:" in t.plain_text(
        next(
            b.children
            for b in t.iter_blocks(t.with_portions(doc).blocks)
            if isinstance(b, t.Paragraph) and "Outcomes sought:" in t.plain_text(b.children)
        )
    )


def test_citations_take_the_marking_of_the_records_citing_them(ws: Path) -> None:
    edit(
        ws / "data/sources.yaml",
        "sources:\n",
        "sources:\n  - id: secret-source\n    title: Secret title\n    publisher: Someone\n"
        "    accessed: 2026-01-01\n",
    )
    edit(  # the paragraph's (the agency's name carries no marker)
        ws / "data/partners/nz.yaml",
        "partners.\n    sources: [",
        "partners.\n    marking: 'OFFICIAL: Sensitive'\n    sources: [secret-source, ",
    )
    doc = make_pack(briefgen.load_workspace(ws), "nz").document
    notes = {n.label: n for n in doc.footnotes}
    para = notes["secret-source"].blocks[0]
    assert isinstance(para, t.Paragraph) and para.portion == "OFFICIAL: Sensitive"
    assert {b.portion for n in doc.footnotes[1:] for b in n.blocks} - {None} <= {
        "OFFICIAL",
        "OFFICIAL: Sensitive",
    }


# ---------------------------------------------------------------- editions


def two_editions(tmp_path: Path, change: object) -> tuple[briefgen.Workspace, Edition]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "data", old / "data")
    shutil.copytree(ROOT / "data", new / "data")
    change(new)  # type: ignore[operator]
    return briefgen.load_workspace(new), Edition("test", "k", briefgen.load_workspace(old))


def test_a_record_marked_above_the_ceiling_since_is_no_deletion(tmp_path: Path) -> None:
    def protect(ws: Path) -> None:
        edit(
            ws / "data/partners/jp.yaml",
            "  - name: Woomera Prohibited Area\n",
            "  - name: Woomera Prohibited Area\n    marking: PROTECTED\n",
        )

    ws, since = two_editions(tmp_path, protect)
    full = make_pack(ws, "jp", since=since)
    assert any("Woomera" in c.sentence() for c in full.changes)  # told in the full edition
    released = make_pack(ws, "jp", SENSITIVE, since=since)
    assert not any("Woomera" in c.sentence() for c in released.changes)
    dumped = t.dump(released.document)
    plain = make_pack(ws, "jp", SENSITIVE)  # the same edition without --since
    assert "Woomera Prohibited Area'" not in dumped  # the facility's name, deleted or listed
    assert dumped.count("Woomera") == t.dump(plain.document).count("Woomera")  # other text

    def in_word(pack: Any, name: str) -> int:
        data = render(pack, "docx").data
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read("word/document.xml").decode().count("Woomera")

    assert in_word(released, "since.docx") == in_word(plain, "plain.docx")


def test_a_partner_marked_above_the_ceiling_since_is_not_told_as_removed(
    tmp_path: Path,
) -> None:
    ws, since = two_editions(tmp_path, lambda w: mark_partner(w, "esa", "PROTECTED"))
    released = make_pack(ws, "europe", OFFICIAL, since=since)
    assert not any("European Space Agency" in c.sentence() for c in released.changes)
    assert "European Space Agency" not in t.dump(released.document)


# ---------------------------------------------------------------- defaults and warnings


def test_sensitivities_and_if_raised_points_are_sensitive_unless_marked(ws: Path) -> None:
    visit = briefgen.load_workspace(ws).visits["esa-illustrative"]
    assert {m.marking for m in visit.sensitivities} == {SENSITIVE}
    assert {m.marking for m in visit.if_raised} == {SENSITIVE}
    released, _ = visit_text(ws, OFFICIAL)
    assert "Sensitivities" not in released and "handling note" not in released


def test_a_kept_line_naming_something_withheld_is_a_warning(ws: Path) -> None:
    mark_person(ws, "partners/esa.yaml", "rolf-densing", "PROTECTED")
    edit(
        ws / "data/visits/esa-illustrative.yaml",
        "Illustrative example: ESA seeks a timetable",
        "Rolf Densing seeks a timetable",
    )
    pack = make_pack(briefgen.load_workspace(ws), "esa-illustrative", SENSITIVE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pack.document  # noqa: B018
    said = [str(w.message) for w in caught]
    assert any("their_objectives[0].text names 'Rolf Densing'" in s for s in said), said


# ---------------------------------------------------------------- the done-when


def test_a_releasable_build_with_esa_protected_names_no_esa_person_in_any_pack(
    ws: Path, tmp_path: Path
) -> None:
    mark_partner(ws, "esa", "PROTECTED")
    out = tmp_path / "out"
    report = briefgen.load_workspace(ws).build(out, jobs=1, max_marking="OFFICIAL")
    assert report.exit_code == 0, [r.error for r in report.failed]
    packs = [p for p in sorted(out.rglob("*")) if p.suffix in (".docx", ".pdf")]
    assert any(p.name.startswith("esa-illustrative") for p in packs)
    for path in packs:
        text = " ".join(text_of(path).split())
        for name in ESA_PEOPLE:
            assert name not in text, (path.name, name)


def test_a_releasable_build_with_esa_protected_names_no_esa_person_in_any_file(
    ws: Path, tmp_path: Path
) -> None:
    mark_partner(ws, "esa", "PROTECTED")
    out = tmp_path / "out"
    report = briefgen.load_workspace(ws).build(out, jobs=1, max_marking="OFFICIAL")
    assert report.exit_code == 0
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = text_of(path)
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        for name in ESA_PEOPLE:
            assert name not in text, (path.name, name)
